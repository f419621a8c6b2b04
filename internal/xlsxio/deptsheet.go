package xlsxio

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// deptRow is one row of the department sheet's 绩效目标与得分 block: an
// indicator with its target and actual value.
type deptRow struct {
	name, target, actual string
}

// deptGroup is the rows of one scored node: a sub-goal (分项绩效目标) with
// one row per indicator and its weight, score and explanation in merged
// cells beside them; or, under an indicator layout, one leaf indicator
// with its own weight and score.
type deptGroup struct {
	name, achieved string // the sub-goal, and what its report says was achieved
	weight, score  decimal.Decimal
	explanation    string
	rows           []deptRow
}

// deptGroups lays the scorecard out as the department sheet prints it:
// a sub-goal as one group with a row per indicator; a block of indicators
// (一级指标) as one group per leaf, their block name merged; the execution
// node as one row.
func (x *exporter) deptGroups(sc *jixiao.Scorecard) (groups []deptGroup, blocks [][2]int) {
	inds := &jixiao.Project{Indicators: x.ev.Indicators}
	indicatorRow := func(in *jixiao.Indicator, name string) deptRow {
		if in == nil {
			return deptRow{name: name}
		}
		actual := in.ActualText()
		if actual == "" && in.Tier != "" {
			actual = in.Tier
		}
		return deptRow{name: in.Name, target: in.TargetText(), actual: actual}
	}
	for i, n := range sc.Nodes {
		label := fmt.Sprintf("%d. %s", i+1, n.Name)
		switch {
		case n.Kind == jixiao.NodeGoal:
			g := deptGroup{name: label, weight: n.Weight, score: n.Score, explanation: n.Explanation}
			var k int
			if _, err := fmt.Sscanf(n.Source, "goals[%d]", &k); err == nil && k >= 0 && k < len(x.ev.Goals) {
				goal := &x.ev.Goals[k]
				g.achieved = strings.Join(nonBlank(goal.Achievement, goal.Results), "\n")
				for j := range x.ev.Goals[k].Indicators {
					g.rows = append(g.rows, indicatorRow(&x.ev.Goals[k].Indicators[j], ""))
				}
			}
			if len(g.rows) == 0 {
				g.rows = []deptRow{{}}
			}
			groups = append(groups, g)
		case len(n.Children) > 0:
			first := len(groups)
			for j, leaf := range n.Leaves() {
				if j == 1 {
					label = "" // merged under the block's first row
				}
				expl := leaf.Explanation
				for _, note := range leaf.Notes {
					expl += "（注：" + note + "）"
				}
				groups = append(groups, deptGroup{name: label, weight: leaf.Weight, score: leaf.Score, explanation: expl,
					rows: []deptRow{indicatorRow(indicatorAt(inds, leaf.Source), leaf.Name)}})
			}
			blocks = append(blocks, [2]int{first, len(groups) - 1})
		default:
			groups = append(groups, deptGroup{name: label, weight: n.Weight, score: n.Score, explanation: n.Explanation, rows: []deptRow{{}}})
		}
	}
	return groups, blocks
}

