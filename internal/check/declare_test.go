package check_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
)

// declaration is a clean project declaration; the tests change one thing
// in it.
const declaration = `format: jixiao-declaration/1
kind: 项目
year: 2025
unit: 某县人力资源和社会保障局
project: 职业技能培训
versions:
  - number: 1
    kind: 原始申报
    state: 草稿
    overall_goal: 全年完成职业技能培训5000人次，培训后就业率达到60%以上
    mid_term_goal: 三年内累计培训15000人次
    funds:
      - {source: 一般公共预算收入, amount: 200}
      - {source: 其他收入, amount: 80}
    library_amount: 280
    indicators:
      - {library_id: CX-0001, level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥5000人次, last_actual: 4800人次, weight: 20}
      - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%, weight: 10}
      - {level1: 产出指标, level2: 时效指标, name: 培训按期完成率, target: 100%, weight: 10}
      - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤560元/人次, weight: 10}
      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, last_actual: 58%, weight: 30}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 学员满意度, target: ≥90%, weight: 10}
`

func runDecl(t *testing.T, src string) []jixiao.Finding {
	t.Helper()
	f, err := caseio.ParseDeclaration("申报.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.LoadBuiltin("mof-2020")
	if err != nil {
		t.Fatal(err)
	}
	return check.Declaration(check.DeclarationInput{Declaration: f.Declaration, Rulebook: rb})
}

func TestCleanDeclaration(t *testing.T) {
	if fs := runDecl(t, declaration); len(fs) != 0 {
		t.Errorf("findings on a clean declaration:\n%s", dump(fs))
	}
}

func TestD01TargetBelowLastYear(t *testing.T) {
	fs := runDecl(t, edit(t, declaration, "last_actual: 58%", "last_actual: 75%"))
	expect(t, fs, "D01", warnS, "versions[0].indicators[4].target", "指标“培训后就业率”的指标值≥60%低于上年实际完成值75%，未说明理由")
	// A reason, a target not below, or a ceiling above last year's cost are fine.
	none(t, runDecl(t, edit(t, declaration, "last_actual: 58%", "last_actual: 75%, reason: 就业形势变化，按省定目标设定")), "D01")
	none(t, runDecl(t, edit(t, declaration, "last_actual: 58%", "last_actual: 60%")), "D01")
	none(t, runDecl(t, edit(t, declaration, "target: ≤560元/人次", "target: ≤560元/人次, last_actual: 600元/人次")), "D01")
	// A ceiling set above last year's value is looser: reported.
	fs = runDecl(t, edit(t, declaration, "target: ≤560元/人次", "target: ≤560元/人次, last_actual: 520元/人次"))
	expect(t, fs, "D01", warnS, "versions[0].indicators[3].target", "高于上年实际完成值520元/人次")
	// Units convert: 0.5万人次 is 5000人次.
	none(t, runDecl(t, edit(t, declaration, "last_actual: 4800人次", "last_actual: 0.48万人次")), "D01")
	expect(t, runDecl(t, edit(t, declaration, "last_actual: 4800人次", "last_actual: 0.6万人次")), "D01", warnS, "versions[0].indicators[0].target", "培训人次")
}

func TestD02OutputDimensions(t *testing.T) {
	src := edit(t, declaration, "      - {level1: 产出指标, level2: 时效指标, name: 培训按期完成率, target: 100%, weight: 10}\n", "")
	src = edit(t, src, "      - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤560元/人次, weight: 10}\n", "")
	expect(t, runDecl(t, src), "D02", warnS, "versions[0].indicators", "项目“职业技能培训”的产出指标缺少时效、成本指标（已有数量、质量指标）")
	none(t, runDecl(t, declaration), "D02")
	// 经济成本指标 (财预〔2021〕101号 onward) counts as 成本.
	none(t, runDecl(t, edit(t, declaration, "level2: 成本指标", "level2: 经济成本指标")), "D02")
}

func TestD03LibraryAmount(t *testing.T) {
	expect(t, runDecl(t, edit(t, declaration, "library_amount: 280", "library_amount: 300")), "D03", errS, "versions[0].funds",
		"申报资金合计280.00万元（200.00 + 80.00） ≠ 项目库金额300.00万元，相差20.00万元")
	none(t, runDecl(t, declaration), "D03")
	none(t, runDecl(t, edit(t, declaration, "    library_amount: 280\n", "")), "D03")
}

func TestD04TargetAndUnit(t *testing.T) {
	fs := runDecl(t, edit(t, declaration, "name: 培训合格率, target: ≥90%", "name: 培训合格率, target: ≥90"))
	expect(t, fs, "D04", errS, "versions[0].indicators[1].unit", "指标“培训合格率”的指标值“≥90”没有度量单位")
	fs = runDecl(t, edit(t, declaration, "name: 培训合格率, target: ≥90%, ", "name: 培训合格率, "))
	expect(t, fs, "D04", errS, "versions[0].indicators[1].target", "指标“培训合格率”未填写指标值")
	none(t, fs, "L03") // the missing target is D04's alone
	// A unit given apart, and a qualitative target, are fine.
	none(t, runDecl(t, edit(t, declaration, "name: 培训合格率, target: ≥90%", "name: 培训合格率, target: ≥90, unit: '%'")), "D04")
	none(t, runDecl(t, edit(t, declaration, "name: 学员满意度, target: ≥90%", "name: 学员满意度, op: 定性, target: 学员普遍认可")), "D04")
}

func TestDeclarationRunsIndicatorQualityRules(t *testing.T) {
	// L03 (vague), L04 (input as output), L09 (vague time) and L05 (too few
	// indicators) come from the existing rules, at declaration paths.
	src := edit(t, declaration, "name: 培训合格率, target: ≥90%", "name: 培训合格率, target: 培训质量显著提升")
	expect(t, runDecl(t, src), "L03", warnS, "versions[0].indicators[1].target", "显著提升")
	src = edit(t, declaration, "name: 培训人次, target: ≥5000人次, last_actual: 4800人次", "name: 培训经费, target: 280万元")
	expect(t, runDecl(t, src), "L04", warnS, "versions[0].indicators[0]", "数量指标“培训经费”")
	src = edit(t, declaration, "name: 培训按期完成率, target: 100%", "name: 培训按期完成, target: 按时完成")
	expect(t, runDecl(t, src), "L09", warnS, "versions[0].indicators[2].target", "培训按期完成")
	src = edit(t, declaration, "mid_term_goal: 三年内累计培训15000人次", "mid_term_goal: 全年完成职业技能培训5000人次，培训后就业率达到60%以上")
	expect(t, runDecl(t, src), "L10", warnS, "versions[0].goal", "年度目标与长期目标相同")
	// L13 compares a total cost with the declared funds (280万元).
	src = edit(t, declaration, "name: 人均培训成本, target: ≤560元/人次", "name: 项目总成本, target: ≤300万元")
	expect(t, runDecl(t, src), "L13", warnS, "versions[0].indicators[3].target", "成本指标“项目总成本”的指标值≤300万元 超过 全年预算数280.00万元")
	none(t, runDecl(t, edit(t, declaration, "name: 人均培训成本, target: ≤560元/人次", "name: 项目总成本, target: ≤280万元")), "L13")
	// L01 follows the rulebook's project layout: no benefit indicator.
	src = edit(t, declaration, "      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, last_actual: 58%, weight: 30}\n", "")
	expect(t, runDecl(t, src), "L01", errS, "versions[0].indicators", "没有效益指标")
}

// A department declaration: sub-goals with indicators.
const deptDeclaration = `kind: 部门整体
year: 2024
unit: 某局
versions:
  - number: 1
    kind: 原始申报
    state: 已批复
    goals:
      - name: 做好地理信息数据保障
        weight: 50
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 数字地形图修补测, target: 90平方公里}
          - {level1: 产出指标, level2: 数量指标, name: 数据处理入库, target: 约2万条}
      - name: 耕地卫片监督
        weight: 50
        indicators:
          - {name: 耕地卫片监督, target: 25个}
`

func TestD02DepartmentGoal(t *testing.T) {
	expect(t, runDecl(t, deptDeclaration), "D02", warnS, "versions[0].goals[0].indicators", "分项目标1“做好地理信息数据保障”的产出指标缺少质量、时效、成本指标")
	none(t, runDecl(t, edit(t, deptDeclaration, "          - {level1: 产出指标, level2: 数量指标, name: 数字地形图修补测, target: 90平方公里}\n          - {level1: 产出指标, level2: 数量指标, name: 数据处理入库, target: 约2万条}\n",
		"          - {name: 数字地形图修补测, target: 90平方公里}\n")), "D02")
}

func TestD05AgainstBaseline(t *testing.T) {
	f, err := caseio.ParseDeclaration("申报.yaml", []byte(deptDeclaration))
	if err != nil {
		t.Fatal(err)
	}
	d := f.Declaration
	ev, err := jixiao.Baseline(d)
	if err != nil {
		t.Fatal(err)
	}
	none(t, check.AgainstBaseline(ev, d), "D05")
	// The same target written with its unit apart is the same target.
	ev.Goals[0].Indicators[0].Target, _ = jixiao.ParseFigure("90")
	ev.Goals[0].Indicators[0].Unit = "平方公里"
	none(t, check.AgainstBaseline(ev, d), "D05")
	ev.Goals[0].Indicators[0].Target, _ = jixiao.ParseFigure("80平方公里")
	expect(t, check.AgainstBaseline(ev, d), "D05", errS, "goals[0].indicators[0].target",
		"指标“数字地形图修补测”的指标值“80平方公里”与批复的申报（2024年度申报第1版（原始申报））中的“90平方公里”不一致")
	// A declared indicator missing from the evaluation.
	ev, _ = jixiao.Baseline(d)
	ev.Goals[1].Indicators = nil
	expect(t, check.AgainstBaseline(ev, d), "D05", errS, "goals[1].indicators", "批复的指标“耕地卫片监督”（指标值“25个”）不在自评中")
	// A baseline version that is not approved.
	ev, _ = jixiao.Baseline(d)
	ev.Baseline.Version = 2
	expect(t, check.AgainstBaseline(ev, d), "D05", errS, "baseline.version", "不存在或未批复")
	// An evaluation without a baseline reference is not compared.
	ev.Baseline = nil
	ev.Goals[0].Indicators[0].Target, _ = jixiao.ParseFigure("1平方公里")
	none(t, check.AgainstBaseline(ev, d), "D05")
}

func TestDeclarationVersionChoice(t *testing.T) {
	f, err := caseio.ParseDeclaration("申报.yaml", []byte(deptDeclaration))
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := rulebook.LoadBuiltin("mof-2020")
	if fs := check.Declaration(check.DeclarationInput{Declaration: f.Declaration, Version: 7, Rulebook: rb}); fs != nil {
		t.Errorf("findings for a version that does not exist: %v", fs)
	}
	if !strings.Contains(dump(check.Declaration(check.DeclarationInput{Declaration: f.Declaration, Version: 1, Rulebook: rb})), "D02") {
		t.Error("version 1 not checked")
	}
}

// BenchmarkDeclaration checks a project declaration of 1,000 indicators
// (a large one; real ones have tens).
func BenchmarkDeclaration(b *testing.B) {
	var src strings.Builder
	src.WriteString("kind: 项目\nyear: 2025\nunit: 某局\nproject: 甲\nversions:\n  - number: 1\n    kind: 原始申报\n    state: 草稿\n    funds: [{source: 其他收入, amount: 100}]\n    library_amount: 90\n    indicators:\n")
	for i := range 1000 {
		fmt.Fprintf(&src, "      - {level1: 产出指标, level2: 数量指标, name: 指标%d, target: ≥%d个, last_actual: %d个}\n", i, i, i+1)
	}
	f, err := caseio.ParseDeclaration("b.yaml", []byte(src.String()))
	if err != nil {
		b.Fatal(err)
	}
	rb, _ := rulebook.LoadBuiltin("mof-2020")
	b.ResetTimer()
	for b.Loop() {
		if fs := check.Declaration(check.DeclarationInput{Declaration: f.Declaration, Rulebook: rb}); len(fs) < 1000 {
			b.Fatalf("%d findings", len(fs))
		}
	}
}

func TestD06OutputUnrelatedToGoals(t *testing.T) {
	unrelated := edit(t, declaration, "name: 培训合格率, target: ≥90%", "name: 办公楼外墙粉刷面积, target: ≥90%")
	expect(t, runDecl(t, unrelated), "D06", warnS, "versions[0].indicators[1].name", "产出指标“办公楼外墙粉刷面积”与绩效目标没有共同的词，看不出关联")
	// The clean declaration's outputs share words with its goals (培训).
	none(t, runDecl(t, declaration), "D06")
	// An indicator picked from the library, a benefit indicator, or a
	// declaration without any goal text is not checked.
	none(t, runDecl(t, edit(t, declaration, "name: 培训人次, target: ≥5000人次", "name: 办公楼外墙粉刷面积, target: ≥5000人次")), "D06")
	none(t, runDecl(t, edit(t, declaration, "name: 培训后就业率", "name: 办公楼外墙粉刷面积")), "D06")
	noGoals := edit(t, edit(t, unrelated, "    overall_goal: 全年完成职业技能培训5000人次，培训后就业率达到60%以上\n", ""), "    mid_term_goal: 三年内累计培训15000人次\n", "")
	none(t, runDecl(t, noGoals), "D06")
}
