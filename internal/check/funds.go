package check

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// bigCut is the cut of a fund line (adjusted against initial) beyond which
// full marks on every output are questioned (P08).
var bigCut = decimal.New(3, -1)

// stageFigure is one stage of a project's funds: the total and how each
// line gives it.
type stageFigure struct {
	name  string
	total *decimal.Decimal
	line  func(jixiao.FundLine) *decimal.Decimal
}

func projectStages(b *jixiao.ProjectBudget) []stageFigure {
	return []stageFigure{
		{"年初预算数", b.Initial, func(l jixiao.FundLine) *decimal.Decimal { return l.Initial }},
		{"全年预算数", b.Adjusted, func(l jixiao.FundLine) *decimal.Decimal { return l.Adjusted }},
		{"全年执行数", b.Final, func(l jixiao.FundLine) *decimal.Decimal { return l.Final }},
	}
}

// zeroTotals reports whether a project's 年度资金总额 row is zero (or blank)
// in every column while its source lines are not (B09).
func zeroTotals(b *jixiao.ProjectBudget) bool {
	if b == nil || len(b.Lines) == 0 {
		return false
	}
	stated, lines := false, false
	for _, st := range projectStages(b) {
		if st.total != nil {
			if !st.total.IsZero() {
				return false
			}
			stated = true
		}
		for _, l := range b.Lines {
			if v := st.line(l); v != nil && !v.IsZero() {
				lines = true
			}
		}
	}
	return stated && lines
}

// zeroTotalRow questions a project whose total row is zero while its lines
// are not (B09): recomputes the totals and the rate from the lines, and
// names the stated 0 rate and 0 score.
func (c *checker) zeroTotalRow(p *jixiao.Project, path, label string) {
	b := p.Budget
	unit := b.AmountUnit()
	var totals, sums []string
	var sum [3]decimal.Decimal
	for k, st := range projectStages(b) {
		t := "（未填）"
		if st.total != nil {
			t = c.amount(*st.total)
		}
		totals = append(totals, t)
		for _, l := range b.Lines {
			if v := st.line(l); v != nil {
				sum[k] = jixiao.Add(sum[k], *v)
			}
		}
		sums = append(sums, c.amount(sum[k]))
	}
	var lines []string
	for _, l := range b.Lines {
		var vs []string
		for _, st := range projectStages(b) {
			if v := st.line(l); v != nil {
				vs = append(vs, c.amount(*v))
			} else {
				vs = append(vs, "—")
			}
		}
		lines = append(lines, l.Source+strings.Join(vs, "/"))
	}
	msg := fmt.Sprintf("年度资金总额%s%s，而各资金来源之和为%s%s（%s）", strings.Join(totals, "/"), unit, strings.Join(sums, "/"), unit, strings.Join(lines, "；"))
	nums := []jixiao.Number{num("年度资金总额", strings.Join(totals, "/")), num("各来源之和", strings.Join(sums, "/"))}
	if sum[1].IsPositive() {
		r, _ := jixiao.Ratio(sum[2], sum[1])
		msg += fmt.Sprintf("，按明细计算执行率为%s（%s / %s）", c.percent(r), c.amount(sum[2]), c.amount(sum[1]))
		nums = append(nums, num("按明细计算执行率", c.percent(r)))
		var q []string
		if p.StatedRate.Numeric && p.StatedRate.Value.IsZero() {
			q = append(q, "所述执行率"+p.StatedRate.Text)
		}
		if p.ExecutionScore != nil && p.ExecutionScore.IsZero() {
			q = append(q, "所述预算执行得分0分")
		}
		if len(q) > 0 {
			msg += "；" + strings.Join(q, "、") + "与此不符"
		}
	}
	c.add("B09", "", path+".budget", label+" › 项目资金", msg, nums...)
}

// fundFigure is one row of a project's funds a budget check reads: the
// total row, or, when the total row is zero while its source lines are
// not (B09), each source line (line names it, " › 本年财政拨款").
type fundFigure struct {
	line          string
	ini, adj, fin *decimal.Decimal
}

