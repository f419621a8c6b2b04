package main

import (
	"bufio"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/synth"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

// TestKilledImport kills `jixiao import` of a large case with SIGKILL at
// random moments, many times, and checks after each kill that the database
// holds either the whole import or none of it, and everything it held
// before. JIXIAO_KILL_RUNS sets the number of kills (default 40).
func TestKilledImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports a large case many times")
	}
	runs := 40
	if s := os.Getenv("JIXIAO_KILL_RUNS"); s != "" {
		runs, _ = strconv.Atoi(s)
	}
	bin := binary(t)
	dir := t.TempDir()

	// A large case: a department with 1000 projects of 10 indicators.
	big := synth.New(7, 10).Department(1, 2024, 1000)
	data, err := caseio.Encode("big.yaml", big)
	if err != nil {
		t.Fatal(err)
	}
	bigPath := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(bigPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	wantIndicators := 0
	for _, p := range big.Projects {
		wantIndicators += len(p.Indicators)
	}

	// The database before: the reference case, closed cleanly.
	base := filepath.Join(dir, "base.db")
	if _, errs, status := runCLI(t, "import", reference, "--db", base, "--init"); status != 0 {
		t.Fatal(errs)
	}
	baseData, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}

	// How long the writing takes, to kill within it: from the import's
	// "正在写入数据库" line to its exit.
	db := filepath.Join(dir, "jixiao.db")
	reset := func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		if err := os.WriteFile(db, baseData, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := func() (*exec.Cmd, time.Time) {
		reset()
		cmd := exec.Command(bin, "import", bigPath, "--db", db)
		cmd.Stdout = io.Discard
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stderr)
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "正在写入数据库") {
				go io.Copy(io.Discard, stderr)
				return cmd, time.Now()
			}
		}
		cmd.Wait()
		t.Fatalf("import did not start writing")
		return nil, time.Time{}
	}
	cmd, began := start()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("full import: %v", err)
	}
	write := time.Since(began)
	inspect(t, db, wantIndicators) // the whole import is there

	none, whole := 0, 0
	for i := range runs {
		cmd, _ := start()
		// Kill somewhere in the first 120% of the writing time.
		time.Sleep(time.Duration(rand.Int64N(int64(write) * 12 / 10)))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
			// killed
		} else if err != nil {
			t.Fatalf("run %d: import failed by itself: %v", i, err)
		}
		if inspect(t, db, wantIndicators) {
			whole++
		} else {
			none++
		}
	}
	t.Logf("writing %d indicators takes %v; %d kills while writing: %d left nothing of the import, %d left all of it, none left part of it",
		wantIndicators, write.Round(time.Millisecond), runs, none, whole)
	if none == 0 {
		t.Errorf("no kill landed before the import committed; the test did not test anything")
	}
}

// inspect opens the database after a kill and reports whether the big
// import is in it. It fails the test if the database is damaged, lost what
// it held before, or holds part of the import.
func inspect(t *testing.T, path string, wantIndicators int) bool {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatalf("database does not open after the kill: %v", err)
	}
	defer db.Close()
	var integrity string
	if err := db.SQL().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity check: %s %v", integrity, err)
	}
	infos, n, err := db.ListEvaluations(ctx, jixiao.EvaluationFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := db.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var rows struct{ indicators, projects, goals, orphans int }
	q := func(dst *int, query string) {
		if err := db.SQL().QueryRowContext(ctx, query).Scan(dst); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	q(&rows.orphans, `SELECT (SELECT count(*) FROM indicators WHERE evaluation_id NOT IN (SELECT id FROM evaluations))
		+ (SELECT count(*) FROM projects WHERE evaluation_id NOT IN (SELECT id FROM evaluations))
		+ (SELECT count(*) FROM goals WHERE evaluation_id NOT IN (SELECT id FROM evaluations))`)
	if rows.orphans != 0 {
		t.Fatalf("%d rows belong to no evaluation", rows.orphans)
	}
	var ref, imported *jixiao.EvaluationInfo
	for _, info := range infos {
		if info.OrgName == "合成部门1" {
			imported = info
		} else {
			ref = info
		}
	}
	if ref == nil {
		t.Fatal("the reference case was lost")
	}
	refCase, _, err := db.LoadEvaluation(ctx, ref.ID)
	if err != nil || len(refCase.Goals) != 6 || ref.Version != 1 {
		t.Fatalf("the reference case was damaged: %v %+v", err, ref)
	}
	switch {
	case n == 1 && len(orgs) == 1:
		return false
	case n == 2 && len(orgs) == 2 && imported != nil:
		ev, _, err := db.LoadEvaluation(ctx, imported.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, p := range ev.Projects {
			got += len(p.Indicators)
		}
		if len(ev.Projects) != 1000 || got != wantIndicators || len(ev.Goals) != 6 {
			t.Fatalf("import committed only partly: %d projects, %d of %d indicators", len(ev.Projects), got, wantIndicators)
		}
		return true
	}
	t.Fatalf("after the kill: %d evaluations, %d organisations", n, len(orgs))
	return false
}
