package check_test

import (
	"testing"

	"jixiao"
)

// scored gives the first three indicators of the project case their full
// scores and leaves the other two unscored.
func scored(t *testing.T, src string) string {
	src = edit(t, src, "weight: 20}", "weight: 20, score: 20}")
	src = edit(t, src, "actual: 95%, weight: 15}", "actual: 95%, weight: 15, score: 15}")
	return edit(t, src, "actual: 98%, weight: 15}", "actual: 98%, weight: 15, score: 15}")
}

func TestS06TotalAboveReachable(t *testing.T) {
	// Stated 50 + unscored 30 + 10 + execution 2 = at most 92.
	src := scored(t, edit(t, project, "    budget:\n", "    execution_score: 2\n    stated: {total: 92}\n    budget:\n"))
	none(t, run(t, src), "S06")
	fs := run(t, edit(t, src, "stated: {total: 92}", "stated: {total: 97}"))
	f := expect(t, fs, "S06", errS, "projects[0].stated.total",
		"所述总分97，而已填得分的3项合计50、未填得分的2项按分值合计40、预算执行得分2，最多可得92分（50 + 40 + 2），超出5分")
	if f.Numbers[1].Value != "92" {
		t.Errorf("numbers %v", f.Numbers)
	}
	// A form cut off has rows that are not there: no S06.
	none(t, run(t, edit(t, src, "stated: {total: 92}", "stated: {total: 97}\n    incomplete: 表格在第12行后缺失")), "S06")
	// Without an execution score, the execution cell counts at its cap.
	fs = run(t, scored(t, edit(t, project, "    budget:\n", "    stated: {total: 101}\n    budget:\n")))
	none(t, fs, "S06") // above 100 is S02, not S06
	fs = run(t, scored(t, edit(t, project, "    budget:\n", "    stated: {total: 99}\n    execution_score: 0\n    budget:\n")))
	expect(t, fs, "S06", errS, "projects[0].stated.total", "最多可得90分（50 + 40 + 0）")
	// Every row scored: S03 compares the sum, S06 stays silent.
	none(t, run(t, project), "S06")
}

func TestS02ExecutionScoreOutOfRange(t *testing.T) {
	// A project table with no indicator rows at all: 88 in a 10-point cell.
	src := `subject: project
year: 2024
org: {name: 某局}
projects:
  - name: 培训项目
    budget: {initial: 100, adjusted: 100, final: 95}
    execution_score: 88
`
	fs := run(t, src)
	expect(t, fs, "S02", errS, "projects[0].execution_score", "预算执行得分88超过分值10（评分规则mof-2020的分值）")
	fs = run(t, edit(t, src, "execution_score: 88", "execution_score: 88\n    stated: {execution_max: 20}"))
	expect(t, fs, "S02", errS, "projects[0].execution_score", "预算执行得分88超过分值20（表中所印分值）")
	none(t, run(t, edit(t, src, "execution_score: 88", "execution_score: 9.5")), "S02")
	// The same score stated as stated.execution of the case.
	fs = run(t, edit(t, src, "    execution_score: 88\n", "")+"stated: {execution: 88, execution_max: 10}\n")
	expect(t, fs, "S02", errS, "stated.execution", "预算执行得分88超过分值10（表中所印分值）")
	// A department's stated execution score against its printed cap.
	fs = run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 99, grade: 优秀, execution: 88, execution_max: 10}"))
	expect(t, fs, "S02", errS, "stated.execution", "预算执行得分88超过分值10（表中所印分值）")
	none(t, run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 99, grade: 优秀, execution: 9, execution_max: 10}")), "S02")
}

// deptCase is a department scored by indicators: execution 1080 / 1100
// = 98.18% → 9.82 points, every indicator met.
const deptCase = `subject: department
year: 2024
date: 2025-03-15
org: {name: 某局}
budget:
  adjusted: {basic: 400, project: 700}
  final: {basic: 390, project: 690}
  adjust_reason: 无
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 520人次, weight: 50, score: 50}
  - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30, score: 30}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10, score: 10}
stated: {execution: 9.82, execution_max: 10, total: 99.82}
problems: [{text: 个别项目进度偏慢。}]
measures: [{text: 加强项目进度督导。}]
work_group: {text: 成立绩效自评工作组}
`

