package testutil

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// PeakHeap runs fn and returns the most heap its objects occupied at any
// moment during the run beyond what they occupied before (sampled every
// half millisecond, after a collection at the start): how much memory fn
// needed at once, which is what bounds a server's memory, unlike the
// total it allocated over time.
func PeakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	peak := base
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(500 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				v := read()
				mu.Lock()
				peak = max(peak, v)
				mu.Unlock()
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	if v := read(); v > peak {
		peak = v
	}
	return peak - base
}
