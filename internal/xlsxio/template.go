package xlsxio

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Blank templates: the standard tables, empty, for departments to fill in
// Excel or WPS and import. They carry drop-down lists (一级/二级指标,
// 指标性质, 定性评价档次, 偏差原因类别) and number checks on amounts and
// scores, and are read back by the same header-based reader as any filled
// table.

// TemplateOptions shape a blank template.
type TemplateOptions struct {
	Subject jixiao.Subject
	Year    int
	// Tiers are the qualitative tiers offered (the rulebook's).
	Tiers []string
	// Rows is the number of blank indicator rows (default 20).
	Rows int
}

// Level1 and Level2 are the indicator names of the national framework
// (the 项目支出绩效自评表 of 财预〔2020〕10号, docs/rulebooks.md); tables may
// use others.
var (
	Level1 = []string{"产出指标", "效益指标", "满意度指标"}
	Level2 = []string{"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标"}
	// Causes are the deviation cause categories.
	Causes = []string{"政策环境变化", "执行机制缺陷", "外部不可抗力", "经费保障", "制度保障", "人员保障", "硬件条件保障", "指标值设定偏低", "其他"}
)

// WriteTemplate writes a blank template.
func WriteTemplate(w io.Writer, opt TemplateOptions) error {
	if opt.Rows == 0 {
		opt.Rows = 20
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	t := &tmpl{f: f, st: st, opt: opt}
	var sheet string
	if opt.Subject == jixiao.SubjectProject {
		if err := instructions(f, st, "填表说明", projectInstructions); err != nil {
			return err
		}
		sheet, err = t.project()
	} else {
		if err := instructions(f, st, "填表说明", departmentInstructions); err != nil {
			return err
		}
		sheet, err = t.department()
	}
	if err != nil {
		return err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	idx, _ := f.GetSheetIndex(sheet)
	f.SetActiveSheet(idx)
	title := map[jixiao.Subject]string{jixiao.SubjectProject: "项目支出绩效自评表", jixiao.SubjectDepartment: "部门整体支出绩效自评表"}[opt.Subject]
	if err := f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("%s（%d年度）空白模板", title, opt.Year), Creator: "jixiao"}); err != nil {
		return err
	}
	return f.Write(w)
}

var projectInstructions = []string{
	"项目支出绩效自评表 · 填表说明",
	"1. 在“项目支出绩效自评表”页填写；标题下的年度如不是本次评价的年度，请改为正确的年度（如“（2024年度）”）。",
	"2. 金额单位为万元，填数字，可带千位分隔符；不填的格子留空，不要写“无”。",
	"3. 绩效指标每行一个。一级指标、二级指标、指标性质、定性评价档次和偏差原因类别可从下拉列表选择；同一一级、二级指标下的行可以合并单元格或留空，导入时沿用上一行。",
	"4. 年度指标值、实际完成值照实填写，如“≥95%”“4万亩”“按时完成”；指标性质（=、≥、≤、定性）和度量单位也可以分列填写。定性指标在“定性评价档次”中选择档次。",
	"5. 行数不够时可以插入行；列的顺序可以调整，导入时按表头识别。",
	"6. 导入：在网页的“本单位自评”页，于“从 Excel 表格或案例文件导入”处选择本文件，点“上传并检查”。导入前检查全部内容，任何一处有误都不会导入，并指出单元格（如“项目支出绩效自评表!F12”）。",
}

var departmentInstructions = []string{
	"部门整体支出绩效自评表 · 填表说明",
	"1. 在“部门整体支出绩效自评表”页填写；标题下的年度如不是本次评价的年度，请改为正确的年度。",
	"2. 部门收支预决算按年初预算、调整预算、决算三栏填写，金额单位万元；合计数照报告所述填写，jixiao 会核对合计与明细。收入来源可增删行，行名用标准名称（如“一般公共预算财政拨款收入”“事业收入”）。",
	"3. 分项绩效目标每行一个，填分值；有扣分时填扣分和扣分原因。",
	"4. 绩效指标每行一个，在“分项绩效目标”一列填所属目标的序号或名称。",
	"5. 导入：在网页的“本单位自评”页，于“从 Excel 表格或案例文件导入”处选择本文件，点“上传并检查”。任何一处有误都不会导入，并指出单元格。",
}

type tmpl struct {
	f   *excelize.File
	st  *styles
	opt TemplateOptions
}

// set writes a value (none for "") and a style.
func (t *tmpl) set(sheet, cell string, v any, style int) {
	if s, ok := v.(string); !ok || s != "" {
		t.f.SetCellValue(sheet, cell, v)
	}
	t.f.SetCellStyle(sheet, cell, cell, style)
}

