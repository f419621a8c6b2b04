package check

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// scores checks the scorecard and the scores the report states: problems
// that stopped scoring (S01), scores outside [0, weight] (S02), sums (S03),
// scores that differ from the rulebook's (S04), missing actual values (S05),
// weights (L02), scores against achievement (L12), grades (L15) and
// qualitative bands (L16).
func (c *checker) scores() {
	for _, p := range c.ScoreProblems {
		c.add("S01", "", p.Path, "评分", p.Message)
	}
	c.capChecks()
	c.weights()
	c.goalScores()
	for _, s := range c.scopes() {
		c.indicatorScores(s)
		c.missingActuals(s)
		c.unevenScores(s)
	}
	c.departmentExecution()
	c.lineScores()
	c.stated("", "报告", c.ev.Stated, c.Scorecard)
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		path := fmt.Sprintf("projects[%d]", i)
		c.stated(path+".", fmt.Sprintf("项目“%s”", p.Name), p.Stated, c.scorecards[path])
		c.executionScore(p, path)
	}
	c.unexplainedDeductions()
}

// weights checks that the weights sum to the layout's full marks, and that
// a first-level weight the case states matches its indicators' (L02).
func (c *checker) weights() {
	check := func(sc *jixiao.Scorecard, l *jixiao.Layout, path, label string) {
		if sc == nil || l == nil || l.Total == nil || sc.Weight.Equal(*l.Total) || sc.Incomplete != "" || c.capsDisagree[scopeOf(path)] {
			return
		}
		var terms []string
		for _, n := range sc.Nodes {
			terms = append(terms, n.Name+jixiao.Plain(n.Weight))
		}
		c.add("L02", "", path, label+" › 分值", fmt.Sprintf("%s各项分值之和%s ≠ 满分%s（%s）", label, jixiao.Plain(sc.Weight), jixiao.Plain(*l.Total), strings.Join(terms, " + ")),
			num("分值之和", jixiao.Plain(sc.Weight)), num("满分", jixiao.Plain(*l.Total)))
	}
	if sc := c.Scorecard; sc != nil {
		if c.ev.Subject == jixiao.SubjectProject {
			check(sc, c.rb.Project, "projects[0].indicators", fmt.Sprintf("项目“%s”", sc.Name))
		} else {
			path := "goals"
			if c.rb.Department != nil && c.rb.Department.Kind == jixiao.LayoutIndicators {
				path = "indicators"
			}
			check(sc, c.rb.Department, path, "部门整体")
			for _, p := range sc.Projects {
				for _, i := range c.byName[p.Name] {
					check(p, c.rb.Project, fmt.Sprintf("projects[%d].indicators", i), fmt.Sprintf("项目“%s”", p.Name))
				}
			}
		}
	}
	// A first-level weight the case states against its indicators' weights.
	if c.rb.Project == nil {
		return
	}
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		for _, g := range c.rb.Project.Groups {
			name, w, ok := weightFor(p.Weights, &g)
			if !ok {
				continue
			}
			sum, all, n := decimal.Zero, true, 0
			for _, in := range p.Indicators {
				if g.Matches(in.Level1) {
					n++
					if in.Weight == nil {
						all = false
					} else {
						sum = jixiao.Add(sum, *in.Weight)
					}
				}
			}
			if n > 0 && all && !sum.Equal(w) {
				c.add("L02", "", fmt.Sprintf("projects[%d].weights.%s", i, name), fmt.Sprintf("项目“%s” › %s", p.Name, g.Name),
					fmt.Sprintf("%s所含%d个指标的分值之和%s ≠ 所述%s分值%s", g.Name, n, jixiao.Plain(sum), g.Name, jixiao.Plain(w)),
					num("指标分值之和", jixiao.Plain(sum)), num("一级指标分值", jixiao.Plain(w)))
			}
		}
	}
}

// scopeOf is the scope of a case path: "projects[0]" for a project's
// paths, "" for the department's.
func scopeOf(path string) string {
	if strings.HasPrefix(path, "projects[") {
		if i := strings.Index(path, "]"); i > 0 {
			return path[:i+1]
		}
	}
	return ""
}

// weightFor returns the weight a case states for a group, under the
// group's name or one of its aliases.
func weightFor(ws map[string]decimal.Decimal, g *jixiao.GroupRule) (string, decimal.Decimal, bool) {
	for name, w := range ws {
		if g.Matches(name) {
			return name, w, true
		}
	}
	return "", decimal.Zero, false
}

