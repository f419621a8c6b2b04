package xlsxio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeGrid reads every sheet of a workbook with excelize, as jixiao
// did before it had its own reader: raw values and the values as shown,
// trailing empty cells dropped.
func excelizeGrid(t *testing.T, data []byte) map[string][2][][]string {
	t.Helper()
	g, err := readExcelize(data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func readExcelize(data []byte) (map[string][2][][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][2][][]string{}
	for _, sh := range f.GetSheetList() {
		var g [2][][]string
		for i, raw := range []bool{true, false} {
			rows, err := f.Rows(sh)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				cols, err := rows.Columns(excelize.Options{RawCellValue: raw})
				if err != nil {
					return nil, err
				}
				for len(cols) > 0 && cols[len(cols)-1] == "" {
					cols = cols[:len(cols)-1]
				}
				g[i] = append(g[i], cols)
			}
			if err := rows.Close(); err != nil {
				return nil, err
			}
			for len(g[i]) > 0 && len(g[i][len(g[i])-1]) == 0 {
				g[i] = g[i][:len(g[i])-1]
			}
		}
		out[sh] = g
	}
	return out, nil
}

// ownGrid reads every sheet with jixiao's reader, without merging.
func ownGrid(t *testing.T, data []byte) map[string][2][][]string {
	t.Helper()
	g, err := readOwn(data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func readOwn(data []byte) (map[string][2][][]string, error) {
	b, err := open("t.xlsx", data, DefaultLimits)
	if err != nil {
		return nil, err
	}
	fm, err := newFormatter(b)
	if err != nil {
		return nil, err
	}
	defer fm.close()
	out := map[string][2][][]string{}
	for _, sh := range b.sheets {
		var g [2][][]string
		_, err := b.readSheet(sh, sheetOpts{}, func(r int, cells []xcell) error {
			for i := range g {
				for len(g[i]) < r {
					g[i] = append(g[i], nil)
				}
				row := make([]string, cells[len(cells)-1].col+1)
				for _, c := range cells {
					if i == 0 {
						row[c.col] = c.v
					} else {
						row[c.col] = fm.shown(&c)
					}
				}
				for len(row) > 0 && row[len(row)-1] == "" {
					row = row[:len(row)-1]
				}
				g[i] = append(g[i], row)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for i := range g {
			for len(g[i]) > 0 && len(g[i][len(g[i])-1]) == 0 {
				g[i] = g[i][:len(g[i])-1]
			}
		}
		out[sh.name] = g
	}
	return out, nil
}

// sameGrids reports the first difference between two readings.
func sameGrids(t *testing.T, want, got map[string][2][][]string) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("sheets: excelize %d, own %d", len(want), len(got))
	}
	for sh, w := range want {
		g, ok := got[sh]
		if !ok {
			t.Fatalf("sheet %q not read", sh)
		}
		for i, kind := range []string{"raw", "shown"} {
			if len(w[i]) != len(g[i]) {
				t.Errorf("%s %s: %d rows, want %d", sh, kind, len(g[i]), len(w[i]))
				continue
			}
			for r := range w[i] {
				if strings.Join(w[i][r], "\t") != strings.Join(g[i][r], "\t") {
					t.Errorf("%s %s row %d:\n got %q\nwant %q", sh, kind, r+1, g[i][r], w[i][r])
				}
			}
		}
	}
}

// TestReaderAgreesWithExcelize: jixiao's streaming reader reads what
// excelize reads, raw and as shown, from workbooks excelize writes with
// numbers in many formats, shared and rich strings, booleans, formulas
// with cached values, escapes and gaps.
func TestReaderAgreesWithExcelize(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	code := func(s string) *string { return &s }
	var styles []int
	for _, st := range []excelize.Style{
		{NumFmt: 9}, {NumFmt: 10}, {NumFmt: 4}, {NumFmt: 2}, {NumFmt: 3}, {NumFmt: 14}, {NumFmt: 22}, {NumFmt: 49}, {NumFmt: 11},
		{CustomNumFmt: code("0.0%")}, {CustomNumFmt: code(`0"元"`)}, {CustomNumFmt: code("#,##0.000")}, {CustomNumFmt: code(`"说明："@`)},
		{CustomNumFmt: code("yyyy年m月d日")}, {Font: &excelize.Font{Bold: true}}, {Border: []excelize.Border{{Type: "left", Style: 1}}},
	} {
		id, err := f.NewStyle(&st)
		if err != nil {
			t.Fatal(err)
		}
		styles = append(styles, id)
	}
	values := []any{0.9004, 1, 1234567.891, -0.5, 45292, 0.30000000000000004, 1e-20, 12345678901234567890.0, "95%", "文字", "a&b<c>\"d'",
		"多行\n文字", "_x000D_转义", true, false, "  空格  ", "1,200.00", "＞＝80%"}
	row := 1
	for _, v := range values {
		for c, s := range append([]int{0}, styles...) {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			f.SetCellValue("Sheet1", cell, v)
			f.SetCellStyle("Sheet1", cell, cell, s)
		}
		row++
	}
	f.SetCellFormula("Sheet1", "A40", "SUM(A1:A3)")
	f.SetCellRichText("Sheet1", "B40", []excelize.RichTextRun{{Text: "粗"}, {Text: "体", Font: &excelize.Font{Bold: true}}})
	f.SetCellValue("Sheet1", "Z60", "远处")
	f.NewSheet("第二页")
	f.SetCellValue("第二页", "C3", 3.14159)
	f.MergeCell("第二页", "A1", "B2")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sameGrids(t, excelizeGrid(t, buf.Bytes()), ownGrid(t, buf.Bytes()))
}

// sheetZip is a workbook of one sheet whose part is sheet, with shared
// strings sst.
func sheetZip(sheet, sst string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sst + `</sst>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheet + `</sheetData></worksheet>`},
	} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	zw.Close()
	return buf.Bytes()
}

// wellFormed tells whether encoding/xml reads s to its end.
func wellFormed(s string) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// FuzzReaderAgreesWithExcelize reads crafted sheet data with both
// readers: on well-formed XML that both accept, the values are the same.
func FuzzReaderAgreesWithExcelize(f *testing.F) {
	f.Add(`<row r="2"><c r="B2" t="s"><v>0</v></c><c t="inlineStr"><is><r><t>富</t></r><rPh><t>fu</t></rPh><r><t>文本</t></r></is></c></row>`, `<si><t>甲&amp;乙</t></si>`)
	f.Add(`<row><c><v>1.5</v></c><c s="0" t="b"><v>1</v></c><c t="str"><f>A1</f><v>x</v></c></row><row r="5"><c r="D5"><v>  7 </v></c></row>`, `<si><r><t xml:space="preserve"> a </t></r></si>`)
	f.Add(`<x:row xmlns:x="urn:x"><x:c x:t="s"><x:v>0</x:v></x:c></x:row><row><c t="e"><v>#DIV/0!</v></c><c t="inlineStr"><is><t><![CDATA[<&>]]></t></is></c></row>`, `<si><t>_x0041_&#x4E2D;</t></si>`)
	f.Add(`<row r="3"><c r="C3"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>9</v></c></row><!-- c --><?pi x?>`, ``)
	f.Fuzz(func(t *testing.T, sheet, sst string) {
		data := sheetZip(sheet, sst)
		if !wellFormed(`<a>`+sheet+`</a>`) || !wellFormed(`<a>`+sst+`</a>`) {
			return
		}
		want, err := readExcelize(data)
		if err != nil {
			return
		}
		got, err := readOwn(data)
		if err != nil {
			return // stricter than excelize, which stops silently at damage
		}
		for sh, w := range want {
			for i := range w {
				if fmt.Sprintf("%q", w[i]) != fmt.Sprintf("%q", got[sh][i]) {
					t.Fatalf("values differ (%d):\n got %q\nwant %q", i, got[sh][i], w[i])
				}
			}
		}
	})
}
