package report

import (
	"fmt"
	"strings"

	"jixiao"
)

// project builds the shorter project self-evaluation report: the project,
// its funds and goal, how the self-evaluation was done, the goal's
// achievement by first-level indicator with the indicator table, the
// conclusion, problems and measures, and how the results are used.
func (b *builder) project(p *jixiao.Project, sc *jixiao.Scorecard) {
	ev := b.ev
	b.d.Title = []string{p.Name, jixiao.YearTitle(ev.Year) + "项目支出绩效自评报告"}
	if t := strings.TrimSpace(ev.Title); t != "" {
		b.d.Title = []string{t}
	}
	b.d.Subject = strings.Join(b.d.Title, "")
	b.para(ev.Basis)
	h1 := &counter{level: 1}

	b.heading(1, "%s项目基本情况", h1.next())
	var facts []string
	if p.Department != "" {
		facts = append(facts, "主管部门为"+p.Department)
	}
	if p.Unit != "" {
		facts = append(facts, "实施单位为"+p.Unit)
	}
	intro := fmt.Sprintf("“%s”", p.Name)
	if p.Code != "" {
		intro += "（项目编码" + p.Code + "）"
	}
	if len(facts) > 0 {
		b.para(intro + strings.Join(facts, "，") + "。")
	}
	if bud := p.Budget; bud != nil {
		u := bud.AmountUnit()
		var parts []string
		for _, x := range []struct {
			name string
			v    string
		}{{"年初预算数", b.moneyp(bud.Initial)}, {"全年预算数", b.moneyp(bud.Adjusted)}, {"全年执行数", b.moneyp(bud.Final)}} {
			if x.v != "" {
				parts = append(parts, x.name+x.v+u)
			}
		}
		text := fmt.Sprintf("%d年项目%s", ev.Year, strings.Join(parts, "，"))
		if bud.Final != nil && bud.Adjusted != nil {
			if r, ok := jixiao.Ratio(*bud.Final, *bud.Adjusted); ok {
				text += "，预算执行率" + jixiao.Percent(r, b.round.Rate)
			}
		}
		b.para(text + "。" + sentence(p.ExecutionCause))
		b.fundsTable(p)
	}

	b.heading(1, "%s绩效目标", h1.next())
	if p.Goal != "" {
		b.para("项目年度总体目标：" + p.Goal)
	} else {
		b.placeholder("项目年度总体目标")
	}

	b.heading(1, "%s自评工作开展情况", h1.next())
	b.process()

	b.heading(1, "%s绩效目标实现情况", h1.next())
	b.para(p.GoalResult)
	b.byLevel1(p, sc)
	b.indicatorTable(p, sc)

	b.heading(1, "%s自评结论", h1.next())
	b.para(p.Conclusion)
	b.para(fmt.Sprintf("按照%s，项目支出绩效自评得分%s分，%s。", b.rb.Citation(), b.score(sc.Displayed), gradeSentence(sc, b.rb)))
	b.yearOnYear()

	b.heading(1, "%s存在的问题及改进措施", h1.next())
	b.heading(2, "（一）存在的问题")
	if strings.TrimSpace(p.Problems) == "" {
		b.placeholder("存在的问题")
	}
	b.para(p.Problems)
	b.heading(2, "（二）改进措施")
	if strings.TrimSpace(p.Improvements) == "" {
		b.placeholder("改进措施")
	}
	b.para(p.Improvements)
	b.earlierRectification("（三）")

	b.heading(1, "%s结果应用", h1.next())
	if strings.TrimSpace(p.ResultsUse) == "" {
		b.placeholder("结果应用")
	}
	b.para(p.ResultsUse)
	b.signature()
}

// byLevel1 discusses the scorecard block by block (预算执行, 产出指标,
// 效益指标, 满意度指标): each block's points, then every indicator short
// of its full points with its target, actual and the deviation analysis
// the case gives.
func (b *builder) byLevel1(p *jixiao.Project, sc *jixiao.Scorecard) {
	for i, n := range sc.Nodes {
		b.heading(2, "（%s）%s（满分%s分，得%s分）", chineseOrdinal(i+1), n.Name, jixiao.Plain(n.Weight), b.fixedScore(n.Score))
		if n.Kind == jixiao.NodeExecution {
			b.para(sentence(n.Explanation))
			if n.Score.LessThan(n.Weight) && strings.TrimSpace(p.ExecutionCause) != "" {
				b.para("偏差原因：" + sentence(p.ExecutionCause))
			}
			continue
		}
		var short []string
		for _, leaf := range n.Leaves() {
			if !leaf.Score.LessThan(leaf.Weight) {
				continue
			}
			text := fmt.Sprintf("“%s”得%s分（满分%s分）", leaf.Name, b.fixedScore(leaf.Score), jixiao.Plain(leaf.Weight))
			if in := findBySource(p, leaf.Source); in != nil {
				text = fmt.Sprintf("“%s”年度指标值%s，实际完成值%s，得%s分（满分%s分）", leaf.Name, in.TargetText(), in.ActualText(), b.fixedScore(leaf.Score), jixiao.Plain(leaf.Weight))
				if d := strings.TrimSpace(in.Deviation); d != "" {
					text += "。偏差原因：" + strings.TrimRight(d, "。")
				}
			}
			short = append(short, text)
		}
		if len(short) == 0 && len(n.Leaves()) > 0 {
			b.para(fmt.Sprintf("%s下%d项指标均达到年度指标值，得满分。", n.Name, len(n.Leaves())))
		}
		for _, t := range short {
			b.para(t + "。")
		}
	}
}

// chineseOrdinal is 一, 二, … 十 for the numbering of sub-sections.
func chineseOrdinal(n int) string {
	names := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 1 && n <= len(names) {
		return names[n-1]
	}
	return fmt.Sprint(n)
}

