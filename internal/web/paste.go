package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// Rows copied from Excel or WPS arrive as tab-separated text: one line per
// row, cells with line breaks in double quotes, merged cells as blanks
// after their first row.

// splitRows splits pasted text into rows of trimmed cells, dropping empty
// rows; lines are the line of the pasted text each row starts on, for
// messages.
func splitRows(text string) (rows [][]string, lines []int, err error) {
	rd := csv.NewReader(strings.NewReader(strings.ReplaceAll(text, "\r\n", "\n")))
	rd.Comma = '\t'
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	for {
		r, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, jixiao.Errorf(jixiao.EINVALID, "无法读取粘贴的表格：第%d行的格式不对（引号不成对？）", len(rows)+1)
		}
		line, _ := rd.FieldPos(0)
		empty := true
		for i := range r {
			r[i] = strings.TrimSpace(r[i])
			if r[i] != "" {
				empty = false
			}
		}
		if !empty {
			rows, lines = append(rows, r), append(lines, line)
		}
	}
	return rows, lines, nil
}

// indicatorColumns maps the header names of indicator tables to fields.
var indicatorColumns = map[string]string{
	"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name", "绩效指标": "name", "指标": "name",
	"年度指标值": "target", "指标值": "target", "目标值": "target", "年度目标值": "target", "预期指标值": "target", "指标目标值": "target",
	"实际完成值": "actual", "实际值": "actual", "全年实际值": "actual", "完成值": "actual", "实际完成情况": "actual",
	"分值": "weight", "权重": "weight", "得分": "score", "度量单位": "unit", "计量单位": "unit", "指标性质": "op",
	"偏差原因类别": "cause", "偏差原因": "cause",
	"偏差原因分析": "deviation", "原因分析": "deviation", "未完成原因分析": "deviation", "偏差原因分析及改进措施": "deviation",
	"改进措施": "improvement", "是否核心指标": "core",
}

// defaultIndicatorColumns is the column order of the standard 项目支出绩效
// 自评表 when the pasted rows have no header.
var defaultIndicatorColumns = []string{"level1", "level2", "name", "target", "actual", "weight", "score", "deviation"}

// parseIndicatorRows reads pasted indicator rows. A first row of known
// header names sets the columns; otherwise the standard table's order is
// used. Blank 一级/二级 cells repeat the row above (merged cells).
//
// Errors are jixiao.Problems whose Path names the line of the pasted text
// and the column in Chinese: 第3行“分值”.
func parseIndicatorRows(text string) ([]jixiao.Indicator, error) {
	rows, lines, err := splitRows(text)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "没有粘贴任何内容：请在 Excel 或 WPS 中选中指标所在的行，复制后粘贴到文本框中")
	}
	cols := defaultIndicatorColumns
	if header, ok := headerColumns(rows[0], indicatorColumns); ok {
		cols, rows, lines = header, rows[1:], lines[1:]
	}
	var items []any
	var prev1, prev2 string
	for _, r := range rows {
		m := map[string]any{}
		for i, cell := range r {
			if i >= len(cols) || cols[i] == "" || cell == "" || cell == "—" || cell == "-" {
				continue
			}
			if cols[i] == "core" {
				m["core"] = cell == "是" || cell == "√" || cell == "✓"
				continue
			}
			m[cols[i]] = cell
		}
		if m["level1"] == nil && prev1 != "" {
			m["level1"] = prev1
		}
		if m["level2"] == nil && prev2 != "" && m["level1"] == prev1 {
			m["level2"] = prev2
		}
		prev1, _ = m["level1"].(string)
		prev2, _ = m["level2"].(string)
		items = append(items, m)
	}
	data, _ := json.Marshal(items)
	var ins []jixiao.Indicator
	// Every problem at once: the decoder's (a weight that is no number)
	// and the rules of each row decoded (a row without a name).
	_, err = yamlcodec.DecodeLimits("粘贴的表格", data, &ins, yamlcodec.RequestLimits)
	var es yamlcodec.Errors
	if err != nil && !asErrors(err, &es) {
		return nil, err
	}
	ps := rowErrors(es, lines)
	for i := range ins {
		var rps jixiao.Problems
		if !asProblems(ins[i].Validate(), &rps) {
			continue
		}
		for _, p := range es.Without(prefixed(rps, fmt.Sprintf("[%d]", i))) {
			ps = append(ps, jixiao.Problem{Path: rowPlace(lines, i, yamlcodec.FieldTitle(reflect.TypeFor[jixiao.Indicator](), strings.TrimPrefix(p.Path, fmt.Sprintf("[%d].", i)))), Message: p.Message})
		}
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(a, b int) bool { return lineOf(ps[a].Path) < lineOf(ps[b].Path) })
		return nil, ps
	}
	return ins, nil
}

