package audit

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
)

// An allocation table copied from a web page often comes a cell a line,
// each cell ending in "|" and an empty cell a lone "|": the header's cells
// ("村名 |", "金额 |", "备注 |"), then each row's cells in the same order, then
// "合 计 |" and the total. cellTables finds the header's width from the rows
// that follow it (the amount column holds a figure in every row) and checks
// the amount column against the 合计 (T01).

// amountHeaderRe is the header of a table's amount column.
var amountHeaderRe = regexp.MustCompile(`^(?:金额|资金|补助资金|下达资金|安排资金|分配资金|分配金额|下达金额|安排金额|资金额度|补助金额|资金规模)(?:[（(][^）)]*[）)])?$`)

// totalCellRe is the label cell of a table's total row.
var totalCellRe = regexp.MustCompile(`^(?:合[\s\x{3000}\x{a0}]*计|总[\s\x{3000}\x{a0}]*计)$`)

// tableCell is one cell of a table copied a cell a line.
type tableCell struct {
	text string
	para int
}

func (a *auditor) cellTables() {
	cells := a.pipedCells()
	for i := 0; i < len(cells); i++ {
		if !amountHeaderRe.MatchString(strings.ReplaceAll(cells[i].text, " ", "")) {
			continue
		}
		// The header starts at most 7 cells before the amount's and holds
		// names only: the first start (a header is read whole) at which
		// some width reads two rows or more, and the width that reads the
		// most.
		best, bestRows, bestAt := 0, 0, 0
		for start := max(0, i-7); start <= i && bestRows < 2; start++ {
			if !namesOnly(cells[start : i+1]) {
				continue
			}
			for k := i - start + 1; k <= 8 && start+k <= len(cells); k++ {
				if !namesOnly(cells[start : start+k]) {
					break
				}
				if n := figureRows(cells, start+k, k, i-start); n > bestRows {
					best, bestRows, bestAt = k, n, start
				}
			}
		}
		if bestRows < 2 {
			continue
		}
		m := i - bestAt
		from := bestAt + best
		var vals []string
		var terms []string
		p := from
		for r := 0; r < bestRows; r++ {
			v := cells[p+r*best+m].text
			vals = append(vals, v)
			terms = append(terms, v)
		}
		end := from + bestRows*best
		// The 合计 cell within the next row, its figure in the cells after.
		for q := end; q < len(cells) && q < end+best; q++ {
			if !totalCellRe.MatchString(cells[q].text) {
				continue
			}
			for t := q + 1; t < len(cells) && t <= q+best; t++ {
				if !bareNumber.MatchString(cells[t].text) {
					continue
				}
				sum, ok := sumWithin(cells[t].text, vals)
				a.checked["T01"]++
				if !ok {
					a.add(a.line(cells[t].para), "T01", jixiao.SeverityError,
						fmt.Sprintf("表中“%s”列%d行之和为%s（%s），与合计%s不符", cells[i].text, bestRows, jixiao.Plain(sum), strings.Join(terms, " + "), cells[t].text),
						[]jixiao.Number{{Name: "合计", Value: cells[t].text}, {Name: "各行之和", Value: jixiao.Plain(sum)}}, cells[from].para+1)
				}
				break
			}
			break
		}
		i = end - 1
	}
}

// pipedCells are the document's lines read as cells where they end in "|":
// a line of text without it inside such a run (a long remark) is a cell too;
// blank lines are none.
func (a *auditor) pipedCells() []tableCell {
	var out []tableCell
	paras := a.doc.Paragraphs
	piped := func(p int) bool { return p < len(paras) && strings.HasSuffix(strings.TrimSpace(paras[p]), "|") }
	for p, line := range paras {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !piped(p) && !(p > 0 && piped(p-1) && piped(p+1)) {
			out = append(out, tableCell{"\x00", p}) // breaks a table
			continue
		}
		t = strings.TrimSpace(strings.TrimSuffix(t, "|"))
		if strings.Contains(t, "|") {
			out = append(out, tableCell{"\x00", p}) // a row of cells, not a cell
			continue
		}
		out = append(out, tableCell{t, p})
	}
	return out
}

// namesOnly reports whether cells are a header's: words, no figures.
func namesOnly(cells []tableCell) bool {
	for _, c := range cells {
		if c.text == "" || c.text == "\x00" || hasDigit(c.text) {
			return false
		}
	}
	return true
}

// figureRows counts the rows of width k from cells[from] whose cell m is a
// figure, up to the first that is not.
func figureRows(cells []tableCell, from, k, m int) int {
	n := 0
	for r := from; r+k <= len(cells); r += k {
		row := cells[r : r+k]
		if !bareNumber.MatchString(row[m].text) || totalCellRe.MatchString(row[0].text) {
			break
		}
		for _, c := range row {
			if c.text == "\x00" {
				return n
			}
		}
		n++
	}
	return n
}
