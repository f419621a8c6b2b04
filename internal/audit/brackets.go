package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Two more shapes of a total and its parts (T01):
//
//   - the breakdown in brackets after the total: "局本级187人（在职在编139人、
//     退休人员8人、协管员40人）";
//   - the parts first and the total after them: "一批项目总投资3374.3万元（…），
//     二批项目总投资2069.51万元（…），三批项目投资778.59万元（…），合计批复总投资
//     6222.4万元".

// outsideBrackets keeps the mentions of s that are not inside brackets: a
// bracket describes the figure before it.
func outsideBrackets(s string, ms []mention) []mention {
	var out []mention
	for i, d := range mentionDepths(s, ms) {
		if d == 0 {
			out = append(out, ms[i])
		}
	}
	return out
}

// mentionDepths is how many brackets are open at each mention of text:
// one pass over text for mentions in order, from the start for any that
// is not.
func mentionDepths(text string, ms []mention) []int {
	out := make([]int, len(ms))
	depth, at := 0, 0
	for i, m := range ms {
		if m.start < at {
			depth, at = 0, 0
		}
		depth = bracketDepthFrom(text, at, m.start, depth)
		at = m.start
		out[i] = depth
	}
	return out
}

// depthsAndEnd is mentionDepths and the depth at the end of text.
func depthsAndEnd(text string, ms []mention) ([]int, int) {
	depths := mentionDepths(text, ms)
	if len(ms) == 0 {
		return depths, bracketDepth(text, len(text))
	}
	last := len(ms) - 1
	if ms[last].start > len(text) {
		return depths, bracketDepth(text, len(text))
	}
	return depths, bracketDepthFrom(text, ms[last].start, len(text), depths[last])
}

// bracketDepth is how many brackets are open at byte i of s.
func bracketDepth(s string, i int) int { return bracketDepthFrom(s, 0, i, 0) }

