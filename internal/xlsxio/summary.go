package xlsxio

import (
	"fmt"
	"io"
	"iter"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// SummaryRow is one project of a 绩效自评结果汇总表.
type SummaryRow struct {
	Name, Department, Unit    string
	Initial, Adjusted, Final  *decimal.Decimal
	Score                     decimal.Decimal // the displayed total
	Grade                     string
	AmountPlaces, ScorePlaces int32
}

func summaryRow(p *jixiao.Project, sc *jixiao.Scorecard, department string) SummaryRow {
	r := SummaryRow{Name: p.Name, Department: p.Department, Unit: p.Unit, Score: sc.Displayed, Grade: sc.Grade}
	if r.Department == "" {
		r.Department = department
	}
	if b := p.Budget; b != nil {
		r.Initial, r.Adjusted, r.Final = b.Initial, b.Adjusted, b.Final
	}
	rp := sc.Rulebook.RoundingPolicy()
	r.AmountPlaces, r.ScorePlaces = rp.Amount, rp.Total
	return r
}

// SummaryOf returns the summary row of a scored project.
func SummaryOf(p *jixiao.Project, sc *jixiao.Scorecard) SummaryRow { return summaryRow(p, sc, "") }

// WriteSummary writes a workbook holding only a 绩效自评结果汇总表 of rows,
// streamed, so that memory stays flat however many projects there are (a
// bureau's or a province's).
func WriteSummary(w io.Writer, subtitle string, rows iter.Seq[SummaryRow]) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := writeSummary(f, st, subtitle, rows); err != nil {
		return err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func writeSummary(f *excelize.File, st *styles, subtitle string, rows iter.Seq[SummaryRow]) error {
	s, err := newSheet(f, st, SheetSummary, []float64{7, 36, 22, 22, 14, 14, 14, 10, 10, 10}, true)
	if err != nil {
		return err
	}
	const cols = 10
	if err := s.freeze(3); err != nil {
		return err
	}
	if err := s.printTitles(3, 3); err != nil {
		return err
	}
	blank := make([]any, cols-1)
	s.putH(30, append([]any{cell(st.title, "绩效自评结果汇总表")}, blank...)...)
	s.merge(1, s.row, cols, s.row)
	s.put(append([]any{cell(st.subtitle, subtitle+"　单位：万元")}, blank...)...)
	s.merge(1, s.row, cols, s.row)
	s.put(cell(st.header, "序号"), cell(st.header, "项目名称"), cell(st.header, "主管部门"), cell(st.header, "实施单位"), cell(st.header, "年初预算数"),
		cell(st.header, "全年预算数"), cell(st.header, "全年执行数"), cell(st.header, "执行率"), cell(st.header, "自评得分"), cell(st.header, "评价等级"))
	first := s.row + 1
	n := 0
	var ini, adj, fin decimal.Decimal
	var places int32 = 2
	for r := range rows {
		n++
		row := s.row + 1
		places = r.AmountPlaces
		for _, x := range []struct {
			sum *decimal.Decimal
			v   *decimal.Decimal
		}{{&ini, r.Initial}, {&adj, r.Adjusted}, {&fin, r.Final}} {
			if x.v != nil {
				*x.sum = x.sum.Add(*x.v)
			}
		}
		if err := s.put(cell(st.textCenter, n), s.text(r.Name), s.text(r.Department), s.text(r.Unit),
			s.money(r.Initial, r.AmountPlaces), s.money(r.Adjusted, r.AmountPlaces), s.money(r.Final, r.AmountPlaces),
			rateCell(st, r.Final, r.Adjusted, ref(7, row), ref(6, row)),
			cell(st.score, number(jixiao.Round(r.Score, r.ScorePlaces))), s.center(r.Grade)); err != nil {
			return err
		}
	}
	last := s.row
	total := func(col int, sum decimal.Decimal) excelize.Cell {
		if n == 0 {
			return cell(st.boldScore, 0)
		}
		return formula(st.money, fmt.Sprintf("SUM(%s:%s)", ref(col, first), ref(col, last)), number(jixiao.Round(sum, places)))
	}
	r := s.row + 1
	s.put(cell(st.bold, "合计"), cell(st.bold, fmt.Sprintf("%d个项目", n)), cell(st.bold, ""), cell(st.bold, ""),
		total(5, ini), total(6, adj), total(7, fin), rateCell(st, &fin, &adj, ref(7, r), ref(6, r)), cell(st.bold, ""), cell(st.bold, ""))
	s.merge(2, s.row, 4, s.row)
	return s.flush()
}
