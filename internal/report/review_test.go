package report_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/report"
)

var examples = []string{"shijiazhuang-2024.yaml", "department-education-2024.yaml", "project-training-2024.yaml",
	"project-farmland-2024.yaml", "project-clinic-2024.yaml"}

// The submission never carries the checker's output: none of the case's
// findings, no appendix of them, no note about the check — even for a
// case with errors (the reference case's B01).
func TestSubmissionHoldsNoFindings(t *testing.T) {
	errors := 0
	for _, name := range examples {
		ev, rb := example(t, name)
		sc := score(t, ev, rb)
		fs := check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc})
		text := report.Build(ev, sc, report.DefaultOptions).Text()
		for _, f := range fs {
			errors += map[bool]int{true: 1}[f.Severity == jixiao.SeverityError]
			if strings.Contains(text, f.Message) {
				t.Errorf("%s: the submission shows the finding %s: %s", name, f.Code, f.Message)
			}
		}
		for _, s := range []string{"数据核查", "核查结果", "提交前请", "系统根据", "自动核对"} {
			if strings.Contains(text, s) {
				t.Errorf("%s: the submission mentions %q", name, s)
			}
		}
	}
	if errors == 0 {
		t.Fatal("no example has an error finding: the test proves nothing")
	}
}

// The 核查报告 of the reference case: its title and subject, the counts by
// severity, and every finding under its severity with its code, the
// check's title from the catalogue, where it is, what it says and the
// figures compared.
func TestReview(t *testing.T) {
	ev, rb := example(t, "shijiazhuang-2024.yaml")
	sc := score(t, ev, rb)
	fs := check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc})
	d := report.Review(ev, rb, sc, fs)
	if got := strings.Join(d.Title, "|"); got != "石家庄市自然资源和规划局|2024年度部门整体支出绩效自评核查报告" {
		t.Errorf("title %q", got)
	}
	n := map[jixiao.Severity]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	if n[jixiao.SeverityError] != 1 || n[jixiao.SeverityWarning] == 0 {
		t.Fatalf("the reference case's findings changed: %v", n)
	}
	text := d.Text()
	for _, s := range []string{
		"单位：石家庄市自然资源和规划局；评价对象：部门整体支出；年度：2024年；评分规则：" + rb.Title + "。",
		"按上述评分规则计分，自评得分96分，评价等级为“优秀”",
		fmt.Sprintf("共发现%d条：错误1条，警告%d条，提示%d条。", len(fs), n[jixiao.SeverityWarning], n[jixiao.SeverityInfo]),
		"表1：核查结果汇总\n级别\t含义\t条数\n错误\t数字或得分有误，须更正后再提交\t1\n",
		fmt.Sprintf("合计\t\t%d\n", len(fs)),
		"三、核查发现\n（一）错误（1条）\n1.B01 收入明细之和与收入合计不符\n位置：预算收支 › 决算 › 收入\n说明：决算各项收入之和140989.08万元 ≠ 决算收入合计141981.96万元，相差992.88万元（34969.37 + 103536.25 + 1926.79 + 556.67 = 140989.08）\n核对的数字：决算各项收入之和 140989.08；决算收入合计 141981.96；差额 -992.88\n",
		fmt.Sprintf("（二）警告（%d条）\n", n[jixiao.SeverityWarning]),
		"它不是自评报告的组成部分",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("review lacks %q:\n%s", s, text)
		}
	}
	for _, f := range fs {
		if !strings.Contains(text, f.Code+" "+check.Title(f.Code)+"\n") || !strings.Contains(text, "说明："+f.Message+"\n") {
			t.Errorf("review lacks finding %s %s", f.Code, f.Message)
		}
	}
	for _, id := range []string{"shijiazhuang-2024", "budget.final", "goals[", "jixiao"} {
		if strings.Contains(text, id) {
			t.Errorf("review shows the internal name %q", id)
		}
	}
}

// With no findings the review says so; a case that cannot be scored says
// why is in the findings, and names no score.
func TestReviewEmptyAndUnscored(t *testing.T) {
	ev, rb := example(t, "project-farmland-2024.yaml")
	text := report.Review(ev, rb, score(t, ev, rb), nil).Text()
	for _, s := range []string{"农田", "2024年度项目支出绩效自评核查报告", "二、核查结果汇总\n未发现问题。\n", "合计\t\t0\n", "三、核查发现\n未发现问题。\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("review lacks %q:\n%s", s, text)
		}
	}
	fs := []jixiao.Finding{{Code: "S01", Severity: jixiao.SeverityError, Where: "评分", Message: "指标“培训人次”没有分值"}}
	text = report.Review(ev, nil, nil, fs).Text()
	for _, s := range []string{"案例尚不能计分，原因见下列核查发现。", "1.S01 " + check.Title("S01") + "\n位置：评分\n说明：指标“培训人次”没有分值\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("review lacks %q:\n%s", s, text)
		}
	}
	if strings.Contains(text, "评分规则：") || strings.Contains(text, "核对的数字") {
		t.Errorf("unscored review:\n%s", text)
	}
}
