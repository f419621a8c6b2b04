package app

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/report"
	"jixiao/internal/sqlstore"
)

// Monitoring rounds (绩效运行监控, see jixiao.MonitorRoundRecord and
// policy.go): a bureau opens a round for departments it sees, which issues
// a task of kind 监控 with the round's deadline (the reminders job reminds
// the departments of it); each department fills in and submits its entry;
// the warnings and the dispositions' states are computed by the round's
// rules on the working-day calendar, as of the store's today (China
// Standard Time). The reminders job escalates a department's warned items
// left undisposed after the deadline to the bureau (escalateMonitoring).

var _ jixiao.MonitorService = (*App)(nil)

// monitorCalendar is the server's working-day calendar (App.Calendar),
// or the built-in one.
func (a *App) monitorCalendar() (*jixiao.Calendar, error) {
	if a.Calendar != nil {
		return a.Calendar, nil
	}
	return monitoring.Calendar()
}

// rules returns the warning rules named: the server's (App.MonitorRules)
// when the name is theirs, otherwise built-in rules; "" is the server's
// rules or, without them, the default built-in rules.
func (a *App) rules(name string) (*jixiao.MonitorRules, error) {
	if m := a.MonitorRules; m != nil && (name == "" || name == m.Name) {
		return m, nil
	}
	if name == "" {
		name = monitoring.DefaultRules
	}
	m, err := monitoring.BuiltinRules(name)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "预警规则“%s”既不是内置规则，也不是本系统配置的规则（可选：%s）", name, strings.Join(a.ruleNames(), "、"))
	}
	return m, nil
}

// ruleNames lists the rules a round may name: the server's first.
func (a *App) ruleNames() []string {
	var out []string
	if a.MonitorRules != nil {
		out = append(out, a.MonitorRules.Name)
	}
	for _, n := range monitoring.RuleNames() {
		if a.MonitorRules == nil || n != a.MonitorRules.Name {
			out = append(out, n)
		}
	}
	return out
}

// OpenMonitorRound stores round r opened by the user's organisation (an
// administrator names the bureau in r.BureauID) for the departments of its
// entries, with its task.
func (a *App) OpenMonitorRound(ctx context.Context, r *jixiao.MonitorRoundRecord) error {
	u, err := actor(ctx)
	if err != nil {
		return err
	}
	if u.Role != jixiao.RoleAdmin {
		r.BureauID = u.OrgID
	}
	if r.RulesFileID != 0 && r.Rules != "" {
		return jixiao.Errorf(jixiao.EINVALID, "预警规则只能选一种：内置规则“%s”或上传的版本", r.Rules)
	}
	rules, err := a.roundRules(ctx, r)
	if err != nil {
		return err
	}
	if _, err := a.roundCalendar(ctx, r); err != nil {
		return err
	}
	r.Rules = rules.Name
	if err := r.Validate(); err != nil {
		return err
	}
	for _, e := range r.Entries {
		if err := a.allow(ctx, u, actIssue, e.OrgID); err != nil {
			return err
		}
	}
	if r.BureauID == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "请选择组织监控的财政部门")
	}
	if err := a.allow(ctx, u, actIssue, r.BureauID); err != nil {
		return err
	}
	t := &jixiao.Task{Kind: jixiao.TaskMonitor, Title: r.Title(), BureauID: r.BureauID, Deadline: r.Deadline, RemindDays: 3,
		Note: fmt.Sprintf("填报截至%s的预算执行和绩效目标完成情况（数据截止日期）。", r.CutOff.Chinese())}
	for _, e := range r.Entries {
		t.Assignees = append(t.Assignees, jixiao.TaskAssignee{OrgID: e.OrgID})
	}
	return a.db.CreateMonitorRound(ctx, u, r, t)
}

// MonitorRounds lists the rounds the user sees: those opened by
// organisations in their scope, with every entry, and those with entries
// of organisations in their scope, with only those entries.
func (a *App) MonitorRounds(ctx context.Context) ([]*jixiao.MonitorRoundRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	if all {
		return a.db.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{})
	}
	if len(ids) > 1000 {
		ids = ids[:1000]
	}
	opened, err := issuedAndGiven(ctx, a.db.MonitorRounds, sqlstore.MonitorRoundFilter{BureauIDs: ids}, sqlstore.MonitorRoundFilter{OrgIDs: ids},
		func(r *jixiao.MonitorRoundRecord) int64 { return r.ID })
	if err != nil {
		return nil, err
	}
	sort.SliceStable(opened, func(i, j int) bool {
		if opened[i].CutOff != opened[j].CutOff {
			return opened[j].CutOff.Before(opened[i].CutOff)
		}
		return opened[i].ID > opened[j].ID
	})
	return opened, nil
}

