// Package check finds what is wrong in an evaluation: figures that do not
// add up, scores that do not follow the declared rules, indicators that are
// badly formed, and implausible combinations a reviewer should look at
// first. It is pure: it reads the case, the rulebook and the scorecard and
// returns findings, each with a stable code (see Catalogue and
// docs/checks.md), a severity, its place in the case, a Chinese message and
// the numbers it compared.
//
// A difference that rounding of the stated figures explains is reported as
// info, never as an error; the tolerance comes from the rulebook's rounding
// policy.
package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Input is what a check runs on. Scorecard may be nil when the case could
// not be scored; ScoreProblems then says why, and becomes findings.
type Input struct {
	Evaluation    *jixiao.Evaluation
	Rulebook      *jixiao.Rulebook
	Scorecard     *jixiao.Scorecard
	ScoreProblems jixiao.Problems
}

// Check runs every check and returns the findings, errors first, then
// warnings, then info; within a severity, by section and in case order.
func Check(in Input) []jixiao.Finding {
	c := &checker{Input: in, ev: in.Evaluation, rb: in.Rulebook, round: in.Rulebook.RoundingPolicy()}
	c.nodes = map[string]*jixiao.Node{}
	c.scorecards = map[string]*jixiao.Scorecard{}
	if sc := in.Scorecard; sc != nil {
		c.index(sc)
		if c.ev.Subject == jixiao.SubjectProject {
			c.scorecards["projects[0]"] = sc
		}
		c.byName = make(map[string][]int, len(c.ev.Projects))
		for i := range c.ev.Projects {
			c.byName[c.ev.Projects[i].Name] = append(c.byName[c.ev.Projects[i].Name], i)
		}
		for _, p := range sc.Projects {
			c.index(p)
			for _, i := range c.byName[p.Name] {
				c.scorecards[fmt.Sprintf("projects[%d]", i)] = p
			}
		}
	}
	c.budget()
	c.assets()
	c.form()
	c.narrative()
	c.scores()
	c.quality()
	c.plausibility()
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := c.findings[i], c.findings[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		return sectionRank(a.Code) < sectionRank(b.Code)
	})
	return c.findings
}

type checker struct {
	Input
	ev       *jixiao.Evaluation
	rb       *jixiao.Rulebook
	round    jixiao.Rounding
	findings []jixiao.Finding
	// nodes maps a case path to its scorecard node; scorecards maps a
	// project's path to its scorecard.
	nodes      map[string]*jixiao.Node
	scorecards map[string]*jixiao.Scorecard
	// byName maps a project name to the indices of the case's projects
	// of that name (a scorecard names its project).
	byName    map[string][]int
	scopeList []scope
	// capsDisagree holds the scopes ("projects[0]", "" for the
	// department) whose printed caps contradict each other (L17): their
	// weights' total is that contradiction, not another one (L02).
	capsDisagree map[string]bool
}

// index remembers the scored leaves of sc by their case path.
func (c *checker) index(sc *jixiao.Scorecard) {
	sc.Walk(func(n *jixiao.Node, _ int) {
		switch n.Kind {
		case jixiao.NodeIndicator, jixiao.NodeGoal, jixiao.NodeExecution:
			c.nodes[n.Source] = n
		}
	})
}

// add records a finding. The severity is the code's unless sev overrides
// it (a rounding difference is info).
func (c *checker) add(code string, sev jixiao.Severity, path, where, msg string, nums ...jixiao.Number) {
	if sev == "" {
		sev = ruleOf(code).Severity
	}
	if nums == nil {
		nums = []jixiao.Number{}
	}
	c.findings = append(c.findings, jixiao.Finding{Code: code, Severity: sev, Path: path, Where: where, Message: msg, Numbers: nums})
}

func num(name, value string) jixiao.Number { return jixiao.Number{Name: name, Value: value} }

// amount formats an amount with the rulebook's places.
func (c *checker) amount(d decimal.Decimal) string { return jixiao.Fixed(d, c.round.Amount) }

