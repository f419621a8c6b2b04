// Package xlsxio writes the standard self-evaluation tables as XLSX
// workbooks (excelize): 项目支出绩效自评表 (one sheet per project),
// 部门整体支出绩效自评表, 绩效自评结果汇总表 and 评分明细, with merged
// headers, number formats, formulas with their cached values, frozen
// header rows and print setup.
//
// Every sheet is written with excelize's StreamWriter, which is the only
// excelize API that stores a formula together with a numeric cached value,
// and which keeps memory flat for a 100,000-project summary.
package xlsxio

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// styles are the cell styles of a workbook, created once.
type styles struct {
	title, subtitle, label, header, text, textCenter, quoted int
	money, percent, score, weight, bold, boldScore           int
	// textFmt is a text cell formatted as text ("@"), so that what a user
	// types stays as typed ("95%" is not turned into 0.95); key is the grey
	// row of field names in a case workbook; note is a left-aligned note.
	textFmt, key, note, number int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	align := func(h string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}
	}
	fmtp := func(s string) *string { return &s }
	defs := []struct {
		dst *int
		s   excelize.Style
	}{}
	s := &styles{}
	add := func(dst *int, st excelize.Style) {
		defs = append(defs, struct {
			dst *int
			s   excelize.Style
		}{dst, st})
	}
	add(&s.title, excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 16}, Alignment: align("center")})
	add(&s.subtitle, excelize.Style{Font: font(11, false), Alignment: align("center")})
	add(&s.label, excelize.Style{Font: font(10.5, true), Alignment: align("center"), Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	add(&s.header, excelize.Style{Font: font(10.5, true), Alignment: align("center"), Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	add(&s.text, excelize.Style{Font: font(10.5, false), Alignment: align("left"), Border: border})
	add(&s.textCenter, excelize.Style{Font: font(10.5, false), Alignment: align("center"), Border: border})
	// The same as text, made distinct by an explicit protection so that
	// excelize does not merge it with text; quotePrefix is set on it below.
	add(&s.quoted, excelize.Style{Font: font(10.5, false), Alignment: align("left"), Border: border, Protection: &excelize.Protection{Locked: true}})
	add(&s.money, excelize.Style{Font: font(10.5, false), Alignment: align("right"), Border: border, CustomNumFmt: fmtp("#,##0.00")})
	add(&s.percent, excelize.Style{Font: font(10.5, false), Alignment: align("right"), Border: border, CustomNumFmt: fmtp("0.00%")})
	add(&s.score, excelize.Style{Font: font(10.5, false), Alignment: align("right"), Border: border, CustomNumFmt: fmtp("0.00")})
	// General shows 10 as "10" and 2.5 as "2.5" ("0.##" showed "10.").
	add(&s.weight, excelize.Style{Font: font(10.5, false), Alignment: align("right"), Border: border, NumFmt: 0})
	add(&s.bold, excelize.Style{Font: font(10.5, true), Alignment: align("center"), Border: border})
	add(&s.boldScore, excelize.Style{Font: font(10.5, true), Alignment: align("right"), Border: border, CustomNumFmt: fmtp("0.00")})
	textFormat := 49
	add(&s.textFmt, excelize.Style{Font: font(10.5, false), Alignment: align("left"), Border: border, NumFmt: textFormat})
	add(&s.key, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 8, Color: "808080"}, Alignment: align("left"), Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	add(&s.note, excelize.Style{Font: font(10.5, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	add(&s.number, excelize.Style{Font: font(10.5, false), Alignment: align("right"), Border: border})
	for _, d := range defs {
		id, err := f.NewStyle(&d.s)
		if err != nil {
			return nil, fmt.Errorf("xlsx style: %w", err)
		}
		*d.dst = id
	}
	// quotePrefix: a text cell starting with = + - @ stays text even when a
	// user edits it (Excel's leading apostrophe). The Style API has no
	// field for it; the cell format record does.
	t := true
	f.Styles.CellXfs.Xf[s.quoted].QuotePrefix = &t
	return s, nil
}

// pageFooter is every printed page's footer, centred: "第 1 页，共 3 页".
const pageFooter = "&C第 &P 页，共 &N 页"

// sheet writes one worksheet row by row.
type sheet struct {
	f    *excelize.File
	name string
	sw   *excelize.StreamWriter
	st   *styles
	row  int // the last row written
	// index is the sheet's place in the workbook (0: first).
	index int
}

func newSheet(f *excelize.File, st *styles, name string, widths []float64, landscape bool) (*sheet, error) {
	// The first sheet of a new file takes the place of its "Sheet1":
	// deleting that at the end would read every sheet written again.
	index := 0
	if f.SheetCount == 1 && name != "Sheet1" && f.GetSheetName(0) == "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
		}
	} else {
		idx, err := f.NewSheet(name) // the index of name if it exists
		if err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
		}
		index = idx
	}
	// Page setup goes in before the stream writer, which keeps it.
	a4, orient, one, zero := 9, "portrait", 1, 0
	if landscape {
		orient = "landscape"
	}
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return nil, err
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return nil, err
	}
	m := func(v float64) *float64 { return &v }
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Top: m(0.75), Bottom: m(0.75), Left: m(0.6), Right: m(0.6), Header: m(0.3), Footer: m(0.3)}); err != nil {
		return nil, err
	}
	// Page numbers in the footer: 第 1 页，共 3 页.
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: pageFooter}); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	return &sheet{f: f, name: name, sw: sw, st: st, index: index}, nil
}

