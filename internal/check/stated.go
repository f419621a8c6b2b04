package check

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// isExecution reports whether a label names the budget-execution block
// (预算执行率, 预算执行情况, or the layout's own name for it).
func isExecution(name string, l *jixiao.Layout) bool {
	name = strings.TrimSpace(name)
	if strings.Contains(name, "预算执行") {
		return true
	}
	return l != nil && l.Execution != nil && l.Execution.Name != "" && name == l.Execution.Name
}

// execCap is the most a form's execution cell can hold, and where that
// figure comes from: the cap printed in the table, else the scorecard's
// execution node, else the case's or the rulebook's execution weight.
func (c *checker) execCap(p *jixiao.Project, path string) (decimal.Decimal, string, bool) {
	st, caps, l, node := c.ev.Stated, c.ev.Caps, c.rb.Department, c.nodes["budget"]
	var weights map[string]decimal.Decimal
	if p != nil {
		st, caps, l, node, weights = p.Stated, p.Caps, c.rb.Project, c.nodes[path+".budget"], p.Weights
	}
	if st != nil && st.ExecutionMax != nil {
		return *st.ExecutionMax, "表中所印分值", true
	}
	if p != nil && c.ev.Subject == jixiao.SubjectProject && c.ev.Stated != nil && c.ev.Stated.ExecutionMax != nil {
		return *c.ev.Stated.ExecutionMax, "表中所印分值", true
	}
	for _, cp := range caps {
		if cp.Level2 == "" && isExecution(cp.Level1, l) {
			return cp.Weight, "表中所印分值", true
		}
	}
	if node != nil {
		return node.Weight, "分值", true
	}
	for k, w := range weights {
		if isExecution(k, l) {
			return w, "分值", true
		}
	}
	if l != nil && l.Execution != nil {
		return l.Execution.Weight, "评分规则" + c.rb.Name + "的分值", true
	}
	return decimal.Zero, "", false
}

// executionScore checks a project's stated execution score against its
// cap (S02), even without indicator rows, and against the rulebook (S04).
// A project keeps its stated execution score in execution_score; a score
// given as stated.execution (of the project, or of a project case) is
// checked the same way.
func (c *checker) executionScore(p *jixiao.Project, path string) {
	score, field := p.ExecutionScore, path+".execution_score"
	switch {
	case score != nil:
	case p.Stated != nil && p.Stated.Execution != nil:
		score, field = p.Stated.Execution, path+".stated.execution"
	case c.ev.Subject == jixiao.SubjectProject && c.ev.Stated != nil && c.ev.Stated.Execution != nil:
		score, field = c.ev.Stated.Execution, "stated.execution"
	default:
		return
	}
	where := fmt.Sprintf("项目“%s” › 预算执行率", p.Name)
	if cp, how, ok := c.execCap(p, path); ok && c.outOfRange(field, where, "预算执行得分", *score, cp) {
		c.findings[len(c.findings)-1].Message += "（" + how + "）"
		return
	}
	if n := c.nodes[path+".budget"]; n != nil {
		c.mismatch(field, where, *score, n)
	}
}

// departmentExecution checks a department's stated execution score the
// same way (S02, S04).
func (c *checker) departmentExecution() {
	st := c.ev.Stated
	if c.ev.Subject != jixiao.SubjectDepartment || st == nil || st.Execution == nil {
		return
	}
	where := "部门整体 › 预算执行"
	if cp, how, ok := c.execCap(nil, ""); ok && c.outOfRange("stated.execution", where, "预算执行得分", *st.Execution, cp) {
		c.findings[len(c.findings)-1].Message += "（" + how + "）"
		return
	}
	if c.ev.Completeness() != "" && len(c.ev.Indicators) == 0 && len(c.ev.Goals) == 0 && c.ev.Provenance != nil && c.ev.Provenance.Chosen != "" {
		// A form cut off before its indicators names no rules, and the
		// rulebook chosen to score its budget is not the form's: its
		// stated score is not compared with that rulebook's.
		return
	}
	if n := c.nodes["budget"]; n != nil {
		c.mismatch("stated.execution", where, *st.Execution, n)
	}
}

