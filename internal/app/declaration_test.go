package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/rulebook"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

func declFig(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func declDec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// fullMarks scores every item of the default review rubric at points
// less off each.
func fullMarks(t *testing.T, off int64) []jixiao.ItemScore {
	r, err := rulebook.LoadRubric(rulebook.DefaultRubric)
	if err != nil {
		t.Fatal(err)
	}
	var out []jixiao.ItemScore
	for _, it := range r.Items {
		out = append(out, jixiao.ItemScore{Code: it.Code, Points: it.Points.Sub(decimal.NewFromInt(off))})
	}
	return out
}

// TestDeclarationService: the permission table and the review cycle of a
// declaration through the application, on both engines: a department's
// preparer declares, its bureau's reviewer returns one indicator with an
// opinion, the preparer revises and resubmits, the reviewer approves with
// rubric scores (the grade computed); a mid-year adjustment with a reason
// is approved; the self-evaluation created from the baseline carries the
// adjusted target and check D05 compares it with the declaration; next
// year's declaration carries forward with last year's actual values.
func TestDeclarationService(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		org := func(code, name string, kind jixiao.OrgKind, parent int64) *jixiao.OrgRecord {
			o, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: code, Name: name, Kind: kind, ParentID: parent})
			must(err)
			return o
		}
		user := func(name string, role jixiao.Role, orgID int64, assigned ...int64) context.Context {
			u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: name, DisplayName: name, Role: role, OrgID: orgID, Assigned: assigned}, "x")
			must(err)
			return jixiao.WithUser(ctx, u)
		}
		bureau := org("B1", "某市财政局", jixiao.OrgBureau, 0)
		bureau2 := org("B2", "另一市财政局", jixiao.OrgBureau, 0)
		dept := org("D1", "某县人社局", jixiao.OrgDepartment, bureau.ID)
		other := org("D2", "某县教育局", jixiao.OrgDepartment, bureau.ID)
		preparer := user("preparer", jixiao.RolePreparer, dept.ID)
		otherPreparer := user("other", jixiao.RolePreparer, other.ID)
		reviewer := user("reviewer", jixiao.RoleReviewer, bureau.ID)
		farReviewer := user("far", jixiao.RoleReviewer, bureau2.ID)
		evaluator := user("evaluator", jixiao.RoleEvaluator, bureau.ID, dept.ID)
		auditor := user("auditor", jixiao.RoleAuditor, 0)
		code := func(err error) string { return jixiao.ErrorCode(err) }

		d := &jixiao.Declaration{Kind: jixiao.DeclProject, Year: 2025, Project: "职业技能培训", Versions: []jixiao.DeclVersion{{
			OverallGoal: "完成培训5000人次", Funds: []jixiao.IncomeLine{{Source: jixiao.SourceGeneralPublic, Amount: declDec("300")}},
			Indicators: []jixiao.DeclIndicator{
				{LibraryID: "CX-0001", Level1: "产出指标", Level2: "数量指标", Name: "培训人次", Op: jixiao.OpGE, Target: declFig(t, "5000"), Unit: "人次", Weight: declDec("50")},
				{Level1: "效益指标", Level2: "社会效益指标", Name: "培训后就业率", Target: declFig(t, "≥60%"), Weight: declDec("50")},
			}}}}
		if _, err := a.CreateDeclaration(reviewer, dept.ID, d); code(err) != jixiao.EFORBIDDEN {
			t.Errorf("a reviewer declares: %v", err)
		}
		if _, err := a.CreateDeclaration(otherPreparer, dept.ID, d); code(err) != jixiao.ENOTFOUND {
			t.Errorf("another department's preparer declares: %v", err)
		}
		if _, err := a.CreateDeclaration(preparer, bureau.ID, d); code(err) != jixiao.ENOTFOUND {
			t.Errorf("declaring for the bureau: %v", err)
		}
		rec, err := a.CreateDeclaration(preparer, 0, d)
		must(err)
		if rec.OrgID != dept.ID || rec.Declaration.Unit != "某县人社局" || rec.Declaration.Latest().State != jixiao.DeclDraft {
			t.Fatalf("created %+v", rec)
		}
		for name, c := range map[string]context.Context{"other department": otherPreparer, "far reviewer": farReviewer} {
			if _, err := a.Declaration(c, rec.ID); code(err) != jixiao.ENOTFOUND {
				t.Errorf("%s reads: %v", name, err)
			}
		}
		if list, n, err := a.ListDeclarations(otherPreparer, jixiao.DeclarationFilter{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("other department lists %d %v", n, err)
		}
		if _, n, _ := a.ListDeclarations(reviewer, jixiao.DeclarationFilter{}); n != 1 {
			t.Errorf("the reviewer lists %d, want 1", n)
		}
		if _, err := a.Declaration(auditor, rec.ID); err != nil {
			t.Errorf("the auditor reads: %v", err)
		}

		rec, err = a.SubmitDeclaration(preparer, rec.ID, rec.Version)
		must(err)
		if _, err := a.ApproveDeclaration(preparer, rec.ID, rec.Version, "", fullMarks(t, 0), nil); code(err) != jixiao.EFORBIDDEN {
			t.Errorf("the preparer approves: %v", err)
		}
		if _, err := a.ApproveDeclaration(evaluator, rec.ID, rec.Version, "", fullMarks(t, 0), nil); code(err) != jixiao.EFORBIDDEN {
			t.Errorf("an evaluator approves: %v", err)
		}
		if _, err := a.ReturnDeclaration(farReviewer, rec.ID, rec.Version, []jixiao.Opinion{{Text: "x"}}); code(err) != jixiao.ENOTFOUND {
			t.Errorf("another bureau's reviewer returns: %v", err)
		}
		rec, err = a.ReturnDeclaration(reviewer, rec.ID, rec.Version, []jixiao.Opinion{{Indicator: "培训后就业率", Text: "目标值低于上年水平"}})
		must(err)
		if _, err := a.SubmitDeclaration(preparer, rec.ID, rec.Version-1); code(err) != jixiao.ECONFLICT {
			t.Errorf("stale submit: %v", err)
		}
		v := *rec.Declaration.Latest()
		v.Indicators = append([]jixiao.DeclIndicator(nil), v.Indicators...)
		v.Indicators[1].Target = declFig(t, "≥70%")
		rec, err = a.UpdateDeclaration(preparer, rec.ID, rec.Version, &v)
		must(err)
		rec, err = a.SubmitDeclaration(preparer, rec.ID, rec.Version)
		must(err)
		if _, err := a.ApproveDeclaration(reviewer, rec.ID, rec.Version, "", fullMarks(t, 20), nil); code(err) != jixiao.EINVALID {
			t.Errorf("approving with a low grade: %v", err)
		}
		rec, err = a.ApproveDeclaration(reviewer, rec.ID, rec.Version, "", fullMarks(t, 1), nil)
		must(err)
		r := rec.Declaration.Latest().Reviews
		if rec.Declaration.Latest().State != jixiao.DeclApproved || len(r) != 2 || r[1].Score.String() != "96" || r[1].Grade == "" {
			t.Fatalf("approved: %+v", rec.Declaration.Latest())
		}

		// Mid-year adjustment: a reason is required, then approved.
		rec, err = a.ReviseDeclaration(preparer, rec.ID, rec.Version, jixiao.VersionAdjustment)
		must(err)
		v = *rec.Declaration.Latest()
		v.Indicators = append([]jixiao.DeclIndicator(nil), v.Indicators...)
		v.Indicators[0].Target = declFig(t, "4500")
		rec, err = a.UpdateDeclaration(preparer, rec.ID, rec.Version, &v)
		must(err)
		if _, err := a.SubmitDeclaration(preparer, rec.ID, rec.Version); code(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "培训人次") {
			t.Errorf("an adjustment without a reason: %v", err)
		}
		v.Changes = []jixiao.ChangeReason{{Indicator: "CX-0001", Code: "预算调整", Text: "预算压减10%"}}
		rec, err = a.UpdateDeclaration(preparer, rec.ID, rec.Version, &v)
		must(err)
		rec, err = a.SubmitDeclaration(preparer, rec.ID, rec.Version)
		must(err)
		rec, err = a.ApproveDeclaration(reviewer, rec.ID, rec.Version, "", fullMarks(t, 0), nil)
		must(err)
		diff, err := a.DeclarationDiff(reviewer, rec.ID, 1, 2)
		must(err)
		if len(diff) != 1 || diff[0].Old != "≥5000人次" && diff[0].Old != "5000" {
			t.Errorf("diff %+v", diff)
		}
		if _, err := a.DeclarationFindings(preparer, rec.ID, 0); err != nil {
			t.Errorf("findings: %v", err)
		}

		// The self-evaluation from the baseline: the adjusted target; D05
		// finds a target changed afterwards.
		if _, err := a.EvaluationFromBaseline(reviewer, rec.ID); code(err) != jixiao.EFORBIDDEN {
			t.Errorf("a reviewer creates the self-evaluation: %v", err)
		}
		info, err := a.EvaluationFromBaseline(preparer, rec.ID)
		must(err)
		as, err := a.Assess(preparer, info.ID)
		must(err)
		if tg := as.Evaluation.Projects[0].Indicators[0].Target.Text; tg != "4500" {
			t.Errorf("baseline target %q, want the adjusted 4500", tg)
		}
		for _, f := range as.Findings {
			if f.Code == "D05" {
				t.Errorf("D05 on the baseline itself: %s", f.Message)
			}
		}
		ev := as.Evaluation
		ev.Projects[0].Indicators[0].Target = declFig(t, "4000")
		ev.Projects[0].Indicators[0].Actual = declFig(t, "4600")
		info, err = a.ReplaceCase(preparer, info.ID, info.Revision, ev)
		must(err)
		fs, err := a.Findings(preparer, info.ID)
		must(err)
		var d05 int
		for _, f := range fs {
			if f.Code == "D05" && strings.Contains(f.Message, "培训人次") {
				d05++
			}
		}
		if d05 != 1 {
			t.Errorf("%d D05 findings on the changed target, want 1: %+v", d05, fs)
		}

		// 沿用上年: next year's draft from the approved adjustment, with
		// last year's actual value.
		next, err := a.CarryForwardDeclaration(preparer, 0, 2026, jixiao.DeclProject, "职业技能培训")
		must(err)
		nv := next.Declaration.Latest()
		if next.Declaration.Year != 2026 || nv.Number != 1 || nv.State != jixiao.DeclDraft || nv.Indicators[0].Target.Text != "4500" ||
			nv.Indicators[0].LastActual.Text != "4600" {
			t.Errorf("carried forward %+v", nv)
		}

		// A blank declaration: one empty draft, the department's name as
		// its unit; a second of the same kind and year is refused.
		blank, err := a.CreateDeclaration(preparer, 0, &jixiao.Declaration{Kind: jixiao.DeclDepartment, Year: 2025})
		must(err)
		if bv := blank.Declaration.Latest(); blank.Declaration.Unit != "某县人社局" || bv.Number != 1 || bv.Kind != jixiao.VersionOriginal || bv.State != jixiao.DeclDraft {
			t.Errorf("blank declaration %+v", blank.Declaration)
		}
		if _, err := a.CreateDeclaration(preparer, 0, &jixiao.Declaration{Kind: jixiao.DeclDepartment, Year: 2025}); code(err) != jixiao.ECONFLICT {
			t.Errorf("a second department declaration of 2025: %v", err)
		}
		if _, err := a.CarryForwardDeclaration(preparer, 0, 2026, jixiao.DeclDepartment, ""); code(err) != jixiao.EINVALID {
			t.Errorf("carrying forward a declaration with nothing approved: %v", err)
		}

		es, n, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "declaration", EntityID: rec.ID, Limit: 100})
		must(err)
		if n != 11 || es[0].Action != "approve" || es[0].Username != "reviewer" {
			t.Errorf("audit: %d entries, newest %+v", n, es[0])
		}
	})
}
