package yamlcodec

import (
	"encoding"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// decodeDirect decodes a JSON document straight into v (an addressable
// struct value) without building a syntax tree, and reports whether it
// could. It accepts only what the tree decoder accepts with the same
// result: exact field names, no duplicate keys, every required field given,
// numbers without exponents for decimals and integers, text for text, true
// or false for booleans. Anything else (a syntax error, an unknown field, a
// "是" for a boolean, a figure written as a number) returns false and the
// caller decodes the document again with the tree decoder, which accepts
// the rest of YAML and names each problem's field, line and column. On
// false, v may be partly filled and must be reset.
func decodeDirect(data []byte, v reflect.Value) bool {
	if !utf8.Valid(data) {
		return false
	}
	d := direct{data: data}
	d.ws()
	if d.i >= len(d.data) || d.data[d.i] != '{' {
		return false
	}
	if !d.value(v) {
		return false
	}
	d.ws()
	return d.i == len(d.data)
}

// jsonPositions works out where each field of a JSON document that
// decodeDirect accepts is, as the tree decoder records it (a field at its
// key, a list item or map value at its value, an object at its first key),
// by walking it again as a value of type root (walk: nothing is decoded);
// nil when it cannot.
func jsonPositions(data []byte, root reflect.Type) map[string][2]int {
	d := direct{data: data, pos: map[string][2]int{}, all: true, cur: cursor{line: 1, col: 1}}
	if !looksJSON(data) || !utf8.Valid(data) || !d.walk(root) {
		return nil
	}
	return d.pos
}

// jsonLocate records in pos where the paths want (sorted) and those of
// their ancestors that the document holds are, as jsonPositions would,
// walking the document once without recording any other path: the keys it
// adds are prefixes of the wanted paths (no strings are made). It reports
// false when the document cannot be walked (jsonPositions would return nil).
func jsonLocate(data []byte, root reflect.Type, want []string, pos map[string][2]int) bool {
	d := direct{data: data, pos: pos, want: want, cur: cursor{line: 1, col: 1}}
	return looksJSON(data) && utf8.Valid(data) && d.walk(root)
}

// walk reads a value of type t as value does, recording positions, but
// stores nothing: no strings, decimals or slices are made. It is only used
// on documents value has read (jsonPositions), so it checks no more than it
// needs to find its way.
//
// The path of the value is d.path, extended and cut back as the walk
// descends and returns.
func (d *direct) walk(t reflect.Type) bool {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 64 {
		return false
	}
	if !d.all {
		if _, ok := d.wanted(); !ok {
			return d.skip() // nothing wanted below
		}
	}
	c := d.next()
	at := d.i
	if c == '{' { // an object is located at its first key
		j := at + 1
		for j < len(d.data) && (d.data[j] == ' ' || d.data[j] == '\t' || d.data[j] == '\n' || d.data[j] == '\r') {
			j++
		}
		if j < len(d.data) && d.data[j] == '"' {
			at = j
		}
	}
	d.mark(at)
	if c == 'n' {
		return d.literal("null")
	}
	switch {
	case t == decimalType:
		if c == '"' {
			_, ok := d.text()
			return ok
		}
		_, ok := d.number()
		return ok
	case t.Kind() == reflect.Pointer:
		return d.walk(t.Elem())
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		_, ok := d.text()
		return ok
	}
	switch t.Kind() {
	case reflect.String:
		_, ok := d.text()
		return ok
	case reflect.Int, reflect.Int32, reflect.Int64:
		_, ok := d.number()
		return c != '"' && ok
	case reflect.Bool:
		return d.literal("true") || d.literal("false")
	case reflect.Struct:
		fields := fieldsOf(t)
		if len(fields.list) > 64 {
			return false
		}
		var seen uint64
		return d.members(func(key []byte, at int) bool {
			f, known := fields.byName[string(key)]
			if !known || seen&(1<<f.pos) != 0 {
				return false
			}
			seen |= 1 << f.pos
			n := len(d.path)
			d.path = appendPath(d.path, f.name)
			d.mark(at) // a field is located at its key
			ok := d.walk(f.typ)
			d.path = d.path[:n]
			return ok
		})
	case reflect.Slice:
		if d.next() != '[' {
			return false
		}
		d.i++
		if d.next() == ']' {
			d.i++
			return true
		}
		for n := 0; ; n++ {
			k := len(d.path)
			d.path = append(strconv.AppendInt(append(d.path, '['), int64(n), 10), ']')
			ok := d.walk(t.Elem())
			d.path = d.path[:k]
			if !ok {
				return false
			}
			switch d.next() {
			case ',':
				d.i++
			case ']':
				d.i++
				return true
			default:
				return false
			}
		}
	case reflect.Map:
		return t.Key().Kind() == reflect.String && d.members(func(key []byte, _ int) bool {
			n := len(d.path)
			d.path = appendPath(d.path, string(key))
			ok := d.walk(t.Elem())
			d.path = d.path[:n]
			return ok
		})
	}
	return false
}

// skip passes over one value of a document decodeDirect has accepted
// (so well formed), without reading it.
func (d *direct) skip() bool {
	depth := 0
	for {
		switch d.next() {
		case 0:
			return false
		case '"':
			for d.i++; d.i < len(d.data) && d.data[d.i] != '"'; d.i++ {
				if d.data[d.i] == '\\' {
					d.i++
				}
			}
			if d.i >= len(d.data) {
				return false
			}
			d.i++
		case '{', '[':
			depth++
			d.i++
			continue
		case '}', ']':
			depth--
			d.i++
		case ',', ':':
			d.i++
			continue
		default: // a number, true, false or null
			start := d.i
			for d.i < len(d.data) && scalarByte(d.data[d.i]) {
				d.i++
			}
			if d.i == start {
				return false
			}
		}
		if depth <= 0 {
			return depth == 0
		}
	}
}

// scalarByte reports whether c may be part of a JSON number or literal.
func scalarByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.'
}

