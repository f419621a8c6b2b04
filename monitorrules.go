package jixiao

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// MonitorRules are the warning rules of mid-year monitoring (监控预警规则):
// named, versioned data with their public sources, like a Rulebook. Every
// threshold is here; none is in code.
type MonitorRules struct {
	Name    string `json:"name" zh:"规则名称" jx:"required"`
	Title   string `json:"title,omitempty" zh:"规则标题"`
	Version string `json:"version,omitempty" zh:"版本"`
	Source  string `json:"source" zh:"依据" jx:"required"`
	// Milestones: the execution rate expected by the end of given months.
	Milestones   []Milestone       `json:"milestones,omitempty" zh:"执行进度节点"`
	TimeProgress *TimeProgressRule `json:"time_progress,omitempty" zh:"执行进度与时间进度"`
	GoalGap      *GoalGapRule      `json:"goal_gap,omitempty" zh:"目标进度与预算进度偏离"`
	Forecast     *ForecastRule     `json:"forecast,omitempty" zh:"预计不能完成目标"`
	Disposition  DispositionRule   `json:"disposition" zh:"预警处置期限" jx:"required"`
}

// Milestone warns when the execution rate is below Min at the end of Month.
type Milestone struct {
	Month  int             `json:"month" zh:"月份" jx:"required" doc:"该月月底，如 6"`
	Min    decimal.Decimal `json:"min" zh:"执行率下限" jx:"required" doc:"比例，如 0.4（40%）"`
	Level  WarnLevel       `json:"level" zh:"预警等级" jx:"required" doc:"红 或 黄"`
	Source string          `json:"source,omitempty" zh:"依据"`
}

// TimeProgressRule compares the execution rate with the time elapsed
// (时间进度): a ratio below Red is red, below Yellow yellow.
type TimeProgressRule struct {
	Red    decimal.Decimal `json:"red" zh:"红色预警下限" jx:"required" doc:"执行进度 ÷ 时间进度 低于此比例为红色预警，如 0.6"`
	Yellow decimal.Decimal `json:"yellow" zh:"黄色预警下限" jx:"required" doc:"低于此比例（不低于红色预警下限）为黄色预警，如 0.8"`
	Source string          `json:"source,omitempty" zh:"依据"`
}

// GoalGapRule warns when a project's goal progress and its execution rate
// are more than Points percentage points apart.
type GoalGapRule struct {
	Points decimal.Decimal `json:"points" zh:"偏离百分点" jx:"required" doc:"如 10"`
	Level  WarnLevel       `json:"level" zh:"预警等级" jx:"required"`
	Source string          `json:"source,omitempty" zh:"依据"`
}

// ForecastRule warns when an indicator's forecast attainment is below Min
// (a share of the target: 1 is 100%).
type ForecastRule struct {
	Min    decimal.Decimal `json:"min" zh:"预计完成程度下限" jx:"required" doc:"比例，1 即 100%"`
	Level  WarnLevel       `json:"level" zh:"预警等级" jx:"required"`
	Source string          `json:"source,omitempty" zh:"依据"`
}

// DispositionRule is the time a warned item has to be disposed of.
type DispositionRule struct {
	WorkingDays int    `json:"working_days" zh:"处置期限（工作日）" jx:"required"`
	Source      string `json:"source,omitempty" zh:"依据"`
}

// WarnLevel is a warning's level: 红 or 黄.
type WarnLevel string

// Warning levels.
const (
	WarnRed    WarnLevel = "红"
	WarnYellow WarnLevel = "黄"
)

// Enum lists the levels.
func (WarnLevel) Enum() []string { return []string{"红", "黄"} }

// UnmarshalText accepts 红, 黄, 红色, 黄色, red or yellow.
func (l *WarnLevel) UnmarshalText(b []byte) error {
	switch strings.TrimSpace(string(b)) {
	case "红", "红色", "red":
		*l = WarnRed
	case "黄", "黄色", "yellow":
		*l = WarnYellow
	default:
		return errorf("预警等级“%s”无效，应为 红 或 黄", string(b))
	}
	return nil
}

