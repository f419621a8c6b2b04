package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// department builds the department-overall report in the reference
// report's structure: 一、部门基本情况 … 五、存在的问题及改进措施.
func (b *builder) department() {
	ev := b.ev
	b.d.Title = []string{ev.Org.Name, jixiao.YearTitle(ev.Year) + "整体支出绩效自评报告"}
	if t := strings.TrimSpace(ev.Title); t != "" {
		if rest, ok := strings.CutPrefix(t, ev.Org.Name); ok && rest != "" {
			b.d.Title = []string{ev.Org.Name, rest}
		} else {
			b.d.Title = []string{t}
		}
	}
	b.d.Subject = strings.Join(b.d.Title, "")
	b.para(ev.Basis)

	h1 := &counter{level: 1}
	b.heading(1, "%s部门基本情况", h1.next())
	b.profile()
	b.budgetSection()
	b.goalsDeclared()

	b.heading(1, "%s自评工作开展情况", h1.next())
	b.process()

	b.heading(1, "%s部门整体支出绩效目标实现情况及指标分析", h1.next())
	b.achievement()

	b.heading(1, "%s评价结论和评价等级", h1.next())
	b.conclusion()

	// Every part of the outline is there: what the case leaves blank is a
	// highlighted placeholder (and a finding, F05), never a missing section.
	b.heading(1, "%s存在的问题及改进措施", h1.next())
	b.problems()
	b.signature()
	b.projectSummary()
}

// profile writes （一）部门概况: functions, organisation, staff, assets.
func (b *builder) profile() {
	o := b.ev.Org
	h2 := &counter{level: 2}
	b.heading(2, "%s部门概况", h2.next())
	h3 := &counter{level: 3}
	if len(o.Functions) > 0 {
		b.heading(3, "%s部门职能", h3.next())
		for i, f := range o.Functions {
			b.para(fmt.Sprintf("（%d）%s", i+1, sentence(f)))
		}
	}
	var parts []string
	if o.Funding != "" {
		parts = append(parts, fmt.Sprintf("%s本级系%s单位", o.Name, o.Funding))
	}
	if o.Nature != "" {
		parts = append(parts, "单位性质为"+o.Nature)
	}
	if len(o.Units) > 0 || o.UnitsStated != nil {
		n := len(o.Units)
		if o.UnitsStated != nil {
			n = *o.UnitsStated // as the report states it; jixiao check compares the two
		}
		if len(o.Units) > 0 {
			parts = append(parts, fmt.Sprintf("下设有%s等%d个下属单位", strings.Join(o.Units, "、"), n))
		} else {
			parts = append(parts, fmt.Sprintf("下设%d个下属单位", n))
		}
	}
	var staff []string
	if h := o.Headcount; h != nil {
		if h.Authorized != nil {
			staff = append(staff, fmt.Sprintf("编制数%d人", *h.Authorized))
		}
		if h.Active != nil {
			staff = append(staff, fmt.Sprintf("年末在职实有人员%d人", *h.Active))
		}
		if h.Retired != nil {
			staff = append(staff, fmt.Sprintf("离退休人员%d人", *h.Retired))
		}
	}
	if len(parts) > 0 || len(staff) > 0 {
		b.heading(3, "%s机构设置", h3.next())
		if len(parts) > 0 {
			b.para(strings.Join(parts, "，") + "。")
		}
		if len(staff) > 0 {
			b.para("我部门" + strings.Join(staff, "，") + "。")
		}
	}
	if a := o.Assets; a != nil {
		b.heading(3, "%s资产情况", h3.next())
		u := a.AmountUnit()
		var items []string
		for _, x := range []struct {
			name string
			v    *decimal.Decimal
		}{{"货币资金", a.Cash}, {"固定资产原值", a.FixedOriginal}, {"固定资产累计折旧", a.Depreciation}, {"固定资产净值", a.FixedNet}} {
			if x.v != nil {
				items = append(items, x.name+b.money(*x.v)+u)
			}
		}
		s := ""
		if a.AsOf != "" {
			s = "截至" + a.AsOf + "，"
		}
		if a.Total != nil {
			s += fmt.Sprintf("我部门共有资产%s%s", b.money(*a.Total), u)
			if len(items) > 0 {
				s += "，其中" + strings.Join(items, "，")
			}
		} else if len(items) > 0 {
			s += "我部门" + strings.Join(items, "，")
		}
		b.para(sentence(s) + a.Note)
	}
}

