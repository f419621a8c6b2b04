package check_test

import (
	"testing"
)

func TestS01Unscorable(t *testing.T) {
	fs := run(t, edit(t, project, "level1: 产出指标, level2: 数量指标, name: 培训人次", "level1: 投入指标, level2: 数量指标, name: 培训人次"))
	expect(t, fs, "S01", errS, "projects[0].indicators[0].level1", "一级指标“投入指标”不在评分规则“mof-2020”的一级指标中")
	none(t, run(t, project), "S01")
}

func TestS02ScoreOutOfRange(t *testing.T) {
	fs := run(t, edit(t, project, "actual: 520人次, weight: 20}", "actual: 520人次, weight: 20, score: 22}"))
	expect(t, fs, "S02", errS, "projects[0].indicators[0].score", "得分22超过分值20")
	fs = run(t, edit(t, department, "{name: 目标一, weight: 50, stated_score: 50}", "{name: 目标一, weight: 50, stated_score: 51}"))
	expect(t, fs, "S02", errS, "goals[0].stated_score", "得分51超过分值50")
	none(t, run(t, project), "S02")
}

func TestS03PartsAgainstTotal(t *testing.T) {
	fs := run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 98, grade: 优秀}"))
	expect(t, fs, "S03", errS, "stated.total", "报告各项所述得分之和99（50 + 49）≠ 所述总分98")
	// A project table: execution score and every indicator score stated.
	src := edit(t, project, "    budget:\n", "    execution_score: 9.5\n    stated: {total: 99.5}\n    budget:\n")
	for _, s := range []struct{ old, new string }{
		{"weight: 20}", "weight: 20, score: 20}"}, {"weight: 15}", "weight: 15, score: 15}"}, {"actual: 98%, weight: 15}", "actual: 98%, weight: 15, score: 15}"},
		{"weight: 30}", "weight: 30, score: 30}"}, {"weight: 10}", "weight: 10, score: 10}"},
	} {
		src = edit(t, src, s.old, s.new)
	}
	none(t, run(t, src), "S03")
	fs = run(t, edit(t, src, "stated: {total: 99.5}", "stated: {total: 100}"))
	expect(t, fs, "S03", errS, "projects[0].stated.total", "项目“培训项目”各项所述得分之和99.5（9.5 + 20 + 15 + 15 + 30 + 10）≠ 所述总分100")
	none(t, run(t, department), "S03")
}

func TestS04RuleMismatch(t *testing.T) {
	// 培训人次 at 450 of 500 scores 18 under mof-2020; the table says 20.
	src := edit(t, project, "actual: 520人次, weight: 20}", "actual: 450人次, weight: 20, score: 20, deviation: 延期}")
	fs := run(t, src)
	expect(t, fs, "S04", warnS, "projects[0].indicators[0].score", "所述得分20，按规则 mof-2020 计算为18.00（实际值450人次 / 目标值500人次 × 分值20 = 18.00）")
	// Scores are compared at the rulebook's places: 95 / 100 × 10 = 9.50.
	none(t, run(t, edit(t, project, "    budget:\n", "    execution_score: 9.5\n    budget:\n")), "S04")
	fs = run(t, edit(t, project, "    budget:\n", "    execution_score: 10\n    budget:\n"))
	expect(t, fs, "S04", warnS, "projects[0].execution_score", "所述得分10，按规则 mof-2020 计算为9.50")
	// A stated total that the rules do not give.
	fs = run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 99, grade: 优秀}\nindicators: []"))
	none(t, fs, "S04")
	fs = run(t, edit(t, department, "    deductions: [{points: 1, reason: 某项目未按期完成}]", "    deductions: [{points: 2, reason: 某项目未按期完成}]"))
	// The stated total is the sum of the stated goals: its difference is
	// the goal's, reported once.
	expect(t, fs, "S04", warnS, "goals[1].stated_score", "所述得分49，按规则 shijiazhuang-2024 计算为48.00（满分50分，扣2分：某项目未按期完成；得48分）")
	none(t, run(t, department), "S04")
}

func TestS05MissingActuals(t *testing.T) {
	src := `subject: department
year: 2024
org: {name: 某局}
goals:
  - name: 目标一
    weight: 100
    indicators:
      - {name: 甲, target: 5个, actual: 5个}
      - {name: 乙, target: 4份}
      - {name: 丙, target: 122天, actual: 全面完成}
      - {name: 丁, op: 定性, target: 建立制度}
`
	fs := run(t, src)
	expect(t, fs, "S05", warnS, "goals[0].indicators", "分项目标1“目标一”的4个指标中，2个未报告完成值：乙（目标4份）；丁（目标建立制度）；另有1个定量指标的完成值不是数值：丙（目标122天，完成情况“全面完成”）")
	none(t, run(t, project), "S05")
	// A rated qualitative row needs no actual, but one with neither target
	// nor actual has nothing its score rests on.
	src = edit(t, edit(t, src, "      - {name: 乙, target: 4份}\n", ""), "      - {name: 丙, target: 122天, actual: 全面完成}\n", "")
	none(t, run(t, edit(t, src, "{name: 丁, op: 定性, target: 建立制度}", "{name: 丁, op: 定性, target: 建立制度, tier: 优}")), "S05")
	expect(t, run(t, edit(t, src, "{name: 丁, op: 定性, target: 建立制度}", "{name: 丁, op: 定性, tier: 优}")), "S05", warnS, "goals[0].indicators", "1个未报告完成值：丁")
	// A process criterion (项目决策, 项目管理) is rated against its standard:
	// no actual is due.
	proc := edit(t, project, "      - {level1: 产出指标, level2: 数量指标,", "      - {level1: 项目管理, name: 财务制度, weight: 3, score: 3}\n      - {level1: 产出指标, level2: 数量指标,")
	none(t, run(t, proc), "S05")
}

