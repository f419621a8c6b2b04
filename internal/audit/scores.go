package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// headingRe matches a scored section's heading: "3.推进国土空间的生态修复
// （满分17分，得16分）", "1.某某工作（17分）". Groups: name, weight, score.
var headingRe = regexp.MustCompile(`^\s*(?:[0-9０-９]+|[一二三四五六七八九十]+)[.．、]\s*(.+?)[（(](?:满分|分值)?\s*([0-9]+(?:\.[0-9]+)?)\s*分(?:\s*[，,、]\s*(?:得分|实得|得)\s*([0-9]+(?:\.[0-9]+)?)\s*分)?[)）]\s*$`)

// topRe matches a top-level heading that ends the scored sections: "四、…",
// "（二）…".
var topRe = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])`)

var deductionRe = regexp.MustCompile(`扣(?:除|减)?\s*([0-9]+(?:\.[0-9]+)?)\s*分`)

// totalRe finds the stated total: "自评得分96分", "综合得分为92.5分".
var totalRe = regexp.MustCompile(`(?:自评得分|综合得分|总得分|最终得分|总分|评价得分|绩效得分)(?:为|是)?\s*([0-9]+(?:\.[0-9]+)?)\s*分`)

var fullRe = regexp.MustCompile(`满分\s*([0-9]+(?:\.[0-9]+)?)\s*分`)

// gradeRe finds the stated grade: 评价等级为“优秀”.
var gradeRe = regexp.MustCompile(`(?:评价等级|绩效等级|等级)(?:为|是|评定为|：|:)\s*[“"「]?([\p{Han}]{1,4})[”"」]?`)

// bandRe reads one band of the report's own band sentence: "得分≥85分为
// 优秀", "75≤得分＜85分为良好", "得分＜60分为较差".
var bandRe = regexp.MustCompile(`(?:([0-9]+(?:\.[0-9]+)?)\s*分?\s*(≤|<|＜|<=)\s*)?(?:得分|总分|分数)\s*(?:(≥|>=|＞=|>|＞|<|＜|≤|<=)\s*([0-9]+(?:\.[0-9]+)?)\s*分?)?\s*(?:的)?为\s*[“"]?([\p{Han}]{1,4})`)

// section is a scored section of the report.
type section struct {
	s          sentence
	name       string
	weight     decimal.Decimal
	score      *decimal.Decimal // as stated in the heading
	deductions []decimal.Decimal
	style      string // how the heading is numbered: "一、" or "1."
}

// scores checks section scores against their deductions (T04), the total
// against the sections (T05), and the grade against the report's bands
// (T06).
func (a *auditor) scores() {
	var secs []*section
	var totalAt *sentence
	var total decimal.Decimal
	var fullAt *sentence
	var full decimal.Decimal
	var gradeAt *sentence
	var grade string
	var bands []band
	for i, p := range a.doc.Paragraphs {
		if m := headingRe.FindStringSubmatch(p); m != nil {
			sec := &section{s: sentence{para: i + 1, start: 0, end: len(p), text: p}, name: m[1], weight: decimal.RequireFromString(m[2]), style: "1."}
			if r := []rune(strings.TrimSpace(p)); len(r) > 0 && strings.ContainsRune("一二三四五六七八九十", r[0]) {
				sec.style = "一、"
			}
			if m[3] != "" {
				d := decimal.RequireFromString(m[3])
				sec.score = &d
			}
			secs = append(secs, sec)
		}
	}
	// Deductions belong to the section whose heading precedes them.
	for _, s := range a.sents {
		var in *section
		for _, sec := range secs {
			if sec.s.para < s.para {
				in = sec
			}
		}
		// A table row (cells separated by tabs) is not the section's text:
		// a score table after the sections repeats their deductions.
		if in != nil && !a.afterTop(in.s.para, s.para) && !strings.Contains(a.doc.Paragraphs[s.para-1], "\t") {
			for _, m := range deductionRe.FindAllStringSubmatch(s.text, -1) {
				in.deductions = append(in.deductions, decimal.RequireFromString(m[1]))
			}
		}
		if words := wordBands(s); len(words) > 0 {
			bands = append(bands, words...)
			continue
		}
		if strings.ContainsAny(s.text, "≥≤<>＜＞") {
			for _, m := range bandRe.FindAllStringSubmatch(s.text, -1) {
				b := band{name: m[5], at: s}
				if m[1] != "" {
					d := decimal.RequireFromString(m[1])
					b.lo, b.loIn = &d, m[2] == "≤" || m[2] == "<="
				}
				if m[4] != "" {
					d := decimal.RequireFromString(m[4])
					switch m[3] {
					case "≥", ">=", "＞=":
						b.lo, b.loIn = &d, true
					case ">", "＞":
						b.lo, b.loIn = &d, false
					case "<", "＜":
						b.hi, b.hiIn = &d, false
					case "≤", "<=":
						b.hi, b.hiIn = &d, true
					}
				}
				if b.lo != nil || b.hi != nil {
					bands = append(bands, b)
				}
			}
			continue
		}
		if m := totalRe.FindStringSubmatch(s.text); m != nil && !inHeading(secs, s) {
			s := s
			totalAt, total = &s, decimal.RequireFromString(m[1])
		}
		if m := fullRe.FindStringSubmatch(s.text); m != nil && !inHeading(secs, s) && fullAt == nil {
			s := s
			fullAt, full = &s, decimal.RequireFromString(m[1])
		}
		if m := gradeRe.FindStringSubmatch(s.text); m != nil {
			s := s
			gradeAt, grade = &s, m[1]
		}
	}
	// T04: a section's stated score against its weight and deductions.
	for _, sec := range secs {
		if sec.score == nil || len(sec.deductions) == 0 {
			continue
		}
		a.checked["T04"]++
		ded := decimal.Zero
		var terms []string
		for _, d := range sec.deductions {
			ded = ded.Add(d)
			terms = append(terms, "扣"+fmtDec(d))
		}
		if score := sec.weight.Sub(ded); !sec.score.Equal(score) {
			a.add(sec.s, "T04", jixiao.SeverityError, fmt.Sprintf("“%s”满分%s分、文中%s，应得%s分，而所述得分为%s分（%s %s = %s）",
				short(sec.name), fmtDec(sec.weight), strings.Join(terms, "、"), fmtDec(score), fmtDec(*sec.score), fmtDec(sec.weight),
				strings.Join(minus(sec.deductions), " "), fmtDec(score)),
				[]jixiao.Number{{Name: "满分", Value: fmtDec(sec.weight) + "分"}, {Name: "扣分", Value: fmtDec(ded) + "分"}, {Name: "所述得分", Value: fmtDec(*sec.score) + "分"}})
		}
	}
	gs := groups(secs)
	for _, g := range gs {
		a.subsections(g)
	}
	// The total is made of the first-level sections, each with the
	// deductions of the subsections under it. implied sums the scores as
	// stated; derived sums them as the deductions give them. A total that
	// agrees with either is left alone: where the two differ, T04 has said
	// so at the section.
	implied, derived, weights := decimal.Zero, decimal.Zero, decimal.Zero
	var scoreTerms, weightTerms []string
	for _, g := range gs {
		sec := g.head
		byDeductions, deducted := sec.weight, false
		for _, sub := range append([]*section{sec}, g.subs...) {
			for _, d := range sub.deductions {
				byDeductions, deducted = byDeductions.Sub(d), true
			}
		}
		stated := byDeductions
		if sec.score != nil {
			stated = *sec.score
		}
		if deducted {
			derived = derived.Add(byDeductions)
		} else {
			derived = derived.Add(stated)
		}
		implied = implied.Add(stated)
		weights = weights.Add(sec.weight)
		scoreTerms = append(scoreTerms, fmtDec(stated))
		weightTerms = append(weightTerms, fmtDec(sec.weight))
	}
	// T05: the total against the sections, the weights against 满分.
	if len(gs) >= 2 && totalAt != nil {
		a.checked["T05"]++
		if !total.Equal(implied) && !total.Equal(derived) {
			a.add(*totalAt, "T05", jixiao.SeverityError, fmt.Sprintf("各项得分之和为%s分（%s = %s；未写得分的按满分减所述扣分），与所述总分%s分不符",
				fmtDec(implied), strings.Join(scoreTerms, " + "), fmtDec(implied), fmtDec(total)),
				[]jixiao.Number{{Name: "各项得分之和", Value: fmtDec(implied) + "分"}, {Name: "所述总分", Value: fmtDec(total) + "分"}}, gs[0].head.s.para)
		}
	}
	if len(gs) >= 2 && fullAt != nil && fullAt.para > gs[0].head.s.para {
		a.checked["T05"]++
		if !weights.Equal(full) {
			a.add(*fullAt, "T05", jixiao.SeverityError, fmt.Sprintf("各项满分之和为%s分（%s），与所述满分%s分不符", fmtDec(weights), strings.Join(weightTerms, " + "), fmtDec(full)),
				[]jixiao.Number{{Name: "各项满分之和", Value: fmtDec(weights) + "分"}, {Name: "所述满分", Value: fmtDec(full) + "分"}})
		}
	}
	// T06: the grade against the report's own bands for the total.
	if gradeAt != nil && totalAt != nil && len(bands) >= 2 {
		var want []string
		for _, b := range bands {
			ok := true
			if b.lo != nil {
				ok = ok && (total.GreaterThan(*b.lo) || b.loIn && total.Equal(*b.lo))
			}
			if b.hi != nil {
				ok = ok && (total.LessThan(*b.hi) || b.hiIn && total.Equal(*b.hi))
			}
			if ok {
				want = append(want, b.name)
			}
		}
		if len(want) == 1 {
			a.checked["T06"]++
		}
		if len(want) == 1 && gradeKey(want[0]) != gradeKey(grade) {
			a.add(*gradeAt, "T06", jixiao.SeverityError, fmt.Sprintf("总分%s分按报告所列等级标准应为“%s”，而所述等级为“%s”", fmtDec(total), want[0], grade),
				[]jixiao.Number{{Name: "总分", Value: fmtDec(total) + "分"}, {Name: "所述等级", Value: grade}, {Name: "按标准应为", Value: want[0]}}, bands[0].at.para)
		}
	}
}

// band is one grade of the report's own grading: scores from lo to hi
// (either may be open) are name.
type band struct {
	lo, hi     *decimal.Decimal
	loIn, hiIn bool
	name       string
	at         sentence
}

// Bands in words, as the national tables write them: "90分（含）以上为优、
// 80分（含）-90分为良、60分（含）-80分为中、60分以下为差".
var (
	bandAboveRe   = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*分?\s*([（(]含[^）)]*[)）])?\s*(?:及)?以上\s*(?:的)?为\s*[“"]?([\p{Han}]{1,4})`)
	bandBetweenRe = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*分?\s*([（(]含[^）)]*[)）])?\s*[-－—~～至到]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*([（(]含[^）)]*[)）])?\s*(?:的)?为\s*[“"]?([\p{Han}]{1,4})`)
	bandBelowRe   = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*分\s*([（(]含[^）)]*[)）])?\s*以下\s*(?:的)?为\s*[“"]?([\p{Han}]{1,4})`)
)

