package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	decl2024 = "../../examples/declarations/shijiazhuang-2024.yaml"
	decl2025 = "../../examples/declarations/shijiazhuang-2025.yaml"
)

// projectDeclaration is a small project declaration with an approved
// version and a mid-year adjustment under review.
const projectDeclaration = `kind: 项目
year: 2025
unit: 某县人力资源和社会保障局
project: 职业技能培训
versions:
  - number: 1
    kind: 原始申报
    state: 已批复
    funds:
      - {source: 一般公共预算收入, amount: 200}
      - {source: 其他收入, amount: 80}
    library_amount: 280
    indicators:
      - {library_id: CX-0001, level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥5000人次}
      - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%}
      - {level1: 产出指标, level2: 时效指标, name: 培训按期完成率, target: 100%}
      - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤560元/人次}
      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%}
  - number: 2
    kind: 目标调整
    state: 已提交
    changes:
      - {indicator: CX-0001, code: 预算调整, text: 培训经费调减20万元}
    funds:
      - {source: 一般公共预算收入, amount: 180}
      - {source: 其他收入, amount: 80}
    library_amount: 280
    indicators:
      - {library_id: CX-0001, level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥4500人次}
      - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%}
      - {level1: 产出指标, level2: 时效指标, name: 培训按期完成率, target: 100%}
      - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤560元/人次}
      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60}
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDeclareCheckReference(t *testing.T) {
	out, errs, status := runCLI(t, "declare", "check", decl2024)
	if status != 0 {
		t.Fatalf("status %d: %s\n%s", status, errs, out)
	}
	for _, want := range []string{"2024年度部门整体绩效目标申报 第1版（原始申报，已批复）", "错误 0 项", "L09 时效指标表述模糊", "shijiazhuang-2024.yaml:45:13 versions[0].goals[1].indicators[2].target"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDeclareCheckErrors(t *testing.T) {
	p := writeTemp(t, "申报.yaml", projectDeclaration)
	out, _, status := runCLI(t, "declare", "check", p)
	if status != 1 {
		t.Fatalf("status %d, want 1:\n%s", status, out)
	}
	for _, want := range []string{"第2版（目标调整，已提交）", "D03 申报资金与项目库金额不符", "申报资金合计260.00万元", "D04 指标未填写指标值或度量单位",
		"指标“培训后就业率”的指标值“≥60”没有度量单位", "申报.yaml:33:10 versions[1].indicators[4].unit", "D02", "缺少时效、成本"} {
		if want == "D02" || want == "缺少时效、成本" {
			if strings.Contains(out, want) {
				t.Errorf("output has %q:\n%s", want, out)
			}
			continue
		}
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Version 1 is clean.
	if out, _, status := runCLI(t, "declare", "check", p, "--version", "1"); status != 0 || !strings.Contains(out, "未发现问题") {
		t.Errorf("version 1: status %d\n%s", status, out)
	}
	if _, errs, status := runCLI(t, "declare", "check", p, "--version", "5"); status != 2 || !strings.Contains(errs, "没有第5版") {
		t.Errorf("version 5: status %d %s", status, errs)
	}
	out, _, _ = runCLI(t, "declare", "check", p, "-f", "json")
	if !strings.Contains(out, `"code": "D03"`) {
		t.Errorf("JSON output lacks D03:\n%s", out)
	}
}

func TestDeclareFileErrorsNameFileAndField(t *testing.T) {
	p := writeTemp(t, "坏.yaml", strings.Replace(projectDeclaration, "state: 已提交", "state: 审核中", 1))
	_, errs, status := runCLI(t, "declare", "check", p)
	if status != 2 || !strings.Contains(errs, "坏.yaml:21:5") || !strings.Contains(errs, "审核中") {
		t.Errorf("status %d:\n%s", status, errs)
	}
	_, errs, status = runCLI(t, "declare", "check", filepath.Join(t.TempDir(), "无.yaml"))
	if status != 2 || !strings.Contains(errs, "找不到文件") {
		t.Errorf("a missing file: status %d %s", status, errs)
	}
}

func TestDeclareDiff(t *testing.T) {
	p := writeTemp(t, "申报.yaml", projectDeclaration)
	out, errs, status := runCLI(t, "declare", "diff", p)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{"第1版（原始申报，已批复） → ", "第2版（目标调整，已提交）", "共 3 处变动",
		"修改  申报 › 资金：一般公共预算收入：200 → 180", "修改  产出指标 / 数量指标 / 培训人次（CX-0001） › 年度指标值：≥5000人次 → ≥4500人次",
		"修改  效益指标 / 社会效益指标 / 培训后就业率 › 年度指标值：≥60% → ≥60", "CX-0001：【预算调整】培训经费调减20万元"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, status = runCLI(t, "declare", "diff", decl2024, decl2025)
	if status != 0 || !strings.Contains(out, "（2024年度）") || !strings.Contains(out, "（2025年度）") || !strings.Contains(out, "上年实际完成值：（空） → 5个区") {
		t.Errorf("diff of two years (status %d):\n%s", status, out)
	}
	if _, errs, status := runCLI(t, "declare", "diff", decl2024); status != 2 || !strings.Contains(errs, "只有一个版本") {
		t.Errorf("diff of one version: %d %s", status, errs)
	}
}

// jixiao declare carry makes, from the 2024 declaration and the reference
// case's actuals, the committed 2025 declaration.
func TestDeclareCarry(t *testing.T) {
	out := filepath.Join(t.TempDir(), "2025.yaml")
	_, errs, status := runCLI(t, "declare", "carry", decl2024, "--actuals", reference, "-o", out)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	if !strings.Contains(errs, "25 个指标，其中 7 个列出了上年实际完成值") {
		t.Errorf("stderr: %s", errs)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile(decl2025)
	if !bytes.Equal(got, want) {
		t.Errorf("carry differs from %s", decl2025)
	}
	// A declaration with no approved version cannot be carried.
	p2 := writeTemp(t, "草稿.yaml", "kind: 项目\nyear: 2025\nunit: 某局\nproject: 甲\nversions:\n  - {number: 1, kind: 原始申报, state: 草稿}\n")
	if _, errs, status := runCLI(t, "declare", "carry", p2, "-o", filepath.Join(t.TempDir(), "x.yaml")); status != 2 || !strings.Contains(errs, "没有已批复的版本，无法沿用") {
		t.Errorf("carry of a draft: %d %s", status, errs)
	}
}

// jixiao declare baseline makes a self-evaluation from the approved
// version; check --eval compares it with the declaration.
func TestDeclareBaselineAndEval(t *testing.T) {
	p := writeTemp(t, "申报.yaml", projectDeclaration)
	ev := filepath.Join(filepath.Dir(p), "自评.yaml")
	_, errs, status := runCLI(t, "declare", "baseline", p, "-o", ev)
	if status != 0 || !strings.Contains(errs, "2025年度申报第1版（原始申报）") || !strings.Contains(errs, "5 个指标") {
		t.Fatalf("status %d: %s", status, errs)
	}
	data, _ := os.ReadFile(ev)
	for _, want := range []string{"baseline:", "version: 1", "library_id: CX-0001", "target: ≥5000人次"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("evaluation lacks %q:\n%s", want, data)
		}
	}
	// The approved version 1 is the baseline, not version 2 under review.
	out, _, status := runCLI(t, "declare", "check", p, "--version", "1", "--eval", ev)
	if status != 0 || !strings.Contains(out, "与批复的申报核对：2025年度申报第1版（原始申报）") {
		t.Errorf("unchanged evaluation: status %d\n%s", status, out)
	}
	changed := strings.Replace(string(data), "target: ≥5000人次", "target: ≥4000人次", 1)
	if err := os.WriteFile(ev, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, status = runCLI(t, "declare", "check", p, "--version", "1", "--eval", ev)
	if status != 1 || !strings.Contains(out, "D05 自评指标值与批复的申报不一致") || !strings.Contains(out, "指标“培训人次”的指标值“≥4000人次”与批复的申报（2025年度申报第1版（原始申报））中的“≥5000人次”不一致") ||
		!strings.Contains(out, "自评.yaml:") {
		t.Errorf("changed evaluation: status %d\n%s", status, out)
	}
	out, _, _ = runCLI(t, "declare", "check", p, "--version", "1", "--eval", ev, "-f", "json")
	var both map[string]struct {
		Findings []struct{ Code string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &both); err != nil || len(both["evaluation"].Findings) != 1 || both["evaluation"].Findings[0].Code != "D05" {
		t.Errorf("JSON of both (%v):\n%s", err, out)
	}
	// An evaluation that was not made from a declaration is refused.
	if _, errs, status := runCLI(t, "declare", "check", p, "--eval", reference); status != 2 || !strings.Contains(errs, "没有记载绩效目标基线") {
		t.Errorf("evaluation without baseline: %d %s", status, errs)
	}
	// The evaluation scores.
	if _, errs, status := runCLI(t, "eval", ev); status != 0 {
		t.Errorf("eval of the baseline evaluation: %d %s", status, errs)
	}
}

func TestDeclarationSchema(t *testing.T) {
	out, _, status := runCLI(t, "schema", "--declaration")
	var v map[string]any
	if status != 0 || json.Unmarshal([]byte(out), &v) != nil || !strings.Contains(fmt.Sprint(v["title"]), "jixiao-declaration/1") {
		t.Fatalf("schema --declaration: %d %.300s", status, out)
	}
	if !strings.Contains(out, `"library_amount"`) || !strings.Contains(out, "已批复") {
		t.Errorf("the declaration schema lacks its fields:\n%.500s", out)
	}
	if out, _, _ := runCLI(t, "schema"); strings.Contains(out, "library_amount") {
		t.Error("the case schema has declaration fields")
	}
}
