package jixiao

import (
	"strings"
	"testing"
	"unicode"

	"github.com/shopspring/decimal"
)

// Fuzz targets for the number parser. Run one at a time, e.g.
//
//	go test -run '^$' -fuzz '^FuzzParseFigure$' -fuzztime 5m .
//
// The seeds below and the inputs in testdata/fuzz/<FuzzName>/ run with
// plain `go test` as regression tests.

// figureSeeds are the forms users type, as covered by number_test.go, plus
// edge cases of separators, signs, suffixes and units.
var figureSeeds = []string{
	"1,234.56", "15.21%", "≥95%", "≧100", "≦5%", ">=95", "<= 90万元", "＞＝９５％",
	"１２３．４５", "１，２３４．５", "－3", "−3.5", "﹣3", "+7", "＝100%", "═100%", "=100%",
	"4万亩", "约2万条", "2万余条", "2000余人", "30多个", "100人左右", "不低于95%",
	"不超过 90 万元", "95%以上", "5%以下", "5以内", "大于0", "<5%", "528处", "0.5", ".5",
	"  20874亩 ", "5个区", "达成预期指标", "按时完成", "2024年12月31日前完成", "", " ", "\u3000",
	"—", "十七", "1,23.4", "12,3456", "1234,567", "≥95%以下", "598154.02万元", "1.5亿元",
	"90平方公里", "95%", "1.2.3", "1.", "-", "- 5", "--5", "+.5", "-.5", "1,234,567",
	"约≥95%", "≥约95%", "大约100人", "近3万人", "逾2000户", "超100个", "超过100个",
	"1万亿元", "2万 条", "2万余 条", "5余余", "95%。", "1e5", "0x10", "∞", "NaN",
	"\xff", "1\xff", "１２３", "定性", "3.14159265358979323846264338327950288",
	"99999999999999999999999999999999999999万元",
}

// toFullWidth writes the printable ASCII of s in full width, as an input
// method in full-width mode would: "≥95%" → "≥９５％", " " → U+3000.
func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r > ' ' && r <= '~':
			r = r - '!' + '！'
		case r == ' ':
			r = '\u3000'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sameFigure reports whether a and b hold the same parse, Text aside.
func sameFigure(a, b Figure) bool {
	return a.Op == b.Op && a.Value.Equal(b.Value) && a.Unit == b.Unit && a.Approx == b.Approx && a.Numeric == b.Numeric
}

