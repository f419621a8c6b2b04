package xlsxio

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// BudgetRows maps the row names of a 收支预决算 table to the amount fields
// of a budget stage (the case file's names); income sources are recognised
// by jixiao.IncomeSource.
var BudgetRows = map[string]string{
	"收入合计": "income_total", "本年收入合计": "income_total", "收入总计": "income_total", "总收入": "income_total",
	"支出合计": "expenditure_total", "本年支出合计": "expenditure_total", "支出总计": "expenditure_total", "总支出": "expenditure_total",
	"部门预算": "expenditure_total", "部门支出": "expenditure_total",
	"基本支出": "basic", "人员经费": "personnel", "其中:人员经费": "personnel", "公用经费": "public", "其中:公用经费": "public",
	"项目支出": "project", "年末结转和结余": "carryover", "结转和结余": "carryover", "结转结余": "carryover", "年末结转结余": "carryover",
}

// numbering matches the numbers tables put before row names: 一、 （一） (1) 1.
var numbering = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.．、])`)

// BudgetLabel names the budget field of a row name: an amount field of a
// stage (field), or an income source (src); ok is false for a name that is
// neither.
func BudgetLabel(label string) (field string, src jixiao.IncomeSource, ok bool) {
	l := numbering.ReplaceAllString(labelReplacer.Replace(label), "")
	if strings.HasPrefix(l, "其中:") && BudgetRows[l] == "" {
		l = strings.TrimPrefix(l, "其中:")
	}
	if f, ok := BudgetRows[l]; ok {
		return f, "", true
	}
	if f, ok := BudgetRows[norm(l)]; ok {
		return f, "", true
	}
	if err := src.UnmarshalText([]byte(l)); err == nil {
		return "", src, true
	}
	return "", "", false
}

// departmentLabels head a department table's name.
var departmentLabels = []string{"主管部门", "部门名称", "单位名称", "主管部门及代码", "预算单位", "单位名称及代码", "部门(单位)名称", "预算部门名称"}

// department reads a 部门整体支出绩效自评表 and names its layout.
func (b *builder) department(g *grid) string {
	org := map[string]any{}
	if r, c, ok := g.findLabel(0, departmentLabels...); ok {
		if v, vc := g.rightOf(r, c); vc >= 0 && !isLabel(v) {
			if strings.Contains(g.text(r, c), "代码") {
				v = orgCode.ReplaceAllString(v, "")
			}
			b.put(org, "org", "name", v, g.ref(r, vc))
		}
	}
	if org["name"] == nil {
		org["name"] = "" // read as blank: check reports it (F03)
		b.origin["org.name"] = g.ref(0, 0)
		if r, c, ok := g.findLabel(0, departmentLabels...); ok {
			b.origin["org.name"] = g.ref(r, c)
		}
	}
	b.m["org"] = org
	stated := map[string]any{}
	if r, c, ok := g.find(0, "自评总分", "自评得分", "总分"); ok {
		if _, vc := g.rightOf(r, c); vc >= 0 {
			b.put(stated, "stated", "total", g.number(r, vc), g.ref(r, vc))
		}
	}
	if r, c, ok := g.find(0, "评价等级"); ok {
		if v, vc := g.rightOf(r, c); vc >= 0 {
			b.put(stated, "stated", "grade", v, g.ref(r, vc))
		}
	}
	b.departmentBudget(g, stated)
	if bands, at := gradeLegend(g); bands != nil {
		stated["grades"] = bands
		b.origin["stated.grades"] = at
	}
	if len(stated) > 0 {
		b.m["stated"] = stated
	}
	// 当年绩效目标: the adjusted goal when both are given.
	for _, label := range []string{"全年(调整)绩效目标", "年度绩效目标", "年初绩效目标"} {
		if r, c, ok := g.findKeep(0, label); ok {
			b.put(b.m, "", "overall_goal", g.below(r, c), g.ref(r+1, c))
			break
		}
	}
	for _, label := range []string{"全年目标实际完成情况", "实际完成情况", "目标完成情况"} {
		if r, c, ok := g.findKeep(0, label); ok {
			b.put(b.m, "", "overall_result", g.below(r, c), g.ref(r+1, c))
			break
		}
	}
	goals := b.goals(g)
	layout := "部门整体支出绩效自评表"
	if len(goals) > 0 {
		layout = "部门整体支出绩效自评表（分项绩效目标及扣分）"
	}
	// A table of indicators: under their goals when the table names them,
	// else the department's own.
	if hr, _, ok := g.find(0, "指标名称", "三级指标"); ok {
		t := b.indicators(g, hr, "indicators")
		items, owners := t.items, t.goals
		if len(t.caps) > 0 {
			b.m["caps"] = t.caps
		}
		if t.coef {
			layout = "部门整体支出绩效自评表（重庆：指标权重×得分系数）"
		} else if len(goals) == 0 {
			layout = "部门整体支出绩效自评表（绩效指标）"
		}
		switch weights, ok := weightSum(items, stated); {
		case len(items) == 0 && !t.closed:
			b.m["incomplete"] = fmt.Sprintf("表格在第%d行后没有内容：没有绩效指标行", t.last+1)
		case len(items) == 0 || t.closed || len(goals) > 0:
		case ok && weights.LessThan(decimal.NewFromInt(100)):
			// No closing row, and the weights printed so far do not reach
			// the full 100 points: the rest of the table is missing.
			b.m["incomplete"] = fmt.Sprintf("表格在第%d行后没有内容（已列指标和预算执行的分值合计%s分，不足100分）", t.last+1, weights)
		case !ok && stated["total"] == nil:
			b.m["incomplete"] = fmt.Sprintf("表格在第%d行后没有内容（没有总分）", t.last+1)
		}
		var own []any
		for i, it := range items {
			if owners[i] == "" {
				own = append(own, it)
				continue
			}
			gi := goalIndex(goals, owners[i])
			if gi < 0 {
				b.problem(b.origin[fmt.Sprintf("indicators[%d].name", i)], "指标所属的分项绩效目标“%s”不在分项绩效目标表中", owners[i])
				continue
			}
			gm := goals[gi].(map[string]any)
			list, _ := gm["indicators"].([]any)
			gm["indicators"] = append(list, it)
		}
		if len(own) > 0 {
			b.m["indicators"] = own
		}
	}
	if len(goals) > 0 {
		b.m["goals"] = goals
	}
	if _, _, ok := g.find(0, "指标名称", "三级指标"); !ok && g == b.partial && b.m["incomplete"] == nil {
		b.m["incomplete"] = g.cutShort()
	}
	return layout
}

// goalIndex finds a goal by name or by its number ("2").
func goalIndex(goals []any, ref string) int {
	ref = strings.TrimSpace(ref)
	for i, g := range goals {
		if name, _ := g.(map[string]any)["name"].(string); name == ref || numbering.ReplaceAllString(ref, "") == name {
			return i
		}
	}
	var n int
	if _, err := fmt.Sscanf(ref, "%d", &n); err == nil && n >= 1 && n <= len(goals) {
		return n - 1
	}
	return -1
}

// findKeep is find without cutting bracketed parts of labels
// ("全年（调整）绩效目标").
func (g *grid) findKeep(from int, names ...string) (int, int, bool) {
	for r := from; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			t := bracketLineReplacer.Replace(g.text(r, c))
			for _, n := range names {
				if t == n {
					return r, c, true
				}
			}
		}
	}
	return 0, 0, false
}

// departmentBudget reads the budget block: rows of income sources, totals
// and expenditure classes under a header naming the stages.
func (b *builder) departmentBudget(g *grid, stated map[string]any) {
	hr, cols, ok := g.stageHeader()
	if !ok {
		return
	}
	unit := ""
	for r := max(0, hr-2); r <= hr; r++ {
		for c := 0; c < g.width(r); c++ {
			if u := unitIn(g.text(r, c)); u != "" {
				unit = u
			}
		}
	}
	budget := map[string]any{}
	if unit != "" {
		budget["unit"] = unit
	}
	stages := map[string]map[string]any{}
	incomes := map[string][]any{}
	var scores []any
	for r := hr + 1; r < g.rows(); r++ {
		label := rowLabel(g, r, cols.first)
		if strings.Contains(strings.ReplaceAll(label, "＋", "+"), "基本支出+项目支出") {
			continue // a line derived from two others (jixiao's own table)
		}
		field, src, ok := BudgetLabel(label)
		if (label == "" || isFundTotal(label)) && r == hr+1 {
			// One row of figures under the header (the Chongqing table): the
			// department's expenditure, with its stated rate and score.
			field, ok = "expenditure_total", true
			b.executionRow(g, r, cols, stated)
		}
		if !ok {
			break
		}
		if (field == "basic" || field == "project") && cols.score >= 0 {
			// A score printed on a line of its own (基本支出, 项目支出 each
			// with 分值 and 得分): kept to compare with the line's rate.
			if v := g.number(r, cols.score); isNumber(v) {
				line := map[string]any{"of": field, "score": v}
				if cols.max >= 0 {
					if m := g.number(r, cols.max); isNumber(m) {
						line["max"] = m
					}
				}
				at := fmt.Sprintf("budget.scores[%d]", len(scores))
				b.origin[at] = g.ref(r, cols.score)
				b.origin[at+".score"] = g.ref(r, cols.score)
				scores = append(scores, line)
			}
		}
		for stage, c := range map[string]int{"initial": cols.initial, "adjusted": cols.adjusted, "final": cols.final} {
			if c < 0 {
				continue
			}
			v := b.money(g, r, c, unit)
			if v == nil {
				continue
			}
			if stages[stage] == nil {
				stages[stage] = map[string]any{}
			}
			if field != "" {
				b.put(stages[stage], "budget."+stage, field, v, g.ref(r, c))
			} else {
				at := fmt.Sprintf("budget.%s.income[%d]", stage, len(incomes[stage]))
				line := map[string]any{"source": string(src), "amount": v}
				if label != src.Title() {
					line["label"] = strings.TrimSpace(label)
				}
				b.origin[at+".amount"] = g.ref(r, c)
				b.origin[at] = g.ref(r, c)
				incomes[stage] = append(incomes[stage], line)
			}
		}
	}
	for stage, m := range stages {
		if len(incomes[stage]) > 0 {
			m["income"] = incomes[stage]
		}
		budget[stage] = m
	}
	for stage, lines := range incomes {
		if stages[stage] == nil {
			budget[stage] = map[string]any{"income": lines}
		}
	}
	if len(b.rates) > 0 {
		budget["rates"] = b.rates
	}
	if len(scores) > 0 {
		budget["scores"] = scores
	}
	if len(stages) > 0 || len(incomes) > 0 || len(b.rates) > 0 {
		b.m["budget"] = budget
	}
}

// goalColumns maps the headers of a 分项绩效目标 table.
var goalColumns = map[string]string{
	"分项绩效目标": "name", "绩效目标": "name", "分值": "weight", "权重": "weight", "扣分": "points", "扣分原因": "reason",
	"得分": "score", "扣分原因/得分说明": "reason", "得分说明": "reason", "绩效指标": "indicators_text", "目标完成情况": "achievement",
	"完成情况": "achievement", "目标实现情况": "achievement",
	// One row per indicator (the layout jixiao writes): the indicator's
	// target and actual value beside its name, the sub-goal merged down.
	"指标值": "target", "实际完成值": "actual",
}

// goals reads a table of sub-goals with their weights and deductions.
func (b *builder) goals(g *grid) []any {
	hr := -1
	cols := map[int]string{}
	for r := 0; r < g.rows() && hr < 0; r++ {
		found := map[int]string{}
		for c := 0; c < g.width(r); c++ {
			t := bracketReplacer.Replace(g.text(r, c))
			f, ok := goalColumns[t]
			if !ok {
				f, ok = goalColumns[norm(t)]
			}
			if ok {
				found[c] = f
			}
		}
		hasName, hasWeight := false, false
		for _, f := range found {
			hasName = hasName || f == "name"
			hasWeight = hasWeight || f == "weight"
		}
		if hasName && hasWeight {
			hr, cols = r, found
		}
	}
	if hr < 0 {
		return nil
	}
	nameCol, perIndicator := -1, false
	for c, f := range cols {
		switch f {
		case "name":
			if nameCol < 0 || c < nameCol {
				nameCol = c
			}
		case "target", "actual":
			perIndicator = true
		}
	}
	var goals []any
	for r := hr + 1; r < g.rows(); r++ {
		first := norm(g.text(r, 0)) + norm(g.text(r, 1))
		if strings.HasPrefix(first, "合计") || strings.HasPrefix(first, "总分") || isIndicatorHeader(g, r) {
			break
		}
		// A row under a sub-goal merged down from above adds an indicator
		// to it; its weight, score and reasons are the merged ones.
		if perIndicator && len(goals) > 0 && g.continues(r, nameCol) {
			b.goalIndicator(g, r, cols, fmt.Sprintf("goals[%d]", len(goals)-1), goals[len(goals)-1].(map[string]any))
			continue
		}
		at := fmt.Sprintf("goals[%d]", len(goals))
		gm := map[string]any{}
		var points, reason, score string
		var pointsAt, reasonAt string
		done := map[string]bool{}
		for _, c := range sortedCols(cols) {
			f := cols[c]
			t := g.text(r, c)
			if t == "" || t == g.text(hr, c) || done[f] {
				continue // blank, a merged block label, or read already
			}
			done[f] = true
			switch f {
			case "name":
				b.put(gm, at, "name", numbering.ReplaceAllString(t, ""), g.ref(r, c))
				if n := regexp.MustCompile(`^\d+[.．、]\s*`).ReplaceAllString(t, ""); n != t {
					gm["name"] = n
				}
			case "weight":
				b.put(gm, at, "weight", g.number(r, c), g.ref(r, c))
			case "points":
				points, pointsAt = g.number(r, c), g.ref(r, c)
			case "reason":
				reason, reasonAt = t, g.ref(r, c)
			case "score":
				score = g.number(r, c)
				b.put(gm, at, "stated_score", score, g.ref(r, c))
			case "target", "actual":
			case "indicators_text":
				if !perIndicator {
					b.put(gm, at, f, t, g.ref(r, c))
				}
			default:
				b.put(gm, at, f, t, g.ref(r, c))
			}
		}
		if gm["name"] == nil {
			if len(gm) > 0 || points != "" {
				b.problem(g.ref(r, 0), "这一行有数据但没有分项绩效目标的名称")
			}
			continue
		}
		if perIndicator {
			b.goalIndicator(g, r, cols, at, gm)
		}
		// A deduction: as stated, or the weight less the score when the
		// table gives only those.
		if points == "" && score != "" && gm["weight"] != nil {
			w, err1 := jixiao.ParseDecimal(gm["weight"].(string))
			s, err2 := jixiao.ParseDecimal(score)
			if err1 == nil && err2 == nil && s.LessThan(w) {
				points, pointsAt = w.Sub(s).String(), b.origin[at+".stated_score"]
			}
		}
		if points != "" && points != "0" {
			d := map[string]any{"points": points}
			if reason != "" {
				d["reason"] = reason
			}
			gm["deductions"] = []any{d}
			b.origin[at+".deductions[0].points"] = pointsAt
			b.origin[at+".deductions[0]"] = pointsAt
			if reasonAt != "" {
				b.origin[at+".deductions[0].reason"] = reasonAt
			}
		}
		goals = append(goals, gm)
	}
	return goals
}

// goalIndicator reads row r of a table with one row per indicator as an
// indicator of the sub-goal gm (at path at): its name (绩效指标), target
// (指标值) and actual value (实际完成值). A row without a name adds nothing.
func (b *builder) goalIndicator(g *grid, r int, cols map[int]string, at string, gm map[string]any) {
	list, _ := gm["indicators"].([]any)
	path := fmt.Sprintf("%s.indicators[%d]", at, len(list))
	in := map[string]any{}
	for _, c := range sortedCols(cols) {
		switch f := cols[c]; f {
		case "indicators_text":
			b.put(in, path, "name", g.text(r, c), g.ref(r, c))
		case "target", "actual":
			b.put(in, path, f, g.text(r, c), g.ref(r, c))
		}
	}
	if in["name"] == nil {
		return
	}
	gm["indicators"] = append(list, in)
}

// executionRow reads the stated execution of a department's total row: the
// rate (budget.rates, of: total), the score (stated.execution) and its cap
// (stated.execution_max).
func (b *builder) executionRow(g *grid, r int, cols stageCols, stated map[string]any) {
	if cols.rate >= 0 {
		if v := g.text(r, cols.rate); v != "" && !blankMark(v) {
			var final, budget any
			if cols.final >= 0 {
				final = g.number(r, cols.final)
			}
			if cols.adjusted >= 0 {
				budget = g.number(r, cols.adjusted)
			}
			v = rateText(v, final, budget) // printed without its sign: 79.27, 0.95
			b.rates = append(b.rates, map[string]any{"of": "total", "rate": v})
			b.origin["budget.rates[0].rate"] = g.ref(r, cols.rate)
			b.origin["budget.rates[0]"] = g.ref(r, cols.rate)
		}
	}
	if cols.score >= 0 {
		if v := g.number(r, cols.score); isNumber(v) {
			b.put(stated, "stated", "execution", v, g.ref(r, cols.score))
		}
	}
	if cols.max >= 0 {
		if v := g.number(r, cols.max); isNumber(v) {
			b.put(stated, "stated", "execution_max", v, g.ref(r, cols.max))
		}
	}
	if stated["execution_max"] == nil {
		// The cap printed in the block's label: 部门预算执行情况(10分).
		for rr := max(0, r-1); rr <= r; rr++ {
			for c := 0; c < cols.first; c++ {
				if p := parseLabel(g.text(rr, c)); p.cap != nil {
					b.put(stated, "stated", "execution_max", p.cap.String(), g.ref(rr, c))
					return
				}
			}
		}
	}
}

// weightSum adds the weights of a department's indicators and its stated
// execution cap; false when a row has no weight.
func weightSum(items []any, stated map[string]any) (decimal.Decimal, bool) {
	sum := decimal.Zero
	if v, ok := stated["execution_max"].(string); ok {
		if d, err := jixiao.ParseDecimal(v); err == nil {
			sum = sum.Add(d)
		}
	}
	for _, it := range items {
		w, ok := it.(map[string]any)["weight"].(string)
		if !ok {
			return sum, false
		}
		d, err := jixiao.ParseDecimal(w)
		if err != nil {
			return sum, false
		}
		sum = sum.Add(d)
	}
	return sum, true
}
