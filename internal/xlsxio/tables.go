package xlsxio

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"jixiao"
)

// Filled standard tables are read by their headers, never by fixed cell
// addresses: a block is found by the labels that head it (项目名称, 年初预算数,
// 一级指标…), in whichever row and column they are, and its columns by the
// names above them. The layouts docs/excel.md lists (识别哪些表格) are
// recognised: the national 项目支出绩效自评表 (财预〔2020〕10号) and its
// variant with 指标性质 and 度量单位, the Sichuan variant (预算执行情况(10分),
// 绩效指标(90分), 未完成原因分析), the Chongqing 部门整体支出绩效自评表 (得分系数,
// 是否核心指标), and jixiao's own tables and templates.

// Replacers of labels, made once (a Replacer is safe for concurrent use,
// and building one per cell is what costs).
var (
	normReplacer        = strings.NewReplacer(" ", "", "　", "", "\n", "", "\r", "", "（", "(", "）", ")", "：", ":")
	bracketReplacer     = strings.NewReplacer(" ", "", "　", "", "（", "(", "）", ")")
	bracketLineReplacer = strings.NewReplacer(" ", "", "　", "", "（", "(", "）", ")", "\n", "")
)

// norm normalises a label for matching: no spaces, half-width brackets,
// no trailing colon or unit in brackets ("执行率(%)" → "执行率").
func norm(s string) string {
	s = normReplacer.Replace(s)
	s = strings.TrimSuffix(s, ":")
	if i := strings.Index(s, "("); i > 0 {
		s = s[:i]
	}
	return s
}

// unitIn finds an amount unit named in a header ("项目资金（万元）", "单位：元").
func unitIn(s string) string {
	switch {
	case strings.Contains(s, "万元"):
		return "万元"
	case strings.Contains(s, "元"):
		return "元"
	}
	return ""
}

// find returns the first cell (row-major) whose normalised text is one of
// names, at or after row from.
func (g *grid) find(from int, names ...string) (int, int, bool) {
	for r := from; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			t := norm(g.text(r, c))
			for _, n := range names {
				if t == n {
					return r, c, true
				}
			}
		}
	}
	return 0, 0, false
}

// rightOf is the first non-empty cell right of (r, c) that is not the same
// merged label; none when the next label comes first (the value was left
// blank).
func (g *grid) rightOf(r, c int) (string, int) {
	label := g.text(r, c)
	for cc := c + 1; cc < g.width(r); cc++ {
		if t := g.text(r, cc); t != "" && t != label {
			if isLabel(t) {
				return "", -1
			}
			return t, cc
		}
	}
	return "", -1
}

var yearRe = regexp.MustCompile(`((?:19|20)\d\d)\s*年度?`)

// halfWidth turns full-width digits into ASCII ones.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// year finds the evaluation year in the first rows ("（2024年度）").
func (g *grid) year() (int, string) {
	for r := 0; r < min(g.rows(), 8); r++ {
		for c := 0; c < g.width(r); c++ {
			if m := yearRe.FindStringSubmatch(halfWidth(g.text(r, c))); m != nil {
				y, _ := strconv.Atoi(m[1])
				return y, g.ref(r, c)
			}
		}
	}
	return 0, ""
}

// builder collects a case as JSON, remembering for every value the cell it
// came from, and the problems met on the way.
type builder struct {
	m        map[string]any
	origin   map[string]string
	problems jixiao.Problems
}

func newBuilder() *builder { return &builder{m: map[string]any{}, origin: map[string]string{}} }

// cell names the cell a value of the case came from.
func (b *builder) cell(path string) (string, bool) {
	c, ok := b.origin[path]
	return c, ok
}

func (b *builder) problem(where, format string, args ...any) {
	addProblem(&b.problems, jixiao.Problem{Path: where, Message: fmt.Sprintf(format, args...)})
}

