package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

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
	b.para(fmt.Sprintf("拟安排的%s万元中，保留在原项目%s万元，调剂到其他项目或用途%s万元，收回%s万元；安排的%s万元为保留的%s万元加调增的%s万元（见表2）。",
		jixiao.Grouped(a.Amount, a.Places), jixiao.Grouped(a.Kept, a.Places), jixiao.Grouped(a.Reallocated, a.Places), jixiao.Grouped(a.Withdrawn, a.Places),
		jixiao.Grouped(a.Final, a.Places), jixiao.Grouped(a.Kept, a.Places), jixiao.Grouped(a.Added, a.Places)))

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

	b.heading(1, "%s保留、调剂和收回的金额", h1.next())
	b.para("每个项目的拟安排金额分为三部分：保留在原项目的（安排金额，超过拟安排金额时以拟安排金额为限）、调剂到下一年度其他项目或用途的、收回的（调减而未调剂的部分）；" +
		"安排金额超过拟安排金额的部分为调增。各项合计为各项目之和。")
	var keptN, movedN, withdrawnN, addedN int
	for _, r := range a.Rows {
		keptN += btoi(r.Kept.IsPositive())
		movedN += btoi(r.Reallocated.IsPositive())
		withdrawnN += btoi(r.Withdrawn.IsPositive())
		addedN += btoi(r.Added.IsPositive())
	}
	t = &Table{Caption: "表2：拟安排金额的去向", Unit: "单位：万元", Widths: []int{30, 20, 20, 30},
		Header: [][]Cell{{{Text: "项目"}, {Text: "涉及项目数"}, {Text: "金额"}, {Text: "算法"}}}}
	for _, x := range []struct {
		what string
		n    int
		v    decimal.Decimal
		how  string
	}{
		{"保留", keptN, a.Kept, "各项目 min(安排金额, 拟安排金额) 之和"},
		{"调剂", movedN, a.Reallocated, "各项目调剂去向的金额之和（见表3）"},
		{"收回", withdrawnN, a.Withdrawn, "各项目 拟安排金额 − 保留 − 调剂 之和"},
		{"拟安排金额合计", len(a.Rows), a.Amount, "= 保留 + 调剂 + 收回"},
		{"调增", addedN, a.Added, "各项目 安排金额 − 拟安排金额（为正时）之和"},
		{"安排金额合计", len(a.Rows), a.Final, "= 保留 + 调增"},
	} {
		t.Rows = append(t.Rows, []Cell{{Text: x.what}, {Text: fmt.Sprint(x.n), Align: "right"}, {Text: jixiao.Grouped(x.v, a.Places), Align: "right"}, {Text: x.how}})
	}
	b.table(t)
	moves := a.Moves()
	if len(moves) == 0 {
		b.para("没有调剂到其他项目或用途的资金。")
	} else {
		t = &Table{Caption: "表3：调剂明细", Unit: "单位：万元", Widths: []int{8, 22, 25, 30, 15},
			Header: [][]Cell{{{Text: "序号"}, {Text: "调出单位"}, {Text: "调出项目"}, {Text: "调剂到"}, {Text: "金额"}}}}
		for i, m := range moves {
			t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: m.Unit}, {Text: m.Project}, {Text: m.To}, {Text: jixiao.Grouped(m.Amount, a.Places), Align: "right"}})
		}
		t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 4, Align: "center"}, {Text: jixiao.Grouped(a.Reallocated, a.Places), Align: "right"}})
		b.table(t)
	}
	detail := 4
	if len(a.Receipts) > 0 {
		detail = 5
		b.para(fmt.Sprintf("调剂的%s万元中，调入%d年度已申报项目%s万元（%d个项目，见表4），调剂到尚未申报的其他用途%s万元。调入后安排金额 = 申报金额 + 调入金额，申报金额为该项目最新一版申报的资金合计。",
			jixiao.Grouped(a.Reallocated, a.Places), a.Year+1, jixiao.Grouped(a.MovedIn, a.Places), len(a.Receipts), jixiao.Grouped(a.MovedElsewhere, a.Places)))
		t = &Table{Caption: fmt.Sprintf("表4：调入%d年度已申报项目的资金", a.Year+1), Unit: "单位：万元", Widths: []int{6, 16, 20, 13, 13, 19, 13},
			Header: [][]Cell{{{Text: "序号"}, {Text: "单位"}, {Text: "项目"}, {Text: "申报金额"}, {Text: "调入金额"}, {Text: "调入来源"}, {Text: "调入后安排金额"}}}}
		var requested, arranged decimal.Decimal
		for i, r := range a.Receipts {
			var from []string
			for _, m := range r.From {
				from = append(from, fmt.Sprintf("%s／%s %s", m.Unit, m.Project, jixiao.Grouped(m.Amount, a.Places)))
			}
			t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: r.Unit}, {Text: r.Project}, {Text: jixiao.Grouped(r.Requested, a.Places), Align: "right"},
				{Text: jixiao.Grouped(r.In, a.Places), Align: "right"}, {Text: strings.Join(from, "；")}, {Text: jixiao.Grouped(r.Arranged, a.Places), Align: "right"}})
			requested, arranged = requested.Add(r.Requested), arranged.Add(r.Arranged)
		}
		t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 3, Align: "center"}, {Text: jixiao.Grouped(requested, a.Places), Align: "right"},
			{Text: jixiao.Grouped(a.MovedIn, a.Places), Align: "right"}, {}, {Text: jixiao.Grouped(arranged, a.Places), Align: "right"}})
		b.table(t)
		b.para(a.ReceiptsBalance() + "。")
	}

	b.heading(1, "%s项目明细", h1.next())
	t = &Table{Caption: fmt.Sprintf("表%d：评价结果应用明细", detail), Unit: "单位：万元", Widths: []int{5, 10, 13, 7, 5, 9, 9, 9, 9, 8, 8, 8},
		Header: [][]Cell{{{Text: "序号"}, {Text: "单位"}, {Text: "项目"}, {Text: "评价得分"}, {Text: "等级"}, {Text: "拟安排金额"},
			{Text: "建议措施"}, {Text: "决定措施"}, {Text: "安排金额"}, {Text: "调整金额"}, {Text: "调剂"}, {Text: "理由"}}}}
	for i, r := range a.Rows {
		score := ""
		if r.Score != nil {
			score = jixiao.Plain(*r.Score)
		}
		decided := "（未决定）"
		if r.Decided {
			decided = strings.TrimSpace(r.DecidedAction)
		}
		suggested := r.Suggestion.Action
		if r.Suggestion.Warning != "" {
			suggested += "（" + r.Suggestion.Rule + "）"
		}
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: r.Unit}, {Text: r.Project}, {Text: score, Align: "right"},
			{Text: r.Grade, Align: "center"}, {Text: jixiao.Grouped(jixiao.Round(r.Amount, a.Places), a.Places), Align: "right"},
			{Text: suggested}, {Text: decided}, {Text: money(r), Align: "right"},
			{Text: jixiao.Grouped(r.Adjustment, a.Places), Align: "right"}, {Text: jixiao.Grouped(r.Reallocated, a.Places), Align: "right"}, {Text: r.Note}})
	}
	t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 5, Align: "center"}, {Text: jixiao.Grouped(a.Amount, a.Places), Align: "right"}, {}, {},
		{Text: jixiao.Grouped(a.Final, a.Places), Align: "right"}, {Text: jixiao.Grouped(a.Final.Sub(a.Amount), a.Places), Align: "right"},
		{Text: jixiao.Grouped(a.Reallocated, a.Places), Align: "right"}, {}})
	b.table(t)
	var warned []string
	for _, r := range a.Rows {
		if r.Suggestion.Warning != "" {
			warned = append(warned, fmt.Sprintf("%s／%s：%s", r.Unit, r.Project, r.Suggestion.Explanation))
		}
	}
	if len(warned) > 0 {
		b.para(fmt.Sprintf("按运行监控预警给出建议的项目%d个：%s。", len(warned), strings.Join(warned, "；")))
	}

	b.heading(1, "%s结果应用规则及依据", h1.next())
	var rules []string
	for _, r := range a.Rules.Rules {
		rules = append(rules, fmt.Sprintf("%s：%s", r.Grade, r.Action))
	}
	var warnRules string
	if len(a.Rules.Warnings) > 0 {
		var ws []string
		for _, w := range a.Rules.Warnings {
			ws = append(ws, fmt.Sprintf("%s未处置：%s（金额调整比例%s）", w.Title(), w.Action, jixiao.Percent(w.Change, 0)))
		}
		warnRules = fmt.Sprintf("运行监控预警与措施：%s，与等级的措施相比取调减较多的一项。", strings.Join(ws, "；"))
	}
	b.para(fmt.Sprintf("等级与措施：%s。%s%s", strings.Join(rules, "；"), warnRules, sourceNote(a.Rules.Source)))
	b.para("安排金额：财政局已决定的按决定金额（决定了措施而未写金额的按建议金额），未决定的按建议金额；调整金额 = 安排金额 − 拟安排金额。")
	return d
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
