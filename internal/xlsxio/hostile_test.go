package xlsxio_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/synth"
	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

// Hostile workbooks: each is refused with its message, or read, within a
// bounded heap (sampled while reading; see heapPeak). The bounds are the
// ones docs/excel.md states.

const (
	// refusedHeap bounds the heap of refusing any file below.
	refusedHeap = 96 << 20
	// tableHeap bounds reading accepted standard tables.
	tableHeap = 160 << 20
	// caseHeap bounds reading accepted case workbooks.
	caseHeap = 400 << 20
)

// readWithin reads data and returns the error, failing the test when the
// heap in use while reading passes bound.
func readWithin(t *testing.T, name string, data []byte, lim xlsxio.Limits, bound uint64) (*jixiao.Evaluation, error) {
	t.Helper()
	var ev *jixiao.Evaluation
	var err error
	start := time.Now()
	used := testutil.PeakHeap(func() { ev, err = xlsxio.ReadCaseLimits(name, data, lim) })
	if used > bound {
		t.Errorf("%s: peak heap %d MiB, over %d MiB", name, used>>20, bound>>20)
	}
	// The time is logged for docs/excel.md, never asserted.
	t.Logf("%s (%d KiB): %v, peak heap %d MiB", name, len(data)>>10, time.Since(start).Round(time.Millisecond), used>>20)
	return ev, err
}

// refused checks the exact message of a refusal.
func refused(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want %q", want)
	}
	if jixiao.ErrorCode(err) != jixiao.EINVALID || err.Error() != want {
		t.Fatalf("got  %q\nwant %q", err.Error(), want)
	}
}

// inl is a cell of inline text.
func inl(s string) string { return `<c t="inlineStr"><is><t>` + s + `</t></is></c>` }

