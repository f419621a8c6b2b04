package xlsxio_test

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/xlsxio"
)

// rosterBook writes a roster workbook: a title row, headers in row 2
// (amount in 元, so converted to 万元), then rows.
func rosterBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"2024年度项目支出绩效自评名单"}, {"序号", "单位名称", "项目名称", "项目金额（元）", "自评得分", "自评等级"}}, rows...)
	for i, row := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadRoster(t *testing.T) {
	data := rosterBook(t, [][]any{
		{1, "市教育局", "校舍维修", 5000000, 91.5, "优"},
		{2, "市教育局", "教师培训", "1,234,500", "84", "良"},
		{},
		{3, "市卫健委", "疫苗冷链", 800000, 72, "中"},
	})
	r, err := xlsxio.ReadRoster("名单.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Submissions {
		got = append(got, strings.Join([]string{s.Unit, s.Project, s.Amount.String(), s.Score.String(), s.Grade}, "|"))
	}
	want := []string{"市教育局|校舍维修|500|91.5|优", "市教育局|教师培训|123.45|84|良", "市卫健委|疫苗冷链|80|72|中"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("roster %v", got)
	}
}

func TestReadRosterRefuses(t *testing.T) {
	_, err := xlsxio.ReadRoster("名单.xlsx", rosterBook(t, [][]any{
		{1, "市教育局", "校舍维修", "五百万", 91.5, "优"},
		{2, "", "教师培训", 1, "八十", ""},
	}))
	for _, want := range []string{"名单.xlsx Sheet1!D3：金额“五百万”不是数字", "名单.xlsx Sheet1!E4：自评得分“八十”不是数字", "名单.xlsx Sheet1!B4：单位不能为空", "名单.xlsx Sheet1!F4：自评等级不能为空"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "单位")
	var buf bytes.Buffer
	f.Write(&buf)
	if _, err := xlsxio.ReadRoster("空.xlsx", buf.Bytes()); err == nil || !strings.Contains(err.Error(), "没有同时写有单位、项目、金额、自评得分、自评等级的表头行") {
		t.Errorf("no header: %v", err)
	}
	if _, err := xlsxio.ReadRoster("坏.xlsx", []byte("not a zip")); err == nil || !strings.Contains(err.Error(), "不是有效的 .xlsx 工作簿") {
		t.Errorf("not xlsx: %v", err)
	}
}

func TestWriteApplication(t *testing.T) {
	rules := &jixiao.ApplicationRules{Name: "r", Title: "测试规则", Version: "1", Source: "中发〔2018〕34号", Rules: []jixiao.ApplicationRule{
		{Grade: "优", Action: "优先保障"}, {Grade: "中", Action: "压缩", Change: jixiao.Dec("-0.1")}, {Grade: "差", Action: "取消", Change: jixiao.Dec("-1")},
	}}
	score, self := jixiao.Dec("72.5"), jixiao.Dec("86")
	decided := jixiao.Dec("150")
	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{
		{Unit: "市教育局", Project: "校舍维修", Grade: "优", Amount: jixiao.Dec("500")},
		{Unit: "市教育局", Project: "=教师培训", Score: &score, Grade: "中", SelfScore: &self, SelfGrade: "良", Amount: jixiao.Dec("200.005"), DecidedAction: "压缩", DecidedAmount: &decided, Note: "会议决定",
			Reallocations: []jixiao.Reallocation{{To: "学生资助", Amount: jixiao.Dec("30")}, {To: "校舍维修", Amount: jixiao.Dec("10.004")}}},
		{Unit: "市卫健委", Project: "疫苗冷链", Grade: "差", Amount: jixiao.Dec("80")},
	}}
	a, err := jixiao.Apply(res, rules, 2)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteApplication(&buf, a); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsxio.SheetApplication)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "2024年度绩效评价结果应用表" || !reflect.DeepEqual(rows[2], xlsxio.ApplicationHeaders) {
		t.Fatalf("title %q, headers %v", rows[0][0], rows[2])
	}
	want := [][]string{
		{"1", "市教育局", "校舍维修", "—", "优", "—", "—", "500.00", "优先保障", "500.00", "等级为优：优先保障，金额不变 500.00", "未决定", "—", "0.00", "500.00", "0.00", "0.00", "", ""},
		{"2", "市教育局", "=教师培训", "72.50", "中", "86.00", "良", "200.01", "压缩", "180.01", "等级为中：压缩 10%，200.01 × (1 − 10%) = 180.01", "压缩", "150.00", "-50.01",
			"150.00", "40.00", "10.01", "学生资助 30.00；校舍维修 10.00", "会议决定"},
		{"3", "市卫健委", "疫苗冷链", "—", "差", "—", "—", "80.00", "取消", "0.00", "等级为差：取消，金额 80.00 调减为 0", "未决定", "—", "-80.00", "0.00", "0.00", "80.00", "", ""},
	}
	for i, w := range want {
		got := append(rows[3+i], make([]string, len(w))...)[:len(w)]
		if !reflect.DeepEqual(got, w) {
			t.Errorf("row %d\n got %q\nwant %q", 4+i, got, w)
		}
	}
	// Totals: a SUM formula with its cached value.
	total := rows[6]
	// 780.01 requested = 650.00 kept + 40.00 reallocated + 90.01 withdrawn.
	if total[0] != "合计" || total[7] != "780.01" || total[9] != "680.01" || total[13] != "-130.01" || total[14] != "650.00" || total[15] != "40.00" || total[16] != "90.01" {
		t.Errorf("totals %q", total)
	}
	for cellRef, want := range map[string]string{"H7": "SUM(H4:H6)", "O7": "SUM(O4:O6)", "P7": "SUM(P4:P6)", "Q7": "SUM(Q4:Q6)"} {
		if fm, _ := f.GetCellFormula(xlsxio.SheetApplication, cellRef); fm != want {
			t.Errorf("total formula %s: %q", cellRef, fm)
		}
	}
	if !strings.Contains(rows[7][0], "财政局已决定 1 个") || !strings.Contains(rows[7][0], "拟安排 780.01 = 保留 650.00 + 调剂 40.00 + 收回 90.01") ||
		!strings.Contains(rows[9][0], "自评得分和自评等级另列") || !strings.Contains(rows[10][0], "中发〔2018〕34号") {
		t.Errorf("notes %q / %q / %q", rows[7][0], rows[9][0], rows[10][0])
	}
	// The text starting with "=" stays text, not a formula.
	if fm, _ := f.GetCellFormula(xlsxio.SheetApplication, "C5"); fm != "" {
		t.Errorf("project name became formula %q", fm)
	}
}

