package xlsxio

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// The declaration tables (绩效目标申报表) in the national layout of
// 财预〔2015〕88号《中央部门预算绩效目标管理办法》附件 (项目支出绩效目标申报表,
// 部门整体支出绩效目标申报表): a title, labelled values (项目名称, 主管部门,
// 实施单位, 项目属性, 项目期…), the funds by source, the goals, and the
// indicator table of 一级/二级/三级指标 with their values. One sheet holds
// one version of a declaration. The reader finds labels and table heads
// wherever they are on the sheet, so that a copied layout — rows or
// columns added, titles merged, columns moved — still imports.

// DeclarationSheet is the name of the sheet WriteDeclaration writes.
const DeclarationSheet = "绩效目标申报表"

// Titles of the two tables, as the national layout names them.
const (
	projectDeclTitle    = "项目支出绩效目标申报表"
	departmentDeclTitle = "部门整体支出绩效目标申报表"
)

// declIndicatorHeads are the indicator table's heads in the order written;
// 分项目标 comes first in the department's table only.
var declIndicatorHeads = []string{"分项目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值",
	"指标值确定依据", "是否核心指标", "上年实际完成值", "指标值低于上年实际的理由", "指标库编号"}

// declHeadAliases maps other spellings of a head to the head.
var declHeadAliases = map[string]string{
	"年度主要任务": "分项目标", "任务名称": "分项目标", "年度指标值": "指标值", "权重": "分值", "计量单位": "度量单位",
	"指标编码": "指标库编号", "指标库编码": "指标库编号", "核心指标": "是否核心指标", "低于上年实际的理由": "指标值低于上年实际的理由",
	"上年实际值": "上年实际完成值",
}

// declLabels are the labelled values of the table, with other spellings.
var declLabels = map[string]string{
	"项目名称": "项目名称", "项目编码": "项目编码", "主管部门": "主管部门", "主管部门及代码": "主管部门", "实施单位": "申报单位",
	"申报单位": "申报单位", "部门（单位）名称": "申报单位", "部门名称": "申报单位", "单位名称": "申报单位",
	"项目属性": "项目属性", "项目期": "项目期", "实施期": "项目期", "预算年度": "预算年度", "金额单位": "金额单位", "申报类型": "申报类型",
	"项目库金额": "项目库金额", "年度目标": "年度目标", "年度总体目标": "年度目标", "年度绩效目标": "年度目标",
	"中期目标": "中期目标", "中期目标（实施期目标）": "中期目标", "实施期目标": "中期目标", "总体目标": "年度目标",
}

