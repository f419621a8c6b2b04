package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/internal/testutil"
)

// officePython returns a Python 3 that has python-docx and openpyxl (Debian
// python3-docx and python3-openpyxl; /usr/bin/python3 when the python3 on
// the PATH is another installation). Without one the test is skipped, or
// fails when JIXIAO_REQUIRE_TOOLS=1.
func officePython(t *testing.T) string {
	t.Helper()
	var candidates []string
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/python3")
	for _, p := range candidates {
		if exec.Command(p, "-c", "import docx, openpyxl").Run() == nil {
			return p
		}
	}
	if os.Getenv(testutil.EnvRequireTools) == "1" {
		t.Fatalf("no python3 with python-docx and openpyxl (apt-get install python3-docx python3-openpyxl), and %s=1 requires it", testutil.EnvRequireTools)
	}
	t.Skipf("no python3 with python-docx and openpyxl; set %s=1 to make this a failure", testutil.EnvRequireTools)
	return ""
}

var figureRE = regexp.MustCompile(`\d+(?:\.\d+)?`)

// figures returns the numbers in text, canonical (21440.30 = 21440.3).
func figures(text string) map[string]bool {
	out := map[string]bool{}
	for _, m := range figureRE.FindAllString(text, -1) {
		out[decimal.RequireFromString(m).String()] = true
	}
	return out
}

// referenceSection returns the reference report's text from the line
// starting with from up to the line starting with to.
func referenceSection(t *testing.T, from, to string) string {
	t.Helper()
	src, err := os.ReadFile(referenceReport)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	in := false
	for _, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, from) {
			in = true
		} else if strings.HasPrefix(l, to) {
			in = false
		}
		if in {
			b.WriteString(l + "\n")
		}
	}
	if b.Len() < 100 {
		t.Fatalf("section %s not found in the reference report", from)
	}
	return b.String()
}

// The reference report as jixiao report writes it, read by independent
// readers — python-docx for the DOCX, openpyxl for the XLSX — holds every
// figure of the reference report (石家庄市自然资源和规划局, 2024): the
// DOCX every figure of its sections 一, 三 and 四 (budgets, assets,
// headcount, units, indicators, results, scores, grade), the workbook
// every figure of sections 三 and 四 (each indicator's target and result,
// the scores and the grade) and the budget's execution.
func TestIndependentReaders(t *testing.T) {
	python := officePython(t)
	// The script goes in on stdin: read here, it is part of what the test
	// cache keys on.
	script, err := os.ReadFile("testdata/office_text.py")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	read := map[string]string{}
	for _, format := range []string{"docx", "xlsx"} {
		out := filepath.Join(dir, "reference."+format)
		if _, errs, status := runCLI(t, "report", reference, "-o", out); status != 0 {
			t.Fatalf("report %s: status %d %s", format, status, errs)
		}
		cmd := exec.Command(python, "-", out)
		cmd.Stdin = bytes.NewReader(script)
		text, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		read[format] = string(text)
	}
	check := func(format string, want map[string]bool) {
		t.Helper()
		have := figures(read[format])
		var missing []string
		for n := range want {
			if !have[n] {
				missing = append(missing, n)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("the %s, read by an independent reader, lacks %d of the reference report's %d figures: %v", format, len(missing), len(want), missing)
		}
	}
	docxFigures := map[string]bool{}
	for _, sec := range [][2]string{{"一、部门基本情况", "二、"}, {"三、", "四、"}, {"四、", "五、"}} {
		for n := range figures(referenceSection(t, sec[0], sec[1])) {
			docxFigures[n] = true
		}
	}
	if len(docxFigures) < 100 {
		t.Errorf("only %d figures compared", len(docxFigures))
	}
	check("docx", docxFigures)
	xlsxFigures := map[string]bool{}
	for _, sec := range [][2]string{{"三、", "四、"}, {"四、", "五、"}} {
		for n := range figures(referenceSection(t, sec[0], sec[1])) {
			xlsxFigures[n] = true
		}
	}
	// The budget's execution as section 一 states it: 年初, 调整 and 决算
	// expenditure of basic and project spending.
	for _, n := range []string{"598154.02", "24482.41", "573671.61", "25495.03", "224824.81", "24792", "117122.04"} {
		xlsxFigures[n] = true
	}
	check("xlsx", xlsxFigures)
	// The DOCX's tables, read as tables: the budget and the scores.
	_, tables, _ := strings.Cut(read["docx"], "## 表格\n")
	for _, s := range []string{"598154.02", "250319.83", "141981.96", "96.00", "评价等级：优秀"} {
		if !strings.Contains(tables, s) {
			t.Errorf("the DOCX's tables lack %q", s)
		}
	}
	// The figures and words that matter most, as printed.
	for format, want := range map[string][]string{
		"docx": {"598154.02万元", "得分96分", "“优秀”", "1112人", "石家庄市自然资源和规划局", "【待填写：成文日期】"},
		"xlsx": {"598154.02", "141914.04", "96.00", "优秀", "17.00", "14.00", "660平方公里"},
	} {
		for _, s := range want {
			if !strings.Contains(read[format], s) {
				t.Errorf("the %s lacks %q", format, s)
			}
		}
	}
}
