package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Re-checks (抽查复核), rectification (问题整改) and results application
// (结果应用): the bureau draws a sample and re-scores it beside the
// self-scores, raises rectification items and confirms or returns the
// departments' feedback, and decides the budget actions the grades
// suggest. Every action goes through the RecheckService, which enforces
// the permissions; the pages only hide what a role cannot use.

// maxRecheckField bounds one text field of these forms (characters).
const maxRecheckField = 2000

// maxRescoreItemName bounds an item's name on the re-score form: a path
// of up to three names (一级 › 二级 › 三级指标), each a field.
const maxRescoreItemName = 3*maxRecheckField + 6

func (w *Web) rechecks() (jixiao.RecheckService, error) {
	if w.Rechecks == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通抽查复核与整改")
	}
	return w.Rechecks, nil
}

// rechecksAnd is the re-check service and the record id of the page's
// path (a sample's or a rectification item's): the start every page of
// one record shares.
func (w *Web) rechecksAnd(r *http.Request) (jixiao.RecheckService, int64, error) {
	rs, err := w.rechecks()
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, "id")
	return rs, id, err
}

// pageYear reads the year of a page's query (default: last year).
func pageYear(r *http.Request) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get("year"))
	if s == "" {
		return time.Now().Year() - 1, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1990 || y > 2100 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "年度应为四位年份，实际为“%.20s”", s)
	}
	return y, nil
}

// formYear reads a form's year field, titled title ("评价年度").
func formYear(r *http.Request, title string) (int, error) {
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || year < 1990 || year > 2100 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "%s应为四位年份", title)
	}
	return year, nil
}

// rcText reads a bounded text field.
func rcText(r *http.Request, name, title string) (string, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if utf8.RuneCountInString(v) > maxRecheckField {
		return "", jixiao.Errorf(jixiao.EINVALID, "%s不超过 %d 字", title, maxRecheckField)
	}
	return v, nil
}

// rcDecimal reads an optional number field (nil when blank).
func rcDecimal(r *http.Request, name, title string) (*decimal.Decimal, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return nil, nil
	}
	if len(v) > 30 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s过长", title)
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s“%s”不是数字", title, v)
	}
	return &d, nil
}

var sampleMethods = []struct{ Value, Title string }{
	{string(jixiao.SampleRandom), jixiao.SampleRandom.Title()},
	{string(jixiao.SampleAmount), jixiao.SampleAmount.Title()},
	{string(jixiao.SampleGrade), jixiao.SampleGrade.Title()},
}

// mayBureau reports whether u acts as a finance bureau on these pages.
func mayBureau(u *jixiao.User) bool {
	return u.Role == jixiao.RoleAdmin || u.Role == jixiao.RoleReviewer
}

func (w *Web) recheckPage(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := pageYear(r)
	if err != nil {
		return err
	}
	list, err := rs.Samples(r.Context(), year)
	if err != nil {
		return err
	}
	u := ctxUser(r.Context())
	title := "抽查复核"
	var own []ownCandidate
	if mayEvaluateOwn(u) {
		title = "部门评价"
		if own, err = w.ownCandidates(r, year); err != nil {
			return err
		}
	}
	w.render(rw, r, http.StatusOK, "recheck", &page{Title: title, Nav: "recheck", Data: map[string]any{
		"Year": year, "List": list, "Methods": sampleMethods, "CanDraw": mayBureau(u), "Seed": time.Now().Format("20060102"),
		"CanEvaluateOwn": mayEvaluateOwn(u), "Own": own, "MaxOwn": maxOwnChoices,
	}})
	return nil
}

// mayEvaluateOwn reports whether u organises the department's own
// evaluation (部门评价) on these pages: a department's preparer or
// approver.
func mayEvaluateOwn(u *jixiao.User) bool { return u.Role.Departmental() && u.OrgID != 0 }

// ownCandidate is a self-evaluation a department may choose for its own
// evaluation.
type ownCandidate struct {
	ID             int64
	Project, Grade string
	Total          string
}

// maxOwnChoices bounds the projects of a department's evaluation (the
// service refuses more).
const maxOwnChoices = 50

