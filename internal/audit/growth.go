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

// growthRe finds a change on the year before stated both as an amount and
// as a per cent: "同比上年度增加189.25万元，增加31.39%", "比上年减少12万元，
// 下降3.5%", "较上年增长8万元，增幅为2.1%", "比2021年减少1.24万元，下降
// 13.71%", "较 2022 年度决算数增加 0.78 万元，增长 10.8%" (a PDF's
// spaces), "比上年增加49亿斤，增长6.7%" (any quantity); and a gap to an
// average stated both ways: "比全国平均水平高153.33斤/亩，高出20.1%". The
// quantity may be named again between the year and the change ("比2022年度
// 收、支总计各增加61.54万元，增长8.35%"); growths then holds it to its subject.
// The year may be compared with in words: "与2020年度相比，各增加29.6万元，
// 增长2.64%".
var growthRe = regexp.MustCompile(`(?:(?:同比|比|较)\s*(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}\s*年度?|(?:全国|全省|全市|全区|全县)?平均(?:水平)?)?(?:年初)?(?:同期|决算数|预算数|执行数|决算|预算)?(?:相比)?|与\s*(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}\s*年度?)(?:同期|决算数|预算数|执行数|决算|预算)?相比[，,]?|[0-9]{4}\s*年度?(?:同期|决算数|预算数|执行数|决算|预算)?相比[，,])\s*(?:[^，,。；;：:0-9０-９%％()（）比较\s]{1,16}?)?(增加|增长|减少|下降|增支|减支|增收|减收|高出|低出|高|低)了?\s*(` + numberRe.String() + `)\s*(` + growthUnits + `)\s*[，,、]?\s*(?:同比)?(?:增加|增长|减少|下降|降低|增幅|降幅|增长率|下降率|高出|低出|高|低)?(?:为|达|达到|了)?\s*(` + numberRe.String() + `)\s*[%％]`)

// growthUnits are the units a change stated both ways is read in: money
// and the quantities reports compare with the year before, longest first.
const growthUnits = `万亿元|亿元|万元|元|万吨|吨|亿斤|万斤|斤/亩|公斤/亩|公斤|千克|斤|万亩|亩|公顷|万平方米|平方米|公里|万人|人次|人|名|个|项|户|家|件|辆|所|座|处|条|台|套`

