package audit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Statistics by kind state a line of several measures and then each kind
// on its own line opening with 其中, with the same measures under its own
// words: "全市共有义务教育阶段学校77所，招生24636人，在校生84036人，专任教师7879人。"
// then "其中普通小学49所，小学招生17108人，在校生60766人。…专任教师3150人。" and
// "其中普通初中28所。初中招生7528人，…专任教师4729人。". partLines adds each
// measure over the 其中 lines (T01): the thing counted first by its unit,
// the others by the last two characters of their words (招生, 在校生, 专任
// 教师). A measure some 其中 line does not state is not added. Parts that
// make less than the total are a warning (a kind may be left out); more,
// an error.
func (a *auditor) partLines() {
	ps := a.doc.Paragraphs
	for p := 0; p+2 < len(ps); p++ {
		if startsQizhong(ps[p]) {
			continue
		}
		end := p + 1
		for end < len(ps) && end-p <= maxPartLines && startsQizhong(ps[end]) {
			end++
		}
		if end-p-1 < 2 {
			continue
		}
		totals := measuresOf(ps[p])
		if len(totals) < 2 {
			continue // one measure is the ordinary breakdown's
		}
		lines := make([][]measure, 0, end-p-1)
		for q := p + 1; q < end; q++ {
			lines = append(lines, measuresOf(ps[q]))
		}
		for i, t := range totals {
			var parts []mention
			for _, l := range lines {
				m, ok := sameMeasure(t, i == 0, l)
				if !ok {
					parts = nil
					break
				}
				parts = append(parts, m.m)
			}
			if len(parts) < 2 {
				continue
			}
			a.checked["T01"]++
			// Whole counts are exact; measures keep their rounding.
			terms := make([]string, len(parts))
			sum, tol := decimal.Zero, slack(t.m)
			for j, m := range parts {
				terms[j] = m.text
				sum = sum.Add(m.value)
				tol = tol.Add(slack(m))
			}
			gap := sum.Sub(t.m.value)
			if gap.Abs().LessThanOrEqual(tol) {
				continue
			}
			sev, note := jixiao.SeverityWarning, "（以“其中”开头的各行可能未列全）"
			if gap.GreaterThan(tol) {
				sev, note = jixiao.SeverityError, ""
			}
			a.add(a.line(p+len(parts)), "T01", sev, fmt.Sprintf("第%d%s“%s”%s，以下%d行“其中”的%s之和为%s%s（%s）%s", p+1, a.doc.Unit, t.key, t.m.text, len(parts), t.key,
				jixiao.Plain(sum), t.m.unit, strings.Join(terms, " + "), note),
				[]jixiao.Number{{Name: t.key, Value: t.m.text}, {Name: "各行之和", Value: jixiao.Plain(sum) + t.m.unit}}, p+1)
		}
	}
}

// maxPartLines is how many 其中 lines after a total line are read at most.
const maxPartLines = 12

// measure is a count or measure a line states, with the words that name it.
type measure struct {
	m   mention
	key string
}

// measuresOf is the counts and measures of a line (not money, per cents or
// scores), each with the Chinese words right before it, less what comes
// before 共有 or 有 ("全市共有义务教育阶段学校" → 义务教育阶段学校).
func measuresOf(line string) []measure {
	var out []measure
	for _, m := range mentions(line) {
		if _, isMoney := money(m.unit); isMoney || m.unit == "%" || m.unit == "分" || m.unit == "" {
			continue
		}
		key := phraseBefore(line, m.start)
		for _, w := range []string{"共有", "其中", "有"} {
			if i := strings.LastIndex(key, w); i >= 0 {
				key = key[i+len(w):]
			}
		}
		if utf8.RuneCountInString(key) < 2 {
			continue
		}
		out = append(out, measure{m, key})
	}
	return out
}

// sameMeasure is the measure of line that is total's: for the first of a
// line (what is counted) the one in the same unit when there is one; for
// the others the one in the same unit whose words end as total's do.
func sameMeasure(total measure, first bool, line []measure) (measure, bool) {
	var found []measure
	for _, m := range line {
		if !sameUnit(m.m.unit, total.m.unit) {
			continue
		}
		if first {
			found = append(found, m)
			continue
		}
		if r := []rune(total.key); len(r) >= 2 && strings.HasSuffix(m.key, string(r[len(r)-2:])) {
			found = append(found, m)
		}
	}
	if first && len(found) > 0 {
		return found[0], true
	}
	if len(found) != 1 {
		return measure{}, false
	}
	return found[0], true
}

// startsQizhong reports whether a line opens with 其中.
func startsQizhong(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t　（(0123456789.、"), "其中")
}
