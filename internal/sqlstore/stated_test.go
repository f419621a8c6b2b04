package sqlstore_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
)

// statedCase is the example that uses every field issue 12 added, with
// the two it leaves out (a case marked incomplete, a rulebook chosen by
// structure) set as well.
func statedCase(t *testing.T) *jixiao.Evaluation {
	t.Helper()
	c, err := caseio.Load("../../examples/department-education-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ev := c.Evaluation
	ev.Incomplete = "表格在绩效指标部分后缺失"
	ev.Provenance.Blank = []jixiao.Skipped{{Where: "Sheet1!A14", What: "主管部门"}}
	ev.Provenance.Chosen = "表中有“分项目标”各项分值，按石家庄市部门整体支出绩效自评规则计分"
	ev.Status = jixiao.StatusDraft
	return ev
}

// statedRows counts the rows of the stated lists of evaluation id.
func statedRows(t *testing.T, s *sqlstore.DB, id int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"caps", "grade_bands", "spend_lines", "year_changes", "stated_counts", "count_parts", "skipped_rows", "blank_names"} {
		var n int
		if err := s.SQL().QueryRowContext(context.Background(), "SELECT count(*) FROM "+table+" WHERE evaluation_id = $1", id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestStatedFieldsSurviveEdits imports a case with every stated field,
// edits it through each record API (an indicator, the project, the
// evaluation's own fields) and loads it back each time: the stated fields
// are intact. Replacing the case drops its rows, and so does deleting it.
func TestStatedFieldsSurviveEdits(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		ev := statedCase(t)
		org := mustOrg(t, s, "EDU", ev.Org.Name, jixiao.OrgDepartment, 0)
		info, err := s.ImportEvaluation(ctx, admin, org.ID, ev, false)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"caps": 8, "grade_bands": 8, "spend_lines": 8, "year_changes": 2, "stated_counts": 1, "count_parts": 2, "skipped_rows": 2, "blank_names": 1}
		if got := statedRows(t, s, info.ID); !equalCounts(got, want) {
			t.Fatalf("rows after import: %v, want %v", got, want)
		}
		same := func(step string, want *jixiao.Evaluation) {
			t.Helper()
			back, _, err := s.LoadEvaluation(ctx, info.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := caseJSON(t, want), caseJSON(t, back); a != b {
				t.Fatalf("%s: stored and loaded differ:\n%s\n---\n%s", step, a, b)
			}
		}
		same("import", ev)

		// One indicator of the project, as the web form and the API edit it.
		inds, err := s.Indicators(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		var rec *jixiao.IndicatorRecord
		for _, r := range inds {
			if r.Indicator.Name == "按期完工率" {
				rec = r
			}
		}
		if rec == nil {
			t.Fatal("indicator 按期完工率 not found")
		}
		in := rec.Indicator
		in.Actual, _ = jixiao.ParseFigure("98%")
		if _, err := s.UpdateIndicator(ctx, admin, rec.ID, rec.Version, &in); err != nil {
			t.Fatal(err)
		}
		ev.Projects[0].Indicators[2].Actual = in.Actual
		same("indicator edit", ev)

		// The project as loaded, with one field changed.
		ps, err := s.Projects(ctx, info.ID)
		if err != nil || len(ps) != 2 {
			t.Fatalf("projects: %d %v", len(ps), err)
		}
		p := ps[0].Project
		if len(p.Caps) != 5 || len(p.Budget.Uses) != 2 || p.Budget.AdjustReason == "" || len(p.Stated.Grades) != 4 || ps[1].Project.Incomplete == "" {
			t.Fatalf("project as loaded lacks stated fields: %+v", p)
		}
		p.Conclusion = "项目按计划完成。"
		if _, err := s.UpdateProject(ctx, admin, ps[0].ID, ps[0].Version, &p); err != nil {
			t.Fatal(err)
		}
		ev.Projects[0].Conclusion = p.Conclusion
		same("project edit", ev)

		// The evaluation's own fields, as loaded, with the title changed.
		cur, info2, err := s.LoadEvaluation(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Title = "某县教育局2024年度部门整体支出绩效自评报告（修订）"
		if _, err := s.UpdateEvaluation(ctx, admin, info.ID, info2.Version, cur); err != nil {
			t.Fatal(err)
		}
		ev.Title = cur.Title
		same("evaluation edit", ev)
		if got := statedRows(t, s, info.ID); !equalCounts(got, want) {
			t.Fatalf("rows after edits: %v, want %v", got, want)
		}

		// A project edit without its caps drops them, and only them.
		p.Caps = nil
		now, err := s.Project(ctx, ps[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateProject(ctx, admin, now.ID, now.Version, &p); err != nil {
			t.Fatal(err)
		}
		ev.Projects[0].Caps = nil
		same("project caps removed", ev)

		// Replacing the case with one that states none of it leaves no rows.
		plain := statedCase(t)
		plain.Caps, plain.Counts, plain.Incomplete, plain.Provenance = nil, nil, "", nil
		plain.Stated.Grades, plain.Stated.Execution, plain.Stated.ExecutionMax = nil, nil, nil
		plain.Budget.Projects, plain.Budget.Uses, plain.Budget.Changes, plain.Budget.AdjustReason = nil, nil, nil, ""
		for i := range plain.Projects {
			q := &plain.Projects[i]
			q.Caps, q.Incomplete, q.Budget.Uses, q.Budget.AdjustReason = nil, "", nil, ""
			if q.Stated != nil {
				q.Stated.Grades = nil
			}
		}
		info3, err := s.EvaluationInfo(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReplaceCase(ctx, admin, info.ID, info3.Revision, plain); err != nil {
			t.Fatal(err)
		}
		same("replace", plain)
		if got := statedRows(t, s, info.ID); !equalCounts(got, map[string]int{}) {
			t.Fatalf("rows after replace: %v", got)
		}

		// Deleting an evaluation deletes its rows.
		ev2 := statedCase(t)
		ev2.Year = 2023
		info4, err := s.ImportEvaluation(ctx, admin, org.ID, ev2, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteEvaluation(ctx, admin, info4.ID, info4.Version); err != nil {
			t.Fatal(err)
		}
		if got := statedRows(t, s, info4.ID); !equalCounts(got, map[string]int{}) {
			t.Fatalf("rows after delete: %v", got)
		}
	})
}

func equalCounts(got, want map[string]int) bool {
	for k, v := range got {
		if want[k] != v {
			return false
		}
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}
