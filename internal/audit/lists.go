package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao"
)

// Lists and their counts (T02), in the two orders reports write them:
//
//   - the list, then its count: "内设办公室、综合科（挂…、…）…等12个科室",
//     "履行政治协商、民主监督、参政议政三大职能", "用于老年人福利、残疾人福利和
//     儿童福利三个方面", "由基本支出和项目支出两个部分构成";
//   - the count, then its list: "直属事业单位10个，即A、B、…", "单位有3个，
//     分别为A、B和C".
//
// Items are separated by 、 outside brackets; the last one may be joined by
// 和, 及 or 与. Whether a 和 inside the last item joins two items or is part
// of one name cannot be told from the text, so either reading that agrees
// with the count is taken as agreeing.

// countAfterRe is a count right after a list: 等, 共, the number, a measure
// word and what is counted. Group 1 等, 2 the number, 3 the measure word, 4
// the noun.
var countAfterRe = regexp.MustCompile(`^(等)?(?:共|合计|总计|计)?([0-9０-９]+|[一二两三四五六七八九十]{1,3})(个|大|项|类|家|所|座|支|名|条|处)?(部分|方面|[\p{Han}]{1,6})`)

// unitNouns are places and bodies counted without a measure word: "A、B
// 和C三城区", "四部门".
var unitNouns = []string{"城区", "县区", "区县", "市县", "乡镇", "街道", "社区", "部门", "单位", "科室", "省", "县", "市", "镇", "乡"}

// countBracketRe is a count with its list in brackets right after it:
// "13宗（A、B、…、M）". Groups: the number, the measure word, the list.
var countBracketRe = regexp.MustCompile(`([0-9０-９]+|[一二两三四五六七八九十]{1,3})(个|宗|所|家|项|座|处|条|名|类|户|村|镇|乡|县)[（(]([^（）()0-9０-９]+、[^（）()0-9０-９]+)[）)]`)

// countBeforeRe is a count with its list after it: "10个，即", "3个，分别为",
// "2个事业单位即", "内设办公室 10 个：" (a PDF's spaces), "4个（正处级），即"
// (a remark on the count in brackets), "涉及两条线路，分别为" (things counted
// in 条, 座, 处, 种 or 支 with their list announced).
// Group 1 the number, 2 the measure word.
var countBeforeRe = regexp.MustCompile(`([0-9０-９]+|[一二两三四五六七八九十]{1,3})\s*(个|家|所|项|名|类|条|座|处|种|支)(?:[（(][^（）()0-9０-９、]{1,12}[）)])?(?:[，,：:]\s*(?:即|分别为|分别是|分别有|包括|为|是)?|[\p{Han}]{1,6}(?:[，,：:]\s*(?:即|分别为|分别是|分别有|包括)|[：:])|[\p{Han}]{1,8}?即)`)

// maxListBytes is the longest list read after its count.
const maxListBytes = 4000

