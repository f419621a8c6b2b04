package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Word lists for the indicator-quality rules L01–L16 (docs/checks.md). They are
// deliberately narrow: a rule that fires on good indicators is worse than
// none.
var (
	// L03: phrases that state no measurable level.
	vaguePhrases = []string{"效果明显", "成效明显", "成效显著", "效果显著", "显著提升", "显著提高", "明显提升", "明显提高", "明显改善",
		"有所提高", "有所提升", "有所改善", "进一步提升", "进一步提高", "进一步加强", "进一步完善", "进一步改善",
		"严格执行", "达成预期", "达到预期", "符合要求", "符合相关要求", "稳步提升", "不断提升", "不断提高", "逐步提升", "逐步提高"}
	// L04: inputs named as outputs.
	inputWords = words{"资金", "经费", "预算", "投资", "投入", "拨款"}
	moneyUnits = map[string]bool{"元": true, "万元": true, "亿元": true}
	// L06: outcomes under 质量, process quality under 效益.
	outcomeWords = words{"治愈率", "增收", "收入", "增长率", "提升率", "就业率", "就业人数", "带动", "满意"}
	processWords = words{"合格率", "验收通过率", "验收合格", "故障率", "返工率", "差错率"}
	// L07: satisfaction indicators.
	satisfaction = words{"满意"}
	// L09: timeliness without a date.
	vagueTime = words{"按时", "及时", "按期", "如期", "按时间节点", "按节点", "在规定时间内", "规定时限内", "计划时间内", "计划完成时间内"}
	datePart  = regexp.MustCompile(`[0-9一二三四五六七八九十]+月|[0-9]+日|年底|年末|年内|年中|上半年|下半年|[一二三四1-4]季度|[0-9]+天内|[0-9]+个?工作日`)
	// L13: total-cost indicators, and per-unit ones that are not.
	totalCost = words{"总成本", "项目成本", "总投资", "总费用", "资金总额", "成本总额", "总额"}
	unitCost  = words{"人均", "单位", "每", "亩均", "单台", "单件", "平均", "单价", "单次", "/"}
)

// words matches a text containing any of its words: what a regular
// expression of literal alternatives (a|b|c) matches, without the
// regular expression engine's backtracking on every indicator.
type words []string

