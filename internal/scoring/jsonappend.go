package scoring

import (
	"strconv"
	"unicode/utf8"

	"jixiao"
)

// AppendJSON appends the JSON of ToJSON(sc) to b, compact and without
// HTML escaping, byte for byte as an encoding/json Encoder with
// SetEscapeHTML(false) writes it (without its final newline). It writes
// from the scorecard's nodes directly: no JSONNode values and no strings
// for the numbers are made, so a batch that reuses b costs no allocation
// per node for its output.
func AppendJSON(b []byte, sc *jixiao.Scorecard) []byte {
	r := sc.Rulebook.RoundingPolicy()
	b = append(b, `{"subject":`...)
	b = appendJSONString(b, string(sc.Subject))
	b = append(b, `,"name":`...)
	b = appendJSONString(b, sc.Name)
	b = append(b, `,"year":`...)
	b = strconv.AppendInt(b, int64(sc.Year), 10)
	b = append(b, `,"rulebook":{"name":`...)
	b = appendJSONString(b, sc.Rulebook.Name)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, sc.Rulebook.Title)
	b = append(b, `,"version":`...)
	b = appendJSONString(b, sc.Rulebook.Version)
	b = append(b, `,"grades":`...)
	b = appendJSONString(b, sc.Rulebook.GradesText())
	b = append(b, `},"weight":`...)
	b = jixiao.AppendPlain(b, sc.Weight)
	b = append(b, `,"total":`...)
	b = jixiao.AppendFixed(b, sc.Displayed, r.Total)
	b = append(b, `,"total_exact":"`...)
	b = jixiao.AppendPlain(b, sc.Total) // digits, a sign and a point: nothing to escape
	b = append(b, `","grade":`...)
	b = appendJSONString(b, sc.Grade)
	if sc.GradeNote != "" {
		b = append(b, `,"grade_note":`...)
		b = appendJSONString(b, sc.GradeNote)
	}
	if sc.Incomplete != "" {
		b = append(b, `,"incomplete":`...)
		b = appendJSONString(b, sc.Incomplete)
	}
	b = append(b, `,"nodes":`...)
	b = appendJSONNodes(b, sc.Nodes, r)
	if len(sc.Projects) > 0 {
		b = append(b, `,"projects":[`...)
		for i, p := range sc.Projects {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSON(b, p)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONNodes appends the JSONNode array of ns, as jsonNodes makes it.
func appendJSONNodes(b []byte, ns []*jixiao.Node, r jixiao.Rounding) []byte {
	b = append(b, '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"kind":`...)
		b = appendJSONString(b, n.Kind)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, n.Name)
		b = append(b, `,"weight":`...)
		b = jixiao.AppendPlain(b, n.Weight)
		b = append(b, `,"score":`...)
		b = jixiao.AppendFixed(b, n.Score, r.Score)
		b = append(b, `,"score_exact":"`...)
		b = jixiao.AppendPlain(b, n.Score)
		b = append(b, '"')
		if n.Rubric != "" {
			b = append(b, `,"rubric":`...)
			b = appendJSONString(b, string(n.Rubric))
		}
		b = append(b, `,"explanation":`...)
		b = appendJSONString(b, n.Explanation)
		b = append(b, `,"notes":[`...)
		for j, note := range n.Notes {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, note)
		}
		b = append(b, `],"source":`...)
		b = appendJSONString(b, n.Source)
		b = append(b, `,"children":`...)
		b = appendJSONNodes(b, n.Children, r)
		b = append(b, '}')
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json does
// without HTML escaping: quotes, backslashes and control characters
// escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and
// \u2029.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
