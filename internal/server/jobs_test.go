package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/sqlstore/sqltest"
)

// startJobs makes the fixture's queue do jobs until the test ends.
func (f *fixture) startJobs() {
	f.t.Helper()
	if err := f.jobs.Start(context.Background()); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := f.jobs.Stop(ctx); err != nil {
			f.t.Error(err)
		}
	})
}

// waitJob polls GET /jobs/{id} as user until the job has finished.
func (f *fixture) waitJob(user string, id int64) jixiao.Job {
	f.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var j jixiao.Job
		r := f.do(user, "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil)
		if r.Status != 200 {
			f.t.Fatalf("job %d: %d %s", id, r.Status, r.Body)
		}
		r.json(f.t, &j)
		if j.Finished() {
			return j
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("job %d not finished: %+v", id, j)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startJob posts path as user and returns the job of its 202.
func (f *fixture) startJob(user, path string) jixiao.Job {
	f.t.Helper()
	r := f.do(user, "POST", path, nil)
	if r.Status != http.StatusAccepted {
		f.t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
	}
	var j jixiao.Job
	r.json(f.t, &j)
	if j.ID == 0 || j.State != jixiao.JobQueued || j.UserID != f.users[user].ID {
		f.t.Fatalf("new job %+v", j)
	}
	return j
}

// TestReportJob makes a report in the background through the API: 202 with
// the job, its progress, then the same file as the report route gives.
func TestReportJob(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := map[bool]string{false: "sqlite", true: "postgres"}[pg]
		t.Run(name, func(t *testing.T) {
			if pg && sqltest.PostgresDSN(t) == "" {
				return
			}
			f := newFixture(t, pg)
			path := fmt.Sprintf("/api/v1/evaluations/%d/report-jobs?format=html", f.evals["D1"].ID)
			j := f.startJob("preparer", path)
			if again := f.startJob("preparer", path); again.ID != j.ID {
				t.Errorf("the same report while it waits: job %d, then %d", j.ID, again.ID)
			}
			if r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil); r.Status != http.StatusConflict {
				t.Errorf("result of a queued job: %d %s", r.Status, r.Body)
			}
			f.startJobs()
			done := f.waitJob("preparer", j.ID)
			if done.State != jixiao.JobDone || done.Percent != 100 || !strings.HasSuffix(done.ResultName, "报告.html") || done.Attempt != 1 {
				t.Fatalf("finished job %+v", done)
			}
			got := f.do("preparer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil)
			want := f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/report?format=html", f.evals["D1"].ID), nil)
			if got.Status != 200 || !bytes.Equal(got.Body, want.Body) || int64(len(got.Body)) != done.ResultSize {
				t.Errorf("result %d (%d bytes, job says %d), report route %d bytes", got.Status, len(got.Body), done.ResultSize, len(want.Body))
			}
			// Another user's job does not exist for them.
			if r := f.do("approver", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil); r.Status != http.StatusNotFound {
				t.Errorf("another user fetches the result: %d", r.Status)
			}
			// A report of an evaluation the user cannot see is refused
			// before it is queued.
			if r := f.do("preparer", "POST", fmt.Sprintf("/api/v1/evaluations/%d/report-jobs", f.evals["D3"].ID), nil); r.Status != http.StatusNotFound {
				t.Errorf("report job on another department: %d", r.Status)
			}
			if r := f.do("preparer", "POST", fmt.Sprintf("/api/v1/evaluations/%d/report-jobs?format=exe", f.evals["D1"].ID), nil); r.Status != http.StatusBadRequest {
				t.Errorf("report job in an unknown format: %d", r.Status)
			}
		})
	}
}

// TestRescoreJob re-scores, as a reviewer, the evaluations the reviewer
// sees, and reads the CSV of the results.
func TestRescoreJob(t *testing.T) {
	f := newFixture(t, false)
	j := f.startJob("reviewer", "/api/v1/rescore-jobs")
	f.startJobs()
	done := f.waitJob("reviewer", j.ID)
	if done.State != jixiao.JobDone || done.ResultName != "重新评分结果.csv" {
		t.Fatalf("finished job %+v", done)
	}
	r := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\uFEFF")))).ReadAll()
	if err != nil || r.Status != 200 {
		t.Fatalf("result %d: %v\n%s", r.Status, err, r.Body)
	}
	var orgs []string
	for _, row := range rows[1:] {
		orgs = append(orgs, row[0])
		if row[4] == "" || row[5] == "" {
			t.Errorf("row without a score or grade: %q", row)
		}
	}
	if rows[0][0] != "单位" || strings.Join(orgs, ",") != "D1单位,D2单位" {
		t.Errorf("rescored %q (header %q), want D1单位 and D2单位", orgs, rows[0])
	}
}

// TestCancelJobByAPI cancels a queued job: it stays cancelled once the
// queue runs, and has no result.
func TestCancelJobByAPI(t *testing.T) {
	f := newFixture(t, false)
	j := f.startJob("admin", fmt.Sprintf("/api/v1/evaluations/%d/report-jobs?format=docx", f.evals["D2"].ID))
	r := f.do("admin", "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", j.ID), nil)
	var c jixiao.Job
	r.json(t, &c)
	if r.Status != 200 || c.State != jixiao.JobCancelled {
		t.Fatalf("cancel: %d %+v", r.Status, c)
	}
	later := f.startJob("admin", fmt.Sprintf("/api/v1/evaluations/%d/report-jobs?format=docx", f.evals["D1"].ID))
	f.startJobs()
	if d := f.waitJob("admin", later.ID); d.State != jixiao.JobDone {
		t.Fatalf("later job %+v", d)
	}
	if d := f.waitJob("admin", j.ID); d.State != jixiao.JobCancelled {
		t.Errorf("cancelled job now %+v", d)
	}
	if r := f.do("admin", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil); r.Status != http.StatusConflict {
		t.Errorf("result of a cancelled job: %d %s", r.Status, r.Body)
	}
}

// TestImportJob imports cases in the background: a case stored, a case
// that exists already (refused without replace), a nesting bomb and a case
// with problems (each failing at once with the reason).
func TestImportJob(t *testing.T) {
	f := newFixture(t, false)
	ref, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	start := func(query string, body []byte) jixiao.Job {
		t.Helper()
		r := f.do("preparer", "POST", "/api/v1/import-jobs"+query, body)
		var j jixiao.Job
		r.json(t, &j)
		if r.Status != http.StatusAccepted || j.Kind != jixiao.JobImport {
			t.Fatalf("import job: %d %s", r.Status, r.Body)
		}
		return j
	}
	replaced := start("?replace=true", ref)
	exists := start("", ref)
	bomb := start("", []byte(strings.Repeat("[", 5000)))
	bad := start("", []byte("year: 二〇二四\n"))
	f.startJobs()

	done := f.waitJob("preparer", replaced.ID)
	r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", replaced.ID), nil)
	var info jixiao.EvaluationInfo
	r.json(t, &info)
	if done.State != jixiao.JobDone || info.ID != f.evals["D1"].ID || info.OrgID != f.orgs["D1"].ID || info.Revision <= f.evals["D1"].Revision {
		t.Errorf("replacing import: %+v, result %s", done, r.Body)
	}
	for _, c := range []struct {
		j    jixiao.Job
		want string
	}{{exists, "replace=true"}, {bomb, "嵌套层数超过"}, {bad, "案例有"}} {
		d := f.waitJob("preparer", c.j.ID)
		if d.State != jixiao.JobFailed || d.Attempt != 1 || !strings.Contains(d.Error, c.want) {
			t.Errorf("import job: %+v, want failed with %q", d, c.want)
		}
	}
	// Importing into a department one cannot write is refused at once.
	if r := f.do("auditor", "POST", fmt.Sprintf("/api/v1/import-jobs?org=%d", f.orgs["D1"].ID), ref); r.Status != http.StatusForbidden {
		t.Errorf("auditor's import job: %d %s", r.Status, r.Body)
	}
}
