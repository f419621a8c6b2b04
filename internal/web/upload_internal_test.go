package web

import (
	"testing"
	"time"
)

// TestPendingUploadsBounded: uploads awaiting confirmation are bounded per
// user and in all, the oldest going first.
func TestPendingUploadsBounded(t *testing.T) {
	var u uploads
	start := time.Now()
	var first, last string
	for i := range 10 {
		id := u.put(&pendingUpload{user: 1, at: start.Add(time.Duration(i) * time.Second)})
		if i == 0 {
			first = id
		}
		last = id
	}
	if len(u.m) != maxPendingPerUser {
		t.Errorf("%d pending for one user", len(u.m))
	}
	if _, err := u.take(first, 1); err == nil {
		t.Error("the oldest upload was kept")
	}
	if _, err := u.take(last, 1); err != nil {
		t.Errorf("the newest upload was dropped: %v", err)
	}
	for i := range 500 {
		u.put(&pendingUpload{user: int64(100 + i), at: start.Add(time.Duration(i) * time.Second)})
	}
	if len(u.m) > maxPending {
		t.Errorf("%d pending in all", len(u.m))
	}
}