// growths checks a year-on-year change stated as an amount and a per cent
// against the year's total stated before it (T03): the previous year is the
// total less the increase (or plus the decrease), and the per cent is the
// change over the previous year. The total is the last amount before the
// change in its sentence, or else the last amount of the sentence before in
// the same paragraph ("收入：792.22万元。同比上年度增加189.25万元，增加
// 31.39%。").
func (a *auditor) growths() {
	for k, s := range a.whole {
		// The subject of the sentence's last change stated both ways, and
		// where it was found: "…经费较上年减少2.97万元，下降6.89%，较年初
		// 预算数减少0.36万元，下降0.89%" compares one subject twice.
		var last mention
		var lastAlso []int
		for _, g := range growthMatches(s.text) {
			unit := s.text[g[6]:g[7]]
			total, ok := subjectOf(s.text[:g[0]], unit)
			// "…总额为5.48万元，比去年增加1.55万元，…。其中，…公务用车运行维护费
			// 支出决算与预算相比无增减，比去年增加1.05万元，增长35.8%": a change
			// after 其中 with no amount of its own is a part's, whose amount
			// the text does not state there — not the total's.
			since := 0
			if ok {
				since = total.end
			}
			if strings.Contains(bracketsOut(s.text[since:g[0]]), "其中") {
				last, lastAlso = mention{}, nil
				continue
			}
			// The text the subject was found in, for its label ("" when
			// it was found by its name).
			where := s.text[:g[0]]
			if average := strings.Contains(s.text[g[0]:g[2]], "平均"); ok && average {
				// A gap to an average often follows the change on the
				// year before: "916斤/亩，比上年增加51斤/亩，增长5.9%，比全国
				// 平均水平高153.33斤/亩，高出20.1%" compares 916.
				total, ok = subjectBeyondChanges(s.text[:g[0]], unit)
			} else if ok && overBudgetRe.MatchString(clauseBefore(s.text, total.start)) {
				// "政府性基金收入34519万元，完成预算20000万元的172.6%，超收
				// 14519万元，同比减收11469万元": the amount over the budget
				// says more of the subject before it.
				total, ok = subjectOf(s.text[:clauseStart(s.text, total.start)], unit)
			} else if ok {
				// The amount before the change is its subject unless it is
				// itself a change ("…减少830万元。其中：…费同口径比2018年减少9万元").
				if c := clauseBefore(s.text, total.start); containsAny(c, changeWords[:4]) || changeClauseRe.MatchString(c) {
					ok = false
					// "总额为5.48万元，比预算增加0万元，比去年增加1.55万元，增长
					// 39.4%": a change on the budget before the change on
					// last year, both of the amount before them.
					if budgetChangeRe.MatchString(c) && !strings.Contains(s.text[g[0]:g[2]], "预算") {
						total, ok = subjectBeyondChanges(s.text[:g[0]], unit)
					}
				}
			} else if before, found := a.sentenceBefore(k); found {
				// The sentence before states one amount: a list of parts
				// or changes gives no subject.
				total, ok = onlyOf(before, unit)
				where = before
			}
			var also []int
			if !ok {
				// "经比较，2021年度全镇“三公”经费较上年减少2.97万元": the
				// subject named, its amount stated paragraphs above.
				var at int
				name := s.text[clauseStart(s.text, g[0]):g[0]]
				total, at, ok = a.namedAmountAbove(k, name, unit)
				if !ok && bothSidesRe.MatchString(strings.TrimSpace(name)) {
					// "收入支出总体与上年相比，增加…": the unit's 收入总计,
					// which its 支出总计 equals.
					total, at, ok = a.balanceAbove(k)
				}
				also = []int{at}
				where = ""
				if !ok && strings.TrimSpace(name) == "" && last.text != "" && sameKind(last, mention{unit: unit}) {
					total, also, ok = last, lastAlso, true
				}
			}
			if !ok {
				continue
			}
			// A quantity named between the year and the change is the
			// subject's own ("2023年度收入合计4680.58万元，比2022年度收入合计
			// 减少…"), not another ("支出合计…，比上年项目支出增加…").
			if named := restated(s.text[g[0]:g[2]]); named != "" && (where == "" || !allRunesIn(named, labelText(where, total.start))) {
				// "收入总计766.75万元，其中：…结余156.33万元，与2021年相比收入
				// 总计减少315.71万元": the named quantity earlier in the
				// sentence, past the parts stated after it.
				m, found := namedBefore(s.text[:g[0]], named, unit)
				if !found {
					continue
				}
				total, also = m, nil
			}
			last, lastAlso = total, also
			change, err := decimal.NewFromString(normalize(s.text[g[4]:g[5]]))
			if err != nil {
				continue
			}
			changeM := mention{value: change, text: s.text[g[4]:g[7]], unit: s.text[g[6]:g[7]], places: decimalPlaces(normalize(s.text[g[4]:g[5]]))}
			stated, places, ok := statedPercent(s.text[g[8]:g[9]])
			if !ok {
				continue
			}
			word := s.text[g[2]:g[3]]
			down := word == "减少" || word == "下降" || strings.HasPrefix(word, "减") || strings.HasPrefix(word, "少") || strings.HasPrefix(word, "低")
			t := total.value.Mul(scaleOf(total.unit))
			d := change.Mul(scaleOf(changeM.unit))
			prev := t.Sub(d)
			if down {
				prev = t.Add(d)
			}
			// "比2023年的41,814,652.58萬元,增加1,851,057.73萬元": the amount
			// before the change is last year's, the base itself.
			isBase := where != "" && baseBeforeRe.MatchString(where[:total.start])
			if isBase {
				prev = t
			}
			if !prev.IsPositive() || !d.IsPositive() {
				continue
			}
			a.checked["T03"]++
			// Each amount is rounded where it is written: the per cent may
			// be anything between its two extremes.
			e, f := slack(total), slack(changeM)
			tol := e.Add(f)
			hundred := decimal.NewFromInt(100)
			lo := d.Sub(f).Mul(hundred).Div(prev.Add(tol))
			hi := d.Add(f).Mul(hundred).Div(prev.Sub(tol))
			half := decimal.New(5, -places-1)
			if !prev.Sub(tol).IsPositive() || (stated.Add(half).GreaterThanOrEqual(lo) && stated.Sub(half).LessThanOrEqual(hi)) {
				continue
			}
			// "收入总计3759.2万元,其中年初结转和结余1366.76万元,较2019年增加
			// 197.03万元,增加5.5%": a change right after the one part named
			// under 其中 may be the total's; it agrees with the total, nothing
			// is reported.
			if where != "" && !isBase {
				// Only the one part named right after 其中, no list of parts.
				if i := strings.LastIndex(where[:total.start], "其中"); i > 0 && !strings.ContainsAny(where[i:], "；;") && len(mentions(where[i:])) == 1 {
					if whole, found := amountBeforeChanges(where[:i], unit); found {
						w := whole.value.Mul(scaleOf(whole.unit))
						p := w.Sub(d)
						if down {
							p = w.Add(d)
						}
						if _, ok := percentAgrees(d, p, stated, places, f, f.Add(slack(whole))); ok {
							continue
						}
					}
				}
			}
			// The subject written in another unit of money than its change
			// ("项目支出29.36元，比2016年度决算数减少973.77万元，下降97.07%") is
			// a slip of its unit when read in the change's unit it agrees:
			// the per cent is not what is wrong.
			if _, m1 := money(total.unit); m1 && total.unit != changeM.unit {
				if _, m2 := money(changeM.unit); m2 {
					t2 := total.value.Mul(scaleOf(changeM.unit))
					p2 := t2.Sub(d)
					if down {
						p2 = t2.Add(d)
					}
					if p2.IsPositive() {
						if _, ok := percentAgrees(d, p2, stated, places, f, e.Div(scaleOf(total.unit)).Mul(scaleOf(changeM.unit)).Add(f)); ok {
							continue
						}
					}
				}
			}
			got := d.Mul(hundred).Div(prev)
			before, sign := "减", "−"
			if down {
				before, sign = "加", "+"
			}
			kind, how, this, tail := "金额", "同比", "本年", "上年数由本年数"+before+"上变动额得出"
			if isBase {
				a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述金额同比%s%s%%，与所述%s%%不符（%s ÷ 上年%s = %s%%）",
					word, jixiao.Fixed(got, max(places, 2)), fmtDec(stated), changeM.text, total.text, jixiao.Fixed(got, max(places, 2))),
					[]jixiao.Number{{Name: "上年", Value: total.text}, {Name: "变动额", Value: changeM.text}, {Name: "变动率", Value: s.text[g[8]:g[9]] + "%"}}, also...)
				continue
			}
			if _, ok := money(unit); !ok {
				kind = "数字"
			}
			switch ref := s.text[g[0]:g[2]]; {
			case strings.Contains(ref, "平均"):
				how, this, tail = "比平均水平", "本数", "平均水平由本数"+before+"上差额得出"
			case strings.Contains(ref, "年初预算") || strings.Contains(ref, "较预算") || strings.Contains(ref, "比预算"):
				how, this, tail = "比预算", "本数", "预算数由本数"+before+"上差额得出"
			}
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述%s%s%s%s%%，与所述%s%%不符（%s ÷ （%s%s %s %s） = %s%%；%s）",
				kind, how, word, jixiao.Fixed(got, max(places, 2)), fmtDec(stated), changeM.text, this, total.text, sign, changeM.text, jixiao.Fixed(got, max(places, 2)), tail),
				[]jixiao.Number{{Name: "本年", Value: total.text}, {Name: "变动额", Value: changeM.text}, {Name: "变动率", Value: s.text[g[8]:g[9]] + "%"}}, also...)
		}
	}
}