// ownCandidates are the user's department's submitted or accepted,
// scored self-evaluations of year.
func (w *Web) ownCandidates(r *http.Request, year int) ([]ownCandidate, error) {
	var out []ownCandidate
	for _, st := range []jixiao.Status{jixiao.StatusSubmitted, jixiao.StatusAccepted} {
		ss, _, err := w.Evaluations.Summaries(r.Context(), jixiao.EvaluationFilter{Year: year, Status: st, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if !s.Scored || s.Grade == "" {
				continue
			}
			name := jixiao.SubjectDepartment.Title()
			if s.Subject == jixiao.SubjectProject && s.SubjectKey != "" {
				name = s.SubjectKey
			}
			out = append(out, ownCandidate{ID: s.ID, Project: name, Grade: s.Grade, Total: jixiao.Fixed(s.Total, 2)})
		}
	}
	return out, nil
}

func (w *Web) evaluateOwn(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := formYear(r, "评价年度")
	if err != nil {
		return err
	}
	chosen := r.Form["evaluation"]
	if len(chosen) > maxOwnChoices {
		return jixiao.Errorf(jixiao.EINVALID, "选择了 %d 个项目，部门评价一次至多 %d 个", len(chosen), maxOwnChoices)
	}
	var ids []int64
	for _, c := range chosen {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			return jixiao.Errorf(jixiao.EINVALID, "所选的项目无效，请刷新页面后重新选择")
		}
		ids = append(ids, id)
	}
	rec, err := rs.EvaluateOwn(r.Context(), year, ids)
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已组织部门评价：%d 个项目，请逐个评分", len(rec.Entries)))
	return redirect(rw, r, fmt.Sprintf("/recheck/samples/%d", rec.ID))
}

// maxIncludeText bounds the hand-picked projects of the draw form: 50
// lines of at most 200 characters (3 bytes each in UTF-8) and their ends.
const maxIncludeText = 50 * (200*3 + 2)

func (w *Web) drawSample(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := formYear(r, "评价年度")
	if err != nil {
		return err
	}
	seed, err := strconv.ParseUint(strings.TrimSpace(r.FormValue("seed")), 10, 64)
	if err != nil || seed == 0 || seed > 1<<53-1 {
		return jixiao.Errorf(jixiao.EINVALID, "随机种子应为 1 至 9007199254740991 的整数，如当天的日期 20250315")
	}
	size := 0
	if s := strings.TrimSpace(r.FormValue("size")); s != "" {
		if size, err = strconv.Atoi(s); err != nil || size < 1 || size > jixiao.MaxSampleRoster {
			return jixiao.Errorf(jixiao.EINVALID, "抽取数量应为 1 至 %d 的整数，或不填（抽取名单的10%%）", jixiao.MaxSampleRoster)
		}
	}
	method := jixiao.SampleMethod(r.FormValue("method"))
	switch method {
	case jixiao.SampleRandom, jixiao.SampleAmount, jixiao.SampleGrade:
	default:
		return jixiao.Errorf(jixiao.EINVALID, "请选择抽样方法")
	}
	// Hand-picked projects, one a line (the service bounds their count and
	// length; the text as a whole is bounded here before it is split).
	var include []string
	if s := r.FormValue("include"); s != "" {
		if len(s) > maxIncludeText {
			return jixiao.Errorf(jixiao.EINVALID, "指定项目过长：每行一个项目，至多50行")
		}
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				include = append(include, l)
			}
		}
	}
	rec, err := rs.DrawSample(r.Context(), year, jixiao.SampleSpec{Seed: seed, Method: method, Size: size, Include: include})
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已从 %d 项已提交的自评中抽取 %d 项", rec.Sample.Population, len(rec.Entries)))
	return redirect(rw, r, fmt.Sprintf("/recheck/samples/%d", rec.ID))
}

// deviationRow is a sampled evaluation with its deviation, once re-scored.
type deviationRow struct {
	Entry     jixiao.SampleEntry
	Deviation *jixiao.ProjectDeviation
}

