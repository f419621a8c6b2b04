package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao/internal/libreoffice"
	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
	"jixiao/internal/web"
)

// spoolFiles lists the regular files under dir.
func spoolFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

var jobIDRe = regexp.MustCompile(`id="job-([0-9a-f]{24})"`)

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

// The PDF on the overview is a job: it waits in the shared print queue and
// shows its place, a second click while it waits is the same job, and
// when it is done its file is served from the spool.
func TestPDFJob(t *testing.T) {
	p := newTestPrinter(t, 1)
	s := newSiteWith(t, siteOptions{printer: p})
	c := signIn(t, s, "preparer")
	h := newHolder(t, p)
	h.hold(t, pdf.Stats{Rendering: 1})
	h.hold(t, pdf.Stats{Rendering: 1, Queued: 1})

	start := fmt.Sprintf("/evaluations/%d/pdf", s.data.Evaluations[0].ID)
	st, body := c.post(start, nil)
	if st != http.StatusOK {
		t.Fatalf("start: %d %s", st, body)
	}
	id := jobID(t, body)
	body = c.poll(id, "排队中（前面还有 1 份）")
	if !strings.Contains(body, `hx-post="/jobs/`+id+`/cancel"`) || !strings.Contains(body, `hx-trigger="every 1s"`) {
		t.Errorf("queued job lacks its cancel button or polling:\n%s", body)
	}
	// The poll gets nothing new while the job's state has not changed.
	if v := regexp.MustCompile(`\?v=([0-9a-z]+)"`).FindStringSubmatch(body); v == nil {
		t.Error("the poll sends no version")
	} else if st, rest := c.get("/jobs/" + id + "?v=" + v[1]); st != http.StatusNoContent || rest != "" {
		t.Errorf("poll of an unchanged job: %d %q", st, rest)
	}
	if _, again := c.post(start, nil); jobID(t, again) != id {
		t.Error("a second click started a second job")
	}
	if st, _ := c.get("/jobs/" + id + "/download"); st != http.StatusConflict {
		t.Errorf("download before the end: %d", st)
	}
	// Another user does not see the job.
	other := signIn(t, s, "approver")
	for _, try := range []func() int{
		func() int { st, _ := other.get("/jobs/" + id); return st },
		func() int { st, _ := other.get("/jobs/" + id + "/download"); return st },
		func() int { st, _ := other.post("/jobs/"+id+"/cancel", nil); return st },
	} {
		if st := try(); st != http.StatusNotFound {
			t.Errorf("another user: %d, want 404", st)
		}
	}
	h.release()
	body = c.poll(id, "下载 PDF")
	if strings.Contains(body, "hx-trigger") || strings.Contains(body, "/cancel") {
		t.Errorf("a finished job still polls or offers to cancel:\n%s", body)
	}
	files := spoolFiles(t, s.spool)
	if len(files) != 1 || !strings.HasSuffix(files[0], id+".pdf") {
		t.Fatalf("spool: %v", files)
	}
	onDisk, _ := os.ReadFile(files[0])
	resp, err := c.c.Get(s.srv.URL + "/jobs/" + id + "/download")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(got, "%PDF-") || got != string(onDisk) {
		t.Errorf("download: %d %s, %d bytes (file %d)", resp.StatusCode, resp.Header.Get("Content-Type"), len(got), len(onDisk))
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="report.pdf"; filename*=UTF-8''`+url.PathEscape("石家庄市自然资源和规划局-2024年度部门整体支出绩效自评报告.pdf") {
		t.Errorf("file name: %s", cd)
	}
}

// A bulk job: one per user at a time; beyond the server's bulk slots a job
// waits and says so; its PDFs wait in the shared print queue; cancelling it
// stops it, takes it out of the print queue, and removes its file.
func TestBulkJobCancel(t *testing.T) {
	p := newTestPrinter(t, 1)
	s := newSiteWith(t, siteOptions{printer: p, web: web.Config{BulkJobs: 1}})
	h := newHolder(t, p)
	h.hold(t, pdf.Stats{Rendering: 1})

	rev := signIn(t, s, "reviewer")
	st, body := rev.post("/bureau/reports", url.Values{"format": {"pdf"}, "filter": {"year=2024"}})
	if st != http.StatusOK {
		t.Fatalf("start: %d %s", st, body)
	}
	id := jobID(t, body)
	rev.poll(id, "正在生成 0 / ")
	rev.poll(id, "本份 PDF 排队中（前面还有 0 份）")
	waitStats(t, p, pdf.Stats{Rendering: 1, Queued: 1})
	if files := spoolFiles(t, s.spool); len(files) != 1 || !strings.HasSuffix(files[0], id+".zip") {
		t.Fatalf("spool while running: %v", files)
	}
	// One unfinished bulk job per user.
	st, body = rev.post("/bureau/reports", url.Values{"format": {"docx"}, "filter": {"year=2024"}})
	if st != http.StatusConflict || !strings.Contains(body, "您已有一个批量下载任务尚未完成（生成 ") {
		t.Errorf("second job: %d %s", st, body)
	}
	// The bureau page shows the running job.
	if _, page := rev.get("/bureau"); !strings.Contains(page, `id="job-`+id+`"`) {
		t.Error("the overview does not show the running job")
	}
	// Another user's job waits for the one bulk slot.
	aud := signIn(t, s, "auditor")
	_, body = aud.post("/bureau/reports", url.Values{"format": {"pdf"}, "filter": {"year=2024"}})
	other := jobID(t, body)
	if !strings.Contains(body, "排队中（前面还有 0 个批量任务）") {
		t.Errorf("second user's job:\n%s", body)
	}

	st, body = rev.post("/jobs/"+id+"/cancel", nil)
	if st != http.StatusOK || !strings.Contains(body, "已取消，已生成的文件已删除") {
		t.Fatalf("cancel: %d %s", st, body)
	}
	if st, _ := rev.get("/jobs/" + id + "/download"); st != http.StatusNotFound {
		t.Errorf("download of a cancelled job: %d", st)
	}
	// The auditor's job runs now, and waits for the printer in its turn.
	aud.poll(other, "本份 PDF 排队中（前面还有 0 份）")
	waitStats(t, p, pdf.Stats{Rendering: 1, Queued: 1})
	if files := spoolFiles(t, s.spool); len(files) != 1 || !strings.HasSuffix(files[0], other+".zip") {
		t.Errorf("spool after the cancel: %v", files)
	}
	if _, body := aud.post("/jobs/"+other+"/cancel", nil); !strings.Contains(body, "已取消") {
		t.Errorf("cancel the second job: %s", body)
	}
	waitStats(t, p, pdf.Stats{Rendering: 1})
	if files := spoolFiles(t, s.spool); len(files) != 0 {
		t.Errorf("spool after both cancels: %v", files)
	}
}

// A finished bulk job's ZIP is a file in the spool (0600, in a 0700
// directory), served from there, and removed an hour after the job ended.
func TestBulkJobExpires(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newSiteWith(t, siteOptions{web: web.Config{Now: clock}})
	rev := signIn(t, s, "reviewer")
	_, body := rev.post("/bureau/reports", url.Values{"format": {"html"}, "filter": {"year=2024"}})
	id := jobID(t, body)
	rev.poll(id, "下载 ZIP")
	files := spoolFiles(t, s.spool)
	if len(files) != 1 || !strings.HasSuffix(files[0], id+".zip") {
		t.Fatalf("spool: %v", files)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(files[0])
		di, _ := os.Stat(filepath.Dir(files[0]))
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Errorf("modes: file %v, directory %v", fi.Mode(), di.Mode())
		}
	}
	onDisk, _ := os.ReadFile(files[0])
	st, got := rev.get("/jobs/" + id + "/download")
	if st != 200 || got != string(onDisk) {
		t.Fatalf("download: %d, %d bytes; file %d bytes", st, len(got), len(onDisk))
	}
	zr, err := zip.NewReader(bytes.NewReader(onDisk), int64(len(onDisk)))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`生成 (\d+) 项评价`).FindStringSubmatch(body)
	if m == nil || fmt.Sprint(len(zr.File)) != m[1] {
		t.Errorf("ZIP has %d files; the job was for %v", len(zr.File), m)
	}
	mu.Lock()
	now = now.Add(59 * time.Minute)
	mu.Unlock()
	if st, _ := rev.get("/jobs/" + id + "/download"); st != 200 {
		t.Errorf("download after 59 minutes: %d", st)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	st, body = rev.get("/jobs/" + id)
	if st != http.StatusNotFound || !strings.Contains(body, "任务不存在或已过期（生成的文件保留一小时）") {
		t.Errorf("after an hour: %d", st)
	}
	if _, err := os.Stat(files[0]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file is still there: %v", err)
	}
}

// The spool: directories of servers that are gone are removed at start,
// those of running servers are kept; Close stops the jobs and removes the
// server's own directory.
func TestSpoolCleanup(t *testing.T) {
	base := t.TempDir()
	stale := filepath.Join(base, "run-old")
	live := filepath.Join(base, "run-live")
	for _, d := range []string{stale, live} {
		os.Mkdir(d, 0o700)
		os.WriteFile(filepath.Join(d, "x.zip"), []byte("PK"), 0o600)
	}
	old := time.Now().Add(-10 * time.Minute)
	os.Chtimes(stale, old, old)
	s := newSiteWith(t, siteOptions{web: web.Config{SpoolDir: base}})
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale spool kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(live, "x.zip")); err != nil {
		t.Errorf("a running server's spool removed: %v", err)
	}
	rev := signIn(t, s, "reviewer")
	_, body := rev.post("/bureau/reports", url.Values{"format": {"html"}, "filter": {"year=2024"}})
	rev.poll(jobID(t, body), "下载 ZIP")
	if n := len(spoolFiles(t, base)); n != 2 {
		t.Fatalf("%d files in the spool, want 2", n)
	}
	if err := s.pages.Close(); err != nil {
		t.Fatal(err)
	}
	files := spoolFiles(t, base)
	if len(files) != 1 || files[0] != filepath.Join(live, "x.zip") {
		t.Errorf("after Close: %v", files)
	}
	ents, _ := os.ReadDir(base)
	if len(ents) != 1 {
		t.Errorf("after Close the base holds %d entries", len(ents))
	}
}

// A bulk job keeps its ZIP on disk, not in memory: after four jobs, the
// server's heap has grown by less than one ZIP (when the ZIPs were kept in
// memory, it grew by all four).
func TestBulkJobHeap(t *testing.T) {
	s := newSiteWith(t, siteOptions{synthetic: 50})
	rev := signIn(t, s, "reviewer")
	var ms runtime.MemStats
	heap := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	run := func() string {
		_, body := rev.post("/bureau/reports", url.Values{"format": {"xlsx"}, "filter": {"year=2024"}})
		id := jobID(t, body)
		rev.poll(id, "下载 ZIP")
		return id
	}
	run() // warms the caches (templates, summaries, rulebooks)
	before := heap()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	var id string
	for range 4 {
		id = run()
	}
	close(stop)
	wg.Wait()
	// Other tests of the package may still be allocating as they finish
	// (under the race detector, in CI): the settled heap is the least of a
	// few measurements.
	after := heap()
	for range 5 {
		time.Sleep(50 * time.Millisecond)
		after = min(after, heap())
	}
	var size int64
	for _, f := range spoolFiles(t, s.spool) {
		if strings.HasSuffix(f, id+".zip") {
			fi, _ := os.Stat(f)
			size = fi.Size()
		}
	}
	grown := int64(after) - int64(before)
	t.Logf("4 jobs, ZIP %d KiB each; heap before %d KiB, after %d KiB (grown %d KiB), sampled peak %d KiB",
		size>>10, before>>10, after>>10, grown>>10, peak>>10)
	if size < 1<<20 {
		t.Fatalf("the ZIP (%d bytes) is too small to measure with", size)
	}
	if grown > size {
		t.Errorf("the heap grew by %d bytes for four ZIPs of %d bytes", grown, size)
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
	b.waitFor(`document.querySelector("#pdf-job").innerText.includes("排队中（前面还有 0 份）")`)
	// htmx makes the button work when it settles the new content (20 ms
	// after the swap, later on a loaded machine): click it once it has.
	b.waitFor(settled("#pdf-job"))
	b.do(chromedp.Click(chromedp.CSS("#pdf-job button[hx-post$='/cancel']")))
	b.waitFor(`document.querySelector("#pdf-job").innerText.trim() === "已取消"`)
	waitStats(t, p, pdf.Stats{Rendering: 1})
	b.do(chromedp.Click(pdfButton))
	b.waitFor(`document.querySelector("#pdf-job").innerText.includes("排队中（前面还有 0 份）")`)
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
