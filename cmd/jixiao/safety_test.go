package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestDBTypoRefused: no command creates a database by a mistyped --db.
// Writing commands refuse without --init, reading commands always; the
// status is 2, the message names the file, and no file or directory is
// created.
func TestDBTypoRefused(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "sub", "jixaio.db")
	t.Setenv(EnvPassword, "a-good-password")
	want := "jixiao：数据库文件 " + typo + " 不存在，请检查路径。如要新建数据库，请加 --init（jixiao serve、import、org add、user add 均可）\n"
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0"},
		{"import", reference},
		{"org", "add", "130100", "某市财政局", "--kind", "bureau"},
		{"user", "add", "admin", "--role", "admin"},
		{"user", "passwd", "admin"},
		{"user", "list"},
		{"org", "list"},
		{"export", "某局", "2024", "-o", filepath.Join(dir, "x.yaml")},
		{"backup", "-o", filepath.Join(dir, "b.db")},
	} {
		out, errs, status := runCLI(t, append(args, "--db", typo)...)
		if status != exitInput || !strings.HasSuffix(errs, want) || out != "" {
			t.Errorf("%v: status %d\n%s%s", args, status, out, errs)
		}
		if got := names(t, dir); len(got) != 0 {
			t.Fatalf("%v created %v", args, got)
		}
	}
}

// TestInitCreates0600: --init creates the database, its directory and its
// log files readable by the owner alone, and says so; a database others can
// read is tightened at the next command, which says so once.
func TestInitCreates0600(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "srv", "jixiao.db")
	t.Setenv(EnvPassword, "a-good-password")
	_, errs, status := runCLI(t, "org", "add", "130100", "某市财政局", "--kind", "bureau", "--db", db, "--init")
	if status != 0 || !strings.Contains(errs, "jixiao：已新建数据库文件 "+db+"（仅所有者可读写）\n") {
		t.Fatalf("org add --init: %d %s", status, errs)
	}
	for p, want := range map[string]os.FileMode{db: 0o600, filepath.Dir(db): 0o750} {
		if st, _ := os.Stat(p); st.Mode().Perm() != want {
			t.Errorf("%s: mode %04o, want %04o", p, st.Mode().Perm(), want)
		}
	}
	// --init on an existing database opens it: nothing new is made.
	if _, errs, status := runCLI(t, "user", "add", "admin", "--role", "admin", "--db", db, "--init"); status != 0 || strings.Contains(errs, "新建数据库") {
		t.Errorf("user add --init on an existing database: %d %s", status, errs)
	}
	os.Chmod(db, 0o644)
	_, errs, _ = runCLI(t, "user", "list", "--db", db)
	if errs != "jixiao：数据库文件 "+db+" 原先其他用户也可读取（权限 0644），已改为仅所有者可读写（0600）\n" {
		t.Errorf("tightening notice: %q", errs)
	}
	if st, _ := os.Stat(db); st.Mode().Perm() != 0o600 {
		t.Errorf("after user list: mode %04o", st.Mode().Perm())
	}
	if _, errs, _ = runCLI(t, "user", "list", "--db", db); errs != "" {
		t.Errorf("second user list: %q", errs)
	}
}

// TestWrittenFiles0600: backups, exports, reports and converted files the
// CLI writes are readable by the owner alone, also when they replace a
// file others could read.
func TestWrittenFiles0600(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jixiao.db")
	if _, errs, status := runCLI(t, "import", reference, "--db", db, "--init"); status != 0 {
		t.Fatal(errs)
	}
	path := func(n string) string { return filepath.Join(dir, n) }
	os.WriteFile(path("report.html"), []byte("old"), 0o644)
	for _, args := range [][]string{
		{"backup", "-o", path("backup.db"), "--db", db},
		{"export", "石家庄市自然资源和规划局", "2024", "-o", path("export.yaml"), "--db", db},
		{"report", reference, "-o", path("report.html")},
		{"report", reference, "-o", path("report.xlsx")},
		{"convert", reference, path("case.xlsx")},
		{"template", "--subject", "project", "-o", path("template.xlsx")},
	} {
		if _, errs, status := runCLI(t, args...); status != 0 {
			t.Fatalf("%v: %d %s", args, status, errs)
		}
	}
	for _, n := range []string{"jixiao.db", "backup.db", "export.yaml", "report.html", "report.xlsx", "case.xlsx", "template.xlsx"} {
		if st, err := os.Stat(path(n)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v mode %v, want 0600", n, err, st.Mode().Perm())
		}
	}
}

// TestServeInit: the binary refuses to start on a missing database and
// starts with --init on a new 0600 one.
func TestServeInit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "jixiao.db")
	var stderr bytes.Buffer
	cmd := exec.Command(binary(t), "serve", "--db", db, "--addr", "127.0.0.1:0")
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitInput || !strings.Contains(stderr.String(), "数据库文件 "+db+" 不存在") {
		t.Errorf("serve on a missing database: %v %s", err, stderr.String())
	}
	if got := names(t, dir); len(got) != 0 {
		t.Fatalf("serve created %v", got)
	}
	cmd = exec.Command(binary(t), "serve", "--db", db, "--addr", "127.0.0.1:0", "--init")
	stdout, _ := cmd.StdoutPipe()
	stderr.Reset()
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && !strings.Contains(lines.Text(), "Ctrl+C") {
	}
	go io.Copy(io.Discard, stdout)
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s while serving: %v %v", p, err, st)
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve --init: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "已新建数据库文件 "+db) {
		t.Errorf("serve --init does not log the new database:\n%s", stderr.String())
	}
}

// TestExitStatuses: the binary exits 0 when all is well, 1 for findings, 2
// for bad input (a bad file, a bad command line, a refused operation) and
// 3 for an internal error (here: a database damaged behind jixiao's back,
// a stored decimal that is not a number).
func TestExitStatuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "jixiao.db")
	if _, errs, status := runCLI(t, "import", reference, "--db", db, "--init"); status != 0 {
		t.Fatal(errs)
	}
	broken := filepath.Join(dir, "broken.db")
	copyFile(t, db, broken)
	sqlExec(t, broken, "UPDATE goals SET weight = '十七'")
	for _, c := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"eval", reference}, 0, ""},
		{[]string{"check", "../../examples/project-farmland-2024.yaml"}, 0, ""},
		{[]string{"check", reference}, 1, ""},
		{[]string{"audit", referenceReport}, 1, ""},
		{[]string{"eval", "no-such-file.yaml"}, 2, "找不到文件"},
		{[]string{"eval", "--no-such-flag", reference}, 2, "命令行有误"},
		{[]string{"restore", filepath.Join(dir, "no-backup.db"), "--db", db}, 2, "找不到备份文件"},
		{[]string{"import", reference, "--db", filepath.Join(dir, "typo.db")}, 2, "不存在，请检查路径"},
		{[]string{"export", "石家庄市自然资源和规划局", "2024", "-o", filepath.Join(dir, "x.yaml"), "--db", broken}, 3, "jixiao：内部错误："},
	} {
		cmd := exec.Command(binary(t), c.args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		status := 0
		if ee, ok := err.(*exec.ExitError); ok {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != c.status || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: status %d, want %d\n%s", c.args, status, c.status, stderr.String())
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"broken.db", "jixiao.db"}) {
		t.Errorf("files: %v", got)
	}
}
