package check_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// run reads a case from YAML, scores it under its rulebook (mof-2020 for a
// project, shijiazhuang-2024 for a department unless it names one) and
// checks it.
func run(t *testing.T, src string) []jixiao.Finding {
	t.Helper()
	f, err := caseio.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("case: %v", err)
	}
	ev := f.Evaluation
	ref := ev.Rulebook
	if ref == "" {
		ref = map[jixiao.Subject]string{jixiao.SubjectProject: "mof-2020", jixiao.SubjectDepartment: "shijiazhuang-2024"}[ev.Subject]
	}
	rb, err := rulebook.Load(ref)
	if err != nil {
		t.Fatal(err)
	}
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

// find returns the findings with code.
func find(fs []jixiao.Finding, code string) []jixiao.Finding {
	var out []jixiao.Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// expect asserts exactly one finding with code, of severity sev, at path,
// whose message contains each of parts.
func expect(t *testing.T, fs []jixiao.Finding, code string, sev jixiao.Severity, path string, parts ...string) jixiao.Finding {
	t.Helper()
	got := find(fs, code)
	if len(got) != 1 {
		t.Fatalf("want one %s finding, got %d:\n%s", code, len(got), dump(fs))
	}
	f := got[0]
	if f.Severity != sev || f.Path != path {
		t.Errorf("%s: severity %s path %s, want %s %s", code, f.Severity, f.Path, sev, path)
	}
	for _, p := range parts {
		if !strings.Contains(f.Message, p) {
			t.Errorf("%s message %q lacks %q", code, f.Message, p)
		}
	}
	return f
}

func none(t *testing.T, fs []jixiao.Finding, code string) {
	t.Helper()
	if got := find(fs, code); len(got) > 0 {
		t.Errorf("unexpected %s:\n%s", code, dump(got))
	}
}

func dump(fs []jixiao.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", f.Code, f.Severity, f.Path, f.Message)
	}
	return b.String()
}

// project is a clean project case; the tests change one thing in it.
const project = `subject: project
year: 2024
date: 2025-03-15
org: {name: 某局}
projects:
  - name: 培训项目
    budget:
      initial: 100
      adjusted: 100
      final: 95
      lines:
        - {source: 当年财政拨款, initial: 80, adjusted: 80, final: 76}
        - {source: 其他资金, initial: 20, adjusted: 20, final: 19}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 520人次, weight: 20}
      - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%, actual: 95%, weight: 15}
      - {level1: 产出指标, level2: 时效指标, name: 培训按时完成率, target: ≥95%, actual: 98%, weight: 15}
      - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%, actual: 65%, weight: 30}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, actual: 93%, weight: 10}
    goal: 全年培训500人次，合格率不低于90%。
    problems: 部分学员结业后跟踪不够。
    improvements: 建立结业学员回访制度。
    results_use: 自评结果报财政局并公开，问题整改情况纳入下年度自评。
work_group: {text: 成立绩效自评工作组}
`

// department is a clean department case.
const department = `subject: department
year: 2024
date: 2025-03-15
org:
  name: 某局
  units: [甲单位, 乙单位]
  units_stated: 2
  assets: {total: 1000, cash: 600, fixed_original: 500, depreciation: 200, fixed_net: 300}
budget:
  initial:
    income_total: 1000
    income: [{source: 一般公共预算收入, amount: 800}, {source: 事业收入, amount: 200}]
    expenditure_total: 1000
    basic: 400
    personnel: 300
    public: 100
    project: 600
  adjusted:
    income_total: 1100
    income: [{source: general_public, amount: 900}, {source: service, amount: 200}]
    expenditure_total: 1100
    basic: 400
    project: 700
  final:
    income_total: 1100
    income: [{source: general_public, amount: 900}, {source: service, amount: 200}]
    expenditure_total: 1100
    basic: 390
    project: 690
    carryover: 20
  adjust_reason: 年中追加项目经费100万元
goals:
  - {name: 目标一, weight: 50, stated_score: 50}
  - name: 目标二
    weight: 50
    stated_score: 49
    deductions: [{points: 1, reason: 某项目未按期完成}]
stated: {total: 99, grade: 优秀}
problems: [{text: 个别项目进度偏慢。}]
measures: [{text: 加强项目进度督导。}]
work_group: {text: 成立绩效自评工作组}
`

func TestCleanCasesHaveNoFindings(t *testing.T) {
	for name, src := range map[string]string{"project": project, "department": department} {
		if fs := run(t, src); len(fs) > 0 {
			t.Errorf("%s: unexpected findings:\n%s", name, dump(fs))
		}
	}
}

func edit(t *testing.T, src, old, new string) string {
	t.Helper()
	if !strings.Contains(src, old) {
		t.Fatalf("edit: %q not in case", old)
	}
	return strings.Replace(src, old, new, 1)
}
