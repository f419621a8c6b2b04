package jixiao

import (
	"github.com/shopspring/decimal"
)

// Scorecard is the scored result of an evaluation under a rulebook: a tree
// of weighted nodes whose every score explains itself.
type Scorecard struct {
	Subject  Subject
	Name     string // the organisation or project evaluated
	Year     int
	Rulebook *Rulebook
	// Weight is the sum of the top-level weights (normally 100).
	Weight decimal.Decimal
	// Total is the exact sum of the top-level scores; Displayed is Total
	// rounded half-up to the rulebook's total places, and Grade is taken
	// from Displayed so that the printed score and grade never disagree.
	Total     decimal.Decimal
	Displayed decimal.Decimal
	Grade     string
	// GradeNote says how the grade was given when not by the rulebook's
	// bands: by the document's own grade bands, or not at all.
	GradeNote string
	// Incomplete, when set, is why the form is not filled in completely;
	// such a scorecard is given no grade.
	Incomplete string
	Nodes      []*Node
	// Projects are the scorecards of a department's projects that carry
	// indicators (for the 绩效自评结果汇总表).
	Projects []*Scorecard
}

// GradeText is the grade as reports print it: the grade, or for a form not
// filled in completely "未评定（表格未填写完整：…）", never a grade read
// from a blank form's total.
func (sc *Scorecard) GradeText() string {
	if sc.Incomplete != "" {
		return "未评定（表格未填写完整：" + sc.Incomplete + "）"
	}
	if sc.Grade == "" {
		return "未评定"
	}
	return sc.Grade
}

// Node kinds.
const (
	NodeExecution = "execution" // 预算执行率
	NodeGroup     = "group"     // 一级指标
	NodeSubgroup  = "subgroup"  // 二级指标
	NodeIndicator = "indicator" // 三级指标
	NodeGoal      = "goal"      // 分项绩效目标
)

// Node is one weighted node of a scorecard.
type Node struct {
	Kind   string
	Name   string
	Weight decimal.Decimal
	// Score is exact; display it with the rulebook's Rounding.Score places.
	Score decimal.Decimal
	// Rubric is how a leaf was scored; empty for nodes that sum children.
	Rubric RubricKind
	// Explanation states the data, the rule and the arithmetic, in Chinese:
	// "实际值45 / 目标值50 × 分值8 = 7.20".
	Explanation string
	// Notes are flags for people: over-achievement beyond θ, a score still
	// to be judged, data that could not be used.
	Notes []string
	// Source is the node's path in the case file ("projects[0].indicators[3]").
	Source   string
	Children []*Node
}

// Leaves returns the leaf nodes under n (n itself when it has no children).
func (n *Node) Leaves() []*Node {
	if len(n.Children) == 0 {
		return []*Node{n}
	}
	var out []*Node
	for _, c := range n.Children {
		out = append(out, c.Leaves()...)
	}
	return out
}

// Walk calls fn for every node of the scorecard, parents before children,
// with its depth (0 for top-level nodes).
func (sc *Scorecard) Walk(fn func(n *Node, depth int)) {
	var walk func(ns []*Node, d int)
	walk = func(ns []*Node, d int) {
		for _, n := range ns {
			fn(n, d)
			walk(n.Children, d+1)
		}
	}
	walk(sc.Nodes, 0)
}
