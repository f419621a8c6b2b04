package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao"
)

// editable marks evaluation id as changed (its revision) if it may still
// be changed: draft or returned. The UPDATE holds the evaluation's row until
// the transaction ends, so that a concurrent submission cannot slip in
// between the check and the change.
func (s *DB) editable(ctx context.Context, tx *sql.Tx, id int64) error {
	res, err := tx.ExecContext(ctx, "UPDATE evaluations SET revision = revision + 1, updated_at = $1 WHERE id = $2 AND status IN ('draft', 'returned')", s.millis(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM evaluations WHERE id = $1", id).Scan(&status); err != nil {
		return notFound(err, "评价（编号%d）不存在", id)
	}
	return jixiao.Errorf(jixiao.ECONFLICT, "评价%s，已锁定，不能修改", jixiao.Status(status).Title())
}

// mayBreakRefs reports whether changing indicator old into in (valid on
// its own) can make its case invalid, so that the whole case must be
// checked again (validateCase): the case's only rules across records are
// the references of deductions, to projects and to indicators by number
// or name. An edit that keeps the indicator's number and name, and whose
// deductions name only what its deductions named before (which the case,
// valid before, resolved), cannot; it is the common edit (a value, a
// text), and saving it need not load the whole case.
func mayBreakRefs(old, in *jixiao.Indicator) bool {
	if in.ID != old.ID || in.Name != old.Name {
		return true
	}
	projects, indicators := map[string]bool{}, map[string]bool{}
	for _, d := range old.Deductions {
		for _, p := range d.Projects {
			projects[p] = true
		}
		indicators[d.Indicator] = true
	}
	for _, d := range in.Deductions {
		for _, p := range d.Projects {
			if !projects[p] {
				return true
			}
		}
		if d.Indicator != "" && !indicators[d.Indicator] {
			return true
		}
	}
	return false
}

// validateCase loads the whole case inside tx and validates it, so that a
// change to one record cannot leave the case inconsistent (a deduction
// naming a deleted project, two projects of one name).
func (s *DB) validateCase(ctx context.Context, tx *sql.Tx, id int64) error {
	ev, err := s.loadCase(ctx, tx, id)
	if err != nil {
		return err
	}
	return ev.Storable()
}

// Indicators returns the indicators of evaluation id.
func (s *DB) Indicators(ctx context.Context, evalID int64) ([]*jixiao.IndicatorRecord, error) {
	q := s.read(ctx)
	inds, err := loadIndicators(ctx, q, "evaluation_id = $1", evalID)
	if err != nil {
		return nil, err
	}
	deds, err := loadDeductions(ctx, q, evalID)
	if err != nil {
		return nil, err
	}
	for _, r := range inds {
		r.Indicator.Deductions = deds.indicator[r.ID]
	}
	return inds, nil
}

// Indicator returns indicator id with its deductions and evidence.
func (s *DB) Indicator(ctx context.Context, id int64) (*jixiao.IndicatorRecord, error) {
	return s.indicator(ctx, s.read(ctx), id)
}

func (s *DB) indicator(ctx context.Context, q querier, id int64) (*jixiao.IndicatorRecord, error) {
	inds, err := loadIndicators(ctx, q, "id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(inds) == 0 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "指标（编号%d）不存在", id)
	}
	r := inds[0]
	r.Indicator.Deductions, err = deductionsOf(ctx, q, "indicator_id", id)
	return r, err
}

// deductionsOf returns the deductions of one record: column names its kind
// (indicator_id, goal_id or project_id).
func deductionsOf(ctx context.Context, q querier, column string, id int64) ([]jixiao.Deduction, error) {
	rows, err := q.QueryContext(ctx, "SELECT points, reason, projects, indicator_ref FROM deductions WHERE "+column+" = $1 ORDER BY seq, id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jixiao.Deduction
	for rows.Next() {
		d, err := scanDeduction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func scanDeduction(sc scanner) (jixiao.Deduction, error) {
	var d jixiao.Deduction
	var points, projects string
	if err := sc.Scan(&points, &d.Reason, &projects, &d.Indicator); err != nil {
		return d, err
	}
	p, err := parseDec(&points)
	if err != nil {
		return d, err
	}
	d.Points = *p
	if projects != "" {
		if err := jsonUnmarshal(projects, &d.Projects); err != nil {
			return d, err
		}
	}
	return d, nil
}

// CreateIndicator adds an indicator at the end of its owner's list.
func (s *DB) CreateIndicator(ctx context.Context, actor *jixiao.User, evalID int64, owner jixiao.Owner, in *jixiao.Indicator) (*jixiao.IndicatorRecord, error) {
	out, err := s.CreateIndicators(ctx, actor, evalID, owner, []jixiao.Indicator{*in})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// CreateIndicators adds indicators at the end of their owner's list, all
// or none.
func (s *DB) CreateIndicators(ctx context.Context, actor *jixiao.User, evalID int64, owner jixiao.Owner, ins []jixiao.Indicator) ([]*jixiao.IndicatorRecord, error) {
	var ps jixiao.Problems
	for i := range ins {
		if err := ins[i].Validate(); err != nil {
			if len(ins) == 1 {
				return nil, err
			}
			if p, ok := err.(jixiao.Problems); ok {
				for _, x := range p {
					ps = append(ps, jixiao.Problem{Path: fmt.Sprintf("[%d]", i) + strings.TrimPrefix("."+x.Path, "."), Message: x.Message})
				}
			} else {
				return nil, err
			}
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	var out []*jixiao.IndicatorRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.editable(ctx, tx, evalID); err != nil {
			return err
		}
		if err := s.checkOwner(ctx, tx, evalID, owner); err != nil {
			return err
		}
		var seq int
		g, p := ownerArgs(owner)
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq) + 1, 0) FROM indicators WHERE evaluation_id = $1 AND goal_id IS NOT DISTINCT FROM $2 AND project_id IS NOT DISTINCT FROM $3",
			evalID, g, p).Scan(&seq); err != nil {
			return err
		}
		var ids []int64
		for i := range ins {
			id, err := s.insertIndicator(ctx, tx, evalID, owner, seq+i, &ins[i], s.millis())
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if err := s.validateCase(ctx, tx, evalID); err != nil {
			return err
		}
		for _, id := range ids {
			rec, err := s.indicator(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, rec)
			if err := s.audit(ctx, tx, actor, "create", "indicator", id, evalID, "", toJSON(rec)); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// checkOwner checks that a goal or project owner belongs to the evaluation.
func (s *DB) checkOwner(ctx context.Context, tx *sql.Tx, evalID int64, o jixiao.Owner) error {
	check := func(table string, id int64, what string) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE id = $1 AND evaluation_id = $2", id, evalID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return jixiao.Errorf(jixiao.EINVALID, "%s（编号%d）不属于评价（编号%d）", what, id, evalID)
		}
		return nil
	}
	if o.GoalID != 0 && o.ProjectID != 0 {
		return jixiao.Errorf(jixiao.EINVALID, "指标只能属于一个分项目标或一个项目")
	}
	if o.GoalID != 0 {
		return check("goals", o.GoalID, "分项目标")
	}
	if o.ProjectID != 0 {
		return check("projects", o.ProjectID, "项目")
	}
	return nil
}

// UpdateIndicator replaces indicator id's fields and deductions if it is
// still at version; its evidence stays.
func (s *DB) UpdateIndicator(ctx context.Context, actor *jixiao.User, id, version int64, in *jixiao.Indicator) (*jixiao.IndicatorRecord, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *jixiao.IndicatorRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.indicator(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		// An edit that does not name the indicator's library code (a form
		// without it) keeps the code it has.
		if in.LibraryID == "" && old.Indicator.LibraryID != "" {
			kept := *in
			kept.LibraryID = old.Indicator.LibraryID
			in = &kept
		}
		res, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE indicators SET %s, version = version + 1 WHERE id = $%d AND version = $%d",
			setClause(indicatorCols), len(indicatorCols)+1, len(indicatorCols)+2), append(indicatorValues(in, s.millis()), id, version)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("指标“" + old.Indicator.Name + "”")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM deductions WHERE indicator_id = $1", id); err != nil {
			return err
		}
		if err := insertDeductions(ctx, tx, old.EvaluationID, "indicator_id", id, in.Deductions); err != nil {
			return err
		}
		if mayBreakRefs(&old.Indicator, in) {
			if err := s.validateCase(ctx, tx, old.EvaluationID); err != nil {
				return err
			}
		}
		if out, err = s.indicator(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "update", "indicator", id, old.EvaluationID, toJSON(old), toJSON(out))
	})
	return out, err
}

// DeleteIndicator removes indicator id if it is still at version.
func (s *DB) DeleteIndicator(ctx context.Context, actor *jixiao.User, id, version int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.indicator(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM indicators WHERE id = $1 AND version = $2", id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("指标“" + old.Indicator.Name + "”")
		}
		if err := s.validateCase(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "delete", "indicator", id, old.EvaluationID, toJSON(old), "")
	})
}

