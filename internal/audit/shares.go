package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A share often names its base, stated sentences or paragraphs earlier:
// "本年支出1366.23万元……" then "财政拨款支出668.3万元，占本年支出的48.92%".
// namedShares finds the base by its name — the latest amount before the
// share, in its paragraph or the five before, whose words end with the name
// ("2018年本年支出") — and checks the share against part ÷ base (T03). A
// base in the share's own sentence is the breakdown's, checked with it.

// namedShareRe is a share with its base named: 占本年支出的48.92%.
var namedShareRe = regexp.MustCompile(`占(?:了)?([\p{Han}]{2,16}?)的?(?:比重|比例)?(?:为|达)?\s*(` + numberRe.String() + `)\s*[%％]` +
	// "在财政收入中所占比重为28.1%", "在地方财政收入中占66.19%".
	`|在([\p{Han}]{2,16}?)中(?:所)?占(?:的)?(?:比重|比例)?(?:为|达)?\s*(` + numberRe.String() + `)\s*[%％]`)

func (a *auditor) namedShares() {
	var unbased []baselessShare
	for k, s := range a.whole {
		for _, m := range namedShareRe.FindAllStringSubmatchIndex(s.text, -1) {
			if m[2] < 0 { // the 在…中占 form
				m = []int{m[0], m[1], m[6], m[7], m[8], m[9]}
			}
			name := s.text[m[2]:m[3]]
			// "占比为2%" names no base: bareShares reads it.
			if strings.HasPrefix(name, "比") {
				continue
			}
			if pcts := percentList(s.text, m[4], m[1]); len(pcts) > 1 {
				a.respectiveShares(k, m[0], name, pcts)
				continue
			}
			part, ok := lastAmount(s.text[:m[0]])
			if !ok {
				// "非税收入完成21553万元。……非税收入在一般公共预算收入中占
				// 26.01%": the part named alone, its amount stated before.
				part, ok = a.namedAbove(k, clauseBefore(s.text, m[0]))
			}
			if !ok || part.unit == "%" || part.unit == "分" {
				continue
			}
			if _, _, here := namedBaseIn(s.text[:part.start], mentionsBefore(s.text[:part.start]), name, part); here {
				continue // the base in the same sentence: the breakdown's
			}
			base, found := a.namedBase(k, name, part)
			if !found {
				if stated, places, ok := statedPercent(s.text[m[4]:m[5]]); ok {
					unbased = append(unbased, baselessShare{sentence: k, name: name, part: part, stated: stated, places: places, raw: s.text[m[4]:m[5]]})
				}
				continue
			}
			b := base.value.Mul(scaleOf(base.unit))
			if !b.IsPositive() {
				continue
			}
			stated, places, ok := statedPercent(s.text[m[4]:m[5]])
			if !ok || a.sharesSeen[shareKey(s.para, part.value.Mul(scaleOf(part.unit)), b, stated)] {
				continue
			}
			a.checked["T03"]++
			got, agrees := percentAgrees(part.value.Mul(scaleOf(part.unit)), b, stated, places, slack(part), slack(base))
			if agrees {
				continue
			}
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("%s占%s%s的%s%%，与所述%s%%不符（%s ÷ %s）", part.text, name, base.text,
				jixiao.Fixed(got, max(places, 2)), s.text[m[4]:m[5]], part.text, base.text),
				[]jixiao.Number{{Name: name, Value: base.text}, {Name: "部分", Value: part.text}, {Name: "所述占比", Value: s.text[m[4]:m[5]] + "%"}})
		}
	}
	a.impliedBases(unbased)
}

