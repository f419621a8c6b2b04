package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/api"
)

// need is what a route requires of its caller.
type need int

const (
	needNothing need = iota // public
	needUser                // any signed-in user
	needAdmin               // administrators
	needPropose             // propose indicators for the library (by role alone)
	needCurate              // confirm, merge, retire and edit library indicators (by role alone)
	needRules               // upload warning rules, results rules and calendars, choose a year's results rules (by role alone)
	needRead                // within the caller's departments:
	needWrite
	needSubmit
	needReview
	needAudit
	needReopen     // reopen an accepted evaluation (reviewers: their own acceptances)
	needDeclare    // prepare performance-goal declarations (create, edit, submit, revise)
	needDeclReview // return or approve declarations
	needIssue      // issue tasks to departments, return or complete their work
	needTask       // work on a task given to the department: start, submit
	needSample     // draw re-check samples, raise, confirm or return rectification items, decide results application
	needRescore    // re-score a sampled evaluation
	needRectify    // give feedback on the department's rectification items
	needMonitor    // fill in the department's monitoring entry, dispose of its warnings
	needDeptEval   // evaluate the department's own chosen projects (部门评价) and re-score them
)

// may is the role table of docs/server.md (角色与权限): what each role may do
// within the departments it can see. It is written out here, apart from
// the application's own table, so that the test states the requirement.
var may = map[jixiao.Role][]need{
	jixiao.RoleAdmin:     {needRead, needWrite, needSubmit, needReview, needAudit, needReopen, needDeclare, needDeclReview, needIssue, needTask, needSample, needRescore, needRectify, needMonitor, needPropose, needCurate, needDeptEval, needRules},
	jixiao.RoleAuditor:   {needRead, needAudit},
	jixiao.RoleReviewer:  {needRead, needReview, needAudit, needReopen, needDeclReview, needIssue, needSample, needRescore, needCurate, needRules},
	jixiao.RoleEvaluator: {needRead, needReview, needAudit, needReopen, needRescore},
	jixiao.RoleApprover:  {needRead, needWrite, needSubmit, needAudit, needDeclare, needTask, needRectify, needMonitor, needPropose, needDeptEval},
	jixiao.RolePreparer:  {needRead, needWrite, needAudit, needDeclare, needTask, needRectify, needMonitor, needPropose, needDeptEval},
}

// sees is which of the fixture's departments each user can see: D1 and D2
// belong to bureau B1, D3 to bureau B2; the reviewer works at B1, the
// evaluator is assigned D1, the preparer and approver work in D1.
var sees = map[string][]string{
	"admin": {"D1", "D2", "D3"}, "auditor": {"D1", "D2", "D3"},
	"reviewer": {"D1", "D2"}, "evaluator": {"D1"}, "approver": {"D1"}, "preparer": {"D1"},
}

// matrixCalendar is a working-day calendar file with one extra holiday.
const matrixCalendar = "name: county\nyears:\n  - year: 2026\n    source: 某县安排\n    holidays:\n      - {name: 调休, from: 2026-08-10, to: 2026-08-10}\n"

// matrixRulebook is a rulebook file that extends a built-in one.
const matrixRulebook = "name: 县级规则-2025\nextends: mof-2020\ngrades: [{name: 优, min: 95}, {name: 良, min: 80}, {name: 中, min: 60}, {name: 差}]\n"

const stale = 999999 // a version no record has: a write that passes the checks ends in a conflict, changing nothing

// cell describes how to exercise one route.
type cell struct {
	need need
	// ok is the status an allowed caller gets (the requests are built to
	// change nothing where they can: stale versions, duplicates).
	ok int
	// targets are what the route is called on; nil: every department for
	// department routes, one call otherwise.
	targets []string
	// req builds the path (with query) and body for user and target.
	req func(f *fixture, user, target string) (string, any)
	// want overrides the expected status for user and target (0: the
	// role table decides).
	want func(user, target string) int
}

// multipartFile is a body to send as an upload.
type multipartFile struct {
	name string
	data []byte
}

