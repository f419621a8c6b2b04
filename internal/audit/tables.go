package audit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/xlsxio"
)

// Tables in a report — a Word table (read a row a paragraph, its cells
// separated by tabs) or rows pasted from Excel — are read as jixiao reads a
// workbook: when one is a self-evaluation form (项目支出/部门整体支出绩效自评表),
// the contradictions jixiao check finds in its figures are reported at the
// table: the 得分 column against its 总分 (T05), 年度资金总额 against its
// source rows and a stated rate against its amounts (T01, T08).

// Bounds on the tables read: a report's forms are a few short tables.
const (
	maxTables    = 10
	maxTableRows = 200
	maxTableCols = 40
	minTableRows = 3
)

// tableCodes map the findings of jixiao check that a table's own figures
// prove to the audit's codes.
var tableCodes = map[string]string{"S03": "T05", "L14": "T01", "B09": "T01", "B07": "T08"}

func (a *auditor) tables() {
	read := 0
	for i := 0; i < len(a.doc.Paragraphs) && read < maxTables; {
		j := i
		for j < len(a.doc.Paragraphs) && j-i < maxTableRows && strings.Contains(a.doc.Paragraphs[j], "\t") {
			j++
		}
		if j-i < minTableRows {
			i = max(j, i+1)
			continue
		}
		read++
		a.table(i, j)
		i = j
	}
}

// table reads paragraphs [from, to) as one table, with the short
// paragraphs right above it (a form's title and year are often printed
// above the Word table).
func (a *auditor) table(from, to int) {
	top := from
	for top > 0 && from-top < 3 && a.doc.Paragraphs[top-1] != "" && utf8.RuneCountInString(a.doc.Paragraphs[top-1]) <= 40 {
		top--
	}
	f := excelize.NewFile()
	defer f.Close()
	for r := top; r < from; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r-top+1)
		if err := f.SetCellStr("Sheet1", cell, unmark(strings.TrimSpace(a.doc.Paragraphs[r]))); err != nil {
			return
		}
	}
	for r := from; r < to; r++ {
		cells := strings.SplitN(a.doc.Paragraphs[r], "\t", maxTableCols+1)
		cells = cells[:min(len(cells), maxTableCols)]
		row := make([]any, len(cells))
		for k, c := range cells {
			row[k] = unmark(strings.TrimSpace(c))
		}
		cell, _ := excelize.CoordinatesToCellName(1, r-top+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			return
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return
	}
	ev, err := xlsxio.ReadCase("表格.xlsx", buf.Bytes())
	if err != nil || ev.Completeness() != "" {
		return // not a form, or a form cut short: its sums prove nothing
	}
	a.forms = append(a.forms, [2]int{from, to})
	if err := rulebook.ChooseInto(ev); err != nil {
		return
	}
	rb, err := rulebook.Load(ev.Rulebook)
	if err != nil {
		return
	}
	in := check.Input{Evaluation: ev, Rulebook: rb}
	sc, err := scoring.Score(ev, rb)
	var ps jixiao.Problems
	switch {
	case err == nil:
		in.Scorecard = sc
	case errors.As(err, &ps):
		in.ScoreProblems = ps
	default:
		return
	}
	s := a.line(to - 1)
	for _, fd := range check.Check(in) {
		code, ok := tableCodes[fd.Code]
		if !ok {
			continue
		}
		if code == "T01" && strings.Contains(fd.Message, "执行率") {
			code = "T08"
		}
		a.checked[code]++
		a.add(s, code, fd.Severity, fmt.Sprintf("表格（第%d–%d%s）：%s", from+1, to, a.doc.Unit, fd.Message), fd.Numbers)
	}
}
