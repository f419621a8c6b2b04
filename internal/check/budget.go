package check

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

var bigAdjustment = decimal.New(2, -1) // B06: adjustments beyond ±20% are worth a note

// budget checks each stage's arithmetic, the stages against each other and
// the stated execution rates (B01–B08).
func (c *checker) budget() {
	c.adjustReason()
	c.projectOverspend()
	c.projectUses()
	b := c.ev.Budget
	if b == nil {
		return
	}
	c.listedProjects()
	c.yearOnYear()
	unit := b.AmountUnit()
	for _, st := range jixiao.AllStages {
		s := b.Stage(st)
		if s == nil {
			continue
		}
		path, title := "budget."+string(st), st.Title()
		where := "预算收支 › " + title
		if s.IncomeTotal != nil && len(s.Income) > 0 {
			var parts []part
			for _, l := range s.Income {
				if l.Amount != nil {
					parts = append(parts, part{l.Source.Title(), *l.Amount})
				}
			}
			c.sumCheck("B01", path+".income", where+" › 收入", title+"各项收入之和", title+"收入合计", parts, *s.IncomeTotal, unit)
		}
		if s.ExpenditureTotal != nil && s.Basic != nil && s.Project != nil {
			parts := []part{{"基本支出", *s.Basic}, {"项目支出", *s.Project}}
			if s.Carryover != nil {
				parts = append(parts, part{"年末结转和结余", *s.Carryover})
			}
			c.sumCheck("B02", path+".expenditure_total", where+" › 支出", title+"支出明细之和", title+"支出合计", parts, *s.ExpenditureTotal, unit)
		}
		if s.IncomeTotal != nil && s.ExpenditureTotal != nil {
			c.sumCheck("B03", path+".expenditure_total", where, title+"收入合计", title+"支出合计", []part{{"收入合计", *s.IncomeTotal}}, *s.ExpenditureTotal, unit)
		}
		if s.Personnel != nil && s.Public != nil && s.Basic != nil {
			c.sumCheck("B04", path+".basic", where+" › 基本支出", title+"人员经费与公用经费之和", title+"基本支出",
				[]part{{"人员经费", *s.Personnel}, {"公用经费", *s.Public}}, *s.Basic, unit)
		}
		c.duplicateSources(s, path, where, unit)
	}
	c.overspend(b, unit)
	c.adjustment(b, unit)
	c.statedRates(b, unit)
}

// duplicateSources flags an income source listed more than once (B08).
func (c *checker) duplicateSources(s *jixiao.BudgetStage, path, where, unit string) {
	seen := map[jixiao.IncomeSource][]string{}
	var order []jixiao.IncomeSource
	for _, l := range s.Income {
		if _, ok := seen[l.Source]; !ok {
			order = append(order, l.Source)
		}
		v := "（未填金额）"
		if l.Amount != nil {
			v = c.amount(*l.Amount) + unit
		}
		seen[l.Source] = append(seen[l.Source], v)
	}
	for _, src := range order {
		if vs := seen[src]; len(vs) > 1 {
			c.add("B08", "", path+".income", where+" › 收入",
				fmt.Sprintf("“%s”出现%d次（%s）", src.Title(), len(vs), strings.Join(vs, "、")), num("次数", fmt.Sprint(len(vs))))
		}
	}
}

// spent is a stage's spending by the one definition (jixiao.BudgetStage.Spent).
func spent(s *jixiao.BudgetStage) (decimal.Decimal, bool) { return s.Spent() }