// prefixed puts prefix before the paths of ps (a row's problems, as the
// decoder names the row).
func prefixed(ps jixiao.Problems, prefix string) jixiao.Problems {
	out := make(jixiao.Problems, len(ps))
	for i, p := range ps {
		out[i] = jixiao.Problem{Path: prefix + "." + p.Path, Message: p.Message}
		if p.Path == "" {
			out[i].Path = prefix
		}
	}
	return out
}

// rowPlace names the line of pasted text of data row i, and a column.
func rowPlace(lines []int, i int, column string) string {
	where := fmt.Sprintf("第%d行", i+1)
	if i < len(lines) {
		where = fmt.Sprintf("第%d行", lines[i])
	}
	if column != "" {
		where += "“" + column + "”"
	}
	return where
}

// lineOf reads the line back from a place (for sorting).
func lineOf(place string) int {
	var n int
	fmt.Sscanf(place, "第%d行", &n)
	return n
}

// rowErrors turns decoder errors about "[3].target" into problems about
// the line of the fourth pasted row, naming the column in Chinese.
func rowErrors(es yamlcodec.Errors, lines []int) jixiao.Problems {
	var ps jixiao.Problems
	for _, e := range es {
		var i int
		where := "粘贴的表格"
		msg := e.Message
		if _, serr := fmt.Sscanf(e.Path, "[%d]", &i); serr == nil {
			where = rowPlace(lines, i, e.Field)
			if e.Field != "" && strings.HasPrefix(msg, "缺少必填字段") {
				msg = "不能为空" // the decoder names the field by its key, the place by its column
			}
		}
		ps = append(ps, jixiao.Problem{Path: where, Message: msg})
	}
	return ps
}

// headerColumns recognises a header row: every non-blank cell a known
// name, at least two of them.
func headerColumns(r []string, names map[string]string) ([]string, bool) {
	cols := make([]string, len(r))
	known := 0
	for i, c := range r {
		c = strings.NewReplacer(" ", "", "　", "", "（", "(", "）", ")").Replace(c)
		c, _, _ = strings.Cut(c, "(")
		if c == "" {
			continue
		}
		f, ok := names[c]
		if !ok {
			return nil, false
		}
		cols[i] = f
		known++
	}
	return cols, known >= 2
}

// budgetRows maps the row labels of a 收支预决算 table to stage fields;
// income sources are recognised by jixiao.IncomeSource.
var budgetRows = map[string]string{
	"收入合计": "income_total", "本年收入合计": "income_total", "收入总计": "income_total", "总收入": "income_total",
	"支出合计": "expenditure_total", "本年支出合计": "expenditure_total", "支出总计": "expenditure_total", "总支出": "expenditure_total",
	"基本支出": "basic", "人员经费": "personnel", "其中：人员经费": "personnel", "公用经费": "public", "其中：公用经费": "public",
	"项目支出": "project", "年末结转和结余": "carryover", "结转和结余": "carryover", "结转结余": "carryover", "年末结转结余": "carryover",
}

var stageHeaders = map[string]string{
	"年初预算": "initial", "年初预算数": "initial", "预算数": "initial", "调整预算": "adjusted", "调整预算数": "adjusted", "全年预算数": "adjusted",
	"调整后预算": "adjusted", "决算": "final", "决算数": "final", "全年执行数": "final", "执行数": "final", "实际支出": "final",
}

// applyBudgetRows fills a budget from a pasted table whose rows are items
// (收入来源, 合计, 支出类别) and whose columns are the three stages (年初预算,
// 调整预算, 决算; a header row may name them in another order). Income
// lines of a stage are replaced by the pasted ones.
func applyBudgetRows(b *jixiao.Budget, text string) error {
	rows, lines, err := splitRows(text)
	if err != nil {
		return err
	}
	stages := []string{"initial", "adjusted", "final"}
	if len(rows) > 0 {
		if cols, ok := headerColumns(rows[0][1:], stageHeaders); ok {
			stages, rows, lines = cols, rows[1:], lines[1:]
		}
	}
	if len(rows) == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "没有粘贴任何内容：请复制收支表中项目名称和各阶段金额所在的行")
	}
	var ps jixiao.Problems
	incomes := map[string][]jixiao.IncomeLine{}
	for n, r := range rows {
		label := strings.NewReplacer(" ", "", "　", "").Replace(r[0])
		label = numbering.ReplaceAllString(label, "")
		field, isTotal := budgetRows[label]
		var src jixiao.IncomeSource
		if !isTotal {
			if err := src.UnmarshalText([]byte(label)); err != nil {
				ps = append(ps, jixiao.Problem{Path: fmt.Sprintf("第%d行", lines[n]), Message: fmt.Sprintf("无法识别“%s”：应为收入来源（如一般公共预算财政拨款收入）、收入合计、支出合计、基本支出、人员经费、公用经费、项目支出或结转和结余", r[0])})
				continue
			}
		}
		for i, cell := range r[1:] {
			if i >= len(stages) || stages[i] == "" || cell == "" || cell == "—" || cell == "-" {
				continue
			}
			d, err := jixiao.ParseDecimal(cell)
			if err != nil {
				ps = append(ps, jixiao.Problem{Path: fmt.Sprintf("第%d行第%d列", lines[n], i+2), Message: fmt.Sprintf("金额应为数字，实际为“%s”", cell)})
				continue
			}
			st := stage(b, stages[i])
			if isTotal {
				setStageField(st, field, d)
			} else {
				incomes[stages[i]] = append(incomes[stages[i]], jixiao.IncomeLine{Source: src, Label: r[0], Amount: &d})
			}
		}
	}
	if len(ps) > 0 {
		return ps
	}
	for name, lines := range incomes {
		stage(b, name).Income = lines
	}
	return nil
}

