package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// History paging: the page sizes offered, and how many entries a search
// by field reads at most (a field is found by comparing each entry's old
// and new values, which the database cannot do).
var historySizes = []int{20, 50, 100}

const (
	defaultHistorySize = 50
	maxFieldScan       = 2000
	fieldScanBatch     = 50
)

// historyQuery is a search of an evaluation's history, as the page's form
// sends it.
type historyQuery struct {
	Text, Person, Field string
	From, To            string // dates as typed (yyyy-mm-dd)
	Entity              string
	EntityID            int64
	Page, Size          int
}

// parseHistoryQuery reads the search form; a date that is not a date is
// refused with the field named.
func parseHistoryQuery(q url.Values) (historyQuery, jixiao.AuditFilter, error) {
	h := historyQuery{Text: strings.TrimSpace(q.Get("q")), Person: strings.TrimSpace(q.Get("person")), Field: q.Get("field"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Entity: q.Get("entity"), Page: 1, Size: defaultHistorySize}
	var f jixiao.AuditFilter
	if h.Field != "" && fieldOption(h.Field) == nil {
		h.Field = ""
	}
	if len([]rune(h.Text)) > 200 || len([]rune(h.Person)) > 100 {
		return h, f, jixiao.Errorf(jixiao.EINVALID, "查找的文字过长：内容不超过 200 字，操作人不超过 100 字")
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 0 {
		h.Page = p
	}
	if n, err := strconv.Atoi(q.Get("n")); err == nil && slices.Contains(historySizes, n) {
		h.Size = n
	}
	if h.Entity != "" {
		if _, ok := entityTitles[h.Entity]; !ok {
			return h, f, jixiao.Errorf(jixiao.ENOTFOUND, "要查看修改记录的内容不存在")
		}
		h.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	}
	date := func(s, name string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			return t, jixiao.Errorf(jixiao.EINVALID, "%s应为日期，如 2025-03-01，实际为“%s”", name, s)
		}
		return t, nil
	}
	var err error
	if f.Since, err = date(h.From, "起始日期"); err != nil {
		return h, f, err
	}
	if f.Until, err = date(h.To, "截止日期"); err != nil {
		return h, f, err
	}
	if !f.Until.IsZero() {
		f.Until = f.Until.AddDate(0, 0, 1) // the whole last day
	}
	f.Text, f.Person = h.Text, h.Person
	return h, f, nil
}

// history shows the audit log of the evaluation or of one record in it,
// newest first, a page at a time: each entry as the fields it changed,
// named as the case format names them, with the person's name. The form
// above it finds entries by text in their values, by person, by date and
// by field.
func (w *Web) history(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	h, f, err := parseHistoryQuery(r.URL.Query())
	if err != nil {
		return err
	}
	title := "全部记录"
	f.EvaluationID = v.ID()
	if h.Entity != "" {
		f.EvaluationID, f.Entity, f.EntityID = 0, h.Entity, h.EntityID
		title = entityTitle(h.Entity, h.EntityID, v)
	}
	rows, total, capped, err := w.historyPage(r.Context(), v, f, h)
	if err != nil {
		return err
	}
	pages := max((total+h.Size-1)/h.Size, 1)
	w.render(rw, r, http.StatusOK, "history", &page{Title: "修改记录 - " + v.Name(), Eval: v, Tab: "history", Data: map[string]any{
		"Rows": rows, "Total": total, "Title": title, "Q": h, "Pages": pages, "Capped": capped, "MaxScan": maxFieldScan,
		"Sizes": historySizes, "Fields": fieldGroups(), "Searching": h.Text != "" || h.Person != "" || h.Field != "" || h.From != "" || h.To != "",
		"Prev": h.pageURL(v.ID(), h.Page-1), "Next": h.pageURL(v.ID(), h.Page+1),
	}})
	return nil
}

// historyPage reads one page of entries. A search by field reads the
// entries the other conditions select, newest first and at most
// maxFieldScan of them (capped is true when there were more), and keeps
// those that changed the field, showing only its changes.
func (w *Web) historyPage(ctx context.Context, v *evalView, f jixiao.AuditFilter, h historyQuery) (rows []historyRow, total int, capped bool, err error) {
	start := (h.Page - 1) * h.Size
	if h.Field == "" {
		f.Offset, f.Limit = start, h.Size
		entries, total, err := w.Evaluations.Audit(ctx, f)
		if err != nil {
			return nil, 0, false, err
		}
		for _, e := range entries {
			rows = append(rows, historyRow{Entry: e, Changes: v.itemValues(entryChanges(e, ""))})
		}
		return rows, total, false, nil
	}
	for f.Offset = 0; f.Offset < maxFieldScan; f.Offset += fieldScanBatch {
		f.Limit = fieldScanBatch
		entries, all, err := w.Evaluations.Audit(ctx, f)
		if err != nil {
			return nil, 0, false, err
		}
		for _, e := range entries {
			cs := entryChanges(e, h.Field)
			if len(cs) == 0 {
				continue
			}
			if total >= start && total < start+h.Size {
				rows = append(rows, historyRow{Entry: e, Changes: v.itemValues(cs)})
			}
			total++
		}
		if f.Offset+len(entries) >= all || len(entries) == 0 {
			return rows, total, false, nil
		}
	}
	return rows, total, true, nil
}

// pageURL is the address of another page of the same search ("" when
// there is no such page).
func (h historyQuery) pageURL(evalID int64, page int) string {
	if page < 1 {
		return ""
	}
	q := url.Values{}
	for k, v := range map[string]string{"q": h.Text, "person": h.Person, "field": h.Field, "from": h.From, "to": h.To, "entity": h.Entity} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if h.Entity != "" {
		q.Set("entity_id", strconv.FormatInt(h.EntityID, 10))
	}
	if h.Size != defaultHistorySize {
		q.Set("n", strconv.Itoa(h.Size))
	}
	q.Set("page", strconv.Itoa(page))
	return fmt.Sprintf("/evaluations/%d/history?%s", evalID, q.Encode())
}

func entityTitle(entity string, id int64, v *evalView) string {
	switch entity {
	case "indicator":
		for _, iv := range v.byPath {
			if iv.Rec.ID == id {
				return "指标“" + iv.Rec.Indicator.Name + "”"
			}
		}
	case "goal":
		for _, g := range v.Goals {
			if g.Rec.ID == id {
				return "分项目标“" + g.Rec.Goal.Name + "”"
			}
		}
	case "project":
		for _, p := range v.Projects {
			if p.Rec.ID == id {
				return "项目“" + p.Rec.Project.Name + "”"
			}
		}
	}
	return "一项已删除的" + orName(entityTitles[entity], "内容")
}

var actionTitles = map[string]string{"import": "导入", "replace": "整体替换", "create": "新增", "update": "修改", "delete": "删除",
	"transition": "流转", "reopen": "重新打开", "submit": "提交", "return": "退回", "accept": "通过",
	"rescore": "复核评分", "feedback": "落实反馈", "confirm": "确认", "decide": "决定", "attach": "上传证明文件", "choose": "选定",
	jixiao.LibActionSeed: "载入", jixiao.LibActionPropose: "建议", jixiao.LibActionMerge: "合并", jixiao.LibActionRetire: "停用", jixiao.LibActionEdit: "修改"}

var entityTitles = map[string]string{"evaluation": "评价", "indicator": "指标", "goal": "分项目标", "project": "项目", "file": "佐证文件",
	"evidence": "佐证材料", "user": "用户", "org": "单位", "token": "令牌",
	"library": "指标库的指标", "recheck_sample": "抽查样本", "rectification": "整改事项", "result_decision": "结果应用",
	"rule_file": "规则或日历文件", "result_rules": "年度结果应用规则"}

type historyRow struct {
	Entry   *jixiao.AuditEntry
	Changes []change
}

// ActionTitle names the entry's action in Chinese.
func (h historyRow) ActionTitle() string {
	return orName(actionTitles[h.Entry.Action], "操作") + orName(entityTitles[h.Entry.Entity], "")
}

// change is one field an audit entry changed.
type change struct {
	Path, Label, Old, New string
}

// workflowValues are the values a workflow entry records; its tags name
// them, as the case format's tags name a case's fields.
type workflowValues struct {
	Status   jixiao.Status    `json:"status" zh:"状态"`
	Reason   string           `json:"reason" zh:"意见或原因"`
	Comments []jixiao.Comment `json:"comments" zh:"逐项意见"`
}

// entryTypes are the types whose JSON an audit entry of an evaluation
// holds, by entity; their tags name the fields (and a field without a
// Chinese name, like a record's id, is not shown).
var entryTypes = map[string]reflect.Type{
	"evaluation": reflect.TypeFor[jixiao.Evaluation](), "indicator": reflect.TypeFor[jixiao.IndicatorRecord](),
	"goal": reflect.TypeFor[jixiao.GoalRecord](), "project": reflect.TypeFor[jixiao.ProjectRecord](),
	"file": reflect.TypeFor[jixiao.FileInfo](), "evidence": reflect.TypeFor[jixiao.EvidenceRecord](),
}

// payload is the field of a stored record that holds the case's own
// content: it is not named in labels ("实际完成值", not "指标 › 实际完成值").
var payload = map[string]bool{"indicator": true, "goal": true, "project": true}

// entryChanges lists what an entry changed; field (a fieldOption value,
// or "") keeps only the changes of that field.
func entryChanges(e *jixiao.AuditEntry, field string) []change {
	root := entryTypes[e.Entity]
	if e.Action == "transition" || e.Action == "reopen" {
		root = reflect.TypeFor[workflowValues]()
	}
	return changes(e.Old, e.New, root, fieldOption(field))
}

// diff lists the fields that differ between two JSON values of an entity
// (a case: "evaluation"), each named as the case format names it.
func diff(oldJSON, newJSON, entity string) []change {
	return changes(oldJSON, newJSON, entryTypes[entity], nil)
}

func changes(oldJSON, newJSON string, root reflect.Type, only *fieldOpt) []change {
	flat := func(s string) map[string]string {
		out := map[string]string{}
		if s == "" {
			return out
		}
		var v any
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if d.Decode(&v) != nil {
			return out
		}
		flatten("", v, out)
		return out
	}
	a, b := flat(oldJSON), flat(newJSON)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var paths []string
	for k := range keys {
		if a[k] != b[k] {
			paths = append(paths, k)
		}
	}
	sort.Strings(paths)
	var out []change
	n := 0
	for _, p := range paths {
		steps, ok := walkPath(root, p)
		if !ok || only != nil && !only.in(steps) {
			continue
		}
		old, new := shown(steps, a[p]), shown(steps, b[p])
		if old == new {
			continue
		}
		n++
		if len(out) < 50 {
			out = append(out, change{Path: p, Label: stepsLabel(steps), Old: old, New: new})
		}
	}
	if n > 50 {
		out = append(out, change{Label: fmt.Sprintf("……另有 %d 处变化", n-50)})
	}
	return out
}

// step is one field on the way to a changed value: the struct type that
// has it, its name in files, its Chinese name, and the list position
// taken after it (-1: none).
type step struct {
	Owner reflect.Type
	Name  string
	Title string
	Index int
}

// walkPath follows a flattened JSON path ("goals[0].indicators[2].actual")
// through root's fields. ok is false for a path that leaves the described
// fields or passes a field without a Chinese name (a record's id, version
// or owner): such values are bookkeeping, not content.
func walkPath(root reflect.Type, path string) (steps []step, ok bool) {
	if root == nil {
		return nil, false
	}
	t := deref(root)
	for i, seg := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		st := step{Owner: t, Name: name, Index: -1}
		switch t.Kind() {
		case reflect.Struct:
			var found *yamlcodec.Field
			for _, f := range yamlcodec.Fields(t) {
				if f.Name == name {
					found = &f
					break
				}
			}
			if found == nil || found.Title == "" && !(i == 0 && payload[name]) {
				return nil, false
			}
			st.Title, t = found.Title, deref(found.Type)
		case reflect.Map:
			st.Title, t = name, deref(t.Elem())
		default:
			return nil, false
		}
		for rest != "" {
			var idx string
			idx, rest, _ = strings.Cut(rest, "]")
			rest = strings.TrimPrefix(rest, "[")
			n, err := strconv.Atoi(idx)
			if err != nil || t.Kind() != reflect.Slice {
				return nil, false
			}
			st.Index, t = n, deref(t.Elem())
		}
		steps = append(steps, st)
	}
	return steps, len(steps) > 0
}

