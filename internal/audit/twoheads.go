package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A web page's table whose header takes two lines is copied as two lines
// of words and then the rows:
//
//	总收入 | 其中： |
//	医疗收入 | 财政补助收入 | 科教项目收入 | 其他收入 |
//	综合医院 | 425,072.64 | 377,648.80 | 36,172.97 | 2,080.19 | 9,170.67 |
//
// The first line names the upper cells (one of them spanning several
// columns), the second the cells under the spanning ones; the header of
// the rows' labels may be missing. twoLevelTables works out the columns
// when the widths agree: each upper cell written 其中 (“其中：”, “其中:免学费
// 补助”) spans an equal share of the lower line, and the column right
// before the first of them is their total. Each row is then checked:
//   - a 小计 column against the columns after it (as in one-line headers);
//   - the total against its 其中 columns (the 小计 of each, when the
//     lower cells begin with one): a sum over the total is always a
//     contradiction; a sum under it only when another row of the table
//     adds up exactly (a 其中 may list only some parts);
//   - a row labelled 合计 (or 总计) against the rows under it, column by
//     column, when the table ends before the text does (an excerpt may
//     cut it), and above them otherwise. Rows labelled “…合计” are left
//     alone: such tables are often of averages per unit.
//
// Without a 其中 cell the columns cannot be named; the 合计 row is still
// checked against the rows, naming the columns by their place.
func (a *auditor) twoLevelTables() {
	paras := a.doc.Paragraphs
	for i := 0; i+2 < len(paras); i++ {
		h1, h2 := headCells(paras[i]), headCells(paras[i+1])
		if len(h1) < 2 || len(h2) < 2 || len(h1) > subtotalMaxCols || len(h2) > subtotalMaxCols {
			continue
		}
		rows, end := figureRowsFrom(paras, i+2)
		if len(rows) == 0 {
			continue
		}
		width := 0
		for _, r := range rows {
			width = max(width, len(r.vals)+1)
		}
		if width-1 < len(h2) || width-1 > subtotalMaxCols {
			continue
		}
		for k := range rows {
			for len(rows[k].vals) < width-1 {
				rows[k].vals = append(rows[k].vals, "0")
			}
		}
		names, keys, total, parts, ok := twoLevelHead(h1, h2, width-1)
		if !ok {
			// Neither line alone names the columns, both together
			// could: the columns by their place, only the 合计 row read.
			n := width - 1
			if len(h1)-1 >= n || len(h2) >= n || len(h1)+len(h2)-1 < n {
				i = end - 1
				continue
			}
			names = make([]string, n)
		}
		groups := subtotalGroups(keys)
		exact := false
		if ok && total >= 0 {
			for _, r := range rows {
				if _, within := sumWithin(r.vals[total], pick(r.vals, parts)); within && !allZero(r.vals) {
					exact = true
				}
			}
		}
		// A table running to the end of the text may be cut.
		cut := !slices.ContainsFunc(paras[end:], func(p string) bool { return strings.TrimSpace(p) != "" })
		for k, r := range rows {
			if ok {
				for p, members := range groups {
					a.subtotalRow(names, r, p, members)
				}
				if total >= 0 {
					a.partsRow(names, r, total, parts, exact)
				}
			}
			if l := strings.ReplaceAll(r.label, " ", ""); l == "合计" || l == "总计" {
				switch {
				case k == 0 && len(rows) > 2:
					a.columnTotals(names, rows[1:], r, "下", cut)
				case k > 1:
					a.columnTotals(names, rows[:k], r, "上")
				}
			}
		}
		i = end - 1
	}
}

// headCells splits a line of words in "|"-separated cells, dropping the
// empty cells at its end (a merged cell's remains), or returns nil when a
// cell holds a figure or an empty cell lies between words.
func headCells(line string) []string {
	if strings.Count(line, "|") < 1 || hasDigit(line) {
		return nil
	}
	cells := strings.Split(strings.TrimSpace(line), "|")
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	for k, c := range cells {
		cells[k] = strings.TrimSpace(c)
		if cells[k] == "" {
			return nil
		}
	}
	return cells
}

