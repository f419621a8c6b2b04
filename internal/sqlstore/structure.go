package sqlstore

import (
	"context"
	"database/sql"

	"jixiao"
)

// CreateGoal adds a sub-goal, with its deductions and indicators, at the end
// of evaluation evalID's goals.
func (s *DB) CreateGoal(ctx context.Context, actor *jixiao.User, evalID int64, g *jixiao.Goal) (*jixiao.GoalRecord, error) {
	var out *jixiao.GoalRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.editable(ctx, tx, evalID); err != nil {
			return err
		}
		var seq int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq) + 1, 0) FROM goals WHERE evaluation_id = $1", evalID).Scan(&seq); err != nil {
			return err
		}
		now := s.millis()
		id, err := insert(ctx, tx, "goals", goalCols, append([]any{evalID, seq}, goalValues(g, now)...))
		if err != nil {
			return err
		}
		for j := range g.Indicators {
			if _, err := s.insertIndicator(ctx, tx, evalID, jixiao.Owner{GoalID: id}, j, &g.Indicators[j], now); err != nil {
				return err
			}
		}
		if err := insertDeductions(ctx, tx, evalID, "goal_id", id, g.Deductions); err != nil {
			return err
		}
		if err := s.validateCase(ctx, tx, evalID); err != nil {
			return err
		}
		if out, err = s.goal(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "create", "goal", id, evalID, "", toJSON(g))
	})
	return out, err
}

// DeleteGoal removes sub-goal id, with its indicators, if it is still at
// version.
func (s *DB) DeleteGoal(ctx context.Context, actor *jixiao.User, id, version int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.goal(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		inds, err := loadIndicators(ctx, tx, "goal_id = $1", id)
		if err != nil {
			return err
		}
		for _, r := range inds {
			old.Goal.Indicators = append(old.Goal.Indicators, r.Indicator)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM goals WHERE id = $1 AND version = $2", id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("分项目标“" + old.Goal.Name + "”")
		}
		if err := s.validateCase(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "delete", "goal", id, old.EvaluationID, toJSON(old), "")
	})
}

// CreateProject adds a project, with its fund lines, deductions and
// indicators, at the end of evaluation evalID's projects.
func (s *DB) CreateProject(ctx context.Context, actor *jixiao.User, evalID int64, p *jixiao.Project) (*jixiao.ProjectRecord, error) {
	var out *jixiao.ProjectRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.editable(ctx, tx, evalID); err != nil {
			return err
		}
		var seq int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq) + 1, 0) FROM projects WHERE evaluation_id = $1", evalID).Scan(&seq); err != nil {
			return err
		}
		id, err := s.insertProject(ctx, tx, evalID, seq, p, s.millis())
		if err != nil {
			return err
		}
		if err := s.validateCase(ctx, tx, evalID); err != nil {
			return err
		}
		if out, err = s.project(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "create", "project", id, evalID, "", toJSON(p))
	})
	if isUnique(err) {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "项目“%s”已存在", p.Name)
	}
	return out, err
}

// DeleteProject removes project id, with its indicators, if it is still at
// version.
func (s *DB) DeleteProject(ctx context.Context, actor *jixiao.User, id, version int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.project(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.editable(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		inds, err := loadIndicators(ctx, tx, "project_id = $1", id)
		if err != nil {
			return err
		}
		for _, r := range inds {
			old.Project.Indicators = append(old.Project.Indicators, r.Indicator)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM projects WHERE id = $1 AND version = $2", id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("项目“" + old.Project.Name + "”")
		}
		if err := s.validateCase(ctx, tx, old.EvaluationID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "delete", "project", id, old.EvaluationID, toJSON(old), "")
	})
}
