package check

import (
	"fmt"
	"strings"

	"jixiao"
)

// plausibility raises the flags that tell a reviewer where to look first
// (P01–P05).
func (c *checker) plausibility() {
	c.highGradeLowExecution()
	for _, s := range c.scopes() {
		c.allExactlyOnTarget(s)
		c.ratesFromCounts(s)
	}
	c.countedLists()
	c.sameQuantity()
	c.cutToSpent()
	c.overPlanLines()
	c.cutButFullOutputs()
	c.countParts()
	c.lowExecutionHighScore()
}

// highGradeLowExecution flags the top grade given despite low execution
// (P01): for the department and for each scored project.
func (c *checker) highGradeLowExecution() {
	bands := c.rb.Bands()
	if len(bands) == 0 {
		return
	}
	top := bands[0].Name
	limit := c.explainBelow()
	if sc := c.Scorecard; sc != nil && c.ev.Subject == jixiao.SubjectDepartment && sc.Grade == top && c.ev.Budget != nil && !c.incomplete("") {
		fin, ok1 := spent(c.ev.Budget.Final)
		adj, ok2 := spent(c.ev.Budget.Adjusted)
		if ok1 && ok2 && adj.IsPositive() {
			r, _ := jixiao.Ratio(fin, adj)
			if r.LessThan(limit) {
				sev, tail := jixiao.Severity(""), ""
				if strings.TrimSpace(c.ev.Budget.ExecutionCause) != "" {
					sev, tail = jixiao.SeverityInfo, "；已说明原因："+shortText(c.ev.Budget.ExecutionCause)
				}
				c.add("P01", sev, "budget", "部门整体",
					fmt.Sprintf("评价等级为“%s”（%s分），而部门预算执行率为%s（决算基本支出和项目支出%s%s / 调整预算%s%s），低于%s%s",
						sc.Grade, jixiao.Fixed(sc.Displayed, c.round.Total), c.percent(r), c.amount(fin), c.ev.Budget.AmountUnit(), c.amount(adj), c.ev.Budget.AmountUnit(), jixiao.Percent(limit, 0), tail),
					num("评价等级", sc.Grade), num("总分", jixiao.Fixed(sc.Displayed, c.round.Total)), num("预算执行率", c.percent(r)))
			}
		}
	}
	for path, sc := range c.scorecards {
		p := c.projectAt(path + ".")
		if p == nil || sc.Grade != top || c.incomplete(path+".") {
			continue
		}
		if r, how, ok := c.projectRate(p); ok && r.LessThan(limit) {
			sev, tail := jixiao.Severity(""), ""
			if strings.TrimSpace(p.ExecutionCause) != "" {
				sev, tail = jixiao.SeverityInfo, "；已说明原因："+shortText(p.ExecutionCause)
			}
			c.add("P01", sev, path, fmt.Sprintf("项目“%s”", p.Name),
				fmt.Sprintf("评价等级为“%s”（%s分），而预算执行率为%s（%s），低于%s%s", sc.Grade, jixiao.Fixed(sc.Displayed, c.round.Total), c.percent(r), how, jixiao.Percent(limit, 0), tail),
				num("评价等级", sc.Grade), num("预算执行率", c.percent(r)))
		}
	}
}

// allExactlyOnTarget flags a scope whose quantitative actuals all equal
// their targets (P02).
func (c *checker) allExactlyOnTarget(s scope) {
	n := 0
	for i := range s.indicators {
		in := &s.indicators[i]
		if in.Qualitative() {
			continue
		}
		o, err := in.Operands()
		if err != nil {
			continue
		}
		if !o.Actual.Equal(o.Target) {
			return
		}
		n++
	}
	if n >= 4 {
		c.add("P02", "", s.at("indicators"), s.label, fmt.Sprintf("%s的%d个定量指标，实际值全部恰好等于指标值，请核实是否据实填报", s.label, n), num("定量指标数", fmt.Sprint(n)))
	}
}

// ratesFromCounts recomputes a rate's actual from its stated numerator and
// denominator (P04).
func (c *checker) ratesFromCounts(s scope) {
	for i := range s.indicators {
		in := &s.indicators[i]
		if !in.Numerator.Numeric || !in.Denominator.Numeric || !in.Actual.Numeric || in.Actual.Unit != "%" {
			continue
		}
		c.rateCheck("P04", s.ind(i)+".actual", s.where(in), "“"+in.Name+"”", in.Actual, "分子", in.Numerator.Value, "分母", in.Denominator.Value, "", false)
	}
}

// countedLists compares stated counts with the lists they count (P03).
func (c *checker) countedLists() {
	o := c.ev.Org
	if o.UnitsStated != nil && len(o.Units) > 0 && *o.UnitsStated != len(o.Units) {
		c.add("P03", "", "org.units_stated", "单位概况 › 机构设置", fmt.Sprintf("所述下属单位%d个，实际列出%d个", *o.UnitsStated, len(o.Units)),
			num("所述数量", fmt.Sprint(*o.UnitsStated)), num("列出数量", fmt.Sprint(len(o.Units))))
	}
}

// sameQuantity flags an indicator stated in several places with different
// numbers (P05).
func (c *checker) sameQuantity() {
	// All indicators in one slice, each linked to the next of its name
	// (-1: none), the names in the order they first appear: no slice per
	// name.
	type place struct {
		name  string
		scope int
		i     int // in the scope's indicators
		next  int
	}
	scopes := c.scopes()
	n := 0
	for _, s := range scopes {
		n += len(s.indicators)
	}
	places := make([]place, 0, n)
	last := make(map[string]int, n) // name → its last place so far
	for si, s := range scopes {
		for i := range s.indicators {
			name := strings.TrimSpace(s.indicators[i].Name)
			if k, ok := last[name]; ok {
				places[k].next = len(places)
			}
			last[name] = len(places)
			places = append(places, place{name, si, i, -1})
		}
	}
	var ps []place
	for k, p0 := range places {
		if p0.next < 0 || last[p0.name] < 0 {
			continue // alone, or a later place of a name already seen
		}
		last[p0.name] = -1
		ps = ps[:0]
		for ; k >= 0; k = places[k].next {
			ps = append(ps, places[k])
		}
		name := p0.name
		for _, field := range []struct {
			name, key string
			get       func(*jixiao.Indicator) jixiao.Figure
		}{
			{"指标值", "target", func(in *jixiao.Indicator) jixiao.Figure { return in.Target }},
			{"实际值", "actual", func(in *jixiao.Indicator) jixiao.Figure { return in.Actual }},
		} {
			first := scopes[ps[0].scope]
			f0 := field.get(&first.indicators[ps[0].i])
			if !f0.Numeric {
				continue
			}
			v0, u0 := f0.Base()
			for _, p := range ps[1:] {
				s := scopes[p.scope]
				f := field.get(&s.indicators[p.i])
				if !f.Numeric {
					continue
				}
				v, u := f.Base()
				if u != u0 || v.Equal(v0) {
					continue
				}
				c.add("P05", "", s.ind(p.i)+"."+field.key, s.label+" › "+name,
					fmt.Sprintf("指标“%s”在%s中%s为%s，在%s中为%s", name, first.label, field.name, f0.Text, s.label, f.Text),
					num(first.label, f0.Text), num(s.label, f.Text))
			}
		}
	}
}