// put sets a value of obj (at path in the case) from a cell.
func (b *builder) put(obj map[string]any, path, key string, v any, cell string) {
	if v == nil {
		return
	}
	if s, ok := v.(string); ok && (s == "" || s == "—" || s == "-" || s == "/" || s == "／") {
		return
	}
	setKey(obj, key, v)
	b.origin[joinKey(path, key)] = cell
}

// money reads an amount cell: its exact digits, without a unit written in
// the cell ("1,234.56万元"); a unit other than the table's is a problem.
func (b *builder) money(g *grid, r, c int, unit string) any {
	s := g.number(r, c)
	if s == "" || s == "—" || s == "-" || s == "/" {
		return nil
	}
	if u := unitIn(s); u != "" {
		if unit != "" && u != unit {
			b.problem(g.ref(r, c), "金额写作“%s”，而表头的金额单位是%s；请统一单位", s, unit)
			return nil
		}
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "万元"), "元"))
	}
	return s
}

// readTables reads filled standard tables: a 部门整体支出绩效自评表 with any
// 项目支出绩效自评表 sheets as its projects, or one 项目支出绩效自评表.
func readTables(name string, book *book, lim Limits) (*jixiao.Evaluation, error) {
	c := &counter{lim: lim, name: name, table: true}
	fm, err := newFormatter(book)
	if err != nil {
		return nil, err
	}
	defer fm.close()
	b := newBuilder()
	var dept *grid
	var projects []*grid
	for _, sh := range book.sheets {
		g, err := readGrid(book, sh, c, fm)
		if err != nil {
			return nil, err
		}
		switch kindOf(g) {
		case "department":
			if dept != nil {
				b.problem(g.ref(0, 0), "工作簿中有两张部门整体支出绩效自评表（另一张在“%s”）；一个工作簿只能导入一个部门的一项评价", dept.sheet)
				continue
			}
			dept = g
		case "project":
			projects = append(projects, g)
		}
	}
	switch {
	case dept == nil && len(projects) == 0:
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：没有找到可识别的自评表。jixiao 按表头识别项目支出绩效自评表（含“项目名称”和“一级指标/二级指标/三级指标”表头）"+
			"和部门整体支出绩效自评表（含“主管部门”和预算执行、绩效目标或绩效指标表头）；可以用 jixiao template 下载空白模板", name)
	case dept == nil && len(projects) > 1:
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 有 %d 张项目支出绩效自评表而没有部门整体支出绩效自评表：请每个项目分别导入，或加上部门整体支出绩效自评表作为部门整体评价导入", name, len(projects))
	}
	var year int
	var yearAt string
	for _, g := range append([]*grid{dept}, projects...) {
		if g == nil {
			continue
		}
		if y, at := g.year(); y != 0 {
			if year != 0 && y != year {
				b.problem(at, "年度为%d，与“%s”的%d年度不同", y, yearAt, year)
			}
			if year == 0 {
				year, yearAt = y, at
			}
		}
	}
	if year == 0 {
		b.problem(name, "没有找到评价年度：请在表格标题下写明“（2024年度）”这样的年度")
	}
	b.m["format"] = jixiao.CaseFormat
	b.m["year"] = json.Number(strconv.Itoa(year))
	b.origin["year"] = yearAt
	if dept != nil {
		b.m["subject"] = string(jixiao.SubjectDepartment)
		b.m["rulebook"] = "shijiazhuang-2024"
		b.department(dept)
	} else {
		b.m["subject"] = string(jixiao.SubjectProject)
		b.m["rulebook"] = "mof-2020"
	}
	var list []any
	for i, g := range projects {
		p := b.project(g, fmt.Sprintf("projects[%d]", i))
		list = append(list, p)
		if dept == nil {
			org := map[string]any{}
			for _, k := range []string{"unit", "department"} {
				if v, ok := p[k].(string); ok && v != "" {
					org["name"] = v
					b.origin["org.name"] = b.origin[fmt.Sprintf("projects[%d].%s", i, k)]
					break
				}
			}
			if org["name"] == nil {
				b.problem(g.ref(0, 0), "没有找到实施单位或主管部门：项目支出评价须写明单位")
			}
			b.m["org"] = org
		}
	}
	if len(list) > 0 {
		b.m["projects"] = list
	}
	return b.decode(name, book.inTime)
}

