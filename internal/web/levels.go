package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// levelRow is one row of the roll-up table, formatted.
type levelRow struct {
	Name, Link                               string
	Own, Total                               bool
	Units, Evaluations, Scored               int
	Draft, Submitted, Returned, Accepted     int
	Average, Range, Budget, Spent, Execution string
	Bands                                    [4]int
	Grades                                   string
	Errors, Warnings                         int
}

// levels is the roll-up overview (逐级汇总): the organisations directly
// below the one chosen, each with its whole subtree's totals; an
// organisation with organisations below it links to its own level, a
// department to its evaluations in the bureau's overview.
func (w *Web) levels(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var org int64
	var year int
	if s := q.Get("org"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v <= 0 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
		}
		org = v
	}
	if s := q.Get("year"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || v > 9999 {
			return jixiao.Errorf(jixiao.EINVALID, "年度应为四位数字，实际为“%s”", s)
		}
		year = v
	}
	ru, err := w.Evaluations.Rollup(r.Context(), org, year)
	if err != nil {
		return err
	}
	rows := make([]levelRow, 0, len(ru.Rows)+1)
	for _, x := range ru.Rows {
		rows = append(rows, formatLevelRow(x, ru.Year))
	}
	total := formatLevelRow(&ru.Total, ru.Year)
	total.Name, total.Total = "合计", true
	title := "逐级汇总"
	if ru.Org != nil {
		title = ru.Org.Name + " · 逐级汇总"
	}
	w.render(rw, r, http.StatusOK, "levels", &page{Title: title, Nav: "levels", Data: map[string]any{
		"R": ru, "Rows": rows, "Total": total,
	}})
	return nil
}

func formatLevelRow(x *jixiao.RollupRow, year int) levelRow {
	l := levelRow{Own: x.Own, Units: x.Units, Evaluations: x.Evaluations, Scored: x.Scored,
		Draft: x.ByStatus[jixiao.StatusDraft], Submitted: x.ByStatus[jixiao.StatusSubmitted],
		Returned: x.ByStatus[jixiao.StatusReturned], Accepted: x.ByStatus[jixiao.StatusAccepted],
		Bands: x.Bands, Errors: x.Errors, Warnings: x.Warnings, Average: "—", Range: "—", Execution: ratePercent(x.Execution)}
	if x.Org != nil {
		l.Name = x.Org.Name
		if x.Own {
			l.Name += "（本级）"
		}
		if x.Children && !x.Own {
			l.Link = fmt.Sprintf("/bureau/levels?org=%d&year=%d", x.Org.ID, year)
		} else {
			// The organisation's own evaluations in the bureau's list.
			l.Link = fmt.Sprintf("/bureau?org=%d&year=%d", x.Org.ID, year)
		}
	}
	if x.Average != nil {
		l.Average = jixiao.Fixed(*x.Average, 2)
		l.Range = jixiao.Fixed(*x.Min, 2) + "～" + jixiao.Fixed(*x.Max, 2)
	}
	l.Budget, l.Spent = wan(x.Budget), wan(x.Spent)
	grades := make([]string, 0, len(x.Grades))
	for g := range x.Grades {
		grades = append(grades, g)
	}
	slices.SortFunc(grades, func(a, b string) int { return cmp.Compare(gradeOrder(a), gradeOrder(b)) })
	var parts []string
	for _, g := range grades {
		parts = append(parts, fmt.Sprintf("%s %d", g, x.Grades[g]))
	}
	l.Grades = strings.Join(parts, "，")
	return l
}

// wan formats an amount in 万元 with two places.
func wan(d decimal.Decimal) string { return jixiao.Fixed(d, 2) }
