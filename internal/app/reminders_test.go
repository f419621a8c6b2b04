package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// hookRecorder is a message hook that records what it is posted.
type hookRecorder struct {
	mu   sync.Mutex
	got  []app.HookMessage
	fail bool
}

func (h *hookRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	var m app.HookMessage
	if err := json.Unmarshal(body, &m); err != nil || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		http.Error(w, "bad", http.StatusBadRequest)
		return
	}
	h.got = append(h.got, m)
}

func (h *hookRecorder) messages() []app.HookMessage {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]app.HookMessage(nil), h.got...)
}

// TestRemindersSentOnce runs the reminders of one task on two servers at
// once (two stores on one database), then on a third after a "restart":
// each reminder is recorded and posted to the hook once. A due reminder
// goes to each department in the window; after the deadline an overdue
// one goes to each, and the escalation to the issuing bureau, whose
// reviewer reads it among their notices. A hook that fails is posted to
// again on a later run, once the claim has lapsed.
func TestRemindersSentOnce(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := func() *sqlstore.DB {
			db, err := sqlstore.OpenWith(ctx, dsn, sqlstore.Options{Create: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
		hook := &hookRecorder{}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		db1, db2 := open(), open()
		var now time.Time
		var nowMu sync.Mutex
		clock := func() time.Time { nowMu.Lock(); defer nowMu.Unlock(); return now }
		at := func(day string) {
			d := jixiao.MustDate(day)
			nowMu.Lock()
			now = time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, jixiao.TaskTimeZone)
			nowMu.Unlock()
		}
		newApp := func(db *sqlstore.DB) *app.App {
			db.Now = clock
			a := app.New(db)
			a.HookURL = srv.URL
			a.Logger = slog.New(slog.DiscardHandler)
			return a
		}
		a1, a2 := newApp(db1), newApp(db2)
		at("2026-03-01")

		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db1, sys}.org
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "石家庄市教育局", jixiao.OrgDepartment, city)
		road := org("D2", "石家庄市交通运输局", jixiao.OrgDepartment, city)
		rv, err := db1.CreateUser(ctx, sys, &jixiao.User{Username: "reviewer", Role: jixiao.RoleReviewer, OrgID: city}, "x")
		if err != nil {
			t.Fatal(err)
		}
		reviewer := jixiao.WithUser(ctx, rv)
		task := &jixiao.Task{Kind: jixiao.TaskMonitor, Title: "2026年上半年绩效运行监控", Deadline: jixiao.MustDate("2026-03-31"), RemindDays: 3,
			Assignees: []jixiao.TaskAssignee{{OrgID: edu}, {OrgID: road, Project: "农村公路养护"}}}
		if err := a1.IssueTask(reviewer, task); err != nil {
			t.Fatal(err)
		}

		failing := false
		both := func() int {
			t.Helper()
			var wg sync.WaitGroup
			ns := make([]int, 2)
			for i, a := range []*app.App{a1, a2} {
				wg.Go(func() {
					n, err := a.SendReminders(ctx)
					if err != nil && !failing {
						t.Error(err)
					}
					ns[i] = n
				})
			}
			wg.Wait()
			return ns[0] + ns[1]
		}
		if n := both(); n != 0 || len(hook.messages()) != 0 {
			t.Fatalf("before the window: %d reminders, %d posts", n, len(hook.messages()))
		}
		at("2026-03-28")
		if n := both(); n != 2 {
			t.Fatalf("in the window: %d reminders, want 2", n)
		}
		if n := both(); n != 0 {
			t.Fatalf("again in the window: %d reminders", n)
		}
		ms := hook.messages()
		if len(ms) != 2 || ms[0].Kind != jixiao.RemindDue || !strings.Contains(ms[0].Message, "还剩3天") || ms[0].Deadline != "2026-03-31" {
			t.Fatalf("posts in the window: %+v", ms)
		}

		// The deadline passes; the hook is down for the first run.
		at("2026-04-02")
		hook.mu.Lock()
		hook.fail = true
		hook.mu.Unlock()
		failing = true
		if n := both(); n != 4 {
			t.Fatalf("after the deadline: %d reminders, want 4", n)
		}
		hook.mu.Lock()
		hook.fail = false
		hook.mu.Unlock()
		failing = false
		if n := both(); n != 0 || len(hook.messages()) != 2 {
			t.Fatalf("within the claim: %d reminders, %d posts", n, len(hook.messages()))
		}

		// A restart: another server on the database, after the claims have
		// lapsed, posts the four once, records nothing new.
		nowMu.Lock()
		now = now.Add(10 * time.Minute)
		nowMu.Unlock()
		a3 := newApp(open())
		if n, err := a3.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("after a restart: %d reminders, %v", n, err)
		}
		if n := both(); n != 0 {
			t.Fatalf("after a restart, again: %d", n)
		}
		ms = hook.messages()
		kinds := map[string]int{}
		seen := map[int64]bool{}
		for _, m := range ms {
			if seen[m.Reminder] {
				t.Errorf("reminder %d posted twice", m.Reminder)
			}
			seen[m.Reminder] = true
			kinds[m.Kind]++
		}
		if len(ms) != 6 || kinds[jixiao.RemindDue] != 2 || kinds[jixiao.RemindOverdue] != 2 || kinds[jixiao.RemindEscalate] != 2 {
			t.Fatalf("posts: %v", kinds)
		}

		// The bureau's notices: the two escalations (and the departments'
		// reminders, which it sees too).
		ns, err := a1.Notices(reviewer)
		if err != nil {
			t.Fatal(err)
		}
		esc := 0
		for _, n := range ns {
			if n.Kind == jixiao.RemindEscalate {
				esc++
				if n.OrgID != city || !strings.Contains(n.Message, "已逾期2天") {
					t.Errorf("escalation %+v", n)
				}
			}
		}
		if esc != 2 {
			t.Errorf("%d escalations among the bureau's notices, want 2", esc)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "jixiao.db")) })
	if dsn := sqltest.PostgresDSN(t); dsn != "" {
		t.Run("postgres", func(t *testing.T) { run(t, sqltest.EmptyPostgres(t, dsn)) })
	}
}