// lists checks each list against the count it states (T02).
func (a *auditor) lists() {
	for k, s := range a.whole {
		seen := map[int]bool{}
		// The list, then its count.
		for _, loc := range numberOrHanCount.FindAllStringIndex(s.text, -1) {
			m := countAfterRe.FindStringSubmatchIndex(s.text[loc[0]:])
			if m == nil || m[0] != 0 {
				continue
			}
			if m[6] < 0 && !(m[8] >= 0 && (s.text[loc[0]+m[8]:loc[0]+m[9]] == "部分" || s.text[loc[0]+m[8]:loc[0]+m[9]] == "方面" || startsWithAny(s.text[loc[0]+m[8]:loc[0]+m[9]], unitNouns))) {
				continue // a count needs its measure word, is 部分/方面, or counts places or units ("五城区")
			}
			start := loc[0]
			if m[2] >= 0 {
				start += m[3] - m[2] // 等 belongs to the list's end
			}
			cs := clauseStart(s.text, loc[0])
			list := s.text[cs:loc[0]]
			if strings.HasSuffix(list, "第") {
				continue // "第二部分" is an ordinal, not a count
			}
			n, ok := chineseNumber(s.text[loc[0]+m[4] : loc[0]+m[5]])
			// A list does not run across a table's cells ("…介绍） | 《…").
			if !ok || seen[start] || strings.Contains(list, "|") {
				continue
			}
			// "党的十九大、…和党的二十大精神": a congress's number, not a
			// count; counts in 大 are small ("三大攻坚战").
			if m[6] >= 0 && s.text[loc[0]+m[6]:loc[0]+m[7]] == "大" && n > 10 {
				continue
			}
			// "组织发改局、财政局和林草局7名专家": people from the bodies
			// listed, not a count of them.
			if m[6] >= 0 && s.text[loc[0]+m[6]:loc[0]+m[7]] == "名" && bodiesListed(list) {
				continue
			}
			// "…，以及下属3个单位（…）": the last item of a list before it,
			// not a list of its own.
			if startsWithAny(strings.TrimSpace(list), []string{"以及", "及", "和", "并"}) && !strings.Contains(list, "、") {
				continue
			}
			// "涉及甲南州、甲西州、…、河宁市的17个县（区）": what the listed
			// hold is counted, not they.
			if strings.HasSuffix(strings.TrimSpace(list), "的") {
				continue
			}
			// "内设办公室、委员工作委员会和6个专门委员会": a count after 和
			// counts the last item only.
			if l := strings.TrimSpace(list); strings.HasSuffix(l, "和") || strings.HasSuffix(l, "及") || strings.HasSuffix(l, "与") {
				continue
			}
			// "负责巡查、采集、…考核范围内的公用设施、道路交通、…七大类部件":
			// what is counted is listed after the last 的; the words joined
			// before it are another list.
			if i := strings.LastIndex(list, "的"); i >= 0 && strings.Contains(list[:i], "、") && strings.Contains(list[i:], "、") {
				list = list[i+len("的"):]
			}
			// "教育、…、住房保障5类与民生直接相关以及科学技术、…8类": a list
			// counted before this one ends at its count; this one begins
			// after the word that joins the two.
			if i := strings.LastIndexAny(list, "0123456789"); i >= 0 {
				if k := strings.Index(list[i:], "、"); k > 0 {
					end := -1
					for _, w := range []string{"以及", "及", "和", "与"} {
						if j := strings.LastIndex(list[i:i+k], w); j >= 0 {
							end = max(end, j+len(w))
						}
					}
					if end >= 0 {
						list = list[i+end:]
					}
				}
			}
			what := s.text[loc[0]+m[4] : loc[0]+m[1]]
			// A list the line before began, in a text not read as a page.
			if cs == 0 {
				if items, _ := listItems(list); len(items) < n {
					list = a.listBegunBefore(k) + list
				}
			}
			// "资助A、殡葬和公益性公墓等社会事务共8个项目": 等 inside the
			// last item says the list gives examples too.
			etc := m[2] >= 0 || strings.Contains(list[strings.LastIndex(list, "、")+1:], "等")
			if a.listAgainst(s, list, n, etc, what) {
				seen[start] = true
				a.nestedAgainst(s, list, s.text[loc[0]+m[1]:])
			}
		}
		// The count, then its list in brackets: "13宗（东坪、湖背洋、…）水库".
		for _, m := range countBracketRe.FindAllStringSubmatchIndex(s.text, -1) {
			n, ok := chineseNumber(s.text[m[2]:m[3]])
			if !ok || n < 3 {
				continue
			}
			// "行政编制39名（含县委领导使用编制、县委国安办编制）": a remark on
			// what the count includes, not its list.
			if startsWithAny(s.text[m[6]:m[7]], []string{"含", "其中", "不含", "另"}) {
				continue
			}
			a.listAgainst(s, s.text[m[6]:m[7]], n, false, s.text[m[2]:m[5]])
		}
		// The count, then its list.
		for _, m := range countBeforeRe.FindAllStringSubmatchIndex(s.text, -1) {
			n, ok := chineseNumber(s.text[m[2]:m[3]])
			if !ok {
				continue
			}
			// Things counted in 条, 座, 处… are followed by their list only
			// when it is announced ("涉及两条线路，分别为…"): "新建运动场4处，
			// 更新课桌椅…" goes on with other work.
			if strings.Contains("条座处种支", s.text[m[4]:m[5]]) && !containsAny(s.text[m[0]:m[1]], []string{"即", "分别", "包括", "：", ":"}) {
				continue
			}
			// A list is a few dozen names: a longer run is prose.
			rest := s.text[m[1]:min(len(s.text), m[1]+maxListBytes+1)]
			if i := strings.IndexAny(rest, "。；;|"); i >= 0 {
				rest = rest[:i]
			}
			if len(rest) > maxListBytes {
				continue
			}
			// "内设十个科室，分别为办公室、法制宣" / "传科、行政审批科、…": a line
			// a page's width broke, in a text not read as a page, goes on
			// in the next when the list on it falls short of its count.
			if m[1]+len(rest) == len(s.text) {
				if items, _ := listItems(strings.TrimLeft(rest, "：: ")); len(items) < n {
					more := a.listGoesOn(k)
					// A list the excerpt cut: the text ends on it, with
					// no mark after its last name.
					if more == "" && a.cutByTextEnd(k) {
						continue
					}
					rest += more
				}
			}
			what := s.text[m[2]:m[3]] + s.text[m[4]:m[5]]
			// "内设一室四处，分别为办公室、调研处、…": the counts of two
			// kinds of body before the list add up.
			if c := kindCountRe.FindStringSubmatch(s.text[max(0, m[2]-12):m[2]]); c != nil {
				if n0, ok := chineseNumber(c[1]); ok {
					n += n0
					what = c[0] + what
				}
			}
			// "所属单位11个，行政单位分别是：A、…、E。事业单位分别是：F、…"
			// lists the eleven in lists of their kinds.
			if labelledListRe.MatchString(strings.TrimLeft(rest, "：: ")) {
				rest += a.siblingLists(k, m[1]+len(rest))
			}
			etc := false
			if strings.HasSuffix(rest, "等") {
				rest, etc = strings.TrimSuffix(rest, "等"), true
			}
			// "共涉及6个项目，分别是：A，B，C，D，E和F": after 分别是, 即 or
			// 包括 a list without 、 separates its items with commas.
			// A 、 inside an item ("农业一、二、三产业融合发展资金") is part of
			// its name then.
			items := splitOn(strings.TrimLeft(rest, "：: "), "，,", true)
			intro := containsAny(s.text[m[0]:m[1]], []string{"分别是", "分别为", "分别有", "即", "包括"})
			switch {
			case intro && len(items) >= 2 && strings.Contains(items[0], "、") && !slices.ContainsFunc(items[1:], func(it string) bool { return strings.Contains(it, "、") || !bodyName(strings.TrimSpace(it)) }):
				// "即院长办公室、医疗室、财务室、食堂,接待室,档案室": names of
				// bodies after commas go on the list.
				rest = strings.Join(items, "、")
			case intro && len(items) >= 3 && len(items) > strings.Count(rest, "、"):
				for i := range items {
					items[i] = strings.ReplaceAll(items[i], "、", "·")
				}
				rest = strings.Join(items, "、")
			}
			// "下设0个处室，分别是：本单位未下设处室": none, said in words.
			if n == 0 && containsAny(rest, []string{"未", "无", "没有"}) {
				continue
			}
			if a.oneNamed(s, s.text[m[0]:m[1]], rest, n, what) {
				continue
			}
			a.listAgainst(s, rest, n, etc, what)
		}
	}
}

