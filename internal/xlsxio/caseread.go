package xlsxio

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// readCaseWorkbook reads a case workbook back into a case. Sheets are
// streamed row by row into the case's JSON (a workbook of 100,000 rows is
// never held as cells), each list after the list its items belong to.
func readCaseWorkbook(name string, f *excelize.File, lim Limits) (*jixiao.Evaluation, error) {
	byPattern := map[string]*table{}
	for _, t := range caseTables {
		byPattern[t.pattern] = t
	}
	m := map[string]any{}
	o := &origins{cells: map[string]string{}, rows: map[string]rowRef{}}
	var problems jixiao.Problems
	c := &counter{lim: lim, name: name}
	type sheetOf struct {
		name string
		t    *table
		keys []string
	}
	var sheets []sheetOf
	for _, sh := range f.GetSheetList() {
		head := firstRows(f, sh, 3)
		if len(head) < 3 || len(head[2]) == 0 || !strings.HasPrefix(head[2][0], "@") {
			continue // 说明, or a sheet the user added
		}
		marker := strings.TrimSpace(head[2][0])
		t, ok := byPattern[strings.TrimPrefix(marker, "@")]
		if !ok {
			problems = append(problems, jixiao.Problem{Path: sh + "!A3", Message: fmt.Sprintf("“%s”不是案例中的列表，请勿修改前三行", marker)})
			continue
		}
		keys := make([]string, len(head[2]))
		for i, k := range head[2] {
			keys[i] = strings.TrimSpace(k)
		}
		sheets = append(sheets, sheetOf{sh, t, keys})
	}
	sort.SliceStable(sheets, func(i, j int) bool { return tableIndex(sheets[i].t) < tableIndex(sheets[j].t) })
	for _, sh := range sheets {
		var err error
		if sh.t.pattern == "" {
			err = eachRow(f, sh.name, c, func(r int, cols []string) {
				readRootRow(sh.name, r, cols, sh.t, m, o, &problems)
			})
		} else {
			err = eachRow(f, sh.name, c, newListReader(sh.name, sh.t, sh.keys, m, o, &problems).row)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var ev jixiao.Evaluation
	if err := decodeInParts(name, m, &ev); err != nil {
		return nil, locate(err, o.cell, name)
	}
	if err := ev.Validate(); err != nil {
		return nil, locate(err, o.cell, name)
	}
	return &ev, nil
}

// decodeInParts decodes a case's JSON with the case decoder, the items of
// its top-level lists one at a time: the decoder's syntax tree of a whole
// department of 10,000 projects would take gigabytes. The rules and
// messages are the same; an item's errors get its path.
func decodeInParts(name string, m map[string]any, ev *jixiao.Evaluation) error {
	lists := map[string][]any{}
	for k, v := range m {
		if items, ok := v.([]any); ok && len(items) > 1 {
			lists[k] = items
			delete(m, k)
		}
	}
	var all yamlcodec.Errors
	decode := func(v any, out any, prefix string) {
		data, err := json.Marshal(v)
		if err != nil {
			all = append(all, &yamlcodec.Error{File: name, Path: prefix, Message: err.Error()})
			return
		}
		_, err = yamlcodec.Decode(name, data, out)
		var es yamlcodec.Errors
		if asErrors(err, &es) {
			for _, e := range es {
				e.Path = joinKey(prefix, e.Path)
				e.Line, e.Column = 0, 0 // lines of a fragment mean nothing
				all = append(all, e)
			}
		} else if err != nil {
			all = append(all, &yamlcodec.Error{File: name, Path: prefix, Message: jixiao.ErrorMessage(err)})
		}
	}
	decode(m, ev, "")
	rv := reflect.ValueOf(ev).Elem()
	for k, items := range lists {
		f, ok := fieldOf(rv, k)
		if !ok {
			all = append(all, &yamlcodec.Error{File: name, Path: k, Message: fmt.Sprintf("未知字段“%s”", k)})
			continue
		}
		slice := reflect.MakeSlice(f.Type(), len(items), len(items))
		for i, it := range items {
			decode(it, slice.Index(i).Addr().Interface(), fmt.Sprintf("%s[%d]", k, i))
		}
		f.Set(slice)
	}
	if len(all) > 0 {
		return all
	}
	return nil
}

// fieldOf finds the struct field that files name key.
func fieldOf(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == key && t.Field(i).Type.Kind() == reflect.Slice {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// origins remember where each value of a case came from, for messages:
// single values by cell, list items by row (and the row's columns).
type origins struct {
	cells map[string]string
	rows  map[string]rowRef
}

type rowRef struct {
	sheet string
	row   int            // 0-based
	cols  map[string]int // field key → column, shared by a sheet's rows
}

// cell names the cell of a case path ("projects[2].indicators[0].target"
// → "指标!F7"), or of the nearest part of it that is known.
func (o *origins) cell(path string) (string, bool) {
	if c, ok := o.cells[path]; ok {
		return c, true
	}
	for p := path; p != ""; p = parentPath(p) {
		r, ok := o.rows[p]
		if !ok {
			continue
		}
		col := 2
		for k := strings.TrimPrefix(strings.TrimPrefix(path, p), "."); k != ""; k = parentPath(k) {
			if c, ok := r.cols[k]; ok {
				col = c
				break
			}
		}
		return cellName(r.sheet, r.row, col), true
	}
	return "", false
}

// eachRow streams a sheet's rows after the three header rows, within the
// limits.
func eachRow(f *excelize.File, sheet string, c *counter, fn func(r int, cols []string)) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return damaged(c.name, sheet, err)
	}
	defer rows.Close()
	for r := 0; rows.Next(); r++ {
		if r >= c.lim.Rows {
			return jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”超过 %d 行的上限", c.name, sheet, c.lim.Rows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return damaged(c.name, sheet, err)
		}
		if c.cells += len(cols); c.cells > c.lim.Cells {
			return jixiao.Errorf(jixiao.EINVALID, "%s 超过 %d 个单元格的上限", c.name, c.lim.Cells)
		}
		if r >= 3 {
			fn(r, cols)
		}
	}
	if err := rows.Error(); err != nil {
		return damaged(c.name, sheet, err)
	}
	return nil
}

func at(cols []string, i int) string {
	if i >= 0 && i < len(cols) {
		return cols[i]
	}
	return ""
}

// cellName names a cell by 0-based row and column: 指标!F7.
func cellName(sheet string, r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return sheet + "!" + name
}

func readRootRow(sheet string, r int, cols []string, t *table, m map[string]any, o *origins, problems *jixiao.Problems) {
	key := strings.TrimSpace(at(cols, 1))
	if key == "" {
		return
	}
	for _, col := range t.cols {
		if col.key == key {
			if v := valueOf(at(cols, 2), col); v != nil {
				setKey(m, key, v)
				o.cells[key] = cellName(sheet, r, 2)
			}
			return
		}
	}
	*problems = append(*problems, jixiao.Problem{Path: cellName(sheet, r, 1), Message: fmt.Sprintf("字段“%s”不存在，请勿修改“字段”一列", key)})
}

// listReader reads the rows of a list sheet into the case's JSON, each
// under the item it belongs to.
type listReader struct {
	sheet    string
	cols     map[string]column
	index    map[string]int // field key → column
	segs     []string       // the list's path: goals, indicators
	field    string
	m        map[string]any
	o        *origins
	problems *jixiao.Problems
}

func newListReader(sheet string, t *table, keys []string, m map[string]any, o *origins, problems *jixiao.Problems) *listReader {
	l := &listReader{sheet: sheet, cols: map[string]column{}, index: map[string]int{}, m: m, o: o, problems: problems}
	for _, c := range t.cols {
		l.cols[c.key] = c
	}
	for i, k := range keys {
		if i < 2 || k == "" {
			continue
		}
		if _, ok := l.cols[k]; !ok {
			*problems = append(*problems, jixiao.Problem{Path: cellName(sheet, 2, i), Message: fmt.Sprintf("字段“%s”不存在，请勿修改第3行", k)})
			continue
		}
		l.index[k] = i
	}
	l.segs = strings.Split(strings.TrimSuffix(t.pattern, "[]"), "[].")
	l.field = l.segs[len(l.segs)-1]
	return l
}

func (l *listReader) row(r int, cols []string) {
	item := map[string]any{}
	for k, i := range l.index {
		if v := valueOf(at(cols, i), l.cols[k]); v != nil {
			setKey(item, k, v)
		}
	}
	if len(item) == 0 {
		return // an empty row
	}
	parent := strings.TrimSpace(at(cols, 0))
	container := l.m
	if len(l.segs) == 1 {
		if parent != "" {
			*l.problems = append(*l.problems, jixiao.Problem{Path: cellName(l.sheet, r, 0), Message: "此表的行不属于其他项，“所属”应为空"})
			return
		}
	} else {
		p, ok := findItem(l.m, parent, l.segs[:len(l.segs)-1])
		if !ok {
			*l.problems = append(*l.problems, jixiao.Problem{Path: cellName(l.sheet, r, 0), Message: fmt.Sprintf("“所属”应为 %s 中已有的一项（如 %s），实际为“%s”",
				strings.Join(l.segs[:len(l.segs)-1], " › "), exampleParent(l.segs), parent)})
			return
		}
		container = p
	}
	list, _ := getKey(container, l.field).([]any)
	path := fmt.Sprintf("%s[%d]", joinKey(parent, l.field), len(list))
	setKey(container, l.field, append(list, item))
	l.o.rows[path] = rowRef{sheet: l.sheet, row: r, cols: l.index}
}

// valueOf reads a cell's text as the JSON value of a column, or nil when
// blank.
func valueOf(cell string, col column) any {
	s := strings.TrimSpace(cell)
	if s == "" {
		return nil
	}
	switch col.shape {
	case yamlcodec.ShapeNumber:
		if s == "—" {
			return nil
		}
		return s
	case yamlcodec.ShapeInteger:
		if s == "—" {
			return nil
		}
		if d, err := jixiao.ParseDecimal(s); err == nil && d.IsInteger() {
			return json.Number(d.String())
		}
		return s
	case yamlcodec.ShapeBool:
		switch s {
		case "是", "√", "✓", "TRUE", "true", "1", "Y", "y":
			return true
		case "否", "FALSE", "false", "0", "N", "n":
			return false
		}
		return s
	case yamlcodec.ShapeLines:
		var out []any
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	case yamlcodec.ShapeOther:
		if col.typ.Kind() != reflect.Map {
			return nil
		}
		out := map[string]any{}
		for _, l := range strings.Split(s, "\n") {
			k, v, ok := strings.Cut(strings.NewReplacer("：", ":").Replace(l), ":")
			if ok && strings.TrimSpace(k) != "" {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	// Text keeps its inner line breaks and spaces.
	return strings.Trim(cell, " \t\r\n")
}

// locate turns decoding errors and problems about case paths into
// problems about cells; cell names the cell of a path.
func locate(err error, cell func(path string) (string, bool), name string) error {
	where := func(path string) string {
		for p := path; p != ""; p = parentPath(p) {
			if c, ok := cell(p); ok {
				return c
			}
		}
		return name
	}
	var es yamlcodec.Errors
	var ps jixiao.Problems
	var out jixiao.Problems
	switch {
	case asErrors(err, &es):
		for _, e := range es {
			msg := e.Message
			if e.Field != "" {
				msg = "“" + e.Field + "”：" + msg
			}
			out = append(out, jixiao.Problem{Path: where(e.Path), Message: msg})
		}
	case asProblems(err, &ps):
		for _, p := range ps {
			out = append(out, jixiao.Problem{Path: where(p.Path), Message: p.Message})
		}
	default:
		return err
	}
	return out
}