func (f *fixture) rawField(path, field string) json.RawMessage {
	f.t.Helper()
	r := f.do("admin", "GET", path, nil)
	if r.Status != 200 {
		f.t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	if field == "" {
		return r.Body
	}
	var m map[string]json.RawMessage
	r.json(f.t, &m)
	return m[field]
}

// other is a user other than u.
func other(u string) string {
	if u == "auditor" {
		return "admin"
	}
	return "auditor"
}

func cells() map[string]cell {
	ev := func(suffix string) func(f *fixture, _, d string) (string, any) {
		return func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d%s", f.recs[d].eval, suffix), nil
		}
	}
	refYAML, _ := examples.FS.ReadFile("shijiazhuang-2024.yaml")
	declYAML, _ := examples.FS.ReadFile("declarations/shijiazhuang-2025.yaml")
	decl := func(suffix string) func(f *fixture, _, d string) (string, any) {
		return func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/declarations/%d%s", f.recs[d].decl, suffix), nil
		}
	}
	declAction := func(suffix string, body any) func(f *fixture, _, d string) (string, any) {
		return func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/declarations/%d%s", f.recs[d].decl, suffix), body
		}
	}
	return map[string]cell{
		"GET /openapi.json": {need: needNothing, ok: 200, req: path("/api/v1/openapi.json")},
		"POST /login": {need: needNothing, ok: 200, req: func(f *fixture, u, _ string) (string, any) {
			if u == "" {
				u = "preparer"
			}
			return "/api/v1/login", map[string]string{"username": u, "password": password}
		}},
		"POST /logout":      {need: needNothing, ok: 200, req: path("/api/v1/logout")},
		"GET /me":           {need: needUser, ok: 200, req: path("/api/v1/me")},
		"POST /me/password": {need: needUser, ok: 400, req: body("/api/v1/me/password", map[string]string{"old_password": password, "new_password": "short"})},
		"GET /tokens":       {need: needUser, ok: 200, req: path("/api/v1/tokens")},
		"POST /tokens":      {need: needUser, ok: 200, req: body("/api/v1/tokens", map[string]string{"name": "矩阵测试"})},
		"DELETE /tokens/{id}": {need: needUser, ok: 200, targets: []string{"own", "other"},
			req: func(f *fixture, u, target string) (string, any) {
				owner := u
				if owner == "" {
					owner = "preparer"
				}
				if target == "other" {
					owner = other(u)
				}
				_, tok, err := f.app.CreateToken(jixiao.WithUser(f.t.Context(), f.users[owner]), "待撤销")
				if err != nil {
					f.t.Fatal(err)
				}
				return fmt.Sprintf("/api/v1/tokens/%d", tok.ID), nil
			},
			want: func(u, target string) int { return map[bool]int{true: 200, false: 404}[target == "own"] }},

		"GET /users": {need: needAdmin, ok: 200, req: path("/api/v1/users")},
		"POST /users": {need: needAdmin, ok: 409, req: body("/api/v1/users",
			map[string]string{"username": "admin", "role": "auditor", "password": "long-enough-password"})},
		"GET /users/{id}": {need: needUser, ok: 200, targets: []string{"self", "other"},
			req: func(f *fixture, u, target string) (string, any) {
				if u == "" {
					u = "preparer"
				}
				if target == "other" {
					u = other(u)
				}
				return fmt.Sprintf("/api/v1/users/%d", f.users[u].ID), nil
			},
			want: func(u, target string) int {
				if target == "self" || u == "admin" {
					return 200
				}
				return 404
			}},
		"PUT /users/{id}": {need: needAdmin, ok: 409, req: func(f *fixture, _, _ string) (string, any) {
			return fmt.Sprintf("/api/v1/users/%d", f.users["preparer"].ID), map[string]any{"version": stale, "display_name": "改名"}
		}},
		"POST /users/{id}/password": {need: needAdmin, ok: 400, req: func(f *fixture, u, _ string) (string, any) {
			return fmt.Sprintf("/api/v1/users/%d/password", f.users[other(u)].ID), map[string]string{"new_password": "short"}
		}},

		// Ending sessions revokes tokens: it is tried on a new user each
		// time (one's own is in TestSessionsEnd).
		"DELETE /users/{id}/sessions": {need: needUser, ok: 200, targets: []string{"other"},
			req: func(f *fixture, u, _ string) (string, any) {
				f.n++
				nu, err := f.app.CreateUser(jixiao.WithUser(f.t.Context(), f.users["admin"]),
					&jixiao.User{Username: fmt.Sprintf("throwaway%d", f.n), Role: jixiao.RoleAuditor}, password)
				if err != nil {
					f.t.Fatal(err)
				}
				return fmt.Sprintf("/api/v1/users/%d/sessions", nu.ID), nil
			},
			want: func(u, _ string) int { return map[bool]int{true: 200, false: 404}[u == "admin"] }},

		"GET /orgs":  {need: needUser, ok: 200, req: path("/api/v1/orgs")},
		"POST /orgs": {need: needAdmin, ok: 409, req: body("/api/v1/orgs", map[string]string{"code": "D1", "name": "重复", "kind": "department"})},
		"GET /orgs/{id}": {need: needRead, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/orgs/%d", f.orgs[d].ID), nil
		}},

		"GET /evaluations": {need: needUser, ok: 200, req: path("/api/v1/evaluations?page=1&per_page=10")},
		"GET /summaries":   {need: needUser, ok: 200, req: path("/api/v1/summaries?year=2024")},
		"GET /rollup": {need: needRead, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/rollup?org=%d", f.orgs[d].ID), nil
		}},
		"POST /report-audits": {need: needUser, ok: 200, req: body("/api/v1/report-audits?name=报告.txt", []byte("单位全年收入100万元，其中：财政拨款60万元，事业收入30万元。"))},
		"POST /evaluations": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations?org=%d", f.orgs[d].ID), refYAML
		}},
		"POST /import-jobs": {need: needWrite, ok: 202, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/import-jobs?org=%d", f.orgs[d].ID), refYAML
		}},
		"GET /evaluations/{id}": {need: needRead, ok: 200, req: ev("")},
		"DELETE /evaluations/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d?version=%d", f.recs[d].eval, stale), nil
		}},
		"GET /evaluations/{id}/case": {need: needRead, ok: 200, req: ev("/case")},
		"PUT /evaluations/{id}/case": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/case?revision=%d", f.recs[d].eval, stale), refYAML
		}},
		"GET /evaluations/{id}/budget": {need: needRead, ok: 200, req: ev("/budget")},
		"PUT /evaluations/{id}/budget": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			p := fmt.Sprintf("/api/v1/evaluations/%d/budget", f.recs[d].eval)
			return p, map[string]any{"version": stale, "budget": f.rawField(p, "")}
		}},
		"GET /evaluations/{id}/scorecard":    {need: needRead, ok: 200, req: ev("/scorecard")},
		"GET /evaluations/{id}/findings":     {need: needRead, ok: 200, req: ev("/findings")},
		"GET /evaluations/{id}/years":        {need: needRead, ok: 200, req: ev("/years")},
		"GET /evaluations/{id}/report":       {need: needRead, ok: 200, req: ev("/report?format=docx")},
		"GET /evaluations/{id}/check-report": {need: needRead, ok: 200, req: ev("/check-report?format=docx")},
		"POST /evaluations/{id}/report-jobs": {need: needRead, ok: 202, req: ev("/report-jobs?format=docx")},
		"POST /evaluations/{id}/submit": {need: needSubmit, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/submit", f.recs[d].eval), map[string]any{"version": stale}
		}},
		"POST /evaluations/{id}/return": {need: needReview, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/return", f.recs[d].eval), map[string]any{"version": stale, "reason": "请补充佐证"}
		}},
		"POST /evaluations/{id}/accept": {need: needReview, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/accept", f.recs[d].eval), map[string]any{"version": stale}
		}},
		// The fixture's evaluations are drafts: an allowed reopening ends in
		// a conflict (only accepted ones can be reopened).
		"POST /evaluations/{id}/reopen": {need: needReopen, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/reopen", f.recs[d].eval), map[string]any{"version": stale, "reason": "更正"}
		}},
		"GET /evaluations/{id}/transitions": {need: needRead, ok: 200, req: ev("/transitions")},
		"GET /evaluations/{id}/comments":    {need: needRead, ok: 200, req: ev("/comments")},
		"GET /evaluations/{id}/audit":       {need: needAudit, ok: 200, req: ev("/audit")},

		// Declarations: the fixture's are drafts of 2025, so an allowed
		// write ends in a conflict (stale version, duplicate) or a refusal
		// (nothing approved to carry forward or to create a self-evaluation
		// from), changing nothing.
		"GET /declarations": {need: needUser, ok: 200, req: path("/api/v1/declarations?year=2025")},
		"POST /declarations": {need: needDeclare, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/declarations?org=%d", f.orgs[d].ID), declYAML
		}},
		"POST /declarations/carry-forward": {need: needDeclare, ok: 400, req: func(f *fixture, _, d string) (string, any) {
			return "/api/v1/declarations/carry-forward", map[string]any{"org": f.orgs[d].ID, "year": 2026, "kind": "部门整体"}
		}},
		"GET /declarations/{id}":             {need: needRead, ok: 200, req: decl("")},
		"GET /declarations/{id}/permissions": {need: needRead, ok: 200, req: decl("/permissions")},
		"PUT /declarations/{id}": {need: needDeclare, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/declarations/%d", f.recs[d].decl),
				map[string]any{"version": stale, "content": map[string]any{"number": 1, "kind": "原始申报", "state": "草稿"}}
		}},
		"POST /declarations/{id}/submit": {need: needDeclare, ok: 409, req: declAction("/submit", map[string]any{"version": stale})},
		"POST /declarations/{id}/return": {need: needDeclReview, ok: 409,
			req: declAction("/return", map[string]any{"version": stale, "opinions": []map[string]string{{"text": "请补充指标"}}})},
		"POST /declarations/{id}/approve":  {need: needDeclReview, ok: 409, req: declAction("/approve", map[string]any{"version": stale})},
		"POST /declarations/{id}/revise":   {need: needDeclare, ok: 409, req: declAction("/revise", map[string]any{"version": stale, "kind": "目标调整"})},
		"GET /declarations/{id}/diff":      {need: needRead, ok: 200, req: decl("/diff?from=1&to=1")},
		"GET /declarations/{id}/findings":  {need: needRead, ok: 200, req: decl("/findings")},
		"POST /declarations/{id}/baseline": {need: needWrite, ok: 400, req: decl("/baseline")},

		"GET /evaluations/{id}/projects": {need: needRead, ok: 200, req: ev("/projects")},
		"GET /projects/{id}":             {need: needRead, ok: 200, req: rec("projects", func(r records) int64 { return r.project })},
		"PUT /projects/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			p := fmt.Sprintf("/api/v1/projects/%d", f.recs[d].project)
			return p, map[string]any{"version": stale, "project": f.rawField(p, "project")}
		}},
		"GET /evaluations/{id}/goals": {need: needRead, ok: 200, req: ev("/goals")},
		"POST /evaluations/{id}/goals": {need: needWrite, ok: 200, req: func(f *fixture, u, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/goals", f.recs[d].eval), map[string]any{"name": "矩阵目标" + u, "weight": 1}
		}},
		"DELETE /goals/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/goals/%d?version=%d", f.recs[d].goal, stale), nil
		}},
		"POST /evaluations/{id}/projects": {need: needWrite, ok: 200, req: func(f *fixture, u, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/projects", f.recs[d].eval), map[string]any{"name": "矩阵项目-" + u}
		}},
		"DELETE /projects/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/projects/%d?version=%d", f.recs[d].project, stale), nil
		}},
		"GET /goals/{id}": {need: needRead, ok: 200, req: rec("goals", func(r records) int64 { return r.goal })},
		"PUT /goals/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			p := fmt.Sprintf("/api/v1/goals/%d", f.recs[d].goal)
			return p, map[string]any{"version": stale, "goal": f.rawField(p, "goal")}
		}},
		"GET /evaluations/{id}/indicators": {need: needRead, ok: 200, req: ev("/indicators")},
		"POST /evaluations/{id}/indicators": {need: needWrite, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			in := f.rawField(fmt.Sprintf("/api/v1/indicators/%d", f.recs[d].indicator), "indicator")
			return fmt.Sprintf("/api/v1/evaluations/%d/indicators", f.recs[d].eval), map[string]any{"goal_id": f.recs[d].goal, "indicator": in}
		}},
		"POST /evaluations/{id}/indicators/batch": {need: needWrite, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			in := f.rawField(fmt.Sprintf("/api/v1/indicators/%d", f.recs[d].indicator), "indicator")
			return fmt.Sprintf("/api/v1/evaluations/%d/indicators/batch", f.recs[d].eval), map[string]any{"goal_id": f.recs[d].goal, "indicators": []any{in, in}}
		}},
		"GET /evaluations/{id}/permissions": {need: needRead, ok: 200, req: ev("/permissions")},
		"GET /indicators/{id}":              {need: needRead, ok: 200, req: rec("indicators", func(r records) int64 { return r.indicator })},
		"PUT /indicators/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			p := fmt.Sprintf("/api/v1/indicators/%d", f.recs[d].indicator)
			return p, map[string]any{"version": stale, "indicator": f.rawField(p, "indicator")}
		}},
		"DELETE /indicators/{id}": {need: needWrite, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/indicators/%d?version=%d", f.recs[d].indicator, stale), nil
		}},
		"GET /indicators/{id}/evidence": {need: needRead, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/indicators/%d/evidence", f.recs[d].indicator), nil
		}},
		"POST /indicators/{id}/evidence": {need: needWrite, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/indicators/%d/evidence", f.recs[d].indicator),
				map[string]any{"title": "验收报告", "file_id": f.recs[d].file}
		}},
		"POST /evaluations/{id}/files": {need: needWrite, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/files", f.recs[d].eval), multipartFile{"验收单.png", png}
		}},
		"GET /evaluations/{id}/files": {need: needRead, ok: 200, req: ev("/files")},
		"GET /files/{id}":             {need: needRead, ok: 200, req: rec("files", func(r records) int64 { return r.file })},

		"GET /rulebooks": {need: needUser, ok: 200, req: path("/api/v1/rulebooks")},
		"POST /rulebooks": {need: needUser, ok: 200, req: body("/api/v1/rulebooks?name=县级规则.yaml", []byte(matrixRulebook)),
			want: func(u, _ string) int {
				switch u {
				case "":
					return 401
				case "admin", "reviewer":
					return 200
				}
				return 403
			}},
		"GET /rulebooks/{ref}": {need: needUser, ok: 200, req: func(f *fixture, _, _ string) (string, any) {
			if _, _, err := f.app.SaveRulebook(jixiao.WithUser(f.t.Context(), f.users["admin"]), "县级规则.yaml", []byte(matrixRulebook)); err != nil {
				f.t.Fatal(err)
			}
			return "/api/v1/rulebooks/" + url.PathEscape("县级规则-2025@1"), nil
		}},

		"GET /rule-files":  {need: needUser, ok: 200, req: path("/api/v1/rule-files?kind=calendar")},
		"POST /rule-files": {need: needRules, ok: 200, req: body("/api/v1/rule-files?kind=calendar&name=日历.yaml", []byte(matrixCalendar))},
		"GET /rule-files/{id}": {need: needUser, ok: 200, req: func(f *fixture, _, _ string) (string, any) {
			rf, _, err := f.app.SaveRuleFile(jixiao.WithUser(f.t.Context(), f.users["admin"]), jixiao.RuleFileCalendar, "日历.yaml", []byte(matrixCalendar))
			if err != nil {
				f.t.Fatal(err)
			}
			return fmt.Sprintf("/api/v1/rule-files/%d", rf.ID), nil
		}},
		"GET /results-application/rules":  {need: needUser, ok: 200, req: path("/api/v1/results-application/rules?year=2024")},
		"POST /results-application/rules": {need: needRules, ok: 200, req: body("/api/v1/results-application/rules", map[string]any{"year": 2030})},
		"POST /rescore-jobs": {need: needUser, ok: 202, req: path("/api/v1/rescore-jobs?rulebook=mof-2020"),
			want: func(u, _ string) int { return map[bool]int{true: 200, false: 403}[u == "admin" || u == "reviewer"] }},
		"POST /bulk-jobs": {need: needRead, ok: 202, req: func(f *fixture, _, d string) (string, any) {
			return "/api/v1/bulk-jobs", map[string]any{"format": "docx", "year": f.evals[d].Year, "org": f.orgs[d].ID}
		}},
		"GET /jobs/{id}":         {need: needUser, ok: 200, targets: []string{"own", "other"}, req: jobPath(""), want: ownJob},
		"GET /jobs/{id}/result":  {need: needUser, ok: 409, targets: []string{"own", "other"}, req: jobPath("/result"), want: ownJob},
		"POST /jobs/{id}/cancel": {need: needUser, ok: 200, targets: []string{"own", "other"}, req: jobPath("/cancel"), want: ownJob},

		// The library is the whole server's: the rows change nothing (a
		// duplicate name, a confirmed indicator confirmed again, a merge into
		// itself, an unknown code).
		"GET /library":         {need: needUser, ok: 200, req: path("/api/v1/library?q=" + url.QueryEscape("资金") + "&level1=" + url.QueryEscape("过程"))},
		"GET /library/history": {need: needUser, ok: 200, req: path("/api/v1/library/history")},
		"GET /library/export":  {need: needUser, ok: 200, req: path("/api/v1/library/export?format=yaml")},
		"POST /library": {need: needPropose, ok: 409, req: func(f *fixture, _, _ string) (string, any) {
			return "/api/v1/library", map[string]any{"name": "资金到位率", "level1": "投入"}
		}},
		"POST /library/{code}/confirm":           {need: needCurate, ok: 200, req: path("/api/v1/library/GX-0001/confirm")},
		"POST /library/{code}/merge":             {need: needCurate, ok: 400, req: body("/api/v1/library/GX-0001/merge", map[string]string{"into": "GX-0001"})},
		"POST /library/{code}/retire":            {need: needCurate, ok: 404, req: path("/api/v1/library/GX-9999/retire")},
		"POST /library/{code}/edit":              {need: needCurate, ok: 404, req: body("/api/v1/library/GX-9999/edit", map[string]string{"name": "资金到位率", "level1": "投入", "field": "共性", "reason": "核对口径"})},
		"GET /library/versions/{version}":        {need: needUser, ok: 200, req: path("/api/v1/library/versions/1")},
		"GET /library/versions/{version}/export": {need: needUser, ok: 200, req: path("/api/v1/library/versions/1/export?format=yaml")},
		"GET /library/compare":                   {need: needUser, ok: 200, req: path("/api/v1/library/compare?from=1&to=1")},

		"GET /tasks":   {need: needUser, ok: 200, req: path("/api/v1/tasks")},
		"GET /inbox":   {need: needUser, ok: 200, req: path("/api/v1/inbox")},
		"GET /notices": {need: needUser, ok: 200, req: path("/api/v1/notices")},
		"POST /tasks": {need: needIssue, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return "/api/v1/tasks", map[string]any{"kind": "自评", "title": "矩阵测试任务", "deadline": "2026-03-31", "remind_days": 3,
				"bureau_id": f.orgs[d].ParentID, "assignees": []map[string]any{{"org_id": f.orgs[d].ID}}}
		}},
		"GET /tasks/{id}": {need: needRead, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/tasks/%d", f.task(d).ID), nil
		}},
		"POST /task-assignees/{id}/move": {need: needTask, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/task-assignees/%d/move", f.task(d).Assignees[0].ID), map[string]string{"from": "未开始", "to": "已提交"}
		}},

		// Re-checks: the fixture's evaluations are drafts, so an allowed
		// draw, decision or download finds nothing graded (400), an
		// allowed re-score lacks its items (400) and a change of a
		// rectification item is stale (409), changing nothing. A sample is
		// drawn by its department's bureau: a department never reads it,
		// an evaluator only for the departments assigned to it.
		"GET /recheck/samples": {need: needUser, ok: 200, req: path("/api/v1/recheck/samples?year=2024")},
		"POST /recheck/samples": {need: needUser, ok: 400, req: body("/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 42, "size": 1}),
			want: func(u, _ string) int { return map[bool]int{true: 200, false: 403}[u == "admin" || u == "reviewer"] }},
		"GET /recheck/samples/{id}":                    {need: needRead, ok: 200, req: samplePath(""), want: sampleWant},
		"GET /recheck/samples/{id}/evaluations/{eval}": {need: needRead, ok: 200, req: samplePath("/evaluations"), want: sampleWant},
		"PUT /recheck/samples/{id}/evaluations/{eval}": {need: needRescore, ok: 400, req: func(f *fixture, u, d string) (string, any) {
			p, _ := samplePath("/evaluations")(f, u, d)
			return p, map[string]any{"items": []any{}}
		}, want: sampleWant},
		// Raising items from a sample not re-scored, or from a draft
		// self-evaluation, finds no problem (400), raising nothing.
		"POST /recheck/samples/{id}/rectifications":    {need: needSample, ok: 400, req: samplePath("/rectifications"), want: sampleWant},
		"POST /evaluations/{id}/rectifications":        {need: needSample, ok: 400, req: ev("/rectifications")},
		"POST /evaluations/{id}/review-rectifications": {need: needSample, ok: 400, req: ev("/review-rectifications")},
		// A department's evaluation is of the caller's own organisation: the
		// target's evaluation (D3: never the caller's) is refused as not
		// its own (400) to those who may organise one (the fixture's
		// administrator has an organisation); others are forbidden.
		"POST /department-evaluations": {need: needUser, ok: 400, req: func(f *fixture, _, _ string) (string, any) {
			return "/api/v1/department-evaluations", map[string]any{"year": f.evals["D3"].Year, "evaluations": []int64{f.recs["D3"].eval}}
		}, want: func(u, _ string) int {
			if u == "approver" || u == "preparer" || u == "admin" {
				return 200
			}
			return 403
		}},
		"GET /rectifications": {need: needUser, ok: 200, req: path("/api/v1/rectifications?year=2024")},
		"POST /rectifications": {need: needSample, ok: 400, req: func(f *fixture, _, d string) (string, any) {
			return "/api/v1/rectifications", map[string]any{"org_id": f.orgs[d].ID, "year": 2024, "source": "复核", "problem": "矩阵", "owner": "矩阵", "measure": "矩阵", "deadline": "明年"}
		}},
		"GET /rectifications/{id}":           {need: needRead, ok: 200, req: rectPath("", nil)},
		"POST /rectifications/{id}/feedback": {need: needRectify, ok: 409, req: rectPath("/feedback", map[string]any{"version": stale, "evidence": []string{"整改报告"}})},
		"POST /rectifications/{id}/files":    {need: needRectify, ok: 200, req: rectPath("/files", multipartFile{"整改报告.png", png})},
		"GET /rectifications/{id}/files/{file}": {need: needRead, ok: 200, req: func(f *fixture, u, d string) (string, any) {
			p, _ := rectPath("", nil)(f, u, d)
			var rid int64
			fmt.Sscanf(p, "/api/v1/rectifications/%d", &rid)
			rf, err := f.db.AddRectificationFile(f.t.Context(), &jixiao.User{Username: "矩阵"}, rid, "整改报告.png", "image/png", png, jixiao.MaxRectFiles)
			if err != nil {
				f.t.Fatal(err)
			}
			return fmt.Sprintf("%s/files/%d", p, rf.ID), nil
		}},
		"POST /rectifications/{id}/confirm":     {need: needSample, ok: 409, req: rectPath("/confirm", map[string]any{"version": stale})},
		"POST /rectifications/{id}/return":      {need: needSample, ok: 409, req: rectPath("/return", map[string]any{"version": stale, "note": "材料不全"})},
		"GET /results-application":              {need: needUser, ok: 200, req: path("/api/v1/results-application?year=2024")},
		"GET /results-application/xlsx":         {need: needUser, ok: 400, req: path("/api/v1/results-application/xlsx?year=2024")},
		"GET /results-application/docx":         {need: needUser, ok: 400, req: path("/api/v1/results-application/docx?year=2024")},
		"POST /results-application/report-jobs": {need: needUser, ok: 400, req: path("/api/v1/results-application/report-jobs?year=2024")},
		"POST /evaluations/{id}/decision": {need: needSample, ok: 400, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/evaluations/%d/decision", f.recs[d].eval), map[string]any{"action": "压缩", "amount": 100}
		}},
		"GET /monitoring/rounds": {need: needUser, ok: 200, req: path("/api/v1/monitoring/rounds")},
		"POST /monitoring/rounds": {need: needIssue, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return "/api/v1/monitoring/rounds", map[string]any{"year": 2026, "period": "1—7月", "cutoff": "2026-07-31", "deadline": "2026-08-14",
				"bureau_id": f.orgs[d].ParentID, "org_ids": []int64{f.orgs[d].ID}}
		}},
		"GET /monitoring/rounds/{id}": {need: needRead, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/rounds/%d", f.round(d).ID), nil
		}},
		"POST /monitoring/rounds/{id}/rule-files": {need: needIssue, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/rounds/%d/rule-files", f.round(d).ID), map[string]any{}
		}},
		// A round no department has submitted to has no report yet (409).
		"GET /monitoring/rounds/{id}/report": {need: needRead, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/rounds/%d/report", f.round(d).ID), nil
		}},
		"POST /monitoring/rounds/{id}/report-jobs": {need: needRead, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/rounds/%d/report-jobs", f.round(d).ID), nil
		}},
		// Allowed callers get a conflict: a stale version, an entry not
		// submitted yet.
		"POST /monitoring/entries/{id}": {need: needMonitor, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/entries/%d", f.round(d).Entries[0].ID), map[string]any{"version": stale,
				"department": map[string]any{"budget": 100, "executed": 10}}
		}},
		"POST /monitoring/entries/{id}/report-jobs": {need: needRead, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/entries/%d/report-jobs", f.round(d).Entries[0].ID), nil
		}},
		"POST /monitoring/entries/{id}/dispositions": {need: needMonitor, ok: 409, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/monitoring/entries/%d/dispositions", f.round(d).Entries[0].ID), map[string]any{"version": 1,
				"project": "部门整体", "action": "继续执行", "reason": "矩阵测试"}
		}},

		"GET /audit": {need: needAudit, ok: 200, req: func(f *fixture, _, d string) (string, any) {
			return fmt.Sprintf("/api/v1/audit?entity=indicator&entity_id=%d", f.recs[d].indicator), nil
		}},
	}
}

