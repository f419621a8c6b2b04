package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// MonitorInput is what a monitoring report states: a validated round, the
// rules it was checked by, their warnings, and the dispositions' status on
// Date, counted on the calendar named Calendar.
type MonitorInput struct {
	Round    *jixiao.MonitorRound
	Rules    *jixiao.MonitorRules
	Calendar string
	Date     jixiao.Date
	Warnings []jixiao.MonitorWarning
	Statuses []jixiao.DispositionStatus
}

// Monitoring builds the report of a monitoring round (绩效运行监控报告):
// the round and its time progress, budget execution per project with its
// warnings, indicator progress, every warning with its arithmetic, the
// dispositions and their deadlines, and the rules with their sources.
// Every figure comes from the data; nothing is written by hand.
func Monitoring(in MonitorInput) *Document {
	r, m := in.Round, in.Rules
	org := strings.TrimSpace(r.Org)
	d := &Document{Author: org, Title: []string{org, fmt.Sprintf("%d年%s绩效运行监控报告", r.Year, r.Period)}}
	d.Subject = strings.Join(d.Title, "")
	b := &builder{d: d}
	unit := r.AmountUnit()
	num, den := jixiao.TimeProgress(r.CutOff)
	tp := jixiao.Percent(jixiao.DivRound(num, den, 12), 2)
	byLevel := map[jixiao.WarnLevel]int{}
	bySubject := map[string][]string{}
	for _, w := range in.Warnings {
		byLevel[w.Level]++
		bySubject[w.Subject] = append(bySubject[w.Subject], string(w.Level)+" "+w.Code)
	}

	h1 := &counter{level: 1}
	b.heading(1, "%s监控概况", h1.next())
	rulesTitle := m.Title
	if rulesTitle == "" {
		rulesTitle = m.Name
	}
	b.para(fmt.Sprintf("本次监控数据截至%s，时间进度%s，共监控项目%d个%s。按“%s”（版本%s）检查，发现预警%d条，其中红色预警%d条、黄色预警%d条。",
		r.CutOff.Chinese(), tp, len(r.Projects), deptNote(r), rulesTitle, m.Version, len(in.Warnings), byLevel[jixiao.WarnRed], byLevel[jixiao.WarnYellow]))

	b.heading(1, "%s预算执行情况", h1.next())
	t := &Table{Caption: "表1：预算执行情况", Unit: "单位：" + unit, Widths: []int{5, 21, 15, 15, 12, 12, 20},
		Header: [][]Cell{{{Text: "序号"}, {Text: "项目"}, {Text: "全年预算数"}, {Text: "截至目前执行数"}, {Text: "执行率"}, {Text: "目标完成进度"}, {Text: "预警"}}}}
	n := 0
	// 预警 lists the levels and codes of the subject's warnings: 红 M01、黄 M02.
	row := func(name string, budget, executed decimal.Decimal, goal string) {
		n++
		rate, _ := jixiao.Ratio(executed, budget)
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(n), Align: "center"}, {Text: name}, {Text: jixiao.Grouped(budget, 2), Align: "right"},
			{Text: jixiao.Grouped(executed, 2), Align: "right"}, {Text: jixiao.Percent(rate, 2), Align: "right"}, {Text: goal, Align: "right"},
			{Text: strings.Join(bySubject[name], "、")}})
	}
	if dep := r.Department; dep != nil {
		row(jixiao.DepartmentSubject, dep.Budget, dep.Executed, "")
	}
	for _, p := range r.Projects {
		row(p.Name, p.Budget, p.Executed, p.GoalProgress.Text)
	}
	b.table(t)
	var causes []string
	if dep := r.Department; dep != nil && strings.TrimSpace(dep.Cause) != "" {
		causes = append(causes, jixiao.DepartmentSubject+"："+sentence(dep.Cause))
	}
	for _, p := range r.Projects {
		if strings.TrimSpace(p.Cause) != "" {
			causes = append(causes, p.Name+"："+sentence(p.Cause))
		}
	}
	if len(causes) > 0 {
		b.para("执行偏差原因：" + strings.Join(causes, ""))
	}

	b.heading(1, "%s绩效目标完成情况", h1.next())
	t = &Table{Caption: "表2：绩效指标完成进度", Widths: []int{15, 15, 12, 12, 12, 12, 22},
		Header: [][]Cell{{{Text: "项目"}, {Text: "指标"}, {Text: "年度指标值"}, {Text: "截至目前完成值"}, {Text: "目标完成进度"}, {Text: "全年预计完成程度"}, {Text: "偏差原因"}}}}
	for _, p := range r.Projects {
		for _, x := range p.Indicators {
			t.Rows = append(t.Rows, []Cell{{Text: p.Name}, {Text: x.Name}, {Text: x.Target.Text}, {Text: x.Actual.Text},
				{Text: x.Progress.Text, Align: "right"}, {Text: x.Forecast.Text, Align: "right"}, {Text: x.Reason}})
		}
	}
	if len(t.Rows) == 0 {
		b.para("本次监控未填报绩效指标。")
	} else {
		b.table(t)
	}

	b.heading(1, "%s预警情况", h1.next())
	if len(in.Warnings) == 0 {
		b.para("未发现预警。")
	} else {
		t = &Table{Caption: "表3：预警明细", Widths: []int{6, 9, 20, 20, 45},
			Header: [][]Cell{{{Text: "序号"}, {Text: "等级"}, {Text: "预警"}, {Text: "对象"}, {Text: "情况（含计算）"}}}}
		for i, w := range in.Warnings {
			t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: string(w.Level), Align: "center"},
				{Text: w.Code + " " + jixiao.WarningTitles[w.Code]}, {Text: w.Where}, {Text: w.Message}})
		}
		b.table(t)
	}

	b.heading(1, "%s预警处置情况", h1.next())
	if len(in.Statuses) == 0 {
		b.para("没有需要处置的预警。")
	} else {
		states := map[string]int{}
		for _, s := range in.Statuses {
			states[s.State]++
		}
		b.para(fmt.Sprintf("预警对象须在预警下发后%d个工作日内提出继续执行、调剂或取消的处置意见，工作日按“%s”计算。截至%s，有预警的%d个对象中，已处置%d个，待处置%d个，已逾期%d个，逾期后处置%d个。",
			m.Disposition.WorkingDays, in.Calendar, in.Date.Chinese(), len(in.Statuses),
			states[jixiao.StateDone], states[jixiao.StatePending], states[jixiao.StateOverdue], states[jixiao.StateLate]))
		t = &Table{Caption: "表4：预警处置", Widths: []int{18, 8, 14, 12, 10, 14, 24},
			Header: [][]Cell{{{Text: "对象"}, {Text: "等级"}, {Text: "处置期限"}, {Text: "状态"}, {Text: "处置方式"}, {Text: "处置日期"}, {Text: "处置理由"}}}}
		for _, s := range in.Statuses {
			t.Rows = append(t.Rows, dispositionCells(s))
		}
		b.table(t)
	}

	b.heading(1, "%s预警规则及依据", h1.next())
	b.para(sentence(m.Source))
	for _, s := range m.Milestones {
		b.para(fmt.Sprintf("%d月底执行率低于%s的，%s。%s", s.Month, jixiao.Percent(s.Min, 0), s.Level.Title(), sourceNote(s.Source)))
	}
	if x := m.TimeProgress; x != nil {
		b.para(fmt.Sprintf("执行进度低于时间进度的%s的，红色预警；在%s（含）至%s之间的，黄色预警。%s",
			jixiao.Percent(x.Red, 0), jixiao.Percent(x.Red, 0), jixiao.Percent(x.Yellow, 0), sourceNote(x.Source)))
	}
	if x := m.GoalGap; x != nil {
		b.para(fmt.Sprintf("目标完成进度与预算执行率相差超过%s个百分点的，%s。%s", jixiao.Plain(x.Points), x.Level.Title(), sourceNote(x.Source)))
	}
	if x := m.Forecast; x != nil {
		b.para(fmt.Sprintf("指标全年预计完成程度低于年度指标值的%s的，%s。%s", jixiao.Percent(x.Min, 0), x.Level.Title(), sourceNote(x.Source)))
	}
	b.para("时间进度 =（已过完的月数 + 当月已过天数 ÷ 当月天数）÷ 12；执行率 = 截至目前执行数 ÷ 全年预算数。")
	return d
}

