package yamlcodec

import (
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Encode writes v (a struct or pointer to one) as block-style YAML that
// Decode reads back to an equal value: fields in declaration order under
// their json names, zero values of omitempty fields left out, decimals as
// exact numbers, and text quoted wherever YAML would read it otherwise.
func Encode(v any) ([]byte, error) {
	var b strings.Builder
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, fmt.Errorf("yamlcodec: Encode of a nil pointer")
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("yamlcodec: Encode needs a struct, got %s", rv.Type())
	}
	if err := encodeStruct(&b, rv, 0); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// empty reports whether v should be left out under omitempty.
func empty(v reflect.Value) bool {
	if v.Type() == decimalType {
		return false // a stated 0 is data
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Struct:
		if v.Type().Implements(textMarshaler) {
			t, _ := v.Interface().(encoding.TextMarshaler).MarshalText()
			return len(t) == 0
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() && !empty(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return false
}

func encodeStruct(b *strings.Builder, v reflect.Value, indent int) error {
	fs := fieldsOf(v.Type())
	first := true
	for _, f := range fs.list {
		fv, err := v.FieldByIndexErr(f.index)
		if err != nil {
			continue // under a nil embedded pointer
		}
		if f.omitempty && empty(fv) {
			continue
		}
		for fv.Kind() == reflect.Pointer && !fv.IsNil() && fv.Type() != decimalType && !fv.Type().Implements(textMarshaler) {
			fv = fv.Elem()
		}
		if !first || indent > 0 {
			b.WriteString(strings.Repeat(" ", indent))
		}
		first = false
		if err := encodeEntry(b, f.name, fv, indent); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if first { // no fields: an empty mapping
		b.WriteString("{}\n")
	}
	return nil
}

// encodeEntry writes "key: value" (the indentation is already written).
func encodeEntry(b *strings.Builder, key string, v reflect.Value, indent int) error {
	if key != "" {
		b.WriteString(quoteKey(key) + ":")
	}
	if s, ok, err := scalar(v); err != nil {
		return err
	} else if ok {
		b.WriteString(" " + s + "\n")
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		b.WriteString("\n")
		return encodeStruct(b, v, indent+2)
	case reflect.Slice:
		if v.Len() == 0 {
			b.WriteString(" []\n")
			return nil
		}
		b.WriteString("\n")
		return encodeSeq(b, v, indent+2)
	case reflect.Map:
		if v.Len() == 0 {
			b.WriteString(" {}\n")
			return nil
		}
		b.WriteString("\n")
		return encodeMap(b, v, indent+2)
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString(" null\n")
			return nil
		}
		return encodeEntry(b, "", v.Elem(), indent)
	}
	return fmt.Errorf("unsupported type %s", v.Type())
}

func encodeSeq(b *strings.Builder, v reflect.Value, indent int) error {
	for i := 0; i < v.Len(); i++ {
		item := v.Index(i)
		for item.Kind() == reflect.Pointer && !item.IsNil() && item.Type() != decimalType {
			item = item.Elem()
		}
		b.WriteString(strings.Repeat(" ", indent) + "-")
		if s, ok, err := scalar(item); err != nil {
			return err
		} else if ok {
			b.WriteString(" " + s + "\n")
			continue
		}
		switch item.Kind() {
		case reflect.Struct:
			// The first field goes on the dash's line, the rest under it.
			var inner strings.Builder
			if err := encodeStruct(&inner, item, indent+2); err != nil {
				return err
			}
			text := inner.String()
			b.WriteString(" " + strings.TrimPrefix(text, strings.Repeat(" ", indent+2)))
		default:
			return fmt.Errorf("unsupported list item %s", item.Type())
		}
	}
	return nil
}

func encodeMap(b *strings.Builder, v reflect.Value, indent int) error {
	keys := make([]string, 0, v.Len())
	for _, k := range v.MapKeys() {
		keys = append(keys, k.String())
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(strings.Repeat(" ", indent))
		if err := encodeEntry(b, k, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), indent); err != nil {
			return err
		}
	}
	return nil
}

// scalar formats v when it is a scalar.
func scalar(v reflect.Value) (string, bool, error) {
	if v.Type() == decimalType {
		return exactText(v.Interface().(decimal.Decimal)), true, nil
	}
	if v.Kind() == reflect.Pointer && v.Type().Elem() == decimalType {
		if v.IsNil() {
			return "null", true, nil
		}
		return exactText(v.Elem().Interface().(decimal.Decimal)), true, nil
	}
	if v.Type().Implements(textMarshaler) {
		t, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return "", false, err
		}
		return quote(string(t)), true, nil
	}
	switch v.Kind() {
	case reflect.String:
		return quote(v.String()), true, nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true, nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true, nil
	}
	return "", false, nil
}

// exactText writes a decimal with the places it was stated with:
// 21440.30 stays 21440.30.
func exactText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// safePlain matches text YAML reads back as the same string when written
// plain: no leading indicator, no ": " or " #", no surrounding space, and
// not something YAML would read as a number, boolean or null.
var (
	unsafeStart = regexp.MustCompile(`^[-?:,\[\]{}#&*!|>'"%@` + "`" + `\s]`)
	looksTyped  = regexp.MustCompile(`^(?:[-+]?(?:\.?[0-9][0-9_.,:eE+-]*|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|null|Null|NULL|~|<<)$`)
)

func quote(s string) string {
	if s == "" || unsafeStart.MatchString(s) || looksTyped.MatchString(s) || strings.Contains(s, ": ") || strings.Contains(s, " #") ||
		strings.HasSuffix(s, ":") || strings.HasSuffix(s, " ") || strings.ContainsAny(s, "\n\r\t\"\\") || strings.ContainsFunc(s, notPrintable) {
		return strconv.Quote(s)
	}
	return s
}

func notPrintable(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xFEFF }

func quoteKey(k string) string {
	if k == "" || unsafeStart.MatchString(k) || looksTyped.MatchString(k) || strings.ContainsAny(k, ":#\"'\n") {
		return strconv.Quote(k)
	}
	return k
}
