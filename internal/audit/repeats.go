package audit

import (
	"fmt"
	"math/bits"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// repeats finds the same quantity stated twice with different values
// (T07): the same words (at least four characters of the clause right
// before the number) and the same unit, in two paragraphs. Amounts of money are left out,
// since reports state them per stage; so are rates and scores.
func (a *auditor) repeats() {
	type seen struct {
		s     sentence
		m     mention
		key   string // the words before the number, or after a count's measure word
		after bool   // key is the noun after the count ("66个规模养殖场")
		noun  string // with a key before the count, what is counted after it
		k     string // year and unit
	}
	var all []seen
	// Each quantity seen is found again through the runs of its key a
	// match must share: the last four characters (one key ending the
	// other), or three at the start (the thing counted after a count).
	index := map[string][]int{}
	grams := func(key string, after bool, k string) []string {
		r := []rune(key)
		if !after {
			return []string{"b" + string(r[len(r)-min(4, len(r)):]) + k}
		}
		var out []string
		for i := 0; i < 3 && i+3 <= len(r); i++ {
			out = append(out, "a"+string(r[i:i+3])+k)
		}
		return out
	}
	reported := map[string]bool{}
	for _, s := range a.sents {
		for _, m := range mentions(s.text) {
			// Percentage points are rates: "超过时间进度6.6个百分点" of income
			// and "…3.5个百分点" of spending are two quantities.
			if _, isMoney := money(m.unit); isMoney || m.unit == "%" || m.unit == "分" || strings.HasPrefix(s.text[m.end:], "百分点") {
				continue
			}
			key, after := phraseBefore(s.text, m.start), false
			if len([]rune(key)) < 4 && countUnit(m.unit) {
				// "66个畜禽规模养殖场": what is counted follows the count.
				key, after = nounAfter(s.text[m.end:]), true
			}
			if len([]rune(key)) < 3 || !after && len([]rune(key)) < 4 || strings.Contains(key, "其中") || formLabel(key) {
				continue
			}
			// A target, a plan, another year or a comparison is a different
			// quantity under the same words.
			// The clause runs back over a colon: "年度指标值：培训人数500人".
			clause := s.text[:m.start]
			if i := strings.LastIndexAny(clause, "，,。；;"); i >= 0 {
				clause = clause[i:]
			}
			if containsAny(clause, otherQuantity) || startsWithAny(s.text[m.end:], roughAfter) || after && containsAny(clause, append(doneWords, remainingWords...)) {
				continue
			}
			// A year in the clause is part of what is counted: "2023年培训
			// 人数" and "2024年培训人数" are two quantities.
			year := yearRe.FindString(normalize(clause))
			if year == "" {
				// A paragraph under a heading that names its year
				// ("2.2021年度绩效目标。新建……") is about that year.
				year = headingYear(a.doc.Paragraphs[s.para-1])
			}
			k := year + "|" + m.unit
			// "本年度已完成37个基层医疗机构" and "本年度已完成352个村卫生室": the
			// same words before, other things counted.
			noun := ""
			if !after && countUnit(m.unit) {
				noun = nounAfter(s.text[m.end:])
			}
			cur := seen{s, m, key, after, noun, k}
			var prev *seen
			first := len(all)
			for _, g := range grams(key, after, k) {
				for _, i := range index[g] {
					if i < first && sameThing(all[i].key, key, after) && (len([]rune(noun)) < 2 || len([]rune(all[i].noun)) < 2 || sameThing(all[i].noun, noun, true)) {
						first = i
					}
				}
			}
			if first < len(all) {
				prev = &all[first]
			}
			if prev == nil {
				for _, g := range grams(key, after, k) {
					index[g] = append(index[g], len(all))
				}
				all = append(all, cur)
				continue
			}
			// "全市共有…专任教师11232人" and, under 一、学前教育, "幼儿园共有
			// 教职工1405人，专任教师1029人": what each counts is of its own
			// subject, named before 共有.
			if x, y := a.ownerOf(prev.s, prev.m), a.ownerOf(s, m); x[0] != "" && y[0] != "" && (!oneEndsOther(x[0], y[0]) || x[1] != y[1]) {
				continue
			}
			if prev.s.para == s.para {
				// Within one paragraph the same words with another number
				// are another object: the next unit side by side ("局机关
				// 在编98人…，下属中心在编45人…"), a part ("其中：…总占地面积
				// 35亩"), the next batch, the next row of a table.
				continue
			}
			// "3.资助养老服务补贴项目155个，资助对象35.1万人" and "7.资助医疗
			// 救助…项目284个，资助对象54.87万人": items of a numbered list are
			// each of their own subject.
			if a.otherItems(prev.s.para, s.para) {
				continue
			}
			a.checked["T07"]++
			name := shorterName(prev.key, key)
			if prev.m.value.Equal(m.value) || reported[name+k] {
				continue
			}
			reported[name+k] = true
			a.add(s, "T07", jixiao.SeverityWarning, fmt.Sprintf("“%s”在第%d%s为%s，在此处为%s", name, prev.s.para, a.doc.Unit, prev.m.text, m.text),
				[]jixiao.Number{{Name: "前文", Value: prev.m.text}, {Name: "此处", Value: m.text}}, prev.s.para)
		}
	}
	a.pairedCounts()
}

// otherItems reports whether paragraphs p and q (1-based) open different
// items of a numbered list ("3." and "7.", "（一）" and "（二）").
func (a *auditor) otherItems(p, q int) bool {
	start := func(t string) string {
		t = strings.TrimSpace(t)
		if s := itemStartRe.FindString(t); s != "" {
			return s
		}
		// "指标1:青河镇石田村…中心项目,…占地面积500平方米" and "指标2:南川镇
		// 下岭村…中心项目,占地面积400平方米": labelled items each naming a
		// project of its own (not "指标1：本年度已完成37个…").
		if s := labelledItemRe.FindString(t); s != "" {
			if first, _, _ := strings.Cut(t[len(s):], ","); strings.HasSuffix(firstClause(first), "项目") {
				return s
			}
		}
		return ""
	}
	x, y := start(a.doc.Paragraphs[p-1]), start(a.doc.Paragraphs[q-1])
	return x != "" && y != "" && x != y
}

// labelledItemRe opens an item labelled with its number: "指标1:", "项目2：".
var labelledItemRe = regexp.MustCompile(`^[\p{Han}]{1,4}[0-9一二三四五六七八九十]{1,3}[:：]`)

// ownerOf is what a figure's paragraph says has it, up to the figure: the
// words before the last 共有 ahead of it in its sentence or the paragraph's
// sentences before, without a year and 全/本/我, and what 共有 counts first
// ("2023年，全市共有义务教育阶段学校77所，…专任教师7879人" → 市, 义务教育阶段学校);
// "" when there is no 共有.
func (a *auditor) ownerOf(s sentence, m mention) [2]string {
	head := a.doc.Paragraphs[s.para-1][:s.start+m.start]
	i := strings.LastIndex(head, "共有")
	if i < 0 {
		return [2]string{}
	}
	owner := []rune(yearRe.ReplaceAllString(clauseBefore(head, i), ""))
	// Only the Chinese words right before 共有: "2023-2024学年（…）全市".
	j := len(owner)
	for j > 0 && unicode.Is(unicode.Han, owner[j-1]) {
		j--
	}
	who := string(owner[j:])
	for _, w := range []string{"全", "本", "我"} {
		who = strings.TrimPrefix(who, w)
	}
	var what []rune
	for _, r := range head[i+len("共有"):] {
		if !unicode.Is(unicode.Han, r) {
			break
		}
		what = append(what, r)
	}
	if who == "" {
		return [2]string{}
	}
	return [2]string{who, string(what)}
}

// oneEndsOther reports whether one of x and y ends the other.
func oneEndsOther(x, y string) bool { return strings.HasSuffix(x, y) || strings.HasSuffix(y, x) }

// sameThing reports whether two keys name one quantity: the same words
// before the number, or one ending the other ("受益农户", "直接受益农户");
// for nouns after a count, the same run of at least three characters near
// the start of both ("畜禽规模养殖场", "规模养殖场"; "美丽乡村建设示范村",
// "美丽乡村示范村").
func sameThing(x, y string, after bool) bool {
	if !after {
		return sameName(x, y)
	}
	rx, ry := []rune(x), []rune(y)
	for i := 0; i < min(3, len(rx)); i++ {
		for j := 0; j < min(3, len(ry)); j++ {
			n := 0
			for i+n < len(rx) && j+n < len(ry) && rx[i+n] == ry[j+n] {
				n++
			}
			if n >= 4 || n >= 3 && n == min(len(rx), len(ry)) {
				return true
			}
		}
	}
	return false
}

// nounAfter is the run of Chinese characters right after a count, up to
// ten, cut where a verb or an adverb of the clause begins.
func nounAfter(rest string) string {
	if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("未不没已均全都被将在是为有的以中内里及和与或等", r) {
		return "" // a verb, an adverb or a particle: nothing is named
	}
	var b []rune
	for _, r := range rest {
		if !unicode.Is(unicode.Han, r) || len(b) == 10 || strings.ContainsRune("已均全都已将正在实施完成建成开工", r) && len(b) >= 2 {
			break
		}
		b = append(b, r)
	}
	return string(b)
}

// pairedCounts finds a pair of counts stated twice, the first the same and
// the second not (T07): "覆盖7个乡镇58个村庄" … "7个乡镇68个村庄1510盏路灯".
func (a *auditor) pairedCounts() {
	first := map[string]pairSeen{}
	for _, s := range a.whole {
		for _, m := range pairRe.FindAllStringSubmatchIndex(s.text, -1) {
			head := normalize(s.text[m[2]:m[3]]) + "个" + s.text[m[4]:m[5]] + "|" + s.text[m[8]:m[9]]
			second := s.text[m[6]:m[7]]
			p, ok := first[head]
			if !ok {
				first[head] = pairSeen{s, normalize(second), s.text[m[0]:m[1]]}
				continue
			}
			a.checked["T07"]++
			if p.n == normalize(second) {
				continue
			}
			here := s.text[m[0]:m[1]]
			a.add(s, "T07", jixiao.SeverityWarning, fmt.Sprintf("“%s”在第%d%s写作“%s”，在此处为“%s”", s.text[m[2]:m[5]], p.s.para, a.doc.Unit, p.text, here),
				[]jixiao.Number{{Name: "前文", Value: p.text}, {Name: "此处", Value: here}}, p.s.para)
			first[head] = pairSeen{s, normalize(second), here}
		}
	}
}

type pairSeen struct {
	s    sentence
	n    string
	text string
}

// pairRe is a count of places and a count of places within them: "7个乡镇58
// 个村庄". Groups: the first number, its noun, the second number, its noun.
var pairRe = regexp.MustCompile(`([0-9]+)个(乡镇|镇|乡|县|区|街道)([0-9]+)个(行政村|自然村|村庄|村|社区)`)

var yearRe = regexp.MustCompile(`(?:19|20)[0-9]{2}年`)

// monthRe is a date with its month: "2022年12月", "8月".
var monthRe = regexp.MustCompile(`[0-9]{1,2}月`)

// otherQuantity mark a clause whose number is not the year's result.
var otherQuantity = []string{"目标", "指标值", "计划", "预期", "预计", "年初", "上年", "去年", "同期", "同比", "环比", "相比", "增加", "减少", "增长", "下降",
	"不少于", "不低于", "不超过", "不高于", "累计", "每", "平均", "人均"}

// formLabel reports whether key is a form's column label rather than the
// name of a quantity: "全年实际完成值约20000平方米" and "全年实际完成值约1737
// 平方米" are two indicators' actuals.
func formLabel(key string) bool {
	key = strings.TrimRight(key, "约为达是")
	for _, w := range []string{"全年", "年度", "实际"} {
		key = strings.TrimPrefix(key, w)
	}
	switch key {
	case "完成值", "实际值", "完成数", "实际完成值", "指标值", "实现值", "执行数":
		return true
	}
	return false
}

// roughAfter mark a number given as a bound or an estimate: "500人以上".
var roughAfter = []string{"以上", "以下", "左右", "余", "多"}

// phraseBefore is the run of Chinese characters right before byte i of s,
// back to the last punctuation, digit or space.
func phraseBefore(s string, i int) string {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		j -= size
	}
	return s[j:i]
}

