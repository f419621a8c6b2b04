package web

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"jixiao"
)

// startReports generates the report (or tables) of every evaluation the
// dashboard shows, into one ZIP file in the spool, in the background.
func (w *Web) startReports(rw http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	format := r.FormValue("format")
	ext := map[string]string{"docx": "报告.docx", "xlsx": "表.xlsx", "pdf": "报告.pdf", "html": "报告.html"}[format]
	if ext == "" {
		return jixiao.Errorf(jixiao.EINVALID, "格式“%s”不支持，应为 docx、xlsx、pdf 或 html", format)
	}
	filter, _ := url.ParseQuery(r.FormValue("filter"))
	q := readBureauQuery(filter)
	all, _, err := w.Evaluations.Summaries(r.Context(), jixiao.EvaluationFilter{Limit: 100000, Year: q.Year})
	if err != nil {
		return err
	}
	var rows []*jixiao.Summary
	for _, s := range all {
		if (q.Org == 0 || s.OrgID == q.Org) && (q.Status == "" || string(s.Status) == q.Status) && (q.Grade == "" || s.Grade == q.Grade) &&
			(q.Subject == "" || string(s.Subject) == q.Subject) &&
			(q.Q == "" || strings.Contains(s.OrgName, q.Q) || strings.Contains(s.SubjectKey, q.Q)) {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "当前筛选条件下没有评价，无法生成")
	}
	what := strings.TrimSuffix(ext, path.Ext(ext))
	j := w.jobs.newJob(jobContext(r), kindBulk, fmt.Sprintf("生成 %d 项评价的%s", len(rows), what))
	j.Total, j.ctype, j.name = len(rows), "application/zip", fmt.Sprintf("%d年度绩效自评%s.zip", q.Year, what)
	j.start = func() { w.runReports(j, rows, format, ext) }
	if _, err := w.jobs.add(j); err != nil {
		return err
	}
	w.fragment(rw, http.StatusOK, "job", j.snapshot())
	return nil
}

// jobContext is the context a job works in: the request's user and values,
// without its end (the work outlives the request).
func jobContext(r *http.Request) context.Context {
	return jixiao.WithUser(context.WithoutCancel(r.Context()), ctxUser(r.Context()))
}

// runReports writes the evaluations' reports one by one into the job's
// ZIP file: one report in memory at a time, never the whole ZIP. PDFs wait
// in the shared print queue like anybody's.
func (w *Web) runReports(j *job, rows []*jixiao.Summary, format, ext string) {
	f, err := w.jobs.createFile(j, ".zip")
	if err != nil {
		w.jobs.end(j, nil, err)
		return
	}
	zw := zip.NewWriter(f)
	names := map[string]int{}
	ctx := jixiao.WithQueueStatus(j.ctx, j.setPrint)
	for _, s := range rows {
		if j.ctx.Err() != nil {
			break
		}
		e := &entry{zw: zw, names: names, name: fmt.Sprintf("%s-%d年度%s", strings.ReplaceAll(displayName(s), " · ", "-"), s.Year, ext)}
		err := reportRetrying(ctx, j, func() error {
			_, _, err := w.Evaluations.Report(ctx, s.ID, format, e)
			return err
		})
		if e.err != nil { // the spool cannot be written: the job fails
			w.jobs.end(j, f, e.err)
			return
		}
		j.mu.Lock()
		if err != nil && j.ctx.Err() == nil {
			j.failed = append(j.failed, fmt.Sprintf("%s：%s", displayName(s), jixiao.ErrorMessage(err)))
		}
		if j.ctx.Err() == nil {
			j.done++
		}
		j.print = nil
		j.mu.Unlock()
	}
	if j.ctx.Err() == nil {
		if err := zw.Close(); err != nil {
			w.jobs.end(j, f, fmt.Errorf("web: spool: %w", err))
			return
		}
	}
	w.jobs.end(j, f, nil)
}

