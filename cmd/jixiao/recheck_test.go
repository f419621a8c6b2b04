package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/report/docx"
	"jixiao/internal/xlsxio"
)

const recheckExamples = "../../examples/recheck/"

func TestSampleDrawReproducible(t *testing.T) {
	args := []string{"sample", "draw", recheckExamples + "roster.yaml", "--seed", "20250315", "--by", "金额", "--size", "6", "--include", "学生资助"}
	out, errs, status := runCLI(t, args...)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	again, _, _ := runCLI(t, args...)
	if out != again {
		t.Fatal("the same seed gave another output")
	}
	for _, want := range []string{
		"抽样方法：按金额分层抽样（按比例分配）\n随机种子：20250315\n名单：21 项，摘要 sha256:715f47af86cb3d5e3b796762840010dac4f269e76652f3a2e637d34928f93d6b\n样本：6 项，其中指定 1 项",
		"  不足100万元：名单 4 项，抽取 1 项\n",
		"  1000万元及以上：名单 6 项，抽取 2 项\n",
		"1\t市教育局\t学生资助\t2350.6\t95\t优\t指定\n",
		"2\t市教育局\t教师培训\t86.4\t84\t良\t分层抽取：不足100万元\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	other, _, _ := runCLI(t, "sample", "draw", recheckExamples+"roster.yaml", "--seed", "20250316", "--by", "金额", "--size", "6", "--include", "学生资助")
	if other == out {
		t.Error("another seed gave the same sample")
	}
}

// The same roster as a workbook (amounts in 元) gives the same sample as
// the YAML: same digest, same items.
func TestSampleDrawXLSX(t *testing.T) {
	out, errs, status := runCLI(t, "sample", "draw", recheckExamples+"roster.yaml", "--seed", "9", "--size", "21", "--format", "json")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	var all struct {
		Digest string
		Items  []struct {
			Unit, Project, Grade string
			Amount, Score        json.Number
		}
	}
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	rows := [][]any{{"单位", "项目名称", "预算金额（元）", "自评得分", "自评等级"}}
	for _, it := range all.Items {
		rows = append(rows, []any{it.Unit, it.Project, jixiao.Dec(it.Amount.String()).Shift(4).String(), it.Score.String(), it.Grade})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "名单.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	fromYAML, _, _ := runCLI(t, "sample", "draw", recheckExamples+"roster.yaml", "--seed", "77", "--by", "等级", "--size", "5")
	fromXLSX, errs, status := runCLI(t, "sample", "draw", p, "--seed", "77", "--by", "等级", "--size", "5")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	if fromXLSX != fromYAML {
		t.Errorf("XLSX roster gave\n%s\nYAML roster gave\n%s", fromXLSX, fromYAML)
	}
}

func TestSampleDrawRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--seed", "1", "--by", "地区"}, "分层方式“地区”不支持"},
		{[]string{"--seed", "1", "--size", "30"}, "抽取数量 30 超过名单中的 21 项"},
		{[]string{"--seed", "1", "--include", "不存在的项目"}, "指定的项目“不存在的项目”不在名单中"},
		{[]string{"--seed", "1", "--by", "等级", "--size", "2"}, "少于有项目的层数 4"},
		{[]string{}, "须给出随机种子"},
		{[]string{"--seed=-3"}, "随机种子“-3”应为 0 到 18446744073709551615 之间的整数"},
	} {
		_, errs, status := runCLI(t, append([]string{"sample", "draw", recheckExamples + "roster.yaml"}, tc.args...)...)
		if status != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: status %d, %s", tc.args, status, errs)
		}
	}
	bad := filepath.Join(t.TempDir(), "名单.yaml")
	os.WriteFile(bad, []byte("submissions:\n  - {unit: 甲, project: A, amount: -5, score: 90, grade: 优}\n"), 0o644)
	_, errs, status := runCLI(t, "sample", "draw", bad, "--seed", "1")
	if status != 2 || !strings.Contains(errs, "名单.yaml:2:27: 字段 submissions[0].amount（金额（万元））：金额不能为负数") {
		t.Errorf("status %d: %s", status, errs)
	}
}

