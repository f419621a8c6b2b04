package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// MonitorFormat is the format identifier a monitoring file declares.
const MonitorFormat = "jixiao-monitor/1"

// DepartmentSubject names the department as a whole where a project name
// would stand (in dispositions and warnings).
const DepartmentSubject = "部门整体"

// MonitorRound is one round of mid-year monitoring (绩效运行监控, 双监控)
// of a department: what was spent of each budget up to the cut-off date
// and, per indicator, the progress to date and the forecast of year-end
// attainment, with the dispositions of warned items.
type MonitorRound struct {
	Format string `json:"format,omitempty" zh:"格式版本" doc:"jixiao-monitor/1"`
	Year   int    `json:"year" zh:"年度" jx:"required"`
	// Period is the round as the bureau names it: 1—7月, 4月底.
	Period string `json:"period,omitempty" zh:"监控期间" doc:"如：1—7月、6月底"`
	CutOff Date   `json:"cutoff" zh:"数据截止日期" jx:"required" doc:"执行数和完成进度截至的日期，如 2026-06-30"`
	// WarnedOn is when the warnings were issued: the disposition deadline
	// counts working days from it (the cut-off date when not given).
	WarnedOn   Date             `json:"warned_on,omitempty" zh:"预警下发日期" doc:"处置期限从此日起按工作日计算；不填时为数据截止日期"`
	Org        string           `json:"org" zh:"单位名称" jx:"required"`
	Unit       string           `json:"unit,omitempty" zh:"金额单位" doc:"万元（默认）或 元"`
	Rules      string           `json:"rules,omitempty" zh:"预警规则" doc:"内置预警规则名；不填时用默认规则"`
	Department *MonitorFunds    `json:"department,omitempty" zh:"部门整体预算执行"`
	Projects   []MonitorProject `json:"projects,omitempty" zh:"项目"`
	// Dispositions are what the department decided on warned items.
	Dispositions []Disposition `json:"dispositions,omitempty" zh:"预警处置"`
}

// MonitorFunds is a budget and what was spent of it by the cut-off date.
type MonitorFunds struct {
	Budget   decimal.Decimal `json:"budget" zh:"全年预算数" jx:"required"`
	Executed decimal.Decimal `json:"executed" zh:"截至目前执行数" jx:"required"`
	Cause    string          `json:"cause,omitempty" zh:"执行偏差原因"`
}

// MonitorProject is one project's monitoring row.
type MonitorProject struct {
	Code     string          `json:"code,omitempty" zh:"项目编码"`
	Name     string          `json:"name" zh:"项目名称" jx:"required"`
	Budget   decimal.Decimal `json:"budget" zh:"全年预算数" jx:"required"`
	Executed decimal.Decimal `json:"executed" zh:"截至目前执行数" jx:"required"`
	// GoalProgress is the progress towards the year's goals as a share of
	// them ("45%"); when not given, the mean of the indicators' progress.
	GoalProgress Figure             `json:"goal_progress,omitempty" zh:"总体目标完成进度" doc:"百分数，如“45%”；不填时取各指标完成进度的平均数"`
	Cause        string             `json:"cause,omitempty" zh:"执行偏差原因"`
	Indicators   []MonitorIndicator `json:"indicators,omitempty" zh:"绩效指标"`
}

// MonitorIndicator is one indicator's progress in a round.
type MonitorIndicator struct {
	Level1 string `json:"level1,omitempty" zh:"一级指标"`
	Name   string `json:"name" zh:"指标名称" jx:"required"`
	Target Figure `json:"target,omitempty" zh:"年度指标值"`
	Actual Figure `json:"actual,omitempty" zh:"截至目前完成值"`
	// Progress is how much of the target is done by the cut-off date, as a
	// percentage of it ("45%").
	Progress Figure `json:"progress" zh:"目标完成进度" jx:"required" doc:"截至目前完成的部分占年度指标值的百分比，如“45%”"`
	// Forecast is the attainment expected at the year's end, as a
	// percentage of the target ("100%").
	Forecast Figure `json:"forecast,omitempty" zh:"全年预计完成程度" doc:"预计年底完成的部分占年度指标值的百分比，如“100%”"`
	Reason   string `json:"reason,omitempty" zh:"偏差原因"`
}