// goalScores checks each sub-goal's stated score: in range, as the rubric
// gives it, and with a reason for every point lost.
func (c *checker) goalScores() {
	for i := range c.ev.Goals {
		g := &c.ev.Goals[i]
		path := fmt.Sprintf("goals[%d]", i)
		where := goalLabel(i, g)
		if g.StatedScore == nil || g.Weight == nil {
			continue
		}
		if c.outOfRange(path+".stated_score", where, "得分", *g.StatedScore, *g.Weight) {
			continue
		}
		if n := c.nodes[path]; n != nil {
			c.mismatch(path+".stated_score", where, *g.StatedScore, n)
		}
		if g.StatedScore.LessThan(*g.Weight) && len(g.Deductions) == 0 {
			c.add("L12", "", path+".stated_score", where,
				fmt.Sprintf("所述得分%s低于分值%s，但没有记录扣分及其原因", jixiao.Plain(*g.StatedScore), jixiao.Plain(*g.Weight)),
				num("所述得分", jixiao.Plain(*g.StatedScore)), num("分值", jixiao.Plain(*g.Weight)))
		}
	}
}

// outOfRange flags a stated score below 0 or above its weight (S02).
func (c *checker) outOfRange(path, where, what string, score, weight decimal.Decimal) bool {
	if !score.IsNegative() && score.LessThanOrEqual(weight) {
		return false
	}
	rel := "超过分值" + jixiao.Plain(weight)
	if score.IsNegative() {
		rel = "小于0"
	}
	c.add("S02", "", path, where, fmt.Sprintf("%s%s%s", what, jixiao.Plain(score), rel), num(what, jixiao.Plain(score)), num("分值", jixiao.Plain(weight)))
	return true
}

// mismatch compares a stated score with the scorecard's at the rulebook's
// display places (S04).
func (c *checker) mismatch(path, where string, stated decimal.Decimal, n *jixiao.Node) {
	p := c.round.Score
	if jixiao.Round(n.Score, p).Equal(jixiao.Round(stated, p)) {
		return
	}
	c.add("S04", "", path, where, fmt.Sprintf("所述得分%s，按规则 %s 计算为%s（%s）", jixiao.Plain(stated), c.rb.Name,
		jixiao.Fixed(n.Score, c.round.Score), n.Explanation),
		num("所述得分", jixiao.Plain(stated)), num("按规则计算", jixiao.Fixed(n.Score, c.round.Score)))
}

// indicatorScores checks each indicator's stated score against its weight,
// its achievement, its tier and the rubric.
func (c *checker) indicatorScores(s scope) {
	for i := range s.indicators {
		in := &s.indicators[i]
		path, where := s.ind(i), s.whereAt(i)
		node := c.nodes[path]
		weight := in.Weight
		if weight == nil && in.Score != nil && c.formStates(s) {
			// The form prints a score but no weight for the row: the
			// weight jixiao shares out is not the form's, and a score
			// cannot be judged against it.
			continue
		}
		if weight == nil && node != nil {
			weight = &node.Weight
		}
		if in.Score != nil && weight != nil && len(in.Deductions) > 0 {
			// A row stating the points it lost is judged by them.
			if !c.outOfRange(path+".score", where, "得分", *in.Score, *weight) {
				c.deductedScore(in, path, where, *weight)
			}
			continue
		}
		if in.Qualitative() && (node == nil || node.Rubric == jixiao.RubricQualitative) {
			c.qualitativeScore(in, path, where, weight)
			continue
		}
		if in.Score == nil || weight == nil {
			continue
		}
		if c.outOfRange(path+".score", where, "得分", *in.Score, *weight) {
			continue
		}
		if in.Qualitative() {
			// A row the rule scores from other data (the budget's
			// execution rate, a formula): its stated score against the
			// rule's, and points lost at full attainment.
			if node != nil {
				if node.Score.Equal(*weight) && in.Score.LessThan(*weight) && !explained(in) {
					c.add("L12", "", path+".score", where, fmt.Sprintf("按规则应得满分%s（%s），表中只得%s分，未说明扣分原因", jixiao.Plain(*weight), node.Explanation, jixiao.Plain(*in.Score)),
						num("得分", jixiao.Plain(*in.Score)), num("分值", jixiao.Plain(*weight)))
				}
				c.mismatch(path+".score", where, *in.Score, node)
			}
			continue
		}
		o, err := in.Operands()
		met := err == nil && o.Met(in.EffectiveOp())
		switch {
		case err == nil && !met && in.Score.Equal(*weight):
			c.add("L12", "", path+".score", where, fmt.Sprintf("实际值%s未达到指标值%s，却得满分%s", in.Actual.Text, in.Target.Text, jixiao.Plain(*weight)),
				num("实际值", in.Actual.Text), num("指标值", in.Target.Text), num("得分", jixiao.Plain(*in.Score)))
		case met && in.Score.LessThan(*weight) && !explained(in):
			c.add("L12", "", path+".score", where, fmt.Sprintf("实际值%s达到指标值%s，却只得%s分（分值%s），未说明扣分原因", in.Actual.Text, in.Target.Text, jixiao.Plain(*in.Score), jixiao.Plain(*weight)),
				num("实际值", in.Actual.Text), num("指标值", in.Target.Text), num("得分", jixiao.Plain(*in.Score)))
		}
		if node != nil {
			c.mismatch(path+".score", where, *in.Score, node)
		}
		if node != nil && node.Rubric == jixiao.RubricStated && err == nil && !met {
			c.coefficient(in, path, where, o, *weight)
		}
	}
}

