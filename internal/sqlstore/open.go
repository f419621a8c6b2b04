package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/pressly/goose/v3"
	sqlite "modernc.org/sqlite"

	"jixiao"
	"jixiao/internal/riverjobs"
)

// ApplicationID marks a SQLite file as a jixiao database (its PRAGMA
// application_id, "JXAO"). Files without it are recognised by their tables
// and marked when opened for writing.
const ApplicationID = 0x4a58414f

// jixiaoTables are the tables whose presence makes an unmarked database a
// jixiao database.
var jixiaoTables = []string{"goose_db_version", "orgs", "users", "evaluations"}

// Options say how OpenWith opens a database.
type Options struct {
	// Create makes the database when there is none: a new SQLite file
	// (mode 0600, its new directories 0750), an empty SQLite file, or
	// jixiao's tables in an empty PostgreSQL database. Without it a
	// missing or empty database is refused.
	Create bool
	// ReadOnly (SQLite) opens the file without changing it: no migration,
	// no mark, no change of mode. A schema older than this program's is
	// read as it is.
	ReadOnly bool
	// Verify (SQLite) runs the full integrity check before anything is
	// written or migrated; a damaged file is refused.
	Verify bool
	// Exclusive (SQLite) refuses a database that another program (a
	// running server) has open, and keeps it from every other program
	// until Close. The schema is not migrated.
	Exclusive bool
	// Notice, when set, is told in Chinese of what opening changed besides
	// the data: a file created, a mode tightened, the schema upgraded.
	Notice func(string)
}

