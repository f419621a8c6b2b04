package demo_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/synth"
)

// TestLoadProvince: a small generated province is stored whole on each
// database (every unit's evaluation of every year, with its projects and
// indicators), and its finance department's roll-up counts every unit
// once per city.
func TestLoadProvince(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		z := synth.ProvinceSize{Units: 23, Projects: 46, Indicators: 460, Years: 2}
		p, err := demo.LoadProvince(ctx, db, z, demo.ProvinceOptions{Hash: auth.Params{Memory: 1024, Time: 1, Threads: 1}, Batch: 10, PreparerUnits: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Cities) != 1 || len(p.Counties) != 3 || len(p.Units) != 23 || len(p.Preparers) != 5 || p.PreparerUnit[4] != 8 || len(p.Years) != 2 {
			t.Fatalf("%d cities, %d counties, %d units, %d preparers, years %v", len(p.Cities), len(p.Counties), len(p.Units), len(p.Preparers), p.Years)
		}
		for _, y := range p.Years {
			if len(p.Evaluations[y]) != 23 {
				t.Errorf("%d: %d evaluations", y, len(p.Evaluations[y]))
			}
		}
		ev, info, err := db.LoadEvaluation(ctx, p.Evaluations[2024][22])
		if err != nil {
			t.Fatal(err)
		}
		if info.OrgID != p.Units[22].ID || len(ev.Projects) != 2 || len(ev.Projects[1].Indicators) != 10 {
			t.Errorf("the last unit's evaluation: organisation %d (want %d), %d projects", info.OrgID, p.Units[22].ID, len(ev.Projects))
		}
		a := app.New(db)
		r, err := a.Rollup(jixiao.WithUser(ctx, p.Reviewer), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r.Org == nil || r.Org.ID != p.Root.ID || len(r.Rows) != 1 || r.Rows[0].Units != 23 || r.Total.Evaluations != 23 || r.Year != 2024 ||
			r.Total.ByStatus[jixiao.StatusDraft] != 6 || r.Total.Scored != 23 {
			t.Errorf("province roll-up: %+v, total %+v", r.Org, r.Total)
		}
	})
}
