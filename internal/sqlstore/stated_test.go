package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

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
	// A score row without its printed cap, and a project that spent more
	// than it received: a negative balance.
	ev.Budget.Scores = append(ev.Budget.Scores, jixiao.LineScore{Of: "basic", Score: decimal.RequireFromString("9.95")})
	b := ev.Projects[1].Budget
	received, balance := decimal.RequireFromString("118.15"), decimal.RequireFromString("-0.35")
	b.Received, b.Balance = &received, &balance
	return ev
}

// statedRows counts the rows of the stated lists of evaluation id.
func statedRows(t *testing.T, s *sqlstore.DB, id int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"caps", "grade_bands", "spend_lines", "year_changes", "stated_counts", "count_parts", "skipped_rows", "blank_names", "budget_scores"} {
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
		want := map[string]int{"caps": 8, "grade_bands": 8, "spend_lines": 8, "year_changes": 2, "stated_counts": 1, "count_parts": 2, "skipped_rows": 2, "blank_names": 1, "budget_scores": 2}
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
		stored(t, s, info.ID)

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
		if len(p.Caps) != 5 || len(p.Budget.Uses) != 2 || p.Budget.AdjustReason == "" || len(p.Stated.Grades) != 4 || ps[1].Project.Incomplete == "" ||
			!equalDec(p.Budget.Received, "150") || !equalDec(p.Budget.Balance, "11.5") || !equalDec(p.Budget.Lines[0].Received, "150") ||
			!equalDec(p.Budget.Uses[0].Previous, "96.5") || !equalDec(ps[1].Project.Budget.Balance, "-0.35") {
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
		stored(t, s, info.ID)
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
		plain.Budget.Projects, plain.Budget.Uses, plain.Budget.Changes, plain.Budget.AdjustReason, plain.Budget.Scores = nil, nil, nil, "", nil
		for i := range plain.Projects {
			q := &plain.Projects[i]
			q.Caps, q.Incomplete, q.Budget.Uses, q.Budget.AdjustReason = nil, "", nil, ""
			q.Budget.Received, q.Budget.Balance = nil, nil
			for j := range q.Budget.Lines {
				q.Budget.Lines[j].Received = nil
			}
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
		var funds int
		if err := s.SQL().QueryRowContext(ctx, `SELECT count(*) FROM projects p WHERE p.evaluation_id = $1 AND (p.budget_received IS NOT NULL OR p.budget_balance IS NOT NULL
			OR EXISTS (SELECT 1 FROM fund_lines f WHERE f.project_id = p.id AND f.received IS NOT NULL))`, info.ID).Scan(&funds); err != nil || funds != 0 {
			t.Fatalf("projects with funds received after replace: %d %v", funds, err)
		}
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

// stored checks the columns of evaluation id that hold the funds
// received, the balances, the year before's figures and the execution
// scores stated row by row: millionths of the unit, points as exact text.
func stored(t *testing.T, s *sqlstore.DB, id int64) {
	t.Helper()
	ctx := context.Background()
	var got []string
	add := func(query string) {
		t.Helper()
		rows, err := s.SQL().QueryContext(ctx, query, id)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line []string
			for _, v := range vals {
				if v.Valid {
					line = append(line, v.String)
				} else {
					line = append(line, "NULL")
				}
			}
			got = append(got, strings.Join(line, " "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	add("SELECT name, budget_received, budget_balance FROM projects WHERE evaluation_id = $1 ORDER BY seq")
	add("SELECT f.source, f.received FROM fund_lines f JOIN projects p ON p.id = f.project_id WHERE p.evaluation_id = $1 ORDER BY p.seq, f.seq")
	add("SELECT kind, name, previous FROM spend_lines WHERE evaluation_id = $1 ORDER BY project_id IS NOT NULL, kind, seq")
	add("SELECT of_what, score, max_score FROM budget_scores WHERE evaluation_id = $1 ORDER BY seq")
	want := []string{
		"校舍维修改造项目 150000000 11500000",
		"义务教育营养改善计划 118150000 -350000",
		"一般公共预算 150000000",
		"project 义务教育营养改善计划 115000000",
		"project 校舍维修改造项目 NULL",
		"project 教师培训项目 NULL",
		"use 人员经费 752600000",
		"use 公用经费 85400000",
		"use 项目支出 342000000",
		"use 材料费 96500000",
		"use 人工费 58000000",
		"total 9.84 10",
		"basic 9.95 NULL",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stored columns:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func equalDec(d *decimal.Decimal, want string) bool {
	return d != nil && d.Equal(decimal.RequireFromString(want))
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