// figureRowsFrom reads the rows from paragraph from on: a label (words)
// and figures or empty cells, at least one figure. It returns the rows
// and the paragraph after the last.
func figureRowsFrom(paras []string, from int) ([]subtotalRow, int) {
	var rows []subtotalRow
	j := from
	for ; j < len(paras) && j-from < subtotalMaxRows; j++ {
		if strings.Count(paras[j], "|") < 2 {
			break
		}
		cells := strings.Split(strings.TrimSpace(paras[j]), "|")
		if len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		label := strings.TrimSpace(cells[0])
		if label == "" || hasDigit(label) || len(cells) < 3 {
			break
		}
		r := subtotalRow{label: label, para: j}
		figures := 0
		for _, c := range cells[1:] {
			v := normalize(strings.TrimSpace(c))
			switch {
			case v == "":
				v = "0"
			case bareNumber.MatchString(v):
				figures++
			default:
				return rows, j
			}
			r.vals = append(r.vals, v)
		}
		if figures == 0 {
			break
		}
		rows = append(rows, r)
	}
	return rows, j
}

// twoLevelHead works out the n columns of figures under a two-line
// header: their names (the upper cell's name before the lower one's),
// the keys subtotalGroups reads (the lower names alone), the column of
// the total of the 其中 cells (-1 if none) and its parts.
func twoLevelHead(h1, h2 []string, n int) (names, keys []string, total int, parts []int, ok bool) {
	for _, labelled := range []bool{true, false} {
		upper := h1
		if labelled {
			upper = h1[1:]
		}
		var spans []int
		for k, c := range upper {
			if strings.HasPrefix(c, "其中") {
				spans = append(spans, k)
			}
		}
		if len(spans) == 0 || len(h2)%len(spans) != 0 || len(upper)-len(spans)+len(h2) != n || spans[0] == 0 {
			continue
		}
		per := len(h2) / len(spans)
		total = -1
		if !strings.HasPrefix(upper[spans[0]-1], "其中") {
			total = spans[0] - 1
		}
		s := 0
		for k, c := range upper {
			if !slices.Contains(spans, k) {
				names, keys = append(names, c), append(keys, c)
				continue
			}
			own := strings.TrimLeft(strings.TrimPrefix(c, "其中"), ":： ")
			leaves := h2[s*per : (s+1)*per]
			s++
			first := len(names)
			for _, l := range leaves {
				names, keys = append(names, own+l), append(keys, l)
			}
			if subtotalName(leaves[0]) {
				parts = append(parts, first)
			} else {
				for q := range leaves {
					parts = append(parts, first+q)
				}
			}
		}
		if total >= 0 && (len(parts) < 2 || subtotalName(upper[total])) {
			total = -1 // one part, or a 小计 read by its own group
		}
		if total >= 0 {
			// The total's own subtotal group would be the same sum.
			keys[total] = names[total]
		}
		return names, keys, total, parts, true
	}
	return nil, nil, -1, nil, false
}

// pick returns the values at the given columns.
func pick(vals []string, cols []int) []string {
	out := make([]string, len(cols))
	for k, c := range cols {
		out[k] = vals[c]
	}
	return out
}

func allZero(vals []string) bool {
	for _, v := range vals {
		if d, err := decimal.NewFromString(v); err != nil || !d.IsZero() {
			return false
		}
	}
	return true
}

// partsRow checks a row's total column against its 其中 columns: a sum
// over the total always, a sum under it when exact says that the table's
// 其中 columns make up the whole.
func (a *auditor) partsRow(names []string, r subtotalRow, total int, parts []int, exact bool) {
	vals := pick(r.vals, parts)
	sum, ok := sumWithin(r.vals[total], vals)
	a.checked["T01"]++
	w, _ := decimal.NewFromString(r.vals[total])
	if ok || !exact && sum.LessThan(w) {
		return
	}
	var terms []string
	for k, c := range parts {
		terms = append(terms, names[c]+" "+vals[k])
	}
	a.add(a.line(r.para), "T01", jixiao.SeverityError,
		fmt.Sprintf("表中“%s”一行：“%s”为%s，其中各栏之和为%s（%s）", r.label, names[total], r.vals[total], placesOf(sum, append(vals, r.vals[total])), strings.Join(terms, " + ")),
		[]jixiao.Number{{Name: names[total], Value: r.vals[total]}, {Name: "其中各栏之和", Value: placesOf(sum, append(vals, r.vals[total]))}})
}

// quoted is a column's name in quotation marks, or nothing for a column
// known only by its place.
func quoted(name string) string {
	if name == "" {
		return ""
	}
	return "“" + name + "”"
}
