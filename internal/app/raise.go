package app

import (
	"context"
	"fmt"
	"strings"

	"jixiao"
)

// Problems found become rectification items (问题整改, issue 18 item 4):
// a monitoring warning when it is disposed of or escalates, a re-check's
// findings and a self-evaluation's stated problems when the bureau turns
// them into items. Each is raised once: the store keys an item by its
// origin, and raising it again returns the item already there.

// raisedDays is how many days after it is raised an item raised from a
// problem is due; the bureau tells the department to act within them.
const raisedDays = 60

// Origins of raised items (rectifications.origin).
func warningOrigin(roundID, entryID int64, subject string) string {
	return fmt.Sprintf("monitor:%d:%d:%s", roundID, entryID, subject)
}
func recheckOrigin(sampleID, evalID int64) string {
	return fmt.Sprintf("recheck:%d:%d", sampleID, evalID)
}
func selfOrigin(evalID int64, n int) string { return fmt.Sprintf("self:%d:%d", evalID, n) }

// reviewOrigin is the origin of an item raised from a review opinion: the
// overall opinion (reason) of return transition id ("t"), or comment id
// ("c").
func reviewOrigin(evalID int64, kind string, id int64) string {
	return fmt.Sprintf("review:%d:%s%d", evalID, kind, id)
}

// raise stores item it of organisation orgID raised from origin (once),
// the department itself responsible (责任人 its name until it names a
// person in its feedback), due raisedDays after the store's today.
func (a *App) raise(ctx context.Context, u *jixiao.User, orgID, evalID int64, origin string, it jixiao.Rectification) (*jixiao.RectificationRecord, bool, error) {
	o, err := a.db.Org(ctx, orgID)
	if err != nil {
		return nil, false, err
	}
	it.ID, it.Unit, it.Owner, it.Status = "新", o.Name, o.Name, jixiao.RectNotified
	it.Problem, it.Measure = clip(it.Problem, jixiao.MaxRectText-1), clip(it.Measure, jixiao.MaxRectText-1)
	it.Deadline = jixiao.TaskDay(a.db.Now()).AddDays(raisedDays).String()
	if err := jixiao.ValidateRectifications([]jixiao.Rectification{it}); err != nil {
		return nil, false, err
	}
	r, created, err := a.db.RaiseRectification(ctx, u, orgID, evalID, origin, &it)
	if err != nil {
		return nil, false, err
	}
	r.Overdue = r.Item.Overdue(a.today())
	return r, created, nil
}

// raiseWarning raises the item of warned subject s of entry e of round r:
// the warnings' messages are the problem; the disposition, when given,
// the measure.
func (a *App) raiseWarning(ctx context.Context, u *jixiao.User, r *jixiao.MonitorRoundRecord, e *jixiao.MonitorEntry, ws []jixiao.MonitorWarning, s jixiao.DispositionStatus) error {
	var msgs []string
	for _, w := range ws {
		if w.Subject == s.Subject {
			msgs = append(msgs, w.Message)
		}
	}
	if len(msgs) == 0 && s.Message != "" {
		msgs = append(msgs, s.Message)
	}
	problem := fmt.Sprintf("“%s”监控预警（%s）：%s", r.Title(), s.Subject, strings.Join(msgs, "；"))
	measure := fmt.Sprintf("预警须在%s及以前处置，逾期未处置已升级处理：请说明原因并落实处置", s.Due.Chinese())
	if d := s.Disposition; d != nil {
		measure = fmt.Sprintf("处置方式：%s；理由：%s", d.Action, d.Reason)
	}
	project := s.Subject
	if project == jixiao.DepartmentSubject {
		project = ""
	}
	_, _, err := a.raise(ctx, u, e.OrgID, 0, warningOrigin(r.ID, e.ID, s.Subject), jixiao.Rectification{Year: r.Year, Project: project, Problem: problem, Source: jixiao.RectWarning, Measure: measure})
	return err
}

