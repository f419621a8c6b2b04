package check_test

import (
	"strings"
	"testing"

	"jixiao"
)

func TestB09ZeroTotalRow(t *testing.T) {
	src := `subject: project
year: 2024
org: {name: 某局}
projects:
  - name: 培训项目
    stated_rate: 0%
    execution_score: 0
    budget:
      initial: 0
      adjusted: 0
      final: 0
      lines:
        - {source: 财政拨款, initial: 120, adjusted: 118.5, final: 118.5}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 520人次, weight: 50}
      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10}
`
	fs := run(t, src)
	expect(t, fs, "B09", errS, "projects[0].budget",
		"年度资金总额0.00/0.00/0.00万元，而各资金来源之和为120.00/118.50/118.50万元（财政拨款120.00/118.50/118.50），按明细计算执行率为100.00%（118.50 / 118.50）；所述执行率0%、所述预算执行得分0分与此不符")
	none(t, fs, "L14") // one finding for the row, not one per column
	// The zero total row cannot be read, so the budget checks read the
	// source line: cut from 120 to 118.5 without a reason, and exactly to
	// what was spent.
	expect(t, fs, "B10", warnS, "projects[0].budget.adjust_reason", "全年预算数118.50万元与年初预算数120.00万元不同（减少1.50万元，-1.25%）")
	expect(t, fs, "P06", warnS, "projects[0].budget.adjusted", "按年初预算执行率98.75%（118.50 / 120.00）")
	src = edit(t, src, "initial: 0\n      adjusted: 0\n      final: 0", "initial: 120\n      adjusted: 118.5\n      final: 118.5\n      adjust_reason: 年中收回结余")
	src = edit(t, src, "stated_rate: 0%\n    execution_score: 0", "stated_rate: 100%\n    execution_score: 10")
	fs = run(t, src)
	none(t, fs, "B09")
	none(t, fs, "L14")
}

func TestB10AdjustmentWithoutReason(t *testing.T) {
	src := edit(t, project, "initial: 100\n", "initial: 120\n")
	src = edit(t, src, "initial: 80, adjusted: 80", "initial: 100, adjusted: 80")
	fs := run(t, src)
	expect(t, fs, "B10", warnS, "projects[0].budget.adjust_reason", "全年预算数100.00万元与年初预算数120.00万元不同（减少20.00万元，-16.67%），未说明预算调整原因")
	none(t, run(t, edit(t, src, "      lines:", "      adjust_reason: 年中收回部分资金统筹使用\n      lines:")), "B10")
	// A department's narrative that explains the change is a reason.
	dep := edit(t, department, "  adjust_reason: 年中追加项目经费100万元\n", "")
	expect(t, run(t, dep), "B10", warnS, "budget.adjust_reason", "调整预算1100.00万元与年初预算1000.00万元不同（增加100.00万元，10.00%），未说明预算调整原因")
	none(t, run(t, strings.Replace(dep, "problems: [{text: 个别项目进度偏慢。}]", "problems: [{text: 年中追加了培训项目经费}]", 1)), "B10")
	none(t, run(t, project), "B10")
	none(t, run(t, department), "B10")
}

func TestB11ListedProjects(t *testing.T) {
	with := func(list string) string {
		return edit(t, department, "  adjust_reason:", "  projects: "+list+"\n  adjust_reason:")
	}
	fs := run(t, with(`[{name: 甲, plan: 30}, {name: 乙, plan: 40}, {name: 丙, plan: 20}, {name: 丁, plan: 30}]`))
	expect(t, fs, "B11", warnS, "budget.adjusted.project", "所列4个项目的预算数之和120.00万元（30.00 + 40.00 + 20.00 + 30.00）≠ 调整预算项目支出700.00万元，相差580.00万元")
	// Plans may add up to the initial budget; actuals to the final accounts.
	none(t, run(t, with(`[{name: 甲, plan: 300, actual: 290}, {name: 乙, plan: 300, actual: 400}]`)), "B11")
	fs = run(t, with(`[{name: 甲, plan: 300, actual: 290}, {name: 乙, plan: 400, actual: 390}]`))
	expect(t, fs, "B11", warnS, "budget.final.project", "所列2个项目的执行数之和680.00万元（290.00 + 390.00）≠ 决算项目支出690.00万元，相差10.00万元")
	none(t, run(t, department), "B11")
	// A table by year: the projects' last-year figures against 项目支出's.
	yearly := func(prev string) string {
		return edit(t, department, "  adjust_reason:", "  projects: [{name: 甲, plan: 960, actual: 958.7, previous: 1049.4}, {name: 乙, plan: 44.5, actual: 43.6, previous: "+prev+"}]\n"+
			"  changes: [{item: 项目支出, previous: 1206, current: 1002.3}]\n  adjust_reason:")
	}
	// (This department's budget is another's: its plan and final accounts
	// differ too, and are reported first.)
	fs = run(t, yearly("160.6"))
	if got := find(fs, "B11"); len(got) != 3 || got[1].Path != "budget.final.project" || got[2].Path != "budget.changes[0].previous" ||
		got[2].Message != "所列2个项目的上年数之和1210.00万元（1049.40 + 160.60）≠ 上年项目支出1206.00万元，相差4.00万元" {
		t.Errorf("B11 by year:\n%s", dump(got))
	}
	if got := find(run(t, yearly("156.6")), "B11"); len(got) != 2 {
		t.Errorf("B11 by year, last year consistent:\n%s", dump(got))
	}
	// Without final accounts in the budget, 项目支出's current figure.
	noFinal := strings.Replace(yearly("156.6"), "    project: 690\n", "", 1)
	if got := find(run(t, noFinal), "B11"); len(got) != 1 || got[0].Path != "budget.adjusted.project" {
		t.Errorf("B11 by year against 项目支出's current figure:\n%s", dump(got))
	}
}

