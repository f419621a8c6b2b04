package audit

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
)

// A budget adjusted during the year is often told in one sentence: the
// amount first arranged, the change, and the amount after it — "下达资金76
// 万元，…调减5万元（…），全年实际下达71万元", "年初预算1200万元，年中追加300万元，
// 调整后预算1500万元". adjustments checks the amount after against the first
// amount plus or minus the change (T01). The amount after must be named as
// the adjusted budget (调整后, 全年预算, 实际下达, 全年下达, 最终), not as spending,
// which may fall short of it.

// adjustRe is the change: its direction and its amount.
var adjustRe = regexp.MustCompile(`(调减|核减|收回|调增|追加|调增追加)[\p{Han}]{0,12}?(` + numberRe.String() + `)\s*(万亿元|亿元|万元|千元|元|万)`)

// adjustedWords name the amount after the change.
var adjustedWords = []string{"调整后", "全年预算", "实际下达", "全年下达", "最终", "变更后"}

func (a *auditor) adjustments() {
	for _, s := range a.whole {
		for _, m := range adjustRe.FindAllStringSubmatchIndex(s.text, -1) {
			// The amount before the change: the last before it, when no
			// breakdown (其中…) stands between.
			before, ok := lastMoney(s.text[:m[0]])
			if !ok || strings.Contains(s.text[:m[0]], "其中") {
				continue
			}
			ms := mentions(s.text[m[0]:])
			if len(ms) < 2 {
				continue
			}
			change := ms[0]
			// The next amount in the sentence, named as the adjusted budget.
			after := ms[1]
			if _, money := money(after.unit); !money {
				continue
			}
			label := clauseBefore(s.text[m[0]:], after.start)
			if !containsAny(label, adjustedWords) || containsAny(label, []string{"执行", "支出", "使用", "拨付"}) {
				continue
			}
			word := s.text[m[2]:m[3]]
			down := word == "调减" || word == "核减" || word == "收回"
			b, c := before.value.Mul(scaleOf(before.unit)), change.value.Mul(scaleOf(change.unit))
			want := b.Add(c)
			sign := "+"
			if down {
				want, sign = b.Sub(c), "−"
			}
			got := after.value.Mul(scaleOf(after.unit))
			a.checked["T01"]++
			if got.Sub(want).Abs().LessThanOrEqual(slack(before).Add(slack(change)).Add(slack(after))) {
				continue
			}
			unit := after.unit
			a.add(s, "T01", jixiao.SeverityError,
				fmt.Sprintf("%s为%s，按%s %s %s应为%s%s", strings.TrimSpace(label), after.text, before.text, sign, change.text, jixiao.Plain(want.Div(scaleOf(unit)).Round(after.places+2)), unit),
				[]jixiao.Number{{Name: "调整前", Value: before.text}, {Name: word, Value: change.text}, {Name: "调整后", Value: after.text}})
		}
	}
}