// namedBase is the base a share of sentence k names, stated in the five
// paragraphs before: the nearest named as a whole ("全盟一般公共预算收入")
// before the nearest named with a qualifier ("旗级一般公共预算收入").
func (a *auditor) namedBase(k int, name string, part mention) (mention, bool) {
	s := a.whole[k]
	base, found := a.namedBaseWithin(k, 5, name, part)
	if !found && strings.HasSuffix(name, "预算") && utf8.RuneCountInString(name) > 4 {
		// A budget explanation's share names its base with 预算
		// ("占项目支出预算90.73%") that it stated without the word
		// ("2. 项目支出 469500 元").
		bare := strings.TrimSuffix(name, "预算")
		budget := searchBudget
		for j := k - 1; j >= 0 && budget > 0 && s.para-a.whole[j].para <= 5 && !found; j-- {
			budget -= len(a.whole[j].text)
			if b, _, ok := namedBaseIn(a.whole[j].text, a.wholeMentions(j), bare, part); ok {
				base, found = b, true
			}
		}
	}
	return base, found
}

// percentListRe is one more per cent of a list: "、46.6%", "和27.6%".
var percentListRe = regexp.MustCompile(`^\s*[、和及与，,]\s*(` + numberRe.String() + `)\s*[%％]`)

// percentList is the per cents of a list that starts at first and whose
// first per cent ends at end ("25.8%、46.6%和27.6%"); one when no list
// follows.
func percentList(text string, first, end int) []string {
	out := []string{text[first:end]}
	for {
		m := percentListRe.FindStringIndex(text[end:])
		if m == nil {
			return out
		}
		out = append(out, strings.TrimLeft(text[end:end+m[1]], " 、和及与，,"))
		end += m[1]
	}
}

// respectiveShares checks the shares of parts listed with 分别为 against
// the base their share names, in the order of the list (T03): "货物、工程、
// 服务采购规模分别为9,399.2亿元、16,961.2亿元和10,038.6亿元，占全国采购规模比例
// 为25.8%、46.6%和27.6%"; when the shares make the whole, the parts make
// the base (T01). With as many parts as shares or it is left alone.
func (a *auditor) respectiveShares(k, at int, name string, pcts []string) {
	s := a.whole[k]
	i := strings.LastIndex(s.text[:at], "分别")
	if i < 0 {
		return
	}
	parts := moneyOf(s.text[i:at])
	if len(parts) != len(pcts) {
		return
	}
	base, found := a.namedBase(k, name, parts[0])
	b := base.value.Mul(scaleOf(base.unit))
	if !found || !b.IsPositive() {
		return
	}
	total, slackAll := decimal.Zero, decimal.Zero
	for j, p := range parts {
		stated, places, ok := statedPercent(pcts[j])
		if !ok {
			return
		}
		total = total.Add(stated)
		slackAll = slackAll.Add(decimal.New(5, -places-1))
		a.checked["T03"]++
		got, agrees := percentAgrees(p.value.Mul(scaleOf(p.unit)), b, stated, places, slack(p), slack(base))
		if agrees {
			continue
		}
		a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("%s占%s%s的%s%%，与所述%s不符（%s ÷ %s；所列各项与所述比例依次对应）", p.text, name, base.text,
			jixiao.Fixed(got, max(places, 2)), pcts[j], p.text, base.text),
			[]jixiao.Number{{Name: name, Value: base.text}, {Name: "部分", Value: p.text}, {Name: "所述占比", Value: pcts[j]}})
	}
	if total.Sub(decimal.NewFromInt(100)).Abs().LessThanOrEqual(slackAll) {
		names := make([]string, len(parts))
		for j, p := range parts {
			names[j] = p.text
		}
		a.partsAgainst(s, name, base, parts, names)
	}
}

