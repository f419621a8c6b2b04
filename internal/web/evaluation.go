package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// overview is an evaluation's front page: score and grade, the scorecard
// with every explanation, findings at a glance, the workflow and the
// reviewers' comments, and the downloads.
func (w *Web) overview(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	return w.renderOverview(rw, r, http.StatusOK, v, submitForm{})
}

// submitForm is what the submitter typed on a refused submission, shown
// again with the reason for the refusal beside the submit button.
type submitForm struct {
	Error          string
	Reason         string
	Override       bool
	OverrideReason string
}

func (w *Web) renderOverview(rw http.ResponseWriter, r *http.Request, status int, v *evalView, sub submitForm) error {
	transitions, err := w.Evaluations.Transitions(r.Context(), v.ID())
	if err != nil {
		return err
	}
	// The department's rectification items of earlier years still open
	// are carried into this year's self-evaluation, shown and counted.
	var carried *jixiao.RectificationYear
	if w.Rechecks != nil {
		ry, err := w.Rechecks.RectificationsOf(r.Context(), v.Info.OrgID, v.Info.Year)
		if err != nil {
			return err
		}
		if len(ry.Earlier) > 0 || len(ry.Carried) > 0 {
			carried = ry
		}
	}
	w.render(rw, r, status, "overview", &page{Title: v.Name(), Eval: v, Tab: "overview", Data: map[string]any{
		"Transitions": transitions, "Rectification": carried,
		// Blanks are the report's placeholders: submitting is refused
		// while there are any, unless the submitter overrides.
		"Blanks": jixiao.NarrativeBlanks(v.Evaluation), "Submit": sub, "MaxOverrideReason": jixiao.MaxOverrideReason,
	}})
	return nil
}

func (w *Web) evalFromPath(r *http.Request) (*evalView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return w.loadEval(r.Context(), id)
}

// sectionDef is a part of the case edited as one form.
type sectionDef struct {
	Title string
	Intro string
	Paths []string // top-level fields of the case on the form
}

var sections = map[string]sectionDef{
	"profile": {Title: "单位基本情况", Intro: "部门职能、下属单位、人员和资产，按报告“一、部门基本情况”填写。", Paths: []string{"org"}},
	"budget": {Title: "部门收支预决算", Intro: "年初预算、调整预算和决算三个阶段的收入（按来源）与支出（按类别）。报告所述的合计数照原文填写，核查会比对合计与明细。",
		Paths: []string{"budget"}},
	"texts": {Title: "目标、结论与问题", Intro: "整体绩效目标及其实现情况、评价结论、存在的问题和改进措施，以及报告落款的成文日期。",
		Paths: []string{"title", "basis", "date", "overall_goal", "overall_result", "conclusion", "problems", "measures", "stated"}},
	"process": {Title: "工作组与评价过程", Intro: "绩效评价工作组和自评工作开展情况（资料收集、过程、目的、内容、方法）。",
		Paths: []string{"work_group", "process"}},
}

func sectionSpec(def sectionDef) formSpec {
	skip := map[string]bool{}
	for _, f := range yamlcodec.Fields(reflect.TypeFor[jixiao.Evaluation]()) {
		if !contains(def.Paths, f.Name) {
			skip[f.Name] = true
		}
	}
	return formSpec{skip: skip}
}

func (w *Web) section(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	name := r.PathValue("section")
	def, ok := sections[name]
	if !ok {
		return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}
	fields := buildForm(v.Evaluation, sectionSpec(def))
	v.annotate(fields, "")
	w.renderSection(rw, r, http.StatusOK, v, name, def, fields, nil)
	return nil
}

func (w *Web) renderSection(rw http.ResponseWriter, r *http.Request, status int, v *evalView, name string, def sectionDef, fields []*field, errs []string) {
	w.renderSectionPaste(rw, r, status, v, name, def, fields, errs, "", nil)
}

// renderSectionPaste is a section's page with rows pasted into its paste
// box refused: the text stays in the box, the problems above it.
func (w *Web) renderSectionPaste(rw http.ResponseWriter, r *http.Request, status int, v *evalView, name string, def sectionDef, fields []*field, errs []string, pasted string, pasteErrs []string) {
	w.render(rw, r, status, "section", &page{Title: def.Title + " - " + v.Name(), Eval: v, Tab: name, Data: map[string]any{
		"Section": def, "Name": name, "Fields": fields, "Errors": errs, "Version": v.Info.Version,
		"Action": fmt.Sprintf("/evaluations/%d/section/%s", v.ID(), name), "Paste": name == "budget",
		"PasteText": pasted, "PasteErrors": pasteErrs,
	}})
}

