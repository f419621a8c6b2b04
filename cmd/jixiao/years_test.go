package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
)

// Two years of one project compared from case files: the table, the
// sentence and the indicators by year; files of different subjects or of
// one year twice are refused with the files named.
func TestYearsCommand(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "project-training-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	last := strings.Replace(string(src), "year: 2024", "year: 2023", 1)
	last = strings.Replace(last, "actual: 4500人次", "actual: 4100人次", 1)
	if last == string(src) || !strings.Contains(last, "4100人次") {
		t.Fatal("the example changed: the test cannot make last year's case")
	}
	prev := filepath.Join(dir, "2023.yaml")
	if err := os.WriteFile(prev, []byte(last), 0o600); err != nil {
		t.Fatal(err)
	}
	this := filepath.Join("..", "..", "examples", "project-training-2024.yaml")

	out, errs, status := runCLI(t, "years", this, prev, "--indicators")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{"2023  ", "2024  ", "与2023年度相比，总分由", "+", "培训人次", "≥5000人次 / 4100人次", "≥5000人次 / 4500人次"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "2023  ") > strings.Index(out, "2024  ") {
		t.Errorf("years not oldest first:\n%s", out)
	}

	out, _, status = runCLI(t, "years", "-f", "json", prev, this)
	var c jixiao.YearComparison
	if status != 0 || json.Unmarshal([]byte(out), &c) != nil || len(c.Years) != 2 || c.Years[1].TotalChange == nil || !c.Years[1].TotalChange.IsPositive() {
		t.Errorf("json (status %d): %s", status, out)
	}

	other := filepath.Join("..", "..", "examples", "shijiazhuang-2024.yaml")
	if _, errs, status := runCLI(t, "years", this, other); status != exitInput || !strings.Contains(errs, "不是同一评价对象") {
		t.Errorf("different subjects: status %d, %s", status, errs)
	}
	if _, errs, status := runCLI(t, "years", this, this); status != exitInput || !strings.Contains(errs, "都是2024年度的评价") {
		t.Errorf("one year twice: status %d, %s", status, errs)
	}
}