// halfUnit is half a unit of the rulebook's last amount place: the most one
// rounded amount can be off.
func (c *checker) halfUnit() decimal.Decimal { return decimal.New(5, -c.round.Amount-1) }

// part is a figure in a sum, with its name.
type part struct {
	name  string
	value decimal.Decimal
}

// sumCheck compares the sum of parts with a stated total. A difference
// within the rounding of the figures involved is info; beyond it, the
// code's severity.
func (c *checker) sumCheck(code, path, where, partsName, totalName string, parts []part, total decimal.Decimal, unit string) {
	sum := decimal.Zero
	var terms []string
	for _, p := range parts {
		sum = jixiao.Add(sum, p.value)
		terms = append(terms, c.amount(p.value))
	}
	diff := sum.Sub(total)
	if diff.IsZero() {
		return
	}
	tol := c.halfUnit().Mul(decimal.NewFromInt(int64(len(parts) + 1)))
	nums := []jixiao.Number{num(partsName, c.amount(sum)), num(totalName, c.amount(total)), num("差额", c.amount(diff))}
	arith := fmt.Sprintf("（%s = %s）", strings.Join(terms, " + "), c.amount(sum))
	if len(parts) == 1 {
		arith = ""
	}
	if diff.Abs().LessThanOrEqual(tol) {
		c.add(code, jixiao.SeverityInfo, path, where, fmt.Sprintf("%s%s%s 与%s%s%s 相差%s%s，在%d个数各自四舍五入的误差范围（±%s%s）内%s",
			partsName, c.amount(sum), unit, totalName, c.amount(total), unit, c.amount(diff.Abs()), unit, len(parts)+1, tol.String(), unit, arith), nums...)
		return
	}
	c.add(code, "", path, where, fmt.Sprintf("%s%s%s ≠ %s%s%s，相差%s%s%s",
		partsName, c.amount(sum), unit, totalName, c.amount(total), unit, c.amount(diff.Abs()), unit, arith), nums...)
}

// percent formats a ratio as a percentage with the rulebook's rate places.
func (c *checker) percent(r decimal.Decimal) string { return jixiao.Percent(r, c.round.Rate) }

// figurePlaces is the number of decimals a stated figure was written with.
func figurePlaces(f jixiao.Figure) int32 {
	if e := f.Value.Exponent(); e < 0 {
		return -e
	}
	return 0
}

// rateCheck compares a stated percentage with num/den. The stated rate is
// consistent when it is num/den rounded to the places it was written with;
// a larger difference that the rounding of num and den (each to the
// rulebook's amount places) could explain is info; beyond that, the code's
// severity.
func (c *checker) rateCheck(code, path, where, what string, stated jixiao.Figure, numName string, n decimal.Decimal, denName string, d decimal.Decimal, unit string, amounts bool) {
	if !d.IsPositive() || !stated.Numeric {
		return
	}
	r, _ := jixiao.Ratio(n, d)
	pct := r.Shift(2)
	places := figurePlaces(stated)
	shown := jixiao.Round(pct, places)
	if shown.Equal(stated.Value) {
		return
	}
	diff := pct.Sub(stated.Value).Abs()
	tol := decimal.New(5, -places-1)
	if amounts {
		// num and den are each off by up to half a unit: the rate by up to
		// (h + r·h) / den.
		h := c.halfUnit()
		tol = tol.Add(jixiao.DivRound(h.Add(r.Abs().Mul(h)), d, 12).Shift(2))
	}
	fmtN := func(x decimal.Decimal) string {
		if amounts {
			return c.amount(x)
		}
		return jixiao.Plain(x)
	}
	nums := []jixiao.Number{num("所述"+what, stated.Text), num("按"+numName+"/"+denName+"计算", jixiao.Fixed(pct, max(places, c.round.Rate))+"%")}
	msg := fmt.Sprintf("所述%s%s，而%s%s%s / %s%s%s = %s%%", what, stated.Text, numName, fmtN(n), unit, denName, fmtN(d), unit,
		jixiao.Fixed(pct, max(places+1, c.round.Rate)))
	if diff.LessThanOrEqual(tol) {
		c.add(code, jixiao.SeverityInfo, path, where, msg+"，差异在数字四舍五入的误差范围内", nums...)
		return
	}
	c.add(code, "", path, where, msg+fmt.Sprintf("，相差%s个百分点", jixiao.Fixed(diff, max(places, c.round.Rate))), nums...)
}

