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
			// The amount before the change: the last before it or, when a
			// breakdown (其中…) stands between, the total it breaks down
			// ("下达我区111万元，其中A 100万元，B 11万元，调减40万元，全年实际下达
			// 71万元"); the last part is then as good, for the change may be
			// of it.
			before, ok := lastMoney(s.text[:m[0]])
			if !ok {
				continue
			}
			var alternative []mention
			if i := strings.LastIndex(s.text[:m[0]], "其中"); i >= 0 {
				total, ok := lastMoney(s.text[:i])
				if !ok || strings.Contains(s.text[:i], "其中") {
					continue
				}
				before, alternative = total, []mention{before}
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
			agrees := false
			for _, alt := range alternative {
				w := alt.value.Mul(scaleOf(alt.unit)).Add(c)
				if down {
					w = alt.value.Mul(scaleOf(alt.unit)).Sub(c)
				}
				agrees = agrees || got.Sub(w).Abs().LessThanOrEqual(slack(alt).Add(slack(change)).Add(slack(after)))
			}
			if agrees {
				continue
			}
			unit := after.unit
			a.add(s, "T01", jixiao.SeverityError,
				fmt.Sprintf("%s为%s，按%s %s %s应为%s%s", strings.TrimSpace(label), after.text, before.text, sign, change.text, jixiao.Plain(want.Div(scaleOf(unit)).Round(after.places+2)), unit),
				[]jixiao.Number{{Name: "调整前", Value: before.text}, {Name: word, Value: change.text}, {Name: "调整后", Value: after.text}})
		}
	}
}

// remainderWords name what is left of a budget after spending (not 结余,
// which is also a balance carried from earlier years).
var remainderWords = []string{"剩余未执行", "未执行", "剩余", "未使用", "未支出"}

// remainders checks an amount left unspent against the budget and the
// spending stated before it, in its sentence or the one before in the same
// paragraph: "下达预算2596万元，实际支出2595.6208万元……剩余未执行的
// 0.3792万元" — budget − spent = remainder (T01). Exactly one budget and one
// amount spent must be stated there.
func (a *auditor) remainders() {
	for k, s := range a.whole {
		for _, m := range mentions(s.text) {
			if _, ok := money(m.unit); !ok {
				continue
			}
			label := clauseBefore(s.text, m.start)
			if !containsAny(label, remainderWords) {
				continue
			}
			budget, spent := amountRoles(s.text[:m.start], 0)
			if (len(budget) == 0 || len(spent) == 0) && k > 0 && a.whole[k-1].para == s.para {
				b0, s0 := amountRoles(a.whole[k-1].text, 0)
				if len(budget) == 0 {
					budget = b0
				}
				if len(spent) == 0 {
					spent = s0
				}
			}
			if len(budget) != 1 || len(spent) != 1 {
				continue
			}
			b, sp := budget[0].value.Mul(scaleOf(budget[0].unit)), spent[0].value.Mul(scaleOf(spent[0].unit))
			want := b.Sub(sp)
			if !want.IsPositive() {
				continue
			}
			got := m.value.Mul(scaleOf(m.unit))
			a.checked["T01"]++
			if got.Sub(want).Abs().LessThanOrEqual(slack(budget[0]).Add(slack(spent[0])).Add(slack(m))) {
				continue
			}
			a.add(s, "T01", jixiao.SeverityError,
				fmt.Sprintf("%s%s，按预算%s − 支出%s应为%s%s", strings.TrimSpace(label), m.text, budget[0].text, spent[0].text, jixiao.Plain(want.Div(scaleOf(m.unit))), m.unit),
				[]jixiao.Number{{Name: "预算", Value: budget[0].text}, {Name: "支出", Value: spent[0].text}, {Name: "结余", Value: m.text}})
		}
	}
}