// listGoesOn is the rest of the list ending whole sentence k when line
// breaks cut it: the sentence ends its paragraph, a line as wide as a
// page's (30 Chinese characters or more) whose last mark is a name's
// character or a 、, and the next paragraph goes on with more names
// separated by 、 up to its first full stop or semicolon — not a heading,
// an item, a label with a colon or a table's row; and so on over at most
// four lines. "" when it does not go on.
func (a *auditor) listGoesOn(k int) string {
	var out strings.Builder
	for lines := 0; lines < 4 && k+1 < len(a.whole); lines, k = lines+1, k+1 {
		s, next := a.whole[k], a.whole[k+1]
		if !a.brokenLine(s) || next.para != s.para+1 || next.start != 0 {
			break
		}
		t := strings.TrimSpace(next.text)
		cut := strings.IndexAny(t, "。；;")
		if cut >= 0 {
			t = t[:cut]
		}
		if !listLine(t) || out.Len()+len(t) > maxListBytes {
			break
		}
		out.WriteString(t)
		if cut >= 0 {
			break
		}
	}
	return out.String()
}

// kindCountRe is a count of one kind of body right before the count of
// another: "一室" of "一室四处", "两办" of "两办三科".
var kindCountRe = regexp.MustCompile(`([一二两三四五六七八九十]{1,2})(室|处|科|办|部|股|局|队|所|站|中心)$`)

// cutByTextEnd reports whether whole sentence k is the text's last and ends
// without a closing mark: an excerpt cut there.
func (a *auditor) cutByTextEnd(k int) bool {
	last, ok := a.textEndsWith(a.whole[k])
	return ok && (unicode.Is(unicode.Han, last) || last == '、')
}

