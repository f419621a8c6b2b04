package audit

import (
	"regexp"
	"slices"
	"strings"
)

// plusRe opens an amount added to the one before: "加上…等1,756.37万元",
// "，加上级补助收入…".
var plusRe = regexp.MustCompile(`(?:^|[，,。；;])\s*加(?:上)?`)

// grandRe labels the result of a running sum: 收入总计, 合计, 共计, 收入总量.
var grandRe = regexp.MustCompile(`(?:总计|合计|共计|总量)(?:为|是)?\s*$`)

// subtotalRe labels a subtotal in a running sum: "全县一般预算总收入",
// "小计".
var subtotalRe = regexp.MustCompile(`(?:总收入|总支出|总财力|小计)(?:为|是)?\s*$`)

// subtotal is a subtotal met in a running sum, after added[:added].
type subtotal struct {
	at    mention
	added int
}

// runningSums checks totals built up in the words of a 决算 report (T01):
// "收入实现111.11万元，…，其中…。加上…等1,756.37万元，收入总计1,867.48万元"
// (the first amount, before any 其中, plus the added one makes the total),
// and "财力1,867.48万元。由…收入111.11万元，加…等1,756.37万元构成" (the
// amounts of the 由…构成 sentence make the total before it).
func (a *auditor) runningSums() {
	for k, s := range a.whole {
		loc := plusRe.FindStringIndex(s.text)
		if loc == nil {
			continue
		}
		ms := outsideBrackets(s.text, mentions(s.text))
		var added, first []mention
		var grand *mention
		var sub []subtotal
		// nested is the first added amount that breaks the one before it
		// down (its clause opens with 其中), or -1.
		nested := -1
		for _, m := range ms {
			if _, ok := money(m.unit); !ok {
				continue
			}
			clause := s.text[clauseStart(s.text, m.start):m.start]
			switch {
			case m.start < loc[0]:
				first = append(first, m)
			case grandRe.MatchString(clause):
				grand = &m
			case subtotalRe.MatchString(clause) && len(added) > 0:
				// "…转贷收入18195万元，全县一般预算总收入468222万元，加上年
				// 结余…": a subtotal of the amounts so far, from which the
				// sum goes on.
				sub = append(sub, subtotal{at: m, added: len(added)})
			case len(added) > 0 && nested < 0 && strings.Contains(bracketedRe.ReplaceAllString(s.text[added[len(added)-1].end:m.start], ""), "其中"):
				nested = len(added)
				fallthrough
			default:
				added = append(added, m)
			}
			if grand != nil {
				break // what follows the total is another matter
			}
		}
		// "…加上…92.69亿元，总收入为97.67亿元": the last subtotal, with no
		// 总计 after it, is the total.
		if grand == nil && len(sub) > 0 {
			last := sub[len(sub)-1]
			grand, added, sub = &last.at, added[:last.added], sub[:len(sub)-1]
		}
		if strings.HasPrefix(strings.TrimSpace(s.text), "由") && strings.Contains(s.text, "构成") {
			// "由A，加B构成": the total ends the sentence before.
			if len(added) != 1 || len(first) != 1 || k == 0 || a.whole[k-1].para != s.para {
				continue
			}
			total, ok := lastMoney(a.whole[k-1].text)
			if !ok {
				continue
			}
			a.partsAgainst(s, clauseBefore(a.whole[k-1].text, total.start), total, []mention{first[0], added[0]}, []string{clauseBefore(s.text, first[0].start), clauseBefore(s.text, added[0].start)})
			continue
		}
		if len(added) == 0 || grand == nil {
			continue
		}
		// The first amount: before the 加 in this sentence, or else in the
		// sentence before in the same paragraph, up to its first 其中.
		head := s.text[:loc[0]]
		if len(first) == 0 {
			if k == 0 || a.whole[k-1].para != s.para {
				continue
			}
			head = a.whole[k-1].text
		}
		// "总收入410338万元，…，其中地方收入271630万元，…；加上级补助收入…，
		// 收入合计514601万元": what is added may go on from the part after
		// 其中 as well as from the total before it; either that adds up is
		// taken.
		var alt *mention
		if i := strings.Index(head, "其中"); i >= 0 {
			if m, ok := lastMoney(withoutTrailingRates(strings.TrimRight(head, "，,。；; "))); ok && m.start > i {
				alt = &m
			}
			head = head[:i]
		}
		base, ok := lastMoney(withoutTrailingRates(strings.TrimRight(head, "，,。 ")))
		if !ok {
			continue
		}
		if alt != nil && len(sub) == 0 && nested < 0 {
			if sums(*grand, append([]mention{*alt}, added...)) {
				continue
			}
			// The reading nearer the total is shown.
			g := grand.value.Mul(scaleOf(grand.unit))
			if partsSum(append([]mention{*alt}, added...)).Sub(g).Abs().LessThan(partsSum(append([]mention{base}, added...)).Sub(g).Abs()) {
				base = *alt
			}
		}
		parts, names := []mention{base}, []string{"原有"}
		for _, m := range added {
			parts, names = append(parts, m), append(names, clauseBefore(s.text, m.start))
		}
		// A subtotal (one, with no nested breakdown) is checked against
		// the amounts before it, and the sum goes on from it.
		if len(sub) == 1 && nested < 0 {
			st := sub[0]
			a.partsAgainst(s, clauseBefore(s.text, st.at.start), st.at, parts[:st.added+1], names[:st.added+1])
			parts = append([]mention{st.at}, parts[st.added+1:]...)
			names = append([]string{clauseBefore(s.text, st.at.start)}, names[st.added+1:]...)
		} else if len(sub) > 0 {
			continue
		}
		if nested >= 0 {
			cut := nestedEnd(*grand, parts, nested+1)
			parts, names = slices.Concat(parts[:nested+1], parts[cut:]), slices.Concat(names[:nested+1], names[cut:])
		}
		a.partsAgainst(s, clauseBefore(s.text, grand.start), *grand, parts, names)
	}
}

// sumAfterRe opens a sentence stating the total of the list before it:
// "共计下达…资金3580.69万元。", "以上合计…".
var sumAfterRe = regexp.MustCompile(`^(?:以上|上述)?(?:共计|合计|总计)`)

// listThenSum checks a sentence of three or more items separated by ；,
// each with one amount, against the next sentence of its paragraph when
// that one opens with 共计, 合计 or 总计 and states one amount (T01).
func (a *auditor) listThenSum() {
	for k := 0; k+1 < len(a.whole); k++ {
		s, next := a.whole[k], a.whole[k+1]
		if next.para != s.para || !sumAfterRe.MatchString(strings.TrimSpace(next.text)) {
			continue
		}
		var totals []mention
		for _, m := range mentions(next.text) {
			if _, ok := money(m.unit); ok {
				totals = append(totals, m)
			}
		}
		groups := strings.FieldsFunc(s.text, func(r rune) bool { return r == '；' || r == ';' })
		if len(totals) != 1 || len(groups) < 3 {
			continue
		}
		var parts []mention
		var names []string
		for _, g := range groups {
			var ms []mention
			for _, m := range outsideBrackets(g, mentions(g)) {
				if _, ok := money(m.unit); ok {
					ms = append(ms, m)
				}
			}
			if len(ms) != 1 {
				parts = nil
				break
			}
			parts = append(parts, ms[0])
			names = append(names, clauseBefore(g, ms[0].start))
		}
		if parts == nil {
			continue
		}
		a.partsAgainst(next, clauseBefore(next.text, totals[0].start), totals[0], parts, names)
	}
}