// saveSection saves a section form. On any error the form comes back with
// what the user typed and each message beside its field; nothing is saved.
func (w *Web) saveSection(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	name := r.PathValue("section")
	def, ok := sections[name]
	if !ok {
		return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	var ev jixiao.Evaluation
	err = applyForm(v.Evaluation, onlyPaths(r.PostForm, def.Paths), &ev)
	var info *jixiao.EvaluationInfo
	if err == nil {
		info, err = w.Evaluations.UpdateEvaluation(r.Context(), v.ID(), version, &ev)
	}
	if isHTMX(r) {
		return w.autosaveSection(rw, r, v, name, def, &ev, info, err)
	}
	if err != nil {
		switch jixiao.ErrorCode(err) {
		case jixiao.EINVALID, jixiao.ECONFLICT:
		default:
			return err
		}
		fields := buildForm(v.Evaluation, sectionSpec(def))
		overlay(fields, r.PostForm)
		rest := formErrors(fields, err, "")
		if jixiao.ErrorCode(err) == jixiao.ECONFLICT {
			rest = append(rest, jixiao.ErrorMessage(err)+"。下面是您填写的内容；请复制保存后刷新页面，在最新内容上修改。")
		}
		w.renderSection(rw, r, formStatus(err), v, name, def, fields, rest)
		return nil
	}
	w.flash(r, "已保存“"+def.Title+"”")
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d/section/%s", v.ID(), name))
}

// autosaveSection answers the autosave of a section form. The sections
// of an evaluation share its version: a conflict in none of this form's
// fields (someone saved another section) is saved again over the stored
// version, as the posted fields were applied to the evaluation as stored.
func (w *Web) autosaveSection(rw http.ResponseWriter, r *http.Request, v *evalView, name string, def sectionDef, ev *jixiao.Evaluation, info *jixiao.EvaluationInfo, err error) error {
	if err != nil && !userError(err) {
		return err
	}
	a := &formSave{Form: "section-form"}
	if name == "budget" && v.Editable {
		a.Versions = []string{"budget-paste-version"}
	}
	mine := buildForm(v.Evaluation, sectionSpec(def))
	overlay(mine, r.PostForm)
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT && v.Editable {
		c := newConflict(v.Info.Version, mine, buildForm(v.Evaluation, sectionSpec(def)))
		if len(c.Rows) > 0 || c.More > 0 {
			a.Conflict = c
			w.answerSave(rw, a)
			return nil
		}
		if info, err = w.Evaluations.UpdateEvaluation(r.Context(), v.ID(), v.Info.Version, ev); err != nil && !userError(err) {
			return err
		}
	}
	a.Fields = mine
	if err != nil {
		a.Errors = formErrors(mine, err, "")
		a.Count = countErrors(mine, a.Errors)
		w.answerSave(rw, a)
		return nil
	}
	nv, err := w.loadEval(r.Context(), v.ID())
	if err != nil {
		return err
	}
	a.Saved, a.Version, a.Scores = true, info.Version, nv.panelScores()
	w.answerSave(rw, a)
	return nil
}

// onlyPaths keeps the posted fields under the given top-level paths (and
// the form's own markers).
func onlyPaths(form url.Values, paths []string) url.Values {
	out := url.Values{}
	under := func(key string) bool {
		for _, p := range paths {
			if key == p || strings.HasPrefix(key, p+".") || strings.HasPrefix(key, p+"[") {
				return true
			}
		}
		return false
	}
	for k, vs := range form {
		switch k {
		case "_list", "_bool":
			for _, x := range vs {
				if under(x) {
					out.Add(k, x)
				}
			}
		default:
			if under(k) {
				out[k] = vs
			}
		}
	}
	return out
}

// overlay puts posted values back into fields, so that a refused form
// shows what the user typed.
func overlay(fields []*field, form url.Values) {
	for _, f := range fields {
		switch f.Kind {
		case "object":
			overlay(f.Fields, form)
		case "list":
			overlayList(f, form)
		case "bool":
			if contains(form["_bool"], f.Path) {
				f.Value = map[bool]string{true: "true"}[form.Get(f.Path) != ""]
			}
		default:
			if vs, ok := form[f.Path]; ok {
				f.Value = vs[0]
				f.Choices = chosen(f.Choices, f.Value)
			}
		}
	}
}

func overlayList(f *field, form url.Values) {
	if !contains(form["_list"], f.Path) {
		return
	}
	max := -1
	for key := range form {
		if rest, ok := strings.CutPrefix(key, f.Path+"["); ok {
			var i int
			if _, err := fmt.Sscanf(rest, "%d]", &i); err == nil && i > max {
				max = i
			}
		}
	}
	var rows []*row
	for i := 0; i <= max; i++ {
		r := &row{Index: i}
		for _, c := range f.Columns {
			path := fmt.Sprintf("%s[%d].%s", f.Path, i, c.Path)
			r.Cells = append(r.Cells, &field{Path: path, ID: fieldID(f.idPrefix + path), Label: c.Label, Kind: c.Kind, Value: form.Get(path), Options: c.Options, Choices: chosen(c.Choices, form.Get(path))})
		}
		rows = append(rows, r)
	}
	if len(rows) > 0 {
		f.Rows = rows
	}
}

// findings lists every finding, most severe first, each linked to the
// field it concerns.
func (w *Web) findings(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	fs := append([]jixiao.Finding(nil), v.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity.Rank() < fs[j].Severity.Rank() })
	w.render(rw, r, http.StatusOK, "findings", &page{Title: "核查结果 - " + v.Name(), Eval: v, Tab: "findings", Data: map[string]any{"Findings": fs}})
	return nil
}

