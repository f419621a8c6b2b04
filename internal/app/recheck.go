package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/report"
	"jixiao/internal/sqlstore"
	"jixiao/internal/xlsxio"
)

var _ jixiao.RecheckService = (*App)(nil)

// Re-checks (抽查复核), rectification (问题整改) and results application
// (结果应用): the stored side of recheck.go, rectify.go and
// application.go of the root package. Permissions: see policy.go.

// roleMay reports whether u's role has act (whatever the organisation).
func roleMay(u *jixiao.User, act action) bool { return slices.Contains(permissions[u.Role], act) }

// bureau checks that u may do act as a finance bureau: the role has it
// and, for a user of an organisation, on that organisation.
func (a *App) bureau(ctx context.Context, act action) (*jixiao.User, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !roleMay(u, act) {
		a.refused(ctx, u, act, u.OrgID, 403)
		return nil, jixiao.Errorf(jixiao.EFORBIDDEN, "%s无权%s", u.Role.Title(), actionNames[act])
	}
	if u.OrgID != 0 {
		if err := a.allow(ctx, u, act, u.OrgID); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func checkYear(year int) error {
	if year < 1990 || year > 2100 {
		return jixiao.Errorf(jixiao.EINVALID, "年度应为四位年份（1990—2100），实际为 %d", year)
	}
	return nil
}

// boundText refuses a text longer than n characters, naming the field.
func boundText(field, s string, n int) error {
	if utf8.RuneCountInString(s) > n {
		return jixiao.Errorf(jixiao.EINVALID, "%s超过 %d 个字符", field, n)
	}
	return nil
}

// projectName is the roster's project of an evaluation: its project, or
// 部门整体支出 for a department's whole spending.
func projectName(i *jixiao.EvaluationInfo) string {
	if i.Subject == jixiao.SubjectProject && i.SubjectKey != "" {
		return i.SubjectKey
	}
	return jixiao.SubjectDepartment.Title()
}

// submitted returns the summaries of the submitted and accepted
// self-evaluations of year the user sees (at most MaxSampleRoster).
func (a *App) submitted(ctx context.Context, year int) ([]*jixiao.Summary, error) {
	var out []*jixiao.Summary
	for _, st := range []jixiao.Status{jixiao.StatusSubmitted, jixiao.StatusAccepted} {
		for off := 0; ; off += 500 {
			ss, total, err := a.Summaries(ctx, jixiao.EvaluationFilter{Year: year, Status: st, Offset: off, Limit: 500})
			if err != nil {
				return nil, err
			}
			if total > jixiao.MaxSampleRoster || len(out)+len(ss) > jixiao.MaxSampleRoster {
				return nil, jixiao.Errorf(jixiao.EINVALID, "%d年度已提交的自评超过 %d 项，请由下级财政部门分别抽查", year, jixiao.MaxSampleRoster)
			}
			out = append(out, ss...)
			if len(ss) < 500 {
				break
			}
		}
	}
	return out, nil
}

// Bounds of a sample's spec.
const (
	maxInclude    = 50
	maxIncludeLen = 200
)

// DrawSample draws a sample from the submitted self-evaluations of year
// that the user sees: the roster is built from the stored evaluations
// (unit, project, budget in 万元, displayed score and grade); evaluations
// that cannot be scored yet are left out.
func (a *App) DrawSample(ctx context.Context, year int, spec jixiao.SampleSpec) (*jixiao.SampleRecord, error) {
	u, err := a.bureau(ctx, actSample)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	if spec.Method == jixiao.SampleChosen {
		return nil, jixiao.Errorf(jixiao.EINVALID, "抽样方法应为简单随机、按金额分层或按等级分层（部门评价由部门自行组织）")
	}
	if len(spec.Include) > maxInclude {
		return nil, jixiao.Errorf(jixiao.EINVALID, "指定项目有 %d 个，超过 %d 个的上限", len(spec.Include), maxInclude)
	}
	for _, s := range spec.Include {
		if err := boundText("指定项目", s, maxIncludeLen); err != nil {
			return nil, err
		}
	}
	sums, err := a.submitted(ctx, year)
	if err != nil {
		return nil, err
	}
	return a.drawSample(ctx, u, year, sums, spec)
}

// drawSample draws spec from the scored submissions sums of year (the
// roster: unit, project, budget in 万元, displayed score and grade) and
// stores the sample as u's organisation's.
func (a *App) drawSample(ctx context.Context, u *jixiao.User, year int, sums []*jixiao.Summary, spec jixiao.SampleSpec) (*jixiao.SampleRecord, error) {
	roster := &jixiao.Roster{Year: year}
	byKey := map[string]*jixiao.Summary{}
	for _, s := range sums {
		if !s.Scored || s.Grade == "" {
			continue
		}
		sub := jixiao.Submission{Unit: s.OrgName, Project: projectName(s.EvaluationInfo), Score: s.Total, Grade: s.Grade}
		if s.Budget != nil {
			sub.Amount = *s.Budget
		}
		byKey[sub.Key()] = s
		roster.Submissions = append(roster.Submissions, sub)
	}
	if len(roster.Submissions) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%d年度没有已提交并已评分的自评，无法抽样", year)
	}
	if spec.Size == 0 {
		spec.Size = max((len(roster.Submissions)+9)/10, roster.Strata(spec.Method)+len(spec.Include))
	}
	smp, err := jixiao.DrawSample(roster, spec)
	if err != nil {
		return nil, err
	}
	rec := &jixiao.SampleRecord{OrgID: u.OrgID, Year: year, Sample: *smp}
	counts := map[string]int{}
	for _, it := range smp.Items {
		s := byKey[it.Key()]
		rec.Entries = append(rec.Entries, jixiao.SampleEntry{EvaluationID: s.ID, OrgID: s.OrgID, SampledItem: it})
		counts[s.Rulebook]++
	}
	// The deviation is graded by the rulebook most of the sample is scored
	// by (the first in the sample's order when tied).
	for _, e := range rec.Entries {
		rb := byKey[e.Key()].Rulebook
		if rec.Rulebook == "" || counts[rb] > counts[rec.Rulebook] {
			rec.Rulebook = rb
		}
	}
	if rec.Rulebook == "" {
		rec.Rulebook = "mof-2020"
	}
	return a.db.CreateSample(ctx, u, rec)
}

// EvaluateOwn starts the user's department's evaluation (部门评价) of its
// own submitted and scored self-evaluations evalIDs of year: a sample of
// those alone (method chosen), re-scored on the same sheet as a re-check
// by the department, read by its bureau too.
func (a *App) EvaluateOwn(ctx context.Context, year int, evalIDs []int64) (*jixiao.SampleRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !roleMay(u, actDeptEval) || u.OrgID == 0 {
		a.refused(ctx, u, actDeptEval, u.OrgID, 403)
		return nil, jixiao.Errorf(jixiao.EFORBIDDEN, "%s无权%s：部门评价由部门的填报人或审核人组织", u.Role.Title(), actionNames[actDeptEval])
	}
	if err := a.allow(ctx, u, actDeptEval, u.OrgID); err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	if len(evalIDs) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请选择要评价的项目")
	}
	if len(evalIDs) > jixiao.MaxOwnEvaluations {
		return nil, jixiao.Errorf(jixiao.EINVALID, "选择了 %d 个项目，部门评价一次至多 %d 个", len(evalIDs), jixiao.MaxOwnEvaluations)
	}
	all, err := a.submitted(ctx, year)
	if err != nil {
		return nil, err
	}
	var own []*jixiao.Summary
	byID := map[int64]*jixiao.Summary{}
	for _, s := range all {
		if s.OrgID == u.OrgID && s.Scored && s.Grade != "" {
			own = append(own, s)
			byID[s.ID] = s
		}
	}
	spec := jixiao.SampleSpec{Method: jixiao.SampleChosen}
	for _, id := range evalIDs {
		s, ok := byID[id]
		if !ok {
			return nil, jixiao.Errorf(jixiao.EINVALID, "所选的项目中有不属于本部门%d年度已提交并已评分的自评，请刷新页面后重新选择", year)
		}
		spec.Include = append(spec.Include, s.OrgName+"／"+projectName(s.EvaluationInfo))
	}
	return a.drawSample(ctx, u, year, own, spec)
}