func fundFigures(b *jixiao.ProjectBudget) []fundFigure {
	if !zeroTotals(b) {
		return []fundFigure{{"", b.Initial, b.Adjusted, b.Final}}
	}
	var out []fundFigure
	for _, l := range b.Lines {
		out = append(out, fundFigure{" › " + l.Source, l.Initial, l.Adjusted, l.Final})
	}
	return out
}

// adjustReason asks for the reason of a mid-year budget change (B10).
func (c *checker) adjustReason() {
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		b := p.Budget
		if b == nil || strings.TrimSpace(b.AdjustReason) != "" {
			continue
		}
		path, where := fmt.Sprintf("projects[%d].budget.adjust_reason", i), fmt.Sprintf("项目“%s” › 项目资金", p.Name)
		for _, f := range fundFigures(b) {
			if f.ini == nil || f.adj == nil || f.adj.Sub(*f.ini).Abs().LessThanOrEqual(c.halfUnit().Mul(decimal.NewFromInt(2))) {
				continue
			}
			c.adjustFinding(path, where+f.line, "全年预算数", "年初预算数", *f.adj, *f.ini, b.AmountUnit())
		}
	}
	b := c.ev.Budget
	if b == nil || b.Initial == nil || b.Adjusted == nil || strings.TrimSpace(b.AdjustReason) != "" || c.adjustmentExplained() {
		return
	}
	ini, adj := stageTotal(b.Initial), stageTotal(b.Adjusted)
	if ini == nil || adj == nil || adj.Sub(*ini).Abs().LessThanOrEqual(c.halfUnit().Mul(decimal.NewFromInt(2))) {
		return
	}
	c.adjustFinding("budget.adjust_reason", "预算收支 › 调整预算", "调整预算", "年初预算", *adj, *ini, b.AmountUnit())
}

func (c *checker) adjustFinding(path, where, what, iniName string, adj, ini decimal.Decimal, unit string) {
	change := adj.Sub(ini)
	word := "增加"
	if change.IsNegative() {
		word = "减少"
	}
	rate := ""
	if ini.IsPositive() {
		r, _ := jixiao.Ratio(change, ini)
		rate = "，" + c.percent(r)
	}
	c.add("B10", "", path, where, fmt.Sprintf("%s%s%s与%s%s%s不同（%s%s%s%s），未说明预算调整原因", what, c.amount(adj), unit, iniName, c.amount(ini), unit, word, c.amount(change.Abs()), unit, rate),
		num(what, c.amount(adj)), num(iniName, c.amount(ini)))
}

// adjustWords are words a department's narrative uses when it explains a
// budget change.
var adjustWords = []string{"调整", "追加", "调减", "调增", "压减", "收回", "统筹"}

// adjustmentExplained reports whether a department's narrative explains a
// budget change somewhere: with its execution cause, its problems or its
// conclusion.
func (c *checker) adjustmentExplained() bool {
	texts := []string{c.ev.Budget.ExecutionCause, c.ev.Conclusion, c.ev.OverallResult}
	for _, it := range c.ev.Problems {
		texts = append(texts, it.Title, it.Text)
	}
	for _, t := range texts {
		for _, w := range adjustWords {
			if strings.Contains(t, w) {
				return true
			}
		}
	}
	return false
}

