package audit

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// otherYearRe opens a comparison that names the other year's figure before
// the change: "比上年累计支出433万元减少2万元", "比上2022年末47人增加2人".
var otherYearRe = regexp.MustCompile(`(?:比|较)(?:上年度?|上一年|去年|上?(?:19|20)[0-9]{2}年)`)

// averageRe opens a comparison with an average that names the average's
// figure before the gap: "比全国平均水平706.5斤/亩高出260.3斤/亩".
var averageRe = regexp.MustCompile(`(?:比|较)(?:全国|全省|全市|全区|全县|同类|同行业)?平均(?:水平|值|数)?`)

// gapRe is a gap stated after the average's figure: "高出", "低".
var gapRe = regexp.MustCompile(`^\s*(高出|高|低|多|少)了?\s*$`)

// changeAmountRe is a change stated as an amount after the other year's
// figure, at the start of the rest of its clause: "减少2万元", "增加了 2 人",
// "增支462万元", "减收2,736万元".
var changeAmountRe = regexp.MustCompile(`^\s*[^，,。；;0-9０-９]{0,4}?(增加|增长|减少|下降|增收|减收|增支|减支|多收|少收|多支|少支|增|减|多|少)了?\s*$`)

// changeRateRe is a clause stating the change as a per cent: "下降12%",
// "增幅为3.5%", "同比增减率15.78%".
var changeRateRe = regexp.MustCompile(`^\s*(?:同比)?(增加|增长|减少|下降|增幅|降幅|增减率|增长率|下降率|变动率|增|减)(?:为|达|达到|了)?\s*(` + numberRe.String() + `)\s*[%％]`)

// stateDiffRe is a change stated as an amount in a clause of its own after
// both years' figures: "本年28521.28万元，上年24634.58万元，同比增减额3886.71
// 万元".
var stateDiffRe = regexp.MustCompile(`(?:^|[，,；;])\s*(?:同比)?(增减额|增减|变动额|增加额|减少额|增长额|增加|减少)(?:为|了)?\s*(` + numberRe.String() + `)`)

// differences checks a change on another year stated as an amount beside
// both years' figures (T01: last year + change = this year), and a per
// cent stated right after it (T03: change ÷ last year).
func (a *auditor) differences() {
	for _, s := range a.whole {
		ms := mentions(s.text)
		// "……支出431万元，比上年累计支出433万元减少2万元，下降0.46%".
		for _, loc := range otherYearRe.FindAllStringIndex(s.text, -1) {
			after := mentionsFrom(ms, loc[1])
			if len(after) < 2 || strings.ContainsAny(s.text[loc[1]:after[0].start], "，,。；;") {
				continue
			}
			prev, change := after[0], after[1]
			// "实际完成15.39亿元，比上年决算数14.94亿元增长3.0%": the rate
			// right after last year's figure, no change amount between.
			if prev.unit != "%" && change.unit == "%" && s.text[prev.end:change.start] != "" {
				if rm := changeRateRe.FindStringSubmatch(s.text[prev.end:change.end]); rm != nil && rm[0] == s.text[prev.end:change.end] {
					// Two dated figures ("2023年预算2万元，较2022年预算1.50万元
					// 增长75%"): twoYears reads them.
					if _, _, dated := yearPair(s.text[:change.start]); dated {
						continue
					}
					if cur, ok := figureBefore(s.text, ms, loc[0], prev); ok {
						a.rateOnPrevious(s, cur, prev, change, rm[1])
					}
				}
				continue
			}
			cm := changeAmountRe.FindStringSubmatch(s.text[prev.end:change.start])
			if cm == nil || !sameKind(prev, change) || prev.unit == "%" || change.unit == "%" {
				continue
			}
			cur, ok := figureBefore(s.text, ms, loc[0], prev)
			if !ok {
				continue
			}
			down := cm[1] == "减少" || cm[1] == "下降" || strings.HasPrefix(cm[1], "减") || strings.HasPrefix(cm[1], "少")
			a.difference(s, cur, prev, change, cm[1], down, false)
		}
		// "单产966.8斤/亩，……，比全国平均水平706.5斤/亩高出260.3斤/亩".
		for _, loc := range averageRe.FindAllStringIndex(s.text, -1) {
			after := mentionsFrom(ms, loc[1])
			if len(after) < 2 || strings.ContainsAny(s.text[loc[1]:after[0].start], "，,。；;") {
				continue
			}
			avg, gap := after[0], after[1]
			gm := gapRe.FindStringSubmatch(s.text[avg.end:gap.start])
			if gm == nil || !sameUnit(avg.unit, gap.unit) || avg.unit == "%" {
				continue
			}
			cur, ok := subjectBeyondChanges(s.text[:loc[0]], avg.unit)
			if !ok || !sameUnit(cur.unit, avg.unit) {
				continue
			}
			a.gapToAverage(s, cur, avg, gap, gm[1])
		}
		// "本年X万元，上年Y万元，同比增减额Z万元，同比增减率R%".
		for _, g := range stateDiffRe.FindAllStringSubmatchIndex(s.text, -1) {
			prev, cur, ok := yearPair(s.text[:g[0]])
			if !ok {
				continue
			}
			var change mention
			for _, m := range ms {
				if m.start == g[4] {
					change, ok = m, true
					break
				}
				ok = false
			}
			if !ok || !sameKind(change, cur) {
				continue
			}
			word := s.text[g[2]:g[3]]
			a.difference(s, cur, prev, change, word, strings.HasPrefix(word, "减少"), word == "增减额" || word == "增减" || word == "变动额")
		}
	}
}