// listBegunBefore is the start of the list that opens whole sentence k when
// line breaks cut it ("…共设办公室、法规处、政" / "策研究室、…、组织宣传处（人事处、" /
// "外事联络处）12个内设机构"): the mirror of listGoesOn, the names after the
// last clause mark of the lines before, over at most four lines. "" when the
// sentence does not open its paragraph, a line before is not a page's line
// cut in a list, or the list's start is not found in four lines.
func (a *auditor) listBegunBefore(k int) string {
	var parts []string
	for lines := 0; lines < 4 && k > 0 && a.whole[k].start == 0; lines, k = lines+1, k-1 {
		prev := a.whole[k-1]
		if prev.para != a.whole[k].para-1 || !a.brokenLine(prev) {
			return ""
		}
		t := strings.TrimSpace(prev.text)
		cs := clauseStart(t, len(t))
		if bar := strings.LastIndex(t, "|"); bar >= cs {
			cs = bar + 1 // a form's cell
		}
		tail := strings.TrimSpace(t[cs:])
		if !listLine(tail) && !(cs == 0 && tail != "" && !strings.ContainsAny(tail, "：:|\t")) {
			return ""
		}
		parts = append(parts, tail)
		if cs > 0 || prev.start > 0 {
			slices.Reverse(parts)
			if out := strings.Join(parts, ""); len(out) <= maxListBytes {
				return out
			}
			return ""
		}
	}
	return ""
}

// brokenLine reports whether whole sentence s ends its paragraph in the
// middle of a list: a line as wide as a page's (30 Chinese characters or
// more) whose last mark is a name's character or a 、.
func (a *auditor) brokenLine(s sentence) bool {
	p := a.doc.Paragraphs[s.para-1]
	if s.end != len(p) || displayWidth(strings.TrimSpace(p)) < 60 {
		return false
	}
	last, _ := lastRune(strings.TrimSpace(p))
	return last == '、' || unicode.Is(unicode.Han, last)
}

// listLine reports whether t (a line up to its first full stop or
// semicolon) reads as names separated by 、: not a heading, an item, a
// label with a colon or a table's row.
func listLine(t string) bool {
	return t != "" && !itemStartRe.MatchString(t) && !strings.ContainsAny(t, "：:|\t") && strings.Contains(t, "、")
}

// oneNamed checks a count whose list, after 即 or 分别为, names one body
// only ("纳入本级部门预算汇编范围的单位1个，即某镇人民政府"): a count of one
// agrees, a larger one does not (T02). It reports whether the list was
// such a name.
func (a *auditor) oneNamed(s sentence, intro, rest string, n int, what string) bool {
	if !containsAny(intro, []string{"即", "分别为", "分别是"}) {
		return false
	}
	name := strings.TrimSpace(strings.TrimLeft(rest, "：: "))
	// "即某服务中心，为全额拨款事业编制": a remark after the name; another
	// name after the comma would make a list.
	if i := strings.IndexAny(name, "，,"); i >= 0 {
		next := name[i+utf8.RuneLen([]rune(name[i:])[0]):]
		if j := strings.IndexAny(next, "，,"); j >= 0 {
			next = next[:j]
		}
		if bodyName(bracketsOut(strings.TrimSpace(next))) {
			return false
		}
		name = name[:i]
	}
	if name == "" || strings.Contains(name, "、") || !(bodyName(bracketsOut(name)) || strings.HasSuffix(name, "政府")) || utf8.RuneCountInString(name) > 30 {
		return false
	}
	// "办公室和财务科" joins two bodies; "万和镇人民政府" is one name.
	for _, w := range []string{"和", "及", "与"} {
		if i := strings.Index(name, w); i > 0 && bodyName(bracketsOut(name[:i])) {
			return false
		}
	}
	a.checked["T02"]++
	if n != 1 {
		a.add(s, "T02", jixiao.SeverityError, fmt.Sprintf("列举了1个，所称为%s（“%s”）", what, shorten(name)),
			[]jixiao.Number{{Name: "所称个数", Value: what}, {Name: "列举个数", Value: "1"}})
	}
	return true
}

// labelledListRe opens a list named by its kind: "行政单位分别是：",
// "事业单位有：".
var labelledListRe = regexp.MustCompile(`^[\p{Han}]{2,12}?(?:分别是|分别为|分别有|有|为|是|包括)[：:]`)

// siblingLists is the items of the lists, each named by its kind, that
// follow a list of one kind ending at byte end of sentence k, in its
// paragraph, each joined on with 、: "" when none follows.
func (a *auditor) siblingLists(k, end int) string {
	var out strings.Builder
	text := a.whole[k].text[min(end, len(a.whole[k].text)):]
	for j := k; ; {
		for _, seg := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("。；;", r) }) {
			seg = strings.TrimSpace(seg)
			if seg == "" {
				continue
			}
			loc := labelledListRe.FindStringIndex(seg)
			if loc == nil || len(seg) > maxListBytes || strings.Contains(seg, "|") {
				return out.String()
			}
			out.WriteString("、" + seg[loc[1]:])
		}
		if j++; j >= len(a.whole) || a.whole[j].para != a.whole[k].para {
			return out.String()
		}
		text = a.whole[j].text
	}
}

