package app_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestDepartmentEvaluation follows a department's evaluation of its own
// project (部门评价) on both engines: the department's preparer chooses
// its submitted self-evaluation (another department's, or none, is
// refused; a bureau cannot start one, nor draw a sample of the
// department's kind); the department re-scores it on the re-check sheet
// with a reason, and the deviation follows; the bureau's reviewer reads
// it but may not re-score it; another department never sees it; the
// results application keeps the self-assessed grade.
func TestDepartmentEvaluation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "石家庄市教育局", jixiao.OrgDepartment, city)
		road := org("D2", "石家庄市交通运输局", jixiao.OrgDepartment, city)
		data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		evals := map[int64]int64{}
		for _, d := range []int64{edu, road} {
			c, err := caseio.Parse("ref.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			info, err := db.ImportEvaluation(ctx, sys, d, c.Evaluation, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
				t.Fatal(err)
			}
			evals[d] = info.ID
		}
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		prep := as("edu", jixiao.RolePreparer, edu)
		appr := as("edu-approver", jixiao.RoleApprover, edu)
		other := as("road", jixiao.RolePreparer, road)
		code := func(what string, err error, want string) {
			t.Helper()
			if jixiao.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %s", what, err, want)
			}
		}
		_, err = a.EvaluateOwn(reviewer, 2024, []int64{evals[edu]})
		code("the bureau starts one", err, jixiao.EFORBIDDEN)
		_, err = a.DrawSample(reviewer, 2024, jixiao.SampleSpec{Seed: 1, Method: jixiao.SampleChosen, Include: []string{"石家庄市教育局／部门整体支出"}})
		code("the bureau draws a department's kind", err, jixiao.EINVALID)
		_, err = a.EvaluateOwn(prep, 2024, []int64{evals[road]})
		code("another department's project", err, jixiao.EINVALID)
		_, err = a.EvaluateOwn(prep, 2024, nil)
		code("nothing chosen", err, jixiao.EINVALID)

		rec, err := a.EvaluateOwn(prep, 2024, []int64{evals[edu]})
		if err != nil {
			t.Fatal(err)
		}
		if rec.OrgID != edu || rec.Sample.Method != jixiao.SampleChosen || len(rec.Entries) != 1 || rec.Entries[0].EvaluationID != evals[edu] || !rec.Entries[0].Picked {
			t.Fatalf("the evaluation: %+v", rec)
		}
		sh, err := a.RecheckSheet(appr, rec.ID, evals[edu])
		if err != nil || len(sh.Items) < 2 {
			t.Fatalf("the sheet: %+v %v", sh, err)
		}
		in := make([]jixiao.RescoreInput, len(sh.Items))
		for i, it := range sh.Items {
			in[i] = jixiao.RescoreInput{Item: it.Name, Recheck: it.Self}
		}
		in[0].Recheck = sh.Items[0].Self.Sub(sh.Items[0].Self) // zero
		_, err = a.SaveRescore(prep, rec.ID, evals[edu], in)
		code("a lower score without a reason", err, jixiao.EINVALID)
		in[0].Reason = "部门复核：佐证材料不足"
		_, err = a.SaveRescore(reviewer, rec.ID, evals[edu], in)
		code("the bureau re-scores the department's evaluation", err, jixiao.EFORBIDDEN)
		got, err := a.SaveRescore(prep, rec.ID, evals[edu], in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Deviation == nil || !got.Deviation.Deviation.Equal(sh.Items[0].Self.Neg()) {
			t.Errorf("the deviation: %+v", got.Deviation)
		}
		res, err := a.RecheckResult(reviewer, rec.ID)
		if err != nil || res.Deviation == nil || len(res.Deviation.Projects) != 1 || res.Deviation.Projects[0].Items[0].Reason != "部门复核：佐证材料不足" {
			t.Fatalf("the bureau reads it: %+v %v", res, err)
		}
		_, err = a.RecheckResult(other, rec.ID)
		code("another department reads it", err, jixiao.ENOTFOUND)
		if l, err := a.Samples(other, 2024); err != nil || len(l) != 0 {
			t.Errorf("another department lists %d (%v)", len(l), err)
		}
		if l, err := a.Samples(prep, 2024); err != nil || len(l) != 1 || l[0].ID != rec.ID {
			t.Errorf("the department lists %v (%v)", l, err)
		}
		tbl, err := a.ApplicationTable(reviewer, 2024)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range tbl.EvaluationIDs {
			if id == evals[edu] && tbl.SelfAssessed[i] != nil {
				t.Errorf("the department's own evaluation regraded the results application")
			}
		}
		es, _, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "recheck_sample", EntityID: rec.ID, Limit: 10})
		if err != nil || len(es) == 0 {
			t.Errorf("no audit entry of the evaluation: %v", err)
		}
	})
}
