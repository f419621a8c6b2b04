package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// Forms are generated from the same description as the case file format
// (yamlcodec: field names, Chinese labels, notes, types), so that every
// field a case can hold can be edited in the browser, labelled as the
// documentation names it, and validated by the same decoder: a posted form
// is turned into the case's JSON and decoded strictly, and each error comes
// back with the path of its field.

// field is one input of a generated form.
type field struct {
	Path     string // path in the form's root value; also the input's name
	ID       string // element id
	Label    string
	Help     string
	Kind     string // text, long, number, integer, bool, scalar, lines, map, object, list
	Value    string
	Options  []string // suggestions (datalist) for codes without names
	Choices  []choice // a select's options, for codes that have Chinese names
	Required bool
	Errors   []string
	Notes    []note   // findings and comments about this field
	Fields   []*field // an object's fields
	Columns  []*field // a list's columns
	Rows     []*row
	idPrefix string // prefix of element ids: the form's place in the case
}

type row struct {
	Index int
	Cells []*field
	Blank bool
}

// note is a finding or a reviewer's comment shown beside a field.
type note struct {
	Kind string // error, warning, info, comment
	Code string
	Text string
	Link string
}

// fieldID turns a path into an element id: goals[0].name → f-goals-0-name.
func fieldID(path string) string {
	return "f-" + idClean.ReplaceAllString(strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(path), "_")
}

var idClean = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// longFields are text fields edited in a text area.
var longFields = map[string]bool{
	"text": true, "note": true, "basis": true, "overall_goal": true, "overall_result": true, "conclusion": true,
	"deviation": true, "improvement": true, "achievement": true, "results": true, "target": true, "indicators_text": true,
	"collection": true, "approach": true, "purpose": true, "content": true, "method_note": true, "long_term_goal": true,
	"goal": true, "goal_result": true, "problems": true, "improvements": true, "results_use": true, "execution_cause": true, "reason": true,
}

// formSpec says which part of a value a form edits.
type formSpec struct {
	prefix string          // path of the edited value in the root ("" for the root)
	skip   map[string]bool // paths not on the form
	blank  int             // blank rows offered in each list
	// idPrefix is put before paths in element ids, to keep them unique on
	// pages with several forms (the record's path in the case).
	idPrefix string
}

// buildForm describes the fields of v (a struct or pointer to one) under
// spec.prefix, with the current values.
func buildForm(v any, spec formSpec) []*field {
	m := toMap(v)
	t := reflect.TypeOf(v)
	if spec.prefix != "" {
		var ok bool
		if t, ok = typeAt(t, spec.prefix); !ok {
			return nil
		}
		sub, _ := getPath(m, spec.prefix).(map[string]any)
		m = sub
	}
	if spec.blank == 0 {
		spec.blank = 2
	}
	return fieldsOf(t, m, spec.prefix, spec)
}

func fieldsOf(t reflect.Type, m map[string]any, prefix string, spec formSpec) []*field {
	var out []*field
	for _, f := range yamlcodec.Fields(t) {
		path := join(prefix, f.Name)
		if spec.skip[path] {
			continue
		}
		fd := &field{Path: path, ID: fieldID(spec.idPrefix + path), Label: f.Title, Help: f.Doc, Required: f.Required, idPrefix: spec.idPrefix}
		if fd.Label == "" {
			fd.Label = f.Name
		}
		val := m[f.Name]
		switch f.Shape {
		case yamlcodec.ShapeText:
			fd.Kind, fd.Value = "text", text(val)
			if longFields[f.Name] {
				fd.Kind = "long"
			}
			if path == "date" { // the report's date (成文日期): a date picker
				fd.Kind = "date"
			}
		case yamlcodec.ShapeNumber:
			fd.Kind, fd.Value = "number", text(val)
		case yamlcodec.ShapeInteger:
			fd.Kind, fd.Value = "integer", text(val)
		case yamlcodec.ShapeBool:
			fd.Kind = "bool"
			if b, _ := val.(bool); b {
				fd.Value = "true"
			}
		case yamlcodec.ShapeScalar:
			fd.Kind, fd.Value = "scalar", text(val)
			fd.Options, fd.Choices = codes(f.Type, fd.Value)
		case yamlcodec.ShapeLines:
			fd.Kind = "lines"
			fd.Value = strings.Join(texts(val), "\n")
		case yamlcodec.ShapeObject:
			fd.Kind = "object"
			sub, _ := val.(map[string]any)
			fd.Fields = fieldsOf(deref(f.Type), sub, path, spec)
		case yamlcodec.ShapeList:
			fd.Kind = "list"
			list(fd, deref(f.Type.Elem()), val, spec)
		default:
			if f.Type.Kind() != reflect.Map {
				continue
			}
			fd.Kind = "map"
			var lines []string
			if mm, ok := val.(map[string]any); ok {
				keys := make([]string, 0, len(mm))
				for k := range mm {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					lines = append(lines, k+"："+text(mm[k]))
				}
			}
			fd.Value = strings.Join(lines, "\n")
		}
		out = append(out, fd)
	}
	return out
}

