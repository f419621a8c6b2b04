package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// These tests run against a real streaming replica (.ci/postgres starts a
// hot standby with pg_basebackup -R): its replay is paused to tell which
// database served a read, since only the primary then has the latest write.

// logBuffer collects a logger's lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// replicaFixture is a fixture on PostgreSQL whose store reads from the
// replica at replicaDSN (the test replica when ""), and the log of the
// replica's changes of state.
func replicaFixture(t *testing.T, replicaDSN string, o sqlstore.ReplicaOptions) (*fixture, *logBuffer) {
	t.Helper()
	if sqltest.PostgresDSN(t) == "" {
		t.Skip("no PostgreSQL server (JIXIAO_TEST_POSTGRES_DSN)")
	}
	if replicaDSN == "" && sqltest.ReplicaDSN(t) == "" {
		t.Skip("no streaming replica of the PostgreSQL server (JIXIAO_TEST_POSTGRES_REPLICA_DSN)")
	}
	f := newFixture(t, true)
	if replicaDSN == "" {
		replicaDSN = sqltest.ReplicaOf(t, f.db, sqltest.ReplicaDSN(t))
	}
	logs := &logBuffer{}
	o.Logger = slog.New(slog.NewTextHandler(logs, nil))
	if err := f.db.AttachReplica(context.Background(), replicaDSN, o); err != nil {
		t.Fatal(err)
	}
	return f, logs
}

