package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
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
