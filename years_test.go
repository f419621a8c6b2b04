package jixiao_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

func yearOf(id int64, year int, total, grade, exec string, inds ...jixiao.Indicator) jixiao.YearInput {
	info := &jixiao.EvaluationInfo{ID: id, OrgName: "市园林局", Year: year, Subject: jixiao.SubjectDepartment}
	s := &jixiao.Summary{EvaluationInfo: info, Scored: total != "", Grade: grade}
	if total != "" {
		s.Total = decimal.RequireFromString(total)
	}
	if exec != "" {
		e := decimal.RequireFromString(exec)
		s.Execution = &e
	}
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: year, Indicators: inds}
	return jixiao.YearInput{Info: info, Summary: s, Evaluation: ev}
}

func ind(lib, l2, name, target, actual string) jixiao.Indicator {
	return jixiao.Indicator{LibraryID: lib, Level1: "产出指标", Level2: l2, Name: name,
		Target: jixiao.Figure{Text: target}, Actual: jixiao.Figure{Text: actual}}
}

func TestCompareYears(t *testing.T) {
	c := jixiao.CompareYears([]jixiao.YearInput{
		yearOf(3, 2024, "91.2", "优", "0.964",
			ind("GX-0001", "数量指标", "绿地养护面积（新名称）", "≥1300公顷", "1350公顷"),
			ind("", "质量指标", "苗木成活率", "≥95%", "97%")),
		yearOf(1, 2022, "", "", "0.88"),
		yearOf(2, 2023, "88.5", "良", "0.921",
			ind("GX-0001", "数量指标", "绿地养护面积", "≥1200公顷", "1260公顷"),
			ind("", "质量指标", " 苗木 成活率", "≥95%", "96%"),
			ind("", "时效指标", "完成时限", "12月底前", "按时完成")),
	})
	if len(c.Years) != 3 || c.Years[0].Year != 2022 || c.Years[2].Year != 2024 || c.OrgName != "市园林局" {
		t.Fatalf("years %+v", c.Years)
	}
	y23, y24 := c.Years[1], c.Years[2]
	if y23.TotalChange != nil || y23.PrevYear != 2022 {
		t.Errorf("2023 against an unscored 2022: change %v, prev %d", y23.TotalChange, y23.PrevYear)
	}
	if y23.ExecutionChange == nil || y23.ExecutionChange.String() != "4.1" {
		t.Errorf("2023 execution change %v, want 4.1 points", y23.ExecutionChange)
	}
	if y24.TotalChange == nil || y24.TotalChange.String() != "2.7" || y24.PrevGrade != "良" {
		t.Errorf("2024 change %v prev grade %q", y24.TotalChange, y24.PrevGrade)
	}
	// The library code keeps a renamed indicator; the name (spaces aside)
	// keeps one without a code; the latest year's order comes first.
	if len(c.Indicators) != 3 {
		t.Fatalf("indicators %+v", c.Indicators)
	}
	area, rate, time := c.Indicators[0], c.Indicators[1], c.Indicators[2]
	if area.Name != "绿地养护面积（新名称）" || area.Values[1].Target != "≥1200公顷" || area.Values[2].Actual != "1350公顷" || area.Values[0].Present {
		t.Errorf("area %+v", area)
	}
	if rate.Values[1].Actual != "96%" || rate.Values[2].Actual != "97%" {
		t.Errorf("rate %+v", rate)
	}
	if time.Name != "完成时限" || time.Values[2].Present || !time.Values[1].Present {
		t.Errorf("time %+v", time)
	}
	want := "与2023年度相比，总分由88.5分升至91.2分（上升2.7分），评价等级由“良”变为“优”；预算执行率由92.10%升至96.40%（上升4.30个百分点）。"
	if got := c.Sentence(2); got != want {
		t.Errorf("sentence\n got %s\nwant %s", got, want)
	}
}

func TestCompareYearsSentenceShapes(t *testing.T) {
	for _, tc := range []struct {
		a, b []string // total, grade, execution of the two years
		want string
	}{
		{[]string{"90", "优", "0.95"}, []string{"86.5", "良", "0.95"}, "与2023年度相比，总分由90分降至86.5分（下降3.5分），评价等级由“优”变为“良”；预算执行率均为95.00%。"},
		{[]string{"80", "良", ""}, []string{"80", "良", "0.9"}, "与2023年度相比，总分均为80分，评价等级均为“良”。"},
		{[]string{"", "", "0.5"}, []string{"", "", "0.25"}, "与2023年度相比，预算执行率由50.00%降至25.00%（下降25.00个百分点）。"},
		{[]string{"", "", ""}, []string{"70", "中", ""}, ""},
	} {
		c := jixiao.CompareYears([]jixiao.YearInput{yearOf(1, 2023, tc.a[0], tc.a[1], tc.a[2]), yearOf(2, 2024, tc.b[0], tc.b[1], tc.b[2])})
		if got := c.Sentence(2); got != tc.want {
			t.Errorf("%v → %v:\n got %q\nwant %q", tc.a, tc.b, got, tc.want)
		}
	}
	if s := jixiao.CompareYears([]jixiao.YearInput{yearOf(1, 2024, "90", "优", "1")}).Sentence(2); s != "" {
		t.Errorf("one year: %q", s)
	}
}

func TestCompareYearsBoundsIndicators(t *testing.T) {
	var inds []jixiao.Indicator
	for i := range jixiao.MaxComparedIndicators + 7 {
		inds = append(inds, ind("", "数量指标", fmt.Sprintf("指标%d", i), "1", "1"))
	}
	c := jixiao.CompareYears([]jixiao.YearInput{yearOf(1, 2024, "90", "优", "1", inds...)})
	if len(c.Indicators) != jixiao.MaxComparedIndicators || c.Omitted != 7 {
		t.Errorf("%d indicators, %d omitted", len(c.Indicators), c.Omitted)
	}
}
