package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A case that names no rulebook is scored by the one its structure calls
// for, and the CLI says which and why.
func TestEvalChoosesRulebookByStructure(t *testing.T) {
	dir := t.TempDir()
	sichuan := filepath.Join(dir, "sichuan.yaml")
	src := `subject: project
year: 2023
org: {name: 某司法局}
projects:
  - name: 安可替代补助资金
    budget: {initial: 0, adjusted: 3.36, final: 3.36}
    caps:
      - {level1: 预算执行情况, weight: 10}
      - {level1: 绩效指标, weight: 90}
    indicators:
      - {level1: 产出指标, level2: 质量指标, name: 完成安可产品购买, target: "=100%", actual: "100%", weight: 90}
`
	if err := os.WriteFile(sichuan, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, status := runCLI(t, "eval", sichuan)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	if !strings.Contains(errs, "未指定评分规则：表中印有“预算执行情况(10分)”“绩效指标(90分)”，按四川省部门预算项目支出绩效自评（预算执行情况10分，绩效指标90分）（sichuan-2022）计分") {
		t.Errorf("stderr: %s", errs)
	}
	if !strings.Contains(out, "评分规则：sichuan-2022") || !strings.Contains(out, "总分 100.00 / 100    评价等级：优") {
		t.Errorf("stdout:\n%s", out)
	}
}

// A blank form is scored as far as it goes and gets no grade.
func TestEvalBlankFormHasNoGrade(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.yaml")
	src := `subject: project
year: 2023
rulebook: mof-2020
org: {name: 某局}
projects:
  - name: 某项目
    budget: {adjusted: 100, final: 10}
    indicators:
      - {level1: 产出指标, name: 完成数量, target: "≥10个", weight: 50}
      - {level1: 效益指标, name: 群众受益, target: 明显, weight: 40}
`
	if err := os.WriteFile(blank, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, status := runCLI(t, "eval", blank)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	if !strings.Contains(out, "总分 1.00 / 100    评价等级：未评定（表格未填写完整：所有指标均未填写实际完成值和得分）\n") ||
		!strings.Contains(out, "（表格未填写完整（所有指标均未填写实际完成值和得分），按已填写的内容计分，不评定等级）") || strings.Contains(out, "差") {
		t.Errorf("stdout:\n%s", out)
	}
}
