package audit

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A unit's final accounts (部门决算) and budget (部门预算) balance by a rule
// of their standard tables (收入支出决算总表, 收支预算总表):
//
//	收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余
//	支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余
//
// (a budget writes 上年结转 for the carry-over in, 结转下年 for the one
// out). Explanations restate the table in prose, the totals in one
// sentence and each side's parts in the paragraphs under it, often one a
// line or after 此外 ("收入总计506.91万元…。" / "本年收入506.91万元。" /
// "使用非财政拨款结余0.00万元，…" / "年初结转结余0.00万元，…").
// accountsIdentity checks each total against the parts it finds by their
// names in the lines after it (T01). A part not stated may be nothing or
// left unsaid, so parts that add up to less than the total without all of
// the rule's parts named are not reported.

// identitySide is one side of the rule: its total, its main part and the
// others, each by the names it goes by.
type identitySide struct {
	total  string
	rule   string
	main   []string
	others [][]string
}

var identitySides = []identitySide{
	{total: "收入总计", rule: "收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
		main:   []string{"本年收入合计", "本年收入", "收入合计"},
		others: [][]string{{"使用非财政拨款结余", "用事业基金弥补收支差额"}, {"年初结转和结余", "年初结转结余", "年初结转", "上年结转和结余", "上年结转"}}},
	{total: "支出总计", rule: "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
		main:   []string{"本年支出合计", "本年支出", "支出合计"},
		others: [][]string{{"结余分配"}, {"年末结转和结余", "年末结转结余", "结转下年"}}},
}

// identityWindow is how far after a total its parts are looked for: the
// rest of its paragraph and this many lines that are not blank, at most
// identityBytes of text.
const (
	identityLines = 8
	identityBytes = 4000
)

func (a *auditor) accountsIdentity() {
	ps := a.doc.Paragraphs
	for p, text := range ps {
		if strings.Contains(text, "|") {
			continue // a table's rows are read by the table readers
		}
		for _, side := range identitySides {
			at := strings.Index(text, side.total)
			if at < 0 {
				continue
			}
			total, ok := amountAfterName(text, at, side.total)
			if !ok || !standsAlone(text[:at]) || lastYears(text[:at]) {
				continue
			}
			window := a.identityWindow(p, text[total.end:], side.total)
			main, mainName, mainPara, ok := namedAmountIn(window, side.main)
			if !ok || !sameKind(total, main) {
				continue
			}
			parts, names := []mention{main}, []string{mainName}
			var also []int // the lines of the parts not the total's
			if mainPara != p {
				also = append(also, mainPara+1)
			}
			all := true
			for _, other := range side.others {
				m, name, para, ok := namedAmountIn(window, other)
				if !ok || !sameKind(total, m) {
					all = false
					continue
				}
				parts, names = append(parts, m), append(names, name)
				if para != p && !slices.Contains(also, para+1) {
					also = append(also, para+1)
				}
			}
			// Parts in the total's own sentence are the ordinary
			// breakdown's; one part is no rule.
			if len(parts) < 2 || len(also) == 0 {
				continue
			}
			t := total.value.Mul(scaleOf(total.unit))
			sum, tol, places := decimal.Zero, slack(total), total.places
			terms := make([]string, len(parts))
			nums := []jixiao.Number{{Name: side.total, Value: total.text}}
			for k, m := range parts {
				sum = sum.Add(m.value.Mul(scaleOf(m.unit)))
				tol = tol.Add(slack(m))
				places = max(places, m.places)
				terms[k] = names[k] + m.text
				nums = append(nums, jixiao.Number{Name: names[k], Value: m.text})
			}
			a.checked["T01"]++
			gap := sum.Sub(t)
			if gap.Abs().LessThanOrEqual(tol) || !all && gap.IsNegative() {
				continue
			}
			a.add(a.line(p), "T01", jixiao.SeverityError, fmt.Sprintf("%s%s，其后所述%s = %s%s，与之不符（%s）",
				side.total, total.text, strings.Join(terms, " + "), jixiao.Fixed(sum.Div(scaleOf(total.unit)), places), total.unit, side.rule), nums, also...)
		}
	}
}

// identityPlace is a stretch of a paragraph where a total's parts are
// looked for.
type identityPlace struct {
	para int
	text string
}

// identityWindow is where the parts of the total stated in paragraph p,
// followed by rest, are looked for: rest, then the lines after it up to
// the next statement of the same total, within identityLines lines that
// are not blank and identityBytes bytes.
func (a *auditor) identityWindow(p int, rest, total string) []identityPlace {
	ps := a.doc.Paragraphs
	if len(rest) > identityBytes {
		cut := identityBytes
		for cut > 0 && !utf8.RuneStart(rest[cut]) {
			cut--
		}
		rest = rest[:cut]
	}
	window := []identityPlace{{p, rest}}
	size := len(rest)
	for q, n := p+1, 0; q < len(ps) && n < identityLines && size < identityBytes; q++ {
		if strings.TrimSpace(ps[q]) == "" {
			continue
		}
		if strings.Contains(ps[q], "|") {
			break
		}
		if i := strings.Index(ps[q], total); i >= 0 {
			if _, again := amountAfterName(ps[q], i, total); again {
				break
			}
		}
		window = append(window, identityPlace{q, ps[q]})
		n++
		size += len(ps[q])
	}
	return window
}

// namedAmountIn is the first amount in the window written right after one
// of names, with the name and its paragraph.
func namedAmountIn(window []identityPlace, names []string) (mention, string, int, bool) {
	for _, w := range window {
		best, bestAt, bestName := mention{}, -1, ""
		for _, name := range names {
			for from := 0; ; {
				i := strings.Index(w.text[from:], name)
				if i < 0 {
					break
				}
				i += from
				from = i + len(name)
				if m, ok := amountAfterName(w.text, i, name); ok && standsAlone(w.text[:i]) && !lastYears(w.text[:i]) && (bestAt < 0 || i < bestAt) {
					best, bestAt, bestName = m, i, name
					break
				}
			}
		}
		if bestAt >= 0 {
			return best, bestName, w.para, true
		}
	}
	return mention{}, "", -1, false
}

// amountAfterName is the amount written right after a name at i in text
// ("收入总计506.91万元", "本年收入合计为1,234.50万元", "年初结转和结余：0万元"):
// nothing but 为, 是, 共, a colon or spaces between them, and not a change.
func amountAfterName(text string, i int, name string) (mention, bool) {
	rest := text[i+len(name):]
	gap := len(rest) - len(strings.TrimLeft(rest, " 　为是共：:"))
	if gap > 6 {
		return mention{}, false
	}
	ms := mentions(rest[gap:min(len(rest), gap+40)])
	if len(ms) == 0 || ms[0].start != 0 {
		return mention{}, false
	}
	if _, ok := money(ms[0].unit); !ok {
		return mention{}, false
	}
	m := ms[0]
	m.start += i + len(name) + gap
	m.end += i + len(name) + gap
	return m, true
}

// lastYears reports whether the words just before a name make it another
// year's or a comparison's ("上年收入总计", "比上年本年收入").
func lastYears(before string) bool {
	rs := []rune(before)
	tail := string(rs[max(0, len(rs)-4):])
	return containsAny(tail, []string{"上年", "上一年", "去年", "比", "较", "同期"})
}

// standsAlone reports whether a name is not the end of a longer one
// ("项目支出合计" holds 支出合计, "财政拨款收入合计" 收入合计): the word before
// it is not a kind of spending or income ("本单位收入合计" stands alone).
func standsAlone(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return !strings.ContainsRune("目本营款业他助金费", r)
}
