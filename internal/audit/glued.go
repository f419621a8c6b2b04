package audit

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Document-sharing sites often run a form's cells together with nothing
// between them: "全年预算数（A）全年执行数（B）执行率（B/A）年度资金总额
// 194.9194.9100%其中：中央补助194.9194.9100%". The header still names the
// columns in order, and each row is its label followed by one run of digits
// ending in the 执行率's per cent. gluedForms cuts each run into the
// columns' figures in every way a form could print them (no leading zeros,
// at most four decimals, a per cent of at most three digits, 分值 a whole
// number up to 100) and checks the rate (T08) and the sources against the
// total (T01) on the reading that holds. When no reading holds, the run is
// reported only if exactly one reading looks like a form's (amounts written
// to the same decimals and of like size): "4000|3600|100%", not
// "40003|600|100%".

// gluedHeaderRe is one column header with its optional tag: 全年预算数（A）.
var gluedHeaderRe = func() *regexp.Regexp {
	names := make([]string, 0, len(formColumns))
	for n := range formColumns {
		if n == "执行率得分" {
			continue // run together, 执行率 and 得分 are two headers
		}
		names = append(names, regexp.QuoteMeta(n))
	}
	// Longest first: 预算执行率 before 执行率, 全年预算数 before 全年预算.
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	return regexp.MustCompile(`(` + strings.Join(names, "|") + `)(?:[（(][^）)]{0,12}[）)])?`)
}()

// gluedRunRe is a row's figures run together, up to the per cent and the
// score glued after it.
var gluedRunRe = regexp.MustCompile(`([0-9][0-9.]*)[%％]([0-9]+(?:\.[0-9]+)?)?`)

// gluedNumberRe is one figure of a run: no leading zero, at most four
// decimals, at most nine whole digits.
var gluedNumberRe = regexp.MustCompile(`^(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,4})?$`)

// gluedRateRe is a per cent of a run.
var gluedRateRe = regexp.MustCompile(`^(?:0|[1-9][0-9]{0,2})(?:\.[0-9]{1,2})?$`)

// gluedHeader is a header run together in paragraph para, ending at end,
// with the columns' roles in order.
type gluedHeader struct {
	para, end int
	cols      []string
}

// gluedHeaders finds the headers whose names are run together (or spaced)
// with nothing else between them: at least two amount columns and 执行率.
func (a *auditor) gluedHeaders() []gluedHeader {
	var out []gluedHeader
	for p, text := range a.doc.Paragraphs {
		ms := gluedHeaderRe.FindAllStringSubmatchIndex(text, -1)
		for i := 0; i < len(ms); {
			j := i + 1
			for j < len(ms) && strings.TrimSpace(text[ms[j-1][1]:ms[j][0]]) == "" {
				j++
			}
			var cols []string
			for _, m := range ms[i:j] {
				cols = append(cols, formColumns[text[m[2]:m[3]]])
			}
			amounts := 0
			for _, c := range cols {
				if c == "initial" || c == "adjusted" || c == "final" {
					amounts++
				}
			}
			if amounts >= 2 && slices.Contains(cols, "rate") && !slices.Contains(cols, "cause") {
				out = append(out, gluedHeader{p, ms[j-1][1], cols})
			}
			i = j
		}
	}
	return out
}