// coefficient compares a score the rule takes as stated (得分系数 × 指标
// 权重) with the share of its target a quantitative row attained (S04): a
// row that missed its target keeps at most that share of its weight.
func (c *checker) coefficient(in *jixiao.Indicator, path, where string, o jixiao.Operands, weight decimal.Decimal) {
	num1, den := o.Actual, o.Target
	if in.EffectiveOp().Reverse() {
		num1, den = o.Target, o.Actual
	}
	if !den.IsPositive() || num1.IsNegative() {
		return
	}
	share := jixiao.DivRound(num1, den, 12)
	due := jixiao.Round(weight.Mul(share), c.round.Score)
	if !jixiao.Round(*in.Score, c.round.Score).GreaterThan(due) {
		return
	}
	c.add("S04", "", path+".score", where, fmt.Sprintf("实际值%s未达到指标值%s，完成比例%s，按比例应得%s（%s × %s），表中得分%s", in.Actual.Text, in.Target.Text,
		jixiao.Percent(share, 2), jixiao.Fixed(due, c.round.Score), jixiao.Plain(weight), jixiao.Percent(share, 2), jixiao.Plain(*in.Score)),
		num("所述得分", jixiao.Plain(*in.Score)), num("按完成比例", jixiao.Fixed(due, c.round.Score)))
}

// explained reports whether an indicator gives a reason for points lost: a
// deviation analysis or a deduction with a reason.
func explained(in *jixiao.Indicator) bool {
	if strings.TrimSpace(in.Deviation) != "" {
		return true
	}
	for _, d := range in.Deductions {
		if strings.TrimSpace(d.Reason) != "" {
			return true
		}
	}
	return false
}