// listedProjects compares the projects a narrative lists with 项目支出 (B11):
// their plans with the initial or the adjusted budget, their actuals with
// the final accounts.
func (c *checker) listedProjects() {
	b := c.ev.Budget
	if b == nil || len(b.Projects) == 0 {
		return
	}
	unit := b.AmountUnit()
	sumOf := func(get func(jixiao.SpendLine) *decimal.Decimal) (decimal.Decimal, []string, bool) {
		return c.useSum(b.Projects, get)
	}
	tol := c.halfUnit().Mul(decimal.NewFromInt(int64(len(b.Projects) + 1)))
	report := func(what string, sum decimal.Decimal, terms []string, stage string, total decimal.Decimal, path string) {
		c.add("B11", "", path, "预算收支 › 所列项目",
			fmt.Sprintf("所列%d个项目的%s之和%s%s（%s）≠ %s项目支出%s%s，相差%s%s", len(b.Projects), what, c.amount(sum), unit, strings.Join(terms, " + "), stage,
				c.amount(total), unit, c.amount(sum.Sub(total).Abs()), unit),
			num("所列项目之和", c.amount(sum)), num(stage+"项目支出", c.amount(total)))
	}
	if sum, terms, ok := sumOf(func(l jixiao.SpendLine) *decimal.Decimal { return l.Plan }); ok {
		var ini, adj *decimal.Decimal
		if b.Initial != nil {
			ini = b.Initial.Project
		}
		if b.Adjusted != nil {
			adj = b.Adjusted.Project
		}
		near := func(x *decimal.Decimal) bool { return x != nil && sum.Sub(*x).Abs().LessThanOrEqual(tol) }
		switch {
		case near(ini) || near(adj):
		case adj != nil:
			report("预算数", sum, terms, "调整预算", *adj, "budget.adjusted.project")
		case ini != nil:
			report("预算数", sum, terms, "年初预算", *ini, "budget.initial.project")
		}
	}
	// 项目支出 as a year-on-year figure (a table of spending by year): its
	// current figure is this year's final accounts, its previous one last
	// year's.
	var yoy *jixiao.YearOnYear
	yoyPath := ""
	for i := range b.Changes {
		if strings.TrimSpace(b.Changes[i].Item) == "项目支出" {
			yoy, yoyPath = &b.Changes[i], fmt.Sprintf("budget.changes[%d]", i)
		}
	}
	final, finalPath := (*decimal.Decimal)(nil), "budget.final.project"
	if b.Final != nil {
		final = b.Final.Project
	}
	if final == nil && yoy != nil {
		final, finalPath = yoy.Current, yoyPath+".current"
	}
	if sum, terms, ok := sumOf(func(l jixiao.SpendLine) *decimal.Decimal { return l.Actual }); ok && final != nil && sum.Sub(*final).Abs().GreaterThan(tol) {
		report("执行数", sum, terms, "决算", *final, finalPath)
	}
	if sum, terms, ok := sumOf(func(l jixiao.SpendLine) *decimal.Decimal { return l.Previous }); ok && yoy != nil && yoy.Previous != nil && sum.Sub(*yoy.Previous).Abs().GreaterThan(tol) {
		report("上年数", sum, terms, "上年", *yoy.Previous, yoyPath+".previous")
	}
}

// projectUses adds up a project's spending by purpose (L14): the plans
// against the initial or the adjusted budget, the actuals against what
// was spent. A total row of zeros (B09) gives way to its source lines.
func (c *checker) projectUses() {
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		b := p.Budget
		if b == nil || len(b.Uses) < 2 {
			continue
		}
		var ini, adj, fin *decimal.Decimal
		for _, f := range fundTotals(b) {
			ini, adj, fin = f.ini, f.adj, f.fin
		}
		unit := b.AmountUnit()
		tol := c.halfUnit().Mul(decimal.NewFromInt(int64(len(b.Uses) + 1)))
		near := func(sum decimal.Decimal, x *decimal.Decimal) bool {
			return x != nil && sum.Sub(*x).Abs().LessThanOrEqual(tol)
		}
		where := fmt.Sprintf("项目“%s” › 项目资金 › 支出用途", p.Name)
		report := func(what string, sum decimal.Decimal, terms []string, stage string, total decimal.Decimal) {
			c.add("L14", "", fmt.Sprintf("projects[%d].budget.uses", i), where,
				fmt.Sprintf("所列%d项用途的%s之和%s%s（%s）≠ %s%s%s，相差%s%s", len(b.Uses), what, c.amount(sum), unit, strings.Join(terms, " + "), stage,
					c.amount(total), unit, c.amount(sum.Sub(total).Abs()), unit),
				num("用途"+what+"之和", c.amount(sum)), num(stage, c.amount(total)))
		}
		if sum, terms, ok := c.useSum(b.Uses, func(l jixiao.SpendLine) *decimal.Decimal { return l.Plan }); ok && !near(sum, ini) && !near(sum, adj) {
			switch {
			case ini != nil:
				report("计划数", sum, terms, "年初预算数", *ini)
			case adj != nil:
				report("计划数", sum, terms, "全年预算数", *adj)
			}
		}
		if sum, terms, ok := c.useSum(b.Uses, func(l jixiao.SpendLine) *decimal.Decimal { return l.Actual }); ok && fin != nil && !near(sum, fin) {
			report("完成数", sum, terms, "全年执行数", *fin)
		}
	}
}

