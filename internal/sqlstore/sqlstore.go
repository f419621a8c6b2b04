// Package sqlstore persists jixiao's data with database/sql: SQLite
// (modernc.org/sqlite, one file in WAL mode) by default, PostgreSQL (pgx)
// when given a postgres:// DSN. The same SQL runs on both; the migrations
// are per dialect (goose, embedded, same numbering).
//
// Money is stored as integers in millionths of the stated unit; other
// decimals as their exact text. Every public method that writes owns its
// transaction, checks the version of what it changes (a stale version is a
// conflict, never a lost update), and records the change in the audit log
// in the same transaction.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"jixiao"
)

//go:embed migrations
var migrations embed.FS

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is the store.
type DB struct {
	db      *sql.DB
	dialect string
	path    string // the SQLite file
	// writes serialises this process's write transactions on SQLite, which
	// allows one writer at a time: writers queue here in order instead of
	// polling the file lock with growing sleeps. Other processes (a CLI
	// import beside the server) still wait through busy_timeout.
	writes sync.Mutex
	notice func(string) // Options.Notice
	// sessions remembers what each live session holds in the database,
	// so that an unchanged session is not written back (session.go).
	sessions sessionMemo
	// replica, when attached, serves the reads of requests marked for it
	// (replica.go).
	replica *replica
	// reads counts the statements of reads when set (CountReads).
	reads atomic.Pointer[atomic.Int64]
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (creating if need be) the database dsn — a SQLite file path or
// a postgres:// URL — and brings its schema up to date. It is
// OpenWith(ctx, dsn, Options{Create: true}): for tests and the demo;
// commands that must not create a database by mistake use OpenWith.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWith(ctx, dsn, Options{Create: true})
}

func (s *DB) migrate(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	have, err := s.refuseNewer(ctx)
	if err != nil {
		return err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if n := len(res); n > 0 && have > 0 {
		s.notice(fmt.Sprintf("已将数据库结构从版本 %d 升级到 %d", have, res[n-1].Source.Version))
	}
	return nil
}

// Close closes the database.
func (s *DB) Close() error {
	if s.replica != nil {
		s.replica.close()
	}
	return s.db.Close()
}

// Dialect is SQLite or Postgres.
func (s *DB) Dialect() string { return s.dialect }

// SQL exposes the database for tests and maintenance commands.
func (s *DB) SQL() *sql.DB { return s.db }

// tx runs fn in a transaction, committed when fn returns nil.
func (s *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	unlock := s.lockWrites()
	defer unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.wrote(ctx)
	return nil
}

// lockWrites takes the SQLite write lock of this process (nothing on
// PostgreSQL) and returns its release.
func (s *DB) lockWrites() func() {
	if s.dialect != SQLite {
		return func() {}
	}
	s.writes.Lock()
	return s.writes.Unlock
}

// exec runs one writing statement outside a transaction.
func (s *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer s.lockWrites()()
	res, err := s.db.ExecContext(ctx, query, args...)
	if err == nil {
		s.wrote(ctx)
	}
	return res, err
}

func (s *DB) millis() int64 { return s.Now().UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms) }

// querier is what reads need: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// insert inserts a row and returns its id.
func insert(ctx context.Context, q querier, table string, cols []string, vals []any) (int64, error) {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	var id int64
	err := q.QueryRowContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) RETURNING id", table, strings.Join(cols, ", "), strings.Join(ph, ", ")), vals...).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert %s: %w", table, err)
	}
	return id, nil
}

// insertNoID inserts a row of a table without an id column.
func insertNoID(ctx context.Context, q querier, table string, cols []string, vals []any) error {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	if _, err := q.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "), strings.Join(ph, ", ")), vals...); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	return nil
}

// setClause writes "a = $1, b = $2" for cols, numbering from 1.
func setClause(cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s = $%d", c, i+1)
	}
	return strings.Join(parts, ", ")
}

// Money: millionths of the stated unit.

func toMicro(d *decimal.Decimal) *int64 {
	if d == nil {
		return nil
	}
	v := d.Shift(jixiao.AmountPlaces).Round(0).IntPart()
	return &v
}

func fromMicro(v *int64) *decimal.Decimal {
	if v == nil {
		return nil
	}
	d := decimal.New(*v, -jixiao.AmountPlaces)
	d = decimal.RequireFromString(d.String()) // drop the trailing zeros
	return &d
}

// Decimals that are not money: exact text.

func decText(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	s := exactText(*d)
	return &s
}

func exactText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

func parseDec(s *string) (*decimal.Decimal, error) {
	if s == nil {
		return nil, nil
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return nil, fmt.Errorf("stored decimal %q: %w", *s, err)
	}
	return &d, nil
}

func figure(s string) jixiao.Figure {
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		return jixiao.Figure{Text: s} // stored as stated; it parsed when stored
	}
	return f
}

func intPtr(p *int) *int64 {
	if p == nil {
		return nil
	}
	v := int64(*p)
	return &v
}

func fromIntPtr(p *int64) *int {
	if p == nil {
		return nil
	}
	v := int(*p)
	return &v
}

// isUnique reports a unique-constraint violation on either engine.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// notFound maps sql.ErrNoRows to ENOTFOUND with message.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return jixiao.Errorf(jixiao.ENOTFOUND, format, args...)
	}
	return err
}

// conflict is the error of a stale version.
func conflict(what string) error {
	return jixiao.Errorf(jixiao.ECONFLICT, "%s已被他人修改，请刷新后重试（版本不一致）", what)
}
