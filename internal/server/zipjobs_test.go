package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/api"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/riverjobs"
	"jixiao/internal/server"
	"jixiao/internal/sqlstore/sqltest"
)

// second starts another server on the fixture's database, with its own
// application and job queue, doing jobs; it returns a fixture that sends
// its requests there (the same users and tokens).
func (f *fixture) second() *fixture {
	f.t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(f.db)
	a.Hash = f.app.Hash
	q, err := riverjobs.New(f.db.SQL(), f.db.Dialect(), a.JobHandlers(), riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: logger})
	if err != nil {
		f.t.Fatal(err)
	}
	a.Jobs, a.ReadCase = q, api.ReadCase
	h, err := server.Handler(server.Config{Evaluations: a, Users: a, Jobs: a, SessionStore: f.db, Health: f.db.Check, Logger: logger})
	if err != nil {
		f.t.Fatal(err)
	}
	g := *f
	g.app, g.jobs, g.srv = a, q, httptest.NewServer(h)
	f.t.Cleanup(g.srv.Close)
	g.startJobs()
	return &g
}

// runBoth runs test on SQLite and, when it is available, on PostgreSQL.
func runBoth(t *testing.T, test func(t *testing.T, pg bool)) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			if pg && sqltest.PostgresDSN(t) == "" {
				return
			}
			test(t, pg)
		})
	}
}

