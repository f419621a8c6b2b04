package jixiao

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

// TestFixedMatchesShopspring compares the int64 formatting of Fixed, Plain
// and Percent with shopspring/decimal's on values of every sign, size and
// exponent, halves included, and on values too large for an int64 (which
// take shopspring's path).
func TestFixedMatchesShopspring(t *testing.T) {
	values := []decimal.Decimal{decimal.Zero, decimal.RequireFromString("-0.005"), decimal.RequireFromString("1.005"),
		decimal.RequireFromString("-1.005"), decimal.RequireFromString("0.0049999"), decimal.RequireFromString("999999999999999999"),
		decimal.RequireFromString("-999999999999999999.5"), decimal.RequireFromString("123456789012345678901234567890.125"),
		decimal.New(5, -30), decimal.New(-5, -19), decimal.New(922337203685477580, 1), decimal.New(12345, 10)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		c := rng.Int64N(2_000_000_000_000) - 1_000_000_000_000
		if rng.IntN(4) == 0 {
			c = c/1000*1000 + 500 // a half at some place
		}
		values = append(values, decimal.New(c, int32(rng.IntN(30)-20)))
	}
	for _, d := range values {
		for places := int32(0); places <= 14; places++ {
			if got, want := Fixed(d, places), d.StringFixed(places); got != want {
				t.Fatalf("Fixed(%s, %d) = %q, want %q", d, places, got, want)
			}
			if got, want := Percent(d, places), d.Shift(2).StringFixed(places)+"%"; got != want {
				t.Fatalf("Percent(%s, %d) = %q, want %q", d, places, got, want)
			}
		}
		want := d.String()
		if want != "0" {
			want = fmt.Sprint(trimZeros(want))
		}
		if got := Plain(d); got != want {
			t.Fatalf("Plain(%s) = %q, want %q", d, got, want)
		}
	}
}

func trimZeros(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			for s[len(s)-1] == '0' {
				s = s[:len(s)-1]
			}
			if s[len(s)-1] == '.' {
				s = s[:len(s)-1]
			}
			break
		}
	}
	return s
}

// BenchmarkFixed formats a score with two decimals.
func BenchmarkFixed(b *testing.B) {
	d := decimal.RequireFromString("6.918947368421")
	b.ReportAllocs()
	for b.Loop() {
		_ = Fixed(d, 2)
	}
}