// labelled is an amount with the words that name it.
type labelled struct {
	s     sentence
	m     mention
	label string
}

// restatedAmounts finds an amount of a breakdown stated again with another
// value (T07): two paragraphs that name the same items of money ("老年人福利
// 90.79万元、养老服务5.74万元" … "老年人福利类90.79万元，…，养老服务4.75
// 万元"), where one item agrees — so that both speak of the same money at
// the same stage — and another, under the same name, does not. Names are
// the same when one ends the other ("年度下达中央级资金转移支付" and "中央级
// 资金转移支付"), less a trailing 类. Paragraphs that use different stage
// words (年初, 调整, 决算, 执行, 下达, …) are not compared.
func (a *auditor) restatedAmounts() {
	type pair struct{ p, q int }
	type found struct {
		same   bool
		differ [][2]labelled
	}
	byName := map[string][]labelled{}
	var names []string
	paraText := map[int][]labelled{}
	for _, s := range a.whole {
		for _, m := range mentions(s.text) {
			if _, ok := money(m.unit); !ok {
				continue
			}
			label := itemName(phraseBefore(s.text, m.start))
			clause := clauseBefore(s.text, m.start)
			if len([]rune(label)) < 2 || containsAny(clause, otherQuantity) || containsAny(clause, changeWords) || containsAny(clause, statusWords) {
				continue
			}
			l := labelled{s, m, label}
			paraText[s.para] = append(paraText[s.para], l)
			// A name stated in many places (基本支出) is compared among its
			// first few: enough for a breakdown given twice, bounded for a
			// long document.
			if len(byName[label]) == 0 {
				names = append(names, label)
			}
			if len(byName[label]) < 16 {
				byName[label] = append(byName[label], l)
			}
		}
	}
	pairs := map[pair]*found{}
	var order []pair
	for _, name := range names {
		ls := byName[name]
		for i, x := range ls {
			for _, y := range ls[i+1:] {
				if x.s.para == y.s.para {
					continue
				}
				k := pair{x.s.para, y.s.para}
				f := pairs[k]
				if f == nil {
					f = &found{}
					pairs[k] = f
					order = append(order, k)
				}
				switch {
				case x.m.value.Mul(scaleOf(x.m.unit)).Equal(y.m.value.Mul(scaleOf(y.m.unit))):
					// Two zeros ("项目支出0元") say nothing of the lists being one.
					f.same = f.same || !x.m.value.IsZero()
				default:
					f.differ = append(f.differ, [2]labelled{x, y})
				}
			}
		}
	}
	stage := map[int]string{}
	stageOfPara := func(p int) string {
		if st, ok := stage[p]; ok {
			return st
		}
		stage[p] = amountStage(paraText[p])
		return stage[p]
	}
	reported := map[string]bool{}
	tries := 0
	for _, k := range order {
		f := pairs[k]
		// A paragraph dated by month gives a batch, not the year's money.
		if !f.same || len(f.differ) == 0 || stageOfPara(k.p) != stageOfPara(k.q) || monthRe.MatchString(a.doc.Paragraphs[k.p-1]) != monthRe.MatchString(a.doc.Paragraphs[k.q-1]) {
			continue
		}
		// Paragraphs opening with different years ("2010年…预算中" and
		// "2011年…预算中") give two years' money, alike in some items.
		if yp, yq := yearRe.FindString(normalize(a.doc.Paragraphs[k.p-1])), yearRe.FindString(normalize(a.doc.Paragraphs[k.q-1])); yp != "" && yq != "" && yp != yq {
			continue
		}
		// A government's own level (自治区本级, 市本级) and the whole region
		// share some items (中央补助) and not others.
		if strings.Contains(a.doc.Paragraphs[k.p-1], "本级") != strings.Contains(a.doc.Paragraphs[k.q-1], "本级") {
			continue
		}
		a.checked["T07"] += len(f.differ)
		for _, d := range f.differ {
			x, y := d[0], d[1]
			if reported[x.label] {
				continue
			}
			// Each try adds up to 1,023 subsets: a long text's many names
			// get a bounded number of tries, the rest reported as before.
			if tries++; tries <= maxSumTries && sumOfOthers(byName[x.label], y) {
				continue
			}
			reported[x.label] = true
			a.add(y.s, "T07", jixiao.SeverityWarning, fmt.Sprintf("“%s”在第%d%s为%s，在此处为%s（两处列出的其他金额一致）", x.label, x.s.para, a.doc.Unit, x.m.text, y.m.text),
				[]jixiao.Number{{Name: "前文", Value: x.m.text}, {Name: "此处", Value: y.m.text}}, x.s.para)
		}
	}
}