// samplePath stores a sample of department d's evaluation, drawn by d's
// bureau, and returns its path with suffix ("/evaluations": the sheet of
// d's evaluation).
func samplePath(suffix string) func(f *fixture, u, d string) (string, any) {
	return func(f *fixture, _, d string) (string, any) {
		f.t.Helper()
		ev := f.evals[d]
		rec, err := f.db.CreateSample(f.t.Context(), nil, &jixiao.SampleRecord{OrgID: f.orgs[d].ParentID, Year: ev.Year, Rulebook: "mof-2020",
			Sample:  jixiao.Sample{Seed: 1, Method: jixiao.SampleRandom, Size: 1, Population: 1, Digest: "矩阵"},
			Entries: []jixiao.SampleEntry{{EvaluationID: ev.ID, OrgID: ev.OrgID, SampledItem: jixiao.SampledItem{Submission: jixiao.Submission{Unit: ev.OrgName, Project: "部门整体支出", Grade: "优"}}}}})
		if err != nil {
			f.t.Fatal(err)
		}
		tail := suffix
		if tail == "/evaluations" {
			tail = fmt.Sprintf("/evaluations/%d", ev.ID)
		}
		return fmt.Sprintf("/api/v1/recheck/samples/%d%s", rec.ID, tail), nil
	}
}

