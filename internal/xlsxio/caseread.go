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
func readCaseWorkbook(name string, b *book, lim Limits) (*jixiao.Evaluation, error) {
	byPattern := map[string]*table{}
	for _, t := range caseTables {
		byPattern[t.pattern] = t
	}
	m := map[string]any{}
	o := &origins{cells: map[string]string{}, rows: map[string]rowRef{}}
	var problems jixiao.Problems
	c := &counter{lim: lim, name: name}
	type sheetOf struct {
		sh   sheetRef
		t    *table
		keys []string
	}
	var sheets []sheetOf
	for _, sh := range b.sheets {
		head := b.head(sh)
		if len(head) < 3 || len(head[2]) == 0 || !strings.HasPrefix(head[2][0], "@") {
			continue // 说明, or a sheet the user added
		}
		marker := strings.TrimSpace(head[2][0])
		t, ok := byPattern[strings.TrimPrefix(marker, "@")]
		if !ok {
			addProblem(&problems, jixiao.Problem{Path: sh.name + "!A3", Message: fmt.Sprintf("“%s”不是案例中的列表，请勿修改前三行", marker)})
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
			err = eachRow(b, sh.sh, c, false, func(r int, cols []string) {
				readRootRow(sh.sh.name, r, cols, sh.t, m, o, &problems)
			})
		} else {
			err = eachRow(b, sh.sh, c, true, newListReader(sh.sh.name, sh.t, sh.keys, m, o, &problems).row)
		}
		if err != nil {
			return nil, err
		}
	}
	// Every problem of the file at once: those met reading the sheets, the
	// decoder's and the case's rules.
	var ev jixiao.Evaluation
	ps, err := decodeChecked(name, m, &ev, b.inTime, o.cell)
	if err != nil {
		return nil, err
	}
	if problems = capProblems(append(problems, ps...)); len(problems) > 0 {
		return nil, problems
	}
	return &ev, nil
}

// decodeChecked decodes a case's JSON (decodeInParts) and validates what
// was decoded, and returns the decoding errors and the rule problems
// together, at their cells; rules about values the decoder refused are
// left out (they would repeat its error). An error is the time budget
// spent, or a failure that is not about the file.
func decodeChecked(name string, m map[string]any, ev *jixiao.Evaluation, check func() error, cell func(string) (string, bool)) (jixiao.Problems, error) {
	err := decodeInParts(name, m, ev, check)
	var es yamlcodec.Errors
	if err != nil && !asErrors(err, &es) {
		return nil, err
	}
	var ps jixiao.Problems
	if verr := ev.Validate(); verr != nil && !asProblems(verr, &ps) {
		return nil, verr
	}
	var out jixiao.Problems
	if len(es) > 0 {
		located, _ := locate(es, cell, name).(jixiao.Problems)
		out = append(out, located...)
	}
	if ps = es.Without(ps); len(ps) > 0 {
		located, _ := locate(ps, cell, name).(jixiao.Problems)
		out = append(out, located...)
	}
	return capProblems(out), nil
}

// decodeInParts decodes a case's JSON with the case decoder, every list
// of objects (at any depth: projects, their indicators…) an item at a
// time, each item's map dropped once decoded: the decoder's syntax tree
// of a whole department of 10,000 projects, or of one project of 100,000
// indicators, would take gigabytes. The rules and messages are the same;
// an item's errors get its path. check is called before each item and
// stops the decoding with its error (the time budget).
func decodeInParts(name string, m map[string]any, ev *jixiao.Evaluation, check func() error) error {
	d := &partDecoder{name: name, check: check}
	d.object(m, reflect.ValueOf(ev).Elem(), "")
	if d.err != nil {
		return d.err
	}
	if len(d.all) > 0 {
		return d.all
	}
	return nil
}

type partDecoder struct {
	name  string
	check func() error
	all   yamlcodec.Errors
	err   error // the time budget spent
}

