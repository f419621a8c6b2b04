package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
)

// goals is a department evaluation's sub-goals, each with its deductions
// and its indicators in the live scorecard table. A project evaluation has
// its one project instead.
func (w *Web) goals(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	if v.Info.Subject == jixiao.SubjectProject && len(v.Projects) == 1 {
		http.Redirect(rw, r, fmt.Sprintf("/projects/%d", v.Projects[0].Rec.ID), http.StatusSeeOther)
		return nil
	}
	w.renderGoals(rw, r, http.StatusOK, v)
	return nil
}

func (w *Web) renderGoals(rw http.ResponseWriter, r *http.Request, status int, v *evalView) {
	var cards []*goalCard
	for _, g := range v.Goals {
		cards = append(cards, newGoalCard(v, g))
	}
	w.render(rw, r, status, "goals", &page{Title: "绩效目标与指标 - " + v.Name(), Eval: v, Tab: "goals", Data: map[string]any{"Cards": cards}})
}

// goalCard is a sub-goal's form and its indicators.
type goalCard struct {
	V      *evalView
	G      *goalView
	Fields []*field
	Errors []string
}

var goalSpec = formSpec{skip: map[string]bool{"indicators": true, "rubric": true}, blank: 1}

func newGoalCard(v *evalView, g *goalView) *goalCard {
	spec := goalSpec
	spec.idPrefix = g.Path + "."
	c := &goalCard{V: v, G: g, Fields: buildForm(g.Rec.Goal, spec)}
	v.annotate(c.Fields, g.Path)
	return c
}