// replicaAdmin connects to the test replica's server.
func replicaAdmin(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", sqltest.ReplicaDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// caughtUp waits until the replica serves reads that must see everything
// the primary has written so far.
func caughtUp(t *testing.T, f *fixture) {
	t.Helper()
	var lsn string
	if err := f.db.SQL().QueryRow("SELECT pg_current_wal_lsn()::text").Scan(&lsn); err != nil {
		t.Fatal(err)
	}
	ctx := jixiao.WithReads(context.Background(), jixiao.NewReads(true, lsn))
	eventually(t, "the replica to catch up with the primary", func() bool { return f.db.OnReplica(ctx) })
}

// eventually polls cond until it holds, failing the test after 30 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pauseReplay stops the replica replaying the primary's log until the
// test ends or resume is called.
func pauseReplay(t *testing.T, admin *sql.DB) (resume func()) {
	t.Helper()
	if _, err := admin.Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	resume = func() {
		if _, err := admin.Exec("SELECT pg_wal_replay_resume()"); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(func() { admin.Exec("SELECT pg_wal_replay_resume()") })
	return resume
}

// browser signs user in with a session cookie and returns a function
// sending requests in that session.
func (f *fixture) browser(user string) func(method, path string, body any) response {
	f.t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	send := func(method, path string, body any) response {
		f.t.Helper()
		var rd *bytes.Reader
		if body != nil {
			data, _ := json.Marshal(body)
			rd = bytes.NewReader(data)
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequest(method, f.srv.URL+path, rd)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			f.t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		return response{resp.StatusCode, buf.Bytes()}
	}
	if r := send("POST", "/api/v1/login", map[string]string{"username": user, "password": password}); r.Status != 200 {
		f.t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	return send
}

// saveCause sets the cause of D1's first indicator to text, as the
// preparer, in a browser session (send) or by API token (send nil).
func (f *fixture) saveCause(send func(method, path string, body any) response, text string) {
	f.t.Helper()
	id := f.recs["D1"].indicator
	in := f.getIndicator("preparer", id)
	v, _ := json.Marshal(text)
	body := map[string]json.RawMessage{}
	for k, x := range in.Indicator {
		body[k] = x
	}
	body["cause"] = v
	req := map[string]any{"version": in.Version, "indicator": body}
	var r response
	if send != nil {
		r = send("PUT", fmt.Sprintf("/api/v1/indicators/%d", id), req)
	} else {
		r = f.do("preparer", "PUT", fmt.Sprintf("/api/v1/indicators/%d", id), req)
	}
	if r.Status != 200 {
		f.t.Fatalf("save cause: %d %s", r.Status, r.Body)
	}
}

// caseHas reports whether D1's case, read by r, contains text.
func (f *fixture) caseHas(r response, text string) bool {
	f.t.Helper()
	if r.Status != 200 {
		f.t.Fatalf("GET case: %d %s", r.Status, r.Body)
	}
	var s string
	want, _ := json.Marshal(text)
	s = string(r.Body)
	return strings.Contains(s, string(want))
}

func (f *fixture) casePath() string {
	return fmt.Sprintf("/api/v1/evaluations/%d/case", f.evals["D1"].ID)
}

// TestReadReplica: with the replica's replay paused, the writer reads its
// write at once (from the primary), in a browser session and by API token,
// while another user's reads of the same case are served by the replica
// and show the value before the write until replay resumes.
func TestReadReplica(t *testing.T) {
	f, logs := replicaFixture(t, "", sqlstore.ReplicaOptions{MaxLag: 10 * time.Minute, Interval: 20 * time.Millisecond})
	admin := replicaAdmin(t)
	caughtUp(t, f)
	resume := pauseReplay(t, admin)

	writer := f.browser("preparer")
	f.saveCause(writer, "副本测试：第一次写入")
	if !f.caseHas(writer("GET", f.casePath(), nil), "副本测试：第一次写入") {
		t.Error("the writer's session does not read its own write")
	}
	if f.caseHas(f.do("reviewer", "GET", f.casePath(), nil), "副本测试：第一次写入") {
		t.Error("another user's read shows the write while the replica's replay is paused: not served by the replica")
	}
	if r := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", f.evals["D1"].ID), nil); r.Status != 200 {
		t.Errorf("scorecard from the replica: %d %s", r.Status, r.Body)
	}
	// Reads that are not marked read-only go to the primary.
	if in := f.getIndicator("reviewer", f.recs["D1"].indicator); !strings.Contains(string(in.Indicator["cause"]), "第一次写入") {
		t.Errorf("indicator read from the primary: %s", in.Indicator["cause"])
	}

	// By API token (no session): the same, kept by the server.
	f.saveCause(nil, "副本测试：第二次写入")
	if !f.caseHas(f.do("preparer", "GET", f.casePath(), nil), "副本测试：第二次写入") {
		t.Error("the writer's token does not read its own write")
	}
	if f.caseHas(f.do("auditor", "GET", f.casePath(), nil), "副本测试：第二次写入") {
		t.Error("the auditor's read shows the write while replay is paused")
	}

	resume()
	eventually(t, "another user to see the write once replay resumes", func() bool {
		return f.caseHas(f.do("reviewer", "GET", f.casePath(), nil), "副本测试：第二次写入")
	})
	// (It may have been reported unavailable at first: the fixture's new
	// database reaches the replica a moment after it is made.)
	if strings.Contains(logs.String(), "lagging") {
		t.Errorf("replica reported lagging:\n%s", logs)
	}
}

// TestReadReplicaLagging: a replica that falls further behind than
// MaxLag (replay paused) stops serving; reads go to the primary and the
// change is logged.
func TestReadReplicaLagging(t *testing.T) {
	f, logs := replicaFixture(t, "", sqlstore.ReplicaOptions{MaxLag: 300 * time.Millisecond, Interval: 20 * time.Millisecond})
	admin := replicaAdmin(t)
	caughtUp(t, f)
	pauseReplay(t, admin)
	f.saveCause(nil, "副本测试：落后")
	eventually(t, "reads to go to the primary when the replica lags", func() bool {
		return f.caseHas(f.do("reviewer", "GET", f.casePath(), nil), "副本测试：落后")
	})
	if !strings.Contains(logs.String(), "read replica lagging beyond the bound") {
		t.Errorf("lag not logged:\n%s", logs)
	}
}

// TestReadReplicaDown: with the replica unreachable, every read is served
// by the primary, and that is logged.
func TestReadReplicaDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	f, logs := replicaFixture(t, "postgres://jixiao@"+addr+"/jixiao?sslmode=disable&connect_timeout=2", sqlstore.ReplicaOptions{Interval: 20 * time.Millisecond})
	if r := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", f.evals["D1"].ID), nil); r.Status != 200 {
		t.Errorf("scorecard with the replica down: %d %s", r.Status, r.Body)
	}
	f.saveCause(nil, "副本测试：副本不可用")
	if !f.caseHas(f.do("reviewer", "GET", f.casePath(), nil), "副本测试：副本不可用") {
		t.Error("read with the replica down does not show the primary's data")
	}
	if r := f.do("reviewer", "GET", "/api/v1/summaries", nil); r.Status != 200 {
		t.Errorf("summaries with the replica down: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(logs.String(), "read replica unavailable; reads go to the primary") {
		t.Errorf("replica down not logged:\n%s", logs)
	}
}
