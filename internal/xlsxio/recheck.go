package xlsxio

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Sampling rosters (抽查名单) and the results-application table (结果应用表).

// rosterColumns are the roster's columns by the headers that name them.
var rosterColumns = []struct {
	field, title string
	names        []string
}{
	{"unit", "单位", []string{"单位", "单位名称", "预算单位", "主管部门", "部门"}},
	{"project", "项目", []string{"项目", "项目名称"}},
	{"amount", "金额", []string{"金额", "项目金额", "预算金额", "资金", "资金金额", "预算数", "全年预算数", "年初预算数"}},
	{"score", "自评得分", []string{"自评得分", "得分", "评价得分", "自评分"}},
	{"grade", "自评等级", []string{"自评等级", "等级", "评价等级", "自评结果"}},
}

// ReadRoster reads a roster of submitted self-evaluations from the first
// sheet of a workbook: a header row (within the first 20 rows) naming 单位,
// 项目, 金额, 自评得分 and 自评等级 (or their usual variants), then one row per
// submission. An amount column headed in 元 is converted to 万元; one that
// names no unit is taken as 万元. Every problem is reported at once, each
// naming its sheet and cell; the workbook is read within DefaultLimits.
func ReadRoster(name string, data []byte) (*jixiao.Roster, error) {
	b, err := open(name, data, DefaultLimits)
	if err != nil {
		return nil, err
	}
	if len(b.sheets) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 没有工作表", name)
	}
	fm, err := newFormatter(b)
	if err != nil {
		return nil, err
	}
	defer fm.close()
	c := &counter{lim: DefaultLimits, name: name}
	g, err := readGrid(b, b.sheets[0], c, fm)
	if err != nil {
		return nil, err
	}
	head, cols, unit := -1, map[string]int{}, ""
	for r := 0; r < min(g.rows(), 20) && head < 0; r++ {
		found := map[string]int{}
		for col := 0; col < g.width(r); col++ {
			label := norm(g.text(r, col))
			for _, rc := range rosterColumns {
				if _, done := found[rc.field]; done {
					continue
				}
				for _, n := range rc.names {
					if label == n {
						found[rc.field] = col
						if rc.field == "amount" {
							unit = unitIn(g.text(r, col))
						}
					}
				}
			}
		}
		if len(found) == len(rosterColumns) {
			head, cols = r, found
		}
	}
	if head < 0 {
		var names []string
		for _, rc := range rosterColumns {
			names = append(names, rc.title)
		}
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 的工作表“%s”前 20 行中没有同时写有%s的表头行：名单的表头应为这五列", name, g.sheet, strings.Join(names, "、"))
	}
	var ps jixiao.Problems
	roster := &jixiao.Roster{}
	for r := head + 1; r < g.rows(); r++ {
		blank := true
		for _, col := range cols {
			blank = blank && g.text(r, col) == ""
		}
		if blank {
			continue
		}
		if len(roster.Submissions) == jixiao.MaxSubmissions {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s 的名单超过 %d 项的上限", name, jixiao.MaxSubmissions)
		}
		s := jixiao.Submission{Unit: g.text(r, cols["unit"]), Project: g.text(r, cols["project"]), Grade: g.text(r, cols["grade"])}
		for _, f := range []struct {
			field, title string
			dst          *decimal.Decimal
		}{{"amount", "金额", &s.Amount}, {"score", "自评得分", &s.Score}} {
			col := cols[f.field]
			v, err := jixiao.ParseDecimal(cellOf(g.raw, r, col))
			if err != nil {
				ps = append(ps, jixiao.Problem{Path: name + " " + g.ref(r, col), Message: fmt.Sprintf("%s“%s”不是数字", f.title, g.text(r, col))})
				continue
			}
			*f.dst = v
		}
		if unit == jixiao.UnitYuan {
			s.Amount = s.Amount.Shift(-4)
		}
		for _, f := range []struct{ field, title, v string }{{"unit", "单位", s.Unit}, {"project", "项目", s.Project}, {"grade", "自评等级", s.Grade}} {
			if f.v == "" {
				ps = append(ps, jixiao.Problem{Path: name + " " + g.ref(r, cols[f.field]), Message: f.title + "不能为空"})
			}
		}
		roster.Submissions = append(roster.Submissions, s)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	if len(roster.Submissions) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 的工作表“%s”在表头行（第 %d 行）之下没有数据", name, g.sheet, head+1)
	}
	return roster, nil
}

// SheetApplication is the name of the results-application table's sheet.
const SheetApplication = "结果应用表"

