package jixiao

import (
	"fmt"
	"math/rand/v2"
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
