package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
	"jixiao/internal/monitoring"
	"jixiao/internal/sqlstore"
)

// TestDemoTasks: the demo's reference department has open tasks, one due
// within its reminder window and one overdue.
func TestDemoTasks(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, err := demo.Load(ctx, db, demo.Options{Hash: auth.Params{Memory: 1024, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := db.Tasks(ctx, sqlstore.TaskFilter{OrgIDs: []int64{d.Departments[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	today := jixiao.TaskDay(db.Now())
	var open, due, overdue int
	for _, task := range ts {
		for i := range task.Assignees {
			a := &task.Assignees[i]
			if a.Open() {
				open++
			}
			if task.Overdue(a, today) {
				overdue++
			} else if a.Open() && task.DueSoon(today) {
				due++
			}
		}
	}
	if open != 3 || due != 1 || overdue != 1 {
		t.Errorf("reference department: %d open, %d due soon, %d overdue; want 3, 1, 1", open, due, overdue)
	}
}

// TestDemoMonitoring: the demo has a monitoring round in progress, one
// department yet to fill it in, one with warnings pending and one
// disposition, one with its warnings overdue.
func TestDemoMonitoring(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Load(ctx, db, demo.Options{Hash: auth.Params{Memory: 1024, Time: 1, Threads: 1}}); err != nil {
		t.Fatal(err)
	}
	rs, err := db.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("rounds %d %v", len(rs), err)
	}
	r, err := db.MonitorRound(ctx, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := monitoring.BuiltinRules(r.Rules)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := monitoring.Calendar()
	cal, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	v := r.View(rules, cal, jixiao.TaskDay(db.Now()))
	if len(v.Entries) != 3 || v.Submitted != 2 || v.Red == 0 || v.Disposed != 1 || v.Pending == 0 || v.Overdue == 0 {
		t.Errorf("demo round: %d entries, %d submitted, %d red, %d disposed, %d pending, %d overdue", len(v.Entries), v.Submitted, v.Red, v.Disposed, v.Pending, v.Overdue)
	}
}
