package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

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
				a.columnTotals(head, rows, r, "上")
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

// subtotalName reports whether a column header names a subtotal: 小计,
// 合计, or a total of a kind ("合计下达").
func subtotalName(h string) bool {
	return h == "小计" || h == "合计" || utf8.RuneCountInString(h) <= 6 && startsWithAny(h, []string{"合计", "小计", "总计"})
}

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
	where := "其后"
	if members[0] < p {
		where = "其前"
	}
	a.add(a.line(r.para), "T01", jixiao.SeverityError,
		fmt.Sprintf("表中“%s”一行：第%d列“%s”为%s，%s%s之和为%s（%s）", r.label, p+1, head[p], r.vals[p], where, strings.Join(names, "、"), placesOf(sum, append(vals, r.vals[p])), strings.Join(terms, " + ")),
		[]jixiao.Number{{Name: head[p], Value: r.vals[p]}, {Name: "各列之和", Value: placesOf(sum, append(vals, r.vals[p]))}})
}

// columnTotals checks a 合计 row against the rows above (or below) it,
// column by column; one finding names every column that does not add up.
// With overOnly (a table an excerpt may cut) only sums over the total are
// told.
func (a *auditor) columnTotals(head []string, rows []subtotalRow, total subtotalRow, where string, overOnly ...bool) {
	if len(rows) < 2 {
		return
	}
	over := len(overOnly) > 0 && overOnly[0]
	var gaps []string
	for c := range head {
		var vals []string
		for _, r := range rows {
			vals = append(vals, r.vals[c])
		}
		sum, ok := sumWithin(total.vals[c], vals)
		a.checked["T01"]++
		if ok {
			continue
		}
		switch w, _ := decimal.NewFromString(total.vals[c]); {
		case !over:
			gaps = append(gaps, fmt.Sprintf("第%d列%s合计为%s，%s列%d行之和为%s", c+1, quoted(head[c]), total.vals[c], where, len(rows), placesOf(sum, append(vals, total.vals[c]))))
		case sum.GreaterThan(w):
			gaps = append(gaps, fmt.Sprintf("第%d列%s合计为%s，%s列%d行之和已有%s", c+1, quoted(head[c]), total.vals[c], where, len(rows), placesOf(sum, append(vals, total.vals[c]))))
		}
	}
	if len(gaps) > 0 {
		a.add(a.line(total.para), "T01", jixiao.SeverityError, "表中“"+total.label+"”一行："+strings.Join(gaps, "；"), nil, rows[0].para+1)
	}
}

// placesOf writes a sum to as many decimals as the most precise of the
// figures it was computed from.
func placesOf(sum decimal.Decimal, vals []string) string {
	places := int32(0)
	for _, v := range vals {
		places = max(places, decimalPlaces(v))
	}
	return jixiao.Fixed(sum, places)
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

// Tables whose rows are lines of cells separated by "|" (a web page's
// table copied as text: "地区 | 已预下达 | 本次下达 | 合计下达 |") are read
// the same way by pipeTables: the header's first cell names the rows'
// labels, the others the columns. Besides the subtotal columns and a 合计
// row under its rows, a row labelled "…合计" (or 小计) above its rows ("东湖
// 市合计" followed by its counties) is checked against the rows up to the
// next such row; the rows after the last one are not (the table may be cut
// or go on under a repeated header).

// pipeCells splits a line of "|"-separated cells (or a Word table's row,
// its cells separated by tabs), or returns nil when it has fewer than
// three.
func pipeCells(line string) []string {
	sep := "|"
	if strings.Count(line, "\t") >= 2 {
		sep = "\t" // a Word table's row, its cells separated by tabs
	} else if strings.Count(line, "|") < 2 {
		return nil
	}
	trimmed := strings.TrimSpace(line)
	if sep == "\t" {
		trimmed = strings.Trim(line, " \r") // an empty first or last cell stays
	}
	cells := strings.Split(trimmed, sep)
	if cells[0] == "" {
		cells = cells[1:]
	}
	if len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) < 3 {
		return nil
	}
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	return cells
}

