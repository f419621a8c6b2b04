package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/check"
)

// chartData is what app.js draws with ECharts.
type chartData struct {
	Grades   []labelCount   `json:"grades"`
	Scatter  []scatterPoint `json:"scatter"`
	Findings []labelCount   `json:"findings"`
	// ScoreMax and ExecMax are the scatter's axis ends: 100 (points and
	// percent), or the next multiple of 10 above a larger value.
	ScoreMax float64 `json:"score_max"`
	ExecMax  float64 `json:"exec_max"`
}

type labelCount struct {
	Label string `json:"label"`
	Count int    `json:"count"`
	// Tier is the grade's band (1 best … 4), 0 for other bars.
	Tier int `json:"tier,omitempty"`
}

type scatterPoint struct {
	Name      string  `json:"name"`
	ID        int64   `json:"id"`
	Execution float64 `json:"x"` // percent, for the chart only
	Total     float64 `json:"y"`
	Grade     string  `json:"grade"`
}

// topFindings is how many finding codes the findings chart shows; the
// rest are one bar, 其他.
const topFindings = 8

// bureauCharts computes the dashboard's charts from the rows shown: the
// grade distribution (synonymous grades as one bar), score against budget
// execution, and findings by type (the commonest codes, the rest as 其他).
func bureauCharts(rows []*jixiao.Summary) chartData {
	// Empty lists, not null: a filter may match nothing.
	c := chartData{ScoreMax: 100, ExecMax: 100, Grades: []labelCount{}, Scatter: []scatterPoint{}, Findings: []labelCount{}}
	type bar struct {
		names []string
		count int
		tier  int
	}
	grades := map[string]*bar{}
	codes := map[string]int{}
	for _, s := range rows {
		name, key, tier := "未能评分", "未能评分", 0
		if s.Scored {
			name, key = s.Grade, s.Grade
			if t := gradeTier(s.Grade); t > 0 {
				key, tier = fmt.Sprint("tier", t), t
			}
		}
		g := grades[key]
		if g == nil {
			g = &bar{tier: tier}
			grades[key] = g
		}
		g.count++
		if !slices.Contains(g.names, name) {
			g.names = append(g.names, name)
		}
		for code, n := range s.Codes {
			codes[code] += n
		}
		if s.Scored && s.Execution != nil {
			x, _ := s.Execution.Shift(2).Round(2).Float64()
			y, _ := s.Total.Float64()
			c.Scatter = append(c.Scatter, scatterPoint{Name: displayName(s), ID: s.ID, Execution: x, Total: y, Grade: s.Grade})
			c.ScoreMax = max(c.ScoreMax, math.Ceil(y/10)*10)
			c.ExecMax = max(c.ExecMax, math.Ceil(x/10)*10)
		}
	}
	for _, g := range grades {
		slices.SortFunc(g.names, func(a, b string) int { return cmp.Compare(gradeOrder(a), gradeOrder(b)) })
		c.Grades = append(c.Grades, labelCount{Label: strings.Join(g.names, " / "), Count: g.count, Tier: g.tier})
	}
	slices.SortFunc(c.Grades, func(a, b labelCount) int {
		return cmp.Or(cmp.Compare(gradeClass(a.Label), gradeClass(b.Label)), cmp.Compare(a.Label, b.Label))
	})
	for code, n := range codes {
		c.Findings = append(c.Findings, labelCount{Label: code + " " + check.Title(code), Count: n})
	}
	slices.SortFunc(c.Findings, func(a, b labelCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Label, b.Label)) })
	if len(c.Findings) > topFindings+1 {
		rest := labelCount{}
		for _, f := range c.Findings[topFindings:] {
			rest.Count += f.Count
		}
		rest.Label = fmt.Sprintf("其他（%d 类）", len(c.Findings)-topFindings)
		c.Findings = append(c.Findings[:topFindings], rest)
	}
	return c
}

