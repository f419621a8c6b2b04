// Package synth generates realistic synthetic evaluations for benchmarks
// and load tests: projects with budgets and three-level indicators of every
// kind (counts, rates, reverse costs, qualitative tiers), departments with
// three-stage budgets and weighted sub-goals. Output is deterministic for a
// seed, so that a whole province can be regenerated identically.
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Generator makes synthetic evaluations.
type Generator struct {
	rng *rand.Rand
	// Indicators is the number of indicators per project (at least 4).
	Indicators int
}

// New returns a generator seeded with seed.
func New(seed uint64, indicators int) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), Indicators: max(indicators, 4)}
}

var (
	counts = []struct{ name, unit string }{
		{"培训人次", "人次"}, {"新建道路里程", "公里"}, {"改造老旧小区", "个"}, {"购置设备台数", "台"},
		{"开展检查次数", "次"}, {"发放补贴户数", "户"}, {"新增绿化面积", "亩"}, {"完成调查图斑", "个"},
	}
	rates = []struct{ level2, name string }{
		{"质量指标", "验收合格率"}, {"时效指标", "资金拨付及时率"}, {"质量指标", "数据准确率"},
		{"社会效益指标", "群众知晓率"}, {"可持续影响指标", "设施完好率"},
	}
	costs  = []string{"人均培训成本", "单位面积建设成本", "单台设备购置成本", "每公里养护成本"}
	quals  = []string{"长效管理机制建设", "档案资料完整性", "制度执行有效性", "服务能力提升"}
	tiers  = []string{"达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"}
	shares = []string{"0.9", "0.7", "0.4"}
)

func (g *Generator) dec(lo, hi int) decimal.Decimal {
	return decimal.NewFromInt(int64(lo + g.rng.IntN(hi-lo+1)))
}

func fig(s string) jixiao.Figure {
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		panic(err) // generator bug
	}
	return f
}

// Project returns the i-th synthetic project: a budget with an execution
// rate between 60% and 105%, and Indicators indicators whose weights sum to
// 90 (产出 50, 效益 30, 满意度 10).
func (g *Generator) Project(i int) jixiao.Project {
	adjusted := g.dec(20, 5000)
	final := adjusted.Mul(g.dec(60, 105)).Div(decimal.NewFromInt(100)).Round(2)
	p := jixiao.Project{
		Code:   fmt.Sprintf("P%08d", i),
		Name:   fmt.Sprintf("合成项目%d", i),
		Budget: &jixiao.ProjectBudget{Initial: &adjusted, Adjusted: &adjusted, Final: &final},
	}
	n := g.Indicators
	outputs := n - 3 // 产出; then two 效益 and one 满意度
	for k := 0; k < outputs; k++ {
		p.Indicators = append(p.Indicators, g.indicator("产出指标", k, split(50, outputs, k)))
	}
	p.Indicators = append(p.Indicators, g.indicator("效益指标", 100+0, "15"), g.indicator("效益指标", 101, "15"))
	sat := jixiao.Indicator{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "服务对象满意度",
		Target: fig("≥90%"), Actual: fig(fmt.Sprintf("%d%%", 80+g.rng.IntN(20))), Weight: dp("10")}
	p.Indicators = append(p.Indicators, sat)
	return p
}

// split divides total points into n integer-ish weights.
func split(total, n, k int) string {
	base := total / n
	if k == n-1 {
		return fmt.Sprint(total - base*(n-1))
	}
	return fmt.Sprint(base)
}

