package scoring_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// Expectations below were computed by hand before the tests were run.

func topNodes(sc *jixiao.Scorecard) string {
	var out []string
	for _, n := range sc.Nodes {
		out = append(out, n.Name+" "+jixiao.Plain(n.Weight)+" "+jixiao.Fixed(n.Score, 2))
	}
	return strings.Join(out, "; ")
}

// A printed first-level cap weighs its group unless weights name it; a cap
// on the execution block sets the execution weight; level-2 caps and caps
// of blocks the layout lacks do not weigh anything.
func TestCapsAsWeights(t *testing.T) {
	inds := func() []jixiao.Indicator {
		return []jixiao.Indicator{
			{Level1: "产出指标", Name: "完成数量", Target: fig(t, "≥10个"), Actual: fig(t, "10个")},
			{Level1: "效益指标", Name: "长效机制", Target: fig(t, "长期"), Actual: fig(t, "长期")},
		}
	}
	cases := []struct {
		name    string
		caps    []jixiao.Cap
		weights map[string]string
		want    string
		how     string // substring of the 产出指标 node's explanation
	}{
		{"no caps: 满意度 redistributed", nil, nil, "预算执行率 10 10.00; 产出指标 56.25 56.25; 效益指标 33.75 33.75", "规则默认分值50"},
		{"caps weigh their groups", []jixiao.Cap{{Level1: "产出指标", Weight: jixiao.Dec("60")}, {Level1: "效益指标", Weight: jixiao.Dec("30")}}, nil,
			"预算执行率 10 10.00; 产出指标 60 60.00; 效益指标 30 30.00", "分值60（表中所印）"},
		{"weights beat caps", []jixiao.Cap{{Level1: "产出指标", Weight: jixiao.Dec("60")}, {Level1: "效益指标", Weight: jixiao.Dec("30")}}, map[string]string{"产出指标": "55"},
			"预算执行率 10 10.00; 产出指标 55 55.00; 效益指标 30 30.00", "分值55（案例指定）"},
		{"execution cap, level-2 and unknown caps", []jixiao.Cap{{Level1: "预算执行情况", Weight: jixiao.Dec("20")}, {Level1: "产出指标", Level2: "数量指标", Weight: jixiao.Dec("40")},
			{Level1: "绩效指标", Weight: jixiao.Dec("80")}, {Level1: "产出指标", Weight: jixiao.Dec("50")}, {Level1: "效益指标", Weight: jixiao.Dec("30")}}, nil,
			"预算执行率 20 20.00; 产出指标 50 50.00; 效益指标 30 30.00", "分值50（表中所印）"},
		// Hubei forms print 预算执行情况(20分) and no group caps: the extra 10
		// comes out of the groups, as the missing 满意度指标's 10 goes in.
		{"execution cap alone moves weight from the groups", []jixiao.Cap{{Level1: "预算执行率", Weight: jixiao.Dec("20")}}, nil,
			"预算执行率 20 20.00; 产出指标 50 50.00; 效益指标 30 30.00", "规则默认分值50"},
		{"execution cap 5 gives the groups 95", []jixiao.Cap{{Level1: "预算执行率", Weight: jixiao.Dec("5")}}, nil,
			"预算执行率 5 5.00; 产出指标 59.375 59.38; 效益指标 35.625 35.63", "计入预算执行率表中所印分值与规则默认分值之差及未设置的满意度指标，其分值15按各一级指标默认分值比例调整，本项增减9.375，合计59.375"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := project(inds()...)
			ev.Projects[0].Caps = c.caps
			if c.weights != nil {
				ev.Projects[0].Weights = map[string]decimal.Decimal{}
				for k, v := range c.weights {
					ev.Projects[0].Weights[k] = jixiao.Dec(v)
				}
			}
			sc := score(t, ev, mof(t))
			if got := topNodes(sc); got != c.want {
				t.Errorf("nodes %s\nwant  %s", got, c.want)
			}
			if !strings.Contains(sc.Nodes[1].Explanation, c.how) {
				t.Errorf("explanation %q lacks %q", sc.Nodes[1].Explanation, c.how)
			}
		})
	}
	// The execution cap says where its weight came from.
	ev := project(inds()...)
	ev.Projects[0].Caps = []jixiao.Cap{{Level1: "预算执行率", Weight: jixiao.Dec("15")}}
	if e := score(t, ev, mof(t)).Nodes[0].Explanation; e != "分值15（表中所印）；全年执行数100 / 全年预算数100 = 100.00%，得满分15.00" {
		t.Errorf("execution %s", e)
	}
}