// Title is the level as users read it: 红色预警.
func (l WarnLevel) Title() string { return string(l) + "色预警" }

// MaxDispositionDays bounds a disposition deadline.
const MaxDispositionDays = 250

// Validate checks the rules' own consistency.
func (m *MonitorRules) Validate() error {
	var ps Problems
	if strings.TrimSpace(m.Name) == "" {
		ps.add("name", "规则名称不能为空")
	}
	if strings.TrimSpace(m.Source) == "" {
		ps.add("source", "须写明规则的依据")
	}
	level := func(path string, l WarnLevel) {
		if l != WarnRed && l != WarnYellow {
			ps.add(path, "预警等级应为 红 或 黄")
		}
	}
	months := map[int]bool{}
	for i, s := range m.Milestones {
		p := index("milestones", i)
		if s.Month < 1 || s.Month > 12 {
			ps.add(join(p, "month"), "月份应在 1 到 12 之间，实际为 %d", s.Month)
		} else if months[s.Month] {
			ps.add(join(p, "month"), "%d 月底的节点重复", s.Month)
		}
		months[s.Month] = true
		if !s.Min.IsPositive() || s.Min.GreaterThan(decimal.NewFromInt(1)) {
			ps.add(join(p, "min"), "执行率下限应为大于 0、不超过 1 的比例")
		}
		level(join(p, "level"), s.Level)
	}
	if t := m.TimeProgress; t != nil {
		if !t.Red.IsPositive() || t.Yellow.LessThan(t.Red) {
			ps.add("time_progress", "应满足 0 < 红色预警下限 ≤ 黄色预警下限")
		}
	}
	if g := m.GoalGap; g != nil {
		if !g.Points.IsPositive() || g.Points.GreaterThan(decimal.NewFromInt(100)) {
			ps.add("goal_gap.points", "偏离百分点应大于 0、不超过 100")
		}
		level("goal_gap.level", g.Level)
	}
	if f := m.Forecast; f != nil {
		if !f.Min.IsPositive() {
			ps.add("forecast.min", "预计完成程度下限应大于 0")
		}
		level("forecast.level", f.Level)
	}
	if d := m.Disposition.WorkingDays; d < 1 || d > MaxDispositionDays {
		ps.add("disposition.working_days", "处置期限应为 1 到 %d 个工作日，实际为 %d", MaxDispositionDays, d)
	}
	return ps.Err()
}

// Warning codes.
const (
	WarnMilestone    = "M01" // execution below the milestone rate
	WarnTimeProgress = "M02" // execution behind time progress
	WarnGoalGap      = "M03" // goal progress and execution apart
	WarnForecast     = "M04" // forecast attainment below target
)

// WarningTitles names every warning code.
var WarningTitles = map[string]string{
	WarnMilestone:    "执行率低于节点要求",
	WarnTimeProgress: "执行进度落后于时间进度",
	WarnGoalGap:      "目标完成进度与预算执行进度偏离",
	WarnForecast:     "预计不能完成年度指标值",
}

// MonitorWarning is one warning a round raises (监控预警): a stable code,
// red or yellow, the project (or 部门整体) it concerns, and a message with
// the numbers and the arithmetic.
type MonitorWarning struct {
	Code    string    `json:"code"`
	Level   WarnLevel `json:"level"`
	Subject string    `json:"subject"`
	Where   string    `json:"where"`
	Message string    `json:"message"`
	Numbers []Number  `json:"numbers"`
	Source  string    `json:"source,omitempty"`
}

