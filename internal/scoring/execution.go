package scoring

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// execution is the data a budget-execution node is scored from.
type execution struct {
	path              string // where the figures are in the case
	what              string // 项目资金 / 部门支出
	initial, adjusted *decimal.Decimal
	final             *decimal.Decimal
	stated            jixiao.Figure // a stated rate, used when amounts are missing
	// statedScore is the execution score a table states, used when neither
	// amounts nor a rate are given.
	statedScore *decimal.Decimal
	deductions  []jixiao.Deduction
	rubric      *jixiao.Rubric // the case's own rubric for the node, if any
}

func projectExecution(p *jixiao.Project, path string) *execution {
	e := &execution{path: path + ".budget", what: "项目资金", stated: p.StatedRate, statedScore: p.ExecutionScore,
		deductions: p.ExecutionDeductions, rubric: p.ExecutionRubric}
	if e.statedScore == nil && p.Stated != nil {
		e.statedScore = p.Stated.Execution
	}
	if b := p.Budget; b != nil {
		e.initial, e.adjusted, e.final = b.Initial, b.Adjusted, b.Final
	}
	return e
}

// departmentExecution measures a department's execution by what it spent:
// basic plus project expenditure at the final stage against the adjusted
// (or initial) stage; without amounts, by the rate (budget.rates of total)
// or the execution score (stated.execution) the table states.
func departmentExecution(ev *jixiao.Evaluation) *execution {
	e := &execution{path: "budget", what: "部门支出（基本支出＋项目支出）"}
	if ev.Stated != nil {
		e.statedScore = ev.Stated.Execution
	}
	b := ev.Budget
	if b == nil {
		return e
	}
	e.initial, e.adjusted, e.final = spent(b.Initial), spent(b.Adjusted), spent(b.Final)
	for _, r := range b.Rates {
		if r.Of == "total" {
			e.stated = r.Rate
			break
		}
	}
	return e
}

// spent is a stage's spending by the one definition
// (jixiao.BudgetStage.Spent), or nil.
func spent(st *jixiao.BudgetStage) *decimal.Decimal {
	if v, ok := st.Spent(); ok {
		return &v
	}
	return nil
}

// rate returns the execution rate and how it was obtained: from the
// amounts, else from the stated rate.
func (e *execution) rate(basis string) (r decimal.Decimal, how string, ok bool) {
	if r, how, ok := e.amounts(basis); ok {
		return r, how, ok
	}
	if r, how, ok := statedRate(e.stated, e.baseName(basis)); ok {
		return r, how, ok
	}
	return decimal.Zero, fmt.Sprintf("缺少%s的%s或全年执行数，无法计算预算执行率", e.what, e.baseName(basis)), false
}

func (e *execution) baseName(basis string) string {
	if basis == "initial" {
		return "年初预算数"
	}
	return "全年预算数"
}

// amounts computes the rate from the budget amounts alone.
func (e *execution) amounts(basis string) (r decimal.Decimal, how string, ok bool) {
	base := e.adjusted
	if basis == "initial" {
		base = e.initial
	}
	if e.final != nil && base != nil && base.IsPositive() {
		r, _ := jixiao.Ratio(*e.final, *base)
		return r, fmt.Sprintf("全年执行数%s / %s%s = %s", jixiao.Plain(*e.final), e.baseName(basis), jixiao.Plain(*base), jixiao.Percent(r, 2)), true
	}
	return decimal.Zero, "", false
}

// statedRate reads a rate stated as a percentage, or as a bare number
// above 1 in a rate cell ("79.27" under 执行率: a percentage without its
// sign; a bare number up to 1 could be a fraction or a percentage and is
// not used).
func statedRate(f jixiao.Figure, baseName string) (decimal.Decimal, string, bool) {
	switch {
	case f.Numeric && f.Unit == "%":
		return f.Value.Shift(-2), fmt.Sprintf("未给出%s和全年执行数，按所述执行率%s", baseName, f.Text), true
	case f.Numeric && f.Unit == "" && f.Op == jixiao.OpNone && f.Value.GreaterThan(one) && f.Value.LessThanOrEqual(thousand):
		return f.Value.Shift(-2), fmt.Sprintf("未给出%s和全年执行数，按所述执行率%s（未写%%，按百分数计）", baseName, f.Text), true
	}
	return decimal.Zero, "", false
}

var thousand = decimal.NewFromInt(1000)

