package audit

import (
	"fmt"
	"strings"

	"jixiao"
)

// A unit's accounts balance: its 收入总计 (this year's income and what was
// carried over into it) equals its 支出总计 (spending and what is carried
// out), in a budget and in final accounts alike, and reports state both
// in one sentence: "2021年度收入总计5,459.64万元，支出总计5,459.64万元".
// balancedTotals checks that the two agree (T07); a qualified total
// ("财政拨款收入总计", often this year's grants alone) is left alone.

// balanceWords name the two sides: 收入总计/支出总计, or 收入总量/支出总量.
var balanceWords = [][2]string{{"收入总计", "支出总计"}, {"收入总量", "支出总量"}}

func (a *auditor) balancedTotals() {
	for _, s := range a.whole {
		for _, w := range balanceWords {
			if !strings.Contains(s.text, w[0]) || !strings.Contains(s.text, w[1]) {
				continue
			}
			in, okIn := balanceSide(s.text, w[0])
			out, okOut := balanceSide(s.text, w[1])
			if !okIn || !okOut {
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
