package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/sqlstore"
)

// verdict is what a user compares between two copies of a case: the
// scorecard and the findings, as JSON.
func verdict(t *testing.T, path string) string {
	t.Helper()
	f, err := caseio.Load(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	rb, err := rulebook.Load(f.Evaluation.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(scoring.ToJSON(sc))
	rep := check.Report{Rulebook: rb, Findings: check.Check(check.Input{Evaluation: f.Evaluation, Rulebook: rb, Scorecard: sc})}
	json.NewEncoder(&buf).Encode(rep.ToJSON())
	return buf.String()
}

// TestImportExportRoundTrip imports every example, exports it, imports the
// export into a second database and exports again: the scorecard and the
// findings stay the same at every step, and the second export equals the
// first.
func TestImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	examples, _ := filepath.Glob("../../examples/*.yaml")
	if len(examples) < 4 {
		t.Fatalf("examples: %v", examples)
	}
	for _, ext := range []string{"yaml", "json"} {
		for _, ex := range examples {
			name := strings.TrimSuffix(filepath.Base(ex), ".yaml")
			t.Run(name+"."+ext, func(t *testing.T) {
				f, err := caseio.Load(ex)
				if err != nil {
					t.Fatal(err)
				}
				ev := f.Evaluation
				exportArgs := func(db, out string) []string {
					args := []string{"export", ev.Org.Name, fmt.Sprint(ev.Year), "-o", out, "--db", db, "--subject", string(ev.Subject)}
					if ev.Subject == jixiao.SubjectProject {
						args = append(args, "--project", ev.Projects[0].Name)
					}
					return args
				}
				out1, out2 := filepath.Join(dir, name+"-1."+ext), filepath.Join(dir, name+"-2."+ext)
				for _, step := range [][]string{
					{"import", ex, "--db", db1, "--replace", "--init"},
					exportArgs(db1, out1),
					{"import", out1, "--db", db2, "--replace", "--init"},
					exportArgs(db2, out2),
				} {
					if _, errs, status := runCLI(t, step...); status != 0 {
						t.Fatalf("%v: status %d: %s", step, status, errs)
					}
				}
				want := verdict(t, ex)
				for _, out := range []string{out1, out2} {
					if got := verdict(t, out); got != want {
						t.Errorf("%s scores or checks differently from %s:\n%s\nwant\n%s", out, ex, got, want)
					}
				}
				a, _ := os.ReadFile(out1)
				b, _ := os.ReadFile(out2)
				if !bytes.Equal(a, b) {
					t.Errorf("second export differs from the first")
				}
			})
		}
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jixiao.db")
	if _, errs, status := runCLI(t, "import", reference, "--db", db, "--init"); status != 0 {
		t.Fatal(errs)
	}
	bad := filepath.Join(dir, "bad.yaml")
	data, _ := os.ReadFile(reference)
	os.WriteFile(bad, bytes.Replace(data, []byte("year: 2024"), []byte("year: 二〇二四"), 1), 0o644)
	_, errs, status := runCLI(t, "import", bad, "--db", db)
	if status != exitInput || !strings.Contains(errs, "bad.yaml:") {
		t.Errorf("bad case: status %d: %s", status, errs)
	}
	// Importing the same case again is refused without --replace.
	_, errs, status = runCLI(t, "import", reference, "--db", db)
	if status != exitInput || !strings.Contains(errs, "已存在") || !strings.Contains(errs, "替换") {
		t.Errorf("duplicate import: status %d: %s", status, errs)
	}
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	infos, n, err := s.ListEvaluations(context.Background(), jixiao.EvaluationFilter{Limit: 10})
	if err != nil || n != 1 || infos[0].Version != 1 {
		t.Errorf("after failed imports: %d evaluations (%v), first %+v", n, err, infos)
	}
	_, errs, status = runCLI(t, "export", "没有这个单位", "2024", "-o", filepath.Join(dir, "x.yaml"), "--db", db)
	if status != exitInput || !strings.Contains(errs, "没有这个单位") {
		t.Errorf("export of an unknown organisation: %d %s", status, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.yaml")); err == nil {
		t.Error("a failed export wrote its file")
	}
}

func TestUserAndOrgCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "jixiao.db")
	t.Setenv(EnvPassword, "first-password")
	for _, args := range [][]string{
		{"org", "add", "130100", "石家庄市财政局", "--kind", "bureau", "--init"},
		{"org", "add", "130100-001", "石家庄市自然资源和规划局", "--parent", "130100"},
		{"user", "add", "zhang", "--role", "preparer", "--org", "130100-001", "--name", "张三"},
		{"user", "add", "li", "--role", "reviewer", "--org", "石家庄市财政局"},
		{"user", "add", "pingjia", "--role", "evaluator", "--assign", "130100-001"},
	} {
		if out, errs, status := runCLI(t, append(args, "--db", db)...); status != 0 || !strings.Contains(out, "已新建") {
			t.Fatalf("%v: %d %s %s", args, status, out, errs)
		}
	}
	out, _, _ := runCLI(t, "user", "list", "--db", db)
	for _, want := range []string{"zhang", "张三", "填报人", "石家庄市自然资源和规划局", "li", "财政复核", "pingjia", "指派：石家庄市自然资源和规划局"} {
		if !strings.Contains(out, want) {
			t.Errorf("user list lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "org", "list", "--db", db)
	if !strings.Contains(out, "上级：石家庄市财政局") {
		t.Errorf("org list:\n%s", out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", "wang", "--role", "boss"}, "角色“boss”无效"},
		{[]string{"user", "add", "zhang", "--role", "auditor"}, "已存在"},
		{[]string{"user", "add", "zhao", "--role", "preparer", "--org", "没有的单位"}, "没有的单位"},
		{[]string{"org", "add", "130100", "重复", "--kind", "bureau"}, "已存在"},
		{[]string{"org", "add", "X1", "某", "--kind", "company"}, "单位类型"},
	} {
		if _, errs, status := runCLI(t, append(c.args, "--db", db)...); status == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: status %d, %s (want %q)", c.args, status, errs, c.want)
		}
	}
	t.Setenv(EnvPassword, "short")
	if _, errs, status := runCLI(t, "user", "passwd", "zhang", "--db", db); status == 0 || !strings.Contains(errs, "至少需要10个字符") {
		t.Errorf("short password: %d %s", status, errs)
	}
	t.Setenv(EnvPassword, "second-password")
	if _, errs, status := runCLI(t, "user", "passwd", "zhang", "--db", db); status != 0 {
		t.Fatalf("passwd: %s", errs)
	}
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, hash, err := s.UserByName(context.Background(), "zhang")
	if err != nil || !auth.Verify("second-password", hash) || auth.Verify("first-password", hash) || !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("password of %v after passwd: %v", u, err)
	}
}

// TestConvertRoundTrip converts every example to a workbook and back: the
// same scorecard and findings, and the workbook itself scores and checks
// the same.
func TestConvertRoundTrip(t *testing.T) {
	dir := t.TempDir()
	examples, _ := filepath.Glob("../../examples/*.yaml")
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".yaml")
		book, back := filepath.Join(dir, name+".xlsx"), filepath.Join(dir, name+".json")
		for _, step := range [][]string{{"convert", ex, book}, {"convert", book, back}} {
			if _, errs, status := runCLI(t, step...); status != 0 {
				t.Fatalf("%v: %d %s", step, status, errs)
			}
		}
		if verdict(t, back) != verdict(t, ex) {
			t.Errorf("%s: YAML → XLSX → JSON scores or checks differently", name)
		}
		a, _, _ := runCLI(t, "eval", ex, "--format", "json")
		b, _, _ := runCLI(t, "eval", book, "--format", "json")
		if a != b {
			t.Errorf("%s: the workbook scores differently from the case file", name)
		}
	}
	if _, errs, status := runCLI(t, "convert", examples[0], filepath.Join(dir, "x.docx")); status != exitInput || !strings.Contains(errs, ".xlsx") {
		t.Errorf("unknown output: %d %s", status, errs)
	}
}

// TestTemplateFilledAndImported writes a blank template, fills it as a
// department would, and imports it into the database.
func TestTemplateFilledAndImported(t *testing.T) {
	dir := t.TempDir()
	tpl, db := filepath.Join(dir, "模板.xlsx"), filepath.Join(dir, "jixiao.db")
	if out, errs, status := runCLI(t, "template", "--subject", "project", "--year", "2025", "-o", tpl); status != 0 || !strings.Contains(out, "已生成空白模板") {
		t.Fatalf("template: %d %s", status, errs)
	}
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	sh := "项目支出绩效自评表"
	for cell, v := range map[string]any{"B3": "社区养老服务项目", "B4": "某区民政局", "H4": "某区养老服务中心", "D6": 100, "E6": 100, "F6": 95,
		"B13": "产出指标", "C13": "数量指标", "D13": "服务老人人数", "F13": "≥500人", "H13": "520人", "I13": 50,
		"B14": "效益指标", "C14": "社会效益指标", "D14": "老人生活质量改善", "E14": "定性", "F14": "明显改善", "H14": "有所改善", "I14": 30, "K14": "部分达成年度指标并具有一定效果",
		"B15": "满意度指标", "C15": "服务对象满意度指标", "D15": "老人满意度", "F15": "≥90%", "H15": "95%", "I15": 10} {
		f.SetCellValue(sh, cell, v)
	}
	filled := filepath.Join(dir, "填好的.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	out, errs, status := runCLI(t, "eval", filled)
	if status != 0 || !strings.Contains(out, "社区养老服务项目") {
		t.Fatalf("eval of the filled template: %d %s %s", status, out, errs)
	}
	if _, errs, status := runCLI(t, "import", filled, "--db", db, "--init"); status != 0 {
		t.Fatalf("import: %s", errs)
	}
	if _, errs, status := runCLI(t, "import", filled, "--db", db); status != exitInput || !strings.Contains(errs, "已存在") {
		t.Errorf("second import: %d %s", status, errs)
	}
	// A mistake: nothing is imported, the cell is named.
	f.SetCellValue(sh, "I15", "十分")
	f.SetCellValue(sh, "B3", "另一个项目")
	bad := filepath.Join(dir, "错的.xlsx")
	f.SaveAs(bad)
	_, errs, status = runCLI(t, "import", bad, "--db", db)
	if status != exitInput || !strings.Contains(errs, "项目支出绩效自评表!I15") {
		t.Errorf("bad table: %d %s", status, errs)
	}
	s, _ := sqlstore.Open(context.Background(), db)
	defer s.Close()
	if _, n, _ := s.ListEvaluations(context.Background(), jixiao.EvaluationFilter{Limit: 10}); n != 1 {
		t.Errorf("%d evaluations stored, want 1", n)
	}
}

// TestDepartmentTableWithoutRulebook scores a filled department template:
// tables name no rulebook, the one for sub-goals is chosen.
func TestDepartmentTableWithoutRulebook(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "部门.xlsx")
	if _, errs, status := runCLI(t, "template", "--subject", "department", "--year", "2025", "-o", tpl); status != 0 {
		t.Fatal(errs)
	}
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	sh := "部门整体支出绩效自评表"
	for cell, v := range map[string]any{"B3": "某区民政局", "C20": "救助保障", "G20": 60, "C21": "养老服务", "G21": 40, "H21": 2, "I21": "养老床位建设滞后"} {
		f.SetCellValue(sh, cell, v)
	}
	f.SaveAs(tpl)
	out, errs, status := runCLI(t, "eval", tpl)
	if status != 0 || !strings.Contains(out, "shijiazhuang-2024") || !strings.Contains(out, "98.00") {
		t.Errorf("eval: %d %s %s", status, out, errs)
	}
}
