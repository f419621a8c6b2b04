package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A project's row, its fund lines, its stated lists (stated.go), its
// indicators and its execution deductions: written by insertProject, read
// by loadProjects.

// insertProject writes project p as the seq-th of evaluation evalID.
func (s *DB) insertProject(ctx context.Context, tx *sql.Tx, evalID int64, seq int, p *jixiao.Project, now int64) (int64, error) {
	cols := append([]string{"evaluation_id", "seq"}, projectCols...)
	pid, err := insert(ctx, tx, "projects", cols, append([]any{evalID, seq}, projectValues(p, now)...))
	if err != nil {
		return 0, err
	}
	if err := writeFundLines(ctx, tx, pid, p.Budget); err != nil {
		return 0, err
	}
	if err := writeProjectStated(ctx, tx, evalID, pid, p); err != nil {
		return 0, err
	}
	for j := range p.Indicators {
		if _, err := s.insertIndicator(ctx, tx, evalID, jixiao.Owner{ProjectID: pid}, j, &p.Indicators[j], now); err != nil {
			return 0, err
		}
	}
	if err := insertDeductions(ctx, tx, evalID, "project_id", pid, p.ExecutionDeductions); err != nil {
		return 0, err
	}
	return pid, nil
}

// writeFundLines writes the fund lines of project pid's budget b.
func writeFundLines(ctx context.Context, tx *sql.Tx, pid int64, b *jixiao.ProjectBudget) error {
	if b == nil {
		return nil
	}
	for i, l := range b.Lines {
		if _, err := insert(ctx, tx, "fund_lines", []string{"project_id", "seq", "source", "initial", "adjusted", "final", "received"},
			[]any{pid, i, l.Source, toMicro(l.Initial), toMicro(l.Adjusted), toMicro(l.Final), toMicro(l.Received)}); err != nil {
			return err
		}
	}
	return nil
}

var projectCols = []string{"code", "name", "department", "unit", "has_budget", "budget_unit", "budget_initial", "budget_adjusted", "budget_final",
	"stated_rate", "long_term_goal", "goal", "goal_result", "weights", "execution_rubric", "execution_cause", "execution_score",
	"conclusion", "problems", "improvements", "has_stated", "stated_total", "stated_grade",
	"stated_execution", "stated_execution_max", "incomplete", "budget_adjust_reason",
	"budget_received", "budget_balance", "results_use", "updated_at"}

func projectValues(p *jixiao.Project, now int64) []any {
	b := p.Budget
	if b == nil {
		b = &jixiao.ProjectBudget{}
	}
	st := p.Stated
	if st == nil {
		st = &jixiao.Stated{}
	}
	weights := ""
	if len(p.Weights) > 0 {
		m := map[string]string{}
		for k, v := range p.Weights {
			m[k] = exactText(v)
		}
		w, _ := json.Marshal(m)
		weights = string(w)
	}
	return []any{p.Code, p.Name, p.Department, p.Unit, p.Budget != nil, b.Unit, toMicro(b.Initial), toMicro(b.Adjusted), toMicro(b.Final),
		p.StatedRate.Text, p.LongTermGoal, p.Goal, p.GoalResult, weights, jsonText(p.ExecutionRubric), p.ExecutionCause, decText(p.ExecutionScore),
		p.Conclusion, p.Problems, p.Improvements, p.Stated != nil, decText(st.Total), st.Grade,
		decText(st.Execution), decText(st.ExecutionMax), p.Incomplete, b.AdjustReason,
		toMicro(b.Received), toMicro(b.Balance), p.ResultsUse, now}
}

const projectSelect = "SELECT id, evaluation_id, seq, version, code, name, department, unit, has_budget, budget_unit, budget_initial, budget_adjusted, budget_final, " +
	"stated_rate, long_term_goal, goal, goal_result, weights, execution_rubric, execution_cause, execution_score, conclusion, problems, improvements, " +
	"has_stated, stated_total, stated_grade, stated_execution, stated_execution_max, incomplete, budget_adjust_reason, " +
	"budget_received, budget_balance, results_use FROM projects"

func projectsQuery(where string) string {
	return projectSelect + " WHERE " + where + " ORDER BY seq, id"
}