// namedBaseWithin is the figure of part's kind named name in the
// sentences before sentence k, up to paras paragraphs back: the nearest
// named as a whole, else the nearest named with a qualifier.
func (a *auditor) namedBaseWithin(k, paras int, name string, part mention) (mention, bool) {
	s := a.whole[k]
	var base, qualified mention
	found, foundQualified := false, false
	budget := searchBudget
	for j := k - 1; j >= 0 && budget > 0 && s.para-a.whole[j].para <= paras && !found; j-- {
		budget -= len(a.whole[j].text)
		b, whole, ok := namedBaseIn(a.whole[j].text, a.wholeMentions(j), name, part)
		switch {
		case ok && whole:
			base, found = b, true
		case ok && !foundQualified:
			qualified, foundQualified = b, true
		}
	}
	if !found && foundQualified {
		base, found = qualified, true
	}
	return base, found
}

// searchBudget is how many bytes of the sentences before one a search
// for a named figure reads at most: some paragraphs of a report, not the
// whole of a long one for each figure.
const searchBudget = 16 << 10

// namedAbove is the amount of money last stated, in the five paragraphs
// before sentence k, with words ending in name ("非税收入完成21553万元"), when
// name is only a name.
func (a *auditor) namedAbove(k int, name string) (mention, bool) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 2 || n > 12 || !allHan(name) {
		return mention{}, false
	}
	budget := searchBudget
	for j := k - 1; j >= 0 && budget > 0 && a.whole[k].para-a.whole[j].para <= 5; j-- {
		budget -= len(a.whole[j].text)
		if m, _, ok := namedBaseIn(a.whole[j].text, a.wholeMentions(j), name, mention{unit: "元"}); ok {
			return m, true
		}
	}
	return mention{}, false
}

// lastAmount is the last figure of text that is not a change on another
// year ("…增长18.39%，增收10304万元" is not the part a share is of): "累计完成税收
// 收入36552万元，增加2362万元，增长6.91%，税收占…" is a share of 36552万元. A
// rate that is not a change ends the search (a share of a share is not
// checked).
func lastAmount(text string) (mention, bool) {
	ms := mentionsBefore(text)
	// "财政拨款收入1,100.50万元（其中，…政府性基金预算20万元），占总收入
	// 88.04%": a bracket closed before the share remarks on the amount
	// before it, which the share is of.
	depths, end := depthsAndEnd(text, ms)
	for i := len(ms) - 1; i >= 0; i-- {
		if depths[i] > end {
			continue
		}
		c := clauseBefore(text, ms[i].start)
		if containsAny(c, changeWords[:4]) || containsAny(c, moreLessWords) || changeClauseRe.MatchString(c) {
			continue
		}
		return ms[i], true
	}
	return mention{}, false
}

// moreLessWords state a change as collected or spent more or less.
var moreLessWords = []string{"增收", "减收", "增支", "减支", "多收", "少收", "多支", "少支"}

// namedBaseIn is the last figure of text (whose mentions are ms) of the
// part's kind whose words end with name, and whether the name is the whole
// of its words (but for a year, 全…, 本年): "全盟一般公共预算收入", not
// "旗级一般公共预算收入".
func namedBaseIn(text string, ms []mention, name string, part mention) (base mention, whole, ok bool) {
	// The last figure so named, unless one before it is named so without a
	// qualifier ("常住人口98509人，…；常住人口中，城镇常住人口48443人"): that one.
	for i := len(ms) - 1; i >= 0; i-- {
		if !sameKind(ms[i], part) {
			continue
		}
		label := strings.TrimRight(clauseBefore(text, ms[i].start), "：:为是达 ")
		// "本年支出合计4295.94万元" for 占本年支出合计的…: the name may hold
		// the word that ends the label.
		if !strings.HasSuffix(label, name) {
			// "一般公共预算收入全年累计完成213251万元": what was done
			// follows the name.
			for trimmed := ""; trimmed != label; {
				trimmed = label
				for _, verb := range []string{"累计完成", "累计实现", "完成", "实现", "共计", "合计", "总计", "全年", "累计"} {
					label = strings.TrimSuffix(label, verb)
				}
			}
		}
		if !strings.HasSuffix(label, name) && !strings.Contains(name, "预算") && utf8.RuneCountInString(name) >= 4 {
			// "占财政总收入的比重" names "公共财政预算总收入" without 预算.
			if bare := strings.ReplaceAll(label, "预算", ""); strings.HasSuffix(bare, name) {
				label = bare
			}
		}
		if !strings.HasSuffix(label, name) {
			continue
		}
		prefix := yearRe.ReplaceAllString(strings.TrimSuffix(label, name), "")
		if strings.Contains(prefix, "人均") {
			continue // 人均地区生产总值 is not 生产总值
		}
		for _, w := range []string{"去年", "今年", "本年", "当年", "截至", "年度", "年末", "年初"} {
			prefix = strings.ReplaceAll(prefix, w, "")
		}
		if prefix == "" || strings.HasPrefix(prefix, "全") {
			return ms[i], true, true
		}
		if !ok {
			base, ok = ms[i], true
		}
	}
	return base, false, ok
}