// sample loads sample id for u: whole when u sees the bureau that drew it
// (or every organisation), else only the entries of organisations u may
// re-score, and not at all when there are none.
func (a *App) sample(ctx context.Context, id int64) (*jixiao.User, *jixiao.SampleRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	rec, err := a.db.Sample(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	all, _, err := a.scope(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	if all {
		return u, rec, nil
	}
	if rec.OrgID != 0 {
		ok, err := a.sees(ctx, u, rec.OrgID)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			return u, rec, nil
		}
	}
	if roleMay(u, actRescore) {
		var kept []jixiao.SampleEntry
		for _, e := range rec.Entries {
			ok, err := a.sees(ctx, u, e.OrgID)
			if err != nil {
				return nil, nil, err
			}
			if ok {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			rec.Entries = kept
			rec.Sample.Items = nil
			for _, e := range kept {
				rec.Sample.Items = append(rec.Sample.Items, e.SampledItem)
			}
			return u, rec, nil
		}
	}
	return nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
}

// Samples lists the samples of year the user sees (the 100 latest).
func (a *App) Samples(ctx context.Context, year int) ([]*jixiao.SampleRecord, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	if year != 0 {
		if err := checkYear(year); err != nil {
			return nil, err
		}
	}
	recs, err := a.db.ListSamples(ctx, year, 100)
	if err != nil {
		return nil, err
	}
	var out []*jixiao.SampleRecord
	for _, r := range recs {
		_, rec, err := a.sample(ctx, r.ID)
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// sampleRulebook is the rulebook a sample's deviation is graded by.
func (a *App) sampleRulebook(ctx context.Context, rec *jixiao.SampleRecord) (*jixiao.Rulebook, error) {
	return a.rulebookOf(ctx, &jixiao.Evaluation{Rulebook: rec.Rulebook})
}

// RecheckResult is sample id with the deviation of its re-scored entries.
func (a *App) RecheckResult(ctx context.Context, id int64) (*jixiao.RecheckResult, error) {
	_, rec, err := a.sample(ctx, id)
	if err != nil {
		return nil, err
	}
	res := &jixiao.RecheckResult{Sample: rec, Rescored: map[int64]bool{}}
	scores, err := a.db.Rescores(ctx, id)
	if err != nil {
		return nil, err
	}
	rc := &jixiao.Recheck{Year: rec.Year, Rulebook: rec.Rulebook}
	for _, e := range rec.Entries {
		rs := scores[e.EvaluationID]
		if len(rs) == 0 {
			continue
		}
		res.Rescored[e.EvaluationID] = true
		p := jixiao.RecheckedProject{Unit: e.Unit, Project: e.Project}
		for _, r := range rs {
			p.Items = append(p.Items, r.RecheckItem)
		}
		rc.Projects = append(rc.Projects, p)
	}
	if len(rc.Projects) == 0 {
		return res, nil
	}
	rb, err := a.sampleRulebook(ctx, rec)
	if err != nil {
		return nil, err
	}
	if res.Deviation, err = jixiao.Deviation(rc, rb); err != nil {
		return nil, err
	}
	return res, nil
}

// sampleEntry finds evaluation evalID in sample id as the user sees it.
func (a *App) sampleEntry(ctx context.Context, sampleID, evalID int64) (*jixiao.User, *jixiao.SampleRecord, *jixiao.SampleEntry, error) {
	u, rec, err := a.sample(ctx, sampleID)
	if err != nil {
		return nil, nil, nil, err
	}
	for i := range rec.Entries {
		if rec.Entries[i].EvaluationID == evalID {
			return u, rec, &rec.Entries[i], nil
		}
	}
	return nil, nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "该评价不在抽查样本中")
}

// RecheckSheet is the re-score sheet of evaluation evalID in sample
// sampleID: every scored item of its scorecard (预算执行率 and each 三级指标
// or 分项绩效目标, named by its path) with the self-scores rounded to the
// rulebook's score places, and the re-scores so far.
func (a *App) RecheckSheet(ctx context.Context, sampleID, evalID int64) (*jixiao.RecheckSheet, error) {
	_, rec, e, err := a.sampleEntry(ctx, sampleID, evalID)
	if err != nil {
		return nil, err
	}
	return a.sheet(ctx, rec, e)
}

func (a *App) sheet(ctx context.Context, rec *jixiao.SampleRecord, e *jixiao.SampleEntry) (*jixiao.RecheckSheet, error) {
	sh := &jixiao.RecheckSheet{SampleID: rec.ID, EvaluationID: e.EvaluationID, Unit: e.Unit, Project: e.Project}
	scores, err := a.db.Rescores(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	if rs := scores[e.EvaluationID]; len(rs) > 0 {
		sh.Rescored = true
		for _, r := range rs {
			sh.Items = append(sh.Items, r.RecheckItem)
		}
	} else {
		_, rb, sc, ps, err := a.score(ctx, e.EvaluationID)
		if err != nil {
			return nil, err
		}
		if ps != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "“%s”的评分表目前无法生成：%s", e.Project, ps.Error())
		}
		places := rb.RoundingPolicy().Score
		names := map[string]int{}
		for _, l := range scoredItems(sc) {
			name := l.name
			if names[l.name]++; names[l.name] > 1 {
				name = fmt.Sprintf("%s（%d）", l.name, names[l.name])
			}
			self := jixiao.Round(l.node.Score, places)
			sh.Items = append(sh.Items, jixiao.RecheckItem{Name: name, Weight: l.node.Weight, Self: self, Recheck: self})
		}
	}
	if sh.Rescored {
		rb, err := a.sampleRulebook(ctx, rec)
		if err != nil {
			return nil, err
		}
		d, err := jixiao.Deviation(&jixiao.Recheck{Projects: []jixiao.RecheckedProject{{Unit: e.Unit, Project: e.Project, Items: sh.Items}}}, rb)
		if err != nil {
			return nil, err
		}
		sh.Deviation = &d.Projects[0]
	}
	return sh, nil
}

// scoredItem is a scored item of a scorecard and its name on the
// re-score sheet: its path from the top ("产出指标 › 数量指标 › 培训人次").
type scoredItem struct {
	name string
	node *jixiao.Node
}

// scoredItems are the items of sc that are scored, each leaf with a
// weight (预算执行率, every 三级指标 or 分项绩效目标), in the scorecard's
// order: their scores add up to the total.
func scoredItems(sc *jixiao.Scorecard) []scoredItem {
	var out []scoredItem
	var walk func(ns []*jixiao.Node, path string)
	walk = func(ns []*jixiao.Node, path string) {
		for _, n := range ns {
			name := n.Name
			if path != "" {
				name = path + " › " + n.Name
			}
			if len(n.Children) > 0 {
				walk(n.Children, name)
			} else if n.Weight.IsPositive() {
				out = append(out, scoredItem{name, n})
			}
		}
	}
	walk(sc.Nodes, "")
	return out
}

// SaveRescore records the re-scores of a sampled evaluation: one for every
// item of its sheet, within 0 and the item's weight, with a reason for
// each one that differs from the self-score.
func (a *App) SaveRescore(ctx context.Context, sampleID, evalID int64, items []jixiao.RescoreInput) (*jixiao.RecheckSheet, error) {
	u, rec, e, err := a.sampleEntry(ctx, sampleID, evalID)
	if err != nil {
		return nil, err
	}
	// A department's evaluation is re-scored by the department; a
	// bureau's sample by its evaluators.
	act := actRescore
	if rec.Sample.Method == jixiao.SampleChosen {
		act = actDeptEval
	}
	if err := a.allow(ctx, u, act, e.OrgID); err != nil {
		return nil, err
	}
	if len(items) > jixiao.MaxRecheckItems {
		return nil, jixiao.Errorf(jixiao.EINVALID, "评分项有 %d 项，超过 %d 项的上限", len(items), jixiao.MaxRecheckItems)
	}
	sh, err := a.sheet(ctx, rec, e)
	if err != nil {
		return nil, err
	}
	given := map[string]jixiao.RescoreInput{}
	for _, in := range items {
		if err := boundText("复核理由", in.Reason, jixiao.MaxRectText); err != nil {
			return nil, err
		}
		if _, dup := given[in.Item]; dup {
			return nil, jixiao.Errorf(jixiao.EINVALID, "评分项“%s”重复", in.Item)
		}
		given[in.Item] = in
	}
	var out []jixiao.RecheckItem
	for _, it := range sh.Items {
		in, ok := given[it.Name]
		if !ok {
			return nil, jixiao.Errorf(jixiao.EINVALID, "缺少评分项“%s”的复核得分", it.Name)
		}
		delete(given, it.Name)
		it.Recheck, it.Reason = in.Recheck, strings.TrimSpace(in.Reason)
		if it.Recheck.Equal(it.Self) {
			it.Reason = ""
		}
		out = append(out, it)
	}
	for name := range given {
		return nil, jixiao.Errorf(jixiao.EINVALID, "评分表中没有评分项“%s”", name)
	}
	rc := &jixiao.Recheck{Projects: []jixiao.RecheckedProject{{Unit: e.Unit, Project: e.Project, Items: out}}}
	if err := rc.Validate(); err != nil {
		return nil, err
	}
	if err := a.db.SaveRescores(ctx, u, sampleID, evalID, out); err != nil {
		return nil, err
	}
	return a.sheet(ctx, rec, e)
}

// today is the store's date, YYYY-MM-DD.
func (a *App) today() string { return jixiao.TaskDay(a.db.Now()).String() }

// Rectifications is the rectification of year in the user's scope: the
// year's items, the open items of earlier years carried into it, and the
// counts of every earlier year.
func (a *App) Rectifications(ctx context.Context, year int) (*jixiao.RectificationYear, error) {
	return a.rectifications(ctx, year, 0)
}

// RectificationsOf is the rectification of year of department orgID
// alone, as its self-evaluation of the year shows it: the earlier years'
// open items carried into it and their counts. A department the user does
// not see has none.
func (a *App) RectificationsOf(ctx context.Context, orgID int64, year int) (*jixiao.RectificationYear, error) {
	if orgID <= 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "单位无效")
	}
	return a.rectifications(ctx, year, orgID)
}