// scope is a set of indicators checked together: a sub-goal's, the
// department's own, or a project's.
type scope struct {
	path       string // "goals[1]", "projects[0]", or "" for department indicators
	label      string // for people: 分项目标2“…”, 项目“…”, 部门整体
	indicators []jixiao.Indicator
	project    *jixiao.Project // set for a project
	scored     bool            // its indicators are leaves of a scorecard
	// paths and wheres are ind(i) and where(&indicators[i]) for every i,
	// worked out once per case by named (several checks ask for them).
	paths, wheres []string
}

// named returns s with the paths and the labels of its indicators
// worked out.
func (s scope) named() scope {
	paths, wheres := make([]string, len(s.indicators)), make([]string, len(s.indicators))
	for i := range s.indicators {
		paths[i], wheres[i] = s.ind(i), s.where(&s.indicators[i])
	}
	s.paths, s.wheres = paths, wheres
	return s
}

func (s scope) at(rest string) string {
	if s.path == "" {
		return rest
	}
	return s.path + "." + rest
}

func (s scope) ind(i int) string {
	if i < len(s.paths) {
		return s.paths[i]
	}
	return s.at("indicators[" + strconv.Itoa(i) + "]")
}

func (s scope) where(in *jixiao.Indicator) string { return s.label + " › " + in.Label() }

// whereAt is where(&s.indicators[i]).
func (s scope) whereAt(i int) string {
	if i < len(s.wheres) {
		return s.wheres[i]
	}
	return s.where(&s.indicators[i])
}

// scopes returns the indicator scopes of the case, computed once.
func (c *checker) scopes() []scope {
	if c.scopeList == nil {
		c.scopeList = c.buildScopes()
	}
	return c.scopeList
}

func (c *checker) buildScopes() []scope {
	out := []scope{}
	for i := range c.ev.Goals {
		g := &c.ev.Goals[i]
		if len(g.Indicators) > 0 {
			out = append(out, scope{path: fmt.Sprintf("goals[%d]", i), label: goalLabel(i, g), indicators: g.Indicators})
		}
	}
	if len(c.ev.Indicators) > 0 {
		out = append(out, scope{label: "部门整体", indicators: c.ev.Indicators, scored: true})
	}
	for i := range c.ev.Projects {
		p := &c.ev.Projects[i]
		if len(p.Indicators) > 0 {
			out = append(out, scope{path: fmt.Sprintf("projects[%d]", i), label: fmt.Sprintf("项目“%s”", p.Name), indicators: p.Indicators, project: p, scored: true})
		}
	}
	for i := range out {
		out[i] = out[i].named()
	}
	return out
}

// goalLabel names a sub-goal for people: 分项目标2“掌握全民所有自然资源资产”.
func goalLabel(i int, g *jixiao.Goal) string {
	return fmt.Sprintf("分项目标%d“%s”", i+1, shortText(g.Name))
}

// topTier reports whether a qualitative indicator's tier is the best one.
func (c *checker) topTier(t *jixiao.Tier) bool {
	return t != nil && len(c.rb.Tiers) > 0 && t.Name == c.rb.Tiers[0].Name
}

// tierOf returns the tier an indicator was judged in (its tier, or its
// actual when that names a tier).
func (c *checker) tierOf(in *jixiao.Indicator) *jixiao.Tier {
	if in.Tier != "" {
		return c.rb.FindTier(in.Tier)
	}
	return c.rb.FindTier(strings.TrimSpace(in.Actual.Text))
}
