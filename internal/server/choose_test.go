package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"jixiao"
)

// A case imported without a rulebook is stored with the one its structure
// calls for, and the reason is kept in its provenance.
func TestImportChoosesRulebookByStructure(t *testing.T) {
	f := newFixture(t, false)
	src := []byte(`subject: department
year: 2023
org: {name: 某林业局}
budget:
  rates: [{of: total, rate: "79.27%"}]
stated: {execution: 7.93, execution_max: 10, total: 97.93}
indicators:
  - {name: 天然林管护任务完成率, target: "≥90%", actual: "100%", weight: 10, score: 10}
  - {name: 森林火灾受害率, target: "≤0.9%", actual: "0%", weight: 10, score: 10}
`)
	r := f.do("preparer", "POST", "/api/v1/evaluations", src)
	if r.Status != 200 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	var info jixiao.EvaluationInfo
	r.json(t, &info)
	if info.Rulebook != "chongqing-2022" {
		t.Errorf("imported with %q", info.Rulebook)
	}
	// (The stored case does not keep provenance yet: storage of the issue-12
	// fields is another change; the choice itself is what this asserts.)
	var sc struct {
		Total json.Number `json:"total"`
		Grade string      `json:"grade"`
	}
	r = f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", info.ID), nil)
	if r.Status != 200 {
		t.Fatalf("scorecard: %d %s", r.Status, r.Body)
	}
	r.json(t, &sc)
	// 79.27% × 10 = 7.927 + 20 = 27.927 → 27.93 of 30.
	if sc.Total.String() != "27.93" || sc.Grade != "差" {
		t.Errorf("scorecard %+v", sc)
	}
}
