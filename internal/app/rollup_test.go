package app_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore/sqltest"
)

// TestRollupLevels: a province's finance department sees its cities'
// totals, drills into a city to see its counties and into a county to see
// its departments; each level's totals are the sums of the evaluations
// below, a department without an evaluation has its empty row, and no one
// rolls up an organisation outside their scope.
func TestRollupLevels(t *testing.T) {
	ctx := context.Background()
	db := sqltest.SQLite(t)
	a := app.New(db)
	sys := &jixiao.User{Username: "fixture"}
	orgs := map[string]*jixiao.OrgRecord{}
	for _, o := range []struct{ key, parent string }{
		{"E", ""}, {"P", ""}, {"C1", "P"}, {"C2", "P"}, {"K1", "C1"}, {"K2", "C2"}, {"D1", "K1"}, {"D2", "K1"}, {"D3", "K2"}, {"D4", "K2"},
	} {
		kind := map[byte]jixiao.OrgKind{'D': jixiao.OrgDepartment, 'E': jixiao.OrgEvaluator}[o.key[0]]
		if kind == "" {
			kind = jixiao.OrgBureau
		}
		rec := &jixiao.OrgRecord{Code: o.key, Name: o.key + "单位", Kind: kind}
		if o.parent != "" {
			rec.ParentID = orgs[o.parent].ID
		}
		rec, err := db.CreateOrg(ctx, sys, rec)
		if err != nil {
			t.Fatal(err)
		}
		orgs[o.key] = rec
	}
	data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"D1", "D2", "D3"} {
		c, err := caseio.Parse("ref.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportEvaluation(ctx, sys, orgs[d].ID, c.Evaluation, false); err != nil {
			t.Fatal(err)
		}
	}
	user := func(name string, role jixiao.Role, org string) context.Context {
		u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: name, Role: role, OrgID: orgs[org].ID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		return jixiao.WithUser(ctx, u)
	}
	province := user("province", jixiao.RoleReviewer, "P")
	city := user("city", jixiao.RoleReviewer, "C2")
	preparer := user("preparer", jixiao.RolePreparer, "D1")
	admin := user("admin", jixiao.RoleAdmin, "P")

	// One evaluation's figures, as the bureau's list gives them: every
	// total below is a multiple of them.
	ss, _, err := a.Summaries(province, jixiao.EvaluationFilter{})
	if err != nil || len(ss) != 3 {
		t.Fatalf("summaries: %v %d", err, len(ss))
	}
	one := ss[0]
	if !one.Scored || one.Budget == nil || one.Spent == nil {
		t.Fatalf("the reference case has no score or amounts: %+v", one)
	}
	times := func(d decimal.Decimal, n int64) decimal.Decimal { return d.Mul(decimal.NewFromInt(n)) }

	type want struct {
		code                   string
		units, evals, children int
	}
	check := func(who string, r *jixiao.Rollup, org string, path []string, rows []want) {
		t.Helper()
		if r.Org == nil || r.Org.Code != org {
			t.Fatalf("%s: rolled up %+v, want %s", who, r.Org, org)
		}
		var got []string
		for _, p := range r.Path {
			got = append(got, p.Code)
		}
		if len(got) != len(path) || (len(got) > 0 && got[len(got)-1] != path[len(path)-1]) {
			t.Errorf("%s: path %v, want %v", who, got, path)
		}
		if len(r.Rows) != len(rows) {
			t.Fatalf("%s: %d rows, want %d", who, len(r.Rows), len(rows))
		}
		n := 0
		for i, w := range rows {
			row := r.Rows[i]
			if row.Org.Code != w.code || row.Units != w.units || row.Evaluations != w.evals || row.Children != (w.children > 0) {
				t.Errorf("%s row %d: %s units %d evaluations %d children %v, want %+v", who, i, row.Org.Code, row.Units, row.Evaluations, row.Children, w)
			}
			k := int64(row.Evaluations)
			if !row.Budget.Equal(times(*one.Budget, k)) || !row.Spent.Equal(times(*one.Spent, k)) {
				t.Errorf("%s row %s: budget %s spent %s, want %d × (%s, %s)", who, w.code, row.Budget, row.Spent, k, one.Budget, one.Spent)
			}
			if k > 0 && (row.Average == nil || !row.Average.Equal(one.Total.Round(2)) || row.Grades[one.Grade] != row.Evaluations ||
				row.ByStatus[jixiao.StatusDraft] != row.Evaluations || row.Errors != int(k)*one.Errors) {
				t.Errorf("%s row %s: average %v grades %v statuses %v errors %d, want %s, %s, all drafts, %d each", who, w.code, row.Average, row.Grades, row.ByStatus, row.Errors, one.Total, one.Grade, one.Errors)
			}
			if k == 0 && (row.Average != nil || row.Execution != nil || row.Scored != 0) {
				t.Errorf("%s row %s has no evaluation but an average %v or execution %v", who, w.code, row.Average, row.Execution)
			}
			n += row.Evaluations
		}
		if r.Total.Evaluations != n || r.Total.Scored != n || !r.Total.Budget.Equal(times(*one.Budget, int64(n))) {
			t.Errorf("%s: total %d evaluations (%d scored), budget %s; rows add to %d", who, r.Total.Evaluations, r.Total.Scored, r.Total.Budget, n)
		}
		if len(r.Years) != 1 || r.Year != one.Year {
			t.Errorf("%s: years %v, year %d, want %d", who, r.Years, r.Year, one.Year)
		}
	}

	r, err := a.Rollup(province, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	check("province at the top", r, "P", nil, []want{{"C1", 2, 2, 1}, {"C2", 1, 1, 1}})
	if b := r.Rows[0].Bands; b[0]+b[1]+b[2]+b[3] != 2 {
		t.Errorf("C1's score bands %v do not count its 2 scored evaluations", b)
	}
	// An administrator sees everything; an evaluation company (E) is no
	// level of the tree, so the province is the one top.
	if r, err = a.Rollup(admin, 0, 0); err != nil {
		t.Fatal(err)
	}
	check("administrator at the top", r, "P", nil, []want{{"C1", 2, 2, 1}, {"C2", 1, 1, 1}})
	if r, err = a.Rollup(province, orgs["C1"].ID, 0); err != nil {
		t.Fatal(err)
	}
	check("province in C1", r, "C1", []string{"P"}, []want{{"K1", 2, 2, 1}})
	if r, err = a.Rollup(province, orgs["K2"].ID, one.Year); err != nil {
		t.Fatal(err)
	}
	check("province in K2", r, "K2", []string{"P", "C2"}, []want{{"D3", 1, 1, 0}, {"D4", 0, 0, 0}})

	if r, err = a.Rollup(city, 0, 0); err != nil {
		t.Fatal(err)
	}
	check("city at the top", r, "C2", nil, []want{{"K2", 1, 1, 1}})
	if _, err := a.Rollup(city, orgs["C1"].ID, 0); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		t.Errorf("C2's reviewer rolls up C1: %v", err)
	}
	if _, err := a.Rollup(city, orgs["P"].ID, 0); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		t.Errorf("C2's reviewer rolls up the province: %v", err)
	}

	// A department sees its own evaluations only.
	if r, err = a.Rollup(preparer, 0, 0); err != nil {
		t.Fatal(err)
	}
	if r.Org == nil || r.Org.Code != "D1" || len(r.Rows) != 1 || !r.Rows[0].Own || r.Rows[0].Evaluations != 1 || r.Total.Evaluations != 1 {
		t.Errorf("preparer's roll-up: %+v rows %d", r.Org, len(r.Rows))
	}
	// Another year has nothing.
	if r, err = a.Rollup(province, 0, one.Year-5); err != nil || r.Total.Evaluations != 0 || len(r.Rows) != 2 {
		t.Errorf("another year: %v %+v", err, r)
	}
}