// lineScores compares the execution score a table states on a budget
// line of its own (基本支出, 项目支出) with that line's rate times its
// printed cap, capped at the cap (S04): the rule such tables print beside
// the scores (执行率 × 该指标分值，最高不超过分值上限). The rate is against
// the adjusted budget, or the initial one when the table has no other.
func (c *checker) lineScores() {
	b := c.ev.Budget
	if b == nil {
		return
	}
	title := map[string]string{"total": "年度资金总额", "basic": "基本支出", "project": "项目支出"}
	line := func(s *jixiao.BudgetStage, of string) *decimal.Decimal {
		if s == nil {
			return nil
		}
		switch of {
		case "basic":
			return s.Basic
		case "project":
			return s.Project
		}
		if v, ok := spent(s); ok {
			return &v
		}
		return nil
	}
	for i, l := range b.Scores {
		cp := l.Max
		if cp == nil && c.ev.Stated != nil {
			cp = c.ev.Stated.ExecutionMax
		}
		fin := line(b.Final, l.Of)
		base, baseName := line(b.Adjusted, l.Of), "全年预算数"
		if base == nil {
			base, baseName = line(b.Initial, l.Of), "年初预算数"
		}
		if cp == nil || fin == nil || base == nil || !base.IsPositive() {
			continue
		}
		rate, _ := jixiao.Ratio(*fin, *base)
		due := cp.Mul(decimal.Min(rate, decimal.NewFromInt(1)))
		if jixiao.Round(due, c.round.Score).Equal(jixiao.Round(l.Score, c.round.Score)) {
			continue
		}
		c.add("S04", "", fmt.Sprintf("budget.scores[%d].score", i), "预算执行 › "+title[l.Of],
			fmt.Sprintf("%s执行率%s（全年执行数%s / %s%s），× 分值%s = %s（最高不超过分值），表中得分%s", title[l.Of], c.percent(rate), c.amount(*fin), baseName, c.amount(*base),
				jixiao.Plain(*cp), jixiao.Fixed(due, c.round.Score), jixiao.Plain(l.Score)),
			num("所述得分", jixiao.Plain(l.Score)), num("按执行率计算", jixiao.Fixed(due, c.round.Score)))
	}
}