func (s *scorer) executionNode(rule *jixiao.ExecutionRule, name string, w decimal.Decimal, origin string, st set) *jixiao.Node {
	e := st.exec
	n := s.node(jixiao.Node{Kind: jixiao.NodeExecution, Name: name, Weight: w, Source: e.path})
	r, rpath := rule.Rubric, s.rulePath("execution.rubric")
	if e.rubric != nil {
		r, rpath = e.rubric, strings.TrimSuffix(e.path, ".budget")+".execution_rubric"
	}
	if r == nil {
		r = &jixiao.Rubric{Kind: jixiao.RubricExecution}
	}
	n.Rubric = r.Kind
	rate, how, ok := e.rate(r.BasisCode())
	switch r.Kind {
	case jixiao.RubricExecution:
		if !ok && e.statedScore != nil {
			n.Score = clamp(*e.statedScore, w)
			n.Explanation = fmt.Sprintf("未给出预算数、执行数和执行率，按表中所填预算执行得分%s计%s", jixiao.Plain(*e.statedScore), s.fixed(n.Score))
			if e.statedScore.GreaterThan(w) {
				n.Notes = append(n.Notes, fmt.Sprintf("表中所填预算执行得分%s超过分值%s，按分值计", jixiao.Plain(*e.statedScore), jixiao.Plain(w)))
			}
			break
		}
		if !ok {
			s.unscorable(n, how)
			break
		}
		s.rateScore(n, rate, how)
	case jixiao.RubricDeductions:
		s.deductions(n, e.deductions)
	case jixiao.RubricPerPoint, jixiao.RubricTiered:
		if !ok {
			s.unscorable(n, how)
			break
		}
		q := quantity{value: rate.Shift(2).Round(6), unit: "%", target: &hundred, op: jixiao.OpGE}
		if r.Kind == jixiao.RubricPerPoint {
			s.perPoint(n, q, r)
		} else {
			s.tiered(n, q, r)
		}
		n.Explanation = how + "；" + n.Explanation
	case jixiao.RubricFormula:
		env := map[string]decimal.Decimal{"W": w, "分值": w}
		if ok {
			env["执行率"] = rate
		}
		for k, v := range map[string]*decimal.Decimal{"执行数": e.final, "全年预算数": e.adjusted, "年初预算数": e.initial} {
			if v != nil {
				env[k] = *v
			}
		}
		s.formula(n, r, rpath, env)
	default:
		s.fail(rpath+".kind", "预算执行率节点不能用“%s”计分", r.Kind)
	}
	if r.Kind != jixiao.RubricDeductions {
		s.judged(n, e.deductions)
	}
	if origin != "" {
		n.Explanation = fmt.Sprintf("分值%s（%s）；%s", jixiao.Plain(w), origin, n.Explanation)
	}
	s.roundLeaf(n)
	return n
}

// Execution returns an evaluation's budget execution rate (a fraction of
// the adjusted budget) and how it was computed: the department's spending
// for a department evaluation, the project's funds for a project
// evaluation. ok is false when the case lacks the figures.
func Execution(ev *jixiao.Evaluation) (rate decimal.Decimal, how string, ok bool) {
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) == 1 {
		return projectExecution(&ev.Projects[0], "projects[0]").rate("adjusted")
	}
	return departmentExecution(ev).rate("adjusted")
}

// executionLeaf scores an indicator whose rule is the execution rubric
// (预算执行率 scored inside a block, as the Ningxia tables do): the rate
// from the budget amounts, else the rate the indicator states as its
// actual value, else the rate the case states; weight × min(rate, 100%).
func (s *scorer) executionLeaf(n *jixiao.Node, in *jixiao.Indicator, r *jixiao.Rubric, e *execution) {
	rate, how, ok := decimal.Zero, "", false
	if e != nil {
		rate, how, ok = e.amounts(r.BasisCode())
	}
	if !ok && in.Actual.Numeric && in.Actual.Unit == "%" {
		rate, how, ok = in.Actual.Value.Shift(-2), fmt.Sprintf("未给出预算数和执行数，按本指标所填实际完成值%s", in.Actual.Text), true
	}
	if !ok && e != nil {
		rate, how, ok = statedRate(e.stated, e.baseName(r.BasisCode()))
	}
	if !ok {
		what := "项目资金"
		if e != nil {
			what = e.what
		}
		s.unscorable(n, fmt.Sprintf("缺少%s的预算数和执行数，也没有填写执行率，无法计算预算执行率", what))
		return
	}
	s.rateScore(n, rate, "按预算执行率计分："+how)
}

// rateScore scores n as weight × min(rate, 100%), explained after how.
func (s *scorer) rateScore(n *jixiao.Node, rate decimal.Decimal, how string) {
	w := n.Weight
	n.Score = clamp(jixiao.Mul(w, decimal.Min(rate, one)), w)
	switch {
	case rate.GreaterThan(one):
		n.Explanation = fmt.Sprintf("%s，超过100%%按100%%计，得满分%s", how, s.fixed(w))
	case rate.Equal(one):
		n.Explanation = fmt.Sprintf("%s，得满分%s", how, s.fixed(w))
	default:
		n.Explanation = fmt.Sprintf("%s，× 分值%s = %s", how, jixiao.Plain(w), s.fixed(n.Score))
	}
}

// ExecutionAmounts returns the amounts an evaluation's execution rate is
// measured on, in 万元: the full-year budget (adjusted, else initial) and
// what was spent (final), of the department's spending for a department
// evaluation and of the project's funds for a project evaluation. ok is
// false when the case does not give both.
func ExecutionAmounts(ev *jixiao.Evaluation) (budget, spentWan decimal.Decimal, ok bool) {
	var e *execution
	unit := jixiao.UnitWanYuan
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) == 1 {
		e = projectExecution(&ev.Projects[0], "projects[0]")
		if b := ev.Projects[0].Budget; b != nil {
			unit = b.AmountUnit()
		}
	} else {
		e = departmentExecution(ev)
		if ev.Budget != nil {
			unit = ev.Budget.AmountUnit()
		}
	}
	base := e.adjusted
	if base == nil {
		base = e.initial
	}
	if base == nil || e.final == nil {
		return decimal.Zero, decimal.Zero, false
	}
	b, f := *base, *e.final
	if unit == jixiao.UnitYuan {
		b, f = b.Shift(-4), f.Shift(-4)
	}
	return b, f, true
}