// gluedItems is how many items of a list hold two names that a copy ran
// together without their 、 ("文物管理科产业发展科" among offices ending in
// 科): the ending most items share, once inside an item (neither the
// first nor the last) after two characters or more and before two or more.
func gluedItems(items []string) int {
	// A remark in brackets ("经济发展办公室（统计办公室）") is no second name.
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = bracketedRe.ReplaceAllString(it, "")
	}
	ends := map[rune]int{}
	for _, it := range names {
		r, _ := utf8.DecodeLastRuneInString(it)
		ends[r]++
	}
	var end rune
	for r, n := range ends {
		if n*10 >= len(items)*6 && unicode.Is(unicode.Han, r) {
			end = r
		}
	}
	if end == 0 {
		return 0
	}
	n := 0
	// The first and the last item may hold the words that lead into the
	// list or go on after it.
	for _, it := range names[1 : len(names)-1] {
		rs := []rune(it)
		for i := 2; i < len(rs)-2; i++ {
			if rs[i] == end {
				n++
				break
			}
		}
	}
	return n
}

// bracketedRe is a remark in brackets.
var bracketedRe = regexp.MustCompile(`[（(][^（）()]*[）)]`)

// numberOrHanCount finds where a count may start.
var numberOrHanCount = regexp.MustCompile(`等?(?:共|合计|总计|计)?(?:[0-9０-９]+|[一二两三四五六七八九十]{1,3})`)

// clauseStart is where the clause ending at byte i of s begins: after the
// last ，。；：! outside brackets.
func clauseStart(s string, i int) int {
	depth := 0
	for j := i; j > 0; {
		r, size := lastRune(s[:j])
		j -= size
		switch {
		case r == '）' || r == ')' || r == '”' || r == '》':
			depth++
		case (r == '（' || r == '(' || r == '“' || r == '《') && depth > 0:
			depth--
		case depth == 0 && strings.ContainsRune("，,。；;：:！!？?", r):
			return j + size
		}
	}
	return 0
}

// secondCountRe is a count of places under places right after another: the
// 11个村 of "…5个乡镇11个村". Group 1 the number.
var secondCountRe = regexp.MustCompile(`^([0-9０-９]+|[一二两三四五六七八九十]{1,3})个(?:行政村|自然村|村庄|村组|社区|村|组|学校|站点)`)

// nestedAgainst checks the second count of "A（a、b）、B（c）2个乡镇3个村"
// against the items in the brackets of the list (T02): each item of the
// list names its own in a bracket.
func (a *auditor) nestedAgainst(s sentence, list, after string) {
	m := secondCountRe.FindStringSubmatch(after)
	if m == nil {
		return
	}
	n, ok := chineseNumber(m[1])
	if !ok {
		return
	}
	items, _ := listItems(list)
	count := 0
	for _, it := range items {
		open := strings.IndexAny(it, "（(")
		if open < 0 || !strings.HasSuffix(it, "）") && !strings.HasSuffix(it, ")") {
			return
		}
		_, size := utf8.DecodeRuneInString(it[open:])
		inner, _ := listItems(strings.TrimRight(it[open+size:], "）)"))
		count += len(inner)
	}
	a.checked["T02"]++
	if count == n {
		return
	}
	a.add(s, "T02", jixiao.SeverityError, fmt.Sprintf("括号中列举了%d个，所称为%s（按各项括号内顿号分隔计数）", count, m[0]),
		[]jixiao.Number{{Name: "所称个数", Value: m[0]}, {Name: "列举个数", Value: itoa(count)}})
}

