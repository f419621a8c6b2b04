package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Performance-goal declarations (绩效目标申报): a department's list, the
// declaration page (edit, submit, review, revise, versions, diff) and the
// self-evaluation made from the approved baseline. Every action goes
// through the DeclarationService, which enforces the permissions.

// Form bounds: rows of indicators and funds a declaration form may send.
const (
	maxDeclRows  = 300
	maxFundRows  = 20
	maxDeclField = 2000 // characters of one text field
	newDeclRows  = 3    // blank indicator rows offered under the existing ones
)

// declRow is one indicator of a version, as the page shows and edits it.
type declRow struct {
	Goal   string
	Ref    string // the indicator as opinions and reasons name it (library ID, else name)
	Ind    *jixiao.DeclIndicator
	Target string // the target without operator and unit
	Op     string
	Ops    []jixiao.Opinion // opinions of the latest review on this indicator
	Reason jixiao.ChangeReason
}

func (w *Web) declarations(rw http.ResponseWriter, r *http.Request) error {
	if w.Declarations == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通绩效目标申报")
	}
	u := ctxUser(r.Context())
	f := jixiao.DeclarationFilter{Limit: 500}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 0 {
		f.Year = y
	}
	list, _, err := w.Declarations.ListDeclarations(r.Context(), f)
	if err != nil {
		return err
	}
	grades := map[int64]string{}
	for _, d := range list {
		rec, err := w.Declarations.Declaration(r.Context(), d.ID)
		if err != nil {
			return err
		}
		grades[d.ID] = latestGrade(&rec.Declaration)
	}
	w.render(rw, r, http.StatusOK, "declarations", &page{Title: "绩效目标申报", Nav: "declarations", Data: map[string]any{
		"List": list, "Grades": grades, "DefaultYear": time.Now().Year() + 1,
		"Kinds": jixiao.DeclKind("").Enum(), "CanDeclare": u.Role.Departmental() && u.Role != jixiao.RoleEvaluator && u.OrgID != 0,
	}})
	return nil
}

// latestGrade is the grade of the latest approval of d ("" if none).
func latestGrade(d *jixiao.Declaration) string {
	for i := len(d.Versions) - 1; i >= 0; i-- {
		rs := d.Versions[i].Reviews
		for j := len(rs) - 1; j >= 0; j-- {
			if rs[j].Outcome == jixiao.OutcomeApproved {
				return rs[j].Grade
			}
		}
	}
	return ""
}

// createDeclaration makes a blank declaration, or one carried forward
// from the year before (沿用上年).
func (w *Web) createDeclaration(rw http.ResponseWriter, r *http.Request) error {
	if w.Declarations == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通绩效目标申报")
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || year < 2000 || year > 2200 {
		return jixiao.Errorf(jixiao.EINVALID, "预算年度应为四位年份，实际为“%s”", r.FormValue("year"))
	}
	kind := jixiao.DeclKind(r.FormValue("kind"))
	if !slices.Contains(kind.Enum(), string(kind)) {
		return jixiao.Errorf(jixiao.EINVALID, "请选择申报类型：部门整体、项目 或 专项资金")
	}
	project := strings.TrimSpace(r.FormValue("project"))
	if len([]rune(project)) > 200 {
		return jixiao.Errorf(jixiao.EINVALID, "项目名称不超过 200 字")
	}
	var rec *jixiao.DeclarationRecord
	if r.FormValue("mode") == "carry" {
		rec, err = w.Declarations.CarryForwardDeclaration(r.Context(), 0, year, kind, project)
	} else {
		rec, err = w.Declarations.CreateDeclaration(r.Context(), 0, &jixiao.Declaration{Kind: kind, Year: year, Project: project})
	}
	if err != nil {
		return err
	}
	w.flash(r, "已新建"+rec.Declaration.Title()+"，请填写目标、指标和资金")
	return redirect(rw, r, fmt.Sprintf("/declarations/%d", rec.ID))
}