// identicalFigure reports whether a and b are the same, Text and the
// decimal's exponent included.
func identicalFigure(a, b Figure) bool {
	return a.Text == b.Text && sameFigure(a, b) && a.Value.Exponent() == b.Value.Exponent()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func FuzzParseFigure(f *testing.F) {
	for _, s := range figureSeeds {
		f.Add(s)
	}
	for _, sp := range operatorSpellings {
		f.Add(sp.text + "95%")
	}
	f.Fuzz(func(t *testing.T, s string) {
		fig, err := ParseFigure(s)

		// Deterministic.
		fig2, err2 := ParseFigure(s)
		if !identicalFigure(fig, fig2) || errText(err) != errText(err2) {
			t.Fatalf("ParseFigure(%q) not deterministic: %+v, %v then %+v, %v", s, fig, err, fig2, err2)
		}

		// Figures are kept as stated.
		if fig.Text != s || fig.String() != s {
			t.Fatalf("ParseFigure(%q).Text = %q, want the input", s, fig.Text)
		}
		b, merr := fig.MarshalText()
		if merr != nil || string(b) != s {
			t.Fatalf("MarshalText of %q = %q, %v", s, b, merr)
		}
		var back Figure
		uerr := back.UnmarshalText(b)
		if (uerr != nil) != (err != nil) {
			t.Fatalf("UnmarshalText(%q) error %v, ParseFigure error %v", s, uerr, err)
		}
		if uerr != nil {
			if ErrorCode(uerr) != EINVALID || uerr.Error() != err.Error() {
				t.Fatalf("UnmarshalText(%q) error = %v (%s), want %v as %s", s, uerr, ErrorCode(uerr), err, EINVALID)
			}
		} else if !identicalFigure(back, fig) {
			t.Fatalf("UnmarshalText(MarshalText(%q)) = %+v, want %+v", s, back, fig)
		}

		// What the fields promise.
		if err != nil && fig.Numeric {
			t.Fatalf("ParseFigure(%q) = %+v with error %v", s, fig, err)
		}
		if fig.IsZero() != (strings.TrimSpace(s) == "") {
			t.Fatalf("ParseFigure(%q).IsZero() = %v", s, fig.IsZero())
		}
		if strings.TrimSpace(normalizeWidth(s)) == "" && (err != nil || fig.Numeric) {
			t.Fatalf("blank %q parsed as %+v, %v", s, fig, err)
		}
		if fig.Numeric {
			if !fig.Op.Valid() || fig.Op == OpQualitative {
				t.Fatalf("ParseFigure(%q).Op = %q", s, fig.Op)
			}
			if strings.ContainsFunc(fig.Unit, unicode.IsDigit) {
				t.Fatalf("ParseFigure(%q).Unit = %q holds a digit: not one figure", s, fig.Unit)
			}
			if strings.TrimSpace(fig.Unit) != fig.Unit {
				t.Fatalf("ParseFigure(%q).Unit = %q, not trimmed", s, fig.Unit)
			}
		} else if fig.Op != OpNone || !fig.Value.IsZero() || fig.Unit != "" || fig.Approx {
			t.Fatalf("ParseFigure(%q) = %+v: no number but fields set", s, fig)
		}

		// Surrounding blanks and full-width typing change nothing but Text.
		for _, v := range []string{" " + s + " ", "\u3000" + s + "\t", toFullWidth(s)} {
			g, gerr := ParseFigure(v)
			if (gerr != nil) != (err != nil) || !sameFigure(g, fig) {
				t.Fatalf("ParseFigure(%q) = %+v, %v; but ParseFigure(%q) = %+v, %v", v, g, gerr, s, fig, err)
			}
		}

		// A plain number is a figure with no operator, unit or approximation,
		// and nothing else is.
		d, derr := ParseDecimal(s)
		plain := err == nil && fig.Numeric && fig.Op == OpNone && fig.Unit == "" && !fig.Approx
		if (derr == nil) != plain {
			t.Fatalf("ParseDecimal(%q) = %s, %v; ParseFigure = %+v, %v", s, d, derr, fig, err)
		}
		if derr == nil && !d.Equal(fig.Value) {
			t.Fatalf("ParseDecimal(%q) = %s, ParseFigure value %s", s, d, fig.Value)
		}

		if fig.Numeric {
			checkBase(t, fig)
		}
	})
}

// FuzzFigureBase checks Base on units ParseFigure would never produce
// (digits, blanks): callers build Figures from a value and an indicator's
// unit directly.
func FuzzFigureBase(f *testing.F) {
	for _, s := range []struct{ v, u string }{
		{"4", "万亩"}, {"598154.02", "万元"}, {"1.5", "亿元"}, {"2", "万条"}, {"90", "平方公里"},
		{"95", "%"}, {"1", "万亿元"}, {"3", "亿万"}, {"2", "万 条"}, {"7", ""}, {"-0.5", "万"},
		{"1", " 万元"}, {"1", "万万"}, {"0", "亿"}, {"12", "元/万人"}, {"5", "\xe4\xb8"},
	} {
		f.Add(s.v, s.u)
	}
	f.Fuzz(func(t *testing.T, value, unit string) {
		v, err := ParseDecimal(value)
		if err != nil {
			return
		}
		checkBase(t, Figure{Value: v, Unit: unit})
	})
}

// checkBase checks that Base multiplies out the leading 万 and 亿 of the
// unit and nothing else, and that its result is in base units: a second
// Base changes nothing, so figures stated in 万元, 亿元 and 元 compare.
func checkBase(t *testing.T, fig Figure) {
	t.Helper()
	v, u := fig.Base()
	v2, u2 := fig.Base()
	if !v.Equal(v2) || u != u2 {
		t.Fatalf("Base of %s %q not deterministic", fig.Value, fig.Unit)
	}
	if strings.TrimSpace(fig.Unit) != fig.Unit {
		return // not a unit ParseFigure gives; Base promises nothing more
	}
	if strings.TrimSpace(u) != u {
		t.Fatalf("Base of %s %q = %s %q, unit not trimmed", fig.Value, fig.Unit, v, u)
	}
	// A unit with no leading 万 or 亿 comes back as it is.
	if !strings.HasPrefix(fig.Unit, "万") && !strings.HasPrefix(fig.Unit, "亿") {
		if !v.Equal(fig.Value) || u != fig.Unit {
			t.Fatalf("Base of %s %q = %s %q, want it unchanged", fig.Value, fig.Unit, v, u)
		}
		return
	}
	// The unit kept is what follows the multipliers; the value is scaled by them.
	prefix, ok := strings.CutSuffix(fig.Unit, u)
	if !ok {
		t.Fatalf("Base of %s %q = %s %q: unit is not a tail of the stated one", fig.Value, fig.Unit, v, u)
	}
	exp := int32(0)
	for _, r := range prefix {
		switch {
		case r == '万':
			exp += 4
		case r == '亿':
			exp += 8
		case unicode.IsSpace(r):
		default:
			t.Fatalf("Base of %s %q = %s %q dropped %q", fig.Value, fig.Unit, v, u, prefix)
		}
	}
	if want := fig.Value.Mul(decimal.New(1, exp)); !v.Equal(want) {
		t.Fatalf("Base of %s %q = %s %q, want %s", fig.Value, fig.Unit, v, u, want)
	}
	if v3, u3 := (Figure{Value: v, Unit: u}).Base(); !v3.Equal(v) || u3 != u {
		t.Fatalf("Base of %s %q = %s %q, not in base units: Base again gives %s %q", fig.Value, fig.Unit, v, u, v3, u3)
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{
		"1,234.56", "１２３４．５６", "－0.5", " 17 ", "1,234,567", "0", "十七", "17分", "≥95", "1,23",
		"", "abc", "1.2.3", "１２３．４", "－5", "−5", "﹣5", "+5", "- 5", ".5", "-.5", "5.", "-0",
		"0.000", "007", "1e5", "1E-3", "0x1F", "Inf", "NaN", "1_000", "1 000", "1,000,000.000001",
		"12,3456", "1234,567", ",123", "1,", "1,,234", "\u00a05\u00a0", "5\u200b", "١٢٣", "５万",
		"123456789012345678901234567890.123456789012345678901234567890",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		d2, err2 := ParseDecimal(s)
		if errText(err) != errText(err2) || !d.Equal(d2) || d.Exponent() != d2.Exponent() {
			t.Fatalf("ParseDecimal(%q) not deterministic", s)
		}
		for _, v := range []string{" " + s + " ", "\u3000" + s + "\n", toFullWidth(s)} {
			e, verr := ParseDecimal(v)
			if (verr != nil) != (err != nil) || !e.Equal(d) {
				t.Fatalf("ParseDecimal(%q) = %s, %v; but ParseDecimal(%q) = %s, %v", v, e, verr, s, d, err)
			}
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseDecimal(%q): empty error message", s)
			}
			return
		}
		// Only a number: digits, one decimal point, separators, a sign and blanks.
		t0 := normalizeWidth(s)
		if strings.ContainsFunc(t0, unicode.IsLetter) || !strings.ContainsAny(t0, "0123456789") || strings.Count(t0, ".") > 1 {
			t.Fatalf("ParseDecimal(%q) = %s, want an error: not a plain number", s, d)
		}
		for _, r := range t0 {
			if !strings.ContainsRune("0123456789.,+-", r) && !unicode.IsSpace(r) {
				t.Fatalf("ParseDecimal(%q) = %s accepted %q", s, d, r)
			}
		}
		// Formatting and reading again gives the same value.
		for _, out := range []string{d.String(), Plain(d)} {
			e, rerr := ParseDecimal(out)
			if rerr != nil || !e.Equal(d) {
				t.Fatalf("ParseDecimal(%q) = %s; read back from %q: %s, %v", s, d, out, e, rerr)
			}
		}
		// Thousands separators only separate.
		if e, rerr := ParseDecimal(strings.ReplaceAll(t0, ",", "")); rerr != nil || !e.Equal(d) {
			t.Fatalf("ParseDecimal(%q) = %s, but without separators %s, %v", s, d, e, rerr)
		}
	})
}

