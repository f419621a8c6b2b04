package xlsxio

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// projectLabels name the cells that head a project table's names, in the
// spellings tables print: the national 项目名称 / 主管部门 / 实施单位, and
// 专项资金名称 (Hunan), 县级主管部门, 主管部门及代码 (Beijing), 项目实施单位
// (Hubei), 实施(主管)单位 (Hebei).
var projectLabels = []struct {
	key    string
	labels []string
}{
	{"name", []string{"项目名称", "专项资金名称", "资金名称"}},
	{"department", []string{"主管部门", "县级主管部门", "主管部门及代码", "主管单位", "主管部门名称", "项目主管单位", "项目主管部门"}},
	{"unit", []string{"实施单位", "项目实施单位", "实施(主管)单位", "实施单位(盖章)", "预算单位", "实施单位名称", "项目单位", "单位名称", "填报单位"}},
}

// findLabel finds the first cell (row-major) whose text, normalised with
// or without its bracketed parts, is one of names.
func (g *grid) findLabel(from int, names ...string) (int, int, bool) {
	for r := from; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			t := g.text(r, c)
			if t == "" {
				continue
			}
			n, k := norm(t), strings.TrimSuffix(bracketLineReplacer.Replace(colonReplacer.Replace(t)), ":")
			for _, name := range names {
				if n == name || k == name {
					return r, c, true
				}
			}
		}
	}
	return 0, 0, false
}

// isFundTotal and isFundLine classify the rows of a project's funds block:
// the total (年度资金总额, 总额, 年度财政资金总额…) and its sources (其中：
// 财政拨款, 上年结转资金, 其他资金…).
func isFundTotal(l string) bool {
	l = strings.TrimSuffix(norm(l), ":")
	return strings.HasSuffix(l, "总额") || strings.HasSuffix(l, "总金额") || l == "合计" || l == "总计"
}