// TestWriteApplicationReceipts: with moves linked to next-year declared
// projects, the workbook has a second sheet listing each project's
// request, what it receives from where and the arranged amount (a
// formula), with SUM totals; without them, no such sheet.
func TestWriteApplicationReceipts(t *testing.T) {
	rules := &jixiao.ApplicationRules{Name: "r", Title: "测试规则", Version: "1", Source: "s", Rules: []jixiao.ApplicationRule{{Grade: "中", Action: "压缩", Change: jixiao.Dec("-0.1")}}}
	decided := jixiao.Dec("100")
	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{
		{Unit: "市教育局", Project: "教师培训", Grade: "中", Amount: jixiao.Dec("200"), DecidedAction: "调剂", DecidedAmount: &decided,
			Reallocations: []jixiao.Reallocation{{To: "市卫健委／基层卫生", DeclarationID: 3, Amount: jixiao.Dec("60")}, {To: "应急储备", Amount: jixiao.Dec("15")}}},
	}}
	a, err := jixiao.Apply(res, rules, 2)
	if err != nil {
		t.Fatal(err)
	}
	read := func() *excelize.File {
		var buf bytes.Buffer
		if err := xlsxio.WriteApplication(&buf, a); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := read(); slices.Contains(f.GetSheetList(), xlsxio.SheetReceipts) {
		t.Errorf("a receipts sheet before the links are resolved: %v", f.GetSheetList())
	}
	if err := a.Receive([]jixiao.DeclaredTarget{{DeclarationID: 3, Unit: "市卫健委", Project: "基层卫生", Requested: jixiao.Dec("40.5")}}); err != nil {
		t.Fatal(err)
	}
	f := read()
	defer f.Close()
	rows, err := f.GetRows(xlsxio.SheetReceipts)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "2024年度结果应用调入2025年度已申报项目的资金" || !reflect.DeepEqual(rows[2], xlsxio.ReceiptHeaders) {
		t.Fatalf("title %q, headers %v", rows[0][0], rows[2])
	}
	if want := []string{"1", "市卫健委", "基层卫生", "40.50", "60.00", "市教育局／教师培训 60.00", "100.50"}; !reflect.DeepEqual(rows[3], want) {
		t.Errorf("row\n got %q\nwant %q", rows[3], want)
	}
	if total := rows[4]; total[0] != "合计" || total[3] != "40.50" || total[4] != "60.00" || total[6] != "100.50" {
		t.Errorf("totals %q", total)
	}
	for cellRef, want := range map[string]string{"G4": "D4+E4", "D5": "SUM(D4:D4)", "E5": "SUM(E4:E4)", "G5": "SUM(G4:G4)"} {
		if fm, _ := f.GetCellFormula(xlsxio.SheetReceipts, cellRef); fm != want {
			t.Errorf("formula %s: %q, want %q", cellRef, fm, want)
		}
	}
	if !strings.Contains(rows[6][0], "调剂 75.00 = 调入下一年度已申报项目 60.00 + 调剂到其他用途 15.00") {
		t.Errorf("note %q", rows[6][0])
	}
	main, _ := f.GetRows(xlsxio.SheetApplication)
	if got := main[3][17]; got != "市卫健委／基层卫生 60.00；应急储备 15.00" {
		t.Errorf("destinations %q", got)
	}
}

// BenchmarkWriteApplication writes a results-application table of 10,000
// projects (a province's departments in a year).
func BenchmarkWriteApplication(b *testing.B) {
	rules := &jixiao.ApplicationRules{Name: "r", Version: "1", Source: "s", Rules: []jixiao.ApplicationRule{
		{Grade: "优", Action: "优先保障"}, {Grade: "良", Action: "保障"}, {Grade: "中", Action: "压缩", Change: jixiao.Dec("-0.1")}, {Grade: "差", Action: "取消", Change: jixiao.Dec("-1")},
	}}
	res := &jixiao.Results{Year: 2024}
	for i := range 10_000 {
		res.Projects = append(res.Projects, jixiao.AppliedProject{Unit: fmt.Sprintf("单位%03d", i/12), Project: fmt.Sprintf("项目%05d", i),
			Grade: []string{"优", "良", "中", "差"}[i%4], Amount: jixiao.Dec("123.45")})
	}
	a, err := jixiao.Apply(res, rules, 2)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := xlsxio.WriteApplication(&buf, a); err != nil {
			b.Fatal(err)
		}
	}
}