// An indicator a rule scores with the execution rubric takes its rate from
// the budget, else from its own actual (a percentage), else from the rate
// the project states.
func TestExecutionRateLeaf(t *testing.T) {
	rb := mof(t)
	rb.Project.Rules = []jixiao.IndicatorRule{{Match: "资金执行率", Rubric: jixiao.Rubric{Kind: jixiao.RubricExecution}}}
	cases := []struct {
		name   string
		budget *jixiao.ProjectBudget
		actual string
		stated string
		score  string
		how    string
		note   string
	}{
		{"from the budget", &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("80")}, "95%", "", "8", "按预算执行率计分：全年执行数80 / 全年预算数100 = 80.00%，× 分值10 = 8.00", ""},
		{"initial basis is not used by default", &jixiao.ProjectBudget{Initial: dp("50"), Adjusted: dp("100"), Final: dp("100")}, "", "", "10", "按预算执行率计分：全年执行数100 / 全年预算数100 = 100.00%，得满分10.00", ""},
		{"from its own actual", nil, "75%", "", "7.5", "按预算执行率计分：未给出预算数和执行数，按本指标所填实际完成值75%，× 分值10 = 7.50", ""},
		{"from the stated rate", nil, "完成", "60%", "6", "按预算执行率计分：未给出全年预算数和全年执行数，按所述执行率60%，× 分值10 = 6.00", ""},
		{"nothing to go by", nil, "", "", "0", "缺少项目资金的预算数和执行数，也没有填写执行率，无法计算预算执行率，得0分", "无法计算预算执行率"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := jixiao.Indicator{Level1: "产出指标", Name: "资金执行率", Target: fig(t, "100%"), Actual: fig(t, c.actual), Weight: dp("10")}
			ev := project(in, jixiao.Indicator{Level1: "产出指标", Name: "其他", Target: fig(t, "≥1"), Actual: fig(t, "1"), Weight: dp("40")})
			ev.Projects[0].Budget = c.budget
			ev.Projects[0].StatedRate = fig(t, c.stated)
			sc := score(t, ev, rb)
			n := sc.Nodes[1].Children[0]
			if n.Rubric != jixiao.RubricExecution {
				t.Fatalf("rubric %s", n.Rubric)
			}
			check(t, n, want{c.score, c.how, c.note})
		})
	}
}

// Without budget amounts the execution node is scored from the stated rate,
// else from the stated execution score, for a project and a department.
func TestStatedExecution(t *testing.T) {
	ev := project(jixiao.Indicator{Level1: "产出指标", Name: "x", Target: fig(t, "≥1"), Actual: fig(t, "1"), Weight: dp("90")})
	p := &ev.Projects[0]
	p.Budget = nil
	p.ExecutionScore = dp("7.1")
	n := score(t, ev, mof(t)).Nodes[0]
	check(t, n, want{"7.1", "未给出预算数、执行数和执行率，按表中所填预算执行得分7.1计7.10", ""})

	p.StatedRate = fig(t, "71%")
	check(t, score(t, ev, mof(t)).Nodes[0], want{"7.1", "未给出全年预算数和全年执行数，按所述执行率71%，× 分值10 = 7.10", ""})

	cq, err := rulebook.Load("chongqing-2022")
	if err != nil {
		t.Fatal(err)
	}
	dept := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2023, Org: jixiao.Org{Name: "某局"},
		Budget:     &jixiao.Budget{Rates: []jixiao.StatedRate{{Of: "basic", Rate: fig(t, "99%")}, {Of: "total", Rate: fig(t, "71%")}}},
		Indicators: []jixiao.Indicator{{Name: "y", Target: fig(t, "≥1"), Actual: fig(t, "1"), Weight: dp("90")}}}
	sc := score(t, dept, cq)
	check(t, sc.Nodes[0], want{"7.1", "未给出全年预算数和全年执行数，按所述执行率71%，× 分值10 = 7.10", ""})
	if sc.Displayed.String() != "97.1" || sc.Grade != "优" {
		t.Errorf("department total %s %s", sc.Displayed, sc.Grade)
	}
	// A rate cell without its % sign (79.27 under 执行率) is a percentage;
	// a bare number up to 1 is ambiguous and not used.
	dept.Budget.Rates = []jixiao.StatedRate{{Of: "total", Rate: fig(t, "79.27")}}
	check(t, score(t, dept, cq).Nodes[0], want{"7.927", "按所述执行率79.27（未写%，按百分数计），× 分值10 = 7.93", ""})
	dept.Budget.Rates = []jixiao.StatedRate{{Of: "total", Rate: fig(t, "0.8")}}
	check(t, score(t, dept, cq).Nodes[0], want{"0", "无法计算预算执行率", "无法计算预算执行率"})
	dept.Budget = nil
	dept.Stated = &jixiao.Stated{Execution: dp("7.1")}
	check(t, score(t, dept, cq).Nodes[0], want{"7.1", "按表中所填预算执行得分7.1计7.10", ""})
	dept.Stated.Execution = dp("88")
	check(t, score(t, dept, cq).Nodes[0], want{"10", "按表中所填预算执行得分88计10.00", "表中所填预算执行得分88超过分值10，按分值计"})
}