// baseBeforeRe ends the words before an amount that is the base of the
// change after it: "比2023年的", "较上年同期的".
var baseBeforeRe = regexp.MustCompile(`(?:比|较)\s*(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}\s*年度?)(?:同期)?的?\s*$`)

// growthRefRe is how a change names what it is compared with: "比上年",
// "较2022年度决算数", "同比".
var growthRefRe = regexp.MustCompile(`^(?:(?:同比|比|较)\s*(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}\s*年度?|(?:全国|全省|全市|全区|全县)?平均(?:水平)?)?(?:年初)?(?:同期|决算数|预算数|执行数|决算|预算)?(?:相比)?|与\s*(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}\s*年度?)(?:同期|决算数|预算数|执行数|决算|预算)?相比[，,]?|[0-9]{4}\s*年度?(?:同期|决算数|预算数|执行数|决算|预算)?相比[，,])\s*`)

// restated is the quantity a change names again after what it is compared
// with ("收、支总计" of "比2022年度收、支总计各"), without 各 and 的; "" when
// it names none. A quantity named after no year is a word that holds 比
// ("对比", "比例"), never a restatement: it is returned whole so that no
// subject holds it.
func restated(ref string) string {
	head := growthRefRe.FindString(ref)
	named := strings.TrimSpace(ref[len(head):])
	named = strings.TrimSuffix(strings.TrimSuffix(named, "各"), "都")
	named = strings.Trim(named, "的")
	// "比上年实际完成增加2719万元": how last year's figure was reached,
	// not another quantity.
	for _, w := range []string{"实际完成", "实际执行", "实际", "完成", "执行", "决算"} {
		if named == w || named == w+"数" {
			return ""
		}
	}
	if named != "" && !strings.Contains(head, "年") {
		return "\x00" + named
	}
	return named
}

