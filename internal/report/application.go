package report

import (
	"fmt"
	"strings"

	"jixiao"
)

// Application builds the results-application report (结果应用报告) of a
// results-application table: how many projects and how much money each
// action (优先保障, 保障, 压缩, 取消, 调剂 …) got, the totals kept, cut and
// added, and the table of projects with grade, suggested and decided
// action, amounts and the bureau's reason. Every figure comes from a; an
// undecided project counts under its suggested action and amount, as in
// the table.
func Application(a *jixiao.Application) *Document {
	d := &Document{Author: "财政局", Title: []string{fmt.Sprintf("%d年度预算绩效评价结果应用报告", a.Year)}}
	d.Subject = d.Title[0]
	b := &builder{d: d}
	money := func(v jixiao.AppliedRow) string { return jixiao.Grouped(v.Final, a.Places) }
	h1 := &counter{level: 1}

	b.heading(1, "%s总体情况", h1.next())
	rulesTitle := a.Rules.Title
	if rulesTitle == "" {
		rulesTitle = a.Rules.Name
	}
	if len(a.Rows) == 0 {
		b.para(fmt.Sprintf("%d年度没有已评定等级的评价，未应用评价结果。", a.Year))
		return d
	}
	b.para(fmt.Sprintf("按“%s”（版本%s），%d年度%d个项目的评价结果应用于%d年度预算，财政局已决定%d个，其余%d个按建议措施计。拟安排%s万元，建议安排%s万元，安排%s万元，调减%s万元，调增%s万元。",
		rulesTitle, a.Rules.Version, a.Year, len(a.Rows), a.Year+1, a.Decided, len(a.Rows)-a.Decided,
		jixiao.Grouped(a.Amount, a.Places), jixiao.Grouped(a.Suggest, a.Places), jixiao.Grouped(a.Final, a.Places),
		jixiao.Grouped(a.Cut, a.Places), jixiao.Grouped(a.Added, a.Places)))

	b.heading(1, "%s各措施的项目和金额", h1.next())
	t := &Table{Caption: "表1：各措施的项目数和安排金额", Unit: "单位：万元", Widths: []int{10, 40, 20, 30},
		Header: [][]Cell{{{Text: "序号"}, {Text: "措施"}, {Text: "项目数"}, {Text: "安排金额"}}}}
	for i, c := range a.Actions {
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: c.Action}, {Text: fmt.Sprint(c.Count), Align: "right"},
			{Text: jixiao.Grouped(c.Amount, a.Places), Align: "right"}})
	}
	t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 2, Align: "center"}, {Text: fmt.Sprint(len(a.Rows)), Align: "right"},
		{Text: jixiao.Grouped(a.Final, a.Places), Align: "right"}})
	b.table(t)

	b.heading(1, "%s项目明细", h1.next())
	t = &Table{Caption: "表2：评价结果应用明细", Unit: "单位：万元", Widths: []int{5, 11, 14, 7, 6, 10, 9, 10, 9, 10, 9},
		Header: [][]Cell{{{Text: "序号"}, {Text: "单位"}, {Text: "项目"}, {Text: "评价得分"}, {Text: "等级"}, {Text: "拟安排金额"},
			{Text: "建议措施"}, {Text: "决定措施"}, {Text: "安排金额"}, {Text: "调整金额"}, {Text: "理由"}}}}
	for i, r := range a.Rows {
		score := ""
		if r.Score != nil {
			score = jixiao.Plain(*r.Score)
		}
		decided := "（未决定）"
		if r.Decided {
			decided = strings.TrimSpace(r.DecidedAction)
		}
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: r.Unit}, {Text: r.Project}, {Text: score, Align: "right"},
			{Text: r.Grade, Align: "center"}, {Text: jixiao.Grouped(jixiao.Round(r.Amount, a.Places), a.Places), Align: "right"},
			{Text: r.Suggestion.Action}, {Text: decided}, {Text: money(r), Align: "right"},
			{Text: jixiao.Grouped(r.Adjustment, a.Places), Align: "right"}, {Text: r.Note}})
	}
	b.table(t)

	b.heading(1, "%s结果应用规则及依据", h1.next())
	var rules []string
	for _, r := range a.Rules.Rules {
		rules = append(rules, fmt.Sprintf("%s：%s", r.Grade, r.Action))
	}
	b.para(fmt.Sprintf("等级与措施：%s。%s", strings.Join(rules, "；"), sourceNote(a.Rules.Source)))
	b.para("安排金额：财政局已决定的按决定金额（决定了措施而未写金额的按建议金额），未决定的按建议金额；调整金额 = 安排金额 − 拟安排金额。")
	return d
}