// budgetSection writes （二）部门收支预决算情况: one sentence per stage from
// the figures, then the three stages side by side in a table.
func (b *builder) budgetSection() {
	bud := b.ev.Budget
	if bud == nil {
		return
	}
	b.heading(2, "（二）部门收支预决算情况")
	u := bud.AmountUnit()
	y := b.ev.Year
	intro := map[jixiao.Stage][2]string{
		jixiao.StageInitial:  {fmt.Sprintf("我部门%d年年初预算收入", y), "年初支出预算"},
		jixiao.StageAdjusted: {fmt.Sprintf("%d年预算调整数为", y), "调整预算支出数为"},
		jixiao.StageFinal:    {fmt.Sprintf("%d年决算收入数为", y), "决算支出数为"},
	}
	for _, st := range jixiao.AllStages {
		s := bud.Stage(st)
		if s == nil {
			continue
		}
		var text string
		if s.IncomeTotal != nil || len(s.Income) > 0 {
			text = intro[st][0]
			if s.IncomeTotal != nil {
				text += b.money(*s.IncomeTotal) + u
			}
			var lines []string
			for _, l := range s.Income {
				label := l.Label
				if label == "" {
					label = l.Source.Title()
				}
				lines = append(lines, label+b.moneyp(l.Amount)+u)
			}
			if len(lines) > 0 {
				text += "，其中：" + strings.Join(lines, "，")
			}
			text += "。"
		}
		var exp []string
		if s.Basic != nil {
			e := "基本支出" + b.money(*s.Basic) + u
			if s.Personnel != nil && s.Public != nil {
				e += fmt.Sprintf("（人员经费%s%s，公用经费%s%s）", b.money(*s.Personnel), u, b.money(*s.Public), u)
			}
			exp = append(exp, e)
		}
		if s.Project != nil {
			exp = append(exp, "项目支出"+b.money(*s.Project)+u)
		}
		if s.Carryover != nil {
			exp = append(exp, "年末结转和结余"+b.money(*s.Carryover)+u)
		}
		if s.ExpenditureTotal != nil || len(exp) > 0 {
			text += intro[st][1]
			if s.ExpenditureTotal != nil {
				text += b.money(*s.ExpenditureTotal) + u
			}
			if len(exp) > 0 {
				text += "，其中：" + strings.Join(exp, "，")
			}
			text += "。"
		}
		b.para(text)
	}
	b.budgetTable(bud)
}