// inlineShareRe is a share whose base is written inside it, after the part:
// "完成82876万元，为年计划75000万元的110.5%", "占年初预算数109466万元的
// 56.3%", "相当于上年1200万元的95%", "累计完成24627万元，完成年初预算数60999
// 万元的40.4%".
var inlineShareRe = regexp.MustCompile(`(?:为|占|是|相当于|达到|达|完成)(?:了)?([\p{Han}（）()]{0,16}?)\s*(` + numberRe.String() + `)\s*(` + unitAlternatives() + `)的\s*(` + numberRe.String() + `)\s*[%％]`)

// unitAlternatives is the units of figures (not % or 分) as alternatives of
// a regular expression, longest first as units lists them.
func unitAlternatives() string {
	var alts []string
	for _, u := range units {
		if u != "%" && u != "％" && u != "分" && u != "万" {
			alts = append(alts, regexp.QuoteMeta(u))
		}
	}
	return strings.Join(alts, "|")
}

// inlineShares checks a share whose base is written inside it against the
// figure of the clause just before it (T03): "全县收入完成82876万元，为年计划
// 75000万元的110.5%" is 82876 ÷ 75000.
func (a *auditor) inlineShares() {
	for _, s := range a.whole {
		for _, m := range inlineShareRe.FindAllStringSubmatchIndex(s.text, -1) {
			bs := mentions(s.text[m[4]:m[7]])
			if len(bs) != 1 {
				continue
			}
			base := bs[0]
			part, ok := subjectBeyondChanges(s.text[:m[0]], base.unit)
			if !ok {
				continue
			}
			// The part ends the clause just before the share, or before
			// clauses stating its change or rate ("4,855万元，比上年减支433
			// 万元，降低8.19%，为年初预算数6180万元的78.56%").
			if h := strings.TrimRight(s.text[:m[0]], "，, "); strings.Trim(s.text[part.end:m[0]], "，, ") != "" && len(withoutTrailingRates(h)) != part.end {
				continue
			}
			b := base.value.Mul(scaleOf(base.unit))
			if !b.IsPositive() {
				continue
			}
			stated, places, ok := statedPercent(s.text[m[8]:m[9]])
			if !ok {
				continue
			}
			name := strings.TrimSpace(s.text[m[2]:m[3]])
			// Of a budget, the share is how much of it was carried out.
			code := "T03"
			if strings.Contains(name, "预算") {
				code = "T08"
			}
			a.checked[code]++
			got, agrees := percentAgrees(part.value.Mul(scaleOf(part.unit)), b, stated, places, slack(part), slack(base))
			if agrees {
				continue
			}
			verb := strings.TrimSuffix(s.text[m[0]:m[2]], "了")
			a.add(s, code, jixiao.SeverityError, fmt.Sprintf("%s%s%s%s的%s%%，与所述%s%%不符（%s ÷ %s）", part.text, verb, name, base.text,
				jixiao.Fixed(got, max(places, 2)), s.text[m[8]:m[9]], part.text, base.text),
				[]jixiao.Number{{Name: orLabel(name), Value: base.text}, {Name: "部分", Value: part.text}, {Name: "所述比例", Value: s.text[m[8]:m[9]] + "%"}})
		}
	}
}

