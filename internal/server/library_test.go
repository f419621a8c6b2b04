package server_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/library"
	"jixiao/internal/sqlstore/sqltest"
)

// TestLibraryAPI: a department proposes an indicator, the reviewer
// confirms it, merges a duplicate into it and retires another; each step
// is a new library version; bounded and malformed input is refused in
// Chinese naming the field; the export is the current version.
func TestLibraryAPI(t *testing.T) {
	f := newFixture(t, false)
	propose := func(body any) response {
		t.Helper()
		return f.do("preparer", "POST", "/api/v1/library", body)
	}
	var a, b jixiao.LibraryIndicator
	r := propose(map[string]any{"name": "培训人次", "level1": "产出", "level2": "数量指标", "op": "≥", "unit": "人次", "core": true,
		"definition": "当年完成职业技能培训的人次", "standard": "计划标准"})
	if r.Status != 200 {
		t.Fatalf("propose: %d %s", r.Status, r.Body)
	}
	r.json(t, &a)
	propose(map[string]any{"name": "培训人数", "level1": "产出", "level2": "数量指标"}).json(t, &b)
	if a.ID != "CX-0001" || b.ID != "CX-0002" || a.Status != jixiao.LibProposed || !a.Core || a.Field != jixiao.FieldCommon {
		t.Fatalf("proposed %+v and %+v", a, b)
	}

	// Refusals name the field, in Chinese.
	for _, c := range []struct {
		body any
		want string
	}{
		{map[string]any{"name": strings.Repeat("长", 101), "level1": "产出"}, "三级指标不能超过 100 个字"},
		{map[string]any{"name": "x", "level1": "产出", "definition": strings.Repeat("口", 2001)}, "计算口径不能超过 2000 个字"},
		{map[string]any{"name": "x", "level1": "产出", "standard": "随便"}, "指标值确定依据"},
		{map[string]any{"name": "x", "level1": "产出", "source_url": "file:///etc/passwd"}, "来源地址应为以 http:// 或 https:// 开头的网址"},
		{map[string]any{"name": "x", "level1": "产出", "op": "大约"}, "指标性质"},
		{map[string]any{"name": "x"}, "一级指标"},
		{map[string]any{"name": "x", "level1": "产出", "id": "GX-0001"}, "id"},
		{map[string]any{"name": "培训人次", "level1": "产出", "level2": "数量指标"}, "已有指标“培训人次”（CX-0001）"},
	} {
		r := propose(c.body)
		var e api.ErrorBody
		r.json(t, &e)
		if (r.Status != 400 && r.Status != 409) || !strings.Contains(e.Error.Message+strings.Join(e.Error.Details, ""), c.want) {
			t.Errorf("proposing %v: %d %s, want %q", c.body, r.Status, r.Body, c.want)
		}
	}
	if r := f.do("reviewer", "POST", "/api/v1/library/"+url.PathEscape(strings.Repeat("X", 30))+"/confirm", nil); r.Status != 400 || !strings.Contains(string(r.Body), "不是指标编码") {
		t.Errorf("confirming a long code: %d %s", r.Status, r.Body)
	}
	if r := f.do("reviewer", "GET", "/api/v1/library?q="+strings.Repeat("查", 101), nil); r.Status != 400 || !strings.Contains(string(r.Body), "查找内容不能超过 100 个字") {
		t.Errorf("searching with a long text: %d %s", r.Status, r.Body)
	}

	var got jixiao.LibraryIndicator
	if r := f.do("reviewer", "POST", "/api/v1/library/CX-0001/confirm", nil); r.Status != 200 {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	r = f.do("reviewer", "POST", "/api/v1/library/CX-0002/merge", map[string]string{"into": "CX-0001"})
	r.json(t, &got)
	if r.Status != 200 || got.Status != jixiao.LibRetired || got.MergedInto != "CX-0001" {
		t.Fatalf("merge: %d %s", r.Status, r.Body)
	}
	if r := f.do("reviewer", "POST", "/api/v1/library/GX-0052/retire", nil); r.Status != 200 {
		t.Fatalf("retire: %d %s", r.Status, r.Body)
	}
	if r := f.do("reviewer", "POST", "/api/v1/library/GX-0052/merge", map[string]string{"into": "GX-0052"}); r.Status != 400 || !strings.Contains(string(r.Body), "不能把指标“GX-0052”并入它自己") {
		t.Errorf("merge into itself: %d %s", r.Status, r.Body)
	}
	if r := f.do("reviewer", "POST", "/api/v1/library/GX-0051/merge", map[string]string{"into": "GX-0052"}); r.Status != 400 || !strings.Contains(string(r.Body), "已停用，不能并入") {
		t.Errorf("merge into a retired one: %d %s", r.Status, r.Body)
	}

	var list api.LibraryList
	f.do("auditor", "GET", "/api/v1/library?q="+url.QueryEscape("培训"), nil).json(t, &list)
	if list.Version != 6 || list.Total != 1 || list.Items[0].ID != "CX-0001" || list.Items[0].Status != jixiao.LibConfirmed || list.MayPropose || list.MayCurate {
		t.Errorf("auditor's search: %+v", list)
	}
	f.do("preparer", "GET", "/api/v1/library?all=true&level1="+url.QueryEscape("产出"), nil).json(t, &list)
	if !list.MayPropose || list.MayCurate || list.Items[len(list.Items)-1].ID != "CX-0002" {
		t.Errorf("preparer's list of 产出: %+v", list)
	}
	var hist api.List[jixiao.LibraryVersion]
	f.do("preparer", "GET", "/api/v1/library/history?per_page=2", nil).json(t, &hist)
	if hist.Total != 6 || len(hist.Items) != 2 || hist.Items[0].Action != jixiao.LibActionRetire || hist.Items[0].Username != "reviewer" {
		t.Errorf("history: %+v", hist)
	}

	// The export is the current version, as a workbook or YAML.
	r = f.do("evaluator", "GET", "/api/v1/library/export?format=yaml", nil)
	lib, err := library.Parse("导出", r.Body)
	if err != nil || lib.Version != 6 || len(lib.Indicators) != 92+2 {
		t.Fatalf("yaml export: %v %d", err, r.Status)
	}
	if in, ok := lib.Find("CX-0002"); !ok || in.ID != "CX-0001" || in.Name != "培训人次" {
		t.Errorf("merged code in the export: %+v", in)
	}
	r = f.do("evaluator", "GET", "/api/v1/library/export", nil)
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("xlsx export: %v %s", err, r.Body)
	}
	defer x.Close()
	rows, _ := x.GetRows(library.Sheet)
	if n := len(rows); n != 2+92+2 || !strings.Contains(rows[0][0], "第 6 版") || rows[n-1][0] != "CX-0002" || rows[n-1][11] != "已停用" || rows[n-1][12] != "CX-0001" {
		t.Errorf("xlsx export: %d rows, %v … %v", len(rows), rows[0], rows[len(rows)-1])
	}
	if r := f.do("evaluator", "GET", "/api/v1/library/export?format=pdf", nil); r.Status != 400 || !strings.Contains(string(r.Body), "应为 xlsx 或 yaml") {
		t.Errorf("pdf export: %d %s", r.Status, r.Body)
	}

	// Every change is in the audit log.
	var audit api.List[jixiao.AuditEntry]
	f.do("auditor", "GET", "/api/v1/audit?entity=library", nil).json(t, &audit)
	var actions []string
	for _, e := range audit.Items {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "retire merge confirm propose propose seed" {
		t.Errorf("audit: %s", got)
	}
}

// TestLibraryEditAPI: the reviewer edits an indicator's content over the
// API (the department may not), the history records the reason, a past
// version reads back as it was, and the comparison of two versions names
// the changed fields, old and new; bad input is refused in Chinese.
func TestLibraryEditAPI(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			if pg && sqltest.PostgresDSN(t) == "" {
				return
			}
			libraryEditAPI(t, newFixture(t, pg))
		})
	}
}

