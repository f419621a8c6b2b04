package scoring_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

func dp(s string) *decimal.Decimal { d := jixiao.Dec(s); return &d }

func fig(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mof(t *testing.T) *jixiao.Rulebook {
	t.Helper()
	rb, err := rulebook.Load("mof-2020")
	if err != nil {
		t.Fatal(err)
	}
	return rb
}

// project wraps indicators in a project evaluation with a fully executed
// budget.
func project(inds ...jixiao.Indicator) *jixiao.Evaluation {
	return &jixiao.Evaluation{Subject: jixiao.SubjectProject, Year: 2024, Org: jixiao.Org{Name: "某局"},
		Projects: []jixiao.Project{{Name: "测试项目", Budget: &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("100")}, Indicators: inds}}}
}

func score(t *testing.T, ev *jixiao.Evaluation, rb *jixiao.Rulebook) *jixiao.Scorecard {
	t.Helper()
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		t.Fatalf("Score: %v", err)
	}
	return sc
}

// leaf scores one indicator (under 产出指标 unless it names its group) and
// returns its node.
func leaf(t *testing.T, in jixiao.Indicator) *jixiao.Node {
	t.Helper()
	if in.Level1 == "" {
		in.Level1 = "产出指标"
	}
	sc := score(t, project(in), mof(t))
	for _, n := range sc.Nodes {
		for _, l := range n.Leaves() {
			if l.Kind == jixiao.NodeIndicator {
				return l
			}
		}
	}
	t.Fatal("no indicator node")
	return nil
}

type want struct {
	score       string
	explanation string // substring
	note        string // substring of some note; "" means there must be no note
}

func check(t *testing.T, n *jixiao.Node, w want) {
	t.Helper()
	if !n.Score.Equal(jixiao.Dec(w.score)) {
		t.Errorf("score = %s, want %s (%s)", n.Score, w.score, n.Explanation)
	}
	if !strings.Contains(n.Explanation, w.explanation) {
		t.Errorf("explanation %q lacks %q", n.Explanation, w.explanation)
	}
	notes := strings.Join(n.Notes, "\n")
	if w.note == "" && notes != "" {
		t.Errorf("unexpected notes: %s", notes)
	}
	if w.note != "" && !strings.Contains(notes, w.note) {
		t.Errorf("notes %q lack %q", notes, w.note)
	}
}

func ind(t *testing.T, target, actual, weight string) jixiao.Indicator {
	in := jixiao.Indicator{Name: "指标", Target: fig(t, target), Actual: fig(t, actual)}
	if weight != "" {
		in.Weight = dp(weight)
	}
	return in
}

func TestRatioPositive(t *testing.T) {
	cases := []struct {
		name, target, actual, weight string
		want
	}{
		{"under target", "≥50个", "45个", "8", want{"7.2", "实际值45个 / 目标值50个 × 分值8 = 7.20", ""}},
		{"exactly met", "≥95%", "95%", "10", want{"10", "实际值95% ≥ 目标值95%，达到目标，得满分10.00", ""}},
		{"met, equal operator", "=100%", "100%", "10", want{"10", "达到目标", ""}},
		{"zero actual", "≥50", "0", "10", want{"0", "实际值0 / 目标值50 × 分值10 = 0.00", ""}},
		{"zero target met by zero", "≥0", "0", "10", want{"10", "达到目标", ""}},
		{"negative actual", "≥50", "-5", "10", want{"0", "= 0.00", ""}},
		{"negative target missed", "≥-5", "-10", "10", want{"0", "目标值不为正数，不适用比例计分，得0分", ""}},
		{"over by exactly theta: no flag", "≥100", "120", "10", want{"10", "达到目标", ""}},
		{"over beyond theta: flagged", "≥100", "121", "10", want{"10", "达到目标", "超额完成：实际值比目标值高出21.00%，超过提示阈值20%"}},
		{"actual without unit takes the target's", "≥95%", "93", "10", want{"9.789473684211", "实际值93% / 目标值95% × 分值10 = 9.79", ""}},
		{"unit conversion", "≥2万亩", "19000亩", "10", want{"9.5", "目标值2万亩折合20000亩；实际值19000亩 / 目标值20000亩 × 分值10 = 9.50", ""}},
		{"missing actual", "≥50", "", "10", want{"0", "未填写实际完成值，得0分", "未填写实际完成值"}},
		{"text actual", "≥50", "基本完成", "10", want{"0", "实际完成值“基本完成”不是数值", "不是数值"}},
		{"units that do not convert", "≥50个", "50次", "10", want{"0", "单位“次”与指标值的单位“个”不一致", "不一致"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := leaf(t, ind(t, c.target, c.actual, c.weight))
			if n.Rubric != jixiao.RubricRatio {
				t.Errorf("rubric = %s", n.Rubric)
			}
			check(t, n, c.want)
		})
	}
}

