package xlsxio_test

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/synth"
	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

// BenchmarkReferenceXLSX writes the reference case's tables.
func BenchmarkReferenceXLSX(b *testing.B) {
	f, err := caseio.Load("../../examples/shijiazhuang-2024.yaml")
	if err != nil {
		b.Fatal(err)
	}
	rb, _ := rulebook.Load("shijiazhuang-2024")
	sc, _ := scoring.Score(f.Evaluation, rb)
	b.ReportAllocs()
	for b.Loop() {
		if err := xlsxio.Export(io.Discard, f.Evaluation, sc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummary100k writes a 绩效自评结果汇总表 of 100,000 generated,
// scored projects with the StreamWriter, and reports the peak heap in use
// while writing (sampled every millisecond) and the file's size.
func BenchmarkSummary100k(b *testing.B) {
	rb, _ := rulebook.Load("mof-2020")
	g := synth.New(2024, 10)
	rows := make([]xlsxio.SummaryRow, 100_000)
	for i := range rows {
		ev := g.ProjectEvaluation(i, 2024)
		sc, err := scoring.Score(ev, rb)
		if err != nil {
			b.Fatal(err)
		}
		rows[i] = xlsxio.SummaryOf(&ev.Projects[0], sc)
		rows[i].Department = ev.Org.Name
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	})
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		var buf bytes.Buffer
		err := xlsxio.WriteSummary(&buf, "全省2024年度", func(yield func(xlsxio.SummaryRow) bool) {
			for _, r := range rows {
				if !yield(r) {
					return
				}
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "peak-heap-above-input-MB")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}

// BenchmarkImport100k reads a case workbook of a department with 10,000
// projects of 10 indicators: 100,000 indicator rows (and 10,000 project
// rows) in the sheets, decoded and validated into a case. It reports the
// peak heap in use while reading, sampled every millisecond, and the
// file's size.
//
//	go test ./internal/xlsxio -run '^$' -bench Import100k -benchtime 3x
func BenchmarkImport100k(b *testing.B) {
	ev := synth.New(2024, 10).Department(0, 2024, 10_000)
	var file bytes.Buffer
	if err := xlsxio.WriteCase(&file, ev); err != nil {
		b.Fatal(err)
	}
	data := file.Bytes()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	})
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		got, err := xlsxio.ReadCase("部门.xlsx", data)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, p := range got.Projects {
			rows += len(p.Indicators)
		}
	}
	close(stop)
	wg.Wait()
	if rows != 100_000 {
		b.Fatalf("%d indicator rows read", rows)
	}
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "peak-heap-above-input-MB")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
}

// BenchmarkWorstAccepted reads the costliest case workbook the default
// limits accept: one project of 119,980 indicators, 22 cells each, every
// one filled in (2.6 million cells; 120,000 list rows is the limit). It
// reports the peak heap in use while reading (sampled every 200 µs).
//
//	go test ./internal/xlsxio -run '^$' -bench WorstAccepted -benchtime 3x
func BenchmarkWorstAccepted(b *testing.B) {
	data := caseWorkbook(b, 119_980, fullIndicator)
	var top uint64
	b.ReportAllocs()
	for b.Loop() {
		var err error
		used := testutil.PeakHeap(func() { _, err = xlsxio.ReadCase("最大.xlsx", data) })
		if err != nil {
			b.Fatal(err)
		}
		top = max(top, used)
	}
	b.ReportMetric(float64(top)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(len(data))/(1<<10), "file-KiB")
}
