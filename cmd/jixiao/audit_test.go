package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/testutil"
)

const referenceReport = "../../examples/shijiazhuang-2024-report.txt"

// jixiao audit on the reference report finds the 决算收入 that its parts do
// not add up to, at its line, and exits with 1.
func TestAuditReference(t *testing.T) {
	out, errs, status := runCLI(t, "audit", referenceReport)
	if status != 1 {
		t.Fatalf("status %d, want 1: %s", status, errs)
	}
	for _, want := range []string{
		"错误 1 项，警告 0 项，提示 2 项",
		"【报告文字（jixiao audit）】\n  T01 合计与明细不符（报告文字）  “2024年决算收入数为141981.96万元",
		"相差992.88万元（34969.37 + 103536.25 + 1926.79 + 556.67 = 140989.08）",
		"位置：" + referenceReport + ":63:1 第63行",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, status = runCLI(t, "audit", referenceReport, "--format", "json")
	var r struct {
		Summary  map[string]int `json:"summary"`
		Findings []struct {
			Code     string `json:"code"`
			Location struct {
				Path string `json:"path"`
				Line int    `json:"line"`
			} `json:"location"`
			Numbers []struct{ Name, Value string } `json:"numbers"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || status != 1 {
		t.Fatalf("json: %v %d\n%s", err, status, out)
	}
	if r.Summary["error"] != 1 || r.Summary["info"] != 2 || r.Findings[0].Location.Line != 63 || r.Findings[0].Location.Path != "第63行" ||
		r.Findings[0].Numbers[0].Value != "141981.96万元" {
		t.Errorf("json report: %+v", r)
	}
	page := filepath.Join(t.TempDir(), "核查.html")
	_, errs, status = runCLI(t, "audit", referenceReport, "-o", page)
	html, err := os.ReadFile(page)
	if status != 1 || err != nil || !strings.Contains(errs, "已写入") || !strings.Contains(string(html), `<mark class="sev-error"`) {
		t.Errorf("html: status %d %v %s", status, err, errs)
	}
}

// A report jixiao writes from the reference case reads back with the same
// findings as the original text: the inconsistency is in the data, and
// jixiao's own text adds none. The other examples' reports audit clean.
func TestAuditOwnReports(t *testing.T) {
	dir := t.TempDir()
	examples, _ := filepath.Glob("../../examples/*.yaml")
	if len(examples) < 3 {
		t.Fatalf("examples: %v", examples)
	}
	for _, ex := range examples {
		doc := filepath.Join(dir, strings.TrimSuffix(filepath.Base(ex), ".yaml")+".docx")
		if _, errs, status := runCLI(t, "report", ex, "-o", doc); status != 0 {
			t.Fatalf("report %s: %d %s", ex, status, errs)
		}
		out, errs, status := runCLI(t, "audit", doc)
		if ex == reference {
			if status != 1 || !strings.Contains(out, "错误 1 项，警告 0 项，提示 2 项") || !strings.Contains(out, "相差992.88万元") || !strings.Contains(out, "位置：第") {
				t.Errorf("%s: status %d\n%s%s", doc, status, out, errs)
			}
			continue
		}
		if status != 0 || !strings.Contains(out, "未发现问题") {
			t.Errorf("%s: status %d\n%s%s", doc, status, out, errs)
		}
	}
}

func TestAuditBadInput(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "报告.doc")
	os.WriteFile(doc, []byte("x"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"audit", doc}, "另存为 .docx"},
		{[]string{"audit", filepath.Join(dir, "没有.txt")}, "找不到文件"},
		{[]string{"audit", doc, "--format", "pdf"}, "输出格式“pdf”不支持"},
	} {
		_, errs, status := runCLI(t, c.args...)
		if status != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: status %d %s", c.args, status, errs)
		}
	}
	clean := filepath.Join(dir, "报告.txt")
	os.WriteFile(clean, []byte("单位全年收入100万元，其中：财政拨款70万元，事业收入30万元。\n"), 0o644)
	if out, errs, status := runCLI(t, "audit", clean); status != 0 || !strings.Contains(out, "未发现问题") {
		t.Errorf("clean report: %d %s %s", status, out, errs)
	}
}

// jixiao audit reads a PDF's text (pdftotext), says so, and finds what it
// finds in a text file.
func TestAuditPDF(t *testing.T) {
	testutil.Tool(t, "pdftotext")
	html := `<!doctype html><meta charset="utf-8"><body style="font-family:'Noto Sans CJK SC',sans-serif">` +
		`<p>2、支出：799.12万元。其中：人员经费支出434.89万元，公用经费支出87.4万元，项目支出286.83万元。</p></body>`
	data := testutil.PrintHTML(t, []byte(html))
	file := filepath.Join(t.TempDir(), "自评报告.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, status := runCLI(t, "audit", file)
	if status != 1 || !strings.Contains(out, "按 PDF 中的文字核查") || !strings.Contains(out, "T01") || !strings.Contains(out, "809.12") {
		t.Errorf("status %d\n%s\n%s", status, out, errs)
	}
}