// pointGapRe is a gap in percentage points to another rate stated with it:
// "比全省平均水平（17.9%）高2.7个百分点", "较全市平均18.2%低1.5个百分点".
var pointGapRe = regexp.MustCompile(`(?:比|较)([^，,。；;%％]{0,20}?)[（(]?\s*(` + numberRe.String() + `)\s*[%％]\s*[）)]?\s*(高出|高|低|提高|降低|上升|下降|多|少)了?\s*(` + numberRe.String() + `)\s*个百分点` +
	// "低于今年同期全区财政自给率（53.2%）33.9个百分点": the word first.
	`|(高于|低于)([^，,。；;%％]{0,20}?)[（(]\s*(` + numberRe.String() + `)\s*[%％]\s*[）)]\s*(` + numberRe.String() + `)\s*个百分点`)

// gapBetweenRe is what may stand between a rate and its gap to another:
// another gap of it ("虽然高于上年2.1个百分点，但远"), and the words that
// join them.
var gapBetweenRe = regexp.MustCompile(`[^，,。；;%％0-9]*?` + numberRe.String() + `\s*个百分点`)

// pointGaps checks a gap in percentage points against the rate just before
// it and the rate it is compared with (T03): "增长20.6%，比全省平均水平
// （17.9%）高2.7个百分点" is 20.6 − 17.9.
func (a *auditor) pointGaps() {
	for _, s := range a.whole {
		for _, m := range pointGapRe.FindAllStringSubmatchIndex(s.text, -1) {
			if m[2] < 0 && m[10] >= 0 { // the word first: groups as the first form's
				m = []int{m[0], m[1], m[12], m[13], m[14], m[15], m[10], m[11], m[16], m[17]}
			}
			ms := mentionsBefore(s.text[:m[0]])
			// A gap stated before ("高于上年2.1个百分点") is not the rate.
			for len(ms) > 0 && strings.HasPrefix(s.text[ms[len(ms)-1].end:], "百分点") {
				ms = ms[:len(ms)-1]
			}
			if len(ms) == 0 || ms[len(ms)-1].unit != "%" {
				continue
			}
			rate := ms[len(ms)-1]
			if strings.Trim(gapBetweenRe.ReplaceAllString(s.text[rate.end:m[0]], ""), "，, 但而仍远") != "" {
				continue
			}
			other, op, ok1 := statedPercent(s.text[m[4]:m[5]])
			gap, gp, ok2 := statedPercent(s.text[m[8]:m[9]])
			if !ok1 || !ok2 {
				continue
			}
			word := s.text[m[6]:m[7]]
			got := rate.value.Sub(other)
			if strings.ContainsAny(word, "低降少") {
				got = other.Sub(rate.value)
			}
			a.checked["T03"]++
			// Each rate is rounded where it is written.
			slack := decimal.New(5, -rate.places-1).Add(decimal.New(5, -op-1)).Add(decimal.New(5, -gp-1))
			if got.Sub(gap).Abs().LessThanOrEqual(slack) {
				continue
			}
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("%s与%s%%相差%s个百分点，与所述%s%s个百分点不符（%s − %s%%）",
				rate.text, s.text[m[4]:m[5]], fmtDec(got.Abs()), word, s.text[m[8]:m[9]], rate.text, s.text[m[4]:m[5]]),
				[]jixiao.Number{{Name: "本数", Value: rate.text}, {Name: "比较数", Value: s.text[m[4]:m[5]] + "%"}, {Name: "所述差距", Value: s.text[m[8]:m[9]] + "个百分点"}})
		}
	}
}

