package xlsxio

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Sheet names.
const (
	SheetDepartment = "部门整体支出绩效自评表"
	SheetSummary    = "绩效自评结果汇总表"
	SheetScores     = "评分明细"
)

// ProjectSheet names a project's 项目支出绩效自评表 sheet; Excel limits
// sheet names to 31 characters and forbids : \ / ? * [ ].
func ProjectSheet(i int, name string) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	prefix := fmt.Sprintf("项目%d-", i+1)
	r := []rune(prefix + clean)
	if len(r) > 31 {
		r = r[:31]
	}
	return string(r)
}

// Export writes the standard tables of an evaluation to w: for a
// department, 部门整体支出绩效自评表, 绩效自评结果汇总表 (when projects are
// scored) and a 项目支出绩效自评表 per scored project; for a project, its
// 项目支出绩效自评表; and in both, 评分明细.
func Export(w io.Writer, ev *jixiao.Evaluation, sc *jixiao.Scorecard) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	x := &exporter{f: f, st: st, ev: ev, round: sc.Rulebook.RoundingPolicy()}
	if ev.Subject == jixiao.SubjectProject {
		if err := x.project(ProjectSheet(0, ev.Projects[0].Name), &ev.Projects[0], sc); err != nil {
			return err
		}
	} else {
		if err := x.department(sc); err != nil {
			return err
		}
		if len(sc.Projects) > 0 {
			if err := x.summary(sc); err != nil {
				return err
			}
			for i, psc := range sc.Projects {
				if p := ev.FindProject(psc.Name); p != nil {
					if err := x.project(ProjectSheet(i, p.Name), p, psc); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := x.scores(sc); err != nil {
		return err
	}
	// The first sheet took the place of "Sheet1" (newSheet) and is the
	// active one: deleting "Sheet1" or choosing the active sheet here
	// would read every sheet written back into memory.
	if err := f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("%s%d年度绩效自评表", ev.Name(), ev.Year), Creator: "jixiao"}); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

type exporter struct {
	f     *excelize.File
	st    *styles
	ev    *jixiao.Evaluation
	round jixiao.Rounding
}

// project writes a 项目支出绩效自评表 in the MOF 10号 layout: header,
// 项目资金 block with 执行率 and its score, the annual goal, the indicator
// grid and the total.
func (x *exporter) project(name string, p *jixiao.Project, sc *jixiao.Scorecard) error {
	s, err := newSheet(x.f, x.st, name, []float64{10, 12, 14, 24, 14, 14, 8, 9, 16, 16}, true)
	if err != nil {
		return err
	}
	st := x.st
	const cols = 10
	if err := s.freeze(4); err != nil { // title, year, 项目名称, 主管部门
		return err
	}
	blank := func(n int) []any { return make([]any, n) }
	if err := s.putH(30, append([]any{cell(st.title, "项目支出绩效自评表")}, blank(cols-1)...)...); err != nil {
		return err
	}
	s.merge(1, s.row, cols, s.row)
	if err := s.put(append([]any{cell(st.subtitle, fmt.Sprintf("（%d年度）", x.ev.Year))}, blank(cols-1)...)...); err != nil {
		return err
	}
	s.merge(1, s.row, cols, s.row)
	// 项目名称 / 主管部门 / 实施单位
	s.put(cell(st.label, "项目名称"), s.text(p.Name), s.text(""), s.text(""), s.text(""), s.text(""), s.text(""), s.text(""), s.text(""), s.text(""))
	s.merge(2, s.row, cols, s.row)
	s.put(cell(st.label, "主管部门"), s.text(orDash(p.Department)), s.text(""), s.text(""), s.text(""), cell(st.label, "实施单位"), s.text(orDash(p.Unit)), s.text(""), s.text(""), s.text(""))
	s.merge(2, s.row, 5, s.row)
	s.merge(7, s.row, cols, s.row)
	// 项目资金（万元）
	bud := p.Budget
	if bud == nil {
		bud = &jixiao.ProjectBudget{}
	}
	unit := bud.AmountUnit()
	fundTop := s.row + 1
	s.put(cell(st.label, "项目资金（"+unit+"）"), cell(st.header, ""), cell(st.header, ""), cell(st.header, "年初预算数"), cell(st.header, "全年预算数"),
		cell(st.header, "全年执行数"), cell(st.header, "分值"), cell(st.header, "执行率"), cell(st.header, "得分"), cell(st.header, ""))
	s.merge(2, s.row, 3, s.row)
	s.merge(9, s.row, 10, s.row)
	var exec *jixiao.Node
	for _, n := range sc.Nodes {
		if n.Kind == jixiao.NodeExecution {
			exec = n
		}
	}
	r := s.row + 1
	rate := rateCell(st, bud.Final, bud.Adjusted, ref(6, r), ref(5, r))
	weight, score := cell(st.textCenter, "—"), cell(st.textCenter, "—")
	if exec != nil {
		weight = cell(st.weight, number(exec.Weight))
		score = cell(st.score, scoreValue(exec.Score))
		if exec.Rubric == jixiao.RubricExecution && bud.Final != nil && bud.Adjusted != nil && bud.Adjusted.IsPositive() && len(p.ExecutionDeductions) == 0 {
			// The national rule as a formula: 分值 × min(执行率, 100%); no
			// rate (a budget edited to 0) earns nothing — MIN would skip
			// the empty rate and give full points.
			score = formula(st.score, fmt.Sprintf(`IF(%s="",0,ROUND(%s*MIN(%s,1),%d))`, ref(8, r), ref(7, r), ref(8, r), exact), scoreValue(exec.Score))
		}
	}
	s.put(cell(st.textCenter, ""), s.text("年度资金总额"), s.text(""), s.money(bud.Initial, x.round.Amount), s.money(bud.Adjusted, x.round.Amount),
		s.money(bud.Final, x.round.Amount), weight, rate, score, cell(st.score, ""))
	s.merge(2, s.row, 3, s.row)
	s.merge(9, s.row, 10, s.row)
	execRow := s.row
	for _, l := range bud.Lines {
		r := s.row + 1
		s.put(cell(st.textCenter, ""), s.text("其中："+l.Source), s.text(""), s.money(l.Initial, x.round.Amount), s.money(l.Adjusted, x.round.Amount),
			s.money(l.Final, x.round.Amount), cell(st.textCenter, "—"), rateCell(st, l.Final, l.Adjusted, ref(6, r), ref(5, r)), cell(st.textCenter, "—"), cell(st.textCenter, ""))
		s.merge(2, s.row, 3, s.row)
		s.merge(9, s.row, 10, s.row)
	}
	s.merge(1, fundTop, 1, s.row)
	// 年度总体目标
	s.put(cell(st.label, "年度总体目标"), cell(st.header, "预期目标"), cell(st.header, ""), cell(st.header, ""), cell(st.header, ""),
		cell(st.header, "实际完成情况"), cell(st.header, ""), cell(st.header, ""), cell(st.header, ""), cell(st.header, ""))
	goalTop := s.row
	s.merge(2, s.row, 5, s.row)
	s.merge(6, s.row, 10, s.row)
	s.putH(rowHeight(fit{p.Goal, 64}, fit{p.GoalResult, 63}), cell(st.label, ""), s.text(p.Goal), s.text(""), s.text(""), s.text(""), s.text(p.GoalResult), s.text(""), s.text(""), s.text(""), s.text(""))
	s.merge(2, s.row, 5, s.row)
	s.merge(6, s.row, 10, s.row)
	s.merge(1, goalTop, 1, s.row)
	// 绩效指标
	s.put(cell(st.label, "绩效指标"), cell(st.header, "一级指标"), cell(st.header, "二级指标"), cell(st.header, "三级指标"), cell(st.header, "年度指标值"),
		cell(st.header, "实际完成值"), cell(st.header, "分值"), cell(st.header, "得分"), cell(st.header, "偏差原因分析及改进措施"), cell(st.header, ""))
	s.merge(9, s.row, 10, s.row)
	indTop := s.row
	if err := s.printTitles(indTop, indTop); err != nil {
		return err
	}
	first := s.row + 1
	for _, n := range sc.Nodes {
		if n.Kind == jixiao.NodeExecution {
			continue
		}
		groupTop := s.row + 1
		for _, sub := range subgroups(n) {
			subTop := s.row + 1
			for _, leaf := range sub.leaves {
				in := indicatorAt(p, leaf.Source)
				target, actual, why := "", "", ""
				if in != nil {
					target, actual = in.TargetText(), in.ActualText()
					if actual == "" && in.Tier != "" {
						actual = in.Tier
					}
					why = joinNonEmpty("；", in.Deviation, in.Improvement)
				}
				s.putH(rowHeight(fit{why, 32}, fit{leaf.Name, 24}, fit{target, 14}, fit{actual, 14}), cell(st.label, ""), s.center(n.Name), s.center(sub.name), s.text(leaf.Name), s.center(target), s.center(actual),
					cell(st.weight, number(leaf.Weight)), cell(st.score, scoreValue(leaf.Score)), s.text(why), s.text(""))
				s.merge(9, s.row, 10, s.row)
			}
			if s.row > subTop {
				s.merge(3, subTop, 3, s.row)
			}
		}
		if s.row > groupTop {
			s.merge(2, groupTop, 2, s.row)
		}
	}
	last := s.row
	s.merge(1, indTop, 1, last)
	// 总分
	total := fmt.Sprintf("%s+SUM(%s:%s)", ref(9, execRow), ref(8, first), ref(8, last))
	wtotal := fmt.Sprintf("%s+SUM(%s:%s)", ref(7, execRow), ref(7, first), ref(7, last))
	if exec == nil {
		total = fmt.Sprintf("SUM(%s:%s)", ref(8, first), ref(8, last))
		wtotal = fmt.Sprintf("SUM(%s:%s)", ref(7, first), ref(7, last))
	}
	if last < first { // no indicators
		total, wtotal = ref(9, execRow), ref(7, execRow)
	}
	s.put(cell(st.bold, "总分"), cell(st.bold, ""), cell(st.bold, ""), cell(st.bold, ""), cell(st.bold, ""), cell(st.bold, ""),
		formula(st.weight, wtotal, number(sc.Weight)), formula(st.boldScore, total, scoreValue(sumScores(sc))), cell(st.bold, "评价等级："+sc.GradeText()), cell(st.bold, ""))
	s.merge(1, s.row, 6, s.row)
	s.merge(9, s.row, 10, s.row)
	return s.flush()
}

// sumScores is the sum of the top-level scores as written to the sheet
// (each to six places), the value Excel's SUM gives.
func sumScores(sc *jixiao.Scorecard) decimal.Decimal {
	sum := decimal.Zero
	sc.Walk(func(n *jixiao.Node, _ int) {
		if len(n.Children) == 0 {
			sum = sum.Add(n.Score.Round(exact))
		}
	})
	return sum
}

// rateCell is 执行率 = 执行数 / 预算数 as a formula with its cached value.
func rateCell(st *styles, fin, adj *decimal.Decimal, finRef, adjRef string) excelize.Cell {
	if fin == nil || adj == nil || !adj.IsPositive() {
		return cell(st.textCenter, "—")
	}
	r, _ := jixiao.Ratio(*fin, *adj)
	return formula(st.percent, fmt.Sprintf("IF(%s=0,\"\",%s/%s)", adjRef, finRef, adjRef), number(r.Round(exact+2)))
}

type subgroup struct {
	name   string
	leaves []*jixiao.Node
}

func subgroups(n *jixiao.Node) []subgroup {
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

func indicatorAt(p *jixiao.Project, source string) *jixiao.Indicator {
	i := strings.LastIndex(source, "indicators[")
	if i < 0 {
		return nil
	}
	var k int
	if _, err := fmt.Sscanf(source[i:], "indicators[%d]", &k); err != nil || k < 0 || k >= len(p.Indicators) {
		return nil
	}
	return &p.Indicators[k]
}

func joinNonEmpty(sep string, ss ...string) string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, strings.TrimRight(s, "。；"))
		}
	}
	return strings.Join(out, sep)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// fit is a text and the width of the cell it is written in, in Excel's
