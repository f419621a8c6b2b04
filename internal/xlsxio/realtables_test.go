package xlsxio_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/xlsxio"
)

// capsOf writes caps as "产出指标/数量指标=30" for comparison.
func capsOf(cs []jixiao.Cap) string {
	var out []string
	for _, c := range cs {
		k := c.Level1
		if c.Level2 != "" {
			k += "/" + c.Level2
		}
		out = append(out, k+"="+c.Weight.String())
	}
	return strings.Join(out, " ")
}

func skippedOf(ss []jixiao.Skipped) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Where+" "+s.What)
	}
	return strings.Join(out, "\n")
}

// TestRowClassifier reads a filled table as real ones come: caps in level
// labels, numbering and ★ in names, 其中 detail rows, template rows, an
// empty level row, a block title inside the table and a closing remark
// before the total. Only the real indicators are read; the rest is
// recorded in provenance.skipped; the caps are kept apart from the names.
func TestRowClassifier(t *testing.T) {
	s := sheetSpec{name: "Sheet1", rows: [][]any{
		{"项目支出绩效自评表"},
		{"（2023年度）"},
		{"项目名称", "村道硬化项目"},
		{"主管部门", "某县交通局", nil, "实施单位", "某镇人民政府"},
		{"项目资金（万元）", nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
		{nil, "年度资金总额", 100, 100, 95, 10, pct(0.95), 9.5},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
		{"绩效指标", "产出指标(50分)", "数量指标(30分)", "指标1：★硬化里程", "≥10公里", "10公里", 30, 30},
		{"绩效指标", "产出指标(50分)", "数量指标(30分)", "其中：主干道", "6公里", "6公里"},
		{"绩效指标", "产出指标(50分)", "数量指标(30分)", "指标2"},
		{"绩效指标", "产出指标(50分)", "质量指标(20分)", "1.验收合格率", "100%", "100%", 20, 20},
		{"绩效指标", "产出指标(50分)", "质量指标(20分)", "……"},
		{"绩效指标", "效益指标（40分）", "社会效益指标"},
		{"绩效指标", "效益指标（40分）", "经济效益指标", "带动务工收入", "≥5万元", "4.8万元", 40, 38, "务工人数少于计划"},
		{"年度绩效目标2(10分)", "年度绩效目标2(10分)", "年度绩效目标2(10分)", "年度绩效目标2(10分)"},
		{"绩效指标", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10},
		{nil, nil, nil, "达到预期", "达到预期", "达到预期"}, // not a block title: it leaves the level columns
		{"其他需要说明事项", "无"},
		{"总分", nil, nil, nil, nil, nil, 100, 97.5, "优"},
		{"备注：90分（含）以上为优，80-90分为良，60-80分为中，60分以下为差。"},
	}}
	ev := read(t, "分类.xlsx", workbook(t, s))
	p := ev.Projects[0]
	var names []string
	for _, in := range p.Indicators {
		names = append(names, fmt.Sprintf("%s/%s/%s core=%v", in.Level1, in.Level2, in.Name, in.Core))
	}
	want := "产出指标/数量指标/硬化里程 core=true|产出指标/质量指标/验收合格率 core=false|效益指标/经济效益指标/带动务工收入 core=false|满意度指标/服务对象满意度指标/群众满意度 core=false|满意度指标/服务对象满意度指标/达到预期 core=false"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("indicators:\n%s\nwant\n%s", got, want)
	}
	if got := capsOf(p.Caps); got != "预算执行率=10 产出指标=50 产出指标/数量指标=30 产出指标/质量指标=20 效益指标=40" {
		t.Errorf("caps: %s", got)
	}
	wantSkipped := strings.Join([]string{
		"Sheet1!A9 明细行“其中：主干道”（属于上一指标，不是单独的指标）",
		"Sheet1!A10 模板占位行“指标2”",
		"Sheet1!A12 模板占位行“……”",
		"Sheet1!A13 空白的社会效益指标行",
		"Sheet1!A15 分块标题“年度绩效目标2(10分)”",
	}, "\n")
	if got := skippedOf(ev.Provenance.Skipped); got != wantSkipped {
		t.Errorf("skipped:\n%s\nwant\n%s", got, wantSkipped)
	}
	if p.Stated == nil || p.Stated.Total.String() != "97.5" || p.Stated.Grade != "优" || p.ExecutionScore.String() != "9.5" || p.StatedRate.Text != "95.00%" {
		t.Errorf("stated: %+v, execution %v, rate %q", p.Stated, p.ExecutionScore, p.StatedRate.Text)
	}
	var bands []string
	for _, g := range p.Stated.Grades {
		if g.Min != nil {
			bands = append(bands, g.Name+"≥"+g.Min.String())
		} else {
			bands = append(bands, g.Name)
		}
	}
	if got := strings.Join(bands, " "); got != "优≥90 良≥80 中≥60 差" {
		t.Errorf("grade legend: %s", got)
	}
	if p.Incomplete != "" || p.Completeness() != "" {
		t.Errorf("complete form marked incomplete: %q", p.Completeness())
	}
	if ev.Provenance.Document != "分类.xlsx" || ev.Provenance.Sheet != "Sheet1" || ev.Provenance.Layout != "项目绩效自评表（湖北：分块列出年度绩效目标）" {
		t.Errorf("provenance: %+v", ev.Provenance)
	}
}

