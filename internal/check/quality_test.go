package check_test

import (
	"testing"
)

// ind replaces the first indicator of the clean project case.
func withIndicator(t *testing.T, line string) string {
	return edit(t, project, "{level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 520人次, weight: 20}", line)
}

func TestL01MissingGroups(t *testing.T) {
	fs := run(t, edit(t, project, "level1: 效益指标, level2: 社会效益指标, name: 培训后就业率", "level1: 产出指标, level2: 社会效益指标, name: 培训后就业率"))
	expect(t, fs, "L01", errS, "projects[0].indicators", "项目“培训项目”没有效益指标")
	// 满意度 may be left out under mof-2020 (its weight is reallocated).
	none(t, run(t, edit(t, project, "      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10}\n", "")), "L01")
	none(t, run(t, project), "L01")
}

func TestL03Measurable(t *testing.T) {
	fs := run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 培训开展情况, target: 按计划开展, actual: 已开展, weight: 20}"))
	expect(t, fs, "L03", warnS, "projects[0].indicators[0].target", "指标“培训开展情况”的指标值“按计划开展”没有数值和计量单位，也未设为定性指标")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 质量指标, name: 培训质量, op: 定性, target: 培训质量进一步提升效果明显, tier: 达成, score: 20, weight: 20}"))
	expect(t, fs, "L03", warnS, "projects[0].indicators[0].target", "使用了“效果明显”、“进一步提升”等笼统表述")
	// A declared qualitative indicator with a concrete description is fine.
	none(t, run(t, withIndicator(t, "{level1: 产出指标, level2: 质量指标, name: 培训制度, op: 定性, target: 印发培训管理办法并执行, tier: 达成, score: 20, weight: 20}")), "L03")
	none(t, run(t, project), "L03")
}

func TestL04InputAsOutput(t *testing.T) {
	fs := run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 工程资金金额, target: 43.2万元, actual: 43.2万元, weight: 20}"))
	expect(t, fs, "L04", warnS, "projects[0].indicators[0]", "数量指标“工程资金金额”以金额（万元）计量，是投入而非产出")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 投入培训经费, target: ≥1, actual: 1, weight: 20}"))
	expect(t, fs, "L04", warnS, "projects[0].indicators[0]", "名称是资金、经费等投入")
	// Money under 成本 is a cost indicator, and a disbursement rate is not an input.
	none(t, run(t, withIndicator(t, "{level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤1000元, actual: 900元, weight: 20}")), "L04")
	none(t, run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 补贴资金发放率, target: ≥95%, actual: 96%, weight: 20}")), "L04")
}

func TestL05FewIndicators(t *testing.T) {
	src := `subject: project
year: 2024
org: {name: 某局}
projects:
  - name: 小项目
    budget: {adjusted: 10, final: 10}
    indicators:
      - {level1: 产出指标, name: 完成数, target: ≥1个, actual: 1个, weight: 60}
      - {level1: 效益指标, name: 受益人数, target: ≥10人, actual: 12人, weight: 30}
`
	expect(t, run(t, src), "L05", warnS, "projects[0].indicators", "项目“小项目”只有2个三级指标，少于3个")
	none(t, run(t, project), "L05")
}

func TestL06QualityVsBenefit(t *testing.T) {
	fs := run(t, edit(t, project, "level2: 质量指标, name: 培训合格率", "level2: 质量指标, name: 参训人员就业率"))
	expect(t, fs, "L06", warnS, "projects[0].indicators[1].level2", "质量指标“参训人员就业率”衡量的是效果，应列为效益指标")
	fs = run(t, edit(t, project, "level2: 社会效益指标, name: 培训后就业率", "level2: 社会效益指标, name: 工程验收合格率"))
	expect(t, fs, "L06", warnS, "projects[0].indicators[3].level1", "效益指标“工程验收合格率”衡量的是产出质量，应列为质量指标")
	none(t, run(t, project), "L06")
}

func TestL07SatisfactionForBenefit(t *testing.T) {
	fs := run(t, edit(t, project, "name: 培训后就业率, target: ≥60%, actual: 65%", "name: 企业满意度, target: ≥60%, actual: 65%"))
	expect(t, fs, "L07", warnS, "projects[0].indicators", "项目“培训项目”的效益指标只有满意度类指标（企业满意度）")
	none(t, run(t, project), "L07")
}

func TestL08TargetTooLow(t *testing.T) {
	fs := run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 650人次, weight: 20}"))
	expect(t, fs, "L08", warnS, "projects[0].indicators[0].target", "实际值650人次比指标值≥500人次高出30.00%，超过提示阈值20%，须分析原因")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 650人次, weight: 20, deviation: 企业需求增加}"))
	expect(t, fs, "L08", infoS, "projects[0].indicators[0].target", "已说明原因：企业需求增加")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 成本指标, name: 人均成本, target: ≤1000元, actual: 700元, weight: 20}"))
	expect(t, fs, "L08", warnS, "projects[0].indicators[0].target", "实际值700元比指标值≤1000元低30.00%，超过提示阈值20%，须分析原因；如系指标值设定过松")
	fs = run(t, edit(t, project, "target: ≥95%, actual: 98%", "target: ≥95%, actual: 100%"))
	expect(t, fs, "L08", infoS, "projects[0].indicators[2].target", "时效指标值为≥95%，实际为100%，指标值可能设定偏低")
	// Exactly θ over is not flagged.
	none(t, run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 600人次, weight: 20}")), "L08")
	none(t, run(t, project), "L08")
}