// MonitorRound returns round id as the user may see it (every entry when
// they see its bureau, otherwise only theirs; ENOTFOUND when none), with
// the warnings and dispositions as of the store's today.
func (a *App) MonitorRound(ctx context.Context, id int64) (*jixiao.MonitorRoundView, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.db.MonitorRound(ctx, id)
	if err != nil {
		return nil, hide(err)
	}
	if r, err = a.trimRound(ctx, u, r); err != nil {
		return nil, err
	}
	return a.viewRound(ctx, r)
}

// viewRound computes round r's warnings and dispositions as of today, on
// the round's rules and calendar (which it names in r.Calendar).
func (a *App) viewRound(ctx context.Context, r *jixiao.MonitorRoundRecord) (*jixiao.MonitorRoundView, error) {
	rules, err := a.roundRules(ctx, r)
	if err != nil {
		return nil, err
	}
	c, err := a.roundCalendar(ctx, r)
	if err != nil {
		return nil, err
	}
	cal, err := c.Compile()
	if err != nil {
		return nil, err
	}
	r.Calendar = c.Title
	if r.Calendar == "" {
		r.Calendar = c.Name
	}
	return r.View(rules, cal, jixiao.TaskDay(a.db.Now())), nil
}

func (a *App) trimRound(ctx context.Context, u *jixiao.User, r *jixiao.MonitorRoundRecord) (*jixiao.MonitorRoundRecord, error) {
	ok, err := a.sees(ctx, u, r.BureauID)
	if err != nil || ok {
		return r, err
	}
	var mine []jixiao.MonitorEntry
	for _, e := range r.Entries {
		ok, err := a.sees(ctx, u, e.OrgID)
		if err != nil {
			return nil, err
		}
		if ok {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
	}
	r.Entries = mine
	return r, nil
}

// entry loads entry id for act on its department.
func (a *App) entry(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.MonitorRoundRecord, *jixiao.MonitorEntry, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	r, e, err := a.db.MonitorEntryRound(ctx, id)
	if err != nil {
		return nil, nil, nil, hide(err)
	}
	if err := a.allow(ctx, u, act, e.OrgID); err != nil {
		return nil, nil, nil, err
	}
	return u, r, e, nil
}

// SaveMonitorEntry saves the department's data of entry entryID at
// version (its funds and projects; the rest of e is ignored) and, with
// submit, submits it: its warnings are issued on the store's today.
func (a *App) SaveMonitorEntry(ctx context.Context, entryID, version int64, e *jixiao.MonitorEntry, submit bool) (*jixiao.MonitorEntry, error) {
	u, r, old, err := a.entry(ctx, entryID, actMonitor)
	if err != nil {
		return nil, err
	}
	next := *old
	next.Version, next.Department, next.Projects, next.Dispositions = version, e.Department, e.Projects, nil
	if next.Department != nil || len(next.Projects) > 0 || submit {
		if err := r.ValidateEntry(&next); err != nil {
			return nil, err
		}
	}
	today := jixiao.TaskDay(a.db.Now())
	if submit && today.Before(r.CutOff) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "数据截止日期（%s）之后才能提交监控填报", r.CutOff.Chinese())
	}
	if err := a.db.SaveMonitorEntry(ctx, u, &next, submit, today); err != nil {
		return nil, err
	}
	return &next, nil
}

