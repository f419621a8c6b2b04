package xlsxio_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/xlsxio"
)

// verdict is a case's scorecard and findings as JSON.
func verdict(t *testing.T, ev *jixiao.Evaluation) string {
	t.Helper()
	rb, err := rulebook.Load(ev.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(scoring.ToJSON(sc))
	rep := check.Report{Rulebook: rb, Findings: check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc})}
	json.NewEncoder(&buf).Encode(rep.ToJSON())
	return buf.String()
}

// TestCaseWorkbookRoundTrip writes every example as a case workbook and
// reads it back: the same case, the same scorecard and findings.
func TestCaseWorkbookRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	if len(files) < 4 {
		t.Fatal("no examples")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c, err := caseio.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := xlsxio.WriteCase(&buf, c.Evaluation); err != nil {
				t.Fatal(err)
			}
			back, err := xlsxio.ReadCase("case.xlsx", buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(c.Evaluation)
			got, _ := json.Marshal(back)
			if string(got) != string(want) {
				t.Errorf("case changed on the way:\n%s", firstDiff(string(want), string(got)))
			}
			if verdict(t, back) != verdict(t, c.Evaluation) {
				t.Error("scorecard or findings changed")
			}
		})
	}
}

func firstDiff(a, b string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			lo := max(0, i-80)
			return "want …" + a[lo:min(len(a), i+80)] + "\n got …" + b[lo:min(len(b), i+80)]
		}
	}
	return strings.Repeat("", 0) + "lengths differ"
}
