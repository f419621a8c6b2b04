package app

import (
	"context"

	"jixiao"
)

// CreateGoal adds a sub-goal to an evaluation.
func (a *App) CreateGoal(ctx context.Context, evalID int64, g *jixiao.Goal) (*jixiao.GoalRecord, error) {
	u, _, err := a.evaluation(ctx, evalID, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.CreateGoal(ctx, u, evalID, g)
}

// DeleteGoal removes a sub-goal and its indicators.
func (a *App) DeleteGoal(ctx context.Context, id, version int64) error {
	u, _, err := a.goal(ctx, id, actWrite)
	if err != nil {
		return err
	}
	return a.db.DeleteGoal(ctx, u, id, version)
}

// CreateProject adds a project to an evaluation.
func (a *App) CreateProject(ctx context.Context, evalID int64, p *jixiao.Project) (*jixiao.ProjectRecord, error) {
	u, _, err := a.evaluation(ctx, evalID, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.CreateProject(ctx, u, evalID, p)
}

// DeleteProject removes a project and its indicators.
func (a *App) DeleteProject(ctx context.Context, id, version int64) error {
	u, _, err := a.project(ctx, id, actWrite)
	if err != nil {
		return err
	}
	return a.db.DeleteProject(ctx, u, id, version)
}
