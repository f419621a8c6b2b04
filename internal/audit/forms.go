package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A self-evaluation form flattened into a report's text (cells separated
// by spaces, tabs, "|" or line breaks) still prints each block's cap —
// "产出指标（50分）" — and ends each indicator row with its 分值 and 得分.
// capsOfForms adds up the 分值 of each block's rows against its cap (T05):
// within a block, every row's last two bare numbers are its 分值 and 得分,
// and a block is read only when every row gives both.

// capRe is a block label with its cap, as one cell: 产出指标（50分）.
var capRe = regexp.MustCompile(`^([\p{Han}]{2,8}指标)[（(]([0-9]+(?:\.[0-9]+)?)分[）)]$`)

// bareNumber is a cell holding only a number.
var bareNumber = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?$`)

type formCell struct {
	text string
	para int // 0-based
}

func (a *auditor) capsOfForms() {
	var cells []formCell
	for i, p := range a.doc.Paragraphs {
		for _, c := range strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '\t' || r == '|' || r == '\u3000' }) {
			cells = append(cells, formCell{c, i})
		}
	}
	for i := 0; i < len(cells); i++ {
		m := capRe.FindStringSubmatch(cells[i].text)
		if m == nil || m[1] == "绩效指标" {
			continue // 绩效指标（90分） caps the whole table, not a block
		}
		cp, _ := decimal.NewFromString(m[2])
		j := i + 1
		var weights []decimal.Decimal
		var run []string
		ok := true
		flush := func() {
			switch {
			case len(run) == 0:
			case len(run) == 1:
				ok = false // a row without its 得分, or a stray figure
			default:
				w, _ := decimal.NewFromString(run[len(run)-2])
				s, _ := decimal.NewFromString(run[len(run)-1])
				if s.GreaterThan(w) {
					ok = false // not 分值 then 得分
				}
				weights = append(weights, w)
			}
			run = run[:0]
		}
		for ; j < len(cells); j++ {
			t := cells[j].text
			if capRe.MatchString(t) || strings.HasPrefix(t, "总分") || strings.HasPrefix(t, "合计") {
				break
			}
			if bareNumber.MatchString(t) {
				run = append(run, t)
				continue
			}
			flush()
		}
		flush()
		if !ok || len(weights) < 2 {
			continue
		}
		sum := decimal.Zero
		var terms []string
		for _, w := range weights {
			sum = sum.Add(w)
			terms = append(terms, jixiao.Plain(w))
		}
		a.checked["T05"]++
		if sum.Equal(cp) {
			continue
		}
		p := cells[i].para
		s := sentence{para: p + 1, start: 0, end: len(a.doc.Paragraphs[p]), text: a.doc.Paragraphs[p]}
		a.add(s, "T05", jixiao.SeverityError, fmt.Sprintf("表中“%s”下%d个指标的分值之和为%s（%s），与所印%s分不符", cells[i].text, len(weights), jixiao.Plain(sum),
			strings.Join(terms, " + "), jixiao.Plain(cp)), []jixiao.Number{{Name: "所印分值", Value: cells[i].text}, {Name: "分值之和", Value: jixiao.Plain(sum)}})
	}
}
