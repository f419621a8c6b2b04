package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"jixiao/internal/auth"
)

var ctx = context.Background()

func wait(th *auth.Throttle, key string) time.Duration {
	w, err := th.Wait(ctx, key)
	if err != nil {
		panic(err)
	}
	return w
}

func TestThrottleGrowsAndCaps(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	th := auth.NewThrottle(&auth.MemoryStrikes{}, 3, 2*time.Second, 30*time.Second)
	th.Now = func() time.Time { return now }
	var waits []time.Duration
	var started []bool
	for range 8 {
		w, s, _ := th.Fail(ctx, "k")
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
	w, _, _ := th.Fail(ctx, "k")
	if got := wait(th, "k"); got != w || w != 30*time.Second {
		t.Errorf("wait %v after a failure with wait %v", got, w)
	}
	now = now.Add(10 * time.Second)
	if got := wait(th, "k"); got != 20*time.Second {
		t.Errorf("wait %v, want 20s", got)
	}
	if wait(th, "other") != 0 {
		t.Error("an untouched key waits")
	}
	th.Reset(ctx, "k")
	if wait(th, "k") != 0 {
		t.Error("reset key waits")
	}
}

func TestThrottleForgets(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	th := auth.NewThrottle(&auth.MemoryStrikes{}, 1, time.Second, time.Minute)
	th.Now = func() time.Time { return now }
	th.Fail(ctx, "k")
	if w, _, _ := th.Fail(ctx, "k"); w != time.Second {
		t.Fatalf("wait %v", w)
	}
	now = now.Add(time.Hour + time.Second)
	if w, _, _ := th.Fail(ctx, "k"); w != 0 {
		t.Errorf("failures an hour old still count: wait %v", w)
	}
}

// TestThrottleMemoryBounded: spraying keys never holds more than MaxKeys.
func TestThrottleMemoryBounded(t *testing.T) {
	mem := &auth.MemoryStrikes{MaxKeys: 1000}
	th := auth.NewThrottle(mem, 1, time.Second, time.Minute)
	for i := range 50_000 {
		th.Fail(ctx, fmt.Sprintf("addr:%d", i))
	}
	if n := mem.Len(); n > 1000 {
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
