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
			_, err = a.EditIndicator(c, "CX-0001", &jixiao.LibraryIndicator{Name: "培训人次（" + string(r) + "）", Level1: "产出", Unit: "人次", Field: jixiao.FieldCommon}, "名称更明确")
			if curators[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s edits: %v", r, err)
			}
			if v, err := a.LibraryVersion(c, 1); err != nil || v.Version != 1 || len(v.Indicators) != 77 {
				t.Errorf("%s reads version 1: %v", r, err)
			}
			if _, err := a.CompareLibraryVersions(c, 1, 2); err != nil {
				t.Errorf("%s compares versions: %v", r, err)
			}
			p, err := a.SearchLibrary(c, jixiao.LibraryFilter{})
			if err != nil || p.MayPropose != proposers[r] || p.MayCurate != curators[r] {
				t.Errorf("%s's page: %+v %v", r, p, err)
			}
		}
		if _, err := a.EditIndicator(users[jixiao.RolePreparer], "GX-0002", &jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "x"); !strings.Contains(jixiao.ErrorMessage(err), "无权确认、合并、停用或修改指标库的指标") {
			t.Errorf("preparer's edit refused with: %v", err)
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

// TestLibraryEdit: the bureau edits an indicator's content; the code,
// status and source stay, the version records who and why, bad input is
// refused naming the field, and two versions compare field by field.
func TestLibraryEdit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		u, err := db.CreateUser(ctx, &jixiao.User{Username: "fixture"}, &jixiao.User{Username: "局长", Role: jixiao.RoleAdmin}, "x")
		if err != nil {
			t.Fatal(err)
		}
		c := jixiao.WithUser(ctx, u)
		before, err := a.CurrentLibrary(c)
		if err != nil {
			t.Fatal(err)
		}
		old, _ := before.Find("GX-0005")
		e := *old
		e.Name, e.Definition, e.Unit, e.Op, e.DataSource, e.Standard, e.Core, e.Level2 = "资金到位比例", "实际到位资金与计划投入资金之比", "%", jixiao.OpGE, "财务账簿", jixiao.StdPlan, true, "资金管理"
		got, err := a.EditIndicator(c, "GX-0005", &e, "  与本省口径一致  ")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != "GX-0005" || got.Name != "资金到位比例" || got.Status != old.Status || got.Source != old.Source || got.SourceURL != old.SourceURL || !got.Core || got.Level2 != "资金管理" {
			t.Errorf("edited: %+v, was %+v", got, old)
		}
		hist, _, err := a.LibraryHistory(c, 0, 1)
		if err != nil || hist[0].Action != jixiao.LibActionEdit || hist[0].Code != "GX-0005" || hist[0].Reason != "与本省口径一致" || hist[0].Username != "局长" {
			t.Errorf("version of the edit: %+v %v", hist[0], err)
		}
		if _, err := a.EditIndicator(c, "GX-0005", &e, "再改一次"); !strings.Contains(jixiao.ErrorMessage(err), "内容没有变化") {
			t.Errorf("an edit that changes nothing: %v", err)
		}
		bad := []struct {
			in     jixiao.LibraryIndicator
			code   string
			reason string
			want   string
		}{
			{jixiao.LibraryIndicator{Name: strings.Repeat("名", 101), Level1: "产出"}, "GX-0005", "r", "三级指标不能超过 100 个字（现为 101 个）"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Definition: strings.Repeat("口", 2001)}, "GX-0005", "r", "计算口径不能超过 2000 个字"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Unit: strings.Repeat("元", 21)}, "GX-0005", "r", "度量单位不能超过 20 个字"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Op: "约"}, "GX-0005", "r", "指标性质“约”应为"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Standard: "估计"}, "GX-0005", "r", "指标值确定依据“估计”应为"},
			{jixiao.LibraryIndicator{Name: "", Level1: "产出"}, "GX-0005", "r", "请填写三级指标"},
			{jixiao.LibraryIndicator{Name: "x", Level1: ""}, "GX-0005", "r", "请填写一级指标"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX-0005", "", "请填写修改理由"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX-0005", strings.Repeat("因", 501), "修改理由不能超过 500 个字（现为 501 个）"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX/1", "r", "不是指标编码"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX-9999", "r", "没有编码为“GX-9999”的指标"},
		}
		for _, b := range bad {
			if _, err := a.EditIndicator(c, b.code, &b.in, b.reason); !strings.Contains(jixiao.ErrorMessage(err), b.want) {
				t.Errorf("edit %q with %.40q: %v, want %q", b.code, b.in.Name, err, b.want)
			}
		}
		if _, err := a.RetireIndicator(c, "GX-0006"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.EditIndicator(c, "GX-0006", &jixiao.LibraryIndicator{Name: "x", Level1: "产出", Field: jixiao.FieldCommon}, "r"); !strings.Contains(jixiao.ErrorMessage(err), "已停用，不能修改") {
			t.Errorf("editing a retired indicator: %v", err)
		}
		other, _ := before.Find("GX-0007")
		if _, err := a.EditIndicator(c, "GX-0007", &jixiao.LibraryIndicator{Name: "资金到位比例", Level1: e.Level1, Level2: e.Level2, Field: jixiao.FieldCommon}, "r"); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("a name already used under the same levels (%s): %v", other.Name, err)
		}

		diff, err := a.CompareLibraryVersions(c, 1, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(diff) != 2 || diff[0].ID != "GX-0005" || diff[0].Kind != "修改" || diff[1].ID != "GX-0006" || diff[1].Kind != "停用" {
			t.Fatalf("versions 1 to 3: %+v", diff)
		}
		changed := map[string][2]string{}
		for _, ch := range diff[0].Changes {
			changed[ch.Field] = [2]string{ch.Old, ch.New}
		}
		if changed["三级指标"] != [2]string{old.Name, "资金到位比例"} || changed["是否核心绩效指标"][1] != "是" || changed["计算口径"][1] != "实际到位资金与计划投入资金之比" || len(changed) < 7 {
			t.Errorf("fields changed: %v", changed)
		}
		if _, err := a.LibraryVersion(c, 99); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("version 99: %v", err)
		}
		if _, err := a.CompareLibraryVersions(c, 0, 2); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("version 0: %v", err)
		}
	})
}
