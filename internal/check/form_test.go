package check_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// runEv scores and checks an evaluation built by hand (one a case file
// could not hold, such as a blank name) under rb.
func runEv(t *testing.T, ev *jixiao.Evaluation, rb *jixiao.Rulebook) []jixiao.Finding {
	t.Helper()
	in := check.Input{Evaluation: ev, Rulebook: rb}
	sc, err := scoring.Score(ev, rb)
	var ps jixiao.Problems
	switch {
	case err == nil:
		in.Scorecard = sc
	case errors.As(err, &ps):
		in.ScoreProblems = ps
	default:
		t.Fatal(err)
	}
	return check.Check(in)
}

// parse reads a case from YAML.
func parse(t *testing.T, src string) *jixiao.Evaluation {
	t.Helper()
	f, err := caseio.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("case: %v", err)
	}
	return f.Evaluation
}

func mof(t *testing.T) *jixiao.Rulebook {
	t.Helper()
	rb, err := rulebook.Load("mof-2020")
	if err != nil {
		t.Fatal(err)
	}
	return rb
}

// blankProject is the project case with its indicators' actual values
// removed: a form nobody filled in.
func blankProject(t *testing.T) string {
	src := project
	for _, a := range []string{" actual: 520人次,", " actual: 95%,", " actual: 98%,", " actual: 65%,", " actual: 93%,"} {
		src = edit(t, src, a, "")
	}
	return src
}

func TestF01IncompleteForm(t *testing.T) {
	// No actual values and no scores anywhere: recognised as blank.
	fs := run(t, blankProject(t))
	f := expect(t, fs, "F01", warnS, "projects[0].indicators", "表格未填写完整：所有指标均未填写实际完成值和得分，不评定等级")
	if f.Numbers[0].Value != "所有指标均未填写实际完成值和得分" {
		t.Errorf("numbers %v", f.Numbers)
	}
	none(t, fs, "S05") // the form is reported once, not row by row
	// Stated by the case, with a stated total and grade that disagree: no
	// grade finding for a form that gets no grade.
	src := edit(t, project, "    budget:\n", "    incomplete: 表格在第12行后缺失\n    stated: {total: 10, grade: 优}\n    budget:\n")
	fs = run(t, src)
	expect(t, fs, "F01", warnS, "projects[0].incomplete", "表格未填写完整：表格在第12行后缺失，不评定等级")
	none(t, fs, "L15")
	// The same stated grade on a complete form is an L15.
	expect(t, run(t, edit(t, project, "    budget:\n", "    stated: {total: 10, grade: 优}\n    budget:\n")), "L15", errS, "projects[0].stated.grade")
	// Template text left in the conclusion.
	fs = run(t, edit(t, project, "    budget:\n", "    conclusion: （请填写评价结论）\n    budget:\n"))
	expect(t, fs, "F01", warnS, "projects[0].conclusion", "表格未填写完整：评价结论仍是表格模板的填写提示，不评定等级")
	// A department case marked incomplete.
	fs = run(t, edit(t, department, "goals:", "incomplete: 未填写实际完成值和得分\ngoals:"))
	expect(t, fs, "F01", warnS, "incomplete", "表格未填写完整：未填写实际完成值和得分，不评定等级")
	none(t, fs, "L15")
	none(t, fs, "P01")
	// A project case marked incomplete as a whole: one finding.
	fs = run(t, blankProject(t)+"incomplete: 表格在第12行后缺失\n")
	expect(t, fs, "F01", warnS, "incomplete", "表格未填写完整：表格在第12行后缺失，不评定等级")
	none(t, run(t, project), "F01")
	none(t, run(t, department), "F01")
}

func TestF01NoGradeFindingsOnIncompleteScorecard(t *testing.T) {
	// Low execution with the top grade: P01 on a complete form, nothing
	// when the scorecard is marked incomplete.
	src := edit(t, project, "final: 95\n", "final: 50\n")
	src = edit(t, src, "    budget:\n", "    execution_cause: 项目延期\n    budget:\n")
	src = edit(t, src, "final: 76}", "final: 40}")
	src = edit(t, src, "final: 19}", "final: 10}")
	ev, rb := parse(t, src), mof(t)
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		t.Fatal(err)
	}
	fs := check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc})
	expect(t, fs, "P01", infoS, "projects[0]", "评价等级为“优”")
	sc.Incomplete, sc.Grade = "表格在第12行后缺失", ""
	none(t, check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc}), "P01")
}

func TestF02SkippedRows(t *testing.T) {
	src := project + "provenance:\n  document: 自评表.xlsx\n  skipped:\n    - {where: Sheet1!A14, what: 空白的生态效益指标行}\n    - {where: Sheet1!A15, what: ……}\n"
	fs := run(t, src)
	expect(t, fs, "F02", infoS, "provenance.skipped", "读取时跳过了2行空白行或模板行：Sheet1!A14（空白的生态效益指标行）；Sheet1!A15（……）")
	none(t, run(t, project+"provenance: {document: 自评表.xlsx}\n"), "F02")
	none(t, run(t, project), "F02")
}

