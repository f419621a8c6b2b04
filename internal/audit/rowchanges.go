package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Tables of a hospital's or a unit's finances often set each row's figure
// for two periods beside its change and its rate of change:
//
//	项目 | 行号 | 本期 | 上年同期 | 增加额 | 增长率
//	1、总收入 | 1 | 61625022.26 | 66095039.04 | -4470016.78 | -6.76%
//
// or, spaces between the cells, under a header on two lines ("2016年度
// 2017年度 2017比2016增减" / "增减值 增减%"). rowChanges checks each row:
// the change is this period less the other (T01), the rate the change over
// the other period (T03), each within the rounding of the figures.

// periodRe names a column of a period: this one or the one before.
var periodRe = regexp.MustCompile(`本期|本年数|本年度|本年决算数?|本年|上年同期|去年同期|上年数|上年度|上年决算数?|上年|(?:19|20)[0-9]{2}年度?`)

// changeColRe names a column of the change as an amount; rateColRe as a
// per cent.
var (
	changeColRe = regexp.MustCompile(`增减值|增减额|增加额|变动额|增减金额`)
	rateColRe   = regexp.MustCompile(`增减%|增减率|增长率|增减幅度|变动率|增幅`)
)

// rowHeader is what a header says of the figures at the end of its rows.
type rowHeader struct {
	curFirst bool // this period's column before the other's
	exact    bool // figures in 元 to the fen: exact, not rounded
	change   bool // a column of the change
	rate     bool // a column of the rate
	cur, pre string
}

// readRowHeader reads a header from the text of up to three lines.
func readRowHeader(text string) (rowHeader, bool) {
	t := strings.ReplaceAll(text, " ", "")
	ps := periodRe.FindAllString(t, -1)
	h := rowHeader{change: changeColRe.MatchString(t), rate: rateColRe.MatchString(t)}
	if len(ps) < 2 || !h.change && !h.rate || ps[0] == ps[1] {
		return h, false
	}
	a, b := ps[0], ps[1]
	switch {
	case yearFigureRe.MatchString(a[:4]) && yearFigureRe.MatchString(b[:4]):
		if a[:4] == b[:4] {
			return h, false
		}
		h.curFirst = a[:4] > b[:4]
	case strings.HasPrefix(a, "本") && (strings.HasPrefix(b, "上") || strings.HasPrefix(b, "去")):
		h.curFirst = true
	case strings.HasPrefix(b, "本") && (strings.HasPrefix(a, "上") || strings.HasPrefix(a, "去")):
	default:
		return h, false
	}
	h.cur, h.pre = a, b
	if !h.curFirst {
		h.cur, h.pre = b, a
	}
	return h, true
}

// yuanUnitRe states that a table's figures are in 元.
var yuanUnitRe = regexp.MustCompile(`单位\s*[:：]\s*元`)

// rowFigureRe is a cell holding a figure: "-4470016.78", "99.93%".
var rowFigureRe = regexp.MustCompile(`^[-－−]?[0-9][0-9,\x01]*(?:\.[0-9]+)?%?$`)

// rowFigures are the figures that end a row, in order, and its label.
func rowFigures(line string) (figs []string, label string) {
	cells := pipeCells(line)
	if cells == nil {
		cells = strings.Fields(line)
	}
	k := len(cells)
	for k > 0 && (cells[k-1] == "" || rowFigureRe.MatchString(cells[k-1])) {
		k--
	}
	for _, c := range cells[k:] {
		if c != "" {
			figs = append(figs, c)
		}
	}
	return figs, strings.Join(cells[:k], " ")
}

