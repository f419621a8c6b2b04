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

// rateRe finds a stated rate: "整改到位率90%", "完成率为95.5%".
var rateRe = regexp.MustCompile(`([\p{Han}]{0,8}(?:率|进度|比例))(?:为|达到|达|是)?\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]`)

// role words: what a count in a clause is.
var (
	doneWords      = []string{"已", "完成", "办结", "结案", "到位", "解决", "销号", "实际"}
	remainingWords = []string{"剩余", "尚未", "未完成", "仍有", "待整改", "未整改", "正在"}
	totalWords     = []string{"共", "总", "排查", "发现", "涉及", "抽核", "交办", "受理", "问题", "应", "计划", "目标", "任务"}
)

// planRe finds a result stated as a share of its plan: "完成计划的120%",
// "为年度计划任务的95.5%".
var planRe = regexp.MustCompile(`((?:完成|达到|为|占)(?:年度)?(?:计划|目标)(?:任务)?(?:数)?的)\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]`)

// Labels of amounts of money with a rate that is not an execution rate
// (资金到位率, 拨付率): what there was to receive or pay, and what was.
var (
	amountBaseWords = []string{"下达", "安排", "预算", "计划", "应", "批复", "总额", "合计", "总量", "资金", "目标", "年初"}
	amountDoneWords = []string{"到位", "实际", "拨付", "支付", "兑付", "发放", "完成", "已", "执行"}
)