// fundTotals is a project's total row, or the sums of its source lines
// when the total row is zero while they are not (B09).
func fundTotals(b *jixiao.ProjectBudget) []fundFigure {
	if !zeroTotals(b) {
		return []fundFigure{{"", b.Initial, b.Adjusted, b.Final}}
	}
	var sum [3]decimal.Decimal
	var have [3]bool
	for _, l := range b.Lines {
		for k, v := range []*decimal.Decimal{l.Initial, l.Adjusted, l.Final} {
			if v != nil {
				sum[k], have[k] = jixiao.Add(sum[k], *v), true
			}
		}
	}
	f := fundFigure{line: " › 各来源之和"}
	for k, p := range []**decimal.Decimal{&f.ini, &f.adj, &f.fin} {
		if have[k] {
			v := sum[k]
			*p = &v
		}
	}
	return []fundFigure{f}
}

// useSum adds up one figure of every spending line (a use, a listed
// project), when every line gives it.
func (c *checker) useSum(us []jixiao.SpendLine, get func(jixiao.SpendLine) *decimal.Decimal) (decimal.Decimal, []string, bool) {
	sum := decimal.Zero
	var terms []string
	for _, u := range us {
		v := get(u)
		if v == nil {
			return sum, nil, false
		}
		sum = jixiao.Add(sum, *v)
		terms = append(terms, c.amount(*v))
	}
	return sum, terms, true
}

// yearOnYear recomputes each stated year-on-year change and rate (B12).
func (c *checker) yearOnYear() {
	b := c.ev.Budget
	if b == nil {
		return
	}
	unit := b.AmountUnit()
	for k, y := range b.Changes {
		path := fmt.Sprintf("budget.changes[%d]", k)
		where := "预算收支 › 同比 › " + y.Item
		if y.Previous == nil || y.Current == nil {
			continue
		}
		diff := y.Current.Sub(*y.Previous)
		if y.Change != nil && !diff.Equal(*y.Change) {
			sev := jixiao.Severity("")
			tail := ""
			if diff.Sub(*y.Change).Abs().LessThanOrEqual(c.halfUnit().Mul(decimal.NewFromInt(3))) {
				sev, tail = jixiao.SeverityInfo, "，差异在3个数各自四舍五入的误差范围内"
			}
			c.add("B12", sev, path+".change", where, fmt.Sprintf("“%s”本年数%s − 上年数%s = %s%s，而所述增减额为%s%s%s", y.Item, c.amount(*y.Current), c.amount(*y.Previous),
				c.amount(diff), unit, c.amount(*y.Change), unit, tail), num("本年数−上年数", c.amount(diff)), num("所述增减额", c.amount(*y.Change)))
		}
		if y.Rate.Numeric && y.Rate.Unit == "%" {
			c.rateCheck("B12", path+".rate", where, "“"+y.Item+"”增减率", y.Rate, "增减额", diff, "上年数", *y.Previous, unit, true)
		}
	}
}

// cutToSpent flags a budget cut to exactly what was spent (P06), naming
// the rate against the initial and the adjusted budget.
func (c *checker) cutToSpent() {
	check := func(path, where string, ini, adj, fin decimal.Decimal, unit string) {
		if !adj.Equal(fin) || !adj.LessThan(ini) || !ini.IsPositive() {
			return
		}
		r, _ := jixiao.Ratio(fin, ini)
		c.add("P06", "", path, where, fmt.Sprintf("全年预算数由年初%s%s调减为%s%s，恰等于全年执行数%s%s：按全年预算执行率100.00%%，按年初预算执行率%s（%s / %s）",
			c.amount(ini), unit, c.amount(adj), unit, c.amount(fin), unit, c.percent(r), c.amount(fin), c.amount(ini)),
			num("按全年预算执行率", "100.00%"), num("按年初预算执行率", c.percent(r)))
	}
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		if p.Budget == nil {
			continue
		}
		for _, f := range fundFigures(p.Budget) {
			if f.ini != nil && f.adj != nil && f.fin != nil {
				check(fmt.Sprintf("projects[%d].budget.adjusted", i), fmt.Sprintf("项目“%s” › 项目资金%s", p.Name, f.line), *f.ini, *f.adj, *f.fin, p.Budget.AmountUnit())
			}
		}
	}
	if b := c.ev.Budget; b != nil {
		ini, ok1 := spent(b.Initial)
		adj, ok2 := spent(b.Adjusted)
		fin, ok3 := spent(b.Final)
		if ok1 && ok2 && ok3 {
			check("budget.adjusted", "预算收支 › 调整预算", ini, adj, fin, b.AmountUnit())
		}
	}
}

