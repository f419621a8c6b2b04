package formula_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/internal/formula"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestEval(t *testing.T) {
	env := map[string]decimal.Decimal{"A": d("45"), "T": d("50"), "W": d("8"), "执行率": d("0.8620370"), "x": d("-2")}
	tests := []struct{ expr, want string }{
		{"min(A / T, 1) * W", "7.2"},
		{"A / T * W", "7.2"},
		{"1 / 3 * 3", "0.9999999999999999"}, // 16 places, exact decimal, no float noise beyond them
		{"round(1 / 3 * 3, 2)", "1"},
		{"round(1.005, 2)", "1.01"},
		{"round(0.125, 2)", "0.13"},
		{"执行率 >= 0.9 ? W : round(W * 执行率, 2)", "6.9"},
		{"if(A < T, W * A / T, W)", "7.2"},
		{"-x + 1", "3"},
		{"abs(x) * 2", "4"},
		{"max(1, 2, 3) - min(4, 5)", "-1"},
		{"clamp(12, 0, 10)", "10"},
		{"floor(7.9) + ceil(0.1)", "8"},
		{"(A - T) / T", "-0.1"},
		{"A × 2 ÷ 4", "22.5"},
		{"A > 40 且 A < 50 ? 1 : 0", "1"},
		{"A > 50 或 !(T == 50) ? 1 : 0", "0"},
		{"0.1 + 0.2", "0.3"}, // exact, unlike float64
	}
	for _, tt := range tests {
		p, err := formula.Compile(tt.expr)
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.expr, err)
			continue
		}
		got, err := p.Eval(env)
		if err != nil {
			t.Errorf("Eval(%q): %v", tt.expr, err)
			continue
		}
		if !got.Equal(d(tt.want)) {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	p, err := formula.Compile("min(实际值 / 目标值, 1) * 分值 + A")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Names(), ","); got != "A,分值,实际值,目标值" {
		t.Errorf("Names = %s", got)
	}
}

func TestErrors(t *testing.T) {
	compile := []struct{ expr, want string }{
		{"A +", "公式不完整"},
		{"(A + 1", "缺少右括号"},
		{"foo(1)", "未知函数“foo”"},
		{"min()", "参数个数不对"},
		{"A $ 2", "无法识别"},
		{"A ? 1", "缺少“:”"},
		{"1 2", "多余的“2”"},
	}
	for _, c := range compile {
		if _, err := formula.Compile(c.expr); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Compile(%q) error = %v, want it to mention %q", c.expr, err, c.want)
		}
	}
	eval := []struct{ expr, want string }{
		{"A / 0", "除数为零"},
		{"B + 1", "未知的变量“B”"},
		{"A > 1", "结果是条件"},
		{"(A > 1) + 1", "不能是条件"},
		{"A ? 1 : 2", "应为条件"},
	}
	for _, c := range eval {
		p, err := formula.Compile(c.expr)
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.expr, err)
		}
		if _, err := p.Eval(map[string]decimal.Decimal{"A": d("1")}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Eval(%q) error = %v, want it to mention %q", c.expr, err, c.want)
		}
	}
}
