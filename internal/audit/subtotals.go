package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// An allocation table copied as text keeps a row a line with spaces between
// the cells: a header line naming the columns ("小计 C级 D级 无房 C级 D级 无房
// 小计 C级 D级 无房"), then each row's label and one figure per column
// ("东城街道 8 1 7 0 0.75 0 0 24.5 0 24.5 0 追减…"). subtotalColumns checks
// each 小计 (or 合计) column against the columns it sums (the names after it
// up to the next 小计 or the first name repeated, or else the names before
// it), and a 合计/总计 row against the rows above it, column by column (T01).

// Bounds on the tables read this way.
const (
	subtotalMaxCols = 30
	subtotalMaxRows = 80
)

func (a *auditor) subtotalColumns() {
	paras := a.doc.Paragraphs
	for i := 0; i < len(paras); i++ {
		head := strings.Fields(paras[i])
		if len(head) < 3 || len(head) > subtotalMaxCols || !slices.ContainsFunc(head, subtotalName) || slices.ContainsFunc(head, hasDigit) {
			continue
		}
		groups := subtotalGroups(head)
		var rows []subtotalRow
		j := i + 1
		for ; j < len(paras) && j-i <= subtotalMaxRows; j++ {
			r, ok := readSubtotalRow(paras[j], len(head))
			if !ok {
				break
			}
			r.para = j
			if startsWithAny(r.label, []string{"合计", "总计", "合 计", "总 计"}) {
				a.columnTotals(head, rows, r)
				j++
				break
			}
			for p, members := range groups {
				a.subtotalRow(head, r, p, members)
			}
			rows = append(rows, r)
		}
		i = j - 1
	}
}

// subtotalName reports whether a column header names a subtotal.
func subtotalName(h string) bool { return h == "小计" || h == "合计" }

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// subtotalGroups maps each subtotal column to the columns it sums: the
// names after it up to the next subtotal or the first name repeated;
// without two such, the names before it back to the previous subtotal.
func subtotalGroups(head []string) map[int][]int {
	groups := map[int][]int{}
	for p, h := range head {
		if !subtotalName(h) {
			continue
		}
		var after []int
		seen := map[string]bool{}
		for q := p + 1; q < len(head) && !subtotalName(head[q]) && !seen[head[q]]; q++ {
			seen[head[q]] = true
			after = append(after, q)
		}
		if len(after) >= 2 {
			groups[p] = after
			continue
		}
		var before []int
		seen = map[string]bool{}
		for q := p - 1; q >= 0 && !subtotalName(head[q]) && !seen[head[q]]; q-- {
			seen[head[q]] = true
			before = append([]int{q}, before...)
		}
		if len(before) >= 2 {
			groups[p] = before
		}
	}
	return groups
}

// subtotalRow is a row of such a table: its label and one figure a column.
type subtotalRow struct {
	label string
	vals  []string
	para  int
}

// readSubtotalRow reads a line as a label and exactly n figures after it
// (a remark may follow them).
func readSubtotalRow(line string, n int) (subtotalRow, bool) {
	f := strings.Fields(line)
	k := 0
	for k < len(f) && !bareNumber.MatchString(f[k]) {
		k++
	}
	if k == 0 || k > 3 {
		return subtotalRow{}, false
	}
	r := subtotalRow{label: strings.Join(f[:k], " ")}
	for ; k < len(f) && bareNumber.MatchString(f[k]); k++ {
		r.vals = append(r.vals, f[k])
	}
	return r, len(r.vals) == n
}

// subtotalRow checks one row's subtotal column p against its members.
func (a *auditor) subtotalRow(head []string, r subtotalRow, p int, members []int) {
	var terms, names []string
	var vals []string
	for _, q := range members {
		vals = append(vals, r.vals[q])
		terms = append(terms, r.vals[q])
		names = append(names, head[q])
	}
	sum, ok := sumWithin(r.vals[p], vals)
	a.checked["T01"]++
	if ok {
		return
	}
	a.add(a.line(r.para), "T01", jixiao.SeverityError,
		fmt.Sprintf("表中“%s”一行：第%d列“%s”为%s，其后%s之和为%s（%s）", r.label, p+1, head[p], r.vals[p], strings.Join(names, "、"), jixiao.Plain(sum), strings.Join(terms, " + ")),
		[]jixiao.Number{{Name: head[p], Value: r.vals[p]}, {Name: "各列之和", Value: jixiao.Plain(sum)}})
}

// columnTotals checks a 合计 row against the rows above it, column by
// column; one finding names every column that does not add up.
func (a *auditor) columnTotals(head []string, rows []subtotalRow, total subtotalRow) {
	if len(rows) < 2 {
		return
	}
	var gaps []string
	for c := range head {
		var vals []string
		for _, r := range rows {
			vals = append(vals, r.vals[c])
		}
		sum, ok := sumWithin(total.vals[c], vals)
		a.checked["T01"]++
		if !ok {
			gaps = append(gaps, fmt.Sprintf("第%d列“%s”合计为%s，上列%d行之和为%s", c+1, head[c], total.vals[c], len(rows), jixiao.Plain(sum)))
		}
	}
	if len(gaps) > 0 {
		a.add(a.line(total.para), "T01", jixiao.SeverityError, "表中"+strings.Join(gaps, "；"), nil, rows[0].para+1)
	}
}

// sumWithin adds vals and reports whether the sum is want within the
// rounding of the figures written with decimals (whole numbers in such
// tables are counts, exact).
func sumWithin(want string, vals []string) (decimal.Decimal, bool) {
	w, err := decimal.NewFromString(want)
	if err != nil {
		return decimal.Zero, true
	}
	sum, slack := decimal.Zero, decimal.Zero
	for _, v := range append([]string{want}, vals...) {
		if decimalPlaces(v) > 0 {
			slack = slack.Add(cellSlack(v))
		}
	}
	for _, v := range vals {
		d, err := decimal.NewFromString(v)
		if err != nil {
			return decimal.Zero, true
		}
		sum = sum.Add(d)
	}
	return sum, sum.Sub(w).Abs().LessThanOrEqual(slack)
}
