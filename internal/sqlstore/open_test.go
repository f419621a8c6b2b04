package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// rawSQLite opens a SQLite file with the plain driver, as another program would.
func rawSQLite(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// TestOpenWithoutCreate: a missing, empty or foreign file is refused with a
// message naming it, and nothing is created or written.
func TestOpenWithoutCreate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "sub", "typo.db")
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	text := filepath.Join(dir, "text.db")
	os.WriteFile(text, []byte("SQLite is not this\n"), 0o600)
	foreign := filepath.Join(dir, "foreign.db")
	rawSQLite(t, foreign, "CREATE TABLE notes (body TEXT)")
	marked := filepath.Join(dir, "marked.db")
	rawSQLite(t, marked, "PRAGMA application_id = 42", "CREATE TABLE goose_db_version (id INTEGER)")
	bare := filepath.Join(dir, "bare.db")
	rawSQLite(t, bare, "PRAGMA user_version = 1") // SQLite, no tables
	for _, c := range []struct {
		path, code, want string
	}{
		{missing, jixiao.ENOTFOUND, "数据库文件 " + missing + " 不存在，请检查路径。如要新建数据库，请加 --init（jixiao serve、import、org add、user add 均可）"},
		{empty, jixiao.EINVALID, "数据库文件 " + empty + " 是空文件，不是 jixiao 数据库。如要在此新建数据库，请加 --init"},
		{text, jixiao.EINVALID, text + " 不是 SQLite 数据库文件，不是 jixiao 数据库"},
		{foreign, jixiao.EINVALID, foreign + " 是其他程序的 SQLite 数据库（没有 jixiao 的数据表），不是 jixiao 数据库"},
		{marked, jixiao.EINVALID, marked + " 是其他程序的 SQLite 数据库（应用标识 42），不是 jixiao 数据库"},
		{bare, jixiao.EINVALID, bare + " 中还没有 jixiao 的数据表。如要在此新建数据库，请加 --init"},
		{dir, jixiao.EINVALID, dir + " 是目录，不是数据库文件"},
	} {
		before, _ := os.ReadFile(c.path)
		db, err := sqlstore.OpenWith(ctx, c.path, sqlstore.Options{})
		if err == nil {
			db.Close()
			t.Errorf("%s opened", c.path)
			continue
		}
		if jixiao.ErrorCode(err) != c.code || jixiao.ErrorMessage(err) != c.want {
			t.Errorf("%s: %s %q, want %s %q", c.path, jixiao.ErrorCode(err), jixiao.ErrorMessage(err), c.code, c.want)
		}
		after, _ := os.ReadFile(c.path)
		if !bytes.Equal(before, after) {
			t.Errorf("%s was written to", c.path)
		}
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("the directory of a missing database was created: %v", err)
	}
	// Foreign files are refused even when creating is allowed.
	for _, p := range []string{text, foreign, marked} {
		if db, err := sqlstore.OpenWith(ctx, p, sqlstore.Options{Create: true}); err == nil {
			db.Close()
			t.Errorf("%s opened with Create", p)
		}
	}
	// An empty file, or SQLite without tables, becomes a jixiao database
	// when asked.
	for _, p := range []string{empty, bare} {
		db, err := sqlstore.OpenWith(ctx, p, sqlstore.Options{Create: true})
		if err != nil {
			t.Fatalf("%s with Create: %v", p, err)
		}
		db.Close()
	}
}

// TestCreateMarksAndModes: a database jixiao creates is 0600 in a 0750
// directory, marked with the application id, and its log files share the
// mode; an existing database others can read is tightened, once, with a
// notice.
func TestCreateMarksAndModes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "jixiao.db")
	var notices []string
	notice := func(m string) { notices = append(notices, m) }
	db, err := sqlstore.OpenWith(ctx, path, sqlstore.Options{Create: true, Notice: notice})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "1", Name: "某局", Kind: jixiao.OrgBureau}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", p, m)
		}
	}
	if m := mode(t, filepath.Dir(path)); m != 0o750 {
		t.Errorf("new directory: mode %04o, want 0750", m)
	}
	var app int64
	db.SQL().QueryRow("PRAGMA application_id").Scan(&app)
	db.Close()
	if app != sqlstore.ApplicationID {
		t.Errorf("application_id %d, want %d", app, sqlstore.ApplicationID)
	}
	if want := []string{"已新建数据库文件 " + path + "（仅所有者可读写）"}; fmt.Sprint(notices) != fmt.Sprint(want) {
		t.Errorf("notices %q, want %q", notices, want)
	}

	os.Chmod(path, 0o644)
	notices = nil
	db, err = sqlstore.OpenWith(ctx, path, sqlstore.Options{Notice: notice})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if m := mode(t, path); m != 0o600 {
		t.Errorf("after opening a 0644 database: mode %04o", m)
	}
	if want := []string{"数据库文件 " + path + " 原先其他用户也可读取（权限 0644），已改为仅所有者可读写（0600）"}; fmt.Sprint(notices) != fmt.Sprint(want) {
		t.Errorf("notices %q, want %q", notices, want)
	}
	notices = nil
	db, _ = sqlstore.OpenWith(ctx, path, sqlstore.Options{Notice: notice})
	db.Close()
	if notices != nil {
		t.Errorf("second open: notices %q", notices)
	}

	// A database of an earlier jixiao (unmarked, with its tables) is
	// recognised and marked.
	rawSQLite(t, path, "PRAGMA application_id = 0")
	db, err = sqlstore.OpenWith(ctx, path, sqlstore.Options{})
	if err != nil {
		t.Fatalf("unmarked jixiao database: %v", err)
	}
	db.SQL().QueryRow("PRAGMA application_id").Scan(&app)
	db.Close()
	if app != sqlstore.ApplicationID {
		t.Errorf("unmarked database not marked: %d", app)
	}
}