func libraryEditAPI(t *testing.T, f *fixture) {
	edit := map[string]any{"name": "资金到位比例", "level1": "投入", "level2": "资金管理", "op": "≥", "unit": "%", "core": true,
		"definition": "实际到位资金与计划投入资金之比", "data_source": "财务账簿", "standard": "计划标准", "field": "共性", "reason": "与本省口径一致"}
	if r := f.do("preparer", "POST", "/api/v1/library/GX-0005/edit", edit); r.Status != 403 {
		t.Errorf("the department edits: %d %s", r.Status, r.Body)
	}
	var got jixiao.LibraryIndicator
	r := f.do("reviewer", "POST", "/api/v1/library/GX-0005/edit", edit)
	r.json(t, &got)
	if r.Status != 200 || got.ID != "GX-0005" || got.Name != "资金到位比例" || got.Status != jixiao.LibConfirmed || !got.Core {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	for _, c := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"name": "x", "level1": "投入", "field": "共性"}, "修改理由"},
		{map[string]any{"name": "x", "level1": "投入", "field": "共性", "reason": strings.Repeat("因", 501)}, "修改理由不能超过 500 个字"},
		{map[string]any{"name": "x", "level1": "投入", "field": "共性", "unit": strings.Repeat("元", 21), "reason": "r"}, "度量单位不能超过 20 个字"},
		{map[string]any{"name": "x", "level1": "投入", "field": "共性", "status": "已停用", "reason": "r"}, "status"},
		{map[string]any{"name": "x", "level1": "投入", "reason": "r"}, "领域"},
		{map[string]any{"name": "x", "level1": "投入", "field": "共性", "source_url": "javascript:alert(1)", "reason": "r"}, "来源地址"},
	} {
		r := f.do("reviewer", "POST", "/api/v1/library/GX-0004/edit", c.body)
		if r.Status != 400 || !strings.Contains(string(r.Body), c.want) {
			t.Errorf("editing with %v: %d %s, want %q", c.body, r.Status, r.Body, c.want)
		}
	}
	var hist api.List[*jixiao.LibraryVersion]
	f.do("auditor", "GET", "/api/v1/library/history", nil).json(t, &hist)
	if len(hist.Items) != 2 || hist.Items[0].Action != "edit" || hist.Items[0].Reason != "与本省口径一致" || hist.Items[0].Username != "reviewer" {
		t.Fatalf("history: %+v", hist.Items)
	}
	var v1 api.LibraryVersionPage
	r = f.do("evaluator", "GET", "/api/v1/library/versions/1?per_page=10", nil)
	r.json(t, &v1)
	if r.Status != 200 || v1.Version != 1 || v1.Total != 92 || len(v1.Items) != 10 || v1.Items[4].ID != "GX-0005" || v1.Items[4].Name == "资金到位比例" {
		t.Fatalf("version 1: %d %s", r.Status, r.Body)
	}
	var cmp api.LibraryComparison
	r = f.do("preparer", "GET", "/api/v1/library/compare?from=1&to=2", nil)
	r.json(t, &cmp)
	if r.Status != 200 || len(cmp.Indicators) != 1 || cmp.Indicators[0].ID != "GX-0005" || cmp.Indicators[0].Kind != "修改" {
		t.Fatalf("compare: %d %s", r.Status, r.Body)
	}
	fields := map[string]string{}
	for _, c := range cmp.Indicators[0].Changes {
		fields[c.Field] = c.Old + "→" + c.New
	}
	if fields["三级指标"] != v1.Items[4].Name+"→资金到位比例" || fields["是否核心绩效指标"] != "否→是" {
		t.Errorf("changed fields: %v", fields)
	}
	// The search by 领域.
	var health api.LibraryList
	r = f.do("preparer", "GET", "/api/v1/library?field="+url.QueryEscape("卫生健康"), nil)
	r.json(t, &health)
	if r.Status != 200 || health.Total != 3 || len(health.Items) != 3 || health.Items[0].ID != "HY-0026" || len(health.Fields) != 6 {
		t.Errorf("the 卫生健康 indicators: %d %.300s", r.Status, r.Body)
	}

	// Version 1 downloads as it was, version 2 with the edit.
	r = f.do("evaluator", "GET", "/api/v1/library/versions/1/export?format=yaml", nil)
	back, err := library.Parse("v1.yaml", r.Body)
	if r.Status != 200 || err != nil || back.Version != 1 || len(back.Indicators) != v1.Total {
		t.Fatalf("version 1 downloaded: %d %v %.200s", r.Status, err, r.Body)
	}
	if in, _ := back.Find("GX-0005"); in.Name != v1.Items[4].Name || in.Field != "共性" {
		t.Errorf("GX-0005 in version 1's download: %+v", in)
	}
	r = f.do("preparer", "GET", "/api/v1/library/versions/2/export", nil)
	wb, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if r.Status != 200 || err != nil {
		t.Fatalf("version 2's workbook: %d %v", r.Status, err)
	}
	if name, _ := wb.GetCellValue(library.Sheet, "B7"); name != "资金到位比例" {
		t.Errorf("GX-0005 in version 2's workbook: %q", name)
	}
	wb.Close()
	for path, want := range map[string]string{
		"/api/v1/library/versions/99/export":         "指标库没有第99版",
		"/api/v1/library/versions/abc/export":        "路径参数 version 应为正整数",
		"/api/v1/library/versions/1/export?format=x": "导出格式",
		"/api/v1/library/versions/99":                "指标库没有第99版",
		"/api/v1/library/versions/abc":               "路径参数 version 应为正整数",
		"/api/v1/library/versions/9999999999":        "版本号不能大于",
		"/api/v1/library/compare?from=1":             "from 和 to",
		"/api/v1/library/compare?from=x&to=1":        "查询参数 from 应为非负整数",
		"/api/v1/library/compare?from=1&to=50":       "指标库没有第50版",
	} {
		if r := f.do("reviewer", "GET", path, nil); (r.Status != 400 && r.Status != 404) || !strings.Contains(string(r.Body), want) {
			t.Errorf("%s: %d %s, want %q", path, r.Status, r.Body, want)
		}
	}
}
