package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const referenceReport = "../../examples/shijiazhuang-2024-report.txt"

// postFile posts a file to path as a form upload.
func (c *client) postFile(path, name string, data []byte, htmx bool) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, readAll(resp)
}

// A reviewer audits a report: the findings are listed and marked in its
// text; nothing is stored; a bad file gets a message that says what to do.
func TestAuditPage(t *testing.T) {
	ref, err := os.ReadFile(referenceReport)
	if err != nil {
		t.Fatalf("reference report: %v", err)
	}
	s := newSite(t)
	for _, user := range []string{"reviewer", "preparer"} {
		c := signIn(t, s, user)
		st, body := c.get("/audit")
		if st != 200 || !strings.Contains(body, `href="/audit" aria-current="page"`) || !strings.Contains(body, `name="file"`) {
			t.Fatalf("%s: audit page %d", user, st)
		}
	}
	c := signIn(t, s, "reviewer")
	// A plain form post answers with the whole page.
	st, body := c.postFile("/audit", "自评报告.txt", ref, false)
	if st != 200 || !strings.Contains(body, "<html") || !strings.Contains(body, "核查结果：自评报告.txt") ||
		!strings.Contains(body, "发现错误 1 条、警告 0 条、提示 2 条") || !strings.Contains(body, "相差992.88万元") ||
		!strings.Contains(body, `<mark class="sev-error"`) {
		t.Fatalf("audit: %d %.3000s", st, body)
	}
	// htmx gets the result alone.
	st, body = c.postFile("/audit", "自评报告.txt", ref, true)
	if st != 200 || strings.Contains(body, "<html") || !strings.Contains(body, `<li id="f0" class="sev-error">`) {
		t.Errorf("htmx audit: %d %.500s", st, body)
	}
	for _, bad := range []struct{ name, data, want string }{
		{"报告.doc", "x", "另存为 .docx"},
		{"报告.docx", "not a zip", "不是有效的 DOCX"},
		{"报告.txt", "\x81\x30", "UTF-8"},
	} {
		st, body := c.postFile("/audit", bad.name, []byte(bad.data), true)
		if st != http.StatusBadRequest || !strings.Contains(body, bad.want) {
			t.Errorf("%s: %d %.300s", bad.name, st, body)
		}
	}
	if st, _ := signIn(t, s, "reviewer").get("/audit"); st != 200 {
		t.Errorf("audit page: %d", st)
	}
	anon := &client{t: t, base: s.srv.URL, c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if st, _ := anon.postFile("/audit", "自评报告.txt", ref, false); st != http.StatusSeeOther {
		t.Errorf("signed out: %d, want a redirect to the login page", st)
	}
}

// In the browser: choose the report, see the findings, follow a finding
// to its sentence in the text.
func TestAuditInBrowser(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("reviewer")
	b.open("/audit")
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`#reportfile`), []string{abs(t, referenceReport)}),
		chromedp.Click(chromedp.CSS(`form[action="/audit"] button[type=submit]`)))
	b.waitFor(`document.querySelectorAll("#audit-result .audit-findings li").length === 3`)
	if got := b.text("#audit-result .audit-sum"); !strings.Contains(got, "发现错误 1 条") {
		t.Errorf("summary: %s", got)
	}
	if eval[bool](b, `location.pathname !== "/audit" || !!document.querySelector("#audit-result html")`) {
		t.Error("the result did not come in place")
	}
	eval[bool](b, `document.querySelector("#audit-result").scrollIntoView(); true`)
	b.shot(screenshots(t), "web-audit")
	b.do(chromedp.Click(chromedp.CSS(`#f0 a[href="#p63"]`)))
	b.waitFor(`location.hash === "#p63"`)
	if got := eval[string](b, `document.querySelector(":target mark.sev-error").textContent`); !strings.HasPrefix(got, "2024年决算收入数为141981.96万元") {
		t.Errorf("the finding leads to %q", got)
	}
}

func abs(t *testing.T, path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
