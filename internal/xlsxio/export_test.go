package xlsxio_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

func export(t testing.TB, name string, edit func(*jixiao.Evaluation)) *excelize.File {
	t.Helper()
	f, err := caseio.Load(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(f.Evaluation)
	}
	rb, _ := rulebook.Load(f.Evaluation.Rulebook)
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsxio.Export(&buf, f.Evaluation, sc); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func value(t *testing.T, x *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func merges(t *testing.T, x *excelize.File, sheet string) []string {
	t.Helper()
	ms, err := x.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	return out
}

func TestProjectTable(t *testing.T) {
	x := export(t, "project-training-2024.yaml", nil)
	sheet := "项目1-职业技能培训补贴项目"
	if got := x.GetSheetList(); !slices.Equal(got, []string{sheet, xlsxio.SheetScores}) {
		t.Fatalf("sheets %v", got)
	}
	cells := map[string]string{
		"A1": "项目支出绩效自评表", "A2": "（2024年度）", "A3": "项目名称", "B3": "职业技能培训补贴项目",
		"A4": "主管部门", "F4": "实施单位", "G4": "某市职业技能鉴定指导中心",
		"A5": "项目资金（万元）", "D5": "年初预算数", "E5": "全年预算数", "F5": "全年执行数", "G5": "分值", "H5": "执行率", "I5": "得分",
		"B6": "年度资金总额", "D6": "500.00", "E6": "480.00", "F6": "432.00", "G6": "10", "H6": "90.00%", "I6": "9.00",
		"B7": "其中：当年财政拨款", "H7": "90.00%",
		"A9": "年度总体目标", "B9": "预期目标", "F9": "实际完成情况",
		"A11": "绩效指标", "B11": "一级指标", "C11": "二级指标", "D11": "三级指标", "E11": "年度指标值", "F11": "实际完成值", "G11": "分值", "H11": "得分",
		"B12": "产出指标", "C12": "数量指标", "D12": "培训人次", "E12": "≥5000人次", "F12": "4500人次", "G12": "20", "H12": "18.00",
		"D15": "人均培训成本", "H15": "9.26", "B16": "效益指标", "D17": "培训长效机制建设", "F17": "与12家企业签订合作协议，长效机制初步建立，尚未形成制度文件",
		"A19": "总分", "G19": "100", "H19": "92.26", "I19": "评价等级：优",
	}
	for c, want := range cells {
		if got := value(t, x, sheet, c); got != want {
			t.Errorf("%s = %q, want %q", c, got, want)
		}
	}
	ms := merges(t, x, sheet)
	for _, want := range []string{"A1:J1", "B3:J3", "B4:E4", "G4:J4", "A5:A8", "B6:C6", "I6:J6", "B9:E9", "F9:J9", "A9:A10",
		"A11:A18", "B12:B15", "B16:B17", "A19:F19"} {
		if !slices.Contains(ms, want) {
			t.Errorf("no merge %s in %v", want, ms)
		}
	}
	// Formulas where Excel users expect them, with their cached values.
	for c, want := range map[string]string{"H6": `IF(E6=0,"",F6/E6)`, "I6": `IF(H6="",0,ROUND(G6*MIN(H6,1),6))`, "H19": "I6+SUM(H12:H18)", "G19": "G6+SUM(G12:G18)"} {
		if f, _ := x.GetCellFormula(sheet, c); f != want {
			t.Errorf("%s formula %q, want %q", c, f, want)
		}
	}
	raw, _ := x.GetCellValue(sheet, "H19", excelize.Options{RawCellValue: true})
	if !strings.HasPrefix(raw, "92.259259") {
		t.Errorf("cached total %q", raw)
	}
	panes, _ := x.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 4 {
		t.Errorf("frozen rows %+v", panes)
	}
	// The indicator grid's column headings repeat on every printed page.
	printSetup(t, x, sheet, "$11:$11")
	// A budget edited to 0 in Excel leaves no rate and no execution points.
	if err := x.SetCellValue(sheet, "E6", 0); err != nil {
		t.Fatal(err)
	}
	if v, err := x.CalcCellValue(sheet, "I6"); err != nil || v != "0.00" {
		t.Errorf("execution score with a zero budget: %q %v, want 0", v, err)
	}
	// Weights in the General format: Excel shows 10 as "10" (a "0.##"
	// format shows "10.").
	for _, c := range []string{"G6", "G12"} {
		id, _ := x.GetCellStyle(sheet, c)
		st, err := x.GetStyle(id)
		if err != nil || st.NumFmt != 0 || st.CustomNumFmt != nil {
			t.Errorf("%s number format %d %v, want General", c, st.NumFmt, st.CustomNumFmt)
		}
	}
}

// The department sheet in the 10号 layout: one row per indicator with its
// target and actual value, the sub-goal, its weight, score and the reasons
// for points lost merged beside its indicators; the column headings (not
// the title) repeat on every printed page; A4, fit to width, page numbers.
func TestDepartmentTables(t *testing.T) {
	x := export(t, "shijiazhuang-2024.yaml", nil)
	s := xlsxio.SheetDepartment
	for c, want := range map[string]string{
		"A1": "部门整体支出绩效自评表", "B3": "石家庄市自然资源和规划局", "E3": "96.00", "G3": "优秀",
		"C5": "598,154.02", "D5": "250,319.84", "E5": "141,914.04", "F5": "56.69%",
		"C6": "24,482.41", "E6": "24,792.00", "F6": "97.24%",
		"A10": "绩效目标与得分", "B10": "分项绩效目标", "C10": "目标实现情况", "D10": "绩效指标", "E10": "指标值", "F10": "实际完成值", "G10": "分值", "H10": "得分",
		"B11": "1. 压茬推进国土空间规划编制工作，严格风貌管控，强化规划管理优化功能布局，进一步提升城市品质", "D11": "市级国土空间总体规划审批", "G11": "17", "H11": "17.00",
		"D12": "中心城区用地布局及详细规划修编", "E12": "660平方公里",
		"B15": "2. 掌握全民所有自然资源资产", "D15": "主城区土地利用现状变更调查", "E15": "5个区", "F15": "5个区",
		"B23": "3. 推进国土空间的生态修复", "H23": "16.00", "B32": "5. 做好地理信息数据保障工作", "G32": "16", "H32": "14.00",
		"D35": "耕地卫片监督", "E35": "25个", "A36": "合计", "G36": "100", "H36": "96.00",
	} {
		if got := value(t, x, s, c); got != want {
			t.Errorf("%s = %q, want %q", c, got, want)
		}
	}
	// One row per indicator: the 25 indicators of the six sub-goals.
	f, _ := caseio.Load(filepath.Join("..", "..", "examples", "shijiazhuang-2024.yaml"))
	var names []string
	for _, g := range f.Evaluation.Goals {
		for _, in := range g.Indicators {
			names = append(names, in.Name)
		}
	}
	for i, name := range names {
		if got := value(t, x, s, "D"+strconv.Itoa(11+i)); got != name {
			t.Errorf("row %d: indicator %q, want %q", 11+i, got, name)
		}
	}
	if len(names) != 25 {
		t.Errorf("%d indicators", len(names))
	}
	for c, want := range map[string]string{"E3": "SUM(H11:H35)", "G36": "SUM(G11:G35)", "H36": "SUM(H11:H35)"} {
		if f, _ := x.GetCellFormula(s, c); f != want {
			t.Errorf("%s formula %q, want %q", c, f, want)
		}
	}
	ms := merges(t, x, s)
	for _, want := range []string{"A4:A7", "A10:A35", "B11:B14", "C11:C14", "G11:G14", "H11:H14", "I11:I14", "B15:B22", "H15:H22", "B26:B31", "H32:H34", "A36:F36"} {
		if !slices.Contains(ms, want) {
			t.Errorf("no merge %s in %v", want, ms)
		}
	}
	// The 合计 row is tall enough for its grade and bands, which wrap.
	if h, _ := x.GetRowHeight(s, 36); h < 40 {
		t.Errorf("合计 row %v pt high: its grade text is clipped in print", h)
	}
	if v := value(t, x, s, "I36"); !strings.HasPrefix(v, "评价等级：优秀（得分≥85分为优秀") {
		t.Errorf("I36 = %q", v)
	}
	// What each sub-goal achieved, as its report says, beside its indicators.
	if v := value(t, x, s, "C15"); !strings.HasPrefix(v, "2024年我部门完成主城区国土变更调查初报") {
		t.Errorf("C15 = %.40q", v)
	}
	// A sub-goal's merged explanation fits its rows together.
	h := 0.0
	for r := 23; r <= 25; r++ {
		rh, _ := x.GetRowHeight(s, r)
		h += rh
	}
	if h < 60 {
		t.Errorf("sub-goal 3's rows are %v pt high together", h)
	}
	printSetup(t, x, s, "$10:$10")
	printSetup(t, x, xlsxio.SheetScores, "$2:$2")
	rows, _ := x.GetRows(xlsxio.SheetScores)
	if len(rows) != 2+6+1 || rows[8][3] != "96.00" {
		t.Errorf("评分明细 %d rows, last %v", len(rows), rows[len(rows)-1])
	}
}

// printSetup checks a sheet prints on A4 fitted to the page width, with
// the rows titles repeated on every page and page numbers in the footer.
func printSetup(t *testing.T, x *excelize.File, sheet, titles string) {
	t.Helper()
	found := false
	for _, n := range x.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == sheet {
			found = n.RefersTo == "'"+sheet+"'!"+titles
		}
	}
	if !found {
		t.Errorf("%s: print titles %+v, want %s", sheet, x.GetDefinedName(), titles)
	}
	layout, err := x.GetPageLayout(sheet)
	if err != nil || *layout.Size != 9 || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("%s: page layout %+v %v", sheet, layout, err)
	}
	props, err := x.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: not fitted to the page: %+v", sheet, props)
	}
	hf, err := x.GetHeaderFooter(sheet)
	if err != nil || hf.OddFooter != "&C第 &P 页，共 &N 页" {
		t.Errorf("%s: footer %+v %v", sheet, hf, err)
	}
}