func dp(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

func (g *Generator) indicator(level1 string, k int, weight string) jixiao.Indicator {
	in := jixiao.Indicator{Level1: level1, Weight: dp(weight)}
	switch kind := g.rng.IntN(10); {
	case kind < 4: // a count, sometimes missed, sometimes far exceeded
		c := counts[g.rng.IntN(len(counts))]
		target := 10 + g.rng.IntN(5000)
		actual := target * (70 + g.rng.IntN(60)) / 100
		in.Level2, in.Name = "数量指标", c.name
		in.Target, in.Actual = fig(fmt.Sprintf("≥%d%s", target, c.unit)), fig(fmt.Sprintf("%d%s", actual, c.unit))
	case kind < 7: // a rate
		r := rates[g.rng.IntN(len(rates))]
		in.Level2, in.Name = r.level2, r.name
		in.Target, in.Actual = fig("≥95%"), fig(fmt.Sprintf("%d.%d%%", 85+g.rng.IntN(16), g.rng.IntN(10)))
	case kind < 9: // a reverse cost
		target := 100 + g.rng.IntN(900)
		in.Level2, in.Name = "成本指标", costs[g.rng.IntN(len(costs))]
		in.Target, in.Actual = fig(fmt.Sprintf("≤%d元", target)), fig(fmt.Sprintf("%d元", target*(80+g.rng.IntN(40))/100))
	default: // qualitative, with a judged score inside its tier
		t := g.rng.IntN(len(tiers))
		in.Level2, in.Name, in.Op = "可持续影响指标", quals[g.rng.IntN(len(quals))], jixiao.OpQualitative
		in.Target, in.Tier = fig("建立并有效运行"), tiers[t]
		s := in.Weight.Mul(decimal.RequireFromString(shares[t])).Round(2)
		in.Score = &s
	}
	if level1 == "效益指标" && in.Level2 == "数量指标" {
		in.Level2 = "社会效益指标"
	}
	in.Name = fmt.Sprintf("%s%d", in.Name, k)
	return in
}

// ProjectEvaluation returns the i-th project wrapped as a project
// self-evaluation.
func (g *Generator) ProjectEvaluation(i, year int) *jixiao.Evaluation {
	return &jixiao.Evaluation{Format: jixiao.CaseFormat, Subject: jixiao.SubjectProject, Year: year, Rulebook: "mof-2020",
		Org: jixiao.Org{Name: fmt.Sprintf("合成单位%d", i/20)}, Projects: []jixiao.Project{g.Project(i)}}
}

// Department returns the i-th synthetic department evaluation: a three-stage
// budget, six weighted sub-goals with judged deductions, and projects
// projects (numbered from i*projects).
func (g *Generator) Department(i, year, projects int) *jixiao.Evaluation {
	ev := &jixiao.Evaluation{Format: jixiao.CaseFormat, Subject: jixiao.SubjectDepartment, Year: year, Rulebook: "shijiazhuang-2024",
		Org: jixiao.Org{Code: fmt.Sprintf("D%05d", i), Name: fmt.Sprintf("合成部门%d", i)}}
	basic, project := g.dec(500, 30000), g.dec(1000, 500000)
	stage := func(scale int) *jixiao.BudgetStage {
		f := decimal.NewFromInt(int64(scale)).Div(decimal.NewFromInt(100))
		b, p := basic.Mul(f).Round(2), project.Mul(f).Round(2)
		total := b.Add(p)
		gp := total.Mul(decimal.RequireFromString("0.3")).Round(2)
		fund := total.Sub(gp)
		return &jixiao.BudgetStage{IncomeTotal: &total, ExpenditureTotal: &total, Basic: &b, Project: &p,
			Income: []jixiao.IncomeLine{{Source: jixiao.SourceGeneralPublic, Amount: &gp}, {Source: jixiao.SourceGovernmentFund, Amount: &fund}}}
	}
	ev.Budget = &jixiao.Budget{Initial: stage(100), Adjusted: stage(80 + g.rng.IntN(40)), Final: stage(50 + g.rng.IntN(50))}
	for k, w := range []string{"17", "17", "17", "17", "16", "16"} {
		goal := jixiao.Goal{ID: fmt.Sprintf("g%d", k+1), Name: fmt.Sprintf("分项绩效目标%d", k+1), Weight: dp(w)}
		if g.rng.IntN(3) == 0 {
			goal.Deductions = []jixiao.Deduction{{Points: g.dec(1, 3), Reason: "部分工作未按期完成"}}
		}
		ev.Goals = append(ev.Goals, goal)
	}
	for k := 0; k < projects; k++ {
		ev.Projects = append(ev.Projects, g.Project(i*projects+k))
	}
	return ev
}
