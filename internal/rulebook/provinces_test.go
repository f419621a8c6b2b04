package rulebook_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// The expectations in this file were computed by hand from each rulebook's
// rules before the tests were first run.

func dp(s string) *decimal.Decimal { d := jixiao.Dec(s); return &d }

func fig(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func load(t *testing.T, name string) *jixiao.Rulebook {
	t.Helper()
	rb, err := rulebook.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := rb.Validate(); err != nil {
		t.Fatal(err)
	}
	return rb
}

func scoreCase(t *testing.T, ev *jixiao.Evaluation, rb *jixiao.Rulebook) *jixiao.Scorecard {
	t.Helper()
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		t.Fatalf("Score under %s: %v", rb.Name, err)
	}
	return sc
}

// nodes returns "name weight score" of the top-level nodes, scores to two
// places, for compact assertions.
func tops(sc *jixiao.Scorecard) []string {
	var out []string
	for _, n := range sc.Nodes {
		out = append(out, n.Name+" "+jixiao.Plain(n.Weight)+" "+jixiao.Fixed(n.Score, 2))
	}
	return out
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d] = %q, want %q", what, i, got[i], want[i])
		}
	}
}

func projectCase(b *jixiao.ProjectBudget, inds ...jixiao.Indicator) *jixiao.Evaluation {
	return &jixiao.Evaluation{Subject: jixiao.SubjectProject, Year: 2023, Org: jixiao.Org{Name: "某局"},
		Projects: []jixiao.Project{{Name: "某项目", Budget: b, Indicators: inds}}}
}

// Sichuan: 预算执行情况(10分) + 绩效指标(90分) shared by the rows' weights
// (产出 60, 效益 30, no 满意度).
func TestSichuan2022(t *testing.T) {
	rb := load(t, "sichuan-2022")
	if !rb.ExplainBelow.Equal(jixiao.Dec("0.9")) || rb.Project.Execution == nil || !rb.Project.Execution.Weight.Equal(jixiao.Dec("10")) {
		t.Fatalf("layout %+v", rb.Project)
	}
	ev := projectCase(&jixiao.ProjectBudget{Initial: dp("200"), Adjusted: dp("200"), Final: dp("170")},
		jixiao.Indicator{Level1: "产出指标", Level2: "数量指标", Name: "培训人数", Target: fig(t, "≥100人"), Actual: fig(t, "80人"), Weight: dp("60")},
		jixiao.Indicator{Level1: "效益指标", Level2: "社会效益指标", Name: "政策知晓度", Target: fig(t, "明显提高"), Actual: fig(t, "明显提高"), Weight: dp("30")},
	)
	ev.Projects[0].Caps = []jixiao.Cap{{Level1: "预算执行情况", Weight: jixiao.Dec("10")}, {Level1: "绩效指标", Weight: jixiao.Dec("90")}}
	sc := scoreCase(t, ev, rb)
	// 170/200 = 85% × 10 = 8.5; 80/100 × 60 = 48; text met: 30.
	equal(t, "nodes", tops(sc), []string{"预算执行率 10 8.50", "产出指标 60 48.00", "效益指标 30 30.00"})
	if sc.Displayed.String() != "86.5" || sc.Grade != "良" || !sc.Weight.Equal(jixiao.Dec("100")) {
		t.Errorf("total %s grade %s weight %s", sc.Displayed, sc.Grade, sc.Weight)
	}
	// One 产出 row holding all 90 points: no group is required.
	ev = projectCase(&jixiao.ProjectBudget{Initial: dp("0"), Adjusted: dp("3.36"), Final: dp("3.36")},
		jixiao.Indicator{Level1: "产出指标", Level2: "质量指标", Name: "完成购买", Target: fig(t, "=100%"), Actual: fig(t, "100%"), Weight: dp("90")})
	sc = scoreCase(t, ev, rb)
	equal(t, "one row", tops(sc), []string{"预算执行率 10 10.00", "产出指标 90 90.00"})
	if !sc.Weight.Equal(jixiao.Dec("100")) || sc.Grade != "优" {
		t.Errorf("one row: weight %s grade %s", sc.Weight, sc.Grade)
	}
}