func FuzzParseOperator(f *testing.F) {
	for _, sp := range operatorSpellings {
		f.Add(sp.text)
	}
	for _, s := range []string{
		"", " ", "定性", "定性指标", "＞＝", "＝", "＜", "＞", "约", "≥≥", ">= =", "≥95", "大于或等于 ",
		"\u3000≤\u3000", "超", "超过", "定性 指标", "≠", "!=", "＜＞",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		op, ok := ParseOperator(s)
		op2, ok2 := ParseOperator(s)
		if op != op2 || ok != ok2 {
			t.Fatalf("ParseOperator(%q) not deterministic", s)
		}
		var u Operator
		uerr := u.UnmarshalText([]byte(s))
		if (uerr == nil) != ok || (ok && u != op) {
			t.Fatalf("Operator.UnmarshalText(%q) = %q, %v; ParseOperator = %q, %v", s, u, uerr, op, ok)
		}
		if uerr != nil && ErrorCode(uerr) != EINVALID {
			t.Fatalf("Operator.UnmarshalText(%q) error code %s", s, ErrorCode(uerr))
		}
		if !ok {
			if op != OpNone {
				t.Fatalf("ParseOperator(%q) = %q but not ok", s, op)
			}
			return
		}
		if !op.Valid() {
			t.Fatalf("ParseOperator(%q) = %q, not a valid operator", s, op)
		}
		if (op == OpNone) != (strings.TrimSpace(normalizeWidth(s)) == "") {
			t.Fatalf("ParseOperator(%q) = %q", s, op)
		}
		// The standard spelling reads back as itself.
		if back, ok := ParseOperator(string(op)); !ok || back != op {
			t.Fatalf("ParseOperator(%q) = %q, but ParseOperator(%q) = %q, %v", s, op, op, back, ok)
		}
		// A comparison read on its own reads the same in front of a number.
		if op != OpNone && op != OpQualitative {
			fig, err := ParseFigure(s + "95%")
			if err != nil || !fig.Numeric || fig.Op != op || !fig.Value.Equal(Dec("95")) || fig.Unit != "%" {
				t.Fatalf("ParseOperator(%q) = %q, but ParseFigure(%q) = %+v, %v", s, op, s+"95%", fig, err)
			}
		}
	})
}
