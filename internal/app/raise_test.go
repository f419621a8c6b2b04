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

// TestRaiseFromReview: the opinions the bureau wrote when it returned a
// self-evaluation (the overall opinion and each comment) become
// rectification items of source 审核, once each, on both engines; a
// department cannot raise them, and a self-evaluation never returned has
// none.
func TestRaiseFromReview(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		city, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "石家庄市财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "石家庄市教育局", Kind: jixiao.OrgDepartment, ParentID: city.ID})
		if err != nil {
			t.Fatal(err)
		}
		dept2, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D2", Name: "石家庄市民政局", Kind: jixiao.OrgDepartment, ParentID: city.ID})
		if err != nil {
			t.Fatal(err)
		}
		data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		imp := func(org int64) *jixiao.EvaluationInfo {
			c, err := caseio.Parse("ref.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			info, err := db.ImportEvaluation(ctx, sys, org, c.Evaluation, false)
			if err != nil {
				t.Fatal(err)
			}
			if info, err = db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
				t.Fatal(err)
			}
			return info
		}
		returned, plain := imp(dept.ID), imp(dept2.ID)
		if _, err := db.Transition(ctx, sys, returned.ID, returned.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusReturned, "绩效目标不够细化",
			[]jixiao.Comment{{Item: "goals[0]", Text: "数量指标缺少年度指标值"}, {Text: "  "}}); err != nil {
			t.Fatal(err)
		}
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city.ID)
		prep := as("edu", jixiao.RolePreparer, dept.ID)

		if _, _, err := a.RaiseFromReview(prep, returned.ID); jixiao.ErrorCode(err) != jixiao.EFORBIDDEN {
			t.Errorf("a department raises from the review: %v", err)
		}
		if _, _, err := a.RaiseFromReview(reviewer, plain.ID); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "没有退回时的审核意见") {
			t.Errorf("a self-evaluation never returned: %v", err)
		}
		items, n, err := a.RaiseFromReview(reviewer, returned.ID)
		if err != nil || n != 2 || len(items) != 2 {
			t.Fatalf("raised: %+v %d %v", items, n, err)
		}
		for i, want := range []string{"审核意见：绩效目标不够细化", "审核意见：数量指标缺少年度指标值"} {
			it := items[i]
			if it.Item.Problem != want || it.Item.Source != jixiao.RectReview || it.OrgID != dept.ID || it.EvaluationID != returned.ID ||
				it.Item.Status != jixiao.RectNotified || it.Item.Year != returned.Year {
				t.Errorf("item %d: %+v", i, it)
			}
		}
		again, n, err := a.RaiseFromReview(reviewer, returned.ID)
		if err != nil || n != 0 || len(again) != 2 || again[0].ID != items[0].ID || again[1].ID != items[1].ID {
			t.Errorf("raised again: %+v %d %v", again, n, err)
		}
		if y, err := a.Rectifications(prep, returned.Year); err != nil || len(y.Items) != 2 {
			t.Errorf("the department's items: %+v %v", y, err)
		}
	})
}