func TestL09VagueTimeliness(t *testing.T) {
	fs := run(t, edit(t, project, "name: 培训按时完成率, target: ≥95%, actual: 98%", "name: 按时间节点完成工作内容, target: ≥95%, actual: 98%"))
	expect(t, fs, "L09", warnS, "projects[0].indicators[2].target", "指标“按时间节点完成工作内容”的指标值“≥95%”没有写明完成时间")
	fs = run(t, edit(t, project, "{level1: 产出指标, level2: 时效指标, name: 培训按时完成率, target: ≥95%, actual: 98%, weight: 15}",
		"{level1: 产出指标, level2: 时效指标, name: 培训完成时间, op: 定性, target: 按时完成, tier: 达成, score: 15, weight: 15}"))
	expect(t, fs, "L09", warnS, "projects[0].indicators[2].target", "“按时完成”没有写明完成时间")
	none(t, run(t, edit(t, project, "{level1: 产出指标, level2: 时效指标, name: 培训按时完成率, target: ≥95%, actual: 98%, weight: 15}",
		"{level1: 产出指标, level2: 时效指标, name: 培训完成时间, op: 定性, target: 12月31日前完成, tier: 达成, score: 15, weight: 15}")), "L09")
	none(t, run(t, project), "L09") // “按时完成率” is a rate
}

func TestL10LongTermGoal(t *testing.T) {
	withGoals := func(long, annual string) string {
		src := edit(t, project, "    goal: 全年培训500人次，合格率不低于90%。\n", "")
		return edit(t, src, "  - name: 培训项目\n", "  - name: 培训项目\n    long_term_goal: "+long+"\n    goal: "+annual+"\n")
	}
	fs := run(t, withGoals("提升劳动者技能。", "提升劳动者技能"))
	expect(t, fs, "L10", warnS, "projects[0].goal", "项目“培训项目”的年度目标与长期目标相同：“提升劳动者技能”")
	none(t, run(t, withGoals("三年培训1.5万人次", "全年培训500人次")), "L10")
}

func TestL11Explanations(t *testing.T) {
	fs := run(t, edit(t, project, "final: 95\n", "final: 85\n"))
	expect(t, find(fs, "L11"), "L11", errS, "projects[0].execution_cause", "预算执行率85.00%（全年执行数85.00万元 / 全年预算数100.00万元）低于90%，未说明原因")
	none(t, run(t, edit(t, edit(t, project, "final: 95\n", "final: 85\n"), "    budget:\n", "    execution_cause: 采购节约\n    budget:\n")), "L11")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 450人次, weight: 20}"))
	expect(t, fs, "L11", errS, "projects[0].indicators[0].deviation", "实际值450人次未达到指标值≥500人次，未填写偏差原因分析")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 质量指标, name: 培训制度, op: 定性, target: 印发培训管理办法, tier: 部分达成, score: 14, weight: 20}"))
	expect(t, fs, "L11", errS, "projects[0].indicators[0].deviation", "评为“部分达成年度指标并具有一定效果”，未填写偏差原因分析")
	// A stated rate with no amounts is explained too: the reference's 15.21%.
	fs = run(t, edit(t, department, "goals:", "projects:\n  - {name: 土地收购补偿金, stated_rate: 15.21%}\ngoals:"))
	expect(t, fs, "L11", errS, "projects[0].execution_cause", "预算执行率15.21%（报告所述）低于90%")
	none(t, run(t, project), "L11")
}

func TestL13CostAgainstBudget(t *testing.T) {
	fs := run(t, withIndicator(t, "{level1: 产出指标, level2: 成本指标, name: 项目总成本, target: ≤120万元, actual: 95万元, weight: 20}"))
	expect(t, fs, "L13", warnS, "projects[0].indicators[0].target", "成本指标“项目总成本”的指标值≤120万元 超过 全年预算数100.00万元")
	fs = run(t, withIndicator(t, "{level1: 产出指标, level2: 成本指标, name: 项目总成本, target: ≤900000元, actual: 850000元, weight: 20}"))
	expect(t, fs, "L13", warnS, "projects[0].indicators[0].target", "指标值≤900000元 ≠ 全年预算数100.00万元")
	none(t, run(t, withIndicator(t, "{level1: 产出指标, level2: 成本指标, name: 项目总成本, target: ≤1000000元, actual: 950000元, weight: 20}")), "L13")
	none(t, run(t, withIndicator(t, "{level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤1200万元, actual: 950元, weight: 20}")), "L13")
}

func TestL14ProjectFunds(t *testing.T) {
	fs := run(t, edit(t, project, "{source: 其他资金, initial: 20, adjusted: 20, final: 19}", "{source: 其他资金, initial: 20, adjusted: 20, final: 29}"))
	expect(t, fs, "L14", errS, "projects[0].budget.final", "全年执行数各来源之和105.00万元 ≠ 全年执行数95.00万元，相差10.00万元（76.00 + 29.00 = 105.00）")
	fs = run(t, edit(t, project, "    budget:\n", "    stated_rate: 96%\n    budget:\n"))
	expect(t, fs, "L14", errS, "projects[0].stated_rate", "所述预算执行率96%，而全年执行数95.00万元 / 全年预算数100.00万元 = 95.00%，相差1.00个百分点")
	none(t, run(t, edit(t, project, "    budget:\n", "    stated_rate: 95%\n    budget:\n")), "L14")
	none(t, run(t, project), "L14")
}