// A department scored by indicators (chongqing-2022): one row per leaf
// indicator with its own weight and score, its block (一级指标) merged.
func TestDepartmentByIndicators(t *testing.T) {
	const src = `subject: department
year: 2024
rulebook: chongqing-2022
org: {name: 某局}
budget:
  adjusted: {basic: 400, project: 700}
  final: {basic: 390, project: 690}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 520人次, weight: 30, score: 30}
  - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%, actual: 85%, weight: 20, score: 18}
  - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30, score: 30}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10, score: 10}
`
	f, err := caseio.Parse("dept.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := rulebook.Load("chongqing-2022")
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsxio.Export(&buf, f.Evaluation, sc); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	s := xlsxio.SheetDepartment
	rows, _ := x.GetRows(s)
	var got []string
	for _, r := range rows[10:] {
		for len(r) < 8 {
			r = append(r, "")
		}
		got = append(got, strings.Join(append(r[1:2:2], r[3:8]...), "|"))
	}
	// Columns B and D–H (C, what a sub-goal achieved, is empty here);
	// GetRows repeats no merged value: a merged block's name shows once.
	want := []string{
		"1. 预算执行率||||10|9.82",
		"2. 绩效指标|培训人次|≥500人次|520人次|30|30.00",
		"|培训合格率|≥90%|85%|20|18.00",
		"|培训后就业率|≥60%|65%|30|30.00",
		"|参训人员满意度|≥90%|93%|10|10.00",
		"||||100|97.82",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Contains(merges(t, x, s), "B12:B15") || slices.Contains(merges(t, x, s), "C12:C15") {
		t.Errorf("the 绩效指标 block is not merged: %v", merges(t, x, s))
	}
	if f, _ := x.GetCellFormula(s, "E3"); f != "SUM(H11:H15)" {
		t.Errorf("total formula %q", f)
	}
}

// Text that a spreadsheet would read as a formula stays text.
func TestFormulaInjection(t *testing.T) {
	x := export(t, "project-training-2024.yaml", func(ev *jixiao.Evaluation) {
		ev.Projects[0].Name = `=HYPERLINK("http://evil","点击")`
		ev.Projects[0].Indicators[0].Deviation = "+cmd|'/c calc'!A0"
		ev.Projects[0].Indicators[0].Improvement = ""
	})
	sheet := x.GetSheetList()[0]
	for _, c := range []string{"B3", "I12"} {
		if f, _ := x.GetCellFormula(sheet, c); f != "" {
			t.Errorf("%s became a formula: %s", c, f)
		}
		style, _ := x.GetCellStyle(sheet, c)
		if q := x.Styles.CellXfs.Xf[style].QuotePrefix; q == nil || !*q {
			t.Errorf("%s is not quote-prefixed", c)
		}
	}
	if v := value(t, x, sheet, "B3"); v != `=HYPERLINK("http://evil","点击")` {
		t.Errorf("text altered: %q", v)
	}
	// Ordinary text is not.
	style, _ := x.GetCellStyle(sheet, "D12")
	if q := x.Styles.CellXfs.Xf[style].QuotePrefix; q != nil && *q {
		t.Error("quote prefix on ordinary text")
	}
}

// LibreOffice Calc opens the workbook and recalculates the same totals.
func TestOpensInLibreOffice(t *testing.T) {
	soffice := testutil.Tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "t.xlsx")
	x := export(t, "project-training-2024.yaml", nil)
	if err := x.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	csvs, _ := filepath.Glob(filepath.Join(dir, "t*.csv"))
	var all string
	for _, c := range csvs {
		b, _ := os.ReadFile(c)
		all += string(b)
	}
	for _, want := range []string{"92.26", "90.00%", "培训人次", "评价等级：优"} {
		if !strings.Contains(all, want) {
			t.Errorf("LibreOffice's export lacks %q:\n%s", want, all)
		}
	}
}

// The department sheet jixiao writes reads back as the case it came from:
// six sub-goals (not a goal per indicator row), each with its indicators,
// targets and actual values, its weight and the same score.
func TestDepartmentSheetReadsBack(t *testing.T) {
	f, err := caseio.Load(filepath.Join("..", "..", "examples", "shijiazhuang-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := rulebook.Load("shijiazhuang-2024")
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsxio.Export(&buf, f.Evaluation, sc); err != nil {
		t.Fatal(err)
	}
	back, err := xlsxio.ReadCase("reference.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Goals) != len(f.Evaluation.Goals) {
		t.Fatalf("%d goals read back, want %d", len(back.Goals), len(f.Evaluation.Goals))
	}
	for i, g := range f.Evaluation.Goals {
		bg := back.Goals[i]
		if bg.Name != g.Name || bg.Weight.String() != g.Weight.String() || len(bg.Indicators) != len(g.Indicators) {
			t.Errorf("goal %d: %q %v, %d indicators; want %q %v, %d", i+1, bg.Name, bg.Weight, len(bg.Indicators), g.Name, g.Weight, len(g.Indicators))
			continue
		}
		for j, in := range g.Indicators {
			bi := bg.Indicators[j]
			if bi.Name != in.Name || bi.TargetText() != in.TargetText() || bi.ActualText() != in.ActualText() {
				t.Errorf("goal %d indicator %d: %q %q %q, want %q %q %q", i+1, j+1, bi.Name, bi.TargetText(), bi.ActualText(), in.Name, in.TargetText(), in.ActualText())
			}
		}
	}
	bsc, err := scoring.Score(back, rb)
	if err != nil {
		t.Fatal(err)
	}
	if !bsc.Displayed.Equal(sc.Displayed) || bsc.Grade != sc.Grade {
		t.Errorf("read back scores %v %s, want %v %s", bsc.Displayed, bsc.Grade, sc.Displayed, sc.Grade)
	}
}

// Every sheet of the workbook prints its column headings on each page,
// numbers its pages and fits A4's width: the project sheets, the summary
// and 评分明细 of a department with projects.
func TestPrintSetupEverySheet(t *testing.T) {
	x := export(t, "department-education-2024.yaml", nil)
	titles := map[string]string{xlsxio.SheetDepartment: "$10:$10", xlsxio.SheetSummary: "$3:$3", xlsxio.SheetScores: "$2:$2"}
	for _, sheet := range x.GetSheetList() {
		want, ok := titles[sheet]
		if !ok {
			// A project sheet: the row of the indicator grid's headings.
			rows, _ := x.GetRows(sheet)
			for i, r := range rows {
				if len(r) > 1 && r[0] == "绩效指标" && r[1] == "一级指标" {
					want = fmt.Sprintf("$%d:$%d", i+1, i+1)
				}
			}
		}
		if want == "" {
			t.Errorf("sheet %s: no column headings found", sheet)
			continue
		}
		printSetup(t, x, sheet, want)
	}
	if !slices.Contains(x.GetSheetList(), xlsxio.SheetSummary) || len(x.GetSheetList()) < 4 {
		t.Errorf("sheets %v", x.GetSheetList())
	}
}
