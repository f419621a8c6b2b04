package jixiao_test

import (
	"testing"

	"jixiao"
)

func TestParseFigure(t *testing.T) {
	tests := []struct {
		in      string
		op      jixiao.Operator
		value   string
		unit    string
		approx  bool
		numeric bool
	}{
		{"1,234.56", "", "1234.56", "", false, true},
		{"15.21%", "", "15.21", "%", false, true},
		{"≥95%", "≥", "95", "%", false, true},
		{"≧100", "≥", "100", "", false, true},
		{"≦5%", "≤", "5", "%", false, true},
		{">=95", "≥", "95", "", false, true},
		{"<= 90万元", "≤", "90", "万元", false, true},
		{"＞＝９５％", "≥", "95", "%", false, true}, // full-width operator, digits and percent
		{"１２３．４５", "", "123.45", "", false, true},
		{"１，２３４．５", "", "1234.5", "", false, true},
		{"－3", "", "-3", "", false, true},     // full-width minus
		{"−3.5", "", "-3.5", "", false, true}, // U+2212 minus sign
		{"+7", "", "7", "", false, true},
		{"＝100%", "=", "100", "%", false, true},
		{"═100%", "=", "100", "%", false, true},
		{"=100%", "=", "100", "%", false, true},
		{"4万亩", "", "4", "万亩", false, true},
		{"约2万条", "", "2", "万条", true, true},
		{"2万余条", "", "2", "万条", true, true},
		{"2000余人", "", "2000", "人", true, true},
		{"30多个", "", "30", "个", true, true},
		{"100人左右", "", "100", "人", true, true},
		{"不低于95%", "≥", "95", "%", false, true},
		{"不超过 90 万元", "≤", "90", "万元", false, true},
		{"95%以上", "≥", "95", "%", false, true},
		{"5%以下", "≤", "5", "%", false, true},
		{"大于0", ">", "0", "", false, true},
		{"<5%", "<", "5", "%", false, true},
		{"528处", "", "528", "处", false, true},
		{"0.5", "", "0.5", "", false, true},
		{".5", "", "0.5", "", false, true},
		{"  20874亩 ", "", "20874", "亩", false, true},
		{"5个区", "", "5", "个区", false, true},
		{"达成预期指标", "", "0", "", false, false},
		{"按时完成", "", "0", "", false, false},
		{"2024年12月31日前完成", "", "0", "", false, false},
		{"", "", "0", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := jixiao.ParseFigure(tt.in)
			if err != nil {
				t.Fatalf("ParseFigure(%q): %v", tt.in, err)
			}
			if f.Text != tt.in {
				t.Errorf("Text = %q, want the input kept as stated", f.Text)
			}
			if f.Numeric != tt.numeric {
				t.Fatalf("Numeric = %v, want %v", f.Numeric, tt.numeric)
			}
			if !tt.numeric {
				return
			}
			if f.Op != tt.op || !f.Value.Equal(jixiao.Dec(tt.value)) || f.Unit != tt.unit || f.Approx != tt.approx {
				t.Errorf("got op=%q value=%s unit=%q approx=%v, want op=%q value=%s unit=%q approx=%v",
					f.Op, f.Value, f.Unit, f.Approx, tt.op, tt.value, tt.unit, tt.approx)
			}
		})
	}
}

func TestParseFigureRejectsMalformedNumbers(t *testing.T) {
	for _, in := range []string{"1,23.4", "12,3456", "1234,567", "≥95%以下"} {
		if f, err := jixiao.ParseFigure(in); err == nil {
			t.Errorf("ParseFigure(%q) = %+v, want an error", in, f)
		}
	}
}

