package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/report/docx"
	"jixiao/internal/testutil"
)

func TestReportFormats(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"docx", "html", "xlsx"} {
		out := filepath.Join(dir, "ref."+format)
		_, errs, status := runCLI(t, "report", reference, "-o", out)
		if status != 0 || !strings.Contains(errs, "已生成 "+out) {
			t.Fatalf("%s: status %d %s", format, status, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		switch format {
		case "docx":
			ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
			if err != nil || len(ps) < 100 || ps[1].Text != "2024年度整体支出绩效自评报告" {
				t.Errorf("docx: %v %d paragraphs", err, len(ps))
			}
		case "html":
			if !strings.Contains(string(data), "经过整体评价，我部门2024年度部门整体绩效自评得分96分，评价等级为“优秀”。") {
				t.Error("html lacks the conclusion")
			}
		case "xlsx":
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := x.GetCellValue("部门整体支出绩效自评表", "E3"); v != "96.00" {
				t.Errorf("xlsx total %q", v)
			}
		}
	}
	// The format follows the extension; --format overrides; - is stdout.
	out, _, status := runCLI(t, "report", "../../examples/project-farmland-2024.yaml", "--format", "html", "-o", "-", "--no-findings", "--no-scores")
	if status != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || strings.Contains(out, "附表") {
		t.Errorf("stdout html: %d %.80s", status, out)
	}
}

func TestReportPDF(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	out := filepath.Join(t.TempDir(), "r.pdf")
	_, errs, status := runCLI(t, "report", "../../examples/project-clinic-2024.yaml", "-o", out)
	data, _ := os.ReadFile(out)
	if status != 0 || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Errorf("pdf: %d %s", status, errs)
	}
}

func TestReportErrors(t *testing.T) {
	_, errs, status := runCLI(t, "report", reference, "--format", "odt")
	if status != 2 || !strings.Contains(errs, "报告格式“odt”不支持，应为 docx、html、pdf、xlsx") {
		t.Errorf("%d %s", status, errs)
	}
	_, errs, status = runCLI(t, "report", reference, "-o", "/no/such/dir/r.docx")
	if status != 2 || !strings.Contains(errs, "无法写入 /no/such/dir/r.docx") {
		t.Errorf("%d %s", status, errs)
	}
	t.Setenv("PATH", t.TempDir())
	_, errs, status = runCLI(t, "report", reference, "-o", filepath.Join(t.TempDir(), "r.pdf"))
	if status != 2 || !strings.Contains(errs, "本机没有安装 LibreOffice，无法生成 PDF") {
		t.Errorf("%d %s", status, errs)
	}
}