func TestRatioReverse(t *testing.T) {
	cases := []struct {
		name, target, actual, weight string
		want
	}{
		{"exceeded cost", "≤90万元", "95万元", "8", want{"7.578947368421", "实际值95万元 > 目标值90万元（反向指标），目标值90万元 / 实际值95万元 × 分值8 = 7.58", ""}},
		{"exactly met", "≤90万元", "90万元", "8", want{"8", "实际值90万元 ≤ 目标值90万元（反向指标），达到目标，得满分8.00", ""}},
		{"below target", "<5%", "4%", "10", want{"10", "达到目标", ""}},
		{"zero actual", "≤5%", "0", "10", want{"10", "达到目标", "大幅优于目标"}},
		{"zero target missed", "≤0", "3", "10", want{"0", "目标值不为正数", ""}},
		{"far better than target", "≤100元", "70元", "10", want{"10", "达到目标", "实际值比目标值低30.00%（反向指标）"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := leaf(t, ind(t, c.target, c.actual, c.weight))
			if n.Rubric != jixiao.RubricReverseRatio {
				t.Errorf("rubric = %s", n.Rubric)
			}
			check(t, n, c.want)
		})
	}
}

func TestRatioReverseByName(t *testing.T) {
	in := ind(t, "0.9", "0.8", "10")
	in.Name = "森林火灾受害率"
	n := leaf(t, in)
	if n.Rubric != jixiao.RubricReverseRatio {
		t.Errorf("rubric = %s", n.Rubric)
	}
	check(t, n, want{"10", "实际值0.8 ≤ 目标值0.9（未写指标性质，名称含“受害率”，按反向指标计），达到目标", ""})
}

func TestQualitativeTiers(t *testing.T) {
	q := func(tier, actual, score string) jixiao.Indicator {
		in := jixiao.Indicator{Name: "制度建设", Op: jixiao.OpQualitative, Target: fig(t, "建立制度"), Actual: fig(t, actual), Tier: tier, Weight: dp("10")}
		if score != "" {
			in.Score = dp(score)
		}
		return in
	}
	cases := []struct {
		name string
		in   jixiao.Indicator
		want
	}{
		{"达成 at its lower bound", q("达成", "", "8"), want{"8", "评定为“达成年度指标”（分值的80%–100%，即8.00–10.00分），评定得分8.00", ""}},
		{"达成 full", q("达成年度指标", "", "10"), want{"10", "评定得分10.00", ""}},
		{"部分达成 at its lower bound", q("部分达成", "", "6"), want{"6", "分值的60%–<80%，即6.00–<8.00分", ""}},
		{"部分达成 at its excluded upper bound", q("部分达成", "", "8"), want{"8", "评定得分8.00", "不在“部分达成年度指标并具有一定效果”档的区间"}},
		{"部分达成 just below its band", q("部分达成", "", "5.99"), want{"5.99", "评定得分5.99", "不在"}},
		{"未达成 zero", q("未达成", "", "0"), want{"0", "评定为“未达成年度指标且效果较差”", ""}},
		{"未达成 just below 60%", q("未达成", "", "5.99"), want{"5.99", "评定得分5.99", ""}},
		{"tier without score", q("部分达成", "", ""), want{"6", "未给出评定得分，暂按该档下限计6.00", "请评价人在该档区间内评定"}},
		{"score without tier", q("", "", "7"), want{"7", "评定得分7.00（分值的70.00%，属“部分达成年度指标并具有一定效果”档", ""}},
		{"tier written as the actual", q("", "达成预期指标", "9"), want{"9", "评定为“达成年度指标”", ""}},
		{"neither tier nor score", q("", "", ""), want{"0", "未评定档次和得分，暂计0分", "待评定"}},
		{"score above weight", q("达成", "", "12"), want{"10", "评定得分10.00", "超过分值10，按分值计"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := leaf(t, c.in)
			if n.Rubric != jixiao.RubricQualitative {
				t.Errorf("rubric = %s", n.Rubric)
			}
			check(t, n, c.want)
		})
	}
	// A target that states no number is qualitative without saying so.
	n := leaf(t, jixiao.Indicator{Name: "x", Target: fig(t, "按时完成"), Tier: "达成", Score: dp("9"), Weight: dp("10")})
	if n.Rubric != jixiao.RubricQualitative || !n.Score.Equal(jixiao.Dec("9")) {
		t.Errorf("implicit qualitative: %s %s", n.Rubric, n.Score)
	}
}