func isFundLine(l string) bool {
	l = norm(l)
	if utf8.RuneCountInString(l) > 24 {
		return false // a sentence, not a row name
	}
	for _, w := range []string{"资金", "拨款", "财政", "结转", "补助", "自筹", "其他"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// project reads a 项目支出绩效自评表.
func (b *builder) project(g *grid, path string) (map[string]any, *indicatorTable) {
	p := map[string]any{}
	for _, l := range projectLabels {
		for _, label := range l.labels {
			r, c, ok := g.findLabel(0, label)
			if !ok {
				continue
			}
			if v, vc := g.rightOf(r, c); vc >= 0 && !isLabel(v) {
				if strings.Contains(label, "代码") {
					v = orgCode.ReplaceAllString(v, "")
				}
				b.put(p, path, l.key, v, g.ref(r, vc))
			}
			if l.key == "department" && p["department"] == nil {
				// Printed and left blank: no field of the case can show
				// it (a table without the label has no department either).
				b.blank = append(b.blank, map[string]any{"where": g.ref(r, c), "what": label})
			}
			break
		}
	}
	if p["name"] == nil && g == b.partial {
		// A partial form naming its project only in its title.
		if t, r, _ := formTitle(g); t != "" {
			unit, name := titleNames(t)
			if name != "" {
				b.put(p, path, "name", name, g.ref(r, 0))
				b.titleName = true
			}
			if unit != "" && p["unit"] == nil {
				b.put(p, path, "unit", unit, g.ref(r, 0))
			}
		}
	}
	if p["name"] == nil {
		b.problem(g.ref(0, 0), "没有找到项目名称：应有“项目名称”（或“专项资金名称”）及其右侧的名称")
	}
	b.projectBudget(g, p, path)
	// 年度总体目标: 预期目标 | 实际完成情况, or 项目年度目标 | 年度目标完成情况.
	if r, c, ok := g.find(0, "预期目标", "项目年度目标", "年度目标", "年初设定目标"); ok {
		b.putText(p, path, "goal", g.below(r, c), g.ref(r+1, c))
	}
	if r, c, ok := g.find(0, "实际完成情况", "年度目标完成情况", "年度总体目标实际完成情况", "年度总体目标完成情况综述", "全年实际完成情况"); ok {
		b.putText(p, path, "goal_result", g.below(r, c), g.ref(r+1, c))
	}
	if bu, ok := p["budget"].(map[string]any); ok {
		goal, _ := p["goal"].(string)
		result, _ := p["goal_result"].(string)
		unit, _ := bu["unit"].(string)
		if uses := goalUses(goal, result, unit); len(uses) > 0 && bu["uses"] == nil {
			bu["uses"] = uses
		}
	}
	// 绩效指标
	var table *indicatorTable
	if hr, _, ok := g.find(0, "一级指标"); ok {
		hr = rubricAbove(g, hr)
		t := b.indicators(g, hr, path+".indicators")
		table = &t
		if len(t.items) > 0 {
			p["indicators"] = t.items
		}
		// The indicator table's caps, after the execution cap unless the
		// table prints that block too (预算执行率(10分) as a level-1 row).
		caps := t.caps
		for _, c := range p["caps"].([]any) {
			if !hasCap(caps, c.(map[string]any)["level1"].(string)) {
				caps = append([]any{c}, caps...)
			}
		}
		p["caps"] = caps
		b.projectStated(g, p, path, hr)
		switch {
		case len(t.items) == 0 && !t.closed:
			p["incomplete"] = fmt.Sprintf("表格在第%d行后没有内容：没有绩效指标行", t.last+1)
		case len(t.items) == 0:
		case !t.closed:
			p["incomplete"] = fmt.Sprintf("表格在第%d行后没有内容（没有总分行）", t.last+1)
		case !t.scored:
			p["incomplete"] = "表中没有分值和得分栏，无法计分、定级"
		case !filledIn(t.items):
			p["incomplete"] = "所有指标均未填写实际完成值和得分"
		}
	} else if g == b.partial {
		p["incomplete"] = g.cutShort()
	} else {
		b.problem(g.ref(0, 0), "没有找到绩效指标表头（一级指标、二级指标、三级指标……）")
	}
	// Closing blocks of the Sichuan variant.
	for label, key := range map[string]string{"评价结论": "conclusion", "存在问题": "problems", "改进措施": "improvements"} {
		if r, c, ok := g.find(0, label); ok && !isIndicatorHeader(g, r) {
			var template bool
			if v, vc := g.rightOf(r, c); vc >= 0 {
				template = b.putText(p, path, key, v, g.ref(r, vc))
			} else {
				template = b.putText(p, path, key, g.below(r, c), g.ref(r+1, c))
			}
			if template && key == "conclusion" && p["incomplete"] == nil {
				p["incomplete"] = "评价结论仍是表格模板的填写提示"
			}
		}
	}
	if len(p["caps"].([]any)) == 0 {
		delete(p, "caps")
	}
	return p, table
}

// projectStated reads the results a project table states: the 总分 row
// (its score, and the grade in it or beside a 评价等级 label), else a
// 自评得分 printed above the indicator table.
func (b *builder) projectStated(g *grid, p map[string]any, path string, hr int) {
	stated := map[string]any{}
	if r, _, ok := g.find(hr, "总分", "合计", "自评总分"); ok {
		if sc := totalColumn(g, hr, r); sc >= 0 {
			b.put(stated, path+".stated", "total", g.number(r, sc), g.ref(r, sc))
		}
		for c := 0; c < g.width(r); c++ {
			if t := g.text(r, c); gradeWords[t] {
				b.put(stated, path+".stated", "grade", t, g.ref(r, c))
			}
		}
	}
	if stated["total"] == nil {
		for _, label := range []string{"自评得分", "自评总分", "总分"} {
			if r, c, ok := g.find(0, label); ok && r < hr {
				if v, vc := g.rightOf(r, c); vc >= 0 && isNumber(g.number(r, vc)) {
					_ = v
					b.put(stated, path+".stated", "total", g.number(r, vc), g.ref(r, vc))
					break
				}
			}
		}
	}
	for r := 0; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			t := g.text(r, c)
			if !strings.HasPrefix(norm(t), "评价等级") {
				continue
			}
			grade := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(colonReplacer.Replace(t), "评价等级"), ":"))
			at := g.ref(r, c)
			if grade == "" {
				var vc int
				grade, vc = g.rightOf(r, c)
				if vc >= 0 {
					at = g.ref(r, vc)
				}
			}
			if grade != "" && !jixiao.IsTemplateText(grade) {
				b.put(stated, path+".stated", "grade", grade, at)
			}
		}
	}
	if bands, at := gradeLegend(g); bands != nil {
		stated["grades"] = bands
		b.origin[path+".stated.grades"] = at
	}
	if len(stated) > 0 {
		p["stated"] = stated
	}
}

// totalColumn is the column of the total row r that states the total: the
// indicator table's 得分 column, else the number nearest to it in a column
// the header does not name (a total typed into the cell merged beside the
// score column) — never the 分值 column, whose sum is not a score.
func totalColumn(g *grid, hr, r int) int {
	sc := scoreColumn(g, hr)
	if sc < 0 {
		return -1
	}
	if isNumber(g.number(r, sc)) {
		return sc
	}
	for d := 1; d < g.width(r); d++ {
		for _, c := range []int{sc + d, sc - d} {
			if c < 0 || c >= g.width(r) {
				continue
			}
			if _, named := indicatorColumns[norm(g.text(hr, c))]; named {
				continue
			}
			if isNumber(g.number(r, c)) {
				return c
			}
		}
	}
	return sc
}