// numbering matches the numbers tables put before row names: 一、 （一） (1) 1.
var numbering = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.．、])`)

func stage(b *jixiao.Budget, name string) *jixiao.BudgetStage {
	p := map[string]**jixiao.BudgetStage{"initial": &b.Initial, "adjusted": &b.Adjusted, "final": &b.Final}[name]
	if *p == nil {
		*p = &jixiao.BudgetStage{}
	}
	return *p
}

// setStageField sets the amount field of st named as in the case file.
func setStageField(st *jixiao.BudgetStage, name string, d decimal.Decimal) {
	v := reflect.ValueOf(st).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag == name {
			v.Field(i).Set(reflect.ValueOf(&d))
			return
		}
	}
}

// pasteBudget fills the budget from pasted rows and saves it.
func (w *Web) pasteBudget(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	ev := *v.Evaluation
	b := jixiao.Budget{}
	if ev.Budget != nil {
		b = *ev.Budget
		for _, p := range []**jixiao.BudgetStage{&b.Initial, &b.Adjusted, &b.Final} {
			if *p != nil {
				c := **p
				*p = &c
			}
		}
	}
	err = applyBudgetRows(&b, r.FormValue("rows"))
	if err == nil {
		ev.Budget = &b
		_, err = w.Evaluations.UpdateEvaluation(r.Context(), v.ID(), version, &ev)
	}
	if userError(err) {
		// The page again, the pasted text in its box and each problem
		// above it; nothing is saved.
		def := sections["budget"]
		fields := buildForm(v.Evaluation, sectionSpec(def))
		v.annotate(fields, "")
		w.renderSectionPaste(rw, r, formStatus(err), v, "budget", def, fields, nil, r.FormValue("rows"), pasteMessages(err))
		return nil
	}
	if err != nil {
		return err
	}
	w.flash(r, "已从粘贴的表格更新收支预决算，请核对")
	return redirect(rw, r, fmt.Sprintf("/evaluations/%d/section/budget", v.ID()))
}

// pasteState is pasted text (Kind "paste") or a new indicator's form
// (Kind "add") that was refused, with its problems, shown again in the
// form it came from.
type pasteState struct {
	Kind    string
	Owner   string // goal_id or project_id (the indicators' owner)
	OwnerID int64
	Text    string
	Values  url.Values // the add form's fields
	Errors  []string
}

// PasteFor is the refused paste of the indicators of an owner, if any.
func (v *evalView) PasteFor(owner string, id int64) *pasteState { return v.refused("paste", owner, id) }

// AddFor is the refused new indicator of an owner, if any.
func (v *evalView) AddFor(owner string, id int64) *pasteState { return v.refused("add", owner, id) }

// NewGoal is the refused new sub-goal, if any.
func (v *evalView) NewGoal() *pasteState { return v.refused("goal", "", 0) }

// NewProject is the refused new project, if any.
func (v *evalView) NewProject() *pasteState { return v.refused("project", "", 0) }

func (v *evalView) refused(kind, owner string, id int64) *pasteState {
	if v.paste != nil && v.paste.Kind == kind && v.paste.Owner == owner && v.paste.OwnerID == id {
		return v.paste
	}
	return nil
}

// pasteMessages lists the problems of pasted rows, each with its line and
// column: "第3行“分值”：应为数字".
func pasteMessages(err error) []string {
	var ps jixiao.Problems
	if !asProblems(err, &ps) {
		return []string{jixiao.ErrorMessage(err)}
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strings.TrimPrefix(p.Path+"：", "：") + p.Message
	}
	return out
}