// DispositionAction is what is done with a warned item (预警处置方式).
type DispositionAction string

// The dispositions a warned item may get.
const (
	ActionContinue DispositionAction = "继续执行"
	ActionAdjust   DispositionAction = "调剂"
	ActionCancel   DispositionAction = "取消"
)

// Enum lists the dispositions.
func (DispositionAction) Enum() []string {
	return []string{string(ActionContinue), string(ActionAdjust), string(ActionCancel)}
}

// UnmarshalText accepts 继续执行, 调剂 or 取消.
func (a *DispositionAction) UnmarshalText(b []byte) error {
	t := strings.TrimSpace(string(b))
	for _, x := range a.Enum() {
		if t == x {
			*a = DispositionAction(x)
			return nil
		}
	}
	return errorf("处置方式“%s”无效，应为 继续执行、调剂 或 取消", t)
}

// Disposition is the decision on a warned project (or the department as
// a whole): continue, reallocate (调剂) or cancel, with the reason and the
// date it was made.
type Disposition struct {
	Project string            `json:"project" zh:"预警对象" jx:"required" doc:"项目编码或项目名称；部门整体写“部门整体”"`
	Action  DispositionAction `json:"action" zh:"处置方式" jx:"required" doc:"继续执行、调剂 或 取消"`
	Reason  string            `json:"reason" zh:"处置理由" jx:"required"`
	Date    Date              `json:"date" zh:"处置日期" jx:"required"`
}

// MaxWarnDelay is how many days after the cut-off date warnings may be
// issued.
const MaxWarnDelay = 366

// MaxMonitorProjects bounds the projects of one round, and its
// dispositions.
const MaxMonitorProjects = 20_000