// MatchString reports whether s contains any of w.
func (w words) MatchString(s string) bool {
	for _, x := range w {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// quality runs the indicator-quality rules L01, L03–L11, L13, L14.
func (c *checker) quality() {
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		s := scope{path: fmt.Sprintf("projects[%d]", i), label: fmt.Sprintf("项目“%s”", p.Name), indicators: p.Indicators, project: p}
		c.projectFunds(s)
		c.executionExplained(s)
	}
	for _, s := range c.scopes() {
		if s.project != nil {
			c.projectStructure(s)
		}
		for i := range s.indicators {
			in := &s.indicators[i]
			path, where := s.ind(i), s.whereAt(i)
			c.measurable(in, path, where)
			c.inputAsOutput(in, path, where)
			c.qualityVsBenefit(in, path, where)
			c.targetTooLow(in, path, where)
			c.vagueTimeliness(in, path, where)
			c.shortfallExplained(in, path, where)
			c.wordActuals(in, path, where)
		}
	}
}

// projectStructure checks a project's indicator tree as a whole: the
// first-level groups (L01), the number of indicators (L05), satisfaction
// standing in for benefit (L07), the long-term goal (L10) and cost against
// budget (L13).
func (c *checker) projectStructure(s scope) {
	p := s.project
	l := c.rb.Project
	if l != nil && l.Kind == jixiao.LayoutIndicators {
		for _, g := range l.Groups {
			n := 0
			for _, in := range p.Indicators {
				if g.Matches(in.Level1) {
					n++
				}
			}
			if n == 0 && !g.Optional && !c.incomplete(s.path+".") {
				c.add("L01", "", s.at("indicators"), s.label, fmt.Sprintf("%s没有%s", s.label, g.Name), num("指标数", fmt.Sprint(len(p.Indicators))))
			}
		}
		var benefit []string
		allSat := true
		for _, in := range p.Indicators {
			if len(l.Groups) > 1 && l.Groups[1].Matches(in.Level1) {
				benefit = append(benefit, in.Name)
				allSat = allSat && satisfaction.MatchString(in.Name)
			}
		}
		if len(benefit) > 0 && allSat {
			c.add("L07", "", s.at("indicators"), s.label, fmt.Sprintf("%s的效益指标只有满意度类指标（%s），未反映项目的经济、社会或生态效益", s.label, strings.Join(benefit, "、")))
		}
	}
	if len(p.Indicators) < 3 {
		c.add("L05", "", s.at("indicators"), s.label, fmt.Sprintf("%s只有%d个三级指标，少于3个", s.label, len(p.Indicators)), num("三级指标数", fmt.Sprint(len(p.Indicators))))
	}
	if lt, g := normalize(p.LongTermGoal), normalize(p.Goal); lt != "" && lt == g {
		c.add("L10", "", s.at("goal"), s.label, fmt.Sprintf("%s的年度目标与长期目标相同：“%s”", s.label, shortText(p.Goal)))
	}
	c.costAgainstBudget(s)
}

// executionExplained requires a reason for a project's low execution (L11).
func (c *checker) executionExplained(s scope) {
	p := s.project
	if rate, how, ok := c.projectRate(p); ok && rate.LessThan(c.explainBelow()) && strings.TrimSpace(p.ExecutionCause) == "" && !c.incomplete(s.path+".") {
		c.add("L11", "", s.at("execution_cause"), s.label+" › 预算执行率",
			fmt.Sprintf("预算执行率%s（%s）低于%s，未说明原因", c.percent(rate), how, jixiao.Percent(c.explainBelow(), 0)),
			num("执行率", c.percent(rate)), num("须说明原因的下限", jixiao.Percent(c.explainBelow(), 0)))
	}
}

func normalize(s string) string {
	return strings.TrimRight(strings.Join(strings.Fields(s), ""), "。.；;")
}

// explainBelow is the execution rate below which a reason is required.
func (c *checker) explainBelow() decimal.Decimal {
	if c.rb.ExplainBelow != nil {
		return *c.rb.ExplainBelow
	}
	return decimal.New(9, -1)
}

// projectRate is a project's execution rate from its budget, or as stated.
func (c *checker) projectRate(p *jixiao.Project) (decimal.Decimal, rateHow, bool) {
	if b := p.Budget; b != nil && b.Final != nil && b.Adjusted != nil && b.Adjusted.IsPositive() {
		r, _ := jixiao.Ratio(*b.Final, *b.Adjusted)
		return r, rateHow{c: c, b: b}, true
	}
	if p.StatedRate.Numeric && p.StatedRate.Unit == "%" {
		return p.StatedRate.Value.Shift(-2), rateHow{text: "报告所述"}, true
	}
	return decimal.Zero, rateHow{}, false
}

// rateHow says where a project's execution rate comes from: its budget's
// figures ("全年执行数… / 全年预算数…") or text ("报告所述"). It is
// written (String) only into a finding's message, so the many projects
// whose rate raises none are not described.
type rateHow struct {
	c    *checker
	b    *jixiao.ProjectBudget // nil: text
	text string
}

func (h rateHow) String() string {
	if h.b == nil {
		return h.text
	}
	return fmt.Sprintf("全年执行数%s%s / 全年预算数%s%s", h.c.amount(*h.b.Final), h.b.AmountUnit(), h.c.amount(*h.b.Adjusted), h.b.AmountUnit())
}

// costAgainstBudget flags a total-cost indicator above, or unequal to, the
// project's budget (L13).
func (c *checker) costAgainstBudget(s scope) {
	b := s.project.Budget
	if b == nil || b.Adjusted == nil {
		return
	}
	for i := range s.indicators {
		in := &s.indicators[i]
		unit := in.EffectiveUnit()
		if !in.Target.Numeric || !moneyUnits[unit] || !totalCost.MatchString(in.Name) || unitCost.MatchString(in.Name) {
			continue
		}
		target, _ := jixiao.Figure{Value: in.Target.Value, Unit: unit}.Base()
		budget, _ := jixiao.Figure{Value: *b.Adjusted, Unit: b.AmountUnit()}.Base()
		if target.Equal(budget) {
			continue
		}
		rel := "≠"
		if target.GreaterThan(budget) {
			rel = "超过"
		}
		if rel == "≠" && !strings.Contains(in.Name, "总") {
			continue // a cost below the budget is fine unless it claims to be the total
		}
		c.add("L13", "", s.ind(i)+".target", s.where(in), fmt.Sprintf("成本指标“%s”的指标值%s %s 全年预算数%s%s", in.Name, in.Target.Text, rel, c.amount(*b.Adjusted), b.AmountUnit()),
			num("指标值", in.Target.Text), num("全年预算数", c.amount(*b.Adjusted)+b.AmountUnit()))
	}
}

// projectFunds checks a project's fund lines against its totals and its
// stated execution rate against its amounts (L14).
func (c *checker) projectFunds(s scope) {
	b := s.project.Budget
	if b == nil {
		return
	}
	unit := b.AmountUnit()
	if zeroTotals(b) {
		c.zeroTotalRow(s.project, s.path, s.label)
		return
	}
	if len(b.Lines) > 0 {
		for _, st := range []struct {
			name, field string
			total       *decimal.Decimal
			line        func(jixiao.FundLine) *decimal.Decimal
		}{
			{"年初预算数", "initial", b.Initial, func(l jixiao.FundLine) *decimal.Decimal { return l.Initial }},
			{"全年预算数", "adjusted", b.Adjusted, func(l jixiao.FundLine) *decimal.Decimal { return l.Adjusted }},
			{"全年执行数", "final", b.Final, func(l jixiao.FundLine) *decimal.Decimal { return l.Final }},
			{"实际到位资金", "received", b.Received, func(l jixiao.FundLine) *decimal.Decimal { return l.Received }},
		} {
			if st.total == nil {
				continue
			}
			var parts []part
			for _, l := range b.Lines {
				if v := st.line(l); v != nil {
					parts = append(parts, part{l.Source, *v})
				}
			}
			if len(parts) == 0 {
				continue
			}
			c.sumCheck("L14", s.at("budget."+st.field), s.label+" › 项目资金", st.name+"各来源之和", st.name, parts, *st.total, unit)
		}
	}
	c.balance(s)
	if s.project.StatedRate.Numeric && b.Final != nil && b.Adjusted != nil {
		c.rateCheck("L14", s.at("stated_rate"), s.label+" › 预算执行率", "预算执行率", s.project.StatedRate, "全年执行数", *b.Final, "全年预算数", *b.Adjusted, unit, true)
	}
}

// measurable flags a target with no number that is not declared
// qualitative, and vague wording (L03).
func (c *checker) measurable(in *jixiao.Indicator, path, where string) {
	t := strings.TrimSpace(in.Target.Text)
	var why []string
	switch {
	case t == "":
		why = append(why, "未填写指标值")
	case !in.Target.Numeric && in.Op != jixiao.OpQualitative:
		why = append(why, "没有数值和计量单位，也未设为定性指标")
	}
	var found []string
	for _, p := range vaguePhrases {
		if strings.Contains(t, p) {
			found = append(found, "“"+p+"”")
		}
	}
	if len(found) > 0 {
		why = append(why, "使用了"+strings.Join(found, "、")+"等笼统表述，无法据以判断是否完成")
	}
	if len(why) == 0 {
		return
	}
	msg := fmt.Sprintf("指标“%s”的指标值“%s”%s", in.Name, shortText(t), strings.Join(why, "，"))
	if t == "" {
		msg = fmt.Sprintf("指标“%s”未填写指标值", in.Name)
	}
	c.add("L03", "", path+".target", where, msg)
}

// inputAsOutput flags a 数量 indicator that counts money or another input
// (L04).
func (c *checker) inputAsOutput(in *jixiao.Indicator, path, where string) {
	l2 := strings.TrimSpace(in.Level2)
	if !strings.HasPrefix(l2, "数量") {
		return
	}
	byName := inputWords.MatchString(in.Name) && !strings.HasSuffix(in.Name, "率")
	byUnit := moneyUnits[in.EffectiveUnit()]
	if !byName && !byUnit {
		return
	}
	why := "名称是资金、经费等投入"
	if byUnit {
		why = fmt.Sprintf("以金额（%s）计量", in.EffectiveUnit())
	}
	c.add("L04", "", path, where, fmt.Sprintf("数量指标“%s”%s，是投入而非产出；产出应是用这些投入完成的工作量", in.Name, why))
}

// qualityVsBenefit flags outcomes listed as quality and process quality
// listed as benefit (L06).
func (c *checker) qualityVsBenefit(in *jixiao.Indicator, path, where string) {
	l1, l2 := in.Level1, in.Level2
	switch {
	case strings.HasPrefix(l2, "质量") && outcomeWords.MatchString(in.Name):
		c.add("L06", "", path+".level2", where, fmt.Sprintf("质量指标“%s”衡量的是效果，应列为效益指标", in.Name))
	case (strings.HasPrefix(l1, "效益") || strings.Contains(l2, "效益")) && processWords.MatchString(in.Name):
		c.add("L06", "", path+".level1", where, fmt.Sprintf("效益指标“%s”衡量的是产出质量，应列为质量指标", in.Name))
	}
}

// targetTooLow flags an actual far beyond its target (L08).
func (c *checker) targetTooLow(in *jixiao.Indicator, path, where string) {
	if in.Qualitative() {
		return
	}
	o, err := in.Operands()
	if err != nil || !o.Target.IsPositive() {
		return
	}
	op := in.EffectiveOp()
	dev := jixiao.DivRound(o.Actual.Sub(o.Target), o.Target, 12)
	word, what := "高出", "偏低"
	if op.Reverse() {
		dev, word, what = dev.Neg(), "低", "过松"
	}
	theta := c.rb.ThetaOrDefault()
	reason := strings.TrimSpace(in.Deviation) != ""
	// The figures of a finding, made only for one.
	nums := func() []jixiao.Number {
		return []jixiao.Number{num("指标值", in.Target.Text), num("实际值", in.Actual.Text), num("偏离", c.percent(dev))}
	}
	if dev.GreaterThan(theta) {
		sev, tail := jixiao.Severity(""), "，须分析原因；如系指标值设定"+what+"，可按偏离度调减分值"
		if reason {
			sev, tail = jixiao.SeverityInfo, "，已说明原因："+shortText(in.Deviation)
		}
		c.add("L08", sev, path+".target", where, fmt.Sprintf("实际值%s比指标值%s%s%s，超过提示阈值%s%s", in.Actual.Text, in.Target.Text, word, c.percent(dev),
			jixiao.Percent(theta, 0), tail), nums()...)
		return
	}
	// A 时效 or 质量 rate set below 100% and met at 100%.
	l2 := in.Level2
	if !op.Reverse() && o.Unit == "%" && o.Target.LessThan(decimal.NewFromInt(100)) && o.Actual.Equal(decimal.NewFromInt(100)) &&
		(strings.HasPrefix(l2, "时效") || strings.HasPrefix(l2, "质量")) {
		c.add("L08", jixiao.SeverityInfo, path+".target", where, fmt.Sprintf("%s指标值为%s，实际为100%%，指标值可能设定偏低", strings.TrimSuffix(l2, "指标"), in.Target.Text), nums()...)
	}
}

// vagueTimeliness flags timeliness without a date or a rate (L09).
func (c *checker) vagueTimeliness(in *jixiao.Indicator, path, where string) {
	text := in.Name + " " + in.Target.Text
	timely := strings.HasPrefix(in.Level2, "时效")
	if !vagueTime.MatchString(text) && !(timely && !in.Target.Numeric) {
		return
	}
	if datePart.MatchString(in.Target.Text) || strings.Contains(in.Name, "率") {
		return
	}
	c.add("L09", "", path+".target", where, fmt.Sprintf("指标“%s”的指标值“%s”没有写明完成时间；时效指标应写明完成日期（如“12月31日前完成”）或按时完成率", in.Name, shortText(in.Target.Text)))
}

// shortfallExplained requires a deviation analysis where an indicator
// misses its target (L11).
func (c *checker) shortfallExplained(in *jixiao.Indicator, path, where string) {
	if strings.TrimSpace(in.Deviation) != "" {
		return
	}
	if in.Qualitative() {
		if t := c.tierOf(in); t != nil && !c.topTier(t) {
			c.add("L11", "", path+".deviation", where, fmt.Sprintf("评为“%s”，未填写偏差原因分析", t.Name), num("档次", t.Name))
		}
		return
	}
	o, err := in.Operands()
	if err != nil || o.Met(in.EffectiveOp()) {
		return
	}
	c.add("L11", "", path+".deviation", where, fmt.Sprintf("实际值%s未达到指标值%s，未填写偏差原因分析", in.Actual.Text, in.Target.Text),
		num("指标值", in.Target.Text), num("实际值", in.Actual.Text))
}