// bareShareRe is a share that names no base, after its part: "税收收入48510
// 万元，…，税收占比为54.70%", "文化旅游体育与传媒支出62722.85万元，占比92.89%".
var bareShareRe = regexp.MustCompile(`(?:^|[，,；;])\s*([\p{Han}]{0,8}?)占比(?:为|达|是)?\s*(` + numberRe.String() + `)\s*[%％]`)

// bareShares checks a share that names no base (T03). Its base is the
// whole its paragraph opens with ("全区一般公共预算收入完成88690万元，…。
// 税收收入48510万元，…，税收占比为54.70%"): the first figure of the part's
// kind in the paragraph. A share of a subtotal stated in between is as
// good, so the share is wrong only when no larger figure of the paragraph
// before it, but for changes, gives it.
func (a *auditor) bareShares() {
	const maxShareBases = 16
	// The parts' sum of each paragraph's bare shares, read once.
	type sum struct {
		m  mention
		ok bool
	}
	wholes := map[int]sum{}
	// The year each whole sentence names, read once: a paragraph of
	// shares compares every share with every figure before it.
	years := map[int]string{}
	yearOf := func(j int) string {
		y, ok := years[j]
		if !ok {
			y = yearRe.FindString(normalize(a.whole[j].text))
			years[j] = y
		}
		return y
	}
	// The figures of each whole sentence that may be a share's base (not
	// a rate, a score or a change), with their values in 元, read once.
	type candidate struct {
		m mention
		v decimal.Decimal
	}
	candidates := map[int][]candidate{}
	candidatesOf := func(j int) []candidate {
		cs, ok := candidates[j]
		if ok {
			return cs
		}
		for _, b := range a.wholeMentions(j) {
			if b.unit == "%" || b.unit == "分" {
				continue
			}
			if c := clauseBefore(a.whole[j].text, b.start); containsAny(c, changeWords[:4]) || containsAny(c, moreLessWords) || changeClauseRe.MatchString(c) || strings.HasPrefix(c, "占") {
				continue
			}
			cs = append(cs, candidate{b, b.value.Mul(scaleOf(b.unit))})
		}
		candidates[j] = cs
		return cs
	}
	for k, s := range a.whole {
		for _, m := range bareShareRe.FindAllStringSubmatchIndex(s.text, -1) {
			part, ok := partBefore(s.text[:m[0]])
			// A share of a part after 其中 is its breakdown's, checked
			// with the total the breakdown follows.
			if !ok || strings.Contains(s.text[:part.start], "其中") {
				continue
			}
			// A share named after a quantity is that quantity's: "税收占比"
			// follows 税收收入.
			if named := s.text[m[2]:m[3]]; named != "" && !allRunesIn(named, labelText(s.text, part.start)) {
				continue
			}
			p := part.value.Mul(scaleOf(part.unit))
			var bases []mention
			budget := searchBudget
			first := k
			for first > 0 && a.whole[first-1].para == s.para && budget > 0 {
				first--
				budget -= len(a.whole[first].text)
			}
			for j := first; j <= k; j++ {
				for _, b := range candidatesOf(j) {
					if j == k && b.m.start >= part.start {
						break
					}
					if !sameKind(b.m, part) || !b.v.GreaterThan(p) {
						continue
					}
					// "2017年末，全市常住人口中…1240.55万人，占比79.68%" is not
					// of 2018's 1559.60万人.
					if j != k && yearOf(k) != "" && yearOf(j) != "" && yearOf(k) != yearOf(j) {
						continue
					}
					bases = append(bases, b.m)
				}
			}
			// Any larger figure may be the base; a real paragraph has a
			// few. The first and the nearest are the likeliest: a
			// paragraph of hundreds of shares is not tried against each.
			if len(bases) > 2*maxShareBases {
				bases = append(bases[:maxShareBases], bases[len(bases)-maxShareBases:]...)
			}
			// "用于A类4.25亿元，占比为75%；…1.26亿元，占比为23%；…0.14亿元，占比
			// 为2%": shares adding up to 100 are of the parts' sum.
			// Only when no amount stated before is as large: a stated
			// total is the base then.
			w, seen := wholes[s.para]
			if !seen {
				w.m, w.ok = a.sharedWhole(k)
				wholes[s.para] = w
			}
			whole, shared := w.m, w.ok && sameKind(w.m, part)
			if shared && slices.ContainsFunc(bases, func(b mention) bool {
				return b.value.Mul(scaleOf(b.unit)).GreaterThanOrEqual(whole.value.Mul(scaleOf(whole.unit)))
			}) {
				shared = false
			}
			if shared {
				bases = append([]mention{whole}, bases...)
			}
			if len(bases) == 0 {
				continue
			}
			stated, places, ok := statedPercent(s.text[m[4]:m[5]])
			if !ok {
				continue
			}
			a.checked["T03"]++
			var got decimal.Decimal
			agrees := false
			for i, b := range bases {
				g, ok := percentAgrees(p, b.value.Mul(scaleOf(b.unit)), stated, places, slack(part), slack(b))
				if i == 0 {
					got = g
				}
				agrees = agrees || ok
			}
			if agrees {
				continue
			}
			base, how := bases[0], "按本段开头的总数"
			if shared {
				how = "按本段各项之和"
			}
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("%s占比%s%%，%s%s计算为%s%%，本段其他较大的数字也得不出所述比例（%s ÷ %s）",
				part.text, s.text[m[4]:m[5]], how, base.text, jixiao.Fixed(got, max(places, 2)), part.text, base.text),
				[]jixiao.Number{{Name: "总数", Value: base.text}, {Name: "部分", Value: part.text}, {Name: "所述占比", Value: s.text[m[4]:m[5]] + "%"}})
		}
	}
}