// Validate checks a round: the cut-off in its year, budgets positive,
// amounts not negative and stored exactly, percentages stated as
// percentages, and every disposition naming a project of the round.
func (r *MonitorRound) Validate() error {
	var ps Problems
	if r.Format != "" && r.Format != MonitorFormat {
		ps.add("format", "格式版本应为 %s，实际为“%s”", MonitorFormat, r.Format)
	}
	if r.Year < 1900 || r.Year > 2999 {
		ps.add("year", "年度应在 1900 到 2999 之间，实际为 %d", r.Year)
	}
	if r.CutOff.IsZero() {
		ps.add("cutoff", "须写明数据截止日期")
	} else if r.CutOff.Year() != r.Year {
		ps.add("cutoff", "数据截止日期 %s 不在 %d 年", r.CutOff, r.Year)
	}
	if !r.WarnedOn.IsZero() && !r.CutOff.IsZero() {
		if r.WarnedOn.Before(r.CutOff) {
			ps.add("warned_on", "预警下发日期 %s 早于数据截止日期 %s", r.WarnedOn, r.CutOff)
		} else if r.CutOff.AddDays(MaxWarnDelay).Before(r.WarnedOn) {
			ps.add("warned_on", "预警下发日期 %s 晚于数据截止日期 %s 超过 %d 天", r.WarnedOn, r.CutOff, MaxWarnDelay)
		}
	}
	if strings.TrimSpace(r.Org) == "" {
		ps.add("org", "单位名称不能为空")
	}
	validateUnit("unit", r.Unit, &ps)
	if r.Department != nil {
		r.Department.validate("department", &ps)
	}
	if len(r.Projects) > MaxMonitorProjects {
		ps.add("projects", "项目超过 %d 个", MaxMonitorProjects)
		return ps.Err()
	}
	seen := map[string]int{}
	for i := range r.Projects {
		p := &r.Projects[i]
		path := index("projects", i)
		if strings.TrimSpace(p.Name) == "" {
			ps.add(join(path, "name"), "项目名称不能为空")
		}
		if p.Name == DepartmentSubject {
			ps.add(join(path, "name"), "项目名称不能是“%s”", DepartmentSubject)
		}
		for _, key := range []string{p.Code, p.Name} {
			if key == "" {
				continue
			}
			if j, dup := seen[key]; dup && j != i {
				ps.add(path, "“%s”与第 %d 个项目重复", key, j+1)
			}
			seen[key] = i
		}
		(&MonitorFunds{Budget: p.Budget, Executed: p.Executed}).validate(path, &ps)
		validatePercent(join(path, "goal_progress"), p.GoalProgress, false, &ps)
		for k, in := range p.Indicators {
			ip := index(join(path, "indicators"), k)
			if strings.TrimSpace(in.Name) == "" {
				ps.add(join(ip, "name"), "指标名称不能为空")
			}
			validatePercent(join(ip, "progress"), in.Progress, true, &ps)
			validatePercent(join(ip, "forecast"), in.Forecast, false, &ps)
		}
	}
	if len(r.Dispositions) > MaxMonitorProjects {
		ps.add("dispositions", "预警处置超过 %d 条", MaxMonitorProjects)
		return ps.Err()
	}
	for i, d := range r.Dispositions {
		path := index("dispositions", i)
		if _, ok := r.subject(d.Project); !ok {
			ps.add(join(path, "project"), "“%s”不是本轮监控中的项目（写项目编码或名称，部门整体写“%s”）", d.Project, DepartmentSubject)
		}
		if strings.TrimSpace(d.Reason) == "" {
			ps.add(join(path, "reason"), "须写明处置理由")
		}
		if d.Date.IsZero() {
			ps.add(join(path, "date"), "须写明处置日期")
		} else if !r.CutOff.IsZero() && d.Date.Before(r.CutOff) {
			ps.add(join(path, "date"), "处置日期 %s 早于数据截止日期 %s", d.Date, r.CutOff)
		}
	}
	return ps.Err()
}

func (f *MonitorFunds) validate(path string, ps *Problems) {
	if !f.Budget.IsPositive() {
		ps.add(join(path, "budget"), "全年预算数应大于 0")
	}
	if f.Executed.IsNegative() {
		ps.add(join(path, "executed"), "执行数不能为负数")
	}
	validateAmount(join(path, "budget"), &f.Budget, ps)
	validateAmount(join(path, "executed"), &f.Executed, ps)
}

// validatePercent checks that a figure is a percentage from 0 up.
func validatePercent(path string, f Figure, required bool, ps *Problems) {
	if f.IsZero() {
		if required {
			ps.add(path, "须填写百分数，如“45%%”")
		}
		return
	}
	if !f.Numeric || f.Unit != "%" || f.Op != OpNone {
		ps.add(path, "应为百分数，如“45%%”，实际为“%s”", f.Text)
		return
	}
	if f.Value.IsNegative() {
		ps.add(path, "百分数不能为负数")
	}
}

// share is a percentage figure as a share: 45% → 0.45.
func share(f Figure) decimal.Decimal { return f.Value.Shift(-2) }

// subject finds the project a disposition or warning names (by code or
// name), or the department; the key is the project's name or
// DepartmentSubject.
func (r *MonitorRound) subject(ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == DepartmentSubject {
		return ref, r.Department != nil
	}
	for i := range r.Projects {
		p := &r.Projects[i]
		if ref != "" && (ref == p.Code || ref == p.Name) {
			return p.Name, true
		}
	}
	return "", false
}

// AmountUnit is the unit amounts are stated in (万元 unless given).
func (r *MonitorRound) AmountUnit() string { return unitOrDefault(r.Unit) }