func TestDepartmentByIndicatorsStatedResults(t *testing.T) {
	rb := deptIndicators(t)
	fs := runEv(t, parse(t, deptCase), rb)
	if len(fs) != 0 {
		t.Fatalf("consistent department: %s", dump(fs))
	}
	// The stated execution score against the execution node (S04).
	fs = runEv(t, parse(t, edit(t, deptCase, "execution: 9.82", "execution: 7.1")), rb)
	expect(t, fs, "S04", warnS, "stated.execution", "所述得分7.1，按规则 mof-2020 计算为9.82")
	expect(t, fs, "S03", errS, "stated.total", "报告各项所述得分之和97.1（7.1 + 50 + 30 + 10）≠ 所述总分99.82")
	// The stated total against the computed total (S04) and the parts (S03).
	fs = runEv(t, parse(t, edit(t, deptCase, "total: 99.82", "total: 96")), rb)
	expect(t, fs, "S04", warnS, "stated.total", "所述总分96，按规则 mof-2020 计算为99.82")
	expect(t, fs, "S03", errS, "stated.total", "≠ 所述总分96")
	// A stated indicator score against the rule.
	fs = runEv(t, parse(t, edit(t, deptCase, "actual: 65%, weight: 30, score: 30}", "actual: 30%, weight: 30, score: 30, deviation: 就业形势变化}")), rb)
	// The stated total still adds up the stated rows, so the row is the
	// one difference reported.
	expect(t, fs, "S04", warnS, "indicators[1].score", "所述得分30，按规则 mof-2020 计算为15.00（实际值30% / 目标值60% × 分值30 = 15.00）")
}

func TestL17PrintedCaps(t *testing.T) {
	with := func(caps string) []jixiao.Finding {
		return run(t, edit(t, project, "    budget:\n", "    caps: "+caps+"\n    budget:\n"))
	}
	none(t, with(`[{level1: 预算执行情况, weight: 10}, {level1: 绩效指标, weight: 90}, {level1: 产出指标, weight: 50}, {level1: 产出指标, level2: 数量指标, weight: 20}, {level1: 效益, weight: 30}]`), "L17")
	expect(t, with(`[{level1: 产出指标, weight: 55}]`), "L17", errS, "projects[0].caps[0].weight", "“产出指标(55分)”下3个指标的分值之和为50（20 + 15 + 15）≠ 所印分值55")
	expect(t, with(`[{level1: 产出指标, level2: 数量指标, weight: 25}]`), "L17", errS, "projects[0].caps[0].weight", "“数量指标(25分)”下1个指标的分值之和为20（20）≠ 所印分值25")
	expect(t, with(`[{level1: 绩效指标, weight: 80}]`), "L17", errS, "projects[0].caps[0].weight", "“绩效指标(80分)”下5个指标的分值之和为90")
	fs := run(t, edit(t, project, "    budget:\n", "    caps: [{level1: 预算执行情况, weight: 10}]\n    stated: {execution_max: 20}\n    budget:\n"))
	expect(t, fs, "L17", errS, "projects[0].caps[0].weight", "所印“预算执行情况(10分)”与表中所填预算执行分值20不符")
	// A block with no rows (a form cut off) is not compared.
	none(t, with(`[{level1: 生态效益, weight: 5}]`), "L17")
	none(t, run(t, project), "L17")
}

func TestL17TableCapAgainstBlockCaps(t *testing.T) {
	// Rows print no weights; the form prints 执行20 + 年度绩效目标(80分) over
	// 产出指标(60分) and 效益指标(40分).
	src := `subject: project
year: 2020
org: {name: 某局}
projects:
  - name: 发展资金
    caps: [{level1: 预算执行情况, weight: 20}, {level1: 年度绩效目标, weight: 80}, {level1: 产出指标, weight: 60}, {level1: 效益指标, weight: 40}]
    budget: {adjusted: 285.84, final: 285.84}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 企业数量, target: 3家, actual: 3家, score: 30}
      - {level1: 产出指标, level2: 时效指标, name: 资金拨付及时性, target: ≥98%, actual: 100%, score: 30}
      - {level1: 效益指标, level2: 社会效益指标, name: 推动企业走出去, target: 有利于企业走出去, actual: 有利于企业走出去, score: 40}
`
	fs := run(t, src)
	expect(t, fs, "L17", errS, "projects[0].caps[1].weight", "所印“年度绩效目标(80分)”，而其下所印产出指标(60分) + 效益指标(40分)之和为100")
	none(t, fs, "L02") // the same contradiction, reported once
	fs = run(t, edit(t, src, "{level1: 年度绩效目标, weight: 80}", "{level1: 年度绩效目标, weight: 100}"))
	none(t, fs, "L17")
}

