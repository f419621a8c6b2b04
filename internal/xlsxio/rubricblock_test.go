package xlsxio_test

import (
	"testing"
)

// TestRubricBlockAndSourceFunds reads a Hubei county form: 项目主管单位,
// funds by source with their 合计 and 执行数 on one unlabelled row, a
// rubric block (项目权重 | 评价内容 | 分值 | 自评分) above the indicator
// header, and 年终完成值 / 自评分 columns.
func TestRubricBlockAndSourceFunds(t *testing.T) {
	book := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某市财政预算支出项目绩效目标自评表"},
		{"填报日期:2022年8月10日", nil, nil, nil, nil, "自评总分:", 95},
		{"项目名称", "乡村道路养护", nil, nil, "项目主管单位", "某市交通运输局"},
		{"项目实施单位", "某市交通运输局"},
		{"项目资金来源", "中央(万元)", "省、地(万元)", "本级(万元)", "其他(万元)", "合计(万元)", "执行数(万元)", "执行率"},
		{nil, nil, nil, nil, nil, 309, 309, pct(1)},
		{"项目权重", "评价内容", "分值", "自评分", "复核分", "评价标准及依据"},
		{"项目决策2分", "决策依据", 2, 2, nil, "有项目年度工作计划计2分"},
		{"项目管理13分", "财务制度", 3, 3},
		{nil, "组织机构", 2, 1.5},
		{"项目年度目标1:乡村道路养护"},
		{"项目权重", "一级指标", "二级指标", "指标名称(三级指标)", "年初指标值", "年终完成值", "自评分", "复核分", "评价标准"},
		{"项目绩效85分", "产出指标40分", "数量指标15分", "养护里程", "300公里", "300公里", 15},
	}})
	ev := read(t, "县级项目.xlsx", book)
	if ev.Year != 2021 || len(ev.Projects) != 1 {
		t.Fatalf("year %d, %d projects", ev.Year, len(ev.Projects))
	}
	p := ev.Projects[0]
	if p.Department != "某市交通运输局" || p.Budget == nil || p.Budget.Adjusted.String() != "309" || p.Budget.Final.String() != "309" || p.Budget.AmountUnit() != "万元" {
		t.Errorf("department %q budget %+v", p.Department, p.Budget)
	}
	want := []struct{ level1, name, weight, score, actual string }{
		{"项目决策", "决策依据", "2", "2", ""},
		{"项目管理", "财务制度", "3", "3", ""},
		{"项目管理", "组织机构", "2", "1.5", ""},
		{"产出指标", "养护里程", "", "15", "300公里"},
	}
	if len(p.Indicators) != len(want) {
		t.Fatalf("%d indicators: %+v", len(p.Indicators), p.Indicators)
	}
	for i, w := range want {
		in := p.Indicators[i]
		weight, score := "", ""
		if in.Weight != nil {
			weight = in.Weight.String()
		}
		if in.Score != nil {
			score = in.Score.String()
		}
		if in.Level1 != w.level1 || in.Name != w.name || weight != w.weight || score != w.score || in.Actual.Text != w.actual {
			t.Errorf("row %d: %s/%s weight %s score %s actual %q", i, in.Level1, in.Name, weight, score, in.Actual.Text)
		}
	}
}