// rectifications is the rectification of year in the user's scope,
// narrowed to department org when it is not 0.
func (a *App) rectifications(ctx context.Context, year int, org int64) (*jixiao.RectificationYear, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	switch {
	case org != 0 && (all || slices.Contains(ids, org)):
		ids = []int64{org}
	case org != 0:
		ids = []int64{}
	case all:
		ids = nil
	case ids == nil:
		ids = []int64{}
	}
	recs, err := a.db.ListRectifications(ctx, ids, year, jixiao.MaxRectListItems)
	if err != nil {
		return nil, err
	}
	today := a.today()
	items := make([]jixiao.Rectification, len(recs))
	byID := map[string]*jixiao.RectificationRecord{}
	for i, r := range recs {
		r.Overdue = r.Item.Overdue(today)
		items[i] = r.Item
		byID[r.Item.ID] = r
	}
	ry := jixiao.RectificationsFor(items, year)
	out := &jixiao.RectificationYear{Year: year, Current: ry.Current, Earlier: ry.Earlier, Items: []*jixiao.RectificationRecord{}, Carried: []*jixiao.RectificationRecord{}}
	for _, it := range ry.Items {
		out.Items = append(out.Items, byID[it.ID])
	}
	for _, it := range ry.Carried {
		out.Carried = append(out.Carried, byID[it.ID])
	}
	for _, r := range append(slices.Clone(out.Items), out.Carried...) {
		if r.Overdue {
			out.Overdue++
		}
	}
	return out, nil
}

