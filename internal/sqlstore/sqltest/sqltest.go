// Package sqltest opens throwaway stores for tests: a SQLite file in the
// test's temporary directory, and a fresh database on the PostgreSQL
// server named by JIXIAO_TEST_POSTGRES_DSN.
package sqltest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"jixiao/internal/sqlstore"
	"jixiao/internal/testutil"
)

// EnvPostgres names the DSN of a PostgreSQL server for tests; each test
// gets its own database on it.
const EnvPostgres = "JIXIAO_TEST_POSTGRES_DSN"

// EnvPostgresReplica names the DSN of a streaming replica (a hot standby)
// of the server of EnvPostgres; .ci/postgres starts one.
const EnvPostgresReplica = "JIXIAO_TEST_POSTGRES_REPLICA_DSN"

// Each runs fn once per engine available, as a subtest named after it:
// SQLite always, PostgreSQL when JIXIAO_TEST_POSTGRES_DSN is set (and
// it must be set under JIXIAO_REQUIRE_TOOLS=1).
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	dsn := PostgresDSN(t)
	if dsn == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, dsn)) })
}

// PostgresDSN returns the test server's DSN, or "" when there is none
// (a failure under JIXIAO_REQUIRE_TOOLS=1).
func PostgresDSN(t testing.TB) string {
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" && os.Getenv(testutil.EnvRequireTools) == "1" {
		t.Fatalf("%s is not set, and %s=1 requires PostgreSQL (.ci/run starts it with .ci/postgres)", EnvPostgres, testutil.EnvRequireTools)
	}
	return dsn
}

// SQLite opens a store on a new file, closed when the test ends. The file
// starts as a copy of a database that sqlstore.Open created and migrated
// once per test binary (the migrations, run for every test, were most of
// a small test's time under the race detector); Open on the copy finds
// its schema up to date.
func SQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	image, err := migrated()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "jixiao.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// migrated returns the bytes of a new SQLite store, created and migrated
// by sqlstore.Open, its write-ahead log moved into the file; it is made
// once per test binary, in a temporary directory removed at once.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "jixiao-sqltest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "jixiao.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := db.Checkpoint(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
})

// Postgres creates a new database on the server of dsn, opens a store on
// it, and drops it when the test ends.
func Postgres(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), EmptyPostgres(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// EmptyPostgres creates a new, empty database on the server of dsn and
// returns its DSN; it is dropped when the test ends (after the test's
// other clean-ups, which close what uses it).
func EmptyPostgres(t testing.TB, dsn string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("jixiao_t_%d", rand.Uint64()%1e12)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, _ := url.Parse(dsn)
	u.Path = "/" + name
	return u.String()
}

// ReplicaDSN returns the test replica's DSN, or "" when there is none
// (a failure under JIXIAO_REQUIRE_TOOLS=1).
func ReplicaDSN(t testing.TB) string {
	dsn := os.Getenv(EnvPostgresReplica)
	if dsn == "" && os.Getenv(testutil.EnvRequireTools) == "1" {
		t.Fatalf("%s is not set, and %s=1 requires a PostgreSQL replica (.ci/run starts it with .ci/postgres)", EnvPostgresReplica, testutil.EnvRequireTools)
	}
	return dsn
}

// ReplicaOf returns the DSN of db's database on the replica replica (the
// replica's DSN naming another database of the same server).
func ReplicaOf(t testing.TB, db *sqlstore.DB, replica string) string {
	t.Helper()
	var name string
	if err := db.SQL().QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(replica)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