// budgetTable puts the three stages side by side, with the final stage
// against the adjusted one.
func (b *builder) budgetTable(bud *jixiao.Budget) {
	stages := []*jixiao.BudgetStage{bud.Initial, bud.Adjusted, bud.Final}
	amount := func(v *decimal.Decimal) Cell {
		if v == nil {
			return Cell{Text: "—", Align: "center"}
		}
		return Cell{Text: b.money(*v), Align: "right"}
	}
	rate := func(fin, adj *decimal.Decimal) Cell {
		if fin == nil || adj == nil {
			return Cell{Text: "—", Align: "center"}
		}
		r, ok := jixiao.Ratio(*fin, *adj)
		if !ok {
			return Cell{Text: "—", Align: "center"}
		}
		return Cell{Text: jixiao.Percent(r, b.round.Rate), Align: "right"}
	}
	row := func(name string, bold bool, get func(*jixiao.BudgetStage) *decimal.Decimal) []Cell {
		cells := []Cell{{Text: name, Bold: bold}}
		var vals [3]*decimal.Decimal
		for i, s := range stages {
			if s != nil {
				vals[i] = get(s)
			}
			cells = append(cells, amount(vals[i]))
		}
		return append(cells, rate(vals[2], vals[1]))
	}
	t := &Table{Caption: "部门收支预决算情况表", Unit: "单位：" + bud.AmountUnit(), Widths: []int{34, 17, 17, 17, 15},
		Header: [][]Cell{{{Text: "项目"}, {Text: "年初预算"}, {Text: "调整预算"}, {Text: "决算"}, {Text: "决算/调整预算"}}}}
	t.Rows = append(t.Rows, row("收入合计", true, func(s *jixiao.BudgetStage) *decimal.Decimal { return s.IncomeTotal }))
	seen := map[jixiao.IncomeSource]bool{}
	for _, s := range stages {
		if s == nil {
			continue
		}
		for _, l := range s.Income {
			if seen[l.Source] {
				continue
			}
			seen[l.Source] = true
			src := l.Source
			t.Rows = append(t.Rows, row("　"+src.Title(), false, func(s *jixiao.BudgetStage) *decimal.Decimal {
				var sum *decimal.Decimal
				for _, l := range s.Income {
					if l.Source == src && l.Amount != nil {
						v := *l.Amount
						if sum != nil {
							v = v.Add(*sum)
						}
						sum = &v
					}
				}
				return sum
			}))
		}
	}
	t.Rows = append(t.Rows,
		row("支出合计", true, func(s *jixiao.BudgetStage) *decimal.Decimal { return s.ExpenditureTotal }),
		row("　基本支出", false, func(s *jixiao.BudgetStage) *decimal.Decimal { return s.Basic }),
		row("　项目支出", false, func(s *jixiao.BudgetStage) *decimal.Decimal { return s.Project }),
		row("　年末结转和结余", false, func(s *jixiao.BudgetStage) *decimal.Decimal { return s.Carryover }),
	)
	var notes []string
	// The execution rate by its one definition (as scoring and the checks
	// use it), named, beside the table's row-by-row ratios.
	if fin, ok1 := bud.Final.Spent(); ok1 {
		if adj, ok2 := bud.Adjusted.Spent(); ok2 {
			if r, ok := jixiao.Ratio(fin, adj); ok {
				notes = append(notes, fmt.Sprintf("部门预算执行率 = 决算%s ÷ 调整预算%s = %s ÷ %s = %s；表中“决算/调整预算”一栏为各行决算数与调整预算数之比",
					jixiao.SpentName, jixiao.SpentName, b.money(fin), b.money(adj), jixiao.Percent(r, b.round.Rate)))
			}
		}
	}
	if len(notes) > 0 {
		t.Note = "注：" + strings.Join(notes, "。") + "。"
	}
	b.table(t)
}

// goalsDeclared writes （三）部门整体支出绩效目标、指标.
func (b *builder) goalsDeclared() {
	ev := b.ev
	if ev.OverallGoal == "" && len(ev.Goals) == 0 {
		return
	}
	b.heading(2, "（三）部门整体支出绩效目标、指标")
	h3 := &counter{level: 3}
	if ev.OverallGoal != "" {
		b.heading(3, "%s整体绩效目标", h3.next())
		b.para(ev.OverallGoal)
	}
	if len(ev.Goals) == 0 {
		return
	}
	b.heading(3, "%s分项绩效目标、指标", h3.next())
	for i, g := range ev.Goals {
		b.heading(4, "（%d）%s", i+1, sentence(g.Name))
		if g.Target != "" {
			b.para("绩效目标：" + g.Target)
		}
		if text := indicatorsText(g); text != "" {
			b.para("绩效指标：" + text)
		}
	}
}