// bracketDepthFrom is the depth at byte i of s given the depth at byte
// from.
func bracketDepthFrom(s string, from, i, depth int) int {
	for _, r := range s[from:i] {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth
}

// bracketed checks each figure followed by a bracket that breaks it down.
func (a *auditor) bracketed() {
	for _, s := range a.whole {
		for _, total := range mentions(s.text) {
			if total.unit == "%" || total.unit == "分" {
				continue
			}
			rest, noun := s.text[total.end:], ""
			if countUnit(total.unit) {
				// What is counted may come between: "100个县区（含41个县…、
				// 59个区）".
				rest = strings.TrimLeftFunc(rest, func(r rune) bool { return unicode.Is(unicode.Han, r) })
				if noun = s.text[total.end : len(s.text)-len(rest)]; utf8.RuneCountInString(noun) > 6 {
					continue
				}
			}
			rest = strings.TrimLeft(rest, " ") // "增加2人 (其中:…)"
			r, size := utf8.DecodeRuneInString(rest)
			if r != '（' && r != '(' {
				continue
			}
			end := closing(rest)
			if end < 0 {
				continue
			}
			inner := rest[size:end]
			// "（其中：A，B）" breaks the total down as "，其中：A，B" does;
			// one part named, a note or a share does not.
			qizhong := false
			if t := strings.TrimLeft(inner, " "); strings.HasPrefix(t, "其中") {
				inner, qizhong = strings.TrimLeft(strings.TrimPrefix(t, "其中"), "：:，, "), true
			}
			// "（含41个县和县级市、59个区，下同）" names parts that may be some
			// only: wrong only when they exceed the total.
			including := false
			if t := strings.TrimLeft(inner, " "); !qizhong && strings.HasPrefix(t, "含") {
				inner, including = strings.TrimPrefix(t, "含"), true
				for _, note := range []string{"，下同", ",下同", "；下同", "下同"} {
					inner = strings.TrimSuffix(inner, note)
				}
			}
			if strings.Contains(inner, "其中") || containsAny(inner, []string{"含", "占"}) {
				continue
			}
			// Parts given as about so much ("水域面积约165亩") may not add
			// up exactly: a gap is a warning.
			approx := strings.Contains(inner, "约")
			var parts []mention
			var names []string
			whole := true
			for _, item := range splitItems(inner) {
				// The one figure of the total's kind ("3个公司聘用人员1155人"
				// counts people by the 人).
				var ms []mention
				for _, m := range mentions(item) {
					if sameKind(total, m) {
						ms = append(ms, m)
					}
				}
				// "援藏援疆各50万元": so much for each of things not counted.
				if len(ms) != 1 || statesChange(item[:ms[0].start]) || strings.HasSuffix(strings.TrimSpace(item[:ms[0].start]), "各") {
					whole = false
					break
				}
				parts = append(parts, ms[0])
				names = append(names, strings.Trim(item[:ms[0].start], " ：:，,为是"))
			}
			if !whole || (qizhong || including) && len(parts) < 2 || including && !exceeds(total, parts) && !sumIs(total, parts) {
				continue
			}
			// "（含A 166万元、B 968万元、C 132万元、D 212万元，E 406万元）":
			// the items joined by 、 make the total; the one after the comma
			// is a note on something else.
			if including && exceeds(total, parts) {
				if i := strings.IndexAny(inner, "，,；;"); i > 0 && strings.Contains(inner[:i], "、") {
					if k := len(splitItems(inner[:i])); k >= 2 && k < len(parts) && sums(total, parts[:k]) {
						continue
					}
				}
			}
			label := clauseBefore(s.text, total.start) + noun
			// A net value broken down ("固定资产净值6216.38万元（固定资产原值
			// 6606.25万元，累计折旧389.87万元）") is the original value less
			// what was written off, checked as such (T09), not their sum.
			if containsAny(label, []string{"净值", "净额"}) && slices.ContainsFunc(names, func(n string) bool { return containsAny(n, []string{"折旧", "摊销", "减值"}) }) {
				continue
			}
			// A change broken down ("比上年增加1人（其中：死亡3人、本年退休
			// 4人）") has parts that add and parts that take away.
			if containsAny(label, []string{"增加", "减少", "增长", "下降", "增减"}) {
				a.netChange(s, label, total, parts, names)
				continue
			}
			n := len(a.findings)
			a.partsAgainst(s, label, total, parts, names)
			if approx {
				a.soften(n, "；各项写作约数，请核实")
			}
		}
	}
}

// sumIs reports whether parts add up to total exactly.
func sumIs(total mention, parts []mention) bool {
	sum := decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	return sum.Equal(total.value.Mul(scaleOf(total.unit)))
}

// closing is the byte offset of the bracket that closes the one rest
// starts with, or -1.
func closing(rest string) int {
	depth := 0
	for i, r := range rest {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// totalWordRe is a label ending in a word for a total: 年初预算合计(为).
var totalWordRe = regexp.MustCompile(`(?:合计|共计|总计)[为是]?$`)

// partsThenTotal checks parts listed first and their total after them,
// named by 合计, 共计 or 总计.
func (a *auditor) partsThenTotal() {
	for _, s := range a.whole {
		// "收入…，加上…，收入总计…": a running sum, read by runningSums.
		if plusRe.MatchString(s.text) {
			continue
		}
		clauses := splitAt(s.text, true)
		var parts []mention
		var inner []inBracket
		var names []string
		// nested is the first part that breaks the part before it down
		// (its clause opens with 其中), or -1.
		nested := -1
		for _, c := range clauses {
			ms := outsideBrackets(c, withDurations(c, mentions(c)))
			// The total right after the last part: "小学阶段6年、初中3年共9年".
			if len(ms) == 2 && len(parts) >= 1 && sameKind(parts[0], ms[0]) && sameKind(ms[1], ms[0]) {
				if w := strings.Trim(c[ms[0].end:ms[1].start], "，, 为计"); w == "共" || w == "合计" || w == "总计" {
					a.partsAgainst(s, "", ms[1], append(parts, ms[0]), append(names, strings.TrimSpace(c[:ms[0].start])))
					parts, names = nil, nil
					continue
				}
				// Two items whose separator was lost ("数字遥测23.5万元除颤监
				// 护仪20万元"): a name, and nothing else, between them.
				if w := c[ms[0].end:ms[1].start]; w != "" && allHan(w) && !containsAny(w, statusWords) && !statesChange(w) && !totalWordRe.MatchString(w) {
					parts = append(parts, ms[0], ms[1])
					names = append(names, strings.TrimSpace(c[:ms[0].start]), w)
					inner = append(inner, inBracket{}, inBracket{})
					continue
				}
			}
			if len(ms) == 1 {
				label := strings.TrimSpace(c[:ms[0].start])
				// "合计X万元", or "年初预算合计X万元" when every part listed
				// is smaller than it.
				named := totalWordRe.MatchString(label)
				if (startsWithAny(label, []string{"合计", "共计", "总计"}) || named) && len(parts) >= 2 {
					total := ms[0]
					ok := true
					for _, p := range parts {
						ok = ok && sameKind(total, p) && (!named || p.value.Mul(scaleOf(p.unit)).LessThan(total.value.Mul(scaleOf(total.unit))))
					}
					if ok && nested >= 0 {
						parts, names, inner = withoutNested(total, parts, names, inner, nested)
					}
					if ok {
						a.partsAgainst(s, label, total, parts, names)
						a.bracketColumn(s, c, inner, names)
					}
					parts, names, inner, nested = nil, nil, nil, -1
					continue
				}
				if len(parts) == 0 || sameKind(parts[0], ms[0]) {
					if len(parts) > 0 && nested < 0 && strings.HasPrefix(strings.TrimLeft(label, " ，,；;"), "其中") {
						nested = len(parts)
					}
					parts = append(parts, ms[0])
					names = append(names, label)
					inner = append(inner, bracketedOne(c))
					continue
				}
			}
			parts, names, inner, nested = nil, nil, nil, -1
		}
	}
}

// withoutNested leaves out of a running list the parts of one of its
// items: "收入4402万元，加上级转移支付收入1884万元，其中：一般转移支付收入1478
// 万元，上年结转结余60万元，基金调入103万元，收入合计为6449万元" — 1478 is in
// 1884.
func withoutNested(total mention, parts []mention, names []string, inner []inBracket, from int) ([]mention, []string, []inBracket) {
	cut := nestedEnd(total, parts, from)
	return slices.Concat(parts[:from], parts[cut:]), slices.Concat(names[:from], names[cut:]), slices.Concat(inner[:from], inner[cut:])
}

// nestedEnd is where the breakdown of an item that begins at parts[from]
// ends. That is not written: it ends where the rest makes the total, or
// else after its first part.
func nestedEnd(total mention, parts []mention, from int) int {
	for end := from + 1; end <= len(parts); end++ {
		if sums(total, slices.Concat(parts[:from], parts[end:])) {
			return end
		}
	}
	return from + 1
}

// inBracket is a figure in brackets with the words before it there.
type inBracket struct {
	m     mention
	words string
}

// bracketedOne is the one figure in brackets in clause c with the words
// before it in the bracket ("（其中建筑工程3292万元）": 建筑工程).
func bracketedOne(c string) inBracket {
	var in []mention
	for _, m := range mentions(c) {
		if bracketDepth(c, m.start) > 0 {
			in = append(in, m)
		}
	}
	if len(in) != 1 {
		return inBracket{}
	}
	open := strings.LastIndexAny(c[:in[0].start], "（(")
	if open < 0 {
		return inBracket{}
	}
	_, size := utf8.DecodeRuneInString(c[open:])
	words := strings.TrimPrefix(strings.TrimSpace(c[open+size:in[0].start]), "其中")
	return inBracket{in[0], strings.Trim(words, "：:，, ")}
}

// bracketColumn checks, when each part and the total of a parts-then-合计
// list carry a bracketed figure under the same words ("一批…3374.3万元（其中
// 建筑工程3292万元），…，合计…6222.4万元（其中建筑工程6025.215万元）"), those
// figures as a second column (T01).
func (a *auditor) bracketColumn(s sentence, totalClause string, inner []inBracket, names []string) {
	total := bracketedOne(totalClause)
	if total.m.text == "" || total.words == "" {
		return
	}
	var parts []mention
	var labels []string
	for i, b := range inner {
		if b.m.text == "" || b.words != total.words || !sameKind(total.m, b.m) {
			return
		}
		parts = append(parts, b.m)
		labels = append(labels, names[i]+"（"+b.words+"）")
	}
	a.partsAgainst(s, "合计（"+total.words+"）", total.m, parts, labels)
}

// numberedParts checks a total against its parts on numbered lines under
// it ("共需资金8144万元…" / "一是…277万元" / "二是…600万元" / …), a few lines
// apart (T01): the lines of one numbering style, each with one amount, and
// the one total named by 共, 合计 or 总 in the lines before them.
func (a *auditor) numberedParts() {
	ps := a.doc.Paragraphs
	for i := 0; i < len(ps); i++ {
		style := numberingOf(ps[i])
		if style == "" {
			continue
		}
		var parts []mention
		var names []string
		var paras []int
		j := i
		for ; j < len(ps) && numberingOf(ps[j]) == style; j = nextLine(ps, j) {
			// A part is the line's first sentence up to its change on
			// another year or its reason ("3.事业收入8257.3万元，是…。比2016
			// 年度决算数增加518.65万元…"); a numbered line with a heading and a
			// paragraph under it ("1、资金到位情况。2023年共下达…") is a
			// section, not a part.
			head := partOfLine(ps[j])
			ms := outsideBrackets(head, mentions(head))
			var money1 []mention
			for _, m := range ms {
				if _, ok := money(m.unit); ok {
					money1 = append(money1, m)
				}
			}
			if len(money1) != 1 {
				break
			}
			parts = append(parts, money1[0])
			names = append(names, strings.TrimSpace(clauseBefore(ps[j], money1[0].start)))
			paras = append(paras, j)
		}
		if len(parts) < 2 || j < len(ps) && numberingOf(ps[j]) == style {
			i = max(i, j-1)
			continue // a run broken by a line without one amount
		}
		if i > 0 && numberingOf(ps[prevLine(ps, i)]) == style {
			i = j - 1
			continue // the end of a run whose first lines hold several amounts
		}
		total, label, at, ok := a.namedTotal(max(0, i-10), i)
		if !ok && i > 0 {
			total, label, ok = totalAsFollows(a.doc.Paragraphs[prevLine(ps, i)])
			at = prevLine(ps, i)
		}
		if !ok && i > 0 && (style == "点" || style == "括") {
			total, label, ok = headingTotal(a.doc.Paragraphs[prevLine(ps, i)])
			at = prevLine(ps, i)
		}
		// A run to the end of a text that stops mid-sentence (an excerpt)
		// names some parts only.
		last := strings.TrimSpace(ps[paras[len(paras)-1]])
		cut := nextLine(ps, paras[len(paras)-1]) >= len(ps) && !strings.HasSuffix(last, "。") && !strings.HasSuffix(last, "；") && !strings.HasSuffix(last, ";")
		if ok && sameKind(total, parts[0]) && (!cut || exceeds(total, parts)) {
			n := len(a.findings)
			a.partsAgainst(a.line(paras[0]), label, total, parts, names)
			// The finding compares every numbered line, and the line
			// announcing them.
			for k := n; k < len(a.findings); k++ {
				for _, p := range paras[1:] {
					a.findings[k].Also = append(a.findings[k].Also, p+1)
				}
				if at >= 0 {
					a.findings[k].Also = append(a.findings[k].Also, at+1)
				}
			}
		}
		i = j - 1
	}
}

// partOfLine is the part a numbered line states: its first sentence up to
// the first clause stating a change on another year or a reason.
func partOfLine(p string) string {
	if i := strings.Index(p, "。"); i >= 0 {
		// Sentences after the first state its change or reason, or the
		// line is a section.
		for _, rest := range strings.Split(p[i+len("。"):], "。") {
			rest = strings.TrimSpace(rest)
			first := rest
			if j := strings.IndexAny(rest, "，,；;"); j >= 0 {
				first = rest[:j]
			}
			// "2.一般行政管理事务27981.4万元，用于…。其中：": its own parts
			// follow on the lines below.
			if strings.Trim(rest, "：: ") == "其中" {
				continue
			}
			if rest != "" && !statesChange(first) && !containsAny(first, []string{"主要是", "主要原因", "原因是"}) {
				return ""
			}
		}
		p = p[:i]
	}
	start, depth := 0, 0
	for i, r := range p {
		switch {
		case r == '（' || r == '(':
			depth++
		case (r == '）' || r == ')') && depth > 0:
			depth--
		case depth == 0 && (r == '，' || r == ',' || r == '；' || r == ';'):
			c := p[start:i]
			if start > 0 && (statesChange(c) || changeClauseRe.MatchString(c) || containsAny(c, []string{"主要是", "主要原因", "原因是"})) {
				return p[:start]
			}
			start = i
		}
	}
	if c := p[start:]; start > 0 && (statesChange(c) || changeClauseRe.MatchString(c) || containsAny(c, []string{"主要是", "主要原因", "原因是"})) {
		return p[:start]
	}
	return p
}

// nextLine is the line after line i, past blank lines.
func nextLine(ps []string, i int) int {
	for i++; i < len(ps) && strings.TrimSpace(ps[i]) == ""; i++ {
	}
	return i
}

// prevLine is the line before line i, past blank lines (0 at the top).
func prevLine(ps []string, i int) int {
	for i--; i > 0 && strings.TrimSpace(ps[i]) == ""; i-- {
	}
	return max(i, 0)
}

// numberingOf is the numbering style a line starts with: 是 (一是, 二是),
// 点 (1. / 1、), 括 ((1) / （1）), or "".
func numberingOf(p string) string {
	p = strings.TrimSpace(p)
	switch {
	case numberedShi.MatchString(p):
		return "是"
	case numberedRow.MatchString(p):
		return "点"
	case numberedParen.MatchString(p):
		return "括"
	}
	return ""
}

var (
	numberedShi   = regexp.MustCompile(`^[一二三四五六七八九十]{1,2}是`)
	numberedParen = regexp.MustCompile(`^[（(][0-9]{1,2}[）)]`)
)

// upperHeadingRe is a heading of the level above numbered lines: "（一）", "一、".
var upperHeadingRe = regexp.MustCompile(`^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．])`)

// headingTotal is the amount of a heading one level above the numbered
// lines under it, stated alone in its first sentence: "（一）一般公共服务
// 支出31807.26万元。2011年预算比…增加340.87万元…" over "1.行政运行…" and
// "2.一般行政管理事务…".
func headingTotal(p string) (mention, string, bool) {
	if !upperHeadingRe.MatchString(p) {
		return mention{}, "", false
	}
	head := partOfLine(p)
	var found []mention
	for _, m := range outsideBrackets(head, mentions(head)) {
		if _, ok := money(m.unit); ok {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return mention{}, "", false
	}
	return found[0], clauseBefore(head, found[0].start), true
}

// totalAsFollows is the total of a line that announces its breakdown below
// it: the last amount of "…实际支出6,027.60万元，详情如下：" (如下, 明细如下,
// 具体如下, 情况如下), or "…支出预算93.14万元，…。包括：".
func totalAsFollows(p string) (mention, string, bool) {
	p = strings.TrimSpace(p)
	// "…如下：", or "总额为84万元，其中：" or "…包括：" ending a line.
	if h := strings.TrimRight(p, "：:"); !strings.HasSuffix(h, "如下") && !strings.HasSuffix(h, "其中") && !strings.HasSuffix(h, "包括") {
		return mention{}, "", false
	}
	ms := mentions(p)
	for k := len(ms) - 1; k >= 0; k-- {
		if _, ok := money(ms[k].unit); ok {
			// Not the total's change on another year ("…23653万元，比2021
			// 年决算数增加2954万元，增长14.27%，其中：").
			if c := clauseBefore(p, ms[k].start); statesChange(c) || changeClauseRe.MatchString(c) {
				continue
			}
			return ms[k], clauseBefore(p, ms[k].start), true
		}
	}
	return mention{}, "", false
}

// namedTotal is the one amount in paragraphs [from, to) whose clause names
// it a total (共, 合计, 总计, 总投资, 总额), and its paragraph.
func (a *auditor) namedTotal(from, to int) (mention, string, int, bool) {
	var found []mention
	var labels []string
	var paras []int
	for p := from; p < to; p++ {
		for _, m := range mentions(a.doc.Paragraphs[p]) {
			if _, ok := money(m.unit); !ok {
				continue
			}
			label := clauseBefore(a.doc.Paragraphs[p], m.start)
			// 共 of 公共 ("一般公共预算支出") says nothing of a total.
			if containsAny(strings.ReplaceAll(label, "公共", ""), []string{"共", "合计", "总计", "总投资", "总额"}) {
				found = append(found, m)
				labels = append(labels, label)
				paras = append(paras, p)
			}
		}
	}
	if len(found) != 1 {
		return mention{}, "", -1, false
	}
	return found[0], labels[0], paras[0], true
}

// durationRe finds a number of years or months: "初中3年", "12个月".
var durationRe = regexp.MustCompile(`[0-9]{1,2}(年|个月)`)

// withDurations adds to ms the durations of s ("初中3年"), which mentions
// leaves out as dates; a number of four digits before 年 stays a year.
func withDurations(s string, ms []mention) []mention {
	for _, loc := range durationRe.FindAllStringSubmatchIndex(s, -1) {
		if loc[0] > 0 && (s[loc[0]-1] >= '0' && s[loc[0]-1] <= '9' || s[loc[0]-1] == '.') {
			continue
		}
		d, err := decimal.NewFromString(s[loc[0]:loc[2]])
		if err != nil {
			continue
		}
		ms = append(ms, mention{value: d, text: s[loc[0]:loc[1]], unit: s[loc[2]:loc[3]], start: loc[0], end: loc[1]})
	}
	slices.SortFunc(ms, func(x, y mention) int { return x.start - y.start })
	return ms
}

// numberedScores checks a total score stated in prose ("因此评价分100分")
// against the scores of the numbered lines under it, each ending with its
// own ("1.…，自评得分20分；" / "2.…，自评得分20分；" …) (T05): the lines of one
// numbering style, each with one score called 得分, and the one total
// score in the ten lines above them.
func (a *auditor) numberedScores() {
	ps := a.doc.Paragraphs
	for i := 0; i < len(ps); i++ {
		style := numberingOf(ps[i])
		if style == "" {
			continue
		}
		var parts []mention
		var texts []string
		j := i
		for ; j < len(ps) && numberingOf(ps[j]) == style; j = nextLine(ps, j) {
			s, ok := ownScore(ps[j])
			if !ok {
				break
			}
			parts = append(parts, s)
			texts = append(texts, written(s))
		}
		if len(parts) < 2 || j < len(ps) && numberingOf(ps[j]) == style {
			i = max(i, j-1)
			continue
		}
		total, at, ok := a.totalScoreAbove(i)
		if ok {
			sum := decimal.Zero
			for _, p := range parts {
				sum = sum.Add(p.value)
			}
			a.checked["T05"]++
			if !sum.Equal(total.value) {
				a.add(a.line(at), "T05", jixiao.SeverityError, fmt.Sprintf("其下%d项的得分之和为%s分（%s），与所述%s不符", len(parts), fmtDec(sum), strings.Join(texts, " + "), total.text), nil, i+1, j)
			}
		}
		i = j - 1
	}
}

// ownScore is the one score a line gives itself: "…，自评得分20分；".
func ownScore(p string) (mention, bool) {
	var found []mention
	for _, m := range mentions(p) {
		if m.unit == "分" && strings.HasSuffix(strings.TrimSpace(clauseBefore(p, m.start)), "得分") {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return mention{}, false
	}
	return found[0], true
}

// totalScoreAbove is the total score nearest above line i, in the ten
// lines above it: the one score of a line whose clause names an
// evaluation's or a section's score (评价分, 自评得分, 总分, 综合得分), not a
// maximum (满分) — "因此评价分100分", "（一）完成绩效产出指标（自评得分50分）".
func (a *auditor) totalScoreAbove(i int) (mention, int, bool) {
	for p := i - 1; p >= 0 && p >= i-10; p-- {
		var found []mention
		for _, m := range mentions(a.doc.Paragraphs[p]) {
			c := clauseBefore(a.doc.Paragraphs[p], m.start)
			if m.unit != "分" || strings.Contains(c, "满分") || !containsAny(c, []string{"评价分", "自评得分", "总分", "综合得分", "总得分", "自评分"}) {
				continue
			}
			found = append(found, m)
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], p, true
		}
		return mention{}, 0, false
	}
	return mention{}, 0, false
}

// Words that say people came or went: a head count's change broken down
// into them adds the ones and takes away the others.
var (
	cameWords = []string{"新入职", "新进", "新录用", "录用", "招聘", "调入", "转入", "接收", "安置", "新增"}
	wentWords = []string{"退休", "离休", "死亡", "去世", "病故", "调出", "调离", "辞职", "离职", "解聘", "转出", "减少"}
)

// netChange checks a head count's change against the people who came and
// went in its brackets (T01): "年末实有人数49人，比上年末47人增加2人（其中：
// 新入职在编3人、调入3人、退休4人）" — 3 + 3 − 4 = 2. Of the retired, a new
// retirement comes ("退休人员150人，比上年增加1人（其中：死亡3人、本年退休
// 4人）": 4 − 3). A part that says neither is not read.
func (a *auditor) netChange(s sentence, label string, total mention, parts []mention, names []string) {
	if !countUnit(total.unit) || len(parts) < 2 {
		return
	}
	// The retired as a subject: a new retirement comes. When the subject
	// is not in the sentence (a line before holds it), either reading
	// that agrees is taken.
	before := s.text[:total.start]
	retired := strings.Contains(before, "退休人员") || strings.Contains(before, "离退休")
	unsure := !retired && !containsAny(before, []string{"实有", "在职", "在编", "职工", "编制"})
	net := func(retireComes bool) (decimal.Decimal, []string, bool) {
		sum := decimal.Zero
		terms := make([]string, len(parts))
		for k, p := range parts {
			came, went := containsAny(names[k], cameWords), containsAny(names[k], wentWords)
			if retireComes && containsAny(names[k], []string{"退休", "离休"}) && !containsAny(names[k], []string{"死亡", "去世", "病故"}) {
				came, went = true, false
			}
			if came == went {
				return sum, nil, false
			}
			if came {
				sum = sum.Add(p.value)
				terms[k] = "+ " + names[k] + p.text
			} else {
				sum = sum.Sub(p.value)
				terms[k] = "− " + names[k] + p.text
			}
		}
		return sum, terms, true
	}
	want := total.value
	if containsAny(label, []string{"减少", "下降"}) {
		want = want.Neg()
	}
	got, terms, ok := net(retired)
	if !ok {
		return
	}
	a.checked["T01"]++
	if got.Equal(want) {
		return
	}
	if unsure {
		if other, _, ok := net(!retired); ok && other.Equal(want) {
			return
		}
	}
	a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s%s，括号中增减相抵为%s%s（%s），与之不符",
		label, total.text, got.String(), total.unit, strings.TrimPrefix(strings.Join(terms, " "), "+ ")),
		[]jixiao.Number{{Name: "增减", Value: total.text}, {Name: "增减相抵", Value: got.String() + total.unit}})
}
