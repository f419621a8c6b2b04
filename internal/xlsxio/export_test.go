package xlsxio_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	names := x.GetDefinedName()
	found := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == sheet && n.RefersTo == "'"+sheet+"'!$1:$4" {
			found = true
		}
	}
	if !found {
		t.Errorf("print titles %+v", names)
	}
	layout, _ := x.GetPageLayout(sheet)
	if *layout.Size != 9 || *layout.FitToWidth != 1 {
		t.Errorf("page layout %+v", layout)
	}
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

func TestDepartmentTables(t *testing.T) {
	x := export(t, "shijiazhuang-2024.yaml", nil)
	s := xlsxio.SheetDepartment
	for c, want := range map[string]string{
		"A1": "部门整体支出绩效自评表", "B3": "石家庄市自然资源和规划局", "E3": "96.00", "G3": "优秀",
		"C5": "598,154.02", "D5": "250,319.84", "E5": "141,914.04", "F5": "56.69%",
		"C6": "24,482.41", "E6": "24,792.00", "F6": "97.24%",
		"B11": "1. 压茬推进国土空间规划编制工作，严格风貌管控，强化规划管理优化功能布局，进一步提升城市品质", "F11": "17", "G11": "17.00",
		"G15": "14.00", "A17": "合计", "F17": "100", "G17": "96.00",
	} {
		if got := value(t, x, s, c); got != want {
			t.Errorf("%s = %q, want %q", c, got, want)
		}
	}
	if f, _ := x.GetCellFormula(s, "E3"); f != "SUM(G11:G16)" {
		t.Errorf("total formula %q", f)
	}
	if !slices.Contains(merges(t, x, s), "A4:A7") {
		t.Errorf("merges %v", merges(t, x, s))
	}
	// The 合计 row is tall enough for its grade and bands, which wrap.
	if h, _ := x.GetRowHeight(s, 17); h < 40 {
		t.Errorf("合计 row %v pt high: its grade text is clipped in print", h)
	}
	if v := value(t, x, s, "H17"); !strings.HasPrefix(v, "评价等级：优秀（得分≥85分为优秀") {
		t.Errorf("H17 = %q", v)
	}
	rows, _ := x.GetRows(xlsxio.SheetScores)
	if len(rows) != 2+6+1 || rows[8][3] != "96.00" {
		t.Errorf("评分明细 %d rows, last %v", len(rows), rows[len(rows)-1])
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