func (w *Web) samplePage(rw http.ResponseWriter, r *http.Request) error {
	rs, id, err := w.rechecksAnd(r)
	if err != nil {
		return err
	}
	res, err := rs.RecheckResult(r.Context(), id)
	if err != nil {
		return err
	}
	devs := map[string]*jixiao.ProjectDeviation{}
	if res.Deviation != nil {
		for i := range res.Deviation.Projects {
			p := &res.Deviation.Projects[i]
			devs[p.Unit+"／"+p.Project] = p
		}
	}
	var rows []deviationRow
	for _, e := range res.Sample.Entries {
		rows = append(rows, deviationRow{Entry: e, Deviation: devs[e.Key()]})
	}
	u := ctxUser(r.Context())
	// A department's own evaluation is re-scored by the department; a
	// bureau's sample by its evaluators (the service decides either way).
	own := res.Sample.Sample.Method == jixiao.SampleChosen
	title, canRescore := fmt.Sprintf("%d年度抽查样本", res.Sample.Year), u.Role != jixiao.RoleAuditor && !u.Role.Departmental()
	if own {
		title, canRescore = fmt.Sprintf("%d年度部门评价", res.Sample.Year), u.Role.Departmental() || u.Role == jixiao.RoleAdmin
	}
	w.render(rw, r, http.StatusOK, "recheck_sample", &page{Title: title, Nav: "recheck", Data: map[string]any{
		"Res": res, "Rows": rows, "Method": res.Sample.Sample.Method.Title(), "CanRescore": canRescore, "CanRaise": mayBureau(u), "Own": own,
	}})
	return nil
}

func (w *Web) sheetIDs(r *http.Request) (int64, int64, error) {
	sid, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	eid, err := pathID(r, "eval")
	return sid, eid, err
}

func (w *Web) rescorePage(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	sid, eid, err := w.sheetIDs(r)
	if err != nil {
		return err
	}
	sh, err := rs.RecheckSheet(r.Context(), sid, eid)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "rescore", &page{Title: "复核评分：" + sh.Project, Nav: "recheck", Data: sh})
	return nil
}

func (w *Web) saveRescore(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	sid, eid, err := w.sheetIDs(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil || n < 0 || n > jixiao.MaxRecheckItems {
		return jixiao.Errorf(jixiao.EINVALID, "表单缺少评分项，请刷新页面后重试")
	}
	var items []jixiao.RescoreInput
	for i := range n {
		name := strings.TrimSpace(r.FormValue(fmt.Sprintf("item-%d", i)))
		if utf8.RuneCountInString(name) > maxRescoreItemName {
			return jixiao.Errorf(jixiao.EINVALID, "评分项名称不超过 %d 字", maxRescoreItemName)
		}
		score, err := rcDecimal(r, fmt.Sprintf("recheck-%d", i), "“"+name+"”的复核得分")
		if err != nil {
			return err
		}
		if score == nil {
			return jixiao.Errorf(jixiao.EINVALID, "请填写“%s”的复核得分", name)
		}
		reason, err := rcText(r, fmt.Sprintf("reason-%d", i), "“"+name+"”的复核理由")
		if err != nil {
			return err
		}
		items = append(items, jixiao.RescoreInput{Item: name, Recheck: *score, Reason: reason})
	}
	sh, err := rs.SaveRescore(r.Context(), sid, eid, items)
	if err != nil {
		return err
	}
	msg := "已保存复核评分"
	if sh.Deviation != nil {
		msg += "：" + sh.Deviation.Explanation
	}
	w.flash(r, msg)
	return redirect(rw, r, fmt.Sprintf("/recheck/samples/%d", sid))
}

func (w *Web) rectificationsPage(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := pageYear(r)
	if err != nil {
		return err
	}
	y, err := rs.Rectifications(r.Context(), year)
	if err != nil {
		return err
	}
	u := ctxUser(r.Context())
	var depts []*jixiao.OrgRecord
	if mayBureau(u) {
		orgs, err := w.Users.Orgs(r.Context())
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.Kind == jixiao.OrgDepartment {
				depts = append(depts, o)
			}
		}
	}
	// A problem found by a re-check: the form starts with its
	// department, evaluation and project (from the sample's link).
	q := r.URL.Query()
	pre := map[string]string{"Source": string(jixiao.RectRecheck)}
	if org, err := strconv.ParseInt(q.Get("org"), 10, 64); err == nil && org > 0 {
		pre["Org"] = strconv.FormatInt(org, 10)
	}
	if ev, err := strconv.ParseInt(q.Get("evaluation"), 10, 64); err == nil && ev > 0 {
		pre["Evaluation"] = strconv.FormatInt(ev, 10)
	}
	if p := q.Get("project"); utf8.RuneCountInString(p) <= 200 {
		pre["Project"] = p
	}
	w.render(rw, r, http.StatusOK, "rectifications", &page{Title: fmt.Sprintf("%d年度问题整改", year), Nav: "recheck", Data: map[string]any{
		"Y": y, "Depts": depts, "Sources": jixiao.RectSource("").Enum(), "CanRaise": mayBureau(u), "Pre": pre,
	}})
	return nil
}