func TestL02Weights(t *testing.T) {
	fs := run(t, edit(t, project, "name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10", "name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 5"))
	expect(t, fs, "L02", errS, "projects[0].indicators", "项目“培训项目”各项分值之和95 ≠ 满分100（预算执行率10 + 产出指标50 + 效益指标30 + 满意度指标5）")
	fs = run(t, edit(t, project, "    indicators:\n", "    weights: {产出指标: 45, 效益指标: 35}\n    indicators:\n"))
	if got := find(fs, "L02"); len(got) != 2 {
		t.Fatalf("want two L02:\n%s", dump(fs))
	}
	expect(t, find(fs, "L02")[:1], "L02", errS, "projects[0].weights.产出指标", "产出指标所含3个指标的分值之和50 ≠ 所述产出指标分值45")
	expect(t, find(fs, "L02")[1:], "L02", errS, "projects[0].weights.效益指标", "效益指标所含1个指标的分值之和30 ≠ 所述效益指标分值35")
	fs = run(t, edit(t, department, "{name: 目标一, weight: 50, stated_score: 50}", "{name: 目标一, weight: 40, stated_score: 40}"))
	expect(t, fs, "L02", errS, "goals", "部门整体各项分值之和90 ≠ 满分100")
	none(t, run(t, project), "L02")
}

func TestL12ScoreAgainstAchievement(t *testing.T) {
	// Full marks for a missed target.
	fs := run(t, edit(t, project, "actual: 520人次, weight: 20}", "actual: 450人次, weight: 20, score: 20, deviation: 延期}"))
	expect(t, fs, "L12", errS, "projects[0].indicators[0].score", "实际值450人次未达到指标值≥500人次，却得满分20")
	// Points lost with the target met and no reason.
	fs = run(t, edit(t, project, "actual: 520人次, weight: 20}", "actual: 520人次, weight: 20, score: 19}"))
	expect(t, fs, "L12", errS, "projects[0].indicators[0].score", "实际值520人次达到指标值≥500人次，却只得19分（分值20），未说明扣分原因")
	none(t, run(t, edit(t, project, "actual: 520人次, weight: 20}", "actual: 520人次, weight: 20, score: 19, deviation: 部分学员档案不全}")), "L12")
	// A deduction without a reason.
	fs = run(t, edit(t, department, "deductions: [{points: 1, reason: 某项目未按期完成}]", "deductions: [{points: 1}]"))
	expect(t, fs, "L12", errS, "goals[1].deductions[0].reason", "扣1分，没有说明扣分原因")
	// A stated goal score below its weight with no deductions at all.
	fs = run(t, edit(t, department, "{name: 目标一, weight: 50, stated_score: 50}", "{name: 目标一, weight: 50, stated_score: 48}"))
	expect(t, find(fs, "L12"), "L12", errS, "goals[0].stated_score", "所述得分48低于分值50，但没有记录扣分及其原因")
	// Top tier, points lost, no reason.
	q := edit(t, project, "name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30", "name: 长效机制, op: 定性, target: 建立机制, tier: 达成, score: 28, weight: 30")
	expect(t, run(t, q), "L12", errS, "projects[0].indicators[3].score", "评为“达成年度指标”，得28分（分值30），未说明扣分原因")
	none(t, run(t, project), "L12")
}

func TestL15Grade(t *testing.T) {
	fs := run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 99, grade: 良好}"))
	expect(t, fs, "L15", errS, "stated.grade", "所述总分99分按等级标准（得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差）应为“优秀”，所述等级为“良好”")
	none(t, run(t, department), "L15")
	// A document's own bands grade its own total: 99 is 良 under bands
	// that start 优 at 100.
	own := "grades: [{name: 优, min: 100}, {name: 良, min: 90}, {name: 差}]"
	none(t, run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 99, grade: 良, "+own+"}")), "L15")
	fs = run(t, edit(t, department, "stated: {total: 99, grade: 优秀}", "stated: {total: 99, grade: 优, "+own+"}"))
	expect(t, fs, "L15", errS, "stated.grade", "所述总分99分按表中所载等级标准（得分≥100分为优；90≤得分＜100分为良；得分＜90分为差）应为“良”，所述等级为“优”")
}

func TestL16TierBand(t *testing.T) {
	q := func(tier, score string) string {
		return edit(t, project, "name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30",
			"name: 长效机制, op: 定性, target: 建立机制, tier: "+tier+", score: "+score+", weight: 30, deviation: 尚未印发制度")
	}
	fs := run(t, q("部分达成", "24"))
	expect(t, fs, "L16", errS, "projects[0].indicators[3].score", "评为“部分达成年度指标并具有一定效果”，该档得分区间为18.00–<24.00分（分值30的60%–<80%），评定得分24不在区间内")
	none(t, run(t, q("部分达成", "23.9")), "L16")
	none(t, run(t, q("达成", "24")), "L16") // 80% is the lower bound of 达成, inclusive
	none(t, run(t, q("未达成", "0")), "L16")
}