// rateOnPrevious compares (cur − prev) ÷ prev with a rate stated right
// after last year's figure (T03): "实际完成15.39亿元，比上年决算数14.94亿元
// 增长3.0%".
func (a *auditor) rateOnPrevious(s sentence, cur, prev, rate mention, word string) {
	c, p := cur.value.Mul(scaleOf(cur.unit)), prev.value.Mul(scaleOf(prev.unit))
	stated, places, ok := statedPercent(normalize(rate.text))
	if !ok || !p.IsPositive() || !sameKind(cur, prev) {
		return
	}
	if strings.HasPrefix(word, "减") || strings.HasPrefix(word, "下降") {
		stated = stated.Neg()
	}
	sc, sp := slack(cur), slack(prev)
	if countUnit(cur.unit) {
		sc, sp = decimal.Zero, decimal.Zero
	}
	a.checked["T03"]++
	got, agrees := percentAgrees(c.Sub(p), p, stated, places, sc.Add(sp), sp)
	if agrees {
		return
	}
	how := "增长"
	if got.IsNegative() {
		how = "下降"
	}
	a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述数字%s%s%%，与所述%s%s不符（（%s − %s）÷ %s）",
		how, jixiao.Fixed(got.Abs(), max(places, 2)), word, rate.text, cur.text, prev.text, prev.text),
		[]jixiao.Number{{Name: "本年", Value: cur.text}, {Name: "上年", Value: prev.text}, {Name: "变动率", Value: rate.text}})
}

// mentionsFrom is the first two of ms (in order) that start at or after
// byte at.
func mentionsFrom(ms []mention, at int) []mention {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].start >= at })
	return ms[i:min(i+2, len(ms))]
}

// gapToAverage compares cur − avg with a stated gap (T01).
func (a *auditor) gapToAverage(s sentence, cur, avg, gap mention, word string) {
	got := cur.value.Sub(avg.value)
	if strings.ContainsAny(word, "低少") {
		got = got.Neg()
	}
	tol := decimal.Zero
	if !countUnit(cur.unit) {
		tol = decimal.New(5, -cur.places-1).Add(decimal.New(5, -avg.places-1)).Add(decimal.New(5, -gap.places-1))
	}
	a.checked["T01"]++
	if got.Sub(gap.value).Abs().LessThanOrEqual(tol) {
		return
	}
	a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s与平均水平%s相差%s%s，与所述%s%s不符（本数 − 平均水平 = 差额）",
		cur.text, avg.text, jixiao.Fixed(got.Abs(), maxPlaces(cur, avg, gap)), gap.unit, word, gap.text),
		[]jixiao.Number{{Name: "本数", Value: cur.text}, {Name: "平均水平", Value: avg.text}, {Name: "差额", Value: gap.text}})
}