// TestNewerSchemaRefused: a database written by a newer jixiao is refused,
// read-only or not, and left as it was.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jixiao.db")
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	have, known, err := db.SchemaVersion(ctx)
	db.Close()
	if err != nil || have != known || known < 1 {
		t.Fatalf("schema version %d of %d: %v", have, known, err)
	}
	rawSQLite(t, path, fmt.Sprintf("INSERT INTO goose_db_version (version_id, is_applied) VALUES (%d, 1)", known+1))
	before, _ := os.ReadFile(path)
	want := fmt.Sprintf("数据库 %s 的结构版本为 %d，比本程序所支持的版本 %d 新（由更新版本的 jixiao 写入）。请升级 jixiao 后再使用，不要用旧版本打开", path, known+1, known)
	for _, o := range []sqlstore.Options{{}, {Create: true}, {ReadOnly: true}} {
		db, err := sqlstore.OpenWith(ctx, path, o)
		if err == nil {
			db.Close()
			t.Errorf("%+v: opened", o)
			continue
		}
		if jixiao.ErrorCode(err) != jixiao.EINVALID || jixiao.ErrorMessage(err) != want {
			t.Errorf("%+v: %v", o, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the newer database was changed")
	}
}

// TestReadOnlyChangesNothing: a read-only open neither marks, migrates nor
// tightens, and a backup is a new 0600 file that never overwrites one.
func TestReadOnlyChangesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "jixiao.db")
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rawSQLite(t, path, "PRAGMA application_id = 0")
	os.Chmod(path, 0o640)
	before, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	db, err = sqlstore.OpenWith(ctx, path, sqlstore.Options{ReadOnly: true, Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "1", Name: "某局", Kind: jixiao.OrgBureau}); err == nil {
		t.Error("a read-only store wrote")
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, backup); jixiao.ErrorMessage(err) != "备份文件 "+backup+" 已存在，请换一个文件名" {
		t.Errorf("backup over a backup: %v", err)
	}
	db.Close()
	after, _ := os.ReadFile(path)
	st2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !st.ModTime().Equal(st2.ModTime()) || st2.Mode().Perm() != 0o640 {
		t.Errorf("read-only open changed the file (mode %04o)", st2.Mode().Perm())
	}
	if m := mode(t, backup); m != 0o600 {
		t.Errorf("backup mode %04o, want 0600", m)
	}
}

// TestPostgresWithoutCreate: an empty PostgreSQL database gets jixiao's
// tables only when asked; one with other tables is refused even then.
func TestPostgresWithoutCreate(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	if dsn == "" {
		t.Skip(sqltest.EnvPostgres + " is not set")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	newDB := func() string {
		name := fmt.Sprintf("jixiao_t_%d", rand.Uint64()%1e12)
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec("DROP DATABASE " + name + " WITH (FORCE)") })
		u, _ := url.Parse(dsn)
		u.Path = "/" + name
		return u.String()
	}
	empty := newDB()
	_, err = sqlstore.OpenWith(ctx, empty, sqlstore.Options{})
	if jixiao.ErrorCode(err) != jixiao.ENOTFOUND || !strings.Contains(jixiao.ErrorMessage(err), "PostgreSQL 数据库中还没有 jixiao 的数据表。如要在其中新建 jixiao 数据库，请加 --init") {
		t.Errorf("empty database without Create: %v", err)
	}
	db, err := sqlstore.OpenWith(ctx, empty, sqlstore.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlstore.OpenWith(ctx, empty, sqlstore.Options{})
	if err != nil {
		t.Fatalf("created database without Create: %v", err)
	}
	db.Close()

	other := newDB()
	o, err := sql.Open("pgx", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Exec("CREATE TABLE notes (body TEXT)"); err != nil {
		t.Fatal(err)
	}
	o.Close()
	for _, create := range []bool{false, true} {
		_, err = sqlstore.OpenWith(ctx, other, sqlstore.Options{Create: create})
		if jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "已有其他程序的数据表") {
			t.Errorf("foreign database, Create %v: %v", create, err)
		}
	}
}
