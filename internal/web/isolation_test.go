package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/demo"
)

// client is a plain HTTP client with its own session.
type client struct {
	t    *testing.T
	base string
	c    *http.Client
}

func signIn(t *testing.T, s *site, user string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: s.srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	r, _ := c.post("/login", url.Values{"username": {user}, "password": {demo.Password}})
	if r != http.StatusSeeOther {
		t.Fatalf("login %s: %d", user, r)
	}
	return c
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.c.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	resp, err := c.c.PostForm(c.base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPagesIsolateDepartments calls every page route with another
// department's records as a department user: every one answers 404 and
// nothing of the other department changes. The same routes with the
// user's own records answer (so the 404s are not from wrong URLs).
func TestPagesIsolateDepartments(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	ids := func(evalID int64) map[string]string {
		gs, _ := s.db.Goals(ctx, evalID)
		ps, _ := s.db.Projects(ctx, evalID)
		is, _ := s.db.Indicators(ctx, evalID)
		m := map[string]string{"evaluations": fmt.Sprint(evalID), "section": "budget", "action": "submit"}
		if len(gs) > 0 {
			m["goals"] = fmt.Sprint(gs[0].ID)
		}
		if len(ps) > 0 {
			m["projects"] = fmt.Sprint(ps[0].ID)
		}
		if len(is) > 0 {
			m["indicators"] = fmt.Sprint(is[0].ID)
		}
		return m
	}
	own, other := ids(s.data.Evaluations[0].ID), ids(s.data.Evaluations[1].ID)
	own["declarations"], other["declarations"] = fmt.Sprint(draftDeclaration(t, s, 0)), fmt.Sprint(draftDeclaration(t, s, 1))
	ownTask, otherTask := taskFor(t, s, 0, "本部门的任务"), taskFor(t, s, 1, "另一部门的任务")
	own["tasks"], other["tasks"] = fmt.Sprint(ownTask.ID), fmt.Sprint(otherTask.ID)
	own["task-assignees"], other["task-assignees"] = fmt.Sprint(ownTask.Assignees[0].ID), fmt.Sprint(otherTask.Assignees[0].ID)
	ownSample, _, ownItem := recheckFixture(t, s, 0)
	otherSample, _, otherItem := recheckFixture(t, s, 1)
	own["samples"], other["samples"] = strings.TrimPrefix(ownSample, "/recheck/samples/"), strings.TrimPrefix(otherSample, "/recheck/samples/")
	own["rectifications"], other["rectifications"] = strings.TrimPrefix(ownItem, "/rectifications/"), strings.TrimPrefix(otherItem, "/rectifications/")
	for _, m := range []map[string]string{own, other} {
		var item int64
		fmt.Sscan(m["rectifications"], &item)
		f, err := s.db.AddRectificationFile(ctx, &jixiao.User{Username: "测试"}, item, "整改报告.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n"), jixiao.MaxRectFiles)
		if err != nil {
			t.Fatal(err)
		}
		m["file"] = fmt.Sprint(f.ID)
	}
	for m, dept := range map[*map[string]string]int{&own: 0, &other: 1} {
		round, entry := storedRound(t, s, dept, true)
		(*m)["monitoring"], (*m)["entry"] = fmt.Sprint(round), fmt.Sprint(entry)
	}
	path := func(pattern string, m map[string]string) (string, bool) {
		parts := strings.Split(pattern, "/")
		for i, p := range parts {
			switch p {
			case "{id}":
				v, ok := m[parts[i-1]]
				if !ok {
					return "", false
				}
				parts[i] = v
			case "{section}", "{action}", "{entry}", "{file}":
				parts[i] = m[strings.Trim(p, "{}")]
			}
		}
		return strings.Join(parts, "/"), true
	}
	before, _, _ := s.db.Audit(ctx, jixiao.AuditFilter{EvaluationID: s.data.Evaluations[1].ID, Limit: 1000})
	for _, user := range []string{"preparer", "approver", "evaluator"} {
		c := signIn(t, s, user)
		checked := 0
		for pattern, private := range s.pages.Patterns() {
			method, p, _ := strings.Cut(pattern, " ")
			if !private || !strings.Contains(p, "{id}") || strings.HasPrefix(p, "/jobs/") {
				continue
			}
			theirs, ok := path(p, other)
			if !ok {
				continue
			}
			var status int
			var body string
			form := url.Values{"version": {"1"}, "name": {"越权"}, "title": {"越权"}, "rows": {"a\tb\tc"}, "actual": {"1"}}
			if method == "GET" {
				status, body = c.get(theirs)
			} else {
				status, body = c.post(theirs, form)
			}
			if status != http.StatusNotFound || !strings.Contains(body, "记录不存在或无权访问") && !strings.Contains(body, "找不到") {
				t.Errorf("%s %s %s: %d, want 404", user, method, theirs, status)
			}
			// A sample is the bureau's: a department never reads it, not
			// even its own department's part (the other's is still 404).
			if method == "GET" && !strings.HasPrefix(p, "/recheck/samples/") {
				mine, _ := path(p, own)
				if st, _ := c.get(mine); st != http.StatusOK && st != http.StatusSeeOther {
					t.Errorf("%s GET %s (own): %d", user, mine, st)
				}
			}
			checked++
		}
		t.Logf("%s: %d routes refused for another department", user, checked)
		if checked < 20 {
			t.Errorf("only %d routes checked", checked)
		}
		// Lists show only the user's own department.
		_, home := c.get("/bureau")
		if strings.Contains(home, s.data.Departments[1].Name) {
			t.Errorf("%s sees another department on the overview", user)
		}
		if _, decls := c.get("/declarations"); strings.Contains(decls, s.data.Departments[1].Name) || !strings.Contains(decls, s.data.Departments[0].Name) {
			t.Errorf("%s's declaration list is not exactly the own department's", user)
		}
		if _, tasks := c.get("/tasks"); strings.Contains(tasks, "另一部门的任务") || strings.Contains(tasks, s.data.Departments[1].Name) {
			t.Errorf("%s's task list shows another department's task", user)
		}
	}
	after, _, _ := s.db.Audit(ctx, jixiao.AuditFilter{EvaluationID: s.data.Evaluations[1].ID, Limit: 1000})
	if len(after) != len(before) {
		t.Errorf("the other department's evaluation changed: %d audit entries, was %d", len(after), len(before))
	}
}

// TestJobsBelongToTheirUser checks that a report job's progress and result
// are not reachable by another user.
func TestJobsBelongToTheirUser(t *testing.T) {
	s := newSite(t)
	rev := signIn(t, s, "reviewer")
	st, body := rev.post("/bureau/reports", url.Values{"format": {"html"}, "filter": {"year=2024"}})
	if st != http.StatusOK || !strings.Contains(body, "/jobs/") {
		t.Fatalf("start job: %d %s", st, body)
	}
	id := jobID(t, body)
	rev.poll(id, "下载 ZIP")
	if st, _ := rev.get("/jobs/" + id + "/download"); st != http.StatusOK {
		t.Errorf("download: %d", st)
	}
	other := signIn(t, s, "auditor")
	for _, p := range []string{"/jobs/" + id, "/jobs/" + id + "/download"} {
		if st, _ := other.get(p); st != http.StatusNotFound {
			t.Errorf("another user GET %s: %d", p, st)
		}
	}
	if st, body := other.post("/jobs/"+id+"/cancel", nil); st != http.StatusNotFound || !strings.Contains(body, "任务不存在或已过期") {
		t.Errorf("another user cancels: %d", st)
	}
	if st, _ := rev.get("/jobs/" + id + "/download"); st != http.StatusOK {
		t.Errorf("download after another user's cancel: %d", st)
	}
}

// TestIsolationOfDeletedRecords: one department deletes an indicator and a
// draft evaluation; another department (of another bureau's view or not,
// it sees only its own) then makes new ones. The new records get new ids,
// and no page shows the other department anything of the deleted ones.
func TestIsolationOfDeletedRecords(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	sys := &jixiao.User{Username: "测试"}
	hash, _ := auth.Hash(demo.Password, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	other, err := s.db.CreateUser(ctx, sys, &jixiao.User{Username: "other", Role: jixiao.RolePreparer, OrgID: s.data.Departments[1].ID}, hash)
	if err != nil {
		t.Fatal(err)
	}
	// The reference department's indicator, made and deleted.
	gs, _ := s.db.Goals(ctx, s.data.Evaluations[0].ID)
	gone, err := s.db.CreateIndicator(ctx, sys, s.data.Evaluations[0].ID, jixiao.Owner{GoalID: gs[0].ID}, &jixiao.Indicator{Name: "机密指标丙"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.DeleteIndicator(ctx, sys, gone.ID, gone.Version); err != nil {
		t.Fatal(err)
	}
	// The training evaluation, a draft of the reference department, deleted.
	if err := s.db.DeleteEvaluation(ctx, sys, s.training.ID, s.training.Version); err != nil {
		t.Fatal(err)
	}
	c := signIn(t, s, other.Username)
	theirs := s.data.Evaluations[1].ID
	owner := jixiao.Owner{}
	if ps, _ := s.db.Projects(ctx, theirs); len(ps) > 0 {
		owner.ProjectID = ps[0].ID
	} else if gs, _ := s.db.Goals(ctx, theirs); len(gs) > 0 {
		owner.GoalID = gs[0].ID
	}
	mine, err := s.db.CreateIndicator(ctx, other, theirs, owner, &jixiao.Indicator{Name: "本部门指标"})
	if err != nil {
		t.Fatal(err)
	}
	if mine.ID <= gone.ID {
		t.Errorf("new indicator %d after deleting %d", mine.ID, gone.ID)
	}
	src, _ := examples.FS.ReadFile("project-training-2024.yaml")
	cs, _ := caseio.Parse("t.yaml", src)
	info, err := s.db.ImportEvaluation(ctx, other, s.data.Departments[1].ID, cs.Evaluation, false)
	if err != nil {
		t.Fatal(err)
	}
	if info.ID <= s.training.ID {
		t.Errorf("new evaluation %d after deleting %d", info.ID, s.training.ID)
	}
	pages := map[string]int{
		fmt.Sprintf("/evaluations/%d/history?entity=indicator&entity_id=%d", theirs, mine.ID): 200,
		fmt.Sprintf("/evaluations/%d/history?entity=indicator&entity_id=%d", theirs, gone.ID): 404,
		fmt.Sprintf("/evaluations/%d/history", info.ID):                                       200,
		fmt.Sprintf("/evaluations/%d", info.ID):                                               200,
		fmt.Sprintf("/indicators/%d", gone.ID):                                                404,
		fmt.Sprintf("/evaluations/%d", s.training.ID):                                         404,
		fmt.Sprintf("/evaluations/%d/history", s.training.ID):                                 404,
	}
	for p, want := range pages {
		st, body := c.get(p)
		if st != want {
			t.Errorf("%s: %d, want %d", p, st, want)
		}
		for _, secret := range []string{"机密指标丙", "职业技能培训补贴项目"} {
			if strings.Contains(body, secret) && !(secret == "职业技能培训补贴项目" && strings.Contains(p, fmt.Sprint(info.ID))) {
				t.Errorf("%s shows %s", p, secret)
			}
		}
	}
}
