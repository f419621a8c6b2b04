package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/monitoring"
	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

const monitorExample = "../../examples/monitoring/2026-07.yaml"

func TestMonitorCheckExample(t *testing.T) {
	out, errs, status := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31")
	if status != exitFindings {
		t.Fatalf("status %d (red warnings want 1): %s", status, errs)
	}
	for _, want := range []string{
		"某县交通运输局 2026年1—7月绩效运行监控（数据截至2026年7月31日，时间进度 58.33%）",
		"预警 9 条（红色 3 条，黄色 6 条）：",
		"【红色预警】M01 执行率低于节点要求 · 项目“农村公路养护”\n    执行率 38.20% = 382.00 ÷ 1,000.00 万元，低于6月底的40%",
		"依据：川财绩〔2025〕10号（二手摘要）：6月底执行率低于40%",
		"部门整体：已逾期（已升级）",
		"农村公路养护：已处置",
		"公路桥梁检测：逾期后处置（已升级）",
		"须在10个工作日内（2026年8月24日及以前）处置",
		"逾期未处置或逾期后处置、已升级处理的共 2 项。",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "注意：") {
		t.Errorf("2026 is in the built-in calendar:\n%s", out)
	}

	// The same round as a workbook gives the same output.
	r, err := monitoring.ReadRound(monitorExample)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteMonitor(&buf, r); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "监控表.xlsx")
	if err := os.WriteFile(book, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out2, errs, status := runCLI(t, "monitor", "check", book, "--date", "2026-08-31")
	if status != exitFindings || out2 != out {
		t.Errorf("workbook: status %d %s\n%s", status, errs, out2)
	}

	// JSON.
	out, _, _ = runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31", "--format", "json")
	var res struct {
		Warnings []struct {
			Code, Level, Subject, Message string
		}
		Dispositions []struct {
			Subject, State, Due string
			Escalated           bool
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(res.Warnings) != 9 || res.Warnings[1].Level != "红" || len(res.Dispositions) != 3 ||
		res.Dispositions[0].Due != "2026-08-24" || !res.Dispositions[0].Escalated {
		t.Errorf("json %+v", res)
	}
}

func TestMonitorCheckCalendarAndRules(t *testing.T) {
	dir := t.TempDir()
	// A calendar without 2026 counts weekends only, and says so: 10
	// working days after Monday 10 August 2026 is still Monday 24 August.
	cal := filepath.Join(dir, "日历.yaml")
	if err := os.WriteFile(cal, []byte("name: 本地\ntitle: 本地日历\nyears:\n  - year: 2027\n    source: 本地通知\n    holidays: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, _ := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31", "--calendar", cal)
	if !strings.Contains(out, "注意：工作日历“本地日历”未收录 2026 年的节假日安排") || !strings.Contains(out, "按“本地日历”计算") {
		t.Errorf("calendar note missing:\n%s", out)
	}
	// Rules without milestones and with yellow levels only: no red
	// warning, exit 0 — unless time progress is far behind.
	src, _ := monitoring.RulesSource(monitoring.DefaultRules)
	lenient := string(src)
	lenient = lenient[:strings.Index(lenient, "milestones:")] + lenient[strings.Index(lenient, "time_progress:"):]
	lenient = strings.Replace(lenient, "red: 0.6", "red: 0.1", 1)
	rules := filepath.Join(dir, "宽松.yaml")
	if err := os.WriteFile(rules, []byte(lenient), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, status := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31", "--rules", rules)
	if status != 0 || strings.Contains(out, "红色预警】") {
		t.Errorf("status %d %s\n%s", status, errs, out)
	}
	_, errs, status = runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-32")
	if status != exitInput || !strings.Contains(errs, "检查日期有误：“2026-08-32”不是存在的日期") {
		t.Errorf("bad date: %d %s", status, errs)
	}
	_, errs, status = runCLI(t, "monitor", "check", monitorExample, "--date", "9999-12-31")
	if status != exitInput || !strings.Contains(errs, "离监控年度 2026 年太远") {
		t.Errorf("far date: %d %s", status, errs)
	}
	_, errs, status = runCLI(t, "monitor", "check", filepath.Join(dir, "监控.txt"))
	if status != exitInput || !strings.Contains(errs, "应为 .xlsx、.yaml 或 .json 文件") {
		t.Errorf("bad file: %d %s", status, errs)
	}
}

func TestMonitorTemplateAndRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "监控表.xlsx")
	_, errs, status := runCLI(t, "monitor", "template", "-o", path, "--year", "2026")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = xlsxio.ReadMonitor("监控表.xlsx", data)
	if err == nil || !strings.Contains(err.Error(), "须写明数据截止日期") {
		t.Errorf("blank template read: %v", err)
	}
	// The blank template filled in with a cut-off and an organisation is a
	// round with no projects and no warnings.
	_, errs, status = runCLI(t, "monitor", "check", path)
	if status != exitInput || !strings.Contains(errs, "工作表“监控概况”第5行“数据截止日期”列（B5）") {
		t.Errorf("check of the blank template: %d %s", status, errs)
	}
	// --from fills the workbook with a round file's data; it reads back
	// to the same warnings.
	filled := filepath.Join(t.TempDir(), "已填.xlsx")
	_, errs, status = runCLI(t, "monitor", "template", "-o", filled, "--from", monitorExample)
	if status != 0 || !strings.Contains(errs, "已生成绩效运行监控表：") || !strings.Contains(errs, "（3 个项目）") {
		t.Fatalf("--from: %d %s", status, errs)
	}
	a, _, _ := runCLI(t, "monitor", "check", filled, "--date", "2026-08-31")
	b, _, _ := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31")
	if a != b || a == "" {
		t.Errorf("filled workbook checks differently:\n%s\n%s", a, b)
	}
	_, errs, status = runCLI(t, "monitor", "template", "-o", filled, "--from", monitorExample, "--year", "2027")
	if status != exitInput || !strings.Contains(errs, "不能再给 --year") {
		t.Errorf("--from with --year: %d %s", status, errs)
	}
	out, _, status := runCLI(t, "monitor", "rules")
	if status != 0 || !strings.Contains(out, "sichuan-2025\t预算绩效运行监控预警（四川2025）\t版本 2025.1") {
		t.Errorf("rules: %d %s", status, out)
	}
	out, _, _ = runCLI(t, "monitor", "rules", "sichuan-2025")
	if !strings.Contains(out, "working_days: 10") {
		t.Errorf("rules show:\n%s", out)
	}
	_, errs, status = runCLI(t, "monitor", "rules", "../x")
	if status != exitInput || !strings.Contains(errs, "不是内置的监控预警规则") {
		t.Errorf("rules show bad name: %d %s", status, errs)
	}
	if d := today(); d.IsZero() || d.Year() < 2024 {
		t.Errorf("today %v", d)
	}
}

// The sample output in docs/monitoring.md is what the command prints.
func TestMonitorDocSample(t *testing.T) {
	data, err := os.ReadFile("../../docs/monitoring.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "--date 2026-08-31` 的输出（节选）：\n\n```\n")
	if i < 0 {
		t.Fatal("sample not found")
	}
	s = s[i:]
	s = s[strings.Index(s, "```\n")+4:]
	s = s[:strings.Index(s, "```")]
	out, _, _ := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31")
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line == "…" || line == "" {
			continue
		}
		n++
		if !strings.Contains(out, line+"\n") {
			t.Errorf("the documented line %q is not in the output:\n%s", line, out)
		}
	}
	if n < 8 {
		t.Errorf("only %d lines compared", n)
	}
}

func TestMonitorReport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "监控报告.html")
	_, errs, status := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31", "--report", out)
	data, _ := os.ReadFile(out)
	if status != exitFindings || !strings.Contains(errs, "已生成监控报告") || !strings.Contains(string(data), "2026年1—7月绩效运行监控报告") {
		t.Errorf("html report: %d %s", status, errs)
	}
	_, errs, status = runCLI(t, "monitor", "check", monitorExample, "--report", filepath.Join(dir, "r.odt"))
	if status != exitInput || !strings.Contains(errs, "监控报告“") || !strings.Contains(errs, "的扩展名应为 .docx、.html 或 .pdf") {
		t.Errorf("bad extension: %d %s", status, errs)
	}
}

func TestMonitorReportPDF(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	testutil.Tool(t, "pdftotext")
	out := filepath.Join(t.TempDir(), "监控报告.pdf")
	_, errs, status := runCLI(t, "monitor", "check", monitorExample, "--date", "2026-08-31", "--report", out)
	data, _ := os.ReadFile(out)
	if status != exitFindings || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("pdf: %d %s", status, errs)
	}
	text, err := exec.Command("pdftotext", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "绩效运行监控报告") {
		t.Errorf("pdf text:\n%s", text)
	}
}