// rubricAbove is the header of a rubric block printed above the indicator
// header hr (项目权重 | 评价内容 | 分值 | 自评分: 项目决策, 项目管理 scored
// item by item), where the indicator table then starts; else hr.
func rubricAbove(g *grid, hr int) int {
	for r := 0; r < hr; r++ {
		cols, _ := headerColumns(g, r)
		name, points := false, false
		for c, f := range cols {
			name = name || f == "name" && norm(g.text(r, c)) == "评价内容"
			points = points || f == "weight" || f == "score"
		}
		if name && points {
			return r
		}
	}
	return hr
}

// projectBudget reads the funds block (项目资金 / 预算执行情况 / 资金情况):
// the total row with its stated rate, cap and score, and the source lines.
func (b *builder) projectBudget(g *grid, p map[string]any, path string) {
	p["caps"] = []any{}
	hr, cols, ok := g.stageHeader()
	if !ok {
		b.reportFunds(g, p, path)
		return
	}
	unit := ""
	for c := 0; c < g.width(hr); c++ {
		if u := unitIn(g.text(hr, c)); u != "" {
			unit = u
		}
	}
	var capText string
	for c := 0; c < cols.first; c++ {
		if t := g.text(hr, c); capRe.MatchString(t) {
			capText = t
		}
	}
	if unit == "" {
		if r, c, ok := g.find(0, "项目资金", "预算执行情况", "资金情况"); ok {
			unit = unitIn(g.text(r, c))
		}
	}
	budget := map[string]any{}
	if unit != "" {
		budget["unit"] = unit
	}
	if cols.inline {
		// Each label with its amount beside it: one total row.
		for stage, c := range map[string]int{"initial": cols.initial, "adjusted": cols.adjusted, "final": cols.final} {
			if c >= 0 {
				b.put(budget, path+".budget", stage, b.money(g, hr, c+1, unit), g.ref(hr, c+1))
			}
		}
		if unit == "" {
			if r, c, ok := g.find(0, "金额单位"); ok {
				if v, _ := g.rightOf(r, c); unitIn(v) != "" {
					budget["unit"] = unitIn(v)
				}
			}
		}
		p["budget"] = budget
		return
	}
	var lines []any
	for r := hr + 1; r < g.rows(); r++ {
		label := rowLabel(g, r, cols.first)
		// One row of figures right under the header, without a label of
		// its own, is the total.
		total := isFundTotal(label) || label == "" && r == hr+1
		if !total && !isFundLine(label) {
			break
		}
		vals := map[string]any{}
		at := path + ".budget"
		if !total {
			at = fmt.Sprintf("%s.budget.lines[%d]", path, len(lines))
			vals["source"] = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(label, "其中："), "其中:"))
		}
		for stage, c := range map[string]int{"initial": cols.initial, "adjusted": cols.adjusted, "final": cols.final} {
			if c >= 0 {
				b.put(vals, at, stage, b.money(g, r, c, unit), g.ref(r, c))
			}
		}
		if !total {
			lines = append(lines, vals)
			continue
		}
		for k, v := range vals {
			budget[k] = v
		}
		if cols.score >= 0 {
			if s := g.number(r, cols.score); isNumber(s) {
				b.put(p, path, "execution_score", s, g.ref(r, cols.score))
			}
		}
		if cols.rate >= 0 {
			if s := g.text(r, cols.rate); s != "" && !blankMark(s) {
				b.put(p, path, "stated_rate", rateText(s, vals["final"], vals["adjusted"], vals["initial"]), g.ref(r, cols.rate))
			}
		}
		if cols.max >= 0 && capText == "" {
			if s := g.number(r, cols.max); isNumber(s) {
				capText = "(" + s + "分)"
			}
		}
		if cols.cause >= 0 {
			b.putText(p, path, "execution_cause", g.text(r, cols.cause), g.ref(r, cols.cause))
		}
	}
	if c := parseLabel(capText); c.cap != nil {
		p["caps"] = []any{map[string]any{"level1": "预算执行率", "weight": c.cap.String()}}
	}
	if len(lines) > 0 {
		budget["lines"] = lines
	}
	if len(budget) > 0 {
		p["budget"] = budget
	}
}