// reportRetrying runs report, and again after a pause while the print
// queue is full (a bulk job yields to people waiting for one PDF).
func reportRetrying(ctx context.Context, j *job, report func() error) error {
	for {
		err := report()
		if jixiao.ErrorCode(err) != jixiao.ETOOMANY {
			return err
		}
		j.mu.Lock()
		j.busy, j.print = true, nil
		j.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(busyRetry):
		}
	}
}

// entry is a ZIP entry that is made on the first write, so that a report
// that fails leaves no empty file in the ZIP.
type entry struct {
	zw    *zip.Writer
	names map[string]int // names used, to number repeats
	name  string
	w     io.Writer
	err   error // the first error writing to the spool
}

func (e *entry) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.w == nil {
		e.names[e.name]++
		name := e.name
		if n := e.names[e.name]; n > 1 {
			name = fmt.Sprintf("%d-%s", n, e.name)
		}
		if e.w, e.err = e.zw.Create(name); e.err != nil {
			e.err = fmt.Errorf("web: spool: %w", e.err)
			return 0, e.err
		}
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("web: spool: %w", err)
	}
	return n, e.err
}

// startPDF makes the PDF report (or, at …/check-pdf, the 核查报告) of an
// evaluation in the background, in the shared print queue; the page shows
// its place in the queue, then the link.
func (w *Web) startPDF(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ev, _, err := w.Evaluations.Evaluation(r.Context(), id)
	if err != nil {
		return err
	}
	// The route names the document: the report, or the 核查报告 beside it.
	check := strings.HasSuffix(r.URL.Path, "/check-pdf")
	what := map[bool]string{false: "自评报告", true: "绩效自评核查报告"}[check]
	if w.Jobs != nil {
		j, err := w.Jobs.StartReport(r.Context(), id, "pdf", check)
		if err != nil {
			return err
		}
		p := durable(j)
		p.EvalID = id
		w.showJob(rw, r, p)
		return nil
	}
	j := w.jobs.newJob(jobContext(r), kindPDF, fmt.Sprintf("%s%d年度%s（PDF）", ev.Name(), ev.Year, what))
	j.EvalID, j.Check, j.Total, j.ctype, j.name = id, check, 1, "application/pdf", j.Title+".pdf"
	j.start = func() { w.runPDF(j) }
	shown, err := w.jobs.add(j) // the job, or the one already making this PDF
	if err != nil {
		return err
	}
	w.showJob(rw, r, shown.snapshot())
	return nil
}

// navigation reports whether r is the browser's own navigation (a form
// sent or a link followed without scripts), not the page's script asking.
func navigation(r *http.Request) bool {
	return r.Header.Get("Sec-Fetch-Mode") == "navigate" && r.Header.Get("HX-Request") == ""
}

// showJob answers the start or cancellation of a PDF job: the job's
// fragment for the page's script; a browser without scripts is sent to
// the job's own page.
func (w *Web) showJob(rw http.ResponseWriter, r *http.Request, p progress) {
	if navigation(r) {
		http.Redirect(rw, r, "/jobs/"+p.ID, http.StatusSeeOther)
		return
	}
	w.fragment(rw, http.StatusOK, "job", p)
}

func (w *Web) runPDF(j *job) {
	f, err := w.jobs.createFile(j, ".pdf")
	if err != nil {
		w.jobs.end(j, nil, err)
		return
	}
	write := w.Evaluations.Report
	if j.Check {
		write = w.Evaluations.CheckReport
	}
	_, name, err := write(jixiao.WithQueueStatus(j.ctx, j.setPrint), j.EvalID, "pdf", f)
	if err == nil {
		j.mu.Lock()
		j.name, j.done = name, 1
		j.mu.Unlock()
	}
	w.jobs.end(j, f, err)
}

