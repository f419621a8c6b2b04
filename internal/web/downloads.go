package web

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"jixiao"
)

// Background jobs the pages start — the PDF of one evaluation, the
// reports of many in a ZIP file (bulk), the import of a confirmed upload
// — are durable jobs in the database (jixiao.JobService): any server
// answers the page's polls and sends the result, and they survive a
// restart. The page's script polls a job's fragment every second; a
// browser without scripts is sent to the job's own page, which reloads
// itself until the job ends.

// Kinds of jobs, as the page shows them.
const (
	kindPDF    = "pdf"    // the PDF report of one evaluation
	kindBulk   = "bulk"   // the reports of many evaluations, in a ZIP file
	kindImport = "import" // the import of a confirmed upload
)

// progress is a job as the page shows it.
type progress struct {
	ID, Kind, State string
	EvalID          int64 // a PDF job's evaluation, an import's result
	// Status is the job's progress in its own words; Percent how far it is.
	Status     string
	Percent    int
	Cancelling bool
	Finished   bool
	Error      string
	Size       string
}

// Version identifies what the fragment of p shows: the poll sends it, and
// gets no new fragment while it is the same (no flicker, no repeated
// announcement to screen readers, no button replaced under the pointer).
func (p progress) Version() string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%+v", p)
	return strconv.FormatUint(h.Sum64(), 36)
}

// ErrorLines are the lines of the reason a job failed (an import lists
// the problems of its case one per line).
func (p progress) ErrorLines() []string { return strings.Split(p.Error, "\n") }

// pageKinds are the page's kinds of the service's jobs.
var pageKinds = map[string]string{jixiao.JobReport: kindPDF, jixiao.JobBulk: kindBulk, jixiao.JobImport: kindImport}

// durable is a job as the page shows it.
func durable(j *jixiao.Job) progress {
	p := progress{ID: "r" + strconv.FormatInt(j.ID, 10), Kind: pageKinds[j.Kind], State: j.State, Status: j.Status,
		Percent: j.Percent, Finished: j.Finished(), Error: j.Error, Cancelling: j.Cancelling}
	if j.State == jixiao.JobDone {
		p.Size = jixiao.SizeText(j.ResultSize)
	}
	if j.State == jixiao.JobRunning && j.Status == "" {
		p.Status = "正在生成"
	}
	return p
}

// jobs returns the job service, or an error when the server runs none.
func (w *Web) jobs() (jixiao.JobService, error) {
	if w.Jobs == nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "后台任务不可用")
	}
	return w.Jobs, nil
}

// startReports generates the report (or tables) of every evaluation the
// bureau page shows, into one ZIP file, as a background job.
func (w *Web) startReports(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	filter, _ := url.ParseQuery(r.FormValue("filter"))
	q := readBureauQuery(filter)
	if q.Year == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "请先选择年度")
	}
	b := &jixiao.BulkReports{Format: r.FormValue("format"), Year: q.Year, Org: q.Org, Status: q.Status, Subject: q.Subject, Q: q.Q}
	if q.Grade != "" {
		b.Grades = []string{q.Grade}
		if t := gradeTier(q.Grade); t > 0 {
			b.Grades = gradeTiers[t-1]
		}
	}
	j, err := js.StartBulk(r.Context(), b)
	if err != nil {
		return err
	}
	if navigation(r) {
		w.showJob(rw, r, durable(j))
		return nil
	}
	// The page's list of bulk downloads, anew: the job started first (a
	// request for one already waiting is that job, not a second entry).
	recent, err := w.recentBulk(r)
	if err != nil {
		return err
	}
	w.fragment(rw, http.StatusOK, "job-list", recent)
	return nil
}

// recentBulk are the user's last bulk downloads, newest first.
func (w *Web) recentBulk(r *http.Request) ([]progress, error) {
	if w.Jobs == nil {
		return nil, nil
	}
	recent, err := w.Jobs.RecentJobs(r.Context(), jixiao.JobBulk)
	if err != nil {
		return nil, err
	}
	out := make([]progress, len(recent))
	for i, j := range recent {
		out[i] = durable(j)
	}
	return out, nil
}

