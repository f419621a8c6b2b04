package pdf_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/caseio"
	"jixiao/internal/report"
	"jixiao/internal/report/html"
	"jixiao/internal/report/pdf"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/testutil"
)

// The reference report printed by headless Chromium: A4, text extractable
// and in order, page numbers on every page.
func TestPrintReference(t *testing.T) {
	chromium := testutil.Tool(t, "chromium", "chromium-browser", "google-chrome")
	pdftotext := testutil.Tool(t, "pdftotext")
	pdfinfo := testutil.Tool(t, "pdfinfo")
	f, err := caseio.Load("../../../examples/shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := rulebook.Load("shijiazhuang-2024")
	sc, _ := scoring.Score(f.Evaluation, rb)
	var page bytes.Buffer
	if err := html.Render(&page, report.Build(f.Evaluation, sc, report.Options{})); err != nil {
		t.Fatal(err)
	}
	data, err := pdf.Print(context.Background(), page.Bytes(), pdf.Options{Chromium: chromium})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", data)
	}
	file := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(file, data, 0o644)
	info, _ := exec.Command(pdfinfo, file).Output()
	if !regexp.MustCompile(`Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)`).Match(info) {
		t.Errorf("not A4:\n%s", info)
	}
	text, _ := exec.Command(pdftotext, file, "-").Output()
	flat := strings.Join(strings.Fields(string(text)), "")
	pos := 0
	for _, s := range []string{"2024年度整体支出绩效自评报告", "一、部门基本情况", "141981.96万元", "四、评价结论和评价等级", "得分96分，评价等级为“优秀”"} {
		i := strings.Index(flat[pos:], s)
		if i < 0 {
			t.Fatalf("PDF text lacks %q after %d", s, pos)
		}
		pos += i + len(s)
	}
	if !strings.Contains(flat, "—1—") || !strings.Contains(flat, "—2—") {
		t.Error("page numbers")
	}
}

// Without a browser, the error says how to get one.
func TestMissingChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(pdf.EnvChromium, "")
	_, err := pdf.Print(context.Background(), []byte("<p>x</p>"), pdf.Options{})
	if err == nil || !strings.Contains(err.Error(), "未找到 Chromium 浏览器，无法生成 PDF") || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("got %v", err)
	}
	t.Setenv(pdf.EnvChromium, "/no/such/browser")
	if _, err := pdf.FindChromium(); err == nil || !strings.Contains(err.Error(), "/no/such/browser 不存在") {
		t.Errorf("got %v", err)
	}
}