func TestFigureBase(t *testing.T) {
	tests := []struct{ in, value, unit string }{
		{"4万亩", "40000", "亩"},
		{"598154.02万元", "5981540200", "元"},
		{"1.5亿元", "150000000", "元"},
		{"约2万条", "20000", "条"},
		{"90平方公里", "90", "平方公里"},
		{"95%", "95", "%"},
		// Caught by the fuzz targets' base-units check: only the first
		// multiplier was taken out (10000 亿元), and the blank after it was
		// kept (" 条").
		{"1万亿元", "1000000000000", "元"},
		{"3.2万亿元", "3200000000000", "元"},
		{"2万 条", "20000", "条"},
		{"2 万 条", "20000", "条"},
		{"约2万余 条", "20000", "条"},
	}
	for _, tt := range tests {
		f, err := jixiao.ParseFigure(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		v, u := f.Base()
		if !v.Equal(jixiao.Dec(tt.value)) || u != tt.unit {
			t.Errorf("Base(%q) = %s %s, want %s %s", tt.in, v, u, tt.value, tt.unit)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	good := map[string]string{
		"1,234.56": "1234.56", "１２３４．５６": "1234.56", "－0.5": "-0.5", " 17 ": "17",
		"1,234,567": "1234567", "0": "0",
	}
	for in, want := range good {
		d, err := jixiao.ParseDecimal(in)
		if err != nil || !d.Equal(jixiao.Dec(want)) {
			t.Errorf("ParseDecimal(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"十七", "17分", "≥95", "1,23", "", "abc", "1.2.3"} {
		if d, err := jixiao.ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %s, want an error", in, d)
		}
	}
}

func TestParseOperator(t *testing.T) {
	tests := map[string]jixiao.Operator{
		"≥": jixiao.OpGE, "≧": jixiao.OpGE, ">=": jixiao.OpGE, "＞＝": jixiao.OpGE, "不低于": jixiao.OpGE,
		"≤": jixiao.OpLE, "≦": jixiao.OpLE, "<=": jixiao.OpLE, "不超过": jixiao.OpLE,
		"=": jixiao.OpEQ, "＝": jixiao.OpEQ, "═": jixiao.OpEQ, ">": jixiao.OpGT, "<": jixiao.OpLT,
		"定性": jixiao.OpQualitative, "": jixiao.OpNone,
		// Small-form variants (U+FE64..U+FE66) that real tables print.
		"﹦": jixiao.OpEQ, "﹥": jixiao.OpGT, "﹤": jixiao.OpLT, "﹥﹦": jixiao.OpGE, "﹤﹦": jixiao.OpLE,
		"＞": jixiao.OpGT, "＜": jixiao.OpLT,
	}
	for in, want := range tests {
		got, ok := jixiao.ParseOperator(in)
		if !ok || got != want {
			t.Errorf("ParseOperator(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := jixiao.ParseOperator("约"); ok {
		t.Error("ParseOperator(约) should fail")
	}
	f, err := jixiao.ParseFigure("﹦72890元")
	if err != nil || f.Op != jixiao.OpEQ || f.Value.String() != "72890" || f.Unit != "元" {
		t.Errorf("ParseFigure(﹦72890元) = %+v, %v", f, err)
	}
}

func TestRoundHalfUp(t *testing.T) {
	tests := []struct {
		in     string
		places int32
		want   string
	}{
		{"1.005", 2, "1.01"},
		{"1.004999", 2, "1.00"},
		{"2.675", 2, "2.68"}, // float64 gives 2.67
		{"0.125", 2, "0.13"}, // half-even would give 0.12
		{"-0.125", 2, "-0.13"},
		{"0.135", 2, "0.14"},
		{"12345678.445", 2, "12345678.45"},
		{"84.995", 2, "85.00"},
		{"84.994999", 2, "84.99"},
		{"8.5", 0, "9"},
		{"9.5", 0, "10"},
		{"7.45", 1, "7.5"},
	}
	for _, tt := range tests {
		if got := jixiao.Fixed(jixiao.Dec(tt.in), tt.places); got != tt.want {
			t.Errorf("Fixed(%s, %d) = %s, want %s", tt.in, tt.places, got, tt.want)
		}
		if got := jixiao.Round(jixiao.Dec(tt.in), tt.places); !got.Equal(jixiao.Dec(tt.want)) {
			t.Errorf("Round(%s, %d) = %s, want %s", tt.in, tt.places, got, tt.want)
		}
	}
}

func TestPlainAndPercent(t *testing.T) {
	if got := jixiao.Plain(jixiao.Dec("21440.30")); got != "21440.3" {
		t.Errorf("Plain = %s", got)
	}
	if got := jixiao.Plain(jixiao.Dec("17.00")); got != "17" {
		t.Errorf("Plain = %s", got)
	}
	r, ok := jixiao.Ratio(jixiao.Dec("37.24"), jixiao.Dec("43.2"))
	if !ok || jixiao.Percent(r, 2) != "86.20%" {
		t.Errorf("Percent(37.24/43.2) = %s", jixiao.Percent(r, 2))
	}
	if _, ok := jixiao.Ratio(jixiao.Dec("1"), jixiao.Dec("0")); ok {
		t.Error("Ratio by zero should not be ok")
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{300: "300 字节", 8 << 10: "8 千字节", 1536: "1.5 千字节", 16 << 20: "16 兆字节", 3 << 19: "1.5 兆字节"} {
		if got := jixiao.SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
