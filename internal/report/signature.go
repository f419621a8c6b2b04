package report

import (
	"strings"

	"jixiao"
)

// signature ends the body with the 落款: the unit's name and the report's
// date, or a placeholder for a date the case does not give (listed by
// jixiao.NarrativeBlanks, F05).
func (b *builder) signature() {
	s := &Signature{Org: strings.TrimSpace(b.ev.Org.Name)}
	if text, ok := jixiao.DateText(b.ev.Date); ok {
		s.Date = Run{Text: text}
	} else {
		s.Date = Run{Text: "【待填写：成文日期】", Placeholder: true}
	}
	b.d.Blocks = append(b.d.Blocks, Block{Signature: s})
}

// dateRight is how far the date stands from the right margin, in
// characters (GB/T 9704-2012 7.3.5.1: 成文日期一般右空四字).
const dateRight = 4

// Indents are the right indents, in characters (ems), of the 落款's two
// lines: the date four characters from the right margin, the unit's name
// centred over the date (no further right than the margin, when it is the
// longer by more than eight characters).
func (s *Signature) Indents() (org, date float64) {
	org = dateRight + (width(s.Date.Text)-width(s.Org))/2
	return max(org, 0), dateRight
}