func deptNote(r *jixiao.MonitorRound) string {
	dep := r.Department
	if dep == nil {
		return ""
	}
	rate, _ := jixiao.Ratio(dep.Executed, dep.Budget)
	return fmt.Sprintf("；部门整体全年预算%s%s，截至目前执行%s%s，执行率%s", jixiao.Grouped(dep.Budget, 2), r.AmountUnit(),
		jixiao.Grouped(dep.Executed, 2), r.AmountUnit(), jixiao.Percent(rate, 2))
}

func sourceNote(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return "依据：" + sentence(s)
}

// dispositionCells is a warned object's row of a disposition table: object,
// level, deadline, state (escalated, or working days left), action, date
// and reason.
func dispositionCells(s jixiao.DispositionStatus) []Cell {
	state := s.State
	if s.Escalated {
		state += "（已升级）"
	} else if s.State == jixiao.StatePending {
		state += fmt.Sprintf("（余%d个工作日）", s.Left)
	}
	action, date, reason := "", "", ""
	if dp := s.Disposition; dp != nil {
		action, date, reason = string(dp.Action), dp.Date.Chinese(), dp.Reason
	}
	return []Cell{{Text: s.Subject}, {Text: string(s.Level), Align: "center"}, {Text: s.Due.Chinese()},
		{Text: state}, {Text: action, Align: "center"}, {Text: date}, {Text: reason}}
}
