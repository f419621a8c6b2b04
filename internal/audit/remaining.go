package audit

import (
	"slices"
	"strings"
)

// doneAndRemaining checks a total split into what was done and what
// remains, stated in three clauses in a row (T01): "发放目标人群3875人，目前
// 已向3620人发放，尚有255人未发放" — 3620 + 255 = 3875. The figures are
// counts or measures of one unit; money is read by paidPlusUnpaid.
func (a *auditor) doneAndRemaining() {
	for _, s := range a.sents {
		// Most sentences say nothing remains: they are not split.
		if !containsAny(s.text, leftWords) {
			continue
		}
		clauses := splitClauses(s.text)
		for i := 2; i < len(clauses); i++ {
			if !containsAny(clauses[i].text, leftWords) {
				continue
			}
			t, okT := oneFigure(clauses[i-2])
			d, okD := oneFigure(clauses[i-1])
			r, okR := oneFigure(clauses[i])
			if !okT || !okD || !okR || !sameUnit(t.unit, d.unit) || !sameUnit(t.unit, r.unit) {
				continue
			}
			if !countUnit(t.unit) && !slices.Contains(measureUnits, t.unit) {
				continue
			}
			ct, cd, cr := clauses[i-2].text, clauses[i-1].text, clauses[i].text
			if !containsAny(cr, leftWords) || containsAny(cd, leftWords) || !containsAny(cd, doneWords) ||
				!containsAny(ct, wholeWords) || containsAny(ct, doneWords) || containsAny(ct, remainingWords) {
				continue
			}
			// The remaining clause counts what is left of the total, not
			// something else of the same unit ("其中…", a change).
			if statesChange(cr) || statesChange(cd) || strings.Contains(cd+cr, "其中") {
				continue
			}
			t.start, t.end = t.start+clauses[i-2].start, t.end+clauses[i-2].start
			a.partsAgainst(s, strings.TrimSpace(ct[:t.start-clauses[i-2].start]), t, []mention{d, r}, []string{"已完成", "尚余"})
		}
	}
}

// leftWords say what remains of a total.
var leftWords = append([]string{"尚有", "尚余", "还有", "还剩"}, remainingWords...)

// wholeWords say a figure is a whole to be done.
var wholeWords = append([]string{"合计", "累计", "应"}, totalWords...)

// clause is a clause of a sentence: its text and where it starts.
type clause struct {
	text  string
	start int
}

// splitClauses splits text at commas, semicolons and colons.
func splitClauses(text string) []clause {
	var out []clause
	start := 0
	for i, r := range text {
		if strings.ContainsRune("，,；;：:。", r) {
			out = append(out, clause{text[start:i], start})
			start = i + len(string(r))
		}
	}
	return append(out, clause{text[start:], start})
}

// oneFigure is the one figure of a clause that carries a unit other than
// % or 分; none when it has none or several.
func oneFigure(c clause) (mention, bool) {
	var found []mention
	for _, m := range mentions(c.text) {
		if m.unit != "%" && m.unit != "分" {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return mention{}, false
	}
	return found[0], true
}

// Rectification reports count the problems found and split them by where
// their rectification stands, often with the money alongside: "共计50项具体
// 问题，问题资金251023.54万元，已整改40项，整改到位资金215587.84万元，正在整改
// 10项，未整改资金35435.70万元". rectifiedParts checks each series on its own
// (T01): the problems' count against the counts done, under way and not
// done (40 + 10 = 50), the money in question against the money rectified
// and not rectified. A count of another kind among them (采纳建议10个, 移送
// 13个) leaves the series unchecked: what it adds to is not said.
func (a *auditor) rectifiedParts() {
	for _, s := range a.whole {
		if !strings.Contains(s.text, "整改") {
			continue
		}
		type series struct {
			total mention
			parts []mention
			names []string
			open  bool // a total was found and nothing unknown followed
		}
		var counts = map[string]*series{}
		var amounts series
		check := func(g *series) {
			if !g.open || len(g.parts) < 2 || !slices.Contains(g.names, "已整改") {
				return
			}
			a.partsAgainst(s, clauseBefore(s.text, g.total.start), g.total, g.parts, g.names)
		}
		for _, m := range mentions(s.text) {
			_, isMoney := money(m.unit)
			if !isMoney && !countUnit(m.unit) {
				continue
			}
			g := &amounts
			if !isMoney {
				if counts[m.unit] == nil {
					counts[m.unit] = &series{}
				}
				g = counts[m.unit]
			}
			words := clauseBefore(s.text, m.start) + wordsAfter(s.text[m.end:])
			if kind := rectifiedKind(words); kind != "" {
				if g.open {
					g.parts = append(g.parts, m)
					g.names = append(g.names, kind)
				}
				continue
			}
			check(g)
			*g = series{}
			if (isMoney && containsAny(words, []string{"问题资金", "问题金额", "涉及金额", "涉及资金"})) || (!isMoney && strings.Contains(words, "问题")) {
				*g = series{total: m, open: true}
			}
		}
		check(&amounts)
		for _, g := range counts {
			check(g)
		}
	}
}

// rectifiedKind is where the rectification words of a figure say it
// stands: 未整改, 正在整改 or 已整改; "" when they say none.
func rectifiedKind(words string) string {
	switch {
	case containsAny(words, []string{"未整改", "尚未整改", "未完成整改"}):
		return "未整改"
	case containsAny(words, []string{"正在整改", "整改中", "部分整改", "推进整改"}):
		return "正在整改"
	case containsAny(words, []string{"已整改", "整改到位", "完成整改", "整改完成", "整改资金"}):
		return "已整改"
	}
	return ""
}

// wordsAfter is the words right after a figure, up to the next mark.
func wordsAfter(rest string) string {
	if i := strings.IndexAny(rest, "，,。；;：:、（("); i >= 0 {
		return rest[:i]
	}
	return rest
}
