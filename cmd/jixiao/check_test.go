package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/report/docx"
)

func TestCheckReference(t *testing.T) {
	out, errs, status := runCLI(t, "check", reference)
	if status != 1 {
		t.Fatalf("status %d, want 1 (error-level findings): %s", status, errs)
	}
	for _, want := range []string{
		"错误 1 项，警告 11 项，提示 3 项",
		"错误（1）\n  【预算收支】\n  B01 收入明细之和与收入合计不符  预算收支 › 决算 › 收入",
		"位置：../../examples/shijiazhuang-2024.yaml:89:5 budget.final.income",
		"警告（11）",
		"P01 高等级而预算执行率低",
		"提示（3）",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour escapes written to a non-terminal")
	}
}

func TestCheckJSON(t *testing.T) {
	out, _, status := runCLI(t, "check", reference, "--format", "json")
	if status != 1 {
		t.Fatalf("status %d", status)
	}
	var r struct {
		Summary  map[string]int `json:"summary"`
		Findings []struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Location struct {
				Path   string `json:"path"`
				Where  string `json:"where"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"location"`
			Message string `json:"message"`
			Numbers []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"numbers"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.Summary["error"] != 1 || r.Summary["warning"] != 11 || r.Summary["info"] != 3 || len(r.Findings) != 15 {
		t.Errorf("summary %v, %d findings", r.Summary, len(r.Findings))
	}
	f := r.Findings[0]
	if f.Code != "B01" || f.Severity != "error" || f.Location.Path != "budget.final.income" || f.Location.Line != 89 ||
		len(f.Numbers) != 3 || f.Numbers[0].Value != "140989.08" || f.Numbers[1].Value != "141981.96" {
		t.Errorf("first finding %+v", f)
	}
}

func TestCheckExitStatus(t *testing.T) {
	if _, errs, status := runCLI(t, "check", "../../examples/project-farmland-2024.yaml"); status != 0 {
		t.Errorf("clean case: status %d %s", status, errs)
	}
	out, _, status := runCLI(t, "check", "../../examples/project-training-2024.yaml")
	if status != 0 || !strings.Contains(out, "提示（2）") {
		t.Errorf("info only: status %d\n%s", status, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("subject: project\nyear: x\n"), 0o644)
	_, errs, status := runCLI(t, "check", bad)
	if status != 2 || !strings.Contains(errs, "bad.yaml:2:7: 字段 year（评价年度）：应为整数") {
		t.Errorf("unreadable: status %d %s", status, errs)
	}
	// A case the rulebook cannot score is still checked: S01, status 1.
	unscorable := filepath.Join(t.TempDir(), "u.yaml")
	os.WriteFile(unscorable, []byte("subject: project\nyear: 2024\norg: {name: x}\nprojects:\n  - name: p\n    indicators:\n      - {level1: 投入, name: a, target: 1, actual: 1}\n"), 0o644)
	out, _, status = runCLI(t, "check", unscorable)
	if status != 1 || !strings.Contains(out, "S01 无法按规则计分") || !strings.Contains(out, "u.yaml:7:10 projects[0].indicators[0].level1") {
		t.Errorf("unscorable: status %d\n%s", status, out)
	}
}

// TestWorkbookMessagesWithoutFieldPaths: a case read from a workbook has
// no lines to point at, so neither a scoring refusal nor the check report
// shows internal field paths (projects[0]…); they name the file and the
// indicator.
func TestWorkbookMessagesWithoutFieldPaths(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "project-clinic-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(src), "level1: 产出指标\n        level2: 质量指标", "level1: 投入指标\n        level2: 质量指标", 1)
	if bad == string(src) {
		t.Fatal("example changed: no 质量指标 row to edit")
	}
	yml, book := filepath.Join(dir, "case.yaml"), filepath.Join(dir, "诊所设备.xlsx")
	if err := os.WriteFile(yml, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, status := runCLI(t, "convert", yml, book); status != 0 {
		t.Fatalf("convert: %d %s", status, errs)
	}
	_, errs, status := runCLI(t, "eval", book)
	if status != 2 || !strings.Contains(errs, "诊所设备.xlsx：一级指标“投入指标”不在评分规则") || strings.Contains(errs, "projects[") || strings.Contains(errs, dir) {
		t.Errorf("eval: status %d\n%s", status, errs)
	}
	out, _, _ := runCLI(t, "check", book)
	if !strings.Contains(out, "投入指标") || strings.Contains(out, "位置：projects[") {
		t.Errorf("check:\n%s", out)
	}
	// A YAML case still points at its lines.
	out, _, _ = runCLI(t, "check", yml)
	if !strings.Contains(out, "case.yaml:") {
		t.Errorf("check of the YAML case lost its positions:\n%s", out)
	}
}

// jixiao check --report writes the 核查报告 beside the findings it prints;
// the report the unit submits (jixiao report) holds none of them, with or
// without the old --no-findings.
func TestCheckReportFile(t *testing.T) {
	dir := t.TempDir()
	review := filepath.Join(dir, "核查报告.docx")
	out, errs, status := runCLI(t, "check", reference, "--report", review)
	if status != 1 || !strings.Contains(errs, "已生成核查报告 "+review) || !strings.Contains(out, "B01 收入明细之和与收入合计不符") {
		t.Fatalf("status %d: %s", status, errs)
	}
	text := func(path string) string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, p := range ps {
			b.WriteString(p.Text + "\n")
		}
		return b.String()
	}
	got := text(review)
	for _, want := range []string{
		"石家庄市自然资源和规划局\n2024年度部门整体支出绩效自评核查报告\n",
		"共发现15条：错误1条，警告11条，提示3条。",
		"1.B01 收入明细之和与收入合计不符\n位置：预算收支 › 决算 › 收入\n说明：决算各项收入之和140989.08万元 ≠ 决算收入合计141981.96万元",
		"P01 高等级而预算执行率低",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("check report lacks %q:\n%.2000s", want, got)
		}
	}
	for _, args := range [][]string{{}, {"--no-findings"}} {
		sub := filepath.Join(dir, "报告.docx")
		if _, errs, status := runCLI(t, append([]string{"report", reference, "-o", sub}, args...)...); status != 0 {
			t.Fatalf("report %v: %d %s", args, status, errs)
		}
		if got := text(sub); strings.Contains(got, "140989.08万元 ≠") || strings.Contains(got, "数据核查") || strings.Contains(got, "B01") {
			t.Errorf("report %v holds findings", args)
		}
	}
	_, errs, status = runCLI(t, "check", reference, "--report", filepath.Join(dir, "r.odt"))
	if status != 2 || !strings.Contains(errs, "核查报告“"+filepath.Join(dir, "r.odt")+"”的扩展名应为 .docx、.html 或 .pdf") {
		t.Errorf("odt: %d %s", status, errs)
	}
}
