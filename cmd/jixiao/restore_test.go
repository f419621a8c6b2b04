package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// fileState is what must not change of a file: its bytes and its time.
type fileState struct {
	data []byte
	mod  time.Time
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	return fileState{data, st.ModTime()}
}

func (f fileState) same(g fileState) bool { return bytes.Equal(f.data, g.data) && f.mod.Equal(g.mod) }

// names lists the files of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// orgsIn returns the names of the organisations with an evaluation in the
// database at path, sorted.
func orgsIn(t *testing.T, path string) []string {
	t.Helper()
	s, err := sqlstore.OpenWith(context.Background(), path, sqlstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer s.Close()
	infos, _, err := s.ListEvaluations(context.Background(), jixiao.EvaluationFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, i := range infos {
		out = append(out, i.OrgName)
	}
	slices.Sort(out)
	return out
}

func sqlExec(t *testing.T, path string, stmts ...string) {
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

func copyFile(t *testing.T, from, to string) []byte {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

const clinic = "../../examples/project-clinic-2024.yaml"

// TestRestoreRefusals: a missing, empty, foreign, damaged or newer backup
// is refused with its own message and status 2; the database and the
// backup stay byte for byte as they were, with the same modification
// time, and no file is left behind.
func TestRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	db, good := filepath.Join(dir, "jixiao.db"), filepath.Join(dir, "good.db")
	for _, args := range [][]string{{"import", reference, "--db", db, "--init"}, {"backup", "-o", good, "--db", db}, {"import", clinic, "--db", db}} {
		if _, errs, status := runCLI(t, args...); status != 0 {
			t.Fatalf("%v: %d %s", args, status, errs)
		}
	}
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	_, known, _ := s.SchemaVersion(context.Background())
	s.Close()

	fixture := func(name string) string { return filepath.Join(dir, name) }
	os.WriteFile(fixture("empty.db"), nil, 0o600)
	os.WriteFile(fixture("text.db"), []byte("这不是数据库\n"), 0o600)
	sqlExec(t, fixture("other.db"), "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')")
	sqlExec(t, fixture("marked.db"), "PRAGMA application_id = 1179403647", "CREATE TABLE orgs (id INTEGER)")
	data := copyFile(t, good, fixture("truncated.db"))
	os.WriteFile(fixture("truncated.db"), data[:len(data)/2], 0o600)
	// A whole file with one damaged page, the root of the indicators: the
	// file opens, the integrity check finds the damage.
	var root, pageSize int
	sdb, err := sql.Open("sqlite", "file:"+good+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	sdb.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 'indicators'").Scan(&root)
	sdb.QueryRow("PRAGMA page_size").Scan(&pageSize)
	sdb.Close()
	if root < 2 || pageSize < 512 {
		t.Fatalf("indicators root page %d, page size %d", root, pageSize)
	}
	damaged := slices.Clone(data)
	at := (root - 1) * pageSize
	copy(damaged[at+8:at+pageSize], bytes.Repeat([]byte{0x55}, pageSize-8))
	os.WriteFile(fixture("damaged.db"), damaged, 0o600)
	copyFile(t, good, fixture("newer.db"))
	sqlExec(t, fixture("newer.db"), fmt.Sprintf("INSERT INTO goose_db_version (version_id, is_applied) VALUES (%d, 1)", known+1))

	before := stateOf(t, db)
	files := names(t, dir)
	for _, c := range []struct{ backup, want string }{
		{"missing.db", "找不到备份文件 " + fixture("missing.db") + "。数据库未作任何改动"},
		{"empty.db", "备份文件 " + fixture("empty.db") + " 是空文件，不是 jixiao 备份。数据库未作任何改动"},
		{"text.db", "不能用 " + fixture("text.db") + " 恢复：" + fixture("text.db") + " 不是 SQLite 数据库文件，不是 jixiao 数据库。数据库未作任何改动"},
		{"other.db", "不能用 " + fixture("other.db") + " 恢复：" + fixture("other.db") + " 是其他程序的 SQLite 数据库（没有 jixiao 的数据表），不是 jixiao 数据库。数据库未作任何改动"},
		{"marked.db", "不能用 " + fixture("marked.db") + " 恢复：" + fixture("marked.db") + " 是其他程序的 SQLite 数据库（应用标识 1179403647），不是 jixiao 数据库。数据库未作任何改动"},
		{"truncated.db", "不能用 " + fixture("truncated.db") + " 恢复：数据库文件 " + fixture("truncated.db") + " 已损坏（完整性检查未通过），不能使用。数据库未作任何改动"},
		{"damaged.db", "不能用 " + fixture("damaged.db") + " 恢复：数据库文件 " + fixture("damaged.db") + " 已损坏（完整性检查未通过），不能使用。数据库未作任何改动"},
		{"newer.db", fmt.Sprintf("不能用 %s 恢复：数据库 %s 的结构版本为 %d，比本程序所支持的版本 %d 新（由更新版本的 jixiao 写入）。请升级 jixiao 后再使用，不要用旧版本打开。数据库未作任何改动",
			fixture("newer.db"), fixture("newer.db"), known+1, known)},
	} {
		var backup fileState
		if c.backup != "missing.db" {
			backup = stateOf(t, fixture(c.backup))
		}
		out, errs, status := runCLI(t, "restore", fixture(c.backup), "--db", db)
		if status != exitInput || !strings.Contains(errs, "jixiao："+c.want+"\n") || out != "" {
			t.Errorf("%s: status %d\n%s%s\nwant %q", c.backup, status, out, errs, c.want)
		}
		if !stateOf(t, db).same(before) {
			t.Fatalf("%s: the database changed", c.backup)
		}
		if c.backup != "missing.db" && !stateOf(t, fixture(c.backup)).same(backup) {
			t.Errorf("%s: the backup changed", c.backup)
		}
		if got := names(t, dir); !slices.Equal(got, files) {
			t.Errorf("%s: files %v, want %v", c.backup, got, files)
		}
	}
	if got := orgsIn(t, db); len(got) != 2 {
		t.Errorf("database after refusals: %v", got)
	}
}

// TestRestoreKeepsEveryCopy: a restore says what it replaced with what,
// keeps the database as a timestamped 0600 copy, and a second restore
// keeps a second copy beside the first. The backup is never changed.
func TestRestoreKeepsEveryCopy(t *testing.T) {
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "jixiao.db"), filepath.Join(dir, "backup.db")
	run := func(args ...string) string {
		t.Helper()
		out, errs, status := runCLI(t, args...)
		if status != 0 {
			t.Fatalf("%v: %d %s", args, status, errs)
		}
		return out
	}
	run("import", reference, "--db", db, "--init")
	run("backup", "-o", backup, "--db", db)
	saved := stateOf(t, backup)
	run("import", clinic, "--db", db)
	keptName := regexp.MustCompile(`原数据库已保留为 (` + regexp.QuoteMeta(db) + `\.before-restore-\d{8}-\d{6}(-\d+)?)\n`)

	out := run("restore", backup, "--db", db)
	for _, want := range []string{
		"原数据库 " + db + "：2 个单位、0 个用户、2 项评价，最后修改于 ",
		"已用备份 " + backup + " 恢复 " + db + "：1 个单位、0 个用户、1 项评价，最后修改于 ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("restore output lacks %q:\n%s", want, out)
		}
	}
	m := keptName.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("restore does not say where the database was kept:\n%s", out)
	}
	first := m[1]
	if got := orgsIn(t, first); !slices.Equal(got, []string{"某区卫生健康局", "石家庄市自然资源和规划局"}) {
		t.Errorf("first kept copy holds %v", got)
	}
	if got := orgsIn(t, db); !slices.Equal(got, []string{"石家庄市自然资源和规划局"}) {
		t.Errorf("restored database holds %v", got)
	}

	run("import", "../../examples/project-farmland-2024.yaml", "--db", db)
	farm := orgsIn(t, db)
	m = keptName.FindStringSubmatch(run("restore", backup, "--db", db))
	if m == nil || m[1] == first {
		t.Fatalf("second restore kept %v (first %s)", m, first)
	}
	second := m[1]
	if got := orgsIn(t, second); !slices.Equal(got, farm) || len(got) != 2 {
		t.Errorf("second kept copy holds %v, want %v", got, farm)
	}
	if got := orgsIn(t, first); len(got) != 2 || got[0] != "某区卫生健康局" {
		t.Errorf("first kept copy after the second restore holds %v", got)
	}
	for _, p := range []string{db, first, second, backup} {
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", p, st.Mode().Perm())
		}
	}
	if !stateOf(t, backup).same(saved) {
		t.Error("restoring changed the backup")
	}
	for _, n := range names(t, dir) {
		if strings.Contains(n, "restoring") {
			t.Errorf("left behind: %s", n)
		}
	}
	// To a new file only when asked.
	fresh := filepath.Join(dir, "new", "jixiao.db")
	if _, errs, status := runCLI(t, "restore", backup, "--db", fresh); status != exitInput ||
		!strings.Contains(errs, "数据库文件 "+fresh+" 不存在，请检查路径。如要恢复到新的数据库文件，请加 --init") {
		t.Errorf("restore to a missing file: %d %s", status, errs)
	}
	if _, err := os.Stat(filepath.Dir(fresh)); !os.IsNotExist(err) {
		t.Error("a refused restore created a directory")
	}
	if out := run("restore", backup, "--db", fresh, "--init"); strings.Contains(out, "原数据库") {
		t.Errorf("restore to a new file speaks of an old one:\n%s", out)
	}
	if got := orgsIn(t, fresh); len(got) != 1 {
		t.Errorf("restored new file holds %v", got)
	}
}

