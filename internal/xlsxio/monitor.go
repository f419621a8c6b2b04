package xlsxio

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// The monitoring workbook (绩效运行监控表): an overview sheet of labelled
// values and three tables under Chinese headers, read back by header text
// (columns may be moved) with every problem named by sheet, row and
// column.
const (
	MonitorOverview     = "监控概况"
	MonitorProjects     = "项目执行"
	MonitorIndicators   = "指标进度"
	MonitorDispositions = "预警处置"
)

// monitorLabels are the overview's rows: label and note.
var monitorLabels = []struct{ label, note string }{
	{"年度", "如 2026"},
	{"监控期间", "如 1—7月、6月底"},
	{"数据截止日期", "执行数和完成进度截至的日期，如 2026-07-31"},
	{"预警下发日期", "处置期限从此日起按工作日计算；不填时为数据截止日期"},
	{"单位名称", ""},
	{"金额单位", "万元 或 元"},
	{"预警规则", "内置预警规则名；不填时用默认规则"},
	{"部门全年预算数", "部门整体；不监控部门整体时留空"},
	{"部门截至目前执行数", ""},
	{"部门执行偏差原因", ""},
}

var (
	projectHeads     = []string{"项目编码", "项目名称", "全年预算数", "截至目前执行数", "预算执行率", "总体目标完成进度", "执行偏差原因"}
	indicatorHeads   = []string{"项目编码", "项目名称", "一级指标", "指标名称", "年度指标值", "截至目前完成值", "目标完成进度", "全年预计完成程度", "偏差原因"}
	dispositionHeads = []string{"预警对象", "处置方式", "处置理由", "处置日期"}
)