// labelText is the text before i back to the last comma, full stop,
// semicolon or colon: the label of the figure at i with its 、 lists.
func labelText(text string, i int) string {
	head := text[:min(i, len(text))]
	if j := strings.LastIndexAny(head, "，,。；;：:"); j >= 0 {
		_, size := utf8.DecodeRuneInString(head[j:])
		head = head[j+size:]
	}
	return head
}

// allRunesIn reports whether every Han character of named is in label.
func allRunesIn(named, label string) bool {
	for _, r := range named {
		if unicode.Is(unicode.Han, r) && !strings.ContainsRune(label, r) {
			return false
		}
		if r == 0 {
			return false
		}
	}
	return true
}

// namedBefore is the last figure in text of the kind of unit whose label
// holds every Han character of named and that is not itself a change on
// another year.
func namedBefore(text, named, unit string) (mention, bool) {
	ms := mentionsBefore(text)
	for i := len(ms) - 1; i >= 0; i-- {
		if !sameKind(mention{unit: unit}, ms[i]) {
			continue
		}
		c := clauseBefore(text, ms[i].start)
		if containsAny(c, changeWords[:4]) || changeClauseRe.MatchString(c) || strings.HasPrefix(c, "占") {
			continue
		}
		if allRunesIn(named, labelText(text, ms[i].start)) {
			return ms[i], true
		}
	}
	return mention{}, false
}

// subjectBeyondChanges is the last figure in text of the kind of unit that
// overBudgetRe opens a clause stating how far an amount passed or fell
// short of its budget: "超收14519万元", "短收…", "超支…".
var overBudgetRe = regexp.MustCompile(`^(?:超收|超支|短收|欠收|少收|超额完成|节支)`)

// budgetChangeRe opens a clause stating a change on the budget: "比预算增加",
// "较年初预算数减少", "与预算相比".
var budgetChangeRe = regexp.MustCompile(`^(?:同比)?(?:比|较|与)(?:年初|调整后?的?)?预算(?:数)?(?:相比)?`)

