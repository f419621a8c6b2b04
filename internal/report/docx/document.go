package docx

import (
	"fmt"
	"strings"

	"jixiao/internal/report"
)

// document writes word/document.xml: the title, the blocks, and the
// section properties (A4, GB/T 9704 margins, footers, line grid).
func document(d *report.Document) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document ` + nsW + `><w:body>`)
	for _, line := range d.Title {
		paragraph(&b, "Title", "", []report.Run{{Text: line}})
	}
	if len(d.Title) > 0 {
		paragraph(&b, "Body", "", nil) // one blank line under the title
	}
	// A page break is the next paragraph's pageBreakBefore, not a paragraph
	// of its own, which could leave a blank page.
	breakNext := false
	next := func() string {
		if breakNext {
			breakNext = false
			return `<w:pageBreakBefore/>`
		}
		return ""
	}
	for _, bl := range d.Blocks {
		switch {
		case bl.Heading != nil:
			paragraph(&b, fmt.Sprintf("Heading%d", min(max(bl.Heading.Level, 1), 4)), next(), []report.Run{{Text: bl.Heading.Text}})
		case bl.Paragraph != nil:
			p := bl.Paragraph
			style := "Body"
			if p.Small {
				style = "Note"
			}
			extra := next()
			if p.NoIndent {
				extra += `<w:ind w:firstLineChars="0" w:firstLine="0"/>`
			}
			switch {
			case p.Align != "":
				extra += `<w:jc w:val="` + p.Align + `"/>`
			case report.Ragged(p.Text()):
				// A long number cannot break: justifying would stretch
				// the line before it (see report.Ragged).
				extra += `<w:jc w:val="left"/>`
			}
			paragraph(&b, style, extra, p.Runs)
		case bl.Signature != nil:
			signature(&b, bl.Signature, next())
		case bl.Table != nil:
			table(&b, bl.Table, next())
		case bl.PageBreak:
			breakNext = true
		}
	}
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:pgNumType w:fmt="decimal" w:start="1"/><w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr>`,
		pageW, pageH, marginTop, marginRight, marginBot, marginLeft, footerDist, linePitch)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// charWidth is a body character's width in twips: 三号 (16 pt) condensed
// by 0.25 pt.
const charWidth = 20*16 + condense

// signature writes the 落款 one blank line under the body: the unit's name
// centred over the date, the date four characters from the right margin
// (GB/T 9704-2012 7.3.5.1), its three lines kept on one page. Indents are in characters (w:rightChars, which Word and WPS
// use) and in twips (w:right, which LibreOffice uses).
func signature(b *strings.Builder, s *report.Signature, brk string) {
	org, date := s.Indents()
	ind := func(chars float64) string {
		return fmt.Sprintf(`<w:ind w:rightChars="%d" w:right="%d" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>`,
			int(chars*100+0.5), int(chars*charWidth+0.5))
	}
	paragraph(b, "Body", `<w:keepNext/>`+brk, nil)
	if s.Org != "" {
		paragraph(b, "Body", `<w:keepNext/>`+ind(org), []report.Run{{Text: s.Org}})
	}
	paragraph(b, "Body", ind(date), []report.Run{s.Date})
}

// paragraph writes one paragraph; extra is additional paragraph
// properties, which must follow the style in schema order (ind, jc).
func paragraph(b *strings.Builder, style, extra string, runs []report.Run) {
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/>` + extra + `</w:pPr>`)
	for _, r := range runs {
		writeRun(b, r.Text, r.Bold, r.Placeholder)
	}
	b.WriteString(`</w:p>`)
}

// writeRun writes text as a run; line breaks become <w:br/>.
func writeRun(b *strings.Builder, text string, bold, placeholder bool) {
	if text == "" {
		return
	}
	b.WriteString(`<w:r>`)
	switch {
	case placeholder:
		b.WriteString(`<w:rPr><w:b/><w:bCs/><w:highlight w:val="yellow"/></w:rPr>`)
	case bold:
		b.WriteString(`<w:rPr><w:b/><w:bCs/></w:rPr>`)
	}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		b.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t>`)
	}
	b.WriteString(`</w:r>`)
}

