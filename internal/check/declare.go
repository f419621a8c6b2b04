package check

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"jixiao"
)

// DeclarationInput is what the declaration checks run on: a declaration,
// the version to check (0: the latest) and the rulebook whose project
// layout the indicator-quality rules follow (its first-level groups, L01).
type DeclarationInput struct {
	Declaration *jixiao.Declaration
	Version     int
	Rulebook    *jixiao.Rulebook
}

// Declaration checks one version of a performance-goal declaration: the
// declaration rules D01–D04 and D06 and those indicator-quality rules that need no
// actual values (L01, L03–L07, L09, L10, L13). Paths are the declaration
// file's ("versions[0].goals[1].indicators[2].target").
func Declaration(in DeclarationInput) []jixiao.Finding {
	d := in.Declaration
	vi := len(d.Versions) - 1
	if in.Version != 0 {
		vi = -1
		for i := range d.Versions {
			if d.Versions[i].Number == in.Version {
				vi = i
			}
		}
	}
	if vi < 0 {
		return nil
	}
	v := &d.Versions[vi]
	prefix := fmt.Sprintf("versions[%d]", vi)
	ev := d.EvaluationOf(v)
	rb := in.Rulebook
	c := &checker{Input: Input{Evaluation: ev, Rulebook: rb}, ev: ev, rb: rb, round: rb.RoundingPolicy(),
		nodes: map[string]*jixiao.Node{}, scorecards: map[string]*jixiao.Scorecard{}}
	var scopes []scope
	for i := range v.Goals {
		g := &v.Goals[i]
		if len(g.Indicators) > 0 {
			scopes = append(scopes, scope{path: fmt.Sprintf("%s.goals[%d]", prefix, i), label: goalLabel(i, &jixiao.Goal{Name: g.Name}), indicators: asIndicators(g.Indicators)})
		}
	}
	own := "部门整体"
	if d.Kind.IsProject() {
		own = fmt.Sprintf("项目“%s”", d.Project)
	}
	if len(v.Indicators) > 0 {
		scopes = append(scopes, scope{path: prefix, label: own, indicators: asIndicators(v.Indicators)})
	}
	for _, s := range scopes {
		for i := range s.indicators {
			x := &s.indicators[i]
			path, where := s.ind(i), s.where(x)
			if !x.Target.IsZero() {
				c.measurable(x, path, where) // a missing target is D04's
			}
			c.inputAsOutput(x, path, where)
			c.qualityVsBenefit(x, path, where)
			c.vagueTimeliness(x, path, where)
			c.belowLastYear(x, path, where)
			c.targetAndUnit(x, path, where)
		}
	}
	if d.Kind.IsProject() {
		// The project as a whole: its indicator tree (L01, L05, L07), its
		// goals (L10), cost against the declared funds (L13) and the
		// dimensions of its outputs (D02).
		p := &ev.Projects[0]
		if len(v.Funds) > 0 {
			total := v.FundsTotal()
			p.Budget = &jixiao.ProjectBudget{Adjusted: &total, Unit: v.AmountUnit}
		}
		whole := scope{path: prefix, label: own, indicators: p.Indicators, project: p}
		c.projectStructure(whole)
		c.outputDimensions(whole)
	} else {
		for _, s := range scopes {
			c.outputDimensions(s)
		}
	}
	c.libraryAmount(v, prefix)
	c.unrelatedOutputs(d, v, prefix)
	return c.sorted()
}