// department writes the 部门整体支出绩效自评表 in the 10号 layout: the
// budget's execution, the goals, and one row per indicator with its target
// and actual value, the sub-goal, what was achieved, its weight, score and
// the reasons for points lost merged beside its indicators.
//
// Columns: A labels; B 分项绩效目标 (budget: 项目); C 目标实现情况 (年初预算数);
// D 绩效指标 (全年预算数); E 指标值 (全年执行数); F 实际完成值 (执行率);
// G 分值; H 得分; I 扣分原因 / 得分说明.
func (x *exporter) department(sc *jixiao.Scorecard) error {
	ev := x.ev
	st := x.st
	s, err := newSheet(x.f, st, SheetDepartment, []float64{8, 20, 40, 20, 16, 16, 7, 9, 28}, true)
	if err != nil {
		return err
	}
	const cols = 9
	if err := s.freeze(3); err != nil { // title, year, 主管部门
		return err
	}
	groups, blocks := x.deptGroups(sc)
	n := 0
	for _, g := range groups {
		n += len(g.rows)
	}
	blank := func(n int) []any { return make([]any, n) }
	s.putH(30, append([]any{cell(st.title, "部门整体支出绩效自评表")}, blank(cols-1)...)...)
	s.merge(1, s.row, cols, s.row)
	s.put(append([]any{cell(st.subtitle, fmt.Sprintf("（%d年度）", ev.Year))}, blank(cols-1)...)...)
	s.merge(1, s.row, cols, s.row)
	// The rows below are fixed, so the header's total can refer to the
	// scores it sums: 3 budget lines and 5 header rows come first.
	firstScore := s.row + 1 + 8
	lastScore := firstScore + n - 1
	s.put(cell(st.label, "主管部门"), s.text(ev.Org.Name), s.text(""), cell(st.label, "自评总分"),
		formula(st.boldScore, fmt.Sprintf("SUM(%s:%s)", ref(8, firstScore), ref(8, lastScore)), scoreValue(sumScores(sc))),
		cell(st.label, "评价等级"), s.center(sc.GradeText()), s.text(""), s.text(""))
	s.merge(2, s.row, 3, s.row)
	s.merge(7, s.row, 9, s.row)
	// 部门预算执行情况
	b := ev.Budget
	if b == nil {
		b = &jixiao.Budget{}
	}
	s.put(cell(st.label, "部门预算执行情况（"+b.AmountUnit()+"）"), cell(st.header, "项目"), cell(st.header, "年初预算数"), cell(st.header, "全年（调整）预算数"),
		cell(st.header, "全年执行数"), cell(st.header, "执行率"), cell(st.header, "说明"), cell(st.header, ""), cell(st.header, ""))
	top := s.row
	s.merge(7, s.row, 9, s.row)
	stageVal := func(stage *jixiao.BudgetStage, get func(*jixiao.BudgetStage) *decimal.Decimal) *decimal.Decimal {
		if stage == nil {
			return nil
		}
		return get(stage)
	}
	for _, line := range []struct {
		name string
		get  func(*jixiao.BudgetStage) *decimal.Decimal
	}{
		{"支出合计（基本支出＋项目支出）", func(s *jixiao.BudgetStage) *decimal.Decimal {
			if s.Basic == nil || s.Project == nil {
				return nil
			}
			v := s.Basic.Add(*s.Project)
			return &v
		}},
		{"其中：基本支出", func(s *jixiao.BudgetStage) *decimal.Decimal { return s.Basic }},
		{"　　　项目支出", func(s *jixiao.BudgetStage) *decimal.Decimal { return s.Project }},
	} {
		r := s.row + 1
		ini, adj, fin := stageVal(b.Initial, line.get), stageVal(b.Adjusted, line.get), stageVal(b.Final, line.get)
		s.put(cell(st.label, ""), s.text(line.name), s.money(ini, x.round.Amount), s.money(adj, x.round.Amount), s.money(fin, x.round.Amount),
			rateCell(st, fin, adj, ref(5, r), ref(4, r)), s.text(""), s.text(""), s.text(""))
	}
	s.merge(1, top, 1, s.row)
	s.merge(7, top+1, 9, s.row)
	// 当年绩效目标
	s.put(cell(st.label, "当年绩效目标"), cell(st.header, "年度绩效目标"), cell(st.header, ""), cell(st.header, ""), cell(st.header, "全年目标实际完成情况"),
		cell(st.header, ""), cell(st.header, ""), cell(st.header, ""), cell(st.header, ""))
	gtop := s.row
	s.merge(2, s.row, 4, s.row)
	s.merge(5, s.row, 9, s.row)
	s.putH(min(rowHeight(fit{ev.OverallGoal, 80}, fit{ev.OverallResult, 76}), maxRowHeight), cell(st.label, ""), s.text(ev.OverallGoal), s.text(""), s.text(""),
		s.text(ev.OverallResult), s.text(""), s.text(""), s.text(""), s.text(""))
	s.merge(2, s.row, 4, s.row)
	s.merge(5, s.row, 9, s.row)
	s.merge(1, gtop, 1, s.row)
	// 绩效目标与得分: the column headings, repeated on every printed page.
	s.put(cell(st.label, "绩效目标与得分"), cell(st.header, "分项绩效目标"), cell(st.header, "目标实现情况"), cell(st.header, "绩效指标"), cell(st.header, "指标值"),
		cell(st.header, "实际完成值"), cell(st.header, "分值"), cell(st.header, "得分"), cell(st.header, "扣分原因 / 得分说明"))
	itop := s.row
	if err := s.printTitles(itop, itop); err != nil {
		return err
	}
	first := s.row + 1
	var starts []int // each group's first row
	for _, g := range groups {
		starts = append(starts, s.row+1)
		// The merged name and explanation need the group's rows together
		// to be as tall as they wrap to; the rows share what is missing.
		heights := make([]float64, len(g.rows))
		sum := 0.0
		for i, r := range g.rows {
			heights[i] = rowHeight(fit{r.name, 20}, fit{r.target, 16}, fit{r.actual, 16})
			sum += heights[i]
		}
		if need := groupHeight(g); need > sum {
			for i := range heights {
				heights[i] += (need - sum) / float64(len(heights))
			}
		}
		for i, r := range g.rows {
			name, achieved, weight, score, expl := cell(st.text, nil), cell(st.text, nil), cell(st.weight, nil), cell(st.score, nil), cell(st.text, nil)
			if i == 0 {
				name, achieved, expl = s.text(g.name), s.text(g.achieved), s.text(g.explanation)
				weight, score = cell(st.weight, number(g.weight)), cell(st.score, scoreValue(g.score))
			}
			s.putH(min(heights[i], maxRowHeight), cell(st.label, ""), name, achieved, s.text(r.name), s.center(r.target), s.center(r.actual), weight, score, expl)
		}
		if len(g.rows) > 1 {
			top := s.row - len(g.rows) + 1
			for _, c := range []int{2, 3, 7, 8, 9} {
				s.merge(c, top, c, s.row)
			}
		}
	}
	last := s.row
	if first != firstScore || last != lastScore {
		return fmt.Errorf("xlsx: department sheet layout out of step (rows %d–%d, expected %d–%d)", first, last, firstScore, lastScore)
	}
	// A block of indicators (一级指标) names itself once, over its leaves.
	for _, bl := range blocks {
		if bl[1] > bl[0] {
			s.merge(2, starts[bl[0]], 2, starts[bl[1]]+len(groups[bl[1]].rows)-1)
		}
	}
	s.merge(1, itop, 1, last)
	// The grade with its bands wraps in its column: the row is as tall as
	// it needs, so that print shows all of it.
	grade := "评价等级：" + sc.GradeText() + "（" + sc.Rulebook.GradesText() + "）"
	s.putH(rowHeight(fit{grade, 28}), cell(st.bold, "合计"), cell(st.bold, ""), cell(st.bold, ""), cell(st.bold, ""), cell(st.bold, ""), cell(st.bold, ""),
		formula(st.weight, fmt.Sprintf("SUM(%s:%s)", ref(7, first), ref(7, last)), number(sc.Weight)),
		formula(st.boldScore, fmt.Sprintf("SUM(%s:%s)", ref(8, first), ref(8, last)), scoreValue(sumScores(sc))),
		s.text(grade))
	s.merge(1, s.row, 6, s.row)
	return s.flush()
}

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// groupHeight is the height a group's merged cells need: the sub-goal,
// what was achieved and the explanation, wrapped in their columns. Text
// beyond what the rows can hold (409 pt each) stays in the cell, shown in
// full when the cell is opened.
func groupHeight(g deptGroup) float64 {
	h := rowHeight(fit{g.name, 20}, fit{g.explanation, 28})
	// rowHeight stops at 40 lines; a long account of what was achieved
	// may need more, over several rows.
	units := 0.0
	for _, r := range g.achieved {
		if r < 0x2E80 {
			units++
		} else {
			units += 2
		}
	}
	lines := int(units/39) + 1 + strings.Count(g.achieved, "\n")
	return max(h, float64(lines)*14+4)
}

// nonBlank returns the texts that are not blank.
func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}
