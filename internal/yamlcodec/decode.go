// Package yamlcodec decodes YAML and JSON documents strictly into Go values
// described by struct tags, reporting every problem at once in Chinese with
// its file, line:column and field; it also describes those types as a JSON
// Schema and as a Markdown field reference, so that decoder, schema and
// documentation come from one source.
//
// Struct tags: `json:"name,omitempty"` names the field in files;
// `zh:"中文名"` is its Chinese name; `jx:"required"` makes it required;
// `doc:"…"` is a note for the documentation. Decimal values are read from
// the document's text, never through float64. Types that implement
// encoding.TextUnmarshaler are read from a scalar's text; their errors
// become the message shown to the user.
package yamlcodec

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/shopspring/decimal"

	"jixiao"
)

// MaxErrors is how many problems one decode reports before it stops.
const MaxErrors = 50

// Error is one problem in a document.
type Error struct {
	File    string
	Line    int // 1-based; 0 when unknown
	Column  int
	Path    string // field path, "projects[0].indicators[2].weight"
	Field   string // the field's Chinese name, when known
	Message string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString("字段 " + e.Path)
		if e.Field != "" {
			b.WriteString("（" + e.Field + "）")
		}
		b.WriteString("：")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Errors is every problem found in a document, in document order.
type Errors []*Error

// ErrorCode makes decoding errors bad input (jixiao.EINVALID).
func (Errors) ErrorCode() string { return jixiao.EINVALID }

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Doc remembers where each field of a decoded document was, so that
// problems found later (by validation) can be reported at their place.
//
// A JSON document decoded directly (without a syntax tree) keeps its bytes
// instead, and its positions are worked out on the first call to Locate or
// Problems, by reading it again directly (jsonPositions), recording them.
type Doc struct {
	File  string
	root  reflect.Type
	pos   map[string][2]int // path → line, column; nil until needed
	order []string
	data  []byte // the document, while pos is not worked out
	lim   Limits
	// asked, while not nil, holds the paths Locate has looked for in data;
	// pos then holds only those and their ancestors.
	asked map[string]bool
}

// positions works out where each field is, once, for a document decoded
// directly.
func (d *Doc) positions() {
	if d.asked != nil || d.pos != nil || d.data == nil {
		return
	}
	if pos := jsonPositions(d.data, d.root); pos != nil {
		d.pos, d.data = pos, nil
		return
	}
	again, _ := decodeTree(d.File, d.data, reflect.New(d.root), d.lim)
	d.pos, d.order, d.data = again.pos, again.order, nil
}

// Locate returns the position of path, or of its nearest ancestor present in
// the document.
//
// For a document decoded directly, Locate walks it once for each path
// neither asked for before nor named to Prepare, recording only that path
// and its ancestors (jsonLocate).
func (d *Doc) Locate(path string) (line, col int) {
	if d.asked != nil || (d.data != nil && d.pos == nil) {
		d.Prepare([]string{path})
	}
	d.positions()
	for p := path; ; {
		if lc, ok := d.pos[p]; ok {
			return lc[0], lc[1]
		}
		if p == "" {
			return 0, 0
		}
		p = parentPath(p)
	}
}

// Prepare works out, in one walk of a document decoded directly, where
// the paths are that Locate will be asked for (in any order), so that a
// case with several findings is read once, and only for those paths and
// their ancestors rather than for every field. Paths already asked for are
// skipped; for other documents Prepare does nothing.
func (d *Doc) Prepare(paths []string) {
	if d.data == nil || (d.pos != nil && d.asked == nil) {
		return
	}
	if d.pos == nil {
		d.pos, d.asked = map[string][2]int{}, map[string]bool{}
	}
	var want []string
	for _, p := range paths {
		if !d.asked[p] {
			want = append(want, p)
		}
	}
	if len(want) == 0 {
		return
	}
	sort.Strings(want)
	if !jsonLocate(d.data, d.root, want, d.pos) {
		d.pos, d.asked = nil, nil // not walkable: positions works out every one
		d.positions()
		return
	}
	for _, p := range want {
		d.asked[p] = true
	}
}

// Problems turns validation problems into positioned errors, in document
// order.
func (d *Doc) Problems(ps jixiao.Problems) Errors {
	paths := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.Path != "" {
			paths = append(paths, p.Path)
		}
	}
	d.Prepare(paths)
	var out Errors
	for _, p := range ps {
		if p.Path == "" { // not in this document (e.g. in a rulebook)
			out = append(out, &Error{File: d.File, Message: p.Message})
			continue
		}
		line, col := d.Locate(p.Path)
		out = append(out, &Error{File: d.File, Line: line, Column: col, Path: p.Path,
			Field: FieldTitle(d.root, p.Path), Message: p.Message})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndex(p, "["); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

// Decode reads one YAML or JSON document from data into v (a pointer to a
// struct), strictly: unknown fields, wrong types, duplicate keys and missing
// required fields are errors. All problems are returned together as Errors.
// The document is first checked against DefaultLimits (see Guard).
func Decode(file string, data []byte, v any) (*Doc, error) {
	return DecodeLimits(file, data, v, DefaultLimits)
}

// DecodeLimits is Decode with other limits: the document is refused
// unless Guard accepts it under lim, and the values decoded (those reached
// through aliases included) may not exceed lim.Nodes.
func DecodeLimits(file string, data []byte, v any, lim Limits) (*Doc, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, fmt.Errorf("yamlcodec: Decode needs a non-nil pointer, got %T", v)
	}
	if err := Guard(file, data, lim); err != nil {
		return nil, err
	}
	// JSON (all that the system itself writes) is decoded straight into
	// v; only a document that fails there, and YAML, build a syntax tree.
	if looksJSON(data) {
		before := reflect.New(rv.Elem().Type()).Elem()
		before.Set(rv.Elem())
		if decodeDirect(data, rv.Elem()) {
			return &Doc{File: file, root: rv.Elem().Type(), data: data, lim: lim}, nil
		}
		rv.Elem().Set(before)
	}
	return decodeTree(file, data, rv, lim)
}

// decodeTree decodes data into rv (a non-nil pointer) through the YAML
// syntax tree, recording every field's position.
func decodeTree(file string, data []byte, rv reflect.Value, lim Limits) (*Doc, error) {
	d := &decoder{doc: &Doc{File: file, root: rv.Elem().Type(), pos: map[string][2]int{}}, anchors: map[string]ast.Node{}, budget: lim.Nodes}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, Errors{syntaxError(file, err)}
	}
	var body ast.Node
	docs := 0
	for _, doc := range f.Docs {
		if doc.Body == nil {
			continue
		}
		docs++
		if body == nil {
			body = doc.Body
		}
	}
	switch {
	case docs == 0:
		return nil, Errors{{File: file, Message: "文件为空，没有任何内容"}}
	case docs > 1:
		return nil, Errors{{File: file, Message: "文件只能包含一个文档（发现多个以 --- 分隔的文档）"}}
	}
	d.value(body, rv.Elem(), "")
	if len(d.errs) > 0 {
		return d.doc, d.errs
	}
	return d.doc, nil
}

