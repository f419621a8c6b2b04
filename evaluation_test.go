package jixiao_test

import (
	"slices"
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
		"format：格式版本", "year：评价年度",
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

// TestYearAndNameMissing: a case without an evaluation year is valid only
// when it marks its form incomplete; a blank unit name is valid (check
// reports it); neither can be stored.
func TestYearAndNameMissing(t *testing.T) {
	base := func() *jixiao.Evaluation {
		return &jixiao.Evaluation{Subject: jixiao.SubjectProject, Year: 2021, Org: jixiao.Org{Name: "某局"},
			Projects: []jixiao.Project{{Name: "乡村道路养护"}}}
	}
	ev := base()
	if err := ev.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := ev.Storable(); err != nil {
		t.Fatal(err)
	}
	// No year, form not marked: refused by Validate.
	ev.Year = 0
	if err := ev.Validate(); err == nil || err.Error() != "year：缺少评价年度：请填写四位年份；表格没有写明年度时，须同时填写未填写完整说明（incomplete）" {
		t.Fatalf("year 0 unmarked: %v", err)
	}
	// Marked incomplete, by the case or by its one project: valid, not storable.
	for _, mark := range []func(*jixiao.Evaluation){
		func(e *jixiao.Evaluation) { e.Incomplete = "没有写明评价年度" },
		func(e *jixiao.Evaluation) { e.Projects[0].Incomplete = "没有写明评价年度" },
	} {
		ev = base()
		ev.Year = 0
		mark(ev)
		if err := ev.Validate(); err != nil {
			t.Fatalf("year 0 marked incomplete: %v", err)
		}
		err := ev.Storable()
		if jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.HasPrefix(jixiao.ErrorMessage(err), "没有评价年度，无法保存：") {
			t.Fatalf("Storable of a case without a year: %v", err)
		}
	}
	// A department's mark does not come from a project's.
	ev = &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 0, Org: jixiao.Org{Name: "某局"},
		Projects: []jixiao.Project{{Name: "甲", Incomplete: "表格在第9行后缺失"}}}
	if err := ev.Validate(); err == nil || !strings.Contains(err.Error(), "year：缺少评价年度") {
		t.Fatalf("department with an incomplete project and no year: %v", err)
	}
	// A year out of range is refused even when marked.
	ev = base()
	ev.Year, ev.Incomplete = 24, "没有写明评价年度"
	if err := ev.Validate(); err == nil || err.Error() != "year：评价年度应为四位年份，实际为 24" {
		t.Fatalf("year 24: %v", err)
	}
	// A blank unit name: valid, not storable.
	ev = base()
	ev.Org.Name = " "
	if err := ev.Validate(); err != nil {
		t.Fatalf("blank unit name: %v", err)
	}
	err := ev.Storable()
	if jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.HasPrefix(jixiao.ErrorMessage(err), "没有单位名称，无法保存：") {
		t.Fatalf("Storable of a case without a unit name: %v", err)
	}
	// Other problems come first, as Validate gives them.
	ev.Projects = nil
	if err := ev.Storable(); err == nil || !strings.Contains(err.Error(), "projects：项目支出评价须且只须包含一个项目") {
		t.Fatalf("Storable of an invalid case: %v", err)
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

// The report's date (成文日期) is written YYYY-MM-DD in a case and printed
// in arabic numerals without leading zeros; anything else is refused with
// the field named.
func TestDate(t *testing.T) {
	for in, want := range map[string]string{"2025-03-15": "2025年3月15日", "2025-12-01": "2025年12月1日", " 2024-02-29 ": "2024年2月29日"} {
		if got, ok := jixiao.DateText(in); !ok || got != want {
			t.Errorf("DateText(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"2025年3月15日", "2025-3-15", "2025-02-30", "15/03/2025", "1899-01-01", "2025-03-15T00:00:00Z", ""} {
		if got, ok := jixiao.DateText(bad); ok {
			t.Errorf("DateText(%q) = %q, want refused", bad, got)
		}
	}
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局"}, Date: "2025年3月15日"}
	err := ev.Validate()
	if err == nil || err.Error() != "date：成文日期应写成年-月-日，如“2025-03-15”，实际为“2025年3月15日”" {
		t.Errorf("Validate: %v", err)
	}
	ev.Date = "2025-03-15"
	if err := ev.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if bs := jixiao.NarrativeBlanks(ev); slices.ContainsFunc(bs, func(b jixiao.Blank) bool { return b.Path == "date" }) {
		t.Errorf("a dated case lists its date as blank: %v", bs)
	}
	ev.Date = ""
	if bs := jixiao.NarrativeBlanks(ev); !slices.Contains(bs, jixiao.Blank{Path: "date", Section: "成文日期", What: "报告的成文日期"}) {
		t.Errorf("an undated case: blanks %v", bs)
	}
}
