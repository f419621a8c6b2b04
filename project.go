package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Project is a budget project (项目) with its own funds, goal, indicators and
// self-evaluation table.
type Project struct {
	Code       string         `json:"code,omitempty" zh:"项目编码"`
	Name       string         `json:"name" zh:"项目名称" jx:"required"`
	Department string         `json:"department,omitempty" zh:"主管部门"`
	Unit       string         `json:"unit,omitempty" zh:"实施单位"`
	Budget     *ProjectBudget `json:"budget,omitempty" zh:"项目资金"`
	// StatedRate is the execution rate as a report states it ("15.21%"),
	// kept to compare with the rate computed from the budget.
	StatedRate   Figure `json:"stated_rate,omitempty" zh:"报告所述预算执行率"`
	LongTermGoal string `json:"long_term_goal,omitempty" zh:"长期目标（实施期目标）"`
	Goal         string `json:"goal,omitempty" zh:"年度总体目标（预期目标）"`
	GoalResult   string `json:"goal_result,omitempty" zh:"年度总体目标实际完成情况"`
	// Weights override the rulebook's default weights of first-level nodes
	// by name, e.g. {预算执行率: 10, 产出指标: 60, 效益指标: 30}.
	Weights    map[string]decimal.Decimal `json:"weights,omitempty" zh:"一级指标分值（覆盖规则默认）"`
	Indicators []Indicator                `json:"indicators,omitempty" zh:"绩效指标"`
	// ExecutionRubric scores the execution node instead of the rulebook's.
	ExecutionRubric *Rubric `json:"execution_rubric,omitempty" zh:"预算执行率评分方法（覆盖规则默认）"`
	// ExecutionDeductions are judged deductions on the execution node.
	ExecutionDeductions []Deduction `json:"execution_deductions,omitempty" zh:"预算执行扣分"`
	ExecutionCause      string      `json:"execution_cause,omitempty" zh:"执行率偏低原因"`
	// ExecutionScore is the execution score written in a table, kept to
	// compare with the score the rulebook gives.
	ExecutionScore *decimal.Decimal `json:"execution_score,omitempty" zh:"预算执行率得分（表中所填）"`
	Conclusion     string           `json:"conclusion,omitempty" zh:"评价结论"`
	Problems       string           `json:"problems,omitempty" zh:"存在问题"`
	Improvements   string           `json:"improvements,omitempty" zh:"改进措施"`
	// ResultsUse is how the self-evaluation's results are used (结果应用):
	// rectification, the next budget, publication.
	ResultsUse string  `json:"results_use,omitempty" zh:"结果应用" doc:"自评结果怎样应用：问题整改、与下年度预算安排挂钩、信息公开等；项目支出自评报告的最后一部分"`
	Stated     *Stated `json:"stated,omitempty" zh:"表中所述结果"`
	// Caps are the block weights the table prints in its labels.
	Caps []Cap `json:"caps,omitempty" zh:"表中所印分值"`
	// Incomplete marks a form not filled in completely, with the reason.
	Incomplete string `json:"incomplete,omitempty" zh:"未填写完整说明" doc:"填写后本项目不评定等级，如：未填写实际完成值和得分"`
}

// Matches reports whether ref names this project by code or name.
func (p *Project) Matches(ref string) bool {
	ref = strings.TrimSpace(ref)
	return ref != "" && (ref == p.Code || ref == p.Name)
}

func (p *Project) validate(path string, ps *Problems) {
	if strings.TrimSpace(p.Name) == "" {
		ps.add(join(path, "name"), "项目名称不能为空")
	}
	if b := p.Budget; b != nil {
		validateUnit(join(join(path, "budget"), "unit"), b.Unit, ps)
		for _, f := range []struct {
			name string
			v    *decimal.Decimal
		}{{"initial", b.Initial}, {"adjusted", b.Adjusted}, {"final", b.Final}, {"received", b.Received}} {
			if f.v != nil && f.v.IsNegative() {
				ps.add(join(join(path, "budget"), f.name), "金额不能为负数")
			}
			validateAmount(join(join(path, "budget"), f.name), f.v, ps)
		}
		for i, l := range b.Lines {
			lp := index(join(join(path, "budget"), "lines"), i)
			validateAmount(join(lp, "initial"), l.Initial, ps)
			validateAmount(join(lp, "adjusted"), l.Adjusted, ps)
			validateAmount(join(lp, "final"), l.Final, ps)
			validateAmount(join(lp, "received"), l.Received, ps)
		}
		validateAmount(join(join(path, "budget"), "balance"), b.Balance, ps)
	}
	for k, w := range p.Weights {
		if w.IsNegative() {
			ps.add(join(join(path, "weights"), k), "分值不能为负数")
		}
	}
	ids := map[string]int{}
	list := join(path, "indicators")
	for i := range p.Indicators {
		ip := elemPath{list: list, i: i}
		p.Indicators[i].validate(&ip, ps)
		if id := p.Indicators[i].ID; id != "" {
			if j, dup := ids[id]; dup {
				ps.add(join(ip.String(), "id"), "指标编号“%s”与第%d个指标重复", id, j+1)
			}
			ids[id] = i
		}
	}
	if p.ExecutionRubric != nil {
		p.ExecutionRubric.validate(join(path, "execution_rubric"), ps)
	}
	validateDeductions(join(path, "execution_deductions"), p.ExecutionDeductions, ps)
	validateCaps(join(path, "caps"), p.Caps, ps)
	p.Stated.validate(join(path, "stated"), ps)
	if b := p.Budget; b != nil {
		validateSpendLines(join(join(path, "budget"), "uses"), b.Uses, ps)
	}
}
