package jixiao_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

func dp(s string) *decimal.Decimal { d := jixiao.Dec(s); return &d }

func shijiazhuangBands() *jixiao.Rulebook {
	return &jixiao.Rulebook{Name: "t", Grades: []jixiao.GradeBand{
		{Name: "较差"}, {Name: "良好", Min: dp("75")}, {Name: "优秀", Min: dp("85")}, {Name: "一般", Min: dp("60")},
	}, Department: &jixiao.Layout{Kind: jixiao.LayoutGoals}}
}

func TestGradeBands(t *testing.T) {
	rb := shijiazhuangBands() // bands deliberately out of order
	for total, want := range map[string]string{
		"96": "优秀", "85": "优秀", "85.00": "优秀", "84.99": "良好", "75": "良好", "74.99": "一般",
		"60": "一般", "59.99": "较差", "0": "较差", "100": "优秀",
	} {
		if got := rb.Grade(jixiao.Dec(total)); got != want {
			t.Errorf("Grade(%s) = %s, want %s", total, got, want)
		}
	}
	want := "得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差"
	if got := rb.GradesText(); got != want {
		t.Errorf("GradesText = %s, want %s", got, want)
	}
}

func TestTierContains(t *testing.T) {
	achieved := jixiao.Tier{Name: "达成", Min: jixiao.Dec("0.8"), Max: jixiao.Dec("1")}
	partly := jixiao.Tier{Name: "部分达成", Min: jixiao.Dec("0.6"), Max: jixiao.Dec("0.8"), MaxExclusive: true}
	cases := []struct {
		tier  jixiao.Tier
		share string
		in    bool
	}{
		{achieved, "0.8", true}, {achieved, "1", true}, {achieved, "0.7999", false}, {achieved, "1.0001", false},
		{partly, "0.6", true}, {partly, "0.7999", true}, {partly, "0.8", false}, {partly, "0.5999", false},
	}
	for _, c := range cases {
		if got := c.tier.Contains(jixiao.Dec(c.share)); got != c.in {
			t.Errorf("%s.Contains(%s) = %v, want %v", c.tier.Name, c.share, got, c.in)
		}
	}
}

func TestRulebookValidate(t *testing.T) {
	rb := shijiazhuangBands()
	if err := rb.Validate(); err != nil {
		t.Fatalf("valid rulebook: %v", err)
	}
	bad := &jixiao.Rulebook{
		Grades: []jixiao.GradeBand{{Name: "甲"}, {Name: "乙"}},
		Tiers:  []jixiao.Tier{{Name: "反了", Min: jixiao.Dec("0.9"), Max: jixiao.Dec("0.5")}},
		Project: &jixiao.Layout{Kind: "tree", Rules: []jixiao.IndicatorRule{
			{Match: "率", Rubric: jixiao.Rubric{Kind: jixiao.RubricPerPoint}},
			{Match: "x", Rubric: jixiao.Rubric{Kind: jixiao.RubricTiered, Bands: []jixiao.Band{{}}}},
		}},
	}
	err := bad.Validate()
	if err == nil {
		t.Fatal("want problems")
	}
	for _, want := range []string{"规则名称不能为空", "只能有一个等级不设最低分", "档次“反了”", "结构应为 indicators 或 goals",
		"project.rules[0].rubric.per", "project.rules[1].rubric.bands[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems %q do not mention %q", err, want)
		}
	}
}

func TestBandContainsAndDescribe(t *testing.T) {
	b := jixiao.Band{GT: dp("0"), LE: dp("10")}
	for v, in := range map[string]bool{"0": false, "0.01": true, "10": true, "10.01": false} {
		if b.Contains(jixiao.Dec(v)) != in {
			t.Errorf("Contains(%s) != %v", v, in)
		}
	}
	if got := b.Describe(); got != "0＜值≤10" {
		t.Errorf("Describe = %s", got)
	}
}