// Goals returns the sub-goals of evaluation id, without their indicators.
func (s *DB) Goals(ctx context.Context, evalID int64) ([]*jixiao.GoalRecord, error) {
	q := s.read(ctx)
	gs, err := loadGoals(ctx, q, "evaluation_id = $1", evalID)
	if err != nil {
		return nil, err
	}
	deds, err := loadDeductions(ctx, q, evalID)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		g.Goal.Deductions = deds.goal[g.ID]
	}
	return gs, nil
}

// Goal returns sub-goal id with its deductions.
func (s *DB) Goal(ctx context.Context, id int64) (*jixiao.GoalRecord, error) {
	return s.goal(ctx, s.read(ctx), id)
}

func (s *DB) goal(ctx context.Context, q querier, id int64) (*jixiao.GoalRecord, error) {
	gs, err := loadGoals(ctx, q, "id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "分项目标（编号%d）不存在", id)
	}
	gs[0].Goal.Deductions, err = deductionsOf(ctx, q, "goal_id", id)
	return gs[0], err
}

// UpdateGoal replaces sub-goal id's fields and deductions (not its
// indicators) if it is still at version.
func (s *DB) UpdateGoal(ctx context.Context, actor *jixiao.User, id, version int64, g *jixiao.Goal) (*jixiao.GoalRecord, error) {
	var out *jixiao.GoalRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.goal(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		cols := goalCols[2:] // without evaluation_id, seq
		res, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE goals SET %s, version = version + 1 WHERE id = $%d AND version = $%d", setClause(cols), len(cols)+1, len(cols)+2),
			append(goalValues(g, s.millis()), id, version)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("分项目标“" + old.Goal.Name + "”")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM deductions WHERE goal_id = $1", id); err != nil {
			return err
		}
		if err := insertDeductions(ctx, tx, old.EvaluationID, "goal_id", id, g.Deductions); err != nil {
			return err
		}
		if err := s.validateCase(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		if out, err = s.goal(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "update", "goal", id, old.EvaluationID, toJSON(old), toJSON(out))
	})
	return out, err
}

