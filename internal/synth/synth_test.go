package synth_test

import (
	"reflect"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/synth"
)

// Generated evaluations are valid, score without problems, and are the
// same for the same seed.
func TestGeneratedEvaluationsScore(t *testing.T) {
	mof, _ := rulebook.Load("mof-2020")
	sjz, _ := rulebook.Load("shijiazhuang-2024")
	g := synth.New(1, 10)
	for i := 0; i < 200; i++ {
		ev := g.ProjectEvaluation(i, 2024)
		if err := ev.Validate(); err != nil {
			t.Fatalf("project %d invalid: %v", i, err)
		}
		if n := len(ev.Projects[0].Indicators); n != 10 {
			t.Fatalf("%d indicators", n)
		}
		sc, err := scoring.Score(ev, mof)
		if err != nil {
			t.Fatalf("project %d: %v", i, err)
		}
		if !sc.Weight.Equal(jixiao.Dec("100")) || sc.Total.IsNegative() || sc.Total.GreaterThan(sc.Weight) {
			t.Fatalf("project %d: total %s of %s", i, sc.Total, sc.Weight)
		}
	}
	dept := g.Department(3, 2024, 5)
	if err := dept.Validate(); err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(dept, sjz)
	if err != nil || len(sc.Projects) != 5 {
		t.Fatalf("department: %v", err)
	}
	a, b := synth.New(7, 10).Project(42), synth.New(7, 10).Project(42)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different projects")
	}
}

// TestProvinceSize: the full province's shape is what the issue names, and
// sizes are read and bounded.
func TestProvinceSize(t *testing.T) {
	z, err := synth.ParseProvinceSize("1500,18000,300000,3")
	if err != nil || z != synth.FullProvince {
		t.Fatalf("%+v %v", z, err)
	}
	if z.ProjectsPerUnit() != 12 || z.IndicatorsPerProject() != 16 || z.Rows() != 288000 || z.Counties() != 150 || z.Cities() != 15 {
		t.Errorf("full province: %d projects per unit, %d indicators per project, %d rows, %d counties, %d cities",
			z.ProjectsPerUnit(), z.IndicatorsPerProject(), z.Rows(), z.Counties(), z.Cities())
	}
	seen := map[int]int{}
	for u := range z.Units {
		seen[z.City(z.County(u))]++
	}
	if len(seen) != 15 || seen[0] != 100 {
		t.Errorf("units by city: %v", seen)
	}
	for _, bad := range []string{"", "1,2,3", "0,1,1,1", "10,10,10,x", "100001,1,1,1", "10,10,10000000,3"} {
		if _, err := synth.ParseProvinceSize(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