// TestSubHeaderAndLabelSpellings reads a table with the labels other
// provinces print (专项资金名称, 县级主管部门, 实施(主管)单位, 年初预算数(A),
// 全年执行数(B), 执行率(B/A), 分值(10分)), a two-row indicator header
// (符号 / 单位 under 预期指标值), a small equals sign, and a weight stored
// with binary float noise by another tool.
func TestSubHeaderAndLabelSpellings(t *testing.T) {
	s := sheetSpec{name: "Sheet1", rows: [][]any{
		{"2022年度县级专项资金绩效目标自评表"},
		{"专项资金名称", "县级储备粮", "县级主管部门", "某县商务局"},
		{"实施(主管)单位", "314002-储备股"},
		{"项目资金(万元)", nil, "年初预算数(A)", "全年执行数(B)", "执行率(B/A)", "分值(10分)", "得分"},
		{nil, "年度资金总额:", 310.2, 154.74, pct(0.5), 10, 5},
		{"一级指标", "二级指标", "三级指标", "指标分值", "预期指标值", nil, nil, "实际完成值", "得分"},
		{"一级指标", "二级指标", "三级指标", "指标分值", "符号", nil, "单位(文字描述)", "实际完成值", "得分"},
		{"产出指标", "数量指标", "储备到位率", rawNum("12.069999999999999"), "﹦", 100, "%", "100%", rawNum("12.069999999999999")},
		{"效益指标", "社会效益指标", "粮食安全事件", 10, "≦", 0, "起", "0起", 10},
		{"总分", nil, nil, nil, nil, nil, nil, nil, 22.07},
	}, merges: []string{"A6:A7", "B6:B7", "C6:C7", "D6:D7", "E6:G6", "H6:H7", "I6:I7"}}
	ev := read(t, "湘.xlsx", workbook(t, s))
	p := ev.Projects[0]
	if p.Name != "县级储备粮" || p.Department != "某县商务局" || p.Unit != "314002-储备股" || ev.Org.Name != "314002-储备股" {
		t.Errorf("names: %q %q %q %q", p.Name, p.Department, p.Unit, ev.Org.Name)
	}
	b := p.Budget
	if b == nil || b.Initial.String() != "310.2" || b.Adjusted != nil || b.Final.String() != "154.74" || b.Unit != "万元" {
		t.Fatalf("budget: %+v", b)
	}
	if p.StatedRate.Text != "50.00%" || p.ExecutionScore.String() != "5" || capsOf(p.Caps) != "预算执行率=10" {
		t.Errorf("execution: %q %v %s", p.StatedRate.Text, p.ExecutionScore, capsOf(p.Caps))
	}
	if len(p.Indicators) != 2 {
		t.Fatalf("%d indicators", len(p.Indicators))
	}
	in := p.Indicators[0]
	if in.Op != jixiao.OpEQ || in.TargetText() != "=100%" || in.Weight.String() != "12.07" || in.Score.String() != "12.07" {
		t.Errorf("first indicator: op %q target %q weight %v score %v", in.Op, in.TargetText(), in.Weight, in.Score)
	}
	if in := p.Indicators[1]; in.Op != jixiao.OpLE || in.Unit != "起" {
		t.Errorf("second indicator: %+v", in)
	}
	if p.Stated == nil || p.Stated.Total.String() != "22.07" {
		t.Errorf("stated: %+v", p.Stated)
	}
	if ev.Provenance.Layout != "预算项目绩效自评表（河北：预期指标值分符号、指标值、单位）" {
		t.Errorf("layout: %q", ev.Provenance.Layout)
	}
	// 主管部门及代码: the code is not part of the name.
	s.rows[1] = []any{"专项资金名称", "县级储备粮"}
	s.rows[2] = []any{"主管部门及代码", "219-某县商务局"}
	ev = read(t, "京.xlsx", workbook(t, s))
	if p := ev.Projects[0]; p.Department != "某县商务局" || ev.Org.Name != "某县商务局" {
		t.Errorf("主管部门及代码: %q / %q", p.Department, ev.Org.Name)
	}
}

