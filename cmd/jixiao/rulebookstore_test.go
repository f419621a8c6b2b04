package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/sqlstore"
)

// localRules is a county's rulebook file: the national rules with other
// grade bands and threshold θ.
const localRules = `name: 某县项目自评-2025
title: 某县项目支出绩效自评
extends: mof-2020
grades:
  - {name: 优秀, min: 95}
  - {name: 良好, min: 85}
  - {name: 合格, min: 60}
  - {name: 不合格}
theta: 0.5
`

// evalTotal runs jixiao eval on a case and returns its total and grade.
func evalTotal(t *testing.T, path string) (string, string) {
	t.Helper()
	out, errs, status := runCLI(t, "eval", path, "--format", "json")
	if status != 0 {
		t.Fatalf("eval %s: %d %s", path, status, errs)
	}
	var sc struct {
		Total json.Number
		Grade string
	}
	if err := json.Unmarshal([]byte(out), &sc); err != nil {
		t.Fatal(err)
	}
	return sc.Total.String(), sc.Grade
}

// TestLocalRulebookOnTheServer: a case that names its own rulebook file is
// imported with the rulebook; the server scores it exactly as jixiao eval
// does; the same bytes are stored once; changed bytes are a new version,
// and the evaluations imported before keep theirs; an export writes the
// rulebook beside the case, and jixiao eval of the export agrees too.
func TestLocalRulebookOnTheServer(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "规则"), 0o755); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "规则", "县规则.yaml")
	os.WriteFile(rules, []byte(localRules), 0o644)
	src, err := os.ReadFile("../../examples/project-training-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "rulebook: mof-2020", "rulebook: 规则/县规则.yaml", 1)
	if !strings.Contains(text, "规则/县规则.yaml") {
		text = "rulebook: 规则/县规则.yaml\n" + text
	}
	caseFile := filepath.Join(dir, "项目.yaml")
	os.WriteFile(caseFile, []byte(text), 0o644)
	cliTotal, cliGrade := evalTotal(t, caseFile)
	// The county's rules grade the case otherwise than the national ones
	// (so that agreeing below means the server used them).
	if _, natGrade := evalTotal(t, "../../examples/project-training-2024.yaml"); natGrade == cliGrade {
		t.Fatalf("the county's rules grade as the national ones: %s", cliGrade)
	}

	db := filepath.Join(dir, "jixiao.db")
	_, errs, status := runCLI(t, "import", caseFile, "--db", db, "--init")
	if status != 0 || !strings.Contains(errs, "已把评分规则") || !strings.Contains(errs, "某县项目自评-2025（第1版）") {
		t.Fatalf("import: %d %s", status, errs)
	}
	// What the server shows: the stored evaluation scored by the app.
	ctx := context.Background()
	serverScore := func() (string, string, string) {
		t.Helper()
		s, err := sqlstore.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		a := app.New(s)
		admin, _, err := s.UserByName(ctx, "admin")
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			admin, err = s.CreateUser(ctx, cliActor, &jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}, "x")
		}
		if err != nil {
			t.Fatal(err)
		}
		infos, _, err := s.ListEvaluations(ctx, jixiao.EvaluationFilter{Limit: 10})
		if err != nil || len(infos) == 0 {
			t.Fatalf("evaluations: %v", err)
		}
		sc, err := a.Scorecard(jixiao.WithUser(ctx, admin), infos[len(infos)-1].ID)
		if err != nil {
			t.Fatal(err)
		}
		return jixiao.Plain(sc.Displayed), sc.Grade, infos[len(infos)-1].Rulebook
	}
	total, grade, ref := serverScore()
	if total != cliTotal || grade != cliGrade || ref != "某县项目自评-2025@1" {
		t.Errorf("server %s %s (%s), command line %s %s", total, grade, ref, cliTotal, cliGrade)
	}

	// The same bytes again: no new version.
	_, errs, status = runCLI(t, "import", caseFile, "--db", db, "--replace")
	if status != 0 || !strings.Contains(errs, "与数据库中的 某县项目自评-2025 第1版相同") {
		t.Fatalf("re-import: %d %s", status, errs)
	}
	// Export: the case and its rulebook beside it; eval agrees.
	out := filepath.Join(dir, "导出", "导出.yaml")
	os.MkdirAll(filepath.Dir(out), 0o755)
	if _, errs, status := runCLI(t, "export", "某市人力资源和社会保障局", "2024", "--subject", "project", "-o", out, "--db", db); status != 0 {
		t.Fatalf("export: %d %s", status, errs)
	}
	if et, eg := evalTotal(t, out); et != cliTotal || eg != cliGrade {
		t.Errorf("exported case scores %s %s, want %s %s", et, eg, cliTotal, cliGrade)
	}
	exported, _ := os.ReadFile(out)
	if !strings.Contains(string(exported), "导出-评分规则.yaml") {
		t.Errorf("exported case does not name its rulebook file:\n%.300s", exported)
	}

	// Changed bytes: version 2; the evaluation stays on version 1 until it
	// is imported again.
	os.WriteFile(rules, []byte(strings.Replace(localRules, "min: 95", "min: 99", 1)), 0o644)
	s, _ := sqlstore.Open(ctx, db)
	before, _ := s.StoredRulebooks(ctx)
	s.Close()
	if _, _, ref := serverScore(); ref != "某县项目自评-2025@1" {
		t.Errorf("stored evaluation moved to %s", ref)
	}
	if _, errs, status := runCLI(t, "import", caseFile, "--db", db, "--replace"); status != 0 || !strings.Contains(errs, "第2版") {
		t.Fatalf("import changed rules: %d %s", status, errs)
	}
	if _, _, ref := serverScore(); ref != "某县项目自评-2025@2" {
		t.Errorf("re-imported evaluation is on %s", ref)
	}
	s, _ = sqlstore.Open(ctx, db)
	after, _ := s.StoredRulebooks(ctx)
	s.Close()
	if len(before) != 1 || len(after) != 2 {
		t.Errorf("stored rulebooks: %d then %d", len(before), len(after))
	}
}
