package audit

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
)

// listRe matches a list with its count: "下设有A、B、C等18个下属单位",
// "包括A、B、C共3项". Group 1 is the list, 2 "等", 3 the number, 4 the unit,
// 5 what is counted.
var listRe = regexp.MustCompile(`(?:下设有|下设|包括|包含|涵盖|分别为|分别是|分别有|辖)([^。；;：:]+?)(等)?(?:共|合计|总计)?([0-9０-９]+|[一二两三四五六七八九十]{1,3})(个|家|所|项|类|座|支|名|条|处)([\p{Han}]{0,10})`)

// lists checks a list against the count it states (T02).
func (a *auditor) lists() {
	for _, s := range a.sents {
		for _, m := range listRe.FindAllStringSubmatchIndex(s.text, -1) {
			list := s.text[m[2]:m[3]]
			if !strings.Contains(list, "、") {
				continue // not a list
			}
			n, ok := chineseNumber(s.text[m[6]:m[7]])
			if !ok {
				continue
			}
			var items []string
			for _, it := range strings.Split(list, "、") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, it)
				}
			}
			a.checked["T02"]++
			if len(items) == n {
				continue
			}
			what := s.text[m[8]:m[9]] + s.text[m[10]:m[11]]
			etc := m[4] >= 0
			msg := fmt.Sprintf("列举了%d个，所称为%s%s（“%s”至“%s”，以顿号分隔计数）", len(items), s.text[m[6]:m[7]], what, items[0], items[len(items)-1])
			// "A、B、C等8个科室" may mean "these" or "and others": with 等 and
			// fewer items than the count, it is a warning, not an error.
			sev := jixiao.SeverityError
			if etc && len(items) < n {
				msg += "；若“等”表示未一一列出则无误"
				sev = jixiao.SeverityWarning
			}
			a.add(s, "T02", sev, msg, []jixiao.Number{{Name: "所称个数", Value: s.text[m[6]:m[7]] + s.text[m[8]:m[9]]},
				{Name: "列举个数", Value: itoa(len(items))}})
		}
	}
}
