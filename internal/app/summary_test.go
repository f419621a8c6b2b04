package app_test

import (
	"context"
	"sync"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore/sqltest"
)

// TestSummariesNoPileUp: eight requests wanting the bureau's summaries at
// once compute each evaluation's summary once; later requests recall it,
// and a change computes it again.
func TestSummariesNoPileUp(t *testing.T) {
	ctx := context.Background()
	db := sqltest.SQLite(t)
	a := app.New(db)
	sys := &jixiao.User{Username: "fixture"}
	bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
	if err != nil {
		t.Fatal(err)
	}
	dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "自然资源和规划局", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
	if err != nil {
		t.Fatal(err)
	}
	data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := caseio.Parse("ref.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	info, err := db.ImportEvaluation(ctx, sys, dept.ID, c.Evaluation, false)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "admin", DisplayName: "管理员", Role: jixiao.RoleAdmin, OrgID: bureau.ID}, "x")
	if err != nil {
		t.Fatal(err)
	}
	as := jixiao.WithUser(ctx, admin)

	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			<-start
			ss, _, err := a.Summaries(as, jixiao.EvaluationFilter{})
			if err != nil || len(ss) != 1 || !ss[0].Scored || ss[0].EvaluationInfo.ID != info.ID {
				t.Errorf("summaries: %v %+v", err, ss)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := a.SummariesComputed(); n != 1 {
		t.Fatalf("8 requests at once computed the summary %d times, want 1", n)
	}
	if _, _, err := a.Summaries(as, jixiao.EvaluationFilter{}); err != nil || a.SummariesComputed() != 1 {
		t.Fatalf("a later request computed again: %v, %d", err, a.SummariesComputed())
	}
	ev, vinfo, err := db.LoadEvaluation(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	ev.Problems = nil
	if _, err := db.UpdateEvaluation(ctx, sys, info.ID, vinfo.Version, ev); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Summaries(as, jixiao.EvaluationFilter{}); err != nil || a.SummariesComputed() != 2 {
		t.Fatalf("after a change: %v, computed %d, want 2", err, a.SummariesComputed())
	}
}

// TestReviewerSeesSubtree: organisations form a tree — a province's
// finance department above city bureaus above departments. A reviewer sees
// the whole subtree below its organisation, and nothing beside it.
func TestReviewerSeesSubtree(t *testing.T) {
	ctx := context.Background()
	db := sqltest.SQLite(t)
	a := app.New(db)
	sys := &jixiao.User{Username: "fixture"}
	org := fixtures{t, ctx, db, sys}.org
	province := org("13", "省财政厅", jixiao.OrgBureau, 0)
	city := org("1301", "甲市财政局", jixiao.OrgBureau, province)
	other := org("1302", "乙市财政局", jixiao.OrgBureau, province)
	dept := org("130101", "甲市自然资源和规划局", jixiao.OrgDepartment, city)
	data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := caseio.Parse("ref.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	info, err := db.ImportEvaluation(ctx, sys, dept, c.Evaluation, false)
	if err != nil {
		t.Fatal(err)
	}
	reviewer := func(name string, at int64) context.Context {
		t.Helper()
		u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: name, DisplayName: name, Role: jixiao.RoleReviewer, OrgID: at}, "x")
		if err != nil {
			t.Fatal(err)
		}
		return jixiao.WithUser(ctx, u)
	}
	for _, r := range []struct {
		name string
		at   int64
		sees bool
	}{{"sheng", province, true}, {"jia", city, true}, {"yi", other, false}} {
		as := reviewer(r.name, r.at)
		ss, _, err := a.Summaries(as, jixiao.EvaluationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		_, _, lerr := a.Evaluation(as, info.ID)
		if got := len(ss) == 1 && lerr == nil; got != r.sees {
			t.Errorf("reviewer at %s: sees the department's evaluation %v (list %d, load %v), want %v", r.name, got, len(ss), lerr, r.sees)
		}
		if !r.sees && jixiao.ErrorCode(lerr) != jixiao.ENOTFOUND {
			t.Errorf("reviewer at %s: %v, want not found", r.name, lerr)
		}
	}
}