// row writes labels (or blank input cells, "") across a row from column 1.
func (t *tmpl) row(sheet string, r int, style int, vals ...string) {
	for i, v := range vals {
		t.set(sheet, ref(i+1, r), v, style)
	}
}

func (t *tmpl) merge(sheet string, c1, r1, c2, r2 int) {
	t.f.MergeCell(sheet, ref(c1, r1), ref(c2, r2))
}

// list adds a drop-down list to a range.
func (t *tmpl) list(sheet, rng string, values []string, prompt string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = rng
	if err := dv.SetDropList(values); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "请从列表中选择", "也可以填写列表之外的名称："+prompt)
	return t.f.AddDataValidation(sheet, dv)
}

// numbers makes a range accept numbers only, with a message.
func (t *tmpl) numbers(sheet, rng, what string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = rng
	if err := dv.SetRange(-1e15, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "应填数字", what+"应填数字，如 1234.56")
	return t.f.AddDataValidation(sheet, dv)
}

func (t *tmpl) widths(sheet string, ws ...float64) {
	for i, w := range ws {
		col, _ := excelize.ColumnNumberToName(i + 1)
		t.f.SetColWidth(sheet, col, col, w)
	}
}

func (t *tmpl) tiers() []string {
	if len(t.opt.Tiers) > 0 {
		return t.opt.Tiers
	}
	return []string{"达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"}
}

var operators = []string{"=", "≥", "≤", ">", "<", "定性"}

