package audit_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"jixiao/internal/audit"
)

// expected is a finding a reader marked in a report of testdata/reports:
// which check, on which line, how severe, and why (for the reader).
type expected struct {
	Code     string `json:"code"`
	Line     int    `json:"line"`
	Severity string `json:"severity"`
	Why      string `json:"why"`
}

// TestReportSet audits the reports of testdata/reports — reports of other
// departments, levels and provinces in the forms they are written, some
// with planted inconsistencies — and compares the findings with the ones
// marked by hand in NN-name.expected.json. Every report must match
// exactly; the log gives precision and recall per check.
func TestReportSet(t *testing.T) {
	files, _ := filepath.Glob("testdata/reports/*.txt")
	if len(files) < 10 {
		t.Fatalf("want at least 10 reports in testdata/reports, have %d", len(files))
	}
	type tally struct{ tp, fp, fn int }
	per := map[string]*tally{}
	at := func(code string) *tally {
		if per[code] == nil {
			per[code] = &tally{}
		}
		return per[code]
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var want []expected
		js, err := os.ReadFile(strings.TrimSuffix(file, ".txt") + ".expected.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(js, &want); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		d, err := audit.Read(filepath.Base(file), data)
		if err != nil {
			t.Fatal(err)
		}
		got := audit.Audit(d).Findings
		key := func(code string, line int, sev string) string { return fmt.Sprintf("%s 第%d行 %s", code, line, sev) }
		wantKeys := map[string]int{}
		for _, w := range want {
			wantKeys[key(w.Code, w.Line, w.Severity)]++
		}
		gotKeys := map[string]int{}
		for _, f := range got {
			gotKeys[key(f.Code, f.Para, string(f.Severity))]++
		}
		var missing, extra []string
		for _, w := range want {
			k := key(w.Code, w.Line, w.Severity)
			if gotKeys[k] > 0 {
				gotKeys[k]--
				at(w.Code).tp++
			} else {
				at(w.Code).fn++
				missing = append(missing, k+"（"+w.Why+"）")
			}
		}
		for _, f := range got {
			k := key(f.Code, f.Para, string(f.Severity))
			if wantKeys[k] > 0 {
				wantKeys[k]--
			} else {
				at(f.Code).fp++
				extra = append(extra, k+"："+f.Message)
			}
		}
		if len(missing)+len(extra) > 0 {
			t.Errorf("%s:\n  missed: %s\n  extra: %s", filepath.Base(file), strings.Join(missing, "\n          "), strings.Join(extra, "\n         "))
		}
	}
	codes := make([]string, 0, len(per))
	for c := range per {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		x := per[c]
		t.Logf("%s: %d found, %d false, %d missed; precision %s, recall %s", c, x.tp, x.fp, x.fn, ratio(x.tp, x.tp+x.fp), ratio(x.tp, x.tp+x.fn))
	}
	t.Logf("%d reports", len(files))
}

func ratio(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d", a, b)
}
