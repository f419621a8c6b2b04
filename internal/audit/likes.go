package audit

import (
	"slices"
	"strings"
)

// measureUnits are the units of work done that a report lists place by
// place and then sums: areas, lengths, volumes.
var measureUnits = []string{"平方米", "万平方米", "㎡", "万㎡", "m²", "平方公里", "立方米", "m³", "米", "公里", "千米", "km", "亩", "万亩", "公顷"}

// likeItems checks a list of like items and the sum stated after them in the
// same paragraph (T01): "李家寨村内道路硬化700平方米；中坝村内道路硬化900平方
// 米；…。…已完成山岔乡村内道路硬化4970平方米，挡墙建设960立方米". The parts
// are the figures of one unit whose words end the same way (the last four
// characters: 道路硬化); the total is the last of them, in a sentence that
// says it is what was done or what there is in all (完成, 共, 合计, 累计, 总),
// and not smaller than any part. A gap is a warning: the sum may be of part
// of the list.
func (a *auditor) likeItems() {
	for p, text := range a.doc.Paragraphs {
		type item struct {
			m    mention
			key  string
			name string
		}
		var items []item
		for _, m := range mentions(text) {
			if !slices.Contains(measureUnits, m.unit) {
				continue
			}
			label := []rune(phraseBefore(text, m.start))
			if len(label) < 4 {
				continue
			}
			items = append(items, item{m, string(label[len(label)-4:]) + "|" + m.unit, string(label)})
		}
		groups := map[string][]item{}
		var order []string
		for _, it := range items {
			if len(groups[it.key]) == 0 {
				order = append(order, it.key)
			}
			groups[it.key] = append(groups[it.key], it)
		}
		for _, k := range order {
			g := groups[k]
			if len(g) < 3 {
				continue
			}
			total, parts := g[len(g)-1], g[:len(g)-1]
			head := text[:total.m.start]
			if i := strings.LastIndexAny(head, "。！？；;"); i >= 0 {
				head = head[i:]
			}
			if !containsAny(head, []string{"完成", "共", "合计", "累计", "总"}) {
				continue
			}
			var ms []mention
			var names []string
			small := false
			for _, pt := range parts {
				if pt.m.value.GreaterThan(total.m.value) {
					small = true
				}
				ms = append(ms, pt.m)
				names = append(names, pt.name)
			}
			if small {
				continue
			}
			n := len(a.findings)
			s := a.line(p)
			a.partsAgainst(s, total.name, total.m, ms, names)
			a.soften(n, "；若所述合计只是部分项目的则无误")
		}
	}
}