func TestB12YearOnYear(t *testing.T) {
	with := func(ch string) string {
		return edit(t, department, "  adjust_reason:", "  changes: ["+ch+"]\n  adjust_reason:")
	}
	none(t, run(t, with(`{item: 一般公共预算支出, previous: 1000, current: 1100, change: 100, rate: 10%}`)), "B12")
	fs := run(t, with(`{item: 一般公共预算支出, previous: 1000, current: 1100, change: 120, rate: 10%}`))
	expect(t, fs, "B12", errS, "budget.changes[0].change", "“一般公共预算支出”本年数1100.00 − 上年数1000.00 = 100.00万元，而所述增减额为120.00万元")
	fs = run(t, with(`{item: 一般公共预算支出, previous: 1000, current: 875, rate: -10%}`))
	expect(t, fs, "B12", errS, "budget.changes[0].rate", "所述“一般公共预算支出”增减率-10%，而增减额-125.00万元 / 上年数1000.00万元 = -12.50%，相差2.50个百分点")
}

func TestP06CutToSpent(t *testing.T) {
	src := `subject: project
year: 2024
org: {name: 某局}
projects:
  - name: 培训项目
    budget: {initial: 300, adjusted: 185.2, final: 185.2, adjust_reason: 项目调整}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 520人次, weight: 50}
      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10}
`
	fs := run(t, src)
	expect(t, fs, "P06", warnS, "projects[0].budget.adjusted", "全年预算数由年初300.00万元调减为185.20万元，恰等于全年执行数185.20万元：按全年预算执行率100.00%，按年初预算执行率61.73%（185.20 / 300.00）")
	none(t, run(t, edit(t, src, "final: 185.2", "final: 185.1")), "P06")
	none(t, run(t, project), "P06")
}

func TestP07LineOverPlan(t *testing.T) {
	with := func(a string) string {
		return edit(t, project, "      lines:", "      uses: [{name: 设备购置, plan: 50, actual: "+a+"}, {name: 培训费, plan: 50, actual: 35}]\n      lines:")
	}
	fs := run(t, with("60"))
	expect(t, fs, "P07", warnS, "projects[0].budget.uses[0].actual", "“设备购置”执行数60.00万元超过计划数50.00万元（超出10.00万元），而总额执行数95.00万元未超过计划数100.00万元")
	none(t, run(t, with("50")), "P07")
	// A fund line over its plan.
	src := edit(t, project, "{source: 当年财政拨款, initial: 80, adjusted: 80, final: 76}", "{source: 当年财政拨款, initial: 80, adjusted: 70, final: 76}")
	src = edit(t, src, "{source: 其他资金, initial: 20, adjusted: 20, final: 19}", "{source: 其他资金, initial: 20, adjusted: 30, final: 19}")
	expect(t, run(t, src), "P07", warnS, "projects[0].budget.lines[0].final", "“当年财政拨款”执行数76.00万元超过计划数70.00万元")
	none(t, run(t, project), "P07")
}