func syntaxError(file string, err error) *Error {
	e := &Error{File: file, Message: "语法错误：" + err.Error()}
	var se *yaml.SyntaxError
	if errors.As(err, &se) && se.Token != nil {
		e.Line, e.Column = se.Token.Position.Line, se.Token.Position.Column
		e.Message = "YAML/JSON 语法错误：" + translateSyntax(se.Message)
		if m := duplicateKey.FindStringSubmatch(se.Message); m != nil {
			e.Message = fmt.Sprintf("键“%s”重复出现（第一次在第%s行第%s列）", m[1], m[2], m[3])
		}
	}
	return e
}

var duplicateKey = regexp.MustCompile(`mapping key "(.*)" already defined at \[(\d+):(\d+)\]`)

// translateSyntax gives the parser's common messages in Chinese and keeps
// the original for the rest.
func translateSyntax(msg string) string {
	known := []struct{ en, zh string }{
		{"value is not allowed in this context", "此处不能出现值（常见原因：缩进不对齐，或“键: 值”的冒号后缺少空格）"},
		{"mapping value is not allowed in this context", "此处不能出现键值对（常见原因：缩进不对齐）"},
		{"could not find flow mapping end token", "花括号 { 没有闭合"},
		{"could not find flow sequence end token", "方括号 [ 没有闭合"},
		{"unexpected key name", "键名不合法"},
		{"could not find end character of double-quoted text", "双引号没有闭合"},
		{"could not find end character of single-quoted text", "单引号没有闭合"},
		{"found invalid token", "发现无效的内容"},
		{"tab character cannot use as a map key directly", "不能用制表符缩进，请改用空格"},
		{"found character that cannot start any token", "发现无法识别的字符（如制表符缩进）"},
	}
	for _, k := range known {
		if strings.Contains(msg, k.en) {
			return k.zh
		}
	}
	return msg
}

