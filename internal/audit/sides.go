package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A unit's budget told as its total, then each side's list: "2021年财政拨款
// 收支预算3354.33万元。收入包括：一般公共预算当年拨款收入3225万元，上年
// 结转129.33万元；支出包括：卫生健康支出（类）3354.33万元。" Each side's
// amounts add up to the total (T01). Only lists that give an amount for
// every item are read; a list of names alone says nothing.
var sidesTotalRe = regexp.MustCompile(`收支(?:总)?预算(?:总额)?(?:为|是)?\s*(` + numberRe.String() + `)\s*(万元|元|亿元)`)

// sidesLookAhead is how far after the total its lists are looked for, in
// bytes: a few sentences (a long paragraph of totals costs no more).
const sidesLookAhead = 600

// sideListRe opens a side's list.
var sideListRe = regexp.MustCompile(`(收入|支出)(?:包括|主要包括|分别为|为)[：:]`)

func (a *auditor) incomeSpendSides() {
	for p, para := range a.doc.Paragraphs {
		for _, tm := range sidesTotalRe.FindAllStringSubmatchIndex(para, -1) {
			total := mentions(para[tm[2]:tm[5]])
			if len(total) != 1 {
				continue
			}
			// The lists follow the total in the same paragraph, or start
			// the next (a PDF's line breaks are joined elsewhere).
			rest := para[tm[1]:min(len(para), tm[1]+sidesLookAhead)]
			for _, lm := range sideListRe.FindAllStringSubmatchIndex(rest, 2) {
				list := rest[lm[1]:]
				if i := strings.IndexAny(list, "；;。"); i >= 0 {
					list = list[:i]
				}
				items := splitOn(list, "，,、", false)
				var parts []mention
				for _, it := range items {
					ms := moneyOf(it)
					if len(ms) != 1 {
						parts = nil
						break
					}
					parts = append(parts, ms[0])
				}
				if len(parts) < 1 {
					continue
				}
				t := total[0]
				sum, tol := decimal.Zero, slack(t)
				var terms []string
				for _, pt := range parts {
					sum = sum.Add(pt.value.Mul(scaleOf(pt.unit)))
					tol = tol.Add(slack(pt))
					terms = append(terms, written(pt))
				}
				want := t.value.Mul(scaleOf(t.unit))
				a.checked["T01"]++
				if sum.Sub(want).Abs().LessThanOrEqual(tol) {
					continue
				}
				side := rest[lm[2]:lm[3]]
				shown := jixiao.Fixed(sum.Div(scaleOf(t.unit)), maxPlaces(append(parts, t)...))
				a.add(a.line(p), "T01", jixiao.SeverityError,
					fmt.Sprintf("收支预算%s，%s所列各项之和为%s%s（%s）", t.text, side, shown, t.unit, strings.Join(terms, " + ")),
					[]jixiao.Number{{Name: "收支预算", Value: t.text}, {Name: side + "各项之和", Value: shown + t.unit}})
			}
		}
	}
}
