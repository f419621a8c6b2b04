package xlsxio_test

import (
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/xlsxio"
)

// TestPartialReportForm reads a project report form cut off at its
// indicator header (title, name labels, side-by-side fund blocks, a closed
// 支出明细): the names, the funds and the spending are kept, the form is
// incomplete where it stops, and the layout is named.
func TestPartialReportForm(t *testing.T) {
	data := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某市2023年度财政支出项目绩效评价自评报告"},
		{"项目名称", "道路养护"},
		{"项目单位", "某市公路中心"},
		{"主管部门"},
		{"一、项目基本概况"},
		{"计划安排资金(万元)", 100, "实际到位资金(万元)", 90, "实际支出(万元)", 95, "结余(万元)", -5},
		{"其中:中央财政", nil, "其中:中央财政", nil, "其中:中央财政", nil, "其中:中央财政"},
		{"省财政", 100, "省财政", 80, "省财政", 85, "省财政"},
		{"其它", nil, "其它", 10, "其它", 10, "其它", -5},
		{"二、项目支出明细情况"},
		{"支出内容", "实际支出数", "会计凭证号"},
		{"路面修补", 60, "3月12号"},
		{"标线", 35, "6月4号"},
		{"支出合计", 95},
		{"三、项目绩效自评情况"},
	}})
	ev := read(t, "报告.xlsx", data)
	if ev.Year != 2023 || ev.Subject != jixiao.SubjectProject || len(ev.Projects) != 1 {
		t.Fatalf("year %d subject %s projects %d", ev.Year, ev.Subject, len(ev.Projects))
	}
	p := ev.Projects[0]
	b := p.Budget
	if p.Name != "道路养护" || p.Unit != "某市公路中心" || b == nil {
		t.Fatalf("project %q unit %q budget %v", p.Name, p.Unit, b)
	}
	got := []string{b.Adjusted.String(), b.Received.String(), b.Final.String(), b.Balance.String(), b.Unit}
	if strings.Join(got, " ") != "100 90 95 -5 万元" {
		t.Errorf("funds %v", got)
	}
	if len(b.Lines) != 2 || b.Lines[0].Source != "省财政" || b.Lines[0].Received.String() != "80" || b.Lines[1].Source != "其它" ||
		b.Lines[1].Adjusted != nil || b.Lines[1].Final.String() != "10" {
		t.Errorf("lines %+v", b.Lines)
	}
	if len(b.Uses) != 2 || b.Uses[1].Name != "标线" || b.Uses[1].Actual.String() != "35" {
		t.Errorf("uses %+v", b.Uses)
	}
	if p.Completeness() != "表格在第15行“三、项目绩效自评情况”后缺失：没有绩效指标和得分" {
		t.Errorf("incomplete %q", p.Completeness())
	}
	if ev.Provenance.Layout != "财政支出项目绩效评价自评报告（计划安排、实际到位、实际支出、结余分列）" {
		t.Errorf("layout %q", ev.Provenance.Layout)
	}
	// A spending list cut before its 支出合计 row is not kept.
	cut := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某市2023年度财政支出项目绩效评价自评报告"},
		{"项目名称", "道路养护"},
		{"项目单位", "某市公路中心"},
		{"计划安排资金(万元)", 100, "实际到位资金(万元)", 90, "实际支出(万元)", 95, "结余(万元)", -5},
		{"支出内容", "实际支出数"},
		{"路面修补", 60},
	}})
	if ev := read(t, "报告.xlsx", cut); ev.Projects[0].Budget.Uses != nil {
		t.Errorf("uses of a cut list %+v", ev.Projects[0].Budget.Uses)
	}
}

// TestPartialDepartmentForms reads a report's cover and a scoring rubric
// cut off mid-table, and refuses a blank rubric with a title.
func TestPartialDepartmentForms(t *testing.T) {
	cover := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"某市2018年度部门整体支出绩效评价自评报告"},
		{"部门(单位)名称:", "某市监督中心"},
		{"报告日期:2019年06月18日"},
		{"一、部门(单位)基本概况"},
		{"人员编制", 21, "实有人数", 21},
		{"二、部门(单位"},
	}})
	ev := read(t, "封面.xlsx", cover)
	if ev.Year != 2018 || ev.Subject != jixiao.SubjectDepartment || ev.Org.Name != "某市监督中心" {
		t.Fatalf("year %d subject %s org %q", ev.Year, ev.Subject, ev.Org.Name)
	}
	if ev.Completeness() != "表格在第6行“二、部门(单位”后缺失：没有绩效指标和得分" {
		t.Errorf("incomplete %q", ev.Completeness())
	}
	if ev.Provenance.Layout != "部门整体支出绩效评价自评报告（按表头读取的部分表格）" {
		t.Errorf("layout %q", ev.Provenance.Layout)
	}
	rubric := func(score any) []byte {
		return workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"2017年部门整体支出绩效评价得分表"},
			{"一级指标", "二级指标", "三级指标", "得分"},
			{"部门决策(25分)", "目标任务(15分)", "相关性(5分)", score},
			{nil, nil, "明确性(5分)", score},
		}})
	}
	ev = read(t, "得分表.xlsx", rubric(4))
	if len(ev.Indicators) != 2 || ev.Indicators[0].Name != "相关性" || ev.Indicators[0].Weight.String() != "5" || ev.Indicators[1].Score.String() != "4" ||
		ev.Indicators[1].Level1 != "部门决策" || ev.Indicators[1].Level2 != "目标任务" {
		t.Errorf("indicators %+v", ev.Indicators)
	}
	if ev.Completeness() == "" {
		t.Error("a rubric cut after 10 of 100 points is not marked incomplete")
	}
	_, err := xlsxio.ReadCase("空白得分表.xlsx", rubric(nil))
	if err == nil || !strings.Contains(err.Error(), "空白得分表.xlsx：工作表“Sheet1”是“2017年部门整体支出绩效评价得分表”的空白表") {
		t.Errorf("blank rubric: %v", err)
	}
}