// listItems splits a list at 、 outside brackets; also gives the reading
// with the last item split at its last 和, 及 or 与 (nil when it has none).
func listItems(list string) (items, joined []string) {
	depth, from := 0, 0
	for i, r := range list {
		switch {
		case r == '（' || r == '(' || r == '“' || r == '《':
			depth++
		case (r == '）' || r == ')' || r == '”' || r == '》') && depth > 0:
			depth--
		case r == '、' && depth == 0:
			items = append(items, strings.TrimSpace(list[from:i]))
			from = i + utf8.RuneLen(r)
		}
	}
	items = append(items, strings.TrimSpace(list[from:]))
	// A 和 inside an earlier item ("配套管网新建和修复工程") shows the list
	// joins its items with 、 only: a 和 in the last item is part of its
	// name. Another word there still joins two when what it follows ends as
	// an item does ("劳动就业和社会保障服务所、农业服务中心、…、村镇建设服务
	// 中心及退役军人服务站"; not "…修复工程、尾水湿地改造及环湖生态修复工程").
	inName := map[string]bool{}
	for _, it := range items[:len(items)-1] {
		for _, w := range []string{"和", "及", "与"} {
			if i := strings.Index(it, w); i > 0 && i+len(w) < len(it) && !inWord(it, i, w) {
				inName[w] = true
			}
		}
	}
	last := items[len(items)-1]
	for _, w := range []string{"和", "及", "与"} {
		i := strings.LastIndex(last, w)
		if i <= 0 || i+len(w) >= len(last) || inWord(last, i, w) {
			continue
		}
		// Two bodies' names joined ("应急管理办公室和城镇管理办公室",
		// "退役军人服务站和综合行政执法大队") are two items even when an
		// earlier name holds the word ("民政和社区事务办公室").
		bodies := bodyName(last[:i]) && bodyName(last[i+len(w):])
		if inName[w] && !bodies {
			continue
		}
		// Bodies listed, the words before the 和 no body's name: the 和 is
		// in the last name ("…、综合执法队、生态环境和农业农村综合服务中心").
		if len(items) >= 2 && !bodyName(bracketsOut(last[:i])) && !slices.ContainsFunc(items[:len(items)-1], func(it string) bool { return !bodyName(bracketsOut(it)) }) {
			continue
		}
		if bodies || len(inName) == 0 || endsLikeOne(last[:i], items[:len(items)-1]) {
			head := last[:i]
			if w == "及" {
				head = strings.TrimSuffix(head, "以") // 以及 is one word
			}
			joined = append(append(append([]string{}, items[:len(items)-1]...), head), last[i+len(w):])
			break
		}
	}
	return items, joined
}

// bodyName reports whether words name a body of government: at least
// three characters ending as an office, a centre, a station or a team does.
func bodyName(words string) bool {
	if utf8.RuneCountInString(words) < 3 || !allHan(words) {
		return false
	}
	for _, end := range bodyEnds {
		if strings.HasSuffix(words, end) {
			return true
		}
	}
	return false
}

// bodiesListed reports whether the last item of a list names a body of
// government.
func bodiesListed(list string) bool {
	items, joined := listItems(list)
	if len(joined) > 0 {
		items = joined
	}
	return bodyName(items[len(items)-1])
}

// bodyEnds end the names of offices, agencies and their units.
var bodyEnds = []string{"办公室", "室", "中心", "局", "所", "站", "队", "科", "股", "院", "馆", "委员会", "办"}

// endsLikeOne reports whether words end with the last two characters of
// one of items.
func endsLikeOne(words string, items []string) bool {
	r := []rune(words)
	if len(r) < 2 {
		return false
	}
	tail := string(r[len(r)-2:])
	return slices.ContainsFunc(items, func(it string) bool { return strings.HasSuffix(it, tail) })
}