// looksJSON reports whether data starts (after white space) with '{', the
// only shape decodeDirect accepts.
func looksJSON(data []byte) bool {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return c == '{'
	}
	return false
}

type direct struct {
	data  []byte
	i     int
	depth int
	// pos, when not nil, records where each path is (every path when all
	// is set, else only the paths of want, sorted, and their ancestors);
	// cur is the last position
	// recorded, from which the next is counted; path is the path of the
	// value being walked.
	pos  map[string][2]int
	all  bool
	want []string
	cur  cursor
	path []byte
	// whole is data as one string, made for the first string value:
	// every string value without escapes is a slice of it, so that a
	// document's strings cost one allocation, not one each.
	whole string
}

// appendPath appends field to the path p as joinPath joins them.
func appendPath(p []byte, field string) []byte {
	if len(p) > 0 {
		p = append(p, '.')
	}
	return append(p, field...)
}

// cursor is an offset in the document and its line and column (1-based,
// the column in characters, as the tree decoder counts).
type cursor struct{ off, line, col int }

func (d *direct) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next skips white space and returns the next byte (0 at the end).
func (d *direct) next() byte {
	d.ws()
	if d.i >= len(d.data) {
		return 0
	}
	return d.data[d.i]
}

func (d *direct) literal(s string) bool {
	if len(d.data)-d.i < len(s) || string(d.data[d.i:d.i+len(s)]) != s {
		return false
	}
	d.i += len(s)
	return true
}

// text reads a JSON string. Without escapes the result is a slice of the
// document (no copy); with escapes it is decoded by encoding/json.
func (d *direct) text() ([]byte, bool) {
	if d.next() != '"' {
		return nil, false
	}
	start := d.i
	d.i++
	escaped := false
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			d.i++
			if !escaped {
				return d.data[start+1 : d.i-1], true
			}
			var s string
			if json.Unmarshal(d.data[start:d.i], &s) != nil {
				return nil, false
			}
			return []byte(s), true
		case c == '\\':
			escaped = true
			d.i += 2
		case c < 0x20:
			return nil, false
		default:
			d.i++
		}
	}
	return nil, false
}