// overPlanLines flags a line spent beyond its plan while the whole stays
// within plan (P07).
func (c *checker) overPlanLines() {
	type line struct {
		path, name  string
		plan, spent decimal.Decimal
	}
	check := func(where, unit string, lines []line, plan, spent *decimal.Decimal) {
		if plan == nil || spent == nil || spent.GreaterThan(*plan) {
			return
		}
		for _, l := range lines {
			if l.spent.Sub(l.plan).GreaterThan(c.halfUnit().Mul(decimal.NewFromInt(2))) {
				c.add("P07", "", l.path, where+" › "+l.name, fmt.Sprintf("“%s”执行数%s%s超过计划数%s%s（超出%s%s），而总额执行数%s%s未超过计划数%s%s", l.name,
					c.amount(l.spent), unit, c.amount(l.plan), unit, c.amount(l.spent.Sub(l.plan)), unit, c.amount(*spent), unit, c.amount(*plan), unit),
					num("执行数", c.amount(l.spent)), num("计划数", c.amount(l.plan)), num("总额执行数", c.amount(*spent)), num("总额计划数", c.amount(*plan)))
			}
		}
	}
	uses := func(path string, us []jixiao.SpendLine) ([]line, *decimal.Decimal, *decimal.Decimal) {
		var out []line
		plan, act := decimal.Zero, decimal.Zero
		all := len(us) > 0
		for k, u := range us {
			if u.Plan == nil || u.Actual == nil {
				all = false
				continue
			}
			plan, act = plan.Add(*u.Plan), act.Add(*u.Actual)
			out = append(out, line{fmt.Sprintf("%s[%d].actual", path, k), u.Name, *u.Plan, *u.Actual})
		}
		if !all {
			return out, nil, nil
		}
		return out, &plan, &act
	}
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		b := p.Budget
		if b == nil {
			continue
		}
		where := fmt.Sprintf("项目“%s” › 项目资金", p.Name)
		var fl []line
		for k, l := range b.Lines {
			if l.Adjusted != nil && l.Final != nil {
				fl = append(fl, line{fmt.Sprintf("projects[%d].budget.lines[%d].final", i, k), l.Source, *l.Adjusted, *l.Final})
			}
		}
		if !zeroTotals(b) {
			check(where, b.AmountUnit(), fl, b.Adjusted, b.Final)
		}
		ul, plan, act := uses(fmt.Sprintf("projects[%d].budget.uses", i), b.Uses)
		if b.Adjusted != nil && b.Final != nil && !zeroTotals(b) {
			plan, act = b.Adjusted, b.Final
		}
		check(where+" › 支出用途", b.AmountUnit(), ul, plan, act)
	}
	if b := c.ev.Budget; b != nil {
		ul, plan, act := uses("budget.uses", b.Uses)
		check("预算收支 › 支出用途", b.AmountUnit(), ul, plan, act)
	}
}