// job answers the progress poll: the state while the job waits or runs,
// the download link when it is done; nothing (204) when the page shows the
// job's state already.
func (w *Web) job(rw http.ResponseWriter, r *http.Request) error {
	var p progress
	if id, ok := durableID(r.PathValue("id")); ok && w.Jobs != nil {
		j, err := w.Jobs.Job(r.Context(), id)
		if err != nil {
			return err
		}
		p = durable(j)
	} else {
		j, err := w.jobs.get(r.PathValue("id"), ctxUser(r.Context()))
		if err != nil {
			return err
		}
		p = j.snapshot()
	}
	if navigation(r) && p.Kind == kindPDF {
		w.render(rw, r, http.StatusOK, "jobpage", &page{Title: "生成 PDF", Data: p})
		return nil
	}
	if r.URL.Query().Get("v") == p.Version() {
		rw.WriteHeader(http.StatusNoContent)
		return nil
	}
	w.fragment(rw, http.StatusOK, "job", p)
	return nil
}

// cancelJob stops a job and removes its file.
func (w *Web) cancelJob(rw http.ResponseWriter, r *http.Request) error {
	if id, ok := durableID(r.PathValue("id")); ok && w.Jobs != nil {
		j, err := w.Jobs.CancelJob(r.Context(), id)
		if err != nil {
			return err
		}
		w.showJob(rw, r, durable(j))
		return nil
	}
	j, err := w.jobs.get(r.PathValue("id"), ctxUser(r.Context()))
	if err != nil {
		return err
	}
	w.jobs.cancelJob(j)
	if j.Kind == kindPDF {
		w.showJob(rw, r, j.snapshot())
		return nil
	}
	w.fragment(rw, http.StatusOK, "job", j.snapshot())
	return nil
}

// jobDownload sends a finished job's file from the spool.
func (w *Web) jobDownload(rw http.ResponseWriter, r *http.Request) error {
	if id, ok := durableID(r.PathValue("id")); ok && w.Jobs != nil {
		out, err := w.Jobs.JobOutput(r.Context(), id)
		if err != nil {
			return err
		}
		download(rw, out.Name, out.ContentType, int64(len(out.Data)))
		rw.Write(out.Data) // an error here is the client gone; the headers are sent
		return nil
	}
	j, err := w.jobs.get(r.PathValue("id"), ctxUser(r.Context()))
	if err != nil {
		return err
	}
	j.mu.Lock()
	state, file, name, ctype := j.state, j.file, j.name, j.ctype
	j.mu.Unlock()
	switch state {
	case stateDone:
	case stateCancelled, stateFailed:
		return jixiao.Errorf(jixiao.ENOTFOUND, "任务已取消或失败，没有可下载的文件")
	default:
		return jixiao.Errorf(jixiao.ECONFLICT, "任务尚未完成，请稍候")
	}
	f, err := os.Open(file)
	if err != nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "文件已过期（生成的文件保留一小时），请重新生成")
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	download(rw, name, ctype, fi.Size())
	io.Copy(rw, f) // an error here is the client gone; the headers are sent
	return nil
}

// download sets the headers of a job's file sent for saving.
func download(rw http.ResponseWriter, name, ctype string, size int64) {
	ascii := "report" + path.Ext(name)
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name)))
	rw.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	rw.Header().Set("Cache-Control", "no-store")
}

// durableID reads the page's id of a durable job ("r" and its number).
func durableID(s string) (int64, bool) {
	n, ok := strings.CutPrefix(s, "r")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(n, 10, 64)
	return id, err == nil && id > 0
}

// durable is a durable PDF job as the page shows it.
func durable(j *jixiao.Job) progress {
	p := progress{ID: "r" + strconv.FormatInt(j.ID, 10), Kind: kindPDF, State: j.State, Status: j.Status, Total: 1,
		Percent: j.Percent, Finished: j.Finished(), Error: j.Error, Keep: "一天", Cancelling: j.Cancelling}
	if j.State == jixiao.JobDone {
		p.Done, p.Size = 1, jixiao.SizeText(j.ResultSize)
	}
	if j.State == jixiao.JobRunning && j.Status == "" {
		p.Status = "正在生成"
	}
	return p
}