type decoder struct {
	doc     *Doc
	errs    Errors
	anchors map[string]ast.Node
	depth   int
	// budget is how many more values may be decoded (0: no bound); once
	// spent, decoding stops with one error.
	budget int
	spent  bool
}

func (d *decoder) fail(n ast.Node, path, format string, args ...any) {
	if len(d.errs) == MaxErrors {
		d.errs = append(d.errs, &Error{File: d.doc.File, Message: "错误过多，其余未列出"})
	}
	if len(d.errs) > MaxErrors {
		return
	}
	e := &Error{File: d.doc.File, Path: path, Field: FieldTitle(d.doc.root, path), Message: fmt.Sprintf(format, args...)}
	if n = position(n); n != nil && n.GetToken() != nil {
		e.Line, e.Column = n.GetToken().Position.Line, n.GetToken().Position.Column
	}
	d.errs = append(d.errs, e)
}

func (d *decoder) mark(n ast.Node, path string) {
	n = position(n)
	if n == nil || n.GetToken() == nil {
		return
	}
	if _, ok := d.doc.pos[path]; !ok {
		d.doc.pos[path] = [2]int{n.GetToken().Position.Line, n.GetToken().Position.Column}
		d.doc.order = append(d.doc.order, path)
	}
}

// position returns the node whose token best locates n: a mapping's first
// key rather than its colon.
func position(n ast.Node) ast.Node {
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 && m.Values[0].Key != nil {
			return m.Values[0].Key
		}
	case *ast.MappingValueNode:
		if m.Key != nil {
			return m.Key
		}
	}
	return n
}

