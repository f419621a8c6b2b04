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
