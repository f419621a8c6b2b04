package check_test

import (
	"fmt"
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

// BenchmarkCheckDepartment checks one scored department case of P
// projects × 10 indicators per operation (scoring is done before the timer
// starts). Time and allocations per indicator should stay flat as P grows:
// every lookup of a project or a node is a map access. Run it with
//
//	go test ./internal/check -run '^$' -bench CheckDepartment -benchmem -count 3
//
// Measured on 2 shared, loaded cores (before: each project's scorecard was
// matched to its case entry by comparing every project name):
//
//	P     before (per op / per indicator)         after
//	250   40 ms  16 µs  11.0 MB   280,718 allocs    34 ms  14 µs   9.2 MB   167,481 allocs
//	1000  406 ms 41 µs  74.1 MB 3,503,639 allocs   258 ms  26 µs  37.1 MB   685,054 allocs
//	4000  4.5 s 113 µs   833 MB 57,398,405 allocs  0.90 s  22 µs   163 MB 2,751,779 allocs
func BenchmarkCheckDepartment(b *testing.B) {
	rb, err := rulebook.Load("shijiazhuang-2024")
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []int{250, 1000, 4000} {
		ev := synth.New(2024, 10).Department(0, 2024, p)
		sc, err := scoring.Score(ev, rb)
		if err != nil {
			b.Fatal(err)
		}
		in := check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc}
		b.Run(fmt.Sprintf("P=%d", p), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				check.Check(in)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*p*10), "ns/indicator")
		})
	}
}
