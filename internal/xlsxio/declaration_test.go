package xlsxio_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/xlsxio"
)

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func fig(t testing.TB, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// projectDeclaration is a project declaration with every field the table
// carries.
func projectDeclaration(t testing.TB) *jixiao.Declaration {
	return &jixiao.Declaration{Format: jixiao.DeclarationFormat, Kind: jixiao.DeclProject, Year: 2025, Unit: "石家庄市测绘院",
		Department: "石家庄市自然资源和规划局", Project: "基础测绘更新", ProjectCode: "130100-25-0012", Attribute: "延续项目",
		StartYear: 2024, EndYear: 2026,
		Versions: []jixiao.DeclVersion{{Number: 1, Kind: jixiao.VersionOriginal, State: jixiao.DeclDraft,
			OverallGoal: "完成市区数字地形图修补测。", MidTermGoal: "三年内完成全市基础测绘成果更新。", AmountUnit: "万元",
			LibraryAmount: dec("520.5"),
			Funds: []jixiao.IncomeLine{{Source: jixiao.SourceGeneralPublic, Amount: dec("500.25")},
				{Source: jixiao.SourceOther, Amount: dec("20.25")}},
			Indicators: []jixiao.DeclIndicator{
				{LibraryID: "CH-0001", Level1: "产出指标", Level2: "数量指标", Name: "地形图修补测面积", Op: jixiao.OpGE,
					Target: fig(t, "90"), Unit: "平方公里", Weight: dec("20"), Standard: "计划标准", Core: true, LastActual: fig(t, "85")},
				{Level1: "产出指标", Level2: "质量指标", Name: "成果合格率", Op: jixiao.OpEQ, Target: fig(t, "100%"), Weight: dec("20")},
				{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "使用单位满意度", Op: jixiao.OpGE, Target: fig(t, "90%"),
					Weight: dec("10"), Reason: "调查口径改变"},
			}}}}
}

func writeDecl(t *testing.T, d *jixiao.Declaration) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsxio.WriteDeclaration(&buf, d, d.Latest()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// same compares two declarations by their JSON form (figures by text).
func same(t *testing.T, got, want *jixiao.Declaration) {
	t.Helper()
	a, err := caseio.EncodeDeclaration("a.json", got)
	if err != nil {
		t.Fatal(err)
	}
	b, err := caseio.EncodeDeclaration("b.json", want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("read back:\n%s\nwant:\n%s", a, b)
	}
}

func TestDeclarationRoundTripProject(t *testing.T) {
	d := projectDeclaration(t)
	got, err := xlsxio.ReadDeclaration("申报表.xlsx", writeDecl(t, d))
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, d)
}

func TestDeclarationRoundTripDepartment(t *testing.T) {
	f, err := caseio.LoadDeclaration("../../examples/declarations/shijiazhuang-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := f.Declaration
	d.Versions = d.Versions[len(d.Versions)-1:]
	v := &d.Versions[0]
	v.Number, v.Kind, v.State, v.Changes, v.Reviews = 1, jixiao.VersionOriginal, jixiao.DeclDraft, nil, nil
	got, err := xlsxio.ReadDeclaration("部门申报表.xlsx", writeDecl(t, d))
	if err != nil {
		t.Fatal(err)
	}
	d.Format = jixiao.DeclarationFormat
	same(t, got, d)
	if len(got.Versions[0].Goals) != len(v.Goals) || len(got.Versions[0].Goals) == 0 {
		t.Fatalf("goals: %d, want %d", len(got.Versions[0].Goals), len(v.Goals))
	}
}

func TestDeclarationTemplateReadsAsEmpty(t *testing.T) {
	for _, k := range []jixiao.DeclKind{jixiao.DeclProject, jixiao.DeclDepartment} {
		var buf bytes.Buffer
		if err := xlsxio.DeclarationTemplate(&buf, k, 2026); err != nil {
			t.Fatal(err)
		}
		_, err := xlsxio.ReadDeclaration("模板.xlsx", buf.Bytes())
		// A blank template lacks the unit: the error names its cell.
		if err == nil || !strings.Contains(err.Error(), "工作表“绩效目标申报表”") || !strings.Contains(err.Error(), "申报单位") {
			t.Errorf("%s: blank template: %v", k, err)
		}
	}
}

// A copied layout: rows and columns added, the title merged over other
// cells, labels in other places and spellings, columns moved, 一级/二级
// merged down their indicators.
func TestDeclarationCopiedLayout(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	set := func(c string, v any) {
		if err := f.SetCellValue(sh, c, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("C3", "项目支出绩效目标申报表")
	merge("C3", "J4")
	set("C5", "（2025年度）")
	set("C7", "项目名称：")
	set("F7", "基础测绘更新")
	set("C8", "主管部门及代码")
	set("E8", "石家庄市自然资源和规划局")
	set("G8", "实施单位")
	set("I8", "石家庄市测绘院")
	set("C9", "项目期")
	set("E9", "2024年至2026年")
	set("C11", "资金来源")
	set("E11", "金额")
	set("C12", "其中：一般公共预算")
	set("E12", 300)
	set("C13", "合计")
	set("E13", 300)
	set("C15", "年度目标")
	set("E15", "完成修补测。")
	// The indicator table with its columns in another order.
	for col, h := range map[string]string{"C": "一级指标", "D": "二级指标", "E": "三级指标", "G": "年度指标值", "H": "权重", "J": "指标编码"} {
		set(col+"17", h)
	}
	set("C18", "产出指标")
	merge("C18", "C19")
	set("D18", "数量指标")
	set("E18", "地形图修补测面积")
	set("G18", "≥90平方公里")
	set("H18", 30)
	set("J18", "CH-0001")
	set("D19", "质量指标")
	set("E19", "成果合格率")
	set("G19", "100%")
	set("H19", 20)
	set("C21", "满意度指标")
	set("D21", "服务对象满意度指标")
	set("E21", "使用单位满意度")
	set("G21", "≥90%")
	set("H21", 10)
	set("C23", "注：本表按财预〔2015〕88号附件填列")
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := xlsxio.ReadDeclaration("复制的申报表.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != jixiao.DeclProject || d.Year != 2025 || d.Project != "基础测绘更新" || d.Unit != "石家庄市测绘院" ||
		d.Department != "石家庄市自然资源和规划局" || d.StartYear != 2024 || d.EndYear != 2026 {
		t.Errorf("heading fields: %+v", d)
	}
	v := d.Versions[0]
	if len(v.Funds) != 1 || v.Funds[0].Source != jixiao.SourceGeneralPublic || v.Funds[0].Amount.String() != "300" || v.OverallGoal != "完成修补测。" {
		t.Errorf("funds, goal: %+v %q", v.Funds, v.OverallGoal)
	}
	var names []string
	for _, in := range v.Indicators {
		names = append(names, in.Level1+"/"+in.Level2+"/"+in.Name+"/"+in.Target.Text+"/"+in.Weight.String()+"/"+in.LibraryID)
	}
	want := []string{"产出指标/数量指标/地形图修补测面积/≥90平方公里/30/CH-0001", "产出指标/质量指标/成果合格率/100%/20/",
		"满意度指标/服务对象满意度指标/使用单位满意度/≥90%/10/"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("indicators:\n%q\nwant\n%q", names, want)
	}
}

func TestDeclarationErrorsNameTheirCells(t *testing.T) {
	d := projectDeclaration(t)
	f, err := excelize.OpenReader(bytes.NewReader(writeDecl(t, d)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(xlsxio.DeclarationSheet)
	if err != nil {
		t.Fatal(err)
	}
	// Find the first indicator row and spoil its value and weight.
	r := 0
	for i, row := range rows {
		if len(row) > 2 && row[2] == "地形图修补测面积" {
			r = i + 1
		}
	}
	if r == 0 {
		t.Fatal("indicator row not found")
	}
	cellName := func(c int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	if err := f.SetCellValue(xlsxio.DeclarationSheet, cellName(7), "二十"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(xlsxio.DeclarationSheet, cellName(4), "大约"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	_, err = xlsxio.ReadDeclaration("申报表.xlsx", buf.Bytes())
	if err == nil {
		t.Fatal("spoilt table read")
	}
	for _, want := range []string{"“分值”列（" + cellName(7) + "）：“二十”不是金额", "“指标性质”列（" + cellName(4) + "）"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestDeclarationBounded(t *testing.T) {
	data := writeDecl(t, projectDeclaration(t))
	lim := xlsxio.DefaultLimits
	lim.FileSize = int64(len(data) - 1)
	if _, err := xlsxio.ReadDeclarationLimits("申报表.xlsx", data, lim); err == nil || !strings.Contains(err.Error(), "文件过大") {
		t.Errorf("file size: %v", err)
	}
	lim = xlsxio.DefaultLimits
	lim.Items = 2
	if _, err := xlsxio.ReadDeclarationLimits("申报表.xlsx", data, lim); err == nil || !strings.Contains(err.Error(), "指标超过 2 个") {
		t.Errorf("items: %v", err)
	}
	lim = xlsxio.DefaultLimits
	lim.Cells = 20
	if _, err := xlsxio.ReadDeclarationLimits("申报表.xlsx", data, lim); err == nil {
		t.Error("cells over the limit read")
	}
}

// A project with sub-goals keeps them: its table gains the 分项目标 column
// and the 年度主要任务 table.
func TestDeclarationRoundTripProjectGoals(t *testing.T) {
	d := projectDeclaration(t)
	v := &d.Versions[0]
	v.Goals = []jixiao.DeclGoal{{Name: "完成修补测", Weight: dec("40"), Target: "完成90平方公里修补测", Indicators: v.Indicators[:2]},
		{Name: "服务使用单位", Indicators: v.Indicators[2:]}}
	v.Indicators = nil
	got, err := xlsxio.ReadDeclaration("申报表.xlsx", writeDecl(t, d))
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, d)
}

// BenchmarkReadDeclaration reads a project declaration of 2,000 indicators.
func BenchmarkReadDeclaration(b *testing.B) {
	d := projectDeclaration(b)
	v := &d.Versions[0]
	base := v.Indicators
	for i := len(v.Indicators); i < 2000; i++ {
		in := base[i%len(base)]
		in.Name = fmt.Sprintf("%s%d", in.Name, i)
		in.LibraryID = ""
		v.Indicators = append(v.Indicators, in)
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteDeclaration(&buf, d, v); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		got, err := xlsxio.ReadDeclaration("申报表.xlsx", buf.Bytes())
		if err != nil || len(got.Versions[0].Indicators) != 2000 {
			b.Fatal(err)
		}
	}
}
