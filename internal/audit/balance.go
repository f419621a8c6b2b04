package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A unit's accounts balance: its 收入总计 (this year's income and what was
// carried over into it) equals its 支出总计 (spending and what is carried
// out), in a budget and in final accounts alike, and reports state both
// in one sentence: "2021年度收入总计5,459.64万元，支出总计5,459.64万元".
// balancedTotals checks that the two agree (T07), in one sentence or in
// the next two of its paragraph; a qualified total ("财政拨款收入总计",
// often this year's grants alone) is left alone.

// balanceWords name the two sides: 收入总计/支出总计, or 收入总量/支出总量.
var balanceWords = [][2]string{{"收入总计", "支出总计"}, {"收入总量", "支出总量"}}

func (a *auditor) balancedTotals() {
	for k, s := range a.whole {
		for _, w := range balanceWords {
			if !strings.Contains(s.text, w[0]) {
				continue
			}
			in, okIn := balanceSide(s.text, w[0])
			// The spending side may close the next sentence or the one
			// after ("…加上上年结转，收入总量为159.98亿元。全区支出113.39亿元，
			// 加上…结转下年，支出总量为159.98亿元。"): then the finding is
			// placed there.
			other := s
			for j := k + 1; !strings.Contains(other.text, w[1]) && j < len(a.whole) && j <= k+2 && a.whole[j].para == s.para && !strings.Contains(a.whole[j].text, w[0]); j++ {
				other = a.whole[j]
			}
			if !strings.Contains(other.text, w[1]) {
				continue
			}
			out, okOut := balanceSide(other.text, w[1])
			if !okIn || !okOut {
				continue
			}
			s := other
			// A government's totals differ by its balance ("收支相抵年终结余
			// 11,236万元"): they are equal only in a unit's accounts.
			if containsAny(a.doc.Paragraphs[s.para-1], []string{"收支相抵", "年终结余", "年终结转", "滚存结余", "净结余"}) {
				continue
			}
			a.checked["T07"]++
			if in.value.Mul(scaleOf(in.unit)).Equal(out.value.Mul(scaleOf(out.unit))) {
				continue
			}
			a.add(s, "T07", jixiao.SeverityError, fmt.Sprintf("%s%s与%s%s不等：一个单位的%s与%s应当相等", w[0], in.text, w[1], out.text, w[0], w[1]),
				[]jixiao.Number{{Name: w[0], Value: in.text}, {Name: w[1], Value: out.text}})
		}
	}
}

// balanceSide is the amount right after the first word in text, when the
// words before it are only a year or the unit itself ("2021年度收入总计",
// "本单位收入总计").
func balanceSide(text, word string) (mention, bool) {
	i := strings.Index(text, word)
	if i < 0 {
		return mention{}, false
	}
	before := text[clauseStart(text, i):i]
	before = yearRe.ReplaceAllString(before, "")
	for _, w := range []string{"本年度", "年度", "本年", "全年", "度", "本单位", "本部门", "单位", "部门", "我单位", "我局"} {
		before = strings.ReplaceAll(before, w, "")
	}
	if strings.TrimSpace(before) != "" {
		return mention{}, false
	}
	rest := text[i+len(word):]
	ms := mentions(rest)
	if len(ms) == 0 {
		return mention{}, false
	}
	if _, isMoney := money(ms[0].unit); !isMoney || strings.Trim(rest[:ms[0].start], " 为是:：") != "" {
		return mention{}, false
	}
	return ms[0], true
}

// A budget's income less its spending is its balance, and reports state it
// after both: "社会保险基金预算收入65.17亿元，社会保险基金预算支出57.93亿元。
// 收支相抵，本年收支结余7.24亿元". offsets checks the stated 结余 (or 赤字)
// against the income and the spending stated before it in its paragraph
// (T01): the income is the first amount named as a whole income (总收入,
// 收入总计… before a plain …收入), the spending the first amount named as
// spending that is not a part (其中…) after it.

// offsetRe is the balance after 收支相抵: its word and amount.
var offsetRe = regexp.MustCompile(`收支相抵[，,、]?\s*((?:本年|当年|年终|年末)?(?:收支)?(?:结余|赤字))(?:为|了)?\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|元)`)

func (a *auditor) offsets() {
	for k, s := range a.whole {
		m := offsetRe.FindStringSubmatchIndex(s.text)
		if m == nil {
			continue
		}
		// The paragraph up to the balance.
		text := s.text[:m[0]]
		for j := k - 1; j >= 0 && a.whole[j].para == s.para; j-- {
			text = a.whole[j].text + "。" + text
		}
		in, okIn := offsetSide(text, "收入", 0)
		if !okIn {
			continue
		}
		out, okOut := offsetSide(text, "支出", in.end)
		if !okOut {
			continue
		}
		stated := mention{value: decimal.RequireFromString(normalize(s.text[m[4]:m[5]])), text: s.text[m[4]:m[7]], unit: s.text[m[6]:m[7]], places: decimalPlaces(normalize(s.text[m[4]:m[5]]))}
		word := s.text[m[2]:m[3]]
		i, o := in.value.Mul(scaleOf(in.unit)), out.value.Mul(scaleOf(out.unit))
		got := i.Sub(o)
		if strings.HasSuffix(word, "赤字") {
			got = o.Sub(i)
		}
		if !got.IsPositive() {
			continue
		}
		a.checked["T01"]++
		v := stated.value.Mul(scaleOf(stated.unit))
		if v.Sub(got).Abs().LessThanOrEqual(slack(in).Add(slack(out)).Add(slack(stated))) {
			continue
		}
		calc := fmt.Sprintf("%s − %s", in.text, out.text)
		if strings.HasSuffix(word, "赤字") {
			calc = fmt.Sprintf("%s − %s", out.text, in.text)
		}
		a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("收支相抵应为%s%s（%s），与所述%s%s不符", fmtDec(got.Div(scaleOf(stated.unit))), stated.unit, calc, word, stated.text),
			[]jixiao.Number{{Name: "收入", Value: in.text}, {Name: "支出", Value: out.text}, {Name: word, Value: stated.text}})
	}
}

// offsetSide is the first amount of money in text from byte from on whose
// label ends with side (收入 or 支出) and whose clause is not a part (其中,
// 包括): the whole named as such (总收入, 收入总计, 收入合计) when there is
// one before the first part, else the first so named.
func offsetSide(text, side string, from int) (mention, bool) {
	var first mention
	found := false
	for _, m := range mentions(text) {
		if m.start < from {
			continue
		}
		if _, ok := money(m.unit); !ok {
			continue
		}
		label := labelText(text, m.start)
		clause := text[clauseStart(text, m.start):m.start]
		if strings.Contains(clause, "其中") || strings.Contains(clause, "包括") {
			continue
		}
		trimmed := strings.TrimRight(label, "为是达：: ")
		for _, w := range []string{"累计完成", "完成", "实现", "共计", "总计", "合计"} {
			trimmed = strings.TrimSuffix(trimmed, w)
		}
		if !strings.HasSuffix(trimmed, side) {
			continue
		}
		if strings.Contains(label, "总"+side) || strings.Contains(label, side+"总计") || strings.Contains(label, side+"合计") {
			return m, true
		}
		if !found {
			first, found = m, true
		}
	}
	return first, found
}