// is neither a change on another year nor the base of a share.
func subjectBeyondChanges(text, unit string) (mention, bool) {
	return beyondChanges(text, unit, func(c string) bool { return containsAny(c, changeWords[:4]) || changeClauseRe.MatchString(c) })
}

// beyondChanges is the last figure of unit's kind in text whose clause
// isChange does not call a change, looking past a few changes at most:
// the subject is near.
func beyondChanges(text, unit string, isChange func(clause string) bool) (mention, bool) {
	for range 8 {
		m, ok := subjectOf(text, unit)
		if !ok {
			return m, false
		}
		if !isChange(clauseBefore(text, m.start)) {
			return m, true
		}
		text = text[:m.start]
	}
	return mention{}, false
}

// amountBeforeChanges is the last figure of unit's kind in text whose
// clause states no change of any kind ("市区完成100.6亿元，同比增收2.0亿元，
// 增长2.0%" is 100.6).
func amountBeforeChanges(text, unit string) (mention, bool) {
	return beyondChanges(text, unit, func(c string) bool {
		return containsAny(c, changeWords) || containsAny(c, []string{"增收", "减收", "增支", "减支", "多收", "少收"})
	})
}

// namedAmountAbove is the figure of unit's kind last stated, in the five
// paragraphs (and searchBudget bytes) before sentence k, under the same name as name once years and
// the verbs that end a label (合计, 共计, 为…) are left out: "2021年度全镇
// “三公”经费支出合计40.14万元" for "2021年度全镇“三公”经费"; the years, when
// both name one, must agree. None when name is not a name, or when two
// amounts of different values are so named there.
func (a *auditor) namedAmountAbove(k int, name, unit string) (found mention, at int, ok bool) {
	key, year := labelKey(name)
	if utf8.RuneCountInString(key) < 4 || hasAnyDigit(key) {
		return mention{}, 0, false
	}
	budget := searchBudget
	for j := k - 1; j >= 0 && budget > 0 && a.whole[k].para-a.whole[j].para <= 5; j-- {
		budget -= len(a.whole[j].text)
		ms := mentions(a.whole[j].text)
		for i := len(ms) - 1; i >= 0; i-- {
			if !sameKind(mention{unit: unit}, ms[i]) {
				continue
			}
			label := clauseBefore(a.whole[j].text, ms[i].start)
			if c := label; containsAny(c, changeWords[:4]) || changeClauseRe.MatchString(c) {
				continue
			}
			if k2, y2 := labelKey(label); k2 == key && (year == "" || y2 == "" || y2 == year) {
				if found.text != "" {
					// "…预算…公务用车运行费用10万元。…决算…公务用车运行费
					// 用7.73万元。…公务用车运行费用较上年同期增加2.27万元":
					// two amounts so named (a budget and a final, two
					// years), which one changed is not said.
					if !found.value.Mul(scaleOf(found.unit)).Equal(ms[i].value.Mul(scaleOf(ms[i].unit))) {
						return mention{}, 0, false
					}
					continue
				}
				found, at = ms[i], a.whole[j].para
			}
		}
	}
	return found, at, found.text != ""
}

// bothSidesRe names a unit's income and spending together: 收入支出总体,
// 收支总体, 收支总计.
var bothSidesRe = regexp.MustCompile(`^(?:[0-9]{4}年度?)?(?:收入支出|收支)(?:总体|总计|总额|总量)?(?:情况)?$`)

// balanceAbove is the 收入总计 stated, as balancedTotals reads it, in the
// five paragraphs before sentence k, when a 支出总计 stated with it (in its
// sentence or the next) is equal; and the paragraph it is in.
func (a *auditor) balanceAbove(k int) (mention, int, bool) {
	for j := k - 1; j >= 0 && a.whole[k].para-a.whole[j].para <= 5; j-- {
		in, ok := balanceSide(a.whole[j].text, "收入总计")
		if !ok {
			continue
		}
		for _, t := range []string{a.whole[j].text, a.nextText(j)} {
			if out, ok := balanceSide(t, "支出总计"); ok && out.value.Mul(scaleOf(out.unit)).Equal(in.value.Mul(scaleOf(in.unit))) {
				return in, a.whole[j].para, true
			}
		}
		return mention{}, 0, false
	}
	return mention{}, 0, false
}

