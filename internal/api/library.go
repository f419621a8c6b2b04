package api

import (
	"bytes"
	"net/http"
	"strings"

	"jixiao"
)

// The indicator library (指标库): every signed-in user reads it;
// departments propose indicators; the finance bureau's reviewers and
// administrators confirm, merge and retire them (see docs/library.md).

var libraryParams = append([]Param{
	{"q", "string", "查找：指标编码或名称中含有的文字（不超过100字）"}, {"level1", "string", "一级指标"}, {"level2", "string", "二级指标"}, {"field", "string", "领域：共性或所属领域，如“卫生健康”"},
	{"status", "string", "状态：建议、已确认 或 已停用（默认为未停用的）"}, {"all", "boolean", "true：含已停用的指标"}}, pageParams...)

// LibraryList is a page of the library's indicators.
type LibraryList struct {
	*jixiao.LibraryPage
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// lib is the library service, or an error when the server has none.
func (a *API) lib() (jixiao.LibraryService, error) {
	if a.Library == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本服务器未提供指标库")
	}
	return a.Library, nil
}

func (a *API) library(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	offset, limit, pg, per, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := jixiao.LibraryFilter{Query: q.Get("q"), Level1: q.Get("level1"), Level2: q.Get("level2"), Field: q.Get("field"), Status: jixiao.LibraryStatus(q.Get("status")),
		All: q.Get("all") == "true", Offset: offset, Limit: limit}
	p, err := lib.SearchLibrary(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, LibraryList{LibraryPage: p, Page: pg, PerPage: per})
}

func (a *API) libraryHistory(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	offset, limit, pg, per, err := page(r)
	if err != nil {
		return err
	}
	items, total, err := lib.LibraryHistory(r.Context(), offset, limit)
	if err != nil {
		return err
	}
	return pageOf(w, items, total, pg, per)
}

