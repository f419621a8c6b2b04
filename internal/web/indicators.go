package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"jixiao"
)

// rowFields are the indicator fields edited in a scorecard row; the rest
// are on the indicator's own page.
var rowFields = []string{"level1", "level2", "name", "target", "actual", "weight", "cause"}

// rowData is an indicator row of the live scorecard.
type rowData struct {
	V       *evalView
	I       *indicatorView
	Version int64 // the version the row's next save is made over
	Vals    map[string]string
	Errs    map[string]string
	Msg     string
	// An answer to a save: saved (when), or a conflict to resolve, and
	// the scores of the page to update.
	Saved    bool
	At       time.Time
	Conflict *conflict
	Scores   *scoreScope
}

// rowLabels name the row's fields, for conflicts.
var rowLabels = map[string]string{"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值",
	"actual": "实际完成值", "weight": "分值", "cause": "偏差原因"}

func newRow(v *evalView, iv *indicatorView) *rowData {
	m := toMap(iv.Rec.Indicator)
	d := &rowData{V: v, I: iv, Version: iv.Rec.Version, Vals: map[string]string{}, Errs: map[string]string{}}
	for _, f := range rowFields {
		d.Vals[f] = text(m[f])
	}
	return d
}

// Causes are the deviation cause categories offered in rows.
func (d *rowData) Causes() []string {
	return []string{"政策环境变化", "执行机制缺陷", "外部不可抗力", "经费保障", "制度保障", "人员保障", "硬件条件保障", "指标值设定偏低", "其他"}
}

// saveIndicatorRow saves one row of the live scorecard. The answer is the
// row with its new score and explanation, and, out of band, every score on
// the page, the total and the grade.
func (w *Web) saveIndicatorRow(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Indicator(r.Context(), id)
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
	posted := r.PostForm
	for k := range posted {
		if !contains(rowFields, k) && k != "version" {
			delete(posted, k)
		}
	}
	var in jixiao.Indicator
	err = applyForm(rec.Indicator, posted, &in)
	if err == nil {
		_, err = w.Evaluations.UpdateIndicator(r.Context(), id, version, &in)
	}
	if err != nil && !userError(err) {
		return err
	}
	v, lerr := w.loadEval(r.Context(), rec.EvaluationID)
	if lerr != nil {
		return lerr
	}
	iv := v.indicator(id)
	if iv == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "指标已被删除")
	}
	d := newRow(v, iv)
	d.Scores = v.pageScores(iv.Rec.Owner)
	status := http.StatusOK
	if err == nil {
		d.Saved, d.At = true, time.Now()
	} else {
		status = formStatus(err)
		stored := d.Vals
		d.Vals = map[string]string{}
		for f, x := range stored {
			d.Vals[f] = x
			if vs, ok := posted[f]; ok {
				d.Vals[f] = vs[0] // what the user typed stays in the row
			}
		}
		if jixiao.ErrorCode(err) == jixiao.ECONFLICT && !v.Editable {
			d.Msg = "未保存：" + jixiao.ErrorMessage(err)
		} else if jixiao.ErrorCode(err) == jixiao.ECONFLICT {
			// Both values of each field that differs, for the user to
			// choose; the row stays on the version the user had until then.
			d.Version = version
			d.Conflict = &conflict{Version: iv.Rec.Version}
			for _, f := range rowFields {
				if d.Vals[f] != stored[f] {
					d.Conflict.Rows = append(d.Conflict.Rows, conflictRow{ID: fmt.Sprintf("r%d-%s", id, f), Label: rowLabels[f], Mine: d.Vals[f], Stored: stored[f]})
				}
			}
			if len(d.Conflict.Rows) == 0 {
				// Someone saved the same values: nothing to choose.
				d = newRow(v, iv)
				d.Scores, d.Saved, d.At, status = v.pageScores(iv.Rec.Owner), true, time.Now(), http.StatusOK
			}
		} else {
			fields := []*field{}
			for _, f := range rowFields {
				fields = append(fields, &field{Path: f})
			}
			rest := formErrors(fields, err, iv.Path)
			for _, f := range fields {
				if len(f.Errors) > 0 {
					d.Errs[f.Path] = strings.Join(f.Errors, "；")
				}
			}
			d.Msg = "未保存：" + strings.Join(rest, "；")
			if len(rest) == 0 {
				d.Msg = "未保存：请按提示修改。"
			}
		}
	}
	w.fragment(rw, status, "indicator-row-oob", d)
	return nil
}

// indicatorForm is the indicator's own page: every field but its evidence
// (stored records of their own).
func indicatorForm(iv *indicatorView) formSpec {
	return formSpec{skip: map[string]bool{"evidence": true}, blank: 1, idPrefix: iv.Path + "."}
}