// TestIncompleteForms: a form cut off inside its indicators, one cut off
// after the indicator header, and one whose conclusion is still the
// template's instruction are read, and marked incomplete with where they
// stop; nothing is refused.
func TestIncompleteForms(t *testing.T) {
	s := national()
	s.rows = s.rows[:14] // the table ends after row 14
	s.merges = []string{"A12:A14", "B13:B14"}
	ev := read(t, "截断.xlsx", workbook(t, s))
	if got := ev.Projects[0].Incomplete; got != "表格在第14行后没有内容（没有总分行）" {
		t.Errorf("cut inside the indicators: %q", got)
	}
	if len(ev.Projects[0].Indicators) != 2 {
		t.Errorf("%d indicators", len(ev.Projects[0].Indicators))
	}
	s.rows = s.rows[:12]
	s.merges = nil
	ev = read(t, "表头.xlsx", workbook(t, s))
	if got := ev.Projects[0].Incomplete; got != "表格在第12行后没有内容：没有绩效指标行" {
		t.Errorf("cut after the header: %q", got)
	}
	s = national()
	s.rows = append(s.rows, []any{"评价结论", "（请填写评价结论，200字以内）"})
	ev = read(t, "模板字.xlsx", workbook(t, s))
	if got := ev.Projects[0].Incomplete; got != "评价结论仍是表格模板的填写提示" {
		t.Errorf("template text: %q", got)
	}
	// Zero amounts are zero, not missing.
	s = national()
	s.rows[5] = []any{nil, "年度资金总额", nil, 0, 0, 0, 10, pct(0), 0}
	ev = read(t, "零.xlsx", workbook(t, s))
	if b := ev.Projects[0].Budget; b.Adjusted == nil || !b.Adjusted.IsZero() || b.Final == nil || !b.Final.IsZero() || ev.Projects[0].Incomplete != "" {
		t.Errorf("zero amounts: %+v, incomplete %q", b, ev.Projects[0].Incomplete)
	}
}

