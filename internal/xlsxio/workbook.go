package xlsxio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// A case workbook holds a whole case in tables that can be edited in Excel
// or WPS, with nothing lost: "评价信息" lists every single value (单位名称,
// 评价年度, 预算合计…) one per row, and every list of the case (分项绩效目标,
// 指标, 扣分, 收入明细…) is a sheet of its own, one row per item. Row 2 of a
// sheet names the columns in Chinese; row 3 holds the field names of the
// case file format, which the reader goes by (its first cell names the
// list, "@goals[].indicators[]"). Lists inside lists say in their first
// column which item they belong to ("goals[2]").
//
// The tables are derived from the case format's own description
// (yamlcodec), so every field the format has is carried, and reading goes
// through the same strict decoder as a case file: errors name the sheet
// and cell.

// table is one sheet of a case workbook: the case's root (pattern "") or
// one of its lists ("goals[]", "goals[].indicators[]").
type table struct {
	pattern string
	title   string
	cols    []column
}

// column is a value of a table's records, flattened through nested
// objects: "level1", "rubric.kind".
type column struct {
	key   string
	label string
	typ   reflect.Type
	shape yamlcodec.Shape
}

// tablesOf lists the tables of a root type, the root first, then each list
// followed by the lists inside it.
func tablesOf(root reflect.Type) []*table {
	var out []*table
	var walk func(t reflect.Type, pattern, title string)
	walk = func(t reflect.Type, pattern, title string) {
		tb := &table{pattern: pattern, title: title}
		out = append(out, tb)
		var nested []func()
		var fields func(t reflect.Type, key, label string)
		fields = func(t reflect.Type, key, label string) {
			for _, f := range yamlcodec.Fields(t) {
				k, l := joinKey(key, f.Name), joinLabel(label, orName(f.Title, f.Name))
				switch f.Shape {
				case yamlcodec.ShapeObject:
					fields(derefType(f.Type), k, l)
				case yamlcodec.ShapeList:
					elem := derefType(f.Type.Elem())
					p := joinKey(pattern, k) + "[]"
					sub := joinLabel(title, l)
					if pattern == "" {
						sub = l
					}
					nested = append(nested, func() { walk(elem, p, sub) })
				default:
					tb.cols = append(tb.cols, column{key: k, label: l, typ: f.Type, shape: f.Shape})
				}
			}
		}
		fields(t, "", "")
		for _, n := range nested {
			n()
		}
	}
	walk(root, "", "评价信息")
	return out
}

