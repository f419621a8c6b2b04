package jixiao

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Monitoring rounds in the database (监控轮次): a bureau opens a round of
// mid-year monitoring for its departments, each department fills in its
// entry (the department's budget and each project's execution and
// indicators' progress) and submits it; the warnings are computed from the
// entry by the round's rules (MonitorRound.Warnings), never stored; the
// department disposes of each warned item within the rules' working days
// from the day it submitted, and an item left undisposed is escalated to
// the bureau (an in-app notice of the reminders job).

// States of a department's entry.
const (
	EntryOpen      = "待填报"
	EntrySubmitted = "已提交"
)

// Kinds of reminder about monitoring (TaskReminder.Kind): the department's
// warned items left undisposed after the deadline, told to the department
// and escalated to the bureau.
const (
	RemindMonitorOverdue  = "monitor-overdue"
	RemindMonitorEscalate = "monitor-escalate"
)

// Bounds of a round's and an entry's fields.
const (
	MaxRoundPeriod     = 50   // characters
	MaxMonitorText     = 2000 // characters of a cause or reason
	MaxMonitorName     = 200  // characters of a project's or indicator's name, a code, a target
	MaxEntryProjects   = 500  // projects of one entry
	MaxEntryIndicators = 50   // indicators of one project
	MaxRoundEntries    = MaxTaskAssignees
)