// TestYearAndScoreColumns: a 填报日期 is not the evaluation year (the year
// before it is, said in the provenance); a table without 分值 and 得分
// columns is read and marked incomplete; a total typed beside the 得分
// column is the stated total, the sum under 分值 never is.
func TestYearAndScoreColumns(t *testing.T) {
	rows := [][]any{
		{"项目绩效自评表"},
		{"填报日期：2022年8月10日"},
		{"项目名称", "渔船补贴", "主管部门", "某县农业农村局"},
		{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"},
		{"产出指标", "数量指标", "补贴渔船数", 6, 6, 60},
		{"效益指标", "满意度指标", "渔民满意度", "90%", "95%", 40},
		{"总分", nil, nil, nil, nil, nil, 100},
	}
	ev := read(t, "无年度.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Year != 2021 || ev.Provenance.Note != "表中没有写明评价年度，评价年度按填报日期（2022年8月10日，Sheet1!A2）推定为2021年" || ev.Projects[0].Incomplete != "" {
		t.Errorf("year by the filing date: %d, note %q, incomplete %q", ev.Year, ev.Provenance.Note, ev.Projects[0].Incomplete)
	}
	for i, head := range [][]any{{"项目绩效自评表（年度：2021）"}, {"评价年度", "2021"}, {"年度", "2021年"}} {
		rows[0] = head
		ev, err := xlsxio.ReadCase("年度.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
		if err != nil || ev.Year != 2021 {
			t.Errorf("year %d: %v", i, err)
		}
	}
	rows[0] = []any{"2021年度项目绩效自评表"}
	ev = read(t, "有年度.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if p := ev.Projects[0]; ev.Year != 2021 || p.Stated == nil || p.Stated.Total.String() != "100" || p.Incomplete != "" {
		t.Errorf("year %d, stated %+v, incomplete %q", ev.Year, p.Stated, p.Incomplete)
	}
	rows[3] = []any{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "原因"}
	rows[4] = rows[4][:5]
	rows[5] = rows[5][:5]
	rows[6] = []any{"说明", "无"}
	ev = read(t, "无分值.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if got := ev.Projects[0].Incomplete; got != "表中没有分值和得分栏，无法计分、定级" {
		t.Errorf("no score columns: %q", got)
	}
}

// TestDepartmentCutOff: a department table of weighted indicators that
// stops before its weights reach 100 points is marked incomplete.
func TestDepartmentCutOff(t *testing.T) {
	rows := [][]any{
		{"2023年度部门整体绩效自评表"},
		{"主管部门", "某区林业局", nil, nil, "自评总分(分)", 97.93},
		{nil, "年初预算数", "全年(调整)预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"},
		{"年度总金额", nil, nil, nil, 79.27, 10, 7.93},
		{"绩效指标", "指标名称", "计量单位", "指标值", "指标权重(分)", "全年完成值", "指标得分(分)"},
		{nil, "森林火灾受害率", "%", 0.9, 50, 0, 50},
		{nil, "有害生物成灾率", "%", 0.4, 30, 0.1, 30},
	}
	ev := read(t, "梁平.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Incomplete != "表格在第7行后没有内容（已列指标和预算执行的分值合计90分，不足100分）" {
		t.Errorf("incomplete: %q", ev.Incomplete)
	}
	if r := ev.Budget.Rates; len(r) != 1 || r[0].Rate.Text != "79.27%" || ev.Stated.Execution.String() != "7.93" || ev.Stated.ExecutionMax.String() != "10" {
		t.Errorf("execution row: %+v %+v", r, ev.Stated)
	}
	rows = append(rows, []any{nil, "公益林管护任务完成率", "%", 90, 10, 100, 10})
	ev = read(t, "梁平全.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Incomplete != "" {
		t.Errorf("a complete table marked incomplete: %q", ev.Incomplete)
	}
	// The execution cap printed in the block's label, and a coded name.
	rows[1] = []any{"主管部门及代码", "501-某区林业局", nil, nil, "自评总分(分)", 97.93}
	rows[2] = []any{"部门预算执行情况(10分)", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率", "执行率得分"}
	rows[3] = []any{"年度总金额", 100, 100, 80, pct(0.8), 8}
	ev = read(t, "标签.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Org.Name != "某区林业局" || ev.Stated.ExecutionMax == nil || ev.Stated.ExecutionMax.String() != "10" || ev.Stated.Execution.String() != "8" ||
		ev.Budget.Rates[0].Rate.Text != "80.00%" || ev.Budget.Final.ExpenditureTotal.String() != "80" {
		t.Errorf("label cap: %q %+v %+v", ev.Org.Name, ev.Stated, ev.Budget)
	}
}

// TestUnitInHeading: a table whose 实施单位 says 本单位 is the unit named in
// its heading ("单位名称：…").
func TestUnitInHeading(t *testing.T) {
	rows := [][]any{
		{"2020年度水土保持监测项目绩效自评表"},
		{"单位名称：某市水土保持科研所", nil, nil, "填报日期：2021年3月10日"},
		{"项目名称", "水土保持监测", nil, "主管部门"},
		{"项目实施单位", "本单位"},
		{"一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"},
		{"产出指标", "质量指标", "监测数据合格率", "100%", "100%", 100},
		{"总分", nil, nil, nil, nil, 100},
	}
	ev := read(t, "鄂.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Org.Name != "某市水土保持科研所" || ev.Projects[0].Unit != "本单位" || ev.Projects[0].Department != "" {
		t.Errorf("org %q, unit %q, department %q", ev.Org.Name, ev.Projects[0].Unit, ev.Projects[0].Department)
	}
	rows[1] = []any{"单位名称", "某市档案馆"}
	rows[3] = nil
	ev = read(t, "单位.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Org.Name != "某市档案馆" || ev.Projects[0].Unit != "某市档案馆" {
		t.Errorf("单位名称 beside its value: %q %q", ev.Org.Name, ev.Projects[0].Unit)
	}
}

// TestExecutionCapOnce: a table that prints the execution block both in
// its funds block and as a level-1 row of its indicators keeps one cap.
func TestExecutionCapOnce(t *testing.T) {
	rows := [][]any{
		{"项目支出绩效自评表（2022年度）"},
		{"项目名称", "公用经费", "实施单位", "某中学"},
		{"项目资金（万元）", nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
		{nil, "年度资金总额", 10, 10, 10, 10, pct(1), 10},
		{"一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"},
		{"预算执行率(10分)", "预算执行", "预算执行率", 10, "100%", "100%", 10},
		{"产出指标(90分)", "数量指标", "保障人数", 90, "2370人", "2370人", 90},
		{"总分", nil, nil, 100, nil, nil, 100},
	}
	ev := read(t, "一次.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if got := capsOf(ev.Projects[0].Caps); got != "预算执行率=10 产出指标=90" {
		t.Errorf("caps: %s", got)
	}
}

// TestOperatorNotFittingTarget: an operator column before a text target is
// left out and noted; the file is read.
func TestOperatorNotFittingTarget(t *testing.T) {
	s := sheetSpec{name: "丽江", rows: [][]any{
		{"项目支出绩效自评表（2023年度）"},
		{"项目名称", "古城保护项目", nil, "主管部门", "某市文化和旅游局", "实施单位", "某市古城保护管理局"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"},
		{nil, "产出指标", "数量指标", "修缮院落数", "≥", 20, "个", 21, 50, 50},
		{nil, "效益指标", "社会效益指标", "古城风貌", "≥", "明显改善", nil, "明显改善", 50, 50},
		{"总分", nil, nil, nil, nil, nil, nil, nil, 100, 100},
	}}
	ev := read(t, "文字.xlsx", workbook(t, s))
	in := ev.Projects[0].Indicators
	if len(in) != 2 || in[0].Op != jixiao.OpGE || in[1].Op != jixiao.OpNone || in[1].Target.Text != "明显改善" {
		t.Fatalf("indicators: %+v", in)
	}
	if got := skippedOf(ev.Provenance.Skipped); got != "丽江!E5 指标性质“≥”与指标值“明显改善”不符，未读取指标性质" {
		t.Errorf("skipped: %s", got)
	}
}

// TestNoUnitMessage: a project table naming no unit is read with a blank
// unit name and its blank 主管部门 recorded (check reports them, F03; the
// store refuses the case), and a blank form's "分" in a score cell is no
// mistake.
func TestNoUnitMessage(t *testing.T) {
	rows := [][]any{
		{"2022年度项目绩效自评表"},
		{"项目名称", "学生资助", "主管部门"},
		{"一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "得分"},
		{"产出指标", "数量指标", "资助人数", "100人", "100人", "分"},
		{"总分", nil, nil, nil, nil, 100},
	}
	ev := read(t, "无单位.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Org.Name != "" || ev.Year != 2022 || len(ev.Provenance.Blank) != 1 || ev.Provenance.Blank[0] != (jixiao.Skipped{Where: "Sheet1!C2", What: "主管部门"}) {
		t.Errorf("org %q, year %d, blank %+v", ev.Org.Name, ev.Year, ev.Provenance.Blank)
	}
	if err := ev.Storable(); err == nil || !strings.HasPrefix(err.Error(), "没有单位名称，无法保存") {
		t.Errorf("stored without a unit name: %v", err)
	}
	// A department table whose 主管部门 is blank is read too.
	dept := [][]any{
		{"2021年度部门整体支出绩效自评表"},
		{"主管部门", nil, "财政处室", nil, "自评总分", 90},
		{"部门预算执行情况(万元)", nil, "年初预算数", "全年预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"},
		{nil, nil, 100, 100, 90, pct(0.9), 10, 9},
		{"绩效指标", "指标名称", "年初指标值", "全年完成值", "指标权重", "指标得分"},
		{nil, "播发稿件数量", "2200篇", "2859篇", 90, 81},
	}
	ev = read(t, "无部门.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: dept}))
	if ev.Org.Name != "" || ev.Year != 2021 || ev.Subject != jixiao.SubjectDepartment || len(ev.Indicators) != 1 {
		t.Errorf("department without a name: org %q, year %d, %s, %d indicators", ev.Org.Name, ev.Year, ev.Subject, len(ev.Indicators))
	}
}

// TestNoYear: a form that prints no year and no filing date is read with
// year 0 and marked incomplete ("没有写明评价年度" joined to its other
// reasons): a department's own mark, a project evaluation's project's.
func TestNoYear(t *testing.T) {
	rows := [][]any{
		{"年学生资助项目绩效目标自评表"},
		{"填报日期：", nil, nil, "总分", "分"},
		{"项目名称", "学生资助", "主管部门", "某省教育厅", "实施单位", "某学院"},
		{"一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分"},
		{"产出指标", "数量指标", "资助人数", "100人", "100人", 100, 100},
		{"总分", nil, nil, nil, nil, 100, 100},
	}
	ev := read(t, "无年度.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
	if ev.Year != 0 || ev.Incomplete != "" || ev.Projects[0].Incomplete != "没有写明评价年度" || ev.Provenance.Note != "" {
		t.Errorf("year %d, incomplete %q / %q, note %q", ev.Year, ev.Incomplete, ev.Projects[0].Incomplete, ev.Provenance.Note)
	}
	if err := ev.Storable(); err == nil || !strings.HasPrefix(err.Error(), "没有评价年度，无法保存") {
		t.Errorf("stored without a year: %v", err)
	}
	// Cut off as well: both reasons.
	ev = read(t, "无年度.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows[:5]}))
	if got := ev.Projects[0].Incomplete; got != "表格在第5行后没有内容（没有总分行）；没有写明评价年度" {
		t.Errorf("cut off, no year: %q", got)
	}
	// Filing dates in other spellings, in the next cell.
	for _, c := range []struct {
		label, date string
		year        int
	}{{"报告日期", "2017年7月15日", 2016}, {"报告期", "2017-7-25", 2016}, {"填报日期", "2021年4月", 2020}, {"填表日期", "2022.3.18", 2021}} {
		rows[1] = []any{c.label, c.date}
		ev = read(t, "日期.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: rows}))
		want := "表中没有写明评价年度，评价年度按" + c.label + "（" + c.date + "，Sheet1!B2）推定为" + strconv.Itoa(c.year) + "年"
		if ev.Year != c.year || ev.Provenance.Note != want || ev.Projects[0].Incomplete != "" {
			t.Errorf("%s %s: year %d, note %q, incomplete %q", c.label, c.date, ev.Year, ev.Provenance.Note, ev.Projects[0].Incomplete)
		}
	}
	// A department table without a year.
	dept := [][]any{
		{"部门整体绩效自评表"},
		{"主管部门", "某区委宣传部", "自评总分", 90},
		{"部门预算执行情况(万元)", nil, "年初预算数", "全年预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"},
		{nil, nil, 100, 100, 90, pct(0.9), 10, 9},
		{"绩效指标", "指标名称", "年初指标值", "全年完成值", "指标权重", "指标得分"},
		{nil, "播发稿件数量", "2200篇", "2859篇", 90, 81},
	}
	ev = read(t, "部门.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: dept}))
	if ev.Year != 0 || ev.Incomplete != "没有写明评价年度" {
		t.Errorf("department without a year: %d, %q", ev.Year, ev.Incomplete)
	}
}

// TestInstructionText: the form's printed instructions left in the 原因 and
// 评价结论 cells are not content: they are noted, and the conclusion's
// marks the form incomplete.
func TestInstructionText(t *testing.T) {
	s := sheetSpec{name: "自评表", rows: [][]any{
		{"部门预算项目支出绩效自评表(2023年度)"},
		{"项目名称", "工资性支出"},
		{"主管部门", "某县发展和改革局", nil, "实施单位", "某县发展和改革局"},
		{"预算执行情况(10分)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"},
		{"总额", 238.93, 251.89, 251.89, pct(1), 10, 10, "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内)"},
		{"绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分"},
		{nil, "产出指标", "数量指标", "发放覆盖率", "=", 100, "%", 100, 60, 60},
		{nil, "效益指标", "社会效益指标", "足额保障率", "=", 100, "%", 100, 30, 30},
		{"合计", nil, nil, nil, nil, nil, nil, nil, 100, 100},
		{"评价结论", "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)"},
	}}
	ev := read(t, "说明.xlsx", workbook(t, s))
	p := ev.Projects[0]
	if p.ExecutionCause != "" || p.Conclusion != "" || p.Incomplete != "评价结论仍是表格模板的填写提示" {
		t.Errorf("cause %q, conclusion %q, incomplete %q", p.ExecutionCause, p.Conclusion, p.Incomplete)
	}
	want := "自评表!H5 “原因”栏是表格自带的填写说明，未作为内容读取\n自评表!B10 “评价结论”栏是表格自带的填写说明，未作为内容读取"
	if got := skippedOf(ev.Provenance.Skipped); got != want {
		t.Errorf("skipped:\n%s", got)
	}
	if ev.Provenance.Layout != "项目支出绩效自评表（四川：预算执行10分+绩效指标90分）" || capsOf(p.Caps) != "预算执行率=10 绩效指标=90" {
		t.Errorf("layout %q, caps %s", ev.Provenance.Layout, capsOf(p.Caps))
	}
}