func joinKey(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func joinLabel(a, b string) string {
	if a == "" {
		return b
	}
	return a + "-" + b
}

func orName(title, name string) string {
	if title != "" {
		return title
	}
	return name
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var caseTables = tablesOf(reflect.TypeFor[jixiao.Evaluation]())

// sheetNames gives each table a unique sheet name of at most 31
// characters (Excel's limit).
func sheetNames(tables []*table) map[*table]string {
	out := map[*table]string{}
	used := map[string]bool{}
	for _, t := range tables {
		r := []rune(strings.NewReplacer(":", "_", `\`, "_", "/", "_", "?", "_", "*", "_", "[", "(", "]", ")", "（", "(", "）", ")").Replace(t.title))
		if len(r) > 28 {
			r = append(r[:12], append([]rune("…"), r[len(r)-15:]...)...)
		}
		name := string(r)
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s%d", string(r), i)
		}
		used[name] = true
		out[t] = name
	}
	return out
}

// record is one row of a table: the item's path in the case and its
// values as the case's JSON.
type record struct {
	parent string // path of the item this one belongs to ("goals[2]"), "" at the top
	path   string // the item's own path ("goals[2].indicators[0]")
	values map[string]any
}

// records lists the items of a table in a case's JSON.
func records(m map[string]any, pattern string) []record {
	if pattern == "" {
		return []record{{values: m}}
	}
	segs := strings.Split(strings.TrimSuffix(pattern, "[]"), "[].")
	type at struct {
		parent, path string // the containing item's path, the item's
		v            map[string]any
	}
	cur := []at{{"", "", m}}
	for _, seg := range segs {
		var next []at
		for _, c := range cur {
			items, _ := getKey(c.v, seg).([]any)
			for j, it := range items {
				mm, _ := it.(map[string]any)
				if mm == nil {
					mm = map[string]any{}
				}
				next = append(next, at{c.path, fmt.Sprintf("%s[%d]", joinKey(c.path, seg), j), mm})
			}
		}
		cur = next
	}
	out := make([]record, 0, len(cur))
	for _, c := range cur {
		out = append(out, record{parent: c.parent, path: c.path, values: c.v})
	}
	return out
}

// getKey reads a dotted key ("rubric.kind") of a JSON object.
func getKey(m map[string]any, key string) any {
	var cur any = m
	for _, k := range strings.Split(key, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

// setKey sets a dotted key, creating objects on the way.
func setKey(m map[string]any, key string, v any) {
	ks := strings.Split(key, ".")
	for _, k := range ks[:len(ks)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[ks[len(ks)-1]] = v
}

// caseJSON is an evaluation as the case file's JSON (numbers kept as
// written).
func caseJSON(ev *jixiao.Evaluation) (map[string]any, error) {
	data, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// WriteCase writes a whole case as a case workbook.
func WriteCase(w io.Writer, ev *jixiao.Evaluation) error {
	m, err := caseJSON(ev)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	// The default sheet becomes the instructions (deleting it, or setting
	// the active sheet, would make excelize re-read every sheet written).
	if err := f.SetSheetName("Sheet1", "说明"); err != nil {
		return err
	}
	if err := instructions(f, st, "说明", caseInstructions); err != nil {
		return err
	}
	names := sheetNames(caseTables)
	for _, t := range caseTables {
		recs := records(m, t.pattern)
		if t.pattern != "" && len(recs) == 0 && !alwaysShown[t.pattern] {
			continue // an empty list gets no sheet; add one to add items
		}
		if err := writeTable(f, st, names[t], t, recs); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("%s%d年度绩效自评案例", ev.Name(), ev.Year), Creator: "jixiao",
		Keywords: caseWorkbookKeyword}); err != nil {
		return err
	}
	return f.Write(w)
}

// caseWorkbookKeyword marks a case workbook in its document properties.
const caseWorkbookKeyword = "jixiao-case-workbook/1"

// alwaysShown are the lists offered even when a case has none, so that a
// user can add items.
var alwaysShown = map[string]bool{"goals[]": true, "goals[].indicators[]": true, "projects[]": true, "projects[].indicators[]": true,
	"problems[]": true, "measures[]": true}

var caseInstructions = []string{
	"jixiao 案例工作簿",
	"本工作簿保存一项绩效自评的全部数据，可在 Excel 或 WPS 中修改后导入：在网页的“本单位自评”页，于“从 Excel 表格或案例文件导入”处选择本文件，点“上传并检查”（命令行为 jixiao import 文件.xlsx）。",
	"“评价信息”页每行一项：单位名称、评价年度、各阶段预算合计等。只修改“内容”一列。",
	"其余各页是案例中的列表（分项绩效目标、指标、扣分、收入明细、问题、措施……），每行一项；增加一行即增加一项，删除一行即删除一项。第2行是列名，第3行灰色的是字段名，程序按字段名读取，请勿修改前三行。",
	"“所属”一列指明该行属于哪一项，例如 goals[2] 是第3个分项绩效目标（从0开始编号），projects[0] 是第1个项目；“所属名称”仅供查看。",
	"金额、分值填数字；指标值、实际完成值照原文填写（如“≥95%”“4万亩”）；多项内容（如部门职能）在一个单元格内分行填写。",
	"导入时检查全部内容，任何一处有误都不会导入，并指出工作表和单元格（如“指标!F12”）。",
	"字段的含义见 docs/case-format.md。",
}

// instructions writes a sheet of numbered instructions.
func instructions(f *excelize.File, st *styles, name string, lines []string) error {
	s, err := newSheet(f, st, name, []float64{110}, false)
	if err != nil {
		return err
	}
	for i, l := range lines {
		style, h := st.note, 36.0
		if i == 0 {
			style, h = st.title, 30
		}
		if err := s.putH(h, cell(style, l)); err != nil {
			return err
		}
	}
	return s.flush()
}

func writeTable(f *excelize.File, st *styles, name string, t *table, recs []record) error {
	root := t.pattern == ""
	var widths []float64
	if root {
		widths = []float64{40, 28, 60}
	} else {
		widths = append(widths, 14, 24)
		for _, c := range t.cols {
			widths = append(widths, colWidth(c))
		}
	}
	s, err := newSheet(f, st, name, widths, !root)
	if err != nil {
		return err
	}
	if err := s.freeze(3); err != nil {
		return err
	}
	if err := s.printTitles(2, 3); err != nil { // the headings and field names
		return err
	}
	if root {
		s.putH(24, cell(st.title, "评价信息"))
		s.put(cell(st.header, "项目"), cell(st.header, "字段"), cell(st.header, "内容"))
		s.put(cell(st.key, "@"), cell(st.key, "key"), cell(st.key, "value"))
		for _, c := range t.cols {
			s.putH(rowHeightOf(valueText(getKey(recs[0].values, c.key), c)), cell(st.label, c.label), cell(st.key, c.key), valueCell(st, c, getKey(recs[0].values, c.key)))
		}
		return s.flush()
	}
	s.putH(24, cell(st.title, name))
	labels := []any{cell(st.header, "所属"), cell(st.header, "所属名称")}
	keys := []any{cell(st.key, "@"+t.pattern), cell(st.key, "")}
	for _, c := range t.cols {
		labels = append(labels, cell(st.header, c.label))
		keys = append(keys, cell(st.key, c.key))
	}
	s.put(labels...)
	s.put(keys...)
	for _, r := range recs {
		row := []any{cell(st.textFmt, r.parent), cell(st.text, "")}
		h := 0.0
		for _, c := range t.cols {
			v := getKey(r.values, c.key)
			row = append(row, valueCell(st, c, v))
			h = max(h, rowHeightOf(valueText(v, c)))
		}
		if err := s.putH(h, row...); err != nil {
			return err
		}
	}
	return s.flush()
}

func colWidth(c column) float64 {
	switch c.shape {
	case yamlcodec.ShapeNumber, yamlcodec.ShapeInteger, yamlcodec.ShapeBool:
		return 12
	case yamlcodec.ShapeText, yamlcodec.ShapeLines:
		return 30
	}
	return 18
}

func rowHeightOf(s string) float64 {
	lines := strings.Count(s, "\n") + 1 + len([]rune(s))/40
	return float64(min(lines, 12)) * 15
}

// valueText is a value as its cell's text.
func valueText(v any, c column) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		if x {
			return "是"
		}
		return "否"
	case []any:
		var parts []string
		for _, y := range x {
			parts = append(parts, valueText(y, c))
		}
		return strings.Join(parts, "\n")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+"："+valueText(x[k], c))
		}
		return strings.Join(parts, "\n")
	}
	return fmt.Sprint(v)
}

// valueCell writes numbers as numbers (digit for digit, see number) and
// everything else as text cells formatted as text.
func valueCell(st *styles, c column, v any) excelize.Cell {
	if v == nil {
		return cell(st.textFmt, "")
	}
	switch c.shape {
	case yamlcodec.ShapeNumber, yamlcodec.ShapeInteger:
		if n, ok := v.(json.Number); ok {
			return cell(st.number, number(decimal.RequireFromString(string(n))))
		}
		if s, ok := v.(string); ok {
			if d, err := decimal.NewFromString(s); err == nil {
				return cell(st.number, number(d))
			}
		}
	}
	t := valueText(v, c)
	if strings.HasPrefix(t, "=") || strings.HasPrefix(t, "+") || strings.HasPrefix(t, "-") || strings.HasPrefix(t, "@") {
		return cell(st.quoted, t)
	}
	return cell(st.textFmt, t)
}

// isCaseWorkbook tells a case workbook from other tables: by its marker,
// else by a sheet whose third row starts with "@".
func isCaseWorkbook(b *book) bool {
	if b.keywords == caseWorkbookKeyword {
		return true
	}
	for _, sh := range b.sheets {
		if rows := b.head(sh); len(rows) == 3 && len(rows[2]) > 0 && strings.HasPrefix(rows[2][0], "@") {
			return true
		}
	}
	return false
}

func tableIndex(t *table) int {
	for i, x := range caseTables {
		if x == t {
			return i
		}
	}
	return len(caseTables)
}

func exampleParent(segs []string) string {
	var b strings.Builder
	for i, s := range segs[:len(segs)-1] {
		if i > 0 {
			b.WriteString(".")
		}
		b.WriteString(s + "[0]")
	}
	return b.String()
}

// findItem finds the item at path ("goals[2]") whose list path matches
// segs, in a case being read.
func findItem(m map[string]any, path string, segs []string) (any, bool) {
	var cur any = m
	rest := path
	for i, seg := range segs {
		var idx int
		head := rest
		if j := strings.Index(rest, "]."); j >= 0 {
			head, rest = rest[:j+1], rest[j+2:]
		} else {
			rest = ""
		}
		name, n, ok := strings.Cut(head, "[")
		if !ok || name != seg {
			return nil, false
		}
		var err error
		if idx, err = strconv.Atoi(strings.TrimSuffix(n, "]")); err != nil {
			return nil, false
		}
		list := listIn(cur, seg)
		if idx < 0 || idx >= len(list) {
			return nil, false
		}
		cur = list[idx]
		if i == len(segs)-1 && rest != "" {
			return nil, false
		}
	}
	return cur, rest == ""
}

// parentPath of "a.b[2].c" is "a.b[2]", of "a.b[2]" is "a.b".
func parentPath(p string) string {
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
