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
	deductions        []jixiao.Deduction
	rubric            *jixiao.Rubric // the case's own rubric for the node, if any
}

func projectExecution(p *jixiao.Project, path string) *execution {
	e := &execution{path: path + ".budget", what: "项目资金", stated: p.StatedRate, deductions: p.ExecutionDeductions, rubric: p.ExecutionRubric}
	if b := p.Budget; b != nil {
		e.initial, e.adjusted, e.final = b.Initial, b.Adjusted, b.Final
	}
	return e
}

// departmentExecution measures a department's execution by what it spent:
// basic plus project expenditure at the final stage against the adjusted
// (or initial) stage.
func departmentExecution(b *jixiao.Budget) *execution {
	e := &execution{path: "budget", what: "部门支出（基本支出＋项目支出）"}
	if b == nil {
		return e
	}
	e.initial, e.adjusted, e.final = spent(b.Initial), spent(b.Adjusted), spent(b.Final)
	return e
}

// spent is basic + project expenditure as stated, else the stated
// expenditure total less carry-over.
func spent(st *jixiao.BudgetStage) *decimal.Decimal {
	if st == nil {
		return nil
	}
	if st.Basic != nil && st.Project != nil {
		v := st.Basic.Add(*st.Project)
		return &v
	}
	if st.ExpenditureTotal != nil {
		v := *st.ExpenditureTotal
		if st.Carryover != nil {
			v = v.Sub(*st.Carryover)
		}
		return &v
	}
	return nil
}

// rate returns the execution rate and how it was obtained.
func (e *execution) rate(basis string) (r decimal.Decimal, how string, ok bool) {
	base, baseName := e.adjusted, "全年预算数"
	if basis == "initial" {
		base, baseName = e.initial, "年初预算数"
	}
	if e.final != nil && base != nil && base.IsPositive() {
		r, _ := jixiao.Ratio(*e.final, *base)
		return r, fmt.Sprintf("全年执行数%s / %s%s = %s", jixiao.Plain(*e.final), baseName, jixiao.Plain(*base), jixiao.Percent(r, 2)), true
	}
	if e.stated.Numeric && e.stated.Unit == "%" {
		r := e.stated.Value.Shift(-2)
		return r, fmt.Sprintf("未给出%s和全年执行数，按所述执行率%s", baseName, e.stated.Text), true
	}
	return decimal.Zero, fmt.Sprintf("缺少%s的%s或全年执行数，无法计算预算执行率", e.what, baseName), false
}

func (s *scorer) executionNode(rule *jixiao.ExecutionRule, name string, w decimal.Decimal, fromCase bool, st set) *jixiao.Node {
	e := st.exec
	n := &jixiao.Node{Kind: jixiao.NodeExecution, Name: name, Weight: w, Source: e.path}
	r, rpath := rule.Rubric, s.rulePath("execution.rubric")
	if e.rubric != nil {
		r, rpath = e.rubric, strings.TrimSuffix(e.path, ".budget")+".execution_rubric"
	}
	if r == nil {
		r = &jixiao.Rubric{Kind: jixiao.RubricExecution}
	}
	n.Rubric = r.Kind
	rate, how, ok := e.rate(r.Basis)
	switch r.Kind {
	case jixiao.RubricExecution:
		if !ok {
			s.unscorable(n, how)
			break
		}
		capped := rate
		if capped.GreaterThan(one) {
			capped = one
		}
		n.Score = clamp(w.Mul(capped), w)
		switch {
		case rate.GreaterThan(one):
			n.Explanation = fmt.Sprintf("%s，超过100%%按100%%计，得满分%s", how, s.fixed(w))
		case rate.Equal(one):
			n.Explanation = fmt.Sprintf("%s，得满分%s", how, s.fixed(w))
		default:
			n.Explanation = fmt.Sprintf("%s，× 分值%s = %s", how, jixiao.Plain(w), s.fixed(n.Score))
		}
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
	if fromCase {
		n.Explanation = fmt.Sprintf("分值%s（案例指定）；%s", jixiao.Plain(w), n.Explanation)
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
	return departmentExecution(ev.Budget).rate("adjusted")
}