// overspend flags final expenditure above the adjusted budget (B05).
func (c *checker) overspend(b *jixiao.Budget, unit string) {
	a, f, stage := b.Adjusted, b.Final, "调整预算"
	if a == nil {
		// A table with no adjusted budget (年初预算数 | 全年执行数).
		a, stage = b.Initial, "年初预算"
	}
	if a == nil || f == nil {
		return
	}
	tol := c.halfUnit().Mul(decimal.NewFromInt(2))
	lines := []struct {
		name, field string
		adj, fin    *decimal.Decimal
	}{{"基本支出", "basic", a.Basic, f.Basic}, {"项目支出", "project", a.Project, f.Project}}
	if b.Adjusted == nil {
		// The total too, which the initial budget alone cannot cover.
		lines = append(lines, struct {
			name, field string
			adj, fin    *decimal.Decimal
		}{"支出合计", "expenditure_total", a.ExpenditureTotal, f.ExpenditureTotal})
	}
	for _, x := range lines {
		if x.adj == nil || x.fin == nil || x.fin.Sub(*x.adj).LessThanOrEqual(tol) {
			continue
		}
		c.add("B05", "", "budget.final."+x.field, "预算收支 › 决算 › "+x.name,
			fmt.Sprintf("%s决算%s%s > %s%s%s，超出%s%s", x.name, c.amount(*x.fin), unit, stage, c.amount(*x.adj), unit, c.amount(x.fin.Sub(*x.adj)), unit),
			num("决算", c.amount(*x.fin)), num(stage, c.amount(*x.adj)))
	}
}

// adjustment notes a large change from the initial to the adjusted budget
// (B06), with the 预算调整率.
func (c *checker) adjustment(b *jixiao.Budget, unit string) {
	if b.Initial == nil || b.Adjusted == nil {
		return
	}
	ini, adj := stageTotal(b.Initial), stageTotal(b.Adjusted)
	if ini == nil || adj == nil || !ini.IsPositive() {
		return
	}
	change := adj.Sub(*ini)
	r, _ := jixiao.Ratio(change, *ini)
	if r.Abs().LessThanOrEqual(bigAdjustment) {
		return
	}
	word := "增加"
	if change.IsNegative() {
		word = "减少"
	}
	c.add("B06", "", "budget.adjusted", "预算收支 › 调整预算",
		fmt.Sprintf("调整预算%s%s比年初预算%s%s%s%s%s，预算调整率%s（(%s − %s) / %s）", c.amount(*adj), unit, c.amount(*ini), unit, word,
			c.amount(change.Abs()), unit, c.percent(r), c.amount(*adj), c.amount(*ini), c.amount(*ini)),
		num("年初预算", c.amount(*ini)), num("调整预算", c.amount(*adj)), num("预算调整率", c.percent(r)))
}

// statedRates recomputes each execution rate the report states (B07).
func (c *checker) statedRates(b *jixiao.Budget, unit string) {
	for k, sr := range b.Rates {
		path := fmt.Sprintf("budget.rates[%d]", k)
		var n, d decimal.Decimal
		var ok bool
		var what string
		switch sr.Of {
		case "total":
			what = "部门预算执行率"
			var ok1, ok2 bool
			n, ok1 = spent(b.Final)
			d, ok2 = spent(b.Adjusted)
			ok = ok1 && ok2
		case "basic", "project":
			what = map[string]string{"basic": "基本支出执行率", "project": "项目支出执行率"}[sr.Of]
			if b.Final != nil && b.Adjusted != nil {
				fin, adj := b.Final.Basic, b.Adjusted.Basic
				if sr.Of == "project" {
					fin, adj = b.Final.Project, b.Adjusted.Project
				}
				if fin != nil && adj != nil {
					n, d, ok = *fin, *adj, true
				}
			}
		default:
			var src jixiao.IncomeSource
			if src.UnmarshalText([]byte(sr.Of)) != nil {
				continue
			}
			what = src.Title() + "执行率"
			fin, ok1 := sourceAmount(b.Final, src)
			adj, ok2 := sourceAmount(b.Adjusted, src)
			n, d, ok = fin, adj, ok1 && ok2
		}
		if !ok {
			continue
		}
		c.rateCheck("B07", path, "预算收支 › "+what, what, sr.Rate, "决算", n, "调整预算", d, unit, true)
	}
}

