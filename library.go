package jixiao

import (
	"fmt"
	"sort"
)

// LibraryStatus is the state of an indicator in the library (指标库).
type LibraryStatus string

const (
	LibProposed  LibraryStatus = "建议"
	LibConfirmed LibraryStatus = "已确认"
	LibRetired   LibraryStatus = "已停用"
)

// Target standard sources (指标值的确定依据).
const (
	StdPlan     = "计划标准"
	StdIndustry = "行业标准"
	StdHistory  = "历史标准"
	StdOther    = "其他"
)

// FieldCommon is the 领域 of common indicators (共性指标).
const FieldCommon = "共性"

// LibraryIndicator is one indicator of the library. Its ID is its identity,
// kept across years and library versions.
type LibraryIndicator struct {
	ID         string        `json:"id" zh:"指标编码" jx:"required"`
	Name       string        `json:"name" zh:"三级指标" jx:"required"`
	Level1     string        `json:"level1" zh:"一级指标" jx:"required"`
	Level2     string        `json:"level2,omitempty" zh:"二级指标"`
	Op         Operator      `json:"op,omitempty" zh:"指标性质"`
	Unit       string        `json:"unit,omitempty" zh:"度量单位"`
	Definition string        `json:"definition,omitempty" zh:"计算口径"`
	DataSource string        `json:"data_source,omitempty" zh:"数据来源"`
	Standard   string        `json:"standard,omitempty" zh:"指标值确定依据"`
	Core       bool          `json:"core,omitempty" zh:"是否核心绩效指标"`
	Field      string        `json:"field" zh:"领域" jx:"required"`
	Status     LibraryStatus `json:"status" zh:"状态" jx:"required"`
	MergedInto string        `json:"merged_into,omitempty" zh:"已并入"`
	Source     string        `json:"source,omitempty" zh:"来源文件"`
	SourceURL  string        `json:"source_url,omitempty" zh:"来源地址"`
}

// Library is one version of the indicator library.
type Library struct {
	Version    int                `json:"version" zh:"版本" jx:"required"`
	Year       int                `json:"year" zh:"年度" jx:"required"`
	Indicators []LibraryIndicator `json:"indicators" zh:"指标"`
}

// Find returns the indicator with the given ID, following merges to the
// indicator that was kept.
func (l *Library) Find(id string) (*LibraryIndicator, bool) {
	for hops := 0; hops <= len(l.Indicators); hops++ {
		i := l.index(id)
		if i < 0 {
			return nil, false
		}
		in := &l.Indicators[i]
		if in.MergedInto == "" {
			return in, true
		}
		id = in.MergedInto
	}
	return nil, false
}

func (l *Library) index(id string) int {
	for i := range l.Indicators {
		if l.Indicators[i].ID == id {
			return i
		}
	}
	return -1
}

func (l *Library) get(id string) (*LibraryIndicator, error) {
	i := l.index(id)
	if i < 0 {
		return nil, Errorf(ENOTFOUND, "指标库中没有编码为“%s”的指标", id)
	}
	return &l.Indicators[i], nil
}

// Propose adds in as a new 建议 entry under the next free ID (prefix
// followed by four digits, e.g. CX-0001) and returns that ID. A name
// already used under the same 一级/二级指标 (by an entry in use) is refused.
func (l *Library) Propose(prefix string, in LibraryIndicator) (string, error) {
	if in.Name == "" || in.Level1 == "" {
		return "", Errorf(EINVALID, "建议的指标须填写三级指标名称和一级指标")
	}
	for _, x := range l.Indicators {
		if x.Status != LibRetired && x.Level1 == in.Level1 && x.Level2 == in.Level2 && x.Name == in.Name {
			return "", Errorf(ECONFLICT, "“%s／%s”下已有指标“%s”（%s）", in.Level1, in.Level2, in.Name, x.ID)
		}
	}
	n := 1
	for {
		id := fmt.Sprintf("%s-%04d", prefix, n)
		if l.index(id) < 0 {
			in.ID = id
			break
		}
		n++
	}
	in.Status, in.MergedInto = LibProposed, ""
	if in.Field == "" {
		in.Field = FieldCommon
	}
	l.Indicators = append(l.Indicators, in)
	return in.ID, nil
}

// Confirm marks a proposed indicator 已确认.
func (l *Library) Confirm(id string) error {
	in, err := l.get(id)
	if err != nil {
		return err
	}
	if in.Status == LibRetired {
		return Errorf(EINVALID, "指标“%s”（%s）已停用，不能确认", in.Name, id)
	}
	in.Status = LibConfirmed
	return nil
}

// Retire marks an indicator 已停用; the entry stays in the library.
func (l *Library) Retire(id string) error {
	in, err := l.get(id)
	if err != nil {
		return err
	}
	in.Status = LibRetired
	return nil
}

// Merge retires the duplicate and records that it was merged into kept;
// lookups by the duplicate's ID then find kept.
func (l *Library) Merge(duplicate, kept string) error {
	if duplicate == kept {
		return Errorf(EINVALID, "不能把指标“%s”并入它自己", duplicate)
	}
	d, err := l.get(duplicate)
	if err != nil {
		return err
	}
	k, err := l.get(kept)
	if err != nil {
		return err
	}
	if k.Status == LibRetired {
		return Errorf(EINVALID, "指标“%s”（%s）已停用，不能并入", k.Name, kept)
	}
	d.Status, d.MergedInto = LibRetired, kept
	return nil
}

