package audit

import (
	"regexp"
	"strings"
)

// A target form (绩效目标表) or an allocation form flattened into text often
// has a budget block of one column: the total's label and its amount, then
// each source's label and amount, one cell each — "资金总额 | 100 |
// 其中：财政拨款 | 100 | 其他资金 |", "年度预算资金总额： 763.00 其中：中央补助
// 502.00 市级资金 208.00 本级资金（包括结转结余） 53.00", "（一）财政拨款小计
// 6.30 1、一般公共预算 6.30 2、政府性基金 0.00". singleColumnSources checks
// the sources against the total (T01), as sourcesAgainst does for blocks
// of several columns.

// singleTotalRe is the label of a one-column block's total.
var singleTotalRe = regexp.MustCompile(`(?:资金总额|预算资金总额|资金合计|小计)[）)]?[：:]?$`)

func (a *auditor) singleColumnSources() {
	cells := a.formCells()
	for i := 0; i+1 < len(cells); i++ {
		label := cells[i].text
		if !singleTotalRe.MatchString(label) || !singleAmount(cells, i+1) {
			continue
		}
		subtotal := strings.Contains(label, "小计")
		rows := []budgetRow{{cells[i], map[string]formCell{"amount": singleCell(cells[i+1])}, true}}
		k := i + 2
		for k < len(cells) && len(rows) < 16 {
			l := cells[k].text
			source := sourceLabel(l) || subtotal && numberedRow.MatchString(l)
			if !source || singleTotalRe.MatchString(l) {
				break
			}
			row := budgetRow{cells[k], map[string]formCell{}, false}
			k++
			if k < len(cells) && singleAmount(cells, k) {
				row.vals["amount"] = singleCell(cells[k])
				k++
			} else if k < len(cells) && bareNumber.MatchString(cells[k].text) {
				break // a row of several figures: not this shape
			}
			rows = append(rows, row)
		}
		if !a.readAsForm(cells[i].para) {
			a.sourcesAgainst(rows)
		}
		i = k - 1
	}
}

// singleAmount reports whether cells[k] is one amount standing alone: the
// cell after it is not another figure.
func singleAmount(cells []formCell, k int) bool {
	if _, ok := cellNumber(cells[k].text); !ok && !bareNumber.MatchString(cells[k].text) {
		return false
	}
	if k+1 < len(cells) {
		next := cells[k+1].text
		if _, ok := cellNumber(next); ok || bareNumber.MatchString(strings.TrimRight(next, "%％")) {
			return false
		}
	}
	return true
}

// singleCell is an amount cell as a bare number ("3359.62万" → "3359.62").
func singleCell(c formCell) formCell {
	if n, ok := cellNumber(c.text); ok {
		c.text = n
	}
	return c
}
