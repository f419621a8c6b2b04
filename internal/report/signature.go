package report

import (
	"strings"
	"unicode"

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

// Ragged reports whether a paragraph is set flush left rather than
// justified: when it holds a run of 8 or more half-width characters (an
// amount such as 598154.02, a document number, a URL), which cannot break,
// so that justifying the line before it would stretch the spaces between
// its Chinese characters by up to the run's width. A line of Chinese
// characters alone fills the line exactly either way (28 a line).
func Ragged(text string) bool {
	n := 0
	for _, r := range text {
		if r < 0x2000 && !unicode.IsSpace(r) { // quotes, dashes: set in the Chinese font
			n++
			if n >= raggedRun {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

const raggedRun = 8

// width is text's width in ems as set in the body: a Chinese character or
// full-width sign is one, a digit or Latin letter half.
func width(text string) float64 {
	w := 0.0
	for _, r := range text {
		if r < 0x1100 {
			w += 0.5
		} else {
			w++
		}
	}
	return w
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
