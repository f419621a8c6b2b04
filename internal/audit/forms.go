package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A self-evaluation form flattened into a report's text (cells separated
// by spaces, tabs, "|" or line breaks) still prints each block's cap —
// "产出指标（50分）" — and ends each indicator row with its 分值 and 得分.
// capsOfForms adds up the 分值 of each block's rows against its cap (T05):
// within a block, every row's last two bare numbers are its 分值 and 得分,
// and a block is read only when every row gives both.

// capRe is a block label with its cap, as one cell: 产出指标（50分）.
var capRe = regexp.MustCompile(`^([\p{Han}]{2,8}指标)[（(]([0-9]+(?:\.[0-9]+)?)分[）)]$`)

// bareNumber is a cell holding only a number.
var bareNumber = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?$`)

type formCell struct {
	text string
	para int // 0-based
}

// formCells are the document's words as a flattened form's cells: split
// at spaces, tabs, "|" and line breaks.
func (a *auditor) formCells() []formCell {
	if a.cells == nil {
		a.cells = []formCell{}
		for i, p := range a.doc.Paragraphs {
			for _, c := range strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '\t' || r == '|' || r == '\u3000' }) {
				a.cells = append(a.cells, formCell{c, i})
			}
		}
	}
	return a.cells
}

// weighted reports whether the form whose block label is cell i has a
// column of points (分值, 权重): its header, the cells before the nearest
// 得分 above the label, names one. A form with 年初目标值, 实际完成值 and 得分
// only has no weights: its rows' figures are targets and actuals.
func weighted(cells []formCell, i int) bool {
	for j := i - 1; j >= max(0, i-400); j-- {
		if cells[j].text != "得分" {
			continue
		}
		for k := j - 1; k >= max(0, j-12); k-- {
			if containsAny(cells[k].text, []string{"分值", "权重", "标准分", "满分"}) {
				return true
			}
		}
		return false
	}
	return true
}

func (a *auditor) capsOfForms() {
	cells := a.formCells()
	for i := 0; i < len(cells); i++ {
		m := capRe.FindStringSubmatch(cells[i].text)
		if m == nil || m[1] == "绩效指标" {
			continue // 绩效指标（90分） caps the whole table, not a block
		}
		if !weighted(cells, i) {
			continue
		}
		cp, _ := decimal.NewFromString(m[2])
		j := i + 1
		var weights []decimal.Decimal
		var run []string
		ok := true
		flush := func() {
			switch {
			case len(run) == 0:
			case len(run) == 1:
				ok = false // a row without its 得分, or a stray figure
			default:
				w, _ := decimal.NewFromString(run[len(run)-2])
				s, _ := decimal.NewFromString(run[len(run)-1])
				if s.GreaterThan(w) {
					ok = false // not 分值 then 得分
				}
				weights = append(weights, w)
			}
			run = run[:0]
		}
		for ; j < len(cells); j++ {
			t := cells[j].text
			if capRe.MatchString(t) || strings.HasPrefix(t, "总分") || strings.HasPrefix(t, "合计") {
				break
			}
			if bareNumber.MatchString(t) {
				run = append(run, t)
				continue
			}
			flush()
		}
		flush()
		if !ok || len(weights) < 2 {
			continue
		}
		sum := decimal.Zero
		var terms []string
		for _, w := range weights {
			sum = sum.Add(w)
			terms = append(terms, jixiao.Plain(w))
		}
		a.checked["T05"]++
		if sum.Equal(cp) {
			continue
		}
		a.add(a.line(cells[i].para), "T05", jixiao.SeverityError, fmt.Sprintf("表中“%s”下%d个指标的分值之和为%s（%s），与所印%s分不符", cells[i].text, len(weights), jixiao.Plain(sum),
			strings.Join(terms, " + "), jixiao.Plain(cp)), []jixiao.Number{{Name: "所印分值", Value: cells[i].text}, {Name: "分值之和", Value: jixiao.Plain(sum)}})
	}
}

// A form's budget row flattened into the text keeps its column headers in
// order (年初预算数 全年预算数 全年执行数 分值 执行率 得分) and each row's
// label and values after them ("年度资金总额 861.10 2030.12 2030.12 10 100%
// 10"). ratesOfForms pairs each value with its header and checks the stated
// 执行率 against 执行数 / 全年预算数 (T08).

// formColumns name the columns of a form's budget block.
var formColumns = map[string]string{
	"年初预算数": "initial", "年初预算": "initial",
	"全年预算数": "adjusted", "调整后预算数": "adjusted", "调整预算数": "adjusted", "全年预算": "adjusted",
	"全年执行数": "final", "预算执行数": "final", "执行数": "final", "预算数": "adjusted",
	"执行率": "rate", "预算执行率": "rate",
	"分值": "max", "权重": "max", "得分": "score", "自评得分": "score", "执行率得分": "score", "原因": "cause",
}

// formRowLabels start a row of the budget block.
var formRowLabels = []string{"年度资金总额", "资金总额", "总额", "合计", "其中：", "其中:", "财政资金", "财政拨款", "当年财政拨款", "本年财政拨款"}

func (a *auditor) ratesOfForms() {
	cells := a.formCells()
	for i := 0; i < len(cells); i++ {
		// A run of at least three column headers, one of them 执行率.
		var cols []string
		j := i
		for ; j < len(cells); j++ {
			role, ok := formColumns[headerName(cells[j].text)]
			if !ok {
				break
			}
			cols = append(cols, role)
		}
		amounts := 0
		for _, c := range cols {
			if c == "initial" || c == "adjusted" || c == "final" {
				amounts++
			}
		}
		if amounts < 2 {
			continue
		}
		i = j - 1
		// The rows after it, within the next cells: a label, then values.
		// Values right after the header, before any label, are the
		// total's, whose label a spreadsheet's export may print after its
		// rows.
		var rows []budgetRow
		if vals := rowValues(cells, j-1, cols); len(vals) > 0 {
			rows = append(rows, budgetRow{cells[j-1], vals, true})
		}
		for k := j; k < len(cells) && k < j+60; k++ {
			label := cells[k].text
			isTotal := startsWithAny(label, formTotalLabels)
			if !isTotal && !startsWithAny(label, formRowLabels) && !strings.HasSuffix(label, "资金总额") && !sourceLabel(label) && !figuredRow(cells, k, cols, len(rows)) {
				if _, unit := cellNumber(label); len(rows) > 0 && !unit && !bareNumber.MatchString(strings.TrimRight(label, "%％")) && !blankCell(label) {
					// A row of text within the block ends it once a row
					// of figures was read: the block is over.
					if _, in := formColumns[headerName(label)]; !in && len(rows) > 1 {
						break
					}
				}
				continue
			}
			vals := rowValues(cells, k, cols)
			a.formRate(cells[k], vals, len(vals) == len(cols))
			rows = append(rows, budgetRow{cells[k], vals, isTotal})
		}
		if !a.readAsForm(cells[i].para) {
			a.sourcesAgainst(rows)
		}
	}
}

// figuredRow reports whether cells[k], inside a budget block that has
// rows already, is the label of a row of its own figures though not named
// like a source ("彩票公益金用于医疗救助 | 0 | 0 | 100%"): words, then a
// figure for every column up to the rate.
func figuredRow(cells []formCell, k int, cols []string, rows int) bool {
	label := cells[k].text
	if rows == 0 || strings.Contains(label, "指标") || !allHan(strings.Trim(label, "（）()：:、")) {
		return false
	}
	r := slices.Index(cols, "rate")
	return r > 0 && len(rowValues(cells, k, cols)) > r
}

// readAsForm reports whether paragraph p (0-based) is in a table that
// tables read whole as a form, whose sums were checked there.
func (a *auditor) readAsForm(p int) bool {
	return slices.ContainsFunc(a.forms, func(f [2]int) bool { return f[0] <= p && p < f[1] })
}

// budgetRow is a row of a form's budget block: its label, its values by
// column, and whether it is the total (年度资金总额).
type budgetRow struct {
	label formCell
	vals  map[string]formCell
	total bool
}

// formTotalLabels start the total row of a budget block.
var formTotalLabels = []string{"年度资金总额", "资金总额", "总额", "合计"}

// sourceLabel reports whether a label names a source of funds in a budget
// block: 其中：…, …资金, …拨款, …补助, with or without a note in brackets.
func sourceLabel(label string) bool {
	l := strings.TrimRight(label, "：:")
	// A note in brackets after the name: 本级资金（包括结转结余）.
	if strings.HasSuffix(l, "）") || strings.HasSuffix(l, ")") {
		if i := strings.LastIndexAny(l, "（("); i > 0 {
			l = l[:i]
		}
	}
	return strings.HasPrefix(l, "其中") || strings.HasSuffix(l, "资金") || strings.HasSuffix(l, "拨款") || strings.HasSuffix(l, "补助")
}

// rowValues reads the values after the label at cells[k], aligned to the
// columns cols.
func rowValues(cells []formCell, k int, cols []string) map[string]formCell {
	var row []formCell
	v := k + 1
	// A note in brackets after the label ("其他资金 （包括以前年度结转资
	// 金）") is part of the label.
	if v < len(cells) && (strings.HasPrefix(cells[v].text, "（") || strings.HasPrefix(cells[v].text, "(")) {
		for v < len(cells) && v < k+8 && !strings.HasSuffix(cells[v].text, "）") && !strings.HasSuffix(cells[v].text, ")") {
			v++
		}
		v++
	}
	for ; v < len(cells) && len(row) < len(cols); v++ {
		c := cells[v]
		if n, ok := cellNumber(c.text); ok {
			c.text = n // "3359.62万" under a header in 万元
		}
		t := strings.TrimSuffix(strings.TrimSuffix(c.text, "%"), "％")
		if !bareNumber.MatchString(t) && !blankCell(c.text) {
			break
		}
		row = append(row, c)
	}
	// Empty cells leave no trace in flattened text: when the row is short,
	// the per cent is the 执行率 and fixes where it starts.
	off := 0
	if len(row) < len(cols) {
		r := slices.Index(cols, "rate")
		for v, c := range row {
			if strings.HasSuffix(c.text, "%") || strings.HasSuffix(c.text, "％") {
				off = max(0, min(r-v, len(cols)-len(row)))
				break
			}
		}
	}
	vals := map[string]formCell{}
	for v, c := range row {
		vals[cols[v+off]] = c
	}
	return vals
}

// sourcesAgainst checks each amount column of a budget block: the sources
// (其中：中央补助, 地方资金, 其他资金 …) against the total row (T01). A source
// row without figures counts as nothing; a row with some figures but not
// this column's leaves the column unread.
func (a *auditor) sourcesAgainst(rows []budgetRow) {
	t := slices.IndexFunc(rows, func(r budgetRow) bool { return r.total })
	if t < 0 || len(rows)-t-1 < 2 {
		return // the total and at least two rows of sources
	}
	total, sources := rows[t], rows[t+1:]
	// One finding for the block, naming each column that does not add up.
	var gaps []string
	var nums []jixiao.Number
	var also []int
	at := -1
	for _, col := range []string{"initial", "adjusted", "final", "amount"} {
		tv, ok := total.vals[col]
		if !ok || blankCell(tv.text) {
			continue
		}
		want, err := decimal.NewFromString(tv.text)
		if err != nil {
			continue
		}
		sum, places := decimal.Zero, decimalPlaces(tv.text)
		var terms []string
		var cellParas []int
		read := true
		n := 0
		for _, r := range sources {
			if r.total {
				break
			}
			c, has := r.vals[col]
			if len(r.vals) == 0 || has && blankCell(c.text) {
				continue
			}
			v, err := decimal.NewFromString(c.text)
			if !has || err != nil {
				read = false
				break
			}
			sum = sum.Add(v)
			places = max(places, decimalPlaces(c.text))
			terms = append(terms, c.text)
			cellParas = append(cellParas, c.para+1)
			n++
		}
		// Sources all zero or blank under a positive total: the row that
		// holds the money is elsewhere (a form extracted out of order).
		if !read || n < 1 || sum.IsZero() {
			continue
		}
		a.checked["T01"]++
		diff := sum.Sub(want).Abs()
		if diff.LessThanOrEqual(decimal.New(5, -places-1).Mul(decimal.NewFromInt(int64(n + 1)))) {
			continue
		}
		name := map[string]string{"initial": "年初预算数", "adjusted": "全年预算数", "final": "全年执行数", "amount": "金额"}[col]
		gaps = append(gaps, fmt.Sprintf("%s为%s，其下各资金来源之和为%s（%s）", name, tv.text, jixiao.Plain(sum), strings.Join(terms, " + ")))
		nums = append(nums, jixiao.Number{Name: name, Value: tv.text}, jixiao.Number{Name: name + "来源之和", Value: jixiao.Plain(sum)})
		if at < 0 {
			at = tv.para
		}
		also = append(also, cellParas...)
	}
	if len(gaps) > 0 {
		// The finding names the source rows' lines too.
		also = append([]int{total.label.para + 1}, also...)
		slices.Sort(also)
		a.add(a.line(at), "T01", jixiao.SeverityError, fmt.Sprintf("表中“%s”的%s", strings.TrimRight(total.label.text, "：:"), strings.Join(gaps, "；")), nums, slices.Compact(also)...)
	}
}

// formRate checks one row's stated rate against its amounts.
// A rate without its sign is read only in a row with a value for every
// column (full): in a short row the figures' columns are not known.
func (a *auditor) formRate(label formCell, vals map[string]formCell, full bool) {
	rate, fin := vals["rate"], vals["final"]
	base, baseName := vals["adjusted"], "全年预算数"
	if base.text == "" || blankCell(base.text) {
		base, baseName = vals["initial"], "年初预算数"
	}
	// A rate without its sign ("执行率（B/A）" over "20") is a per cent
	// too: it is wrong only when read either way it disagrees.
	bare := full && bareNumber.MatchString(rate.text)
	if rate.text == "" || !strings.HasSuffix(rate.text, "%") && !bare || fin.text == "" || blankCell(fin.text) || base.text == "" || blankCell(base.text) {
		return
	}
	stated, places, ok := statedPercent(rate.text)
	f, err1 := decimal.NewFromString(fin.text)
	b, err2 := decimal.NewFromString(base.text)
	if !ok || err1 != nil || err2 != nil || !b.IsPositive() {
		return
	}
	a.checked["T08"]++
	got, agrees := percentAgrees(f, b, stated, places, cellSlack(fin.text), cellSlack(base.text))
	if !agrees && bare {
		// "0.2" for 20%; "0.1" for 14.46%, a ratio to one decimal (to
		// tens of per cent). A bare "1" is 100% as written.
		ratioPlaces := places - 2
		if places == 0 {
			ratioPlaces = 0
		}
		_, agrees = percentAgrees(f, b, stated.Shift(2), ratioPlaces, cellSlack(fin.text), cellSlack(base.text))
	}
	if agrees {
		return
	}
	a.add(a.line(rate.para), "T08", jixiao.SeverityError, fmt.Sprintf("表中“%s”一行：全年执行数%s / %s%s = %s%%，与所填执行率%s不符", label.text, fin.text, baseName, base.text,
		jixiao.Fixed(got, max(places, 2)), rate.text),
		[]jixiao.Number{{Name: baseName, Value: base.text}, {Name: "全年执行数", Value: fin.text}, {Name: "执行率", Value: rate.text}}, label.para+1)
}

// headerName is a column header without its bracketed tag or unit
// ("全年预算数（A）", "年度预算数（万元）").
func headerName(s string) string {
	if i := strings.IndexAny(s, "（("); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// staffControl checks a form's 人员控制率 flattened into the text: "编制数
// 实际在职人数 控制率 46 50 108.70%" — 实际在职人数 ÷ 编制数 (T03).
func (a *auditor) staffControl() {
	cells := a.formCells()
	for i := 3; i+3 < len(cells); i++ {
		if !strings.HasSuffix(cells[i].text, "控制率") {
			continue
		}
		quota, staff := false, false
		for _, c := range cells[max(0, i-4):i] {
			quota = quota || strings.Contains(c.text, "编制")
			staff = staff || strings.Contains(c.text, "在职") || strings.Contains(c.text, "实有")
		}
		q, n, r := cells[i+1], cells[i+2], cells[i+3]
		if !quota || !staff || !bareNumber.MatchString(q.text) || !bareNumber.MatchString(n.text) || !strings.HasSuffix(r.text, "%") {
			continue
		}
		qd, _ := decimal.NewFromString(q.text)
		nd, _ := decimal.NewFromString(n.text)
		stated, places, ok := statedPercent(r.text)
		if !ok || !qd.IsPositive() {
			continue
		}
		a.checked["T03"]++
		got, agrees := percentAgrees(nd, qd, stated, places, decimal.Zero, decimal.Zero)
		if agrees {
			continue
		}
		a.add(a.line(r.para), "T03", jixiao.SeverityError, fmt.Sprintf("表中人员控制率：实际在职人数%s ÷ 编制数%s = %s%%，与所填%s不符", n.text, q.text, jixiao.Fixed(got, max(places, 2)), r.text),
			[]jixiao.Number{{Name: "编制数", Value: q.text}, {Name: "实际在职人数", Value: n.text}, {Name: "控制率", Value: r.text}})
	}
}

// A table by year flattened into the text ("2023年决算数 2024年预算数
// 2024年决算数", then "项目支出： 1505.3 1377.9 1369.3 1、… 1049.4 960.00
// 958.7 2、…"): columnsOfForms adds up, column by column, the numbered rows
// under a row and compares them with it (T01). Rows with a cell left out
// cannot be placed in their columns: such a group is not read.

// yearColumnRe is a column of a table by year.
var yearColumnRe = regexp.MustCompile(`^(?:19|20)[0-9]{2}年(?:决算数|预算数|执行数)$`)

// numberedRow is a row label numbered as an item: "1、", "5.".
var numberedRow = regexp.MustCompile(`^[0-9]+[、.．]`)

type formRow struct {
	label formCell
	vals  []formCell
}

func (a *auditor) columnsOfForms() {
	cells := a.formCells()
	for i := 0; i < len(cells); i++ {
		k := 0
		for i+k < len(cells) && yearColumnRe.MatchString(cells[i+k].text) {
			k++
		}
		if k < 2 {
			continue
		}
		header := cells[i : i+k]
		// The rows after the header: a label and its figures.
		var rows []formRow
		j := i + k
		for j < len(cells) && len(rows) < 100 {
			if bareNumber.MatchString(cells[j].text) {
				break // figures without a label: not this table's shape
			}
			r := formRow{label: cells[j]}
			j++
			for j < len(cells) && bareNumber.MatchString(cells[j].text) {
				r.vals = append(r.vals, cells[j])
				j++
			}
			if len(r.vals) > k {
				break
			}
			rows = append(rows, r)
		}
		i = j - 1
		for n := 0; n < len(rows); n++ {
			if len(rows[n].vals) != k || numberedRow.MatchString(rows[n].label.text) {
				continue
			}
			var items []formRow
			m := n + 1
			for ; m < len(rows); m++ {
				if len(rows[m].vals) == 0 {
					continue // a sub-label without figures (其中：公车购置)
				}
				if !numberedRow.MatchString(rows[m].label.text) {
					break
				}
				items = append(items, rows[m])
			}
			complete := len(items) >= 2
			for _, it := range items {
				complete = complete && len(it.vals) == k
			}
			if complete {
				a.columnSums(header, rows[n], items, k)
			}
		}
	}
}

// columnSums compares each column of a total row with its items'.
func (a *auditor) columnSums(header []formCell, total formRow, items []formRow, k int) {
	for c := 0; c < k; c++ {
		tv, _ := decimal.NewFromString(total.vals[c].text)
		sum, places := decimal.Zero, decimalPlaces(total.vals[c].text)
		var terms []string
		for _, it := range items {
			v, _ := decimal.NewFromString(it.vals[c].text)
			sum = sum.Add(v)
			places = max(places, decimalPlaces(it.vals[c].text))
			terms = append(terms, it.vals[c].text)
		}
		a.checked["T01"]++
		diff := sum.Sub(tv).Abs()
		if diff.LessThanOrEqual(decimal.New(5, -places-1).Mul(decimal.NewFromInt(int64(len(items) + 1)))) {
			continue
		}
		col := ""
		if c < len(header) {
			col = header[c].text
		}
		a.add(a.line(total.vals[c].para), "T01", jixiao.SeverityError, fmt.Sprintf("表中“%s”%s：所列%d项之和%s（%s）≠ %s，相差%s", strings.TrimRight(total.label.text, "：:"), col, len(items),
			jixiao.Fixed(sum, places), strings.Join(terms, " + "), total.vals[c].text, jixiao.Fixed(diff, places)),
			[]jixiao.Number{{Name: "所述合计", Value: total.vals[c].text}, {Name: "各项之和", Value: jixiao.Fixed(sum, places)}})
	}
}

// A form read from a Word table keeps one row a line, its cells separated
// by tabs or "|": each indicator row ends with its 分值 and 得分, the
// budget row with 分值, 执行率 and 得分, and the last row gives 总分 with
// the full mark and the score ("其他需要说明事项 无 总分 100 96 优").
// rowScores adds up the rows between the header that names 分值 and 得分
// and that last row, and compares both sums with it (T05).

// rowCells splits a line of a table into its cells.
func rowCells(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '\t' || r == '|' })
}

// rowPair is a row's 分值 and 得分: its last two numbers when they are the
// last two numeric cells, next to each other or around a per cent (分值,
// 执行率, 得分).
func rowPair(cells []string) (w, s decimal.Decimal, ok bool) {
	last := -1
	for i := len(cells) - 1; i >= 0; i-- {
		t := strings.TrimSpace(cells[i])
		if bareNumber.MatchString(t) {
			last = i
			break
		}
		if strings.ContainsAny(t, "0123456789") {
			return w, s, false // a figure after the pair: not a scored row
		}
	}
	if last < 1 {
		return w, s, false
	}
	prev := last - 1
	if pc := strings.TrimSpace(cells[prev]); strings.HasSuffix(pc, "%") && prev > 0 {
		prev--
	}
	if !bareNumber.MatchString(strings.TrimSpace(cells[prev])) {
		return w, s, false
	}
	w, _ = decimal.NewFromString(strings.TrimSpace(cells[prev]))
	s, _ = decimal.NewFromString(strings.TrimSpace(cells[last]))
	return w, s, true
}

func (a *auditor) rowScores() {
	ps := a.doc.Paragraphs
	for i := 0; i < len(ps); i++ {
		head := rowCells(ps[i])
		wi, si := slices.Index(head, "分值"), slices.Index(head, "得分")
		if wi < 0 || si < wi {
			continue
		}
		// The 总分 row within the next 60 lines.
		end, full, got := -1, decimal.Zero, decimal.Zero
		for j := i + 1; j < len(ps) && j <= i+60 && end < 0; j++ {
			cells := rowCells(ps[j])
			for k, c := range cells {
				if (strings.TrimSpace(c) == "总分" || strings.TrimSpace(c) == "合计") && k+2 < len(cells) &&
					bareNumber.MatchString(strings.TrimSpace(cells[k+1])) && bareNumber.MatchString(strings.TrimSpace(cells[k+2])) {
					end = j
					full, _ = decimal.NewFromString(strings.TrimSpace(cells[k+1]))
					got, _ = decimal.NewFromString(strings.TrimSpace(cells[k+2]))
					break
				}
			}
		}
		if end < 0 || !full.IsPositive() {
			continue
		}
		if a.readAsForm(end) {
			i = end
			continue // read whole as a form, its sums checked there
		}
		var ws, ss []decimal.Decimal
		bad := false
		// In the budget block (under 全年执行数) only the row with the
		// 执行率 is scored; the others are amounts.
		budget := slices.ContainsFunc(head, func(c string) bool { return strings.Contains(c, "执行数") })
		for j := i + 1; j < end; j++ {
			cells := rowCells(ps[j])
			if slices.ContainsFunc(cells, func(c string) bool { return strings.Contains(c, "一级指标") || strings.Contains(c, "指标值") }) {
				budget = false
			}
			if budget && !slices.ContainsFunc(cells, func(c string) bool { return strings.HasSuffix(strings.TrimSpace(c), "%") }) {
				continue
			}
			w, s, ok := rowPair(cells)
			if ok && w.GreaterThan(full) {
				continue // amounts, not scores
			}
			if !ok {
				// A score alone on a line, or a row whose figures cannot be
				// placed (a merged cell spilt over lines): the rows cannot
				// be told apart.
				if slices.ContainsFunc(cells, func(c string) bool {
					v, err := decimal.NewFromString(strings.TrimSpace(c))
					return err == nil && !v.GreaterThan(full)
				}) {
					bad = true
					break
				}
				continue
			}
			if s.GreaterThan(w) {
				bad = true // not 分值 then 得分
				break
			}
			ws, ss = append(ws, w), append(ss, s)
		}
		i = end
		if bad || len(ws) < 3 {
			continue
		}
		at := a.line(end)
		for _, c := range []struct {
			what   string
			vals   []decimal.Decimal
			stated decimal.Decimal
		}{{"分值", ws, full}, {"得分", ss, got}} {
			sum := decimal.Zero
			var terms []string
			for _, v := range c.vals {
				sum = sum.Add(v)
				terms = append(terms, jixiao.Plain(v))
			}
			a.checked["T05"]++
			if sum.Equal(c.stated) {
				continue
			}
			a.add(at, "T05", jixiao.SeverityError, fmt.Sprintf("表中%d行的%s之和为%s（%s），与总分一行所填%s不符", len(c.vals), c.what, jixiao.Plain(sum), strings.Join(terms, " + "), jixiao.Plain(c.stated)),
				[]jixiao.Number{{Name: "总分行" + c.what, Value: jixiao.Plain(c.stated)}, {Name: c.what + "之和", Value: jixiao.Plain(sum)}})
		}
	}
}

// A form flattened a cell a line keeps its empty cells as empty lines
// ("|" alone), so its rows can be rebuilt from the header's width: after
// "一级指标 | 二级指标 | … | 权重 | 得分 | 未完成原因分析 |" come the rows,
// each as many lines, until the 合计 row. weightColumns adds up the 权重
// (分值) column against the cap printed above the header ("绩效指标（90分）")
// and against the 合计 row with the budget block's cap ("预算执行情况（10分）")
// (T05).

// indicatorHeaders are the column headers of a form's indicator block.
var indicatorHeaders = map[string]bool{"一级指标": true, "二级指标": true, "三级指标": true, "指标性质": true, "指标值": true, "度量单位": true,
	"完成值": true, "实际完成值": true, "年度指标值": true, "全年实际值": true, "权重": true, "分值": true, "得分": true, "未完成原因分析": true,
	"偏差原因分析及改进措施": true, "未完成原因分析及改进措施": true, "指标方向": true, "计量单位": true}

// blockCapRe is a cap printed for a block: "绩效指标（90分）", "预算执行情况（10分）".
var blockCapRe = regexp.MustCompile(`^(绩效指标|预算执行情况|预算执行率|资金执行情况)[（(]([0-9]+)分[）)]$`)

func (a *auditor) weightColumns() {
	ps := a.doc.Paragraphs
	cell := func(i int) string { return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ps[i]), "|")) }
	exec := a.budgetCap()
	for i := 0; i < len(ps); i++ {
		k := 0
		for i+k < len(ps) && indicatorHeaders[cell(i+k)] {
			k++
		}
		col := -1
		for c := range k {
			if h := cell(i + c); h == "权重" || h == "分值" {
				col = c
			}
		}
		if k < 5 || col < 0 || !strings.HasSuffix(strings.TrimSpace(ps[i]), "|") {
			i += k
			continue
		}
		capAt, capV := -1, decimal.Zero
		for b := i - 1; b >= 0 && b >= i-2; b-- {
			if m := blockCapRe.FindStringSubmatch(cell(b)); m != nil && m[1] == "绩效指标" {
				capAt = b
				capV, _ = decimal.NewFromString(m[2])
			}
		}
		var weights []decimal.Decimal
		var terms []string
		r := i + k
		ok := true
		for ; r+k <= len(ps) && len(weights) < 100; r += k {
			first := cell(r)
			if first == "合计" || first == "总分" {
				break
			}
			w := cell(r + col)
			if w == "" {
				continue // a row without its weight
			}
			v, err := decimal.NewFromString(w)
			if err != nil || !strings.HasSuffix(strings.TrimSpace(ps[r+k-1]), "|") {
				ok = false
				break
			}
			weights = append(weights, v)
			terms = append(terms, w)
		}
		if !ok || len(weights) < 2 || r >= len(ps) {
			i = r
			continue
		}
		sum := decimal.Zero
		for _, w := range weights {
			sum = sum.Add(w)
		}
		if capAt >= 0 {
			a.weightsAgainstCap(capAt, cell(capAt), capV, sum, terms)
		}
		if cell(r) == "合计" || cell(r) == "总分" {
			a.weightsAgainstTotal(r, cell(r+1), exec, sum)
		}
		i = r
	}
}

// budgetCap is the cap printed for a form's budget block ("预算执行情况
// （10分）"), in the first cell of any line, with the cell as printed.
func (a *auditor) budgetCap() formCell {
	var found formCell
	for i, p := range a.doc.Paragraphs {
		first, _, _ := strings.Cut(strings.TrimSpace(p), "|")
		first, _, _ = strings.Cut(first, "\t")
		if m := blockCapRe.FindStringSubmatch(strings.TrimSpace(first)); m != nil && m[1] != "绩效指标" {
			found = formCell{text: strings.TrimSpace(first), para: i}
		}
	}
	return found
}

// weightsAgainstCap compares the weights of a block's rows with the cap
// printed for the block (line at, label as printed) (T05).
func (a *auditor) weightsAgainstCap(at int, label string, capV, sum decimal.Decimal, terms []string) {
	a.checked["T05"]++
	if sum.Equal(capV) {
		return
	}
	a.add(a.line(at), "T05", jixiao.SeverityError, fmt.Sprintf("表中“%s”下%d行的权重之和为%s（%s），与所印%s分不符", label, len(terms), jixiao.Plain(sum), strings.Join(terms, " + "), jixiao.Plain(capV)),
		[]jixiao.Number{{Name: "所印分值", Value: label}, {Name: "权重之和", Value: jixiao.Plain(sum)}})
}

// weightsAgainstTotal compares the 合计 of a form (on line at, written
// total) with the indicators' weights and the budget block's cap exec
// (T05); without a printed budget cap it says nothing.
func (a *auditor) weightsAgainstTotal(at int, total string, exec formCell, sum decimal.Decimal) {
	m := blockCapRe.FindStringSubmatch(exec.text)
	t, err := decimal.NewFromString(total)
	if m == nil || err != nil {
		return
	}
	cp, _ := decimal.NewFromString(m[2])
	a.checked["T05"]++
	if whole := sum.Add(cp); !whole.Equal(t) {
		a.add(a.line(at), "T05", jixiao.SeverityError, fmt.Sprintf("表中合计%s，与预算执行%s分加各指标权重%s之和%s不符", total, jixiao.Plain(cp), jixiao.Plain(sum), jixiao.Plain(whole)),
			[]jixiao.Number{{Name: "合计", Value: total}, {Name: "预算执行分值", Value: exec.text}, {Name: "权重之和", Value: jixiao.Plain(sum)}})
	}
}

// levelCapRe is a level-1 block with its cap anywhere in the text, even run
// into the cells around it: "…改进措施产出指标（70分）数量指标…".
var levelCapRe = regexp.MustCompile(`(产出|效益|满意度|成本)指标[（(]([0-9]+)分[）)]`)

// fullMarkRe is a form's 总分 cell followed by its full mark of 100, alone
// or run into the score after it ("总分100100", "总分 100 96").
var fullMarkRe = regexp.MustCompile(`总分[\s|：:]*100`)

// capsAgainstFull adds up the caps printed for a form's level-1 blocks and
// compares them with its full mark (T05): 100 in all, or 90 when the form
// keeps 10 for the budget's execution — the reading that holds is taken.
func (a *auditor) capsAgainstFull() {
	text := strings.Join(a.doc.Paragraphs, "\n")
	full := fullMarkRe.FindStringIndex(text)
	if full == nil {
		return
	}
	seen := map[string]bool{}
	var caps []string
	sum := decimal.Zero
	for _, m := range levelCapRe.FindAllStringSubmatchIndex(text[:full[0]], -1) {
		name := text[m[2]:m[3]]
		if seen[name] {
			return // two forms, or caps repeated: not one form's blocks
		}
		seen[name] = true
		v, _ := decimal.NewFromString(text[m[4]:m[5]])
		sum = sum.Add(v)
		caps = append(caps, text[m[0]:m[1]])
	}
	if len(caps) < 2 {
		return
	}
	a.checked["T05"]++
	if sum.Equal(decimal.NewFromInt(100)) || sum.Equal(decimal.NewFromInt(90)) {
		return
	}
	para := strings.Count(text[:full[0]], "\n")
	a.add(a.line(para), "T05", jixiao.SeverityError, fmt.Sprintf("表中各一级指标所印分值之和为%s（%s），与总分100不符（另计预算执行10分时应为90）", jixiao.Plain(sum), strings.Join(caps, " + ")),
		[]jixiao.Number{{Name: "总分", Value: "100"}, {Name: "一级指标分值之和", Value: jixiao.Plain(sum)}})
}

// A form a row a line, its cells separated by "|" or tabs, with a block's
// cap in the first cell of its header ("绩效指标（90分） | 一级指标 | … | 权重
// | 得分 |"): the rows below are aligned to the header without that cell,
// and their 权重 (分值) add up to the cap; the 合计 row after the indicator
// block holds the indicators' weights and the budget block's cap (T05).
// Rows whose weight cell is empty or "/" (a source of funds) add nothing.
func (a *auditor) rowWeights() {
	ps := a.doc.Paragraphs
	split := func(p string) []string {
		cells := strings.FieldsFunc(p, func(r rune) bool { return r == '\t' })
		if strings.Contains(p, "|") {
			cells = strings.Split(strings.TrimSpace(p), "|")
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	exec := a.budgetCap()
	for i := 0; i < len(ps); i++ {
		head := split(ps[i])
		if len(head) < 4 || a.readAsForm(i) {
			continue
		}
		m := blockCapRe.FindStringSubmatch(head[0])
		if m == nil {
			continue
		}
		col := slices.IndexFunc(head[1:], func(c string) bool { return c == "权重" || c == "分值" })
		if col < 0 {
			continue
		}
		capV, _ := decimal.NewFromString(m[2])
		sum := decimal.Zero
		var terms []string
		j := i + 1
		closed := strings.HasSuffix(strings.TrimSpace(ps[i]), "|")
		cut := false
		for ; j < len(ps) && j <= i+40; j++ {
			row := split(ps[j])
			// A row opening with "|" keeps the cap's column, empty.
			at := col
			if len(row) > 0 && row[0] == "" && strings.HasPrefix(strings.TrimSpace(ps[j]), "|") {
				at = col + 1
			}
			if len(row) == 0 || blockCapRe.MatchString(row[0]) || row[0] == "合计" || row[0] == "总分" || len(row) <= at {
				// A row the excerpt cut ("| 产出指标 | … | 1 " at the end):
				// the block's weights are not all there.
				cut = closed && len(row) > 0 && !strings.HasSuffix(strings.TrimSpace(ps[j]), "|")
				break
			}
			w := row[at]
			if w == "" || blankCell(w) {
				continue
			}
			v, err := decimal.NewFromString(w)
			if err != nil {
				break
			}
			sum = sum.Add(v)
			terms = append(terms, w)
		}
		if len(terms) == 0 || cut {
			continue
		}
		a.weightsAgainstCap(i, head[0], capV, sum, terms)
		// The 合计 row right after the indicator block.
		if m[1] == "绩效指标" && j < len(ps) {
			if row := split(ps[j]); len(row) > 1 && (row[0] == "合计" || row[0] == "总分") {
				a.weightsAgainstTotal(j, row[1], exec, sum)
			}
		}
		i = j - 1
	}
}

// blankCell reports whether a form's cell is marked empty: "/", "—", "-".
func blankCell(t string) bool {
	switch t {
	case "/", "／", "—", "——", "-", "－", "\\":
		return true
	}
	return false
}

// cellNumber reads a form's cell that carries its unit ("3359.62万",
// "1100万元"): the number alone.
func cellNumber(t string) (string, bool) {
	for _, u := range []string{"万元", "万", "元"} {
		if n := strings.TrimSuffix(t, u); n != t && bareNumber.MatchString(n) {
			return n, true
		}
	}
	return "", false
}