// TestBulkJobAcrossServers starts a bulk download on server A, whose
// queue does no job; server B does it, and its ZIP — one report per
// evaluation the reviewer sees for the filter — is downloaded from A and
// from B alike. The same request while the job waits is the same job; a
// department the user cannot see is refused before anything is queued.
func TestBulkJobAcrossServers(t *testing.T) {
	runBoth(t, func(t *testing.T, pg bool) {
		f := newFixture(t, pg)
		year := f.evals["D1"].Year
		req := map[string]any{"format": "html", "year": year}
		r := f.do("reviewer", "POST", "/api/v1/bulk-jobs", req)
		var j jixiao.Job
		r.json(t, &j)
		if r.Status != http.StatusAccepted || j.Kind != jixiao.JobBulk || j.State != jixiao.JobQueued {
			t.Fatalf("start: %d %s", r.Status, r.Body)
		}
		var again jixiao.Job
		f.do("reviewer", "POST", "/api/v1/bulk-jobs", req).json(t, &again)
		if again.ID != j.ID {
			t.Errorf("the same request while it waits: job %d, then %d", j.ID, again.ID)
		}
		b := f.second()
		done := f.waitJob("reviewer", j.ID)
		if done.State != jixiao.JobDone || done.Attempt != 1 || done.Percent != 100 || done.Status != "已完成，共 2 份" ||
			done.ResultName != fmt.Sprintf("%d年度绩效自评报告.zip", year) {
			t.Fatalf("finished job %+v", done)
		}
		fromA := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil)
		fromB := b.do("reviewer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil)
		if fromA.Status != 200 || fromB.Status != 200 || !bytes.Equal(fromA.Body, fromB.Body) || int64(len(fromA.Body)) != done.ResultSize {
			t.Fatalf("result from A %d (%d bytes), from B %d (%d bytes), job says %d", fromA.Status, len(fromA.Body), fromB.Status, len(fromB.Body), done.ResultSize)
		}
		zr, err := zip.NewReader(bytes.NewReader(fromB.Body), int64(len(fromB.Body)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, zf := range zr.File {
			names = append(names, zf.Name)
			rc, _ := zf.Open()
			page, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Contains(page, []byte("<html")) {
				t.Errorf("%s is no report page", zf.Name)
			}
		}
		want := fmt.Sprintf("D1单位-%[1]d年度报告.html,D2单位-%[1]d年度报告.html", year)
		if strings.Join(names, ",") != want && strings.Join(names, ",") != fmt.Sprintf("D2单位-%[1]d年度报告.html,D1单位-%[1]d年度报告.html", year) {
			t.Errorf("ZIP holds %q, want the reviewer's D1 and D2", names)
		}
		// The bureau page lists the user's recent bulk jobs, from any server.
		rctx := jixiao.WithUser(context.Background(), f.users["reviewer"])
		if recent, err := b.app.RecentJobs(rctx, jixiao.JobBulk); err != nil || len(recent) != 1 || recent[0].ID != j.ID || recent[0].State != jixiao.JobDone {
			t.Errorf("recent bulk jobs: %+v %v", recent, err)
		}
		if recent, err := f.app.RecentJobs(jixiao.WithUser(context.Background(), f.users["preparer"]), jixiao.JobBulk); err != nil || len(recent) != 0 {
			t.Errorf("another user's recent bulk jobs: %+v %v", recent, err)
		}
		// Another user's job does not exist for them, on either server.
		if r := b.do("preparer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil); r.Status != http.StatusNotFound {
			t.Errorf("another user fetches the ZIP: %d", r.Status)
		}
		// Refused before anything is queued.
		f.app.MaxBulkPDF = 1
		for _, c := range []struct {
			body map[string]any
			want int
		}{
			{map[string]any{"format": "html", "year": year, "org": f.orgs["D3"].ID}, http.StatusNotFound},
			{map[string]any{"format": "exe", "year": year}, http.StatusBadRequest},
			{map[string]any{"format": "docx", "year": 1999}, http.StatusBadRequest},
			{map[string]any{"format": "docx"}, http.StatusBadRequest},
			{map[string]any{"format": "docx", "year": year, "q": strings.Repeat("长", 100)}, http.StatusBadRequest},
		} {
			if r := f.do("reviewer", "POST", "/api/v1/bulk-jobs", c.body); r.Status != c.want {
				t.Errorf("bulk job %v: %d %s, want %d", c.body, r.Status, r.Body, c.want)
			}
		}
		if r := f.do("reviewer", "POST", "/api/v1/bulk-jobs", map[string]any{"format": "pdf", "year": year}); r.Status != http.StatusBadRequest ||
			!strings.Contains(string(r.Body), "PDF 一次最多打包 1 份，当前筛选有 2 份") {
			t.Errorf("more PDFs than MaxBulkPDF: %d %s", r.Status, r.Body)
		}
	})
}

// TestBulkJobTooLarge: a ZIP that grows past its bound fails the job at
// once, saying so in Chinese, and leaves no result.
func TestBulkJobTooLarge(t *testing.T) {
	f := newFixture(t, false)
	f.app.MaxZip = 32 << 10 // the queue's server: the bound is the worker's
	var j jixiao.Job
	f.do("admin", "POST", "/api/v1/bulk-jobs", map[string]any{"format": "docx", "year": f.evals["D1"].Year}).json(t, &j)
	f.startJobs()
	d := f.waitJob("admin", j.ID)
	if d.State != jixiao.JobFailed || d.Attempt != 1 || !strings.HasPrefix(d.Error, "打包的文件超过上限 32 千字节") ||
		!strings.Contains(d.Error, "请按单位、状态或类型缩小筛选范围，分几次下载") {
		t.Errorf("too large: %+v", d)
	}
	if r := f.do("admin", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil); r.Status != http.StatusConflict {
		t.Errorf("result of the failed job: %d", r.Status)
	}
}

// TestBulkJobCancelled cancels a bulk download while it waits: it never
// runs, has no result, and a new request is a new job.
func TestBulkJobCancelled(t *testing.T) {
	runBoth(t, func(t *testing.T, pg bool) {
		f := newFixture(t, pg)
		req := map[string]any{"format": "docx", "year": f.evals["D1"].Year}
		var j jixiao.Job
		f.do("admin", "POST", "/api/v1/bulk-jobs", req).json(t, &j)
		r := f.do("admin", "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", j.ID), nil)
		var c jixiao.Job
		r.json(t, &c)
		if r.Status != 200 || c.State != jixiao.JobCancelled {
			t.Fatalf("cancel: %d %s", r.Status, r.Body)
		}
		var next jixiao.Job
		f.do("admin", "POST", "/api/v1/bulk-jobs", req).json(t, &next)
		if next.ID == j.ID || next.State != jixiao.JobQueued {
			t.Fatalf("after the cancel: %+v", next)
		}
		b := f.second()
		if d := b.waitJob("admin", next.ID); d.State != jixiao.JobDone || d.Status != "已完成，共 3 份" {
			t.Errorf("the new job: %+v", d)
		}
		if d := b.waitJob("admin", j.ID); d.State != jixiao.JobCancelled || d.Attempt != 0 {
			t.Errorf("the cancelled job: %+v", d)
		}
		if r := b.do("admin", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil); r.Status != http.StatusConflict {
			t.Errorf("result of a cancelled job: %d %s", r.Status, r.Body)
		}
	})
}

// TestUploadImportJobAcrossServers imports, as the web page's confirmation
// does, an upload held on server A: the job is done by server B, its
// result read on A names the evaluation stored. A confirmed upload that
// can no longer be imported (the evaluation is locked meanwhile) fails at
// once with the reason, and changes nothing.
func TestUploadImportJobAcrossServers(t *testing.T) {
	runBoth(t, func(t *testing.T, pg bool) {
		f := newFixture(t, pg)
		ctx := jixiao.WithUser(context.Background(), f.users["preparer"])
		ref, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		hold := func(change string) *jixiao.PendingUpload {
			t.Helper()
			c, err := caseio.Parse("ref.yaml", ref)
			if err != nil {
				t.Fatal(err)
			}
			c.Evaluation.OverallResult = change
			c.Evaluation.Org.Name = f.orgs["D1"].Name
			token, err := f.app.HoldUpload(ctx, &jixiao.PendingUpload{Name: "自评.xlsx", Evaluation: c.Evaluation, Replace: f.evals["D1"].ID})
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.app.TakeUpload(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		j, err := f.app.StartUploadImport(ctx, hold("已全面完成（经由任务导入）"))
		if err != nil || j.Kind != jixiao.JobImport {
			t.Fatalf("start: %+v %v", j, err)
		}
		b := f.second()
		done := f.waitJob("preparer", j.ID)
		if done.State != jixiao.JobDone || done.Status != "已覆盖“自评.xlsx”：2024年度部门整体支出评价" {
			t.Fatalf("finished job %+v", done)
		}
		var info jixiao.EvaluationInfo
		f.do("preparer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil).json(t, &info)
		if info.ID != f.evals["D1"].ID || info.Revision <= f.evals["D1"].Revision {
			t.Errorf("result %+v", info)
		}
		ev, stored, err := f.db.LoadEvaluation(context.Background(), f.evals["D1"].ID)
		if err != nil || ev.OverallResult != "已全面完成（经由任务导入）" {
			t.Fatalf("stored: %q %v", ev.OverallResult, err)
		}
		// Submitted meanwhile: the second confirmed upload cannot replace it.
		late := hold("不应写入")
		if stored, err = f.db.Transition(context.Background(), f.users["admin"], stored.ID, stored.Version, []jixiao.Status{jixiao.StatusDraft},
			jixiao.StatusSubmitted, "", nil); err != nil {
			t.Fatal(err)
		}
		j2, err := f.app.StartUploadImport(ctx, late)
		if err != nil {
			t.Fatal(err)
		}
		failed := b.waitJob("preparer", j2.ID)
		if failed.State != jixiao.JobFailed || failed.Attempt != 1 || !strings.Contains(failed.Error, "不能覆盖") {
			t.Errorf("late import: %+v", failed)
		}
		ev, now, err := f.db.LoadEvaluation(context.Background(), f.evals["D1"].ID)
		if err != nil || ev.OverallResult != "已全面完成（经由任务导入）" || now.Revision != stored.Revision || now.Status != jixiao.StatusSubmitted {
			t.Errorf("the failed import changed the evaluation: %q, revision %d then %d", ev.OverallResult, stored.Revision, now.Revision)
		}
	})
}
