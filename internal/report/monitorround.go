package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// RoundInput is what a whole round's monitoring report states: the
// round's view as of its day (every department's entry, warnings and
// dispositions' states), the rules and the calendar's name.
type RoundInput struct {
	View     *jixiao.MonitorRoundView
	Rules    *jixiao.MonitorRules
	Calendar string
}

// MonitoringRound builds the monitoring report of a whole round for the
// bureau (绩效运行监控汇总报告): which departments submitted, each
// department's execution and warnings, the warnings counted by rule and
// colour, and the dispositions of every warned item. Every total is the
// sum of the rows above it, as the report says.
func MonitoringRound(in RoundInput) *Document {
	v, m := in.View, in.Rules
	r := v.Round
	bureau := strings.TrimSpace(r.Bureau)
	d := &Document{Author: bureau, Title: []string{bureau, r.Title() + "汇总报告"}}
	d.Subject = strings.Join(d.Title, "")
	b := &builder{d: d}
	h1 := &counter{level: 1}
	rulesTitle := m.Title
	if rulesTitle == "" {
		rulesTitle = m.Name
	}
	var missing []string
	for _, e := range v.Entries {
		if e.Entry.State != jixiao.EntrySubmitted {
			missing = append(missing, e.Entry.Org)
		}
	}
	states := map[string]int{}
	for _, e := range v.Entries {
		for _, s := range e.Statuses {
			states[s.State]++
		}
	}

	b.heading(1, "%s监控概况", h1.next())
	b.para(fmt.Sprintf("本轮监控数据截至%s，时间进度%s，填报截止日期%s，共%d个部门，已提交%d个。按“%s”（版本%s）检查，已提交的部门共有预警%d条，其中红色预警%d条、黄色预警%d条；截至%s，有预警的对象%d个，已处置%d个，逾期后处置%d个，待处置%d个，已逾期%d个。",
		r.CutOff.Chinese(), jixiao.Percent(v.TimeProgress, 2), r.Deadline.Chinese(), len(v.Entries), v.Submitted, rulesTitle, m.Version,
		v.Red+v.Yellow, v.Red, v.Yellow, v.Today.Chinese(), states[jixiao.StateDone]+states[jixiao.StateLate]+states[jixiao.StatePending]+states[jixiao.StateOverdue],
		states[jixiao.StateDone], states[jixiao.StateLate], states[jixiao.StatePending], states[jixiao.StateOverdue]))
	if len(missing) > 0 {
		b.para(fmt.Sprintf("尚未提交的部门（%d个）：%s。未提交的部门没有预警，不计入下列合计。", len(missing), strings.Join(missing, "、")))
	}

	b.heading(1, "%s各部门预算执行和预警", h1.next())
	t := &Table{Caption: "表1：各部门预算执行和预警", Unit: "单位：万元", Widths: []int{5, 19, 13, 13, 10, 7, 7, 7, 9, 10},
		Header: [][]Cell{{{Text: "序号"}, {Text: "部门"}, {Text: "全年预算数"}, {Text: "截至目前执行数"}, {Text: "执行率"}, {Text: "项目数"},
			{Text: "红色预警"}, {Text: "黄色预警"}, {Text: "待处置"}, {Text: "已逾期"}}}}
	var budget, executed decimal.Decimal
	var projects, red, yellow, pending, overdue, funded int
	for i, e := range v.Entries {
		if e.Entry.State != jixiao.EntrySubmitted {
			t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: e.Entry.Org}, {Text: "未提交", ColSpan: 8, Align: "center"}})
			continue
		}
		bud, exe, rate := "—", "—", "—"
		if dep := e.Entry.Department; dep != nil {
			funded++
			budget, executed = budget.Add(dep.Budget), executed.Add(dep.Executed)
			bud, exe = jixiao.Grouped(dep.Budget, 2), jixiao.Grouped(dep.Executed, 2)
			if e.Rate != nil {
				rate = jixiao.Percent(*e.Rate, 2)
			}
		}
		projects += len(e.Entry.Projects)
		red, yellow, pending, overdue = red+e.Red, yellow+e.Yellow, pending+e.Pending, overdue+e.Overdue
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: e.Entry.Org}, {Text: bud, Align: "right"}, {Text: exe, Align: "right"},
			{Text: rate, Align: "right"}, {Text: fmt.Sprint(len(e.Entry.Projects)), Align: "right"}, {Text: fmt.Sprint(e.Red), Align: "right"},
			{Text: fmt.Sprint(e.Yellow), Align: "right"}, {Text: fmt.Sprint(e.Pending), Align: "right"}, {Text: fmt.Sprint(e.Overdue), Align: "right"}})
	}
	totalRate := "—"
	if rate, ok := jixiao.Ratio(executed, budget); ok {
		totalRate = jixiao.Percent(rate, 2)
	}
	t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 2, Align: "center"}, {Text: jixiao.Grouped(budget, 2), Align: "right"}, {Text: jixiao.Grouped(executed, 2), Align: "right"},
		{Text: totalRate, Align: "right"}, {Text: fmt.Sprint(projects), Align: "right"}, {Text: fmt.Sprint(red), Align: "right"}, {Text: fmt.Sprint(yellow), Align: "right"},
		{Text: fmt.Sprint(pending), Align: "right"}, {Text: fmt.Sprint(overdue), Align: "right"}})
	b.table(t)
	b.para(fmt.Sprintf("合计为已提交部门之和；预算数和执行数合计只含填报了部门整体预算执行的%d个部门，合计执行率 = 执行数合计 ÷ 预算数合计。待处置、已逾期按有预警的对象计。", funded))

	b.heading(1, "%s预警按规则和颜色统计", h1.next())
	type count struct{ red, yellow int }
	byCode := map[string]*count{}
	var codes []string
	for _, e := range v.Entries {
		for _, w := range e.Warnings {
			c, ok := byCode[w.Code]
			if !ok {
				c = &count{}
				byCode[w.Code] = c
				codes = append(codes, w.Code)
			}
			if w.Level == jixiao.WarnRed {
				c.red++
			} else {
				c.yellow++
			}
		}
	}
	if len(codes) == 0 {
		b.para("本轮监控没有预警。")
	} else {
		slices.Sort(codes)
		t = &Table{Caption: "表2：预警按规则和颜色统计", Widths: []int{12, 43, 15, 15, 15},
			Header: [][]Cell{{{Text: "编码"}, {Text: "预警规则"}, {Text: "红色"}, {Text: "黄色"}, {Text: "合计"}}}}
		for _, code := range codes {
			c := byCode[code]
			t.Rows = append(t.Rows, []Cell{{Text: code, Align: "center"}, {Text: jixiao.WarningTitles[code]}, {Text: fmt.Sprint(c.red), Align: "right"},
				{Text: fmt.Sprint(c.yellow), Align: "right"}, {Text: fmt.Sprint(c.red + c.yellow), Align: "right"}})
		}
		t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 2, Align: "center"}, {Text: fmt.Sprint(v.Red), Align: "right"}, {Text: fmt.Sprint(v.Yellow), Align: "right"},
			{Text: fmt.Sprint(v.Red + v.Yellow), Align: "right"}})
		b.table(t)
	}

	b.heading(1, "%s预警处置情况", h1.next())
	t = &Table{Caption: "表3：预警处置", Widths: []int{16, 16, 7, 12, 14, 9, 11, 15},
		Header: [][]Cell{{{Text: "部门"}, {Text: "对象"}, {Text: "等级"}, {Text: "处置期限"}, {Text: "状态"}, {Text: "处置方式"}, {Text: "处置日期"}, {Text: "处置理由"}}}}
	for _, e := range v.Entries {
		for _, s := range e.Statuses {
			t.Rows = append(t.Rows, append([]Cell{{Text: e.Entry.Org}}, dispositionCells(s)...))
		}
	}
	if len(t.Rows) == 0 {
		b.para("没有需要处置的预警。")
	} else {
		b.para(fmt.Sprintf("预警对象须在预警下发后%d个工作日内提出继续执行、调剂或取消的处置意见，工作日按“%s”计算；状态截至%s。", m.Disposition.WorkingDays, in.Calendar, v.Today.Chinese()))
		b.table(t)
	}

	b.heading(1, "%s预警规则", h1.next())
	b.para(fmt.Sprintf("预警规则为“%s”（版本%s），各条规则及依据见各部门的监控报告。%s", rulesTitle, m.Version, sentence(m.Source)))
	b.para("时间进度 =（已过完的月数 + 当月已过天数 ÷ 当月天数）÷ 12；执行率 = 截至目前执行数 ÷ 全年预算数。")
	return d
}
