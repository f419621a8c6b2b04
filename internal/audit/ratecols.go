package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Tables of budget execution set rates beside the amounts they are
// computed from — 占调整预算%, 比上年增长%, 执行率 — under headers copied in
// many ways (two lines, merged cells lost, years in the names). Rather than
// read each header, rateColumns lets the table show its rule: a column of
// per cents that two other columns of the same rows, left of it, explain — a ÷ b or
// (a − b) ÷ b, within the rounding of each figure — in all but one of at
// least four full rows is that rate; a full row where it does not hold is
// a finding (T03, or T08 for an execution rate). Rows with a cell missing
// (their cells may have shifted) are left out.

// Bounds on the tables read this way.
const (
	rateColsMaxWidth = 12
	rateColsMaxRows  = 80
	rateColsMinRows  = 4
	// A report's tables are a few dozen at most: past that many, a text
	// of rows is not read this way (each table costs its width cubed).
	rateColsMaxTables = 40
)

// rateHeadRe is a header that names a rate column.
var rateHeadRe = regexp.MustCompile(`%|％|率|增长|增减|比重|占`)

// tableRow is a row of figures: its label and one cell a column (nil when
// empty).
type tableRow struct {
	para  int
	label string
	cells []*decimal.Decimal
	texts []string
}

func (a *auditor) rateColumns() {
	paras := a.doc.Paragraphs
	rated, summed := 0, 0
	for i := 0; i < len(paras) && (rated < rateColsMaxTables || summed < rateColsMaxTables); i++ {
		var rows []tableRow
		j := i
		for ; j < len(paras) && j-i < rateColsMaxRows; j++ {
			r, ok := figureRow(paras[j])
			if !ok {
				break
			}
			r.para = j
			rows = append(rows, r)
		}
		if len(rows) >= rateColsMinRows && rated < rateColsMaxTables && a.rateHeader(i) {
			rated++
			a.rateTable(rows)
		}
		if len(rows) >= sumColsMinRows && summed < rateColsMaxTables {
			summed++
			a.sumTable(rows)
		}
		i = max(i, j)
	}
}

// rateHeader reports whether the three lines above paragraph i name a
// rate.
func (a *auditor) rateHeader(i int) bool { return a.headerSays(i, rateHeadRe) }

// executionHeadRe is a header that names an execution rate.
var executionHeadRe = regexp.MustCompile(`执行率|完成率|预算%|预算％|占预算|占调整预算`)

// headerSays reports whether one of the three lines of words above
// paragraph i matches re.
func (a *auditor) headerSays(i int, re *regexp.Regexp) bool {
	for p := max(0, i-3); p < i; p++ {
		if re.MatchString(a.doc.Paragraphs[p]) && !hasDigitOtherThanYear(a.doc.Paragraphs[p]) {
			return true
		}
	}
	return false
}

var yearWordRe = regexp.MustCompile(`(?:19|20)[0-9]{2}`)

func hasDigitOtherThanYear(s string) bool {
	return hasDigit(yearWordRe.ReplaceAllString(s, ""))
}

// figureRow reads a line of cells — separated by "|", tabs, or spaces —
// as a label and figures (empty cells allowed, at least one figure).
func figureRow(line string) (tableRow, bool) {
	var cells []string
	switch {
	case strings.Count(line, "|") >= 2:
		cells = strings.Split(strings.TrimSpace(line), "|")
		if len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
	case strings.Count(line, "\t") >= 2:
		cells = strings.Split(line, "\t")
	default:
		cells = strings.Fields(line)
	}
	if len(cells) < 3 || len(cells) > rateColsMaxWidth+1 {
		return tableRow{}, false
	}
	label := strings.TrimSpace(cells[0])
	// A classification code before the name ("208 | 社会保障和就业支出 |
	// …") is part of the label.
	if codeCell.MatchString(label) && len(cells) > 3 && !hasDigit(cells[1]) && strings.TrimSpace(cells[1]) != "" {
		label += " " + strings.TrimSpace(cells[1])
		cells = append(cells[:1], cells[2:]...)
	}
	if label == "" || hasDigitOtherThanYear(strings.TrimLeft(label, "0123456789 ")) || codeCell.MatchString(label) {
		return tableRow{}, false
	}
	r := tableRow{label: label}
	figures := 0
	for _, c := range cells[1:] {
		t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(c), "%"))
		v := normalize(t)
		if v == "" || v == "-" || v == "—" {
			r.cells, r.texts = append(r.cells, nil), append(r.texts, "")
			continue
		}
		d, err := decimal.NewFromString(v)
		if err != nil || !signedNumber.MatchString(v) {
			return tableRow{}, false
		}
		r.cells, r.texts = append(r.cells, &d), append(r.texts, v)
		figures++
	}
	// An empty row of a "|" table ("资源税 | |||||") is a row.
	return r, figures > 0 || strings.Contains(line, "|")
}

