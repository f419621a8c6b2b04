package yamlcodec_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/synth"
	"jixiao/internal/yamlcodec"
)

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Encode then Decode gives back the same evaluation, for every example and
// for generated departments with projects of every indicator kind.
func TestRoundTrip(t *testing.T) {
	var cases []*jixiao.Evaluation
	files, _ := filepath.Glob("../../examples/*.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ev jixiao.Evaluation
		if _, err := yamlcodec.Decode(f, data, &ev); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, &ev)
	}
	g := synth.New(3, 10)
	cases = append(cases, g.Department(1, 2024, 3))
	odd := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "true", Code: "0012",
		Functions: []string{"- 列表样", "含: 冒号", "a #b", "多行\n文字", "\"引号\"", " 前导空格", "yes", "1.5", "~", "@x", "=SUM(A1)"}},
		Goals: []jixiao.Goal{{Name: "目标", Deductions: []jixiao.Deduction{{Points: jixiao.Dec("0")}}}}}
	cases = append(cases, odd)
	if len(cases) < 5 {
		t.Fatalf("%d cases", len(cases))
	}
	for _, ev := range cases {
		data, err := yamlcodec.Encode(ev)
		if err != nil {
			t.Fatal(err)
		}
		var back jixiao.Evaluation
		if _, err := yamlcodec.Decode("rt.yaml", data, &back); err != nil {
			t.Fatalf("%s: %v\n%s", ev.Org.Name, err, data)
		}
		if a, b := jsonOf(t, ev), jsonOf(t, &back); a != b {
			t.Errorf("%s: round trip differs\n%s\n---\n%s", ev.Org.Name, a, b)
		}
	}
}

func TestEncodeShape(t *testing.T) {
	ev := &jixiao.Evaluation{Subject: "project", Year: 2024, Org: jixiao.Org{Name: "某局"},
		Projects: []jixiao.Project{{Name: "甲", Budget: &jixiao.ProjectBudget{Adjusted: dp("21440.30")},
			Weights: map[string]decimal.Decimal{"产出指标": jixiao.Dec("60")}}}}
	data, err := yamlcodec.Encode(ev)
	if err != nil {
		t.Fatal(err)
	}
	want := "subject: project\nyear: 2024\norg:\n  name: 某局\nprojects:\n  - name: 甲\n    budget:\n      adjusted: 21440.30\n    weights:\n      产出指标: 60\n"
	if string(data) != want {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
	if !strings.Contains(string(data), "21440.30") {
		t.Error("stated places lost")
	}
}

func dp(s string) *decimal.Decimal { d := jixiao.Dec(s); return &d }
