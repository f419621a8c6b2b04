package api

import (
	"net/http"
	"path/filepath"

	"jixiao"
)

// RulebookSaved is the answer to storing a rulebook.
type RulebookSaved struct {
	Rulebook *jixiao.StoredRulebook `json:"rulebook"`
	// Created is false when the same rulebook was stored before.
	Created bool `json:"created"`
}

func (a *API) rulebooks(w http.ResponseWriter, r *http.Request) error {
	rbs, err := a.Evaluations.Rulebooks(r.Context())
	if err != nil {
		return err
	}
	return list(w, rbs)
}

func (a *API) rulebook(w http.ResponseWriter, r *http.Request) error {
	rb, err := a.Evaluations.StoredRulebook(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return ok(w, rb)
}

func (a *API) saveRulebook(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(r)
	if err != nil {
		return err
	}
	name := filepath.Base(r.URL.Query().Get("name"))
	if name == "." || name == "/" {
		name = "评分规则.yaml"
	}
	rb, created, err := a.Evaluations.SaveRulebook(r.Context(), name, data)
	if err != nil {
		return err
	}
	return ok(w, RulebookSaved{Rulebook: rb, Created: created})
}
