package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/library"
	"jixiao/internal/sqlstore"
)

func TestLibraryList(t *testing.T) {
	out, errs, status := runCLI(t, "library", "list", "--level1", "效果")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{"编码\t一级指标", "GX-0029\t效果\t履职效益\t经济效益", "共 4 个指标"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\t产出\t") {
		t.Error("--level1 did not filter")
	}
}

func TestLibraryExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	l, err := library.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Merge("GX-0002", "GX-0003"); err != nil {
		t.Fatal(err)
	}
	data, err := library.EncodeYAML(l)
	if err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(dir, "库.yaml")
	if err := os.WriteFile(from, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, status := runCLI(t, "library", "list", "--from", from)
	if status != 0 || strings.Contains(out, "GX-0002") {
		t.Fatalf("retired entry listed without --all (status %d):\n%s", status, out)
	}
	out, _, _ = runCLI(t, "library", "list", "--from", from, "--all")
	if !strings.Contains(out, "已停用（已并入 GX-0003）") {
		t.Fatalf("--all lacks the merged entry:\n%s", out)
	}
	yml := filepath.Join(dir, "出.yaml")
	if _, errs, status := runCLI(t, "library", "export", "--from", from, "-o", yml); status != 0 {
		t.Fatalf("export: %d %s", status, errs)
	}
	back, err := library.ReadFile(yml)
	if err != nil {
		t.Fatal(err)
	}
	if d := jixiao.DiffLibrary(l, back); len(d) != 0 {
		t.Fatalf("exported library differs: %+v", d)
	}
	if _, errs, status := runCLI(t, "library", "export", "-o", filepath.Join(dir, "库.xlsx")); status != 0 {
		t.Fatalf("xlsx export: %d %s", status, errs)
	}
}

func TestLibraryRefusals(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "坏.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 废弃}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "大.yaml")
	if err := os.WriteFile(big, make([]byte, library.MaxFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"library", "list", "--from", bad}, "状态“废弃”"},
		{[]string{"library", "list", "--from", big}, "超过 16 MB"},
		{[]string{"library", "list", "--from", filepath.Join(dir, "无.yaml")}, "无法打开指标库文件"},
		{[]string{"library", "export", "-o", filepath.Join(dir, "x.txt")}, "应为 .xlsx 或 .yaml"},
	} {
		_, errs, status := runCLI(t, tc.args...)
		if status != exitInput || !strings.Contains(errs, tc.want) || !strings.Contains(errs, dir) {
			t.Errorf("%v: status %d, stderr %q, want %q naming the file", tc.args, status, errs, tc.want)
		}
	}
}

// TestLibraryFromDatabase: list and export read the library stored in a
// database, its current version or a past one, the way the server keeps
// it.
func TestLibraryFromDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "jixiao.db")
	ctx := context.Background()
	db, err := sqlstore.OpenWith(ctx, path, sqlstore.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, status := runCLI(t, "library", "list", "--db", path); status == exitOK {
		t.Error("a database without a library lists one")
	}
	starter, err := library.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SeedLibrary(ctx, nil, starter); err != nil {
		t.Fatal(err)
	}
	reviewer := &jixiao.User{Username: "reviewer", Role: jixiao.RoleReviewer}
	if _, err := db.ChangeLibrary(ctx, reviewer, jixiao.LibActionEdit, "", "细分领域", func(l *jixiao.Library) (string, error) {
		in, _ := l.Find("HY-0022")
		e := *in
		e.Field = "教育（学生资助）"
		return e.ID, l.Edit(e.ID, e)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out, errs, status := runCLI(t, "library", "list", "--db", path, "--version", "1")
	if status != exitOK || !strings.Contains(out, "第 1 版") || !strings.Contains(out, "HY-0022") {
		t.Fatalf("list version 1: %d %s %s", status, errs, out)
	}
	for _, tc := range []struct {
		version string
		field   string
	}{{"1", "教育"}, {"2", "教育（学生资助）"}, {"", "教育（学生资助）"}} {
		yml := filepath.Join(dir, "v"+tc.version+".yaml")
		args := []string{"library", "export", "--db", path, "-o", yml}
		if tc.version != "" {
			args = append(args, "--version", tc.version)
		}
		if _, errs, status := runCLI(t, args...); status != exitOK {
			t.Fatalf("export version %q: %d %s", tc.version, status, errs)
		}
		back, err := library.ReadFile(yml)
		if err != nil {
			t.Fatal(err)
		}
		if in, _ := back.Find("HY-0022"); in.Field != tc.field || len(back.Indicators) != len(starter.Indicators) {
			t.Errorf("version %q exported: HY-0022 in %q, %d indicators", tc.version, in.Field, len(back.Indicators))
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"library", "export", "--db", path, "--version", "9", "-o", filepath.Join(dir, "x.yaml")}, "指标库没有第9版"},
		{[]string{"library", "list", "--version", "2"}, "须与 --db 同用"},
		{[]string{"library", "list", "--db", path, "--from", filepath.Join(dir, "v1.yaml")}, "只能用一个"},
	} {
		if _, errs, status := runCLI(t, tc.args...); status == exitOK || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: status %d, stderr %q, want %q", tc.args, status, errs, tc.want)
		}
	}
}