// DisposeMonitorWarning records disposition d of a warned item (a
// project's code or name, or 部门整体) of submitted entry entryID at
// version, dated the store's today when d has no date.
func (a *App) DisposeMonitorWarning(ctx context.Context, entryID, version int64, d jixiao.Disposition) (*jixiao.MonitorEntry, error) {
	u, r, e, err := a.entry(ctx, entryID, actMonitor)
	if err != nil {
		return nil, err
	}
	if e.State != jixiao.EntrySubmitted {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "监控填报提交后才能处置预警")
	}
	today := jixiao.TaskDay(a.db.Now())
	if d.Date.IsZero() {
		d.Date = today
	}
	d.Reason = strings.TrimSpace(d.Reason)
	switch {
	case !validAction(d.Action):
		return nil, jixiao.Errorf(jixiao.EINVALID, "处置方式应为 继续执行、调剂 或 取消")
	case d.Reason == "":
		return nil, jixiao.Errorf(jixiao.EINVALID, "请写明处置理由")
	case utf8.RuneCountInString(d.Reason) > jixiao.MaxMonitorText:
		return nil, jixiao.Errorf(jixiao.EINVALID, "处置理由不能超过%d个字", jixiao.MaxMonitorText)
	case d.Date.After(today):
		return nil, jixiao.Errorf(jixiao.EINVALID, "处置日期 %s 晚于今天", d.Date)
	case d.Date.Before(e.WarnedOn):
		return nil, jixiao.Errorf(jixiao.EINVALID, "处置日期 %s 早于预警下发日期 %s", d.Date, e.WarnedOn)
	}
	v, err := a.viewRound(ctx, &jixiao.MonitorRoundRecord{ID: r.ID, Year: r.Year, Period: r.Period, CutOff: r.CutOff, Rules: r.Rules,
		RulesFileID: r.RulesFileID, CalendarFileID: r.CalendarFileID, Entries: []jixiao.MonitorEntry{*e}})
	if err != nil {
		return nil, err
	}
	warned := false
	for _, s := range v.Entries[0].Statuses {
		if s.Subject == d.Project || subjectCode(e, s.Subject) == d.Project {
			if p := s.Disposition; p != nil {
				return nil, jixiao.Errorf(jixiao.ECONFLICT, "“%s”的预警已于%s处置（%s），不能再次处置", s.Subject, p.Date.Chinese(), p.Action)
			}
			warned, d.Project = true, s.Subject
		}
	}
	if !warned {
		return nil, jixiao.Errorf(jixiao.EINVALID, "“%s”没有预警，无需处置", d.Project)
	}
	nv, err := a.db.AddMonitorDisposition(ctx, u, entryID, version, d)
	if err != nil {
		return nil, err
	}
	// The warning becomes a rectification item of the department (the
	// reminders run raises it too, should this fail).
	for _, s := range v.Entries[0].Statuses {
		if s.Subject == d.Project {
			s.Disposition = &d
			if err := a.raiseWarning(ctx, u, r, e, v.Entries[0].Warnings, s); err != nil {
				return nil, err
			}
		}
	}
	e.Dispositions = append(e.Dispositions, d)
	e.Version = nv
	return e, nil
}

func validAction(x jixiao.DispositionAction) bool {
	for _, s := range x.Enum() {
		if string(x) == s {
			return true
		}
	}
	return false
}

// subjectCode is the code of the project named name in e ("" if none).
func subjectCode(e *jixiao.MonitorEntry, name string) string {
	for _, p := range e.Projects {
		if p.Name == name {
			return p.Code
		}
	}
	return ""
}

// MonitorReport writes the monitoring report of submitted entry entryID
// (read on its department), with its warnings and the dispositions' states
// as of the store's today; a PDF is printed from the DOCX (servers queue it
// as a job: StartMonitorReport).
func (a *App) MonitorReport(ctx context.Context, entryID int64, format string, w io.Writer) (string, string, error) {
	if format != "docx" && format != "html" && format != "pdf" {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "监控报告格式“%s”不支持，应为 docx、html 或 pdf", format)
	}
	_, r, e, err := a.entry(ctx, entryID, actRead)
	if err != nil {
		return "", "", err
	}
	if e.State != jixiao.EntrySubmitted {
		return "", "", jixiao.Errorf(jixiao.ECONFLICT, "监控填报提交后才有监控报告")
	}
	rules, err := a.roundRules(ctx, r)
	if err != nil {
		return "", "", err
	}
	c, err := a.roundCalendar(ctx, r)
	if err != nil {
		return "", "", err
	}
	cal, err := c.Compile()
	if err != nil {
		return "", "", err
	}
	today := jixiao.TaskDay(a.db.Now())
	round := r.Round(e)
	ws := round.Warnings(rules)
	doc := report.Monitoring(report.MonitorInput{Round: round, Rules: rules, Calendar: c.Title, Date: today, Warnings: ws,
		Statuses: round.DispositionStatuses(ws, rules, cal, today)})
	ctype, err := a.writeDocument(ctx, format, doc, w)
	if err != nil {
		return "", "", err
	}
	return ctype, fmt.Sprintf("%s-%s报告.%s", e.Org, r.Title(), format), nil
}

