package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/poppler"
	"jixiao/internal/testutil"
)

// The 核查报告's PDF is a job beside the report's: its own job (not the
// report's PDF under way), its own file name, the findings in its text.
func TestCheckReportPDFJob(t *testing.T) {
	testutil.Tool(t, "pdftotext")
	s := newSiteWith(t, siteOptions{printer: newTestPrinter(t, 1)})
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	_, page := c.get(fmt.Sprintf("/evaluations/%d", id))
	if !strings.Contains(page, fmt.Sprintf(`hx-post="/evaluations/%d/check-pdf"`, id)) {
		t.Fatal("the overview offers no PDF of the check report")
	}
	st, body := c.post(fmt.Sprintf("/evaluations/%d/check-pdf", id), nil)
	if st != 200 {
		t.Fatalf("start: %d %s", st, body)
	}
	check := jobID(t, body)
	if _, body := c.post(fmt.Sprintf("/evaluations/%d/pdf", id), nil); jobID(t, body) == check {
		t.Error("the report's PDF was taken for the check report's")
	}
	c.poll(check, "下载 PDF")
	resp, err := c.c.Get(s.srv.URL + "/jobs/" + check + "/download")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(resp)
	if cd := resp.Header.Get("Content-Disposition"); resp.StatusCode != 200 || !strings.HasPrefix(got, "%PDF-") ||
		cd != `attachment; filename="report.pdf"; filename*=UTF-8''`+url.PathEscape("石家庄市自然资源和规划局-2024年度部门整体支出绩效自评核查报告.pdf") {
		t.Fatalf("download: %d %s", resp.StatusCode, cd)
	}
	text, err := poppler.ReportText(context.Background(), "核查报告.pdf", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	text = strings.Join(strings.Fields(text), "")
	for _, want := range []string{"2024年度部门整体支出绩效自评核查报告", "核查结果汇总", "B01收入明细之和与收入合计不符", "140989.08"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%.1500s", want, text)
		}
	}
}
