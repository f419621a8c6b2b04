package rulebook_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/rulebook"
)

func TestBuiltinRubrics(t *testing.T) {
	names := rulebook.Rubrics()
	if len(names) == 0 {
		t.Fatal("no embedded review rubric")
	}
	for _, n := range names {
		r, err := rulebook.LoadRubric(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if r.Name != n || r.Source == "" || !r.Total().Equal(decimal.NewFromInt(100)) {
			t.Errorf("%s: name %q, source %q, total %s", n, r.Name, r.Source, r.Total())
		}
	}
	if _, err := rulebook.LoadRubric(rulebook.DefaultRubric); err != nil {
		t.Fatal(err)
	}
	if _, err := rulebook.LoadRubric("../rulebooks/mof-2020"); err == nil {
		t.Error("a path was read as a built-in rubric")
	}
}

func TestRubricGrades(t *testing.T) {
	r, err := rulebook.LoadRubric(rulebook.DefaultRubric)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		score   string
		grade   string
		approve bool
	}{{"100", "优", true}, {"90", "优", true}, {"89.5", "良", true}, {"80", "良", true}, {"79.99", "中", false}, {"60", "中", false}, {"59", "差", false}, {"0", "差", false}} {
		g := r.Grade(decimal.RequireFromString(c.score))
		if g.Name != c.grade || g.Approve != c.approve {
			t.Errorf("score %s: grade %s (approve %v), want %s (%v)", c.score, g.Name, g.Approve, c.grade, c.approve)
		}
	}
	items := []jixiao.ItemScore{{Code: "R1", Points: decimal.NewFromInt(25)}, {Code: "R2", Points: decimal.NewFromInt(20)},
		{Code: "R3", Points: decimal.NewFromInt(22)}, {Code: "R4", Points: decimal.NewFromInt(18)}}
	total, g, err := r.Score(items)
	if err != nil || !total.Equal(decimal.NewFromInt(85)) || g.Name != "良" {
		t.Errorf("Score = %s %s %v, want 85 良", total, g.Name, err)
	}
	if _, _, err := r.Score(items[:3]); err == nil || !strings.Contains(err.Error(), "可行性审核") {
		t.Errorf("a missing item: %v", err)
	}
	over := append([]jixiao.ItemScore(nil), items...)
	over[0].Points = decimal.NewFromInt(26)
	if _, _, err := r.Score(over); err == nil || !strings.Contains(err.Error(), "0至25分") {
		t.Errorf("points above the item's: %v", err)
	}
	if _, _, err := r.Score(append(items, jixiao.ItemScore{Code: "R9"})); err == nil {
		t.Error("an unknown item was accepted")
	}
}

func TestParseRubricRefusesBadBands(t *testing.T) {
	_, err := rulebook.ParseRubric("x.yaml", []byte("name: x\ntitle: x\nsource: x\nitems:\n  - {code: A, name: 甲, points: 100}\ngrades:\n  - {name: 良, min: 80}\n  - {name: 优, min: 90}\n"))
	if err == nil || !strings.Contains(err.Error(), "最低分应低于上一等级") {
		t.Errorf("err = %v", err)
	}
}
