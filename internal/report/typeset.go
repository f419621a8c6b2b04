package report

import "unicode"

// Typesetting rules the renderers share.

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