// carriedInto is the rectification of department orgID's earlier years
// as its self-evaluation report of year states it: each year's count and
// the open items carried into year. It is the department's own record,
// read for whoever may read the evaluation, so that the report does not
// depend on who downloads it.
func (a *App) carriedInto(ctx context.Context, orgID int64, year int) (*jixiao.RectYear, error) {
	recs, err := a.db.ListRectifications(ctx, []int64{orgID}, year-1, jixiao.MaxRectListItems)
	if err != nil {
		return nil, err
	}
	items := make([]jixiao.Rectification, len(recs))
	for i, r := range recs {
		items[i] = r.Item
	}
	ry := jixiao.RectificationsFor(items, year)
	return &ry, nil
}

// rectification loads item id for act.
func (a *App) rectification(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.RectificationRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := a.db.Rectification(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	if err := a.allow(ctx, u, act, r.OrgID); err != nil {
		return nil, nil, err
	}
	r.Overdue = r.Item.Overdue(a.today())
	if err := a.withFiles(ctx, r); err != nil {
		return nil, nil, err
	}
	return u, r, nil
}

// Rectification returns rectification item id.
func (a *App) Rectification(ctx context.Context, id int64) (*jixiao.RectificationRecord, error) {
	_, r, err := a.rectification(ctx, id, actRead)
	return r, err
}

// CreateRectification raises a rectification item for a department (通知).
func (a *App) CreateRectification(ctx context.Context, in *jixiao.RectificationInput) (*jixiao.RectificationRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if in.OrgID == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请选择整改单位")
	}
	if err := a.allow(ctx, u, actSample, in.OrgID); err != nil {
		return nil, err
	}
	o, err := a.db.Org(ctx, in.OrgID)
	if err != nil {
		return nil, hide(err)
	}
	for _, f := range []struct{ field, v string }{{"项目", in.Project}, {"问题", in.Problem}, {"责任人", in.Owner}, {"整改措施", in.Measure}, {"整改期限", in.Deadline}} {
		if err := boundText(f.field, f.v, jixiao.MaxRectText); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct{ field, v string }{{"问题", in.Problem}, {"责任人", in.Owner}, {"整改措施", in.Measure}} {
		if strings.TrimSpace(f.v) == "" {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s不能为空", f.field)
		}
	}
	if in.EvaluationID != 0 {
		info, err := a.db.EvaluationInfo(ctx, in.EvaluationID)
		if err != nil || info.OrgID != in.OrgID {
			return nil, jixiao.Errorf(jixiao.EINVALID, "所选评价不属于单位“%s”", o.Name)
		}
		if in.Project == "" {
			in.Project = projectName(info)
		}
	}
	it := jixiao.Rectification{ID: "新", Year: in.Year, Unit: o.Name, Project: strings.TrimSpace(in.Project), Problem: strings.TrimSpace(in.Problem), Source: in.Source,
		Owner: strings.TrimSpace(in.Owner), Measure: strings.TrimSpace(in.Measure), Deadline: strings.TrimSpace(in.Deadline), Status: jixiao.RectNotified}
	if err := jixiao.ValidateRectifications([]jixiao.Rectification{it}); err != nil {
		return nil, err
	}
	r, err := a.db.CreateRectification(ctx, u, in.OrgID, in.EvaluationID, &it)
	if err != nil {
		return nil, err
	}
	r.Overdue = r.Item.Overdue(a.today())
	return r, nil
}

// changeRect applies fn to item id at version for act and saves it.
func (a *App) changeRect(ctx context.Context, id, version int64, act action, name string, fn func(r *jixiao.RectificationRecord) error) (*jixiao.RectificationRecord, error) {
	u, r, err := a.rectification(ctx, id, act)
	if err != nil {
		return nil, err
	}
	if r.Version != version {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "该整改事项已被他人修改，请刷新后重试（版本不一致）")
	}
	if err := fn(r); err != nil {
		return nil, err
	}
	if err := a.db.SaveRectification(ctx, u, name, r); err != nil {
		return nil, err
	}
	r.Overdue = r.Item.Overdue(a.today())
	if err := a.withFiles(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// maxLink bounds an evidence link.
const maxLink = 500

// RectificationFeedback records the department's feedback: evidence
// texts, a link (http or https) and the evidence files uploaded since the
// last feedback, at least one of them.
func (a *App) RectificationFeedback(ctx context.Context, id, version int64, evidence []string, link, note string) (*jixiao.RectificationRecord, error) {
	if len(evidence) > jixiao.MaxRectEvidence {
		return nil, jixiao.Errorf(jixiao.EINVALID, "整改证明材料有 %d 项，超过 %d 项的上限", len(evidence), jixiao.MaxRectEvidence)
	}
	for _, e := range evidence {
		if err := boundText("整改证明材料", e, jixiao.MaxRectText); err != nil {
			return nil, err
		}
	}
	if err := boundText("说明", note, jixiao.MaxRectText); err != nil {
		return nil, err
	}
	link = strings.TrimSpace(link)
	if err := boundText("证明材料链接", link, maxLink); err != nil {
		return nil, err
	}
	if link != "" {
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, jixiao.Errorf(jixiao.EINVALID, "证明材料链接应以 http:// 或 https:// 开头")
		}
	}
	return a.changeRect(ctx, id, version, actRectify, "feedback", func(r *jixiao.RectificationRecord) error {
		ev := slices.Clone(evidence)
		if link != "" {
			ev = append(ev, link)
			r.Link = link
		}
		for _, f := range r.Files {
			if n := rectFileNote(f); !slices.Contains(r.Item.Evidence, n) {
				ev = append(ev, n)
			}
		}
		return r.Item.Feedback(ev, note)
	})
}

// ConfirmRectification confirms the feedback (确认).
func (a *App) ConfirmRectification(ctx context.Context, id, version int64, note string) (*jixiao.RectificationRecord, error) {
	if err := boundText("说明", note, jixiao.MaxRectText); err != nil {
		return nil, err
	}
	return a.changeRect(ctx, id, version, actSample, "confirm", func(r *jixiao.RectificationRecord) error { return r.Item.Confirm(note) })
}

// ReturnRectification returns the feedback with a reason (退回).
func (a *App) ReturnRectification(ctx context.Context, id, version int64, reason string) (*jixiao.RectificationRecord, error) {
	if err := boundText("退回理由", reason, jixiao.MaxRectText); err != nil {
		return nil, err
	}
	return a.changeRect(ctx, id, version, actSample, "return", func(r *jixiao.RectificationRecord) error { return r.Item.Return(reason) })
}

// gradeTiers are the grade names that mean the same band across
// rulebooks (mof-2020's 优/良/中/差, shijiazhuang-2024's 优秀/良好/一般/较差),
// best first: the same tiers as the web pages' charts count as one grade.
var gradeTiers = [][]string{{"优", "优秀"}, {"良", "良好"}, {"中", "一般", "中等", "合格"}, {"差", "较差", "不合格"}}

// ruleGrade is the grade of rules that grade g is: g when the rules name
// it, else the name of g's tier the rules use, else g (which the rules
// then refuse, naming the grades they have).
func ruleGrade(rules *jixiao.ApplicationRules, g string) string {
	has := func(name string) bool {
		return slices.ContainsFunc(rules.Rules, func(r jixiao.ApplicationRule) bool { return r.Grade == name })
	}
	if has(g) {
		return g
	}
	for _, tier := range gradeTiers {
		if slices.Contains(tier, g) {
			for _, name := range tier {
				if has(name) {
					return name
				}
			}
		}
	}
	return g
}

// ApplicationTable is the results-application table of year: a row for
// each submitted or accepted self-evaluation the user sees that has a
// grade, its amount the evaluation's budget (万元), with the bureau's
// decisions recorded.
func (a *App) ApplicationTable(ctx context.Context, year int) (*jixiao.ApplicationTable, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	sums, err := a.submitted(ctx, year)
	if err != nil {
		return nil, err
	}
	decisions, err := a.db.Decisions(ctx, year)
	if err != nil {
		return nil, err
	}
	rules, err := a.applicationRules(ctx, year)
	if err != nil {
		return nil, err
	}
	rechecked, err := a.rechecked(ctx, year)
	if err != nil {
		return nil, err
	}
	warnings, err := a.unresolvedWarnings(ctx, year)
	if err != nil {
		return nil, err
	}
	t := &jixiao.ApplicationTable{EvaluationIDs: []int64{}, SelfAssessed: []*jixiao.SelfAssessed{}}
	res := &jixiao.Results{Year: year, Rules: rules.Name}
	for _, s := range sums {
		if !s.Scored || s.Grade == "" {
			t.Unscored = append(t.Unscored, s.OrgName+"／"+projectName(s.EvaluationInfo))
			continue
		}
		total, grade := s.Total, s.Grade
		var self *jixiao.SelfAssessed
		if rc, ok := rechecked[s.ID]; ok {
			self = &jixiao.SelfAssessed{Score: total, Grade: grade}
			total, grade = rc.Total, rc.grade(s.Subject)
		}
		p := jixiao.AppliedProject{Unit: s.OrgName, Project: projectName(s.EvaluationInfo), Score: &total, Grade: ruleGrade(rules, grade),
			Warnings: warnings[warnedSubject(s.EvaluationInfo)]}
		if self != nil {
			p.SelfScore, p.SelfGrade = &self.Score, self.Grade
		}
		if s.Budget != nil {
			p.Amount = *s.Budget
		}
		if d := decisions[s.ID]; d != nil {
			p.DecidedAction, p.DecidedAmount, p.Note, p.Reallocations = d.DecidedAction, d.DecidedAmount, d.Note, d.Reallocations
			if d.Requested != nil {
				p.Amount = *d.Requested
			}
		}
		res.Projects = append(res.Projects, p)
		t.EvaluationIDs = append(t.EvaluationIDs, s.ID)
		t.SelfAssessed = append(t.SelfAssessed, self)
	}
	if t.Declared, err = a.declaredTargets(ctx, year+1); err != nil {
		return nil, err
	}
	targets, err := a.resolveMoves(ctx, res.Projects, t.Declared)
	if err != nil {
		return nil, err
	}
	if len(res.Projects) == 0 {
		t.Application = &jixiao.Application{Year: year, Rules: rules, Places: jixiao.DefaultRounding.Amount}
		return t, nil
	}
	if t.Application, err = jixiao.Apply(res, rules, jixiao.DefaultRounding.Amount); err != nil {
		return nil, err
	}
	if err := t.Application.Receive(targets); err != nil {
		return nil, err
	}
	return t, nil
}

// maxDeclared bounds the next-year declared projects offered as
// reallocation destinations.
const maxDeclared = 2000

// declaredTargets are the project declarations of year in the user's
// scope: where money cut can be reallocated to.
func (a *App) declaredTargets(ctx context.Context, year int) ([]jixiao.DeclaredTarget, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	f := sqlstore.DeclaredFilter{Year: year, Limit: maxDeclared}
	if !all {
		f.OrgIDs = ids
	}
	out, err := a.db.DeclaredTargets(ctx, f)
	if out == nil {
		out = []jixiao.DeclaredTarget{}
	}
	return out, err
}

// resolveMoves names the projects' reallocations to declared projects
// by the declarations as they stand (those declared is not in, outside
// the user's scope, are read by id; one removed reads as
// jixiao.RemovedDeclaration), and returns the declared projects that
// receive money, declared's first, in its order.
func (a *App) resolveMoves(ctx context.Context, projects []jixiao.AppliedProject, declared []jixiao.DeclaredTarget) ([]jixiao.DeclaredTarget, error) {
	byID := map[int64]jixiao.DeclaredTarget{}
	for _, t := range declared {
		byID[t.DeclarationID] = t
	}
	var missing []int64
	asked := map[int64]bool{}
	for _, p := range projects {
		for _, m := range p.Reallocations {
			if _, ok := byID[m.DeclarationID]; m.DeclarationID != 0 && !ok && !asked[m.DeclarationID] {
				asked[m.DeclarationID] = true
				missing = append(missing, m.DeclarationID)
			}
		}
	}
	targets := slices.Clone(declared)
	for ids := range slices.Chunk(missing, 500) { // bounded lists of ids in a query
		more, err := a.db.DeclaredTargets(ctx, sqlstore.DeclaredFilter{IDs: ids, Limit: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, t := range more {
			byID[t.DeclarationID] = t
		}
		targets = append(targets, more...)
	}
	for i := range projects {
		for j := range projects[i].Reallocations {
			m := &projects[i].Reallocations[j]
			switch t, ok := byID[m.DeclarationID]; {
			case m.DeclarationID != 0 && ok:
				m.To = t.Name()
			case m.DeclarationID != 0:
				m.DeclarationID, m.To = 0, jixiao.RemovedDeclaration
			case m.To == "":
				m.To = jixiao.RemovedDeclaration
			}
		}
	}
	return targets, nil
}

// warnKey is a monitored subject: a department's project by name, or
// its whole spending (jixiao.DepartmentSubject).
type warnKey struct {
	org     int64
	subject string
}

// warnedSubject is the monitored subject an evaluation is of.
func warnedSubject(i *jixiao.EvaluationInfo) warnKey {
	if i.Subject == jixiao.SubjectProject && i.SubjectKey != "" {
		return warnKey{i.OrgID, i.SubjectKey}
	}
	return warnKey{i.OrgID, jixiao.DepartmentSubject}
}

// maxWarnRounds bounds the monitoring rounds of a year read for the
// unresolved warnings.
const maxWarnRounds = 50

// unresolvedWarnings are, by monitored subject, the warnings of year's
// monitoring rounds (newest cut-off first) whose warned item has no
// disposition as of today: pending or overdue. Rounds are read whoever
// the user is: the caller's rows are already in its scope.
func (a *App) unresolvedWarnings(ctx context.Context, year int) (map[warnKey][]jixiao.AppliedWarning, error) {
	out := map[warnKey][]jixiao.AppliedWarning{}
	heads, err := a.db.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{Bare: true})
	if err != nil {
		return nil, err
	}
	today := jixiao.TaskDay(a.db.Now())
	n := 0
	for _, h := range heads {
		if h.Year != year {
			continue
		}
		if n++; n > maxWarnRounds {
			break
		}
		r, err := a.db.MonitorRound(ctx, h.ID)
		if err != nil {
			return nil, err
		}
		rules, err := a.roundRules(ctx, r)
		if err != nil {
			return nil, err
		}
		cal, err := a.roundWorkdays(ctx, r)
		if err != nil {
			return nil, err
		}
		for _, ev := range r.View(rules, cal, today).Entries {
			for _, st := range ev.Statuses {
				if st.Disposition != nil {
					continue
				}
				k := warnKey{ev.Entry.OrgID, st.Subject}
				for _, w := range ev.Warnings {
					if w.Subject == st.Subject {
						out[k] = append(out[k], jixiao.AppliedWarning{Level: w.Level, Rule: w.Code, Text: fmt.Sprintf("%s%s：%s（%s）", r.Title(), w.Level.Title(), w.Message, st.State)})
					}
				}
			}
		}
	}
	return out, nil
}

// maxRecheckSamples bounds the samples of a year read for the re-checked
// grades.
const maxRecheckSamples = 100

// recheckedTotal is an evaluation's re-checked total and the rulebook of
// the sample that re-scored it.
type recheckedTotal struct {
	Total decimal.Decimal
	rb    *jixiao.Rulebook
}

// grade grades the re-checked total as the evaluation itself is graded: a
// project by the rulebook's project bands, a department by its own.
func (r recheckedTotal) grade(subject jixiao.Subject) string {
	if subject == jixiao.SubjectProject {
		return r.rb.ForProjects().Grade(r.Total)
	}
	return r.rb.Grade(r.Total)
}

// rechecked is, for each evaluation of year re-scored in a sample, its
// re-checked total (that of the newest sample that re-scored it, rounded
// as the sample's deviation table states it). Samples are read whoever
// the user is: the caller's rows are already in its scope.
func (a *App) rechecked(ctx context.Context, year int) (map[int64]recheckedTotal, error) {
	out := map[int64]recheckedTotal{}
	recs, err := a.db.ListSamples(ctx, year, maxRecheckSamples)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs { // newest first
		if rec.Sample.Method == jixiao.SampleChosen {
			continue // a department's own evaluation does not regrade it
		}
		scores, err := a.db.Rescores(ctx, rec.ID)
		if err != nil {
			return nil, err
		}
		var rb *jixiao.Rulebook
		for _, e := range rec.Entries {
			rs := scores[e.EvaluationID]
			if _, seen := out[e.EvaluationID]; seen || len(rs) == 0 {
				continue
			}
			if rb == nil {
				if rb, err = a.sampleRulebook(ctx, rec); err != nil {
					return nil, err
				}
			}
			p := jixiao.RecheckedProject{Unit: e.Unit, Project: e.Project}
			for _, r := range rs {
				p.Items = append(p.Items, r.RecheckItem)
			}
			dev, err := jixiao.Deviation(&jixiao.Recheck{Year: rec.Year, Rulebook: rec.Rulebook, Projects: []jixiao.RecheckedProject{p}}, rb)
			if err != nil {
				return nil, err
			}
			out[e.EvaluationID] = recheckedTotal{Total: dev.Projects[0].Recheck, rb: rb}
		}
	}
	return out, nil
}

// maxDecidedAmount bounds a decided amount (万元).
var maxDecidedAmount = decimal.NewFromInt(100_000_000)

// Decide records the bureau's decision on evaluation evalID's budget.
func (a *App) Decide(ctx context.Context, evalID int64, in *jixiao.DecisionInput) (*jixiao.ResultDecision, error) {
	u, info, err := a.evaluation(ctx, evalID, actRead)
	if err != nil {
		return nil, err
	}
	if err := a.allow(ctx, u, actSample, info.OrgID); err != nil {
		return nil, err
	}
	if info.Status != jixiao.StatusSubmitted && info.Status != jixiao.StatusAccepted {
		return nil, jixiao.Errorf(jixiao.EINVALID, "该评价尚未提交，不能决定结果应用")
	}
	action := strings.TrimSpace(in.Action)
	if action == "" && (in.Requested == nil || in.Amount != nil || len(in.Reallocations) > 0) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "决定措施不能为空（只填写拟安排金额时可以不填）")
	}
	if err := boundText("决定措施", action, 50); err != nil {
		return nil, err
	}
	if err := boundText("备注", in.Note, jixiao.MaxRectText); err != nil {
		return nil, err
	}
	if in.Amount != nil && (in.Amount.IsNegative() || in.Amount.GreaterThan(maxDecidedAmount)) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "决定金额应在 0 与 %s 万元之间", maxDecidedAmount)
	}
	if in.Requested != nil && (in.Requested.IsNegative() || in.Requested.GreaterThan(maxDecidedAmount)) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "拟安排金额应在 0 与 %s 万元之间", maxDecidedAmount)
	}
	if len(in.Reallocations) > jixiao.MaxReallocations {
		return nil, jixiao.Errorf(jixiao.EINVALID, "调剂去向有 %d 项，超过 %d 项的上限", len(in.Reallocations), jixiao.MaxReallocations)
	}
	for i, r := range in.Reallocations {
		if r.Amount.GreaterThan(maxDecidedAmount) {
			return nil, jixiao.Errorf(jixiao.EINVALID, "调剂去向第 %d 项：调剂金额应在 0 与 %s 万元之间", i+1, maxDecidedAmount)
		}
	}
	s, err := a.summary(ctx, info)
	if err != nil {
		return nil, err
	}
	if !s.Scored || s.Grade == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "该评价尚无评价等级，不能决定结果应用")
	}
	rules, err := a.applicationRules(ctx, info.Year)
	if err != nil {
		return nil, err
	}
	// A re-checked evaluation is decided by its re-checked score and grade,
	// as the table shows it.
	rechecked, err := a.rechecked(ctx, info.Year)
	if err != nil {
		return nil, err
	}
	total, grade := s.Total, s.Grade
	if rc, ok := rechecked[evalID]; ok {
		total, grade = rc.Total, rc.grade(info.Subject)
	}
	places := jixiao.DefaultRounding.Amount
	d := &jixiao.ResultDecision{EvaluationID: evalID, OrgID: info.OrgID, Year: info.Year, Unit: info.OrgName, Project: projectName(info), Grade: ruleGrade(rules, grade), Rules: rules.Name,
		DecidedAction: action, Note: strings.TrimSpace(in.Note)}
	d.Score = &total
	if s.Budget != nil {
		d.Amount = jixiao.Round(*s.Budget, places)
	}
	// A requested amount equal to the budget is the default, not entered.
	if in.Requested != nil && (s.Budget == nil || !jixiao.Round(*in.Requested, places).Equal(d.Amount)) {
		req := jixiao.Round(*in.Requested, places)
		d.Requested, d.Amount = &req, req
	}
	warnings, err := a.unresolvedWarnings(ctx, info.Year)
	if err != nil {
		return nil, err
	}
	sug, err := rules.SuggestWith(d.Grade, warnings[warnedSubject(info)], d.Amount, places)
	if err != nil {
		return nil, err
	}
	d.SuggestedAction, d.SuggestedAmount = sug.Action, sug.Amount
	if in.Amount != nil {
		amt := jixiao.Round(*in.Amount, places)
		d.DecidedAmount = &amt
	}
	for _, r := range in.Reallocations {
		d.Reallocations = append(d.Reallocations, jixiao.Reallocation{To: strings.TrimSpace(r.To), Amount: jixiao.Round(r.Amount, places), DeclarationID: r.DeclarationID})
	}
	if err := a.checkDestinations(ctx, u, info.Year+1, d.Reallocations); err != nil {
		return nil, err
	}
	p := jixiao.AppliedProject{Amount: d.Amount, DecidedAmount: d.DecidedAmount, Reallocations: d.Reallocations}
	if err := p.CheckReallocations(); err != nil {
		return nil, err
	}
	if err := a.db.SaveDecision(ctx, u, d); err != nil {
		return nil, err
	}
	return d, nil
}

