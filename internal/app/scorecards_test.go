package app_test

import (
	"context"
	"sync/atomic"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestScorecardRoundTrips counts the statements a scorecard read sends to
// the database, on both engines: at most 3 the first time (the
// evaluation's revision, the user's permission, the case in one round
// trip), at most 2 for an unchanged evaluation, whose scorecard is the one
// already made; a change is scored again. The bureau's summaries, once
// stored, are read back by a new application without computing them, and
// computed again once deleted.
func TestScorecardRoundTrips(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		sys := &jixiao.User{Username: "fixture"}
		bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "农业农村局", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
		if err != nil {
			t.Fatal(err)
		}
		data, err := examples.FS.ReadFile("project-farmland-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := caseio.Parse("farmland.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		info, err := db.ImportEvaluation(ctx, sys, dept.ID, c.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		reviewer, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "r", DisplayName: "复核", Role: jixiao.RoleReviewer, OrgID: bureau.ID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		as := jixiao.WithUser(ctx, reviewer)
		a := app.New(db)
		read := func() (*jixiao.Scorecard, int64) {
			t.Helper()
			var n atomic.Int64
			db.CountReads(&n)
			sc, err := a.Scorecard(as, info.ID)
			db.CountReads(nil)
			if err != nil {
				t.Fatal(err)
			}
			return sc, n.Load()
		}
		first, n := read()
		if n > 3 {
			t.Errorf("first scorecard read: %d round trips, want at most 3", n)
		}
		again, n := read()
		if again != first || n > 2 {
			t.Errorf("unchanged evaluation read again: the same scorecard %v, %d round trips; want the same, at most 2", again == first, n)
		}
		if a.ScorecardsComputed() != 1 {
			t.Errorf("computed %d scorecards, want 1", a.ScorecardsComputed())
		}
		ins, err := db.Indicators(ctx, info.ID)
		if err != nil || len(ins) == 0 || ins[0].Indicator.Name != "新建高标准农田面积" {
			t.Fatalf("indicators: %v", err)
		}
		in := ins[0].Indicator
		if in.Actual, err = jixiao.ParseFigure("10000亩"); err != nil { // of ≥2万亩
			t.Fatal(err)
		}
		if _, err := db.UpdateIndicator(ctx, sys, ins[0].ID, ins[0].Version, &in); err != nil {
			t.Fatal(err)
		}
		changed, _ := read()
		if changed == first || changed.Displayed.Equal(first.Displayed) {
			t.Errorf("after a change: total %s, was %s; want a new scorecard with a lower score", changed.Displayed, first.Displayed)
		}

		ss, _, err := a.Summaries(as, jixiao.EvaluationFilter{})
		if err != nil || len(ss) != 1 || !ss[0].Total.Equal(changed.Displayed) {
			t.Fatalf("summaries: %v %+v", err, ss)
		}
		b := app.New(db) // a restart, or another server
		back, _, err := b.Summaries(as, jixiao.EvaluationFilter{})
		if err != nil || len(back) != 1 || b.SummariesComputed() != 0 {
			t.Fatalf("summaries on a new application: %v, %d, computed %d; want 1 read back", err, len(back), b.SummariesComputed())
		}
		got, want := *back[0], *ss[0]
		if !got.Total.Equal(want.Total) || got.Total.String() != want.Total.String() || got.Grade != want.Grade || got.Errors != want.Errors ||
			got.Warnings != want.Warnings || got.Infos != want.Infos || len(got.Codes) != len(want.Codes) ||
			got.Execution == nil || want.Execution == nil || got.Execution.String() != want.Execution.String() ||
			got.Budget == nil || got.Budget.String() != want.Budget.String() || got.Spent.String() != want.Spent.String() || got.ExecutionHow != want.ExecutionHow {
			t.Errorf("summary read back %+v, computed %+v", got, want)
		}
		if err := db.ForgetSummaries(ctx); err != nil {
			t.Fatal(err)
		}
		fresh := app.New(db)
		if again, _, err := fresh.Summaries(as, jixiao.EvaluationFilter{}); err != nil || len(again) != 1 || fresh.SummariesComputed() != 1 || !again[0].Total.Equal(want.Total) {
			t.Errorf("after the stored summaries were deleted: %v, %d, computed %d; want 1 computed", err, len(again), fresh.SummariesComputed())
		}
	})
}
