package web

import (
	"fmt"
	"net/http"
	"time"

	"jixiao"
)

// Every form of an evaluation's pages saves itself: a change is posted
// (htmx) as soon as the user leaves the field, and the form's state says
// 已保存, what is still wrong (beside each field; nothing is saved until
// it is right) or, when someone else saved the same record meanwhile,
// both values of each field that differs, for the user to choose. Until a
// change is saved, app.js keeps the user from leaving the page without
// being asked (tab switches, links, closing the window). The same forms
// still work without scripts, with their 保存 buttons.

// formSave is the answer to one autosave of a form: the part of the page
// that shows the form's state, and out of band the form's new version,
// each field's errors and the scores the page shows.
type formSave struct {
	Form     string // the form's element id: its state is Form-state, its version input Form-version
	Saved    bool
	Version  int64 // the record's version after the save
	At       time.Time
	Count    int      // problems found in all (when not saved)
	Errors   []string // problems not beside a field
	Fields   []*field // the form's fields, with their errors
	Conflict *conflict
	Scores   *scoreScope
	// Versions are the ids of other version inputs of the same record on
	// the page (the budget paste form beside the budget form).
	Versions []string
}

// conflict is a save that met a version changed meanwhile: each field
// whose value the user has differs from the one stored, for the user to
// choose between. Nothing is saved until every field is chosen; then the
// form is saved over Version.
type conflict struct {
	Version int64
	Rows    []conflictRow
	More    int // fields that differ beyond those listed
}

// conflictRow is one field of a conflict: the input's id, its name, the
// user's value and the stored one.
type conflictRow struct {
	ID, Label, Mine, Stored string
	Check                   bool // a checkbox: values are "true" or ""
}

// maxConflictRows bounds the fields a conflict lists.
const maxConflictRows = 50

// newConflict compares the fields as the user has them (mine) with the
// same form built from the stored record (stored).
func newConflict(version int64, mine, stored []*field) *conflict {
	type value struct {
		id, label, value, kind string
	}
	flat := func(fs []*field) (map[string]value, []string) {
		m := map[string]value{}
		var order []string
		var walk func(fs []*field, prefix string)
		walk = func(fs []*field, prefix string) {
			for _, f := range fs {
				switch f.Kind {
				case "object":
					walk(f.Fields, prefix+f.Label+" › ")
				case "list":
					for _, r := range f.Rows {
						walk(r.Cells, fmt.Sprintf("%s%s第%d行 › ", prefix, f.Label, r.Index+1))
					}
				default:
					m[f.Path] = value{f.ID, prefix + f.Label, f.Value, f.Kind}
					order = append(order, f.Path)
				}
			}
		}
		walk(fs, "")
		return m, order
	}
	a, order := flat(mine)
	b, more := flat(stored)
	for _, p := range more {
		if _, ok := a[p]; !ok {
			order = append(order, p)
		}
	}
	c := &conflict{Version: version}
	for _, p := range order {
		x, y := a[p], b[p]
		if x.value == y.value {
			continue
		}
		if len(c.Rows) == maxConflictRows {
			c.More++
			continue
		}
		label := x.label
		if label == "" {
			label = y.label
		}
		c.Rows = append(c.Rows, conflictRow{ID: x.id, Label: label, Mine: x.value, Stored: y.value, Check: x.kind == "bool" || y.kind == "bool"})
	}
	return c
}

// scoreScope is what of an evaluation's scores one page shows, so that
// an answer updates just the elements the page has (htmx reports an
// error for an element sent out of band whose target is missing).
type scoreScope struct {
	V          *evalView
	Indicators []*indicatorView
	Goals      []*goalView
	Project    *projectView
}

// panelScores is the score panel alone (the pages of sections and of one
// indicator).
func (v *evalView) panelScores() *scoreScope { return &scoreScope{V: v} }

// pageScores are the scores on the page that lists the indicators of o:
// a project's page (its indicators and total), else the goals page (the
// goals' indicators, the department's own and each goal's subtotal).
func (v *evalView) pageScores(o jixiao.Owner) *scoreScope {
	s := &scoreScope{V: v}
	if o.ProjectID != 0 {
		if p := v.project(o.ProjectID); p != nil {
			s.Project, s.Indicators = p, p.Indicators
		}
		return s
	}
	for _, g := range v.Goals {
		s.Indicators = append(s.Indicators, g.Indicators...)
	}
	s.Indicators = append(s.Indicators, v.Indicators...)
	s.Goals = v.Goals
	return s
}

// answerSave writes the answer to an autosave: 200 when saved, 409 for a
// conflict, 422 for a form with errors.
func (w *Web) answerSave(rw http.ResponseWriter, a *formSave) {
	status := http.StatusOK
	switch {
	case a.Conflict != nil:
		status = http.StatusConflict
	case !a.Saved:
		status = http.StatusUnprocessableEntity
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	w.fragment(rw, status, "form-save", a)
}

// countErrors counts the errors beside fields and the rest.
func countErrors(fields []*field, rest []string) int {
	n := len(rest)
	var walk func([]*field)
	walk = func(fs []*field) {
		for _, f := range fs {
			n += len(f.Errors)
			walk(f.Fields)
			for _, r := range f.Rows {
				walk(r.Cells)
			}
		}
	}
	walk(fields)
	return n
}

// recordForm is the autosave of one stored record's form (a goal, a
// project, an indicator): how to build its form from the evaluation as
// stored now, which scores its page shows, and how to save the posted
// values again over another version.
type recordForm struct {
	form   string // the form's element id
	evalID int64
	// fields builds the form from the record as stored in v, with its
	// path in the case and its version; false when it is gone.
	fields func(v *evalView) (fs []*field, path string, version int64, ok bool)
	scores func(v *evalView) *scoreScope
	retry  func(version int64) (int64, error)
}

// answerRecordSave answers the autosave of a record's form, saved at
// version (err nil) or refused with err. A conflict in none of the
// form's fields (someone saved the same values) is saved again over the
// stored version.
func (w *Web) answerRecordSave(rw http.ResponseWriter, r *http.Request, f recordForm, version int64, err error) error {
	if err != nil && !userError(err) {
		return err
	}
	v, lerr := w.loadEval(r.Context(), f.evalID)
	if lerr != nil {
		return lerr
	}
	stored, path, latest, ok := f.fields(v)
	if !ok {
		return jixiao.Errorf(jixiao.ENOTFOUND, "此内容已被删除")
	}
	mine, _, _, _ := f.fields(v)
	overlay(mine, r.PostForm)
	a := &formSave{Form: f.form}
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT && v.Editable {
		c := newConflict(latest, mine, stored)
		if len(c.Rows) > 0 || c.More > 0 {
			a.Conflict = c
			w.answerSave(rw, a)
			return nil
		}
		if version, err = f.retry(latest); err != nil && !userError(err) {
			return err
		}
		if err == nil {
			if v, lerr = w.loadEval(r.Context(), f.evalID); lerr != nil {
				return lerr
			}
		}
	}
	a.Fields = mine
	if err != nil {
		a.Errors = formErrors(mine, err, path)
		a.Count = countErrors(mine, a.Errors)
	} else {
		a.Saved, a.Version, a.Scores = true, version, f.scores(v)
	}
	w.answerSave(rw, a)
	return nil
}