// errNoneSubmitted refuses the report of a round no department has
// submitted an entry of.
var errNoneSubmitted = jixiao.Errorf(jixiao.ECONFLICT, "本轮尚无部门提交监控填报，有部门提交后才有汇总报告")

// MonitorRoundReport writes the report of round roundID as a whole, as
// the user sees it (a bureau every department, a department its own
// entry), with the warnings and the dispositions' states as of the
// store's today; a PDF is printed from the DOCX (servers queue it as a
// job: StartMonitorRoundReport).
func (a *App) MonitorRoundReport(ctx context.Context, roundID int64, format string, w io.Writer) (string, string, error) {
	if format != "docx" && format != "html" && format != "pdf" {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "监控汇总报告格式“%s”不支持，应为 docx、html 或 pdf", format)
	}
	v, err := a.MonitorRound(ctx, roundID)
	if err != nil {
		return "", "", err
	}
	if v.Submitted == 0 {
		return "", "", errNoneSubmitted
	}
	rules, err := a.roundRules(ctx, v.Round)
	if err != nil {
		return "", "", err
	}
	c, err := a.roundCalendar(ctx, v.Round)
	if err != nil {
		return "", "", err
	}
	doc := report.MonitoringRound(report.RoundInput{View: v, Rules: rules, Calendar: c.Title})
	ctype, err := a.writeDocument(ctx, format, doc, w)
	if err != nil {
		return "", "", err
	}
	return ctype, fmt.Sprintf("%s汇总报告.%s", v.Round.Title(), format), nil
}

// maxEscalateRounds bounds the rounds one reminders run looks at.
const maxEscalateRounds = 500

// escalateMonitoring records, once per department and round, the notices
// of warned items left undisposed after their deadline on today: to the
// department and, escalated, to the bureau that opened the round. add
// records one (false when it was recorded before).
func (a *App) escalateMonitoring(ctx context.Context, today jixiao.Date, add func(*jixiao.TaskReminder) error) error {
	rs, err := a.db.SubmittedMonitorRounds(ctx, today.AddDays(-2*366), maxEscalateRounds)
	if err != nil {
		return err
	}
	for _, r := range rs {
		rules, err := a.roundRules(ctx, r)
		if err != nil {
			return err
		}
		cal, err := a.roundWorkdays(ctx, r)
		if err != nil {
			return err
		}
		v := r.View(rules, cal, today)
		for _, ev := range v.Entries {
			// Every warning disposed of or escalated is a rectification
			// item of the department (raised once).
			for _, s := range ev.Statuses {
				if s.Disposition != nil || s.Escalated {
					if err := a.raiseWarning(ctx, nil, r, ev.Entry, ev.Warnings, s); err != nil {
						return err
					}
				}
			}
			if ev.Entry.AssigneeID == 0 {
				continue
			}
			var late []string
			due := jixiao.Date{}
			for _, s := range ev.Statuses {
				if s.State == jixiao.StateOverdue {
					late = append(late, s.Subject)
					due = s.Due
				}
			}
			if len(late) == 0 {
				continue
			}
			what := fmt.Sprintf("“%s”中%s的%d项预警（%s）须在%s及以前处置，至%s仍未处置", r.Title(), ev.Entry.Org, len(late), strings.Join(late, "、"), due.Chinese(), today.Chinese())
			if err := add(&jixiao.TaskReminder{AssigneeID: ev.Entry.AssigneeID, Kind: jixiao.RemindMonitorOverdue, OrgID: ev.Entry.OrgID,
				Message: "【处置逾期】" + what + "，已升级处理，请尽快处置。"}); err != nil {
				return err
			}
			if err := add(&jixiao.TaskReminder{AssigneeID: ev.Entry.AssigneeID, Kind: jixiao.RemindMonitorEscalate, OrgID: r.BureauID,
				Message: "【预警处置逾期督办】" + what + "。"}); err != nil {
				return err
			}
		}
	}
	return nil
}