// list fills a list field's columns and rows: its elements and blank rows
// for new ones. Nested objects and lists inside elements are not columns
// (they are edited in the case file).
func list(fd *field, elem reflect.Type, val any, spec formSpec) {
	var cols []yamlcodec.Field
	for _, c := range yamlcodec.Fields(elem) {
		switch c.Shape {
		case yamlcodec.ShapeObject, yamlcodec.ShapeList, yamlcodec.ShapeOther:
			continue
		}
		cols = append(cols, c)
		// A column's Path is the element field's name.
		col := &field{Path: c.Name, Label: orName(c.Title, c.Name), Help: c.Doc, Required: c.Required, Kind: cellKind(c)}
		col.Options, col.Choices = codes(c.Type, "")
		fd.Columns = append(fd.Columns, col)
	}
	items, _ := val.([]any)
	for i := 0; i < len(items)+spec.blank; i++ {
		r := &row{Index: i, Blank: i >= len(items)}
		var m map[string]any
		if !r.Blank {
			m, _ = items[i].(map[string]any)
		}
		for _, c := range cols {
			path := fmt.Sprintf("%s[%d].%s", fd.Path, i, c.Name)
			cell := &field{Path: path, ID: fieldID(spec.idPrefix + path), Label: orName(c.Title, c.Name), Kind: cellKind(c)}
			switch c.Shape {
			case yamlcodec.ShapeLines:
				cell.Value = strings.Join(texts(m[c.Name]), "；")
			case yamlcodec.ShapeBool:
				if b, _ := m[c.Name].(bool); b {
					cell.Value = "true"
				}
			default:
				cell.Value = text(m[c.Name])
			}
			cell.Options, cell.Choices = codes(c.Type, cell.Value)
			r.Cells = append(r.Cells, cell)
		}
		fd.Rows = append(fd.Rows, r)
	}
}

func cellKind(c yamlcodec.Field) string {
	switch c.Shape {
	case yamlcodec.ShapeNumber:
		return "number"
	case yamlcodec.ShapeInteger:
		return "integer"
	case yamlcodec.ShapeBool:
		return "bool"
	case yamlcodec.ShapeLines:
		return "cell-lines"
	case yamlcodec.ShapeScalar:
		return "scalar"
	}
	if longFields[c.Name] {
		return "long"
	}
	return "text"
}

func orName(title, name string) string {
	if title != "" {
		return title
	}
	return name
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// choice is an option of a select: a code and its Chinese name.
type choice struct {
	Value, Label string
	Selected     bool
}

// codes are the values a code field may take: as a select's choices, each
// by its Chinese name, when the type names them (Title); otherwise as
// suggestions. A current value not among them is kept as a choice of its
// own, so that nothing stored is lost by saving the form.
func codes(t reflect.Type, current string) ([]string, []choice) {
	values := yamlcodec.EnumValues(t)
	if len(values) == 0 {
		return nil, nil
	}
	t = deref(t)
	if t.Kind() != reflect.String || !hasTitle(t) {
		return values, nil
	}
	title := func(v string) string {
		x := reflect.New(t).Elem()
		x.SetString(v)
		m, _ := t.MethodByName("Title")
		return x.Method(m.Index).Call(nil)[0].String()
	}
	out := []choice{{Value: "", Label: "（未填写）"}}
	for _, v := range values {
		// The codes themselves; the Chinese spellings a file may also use
		// for them are the names shown.
		if strings.ContainsFunc(v, func(r rune) bool { return r > 0x7f }) {
			continue
		}
		out = append(out, choice{Value: v, Label: title(v)})
	}
	return nil, chosen(out, current)
}

// chosen is choices with v selected (kept as a choice of its own when it
// is none of them).
func chosen(choices []choice, v string) []choice {
	if choices == nil {
		return nil
	}
	out := make([]choice, 0, len(choices)+1)
	found := false
	for _, c := range choices {
		c.Selected = c.Value == v
		found = found || c.Selected
		out = append(out, c)
	}
	if !found {
		out = append(out, choice{Value: v, Label: v, Selected: true})
	}
	return out
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return string(x)
	}
	return fmt.Sprint(v)
}