func sourceAmount(s *jixiao.BudgetStage, src jixiao.IncomeSource) (decimal.Decimal, bool) {
	if s == nil {
		return decimal.Zero, false
	}
	sum, found := decimal.Zero, false
	for _, l := range s.Income {
		if l.Source == src && l.Amount != nil {
			sum, found = jixiao.Add(sum, *l.Amount), true
		}
	}
	return sum, found
}

// assets checks the asset identity and that no part exceeds the whole
// (A01, A02).
func (c *checker) assets() {
	a := c.ev.Org.Assets
	if a == nil {
		return
	}
	unit := a.AmountUnit()
	where := "单位概况 › 资产"
	if a.FixedOriginal != nil && a.Depreciation != nil && a.FixedNet != nil {
		net := a.FixedOriginal.Sub(*a.Depreciation)
		diff := net.Sub(*a.FixedNet)
		if !diff.IsZero() {
			tol := c.halfUnit().Mul(decimal.NewFromInt(3))
			sev := jixiao.Severity("")
			note := ""
			if diff.Abs().LessThanOrEqual(tol) {
				sev, note = jixiao.SeverityInfo, fmt.Sprintf("，在3个数各自四舍五入的误差范围（±%s%s）内", tol, unit)
			}
			c.add("A01", sev, "org.assets.fixed_net", where,
				fmt.Sprintf("固定资产原值%s − 累计折旧%s = %s%s，而所述净值为%s%s，相差%s%s%s", c.amount(*a.FixedOriginal), c.amount(*a.Depreciation),
					c.amount(net), unit, c.amount(*a.FixedNet), unit, c.amount(diff.Abs()), unit, note),
				num("原值−累计折旧", c.amount(net)), num("所述净值", c.amount(*a.FixedNet)), num("差额", c.amount(diff)))
		}
	}
	tol := c.halfUnit().Mul(decimal.NewFromInt(3))
	if a.FixedOriginal != nil && a.Depreciation != nil && a.Depreciation.Sub(*a.FixedOriginal).GreaterThan(tol) {
		c.add("A02", "", "org.assets.depreciation", where,
			fmt.Sprintf("累计折旧%s%s大于固定资产原值%s%s", c.amount(*a.Depreciation), unit, c.amount(*a.FixedOriginal), unit),
			num("累计折旧", c.amount(*a.Depreciation)), num("原值", c.amount(*a.FixedOriginal)))
	}
	if a.Total == nil {
		return
	}
	var parts []part
	for _, p := range []struct {
		name string
		v    *decimal.Decimal
	}{{"货币资金", a.Cash}, {"固定资产净值", a.FixedNet}} {
		if p.v == nil {
			continue
		}
		parts = append(parts, part{p.name, *p.v})
		if p.v.Sub(*a.Total).GreaterThan(tol) {
			c.add("A02", "", "org.assets", where, fmt.Sprintf("%s%s%s大于资产总额%s%s", p.name, c.amount(*p.v), unit, c.amount(*a.Total), unit),
				num(p.name, c.amount(*p.v)), num("资产总额", c.amount(*a.Total)))
			return
		}
	}
	if len(parts) == 2 {
		sum := parts[0].value.Add(parts[1].value)
		if sum.Sub(*a.Total).GreaterThan(tol) {
			c.add("A02", "", "org.assets", where,
				fmt.Sprintf("货币资金%s + 固定资产净值%s = %s%s，大于资产总额%s%s", c.amount(parts[0].value), c.amount(parts[1].value), c.amount(sum), unit, c.amount(*a.Total), unit),
				num("货币资金+固定资产净值", c.amount(sum)), num("资产总额", c.amount(*a.Total)))
		}
	}
}

// stageTotal is a budget stage's stated total: its expenditure, else its
// income.
func stageTotal(s *jixiao.BudgetStage) *decimal.Decimal {
	if s.ExpenditureTotal != nil {
		return s.ExpenditureTotal
	}
	return s.IncomeTotal
}