func (a *auditor) rowChanges() {
	ps := a.doc.Paragraphs
	for i := 0; i < len(ps); i++ {
		if !changeColRe.MatchString(ps[i]) && !rateColRe.MatchString(ps[i]) || len(ps[i]) > 400 {
			continue
		}
		// The header: this line and up to two before it without figures
		// of the rows.
		from := i
		for from > 0 && i-from < 2 && len(ps[from-1]) < 200 && !strings.ContainsAny(ps[from-1], ".%") && ps[from-1] != "" {
			from--
		}
		var h rowHeader
		ok := false
		for f := from; f <= i && !ok; f++ {
			h, ok = readRowHeader(strings.Join(ps[f:i+1], " "))
		}
		if !ok {
			continue
		}
		// "单位：元" above the header: amounts to the fen are exact.
		for f := max(0, from-3); f <= i; f++ {
			h.exact = h.exact || yuanUnitRe.MatchString(ps[f])
		}
		n := 2
		if h.change {
			n++
		}
		if h.rate {
			n++
		}
		for j := i + 1; j < len(ps) && j <= i+60; j++ {
			if readRowHeaderLine(ps[j]) {
				break // another table
			}
			figs, label := rowFigures(ps[j])
			if len(figs) < n {
				continue
			}
			a.rowChange(j, h, figs[len(figs)-n:], label)
		}
	}
}

// readRowHeaderLine reports whether a line opens another such table.
func readRowHeaderLine(line string) bool {
	_, ok := readRowHeader(line)
	return ok
}

// rowChange checks one row's figures: the two periods in the header's
// order, then the change and the rate the header names.
func (a *auditor) rowChange(p int, h rowHeader, figs []string, label string) {
	num := func(s string) (decimal.Decimal, int32, bool) {
		s = strings.NewReplacer("－", "-", "−", "-", "%", "").Replace(normalize(s))
		d, err := decimal.NewFromString(s)
		return d, decimalPlaces(s), err == nil
	}
	curText, preText := unmark(figs[0]), unmark(figs[1])
	if !h.curFirst {
		curText, preText = preText, curText
	}
	cur, cp, ok1 := num(curText)
	pre, pp, ok2 := num(preText)
	if !ok1 || !ok2 {
		return
	}
	half := func(places int32) decimal.Decimal {
		// To the fen, or in whole 元, an amount is exact; one decimal
		// ("117154424.7") is a display that rounded it.
		if h.exact && (places == 2 || places == 0) {
			return decimal.Zero
		}
		return decimal.New(5, -places-1)
	}
	s := a.line(p)
	name := strings.TrimSpace(label)
	if name == "" {
		name = "此行"
	} else {
		name = "“" + shorten(name) + "”"
	}
	change := cur.Sub(pre)
	k := 2
	if h.change {
		d, dp, ok := num(figs[k])
		k++
		if !ok {
			return
		}
		a.checked["T01"]++
		tol := half(cp).Add(half(pp)).Add(half(dp))
		if got := cur.Sub(pre); got.Sub(d).Abs().GreaterThan(tol) {
			a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("表中%s：%s %s − %s %s = %s，与所列增减%s不符", name, h.cur, curText, h.pre, preText,
				jixiao.Fixed(got, max(cp, pp, dp)), unmark(figs[2])),
				[]jixiao.Number{{Name: h.cur, Value: curText}, {Name: h.pre, Value: preText}, {Name: "增减", Value: unmark(figs[2])}})
			return
		}
		change = d
	}
	if !h.rate || !pre.IsPositive() {
		return
	}
	r, rp, ok := num(figs[k])
	if !ok {
		return
	}
	if !strings.HasSuffix(figs[k], "%") && r.Abs().LessThan(decimal.NewFromInt(1)) && change.Abs().GreaterThan(pre.Div(decimal.NewFromInt(50))) {
		return // a ratio, not a per cent: not read
	}
	a.checked["T03"]++
	got, agrees := percentAgrees(change, pre, r, rp, half(max(cp, pp)).Mul(decimal.NewFromInt(2)), half(pp))
	if agrees {
		return
	}
	a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("表中%s：增减 %s ÷ %s %s = %s%%，与所列%s不符", name, jixiao.Plain(change), h.pre, preText,
		jixiao.Fixed(got, max(rp, 2)), unmark(figs[k])),
		[]jixiao.Number{{Name: h.pre, Value: preText}, {Name: "增减", Value: jixiao.Plain(change)}, {Name: "所列增减率", Value: unmark(figs[k])}})
}
