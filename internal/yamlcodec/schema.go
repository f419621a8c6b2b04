package yamlcodec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// enumer is implemented by types whose values come from a fixed list.
type enumer interface{ Enum() []string }

var enumerType = reflect.TypeFor[enumer]()

// Schema describes root (a struct type) as a JSON Schema (draft 2020-12):
// every field with its Chinese title and note, required fields, enums, and
// no additional properties — the same rules the decoder enforces.
func Schema(root reflect.Type, id, title string) ([]byte, error) {
	g := &SchemaSet{defs: map[string]any{}, prefix: "#/$defs/"}
	s := g.schema(deref(root), true)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = id
	s["title"] = title
	s["$defs"] = g.defs
	return json.MarshalIndent(s, "", "  ")
}

// SchemaSet collects the schemas of named struct types, for documents (such
// as OpenAPI) that keep them in one place and refer to them.
type SchemaSet struct {
	defs   map[string]any
	prefix string
}

// NewSchemaSet returns a set whose references start with prefix
// ("#/components/schemas/").
func NewSchemaSet(prefix string) *SchemaSet {
	return &SchemaSet{defs: map[string]any{}, prefix: prefix}
}

// Of returns the schema of a value of type t: a reference for a struct
// type, whose schema joins the set.
func (g *SchemaSet) Of(t reflect.Type) map[string]any { return g.schema(deref(t), false) }

// Defs returns the struct schemas collected, by type name.
func (g *SchemaSet) Defs() map[string]any { return g.defs }

var timeType = reflect.TypeFor[time.Time]()

// typeRefName names a struct type's schema: its name, with the type
// arguments of a generic type folded in (List[*jixiao.User] → ListUser).
func typeRefName(t reflect.Type) string {
	return genericNoise.ReplaceAllString(t.Name(), "")
}

var genericNoise = regexp.MustCompile(`[*\[\],\s]|[A-Za-z0-9_]+\.|[a-z0-9_./-]+/`)

func (g *SchemaSet) schema(t reflect.Type, inline bool) map[string]any {
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t == jsonNumberType {
		return map[string]any{"type": "number"}
	}
	if t == decimalType {
		return map[string]any{"type": []string{"number", "string"}, "description": "数字；也可写成文本，如 \"1,234.56\""}
	}
	if t.Implements(enumerType) {
		vals := reflect.Zero(t).Interface().(enumer).Enum()
		return map[string]any{"type": "string", "enum": vals}
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return map[string]any{"type": []string{"string", "number"}}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schema(t.Elem(), inline)
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.schema(deref(t.Elem()), false)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(deref(t.Elem()), false)}
	case reflect.Struct:
		if !inline {
			name := typeRefName(t)
			if _, ok := g.defs[name]; !ok {
				g.defs[name] = nil // reserve: recursive types
				g.defs[name] = g.object(t)
			}
			return map[string]any{"$ref": g.prefix + name}
		}
		return g.object(t)
	}
	return map[string]any{}
}

func (g *SchemaSet) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range fieldsOf(t).list {
		s := g.schema(deref(f.typ), false)
		if f.zh != "" || f.doc != "" {
			// $ref siblings are allowed in 2020-12.
			if f.zh != "" {
				s["title"] = f.zh
			}
			if f.doc != "" {
				s["description"] = f.doc
			}
		}
		props[f.name] = s
		if f.required {
			required = append(required, f.name)
		}
	}
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// Reference writes a Markdown reference of root and every struct type it
// contains: one table per type with each field's name, Chinese name, type,
// whether it is required, and its note.
func Reference(root reflect.Type) string {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	queue := []reflect.Type{deref(root)}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		if seen[t] {
			continue
		}
		seen[t] = true
		fmt.Fprintf(&b, "### %s\n\n", t.Name())
		b.WriteString("| 字段 | 中文名 | 类型 | 必填 | 说明 |\n|---|---|---|---|---|\n")
		for _, f := range fieldsOf(t).list {
			req := ""
			if f.required {
				req = "是"
			}
			typ, nested := typeName(f.typ)
			if nested != nil && !seen[nested] {
				queue = append(queue, nested)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", f.name, f.zh, typ, req, strings.ReplaceAll(f.doc, "|", "\\|"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// typeTitler is a type that names itself in the reference (jixiao.Date:
// 日期).
type typeTitler interface{ TypeTitle() string }

var typeTitlerType = reflect.TypeFor[typeTitler]()

// typeName names a field's type in Chinese for the reference, and returns
// the struct type it contains, if any.
func typeName(t reflect.Type) (string, reflect.Type) {
	t = deref(t)
	switch {
	case t == decimalType:
		return "数字", nil
	case t.Implements(enumerType):
		vals := reflect.Zero(t).Interface().(enumer).Enum()
		return "可选值：" + strings.Join(vals, "、"), nil
	case t.Implements(typeTitlerType):
		return reflect.Zero(t).Interface().(typeTitler).TypeTitle(), nil
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		return "数字或文本（原样保留）", nil
	}
	switch t.Kind() {
	case reflect.String:
		return "文本", nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "整数", nil
	case reflect.Bool:
		return "是/否（true/false）", nil
	case reflect.Slice:
		inner, nested := typeName(t.Elem())
		return inner + "的列表", nested
	case reflect.Map:
		inner, nested := typeName(t.Elem())
		return "名称→" + inner + "的对应表", nested
	case reflect.Struct:
		return fmt.Sprintf("[%s](#%s)", t.Name(), strings.ToLower(t.Name())), t
	}
	return t.String(), nil
}
