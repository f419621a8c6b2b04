package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/sqlstore"
)

func declFigure(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func declAmount(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// declRubric: two items of 50; 优 ≥ 90 and 良 ≥ 80 may be approved.
func declRubric() *jixiao.ReviewRubric {
	return &jixiao.ReviewRubric{Name: "t", Title: "测试审核规则", Source: "测试",
		Items: []jixiao.RubricItem{{Code: "A", Name: "完整性", Points: decimal.NewFromInt(50)}, {Code: "B", Name: "相关性", Points: decimal.NewFromInt(50)}},
		Grades: []jixiao.ReviewGrade{{Name: "优", Min: decimal.NewFromInt(90), Approve: true}, {Name: "良", Min: decimal.NewFromInt(80), Approve: true},
			{Name: "差", Min: decimal.Zero}}}
}

func newDecl(t *testing.T) *jixiao.Declaration {
	return &jixiao.Declaration{Kind: jixiao.DeclProject, Year: 2025, Unit: "某县人社局", Project: "职业技能培训", Versions: []jixiao.DeclVersion{{
		Number: 1, Kind: jixiao.VersionOriginal, State: jixiao.DeclDraft, OverallGoal: "完成培训5000人次",
		Funds: []jixiao.IncomeLine{{Source: jixiao.SourceGeneralPublic, Amount: declAmount("300.123456")}},
		Indicators: []jixiao.DeclIndicator{
			{LibraryID: "CX-0001", Level1: "产出指标", Level2: "数量指标", Name: "培训人次", Op: jixiao.OpGE, Target: declFigure(t, "5000"), Unit: "人次", Weight: declAmount("20"),
				LastActual: declFigure(t, "4800")},
			{Level1: "效益指标", Level2: "社会效益指标", Name: "培训后就业率", Target: declFigure(t, "≥60%"), Weight: declAmount("30")},
		}}}}
}

// TestDeclarationStore: a declaration goes through its review cycle in
// the store on both engines: stored whole per version (reads back equal),
// reviews recorded with their reviewer, approved versions locked, stale
// saves refused, one declaration per organisation, year, kind and
// project, every change in the audit log under the organisation.
func TestDeclarationStore(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "130100", "某市财政局", jixiao.OrgBureau, 0)
		dept := mustOrg(t, s, "130100-001", "某县人社局", jixiao.OrgDepartment, bureau.ID)
		other := mustOrg(t, s, "130100-002", "某县教育局", jixiao.OrgDepartment, bureau.ID)
		preparer := &jixiao.User{Username: "填报员"}
		reviewer := &jixiao.User{Username: "审核员"}

		d := newDecl(t)
		rec, err := s.CreateDeclaration(ctx, preparer, dept.ID, d)
		if err != nil {
			t.Fatal(err)
		}
		if rec.OrgID != dept.ID || rec.Version != 1 || !sameDecl(t, &rec.Declaration, d) {
			t.Fatalf("created %+v", rec)
		}
		if _, err := s.CreateDeclaration(ctx, preparer, dept.ID, newDecl(t)); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("second declaration of the same project: %v", err)
		}
		if _, err := s.CreateDeclaration(ctx, preparer, other.ID, newDecl(t)); err != nil {
			t.Errorf("same project of another department: %v", err)
		}

		// Submit, return with an opinion, resubmit, approve.
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(rec.Declaration.Submit())
		must(s.SaveDeclaration(ctx, preparer, "submit", rec))
		stale := *rec
		stale.Version--
		if err := s.SaveDeclaration(ctx, preparer, "update", &stale); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale save: %v", err)
		}
		must(rec.Declaration.Return([]jixiao.Opinion{{Indicator: "培训后就业率", Text: "目标值偏低"}}))
		must(s.SaveDeclaration(ctx, reviewer, "return", rec))
		must(rec.Declaration.Edit(func(v *jixiao.DeclVersion) { v.Indicators[1].Target = declFigure(t, "≥70%") }))
		must(rec.Declaration.Submit())
		must(s.SaveDeclaration(ctx, preparer, "submit", rec))
		items := []jixiao.ItemScore{{Code: "A", Points: decimal.NewFromInt(45)}, {Code: "B", Points: decimal.RequireFromString("42.5")}}
		must(rec.Declaration.Approve(declRubric(), items, nil))
		must(s.SaveDeclaration(ctx, reviewer, "approve", rec))

		got, err := s.Declaration(ctx, rec.ID)
		must(err)
		if got.Version != rec.Version || !sameDecl(t, &got.Declaration, &rec.Declaration) {
			t.Fatalf("read back %+v, want %+v", got.Declaration, rec.Declaration)
		}
		if len(got.Reviews) != 2 || got.Reviews[0].Outcome != jixiao.OutcomeReturned || got.Reviews[0].Username != "审核员" ||
			got.Reviews[1].Outcome != jixiao.OutcomeApproved || got.Reviews[1].Grade != "良" || got.Reviews[1].Score.String() != "87.5" ||
			got.Reviews[1].Number != 1 || got.Reviews[1].Seq != 1 {
			t.Errorf("review records %+v", got.Reviews)
		}

		// The approved version is locked, in the store too.
		locked, _ := s.Declaration(ctx, rec.ID)
		locked.Declaration.Versions[0].Indicators[0].Target = declFigure(t, "1")
		if err := s.SaveDeclaration(ctx, preparer, "update", locked); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("changing an approved version: %v", err)
		}
		locked, _ = s.Declaration(ctx, rec.ID)
		locked.Declaration.Project = "改名"
		if err := s.SaveDeclaration(ctx, preparer, "update", locked); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("renaming an approved declaration: %v", err)
		}

		// A mid-year adjustment is version 2, approved in turn.
		_, err = rec.Declaration.Revise(jixiao.VersionAdjustment)
		must(err)
		must(rec.Declaration.Edit(func(v *jixiao.DeclVersion) {
			v.Indicators[0].Target = declFigure(t, "4500")
			v.Changes = []jixiao.ChangeReason{{Indicator: "CX-0001", Code: "预算调整", Text: "预算压减"}}
		}))
		must(s.SaveDeclaration(ctx, preparer, "revise", rec))
		must(rec.Declaration.Submit())
		must(s.SaveDeclaration(ctx, preparer, "submit", rec))
		must(rec.Declaration.Approve(declRubric(), items, nil))
		must(s.SaveDeclaration(ctx, reviewer, "approve", rec))
		got, err = s.FindDeclaration(ctx, dept.ID, 2025, jixiao.DeclProject, "职业技能培训")
		must(err)
		if len(got.Declaration.Versions) != 2 || got.Declaration.Versions[1].Kind != jixiao.VersionAdjustment ||
			got.Declaration.Versions[1].Indicators[0].Target.Text != "4500" || got.Declaration.Versions[0].Indicators[0].Target.Text != "5000" ||
			len(got.Reviews) != 3 {
			t.Errorf("after the adjustment %+v", got)
		}
		if _, err := s.FindDeclaration(ctx, dept.ID, 2024, jixiao.DeclProject, "职业技能培训"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("last year's: %v", err)
		}
		var funds int64
		must(s.SQL().QueryRow("SELECT funds_total FROM declaration_versions WHERE declaration_id = $1 AND number = 2", rec.ID).Scan(&funds))
		if funds != 300123456 {
			t.Errorf("funds total %d millionths, want 300123456", funds)
		}

		list, n, err := s.ListDeclarations(ctx, jixiao.DeclarationFilter{OrgIDs: []int64{dept.ID}, Year: 2025})
		must(err)
		if n != 1 || len(list) != 1 || list[0].State != jixiao.DeclApproved || list[0].Latest != 2 || list[0].OrgName != "某县人社局" {
			t.Errorf("list %d %+v", n, list)
		}
		if _, n, _ := s.ListDeclarations(ctx, jixiao.DeclarationFilter{}); n != 2 {
			t.Errorf("%d declarations in all, want 2", n)
		}
		if _, n, _ := s.ListDeclarations(ctx, jixiao.DeclarationFilter{State: jixiao.DeclDraft}); n != 1 {
			t.Errorf("%d drafts, want 1", n)
		}

		// The self-evaluation created from the baseline keeps which version
		// it was created from.
		ev, err := jixiao.Baseline(&got.Declaration)
		must(err)
		info, err := s.ImportEvaluation(ctx, preparer, dept.ID, ev, false)
		must(err)
		back, _, err := s.LoadEvaluation(ctx, info.ID)
		must(err)
		if b := back.Baseline; b == nil || b.Version != 2 || b.Kind != jixiao.VersionAdjustment || b.Project != "职业技能培训" || b.Year != 2025 {
			t.Errorf("baseline read back as %+v", b)
		}
		if back.Projects[0].Indicators[0].Target.Text != "4500" {
			t.Errorf("baseline target %q, want the adjusted 4500", back.Projects[0].Indicators[0].Target.Text)
		}

		es, n, err := s.Audit(ctx, jixiao.AuditFilter{Entity: "declaration", EntityID: rec.ID, OrgID: dept.ID, Limit: 100})
		must(err)
		var actions []string
		for i := len(es) - 1; i >= 0; i-- {
			actions = append(actions, es[i].Action)
		}
		if want := "create submit return submit approve revise submit approve"; n != 8 || strings.Join(actions, " ") != want {
			t.Errorf("audit %q, want %q", strings.Join(actions, " "), want)
		}
	})
}

// sameDecl compares declarations by their JSON.
func sameDecl(t *testing.T, a, b *jixiao.Declaration) bool {
	t.Helper()
	x, y := *a, *b
	x.Format, y.Format = "", ""
	return toJSONString(t, &x) == toJSONString(t, &y)
}

func toJSONString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