// TimeProgress is the share of the year elapsed at the end of day d:
// (completed months + d's day ÷ the days of its month) ÷ 12, so that the
// end of June is exactly 50%. It returns the fraction's numerator and
// denominator, for exact comparisons.
func TimeProgress(d Date) (num, den decimal.Decimal) {
	dim := int64(daysIn(d.Year(), d.Month()))
	return decimal.NewFromInt((int64(d.Month())-1)*dim + int64(d.Day())), decimal.NewFromInt(12 * dim)
}

// Warnings applies the rules to a validated round: the department's and
// each project's execution against the milestone in force at the cut-off
// date and against the time progress; each project's goal progress
// against its execution; each indicator's forecast against the target.
func (r *MonitorRound) Warnings(m *MonitorRules) []MonitorWarning {
	var out []MonitorWarning
	unit := r.AmountUnit()
	if d := r.Department; d != nil {
		out = append(out, r.fundWarnings(m, DepartmentSubject, DepartmentSubject, d.Budget, d.Executed, unit)...)
	}
	for i := range r.Projects {
		p := &r.Projects[i]
		where := "项目“" + p.Name + "”"
		out = append(out, r.fundWarnings(m, p.Name, where, p.Budget, p.Executed, unit)...)
		if g := m.GoalGap; g != nil {
			if w, ok := goalGap(g, p, where, unit); ok {
				out = append(out, w)
			}
		}
		if f := m.Forecast; f != nil {
			for _, in := range p.Indicators {
				if in.Forecast.IsZero() || !in.Forecast.Numeric {
					continue
				}
				fc := share(in.Forecast)
				if !fc.LessThan(f.Min) {
					continue
				}
				out = append(out, MonitorWarning{
					Code: WarnForecast, Level: f.Level, Subject: p.Name, Where: where + " › 指标“" + in.Name + "”",
					Message: fmt.Sprintf("全年预计完成程度 %s，低于年度指标值的 %s%s", Percent(fc, 2), pct(f.Min), reasonNote(in.Reason)),
					Numbers: []Number{{"全年预计完成程度", Percent(fc, 2)}, {"下限", pct(f.Min)}, {"年度指标值", in.Target.Text}},
					Source:  f.Source,
				})
			}
		}
	}
	return out
}

// fundWarnings are the execution warnings of one budget.
func (r *MonitorRound) fundWarnings(m *MonitorRules, subject, where string, budget, executed decimal.Decimal, unit string) []MonitorWarning {
	var out []MonitorWarning
	rate, ok := Ratio(executed, budget)
	if !ok {
		return nil
	}
	arith := fmt.Sprintf("执行率 %s = %s ÷ %s %s", Percent(rate, 2), Grouped(executed, 2), Grouped(budget, 2), unit)
	if s, ok := m.milestone(r.CutOff); ok && executed.LessThan(s.Min.Mul(budget)) {
		out = append(out, MonitorWarning{
			Code: WarnMilestone, Level: s.Level, Subject: subject, Where: where,
			Message: fmt.Sprintf("%s，低于%d月底的%s", arith, s.Month, pct(s.Min)),
			Numbers: []Number{{"截至目前执行数", Grouped(executed, 2)}, {"全年预算数", Grouped(budget, 2)}, {"执行率", Percent(rate, 2)}, {fmt.Sprintf("%d月底要求", s.Month), pct(s.Min)}},
			Source:  s.Source,
		})
	}
	if t := m.TimeProgress; t != nil {
		num, den := TimeProgress(r.CutOff)
		tp := DivRound(num, den, 12)
		// rate ÷ tp = executed × den ÷ (budget × num), compared exactly.
		lhs, base := executed.Mul(den), budget.Mul(num)
		level, limit := WarnLevel(""), decimal.Zero
		switch {
		case lhs.LessThan(t.Red.Mul(base)):
			level, limit = WarnRed, t.Red
		case lhs.LessThan(t.Yellow.Mul(base)):
			level, limit = WarnYellow, t.Yellow
		}
		if level != "" {
			ratio := DivRound(lhs, base, 12)
			band := "低于" + pct(limit)
			if level == WarnYellow {
				band = fmt.Sprintf("在%s至%s之间", pct(t.Red), pct(t.Yellow))
			}
			out = append(out, MonitorWarning{
				Code: WarnTimeProgress, Level: level, Subject: subject, Where: where,
				Message: fmt.Sprintf("%s；时间进度 %s（截至%s）；执行进度为时间进度的 %s（%s ÷ %s），%s",
					arith, Percent(tp, 2), r.CutOff.Chinese(), Percent(ratio, 2), Percent(rate, 2), Percent(tp, 2), band),
				Numbers: []Number{{"执行率", Percent(rate, 2)}, {"时间进度", Percent(tp, 2)}, {"执行进度 ÷ 时间进度", Percent(ratio, 2)}},
				Source:  t.Source,
			})
		}
	}
	return out
}