// unrelatedOutputs flags an output indicator written by hand (not picked
// from the library) whose name shares no word — two adjacent Chinese
// characters — with the goals it details: its sub-goal's name and content,
// the overall and mid-term goals and the project's name (D06). Nothing is
// flagged when no goal (overall, mid-term or sub-goal) is written.
func (c *checker) unrelatedOutputs(d *jixiao.Declaration, v *jixiao.DeclVersion, prefix string) {
	written := v.OverallGoal + v.MidTermGoal
	for _, g := range v.Goals {
		written += g.Name + g.Target
	}
	if strings.TrimSpace(written) == "" {
		return // no goal written: nothing to relate the indicators to
	}
	common := v.OverallGoal + "\n" + v.MidTermGoal + "\n" + d.Project
	check := func(goals, label, path string, ins []jixiao.DeclIndicator) {
		words := hanPairs(goals)
		if len(words) == 0 {
			return
		}
		for i := range ins {
			x := &ins[i]
			if !x.Proposed() || !strings.Contains(x.Level1, "产出") {
				continue
			}
			related := false
			for w := range hanPairs(x.Name) {
				if words[w] {
					related = true
					break
				}
			}
			if related || len(hanPairs(x.Name)) == 0 {
				continue
			}
			c.add("D06", "", fmt.Sprintf("%s.indicators[%d].name", path, i), label+" › "+x.Name,
				fmt.Sprintf("产出指标“%s”与%s没有共同的词，看不出关联", x.Name, goalWords(label)))
		}
	}
	for i := range v.Goals {
		g := &v.Goals[i]
		check(common+"\n"+g.Name+"\n"+g.Target, fmt.Sprintf("分项目标“%s”", g.Name), fmt.Sprintf("%s.goals[%d]", prefix, i), g.Indicators)
	}
	all := common
	for _, g := range v.Goals {
		all += "\n" + g.Name + "\n" + g.Target
	}
	label := "部门整体"
	if d.Kind.IsProject() {
		label = fmt.Sprintf("项目“%s”", d.Project)
	}
	check(all, label, prefix, v.Indicators)
}

// goalWords names the goals an indicator was compared with.
func goalWords(label string) string {
	if strings.HasPrefix(label, "分项目标") {
		return label + "及年度总体目标"
	}
	return "绩效目标"
}

// hanPairs is the set of pairs of adjacent Chinese characters in s.
func hanPairs(s string) map[string]bool {
	out := map[string]bool{}
	var prev rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if prev != 0 {
				out[string([]rune{prev, r})] = true
			}
			prev = r
		} else {
			prev = 0
		}
	}
	return out
}

func asIndicators(ds []jixiao.DeclIndicator) []jixiao.Indicator {
	out := make([]jixiao.Indicator, len(ds))
	for i := range ds {
		out[i] = ds[i].Indicator()
		out[i].Actual = ds[i].LastActual // compared by D01 only
		out[i].Deviation = ds[i].Reason
	}
	return out
}

// sorted returns the findings in Check's order: errors first, then by
// section, then in declaration order.
func (c *checker) sorted() []jixiao.Finding {
	fs := c.findings
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		return sectionRank(a.Code) < sectionRank(b.Code)
	})
	return fs
}

// belowLastYear flags a target below last year's actual value without a
// reason (D01); for a ≤ or < indicator, a ceiling above it.
func (c *checker) belowLastYear(in *jixiao.Indicator, path, where string) {
	if in.Qualitative() || in.Actual.IsZero() || strings.TrimSpace(in.Deviation) != "" {
		return
	}
	o, err := in.Operands()
	if err != nil {
		return
	}
	word := "低于"
	looser := o.Target.LessThan(o.Actual)
	if in.EffectiveOp().Reverse() {
		word, looser = "高于", o.Target.GreaterThan(o.Actual)
	}
	if !looser {
		return
	}
	c.add("D01", "", path+".target", where, fmt.Sprintf("指标“%s”的指标值%s%s上年实际完成值%s，未说明理由", in.Name, in.TargetText(), word, in.Actual.Text),
		num("指标值", in.TargetText()), num("上年实际完成值", in.Actual.Text))
}