func (w *Web) createGoal(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	g := jixiao.Goal{Name: strings.TrimSpace(r.FormValue("name"))}
	var errs []string
	if g.Name == "" {
		errs = append(errs, "名称：请填写分项绩效目标的名称")
	}
	if s := strings.TrimSpace(r.FormValue("weight")); s != "" {
		d, err := jixiao.ParseDecimal(s)
		if err != nil {
			errs = append(errs, fmt.Sprintf("分值：应为数字，实际为“%s”", s))
		} else {
			g.Weight = &d
		}
	}
	var rec *jixiao.GoalRecord
	if len(errs) == 0 {
		rec, err = w.Evaluations.CreateGoal(r.Context(), id, &g)
		if userError(err) {
			errs = pasteMessages(err)
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return w.refuseNew(r, id, "goal", errs, func(v *evalView) { w.renderGoals(rw, r, http.StatusUnprocessableEntity, v) })
	}
	w.flash(r, "已新增分项绩效目标“"+g.Name+"”")
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d/goals#goal-%d", id, rec.ID))
}

// saveGoal saves a sub-goal's form and answers with its card (and the
// updated score, out of band).
func (w *Web) saveGoal(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Goal(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	var g jixiao.Goal
	err = applyForm(rec.Goal, r.PostForm, &g)
	saved := version
	if err == nil {
		var nr *jixiao.GoalRecord
		if nr, err = w.Evaluations.UpdateGoal(r.Context(), id, version, &g); err == nil {
			saved = nr.Version
		}
	}
	if !isHTMX(r) {
		if err != nil {
			return err
		}
		w.flash(r, "已保存分项绩效目标“"+g.Name+"”")
		return redirect(rw, r, fmt.Sprintf("/evaluations/%d/goals#goal-%d", rec.EvaluationID, id))
	}
	return w.answerRecordSave(rw, r, recordForm{
		form:   fmt.Sprintf("goal-%d-form", id),
		evalID: rec.EvaluationID,
		fields: func(v *evalView) ([]*field, string, int64, bool) {
			gv := v.goal(id)
			if gv == nil {
				return nil, "", 0, false
			}
			return newGoalCard(v, gv).Fields, gv.Path, gv.Rec.Version, true
		},
		scores: func(v *evalView) *scoreScope { return v.pageScores(jixiao.Owner{GoalID: id}) },
		retry: func(version int64) (int64, error) {
			nr, err := w.Evaluations.UpdateGoal(r.Context(), id, version, &g)
			if err != nil {
				return 0, err
			}
			return nr.Version, nil
		},
	}, saved, err)
}

func (w *Web) deleteGoal(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Goal(r.Context(), id)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	if err := w.Evaluations.DeleteGoal(r.Context(), id, version); err != nil {
		return err
	}
	w.flash(r, "已删除分项绩效目标“"+rec.Goal.Name+"”及其指标")
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d/goals", rec.EvaluationID))
}

// formStatus is the status of a form answered with its errors: 409 for a
// conflict (changed meanwhile, or locked), else 422.
func formStatus(err error) int {
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// userError is an error the user can fix on the form.
func userError(err error) bool {
	switch jixiao.ErrorCode(err) {
	case jixiao.EINVALID, jixiao.ECONFLICT:
		return true
	}
	return false
}

func (v *evalView) goal(id int64) *goalView {
	for _, g := range v.Goals {
		if g.Rec.ID == id {
			return g
		}
	}
	return nil
}

func (v *evalView) project(id int64) *projectView {
	for _, p := range v.Projects {
		if p.Rec.ID == id {
			return p
		}
	}
	return nil
}

func (v *evalView) indicator(id int64) *indicatorView {
	for _, iv := range v.byPath {
		if iv.Rec.ID == id {
			return iv
		}
	}
	return nil
}

// projects lists a department's projects.
func (w *Web) projects(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "projects", &page{Title: "项目 - " + v.Name(), Eval: v, Tab: "projects"})
	return nil
}

func (w *Web) createProject(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := jixiao.Project{Name: strings.TrimSpace(r.FormValue("name")), Code: strings.TrimSpace(r.FormValue("code"))}
	var errs []string
	var rec *jixiao.ProjectRecord
	if p.Name == "" {
		errs = append(errs, "项目名称：请填写项目名称")
	} else {
		rec, err = w.Evaluations.CreateProject(r.Context(), id, &p)
		if userError(err) {
			errs = pasteMessages(err)
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return w.refuseNew(r, id, "project", errs, func(v *evalView) {
			w.render(rw, r, http.StatusUnprocessableEntity, "projects", &page{Title: "项目 - " + v.Name(), Eval: v, Tab: "projects"})
		})
	}
	w.flash(r, "已新增项目“"+p.Name+"”，请填写其预算和绩效指标")
	return redirect(rw, r, fmt.Sprintf("/projects/%d", rec.ID))
}

// refuseNew shows the page of a new record's form (kind: goal, project)
// again through show, with what was typed in the form and each problem
// above it; nothing is saved.
func (w *Web) refuseNew(r *http.Request, id int64, kind string, errs []string, show func(*evalView)) error {
	v, err := w.loadEval(r.Context(), id)
	if err != nil {
		return err
	}
	v.paste = &pasteState{Kind: kind, Values: r.PostForm, Errors: errs}
	show(v)
	return nil
}

func projectForm(pv *projectView) formSpec {
	return formSpec{skip: map[string]bool{"indicators": true, "execution_rubric": true}, blank: 1, idPrefix: pv.Path + "."}
}

// project is a project's form and its indicators in the live scorecard.
func (w *Web) project(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Project(r.Context(), id)
	if err != nil {
		return err
	}
	v, err := w.loadEval(r.Context(), rec.EvaluationID)
	if err != nil {
		return err
	}
	pv := v.project(id)
	if pv == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "项目不存在")
	}
	fields := buildForm(pv.Rec.Project, projectForm(pv))
	v.annotate(fields, pv.Path)
	w.renderProject(rw, r, http.StatusOK, v, pv, fields, nil)
	return nil
}

func (w *Web) renderProject(rw http.ResponseWriter, r *http.Request, status int, v *evalView, pv *projectView, fields []*field, errs []string) {
	tab := "projects"
	if v.Info.Subject == jixiao.SubjectProject {
		tab = "goals"
	}
	w.render(rw, r, status, "project", &page{Title: pv.Rec.Project.Name + " - " + v.Name(), Eval: v, Tab: tab, Data: map[string]any{
		"P": pv, "Fields": fields, "Errors": errs}})
}

func (w *Web) saveProject(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Project(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	var p jixiao.Project
	err = applyForm(rec.Project, r.PostForm, &p)
	saved := version
	if err == nil {
		var nr *jixiao.ProjectRecord
		if nr, err = w.Evaluations.UpdateProject(r.Context(), id, version, &p); err == nil {
			saved = nr.Version
		}
	}
	if isHTMX(r) {
		return w.answerRecordSave(rw, r, recordForm{
			form:   fmt.Sprintf("project-%d-form", id),
			evalID: rec.EvaluationID,
			fields: func(v *evalView) ([]*field, string, int64, bool) {
				pv := v.project(id)
				if pv == nil {
					return nil, "", 0, false
				}
				fs := buildForm(pv.Rec.Project, projectForm(pv))
				v.annotate(fs, pv.Path)
				return fs, pv.Path, pv.Rec.Version, true
			},
			scores: func(v *evalView) *scoreScope { return v.pageScores(jixiao.Owner{ProjectID: id}) },
			retry: func(version int64) (int64, error) {
				nr, err := w.Evaluations.UpdateProject(r.Context(), id, version, &p)
				if err != nil {
					return 0, err
				}
				return nr.Version, nil
			},
		}, saved, err)
	}
	if err == nil {
		w.flash(r, "已保存项目“"+p.Name+"”")
		return redirect(rw, r, fmt.Sprintf("/projects/%d", id))
	}
	if !userError(err) {
		return err
	}
	v, lerr := w.loadEval(r.Context(), rec.EvaluationID)
	if lerr != nil {
		return lerr
	}
	pv := v.project(id)
	fields := buildForm(pv.Rec.Project, projectForm(pv))
	overlay(fields, r.PostForm)
	w.renderProject(rw, r, formStatus(err), v, pv, fields, formErrors(fields, err, pv.Path))
	return nil
}

func (w *Web) deleteProject(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Project(r.Context(), id)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	if err := w.Evaluations.DeleteProject(r.Context(), id, version); err != nil {
		return err
	}
	w.flash(r, "已删除项目“"+rec.Project.Name+"”及其指标")
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d/projects", rec.EvaluationID))
}

// owner reads the goal or project a new indicator belongs to.
func owner(r *http.Request) jixiao.Owner {
	var o jixiao.Owner
	o.GoalID, _ = strconv.ParseInt(r.FormValue("goal_id"), 10, 64)
	o.ProjectID, _ = strconv.ParseInt(r.FormValue("project_id"), 10, 64)
	return o
}

// back is the page that shows an owner's indicators.
func back(evalID int64, o jixiao.Owner) string {
	if o.ProjectID != 0 {
		return fmt.Sprintf("/projects/%d", o.ProjectID)
	}
	return fmt.Sprintf("/evaluations/%d/goals", evalID)
}
