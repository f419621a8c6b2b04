package xlsxio

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// A project table's 年度总体目标 often spells out spending by purpose in
// its two texts: "共申请预算资金2026400元，其中村级组织运转400000元，…" under
// 预期目标 and the same list with what was spent under 实际完成情况, or
// "其中：30万元用于预算编制；30万元用于审计…". goalUses reads such a
// list into budget.uses, so that the checks can add it up (L14) and find
// a line over its plan (P07).

// useAmount is an amount in a goal text, with its unit.
var useAmount = regexp.MustCompile(`([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万元|元)`)

// useItem is one purpose named in a goal text with its amount, in 元.
type useItem struct {
	name   string
	amount decimal.Decimal
}

// listedUses reads the "其中" list of one goal text: each amount with the
// purpose before it ("村级组织运转400000元") or after it ("30万元用于审计").
// It gives nothing unless the list names at least two purposes.
func listedUses(text string) []useItem {
	_, rest, ok := strings.Cut(text, "其中")
	if !ok {
		return nil
	}
	if end := strings.Index(rest, "。"); end >= 0 {
		rest = rest[:end]
	}
	const seps = "，,；;、：: \t\n"
	var out []useItem
	prev := 0
	ms := useAmount.FindAllStringSubmatchIndex(rest, -1)
	for k, m := range ms {
		v, err := decimal.NewFromString(commaReplacer.Replace(rest[m[2]:m[3]]))
		if err != nil {
			return nil
		}
		if rest[m[4]:m[5]] == "万元" {
			v = v.Shift(4)
		}
		name := strings.Trim(rest[prev:m[0]], seps)
		after := rest[m[1]:]
		if strings.HasPrefix(after, "用于") {
			// "30万元用于审计": the purpose follows, up to the next amount.
			next := len(rest)
			if k+1 < len(ms) {
				next = ms[k+1][0]
			}
			name = rest[m[1]+len("用于") : next]
			if i := strings.IndexAny(name, "；;。"); i >= 0 {
				name = name[:i]
			}
			name = strings.Trim(name, seps)
			prev = next
		} else {
			prev = m[1]
		}
		if name == "" || useAmount.MatchString(name) {
			return nil
		}
		out = append(out, useItem{name, v})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// goalUses pairs the purposes listed in the planned and the achieved goal
// texts, by name or, when the names differ, by position in lists of the
// same length, and gives budget.uses in the budget's unit (万元 unless the
// table says 元).
func goalUses(goal, result, unit string) []any {
	plan, done := listedUses(goal), listedUses(result)
	if len(plan) == 0 {
		return nil
	}
	shift := int32(-4)
	if unit == "元" {
		shift = 0
	}
	actual := map[string]decimal.Decimal{}
	for _, d := range done {
		actual[d.name] = d.amount
	}
	byName := false
	for _, p := range plan {
		if _, ok := actual[p.name]; ok {
			byName = true
		}
	}
	var out []any
	for k, p := range plan {
		u := map[string]any{"name": p.name, "plan": p.amount.Shift(shift).String()}
		if a, ok := actual[p.name]; ok {
			u["actual"] = a.Shift(shift).String()
		} else if !byName && len(done) == len(plan) {
			u["actual"] = done[k].amount.Shift(shift).String()
		}
		out = append(out, u)
	}
	return out
}