func TestP08CutButFullOutputs(t *testing.T) {
	with := func(adj, other string) string {
		src := edit(t, project, "{source: 当年财政拨款, initial: 80, adjusted: 80, final: 76}", "{source: 当年财政拨款, initial: 80, adjusted: "+adj+", final: "+adj+"}")
		return edit(t, src, "{source: 其他资金, initial: 20, adjusted: 20, final: 19}", "{source: 其他资金, initial: 20, adjusted: "+other+", final: "+other+"}")
	}
	// 当年财政拨款 80 → 50 (−37.5%) while all 3 outputs are met in full.
	fs := run(t, edit(t, with("50", "45"), "final: 95\n", "final: 95\n"))
	expect(t, fs, "P08", warnS, "projects[0].budget", "当年财政拨款由80.00万元调减为50.00万元（−37.50%），而3个产出指标全部得满分")
	none(t, run(t, with("60", "35")), "P08") // −25%
	// An output that misses its target is not full marks.
	none(t, run(t, edit(t, with("50", "45"), "actual: 520人次", "actual: 450人次, deviation: 延期")), "P08")
	none(t, run(t, project), "P08")
}

func TestP09CountParts(t *testing.T) {
	with := func(n string) string {
		return department + "counts: [{what: 项目个数, total: " + n + ", parts: [{label: 年初安排, count: 6}, {label: 年中追加, count: 5}]}]\n"
	}
	expect(t, run(t, with("10")), "P09", warnS, "counts[0].total", "所述项目个数10个，而年初安排6个 + 年中追加5个 = 11个")
	none(t, run(t, with("11")), "P09")
	none(t, run(t, department), "P09")
}

func TestP10LowExecutionHighStatedScore(t *testing.T) {
	// 71 / 100 spent, 就业率 missed: the rules give 82.1 (良), the table
	// states 96.4 and no grade.
	src := edit(t, project, "final: 95\n", "final: 71\n")
	src = edit(t, src, "final: 76}", "final: 60}")
	src = edit(t, src, "final: 19}", "final: 11}")
	src = edit(t, src, "actual: 65%, weight: 30}", "actual: 30%, weight: 30, deviation: 就业形势变化}")
	src = edit(t, src, "    budget:\n", "    execution_cause: 项目延期\n    stated: {total: 96.4}\n    budget:\n")
	fs := run(t, src)
	expect(t, fs, "P10", warnS, "projects[0].stated.total", "预算执行率71.00%（全年执行数71.00万元 / 全年预算数100.00万元），低于90%，而所述总分96.4分达到“优”的分数线90分")
	none(t, fs, "P01")
	// The stated total is the form's own: a form cut off still states it.
	fs = run(t, edit(t, src, "stated: {total: 96.4}", "stated: {total: 96.4}\n    incomplete: 表格在第9行后缺失"))
	expect(t, fs, "P10", warnS, "projects[0].stated.total", "所述总分96.4分")
	// A stated grade is P01's and L15's business; a lower total is fine.
	none(t, run(t, edit(t, src, "stated: {total: 96.4}", "stated: {total: 96.4, grade: 优}")), "P10")
	none(t, run(t, edit(t, src, "stated: {total: 96.4}", "stated: {total: 82.1}")), "P10")
	// When the rules themselves give the top grade, P01 reports it.
	fs = run(t, edit(t, src, "actual: 30%, weight: 30, deviation: 就业形势变化}", "actual: 65%, weight: 30}"))
	expect(t, fs, "P01", infoS, "projects[0]", "评价等级为“优”（97.10分），而预算执行率为71.00%")
	none(t, fs, "P10")
	none(t, run(t, project), "P10")
}

// TestReportFormFunds checks a report form's funds (计划安排 / 实际到位 /
// 实际支出 / 结余): spending over the plan or the funds received (B05),
// the sources received against the total received, and the stated balance
// against received less spent (L14).
func TestReportFormFunds(t *testing.T) {
	src := edit(t, project, `      initial: 100
      adjusted: 100
      final: 95
      lines:
        - {source: 当年财政拨款, initial: 80, adjusted: 80, final: 76}
        - {source: 其他资金, initial: 20, adjusted: 20, final: 19}`, `      adjusted: 170
      received: 170
      final: 179.6
      balance: 0
      lines:
        - {source: 省财政, adjusted: 170, received: 170, final: 170}
        - {source: 其它, received: 9.6, final: 9.6}`)
	fs := run(t, src)
	expect(t, fs, "B05", warnS, "projects[0].budget.final", "全年执行数179.60万元 > 全年预算数170.00万元、实际到位资金170.00万元，超出9.60万元")
	expectAt(t, fs, "L14", errS, "projects[0].budget.received", "实际到位资金各来源之和179.60万元 ≠ 实际到位资金170.00万元，相差9.60万元（170.00 + 9.60 = 179.60）")
	expectAt(t, fs, "L14", errS, "projects[0].budget.balance", "所述结余0.00万元，而实际到位资金170.00 − 实际支出179.60 = -9.60万元")
	if n := len(find(fs, "L14")); n != 2 {
		t.Errorf("want 2 L14 findings, got %d:\n%s", n, dump(fs))
	}
	// Received short of the plan: over what was received only.
	src = edit(t, src, "received: 170\n      final: 179.6\n      balance: 0", "received: 150\n      final: 160\n      balance: -10")
	src = edit(t, src, "{source: 省财政, adjusted: 170, received: 170, final: 170}", "{source: 省财政, adjusted: 170, received: 140.4, final: 150.4}")
	fs = run(t, src)
	expect(t, fs, "B05", warnS, "projects[0].budget.final", "全年执行数160.00万元 > 实际到位资金150.00万元，超出10.00万元")
	none(t, fs, "L14")
	none(t, run(t, project), "B05")
}

