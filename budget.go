package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Budget is a department's budget for the year at three stages. Every
// figure is stored as the report states it: stated totals beside their
// parts, even when they disagree.
type Budget struct {
	Unit     string       `json:"unit,omitempty" zh:"金额单位" doc:"万元（默认）或 元"`
	Initial  *BudgetStage `json:"initial,omitempty" zh:"年初预算"`
	Adjusted *BudgetStage `json:"adjusted,omitempty" zh:"调整预算（全年预算）"`
	Final    *BudgetStage `json:"final,omitempty" zh:"决算（全年执行数）"`
	// Rates are execution rates as the report states them, kept to compare
	// with the rates the stages give.
	Rates []StatedRate `json:"rates,omitempty" zh:"报告所述执行率"`
	// Scores are execution scores a table states row by row (年度资金总额,
	// 基本支出, 项目支出 each with its 分值 and 得分), kept to compare with
	// the rates their amounts give.
	Scores []LineScore `json:"scores,omitempty" zh:"表中逐行所填预算执行得分"`
	// ExecutionCause explains a low execution rate.
	ExecutionCause string `json:"execution_cause,omitempty" zh:"执行率偏低原因"`
	// AdjustReason is why the budget changed during the year.
	AdjustReason string `json:"adjust_reason,omitempty" zh:"预算调整原因"`
	// Projects are the projects the narrative lists with their amounts.
	Projects []SpendLine `json:"projects,omitempty" zh:"所列项目及金额"`
	// Uses is spending by purpose (支出用途), with plan and actual.
	Uses []SpendLine `json:"uses,omitempty" zh:"支出用途明细"`
	// Changes are year-on-year figures as stated.
	Changes []YearOnYear `json:"changes,omitempty" zh:"同比变动"`
}

// LineScore is the execution score a table states for one budget row:
// the whole budget (total), basic or project expenditure.
type LineScore struct {
	Of    string           `json:"of" zh:"预算行" jx:"required" doc:"total（年度资金总额）、basic（基本支出）或 project（项目支出）"`
	Score decimal.Decimal  `json:"score" zh:"所填得分" jx:"required"`
	Max   *decimal.Decimal `json:"max,omitempty" zh:"所印分值"`
}

// StatedRate is an execution rate a report states: of the whole budget
// (total), of basic or project expenditure, or of one income source.
type StatedRate struct {
	Of   string `json:"of" zh:"执行率对象" jx:"required" doc:"total（部门整体）、basic（基本支出）、project（项目支出）或收入来源（如“一般公共预算收入”）"`
	Rate Figure `json:"rate" zh:"执行率" jx:"required" doc:"如“56.69%”"`
}

// AmountUnit returns the unit amounts are stated in (万元 unless given).
func (b *Budget) AmountUnit() string { return unitOrDefault(b.Unit) }

// Stage names a budget stage.
type Stage string

const (
	StageInitial  Stage = "initial"
	StageAdjusted Stage = "adjusted"
	StageFinal    Stage = "final"
)

// Title is the stage's Chinese name.
func (s Stage) Title() string {
	switch s {
	case StageInitial:
		return "年初预算"
	case StageAdjusted:
		return "调整预算"
	case StageFinal:
		return "决算"
	}
	return string(s)
}

// AllStages lists the three stages in order.
var AllStages = []Stage{StageInitial, StageAdjusted, StageFinal}

// Stage returns the given stage, or nil when it is not stated.
func (b *Budget) Stage(s Stage) *BudgetStage {
	switch s {
	case StageInitial:
		return b.Initial
	case StageAdjusted:
		return b.Adjusted
	case StageFinal:
		return b.Final
	}
	return nil
}

// BudgetStage is one stage of a department budget: income by source and
// expenditure by class, with the totals as stated.
type BudgetStage struct {
	IncomeTotal      *decimal.Decimal `json:"income_total,omitempty" zh:"收入合计（报告所述）"`
	Income           []IncomeLine     `json:"income,omitempty" zh:"收入明细（按来源）"`
	ExpenditureTotal *decimal.Decimal `json:"expenditure_total,omitempty" zh:"支出合计（报告所述）"`
	Basic            *decimal.Decimal `json:"basic,omitempty" zh:"基本支出"`
	Personnel        *decimal.Decimal `json:"personnel,omitempty" zh:"其中：人员经费"`
	Public           *decimal.Decimal `json:"public,omitempty" zh:"其中：公用经费"`
	Project          *decimal.Decimal `json:"project,omitempty" zh:"项目支出"`
	Carryover        *decimal.Decimal `json:"carryover,omitempty" zh:"年末结转和结余"`
	Text             string           `json:"text,omitempty" zh:"报告原文"`
}

// IncomeSource is a source of income (收入来源).
type IncomeSource string

const (
	SourceGeneralPublic    IncomeSource = "general_public"
	SourceGovernmentFund   IncomeSource = "government_fund"
	SourceStateCapital     IncomeSource = "state_capital"
	SourceSpecialAccount   IncomeSource = "special_account"
	SourceService          IncomeSource = "service"
	SourceBusiness         IncomeSource = "business"
	SourceOther            IncomeSource = "other"
	SourceNonFiscalBalance IncomeSource = "non_fiscal_balance"
	SourceCarryover        IncomeSource = "carryover"
)