func (c *checker) qualitativeScore(in *jixiao.Indicator, path, where string, weight *decimal.Decimal) {
	if in.Score == nil || weight == nil {
		return
	}
	if c.outOfRange(path+".score", where, "评定得分", *in.Score, *weight) {
		return
	}
	tier := c.tierOf(in)
	if tier == nil && textMet(in) && in.Score.LessThan(*weight) && !explained(in) {
		// A text target met counts as met, as a number reaching its target
		// does: full marks by the rule, and the points lost need a reason.
		c.add("L12", "", path+".score", where, fmt.Sprintf("实际完成情况“%s”达到指标值“%s”，却只得%s分（分值%s），未说明扣分原因", shortText(in.Actual.Text), shortText(in.Target.Text),
			jixiao.Plain(*in.Score), jixiao.Plain(*weight)), num("实际值", in.Actual.Text), num("指标值", in.Target.Text), num("得分", jixiao.Plain(*in.Score)))
		c.add("S04", "", path+".score", where, fmt.Sprintf("所述得分%s，按规则 %s 应为%s（实际完成情况与指标值一致，视为达到目标，得满分）", jixiao.Plain(*in.Score), c.rb.Name, jixiao.Fixed(*weight, c.round.Score)),
			num("所述得分", jixiao.Plain(*in.Score)), num("按规则计算", jixiao.Fixed(*weight, c.round.Score)))
		return
	}
	if tier == nil || !weight.IsPositive() {
		return
	}
	share := jixiao.DivRound(*in.Score, *weight, 12)
	if !tier.Contains(share) {
		lt := ""
		if tier.MaxExclusive {
			lt = "<"
		}
		c.add("L16", "", path+".score", where, fmt.Sprintf("评为“%s”，该档得分区间为%s–%s%s分（分值%s的%s–%s%s），评定得分%s不在区间内",
			tier.Name, jixiao.Fixed(weight.Mul(tier.Min), c.round.Score), lt, jixiao.Fixed(weight.Mul(tier.Max), c.round.Score), jixiao.Plain(*weight),
			jixiao.Percent(tier.Min, 0), lt, jixiao.Percent(tier.Max, 0), jixiao.Plain(*in.Score)),
			num("评定得分", jixiao.Plain(*in.Score)), num("档次下限", jixiao.Fixed(weight.Mul(tier.Min), c.round.Score)), num("档次上限", jixiao.Fixed(weight.Mul(tier.Max), c.round.Score)))
		return
	}
	if c.topTier(tier) && in.Score.LessThan(*weight) && !explained(in) {
		c.add("L12", "", path+".score", where, fmt.Sprintf("评为“%s”，得%s分（分值%s），未说明扣分原因", tier.Name, jixiao.Plain(*in.Score), jixiao.Plain(*weight)),
			num("评定得分", jixiao.Plain(*in.Score)), num("分值", jixiao.Plain(*weight)))
	}
}

// stated checks a stated total and grade: the grade against the bands for
// the stated total (L15), the total against the stated parts (S03) and
// against the scorecard (S04).
func (c *checker) stated(prefix, label string, st *jixiao.Stated, sc *jixiao.Scorecard) {
	if st == nil {
		return
	}
	path := prefix + "stated"
	if st.Total != nil && st.Grade != "" && !c.incomplete(prefix) {
		// A document that prints its own grade bands is graded by them.
		bands, whose := c.rb, "等级标准"
		if len(st.Grades) > 0 {
			bands, whose = &jixiao.Rulebook{Grades: st.Grades}, "表中所载等级标准"
		}
		if g := bands.Grade(*st.Total); g != st.Grade {
			c.add("L15", "", path+".grade", label+" › 评价等级", fmt.Sprintf("所述总分%s分按%s（%s）应为“%s”，所述等级为“%s”",
				jixiao.Plain(*st.Total), whose, bands.GradesText(), g, st.Grade),
				num("所述总分", jixiao.Plain(*st.Total)), num("所述等级", st.Grade), num("应为", g))
		}
	}
	if st.Total == nil {
		return
	}
	if sc != nil && sc.Weight.IsPositive() && !c.incomplete(prefix) && c.outOfRange(path+".total", label+" › 总分", "所述总分", *st.Total, sc.Weight) {
		return
	}
	c.reachable(prefix, label, *st.Total)
	if sc != nil {
		c.statedParts(prefix, label, *st.Total)
		// A total that differs because the weights do not reach the full
		// score is L02's finding, not reported again.
		// A form cut off or not filled in is scored over what it has: its
		// total is not the form's.
		// A total that is the sum of the stated rows differs from the
		// rule's by the rows' differences, each reported (S04) where the
		// form prints the row's weight.
		if sum, terms, ok := c.statedSum(prefix); ok && sum.Sub(*st.Total).Abs().LessThanOrEqual(c.partsTolerance(len(terms))) {
			return
		}
		if !sc.Displayed.Equal(jixiao.Round(*st.Total, c.round.Total)) && c.fullWeight(sc) && !c.incomplete(prefix) {
			c.add("S04", "", path+".total", label+" › 总分", fmt.Sprintf("所述总分%s，按规则 %s 计算为%s（%s）", jixiao.Plain(*st.Total), c.rb.Name,
				jixiao.Fixed(sc.Displayed, c.round.Total), sc.Grade), num("所述总分", jixiao.Plain(*st.Total)), num("按规则计算", jixiao.Fixed(sc.Displayed, c.round.Total)))
		}
	}
}

