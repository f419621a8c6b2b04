package xlsxio

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Sheets of a department evaluation's deviation workbook.
const (
	SheetOwnProjects = "部门评价偏差表"
	SheetOwnItems    = "逐项偏差"
)

// OwnProjectHeaders and OwnItemHeaders are the column headings of the two
// sheets of WriteDepartmentEvaluation.
var (
	OwnProjectHeaders = []string{"序号", "单位", "项目", "自评得分", "自评等级", "部门评价得分", "部门评价等级", "偏差（分）", "等级变化"}
	OwnItemHeaders    = []string{"序号", "项目", "评分项", "分值", "自评得分", "部门评价得分", "偏差（分）", "理由"}
)

// WriteDepartmentEvaluation writes the deviation of a department's
// evaluation of its own projects (部门评价): a sheet of the projects with
// the self-score and grade beside the department's and the deviation, the
// overall deviation below it, and a sheet of every scorecard item with
// its deviation and reason. title heads both sheets (单位、年度);
// rulebook names the rulebook the grades follow and its bands.
func WriteDepartmentEvaluation(w io.Writer, title, rulebook string, dev *jixiao.DeviationSummary) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	p := dev.Places
	score := func(d decimal.Decimal, places int32) excelize.Cell {
		return cell(st.score, number(jixiao.Round(d, places)))
	}

	s, err := newSheet(f, st, SheetOwnProjects, []float64{6, 20, 28, 10, 10, 12, 12, 11, 10}, true)
	if err != nil {
		return err
	}
	if err := head(s, st, title+"部门评价偏差表", "等级按评分规则："+rulebook+"　单位：分", OwnProjectHeaders); err != nil {
		return err
	}
	change := map[int]string{-1: "降低", 0: "不变", 1: "提高"}
	for i, pd := range dev.Projects {
		if err := s.put(cell(st.textCenter, i+1), s.text(pd.Unit), s.text(pd.Project), score(pd.Self, p), s.center(pd.SelfGrade),
			score(pd.Recheck, p), s.center(pd.RecheckGrade), score(pd.Deviation, p), s.center(change[pd.Change])); err != nil {
			return err
		}
	}
	blank := make([]any, len(OwnProjectHeaders)-1)
	for _, line := range []string{
		fmt.Sprintf("共评价 %d 个项目：平均偏差 %s 分，平均绝对偏差 %s 分；等级降低 %d 个，提高 %d 个，不变 %d 个。",
			len(dev.Projects), jixiao.Signed(dev.Mean, p), jixiao.Fixed(dev.MeanAbs, p), dev.Down, dev.Up, len(dev.Projects)-dev.Down-dev.Up),
		"偏差 = 部门评价得分 − 自评得分，负数表示部门评价得分低于自评。项目的两个得分先按评分规则的总分小数位四舍五入，再按评分规则的项目评价等级评定等级；逐项的偏差和理由见工作表“" + SheetOwnItems + "”。",
	} {
		if err := s.putH(36, append([]any{cell(st.note, line)}, blank...)...); err != nil {
			return err
		}
		s.merge(1, s.row, len(OwnProjectHeaders), s.row)
	}
	if err := s.flush(); err != nil {
		return err
	}

	s, err = newSheet(f, st, SheetOwnItems, []float64{6, 24, 24, 8, 10, 12, 11, 40}, true)
	if err != nil {
		return err
	}
	if err := head(s, st, title+"部门评价逐项偏差", "单位：分", OwnItemHeaders); err != nil {
		return err
	}
	n := 0
	for _, pd := range dev.Projects {
		for _, it := range pd.Items {
			n++
			reason := ""
			if !it.Deviation.IsZero() {
				reason = it.Reason
			}
			if err := s.put(cell(st.textCenter, n), s.text(pd.Project), s.text(it.Name), cell(st.weight, number(it.Weight)),
				cell(st.score, number(it.Self)), cell(st.score, number(it.Recheck)), cell(st.score, number(it.Deviation)), s.text(reason)); err != nil {
				return err
			}
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// head writes a sheet's title, subtitle and header row, the header kept
// on screen and on every printed page.
func head(s *sheet, st *styles, title, subtitle string, headers []string) error {
	if err := s.freeze(3); err != nil {
		return err
	}
	if err := s.printTitles(3, 3); err != nil {
		return err
	}
	blank := make([]any, len(headers)-1)
	if err := s.putH(30, append([]any{cell(st.title, title)}, blank...)...); err != nil {
		return err
	}
	s.merge(1, s.row, len(headers), s.row)
	if err := s.put(append([]any{cell(st.subtitle, subtitle)}, blank...)...); err != nil {
		return err
	}
	s.merge(1, s.row, len(headers), s.row)
	var hdr []any
	for _, h := range headers {
		hdr = append(hdr, cell(st.header, h))
	}
	return s.put(hdr...)
}