// object decodes m into the struct out (at prefix in the case), its lists
// of objects item by item.
func (d *partDecoder) object(m map[string]any, out reflect.Value, prefix string) {
	lists := map[string][]any{}
	for k, v := range m {
		items, ok := v.([]any)
		if !ok || len(items) == 0 || !allObjects(items) {
			continue
		}
		f, ok := fieldOf(out, k)
		if !ok || derefType(f.Type().Elem()).Kind() != reflect.Struct {
			continue // decoded with the rest, which explains it
		}
		lists[k] = items
		delete(m, k)
	}
	d.decode(m, out.Addr().Interface(), prefix)
	keys := make([]string, 0, len(lists))
	for k := range lists {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		items := lists[k]
		f, _ := fieldOf(out, k)
		slice := reflect.MakeSlice(f.Type(), len(items), len(items))
		for i, it := range items {
			if d.err != nil || len(d.all) > maxProblems {
				return
			}
			if err := d.check(); err != nil {
				d.err = err
				return
			}
			el := slice.Index(i)
			if el.Kind() == reflect.Pointer {
				el.Set(reflect.New(el.Type().Elem()))
				el = el.Elem()
			}
			d.object(asMap(it), el, fmt.Sprintf("%s[%d]", joinKey(prefix, k), i))
			items[i] = nil // decoded: its map can go
		}
		f.Set(slice)
	}
}

// decode decodes v (a map of JSON values) into out, a pointer.
func (d *partDecoder) decode(v any, out any, prefix string) {
	data, err := json.Marshal(v)
	if err != nil {
		d.all = append(d.all, &yamlcodec.Error{File: d.name, Path: prefix, Message: err.Error()})
		return
	}
	_, err = yamlcodec.Decode(d.name, data, out)
	var es yamlcodec.Errors
	if asErrors(err, &es) {
		for _, e := range es {
			e.Path = joinKey(prefix, e.Path)
			e.Line, e.Column = 0, 0 // lines of a fragment mean nothing
			d.all = append(d.all, e)
		}
	} else if err != nil {
		d.all = append(d.all, &yamlcodec.Error{File: d.name, Path: prefix, Message: jixiao.ErrorMessage(err)})
	}
}

func allObjects(items []any) bool {
	for _, it := range items {
		switch it.(type) {
		case map[string]any, *item:
		default:
			return false
		}
	}
	return true
}

// asMap is an object of the case's JSON as a map.
func asMap(v any) map[string]any {
	if it, ok := v.(*item); ok {
		return it.toMap()
	}
	return v.(map[string]any)
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
// limits (the rows of a list sheet are its items); fn must not keep cols.
func eachRow(b *book, sh sheetRef, c *counter, list bool, fn func(r int, cols []string)) error {
	var cols []string
	_, err := b.readSheet(sh, sheetOpts{}, func(r int, cells []xcell) error {
		var text int64
		for _, x := range cells {
			text += int64(len(x.v))
		}
		if err := c.add(cells[len(cells)-1].col+1, text); err != nil {
			return err
		}
		if r >= 3 {
			if list {
				if c.items++; c.items > c.lim.Items {
					return jixiao.Errorf(jixiao.EINVALID, "%s 的列表（项目、指标等，每项一行）共超过 %d 行的上限", c.name, c.lim.Items)
				}
			}
			cols = padded(cols, cells)
			fn(r, cols)
		}
		return nil
	})
	return err
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
	addProblem(problems, jixiao.Problem{Path: cellName(sheet, r, 1), Message: fmt.Sprintf("字段“%s”不存在，请勿修改“字段”一列", key)})
}

// listReader reads the rows of a list sheet into the case's JSON, each
// under the item it belongs to.
type listReader struct {
	sheet    string
	cols     map[string]column
	index    map[string]int // field key → column
	fields   []string       // the fields read, in column order
	at       []int          // the column of each
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
			addProblem(problems, jixiao.Problem{Path: cellName(sheet, 2, i), Message: fmt.Sprintf("字段“%s”不存在，请勿修改第3行", k)})
			continue
		}
		if _, dup := l.index[k]; !dup {
			l.fields = append(l.fields, k)
			l.at = append(l.at, i)
		}
		l.index[k] = i
	}
	// A field named twice is read from its last column, as before.
	for n, k := range l.fields {
		l.at[n] = l.index[k]
	}
	l.segs = strings.Split(strings.TrimSuffix(t.pattern, "[]"), "[].")
	l.field = l.segs[len(l.segs)-1]
	return l
}