func TestSampleDeviation(t *testing.T) {
	out, errs, status := runCLI(t, "sample", "deviation", recheckExamples+"recheck.yaml")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{
		"市教育局\t校舍维修改造\t91.50\t优\t82.50\t良\t−9.00\t降低\n",
		"市教育局／校舍维修改造：复核得分 82.50 − 自评得分 91.50 = −9.00 分，等级由优降为良\n",
		"  预算执行率（10分）：复核得分 8.50 − 自评得分 10.00 = −1.50 分；理由：执行率按决算数计为85%",
		"市农业农村局／农村人居环境整治：复核得分 64.00 − 自评得分 58.00 = 6.00 分，等级由差升为中\n",
		"  市农业农村局：复核 2 个项目，偏差合计 4.00 分，平均 2.00 分；等级降低 0 个，提高 1 个\n",
		"总体：共复核 2 个单位的 3 个项目：平均偏差 −1.67 分，平均绝对偏差 5.67 分；等级降低 1 个，提高 1 个，不变 1 个\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRectifyList(t *testing.T) {
	out, errs, status := runCLI(t, "rectify", "list", recheckExamples+"rectify.yaml", "--year", "2025")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{
		"  2023年度整改事项2项，已完成1项，尚未完成1项\n  2024年度整改事项4项，已完成2项，尚未完成2项\n",
		"以前年度尚未完成、转入2025年度继续整改的事项（3项）：",
		"ZG2023-01\t2023\t市教育局\t智慧校园建设\t绩效指标未细化到三级指标\t自评\t财务科\t按共性指标框架细化三级指标\t2024-06-30\t通知，已逾期\t—\n",
		"ZG2024-03\t2024\t市农业农村局\t农村人居环境整治\t预算执行率低于60%\t监控预警\t计划财务科\t加快项目验收和资金拨付\t2025-03-31\t退回（拨付进度表未盖章），已逾期\t拨付进度表\n",
		"2025年度整改事项1项，已完成0项，尚未完成1项：",
		"ZG2025-01\t2025",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ZG2024-01") {
		t.Error("a confirmed item was carried over")
	}
	// Without --year: the latest year in the file.
	latest, _, _ := runCLI(t, "rectify", "list", recheckExamples+"rectify.yaml")
	if latest != out {
		t.Error("the default year is not the latest")
	}
}

func TestResultsApply(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "结果应用表.xlsx")
	out, errs, status := runCLI(t, "results", "apply", recheckExamples+"results.yaml", "-o", p)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	// 6 projects: 1300 + 2400 + 650 + 800 + 960 + 100 = 6210 proposed;
	// suggested 1300 + 2400 + 585 + 720 + 960 + 0 = 5965; final
	// 1300 + 2400 + 560 + 720 + 960 + 0 = 5940.
	want := "2024年度评价结果应用于2025年度预算：共 6 个项目，财政局已决定 3 个；优先保障 1 个（2400.00 万元），保障 1 个（1300.00 万元），压缩 3 个（2144.00 万元），取消 1 个（0.00 万元）。拟安排 6210.00 万元，建议安排 5869.00 万元，安排（已决定的按决定，其余按建议）5844.00 万元，调减 366.00 万元，调增 0.00 万元。拟安排 6210.00 = 保留 5844.00 + 调剂 60.00 + 收回 306.00；安排 5844.00 = 保留 5844.00 + 调增 0.00（单位：万元）。\n"
	if out != want {
		t.Errorf("summary\n%s\nwant\n%s", out, want)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsxio.SheetApplication)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[6][:14], "|"); got != "4|市农业农村局|农村人居环境整治|64.00|中|—|—|800.00|压缩|720.00|等级为中：压缩 10%，800.00 × (1 − 10%) = 720.00|未决定|—|-80.00" {
		t.Errorf("row 7: %s", got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", filepath.Join(dir, "表.docx")}, "应为 .xlsx 文件"},
		{[]string{"-o", p, "--rules", "sichuan-2099"}, "找不到结果应用规则“sichuan-2099”"},
	} {
		_, errs, status := runCLI(t, append([]string{"results", "apply", recheckExamples + "results.yaml"}, tc.args...)...)
		if status != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: status %d, %s", tc.args, status, errs)
		}
	}
}

// TestResultsReport writes the results-application report from the file
// results apply reads, reads the DOCX back, and refuses a bad results
// file and a bad extension with Chinese messages.
func TestResultsReport(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "结果应用报告.docx")
	out, errs, status := runCLI(t, "results", "report", recheckExamples+"results.yaml", "-o", p)
	if status != 0 || !strings.HasPrefix(out, "2024年度评价结果应用于2025年度预算：共 6 个项目") || !strings.Contains(errs, "已生成结果应用报告") {
		t.Fatalf("status %d: %s %s", status, out, errs)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, para := range ps {
		text = append(text, para.Text)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"2024年度6个项目的评价结果应用于2025年度预算", "农村人居环境整治", "市农业农村局"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q:\n%s", want, all)
		}
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("year: 2024\nprojects:\n  - {unit: 市农业农村局, project: 农村人居环境整治, grade: 中, amount: 八百}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{bad, "-o", p}, "bad.yaml"},
		{[]string{recheckExamples + "results.yaml", "-o", filepath.Join(dir, "报告.xlsx")}, "结果应用报告“"},
	} {
		_, errs, status := runCLI(t, append([]string{"results", "report"}, tc.args...)...)
		if status != exitInput || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: status %d, %s", tc.args, status, errs)
		}
	}
}