func texts(v any) []string {
	var out []string
	if xs, ok := v.([]any); ok {
		for _, x := range xs {
			out = append(out, text(x))
		}
	}
	return out
}

// toMap is v as the case file's JSON: a map of field names to values.
func toMap(v any) map[string]any {
	data, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(data)))
	d.UseNumber()
	if d.Decode(&m) != nil || m == nil {
		return map[string]any{}
	}
	return m
}

// pathPart matches one segment of a path: name or name[3].
var pathPart = regexp.MustCompile(`^([a-z_0-9]+)(?:\[(\d+)\])?$`)

func getPath(m map[string]any, path string) any {
	var cur any = m
	for _, seg := range strings.Split(path, ".") {
		p := pathPart.FindStringSubmatch(seg)
		mm, ok := cur.(map[string]any)
		if p == nil || !ok {
			return nil
		}
		cur = mm[p[1]]
		if p[2] != "" {
			xs, ok := cur.([]any)
			i, _ := strconv.Atoi(p[2])
			if !ok || i >= len(xs) {
				return nil
			}
			cur = xs[i]
		}
	}
	return cur
}

// setPath sets (or with v == nil, removes) the value at a dotted path of
// names, creating objects on the way; a removal creates none, so that a
// form's empty fields add no empty object (stated: {}) to a record.
func setPath(m map[string]any, path string, v any) {
	segs := strings.Split(path, ".")
	for _, s := range segs[:len(segs)-1] {
		next, ok := m[s].(map[string]any)
		if !ok {
			if v == nil {
				return // nothing to clear: an empty field makes no object
			}
			next = map[string]any{}
			m[s] = next
		}
		m = next
	}
	last := segs[len(segs)-1]
	if v == nil {
		delete(m, last)
		return
	}
	m[last] = v
}

// typeAt returns the type of the field at path (names and [i] indexes)
// within root.
func typeAt(root reflect.Type, path string) (reflect.Type, bool) {
	t := deref(root)
	for _, seg := range strings.Split(path, ".") {
		p := pathPart.FindStringSubmatch(seg)
		if p == nil || t.Kind() != reflect.Struct {
			return nil, false
		}
		var found *yamlcodec.Field
		for _, f := range yamlcodec.Fields(t) {
			if f.Name == p[1] {
				found = &f
				break
			}
		}
		if found == nil {
			return nil, false
		}
		t = deref(found.Type)
		if p[2] != "" {
			if t.Kind() != reflect.Slice {
				return nil, false
			}
			t = deref(t.Elem())
		}
	}
	return t, true
}