func TestUnknownTierIsAProblem(t *testing.T) {
	ev := project(jixiao.Indicator{Level1: "产出指标", Name: "x", Op: jixiao.OpQualitative, Tier: "优秀", Weight: dp("10")})
	_, err := scoring.Score(ev, mof(t))
	var ps jixiao.Problems
	if !errors.As(err, &ps) || ps[0].Path != "projects[0].indicators[0].tier" || !strings.Contains(ps[0].Message, "定性评价档次“优秀”不在评分规则“mof-2020”的档次中") {
		t.Errorf("got %v", err)
	}
}

func execNode(t *testing.T, b *jixiao.ProjectBudget, stated string, mutate func(*jixiao.Rulebook)) *jixiao.Node {
	t.Helper()
	in := ind(t, "≥1", "1", "90")
	in.Level1 = "产出指标"
	ev := project(in)
	ev.Projects[0].Budget = b
	ev.Projects[0].StatedRate = fig(t, stated)
	rb := mof(t)
	if mutate != nil {
		mutate(rb)
	}
	n := score(t, ev, rb).Nodes[0]
	if n.Kind != jixiao.NodeExecution {
		t.Fatalf("first node is %s", n.Kind)
	}
	return n
}

func TestExecution(t *testing.T) {
	cases := []struct {
		name   string
		b      *jixiao.ProjectBudget
		stated string
		want
	}{
		{"below 100%", &jixiao.ProjectBudget{Adjusted: dp("43.2"), Final: dp("37.24")}, "", want{"8.62037037037", "全年执行数37.24 / 全年预算数43.2 = 86.20%，× 分值10 = 8.62", ""}},
		{"exactly 100%", &jixiao.ProjectBudget{Adjusted: dp("7.29"), Final: dp("7.29")}, "", want{"10", "= 100.00%，得满分10.00", ""}},
		{"above 100%", &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("103.5")}, "", want{"10", "= 103.50%，超过100%按100%计，得满分10.00", ""}},
		{"nothing spent", &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("0")}, "", want{"0", "= 0.00%，× 分值10 = 0.00", ""}},
		{"stated rate only", nil, "15.21%", want{"1.521", "未给出全年预算数和全年执行数，按所述执行率15.21%，× 分值10 = 1.52", ""}},
		{"no data", nil, "", want{"0", "缺少项目资金的全年预算数或全年执行数，无法计算预算执行率，得0分", "无法计算预算执行率"}},
		{"zero budget", &jixiao.ProjectBudget{Adjusted: dp("0"), Final: dp("0")}, "", want{"0", "无法计算预算执行率", "无法计算"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check(t, execNode(t, c.b, c.stated, nil), c.want)
		})
	}
	t.Run("initial budget as denominator", func(t *testing.T) {
		n := execNode(t, &jixiao.ProjectBudget{Initial: dp("50"), Adjusted: dp("100"), Final: dp("40")}, "", func(rb *jixiao.Rulebook) {
			rb.Project.Execution.Rubric = &jixiao.Rubric{Kind: jixiao.RubricExecution, Basis: "initial"}
		})
		check(t, n, want{"8", "全年执行数40 / 年初预算数50 = 80.00%", ""})
	})
	t.Run("integer leaves (Hebei practice)", func(t *testing.T) {
		n := execNode(t, &jixiao.ProjectBudget{Adjusted: dp("43.2"), Final: dp("37.24")}, "", func(rb *jixiao.Rulebook) {
			zero := int32(0)
			rb.Rounding = &jixiao.Rounding{Score: 0, Total: 0, Leaf: &zero}
		})
		check(t, n, want{"9", "按规则保留0位小数（四舍五入）为9", ""})
	})
	t.Run("rubric from the case", func(t *testing.T) {
		in := ind(t, "≥1", "1", "90")
		in.Level1 = "产出指标"
		ev := project(in)
		ev.Projects[0].Budget = &jixiao.ProjectBudget{Adjusted: dp("100"), Final: dp("85")}
		// 四川: "预算执行率未达到90%的…": here, a tiered rule on the rate.
		ev.Projects[0].ExecutionRubric = &jixiao.Rubric{Kind: jixiao.RubricTiered, Bands: []jixiao.Band{
			{GE: dp("90"), Share: dp("1")}, {GE: dp("80"), LT: dp("90"), Share: dp("0.8")}, {LT: dp("80"), Share: dp("0")}}}
		check(t, score(t, ev, mof(t)).Nodes[0], want{"8", "全年执行数85 / 全年预算数100 = 85.00%；实际值85%，属“80≤值＜90”档，得分比例80.00% × 分值10 = 8.00", ""})
		ev.Projects[0].ExecutionRubric = &jixiao.Rubric{Kind: jixiao.RubricFormula, Expr: "W * 执行率 * 执行率 + 未知"}
		_, err := scoring.Score(ev, mof(t))
		if err == nil || !strings.Contains(err.Error(), "projects[0].execution_rubric.expr：公式") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("weight from the case", func(t *testing.T) {
		in := ind(t, "≥1", "1", "80")
		in.Level1 = "产出指标"
		ev := project(in)
		ev.Projects[0].Weights = map[string]decimal.Decimal{"预算执行率": jixiao.Dec("20")}
		ev.Projects[0].Budget = &jixiao.ProjectBudget{Adjusted: dp("10"), Final: dp("5")}
		n := score(t, ev, mof(t)).Nodes[0]
		check(t, n, want{"10", "分值20（案例指定）；全年执行数5 / 全年预算数10 = 50.00%，× 分值20 = 10.00", ""})
	})
}

func TestDeductionsRubric(t *testing.T) {
	in := jixiao.Indicator{Name: "管理制度健全性", Target: fig(t, "健全"), Weight: dp("5"),
		Rubric: &jixiao.Rubric{Kind: jixiao.RubricDeductions},
		Deductions: []jixiao.Deduction{
			{Points: jixiao.Dec("1"), Reason: "未制定专项资金管理办法。"},
			{Points: jixiao.Dec("0.5")},
		}}
	check(t, leaf(t, in), want{"3.5", "满分5分，扣1.5分：1. 未制定专项资金管理办法（扣1分）；2. （未说明扣分原因）（扣0.5分）；得3.50分", ""})
	in.Deductions = append(in.Deductions, jixiao.Deduction{Points: jixiao.Dec("4"), Reason: "资金挪用"})
	check(t, leaf(t, in), want{"0", "得0分", "扣分合计5.5分超过分值5分，按0分计"})
	in.Deductions = nil
	check(t, leaf(t, in), want{"5", "满分5分，无扣分，得5分", ""})
}

func TestJudgedDeductionOnRatio(t *testing.T) {
	in := ind(t, "≥120台", "150台", "15")
	in.Deductions = []jixiao.Deduction{{Points: jixiao.Dec("1"), Reason: "指标值设定偏低"}}
	check(t, leaf(t, in), want{"14", "得满分15.00；评价扣1分（指标值设定偏低）：15.00 − 1 = 14.00", "超额完成"})
}

func TestPerPoint(t *testing.T) {
	staff := func(actual string, r jixiao.Rubric) jixiao.Indicator {
		in := ind(t, "≤100%", actual, "5")
		in.Name = "在职人员控制率"
		in.Rubric = &r
		return in
	}
	per := jixiao.Rubric{Kind: jixiao.RubricPerPoint, Per: dp("0.5")}
	whole := jixiao.Rubric{Kind: jixiao.RubricPerPoint, Per: dp("0.5"), WholeSteps: true}
	cases := []struct {
		name string
		in   jixiao.Indicator
		want
	}{
		{"within the limit", staff("98%", per), want{"5", "实际值98%，未超过标准值100%，得满分5.00", ""}},
		{"at the limit", staff("100%", per), want{"5", "得满分5.00", ""}},
		{"4 points over", staff("104%", per), want{"3", "实际值104%，超过标准值100% 4个百分点，每1个百分点扣0.5分，共扣2分，5 − 2 = 3.00", ""}},
		{"partial step counts", staff("104.5%", per), want{"2.75", "共扣2.25分", ""}},
		{"partial step ignored", staff("104.5%", whole), want{"3", "（不足一档不扣），共扣2分", ""}},
		{"deducted to zero", staff("120%", per), want{"0", "共扣10分，5 − 10 = 0.00（扣完为止）", ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { check(t, leaf(t, c.in), c.want) })
	}
	// "100%计满分，每低于5%扣2分": the worse side of ≥ is below.
	in := ind(t, "≥100%", "88%", "5")
	in.Rubric = &jixiao.Rubric{Kind: jixiao.RubricPerPoint, Per: dp("2"), Step: dp("5"), WholeSteps: true}
	check(t, leaf(t, in), want{"1", "低于标准值100% 12个百分点，每5个百分点扣2分（不足一档不扣），共扣4分", ""})
	// An explicit limit overrides the target.
	in = ind(t, "≤0%", "3%", "8")
	in.Rubric = &jixiao.Rubric{Kind: jixiao.RubricPerPoint, Per: dp("0.8"), Limit: dp("0")}
	check(t, leaf(t, in), want{"5.6", "超过标准值0% 3个百分点", ""})
}

func TestTiered(t *testing.T) {
	bands := []jixiao.Band{
		{LE: dp("0"), Score: dp("5")},
		{GT: dp("0"), LE: dp("10"), Score: dp("4")},
		{GT: dp("10"), LE: dp("20"), Score: dp("3")},
		{GT: dp("20"), LE: dp("30"), Score: dp("2")},
		{GT: dp("30"), Score: dp("0")},
	}
	for actual, w := range map[string]want{
		"0%":     {"5", "实际值0%，属“值≤0”档，得5.00分", ""},
		"10%":    {"4", "属“0＜值≤10”档", ""},
		"10.01%": {"3", "属“10＜值≤20”档", ""},
		"35%":    {"0", "属“30＜值”档", ""},
	} {
		in := ind(t, "≤10%", actual, "5")
		in.Rubric = &jixiao.Rubric{Kind: jixiao.RubricTiered, Bands: bands}
		check(t, leaf(t, in), w)
	}
	in := ind(t, "≥90%", "85%", "10")
	in.Rubric = &jixiao.Rubric{Kind: jixiao.RubricTiered, Bands: []jixiao.Band{{GE: dp("90"), Share: dp("1")}, {GE: dp("80"), LT: dp("90"), Share: dp("0.6")}}}
	check(t, leaf(t, in), want{"6", "属“80≤值＜90”档，得分比例60.00% × 分值10 = 6.00", ""})
	in.Actual = fig(t, "50%")
	check(t, leaf(t, in), want{"0", "实际值50%不在任何分档内", "不在任何分档内"})
}

func TestFormula(t *testing.T) {
	in := ind(t, "≥50", "45", "8")
	in.Rubric = &jixiao.Rubric{Kind: jixiao.RubricFormula, Expr: "min(A / T, 1) * W"}
	check(t, leaf(t, in), want{"7.2", "按公式 min(A / T, 1) * W 计算（A=45，T=50，W=8），得7.20", ""})
	in.Rubric.Expr = "实际值 / 目标值 * 分值 * 2"
	check(t, leaf(t, in), want{"8", "（公式结果14.40，限定在0至分值8之间）", ""})

	in.Rubric.Expr = "A / B"
	_, err := scoring.Score(project(func() jixiao.Indicator { in.Level1 = "产出指标"; return in }()), mof(t))
	var ps jixiao.Problems
	if !errors.As(err, &ps) || ps[0].Path != "projects[0].indicators[0].rubric.expr" || !strings.Contains(ps[0].Message, "未知的变量“B”") {
		t.Errorf("got %v", err)
	}
}

func TestGroupWeightsAndRedistribution(t *testing.T) {
	rb := mof(t)
	noWeight := func(l1, name string) jixiao.Indicator {
		return jixiao.Indicator{Level1: l1, Level2: "数量指标", Name: name, Target: fig(t, "≥10"), Actual: fig(t, "10")}
	}
	// No 满意度: its 10 points go to 产出 and 效益 in proportion 50:30.
	sc := score(t, project(noWeight("产出指标", "a"), noWeight("产出指标", "b"), noWeight("产出", "c"), noWeight("效益指标", "d")), rb)
	if len(sc.Nodes) != 3 {
		t.Fatalf("nodes = %d, want execution + 2 groups", len(sc.Nodes))
	}
	out, ben := sc.Nodes[1], sc.Nodes[2]
	if !out.Weight.Equal(jixiao.Dec("56.25")) || !ben.Weight.Equal(jixiao.Dec("33.75")) {
		t.Errorf("weights %s / %s, want 56.25 / 33.75", out.Weight, ben.Weight)
	}
	if !strings.Contains(out.Explanation, "未设置满意度指标，其分值10按各一级指标默认分值比例调入，本项增加6.25，合计56.25") {
		t.Errorf("explanation: %s", out.Explanation)
	}
	// Three leaves share 56.25 to six places; the last takes the remainder
	// so that the weights sum exactly.
	leaves := out.Leaves()
	sum := decimal.Zero
	for _, l := range leaves {
		sum = sum.Add(l.Weight)
	}
	if !leaves[0].Weight.Equal(jixiao.Dec("18.75")) || !sum.Equal(jixiao.Dec("56.25")) {
		t.Errorf("leaf weights %s.. sum %s", leaves[0].Weight, sum)
	}
	if !sc.Total.Equal(jixiao.Dec("100")) || sc.Grade != "优" {
		t.Errorf("total %s %s", sc.Total, sc.Grade)
	}

	// Equal redistribution.
	rb.Project.Redistribute = "equal"
	sc = score(t, project(noWeight("产出指标", "a"), noWeight("效益指标", "d")), rb)
	if !sc.Nodes[1].Weight.Equal(jixiao.Dec("55")) || !sc.Nodes[2].Weight.Equal(jixiao.Dec("35")) {
		t.Errorf("equal: %s / %s", sc.Nodes[1].Weight, sc.Nodes[2].Weight)
	}

	// Weights the case gives prevail; a group whose leaves all have weights
	// weighs their sum.
	rb = mof(t)
	a, d := noWeight("产出指标", "a"), noWeight("效益指标", "d")
	a.Weight, d.Weight = dp("60"), dp("30")
	sc = score(t, project(a, d), rb)
	if !sc.Nodes[1].Weight.Equal(jixiao.Dec("60")) || !sc.Weight.Equal(jixiao.Dec("100")) {
		t.Errorf("manual split: %s, total weight %s", sc.Nodes[1].Weight, sc.Weight)
	}
	ev := project(noWeight("产出指标", "a"), noWeight("效益指标", "d"))
	ev.Projects[0].Weights = map[string]decimal.Decimal{"产出指标": jixiao.Dec("60"), "效益": jixiao.Dec("30")}
	sc = score(t, ev, rb)
	if !sc.Nodes[1].Weight.Equal(jixiao.Dec("60")) || !strings.Contains(sc.Nodes[1].Explanation, "分值60（案例指定）") {
		t.Errorf("override: %s %s", sc.Nodes[1].Weight, sc.Nodes[1].Explanation)
	}

	// Some weights given: the rest of the group's weight is split.
	b := noWeight("产出指标", "b")
	b.Weight = dp("20")
	sc = score(t, project(b, noWeight("产出指标", "c"), noWeight("产出指标", "e"), noWeight("效益指标", "d"), noWeight("满意度指标", "s")), rb)
	l := sc.Nodes[1].Leaves()
	if !l[1].Weight.Equal(jixiao.Dec("15")) || !strings.Contains(l[1].Explanation, "分值未填，由产出指标分值50减去已填分值20后按2项平均分配，得15") {
		t.Errorf("split: %s %s", l[1].Weight, l[1].Explanation)
	}
}

func TestMissingMandatoryGroup(t *testing.T) {
	in := ind(t, "≥1", "1", "")
	in.Level1 = "产出指标"
	sc := score(t, project(in), mof(t))
	ben := sc.Nodes[2]
	if ben.Name != "效益指标" || !ben.Score.IsZero() || !strings.Contains(ben.Explanation, "未设置效益指标，该项得0分") {
		t.Errorf("效益 node: %+v", ben)
	}
}

func TestStructuralProblems(t *testing.T) {
	a := ind(t, "≥1", "1", "10")
	a.Level1 = "投入指标"
	b := ind(t, "≥1", "1", "10")
	ev := project(a, b)
	ev.Projects[0].Weights = map[string]decimal.Decimal{"决策": jixiao.Dec("10")}
	_, err := scoring.Score(ev, mof(t))
	var ps jixiao.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v", err)
	}
	got := ps.Error()
	for _, w := range []string{
		"projects[0].weights.决策：“决策”不是评分规则“mof-2020”的一级指标（可用：预算执行率、产出指标、效益指标、满意度指标）",
		"projects[0].indicators[0].level1：一级指标“投入指标”不在评分规则“mof-2020”的一级指标中",
		"projects[0].indicators[1].level1：指标“指标”缺少一级指标",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("problems lack %q:\n%s", w, got)
		}
	}
}