// statedParts adds up the stated scores of the top-level nodes when every
// one is stated, and compares the sum with the stated total (S03).
func (c *checker) statedParts(prefix, label string, total decimal.Decimal) {
	if c.incomplete(prefix) {
		return // rows left out of a cut-off form do not add up
	}
	sum, terms, ok := c.statedSum(prefix)
	if !ok {
		return
	}
	diff := sum.Sub(total)
	if diff.IsZero() {
		return
	}
	msg := fmt.Sprintf("%s各项所述得分之和%s（%s）≠ 所述总分%s", label, jixiao.Plain(sum), strings.Join(terms, " + "), jixiao.Plain(total))
	sev := jixiao.Severity("")
	if diff.Abs().LessThanOrEqual(c.partsTolerance(len(terms))) {
		sev = jixiao.SeverityInfo
		msg += "，差异在各项得分四舍五入的误差范围内"
	}
	c.add("S03", sev, prefix+"stated.total", label+" › 总分", msg, num("得分之和", jixiao.Plain(sum)), num("所述总分", jixiao.Plain(total)))
}

// partsTolerance is how far a sum of n stated scores may be from a stated
// total by rounding alone: half a unit of the rulebook's score places per
// part, and half a unit of its total places.
func (c *checker) partsTolerance(n int) decimal.Decimal {
	return decimal.New(5, -c.round.Score-1).Mul(decimal.NewFromInt(int64(n))).Add(decimal.New(5, -c.round.Total-1))
}

// statedSum adds up the stated scores of a scope's top-level parts (the
// execution score and every indicator's, or every sub-goal's) when every
// one is stated.
func (c *checker) statedSum(prefix string) (decimal.Decimal, []string, bool) {
	var parts []decimal.Decimal
	var terms []string
	add := func(d decimal.Decimal) {
		parts = append(parts, d)
		terms = append(terms, jixiao.Plain(d))
	}
	if prefix == "" && c.ev.Subject == jixiao.SubjectDepartment {
		for _, g := range c.ev.Goals {
			if g.StatedScore == nil {
				return decimal.Zero, nil, false
			}
			add(*g.StatedScore)
		}
		if len(c.ev.Goals) == 0 && len(c.ev.Indicators) > 0 {
			if l := c.rb.Department; l != nil && l.Execution != nil {
				if c.ev.Stated.Execution == nil {
					return decimal.Zero, nil, false
				}
				add(*c.ev.Stated.Execution)
			}
			for _, in := range c.ev.Indicators {
				if in.Score == nil {
					return decimal.Zero, nil, false
				}
				add(*in.Score)
			}
		}
	} else {
		p := c.projectAt(prefix)
		if p == nil {
			return decimal.Zero, nil, false
		}
		if c.rb.Project != nil && c.rb.Project.Execution != nil {
			if p.ExecutionScore == nil {
				return decimal.Zero, nil, false
			}
			add(*p.ExecutionScore)
		}
		for _, in := range p.Indicators {
			if in.Score == nil {
				return decimal.Zero, nil, false
			}
			add(*in.Score)
		}
	}
	sum := decimal.Zero
	for _, p := range parts {
		sum = jixiao.Add(sum, p)
	}
	return sum, terms, len(parts) > 0
}

func (c *checker) projectAt(prefix string) *jixiao.Project {
	if prefix == "" {
		if len(c.ev.Projects) == 1 && c.ev.Subject == jixiao.SubjectProject {
			return &c.ev.Projects[0]
		}
		return nil
	}
	// "projects[i]." names the i-th project: read i, in constant time.
	digits, ok := strings.CutPrefix(prefix, "projects[")
	digits, ok2 := strings.CutSuffix(digits, "].")
	if !ok || !ok2 {
		return nil
	}
	i, err := strconv.Atoi(digits)
	if err != nil || i < 0 || i >= len(c.ev.Projects) || strconv.Itoa(i) != digits {
		return nil
	}
	return &c.ev.Projects[i]
}

// unexplainedDeductions flags every deduction without a reason (L12).
func (c *checker) unexplainedDeductions() {
	flag := func(path, where string, ds []jixiao.Deduction) {
		for k, d := range ds {
			if strings.TrimSpace(d.Reason) == "" {
				c.add("L12", "", fmt.Sprintf("%s[%d].reason", path, k), where, fmt.Sprintf("扣%s分，没有说明扣分原因", jixiao.Plain(d.Points)), num("扣分", jixiao.Plain(d.Points)))
			}
		}
	}
	for i, g := range c.ev.Goals {
		flag(fmt.Sprintf("goals[%d].deductions", i), goalLabel(i, &g), g.Deductions)
	}
	for _, s := range c.scopes() {
		for i := range s.indicators {
			flag(s.ind(i)+".deductions", s.whereAt(i), s.indicators[i].Deductions)
		}
	}
	for i, p := range c.ev.Projects {
		flag(fmt.Sprintf("projects[%d].execution_deductions", i), fmt.Sprintf("项目“%s” › 预算执行率", p.Name), p.ExecutionDeductions)
	}
}