// outputDimensions flags 产出指标 that lack any of the four dimensions
// 数量、质量、时效、成本 (D02).
func (c *checker) outputDimensions(s scope) {
	dims := []string{"数量", "质量", "时效", "成本"}
	has := map[string]bool{}
	outputs := 0
	for _, in := range s.indicators {
		if !strings.HasPrefix(strings.TrimSpace(in.Level1), "产出") {
			continue
		}
		outputs++
		for _, d := range dims {
			if strings.Contains(in.Level2, d) {
				has[d] = true
			}
		}
	}
	if outputs == 0 {
		return
	}
	var missing, present []string
	for _, d := range dims {
		if has[d] {
			present = append(present, d)
		} else {
			missing = append(missing, d)
		}
	}
	if len(missing) == 0 {
		return
	}
	now := "没有按数量、质量、时效、成本分列"
	if len(present) > 0 {
		now = "已有" + strings.Join(present, "、") + "指标"
	}
	c.add("D02", "", s.at("indicators"), s.label, fmt.Sprintf("%s的产出指标缺少%s指标（%s）", s.label, strings.Join(missing, "、"), now),
		num("缺少的维度", strings.Join(missing, "、")))
}

// targetAndUnit flags an indicator without a target, or with a number and
// no unit (D04).
func (c *checker) targetAndUnit(in *jixiao.Indicator, path, where string) {
	switch {
	case in.Target.IsZero():
		c.add("D04", "", path+".target", where, fmt.Sprintf("指标“%s”未填写指标值", in.Name))
	case !in.Qualitative() && in.Target.Numeric && in.EffectiveUnit() == "":
		c.add("D04", "", path+".unit", where, fmt.Sprintf("指标“%s”的指标值“%s”没有度量单位", in.Name, in.Target.Text), num("指标值", in.Target.Text))
	}
}

// libraryAmount compares the declared funds with the project library's
// amount, when one is given (D03).
func (c *checker) libraryAmount(v *jixiao.DeclVersion, prefix string) {
	if v.LibraryAmount == nil {
		return
	}
	unit := v.Unit()
	total := v.FundsTotal()
	if total.Equal(*v.LibraryAmount) {
		return
	}
	var terms []string
	for _, f := range v.Funds {
		if f.Amount != nil {
			terms = append(terms, c.amount(*f.Amount))
		}
	}
	how := ""
	if len(terms) > 1 {
		how = "（" + strings.Join(terms, " + ") + "）"
	}
	c.add("D03", "", prefix+".funds", "资金来源及金额", fmt.Sprintf("申报资金合计%s%s%s ≠ 项目库金额%s%s，相差%s%s", c.amount(total), unit, how,
		c.amount(*v.LibraryAmount), unit, c.amount(total.Sub(*v.LibraryAmount).Abs()), unit),
		num("申报资金合计", c.amount(total)+unit), num("项目库金额", c.amount(*v.LibraryAmount)+unit))
}