// incomeSources lists every source with its Chinese names; the first name
// is the standard one, the others are spellings reports use.
var incomeSources = []struct {
	code  IncomeSource
	names []string
}{
	{SourceGeneralPublic, []string{"一般公共预算收入", "一般公共预算", "一般公共预算财政拨款收入", "财政拨款收入"}},
	{SourceGovernmentFund, []string{"政府性基金预算收入", "政府性基金预算", "政府性基金", "政府性基金预算财政拨款收入"}},
	{SourceStateCapital, []string{"国有资本经营预算收入", "国有资本经营预算"}},
	{SourceSpecialAccount, []string{"财政专户管理资金收入", "财政专户管理资金", "财政专户"}},
	{SourceService, []string{"事业收入"}},
	{SourceBusiness, []string{"经营收入"}},
	{SourceOther, []string{"其他收入"}},
	{SourceNonFiscalBalance, []string{"使用非财政拨款结余", "使用非财政拨款结余（含专用结余）"}},
	{SourceCarryover, []string{"年初结转和结余", "上年结转", "上年结转和结余"}},
}

// Title is the source's standard Chinese name.
func (s IncomeSource) Title() string {
	for _, x := range incomeSources {
		if x.code == s {
			return x.names[0]
		}
	}
	return string(s)
}

// Enum lists the values a case file may give: codes and Chinese names.
func (IncomeSource) Enum() []string {
	var out []string
	for _, x := range incomeSources {
		out = append(out, string(x.code))
	}
	for _, x := range incomeSources {
		out = append(out, x.names...)
	}
	return out
}

// UnmarshalText accepts the code or any Chinese name.
func (s *IncomeSource) UnmarshalText(b []byte) error {
	t := strings.TrimSpace(string(b))
	for _, x := range incomeSources {
		if t == string(x.code) {
			*s = x.code
			return nil
		}
		for _, n := range x.names {
			if t == n {
				*s = x.code
				return nil
			}
		}
	}
	return errorf("收入来源“%s”不在可选范围内（如：一般公共预算收入、政府性基金预算收入、事业收入、其他收入、年初结转和结余）", t)
}

// IncomeLine is one income source's amount at a stage.
type IncomeLine struct {
	Source IncomeSource     `json:"source" zh:"收入来源" jx:"required"`
	Label  string           `json:"label,omitempty" zh:"报告中的名称" doc:"报告原文的写法，如“使用非财政拨款结余（含专用结余）”"`
	Amount *decimal.Decimal `json:"amount" zh:"金额" jx:"required"`
}

// IncomeSum is the sum of the stated income lines (nil when there are none).
func (s *BudgetStage) IncomeSum() *decimal.Decimal {
	if len(s.Income) == 0 {
		return nil
	}
	sum := decimal.Zero
	for _, l := range s.Income {
		if l.Amount != nil {
			sum = sum.Add(*l.Amount)
		}
	}
	return &sum
}

// ExpenditureSum is basic + project + carryover as stated (nil when none is).
func (s *BudgetStage) ExpenditureSum() *decimal.Decimal {
	if s.Basic == nil && s.Project == nil && s.Carryover == nil {
		return nil
	}
	sum := decimal.Zero
	for _, p := range []*decimal.Decimal{s.Basic, s.Project, s.Carryover} {
		if p != nil {
			sum = sum.Add(*p)
		}
	}
	return &sum
}

func (b *Budget) validate(path string, ps *Problems) {
	validateUnit(join(path, "unit"), b.Unit, ps)
	validateSpendLines(join(path, "projects"), b.Projects, ps)
	validateSpendLines(join(path, "uses"), b.Uses, ps)
	for i, c := range b.Changes {
		p := index(join(path, "changes"), i)
		if strings.TrimSpace(c.Item) == "" {
			ps.add(join(p, "item"), "须写明同比变动的项目")
		}
		for _, f := range []struct {
			name string
			v    *decimal.Decimal
		}{{"previous", c.Previous}, {"current", c.Current}, {"change", c.Change}} {
			validateAmount(join(p, f.name), f.v, ps)
		}
		if !c.Rate.IsZero() && (!c.Rate.Numeric || c.Rate.Unit != "%") {
			ps.add(join(p, "rate"), "增减率应为百分数，如“-12.5%%”，实际为“%s”", c.Rate.Text)
		}
	}
	for i, r := range b.Rates {
		p := index(join(path, "rates"), i)
		var src IncomeSource
		if r.Of != "total" && r.Of != "basic" && r.Of != "project" && src.UnmarshalText([]byte(r.Of)) != nil {
			ps.add(join(p, "of"), "执行率对象“%s”无效，应为 total、basic、project 或收入来源", r.Of)
		}
		if !r.Rate.Numeric || r.Rate.Unit != "%" {
			ps.add(join(p, "rate"), "执行率应为百分数，如“56.69%%”，实际为“%s”", r.Rate.Text)
		}
	}
	for i, l := range b.Scores {
		p := index(join(path, "scores"), i)
		if l.Of != "total" && l.Of != "basic" && l.Of != "project" {
			ps.add(join(p, "of"), "预算行“%s”无效，应为 total、basic 或 project", l.Of)
		}
		if l.Score.IsNegative() {
			ps.add(join(p, "score"), "得分不能为负数")
		}
		if l.Max != nil && !l.Max.IsPositive() {
			ps.add(join(p, "max"), "分值应大于0")
		}
	}
	for _, st := range AllStages {
		bs := b.Stage(st)
		if bs == nil {
			continue
		}
		p := join(path, string(st))
		for i, l := range bs.Income {
			ap := join(index(join(p, "income"), i), "amount")
			if l.Amount != nil && l.Amount.IsNegative() {
				ps.add(ap, "金额不能为负数")
			}
			validateAmount(ap, l.Amount, ps)
		}
		for _, f := range []struct {
			name string
			v    *decimal.Decimal
		}{{"income_total", bs.IncomeTotal}, {"expenditure_total", bs.ExpenditureTotal}, {"basic", bs.Basic}, {"personnel", bs.Personnel},
			{"public", bs.Public}, {"project", bs.Project}, {"carryover", bs.Carryover}} {
			validateAmount(join(p, f.name), f.v, ps)
		}
	}
}