// reachable flags a stated total above the most the form allows (S06): the
// stated scores, the weights of the rows without one, and the execution
// score or its cap. When every row states a score, S03 compares the sum.
func (c *checker) reachable(prefix, label string, total decimal.Decimal) {
	if c.incomplete(prefix) {
		return // the rows a cut-off form leaves out may hold the points
	}
	scored, open := decimal.Zero, decimal.Zero
	nScored, nOpen := 0, 0
	row := func(score, weight *decimal.Decimal, path string) bool {
		switch {
		case score != nil:
			scored, nScored = scored.Add(*score), nScored+1
		case weight != nil:
			open, nOpen = open.Add(*weight), nOpen+1
		default:
			if n := c.nodes[path]; n != nil {
				open, nOpen = open.Add(n.Weight), nOpen+1
				return true
			}
			return false
		}
		return true
	}
	execTerm := ""
	exec := decimal.Zero
	var inds []jixiao.Indicator
	var at func(int) string
	var execScore *decimal.Decimal
	var layout *jixiao.Layout
	var p *jixiao.Project
	path := ""
	if prefix == "" && c.ev.Subject == jixiao.SubjectDepartment {
		for i := range c.ev.Goals {
			g := &c.ev.Goals[i]
			if !row(g.StatedScore, g.Weight, fmt.Sprintf("goals[%d]", i)) {
				return
			}
		}
		inds, layout = c.ev.Indicators, c.rb.Department
		at = func(i int) string { return fmt.Sprintf("indicators[%d]", i) }
		if c.ev.Stated != nil {
			execScore = c.ev.Stated.Execution
		}
	} else {
		p = c.projectAt(prefix)
		if p == nil {
			return
		}
		path = strings.TrimSuffix(prefix, ".")
		if path == "" {
			path = "projects[0]"
		}
		inds, layout, execScore = p.Indicators, c.rb.Project, p.ExecutionScore
		at = func(i int) string { return fmt.Sprintf("%s.indicators[%d]", path, i) }
	}
	for i := range inds {
		if !row(inds[i].Score, inds[i].Weight, at(i)) {
			return
		}
	}
	hasExec := execScore != nil || (layout != nil && layout.Execution != nil && (len(inds) > 0 || p != nil))
	if hasExec {
		if execScore != nil {
			exec, execTerm = *execScore, "预算执行得分"+jixiao.Plain(*execScore)
		} else {
			cp, _, ok := c.execCap(p, path)
			if !ok {
				return
			}
			exec, execTerm, nOpen = cp, "预算执行未填得分、按分值"+jixiao.Plain(cp), nOpen+1
		}
	}
	if nOpen == 0 || nScored+nOpen == 0 {
		return
	}
	bound := scored.Add(open).Add(exec)
	if !total.Sub(bound).GreaterThan(decimal.New(5, -c.round.Total-1)) {
		return
	}
	var terms, sums []string
	if nScored > 0 {
		terms = append(terms, fmt.Sprintf("已填得分的%d项合计%s", nScored, jixiao.Plain(scored)))
		sums = append(sums, jixiao.Plain(scored))
	}
	indOpen := nOpen
	if execTerm != "" && execScore == nil {
		indOpen--
	}
	if indOpen > 0 {
		terms = append(terms, fmt.Sprintf("未填得分的%d项按分值合计%s", indOpen, jixiao.Plain(open)))
		sums = append(sums, jixiao.Plain(open))
	}
	if execTerm != "" {
		terms = append(terms, execTerm)
		sums = append(sums, jixiao.Plain(exec))
	}
	c.add("S06", "", prefix+"stated.total", label+" › 总分", fmt.Sprintf("所述总分%s，而%s，最多可得%s分（%s），超出%s分", jixiao.Plain(total), strings.Join(terms, "、"),
		jixiao.Plain(bound), strings.Join(sums, " + "), jixiao.Plain(total.Sub(bound))),
		num("所述总分", jixiao.Plain(total)), num("最多可得", jixiao.Plain(bound)))
}

// capChecks compares each printed block weight with its rows' weights, and
// a printed execution cap with the execution weight the case states (L17).
func (c *checker) capChecks() {
	if !c.incomplete("") {
		c.capsOf("caps", "部门整体", c.ev.Caps, c.ev.Indicators, c.rb.Department, c.ev.Stated, nil)
	}
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		if c.incomplete(fmt.Sprintf("projects[%d].", i)) {
			continue // a form cut off lacks rows, not weight
		}
		c.capsOf(fmt.Sprintf("projects[%d].caps", i), fmt.Sprintf("项目“%s”", p.Name), p.Caps, p.Indicators, c.rb.Project, p.Stated, p.Weights)
	}
}