// AgainstBaseline compares a self-evaluation that carries a baseline
// reference with the approved declaration version it names (D05): every
// declared indicator must be in the evaluation, matched by library ID,
// else by sub-goal and name, else by name, with the declared target.
func AgainstBaseline(ev *jixiao.Evaluation, d *jixiao.Declaration) []jixiao.Finding {
	c := &checker{ev: ev}
	b := ev.Baseline
	if b == nil {
		return nil
	}
	v, ok := d.Version(b.Version)
	if !ok || v.State != jixiao.DeclApproved {
		c.add("D05", "", "baseline.version", "绩效目标基线", fmt.Sprintf("自评所依据的%s在%s中不存在或未批复，无法核对指标值", b.Title(), d.Title()))
		return c.findings
	}
	if b.Year != d.Year || b.Unit != d.Unit {
		c.add("D05", "", "baseline", "绩效目标基线", fmt.Sprintf("自评所依据的是%s“%s”的申报，与所给的%s不是同一份", jixiao.YearTitle(b.Year), b.Unit, d.Title()))
		return c.findings
	}
	version := b.Title()
	declared := placed(d.EvaluationOf(v))
	actual := placed(ev)
	used := map[int]bool{}
	match := func(same func(x, y placedIndicator) bool, x placedIndicator) int {
		for j, y := range actual {
			if !used[j] && same(x, y) {
				return j
			}
		}
		return -1
	}
	for _, x := range declared {
		j := -1
		if x.in.LibraryID != "" {
			j = match(func(x, y placedIndicator) bool { return y.in.LibraryID == x.in.LibraryID }, x)
		}
		if j < 0 {
			j = match(func(x, y placedIndicator) bool { return y.goal == x.goal && y.in.Name == x.in.Name }, x)
		}
		if j < 0 {
			j = match(func(x, y placedIndicator) bool { return y.in.Name == x.in.Name }, x)
		}
		want := x.in.TargetText()
		if j < 0 {
			c.add("D05", "", missingAt(ev, x.goal), x.where, fmt.Sprintf("批复的指标“%s”（指标值%s）不在自评中；自评的指标应与%s一致", x.in.Name, orBlank(want), version),
				num("申报值", orBlank(want)), num("批复版本", version))
			continue
		}
		used[j] = true
		y := actual[j]
		got := y.in.TargetText()
		if sameTarget(x.in, y.in) {
			continue
		}
		c.add("D05", "", y.path+".target", y.where, fmt.Sprintf("指标“%s”的指标值%s与批复的申报（%s）中的%s不一致；指标值应以批复为准，调整须另行申报",
			y.in.Name, orBlank(got), version, orBlank(want)), num("申报值", orBlank(want)), num("自评值", orBlank(got)), num("批复版本", version))
	}
	return c.findings
}

func orBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（空）"
	}
	return "“" + s + "”"
}

// sameTarget reports whether two indicators state the same target: the
// same text as a table shows it, or the same operator, value and unit.
func sameTarget(a, b *jixiao.Indicator) bool {
	if strings.Join(strings.Fields(a.TargetText()), "") == strings.Join(strings.Fields(b.TargetText()), "") {
		return true
	}
	if !a.Target.Numeric || !b.Target.Numeric || a.EffectiveOp() != b.EffectiveOp() {
		return false
	}
	av, au := jixiao.Figure{Value: a.Target.Value, Unit: a.EffectiveUnit()}.Base()
	bv, bu := jixiao.Figure{Value: b.Target.Value, Unit: b.EffectiveUnit()}.Base()
	return av.Equal(bv) && au == bu
}

type placedIndicator struct {
	path, goal, where string
	in                *jixiao.Indicator
}

// placed lists an evaluation's indicators with their paths and sub-goals.
func placed(ev *jixiao.Evaluation) []placedIndicator {
	var out []placedIndicator
	for i := range ev.Goals {
		g := &ev.Goals[i]
		for j := range g.Indicators {
			in := &g.Indicators[j]
			out = append(out, placedIndicator{fmt.Sprintf("goals[%d].indicators[%d]", i, j), g.Name, goalLabel(i, g) + " › " + in.Label(), in})
		}
	}
	for j := range ev.Indicators {
		in := &ev.Indicators[j]
		out = append(out, placedIndicator{fmt.Sprintf("indicators[%d]", j), "", "部门整体 › " + in.Label(), in})
	}
	for i := range ev.Projects {
		p := &ev.Projects[i]
		for j := range p.Indicators {
			in := &p.Indicators[j]
			out = append(out, placedIndicator{fmt.Sprintf("projects[%d].indicators[%d]", i, j), "", fmt.Sprintf("项目“%s” › %s", p.Name, in.Label()), in})
		}
	}
	return out
}

// missingAt is where an indicator of the sub-goal called goal belongs in
// the evaluation: that sub-goal's indicators, the project's, or the goals.
func missingAt(ev *jixiao.Evaluation, goal string) string {
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) > 0 {
		return "projects[0].indicators"
	}
	for i := range ev.Goals {
		if ev.Goals[i].Name == goal {
			return fmt.Sprintf("goals[%d].indicators", i)
		}
	}
	if goal == "" {
		return "indicators"
	}
	return "goals"
}
