package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A change explained by the changes of its parts: "收入预算较2023年增加
// 40.17万元，主要是一般公共预算拨款增加17.17万元，其他收入增加23万元";
// "较2023年减少5521.28万元，主要是基本支出预算减少607.6万元，项目支出预算
// 减少4913.69万元". When every clause after 主要是 to the end of the
// sentence is a part's change in money, the signed changes add up to the
// whole change (T01). 主要 may name the main parts only, so a gap is a
// warning.
var reasonHeadRe = regexp.MustCompile(`(增加|减少|增长|下降|增支|减支)\s*[0-9][0-9,，]*(?:[.．][0-9]+)?\s*(?:万亿元|亿元|万元|千元|元)[，,]\s*主要(?:是|原因是|为|系)?[：:]?`)

// changeItemRe is one part's change at the end of its clause, with an
// optional remark in brackets after it.
var changeItemRe = regexp.MustCompile(`(增加|减少|增长|下降|增支|减支)\s*[0-9][0-9,，]*(?:[.．][0-9]+)?\s*(?:万亿元|亿元|万元|千元|元)\s*(?:（[^（）]*）|\([^()]*\))?\s*$`)

func (a *auditor) changeReasons() {
	for _, s := range a.whole {
		for _, h := range reasonHeadRe.FindAllStringSubmatchIndex(s.text, -1) {
			headMs := moneyOf(s.text[h[0]:h[1]])
			if len(headMs) != 1 {
				continue
			}
			head := headMs[0]
			head.start += h[0]
			head.end += h[0]
			tail := s.text[h[1]:]
			if i := strings.IndexAny(tail, "。；;"); i >= 0 {
				tail = tail[:i]
			}
			var parts []mention
			var names []string
			var down []bool
			fits := true
			for _, item := range splitOn(tail, "，,、", false) {
				item = strings.TrimSpace(item)
				m := changeItemRe.FindStringSubmatchIndex(item)
				ms := moneyOf(item)
				if m == nil || len(ms) != 1 || strings.TrimSpace(item[:m[0]]) == "" {
					fits = false
					break
				}
				parts = append(parts, ms[0])
				names = append(names, strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(item[:m[0]], "比上年"), "较上年")))
				down = append(down, isDecrease(item[m[2]:m[3]]))
			}
			if !fits || len(parts) < 2 {
				continue
			}
			scale := scaleOf(head.unit)
			sum, tol := decimal.Zero, slack(head).Div(scale)
			var terms []string
			for k, p := range parts {
				v := p.value.Mul(scaleOf(p.unit)).Div(scale)
				sign := "+"
				if down[k] {
					v, sign = v.Neg(), "−"
				}
				sum = sum.Add(v)
				tol = tol.Add(slack(p).Div(scale))
				terms = append(terms, sign+" "+names[k]+p.text)
			}
			want := head.value
			if isDecrease(s.text[h[2]:h[3]]) {
				want = want.Neg()
			}
			a.checked["T01"]++
			if sum.Sub(want).Abs().LessThanOrEqual(tol) {
				continue
			}
			places := maxPlaces(append(parts, head)...)
			a.add(s, "T01", jixiao.SeverityWarning,
				fmt.Sprintf("%s%s，其后“主要”所列各项的变动之和为%s%s（%s）；若只列出了主要项目则可能无误", s.text[h[2]:h[3]], head.text, jixiao.Fixed(sum, places), head.unit, strings.TrimPrefix(strings.Join(terms, " "), "+ ")),
				[]jixiao.Number{{Name: "变动额", Value: head.text}, {Name: "各项变动之和", Value: jixiao.Fixed(sum, places) + head.unit}})
		}
	}
}

// isDecrease reports whether a change word says less.
func isDecrease(w string) bool {
	return w == "减少" || w == "下降" || w == "减支"
}