var signedNumber = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?$`)

// codeCell is a classification code: 208, 2080201.
var codeCell = regexp.MustCompile(`^[0-9]{3,10}$`)

// rateRule is a column explained by two others: share (a ÷ b) or growth
// ((a − b) ÷ b).
type rateRule struct {
	c, a, b int
	growth  bool
}

// holds reports whether the rule holds in row r, with what it gives:
// within the rounding of the figures, or, exact, as they are written.
func (rule rateRule) holds(r tableRow, exact bool) (decimal.Decimal, bool) {
	c, x, y := r.cells[rule.c], r.cells[rule.a], r.cells[rule.b]
	sx, sy := cellSlack(r.texts[rule.a]), cellSlack(r.texts[rule.b])
	if exact {
		sx, sy = decimal.Zero, decimal.Zero
	}
	part, slackPart := *x, sx
	if rule.growth {
		part, slackPart = x.Sub(*y), sx.Add(sy)
	}
	if !y.IsPositive() {
		return decimal.Zero, true
	}
	neg := part.IsNegative()
	if neg {
		part = part.Neg()
	}
	stated := *c
	if neg {
		stated = stated.Neg()
	}
	got, ok := percentAgrees(part, *y, stated, decimalPlaces(r.texts[rule.c]), slackPart, sy)
	if neg {
		got = got.Neg()
	}
	return got, ok
}

func (a *auditor) rateTable(rows []tableRow) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r.cells))
	}
	var full []tableRow
	for _, r := range rows {
		if len(r.cells) == width {
			full = append(full, r)
		}
	}
	if width < 3 {
		return
	}
	type found struct {
		rule       rateRule
		agree, all int
		broken     []int
		exact      bool
	}
	for c := 0; c < width; c++ {
		var best []found
		// Nearest columns first, the numerator right of the base
		// ("调整预算数 | 执行数 | 占调整预算%"): of rules that explain a column
		// alike, the first is told.
		for x := c - 1; x >= 0; x-- {
			for y := c - 1; y >= 0; y-- {
				// A rate stands right of the figures it is computed
				// from ("预算数 | 执行数 | 执行率"); read the other way
				// round, the same figures would explain an amount by
				// its rate.
				if x >= c || y >= c || x == y {
					continue
				}
				for _, growth := range []bool{false, true} {
					rule := rateRule{c, x, y, growth}
					f := found{rule: rule}
					var exactBroken []int
					varied, apart := false, false
					var first *decimal.Decimal
					for k, r := range full {
						if r.cells[c] == nil || r.cells[x] == nil || r.cells[y] == nil || !r.cells[y].IsPositive() {
							continue
						}
						if first == nil {
							first = r.cells[c]
						} else if !first.Equal(*r.cells[c]) {
							varied = true
						}
						if !r.cells[x].Equal(*r.cells[y]) {
							apart = true
						}
						f.all++
						if _, ok := rule.holds(r, false); ok {
							f.agree++
						} else {
							f.broken = append(f.broken, k)
						}
						if _, ok := rule.holds(r, true); !ok {
							exactBroken = append(exactBroken, k)
						}
					}
					// Rates that agree with the figures as written show
					// the figures exact (not rounded): a row is held to
					// them.
					if f.all-len(exactBroken) >= rateColsMinRows && len(exactBroken) <= 1 {
						f.broken, f.agree, f.exact = exactBroken, f.all-len(exactBroken), true
					}
					// A rule shown by the table: four rows at least, all
					// but one agreeing, its rates not all one figure, its
					// two columns not one copied.
					// Execution at 100% in every row ("占调整预算%" beside two
					// equal columns) is a rule too: a share of one figure,
					// 100, of two columns equal but in the one row.
					whole := !growth && first != nil && first.Equal(decimal.NewFromInt(100))
					if f.all < rateColsMinRows || f.all-f.agree > 1 || !whole && (!varied || !apart) {
						continue
					}
					switch {
					case len(best) == 0 || f.agree > best[0].agree:
						best = []found{f}
					case f.agree == best[0].agree:
						best = append(best, f)
					}
				}
			}
		}
		if len(best) == 0 {
			continue
		}
		a.checked["T03"]++
		// Two rules that explain the column alike but blame other rows
		// leave it unread.
		if len(best[0].broken) == 0 {
			continue
		}
		same := true
		for _, f := range best[1:] {
			if len(f.broken) != 1 || f.broken[0] != best[0].broken[0] {
				same = false
			}
		}
		if !same {
			continue
		}
		f := best[0]
		r := full[f.broken[0]]
		got, _ := f.rule.holds(r, f.exact)
		x, y := r.texts[f.rule.a], r.texts[f.rule.b]
		how := fmt.Sprintf("%s ÷ %s", x, y)
		if f.rule.growth {
			how = fmt.Sprintf("（%s − %s）÷ %s", x, y, y)
		}
		code := "T03"
		if !f.rule.growth && a.headerSays(rows[0].para, executionHeadRe) {
			code = "T08"
		}
		places := max(decimalPlaces(r.texts[f.rule.c]), 2)
		a.add(a.line(r.para), code, jixiao.SeverityError,
			fmt.Sprintf("表中“%s”一行：第%d栏%s%%，按第%d栏与第%d栏算得%s%%（%s；此表其余%d行都按此计算）",
				r.label, f.rule.c+1, r.texts[f.rule.c], f.rule.a+1, f.rule.b+1, jixiao.Fixed(got, places), how, f.agree),
			[]jixiao.Number{{Name: fmt.Sprintf("第%d栏", f.rule.c+1), Value: r.texts[f.rule.c] + "%"}, {Name: "按两栏算得", Value: jixiao.Fixed(got, places) + "%"}})
	}
}

// A column that is the sum of a run of columns beside it (合计 | 基本支出 |
// 项目支出, or a 小计 under a header the copy lost) in all full rows but one,
// at least three, is that sum: the row that breaks it is reported (T01),
// unless another reader has already reported a sum on that row.
const sumColsMinRows = 3

func (a *auditor) sumTable(rows []tableRow) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r.cells))
	}
	// Empty cells at a row's end may not have been copied: they are
	// empty, nil in a sum.
	full := make([]tableRow, len(rows))
	for k, r := range rows {
		full[k] = r
		for len(full[k].cells) < width {
			full[k].cells = append(slices.Clip(full[k].cells), nil)
			full[k].texts = append(slices.Clip(full[k].texts), "")
		}
	}
	for c := 0; c < width; c++ {
		type run struct{ from, to int }
		var runs []run
		for to := c + 2; to < width; to++ {
			runs = append(runs, run{c + 1, to})
		}
		for from := c - 2; from >= 0; from-- {
			runs = append(runs, run{from, c - 1})
		}
		for _, rn := range runs {
			all, agree, busy := 0, 0, 0
			var broken []int
			for k, r := range full {
				if r.cells[c] == nil {
					continue
				}
				sum, slack, filled := decimal.Zero, cellSlack(r.texts[c]), 0
				for q := rn.from; q <= rn.to; q++ {
					if r.cells[q] != nil {
						sum = sum.Add(*r.cells[q])
						slack = slack.Add(cellSlack(r.texts[q]))
						if !r.cells[q].IsZero() {
							filled++
						}
					}
				}
				if filled == 0 {
					continue
				}
				all++
				if gap := sum.Sub(*r.cells[c]).Abs(); gap.LessThanOrEqual(slack) {
					agree++
					// Rows that add up exactly, or within the rounding
					// of figures written with decimals, show the rule;
					// whole numbers within ±0.5 each only agree with it.
					if filled >= 2 && (gap.IsZero() || decimalPlaces(r.texts[c]) > 0) {
						busy++
					}
				} else {
					broken = append(broken, k)
				}
			}
			// The rule shown by the table: all rows but one, two rows at
			// least showing it with two figures or more (not one column
			// copied, not small figures agreeing within their rounding).
			if all < sumColsMinRows || len(broken) != 1 || busy < 2 {
				continue
			}
			r := full[broken[0]]
			if slices.ContainsFunc(a.findings, func(f Finding) bool { return f.Code == "T01" && f.Para == r.para+1 }) {
				break
			}
			var terms []string
			sum := decimal.Zero
			places := decimalPlaces(r.texts[c])
			for q := rn.from; q <= rn.to; q++ {
				if r.cells[q] != nil {
					sum = sum.Add(*r.cells[q])
					terms = append(terms, r.texts[q])
					places = max(places, decimalPlaces(r.texts[q]))
				}
			}
			a.checked["T01"]++
			a.add(a.line(r.para), "T01", jixiao.SeverityError,
				fmt.Sprintf("表中“%s”一行：第%d栏为%s，第%d–%d栏之和为%s（%s；此表其余%d行都是这样相加的）",
					r.label, c+1, r.texts[c], rn.from+1, rn.to+1, jixiao.Fixed(sum, places), strings.Join(terms, " + "), agree),
				[]jixiao.Number{{Name: fmt.Sprintf("第%d栏", c+1), Value: r.texts[c]}, {Name: "各栏之和", Value: jixiao.Fixed(sum, places)}})
			break
		}
	}
}