func (w *Web) declFromPath(r *http.Request) (*jixiao.DeclarationRecord, error) {
	if w.Declarations == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通绩效目标申报")
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return w.Declarations.Declaration(r.Context(), id)
}

// rows lists a version's indicators with the opinions of its latest
// review and the reasons given for their changes.
func declRows(v *jixiao.DeclVersion) []declRow {
	var ops []jixiao.Opinion
	if n := len(v.Reviews); n > 0 {
		ops = v.Reviews[n-1].Opinions
	}
	var out []declRow
	for _, ref := range v.All() {
		in := ref.Indicator
		row := declRow{Goal: ref.Goal, Ind: in, Ref: cmpOr(strings.TrimSpace(in.LibraryID), in.Name), Target: in.Target.Text, Op: string(in.Op)}
		if in.Op == "" && in.Target.Numeric && in.Target.Op != "" {
			// The operator was written in the target ("≥95%"): shown apart.
			row.Op = string(in.Target.Op)
		}
		for _, o := range ops {
			if o.Indicator != "" && (o.Indicator == in.LibraryID || o.Indicator == in.Name) {
				row.Ops = append(row.Ops, o)
			}
		}
		for _, c := range v.Changes {
			if c.Indicator == row.Ref || c.Indicator == in.Name {
				row.Reason = c
			}
		}
		out = append(out, row)
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (w *Web) declaration(rw http.ResponseWriter, r *http.Request) error {
	rec, err := w.declFromPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	can, err := w.Declarations.DeclarationCan(ctx, rec.ID)
	if err != nil {
		return err
	}
	findings, err := w.Declarations.DeclarationFindings(ctx, rec.ID, 0)
	if err != nil {
		return err
	}
	d := &rec.Declaration
	v := d.Latest()
	editable := can.Write && (v.State == jixiao.DeclDraft || v.State == jixiao.DeclReturned)
	rows := declRows(v)
	blank := 0
	if editable {
		blank = newDeclRows
	}
	var general []jixiao.Opinion
	if n := len(v.Reviews); n > 0 {
		for _, o := range v.Reviews[n-1].Opinions {
			if o.Indicator == "" {
				general = append(general, o)
			}
		}
	}
	var sources []jixiao.IncomeSource
	for _, s := range (jixiao.IncomeSource("")).Enum() {
		if !strings.ContainsFunc(s, func(r rune) bool { return r > 127 }) {
			sources = append(sources, jixiao.IncomeSource(s))
		}
	}
	var lib []jixiao.LibraryIndicator
	current, err := w.currentLibrary(r)
	if err != nil {
		return err
	}
	if current != nil {
		for _, in := range current.Indicators {
			if in.Status == jixiao.LibConfirmed && in.MergedInto == "" {
				lib = append(lib, in)
			}
		}
	}
	// Money the bureau's results application moved in, added to what the
	// latest version requests (in 万元, as the results table states it).
	var inflow map[string]any
	if len(rec.ReallocatedIn) > 0 {
		latest := d.Latest()
		req := jixiao.Round(jixiao.InWanYuan(latest.FundsTotal(), latest.Unit()), jixiao.DefaultRounding.Amount)
		in := rec.IncomingTotal()
		inflow = map[string]any{"Requested": req, "In": in, "Arranged": req.Add(in), "From": rec.ReallocatedIn}
	}
	w.render(rw, r, http.StatusOK, "declaration", &page{Title: d.Title(), Nav: "declarations", Data: map[string]any{
		"Rec": rec, "D": d, "V": v, "Rows": rows, "Blank": make([]struct{}, blank), "Funds": append(slices.Clone(v.Funds), make([]jixiao.IncomeLine, min(2, maxFundRows))...),
		"Goals": append(slices.Clone(v.Goals), make([]jixiao.DeclGoal, blank)...),
		"Can":   can, "Editable": editable, "Findings": findings, "General": general, "Sources": sources, "Library": lib,
		"Reasons": jixiao.ReasonCodes, "Ops": []string{"≥", "≤", "=", ">", "<", "定性"},
		"Rubric": w.Rubric, "Adjusting": v.Kind != jixiao.VersionOriginal,
		"Approved": v.State == jixiao.DeclApproved, "Submitted": v.State == jixiao.DeclSubmitted, "Inflow": inflow,
	}})
	return nil
}

// formText reads one bounded text field.
func formText(r *http.Request, name string) (string, error) {
	s := strings.TrimSpace(r.FormValue(name))
	if len([]rune(s)) > maxDeclField {
		return "", jixiao.Errorf(jixiao.EINVALID, "填写的内容过长：每项不超过 %d 字", maxDeclField)
	}
	return s, nil
}

// formList reads the values of a repeated field, at most max of them.
func formList(r *http.Request, name string, max int) ([]string, error) {
	vs := r.PostForm[name]
	if len(vs) > max {
		return nil, jixiao.Errorf(jixiao.EINVALID, "提交的行数过多：不超过 %d 行", max)
	}
	for i, s := range vs {
		vs[i] = strings.TrimSpace(s)
		if len([]rune(vs[i])) > maxDeclField {
			return nil, jixiao.Errorf(jixiao.EINVALID, "填写的内容过长：每项不超过 %d 字", maxDeclField)
		}
	}
	return vs, nil
}

func formDecimal(s, what string) (*decimal.Decimal, error) {
	if s == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s应为数字，实际为“%s”", what, s)
	}
	return &d, nil
}

// saveDeclaration replaces the latest version's content with the form:
// the goals, each indicator row (rows with no name are left out; a row's
// 分项目标 puts it under that sub-goal), the funds and, in an adjustment,
// each row's reason.
func (w *Web) saveDeclaration(rw http.ResponseWriter, r *http.Request) error {
	rec, err := w.declFromPath(r)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	cur := rec.Declaration.Latest()
	nv := jixiao.DeclVersion{AmountUnit: cur.AmountUnit, LibraryAmount: cur.LibraryAmount}
	if nv.OverallGoal, err = formText(r, "overall_goal"); err != nil {
		return err
	}
	if nv.MidTermGoal, err = formText(r, "mid_term_goal"); err != nil {
		return err
	}
	cols := map[string][]string{}
	for _, c := range []string{"goal", "library_id", "level1", "level2", "name", "op", "target", "unit", "weight", "standard", "reason_code", "reason_text"} {
		if cols[c], err = formList(r, c, maxDeclRows); err != nil {
			return err
		}
	}
	at := func(c string, i int) string {
		if i < len(cols[c]) {
			return cols[c][i]
		}
		return ""
	}
	// The sub-goals as the form lists them (name, 分值, 目标内容); an
	// indicator naming a sub-goal not listed adds it.
	goalIndex := map[string]int{}
	for _, name := range []string{"goal_name", "goal_weight", "goal_target"} {
		if cols[name], err = formList(r, name, maxDeclRows); err != nil {
			return err
		}
	}
	for i, g := range cols["goal_name"] {
		if g == "" {
			continue
		}
		if _, dup := goalIndex[g]; dup {
			return jixiao.Errorf(jixiao.EINVALID, "分项目标“%s”重复", g)
		}
		wt, err := formDecimal(at("goal_weight", i), "分项目标“"+g+"”的分值")
		if err != nil {
			return err
		}
		nv.Goals = append(nv.Goals, jixiao.DeclGoal{Name: g, Weight: wt, Target: at("goal_target", i)})
		goalIndex[g] = len(nv.Goals) - 1
	}
	library, err := w.currentLibrary(r)
	if err != nil {
		return err
	}
	for i := range cols["name"] {
		name := at("name", i)
		if lid := at("library_id", i); name == "" && lid != "" && library != nil {
			// Picked from the library by its code alone: named as there.
			if li, ok := library.Find(lid); ok {
				name = li.Name
			}
		}
		if name == "" {
			continue
		}
		in := jixiao.DeclIndicator{LibraryID: at("library_id", i), Level1: at("level1", i), Level2: at("level2", i), Name: name,
			Op: jixiao.Operator(at("op", i)), Unit: at("unit", i), Standard: at("standard", i)}
		if in.LibraryID != "" && library != nil {
			if li, ok := library.Find(in.LibraryID); ok {
				in.LibraryID = li.ID
				in.Level1, in.Level2 = cmpOr(in.Level1, li.Level1), cmpOr(in.Level2, li.Level2)
				in.Unit, in.Core = cmpOr(in.Unit, li.Unit), li.Core
				if in.Op == "" {
					in.Op = li.Op
				}
			} else {
				return jixiao.Errorf(jixiao.EINVALID, "指标“%s”的指标编码“%s”不在指标库中；新指标请不填编码", name, in.LibraryID)
			}
		}
		if in.Target, err = jixiao.ParseFigure(at("target", i)); err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "指标“%s”的年度指标值“%s”不是有效的数字写法", name, at("target", i))
		}
		if in.Weight, err = formDecimal(at("weight", i), "指标“"+name+"”的分值"); err != nil {
			return err
		}
		// Carried-forward fields the form does not edit are kept.
		for _, ref := range cur.All() {
			if ref.Indicator.Name == name && ref.Indicator.LibraryID == in.LibraryID {
				in.LastActual, in.Reason, in.Core = ref.Indicator.LastActual, ref.Indicator.Reason, in.Core || ref.Indicator.Core
			}
		}
		if code, text := at("reason_code", i), at("reason_text", i); text != "" {
			nv.Changes = append(nv.Changes, jixiao.ChangeReason{Indicator: cmpOr(in.LibraryID, in.Name), Code: code, Text: text})
		}
		if g := at("goal", i); g != "" {
			k, ok := goalIndex[g]
			if !ok {
				nv.Goals = append(nv.Goals, jixiao.DeclGoal{Name: g})
				k = len(nv.Goals) - 1
				goalIndex[g] = k
			}
			nv.Goals[k].Indicators = append(nv.Goals[k].Indicators, in)
		} else {
			nv.Indicators = append(nv.Indicators, in)
		}
	}
	sources, err := formList(r, "fund_source", maxFundRows)
	if err != nil {
		return err
	}
	amounts, err := formList(r, "fund_amount", maxFundRows)
	if err != nil {
		return err
	}
	for i, s := range sources {
		if i >= len(amounts) || amounts[i] == "" {
			continue
		}
		var src jixiao.IncomeSource
		if err := src.UnmarshalText([]byte(s)); err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "资金来源“%s”不是可选的来源", s)
		}
		amt, err := formDecimal(amounts[i], "资金“"+src.Title()+"”的金额")
		if err != nil {
			return err
		}
		nv.Funds = append(nv.Funds, jixiao.IncomeLine{Source: src, Amount: amt})
	}
	if _, err := w.Declarations.UpdateDeclaration(r.Context(), rec.ID, version, &nv); err != nil {
		return err
	}
	w.flash(r, "已保存")
	return redirect(rw, r, fmt.Sprintf("/declarations/%d", rec.ID))
}

