package xlsxio_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

// sheetSpec is a sheet written for a test: rows of values (string, number,
// or pct for a number shown as a percentage) and merged ranges.
type sheetSpec struct {
	name   string
	rows   [][]any
	merges []string
}

// pct is a number formatted as a percentage in Excel (what a cell holds
// when a user types 95%).
type pct float64

// rawNum is a number cell stored with exactly these digits, as other tools
// write them ("12.069999999999999").
type rawNum string

func workbook(t *testing.T, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	percent, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else {
			f.NewSheet(s.name)
		}
		for r, row := range s.rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				switch x := v.(type) {
				case nil:
				case pct:
					f.SetCellValue(s.name, cell, float64(x))
					f.SetCellStyle(s.name, cell, cell, percent)
				case rawNum:
					f.SetCellDefault(s.name, cell, string(x))
				default:
					f.SetCellValue(s.name, cell, x)
				}
			}
		}
		for _, m := range s.merges {
			a, b, _ := strings.Cut(m, ":")
			f.MergeCell(s.name, a, b)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t *testing.T, name string, data []byte) *jixiao.Evaluation {
	t.Helper()
	ev, err := xlsxio.ReadCase(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ev
}

// score scores a case read from a table. The reader leaves the rulebook to
// the caller (who chooses one by the table's structure); these tests use
// the national rulebook for projects and the department one otherwise.
func score(t *testing.T, ev *jixiao.Evaluation) *jixiao.Scorecard {
	t.Helper()
	name := ev.Rulebook
	if name == "" {
		name = "mof-2020"
		if ev.Subject == jixiao.SubjectDepartment {
			name = "shijiazhuang-2024"
		}
	}
	rb, err := rulebook.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// national is the 项目支出绩效自评表 of 财预〔2020〕10号 as departments fill it:
// merged 一级/二级 cells, a percentage typed as a number, thousands
// separators, full-width digits and signs, units in cells, dashes.
func national() sheetSpec {
	return sheetSpec{name: "自评表", rows: [][]any{
		{"项目支出绩效自评表"},
		{"（２０２４年度）"},
		{"项目名称", "乡村道路养护项目"},
		{"主管部门", "某县交通运输局", nil, nil, nil, "实施单位", "某县公路管理站"},
		{"项目资金（万元）", nil, nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
		{nil, "年度资金总额", nil, "1,200.00", "１２００", 1080.5, 10, pct(0.9004), 9},
		{nil, "其中：当年财政拨款", nil, "1000万元", 1000, 900.5, "—", "—", "—"},
		{nil, "上年结转资金", nil, 200, 200, 180, "—", "—", "—"},
		{nil, "其他资金", nil, "—", "", "", "—", "—", "—"},
		{"年度总体目标", "预期目标", nil, nil, nil, "实际完成情况"},
		{nil, "完成农村公路养护300公里，路况优良率达到80%以上。", nil, nil, nil, "完成养护310公里，优良率82%。"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
		{nil, "产出指标", "数量指标", "养护里程", "≧300公里", "310公里", 20, 20},
		{nil, nil, "质量指标", "路况优良率", "＞＝80%", pct(0.82), 15, 15},
		{nil, nil, "时效指标", "养护任务完成时间", "12月31日前完成", "按期完成", 10, 10},
		{nil, nil, "成本指标", "每公里养护成本", "≤4万元", "3.9万元", 5, 5},
		{nil, "效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "明显改善", 30, 28, "部分路段养护后仍有坑洼；加强巡查"},
		{nil, "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "９２％", 10, 10},
		{"总分", nil, nil, nil, nil, nil, 100, 97, "评价等级：优"},
	}, merges: []string{"A1:I1", "A2:I2", "B3:I3", "B4:E4", "G4:I4", "A5:A9", "A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11",
		"A12:A18", "B13:B16", "A19:F19"}}
}

func TestNationalProjectTable(t *testing.T) {
	ev := read(t, "池州.xlsx", workbook(t, national()))
	if ev.Subject != jixiao.SubjectProject || ev.Year != 2024 || ev.Org.Name != "某县公路管理站" || ev.Rulebook != "" {
		t.Fatalf("case: %v %d %q %q", ev.Subject, ev.Year, ev.Org.Name, ev.Rulebook)
	}
	if pv := ev.Provenance; pv == nil || pv.Document != "池州.xlsx" || pv.Sheet != "自评表" || pv.Layout != "项目支出绩效自评表（全国通用）" || len(pv.Skipped) != 0 {
		t.Errorf("provenance: %+v", ev.Provenance)
	}
	p := ev.Projects[0]
	if p.Name != "乡村道路养护项目" || p.Department != "某县交通运输局" || p.Budget.Unit != "万元" {
		t.Errorf("project: %+v", p)
	}
	if p.Budget.Initial.String() != "1200" || p.Budget.Adjusted.String() != "1200" || p.Budget.Final.String() != "1080.5" {
		t.Errorf("funds: %v %v %v", p.Budget.Initial, p.Budget.Adjusted, p.Budget.Final)
	}
	if len(p.Budget.Lines) != 3 || p.Budget.Lines[0].Source != "当年财政拨款" || p.Budget.Lines[0].Initial.String() != "1000" || p.Budget.Lines[2].Initial != nil {
		t.Errorf("fund lines: %+v", p.Budget.Lines)
	}
	if !strings.Contains(p.Goal, "300公里") || !strings.Contains(p.GoalResult, "310公里") {
		t.Errorf("goal: %q / %q", p.Goal, p.GoalResult)
	}
	if len(p.Indicators) != 6 {
		t.Fatalf("%d indicators", len(p.Indicators))
	}
	in := p.Indicators
	if in[1].Level1 != "产出指标" || in[1].Level2 != "质量指标" || in[1].Actual.Text != "82.00%" || in[1].Target.Op != jixiao.OpGE {
		t.Errorf("merged level / percent cell / ＞＝: %+v", in[1])
	}
	if in[0].Target.Op != jixiao.OpGE || in[0].Target.Value.String() != "300" || in[5].Actual.Value.String() != "92" {
		t.Errorf("≧ and full-width digits: %+v / %+v", in[0].Target, in[5].Actual)
	}
	if in[4].Deviation != "部分路段养护后仍有坑洼；加强巡查" || in[4].Score.String() != "28" {
		t.Errorf("deviation and score: %+v", in[4])
	}
	if p.Stated == nil || p.Stated.Total.String() != "97" || p.Stated.Grade != "优" || p.ExecutionScore.String() != "9" {
		t.Errorf("stated: %+v %v", p.Stated, p.ExecutionScore)
	}
	sc := score(t, ev)
	if sc.Grade == "" {
		t.Error("the imported table does not score")
	}
}

// lijiang is the variant with 指标性质 and 度量单位 columns.
func TestVariantWithOperatorAndUnitColumns(t *testing.T) {
	s := sheetSpec{name: "丽江", rows: [][]any{
		{"项目支出绩效自评表（2023年度）"},
		{"项目名称", "古城保护项目", nil, "主管部门", "某市文化和旅游局", "实施单位", "某市古城保护管理局"},
		{"项目资金（元）", nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
		{nil, "年度资金总额", 500000, 480000, 470000, 10, pct(0.979), 9.79},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
		{nil, "产出指标", "数量指标", "修缮院落数", "≥", 20, "个", 21, 50, 50},
		{nil, "效益指标", "社会效益指标", "游客投诉率", "≤", 2, "%", 1.5, 30, 30},
		{nil, "满意度指标", "服务对象满意度指标", "居民满意度", "=", "═90", "%", 93, 10, 10},
	}, merges: []string{"A3:A4", "A5:A8"}}
	ev := read(t, "丽江.xlsx", workbook(t, s))
	p := ev.Projects[0]
	if ev.Year != 2023 || p.Budget.Unit != "元" || p.Budget.Final.String() != "470000" {
		t.Fatalf("project: %d %+v", ev.Year, p.Budget)
	}
	in := p.Indicators
	if in[0].Op != jixiao.OpGE || in[0].Unit != "个" || in[0].TargetText() != "≥20个" || in[1].Op != jixiao.OpLE || in[1].Unit != "%" {
		t.Errorf("operator and unit columns: %+v %+v", in[0], in[1])
	}
	if in[2].Target.Op != jixiao.OpEQ {
		t.Errorf("═ is =: %+v", in[2].Target)
	}
	score(t, ev)
}

// TestSichuanVariant reads 部门预算项目支出绩效自评表 (四川): 预算执行情况(10分)
// with 调整后预算数, 绩效指标(90分) with 权重 and 未完成原因分析, and the
// closing 评价结论, 存在问题, 改进措施.
func TestSichuanVariant(t *testing.T) {
	s := sheetSpec{name: "自评表", rows: [][]any{
		{"部门预算项目支出绩效自评表"},
		{"（2023年度）"},
		{"项目名称", "青神县农村饮水安全巩固提升项目"},
		{"主管部门", "青神县水利局", nil, "实施单位", "青神县水利局"},
		{"项目年度目标", nil, nil, "年度目标完成情况"},
		{"完成2处供水工程改造", nil, nil, "已完成2处供水工程改造"},
		{"预算执行情况(10分)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"},
		{"总额", 238.93, 251.89, 251.89, pct(1), 10, 10},
		{"其中:财政资金", 238.93, 251.89, 251.89, pct(1)},
		{"财政专户管理资金"},
		{"单位资金"},
		{"其他资金"},
		{"绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"},
		{nil, "产出指标", "数量指标", "改造供水工程", "≥", 2, "处", 2, 30, 30},
		{nil, nil, "质量指标", "水质达标率", "≥", 95, "%", 96, 30, 30},
		{nil, "效益指标", "社会效益指标", "受益人口", "≥", 5000, "人", 4800, 20, 19.2, "部分村组人口外出务工"},
		{nil, "满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%", 95, 10, 10},
		{"评价结论", "项目总体完成较好"},
		{"存在问题", "部分管网老化"},
		{"改进措施", "逐年更新管网"},
	}, merges: []string{"A1:K1", "A2:K2", "A5:C5", "D5:K5", "A6:C6", "D6:K6", "A13:A17", "B14:B15"}}
	ev := read(t, "青神.xlsx", workbook(t, s))
	p := ev.Projects[0]
	if p.Budget.Initial.String() != "238.93" || p.Budget.Adjusted.String() != "251.89" || len(p.Budget.Lines) != 4 || p.Budget.Lines[0].Source != "财政资金" {
		t.Fatalf("funds: %+v %+v", p.Budget, p.Budget.Lines)
	}
	if p.Goal != "完成2处供水工程改造" || p.GoalResult != "已完成2处供水工程改造" {
		t.Errorf("goals: %q %q", p.Goal, p.GoalResult)
	}
	if len(p.Indicators) != 4 || p.Indicators[2].Weight.String() != "20" || p.Indicators[2].Deviation != "部分村组人口外出务工" || p.Indicators[1].Level1 != "产出指标" {
		t.Errorf("indicators: %+v", p.Indicators)
	}
	if p.Conclusion != "项目总体完成较好" || p.Problems != "部分管网老化" || p.Improvements != "逐年更新管网" {
		t.Errorf("closing: %q %q %q", p.Conclusion, p.Problems, p.Improvements)
	}
	sc := score(t, ev)
	if sc.Displayed.String() != "99.2" {
		t.Errorf("total %s", sc.Displayed)
	}
}

// TestChongqingDepartmentTable reads 部门整体支出绩效自评表 (重庆): one row of
// budget figures, 年初 and 全年(调整) goals, indicators with 得分系数 and
// 是否核心指标.
func TestChongqingDepartmentTable(t *testing.T) {
	s := sheetSpec{name: "部门整体", rows: [][]any{
		{"部门整体支出绩效自评表"},
		{"（2021年度）"},
		{"主管部门", "重庆市某区民政局", "财政处室", "社保科", "自评总分(分)", 92.5},
		{"部门预算执行情况", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重", "执行率得分(分)"},
		{nil, 5000, 5600, 5320, 95, 10, 9.5},
		{"当年绩效目标", "年初绩效目标", nil, "全年(调整)绩效目标", nil, "全年目标实际完成情况"},
		{nil, "保障困难群众基本生活", nil, "保障困难群众基本生活，提高救助标准", nil, "按时足额发放救助金"},
		{"绩效指标", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"},
		{nil, "低保对象救助人数", "人", "定量指标", "≥3000", "≥3200", "3250", 100, 30, nil, "是"},
		{nil, "救助金发放及时率", "%", "定量指标", "100", "", "98", 80, 30, 24, "否"},
		{nil, "救助工作规范程度", nil, "定性指标", "规范", "", "较规范", 90, 30, nil, "否"},
	}, merges: []string{"A4:A5", "A6:A7", "B6:C6", "D6:E6", "B7:C7", "D7:E7", "A8:A11"}}
	ev := read(t, "重庆.xlsx", workbook(t, s))
	if ev.Subject != jixiao.SubjectDepartment || ev.Org.Name != "重庆市某区民政局" || ev.Year != 2021 {
		t.Fatalf("case: %+v", ev.Org)
	}
	if ev.Budget == nil || ev.Budget.Adjusted.ExpenditureTotal.String() != "5600" || ev.Budget.Final.ExpenditureTotal.String() != "5320" {
		t.Errorf("budget: %+v", ev.Budget)
	}
	if ev.OverallGoal != "保障困难群众基本生活，提高救助标准" || ev.OverallResult != "按时足额发放救助金" {
		t.Errorf("goals: %q / %q", ev.OverallGoal, ev.OverallResult)
	}
	in := ev.Indicators
	if len(in) != 3 || !in[0].Core || in[1].Core || in[0].TargetText() != "≥3200人" || in[0].Unit != "人" {
		t.Fatalf("indicators: %+v", in)
	}
	if in[0].Score.String() != "30" || in[1].Score.String() != "24" || in[2].Score.String() != "27" || in[2].Op != jixiao.OpQualitative {
		t.Errorf("得分系数 × 指标权重: %v %v %v, op %q", in[0].Score, in[1].Score, in[2].Score, in[2].Op)
	}
	if ev.Stated == nil || ev.Stated.Total.String() != "92.5" {
		t.Errorf("stated total: %+v", ev.Stated)
	}
	// The execution row: its rate, its score and the score's cap.
	if r := ev.Budget.Rates; len(r) != 1 || r[0].Of != "total" || r[0].Rate.Text != "95%" {
		t.Errorf("stated rate: %+v", r)
	}
	if ev.Stated.Execution == nil || ev.Stated.Execution.String() != "9.5" || ev.Stated.ExecutionMax == nil || ev.Stated.ExecutionMax.String() != "10" {
		t.Errorf("stated execution: %v of %v", ev.Stated.Execution, ev.Stated.ExecutionMax)
	}
	if ev.Rulebook != "" || ev.Provenance == nil || ev.Provenance.Layout != "部门整体支出绩效自评表（重庆：指标权重×得分系数）" {
		t.Errorf("rulebook %q, provenance %+v", ev.Rulebook, ev.Provenance)
	}
}

// TestErrorsNameCells reads a table with several mistakes: all are
// reported at once, each with the file, its sheet and cell, and nothing is
// returned. A row with data but no name does not refuse the file: it is
// skipped and recorded (provenance.skipped).
func TestErrorsNameCells(t *testing.T) {
	s := national()
	s.rows[5][4] = "一千二百"  // E6 全年预算数
	s.rows[12][6] = "二十分"  // G13 分值
	s.rows[14][3] = nil    // D15: a row with data but no name
	s.rows[6][3] = "1000元" // D7: a unit other than the header's
	_, err := xlsxio.ReadCase("错表.xlsx", workbook(t, s))
	if err == nil {
		t.Fatal("a table with mistakes was read")
	}
	msg := err.Error()
	t.Log(msg)
	for _, want := range []string{"错表.xlsx，自评表!D7", "万元", "错表.xlsx，自评表!E6", "错表.xlsx，自评表!G13"} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "A15") {
		t.Errorf("a row without a name refuses the file:\n%s", msg)
	}
	s = national()
	s.rows[14][3] = nil // D15
	ev := read(t, "跳过.xlsx", workbook(t, s))
	if n := len(ev.Projects[0].Indicators); n != 5 {
		t.Errorf("%d indicators", n)
	}
	want := jixiao.Skipped{Where: "自评表!A15", What: "这一行有数据但没有指标名称（三级指标）"}
	if got := ev.Provenance.Skipped; len(got) != 1 || got[0] != want {
		t.Errorf("skipped: %+v", got)
	}
}

func TestRefusedFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"旧表.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "另存为"},
		{"文本.xlsx", []byte("这不是工作簿"), "不是有效的 .xlsx"},
		{"空白.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{{"随便写点什么"}}}), "没有找到可识别的自评表"},
		// A blank score sheet: an indicator header and caps, no figure.
		{"空白得分表.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{"一级指标", "二级指标", "三级指标", "得分"},
			{"部门决策(25分)", "目标任务(15分)", "相关性(5分)"},
		}}), "工作表“Sheet1”是自评表的空白表"},
		// The tail of a form: indicator rows without the rows above them.
		{"片段.xlsx", workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
			{nil, "产出指标", "数量指标", "足额保障率", "=", 100, "%", nil, 22.5},
			{"合计", nil, nil, nil, nil, nil, nil, nil, 100},
		}}), "工作表“Sheet1”只有自评表的绩效指标部分（第1行起），上方没有表头、项目或单位名称和年度"},
	} {
		_, err := xlsxio.ReadCase(c.name, c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestTemplatesFilledAndRead fills the blank templates as a user would and
// reads them back.
func TestTemplatesFilledAndRead(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsxio.WriteTemplate(&buf, xlsxio.TemplateOptions{Subject: jixiao.SubjectProject, Year: 2025}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sh := "项目支出绩效自评表"
	if dvs, _ := f.GetDataValidations(sh); len(dvs) < 5 {
		t.Errorf("%d data validations in the project template", len(dvs))
	}
	for cell, v := range map[string]any{"B3": "社区养老服务项目", "B4": "某区民政局", "H4": "某区养老服务中心",
		"D6": 100, "E6": 100, "F6": 95, "B11": "为500名老人提供居家养老服务", "H11": "服务520名老人",
		"B13": "产出指标", "C13": "数量指标", "D13": "服务老人人数", "E13": "≥", "F13": 500, "G13": "人", "H13": 520, "I13": 50,
		"B14": "效益指标", "C14": "社会效益指标", "D14": "老人生活质量改善", "E14": "定性", "F14": "明显改善", "H14": "有所改善", "I14": 30, "K14": "部分达成年度指标并具有一定效果",
		"B15": "满意度指标", "C15": "服务对象满意度指标", "D15": "老人满意度", "F15": "≥90%", "H15": "95%", "I15": 10} {
		f.SetCellValue(sh, cell, v)
	}
	var filled bytes.Buffer
	f.Write(&filled)
	ev := read(t, "模板.xlsx", filled.Bytes())
	p := ev.Projects[0]
	if ev.Year != 2025 || p.Name != "社区养老服务项目" || len(p.Indicators) != 3 || p.Indicators[1].Tier != "部分达成年度指标并具有一定效果" || p.Indicators[0].TargetText() != "≥500人" {
		t.Fatalf("filled project template: %d %+v", ev.Year, p)
	}
	sc := score(t, ev)
	if sc.Grade == "" {
		t.Error("no grade")
	}
	keep := os.Getenv("JIXIAO_KEEP") // for looking at the files by hand
	if keep != "" {
		os.WriteFile(filepath.Join(keep, "project-filled.xlsx"), filled.Bytes(), 0o644)
	}

	buf.Reset()
	if err := xlsxio.WriteTemplate(&buf, xlsxio.TemplateOptions{Subject: jixiao.SubjectDepartment, Year: 2025}); err != nil {
		t.Fatal(err)
	}
	f, _ = excelize.OpenReader(&buf)
	sh = "部门整体支出绩效自评表"
	for cell, v := range map[string]any{"B3": "某区民政局", "E5": 1000, "F5": 1100, "G5": 1050, "B6": "一般公共预算财政拨款收入", "E6": 1000, "F6": 1100, "G6": 1050,
		"E11": 1000, "F11": 1100, "G11": 1000, "E12": 600, "F12": 620, "G12": 610, "E15": 400, "F15": 480, "G15": 390,
		"B18": "保障困难群众基本生活", "H18": "按时足额发放",
		"C20": "救助保障", "G20": 60, "C21": "养老服务", "G21": 40, "H21": 2, "I21": "养老床位建设滞后",
		"A33": 1, "D33": "救助对象人数", "F33": "≥3000人", "H33": "3100人", "A34": "养老服务", "D34": "新增养老床位", "F34": "≥200张", "H34": "150张"} {
		f.SetCellValue(sh, cell, v)
	}
	filled.Reset()
	f.Write(&filled)
	ev = read(t, "部门模板.xlsx", filled.Bytes())
	if ev.Subject != jixiao.SubjectDepartment || ev.Org.Name != "某区民政局" || len(ev.Goals) != 2 {
		t.Fatalf("department template: %+v %d goals", ev.Org, len(ev.Goals))
	}
	if ev.Budget.Final.Basic.String() != "610" || ev.Budget.Adjusted.Project.String() != "480" || ev.Budget.Initial.Income[0].Amount.String() != "1000" {
		t.Errorf("budget: %+v", ev.Budget.Final)
	}
	g := ev.Goals[1]
	if g.Name != "养老服务" || g.Weight.String() != "40" || len(g.Deductions) != 1 || g.Deductions[0].Points.String() != "2" || g.Deductions[0].Reason != "养老床位建设滞后" {
		t.Errorf("goal with deduction: %+v", g)
	}
	if len(ev.Goals[0].Indicators) != 1 || len(g.Indicators) != 1 || g.Indicators[0].Name != "新增养老床位" {
		t.Errorf("indicators by goal: %+v / %+v", ev.Goals[0].Indicators, g.Indicators)
	}
	if keep != "" {
		os.WriteFile(filepath.Join(keep, "department-filled.xlsx"), filled.Bytes(), 0o644)
	}
}

// TestSavedByLibreOffice reads a table after LibreOffice Calc has opened
// and saved it (shared strings, styles and merges as Calc writes them).
func TestSavedByLibreOffice(t *testing.T) {
	soffice := testutil.Tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	src := filepath.Join(dir, "池州.xlsx")
	os.WriteFile(src, workbook(t, national()), 0o644)
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(out, "池州.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(data, workbook(t, national())) {
		t.Fatal("LibreOffice did not rewrite the file")
	}
	ev := read(t, "池州-calc.xlsx", data)
	want := read(t, "池州.xlsx", workbook(t, national()))
	if score(t, ev).Displayed.String() != score(t, want).Displayed.String() || len(ev.Projects[0].Indicators) != 6 ||
		ev.Projects[0].Indicators[1].Actual.Text != want.Projects[0].Indicators[1].Actual.Text {
		t.Errorf("after LibreOffice: %+v", ev.Projects[0].Indicators[1])
	}
}
