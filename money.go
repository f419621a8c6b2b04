package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Money and scores are exact decimals (shopspring/decimal); float64 never
// carries an amount. Rounding is half-up (四舍五入, half away from zero, as
// Excel's ROUND) and happens once, for display.

// Round rounds d half-up to places decimal places.
func Round(d decimal.Decimal, places int32) decimal.Decimal { return d.Round(places) }

// Fixed formats d half-up with exactly places decimals: Fixed(1.005, 2) = "1.01".
func Fixed(d decimal.Decimal, places int32) string { return d.StringFixed(places) }

// Plain formats d as stated, without trailing zeros: 17 → "17", 0.50 → "0.5".
func Plain(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Ratio returns a/b to 12 decimal places (half-up), enough for any
// percentage or score derived from it; ok is false when b is zero.
func Ratio(a, b decimal.Decimal) (r decimal.Decimal, ok bool) {
	if b.IsZero() {
		return decimal.Decimal{}, false
	}
	return a.DivRound(b, 12), true
}

// Percent formats a ratio (0.1521) as a percentage with places decimals ("15.21%").
func Percent(r decimal.Decimal, places int32) string {
	return r.Shift(2).StringFixed(places) + "%"
}

// Dec is a shorthand for a decimal from a literal; it panics on bad input and
// is meant for constants in code and tests.
func Dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Amount units a budget may be stated in.
const (
	UnitWanYuan = "万元"
	UnitYuan    = "元"
)

// ToYuan converts an amount in unit (万元 or 元) to 元.
func ToYuan(d decimal.Decimal, unit string) decimal.Decimal {
	if unit == UnitWanYuan {
		return d.Shift(4)
	}
	return d
}
