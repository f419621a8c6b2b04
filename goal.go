package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Goal is a sub-goal (分项绩效目标) of a department's overall goal, with its
// weight (分值), its indicators, what was achieved, and the judged
// deductions that scored it.
type Goal struct {
	ID     string           `json:"id,omitempty" zh:"目标编号"`
	Name   string           `json:"name" zh:"分项绩效目标" jx:"required"`
	Weight *decimal.Decimal `json:"weight,omitempty" zh:"分值"`
	// Target is the goal as declared (绩效目标：…).
	Target string `json:"target,omitempty" zh:"绩效目标（预期）"`
	// IndicatorsText is the declared indicators as the report words them
	// (绩效指标：…); Indicators holds them one by one.
	IndicatorsText string      `json:"indicators_text,omitempty" zh:"绩效指标（原文）"`
	Indicators     []Indicator `json:"indicators,omitempty" zh:"绩效指标"`
	// Achievement and Results are the report's account of what was done
	// (目标实现情况; 绩效指标完成情况).
	Achievement string           `json:"achievement,omitempty" zh:"目标实现情况"`
	Results     string           `json:"results,omitempty" zh:"绩效指标完成情况"`
	Rubric      *Rubric          `json:"rubric,omitempty" zh:"评分方法（覆盖规则默认）"`
	Deductions  []Deduction      `json:"deductions,omitempty" zh:"评价扣分"`
	StatedScore *decimal.Decimal `json:"stated_score,omitempty" zh:"报告所述得分"`
}

func (g *Goal) validate(path string, ps *Problems) {
	if strings.TrimSpace(g.Name) == "" {
		ps.add(join(path, "name"), "分项绩效目标名称不能为空")
	}
	if g.Weight != nil && g.Weight.IsNegative() {
		ps.add(join(path, "weight"), "分值不能为负数")
	}
	list := join(path, "indicators")
	for i := range g.Indicators {
		g.Indicators[i].validate(&elemPath{list: list, i: i}, ps)
	}
	if g.Rubric != nil {
		g.Rubric.validate(join(path, "rubric"), ps)
	}
	validateDeductions(join(path, "deductions"), g.Deductions, ps)
}
