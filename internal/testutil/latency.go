package testutil

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// Latencies collects request times from concurrent clients and reports
// their median and 99th percentile (p50-ms, p99-ms) and the throughput
// (req/s) as a benchmark's metrics.
type Latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

// Add records one request's time.
func (l *Latencies) Add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// Report reports the metrics of the requests made over elapsed.
func (l *Latencies) Report(b *testing.B, elapsed time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	at := func(q float64) float64 {
		return float64(l.d[min(len(l.d)-1, int(q*float64(len(l.d))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(len(l.d))/elapsed.Seconds(), "req/s")
}

// PeakRSS is the most memory this process has held resident since it
// started (VmHWM), in bytes; 0 where there is no Linux /proc.
func PeakRSS() int64 { return field("/proc/self/status", "VmHWM:") << 10 }