// byYear is the table of totals by year: the average of all evaluations
// and each department (or project) shown, one row each.
type byYear struct {
	Years []int
	Rows  []yearRow
	// Stats are the evaluations of each year at a glance, and Chart the
	// same as JSON for app.js (grades stacked by year, the average total
	// and execution rate as lines).
	Stats []yearStat
	Chart string
}

// yearStat is one year of the bureau's evaluations (of the subject
// filtered): how many, the average total and execution rate, and how many
// of each grade tier (优/良/中/差 and their synonyms) and unscored.
type yearStat struct {
	Year                  int
	Count, Scored         int
	Average, AvgExecution string // "" when none
	Tiers                 [4]int
	Unscored, OtherGrade  int
}

// yearChart is yearStat for app.js.
type yearChart struct {
	Years     []int      `json:"years"`
	Tiers     [4][]int   `json:"tiers"`
	Unscored  []int      `json:"unscored"`
	Average   []*float64 `json:"average"`
	Execution []*float64 `json:"execution"`
}

type yearRow struct {
	Name    string
	Average bool
	Totals  []string // by year, "" where there is none
	// Change is the last total less the first, signed ("+3.20"), when
	// there are two.
	Change string
}

// maxYearRows is how many departments the by-year table lists beside the
// average: the first of the table as sorted.
const maxYearRows = 10

// yearTable computes the totals by year of the average of all (of the
// subject filtered) and of up to maxYearRows of the rows shown.
func yearTable(rows, all []*jixiao.Summary, q bureauQuery) byYear {
	var t byYear
	type key struct {
		org     int64
		subject string
	}
	byKey := map[key]map[int]decimal.Decimal{}
	sums, counts := map[int]decimal.Decimal{}, map[int]int{}
	for _, s := range all {
		if !s.Scored || (q.Subject != "" && string(s.Subject) != q.Subject) {
			continue
		}
		if !slices.Contains(t.Years, s.Year) {
			t.Years = append(t.Years, s.Year)
		}
		k := key{s.OrgID, string(s.Subject) + s.SubjectKey}
		if byKey[k] == nil {
			byKey[k] = map[int]decimal.Decimal{}
		}
		byKey[k][s.Year] = s.Total
		sums[s.Year] = sums[s.Year].Add(s.Total)
		counts[s.Year]++
	}
	slices.Sort(t.Years)
	avg := map[int]decimal.Decimal{}
	for _, y := range t.Years {
		avg[y] = sums[y].Div(decimal.NewFromInt(int64(counts[y]))).Round(2)
	}
	t.yearStats(all, q)
	t.Rows = append(t.Rows, t.row("全部平均", avg))
	t.Rows[0].Average = true
	for _, s := range rows {
		if len(t.Rows) > maxYearRows {
			break
		}
		if vals := byKey[key{s.OrgID, string(s.Subject) + s.SubjectKey}]; len(vals) > 0 {
			t.Rows = append(t.Rows, t.row(displayName(s), vals))
		}
	}
	return t
}