// listAgainst compares a list with the count n stated for it; it reports
// whether the text was a list at all.
func (a *auditor) listAgainst(s sentence, list string, n int, etc bool, what string) bool {
	items, joined := listItems(list)
	if len(joined) > len(items) && len(items) == 1 {
		// "A和B两个部分": only the joined reading is a list; two things
		// joined by 和 or 及 are not what a count of more than four counts
		// ("代表活动及视察经费按268名代表", "受疫情防控措施影响以及我镇认真贯彻
		// 落实中央八项规定").
		if n > 4 {
			return false
		}
		items, joined = joined, nil
	}
	// A count of one is no list ("一部分" is "a part"); neither is a
	// heading's number ("二、下一部分").
	if len(items) < 2 || n < 2 {
		return false
	}
	for k, it := range items {
		if _, numeral := chineseNumber(it); numeral {
			return false
		}
		// The last item may hold two joined by 和: twice as long.
		limit := 40
		if k == len(items)-1 && joined != nil {
			limit = 80
		}
		// A list names things: an item with a figure (other than a year:
		// "2017年中央对本省水污染防治"), or a long clause, is prose.
		// So is an item that states a count in words ("严格执行中央八项规定
		// 和省、市十项规定": 省 and 市 qualify the next rules).
		if it == "" || strings.ContainsAny(yearRe.ReplaceAllString(normalize(it), ""), "0123456789") || utf8.RuneCountInString(it) > limit || hanCountRe.MatchString(it) {
			return false
		}
	}
	a.checked["T02"]++
	if len(items) == n || len(joined) == n {
		return true
	}
	count := len(items)
	if joined != nil && abs(len(joined)-n) < abs(count-n) {
		count = len(joined)
		items = joined
	}
	msg := fmt.Sprintf("列举了%d个，所称为%s（“%s”至“%s”，以顿号分隔计数）", count, what, shorten(items[0]), shorten(items[len(items)-1]))
	sev := jixiao.SeverityError
	g := gluedItems(items)
	if g == 0 || count+g != n {
		g = gluedBodies(items)
	}
	if g > 0 && count+g == n && n >= 4 {
		// The page lost a 、 or two: a slip of the copy, not of the count.
		a.add(s, "T02", jixiao.SeverityInfo, msg+"；其中有"+itoa(g)+"项像是两个名称连写（漏了顿号），按此计正好相符",
			[]jixiao.Number{{Name: "所称个数", Value: what}, {Name: "列举个数", Value: itoa(count)}})
		return true
	}
	if etc && count < n {
		// "A、B、C等8个科室" names examples of the eight: not a
		// contradiction. All but one named reads as a list that lost an
		// item: advice.
		if count < n-1 {
			return true
		}
		msg += "；若“等”表示未一一列出则无误"
		sev = jixiao.SeverityWarning
	}
	a.add(s, "T02", sev, msg, []jixiao.Number{{Name: "所称个数", Value: what}, {Name: "列举个数", Value: itoa(count)}})
	return true
}

// partEnds are the last characters of the names of a body's parts: 部, 组,
// 室, 科, 处, 股, 站, 所, 队, 间 (车间).
const partEnds = "部组室科处股站所队间"

// gluedBodies is how many names of a body's parts seem written together
// without their 、 inside the items ("火化车间治丧服务部业务接待部驾驶组后勤
// 保障部" is five): a name's last character with two characters or more
// before it in its name and after it in the item, counted in items that
// hold three names or more that way (one such character inside a name is
// often part of it: "财务科技处").
func gluedBodies(items []string) int {
	n := 0
	for _, it := range items {
		rs := []rune(bracketedRe.ReplaceAllString(it, ""))
		from, inside := 0, 0
		for i := 2; i < len(rs)-2; i++ {
			if strings.ContainsRune(partEnds, rs[i]) && i-from >= 2 {
				inside++
				from = i + 1
			}
		}
		if inside >= 2 {
			n += inside
		}
	}
	return n
}

// hanCountRe is a count written in Chinese numerals with its measure word:
// "八项", "三个" ("一类" is a rank: 公益一类事业单位).
var hanCountRe = regexp.MustCompile(`[二三四五六七八九十两]+(?:项|个|条|种)`)

// inWord reports whether the conjunction w at byte i of s is part of a
// word (涉及, 以及 is a conjunction; 及时, 提及, 普及, 危及, 顾及, 波及, 惠及).
func inWord(s string, i int, w string) bool {
	if w != "及" {
		return false
	}
	before, _ := lastRune(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+len(w):])
	return strings.ContainsRune("涉提普危顾波惠推触", before) || strings.ContainsRune("时其", after)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// shorten keeps an item's last 12 characters: the name, without the verb
// the clause starts with.
func shorten(s string) string {
	r := []rune(s)
	if len(r) > 12 {
		return "…" + string(r[len(r)-12:])
	}
	return s
}

// headingCountRe is a heading that ends with the count of what the next
// line lists: "①局机关内设股室7", "③区级办公室2".
var headingCountRe = regexp.MustCompile(`^[①-⑳]?[\p{Han}（）()]{2,30}?([0-9]{1,3})$`)

// headingLists checks a heading's count against the list on the line under
// it ("内设股室：办公室、督查股、…") (T02).
func (a *auditor) headingLists() {
	ps := a.doc.Paragraphs
	for i := 0; i+1 < len(ps); i++ {
		m := headingCountRe.FindStringSubmatch(strings.TrimSpace(ps[i]))
		if m == nil {
			continue
		}
		n, ok := chineseNumber(m[1])
		if !ok {
			continue
		}
		list := strings.TrimSpace(ps[i+1])
		if k := strings.IndexAny(list, "：:"); k >= 0 {
			_, size := utf8.DecodeRuneInString(list[k:])
			list = list[k+size:]
		}
		list = strings.TrimRight(list, "。；;")
		if !strings.Contains(list, "、") {
			continue
		}
		a.listAgainst(a.line(i+1), list, n, false, strings.TrimSpace(ps[i]))
	}
}

