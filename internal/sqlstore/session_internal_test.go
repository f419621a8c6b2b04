package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// storedExpiry is the expiry column of a session's row.
func storedExpiry(t *testing.T, s *DB, token string) int64 {
	t.Helper()
	var ms int64
	if err := s.db.QueryRow("SELECT expiry FROM sessions WHERE token = $1", sessionKey(token)).Scan(&ms); err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestSessionWrittenOnlyWhenChanged: a session read and committed again
// unchanged is not written while its stored expiry is within SessionSlack;
// changed data, an expiry further on, or a session this process has not
// read, are written.
func TestSessionWrittenOnlyWhenChanged(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.UnixMilli(1_800_000_000_000)
	s.Now = func() time.Time { return now }
	exp := now.Add(2 * time.Hour)
	if err := s.Commit("tok", []byte("a"), exp); err != nil {
		t.Fatal(err)
	}
	if data, ok, err := s.Find("tok"); err != nil || !ok || string(data) != "a" {
		t.Fatalf("find: %q %v %v", data, ok, err)
	}
	// Unchanged, 30 s later: not written.
	if err := s.Commit("tok", []byte("a"), exp.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := storedExpiry(t, s, "tok"); got != exp.UnixMilli() {
		t.Fatalf("unchanged session written: expiry %d, want %d", got, exp.UnixMilli())
	}
	// Unchanged, a minute later: written, to keep the idle deadline.
	if err := s.Commit("tok", []byte("a"), exp.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := storedExpiry(t, s, "tok"); got != exp.Add(time.Minute).UnixMilli() {
		t.Fatalf("expiry %d, want %d", got, exp.Add(time.Minute).UnixMilli())
	}
	// Changed data: written at once.
	if err := s.Commit("tok", []byte("b"), exp.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if data, _, _ := s.Find("tok"); string(data) != "b" {
		t.Fatalf("changed session not written: %q", data)
	}
	// Changed by someone else (another server): Find sees it, and a
	// commit of the old data is a change again.
	if _, err := s.db.Exec("UPDATE sessions SET data = $1 WHERE token = $2", []byte("c"), sessionKey("tok")); err != nil {
		t.Fatal(err)
	}
	if data, _, _ := s.Find("tok"); string(data) != "c" {
		t.Fatalf("find after another server's write: %q", data)
	}
	if err := s.Commit("tok", []byte("b"), exp.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if data, _, _ := s.Find("tok"); string(data) != "b" {
		t.Fatalf("commit after another server's write skipped: %q", data)
	}
	// Deleted: gone, and a later commit writes it again.
	if err := s.Delete("tok"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Find("tok"); ok {
		t.Fatal("deleted session found")
	}
	if err := s.Commit("tok", []byte("b"), exp.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Find("tok"); !ok {
		t.Fatal("session committed after delete not written")
	}
}

// BenchmarkSessionCommit commits a session read just before, unchanged
// (what every request of a signed-in browser does), on SQLite. Before,
// each commit wrote the row. Run it with
//
//	go test ./internal/sqlstore -run '^$' -bench SessionCommit -benchmem -count 3
//
// Measured on 2 shared, loaded cores (-count 3): before 56–259 µs,
// 1,352 B, 42 allocs per find+commit (a write each time); after 10–26 µs,
// 1,104 B, 32 allocs (the read only).
func BenchmarkSessionCommit(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	data := []byte("session data of a signed-in user, a few dozen bytes")
	exp := time.Now().Add(2 * time.Hour)
	if err := s.Commit("tok", data, exp); err != nil {
		b.Fatal(err)
	}
	b.Run("find+commit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := s.Find("tok"); err != nil {
				b.Fatal(err)
			}
			if err := s.Commit("tok", data, exp); err != nil {
				b.Fatal(err)
			}
		}
	})
}