// freeze keeps the first rows on screen. The stream writer needs it before
// the first row.
func (s *sheet) freeze(rows int) error {
	return s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: fmt.Sprintf("A%d", rows+1), ActivePane: "bottomLeft"})
}

// printTitles repeats rows first..last on every printed page: a table's
// column headings, not the title above it.
//
// excelize's SetDefinedName compares a new name with every name already
// set and lists every sheet for each comparison: cubic in the number of
// sheets (a department of 2,500 projects took minutes). Each sheet sets its
// print titles once, so only the first name goes through it; the others
// are appended to the workbook's list as a copy of it, cleared and filled.
func (s *sheet) printTitles(first, last int) error {
	refers := fmt.Sprintf("'%s'!$%d:$%d", s.name, first, last)
	wb := s.f.WorkBook
	if wb == nil || wb.DefinedNames == nil || len(wb.DefinedNames.DefinedName) == 0 {
		return s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: refers, Scope: s.name})
	}
	names := append(wb.DefinedNames.DefinedName, wb.DefinedNames.DefinedName[0])
	clear(names[len(names)-1:])
	d := &names[len(names)-1]
	index := s.index
	d.Name, d.Data, d.LocalSheetID = "_xlnm.Print_Titles", refers, &index
	wb.DefinedNames.DefinedName = names
	return nil
}

// put writes the next row; nil cells are left empty.
func (s *sheet) put(cells ...any) error {
	s.row++
	return s.sw.SetRow(fmt.Sprintf("A%d", s.row), cells, excelize.RowOpts{Height: 0})
}

// putH writes the next row with a height in points.
func (s *sheet) putH(height float64, cells ...any) error {
	s.row++
	return s.sw.SetRow(fmt.Sprintf("A%d", s.row), cells, excelize.RowOpts{Height: height})
}

// merge merges columns c1..c2 (1-based) of rows r1..r2.
func (s *sheet) merge(c1, r1, c2, r2 int) error {
	a, _ := excelize.CoordinatesToCellName(c1, r1)
	b, _ := excelize.CoordinatesToCellName(c2, r2)
	return s.sw.MergeCell(a, b)
}

func (s *sheet) flush() error { return s.sw.Flush() }

// cell builds a styled cell value.
func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

// text is a text cell; text that a spreadsheet would read as a formula gets
// the quote-prefixed style.
func (s *sheet) text(v string) excelize.Cell {
	if strings.HasPrefix(v, "=") || strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-") || strings.HasPrefix(v, "@") {
		return cell(s.st.quoted, v)
	}
	return cell(s.st.text, v)
}

func (s *sheet) center(v string) excelize.Cell {
	if strings.HasPrefix(v, "=") || strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-") || strings.HasPrefix(v, "@") {
		return cell(s.st.quoted, v)
	}
	return cell(s.st.textCenter, v)
}

// number converts a decimal, already rounded to the places it is shown
// with, into the float64 excelize takes for a numeric cell. excelize writes
// a float64 with the fewest digits that read back to it, so a decimal of at
// most 15 significant digits is written digit for digit; one with more is
// written as text rather than altered.
func number(d decimal.Decimal) any {
	f := d.InexactFloat64()
	if strconv.FormatFloat(f, 'f', -1, 64) != d.String() {
		return d.String()
	}
	return f
}

// money is an amount cell, 2 decimals.
func (s *sheet) money(d *decimal.Decimal, places int32) excelize.Cell {
	if d == nil {
		return cell(s.st.textCenter, "—")
	}
	return cell(s.st.money, number(jixiao.Round(*d, places)))
}

// formula is a formula cell with its cached value.
func formula(style int, f string, cached any) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f, Value: cached}
}

// exact is how many places scores and rates are written with: enough that
// Excel's sums agree with jixiao's exact arithmetic when displayed.
const exact = 6

func scoreValue(d decimal.Decimal) any { return number(d.Round(exact)) }

// ref names a cell: ref(3, 7) = "C7".
func ref(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}