func goalsRulebook(t *testing.T) *jixiao.Rulebook {
	t.Helper()
	rb, err := rulebook.Load("shijiazhuang-2024")
	if err != nil {
		t.Fatal(err)
	}
	return rb
}

func TestGoalsLayout(t *testing.T) {
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局"},
		Goals: []jixiao.Goal{
			{Name: "甲", Weight: dp("60")},
			{Name: "乙", Weight: dp("40"), Deductions: []jixiao.Deduction{{Points: jixiao.Dec("0.5"), Reason: "某项工作未按期完成"}}},
		}}
	sc := score(t, ev, goalsRulebook(t))
	check(t, sc.Nodes[1], want{"39.5", "满分40分，扣0.5分：某项工作未按期完成；得39.50分", ""})
	if !sc.Displayed.Equal(jixiao.Dec("99.5")) || sc.Grade != "优秀" {
		t.Errorf("total %s %s", sc.Displayed, sc.Grade)
	}

	ev.Goals[0].Weight = nil
	ev.Goals[1].Rubric = &jixiao.Rubric{Kind: jixiao.RubricRatio}
	_, err := scoring.Score(ev, goalsRulebook(t))
	var ps jixiao.Problems
	if !errors.As(err, &ps) || len(ps) != 2 ||
		ps[0].Path != "goals[0].weight" || !strings.Contains(ps[1].Message, "分项绩效目标只能用 deductions（评价扣分）或 formula（公式）计分") {
		t.Errorf("got %v", err)
	}
}

