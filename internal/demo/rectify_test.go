package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
	"jixiao/internal/sqlstore"
)

// TestDemoRectifications: the bureau's reviewer sees the year before's
// rectification items carried into the reference year, one of them
// overdue, and one done.
func TestDemoRectifications(t *testing.T) {
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
	u, _, err := db.UserByName(ctx, "reviewer")
	if err != nil {
		t.Fatal(err)
	}
	year := d.Evaluations[0].Year
	y, err := app.New(db).Rectifications(jixiao.WithUser(ctx, u), year)
	if err != nil {
		t.Fatal(err)
	}
	if len(y.Carried) != 2 || y.Overdue != 1 || len(y.Earlier) != 1 || y.Earlier[0].Text() != "2023年度整改事项3项，已完成1项，尚未完成2项" {
		t.Errorf("%d: carried %d, overdue %d, earlier %+v", year, len(y.Carried), y.Overdue, y.Earlier)
	}
	// One department's, as its self-evaluation shows them; a department
	// user asking for another department's gets nothing.
	a := app.New(db)
	y, err = a.RectificationsOf(jixiao.WithUser(ctx, u), d.Departments[0].ID, year)
	if err != nil || len(y.Carried) != 1 || len(y.Earlier) != 1 || y.Earlier[0].Text() != "2023年度整改事项2项，已完成1项，尚未完成1项" {
		t.Errorf("the reference department's: %+v %v", y, err)
	}
	p, _, err := db.UserByName(ctx, "preparer")
	if err != nil {
		t.Fatal(err)
	}
	y, err = a.RectificationsOf(jixiao.WithUser(ctx, p), d.Departments[1].ID, year)
	if err != nil || len(y.Carried) != 0 || len(y.Earlier) != 0 {
		t.Errorf("another department's, to the preparer: %+v %v", y, err)
	}
}
