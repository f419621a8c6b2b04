package server_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// TestRulebooksOnTheServer: a rulebook stored through the API scores the
// cases that name it; a case naming a file, or a rulebook the server does
// not hold, is refused at import (never stored unscorable); the server
// reads no file that a case names.
func TestRulebooksOnTheServer(t *testing.T) {
	f := newFixture(t, false)
	if r := f.do("preparer", "POST", "/api/v1/rulebooks?name=县规则.yaml", []byte(matrixRulebook)); r.Status != 403 {
		t.Errorf("a preparer stores a rulebook: %d", r.Status)
	}
	var saved api.RulebookSaved
	r := f.do("reviewer", "POST", "/api/v1/rulebooks?name=县规则.yaml", []byte(matrixRulebook))
	if r.Status != 200 {
		t.Fatalf("store: %d %s", r.Status, r.Body)
	}
	r.json(t, &saved)
	if !saved.Created || saved.Rulebook.Ref != "县级规则-2025@1" || saved.Rulebook.Origin != "县规则.yaml" {
		t.Errorf("stored %+v", saved)
	}
	f.do("reviewer", "POST", "/api/v1/rulebooks?name=again.yaml", []byte(matrixRulebook)).json(t, &saved)
	if saved.Created || saved.Rulebook.Version != 1 {
		t.Errorf("the same rulebook again: %+v", saved)
	}
	src := mustRead(t, "project-training-2024.yaml")
	withRules := func(ref string) []byte {
		return bytes.Replace(src, []byte("rulebook: mof-2020"), []byte("rulebook: "+ref), 1)
	}
	var info jixiao.EvaluationInfo
	r = f.do("preparer", "POST", "/api/v1/evaluations", withRules("县级规则-2025"))
	if r.Status != 200 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	r.json(t, &info)
	if info.Rulebook != "县级规则-2025@1" {
		t.Errorf("imported with %q", info.Rulebook)
	}
	var sc struct {
		Grade    string `json:"grade"`
		Rulebook struct {
			Name, Grades string
		} `json:"rulebook"`
	}
	f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", info.ID), nil).json(t, &sc)
	if sc.Rulebook.Name != "县级规则-2025" || !strings.HasPrefix(sc.Rulebook.Grades, "得分≥95分为优") {
		t.Errorf("scored by %+v", sc.Rulebook)
	}
	for ref, want := range map[string]string{
		"规则/县规则.yaml": "服务器不能读取您电脑上的文件",
		"/etc/passwd": "服务器不能读取您电脑上的文件",
		"jixiao.db":   "既不是内置规则",
		"县级规则-2025@7": "既不是内置规则",
		"没有这个规则":      "既不是内置规则",
	} {
		r := f.do("preparer", "PUT", fmt.Sprintf("/api/v1/evaluations/%d/case?revision=%d", info.ID, info.Revision), withRules(ref))
		if r.Status != 400 || !strings.Contains(string(r.Body), want) {
			t.Errorf("case naming %s: %d %s", ref, r.Status, r.Body)
		}
	}
	var list api.List[*jixiao.StoredRulebook]
	f.do("auditor", "GET", "/api/v1/rulebooks", nil).json(t, &list)
	var refs []string
	for _, rb := range list.Items {
		refs = append(refs, rb.Ref)
	}
	if strings.Join(refs, ",") != "anhui-2022,chongqing-2022,mof-2020,ningxia-2022,shanxi-2021,shijiazhuang-2024,sichuan-2022,yunnan-2022,县级规则-2025@1" {
		t.Errorf("rulebooks %v", refs)
	}
	var got jixiao.StoredRulebook
	f.do("auditor", "GET", "/api/v1/rulebooks/县级规则-2025", nil).json(t, &got)
	if got.Ref != "县级规则-2025@1" || !strings.Contains(got.Source, "name: 县级规则-2025") || strings.Contains(got.Source, "extends") {
		t.Errorf("stored rulebook %+v", got)
	}
}
