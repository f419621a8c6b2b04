package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/caseio"
	"jixiao/internal/report/docx"
	"jixiao/internal/testutil"
)

// approvedAdjustment is projectDeclaration with its adjustment approved.
var approvedAdjustment = strings.Replace(projectDeclaration, "state: 已提交", "state: 已批复", 1)

func TestDeclareTemplateBothKinds(t *testing.T) {
	for _, kind := range []string{"项目", "部门整体"} {
		out := filepath.Join(t.TempDir(), "申报表.xlsx")
		if _, errs, status := runCLI(t, "declare", "template", "--kind", kind, "--year", "2026", "-o", out); status != 0 {
			t.Fatalf("%s: status %d: %s", kind, status, errs)
		}
		// The blank table converts only once filled: the unit is missing.
		_, errs, status := runCLI(t, "declare", "convert", out, filepath.Join(t.TempDir(), "x.yaml"))
		if status == 0 || !strings.Contains(errs, "申报单位") || !strings.Contains(errs, "工作表“绩效目标申报表”") {
			t.Errorf("%s: blank template converted: %d %s", kind, status, errs)
		}
	}
}

// YAML → XLSX → YAML keeps the latest version's content.
func TestDeclareConvertRoundTrip(t *testing.T) {
	in := writeTemp(t, "申报.yaml", approvedAdjustment)
	xlsx := filepath.Join(t.TempDir(), "申报表.xlsx")
	if _, errs, status := runCLI(t, "declare", "convert", in, xlsx); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	back := filepath.Join(t.TempDir(), "申报.json")
	if _, errs, status := runCLI(t, "declare", "convert", xlsx, back); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	f, err := caseio.LoadDeclaration(back)
	if err != nil {
		t.Fatal(err)
	}
	d := f.Declaration
	v := d.Latest()
	if d.Project != "职业技能培训" || len(d.Versions) != 1 || v.State != "草稿" || len(v.Indicators) != 5 ||
		v.Indicators[0].Target.Text != "≥4500人次" || v.Indicators[0].LibraryID != "CX-0001" || v.FundsTotal().String() != "260" {
		t.Errorf("read back: %+v", d)
	}
	// --version picks the version written.
	if _, errs, status := runCLI(t, "declare", "convert", in, xlsx, "--version", "1"); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	if _, errs, status := runCLI(t, "declare", "convert", xlsx, back); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	if f, err = caseio.LoadDeclaration(back); err != nil || f.Declaration.Latest().Indicators[0].Target.Text != "≥5000人次" {
		t.Errorf("version 1: %v", err)
	}
}

func TestDeclareReportDOCX(t *testing.T) {
	in := writeTemp(t, "申报.yaml", approvedAdjustment)
	out := filepath.Join(t.TempDir(), "绩效目标表.docx")
	if _, errs, status := runCLI(t, "declare", "report", in, "-o", out); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.Text)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"2025年度项目支出绩效目标表", "第2版（目标调整，已批复）", "调整前指标值", "≥5000人次", "≥4500人次",
		"【预算调整】培训经费调减20万元", "本版为目标调整，较第1版变动"} {
		if !strings.Contains(text, want) {
			t.Errorf("docx lacks %q:\n%s", want, text)
		}
	}
	// Version 1, the original: no adjustment columns.
	if _, errs, status := runCLI(t, "declare", "report", in, "--version", "1", "-o", out); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	data, _ = os.ReadFile(out)
	ps, err = docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	all = all[:0]
	for _, p := range ps {
		all = append(all, p.Text)
	}
	if text := strings.Join(all, "\n"); strings.Contains(text, "调整前指标值") || !strings.Contains(text, "第1版（原始申报，已批复）") {
		t.Errorf("version 1:\n%s", text)
	}
	// A version under review has no goal table.
	pending := writeTemp(t, "待审.yaml", projectDeclaration)
	_, errs, status := runCLI(t, "declare", "report", pending, "--version", "2", "-o", out)
	if status == 0 || !strings.Contains(errs, "第2版尚未批复（已提交）") {
		t.Errorf("unapproved version: %d %s", status, errs)
	}
}

func TestDeclareReportPDF(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	testutil.Tool(t, "pdftotext")
	in := writeTemp(t, "申报.yaml", approvedAdjustment)
	out := filepath.Join(t.TempDir(), "绩效目标表.pdf")
	if _, errs, status := runCLI(t, "declare", "report", in, "-o", out); status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	text, err := exec.Command("pdftotext", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"项目支出绩效目标表", "≥4500人次", "培训经费调减20万元"} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdf lacks %q:\n%s", want, text)
		}
	}
}