// startPDF makes the PDF report (or, at …/check-pdf, the 核查报告) of an
// evaluation in the background, in the shared print queue; the page shows
// its place in the queue, then the link.
func (w *Web) startPDF(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// The route names the document: the report, or the 核查报告 beside it.
	j, err := js.StartReport(r.Context(), id, "pdf", strings.HasSuffix(r.URL.Path, "/check-pdf"))
	if err != nil {
		return err
	}
	p := durable(j)
	p.EvalID = id
	w.showJob(rw, r, p)
	return nil
}

// navigation reports whether r is the browser's own navigation (a form
// sent or a link followed without scripts), not the page's script asking.
func navigation(r *http.Request) bool {
	return r.Header.Get("Sec-Fetch-Mode") == "navigate" && r.Header.Get("HX-Request") == ""
}

// showJob answers the start or cancellation of a job: the job's fragment
// for the page's script; a browser without scripts is sent to the job's
// own page.
func (w *Web) showJob(rw http.ResponseWriter, r *http.Request, p progress) {
	if navigation(r) {
		http.Redirect(rw, r, "/jobs/"+p.ID, http.StatusSeeOther)
		return
	}
	w.fragment(rw, http.StatusOK, "job", p)
}

// jobTitles are the titles of the jobs' own pages.
var jobTitles = map[string]string{kindPDF: "生成 PDF", kindBulk: "批量下载", kindImport: "导入案例"}

// job answers the progress poll: the state while the job waits or runs,
// the download link when it is done; nothing (204) when the page shows the
// job's state already. The job's own page (a browser without scripts)
// reloads itself until the job ends; a finished import goes on to the
// evaluation it stored.
func (w *Web) job(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	id, err := jobID(r)
	if err != nil {
		return err
	}
	j, err := js.Job(r.Context(), id)
	if err != nil {
		return err
	}
	p := durable(j)
	if p.Kind == kindImport && j.State == jixiao.JobDone {
		if p.EvalID, err = importedID(r, js, id); err != nil {
			return err
		}
	}
	if navigation(r) {
		if p.Kind == kindImport && p.EvalID != 0 {
			w.flash(r, j.Status)
			http.Redirect(rw, r, fmt.Sprintf("/evaluations/%d", p.EvalID), http.StatusSeeOther)
			return nil
		}
		w.render(rw, r, http.StatusOK, "jobpage", &page{Title: jobTitles[p.Kind], Data: p})
		return nil
	}
	if r.URL.Query().Get("v") == p.Version() {
		rw.WriteHeader(http.StatusNoContent)
		return nil
	}
	w.fragment(rw, http.StatusOK, "job", p)
	return nil
}

// importedID is the evaluation a finished import job stored.
func importedID(r *http.Request, js jixiao.JobService, id int64) (int64, error) {
	out, err := js.JobOutput(r.Context(), id)
	if err != nil {
		return 0, err
	}
	var info jixiao.EvaluationInfo
	if err := json.Unmarshal(out.Data, &info); err != nil {
		return 0, fmt.Errorf("web: import result: %w", err)
	}
	return info.ID, nil
}

// cancelJob cancels a job.
func (w *Web) cancelJob(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	id, err := jobID(r)
	if err != nil {
		return err
	}
	j, err := js.CancelJob(r.Context(), id)
	if err != nil {
		return err
	}
	w.showJob(rw, r, durable(j))
	return nil
}

// jobDownload sends a finished job's file from the database (a large one
// part by part, as it is read).
func (w *Web) jobDownload(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	id, err := jobID(r)
	if err != nil {
		return err
	}
	out, err := js.JobOutput(r.Context(), id)
	if err != nil {
		return err
	}
	if out.Body == nil {
		download(rw, out.Name, out.ContentType, int64(len(out.Data)))
		rw.Write(out.Data) // an error here is the client gone; the headers are sent
		return nil
	}
	download(rw, out.Name, out.ContentType, out.Size)
	if _, err := io.Copy(rw, out.Body); err != nil {
		// The headers are sent: the client sees a short file.
		w.Logger.Warn("web: job download", "job", id, "err", err)
	}
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

// jobID reads the page's id of a job ("r" and its number).
func jobID(r *http.Request) (int64, error) {
	n, ok := strings.CutPrefix(r.PathValue("id"), "r")
	id, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, jixiao.Errorf(jixiao.ENOTFOUND, "任务不存在或已过期（已结束的任务保留一天）")
	}
	return id, nil
}
