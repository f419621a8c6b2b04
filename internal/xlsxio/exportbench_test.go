package xlsxio_test

import (
	"fmt"
	"io"
	"testing"

	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/synth"
	"jixiao/internal/xlsxio"
)

// BenchmarkExportDepartment writes the tables of one scored department of
// P projects × 10 indicators (a sheet per project) per operation. The time
// and allocations per project should stay flat as P grows. Run it with
//
//	go test ./internal/xlsxio -run '^$' -bench ExportDepartment -benchmem -count 3
//
// Measured on 2 shared, loaded cores (one run each; allocations are the
// stable figure). Before, each sheet's print titles went through
// excelize's SetDefinedName, which lists every sheet for every name
// already set (cubic), and deleting "Sheet1" and choosing the active sheet
// at the end read every written sheet back:
//
//	P     before                                after
//	250   2.55 s  536 MB   4.27 M allocs        0.62 s   62 MB  0.81 M allocs
//	1000  37.1 s  15.6 GB  20.5 M allocs        3.76 s  342 MB  3.25 M allocs
//	2500  206 s   254 GB   62.6 M allocs        10.6 s  1.39 GB 8.14 M allocs
//
// Allocations are now 3,250 per project at every size. Bytes still grow a
// little faster than P: excelize lists every sheet when it adds one
// (NewSheet, NewStreamWriter), a few bytes per existing sheet.
func BenchmarkExportDepartment(b *testing.B) {
	rb, err := rulebook.Load("shijiazhuang-2024")
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []int{250, 1000, 2500} {
		ev := synth.New(2024, 10).Department(0, 2024, p)
		sc, err := scoring.Score(ev, rb)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("P=%d", p), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := xlsxio.Export(io.Discard, ev, sc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*p), "ns/project")
		})
	}
}