// Ningxia: 决策 10 / 管理 25 / 产出 30 / 效益 35, no execution node: the
// 预算执行率 row inside 项目管理 is scored from the project's budget.
func TestNingxia2022(t *testing.T) {
	rb := load(t, "ningxia-2022")
	if rb.Project.Execution != nil {
		t.Fatal("ningxia-2022 must not inherit mof-2020's execution node")
	}
	ev := projectCase(&jixiao.ProjectBudget{Initial: dp("80"), Adjusted: dp("80"), Final: dp("72")},
		jixiao.Indicator{Level1: "项目决策", Level2: "项目立项", Name: "立项依据充分性", Target: fig(t, "充分"), Actual: fig(t, "充分"), Weight: dp("10")},
		// The row states 95%; the budget says 72/80 = 90%, and the budget wins.
		jixiao.Indicator{Level1: "项目管理", Level2: "投入管理", Name: "预算执行率", Target: fig(t, "100%"), Actual: fig(t, "95%"), Weight: dp("10")},
		jixiao.Indicator{Level1: "项目管理", Level2: "财务管理", Name: "财务管理制度有效性", Target: fig(t, "健全"), Actual: fig(t, "健全"), Weight: dp("15"), Score: dp("12")},
		jixiao.Indicator{Level1: "项目产出", Level2: "数量指标", Name: "保障人数", Target: fig(t, "≥2000人"), Actual: fig(t, "1800人"), Weight: dp("30")},
		jixiao.Indicator{Level1: "项目效益", Level2: "社会效益指标", Name: "办学条件改善", Target: fig(t, "改善"), Actual: fig(t, "达到预期"), Weight: dp("25")},
		jixiao.Indicator{Level1: "项目效益", Level2: "满意度指标", Name: "学生满意度", Target: fig(t, "≥90%"), Actual: fig(t, "95%"), Weight: dp("10")},
	)
	sc := scoreCase(t, ev, rb)
	// 决策 10; 管理 9 + 12 = 21; 产出 1800/2000 × 30 = 27; 效益 25 + 10 = 35.
	equal(t, "nodes", tops(sc), []string{"项目决策 10 10.00", "项目管理 25 21.00", "项目产出 30 27.00", "项目效益 35 35.00"})
	if sc.Displayed.String() != "93" || sc.Grade != "优" {
		t.Errorf("total %s grade %s", sc.Displayed, sc.Grade)
	}
	exec := sc.Nodes[1].Children[0].Children[0]
	if exec.Name != "预算执行率" || exec.Rubric != jixiao.RubricExecution || !exec.Score.Equal(jixiao.Dec("9")) ||
		exec.Explanation != "按预算执行率计分：全年执行数72 / 全年预算数80 = 90.00%，× 分值10 = 9.00" {
		t.Errorf("execution leaf %s %s %s: %s", exec.Name, exec.Rubric, exec.Score, exec.Explanation)
	}
	judged := sc.Nodes[1].Children[1].Children[0]
	if len(judged.Notes) != 1 || judged.Notes[0] != "实际完成值“健全”与年度指标值一致，视为达成，但评定得分12.00低于分值15，未说明原因" {
		t.Errorf("notes %q", judged.Notes)
	}
}

// Anhui/Yunnan/Shanxi: the national structure with one-decimal scores,
// each leaf rounded before the sum.
func TestAnhui2022(t *testing.T) {
	for _, name := range []string{"anhui-2022", "yunnan-2022", "shanxi-2021"} {
		rb := load(t, name)
		ev := projectCase(&jixiao.ProjectBudget{Initial: dp("90"), Adjusted: dp("90"), Final: dp("89.974")},
			jixiao.Indicator{Level1: "产出指标", Level2: "数量指标", Name: "委托业务数量", Target: fig(t, "≥50个"), Actual: fig(t, "47个"), Weight: dp("50")},
			jixiao.Indicator{Level1: "效益指标", Level2: "社会效益指标", Name: "市场公平", Target: fig(t, "效果明显"), Actual: fig(t, "效果明显"), Weight: dp("30")},
			jixiao.Indicator{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "满意度", Target: fig(t, "≥90%"), Actual: fig(t, "85%"), Weight: dp("10")},
		)
		sc := scoreCase(t, ev, rb)
		// 89.974/90 × 10 = 9.9971… → 10.0; 47; 30; 85/90 × 10 = 9.444… → 9.4.
		equal(t, name, tops(sc), []string{"预算执行率 10 10.00", "产出指标 50 47.00", "效益指标 30 30.00", "满意度指标 10 9.40"})
		if jixiao.Fixed(sc.Displayed, rb.RoundingPolicy().Total) != "96.4" || sc.Grade != "优" {
			t.Errorf("%s: total %s grade %s", name, sc.Displayed, sc.Grade)
		}
	}
}

// Chongqing: a department table without 一级指标, each row's score the
// stated 得分系数 × 指标权重 when given; the execution row from its stated
// rate when the amounts are missing.
func TestChongqing2022(t *testing.T) {
	rb := load(t, "chongqing-2022")
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2021, Org: jixiao.Org{Name: "某融媒体中心"},
		Budget: &jixiao.Budget{Rates: []jixiao.StatedRate{{Of: "total", Rate: fig(t, "76%")}}},
		Stated: &jixiao.Stated{Execution: dp("7.6"), ExecutionMax: dp("10")},
		Indicators: []jixiao.Indicator{
			{Name: "财政供养人员控制率", Target: fig(t, "100%"), Actual: fig(t, "92%"), Weight: dp("2"), Score: dp("2")},
			{Name: "播发稿件数量", Target: fig(t, "2200篇"), Actual: fig(t, "2859篇"), Weight: dp("10"), Score: dp("10"), Core: true},
			{Name: "管理制度健全性", Op: jixiao.OpQualitative, Target: fig(t, "高"), Actual: fig(t, "高"), Weight: dp("3")},
			{Level1: "产出指标", Name: "政府采购执行率", Target: fig(t, "100%"), Actual: fig(t, "72.74%"), Weight: dp("2")},
		}}
	sc := scoreCase(t, ev, rb)
	// 76% × 10 = 7.6; 2 + 10 + 3 + 72.74/100 × 2 = 1.4548 → 16.4548; total 24.0548.
	equal(t, "nodes", tops(sc), []string{"预算执行率 10 7.60", "绩效指标 17 16.45"})
	if sc.Total.String() != "24.0548" || sc.Displayed.String() != "24.05" || sc.Grade != "差" {
		t.Errorf("total %s displayed %s grade %s", sc.Total, sc.Displayed, sc.Grade)
	}
	leaves := sc.Nodes[1].Children
	rubrics := []jixiao.RubricKind{jixiao.RubricStated, jixiao.RubricStated, jixiao.RubricQualitative, jixiao.RubricRatio}
	for i, l := range leaves {
		if l.Rubric != rubrics[i] {
			t.Errorf("%s: rubric %s, want %s", l.Name, l.Rubric, rubrics[i])
		}
	}
	if e := sc.Nodes[0].Explanation; e != "分值10（表中所印）；未给出全年预算数和全年执行数，按所述执行率76%，× 分值10 = 7.60" {
		t.Errorf("execution: %s", e)
	}
}