// indicatorsText is the goal's indicators as written, or listed from the
// indicators themselves.
func indicatorsText(g jixiao.Goal) string {
	if g.IndicatorsText != "" {
		return g.IndicatorsText
	}
	var parts []string
	for _, in := range g.Indicators {
		parts = append(parts, in.Name+"："+in.TargetText())
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// process writes 二、自评工作开展情况.
func (b *builder) process() {
	ev := b.ev
	h2 := &counter{level: 2}
	b.heading(2, "%s自评的组织工作", h2.next())
	h3 := &counter{level: 3}
	if wg := ev.WorkGroup; wg != nil {
		b.heading(3, "%s成立绩效评价工作组", h3.next())
		var parts []string
		if t := strings.TrimRight(strings.TrimSpace(wg.Text), "。"); t != "" {
			parts = append(parts, t)
		}
		if wg.Leader != "" {
			parts = append(parts, "由"+wg.Leader+"担任组长")
		}
		if len(wg.Deputies) > 0 {
			parts = append(parts, strings.Join(wg.Deputies, "、")+"为副组长")
		}
		if len(wg.Members) > 0 || wg.MembersNote != "" {
			parts = append(parts, "组成员包括"+strings.Join(wg.Members, "、")+wg.MembersNote)
		}
		b.para(strings.Join(parts, "，") + "。")
	}
	p := ev.Process
	if p == nil {
		if ev.WorkGroup == nil {
			b.placeholder("自评的组织工作（工作组、资料收集、评价过程）")
		}
		return
	}
	if p.Collection != "" || len(p.Materials) > 0 {
		b.heading(3, "%s绩效评价资料收集", h3.next())
		if p.Collection != "" {
			b.para(p.Collection)
		} else {
			b.para("收集的评价资料包括：" + strings.Join(p.Materials, "，") + "。")
		}
	}
	if p.Approach != "" || len(p.Steps) > 0 {
		b.heading(3, "%s绩效评价主要过程", h3.next())
		b.para(p.Approach)
		for i, s := range p.Steps {
			b.heading(4, "（%d）%s", i+1, s.Title)
			b.para(s.Text)
		}
	}
	if p.Purpose != "" {
		b.heading(2, "%s绩效自评目的", h2.next())
		b.para(p.Purpose)
	}
	if p.Content != "" {
		b.heading(2, "%s绩效自评内容", h2.next())
		b.para(p.Content)
	}
	if p.MethodNote != "" || len(p.Methods) > 0 {
		b.heading(2, "%s自评的方法", h2.next())
		b.para(p.MethodNote)
		for _, m := range p.Methods {
			b.para(sentence(m.Title) + m.Text)
		}
	}
}

// achievement writes 三: the overall goal's achievement, then each sub-goal
// with its score and the reasons for every point deducted.
func (b *builder) achievement() {
	ev := b.ev
	h2 := &counter{level: 2}
	if ev.OverallResult != "" {
		b.heading(2, "%s总体绩效目标实现情况", h2.next())
		b.para(ev.OverallResult)
	}
	if len(ev.Goals) == 0 {
		return
	}
	b.heading(2, "%s分项绩效目标实现情况及指标分析", h2.next())
	nodes := map[string]*jixiao.Node{}
	for _, n := range b.sc.Nodes {
		nodes[n.Source] = n
	}
	t := &Table{Caption: "分项绩效目标得分情况", Widths: []int{7, 37, 9, 9, 38},
		Header: [][]Cell{{{Text: "序号"}, {Text: "分项绩效目标"}, {Text: "分值"}, {Text: "得分"}, {Text: "扣分原因"}}}}
	for i := range ev.Goals {
		g := &ev.Goals[i]
		n := nodes[fmt.Sprintf("goals[%d]", i)]
		if n == nil {
			continue
		}
		b.heading(3, "%d.%s（满分%s分，得%s分）", i+1, g.Name, jixiao.Plain(n.Weight), b.score(n.Score))
		b.para(g.Achievement)
		if g.Results != "" {
			b.para("绩效指标完成情况如下：" + g.Results)
		}
		var reasons []string
		for _, d := range g.Deductions {
			reasons = append(reasons, fmt.Sprintf("%s，扣%s分", strings.TrimRight(strings.TrimSpace(d.Reason), "。；，"), jixiao.Plain(d.Points)))
		}
		if len(reasons) > 0 {
			b.para("但经评价发现，" + strings.Join(reasons, "；") + "。")
		}
		reason := strings.Join(reasons, "；")
		if reason == "" {
			reason = "无扣分"
		}
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: g.Name}, {Text: jixiao.Plain(n.Weight), Align: "right"},
			{Text: b.score(n.Score), Align: "right"}, {Text: reason}})
	}
	t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 2, Align: "center", Bold: true}, {Text: jixiao.Plain(b.sc.Weight), Align: "right", Bold: true},
		{Text: b.score(b.sc.Displayed), Align: "right", Bold: true}, {Text: "评价等级：" + b.sc.GradeText(), Bold: true}})
	b.table(t)
}