// ApplicationXLSX writes the results-application table of year.
func (a *App) ApplicationXLSX(ctx context.Context, year int, w io.Writer) (string, error) {
	t, err := a.ApplicationTable(ctx, year)
	if err != nil {
		return "", err
	}
	if len(t.Application.Rows) == 0 {
		return "", jixiao.Errorf(jixiao.EINVALID, "%d年度没有已评定等级的自评，无法生成结果应用表", year)
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteApplication(&buf, t.Application); err != nil {
		return "", err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d年度结果应用表.xlsx", year), nil
}

// ApplicationReport writes the results-application report of year
// (结果应用报告) in format (docx, html or pdf; a PDF is printed from the
// DOCX, and servers queue it as a job: StartApplicationReport): the
// counts and amounts per action, how the amounts add up, the
// reallocations and the table of projects, from the same table as
// ApplicationXLSX.
func (a *App) ApplicationReport(ctx context.Context, year int, format string, w io.Writer) (string, string, error) {
	if format != "docx" && format != "html" && format != "pdf" {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "结果应用报告格式“%s”不支持，应为 docx、html 或 pdf", format)
	}
	t, err := a.ApplicationTable(ctx, year)
	if err != nil {
		return "", "", err
	}
	if len(t.Application.Rows) == 0 {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "%d年度没有已评定等级的自评，无法生成结果应用报告", year)
	}
	ctype, err := a.writeDocument(ctx, format, report.Application(t.Application), w)
	if err != nil {
		return "", "", err
	}
	return ctype, fmt.Sprintf("%d年度结果应用报告.%s", year, format), nil
}