// maxSumTries is how many restated amounts of one text are tried as sums
// of others (sumOfOthers).
const maxSumTries = 200

// sumOfOthers reports whether y's amount is the sum of two or more of the
// amounts so named above it in other paragraphs ("下达残疾人福利30万元" …
// "残疾人福利2万元" … "残疾人福利类32万元"): a total of allocations, not a
// restatement. At most ten amounts are tried.
func sumOfOthers(ls []labelled, y labelled) bool {
	var vs []decimal.Decimal
	for _, l := range ls {
		if l.s.para < y.s.para && len(vs) < 10 && l.m.value.IsPositive() {
			vs = append(vs, l.m.value.Mul(scaleOf(l.m.unit)))
		}
	}
	want := y.m.value.Mul(scaleOf(y.m.unit))
	for set := 1; set < 1<<len(vs); set++ {
		if bits.OnesCount(uint(set)) < 2 {
			continue
		}
		sum := decimal.Zero
		for i, v := range vs {
			if set&(1<<i) != 0 {
				sum = sum.Add(v)
			}
		}
		if sum.Equal(want) {
			return true
		}
	}
	return false
}

// itemName is the name of an item of money in the words before it: after
// the last word that introduces it (下达, 具体是, 为, 用于, …), less a
// trailing 类: "文件下达老年人福利" and "具体是老年人福利类" are both 老年人福利.
func itemName(label string) string {
	for _, w := range []string{"下达", "安排", "拨付", "具体是", "分别是", "分别为", "包括", "用于", "其中", "即", "为"} {
		if i := strings.LastIndex(label, w); i >= 0 && i+len(w) < len(label) {
			label = label[i+len(w):]
		}
	}
	return strings.TrimSuffix(label, "类")
}

