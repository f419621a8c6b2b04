package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"jixiao"
)

// home is a department's start page: its evaluations of each year with
// status, score, grade and open findings, and where to start a new one.
// Finance-bureau users go to the bureau's overview.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) error {
	u := ctxUser(r.Context())
	if !u.Role.Departmental() {
		http.Redirect(rw, r, "/bureau", http.StatusSeeOther)
		return nil
	}
	sums, _, err := w.Evaluations.Summaries(r.Context(), jixiao.EvaluationFilter{Limit: 500})
	if err != nil {
		return err
	}
	var org *jixiao.OrgRecord
	if u.OrgID != 0 {
		if org, err = w.Users.Org(r.Context(), u.OrgID); err != nil {
			return err
		}
	}
	// Accepted evaluations that were reopened: the department is told
	// who reopened them and why, first thing.
	type reopenedEval struct {
		*jixiao.Summary
		T *jixiao.Transition
	}
	var reopened []reopenedEval
	years := map[int][]*jixiao.Summary{}
	var order []int
	for _, s := range sums {
		if s.Status == jixiao.StatusReturned {
			t, err := w.reopened(r.Context(), s.ID)
			if err != nil {
				return err
			}
			if t != nil {
				reopened = append(reopened, reopenedEval{s, t})
			}
		}
		if _, ok := years[s.Year]; !ok {
			order = append(order, s.Year)
		}
		years[s.Year] = append(years[s.Year], s)
	}
	slices.Sort(order)
	slices.Reverse(order)
	inbox, err := w.inboxBlock(r)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "home", &page{Title: "本单位绩效自评", Nav: "home", Data: map[string]any{
		"Org": org, "Reopened": reopened, "Years": order, "ByYear": years, "DefaultYear": time.Now().Year() - 1,
		"Rulebooks": w.Rulebooks, "Inbox": inbox, "CanWrite": u.Role == jixiao.RolePreparer || u.Role == jixiao.RoleApprover,
	}})
	return nil
}

// createEvaluation starts an empty evaluation of the user's department for
// a year: a department evaluation, or a project evaluation of one project.
func (w *Web) createEvaluation(rw http.ResponseWriter, r *http.Request) error {
	u := ctxUser(r.Context())
	if u.OrgID == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "您的账号没有所属部门，不能新建评价；请联系管理员")
	}
	org, err := w.Users.Org(r.Context(), u.OrgID)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "评价年度应为四位年份，实际为“%s”", r.FormValue("year"))
	}
	ev := &jixiao.Evaluation{Format: jixiao.CaseFormat, Year: year, Rulebook: r.FormValue("rulebook"),
		Org: jixiao.Org{Code: org.Code, Name: org.Name}}
	if err := ev.Subject.UnmarshalText([]byte(r.FormValue("subject"))); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "%s", jixiao.ErrorMessage(err))
	}
	if ev.Rulebook == "" {
		if ev.Rulebook, err = w.defaultRulebook(r, ev.Subject); err != nil {
			return err
		}
	}
	if ev.Subject == jixiao.SubjectProject {
		name := strings.TrimSpace(r.FormValue("project"))
		if name == "" {
			return jixiao.Errorf(jixiao.EINVALID, "项目支出评价须填写项目名称")
		}
		ev.Projects = []jixiao.Project{{Name: name}}
	}
	info, err := w.Evaluations.ImportEvaluation(r.Context(), u.OrgID, ev, false)
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT {
		return jixiao.Errorf(jixiao.ECONFLICT, "本单位%d年度已有这项%s评价，请在本单位自评列表中打开它继续填写", year, ev.Subject.Title())
	}
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已新建%d年度%s评价，请从单位情况开始填写", year, ev.Subject.Title()))
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d", info.ID))
}

// defaultRulebook is the rulebook of the department's latest evaluation of
// the subject, else mof-2020 for a project and a sub-goal rulebook for a
// department, else the first built-in one that scores the subject.
func (w *Web) defaultRulebook(r *http.Request, subject jixiao.Subject) (string, error) {
	sums, _, err := w.Evaluations.ListEvaluations(r.Context(), jixiao.EvaluationFilter{Subject: subject, Limit: 500})
	if err != nil {
		return "", err
	}
	latest := 0
	name := ""
	for _, s := range sums {
		if s.Year > latest && s.Rulebook != "" && !strings.ContainsAny(s.Rulebook, `/\`) {
			latest, name = s.Year, s.Rulebook
		}
	}
	if name != "" {
		return name, nil
	}
	// A new, blank evaluation: the national project rules, or for a
	// department the first rulebook that scores it by sub-goals (the form
	// the pages fill in). Uploaded tables are matched to a rulebook by
	// their structure instead (the service's rulebook.Choose).
	for _, rb := range w.Rulebooks {
		if l := rb.Layout(subject); l != nil && (subject == jixiao.SubjectProject && rb.Name == "mof-2020" ||
			subject == jixiao.SubjectDepartment && l.Kind == jixiao.LayoutGoals) {
			return rb.Name, nil
		}
	}
	for _, rb := range w.Rulebooks {
		if rb.Layout(subject) != nil {
			return rb.Name, nil
		}
	}
	return "", jixiao.Errorf(jixiao.EINVALID, "没有可用于%s评价的评分规则，请选择一个", subject.Title())
}
