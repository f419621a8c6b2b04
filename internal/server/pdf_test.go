package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
)

// procSampling is how often the PDF tests read the process table: often
// enough to see every LibreOffice conversion (each runs for seconds).
const procSampling = 100 * time.Millisecond

func soffice(t testing.TB) {
	t.Helper()
	testutil.NeedProc(t)
	testutil.Tool(t, "soffice", "libreoffice")
}

// pdfRequests sends n PDF report requests at once as admin (over the two
// evaluations admin sees) and returns the responses.
func (f *fixture) pdfRequests(n int) []response {
	out := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		d := []string{"D1", "D2"}[i%2]
		wg.Go(func() {
			out[i] = f.do("admin", "GET", fmt.Sprintf("/api/v1/evaluations/%d/report?format=pdf", f.evals[d].ID), nil)
		})
	}
	wg.Wait()
	return out
}

// loadSampler records the most renders and waiting requests a printer
// had at once.
type loadSampler struct {
	stop               chan struct{}
	wg                 sync.WaitGroup
	rendering, waiting int
}

func sampleLoad(p *pdf.Printer) *loadSampler {
	l := &loadSampler{stop: make(chan struct{})}
	l.wg.Go(func() {
		for {
			s := p.Stats()
			l.rendering, l.waiting = max(l.rendering, s.Rendering), max(l.waiting, s.Queued)
			select {
			case <-l.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
	return l
}

func (l *loadSampler) Stop() { close(l.stop); l.wg.Wait() }

// Four PDF requests at once through the whole server: every one gets its
// PDF (converted by LibreOffice), with never more than two conversions
// running (the printer's slots) and the rest queued.
func TestConcurrentPDF(t *testing.T) {
	f := newFixture(t, false)
	soffice(t)
	p, err := pdf.NewPrinter(pdf.PrinterOptions{Slots: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	f.app.Printer = p
	// A conversion runs for seconds: sampled every 100 ms, each is seen
	// many times. (Every 20 ms, the two samplers' reads of /proc cost
	// more CPU than the four conversions.)
	procs := testutil.SampleProcs(p.Dir(), procSampling)
	conversions := testutil.MaxProcDirs(filepath.Join(p.Dir(), "jixiao-lo-pdf-"), procSampling)
	load := sampleLoad(p)
	rs := f.pdfRequests(4)
	atOnce := conversions()
	load.Stop()
	procs.Stop()
	for i, r := range rs {
		if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
			t.Errorf("request %d: %d %.80s", i, r.Status, r.Body)
		}
	}
	if atOnce > 2 || atOnce == 0 {
		t.Errorf("%d conversions at once (their directories in command lines); want 1 or 2", atOnce)
	}
	if load.rendering != 2 || load.waiting < 1 || load.waiting > 2 {
		t.Errorf("at most %d rendering and %d waiting at once; want 2 rendering and 1 to 2 waiting", load.rendering, load.waiting)
	}
	if s := p.Stats(); s != (pdf.Stats{}) {
		t.Errorf("after the requests: %+v", s)
	}
	t.Logf("%d samples: at most %d conversion processes, peak RSS %d MiB, PSS %d MiB", procs.Samples, procs.MaxProcs, procs.PeakRSS>>20, procs.PeakPSS>>20)
}

// A full print queue answers 429 with Retry-After, at once.
func TestPDFQueueFull(t *testing.T) {
	f := newFixture(t, false)
	// Two conversions held until released: one runs, one waits, and the
	// queue is full.
	release := make(chan struct{})
	hold := func(ctx context.Context, docx []byte) ([]byte, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil, ctx.Err()
	}
	p, err := pdf.NewPrinter(pdf.PrinterOptions{Slots: 1, Queue: 1, Convert: hold})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	f.app.Printer = p
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(release)
	for _, want := range []pdf.Stats{{Rendering: 1}, {Rendering: 1, Queued: 1}} {
		wg.Go(func() {
			p.Print(context.Background(), []byte("held"))
		})
		for p.Stats() != want {
			time.Sleep(10 * time.Millisecond)
		}
	}
	r := f.do("admin", "GET", fmt.Sprintf("/api/v1/evaluations/%d/report?format=pdf", f.evals["D1"].ID), nil)
	if r.Status != http.StatusTooManyRequests || r.errorCode() != "too_many" ||
		!strings.Contains(string(r.Body), "PDF 生成繁忙：1 份正在生成，1 份在排队（排队上限 1 份），请稍后再试") {
		t.Errorf("full queue: %d %s", r.Status, r.Body)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+fmt.Sprintf("/api/v1/evaluations/%d/report?format=pdf", f.evals["D1"].ID), nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "15" {
		t.Errorf("full queue: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// Other formats do not wait for the printer.
	if r := f.do("admin", "GET", fmt.Sprintf("/api/v1/evaluations/%d/report?format=docx", f.evals["D1"].ID), nil); r.Status != 200 {
		t.Errorf("docx while the print queue is full: %d", r.Status)
	}
}

// BenchmarkConcurrentPDF sends 2 and 4 PDF requests at once through the
// server with the shared printer (default slots), and reports the time
// until the last answer and the peak memory of the conversions.
//
//	go test ./internal/server -run '^$' -bench ConcurrentPDF -benchtime 3x
func BenchmarkConcurrentPDF(b *testing.B) {
	soffice(b)
	for _, n := range []int{2, 4} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := newFixture(b, false)
			p, err := pdf.NewPrinter(pdf.PrinterOptions{})
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			f.app.Printer = p
			procs := testutil.SampleProcs(p.Dir(), procSampling)
			load := sampleLoad(p)
			b.ResetTimer()
			for b.Loop() {
				for i, r := range f.pdfRequests(n) {
					if r.Status != 200 {
						b.Fatalf("request %d: %d %s", i, r.Status, r.Body)
					}
				}
			}
			b.StopTimer()
			procs.Stop()
			load.Stop()
			b.ReportMetric(float64(procs.PeakRSS>>20), "peak-RSS-MiB")
			b.ReportMetric(float64(procs.PeakPSS>>20), "peak-PSS-MiB")
			b.ReportMetric(float64(load.rendering), "max-converting")
		})
	}
}
