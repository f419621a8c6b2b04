package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A change told as from one figure to the other, then its rate: "由上年的
// 17916.00元增加到21360.17元，增长19.22%", "从85%下降至80%，下降5个百分点"
// (the last is a gap, read elsewhere). fromTo checks the rate against the
// two figures: (to − from) ÷ from, within their rounding (T03).
var fromToRe = regexp.MustCompile(`(?:由|从)(?:上一?年度?|去年|[0-9]{4}\s*年度?)?的?\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|千元|元|万人|人次|人|万吨|吨|万亩|亩|公里|个|所|家|户)?\s*(增加|增长|提高|上升|减少|下降|降低)(?:到|至)\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|千元|元|万人|人次|人|万吨|吨|万亩|亩|公里|个|所|家|户)[，,]?\s*(?:同比)?(增长|增加|提高|上升|下降|减少|降低)了?\s*(` + numberRe.String() + `)\s*[%％]`)

func (a *auditor) fromTo() {
	for _, s := range a.whole {
		for _, m := range fromToRe.FindAllStringSubmatchIndex(s.text, -1) {
			fromText, toText := normalize(s.text[m[2]:m[3]]), normalize(s.text[m[8]:m[9]])
			unit := s.text[m[10]:m[11]]
			if m[4] >= 0 && s.text[m[4]:m[5]] != unit {
				continue // two units: not one quantity
			}
			from, err1 := decimal.NewFromString(fromText)
			to, err2 := decimal.NewFromString(toText)
			stated, places, ok := statedPercent(s.text[m[14]:m[15]])
			if err1 != nil || err2 != nil || !ok || !from.IsPositive() {
				continue
			}
			up := isRise(s.text[m[6]:m[7]])
			if up != isRise(s.text[m[12]:m[13]]) || up != to.GreaterThan(from) {
				continue // the words disagree with each other or the figures: read elsewhere
			}
			gap := to.Sub(from).Abs()
			sf, st := cellSlack(fromText), cellSlack(toText)
			if countUnit(unit) && decimalPlaces(fromText) == 0 && decimalPlaces(toText) == 0 {
				sf, st = decimal.Zero, decimal.Zero
			}
			a.checked["T03"]++
			got, agrees := percentAgrees(gap, from, stated, places, sf.Add(st), sf)
			if agrees {
				continue
			}
			word := s.text[m[12]:m[13]]
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("由%s%s%s到%s%s，按所述数字%s%s%%，与所述%s%%不符（（%s − %s）÷ %s）",
				s.text[m[2]:m[3]], unit, s.text[m[6]:m[7]], s.text[m[8]:m[9]], unit, word, jixiao.Fixed(got, max(places, 2)), s.text[m[14]:m[15]], maxOf(toText, fromText), minOf(toText, fromText), fromText),
				[]jixiao.Number{{Name: "上期", Value: s.text[m[2]:m[3]] + unit}, {Name: "本期", Value: s.text[m[8]:m[9]] + unit}, {Name: "变动率", Value: s.text[m[14]:m[15]] + "%"}})
		}
	}
}

// isRise reports whether a change word says more.
func isRise(w string) bool {
	return w == "增加" || w == "增长" || w == "提高" || w == "上升"
}

// maxOf and minOf are the larger and the smaller of two written figures.
func maxOf(a, b string) string {
	x, _ := decimal.NewFromString(a)
	y, _ := decimal.NewFromString(b)
	if x.GreaterThanOrEqual(y) {
		return a
	}
	return b
}

func minOf(a, b string) string {
	if maxOf(a, b) == a {
		return b
	}
	return a
}

// fromToAmountRe is a change told as from one amount to the other, then
// its amount: "总收入由397959万元调整为409959万元,调增12000万元", "由上年的
// 120万元增加到150万元，增加30万元".
var fromToAmountRe = regexp.MustCompile(`(?:由|从)(?:上一?年度?|去年|[0-9]{4}\s*年度?)?的?\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|千元|元)\s*(?:调整|增加|减少|增长|下降|提高|降低|调增|调减)?(?:为|到|至)\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|千元|元)\s*[，,]\s*(?:共|净)?(调增|调减|增加|减少|增长|下降|提高|降低|增|减)了?\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|千元|元)`)

// fromToAmount checks the amount of a change told from one amount to the
// other against the two: to − from (T01, as every change amount).
func (a *auditor) fromToAmount() {
	for k, s := range a.whole {
		matches := fromToAmountRe.FindAllStringSubmatchIndex(s.text, -1)
		if matches == nil {
			continue
		}
		ms := a.wholeMentions(k)
		at := func(start int) (mention, bool) {
			i := slices.IndexFunc(ms, func(x mention) bool { return x.start == start })
			if i < 0 {
				return mention{}, false
			}
			return ms[i], true
		}
		for _, m := range matches {
			from, ok1 := at(m[2])
			to, ok2 := at(m[6])
			change, ok3 := at(m[12])
			if !ok1 || !ok2 || !ok3 || !from.value.IsPositive() {
				continue
			}
			f, t, d := from.value.Mul(scaleOf(from.unit)), to.value.Mul(scaleOf(to.unit)), change.value.Mul(scaleOf(change.unit))
			word := s.text[m[10]:m[11]]
			if isRise(word) || strings.HasPrefix(word, "调增") || word == "增" {
				// A rise said of figures that fall is read elsewhere.
				if t.LessThan(f) {
					continue
				}
			} else if t.GreaterThan(f) {
				continue
			}
			a.checked["T01"]++
			got := t.Sub(f).Abs()
			if got.Sub(d).Abs().LessThanOrEqual(slack(from).Add(slack(to)).Add(slack(change))) {
				continue
			}
			hi, lo := to, from
			if t.LessThan(f) {
				hi, lo = from, to
			}
			a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("由%s变为%s，%s − %s = %s%s，与所述%s%s不符（变动后 − 变动前 = 变动额）",
				from.text, to.text, hi.text, lo.text, jixiao.Fixed(got.Div(scaleOf(change.unit)), max(from.places, to.places)), change.unit, word, change.text),
				[]jixiao.Number{{Name: "变动前", Value: from.text}, {Name: "变动后", Value: to.text}, {Name: "变动额", Value: change.text}})
		}
	}
}