// figureBefore is this year's figure of a comparison at byte at: the last
// figure of prev's kind before it in the sentence, in the clause just
// before the comparison or in the comparison's own clause.
func figureBefore(text string, ms []mention, at int, prev mention) (mention, bool) {
	start := clauseStart(text, at)
	if strings.TrimSpace(text[start:at]) == "" && start > 0 {
		start = clauseStart(text, start-1)
	}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.end > at || m.start < start {
			continue
		}
		// "收入37,730万元，为…全年预算46,908万元的80.43%，比上年同期…":
		// a share of a base named in it is said of the figure before, in
		// the clause before the share's.
		if m.unit == "%" && i > 0 && ms[i-1].start >= start && strings.TrimSpace(text[ms[i-1].end:m.start]) == "的" && start > 0 {
			before := clauseStart(text, start-1)
			for j := i - 2; j >= 0 && ms[j].start >= before; j-- {
				if ms[j].end <= start {
					if ms[j].unit == "%" || !sameKind(ms[j], prev) {
						return mention{}, false
					}
					return ms[j], true
				}
			}
			return mention{}, false
		}
		if m.unit == "%" || !sameKind(m, prev) {
			return mention{}, false
		}
		return m, true
	}
	return mention{}, false
}

// difference compares cur − prev with a stated change (signed by down, or
// either sign when unsigned), then a per cent stated right after it.
func (a *auditor) difference(s sentence, cur, prev, change mention, word string, down, unsigned bool) {
	c, p, d := cur.value.Mul(scaleOf(cur.unit)), prev.value.Mul(scaleOf(prev.unit)), change.value.Mul(scaleOf(change.unit))
	if !p.IsPositive() {
		return
	}
	got := c.Sub(p)
	want := d
	if down {
		want = d.Neg()
	}
	if unsigned {
		got = got.Abs()
	}
	tol := decimal.Zero
	for _, m := range []mention{cur, prev, change} {
		if !countUnit(m.unit) {
			tol = tol.Add(slack(m))
		}
	}
	a.checked["T01"]++
	gap := got.Sub(want).Abs()
	if gap.GreaterThan(tol) {
		diff, unit, places, note := got.Div(scaleOf(change.unit)), change.unit, change.places, ""
		if !scaleOf(cur.unit).Equal(scaleOf(change.unit)) {
			// "259万元 − 139万元 = 120万元，与所述增支120元不符": the
			// difference in the two years' unit, and a unit slip named.
			diff, unit, places = got.Div(scaleOf(cur.unit)), cur.unit, max(cur.places, prev.places)
			if diff.Abs().Equal(change.value) {
				note = "；数值相同，可能是变动额的单位写错"
			}
		}
		a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s %s %s = %s%s，与所述%s%s不符（本年数 − 上年数 = 变动额）%s",
			cur.text, "−", prev.text, jixiao.Fixed(diff, places), unit, word, change.text, note),
			[]jixiao.Number{{Name: "本年", Value: cur.text}, {Name: "上年", Value: prev.text}, {Name: "变动额", Value: change.text}})
		return
	}
	// "…下降34万元，下降12%": the per cent of last year's figure.
	rest := s.text[change.end:]
	rest = strings.TrimLeft(rest, " ，,")
	rm := changeRateRe.FindStringSubmatchIndex(rest)
	if rm == nil || rest == s.text[change.end:] {
		return
	}
	stated, places, ok := statedPercent(rest[rm[4]:rm[5]])
	if !ok {
		return
	}
	if _, _, dated := yearPair(s.text[:len(s.text)-len(rest)]); dated && pctChangeRe.MatchString(rest) {
		return // twoYears reads it with the two dated figures
	}
	part := d
	sp := slack(change)
	if countUnit(change.unit) {
		sp = decimal.Zero
	}
	sw := slack(prev)
	if countUnit(prev.unit) {
		sw = decimal.Zero
	}
	a.checked["T03"]++
	pct, agrees := percentAgrees(part, p, stated, places, sp, sw)
	if agrees {
		return
	}
	a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述数字变动率为%s%%，与所述%s%%不符（变动额%s ÷ 上年%s）",
		jixiao.Fixed(pct, max(places, 2)), fmtDec(stated), change.text, prev.text),
		[]jixiao.Number{{Name: "上年", Value: prev.text}, {Name: "变动额", Value: change.text}, {Name: "变动率", Value: rest[rm[4]:rm[1]]}})
}

