package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
)

func TestGoalsAndProjectsAddedAndRemoved(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "shijiazhuang-2024.yaml")
		w := jixiao.Dec("5")
		g, err := s.CreateGoal(ctx, admin, info.ID, &jixiao.Goal{Name: "新增目标", Weight: &w,
			Indicators: []jixiao.Indicator{{Name: "新增指标", Target: mustFigure(t, "≥95%"), Actual: mustFigure(t, "96%")}}})
		if err != nil {
			t.Fatal(err)
		}
		ev, _, err := s.LoadEvaluation(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := ev.Goals[len(ev.Goals)-1]
		if len(ev.Goals) != 7 || last.Name != "新增目标" || len(last.Indicators) != 1 || last.Indicators[0].Name != "新增指标" {
			t.Fatalf("after CreateGoal: %d goals, last %+v", len(ev.Goals), last)
		}
		if err := s.DeleteGoal(ctx, admin, g.ID, g.Version+1); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("delete at a stale version: %v", err)
		}
		if err := s.DeleteGoal(ctx, admin, g.ID, g.Version); err != nil {
			t.Fatal(err)
		}
		ev, _, _ = s.LoadEvaluation(ctx, info.ID)
		if len(ev.Goals) != 6 {
			t.Errorf("after DeleteGoal: %d goals", len(ev.Goals))
		}
		inds, _ := s.Indicators(ctx, info.ID)
		for _, r := range inds {
			if r.Indicator.Name == "新增指标" {
				t.Error("the deleted goal's indicator is still stored")
			}
		}

		// Projects: a duplicate name is refused by validation; a project
		// named by a goal's deduction cannot be deleted.
		p, err := s.CreateProject(ctx, admin, info.ID, &jixiao.Project{Name: "新增项目"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateProject(ctx, admin, info.ID, &jixiao.Project{Name: "新增项目"}); jixiao.ErrorCode(err) == "" {
			t.Error("a second project of the same name was stored")
		}
		if err := s.DeleteProject(ctx, admin, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		ps, _ := s.Projects(ctx, info.ID)
		var named *jixiao.ProjectRecord
		for _, r := range ps {
			if r.Project.Name == "地质灾害防治能力提升设备购置项目" {
				named = r
			}
		}
		if named == nil {
			t.Fatal("reference project missing")
		}
		err = s.DeleteProject(ctx, admin, named.ID, named.Version)
		if jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("deleting a project a deduction names: %v", err)
		}
		if ps2, _ := s.Projects(ctx, info.ID); len(ps2) != len(ps) {
			t.Errorf("a refused delete removed the project")
		}
		// Every change is audited.
		entries, _, err := s.Audit(ctx, jixiao.AuditFilter{EvaluationID: info.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.Action+" "+e.Entity]++
		}
		for _, want := range []string{"create goal", "delete goal", "create project", "delete project"} {
			if seen[want] != 1 {
				t.Errorf("audit has %d × %s", seen[want], want)
			}
		}
	})
}

func mustFigure(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCreateIndicatorsAllOrNone(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "project-training-2024.yaml")
		ps, _ := s.Projects(ctx, info.ID)
		before, _ := s.Indicators(ctx, info.ID)
		owner := jixiao.Owner{ProjectID: ps[0].ID}
		_, err := s.CreateIndicators(ctx, admin, info.ID, owner, []jixiao.Indicator{
			{Name: "培训满意度", Target: mustFigure(t, "≥90%")}, {Name: ""}, {Name: "结业率", Target: mustFigure(t, "≥95%")}})
		if err == nil || !strings.Contains(err.Error(), "[1]") {
			t.Fatalf("a batch with a nameless indicator: %v", err)
		}
		if after, _ := s.Indicators(ctx, info.ID); len(after) != len(before) {
			t.Fatalf("a refused batch stored %d indicators", len(after)-len(before))
		}
		recs, err := s.CreateIndicators(ctx, admin, info.ID, owner, []jixiao.Indicator{
			{Name: "培训满意度", Target: mustFigure(t, "≥90%")}, {Name: "结业率", Target: mustFigure(t, "≥95%")}})
		if err != nil || len(recs) != 2 || recs[1].Seq != recs[0].Seq+1 {
			t.Fatalf("batch: %v %+v", err, recs)
		}
	})
}