func (c *checker) capsOf(path, label string, caps []jixiao.Cap, inds []jixiao.Indicator, l *jixiao.Layout, st *jixiao.Stated, weights map[string]decimal.Decimal) {
	for k, cp := range caps {
		cpath := fmt.Sprintf("%s[%d]", path, k)
		name := cp.Level1
		if cp.Level2 != "" {
			name = cp.Level1 + " › " + cp.Level2
		}
		printed := fmt.Sprintf("“%s(%s分)”", lastLabel(cp), jixiao.Plain(cp.Weight))
		if cp.Level2 == "" && isExecution(cp.Level1, l) {
			var w *decimal.Decimal
			what := ""
			if st != nil && st.ExecutionMax != nil {
				w, what = st.ExecutionMax, "表中所填预算执行分值"
			} else {
				for key, v := range weights {
					if isExecution(key, l) {
						w, what = &v, "所述一级指标分值（"+key+"）"
					}
				}
			}
			if w != nil && !w.Equal(cp.Weight) {
				c.add("L17", "", cpath+".weight", label+" › "+name, fmt.Sprintf("所印%s与%s%s不符", printed, what, jixiao.Plain(*w)),
					num("所印分值", jixiao.Plain(cp.Weight)), num(what, jixiao.Plain(*w)))
			}
			continue
		}
		var rows []*jixiao.Indicator
		for i := range inds {
			if sameBlock(cp.Level1, inds[i].Level1, l) && (cp.Level2 == "" || sameName(cp.Level2, inds[i].Level2)) {
				rows = append(rows, &inds[i])
			}
		}
		if len(rows) == 0 && cp.Level2 == "" && wholeTable(cp.Level1) && !isGroup(cp.Level1, l) {
			// A cap over the whole indicator table ("绩效指标(90分)",
			// "年度绩效目标(80分)"): every indicator row, and the level-1
			// caps printed under it.
			for i := range inds {
				if !isExecution(inds[i].Level1, l) {
					rows = append(rows, &inds[i])
				}
			}
			c.tableCap(path, cpath, label, printed, cp, caps, inds, l)
		}
		if len(rows) == 0 {
			continue
		}
		sum := decimal.Zero
		var terms []string
		complete := true
		for _, in := range rows {
			if in.Weight == nil {
				complete = false
				break
			}
			sum = jixiao.Add(sum, *in.Weight)
			terms = append(terms, jixiao.Plain(*in.Weight))
		}
		if !complete || sum.Equal(cp.Weight) {
			continue
		}
		c.add("L17", "", cpath+".weight", label+" › "+name, fmt.Sprintf("%s下%d个指标的分值之和为%s（%s）≠ 所印分值%s", printed, len(rows), jixiao.Plain(sum),
			strings.Join(terms, " + "), jixiao.Plain(cp.Weight)), num("指标分值之和", jixiao.Plain(sum)), num("所印分值", jixiao.Plain(cp.Weight)))
	}
}

// tableCap compares a cap printed over the whole indicator table with the
// level-1 caps printed under it (L17), when every level-1 block with rows
// prints one.
func (c *checker) tableCap(path, cpath, label, printed string, table jixiao.Cap, caps []jixiao.Cap, inds []jixiao.Indicator, l *jixiao.Layout) {
	sum := decimal.Zero
	var terms []string
	seen := map[string]bool{}
	for _, cp := range caps {
		if cp.Level2 != "" || isExecution(cp.Level1, l) || sameName(cp.Level1, table.Level1) {
			continue
		}
		matched := false
		for i := range inds {
			if sameBlock(cp.Level1, inds[i].Level1, l) {
				matched = true
				seen[inds[i].Level1] = true
			}
		}
		if matched {
			sum = jixiao.Add(sum, cp.Weight)
			terms = append(terms, fmt.Sprintf("%s(%s分)", cp.Level1, jixiao.Plain(cp.Weight)))
		}
	}
	for i := range inds {
		if !seen[inds[i].Level1] && !isExecution(inds[i].Level1, l) {
			return // a block without a printed cap: nothing to add up
		}
	}
	if len(terms) < 2 || sum.Equal(table.Weight) {
		return
	}
	if c.capsDisagree == nil {
		c.capsDisagree = map[string]bool{}
	}
	c.capsDisagree[scopeOf(path)] = true
	c.add("L17", "", cpath+".weight", label+" › "+table.Level1, fmt.Sprintf("所印%s，而其下所印%s之和为%s", printed, strings.Join(terms, " + "), jixiao.Plain(sum)),
		num("所印分值", jixiao.Plain(table.Weight)), num("下设分值之和", jixiao.Plain(sum)))
}

// wholeTable reports whether a printed label names the whole indicator
// table rather than a block of it: 绩效指标, 年度绩效目标.
func wholeTable(name string) bool {
	return strings.Contains(name, "绩效指标") || strings.Contains(name, "绩效目标")
}

// isGroup reports whether a label names one of the layout's level-1
// groups.
func isGroup(name string, l *jixiao.Layout) bool {
	if l == nil {
		return false
	}
	for i := range l.Groups {
		if l.Groups[i].Matches(name) {
			return true
		}
	}
	return false
}

func lastLabel(cp jixiao.Cap) string {
	if cp.Level2 != "" {
		return cp.Level2
	}
	return cp.Level1
}