// Projects returns the projects of evaluation id, without their indicators.
func (s *DB) Projects(ctx context.Context, evalID int64) ([]*jixiao.ProjectRecord, error) {
	q := s.read(ctx)
	ps, err := loadProjects(ctx, q, "evaluation_id = $1", evalID)
	if err != nil {
		return nil, err
	}
	deds, err := loadDeductions(ctx, q, evalID)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		p.Project.ExecutionDeductions = deds.project[p.ID]
	}
	return ps, nil
}

// Project returns project id.
func (s *DB) Project(ctx context.Context, id int64) (*jixiao.ProjectRecord, error) {
	return s.project(ctx, s.read(ctx), id)
}

func (s *DB) project(ctx context.Context, q querier, id int64) (*jixiao.ProjectRecord, error) {
	ps, err := loadProjects(ctx, q, "id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "项目（编号%d）不存在", id)
	}
	ps[0].Project.ExecutionDeductions, err = deductionsOf(ctx, q, "project_id", id)
	return ps[0], err
}

// UpdateProject replaces project id's fields, fund lines and execution
// deductions (not its indicators) if it is still at version.
func (s *DB) UpdateProject(ctx context.Context, actor *jixiao.User, id, version int64, p *jixiao.Project) (*jixiao.ProjectRecord, error) {
	var out *jixiao.ProjectRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.project(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE projects SET %s, version = version + 1 WHERE id = $%d AND version = $%d",
			setClause(projectCols), len(projectCols)+1, len(projectCols)+2), append(projectValues(p, s.millis()), id, version)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("项目“" + old.Project.Name + "”")
		}
		for _, q := range []string{"DELETE FROM fund_lines WHERE project_id = $1", "DELETE FROM deductions WHERE project_id = $1"} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		if err := writeFundLines(ctx, tx, id, p.Budget); err != nil {
			return err
		}
		if err := insertDeductions(ctx, tx, old.EvaluationID, "project_id", id, p.ExecutionDeductions); err != nil {
			return err
		}
		if err := deleteProjectStated(ctx, tx, id); err != nil {
			return err
		}
		if err := writeProjectStated(ctx, tx, old.EvaluationID, id, p); err != nil {
			return err
		}
		if err := s.validateCase(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		if out, err = s.project(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "update", "project", id, old.EvaluationID, toJSON(old), toJSON(out))
	})
	return out, err
}