func (w *Web) createRectification(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	org, err := strconv.ParseInt(r.FormValue("org"), 10, 64)
	if err != nil || org <= 0 {
		return jixiao.Errorf(jixiao.EINVALID, "请选择整改单位")
	}
	year, err := formYear(r, "年度")
	if err != nil {
		return err
	}
	in := &jixiao.RectificationInput{OrgID: org, Year: year, Source: jixiao.RectSource(r.FormValue("source"))}
	if s := strings.TrimSpace(r.FormValue("evaluation")); s != "" {
		if in.EvaluationID, err = strconv.ParseInt(s, 10, 64); err != nil || in.EvaluationID <= 0 {
			return jixiao.Errorf(jixiao.EINVALID, "表单中的评价无效，请从抽查样本页重新进入")
		}
	}
	for _, f := range []struct {
		name, title string
		v           *string
	}{{"project", "项目", &in.Project}, {"problem", "问题", &in.Problem}, {"owner", "责任人", &in.Owner}, {"measure", "整改措施", &in.Measure}, {"deadline", "整改期限", &in.Deadline}} {
		if *f.v, err = rcText(r, f.name, f.title); err != nil {
			return err
		}
	}
	rec, err := rs.CreateRectification(r.Context(), in)
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已通知%s整改：%s", rec.OrgName, rec.Item.Problem))
	return redirect(rw, r, fmt.Sprintf("/rectifications?year=%d", year))
}

// raiseFromRecheck turns a sample's findings into rectification items
// (生成整改事项).
func (w *Web) raiseFromRecheck(rw http.ResponseWriter, r *http.Request) error {
	return w.raise(rw, r, jixiao.RecheckService.RaiseFromRecheck)
}

// raiseFromEvaluation turns a self-evaluation's stated problems into
// rectification items.
func (w *Web) raiseFromEvaluation(rw http.ResponseWriter, r *http.Request) error {
	return w.raise(rw, r, jixiao.RecheckService.RaiseFromEvaluation)
}

// raiseFromReview turns the opinions written when the bureau returned a
// self-evaluation into rectification items.
func (w *Web) raiseFromReview(rw http.ResponseWriter, r *http.Request) error {
	return w.raise(rw, r, jixiao.RecheckService.RaiseFromReview)
}

func (w *Web) raise(rw http.ResponseWriter, r *http.Request, fn func(jixiao.RecheckService, context.Context, int64) ([]*jixiao.RectificationRecord, int, error)) error {
	rs, id, err := w.rechecksAnd(r)
	if err != nil {
		return err
	}
	items, n, err := fn(rs, r.Context(), id)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("已生成整改事项 %d 项，并通知有关单位", n)
	if n < len(items) {
		msg += fmt.Sprintf("；另有 %d 项此前已生成，未重复生成", len(items)-n)
	}
	w.flash(r, msg)
	return redirect(rw, r, fmt.Sprintf("/rectifications?year=%d", items[0].Item.Year))
}

func (w *Web) rectificationPage(rw http.ResponseWriter, r *http.Request) error {
	rs, id, err := w.rechecksAnd(r)
	if err != nil {
		return err
	}
	rec, err := rs.Rectification(r.Context(), id)
	if err != nil {
		return err
	}
	u := ctxUser(r.Context())
	open := rec.Item.Status == jixiao.RectNotified || rec.Item.Status == jixiao.RectReturned
	w.render(rw, r, http.StatusOK, "rectification", &page{Title: "整改事项 " + rec.Item.ID, Nav: "recheck", Data: map[string]any{
		"Rec": rec, "CanFeedback": open && (u.Role.Departmental() || u.Role == jixiao.RoleAdmin),
		"CanDecide":   rec.Item.Status == jixiao.RectFeedback && mayBureau(u),
		"MaxFileSize": jixiao.SizeText(jixiao.MaxRectFileSize), "MaxFiles": jixiao.MaxRectFiles,
	}})
	return nil
}