// processBlock reports whether a level-1 label names a block of process
// criteria (决策, 管理, 过程) rather than of performance indicators.
func processBlock(level1 string) bool {
	return strings.Contains(level1, "决策") || strings.Contains(level1, "管理") || strings.Contains(level1, "过程")
}

// missingActuals lists, per scope, the indicators without an actual value,
// and the quantitative ones whose actual is not a number (S05).
func (c *checker) missingActuals(s scope) {
	// F01 reports a form not filled in; of its rows, only those scored
	// without an actual are a contradiction worth naming.
	incomplete := s.project != nil && c.incomplete(s.path+".") || s.project == nil && s.path == "" && c.incomplete("")
	// A scoring rubric (several rows, none with a target or an actual: the
	// table has no such columns) has nothing to report.
	if incomplete && len(s.indicators) > 1 && !slices.ContainsFunc(s.indicators, func(in jixiao.Indicator) bool { return !in.Target.IsZero() || !in.Actual.IsZero() }) {
		return
	}
	var missing, textual []string
	for i := range s.indicators {
		in := &s.indicators[i]
		if incomplete && in.Score == nil || processBlock(in.Level1) && in.Target.IsZero() && in.Actual.IsZero() {
			// A process criterion (项目决策, 项目管理) is rated against its
			// scoring standard, not a target: no actual is due.
			continue
		}
		switch {
		case in.Actual.IsZero() && !(in.Qualitative() && !in.Target.IsZero() && (in.Tier != "" || in.Score != nil)):
			// A rated qualitative indicator needs no actual; a row with
			// neither target nor actual has nothing its score rests on.
			missing = append(missing, fmt.Sprintf("%s（目标%s）", in.Name, shortText(in.Target.Text)))
		case !in.Qualitative() && !in.Actual.IsZero() && !in.Actual.Numeric && !wordActual(in):
			textual = append(textual, fmt.Sprintf("%s（目标%s，完成情况“%s”）", in.Name, in.Target.Text, shortText(in.Actual.Text)))
		}
	}
	if len(missing) == 0 && len(textual) == 0 {
		return
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("%d个未报告完成值：%s", len(missing), strings.Join(missing, "；")))
	}
	if len(textual) > 0 {
		parts = append(parts, fmt.Sprintf("%d个定量指标的完成值不是数值：%s", len(textual), strings.Join(textual, "；")))
	}
	c.add("S05", "", s.at("indicators"), s.label, fmt.Sprintf("%s的%d个指标中，%s", s.label, len(s.indicators), strings.Join(parts, "；另有")),
		num("指标数", fmt.Sprint(len(s.indicators))), num("未报告完成值", fmt.Sprint(len(missing))), num("完成值非数值", fmt.Sprint(len(textual))))
}

func shortText(s string) string {
	r := []rune(s)
	if len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return s
}

// fullWeight reports whether a scorecard's weights reach its layout's full
// score.
func (c *checker) fullWeight(sc *jixiao.Scorecard) bool {
	l := c.rb.Layout(sc.Subject)
	return l == nil || l.Total == nil || sc.Weight.Equal(*l.Total)
}

// deductedScore compares a row's stated score with its weight less the
// points its deductions state (S04): a row explaining "扣除0.5分" out of 10
// while stating 7.75.
func (c *checker) deductedScore(in *jixiao.Indicator, path, where string, weight decimal.Decimal) {
	off := jixiao.TotalDeducted(in.Deductions)
	want := weight.Sub(off)
	if want.IsNegative() {
		want = decimal.Zero
	}
	if !want.Equal(*in.Score) {
		c.add("S04", "", path+".score", where, fmt.Sprintf("所述得分%s，而分值%s − 所述扣分%s = %s", jixiao.Plain(*in.Score), jixiao.Plain(weight), jixiao.Plain(off), jixiao.Plain(want)),
			num("所述得分", jixiao.Plain(*in.Score)), num("分值−扣分", jixiao.Plain(want)))
	}
}