// UpdateEvaluation replaces evaluation id's own fields and sections —
// organisation profile, budget, overall goal, work group, process, problems,
// measures, stated result — from ev, if it is still at version. Its
// projects, goals and indicators are records of their own and stay.
func (s *DB) UpdateEvaluation(ctx context.Context, actor *jixiao.User, id, version int64, ev *jixiao.Evaluation) (*jixiao.EvaluationInfo, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, id); err != nil {
			return err
		}
		cols := append([]string{"updated_at"}, evalFieldNames...)
		res, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE evaluations SET %s, version = version + 1 WHERE id = $%d AND version = $%d",
			setClause(cols), len(cols)+1, len(cols)+2), append(append([]any{s.millis()}, evalFieldValues(ev)...), id, version)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("评价")
		}
		for _, table := range []string{"budget_scores", "budget_rates", "income_lines", "budget_stages", "eval_texts"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE evaluation_id = $1", id); err != nil {
				return err
			}
		}
		for list, items := range textLists(ev) {
			for i, it := range items {
				if err := insertNoID(ctx, tx, "eval_texts", []string{"evaluation_id", "list", "seq", "title", "text"}, []any{id, list, i, it.Title, it.Text}); err != nil {
					return err
				}
			}
		}
		if err := writeBudget(ctx, tx, id, ev.Budget); err != nil {
			return err
		}
		if err := deleteStated(ctx, tx, id); err != nil {
			return err
		}
		if err := writeStated(ctx, tx, id, ev); err != nil {
			return err
		}
		now, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := now.Storable(); err != nil {
			return err
		}
		if err := pinRulebook(ctx, tx, id, ev.Rulebook); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "update", "evaluation", id, id, caseJSON(old), caseJSON(now))
	})
	if err != nil {
		return nil, err
	}
	return s.EvaluationInfo(ctx, id)
}

// ReplaceCase replaces the whole of evaluation id with ev if no change was
// made to it since revision.
func (s *DB) ReplaceCase(ctx context.Context, actor *jixiao.User, id, revision int64, ev *jixiao.Evaluation) (*jixiao.EvaluationInfo, error) {
	if err := ev.Storable(); err != nil {
		return nil, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		var rev int64
		var subject string
		if err := tx.QueryRowContext(ctx, "SELECT revision, subject FROM evaluations WHERE id = $1", id).Scan(&rev, &subject); err != nil {
			return err
		}
		if rev != revision {
			return conflict("评价")
		}
		if string(ev.Subject) != subject || ev.Year != old.Year {
			return jixiao.Errorf(jixiao.EINVALID, "不能改变评价的对象或年度（应为%s、%d年）", jixiao.Subject(subject).Title(), old.Year)
		}
		if err := s.editable(ctx, tx, id); err != nil {
			return err
		}
		if err := s.deleteContent(ctx, tx, id); err != nil {
			return err
		}
		cols := append([]string{"updated_at", "subject_key"}, evalFieldNames...)
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE evaluations SET %s, version = version + 1 WHERE id = $%d", setClause(cols), len(cols)+1),
			append(append([]any{s.millis(), subjectKey(ev)}, evalFieldValues(ev)...), id)...); err != nil {
			if isUnique(err) {
				return jixiao.Errorf(jixiao.ECONFLICT, "同一单位、年度已有该项目的评价")
			}
			return err
		}
		if err := s.writeContent(ctx, tx, id, ev); err != nil {
			return err
		}
		if err := pinRulebook(ctx, tx, id, ev.Rulebook); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "replace", "evaluation", id, id, caseJSON(old), caseJSON(ev))
	})
	if err != nil {
		return nil, err
	}
	return s.EvaluationInfo(ctx, id)
}

// DeleteEvaluation removes a draft evaluation if it is still at version.
func (s *DB) DeleteEvaluation(ctx context.Context, actor *jixiao.User, id, version int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		// The entry first, while the evaluation still names its
		// organisation; a refused delete rolls both back.
		if err := s.audit(ctx, tx, actor, "delete", "evaluation", id, id, caseJSON(old), ""); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM evaluations WHERE id = $1 AND version = $2 AND status = 'draft'", id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return jixiao.Errorf(jixiao.ECONFLICT, "只能删除未提交过的草稿，且须是最新版本")
		}
		return nil
	})
}