// OpenWith opens the database dsn — a SQLite file path or a postgres://
// URL — as o says. A database that is not jixiao's (another program's
// SQLite file, a file that is not SQLite, a PostgreSQL database with other
// tables) is refused with nothing written to it, and so is one whose schema
// is newer than this program knows. Unless o says otherwise, the schema is
// brought up to date.
func OpenWith(ctx context.Context, dsn string, o Options) (*DB, error) {
	s := &DB{Now: time.Now, notice: o.Notice}
	if s.notice == nil {
		s.notice = func(string) {}
	}
	if IsPostgres(dsn) {
		if err := s.openPostgres(ctx, dsn, o.Create); err != nil {
			return nil, err
		}
	} else if err := s.openSQLite(ctx, dsn, o); err != nil {
		return nil, err
	}
	if o.ReadOnly || o.Exclusive {
		if _, err := s.refuseNewer(ctx); err != nil {
			s.db.Close()
			return nil, err
		}
		return s, nil
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func (s *DB) openPostgres(ctx context.Context, dsn string, create bool) error {
	s.dialect = Postgres
	var err error
	if s.db, err = sql.Open("pgx", dsn); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "PostgreSQL 数据库地址有误：%v", err)
	}
	s.db.SetMaxOpenConns(20)
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return jixiao.Errorf(jixiao.EINVALID, "无法连接数据库：%v", err)
	}
	var total, ours int
	err = s.db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN table_name IN ($1, $2, $3, $4) THEN 1 ELSE 0 END), 0)
		FROM information_schema.tables WHERE table_schema = current_schema()`,
		jixiaoTables[0], jixiaoTables[1], jixiaoTables[2], jixiaoTables[3]).Scan(&total, &ours)
	if err != nil {
		s.db.Close()
		return fmt.Errorf("inspect postgres: %w", err)
	}
	switch {
	case ours == len(jixiaoTables):
		return nil
	case total > ours:
		s.db.Close()
		return jixiao.Errorf(jixiao.EINVALID, "PostgreSQL 数据库中已有其他程序的数据表，它不是 jixiao 的数据库；请为 jixiao 新建一个空数据库")
	case !create:
		s.db.Close()
		return jixiao.Errorf(jixiao.ENOTFOUND, "PostgreSQL 数据库中还没有 jixiao 的数据表。如要在其中新建 jixiao 数据库，请加 --init")
	}
	s.notice("正在 PostgreSQL 数据库中建立 jixiao 的数据表")
	return nil
}

func (s *DB) openSQLite(ctx context.Context, path string, o Options) error {
	s.dialect, s.path = SQLite, path
	if err := prepareFile(path, o, s.notice); err != nil {
		return err
	}
	// Whose file this is, is found out on a read-only connection: opening
	// for writing (journal_mode) would already change a foreign file.
	mark, err := inspectSQLite(ctx, path, o)
	if err != nil {
		return err
	}
	// BEGIN IMMEDIATE (_txlock): a writer takes the lock at the start of its
	// transaction, so that concurrent writers wait (busy_timeout) instead
	// of failing when they upgrade a read lock.
	q := "?_pragma=busy_timeout(15000)&_pragma=foreign_keys(1)"
	switch {
	case o.ReadOnly:
		q += "&mode=ro"
	case o.Exclusive:
		// The lock mode comes before the first access of the file, and a
		// program that has it open is reported at once.
		q = "?_pragma=locking_mode(EXCLUSIVE)&_pragma=busy_timeout(1000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_txlock=immediate&mode=rw"
	default:
		q += "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		if !o.Create {
			q += "&mode=rw" // never let SQLite create the file
		}
	}
	if s.db, err = sql.Open("sqlite", "file:"+path+q); err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	s.db.SetMaxOpenConns(8)
	if o.Exclusive {
		s.db.SetMaxOpenConns(1) // the one connection holds the lock until Close
	}
	fail := func(err error) error {
		s.db.Close()
		return sqliteError(path, err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		return fail(err)
	}
	if o.Exclusive {
		// In exclusive locking mode the first write transaction takes the
		// file's exclusive lock, which any other open connection blocks.
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fail(err)
		}
		tx.Rollback()
	}
	if mark {
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return fail(err)
		}
	}
	return nil
}

// prepareFile checks the SQLite file at path before SQLite opens it: it
// exists (or is created, empty and 0600, under Create), is a file, starts
// like a SQLite database, and is not readable by others (tightened to 0600
// unless ReadOnly).
func prepareFile(path string, o Options, notice func(string)) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !o.Create || o.ReadOnly {
			return jixiao.Errorf(jixiao.ENOTFOUND, "数据库文件 %s 不存在，请检查路径。如要新建数据库，请加 --init（jixiao serve、import、org add、user add 均可）", path)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return jixiao.Errorf(jixiao.EINVALID, "无法创建数据库目录 %s：%v", dir, FileReason(err))
			}
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "无法新建数据库文件 %s：%v", path, FileReason(err))
		}
		if err := f.Close(); err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "无法新建数据库文件 %s：%v", path, FileReason(err))
		}
		notice(fmt.Sprintf("已新建数据库文件 %s（仅所有者可读写）", path))
		return nil
	case err != nil:
		return jixiao.Errorf(jixiao.EINVALID, "无法读取数据库文件 %s：%v", path, FileReason(err))
	case st.IsDir():
		return jixiao.Errorf(jixiao.EINVALID, "%s 是目录，不是数据库文件", path)
	}
	if !o.ReadOnly {
		if err := tighten(path, st, notice); err != nil {
			return err
		}
	}
	if st.Size() == 0 {
		if o.Create && !o.ReadOnly {
			return nil
		}
		return jixiao.Errorf(jixiao.EINVALID, "数据库文件 %s 是空文件，不是 jixiao 数据库。如要在此新建数据库，请加 --init", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法读取数据库文件 %s：%v", path, FileReason(err))
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "SQLite format 3\x00" {
		return jixiao.Errorf(jixiao.EINVALID, "%s 不是 SQLite 数据库文件，不是 jixiao 数据库", path)
	}
	return nil
}

// tighten makes a database file that others may read (and its WAL files)
// readable and writable by its owner alone, and says so once.
func tighten(path string, st fs.FileInfo, notice func(string)) error {
	if runtime.GOOS == "windows" || st.Mode().Perm()&0o077 == 0 {
		return nil // Windows has no such modes: access is by the directory's ACL
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path+suffix, 0o600); err != nil {
				return jixiao.Errorf(jixiao.EINVALID, "数据库文件 %s 其他用户也可读取，且无法改为仅所有者可读写：%v", path+suffix, FileReason(err))
			}
		}
	}
	notice(fmt.Sprintf("数据库文件 %s 原先其他用户也可读取（权限 %04o），已改为仅所有者可读写（0600）", path, st.Mode().Perm()))
	return nil
}

// inspectSQLite refuses a SQLite file that is not a jixiao database (and
// under Verify a damaged one), reading it only. It reports whether the
// file is to be marked with ApplicationID: a jixiao database of an earlier
// version, or a new one.
func inspectSQLite(ctx context.Context, path string, o Options) (mark bool, err error) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		return !o.ReadOnly, nil // new: prepareFile refused it unless Create
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(15000)")
	if err != nil {
		return false, fmt.Errorf("open sqlite: %w", err)
	}
	defer db.Close()
	if o.Verify {
		var res string
		if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
			return false, sqliteError(path, err)
		}
		if res != "ok" {
			return false, jixiao.Errorf(jixiao.EINVALID, "数据库文件 %s 已损坏（完整性检查未通过），不能使用", path)
		}
	}
	var app int64
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return false, sqliteError(path, err)
	}
	var total, ours int
	err = db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(name IN ($1, $2, $3, $4)), 0)
		FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`,
		jixiaoTables[0], jixiaoTables[1], jixiaoTables[2], jixiaoTables[3]).Scan(&total, &ours)
	if err != nil {
		return false, sqliteError(path, err)
	}
	switch {
	case app == ApplicationID:
		return false, nil // marked when created: ours even before its tables exist
	case app != 0:
		return false, jixiao.Errorf(jixiao.EINVALID, "%s 是其他程序的 SQLite 数据库（应用标识 %d），不是 jixiao 数据库", path, app)
	case ours == len(jixiaoTables):
	case total > ours:
		return false, jixiao.Errorf(jixiao.EINVALID, "%s 是其他程序的 SQLite 数据库（没有 jixiao 的数据表），不是 jixiao 数据库", path)
	case !o.Create || o.ReadOnly:
		return false, jixiao.Errorf(jixiao.EINVALID, "%s 中还没有 jixiao 的数据表。如要在此新建数据库，请加 --init", path)
	}
	return !o.ReadOnly, nil
}

