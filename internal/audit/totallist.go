package audit

import (
	"strings"
)

// A total named with 总 is often followed at once by its parts, joined by
// 、 with no 其中: "全县农村公路总里程4278公里，县道854公里、乡道1256公里、村道
// 2618公里；". totalThenList adds the parts against the total (T01) when
// every item of the list after the total's clause states one figure in the
// total's unit, and nothing else follows the list in its sentence.
func (a *auditor) totalThenList() {
	for _, s := range a.sents {
		if !strings.Contains(s.text, "总") {
			continue
		}
		ms := mentions(s.text)
		for i, t := range ms {
			label := clauseBefore(s.text, t.start)
			if !strings.Contains(strings.ReplaceAll(label, "总计", ""), "总") || t.unit == "%" || t.unit == "分" || i+2 >= len(ms) {
				continue
			}
			rest := s.text[t.end:]
			if !strings.HasPrefix(rest, "，") && !strings.HasPrefix(rest, ",") {
				continue
			}
			list := strings.TrimRight(rest[len("，"):], "。；;，, ")
			if strings.HasPrefix(rest, ",") {
				list = strings.TrimRight(rest[1:], "。；;，, ")
			}
			items, _ := listItems(list)
			if len(items) < 2 {
				continue
			}
			var parts []mention
			var names []string
			for _, it := range items {
				im := mentions(it)
				if len(im) != 1 || !sameUnit(im[0].unit, t.unit) || strings.TrimSpace(it[im[0].end:]) != "" || im[0].start == 0 {
					parts = nil
					break
				}
				parts = append(parts, im[0])
				names = append(names, strings.TrimSpace(it[:im[0].start]))
			}
			if len(parts) < 2 {
				continue
			}
			a.partsAgainst(s, label, t, parts, names)
		}
	}
}
