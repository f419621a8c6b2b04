package jixiao

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// YearInput is one year's evaluation of a subject (a department's overall
// spending, or one project), as CompareYears reads it.
type YearInput struct {
	Info *EvaluationInfo
	// Summary is the evaluation's score, grade and execution rate (nil:
	// not known).
	Summary *Summary
	// Evaluation is the case, for its indicators (nil: indicators are not
	// compared).
	Evaluation *Evaluation
}

// YearComparison is one subject across the years it was evaluated (历年对比):
// a row per year, oldest first, and each indicator by its stable identity
// — its code in the indicator library, else its place and name.
type YearComparison struct {
	OrgName    string    `json:"org_name"`
	Subject    Subject   `json:"subject"`
	SubjectKey string    `json:"subject_key,omitempty"`
	Years      []YearRow `json:"years"`
	// Indicators are at most MaxComparedIndicators, in the order of the
	// latest year's case, then those of earlier years only; Omitted counts
	// the ones left out.
	Indicators []IndicatorAcross `json:"indicators"`
	Omitted    int               `json:"omitted,omitempty"`
}

// MaxComparedIndicators bounds the indicator rows of a comparison.
const MaxComparedIndicators = 300

// YearRow is one year of a subject.
type YearRow struct {
	Year         int    `json:"year"`
	EvaluationID int64  `json:"evaluation_id"`
	Status       Status `json:"status"`
	// Scored is false when the case cannot be scored yet.
	Scored bool            `json:"scored"`
	Total  decimal.Decimal `json:"total"`
	Grade  string          `json:"grade,omitempty"`
	// Execution is the budget execution rate, a fraction.
	Execution *decimal.Decimal `json:"execution,omitempty"`
	Budget    *decimal.Decimal `json:"budget,omitempty"`
	Spent     *decimal.Decimal `json:"spent,omitempty"`
	Errors    int              `json:"errors"`
	Warnings  int              `json:"warnings"`
	// PrevYear is the latest earlier year compared (0: none). TotalChange
	// is this year's total less that year's (both scored), in points;
	// ExecutionChange the change of the execution rate, in percentage
	// points; PrevGrade that year's grade.
	PrevYear        int              `json:"prev_year,omitempty"`
	TotalChange     *decimal.Decimal `json:"total_change,omitempty"`
	ExecutionChange *decimal.Decimal `json:"execution_change,omitempty"`
	PrevGrade       string           `json:"prev_grade,omitempty"`
}

// IndicatorAcross is one indicator across the years: Values has an entry
// per row of YearComparison.Years.
type IndicatorAcross struct {
	LibraryID string          `json:"library_id,omitempty"`
	Project   string          `json:"project,omitempty"`
	Level1    string          `json:"level1,omitempty"`
	Level2    string          `json:"level2,omitempty"`
	Name      string          `json:"name"`
	Unit      string          `json:"unit,omitempty"`
	Values    []IndicatorYear `json:"values"`
}

// IndicatorYear is an indicator's target and actual value of one year, as
// written in that year's case.
type IndicatorYear struct {
	Present bool   `json:"present"`
	Target  string `json:"target,omitempty"`
	Actual  string `json:"actual,omitempty"`
}

// CompareYears builds the comparison of a subject's evaluations; years
// holds one entry per evaluation, in any order. Two evaluations of one year
// (which the store does not allow) keep the later entry.
func CompareYears(years []YearInput) *YearComparison {
	sorted := slices.DeleteFunc(slices.Clone(years), func(y YearInput) bool { return y.Info == nil })
	slices.SortStableFunc(sorted, func(a, b YearInput) int { return cmp.Compare(a.Info.Year, b.Info.Year) })
	var in []YearInput
	for _, y := range sorted {
		if n := len(in); n > 0 && in[n-1].Info.Year == y.Info.Year {
			in[n-1] = y
			continue
		}
		in = append(in, y)
	}
	c := &YearComparison{Years: []YearRow{}, Indicators: []IndicatorAcross{}}
	for _, y := range in {
		c.OrgName, c.Subject, c.SubjectKey = y.Info.OrgName, y.Info.Subject, y.Info.SubjectKey
		row := YearRow{Year: y.Info.Year, EvaluationID: y.Info.ID, Status: y.Info.Status}
		if s := y.Summary; s != nil {
			row.Scored, row.Total, row.Grade = s.Scored, s.Total, s.Grade
			row.Execution, row.Budget, row.Spent = s.Execution, s.Budget, s.Spent
			row.Errors, row.Warnings = s.Errors, s.Warnings
		}
		if n := len(c.Years); n > 0 {
			prev := c.Years[n-1]
			row.PrevYear, row.PrevGrade = prev.Year, prev.Grade
			if row.Scored && prev.Scored {
				d := row.Total.Sub(prev.Total)
				row.TotalChange = &d
			}
			if row.Execution != nil && prev.Execution != nil {
				d := row.Execution.Sub(*prev.Execution).Shift(2)
				row.ExecutionChange = &d
			}
		}
		c.Years = append(c.Years, row)
	}
	c.compareIndicators(in)
	return c
}

