package audit

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Shares of one named base whose base is not stated near them ("教育支出
// 5,806,105.16元，占支出总预算82.27%" … "卫生健康支出275,373.54元，占支出总预
// 算3.9%") still state that base, each by its part and its per cent: part ÷
// share. impliedBases checks that the shares of one name in nearby
// paragraphs imply one base (T03): each share gives the range of bases its
// rounded part and rounded — or cut, as some pages do — per cent allow;
// when the ranges have nothing in common and all but one of them do, that
// one share is not of the others' base.

// baselessShare is a share whose named base the audit did not find.
type baselessShare struct {
	sentence int // index in a.whole
	name     string
	part     mention
	stated   decimal.Decimal
	places   int32
	raw      string // the per cent as written
}

// impliedGap is how many paragraphs apart two shares of one name may be
// and still be read as of one base.
const impliedGap = 6

// bounds is the range of bases the share allows, in base units (元 for
// money); ok is false when the share allows no bounded range (zero).
func (b baselessShare) bounds() (lo, hi decimal.Decimal, ok bool) {
	hundred := decimal.NewFromInt(100)
	step := decimal.New(1, -b.places)
	half := decimal.New(5, -b.places-1)
	rLo, rHi := b.stated.Sub(half), b.stated.Add(step) // rounded, or cut
	if !rLo.IsPositive() {
		return lo, hi, false
	}
	part := b.part.value.Mul(scaleOf(b.part.unit))
	sl := slack(b.part)
	pLo, pHi := part.Sub(sl), part.Add(sl)
	if !pLo.IsPositive() {
		return lo, hi, false
	}
	return pLo.Mul(hundred).DivRound(rHi, 12), pHi.Mul(hundred).DivRound(rLo, 12), true
}

func (a *auditor) impliedBases(shares []baselessShare) {
	byName := map[string][]baselessShare{}
	var names []string
	for _, s := range shares {
		if ownBase(s.name) {
			continue
		}
		if _, seen := byName[s.name]; !seen {
			names = append(names, s.name)
		}
		byName[s.name] = append(byName[s.name], s)
	}
	for _, name := range names {
		group := byName[name]
		start := 0
		for i := 1; i <= len(group); i++ {
			if i == len(group) || a.whole[group[i].sentence].para-a.whole[group[i-1].sentence].para > impliedGap {
				a.impliedBase(group[start:i])
				start = i
			}
		}
	}
}

// impliedBase checks one run of shares of one name.
func (a *auditor) impliedBase(run []baselessShare) {
	if len(run) < 3 {
		return // two shares that disagree do not say which one is wrong
	}
	type rng struct{ lo, hi decimal.Decimal }
	rs := make([]rng, len(run))
	for i, s := range run {
		if _, isMoney := money(s.part.unit); !isMoney {
			return
		}
		lo, hi, ok := s.bounds()
		if !ok {
			return
		}
		rs[i] = rng{lo, hi}
		if i > 0 && s.part.value.Equal(run[0].part.value) && s.part.unit == run[0].part.unit {
			return // one part restated: not shares of one breakdown
		}
	}
	common := func(skip int) (rng, bool) {
		var c rng
		first := true
		for i, r := range rs {
			if i == skip {
				continue
			}
			if first {
				c, first = r, false
				continue
			}
			c = rng{decimal.Max(c.lo, r.lo), decimal.Min(c.hi, r.hi)}
		}
		return c, !c.lo.GreaterThan(c.hi)
	}
	a.checked["T03"]++
	if _, ok := common(-1); ok {
		return
	}
	// The odd share: the one without which the others agree. When several
	// could be, the one that misses the others' base by the least — in
	// units of its last decimal, and by a clear margin — is the likelier
	// slip; else nothing is said.
	odd, oddMiss, nextMiss := -1, decimal.Zero, decimal.Zero
	var base rng
	for i, s := range run {
		c, ok := common(i)
		if !ok {
			continue
		}
		mid := c.lo.Add(c.hi).Div(decimal.NewFromInt(2))
		miss := s.part.value.Mul(scaleOf(s.part.unit)).Mul(decimal.NewFromInt(100)).Div(mid).Sub(s.stated).Abs().Shift(s.places)
		switch {
		case odd < 0:
			odd, oddMiss, base = i, miss, c
			nextMiss = decimal.NewFromInt(-1)
		case miss.LessThan(oddMiss):
			odd, oddMiss, nextMiss, base = i, miss, oddMiss, c
		case nextMiss.IsNegative() || miss.LessThan(nextMiss):
			nextMiss = miss
		}
	}
	if odd < 0 || !nextMiss.IsNegative() && oddMiss.Mul(decimal.NewFromInt(3)).GreaterThan(nextMiss) {
		return
	}
	s := run[odd]
	mid := base.lo.Add(base.hi).Div(decimal.NewFromInt(2))
	got := s.part.value.Mul(scaleOf(s.part.unit)).Mul(decimal.NewFromInt(100)).Div(mid)
	unit := s.part.unit
	baseText := jixiao.Fixed(mid.Div(scaleOf(unit)), s.part.places) + unit
	var others []string
	for i, o := range run {
		if i != odd {
			others = append(others, o.part.text+"占"+o.raw+"%")
		}
	}
	a.add(a.whole[s.sentence], "T03", jixiao.SeverityWarning,
		fmt.Sprintf("%s占%s%s%%，与同一%s下其他各项的占比不一致：按%s推算，%s约为%s，%s应占约%s%%",
			s.part.text, s.name, s.raw, s.name, strings.Join(others, "、"), s.name, baseText, s.part.text, jixiao.Fixed(got, max(s.places, 2))),
		[]jixiao.Number{{Name: s.name + "（推算）", Value: baseText}, {Name: "部分", Value: s.part.text}, {Name: "所述占比", Value: s.raw + "%"}},
		otherSentences(a, run, odd)...)
}

// otherSentences is the paragraphs of a run's shares but one, for a
// finding's links.
func otherSentences(a *auditor, run []baselessShare, skip int) []int {
	var out []int
	for i, s := range run {
		if i != skip {
			out = append(out, a.whole[s.sentence].para)
		}
	}
	return out
}

// ownBase reports whether a share's base is each part's own — its task,
// plan, target or budget ("占任务数56.3%", "占预算的98%") — rather than one
// whole the parts share.
func ownBase(name string) bool {
	if containsAny(name, []string{"任务", "计划", "目标", "进度"}) {
		return true
	}
	switch strings.TrimSuffix(name, "数") {
	case "预算", "年初预算", "调整预算", "全年预算", "年度预算", "上年":
		return true
	}
	return false
}