// table writes a caption, the unit line, the table and its note. Header
// rows repeat on every page; rows do not split across pages.
func table(b *strings.Builder, t *report.Table, brk string) {
	// The caption and the unit line stay with the table (keepNext); a page
	// break goes on the first of them.
	if t.Caption != "" {
		paragraph(b, "Caption", brk, []report.Run{{Text: t.Caption}})
		brk = ""
	}
	if t.Unit != "" {
		paragraph(b, "Note", `<w:keepNext/>`+brk+`<w:jc w:val="right"/>`, []report.Run{{Text: t.Unit}})
		brk = ""
	}
	if brk != "" {
		paragraph(b, "Note", `<w:keepNext/>`+brk, nil)
	}
	cols := columns(t)
	widths := gridWidths(t.Widths, cols)
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(typeWidth) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>` +
		`<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>` +
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	rows(b, t.Header, widths, true)
	rows(b, t.Rows, widths, false)
	b.WriteString(`</w:tbl>`)
	if t.Note != "" {
		paragraph(b, "Note", "", []report.Run{{Text: t.Note}})
	}
}

// columns is the number of grid columns: the widest row's spans.
func columns(t *report.Table) int {
	n := len(t.Widths)
	for _, row := range append(append([][]report.Cell{}, t.Header...), t.Rows...) {
		w := 0
		for _, c := range row {
			cs, _ := c.Spans()
			w += cs
		}
		n = max(n, w)
	}
	return n
}

// gridWidths turns relative widths into twips filling the type area.
func gridWidths(rel []int, cols int) []int {
	total := 0
	ws := make([]int, cols)
	for i := range ws {
		ws[i] = 1
		if i < len(rel) && rel[i] > 0 {
			ws[i] = rel[i]
		}
		total += ws[i]
	}
	used := 0
	for i := range ws {
		ws[i] = typeWidth * ws[i] / total
		used += ws[i]
	}
	ws[cols-1] += typeWidth - used
	return ws
}

// rows writes table rows. A cell with RowSpan > 1 starts a vertical merge;
// the rows below get a continuation cell at its position, as Word needs.
func rows(b *strings.Builder, rs [][]report.Cell, widths []int, header bool) {
	type merge struct{ left, cols int }
	pending := map[int]*merge{} // grid column → open vertical merge
	for _, row := range rs {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		col := 0
		continueAt := func() {
			for {
				m := pending[col]
				if m == nil {
					return
				}
				cell(b, report.Cell{}, widths, col, m.cols, "continue", header)
				m.left--
				if m.left == 0 {
					delete(pending, col)
				}
				col += m.cols
			}
		}
		for _, c := range row {
			continueAt()
			cs, rsn := c.Spans()
			vmerge := ""
			if rsn > 1 {
				vmerge = "restart"
				pending[col] = &merge{left: rsn - 1, cols: cs}
			}
			cell(b, c, widths, col, cs, vmerge, header)
			col += cs
		}
		continueAt()
		for col < len(widths) { // a short row: fill the grid
			cell(b, report.Cell{}, widths, col, 1, "", header)
			col++
		}
		b.WriteString(`</w:tr>`)
	}
}

func cell(b *strings.Builder, c report.Cell, widths []int, col, span int, vmerge string, header bool) {
	w := 0
	for i := col; i < col+span && i < len(widths); i++ {
		w += widths[i]
	}
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
	if span > 1 {
		fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
	}
	switch vmerge {
	case "restart":
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		b.WriteString(`<w:vMerge/>`)
	}
	b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	align := c.Align
	if header {
		align = "center"
	}
	extra := ""
	if align != "" {
		extra = `<w:jc w:val="` + align + `"/>`
	}
	paragraph(b, "TableText", extra, []report.Run{{Text: c.Text, Bold: c.Bold || header}})
	b.WriteString(`</w:tc>`)
}