// stepsLabel names a path: "分项绩效目标 第1项 › 绩效指标 第3项 › 实际完成值".
func stepsLabel(steps []step) string {
	var parts []string
	for _, s := range steps {
		if s.Title == "" {
			continue
		}
		p := s.Title
		if s.Index >= 0 {
			p += fmt.Sprintf(" 第%d项", s.Index+1)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " › ")
}

// shown is a value as the history shows it: a code (a status, a subject,
// an income source: a string type with a Title method) by its Chinese
// name, yes/no for true/false.
func shown(steps []step, v string) string {
	last := steps[len(steps)-1]
	if last.Owner.Kind() != reflect.Struct {
		return v
	}
	ft, ok := fieldByJSON(last.Owner, last.Name)
	if !ok {
		return v
	}
	if ft = deref(ft); ft.Kind() == reflect.Slice && last.Index >= 0 {
		ft = deref(ft.Elem())
	}
	// A code with a title of its own is shown by it, even when empty (a
	// status not given is a draft: 草稿, as the pages show it).
	switch {
	case v == "" && (ft.Kind() != reflect.String || !hasTitle(ft)):
		return ""
	case ft.Kind() == reflect.Bool:
		return map[string]string{"true": "是", "false": "否"}[v]
	case ft.Kind() == reflect.String:
		if hasTitle(ft) {
			m, _ := ft.MethodByName("Title")
			x := reflect.New(ft).Elem()
			x.SetString(v)
			return x.Method(m.Index).Call(nil)[0].String()
		}
	}
	return v
}

// hasTitle reports whether a string type names its values by a Title
// method.
func hasTitle(t reflect.Type) bool {
	m, ok := t.MethodByName("Title")
	return ok && m.Type.NumIn() == 1 && m.Type.NumOut() == 1 && m.Type.Out(0).Kind() == reflect.String
}

func fieldByJSON(t reflect.Type, name string) (reflect.Type, bool) {
	for _, f := range yamlcodec.Fields(t) {
		if f.Name == name {
			return f.Type, true
		}
	}
	return nil, false
}

// itemValues shows the case paths a comment names ("goals[0]") as what
// they are ("分项目标“…”").
func (v *evalView) itemValues(cs []change) []change {
	for i, c := range cs {
		if strings.HasPrefix(c.Path, "comments[") && strings.HasSuffix(c.Path, "].item") {
			if c.Old != "" {
				cs[i].Old = v.ItemTitle(c.Old)
			}
			if c.New != "" {
				cs[i].New = v.ItemTitle(c.New)
			}
		}
	}
	return cs
}

func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			flatten(join(prefix, k), y, out)
		}
	case []any:
		for i, y := range x {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), y, out)
		}
	case nil:
	default:
		out[prefix] = text(x)
	}
}