// decode turns the collected case into an evaluation. Every problem of
// the file is reported at once: those met while reading the tables, and
// what the case decoder and validation find in the values.
func (b *builder) decode(name string, check func() error) (*jixiao.Evaluation, error) {
	var ev jixiao.Evaluation
	problems := b.problems
	if err := decodeInParts(name, b.m, &ev, check); err != nil {
		located := locate(err, b.cell, name)
		ps, ok := located.(jixiao.Problems)
		if !ok {
			return nil, located
		}
		problems = capProblems(append(problems, ps...))
	} else if err := ev.Validate(); err != nil && len(problems) == 0 {
		return nil, locate(err, b.cell, name)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return &ev, nil
}

// kindOf classifies a sheet by its headers.
func kindOf(g *grid) string {
	_, _, named := g.find(0, "项目名称")
	_, _, levels := g.find(0, "一级指标")
	_, _, org := g.find(0, "主管部门", "部门名称", "单位名称")
	_, _, goals := g.find(0, "分项绩效目标", "当年绩效目标", "年度绩效目标", "年初绩效目标")
	_, _, indicators := g.find(0, "指标名称")
	_, _, budget := g.find(0, "部门预算执行情况", "部门收支预决算", "部门预算")
	switch {
	case named && levels:
		return "project"
	case org && (goals || indicators || budget):
		return "department"
	}
	return ""
}

// indicatorColumns maps indicator table headers to fields. target0 is the
// initial target of tables that give both (年初指标值 and 调整指标值).
var indicatorColumns = map[string]string{
	"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name", "指标内容": "name",
	"年度指标值": "target", "指标值": "target", "目标值": "target", "年度目标值": "target", "预期指标值": "target", "调整指标值": "target",
	"全年指标值": "target", "年初指标值": "target0",
	"实际完成值": "actual", "完成值": "actual", "全年完成值": "actual", "实际值": "actual", "全年实际值": "actual", "实际完成情况": "actual",
	"分值": "weight", "权重": "weight", "指标权重": "weight", "得分": "score", "指标得分": "score", "得分系数": "coefficient",
	"度量单位": "unit", "计量单位": "unit", "单位": "unit", "指标性质": "op",
	"偏差原因分析及改进措施": "deviation", "偏差原因分析": "deviation", "未完成原因分析": "deviation", "原因分析": "deviation",
	"偏差原因": "cause", "偏差原因类别": "cause", "改进措施": "improvement", "是否核心指标": "core", "核心指标": "core",
	"分项绩效目标": "goal", "所属目标": "goal", "定性评价档次": "tier", "评价档次": "tier", "档次": "tier",
}

// indicators reads an indicator table whose header row is hr, into a list
// of indicators (path is the list's path in the case) and, when the table
// names each indicator's 分项绩效目标, the goal of each.
func (b *builder) indicators(g *grid, hr int, path string) (items []any, goals []string) {
	cols := map[int]string{}
	for c := 0; c < g.width(hr); c++ {
		if f, ok := indicatorColumns[norm(g.text(hr, c))]; ok {
			if _, dup := cols[c]; !dup {
				cols[c] = f
			}
		}
	}
	var prev1, prev2 string
	for r := hr + 1; r < g.rows(); r++ {
		first := norm(g.text(r, 0)) + norm(g.text(r, 1))
		if strings.HasPrefix(first, "总分") || strings.HasPrefix(first, "合计") || strings.Contains(first, "评价结论") ||
			strings.HasPrefix(first, "存在问题") || strings.HasPrefix(first, "改进措施") || strings.HasPrefix(first, "项目负责人") {
			break
		}
		in := map[string]any{}
		at := fmt.Sprintf("%s[%d]", path, len(items))
		var coef, target0 any
		var op, goal string
		empty := true
		for _, c := range sortedCols(cols) {
			f := cols[c]
			t := g.text(r, c)
			// A blank cell, a block label merged down the rows, or a field
			// already read from an earlier column (a header merged over
			// two) gives nothing.
			if t == "" || t == g.text(hr, c) || in[f] != nil {
				continue
			}
			empty = false
			switch f {
			case "weight", "score":
				b.put(in, at, f, g.number(r, c), g.ref(r, c))
			case "coefficient":
				coef = g.number(r, c)
			case "target0":
				target0 = t
			case "core":
				in["core"] = t == "是" || t == "√" || t == "✓" || t == "★"
				b.origin[at+".core"] = g.ref(r, c)
			case "op":
				op = t
				b.origin[at+".op"] = g.ref(r, c)
			case "goal":
				goal = t
			default:
				b.put(in, at, f, t, g.ref(r, c))
			}
		}
		if empty {
			continue
		}
		if in["name"] == nil {
			if in["level1"] != nil && len(in) <= 2 {
				continue // a group row without an indicator
			}
			b.problem(g.ref(r, 0), "这一行有数据但没有指标名称（三级指标）")
			continue
		}
		if in["target"] == nil && target0 != nil {
			in["target"] = target0
		}
		// Merged or blank 一级/二级 cells continue the row above.
		if in["level1"] == nil && prev1 != "" {
			in["level1"] = prev1
		}
		if in["level2"] == nil && prev2 != "" && in["level1"] == prev1 {
			in["level2"] = prev2
		}
		prev1, _ = in["level1"].(string)
		prev2, _ = in["level2"].(string)
		switch o := norm(op); {
		case o == "":
		case strings.HasPrefix(o, "定性"):
			in["op"] = string(jixiao.OpQualitative)
		case strings.HasPrefix(o, "定量"):
		default:
			in["op"] = op
		}
		// 指标得分 = 得分系数 × 指标权重 (Chongqing), when no score is given.
		if coef != nil && in["score"] == nil && in["weight"] != nil {
			if s, ok := scoreFrom(coef.(string), in["weight"].(string)); ok {
				in["score"] = s
			}
		}
		items = append(items, in)
		goals = append(goals, goal)
	}
	return items, goals
}

// sortedCols lists the columns of a header map left to right.
func sortedCols(cols map[int]string) []int {
	out := make([]int, 0, len(cols))
	for c := range cols {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}

// scoreFrom multiplies a score coefficient (a percent, "80" or "80%", or a
// fraction "0.8") by a weight, exactly.
func scoreFrom(coef, weight string) (string, bool) {
	c, err1 := jixiao.ParseDecimal(strings.TrimSuffix(strings.TrimSuffix(coef, "%"), "％"))
	w, err2 := jixiao.ParseDecimal(weight)
	if err1 != nil || err2 != nil {
		return "", false
	}
	if c.GreaterThan(jixiao.Dec("1")) || strings.HasSuffix(coef, "%") || strings.HasSuffix(coef, "％") {
		c = c.Shift(-2)
	}
	return c.Mul(w).String(), true
}

// fundRows names the rows of a project's funds block.
var fundRows = map[string]string{
	"年度资金总额": "total", "资金总额": "total", "总额": "total", "合计": "total", "项目资金总额": "total",
	"当年财政拨款": "当年财政拨款", "财政拨款": "当年财政拨款", "财政资金": "财政资金", "上年结转资金": "上年结转资金", "上年结转": "上年结转资金",
	"其他资金": "其他资金", "财政专户管理资金": "财政专户管理资金", "单位资金": "单位资金", "自有资金": "自有资金",
}

// project reads a 项目支出绩效自评表.
func (b *builder) project(g *grid, path string) map[string]any {
	p := map[string]any{}
	for label, key := range map[string]string{"项目名称": "name", "主管部门": "department", "实施单位": "unit"} {
		if r, c, ok := g.find(0, label); ok {
			if v, vc := g.rightOf(r, c); vc >= 0 && !isLabel(v) {
				b.put(p, path, key, v, g.ref(r, vc))
			}
		}
	}
	if p["name"] == nil {
		b.problem(g.ref(0, 0), "没有找到项目名称：应有“项目名称”及其右侧的名称")
	}
	// 项目资金 / 预算执行情况
	if hr, cols, ok := g.stageHeader(); ok {
		unit := ""
		for c := 0; c < g.width(hr); c++ {
			if u := unitIn(g.text(hr, c)); u != "" {
				unit = u
			}
		}
		if unit == "" {
			if r, c, ok := g.find(0, "项目资金", "预算执行情况"); ok {
				unit = unitIn(g.text(r, c))
			}
		}
		budget := map[string]any{}
		if unit != "" {
			budget["unit"] = unit
		}
		var lines []any
		for r := hr + 1; r < g.rows(); r++ {
			label := rowLabel(g, r, cols.first)
			kind, ok := fundRows[strings.TrimPrefix(norm(label), "其中:")]
			if !ok {
				break
			}
			vals := map[string]any{}
			at := path + ".budget"
			if kind != "total" {
				at = fmt.Sprintf("%s.budget.lines[%d]", path, len(lines))
				vals["source"] = strings.TrimPrefix(strings.TrimPrefix(label, "其中："), "其中:")
			}
			for stage, c := range map[string]int{"initial": cols.initial, "adjusted": cols.adjusted, "final": cols.final} {
				if c >= 0 {
					b.put(vals, at, stage, b.money(g, r, c, unit), g.ref(r, c))
				}
			}
			if kind == "total" {
				for k, v := range vals {
					budget[k] = v
				}
				if cols.score >= 0 {
					b.put(p, path, "execution_score", g.number(r, cols.score), g.ref(r, cols.score))
				}
				if cols.cause >= 0 {
					b.put(p, path, "execution_cause", g.text(r, cols.cause), g.ref(r, cols.cause))
				}
			} else {
				lines = append(lines, vals)
			}
		}
		if len(lines) > 0 {
			budget["lines"] = lines
		}
		if len(budget) > 0 {
			p["budget"] = budget
		}
	}
	// 年度总体目标: 预期目标 | 实际完成情况, or 项目年度目标 | 年度目标完成情况.
	if r, c, ok := g.find(0, "预期目标", "项目年度目标", "年度目标"); ok {
		b.put(p, path, "goal", g.below(r, c), g.ref(r+1, c))
	}
	if r, c, ok := g.find(0, "实际完成情况", "年度目标完成情况", "年度总体目标实际完成情况"); ok {
		b.put(p, path, "goal_result", g.below(r, c), g.ref(r+1, c))
	}
	// 绩效指标
	if hr, _, ok := g.find(0, "一级指标"); ok {
		items, _ := b.indicators(g, hr, path+".indicators")
		if len(items) > 0 {
			p["indicators"] = items
		}
		// 总分 and 评价等级 as the table states them.
		if r, _, ok := g.find(hr, "总分", "合计", "自评总分"); ok {
			stated := map[string]any{}
			if sc := scoreColumn(g, hr); sc >= 0 {
				b.put(stated, path+".stated", "total", g.number(r, sc), g.ref(r, sc))
			}
			for c := 0; c < g.width(r); c++ {
				if t := g.text(r, c); strings.HasPrefix(norm(t), "评价等级") {
					grade := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.NewReplacer("：", ":").Replace(t), "评价等级"), ":"))
					if grade == "" {
						grade, _ = g.rightOf(r, c)
					}
					b.put(stated, path+".stated", "grade", grade, g.ref(r, c))
				}
			}
			if len(stated) > 0 {
				p["stated"] = stated
			}
		}
	} else {
		b.problem(g.ref(0, 0), "没有找到绩效指标表头（一级指标、二级指标、三级指标……）")
	}
	// Closing blocks of the Sichuan variant.
	for label, key := range map[string]string{"评价结论": "conclusion", "存在问题": "problems", "改进措施": "improvements"} {
		if r, c, ok := g.find(0, label); ok && !isIndicatorHeader(g, r) {
			if v, vc := g.rightOf(r, c); vc >= 0 {
				b.put(p, path, key, v, g.ref(r, vc))
			} else {
				b.put(p, path, key, g.below(r, c), g.ref(r+1, c))
			}
		}
	}
	return p
}