// RaiseFromRecheck turns the findings of sample id into rectification
// items (生成整改事项): one for each re-scored evaluation whose re-score is
// below its self-score or whose evaluator gave reasons, the items'
// deviations and reasons the problem. It returns the sample's items and
// how many of them are new (none when raised before).
func (a *App) RaiseFromRecheck(ctx context.Context, id int64) ([]*jixiao.RectificationRecord, int, error) {
	res, err := a.RecheckResult(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	u, err := a.bureau(ctx, actSample)
	if err != nil {
		return nil, 0, err
	}
	if res.Deviation == nil {
		return nil, 0, jixiao.Errorf(jixiao.EINVALID, "该样本尚未复核评分，没有可生成整改事项的问题")
	}
	entries := map[string]*jixiao.SampleEntry{}
	for i := range res.Sample.Entries {
		e := &res.Sample.Entries[i]
		entries[e.Unit+"\x00"+e.Project] = e
	}
	var reqs []raiseReq
	for _, p := range res.Deviation.Projects {
		e := entries[p.Unit+"\x00"+p.Project]
		if e == nil {
			continue
		}
		var found []string
		for _, it := range p.Items {
			if !it.Deviation.IsZero() || it.Reason != "" {
				f := fmt.Sprintf("%s：自评%s分，复核%s分", it.Name, it.Self, it.Recheck)
				if it.Reason != "" {
					f += "，" + it.Reason
				}
				found = append(found, f)
			}
		}
		if !p.Deviation.IsNegative() && len(found) == 0 {
			continue
		}
		if err := a.allow(ctx, u, actSample, e.OrgID); err != nil {
			return nil, 0, err
		}
		grade := ""
		if p.SelfGrade != p.RecheckGrade {
			grade = fmt.Sprintf("，等级由“%s”调为“%s”", p.SelfGrade, p.RecheckGrade)
		}
		problem := fmt.Sprintf("抽查复核：自评得分%s分，复核得分%s分，相差%s分%s", p.Self, p.Recheck, p.Deviation, grade)
		if len(found) > 0 {
			problem += "。" + strings.Join(found, "；")
		}
		reqs = append(reqs, raiseReq{e.OrgID, e.EvaluationID, recheckOrigin(id, e.EvaluationID), jixiao.Rectification{Year: res.Sample.Year, Project: e.Project,
			Problem: problem, Source: jixiao.RectRecheck, Measure: "按复核意见核实评分依据、整改存在的问题，并附整改证明材料反馈"}})
	}
	if len(reqs) == 0 {
		return nil, 0, jixiao.Errorf(jixiao.EINVALID, "复核得分均不低于自评得分且没有复核意见，无需生成整改事项")
	}
	return a.raiseEach(ctx, u, reqs)
}

// RaiseFromEvaluation turns the problems a submitted self-evaluation
// states (存在的问题) into rectification items, one for each, the
// improvement measure of the same place (改进措施) its measure. It returns
// the items and how many of them are new.
func (a *App) RaiseFromEvaluation(ctx context.Context, evalID int64) ([]*jixiao.RectificationRecord, int, error) {
	u, info, err := a.evaluation(ctx, evalID, actRead)
	if err != nil {
		return nil, 0, err
	}
	if err := a.allow(ctx, u, actSample, info.OrgID); err != nil {
		return nil, 0, err
	}
	if info.Status != jixiao.StatusSubmitted && info.Status != jixiao.StatusAccepted {
		return nil, 0, jixiao.Errorf(jixiao.EINVALID, "该自评尚未提交，不能生成整改事项")
	}
	ev, _, err := a.db.LoadEvaluation(ctx, evalID)
	if err != nil {
		return nil, 0, err
	}
	var reqs []raiseReq
	for i, p := range ev.Problems {
		text := itemText(p)
		if text == "" {
			continue
		}
		measure := "按自评报告所列改进措施落实整改，并附整改证明材料反馈"
		if i < len(ev.Measures) {
			if m := itemText(ev.Measures[i]); m != "" {
				measure = m
			}
		}
		reqs = append(reqs, raiseReq{info.OrgID, evalID, selfOrigin(evalID, i+1), jixiao.Rectification{Year: info.Year, Project: projectName(info),
			Problem: "单位自评：" + text, Source: jixiao.RectSelf, Measure: measure}})
	}
	if len(reqs) == 0 {
		return nil, 0, jixiao.Errorf(jixiao.EINVALID, "该自评报告没有列出存在的问题，无需生成整改事项")
	}
	return a.raiseEach(ctx, u, reqs)
}

// RaiseFromReview turns the opinions the bureau wrote when it returned a
// self-evaluation (退回) into rectification items, source 审核: one for
// the overall opinion of each return and one for each comment made with
// it. It returns the items and how many of them are new (none when raised
// before).
func (a *App) RaiseFromReview(ctx context.Context, evalID int64) ([]*jixiao.RectificationRecord, int, error) {
	u, info, err := a.evaluation(ctx, evalID, actRead)
	if err != nil {
		return nil, 0, err
	}
	if err := a.allow(ctx, u, actSample, info.OrgID); err != nil {
		return nil, 0, err
	}
	ts, err := a.db.Transitions(ctx, evalID)
	if err != nil {
		return nil, 0, err
	}
	cs, err := a.db.Comments(ctx, evalID)
	if err != nil {
		return nil, 0, err
	}
	type opinion struct {
		origin, text string
	}
	var ops []opinion
	returns := map[int64]bool{}
	for _, t := range ts {
		if t.To != jixiao.StatusReturned {
			continue
		}
		returns[t.ID] = true
		if r := strings.TrimSpace(t.Reason); r != "" {
			ops = append(ops, opinion{reviewOrigin(evalID, "t", t.ID), r})
		}
	}
	for _, c := range cs {
		if returns[c.TransitionID] && strings.TrimSpace(c.Text) != "" {
			ops = append(ops, opinion{reviewOrigin(evalID, "c", c.ID), strings.TrimSpace(c.Text)})
		}
	}
	if len(ops) == 0 {
		return nil, 0, jixiao.Errorf(jixiao.EINVALID, "该自评没有退回时的审核意见，无需生成整改事项")
	}
	reqs := make([]raiseReq, len(ops))
	for i, o := range ops {
		reqs[i] = raiseReq{info.OrgID, evalID, o.origin, jixiao.Rectification{Year: info.Year, Project: projectName(info),
			Problem: "审核意见：" + o.text, Source: jixiao.RectReview, Measure: "按审核意见修改完善并落实整改，附整改证明材料反馈"}}
	}
	return a.raiseEach(ctx, u, reqs)
}

// raiseReq is an item to raise: its department, evaluation, origin and
// content.
type raiseReq struct {
	orgID, evalID int64
	origin        string
	item          jixiao.Rectification
}

// raiseEach raises each item once; it returns them all and how many are
// new.
func (a *App) raiseEach(ctx context.Context, u *jixiao.User, reqs []raiseReq) ([]*jixiao.RectificationRecord, int, error) {
	out := make([]*jixiao.RectificationRecord, 0, len(reqs))
	n := 0
	for _, q := range reqs {
		r, created, err := a.raise(ctx, u, q.orgID, q.evalID, q.origin, q.item)
		if err != nil {
			return nil, 0, err
		}
		if created {
			n++
		}
		out = append(out, r)
	}
	return out, n, nil
}

// itemText is a report item as one text: "标题：内容".
func itemText(it jixiao.Item) string {
	t, x := strings.TrimSpace(it.Title), strings.TrimSpace(it.Text)
	switch {
	case t == "":
		return x
	case x == "":
		return t
	}
	return t + "：" + x
}
