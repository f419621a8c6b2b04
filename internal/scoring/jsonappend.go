package scoring

import (
	"strconv"

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
	b = jixiao.AppendJSONString(b, string(sc.Subject))
	b = append(b, `,"name":`...)
	b = jixiao.AppendJSONString(b, sc.Name)
	b = append(b, `,"year":`...)
	b = strconv.AppendInt(b, int64(sc.Year), 10)
	b = append(b, `,"rulebook":{"name":`...)
	b = jixiao.AppendJSONString(b, sc.Rulebook.Name)
	b = append(b, `,"title":`...)
	b = jixiao.AppendJSONString(b, sc.Rulebook.Title)
	b = append(b, `,"version":`...)
	b = jixiao.AppendJSONString(b, sc.Rulebook.Version)
	b = append(b, `,"grades":`...)
	b = jixiao.AppendJSONString(b, sc.Rulebook.GradesText())
	b = append(b, `},"weight":`...)
	b = jixiao.AppendPlain(b, sc.Weight)
	b = append(b, `,"total":`...)
	b = jixiao.AppendFixed(b, sc.Displayed, r.Total)
	b = append(b, `,"total_exact":"`...)
	b = jixiao.AppendPlain(b, sc.Total) // digits, a sign and a point: nothing to escape
	b = append(b, `","grade":`...)
	b = jixiao.AppendJSONString(b, sc.Grade)
	if sc.GradeNote != "" {
		b = append(b, `,"grade_note":`...)
		b = jixiao.AppendJSONString(b, sc.GradeNote)
	}
	if sc.Incomplete != "" {
		b = append(b, `,"incomplete":`...)
		b = jixiao.AppendJSONString(b, sc.Incomplete)
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
		b = jixiao.AppendJSONString(b, n.Kind)
		b = append(b, `,"name":`...)
		b = jixiao.AppendJSONString(b, n.Name)
		b = append(b, `,"weight":`...)
		b = jixiao.AppendPlain(b, n.Weight)
		b = append(b, `,"score":`...)
		b = jixiao.AppendFixed(b, n.Score, r.Score)
		b = append(b, `,"score_exact":"`...)
		b = jixiao.AppendPlain(b, n.Score)
		b = append(b, '"')
		if n.Rubric != "" {
			b = append(b, `,"rubric":`...)
			b = jixiao.AppendJSONString(b, string(n.Rubric))
		}
		b = append(b, `,"explanation":`...)
		b = jixiao.AppendJSONString(b, n.Explanation)
		b = append(b, `,"notes":[`...)
		for j, note := range n.Notes {
			if j > 0 {
				b = append(b, ',')
			}
			b = jixiao.AppendJSONString(b, note)
		}
		b = append(b, `],"source":`...)
		b = jixiao.AppendJSONString(b, n.Source)
		b = append(b, `,"children":`...)
		b = appendJSONNodes(b, n.Children, r)
		b = append(b, '}')
	}
	return append(b, ']')
}
