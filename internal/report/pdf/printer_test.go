package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
)

func newPrinter(t *testing.T, opt pdf.PrinterOptions) *pdf.Printer {
	t.Helper()
	opt.Chromium = testutil.Tool(t, "chromium", "chromium-browser", "google-chrome")
	testutil.NeedProc(t)
	p, err := pdf.NewPrinter(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

const page = `<!doctype html><meta charset="utf-8"><title>t</title><p>第%d份报告</p>`

// blocker serves an image that does not arrive until release is called: a
// page that shows it keeps its tab (and its slot) busy until then.
type blocker struct {
	srv     *httptest.Server
	release func()
}

func newBlocker(t *testing.T) *blocker {
	done := make(chan struct{})
	var once sync.Once
	b := &blocker{release: func() { once.Do(func() { close(done) }) }}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(func() { b.release(); b.srv.Close() })
	return b
}

func (b *blocker) page(n int) []byte {
	return fmt.Appendf(nil, `<!doctype html><meta charset="utf-8"><p>第%d份</p><img src="%s/slow-%d.png" alt="">`, n, b.srv.URL, n)
}

// Ten requests at once share one browser: one browser process (the same
// one throughout), never more than Slots renders at once, every PDF made;
// afterwards no page file is left, and Close leaves no process, no
// directory and nothing in the temporary directory.
//
// Renders at once are counted where they happen: each page shows an image
// that its server holds for a while, so a render is in the browser while
// its image request is open. (Counting from the queue status to the return
// of Print would overlap the next request's start: a slot passes on before
// Print returns.)
func TestPrinterSharesOneBrowser(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var open, peak atomic.Int32
	img := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := open.Add(1)
		for {
			m := peak.Load()
			if n <= m || peak.CompareAndSwap(m, n) {
				break
			}
		}
		select {
		case <-time.After(400 * time.Millisecond):
		case <-r.Context().Done():
		}
		open.Add(-1)
		http.NotFound(w, r)
	}))
	t.Cleanup(img.Close)
	p := newPrinter(t, pdf.PrinterOptions{Slots: 2})
	ps := testutil.SampleProcs(p.Dir(), 20*time.Millisecond)
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range 10 {
		wg.Go(func() {
			var running int
			ctx := jixiao.WithQueueStatus(context.Background(), func(s jixiao.QueueStatus) {
				if s.Running {
					running++
				}
			})
			html := fmt.Appendf(nil, `<!doctype html><meta charset="utf-8"><p>第%d份报告</p><img src="%s/r-%d.png" alt="">`, i, img.URL, i)
			data, err := p.Print(ctx, html)
			if err == nil && !bytes.HasPrefix(data, []byte("%PDF-")) {
				err = fmt.Errorf("not a PDF: %.20q", data)
			}
			if err == nil && running != 1 {
				err = fmt.Errorf("told it runs %d times, want once", running)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	ps.Stop()
	for i, err := range errs {
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	if len(ps.Browsers) != 1 || ps.MaxBrowsers != 1 {
		t.Errorf("browser processes: %d different, %d at once; want one", len(ps.Browsers), ps.MaxBrowsers)
	}
	if got := peak.Load(); got != 2 {
		t.Errorf("at most %d renders at once, want 2 (the slots)", got)
	}
	if s := p.Stats(); s != (pdf.Stats{}) {
		t.Errorf("after the requests: %+v", s)
	}
	t.Logf("%d samples: at most %d Chromium processes, peak RSS %d MiB (PSS %d MiB)", ps.Samples, ps.MaxProcs, ps.PeakRSS>>20, ps.PeakPSS>>20)
	if left, _ := os.ReadDir(filepath.Join(p.Dir(), "pages")); len(left) != 0 {
		t.Errorf("page files left: %v", left)
	}
	if fi, err := os.Stat(p.Dir()); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("printer directory: %v %v", fi.Mode(), err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("directory after Close: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
	if procs := testutil.Procs(p.Dir()); len(procs) != 0 {
		t.Errorf("processes after Close: %+v", procs)
	}
	if _, err := p.Print(context.Background(), []byte("<p>x</p>")); err == nil {
		t.Error("Print after Close succeeded")
	}
}

// The queue: requests wait in order and see their place; a full queue
// refuses at once with ETOOMANY; a request given up while it waits leaves
// the queue at once, and those behind move up.
func TestPrinterQueue(t *testing.T) {
	p := newPrinter(t, pdf.PrinterOptions{Slots: 1, Queue: 2})
	b := newBlocker(t)
	type result struct {
		data []byte
		err  error
	}
	start := func(ctx context.Context, n int) (<-chan result, <-chan jixiao.QueueStatus) {
		states := make(chan jixiao.QueueStatus, 10)
		done := make(chan result, 1)
		go func() {
			data, err := p.Print(jixiao.WithQueueStatus(ctx, func(s jixiao.QueueStatus) { states <- s }), b.page(n))
			done <- result{data, err}
		}()
		return done, states
	}
	next := func(states <-chan jixiao.QueueStatus) jixiao.QueueStatus {
		t.Helper()
		select {
		case s := <-states:
			return s
		case <-time.After(30 * time.Second):
			t.Fatal("no status")
		}
		return jixiao.QueueStatus{}
	}
	doneA, statesA := start(context.Background(), 1)
	if s := next(statesA); s != (jixiao.QueueStatus{Running: true}) {
		t.Fatalf("A: %+v", s)
	}
	ctxB, cancelB := context.WithCancel(context.Background())
	doneB, statesB := start(ctxB, 2)
	if s := next(statesB); s != (jixiao.QueueStatus{Ahead: 0}) {
		t.Fatalf("B: %+v", s)
	}
	doneC, statesC := start(context.Background(), 3)
	if s := next(statesC); s != (jixiao.QueueStatus{Ahead: 1}) {
		t.Fatalf("C: %+v", s)
	}
	if s := p.Stats(); s != (pdf.Stats{Rendering: 1, Queued: 2}) {
		t.Fatalf("stats: %+v", s)
	}
	_, err := p.Print(context.Background(), []byte("<p>D</p>"))
	if jixiao.ErrorCode(err) != jixiao.ETOOMANY || jixiao.ErrorMessage(err) != "PDF 生成繁忙：1 份正在生成，2 份在排队（排队上限 2 份），请稍后再试" {
		t.Fatalf("full queue: %v", err)
	}
	cancelB()
	select {
	case r := <-doneB:
		if !errors.Is(r.err, context.Canceled) {
			t.Errorf("B given up: %v", r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("B did not leave the queue")
	}
	if s := next(statesC); s != (jixiao.QueueStatus{Ahead: 0}) {
		t.Fatalf("C after B left: %+v", s)
	}
	if s := p.Stats(); s != (pdf.Stats{Rendering: 1, Queued: 1}) {
		t.Fatalf("stats after B left: %+v", s)
	}
	b.release()
	for name, done := range map[string]<-chan result{"A": doneA, "C": doneC} {
		r := <-done
		if r.err != nil || !bytes.HasPrefix(r.data, []byte("%PDF-")) {
			t.Errorf("%s: %v", name, r.err)
		}
	}
	if s := next(statesC); s != (jixiao.QueueStatus{Running: true}) {
		t.Errorf("C: %+v", s)
	}
	if s := p.Stats(); s != (pdf.Stats{}) {
		t.Errorf("stats at the end: %+v", s)
	}
}

// A render that takes longer than Timeout fails and frees its slot; a
// waiting request fails when the printer closes.
func TestPrinterTimeoutAndClose(t *testing.T) {
	p := newPrinter(t, pdf.PrinterOptions{Slots: 1, Timeout: 2 * time.Second})
	b := newBlocker(t)
	_, err := p.Print(context.Background(), b.page(1))
	if err == nil || !strings.Contains(err.Error(), "超过 2s 未完成") {
		t.Fatalf("slow page: %v", err)
	}
	if s := p.Stats(); s != (pdf.Stats{}) {
		t.Fatalf("after the timeout: %+v", s)
	}
	if data, err := p.Print(context.Background(), fmt.Appendf(nil, page, 2)); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("after the timeout: %v", err)
	}
	// One renders (slowly), one waits; Close ends both.
	first := make(chan error, 1)
	go func() { _, err := p.Print(context.Background(), b.page(3)); first <- err }()
	for p.Stats().Rendering == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	queued := make(chan error, 1)
	go func() { _, err := p.Print(context.Background(), b.page(4)); queued <- err }()
	for p.Stats().Queued == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-queued; err == nil {
		t.Error("the waiting request succeeded after Close")
	}
	if err := <-first; err == nil {
		t.Error("the render under way succeeded after Close")
	}
	if _, err := os.Stat(p.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("directory after Close: %v", err)
	}
}

// A browser that dies is replaced: the next Print starts a new one.
func TestPrinterRestartsDeadBrowser(t *testing.T) {
	p := newPrinter(t, pdf.PrinterOptions{Slots: 1})
	if _, err := p.Print(context.Background(), fmt.Appendf(nil, page, 1)); err != nil {
		t.Fatal(err)
	}
	browsers := func() []int {
		var pids []int
		for _, pr := range testutil.Procs(p.Dir()) {
			if pr.Browser {
				pids = append(pids, pr.PID)
			}
		}
		return pids
	}
	old := browsers()
	if len(old) != 1 {
		t.Fatalf("browsers: %v", old)
	}
	if err := syscall.Kill(old[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	data, err := p.Print(context.Background(), fmt.Appendf(nil, page, 2))
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("after the browser died: %v", err)
	}
	now := browsers()
	if len(now) != 1 || now[0] == old[0] {
		t.Errorf("browsers after the restart: %v (the dead one was %d)", now, old[0])
	}
}