// ApplicationHeaders are the column headings of the results-application
// table.
var ApplicationHeaders = []string{"序号", "单位", "项目", "评价得分", "评价等级", "自评得分", "自评等级", "拟安排金额（万元）", "建议措施", "建议金额（万元）",
	"计算说明", "决定措施", "决定金额（万元）", "调整金额（万元）", "保留（万元）", "调剂（万元）", "收回（万元）", "调剂去向", "备注"}

// WriteApplication writes the results-application table (结果应用表): one
// row per project with its grade, the suggested action and amount beside
// the bureau's decided ones, the totals and, below, the rules applied and
// their source.
func WriteApplication(w io.Writer, a *jixiao.Application) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	s, err := newSheet(f, st, SheetApplication, []float64{6, 20, 26, 9, 9, 9, 9, 13, 11, 13, 34, 14, 13, 13, 13, 13, 13, 28, 18}, true)
	if err != nil {
		return err
	}
	cols := len(ApplicationHeaders)
	if err := s.freeze(3); err != nil {
		return err
	}
	if err := s.printTitles(3, 3); err != nil {
		return err
	}
	blank := make([]any, cols-1)
	s.putH(30, append([]any{cell(st.title, fmt.Sprintf("%d年度绩效评价结果应用表", a.Year))}, blank...)...)
	s.merge(1, s.row, cols, s.row)
	s.put(append([]any{cell(st.subtitle, fmt.Sprintf("评价结果应用于%d年度预算　结果应用规则：%s（%s 版）　单位：万元", a.Year+1, orDash(a.Rules.Title), a.Rules.Version))}, blank...)...)
	s.merge(1, s.row, cols, s.row)
	var hdr []any
	for _, h := range ApplicationHeaders {
		hdr = append(hdr, cell(st.header, h))
	}
	if err := s.put(hdr...); err != nil {
		return err
	}
	first := s.row + 1
	for i, r := range a.Rows {
		score := cell(st.textCenter, "—")
		if r.Score != nil {
			score = cell(st.score, number(*r.Score))
		}
		decidedAction, decidedAmount := cell(st.textCenter, "未决定"), cell(st.textCenter, "—")
		if r.Decided {
			decidedAction = s.center(r.DecidedAction)
			if r.DecidedAmount != nil {
				decidedAmount = s.money(r.DecidedAmount, a.Places)
			}
		}
		selfScore, selfGrade := cell(st.textCenter, "—"), cell(st.textCenter, "—")
		if r.SelfScore != nil {
			selfScore = cell(st.score, number(*r.SelfScore))
		}
		if r.SelfGrade != "" {
			selfGrade = s.center(r.SelfGrade)
		}
		var moves []string
		for _, m := range r.Reallocations {
			moves = append(moves, fmt.Sprintf("%s %s", strings.TrimSpace(m.To), jixiao.Fixed(jixiao.Round(m.Amount, a.Places), a.Places)))
		}
		if err := s.put(cell(st.textCenter, i+1), s.text(r.Unit), s.text(r.Project), score, s.center(r.Grade), selfScore, selfGrade,
			s.money(&r.Amount, a.Places), s.center(r.Suggestion.Action), s.money(&r.Suggestion.Amount, a.Places), s.text(r.Suggestion.Explanation),
			decidedAction, decidedAmount, s.money(&r.Adjustment, a.Places), s.money(&r.Kept, a.Places), s.money(&r.Reallocated, a.Places), s.money(&r.Withdrawn, a.Places),
			s.text(strings.Join(moves, "；")), s.text(r.Note)); err != nil {
			return err
		}
	}
	last := s.row
	total := func(col int, sum decimal.Decimal) excelize.Cell {
		if len(a.Rows) == 0 {
			return cell(st.money, 0)
		}
		return formula(st.money, fmt.Sprintf("SUM(%s:%s)", ref(col, first), ref(col, last)), number(jixiao.Round(sum, a.Places)))
	}
	adjust := a.Final.Sub(a.Amount)
	bold := cell(st.bold, "")
	if err := s.put(cell(st.bold, "合计"), cell(st.bold, fmt.Sprintf("%d个项目", len(a.Rows))), bold, bold, bold, bold, bold,
		total(8, a.Amount), bold, total(10, a.Suggest), bold, bold, bold, total(14, adjust), total(15, a.Kept), total(16, a.Reallocated), total(17, a.Withdrawn), bold, bold); err != nil {
		return err
	}
	s.merge(2, s.row, 3, s.row)
	notes := []string{a.Summary() + "。",
		"调整金额 = 决定金额 − 拟安排金额；尚未决定的，或决定了措施而没有写决定金额的，按建议金额计。保留 = 决定金额与拟安排金额中较小的一个；调剂为调剂去向的金额之和；收回 = 拟安排金额 − 保留 − 调剂。" +
			"各合计为本列之和，拟安排金额合计 = 保留合计 + 调剂合计 + 收回合计。",
		"经抽查复核的项目，评价得分和评价等级是复核的，自评得分和自评等级另列；未经复核的项目评价得分即自评得分，自评两列为“—”。",
		"结果应用规则的依据：" + a.Rules.Source}
	if len(a.Receipts) > 0 {
		notes = append(notes, a.ReceiptsBalance()+"。调剂到下一年度已申报项目的明细见工作表“"+SheetReceipts+"”。")
	}
	for _, line := range notes {
		if err := s.putH(48, append([]any{cell(st.note, line)}, blank...)...); err != nil {
			return err
		}
		s.merge(1, s.row, cols, s.row)
	}
	if err := s.flush(); err != nil {
		return err
	}
	if len(a.Receipts) > 0 {
		if err := writeReceipts(f, st, a); err != nil {
			return err
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// SheetReceipts is the name of the sheet of next-year declared projects
// money was reallocated to.
const SheetReceipts = "调入项目"

// ReceiptHeaders are the column headings of the receipts sheet.
var ReceiptHeaders = []string{"序号", "单位", "项目", "申报金额（万元）", "调入金额（万元）", "调入来源", "调入后安排金额（万元）"}

// writeReceipts writes the sheet of next-year declared projects that
// receive reallocated money: each one's requested amount, what it
// receives from which projects, and the amount arranged (a formula:
// requested + received), with the totals.
func writeReceipts(f *excelize.File, st *styles, a *jixiao.Application) error {
	s, err := newSheet(f, st, SheetReceipts, []float64{6, 20, 26, 14, 14, 48, 16}, true)
	if err != nil {
		return err
	}
	cols := len(ReceiptHeaders)
	blank := make([]any, cols-1)
	s.putH(30, append([]any{cell(st.title, fmt.Sprintf("%d年度结果应用调入%d年度已申报项目的资金", a.Year, a.Year+1))}, blank...)...)
	s.merge(1, s.row, cols, s.row)
	s.put(append([]any{cell(st.subtitle, "申报金额为该项目最新一版申报的资金合计　单位：万元")}, blank...)...)
	s.merge(1, s.row, cols, s.row)
	var hdr []any
	for _, h := range ReceiptHeaders {
		hdr = append(hdr, cell(st.header, h))
	}
	if err := s.put(hdr...); err != nil {
		return err
	}
	first := s.row + 1
	var requested, arranged decimal.Decimal
	for i, r := range a.Receipts {
		var from []string
		for _, m := range r.From {
			from = append(from, fmt.Sprintf("%s／%s %s", m.Unit, m.Project, jixiao.Fixed(m.Amount, a.Places)))
		}
		row := s.row + 1
		if err := s.put(cell(st.textCenter, i+1), s.text(r.Unit), s.text(r.Project), s.money(&r.Requested, a.Places), s.money(&r.In, a.Places),
			s.text(strings.Join(from, "；")), formula(st.money, fmt.Sprintf("%s+%s", ref(4, row), ref(5, row)), number(r.Arranged))); err != nil {
			return err
		}
		requested, arranged = requested.Add(r.Requested), arranged.Add(r.Arranged)
	}
	last := s.row
	total := func(col int, sum decimal.Decimal) excelize.Cell {
		return formula(st.money, fmt.Sprintf("SUM(%s:%s)", ref(col, first), ref(col, last)), number(sum))
	}
	bold := cell(st.bold, "")
	if err := s.put(cell(st.bold, "合计"), cell(st.bold, fmt.Sprintf("%d个项目", len(a.Receipts))), bold, total(4, requested), total(5, a.MovedIn), bold, total(7, arranged)); err != nil {
		return err
	}
	s.merge(2, s.row, 3, s.row)
	for _, line := range []string{
		"调入后安排金额 = 申报金额 + 调入金额；调入金额为结果应用表中调剂到该项目的各项之和，调入来源列出每项的调出单位、调出项目和金额。",
		"调入金额合计 = 结果应用表中调剂到已申报项目的金额之和；" + a.ReceiptsBalance() + "。"} {
		if err := s.putH(36, append([]any{cell(st.note, line)}, blank...)...); err != nil {
			return err
		}
		s.merge(1, s.row, cols, s.row)
	}
	return s.flush()
}