// exportLibrary downloads the current version, or the version in the
// path when there is one.
func (a *API) exportLibrary(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	n := 0
	if r.PathValue("version") != "" {
		if n, err = versionParam(r); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	ctype, name, err := lib.ExportLibrary(r.Context(), n, r.URL.Query().Get("format"), &buf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	attachment(w, name)
	_, err = buf.WriteTo(w)
	return err
}

// LibraryProposal is a department's proposal of a new indicator; it gets
// the next free code (CX-0001, …) and the status 建议.
type LibraryProposal struct {
	Name       string          `json:"name" zh:"三级指标" jx:"required" doc:"不超过100字"`
	Level1     string          `json:"level1" zh:"一级指标" jx:"required" doc:"不超过50字"`
	Level2     string          `json:"level2,omitempty" zh:"二级指标" doc:"不超过50字"`
	Op         jixiao.Operator `json:"op,omitempty" zh:"指标性质" doc:"=、≥、≤、>、< 或 定性"`
	Unit       string          `json:"unit,omitempty" zh:"度量单位" doc:"不超过20字"`
	Definition string          `json:"definition,omitempty" zh:"计算口径" doc:"不超过2000字"`
	DataSource string          `json:"data_source,omitempty" zh:"数据来源" doc:"不超过200字"`
	Standard   string          `json:"standard,omitempty" zh:"指标值确定依据" doc:"计划标准、行业标准、历史标准 或 其他"`
	Core       bool            `json:"core,omitempty" zh:"是否核心绩效指标"`
	Field      string          `json:"field,omitempty" zh:"领域" doc:"默认为“共性”"`
	Source     string          `json:"source,omitempty" zh:"来源文件" doc:"不超过200字"`
	SourceURL  string          `json:"source_url,omitempty" zh:"来源地址" doc:"http:// 或 https:// 开头，不超过500字"`
}

// LibraryMerge names the indicator a duplicate is merged into.
type LibraryMerge struct {
	Into string `json:"into" zh:"并入的指标编码" jx:"required"`
}

func (a *API) proposeIndicator(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	var p LibraryProposal
	if err := decode(r, &p); err != nil {
		return err
	}
	in, err := lib.ProposeIndicator(r.Context(), &jixiao.LibraryIndicator{Name: p.Name, Level1: p.Level1, Level2: p.Level2, Op: p.Op, Unit: p.Unit,
		Definition: p.Definition, DataSource: p.DataSource, Standard: p.Standard, Core: p.Core, Field: p.Field, Source: p.Source, SourceURL: p.SourceURL})
	if err != nil {
		return err
	}
	return ok(w, in)
}

// libraryAction confirms, retires or merges the indicator in the path.
func (a *API) libraryAction(action string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		lib, err := a.lib()
		if err != nil {
			return err
		}
		code := strings.TrimSpace(r.PathValue("code"))
		var in *jixiao.LibraryIndicator
		switch action {
		case jixiao.LibActionConfirm:
			in, err = lib.ConfirmIndicator(r.Context(), code)
		case jixiao.LibActionRetire:
			in, err = lib.RetireIndicator(r.Context(), code)
		case jixiao.LibActionMerge:
			var m LibraryMerge
			if err := decode(r, &m); err != nil {
				return err
			}
			in, err = lib.MergeIndicator(r.Context(), code, strings.TrimSpace(m.Into))
		}
		if err != nil {
			return err
		}
		return ok(w, in)
	}
}

// LibraryEdit is the bureau's change of an indicator's content, 领域 and
// source; its code and status stay. Every field is set as it is to
// become.
type LibraryEdit struct {
	Name       string          `json:"name" zh:"三级指标" jx:"required" doc:"不超过100字"`
	Level1     string          `json:"level1" zh:"一级指标" jx:"required" doc:"不超过50字"`
	Level2     string          `json:"level2,omitempty" zh:"二级指标" doc:"不超过50字"`
	Op         jixiao.Operator `json:"op,omitempty" zh:"指标性质" doc:"=、≥、≤、>、< 或 定性"`
	Unit       string          `json:"unit,omitempty" zh:"度量单位" doc:"不超过20字"`
	Definition string          `json:"definition,omitempty" zh:"计算口径" doc:"不超过2000字"`
	DataSource string          `json:"data_source,omitempty" zh:"数据来源" doc:"不超过200字"`
	Standard   string          `json:"standard,omitempty" zh:"指标值确定依据" doc:"计划标准、行业标准、历史标准 或 其他"`
	Core       bool            `json:"core,omitempty" zh:"是否核心绩效指标"`
	Field      string          `json:"field" zh:"领域" jx:"required" doc:"共性指标为“共性”，其余为所属领域，如“卫生健康”；不超过50字"`
	Source     string          `json:"source,omitempty" zh:"来源文件" doc:"不超过200字"`
	SourceURL  string          `json:"source_url,omitempty" zh:"来源地址" doc:"http:// 或 https:// 开头，不超过500字"`
	Reason     string          `json:"reason" zh:"修改理由" jx:"required" doc:"不超过500字"`
}

func (a *API) editIndicator(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	var e LibraryEdit
	if err := decode(r, &e); err != nil {
		return err
	}
	in, err := lib.EditIndicator(r.Context(), strings.TrimSpace(r.PathValue("code")), &jixiao.LibraryIndicator{Name: e.Name, Level1: e.Level1, Level2: e.Level2,
		Op: e.Op, Unit: e.Unit, Definition: e.Definition, DataSource: e.DataSource, Standard: e.Standard, Core: e.Core,
		Field: e.Field, Source: e.Source, SourceURL: e.SourceURL}, e.Reason)
	if err != nil {
		return err
	}
	return ok(w, in)
}

// maxLibraryVersion bounds a version number asked for.
const maxLibraryVersion = 1 << 30

// LibraryVersionPage is one page of the indicators of a past version of
// the library.
type LibraryVersionPage struct {
	Version int                        `json:"version"`
	Year    int                        `json:"year"`
	Items   []*jixiao.LibraryIndicator `json:"items"`
	Total   int                        `json:"total"`
	Page    int                        `json:"page"`
	PerPage int                        `json:"per_page"`
}

// versionParam is the library version in the path, bounded.
func versionParam(r *http.Request) (int, error) {
	v, err := id(r, "version")
	if err != nil {
		return 0, err
	}
	if v > maxLibraryVersion {
		return 0, jixiao.Errorf(jixiao.EINVALID, "版本号不能大于 %d", maxLibraryVersion)
	}
	return int(v), nil
}

func (a *API) libraryVersion(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	n, err := versionParam(r)
	if err != nil {
		return err
	}
	offset, limit, pg, per, err := page(r)
	if err != nil {
		return err
	}
	l, err := lib.LibraryVersion(r.Context(), n)
	if err != nil {
		return err
	}
	out := LibraryVersionPage{Version: l.Version, Year: l.Year, Items: []*jixiao.LibraryIndicator{}, Total: len(l.Indicators), Page: pg, PerPage: per}
	for i := offset; i < len(l.Indicators) && i < offset+limit; i++ {
		out.Items = append(out.Items, &l.Indicators[i])
	}
	return ok(w, out)
}

// LibraryComparison is what changed between two versions of the library.
type LibraryComparison struct {
	From       int                           `json:"from"`
	To         int                           `json:"to"`
	Indicators []jixiao.LibraryIndicatorDiff `json:"indicators"`
}

func (a *API) compareLibrary(w http.ResponseWriter, r *http.Request) error {
	lib, err := a.lib()
	if err != nil {
		return err
	}
	from, err := intQuery(r, "from", 0)
	if err != nil {
		return err
	}
	to, err := intQuery(r, "to", 0)
	if err != nil {
		return err
	}
	if from > maxLibraryVersion || to > maxLibraryVersion {
		return jixiao.Errorf(jixiao.EINVALID, "版本号不能大于 %d", maxLibraryVersion)
	}
	if from == 0 || to == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "请用查询参数 from 和 to 给出要比较的两个版本号")
	}
	d, err := lib.CompareLibraryVersions(r.Context(), from, to)
	if err != nil {
		return err
	}
	return ok(w, LibraryComparison{From: from, To: to, Indicators: d})
}