// column-width units (the width of a digit; a Chinese character takes two).
type fit struct {
	text  string
	width float64
}

// rowHeight gives a row room for the tallest of its wrapped texts, in
// points (10.5 pt type, 14 pt a line), at most 40 lines.
func rowHeight(fits ...fit) float64 {
	lines := 1
	for _, f := range fits {
		units := 0.0
		for _, r := range f.text {
			if r < 0x2E80 {
				units++
			} else {
				units += 2
			}
		}
		if f.width > 1 {
			lines = max(lines, int(units/(f.width-1))+1)
		}
	}
	return float64(min(lines, 40))*14 + 4
}

// summary writes the 绩效自评结果汇总表 of the department's scored projects.
func (x *exporter) summary(sc *jixiao.Scorecard) error {
	var rows []SummaryRow
	for _, psc := range sc.Projects {
		p := x.ev.FindProject(psc.Name)
		if p == nil {
			continue
		}
		rows = append(rows, summaryRow(p, psc, x.ev.Org.Name))
	}
	return writeSummary(x.f, x.st, fmt.Sprintf("%s%d年度", x.ev.Org.Name, x.ev.Year), func(yield func(SummaryRow) bool) {
		for _, r := range rows {
			if !yield(r) {
				return
			}
		}
	})
}

