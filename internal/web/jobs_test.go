package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao/internal/libreoffice"
	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
)

var jobIDRe = regexp.MustCompile(`id="job-(r[0-9]+)"`)

func jobID(t *testing.T, body string) string {
	t.Helper()
	m := jobIDRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no job in %s", body)
	}
	return m[1]
}

// poll asks for job id until its fragment contains want.
func (c *client) poll(id, want string) string {
	c.t.Helper()
	var body string
	for range 600 {
		var st int
		st, body = c.get("/jobs/" + id)
		if st != http.StatusOK {
			c.t.Fatalf("poll job: %d %s", st, body)
		}
		if strings.Contains(body, want) {
			return body
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("job never showed %q; last:\n%s", want, body)
	return ""
}

// confirm confirms the upload held under token: the answer sends the
// browser to the import job's page; confirm then waits until the job has
// ended and returns its last fragment.
func (c *client) confirm(token string) string {
	c.t.Helper()
	resp, err := c.c.PostForm(c.base+"/uploads/"+token, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	body := readAll(resp)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/r") {
		c.t.Fatalf("confirm: %d to %q %s", resp.StatusCode, loc, body)
	}
	for range 600 {
		var st int
		st, body = c.get(loc)
		if st != http.StatusOK {
			c.t.Fatalf("poll import job: %d %s", st, body)
		}
		if !strings.Contains(body, "hx-trigger") {
			return body
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("the import job never ended; last:\n%s", body)
	return ""
}

// holder keeps print slots busy: each document it prints is held by the
// printer's conversion until release; other documents are converted by
// LibreOffice.
type holder struct {
	p       *pdf.Printer
	done    chan struct{}
	release func()
	wg      sync.WaitGroup
	n       int
}

// holders maps each test printer to its holder.
var holders sync.Map

func newHolder(t *testing.T, p *pdf.Printer) *holder {
	h, _ := holders.Load(p)
	return h.(*holder)
}

// convert holds the documents of hold, and converts the others.
func (h *holder) convert(ctx context.Context, doc []byte) ([]byte, error) {
	if bytes.HasPrefix(doc, []byte("held")) {
		select {
		case <-h.done:
		case <-ctx.Done():
		}
		return nil, errors.New("held")
	}
	return libreoffice.PDF(ctx, "报告", doc, "", libreoffice.DefaultPDFLimits)
}

// hold prints a held document and waits until the printer has want
// requests rendering and queued.
func (h *holder) hold(t *testing.T, want pdf.Stats) {
	t.Helper()
	h.n++
	doc := fmt.Appendf(nil, "held %d", h.n)
	h.wg.Go(func() { h.p.Print(context.Background(), doc) })
	waitStats(t, h.p, want)
}

func waitStats(t *testing.T, p *pdf.Printer, want pdf.Stats) {
	t.Helper()
	for range 1000 {
		if p.Stats() == want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("printer: %+v, want %+v", p.Stats(), want)
}

func newTestPrinter(t *testing.T, slots int) *pdf.Printer {
	t.Helper()
	testutil.Tool(t, "soffice", "libreoffice")
	h := &holder{done: make(chan struct{})}
	var once sync.Once
	h.release = func() { once.Do(func() { close(h.done) }) }
	p, err := pdf.NewPrinter(pdf.PrinterOptions{Slots: slots, Convert: h.convert})
	if err != nil {
		t.Fatal(err)
	}
	h.p = p
	holders.Store(p, h)
	t.Cleanup(func() { h.release(); h.wg.Wait(); p.Close(); holders.Delete(p) })
	return p
}

// A bulk download is a job in the database: its PDFs wait in the shared
// print queue and the page says so; the same request while it waits is
// the same job; the bureau page lists it; another user does not see it;
// cancelling it stops it and takes it out of the print queue.
func TestBulkJobCancel(t *testing.T) {
	p := newTestPrinter(t, 1)
	s := newSiteWith(t, siteOptions{printer: p})
	h := newHolder(t, p)
	h.hold(t, pdf.Stats{Rendering: 1})

	rev := signIn(t, s, "reviewer")
	form := url.Values{"format": {"pdf"}, "filter": {"year=2024"}}
	st, body := rev.post("/bureau/reports", form)
	if st != http.StatusOK {
		t.Fatalf("start: %d %s", st, body)
	}
	id := jobID(t, body)
	body = rev.poll(id, "本份 PDF 排队中（前面还有 0 份）")
	if !strings.Contains(body, "已生成 0 / ") || !strings.Contains(body, `hx-post="/jobs/`+id+`/cancel"`) {
		t.Errorf("waiting job:\n%s", body)
	}
	waitStats(t, p, pdf.Stats{Rendering: 1, Queued: 1})
	if _, again := rev.post("/bureau/reports", form); jobID(t, again) != id {
		t.Error("the same request started a second job")
	}
	// The bureau page shows the running job (whichever server is asked).
	if _, page := rev.get("/bureau"); !strings.Contains(page, `id="job-`+id+`"`) {
		t.Error("the overview does not show the running job")
	}
	if st, _ := rev.get("/jobs/" + id + "/download"); st != http.StatusConflict {
		t.Errorf("download before the end: %d", st)
	}
	other := signIn(t, s, "auditor")
	for _, try := range []func() int{
		func() int { st, _ := other.get("/jobs/" + id); return st },
		func() int { st, _ := other.get("/jobs/" + id + "/download"); return st },
		func() int { st, _ := other.post("/jobs/"+id+"/cancel", nil); return st },
	} {
		if st := try(); st != http.StatusNotFound {
			t.Errorf("another user: %d, want 404", st)
		}
	}
	if st, body := rev.post("/jobs/"+id+"/cancel", nil); st != http.StatusOK || !strings.Contains(body, "正在取消…") && !strings.Contains(body, "已取消") {
		t.Fatalf("cancel: %d %s", st, body)
	}
	body = rev.poll(id, "已取消")
	if strings.Contains(body, "hx-trigger") || strings.Contains(body, "下载 ZIP") {
		t.Errorf("a cancelled job still polls or offers its file:\n%s", body)
	}
	waitStats(t, p, pdf.Stats{Rendering: 1})
	if st, _ := rev.get("/jobs/" + id + "/download"); st != http.StatusConflict {
		t.Errorf("download of a cancelled job: %d", st)
	}
}

// A finished bulk job's ZIP comes from the database: one file per
// evaluation the bureau page lists for the filter, named after it; without
// scripts the form leads to the job's own page, which reloads itself.
func TestBulkJob(t *testing.T) {
	s := newSiteWith(t, siteOptions{})
	rev := signIn(t, s, "reviewer")
	_, page := rev.get("/bureau?year=2024&subject=project")
	listed := regexp.MustCompile(`生成表中全部 (\d+) 项（ZIP）`).FindStringSubmatch(page)
	if listed == nil {
		t.Fatalf("no bulk download form:\n%s", page)
	}
	_, body := rev.post("/bureau/reports", url.Values{"format": {"html"}, "filter": {"year=2024&subject=project"}})
	id := jobID(t, body)
	body = rev.poll(id, "下载 ZIP")
	if !strings.Contains(body, "已完成，共 "+listed[1]+" 份") || !strings.Contains(body, "文件保留一天") {
		t.Errorf("finished job:\n%s", body)
	}
	resp, err := rev.c.Get(s.srv.URL + "/jobs/" + id + "/download")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("2024年度绩效自评报告.zip")) {
		t.Errorf("file name: %s", cd)
	}
	zr, err := zip.NewReader(strings.NewReader(got), int64(len(got)))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(len(zr.File)) != listed[1] {
		t.Errorf("ZIP has %d files; the page listed %s", len(zr.File), listed[1])
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "-2024年度报告.html") {
			t.Errorf("file in the ZIP: %s", f.Name)
		}
	}
	// Without scripts: the form goes to the job's page.
	req, _ := http.NewRequest("POST", s.srv.URL+"/bureau/reports", strings.NewReader(url.Values{"format": {"docx"}, "filter": {"year=2024"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	resp, err = rev.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	readAll(resp)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/jobs/r") {
		t.Fatalf("form without scripts: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	req, _ = http.NewRequest("GET", s.srv.URL+resp.Header.Get("Location"), nil)
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	if resp, err = rev.c.Do(req); err != nil {
		t.Fatal(err)
	}
	if page := readAll(resp); resp.StatusCode != 200 || !strings.Contains(page, "<h1>批量下载</h1>") || !strings.Contains(page, "返回复核总览") {
		t.Errorf("job page: %d\n%s", resp.StatusCode, page)
	}
	// A filter that lists nothing starts nothing.
	if st, body := rev.post("/bureau/reports", url.Values{"format": {"html"}, "filter": {"year=1999"}}); st != http.StatusBadRequest ||
		!strings.Contains(body, "当前筛选条件下没有评价") {
		t.Errorf("empty filter: %d %s", st, body)
	}
}

// In the browser: the PDF button on the overview shows the job's place in
// the print queue without reloading the page, can be cancelled (a POST
// that passes the cross-origin protection), and ends with a download link.
func TestPDFJobInBrowser(t *testing.T) {
	p := newTestPrinter(t, 1)
	s := newSiteWith(t, siteOptions{printer: p})
	b := newBrowser(t, s)
	h := newHolder(t, p)
	h.hold(t, pdf.Stats{Rendering: 1})
	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d", s.data.Evaluations[0].ID))
	eval[bool](b, "window.loaded = true")
	pdfButton := chromedp.CSS("button[hx-post$='/pdf']")
	b.do(chromedp.Click(pdfButton))
	b.waitFor(`document.querySelector("#pdf-job").innerText.includes("等待转换为 PDF（前面还有 0 份）")`)
	// htmx makes the button work when it settles the new content (20 ms
	// after the swap, later on a loaded machine): click it once it has.
	b.waitFor(settled("#pdf-job"))
	b.do(chromedp.Click(chromedp.CSS("#pdf-job button[hx-post$='/cancel']")))
	b.waitFor(`document.querySelector("#pdf-job").innerText.trim() === "已取消"`)
	waitStats(t, p, pdf.Stats{Rendering: 1})
	b.do(chromedp.Click(pdfButton))
	b.waitFor(`document.querySelector("#pdf-job").innerText.includes("等待转换为 PDF（前面还有 0 份）")`)
	h.release()
	b.waitFor(`document.querySelector("#pdf-job a[href$='/download']")`)
	if !eval[bool](b, "window.loaded === true") {
		t.Error("the page was reloaded")
	}
	if got := b.text("#pdf-job a"); !strings.HasPrefix(got, "下载 PDF（") {
		t.Errorf("link: %q", got)
	}
	got := evalAsync[string](b, `fetch(document.querySelector("#pdf-job a").href).then(r => r.status + " " + r.headers.get("content-type"))`)
	if got != "200 application/pdf" {
		t.Errorf("download: %s", got)
	}
}

// settled is a condition that holds once htmx has finished settling the
// content it swapped into sel: until then new elements carry the class
// htmx-added and their htmx attributes do not work yet.
func settled(sel string) string {
	return fmt.Sprintf(`!document.querySelector(%q)`, sel+" .htmx-added, "+sel+".htmx-added")
}

// A confirmed upload is imported by a job: its page shows the result and
// leads to the evaluation (a browser without scripts is sent there with the
// message); an import that can no longer be done (the same evaluation was
// imported meanwhile) fails with the reason in Chinese and writes nothing.
func TestUploadImportJob(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	good := "format: jixiao-case/1\nsubject: project\nyear: 2025\nrulebook: mof-2020\norg:\n  name: 某单位\nprojects:\n  - name: 任务项目\n"
	var tokens []string
	for range 2 {
		st, body := c.postFile("/evaluations/upload", "任务.yaml", []byte(good), true)
		m := regexp.MustCompile(`/uploads/([0-9a-f]+)`).FindStringSubmatch(body)
		if st != http.StatusOK || m == nil {
			t.Fatalf("upload: %d %s", st, body)
		}
		tokens = append(tokens, m[1])
	}
	body := c.confirm(tokens[0])
	m := regexp.MustCompile(`href="/evaluations/(\d+)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "已导入“任务.yaml”：2025年度项目支出评价") {
		t.Fatalf("import job: %s", body)
	}
	before := count2025(t, s)
	// The same page, as a browser without scripts sees it: on to the
	// evaluation.
	id := jobID(t, body)
	req, _ := http.NewRequest("GET", s.srv.URL+"/jobs/"+id, nil)
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	readAll(resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/evaluations/"+m[1] {
		t.Errorf("job page without scripts: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := c.get("/evaluations/" + m[1]); !strings.Contains(page, "已导入“任务.yaml”") {
		t.Error("the evaluation does not show the import's message")
	}
	// The second preview was made before the first import: it now fails.
	body = c.confirm(tokens[1])
	if !strings.Contains(body, "导入失败，没有保存任何内容") || !strings.Contains(body, "该单位2025年度的项目支出评价已存在") || strings.Contains(body, "replace=true") {
		t.Errorf("failed import job: %s", body)
	}
	if n := count2025(t, s); n != before {
		t.Errorf("the failed import changed the evaluations of 2025: %d, then %d", before, n)
	}
	// Another user cannot follow the job.
	if st, _ := signIn(t, s, "approver").get("/jobs/" + id); st != http.StatusNotFound {
		t.Errorf("another user polls the import job: %d", st)
	}
}

// In the browser: the bulk download on the bureau page shows its progress
// without reloading the page and ends with a link to the ZIP, which
// downloads; another click once it has ended starts a new job, listed with
// the first.
func TestBulkJobInBrowser(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("reviewer")
	b.open("/bureau?year=2024")
	eval[bool](b, "window.loaded = true")
	start := chromedp.CSS(`form[action="/bureau/reports"] button[type=submit]`)
	b.do(chromedp.Click(start))
	b.waitFor(`document.querySelector("#jobs a[href$='/download']")`)
	b.do(chromedp.Click(start))
	b.waitFor(`document.querySelectorAll("#jobs .job").length === 2`)
	if !eval[bool](b, "window.loaded === true") {
		t.Error("the page was reloaded")
	}
	if got := b.text("#jobs .job a"); !strings.HasPrefix(got, "下载 ZIP（") {
		t.Errorf("link: %q", got)
	}
	got := evalAsync[string](b, `fetch(document.querySelector("#jobs a").href).then(r => r.status + " " + r.headers.get("content-type"))`)
	if got != "200 application/zip" {
		t.Errorf("download: %s", got)
	}
}
