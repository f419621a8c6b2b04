package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// perHeadRe is a count and an amount for each of it: "268名代表，年人均2400
// 元", "按12家街道工委每家10000元". Groups: the count, its measure word, the
// amount for each, its unit.
var perHeadRe = regexp.MustCompile(`(` + numberRe.String() + `)\s*(名|人|家|个|户|辆|所|台|套|座|亩)[\p{Han}]{0,10}?[，,、]?\s*(?:按)?(?:每年|每月|年|月)?(?:人均|每人|每家|每户|每辆|每个|每所|每台|每套|每座|每亩|每名)(?:每年|每月|年|月)?(?:补助|补贴|标准|经费)?(?:为)?\s*(` + numberRe.String() + `)\s*(万元|元)`)

// productRe is the amount a count times an amount for each comes to, right
// after them: "计643200元", "，共计8.4万元".
var productRe = regexp.MustCompile(`^\s*(?:的标准)?[，,]?\s*(?:计|共计|合计|共|总计)(?:[\p{Han}“”]{0,16}?)(?:为)?\s*(` + numberRe.String() + `)\s*(万元|元)`)

// products checks an amount worked out as a count times an amount for
// each, a standard per head, per unit or per mu (T03): "测算标准：268名代表，年人均2400元计643200元"; "业务经费120000
// 元，按12家街道工委每家10000元测算"; or, for a line that only states how
// it was worked out ("代表活动经费按268名代表、年人均2000元测算"), the one
// amount of the line above.
func (a *auditor) products() {
	for k, s := range a.whole {
		for _, m := range perHeadRe.FindAllStringSubmatchIndex(s.text, -1) {
			n, err1 := decimal.NewFromString(normalize(s.text[m[2]:m[3]]))
			each, err2 := decimal.NewFromString(normalize(s.text[m[6]:m[7]]))
			if err1 != nil || err2 != nil || !n.IsPositive() || !each.IsPositive() {
				continue
			}
			eachM := mention{value: each, text: s.text[m[6]:m[9]], unit: s.text[m[8]:m[9]], places: decimalPlaces(normalize(s.text[m[6]:m[7]]))}
			var total mention
			found := false
			if p := productRe.FindStringSubmatchIndex(s.text[m[1]:]); p != nil {
				if ms := mentions(s.text[m[1]+p[2] : m[1]+p[5]]); len(ms) > 0 {
					total, found = ms[0], true
				}
			} else if rest := strings.TrimLeft(s.text[m[1]:], " "); strings.HasPrefix(rest, "测算") || strings.HasPrefix(rest, "计算") || strings.HasPrefix(rest, "核定") {
				before := s.text[:m[0]]
				if i := strings.LastIndex(before, "按"); i >= 0 {
					before = before[:i]
				}
				if t, ok := lastMoney(before); ok && strings.Trim(before[t.end:], "，, ") == "" {
					total, found = t, true
				} else if _, ok := lastMoney(before); !ok && k > 0 {
					// The line above states the amount.
					if above := a.whole[k-1]; above.para < s.para && len(moneyOf(above.text)) == 1 && s.start == 0 {
						total, found = moneyOf(above.text)[0], true
					}
				}
			}
			if !found {
				continue
			}
			got := n.Mul(each).Mul(scaleOf(eachM.unit))
			want := total.value.Mul(scaleOf(total.unit))
			a.checked["T03"]++
			// The amount is rounded where it is written; so is an area or
			// a standard with decimals; a count of people or things is
			// exact.
			tol := slack(total)
			if unit := s.text[m[4]:m[5]]; !countUnit(unit) {
				tol = tol.Add(decimal.New(5, -decimalPlaces(normalize(s.text[m[2]:m[3]]))-1).Mul(each).Mul(scaleOf(eachM.unit)))
			}
			if eachM.places > 0 {
				tol = tol.Add(slack(eachM).Mul(n))
			}
			if got.Sub(want).Abs().LessThanOrEqual(tol) {
				continue
			}
			shown := got.Div(scaleOf(total.unit))
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("%s × %s = %s%s，与所述%s不符（数量 × 单项标准 = 金额）",
				s.text[m[2]:m[5]], eachM.text, jixiao.Fixed(shown, max(total.places, eachM.places)), total.unit, total.text),
				[]jixiao.Number{{Name: "数量", Value: s.text[m[2]:m[5]]}, {Name: "单项标准", Value: eachM.text}, {Name: "金额", Value: total.text}})
		}
	}
}