// cutButFullOutputs flags a project whose funds were cut by 30% or more
// while every output indicator has full marks (P08).
func (c *checker) cutButFullOutputs() {
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		b := p.Budget
		if b == nil {
			continue
		}
		path := fmt.Sprintf("projects[%d]", i)
		unit := b.AmountUnit()
		var cuts []string
		cut := func(name string, ini, adj *decimal.Decimal) {
			if ini == nil || adj == nil || !ini.IsPositive() {
				return
			}
			r, _ := jixiao.Ratio(ini.Sub(*adj), *ini)
			if r.GreaterThanOrEqual(bigCut) {
				cuts = append(cuts, fmt.Sprintf("%s由%s%s调减为%s%s（−%s）", name, c.amount(*ini), unit, c.amount(*adj), unit, c.percent(r)))
			}
		}
		cut("年度资金总额", b.Initial, b.Adjusted)
		for _, l := range b.Lines {
			cut(l.Source, l.Initial, l.Adjusted)
		}
		if len(cuts) == 0 {
			continue
		}
		n := 0
		full := true
		for k := range p.Indicators {
			in := &p.Indicators[k]
			if !strings.HasPrefix(strings.TrimSpace(in.Level1), "产出") {
				continue
			}
			n++
			node := c.nodes[fmt.Sprintf("%s.indicators[%d]", path, k)]
			switch {
			case in.Score != nil && in.Weight != nil:
				full = full && in.Score.Equal(*in.Weight)
			case in.Score != nil && node != nil:
				full = full && in.Score.Equal(node.Weight)
			case node != nil:
				full = full && node.Score.Equal(node.Weight)
			default:
				full = false
			}
		}
		if n == 0 || !full {
			continue
		}
		c.add("P08", "", path+".budget", fmt.Sprintf("项目“%s” › 项目资金", p.Name), fmt.Sprintf("%s，而%d个产出指标全部得满分；请核实产出指标值是否偏低、完成值是否据实填报", strings.Join(cuts, "；"), n),
			num("产出指标数", fmt.Sprint(n)))
	}
}

// countParts compares each stated count with the sum of its groups (P09).
func (c *checker) countParts() {
	for k, sc := range c.ev.Counts {
		if len(sc.Parts) == 0 {
			continue
		}
		sum := 0
		var terms []string
		for _, p := range sc.Parts {
			sum += p.Count
			terms = append(terms, fmt.Sprintf("%s%d个", p.Label, p.Count))
		}
		if sum == sc.Total {
			continue
		}
		c.add("P09", "", fmt.Sprintf("counts[%d].total", k), "所述个数 › "+sc.What, fmt.Sprintf("所述%s%d个，而%s = %d个", sc.What, sc.Total, strings.Join(terms, " + "), sum),
			num("所述个数", fmt.Sprint(sc.Total)), num("分组之和", fmt.Sprint(sum)))
	}
}

// lowExecutionHighScore flags a form that states a high total and no grade
// while its execution rate is low (P10).
func (c *checker) lowExecutionHighScore() {
	limit := decimal.New(8, -1)
	if c.rb.ExplainBelow != nil {
		limit = *c.rb.ExplainBelow
	}
	check := func(prefix, label string, st *jixiao.Stated, rate decimal.Decimal, how rateHow) {
		// The stated total is the document's own, so the question stands
		// even when the form is cut off or not filled in (F01).
		if st == nil || st.Total == nil || st.Grade != "" || !rate.LessThan(limit) {
			return
		}
		bands := c.rb.Bands()
		if len(st.Grades) > 0 {
			bands = (&jixiao.Rulebook{Grades: st.Grades}).Bands()
		}
		if len(bands) == 0 || bands[0].Min == nil || st.Total.LessThan(*bands[0].Min) {
			return
		}
		// P01 already reports the top grade the rules give with low execution.
		sc := c.Scorecard
		if prefix != "" || c.ev.Subject == jixiao.SubjectProject {
			sc = c.scorecards[strings.TrimSuffix(prefix, ".")]
			if prefix == "" {
				sc = c.scorecards["projects[0]"]
			}
		}
		if rb := c.rb.Bands(); sc != nil && len(rb) > 0 && sc.Grade == rb[0].Name && rate.LessThan(c.explainBelow()) {
			return
		}
		c.add("P10", "", prefix+"stated.total", label, fmt.Sprintf("预算执行率%s（%s），低于%s，而所述总分%s分达到“%s”的分数线%s分", c.percent(rate), how, jixiao.Percent(limit, 0),
			jixiao.Plain(*st.Total), bands[0].Name, jixiao.Plain(*bands[0].Min)), num("预算执行率", c.percent(rate)), num("所述总分", jixiao.Plain(*st.Total)))
	}
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		r, how, ok := c.projectRate(p)
		if !ok {
			continue
		}
		st, prefix := p.Stated, fmt.Sprintf("projects[%d].", i)
		if st == nil && c.ev.Subject == jixiao.SubjectProject {
			st, prefix = c.ev.Stated, ""
		}
		check(prefix, fmt.Sprintf("项目“%s”", p.Name), st, r, how)
	}
	if c.ev.Subject == jixiao.SubjectDepartment {
		if r, how, ok := c.departmentRate(); ok {
			check("", "部门整体", c.ev.Stated, r, rateHow{text: how})
		}
	}
}