// declAction submits, returns (with the opinions of the form), approves
// (with the rubric's points) or revises the declaration.
func (w *Web) declAction(rw http.ResponseWriter, r *http.Request) error {
	rec, err := w.declFromPath(r)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	ctx, s, id := r.Context(), w.Declarations, rec.ID
	opinions, err := formOpinions(r)
	if err != nil {
		return err
	}
	var msg string
	switch r.PathValue("action") {
	case "submit":
		err, msg = nilRec(s.SubmitDeclaration(ctx, id, version)), "已提交审核"
	case "return":
		err, msg = nilRec(s.ReturnDeclaration(ctx, id, version, opinions)), "已退回，审核意见已送达申报单位"
	case "approve":
		if w.Rubric == nil {
			return jixiao.Errorf(jixiao.EINVALID, "没有可用的审核规则")
		}
		var items []jixiao.ItemScore
		for _, it := range w.Rubric.Items {
			p, err := formDecimal(strings.TrimSpace(r.FormValue("score_"+it.Code)), "审核要点“"+it.Name+"”的得分")
			if err != nil {
				return err
			}
			if p == nil {
				return jixiao.Errorf(jixiao.EINVALID, "请为审核要点“%s”评分", it.Name)
			}
			items = append(items, jixiao.ItemScore{Code: it.Code, Points: *p})
		}
		var got *jixiao.DeclarationRecord
		if got, err = s.ApproveDeclaration(ctx, id, version, w.Rubric.Name, items, opinions); err == nil {
			msg = "已批复，审核等级：" + latestGrade(&got.Declaration)
		}
	case "revise":
		kind := jixiao.VersionKind(r.FormValue("kind"))
		err, msg = nilRec(s.ReviseDeclaration(ctx, id, version, kind)), "已新建"+string(kind)+"版本，请修改指标并填写每处调整的理由"
	default:
		return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}
	if err != nil {
		return err
	}
	w.flash(r, msg)
	return redirect(rw, r, fmt.Sprintf("/declarations/%d", id))
}