// TestSampleDepartment computes a department's evaluation of its own
// projects from the example file: the deviation in the output, the
// workbook's two sheets and the report's text carry the same numbers; a
// file of two departments, of too many projects, or a wrong extension is
// refused in Chinese and nothing is written.
func TestSampleDepartment(t *testing.T) {
	dir := t.TempDir()
	file := recheckExamples + "department.yaml"
	out, errs, status := runCLI(t, "sample", "department", file)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{
		"市农业农村局2024年度部门评价偏差（等级按评分规则“项目支出绩效自评（财预〔2020〕10号）”",
		"农村人居环境整治\t58.00\t差\t64.00\t中\t6.00\t提高\n",
		"农机购置补贴\t93.00\t优\t91.00\t优\t−2.00\t不变\n",
		"  产出指标（50分）：部门评价得分 45 − 自评得分 47 = −2 分；理由：补贴机具核验数少于自评所列\n",
		"总体：共评价 2 个项目：平均偏差 2.00 分，平均绝对偏差 4.00 分；等级降低 0 个，提高 1 个，不变 1 个\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "预算执行率（10分）") {
		t.Errorf("an item without deviation is listed:\n%s", out)
	}

	xp := filepath.Join(dir, "部门评价.xlsx")
	if _, errs, status := runCLI(t, "sample", "department", file, "-o", xp); status != 0 || !strings.Contains(errs, "已写出部门评价偏差表") {
		t.Fatalf("status %d: %s", status, errs)
	}
	f, err := excelize.OpenFile(xp)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsxio.SheetOwnProjects)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 6 || rows[0][0] != "市农业农村局2024年度部门评价偏差表" || strings.Join(rows[2], "|") != strings.Join(xlsxio.OwnProjectHeaders, "|") ||
		strings.Join(rows[3], "|") != "1|市农业农村局|农村人居环境整治|58.00|差|64.00|中|6.00|提高" ||
		strings.Join(rows[4], "|") != "2|市农业农村局|农机购置补贴|93.00|优|91.00|优|-2.00|不变" ||
		!strings.HasPrefix(rows[5][0], "共评价 2 个项目：平均偏差 2.00 分，平均绝对偏差 4.00 分") {
		t.Errorf("projects sheet %q", rows)
	}
	items, err := f.GetRows(xlsxio.SheetOwnItems)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3+8 || strings.Join(items[4], "|") != "2|农村人居环境整治|产出指标|50|30.00|33.00|3.00|自评漏计已验收的改厕数量" ||
		strings.Join(items[3], "|") != "1|农村人居环境整治|预算执行率|10|6.00|6.00|0.00" {
		t.Errorf("items sheet %q", items)
	}

	dp := filepath.Join(dir, "部门评价.docx")
	if _, errs, status := runCLI(t, "sample", "department", file, "-o", dp); status != 0 || !strings.Contains(errs, "已写出部门评价报告") {
		t.Fatalf("status %d: %s", status, errs)
	}
	data, err := os.ReadFile(dp)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, para := range ps {
		text = append(text, para.Text)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"2024年度部门评价偏差情况", "市农业农村局自行选择本部门2024年度已提交自评的2个项目",
		"共评价2个项目：部门评价得分与自评得分的平均偏差2.00分，平均绝对偏差4.00分；等级降低0个，提高1个，不变1个。"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q:\n%s", want, all)
		}
	}

	many := "year: 2024\nprojects:\n"
	for i := range jixiao.MaxOwnEvaluations + 1 {
		many += fmt.Sprintf("  - {unit: 市农业农村局, project: 项目%d, items: [{name: 产出指标, weight: 100, self: 90, recheck: 90}]}\n", i)
	}
	manyFile := filepath.Join(dir, "many.yaml")
	if err := os.WriteFile(manyFile, []byte(many), 0o600); err != nil {
		t.Fatal(err)
	}
	refused := filepath.Join(dir, "refused.xlsx")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{recheckExamples + "recheck.yaml", "-o", refused}, "projects[1].unit：部门评价只评价本部门的项目：第 1 个项目的单位为“市教育局”，本项为“市农业农村局”"},
		{[]string{manyFile, "-o", refused}, "projects：部门评价有 51 个项目，一次至多 50 个"},
		{[]string{file, "-o", filepath.Join(dir, "偏差.csv")}, "部门评价的输出文件“" + filepath.Join(dir, "偏差.csv") + "”的扩展名应为 .xlsx（偏差表）或 .docx、.html、.pdf（报告）"},
	} {
		_, errs, status := runCLI(t, append([]string{"sample", "department"}, tc.args...)...)
		if status != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: status %d, %s; want %q", tc.args, status, errs, tc.want)
		}
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Errorf("a refused file wrote %s (%v)", refused, err)
	}
}