// TestRestoreWhileServing: a running server holds the database; restore
// refuses to replace it, keeps no copy, and succeeds once the server stops.
func TestRestoreWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "jixiao.db"), filepath.Join(dir, "backup.db")
	for _, args := range [][]string{{"import", reference, "--db", db, "--init"}, {"backup", "-o", backup, "--db", db}} {
		if _, errs, status := runCLI(t, args...); status != 0 {
			t.Fatalf("%v: %d %s", args, status, errs)
		}
	}
	cmd := exec.Command(binary(t), "serve", "--db", db, "--addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && !strings.Contains(lines.Text(), "Ctrl+C") {
	}
	go io.Copy(io.Discard, stdout)

	files := names(t, dir)
	_, errs, status := runCLI(t, "restore", backup, "--db", db)
	if status != exitInput || !strings.Contains(errs, "不能替换 "+db+"：数据库文件 "+db+" 正在被其他程序使用（例如正在运行的 jixiao 服务器），请先停止它。数据库未作任何改动") {
		t.Errorf("restore under a running server: %d %s", status, errs)
	}
	if got := names(t, dir); !slices.Equal(got, files) {
		t.Errorf("files %v, want %v", got, files)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("server: %v", err)
	}
	if out, errs, status := runCLI(t, "restore", backup, "--db", db); status != 0 || !strings.Contains(out, "原数据库已保留为") {
		t.Errorf("restore after the server stopped: %d %s %s", status, out, errs)
	}
}