// WriteDeclaration writes version v of a declaration as the declaration
// table of its kind; a declaration without indicators writes the blank
// template (with the rows of the indicator tree to fill).
func WriteDeclaration(w io.Writer, d *jixiao.Declaration, v *jixiao.DeclVersion) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	project := d.Kind.IsProject()
	// A project's table has no sub-goals unless the project has them.
	goals := !project || len(v.Goals) > 0
	heads := declIndicatorHeads
	widths := []float64{24, 12, 14, 24, 10, 18, 10, 8, 14, 10, 18, 22, 12}
	if !goals {
		heads, widths = heads[1:], widths[1:]
	}
	n := len(heads)
	s, err := newSheet(f, st, DeclarationSheet, widths, true)
	if err != nil {
		return err
	}
	title := projectDeclTitle
	if !project {
		title = departmentDeclTitle
	}
	row := make([]any, n)
	row[0] = cell(st.title, title)
	if err := s.putH(30, row...); err != nil {
		return err
	}
	if err := s.merge(1, s.row, n, s.row); err != nil {
		return err
	}
	year := ""
	if d.Year != 0 {
		year = strconv.Itoa(d.Year)
	}
	// pair writes a row of labelled values: two label and value pairs, the
	// values merged over the columns up to the next label.
	half := n / 2
	pair := func(l1 string, v1 any, l2 string, v2 any) error {
		row := make([]any, n)
		row[0], row[1], row[half], row[half+1] = cell(st.label, l1), v1, cell(st.label, l2), v2
		for i := range row {
			if row[i] == nil {
				row[i] = cell(st.text, nil)
			}
		}
		if err := s.put(row...); err != nil {
			return err
		}
		if err := s.merge(2, s.row, half, s.row); err != nil {
			return err
		}
		return s.merge(half+2, s.row, n, s.row)
	}
	one := func(label, value string, height float64) error {
		row := make([]any, n)
		row[0], row[1] = cell(st.label, label), s.text(value)
		for i := range row {
			if row[i] == nil {
				row[i] = cell(st.text, nil)
			}
		}
		if err := s.putH(height, row...); err != nil {
			return err
		}
		return s.merge(2, s.row, n, s.row)
	}
	txt := func(v string) any { return cell(st.textFmt, v) }
	if err := pair("预算年度", txt(year), "金额单位", txt(v.Unit())); err != nil {
		return err
	}
	if project {
		period := ""
		if d.StartYear != 0 || d.EndYear != 0 {
			period = fmt.Sprintf("%d—%d", d.StartYear, d.EndYear)
		}
		if err := pair("项目名称", s.text(d.Project), "项目编码", txt(d.ProjectCode)); err != nil {
			return err
		}
		if err := pair("主管部门", s.text(d.Department), "实施单位", s.text(d.Unit)); err != nil {
			return err
		}
		if err := pair("项目属性", txt(d.Attribute), "项目期", txt(period)); err != nil {
			return err
		}
		if err := pair("申报类型", txt(string(d.Kind)), "项目库金额", moneyOrBlank(s, v.LibraryAmount)); err != nil {
			return err
		}
	} else {
		if err := pair("部门（单位）名称", s.text(d.Unit), "主管部门", s.text(d.Department)); err != nil {
			return err
		}
	}
	// Funds by source, with their total.
	row = make([]any, n)
	row[0], row[1] = cell(st.header, "资金来源"), cell(st.header, "年度金额")
	if err := s.put(row...); err != nil {
		return err
	}
	first := s.row + 1
	funds := v.Funds
	if len(funds) == 0 {
		for _, src := range []jixiao.IncomeSource{jixiao.SourceGeneralPublic, jixiao.SourceGovernmentFund, jixiao.SourceOther} {
			funds = append(funds, jixiao.IncomeLine{Source: src})
		}
	}
	for _, fl := range funds {
		name := fl.Source.Title()
		if strings.TrimSpace(fl.Label) != "" {
			name = fl.Label
		}
		row = make([]any, n)
		row[0], row[1] = s.text(name), moneyOrBlank(s, fl.Amount)
		if err := s.put(row...); err != nil {
			return err
		}
	}
	total := v.FundsTotal()
	row = make([]any, n)
	row[0] = cell(st.label, "合计")
	row[1] = formula(st.money, fmt.Sprintf("SUM(%s:%s)", ref(2, first), ref(2, s.row)), number(jixiao.Round(total, 6)))
	if err := s.put(row...); err != nil {
		return err
	}
	if project {
		if err := one("中期目标（实施期目标）", v.MidTermGoal, 48); err != nil {
			return err
		}
		if err := one("年度目标", v.OverallGoal, 48); err != nil {
			return err
		}
	} else if err := one("年度总体目标", v.OverallGoal, 60); err != nil {
		return err
	}
	if goals {
		// 年度主要任务: the sub-goals, with their content and points.
		row = make([]any, n)
		row[0], row[1], row[n-1] = cell(st.header, "任务名称"), cell(st.header, "主要内容"), cell(st.header, "分值")
		for i := 2; i < n-1; i++ {
			row[i] = cell(st.header, nil)
		}
		if err := s.put(row...); err != nil {
			return err
		}
		if err := s.merge(2, s.row, n-1, s.row); err != nil {
			return err
		}
		gs := v.Goals
		if len(gs) == 0 {
			gs = make([]jixiao.DeclGoal, 3)
		}
		for _, g := range gs {
			row = make([]any, n)
			row[0], row[1] = s.text(g.Name), s.text(g.Target)
			for i := 2; i < n-1; i++ {
				row[i] = cell(st.text, nil)
			}
			row[n-1] = weightCell(s, g.Weight)
			if err := s.putH(rowHeightOf(g.Target), row...); err != nil {
				return err
			}
			if err := s.merge(2, s.row, n-1, s.row); err != nil {
				return err
			}
		}
	}
	// The indicator table.
	row = make([]any, n)
	for i, h := range heads {
		row[i] = cell(st.header, h)
	}
	if err := s.put(row...); err != nil {
		return err
	}
	type line struct {
		goal string
		in   jixiao.DeclIndicator
	}
	var lines []line
	for _, r := range v.All() {
		lines = append(lines, line{r.Goal, *r.Indicator})
	}
	if len(lines) == 0 {
		// The blank template: the national indicator tree, to fill in.
		for _, l1 := range []struct {
			name string
			l2   []string
		}{
			{"产出指标", []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
			{"效益指标", []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
			{"满意度指标", []string{"服务对象满意度指标"}},
		} {
			for _, l2 := range l1.l2 {
				lines = append(lines, line{in: jixiao.DeclIndicator{Level1: l1.name, Level2: l2}})
			}
		}
	}
	for _, l := range lines {
		in := l.in
		core := ""
		if in.Core {
			core = "是"
		}
		vals := []any{s.text(l.goal), s.text(in.Level1), s.text(in.Level2), s.text(in.Name), txt(string(in.Op)), txt(in.Target.Text),
			txt(in.Unit), weightCell(s, in.Weight), s.text(in.Standard), txt(core), txt(in.LastActual.Text), s.text(in.Reason), txt(in.LibraryID)}
		if !goals {
			vals = vals[1:]
		}
		if err := s.putH(rowHeightOf(in.Target.Text+in.Name), vals...); err != nil {
			return err
		}
	}
	row = make([]any, n)
	row[0] = cell(st.note, "填表说明：一级指标、二级指标、分项目标留空的，沿用上一行；指标性质填 =、≥、≤、>、< 或 定性；指标库编号填指标库中的编码，新指标不填。")
	if err := s.put(row...); err != nil {
		return err
	}
	if err := s.merge(1, s.row, n, s.row); err != nil {
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func weightCell(s *sheet, d *decimal.Decimal) excelize.Cell {
	if d == nil {
		return cell(s.st.weight, nil)
	}
	return cell(s.st.weight, number(*d))
}

// DeclarationTemplate writes the blank declaration table of a kind.
func DeclarationTemplate(w io.Writer, kind jixiao.DeclKind, year int) error {
	d := &jixiao.Declaration{Kind: kind, Year: year, Versions: []jixiao.DeclVersion{{Number: 1}}}
	return WriteDeclaration(w, d, &d.Versions[0])
}

// declReader reads a declaration table, reusing the monitoring reader's
// cells, limits and problem list.
type declReader struct {
	*monitorReader
}

// ReadDeclaration reads a declaration table written by WriteDeclaration
// (or laid out like it) into a declaration of one version: a draft 第1版
// 原始申报. Every problem is reported at once, naming sheet, row and
// column; nothing is returned unless the declaration is valid.
func ReadDeclaration(name string, data []byte) (*jixiao.Declaration, error) {
	return ReadDeclarationLimits(name, data, DefaultLimits)
}

var (
	declYearRe = regexp.MustCompile(`^(\d{4})\s*年?(?:度)?$`)
	periodRe   = regexp.MustCompile(`(\d{4})\s*年?\s*(?:[-—–~～至到]+)\s*(\d{4})`)
	titleRe    = regexp.MustCompile(`[（(]\s*(\d{4})\s*年度?\s*[）)]`)
)

// ReadDeclarationLimits is ReadDeclaration with other limits.
func ReadDeclarationLimits(name string, data []byte, lim Limits) (*jixiao.Declaration, error) {
	b, err := open(name, data, lim)
	if err != nil {
		return nil, err
	}
	fm, err := newFormatter(b)
	if err != nil {
		return nil, err
	}
	defer fm.close()
	m := &declReader{&monitorReader{b: b, fm: fm, c: &counter{lim: lim, name: name}, at: map[string]cellAt{}, rowAt: map[string]rowAt{}}}
	// The sheet: the first with an indicator table's head.
	var (
		sheet string
		rows  [][]mcell
		nums  []int
	)
	for _, sh := range b.sheets {
		var rs [][]mcell
		var ns []int
		found := false
		err := m.rows(sh, func(r int, cells []mcell) {
			rs, ns = append(rs, cells), append(ns, r)
			if !found {
				found = isIndicatorHead(cells)
			}
		})
		if err != nil {
			return nil, err
		}
		if found {
			sheet, rows, nums = sh.name, rs, ns
			break
		}
	}
	if sheet == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是绩效目标申报表：没有找到含“三级指标”和“指标值”的指标表头。请用“jixiao declare template”生成的模板填写", name)
	}
	d := m.parse(sheet, rows, nums)
	if len(m.problems) == 0 {
		if err := d.Validate(); err != nil {
			ps, ok := err.(jixiao.Problems)
			if !ok {
				return nil, err
			}
			for _, p := range ps {
				m.fail(m.locate(p.Path), "%s", p.Message)
			}
		}
	}
	if len(m.problems) > 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 有误：\n%s", name, strings.Join(m.problems, "\n"))
	}
	return d, nil
}

// normLabel is a cell's text as a label: without spaces and the colon.
func normLabel(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, "：:")
	s = strings.TrimPrefix(s, "其中：")
	return strings.TrimPrefix(s, "其中")
}

