package server_test

import (
	"strings"
	"testing"
)

// TestRecheckInputsBounded: the re-check routes refuse inputs out of
// bounds before doing anything, in Chinese, naming the field.
func TestRecheckInputsBounded(t *testing.T) {
	f := newFixture(t, false)
	for _, c := range []struct {
		method, path string
		body         any
		want         string
	}{
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 0}, "seed（随机种子）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": int64(1) << 60}, "seed（随机种子）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 7, "method": "cluster"}, "method（抽样方法）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 7, "size": 100000}, "size（抽取数量）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 20240, "seed": 7}, "年度应为四位年份"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 7, "include": []string{strings.Repeat("项", 201)}}, "指定项目超过 200 个字符"},
		{"GET", "/api/v1/rectifications", nil, "查询参数 year（评价年度）"},
		{"GET", "/api/v1/results-application?year=99", nil, "查询参数 year（评价年度）"},
		{"POST", "/api/v1/rectifications", map[string]any{"org_id": f.orgs["D1"].ID, "year": 2024, "source": "复核", "problem": strings.Repeat("问", 2001),
			"owner": "张三", "measure": "整改", "deadline": "2025-06-30"}, "问题超过 2000 个字符"},
		{"POST", "/api/v1/rectifications", map[string]any{"org_id": f.orgs["D1"].ID, "year": 2024, "source": "巡视", "problem": "问题",
			"owner": "张三", "measure": "整改", "deadline": "2025-06-30"}, "问题来源“巡视”无效"},
	} {
		r := f.do("admin", c.method, c.path, c.body)
		if r.Status != 400 || !strings.Contains(string(r.Body), c.want) {
			t.Errorf("%s %s %v: %d %.300s, want 400 naming %s", c.method, c.path, c.body, r.Status, r.Body, c.want)
		}
	}
}