// TestRestoreOlderBackup: a backup of an earlier schema is restored and
// brought up to date in the restored copy; the backup itself keeps its
// schema, byte for byte. The earlier schema is made with the migrations
// of this source tree, applied up to the version before the newest.
func TestRestoreOlderBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, old := filepath.Join(dir, "jixiao.db"), filepath.Join(dir, "old.db")
	if _, errs, status := runCLI(t, "import", reference, "--db", db, "--init"); status != 0 {
		t.Fatal(errs)
	}
	s, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	_, known, _ := s.SchemaVersion(ctx)
	s.Close()
	if known < 2 {
		t.Skipf("this program knows one schema version (%d): there is no earlier one to restore", known)
	}
	raw, err := sql.Open("sqlite", "file:"+old)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, os.DirFS("../../internal/sqlstore/migrations/sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	// The first schema version (later steps of SQLite's include Go code,
	// which the folder alone does not have).
	if _, err := p.UpTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	saved := stateOf(t, old)
	out, errs, status := runCLI(t, "restore", old, "--db", db)
	want := fmt.Sprintf("备份的数据库结构为版本 1，恢复后已升级到版本 %d（备份文件本身未改动）", known)
	if status != 0 || !strings.Contains(out, want) || !strings.Contains(errs, fmt.Sprintf("已将数据库结构从版本 1 升级到 %d", known)) {
		t.Errorf("restore of an earlier schema: %d\n%s%s\nwant %q", status, out, errs, want)
	}
	if !stateOf(t, old).same(saved) {
		t.Error("the backup was changed")
	}
	s, err = sqlstore.OpenWith(ctx, db, sqlstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if have, _, _ := s.SchemaVersion(ctx); have != known {
		t.Errorf("restored database at version %d, want %d", have, known)
	}
}