// TestB05InitialOnly checks a department table with no adjusted budget:
// the final accounts against the initial budget, the total included.
func TestB05InitialOnly(t *testing.T) {
	src := `subject: department
year: 2024
org: {name: 某镇人民政府}
budget:
  initial: {expenditure_total: 1172.55, basic: 985.19, project: 187.36}
  final: {expenditure_total: 1268.72, basic: 914.97, project: 353.75}
incomplete: 表格在第11行后没有内容
rulebook: chongqing-2022
`
	fs := run(t, src)
	expectAt(t, fs, "B05", warnS, "budget.final.project", "项目支出决算353.75万元 > 年初预算187.36万元，超出166.39万元")
	expectAt(t, fs, "B05", warnS, "budget.final.expenditure_total", "支出合计决算1268.72万元 > 年初预算1172.55万元，超出96.17万元")
	if n := len(find(fs, "B05")); n != 2 {
		t.Errorf("want 2 B05 findings (not the basic expenditure, within its budget), got %d:\n%s", n, dump(fs))
	}
}

// expectAt asserts one finding with code at path, of severity sev, whose
// message is msg.
func expectAt(t *testing.T, fs []jixiao.Finding, code string, sev jixiao.Severity, path, msg string) {
	t.Helper()
	for _, f := range find(fs, code) {
		if f.Path == path {
			if f.Severity != sev || f.Message != msg {
				t.Errorf("%s at %s: %s %q, want %s %q", code, path, f.Severity, f.Message, sev, msg)
			}
			return
		}
	}
	t.Errorf("no %s at %s:\n%s", code, path, dump(fs))
}

func TestL14SpendingByPurpose(t *testing.T) {
	src := edit(t, project, "        - {source: 其他资金, initial: 20, adjusted: 20, final: 19}\n",
		"        - {source: 其他资金, initial: 20, adjusted: 20, final: 19}\n      uses:\n        - {name: 师资, plan: 60, actual: 58}\n        - {name: 场地, plan: 40, actual: 37}\n")
	none(t, run(t, src), "L14")
	fs := run(t, edit(t, src, "{name: 场地, plan: 40, actual: 37}", "{name: 场地, plan: 25, actual: 37}"))
	expect(t, fs, "L14", errS, "projects[0].budget.uses", "所列2项用途的计划数之和85.00万元（60.00 + 25.00）≠ 年初预算数100.00万元，相差15.00万元")
	fs = run(t, edit(t, src, "{name: 场地, plan: 40, actual: 37}", "{name: 场地, plan: 40, actual: 47}"))
	expect(t, fs, "L14", errS, "projects[0].budget.uses", "所列2项用途的完成数之和105.00万元（58.00 + 47.00）≠ 全年执行数95.00万元")
}

// TestS04StatedDeductions checks a row whose explanation states the points
// lost: its score against its weight less them.
func TestS04StatedDeductions(t *testing.T) {
	src := edit(t, project, "name: 培训人次, target: ≥500人次, actual: 520人次, weight: 20}",
		"name: 培训人次, target: ≥500人次, actual: 520人次, weight: 20, score: 17.75, deductions: [{points: 0.5, reason: 总支出超出预算2.5%，扣除0.5分}]}")
	fs := run(t, src)
	expectAt(t, fs, "S04", warnS, "projects[0].indicators[0].score", "所述得分17.75，而分值20 − 所述扣分0.5 = 19.5")
	none(t, run(t, edit(t, src, "score: 17.75", "score: 19.5")), "S04")
}
