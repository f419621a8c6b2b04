package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/sqlstore/sqltest"
)

// TestReopenAccepted: an accepted evaluation is reopened through the API
// only by an administrator or the reviewer whose acceptance it is, only
// with a reason; it goes back to returned (the department can edit it
// again), and the reopening is in its transitions and its audit history
// with who and why. Others are refused: another reviewer of the same
// bureau and the department get 403, the auditor 403.
func TestReopenAccepted(t *testing.T) {
	engines := map[string]bool{"sqlite": false}
	if sqltest.PostgresDSN(t) != "" {
		engines["postgres"] = true
	}
	for name, pg := range engines {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, pg)
			e := f.recs["D1"].eval
			info := func() jixiao.EvaluationInfo {
				var i jixiao.EvaluationInfo
				f.do("admin", "GET", fmt.Sprintf("/api/v1/evaluations/%d", e), nil).json(t, &i)
				return i
			}
			act := func(user, action string, body map[string]any, want int) response {
				t.Helper()
				body["version"] = info().Version
				r := f.do(user, "POST", fmt.Sprintf("/api/v1/evaluations/%d/%s", e, action), body)
				if r.Status != want {
					t.Fatalf("%s %s: %d, want %d: %s", user, action, r.Status, want, r.Body)
				}
				return r
			}
			can := func(user string) bool {
				t.Helper()
				p, err := f.app.Can(jixiao.WithUser(context.Background(), f.users[user]), e)
				if err != nil {
					t.Fatal(err)
				}
				return p.Reopen
			}
			act("reviewer", "reopen", map[string]any{"reason": "还没通过"}, 409) // a draft: nothing to reopen
			act("approver", "submit", map[string]any{}, 200)
			act("evaluator", "accept", map[string]any{}, 200)

			for user, want := range map[string]bool{"evaluator": true, "admin": true, "reviewer": false, "approver": false, "preparer": false, "auditor": false} {
				if got := can(user); got != want {
					t.Errorf("%s may reopen: %v, want %v", user, got, want)
				}
			}
			if r := act("reviewer", "reopen", map[string]any{"reason": "我来改"}, 403); r.errorMessage() != "只有管理员或通过该评价的复核人可以重新打开" {
				t.Errorf("another reviewer: %s", r.errorMessage())
			}
			act("approver", "reopen", map[string]any{"reason": "部门想改"}, 403)
			act("auditor", "reopen", map[string]any{"reason": "审计"}, 403)
			if r := act("evaluator", "reopen", map[string]any{"reason": "  "}, 400); r.errorMessage() != "重新打开时须写明原因，部门会看到这个原因" {
				t.Errorf("no reason: %s", r.errorMessage())
			}
			if s := info().Status; s != jixiao.StatusAccepted {
				t.Fatalf("after refused reopenings: %s", s)
			}
			act("evaluator", "reopen", map[string]any{"reason": "决算支出数填错，退回更正"}, 200)
			if s := info().Status; s != jixiao.StatusReturned {
				t.Fatalf("after reopen: %s", s)
			}
			// The department can edit it again, and submit it again.
			if r := f.putIndicator("preparer", f.getIndicator("preparer", f.recs["D1"].indicator), "improvement", "已更正"); r.Status != 200 {
				t.Fatalf("edit of a reopened evaluation: %d %s", r.Status, r.Body)
			}
			act("approver", "submit", map[string]any{"reason": "已更正"}, 200)
			// Accepted by the reviewer this time: the evaluator's earlier
			// acceptance no longer counts; the administrator always may.
			act("reviewer", "accept", map[string]any{}, 200)
			if can("evaluator") || !can("reviewer") || !can("admin") {
				t.Errorf("after the reviewer's acceptance: evaluator %v, reviewer %v, admin %v", can("evaluator"), can("reviewer"), can("admin"))
			}
			act("evaluator", "reopen", map[string]any{"reason": "再改"}, 403)
			act("admin", "reopen", map[string]any{"reason": "管理员更正"}, 200)

			var ts api.List[jixiao.Transition]
			f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/transitions", e), nil).json(t, &ts)
			var reopens []string
			for _, tr := range ts.Items {
				if tr.Reopens() {
					reopens = append(reopens, fmt.Sprintf("%s→%s by %s: %s", tr.From, tr.To, tr.Name, tr.Reason))
				}
			}
			if want := []string{"accepted→returned by evaluator: 决算支出数填错，退回更正", "accepted→returned by admin: 管理员更正"}; fmt.Sprint(reopens) != fmt.Sprint(want) {
				t.Errorf("reopenings: %q, want %q", reopens, want)
			}
			var audit api.List[jixiao.AuditEntry]
			f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/audit", e), nil).json(t, &audit)
			var got []string
			for _, a := range audit.Items {
				if a.Action == "reopen" {
					got = append(got, a.Name+" "+a.New)
				}
			}
			if want := []string{`admin {"comments":null,"reason":"管理员更正","status":"returned"}`,
				`evaluator {"comments":null,"reason":"决算支出数填错，退回更正","status":"returned"}`}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("reopenings in the audit log: %q, want %q", got, want)
			}
			// The history searched through the API: by text, person and date.
			search := func(query string) []string {
				t.Helper()
				var l api.List[jixiao.AuditEntry]
				r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/audit?%s", e, query), nil)
				if r.Status != 200 {
					t.Fatalf("audit search %s: %d %s", query, r.Status, r.Body)
				}
				r.json(t, &l)
				var out []string
				for _, a := range l.Items {
					out = append(out, a.Name+" "+a.Action)
				}
				return out
			}
			if got := search("q=" + url.QueryEscape("退回更正")); fmt.Sprint(got) != "[evaluator reopen]" {
				t.Errorf("search by text: %q", got)
			}
			if got := search("person=ADMIN"); fmt.Sprint(got) != "[admin reopen]" {
				t.Errorf("search by person: %q", got)
			}
			if got := search("until=2000-01-01"); len(got) != 0 {
				t.Errorf("search before 2000: %q", got)
			}
			if r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/audit?since=yesterday", e), nil); r.Status != 400 ||
				r.errorMessage() != "查询参数 since（起始日期）应为日期，如 2025-03-01，实际为“yesterday”" {
				t.Errorf("bad date: %d %s", r.Status, r.Body)
			}
		})
	}
}
