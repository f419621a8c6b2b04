package yamlcodec

import (
	"reflect"
	"strings"
	"sync"
)

type field struct {
	name      string // name in files (json tag)
	zh        string // Chinese name
	doc       string
	required  bool
	omitempty bool
	index     []int // the field's index path (embedded structs are flattened)
	typ       reflect.Type
	pos       int // index in structFields.list
}

type structFields struct {
	list   []*field
	byName map[string]*field
}

var fieldCache sync.Map // reflect.Type → *structFields

// fieldsOf returns the file fields of struct type t (fields with a json tag
// other than "-").
func fieldsOf(t reflect.Type) *structFields {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*structFields)
	}
	fs := &structFields{byName: map[string]*field{}}
	collectFields(t, nil, fs)
	fieldCache.Store(t, fs)
	return fs
}

// collectFields adds t's tagged fields to fs; the fields of an embedded
// struct without a tag are added as if they were t's own, as encoding/json
// does.
func collectFields(t reflect.Type, prefix []int, fs *structFields) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(append([]int{}, prefix...), i)
		if sf.Anonymous && name == "" && deref(sf.Type).Kind() == reflect.Struct {
			// Only struct values can be walked by index; an embedded
			// pointer is flattened for descriptions (schemas, forms) the
			// way encoding/json flattens it.
			collectFields(deref(sf.Type), idx, fs)
			continue
		}
		if !sf.IsExported() || name == "-" || name == "" {
			continue
		}
		f := &field{name: name, zh: sf.Tag.Get("zh"), doc: sf.Tag.Get("doc"), required: sf.Tag.Get("jx") == "required",
			omitempty: strings.Contains(opts, "omitempty"), index: idx, typ: sf.Type, pos: len(fs.list)}
		fs.list = append(fs.list, f)
		fs.byName[name] = f
	}
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// FieldTitle returns the Chinese name of the field at path in root (a
// struct type), or "" when the path names no tagged field.
func FieldTitle(root reflect.Type, path string) string {
	t := deref(root)
	title := ""
	for _, part := range splitPath(path) {
		if part == "[]" {
			if t.Kind() != reflect.Slice {
				return ""
			}
			t = deref(t.Elem())
			continue
		}
		switch t.Kind() {
		case reflect.Struct:
			f, ok := fieldsOf(t).byName[part]
			if !ok {
				return ""
			}
			title = f.zh
			t = deref(f.typ)
		case reflect.Map:
			t = deref(t.Elem())
			title = part
		default:
			return ""
		}
	}
	return title
}

// splitPath splits "a.b[2].c" into a, b, [], c.
func splitPath(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, ".") {
		if seg == "" {
			continue
		}
		name, rest, _ := strings.Cut(seg, "[")
		if name != "" {
			out = append(out, name)
		}
		for rest != "" {
			out = append(out, "[]")
			_, rest, _ = strings.Cut(rest, "[")
		}
	}
	return out
}

// Field describes one field of a struct as files name it, for tools that
// build on the same description (the web forms).
type Field struct {
	Name     string // name in files (json tag)
	Title    string // Chinese name
	Doc      string // note for people
	Required bool
	Type     reflect.Type
	Shape    Shape
}

// Shape is how a value of some type is written in a file.
type Shape int

const (
	ShapeText    Shape = iota // a string
	ShapeNumber               // a decimal number, also written as text ("1,234.56")
	ShapeInteger              // a whole number
	ShapeBool                 // true or false
	ShapeScalar               // text parsed by the type (a figure "≥95%", a code or its Chinese name)
	ShapeLines                // a list of strings
	ShapeObject               // a nested struct
	ShapeList                 // a list of structs
	ShapeOther                // maps and anything else
)

// Fields returns the file fields of struct type t (after dereferencing
// pointers), in declaration order.
func Fields(t reflect.Type) []Field {
	var out []Field
	for _, f := range fieldsOf(deref(t)).list {
		out = append(out, Field{Name: f.name, Title: f.zh, Doc: f.doc, Required: f.required, Type: f.typ, Shape: ShapeOf(f.typ)})
	}
	return out
}

// ShapeOf classifies type t.
func ShapeOf(t reflect.Type) Shape {
	t = deref(t)
	switch {
	case t == decimalType || t == jsonNumberType:
		return ShapeNumber
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		return ShapeScalar
	}
	switch t.Kind() {
	case reflect.String:
		return ShapeText
	case reflect.Int, reflect.Int32, reflect.Int64:
		return ShapeInteger
	case reflect.Bool:
		return ShapeBool
	case reflect.Struct:
		return ShapeObject
	case reflect.Slice:
		switch ShapeOf(t.Elem()) {
		case ShapeText:
			return ShapeLines
		case ShapeObject:
			return ShapeList
		}
	}
	return ShapeOther
}

// EnumValues returns the values a type with a fixed list of values accepts
// (codes and their Chinese names), or nil.
func EnumValues(t reflect.Type) []string {
	t = deref(t)
	if t.Implements(enumerType) {
		return reflect.Zero(t).Interface().(enumer).Enum()
	}
	return nil
}