// conclusion writes 四: the band definitions from the rulebook, the total
// and the grade.
func (b *builder) conclusion() {
	text := b.ev.Conclusion
	if text == "" {
		text = "根据部门职责定位和各项工作履职情况进行综合评价，给出总得分，满分" + jixiao.Plain(b.sc.Weight) + "分，得出综合绩效评价等级。"
	}
	bands := b.rb.Bands()
	b.para(fmt.Sprintf("%s部门整体支出综合绩效评价分为%d个等级：%s。", text, len(bands), b.rb.GradesText()))
	if b.sc.Incomplete != "" {
		b.para(fmt.Sprintf("经过整体评价，我部门%d年度部门整体绩效自评得分%s分；表格未填写完整（%s），未评定等级。", b.ev.Year, b.score(b.sc.Displayed), b.sc.Incomplete))
		return
	}
	b.para(fmt.Sprintf("经过整体评价，我部门%d年度部门整体绩效自评得分%s分，评价等级为“%s”。", b.ev.Year, b.score(b.sc.Displayed), b.sc.Grade))
	b.yearOnYear()
}

// problems writes 五: problems and measures.
func (b *builder) problems() {
	ev := b.ev
	b.heading(2, "（一）存在的主要问题")
	if len(ev.Problems) == 0 {
		b.placeholder("存在的主要问题")
	}
	for i, p := range ev.Problems {
		if p.Title != "" {
			b.heading(3, "%d.%s", i+1, p.Title)
		}
		b.para(p.Text)
	}
	b.heading(2, "（二）针对问题提出具体的改进措施或建议")
	if len(ev.Measures) == 0 {
		b.placeholder("针对问题提出具体的改进措施或建议")
	}
	for i, m := range ev.Measures {
		if m.Title != "" {
			b.heading(3, "%d.%s", i+1, m.Title)
		}
		b.para(m.Text)
	}
	b.earlierRectification("（三）")
}

// projectSummary tabulates the department's scored projects (the
// 绩效自评结果汇总表).
func (b *builder) projectSummary() {
	if len(b.sc.Projects) == 0 {
		return
	}
	b.appendix++
	t := &Table{Caption: fmt.Sprintf("附表%d：项目支出绩效自评结果汇总表", b.appendix), Unit: "单位：万元", Widths: []int{6, 34, 13, 13, 11, 11, 12},
		Header: [][]Cell{{{Text: "序号"}, {Text: "项目名称"}, {Text: "全年预算数"}, {Text: "全年执行数"}, {Text: "执行率"}, {Text: "自评得分"}, {Text: "评价等级"}}}}
	for i, psc := range b.sc.Projects {
		p := b.ev.FindProject(psc.Name)
		adj, fin, rate := "—", "—", "—"
		if p != nil && p.Budget != nil {
			adj, fin = b.moneyp(p.Budget.Adjusted), b.moneyp(p.Budget.Final)
			if p.Budget.Adjusted != nil && p.Budget.Final != nil {
				if r, ok := jixiao.Ratio(*p.Budget.Final, *p.Budget.Adjusted); ok {
					rate = jixiao.Percent(r, b.round.Rate)
				}
			}
		}
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: psc.Name}, {Text: adj, Align: "right"}, {Text: fin, Align: "right"},
			{Text: rate, Align: "right"}, {Text: jixiao.Fixed(psc.Displayed, b.round.Total), Align: "right"}, {Text: psc.GradeText(), Align: "center"}})
	}
	b.d.Blocks = append(b.d.Blocks, Block{PageBreak: true})
	b.table(t)
}