// MonitorRoundRecord is a stored round and its departments' entries.
type MonitorRoundRecord struct {
	ID       int64  `json:"id"`
	BureauID int64  `json:"bureau_id"`
	Bureau   string `json:"bureau,omitempty"`
	Year     int    `json:"year"`
	Period   string `json:"period"`
	CutOff   Date   `json:"cutoff"`
	Rules    string `json:"rules"`
	// RulesFileID and CalendarFileID are the uploaded warning-rules and
	// calendar versions (RuleFile) the round uses, chosen when it is
	// opened; 0: the server's file or the built-in ones.
	RulesFileID    int64 `json:"rules_file_id,omitempty"`
	CalendarFileID int64 `json:"calendar_file_id,omitempty"`
	// Calendar names the calendar the round counts working days on (set
	// when the round is read through the application).
	Calendar string `json:"calendar,omitempty"`
	// Deadline is the last day (inclusive) to fill in and submit; the task
	// of kind 监控 issued with the round carries it.
	Deadline  Date           `json:"deadline"`
	TaskID    int64          `json:"task_id,omitempty"`
	CreatedBy string         `json:"created_by,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	Entries   []MonitorEntry `json:"entries"`
}

// MonitorEntry is one department's part of a round.
type MonitorEntry struct {
	ID         int64  `json:"id"`
	RoundID    int64  `json:"round_id"`
	OrgID      int64  `json:"org_id"`
	Org        string `json:"org,omitempty"`
	AssigneeID int64  `json:"assignee_id,omitempty"` // its assignee of the round's task
	State      string `json:"state"`
	// WarnedOn is the day the entry was submitted: its warnings were
	// issued then, and the disposition deadline counts from it.
	WarnedOn     Date             `json:"warned_on,omitzero"`
	Department   *MonitorFunds    `json:"department,omitempty"`
	Projects     []MonitorProject `json:"projects,omitempty"`
	Dispositions []Disposition    `json:"dispositions,omitempty"`
	Version      int64            `json:"version"`
	UpdatedBy    string           `json:"updated_by,omitempty"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

// Entry returns the entry of organisation orgID, or nil.
func (r *MonitorRoundRecord) Entry(orgID int64) *MonitorEntry {
	for i := range r.Entries {
		if r.Entries[i].OrgID == orgID {
			return &r.Entries[i]
		}
	}
	return nil
}

// Title names the round: 2026年1—7月绩效运行监控.
func (r *MonitorRoundRecord) Title() string {
	p := strings.TrimSpace(r.Period)
	if p == "" {
		p = "截至" + r.CutOff.Chinese()
	}
	return fmt.Sprintf("%d年%s绩效运行监控", r.Year, p)
}

// Round is entry e of the round as the pure rules see it.
func (r *MonitorRoundRecord) Round(e *MonitorEntry) *MonitorRound {
	return &MonitorRound{Format: MonitorFormat, Year: r.Year, Period: r.Period, CutOff: r.CutOff, WarnedOn: e.WarnedOn,
		Org: e.Org, Unit: "万元", Rules: r.Rules, Department: e.Department, Projects: e.Projects, Dispositions: e.Dispositions}
}

// Validate checks a new round's own fields (not its organisations).
func (r *MonitorRoundRecord) Validate() error {
	var ps Problems
	if r.Year < 2000 || r.Year > 2200 {
		ps.add("year", "年度应为 2000 到 2200 之间的四位年份")
	}
	if utf8.RuneCountInString(r.Period) > MaxRoundPeriod {
		ps.add("period", "监控期间不能超过%d个字", MaxRoundPeriod)
	}
	if r.CutOff.IsZero() {
		ps.add("cutoff", "请填写数据截止日期")
	} else if r.CutOff.Year() != r.Year {
		ps.add("cutoff", "数据截止日期 %s 不在 %d 年", r.CutOff, r.Year)
	}
	if r.Deadline.IsZero() {
		ps.add("deadline", "请填写填报截止日期")
	} else if !r.CutOff.IsZero() && (r.Deadline.Before(r.CutOff) || r.CutOff.AddDays(MaxWarnDelay).Before(r.Deadline)) {
		ps.add("deadline", "填报截止日期应在数据截止日期 %s 之后的 %d 天内", r.CutOff, MaxWarnDelay)
	}
	if len(r.Entries) == 0 {
		ps.add("entries", "请至少选择一个部门")
	} else if len(r.Entries) > MaxRoundEntries {
		ps.add("entries", "一个监控轮次最多下发给%d个部门", MaxRoundEntries)
	}
	seen := map[int64]bool{}
	for _, e := range r.Entries {
		if seen[e.OrgID] {
			ps.add("entries", "同一部门重复选择")
			break
		}
		seen[e.OrgID] = true
	}
	return ps.Err()
}

// ValidateEntry checks an entry's data as the department fills it in:
// the bounds of its texts and lists, and the round's own rules
// (MonitorRound.Validate: budgets positive, amounts exact, percentages).
func (r *MonitorRoundRecord) ValidateEntry(e *MonitorEntry) error {
	var ps Problems
	if e.Department == nil {
		ps.add("department", "请填写部门整体的全年预算数和截至目前执行数")
	} else if utf8.RuneCountInString(e.Department.Cause) > MaxMonitorText {
		ps.add("department.cause", "执行偏差原因不能超过%d个字", MaxMonitorText)
	}
	if len(e.Projects) > MaxEntryProjects {
		ps.add("projects", "项目不能超过%d个", MaxEntryProjects)
		return ps.Err()
	}
	long := func(path, what, s string, n int) {
		if utf8.RuneCountInString(s) > n {
			ps.add(path, "%s不能超过%d个字", what, n)
		}
	}
	for i, p := range e.Projects {
		path := index("projects", i)
		long(join(path, "code"), "项目编码", p.Code, MaxMonitorName)
		long(join(path, "name"), "项目名称", p.Name, MaxMonitorName)
		long(join(path, "cause"), "执行偏差原因", p.Cause, MaxMonitorText)
		if len(p.Indicators) > MaxEntryIndicators {
			ps.add(join(path, "indicators"), "一个项目的指标不能超过%d个", MaxEntryIndicators)
			continue
		}
		for k, in := range p.Indicators {
			ip := index(join(path, "indicators"), k)
			long(join(ip, "name"), "指标名称", in.Name, MaxMonitorName)
			long(join(ip, "level1"), "一级指标", in.Level1, MaxMonitorName)
			long(join(ip, "target"), "年度指标值", in.Target.Text, MaxMonitorName)
			long(join(ip, "actual"), "截至目前完成值", in.Actual.Text, MaxMonitorName)
			long(join(ip, "reason"), "偏差原因", in.Reason, MaxMonitorText)
		}
	}
	if err := ps.Err(); err != nil {
		return err
	}
	return r.Round(e).Validate()
}

// MonitorEntryView is an entry with what the rules make of it on a day:
// its warnings and the state of each warned item's disposition (only
// once it is submitted), and the department's execution rate.
type MonitorEntryView struct {
	Entry    *MonitorEntry       `json:"entry"`
	Warnings []MonitorWarning    `json:"warnings"`
	Statuses []DispositionStatus `json:"statuses"`
	// Rate is the department's execution rate (a share), when filled in.
	Rate *decimal.Decimal `json:"rate,omitempty"`
	// Red and Yellow count its warnings by level; Pending its warned
	// items not yet due, Overdue those escalated.
	Red     int `json:"red"`
	Yellow  int `json:"yellow"`
	Pending int `json:"pending"`
	Overdue int `json:"overdue"`
}

// MonitorRoundView is a round with its entries' warnings, counted.
type MonitorRoundView struct {
	Round *MonitorRoundRecord `json:"round"`
	Today Date                `json:"today"`
	// TimeProgress is the share of the year elapsed at the cut-off date.
	TimeProgress decimal.Decimal    `json:"time_progress"`
	RulesTitle   string             `json:"rules_title"`
	WorkingDays  int                `json:"working_days"`
	Entries      []MonitorEntryView `json:"entries"`
	Red          int                `json:"red"`
	Yellow       int                `json:"yellow"`
	Submitted    int                `json:"submitted"`
	Overdue      int                `json:"overdue"` // warned items escalated: undisposed past the deadline, or disposed of late
	Pending      int                `json:"pending"`
	Disposed     int                `json:"disposed"`
}

// MonitorService keeps the monitoring rounds (internal/app implements it;
// policy.go decides who may do what).
type MonitorService interface {
	// OpenMonitorRound stores a round opened by the user's bureau for the
	// departments in its entries, and issues its task (监控).
	OpenMonitorRound(ctx context.Context, r *MonitorRoundRecord) error
	// MonitorRounds lists the rounds the user sees (a department only its
	// own entry of each), newest first.
	MonitorRounds(ctx context.Context) ([]*MonitorRoundRecord, error)
	// MonitorRound returns a round as the user may see it, with its
	// warnings and dispositions as of today.
	MonitorRound(ctx context.Context, id int64) (*MonitorRoundView, error)
	// SaveMonitorEntry saves a department's entry at version; submit also
	// submits it (its warnings are issued that day).
	SaveMonitorEntry(ctx context.Context, entryID, version int64, e *MonitorEntry, submit bool) (*MonitorEntry, error)
	// DisposeMonitorWarning records the department's disposition of a
	// warned item of a submitted entry.
	DisposeMonitorWarning(ctx context.Context, entryID, version int64, d Disposition) (*MonitorEntry, error)
	// MonitorReport writes the monitoring report (绩效运行监控报告) of
	// submitted entry entryID as of today in format (docx or html) and
	// returns its content type and file name.
	MonitorReport(ctx context.Context, entryID int64, format string, w io.Writer) (contentType, filename string, err error)
	// MonitorRoundReport writes the report of round roundID as a whole
	// (绩效运行监控汇总报告: every department the user sees in it) as of
	// today in format (docx, html or pdf).
	MonitorRoundReport(ctx context.Context, roundID int64, format string, w io.Writer) (contentType, filename string, err error)
}

// View applies rules, counting working days on cal, to every entry of the
// round as of today: a submitted entry's warnings and the state of its
// warned items' dispositions; an entry not submitted has none yet.
func (r *MonitorRoundRecord) View(rules *MonitorRules, cal *Workdays, today Date) *MonitorRoundView {
	num, den := TimeProgress(r.CutOff)
	v := &MonitorRoundView{Round: r, Today: today, TimeProgress: DivRound(num, den, 12), RulesTitle: rules.Title,
		WorkingDays: rules.Disposition.WorkingDays}
	if v.RulesTitle == "" {
		v.RulesTitle = rules.Name
	}
	for i := range r.Entries {
		e := &r.Entries[i]
		ev := MonitorEntryView{Entry: e}
		if d := e.Department; d != nil {
			if rate, ok := Ratio(d.Executed, d.Budget); ok {
				ev.Rate = &rate
			}
		}
		if e.State == EntrySubmitted {
			v.Submitted++
			round := r.Round(e)
			ev.Warnings = round.Warnings(rules)
			ev.Statuses = round.DispositionStatuses(ev.Warnings, rules, cal, today)
			for _, w := range ev.Warnings {
				if w.Level == WarnRed {
					ev.Red++
				} else {
					ev.Yellow++
				}
			}
			for _, s := range ev.Statuses {
				switch {
				case s.Escalated:
					ev.Overdue++
				case s.State == StatePending:
					ev.Pending++
				default:
					v.Disposed++
				}
			}
			v.Red += ev.Red
			v.Yellow += ev.Yellow
			v.Overdue += ev.Overdue
			v.Pending += ev.Pending
		}
		v.Entries = append(v.Entries, ev)
	}
	return v
}