// ProjectBudget is a project's funds (项目资金) at three stages: the annual
// total (年度资金总额) and, where stated, its lines by source.
type ProjectBudget struct {
	Initial  *decimal.Decimal `json:"initial,omitempty" zh:"年初预算数（年度资金总额）"`
	Adjusted *decimal.Decimal `json:"adjusted,omitempty" zh:"全年预算数（调整后）"`
	Final    *decimal.Decimal `json:"final,omitempty" zh:"全年执行数"`
	// Received is the funds actually received (实际到位资金), which report
	// forms state beside the plan (计划安排资金, kept as Adjusted).
	Received *decimal.Decimal `json:"received,omitempty" zh:"实际到位资金"`
	// Balance is the balance (结余) as stated, kept to compare with the
	// funds received (or the budget) less what was spent.
	Balance *decimal.Decimal `json:"balance,omitempty" zh:"结余（报告所述）" doc:"可为负数"`
	Unit    string           `json:"unit,omitempty" zh:"金额单位" doc:"万元（默认）或 元"`
	Lines   []FundLine       `json:"lines,omitempty" zh:"资金来源明细"`
	// Uses is spending by purpose (支出用途), with plan and actual.
	Uses []SpendLine `json:"uses,omitempty" zh:"支出用途明细"`
	// AdjustReason is why the budget changed during the year.
	AdjustReason string `json:"adjust_reason,omitempty" zh:"预算调整原因"`
}

// AmountUnit returns the unit amounts are stated in (万元 unless given).
func (b *ProjectBudget) AmountUnit() string { return unitOrDefault(b.Unit) }

// FundLine is one source of a project's funds, such as 当年财政拨款,
// 上年结转资金 or 其他资金.
type FundLine struct {
	Source   string           `json:"source" zh:"资金来源" jx:"required" doc:"如：当年财政拨款、上年结转资金、其他资金、财政专户管理资金、单位资金"`
	Initial  *decimal.Decimal `json:"initial,omitempty" zh:"年初预算数"`
	Adjusted *decimal.Decimal `json:"adjusted,omitempty" zh:"全年预算数"`
	Final    *decimal.Decimal `json:"final,omitempty" zh:"全年执行数"`
	Received *decimal.Decimal `json:"received,omitempty" zh:"实际到位资金"`
}

// AmountPlaces is the most decimal places an amount may have: millionths
// of the unit (元 with six places; 万元 to the 分 and beyond).
const AmountPlaces = 6

// validateAmount checks that an amount has at most AmountPlaces decimals,
// so that it is stored exactly.
func validateAmount(path string, d *decimal.Decimal, ps *Problems) {
	if d != nil && !d.Equal(d.Round(AmountPlaces)) {
		ps.add(path, "金额最多保留%d位小数，实际为%s", AmountPlaces, d.String())
	}
}

// Spent is a stage's spending as the department's execution rate counts it
// (部门预算执行率 = 决算的基本支出和项目支出 ÷ 调整预算的基本支出和项目支出):
// basic plus project expenditure, else the expenditure total less the
// carry-over. Scoring, the checks and the report use this one definition.
func (st *BudgetStage) Spent() (decimal.Decimal, bool) {
	if st == nil {
		return decimal.Zero, false
	}
	if st.Basic != nil && st.Project != nil {
		return st.Basic.Add(*st.Project), true
	}
	if st.ExpenditureTotal != nil {
		v := *st.ExpenditureTotal
		if st.Carryover != nil {
			v = v.Sub(*st.Carryover)
		}
		return v, true
	}
	return decimal.Zero, false
}

// SpentName names what Spent counts, for the sentences that state the rate.
const SpentName = "基本支出和项目支出"