func (a *auditor) gluedForms() {
	headers := a.gluedHeaders()
	for h, hd := range headers {
		r := slices.Index(hd.cols, "rate")
		before, after := hd.cols[:r], hd.cols[r+1:]
		var rows []budgetRow
		tried := 0
		// The rows follow the header in its paragraph and the next few,
		// up to the next header.
	paras:
		for p := hd.para; p < len(a.doc.Paragraphs) && p <= hd.para+6; p++ {
			if h+1 < len(headers) && p > headers[h+1].para {
				break
			}
			text, from := a.doc.Paragraphs[p], 0
			if p == hd.para {
				from = hd.end
			}
			last := from
			for _, m := range gluedRunRe.FindAllStringSubmatchIndex(text[from:], -1) {
				start, end := from+m[0], from+m[1]
				raw := text[last:start]
				last = end
				if strings.TrimRight(raw, " \t\u3000") != raw {
					continue // the figures stand apart: the cells reader's
				}
				// The label is the text since the last figure, a cell's worth.
				label := strings.TrimRight(strings.TrimSpace(raw[strings.LastIndexAny(raw, "0123456789%％")+1:]), "：: ")
				if utf8.RuneCountInString(label) > 24 {
					continue
				}
				if !startsWithAny(label, formRowLabels) && !sourceLabel(label) {
					continue
				}
				pre := text[from+m[2] : from+m[3]]
				score := ""
				if m[4] >= 0 && slices.Contains(after, "score") {
					score = text[from+m[4] : from+m[5]]
				}
				// A source is no larger than the total read above it:
				// "40003600100%" under a total of 4000 is 4000, 3600 and
				// 100%, not 400036001, 0 and 0%.
				var limit *decimal.Decimal
				if t := slices.IndexFunc(rows, func(r budgetRow) bool { return r.total }); t >= 0 && !startsWithAny(label, formTotalLabels) {
					if d, err := decimal.NewFromString(budgetOf(rows[t].vals).text); err == nil {
						limit = &d
					}
				}
				vals, ok := a.gluedRow(formCell{label, p}, pre, score, before, limit)
				if ok {
					rows = append(rows, budgetRow{formCell{label, p}, vals, startsWithAny(label, formTotalLabels)})
				}
				if tried++; tried >= gluedRowsMax {
					break paras // a budget block has a handful of rows
				}
			}
			if h+1 < len(headers) && p == headers[h+1].para {
				break
			}
		}
		a.sourcesAgainst(rows)
	}
}

// gluedRowsMax bounds the rows read after one header.
const gluedRowsMax = 12

// gluedReading is one way of cutting a run into its columns' figures.
type gluedReading struct {
	vals     map[string]formCell
	holds    bool
	formLike bool
}

// gluedRow reads one row's run pre (the figures up to the per cent, the
// per cent included) against the columns before the rate, and checks the
// rate on the reading that holds. It returns the values of the reading
// used, and whether one was.
func (a *auditor) gluedRow(label formCell, pre, score string, before []string, limit *decimal.Decimal) (map[string]formCell, bool) {
	if len(pre) > 48 || !strings.ContainsAny(pre[:len(pre)-1], "0123456789") {
		return nil, false
	}
	var readings []gluedReading
	for _, cols := range gluedColumnChoices(before) {
		cols = append(slices.Clip(cols), "rate")
		for _, cut := range gluedCuts(pre, len(cols)) {
			vals := map[string]formCell{}
			ok := true
			for i, c := range cols {
				t := cut[i]
				switch c {
				case "rate":
					ok = ok && gluedRateRe.MatchString(t)
					t += "%"
				case "max":
					w, err := decimal.NewFromString(t)
					ok = ok && err == nil && strings.IndexByte(t, '.') < 0 && w.IsPositive() && w.LessThanOrEqual(decimal.NewFromInt(100))
					if ok && score != "" {
						s, err := decimal.NewFromString(score)
						ok = err == nil && s.LessThanOrEqual(w)
					}
				}
				vals[c] = formCell{t, label.para}
			}
			if b, err := decimal.NewFromString(budgetOf(vals).text); !ok || limit != nil && (err != nil || b.GreaterThan(*limit)) {
				continue
			}
			readings = append(readings, gluedReading{vals, gluedHolds(vals), gluedFormLike(vals)})
		}
	}
	if len(readings) == 0 {
		return nil, false
	}
	// The reading that looks like a form's decides; without one, the
	// reading that holds, if only one does.
	var holding, like []gluedReading
	for _, rd := range readings {
		if rd.holds {
			holding = append(holding, rd)
		}
		if rd.formLike {
			like = append(like, rd)
		}
	}
	// Nothing spent is the reading of last resort: "40003600100%" is 4000,
	// 3600 and 100%, not 400036001, 0 and 0%.
	if slices.ContainsFunc(like, func(rd gluedReading) bool { return rd.vals["final"].text != "0" }) {
		like = slices.DeleteFunc(like, func(rd gluedReading) bool { return rd.vals["final"].text == "0" })
	}
	switch {
	case len(like) == 1:
		n := len(a.findings)
		a.formRate(label, like[0].vals, false)
		if len(a.findings) > n {
			a.amend(n, func(f *Finding) { f.Message += gluedNote(pre, like[0].vals) })
		}
		return like[0].vals, true
	case len(like) > 1:
		for _, rd := range like {
			if rd.holds {
				a.checked["T08"]++
				return rd.vals, true
			}
		}
	case len(holding) == 1:
		a.checked["T08"]++
		return holding[0].vals, true
	}
	return nil, false
}