func (w *Web) rectificationAction(rw http.ResponseWriter, r *http.Request) error {
	rs, id, err := w.rechecksAnd(r)
	if err != nil {
		return err
	}
	// The item first: another department's is not found, whatever the
	// action.
	if _, err := rs.Rectification(r.Context(), id); err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	note, err := rcText(r, "note", "说明")
	if err != nil {
		return err
	}
	var rec *jixiao.RectificationRecord
	var msg string
	switch r.PathValue("action") {
	case "feedback":
		evidence, err := rcText(r, "evidence", "整改证明材料")
		if err != nil {
			return err
		}
		link, err := rcText(r, "link", "证明材料链接")
		if err != nil {
			return err
		}
		var ev []string
		if evidence != "" {
			ev = []string{evidence}
		}
		rec, err = rs.RectificationFeedback(r.Context(), id, version, ev, link, note)
		if err != nil {
			return err
		}
		msg = "已提交落实反馈"
	case "confirm":
		if rec, err = rs.ConfirmRectification(r.Context(), id, version, note); err != nil {
			return err
		}
		msg = "已确认整改"
	case "return":
		if rec, err = rs.ReturnRectification(r.Context(), id, version, note); err != nil {
			return err
		}
		msg = "已退回，请单位再次落实反馈"
	default:
		return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}
	w.flash(r, msg)
	return redirect(rw, r, fmt.Sprintf("/rectifications/%d", rec.ID))
}

func (w *Web) resultsPage(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := pageYear(r)
	if err != nil {
		return err
	}
	t, err := rs.ApplicationTable(r.Context(), year)
	if err != nil {
		return err
	}
	var actions []string
	for _, ru := range t.Application.Rules.Rules {
		if !slices.Contains(actions, ru.Action) {
			actions = append(actions, ru.Action)
		}
	}
	if !slices.Contains(actions, reallocate) {
		actions = append(actions, reallocate)
	}
	summary := ""
	if len(t.Application.Rows) > 0 {
		summary = t.Application.Summary()
	}
	// The picker of declared projects: each row's linked moves, then two
	// blank choices; free-text moves stay in the row's text box.
	picks := make([][]jixiao.Reallocation, len(t.Application.Rows))
	free := make([][]jixiao.Reallocation, len(t.Application.Rows))
	for i, row := range t.Application.Rows {
		for _, m := range row.Reallocations {
			if m.DeclarationID != 0 {
				picks[i] = append(picks[i], m)
			} else {
				free[i] = append(free[i], m)
			}
		}
		for n := 0; n < 2 && len(picks[i])+len(free[i]) < jixiao.MaxReallocations; n++ {
			picks[i] = append(picks[i], jixiao.Reallocation{})
		}
	}
	data := map[string]any{
		"Year": year, "T": t, "Summary": summary, "Actions": actions, "CanDecide": mayBureau(ctxUser(r.Context())),
		"Groups": declaredGroups(t.Declared), "Picks": picks, "Free": free,
	}
	// The year's results rules, and the uploaded versions to choose from.
	if rf, err := w.ruleFileService(); err == nil {
		c, err := rf.ResultRules(r.Context(), year)
		if err != nil {
			return err
		}
		by, err := w.ruleFilesByKind(r)
		if err != nil {
			return err
		}
		data["Choice"], data["ResultFiles"] = c, by[jixiao.RuleFileResults]
	}
	w.render(rw, r, http.StatusOK, "results", &page{Title: fmt.Sprintf("%d年度评价结果应用", year), Nav: "recheck", Data: data})
	return nil
}

func (w *Web) decide(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	eid, err := pathID(r, "eval")
	if err != nil {
		return err
	}
	action, err := rcText(r, "action", "决定措施")
	if err != nil {
		return err
	}
	amount, err := rcDecimal(r, "amount", "决定金额")
	if err != nil {
		return err
	}
	note, err := rcText(r, "note", "备注")
	if err != nil {
		return err
	}
	requested, err := rcDecimal(r, "requested", "拟安排金额")
	if err != nil {
		return err
	}
	moves, err := parsePicks(r.Form["decl"], r.Form["decl_amount"])
	if err != nil {
		return err
	}
	free, err := parseMoves(r.FormValue("moves"))
	if err != nil {
		return err
	}
	moves = append(moves, free...)
	d, err := rs.Decide(r.Context(), eid, &jixiao.DecisionInput{Action: action, Amount: amount, Note: note, Requested: requested, Reallocations: moves})
	if err != nil {
		return err
	}
	if d.DecidedAction == "" {
		w.flash(r, fmt.Sprintf("已记录“%s”的拟安排金额：%s 万元", d.Project, jixiao.Fixed(d.Amount, 2)))
	} else {
		w.flash(r, fmt.Sprintf("已记录“%s”的决定：%s", d.Project, d.DecidedAction))
	}
	return redirect(rw, r, fmt.Sprintf("/results?year=%d", d.Year))
}

