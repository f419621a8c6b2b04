// Package report builds the self-evaluation report as a format-neutral
// document — title, headings, paragraphs, tables — from a case and its
// scorecard (Build), and the separate 核查报告 from the checker's findings
// (Review): the first is what a unit submits, the second is for the unit
// before submitting and for the reviewer. Renderers in the sub-packages
// (docx, html) turn a Document into a file; they know nothing of the
// domain.
//
// Sentences that state figures are generated from the data ("2024年年初预算
// 收入598154.02万元，其中：…"); narrative text comes from the case as
// written. Building is pure: no I/O.
package report

// Document is a report: title lines, then blocks in order.
type Document struct {
	// Title is the title in lines, as the official format centres it
	// ("石家庄市自然资源和规划局", "2024年度整体支出绩效自评报告").
	Title []string `json:"title"`
	// Subject names what the report is about, for file metadata.
	Subject string  `json:"subject"`
	Author  string  `json:"author"`
	Blocks  []Block `json:"blocks"`
}

// Block is a heading, a paragraph or a table.
type Block struct {
	Heading   *Heading   `json:"heading,omitempty"`
	Paragraph *Paragraph `json:"paragraph,omitempty"`
	Table     *Table     `json:"table,omitempty"`
	Signature *Signature `json:"signature,omitempty"`
	PageBreak bool       `json:"page_break,omitempty"`
}

// Signature is the 落款 that ends the body: the unit's name (发文机关署名)
// and the report's date (成文日期), both right-aligned as GB/T 9704-2012
// 7.3.5.1 sets them — the date four characters from the right margin, the
// name centred over the date. A missing date is a highlighted placeholder.
type Signature struct {
	Org  string `json:"org"`
	Date Run    `json:"date"`
}

// Heading is a numbered heading; the number is part of the text
// ("一、部门基本情况"), as official documents write it.
//
// Levels: 1 一、 (黑体), 2 （一） (楷体), 3 1. (仿宋 bold), 4 （1） (仿宋).
type Heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
}

// Paragraph is body text with a first-line indent of two characters unless
// NoIndent; Align is "" (justified), "center" or "right".
type Paragraph struct {
	Runs     []Run  `json:"runs"`
	NoIndent bool   `json:"no_indent,omitempty"`
	Align    string `json:"align,omitempty"`
	// Small sets the text in the smaller table size (notes, sources).
	Small bool `json:"small,omitempty"`
}

// Run is a stretch of text with one emphasis.
type Run struct {
	Text string `json:"text"`
	Bold bool   `json:"bold,omitempty"`
	// Placeholder marks text standing for what the case does not give
	// ("【待填写：存在的问题】"): highlighted, so that a report with blanks is
	// not taken for finished.
	Placeholder bool `json:"placeholder,omitempty"`
}

// Text returns the paragraph's plain text.
func (p *Paragraph) Text() string {
	s := ""
	for _, r := range p.Runs {
		s += r.Text
	}
	return s
}

// Table is a grid of cells with header rows that repeat on every page.
// Widths are relative column widths. A cell spanning several columns or
// rows appears once, at its top-left; the positions it covers are omitted
// from the following cells of its row (columns) or from the rows below
// (rows), as in HTML.
type Table struct {
	Caption string   `json:"caption,omitempty"`
	Unit    string   `json:"unit,omitempty"` // "单位：万元", shown above the table on the right
	Widths  []int    `json:"widths"`
	Header  [][]Cell `json:"header"`
	Rows    [][]Cell `json:"rows"`
	Note    string   `json:"note,omitempty"`
}

// Cell is one table cell.
type Cell struct {
	Text    string `json:"text"`
	ColSpan int    `json:"colspan,omitempty"`
	RowSpan int    `json:"rowspan,omitempty"`
	// Align is "", "center" or "right"; numbers are right-aligned.
	Align string `json:"align,omitempty"`
	Bold  bool   `json:"bold,omitempty"`
}

// Spans returns the cell's column and row span, at least 1.
func (c Cell) Spans() (cols, rows int) {
	return max(c.ColSpan, 1), max(c.RowSpan, 1)
}

// Text returns every text of the document in reading order, one block per
// line (table cells separated by tabs), for tests and search.
func (d *Document) Text() string {
	var b []byte
	for _, t := range d.Title {
		b = append(b, t...)
		b = append(b, '\n')
	}
	for _, bl := range d.Blocks {
		switch {
		case bl.Heading != nil:
			b = append(b, bl.Heading.Text...)
		case bl.Paragraph != nil:
			b = append(b, bl.Paragraph.Text()...)
		case bl.Signature != nil:
			b = append(b, bl.Signature.Org+"\n"+bl.Signature.Date.Text...)
		case bl.Table != nil:
			t := bl.Table
			if t.Caption != "" {
				b = append(b, t.Caption...)
				b = append(b, '\n')
			}
			for _, row := range append(append([][]Cell{}, t.Header...), t.Rows...) {
				for i, c := range row {
					if i > 0 {
						b = append(b, '\t')
					}
					b = append(b, c.Text...)
				}
				b = append(b, '\n')
			}
			continue
		default:
			continue
		}
		b = append(b, '\n')
	}
	return string(b)
}