// sameName reports whether two labels name the same item: one ends the
// other, and the shorter has at least two characters (four when it is not
// the whole of the other's last clause).
func sameName(x, y string) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	n := len([]rune(x))
	return strings.HasSuffix(y, x) && (x == y && n >= 2 || n >= 4)
}

func shorterName(x, y string) string {
	if len(x) <= len(y) {
		return x
	}
	return y
}

// amountStage is which stage of the budget a paragraph's amounts are at:
// the stage words it uses (年初, 调整, 决算, 执行, 下达, …). Two paragraphs
// with different words may give the same items at different stages.
func amountStage(ls []labelled) string {
	var b strings.Builder
	for _, w := range []string{"年初", "调整", "追加", "决算", "预算", "执行", "实际", "下达", "拨付", "支付", "使用", "到位", "结余", "结转", "计划", "申请"} {
		for _, l := range ls {
			if strings.Contains(l.s.text, w) {
				b.WriteString(w)
				break
			}
		}
	}
	return b.String()
}

// headingYear is the year named by a paragraph's first sentence when that
// sentence is short enough to be a heading ("2.2021年度绩效目标。").
func headingYear(p string) string {
	first, _, found := strings.Cut(p, "。")
	if !found || utf8.RuneCountInString(first) > 20 {
		return ""
	}
	return yearRe.FindString(normalize(first))
}

// firstClause is text up to its first full-width comma.
func firstClause(text string) string {
	head, _, _ := strings.Cut(text, "，")
	return strings.TrimSpace(head)
}