// rates checks a rate against the counts stated with it (T03):
// done / (done + remaining), done / total, or (total − remaining) / total.
func (a *auditor) rates() {
	for k, s := range a.sents {
		rm := rateRe.FindStringSubmatchIndex(s.text)
		if rm == nil {
			rm = planRe.FindStringSubmatchIndex(s.text)
		}
		if rm == nil || containsAny(s.text[rm[2]:rm[3]], []string{"执行率", "预算完成率", "支付率"}) {
			continue // read with the amounts by executions
		}
		if savingRateRe.MatchString(s.text[rm[2]:]) || containsAny(s.text[rm[2]:rm[3]], []string{"节约率", "节支率", "节省率", "核减率", "审减率"}) {
			continue // a saving of its budget: read by savings
		}
		name := s.text[rm[2]:rm[3]]
		if strings.HasSuffix(name, "计划的") {
			name = "完成计划的比例"
		}
		stated, places, ok := statedPercent(s.text[rm[4]:rm[5]])
		if !ok {
			continue
		}
		// Counts first (个, 件, 人 … are one kind); else measures of one
		// unit (亩, 公里 …).
		done, remaining, total := roles(s.text, countUnit)
		if len(done)+len(remaining)+len(total) == 0 {
			done, remaining, total = roles(s.text, func(u string) bool { return slices.Contains(measureUnits, u) })
		}
		// "完成农村危房改造129户，完工率243%": the task in the lines above
		// ("完成2023年度53户计划任务").
		if len(done) == 1 && len(remaining) == 0 && len(total) == 0 {
			total = a.taskAbove(s.para, done[0])
		}
		var num, den decimal.Decimal
		var how string
		var nums []jixiao.Number
		// Counts are exact; amounts and measures are rounded where written.
		sn, sd := decimal.Zero, decimal.Zero
		within := func(ms ...mention) decimal.Decimal {
			t := decimal.Zero
			for _, m := range ms {
				if !countUnit(m.unit) {
					t = t.Add(slack(m))
				}
			}
			return t
		}
		if !oneUnit(done, remaining, total) {
			continue // measures in different units
		}
		if len(done)+len(remaining)+len(total) == 0 {
			// "下达资金500万元，实际到位450万元，资金到位率90%": amounts.
			base, got, rest := amountsOfRate(s.text[:rm[0]])
			// "已到位672.44万元，使用672.44万元，使用率100%": the rate of
			// what its name says was done, over the amount before it.
			if b, g, ok := stemPair(s.text[:rm[0]], name); ok {
				base, got, rest = []mention{b}, []mention{g}, nil
			}
			// "……绩效目标值2373.51万元。已下达补助2373.51万元，完成进度100%":
			// the amount to reach in the sentence before, same paragraph.
			if len(base) == 0 && len(got) == 1 && len(rest) == 0 && k > 0 && a.sents[k-1].para == s.para {
				if b0, g0, r0 := amountsOfRate(a.sents[k-1].text); len(b0) == 1 && len(g0) == 0 && len(r0) == 0 {
					base = b0
				}
			}
			v := func(m mention) decimal.Decimal { return m.value.Mul(scaleOf(m.unit)) }
			switch {
			case len(base) == 1 && len(got) == 1:
				num, den = v(got[0]), v(base[0])
				sn, sd = slack(got[0]), slack(base[0])
				how = got[0].text + " / " + base[0].text
				nums = []jixiao.Number{{Name: "应有", Value: base[0].text}, {Name: "实有", Value: got[0].text}}
			case len(base) == 1 && len(rest) == 1 && len(got) == 0:
				// "资金45.66亿元，未分配0.32亿元，分配率99.3%".
				num, den = v(base[0]).Sub(v(rest[0])), v(base[0])
				sn, sd = slack(base[0]).Add(slack(rest[0])), slack(base[0])
				how = "（" + base[0].text + " − " + rest[0].text + "） / " + base[0].text
				nums = []jixiao.Number{{Name: "总额", Value: base[0].text}, {Name: "未完成", Value: rest[0].text}}
			case len(got) == 1 && len(rest) == 1 && len(base) == 0:
				num, den = v(got[0]), v(got[0]).Add(v(rest[0]))
				sn, sd = slack(got[0]), slack(got[0]).Add(slack(rest[0]))
				how = got[0].text + " / （" + got[0].text + " + " + rest[0].text + "）"
				nums = []jixiao.Number{{Name: "已完成", Value: got[0].text}, {Name: "未完成", Value: rest[0].text}}
			default:
				continue
			}
		}
		switch {
		case len(nums) > 0:
		case len(done) == 1 && len(remaining) == 1 && len(total) == 0:
			num, den = done[0].value, done[0].value.Add(remaining[0].value)
			sn, sd = within(done[0]), within(done[0], remaining[0])
			how = fmt.Sprintf("已完成%s / （已完成%s + 剩余%s）", fmtDec(num), fmtDec(num), fmtDec(remaining[0].value))
			nums = []jixiao.Number{{Name: "已完成", Value: done[0].text}, {Name: "剩余", Value: remaining[0].text}}
		case len(done) == 1 && len(total) == 1:
			num, den = done[0].value, total[0].value
			sn, sd = within(done[0]), within(total[0])
			how = fmt.Sprintf("已完成%s / 总数%s", fmtDec(num), fmtDec(den))
			nums = []jixiao.Number{{Name: "总数", Value: total[0].text}, {Name: "已完成", Value: done[0].text}}
		case len(total) == 1 && len(remaining) == 1 && len(done) == 0:
			num, den = total[0].value.Sub(remaining[0].value), total[0].value
			sn, sd = within(total[0], remaining[0]), within(total[0])
			how = fmt.Sprintf("（总数%s − 剩余%s） / 总数%s", fmtDec(den), fmtDec(remaining[0].value), fmtDec(den))
			nums = []jixiao.Number{{Name: "总数", Value: total[0].text}, {Name: "剩余", Value: remaining[0].text}}
		case len(done)+len(remaining)+len(total) >= 2:
			a.add(s, "T10", jixiao.SeverityInfo, fmt.Sprintf("%s%s%%与同句的数字关系不明（已完成%d个数、剩余%d个数、总数%d个数），未核对", name, fmtDec(stated), len(done), len(remaining), len(total)), nil)
			continue
		default:
			continue
		}
		if !den.IsPositive() {
			continue
		}
		// A rate under 100% of two figures, the "done" larger than the
		// "total", has its roles read the wrong way round ("完成抽检6997389
		// 批次，发现不合格样品190872批次，不合格率为2.73%"): the smaller is
		// over the larger.
		if num.GreaterThan(den) && stated.LessThan(decimal.NewFromInt(100)) && len(nums) == 2 {
			num, den, sn, sd = den, num, sd, sn
			how = fmt.Sprintf("%s / %s", nums[0].Value, nums[1].Value)
		}
		a.checked["T03"]++
		got, agrees := percentAgrees(num, den, stated, places, sn, sd)
		if agrees {
			continue
		}
		nums = append(nums, jixiao.Number{Name: name, Value: s.text[rm[4]:rm[1]]})
		// "实际到位资金3,011,525.72元…，资金到位率100%": more than all of it,
		// stated as all of it — many forms write no rate above 100%.
		if stated.Equal(decimal.NewFromInt(100)) && got.GreaterThan(stated) {
			a.add(s, "T03", jixiao.SeverityInfo, fmt.Sprintf("按所述数字%s为%s%%，所述为100%%（%s）：超过全部的，常按100%%填写，请核实",
				name, jixiao.Fixed(got, max(places, 2)), how), nums)
			continue
		}
		a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述数字%s为%s%%，与所述%s%s%%不符（%s = %s%%）",
			name, jixiao.Fixed(got, max(places, 2)), name, fmtDec(stated), how, jixiao.Fixed(got, max(places, 2))), nums)
	}
}

