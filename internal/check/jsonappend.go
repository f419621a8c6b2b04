package check

import (
	"slices"
	"strconv"

	"jixiao"
)

// AppendJSON appends the JSON of r.ToJSON() to b, compact and without HTML
// escaping, byte for byte as an encoding/json Encoder with
// SetEscapeHTML(false) writes it (without its final newline), straight
// from the findings: no JSONFinding values, no maps for the summary.
func (r *Report) AppendJSON(b []byte) []byte {
	b = append(b, `{"case":`...)
	b = jixiao.AppendJSONString(b, r.Case)
	if r.Rulebook != nil && r.Rulebook.Name != "" {
		b = append(b, `,"rulebook":`...)
		b = jixiao.AppendJSONString(b, r.Rulebook.Name)
	}
	if r.Scope != "" {
		b = append(b, `,"scope":`...)
		b = jixiao.AppendJSONString(b, r.Scope)
	}
	if len(r.Checked) > 0 {
		// encoding/json writes a map's keys in order.
		keys := make([]string, 0, len(r.Checked))
		for k := range r.Checked {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, `,"checked":{`...)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jixiao.AppendJSONString(b, k)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(r.Checked[k]), 10)
		}
		b = append(b, '}')
	}
	var errs, warns, infos int
	for _, f := range r.Findings {
		switch f.Severity {
		case jixiao.SeverityError:
			errs++
		case jixiao.SeverityWarning:
			warns++
		case jixiao.SeverityInfo:
			infos++
		}
	}
	b = append(b, `,"summary":{"error":`...)
	b = strconv.AppendInt(b, int64(errs), 10)
	b = append(b, `,"info":`...)
	b = strconv.AppendInt(b, int64(infos), 10)
	b = append(b, `,"warning":`...)
	b = strconv.AppendInt(b, int64(warns), 10)
	b = append(b, `},"findings":[`...)
	r.prepare()
	for i, f := range r.Findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = jixiao.AppendJSONString(b, f.Code)
		b = append(b, `,"title":`...)
		b = jixiao.AppendJSONString(b, ruleOf(f.Code).Title)
		b = append(b, `,"severity":`...)
		b = jixiao.AppendJSONString(b, string(f.Severity))
		b = append(b, `,"section":`...)
		b = jixiao.AppendJSONString(b, SectionTitle(f.Code))
		b = append(b, `,"location":{"path":`...)
		b = jixiao.AppendJSONString(b, f.Path)
		b = append(b, `,"where":`...)
		b = jixiao.AppendJSONString(b, f.Where)
		if r.Locate != nil && f.Path != "" {
			line, col := r.Locate(f.Path)
			if line != 0 {
				b = append(b, `,"line":`...)
				b = strconv.AppendInt(b, int64(line), 10)
			}
			if col != 0 {
				b = append(b, `,"column":`...)
				b = strconv.AppendInt(b, int64(col), 10)
			}
		}
		b = append(b, `},"message":`...)
		b = jixiao.AppendJSONString(b, f.Message)
		b = append(b, `,"numbers":`...)
		if f.Numbers == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for j, n := range f.Numbers {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"name":`...)
				b = jixiao.AppendJSONString(b, n.Name)
				b = append(b, `,"value":`...)
				b = jixiao.AppendJSONString(b, n.Value)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}