// projectHead is the head of a 项目支出绩效自评表, as inline strings.
func projectHead() string {
	rows := [][]string{{"项目支出绩效自评表"}, {"（2024年度）"}, {"项目名称", "乡村道路养护项目"}, {"主管部门", "某县交通运输局", "", "", "", "实施单位", "某县公路管理站"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"}}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("<row>")
		for _, c := range r {
			if c == "" {
				b.WriteString("<c/>")
			} else {
				b.WriteString(inl(c))
			}
		}
		b.WriteString("</row>")
	}
	return b.String()
}

// indicatorRow is one row of a project table's indicators: 10 cells.
var indicatorRow = "<row><c/>" + inl("产出指标") + inl("数量指标") + inl("养护里程") + inl("≧300公里") + inl("310公里") +
	"<c><v>20</v></c><c><v>20</v></c><c/>" + inl("无") + "</row>"

// projectTable is a 项目支出绩效自评表 with n indicator rows, then rows
// (rows, or a cell of a row of its own); after goes after sheetData
// (merges).
func projectTable(t *testing.T, n int, after string, rows ...string) []byte {
	head, tail := sheetXML(projectHead(), after)
	for _, r := range rows {
		if !strings.HasPrefix(r, "<row") {
			r = "<row>" + r + "</row>"
		}
		tail = r + tail
	}
	return xlsxOf(t, []bigSheet{{name: "自评表", head: head, row: indicatorRow, tail: tail, n: n}}, nil)
}

// caseWorkbook is a case workbook of one project whose indicator sheet
// holds n copies of row (its first indicator row when row is ""), in
// place of its own.
func caseWorkbook(t testing.TB, n int, row string) []byte {
	t.Helper()
	var file bytes.Buffer
	if err := xlsxio.WriteCase(&file, synth.New(2024, 10).ProjectEvaluation(0, 2024)); err != nil {
		t.Fatal(err)
	}
	names, parts := zipParts(t, file.Bytes())
	for _, k := range names {
		x := string(parts[k])
		if !strings.HasPrefix(k, "xl/worksheets/") || !strings.Contains(x, "@projects[].indicators[]") {
			continue
		}
		i := strings.Index(x, `<row r="4"`)
		j := i + strings.Index(x[i:], "</row>") + len("</row>")
		if row == "" {
			row = regexp.MustCompile(` r="[A-Z]*[0-9]+"`).ReplaceAllString(x[i:j], "")
		}
		return withPart(t, file.Bytes(), k, x[:i], row, x[strings.Index(x, "</sheetData>"):], n)
	}
	t.Fatal("no indicator sheet")
	return nil
}

// fullIndicator is an indicator row of a case workbook with 22 cells,
// every one filled in (2,000,000 cells in 90,910 rows).
var fullIndicator = "<row>" + inl("projects[0]") + inl("合成项目0") + "<c/>" + inl("产出指标") + inl("数量指标") + inl("养护里程") +
	inl("≥") + inl("300") + inl("公里") + inl("310") + "<c><v>1</v></c><c><v>1</v></c>" + inl("优") + "<c><v>0.0001</v></c><c><v>0.0001</v></c>" +
	inl("否") + inl("无") + inl("无偏差") + inl("保持") + inl("ratio") + "<c><v>0.6</v></c>" + inl("目标值") + "</row>"

// TestTwoMillionCells: the attacker's report, a workbook of 2,000,000
// cells (5 MB), took 67 s and 2.1 GB. Shaped as numbers on one sheet or
// ten, or as a 项目支出绩效自评表, it is refused at the table cell limit; as
// a case workbook (a project of 90,910 indicators, every cell filled) it
// is a case jixiao reads, within the case workbook heap bound; past the
// case workbook cell limit it is refused.
func TestTwoMillionCells(t *testing.T) {
	head, tail := sheetXML("", "")
	numbers := "<row>" + strings.Repeat("<c><v>7</v></c>", 20) + "</row>"
	var ten []bigSheet
	for i := range 10 {
		ten = append(ten, bigSheet{name: fmt.Sprintf("数据%d", i+1), head: head, row: numbers, tail: tail, n: 10_000})
	}
	tableMsg := "%s 超过 200000 个单元格的上限（自评表按各行的范围和合并单元格计）。自评表只有几十行，请删去无关的工作表和内容后再导入"
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"一张表.xlsx", xlsxOf(t, []bigSheet{{name: "数据", head: head, row: numbers, tail: tail, n: 100_000}}, nil)},
		{"十张表.xlsx", xlsxOf(t, ten, nil)},
		{"自评表.xlsx", projectTable(t, 200_000, "")},
	} {
		_, err := readWithin(t, c.name, c.data, xlsxio.DefaultLimits, refusedHeap)
		refused(t, err, fmt.Sprintf(tableMsg, c.name))
	}

	rows := 90_910
	if raceEnabled {
		rows /= 10 // the same reader, a tenth of the rows: -race is slow
	}
	ev, err := readWithin(t, "案例.xlsx", caseWorkbook(t, rows, fullIndicator), xlsxio.DefaultLimits, caseHeap)
	if err != nil {
		var ps jixiao.Problems
		if errors.As(err, &ps) && len(ps) > 3 {
			ps = ps[:3]
			err = ps
		}
		t.Fatal(err)
	}
	in := ev.Projects[0].Indicators
	if len(in) != rows || in[rows-1].Name != "养护里程" || in[rows-1].Target.Text != "300" || in[rows-1].Unit != "公里" || in[rows-1].Weight.String() != "0.0001" {
		t.Fatalf("%d indicators, the last %+v", len(in), in[len(in)-1])
	}
	// Rows twice as wide: past 3,500,000 cells at row 79,546.
	wide := strings.TrimSuffix(fullIndicator, "</row>") + strings.Repeat(inl("多余"), 22) + "</row>"
	lim, rows := xlsxio.DefaultLimits, 80_000
	if raceEnabled {
		lim.Cells, rows = lim.Cells/10, rows/10
	}
	_, err = readWithin(t, "过宽.xlsx", caseWorkbook(t, rows, wide), lim, caseHeap)
	refused(t, err, fmt.Sprintf("过宽.xlsx 超过 %d 个单元格的上限", lim.Cells))
}

