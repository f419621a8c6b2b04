package xlsxio

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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
	colonReplacer       = strings.NewReplacer("：", ":")
	labelReplacer       = strings.NewReplacer(" ", "", "　", "", "：", ":")
	commaReplacer       = strings.NewReplacer(",", "", "，", "")
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

// yearRe finds an evaluation year: "2024年度", "（2024年）", "2020年省级…";
// a date ("2022年8月10日", a 填报日期) is not one.
var yearRe = regexp.MustCompile(`((?:19|20)\d\d)\s*年(\s*[0-9]{1,2}\s*月)?`)

// yearLabelRe finds a year after its label: "年度：2023", "评价年度 2023".
var (
	yearCellRe  = regexp.MustCompile(`^((?:19|20)\d\d)(?:年度?)?$`)
	yearLabelRe = regexp.MustCompile(`年度\s*[:：]?\s*((?:19|20)\d\d)(?:\D|$)`)
)

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
			t := halfWidth(g.text(r, c))
			if yearColumn.MatchString(norm(t)) || strings.ContainsAny(t, "，。；,;") {
				continue // a column of a table by year (2023年决算数), or a sentence
			}
			for _, m := range yearRe.FindAllStringSubmatch(t, -1) {
				if m[2] != "" {
					continue // a date
				}
				y, _ := strconv.Atoi(m[1])
				return y, g.ref(r, c)
			}
			if m := yearLabelRe.FindStringSubmatch(t); m != nil {
				y, _ := strconv.Atoi(m[1])
				return y, g.ref(r, c)
			}
			if norm(t) == "年度" || norm(t) == "评价年度" || norm(t) == "所属年度" {
				if v, vc := g.rightOf(r, c); vc >= 0 {
					if m := yearCellRe.FindStringSubmatch(halfWidth(strings.TrimSpace(v))); m != nil {
						y, _ := strconv.Atoi(m[1])
						return y, g.ref(r, vc)
					}
				}
			}
		}
	}
	return 0, ""
}

// filedLabels head the date a form was filed or reported.
var filedLabels = []string{"填报日期", "报告日期", "报告期", "填表日期", "填报时间", "报送日期"}

// dateRe finds a date: "2022年8月10日", "2021年4月", "2017-7-25", "2022.3.18".
var dateRe = regexp.MustCompile(`((?:19|20)\d\d)\s*(?:年\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?|[-./][0-9]{1,2}[-./][0-9]{1,2})`)

// filedYear finds the year of the date a form was filed, printed after
// its label in the same cell ("填报日期:2022年8月10日") or in the next
// cell, in the first rows: the year, the label, the date and its cell.
func (g *grid) filedYear() (int, string, string, string) {
	for r := 0; r < min(g.rows(), 16); r++ {
		for c := 0; c < g.width(r); c++ {
			t := halfWidth(g.text(r, c))
			k := normReplacer.Replace(t)
			for _, l := range filedLabels {
				i := strings.Index(k, l)
				if i < 0 {
					continue
				}
				ref := g.ref(r, c)
				m := dateRe.FindStringSubmatch(k[i+len(l):])
				if m == nil {
					if v, vc := g.rightOf(r, c); vc >= 0 {
						m = dateRe.FindStringSubmatch(halfWidth(normReplacer.Replace(v)))
						ref = g.ref(r, vc)
					}
				}
				if m == nil {
					break
				}
				y, _ := strconv.Atoi(m[1])
				return y, l, m[0], ref
			}
		}
	}
	return 0, "", "", ""
}

