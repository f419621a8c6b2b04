package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"jixiao"
)

func TestFormRoundTrip(t *testing.T) {
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局", Functions: []string{"职能一", "职能二"}}}
	fields := buildForm(ev, formSpec{skip: map[string]bool{"budget": true}})
	byPath := map[string]*field{}
	var walk func([]*field)
	walk = func(fs []*field) {
		for _, f := range fs {
			byPath[f.Path] = f
			walk(f.Fields)
		}
	}
	walk(fields)
	if f := byPath["org.functions"]; f == nil || f.Kind != "lines" || f.Value != "职能一\n职能二" || f.Label != "部门职能" {
		t.Fatalf("org.functions field: %+v", f)
	}
	if f := byPath["org.name"]; f == nil || !f.Required || f.ID != "f-org-name" {
		t.Fatalf("org.name field: %+v", f)
	}
	if byPath["budget"] != nil {
		t.Error("a skipped field is on the form")
	}

	// A posted form changes only what it names, lists are replaced by
	// their rows (blank and deleted rows dropped), numbers keep their
	// written form.
	form := url.Values{
		"org.functions":         {"职能一\n\n职能三 "},
		"org.headcount.active":  {"１２０"},
		"_list":                 {"problems"},
		"problems[0].title":     {"问题一"},
		"problems[0].text":      {"说明一"},
		"problems[1].title":     {"将删除"},
		"problems[1]._delete":   {"1"},
		"problems[2].title":     {""},
		"problems[3].text":      {"说明四"},
		"org.assets.total":      {"1,234.50"},
		"not_a_field_of_a_case": {"ignored"},
	}
	var out jixiao.Evaluation
	if err := applyForm(ev, form, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Join(out.Org.Functions, "|") != "职能一|职能三" || out.Org.Name != "某局" || out.Year != 2024 {
		t.Errorf("org: %+v", out.Org)
	}
	if out.Org.Headcount == nil || out.Org.Headcount.Active == nil || *out.Org.Headcount.Active != 120 {
		t.Errorf("headcount from full-width digits: %+v", out.Org.Headcount)
	}
	if out.Org.Assets == nil || out.Org.Assets.Total.String() != "1234.5" {
		t.Errorf("assets: %+v", out.Org.Assets)
	}
	if len(out.Problems) != 2 || out.Problems[0].Title != "问题一" || out.Problems[1].Text != "说明四" {
		t.Errorf("problems: %+v", out.Problems)
	}

	// Errors come back beside their fields, with what was typed.
	bad := url.Values{"org.headcount.active": {"很多"}, "org.assets.total": {"一千"}, "org.name": {""}}
	err := applyForm(ev, bad, &out)
	if err == nil {
		t.Fatal("bad input accepted")
	}
	fields = buildForm(ev, formSpec{})
	overlay(fields, bad)
	rest := formErrors(fields, err, "")
	byPath = map[string]*field{}
	walk(fields)
	for _, p := range []string{"org.headcount.active", "org.assets.total", "org.name"} {
		f := byPath[p]
		if f == nil || len(f.Errors) == 0 {
			t.Errorf("%s has no error (rest %v)", p, rest)
		}
	}
	if f := byPath["org.headcount.active"]; f.Value != "很多" {
		t.Errorf("typed value not kept: %q", f.Value)
	}
}

func TestListsAndBooleans(t *testing.T) {
	in := jixiao.Indicator{Name: "培训人次", Core: true, Deductions: []jixiao.Deduction{{Points: jixiao.Dec("1"), Reason: "原因", Projects: []string{"甲", "乙"}}}}
	fields := buildForm(in, formSpec{})
	var ded *field
	for _, f := range fields {
		if f.Path == "deductions" {
			ded = f
		}
	}
	if ded == nil || ded.Kind != "list" || len(ded.Rows) != 3 || ded.Rows[0].Cells[2].Value != "甲；乙" {
		t.Fatalf("deductions list: %+v", ded)
	}
	form := url.Values{"_bool": {"core"}, "_list": {"deductions"},
		"deductions[0].points": {"2"}, "deductions[0].reason": {"新原因"}, "deductions[0].projects": {"甲;丙"}}
	var out jixiao.Indicator
	if err := applyForm(in, form, &out); err != nil {
		t.Fatal(err)
	}
	if out.Core || len(out.Deductions) != 1 || out.Deductions[0].Points.String() != "2" || strings.Join(out.Deductions[0].Projects, "|") != "甲|丙" {
		t.Errorf("after: core %v, deductions %+v", out.Core, out.Deductions)
	}
}

func TestPastedIndicatorRows(t *testing.T) {
	text := "一级指标\t二级指标\t三级指标（名称）\t年度指标值\t实际完成值\t分值\t是否核心指标\n" +
		"产出指标\t数量指标\t培训人次\t≥5000人次\t4500人次\t20\t是\n" +
		"\t\t培训班次\t≥50期\t\"52期\n（含线上）\"\t10\t\n" +
		"效益指标\t\t就业率\t≥60%\t—\t15\t\n\n"
	ins, err := parseIndicatorRows(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 3 {
		t.Fatalf("%d indicators", len(ins))
	}
	if ins[1].Level1 != "产出指标" || ins[1].Level2 != "数量指标" || !ins[0].Core || ins[1].Core {
		t.Errorf("merged cells / core: %+v", ins[1])
	}
	if ins[1].Actual.Text != "52期\n（含线上）" || ins[0].Weight.String() != "20" || ins[0].Target.Text != "≥5000人次" {
		t.Errorf("values: %+v %+v", ins[0], ins[1])
	}
	if ins[2].Level2 != "" || !ins[2].Actual.IsZero() {
		t.Errorf("a new 一级指标 must not inherit the 二级指标 above, a dash is blank: %+v", ins[2])
	}
	// Without a header the standard order is used.
	ins, err = parseIndicatorRows("产出指标\t时效指标\t完成及时率\t≥95%\t98%\t10\t10\t")
	if err != nil || ins[0].Name != "完成及时率" || ins[0].Score.String() != "10" {
		t.Errorf("headerless: %v %+v", err, ins)
	}
	// Errors name the line of the pasted text and the column in Chinese
	// (never a key such as name); nothing is returned.
	_, err = parseIndicatorRows("一级指标\t三级指标\t分值\n产出指标\t甲\t十分\n\n产出指标\t\t5")
	if got := strings.Join(pasteMessages(err), "\n"); got != "第2行“分值”：应为数字，实际为文本“十分”\n第4行“三级指标”：不能为空" {
		t.Errorf("errors: %s", got)
	}
}

func TestPastedBudgetRows(t *testing.T) {
	b := &jixiao.Budget{}
	text := "项目\t决算数\t年初预算数\t调整预算数\n" +
		"一般公共预算财政拨款收入\t1,150.00\t1000\t1200\n" +
		"事业收入\t50\t40\t60\n" +
		"收入合计\t1200\t1040\t1260\n" +
		"基本支出\t800\t700\t820\n" +
		"其中：人员经费\t600\t500\t610\n"
	if err := applyBudgetRows(b, text); err != nil {
		t.Fatal(err)
	}
	if b.Final == nil || b.Final.IncomeTotal.String() != "1200" || b.Initial.IncomeTotal.String() != "1040" || b.Adjusted.Personnel.String() != "610" {
		t.Fatalf("stages: %+v %+v %+v", b.Initial, b.Adjusted, b.Final)
	}
	if len(b.Final.Income) != 2 || b.Final.Income[0].Source != jixiao.SourceGeneralPublic || b.Final.Income[0].Amount.String() != "1150" {
		t.Errorf("final income: %+v", b.Final.Income)
	}
	err := applyBudgetRows(&jixiao.Budget{}, "土地出让收入\t100\n基本支出\t一百")
	if err == nil || !strings.Contains(err.Error(), "土地出让收入") || !strings.Contains(err.Error(), "一百") {
		t.Errorf("errors: %v", err)
	}
}

// A code with Chinese names (an income source) is a select of those
// names, the stored code selected; a code not among them is kept.
func TestCodesAsChoices(t *testing.T) {
	_, cs := codes(reflect.TypeFor[jixiao.IncomeSource](), "general_public")
	labels := map[string]string{}
	selected := ""
	for _, c := range cs {
		labels[c.Value] = c.Label
		if c.Selected {
			selected = c.Value
		}
	}
	if labels["general_public"] != jixiao.SourceGeneralPublic.Title() || selected != "general_public" || labels[""] != "（未填写）" {
		t.Errorf("choices %+v", cs)
	}
	for v, l := range labels {
		if v != "" && (l == v || !strings.ContainsFunc(l, func(r rune) bool { return r > 0x2e80 })) {
			t.Errorf("code %q shown as %q", v, l)
		}
	}
	if got := chosen(cs, "legacy"); !got[len(got)-1].Selected || got[len(got)-1].Value != "legacy" {
		t.Errorf("an unknown stored code is not kept: %+v", got)
	}
}
