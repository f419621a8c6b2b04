package xlsxio

import (
	"reflect"
	"testing"
)

func TestGoalUses(t *testing.T) {
	tests := []struct {
		name, goal, result, unit string
		want                     []any
	}{
		{"purpose before amount, a comma inside a purpose, 元 into 万元",
			"本项目共申请预算资金2026400元,其中村级组织运转400000元,组长,小组长报酬252000元,事务补助960000元。其余另行安排",
			"本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,组长,小组长报酬152000元,事务补助660000元。", "万元",
			[]any{
				map[string]any{"name": "村级组织运转", "plan": "40", "actual": "43.912067"},
				map[string]any{"name": "组长,小组长报酬", "plan": "25.2", "actual": "15.2"},
				map[string]any{"name": "事务补助", "plan": "96", "actual": "66"},
			}},
		{"amount before purpose, 万元 into 元",
			"共申请90万元。其中:30万元用于预算编制;60万元用于审计。", "共完成89.97万元。其中:30万元用于预算编制;59.97万元用于审计。", "元",
			[]any{
				map[string]any{"name": "预算编制", "plan": "300000", "actual": "300000"},
				map[string]any{"name": "审计", "plan": "600000", "actual": "599700"},
			}},
		{"achieved list without the same names pairs by position",
			"其中甲100元，乙200元", "其中子100元，丑150元", "元",
			[]any{
				map[string]any{"name": "甲", "plan": "100", "actual": "100"},
				map[string]any{"name": "乙", "plan": "200", "actual": "150"},
			}},
		{"no achieved list", "其中甲100元，乙200元", "完成年度目标。", "元",
			[]any{map[string]any{"name": "甲", "plan": "100"}, map[string]any{"name": "乙", "plan": "200"}}},
		{"one purpose is not a list", "其中甲100元。", "", "元", nil},
		{"no 其中", "甲100元，乙200元", "", "元", nil},
		{"an amount without a purpose", "其中100元，乙200元", "", "元", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := goalUses(tc.goal, tc.result, tc.unit); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
		})
	}
}