// The grade is read from the displayed total, so that the printed score and
// grade never disagree: 89.995 shows as 90.00 and is 优.
func TestGradeFromDisplayedTotal(t *testing.T) {
	rb := goalsRulebook(t)
	rb.Grades = mof(t).Grades
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局"},
		Goals: []jixiao.Goal{{Name: "甲", Weight: dp("100"), Deductions: []jixiao.Deduction{{Points: jixiao.Dec("10.005"), Reason: "x"}}}}}
	sc := score(t, ev, rb)
	if !sc.Total.Equal(jixiao.Dec("89.995")) || jixiao.Fixed(sc.Displayed, 2) != "90.00" || sc.Grade != "优" {
		t.Errorf("total %s displayed %s grade %s", sc.Total, sc.Displayed, sc.Grade)
	}
	ev.Goals[0].Deductions[0].Points = jixiao.Dec("10.0051")
	if sc := score(t, ev, rb); jixiao.Fixed(sc.Displayed, 2) != "89.99" || sc.Grade != "良" {
		t.Errorf("displayed %s grade %s", sc.Displayed, sc.Grade)
	}
}

func TestDepartmentIndicatorsLayout(t *testing.T) {
	rb := &jixiao.Rulebook{Name: "dept", Grades: mof(t).Grades,
		Department: &jixiao.Layout{Kind: jixiao.LayoutIndicators,
			Execution: &jixiao.ExecutionRule{Weight: jixiao.Dec("20")},
			Groups:    []jixiao.GroupRule{{Name: "产出", Weight: jixiao.Dec("80")}},
			Rules:     []jixiao.IndicatorRule{{Match: "控制率", Rubric: jixiao.Rubric{Kind: jixiao.RubricPerPoint, Per: dp("0.5")}}},
		}}
	staff := ind(t, "≤100%", "104%", "80")
	staff.Name, staff.Level1 = "在职人员控制率", "产出"
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局"},
		Budget: &jixiao.Budget{
			Adjusted: &jixiao.BudgetStage{Basic: dp("30"), Project: dp("70")},
			Final:    &jixiao.BudgetStage{ExpenditureTotal: dp("95"), Carryover: dp("5")},
		},
		Indicators: []jixiao.Indicator{staff}}
	sc := score(t, ev, rb)
	check(t, sc.Nodes[0], want{"18", "全年执行数90 / 全年预算数100 = 90.00%，× 分值20 = 18.00", ""})
	if l := sc.Nodes[1].Leaves()[0]; l.Rubric != jixiao.RubricPerPoint || !l.Score.Equal(jixiao.Dec("78")) {
		t.Errorf("rule-matched rubric: %s %s", l.Rubric, l.Score)
	}
}

