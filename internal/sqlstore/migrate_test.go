package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"jixiao"
	"jixiao/internal/testutil"
)

// TestMigrationKeepsIDsAndScopesHistory starts from a database of schema
// version 1 in which the newest evaluation and the newest indicator were
// deleted (so that version 1 would give their ids again), migrates it, and
// checks that no id is given again, that the history is kept and carries
// its organisation, and that the rebuilt tables keep their references,
// indexes and append-only audit log.
func TestMigrationKeepsIDsAndScopesHistory(t *testing.T) {
	engines := map[string]string{SQLite: filepath.Join(t.TempDir(), "v1.db")}
	if dsn := os.Getenv("JIXIAO_TEST_POSTGRES_DSN"); dsn != "" {
		engines[Postgres] = emptyPostgres(t, dsn)
	} else if os.Getenv(testutil.EnvRequireTools) == "1" {
		t.Fatal("JIXIAO_TEST_POSTGRES_DSN is not set")
	}
	for dialect, dsn := range engines {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			ids := version1(t, dialect, dsn)
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			actor := &jixiao.User{Username: "测试"}
			in, err := s.CreateIndicator(ctx, actor, ids.eval, jixiao.Owner{}, &jixiao.Indicator{Name: "新指标"})
			if err != nil {
				t.Fatal(err)
			}
			if in.ID <= ids.deletedIndicator {
				t.Errorf("new indicator got id %d; deleted indicator had %d", in.ID, ids.deletedIndicator)
			}
			var evalID int64
			if err := s.db.QueryRowContext(ctx, `INSERT INTO evaluations (org_id, year, subject, org_name, created_at, updated_at)
				VALUES ($1, 2025, 'department', '乙', 0, 0) RETURNING id`, ids.d2).Scan(&evalID); err != nil {
				t.Fatal(err)
			}
			if evalID <= ids.deletedEval {
				t.Errorf("new evaluation got id %d; deleted evaluation had %d", evalID, ids.deletedEval)
			}
			// The history of the deleted evaluation belongs to its
			// organisation; that of the living one to its own.
			orgOf := map[string]*int64{}
			rows, err := s.db.QueryContext(ctx, "SELECT action || ':' || entity || ':' || coalesce(evaluation_id, 0), org_id FROM audit_log")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var k string
				var org *int64
				if err := rows.Scan(&k, &org); err != nil {
					t.Fatal(err)
				}
				orgOf[k] = org
			}
			rows.Close()
			check := func(key string, want int64) {
				t.Helper()
				got := orgOf[key]
				if (want == 0) != (got == nil) || (got != nil && *got != want) {
					t.Errorf("%s: org %v, want %d", key, got, want)
				}
			}
			check("import:evaluation:"+itoa(ids.eval), ids.d1)
			check("delete:indicator:"+itoa(ids.eval), ids.d1)
			check("create:org:0", ids.d1)
			// The deleted evaluation's organisation is no longer known from
			// the evaluations table: its entries stay without one (seen by
			// administrators and auditors only).
			check("delete:evaluation:"+itoa(ids.deletedEval), 0)
			if _, err := s.db.ExecContext(ctx, "UPDATE audit_log SET action = 'x'"); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("audit log accepts updates after the migration: %v", err)
			}
			// References still hold: an indicator of no evaluation is refused.
			if _, err := s.db.ExecContext(ctx, "INSERT INTO indicators (evaluation_id, seq, name, updated_at) VALUES (999999, 0, 'x', 0)"); err == nil {
				t.Error("foreign keys are off after the migration")
			}
			if dialect == SQLite {
				var n int
				s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%id INTEGER PRIMARY KEY,%'").Scan(&n)
				if n != 0 {
					t.Errorf("%d tables still reuse ids", n)
				}
				s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'indicators_evaluation'").Scan(&n)
				if n != 1 {
					t.Error("index lost in the rebuild")
				}
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

type v1IDs struct {
	d1, d2, eval, deletedEval, deletedIndicator int64
}

// version1 makes a database of schema version 1 at dsn, as jixiao before
// this migration left it: records deleted, their history in the log.
func version1(t *testing.T, dialect, dsn string) v1IDs {
	t.Helper()
	ctx := context.Background()
	driver, gd := "sqlite", goose.DialectSQLite3
	if dialect == Postgres {
		driver, gd = "pgx", goose.DialectPostgres
	} else {
		dsn = "file:" + dsn + "?_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir, _ := fs.Sub(migrations, "migrations/"+dialect)
	p, err := goose.NewProvider(gd, db, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	var ids v1IDs
	one := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	log := func(action, entity string, entityID, evalID int64) {
		t.Helper()
		var e *int64
		if evalID != 0 {
			e = &evalID
		}
		exec("INSERT INTO audit_log (at, username, action, entity, entity_id, evaluation_id) VALUES (0, '测试', $1, $2, $3, $4)", action, entity, entityID, e)
	}
	b := one("INSERT INTO orgs (code, name, kind, created_at, updated_at) VALUES ('B', '财政局', 'bureau', 0, 0) RETURNING id")
	ids.d1 = one("INSERT INTO orgs (code, name, kind, parent_id, created_at, updated_at) VALUES ('D1', '甲', 'department', $1, 0, 0) RETURNING id", b)
	ids.d2 = one("INSERT INTO orgs (code, name, kind, parent_id, created_at, updated_at) VALUES ('D2', '乙', 'department', $1, 0, 0) RETURNING id", b)
	log("create", "org", ids.d1, 0)
	ids.eval = one("INSERT INTO evaluations (org_id, year, subject, org_name, created_at, updated_at) VALUES ($1, 2024, 'department', '甲', 0, 0) RETURNING id", ids.d1)
	log("import", "evaluation", ids.eval, ids.eval)
	one("INSERT INTO indicators (evaluation_id, seq, name, updated_at) VALUES ($1, 0, '保留', 0) RETURNING id", ids.eval)
	ids.deletedIndicator = one("INSERT INTO indicators (evaluation_id, seq, name, updated_at) VALUES ($1, 1, '已删', 0) RETURNING id", ids.eval)
	log("delete", "indicator", ids.deletedIndicator, ids.eval)
	exec("DELETE FROM indicators WHERE id = $1", ids.deletedIndicator)
	ids.deletedEval = one("INSERT INTO evaluations (org_id, year, subject, org_name, created_at, updated_at) VALUES ($1, 2024, 'department', '乙', 0, 0) RETURNING id", ids.d2)
	log("import", "evaluation", ids.deletedEval, ids.deletedEval)
	log("delete", "evaluation", ids.deletedEval, ids.deletedEval)
	exec("DELETE FROM evaluations WHERE id = $1", ids.deletedEval)
	return ids
}

// emptyPostgres is sqltest.EmptyPostgres (which this package's own tests
// cannot import).
func emptyPostgres(t *testing.T, dsn string) string {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("jixiao_t_%d", rand.Uint64()%1e12)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, _ := url.Parse(dsn)
	u.Path = "/" + name
	return u.String()
}
