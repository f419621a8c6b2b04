package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
)

// gate is a conversion that holds every document starting with "slow"
// until release, and returns the others at once: it keeps slots busy for
// the tests of the queue.
type gate struct {
	done    chan struct{}
	release func()
}

func newGate(t *testing.T) *gate {
	g := &gate{done: make(chan struct{})}
	var once sync.Once
	g.release = func() { once.Do(func() { close(g.done) }) }
	t.Cleanup(g.release)
	return g
}

func (g *gate) convert(ctx context.Context, doc []byte) ([]byte, error) {
	if bytes.HasPrefix(doc, []byte("slow")) {
		select {
		case <-g.done:
		case <-ctx.Done():
			return nil, fmt.Errorf("pdf: 超过时限未完成：%w", ctx.Err())
		}
	}
	return append([]byte("%PDF-"), doc...), nil
}

func newPrinter(t *testing.T, opt pdf.PrinterOptions) *pdf.Printer {
	t.Helper()
	p, err := pdf.NewPrinter(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// The queue: requests wait in order and see their place; a full queue
// refuses at once with ETOOMANY; a request given up while it waits leaves
// the queue at once, and those behind move up.
func TestPrinterQueue(t *testing.T) {
	g := newGate(t)
	p := newPrinter(t, pdf.PrinterOptions{Slots: 1, Queue: 2, Convert: g.convert})
	type result struct {
		data []byte
		err  error
	}
	start := func(ctx context.Context, n int) (<-chan result, <-chan jixiao.QueueStatus) {
		states := make(chan jixiao.QueueStatus, 10)
		done := make(chan result, 1)
		go func() {
			data, err := p.Print(jixiao.WithQueueStatus(ctx, func(s jixiao.QueueStatus) { states <- s }), fmt.Appendf(nil, "slow %d", n))
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
	_, err := p.Print(context.Background(), []byte("D"))
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
	g.release()
	for name, done := range map[string]<-chan result{"A": doneA, "C": doneC} {
		r := <-done
		if r.err != nil || !bytes.HasPrefix(r.data, []byte("%PDF-slow")) {
			t.Errorf("%s: %q %v", name, r.data, r.err)
		}
	}
	if s := next(statesC); s != (jixiao.QueueStatus{Running: true}) {
		t.Errorf("C: %+v", s)
	}
	if s := p.Stats(); s != (pdf.Stats{}) {
		t.Errorf("stats at the end: %+v", s)
	}
}

// A conversion that takes longer than Timeout fails and frees its slot; at
// Close the conversion under way is stopped and a waiting request fails.
func TestPrinterTimeoutAndClose(t *testing.T) {
	g := newGate(t)
	p := newPrinter(t, pdf.PrinterOptions{Slots: 1, Timeout: time.Second, Convert: g.convert})
	if _, err := p.Print(context.Background(), []byte("slow 1")); err == nil || !strings.Contains(err.Error(), "超过时限") {
		t.Fatalf("slow report: %v", err)
	}
	if s := p.Stats(); s != (pdf.Stats{}) {
		t.Fatalf("after the timeout: %+v", s)
	}
	if data, err := p.Print(context.Background(), []byte("quick")); err != nil || string(data) != "%PDF-quick" {
		t.Fatalf("after the timeout: %q %v", data, err)
	}
	p2 := newPrinter(t, pdf.PrinterOptions{Slots: 1, Convert: g.convert})
	first := make(chan error, 1)
	go func() { _, err := p2.Print(context.Background(), []byte("slow 2")); first <- err }()
	for p2.Stats().Rendering == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	queued := make(chan error, 1)
	go func() { _, err := p2.Print(context.Background(), []byte("slow 3")); queued <- err }()
	for p2.Stats().Queued == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if err := p2.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-queued; err == nil {
		t.Error("the waiting request succeeded after Close")
	}
	if err := <-first; err == nil {
		t.Error("the conversion under way succeeded after Close")
	}
	if _, err := os.Stat(p2.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("directory after Close: %v", err)
	}
	if _, err := p2.Print(context.Background(), []byte("quick")); err == nil {
		t.Error("Print after Close succeeded")
	}
}

// Three reports at once through LibreOffice with two slots: every PDF
// made, never more than two conversions at once (each runs LibreOffice
// then pdftocairo in a directory of its own under the printer's, which
// their command lines name: the directories seen at once are counted),
// nothing left afterwards in the printer's directory, the
// temporary directory or the process table.
func TestPrinterLibreOffice(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	testutil.NeedProc(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var buf bytes.Buffer
	if err := docx.Render(&buf, reference(t)); err != nil {
		t.Fatal(err)
	}
	p := newPrinter(t, pdf.PrinterOptions{Slots: 2})
	// A conversion runs for seconds: sampled every 100 ms, each is seen
	// many times (every 20 ms, reading /proc cost more CPU than the
	// conversions).
	ps := testutil.SampleProcs(p.Dir(), 100*time.Millisecond)
	conversions := testutil.MaxProcDirs(filepath.Join(p.Dir(), "jixiao-lo-pdf-"), 100*time.Millisecond)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() {
			data, err := p.Print(context.Background(), buf.Bytes())
			if err == nil && !bytes.HasPrefix(data, []byte("%PDF-")) {
				err = fmt.Errorf("not a PDF: %.20q", data)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	ps.Stop()
	atOnce := conversions()
	for i, err := range errs {
		if err != nil {
			t.Errorf("report %d: %v", i, err)
		}
	}
	t.Logf("%d samples: at most %d conversions (%d processes) at once, peak RSS %d MiB", ps.Samples, atOnce, ps.MaxProcs, ps.PeakRSS>>20)
	if atOnce > 2 || atOnce == 0 {
		t.Errorf("%d conversions at once, want 1 or 2", atOnce)
	}
	if left, _ := os.ReadDir(p.Dir()); len(left) != 0 {
		t.Errorf("left in the printer's directory: %v", left)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
	if procs := testutil.Procs(p.Dir()); len(procs) != 0 {
		t.Errorf("processes after Close: %+v", procs)
	}
}

// Without LibreOffice, the error says how to get it.
func TestMissingLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := pdf.Print(context.Background(), []byte("PK\x03\x04"), pdf.Options{})
	if jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "本机没有安装 LibreOffice，无法生成 PDF") {
		t.Errorf("got %v", err)
	}
}