// ordinalLineRe is a line opened by an ordinal: "项目一：", "（二）", "3.",
// "四是". Groups: what comes before the ordinal, the ordinal, what follows.
var ordinalLineRe = regexp.MustCompile(`^\s*([\p{Han}]{0,4}?|[（(])([一二三四五六七八九十]{1,3}|[0-9]{1,2})([：:、.．)）]|是)`)

// listedBelow checks a count in a line that announces its items below it
// ("涉及转移支付项目3个，各项目自评结果概述如下：") against the lines that then
// follow, each opened by the next ordinal in one style ("项目一：",
// "项目二：", …) (T02). The announcing line must state one count.
func (a *auditor) listedBelow() {
	ps := a.doc.Paragraphs
	for i := 0; i+1 < len(ps); i++ {
		p := strings.TrimSpace(ps[i])
		if !strings.HasSuffix(strings.TrimRight(p, "：:"), "如下") {
			continue
		}
		// The count is in the sentence that ends in 如下 ("…指标名额6个。…
		// 说明如下：" counts something else).
		last := strings.TrimRight(p, "：:")
		if j := strings.LastIndexAny(last, "。！？!?"); j >= 0 {
			last = last[j:]
		}
		var counts []mention
		for _, m := range mentions(last) {
			if countUnit(m.unit) {
				counts = append(counts, m)
			}
		}
		if len(counts) != 1 {
			continue
		}
		first := ordinalLineRe.FindStringSubmatch(ps[i+1])
		if first == nil {
			continue
		}
		if n, ok := chineseNumber(first[2]); !ok || n != 1 {
			continue
		}
		k := 0
		for j := i + 1; j < len(ps) && j <= i+60; j++ {
			m := ordinalLineRe.FindStringSubmatch(ps[j])
			if m == nil || m[1] != first[1] || m[3] != first[3] {
				continue // a line within an item
			}
			n, _ := chineseNumber(m[2])
			if n != k+1 {
				break
			}
			k = n
		}
		if k < 2 {
			continue
		}
		a.checked["T02"]++
		if k == int(counts[0].value.IntPart()) {
			continue
		}
		a.add(a.line(i), "T02", jixiao.SeverityError, fmt.Sprintf("所称%s，其下按“%s%s%s”逐项列出%d项", counts[0].text, first[1], first[2], first[3], k),
			[]jixiao.Number{{Name: "所称个数", Value: counts[0].text}, {Name: "列出项数", Value: itoa(k)}})
	}
}

// bracketsOut is s without its bracketed remarks ("社会保障综合服务中心（加挂
// “退役军人服务站”牌子）").
func bracketsOut(s string) string {
	return strings.Trim(strings.Join(splitOn(s, "", false), ""), " ：:，,")
}

// projectsThenRe is a count of projects right before the 其中 that lists
// them by amount: "年中追加项目资金79.53万元，涉及项目4个，其中：A 52.94万元；
// B 1.29万元；…".
var projectsThenRe = regexp.MustCompile(`(?:项目|子项目)\s*([0-9０-９]+|[一二两三四五六七八九十]{1,3})\s*个\s*[，,]\s*其中\s*[：:]`)

// projectsByAmount checks such a count against the items after 其中,
// parted by semicolons, each stating one amount (T02).
func (a *auditor) projectsByAmount() {
	for k, s := range a.whole {
		for _, m := range projectsThenRe.FindAllStringSubmatchIndex(s.text, -1) {
			n, ok := chineseNumber(s.text[m[2]:m[3]])
			if !ok || n < 2 || a.cutByTextEnd(k) {
				continue
			}
			tail := strings.TrimRight(s.text[m[1]:], "。 ")
			items := strings.FieldsFunc(tail, func(r rune) bool { return r == '；' || r == ';' })
			if len(items) < 2 || strings.HasSuffix(tail, "等") {
				continue
			}
			counted := 0
			for _, it := range items {
				if len(moneyOf(it)) != 1 {
					counted = -1
					break
				}
				counted++
			}
			if counted < 0 {
				continue
			}
			a.checked["T02"]++
			if counted == n {
				continue
			}
			a.add(s, "T02", jixiao.SeverityError, fmt.Sprintf("“其中”之后以分号分列了%d个项目及其金额，所称为%s个", counted, s.text[m[2]:m[3]]),
				[]jixiao.Number{{Name: "所称个数", Value: s.text[m[2]:m[3]] + "个"}, {Name: "列举个数", Value: itoa(counted)}})
		}
	}
}