// savingRe opens an amount that is the difference of a requested (or
// budgeted) amount and an approved (or actual) one: "核减2.77亿元",
// "节约资金22496.96万元".
var savingRe = regexp.MustCompile(`(?:核减|审减|节约|节支|节省)(?:资金|金额|额)?(?:为|了)?\s*$`)

// comparedWithRe is the label of a budget an amount is compared with:
// "比预算的", "较计划".
var comparedWithRe = regexp.MustCompile(`^(?:比|较|与)(?:年初)?(?:预算|概算|计划|控制价)`)

// Labels of the two amounts a saving is the difference of.
var (
	requestedWords = []string{"送审", "报审", "申报", "预算", "概算", "控制价", "计划"}
	approvedWords  = []string{"审定", "实际", "结算", "中标", "成交", "决算", "合同"}
)

// savings checks an amount saved or cut against the requested and the
// approved amounts before it in its paragraph (T01: requested − approved =
// saved), and the per cent stated right after it (T03: saved ÷
// requested). The two amounts are the last of each kind since the saving
// before; totals broken down after them ("预算规模为…万元，其中：…") are
// preferred to their parts.
func (a *auditor) savings() {
	for p, text := range a.doc.Paragraphs {
		ms := mentions(text)
		from := 0
		for i, z := range ms {
			if _, ok := money(z.unit); !ok || !savingRe.MatchString(text[clauseStart(text, z.start):z.start]) {
				continue
			}
			var req, appr, reqTotal, apprTotal *mention
			for k := from; k < i; k++ {
				m := ms[k]
				if _, ok := money(m.unit); !ok {
					continue
				}
				label := clauseBefore(text, m.start)
				total := startsWithAny(strings.TrimLeft(text[m.end:], "，,：: （("), []string{"其中"})
				switch {
				case containsAny(label, approvedWords):
					appr = &ms[k]
					if total {
						apprTotal = &ms[k]
					}
				case containsAny(label, requestedWords):
					req = &ms[k]
					if total {
						reqTotal = &ms[k]
					}
				}
			}
			if reqTotal != nil && apprTotal != nil {
				req, appr = reqTotal, apprTotal
			}
			// "实施政府采购总金额6846.02万元，比预算的7136.74万元节约资金
			// 290.72万元": what was spent, then the budget it is compared
			// with, then the saving.
			if req != nil && appr == nil {
				if k := slices.IndexFunc(ms, func(m mention) bool { return m.start == req.start }); k > from && k == i-1 && comparedWithRe.MatchString(clauseBefore(text, req.start)) {
					if _, ok := money(ms[k-1].unit); ok && !strings.ContainsAny(text[ms[k-1].end:req.start], "。；;") {
						a.saving(a.paraSentence(p, z.start), text, *req, ms[k-1], z)
						from = i + 1
						continue
					}
				}
			}
			from = i + 1
			if req == nil || appr == nil || req.start > appr.start {
				continue
			}
			a.saving(a.paraSentence(p, z.start), text, *req, *appr, z)
		}
	}
}