// sampleWant: a sample is never read by a department (403 would say it
// exists: 404); for everyone else the role table decides (0), on the
// department of the sampled evaluation.
func sampleWant(u, _ string) int {
	if u == "approver" || u == "preparer" {
		return 404
	}
	return 0
}

// rectPath stores a rectification item of department d and returns its
// path with suffix, and body.
func rectPath(suffix string, body any) func(f *fixture, u, d string) (string, any) {
	return func(f *fixture, _, d string) (string, any) {
		f.t.Helper()
		r, err := f.db.CreateRectification(f.t.Context(), nil, f.orgs[d].ID, 0, &jixiao.Rectification{Year: 2024, Unit: f.orgs[d].Name, Problem: "矩阵问题",
			Source: jixiao.RectReview, Owner: "矩阵", Measure: "矩阵", Deadline: "2025-06-30", Status: jixiao.RectNotified})
		if err != nil {
			f.t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/rectifications/%d%s", r.ID, suffix), body
	}
}

// task issues a new task from department d's parent to d (as the
// administrator).
func (f *fixture) task(d string) *jixiao.Task {
	f.t.Helper()
	t := &jixiao.Task{Kind: jixiao.TaskOther, Title: "矩阵测试任务", BureauID: f.orgs[d].ParentID, Deadline: jixiao.MustDate("2026-03-31"),
		Assignees: []jixiao.TaskAssignee{{OrgID: f.orgs[d].ID}}}
	if err := f.app.IssueTask(jixiao.WithUser(f.t.Context(), f.users["admin"]), t); err != nil {
		f.t.Fatal(err)
	}
	return t
}

// round opens a new monitoring round of department d's parent for d (as
// the administrator).
func (f *fixture) round(d string) *jixiao.MonitorRoundRecord {
	f.t.Helper()
	r := &jixiao.MonitorRoundRecord{Year: 2026, Period: "1—7月", BureauID: f.orgs[d].ParentID, CutOff: jixiao.MustDate("2026-07-31"),
		Deadline: jixiao.MustDate("2026-08-14"), Entries: []jixiao.MonitorEntry{{OrgID: f.orgs[d].ID}}}
	if err := f.app.OpenMonitorRound(jixiao.WithUser(f.t.Context(), f.users["admin"]), r); err != nil {
		f.t.Fatal(err)
	}
	return r
}

// jobPath queues a job of the caller (target "own") or of another user
// ("other") and returns its path with suffix. The fixture's queue does no
// job: a job's result is not there yet (409).
func jobPath(suffix string) func(f *fixture, u, target string) (string, any) {
	return func(f *fixture, u, target string) (string, any) {
		owner := u
		if owner == "" {
			owner = "preparer"
		}
		if target == "other" {
			owner = other(u)
		}
		f.n++
		j, err := f.jobs.Enqueue(f.t.Context(), jixiao.JobRescore, f.users[owner].ID, map[string]string{"rulebook": fmt.Sprintf("矩阵%d", f.n)})
		if err != nil {
			f.t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/jobs/%d%s", j.ID, suffix), nil
	}
}

// ownJob: a user sees their own jobs, an administrator every job.
func ownJob(u, target string) int {
	return map[bool]int{true: 200, false: 404}[target == "own" || u == "admin"]
}

func path(p string) func(*fixture, string, string) (string, any) {
	return func(*fixture, string, string) (string, any) { return p, nil }
}

func body(p string, b any) func(*fixture, string, string) (string, any) {
	return func(*fixture, string, string) (string, any) { return p, b }
}

func rec(kind string, id func(records) int64) func(*fixture, string, string) (string, any) {
	return func(f *fixture, _, d string) (string, any) {
		return fmt.Sprintf("/api/v1/%s/%d", kind, id(f.recs[d])), nil
	}
}

// TestAccessMatrix calls every API route as every role (and as nobody) on
// the caller's own department, another department of the same bureau and a
// department of another bureau, and checks each answer: allowed (the
// route's normal status), forbidden (403), hidden (404) or not signed in
// (401).
func TestAccessMatrix(t *testing.T) {
	f := newFixture(t, false)
	cs := cells()
	routes := (&api.API{}).Routes()
	for _, rt := range routes {
		if _, ok := cs[rt.Method+" "+rt.Path]; !ok {
			t.Errorf("route %s %s is not in the access matrix", rt.Method, rt.Path)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	for key := range cs {
		if !slices.ContainsFunc(routes, func(rt api.Route) bool { return rt.Method+" "+rt.Path == key }) {
			t.Errorf("matrix entry %s is not a route", key)
		}
	}
	users := []string{"", "admin", "auditor", "reviewer", "evaluator", "approver", "preparer"}
	calls := runMatrix(t, f, routes, users, func(u string) string { return u },
		func(u, target string) bool { return slices.Contains(sees[u], target) }, nil)
	t.Logf("%d routes, %d calls", len(routes), calls)
}

// runMatrix calls every route as each of users on each target (the
// cell's, or extra's for the routes it names) and checks each answer
// against the role table: base names the role user that a cell's own
// rule knows (admin, reviewer, ...) for user; sees says whether user
// sees the organisation target. It returns the number of calls.
func runMatrix(t *testing.T, f *fixture, routes []api.Route, users []string, base func(string) string,
	sees func(u, target string) bool, extra map[string][]string) int {
	t.Helper()
	cs := cells()
	calls := 0
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		c := cs[key]
		targets := c.targets
		if more, ok := extra[key]; ok {
			targets = more
		} else if targets == nil {
			targets = []string{""}
			if c.need >= needRead {
				targets = []string{"D1", "D2", "D3"}
			}
		}
		for _, u := range users {
			for _, target := range targets {
				want := c.ok
				var role jixiao.Role
				if u != "" {
					role = f.users[u].Role
				}
				switch {
				case c.need == needNothing:
				case u == "":
					want = 401
				case c.want != nil && c.want(base(u), target) != 0:
					want = c.want(base(u), target)
					if want == 200 {
						want = c.ok
					}
				case c.need == needUser:
				case c.need == needAdmin:
					if role != jixiao.RoleAdmin {
						want = 403
					}
				case c.need == needPropose || c.need == needCurate || c.need == needRules:
					if !slices.Contains(may[role], c.need) {
						want = 403
					}
				case !sees(u, target):
					want = 404
				case !slices.Contains(may[role], c.need):
					want = 403
				}
				p, b := c.req(f, u, target)
				var r response
				if mf, ok := b.(multipartFile); ok {
					r = f.upload(u, p, mf.name, mf.data)
				} else {
					r = f.do(u, rt.Method, p, b)
				}
				calls++
				if r.Status != want {
					who := u
					if who == "" {
						who = "(nobody)"
					}
					t.Errorf("%s as %s on %s: status %d, want %d: %.300s", key, who, target, r.Status, want, r.Body)
					continue
				}
				if r.Status >= 400 {
					var e api.ErrorBody
					r.json(t, &e)
					if e.Error.Code == "" || e.Error.Message == "" || api.Status(e.Error.Code) != r.Status {
						t.Errorf("%s as %s on %s: error body %s does not carry a code matching status %d", key, u, target, r.Body, r.Status)
					}
				}
			}
		}
	}
	return calls
}

// TestIsolationOfLists checks that lists show only what a user may see.
func TestIsolationOfLists(t *testing.T) {
	f := newFixture(t, false)
	for u, want := range sees {
		var evals api.List[jixiao.EvaluationInfo]
		f.do(u, "GET", "/api/v1/evaluations", nil).json(t, &evals)
		var got []string
		for _, e := range evals.Items {
			for d, info := range f.evals {
				if info.ID == e.ID {
					got = append(got, d)
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || evals.Total != len(want) {
			t.Errorf("%s lists evaluations of %v (total %d), want %v", u, got, evals.Total, want)
		}
		var orgs api.List[jixiao.OrgRecord]
		f.do(u, "GET", "/api/v1/orgs", nil).json(t, &orgs)
		for _, o := range orgs.Items {
			if o.Kind == jixiao.OrgDepartment && !slices.Contains(want, o.Code) {
				t.Errorf("%s sees organisation %s", u, o.Code)
			}
		}
		// Asking for another department's evaluations by filter yields nothing.
		var filtered api.List[jixiao.EvaluationInfo]
		f.do(u, "GET", fmt.Sprintf("/api/v1/evaluations?org=%d", f.orgs["D3"].ID), nil).json(t, &filtered)
		if !slices.Contains(want, "D3") && filtered.Total != 0 {
			t.Errorf("%s filtering by D3 got %d evaluations", u, filtered.Total)
		}
	}
	// The whole audit log is for administrators and auditors; others read
	// their own actions or the history of what they can see.
	if r := f.do("preparer", "GET", "/api/v1/audit", nil); r.Status != http.StatusForbidden {
		t.Errorf("preparer reads the whole audit log: %d", r.Status)
	}
	if r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/audit?user=%d", f.users["preparer"].ID), nil); r.Status != 200 {
		t.Errorf("preparer cannot read own actions: %d %s", r.Status, r.Body)
	}
	if r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/audit?user=%d", f.users["admin"].ID), nil); r.Status != http.StatusForbidden {
		t.Errorf("preparer reads the administrator's actions: %d", r.Status)
	}
	if r := f.do("auditor", "GET", "/api/v1/audit", nil); r.Status != 200 {
		t.Errorf("auditor cannot read the audit log: %d", r.Status)
	}
	// The indicator library is the whole server's and holds no
	// department's data: a past version and a comparison read the same
	// for every user, whichever department changed the library.
	if r := f.do("preparer", "POST", "/api/v1/library", map[string]any{"name": "隔离测试指标", "level1": "产出"}); r.Status != 200 {
		t.Fatalf("propose: %d %s", r.Status, r.Body)
	}
	var first string
	for u := range sees {
		v := f.do(u, "GET", "/api/v1/library/versions/2?per_page=500", nil)
		c := f.do(u, "GET", "/api/v1/library/compare?from=1&to=2", nil)
		if v.Status != 200 || c.Status != 200 || !strings.Contains(string(c.Body), "隔离测试指标") {
			t.Errorf("%s reads the library's versions: %d %d %s", u, v.Status, c.Status, c.Body)
		}
		if got := string(v.Body) + string(c.Body); first == "" {
			first = got
		} else if got != first {
			t.Errorf("%s reads the library's versions differently", u)
		}
	}
}