// A text target met by the same text, or by 达到预期 / 完成 / …, scores
// full marks under the qualitative rubric when no tier or score is given.
func TestTextTargets(t *testing.T) {
	cases := []struct {
		name, target, actual, score, deviation string
		want
	}{
		{"identical", "长期", "长期", "", "", want{"10", "定性指标，实际完成值“长期”与年度指标值一致，视为达成，得满分10.00", ""}},
		{"identical but for width, spaces and punctuation", "符合（国家）标准。", "符合 (国家) 标准", "", "", want{"10", "与年度指标值一致，视为达成", ""}},
		{"达到预期", "按时完成", "达到预期", "", "", want{"10", "实际完成值为“达到预期”，视为达成，得满分10.00", ""}},
		{"已完成", "有效提升", "已完成", "", "", want{"10", "实际完成值为“已完成”", ""}},
		{"是", "是否建立台账", "是", "", "", want{"10", "实际完成值为“是”", ""}},
		{"not met", "全面完成", "部分完成", "", "", want{"0", "未评定档次和得分，暂计0分", "待评定"}},
		{"met but scored below full without a reason", "长期", "长期", "8", "", want{"8", "评定得分8.00", "实际完成值“长期”与年度指标值一致，视为达成，但评定得分8.00低于分值10，未说明原因"}},
		{"met and scored below full with a reason", "长期", "长期", "8", "机制尚待完善", want{"8", "评定得分8.00", ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := jixiao.Indicator{Name: "x", Target: fig(t, c.target), Actual: fig(t, c.actual), Weight: dp("10"), Deviation: c.deviation}
			if c.score != "" {
				in.Score = dp(c.score)
			}
			n := leaf(t, in)
			if n.Rubric != jixiao.RubricQualitative {
				t.Fatalf("rubric %s", n.Rubric)
			}
			check(t, n, c.want)
		})
	}
	// A date-like target met by the same text scores full marks.
	n := leaf(t, jixiao.Indicator{Name: "x", Target: fig(t, "2023年11月底前完成"), Actual: fig(t, "2023年11月底前完成"), Weight: dp("10")})
	if !n.Score.Equal(jixiao.Dec("10")) {
		t.Errorf("date target: %s %s", n.Score, n.Explanation)
	}
	// A numeric target is never met by text.
	in := jixiao.Indicator{Name: "x", Target: fig(t, "≥95%"), Actual: fig(t, "完成")}
	if met, _ := scoring.TextMet(&in); met {
		t.Error("numeric target met by 完成")
	}
}

// A form not filled in completely is scored as far as it goes but gets no
// grade, and the text output says why instead of a grade.
func TestIncompleteHasNoGrade(t *testing.T) {
	blank := project(
		jixiao.Indicator{Level1: "产出指标", Name: "a", Target: fig(t, "≥10个"), Weight: dp("50")},
		jixiao.Indicator{Level1: "效益指标", Name: "b", Target: fig(t, "明显"), Weight: dp("40")},
	)
	blank.Projects[0].Budget = &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("10")}
	sc := score(t, blank, mof(t))
	if sc.Displayed.String() != "1" || sc.Grade != "" || sc.Incomplete != "所有指标均未填写实际完成值和得分" ||
		sc.GradeText() != "未评定（表格未填写完整：所有指标均未填写实际完成值和得分）" {
		t.Errorf("blank form: total %s grade %q incomplete %q", sc.Displayed, sc.Grade, sc.Incomplete)
	}
	var b bytes.Buffer
	if err := scoring.WriteText(&b, sc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "总分 1.00 / 100    评价等级：未评定（表格未填写完整：所有指标均未填写实际完成值和得分）\n") || strings.Contains(b.String(), "差") {
		t.Errorf("text output:\n%s", b.String())
	}
	b.Reset()
	if err := scoring.WriteJSON(&b, sc); err != nil {
		t.Fatal(err)
	}
	var js scoring.JSONScorecard
	if err := json.Unmarshal(b.Bytes(), &js); err != nil || js.Grade != "" || js.Incomplete != "所有指标均未填写实际完成值和得分" {
		t.Errorf("json: %+v %v", js, err)
	}

	// A stated reason wins; a filled form marked incomplete gets no grade.
	full := project(jixiao.Indicator{Level1: "产出指标", Name: "a", Target: fig(t, "≥10个"), Actual: fig(t, "10个"), Weight: dp("90")})
	full.Projects[0].Incomplete = "表格在第12行后缺失"
	sc = score(t, full, mof(t))
	if sc.Displayed.String() != "100" || sc.Grade != "" || sc.Incomplete != "表格在第12行后缺失" {
		t.Errorf("marked form: %s %q %q", sc.Displayed, sc.Grade, sc.Incomplete)
	}

	// A form cut off before its indicators scores its execution alone,
	// with no grade; the same form not marked incomplete cannot be scored.
	cut := project()
	cut.Projects[0].Budget = &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("100")}
	cut.Projects[0].Incomplete = "表格在预算执行情况之后没有内容"
	sc = score(t, cut, mof(t))
	if sc.Displayed.String() != "10" || sc.Grade != "" || sc.Incomplete != "表格在预算执行情况之后没有内容" {
		t.Errorf("cut form: %s %q %q", sc.Displayed, sc.Grade, sc.Incomplete)
	}
	cut.Projects[0].Incomplete = ""
	if _, err := scoring.Score(cut, mof(t)); err == nil || !strings.Contains(err.Error(), "没有绩效指标") {
		t.Errorf("a complete form without indicators: %v", err)
	}
}