// departmentRate is the department's execution rate from its budget, or
// as stated.
func (c *checker) departmentRate() (decimal.Decimal, string, bool) {
	b := c.ev.Budget
	if b == nil {
		return decimal.Zero, "", false
	}
	fin, ok1 := spent(b.Final)
	adj, ok2 := spent(b.Adjusted)
	if ok1 && ok2 && adj.IsPositive() {
		r, _ := jixiao.Ratio(fin, adj)
		return r, fmt.Sprintf("决算%s%s / 调整预算%s%s", c.amount(fin), b.AmountUnit(), c.amount(adj), b.AmountUnit()), true
	}
	for _, sr := range b.Rates {
		if sr.Of == "total" && sr.Rate.Numeric {
			return sr.Rate.Value.Shift(-2), "报告所述", true
		}
	}
	return decimal.Zero, "", false
}

// balance compares a project's stated balance (结余) with the funds
// received (or, when none are stated, the year's budget) less what was
// spent (L14).
func (c *checker) balance(s scope) {
	b := s.project.Budget
	if b.Balance == nil || b.Final == nil {
		return
	}
	base, name := b.Received, "实际到位资金"
	if base == nil {
		base, name = b.Adjusted, "全年预算数"
	}
	if base == nil {
		return
	}
	want := base.Sub(*b.Final)
	if want.Sub(*b.Balance).Abs().LessThanOrEqual(c.halfUnit().Mul(decimal.NewFromInt(3))) {
		return
	}
	unit := b.AmountUnit()
	c.add("L14", "", s.at("budget.balance"), s.label+" › 项目资金 › 结余", fmt.Sprintf("所述结余%s%s，而%s%s − 实际支出%s = %s%s", c.amount(*b.Balance), unit, name,
		c.amount(*base), c.amount(*b.Final), c.amount(want), unit), num("所述结余", c.amount(*b.Balance)), num(name+"−实际支出", c.amount(want)))
}

// projectOverspend flags a project that spent more than its year's budget
// or the funds it received (B05), once, naming both when both are stated.
func (c *checker) projectOverspend() {
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		b := p.Budget
		if b == nil || b.Final == nil || zeroTotals(b) {
			continue
		}
		tol := c.halfUnit().Mul(decimal.NewFromInt(2))
		unit := b.AmountUnit()
		var over []string
		least := (*decimal.Decimal)(nil)
		for _, x := range []struct {
			name string
			v    *decimal.Decimal
		}{{"全年预算数", b.Adjusted}, {"实际到位资金", b.Received}} {
			if x.v == nil && x.name == "全年预算数" && b.Adjusted == nil {
				x.name, x.v = "年初预算数", b.Initial
			}
			if x.v == nil || b.Final.Sub(*x.v).LessThanOrEqual(tol) {
				continue
			}
			over = append(over, fmt.Sprintf("%s%s%s", x.name, c.amount(*x.v), unit))
			if least == nil || x.v.LessThan(*least) {
				least = x.v
			}
		}
		if len(over) == 0 {
			continue
		}
		c.add("B05", "", fmt.Sprintf("projects[%d].budget.final", i), fmt.Sprintf("项目“%s” › 项目资金", p.Name),
			fmt.Sprintf("全年执行数%s%s > %s，超出%s%s", c.amount(*b.Final), unit, strings.Join(over, "、"), c.amount(b.Final.Sub(*least)), unit),
			num("全年执行数", c.amount(*b.Final)), num("预算数", c.amount(*least)))
	}
}