// nextText is the text of the sentence after a.whole[j], or "".
func (a *auditor) nextText(j int) string {
	if j+1 < len(a.whole) {
		return a.whole[j+1].text
	}
	return ""
}

// labelKey is a label without its year and the words that end it, and the
// year it names.
func labelKey(label string) (key, year string) {
	label = normalize(strings.TrimSpace(label))
	year = yearRe.FindString(label)
	label = yearRe.ReplaceAllString(label, "")
	label = strings.TrimPrefix(label, "度")
	for trimmed := ""; trimmed != label; {
		trimmed = label
		for _, w := range []string{"合计", "共计", "总计", "累计", "为", "是", "达", "支出", "决算数", "决算", "开支"} {
			label = strings.TrimSuffix(label, w)
		}
	}
	return label, year
}

// sentenceBefore is the text of the sentence before a.whole[k] in its
// paragraph, with the ends of the paragraphs before it when line breaks the
// text kept from a PDF cut that sentence ("…因客观条件变化未执" / "行完结转到
// 本年" / "的资金。较上年增加…"); none when a.whole[k] opens its paragraph.
func (a *auditor) sentenceBefore(k int) (string, bool) {
	if k == 0 || a.whole[k-1].para != a.whole[k].para {
		return "", false
	}
	text := a.whole[k-1].text
	// At most maxCutLines lines of one sentence are joined.
	const maxCutLines = 4
	for i, n := k-1, 0; a.whole[i].start == 0 && i > 0 && n < maxCutLines; i, n = i-1, n+1 {
		cut := a.whole[i-1]
		for p := cut.para + 1; p < a.whole[i].para; p++ {
			if strings.TrimSpace(a.doc.Paragraphs[p-1]) != "" {
				return text, true
			}
		}
		last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(cut.text))
		if strings.ContainsRune("。！？!?；;：:", last) {
			return text, true
		}
		text = cut.text + text
	}
	return text, true
}

// growthAfterRe is a change stated as a per cent, then as an amount:
// "比上年同期增长15.35%，增收25457万元", "下降3%，少收8.3亿元".
var growthAfterRe = regexp.MustCompile(`(?:同比|比|较)(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}年度?)?(?:同期)?(?:相比)?(增长|增加|下降|减少)了?\s*(` + numberRe.String() + `)\s*[%％]\s*[，,、]\s*(增收|减收|增支|减支|多收|少收|多支|少支|增加|减少)了?\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|元)`)

// growthBareRe is a change stated both ways right after its amount, with
// no word for what it is compared with — the year before, as a revenue
// summary writes every line: "地方公共财政预算收入完成51653万元，增加6455万
// 元，增长14.28%".
var growthBareRe = regexp.MustCompile(`[0-9０-９]\s*(?:` + growthUnits + `)\s*([，,])\s*(增加|减少|增长|下降|增收|减收|增支|减支)了?\s*(` + numberRe.String() + `)\s*(` + growthUnits + `)\s*[，,]\s*(?:同比)?(?:增加|增长|减少|下降|降低|增幅|降幅)(?:为|达|达到|了)?\s*(` + numberRe.String() + `)\s*[%％]`)

// growthMatches are the changes of text stated both ways, as growthRe's
// submatch indexes: the whole, the word, the amount, its unit, the per
// cent.
func growthMatches(text string) [][]int {
	out := growthRe.FindAllStringSubmatchIndex(text, -1)
	for _, g := range growthBareRe.FindAllStringSubmatchIndex(text, -1) {
		// From the word of the change: its amount is before it.
		out = append(out, []int{g[4], g[1], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]})
	}
	for _, g := range growthAfterRe.FindAllStringSubmatchIndex(text, -1) {
		word := []int{g[2], g[3]}
		if w := text[g[6]:g[7]]; strings.HasPrefix(w, "减") || strings.HasPrefix(w, "少") {
			word = []int{g[6], g[7]} // its direction, 减收 for 减少
		}
		out = append(out, []int{g[0], g[1], word[0], word[1], g[8], g[9], g[10], g[11], g[4], g[5]})
	}
	return out
}

