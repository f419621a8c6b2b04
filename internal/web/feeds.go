package web

import (
	"fmt"

	"jixiao"
)

// goalFeed is what an indicator of a department evaluation scored by goal
// deductions (分项绩效目标扣分) feeds: the indicator has no score of its own;
// its goal is scored as its weight less the deductions the evaluator
// judged, which may name the indicator. The live scorecard shows it in
// the indicator's row in place of a score.
type goalFeed struct {
	GoalID int64
	Goal   string
	// Weight, Deducted and Score are the goal's, as its explanation
	// writes them.
	Weight, Deducted, Score string
	// Mine are the goal's deductions that name this indicator ("扣1分：…").
	Mine []string
	// Met is "met", "unmet" or "" (cannot tell: qualitative, or values
	// missing); Status says it in words.
	Met    string
	Status string
	// Hint tells what to do when the target is not met and no deduction
	// names the indicator.
	Hint string
}

// Feed is the goal the indicator feeds when its evaluation is scored by
// goal deductions, or nil (the indicator is scored itself, or not at all).
func (iv *indicatorView) Feed() *goalFeed {
	if iv.Node != nil || iv.Rec.Owner.GoalID == 0 {
		return nil
	}
	var g *goalView
	for _, x := range iv.Ev.Goals {
		if x.Rec.ID == iv.Rec.Owner.GoalID {
			g = x
		}
	}
	if g == nil || g.Node == nil || g.Node.Kind != jixiao.NodeGoal {
		return nil
	}
	in := &iv.Rec.Indicator
	f := &goalFeed{GoalID: g.Rec.ID, Goal: g.Rec.Goal.Name, Weight: jixiao.Plain(g.Node.Weight),
		Deducted: jixiao.Plain(jixiao.TotalDeducted(g.Rec.Goal.Deductions)), Score: jixiao.Plain(g.Node.Score.Round(scorePlaces(iv.Ev.Scorecard)))}
	for _, d := range g.Rec.Goal.Deductions {
		if d.Indicator != "" && (d.Indicator == in.Name || (in.ID != "" && d.Indicator == in.ID)) {
			f.Mine = append(f.Mine, fmt.Sprintf("扣%s分：%s", jixiao.Plain(d.Points), d.Reason))
		}
	}
	target, actual := in.TargetText(), in.ActualText()
	switch {
	case in.Actual.IsZero():
		f.Status = "尚未填写实际完成值"
	case in.Qualitative():
		f.Status = "定性指标：是否达到由评价人判断"
	default:
		ops, err := in.Operands()
		switch {
		case err != nil && in.Target.Numeric && !in.Actual.Numeric:
			f.Status = fmt.Sprintf("实际完成值不是数值，无法与指标值%s比较", target)
		case err != nil:
			f.Status = jixiao.ErrorMessage(err)
		}
		if err != nil {
			break
		}
		f.Met, f.Status = "unmet", fmt.Sprintf("未达到（实际%s，指标值%s）", actual, target)
		if ops.Met(in.EffectiveOp()) {
			f.Met, f.Status = "met", fmt.Sprintf("已达到（实际%s，指标值%s）", actual, target)
		}
		if ops.Conversion != "" {
			f.Status += "（" + ops.Conversion + "）"
		}
	}
	if f.Met == "unmet" && len(f.Mine) == 0 {
		f.Hint = "如需扣分：在本目标的“目标、扣分及说明”中填写，“相关指标”写本指标名称。"
	}
	return f
}

// ByGoals reports whether the evaluation is scored by goal deductions: a
// department evaluation whose indicators carry no score of their own.
func (v *evalView) ByGoals() bool {
	for _, g := range v.Goals {
		if g.Node != nil && g.Node.Kind == jixiao.NodeGoal {
			return true
		}
	}
	return false
}

// Before and After are what a scorecard row shows before and after its
// target or actual input when the case gives the 指标性质 and 度量单位
// apart from the value: "≤" before and "万元" after "10", so that the row
// reads "≤10 万元" and "9.4 万元".
func (d *rowData) Before(field string) string {
	in := &d.I.Rec.Indicator
	if field == "target" && in.Op != jixiao.OpNone && in.Op != jixiao.OpQualitative && in.Target.Op == jixiao.OpNone && in.Target.Numeric {
		return string(in.Op)
	}
	return ""
}

// After is the unit shown after a row's target or actual input (Before).
func (d *rowData) After(field string) string {
	in := &d.I.Rec.Indicator
	fig := in.Target
	if field == "actual" {
		fig = in.Actual
	} else if field != "target" {
		return ""
	}
	if in.Unit != "" && fig.Numeric && fig.Unit == "" {
		return in.Unit
	}
	return ""
}