// yearStats counts each year's evaluations of all (of the subject
// filtered), scored or not, for the table and chart of years.
func (t *byYear) yearStats(all []*jixiao.Summary, q bureauQuery) {
	type acc struct {
		st          yearStat
		total, exec decimal.Decimal
		execs       int
	}
	by := map[int]*acc{}
	var years []int
	for _, s := range all {
		if q.Subject != "" && string(s.Subject) != q.Subject {
			continue
		}
		a := by[s.Year]
		if a == nil {
			a = &acc{st: yearStat{Year: s.Year}}
			by[s.Year] = a
			years = append(years, s.Year)
		}
		a.st.Count++
		if !s.Scored {
			a.st.Unscored++
			continue
		}
		a.st.Scored++
		a.total = a.total.Add(s.Total)
		if tier := gradeTier(s.Grade); tier > 0 {
			a.st.Tiers[tier-1]++
		} else {
			a.st.OtherGrade++
		}
		if s.Execution != nil {
			a.exec, a.execs = a.exec.Add(*s.Execution), a.execs+1
		}
	}
	slices.Sort(years)
	ch := yearChart{Years: []int{}, Unscored: []int{}, Average: []*float64{}, Execution: []*float64{}}
	for i := range ch.Tiers {
		ch.Tiers[i] = []int{}
	}
	for _, y := range years {
		a := by[y]
		var avgTotal, avgExec *float64
		if a.st.Scored > 0 {
			d := a.total.Div(decimal.NewFromInt(int64(a.st.Scored))).Round(2)
			a.st.Average, avgTotal = jixiao.Fixed(d, 2), chartValue(d)
		}
		if a.execs > 0 {
			d := a.exec.Div(decimal.NewFromInt(int64(a.execs))).Shift(2).Round(2)
			a.st.AvgExecution, avgExec = jixiao.Fixed(d, 2)+"%", chartValue(d)
		}
		t.Stats = append(t.Stats, a.st)
		ch.Years = append(ch.Years, y)
		for i := range ch.Tiers {
			ch.Tiers[i] = append(ch.Tiers[i], a.st.Tiers[i])
		}
		ch.Unscored = append(ch.Unscored, a.st.Unscored)
		ch.Average, ch.Execution = append(ch.Average, avgTotal), append(ch.Execution, avgExec)
	}
	data, _ := json.Marshal(ch)
	t.Chart = string(data)
}

// yearStatsText is the chart of years in words, for screen readers.
func yearStatsText(stats []yearStat) string {
	var parts []string
	for _, st := range stats {
		p := fmt.Sprintf("%d年度%d项评价，优%d、良%d、中%d、差%d", st.Year, st.Count, st.Tiers[0], st.Tiers[1], st.Tiers[2], st.Tiers[3])
		if st.Average != "" {
			p += "，平均总分" + st.Average
		}
		if st.AvgExecution != "" {
			p += "，平均预算执行率" + st.AvgExecution
		}
		parts = append(parts, p)
	}
	return "各年度评价：" + strings.Join(parts, "；")
}

func (t *byYear) row(name string, vals map[int]decimal.Decimal) yearRow {
	r := yearRow{Name: name}
	var first, last decimal.Decimal
	n := 0
	for _, y := range t.Years {
		v, ok := vals[y]
		if !ok {
			r.Totals = append(r.Totals, "")
			continue
		}
		r.Totals = append(r.Totals, jixiao.Fixed(v, 2))
		if n == 0 {
			first = v
		}
		last, n = v, n+1
	}
	if n > 1 {
		d := last.Sub(first)
		r.Change = jixiao.Fixed(d, 2)
		if d.IsPositive() {
			r.Change = "+" + r.Change
		}
	}
	return r
}

// GradesText is the grade chart in words, for screen readers.
func (c chartData) GradesText() string { return "评价等级分布：" + countsText(c.Grades, "项") }

// FindingsText is the findings chart in words, for screen readers.
func (c chartData) FindingsText() string {
	return "核查结果按类型：" + countsText(c.Findings, "条")
}

// ScatterText is the scatter chart in words, for screen readers.
func (c chartData) ScatterText() string {
	return fmt.Sprintf("得分与预算执行率散点图：%d 项评价，横轴为预算执行率（0–%s%%），纵轴为得分（0–%s 分）；各项的数值见下方表格",
		len(c.Scatter), strconv.FormatFloat(c.ExecMax, 'f', -1, 64), strconv.FormatFloat(c.ScoreMax, 'f', -1, 64))
}

func countsText(lcs []labelCount, unit string) string {
	if len(lcs) == 0 {
		return "无"
	}
	parts := make([]string, len(lcs))
	for i, l := range lcs {
		parts[i] = fmt.Sprintf("%s %d %s", l.Label, l.Count, unit)
	}
	return strings.Join(parts, "，")
}