// sameName compares two labels, ignoring spaces and a trailing 指标.
func sameName(a, b string) bool {
	n := func(s string) string { return strings.TrimSuffix(strings.Join(strings.Fields(s), ""), "指标") }
	return n(a) != "" && n(a) == n(b)
}

// sameBlock reports whether a printed level-1 label and a row's level 1
// name the same block: the same words, or the same group of the layout.
func sameBlock(capL1, rowL1 string, l *jixiao.Layout) bool {
	if sameName(capL1, rowL1) {
		return true
	}
	if l == nil {
		return false
	}
	for i := range l.Groups {
		if g := &l.Groups[i]; g.Matches(capL1) && g.Matches(rowL1) {
			return true
		}
	}
	return false
}

// completionWords are actuals that say "done" without a figure.
var completionWords = map[string]bool{"完成": true, "已完成": true, "全部完成": true, "完成目标": true, "已完成目标": true, "按时完成": true, "按期完成": true,
	"圆满完成": true, "基本完成": true, "达到预期": true, "达到预期目标": true, "达预期": true, "达标": true, "已达标": true, "达到": true, "已达到": true,
	"是": true, "达成": true, "已达成": true, "实现": true, "已实现": true, "完成预期目标": true}

func bare(s string) string {
	return strings.TrimRight(strings.Join(strings.Fields(s), ""), "。.；;，,！!")
}

// wordActual reports whether a quantitative indicator's actual is only a
// word of completion (L18).
func wordActual(in *jixiao.Indicator) bool {
	if !in.Target.Numeric || in.Qualitative() || in.Actual.Numeric {
		return false
	}
	a := bare(in.Actual.Text)
	// "无" (none) is a figure only against a target of zero.
	return completionWords[a] || noneWords[a] && !in.Target.Value.IsZero()
}

// noneWords are actuals that say "none" without a figure.
var noneWords = map[string]bool{"无": true, "没有": true, "未发生": true, "暂无": true}

// textMet reports whether a text target is met by its actual: the same
// words, or a word of completion.
func textMet(in *jixiao.Indicator) bool {
	t, a := bare(in.Target.Text), bare(in.Actual.Text)
	if in.Target.Numeric || a == "" {
		return false
	}
	return a == t || completionWords[a]
}

// wordActuals flags each quantitative indicator whose actual is a word
// (L18).
func (c *checker) wordActuals(in *jixiao.Indicator, path, where string) {
	if !wordActual(in) {
		return
	}
	c.add("L18", "", path+".actual", where, fmt.Sprintf("“%s”指标值%s，实际完成值填为“%s”，没有数值，无法按完成比例计分", in.Name, in.Target.Text, bare(in.Actual.Text)),
		num("指标值", in.Target.Text), num("实际值", in.Actual.Text))
}

// unevenScores sums up, per form, the rows whose stated score differs from
// the rule's (P11); S04 gives each row.
func (c *checker) unevenScores(s scope) {
	if !s.scored {
		return
	}
	p := c.round.Score
	over, under := 0, 0
	for i := range s.indicators {
		in := &s.indicators[i]
		n := c.nodes[s.ind(i)]
		if in.Score == nil || n == nil || (in.Weight == nil && c.formStates(s)) {
			continue
		}
		switch jixiao.Round(*in.Score, p).Cmp(jixiao.Round(n.Score, p)) {
		case 1:
			over++
		case -1:
			under++
		}
	}
	if over+under < 3 {
		return
	}
	c.add("P11", "", s.at("indicators"), s.label, fmt.Sprintf("%s有%d行所填得分与按规则 %s 计算的不同：%d行高于按规则应得分，%d行低于；得分不随完成程度变化（各行见S04）",
		s.label, over+under, c.rb.Name, over, under), num("高于", fmt.Sprint(over)), num("低于", fmt.Sprint(under)))
}

// formStates reports whether the scope's indicators come from a filled
// form (a table read by jixiao), whose rows print their own weights where
// they have them.
func (c *checker) formStates(scope) bool {
	return c.ev.Provenance != nil && strings.TrimSpace(c.ev.Provenance.Layout) != ""
}