// sharedWhole is the sum of the parts of whole sentence k's paragraph that
// each state a bare share (占比R%), when there are two or more, all of one
// kind, and their shares add up to 100 (within a point): the whole they
// divide.
func (a *auditor) sharedWhole(k int) (mention, bool) {
	para := a.whole[k].para
	for k > 0 && a.whole[k-1].para == para {
		k--
	}
	sum, shares, n := decimal.Zero, decimal.Zero, 0
	var first mention
	for _, s := range a.whole[k:] {
		if s.para != para {
			break
		}
		for _, m := range bareShareRe.FindAllStringSubmatchIndex(s.text, -1) {
			p, ok := partBefore(s.text[:m[0]])
			stated, _, okp := statedPercent(s.text[m[4]:m[5]])
			if n == 0 {
				first = p
			}
			if !ok || !okp || !sameKind(p, first) {
				return mention{}, false
			}
			sum, shares, n = sum.Add(p.value.Mul(scaleOf(p.unit))), shares.Add(stated), n+1
		}
	}
	if n < 2 || shares.Sub(decimal.NewFromInt(100)).Abs().GreaterThan(decimal.NewFromInt(1)) {
		return mention{}, false
	}
	v := sum.Div(scaleOf(first.unit))
	return mention{value: v, unit: first.unit, text: fmtDec(v) + first.unit, places: first.places}, true
}

// partBefore is the figure a share that follows it is of: the last figure
// of text that is neither a per cent nor a change on another year, with
// only changes stated between it and the end of text ("税收收入48510万元，
// 比上年减少2666万元，同比下降5.21%，").
func partBefore(text string) (mention, bool) {
	ms := mentionsBefore(text)
	for i := len(ms) - 1; i >= 0; i-- {
		c := clauseBefore(text, ms[i].start)
		if containsAny(c, changeWords[:4]) || containsAny(c, moreLessWords) || changeClauseRe.MatchString(c) {
			continue
		}
		if ms[i].unit == "%" || ms[i].unit == "％" || ms[i].unit == "分" {
			return mention{}, false
		}
		return ms[i], true
	}
	return mention{}, false
}