// fieldOpt is a field the history can be searched by: a field of one of
// the case's types, named by the case format.
type fieldOpt struct {
	Value, Title string
	owner        reflect.Type
	name         string
}

// in reports whether a path passes through the field.
func (o *fieldOpt) in(steps []step) bool {
	for _, s := range steps {
		if s.Owner == o.owner && s.Name == o.name {
			return true
		}
	}
	return false
}

// fieldGroup is a group of the field select: the fields of one type.
type fieldGroup struct {
	Title  string
	Fields []*fieldOpt
}

// searchTypes are the types whose fields the history can be searched by,
// each with the title of its group.
var searchTypes = []struct {
	key, title string
	t          reflect.Type
}{
	{"evaluation", "评价", reflect.TypeFor[jixiao.Evaluation]()},
	{"goal", "分项绩效目标", reflect.TypeFor[jixiao.Goal]()},
	{"project", "项目", reflect.TypeFor[jixiao.Project]()},
	{"indicator", "绩效指标", reflect.TypeFor[jixiao.Indicator]()},
}

// fieldGroups lists the searchable fields, from the case format's own
// description (the types' Chinese names).
func fieldGroups() []fieldGroup {
	var out []fieldGroup
	for _, st := range searchTypes {
		g := fieldGroup{Title: st.title}
		for _, f := range yamlcodec.Fields(st.t) {
			if f.Title != "" {
				g.Fields = append(g.Fields, &fieldOpt{Value: st.key + "." + f.Name, Title: f.Title, owner: deref(st.t), name: f.Name})
			}
		}
		out = append(out, g)
	}
	return out
}

// fieldOption returns the searchable field value names, or nil.
func fieldOption(value string) *fieldOpt {
	if value == "" {
		return nil
	}
	for _, g := range fieldGroups() {
		for _, f := range g.Fields {
			if f.Value == value {
				return f
			}
		}
	}
	return nil
}
