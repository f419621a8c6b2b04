package check_test

import (
	"strings"
	"testing"
)

func TestP01HighGradeLowExecution(t *testing.T) {
	// Department: 优秀 while executing 540 of 1100 (49.09%).
	src := edit(t, department, "    basic: 390\n    project: 690\n    carryover: 20", "    basic: 390\n    project: 150\n    carryover: 560")
	fs := run(t, src)
	expect(t, fs, "P01", warnS, "budget", "评价等级为“优秀”（99.00分），而部门预算执行率为49.09%（决算基本支出和项目支出540.00万元 / 调整预算1100.00万元），低于90%")
	fs = run(t, edit(t, src, "goals:", "  execution_cause: 土地收储项目跨年度实施\ngoals:"))
	expect(t, fs, "P01", infoS, "budget", "已说明原因：土地收储项目跨年度实施")
	// A lower grade with the same execution is not flagged.
	lower := edit(t, src, "{name: 目标一, weight: 50, stated_score: 50}", "{name: 目标一, weight: 50, stated_score: 30, deductions: [{points: 20, reason: 多个项目未实施}]}")
	none(t, run(t, lower), "P01")
	// A project.
	fs = run(t, edit(t, edit(t, project, "final: 95\n", "final: 80\n"), "    budget:\n", "    execution_cause: 采购节约\n    budget:\n"))
	expect(t, fs, "P01", infoS, "projects[0]", "评价等级为“优”（98.00分），而预算执行率为80.00%")
	none(t, run(t, department), "P01")
	none(t, run(t, project), "P01")
}

func TestP02AllOnTarget(t *testing.T) {
	src := project
	for _, s := range []struct{ old, new string }{
		{"actual: 520人次", "actual: 500人次"}, {"actual: 95%, weight: 15", "actual: 90%, weight: 15"},
		{"actual: 98%", "actual: 95%"}, {"actual: 65%", "actual: 60%"}, {"actual: 93%", "actual: 90%"},
	} {
		src = edit(t, src, s.old, s.new)
	}
	expect(t, run(t, src), "P02", warnS, "projects[0].indicators", "项目“培训项目”的5个定量指标，实际值全部恰好等于指标值")
	none(t, run(t, project), "P02")
}

func TestP03CountedLists(t *testing.T) {
	fs := run(t, edit(t, department, "units_stated: 2", "units_stated: 3"))
	expect(t, fs, "P03", warnS, "org.units_stated", "所述下属单位3个，实际列出2个")
	none(t, run(t, department), "P03")
}

func TestP04RateFromCounts(t *testing.T) {
	rate := func(actual, num, den string) string {
		return edit(t, project, "name: 培训后就业率, target: ≥60%, actual: 65%",
			"name: 整改到位率, target: ≥85%, actual: "+actual+", numerator: "+num+", denominator: "+den)
	}
	// 28 rectified of 31 is 90.32%: "90%" is that rounded, consistent.
	none(t, run(t, rate("90%", "28", "31")), "P04")
	fs := run(t, rate("90%", "25", "28"))
	expect(t, fs, "P04", warnS, "projects[0].indicators[3].actual", "所述“整改到位率”90%，而分子25 / 分母28 = 89.29%，相差0.71个百分点")
	fs = run(t, rate("90.3%", "28", "31"))
	none(t, fs, "P04")
}

func TestP05SameQuantity(t *testing.T) {
	src := `subject: department
year: 2024
org: {name: 某局}
goals:
  - name: 目标一
    weight: 50
    indicators: [{name: 土地市场监测报告, target: 4份, actual: 4份}, {name: 批而未供土地处置, target: 3.99万亩, actual: 3.99万亩}]
  - name: 目标二
    weight: 50
    indicators: [{name: 土地市场监测报告, target: 5份, actual: 4份}, {name: 批而未供土地处置, target: 39900亩, actual: 39900亩}]
`
	fs := run(t, src)
	expect(t, fs, "P05", warnS, "goals[1].indicators[0].target", "指标“土地市场监测报告”在分项目标1“目标一”中指标值为4份，在分项目标2“目标二”中为5份")
	// 3.99万亩 and 39900亩 are the same quantity.
	none(t, run(t, department), "P05")

	// A name in three places, another in two between them: each later
	// place is compared with the first, in the order the names first
	// appear, targets before actuals.
	src = `subject: department
year: 2024
org: {name: 某局}
goals:
  - name: 目标一
    weight: 30
    indicators: [{name: 培训人次, target: 100人次, actual: 90人次}, {name: 监测报告, target: 4份, actual: 4份}]
  - name: 目标二
    weight: 30
    indicators: [{name: 监测报告, target: 5份, actual: 3份}, {name: 培训人次, target: 100人次, actual: 90人次}]
  - name: 目标三
    weight: 40
    indicators: [{name: 培训人次, target: 120人次, actual: 90人次}]
`
	var got []string
	for _, f := range find(run(t, src), "P05") {
		got = append(got, f.Path+" "+f.Message)
	}
	want := []string{
		"goals[2].indicators[0].target 指标“培训人次”在分项目标1“目标一”中指标值为100人次，在分项目标3“目标三”中为120人次",
		"goals[1].indicators[0].target 指标“监测报告”在分项目标1“目标一”中指标值为4份，在分项目标2“目标二”中为5份",
		"goals[1].indicators[0].actual 指标“监测报告”在分项目标1“目标一”中实际值为4份，在分项目标2“目标二”中为3份",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("P05 findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
