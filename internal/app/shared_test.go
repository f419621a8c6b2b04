package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestTwoServersShareState: two applications on one database, as two
// servers: failed sign-ins made on both are counted together, a device
// token issued by one is known to the other, and an upload held by one is
// taken, once, by the other.
func TestTwoServersShareState(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		ctx := context.Background()
		var apps []*app.App
		var dbs []*sqlstore.DB
		for range 2 {
			db, err := sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			apps, dbs = append(apps, app.New(db)), append(dbs, db)
		}
		fast := auth.Params{Memory: 1024, Time: 1, Threads: 1}
		sys := &jixiao.User{Username: "fixture"}
		bureau, err := dbs[0].CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := dbs[0].CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "甲部门", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
		if err != nil {
			t.Fatal(err)
		}
		hash, _ := auth.Hash("tea-garden-under-moon", fast)
		zhang, err := dbs[0].CreateUser(ctx, sys, &jixiao.User{Username: "zhang", Role: jixiao.RolePreparer, OrgID: dept.ID}, hash)
		if err != nil {
			t.Fatal(err)
		}

		_, device, err := apps[0].Login(ctx, jixiao.LoginAttempt{Username: "zhang", Password: "tea-garden-under-moon", Remote: "192.0.2.1"})
		if err != nil || device == "" {
			t.Fatalf("sign-in: %q %v", device, err)
		}
		// Five failures are free; three on each server make six.
		for i := range 6 {
			_, _, err := apps[i%2].Login(ctx, jixiao.LoginAttempt{Username: "zhang", Password: "wrong password", Remote: "192.0.2.2"})
			if jixiao.ErrorCode(err) != jixiao.EUNAUTHORIZED {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		if _, _, err := apps[1].Login(ctx, jixiao.LoginAttempt{Username: "zhang", Password: "tea-garden-under-moon", Remote: "192.0.2.3"}); jixiao.ErrorCode(err) != jixiao.ETOOMANY {
			t.Errorf("after six failures on two servers: %v, want to wait", err)
		}
		// The browser the user signed in with on the first server is known
		// to the second.
		if _, _, err := apps[1].Login(ctx, jixiao.LoginAttempt{Username: "zhang", Password: "tea-garden-under-moon", Remote: "192.0.2.4", Device: device}); err != nil {
			t.Errorf("sign-in from a known browser on the other server: %v", err)
		}

		data, _ := examples.FS.ReadFile("project-clinic-2024.yaml")
		f, err := caseio.Parse("project-clinic-2024.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		asZhang := jixiao.WithUser(ctx, zhang)
		token, err := apps[0].HoldUpload(asZhang, &jixiao.PendingUpload{Name: "诊所.yaml", Evaluation: f.Evaluation, Replace: 3})
		if err != nil {
			t.Fatal(err)
		}
		p, err := apps[1].TakeUpload(asZhang, token)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(f.Evaluation)
		got, _ := json.Marshal(p.Evaluation)
		if p.Name != "诊所.yaml" || p.Replace != 3 || string(got) != string(want) {
			t.Errorf("taken: %q %d, case equal: %v", p.Name, p.Replace, string(got) == string(want))
		}
		if _, err := apps[0].TakeUpload(asZhang, token); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("taken twice: %v", err)
		}
		if _, err := apps[0].HoldUpload(ctx, &jixiao.PendingUpload{Name: "x", Evaluation: f.Evaluation}); jixiao.ErrorCode(err) != jixiao.EUNAUTHORIZED {
			t.Errorf("held without a user: %v", err)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "jixiao.db")) })
	if dsn := sqltest.PostgresDSN(t); dsn != "" {
		t.Run("postgres", func(t *testing.T) { run(t, sqltest.EmptyPostgres(t, dsn)) })
	}
}

// BenchmarkLogin measures a sign-in (good, then failed) with the
// throttles' strikes in the database, against the same in one process's
// memory, so that the cost of sharing them is measured. Passwords are
// hashed at the cheapest cost: what is left is the throttles' work.
func BenchmarkLogin(b *testing.B) {
	engines := map[string]func(b *testing.B) *sqlstore.DB{"sqlite": func(b *testing.B) *sqlstore.DB { return sqltest.SQLite(b) }}
	if dsn := sqltest.PostgresDSN(b); dsn != "" {
		engines["postgres"] = func(b *testing.B) *sqlstore.DB { return sqltest.Postgres(b, dsn) }
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		open, ok := engines[engine]
		if !ok {
			continue
		}
		for _, where := range []string{"database", "memory"} {
			b.Run(engine+"/"+where, func(b *testing.B) {
				ctx := context.Background()
				db := open(b)
				a := app.New(db)
				if where == "memory" {
					mem := &auth.MemoryStrikes{MaxKeys: 100_000}
					a.Accounts.Store, a.Addresses.Store, a.DeviceThrottle.Store = mem, mem, mem
				}
				sys := &jixiao.User{Username: "fixture"}
				bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
				if err != nil {
					b.Fatal(err)
				}
				hash, _ := auth.Hash("tea-garden-under-moon", auth.Params{Memory: 8, Time: 1, Threads: 1})
				if _, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "zhang", Role: jixiao.RoleAuditor, OrgID: bureau.ID}, hash); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					// A failure from a new address each time (never made to
					// wait), then a good sign-in that clears the user's count.
					remote := fmt.Sprintf("198.51.%d.%d", i/250%250, i%250)
					if err := a.LoginGate(ctx, remote, ""); err != nil {
						b.Fatal(err)
					}
					if _, _, err := a.Login(ctx, jixiao.LoginAttempt{Username: "zhang", Password: "wrong password", Remote: remote}); jixiao.ErrorCode(err) != jixiao.EUNAUTHORIZED {
						b.Fatal(err)
					}
					if _, _, err := a.Login(ctx, jixiao.LoginAttempt{Username: "zhang", Password: "tea-garden-under-moon", Remote: remote}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
