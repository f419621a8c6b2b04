package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// twoServers runs fn per engine with two stores opened on one database,
// as two servers would.
func twoServers(t *testing.T, fn func(t *testing.T, a, b *sqlstore.DB)) {
	open := func(t *testing.T, dsn string) *sqlstore.DB {
		s, err := sqlstore.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("sqlite", func(t *testing.T) {
		dsn := filepath.Join(t.TempDir(), "jixiao.db")
		fn(t, open(t, dsn), open(t, dsn))
	})
	if dsn := sqltest.PostgresDSN(t); dsn != "" {
		t.Run("postgres", func(t *testing.T) {
			dsn := sqltest.EmptyPostgres(t, dsn)
			fn(t, open(t, dsn), open(t, dsn))
		})
	}
}

// TestStrikesAcrossServers: failures struck at once through two servers
// are all counted, both servers read the same strikes, and expired ones
// read as none and are deleted.
func TestStrikesAcrossServers(t *testing.T) {
	twoServers(t, func(t *testing.T, a, b *sqlstore.DB) {
		ctx := context.Background()
		now := time.Now()
		inc := func(s sqlstore.Strikes) (sqlstore.Strikes, time.Time) {
			s.N++
			s.Last = now
			s.Until = now.Add(time.Minute)
			return s, now.Add(time.Hour)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			s := []*sqlstore.DB{a, b}[i%2]
			wg.Go(func() { errs <- s.Strike(ctx, "user:zhang", now, inc) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range []*sqlstore.DB{a, b} {
			got, err := s.Strikes(ctx, "user:zhang", now)
			if err != nil {
				t.Fatal(err)
			}
			if got.N != 40 || got.Until.UnixMilli() != now.Add(time.Minute).UnixMilli() {
				t.Errorf("strikes %+v, want 40 failures", got)
			}
		}
		// Past their expiry the strikes are none, and a new failure starts
		// from zero.
		later := now.Add(time.Hour + time.Second)
		if got, _ := b.Strikes(ctx, "user:zhang", later); got.N != 0 {
			t.Errorf("expired strikes read as %+v", got)
		}
		if err := a.Strike(ctx, "user:zhang", later, func(s sqlstore.Strikes) (sqlstore.Strikes, time.Time) {
			if s.N != 0 {
				t.Errorf("expired strikes given as %+v", s)
			}
			s.N++
			return s, later.Add(time.Hour)
		}); err != nil {
			t.Fatal(err)
		}
		if err := a.Strike(ctx, "addr:192.0.2.1", now, inc); err != nil {
			t.Fatal(err)
		}
		a.Now = func() time.Time { return later }
		if err := a.DeleteExpired(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		a.SQL().QueryRow("SELECT count(*) FROM login_strikes").Scan(&n)
		if n != 1 {
			t.Errorf("%d strike rows after deleting the expired ones, want 1", n)
		}
		if err := b.ForgetStrikes(ctx, "user:zhang"); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.Strikes(ctx, "user:zhang", later); got.N != 0 {
			t.Errorf("forgotten strikes read as %+v", got)
		}
	})
}

// TestSecretShared: the first server to ask makes the secret; the other
// gets the same one.
func TestSecretShared(t *testing.T) {
	twoServers(t, func(t *testing.T, a, b *sqlstore.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		got := make([][]byte, 8)
		for i := range got {
			s := []*sqlstore.DB{a, b}[i%2]
			wg.Go(func() {
				k, err := s.Secret(ctx, "device_tokens", 32)
				if err != nil {
					t.Error(err)
				}
				got[i] = k
			})
		}
		wg.Wait()
		for _, k := range got {
			if len(k) != 32 || !bytes.Equal(k, got[0]) {
				t.Fatalf("secrets differ: %x vs %x", k, got[0])
			}
		}
		if other, _ := a.Secret(ctx, "other", 32); bytes.Equal(other, got[0]) {
			t.Error("two secrets are the same")
		}
	})
}

// TestPendingUploads: an upload held on one server is taken on the
// other, once, by its user only, within its time; uploads are bounded per
// user and in all, the oldest going first.
func TestPendingUploads(t *testing.T) {
	twoServers(t, func(t *testing.T, a, b *sqlstore.DB) {
		ctx := context.Background()
		var users []int64
		for i := range 70 {
			u, err := a.CreateUser(ctx, admin, &jixiao.User{Username: fmt.Sprintf("u%d", i), Role: jixiao.RoleAdmin}, "h")
			if err != nil {
				t.Fatal(err)
			}
			users = append(users, u.ID)
		}
		now := time.Now()
		a.Now = func() time.Time { return now }
		b.Now = func() time.Time { return now }
		tick := func() { now = now.Add(time.Second) }

		tok, err := a.HoldUpload(ctx, users[0], "案例.yaml", `{"year":2024}`, 7)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := b.TakeUpload(ctx, users[1], tok); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("another user took the upload: %v", err)
		}
		name, js, replace, err := b.TakeUpload(ctx, users[0], tok)
		if err != nil || name != "案例.yaml" || js != `{"year":2024}` || replace != 7 {
			t.Errorf("taken: %q %q %d %v", name, js, replace, err)
		}
		if _, _, _, err := a.TakeUpload(ctx, users[0], tok); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("taken twice: %v", err)
		}

		// Per user: the newest two stay.
		var toks []string
		for range 5 {
			tick()
			tok, err := a.HoldUpload(ctx, users[0], "x", "{}", 0)
			if err != nil {
				t.Fatal(err)
			}
			toks = append(toks, tok)
		}
		if _, _, _, err := b.TakeUpload(ctx, users[0], toks[2]); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("an old upload was kept: %v", err)
		}
		if _, _, _, err := b.TakeUpload(ctx, users[0], toks[3]); err != nil {
			t.Errorf("a recent upload was dropped: %v", err)
		}
		// In all: at most 64.
		for _, u := range users {
			tick()
			if _, err := a.HoldUpload(ctx, u, "x", "{}", 0); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		a.SQL().QueryRow("SELECT count(*) FROM pending_uploads").Scan(&n)
		if n != 64 {
			t.Errorf("%d uploads pending in all, want 64", n)
		}
		// Expired: not taken, and deleted.
		tick()
		tok, _ = a.HoldUpload(ctx, users[5], "x", "{}", 0)
		now = now.Add(sqlstore.PendingKeep)
		if _, _, _, err := b.TakeUpload(ctx, users[5], tok); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("an expired upload was taken: %v", err)
		}
		if err := b.DeleteExpired(ctx); err != nil {
			t.Fatal(err)
		}
		a.SQL().QueryRow("SELECT count(*) FROM pending_uploads").Scan(&n)
		if n != 0 {
			t.Errorf("%d expired uploads left", n)
		}
	})
}