func wordBands(s sentence) []band {
	text := s.text
	var out []band
	for _, m := range bandAboveRe.FindAllStringSubmatch(text, -1) {
		d := decimal.RequireFromString(m[1])
		// "90分以上" includes 90 in the tables' usage; "（含）" says so.
		out = append(out, band{lo: &d, loIn: true, name: m[3], at: s})
	}
	for _, m := range bandBetweenRe.FindAllStringSubmatch(text, -1) {
		lo, hi := decimal.RequireFromString(m[1]), decimal.RequireFromString(m[3])
		out = append(out, band{lo: &lo, loIn: true, hi: &hi, hiIn: m[4] != "", name: m[5], at: s})
	}
	for _, m := range bandBelowRe.FindAllStringSubmatch(text, -1) {
		d := decimal.RequireFromString(m[1])
		out = append(out, band{hi: &d, hiIn: m[2] != "", name: m[3], at: s})
	}
	return out
}

// gradeKey names a grade so that a band's "优" and a stated "优秀" agree.
func gradeKey(g string) string {
	switch {
	case strings.HasPrefix(g, "优"):
		return "优"
	case strings.HasPrefix(g, "良"):
		return "良"
	case g == "中" || g == "中等" || g == "一般" || g == "合格":
		return "中"
	case strings.HasSuffix(g, "差") || g == "不合格":
		return "差"
	}
	return g
}

