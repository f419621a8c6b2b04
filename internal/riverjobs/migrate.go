package riverjobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Dialects, as the store names them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// RiverVersion is the version of River's schema that Migrate brings a
// database to. A newer River that needs a newer schema comes with a new
// migration of the store that calls Migrate again with its version.
const RiverVersion = 8

// jobResults keeps the progress of every job, the input file it was
// enqueued with (until it ends) and the result file of a finished one,
// where every server can read them; rows of jobs River no
// longer keeps are deleted by the cleaner. failed marks a job that River
// ended as cancelled because trying again could not help.
var jobResults = map[string]string{
	SQLite: `CREATE TABLE IF NOT EXISTS job_results (
  job_id BIGINT PRIMARY KEY,
  percent INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  failed INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0,
  data BLOB,
  input BLOB,
  updated_at BIGINT NOT NULL
)`,
	Postgres: `CREATE TABLE IF NOT EXISTS job_results (
  job_id BIGINT PRIMARY KEY,
  percent INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  failed INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0,
  data BYTEA,
  input BYTEA,
  updated_at BIGINT NOT NULL
)`,
}

// Migrate creates River's tables (up to RiverVersion) and the table of job
// progress and results, on the database db of dialect. The store runs it
// as one of its migrations, so that River's schema is versioned with
// jixiao's. River applies each of its versions in a transaction of its own
// (PostgreSQL cannot use an enum value in the transaction that added it)
// and records it, so that a migration interrupted half-way is taken up
// where it stopped.
func Migrate(ctx context.Context, db *sql.DB, dialect string) error {
	var err error
	switch dialect {
	case SQLite:
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riversqlite.New(db), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: RiverVersion})
		}
	case Postgres:
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riverdatabasesql.New(db), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: RiverVersion})
		}
	default:
		return fmt.Errorf("riverjobs: unknown dialect %q", dialect)
	}
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if _, err := db.ExecContext(ctx, jobResults[dialect]); err != nil {
		return fmt.Errorf("job_results: %w", err)
	}
	return nil
}