// roles sorts the quantities of text whose unit is of a kind into what
// was done, what remains and the total, by the words of each clause.
func roles(text string, kind func(string) bool) (done, remaining, total []mention) {
	for _, m := range mentions(text) {
		if !kind(m.unit) {
			continue
		}
		clause := clauseAround(text, m.start)
		switch {
		case containsAny(clause, remainingWords):
			remaining = append(remaining, m)
		case containsAny(clause, doneWords):
			done = append(done, m)
		case containsAny(clause, totalWords):
			total = append(total, m)
		}
	}
	return done, remaining, total
}

// taskAbove is the one task of done's unit in the five lines above line
// para: a count or measure whose clause names a plan, task or target;
// none when several of different values are stated there.
func (a *auditor) taskAbove(para int, done mention) []mention {
	var found []mention
	for p := max(0, para-6); p < para-1; p++ {
		text := a.doc.Paragraphs[p]
		for _, m := range mentions(text) {
			if m.unit != done.unit || !containsAny(clauseAround(text, m.start), []string{"计划", "任务", "目标"}) {
				continue
			}
			if len(found) > 0 && !found[0].value.Equal(m.value) {
				return nil
			}
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return found[:1]
}

// oneUnit reports whether the quantities of a rate are all counts, or all
// in one unit of measure.
func oneUnit(groups ...[]mention) bool {
	unit := ""
	for _, g := range groups {
		for _, m := range g {
			u := m.unit
			if countUnit(u) {
				u = "count"
			}
			if unit != "" && u != unit {
				return false
			}
			unit = u
		}
	}
	return true
}

// amountsOfRate sorts the amounts of money before a rate into what there
// was to receive or pay (base), what was (got) and what was not yet
// (rest: 未分配, 尚未拨付, 剩余), by the clause of each.
func amountsOfRate(text string) (base, got, rest []mention) {
	for _, m := range mentions(text) {
		if _, ok := money(m.unit); !ok {
			continue
		}
		clause := clauseBefore(text, m.start)
		switch {
		case containsAny(clause, []string{"未", "剩余"}):
			rest = append(rest, m)
		case containsAny(clause, amountDoneWords):
			got = append(got, m)
		case containsAny(clause, amountBaseWords):
			base = append(base, m)
		}
	}
	return base, got, rest
}

// stemPair reads a rate by its name: of the one amount whose clause
// starts with the rate's verb (使用 for 资金使用率), over the amount just
// before it when that one is what there was (下达, 到位 …), not a part.
func stemPair(text, name string) (base, got mention, ok bool) {
	r := []rune(strings.TrimSuffix(name, "率"))
	if len(r) < 2 {
		return base, got, false
	}
	verb := string(r[len(r)-2:])
	// A saving's rate is of the budget it was saved from, not of the
	// amount spent before it: the savings' reader has it (differences.go).
	if containsAny(verb, []string{"节约", "节支", "节省", "核减", "审减"}) {
		return base, got, false
	}
	var amounts []mention
	for _, m := range mentions(text) {
		if _, isMoney := money(m.unit); isMoney {
			amounts = append(amounts, m)
		}
	}
	at := -1
	for i, m := range amounts {
		if strings.HasPrefix(strings.TrimLeft(clauseBefore(text, m.start), "已"), verb) {
			if at >= 0 {
				return base, got, false
			}
			at = i
		}
	}
	if at < 1 {
		return base, got, false
	}
	prev := clauseBefore(text, amounts[at-1].start)
	if strings.Contains(prev, "其中") || !containsAny(prev, amountBaseWords) && !containsAny(prev, amountDoneWords) {
		return base, got, false
	}
	return amounts[at-1], amounts[at], true
}

// clauseAround is the clause of s that contains byte i: between the
// punctuation around it.
func clauseAround(s string, i int) string {
	start := 0
	if j := strings.LastIndexAny(s[:i], "，,；;：:。"); j >= 0 {
		_, size := utf8.DecodeRuneInString(s[j:])
		start = j + size
	}
	end := len(s)
	if j := strings.IndexAny(s[i:], "，,；;。"); j >= 0 {
		end = i + j
	}
	return s[start:end]
}

// execRe finds an execution rate: 执行率, 预算完成率, 支付率, and the
// share of the budget written out: 完成预算的, 完成调整后支出预算的.
var execRe = regexp.MustCompile(`(?:执行率|预算完成率|支付率|完成(?:年初|全年|调整后?的?)?(?:支出)?预算(?:数)?的)(?:为|达到|达|是)?\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]`)

// Labels of an amount in the clause before it: what was spent, or what
// there was to spend. A spent label wins ("全年执行数" names a budget
// line's execution).
var (
	spentLabels  = []string{"执行", "支出数", "实际支出", "决算", "使用", "拨付", "实际", "支出", "发放", "兑付"}
	budgetLabels = []string{"预算", "资金总额", "总额", "合计", "共计", "资金", "经费", "下达", "下拨", "安排", "总计"}
)

// spentLabel reports whether a clause names an amount spent. "实际" alone
// does not when the clause names a budget: "实际下达预算2596万元" is what
// was allocated.
func spentLabel(label string) bool {
	if !containsAny(label, spentLabels) {
		return false
	}
	// "项目支出预算19.3万元" is what was budgeted for spending.
	if strings.Contains(label, "预算") && !containsAny(label, []string{"执行", "决算", "实际", "使用", "拨付", "发放", "兑付", "支出数"}) {
		return false
	}
	if strings.Contains(label, "实际") && containsAny(label, []string{"下达", "预算", "安排", "下拨"}) {
		return containsAny(label, slices.DeleteFunc(slices.Clone(spentLabels), func(w string) bool { return w == "实际" || w == "实际支出" }))
	}
	return true
}

// executions checks each execution rate against the amounts stated with
// it (T08): executed / budget. A rate is read with the amounts between it
// and the rate before it in the same sentence ("全年预算数1800万元，全年执行
// 数1200万元，执行率66.67%；…全年预算数2192.58万元…"); when they are
// not both there, with the sentence before it in the same paragraph
// ("…资金118.92万元，全年发放108.61万元。…预算执行率91.33%。").
func (a *auditor) executions() {
	for k, s := range a.whole {
		from := 0
		for _, em := range execRe.FindAllStringSubmatchIndex(s.text, -1) {
			budget, spent := amountRoles(s.text[:em[0]], from)
			if named := s.text[em[0]:em[2]]; strings.HasPrefix(named, "完成") {
				// "完成调整预算的102.67%" names its budget: the one so
				// called in the same sentence.
				for _, w := range []string{"调整", "年初"} {
					if strings.Contains(named, w) {
						budget = budgetsNamed(s.text[:em[0]], from, w)
					}
				}
				from = em[1]
				a.execution(s, s.text[em[2]:em[3]], s.text[em[0]:em[1]], budget, spent)
				continue
			}
			if (len(budget) == 0 || len(spent) == 0) && from == 0 && k > 0 && a.whole[k-1].para == s.para && !execRe.MatchString(a.whole[k-1].text) {
				prev := a.whole[k-1].text
				_, s0 := amountRoles(prev, 0)
				// The budget only when every amount received before any
				// 其中 there is called one ("拨入专项经费20.00万元；上级补助
				// 48.41万元。支出68.41万元，执行率100%" does not say which;
				// a breakdown after 其中 is of the budget).
				head := prev
				if i := strings.Index(prev, "其中"); i >= 0 {
					head = prev[:i]
				}
				if hb, hs := amountRoles(head, 0); len(budget) == 0 && len(moneyOf(head))-len(hs) == len(hb) {
					budget = hb
				}
				if len(spent) == 0 {
					spent = s0
				}
			}
			if len(budget) == 0 && len(spent) == 1 && from == 0 {
				budget = a.budgetAbove(s.para)
			}
			// "中央资金完成636.75万元，预算执行率81.97%": the budget of the
			// source named, stated above ("其中，中央资金776.84万元").
			if b, sp, ok := a.sourceBudget(s, from, em[0]); ok {
				budget, spent = b, sp
			}
			if paid, unpaid := paidUnpaid(s.text[:em[0]], from); len(paid) == 1 && len(unpaid) == 1 {
				// "支付18501.096万元，未支703万元，支付率95%": paid out of paid
				// and unpaid (T03).
				from = em[1]
				a.paidRate(s, s.text[em[2]:em[3]], s.text[em[0]:em[1]], paid[0], unpaid[0])
				continue
			}
			from = em[1]
			a.execution(s, s.text[em[2]:em[3]], s.text[em[0]:em[1]], budget, spent)
		}
	}
}

// budgetAbove is the budget of a rate whose sentence states only what was
// spent: the one amount called 预算 in the ten lines above ("经费预算10441
// 万元。" … "实际执行9265.35万元，项目执行率88.74%"). Several budgets
// there (by source, by year, initial and adjusted) leave the rate unread.
func (a *auditor) budgetAbove(para int) []mention {
	return a.amountAbove(para, 10, []string{"预算"})
}

// sourceDoneRe is the label of an amount a named source of money spent:
// "中央资金完成", "其他资金（上年结转）完成", "省级资金执行". Group 1 the
// source's own words (two to four characters before 资金/经费/拨款).
var sourceDoneRe = regexp.MustCompile(`([\p{Han}]{2,4}(?:资金|经费|拨款))(?:[（(][^（）()]{1,12}[）)])?(?:完成|执行|支出|使用)(?:了|数)?(?:为)?$`)

// sourceBudget reads an execution rate whose clause states only what a
// named source spent ("中央资金完成636.75万元，预算执行率81.97%"): the
// one amount of money between byte from and the rate at byte to of s is
// that source's spending, and its budget is the one amount above — in the
// five lines before, or earlier in the paragraph — whose label ends with
// the source's name and says nothing of spending ("其中，中央资金776.84万
// 元"). ok is false when the shape is not there, or several amounts of
// different values are so named.
func (a *auditor) sourceBudget(s sentence, from, to int) (budget, spent []mention, ok bool) {
	var ms []mention
	for _, m := range mentions(s.text[:to]) {
		if _, isMoney := money(m.unit); isMoney && m.start >= from {
			ms = append(ms, m)
		}
	}
	if len(ms) != 1 {
		return nil, nil, false
	}
	sm := sourceDoneRe.FindStringSubmatch(clauseBefore(s.text, ms[0].start))
	if sm == nil {
		return nil, nil, false
	}
	name := sm[1]
	if rs := []rune(name); len(rs) > 4 {
		name = string(rs[len(rs)-4:]) // "东山市中央资金" is 中央资金's
	}
	var found []mention
	look := func(text string, end int) bool {
		for _, m := range mentions(text) {
			if m.start >= end {
				break
			}
			if _, isMoney := money(m.unit); !isMoney {
				continue
			}
			label := clauseBefore(text, m.start)
			if !strings.HasSuffix(label, name) || containsAny(label, spentLabels) || strings.Contains(label, "完成") {
				continue
			}
			if len(found) > 0 && !found[0].value.Mul(scaleOf(found[0].unit)).Equal(m.value.Mul(scaleOf(m.unit))) {
				return false
			}
			found = append(found, m)
		}
		return true
	}
	for p := max(0, s.para-6); p < s.para-1; p++ {
		if !look(a.doc.Paragraphs[p], len(a.doc.Paragraphs[p])) {
			return nil, nil, false
		}
	}
	if !look(a.doc.Paragraphs[s.para-1], s.start) || len(found) == 0 {
		return nil, nil, false
	}
	return found[:1], ms, true
}

// amountAbove is the one amount in the n lines above line para whose clause
// has one of words and says nothing of spending; none when there are
// several of different values, or when one is an initial or adjusted
// budget (which of them is meant is not said).
func (a *auditor) amountAbove(para, n int, words []string) []mention {
	var found []mention
	for p := max(0, para-1-n); p < para-1; p++ {
		text := a.doc.Paragraphs[p]
		for _, m := range mentions(text) {
			if _, ok := money(m.unit); !ok {
				continue
			}
			label := clauseBefore(text, m.start)
			if !containsAny(label, words) || containsAny(label, spentLabels) {
				continue
			}
			if containsAny(label, []string{"调整", "追加", "调减", "年初"}) {
				return nil
			}
			if len(found) > 0 && !found[0].value.Mul(scaleOf(found[0].unit)).Equal(m.value.Mul(scaleOf(m.unit))) {
				return nil
			}
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return found[:1]
}

// amountRoles sorts the money amounts of text[from:] into budgets and
// amounts spent by the clause before each. With an initial and an
// adjusted budget, the rate is of the adjusted one (全年预算, 调整预算).
func amountRoles(text string, from int) (budget, spent []mention) {
	for _, m := range mentions(text) {
		if m.start < from {
			continue
		}
		if _, ok := money(m.unit); !ok {
			continue
		}
		label := clauseBefore(text, m.start)
		switch {
		case spentLabel(label):
			spent = append(spent, m)
		case containsAny(label, budgetLabels):
			budget = append(budget, m)
		}
	}
	if len(budget) > 1 {
		var adjusted []mention
		for _, b := range budget {
			if l := clauseBefore(text, b.start); containsAny(l, []string{"全年", "调整"}) {
				adjusted = append(adjusted, b)
			}
		}
		budget = adjusted
	}
	return budget, spent
}

// budgetsNamed is the amounts of money of text[from:] whose clause has word
// and does not name an amount spent.
func budgetsNamed(text string, from int, word string) []mention {
	var out []mention
	for _, m := range mentions(text) {
		if _, ok := money(m.unit); !ok || m.start < from {
			continue
		}
		if l := clauseBefore(text, m.start); strings.Contains(l, word) && !spentLabel(l) {
			out = append(out, m)
		}
	}
	return out
}

// execution compares one stated rate with spent / budget, when each is
// one amount.
func (a *auditor) execution(s sentence, rawRate, rateText string, budget, spent []mention) {
	if len(budget) != 1 || len(spent) != 1 {
		return
	}
	stated, places, ok := statedPercent(rawRate)
	if !ok || !budget[0].value.IsPositive() {
		return
	}
	a.checked["T08"]++
	got, agrees := percentAgrees(spent[0].value.Mul(scaleOf(spent[0].unit)), budget[0].value.Mul(scaleOf(budget[0].unit)), stated, places, slack(spent[0]), slack(budget[0]))
	if agrees {
		return
	}
	a.add(s, "T08", jixiao.SeverityError, fmt.Sprintf("按所述金额执行率为%s%%，与所述执行率%s%%不符（执行数%s / 预算数%s = %s%%）",
		jixiao.Fixed(got, max(places, 2)), fmtDec(stated), spent[0].text, budget[0].text, jixiao.Fixed(got, max(places, 2))),
		[]jixiao.Number{{Name: "预算数", Value: budget[0].text}, {Name: "执行数", Value: spent[0].text}, {Name: "执行率", Value: rateText}})
}

// unpaidLabels mark an amount not yet paid out.
var unpaidLabels = []string{"未支", "未付", "未拨付", "未分配", "未下达", "未到位", "未使用", "暂未", "尚未"}

// paidUnpaid sorts the money amounts of text[from:] into paid and unpaid.
func paidUnpaid(text string, from int) (paid, unpaid []mention) {
	for _, m := range mentions(text) {
		if _, ok := money(m.unit); !ok || m.start < from {
			continue
		}
		label := clauseBefore(text, m.start)
		switch {
		case containsAny(label, unpaidLabels):
			unpaid = append(unpaid, m)
		case containsAny(label, []string{"支付", "拨付", "已付"}):
			paid = append(paid, m)
		}
	}
	return paid, unpaid
}

// paidRate compares a stated rate with paid / (paid + unpaid) (T03).
func (a *auditor) paidRate(s sentence, rawRate, rateText string, paid, unpaid mention) {
	stated, places, ok := statedPercent(rawRate)
	p := paid.value.Mul(scaleOf(paid.unit))
	whole := p.Add(unpaid.value.Mul(scaleOf(unpaid.unit)))
	if !ok || !whole.IsPositive() {
		return
	}
	a.checked["T03"]++
	got, agrees := percentAgrees(p, whole, stated, places, slack(paid), slack(paid).Add(slack(unpaid)))
	if agrees {
		return
	}
	a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述金额支付率为%s%%，与所述%s%%不符（已支付%s / （已支付%s + 未支付%s） = %s%%）",
		jixiao.Fixed(got, max(places, 2)), fmtDec(stated), paid.text, paid.text, unpaid.text, jixiao.Fixed(got, max(places, 2))),
		[]jixiao.Number{{Name: "已支付", Value: paid.text}, {Name: "未支付", Value: unpaid.text}, {Name: "支付率", Value: rateText}})
}

// paidPlusUnpaid checks a total against what was paid of it and what is
// still unpaid, in one sentence: "中央拨付资金1800万元，…拨付园区1200万元，
// 还有600万元暂未拨付" (T01).
func (a *auditor) paidPlusUnpaid() {
	for _, s := range a.whole {
		amounts := moneyOf(s.text)
		var total, paid, unpaid mention
		switch len(amounts) {
		case 3:
			total, paid, unpaid = amounts[0], amounts[1], amounts[2]
		case 2:
			// "资金支付18501.096万元，未支703万元": of the one amount arranged
			// a few lines above ("安排资金19204.096万").
			above := a.amountAbove(s.para, 5, []string{"安排", "下达", "预算", "总额", "合计"})
			if len(above) != 1 {
				continue
			}
			total, paid, unpaid = above[0], amounts[0], amounts[1]
		default:
			continue
		}
		after := s.text[unpaid.end:]
		if i := strings.IndexAny(after, "，,。；;"); i >= 0 {
			after = after[:i]
		}
		before := clauseBefore(s.text, unpaid.start)
		if !containsAny(after, unpaidLabels) && !containsAny(before, unpaidLabels) {
			continue
		}
		if !containsAny(clauseBefore(s.text, paid.start), []string{"拨付", "支付", "已"}) {
			continue
		}
		label := "安排"
		if len(amounts) == 3 {
			label = clauseBefore(s.text, total.start)
			if !containsAny(label, budgetWords) {
				continue
			}
		}
		a.partsAgainst(s, label, total, []mention{paid, unpaid}, []string{"已拨付", "未拨付"})
	}
}