// groupTotal reports whether a row label names the total of the rows
// under it: "东湖市合计", "小计".
func groupTotal(label string) bool {
	l := strings.ReplaceAll(label, " ", "")
	return strings.HasSuffix(l, "合计") || strings.HasSuffix(l, "小计") || strings.HasSuffix(l, "总计")
}

func (a *auditor) pipeTables() {
	paras := a.doc.Paragraphs
	for i := 0; i < len(paras); i++ {
		cells := pipeCells(paras[i])
		if cells == nil || len(cells) > subtotalMaxCols+1 || slices.ContainsFunc(cells, hasDigit) || slices.Contains(cells[1:], "") {
			continue
		}
		// The rows under the header: a label and as many cells.
		var raw [][]string
		j := i + 1
		for ; j < len(paras) && j-i <= subtotalMaxRows; j++ {
			c := pipeCells(paras[j])
			// A row whose empty last cells were not copied ("合计 | 5000 |"
			// under "名称 | 金额 | 备注 |") has them empty.
			if c == nil {
				if two := strings.Split(strings.TrimSuffix(strings.TrimSpace(paras[j]), "|"), "|"); len(two) == 2 && strings.Count(paras[j], "|") >= 1 {
					c = []string{strings.TrimSpace(two[0]), strings.TrimSpace(two[1])}
				}
			}
			for len(c) >= 2 && len(c) < len(cells) {
				c = append(c, "")
			}
			// A row of words only (the header repeated on the next page)
			// ends the rows.
			if len(c) != len(cells) || hasDigit(c[0]) || c[0] == "" || !slices.ContainsFunc(c[1:], hasDigit) {
				break
			}
			raw = append(raw, c)
		}
		// The columns of figures: a figure or nothing (0) in every row, a
		// figure in one at least; a column of remarks is left out.
		// A row whose empty cell was not copied has its cells shifted:
		// words in a column of figures ("国有资本经营预算资金 | 卫生健康支出 |
		// 39.94 |" under "项目 | 预算数 | 项目 | 合计 |…"). Such a row is
		// left out, and the columns are not added down (a row is missing).
		var cols []int
		shifted := map[int]bool{}
		for col := 1; col < len(cells); col++ {
			figures, words := 0, []int{}
			for r, c := range raw {
				switch v := normalize(c[col]); {
				case bareNumber.MatchString(v):
					figures++
				case v != "":
					words = append(words, r)
				}
			}
			if figures > 0 && len(words) == 0 || figures >= 2 && len(words) == 1 {
				cols = append(cols, col)
				for _, r := range words {
					shifted[r] = true
				}
			}
		}
		if len(cols) == 0 {
			i = j - 1
			continue
		}
		head := make([]string, len(cols))
		for k, col := range cols {
			head[k] = cells[col]
		}
		groups := subtotalGroups(head)
		var rows []subtotalRow // rows since the last total row
		var subs []subtotalRow // group totals under their rows
		var top *subtotalRow   // a group's total above its rows
		first := true          // totals above their rows when the first row is one
		for n, c := range raw {
			if shifted[n] {
				continue
			}
			r := subtotalRow{label: c[0], para: i + 1 + n}
			for _, col := range cols {
				r.vals = append(r.vals, cmp.Or(normalize(c[col]), "0"))
			}
			for p, members := range groups {
				a.subtotalRow(head, r, p, members)
			}
			if len(shifted) > 0 {
				continue // a row is missing: the columns are not added down
			}
			above := first && groupTotal(r.label)
			first = false
			switch {
			case !groupTotal(r.label):
				rows = append(rows, r)
			case top != nil || above:
				// "东湖市合计" above its counties, up to the next such row.
				if top != nil {
					a.columnTotals(head, rows, *top, "下")
				}
				t := r
				top, rows = &t, nil
			case startsWithAny(strings.ReplaceAll(r.label, " ", ""), []string{"合计", "总计"}):
				// The grand total under the group totals and the rows after
				// the last of them.
				a.columnTotals(head, append(subs, rows...), r, "上")
				rows, subs = nil, nil
			default:
				a.columnTotals(head, rows, r, "上")
				subs, rows = append(subs, r), nil
			}
		}
		i = j - 1
	}
}
