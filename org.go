package jixiao

import "github.com/shopspring/decimal"

// Org is the organisation evaluated (单位/部门): its profile as the report's
// 部门基本情况 states it.
type Org struct {
	Code      string   `json:"code,omitempty" zh:"单位编码"`
	Name      string   `json:"name" zh:"单位名称" jx:"required"`
	Parent    string   `json:"parent,omitempty" zh:"上级单位（主管部门或财政局）"`
	Nature    string   `json:"nature,omitempty" zh:"单位性质" doc:"如：行政单位、事业单位"`
	Funding   string   `json:"funding,omitempty" zh:"经费形式" doc:"如：财政全额拨款"`
	Functions []string `json:"functions,omitempty" zh:"部门职能"`
	Units     []string `json:"units,omitempty" zh:"下属单位"`
	// UnitsStated is the number of subordinate units the report states
	// ("等18个下属单位"); kept beside the list so a checker can compare.
	UnitsStated *int       `json:"units_stated,omitempty" zh:"报告所述下属单位数"`
	Headcount   *Headcount `json:"headcount,omitempty" zh:"人员情况"`
	Assets      *Assets    `json:"assets,omitempty" zh:"资产情况"`
}

// Headcount is the staff of an organisation at year end.
type Headcount struct {
	Authorized *int `json:"authorized,omitempty" zh:"编制数"`
	Active     *int `json:"active,omitempty" zh:"年末在职实有人数"`
	Retired    *int `json:"retired,omitempty" zh:"离退休人数"`
}

// Assets is the asset position at year end, as stated.
type Assets struct {
	AsOf          string           `json:"as_of,omitempty" zh:"截止日期" doc:"如：2024年底"`
	Unit          string           `json:"unit,omitempty" zh:"金额单位" doc:"万元（默认）或 元"`
	Total         *decimal.Decimal `json:"total,omitempty" zh:"资产总额"`
	Cash          *decimal.Decimal `json:"cash,omitempty" zh:"货币资金"`
	FixedOriginal *decimal.Decimal `json:"fixed_original,omitempty" zh:"固定资产原值"`
	Depreciation  *decimal.Decimal `json:"depreciation,omitempty" zh:"固定资产累计折旧"`
	FixedNet      *decimal.Decimal `json:"fixed_net,omitempty" zh:"固定资产净值"`
	Note          string           `json:"note,omitempty" zh:"资产管理情况说明"`
}

// AmountUnit returns the unit amounts are stated in (万元 unless given).
func (a *Assets) AmountUnit() string { return unitOrDefault(a.Unit) }

func unitOrDefault(u string) string {
	if u == "" {
		return UnitWanYuan
	}
	return u
}

func (o *Org) validate(path string, ps *Problems) {
	// A blank name is kept: check reports it (F03), and Storable refuses
	// to store the case without one.
	if o.UnitsStated != nil && *o.UnitsStated < 0 {
		ps.add(join(path, "units_stated"), "下属单位数不能为负数")
	}
	if h := o.Headcount; h != nil {
		for _, f := range []struct {
			name string
			v    *int
		}{{"authorized", h.Authorized}, {"active", h.Active}, {"retired", h.Retired}} {
			if f.v != nil && *f.v < 0 {
				ps.add(join(join(path, "headcount"), f.name), "人数不能为负数")
			}
		}
	}
	if a := o.Assets; a != nil {
		ap := join(path, "assets")
		validateUnit(join(ap, "unit"), a.Unit, ps)
		for _, f := range []struct {
			name string
			v    *decimal.Decimal
		}{{"total", a.Total}, {"cash", a.Cash}, {"fixed_original", a.FixedOriginal}, {"depreciation", a.Depreciation}, {"fixed_net", a.FixedNet}} {
			validateAmount(join(ap, f.name), f.v, ps)
		}
	}
}

func validateUnit(path, unit string, ps *Problems) {
	if unit != "" && unit != UnitWanYuan && unit != UnitYuan {
		ps.add(path, "金额单位应为“万元”或“元”，实际为“%s”", unit)
	}
}
