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
// it, and drops it when the test ends. The database is a copy (CREATE
// DATABASE … TEMPLATE) of one that sqlstore.Open created and migrated
// once per test binary and server: the migrations, run for every test,
// took seconds of each PostgreSQL test on a loaded machine. Open on the
// copy finds its schema up to date.
func Postgres(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	tpl, err := postgresTemplate(dsn)
	if err != nil {
		t.Fatalf("migrated template database: %v", err)
	}
	db, err := sqlstore.Open(context.Background(), newPostgres(t, dsn, tpl))
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
	return newPostgres(t, dsn, "")
}

// templates are the migrated template databases of this test binary, by
// server DSN.
var templates = struct {
	sync.Mutex
	m       map[string]string
	keepers []*sql.Conn
}{m: map[string]string{}}

// postgresTemplate returns the name of this test binary's migrated
// database on the server of dsn, creating it on first use. Its name
// carries the server process id of a connection the binary keeps open
// until it exits (the keeper): a template whose keeper is gone belongs
// to a binary that has ended, and the next binary to create one drops
// it, so that templates do not pile up on a long-lived test server.
func postgresTemplate(dsn string) (string, error) {
	templates.Lock()
	defer templates.Unlock()
	if name, ok := templates.m[dsn]; ok {
		return name, nil
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	keeper, err := admin.Conn(ctx)
	if err != nil {
		admin.Close()
		return "", err
	}
	var pid int
	if err := keeper.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		admin.Close()
		return "", err
	}
	// Templates of ended binaries: their keepers are no longer connected.
	rows, err := keeper.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'jixiao\_tpl\_%'
		AND substr(datname, 12) NOT IN (SELECT pid::text FROM pg_stat_activity)`)
	if err != nil {
		admin.Close()
		return "", err
	}
	var stale []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			admin.Close()
			return "", err
		}
		stale = append(stale, n)
	}
	rows.Close()
	for _, n := range stale {
		// Another binary may be dropping it too.
		keeper.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
	}
	name := fmt.Sprintf("jixiao_tpl_%d", pid)
	if _, err := keeper.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		admin.Close()
		return "", err
	}
	u.Path = "/" + name
	db, err := sqlstore.Open(ctx, u.String())
	if err == nil {
		err = db.Close()
	}
	if err != nil {
		keeper.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close()
		return "", err
	}
	// The keeper and its pool stay open until the binary exits.
	templates.keepers = append(templates.keepers, keeper)
	templates.m[dsn] = name
	return name, nil
}

// newPostgres creates a new database on the server of dsn, empty or a
// copy of the database template, and returns its DSN; it is dropped when
// the test ends.
func newPostgres(t testing.TB, dsn, template string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("jixiao_t_%d", rand.Uint64()%1e12)
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.Exec(create); err != nil {
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