// subjectOf is the last figure in text of the kind of unit (money, or the
// same unit) that is not the base of a share ("完成61646万元，占年初预算数
// 109466万元的56.3%，同比增长…" and "累计完成24627万元，完成年初预算数60999
// 万元的40.4%，比上年减收…" are changes of 61646 and 24627).
func subjectOf(text, unit string) (mention, bool) {
	ms := mentionsBefore(text)
	// "收支总预算4,471.22万元,含…经费250万元,…经费537.31万元;比2012年预算
	// 增加…": the amounts a 含 clause lists are in the subject, not it.
	incl := len(text)
	if i := strings.LastIndex(text, "含"); i > 0 {
		if r, _ := lastRune(text[:i]); strings.ContainsRune("，,（(", r) {
			incl = i
		}
	}
	// "总收入完成126.05亿元（县本级98.88亿元，高新区27.17亿元），…，同比增收
	// 9.74亿元": the amounts in a bracket closed before the change remark on
	// the one before the bracket.
	depths, end := depthsAndEnd(text, ms)
	for i := len(ms) - 1; i >= 0; i-- {
		if !sameKind(mention{unit: unit}, ms[i]) {
			continue
		}
		if ms[i].start > incl && slices.ContainsFunc(ms[:i], func(m mention) bool { return m.start < incl && sameKind(m, ms[i]) }) {
			continue
		}
		if depths[i] > end && slices.ContainsFunc(ms[:i], func(m mention) bool { return sameKind(m, ms[i]) }) {
			continue
		}
		if strings.HasPrefix(clauseBefore(text, ms[i].start), "占") || baseOfShareRe.MatchString(text[ms[i].end:]) {
			continue
		}
		return ms[i], true
	}
	return mention{}, false
}

// baseOfShareRe follows the base of a share written around it: "完成年初
// 预算数60999万元的40.4%".
var baseOfShareRe = regexp.MustCompile(`^\s*的\s*` + numberRe.String() + `\s*[%％]`)

// lastMoney is the last amount of money in text.
// An amount in a bracket closed before the end of text remarks on one
// before the bracket ("支出1,996,786万元（含…285,941万元），…"), which is
// taken when there is one.
func lastMoney(text string) (mention, bool) {
	ms := mentionsBefore(text)
	depths, end := depthsAndEnd(text, ms)
	var inner *mention
	for i := len(ms) - 1; i >= 0; i-- {
		if _, ok := money(ms[i].unit); ok {
			if depths[i] > end {
				if inner == nil {
					inner = &ms[i]
				}
				continue
			}
			return ms[i], true
		}
	}
	if inner != nil {
		return *inner, true
	}
	return mention{}, false
}

// changeClauseRe is a clause stating a change on another year: "比上年增支",
// "同口径比2018年减少".
var changeClauseRe = regexp.MustCompile(`(?:比|较)(?:上年|去年|上一年|[0-9]{4}年)[^，,]*?(?:增|减|多|少|下降)`)

// onlyOf is the one figure in text of the kind of unit (money, or the same
// unit) that is not a change on another year (stated once, or several
// times alike); none when there are several, or none.
func onlyOf(text, unit string) (mention, bool) {
	var found []mention
	for _, m := range mentions(text) {
		if !sameKind(mention{unit: unit}, m) {
			continue
		}
		if c := clauseBefore(text, m.start); containsAny(c, changeWords[:4]) || changeClauseRe.MatchString(c) {
			continue
		}
		found = append(found, m)
	}
	// "收入总计192.01万元，支出总计192.01万元": one amount stated twice.
	for _, m := range found {
		if !m.value.Mul(scaleOf(m.unit)).Equal(found[0].value.Mul(scaleOf(found[0].unit))) {
			return mention{}, false
		}
	}
	if len(found) == 0 {
		return mention{}, false
	}
	return found[len(found)-1], true
}