// checkDestinations checks the reallocations to declared projects: each a
// project declaration of year (the evaluation year's next) that u sees,
// and names it by the declaration (a name sent beside the link is not
// kept). A declaration u does not see reads as one that does not exist.
func (a *App) checkDestinations(ctx context.Context, u *jixiao.User, year int, moves []jixiao.Reallocation) error {
	var ids []int64
	for _, m := range moves {
		if m.DeclarationID < 0 {
			return jixiao.Errorf(jixiao.EINVALID, "调剂去向的申报项目编号应为正整数")
		}
		if m.DeclarationID != 0 {
			ids = append(ids, m.DeclarationID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := a.db.DeclaredTargets(ctx, sqlstore.DeclaredFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return err
	}
	byID := map[int64]jixiao.DeclaredTarget{}
	for _, t := range found {
		byID[t.DeclarationID] = t
	}
	for i := range moves {
		m := &moves[i]
		if m.DeclarationID == 0 {
			continue
		}
		t, ok := byID[m.DeclarationID]
		if ok {
			if ok, err = a.sees(ctx, u, t.OrgID); err != nil {
				return err
			}
		}
		if !ok {
			return jixiao.Errorf(jixiao.EINVALID, "调剂去向第 %d 项：调剂到的申报项目不存在，或不在本人可见的单位范围内（只能调剂到本局范围内%d年度已申报的项目）", i+1, year)
		}
		if t.Year != year {
			return jixiao.Errorf(jixiao.EINVALID, "调剂去向第 %d 项：调剂到的申报项目“%s”是%d年度的申报，应为%d年度（评价年度的下一年度）的申报", i+1, t.Name(), t.Year, year)
		}
		m.To = t.Name()
	}
	return nil
}
