package scoring_test

import (
	"sync"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/synth"
)

const (
	benchProjects   = 100_000
	benchIndicators = 10
)

var (
	benchOnce  sync.Once
	benchCases []*jixiao.Evaluation
)

func benchSet(b *testing.B) []*jixiao.Evaluation {
	b.Helper()
	benchOnce.Do(func() {
		g := synth.New(2024, benchIndicators)
		benchCases = make([]*jixiao.Evaluation, benchProjects)
		for i := range benchCases {
			benchCases[i] = g.ProjectEvaluation(i, 2024)
		}
	})
	return benchCases
}

// BenchmarkScore100kProjects scores 100,000 generated projects of 10
// indicators each (one million indicators) per iteration, and reports the
// throughput in indicators per second. Run it with
//
//	go test ./internal/scoring -run '^$' -bench Score100k -benchtime 3x -benchmem
func BenchmarkScore100kProjects(b *testing.B) {
	cases := benchSet(b)
	rb, err := rulebook.Load("mof-2020")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	indicators := 0
	for b.Loop() {
		for _, ev := range cases {
			if _, err := scoring.Score(ev, rb); err != nil {
				b.Fatal(err)
			}
		}
		indicators += len(cases) * benchIndicators
	}
	b.ReportMetric(float64(indicators)/b.Elapsed().Seconds(), "indicators/s")
	b.ReportMetric(float64(b.N*len(cases)), "projects")
}

// BenchmarkScoreProject scores one 10-indicator project per operation, for
// per-project time and allocations.
func BenchmarkScoreProject(b *testing.B) {
	ev := synth.New(1, benchIndicators).ProjectEvaluation(0, 2024)
	rb, _ := rulebook.Load("mof-2020")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scoring.Score(ev, rb); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchIndicators)/b.Elapsed().Seconds(), "indicators/s")
}
