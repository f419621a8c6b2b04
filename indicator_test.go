package jixiao_test

import (
	"testing"

	"jixiao"
)

func TestEffectiveOpOfHarmRates(t *testing.T) {
	fig := func(s string) jixiao.Figure {
		f, err := jixiao.ParseFigure(s)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	tests := []struct {
		name, target string
		op           jixiao.Operator
		want         jixiao.Operator
		word         string
	}{
		{"森林火灾受害率", "0.9", "", jixiao.OpLE, "受害率"},
		{"主要林业有害生物成灾率（%）", "0.4", "", jixiao.OpLE, "成灾率"},
		{"安全事故发生率", "0", "", jixiao.OpLE, "发生率"},
		// Only the end of a name counts: a handling rate is kept high.
		{"投诉处理率", "95%", "", jixiao.OpEQ, ""},
		{"天然林管护任务完成率", "90", "", jixiao.OpEQ, ""},
		// A printed operator or 指标性质 always wins.
		{"森林火灾受害率", "≥0.9", "", jixiao.OpGE, ""},
		{"森林火灾受害率", "0.9", jixiao.OpEQ, jixiao.OpEQ, ""},
		{"森林火灾受害率", "较上年下降", "", jixiao.OpQualitative, ""},
	}
	for _, tc := range tests {
		in := jixiao.Indicator{Name: tc.name, Op: tc.op, Target: fig(tc.target)}
		if got := in.EffectiveOp(); got != tc.want {
			t.Errorf("%s %s: op %q, want %q", tc.name, tc.target, got, tc.want)
		}
		if got := in.ReverseWord(); got != tc.word {
			t.Errorf("%s %s: word %q, want %q", tc.name, tc.target, got, tc.word)
		}
	}
}