// provider is goose's view of the migrations of this dialect.
func (s *DB) provider() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	// Step 9, in both dialects, is River's schema and the table of job
	// progress and results (see internal/riverjobs).
	dialect := s.dialect
	opts := []goose.ProviderOption{goose.WithGoMigrations(goose.NewGoMigration(9,
		&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error { return riverjobs.Migrate(ctx, db, dialect) }},
		&goose.GoFunc{RunDB: noDown}))}
	if s.dialect == Postgres {
		d = goose.DialectPostgres
	} else {
		// SQLite's step 2 is Go code (see migrate.go); PostgreSQL's is
		// 0002_audit_org.sql.
		opts = append(opts, goose.WithGoMigrations(goose.NewGoMigration(2, &goose.GoFunc{RunDB: sqliteNeverReuseIDs}, &goose.GoFunc{RunDB: noDown})))
	}
	p, err := goose.NewProvider(d, s.db, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// SchemaVersion returns the schema version of the database (0 before the
// first migration) and the newest this program knows.
func (s *DB) SchemaVersion(ctx context.Context) (have, known int64, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, 0, err
	}
	for _, src := range p.ListSources() {
		known = max(known, src.Version)
	}
	var exists int
	q := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'"
	if s.dialect == Postgres {
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'goose_db_version'"
	}
	if err := s.db.QueryRowContext(ctx, q).Scan(&exists); err != nil {
		return 0, known, s.fileError(err)
	}
	if exists == 0 {
		return 0, known, nil
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT max(version_id) FROM goose_db_version").Scan(&v); err != nil {
		return 0, known, s.fileError(err)
	}
	return v.Int64, known, nil
}