// project writes the blank 项目支出绩效自评表 (the national layout with
// 指标性质, 度量单位, 定性评价档次 and 偏差原因类别 columns).
func (t *tmpl) project() (string, error) {
	const sh = "项目支出绩效自评表"
	if _, err := t.f.NewSheet(sh); err != nil {
		return "", err
	}
	st := t.st
	const cols = 13
	t.widths(sh, 10, 12, 14, 24, 8, 14, 10, 14, 8, 8, 16, 14, 30)
	t.set(sh, "A1", "项目支出绩效自评表", st.title)
	t.merge(sh, 1, 1, cols, 1)
	t.set(sh, "A2", fmt.Sprintf("（%d年度）", t.opt.Year), st.subtitle)
	t.merge(sh, 1, 2, cols, 2)
	t.row(sh, 3, st.textFmt, make([]string, cols)...)
	t.set(sh, "A3", "项目名称", st.label)
	t.merge(sh, 2, 3, cols, 3)
	t.row(sh, 4, st.textFmt, make([]string, cols)...)
	t.set(sh, "A4", "主管部门", st.label)
	t.merge(sh, 2, 4, 6, 4)
	t.set(sh, ref(7, 4), "实施单位", st.label)
	t.merge(sh, 8, 4, cols, 4)
	// 项目资金（万元）
	t.row(sh, 5, st.header, "项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "", "", "", "")
	t.merge(sh, 2, 5, 3, 5)
	t.merge(sh, 10, 5, cols, 5)
	fundRows := []string{"年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"}
	for i, name := range fundRows {
		r := 6 + i
		t.row(sh, r, st.money, make([]string, cols)...)
		t.set(sh, ref(1, r), "", st.label)
		t.set(sh, ref(2, r), name, st.text)
		t.merge(sh, 2, r, 3, r)
		t.merge(sh, 10, r, cols, r)
		t.f.SetCellFormula(sh, ref(8, r), fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s>0,ISNUMBER(%s)),%s/%s,"")`, ref(5, r), ref(5, r), ref(6, r), ref(6, r), ref(5, r)))
		t.f.SetCellStyle(sh, ref(8, r), ref(8, r), st.percent)
		if i == 0 {
			t.set(sh, ref(7, r), 10, st.weight)
		} else {
			t.set(sh, ref(7, r), "—", st.textCenter)
			t.set(sh, ref(9, r), "—", st.textCenter)
		}
	}
	t.merge(sh, 1, 5, 1, 9)
	if err := t.numbers(sh, "D6:F9 I6", "金额和得分"); err != nil {
		return "", err
	}
	// 年度总体目标
	t.row(sh, 10, st.header, "年度总体目标", "预期目标", "", "", "", "", "", "实际完成情况", "", "", "", "", "")
	t.merge(sh, 2, 10, 7, 10)
	t.merge(sh, 8, 10, cols, 10)
	t.row(sh, 11, st.textFmt, make([]string, cols)...)
	t.set(sh, "A11", "", st.label)
	t.merge(sh, 2, 11, 7, 11)
	t.merge(sh, 8, 11, cols, 11)
	t.merge(sh, 1, 10, 1, 11)
	t.f.SetRowHeight(sh, 11, 60)
	// 绩效指标
	hr := 12
	t.row(sh, hr, st.header, "绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分",
		"定性评价档次", "偏差原因类别", "偏差原因分析及改进措施")
	first, last := hr+1, hr+t.opt.Rows
	for r := first; r <= last; r++ {
		t.row(sh, r, st.textFmt, make([]string, cols)...)
		t.set(sh, ref(1, r), "", st.label)
		t.set(sh, ref(9, r), "", st.weight)
		t.set(sh, ref(10, r), "", st.score)
	}
	t.merge(sh, 1, hr, 1, last)
	total := last + 1
	t.row(sh, total, st.bold, "总分", "", "", "", "", "", "", "", "", "", "评价等级", "", "")
	t.merge(sh, 1, total, 8, total)
	t.f.SetCellFormula(sh, ref(9, total), fmt.Sprintf("G6+SUM(%s:%s)", ref(9, first), ref(9, last)))
	t.f.SetCellFormula(sh, ref(10, total), fmt.Sprintf("N(I6)+SUM(%s:%s)", ref(10, first), ref(10, last)))
	t.f.SetCellStyle(sh, ref(9, total), ref(10, total), st.boldScore)
	t.set(sh, ref(12, total), "", st.bold)
	t.merge(sh, 12, total, cols, total)
	rng := func(c int) string { return fmt.Sprintf("%s:%s", ref(c, first), ref(c, last)) }
	for _, v := range []struct {
		col    int
		values []string
		what   string
	}{{2, Level1, "一级指标"}, {3, Level2, "二级指标"}, {5, operators, "指标性质"}, {11, t.tiers(), "定性评价档次"}, {12, Causes, "偏差原因类别"}} {
		if err := t.list(sh, rng(v.col), v.values, v.what); err != nil {
			return "", err
		}
	}
	if err := t.numbers(sh, rng(9)+" "+rng(10), "分值和得分"); err != nil {
		return "", err
	}
	if err := t.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: hr, TopLeftCell: ref(1, hr+1), ActivePane: "bottomLeft"}); err != nil {
		return "", err
	}
	return sh, t.pageSetup(sh)
}

func (t *tmpl) pageSetup(sh string) error {
	a4, orient, one, zero := 9, "landscape", 1, 0
	fit := true
	if err := t.f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return t.f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero})
}

// department writes the blank 部门整体支出绩效自评表: budget by stage, the
// year's goal, the sub-goals with their weights and deductions, and the
// indicators by sub-goal.
func (t *tmpl) department() (string, error) {
	const sh = "部门整体支出绩效自评表"
	if _, err := t.f.NewSheet(sh); err != nil {
		return "", err
	}
	st := t.st
	const cols = 13
	t.widths(sh, 10, 12, 12, 22, 8, 14, 10, 14, 8, 8, 16, 14, 30)
	t.set(sh, "A1", "部门整体支出绩效自评表", st.title)
	t.merge(sh, 1, 1, cols, 1)
	t.set(sh, "A2", fmt.Sprintf("（%d年度）", t.opt.Year), st.subtitle)
	t.merge(sh, 1, 2, cols, 2)
	t.row(sh, 3, st.textFmt, make([]string, cols)...)
	t.set(sh, "A3", "主管部门", st.label)
	t.merge(sh, 2, 3, 6, 3)
	t.set(sh, ref(7, 3), "自评总分", st.label)
	t.set(sh, ref(8, 3), "", st.score)
	t.set(sh, ref(9, 3), "评价等级", st.label)
	t.merge(sh, 9, 3, 10, 3)
	t.merge(sh, 11, 3, cols, 3)
	// 部门收支预决算
	t.row(sh, 4, st.header, "部门收支预决算（万元）", "项目", "", "", "年初预算数", "全年（调整）预算数", "全年执行数", "说明", "", "", "", "", "")
	t.merge(sh, 2, 4, 4, 4)
	t.merge(sh, 8, 4, cols, 4)
	lines := []string{"收入合计", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "事业收入", "其他收入", "年初结转和结余",
		"支出合计", "基本支出", "其中：人员经费", "其中：公用经费", "项目支出", "年末结转和结余"}
	for i, name := range lines {
		r := 5 + i
		t.row(sh, r, st.money, make([]string, cols)...)
		t.set(sh, ref(1, r), "", st.label)
		t.set(sh, ref(2, r), name, st.text)
		t.merge(sh, 2, r, 4, r)
		t.set(sh, ref(8, r), "", st.textFmt)
		t.merge(sh, 8, r, cols, r)
	}
	lastBudget := 4 + len(lines)
	t.merge(sh, 1, 4, 1, lastBudget)
	if err := t.numbers(sh, fmt.Sprintf("E5:G%d", lastBudget), "金额"); err != nil {
		return "", err
	}
	// 当年绩效目标
	gr := lastBudget + 1
	t.row(sh, gr, st.header, "当年绩效目标", "年度绩效目标", "", "", "", "", "", "全年目标实际完成情况", "", "", "", "", "")
	t.merge(sh, 2, gr, 7, gr)
	t.merge(sh, 8, gr, cols, gr)
	t.row(sh, gr+1, st.textFmt, make([]string, cols)...)
	t.set(sh, ref(1, gr+1), "", st.label)
	t.merge(sh, 2, gr+1, 7, gr+1)
	t.merge(sh, 8, gr+1, cols, gr+1)
	t.merge(sh, 1, gr, 1, gr+1)
	t.f.SetRowHeight(sh, gr+1, 60)
	// 分项绩效目标
	hr := gr + 2
	t.row(sh, hr, st.header, "分项绩效目标", "序号", "分项绩效目标", "", "", "", "分值", "扣分", "扣分原因", "", "", "", "得分")
	t.merge(sh, 3, hr, 6, hr)
	t.merge(sh, 9, hr, 12, hr)
	goals := 10
	for i := 1; i <= goals; i++ {
		r := hr + i
		t.row(sh, r, st.textFmt, make([]string, cols)...)
		t.set(sh, ref(1, r), "", st.label)
		t.set(sh, ref(2, r), i, st.textCenter)
		t.merge(sh, 3, r, 6, r)
		t.merge(sh, 9, r, 12, r)
		t.set(sh, ref(7, r), "", st.weight)
		t.set(sh, ref(8, r), "", st.weight)
		t.f.SetCellFormula(sh, ref(13, r), fmt.Sprintf(`IF(ISNUMBER(%s),%s-N(%s),"")`, ref(7, r), ref(7, r), ref(8, r)))
		t.f.SetCellStyle(sh, ref(13, r), ref(13, r), st.score)
	}
	sum := hr + goals + 1
	t.row(sh, sum, st.bold, "合计", "", "", "", "", "", "", "", "", "", "", "", "")
	t.merge(sh, 1, sum, 6, sum)
	t.f.SetCellFormula(sh, ref(7, sum), fmt.Sprintf("SUM(%s:%s)", ref(7, hr+1), ref(7, hr+goals)))
	t.f.SetCellFormula(sh, ref(13, sum), fmt.Sprintf("SUM(%s:%s)", ref(13, hr+1), ref(13, hr+goals)))
	t.f.SetCellStyle(sh, ref(7, sum), ref(13, sum), st.boldScore)
	t.merge(sh, 1, hr, 1, hr+goals)
	if err := t.numbers(sh, fmt.Sprintf("%s:%s", ref(7, hr+1), ref(8, hr+goals)), "分值和扣分"); err != nil {
		return "", err
	}
	// 绩效指标
	ir := sum + 1
	t.row(sh, ir, st.header, "分项绩效目标", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分",
		"定性评价档次", "偏差原因类别", "偏差原因分析及改进措施")
	first, last := ir+1, ir+t.opt.Rows
	for r := first; r <= last; r++ {
		t.row(sh, r, st.textFmt, make([]string, cols)...)
		t.set(sh, ref(9, r), "", st.weight)
		t.set(sh, ref(10, r), "", st.score)
	}
	rng := func(c int) string { return fmt.Sprintf("%s:%s", ref(c, first), ref(c, last)) }
	var numbers []string
	for i := 1; i <= goals; i++ {
		numbers = append(numbers, fmt.Sprint(i))
	}
	for _, v := range []struct {
		col    int
		values []string
		what   string
	}{{1, numbers, "分项绩效目标的序号"}, {2, Level1, "一级指标"}, {3, Level2, "二级指标"}, {5, operators, "指标性质"}, {11, t.tiers(), "定性评价档次"}, {12, Causes, "偏差原因类别"}} {
		if err := t.list(sh, rng(v.col), v.values, v.what); err != nil {
			return "", err
		}
	}
	if err := t.numbers(sh, rng(9)+" "+rng(10), "分值和得分"); err != nil {
		return "", err
	}
	return sh, t.pageSetup(sh)
}

// TemplateName is the file name of a blank template.
func TemplateName(s jixiao.Subject, year int) string {
	name := map[jixiao.Subject]string{jixiao.SubjectProject: "项目支出绩效自评表", jixiao.SubjectDepartment: "部门整体支出绩效自评表"}[s]
	return strings.TrimSpace(fmt.Sprintf("%s-%d年度-空白模板.xlsx", name, year))
}