// isIndicatorHeader reports whether row r is an indicator table's header
// (where 改进措施 names a column, not a block).
func isIndicatorHeader(g *grid, r int) bool {
	for c := 0; c < g.width(r); c++ {
		if norm(g.text(r, c)) == "一级指标" || norm(g.text(r, c)) == "指标名称" {
			return true
		}
	}
	return false
}

// scoreColumn is the 得分 column of an indicator header row.
func scoreColumn(g *grid, hr int) int {
	for c := 0; c < g.width(hr); c++ {
		if f := indicatorColumns[norm(g.text(hr, c))]; f == "score" {
			return c
		}
	}
	return -1
}

// labels that head blocks, never values.
var blockLabels = map[string]bool{"主管部门": true, "实施单位": true, "项目名称": true, "项目负责人": true, "联系电话": true, "财政处室": true,
	"自评总分": true, "部门联系人": true, "评价等级": true, "财务负责人": true}

func isLabel(s string) bool { return blockLabels[norm(s)] }

// below is the first non-empty cell under (r, c) that differs from it.
func (g *grid) below(r, c int) string {
	label := g.text(r, c)
	for rr := r + 1; rr < min(g.rows(), r+4); rr++ {
		if t := g.text(rr, c); t != "" && t != label {
			return t
		}
	}
	return ""
}

