package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"jixiao"
)

// Bounds of the download jobs.
const (
	// jobKeep is how long a finished job and its file are kept.
	jobKeep = time.Hour
	// maxPDFJobs is how many PDF jobs one user may have unfinished.
	maxPDFJobs = 3
	// maxKept is how many jobs (finished or not) one user keeps; starting
	// another forgets the oldest finished one and removes its file.
	maxKept = 5
	// maxBulkWaiting is how many bulk jobs may wait for a slot, server-wide.
	maxBulkWaiting = 16
	// defaultBulkJobs is how many bulk jobs run at once by default.
	defaultBulkJobs = 2
	// busyRetry is how long a bulk job waits before it asks again for a PDF
	// that the full print queue refused.
	busyRetry = 3 * time.Second
)

// Kinds of jobs.
const (
	kindBulk = "bulk" // the reports of many evaluations, in a ZIP file
	kindPDF  = "pdf"  // the PDF report of one evaluation
)

// States of a job.
const (
	stateQueued    = "queued"  // waits for a bulk slot
	stateRunning   = "running" // works (a PDF job may still wait for the printer)
	stateDone      = "done"
	stateFailed    = "failed"
	stateCancelled = "cancelled"
)

// A job is long work done in the background for one user, whose progress
// the page polls: the reports of many evaluations (bulk), or the PDF of
// one. Its result is a file in the spool, served from there.
type job struct {
	ID      string
	UserID  int64
	Kind    string
	Title   string
	EvalID  int64 // a PDF job's evaluation
	Check   bool  // a PDF job makes the 核查报告, not the report
	Total   int
	created time.Time
	ctx     context.Context
	cancel  context.CancelFunc
	exited  chan struct{} // closed when the job's goroutine ends (or it never ran)
	start   func()        // the work, started when the job gets its slot

	mu         sync.Mutex
	state      string
	ahead      int                 // a queued bulk job: bulk jobs before it
	print      *jixiao.QueueStatus // the PDF being made: its place in the print queue
	busy       bool                // the print queue was full; the job tries again
	cancelling bool
	done       int
	failed     []string // one line per evaluation that could not be done
	file       string   // the result in the spool
	size       int64
	name       string // the result's file name for the user
	ctype      string
	err        error
	ended      time.Time
}

// progress is a snapshot of a job for the template.
type progress struct {
	ID, Title, Kind, State string
	EvalID                 int64
	Ahead                  int
	Printing               bool // a PDF is being rendered
	PrintQueued            bool // a PDF waits in the print queue
	PrintAhead             int
	Busy                   bool
	Cancelling             bool
	Done, Total, Percent   int
	Failed                 []string
	Finished               bool
	Error                  string
	Size                   string
	// Status is a durable job's progress text; Keep how long its file is
	// kept.
	Status string
	Keep   string
}

// Version identifies what the fragment of p shows: the poll sends it, and
// gets no new fragment while it is the same (no flicker, no repeated
// announcement to screen readers, no button replaced under the pointer).
func (p progress) Version() string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%+v", p)
	return strconv.FormatUint(h.Sum64(), 36)
}

func (j *job) snapshot() progress {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := progress{ID: j.ID, Title: j.Title, Kind: j.Kind, State: j.state, EvalID: j.EvalID, Ahead: j.ahead, Busy: j.busy,
		Cancelling: j.cancelling, Done: j.done, Total: j.Total, Failed: slices.Clone(j.failed), Finished: j.finished()}
	if j.print != nil {
		p.Printing, p.PrintQueued, p.PrintAhead = j.print.Running, !j.print.Running, j.print.Ahead
	}
	if j.Total > 0 {
		p.Percent = j.done * 100 / j.Total
	}
	if j.err != nil {
		p.Error = jixiao.ErrorMessage(j.err)
	}
	if j.state == stateDone {
		p.Size = jixiao.SizeText(j.size)
	}
	return p
}

// finished reports whether the job has ended (j.mu held).
func (j *job) finished() bool {
	return j.state == stateDone || j.state == stateFailed || j.state == stateCancelled
}

// setPrint records the state of the PDF the job waits for.
func (j *job) setPrint(s jixiao.QueueStatus) {
	j.mu.Lock()
	j.print, j.busy = &s, false
	j.mu.Unlock()
}