// group is a first-level section with the second-level sections under it.
// With headings of two numbering styles ("一、决策（20分）" over "1.立项依据
// 充分性（5分）") the first level is the style that comes first; with one
// style every section is a group of its own.
type group struct {
	head *section
	subs []*section
}

func groups(secs []*section) []group {
	var out []group
	for _, sec := range secs {
		if sec.style == secs[0].style {
			out = append(out, group{head: sec})
		} else if len(out) > 0 {
			out[len(out)-1].subs = append(out[len(out)-1].subs, sec)
		}
	}
	return out
}

// subsections checks a first-level section against the second-level ones
// under it (T04): its stated score against the sum of theirs, when all of
// them state one.
func (a *auditor) subsections(g group) {
	if g.head.score == nil || len(g.subs) < 2 {
		return
	}
	sum := decimal.Zero
	var terms []string
	for _, sub := range g.subs {
		if sub.score == nil {
			return
		}
		sum = sum.Add(*sub.score)
		terms = append(terms, fmtDec(*sub.score))
	}
	a.checked["T04"]++
	if !sum.Equal(*g.head.score) {
		a.add(g.head.s, "T04", jixiao.SeverityError, fmt.Sprintf("“%s”所述得分%s分，而其下各项得分之和为%s分（%s = %s）",
			short(g.head.name), fmtDec(*g.head.score), fmtDec(sum), strings.Join(terms, " + "), fmtDec(sum)),
			[]jixiao.Number{{Name: "所述得分", Value: fmtDec(*g.head.score) + "分"}, {Name: "各项得分之和", Value: fmtDec(sum) + "分"}}, g.subs[0].s.para)
	}
}

// afterTop reports whether a top-level heading ("四、", "（二）") stands
// after paragraph from and up to paragraph to: a section's text ends there.
func (a *auditor) afterTop(from, to int) bool {
	for p := from + 1; p <= to && p <= len(a.doc.Paragraphs); p++ {
		if topRe.MatchString(a.doc.Paragraphs[p-1]) {
			return true
		}
	}
	return false
}

func inHeading(secs []*section, s sentence) bool {
	for _, sec := range secs {
		if sec.s.para == s.para {
			return true
		}
	}
	return false
}

func minus(ds []decimal.Decimal) []string {
	var out []string
	for _, d := range ds {
		out = append(out, "− "+fmtDec(d))
	}
	return out
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