// projectLayout names the layout a project table was recognised as, for
// provenance.layout (docs/excel.md lists them).
func projectLayout(g *grid, p map[string]any, t *indicatorTable) string {
	caps := map[string]string{}
	if list, ok := p["caps"].([]any); ok {
		for _, c := range list {
			m := c.(map[string]any)
			if m["level2"] == nil {
				caps[m["level1"].(string)] = m["weight"].(string)
			}
		}
	}
	levels := map[string]bool{}
	if list, ok := p["indicators"].([]any); ok {
		for _, it := range list {
			if l, ok := it.(map[string]any)["level1"].(string); ok {
				levels[l] = true
			}
		}
	}
	_, _, special := g.findLabel(0, "专项资金名称")
	_, _, nature := g.find(0, "指标性质")
	received := false
	if b, ok := p["budget"].(map[string]any); ok {
		received = b["received"] != nil
	}
	switch {
	case received:
		return "财政支出项目绩效评价自评报告（计划安排、实际到位、实际支出、结余分列）"
	case caps["绩效指标"] != "":
		exec := caps["预算执行率"]
		if exec == "" {
			exec = "10"
		}
		return fmt.Sprintf("项目支出绩效自评表（四川：预算执行%s分+绩效指标%s分）", exec, caps["绩效指标"])
	case levels["项目决策"] || levels["项目管理"] || levels["决策"] || levels["过程"]:
		return "项目支出绩效自评表（决策、管理、产出、效益四类一级指标）"
	case t != nil && t.blocks > 0:
		return "项目绩效自评表（湖北：分块列出年度绩效目标）"
	case t != nil && t.sub:
		return "预算项目绩效自评表（河北：预期指标值分符号、指标值、单位）"
	case special:
		return "县级专项资金绩效目标自评表（湖南）"
	case nature:
		return "项目支出绩效自评表（全国通用，指标性质、指标值、度量单位分列）"
	}
	return "项目支出绩效自评表（全国通用）"
}

// selfReference are unit names that name no one ("本单位").
var selfReference = map[string]bool{"本单位": true, "本部门": true, "同上": true}

// headingValue finds "label：value" written in one cell in the first rows
// of a sheet ("单位名称:黄冈市档案馆"), and returns the value and its cell.
func (g *grid) headingValue(labels ...string) (string, string) {
	for r := 0; r < min(g.rows(), 6); r++ {
		for c := 0; c < g.width(r); c++ {
			t := colonReplacer.Replace(g.text(r, c))
			label, value, ok := strings.Cut(t, ":")
			value = strings.TrimSpace(value)
			if !ok || value == "" || selfReference[value] {
				continue
			}
			for _, l := range labels {
				if norm(label) == l {
					return value, g.ref(r, c)
				}
			}
		}
	}
	return "", ""
}

// hasCap reports whether caps hold a level-1 cap for level1.
func hasCap(caps []any, level1 string) bool {
	for _, c := range caps {
		m := c.(map[string]any)
		if m["level1"] == level1 && m["level2"] == nil {
			return true
		}
	}
	return false
}

// filledIn reports whether any indicator states an actual value or a score.
func filledIn(items []any) bool {
	for _, it := range items {
		m := it.(map[string]any)
		if m["actual"] != nil || m["score"] != nil {
			return true
		}
	}
	return false
}

// rateText is a stated execution rate as a percentage. A rate printed
// without its sign is a fraction (1, 0.95) or a percentage (79.27): the
// reading closer to final ÷ budget when the row gives both, else a
// fraction up to 1.5 and a percentage above.
func rateText(s string, final any, budgets ...any) string {
	if !isNumber(s) {
		return s
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	fraction := v.Shift(2).String() + "%"
	percent := s + "%"
	if f, ok := final.(string); ok {
		for _, bv := range budgets {
			bs, ok := bv.(string)
			if !ok {
				continue
			}
			fd, err1 := jixiao.ParseDecimal(f)
			bd, err2 := jixiao.ParseDecimal(bs)
			if err1 != nil || err2 != nil || bd.IsZero() {
				continue
			}
			rate := fd.Div(bd).Shift(2)
			if rate.Sub(v.Shift(2)).Abs().LessThan(rate.Sub(v).Abs()) {
				return fraction
			}
			return percent
		}
	}
	if v.LessThanOrEqual(decimal.NewFromFloat(1.5)) {
		return fraction
	}
	return percent
}

// isInstruction reports whether a text cell still holds the form's printed
// instruction rather than content: "（请填写…）", "……(200字以内)",
// "预算执行率未达到90%的需说明原因".
func isInstruction(s string) bool {
	if jixiao.IsTemplateText(s) {
		return true
	}
	for _, w := range []string{"字以内", "字左右", "需说明原因", "应单独说明"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// putText sets a text field from a cell unless the cell holds the form's
// instruction, which is skipped and noted; it reports whether it did so.
func (b *builder) putText(obj map[string]any, path, key, v, cell string) bool {
	if isInstruction(v) {
		b.skip(cell, "“%s”栏是表格自带的填写说明，未作为内容读取", textFields[key])
		return true
	}
	b.put(obj, path, key, v, cell)
	return false
}

// textFields name the text fields for messages.
var textFields = map[string]string{"goal": "年度目标", "goal_result": "目标完成情况", "conclusion": "评价结论", "problems": "存在问题",
	"improvements": "改进措施", "execution_cause": "原因"}