// WriteMonitor writes a round as a monitoring workbook; a round with no
// projects is the blank template.
func WriteMonitor(w io.Writer, r *jixiao.MonitorRound) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	unit := r.AmountUnit()
	// 监控概况
	s, err := newSheet(f, st, MonitorOverview, []float64{22, 36, 50}, false)
	if err != nil {
		return err
	}
	if err := s.putH(28, cell(st.title, "绩效运行监控表"), nil, nil); err != nil {
		return err
	}
	if err := s.merge(1, 1, 3, 1); err != nil {
		return err
	}
	if err := s.put(cell(st.header, "项目"), cell(st.header, "填写内容"), cell(st.header, "说明")); err != nil {
		return err
	}
	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	var budget, executed *decimal.Decimal
	cause := ""
	if d := r.Department; d != nil {
		budget, executed, cause = &d.Budget, &d.Executed, d.Cause
	}
	values := []any{
		cell(st.textFmt, year), cell(st.textFmt, r.Period), cell(st.textFmt, r.CutOff.String()), cell(st.textFmt, r.WarnedOn.String()),
		s.text(r.Org), cell(st.textFmt, unit), cell(st.textFmt, r.Rules), moneyOrBlank(s, budget), moneyOrBlank(s, executed), s.text(cause),
	}
	for i, l := range monitorLabels {
		if err := s.put(cell(st.label, l.label), values[i], cell(st.note, l.note)); err != nil {
			return err
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	// 项目执行
	s, err = tableSheet(f, st, MonitorProjects, "项目预算执行情况（金额单位："+unit+"）", projectHeads, []float64{14, 28, 14, 14, 12, 14, 40})
	if err != nil {
		return err
	}
	for _, p := range r.Projects {
		row := s.row + 1
		rate, _ := jixiao.Ratio(p.Executed, p.Budget)
		if err := s.put(cell(st.textFmt, p.Code), s.text(p.Name), s.money(&p.Budget, 6), s.money(&p.Executed, 6),
			formula(st.percent, fmt.Sprintf("IF(%s>0,%s/%s,\"\")", ref(3, row), ref(4, row), ref(3, row)), number(rate.Round(exact))),
			cell(st.textFmt, p.GoalProgress.Text), s.text(p.Cause)); err != nil {
			return err
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	// 指标进度
	s, err = tableSheet(f, st, MonitorIndicators, "绩效指标完成进度", indicatorHeads, []float64{14, 24, 12, 24, 14, 14, 12, 14, 36})
	if err != nil {
		return err
	}
	for _, p := range r.Projects {
		for _, in := range p.Indicators {
			if err := s.put(cell(st.textFmt, p.Code), s.text(p.Name), s.text(in.Level1), s.text(in.Name), cell(st.textFmt, in.Target.Text),
				cell(st.textFmt, in.Actual.Text), cell(st.textFmt, in.Progress.Text), cell(st.textFmt, in.Forecast.Text), s.text(in.Reason)); err != nil {
				return err
			}
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	// 预警处置
	// The drop-down of dispositions goes in before the stream writer,
	// which keeps it.
	if _, err := f.NewSheet(MonitorDispositions); err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "B3:B2000"
	if err := dv.SetDropList(jixiao.DispositionAction("").Enum()); err != nil {
		return err
	}
	if err := f.AddDataValidation(MonitorDispositions, dv); err != nil {
		return err
	}
	s, err = tableSheet(f, st, MonitorDispositions, "预警处置（继续执行、调剂或取消）", dispositionHeads, []float64{24, 12, 48, 14})
	if err != nil {
		return err
	}
	for _, d := range r.Dispositions {
		if err := s.put(s.text(d.Project), cell(st.textFmt, string(d.Action)), s.text(d.Reason), cell(st.textFmt, d.Date.String())); err != nil {
			return err
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	// The overview, the first sheet, is the active one (SetActiveSheet
	// would parse every sheet written back).
	_, err = f.WriteTo(w)
	return err
}

func moneyOrBlank(s *sheet, d *decimal.Decimal) excelize.Cell {
	if d == nil {
		return cell(s.st.money, nil)
	}
	return s.money(d, 6)
}

// tableSheet starts a sheet with a title and a header row kept on screen
// and on every printed page.
func tableSheet(f *excelize.File, st *styles, name, title string, heads []string, widths []float64) (*sheet, error) {
	s, err := newSheet(f, st, name, widths, true)
	if err != nil {
		return nil, err
	}
	if err := s.freeze(2); err != nil {
		return nil, err
	}
	row := make([]any, len(heads))
	row[0] = cell(st.title, title)
	if err := s.putH(28, row...); err != nil {
		return nil, err
	}
	if err := s.merge(1, 1, len(heads), 1); err != nil {
		return nil, err
	}
	for i, h := range heads {
		row[i] = cell(st.header, h)
	}
	if err := s.put(row...); err != nil {
		return nil, err
	}
	return s, s.printTitles(2, 2)
}

// MaxMonitorProblems is how many problems one import reports.
const MaxMonitorProblems = 50

// monitorReader collects a round from a workbook and its problems, each
// at its cell.
type monitorReader struct {
	b        *book
	fm       *formatter
	c        *counter
	problems []string
	// at maps a field path of the overview to the cell it was read from;
	// rowAt maps the path of a table's row (projects[3]) to the row.
	at    map[string]cellAt
	rowAt map[string]rowAt
	// unreadable: a table lacks a required column, so its rows were not
	// read (and rows that refer to them are not checked).
	unreadable bool
}

// rowAt is a row of a table, whose fields are in the columns of heads.
type rowAt struct {
	sheet string
	r     int
	t     *tableCols
}

// tableCols are a table's columns by head, and the head of each field.
type tableCols struct {
	cols   map[string]int
	fields map[string]string
}

func (m *monitorReader) fail(at cellAt, format string, args ...any) {
	if len(m.problems) < MaxMonitorProblems {
		m.problems = append(m.problems, at.String()+"："+fmt.Sprintf(format, args...))
	}
}

// cellAt is a cell, a row (head "") or a sheet (r < 0) of the workbook.
type cellAt struct {
	sheet, head string
	r, c        int
}

// String names the place for people: 工作表“项目执行”第5行“全年预算数”列（C5）.
func (a cellAt) String() string {
	if a.r < 0 {
		return "工作表“" + a.sheet + "”"
	}
	name, _ := excelize.CoordinatesToCellName(a.c+1, a.r+1)
	if a.head == "" {
		return fmt.Sprintf("工作表“%s”第%d行（%s）", a.sheet, a.r+1, name)
	}
	return fmt.Sprintf("工作表“%s”第%d行“%s”列（%s）", a.sheet, a.r+1, a.head, name)
}

func where(sheet string, r, c int, head string) cellAt {
	return cellAt{sheet: sheet, head: head, r: r, c: c}
}

// ReadMonitor reads a monitoring workbook written by WriteMonitor and
// filled in, within DefaultLimits: every problem is reported at once (up to
// MaxMonitorProblems), each naming its sheet, row and column; nothing is
// returned unless the whole round is valid.
func ReadMonitor(name string, data []byte) (*jixiao.MonitorRound, error) {
	return ReadMonitorLimits(name, data, DefaultLimits)
}

// ReadMonitorLimits is ReadMonitor with other limits.
func ReadMonitorLimits(name string, data []byte, lim Limits) (*jixiao.MonitorRound, error) {
	b, err := open(name, data, lim)
	if err != nil {
		return nil, err
	}
	fm, err := newFormatter(b)
	if err != nil {
		return nil, err
	}
	defer fm.close()
	m := &monitorReader{b: b, fm: fm, c: &counter{lim: lim, name: name}, at: map[string]cellAt{}, rowAt: map[string]rowAt{}}
	sheets := map[string]sheetRef{}
	for _, sh := range b.sheets {
		sheets[strings.TrimSpace(sh.name)] = sh
	}
	for _, want := range []string{MonitorOverview, MonitorProjects} {
		if _, ok := sheets[want]; !ok {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是绩效运行监控表：缺少工作表“%s”。请用“jixiao monitor template”生成的模板填写", name, want)
		}
	}
	r := &jixiao.MonitorRound{Format: jixiao.MonitorFormat}
	if err := m.overview(sheets[MonitorOverview], r); err != nil {
		return nil, err
	}
	if err := m.projects(sheets[MonitorProjects], r); err != nil {
		return nil, err
	}
	if m.unreadable {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 有误：\n%s", name, strings.Join(m.problems, "\n"))
	}
	if sh, ok := sheets[MonitorIndicators]; ok {
		if err := m.indicators(sh, r); err != nil {
			return nil, err
		}
	}
	if sh, ok := sheets[MonitorDispositions]; ok {
		if err := m.dispositions(sh, r); err != nil {
			return nil, err
		}
	}
	if len(m.problems) == 0 {
		if err := r.Validate(); err != nil {
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
	return r, nil
}

// locate is the cell a field path was read from, or its row's.
func (m *monitorReader) locate(path string) cellAt {
	if a, ok := m.at[path]; ok {
		return a
	}
	for p := path; p != ""; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		field := strings.TrimPrefix(path[i:], ".")
		p = p[:i]
		if row, ok := m.rowAt[p]; ok {
			if head, ok := row.t.fields[field]; ok {
				if c, ok := row.t.cols[head]; ok {
					return cellAt{sheet: row.sheet, head: head, r: row.r, c: c}
				}
			}
			return cellAt{sheet: row.sheet, r: row.r}
		}
	}
	return cellAt{sheet: MonitorOverview, r: -1}
}

// rows streams a sheet's rows as text cells (raw and shown), within the
// limits of a case workbook.
type mcell struct{ raw, shown, typ string }

func (m *monitorReader) rows(sh sheetRef, fn func(r int, cells []mcell)) error {
	_, err := m.b.readSheet(sh, sheetOpts{}, func(r int, cells []xcell) error {
		width := cells[len(cells)-1].col + 1
		var text int64
		row := make([]mcell, width)
		for _, x := range cells {
			text += int64(len(x.v))
			// Text is taken as it is: only numbers need their format
			// (a percentage, a date), which costs a formatting each.
			shown := x.v
			if !isText(x.typ) {
				shown = m.fm.shown(&x)
			}
			row[x.col] = mcell{raw: strings.TrimSpace(x.v), shown: strings.TrimSpace(shown), typ: x.typ}
		}
		if err := m.c.add(width, text); err != nil {
			return err
		}
		fn(r, row)
		return nil
	})
	return err
}

func (m *monitorReader) overview(sh sheetRef, r *jixiao.MonitorRound) error {
	var budget, executed *decimal.Decimal
	cause := ""
	paths := map[string]string{"年度": "year", "数据截止日期": "cutoff", "预警下发日期": "warned_on", "单位名称": "org", "金额单位": "unit",
		"部门全年预算数": "department.budget", "部门截至目前执行数": "department.executed"}
	seen := map[string]bool{}
	err := m.rows(sh, func(row int, cells []mcell) {
		if row < 2 || len(cells) == 0 || cells[0].shown == "" {
			return
		}
		label := cells[0].shown
		known := false
		for _, l := range monitorLabels {
			known = known || l.label == label
		}
		if !known {
			m.fail(where(sh.name, row, 0, ""), "“%s”不是监控概况的项目（应为：年度、监控期间、数据截止日期……）", label)
			return
		}
		if seen[label] {
			m.fail(where(sh.name, row, 0, ""), "“%s”重复", label)
			return
		}
		seen[label] = true
		var v mcell
		if len(cells) > 1 {
			v = cells[1]
		}
		at := where(sh.name, row, 1, label)
		if p, ok := paths[label]; ok {
			m.at[p] = at
		}
		switch label {
		case "年度":
			if v.shown == "" {
				return
			}
			y, err := strconv.Atoi(strings.TrimSuffix(v.shown, "年"))
			if err != nil {
				m.fail(at, "“%s”不是年度", v.shown)
			}
			r.Year = y
		case "监控期间":
			r.Period = v.shown
		case "数据截止日期":
			r.CutOff = m.date(at, v)
		case "预警下发日期":
			r.WarnedOn = m.date(at, v)
		case "单位名称":
			r.Org = v.shown
		case "金额单位":
			r.Unit = v.shown
		case "预警规则":
			r.Rules = v.shown
		case "部门全年预算数":
			budget = m.amount(at, v)
		case "部门截至目前执行数":
			executed = m.amount(at, v)
		case "部门执行偏差原因":
			cause = v.shown
		}
	})
	if err != nil {
		return err
	}
	if budget != nil || executed != nil {
		if budget == nil || executed == nil {
			m.fail(where(sh.name, 0, 0, ""), "部门全年预算数和部门截至目前执行数须同时填写（不监控部门整体时都留空）")
		} else {
			r.Department = &jixiao.MonitorFunds{Budget: *budget, Executed: *executed, Cause: cause}
		}
	}
	return nil
}

// table reads a sheet whose second row holds heads (in any order); fn gets
// each row below with its cells by head and the row's blank flag.
func (m *monitorReader) table(sh sheetRef, heads, required []string, fields map[string]string, fn func(row int, mark func(path string), get func(head string) (mcell, cellAt))) error {
	var cols map[string]int
	missing := false
	tc := &tableCols{fields: fields}
	err := m.rows(sh, func(row int, cells []mcell) {
		if cols == nil {
			if row != 1 {
				return // the title above the heads
			}
			cols = map[string]int{}
			tc.cols = cols
			for i, c := range cells {
				for _, h := range heads {
					if c.shown == h {
						cols[h] = i
					}
				}
			}
			for _, h := range required {
				if _, ok := cols[h]; !ok {
					m.fail(where(sh.name, row, 0, ""), "表头缺少“%s”列", h)
					missing = true
					m.unreadable = true
				}
			}
			return
		}
		if missing {
			return // the rows cannot be read without their columns
		}
		blank := true
		for _, c := range cells {
			blank = blank && c.shown == ""
		}
		if blank {
			return
		}
		mark := func(path string) { m.rowAt[path] = rowAt{sheet: sh.name, r: row, t: tc} }
		fn(row, mark, func(head string) (mcell, cellAt) {
			i, ok := cols[head]
			if !ok || i >= len(cells) {
				return mcell{}, where(sh.name, row, max(i, 0), head)
			}
			return cells[i], where(sh.name, row, i, head)
		})
	})
	if err == nil && cols == nil {
		m.fail(cellAt{sheet: sh.name, r: -1}, "第2行应为表头（%s）", strings.Join(heads, "、"))
	}
	return err
}

func (m *monitorReader) projects(sh sheetRef, r *jixiao.MonitorRound) error {
	fields := map[string]string{"code": "项目编码", "name": "项目名称", "budget": "全年预算数", "executed": "截至目前执行数", "goal_progress": "总体目标完成进度", "cause": "执行偏差原因"}
	return m.table(sh, projectHeads, []string{"项目名称", "全年预算数", "截至目前执行数"}, fields, func(row int, mark func(string), get func(string) (mcell, cellAt)) {
		if len(r.Projects) >= jixiao.MaxMonitorProjects {
			if len(r.Projects) == jixiao.MaxMonitorProjects {
				m.fail(where(sh.name, row, 0, ""), "项目超过 %d 个", jixiao.MaxMonitorProjects)
				r.Projects = append(r.Projects, jixiao.MonitorProject{})
			}
			return
		}
		path := fmt.Sprintf("projects[%d]", len(r.Projects))
		var p jixiao.MonitorProject
		text := func(head string) string {
			c, _ := get(head)
			return c.shown
		}
		mark(path)
		p.Code, p.Name, p.Cause = text("项目编码"), text("项目名称"), text("执行偏差原因")
		c, at := get("全年预算数")
		if v := m.amount(at, c); v != nil {
			p.Budget = *v
		} else if c.shown == "" {
			m.fail(at, "须填写全年预算数")
		}
		c, at = get("截至目前执行数")
		if v := m.amount(at, c); v != nil {
			p.Executed = *v
		} else if c.shown == "" {
			m.fail(at, "须填写截至目前执行数（未执行填 0）")
		}
		c, at = get("总体目标完成进度")
		p.GoalProgress = m.percent(at, c)
		r.Projects = append(r.Projects, p)
	})
}

func (m *monitorReader) indicators(sh sheetRef, r *jixiao.MonitorRound) error {
	index := map[string]int{}
	for i, p := range r.Projects {
		if p.Code != "" {
			index[p.Code] = i
		}
		if _, dup := index[p.Name]; !dup {
			index[p.Name] = i
		}
	}
	items := 0
	fields := map[string]string{"level1": "一级指标", "name": "指标名称", "target": "年度指标值", "actual": "截至目前完成值", "progress": "目标完成进度", "forecast": "全年预计完成程度", "reason": "偏差原因"}
	return m.table(sh, indicatorHeads, []string{"指标名称", "目标完成进度"}, fields, func(row int, mark func(string), get func(string) (mcell, cellAt)) {
		if items++; items > m.c.lim.Items {
			if items == m.c.lim.Items+1 {
				m.fail(where(sh.name, row, 0, ""), "指标超过 %d 个", m.c.lim.Items)
			}
			return
		}
		code, _ := get("项目编码")
		name, at := get("项目名称")
		i, ok := index[code.shown]
		if !ok {
			i, ok = index[name.shown]
		}
		if !ok {
			m.fail(at, "项目“%s”不在“%s”表中（按项目编码或项目名称对应）", firstOf(code.shown, name.shown), MonitorProjects)
			return
		}
		p := &r.Projects[i]
		path := fmt.Sprintf("projects[%d].indicators[%d]", i, len(p.Indicators))
		mark(path)
		var in jixiao.MonitorIndicator
		c, _ := get("一级指标")
		in.Level1 = c.shown
		c, _ = get("指标名称")
		in.Name = c.shown
		c, at = get("年度指标值")
		in.Target = m.figure(at, c.shown)
		c, at = get("截至目前完成值")
		in.Actual = m.figure(at, c.shown)
		c, at = get("目标完成进度")
		in.Progress = m.percent(at, c)
		c, at = get("全年预计完成程度")
		in.Forecast = m.percent(at, c)
		c, _ = get("偏差原因")
		in.Reason = c.shown
		p.Indicators = append(p.Indicators, in)
	})
}

func (m *monitorReader) dispositions(sh sheetRef, r *jixiao.MonitorRound) error {
	fields := map[string]string{"project": "预警对象", "action": "处置方式", "reason": "处置理由", "date": "处置日期"}
	return m.table(sh, dispositionHeads, dispositionHeads, fields, func(row int, mark func(string), get func(string) (mcell, cellAt)) {
		if len(r.Dispositions) >= jixiao.MaxMonitorProjects {
			if len(r.Dispositions) == jixiao.MaxMonitorProjects {
				m.fail(where(sh.name, row, 0, ""), "预警处置超过 %d 条", jixiao.MaxMonitorProjects)
				r.Dispositions = append(r.Dispositions, jixiao.Disposition{})
			}
			return
		}
		path := fmt.Sprintf("dispositions[%d]", len(r.Dispositions))
		mark(path)
		var d jixiao.Disposition
		c, _ := get("预警对象")
		d.Project = c.shown
		c, at := get("处置方式")
		if err := d.Action.UnmarshalText([]byte(c.shown)); err != nil {
			m.fail(at, "%s", jixiao.ErrorMessage(err))
		}
		c, _ = get("处置理由")
		d.Reason = c.shown
		c, at = get("处置日期")
		d.Date = m.date(at, c)
		r.Dispositions = append(r.Dispositions, d)
	})
}

// isText reports whether a cell of type typ holds text.
func isText(typ string) bool { return typ == "s" || typ == "inlineStr" || typ == "str" }

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// amount reads a money cell: its exact digits when a number, else the
// text as users type it (1,234.56); nil when blank.
func (m *monitorReader) amount(at cellAt, c mcell) *decimal.Decimal {
	if c.shown == "" && c.raw == "" {
		return nil
	}
	s := c.shown
	if !isText(c.typ) && isNumber(c.raw) {
		s = denoise(c.raw)
	}
	v, err := jixiao.ParseDecimal(s)
	if err != nil {
		m.fail(at, "“%s”不是金额", c.shown)
		return nil
	}
	return &v
}

// percent reads a percentage: a number formatted as a percentage (0.45
// shown 45%), text such as “45%”, or a plain number taken as percent (45).
func (m *monitorReader) percent(at cellAt, c mcell) jixiao.Figure {
	if c.shown == "" {
		return jixiao.Figure{}
	}
	text := c.shown
	numeric := !isText(c.typ) && isNumber(c.raw)
	switch {
	case numeric && strings.HasSuffix(c.shown, "%"):
		v, err := decimal.NewFromString(denoise(c.raw))
		if err == nil {
			text = jixiao.Plain(v.Shift(2)) + "%"
		}
	case !strings.HasSuffix(text, "%") && !strings.HasSuffix(text, "％"):
		if _, err := jixiao.ParseDecimal(text); err == nil {
			text += "%"
		}
	}
	f := m.figure(at, text)
	if f.Text != "" && (!f.Numeric || f.Unit != "%" || f.Op != jixiao.OpNone) {
		m.fail(at, "“%s”应为百分数，如“45%%”", c.shown)
	}
	return f
}

func (m *monitorReader) figure(at cellAt, s string) jixiao.Figure {
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		m.fail(at, "%s", jixiao.ErrorMessage(err))
	}
	return f
}

// date reads a date: text as ParseDate accepts, or a date cell (an Excel
// serial number).
func (m *monitorReader) date(at cellAt, c mcell) jixiao.Date {
	if c.shown == "" {
		return jixiao.Date{}
	}
	if !isText(c.typ) && isNumber(c.raw) {
		n, err := strconv.ParseFloat(c.raw, 64)
		if err == nil && n >= 1 && n < 2958466 { // up to 9999-12-31
			base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
			if m.b.date1904 {
				base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			t := base.AddDate(0, 0, int(n))
			return jixiao.DateOf(t.Year(), t.Month(), t.Day())
		}
	}
	d, err := jixiao.ParseDate(c.shown)
	if err != nil {
		m.fail(at, "%s", jixiao.ErrorMessage(err))
	}
	return d
}
