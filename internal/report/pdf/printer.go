package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"jixiao"
	"jixiao/internal/libreoffice"
)

// PrinterOptions configure a Printer. Zero values take the defaults.
type PrinterOptions struct {
	// Slots is how many reports convert at once, each in a LibreOffice of
	// its own (default min(number of CPUs, 2)).
	Slots int
	// Queue is how many requests may wait for a slot (default 16); Print
	// refuses more with ETOOMANY.
	Queue int
	// Timeout bounds one conversion, from the moment it gets a slot
	// (default 120 s). Waiting in the queue is bounded by the caller's
	// context.
	Timeout time.Duration
	// Convert, when set, converts instead of LibreOffice (for tests of
	// the queue); it gets a context bounded by Timeout.
	Convert func(ctx context.Context, docx []byte) ([]byte, error)
}

// DefaultSlots is the default number of reports converted at once: each
// LibreOffice takes a core and a few hundred MiB.
func DefaultSlots() int { return min(runtime.NumCPU(), 2) }

// DefaultQueue is the default number of requests that may wait.
const DefaultQueue = 16

// Stats is a snapshot of a Printer's load.
type Stats struct {
	Rendering, Queued int
}

// Printer converts reports to PDF for all its callers. At most Slots
// conversions run at once, each a LibreOffice of its own with a profile of
// its own (internal/libreoffice); further requests wait in a first-in,
// first-out queue of at most Queue, and a request whose context ends while
// it waits leaves the queue at once.
//
// The conversions' files live in a private directory (mode 0700) that
// Close removes.
type Printer struct {
	slots    int
	maxQueue int
	timeout  time.Duration
	dir      string
	convert  func(ctx context.Context, docx []byte) ([]byte, error)
	closing  context.Context // ends at Close, which stops the conversions under way
	stop     func()

	mu        sync.Mutex // guards the fields below
	rendering int
	queue     []*waiter
	closed    bool

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

// NewPrinter returns a Printer.
func NewPrinter(opt PrinterOptions) (*Printer, error) {
	if opt.Slots <= 0 {
		opt.Slots = DefaultSlots()
	}
	if opt.Queue <= 0 {
		opt.Queue = DefaultQueue
	}
	if opt.Timeout <= 0 {
		opt.Timeout = libreoffice.DefaultPDFLimits.Timeout
	}
	dir, err := os.MkdirTemp("", "jixiao-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	closing, stop := context.WithCancel(context.Background())
	return &Printer{slots: opt.Slots, maxQueue: opt.Queue, timeout: opt.Timeout, dir: dir, convert: opt.Convert, closing: closing, stop: stop}, nil
}

// Dir is the printer's private directory. Every LibreOffice it runs
// carries it on its command line (in its profile's path).
func (p *Printer) Dir() string { return p.dir }

// Slots is how many reports convert at once.
func (p *Printer) Slots() int { return p.slots }

// Stats returns how many requests render and wait now.
func (p *Printer) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{Rendering: p.rendering, Queued: len(p.queue)}
}

// Print converts the report docx (a .docx) to PDF. It waits for a slot first, telling the func of
// jixiao.WithQueueStatus in ctx its place; when the queue is full it
// returns an ETOOMANY error at once.
func (p *Printer) Print(ctx context.Context, docx []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	notify := jixiao.QueueStatusFunc(ctx)
	if err := p.acquire(ctx, notify); err != nil {
		return nil, err
	}
	defer p.release()
	notify(jixiao.QueueStatus{Running: true})
	return p.render(ctx, docx)
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

// render converts docx in a directory of its own under the printer's.
func (p *Printer) render(ctx context.Context, docx []byte) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(p.closing, cancel)()
	if p.convert != nil {
		rctx, cancel := context.WithTimeout(ctx, p.timeout)
		defer cancel()
		return p.convert(rctx, docx)
	}
	lim := libreoffice.DefaultPDFLimits
	lim.Timeout = p.timeout
	return libreoffice.PDF(ctx, "报告", docx, p.dir, lim)
}

// Close stops the conversions under way (they fail) and removes the
// printer's directory; requests still waiting fail, and so does Print from
// then on.
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
	p.stop()
	p.renders.Wait()
	return os.RemoveAll(p.dir)
}
