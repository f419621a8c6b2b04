package jixiao

import (
	"bytes"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync/atomic"

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

// AppendFixed appends Fixed(d, places) to b, without making a string
// when the figures fit an int64.
func AppendFixed(b []byte, d decimal.Decimal, places int32) []byte {
	if out, ok := appendFixed64(b, d, 0, places); ok {
		return out
	}
	return append(b, d.StringFixed(places)...)
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

// AppendPlain appends Plain(d) to b, without making a string when the
// figures fit an int64.
func AppendPlain(b []byte, d decimal.Decimal) []byte {
	start := len(b)
	out, ok := appendFixed64(b, d, 0, max(-d.Exponent(), 0))
	if !ok {
		out = append(b, d.String()...)
	}
	if bytes.IndexByte(out[start:], '.') >= 0 {
		n := len(out)
		for n > start && out[n-1] == '0' {
			n--
		}
		if n > start && out[n-1] == '.' {
			n--
		}
		out = out[:n]
	}
	return out
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
	var buf [48]byte
	b, ok := appendFixed64(buf[:0], d, shift, places)
	if !ok {
		return "", false
	}
	return string(b), true
}

// appendFixed64 is fixed64 appending to b.
func appendFixed64(b []byte, d decimal.Decimal, shift, places int32) ([]byte, bool) {
	if places < 0 || places > 18 || d.NumDigits() > 18 {
		return b, false
	}
	c, e := d.CoefficientInt64(), int64(d.Exponent())+int64(shift)
	var v int64 // the result × 10^places
	switch k := e + int64(places); {
	case k >= 0:
		if k > 18 {
			return b, false
		}
		p := pow10[k]
		if c > math.MaxInt64/p || c < -math.MaxInt64/p {
			return b, false
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
	return b, true
}

// Ratio returns a/b to 12 decimal places (half-up), enough for any
// percentage or score derived from it; ok is false when b is zero.
func Ratio(a, b decimal.Decimal) (r decimal.Decimal, ok bool) {
	if b.IsZero() {
		return decimal.Decimal{}, false
	}
	return DivRound(a, b, 12), true
}

// DivRound is a.DivRound(b, places) (a/b rounded half away from zero to
// places decimals, b not zero), the same value with the same exponent,
// worked out in 64- and 128-bit integers when the coefficients fit: no
// big.Int but the result's. Anything larger goes to shopspring/decimal.
func DivRound(a, b decimal.Decimal, places int32) decimal.Decimal {
	if q, ok := divRound64(a, b, places); ok {
		return newDecimal(q, -places)
	}
	return a.DivRound(b, places)
}

func divRound64(a, b decimal.Decimal, places int32) (int64, bool) {
	if b.IsZero() || a.NumDigits() > 18 || b.NumDigits() > 18 {
		return 0, false
	}
	ca, cb := a.CoefficientInt64(), b.CoefficientInt64()
	neg := (ca < 0) != (cb < 0)
	ua, ub := uint64(abs64(ca)), uint64(abs64(cb))
	// a/b × 10^places = ua × 10^e / ub, or ua / (ub × 10^-e).
	e := int64(a.Exponent()) - int64(b.Exponent()) + int64(places)
	var hi, lo uint64
	switch {
	case e > 18 || e < -18:
		return 0, false
	case e >= 0:
		hi, lo = bits.Mul64(ua, uint64(pow10[e]))
	default:
		h, l := bits.Mul64(ub, uint64(pow10[-e]))
		if h != 0 {
			return 0, false
		}
		lo, ub = ua, l
	}
	if hi >= ub { // the quotient would not fit 64 bits
		return 0, false
	}
	q, r := bits.Div64(hi, lo, ub)
	if r >= ub-r { // half or more: away from zero
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x // |x| < 10^18: no overflow
	}
	return x
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

// Add is a.Add(b), the same value with the same exponent (the smaller of
// the two), worked out in int64 when the coefficients fit: one big.Int
// for the result instead of shopspring/decimal's three or four when the
// exponents differ. Anything larger goes to shopspring/decimal.
func Add(a, b decimal.Decimal) decimal.Decimal {
	// Adding zero to a figure of no larger exponent is that figure (a
	// Decimal is never changed in place, so it can be shared): the first
	// term of every sum costs nothing.
	switch {
	case b.IsZero() && a.Exponent() <= b.Exponent():
		return a
	case a.IsZero() && b.Exponent() <= a.Exponent():
		return b
	}
	if c, e, ok := add64(a, b); ok {
		return newDecimal(c, e)
	}
	return a.Add(b)
}

// Sub is a.Sub(b), the same value with the same exponent, worked out as
// Add is.
func Sub(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() && a.Exponent() <= b.Exponent() {
		return a
	}
	if c, e, ok := addSigned64(a, b, -1); ok {
		return newDecimal(c, e)
	}
	return a.Sub(b)
}

// Mul is a.Mul(b), the same value with the same exponent (the sum of the
// two), worked out in int64 when the coefficients and their product fit.
func Mul(a, b decimal.Decimal) decimal.Decimal {
	if a.NumDigits() <= 18 && b.NumDigits() <= 18 {
		e := int64(a.Exponent()) + int64(b.Exponent())
		ca, cb := a.CoefficientInt64(), b.CoefficientInt64()
		hi, lo := bits.Mul64(uint64(abs64(ca)), uint64(abs64(cb)))
		if hi == 0 && lo <= math.MaxInt64 && e >= math.MinInt32 && e <= math.MaxInt32 {
			if (ca < 0) != (cb < 0) {
				return decimal.New(-int64(lo), int32(e))
			}
			return newDecimal(int64(lo), int32(e))
		}
	}
	return a.Mul(b)
}

// Cmp is a.Cmp(b) (-1, 0 or +1), worked out in int64 when the
// coefficients brought to one exponent fit: no big.Int is made.
func Cmp(a, b decimal.Decimal) int {
	if c, _, ok := addSigned64(a, b, -1); ok {
		switch {
		case c < 0:
			return -1
		case c > 0:
			return 1
		}
		return 0
	}
	return a.Cmp(b)
}

func add64(a, b decimal.Decimal) (int64, int32, bool) { return addSigned64(a, b, 1) }

// addSigned64 is a + sign × b (sign ±1) in int64, as add64.
func addSigned64(a, b decimal.Decimal, sign int64) (int64, int32, bool) {
	if a.NumDigits() > 18 || b.NumDigits() > 18 {
		return 0, 0, false
	}
	e := min(a.Exponent(), b.Exponent())
	ca, ok := scale64(a.CoefficientInt64(), int64(a.Exponent())-int64(e))
	if !ok {
		return 0, 0, false
	}
	cb, ok := scale64(b.CoefficientInt64(), int64(b.Exponent())-int64(e))
	if !ok {
		return 0, 0, false
	}
	cb *= sign // |cb| ≤ MaxInt64: no overflow
	// |ca|, |cb| ≤ MaxInt64: their sum overflows only past ±MaxInt64.
	if (cb > 0 && ca > math.MaxInt64-cb) || (cb < 0 && ca < -math.MaxInt64-cb) {
		return 0, 0, false
	}
	return ca + cb, e, true
}

// scale64 is c × 10^k (0 ≤ k), ok false when it does not fit an int64.
func scale64(c, k int64) (int64, bool) {
	if k == 0 {
		return c, true
	}
	if k > 18 {
		return 0, false
	}
	p := pow10[k]
	if c > math.MaxInt64/p || c < -math.MaxInt64/p {
		return 0, false
	}
	return c * p, true
}

// ChangeText is a change written with its sign either way ("+2.70",
// "−1.20", "0.00") to places decimals, "—" when not known (nil).
func ChangeText(d *decimal.Decimal, places int32) string {
	switch {
	case d == nil:
		return "—"
	case d.IsPositive():
		return "+" + Fixed(*d, places)
	case d.IsNegative():
		return "−" + Fixed(d.Abs(), places)
	}
	return Fixed(*d, places)
}

// Small decimals: see newDecimal.
const (
	smallCoefficients = 10000
	smallPlaces       = 4
)

// smallDecimals holds, once made, the decimals c × 10^-p for 0 ≤ c <
// smallCoefficients and 0 ≤ p < smallPlaces (untouched entries take no
// memory but their pointer).
var smallDecimals [smallPlaces][smallCoefficients]atomic.Pointer[decimal.Decimal]

// newDecimal is decimal.New(c, exp), the same value with the same
// exponent. Weights, scores and stated figures are mostly small numbers of
// few places (7, 4.9, 91.2, 2632.08), and a Decimal is never changed in
// place (shopspring/decimal's operations return new values), so each such
// value is made once and shared instead of allocating a big.Int each time.
func newDecimal(c int64, exp int32) decimal.Decimal {
	if c < 0 || c >= smallCoefficients || exp > 0 || exp <= -smallPlaces {
		return decimal.New(c, exp)
	}
	slot := &smallDecimals[-exp][c]
	if d := slot.Load(); d != nil {
		return *d
	}
	d := decimal.New(c, exp)
	slot.CompareAndSwap(nil, &d)
	return d
}

// parseDecimal is decimal.NewFromString(num) for a number in the plain form
// scanNumber returns ("-1234.56"), the same value with the same exponent:
// up to 18 digits it is worked out in an int64 (newDecimal).
func parseDecimal(num string) (decimal.Decimal, error) {
	var c int64
	exp, digits, dot := int32(0), 0, false
	neg := strings.HasPrefix(num, "-")
	body := strings.TrimPrefix(num, "-")
	for i := 0; i < len(body); i++ {
		switch ch := body[i]; {
		case ch >= '0' && ch <= '9':
			c = c*10 + int64(ch-'0')
			digits++
			if dot {
				exp--
			}
		case ch == '.' && !dot && i > 0 && i < len(body)-1:
			dot = true
		default:
			return decimal.NewFromString(num)
		}
	}
	if digits == 0 || digits > 18 {
		return decimal.NewFromString(num)
	}
	if neg {
		return decimal.New(-c, exp), nil
	}
	return newDecimal(c, exp), nil
}