// milestone is the latest milestone whose month has ended by d.
func (m *MonitorRules) milestone(d Date) (Milestone, bool) {
	var best Milestone
	found := false
	for _, s := range m.Milestones {
		end := DateOf(d.Year(), time.Month(s.Month), 1).MonthEnd()
		if !end.After(d) && (!found || s.Month > best.Month) {
			best, found = s, true
		}
	}
	return best, found
}

// goalGap compares a project's goal progress (stated, or the mean of its
// indicators' progress) with its execution rate.
func goalGap(g *GoalGapRule, p *MonitorProject, where, unit string) (MonitorWarning, bool) {
	var gp decimal.Decimal
	how, note := "总体目标完成进度", ""
	switch {
	case !p.GoalProgress.IsZero() && p.GoalProgress.Numeric:
		gp = share(p.GoalProgress)
	case len(p.Indicators) > 0:
		sum := decimal.Zero
		var parts []string
		for _, in := range p.Indicators {
			sum = sum.Add(in.Progress.Value)
			parts = append(parts, Plain(in.Progress.Value)+"%")
		}
		gp = sum.Shift(-2).Div(decimal.NewFromInt(int64(len(p.Indicators))))
		how, note = "目标完成进度", fmt.Sprintf("（%d个指标的平均数：(%s) ÷ %d）", len(p.Indicators), strings.Join(parts, " + "), len(p.Indicators))
	default:
		return MonitorWarning{}, false
	}
	diff := gp.Mul(p.Budget).Sub(p.Executed).Abs()
	if !diff.Mul(decimal.NewFromInt(100)).GreaterThan(g.Points.Mul(p.Budget)) {
		return MonitorWarning{}, false
	}
	rate, _ := Ratio(p.Executed, p.Budget)
	gap := DivRound(diff.Shift(2), p.Budget, 12)
	return MonitorWarning{
		Code: WarnGoalGap, Level: g.Level, Subject: p.Name, Where: where,
		Message: fmt.Sprintf("%s %s%s，预算执行率 %s（%s ÷ %s %s），相差 %s 个百分点，超过 %s 个百分点",
			how, Percent(gp, 2), note, Percent(rate, 2), Grouped(p.Executed, 2), Grouped(p.Budget, 2), unit, Fixed(gap, 2), Plain(g.Points)),
		Numbers: []Number{{"目标完成进度", Percent(gp, 2)}, {"预算执行率", Percent(rate, 2)}, {"相差（百分点）", Fixed(gap, 2)}, {"上限（百分点）", Plain(g.Points)}},
		Source:  g.Source,
	}, true
}

func reasonNote(reason string) string {
	if r := strings.TrimSpace(reason); r != "" {
		return "；所述原因：" + r
	}
	return "；未说明原因"
}

// pct writes a share as a percentage without trailing zeros: 0.4 → 40%.
func pct(s decimal.Decimal) string { return Plain(s.Shift(2)) + "%" }

