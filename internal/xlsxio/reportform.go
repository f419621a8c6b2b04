package xlsxio

import (
	"fmt"
	"strings"
)

// Funds of a 财政支出项目绩效评价自评报告 (Hunan report forms): four blocks
// side by side, each a label and its amount — 计划安排资金 | 实际到位资金 |
// 实际支出 | 结余 — with the same source rows under every block (其中:中央
// 财政, 省财政, 市财政, 区财政, 其它), and a 支出明细 table of what was spent
// (支出内容 | 实际支出数 | 会计凭证号 | 备注) closed by 支出合计, read only
// when that closing row is there.

// fundBlockNames map the blocks to the project budget's fields: the plan
// is the year's budget (adjusted), the funds received and the balance are
// kept as stated.
var fundBlockNames = map[string]string{"计划安排资金": "adjusted", "实际到位资金": "received", "实际支出": "final", "结余": "balance"}

// reportFunds reads the side-by-side fund blocks, if the sheet has them.
func (b *builder) reportFunds(g *grid, p map[string]any, path string) bool {
	r, _, ok := g.findLabel(0, "计划安排资金")
	if !ok {
		return false
	}
	b.reportForm = true
	cols := map[int]string{}
	unit := ""
	for c := 0; c < g.width(r); c++ {
		if f, ok := fundBlockNames[norm(g.text(r, c))]; ok {
			cols[c] = f
			if u := unitIn(g.text(r, c)); u != "" {
				unit = u
			}
		}
	}
	order := sortedCols(cols)
	budget := map[string]any{}
	if unit != "" {
		budget["unit"] = unit
	}
	amount := func(r, c int) any {
		if v := g.number(r, c); isNumber(v) {
			return b.money(g, r, c, unit)
		}
		return nil
	}
	for _, c := range order {
		b.put(budget, path+".budget", cols[c], amount(r, c+1), g.ref(r, c+1))
	}
	// Source rows: the same label under every block.
	var lines []any
	for rr := r + 1; rr < g.rows(); rr++ {
		src := sourceLabel(g.text(rr, order[0]))
		same := src != ""
		for _, c := range order[1:] {
			same = same && sourceLabel(g.text(rr, c)) == src
		}
		if !same {
			break
		}
		at := fmt.Sprintf("%s.budget.lines[%d]", path, len(lines))
		line := map[string]any{}
		for _, c := range order {
			if f := cols[c]; f != "balance" { // a source's balance has no field
				b.put(line, at, f, amount(rr, c+1), g.ref(rr, c+1))
			}
		}
		if len(line) > 0 {
			line["source"] = src
			lines = append(lines, line)
		}
	}
	if len(lines) > 0 {
		budget["lines"] = lines
	}
	if uses := b.spendingDetail(g, path, unit); len(uses) > 0 {
		budget["uses"] = uses
	}
	if len(budget) > 0 {
		p["budget"] = budget
	}
	return true
}

// sourceLabel is a source row's name without its 其中: ("其中:中央财政" →
// 中央财政).
func sourceLabel(s string) string {
	s = strings.TrimSpace(colonReplacer.Replace(s))
	return strings.TrimSpace(strings.TrimPrefix(s, "其中:"))
}

// spendingDetail reads a 支出明细 table (支出内容 | 实际支出数) as spending
// by purpose with its actual amounts, up to its 支出合计 row.
func (b *builder) spendingDetail(g *grid, path, unit string) []any {
	hr, nc, ok := g.find(0, "支出内容")
	if !ok {
		return nil
	}
	ac := -1
	for c := nc + 1; c < g.width(hr); c++ {
		if n := norm(g.text(hr, c)); n == "实际支出数" || n == "实际支出" || n == "支出数" || n == "金额" {
			ac = c
			break
		}
	}
	if ac < 0 {
		return nil
	}
	var uses []any
	closed := false
	for r := hr + 1; r < g.rows(); r++ {
		name := strings.TrimSpace(g.text(r, nc))
		v := g.number(r, ac)
		if strings.HasPrefix(norm(name), "支出合计") || strings.HasPrefix(norm(name), "合计") {
			closed = true
			break
		}
		if name == "" || !isNumber(v) {
			break
		}
		at := fmt.Sprintf("%s.budget.uses[%d]", path, len(uses))
		u := map[string]any{}
		b.put(u, at, "name", name, g.ref(r, nc))
		b.put(u, at, "actual", b.money(g, r, ac, unit), g.ref(r, ac))
		uses = append(uses, u)
	}
	if !closed {
		// A list cut off before its 支出合计 row is not the whole of what
		// was spent: it is not kept, so that it is not summed.
		b.skip(g.ref(hr, nc), "支出明细在第%d行后缺失（没有支出合计行），未读取", hr+len(uses)+1)
		return nil
	}
	return uses
}
