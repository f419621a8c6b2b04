package server_test

import (
	"strings"
	"testing"
)

// A case that can be checked but not stored — no evaluation year (its form
// marked incomplete) or a blank unit name — is refused by the API's import
// with the reason, in Chinese, and nothing is stored.
func TestImportRefusesNoYearOrName(t *testing.T) {
	f := newFixture(t, false)
	before := f.do("preparer", "GET", "/api/v1/evaluations", nil)
	for _, c := range []struct {
		src, want string
	}{
		{"subject: department\nrulebook: shijiazhuang-2024\nyear: 0\nincomplete: 没有写明评价年度\norg: {name: 某区委宣传部}\n", "没有评价年度，无法保存："},
		{"subject: department\nrulebook: shijiazhuang-2024\nyear: 2021\norg: {name: \"\"}\n", "没有单位名称，无法保存："},
	} {
		r := f.do("preparer", "POST", "/api/v1/evaluations", []byte(c.src))
		if r.Status != 400 || !strings.Contains(string(r.Body), c.want) || strings.Contains(string(r.Body), "org.name") {
			t.Errorf("import of %q: %d %s", c.src, r.Status, r.Body)
		}
	}
	r := f.do("preparer", "GET", "/api/v1/evaluations", nil)
	if r.Status != 200 || string(r.Body) != string(before.Body) {
		t.Errorf("refused imports stored something: %d %s", r.Status, r.Body)
	}
}