// refuseNewer refuses a database whose schema is newer than this program
// knows: it was written by a newer jixiao, and this one would misread it.
// It never migrates down. It returns the database's version.
func (s *DB) refuseNewer(ctx context.Context) (int64, error) {
	have, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if have > known {
		where := "数据库"
		if s.path != "" {
			where = "数据库 " + s.path + " "
		}
		return have, jixiao.Errorf(jixiao.EINVALID, "%s的结构版本为 %d，比本程序所支持的版本 %d 新（由更新版本的 jixiao 写入）。请升级 jixiao 后再使用，不要用旧版本打开", where, have, known)
	}
	return have, nil
}

// fileError turns what SQLite says of a file it cannot use into a message
// for people; other errors pass through.
func (s *DB) fileError(err error) error {
	if s.dialect != SQLite {
		return err
	}
	return sqliteError(s.path, err)
}

// sqliteError turns what SQLite says of the file at path into a message
// for people; other errors pass through.
func sqliteError(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		return jixiao.Errorf(jixiao.ECONFLICT, "数据库文件 %s 正在被其他程序使用（例如正在运行的 jixiao 服务器），请先停止它", path)
	case 11: // SQLITE_CORRUPT
		return jixiao.Errorf(jixiao.EINVALID, "数据库文件 %s 已损坏（完整性检查未通过），不能使用", path)
	case 26: // SQLITE_NOTADB
		return jixiao.Errorf(jixiao.EINVALID, "%s 不是 SQLite 数据库文件，不是 jixiao 数据库", path)
	case 14: // SQLITE_CANTOPEN
		return jixiao.Errorf(jixiao.EINVALID, "无法打开数据库文件 %s（请检查文件和所在目录的权限）", path)
	case 8: // SQLITE_READONLY
		return jixiao.Errorf(jixiao.EINVALID, "数据库文件 %s 只读，无法写入（请检查文件和所在目录的权限）", path)
	}
	return err
}

// FileReason is the reason of a file system error without Go's "op path:"
// prefix (a message that names the file itself shows the reason alone).
func FileReason(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// Summary is what a database holds, in a few numbers: enough for a person
// to tell two databases apart before replacing one with the other.
type Summary struct {
	Orgs, Users, Evaluations int
	// LastChange is the time of the newest entry of the audit log (every
	// change is logged); zero when nothing was ever changed.
	LastChange time.Time
	// Version is the schema version.
	Version int64
}

// Summary counts the organisations, users and evaluations and finds the
// time of the latest change.
func (s *DB) Summary(ctx context.Context) (*Summary, error) {
	var sum Summary
	var last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orgs), (SELECT count(*) FROM users),
		(SELECT count(*) FROM evaluations), (SELECT max(at) FROM audit_log)`).Scan(&sum.Orgs, &sum.Users, &sum.Evaluations, &last)
	if err != nil {
		return nil, s.fileError(err)
	}
	if last.Valid {
		sum.LastChange = fromMillis(last.Int64)
	}
	if sum.Version, _, err = s.SchemaVersion(ctx); err != nil {
		return nil, err
	}
	return &sum, nil
}

// Checkpoint (SQLite) moves everything in the write-ahead log into the
// database file and empties the log, so that the file alone holds all the
// data. It fails when another program keeps the log busy.
func (s *DB) Checkpoint(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	var busy, logged, moved int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved); err != nil {
		return s.fileError(err)
	}
	if busy != 0 {
		return jixiao.Errorf(jixiao.ECONFLICT, "数据库文件 %s 正在被其他程序使用（例如正在运行的 jixiao 服务器），请先停止它", s.path)
	}
	return nil
}