// builder collects a case as JSON, remembering for every value the cell it
// came from, and the problems met on the way.
type builder struct {
	m        map[string]any
	origin   map[string]string
	problems jixiao.Problems
	skipped  []any // rows passed over (provenance.skipped)
	blank    []any // name cells printed blank (provenance.blank)
	rates    []any // a department's stated execution rates (budget.rates)
	partial  *grid // the sheet read as a partial form (partial.go), if any
	// titleName: the project's name was taken from the form's title.
	titleName bool
	// reportForm: the funds were read from a report form's blocks
	// (reportform.go), which names the layout.
	reportForm bool
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
	} else if unit == "万元" && strings.HasSuffix(s, "万") {
		s = strings.TrimSpace(strings.TrimSuffix(s, "万")) // "10万" in a table in 万元
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
	var partial *grid
	var others []*grid
	partialKindOf := ""
	for _, sh := range book.sheets {
		g, err := readGrid(book, sh, c, fm)
		if err != nil {
			return nil, err
		}
		kind := kindOf(g)
		if kind == "" && len(others) < 3 {
			others = append(others, g) // to say why, if nothing is read
		}
		if kind == "" && partial == nil {
			if k, ok := partialKind(g); ok {
				partial, partialKindOf = g, k
			}
		}
		switch kind {
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
	if dept == nil && len(projects) == 0 && partial != nil {
		// No whole form: the sheet that carries a form's signature is read
		// as far as it goes.
		b.partial = partial
		if partialKindOf == "department" {
			dept = partial
		} else {
			projects = append(projects, partial)
		}
	}
	switch {
	case dept == nil && len(projects) == 0:
		return nil, unrecognised(name, others)
	case dept == nil && len(projects) > 1:
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 有 %d 张项目支出绩效自评表而没有部门整体支出绩效自评表：请每个项目分别导入，或加上部门整体支出绩效自评表作为部门整体评价导入", name, len(projects))
	}
	var year int
	var yearAt string
	for _, g := range append([]*grid{dept}, projects...) {
		if g == nil {
			continue
		}
		y, at := g.year()
		if y == 0 && g == b.partial {
			// A form below another table: its title states the year.
			if t, r, _ := formTitle(g); t != "" {
				if m := yearRe.FindStringSubmatch(halfWidth(t)); m != nil && m[2] == "" {
					y, _ = strconv.Atoi(m[1])
					at = g.ref(r, 0)
				}
			}
		}
		if y != 0 {
			if year != 0 && y != year {
				b.problem(at, "年度为%d，与“%s”的%d年度不同", y, yearAt, year)
			}
			if year == 0 {
				year, yearAt = y, at
			}
		}
	}
	// No year printed: the year before the date the form was filed
	// (self-evaluations are filed after the year they evaluate), said in
	// the provenance; else the form is read without a year and marked
	// incomplete (it can be checked, not stored).
	var note, noYear string
	for _, g := range append([]*grid{dept}, projects...) {
		if g == nil || year != 0 {
			continue
		}
		if y, label, date, at := g.filedYear(); y != 0 {
			year, yearAt = y-1, at
			note = fmt.Sprintf("表中没有写明评价年度，评价年度按%s（%s，%s）推定为%d年", label, date, at, year)
		}
	}
	if year == 0 {
		noYear = "没有写明评价年度"
	}
	b.m["format"] = jixiao.CaseFormat
	b.m["year"] = json.Number(strconv.Itoa(year))
	b.origin["year"] = yearAt
	// The rulebook is left to the caller, who chooses one by the table's
	// structure (rulebook.Choose); the layout recognised is recorded.
	var layout string
	main := dept
	if dept != nil {
		b.m["subject"] = string(jixiao.SubjectDepartment)
		layout = b.department(dept)
		b.yearProjects(dept, year)
	} else {
		b.m["subject"] = string(jixiao.SubjectProject)
		main = projects[0]
	}
	var list []any
	for i, g := range projects {
		p, table := b.project(g, fmt.Sprintf("projects[%d]", i))
		if dept == nil {
			layout = projectLayout(g, p, table)
		}
		list = append(list, p)
		if dept == nil {
			org := map[string]any{}
			for _, k := range []string{"unit", "department"} {
				if v, ok := p[k].(string); ok && v != "" && !selfReference[v] {
					org["name"] = v
					b.origin["org.name"] = b.origin[fmt.Sprintf("projects[%d].%s", i, k)]
					break
				}
			}
			if org["name"] == nil {
				// The unit filling the form, named in the heading ("单位名称：
				// 黄冈市档案馆", "部门：某中学") when the table says "本单位".
				if v, at := g.headingValue("单位名称", "填报单位", "部门", "单位", "部门名称"); v != "" {
					org["name"], b.origin["org.name"] = v, at
				}
			}
			if org["name"] == nil {
				org["name"] = "" // read as blank: check reports it (F03)
				b.origin["org.name"] = g.ref(0, 0)
			}
			b.m["org"] = org
		}
	}
	if b.partial != nil && !b.filledForm() {
		return nil, blankForm(name, b.partial)
	}
	if t, _, _ := formTitle(main); b.partial != nil && t != "" && !b.reportForm {
		layout = formName(t) + "（按表头读取的部分表格）"
	}
	if noYear != "" {
		// The mark goes where the form's other gaps are: the case's own for
		// a department, the one project's for a project evaluation.
		form := b.m
		if dept == nil && len(list) == 1 {
			form = list[0].(map[string]any)
		}
		if r, _ := form["incomplete"].(string); r != "" {
			form["incomplete"] = r + "；" + noYear
		} else {
			form["incomplete"] = noYear
		}
	}
	prov := map[string]any{"document": name, "sheet": main.sheet, "layout": layout}
	if note != "" {
		prov["note"] = note
	}
	if len(b.skipped) > 0 {
		prov["skipped"] = b.skipped
	}
	if len(b.blank) > 0 {
		prov["blank"] = b.blank
	}
	b.m["provenance"] = prov
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
	ps, err := decodeChecked(name, b.m, &ev, check, b.cell)
	if err != nil {
		return nil, err
	}
	if problems := capProblems(append(b.problems, ps...)); len(problems) > 0 {
		// Each problem names the file as well as its cell.
		named := make(jixiao.Problems, len(problems))
		for i, p := range problems {
			if p.Path != name && !strings.HasPrefix(p.Path, name) {
				p.Path = strings.TrimSuffix(name+"，"+p.Path, "，")
			}
			named[i] = p
		}
		return nil, named
	}
	return &ev, nil
}

// kindOf classifies a sheet by its headers.
func kindOf(g *grid) string {
	_, _, named := g.find(0, "项目名称", "专项资金名称")
	_, _, levels := g.find(0, "一级指标")
	_, _, org := g.findLabel(0, departmentLabels...)
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

// isIndicatorHeader reports whether row r is an indicator table's header
// (where 改进措施 names a column, not a block).
func isIndicatorHeader(g *grid, r int) bool {
	for c := 0; c < g.width(r); c++ {
		if n := norm(g.text(r, c)); n == "一级指标" || n == "指标名称" || n == "评价内容" {
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

func isLabel(s string) bool {
	if blockLabels[norm(s)] {
		return true
	}
	// Another name label of the form: the value beside a label was left
	// blank ("主管部门 | | 项目实施单位").
	k := strings.TrimSuffix(bracketLineReplacer.Replace(colonReplacer.Replace(s)), ":")
	for _, l := range projectLabels {
		if slices.Contains(l.labels, k) {
			return true
		}
	}
	return false
}

// below is the first non-empty cell under (r, c) that differs from it.
func (g *grid) below(r, c int) string {
	label := g.text(r, c)
	for rr := r + 1; rr < min(g.rows(), r+4); rr++ {
		if t := g.text(rr, c); t != "" && t != label {
			if _, header := indicatorColumns[norm(t)]; header || isIndicatorHeader(g, rr) {
				return "" // the next table's header: the block was left blank
			}
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

// stageCols are the columns of a budget header row; inline when each
// label has its amount to its right in the same row (预算数 6.84 | 执行数
// 6.84, Hebei), the row then being the total.
type stageCols struct {
	initial, adjusted, final, score, cause, rate, max, first int
	inline                                                   bool
}

var stageNames = map[string]string{
	"年初预算数": "initial", "年初预算": "initial", "预算数": "plain", "年度预算数": "plain",
	"全年预算数": "adjusted", "调整后预算数": "adjusted", "调整预算数": "adjusted", "全年(调整)预算数": "adjusted", "调整预算": "adjusted", "全年预算": "adjusted",
	"全年执行数": "final", "预算执行数": "final", "执行数": "final", "决算数": "final", "决算": "final", "实际支出": "final",
	"得分": "score", "执行率得分": "score", "原因": "cause", "偏差原因": "cause",
	"执行率": "rate", "预算执行率": "rate", "分值": "max", "权重": "max", "执行率权重": "max",
}

// stageHeader finds a header row naming the final column of a budget
// block and a budget column (adjusted, initial, or a plain 预算数, taken as
// the adjusted budget when no other names it).
func (g *grid) stageHeader() (int, stageCols, bool) {
	for r := 0; r < g.rows(); r++ {
		cols := stageCols{-1, -1, -1, -1, -1, -1, -1, -1, false}
		plain := -1
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
			slot := map[string]*int{"initial": &cols.initial, "adjusted": &cols.adjusted, "final": &cols.final, "score": &cols.score,
				"cause": &cols.cause, "rate": &cols.rate, "max": &cols.max, "plain": &plain}[k]
			if *slot < 0 {
				*slot = c
			}
		}
		if plain < 0 && cols.final >= 0 && cols.adjusted < 0 && cols.initial < 0 {
			// Funds by source with their 合计 and what was spent (Hubei:
			// 中央 | 省、地 | 本级 | 其他 | 合计 | 执行数 | 执行率): the 合计 is
			// the year's budget.
			for c := 0; c < cols.final; c++ {
				if norm(g.text(r, c)) == "合计" {
					plain = c
				}
			}
		}
		if plain >= 0 {
			if cols.adjusted < 0 {
				cols.adjusted = plain
			} else if cols.initial < 0 {
				cols.initial = plain
			}
		}
		if cols.final < 0 || (cols.adjusted < 0 && cols.initial < 0) {
			continue
		}
		cols.first = cols.final
		for _, c := range []int{cols.initial, cols.adjusted} {
			if c >= 0 && c < cols.first {
				cols.first = c
			}
		}
		cols.inline = isNumber(g.number(r, cols.final+1))
		for _, c := range []int{cols.initial, cols.adjusted} {
			if c >= 0 && !isNumber(g.number(r, c+1)) {
				cols.inline = false
			}
		}
		return r, cols, true
	}
	return 0, stageCols{}, false
}
