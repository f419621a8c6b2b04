package check_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
)

func expectSameReportJSON(t *testing.T, what string, r *check.Report) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.ToJSON()); err != nil {
		t.Fatal(err)
	}
	want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	got := r.AppendJSON([]byte("前缀"))
	if !bytes.HasPrefix(got, []byte("前缀")) || !bytes.Equal(got[len("前缀"):], want) {
		t.Fatalf("%s: AppendJSON differs from encoding/json\n got %s\nwant %s", what, got[len("前缀"):], want)
	}
}

// Report.AppendJSON writes what encoding/json writes for ToJSON: on the
// findings of every example, with and without positions, and on a report
// with a scope, counts checked, text needing escapes and numbers absent
// (null) or empty ([]).
func TestReportAppendJSONMatchesEncoding(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.yaml")
	if len(examples) < 5 {
		t.Fatalf("examples: %v", examples)
	}
	for _, ex := range examples {
		src, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		fs := run(t, string(src))
		rb, _ := rulebook.Load("mof-2020")
		r := &check.Report{Case: ex, Rulebook: rb, Findings: fs}
		expectSameReportJSON(t, ex, r)
		r.Locate = func(p string) (int, int) { return len(p), len(p) % 3 } // column 0 is left out
		expectSameReportJSON(t, ex+" with positions", r)
	}
	r := &check.Report{
		Case:    "引号\"换行\n<b>&\u2028\xff",
		Scope:   "核对了合计与明细5处",
		Checked: map[string]int{"T01": 5, "L11": 0, "F02": 12, "\x01": 1},
		Findings: []jixiao.Finding{
			{Code: "L11", Severity: jixiao.SeverityError, Path: "goals[0]", Where: "目标 › \"一\"", Message: "制表\t退格\b"},
			{Code: "P05", Severity: jixiao.SeverityWarning, Numbers: []jixiao.Number{}},
			{Code: "T01", Severity: jixiao.SeverityInfo, Numbers: []jixiao.Number{{Name: "所述", Value: "4份"}, {Name: "\\", Value: "\x1f"}}},
		},
		Locate: func(string) (int, int) { return 0, 4 },
	}
	expectSameReportJSON(t, "escapes, scope and counts", r)
}
