package check_test

import (
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/synth"
)

// BenchmarkCheck100kProjects checks 100,000 generated, scored projects of
// 10 indicators each per iteration (scoring is done before the timer
// starts), and reports findings and projects per second. Run it with
//
//	go test ./internal/check -run '^$' -bench Check100k -benchtime 3x -benchmem
func BenchmarkCheck100kProjects(b *testing.B) {
	rb, err := rulebook.Load("mof-2020")
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(2024, 10)
	inputs := make([]check.Input, 100_000)
	for i := range inputs {
		ev := g.ProjectEvaluation(i, 2024)
		sc, err := scoring.Score(ev, rb)
		if err != nil {
			b.Fatal(err)
		}
		inputs[i] = check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc}
	}
	b.ReportAllocs()
	b.ResetTimer()
	findings := 0
	bySeverity := map[jixiao.Severity]int{}
	for b.Loop() {
		for _, in := range inputs {
			fs := check.Check(in)
			findings += len(fs)
			for _, f := range fs {
				bySeverity[f.Severity]++
			}
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(findings)/secs, "findings/s")
	b.ReportMetric(float64(b.N*len(inputs))/secs, "projects/s")
	b.ReportMetric(float64(findings)/float64(b.N*len(inputs)), "findings/project")
}