func fundLinesQuery(where string) string {
	return "SELECT project_id, source, initial, adjusted, final, received FROM fund_lines WHERE project_id IN (SELECT id FROM projects WHERE " + where + ") ORDER BY project_id, seq, id"
}

func loadProjects(ctx context.Context, q querier, where string, args ...any) ([]*jixiao.ProjectRecord, error) {
	rows, err := rowsOf(ctx, q, projectsQuery(where), args...)
	if err != nil {
		return nil, err
	}
	var out []*jixiao.ProjectRecord
	for rows.Next() {
		r := &jixiao.ProjectRecord{}
		p := &r.Project
		var hasBudget, hasStated bool
		var unit, statedRate, weights, rubric, statedGrade, adjustReason string
		var ini, adj, fin, received, balance *int64
		var execScore, statedTotal, statedExec, statedExecMax *string
		if err := rows.Scan(&r.ID, &r.EvaluationID, &r.Seq, &r.Version, &p.Code, &p.Name, &p.Department, &p.Unit, &hasBudget, &unit, &ini, &adj, &fin,
			&statedRate, &p.LongTermGoal, &p.Goal, &p.GoalResult, &weights, &rubric, &p.ExecutionCause, &execScore, &p.Conclusion, &p.Problems, &p.Improvements,
			&hasStated, &statedTotal, &statedGrade, &statedExec, &statedExecMax, &p.Incomplete, &adjustReason,
			&received, &balance, &p.ResultsUse); err != nil {
			rows.Close()
			return nil, err
		}
		if hasBudget {
			p.Budget = &jixiao.ProjectBudget{Unit: unit, Initial: fromMicro(ini), Adjusted: fromMicro(adj), Final: fromMicro(fin),
				Received: fromMicro(received), Balance: fromMicro(balance), AdjustReason: adjustReason}
		}
		p.StatedRate = figure(statedRate)
		if weights != "" {
			var m map[string]string
			if err := json.Unmarshal([]byte(weights), &m); err != nil {
				rows.Close()
				return nil, fmt.Errorf("stored weights: %w", err)
			}
			p.Weights = map[string]decimal.Decimal{}
			for k, v := range m {
				d, err := parseDec(&v)
				if err != nil {
					rows.Close()
					return nil, err
				}
				p.Weights[k] = *d
			}
		}
		if rubric != "" {
			p.ExecutionRubric = &jixiao.Rubric{}
			if err := json.Unmarshal([]byte(rubric), p.ExecutionRubric); err != nil {
				rows.Close()
				return nil, err
			}
		}
		if p.ExecutionScore, err = parseDec(execScore); err != nil {
			rows.Close()
			return nil, err
		}
		if hasStated {
			p.Stated = &jixiao.Stated{Grade: statedGrade}
			if p.Stated.Total, err = parseDec(statedTotal); err != nil {
				rows.Close()
				return nil, err
			}
			if p.Stated.Execution, err = parseDec(statedExec); err != nil {
				rows.Close()
				return nil, err
			}
			if p.Stated.ExecutionMax, err = parseDec(statedExecMax); err != nil {
				rows.Close()
				return nil, err
			}
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadProjectStated(ctx, q, out, where, args); err != nil {
		return nil, err
	}
	// The fund lines of every project selected, in one query.
	byID := make(map[int64]*jixiao.ProjectBudget, len(out))
	for _, r := range out {
		if r.Project.Budget != nil {
			byID[r.ID] = r.Project.Budget
		}
	}
	if len(byID) == 0 {
		return out, nil
	}
	err = eachRow(ctx, q, fundLinesQuery(where), args, func(sc scanner) error {
		var pid int64
		var l jixiao.FundLine
		var ini, adj, fin, rec *int64
		if err := sc.Scan(&pid, &l.Source, &ini, &adj, &fin, &rec); err != nil {
			return err
		}
		l.Initial, l.Adjusted, l.Final, l.Received = fromMicro(ini), fromMicro(adj), fromMicro(fin), fromMicro(rec)
		if b := byID[pid]; b != nil {
			b.Lines = append(b.Lines, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