// scores writes 评分明细: every node with its weight, score and
// explanation.
func (x *exporter) scores(sc *jixiao.Scorecard) error {
	st := x.st
	s, err := newSheet(x.f, st, SheetScores, []float64{8, 40, 8, 10, 90}, true)
	if err != nil {
		return err
	}
	if err := s.freeze(2); err != nil {
		return err
	}
	if err := s.printTitles(2, 2); err != nil {
		return err
	}
	s.putH(28, cell(st.title, fmt.Sprintf("评分明细（评分规则：%s）", sc.Rulebook.Title)), nil, nil, nil, nil)
	s.merge(1, s.row, 5, s.row)
	s.put(cell(st.header, "序号"), cell(st.header, "评分项目"), cell(st.header, "分值"), cell(st.header, "得分"), cell(st.header, "得分说明"))
	add := func(prefix string, card *jixiao.Scorecard) {
		n := 0
		card.Walk(func(node *jixiao.Node, depth int) {
			n++
			expl := node.Explanation
			for _, note := range node.Notes {
				expl += "（注：" + note + "）"
			}
			s.putH(rowHeight(fit{expl, 90}, fit{node.Name, 40}), cell(st.textCenter, fmt.Sprintf("%s%d", prefix, n)), s.text(strings.Repeat("　", depth)+node.Name),
				cell(st.weight, number(node.Weight)), cell(st.score, scoreValue(node.Score)), s.text(expl))
		})
		s.put(cell(st.bold, prefix+"合计"), cell(st.bold, card.Name), cell(st.weight, number(card.Weight)),
			cell(st.boldScore, number(card.Displayed)), s.text("评价等级："+card.GradeText()+"（"+card.Rulebook.GradesText()+"）"))
	}
	add("", sc)
	for i, p := range sc.Projects {
		add(fmt.Sprintf("P%d-", i+1), p)
	}
	return s.flush()
}