func headOf(s string) (string, bool) {
	s = normLabel(s)
	if h, ok := declHeadAliases[s]; ok {
		return h, true
	}
	for _, h := range declIndicatorHeads {
		if h == s {
			return h, true
		}
	}
	return "", false
}

func isIndicatorHead(cells []mcell) bool {
	name, value := false, false
	for _, c := range cells {
		h, _ := headOf(c.shown)
		name = name || h == "三级指标"
		value = value || h == "指标值"
	}
	return name && value
}

// block is what the rows below a head row are.
type block int

const (
	blockNone block = iota
	blockFunds
	blockTasks
	blockIndicators
)

func (m *declReader) parse(sh string, rows [][]mcell, nums []int) *jixiao.Declaration {
	d := &jixiao.Declaration{Format: jixiao.DeclarationFormat}
	v := jixiao.DeclVersion{Number: 1, Kind: jixiao.VersionOriginal, State: jixiao.DeclDraft}
	const vp = "versions[0]"
	title := ""
	cur := blockNone
	var cols map[string]int // the current block's columns by head
	tc := &tableCols{}
	seen := map[string]bool{}
	goalIndex := map[string]int{}
	goalOf := func(name string) int {
		if i, ok := goalIndex[name]; ok {
			return i
		}
		goalIndex[name] = len(v.Goals)
		v.Goals = append(v.Goals, jixiao.DeclGoal{Name: name})
		return len(v.Goals) - 1
	}
	var carry [3]string // 分项目标, 一级指标, 二级指标 of the row above
	items := 0
	for i, cells := range rows {
		r := nums[i]
		get := func(head string) (mcell, cellAt) {
			c, ok := cols[head]
			if !ok || c >= len(cells) {
				return mcell{}, where(sh, r, max(c, 0), head)
			}
			return cells[c], where(sh, r, c, head)
		}
		// A head row starts a block.
		switch {
		case isIndicatorHead(cells):
			cur, cols = blockIndicators, map[string]int{}
			for c, x := range cells {
				if h, ok := headOf(x.shown); ok {
					if _, dup := cols[h]; !dup {
						cols[h] = c
					}
				}
			}
			tc = &tableCols{cols: cols, fields: map[string]string{"library_id": "指标库编号", "level1": "一级指标", "level2": "二级指标",
				"name": "三级指标", "op": "指标性质", "target": "指标值", "unit": "度量单位", "weight": "分值", "standard": "指标值确定依据",
				"core": "是否核心指标", "last_actual": "上年实际完成值", "reason": "指标值低于上年实际的理由"}}
			carry = [3]string{}
			continue
		case headRow(cells, "资金来源"):
			cur, cols = blockFunds, headCols(cells, map[string]string{"资金来源": "资金来源", "年度金额": "年度金额", "金额": "年度金额", "年度资金总额": "年度金额"})
			tc = &tableCols{cols: cols, fields: map[string]string{"source": "资金来源", "amount": "年度金额"}}
			continue
		case headRow(cells, "任务名称") && headRow(cells, "主要内容"):
			cur, cols = blockTasks, headCols(cells, map[string]string{"任务名称": "任务名称", "主要内容": "主要内容", "分值": "分值"})
			tc = &tableCols{cols: cols, fields: map[string]string{"name": "任务名称", "target": "主要内容", "weight": "分值"}}
			continue
		}
		// Labelled values; a row with a label ends the block above. In a
		// block, only a row that starts with a label is one (an indicator
		// may be named like a label).
		labelled := false
		from := 0
		if cur != blockNone {
			from = len(cells)
			for c := range cells {
				if cells[c].shown != "" {
					if _, ok := declLabels[normLabel(cells[c].shown)]; ok {
						from = c
					}
					break
				}
			}
		}
		for c := from; c < len(cells); c++ {
			label, ok := declLabels[normLabel(cells[c].shown)]
			if !ok {
				continue
			}
			labelled = true
			at := where(sh, r, c, label)
			var val mcell
			for k := c + 1; k < len(cells); k++ {
				if cells[k].shown == "" {
					continue
				}
				if _, isLabel := declLabels[normLabel(cells[k].shown)]; !isLabel {
					val, at = cells[k], where(sh, r, k, label)
					c = k
				}
				break
			}
			if seen[label] {
				m.fail(at, "“%s”重复", label)
				continue
			}
			seen[label] = true
			m.label(d, &v, label, val, at)
		}
		if labelled {
			cur = blockNone
			continue
		}
		if cur == blockNone {
			for _, c := range cells {
				if c.shown == "" {
					continue
				}
				if title == "" && strings.Contains(c.shown, "绩效目标申报表") {
					title = c.shown
				}
				if mm := titleRe.FindStringSubmatch(c.shown); mm != nil && d.Year == 0 {
					d.Year, _ = strconv.Atoi(mm[1])
				}
			}
			continue
		}
		blank := true
		for _, c := range cells {
			blank = blank && c.shown == ""
		}
		if blank {
			continue
		}
		if first := firstText(cells); strings.HasPrefix(first, "填表说明") || strings.HasPrefix(first, "注：") || strings.HasPrefix(first, "说明：") {
			cur = blockNone
			continue
		}
		switch cur {
		case blockFunds:
			src, at := get("资金来源")
			name := normLabel(src.shown)
			if name == "" || name == "合计" || name == "年度资金总额" || name == "资金总额" {
				continue
			}
			path := fmt.Sprintf("%s.funds[%d]", vp, len(v.Funds))
			m.rowAt[path] = rowAt{sheet: sh, r: r, t: tc}
			var fl jixiao.IncomeLine
			if err := fl.Source.UnmarshalText([]byte(name)); err != nil {
				m.fail(at, "“%s”不是资金来源（应为一般公共预算收入、政府性基金预算收入、其他收入等）", src.shown)
			} else if fl.Source.Title() != name {
				fl.Label = name
			}
			amt, at := get("年度金额")
			if fl.Amount = m.amount(at, amt); fl.Amount == nil {
				continue // a source of the template left blank
			}
			v.Funds = append(v.Funds, fl)
		case blockTasks:
			c, at := get("任务名称")
			if c.shown == "" {
				m.fail(at, "须填写任务名称")
				continue
			}
			if _, dup := goalIndex[c.shown]; dup {
				m.fail(at, "任务“%s”重复", c.shown)
				continue
			}
			i := goalOf(c.shown)
			m.rowAt[fmt.Sprintf("%s.goals[%d]", vp, i)] = rowAt{sheet: sh, r: r, t: tc}
			t, _ := get("主要内容")
			v.Goals[i].Target = t.shown
			w, at := get("分值")
			v.Goals[i].Weight = m.amount(at, w)
		case blockIndicators:
			text := func(h string) string {
				c, _ := get(h)
				return c.shown
			}
			for k, h := range []string{"分项目标", "一级指标", "二级指标"} {
				if s := text(h); s != "" {
					carry[k] = s
				}
			}
			name, at := get("三级指标")
			filled := false
			for _, h := range []string{"指标性质", "指标值", "度量单位", "分值", "指标库编号", "上年实际完成值"} {
				filled = filled || text(h) != ""
			}
			if name.shown == "" {
				if filled {
					m.fail(at, "须填写三级指标")
				}
				continue
			}
			if items++; items > m.c.lim.Items {
				if items == m.c.lim.Items+1 {
					m.fail(where(sh, r, 0, ""), "指标超过 %d 个", m.c.lim.Items)
				}
				continue
			}
			in := jixiao.DeclIndicator{LibraryID: text("指标库编号"), Level1: carry[1], Level2: carry[2], Name: name.shown,
				Unit: text("度量单位"), Standard: text("指标值确定依据"), Reason: text("指标值低于上年实际的理由")}
			if op, at := get("指标性质"); op.shown != "" {
				if err := in.Op.UnmarshalText([]byte(op.shown)); err != nil {
					m.fail(at, "%s", jixiao.ErrorMessage(err))
				}
			}
			c, at := get("指标值")
			in.Target = m.figure(at, c.shown)
			c, at = get("上年实际完成值")
			in.LastActual = m.figure(at, c.shown)
			c, at = get("分值")
			in.Weight = m.amount(at, c)
			switch c, at := get("是否核心指标"); normLabel(c.shown) {
			case "", "否":
			case "是", "√", "核心":
				in.Core = true
			default:
				m.fail(at, "“%s”应为“是”或“否”", c.shown)
			}
			var path string
			if carry[0] != "" {
				g := goalOf(carry[0])
				path = fmt.Sprintf("%s.goals[%d].indicators[%d]", vp, g, len(v.Goals[g].Indicators))
				v.Goals[g].Indicators = append(v.Goals[g].Indicators, in)
			} else {
				path = fmt.Sprintf("%s.indicators[%d]", vp, len(v.Indicators))
				v.Indicators = append(v.Indicators, in)
			}
			m.rowAt[path] = rowAt{sheet: sh, r: r, t: tc}
		}
	}
	switch {
	case d.Kind != "":
	case strings.Contains(title, departmentDeclTitle) || (strings.Contains(title, "部门整体") && !seen["项目名称"]):
		d.Kind = jixiao.DeclDepartment
	case strings.Contains(title, "专项资金"):
		d.Kind = jixiao.DeclSpecialFund
	case seen["项目名称"] || strings.Contains(title, "项目"):
		d.Kind = jixiao.DeclProject
	default:
		m.fail(cellAt{sheet: sh, r: -1}, "看不出是项目还是部门整体的申报表：请保留标题“项目支出绩效目标申报表”或“部门整体支出绩效目标申报表”")
	}
	d.Versions = []jixiao.DeclVersion{v}
	return d
}

