package pdf_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
)

// Every score of a project's 绩效指标 table prints on one line of its cell:
// the columns are wide enough for two decimals ("14.00", not "14.0" over
// "0"), in the PDF made from the DOCX.
func TestScoresFitTheirColumns(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	pdftotext := testutil.Tool(t, "pdftotext")
	sc, doc := exampleDOCX(t, "../../../examples/project-clinic-2024.yaml")
	data, err := pdf.Print(context.Background(), doc, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "project.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "project.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The table: from its caption to the next heading of the outline.
	at := bytes.Index(text, []byte("绩效指标完成情况"))
	if at < 0 {
		t.Fatal("no 绩效指标完成情况 table in the PDF")
	}
	text = text[at:]
	if end := regexp.MustCompile(`(?m)^\s*[一二三四五六七八九十]、`).FindIndex(text); end != nil {
		text = text[:end[0]]
	}
	var scores []string
	// The widest: leaves of ten points or more, printed "14.00".
	for _, top := range sc.Nodes {
		for _, n := range top.Leaves() {
			if n.Score.GreaterThanOrEqual(decimal.NewFromInt(10)) {
				scores = append(scores, jixiao.Fixed(n.Score, 2))
			}
		}
	}
	if len(scores) < 3 {
		t.Fatalf("only %d scores of ten points or more to look for", len(scores))
	}
	for _, s := range scores {
		if !regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(s) + `(\s|$)`).Match(text) {
			t.Errorf("score %s is not printed whole on one line", s)
		}
	}
}
