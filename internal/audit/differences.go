package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// otherYearRe opens a comparison that names the other year's figure before
// the change: "比上年累计支出433万元减少2万元", "比上2022年末47人增加2人".
var otherYearRe = regexp.MustCompile(`(?:比|较)(?:上年度?|上一年|去年|上?(?:19|20)[0-9]{2}年)`)

// changeAmountRe is a change stated as an amount after the other year's
// figure, at the start of the rest of its clause: "减少2万元", "增加了 2 人".
var changeAmountRe = regexp.MustCompile(`^\s*[^，,。；;0-9０-９]{0,4}?(增加|增长|减少|下降|多|少)了?\s*$`)

// changeRateRe is a clause stating the change as a per cent: "下降12%",
// "增幅为3.5%", "同比增减率15.78%".
var changeRateRe = regexp.MustCompile(`^\s*(?:同比)?(增加|增长|减少|下降|增幅|降幅|增减率|增长率|下降率|变动率)(?:为|达|达到|了)?\s*(` + numberRe.String() + `)\s*[%％]`)

// stateDiffRe is a change stated as an amount in a clause of its own after
// both years' figures: "本年28521.28万元，上年24634.58万元，同比增减额3886.71
// 万元".
var stateDiffRe = regexp.MustCompile(`(?:^|[，,；;])\s*(?:同比)?(增减额|增减|变动额|增加额|减少额|增长额|增加|减少)(?:为|了)?\s*(` + numberRe.String() + `)`)

// differences checks a change on another year stated as an amount beside
// both years' figures (T01: last year + change = this year), and a per
// cent stated right after it (T03: change ÷ last year).
func (a *auditor) differences() {
	for _, s := range a.whole {
		ms := mentions(s.text)
		// "……支出431万元，比上年累计支出433万元减少2万元，下降0.46%".
		for _, loc := range otherYearRe.FindAllStringIndex(s.text, -1) {
			var after []mention
			for _, m := range ms {
				if m.start >= loc[1] {
					after = append(after, m)
				}
			}
			if len(after) < 2 || strings.ContainsAny(s.text[loc[1]:after[0].start], "，,。；;") {
				continue
			}
			prev, change := after[0], after[1]
			cm := changeAmountRe.FindStringSubmatch(s.text[prev.end:change.start])
			if cm == nil || !sameKind(prev, change) || prev.unit == "%" || change.unit == "%" {
				continue
			}
			cur, ok := figureBefore(s.text, ms, loc[0], prev)
			if !ok {
				continue
			}
			down := cm[1] == "减少" || cm[1] == "下降" || cm[1] == "少"
			a.difference(s, cur, prev, change, cm[1], down, false)
		}
		// "本年X万元，上年Y万元，同比增减额Z万元，同比增减率R%".
		for _, g := range stateDiffRe.FindAllStringSubmatchIndex(s.text, -1) {
			prev, cur, ok := yearPair(s.text[:g[0]])
			if !ok {
				continue
			}
			var change mention
			for _, m := range ms {
				if m.start == g[4] {
					change, ok = m, true
					break
				}
				ok = false
			}
			if !ok || !sameKind(change, cur) {
				continue
			}
			word := s.text[g[2]:g[3]]
			a.difference(s, cur, prev, change, word, strings.HasPrefix(word, "减少"), word == "增减额" || word == "增减" || word == "变动额")
		}
	}
}

// figureBefore is this year's figure of a comparison at byte at: the last
// figure of prev's kind before it in the sentence, in the clause just
// before the comparison or in the comparison's own clause.
func figureBefore(text string, ms []mention, at int, prev mention) (mention, bool) {
	start := clauseStart(text, at)
	if strings.TrimSpace(text[start:at]) == "" && start > 0 {
		start = clauseStart(text, start-1)
	}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.end > at || m.start < start {
			continue
		}
		if m.unit == "%" || !sameKind(m, prev) {
			return mention{}, false
		}
		return m, true
	}
	return mention{}, false
}

// difference compares cur − prev with a stated change (signed by down, or
// either sign when unsigned), then a per cent stated right after it.
func (a *auditor) difference(s sentence, cur, prev, change mention, word string, down, unsigned bool) {
	c, p, d := cur.value.Mul(scaleOf(cur.unit)), prev.value.Mul(scaleOf(prev.unit)), change.value.Mul(scaleOf(change.unit))
	if !p.IsPositive() {
		return
	}
	got := c.Sub(p)
	want := d
	if down {
		want = d.Neg()
	}
	if unsigned {
		got = got.Abs()
	}
	tol := decimal.Zero
	for _, m := range []mention{cur, prev, change} {
		if !countUnit(m.unit) {
			tol = tol.Add(slack(m))
		}
	}
	a.checked["T01"]++
	gap := got.Sub(want).Abs()
	if gap.GreaterThan(tol) {
		diff := got.Div(scaleOf(change.unit))
		a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s %s %s = %s%s，与所述%s%s不符（本年数 − 上年数 = 变动额）",
			cur.text, "−", prev.text, fmtDec(diff), change.unit, word, change.text),
			[]jixiao.Number{{Name: "本年", Value: cur.text}, {Name: "上年", Value: prev.text}, {Name: "变动额", Value: change.text}})
		return
	}
	// "…下降34万元，下降12%": the per cent of last year's figure.
	rest := s.text[change.end:]
	rest = strings.TrimLeft(rest, " ，,")
	rm := changeRateRe.FindStringSubmatchIndex(rest)
	if rm == nil || rest == s.text[change.end:] {
		return
	}
	stated, places, ok := statedPercent(rest[rm[4]:rm[5]])
	if !ok {
		return
	}
	if _, _, dated := yearPair(s.text[:len(s.text)-len(rest)]); dated && pctChangeRe.MatchString(rest) {
		return // twoYears reads it with the two dated figures
	}
	part := d
	sp := slack(change)
	if countUnit(change.unit) {
		sp = decimal.Zero
	}
	sw := slack(prev)
	if countUnit(prev.unit) {
		sw = decimal.Zero
	}
	a.checked["T03"]++
	pct, agrees := percentAgrees(part, p, stated, places, sp, sw)
	if agrees {
		return
	}
	a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述数字变动率为%s%%，与所述%s%%不符（变动额%s ÷ 上年%s）",
		jixiao.Fixed(pct, max(places, 2)), fmtDec(stated), change.text, prev.text),
		[]jixiao.Number{{Name: "上年", Value: prev.text}, {Name: "变动额", Value: change.text}, {Name: "变动率", Value: rest[rm[4]:rm[1]]}})
}