// jobs keeps the jobs of the last hour, runs at most slots bulk jobs at
// once (the others wait in order), and keeps their files in the spool.
type jobs struct {
	dir    string           // this server's spool directory
	now    func() time.Time // the clock of expiry
	slots  int
	logger *slog.Logger

	mu      sync.Mutex
	m       map[string]*job
	running int    // bulk jobs running
	waiting []*job // bulk jobs waiting for a slot, in order
	closed  bool

	wg   sync.WaitGroup
	stop chan struct{}
}

func newJobs(spoolDir string, slots int, now func() time.Time, logger *slog.Logger) (*jobs, error) {
	if spoolDir == "" {
		spoolDir = DefaultSpoolDir()
	}
	if slots <= 0 {
		slots = defaultBulkJobs
	}
	if now == nil {
		now = time.Now
	}
	dir, err := openSpool(spoolDir)
	if err != nil {
		return nil, err
	}
	js := &jobs{dir: dir, now: now, slots: slots, logger: logger, m: map[string]*job{}, stop: make(chan struct{})}
	js.wg.Go(func() { js.janitor(js.stop) })
	return js, nil
}

func newJobID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// newJob returns a job of kind, not yet added, that works in ctx (for the
// user of ctx) until it is cancelled.
func (js *jobs) newJob(ctx context.Context, kind, title string) *job {
	ctx, cancel := context.WithCancel(ctx)
	return &job{ID: newJobID(), UserID: jixiao.UserFrom(ctx).ID, Kind: kind, Title: title, created: js.now(), ctx: ctx, cancel: cancel,
		exited: make(chan struct{}), state: stateRunning}
}

// expire forgets the jobs that ended more than jobKeep ago and removes
// their files (js.mu held).
func (js *jobs) expire() {
	now := js.now()
	for id, j := range js.m {
		j.mu.Lock()
		old := j.finished() && now.Sub(j.ended) > jobKeep
		j.mu.Unlock()
		if old {
			js.forget(id, j)
		}
	}
}

// forget drops a finished job and removes its file (js.mu held).
func (js *jobs) forget(id string, j *job) {
	delete(js.m, id)
	j.mu.Lock()
	file := j.file
	j.file = ""
	j.mu.Unlock()
	if file != "" {
		os.Remove(file)
	}
}

// get returns a job of user u (another user's job does not exist for u).
func (js *jobs) get(id string, u *jixiao.User) (*job, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.expire()
	j, ok := js.m[id]
	if !ok || j.UserID != u.ID {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "任务不存在或已过期（生成的文件保留一小时）")
	}
	return j, nil
}

// of returns user u's jobs of kind, newest first.
func (js *jobs) of(u *jixiao.User, kind string) []progress {
	js.mu.Lock()
	var list []*job
	for _, j := range js.m {
		if j.UserID == u.ID && j.Kind == kind {
			list = append(list, j)
		}
	}
	js.mu.Unlock()
	slices.SortFunc(list, func(a, b *job) int { return b.created.Compare(a.created) })
	out := make([]progress, len(list))
	for i, j := range list {
		out[i] = j.snapshot()
	}
	return out
}

// add registers j, within the limits: one unfinished bulk job and
// maxPDFJobs unfinished PDF jobs per user, maxBulkWaiting bulk jobs waiting.
// A PDF job for an evaluation whose PDF the user is already waiting for is
// not added: add returns that job instead. A bulk job runs at once when a
// slot is free and waits otherwise.
func (js *jobs) add(j *job) (_ *job, err error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	defer func() {
		if err != nil {
			j.cancel()
		}
	}()
	if js.closed {
		return nil, jixiao.Errorf(jixiao.ETOOMANY, "服务器正在停止，请稍后再试")
	}
	js.expire()
	var mine []*job
	pdfs := 0
	for _, o := range js.m {
		if o.UserID != j.UserID {
			continue
		}
		mine = append(mine, o)
		o.mu.Lock()
		unfinished := !o.finished()
		o.mu.Unlock()
		switch {
		case !unfinished:
		case o.Kind == kindBulk && j.Kind == kindBulk:
			return nil, jixiao.Errorf(jixiao.ECONFLICT, "您已有一个批量下载任务尚未完成（%s，见本页“批量下载”下方），"+
				"请等它完成，或点“取消”后再开始新的任务", o.Title)
		case o.Kind == kindPDF && j.Kind == kindPDF && o.EvalID == j.EvalID && o.Check == j.Check:
			j.cancel()
			return o, nil
		case o.Kind == kindPDF:
			pdfs++
		}
	}
	if j.Kind == kindPDF && pdfs >= maxPDFJobs {
		return nil, jixiao.Errorf(jixiao.ETOOMANY, "您已有 %d 份 PDF 正在生成，请等它们完成后再生成新的", pdfs)
	}
	if j.Kind == kindBulk && js.running >= js.slots && len(js.waiting) >= maxBulkWaiting {
		return nil, jixiao.Errorf(jixiao.ETOOMANY, "批量下载任务过多：%d 个正在生成，%d 个在排队，请稍后再试", js.running, len(js.waiting))
	}
	// Keep at most maxKept jobs per user: forget the oldest finished ones.
	slices.SortFunc(mine, func(a, b *job) int { return a.created.Compare(b.created) })
	kept := len(mine)
	for _, o := range mine {
		if kept < maxKept {
			break
		}
		o.mu.Lock()
		fin := o.finished()
		o.mu.Unlock()
		if fin {
			js.forget(o.ID, o)
			kept--
		}
	}
	js.m[j.ID] = j
	switch {
	case j.Kind != kindBulk:
		js.launch(j)
	case js.running < js.slots:
		js.running++
		js.launch(j)
	default:
		j.state, j.ahead = stateQueued, len(js.waiting)
		js.waiting = append(js.waiting, j)
	}
	return j, nil
}