// textString is text as a string: a slice of d.whole when it has no
// escapes (no allocation but the first), else the string decoded.
func (d *direct) textString() (string, bool) {
	if d.next() != '"' {
		return "", false
	}
	start := d.i
	b, ok := d.text()
	if !ok {
		return "", false
	}
	if d.i-start-2 != len(b) { // escaped: b is a copy
		return string(b), true
	}
	if d.whole == "" {
		d.whole = string(d.data)
	}
	return d.whole[start+1 : d.i-1], true
}

// number reads a JSON number without exponent (YAML and the tree decoder
// may read exponents differently; those documents take the slow path).
func (d *direct) number() (string, bool) {
	d.ws()
	start := d.i
	if d.i < len(d.data) && d.data[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	first := d.i
	n := digits()
	if n == 0 || (n > 1 && d.data[first] == '0') {
		return "", false
	}
	if d.i < len(d.data) && d.data[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return "", false
		}
	}
	if d.i < len(d.data) {
		switch d.data[d.i] {
		case 'e', 'E':
			return "", false
		}
	}
	return string(d.data[start:d.i]), true
}

// mark records the current path at offset at, once: every path when d.all
// is set, else only d.want and its ancestors.
func (d *direct) mark(at int) {
	var path string
	switch {
	case d.all:
		if _, ok := d.pos[string(d.path)]; ok {
			return
		}
		path = string(d.path)
	default:
		p, ok := d.wanted()
		if !ok {
			return
		}
		if _, ok := d.pos[p]; ok {
			return
		}
		path = p
	}
	c := d.cur
	if at < c.off { // behind the last one (rare): count from the top
		c = cursor{line: 1, col: 1}
	}
	for _, b := range d.data[c.off:at] {
		switch {
		case b == '\n':
			c.line, c.col = c.line+1, 1
		case b&0xC0 != 0x80: // the first byte of a character
			c.col++
		}
	}
	c.off = at
	d.cur = c
	d.pos[path] = [2]int{c.line, c.col}
}

// wanted returns the current path as a prefix of one of d.want when it is
// that path or one of its ancestors ("a.b" and "a" for "a.b[2]").
func (d *direct) wanted() (string, bool) {
	n := len(d.path)
	i := sort.Search(len(d.want), func(i int) bool { return d.want[i] >= string(d.path) })
	for ; i < len(d.want) && len(d.want[i]) >= n && d.want[i][:n] == string(d.path); i++ {
		if w := d.want[i]; n == len(w) || n == 0 || w[n] == '.' || w[n] == '[' {
			return w[:n], true
		}
	}
	return "", false
}

func (d *direct) value(v reflect.Value) bool {
	// Nesting is bounded as the tree decoder bounds it, so that a document
	// it refuses is never accepted here.
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 64 {
		return false
	}
	c := d.next()
	if c == 'n' {
		return d.literal("null") // not given: leave the zero value
	}
	t := v.Type()
	switch {
	case t == decimalType:
		var x decimal.Decimal
		var err error
		if c == '"' { // as the tree decoder reads a quoted number
			s, ok := d.text()
			if !ok {
				return false
			}
			x, err = jixiao.ParseDecimal(string(s))
		} else {
			tok, ok := d.number()
			if !ok {
				return false
			}
			x, err = decimal.NewFromString(tok)
		}
		if err != nil {
			return false
		}
		*v.Addr().Interface().(*decimal.Decimal) = x
		return true
	case t.Kind() == reflect.Pointer:
		nv := reflect.New(t.Elem())
		if !d.value(nv.Elem()) {
			return false
		}
		v.Set(nv)
		return true
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		s, ok := d.text()
		return ok && v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(s) == nil
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := d.textString()
		if ok {
			v.SetString(s)
		}
		return ok
	case reflect.Int, reflect.Int32, reflect.Int64:
		if c == '"' {
			return false // the tree decoder reads it, or names the field
		}
		tok, ok := d.number()
		if !ok {
			return false
		}
		i, err := strconv.ParseInt(tok, 10, 64)
		if err != nil || v.OverflowInt(i) {
			return false
		}
		v.SetInt(i)
		return true
	case reflect.Bool:
		switch {
		case d.literal("true"):
			v.SetBool(true)
		case d.literal("false"):
			v.SetBool(false)
		default:
			return false
		}
		return true
	case reflect.Struct:
		return d.object(v)
	case reflect.Slice:
		return d.array(v)
	case reflect.Map:
		return d.mapping(v)
	}
	return false
}