func nilRec(_ *jixiao.DeclarationRecord, err error) error { return err }

// formOpinions reads the reviewer's opinion boxes: one per indicator
// (op_ref with op_text) and one on the whole declaration.
func formOpinions(r *http.Request) ([]jixiao.Opinion, error) {
	refs, err := formList(r, "op_ref", maxDeclRows)
	if err != nil {
		return nil, err
	}
	texts, err := formList(r, "op_text", maxDeclRows)
	if err != nil {
		return nil, err
	}
	var out []jixiao.Opinion
	for i, t := range texts {
		if t != "" && i < len(refs) {
			out = append(out, jixiao.Opinion{Indicator: refs[i], Text: t})
		}
	}
	g, err := formText(r, "opinion")
	if err != nil {
		return nil, err
	}
	if g != "" {
		out = append(out, jixiao.Opinion{Text: g})
	}
	return out, nil
}

// declDiff shows the field-level difference of two versions.
func (w *Web) declDiff(rw http.ResponseWriter, r *http.Request) error {
	rec, err := w.declFromPath(r)
	if err != nil {
		return err
	}
	n := len(rec.Declaration.Versions)
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	to, _ := strconv.Atoi(r.URL.Query().Get("to"))
	if to <= 0 {
		to = n
	}
	if from <= 0 {
		from = max(to-1, 1)
	}
	cs, err := w.Declarations.DeclarationDiff(r.Context(), rec.ID, from, to)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "decldiff", &page{Title: "版本比较 - " + rec.Declaration.Title(), Nav: "declarations", Data: map[string]any{
		"Rec": rec, "D": &rec.Declaration, "From": from, "To": to, "Changes": cs,
	}})
	return nil
}

// declBaseline creates the self-evaluation from the latest approved
// version and opens it.
func (w *Web) declBaseline(rw http.ResponseWriter, r *http.Request) error {
	rec, err := w.declFromPath(r)
	if err != nil {
		return err
	}
	info, err := w.Declarations.EvaluationFromBaseline(r.Context(), rec.ID)
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT {
		return jixiao.Errorf(jixiao.ECONFLICT, "本单位%d年度已有这项自评，请在本单位自评列表中打开它", rec.Declaration.Year)
	}
	if err != nil {
		return err
	}
	w.flash(r, "已由批复的绩效目标生成自评，指标和指标值与批复一致")
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d", info.ID))
}
