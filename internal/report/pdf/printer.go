package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// PrinterOptions configure a Printer. Zero values take the defaults.
type PrinterOptions struct {
	// Chromium is the browser's path; empty means FindChromium.
	Chromium string
	// Slots is how many pages render at once, each in its own tab
	// (default min(number of CPUs, 4)).
	Slots int
	// Queue is how many requests may wait for a slot (default 16); Print
	// refuses more with ETOOMANY.
	Queue int
	// Timeout bounds one render, from the moment it gets a slot (default
	// 60 s). Waiting in the queue is bounded by the caller's context.
	Timeout time.Duration
}

// DefaultSlots is the default number of pages rendered at once.
func DefaultSlots() int { return min(runtime.NumCPU(), 4) }

// DefaultQueue is the default number of requests that may wait.
const DefaultQueue = 16

// Stats is a snapshot of a Printer's load.
type Stats struct {
	Rendering, Queued int
}

// Printer prints HTML pages to PDF with one headless Chromium shared by all
// its callers. The browser starts on the first Print, starts again if it
// died, and stops at Close. At most Slots pages render at once, each in a
// tab of its own that is closed after the page is printed; further requests
// wait in a first-in, first-out queue of at most Queue, and a request whose
// context ends while it waits leaves the queue at once.
//
// The browser's profile and the pages being printed live in a private
// directory (mode 0700) that Close removes.
type Printer struct {
	chromium string
	slots    int
	maxQueue int
	timeout  time.Duration
	dir      string

	mu        sync.Mutex // guards the fields below
	rendering int
	queue     []*waiter
	closed    bool

	bmu         sync.Mutex // guards the browser
	browser     context.Context
	stopBrowser func()
	starts      int

	renders sync.WaitGroup
}

// waiter is a request in the queue.
type waiter struct {
	ready   chan struct{} // closed when the request gets a slot, or the printer closes
	moved   chan struct{} // signalled when the queue ahead of it shrinks
	granted bool
	err     error // set when the printer closed before the request got a slot
}

var errClosed = errors.New("pdf: the printer is closed")

// startTimeout bounds the start of the browser.
const startTimeout = 30 * time.Second

// NewPrinter returns a Printer; its browser starts on the first Print.
func NewPrinter(opt PrinterOptions) (*Printer, error) {
	if opt.Slots <= 0 {
		opt.Slots = DefaultSlots()
	}
	if opt.Queue <= 0 {
		opt.Queue = DefaultQueue
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 60 * time.Second
	}
	dir, err := os.MkdirTemp("", "jixiao-chromium-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "pages"), 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return &Printer{chromium: opt.Chromium, slots: opt.Slots, maxQueue: opt.Queue, timeout: opt.Timeout, dir: dir}, nil
}

// Dir is the printer's private directory. Every process of its browser
// carries it on its command line (in --user-data-dir).
func (p *Printer) Dir() string { return p.dir }

// Slots is how many pages render at once.
func (p *Printer) Slots() int { return p.slots }

// Stats returns how many requests render and wait now.
func (p *Printer) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{Rendering: p.rendering, Queued: len(p.queue)}
}

// Print renders the HTML page html to a PDF, on the A4 page and margins its
// CSS declares. It waits for a slot first, telling the func of
// jixiao.WithQueueStatus in ctx its place; when the queue is full it
// returns an ETOOMANY error at once.
func (p *Printer) Print(ctx context.Context, html []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	notify := jixiao.QueueStatusFunc(ctx)
	if err := p.acquire(ctx, notify); err != nil {
		return nil, err
	}
	defer p.release()
	notify(jixiao.QueueStatus{Running: true})
	data, err := p.render(ctx, html)
	if err != nil && ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) && p.browserDied() {
		// The browser died under this page (killed, crashed): print it
		// once more on a new browser.
		data, err = p.render(ctx, html)
	}
	return data, err
}

// acquire waits for a rendering slot.
func (p *Printer) acquire(ctx context.Context, notify func(jixiao.QueueStatus)) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return errClosed
	}
	if p.rendering < p.slots && len(p.queue) == 0 {
		p.rendering++
		p.renders.Add(1)
		p.mu.Unlock()
		return nil
	}
	if len(p.queue) >= p.maxQueue {
		r, q := p.rendering, len(p.queue)
		p.mu.Unlock()
		return jixiao.Errorf(jixiao.ETOOMANY, "PDF 生成繁忙：%d 份正在生成，%d 份在排队（排队上限 %d 份），请稍后再试", r, q, p.maxQueue)
	}
	w := &waiter{ready: make(chan struct{}), moved: make(chan struct{}, 1)}
	p.queue = append(p.queue, w)
	ahead := len(p.queue) - 1
	p.mu.Unlock()
	notify(jixiao.QueueStatus{Ahead: ahead})
	for {
		select {
		case <-w.ready:
			return w.err
		case <-w.moved:
			p.mu.Lock()
			now := p.position(w)
			p.mu.Unlock()
			if now >= 0 && now != ahead {
				ahead = now
				notify(jixiao.QueueStatus{Ahead: ahead})
			}
		case <-ctx.Done():
			p.mu.Lock()
			granted := w.granted
			if !granted {
				p.leave(w)
			}
			p.mu.Unlock()
			if granted {
				p.release()
			}
			return ctx.Err()
		}
	}
}