func TestF03BlankNames(t *testing.T) {
	ev := parse(t, project)
	ev.Org.Name = " "
	ev.Projects[0].Indicators[1].Name = ""
	fs := runEv(t, ev, mof(t))
	got := find(fs, "F03")
	if len(got) != 2 || got[0].Path != "org.name" || got[0].Message != "单位名称为空" || got[1].Path != "projects[0].indicators[1].name" ||
		got[1].Message != "项目“培训项目”第2个指标填有指标值“≥90%”、实际值“95%”、分值15，但指标名称为空" || got[0].Severity != warnS {
		t.Errorf("F03:\n%s", dump(got))
	}
	// A blank project name.
	ev = parse(t, project)
	ev.Projects[0].Name = ""
	expect(t, runEv(t, ev, mof(t)), "F03", warnS, "projects[0].name", "第1个项目的项目名称为空")
	// A table read without its 实施单位.
	src := project + "provenance: {document: 自评表.xlsx, layout: 项目支出绩效自评表（全国通用）}\n"
	expect(t, run(t, src), "F03", warnS, "projects[0].unit", "项目“培训项目”的实施单位为空")
	none(t, run(t, edit(t, src, "  - name: 培训项目\n", "  - name: 培训项目\n    unit: 某培训中心\n")), "F03")
	// A name cell the table prints blank (a project table's 主管部门).
	blank := src + "  blank:\n    - {where: Sheet1!A14, what: 主管部门}\n"
	blank = edit(t, blank, "layout: 项目支出绩效自评表（全国通用）}\n", "layout: 项目支出绩效自评表（全国通用）\n")
	blank = edit(t, blank, "provenance: {document: 自评表.xlsx, layout", "provenance:\n  document: 自评表.xlsx\n  layout")
	blank = edit(t, blank, "  - name: 培训项目\n", "  - name: 培训项目\n    unit: 某培训中心\n")
	got = find(run(t, blank), "F03")
	if len(got) != 1 || got[0].Path != "provenance.blank[0]" || got[0].Message != "表中“主管部门”一栏为空（Sheet1!A14）" || got[0].Severity != warnS {
		t.Errorf("F03 of a blank 主管部门:\n%s", dump(got))
	}
	// A project table whose 实施单位 and 主管部门 are blank has no unit
	// name either: said once for each cell, not again for the unit.
	ev = parse(t, edit(t, blank, "    unit: 某培训中心\n", ""))
	ev.Org.Name = ""
	got = find(runEv(t, ev, mof(t)), "F03")
	if len(got) != 2 || got[0].Path != "projects[0].unit" || got[1].Path != "provenance.blank[0]" {
		t.Errorf("F03 of a project table without names:\n%s", dump(got))
	}
	// A row with no data and no name is not a row.
	ev = parse(t, project)
	ev.Projects[0].Indicators = append(ev.Projects[0].Indicators, jixiao.Indicator{Level1: "效益指标"})
	none(t, runEv(t, ev, mof(t)), "F03")
	none(t, run(t, project), "F03")
}

func TestF04ChosenRulebook(t *testing.T) {
	fs := run(t, project+"provenance: {chosen: 表中有“预算执行情况(10分)”“绩效指标(90分)”，按四川省项目支出绩效自评规则计分}\n")
	expect(t, fs, "F04", infoS, "provenance.chosen", "表中有“预算执行情况(10分)”“绩效指标(90分)”，按四川省项目支出绩效自评规则计分")
	none(t, run(t, project), "F04")
}

// deptIndicators is mof-2020 with a department layout scored by
// indicators, with a 10-point execution node.
func deptIndicators(t *testing.T) *jixiao.Rulebook {
	rb := mof(t)
	l := *rb.Project
	l.Execution = &jixiao.ExecutionRule{Name: "预算执行率", Weight: decimal.NewFromInt(10), Rubric: &jixiao.Rubric{Kind: jixiao.RubricExecution, Basis: "adjusted"}}
	rb.Department = &l
	return rb
}

// TestS05OnACutForm checks a form cut off: the rows the cut left blank are
// F01's, a row scored with neither target nor actual is still S05, and a
// scoring rubric (no row with a target or an actual) gives none.
func TestS05OnACutForm(t *testing.T) {
	src := edit(t, project, "    budget:\n", "    incomplete: 表格在第12行后缺失\n    budget:\n")
	src = edit(t, src, " actual: 93%,", "")
	none(t, run(t, src), "S05")
	src = edit(t, src, "name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30}", "name: 培训后就业率, weight: 30, score: 30}")
	expect(t, run(t, src), "S05", warnS, "projects[0].indicators", "5个指标中，1个未报告完成值：培训后就业率（目标）")
	rubric := `subject: project
year: 2024
org: {name: 某局}
projects:
  - name: 培训项目
    incomplete: 表格在第8行后缺失
    indicators:
      - {level1: 产出指标, level2: 成本指标, name: 项目成本, weight: 10, score: 8}
      - {level1: 效益指标, level2: 社会效益指标, name: 窗口形象, weight: 5, score: 5}
`
	none(t, run(t, rubric), "S05")
}

// Parts of the report's outline the case leaves blank are listed (F05):
// the report prints a placeholder at each.
func TestNarrativeBlanks(t *testing.T) {
	none(t, run(t, project), "F05")
	none(t, run(t, department), "F05")
	fs := run(t, edit(t, project, "    problems: 部分学员结业后跟踪不够。\n", ""))
	expect(t, fs, "F05", warnS, "projects[0].problems", "报告中“存在的问题”待填写")
	fs = run(t, edit(t, project, "    results_use: 自评结果报财政局并公开，问题整改情况纳入下年度自评。\n", ""))
	expectAt(t, fs, "F05", warnS, "projects[0].results_use", "报告中“结果应用”待填写：案例中没有自评结果的应用（整改、预算安排、信息公开等）")
	dep := edit(t, department, "work_group: {text: 成立绩效自评工作组}\n", "")
	dep = edit(t, dep, "measures: [{text: 加强项目进度督导。}]\n", "")
	fs = run(t, dep)
	expectAt(t, fs, "F05", warnS, "measures", "报告中“针对问题提出具体的改进措施或建议”待填写：案例中没有改进措施")
	expectAt(t, fs, "F05", warnS, "process", "报告中“自评的组织工作”待填写：案例中没有自评工作的组织（工作组、资料收集、评价过程）")
}
