package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao"
)

// yearsChart is what app.js draws on the year-over-year page: the total
// and the budget execution rate (per cent) by year, null where not known.
type yearsChart struct {
	Years     []int      `json:"years"`
	Totals    []*float64 `json:"totals"`
	Execution []*float64 `json:"execution"`
}

// years shows an evaluation beside the other years' evaluations of the
// same subject (历年对比): scores, grades, execution rates and indicators.
func (w *Web) years(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.evalFromPath(r)
	if err != nil {
		return err
	}
	c, err := w.Evaluations.YearComparison(r.Context(), v.ID())
	if err != nil {
		return err
	}
	chart := yearsChart{Years: []int{}, Totals: []*float64{}, Execution: []*float64{}}
	for _, y := range c.Years {
		chart.Years = append(chart.Years, y.Year)
		var total, exec *float64
		if y.Scored {
			total = chartValue(y.Total)
		}
		if y.Execution != nil {
			exec = chartValue(y.Execution.Shift(2))
		}
		chart.Totals, chart.Execution = append(chart.Totals, total), append(chart.Execution, exec)
	}
	data, err := json.Marshal(chart)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "years", &page{Title: "历年对比 - " + v.Name(), Eval: v, Tab: "years", Data: map[string]any{
		"C": c, "Chart": string(data), "Sentence": c.Sentence(2), "ChartText": yearsText(c),
	}})
	return nil
}

// chartValue is d for drawing only (never for arithmetic), rounded to two
// decimals.
func chartValue(d decimal.Decimal) *float64 {
	f, _ := d.Round(2).Float64()
	return &f
}

// yearsText is the chart in words, for screen readers.
func yearsText(c *jixiao.YearComparison) string {
	s := "历年总分与预算执行率："
	for k, y := range c.Years {
		if k > 0 {
			s += "；"
		}
		s += strconv.Itoa(y.Year) + "年度"
		if y.Scored {
			s += "总分" + jixiao.Fixed(y.Total, 2) + "分"
		} else {
			s += "未评分"
		}
		if y.Execution != nil {
			s += "，执行率" + jixiao.Fixed(y.Execution.Shift(2), 2) + "%"
		}
	}
	return s
}