// saving compares requested − approved with a stated saving, then a per
// cent stated right after it.
func (a *auditor) saving(s sentence, text string, req, appr, z mention) {
	r, ap, d := req.value.Mul(scaleOf(req.unit)), appr.value.Mul(scaleOf(appr.unit)), z.value.Mul(scaleOf(z.unit))
	if !r.IsPositive() {
		return
	}
	tol := slack(req).Add(slack(appr)).Add(slack(z))
	a.checked["T01"]++
	if got := r.Sub(ap); got.Sub(d).Abs().GreaterThan(tol) {
		a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s − %s = %s%s，与所述%s不符",
			req.text, appr.text, jixiao.Fixed(got.Div(scaleOf(z.unit)), z.places), z.unit, z.text),
			[]jixiao.Number{{Name: "送审（预算）", Value: req.text}, {Name: "审定（实际）", Value: appr.text}, {Name: "核减（节约）", Value: z.text}})
		return
	}
	rest := strings.TrimLeft(text[z.end:], " ，,")
	rm := savingRateRe.FindStringSubmatchIndex(rest)
	if rm == nil || len(rest) == len(text[z.end:]) {
		return
	}
	stated, places, ok := statedPercent(rest[rm[2]:rm[3]])
	if !ok {
		return
	}
	a.checked["T03"]++
	pct, agrees := percentAgrees(d, r, stated, places, slack(z), slack(req))
	if agrees {
		return
	}
	a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("按所述金额%s为%s%%，与所述%s%%不符（%s ÷ %s）",
		strings.TrimRight(strings.TrimSpace(rest[:rm[2]]), "为达到"), jixiao.Fixed(pct, max(places, 2)), fmtDec(stated), z.text, req.text),
		[]jixiao.Number{{Name: "送审（预算）", Value: req.text}, {Name: "核减（节约）", Value: z.text}, {Name: "比率", Value: rest[rm[2]:rm[1]]}})
}

// savingRateRe is the per cent of a saving: "核减率7.82%", "节约率为9.87%".
var savingRateRe = regexp.MustCompile(`^(?:核减率|审减率|节约率|节支率|节省率|资金节约率)(?:为|达|达到)?\s*(` + numberRe.String() + `)\s*[%％]`)

// overBudgets checks an amount over or short of its budget against the two
// (T01): "一般公共预算收入46900万元，完成预算46508万元的100.8%，超收392万元"
// — 46900 − 46508 = 392. The budget is the base of the share stated just
// before, the amount the one before that.
func (a *auditor) overBudgets() {
	for _, s := range a.whole {
		ms := mentions(s.text)
		for i := 3; i < len(ms); i++ {
			z, pct, budget, done := ms[i], ms[i-1], ms[i-2], ms[i-3]
			word := overBudgetRe.FindString(clauseBefore(s.text, z.start))
			if word == "" || pct.unit != "%" || !strings.Contains(clauseBefore(s.text, budget.start), "预算") || strings.TrimSpace(s.text[budget.end:pct.start]) != "的" {
				continue
			}
			if _, ok := money(z.unit); !ok || !sameKind(z, budget) || !sameKind(z, done) {
				continue
			}
			d, b, x := done.value.Mul(scaleOf(done.unit)), budget.value.Mul(scaleOf(budget.unit)), z.value.Mul(scaleOf(z.unit))
			got := d.Sub(b)
			if strings.HasPrefix(word, "短") || strings.HasPrefix(word, "欠") || strings.HasPrefix(word, "少") || word == "节支" {
				got = got.Neg()
			}
			a.checked["T01"]++
			if got.Sub(x).Abs().LessThanOrEqual(slack(done).Add(slack(budget)).Add(slack(z))) {
				continue
			}
			a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s − 预算%s = %s%s，与所述%s%s不符",
				done.text, budget.text, jixiao.Fixed(d.Sub(b).Div(scaleOf(z.unit)), z.places), z.unit, word, z.text),
				[]jixiao.Number{{Name: "完成", Value: done.text}, {Name: "预算", Value: budget.text}, {Name: word, Value: z.text}})
		}
	}
}