// Grouped formats d half-up with places decimals and thousands separators:
// 1234567.891 → "1,234,567.89".
func Grouped(d decimal.Decimal, places int32) string {
	s := Fixed(d, places)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// Disposition states.
const (
	StateDone    = "已处置"
	StateLate    = "逾期后处置"
	StatePending = "待处置"
	StateOverdue = "已逾期"
)

// DispositionStatus is where a warned project (or the department) stands
// with its disposition on a given day: disposed of in time, late, pending
// with working days left, or overdue and escalated.
type DispositionStatus struct {
	Subject     string       `json:"subject"`
	Level       WarnLevel    `json:"level"` // the most severe of its warnings
	Codes       []string     `json:"codes"`
	WarnedOn    Date         `json:"warned_on"`
	Due         Date         `json:"due"`
	Disposition *Disposition `json:"disposition,omitempty"`
	State       string       `json:"state"`
	// Escalated: no disposition by the due date (升级处理).
	Escalated bool `json:"escalated"`
	// Left is the working days left after today, while pending.
	Left    int    `json:"left,omitempty"`
	Message string `json:"message"`
}

// DispositionStatuses says, for each project (and the department) with
// warnings, whether it was disposed of within the rules' working days
// from the day the warnings were issued (WarnedOn, else the cut-off
// date), counted on cal, as of today. A subject with no disposition
// after its due date is escalated; so is one disposed of late.
func (r *MonitorRound) DispositionStatuses(warnings []MonitorWarning, m *MonitorRules, cal *Workdays, today Date) []DispositionStatus {
	from := r.WarnedOn
	if from.IsZero() {
		from = r.CutOff
	}
	n := m.Disposition.WorkingDays
	due := cal.AddWorkingDays(from, n)
	byName := map[string]*DispositionStatus{}
	var order []string
	for _, w := range warnings {
		s, ok := byName[w.Subject]
		if !ok {
			s = &DispositionStatus{Subject: w.Subject, Level: w.Level, WarnedOn: from, Due: due}
			byName[w.Subject] = s
			order = append(order, w.Subject)
		}
		if w.Level == WarnRed {
			s.Level = WarnRed
		}
		if !contains(s.Codes, w.Code) {
			s.Codes = append(s.Codes, w.Code)
		}
	}
	// The earliest disposition of each subject counts; one dated after
	// today has not happened yet.
	var ds []Disposition
	for _, d := range r.Dispositions {
		if !d.Date.After(today) {
			ds = append(ds, d)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Date.Before(ds[j].Date) })
	for i := range ds {
		name, ok := r.subject(ds[i].Project)
		if s := byName[name]; ok && s != nil && s.Disposition == nil {
			s.Disposition = &ds[i]
		}
	}
	deadline := fmt.Sprintf("预警于%s下发，须在%d个工作日内（%s及以前）处置", from.Chinese(), n, due.Chinese())
	out := make([]DispositionStatus, 0, len(order))
	for _, name := range order {
		s := byName[name]
		switch d := s.Disposition; {
		case d != nil && !d.Date.After(due):
			s.State = StateDone
			s.Message = fmt.Sprintf("%s；%s已处置：%s（%s）", deadline, d.Date.Chinese(), d.Action, d.Reason)
		case d != nil:
			s.State, s.Escalated = StateLate, true
			s.Message = fmt.Sprintf("%s；%s才处置（%s），晚于期限，已升级处理", deadline, d.Date.Chinese(), d.Action)
		case today.After(due):
			s.State, s.Escalated = StateOverdue, true
			s.Message = fmt.Sprintf("%s；至%s未处置，已逾期（超过%d个工作日），升级处理", deadline, today.Chinese(), cal.WorkingDaysBetween(due, today))
		default:
			s.State = StatePending
			s.Left = cal.WorkingDaysBetween(today, due)
			s.Message = fmt.Sprintf("%s；尚余%d个工作日", deadline, s.Left)
		}
		out = append(out, *s)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
