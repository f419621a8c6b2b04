package jixiao_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

// gradedRulebook grades as mof-2020 does (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差)
// with totals shown to one place.
func gradedRulebook() *jixiao.Rulebook {
	min := func(s string) *decimal.Decimal { v := jixiao.Dec(s); return &v }
	// Bands in no order: the grading code orders them.
	return &jixiao.Rulebook{Name: "测试规则", Grades: []jixiao.GradeBand{
		{Name: "良", Min: min("80")}, {Name: "优", Min: min("90")}, {Name: "差"}, {Name: "中", Min: min("60")},
	}, Rounding: &jixiao.Rounding{Score: 1, Total: 1, Rate: 2, Amount: 2}}
}

func item(name, weight, self, re, reason string) jixiao.RecheckItem {
	return jixiao.RecheckItem{Name: name, Weight: jixiao.Dec(weight), Self: jixiao.Dec(self), Recheck: jixiao.Dec(re), Reason: reason}
}

func TestDeviation(t *testing.T) {
	rc := &jixiao.Recheck{Projects: []jixiao.RecheckedProject{
		{Unit: "市教育局", Project: "校舍维修", Items: []jixiao.RecheckItem{
			item("预算执行率", "10", "10", "8.5", "执行率按决算为 85%，自评按预算数计"),
			item("产出指标", "50", "48", "42", "完成数量未达目标，佐证不足"),
			item("效益指标", "30", "25", "25", ""),
			item("满意度指标", "10", "8", "7", "问卷样本不足"),
		}},
		{Unit: "市教育局", Project: "教师培训", Items: []jixiao.RecheckItem{
			item("预算执行率", "10", "9", "9", ""),
			item("产出指标", "50", "40", "44.5", "自评漏计已完成的培训班次"),
			item("效益指标", "30", "26", "26", ""),
			item("满意度指标", "10", "9", "9", ""),
		}},
		{Unit: "市卫健委", Project: "疫苗冷链", Items: []jixiao.RecheckItem{
			item("预算执行率", "10", "10", "10", ""),
			item("产出指标", "50", "45", "45", ""),
			item("效益指标", "30", "27.25", "27.25", ""),
			item("满意度指标", "10", "9", "9", ""),
		}},
	}}
	dev, err := jixiao.Deviation(rc, gradedRulebook())
	if err != nil {
		t.Fatal(err)
	}
	// 校舍维修: self 10+48+25+8 = 91.0 (优), re-check 8.5+42+25+7 = 82.5 (良).
	// 教师培训: 84 (良) → 88.5 (良). 疫苗冷链: 91.25 → 91.3 both (优).
	want := []string{
		"复核得分 82.5 − 自评得分 91.0 = −8.5 分，等级由优降为良",
		"复核得分 88.5 − 自评得分 84.0 = 4.5 分，等级不变（良）",
		"复核得分 91.3 − 自评得分 91.3 = 0.0 分，等级不变（优）",
	}
	for i, w := range want {
		if got := dev.Projects[i].Explanation; got != w {
			t.Errorf("project %d: %s, want %s", i, got, w)
		}
	}
	if got := dev.Projects[0].Items[0].Explanation; got != "复核得分 8.5 − 自评得分 10.0 = −1.5 分" {
		t.Errorf("item: %s", got)
	}
	if dev.Projects[0].Change != -1 || dev.Projects[1].Change != 0 {
		t.Errorf("changes %d %d", dev.Projects[0].Change, dev.Projects[1].Change)
	}
	if len(dev.Units) != 2 {
		t.Fatalf("units %+v", dev.Units)
	}
	// 市教育局: −8.5 + 4.5 = −4.0, mean −2.0.
	if got := dev.Units[0].Explanation; got != "复核 2 个项目，偏差合计 −4.0 分，平均 −2.0 分；等级降低 1 个，提高 0 个" {
		t.Errorf("unit: %s", got)
	}
	// Overall: (−8.5 + 4.5 + 0) / 3 = −1.33… → −1.3; |·|: 13 / 3 = 4.33… → 4.3.
	if got := dev.Explanation; got != "共复核 2 个单位的 3 个项目：平均偏差 −1.3 分，平均绝对偏差 4.3 分；等级降低 1 个，提高 0 个，不变 2 个" {
		t.Errorf("overall: %s", got)
	}
	// A rise: 差 → 中.
	up := &jixiao.Recheck{Projects: []jixiao.RecheckedProject{{Unit: "甲", Project: "乙", Items: []jixiao.RecheckItem{item("全部", "100", "59.94", "60", "补充佐证")}}}}
	dev, err = jixiao.Deviation(up, gradedRulebook())
	if err != nil {
		t.Fatal(err)
	}
	if got := dev.Projects[0].Explanation; got != "复核得分 60.0 − 自评得分 59.9 = 0.1 分，等级由差升为中" {
		t.Errorf("rise: %s", got)
	}
}

func TestRecheckRefuses(t *testing.T) {
	rc := &jixiao.Recheck{Projects: []jixiao.RecheckedProject{
		{Unit: "甲", Project: "乙", Items: []jixiao.RecheckItem{
			item("产出", "50", "51", "40", "理由"),
			item("产出", "50", "40", "30", ""),
			item("效益", "0", "0", "0", ""),
		}},
		{Unit: "甲", Project: "乙"},
	}}
	err := rc.Validate()
	for _, want := range []string{
		"projects[0].items[0].self：自评得分 51 不在 0 到分值 50 之间",
		"projects[0].items[1].name：评分项“产出”重复",
		"projects[0].items[1].reason：评分项“产出”的复核得分与自评得分不同，须写明复核理由",
		"projects[0].items[2].weight：分值应大于 0",
		"projects[1].project：单位“甲”的项目“乙”与第 1 个项目重复",
		"projects[1].items：项目“乙”没有评分项",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if _, err := jixiao.Deviation(rc, gradedRulebook()); err == nil {
		t.Fatal("Deviation accepted an invalid re-check")
	}
}