// position is w's place in the queue (0: first), or -1 once it left.
func (p *Printer) position(w *waiter) int {
	for i, x := range p.queue {
		if x == w {
			return i
		}
	}
	return -1
}

// leave takes w out of the queue and tells those behind it.
func (p *Printer) leave(w *waiter) {
	i := p.position(w)
	if i < 0 {
		return
	}
	p.queue = append(p.queue[:i], p.queue[i+1:]...)
	for _, x := range p.queue[i:] {
		signal(x.moved)
	}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// release frees a slot: the first waiter gets it.
func (p *Printer) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.queue) > 0 && !p.closed {
		w := p.queue[0]
		p.queue = p.queue[1:]
		w.granted = true
		close(w.ready)
		for _, x := range p.queue {
			signal(x.moved)
		}
		return // the slot and its place in renders pass to w
	}
	p.rendering--
	p.renders.Done()
}

// render prints html in a new tab of the shared browser.
func (p *Printer) render(ctx context.Context, html []byte) ([]byte, error) {
	bctx, err := p.browserContext()
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Join(p.dir, "pages"), "report-*.html")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(html)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	tab, closeTab := chromedp.NewContext(bctx)
	defer closeTab() // closes the tab, and waits until it is closed
	rctx, cancel := context.WithTimeout(tab, p.timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // the caller gave up
	defer stop()
	if err := chromedp.Do(rctx, chromedp.Navigate("file://"+filepath.ToSlash(f.Name()))); err != nil {
		return nil, p.renderError("打开报告页面失败", ctx, rctx, err)
	}
	buf, err := chromedp.Run(rctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFOutlineAndTagged(),
	))
	if err != nil {
		return nil, p.renderError("打印失败", ctx, rctx, err)
	}
	return buf, nil
}

func (p *Printer) renderError(what string, ctx, rctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(rctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("pdf: %s：超过 %v 未完成：%w", what, p.timeout, err)
	}
	return fmt.Errorf("pdf: %s：%w", what, err)
}

// browserDied reports, after a failed render, whether the browser is gone;
// it waits a moment for chromedp to notice a lost connection.
func (p *Printer) browserDied() bool {
	p.bmu.Lock()
	b := p.browser
	p.bmu.Unlock()
	if b == nil {
		return false
	}
	select {
	case <-b.Done():
		return true
	case <-time.After(2 * time.Second):
		return false
	}
}

// browserContext returns the context of the running browser, starting one
// when there is none or the last one died.
func (p *Printer) browserContext() (context.Context, error) {
	p.bmu.Lock()
	defer p.bmu.Unlock()
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, errClosed
	}
	if p.browser != nil && p.browser.Err() == nil {
		return p.browser, nil
	}
	if p.stopBrowser != nil {
		p.stopBrowser()
		p.browser, p.stopBrowser = nil, nil
	}
	path := p.chromium
	if path == "" {
		var err error
		if path, err = FindChromium(); err != nil {
			return nil, err
		}
	}
	p.starts++
	profile := filepath.Join(p.dir, fmt.Sprintf("profile-%d", p.starts))
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox, // jixiao may run as root in a container
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	stop := func() {
		cancelBrowser()
		cancelAlloc() // waits until the browser has exited
		removeSingleton(profile)
		os.RemoveAll(profile)
	}
	// The first Run starts the browser; its context must have no deadline,
	// which would end the browser's life with it. A watchdog bounds the
	// start instead.
	watchdog := time.AfterFunc(startTimeout, cancelBrowser)
	err := chromedp.Do(bctx)
	if !watchdog.Stop() && err == nil {
		err = context.DeadlineExceeded
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("启动浏览器 %s 失败：%w", path, err)
	}
	p.browser, p.stopBrowser = bctx, stop
	return bctx, nil
}

// removeSingleton removes the directory that a browser stopped by a signal
// leaves in the temporary directory (org.chromium.Chromium.…, with its
// singleton socket), which the profile's SingletonSocket link points to.
func removeSingleton(profile string) {
	link, err := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	if err != nil {
		return
	}
	dir := filepath.Dir(link)
	if filepath.Dir(dir) == filepath.Clean(os.TempDir()) && strings.HasPrefix(filepath.Base(dir), "org.chromium.Chromium.") {
		os.RemoveAll(dir)
	}
}

// Close stops the browser and removes the printer's directory. Requests
// still waiting fail; renders under way end with the browser.
func (p *Printer) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	for _, w := range p.queue {
		w.err = errClosed
		close(w.ready)
	}
	p.queue = nil
	p.mu.Unlock()
	p.bmu.Lock()
	if p.stopBrowser != nil {
		p.stopBrowser()
		p.browser, p.stopBrowser = nil, nil
	}
	p.bmu.Unlock()
	p.renders.Wait()
	return os.RemoveAll(p.dir)
}
