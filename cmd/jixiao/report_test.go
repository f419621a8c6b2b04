package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/poppler"
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

// --rectifications counts the unit's earlier rectification in the report
// and lists the open items carried into the case's year; other units'
// items are left out.
func TestReportRectifications(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "整改.yaml")
	err := os.WriteFile(file, []byte(`items:
  - {id: ZG-1, year: 2023, unit: 石家庄市自然资源和规划局, problem: 绩效目标不够细化, source: 审核, owner: 规划财务处, measure: 细化三级指标, deadline: 2024-06-30, evidence: [修订后的目标表], status: 确认}
  - {id: ZG-2, year: 2023, unit: 石家庄市自然资源和规划局, project: 不动产登记, problem: 满意度调查样本不足, source: 复核, owner: 登记中心, measure: 扩大问卷范围, deadline: 2099-06-30, status: 通知}
  - {id: ZG-3, year: 2023, unit: 市教育局, problem: 其他单位的问题, source: 自评, owner: 财务科, measure: 别的措施, deadline: 2024-06-30, status: 通知}
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.docx")
	if _, errs, status := runCLI(t, "report", reference, "-o", out, "--rectifications", file); status != 0 {
		t.Fatalf("status %d %s", status, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, p := range ps {
		text = append(text, p.Text)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"（三）以前年度问题整改情况", "2023年度整改事项2项，已完成1项，尚未完成1项。", "以前年度尚未完成、转入2024年度继续整改的事项1项，列示如下。",
		"满意度调查样本不足\n扩大问卷范围\n登记中心\n2099-06-30\n通知"} {
		if !strings.Contains(all, want) {
			t.Errorf("docx lacks %q", want)
		}
	}
	if strings.Contains(all, "其他单位的问题") {
		t.Error("another unit's item is in the report")
	}
	_, errs, status := runCLI(t, "report", reference, "-o", out, "--rectifications", filepath.Join(dir, "无.yaml"))
	if status != 2 || errs == "" {
		t.Errorf("a missing file: %d %s", status, errs)
	}
}

// The PDF, converted from the DOCX, carries the earlier rectification too
// (a project report here: its 存在的问题及改进措施 has the same part).
func TestReportRectificationsPDF(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	testutil.Tool(t, "pdftotext")
	dir := t.TempDir()
	file := filepath.Join(dir, "整改.yaml")
	err := os.WriteFile(file, []byte(`items:
  - {id: ZG-1, year: 2023, unit: 某区卫生健康局, project: 基层医疗卫生机构设备购置项目, problem: 设备验收资料不全, source: 复核, owner: 规划财务科, measure: 补齐验收单, deadline: 2099-06-30, status: 通知}
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.pdf")
	if _, errs, status := runCLI(t, "report", "../../examples/project-clinic-2024.yaml", "-o", out, "--rectifications", file); status != 0 {
		t.Fatalf("status %d %s", status, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text, err := poppler.ReportText(context.Background(), "r.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"以前年度问题整改情况", "2023年度整改事项1项，已完成0项，尚未完成1项。",
		"以前年度尚未完成、转入2024年度继续整改的事项1项，列示如下。", "补齐验收单", "规划财务科"} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdf lacks %q", want)
		}
	}
}
