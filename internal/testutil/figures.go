package testutil

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

var numberRE = regexp.MustCompile(`\d+(?:\.\d+)?`)

// Numbers returns the set of numbers in text, canonical (21440.30 =
// 21440.3): the figures a rendered report must print.
func Numbers(text string) map[string]bool {
	out := map[string]bool{}
	for _, m := range numberRE.FindAllString(text, -1) {
		out[decimal.RequireFromString(m).String()] = true
	}
	return out
}

// Section returns the lines of a report's text from the line starting with
// from up to the line starting with to.
func Section(lines []string, from, to string) string {
	var b strings.Builder
	in := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, from) {
			in = true
		} else if strings.HasPrefix(l, to) {
			in = false
		}
		if in {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
