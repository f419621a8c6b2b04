package check_test

import (
	"testing"

	"jixiao"
)

const (
	errS  = jixiao.SeverityError
	warnS = jixiao.SeverityWarning
	infoS = jixiao.SeverityInfo
)

func TestB01IncomeParts(t *testing.T) {
	fs := run(t, edit(t, department, "income: [{source: general_public, amount: 900}, {source: service, amount: 200}]\n    expenditure_total: 1100\n    basic: 390",
		"income: [{source: general_public, amount: 900}, {source: service, amount: 107.12}]\n    expenditure_total: 1100\n    basic: 390"))
	f := expect(t, fs, "B01", errS, "budget.final.income", "决算各项收入之和1007.12万元 ≠ 决算收入合计1100.00万元，相差92.88万元（900.00 + 107.12 = 1007.12）")
	if f.Numbers[2].Value != "-92.88" {
		t.Errorf("numbers %v", f.Numbers)
	}
	// A cent off over three figures is rounding: info, not error.
	fs = run(t, edit(t, department, "income_total: 1000\n", "income_total: 1000.01\n"))
	expect(t, fs, "B01", infoS, "budget.initial.income", "相差0.01万元，在3个数各自四舍五入的误差范围（±0.015万元）内")
	none(t, run(t, department), "B01")
}

func TestB02ExpenditureParts(t *testing.T) {
	fs := run(t, edit(t, department, "carryover: 20", "carryover: 25"))
	expect(t, fs, "B02", errS, "budget.final.expenditure_total", "决算支出明细之和1105.00万元 ≠ 决算支出合计1100.00万元，相差5.00万元（390.00 + 690.00 + 25.00 = 1105.00）")
	// Without both basic and project, the parts are incomplete: no check.
	none(t, run(t, edit(t, department, "    basic: 400\n    project: 700\n", "    basic: 400\n")), "B02")
}

func TestB03IncomeAgainstExpenditure(t *testing.T) {
	fs := run(t, edit(t, department, "    expenditure_total: 1000\n    basic: 400\n    personnel", "    expenditure_total: 990\n    basic: 400\n    personnel"))
	expect(t, fs, "B03", errS, "budget.initial.expenditure_total", "年初预算收入合计1000.00万元 ≠ 年初预算支出合计990.00万元，相差10.00万元")
	none(t, run(t, department), "B03")
}

func TestB04BasicParts(t *testing.T) {
	fs := run(t, edit(t, department, "public: 100", "public: 90"))
	expect(t, fs, "B04", errS, "budget.initial.basic", "年初预算人员经费与公用经费之和390.00万元 ≠ 年初预算基本支出400.00万元")
	none(t, run(t, department), "B04")
}

func TestB05Overspend(t *testing.T) {
	fs := run(t, edit(t, department, "basic: 390\n    project: 690\n    carryover: 20", "basic: 410\n    project: 670\n    carryover: 20"))
	expect(t, fs, "B05", warnS, "budget.final.basic", "基本支出决算410.00万元 > 调整预算400.00万元，超出10.00万元")
	none(t, run(t, department), "B05")
}

func TestB06LargeAdjustment(t *testing.T) {
	src := edit(t, department, "  adjusted:\n    income_total: 1100\n    income: [{source: general_public, amount: 900}, {source: service, amount: 200}]\n    expenditure_total: 1100",
		"  adjusted:\n    income_total: 1300\n    income: [{source: general_public, amount: 1100}, {source: service, amount: 200}]\n    expenditure_total: 1300")
	src = edit(t, src, "    basic: 400\n    project: 700\n", "    basic: 400\n    project: 900\n")
	fs := run(t, src)
	expect(t, fs, "B06", infoS, "budget.adjusted", "调整预算1300.00万元比年初预算1000.00万元增加300.00万元，预算调整率30.00%")
	none(t, run(t, department), "B06") // +10%
}

func TestB07StatedRates(t *testing.T) {
	// Final basic + project 1080 / adjusted 1100 = 98.1818…%.
	with := func(rates string) []jixiao.Finding {
		return run(t, edit(t, department, "goals:", "  rates: "+rates+"\ngoals:"))
	}
	none(t, with(`[{of: total, rate: 98.18%}, {of: basic, rate: 97.5%}, {of: project, rate: "98.57%"}, {of: 一般公共预算收入, rate: 100%}]`), "B07")
	fs := with(`[{of: total, rate: 98.5%}]`)
	expect(t, fs, "B07", errS, "budget.rates[0]", "所述部门预算执行率98.5%，而决算1080.00万元 / 调整预算1100.00万元 = 98.18%，相差0.32个百分点")
	// 98% written without decimals is 98.18% rounded: consistent.
	none(t, with(`[{of: total, rate: 98%}]`), "B07")
	fs = with(`[{of: service, rate: 90%}]`)
	expect(t, fs, "B07", errS, "budget.rates[0]", "所述事业收入执行率90%，而决算200.00万元 / 调整预算200.00万元 = 100.00%，相差10.00个百分点")
}

func TestB08DuplicateSource(t *testing.T) {
	fs := run(t, edit(t, department, "income: [{source: 一般公共预算收入, amount: 800}, {source: 事业收入, amount: 200}]",
		"income: [{source: 一般公共预算收入, amount: 700}, {source: 一般公共预算收入, amount: 100}, {source: 事业收入, amount: 200}]"))
	expect(t, fs, "B08", warnS, "budget.initial.income", "“一般公共预算收入”出现2次（700.00万元、100.00万元）")
	none(t, fs, "B01") // the duplicates still add up
	none(t, run(t, department), "B08")
}

func TestA01AssetIdentity(t *testing.T) {
	fs := run(t, edit(t, department, "fixed_net: 300", "fixed_net: 310"))
	expect(t, fs, "A01", errS, "org.assets.fixed_net", "固定资产原值500.00 − 累计折旧200.00 = 300.00万元，而所述净值为310.00万元，相差10.00万元")
	fs = run(t, edit(t, department, "fixed_net: 300", "fixed_net: 300.01"))
	expect(t, fs, "A01", infoS, "org.assets.fixed_net", "在3个数各自四舍五入的误差范围")
	none(t, run(t, department), "A01")
}

func TestA02AssetParts(t *testing.T) {
	fs := run(t, edit(t, department, "cash: 600", "cash: 800"))
	expect(t, fs, "A02", errS, "org.assets", "货币资金800.00 + 固定资产净值300.00 = 1100.00万元，大于资产总额1000.00万元")
	fs = run(t, edit(t, department, "cash: 600", "cash: 1200"))
	expect(t, fs, "A02", errS, "org.assets", "货币资金1200.00万元大于资产总额1000.00万元")
	fs = run(t, edit(t, department, "fixed_original: 500, depreciation: 200, fixed_net: 300", "fixed_original: 500, depreciation: 600, fixed_net: -100"))
	expect(t, fs, "A02", errS, "org.assets.depreciation", "累计折旧600.00万元大于固定资产原值500.00万元")
	none(t, run(t, department), "A02")
}