// rowLabel is the text naming row r: the last non-empty cell left of the
// first amount column that is not a block label.
func rowLabel(g *grid, r, first int) string {
	for c := first - 1; c >= 0; c-- {
		if t := g.text(r, c); t != "" && !strings.HasPrefix(norm(t), "项目资金") && !strings.HasPrefix(norm(t), "预算执行情况") && !strings.HasPrefix(norm(t), "部门预算执行情况") {
			return t
		}
	}
	return ""
}

// stageCols are the columns of a budget header row.
type stageCols struct {
	initial, adjusted, final, score, cause, first int
}

var stageNames = map[string]string{
	"年初预算数": "initial", "年初预算": "initial", "预算数": "initial",
	"全年预算数": "adjusted", "调整后预算数": "adjusted", "调整预算数": "adjusted", "全年(调整)预算数": "adjusted", "调整预算": "adjusted", "全年预算": "adjusted",
	"全年执行数": "final", "预算执行数": "final", "执行数": "final", "决算数": "final", "决算": "final", "实际支出": "final",
	"得分": "score", "执行率得分": "score", "原因": "cause", "偏差原因": "cause",
}

// stageHeader finds a header row naming at least the adjusted and final
// columns of a budget block.
func (g *grid) stageHeader() (int, stageCols, bool) {
	for r := 0; r < g.rows(); r++ {
		cols := stageCols{-1, -1, -1, -1, -1, -1}
		for c := 0; c < g.width(r); c++ {
			// "全年（调整）预算数" keeps its bracket: normalise without cutting it.
			t := bracketReplacer.Replace(g.text(r, c))
			k, ok := stageNames[t]
			if !ok {
				k, ok = stageNames[norm(t)]
			}
			if !ok {
				continue
			}
			switch k {
			case "initial":
				if cols.initial < 0 {
					cols.initial = c
				}
			case "adjusted":
				if cols.adjusted < 0 {
					cols.adjusted = c
				}
			case "final":
				if cols.final < 0 {
					cols.final = c
				}
			case "score":
				if cols.score < 0 {
					cols.score = c
				}
			case "cause":
				if cols.cause < 0 {
					cols.cause = c
				}
			}
		}
		if cols.adjusted >= 0 && cols.final >= 0 {
			cols.first = cols.adjusted
			if cols.initial >= 0 && cols.initial < cols.first {
				cols.first = cols.initial
			}
			return r, cols, true
		}
	}
	return 0, stageCols{}, false
}
