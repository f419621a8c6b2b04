package jixiao

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Money and scores are exact decimals (shopspring/decimal); float64 never
// carries an amount. Rounding is half-up (四舍五入, half away from zero, as
// Excel's ROUND) and happens once, for display.

// Round rounds d half-up to places decimal places.
func Round(d decimal.Decimal, places int32) decimal.Decimal { return d.Round(places) }

// Fixed formats d half-up with exactly places decimals: Fixed(1.005, 2) = "1.01".
func Fixed(d decimal.Decimal, places int32) string {
	if s, ok := fixed64(d, 0, places); ok {
		return s
	}
	return d.StringFixed(places)
}

// Plain formats d as stated, without trailing zeros: 17 → "17", 0.50 → "0.5".
func Plain(d decimal.Decimal) string {
	s, ok := fixed64(d, 0, max(-d.Exponent(), 0))
	if !ok {
		s = d.String()
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// pow10 are the powers of ten an int64 holds.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// fixed64 formats d × 10^shift half away from zero with places decimals,
// as StringFixed does, in int64 arithmetic (no big.Int, one allocation for
// the string); ok is false when the figures do not fit an int64, and the
// caller formats with shopspring/decimal instead. Exact: integers only.
func fixed64(d decimal.Decimal, shift, places int32) (string, bool) {
	if places < 0 || places > 18 || d.NumDigits() > 18 {
		return "", false
	}
	c, e := d.CoefficientInt64(), int64(d.Exponent())+int64(shift)
	var v int64 // the result × 10^places
	switch k := e + int64(places); {
	case k >= 0:
		if k > 18 {
			return "", false
		}
		p := pow10[k]
		if c > math.MaxInt64/p || c < -math.MaxInt64/p {
			return "", false
		}
		v = c * p
	case k >= -18:
		p := pow10[-k]
		q, r := c/p, c%p
		if r < 0 {
			r = -r
		}
		if r >= p-r { // half or more: away from zero
			if c < 0 {
				q--
			} else {
				q++
			}
		}
		v = q
	default: // |c| < 10^18 ≤ half of 10^-k: rounds to zero
		v = 0
	}
	var buf [48]byte
	b := buf[:0]
	if v < 0 {
		b = append(b, '-')
		v = -v // no overflow: |v| < 10^19 / 2
	}
	body := len(b)
	b = strconv.AppendInt(b, v, 10)
	for len(b)-body <= int(places) { // 0.05: pad to places+1 digits
		b = append(b, 0)
		copy(b[body+1:], b[body:])
		b[body] = '0'
	}
	if places > 0 {
		at := len(b) - int(places)
		b = append(b, 0)
		copy(b[at+1:], b[at:])
		b[at] = '.'
	}
	return string(b), true
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
	if s, ok := fixed64(r, 2, places); ok {
		return s + "%"
	}
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