// pctChangeRe finds a change stated as a per cent only: "比上年增长20%",
// "同比下降3.5%".
var pctChangeRe = regexp.MustCompile(`(增长|增加|下降|减少|增幅|降幅)(?:了|为|达|达到)?\s*(` + numberRe.String() + `)\s*[%％]`)

// twoYears checks a per cent change against the two years' figures stated
// in its sentence (T03): "2023年支出400万元，2024年支出500万元，比上年增长
// 20%" — (this year − last year) / last year. The years are told by the
// words of each amount: a year (the later one is this year), or 上年/去年
// and 本年/今年/当年.
func (a *auditor) twoYears() {
	for _, s := range a.whole {
		for _, g := range pctChangeRe.FindAllStringSubmatchIndex(s.text, -1) {
			if growthRe.MatchString(s.text[max(0, g[0]-40):g[1]]) {
				continue // the change is also an amount: growths reads it
			}
			prev, cur, ok := yearPair(s.text[:g[0]])
			if !ok {
				continue
			}
			stated, places, ok := statedPercent(s.text[g[4]:g[5]])
			if !ok {
				continue
			}
			p, c := prev.value.Mul(scaleOf(prev.unit)), cur.value.Mul(scaleOf(cur.unit))
			if !p.IsPositive() {
				continue
			}
			word := s.text[g[2]:g[3]]
			change := c.Sub(p)
			if word == "下降" || word == "减少" || word == "降幅" {
				change = change.Neg()
			}
			a.checked["T03"]++
			got, agrees := percentAgrees(change, p, stated, places, slack(prev).Add(slack(cur)), slack(prev))
			if agrees {
				continue
			}
			a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按两年的数字%s%s%%，与所述%s%%不符（（%s − %s） ÷ %s）",
				word, jixiao.Fixed(got, max(places, 2)), fmtDec(stated), cur.text, prev.text, prev.text),
				[]jixiao.Number{{Name: "上年", Value: prev.text}, {Name: "本年", Value: cur.text}, {Name: "变动率", Value: s.text[g[4]:g[1]]}})
		}
	}
}

// yearPair is last year's and this year's figure in text: the only two
// amounts of one kind whose clauses name a year each (two different years)
// or 上年/去年 and 本年/今年/当年.
func yearPair(text string) (prev, cur mention, ok bool) {
	type dated struct {
		m    mention
		year string
	}
	var ds []dated
	for _, m := range mentions(text) {
		if m.unit == "%" || m.unit == "分" {
			continue
		}
		clause := clauseBefore(text, m.start)
		if containsAny(clause, changeWords[:4]) || changeClauseRe.MatchString(clause) {
			continue // the change, not a year's figure
		}
		switch {
		case yearRe.MatchString(clause):
			ds = append(ds, dated{m, yearRe.FindString(clause)})
		case containsAny(clause, []string{"上年", "去年", "上一年"}):
			ds = append(ds, dated{m, "0"})
		case containsAny(clause, []string{"本年", "今年", "当年"}):
			ds = append(ds, dated{m, "9"})
		}
	}
	if len(ds) != 2 || ds[0].year == ds[1].year || !sameKind(ds[0].m, ds[1].m) {
		return prev, cur, false
	}
	// A year written out and 本年 may be the same year ("2021年度总收入…，
	// 其中本年收入…"): which is earlier is not said.
	if ds[0].year != "0" && ds[1].year != "0" && (ds[0].year == "9") != (ds[1].year == "9") {
		return prev, cur, false
	}
	if ds[0].year > ds[1].year {
		ds[0], ds[1] = ds[1], ds[0]
	}
	return ds[0].m, ds[1].m, true
}
