package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var durableIDRe = regexp.MustCompile(`id="job-(r[0-9]+)"`)

// With jobs in the database, the PDF of a report is a durable job: the
// page polls its state, shows the download link, and the file is served
// from the database; the same PDF asked for again while it is made is the
// same job, and a job can be cancelled.
func TestDurablePDFJob(t *testing.T) {
	s := newSiteWith(t, siteOptions{printer: newTestPrinter(t, 1)})
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	st, body := c.post(fmt.Sprintf("/evaluations/%d/pdf", id), nil)
	m := durableIDRe.FindStringSubmatch(body)
	if st != 200 || m == nil || !strings.Contains(body, `hx-get="/jobs/`+m[1]) {
		t.Fatalf("start: %d %s", st, body)
	}
	_, again := c.post(fmt.Sprintf("/evaluations/%d/pdf", id), nil)
	if n := durableIDRe.FindStringSubmatch(again); n == nil || n[1] != m[1] {
		t.Errorf("the same PDF asked again: %s", again)
	}
	done := c.poll(m[1], "下载 PDF")
	if !strings.Contains(done, "文件保留一天") {
		t.Errorf("finished fragment: %s", done)
	}
	resp, err := c.c.Get(s.srv.URL + "/jobs/" + m[1] + "/download")
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(resp); resp.StatusCode != 200 || !strings.HasPrefix(got, "%PDF-") || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %s %.20q", resp.StatusCode, resp.Header.Get("Content-Type"), got)
	}
	// Without scripts, the form sends the browser to the job's page, which
	// reloads itself until the job ends.
	nav := func(method, path string) (*http.Response, string) {
		req, _ := http.NewRequest(method, s.srv.URL+path, nil)
		req.Header.Set("Sec-Fetch-Mode", "navigate")
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp, readAll(resp)
	}
	resp, _ = nav("POST", fmt.Sprintf("/evaluations/%d/pdf", id))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !durableIDRe.MatchString(`id="job-`+strings.TrimPrefix(loc, "/jobs/")+`"`) {
		t.Fatalf("form without scripts: %d to %q", resp.StatusCode, loc)
	}
	if resp, page := nav("GET", loc); resp.StatusCode != 200 || !strings.Contains(page, "<h1>生成 PDF</h1>") ||
		!strings.Contains(page, `http-equiv="refresh"`) && !strings.Contains(page, "下载 PDF") {
		t.Errorf("job page: %d\n%s", resp.StatusCode, page)
	}
	if resp, page := nav("GET", "/jobs/"+m[1]); resp.StatusCode != 200 || !strings.Contains(page, "<h1>生成 PDF</h1>") ||
		!strings.Contains(page, "下载 PDF") || strings.Contains(page, `http-equiv="refresh"`) || !strings.Contains(page, "返回首页") {
		t.Errorf("job page of a finished job: %d\n%s", resp.StatusCode, page)
	}
	// Another user cannot follow the job.
	if st, _ := signIn(t, s, "approver").get("/jobs/" + m[1]); st != 404 {
		t.Errorf("another user polls the job: %d", st)
	}
	// The check report's PDF, cancelled at once: it ends cancelled.
	_, body = c.post(fmt.Sprintf("/evaluations/%d/check-pdf", id), nil)
	k := durableIDRe.FindStringSubmatch(body)
	if k == nil || k[1] == m[1] {
		t.Fatalf("check report job: %s", body)
	}
	if st, body := c.post("/jobs/"+k[1]+"/cancel", nil); st != 200 || !strings.Contains(body, "已取消") && !strings.Contains(body, "正在取消…") && !strings.Contains(body, "下载 PDF") {
		t.Errorf("cancel: %d %s", st, body)
	}
}

// TestMonitorReportPDFJob: the monitoring round page offers each
// submitted department's monitoring report as Word and PDF; the PDF is a
// durable job like the evaluations' (printed from the same DOCX by
// LibreOffice), and a report not yet submitted is refused.
func TestMonitorReportPDFJob(t *testing.T) {
	s := newSiteWith(t, siteOptions{printer: newTestPrinter(t, 1)})
	round, entry := storedRound(t, s, 0, true)
	open, draft := storedRound(t, s, 0, false)
	c := signIn(t, s, "preparer")
	if st, page := c.get(fmt.Sprintf("/monitoring/%d", round)); st != 200 || !strings.Contains(page, "data-report-pdf") || !strings.Contains(page, "data-report-docx") {
		t.Fatalf("round page: %d, PDF offered %v", st, strings.Contains(page, "data-report-pdf"))
	}
	if st, body := c.post(fmt.Sprintf("/monitoring/%d/entries/%d/pdf", open, draft), nil); st != http.StatusConflict || !strings.Contains(body, "提交后才有监控报告") {
		t.Errorf("a report not submitted: %d", st)
	}
	st, body := c.post(fmt.Sprintf("/monitoring/%d/entries/%d/pdf", round, entry), nil)
	m := durableIDRe.FindStringSubmatch(body)
	if st != 200 || m == nil {
		t.Fatalf("start: %d %s", st, body)
	}
	c.poll(m[1], "下载 PDF")
	resp, err := c.c.Get(s.srv.URL + "/jobs/" + m[1] + "/download")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(got, "%PDF-") || !strings.Contains(resp.Header.Get("Content-Disposition"), ".pdf") {
		t.Fatalf("download: %d %s %.20q", resp.StatusCode, resp.Header.Get("Content-Disposition"), got)
	}
}
