package jixiao_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

func fig(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// testRubric is a small rubric: two items of 50, 优 ≥ 90 and 良 ≥ 80
// approvable, 中 and 差 not.
func testRubric() *jixiao.ReviewRubric {
	return &jixiao.ReviewRubric{Name: "t", Title: "测试审核规则", Source: "测试",
		Items: []jixiao.RubricItem{{Code: "A", Name: "完整性", Points: decimal.NewFromInt(50)}, {Code: "B", Name: "相关性", Points: decimal.NewFromInt(50)}},
		Grades: []jixiao.ReviewGrade{{Name: "优", Min: decimal.NewFromInt(90), Approve: true}, {Name: "良", Min: decimal.NewFromInt(80), Approve: true},
			{Name: "中", Min: decimal.NewFromInt(60)}, {Name: "差", Min: decimal.Zero}}}
}

func scores(a, b int64) []jixiao.ItemScore {
	return []jixiao.ItemScore{{Code: "A", Points: decimal.NewFromInt(a)}, {Code: "B", Points: decimal.NewFromInt(b)}}
}

func projectDecl(t *testing.T) *jixiao.Declaration {
	return &jixiao.Declaration{Kind: jixiao.DeclProject, Year: 2024, Unit: "某县人社局", Project: "职业技能培训", Versions: []jixiao.DeclVersion{{
		Number: 1, Kind: jixiao.VersionOriginal, State: jixiao.DeclDraft, OverallGoal: "完成培训5000人次",
		Funds: []jixiao.IncomeLine{{Source: jixiao.SourceGeneralPublic, Amount: dec("300")}},
		Indicators: []jixiao.DeclIndicator{
			{LibraryID: "CX-0001", Level1: "产出指标", Level2: "数量指标", Name: "培训人次", Op: jixiao.OpGE, Target: fig(t, "5000"), Unit: "人次", Weight: dec("20")},
			{Level1: "产出指标", Level2: "质量指标", Name: "培训合格率", Target: fig(t, "≥90%"), Weight: dec("20")},
			{Level1: "效益指标", Level2: "社会效益指标", Name: "培训后就业率", Target: fig(t, "≥60%"), Weight: dec("30")},
		}}}}
}

func TestDeclarationReviewCycle(t *testing.T) {
	d := projectDecl(t)
	r := testRubric()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	// Only a submitted version can be returned or approved.
	if err := d.Return([]jixiao.Opinion{{Text: "x"}}); err == nil || !strings.Contains(err.Error(), "只有已提交的版本可以退回") {
		t.Errorf("return of a draft: %v", err)
	}
	if err := d.Submit(); err != nil {
		t.Fatal(err)
	}
	if err := d.Edit(func(v *jixiao.DeclVersion) {}); err == nil || !strings.Contains(err.Error(), "已提交审核，不能修改") {
		t.Errorf("edit while submitted: %v", err)
	}
	if err := d.Return(nil); err == nil || !strings.Contains(err.Error(), "须填写审核意见") {
		t.Errorf("return without opinions: %v", err)
	}
	if err := d.Return([]jixiao.Opinion{{Indicator: "不存在的指标", Text: "x"}}); err == nil || !strings.Contains(err.Error(), "不存在的指标") {
		t.Errorf("opinion on an unknown indicator: %v", err)
	}
	if err := d.Return([]jixiao.Opinion{{Indicator: "培训后就业率", Text: "就业率目标偏低，请参照上年实际值设定"}}); err != nil {
		t.Fatal(err)
	}
	if v := d.Latest(); v.State != jixiao.DeclReturned || len(v.Reviews) != 1 || v.Reviews[0].Outcome != jixiao.OutcomeReturned {
		t.Fatalf("after return: %+v", v)
	}
	// The department revises and resubmits.
	if err := d.Edit(func(v *jixiao.DeclVersion) { v.Indicators[2].Target = fig(t, "≥70%") }); err != nil {
		t.Fatal(err)
	}
	if err := d.Submit(); err != nil {
		t.Fatal(err)
	}
	// A grade the rubric does not let approve is refused.
	if err := d.Approve(r, scores(40, 35), nil); err == nil || !strings.Contains(err.Error(), "等级为“中”") {
		t.Errorf("approve at 中: %v", err)
	}
	if err := d.Approve(r, scores(50, 42), nil); err != nil {
		t.Fatal(err)
	}
	v := d.Latest()
	if v.State != jixiao.DeclApproved || len(v.Reviews) != 2 || v.Reviews[1].Grade != "优" || !v.Reviews[1].Score.Equal(decimal.NewFromInt(92)) {
		t.Fatalf("after approval: %+v", v.Reviews)
	}
	// Approved is locked.
	if err := d.Edit(func(v *jixiao.DeclVersion) { v.OverallGoal = "改" }); err == nil || !strings.Contains(err.Error(), "已批复，不能修改") {
		t.Errorf("edit of an approved version: %v", err)
	}
	if err := d.Submit(); err == nil {
		t.Error("an approved version was submitted again")
	}
	if d.Latest().OverallGoal != "完成培训5000人次" {
		t.Error("the approved version changed")
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestDeclarationAdjustment(t *testing.T) {
	d := projectDecl(t)
	r := testRubric()
	if _, err := d.Revise(jixiao.VersionAdjustment); err == nil || !strings.Contains(err.Error(), "尚未批复") {
		t.Errorf("revise before approval: %v", err)
	}
	must(t, d.Submit())
	must(t, d.Approve(r, scores(45, 40), nil))
	if _, err := d.Revise(jixiao.VersionOriginal); err == nil {
		t.Error("a second original version was allowed")
	}
	v2, err := d.Revise(jixiao.VersionAdjustment)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Number != 2 || v2.State != jixiao.DeclDraft || len(v2.Reviews) != 0 {
		t.Fatalf("new version: %+v", v2)
	}
	// An unchanged adjustment has nothing to review.
	if err := d.Submit(); err == nil || !strings.Contains(err.Error(), "与上一版相同") {
		t.Errorf("submit of an unchanged adjustment: %v", err)
	}
	must(t, d.Edit(func(v *jixiao.DeclVersion) {
		v.Indicators[0].Target = fig(t, "4000")
		v.Indicators = append(v.Indicators, jixiao.DeclIndicator{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "学员满意度", Target: fig(t, "≥90%")})
	}))
	// Every changed indicator needs a reason with a code and a text.
	err = d.Submit()
	if err == nil || !strings.Contains(err.Error(), "培训人次") || !strings.Contains(err.Error(), "学员满意度") {
		t.Fatalf("submit without reasons: %v", err)
	}
	must(t, d.Edit(func(v *jixiao.DeclVersion) {
		v.Changes = []jixiao.ChangeReason{{Indicator: "CX-0001", Code: "预算调整", Text: "培训经费调减"}}
	}))
	if err := d.Submit(); err == nil || strings.Contains(err.Error(), "培训人次") || !strings.Contains(err.Error(), "学员满意度") {
		t.Errorf("submit with one reason of two: %v", err)
	}
	must(t, d.Edit(func(v *jixiao.DeclVersion) {
		v.Changes = append(v.Changes, jixiao.ChangeReason{Indicator: "学员满意度", Code: "新增工作任务", Text: "增设满意度调查"})
	}))
	must(t, d.Submit())
	must(t, d.Approve(r, scores(45, 40), nil))
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	// The version 1 is untouched.
	v1, _ := d.Version(1)
	if v1.Indicators[0].Target.Text != "5000" || len(v1.Indicators) != 3 {
		t.Errorf("version 1 changed: %+v", v1.Indicators)
	}
	v2, _ = d.Version(2)
	diff := jixiao.Diff(v1, v2)
	want := map[string]bool{"CX-0001|年度指标值|5000|4000": false, "|新增||≥90%": false}
	for _, c := range diff {
		k := c.ID + "|" + c.Field + "|" + c.Old + "|" + c.New
		if _, ok := want[k]; ok {
			want[k] = true
		} else {
			t.Errorf("unexpected change %+v", c)
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("change %s not found in %+v", k, diff)
		}
	}
	// The baseline is the latest approved version, and says which.
	ev, err := jixiao.Baseline(d)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Baseline == nil || ev.Baseline.Version != 2 || ev.Baseline.Kind != jixiao.VersionAdjustment {
		t.Fatalf("baseline ref %+v", ev.Baseline)
	}
	p := ev.Projects[0]
	if ev.Subject != jixiao.SubjectProject || p.Name != "职业技能培训" || len(p.Indicators) != 4 || p.Indicators[0].Target.Text != "4000" ||
		p.Indicators[0].LibraryID != "CX-0001" || !p.Indicators[0].Weight.Equal(decimal.NewFromInt(20)) {
		t.Errorf("baseline evaluation %+v", p)
	}
	if err := ev.Validate(); err != nil {
		t.Errorf("baseline evaluation does not validate: %v", err)
	}
	// A new adjustment in progress does not move the baseline.
	_, err = d.Revise(jixiao.VersionAddition)
	must(t, err)
	must(t, d.Edit(func(v *jixiao.DeclVersion) { v.Indicators[0].Target = fig(t, "3000") }))
	ev, _ = jixiao.Baseline(d)
	if ev.Baseline.Version != 2 || ev.Projects[0].Indicators[0].Target.Text != "4000" {
		t.Errorf("baseline moved to an unapproved version: %+v", ev.Baseline)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDiffMatchesByNameWithoutLibraryID(t *testing.T) {
	a := projectDecl(t).Versions[0]
	b := projectDecl(t).Versions[0]
	b.Indicators[1].Target = fig(t, "≥95%")
	b.Indicators = b.Indicators[:2] // 培训后就业率 removed
	b.Funds[0].Amount = dec("280")
	diff := jixiao.Diff(&a, &b)
	var got []string
	for _, c := range diff {
		got = append(got, c.Indicator+"|"+c.Field+"|"+c.Old+"|"+c.New)
	}
	want := []string{"|资金：一般公共预算收入|300|280", "产出指标 / 质量指标 / 培训合格率|年度指标值|≥90%|≥95%", "效益指标 / 社会效益指标 / 培训后就业率|删除|≥60%|"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(jixiao.Diff(&a, &a)) != 0 {
		t.Error("a version differs from itself")
	}
}

func TestCarryForward(t *testing.T) {
	d := projectDecl(t)
	if _, err := jixiao.CarryForward(d, nil); err == nil || !strings.Contains(err.Error(), "没有已批复的版本") {
		t.Errorf("carry of an unapproved declaration: %v", err)
	}
	must(t, d.Submit())
	must(t, d.Approve(testRubric(), scores(50, 50), nil))
	ev, err := jixiao.Baseline(d)
	must(t, err)
	// Last year's actuals: by library ID even under another name, else by name.
	ev.Projects[0].Indicators[0].Name = "培训人数（改名）"
	ev.Projects[0].Indicators[0].Actual = fig(t, "5200人次")
	ev.Projects[0].Indicators[2].Actual = fig(t, "75%")
	next, err := jixiao.CarryForward(d, ev)
	must(t, err)
	if next.Year != 2025 || len(next.Versions) != 1 {
		t.Fatalf("next: year %d, %d versions", next.Year, len(next.Versions))
	}
	v := next.Versions[0]
	if v.Number != 1 || v.Kind != jixiao.VersionOriginal || v.State != jixiao.DeclDraft || len(v.Reviews) != 0 {
		t.Errorf("next version %+v", v)
	}
	in := v.Indicators
	if in[0].LibraryID != "CX-0001" || in[0].LastActual.Text != "5200人次" || in[0].Target.Text != "5000" {
		t.Errorf("carried indicator 0: %+v", in[0])
	}
	if in[1].LastActual.Text != "" || in[2].LastActual.Text != "75%" {
		t.Errorf("last actuals: %q %q", in[1].LastActual.Text, in[2].LastActual.Text)
	}
	if err := next.Validate(); err != nil {
		t.Fatal(err)
	}
	// Last year's declaration is untouched.
	if d.Versions[0].Indicators[0].LastActual.Text != "" || d.Year != 2024 {
		t.Error("carry-forward changed last year's declaration")
	}
	// An evaluation of another year is refused; a project past its term too.
	ev.Year = 2023
	if _, err := jixiao.CarryForward(d, ev); err == nil {
		t.Error("actuals of another year were used")
	}
	d.StartYear, d.EndYear = 2023, 2024
	if _, err := jixiao.CarryForward(d, nil); err == nil || !strings.Contains(err.Error(), "实施期至2024年") {
		t.Errorf("carry past the term: %v", err)
	}
}

func TestDeclarationValidate(t *testing.T) {
	d := projectDecl(t)
	d.Project = ""
	d.Versions[0].Kind = jixiao.VersionAdjustment
	d.Versions[0].Changes = []jixiao.ChangeReason{{Indicator: "x", Code: "随便", Text: ""}}
	d.Versions = append(d.Versions, jixiao.DeclVersion{Number: 3, Kind: jixiao.VersionAdjustment, State: jixiao.DeclDraft})
	err := d.Validate()
	if err == nil {
		t.Fatal("no problems")
	}
	for _, want := range []string{"须填写项目名称", "第1版的版本类型应为“原始申报”", "理由类别“随便”无效", "调整理由说明不能为空", "版本号应为 2", "它应为“已批复”"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}

// BenchmarkDiff compares two versions of 1,000 indicators, one in ten changed.
func BenchmarkDiff(b *testing.B) {
	a := jixiao.DeclVersion{Number: 1}
	for i := range 1000 {
		f, _ := jixiao.ParseFigure(fmt.Sprintf("≥%d个", i))
		a.Indicators = append(a.Indicators, jixiao.DeclIndicator{LibraryID: fmt.Sprintf("CX-%04d", i), Name: fmt.Sprintf("指标%d", i), Target: f})
	}
	c := a
	c.Indicators = append([]jixiao.DeclIndicator(nil), a.Indicators...)
	for i := 0; i < 1000; i += 10 {
		c.Indicators[i].Target, _ = jixiao.ParseFigure("≥1万个")
	}
	for b.Loop() {
		if n := len(jixiao.Diff(&a, &c)); n != 100 {
			b.Fatalf("%d changes", n)
		}
	}
}
