package api

import (
	"net/http"

	"jixiao"
)

func (a *API) createGoal(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var g jixiao.Goal
	if err := decode(r, &g); err != nil {
		return err
	}
	rec, err := a.Evaluations.CreateGoal(r.Context(), eid, &g)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) deleteGoal(w http.ResponseWriter, r *http.Request) error {
	gid, err := id(r, "id")
	if err != nil {
		return err
	}
	v, err := requiredInt(r, "version")
	if err != nil {
		return err
	}
	if err := a.Evaluations.DeleteGoal(r.Context(), gid, v); err != nil {
		return err
	}
	return done(w)
}

func (a *API) createProject(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var p jixiao.Project
	if err := decode(r, &p); err != nil {
		return err
	}
	rec, err := a.Evaluations.CreateProject(r.Context(), eid, &p)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) deleteProject(w http.ResponseWriter, r *http.Request) error {
	pid, err := id(r, "id")
	if err != nil {
		return err
	}
	v, err := requiredInt(r, "version")
	if err != nil {
		return err
	}
	if err := a.Evaluations.DeleteProject(r.Context(), pid, v); err != nil {
		return err
	}
	return done(w)
}
