package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
)

// imported loads an example into a fresh store and returns its info.
func imported(t *testing.T, s *sqlstore.DB, example string) *jixiao.EvaluationInfo {
	t.Helper()
	c, err := caseio.Load("../../examples/" + example)
	if err != nil {
		t.Fatal(err)
	}
	org := mustOrg(t, s, "D-"+example, c.Evaluation.Org.Name+example, jixiao.OrgDepartment, 0)
	info, err := s.ImportEvaluation(context.Background(), admin, org.ID, c.Evaluation, false)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func TestIndicatorEdits(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "project-training-2024.yaml")
		inds, err := s.Indicators(ctx, info.ID)
		if err != nil || len(inds) != 7 {
			t.Fatalf("%d indicators, %v", len(inds), err)
		}
		r := inds[0]
		in := r.Indicator
		in.Actual, _ = jixiao.ParseFigure("4800人次")
		up, err := s.UpdateIndicator(ctx, admin, r.ID, r.Version, &in)
		if err != nil || up.Version != r.Version+1 || up.Indicator.Actual.Text != "4800人次" {
			t.Fatalf("update: %+v %v", up, err)
		}
		// A second edit from the old version is a conflict, and changes nothing.
		in.Actual, _ = jixiao.ParseFigure("1人次")
		if _, err := s.UpdateIndicator(ctx, admin, r.ID, r.Version, &in); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		now, _ := s.Indicator(ctx, r.ID)
		if now.Indicator.Actual.Text != "4800人次" {
			t.Errorf("lost update: %s", now.Indicator.Actual.Text)
		}
		// The change and the old and new values are in the audit log.
		es, _, _ := s.Audit(ctx, jixiao.AuditFilter{Entity: "indicator", EntityID: r.ID})
		if len(es) != 1 || !strings.Contains(es[0].Old, "4500人次") || !strings.Contains(es[0].New, "4800人次") || es[0].Username != "测试" {
			t.Errorf("audit %+v", es)
		}
		// An edit that would break the case is refused whole.
		bad := now.Indicator
		bad.Deductions = []jixiao.Deduction{{Points: jixiao.Dec("1"), Reason: "x", Projects: []string{"不存在"}}}
		if _, err := s.UpdateIndicator(ctx, admin, r.ID, now.Version, &bad); err == nil || !strings.Contains(err.Error(), "不存在") {
			t.Errorf("invalid: %v", err)
		}
		// A deduction of a second indicator names the first; renaming the
		// first would leave it naming nothing and is refused, while a
		// change of value saves (the case is checked only when an edit
		// can break a reference).
		other := inds[1]
		od := other.Indicator
		od.Deductions = []jixiao.Deduction{{Points: jixiao.Dec("1"), Reason: "引用", Indicator: now.Indicator.Name}}
		if _, err := s.UpdateIndicator(ctx, admin, other.ID, other.Version, &od); err != nil {
			t.Fatalf("deduction naming the first indicator: %v", err)
		}
		renamed := now.Indicator
		renamed.Name = "改名后的指标"
		if _, err := s.UpdateIndicator(ctx, admin, r.ID, now.Version, &renamed); err == nil || !strings.Contains(err.Error(), now.Indicator.Name) {
			t.Errorf("renaming an indicator another's deduction names: %v", err)
		}
		kept := now.Indicator
		kept.Actual, _ = jixiao.ParseFigure("4900人次")
		if now, err = s.UpdateIndicator(ctx, admin, r.ID, now.Version, &kept); err != nil || now.Indicator.Actual.Text != "4900人次" {
			t.Fatalf("change of value: %+v %v", now, err)
		}
		// Create and delete.
		pid := r.Owner.ProjectID
		c, err := s.CreateIndicator(ctx, admin, info.ID, jixiao.Owner{ProjectID: pid}, &jixiao.Indicator{Level1: "产出指标", Name: "新指标", Target: in.Target})
		if err != nil || c.Seq != 7 {
			t.Fatalf("create: %+v %v", c, err)
		}
		if err := s.DeleteIndicator(ctx, admin, c.ID, c.Version+1); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale delete: %v", err)
		}
		if err := s.DeleteIndicator(ctx, admin, c.ID, c.Version); err != nil {
			t.Errorf("delete: %v", err)
		}
		got, _ := s.EvaluationInfo(ctx, info.ID)
		if got.Revision <= info.Revision {
			t.Errorf("revision %d after edits (was %d)", got.Revision, info.Revision)
		}
	})
}

// Many writers on one indicator: each one that read version v and wrote
// wins or gets a conflict; no update is lost.
func TestConcurrentEdits(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "project-training-2024.yaml")
		inds, _ := s.Indicators(ctx, info.ID)
		r := inds[0]
		const writers = 16
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, conflicts := 0, 0
		for i := 0; i < writers; i++ {
			wg.Go(func() {
				in := r.Indicator
				in.Deviation = "writer"
				_, err := s.UpdateIndicator(ctx, admin, r.ID, r.Version, &in)
				mu.Lock()
				defer mu.Unlock()
				switch jixiao.ErrorCode(err) {
				case "":
					wins++
				case jixiao.ECONFLICT:
					conflicts++
				default:
					t.Errorf("writer: %v", err)
				}
			})
		}
		wg.Wait()
		if wins != 1 || conflicts != writers-1 {
			t.Errorf("%d wins, %d conflicts", wins, conflicts)
		}
		now, _ := s.Indicator(ctx, r.ID)
		if now.Version != r.Version+1 {
			t.Errorf("version %d", now.Version)
		}
	})
}