// Edit changes the content of indicator id to that of in: name, 一级/二级
// 指标, operator, unit, definition, data source, target standard source,
// the core flag, 领域, source document and source address. Its code,
// status and merge stay. A retired indicator cannot be edited, nor given
// no 领域; an edit that changes nothing is refused, and so is a name
// already used under the same 一级/二级指标.
func (l *Library) Edit(id string, in LibraryIndicator) error {
	cur, err := l.get(id)
	if err != nil {
		return err
	}
	if cur.Status == LibRetired {
		return Errorf(EINVALID, "指标“%s”（%s）已停用，不能修改", cur.Name, id)
	}
	if in.Name == "" || in.Level1 == "" {
		return Errorf(EINVALID, "指标须有三级指标名称和一级指标")
	}
	if in.Field == "" {
		return Errorf(EINVALID, "指标须有领域（共性指标为“%s”）", FieldCommon)
	}
	for _, x := range l.Indicators {
		if x.ID != id && x.Status != LibRetired && x.Level1 == in.Level1 && x.Level2 == in.Level2 && x.Name == in.Name {
			return Errorf(ECONFLICT, "“%s／%s”下已有指标“%s”（%s）", in.Level1, in.Level2, in.Name, x.ID)
		}
	}
	next := *cur
	next.Name, next.Level1, next.Level2, next.Op, next.Unit = in.Name, in.Level1, in.Level2, in.Op, in.Unit
	next.Definition, next.DataSource, next.Standard, next.Core = in.Definition, in.DataSource, in.Standard, in.Core
	next.Field, next.Source, next.SourceURL = in.Field, in.Source, in.SourceURL
	if next == *cur {
		return Errorf(EINVALID, "指标“%s”（%s）的内容没有变化", cur.Name, id)
	}
	*cur = next
	return nil
}

// NextVersion returns a copy of the library as the next version for year,
// with the same indicators and IDs.
func (l *Library) NextVersion(year int) *Library {
	next := &Library{Version: l.Version + 1, Year: year}
	next.Indicators = append([]LibraryIndicator(nil), l.Indicators...)
	return next
}

// LibraryChange is one field of one indicator that differs between two
// versions of the library. Old is empty for an added indicator (Field
// "新增"), New is empty for a removed one (Field "删除").
type LibraryChange struct {
	ID    string `json:"id"`
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// LibraryIndicatorDiff is what happened to one indicator between two
// versions of the library: Kind is 新增, 删除, 停用, 合并, 确认 or 修改, and
// Changes are its fields that differ (old → new).
type LibraryIndicatorDiff struct {
	ID      string          `json:"id"`
	Name    string          `json:"name"`
	Kind    string          `json:"kind"`
	Changes []LibraryChange `json:"changes"`
}

// CompareLibrary groups DiffLibrary's changes by indicator and says of
// each what kind of change it was, in code order.
func CompareLibrary(a, b *Library) []LibraryIndicatorDiff {
	var out []LibraryIndicatorDiff
	for _, c := range DiffLibrary(a, b) {
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			d := LibraryIndicatorDiff{ID: c.ID, Kind: "修改"}
			if i := b.index(c.ID); i >= 0 {
				d.Name = b.Indicators[i].Name
			} else if i := a.index(c.ID); i >= 0 {
				d.Name = a.Indicators[i].Name
			}
			out = append(out, d)
		}
		d := &out[len(out)-1]
		d.Changes = append(d.Changes, c)
		switch {
		case c.Field == "新增" || c.Field == "删除":
			d.Kind = c.Field
		case c.Field == "已并入" && c.New != "":
			d.Kind = "合并"
		case c.Field == "状态" && c.New == string(LibRetired) && d.Kind != "合并":
			d.Kind = "停用"
		case c.Field == "状态" && c.New == string(LibConfirmed) && d.Kind == "修改":
			d.Kind = "确认"
		}
	}
	return out
}

// DiffLibrary lists, field by field, what changed from a to b.
func DiffLibrary(a, b *Library) []LibraryChange {
	var out []LibraryChange
	for _, y := range b.Indicators {
		i := a.index(y.ID)
		if i < 0 {
			out = append(out, LibraryChange{ID: y.ID, Field: "新增", New: y.Name})
			continue
		}
		old, cur := a.Indicators[i].fields(), y.fields()
		for k := range cur {
			if old[k][1] != cur[k][1] {
				out = append(out, LibraryChange{ID: y.ID, Field: cur[k][0], Old: old[k][1], New: cur[k][1]})
			}
		}
	}
	for _, x := range a.Indicators {
		if b.index(x.ID) < 0 {
			out = append(out, LibraryChange{ID: x.ID, Field: "删除", Old: x.Name})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LibraryColumns are the Chinese names of an indicator's fields, in the
// order of Row.
var LibraryColumns = []string{"指标编码", "三级指标", "一级指标", "二级指标", "指标性质", "度量单位", "计算口径", "数据来源",
	"指标值确定依据", "是否核心绩效指标", "领域", "状态", "已并入", "来源文件", "来源地址"}

// Row is the indicator's fields as text, in the order of LibraryColumns.
func (in LibraryIndicator) Row() []string {
	core := "否"
	if in.Core {
		core = "是"
	}
	return []string{in.ID, in.Name, in.Level1, in.Level2, string(in.Op), in.Unit, in.Definition, in.DataSource,
		in.Standard, core, in.Field, string(in.Status), in.MergedInto, in.Source, in.SourceURL}
}

func (in LibraryIndicator) fields() [][2]string {
	row := in.Row()
	out := make([][2]string, len(row))
	for i := range row {
		out[i] = [2]string{LibraryColumns[i], row[i]}
	}
	return out
}
