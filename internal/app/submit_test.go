package app_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// Submitting an evaluation whose report has blanks (the placeholders
// 【待填写：…】, F05) is refused with the list, until the submitter fills
// them in or overrides with a reason; the override and the blanks are in
// the workflow history and the audit log. A complete case submits as
// before.
func TestSubmitWithBlanks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "某局", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
		if err != nil {
			t.Fatal(err)
		}
		approver, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "approver", DisplayName: "审核人", Role: jixiao.RoleApprover, OrgID: dept.ID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		as := jixiao.WithUser(ctx, approver)
		src, err := examples.FS.ReadFile("project-training-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := caseio.Parse("training.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		ev := c.Evaluation
		ev.WorkGroup, ev.Process, ev.Projects[0].Problems = nil, nil, ""
		info, err := db.ImportEvaluation(ctx, sys, dept.ID, ev, false)
		if err != nil {
			t.Fatal(err)
		}

		// Refused: the blanks, by the report's headings, in a BlanksError.
		_, err = a.Transition(as, info.ID, info.Version, jixiao.ActionSubmit, "请审阅", nil)
		be, ok := err.(*jixiao.BlanksError)
		if !ok || jixiao.ErrorCode(err) != jixiao.EINVALID || len(be.Blanks) != 2 ||
			jixiao.ErrorMessage(err) != "报告尚有2处待填写（自评的组织工作、存在的问题），不能提交；请补全后再提交，或选择“仍要提交”并写明理由" {
			t.Fatalf("submit with blanks: %T %v", err, err)
		}
		if be.Blanks[1].Text() != "“存在的问题”待填写：案例中没有存在的问题" {
			t.Errorf("blank %q", be.Blanks[1].Text())
		}
		// An override needs a reason, of bounded length.
		for _, c := range []struct{ reason, want string }{
			{" ", "选择“仍要提交”时须写明理由（报告尚有2处待填写：自评的组织工作、存在的问题）"},
			{strings.Repeat("理", jixiao.MaxOverrideReason+1), "“仍要提交”的理由不能超过500字，现有501字"},
		} {
			_, err = a.Transition(as, info.ID, info.Version, jixiao.ActionSubmit, "", nil, jixiao.SubmitOverride{Reason: c.reason})
			if jixiao.ErrorCode(err) != jixiao.EINVALID || jixiao.ErrorMessage(err) != c.want {
				t.Errorf("override %.10q: %v", c.reason, err)
			}
		}
		// Nothing changed so far.
		if _, got, _ := db.LoadEvaluation(ctx, info.ID); got.Status != jixiao.StatusDraft || got.Version != info.Version {
			t.Fatalf("refused submissions changed the evaluation: %s v%d", got.Status, got.Version)
		}
		// A stale version is a conflict, not a list of blanks.
		if _, err = a.Transition(as, info.ID, info.Version-1, jixiao.ActionSubmit, "", nil); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}

		// Overridden: submitted, and the history says so.
		got, err := a.Transition(as, info.ID, info.Version, jixiao.ActionSubmit, "请审阅", nil, jixiao.SubmitOverride{Reason: "  工作组名单待局党组会议确定  "})
		if err != nil || got.Status != jixiao.StatusSubmitted {
			t.Fatalf("override: %v", err)
		}
		const note = "请审阅；仍要提交：报告尚有2处待填写（自评的组织工作、存在的问题），理由：工作组名单待局党组会议确定"
		ts, err := a.Transitions(as, info.ID)
		if err != nil || len(ts) != 1 || ts[0].Reason != note {
			t.Fatalf("history: %v %+v", err, ts)
		}
		log, _, err := a.Audit(as, jixiao.AuditFilter{EvaluationID: info.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range log {
			found = found || e.Action == "transition" && strings.Contains(e.New, note)
		}
		if !found {
			t.Errorf("the audit log does not record the override: %+v", log)
		}

		// A complete case needs no override, and an override given anyway
		// is not recorded.
		c2, _ := caseio.Parse("training.yaml", src)
		c2.Evaluation.Projects[0].Name = "另一个项目"
		info2, err := db.ImportEvaluation(ctx, sys, dept.ID, c2.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(jixiao.NarrativeBlanks(c2.Evaluation)) != 0 {
			t.Fatal("the example has blanks")
		}
		if _, err := a.Transition(as, info2.ID, info2.Version, jixiao.ActionSubmit, "", nil, jixiao.SubmitOverride{Reason: "无"}); err != nil {
			t.Fatal(err)
		}
		if ts, _ := a.Transitions(as, info2.ID); len(ts) != 1 || ts[0].Reason != "" {
			t.Errorf("complete case history: %+v", ts[0])
		}
	})
}
