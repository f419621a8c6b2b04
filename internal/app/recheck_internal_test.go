package app

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

// TestScoredItems: the re-score sheet has one row per scored leaf, named
// by its path from the top, in the scorecard's order; a leaf without a
// weight is not scored and has no row.
func TestScoredItems(t *testing.T) {
	w := decimal.NewFromInt
	leaf := func(name string, weight int64) *jixiao.Node {
		return &jixiao.Node{Kind: jixiao.NodeIndicator, Name: name, Weight: w(weight), Score: w(weight)}
	}
	sc := &jixiao.Scorecard{Nodes: []*jixiao.Node{
		{Kind: jixiao.NodeExecution, Name: "预算执行率", Weight: w(10), Score: w(8)},
		{Kind: jixiao.NodeGroup, Name: "产出指标", Weight: w(50), Children: []*jixiao.Node{
			{Kind: jixiao.NodeSubgroup, Name: "数量指标", Weight: w(30), Children: []*jixiao.Node{leaf("培训人次", 20), leaf("培训天数", 10), leaf("备注", 0)}},
			{Kind: jixiao.NodeSubgroup, Name: "质量指标", Weight: w(20), Children: []*jixiao.Node{leaf("合格率", 20)}},
		}},
	}}
	var got []string
	for _, it := range scoredItems(sc) {
		got = append(got, it.name+"="+it.node.Weight.String())
	}
	want := "预算执行率=10|产出指标 › 数量指标 › 培训人次=20|产出指标 › 数量指标 › 培训天数=10|产出指标 › 质量指标 › 合格率=20"
	if strings.Join(got, "|") != want {
		t.Errorf("scored items:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}