// TestCaseWorkbookLimits: a case workbook of more list rows, more text,
// or wider rows than the limits allow is refused, with a bounded heap.
func TestCaseWorkbookLimits(t *testing.T) {
	tiny := "<row>" + inl("projects[0]") + "<c/><c/><c/><c/>" + inl("指标") + "</row>"
	_, err := readWithin(t, "多行.xlsx", caseWorkbook(t, 120_000, tiny), xlsxio.DefaultLimits, caseHeap)
	refused(t, err, "多行.xlsx 的列表（项目、指标等，每项一行）共超过 120000 行的上限")

	long := "<row>" + inl("projects[0]") + "<c/><c/><c/><c/>" + inl(strings.Repeat("长", 10000)) + "</row>" // 30,000 bytes
	_, err = readWithin(t, "长文.xlsx", caseWorkbook(t, 2300, long), xlsxio.DefaultLimits, caseHeap)
	refused(t, err, "长文.xlsx 的文字超过 64 MiB 的上限")

	// A cell far right in every row: 16,384 cells a row.
	far := "<row>" + inl("projects[0]") + "<c/><c/><c/><c/>" + inl("指标") + `<c r="XFD1" t="inlineStr"><is><t>远</t></is></c></row>`
	_, err = readWithin(t, "远列.xlsx", caseWorkbook(t, 1000, far), xlsxio.DefaultLimits, refusedHeap)
	refused(t, err, "远列.xlsx 超过 3500000 个单元格的上限")

	// A cell in Excel's last row.
	last := `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>末</t></is></c></row>`
	_, err = readWithin(t, "末行.xlsx", caseWorkbook(t, 1, last), xlsxio.DefaultLimits, refusedHeap)
	refused(t, err, "末行.xlsx：工作表“项目-绩效指标”超过 1000000 行的上限")

	// Every row names a parent that is not there: the problems listed
	// stop at 1000.
	orphan := "<row>" + inl("projects[9]") + "<c/><c/><c/><c/>" + inl("指标") + "</row>"
	_, err = readWithin(t, "孤行.xlsx", caseWorkbook(t, 100_000, orphan), xlsxio.DefaultLimits, refusedHeap)
	var ps jixiao.Problems
	if !errors.As(err, &ps) || len(ps) != 1001 || ps[1000].Message != "问题超过 1000 处，其余未列出；请先改正以上问题" ||
		ps[0].Path != "项目-绩效指标!A4" || !strings.HasPrefix(ps[0].Message, "“所属”应为 projects 中已有的一项") {
		t.Fatalf("%d problems: %v", len(ps), err)
	}
}

// sstBook is a sheet whose cell references the first of n shared
// strings items.
func sstBook(t *testing.T, items string, n int) []byte {
	head, tail := sheetXML(`<row><c t="s"><v>0</v></c></row>`, "")
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + nsMain + `">`
	if n == 1 { // an item longer than deflate's window
		sst, items, n = sst+items, "", 0
	}
	return xlsxOf(t, []bigSheet{{name: "表", head: head, tail: tail}}, nil, bigSheet{name: "xl/sharedStrings.xml", head: sst, row: items, tail: "</sst>", n: n})
}

