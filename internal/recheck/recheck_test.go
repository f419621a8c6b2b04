package recheck_test

import (
	"os"
	"strings"
	"testing"

	"jixiao/internal/recheck"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := recheck.ReadFile("../../examples/recheck/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The example files the documentation uses parse.
func TestExamples(t *testing.T) {
	r, err := recheck.ParseRoster("roster.yaml", read(t, "roster.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Submissions) != 21 || len(r.Bands) != 3 || r.Submissions[1].Amount.String() != "86.4" {
		t.Errorf("roster: %d submissions, bands %v", len(r.Submissions), r.Bands)
	}
	rc, err := recheck.ParseRecheck("recheck.yaml", read(t, "recheck.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Projects) != 3 || rc.Rulebook != "mof-2020" {
		t.Errorf("recheck: %+v", rc)
	}
	l, err := recheck.ParseRectifications("rectify.yaml", read(t, "rectify.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 7 || l.Items[0].Deadline != "2024-06-30" || len(l.Items[4].History) != 2 {
		t.Errorf("rectify: %+v", l.Items[0])
	}
	res, err := recheck.ParseResults("results.yaml", read(t, "results.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 6 || res.Projects[2].DecidedAmount.String() != "560" {
		t.Errorf("results: %+v", res.Projects[2])
	}
}

func TestParseRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		parse func(string, []byte) error
		doc   string
		want  string
	}{
		"roster duplicate": {func(n string, d []byte) error { _, err := recheck.ParseRoster(n, d); return err },
			"submissions:\n  - {unit: 甲, project: A, amount: 1, score: 90, grade: 优}\n  - {unit: 甲, project: A, amount: 1, score: 90, grade: 优}\n",
			"名单.yaml:3:15: 字段 submissions[1].project（项目）：单位“甲”的项目“A”与第 1 项重复"},
		"roster not a number": {func(n string, d []byte) error { _, err := recheck.ParseRoster(n, d); return err },
			"submissions:\n  - {unit: 甲, project: A, amount: 一百, score: 90, grade: 优}\n", "名单.yaml:2:35: 字段 submissions[0].amount（金额（万元））：应为数字，实际为文本“一百”"},
		"recheck reason": {func(n string, d []byte) error { _, err := recheck.ParseRecheck(n, d); return err },
			"projects:\n  - unit: 甲\n    project: A\n    items:\n      - {name: 产出, weight: 50, self: 40, recheck: 30}\n",
			"名单.yaml:5:10: 字段 projects[0].items[0].reason（复核理由）：评分项“产出”的复核得分与自评得分不同，须写明复核理由"},
		"rectify status": {func(n string, d []byte) error { _, err := recheck.ParseRectifications(n, d); return err },
			"items:\n  - {id: A, year: 2024, unit: 甲, problem: p, source: 自评, owner: o, measure: m, deadline: 2025-06-30, status: 完成}\n",
			"字段 items[0].status（状态）：状态“完成”无效"},
		"results unknown field": {func(n string, d []byte) error { _, err := recheck.ParseResults(n, d); return err },
			"year: 2024\nprojects: []\nbudget: 1\n", "budget"},
		"too many values": {func(n string, d []byte) error { _, err := recheck.ParseRoster(n, d); return err },
			"submissions:\n" + strings.Repeat("  - {unit: 甲, project: A, amount: 1, score: 90, grade: 优}\n", 70_000), "上限"},
	} {
		err := tc.parse("名单.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func TestReadFileBounded(t *testing.T) {
	p := t.TempDir() + "/大.yaml"
	if err := os.WriteFile(p, make([]byte, recheck.Limits.Bytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := recheck.ReadFile(p); err == nil || !strings.Contains(err.Error(), "超过 16 MB 的上限") {
		t.Errorf("large file: %v", err)
	}
	if _, err := recheck.ReadFile(p + ".none"); err == nil || !strings.Contains(err.Error(), "无法打开文件") {
		t.Errorf("missing file: %v", err)
	}
}