func TestWorkflowAndLocking(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "shijiazhuang-2024.yaml")
		sub, err := s.Transition(ctx, admin, info.ID, info.Version, []jixiao.Status{jixiao.StatusDraft, jixiao.StatusReturned}, jixiao.StatusSubmitted, "提交复核", nil)
		if err != nil || sub.Status != jixiao.StatusSubmitted {
			t.Fatalf("submit: %v", err)
		}
		// Submitted: locked for edits.
		goals, _ := s.Goals(ctx, info.ID)
		g := goals[0].Goal
		if _, err := s.UpdateGoal(ctx, admin, goals[0].ID, goals[0].Version, &g); err == nil || !strings.Contains(err.Error(), "已提交，已锁定") {
			t.Errorf("edit while submitted: %v", err)
		}
		// Returned with comments per item: editable again.
		ret, err := s.Transition(ctx, admin, info.ID, sub.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusReturned, "请补充",
			[]jixiao.Comment{{Item: "goals[4]", Text: "扣分理由请写明项目名称"}, {Item: "budget.final", Text: "决算收入合计与明细不符"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateGoal(ctx, admin, goals[0].ID, goals[0].Version, &g); err != nil {
			t.Errorf("edit when returned: %v", err)
		}
		cs, _ := s.Comments(ctx, info.ID)
		if len(cs) != 2 || cs[1].Item != "budget.final" {
			t.Errorf("comments %+v", cs)
		}
		// A transition from a stale version or the wrong status is refused.
		if _, err := s.Transition(ctx, admin, info.ID, ret.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusAccepted, "", nil); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("accept a returned evaluation: %v", err)
		}
		ret, _ = s.EvaluationInfo(ctx, info.ID)
		sub, _ = s.Transition(ctx, admin, info.ID, ret.Version, []jixiao.Status{jixiao.StatusDraft, jixiao.StatusReturned}, jixiao.StatusSubmitted, "", nil)
		acc, err := s.Transition(ctx, admin, info.ID, sub.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusAccepted, "同意", nil)
		if err != nil || acc.Status != jixiao.StatusAccepted {
			t.Fatal(err)
		}
		ts, _ := s.Transitions(ctx, info.ID)
		if len(ts) != 4 || ts[3].To != jixiao.StatusAccepted || ts[3].Reason != "同意" {
			t.Errorf("transitions %+v", ts)
		}
		// Accepted: locked for good, and not replaceable by an import.
		ev, _, _ := s.LoadEvaluation(ctx, info.ID)
		if _, err := s.UpdateEvaluation(ctx, admin, info.ID, acc.Version, ev); err == nil || !strings.Contains(err.Error(), "已通过") {
			t.Errorf("edit accepted: %v", err)
		}
		if _, err := s.ImportEvaluation(ctx, admin, info.OrgID, ev, true); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("replace accepted: %v", err)
		}
		if err := s.DeleteEvaluation(ctx, admin, info.ID, acc.Version); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("delete accepted: %v", err)
		}
	})
}

func TestSectionsAndReplace(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "shijiazhuang-2024.yaml")
		ev, _, _ := s.LoadEvaluation(ctx, info.ID)
		total := jixiao.Dec("140989.08")
		ev.Budget.Final.IncomeTotal = &total
		up, err := s.UpdateEvaluation(ctx, admin, info.ID, info.Version, ev)
		if err != nil || up.Version != info.Version+1 {
			t.Fatalf("update sections: %v", err)
		}
		back, _, _ := s.LoadEvaluation(ctx, info.ID)
		if !back.Budget.Final.IncomeTotal.Equal(total) || len(back.Goals) != 6 || len(back.Goals[2].Deductions) != 1 {
			t.Errorf("after section update: %s, %d goals", back.Budget.Final.IncomeTotal, len(back.Goals))
		}
		if _, err := s.UpdateEvaluation(ctx, admin, info.ID, info.Version, ev); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale section update: %v", err)
		}
		// Replace the whole case at the current revision; a stale revision conflicts.
		back.Goals = back.Goals[:5]
		back.Goals[4].Weight = ptr(jixiao.Dec("32"))
		rep, err := s.ReplaceCase(ctx, admin, info.ID, up.Revision, back)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReplaceCase(ctx, admin, info.ID, up.Revision, back); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale replace: %v", err)
		}
		again, _, _ := s.LoadEvaluation(ctx, rep.ID)
		if len(again.Goals) != 5 {
			t.Errorf("%d goals after replace", len(again.Goals))
		}
	})
}

func ptr[T any](v T) *T { return &v }

// An indicator's library code is stored with it, loaded with the case, and
// kept by an edit that does not name it.
func TestIndicatorLibraryCode(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		c, err := caseio.Load("../../examples/project-training-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c.Evaluation.Projects[0].Indicators[0].LibraryID = "CX-0001"
		org := mustOrg(t, s, "D-lib", "编码测试单位", jixiao.OrgDepartment, 0)
		info, err := s.ImportEvaluation(ctx, admin, org.ID, c.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		ev, _, err := s.LoadEvaluation(ctx, info.ID)
		if err != nil || ev.Projects[0].Indicators[0].LibraryID != "CX-0001" || ev.Projects[0].Indicators[1].LibraryID != "" {
			t.Fatalf("library codes not loaded: %v", err)
		}
		inds, err := s.Indicators(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := inds[0]
		in := r.Indicator
		in.LibraryID = ""
		in.Actual, _ = jixiao.ParseFigure("4800人次")
		up, err := s.UpdateIndicator(ctx, admin, r.ID, r.Version, &in)
		if err != nil || up.Indicator.LibraryID != "CX-0001" {
			t.Fatalf("an edit without the code lost it: %+v %v", up, err)
		}
	})
}