// compareIndicators lines up the indicators of each year's case by their
// identity: the latest year's first, in its order.
func (c *YearComparison) compareIndicators(in []YearInput) {
	index := map[string]int{}
	var rows []IndicatorAcross
	for k := len(in) - 1; k >= 0; k-- {
		ev := in[k].Evaluation
		if ev == nil {
			continue
		}
		eachIndicator(ev, func(project string, ind *Indicator) {
			key := indicatorIdentity(project, ind)
			i, ok := index[key]
			if !ok {
				if len(rows) >= MaxComparedIndicators {
					c.Omitted++
					index[key] = -1
					return
				}
				i = len(rows)
				index[key] = i
				rows = append(rows, IndicatorAcross{LibraryID: ind.LibraryID, Project: project, Level1: ind.Level1, Level2: ind.Level2,
					Name: ind.Name, Unit: ind.Unit, Values: make([]IndicatorYear, len(in))})
			}
			if i < 0 || rows[i].Values[k].Present {
				return
			}
			rows[i].Values[k] = IndicatorYear{Present: true, Target: ind.Target.String(), Actual: ind.Actual.String()}
		})
	}
	c.Indicators = append(c.Indicators, rows...)
}

// eachIndicator calls f with every indicator of ev: the department's, its
// goals', and each project's (with the project's name).
func eachIndicator(ev *Evaluation, f func(project string, ind *Indicator)) {
	for i := range ev.Indicators {
		f("", &ev.Indicators[i])
	}
	for g := range ev.Goals {
		for i := range ev.Goals[g].Indicators {
			f("", &ev.Goals[g].Indicators[i])
		}
	}
	for p := range ev.Projects {
		name := ev.Projects[p].Name
		if ev.Subject == SubjectProject {
			name = "" // the subject itself
		}
		for i := range ev.Projects[p].Indicators {
			f(name, &ev.Projects[p].Indicators[i])
		}
	}
}

// indicatorIdentity is what keeps an indicator the same across years: its
// library code, else its project, levels and name (spaces ignored).
func indicatorIdentity(project string, ind *Indicator) string {
	if ind.LibraryID != "" {
		return "库\x00" + ind.LibraryID
	}
	clean := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return strings.Join([]string{"名", clean(project), clean(ind.Level1), clean(ind.Level2), clean(ind.Name)}, "\x00")
}

// Sentence is the comparison of the latest year with the one before, in
// words, for a report ("" when there is no earlier year): "与2023年度相比，
// 总分由88.5分升至91.2分（上升2.7分），评价等级由“良”变为“优”；预算执行率由
// 92.10%升至96.40%（上升4.30个百分点）。" Scores are rounded to places
// decimals and written as a report writes them (88.5, not 88.50).
func (c *YearComparison) Sentence(places int32) string {
	if len(c.Years) < 2 {
		return ""
	}
	last, prev := c.Years[len(c.Years)-1], c.Years[len(c.Years)-2]
	var parts []string
	if last.TotalChange != nil {
		score := func(d decimal.Decimal) string { return Plain(Round(d, places)) }
		p := fmt.Sprintf("总分均为%s分", score(last.Total))
		if !last.TotalChange.IsZero() {
			p = fmt.Sprintf("总分由%s分%s%s分（%s%s分）", score(prev.Total), moved(*last.TotalChange, "升至", "降至", ""), score(last.Total),
				moved(*last.TotalChange, "上升", "下降", ""), score(last.TotalChange.Abs()))
		}
		switch {
		case prev.Grade != "" && last.Grade != "" && prev.Grade != last.Grade:
			p += fmt.Sprintf("，评价等级由“%s”变为“%s”", prev.Grade, last.Grade)
		case last.Grade != "" && prev.Grade == last.Grade:
			p += fmt.Sprintf("，评价等级均为“%s”", last.Grade)
		}
		parts = append(parts, p)
	}
	if last.ExecutionChange != nil {
		p := fmt.Sprintf("预算执行率均为%s%%", Fixed(last.Execution.Shift(2), 2))
		if !last.ExecutionChange.IsZero() {
			p = fmt.Sprintf("预算执行率由%s%%%s%s%%（%s%s个百分点）", Fixed(prev.Execution.Shift(2), 2), moved(*last.ExecutionChange, "升至", "降至", ""), Fixed(last.Execution.Shift(2), 2),
				moved(*last.ExecutionChange, "上升", "下降", ""), Fixed(last.ExecutionChange.Abs(), 2))
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("与%d年度相比，%s。", prev.Year, strings.Join(parts, "；"))
}

// moved is up, down or same by the sign of d.
func moved(d decimal.Decimal, up, down, same string) string {
	switch d.Sign() {
	case 1:
		return up
	case -1:
		return down
	}
	return same
}
