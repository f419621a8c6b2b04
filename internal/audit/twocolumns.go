package audit

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
)

// The department form (部门整体支出绩效自评表) prints its budget twice side by
// side: "按收入性质分" (一般公共预算, 政府性基金拨款, 纳入专户管理的非税收入拨款,
// 其他资金) and "按支出性质分" (基本支出, 项目支出). Flattened into text, the two
// columns interleave, a cell a line or run together: "按收入性质分：2030.12
// 按支出性质分：1925.67 其中： 一般公共预算：1325.68 其中：基本支出：900.47 …".
// twoColumns sorts the "label：amount" cells into the two columns by their
// names and checks each column against its total (T01); a cell without an
// amount counts as nothing.

// columnCellRe is one "label：amount" cell; the amount may be blank.
var columnCellRe = regexp.MustCompile(`^\s*(?:其中\s*[：:]\s*)?([\p{Han}（）()]{2,20}?)\s*[：:]\s*(` + numberRe.String() + `)?`)

// expenseKinds are the rows of the 按支出性质分 column.
var expenseKinds = []string{"基本支出", "项目支出"}

func (a *auditor) twoColumns() {
	for p, text := range a.doc.Paragraphs {
		i := strings.Index(text, "按收入性质分")
		if i < 0 {
			continue
		}
		// The cells run on over the following twelve lines, not counting
		// blank ones (a page's copy may leave two between cells).
		rest := text[i:]
		for q, n := p+1, 0; q < len(a.doc.Paragraphs) && q <= p+36 && n < 12; q++ {
			rest += "\n" + a.doc.Paragraphs[q]
			if strings.TrimSpace(a.doc.Paragraphs[q]) != "" {
				n++
			}
		}
		var income, expense []columnCell
		var incomeTotal, expenseTotal *columnCell
		line := p // the paragraph the scan has reached
		for {
			m := columnCellRe.FindStringSubmatchIndex(rest)
			if m == nil {
				break
			}
			line += strings.Count(rest[:m[3]], "\n")
			label := rest[m[2]:m[3]]
			c := columnCell{label: label, para: line}
			if m[4] >= 0 {
				c.value = rest[m[4]:m[5]]
			}
			switch {
			case label == "按收入性质分":
				incomeTotal = &c
			case label == "按支出性质分":
				expenseTotal = &c
			case containsAny(label, expenseKinds):
				expense = append(expense, c)
			case incomeKind(label):
				income = append(income, c)
			default:
				m = nil
			}
			if m == nil {
				break
			}
			line += strings.Count(rest[m[3]:m[1]], "\n")
			rest = rest[m[1]:]
		}
		a.columnAgainst("按收入性质分", incomeTotal, income)
		a.columnAgainst("按支出性质分", expenseTotal, expense)
	}
}

// columnCell is one cell of the budget's two columns.
type columnCell struct {
	label, value string
	para         int
}

// incomeKind reports whether a label names a source of income.
func incomeKind(label string) bool {
	for _, s := range []string{"预算", "拨款", "收入", "资金", "补助"} {
		if strings.HasSuffix(label, s) {
			return true
		}
	}
	return false
}

// columnAgainst checks one column's cells against its total.
func (a *auditor) columnAgainst(name string, total *columnCell, cells []columnCell) {
	if total == nil || total.value == "" || len(cells) < 2 {
		return
	}
	var vals, terms []string
	last := total.para
	for _, c := range cells {
		if c.value == "" {
			continue
		}
		last = max(last, c.para)
		vals = append(vals, normalize(c.value))
		terms = append(terms, c.label+c.value)
	}
	if len(vals) == 0 {
		return
	}
	sum, ok := sumWithin(normalize(total.value), vals)
	a.checked["T01"]++
	if ok {
		return
	}
	a.add(a.line(last), "T01", jixiao.SeverityError, fmt.Sprintf("表中“%s”为%s，其下各项之和为%s（%s）", name, total.value, jixiao.Plain(sum), strings.Join(terms, " + ")),
		[]jixiao.Number{{Name: name, Value: total.value}, {Name: "各项之和", Value: jixiao.Plain(sum)}}, total.para+1)
}