func TestRulebookWithoutLayout(t *testing.T) {
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectDepartment, Year: 2024, Org: jixiao.Org{Name: "某局"}, Goals: []jixiao.Goal{{Name: "甲", Weight: dp("100")}}}
	_, err := scoring.Score(ev, mof(t))
	if err == nil || !strings.Contains(err.Error(), "评分规则“mof-2020”没有部门整体支出评价规则") {
		t.Errorf("got %v", err)
	}
}

// The ratio explanations are put together in a reused buffer; each branch
// (met, met reversed, reversed by name, target not positive, missed
// reversed, missed), with and without a unit conversion, gives exactly the
// text the earlier code concatenated, built here the same way.
func TestRatioExplanationsExact(t *testing.T) {
	type c struct{ name, target, actual, weight string }
	cases := []c{
		{"指标", "≥50个", "45个", "8"},
		{"指标", "≥95%", "95%", "10"},
		{"指标", "≤30天", "25天", "6"},
		{"森林火灾受害率", "0.9", "0.8", "10"},
		{"指标", "≥-5", "-10", "10"},
		{"指标", "≤0", "3", "10"},
		{"指标", "≤20天", "25天", "7"},
		{"指标", "≥3.99万亩", "30000亩", "9"},
		{"指标", "≤1万元", "12000元", "5"},
		{"指标", "≥2万亩", "25000亩", "4"},
	}
	for _, k := range cases {
		in := ind(t, k.target, k.actual, k.weight)
		in.Name = k.name
		o, err := in.Operands()
		if err != nil {
			t.Fatal(err)
		}
		n := leaf(t, in)
		reverse := n.Rubric == jixiao.RubricReverseRatio
		av, tv := jixiao.Plain(o.Actual)+o.Unit, jixiao.Plain(o.Target)+o.Unit
		w := n.Weight
		places := mof(t).RoundingPolicy().Score
		fixed := func(d decimal.Decimal) string { return jixiao.Fixed(d, places) }
		kind := ""
		if reverse {
			kind = "（反向指标）"
			if word := in.ReverseWord(); word != "" {
				kind = "（未写指标性质，名称含“" + word + "”，按反向指标计）"
			}
		}
		op, sign := jixiao.OpGE, "≥"
		if reverse {
			op, sign = jixiao.OpLE, "≤"
		}
		var want string
		switch {
		case o.Met(op):
			want = "实际值" + av + " " + sign + " 目标值" + tv + kind + "，达到目标，得满分" + fixed(w)
		case !o.Target.IsPositive():
			want = fmt.Sprintf("实际值%s未达到目标值%s%s；目标值不为正数，不适用比例计分，得0分", av, tv, kind)
		case reverse:
			want = "实际值" + av + " > 目标值" + tv + kind + "，目标值" + tv + " / 实际值" + av + " × 分值" + jixiao.Plain(w) + " = " + fixed(n.Score)
		default:
			want = "实际值" + av + " / 目标值" + tv + " × 分值" + jixiao.Plain(w) + " = " + fixed(n.Score)
		}
		if o.Conversion != "" {
			want = o.Conversion + "；" + want
		}
		if n.Explanation != want {
			t.Errorf("%s %s %s:\n got %s\nwant %s", k.name, k.target, k.actual, n.Explanation, want)
		}
	}
}