// members reads the members of an object, calling member with each key
// (valid until the next read) and the key's offset, after its colon.
func (d *direct) members(member func(key []byte, at int) bool) bool {
	if d.next() != '{' {
		return false
	}
	d.i++
	if d.next() == '}' {
		d.i++
		return true
	}
	for {
		d.next()
		at := d.i
		key, ok := d.text()
		if !ok || d.next() != ':' {
			return false
		}
		d.i++
		if !member(key, at) {
			return false
		}
		switch d.next() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

func (d *direct) object(v reflect.Value) bool {
	fields := fieldsOf(v.Type())
	if len(fields.list) > 64 {
		return false
	}
	var seen, given uint64
	ok := d.members(func(key []byte, _ int) bool {
		f, known := fields.byName[string(key)]
		if !known || seen&(1<<f.pos) != 0 {
			return false
		}
		seen |= 1 << f.pos
		fv := fieldByIndex(v, f.index)
		if d.next() != 'n' {
			given |= 1 << f.pos
		}
		return d.value(fv)
	})
	if !ok {
		return false
	}
	for _, f := range fields.list {
		if f.required && given&(1<<f.pos) == 0 {
			return false
		}
	}
	return true
}

func (d *direct) array(v reflect.Value) bool {
	if d.next() != '[' {
		return false
	}
	// The slice is made at its length (up to maxPrealloc elements; a
	// longer one grows), not grown one element at a time: growing a slice
	// of large structs copies them again at each doubling.
	v.Set(reflect.MakeSlice(v.Type(), 0, min(d.items(), maxPrealloc)))
	d.i++
	if d.next() == ']' {
		d.i++
		return true
	}
	for n := 0; ; n++ {
		v.Grow(1)
		v.SetLen(n + 1)
		if !d.value(v.Index(n)) {
			return false
		}
		switch d.next() {
		case ',':
			d.i++
		case ']':
			d.i++
			return true
		default:
			return false
		}
	}
}

// maxPrealloc bounds the elements made ahead for an array, so that a
// document of many tiny elements ({},{},…) cannot make a large slice of
// large structs before it is read.
const maxPrealloc = 1024

// items counts the elements of the array that starts at d.i (at its '['),
// by skipping over its bytes: strings, nested arrays and objects. It does
// not validate (value does); it returns 0 when the array does not end.
func (d *direct) items() int {
	depth, n, empty := 0, 0, true
	for i := d.i; i < len(d.data); i++ {
		switch c := d.data[i]; c {
		case '"':
			for i++; i < len(d.data) && d.data[i] != '"'; i++ {
				if d.data[i] == '\\' {
					i++
				}
			}
			empty = false
		case '[', '{':
			if depth++; depth > 1 {
				empty = false
			}
		case ']', '}':
			if depth--; depth == 0 {
				if empty {
					return 0
				}
				return n + 1
			}
		case ',':
			if depth == 1 {
				n++
			}
		case ' ', '\t', '\n', '\r':
		default:
			empty = false
		}
	}
	return 0
}

func (d *direct) mapping(v reflect.Value) bool {
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		return false
	}
	out := reflect.MakeMap(t)
	ok := d.members(func(key []byte, _ int) bool {
		k := reflect.ValueOf(string(key)).Convert(t.Key())
		if out.MapIndex(k).IsValid() {
			return false // a duplicate key: the tree decoder names it
		}
		ev := reflect.New(t.Elem()).Elem()
		if !d.value(ev) {
			return false
		}
		out.SetMapIndex(k, ev)
		return true
	})
	if ok {
		v.Set(out)
	}
	return ok
}