func firstText(cells []mcell) string {
	for _, c := range cells {
		if c.shown != "" {
			return c.shown
		}
	}
	return ""
}

// headRow reports whether a row holds the head h.
func headRow(cells []mcell, h string) bool {
	for _, c := range cells {
		if normLabel(c.shown) == h {
			return true
		}
	}
	return false
}

func headCols(cells []mcell, names map[string]string) map[string]int {
	cols := map[string]int{}
	for i, c := range cells {
		if h, ok := names[normLabel(c.shown)]; ok {
			if _, dup := cols[h]; !dup {
				cols[h] = i
			}
		}
	}
	return cols
}

// label sets the field a labelled value gives.
func (m *declReader) label(d *jixiao.Declaration, v *jixiao.DeclVersion, label string, c mcell, at cellAt) {
	paths := map[string]string{"项目名称": "project", "项目编码": "project_code", "主管部门": "department", "申报单位": "unit",
		"项目属性": "attribute", "项目期": "start_year", "预算年度": "year", "金额单位": "versions[0].amount_unit", "申报类型": "kind",
		"项目库金额": "versions[0].library_amount", "年度目标": "versions[0].overall_goal", "中期目标": "versions[0].mid_term_goal"}
	m.at[paths[label]] = at
	if label == "项目期" {
		m.at["end_year"] = at
	}
	s := c.shown
	switch label {
	case "项目名称":
		d.Project = s
	case "项目编码":
		d.ProjectCode = s
	case "主管部门":
		d.Department = s
	case "申报单位":
		d.Unit = s
	case "项目属性":
		d.Attribute = s
	case "项目期":
		if s == "" {
			return
		}
		if mm := periodRe.FindStringSubmatch(s); mm != nil {
			d.StartYear, _ = strconv.Atoi(mm[1])
			d.EndYear, _ = strconv.Atoi(mm[2])
		} else if mm := declYearRe.FindStringSubmatch(s); mm != nil {
			d.StartYear, _ = strconv.Atoi(mm[1])
			d.EndYear = d.StartYear
		} else {
			m.fail(at, "项目期“%s”应写作起止年度，如“2024—2026”", s)
		}
	case "预算年度":
		if s == "" {
			return
		}
		if mm := declYearRe.FindStringSubmatch(s); mm != nil {
			d.Year, _ = strconv.Atoi(mm[1])
		} else {
			m.fail(at, "“%s”不是年度", s)
		}
	case "金额单位":
		v.AmountUnit = s
	case "申报类型":
		if s == "" {
			return
		}
		switch k := jixiao.DeclKind(s); k {
		case jixiao.DeclProject, jixiao.DeclSpecialFund, jixiao.DeclDepartment:
			d.Kind = k
		default:
			m.fail(at, "申报类型“%s”应为 项目、专项资金 或 部门整体", s)
		}
	case "项目库金额":
		v.LibraryAmount = m.amount(at, c)
	case "年度目标":
		v.OverallGoal = s
	case "中期目标":
		v.MidTermGoal = s
	}
}