// gluedNote says how the run was read, after a finding on it.
func gluedNote(pre string, vals map[string]formCell) string {
	names := map[string]string{"initial": "年初预算数", "adjusted": "全年预算数", "final": "全年执行数", "max": "分值", "rate": "执行率"}
	var parts []string
	for _, c := range []string{"initial", "adjusted", "final", "max", "rate"} {
		if v, ok := vals[c]; ok {
			parts = append(parts, names[c]+v.text)
		}
	}
	return fmt.Sprintf("（表中数字连写为“%s%%”，按表头读作%s）", pre, strings.Join(parts, "、"))
}

// gluedColumnChoices are the column lists a row may fill: all the columns
// before the rate, or without 年初预算数 and 分值, which rows other than the
// total often leave blank.
func gluedColumnChoices(before []string) [][]string {
	out := [][]string{before}
	drop := func(cols []string, c string) []string {
		return slices.DeleteFunc(slices.Clone(cols), func(x string) bool { return x == c })
	}
	for _, c := range []string{"initial", "max"} {
		for _, cols := range out {
			if slices.Contains(cols, c) {
				if d := drop(cols, c); len(d) >= 2 {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// gluedCuts are the ways to cut s into n figures, each a form's number.
func gluedCuts(s string, n int) [][]string {
	if n == 1 {
		if gluedNumberRe.MatchString(s) {
			return [][]string{{s}}
		}
		return nil
	}
	var out [][]string
	for i := 1; i <= len(s)-(n-1); i++ {
		head := s[:i]
		if !gluedNumberRe.MatchString(head) {
			continue
		}
		for _, rest := range gluedCuts(s[i:], n-1) {
			out = append(out, append([]string{head}, rest...))
		}
	}
	return out
}

// budgetOf is a reading's budget: 全年预算数, else 年初预算数.
func budgetOf(vals map[string]formCell) formCell {
	if base, ok := vals["adjusted"]; ok {
		return base
	}
	return vals["initial"]
}

// gluedHolds reports whether a reading's rate agrees with its amounts.
func gluedHolds(vals map[string]formCell) bool {
	base := budgetOf(vals)
	f, err1 := decimal.NewFromString(vals["final"].text)
	b, err2 := decimal.NewFromString(base.text)
	stated, places, ok := statedPercent(vals["rate"].text)
	if err1 != nil || err2 != nil || !ok {
		return false
	}
	if !b.IsPositive() {
		return f.IsZero() && stated.IsZero()
	}
	_, agrees := percentAgrees(f, b, stated, places, cellSlack(vals["final"].text), cellSlack(base.text))
	return agrees
}

// gluedFormLike reports whether a reading's amounts look like a form's:
// written to the same decimals, their whole parts at most one digit apart
// in length, a rate of nought only when nothing was spent, and spending
// within three times the budget.
func gluedFormLike(vals map[string]formCell) bool {
	// A rate of nothing with something spent, or the reverse, is no
	// form's printing.
	if (strings.Trim(vals["rate"].text, "0.%") == "") != (strings.Trim(vals["final"].text, "0.") == "") {
		return false
	}
	places, minLen, maxLen := int32(-1), 99, 0
	for _, c := range []string{"initial", "adjusted", "final"} {
		v, ok := vals[c]
		// Nothing spent ("0") has no magnitude nor decimals to compare.
		if !ok || v.text == "0" {
			continue
		}
		if places >= 0 && decimalPlaces(v.text) != places {
			return false
		}
		places = decimalPlaces(v.text)
		whole := len(strings.SplitN(v.text, ".", 2)[0])
		minLen, maxLen = min(minLen, whole), max(maxLen, whole)
	}
	if maxLen-minLen > 1 {
		return false
	}
	// No form spends three times its budget, nor says it did.
	base := budgetOf(vals)
	f, err1 := decimal.NewFromString(vals["final"].text)
	b, err2 := decimal.NewFromString(base.text)
	rate, _, ok := statedPercent(vals["rate"].text)
	three := decimal.NewFromInt(3)
	return err1 == nil && err2 == nil && ok && f.LessThanOrEqual(b.Mul(three)) && rate.LessThanOrEqual(three.Shift(2))
}