// indicator is an indicator's own page: all its fields, its deductions,
// its evidence and its history.
func (w *Web) indicator(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Indicator(r.Context(), id)
	if err != nil {
		return err
	}
	v, err := w.loadEval(r.Context(), rec.EvaluationID)
	if err != nil {
		return err
	}
	iv := v.indicator(id)
	fields := buildForm(iv.Rec.Indicator, indicatorForm(iv))
	v.annotate(fields, iv.Path)
	return w.renderIndicator(rw, r, http.StatusOK, v, iv, fields, nil)
}

func (w *Web) renderIndicator(rw http.ResponseWriter, r *http.Request, status int, v *evalView, iv *indicatorView, fields []*field, errs []string) error {
	evidence, err := w.Evaluations.Evidence(r.Context(), iv.Rec.ID)
	if err != nil {
		return err
	}
	files, err := w.Evaluations.Files(r.Context(), v.ID())
	if err != nil {
		return err
	}
	tab := "goals"
	if iv.Rec.Owner.ProjectID != 0 && v.Info.Subject == jixiao.SubjectDepartment {
		tab = "projects"
	}
	w.render(rw, r, status, "indicator", &page{Title: iv.Rec.Indicator.Name + " - " + v.Name(), Eval: v, Tab: tab, Data: map[string]any{
		"I": iv, "Fields": fields, "Errors": errs, "Evidence": evidence, "Files": files, "Back": back(v.ID(), iv.Rec.Owner)}})
	return nil
}

func (w *Web) saveIndicator(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Indicator(r.Context(), id)
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
	var in jixiao.Indicator
	err = applyForm(rec.Indicator, r.PostForm, &in)
	saved := version
	if err == nil {
		var nr *jixiao.IndicatorRecord
		if nr, err = w.Evaluations.UpdateIndicator(r.Context(), id, version, &in); err == nil {
			saved = nr.Version
		}
	}
	if isHTMX(r) {
		return w.answerRecordSave(rw, r, recordForm{
			form:   fmt.Sprintf("indicator-%d-form", id),
			evalID: rec.EvaluationID,
			fields: func(v *evalView) ([]*field, string, int64, bool) {
				iv := v.indicator(id)
				if iv == nil {
					return nil, "", 0, false
				}
				return buildForm(iv.Rec.Indicator, indicatorForm(iv)), iv.Path, iv.Rec.Version, true
			},
			scores: (*evalView).panelScores,
			retry: func(version int64) (int64, error) {
				nr, err := w.Evaluations.UpdateIndicator(r.Context(), id, version, &in)
				if err != nil {
					return 0, err
				}
				return nr.Version, nil
			},
		}, saved, err)
	}
	if err == nil {
		w.flash(r, "已保存指标“"+in.Name+"”")
		return redirect(rw, r, fmt.Sprintf("/indicators/%d", id))
	}
	if !userError(err) {
		return err
	}
	v, lerr := w.loadEval(r.Context(), rec.EvaluationID)
	if lerr != nil {
		return lerr
	}
	iv := v.indicator(id)
	fields := buildForm(iv.Rec.Indicator, indicatorForm(iv))
	overlay(fields, r.PostForm)
	return w.renderIndicator(rw, r, formStatus(err), v, iv, fields, formErrors(fields, err, iv.Path))
}

