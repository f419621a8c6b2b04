package xlsxio

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Some department forms carry a table of spending by year beside the
// self-evaluation (Hunan's 经费控制情况: 2023年决算数 | 2024年预算数 |
// 2024年决算数), with 项目支出 followed by its projects numbered 1、2、….
// yearProjects reads that block: each project as budget.projects (this
// year's budget and final accounts, last year's final accounts), and the
// 项目支出 row as a year-on-year figure (budget.changes), so that the
// projects' sums can be checked against it in every column (B11).

// yearColumn is a header cell naming a year and a stage: 2024年预算数.
var yearColumn = regexp.MustCompile(`^(\d{4})年(决算数|预算数|执行数)$`)

// numbered is a row label numbered as an item of a list: "1、", "5.", "（3）".
var numbered = regexp.MustCompile(`^(?:\d+[、.．]|[（(]\d+[）)])\s*`)

func (b *builder) yearProjects(g *grid, year int) {
	if year == 0 {
		return
	}
	for hr := 0; hr < g.rows(); hr++ {
		prev, plan, actual := -1, -1, -1
		for c := 0; c < g.width(hr); c++ {
			m := yearColumn.FindStringSubmatch(norm(g.text(hr, c)))
			if m == nil {
				continue
			}
			y, _ := strconv.Atoi(m[1])
			switch {
			case y == year-1 && m[2] != "预算数":
				prev = c
			case y == year && m[2] == "预算数":
				plan = c
			case y == year:
				actual = c
			}
		}
		if actual < 0 || prev < 0 && plan < 0 {
			continue
		}
		for r := hr + 1; r < g.rows(); r++ {
			if strings.TrimRight(norm(g.text(r, 0)), ":：") != "项目支出" {
				continue
			}
			b.yearBlock(g, r, prev, plan, actual)
			return
		}
	}
}

// yearBlock reads the 项目支出 row r and the numbered rows under it.
func (b *builder) yearBlock(g *grid, r, prev, plan, actual int) {
	budget, _ := b.m["budget"].(map[string]any)
	if budget == nil {
		budget = map[string]any{}
	}
	unit, _ := budget["unit"].(string)
	var lines []any
	for rr := r + 1; rr < g.rows(); rr++ {
		label := g.text(rr, 0)
		loc := numbered.FindStringIndex(label)
		if loc == nil {
			break
		}
		at := fmt.Sprintf("budget.projects[%d]", len(lines))
		l := map[string]any{"name": strings.TrimSpace(label[loc[1]:])}
		b.origin[at] = g.ref(rr, 0)
		for key, c := range map[string]int{"previous": prev, "plan": plan, "actual": actual} {
			if c >= 0 {
				b.put(l, at, key, b.money(g, rr, c, unit), g.ref(rr, c))
			}
		}
		lines = append(lines, l)
	}
	if len(lines) < 2 {
		return
	}
	change := map[string]any{"item": "项目支出"}
	at := fmt.Sprintf("budget.changes[%d]", len(anyList(budget["changes"])))
	b.origin[at] = g.ref(r, 0)
	if prev >= 0 {
		b.put(change, at, "previous", b.money(g, r, prev, unit), g.ref(r, prev))
	}
	b.put(change, at, "current", b.money(g, r, actual, unit), g.ref(r, actual))
	if change["previous"] == nil || change["current"] == nil {
		return
	}
	budget["projects"] = append(anyList(budget["projects"]), lines...)
	budget["changes"] = append(anyList(budget["changes"]), change)
	b.m["budget"] = budget
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}
