package jixiao_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

func appRules() *jixiao.ApplicationRules {
	return &jixiao.ApplicationRules{Name: "测试", Version: "1", Source: "测试依据", Rules: []jixiao.ApplicationRule{
		{Grade: "优", Action: "优先保障", Change: jixiao.Dec("0")},
		{Grade: "良", Action: "保障", Change: jixiao.Dec("0")},
		{Grade: "中", Action: "压缩", Change: jixiao.Dec("-0.1")},
		{Grade: "差", Action: "取消", Change: jixiao.Dec("-1")},
	}}
}

func TestSuggest(t *testing.T) {
	rules := appRules()
	for _, tc := range []struct{ grade, amount, action, want, text string }{
		{"优", "120.5", "优先保障", "120.50", "等级为优：优先保障，金额不变 120.50"},
		{"中", "333.33", "压缩", "300.00", "等级为中：压缩 10%，333.33 × (1 − 10%) = 300.00"},
		{"中", "0.05", "压缩", "0.05", "等级为中：压缩 10%，0.05 × (1 − 10%) = 0.05"}, // 0.045 half-up
		{"差", "88", "取消", "0.00", "等级为差：取消，金额 88.00 调减为 0"},
	} {
		s, err := rules.Suggest(tc.grade, jixiao.Dec(tc.amount), 2)
		if err != nil {
			t.Fatal(err)
		}
		if s.Action != tc.action || jixiao.Fixed(s.Amount, 2) != tc.want || s.Explanation != tc.text {
			t.Errorf("%s %s: %s %s %q", tc.grade, tc.amount, s.Action, jixiao.Fixed(s.Amount, 2), s.Explanation)
		}
	}
	if _, err := rules.Suggest("优秀", jixiao.Dec("1"), 2); err == nil || !strings.Contains(err.Error(), "没有等级“优秀”的措施（有：优、良、中、差）") {
		t.Errorf("unknown grade: %v", err)
	}
	bad := &jixiao.ApplicationRules{Rules: []jixiao.ApplicationRule{{Grade: "优", Action: "x", Change: jixiao.Dec("-1.5")}, {Grade: "优"}}}
	err := bad.Validate()
	for _, want := range []string{"name：规则名称不能为空", "source：依据不能为空", "rules[0].change：金额调整比例应在 -1 与 1 之间", "rules[1].grade：等级“优”重复", "rules[1].action：应用措施不能为空"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestApply(t *testing.T) {
	dec := func(s string) *decimal.Decimal { v := jixiao.Dec(s); return &v }
	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{
		{Unit: "市教育局", Project: "校舍维修", Grade: "优", Amount: jixiao.Dec("500")},
		{Unit: "市教育局", Project: "教师培训", Grade: "中", Amount: jixiao.Dec("200"), DecidedAction: "压缩", DecidedAmount: dec("150")},
		{Unit: "市卫健委", Project: "疫苗冷链", Grade: "差", Amount: jixiao.Dec("80")},
		{Unit: "市卫健委", Project: "健康宣传", Grade: "良", Amount: jixiao.Dec("60"), DecidedAction: "调剂至疫苗冷链", DecidedAmount: dec("0")},
	}}
	a, err := jixiao.Apply(res, appRules(), 2)
	if err != nil {
		t.Fatal(err)
	}
	// Final: 500 + 150 + 0 + 0 = 650 of 840; suggested 500 + 180 + 0 + 60 = 740.
	want := "2024年度评价结果应用于2025年度预算：共 4 个项目，财政局已决定 2 个；优先保障 1 个（500.00 万元），压缩 1 个（150.00 万元），取消 1 个（0.00 万元），调剂至疫苗冷链 1 个（0.00 万元）。拟安排 840.00 万元，建议安排 740.00 万元，安排（已决定的按决定，其余按建议）650.00 万元，调减 190.00 万元，调增 0.00 万元"
	if got := a.Summary(); got != want {
		t.Errorf("summary\n%s\nwant\n%s", got, want)
	}
	if r := a.Rows[1]; !r.Decided || jixiao.Fixed(r.Suggestion.Amount, 2) != "180.00" || jixiao.Fixed(r.Adjustment, 2) != "-50.00" {
		t.Errorf("row 2 %+v", r)
	}
	res.Projects[3].DecidedAction = ""
	if _, err = jixiao.Apply(res, appRules(), 2); err == nil || !strings.Contains(err.Error(), "projects[3].decided_action：填写了决定金额，须同时填写决定措施") {
		t.Errorf("decided amount without action: %v", err)
	}
	res.Projects[3].DecidedAmount = nil
	res.Projects[2].Grade = "较差"
	if _, err = jixiao.Apply(res, appRules(), 2); err == nil || !strings.Contains(err.Error(), "projects[2].grade：结果应用规则“测试”没有等级“较差”的措施") {
		t.Errorf("unknown grade: %v", err)
	}
}