// createIndicator adds one indicator from the short form under a table.
func (w *Web) createIndicator(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o := owner(r)
	in, errs := newIndicator(r)
	var rec *jixiao.IndicatorRecord
	if len(errs) == 0 {
		rec, err = w.Evaluations.CreateIndicator(r.Context(), id, o, &in)
		if userError(err) {
			errs = pasteMessages(err)
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		// The page again, what was typed in the form and each problem
		// above it; nothing is saved.
		return w.renderOwner(rw, r, http.StatusUnprocessableEntity, id, o, &pasteState{Kind: "add", Values: r.PostForm, Errors: errs})
	}
	w.flash(r, "已新增指标“"+in.Name+"”")
	// Back to the new row, not to the top of the page.
	return redirect(rw, r, fmt.Sprintf("%s#ind-%d", back(id, o), rec.ID))
}

// pasteIndicators adds the rows pasted from a spreadsheet, all or none.
func (w *Web) pasteIndicators(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o := owner(r)
	ins, err := parseIndicatorRows(r.FormValue("rows"))
	var recs []*jixiao.IndicatorRecord
	if err == nil {
		recs, err = w.Evaluations.CreateIndicators(r.Context(), id, o, ins)
	}
	if userError(err) {
		// The page the rows were pasted on, the text in its box and each
		// problem above it (line and column); nothing is saved.
		return w.renderOwner(rw, r, formStatus(err), id, o, &pasteState{Kind: "paste", Text: r.FormValue("rows"), Errors: pasteMessages(err)})
	}
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已从粘贴的表格新增 %d 个指标", len(recs)))
	to := back(id, o)
	if len(recs) > 0 {
		to += fmt.Sprintf("#ind-%d", recs[0].ID) // the first new row, not the top of the page
	}
	return redirect(rw, r, to)
}

func (w *Web) deleteIndicator(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := w.Evaluations.Indicator(r.Context(), id)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	if err := w.Evaluations.DeleteIndicator(r.Context(), id, version); err != nil {
		return err
	}
	w.flash(r, "已删除指标“"+rec.Indicator.Name+"”")
	return redirect(rw, r, back(rec.EvaluationID, rec.Owner))
}

// addEvidence attaches evidence (an uploaded file, or a description) to an
// indicator.
func (w *Web) addEvidence(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e := jixiao.Evidence{Title: strings.TrimSpace(r.FormValue("title")), Note: strings.TrimSpace(r.FormValue("note"))}
	if e.Title == "" {
		return jixiao.Errorf(jixiao.EINVALID, "请填写佐证材料的名称")
	}
	fileID, _ := strconv.ParseInt(r.FormValue("file_id"), 10, 64)
	if _, err := w.Evaluations.AddEvidence(r.Context(), id, e, fileID); err != nil {
		return err
	}
	w.flash(r, "已添加佐证材料“"+e.Title+"”")
	return redirect(rw, r, fmt.Sprintf("/indicators/%d#evidence", id))
}

// evidence lists the evaluation's evidence files, with the upload form.
func (w *Web) evidence(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	files, err := w.Evaluations.Files(r.Context(), v.ID())
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "evidence", &page{Title: "佐证材料 - " + v.Name(), Eval: v, Tab: "evidence", Data: map[string]any{"Files": files}})
	return nil
}

// maxEvidenceRequest bounds an evidence upload request; the service
// checks the file's own size limit and type.
const maxEvidenceRequest = 32 << 20

func (w *Web) uploadFile(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Refuse before reading a large body when the user may not upload here.
	if can, err := w.Evaluations.Can(r.Context(), id); err != nil {
		return err
	} else if !can.Write {
		return jixiao.Errorf(jixiao.EFORBIDDEN, "您的角色不能上传佐证材料")
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxEvidenceRequest)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "请选择要上传的文件")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxEvidenceRequest))
	if err != nil {
		return formError(err)
	}
	info, err := w.Evaluations.UploadFile(r.Context(), id, hdr.Filename, hdr.Header.Get("Content-Type"), data)
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已上传“%s”（%s）", info.Name, jixiao.SizeText(info.Size)))
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d/evidence", id))
}

// newIndicator reads the short form that adds an indicator, with a
// message for each field that cannot be read.
func newIndicator(r *http.Request) (jixiao.Indicator, []string) {
	in := jixiao.Indicator{Level1: strings.TrimSpace(r.FormValue("level1")), Level2: strings.TrimSpace(r.FormValue("level2")),
		Name: strings.TrimSpace(r.FormValue("name"))}
	var errs []string
	if in.Name == "" {
		errs = append(errs, "三级指标：请填写三级指标名称")
	}
	for _, f := range []struct {
		dst         *jixiao.Figure
		name, label string
	}{{&in.Target, "target", "年度指标值"}, {&in.Actual, "actual", "实际完成值"}} {
		if s := strings.TrimSpace(r.FormValue(f.name)); s != "" {
			fig, err := jixiao.ParseFigure(s)
			if err != nil {
				errs = append(errs, f.label+"："+jixiao.ErrorMessage(err))
				continue
			}
			*f.dst = fig
		}
	}
	if s := strings.TrimSpace(r.FormValue("weight")); s != "" {
		d, err := jixiao.ParseDecimal(s)
		if err != nil {
			errs = append(errs, fmt.Sprintf("分值：应为数字，实际为“%s”", s))
		} else {
			in.Weight = &d
		}
	}
	return in, errs
}

// renderOwner is the page that lists the indicators of o (its project's,
// else the goals page), with a refused addition or paste shown again in
// its form.
func (w *Web) renderOwner(rw http.ResponseWriter, r *http.Request, status int, evalID int64, o jixiao.Owner, st *pasteState) error {
	v, err := w.loadEval(r.Context(), evalID)
	if err != nil {
		return err
	}
	st.Owner, st.OwnerID = "goal_id", o.GoalID
	v.paste = st
	if o.ProjectID == 0 {
		w.renderGoals(rw, r, status, v)
		return nil
	}
	st.Owner, st.OwnerID = "project_id", o.ProjectID
	pv := v.project(o.ProjectID)
	if pv == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "项目不存在")
	}
	fields := buildForm(pv.Rec.Project, projectForm(pv))
	v.annotate(fields, pv.Path)
	w.renderProject(rw, r, status, v, pv, fields, nil)
	return nil
}