var (
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	jsonNumberType  = reflect.TypeFor[json.Number]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// resolve strips tags and anchors and follows aliases.
func (d *decoder) resolve(n ast.Node, path string) ast.Node {
	for i := 0; i < 100; i++ {
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			if x.Name != nil {
				d.anchors[x.Name.GetToken().Value] = x.Value
			}
			n = x.Value
		case *ast.AliasNode:
			name := ""
			if x.Value != nil {
				name = x.Value.GetToken().Value
			}
			target, ok := d.anchors[name]
			if !ok {
				d.fail(n, path, "别名 *%s 引用的锚点 &%s 不存在", name, name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	return n
}

func (d *decoder) value(n ast.Node, v reflect.Value, path string) {
	if d.spent {
		return
	}
	if d.budget > 0 {
		if d.budget == 1 {
			d.spent = true
			d.fail(n, path, "展开别名后的值过多，超出上限")
			return
		}
		d.budget--
	}
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 64 {
		d.fail(n, path, "嵌套层数过深")
		return
	}
	d.mark(n, path)
	n = d.resolve(n, path)
	if n == nil {
		return
	}
	if _, null := n.(*ast.NullNode); null {
		return // not given: leave the zero value
	}
	t := v.Type()
	switch {
	case t == decimalType:
		d.decimal(n, v, path)
		return
	case t.Kind() == reflect.Pointer:
		nv := reflect.New(t.Elem())
		before := len(d.errs)
		d.value(n, nv.Elem(), path)
		if len(d.errs) == before {
			v.Set(nv)
		}
		return
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		text, ok := d.scalar(n, path)
		if !ok {
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text)); err != nil {
			d.fail(n, path, "%s", jixiao.ErrorMessage(err))
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		if text, ok := d.scalar(n, path); ok {
			v.SetString(text)
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		d.integer(n, v, path)
	case reflect.Bool:
		d.boolean(n, v, path)
	case reflect.Struct:
		d.structure(n, v, path)
	case reflect.Slice:
		d.slice(n, v, path)
	case reflect.Map:
		d.mapping(n, v, path)
	default:
		d.fail(n, path, "内部错误：不支持的字段类型 %s", t)
	}
}

// kindName names a node's kind for messages.
func kindName(n ast.Node) string {
	switch x := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "对象（键: 值）"
	case *ast.SequenceNode:
		return "列表"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "数字 " + x.GetToken().Value
	case *ast.BoolNode:
		return "布尔值 " + x.GetToken().Value
	case *ast.StringNode, *ast.LiteralNode:
		return "文本“" + shorten(scalarText(n)) + "”"
	}
	return n.Type().String()
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

func scalarText(n ast.Node) string {
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value
	case *ast.LiteralNode:
		if x.Value != nil {
			return x.Value.Value
		}
		return ""
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// scalar returns the text of a scalar node as written.
func (d *decoder) scalar(n ast.Node, path string) (string, bool) {
	switch n.(type) {
	case *ast.StringNode, *ast.LiteralNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return scalarText(n), true
	}
	d.fail(n, path, "应为文本或数字，实际为%s", kindName(n))
	return "", false
}

func (d *decoder) decimal(n ast.Node, v reflect.Value, path string) {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		x, err := decimal.NewFromString(n.GetToken().Value)
		if err != nil {
			x, err = jixiao.ParseDecimal(n.GetToken().Value)
		}
		if err != nil {
			d.fail(n, path, "应为数字，实际为“%s”", n.GetToken().Value)
			return
		}
		v.Set(reflect.ValueOf(x))
	case *ast.StringNode:
		x, err := jixiao.ParseDecimal(scalarText(n))
		if err != nil {
			d.fail(n, path, "应为数字，实际为%s", kindName(n))
			return
		}
		v.Set(reflect.ValueOf(x))
	default:
		d.fail(n, path, "应为数字，实际为%s", kindName(n))
	}
}

func (d *decoder) integer(n ast.Node, v reflect.Value, path string) {
	var text string
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.StringNode:
		text = scalarText(n)
	default:
		d.fail(n, path, "应为整数，实际为%s", kindName(n))
		return
	}
	x, err := jixiao.ParseDecimal(text)
	if err != nil || !x.IsInteger() {
		d.fail(n, path, "应为整数，实际为%s", kindName(n))
		return
	}
	i, err := strconv.ParseInt(x.String(), 10, 64)
	if err != nil || v.OverflowInt(i) {
		d.fail(n, path, "整数“%s”超出范围", text)
		return
	}
	v.SetInt(i)
}

func (d *decoder) boolean(n ast.Node, v reflect.Value, path string) {
	if b, ok := n.(*ast.BoolNode); ok {
		v.SetBool(b.Value)
		return
	}
	if s, ok := n.(*ast.StringNode); ok {
		switch strings.TrimSpace(s.Value) {
		case "是", "true", "True", "TRUE", "√", "Y", "y":
			v.SetBool(true)
			return
		case "否", "false", "False", "FALSE", "×", "N", "n":
			v.SetBool(false)
			return
		}
	}
	d.fail(n, path, "应为 true / false（或 是 / 否），实际为%s", kindName(n))
}

func (d *decoder) slice(n ast.Node, v reflect.Value, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.fail(n, path, "应为列表，实际为%s", kindName(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	for i, item := range seq.Values {
		d.value(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(out)
}

// entries returns a mapping's key/value pairs, or reports the node's kind.
func (d *decoder) entries(n ast.Node, path string) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	d.fail(n, path, "应为对象（键: 值），实际为%s", kindName(n))
	return nil, false
}

func keyText(kv *ast.MappingValueNode) string {
	if kv.Key == nil {
		return ""
	}
	return scalarText(kv.Key)
}

func (d *decoder) mapping(n ast.Node, v reflect.Value, path string) {
	kvs, ok := d.entries(n, path)
	if !ok {
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		d.fail(n, path, "内部错误：映射键须为文本")
		return
	}
	out := reflect.MakeMapWithSize(v.Type(), len(kvs))
	seen := map[string]int{}
	for _, kv := range kvs {
		k := keyText(kv)
		kp := joinPath(path, k)
		if line, dup := seen[k]; dup {
			d.fail(kv.Key, kp, "键“%s”重复出现（第一次在第%d行）", k, line)
			continue
		}
		seen[k] = kv.Key.GetToken().Position.Line
		ev := reflect.New(v.Type().Elem()).Elem()
		d.value(kv.Value, ev, kp)
		out.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), ev)
	}
	v.Set(out)
}

func joinPath(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func (d *decoder) structure(n ast.Node, v reflect.Value, path string) {
	kvs, ok := d.entries(n, path)
	if !ok {
		return
	}
	fields := fieldsOf(v.Type())
	given := map[string]bool{}
	seen := map[string]int{}
	for _, kv := range kvs {
		if _, merge := kv.Key.(*ast.MergeKeyNode); merge {
			d.fail(kv.Key, path, "不支持 YAML 合并键 <<，请直接写出各字段")
			continue
		}
		k := keyText(kv)
		kp := joinPath(path, k)
		if line, dup := seen[k]; dup {
			d.fail(kv.Key, kp, "字段“%s”重复出现（第一次在第%d行）", k, line)
			continue
		}
		seen[k] = kv.Key.GetToken().Position.Line
		f, ok := fields.byName[k]
		if !ok {
			d.fail(kv.Key, path, "未知字段“%s”%s", k, suggest(k, fields))
			continue
		}
		value := d.resolve(kv.Value, kp)
		if _, null := value.(*ast.NullNode); !null && value != nil {
			given[k] = true
		}
		d.mark(kv.Key, kp)
		d.value(kv.Value, fieldByIndex(v, f.index), kp)
	}
	at := position(n)
	for _, f := range fields.list {
		if f.required && !given[f.name] {
			if f.zh != "" {
				d.fail(at, joinPath(path, f.name), "缺少必填字段“%s”（%s）", f.name, f.zh)
			} else {
				d.fail(at, joinPath(path, f.name), "缺少必填字段“%s”", f.name)
			}
		}
	}
}

// suggest names the closest valid field, or lists them all.
func suggest(k string, fs *structFields) string {
	best, bestDist := "", 3
	for _, f := range fs.list {
		if dist := editDistance(strings.ToLower(k), f.name); dist < bestDist {
			best, bestDist = f.name, dist
		}
		if f.zh != "" && (k == f.zh || strings.HasPrefix(f.zh, k)) {
			best, bestDist = f.name, 0
		}
	}
	if best != "" {
		f := fs.byName[best]
		if f.zh != "" {
			return fmt.Sprintf("，是否应为“%s”（%s）？", best, f.zh)
		}
		return fmt.Sprintf("，是否应为“%s”？", best)
	}
	names := make([]string, len(fs.list))
	for i, f := range fs.list {
		names[i] = f.name
	}
	return "，可用字段：" + strings.Join(names, "、")
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// fieldByIndex is reflect.Value.FieldByIndex that allocates embedded
// pointers on the way.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// Without returns the problems of ps that are not about a field es
// already reports (the field itself or a part of it): a value the decoder
// refused is left empty, and rules about it would only repeat the error.
// With it a caller reports decoding errors and validation problems in one
// pass.
func (es Errors) Without(ps jixiao.Problems) jixiao.Problems {
	var out jixiao.Problems
	for _, p := range ps {
		covered := false
		for _, e := range es {
			if e.Path == "" || p.Path == e.Path || strings.HasPrefix(p.Path, e.Path+".") || strings.HasPrefix(p.Path, e.Path+"[") {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// Sort puts errors in document order (errors without a position last,
// in their order).
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if (a.Line == 0) != (b.Line == 0) {
			return b.Line == 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