// TestDivRoundMatchesShopspring compares DivRound's integer path with
// shopspring's DivRound, value and exponent, on quotients of every sign
// and size, halves included, and on operands too large for it.
func TestDivRoundMatchesShopspring(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func() decimal.Decimal {
		switch rng.IntN(6) {
		case 0:
			return decimal.New(rng.Int64N(2000)-1000, int32(rng.IntN(6)-3))
		case 1:
			return decimal.New(rng.Int64()>>uint(rng.IntN(63)), int32(rng.IntN(30)-15))
		case 2:
			return decimal.RequireFromString("123456789012345678901234567890.5")
		default:
			return decimal.New(rng.Int64N(2_000_000)-1_000_000, int32(rng.IntN(8)-6))
		}
	}
	halves := [][2]string{{"1", "8"}, {"-1", "8"}, {"5", "2"}, {"-5", "2"}, {"0.125", "1"}, {"1", "3"}, {"2", "3"}, {"0", "7"}}
	for _, h := range halves {
		for places := int32(0); places <= 12; places++ {
			a, b := decimal.RequireFromString(h[0]), decimal.RequireFromString(h[1])
			if got, want := DivRound(a, b, places), a.DivRound(b, places); got.Cmp(want) != 0 || got.Exponent() != want.Exponent() {
				t.Fatalf("DivRound(%s, %s, %d) = %s (exp %d), want %s (exp %d)", a, b, places, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
	for range 200000 {
		a, b := pick(), pick()
		if b.IsZero() {
			continue
		}
		places := int32(rng.IntN(16))
		got, want := DivRound(a, b, places), a.DivRound(b, places)
		if got.Cmp(want) != 0 || got.Exponent() != want.Exponent() || got.String() != want.String() {
			t.Fatalf("DivRound(%s, %s, %d) = %s (exp %d), want %s (exp %d)", a, b, places, got, got.Exponent(), want, want.Exponent())
		}
	}
}

// TestAddMatchesDecimal checks that Add, Sub, Mul and Cmp give shopspring/decimal's
// results, value and exponent, on both their int64 paths and the overflow
// fallback.
func TestAddMatchesDecimal(t *testing.T) {
	nums := []string{"0", "0.00", "-0.0", "1e2", "0e3", "1", "-1", "0.5", "12.345", "-0.001", "100", "1e3", "2.5e-7",
		"999999999999999999", "-999999999999999999", "9223372036854775807", "0.000000000000000001",
		"123456789012345678901234567890", "-5.55", "1e18", "-9223372036854775807", "3037000499.97604", "4294967296"}
	for _, x := range nums {
		for _, y := range nums {
			a, b := decimal.RequireFromString(x), decimal.RequireFromString(y)
			got, want := Add(a, b), a.Add(b)
			if got.String() != want.String() || got.Exponent() != want.Exponent() || !got.Equal(want) {
				t.Errorf("Add(%s, %s) = %s (exp %d), want %s (exp %d)", x, y, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
	for _, x := range nums {
		for _, y := range nums {
			a, b := decimal.RequireFromString(x), decimal.RequireFromString(y)
			if got, want := Sub(a, b), a.Sub(b); got.String() != want.String() || got.Exponent() != want.Exponent() || !got.Equal(want) {
				t.Errorf("Sub(%s, %s) = %s (exp %d), want %s (exp %d)", x, y, got, got.Exponent(), want, want.Exponent())
			}
			if got, want := Mul(a, b), a.Mul(b); Plain(got) != want.String() {
				t.Errorf("Plain(%s × %s) = %s, String %s", x, y, Plain(got), want.String())
			}
			if got, want := Cmp(a, b), a.Cmp(b); got != want {
				t.Errorf("Cmp(%s, %s) = %d, want %d", x, y, got, want)
			}
			if got, want := Mul(a, b), a.Mul(b); got.String() != want.String() || got.Exponent() != want.Exponent() || !got.Equal(want) {
				t.Errorf("Mul(%s, %s) = %s (exp %d), want %s (exp %d)", x, y, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
	if _, _, ok := add64(decimal.RequireFromString("922337203685477581"), decimal.RequireFromString("0.1")); ok {
		t.Error("add64 took a sum whose scaled coefficient overflows int64")
	}
}

// TestParseDecimalMatchesShopspring checks that parseDecimal gives
// decimal.NewFromString's value and exponent, and the same structure
// (reflect.DeepEqual), for numbers in every form scanNumber returns, of
// every length (the int64 path up to 18 digits, shopspring's beyond), in
// and out of the range of shared small decimals, and twice (a shared value
// read back from its slot).
func TestParseDecimalMatchesShopspring(t *testing.T) {
	nums := []string{"0", "-0", "0.0", "00", "007", "0.5", "9999", "10000", "9999.999", "0.0001", "12.3400", "-5", "-0.25",
		"999999999999999999", "9999999999999999999", "-99999999999999999.9", "123456789012345678901234567890.125", "4.9", "91.2",
		"", "-", ".5", "5.", "1.2.3", "1,000", "--1"} // the last not scanNumber's forms: as NewFromString takes them
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		n := fmt.Sprint(rng.Int64N(1 << uint(rng.IntN(62))))
		if k := rng.IntN(len(n) + 1); k > 0 && k < len(n) {
			n = n[:k] + "." + n[k:]
		}
		if rng.IntN(4) == 0 {
			n = "-" + n
		}
		nums = append(nums, n)
	}
	for _, n := range append(nums, nums...) {
		got, err := parseDecimal(n)
		want, werr := decimal.NewFromString(n)
		if (err != nil) != (werr != nil) {
			t.Fatalf("parseDecimal(%s): error %v, NewFromString: %v", n, err, werr)
		}
		if err == nil && (got.Exponent() != want.Exponent() || !got.Equal(want) || !reflect.DeepEqual(got, want)) {
			t.Fatalf("parseDecimal(%s) = %s (exp %d), want %s (exp %d)", n, got, got.Exponent(), want, want.Exponent())
		}
		if err == nil && Plain(got) != want.String() { // scorecards print exact scores with Plain
			t.Fatalf("Plain(%s) = %s, String %s", n, Plain(got), want.String())
		}
	}
}

// TestNewDecimalShared: newDecimal gives decimal.New's value, and a small
// one is one shared value (no allocation once made).
func TestNewDecimalShared(t *testing.T) {
	for _, c := range []struct {
		c   int64
		exp int32
	}{{0, 0}, {7, 0}, {49, -1}, {9999, -3}, {10000, -2}, {5, -4}, {5, 1}, {-3, -1}} {
		got, want := newDecimal(c.c, c.exp), decimal.New(c.c, c.exp)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("newDecimal(%d, %d) = %s (exp %d), want %s", c.c, c.exp, got, got.Exponent(), want)
		}
	}
	newDecimal(912, -1)
	if n := testing.AllocsPerRun(100, func() { newDecimal(912, -1) }); n != 0 {
		t.Errorf("newDecimal of a small value made %v allocations", n)
	}
}

// TestScanNumberForms checks the forms scanNumber returns: a slice of its
// input when the number is written plainly, a copy without separators or
// with a leading zero added otherwise.
func TestScanNumberForms(t *testing.T) {
	for _, c := range []struct{ in, num, rest string }{
		{"1234.56", "1234.56", ""}, {"-5吨", "-5", "吨"}, {"- 5", "-5", ""}, {"+7%", "7", "%"},
		{"+ 7", "7", ""}, {".5", "0.5", ""}, {"-.5", "-0.5", ""}, {"1,234.5万元", "1234.5", "万元"},
		{"-1,234,567", "-1234567", ""}, {"5.", "5", "."}, {"5.x", "5", ".x"}, {"abc", "", "abc"},
		{"-", "", "-"}, {"12,", "12", ","},
	} {
		num, rest, err := scanNumber(c.in)
		if err != nil || num != c.num || rest != c.rest {
			t.Errorf("scanNumber(%q) = %q, %q, %v; want %q, %q", c.in, num, rest, err, c.num, c.rest)
		}
	}
	for _, bad := range []string{"1,23.4", "12,3", "1234,567"} {
		if _, _, err := scanNumber(bad); err == nil {
			t.Errorf("scanNumber(%q) accepted misplaced separators", bad)
		}
	}
}
