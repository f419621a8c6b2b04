package auth_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"jixiao/internal/auth"
)

func TestThrottleGrowsAndCaps(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	th := auth.NewThrottle(3, 2*time.Second, 30*time.Second)
	th.Now = func() time.Time { return now }
	var waits []time.Duration
	var started []bool
	for range 8 {
		w, s := th.Fail("k")
		waits = append(waits, w)
		started = append(started, s)
		now = now.Add(w) // the next attempt comes when allowed
	}
	want := []time.Duration{0, 0, 0, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	if fmt.Sprint(started) != "[false false false true false false false false]" {
		t.Errorf("started %v", started)
	}
	// Right after a failure the key must wait; the wait does not grow by
	// asking.
	w, _ := th.Fail("k")
	if got := th.Wait("k"); got != w || w != 30*time.Second {
		t.Errorf("wait %v after a failure with wait %v", got, w)
	}
	now = now.Add(10 * time.Second)
	if got := th.Wait("k"); got != 20*time.Second {
		t.Errorf("wait %v, want 20s", got)
	}
	if th.Wait("other") != 0 {
		t.Error("an untouched key waits")
	}
	th.Reset("k")
	if th.Wait("k") != 0 {
		t.Error("reset key waits")
	}
}

func TestThrottleForgets(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	th := auth.NewThrottle(1, time.Second, time.Minute)
	th.Now = func() time.Time { return now }
	th.Fail("k")
	if w, _ := th.Fail("k"); w != time.Second {
		t.Fatalf("wait %v", w)
	}
	now = now.Add(time.Hour + time.Second)
	if w, _ := th.Fail("k"); w != 0 {
		t.Errorf("failures an hour old still count: wait %v", w)
	}
}

// TestThrottleMemoryBounded: spraying keys never holds more than MaxKeys.
func TestThrottleMemoryBounded(t *testing.T) {
	th := auth.NewThrottle(1, time.Second, time.Minute)
	th.MaxKeys = 1000
	for i := range 50_000 {
		th.Fail(fmt.Sprintf("addr:%d", i))
	}
	if n := th.Len(); n > 1000 {
		t.Errorf("%d keys remembered, at most 1000", n)
	}
}

func TestDevices(t *testing.T) {
	d := auth.NewDevices()
	tok := d.Issue(42)
	if id, ok := d.User(tok); !ok || id != 42 {
		t.Fatalf("User(issued) = %d %v", id, ok)
	}
	if tok == d.Issue(42) {
		t.Error("two device tokens are equal")
	}
	// Another process's tokens, altered tokens and junk are not devices.
	if _, ok := auth.NewDevices().User(tok); ok {
		t.Error("a token of another key is accepted")
	}
	b := []byte(tok)
	b[5] ^= 1
	for _, bad := range []string{string(b), "", "x", strings.Repeat("A", 54), strings.Repeat("A", 1000)} {
		if _, ok := d.User(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