// launch starts j's work (js.mu held).
func (js *jobs) launch(j *job) {
	j.mu.Lock()
	j.state = stateRunning
	j.mu.Unlock()
	js.wg.Go(func() {
		defer close(j.exited)
		j.start()
		if j.Kind == kindBulk {
			js.release()
		}
	})
}

// release frees a bulk slot: the first waiting job starts.
func (js *jobs) release() {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.running--
	if len(js.waiting) == 0 || js.closed {
		return
	}
	next := js.waiting[0]
	js.waiting = js.waiting[1:]
	js.renumber()
	js.running++
	js.launch(next)
}

// renumber tells the waiting jobs their places (js.mu held).
func (js *jobs) renumber() {
	for i, w := range js.waiting {
		w.mu.Lock()
		w.ahead = i
		w.mu.Unlock()
	}
}

// createFile makes the job's result file in the spool (mode 0600).
func (js *jobs) createFile(j *job, ext string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(js.dir, j.ID+ext), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("web: spool: %w", err)
	}
	j.mu.Lock()
	j.file = f.Name()
	j.mu.Unlock()
	return f, nil
}

// end records how a job's work ended, with its file f (closed here; on
// failure or cancellation removed).
func (js *jobs) end(j *job, f *os.File, err error) {
	var size int64
	if f != nil {
		if fi, serr := f.Stat(); serr == nil {
			size = fi.Size()
		}
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("web: spool: %w", cerr)
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ended, j.print, j.busy = js.now(), nil, false
	switch {
	case j.ctx.Err() != nil:
		j.state = stateCancelled
	case err != nil:
		j.state, j.err = stateFailed, err
		if jixiao.ErrorCode(err) == jixiao.EINTERNAL {
			js.logger.Error("web: job", "kind", j.Kind, "err", err)
		}
	default:
		j.state, j.size = stateDone, size
		return
	}
	if j.file != "" {
		os.Remove(j.file)
		j.file = ""
	}
}

// cancelJob stops j: a waiting job leaves the queue, a running one stops
// at its next step and removes its file. It waits (a little) until the job
// has stopped.
func (js *jobs) cancelJob(j *job) {
	js.mu.Lock()
	if i := slices.Index(js.waiting, j); i >= 0 {
		js.waiting = slices.Delete(js.waiting, i, i+1)
		js.renumber()
		j.cancel()
		js.end(j, nil, nil)
		close(j.exited)
	} else {
		j.mu.Lock()
		if !j.finished() {
			j.cancelling = true
		}
		j.mu.Unlock()
		j.cancel()
	}
	js.mu.Unlock()
	select {
	case <-j.exited:
	case <-time.After(10 * time.Second):
	}
}

// close cancels every job, waits until they stop, and removes the spool.
func (js *jobs) close() error {
	js.mu.Lock()
	if js.closed {
		js.mu.Unlock()
		return nil
	}
	js.closed = true
	for _, j := range js.waiting {
		j.cancel()
		js.end(j, nil, nil)
		close(j.exited)
	}
	js.waiting = nil
	for _, j := range js.m {
		j.cancel()
	}
	close(js.stop)
	js.mu.Unlock()
	js.wg.Wait()
	return os.RemoveAll(js.dir)
}