// Transition moves evaluation id from one of the statuses from to to, with
// the reviewer's comments, if it is still at version.
func (s *DB) Transition(ctx context.Context, actor *jixiao.User, id, version int64, from []jixiao.Status, to jixiao.Status, reason string, comments []jixiao.Comment) (*jixiao.EvaluationInfo, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		var v int64
		if err := tx.QueryRowContext(ctx, "SELECT status, version FROM evaluations WHERE id = $1", id).Scan(&status, &v); err != nil {
			return notFound(err, "评价（编号%d）不存在", id)
		}
		allowed := false
		var names []string
		for _, f := range from {
			allowed = allowed || string(f) == status
			names = append(names, f.Title())
		}
		if !allowed {
			return jixiao.Errorf(jixiao.ECONFLICT, "评价当前为“%s”，只有“%s”的评价可以改为“%s”", jixiao.Status(status).Title(), strings.Join(names, "、"), to.Title())
		}
		res, err := tx.ExecContext(ctx, "UPDATE evaluations SET status = $1, version = version + 1, revision = revision + 1, updated_at = $2 WHERE id = $3 AND version = $4 AND status = $5",
			string(to), s.millis(), id, version, status)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("评价")
		}
		now := s.millis()
		tid, err := insert(ctx, tx, "transitions", []string{"evaluation_id", "from_status", "to_status", "user_id", "reason", "at"},
			[]any{id, status, string(to), userID(actor), reason, now})
		if err != nil {
			return err
		}
		for _, c := range comments {
			if _, err := insert(ctx, tx, "comments", []string{"evaluation_id", "transition_id", "item", "text", "user_id", "at"},
				[]any{id, tid, c.Item, c.Text, userID(actor), now}); err != nil {
				return err
			}
		}
		// A reopened acceptance is its own kind of entry in the history.
		action := "transition"
		if jixiao.Status(status) == jixiao.StatusAccepted {
			action = "reopen"
		}
		return s.audit(ctx, tx, actor, action, "evaluation", id, id, toJSON(map[string]string{"status": status}),
			toJSON(map[string]any{"status": to, "reason": reason, "comments": comments}))
	})
	if err != nil {
		return nil, err
	}
	return s.EvaluationInfo(ctx, id)
}

// Transitions returns the workflow history of evaluation id, oldest first.
func (s *DB) Transitions(ctx context.Context, id int64) ([]*jixiao.Transition, error) {
	rows, err := s.read(ctx).QueryContext(ctx, `SELECT t.id, t.from_status, t.to_status, COALESCE(t.user_id, 0), COALESCE(u.username, ''), COALESCE(u.display_name, ''), t.reason, t.at
		FROM transitions t LEFT JOIN users u ON u.id = t.user_id WHERE t.evaluation_id = $1 ORDER BY t.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.Transition
	for rows.Next() {
		var t jixiao.Transition
		var from, to string
		var at int64
		if err := rows.Scan(&t.ID, &from, &to, &t.UserID, &t.Username, &t.Name, &t.Reason, &at); err != nil {
			return nil, err
		}
		if t.Name == "" {
			t.Name = t.Username
		}
		t.From, t.To, t.At = jixiao.Status(from), jixiao.Status(to), fromMillis(at)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// Comments returns the reviewers' comments on evaluation id, oldest first.
func (s *DB) Comments(ctx context.Context, id int64) ([]*jixiao.Comment, error) {
	rows, err := s.read(ctx).QueryContext(ctx, `SELECT c.id, COALESCE(c.transition_id, 0), c.item, c.text, COALESCE(c.user_id, 0), COALESCE(u.username, ''), COALESCE(u.display_name, ''), c.at
		FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.evaluation_id = $1 ORDER BY c.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.Comment
	for rows.Next() {
		var c jixiao.Comment
		var at int64
		if err := rows.Scan(&c.ID, &c.TransitionID, &c.Item, &c.Text, &c.UserID, &c.Username, &c.Name, &at); err != nil {
			return nil, err
		}
		if c.Name == "" {
			c.Name = c.Username
		}
		c.At = fromMillis(at)
		out = append(out, &c)
	}
	return out, rows.Err()
}