// applyForm sets the posted fields of form onto a copy of base and decodes
// the result strictly into out (a pointer to base's type). Lists named in
// _list are replaced by the posted rows (rows marked _delete and blank rows
// are dropped); booleans named in _bool are false unless posted.
func applyForm(base any, form url.Values, out any) error {
	m := toMap(base)
	root := reflect.TypeOf(out)
	lists := form["_list"]
	inList := func(key string) bool {
		for _, l := range lists {
			if strings.HasPrefix(key, l+"[") {
				return true
			}
		}
		return false
	}
	for _, l := range lists {
		t, ok := typeAt(root, l)
		if !ok || t.Kind() != reflect.Slice {
			continue
		}
		rows := map[int]map[string]string{}
		for key, vals := range form {
			rest, ok := strings.CutPrefix(key, l+"[")
			if !ok {
				continue
			}
			idx, name, ok := strings.Cut(rest, "].")
			i, err := strconv.Atoi(idx)
			if !ok || err != nil || strings.Contains(name, ".") {
				continue
			}
			if rows[i] == nil {
				rows[i] = map[string]string{}
			}
			rows[i][name] = vals[0]
		}
		var idxs []int
		for i := range rows {
			idxs = append(idxs, i)
		}
		sort.Ints(idxs)
		var items []any
		for _, i := range idxs {
			cells := rows[i]
			if cells["_delete"] != "" {
				continue
			}
			item := map[string]any{}
			for name, s := range cells {
				if strings.HasPrefix(name, "_") {
					continue
				}
				ft, ok := typeAt(t.Elem(), name)
				if !ok {
					continue
				}
				if v := convert(ft, s, true); v != nil {
					item[name] = v
				}
			}
			if len(item) > 0 {
				items = append(items, item)
			}
		}
		if len(items) == 0 {
			setPath(m, l, nil)
		} else {
			setPath(m, l, items)
		}
	}
	for _, b := range form["_bool"] {
		if form.Get(b) != "" {
			setPath(m, b, true)
		} else {
			setPath(m, b, nil)
		}
	}
	for key, vals := range form {
		if strings.HasPrefix(key, "_") || key == "version" || key == "revision" || inList(key) || contains(form["_bool"], key) {
			continue
		}
		t, ok := typeAt(root, key)
		if !ok {
			continue // not a field of this form (e.g. the page's own inputs)
		}
		setPath(m, key, convert(t, vals[0], false))
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = yamlcodec.DecodeLimits("表单", data, out, yamlcodec.RequestLimits)
	return err
}

// convert turns posted text into the JSON value for a field of type t, or
// nil for an empty field. Text the decoder will refuse is passed on as
// text, so that its message names the field.
func convert(t reflect.Type, s string, inCell bool) any {
	s = strings.TrimSpace(s)
	switch yamlcodec.ShapeOf(t) {
	case yamlcodec.ShapeLines:
		sep := "\n"
		if inCell {
			s = strings.NewReplacer(";", "；", "\n", "；").Replace(s)
			sep = "；"
		}
		var out []any
		for _, line := range strings.Split(s, sep) {
			if line = strings.TrimSpace(line); line != "" {
				out = append(out, line)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case yamlcodec.ShapeInteger:
		if s == "" {
			return nil
		}
		if d, err := jixiao.ParseDecimal(s); err == nil && d.IsInteger() {
			return d.IntPart()
		}
		return s
	case yamlcodec.ShapeBool:
		return s == "true" || s == "on"
	case yamlcodec.ShapeOther:
		if t.Kind() != reflect.Map {
			return nil
		}
		out := map[string]any{}
		for _, line := range strings.Split(s, "\n") {
			k, v, ok := strings.Cut(strings.NewReplacer("：", ":", "=", ":").Replace(line), ":")
			if ok && strings.TrimSpace(k) != "" {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	if s == "" {
		return nil
	}
	return s
}

// formErrors attaches decoding errors and problems to the fields whose path
// they name (relative to the form's root after removing strip); the rest
// are returned for the top of the form.
func formErrors(fields []*field, err error, strip string) []string {
	if err == nil {
		return nil
	}
	byPath := map[string]*field{}
	var walk func(fs []*field)
	walk = func(fs []*field) {
		for _, f := range fs {
			byPath[f.Path] = f
			walk(f.Fields)
			for _, r := range f.Rows {
				walk(r.Cells)
			}
		}
	}
	walk(fields)
	var rest []string
	attach := func(path, msg string) {
		path = strings.TrimPrefix(strings.TrimPrefix(path, strip), ".")
		for p := path; p != ""; p = parent(p) {
			if f, ok := byPath[p]; ok {
				f.Errors = append(f.Errors, msg)
				return
			}
		}
		rest = append(rest, msg)
	}
	var es yamlcodec.Errors
	var ps jixiao.Problems
	switch {
	case asErrors(err, &es):
		for _, e := range es {
			msg := e.Message
			if e.Path != "" {
				if f, ok := byPath[strings.TrimPrefix(strings.TrimPrefix(e.Path, strip), ".")]; ok && f.Label != "" {
					msg = f.Label + "：" + msg
				}
			}
			attach(e.Path, msg)
		}
	case asProblems(err, &ps):
		for _, p := range ps {
			attach(p.Path, p.Message)
		}
	default:
		rest = append(rest, jixiao.ErrorMessage(err))
	}
	return rest
}

func asErrors(err error, es *yamlcodec.Errors) bool  { return errors.As(err, es) }
func asProblems(err error, ps *jixiao.Problems) bool { return errors.As(err, ps) }

// parent of "a.b[2].c" is "a.b[2]", of "a.b[2]" is "a.b".
func parent(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndex(p, "["); i > 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndex(p, "."); i > 0 {
		return p[:i]
	}
	return ""
}