// TestCraftedParts: shared strings too many or too long, a cell's text
// too long, too many merges, merges and cells far out, a sheet of junk,
// a DOCTYPE, a tag of 70 KB: each refused with its message (or read,
// for a huge dimension), the heap bounded.
func TestCraftedParts(t *testing.T) {
	lim := xlsxio.DefaultLimits
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"多串.xlsx", sstBook(t, "<si><t>串</t></si>", 1_000_001), "多串.xlsx：共享字符串超过 1000000 项的上限"},
		{"大串.xlsx", sstBook(t, "<si><t>"+strings.Repeat("串", 10000)+"</t></si>", 2300), "大串.xlsx：共享字符串共超过 64 MiB 的上限"},
		{"长串.xlsx", sstBook(t, "<si><r><t>"+strings.Repeat("串", 20000)+"</t></r><r><t>"+strings.Repeat("串", 20000)+"</t></r></si>", 1),
			"长串.xlsx：共享字符串第 1 项超过 32767 个字符的上限"},
		{"长格.xlsx", projectTable(t, 1, "", inl(strings.Repeat("长", 32768))), "长格.xlsx：单元格 自评表!A7 的文字超过 32767 个字符的上限"},
		{"多合并.xlsx", bigTable(t, `<mergeCells>`, `<mergeCell ref="A1:B1"/>`, `</mergeCells>`, 20_001), "多合并.xlsx：工作表“自评表”的合并单元格超过 20000 处的上限"},
		{"大合并.xlsx", projectTable(t, 10, `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`),
			"大合并.xlsx 超过 200000 个单元格的上限（自评表按各行的范围和合并单元格计）。自评表只有几十行，请删去无关的工作表和内容后再导入"},
		{"远行.xlsx", projectTable(t, 10, "", `<row r="300000"><c r="A300000"><v>1</v></c></row>`),
			"远行.xlsx 超过 200000 个单元格的上限（自评表按各行的范围和合并单元格计）。自评表只有几十行，请删去无关的工作表和内容后再导入"},
		{"末格.xlsx", projectTable(t, 10, "", `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`), "末格.xlsx：工作表“自评表”超过 1000000 行的上限"},
		{"实体.xlsx", xlsxOf(t, []bigSheet{{name: "自评表", head: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="` + nsMain + `"><sheetData>`, tail: `</sheetData></worksheet>`}}, nil),
			"实体.xlsx：工作表“自评表”已损坏或格式不正确（XML 格式不正确）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"},
		{"长标签.xlsx", projectTable(t, 1, "", `<row><c r="A8" x="`+strings.Repeat("x", 70_000)+`"><v>1</v></c></row>`),
			"长标签.xlsx：工作表“自评表”已损坏或格式不正确（XML 格式不正确）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"},
	}
	for _, c := range cases {
		_, err := readWithin(t, c.name, c.data, lim, refusedHeap)
		refused(t, err, c.want)
	}

	// Two sheets of 250 MiB of attributes nobody reads: read through
	// (twice: the first rows, then the sheet) within the time budget.
	junk := `<x a="1" b="2" c="3" d="4" e="5" f="6" g="7"/>`
	n := 250 << 20 / len(junk)
	if raceEnabled {
		n /= 10
	}
	head, tail := sheetXML("", "")
	data := xlsxOf(t, []bigSheet{{name: "甲", head: head, row: junk, tail: tail, n: n}, {name: "乙", head: head, row: junk, tail: tail, n: n}}, nil)
	_, err := readWithin(t, "杂乱.xlsx", data, lim, refusedHeap)
	refused(t, err, "杂乱.xlsx：没有找到可识别的自评表。jixiao 按表头识别项目支出绩效自评表（含“项目名称”和“一级指标/二级指标/三级指标”表头）"+
		"和部门整体支出绩效自评表（含“主管部门”和预算执行、绩效目标或绩效指标表头）；可以下载 jixiao 的空白模板填写")

	// A time budget of 50 ms stops it.
	lim.Time = 50 * time.Millisecond
	_, err = readWithin(t, "慢.xlsx", data, lim, refusedHeap)
	refused(t, err, "慢.xlsx：读取超过 0.05 秒仍未完成，已停止。工作簿过大或结构异常；请删去无关的工作表和内容，或用 Excel、WPS 另存后再导入")

	// A dimension of the whole sheet changes nothing.
	head, tail = sheetXML(projectHead(), "")
	head = strings.Replace(head, "<sheetData>", `<dimension ref="A1:XFD1048576"/><sheetData>`, 1)
	ev, err := readWithin(t, "维度.xlsx", xlsxOf(t, []bigSheet{{name: "自评表", head: head, row: indicatorRow, tail: tail, n: 3}}, nil), xlsxio.DefaultLimits, refusedHeap)
	if err != nil || len(ev.Projects) != 1 || len(ev.Projects[0].Indicators) != 3 || ev.Projects[0].Indicators[2].Name != "养护里程" {
		t.Fatalf("%v %+v", err, ev)
	}
}

// bigTable is a project table followed (after sheetData) by head, row n
// times, and tail.
func bigTable(t *testing.T, head, row, tail string, n int) []byte {
	h, _ := sheetXML(projectHead()+strings.Repeat(indicatorRow, 3), "")
	return xlsxOf(t, []bigSheet{{name: "自评表", head: h + "</sheetData>" + head, row: row, tail: tail + "</worksheet>", n: n}}, nil)
}

// TestLargestTable: a 项目支出绩效自评表 just under the table cell limit
// (19,400 indicators, 194,000 cells) is read, within the table heap
// bound.
func TestLargestTable(t *testing.T) {
	n := 19_400
	if raceEnabled {
		n /= 10
	}
	ev, err := readWithin(t, "大表.xlsx", projectTable(t, n, ""), xlsxio.DefaultLimits, tableHeap)
	if err != nil {
		t.Fatal(err)
	}
	in := ev.Projects[0].Indicators
	if len(in) != n || in[n-1].Name != "养护里程" || in[n-1].Target.Text != "≧300公里" || in[n-1].Weight.String() != "20" || in[n-1].Actual.Text != "310公里" {
		t.Fatalf("%d indicators, the last %+v", len(in), in[len(in)-1])
	}
}

// directoryOnly is a zip archive of n entries that are only in its
// central directory (what zip.NewReader reads whole), with a zip64 end
// record.
func directoryOnly(n int) []byte {
	var b []byte
	le16 := func(v int) { b = binary.LittleEndian.AppendUint16(b, uint16(v)) }
	le32 := func(v int) { b = binary.LittleEndian.AppendUint32(b, uint32(v)) }
	le64 := func(v int) { b = binary.LittleEndian.AppendUint64(b, uint64(v)) }
	for range n {
		b = append(b, "PK\x01\x02"...)
		le16(20)
		le16(20)
		for range 4 {
			le16(0)
		}
		for range 3 {
			le32(0)
		}
		le16(1) // name length
		le16(0)
		le16(0)
		le16(0)
		le16(0)
		le32(0)
		le32(0)
		b = append(b, 'a')
	}
	size, zip64 := len(b), len(b)
	b = append(b, "PK\x06\x06"...)
	le64(44)
	le16(45)
	le16(45)
	le32(0)
	le32(0)
	le64(n)
	le64(n)
	le64(size)
	le64(0)
	b = append(b, "PK\x06\x07"...)
	le32(0)
	le64(zip64)
	le32(1)
	b = append(b, "PK\x05\x06"...)
	le16(0)
	le16(0)
	le16(0xFFFF)
	le16(0xFFFF)
	le32(0xFFFFFFFF)
	le32(0xFFFFFFFF)
	le16(0)
	return b
}

// TestZipDirectory: a 21 MB archive of 440,000 entries (only a central
// directory) is refused by the count its end record declares, before the
// directory is read (it would take some 200 MB).
func TestZipDirectory(t *testing.T) {
	data := directoryOnly(440_000)
	_, err := readWithin(t, "目录.xlsx", data, xlsxio.DefaultLimits, 16<<20)
	refused(t, err, "目录.xlsx 包含 440000 个部件，超过上限 2000，不像是正常的工作簿")
}
