package audit

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text layer of many PDF pages, and Word files made from them, set a
// space on each side of a figure in Chinese text ("在职人员 95 名", "增长
// 4.58 %", "2023 年财政拨款收支总预算 7,057,486.18 元"). tighten reads such
// a figure as the prose around it writes it: the spaces between a figure
// and its unit (or 年, 月, 日) go, and so do those between a Chinese
// character or mark and a figure that has a unit. A figure without a unit
// keeps its spaces: in a table's row ("合计 4000 化山县 1155") they part
// the cells, as they do after a figure with its unit ("≥500人次 520人次").

// isSpace is a space a copy may set around a figure (a tab parts cells).
func isSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u3000' }

// isDigit is an ASCII or full-width digit.
func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// chineseBefore reports whether r, just before a figure's spaces, is a
// Chinese character or a full-width mark.
func chineseBefore(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF5E || r == '“' || r == '”'
}

// unitAt reports whether s, after the figure fig, opens with the
// figure's unit, a per cent sign, or — after a year, month or day —
// 年, 月 or 日.
func unitAt(fig, s string) bool {
	for _, u := range units {
		if strings.HasPrefix(s, u) {
			return true
		}
	}
	switch r, _ := utf8.DecodeRuneInString(s); r {
	case '%', '％':
		return true
	case '年':
		return yearFigureRe.MatchString(fig)
	case '月', '日':
		return len(fig) <= 2 && !strings.ContainsAny(fig, ".,")
	}
	return false
}

// yearFigureRe is a year as a figure: 2023.
var yearFigureRe = regexp.MustCompile(`^(?:19|20)[0-9]{2}$`)

// endsWithFigure reports whether s ends with a figure and its unit
// ("≥500人次"): the space after it parts two cells of a row.
func endsWithFigure(s string) bool {
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u); ok {
			r, _ := utf8.DecodeLastRuneInString(rest)
			return isDigit(r)
		}
	}
	return false
}

// tighten is p without the spaces around its figures that have a unit,
// and js with their offsets moved to match.
func tighten(p string, js []joint) (string, []joint) {
	type cut struct{ start, end int }
	var cuts []cut
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if !isDigit(r) {
			i += size
			continue
		}
		start := i
		end := i + size // after the last digit of the figure
		// "39 074万元", "1 646万元": thousands parted by spaces, read as
		// one figure when a unit follows the last group.
		var groups []cut
		for j := end; j < len(p); {
			r, size := utf8.DecodeRuneInString(p[j:])
			switch {
			case isDigit(r):
				j += size
				end = j
				continue
			case r == '.' || r == ',' || r == '．':
				j += size
				continue
			case r == ' ' && spacedGroup(p[start:j], p[j+1:]):
				groups = append(groups, cut{j, j + 1})
				j++
				continue
			}
			break
		}
		i = end
		after := end
		for after < len(p) {
			r, size := utf8.DecodeRuneInString(p[after:])
			if !isSpace(r) {
				break
			}
			after += size
		}
		if !unitAt(p[start:end], p[after:]) {
			continue
		}
		if len(groups) > 0 && moneyAt(p[after:]) {
			cuts = append(cuts, groups...)
		}
		if after > end {
			cuts = append(cuts, cut{end, after})
		}
		before := start
		for before > 0 {
			r, size := utf8.DecodeLastRuneInString(p[:before])
			if !isSpace(r) {
				break
			}
			before -= size
		}
		if r, _ := utf8.DecodeLastRuneInString(p[:before]); before < start && before > 0 && chineseBefore(r) && !endsWithFigure(p[:before]) {
			cuts = append(cuts, cut{before, start})
			if n := len(cuts); n > 1 && cuts[n-2].start > before {
				cuts[n-2], cuts[n-1] = cuts[n-1], cuts[n-2]
			}
		}
	}
	if len(cuts) == 0 {
		return p, js
	}
	slices.SortFunc(cuts, func(x, y cut) int { return x.start - y.start })
	var b strings.Builder
	b.Grow(len(p))
	last := 0
	for _, c := range cuts {
		b.WriteString(p[last:c.start])
		last = c.end
	}
	b.WriteString(p[last:])
	// An offset moves back by the bytes cut before it.
	moved := func(at int) int {
		n := at
		for _, c := range cuts {
			switch {
			case c.end <= at:
				n -= c.end - c.start
			case c.start < at:
				n -= at - c.start
			}
		}
		return n
	}
	out := make([]joint, len(js))
	for k, j := range js {
		out[k] = joint{moved(j.at), j.line}
	}
	return b.String(), out
}

// tighten tightens every paragraph of d.
func (d *Document) tighten() *Document {
	for i, p := range d.Paragraphs {
		var js []joint
		d.Paragraphs[i], js = tighten(p, d.joins[i])
		if len(js) > 0 {
			d.joins[i] = js
		}
	}
	return d
}

// moneyAt reports whether s opens with a unit of money: thousands parted
// by spaces are read only before one ("39 074万元"), not in a form's row of
// cells ("10 100%").
func moneyAt(s string) bool {
	for _, u := range []string{"万亿元", "亿元", "万元", "千元", "元", "萬元", "億元"} {
		if strings.HasPrefix(s, u) {
			return true
		}
	}
	return false
}

// spacedGroup reports whether a space between fig (the figure so far) and
// rest parts its thousands: fig is one to three digits, or ends in a
// group of three after another such space, and rest opens with three
// digits and then no digit.
func spacedGroup(fig, rest string) bool {
	if len(rest) < 3 || !allDigits(rest[:3]) || len(rest) > 3 && rest[3] >= '0' && rest[3] <= '9' {
		return false
	}
	if i := strings.LastIndexByte(fig, ' '); i >= 0 {
		return len(fig)-i-1 == 3 && allDigits(fig[i+1:])
	}
	return len(fig) >= 1 && len(fig) <= 3 && allDigits(fig)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