// item is a row of a list sheet, kept as its cells until it is decoded
// (a map of its values would take several times the memory): the text
// of each field, and the lists of the items that belong to it.
type item struct {
	l     *listReader
	cells []string
	lists map[string][]any // by field key: "indicators", "budget.lines"
}

// toMap is the item's JSON.
func (it *item) toMap() map[string]any {
	m := make(map[string]any, len(it.cells)+len(it.lists))
	for i, k := range it.l.fields {
		if v := valueOf(it.cells[i], it.l.cols[k]); v != nil {
			setKey(m, k, v)
		}
	}
	for k, list := range it.lists {
		setKey(m, k, list)
	}
	return m
}

// MarshalJSON writes the item as its JSON, where it is decoded with the
// object that holds it.
func (it *item) MarshalJSON() ([]byte, error) { return json.Marshal(it.toMap()) }

// listIn is a list of a container: the case's root (a map) or an item.
func listIn(c any, field string) []any {
	switch x := c.(type) {
	case map[string]any:
		l, _ := getKey(x, field).([]any)
		return l
	case *item:
		return x.lists[field]
	}
	return nil
}

// setList sets a list of a container.
func setList(c any, field string, list []any) {
	switch x := c.(type) {
	case map[string]any:
		setKey(x, field, list)
	case *item:
		if x.lists == nil {
			x.lists = map[string][]any{}
		}
		x.lists[field] = list
	}
}

func (l *listReader) row(r int, cols []string) {
	var cells []string
	for n, c := range l.at {
		if v := at(cols, c); valueOf(v, l.cols[l.fields[n]]) != nil {
			if cells == nil {
				cells = make([]string, len(l.fields))
			}
			cells[n] = v
		}
	}
	if cells == nil {
		return // an empty row
	}
	parent := strings.TrimSpace(at(cols, 0))
	var container any = l.m
	if len(l.segs) == 1 {
		if parent != "" {
			addProblem(l.problems, jixiao.Problem{Path: cellName(l.sheet, r, 0), Message: "此表的行不属于其他项，“所属”应为空"})
			return
		}
	} else {
		p, ok := findItem(l.m, parent, l.segs[:len(l.segs)-1])
		if !ok {
			addProblem(l.problems, jixiao.Problem{Path: cellName(l.sheet, r, 0), Message: fmt.Sprintf("“所属”应为 %s 中已有的一项（如 %s），实际为“%s”",
				strings.Join(l.segs[:len(l.segs)-1], " › "), exampleParent(l.segs), parent)})
			return
		}
		container = p
	}
	list := listIn(container, l.field)
	path := fmt.Sprintf("%s[%d]", joinKey(parent, l.field), len(list))
	setList(container, l.field, append(list, &item{l: l, cells: cells}))
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
			k, v, ok := strings.Cut(colonReplacer.Replace(l), ":")
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
	return capProblems(out)
}

// maxProblems bounds the problems listed for one file: a crafted file
// can have one in every row.
const maxProblems = 1000

// addProblem adds p to ps while they are fewer than maxProblems, then a
// note that the rest are not listed.
func addProblem(ps *jixiao.Problems, p jixiao.Problem) {
	switch {
	case len(*ps) < maxProblems:
		*ps = append(*ps, p)
	case len(*ps) == maxProblems:
		*ps = append(*ps, jixiao.Problem{Message: fmt.Sprintf("问题超过 %d 处，其余未列出；请先改正以上问题", maxProblems)})
	}
}

// capProblems keeps the first maxProblems of ps, and the note.
func capProblems(ps jixiao.Problems) jixiao.Problems {
	if len(ps) <= maxProblems {
		return ps
	}
	out := ps[:maxProblems:maxProblems]
	addProblem(&out, jixiao.Problem{})
	return out
}