// workflow submits, returns or accepts an evaluation.
func (w *Web) workflow(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := jixiao.WorkflowAction(r.PathValue("action"))
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	var comments []jixiao.Comment
	items, texts := r.PostForm["comment_item"], r.PostForm["comment_text"]
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			continue
		}
		c := jixiao.Comment{Text: strings.TrimSpace(t)}
		if i < len(items) {
			c.Item = items[i]
		}
		comments = append(comments, c)
	}
	reason := strings.TrimSpace(r.FormValue("reason"))
	// Accepting locks the evaluation for everyone: only the confirming
	// button of the accept step (which says so) sends "confirmed".
	if act == jixiao.ActionAccept && r.FormValue("confirmed") != "1" {
		return jixiao.Errorf(jixiao.EINVALID, "请在“通过”下方确认：通过后评价锁定，不能再修改")
	}
	var override []jixiao.SubmitOverride
	if act == jixiao.ActionSubmit && r.FormValue("override") != "" {
		override = append(override, jixiao.SubmitOverride{Reason: strings.TrimSpace(r.FormValue("override_reason"))})
	}
	info, err := w.Evaluations.Transition(r.Context(), id, version, act, reason, comments, override...)
	if err != nil && act == jixiao.ActionSubmit && jixiao.ErrorCode(err) == jixiao.EINVALID {
		// A refused submission (blanks in the report, an override without
		// a reason) comes back on the evaluation's page, the message and
		// the blanks beside the submit button, what was typed kept.
		v, verr := w.loadEval(r.Context(), id)
		if verr != nil {
			return verr
		}
		return w.renderOverview(rw, r, http.StatusUnprocessableEntity, v, submitForm{Error: jixiao.ErrorMessage(err), Reason: reason,
			Override: len(override) > 0, OverrideReason: r.FormValue("override_reason")})
	}
	if err != nil {
		return err
	}
	w.flash(r, map[jixiao.WorkflowAction]string{jixiao.ActionSubmit: "已提交财政复核", jixiao.ActionReturn: "已退回，意见已发送给部门",
		jixiao.ActionAccept: "已通过复核，评价已锁定", jixiao.ActionReopen: "已重新打开，评价回到“已退回”，原因已告知部门"}[act])
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d", info.ID))
}

// reopened returns evaluation id's reopening when it is the latest step of
// its workflow, else nil.
func (w *Web) reopened(ctx context.Context, id int64) (*jixiao.Transition, error) {
	ts, err := w.Evaluations.Transitions(ctx, id)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	if last := ts[len(ts)-1]; last.Reopens() {
		return last, nil
	}
	return nil, nil
}

// commentRow is one more row of per-item comments on the return form.
func (w *Web) commentRow(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	w.fragment(rw, http.StatusOK, "comment-row", v)
	return nil
}
