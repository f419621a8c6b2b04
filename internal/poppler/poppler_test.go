package poppler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/poppler"
	"jixiao/internal/testutil"
)

// printed prints a page of report text to PDF with Chromium, as a
// department's PDF would come.
func printed(t *testing.T, body string) []byte {
	t.Helper()
	testutil.Tool(t, "pdftotext")
	html := `<!doctype html><meta charset="utf-8"><body style="font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif">` + body + `</body>`
	return testutil.PrintHTML(t, []byte(html))
}

func TestText(t *testing.T) {
	data := printed(t, `<p>2、支出：799.12万元。其中：人员经费支出434.89万元，公用经费支出87.4万元。</p><p>预算执行率100%。</p>`)
	text, err := poppler.ReportText(context.Background(), "报告.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"支出：799.12万元", "公用经费支出87.4万元", "预算执行率100%"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	// Bounds: output, input, and what is not a PDF, each in Chinese.
	small := poppler.Limits{MaxInput: 32 << 20, MaxOutput: 20, Timeout: 30 * time.Second}
	if _, err := poppler.Text(context.Background(), "报告.pdf", data, small); err == nil || !strings.Contains(jixiao.ErrorMessage(err), "文字超过") {
		t.Errorf("output bound: %v", err)
	}
	if _, err := poppler.Text(context.Background(), "报告.pdf", data, poppler.Limits{MaxInput: 100, MaxOutput: 1 << 20, Timeout: time.Second}); err == nil ||
		!strings.Contains(jixiao.ErrorMessage(err), "文件过大") {
		t.Errorf("input bound: %v", err)
	}
	if _, err := poppler.ReportText(context.Background(), "报告.pdf", []byte("%PDF-1.4 damaged")); err == nil || !strings.Contains(jixiao.ErrorMessage(err), "无法读取 PDF 中的文字") {
		t.Errorf("damaged: %v", err)
	}
	if _, err := poppler.ReportText(context.Background(), "报告.pdf", []byte("纯文本")); err == nil || !strings.Contains(jixiao.ErrorMessage(err), "不是 PDF 文件") {
		t.Errorf("not a pdf: %v", err)
	}
}

// A PDF with no text (a scan) says so.
func TestNoText(t *testing.T) {
	data := printed(t, `<div style="width:100px;height:100px;background:#000"></div>`)
	if _, err := poppler.ReportText(context.Background(), "扫描件.pdf", data); err == nil || !strings.Contains(jixiao.ErrorMessage(err), "没有可读取的文字") {
		t.Errorf("scan: %v", err)
	}
}