// fundsTable is the 项目资金 block of the self-evaluation table.
func (b *builder) fundsTable(p *jixiao.Project) {
	bud := p.Budget
	t := &Table{Caption: "项目资金情况", Unit: "单位：" + bud.AmountUnit(), Widths: []int{28, 18, 18, 18, 18},
		Header: [][]Cell{{{Text: "资金来源"}, {Text: "年初预算数"}, {Text: "全年预算数"}, {Text: "全年执行数"}, {Text: "执行率"}}}}
	row := func(name string, ini, adj, fin string, rate string, bold bool) []Cell {
		dash := func(s string) string {
			if s == "" {
				return "—"
			}
			return s
		}
		return []Cell{{Text: name, Bold: bold}, {Text: dash(ini), Align: "right"}, {Text: dash(adj), Align: "right"}, {Text: dash(fin), Align: "right"}, {Text: dash(rate), Align: "right"}}
	}
	rate := ""
	if bud.Final != nil && bud.Adjusted != nil {
		if r, ok := jixiao.Ratio(*bud.Final, *bud.Adjusted); ok {
			rate = jixiao.Percent(r, b.round.Rate)
		}
	}
	t.Rows = append(t.Rows, row("年度资金总额", b.moneyp(bud.Initial), b.moneyp(bud.Adjusted), b.moneyp(bud.Final), rate, true))
	for _, l := range bud.Lines {
		lr := ""
		if l.Final != nil && l.Adjusted != nil {
			if r, ok := jixiao.Ratio(*l.Final, *l.Adjusted); ok {
				lr = jixiao.Percent(r, b.round.Rate)
			}
		}
		t.Rows = append(t.Rows, row("其中："+l.Source, b.moneyp(l.Initial), b.moneyp(l.Adjusted), b.moneyp(l.Final), lr, false))
	}
	b.table(t)
}

// indicatorTable is the indicator grid of the self-evaluation table, with
// first- and second-level names merged down their rows.
func (b *builder) indicatorTable(p *jixiao.Project, sc *jixiao.Scorecard) {
	t := &Table{Caption: "绩效指标完成情况", Widths: []int{9, 10, 17, 11, 13, 7, 10, 23},
		Header: [][]Cell{{{Text: "一级指标"}, {Text: "二级指标"}, {Text: "三级指标"}, {Text: "年度指标值"}, {Text: "实际完成值"},
			{Text: "分值"}, {Text: "得分"}, {Text: "偏差原因分析及改进措施"}}}}
	for _, n := range sc.Nodes {
		if n.Kind == jixiao.NodeExecution {
			t.Rows = append(t.Rows, []Cell{{Text: n.Name, ColSpan: 5, Bold: true}, {Text: jixiao.Plain(n.Weight), Align: "right"},
				{Text: b.fixedScore(n.Score), Align: "right"}, {Text: sentence(p.ExecutionCause)}})
			continue
		}
		leaves := n.Leaves()
		first := true
		for _, sub := range groupsOf(n) {
			firstSub := true
			for _, leaf := range sub.leaves {
				in := findBySource(p, leaf.Source)
				var row []Cell
				if first {
					row = append(row, Cell{Text: n.Name, RowSpan: len(leaves), Align: "center"})
					first = false
				}
				if firstSub {
					row = append(row, Cell{Text: sub.name, RowSpan: len(sub.leaves), Align: "center"})
					firstSub = false
				}
				target, actual, why := "", "", ""
				if in != nil {
					target, actual = in.TargetText(), in.ActualText()
					if in.Tier != "" && actual == "" {
						actual = in.Tier
					}
					why = strings.TrimSpace(strings.Join(nonEmpty(in.Deviation, in.Improvement), "；"))
				}
				row = append(row, Cell{Text: leaf.Name}, Cell{Text: target, Align: "center"}, Cell{Text: actual, Align: "center"},
					Cell{Text: jixiao.Plain(leaf.Weight), Align: "right"}, Cell{Text: b.fixedScore(leaf.Score), Align: "right"}, Cell{Text: why})
				t.Rows = append(t.Rows, row)
			}
		}
	}
	t.Rows = append(t.Rows, []Cell{{Text: "总分", ColSpan: 5, Align: "center", Bold: true}, {Text: jixiao.Plain(sc.Weight), Align: "right", Bold: true},
		{Text: jixiao.Fixed(sc.Displayed, b.round.Total), Align: "right", Bold: true}, {Text: "评价等级：" + sc.GradeText(), Bold: true}})
	b.table(t)
}

type subgroup struct {
	name   string
	leaves []*jixiao.Node
}

// groupsOf splits a first-level node's leaves by second-level group; leaves
// directly under it form a group of their own with an empty name.
func groupsOf(n *jixiao.Node) []subgroup {
	var out []subgroup
	for _, c := range n.Children {
		if c.Kind == jixiao.NodeSubgroup {
			out = append(out, subgroup{c.Name, c.Children})
			continue
		}
		if len(out) == 0 || out[len(out)-1].name != "" {
			out = append(out, subgroup{})
		}
		out[len(out)-1].leaves = append(out[len(out)-1].leaves, c)
	}
	return out
}

func findBySource(p *jixiao.Project, source string) *jixiao.Indicator {
	i := strings.LastIndex(source, "indicators[")
	if i < 0 {
		return nil
	}
	var k int
	if _, err := fmt.Sscanf(source[i:], "indicators[%d]", &k); err != nil || k >= len(p.Indicators) {
		return nil
	}
	return &p.Indicators[k]
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimRight(strings.TrimSpace(s), "。"))
		}
	}
	return out
}
