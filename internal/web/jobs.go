package web

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"jixiao"
)

// A job is long work done in the background for one user (generating the
// reports of many evaluations), whose progress the page polls.
type job struct {
	ID     string
	UserID int64
	Title  string
	Total  int
	mu     sync.Mutex
	done   int
	failed []string // one line per evaluation that could not be done
	result []byte
	name   string // the result's file name
	err    error
	ended  time.Time
}

// progress is a snapshot of a job for the template.
type progress struct {
	ID, Title string
	Done      int
	Total     int
	Percent   int
	Failed    []string
	Finished  bool
	Error     string
	Size      string
}

func (j *job) snapshot() progress {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := progress{ID: j.ID, Title: j.Title, Done: j.done, Total: j.Total, Failed: append([]string(nil), j.failed...), Finished: !j.ended.IsZero()}
	if j.Total > 0 {
		p.Percent = j.done * 100 / j.Total
	}
	if j.err != nil {
		p.Error = jixiao.ErrorMessage(j.err)
	}
	if p.Finished {
		p.Size = sizeText(int64(len(j.result)))
	}
	return p
}

// jobs keeps the jobs of the last hour.
type jobs struct {
	mu sync.Mutex
	m  map[string]*job
}

func newJobs() *jobs { return &jobs{m: map[string]*job{}} }

func (js *jobs) add(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	for id, old := range js.m {
		old.mu.Lock()
		stale := !old.ended.IsZero() && time.Since(old.ended) > time.Hour
		old.mu.Unlock()
		if stale {
			delete(js.m, id)
		}
	}
	js.m[j.ID] = j
}

// get returns a job of user u (another user's job does not exist for u).
func (js *jobs) get(id string, u *jixiao.User) (*job, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.m[id]
	if !ok || j.UserID != u.ID {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "任务不存在或已过期（任务结果保留一小时）")
	}
	return j, nil
}

func newJobID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// startReports generates the report (or tables) of every evaluation the
// dashboard shows, into one ZIP file, in the background.
func (w *Web) startReports(rw http.ResponseWriter, r *http.Request) error {
	u := ctxUser(r.Context())
	if err := r.ParseForm(); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "表单无法读取：%v", err)
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
		if (q.Status == "" || string(s.Status) == q.Status) && (q.Grade == "" || s.Grade == q.Grade) &&
			(q.Subject == "" || string(s.Subject) == q.Subject) &&
			(q.Q == "" || strings.Contains(s.OrgName, q.Q) || strings.Contains(s.SubjectKey, q.Q)) {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "当前筛选条件下没有评价，无法生成")
	}
	j := &job{ID: newJobID(), UserID: u.ID, Total: len(rows), Title: fmt.Sprintf("生成 %d 项评价的%s", len(rows), strings.TrimSuffix(ext, path.Ext(ext))),
		name: fmt.Sprintf("%d年度绩效自评%s.zip", q.Year, strings.TrimSuffix(ext, path.Ext(ext)))}
	w.jobs.add(j)
	// The work outlives the request, acting for the same user.
	ctx := jixiao.WithUser(context.WithoutCancel(r.Context()), u)
	go w.runReports(ctx, j, rows, format, ext)
	w.fragment(rw, http.StatusOK, "job", j.snapshot())
	return nil
}

func (w *Web) runReports(ctx context.Context, j *job, rows []*jixiao.Summary, format, ext string) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := map[string]int{}
	for _, s := range rows {
		var out bytes.Buffer
		_, _, err := w.Evaluations.Report(ctx, s.ID, format, &out)
		j.mu.Lock()
		if err != nil {
			j.failed = append(j.failed, fmt.Sprintf("%s：%s", displayName(s), jixiao.ErrorMessage(err)))
		} else {
			name := fmt.Sprintf("%s-%d年度%s", strings.ReplaceAll(displayName(s), " · ", "-"), s.Year, ext)
			names[name]++
			if names[name] > 1 {
				name = fmt.Sprintf("%d-%s", names[name], name)
			}
			if f, zerr := zw.Create(name); zerr == nil {
				f.Write(out.Bytes())
			}
		}
		j.done++
		j.mu.Unlock()
	}
	err := zw.Close()
	j.mu.Lock()
	j.result, j.err, j.ended = buf.Bytes(), err, time.Now()
	j.mu.Unlock()
	if err != nil {
		w.Logger.Error("web: reports job", "err", err)
	}
}

// job answers the progress poll: the progress bar while the job runs, the
// download link when it is done.
func (w *Web) job(rw http.ResponseWriter, r *http.Request) error {
	j, err := w.jobs.get(r.PathValue("id"), ctxUser(r.Context()))
	if err != nil {
		return err
	}
	w.fragment(rw, http.StatusOK, "job", j.snapshot())
	return nil
}

func (w *Web) jobDownload(rw http.ResponseWriter, r *http.Request) error {
	j, err := w.jobs.get(r.PathValue("id"), ctxUser(r.Context()))
	if err != nil {
		return err
	}
	j.mu.Lock()
	data, name, ended := j.result, j.name, !j.ended.IsZero()
	j.mu.Unlock()
	if !ended {
		return jixiao.Errorf(jixiao.ECONFLICT, "任务尚未完成，请稍候")
	}
	rw.Header().Set("Content-Type", "application/zip")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="reports.zip"; filename*=UTF-8''%s`, url.PathEscape(name)))
	rw.Write(data)
	return nil
}
