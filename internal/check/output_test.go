package check_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"jixiao/internal/check"
	"jixiao/internal/rulebook"
)

func TestTextOutput(t *testing.T) {
	src, _ := os.ReadFile("../../examples/shijiazhuang-2024.yaml")
	rb, _ := rulebook.Load("shijiazhuang-2024")
	r := &check.Report{Case: "ref.yaml", Rulebook: rb, Findings: run(t, string(src)),
		Locate: func(p string) (int, int) { return 7, 3 }}
	var plain, coloured bytes.Buffer
	if err := r.WriteText(&plain, false); err != nil {
		t.Fatal(err)
	}
	r.WriteText(&coloured, true)
	out := plain.String()
	// Errors, then warnings, then info; sections within each.
	order := []string{"错误（1）", "【预算收支】", "警告（11）", "【评分】", "【指标质量】", "【合理性】", "提示（3）", "【预算收支】"}
	pos := 0
	for _, s := range order {
		i := strings.Index(out[pos:], s)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", s, out)
		}
		pos += i + len(s)
	}
	if strings.Contains(out, "\x1b[") || !strings.Contains(coloured.String(), "\x1b[1;31m错误\x1b[0m") {
		t.Error("colour only when asked")
	}
	if !strings.Contains(out, "位置：ref.yaml:7:3 budget.final.income") {
		t.Errorf("positions:\n%s", out)
	}
	var empty bytes.Buffer
	(&check.Report{Case: "x.yaml", Rulebook: rb}).WriteText(&empty, false)
	if !strings.Contains(empty.String(), "未发现问题。") {
		t.Errorf("empty report: %s", empty.String())
	}
}
