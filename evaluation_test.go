package jixiao_test

import (
	"strings"
	"testing"

	"jixiao"
)

func TestEvaluationValidate(t *testing.T) {
	neg := jixiao.Dec("-1")
	ev := &jixiao.Evaluation{
		Format: "other/2", Subject: jixiao.SubjectProject, Year: 24,
		Org: jixiao.Org{},
		Projects: []jixiao.Project{
			{Name: "甲", Indicators: []jixiao.Indicator{
				{ID: "a", Name: "x", Weight: &neg},
				{ID: "a", Name: "y", Op: jixiao.OpGE, Target: mustFigure(t, "按时完成")},
				{Name: "z", Op: jixiao.OpLE, Target: mustFigure(t, "≥95%"),
					Deductions: []jixiao.Deduction{{Points: jixiao.Dec("1"), Indicator: "nope", Projects: []string{"乙"}}}},
			}},
			{Name: "甲"},
		},
	}
	err := ev.Validate()
	if err == nil {
		t.Fatal("want problems")
	}
	for _, want := range []string{
		"format：格式版本", "year：评价年度", "org.name：单位名称不能为空",
		"projects：项目支出评价须且只须包含一个项目",
		"projects[0].indicators[0].weight：分值不能为负数",
		"projects[0].indicators[1].id：指标编号“a”与第1个指标重复",
		"projects[0].indicators[1].target：指标性质为“≥”，指标值应为数字",
		"projects[0].indicators[2].op：指标性质“≤”与指标值“≥95%”中的比较符号不一致",
		"projects[0].indicators[2].deductions[0].projects[0]：扣分引用的项目“乙”",
		"projects[0].indicators[2].deductions[0].indicator：扣分引用的指标“nope”不存在",
		"projects[1].name：项目“甲”与第1个项目重名",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems do not contain %q:\n%s", want, err)
		}
	}
}

func mustFigure(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestIndicatorEffectiveOp(t *testing.T) {
	cases := []struct {
		op     jixiao.Operator
		target string
		want   jixiao.Operator
	}{
		{"", "≥95%", jixiao.OpGE},
		{"", "50", jixiao.OpEQ},
		{"", "按时完成", jixiao.OpQualitative},
		{jixiao.OpLE, "90", jixiao.OpLE},
		{jixiao.OpQualitative, "达成", jixiao.OpQualitative},
	}
	for _, c := range cases {
		in := jixiao.Indicator{Op: c.op, Target: mustFigure(t, c.target)}
		if got := in.EffectiveOp(); got != c.want {
			t.Errorf("EffectiveOp(op=%q, target=%q) = %q, want %q", c.op, c.target, got, c.want)
		}
	}
}

func TestAmountPlaces(t *testing.T) {
	ok, bad := jixiao.Dec("661.628093"), jixiao.Dec("1.0000001")
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局"},
		Budget: &jixiao.Budget{Final: &jixiao.BudgetStage{IncomeTotal: &ok, Basic: &bad}}}
	err := ev.Validate()
	if err == nil || !strings.Contains(err.Error(), "budget.final.basic：金额最多保留6位小数，实际为1.0000001") || strings.Contains(err.Error(), "income_total") {
		t.Errorf("got %v", err)
	}
}