// The document's own grade bands give the grade; the rulebook still scores.
func TestStatedGradeBands(t *testing.T) {
	ev := project(jixiao.Indicator{Level1: "产出指标", Name: "a", Target: fig(t, "≥100个"), Actual: fig(t, "85个"), Weight: dp("90")})
	// 10 + 90 × 0.85 = 86.5: 良 under mof-2020, 优秀 under bands from 85.
	sc := score(t, ev, mof(t))
	if sc.Grade != "良" || sc.GradeNote != "" {
		t.Fatalf("rulebook grade %s %q", sc.Grade, sc.GradeNote)
	}
	ev.Projects[0].Stated = &jixiao.Stated{Grades: []jixiao.GradeBand{{Name: "优秀", Min: dp("85")}, {Name: "良好", Min: dp("75")}, {Name: "一般", Min: dp("60")}, {Name: "较差"}}}
	sc = score(t, ev, mof(t))
	if sc.Displayed.String() != "86.5" || sc.Grade != "优秀" ||
		sc.GradeNote != "等级按表中所载评价等级标准评定（得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差），不按评分规则mof-2020的等级" {
		t.Errorf("stated bands: %s %s %q", sc.Displayed, sc.Grade, sc.GradeNote)
	}
	// On the evaluation (a department's stated result) they apply as well.
	ev.Projects[0].Stated = nil
	ev.Stated = &jixiao.Stated{Grades: []jixiao.GradeBand{{Name: "合格", Min: dp("80")}, {Name: "不合格"}}}
	if sc = score(t, ev, mof(t)); sc.Grade != "合格" {
		t.Errorf("evaluation bands: %s", sc.Grade)
	}
}

func TestIncompleteRowsWithoutLevel1(t *testing.T) {
	// A form cut off above its level names: its rows are scored on their
	// own, under a node that says so, and the blocks the excerpt does not
	// show are not counted as missing.
	ev := project(
		jixiao.Indicator{Name: "孕产妇访视数", Target: fig(t, "214人"), Actual: fig(t, "203人"), Weight: dp("2")},
		jixiao.Indicator{Name: "接种证", Target: fig(t, "221人"), Actual: fig(t, "221人"), Weight: dp("2")},
	)
	ev.Projects[0].Incomplete = "表格在第31行后缺失"
	sc := score(t, ev, mof(t))
	if sc.Grade != "" {
		t.Errorf("grade %q", sc.Grade)
	}
	var orphan *jixiao.Node
	for _, n := range sc.Nodes {
		if n.Name == "（一级指标名称缺失）" {
			orphan = n
		}
		if n.Name == "产出指标" || n.Name == "效益指标" {
			t.Errorf("block %s counted though the excerpt does not show it", n.Name)
		}
	}
	if orphan == nil || orphan.Weight.String() != "4" || orphan.Score.String() != "3.897196261682" || len(orphan.Children) != 2 ||
		!strings.Contains(orphan.Explanation, "表格未填写完整，2个指标没有一级指标名称，按各行所填分值计4") {
		t.Fatalf("orphan node: %+v", orphan)
	}
	// A complete form still refuses a row without its level-1 name.
	ev.Projects[0].Incomplete = ""
	if _, err := scoring.Score(ev, mof(t)); err == nil {
		t.Error("a complete form with a row without level 1 scored")
	}
}
