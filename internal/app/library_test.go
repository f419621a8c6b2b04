package app_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestLibraryService: the permission table for the library on both
// engines — every role reads it (the starter library stored on first
// use), departments and administrators propose, reviewers and
// administrators confirm, merge and retire, and a refusal is EFORBIDDEN
// and in the audit log.
func TestLibraryService(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "某市财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "某县人社局", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
		if err != nil {
			t.Fatal(err)
		}
		users := map[jixiao.Role]context.Context{}
		for _, r := range []jixiao.Role{jixiao.RoleAdmin, jixiao.RoleAuditor, jixiao.RoleReviewer, jixiao.RoleEvaluator, jixiao.RoleApprover, jixiao.RolePreparer} {
			org := dept.ID
			switch r {
			case jixiao.RoleReviewer:
				org = bureau.ID
			case jixiao.RoleAdmin, jixiao.RoleAuditor:
				org = 0
			}
			var assigned []int64
			if r == jixiao.RoleEvaluator {
				assigned = []int64{dept.ID}
			}
			u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: string(r), Role: r, OrgID: org, Assigned: assigned}, "x")
			if err != nil {
				t.Fatal(err)
			}
			users[r] = jixiao.WithUser(ctx, u)
		}
		if _, err := a.CurrentLibrary(ctx); jixiao.ErrorCode(err) != jixiao.EUNAUTHORIZED {
			t.Errorf("reading without a user: %v", err)
		}
		if in, err := a.ProposeIndicator(users[jixiao.RolePreparer], &jixiao.LibraryIndicator{Name: "培训人次", Level1: "产出"}); err != nil || in.ID != "CX-0001" {
			t.Fatalf("first proposal: %+v %v", in, err)
		}
		proposers := map[jixiao.Role]bool{jixiao.RoleAdmin: true, jixiao.RoleApprover: true, jixiao.RolePreparer: true}
		curators := map[jixiao.Role]bool{jixiao.RoleAdmin: true, jixiao.RoleReviewer: true}
		for r, c := range users {
			l, err := a.CurrentLibrary(c)
			if err != nil || len(l.Indicators) < 52 {
				t.Fatalf("%s reads the library: %v", r, err)
			}
			in, err := a.ProposeIndicator(c, &jixiao.LibraryIndicator{Name: "指标" + string(r), Level1: "产出"})
			if proposers[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s proposes: %v", r, err)
			}
			if err == nil && (in.Status != jixiao.LibProposed || !strings.HasPrefix(in.ID, "CX-")) {
				t.Errorf("%s's proposal: %+v", r, in)
			}
			_, err = a.RetireIndicator(c, "GX-0001")
			if curators[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s retires: %v", r, err)
			}
			_, err = a.ConfirmIndicator(c, "CX-0001")
			if curators[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s confirms: %v", r, err)
			}
			p, err := a.SearchLibrary(c, jixiao.LibraryFilter{})
			if err != nil || p.MayPropose != proposers[r] || p.MayCurate != curators[r] {
				t.Errorf("%s's page: %+v %v", r, p, err)
			}
		}
		if _, err := a.ProposeIndicator(users[jixiao.RoleAuditor], &jixiao.LibraryIndicator{Name: "x", Level1: "产出"}); !strings.Contains(jixiao.ErrorMessage(err), "无权向指标库建议指标") {
			t.Errorf("auditor's refusal: %v", err)
		}
		refusals, _, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "org"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range refusals {
			found = found || (e.Action == "refused" && e.Username == "auditor" && strings.Contains(e.New, "向指标库建议指标"))
		}
		if !found {
			t.Errorf("the auditor's refusal is not in the audit log: %+v", refusals)
		}
	})
}
