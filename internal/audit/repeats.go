package audit

import (
	"fmt"
	"strings"
	"unicode"

	"jixiao"
)

// repeats finds the same quantity stated twice with different values
// (T07): the same words (at least four characters of the clause right
// before the number) and the same unit. Amounts of money are left out,
// since reports state them per stage; so are rates and scores.
func (a *auditor) repeats() {
	type seen struct {
		s sentence
		m mention
	}
	first := map[string]seen{}
	reported := map[string]bool{}
	for _, s := range a.sents {
		for _, m := range mentions(s.text) {
			if _, isMoney := money(m.unit); isMoney || m.unit == "%" || m.unit == "分" {
				continue
			}
			key := phraseBefore(s.text, m.start)
			if len([]rune(key)) < 4 || strings.Contains(key, "其中") {
				continue
			}
			k := key + "|" + m.unit
			prev, ok := first[k]
			if !ok {
				first[k] = seen{s, m}
				continue
			}
			a.checked["T07"]++
			if prev.m.value.Equal(m.value) || reported[k] {
				continue
			}
			reported[k] = true
			a.add(s, "T07", jixiao.SeverityWarning, fmt.Sprintf("“%s”在第%d%s为%s，在此处为%s", key, prev.s.para, a.doc.Unit, prev.m.text, m.text),
				[]jixiao.Number{{Name: "前文", Value: prev.m.text}, {Name: "此处", Value: m.text}}, prev.s.para)
		}
	}
}

// phraseBefore is the run of Chinese characters right before byte i of s,
// back to the last punctuation, digit or space.
func phraseBefore(s string, i int) string {
	r := []rune(s[:i])
	j := len(r)
	for j > 0 && unicode.Is(unicode.Han, r[j-1]) {
		j--
	}
	return string(r[j:])
}