// reallocate is the action offered beside the rules' for moving money
// to another project or purpose (调剂).
const reallocate = "调剂"

// declaredGroup is a department's next-year declared projects, as the
// picker groups them.
type declaredGroup struct {
	Unit     string
	Projects []jixiao.DeclaredTarget
}

// declaredGroups groups the declared projects by department, in order.
func declaredGroups(ts []jixiao.DeclaredTarget) []declaredGroup {
	var out []declaredGroup
	for _, t := range ts {
		if n := len(out); n > 0 && out[n-1].Unit == t.Unit {
			out[n-1].Projects = append(out[n-1].Projects, t)
			continue
		}
		out = append(out, declaredGroup{Unit: t.Unit, Projects: []jixiao.DeclaredTarget{t}})
	}
	return out
}

// parsePicks reads the reallocations to declared projects chosen in the
// picker: a declaration and an amount (万元) for each choice, choices
// left blank skipped.
func parsePicks(decls, amounts []string) ([]jixiao.Reallocation, error) {
	if len(decls) > jixiao.MaxReallocations || len(amounts) > jixiao.MaxReallocations {
		return nil, jixiao.Errorf(jixiao.EINVALID, "调剂到已申报项目至多 %d 项", jixiao.MaxReallocations)
	}
	var out []jixiao.Reallocation
	for i, d := range decls {
		d = strings.TrimSpace(d)
		amount := ""
		if i < len(amounts) {
			amount = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(amounts[i]), "万元"))
		}
		if d == "" {
			if amount != "" {
				return nil, jixiao.Errorf(jixiao.EINVALID, "调剂到已申报项目第 %d 行填写了金额，请选择调剂到的项目", i+1)
			}
			continue
		}
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil || id <= 0 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂到已申报项目第 %d 行：请从列表中选择项目", i+1)
		}
		if amount == "" {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂到已申报项目第 %d 行：请填写调剂金额（万元）", i+1)
		}
		v, err := decimal.NewFromString(amount)
		if err != nil || len(amount) > 30 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂到已申报项目第 %d 行的金额“%s”不是数字（单位万元）", i+1, amount)
		}
		out = append(out, jixiao.Reallocation{DeclarationID: id, Amount: v})
	}
	return out, nil
}

// parseMoves reads the reallocations written one a line as “去向 金额”
// (the amount last, after a space, comma or colon), blank lines skipped.
func parseMoves(text string) ([]jixiao.Reallocation, error) {
	if len(text) > (jixiao.MaxReallocTo+40)*jixiao.MaxReallocations*4 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "调剂去向过长：至多 %d 行，每行至多 %d 字", jixiao.MaxReallocations, jixiao.MaxReallocTo)
	}
	var out []jixiao.Reallocation
	n := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if n++; n > jixiao.MaxReallocations {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂去向至多 %d 行", jixiao.MaxReallocations)
		}
		i := strings.LastIndexAny(line, " \t,，:：")
		if i < 0 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂去向第 %d 行“%s”应写成“去向 金额”，如“学生资助 30”", n, line)
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		to, num := strings.TrimSpace(line[:i]), strings.TrimSpace(strings.TrimSuffix(line[i+size:], "万元"))
		amount, err := decimal.NewFromString(num)
		if err != nil || len(num) > 30 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂去向第 %d 行的金额“%s”不是数字（单位万元）", n, num)
		}
		out = append(out, jixiao.Reallocation{To: to, Amount: amount})
	}
	return out, nil
}

func (w *Web) resultsXLSX(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := pageYear(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name, err := rs.ApplicationXLSX(r.Context(), year, &buf)
	if err != nil {
		return err
	}
	download(rw, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", int64(buf.Len()))
	_, err = rw.Write(buf.Bytes())
	return err
}

func (w *Web) resultsDOCX(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	year, err := pageYear(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype, name, err := rs.ApplicationReport(r.Context(), year, "docx", &buf)
	if err != nil {
		return err
	}
	download(rw, name, ctype, int64(buf.Len()))
	_, err = rw.Write(buf.Bytes())
	return err
}

// startResultsPDF queues the PDF of the results-application report, shown
// as the evaluations' PDFs are (durable jobs).
func (w *Web) startResultsPDF(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	year, err := pageYear(r)
	if err != nil {
		return err
	}
	j, err := js.StartApplicationReport(r.Context(), year)
	if err != nil {
		return err
	}
	w.showJob(rw, r, durable(j))
	return nil
}