func TestL18WordForNumber(t *testing.T) {
	fs := run(t, edit(t, project, "actual: 520人次", "actual: 完成"))
	expect(t, fs, "L18", warnS, "projects[0].indicators[0].actual", "“培训人次”指标值≥500人次，实际完成值填为“完成”，没有数值")
	none(t, fs, "S05") // the word is reported once, as L18
	fs = run(t, edit(t, project, "actual: 520人次", "actual: 无"))
	expect(t, fs, "L18", warnS, "projects[0].indicators[0].actual", "实际完成值填为“无”")
	// "无" against a target of zero is the figure zero.
	none(t, run(t, edit(t, edit(t, project, "target: ≥500人次", "target: =0人次"), "actual: 520人次", "actual: 无")), "L18")
	// A narrative is still S05, not L18.
	fs = run(t, edit(t, project, "actual: 520人次", "actual: 全年共培训五百余人次"))
	none(t, fs, "L18")
	expect(t, fs, "S05", warnS, "projects[0].indicators", "1个定量指标的完成值不是数值")
	none(t, run(t, project), "L18")
}

func TestP11ScoresDoNotFollowAttainment(t *testing.T) {
	// 培训人次 450 / 500 → 18; stated 20 (above). 合格率 and 就业率 met but
	// stated below full marks, with reasons.
	src := edit(t, project, "actual: 520人次, weight: 20}", "actual: 450人次, weight: 20, score: 20, deviation: 延期}")
	src = edit(t, src, "actual: 95%, weight: 15}", "actual: 95%, weight: 15, score: 14, deviation: 部分班次补考}")
	none(t, run(t, src), "P11") // two rows differ
	src = edit(t, src, "actual: 65%, weight: 30}", "actual: 65%, weight: 30, score: 25, deviation: 就业质量不高}")
	fs := run(t, src)
	expect(t, fs, "P11", warnS, "projects[0].indicators", "项目“培训项目”有3行所填得分与按规则 mof-2020 计算的不同：1行高于按规则应得分，2行低于")
	if len(find(fs, "S04")) != 3 {
		t.Errorf("each row is an S04:\n%s", dump(fs))
	}
	none(t, run(t, project), "P11")
}

func TestL12TextTargetMetByText(t *testing.T) {
	src := edit(t, project, "{level1: 满意度指标", "{level1: 产出指标, level2: 时效指标, name: 完成时间, target: 2023年11月底前完成, actual: 2023年11月底前完成, weight: 5, score: 3}\n      - {level1: 满意度指标")
	fs := run(t, src)
	expect(t, fs, "L12", errS, "projects[0].indicators[4].score", "实际完成情况“2023年11月底前完成”达到指标值“2023年11月底前完成”，却只得3分（分值5），未说明扣分原因")
	expect(t, fs, "S04", warnS, "projects[0].indicators[4].score", "所述得分3，按规则 mof-2020 应为5.00（实际完成情况与指标值一致，视为达到目标，得满分）")
	none(t, run(t, edit(t, src, "weight: 5, score: 3}", "weight: 5, score: 3, deviation: 验收资料提交滞后}")), "L12")
	none(t, run(t, edit(t, src, "weight: 5, score: 3}", "weight: 5, score: 5}")), "L12")
}

func TestRowScoredFromBudget(t *testing.T) {
	// Ningxia scores 预算执行率 inside 项目管理 from the budget: 64.8 / 64.8
	// spent gives 10, the form states 9 and no reason.
	src := `subject: project
year: 2021
rulebook: ningxia-2022
org: {name: 某中学}
projects:
  - name: 初中公用经费
    budget: {initial: 64.8, adjusted: 64.8, final: 64.8}
    indicators:
      - {level1: 项目决策, level2: 项目目标, name: 完整性, target: 目标明确, actual: 目标明确, weight: 10, score: 10}
      - {level1: 项目管理, level2: 投入管理, name: 预算执行率, target: —, actual: 100%, weight: 25, score: 24}
      - {level1: 项目产出, level2: 数量指标, name: 保障人数, target: 2370人, actual: 2370人, weight: 30, score: 30}
      - {level1: 项目效益, level2: 社会效益, name: 正常运转, target: 正常, actual: 正常, weight: 35, score: 35}
`
	fs := run(t, src)
	expect(t, fs, "L12", errS, "projects[0].indicators[1].score", "按规则应得满分25（按预算执行率计分", "表中只得24分，未说明扣分原因")
	expect(t, fs, "S04", warnS, "projects[0].indicators[1].score", "所述得分24，按规则 ningxia-2022 计算为25.00")
	fs = run(t, edit(t, src, "score: 24}", "score: 25}"))
	none(t, fs, "L12")
	none(t, fs, "S04")
}

func TestProjectStatedExecutionAgainstRule(t *testing.T) {
	// 95 / 100 spent → 9.50 of 10 under mof-2020.
	none(t, run(t, project+"stated: {execution: 9.5}\n"), "S04")
	fs := run(t, project+"stated: {execution: 7.1}\n")
	expect(t, fs, "S04", warnS, "stated.execution", "所述得分7.1，按规则 mof-2020 计算为9.50")
	fs = run(t, edit(t, project, "    budget:\n", "    stated: {execution: 7.1}\n    budget:\n"))
	expect(t, fs, "S04", warnS, "projects[0].stated.execution", "所述得分7.1，按规则 mof-2020 计算为9.50")
}

func TestCoefficientAgainstAttainment(t *testing.T) {
	// Chongqing scores a row as printed (得分系数 × 指标权重); a row that
	// missed its target keeps at most its share of the weight.
	src := `subject: department
year: 2021
rulebook: chongqing-2022
org: {name: 某融媒体中心}
budget: {rates: [{of: total, rate: 100%}]}
stated: {execution: 10, execution_max: 10}
indicators:
  - {name: 财政供养人员控制率, target: 100%, actual: 92%, weight: 45, score: 45}
  - {name: 预算调整率, target: 3%, actual: 0, weight: 5, score: 5}
  - {name: 政府采购执行率, target: 100%, actual: 72.74%, weight: 40, score: 40}
`
	fs := run(t, src)
	expect(t, fs, "S04", warnS, "indicators[2].score", "实际值72.74%未达到指标值100%，完成比例72.74%，按比例应得29.10（40 × 72.74%），表中得分40")
	// 控制率 and 调整率 are kept low: 92% of 100% and 0 of 3% meet their targets.
	if got := find(fs, "L12"); len(got) != 1 || got[0].Path != "indicators[2].score" {
		t.Errorf("L12:\n%s", dump(got))
	}
	none(t, run(t, edit(t, src, "weight: 40, score: 40}", "weight: 40, score: 29.1, deviation: 部分采购延至次年}")), "S04")
}

func TestIncompleteFormScoredRowsWithoutData(t *testing.T) {
	// A form cut off reports F01 once; a row scored with neither target
	// nor actual is still named (S05), and the total is not weighed
	// against rows the form no longer shows (S06).
	src := edit(t, project, "    budget:\n", "    incomplete: 表格在第12行后缺失\n    stated: {total: 95}\n    budget:\n")
	src = edit(t, src, "{level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10}",
		"{level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, weight: 10, score: 10}")
	for _, row := range []string{"actual: 520人次, weight: 20", "actual: 95%, weight: 15", "actual: 98%, weight: 15", "actual: 65%, weight: 30"} {
		src = edit(t, src, row+"}", row+", score: 5, deviation: 见说明}")
	}
	fs := run(t, src)
	expect(t, fs, "S05", warnS, "projects[0].indicators", "参训人员满意度")
	none(t, fs, "S06")
	// The same form complete: at most 30 + 10 of 95 is reachable.
	expect(t, run(t, edit(t, src, "    incomplete: 表格在第12行后缺失\n", "")), "S06", errS, "projects[0].stated.total", "所述总分95")
}

func TestLineScores(t *testing.T) {
	// A table scoring 基本支出 and 项目支出 each on its own line: the rate
	// times the printed cap, capped at the cap.
	src := `subject: department
year: 2021
org: {name: 某镇人民政府}
budget:
  initial: {expenditure_total: 1172.55, basic: 985.19, project: 187.36}
  final: {expenditure_total: 1268.72, basic: 914.97, project: 353.75}
  scores:
    - {of: basic, score: 10, max: 10}
    - {of: project, score: 10, max: 10}
goals:
  - {name: 履职, weight: 100, stated_score: 100}
`
	fs := run(t, src)
	expect(t, fs, "S04", warnS, "budget.scores[0].score", "基本支出执行率92.87%（全年执行数914.97 / 年初预算数985.19），× 分值10 = 9.29（最高不超过分值），表中得分10")
	none(t, run(t, edit(t, src, "{of: basic, score: 10, max: 10}", "{of: basic, score: 9.29, max: 10}")), "S04")
}
