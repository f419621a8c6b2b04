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

// budgetWords mark a total whose parts are complete: a stage's income or
// expenditure, broken down by source or class.
var budgetWords = []string{"收入", "支出", "预算", "决算", "拨款", "经费",
	// Totals of funds without a budget word.
	"资金", "总投资", "共计", "合计", "累计", "拨付", "到位", "支付", "执行", "补助", "补贴", "规模", "金额",
	// Totals of output and value: "地区生产总值98.38亿元", "总产值37.42亿元".
	"总值", "总产值", "总额",
	// Debt: "转贷政府债券39272万元。其中：一般债券…、专项债券…", "债务余额…，其中：一般债务…，专项债务…".
	"债券", "债务", "限额"}

// staffWords mark a total of people broken down by group: "现有编制人员205人。
// 其中，局机关在职113人、…".
var staffWords = []string{"人员", "编制", "职工", "在职", "干部", "教职工", "员工"}

// hiredWords name staff hired outside a unit's establishment: a kind of its
// staff, never all of them.
var hiredWords = []string{"聘用", "临聘", "聘请", "编外", "合同制", "劳务派遣", "借调", "公益性岗位"}

// leaderWords name a unit's leading posts: a kind of its staff.
var leaderWords = []string{"校长", "局长", "书记", "主任", "校委", "领导", "处长", "科长", "所长", "院长", "馆长", "站长", "队长", "主席", "部长", "厅长", "秘书长"}

// totals checks "…收入X万元，其中：A a万元，B b万元…" (T01): the parts of a
// budget total must add up to it, within the rounding of the figures.
func (a *auditor) totals() {
	for k, s := range a.whole {
		intros := introRe.FindAllStringIndex(s.text, -1)
		// "收入4.98亿元，为调整预算数的107.4%": a share, not its parts.
		intros = slices.DeleteFunc(intros, func(in []int) bool {
			if !strings.HasSuffix(s.text[in[0]:in[1]], "为") {
				return false
			}
			rest := s.text[in[1]:]
			if i := strings.IndexAny(rest, "，,；;。"); i >= 0 {
				rest = rest[:i]
			}
			return shareOfRe.MatchString(rest)
		})
		for n, in := range intros {
			// A part's own breakdown in brackets ("财政拨款收入3760.06万元
			// （其中，…）") does not end the parts of an outer total.
			next := intros[n+1:]
			if bracketDepth(s.text, in[0]) == 0 {
				next = slices.DeleteFunc(slices.Clone(next), func(o []int) bool { return bracketDepth(s.text, o[0]) > 0 })
			}
			a.totalAt(k, s, in, next)
		}
	}
}

// shareOfRe is a clause after 为 stating a share of another amount:
// "调整预算数的107.4%", "上年的95%".
var shareOfRe = regexp.MustCompile(`^[^0-9０-９]{0,16}的\s*[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[%％]$`)

// introRe finds what introduces the parts of a total: 其中, 具体是, 分别为, or
// "，为" right after the total ("转移支付124.23万元，为A 25万元，B…").
var introRe = regexp.MustCompile(`其中|^(?:主要)?用于|(?:主要)?(?:用在|用于)以下(?:几个)?方面[：:]|[\p{Han}]{2,12}?当中[，,]|分项情况[是为]|分项[是为]|^按\p{Han}{1,6}分[，,：:]|具体是|具体为|分别为|分别是|分别支持|分别用于|[，,；;]包括|[，,]为`)

// totalAt checks the total that the introducer at in ends (the total of
// the sentence before, for a sentence starting with 其中) against the parts
// after it, up to the clause of the next total (next).
func (a *auditor) totalAt(k int, s sentence, in []int, next [][]int) {
	{
		i := in[0]
		head, tail := s.text[:i], s.text[in[1]:]
		if len(next) > 0 && s.text[i:in[1]] != "其中" {
			// The parts end where the next total's clause begins (under
			// 其中, a part's own breakdown is left out by topGroupItems).
			end := len(strings.TrimRight(s.text[:next[0][0]], "，, "))
			tail = s.text[in[1]:max(in[1], clauseStart(s.text, end))]
		}
		total, label, ok := totalBefore(head)
		src := head // the text total's offsets are in
		if h := strings.TrimRight(head, "，,：: "); !ok && (strings.HasSuffix(h, "）") || strings.HasSuffix(h, ")")) {
			// "下达我区111万元（某财直〔2020〕67号），其中…": a note on the
			// total in brackets.
			if open := strings.LastIndexAny(h, "（("); open > 0 && bracketDepth(h, open) == 0 {
				total, label, ok = totalBefore(h[:open])
			}
		}
		if h := strings.TrimRight(head, "，,：: "); !ok && h != "" && !strings.HasSuffix(h, "（") && !strings.HasSuffix(h, "(") {
			// "…决算1618万元，比上年下降1.2%，其中：": the change says more
			// about the total before it.
			total, label, ok = totalBefore(withoutTrailingRates(h))
		}
		if h := strings.TrimRight(head, "，,：: "); !ok && h != "" {
			// "下达直达资金2300万元，全部用于本项目建设，其中…": a clause on
			// what the total is for stands between it and its parts.
			if c := clauseStart(h, len(h)); c > 0 && !hasAnyDigit(h[c:]) && containsAny(h[c:], []string{"用于", "用在"}) && utf8.RuneCountInString(h[c:]) <= 16 {
				total, label, ok = totalBefore(h[:c])
			}
		}
		if intro := s.text[in[0]:in[1]]; !ok && (intro == "其中" || strings.HasSuffix(intro, "包括")) {
			// Before 其中 any quantity is a total: "治理面积1429.39公顷，其中
			// 坡改梯25.26公顷…", "共实施项目12个，其中年初安排7个…".
			// A change on last year after it ("…729万人，比上年末增加1万人，其中")
			// is not, unless the breakdown is of the change, in brackets
			// ("减少2人（其中：去世3人、新增1人）").
			h := strings.TrimRight(head, " ")
			if !strings.HasSuffix(h, "（") && !strings.HasSuffix(h, "(") {
				h = withoutTrailingRates(strings.TrimRight(h, "，,：:"))
			}
			total, label, ok = quantityBefore(h)
		}
		fromBefore := false
		if !ok && strings.TrimSpace(head) == "" {
			// "支出：799.12万元。其中：…": the total ends the sentence before
			// (past one stating its change on last year).
			for j := k - 1; j >= 0 && j >= k-2 && a.whole[j].para == s.para; j-- {
				prev := strings.TrimSpace(a.whole[j].text)
				// "增减情况说明：2021年度…预算数为4196万元，较2020年…": a
				// label before a colon opens the sentence, not a change.
				if i := strings.IndexAny(prev, "：:"); i > 0 && utf8.RuneCountInString(prev[:i]) <= 12 && !hasAnyDigit(prev[:i]) {
					prev = strings.TrimLeft(prev[i:], "：: ")
				}
				if startsWithAny(prev, changeWords) {
					continue
				}
				src = prev
				prev = withoutTrailingRates(strings.TrimRight(prev, "。！？!?"))
				total, label, ok = totalBefore(prev)
				fromBefore = true
				if !ok && s.text[in[0]:in[1]] == "其中" {
					// "全年粮食总产量12.28万吨，下降3.9%。其中，夏粮…":
					// before 其中 any quantity is a total.
					total, label, ok = quantityBefore(prev)
				}
				break
			}
		}
		softened := false
		if !ok && s.text[in[0]:in[1]] == "其中" && len(mentionsBefore(head)) == 0 && containsAny(head, []string{"资金", "下达", "分配"}) {
			// "…把资金切块下达到各市，其中：A市610万元…": the money of the
			// one amount allocated in the lines above. Less certain: a
			// warning.
			if above := a.amountAbove(s.para, 5, []string{"下达", "安排", "分配"}); len(above) == 1 {
				total, label, ok, softened = above[0], "上文所述资金", true, true
			}
		}
		if !ok {
			return
		}
		// A first part larger than the total of the sentence before is not
		// its part when another figure of that sentence is as large: "人员编制
		// 总数95名，…，聘用教师控制数4人。其中，在职在编人员91人，…" breaks down
		// the 95.
		if fromBefore {
			for _, m := range mentions(tail) {
				if !sameKind(total, m) {
					continue
				}
				first := m.value.Mul(scaleOf(m.unit))
				if first.GreaterThan(total.value.Mul(scaleOf(total.unit))) {
					// Another figure of that sentence is large enough.
					for _, o := range mentions(src) {
						if o.start != total.start && sameKind(total, o) && o.value.Mul(scaleOf(o.unit)).GreaterThanOrEqual(first) {
							return
						}
					}
				}
				break
			}
		}
		// "学校327所（…），学生57684人，其中A 3所，学生2303人；…": two
		// counts, each part giving one of each.
		if other, ok := pairedCount(head, total); ok {
			// A money total whose parts give no counts ("共13项，合计金额
			// 118,156万元，其中A 40,671万元、B…") is an ordinary breakdown.
			if a.pairedBreakdown(s, other, total, tail) {
				return
			}
			if _, isMoney := money(total.unit); !isMoney {
				return
			}
		}
		var totalChange *change
		if _, isMoney := money(total.unit); isMoney && total.end <= len(src) && src[:total.end] != "" && strings.HasSuffix(src[:total.end], total.text) {
			if c, ok := firstChange(src[total.end:]); ok {
				totalChange = &c
			}
		}
		n := len(a.findings)
		a.breakdown(s, total, label, tail, totalChange)
		if softened {
			a.soften(n, "；合计取自上文唯一一处下达（安排）的金额，请核实")
		}
	}
}

// change is a change on last year stated as an amount: its mention and
// its signed value in base units; the zero change is 持平.
type change struct {
	m     mention
	value decimal.Decimal
}

// changeAmountFirstRe is the first change on last year stated as an
// amount in a text: "比上年减支433万元", "较上年增加 2.27万元".
var changeAmountFirstRe = regexp.MustCompile(`(?:比|较|同比)(?:上年|去年|上年度|上一年|20[0-9]{2}年度?)?(?:同期)?(?:决算数?)?(?:相比)?(增加|增长|增支|增收|多支|减少|下降|降低|减支|减收|少支|节约)了?\s*(` + numberRe.String() + `)\s*(万亿元|亿元|万元|元)`)

// firstChange is the first change on last year stated as an amount in
// text, signed: + for more, − for less.
func firstChange(text string) (change, bool) {
	g := changeAmountFirstRe.FindStringSubmatchIndex(text)
	if g == nil {
		return change{}, false
	}
	ms := mentions(text[g[4]:])
	if len(ms) == 0 {
		return change{}, false
	}
	v := ms[0].value.Mul(scaleOf(ms[0].unit))
	if w := text[g[2]:g[3]]; strings.ContainsAny(w, "减降少节") {
		v = v.Neg()
	}
	return change{m: ms[0], value: v}, true
}

// changesAgainst checks the change on last year of a total against the
// changes of its parts (T01): "“三公”经费4,855万元，比上年减支433万元。其
// 中：A 470万元，比上年减支1122万元；B 3758万元，比上年增支816万元；…".
func (a *auditor) changesAgainst(s sentence, label string, total change, parts []mention, names []string, changes map[int]change) {
	sum, tol := decimal.Zero, slack(total.m)
	var arith strings.Builder
	for k := range parts {
		c := changes[k]
		sum = sum.Add(c.value)
		if c.m.text != "" {
			tol = tol.Add(slack(c.m))
		}
		switch {
		case k == 0 && c.value.IsNegative():
			arith.WriteString("−")
		case k > 0 && c.value.IsNegative():
			arith.WriteString(" − ")
		case k > 0:
			arith.WriteString(" + ")
		}
		arith.WriteString(fmtDec(c.value.Abs().Div(scaleOf(total.m.unit))))
	}
	a.checked["T01"]++
	if sum.Sub(total.value).Abs().LessThanOrEqual(tol) {
		return
	}
	unit := total.m.unit
	signed := func(d decimal.Decimal) string {
		if d.IsNegative() {
			return "−" + fmtDec(d.Abs().Div(scaleOf(unit)))
		}
		return fmtDec(d.Div(scaleOf(unit)))
	}
	a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s各项比上年的变动之和%s%s，与所述合计的变动%s%s不符（%s = %s）", orLabel(label),
		signed(sum), unit, signed(total.value), unit, arith.String(), signed(sum)),
		[]jixiao.Number{{Name: "合计的变动", Value: total.m.text}})
}

// breakdown checks the parts listed in tail against total (T01), and the
// shares stated beside them (T03).
func (a *auditor) breakdown(s sentence, total mention, label, tail string, totalChange *change) {
	{
		// A list ending in 等 names some of the parts only: it is wrong
		// only when the parts it names already exceed the total.
		etc := strings.HasSuffix(strings.TrimRight(tail, "。；;，, "), "等")
		// A second 其中 breaks a part down further: the parts end there —
		// unless it is in brackets after its part ("财政拨款收入3760.06万元
		// （其中，一般公共预算…），占…；事业收入…"), which go on after it.
		for from := 0; ; {
			j := strings.Index(tail[from:], "其中")
			if j < 0 {
				break
			}
			if j += from; bracketDepth(tail, j) == 0 {
				tail = tail[:j]
				break
			}
			from = j + len("其中")
		}
		var parts []mention
		var names []string
		var groups, clauses []int
		var shares []share
		// The change on last year stated after each part, by part.
		changes := map[int]change{}
		skipGroup := -1
		running := false
		// A total of what was done ("实际采购规模…，其中：货物类实际采购…")
		// has parts named as it is.
		ownStatus := slices.DeleteFunc(slices.Clone(statusWords), func(w string) bool { return strings.Contains(label, w) })
		items := topGroupItems(tail)
		for idx, it := range items {
			item := it.text
			if it.group == skipGroup {
				continue
			}
			ms := beforeChange(item, outsideBrackets(item, mentions(item)))
			// Parts in groups ended by ；, each group a part with its own
			// comment ("A 692万元，主要是…；B 4612万元，较上年下降21%，主要
			// 是…；…"): a clause without figures comments on the part before
			// it, and the rest of its group is comment too. A group that
			// says its part is nil ("因公出国（境）费用没有") adds nothing.
			// "在编31人，与上年同期无变化，临聘19人": a part unchanged on last
			// year, the list goes on.
			if len(ms) == 0 && len(parts) > 0 && containsAny(item, unchangedWords) {
				changes[len(parts)-1] = change{}
				continue
			}
			// "收入决算1,396万元，其中：本年收入1,396万元，占总收入100%，包括A
			// 1,167.66万元…；B 158.3万元…": the one part the total is,
			// broken down — the part's own breakdown, read with it as the
			// total; the total's ends here. Of money only: a head count's
			// one part (在职) has siblings after it (离休, 退休).
			if _, isMoney := money(total.unit); isMoney && !it.first && len(parts) == 1 && parts[0].value.Mul(scaleOf(parts[0].unit)).Equal(total.value.Mul(scaleOf(total.unit))) &&
				startsWithAny(strings.TrimLeft(item, " ，,"), wholeBreakdownWords) {
				a.sharesAgainst(s, total, parts, shares, false)
				return
			}
			// "本年收入6128.16万元，主要是A 5478.16万元，…；上年结转收入…":
			// the part before is broken down in the rest of its group.
			if !it.first && len(parts) > 0 && startsWithAny(strings.TrimLeft(item, " ，,"), subBreakdownWords) {
				skipGroup = it.group
				continue
			}
			if len(ms) == 0 && it.more && (!it.first && len(parts) > 0 || it.first && nilPart(item)) {
				if len(parts) > 0 && strings.Contains(item, "持平") {
					changes[len(parts)-1] = change{}
				}
				// "新增一般债券2734万元,用于小型水库安全运行,新增专项债券13300
				// 万元,…": a part named as the one before goes on after
				// the comment.
				if len(parts) > 0 && siblingNext(items[idx+1:], it.group, names[len(parts)-1]) {
					continue
				}
				skipGroup = it.group
				continue
			}
			if len(ms) == 0 && len(parts) > 0 && strings.Contains(item, "持平") {
				changes[len(parts)-1] = change{}
			}
			// A share ("占84.21%") or a change on last year ("比上年增加
			// 20万元", "增长5%") describes the part before it: not a part.
			// The share is checked against the part and the total.
			// "国税完成11765万元，占年初预算的25%": the part's own budget,
			// not the total, unless the total is that budget.
			if len(ms) == 1 && onlyPercent(ms) && len(parts) > 0 {
				if i := strings.Index(item[:ms[0].start], "占"); i >= 0 {
					if w := ownBaseWord(item[i:ms[0].start]); w != "" && !strings.Contains(label, w) {
						continue
					}
					// "授予小微企业合同金额21万元，占政府采购支出总额的17.36%":
					// a base named that is not the total.
					if base := strings.Trim(item[i+len("占"):ms[0].start], "的比重例为是 "); otherBase(base, label) {
						continue
					}
				}
			}
			if len(ms) == 1 && onlyPercent(ms) && strings.Contains(item[:ms[0].start], "占") && len(parts) > 0 {
				// "…；税收收入占…的比重为71.1%" after 非税收入: the share of
				// the part it names, when it names one.
				j := len(parts) - 1
				subject := strings.Trim(item[:strings.Index(item, "占")], " ，,；;：:")
				// "税收收入在地方财政收入中占…": the base named after 在.
				if i := strings.Index(subject, "在"); i >= 0 {
					subject = subject[:i]
				}
				if utf8.RuneCountInString(subject) >= 3 && allHan(subject) {
					j = slices.IndexFunc(names, func(n string) bool { return strings.Contains(n, subject) })
				}
				if j >= 0 {
					shares = append(shares, share{parts[j], names[j], ms[0]})
				}
				continue
			}
			if len(ms) > 0 && (onlyPercent(ms) || statesChange(item[:ms[0].start]) || containsAny(item[:ms[0].start], moreLessWords)) {
				if c, ok := firstChange(item); ok && len(parts) > 0 {
					if _, seen := changes[len(parts)-1]; !seen {
						changes[len(parts)-1] = c
					}
				}
				continue
			}
			if len(ms) > 1 && sameKind(total, ms[0]) && sameKind(total, ms[1]) && !containsAny(item[:ms[0].start], statusWords) {
				// Two amounts in one item ("其他资金859.6万元2023年支出2310.4
				// 万元", a full stop lost): where the parts end is not known.
				return
			}
			// "…0万元，占总收入 0%其他收入70.04万元，占…": a share glued to the
			// next part (the page lost the mark between them) — the parts go
			// on unread, so their sum is not checked; the shares read are.
			if len(ms) > 1 && ms[0].unit == "%" && slices.ContainsFunc(ms[1:], func(m mention) bool { return sameKind(total, m) }) {
				if len(parts) > 0 {
					shares = append(shares, share{parts[len(parts)-1], names[len(names)-1], ms[0]})
				}
				a.sharesAgainst(s, total, parts, shares, false)
				return
			}
			if len(ms) != 1 {
				break
			}
			// "…，其中：A 1478万元，…，基金调入103万元，收入合计为6449万元": a
			// total of more than this one closes a running list in which
			// this total was an item; its parts and its siblings are not
			// told apart.
			if len(parts) > 0 && sameKind(total, ms[0]) && ms[0].value.Mul(scaleOf(ms[0].unit)).GreaterThan(total.value.Mul(scaleOf(total.unit))) &&
				(startsWithAny(strings.TrimLeft(item, " ，,；;"), []string{"合计", "共计", "总计"}) || totalWordRe.MatchString(strings.TrimSpace(item[:ms[0].start]))) {
				running = true
				break
			}
			// "目前项目资金已拨付270万元": what happened to the total since,
			// not a part of it, or an adjustment of it ("调减40万元"); the
			// parts end there.
			if containsAny(item[:ms[0].start], ownStatus) || containsAny(item[:ms[0].start], adjustWords) {
				break
			}
			if !sameKind(total, ms[0]) {
				// A count among counts of another unit ("配套建筑物88座，其中
				// A 21座、B 66座、C 1处"): the parts go on, but cannot be
				// added; nothing is checked.
				if countUnit(total.unit) && countUnit(ms[0].unit) && !statesChange(item[:ms[0].start]) {
					return
				}
				break
			}
			// Parts given stage by stage ("中央资金全年预算数1800万元，全年
			// 执行数1200万元，…"): those of the total's stage.
			if st := stageOf(label); st != "" {
				if other := stageOf(item[:ms[0].start]); other != "" && other != st {
					continue
				}
			}
			part, name := ms[0], strings.Trim(item[:ms[0].start], " ：:，,为是")
			// "安平区、循河县各100万元": so much for each.
			if each := strings.TrimSuffix(name, "各"); each != name {
				if n := len(splitOn(each, "、", false)); n >= 2 {
					part.value = part.value.Mul(decimal.NewFromInt(int64(n)))
					name = fmt.Sprintf("%s（%d×%s）", each, n, ms[0].text)
				}
			}
			// "其中：A区完成…1917837万元，…；加上中央财政收入1321480万元，合计
			// 财政总收入3239317万元": a subtotal of the parts just before it
			// stands for them.
			if k := len(parts); k >= 2 && containsAny(name, []string{"合计", "小计", "共计"}) {
				want, acc := part.value.Mul(scaleOf(part.unit)), parts[k-1].value.Mul(scaleOf(parts[k-1].unit))
				for from := k - 2; from >= 0 && from >= k-maxSubtotalParts; from-- {
					acc = acc.Add(parts[from].value.Mul(scaleOf(parts[from].unit)))
					if !acc.Equal(want) {
						continue
					}
					parts, names, groups, clauses = parts[:from], names[:from], groups[:from], clauses[:from]
					for j := range changes {
						if j >= from {
							delete(changes, j)
						}
					}
					break
				}
			}
			parts = append(parts, part)
			names = append(names, name)
			groups = append(groups, it.group)
			clauses = append(clauses, it.clause)
			// "购置支出56万元比上年增加56万元": the change in the part's item.
			if c, ok := firstChange(item[ms[0].end:]); ok {
				changes[len(parts)-1] = c
			}
		}
		// "基本支出4566793元，其中A…，B…，C…；项目支出2897260元": the parts
		// that make the total end at a semicolon; a sibling of the total
		// follows.
		// So does a head count of those actually there beside the posts
		// ("编制人数4人,其中事业编制4人;实有在职人员3人,离退休0人"), after
		// one part as well.
		if !sums(total, parts) {
			for k := len(parts) - 1; k >= 1; k-- {
				if groups[k] != groups[k-1] && sums(total, parts[:k]) && (k >= 2 || containsAny(names[k], []string{"实有", "实际", "现有", "實有", "實際", "現有"})) {
					parts, names = parts[:k], names[:k]
					break
				}
			}
		}
		// "实有职工50人，其中在编31人，…临聘19人，…；离退休人员23人": the
		// retired after a semicolon are beside the staff, not among them.
		if k := len(parts); k >= 3 && groups[k-1] != groups[k-2] && containsAny(names[k-1], []string{"退休", "离休"}) && !containsAny(label, []string{"退休", "离休"}) {
			parts, names = parts[:k-1], names[:k-1]
		}
		// "在职在编人员91人，包括：A 0人、B 0人、C 91人，聘用教师控制数4人": the
		// parts joined by 、 make the total; what follows a comma is beside it.
		if k := len(parts); k >= 3 && !sums(total, parts) {
			for j := k - 1; j >= 2; j-- {
				if clauses[j] != clauses[j-1] && clauses[j-1] == clauses[0] && sums(total, parts[:j]) {
					parts, names = parts[:j], names[:j]
					break
				}
			}
		}
		if etc && !exceeds(total, parts) {
			return
		}
		if running && !sums(total, parts) {
			return
		}
		// Indicators counted by level (一级指标3个，二级指标9个，三级指标12个)
		// are a hierarchy, not a breakdown.
		if slices.ContainsFunc(names, func(n string) bool { return containsAny(n, []string{"二级", "三级"}) }) {
			return
		}
		n := len(a.findings)
		a.partsAgainst(s, label, total, parts, names)
		if totalChange != nil && len(parts) >= 2 && len(changes) == len(parts) {
			a.changesAgainst(s, label, *totalChange, parts, names, changes)
		}
		// When the parts do not make the total, a share may be of either:
		// it is wrong only when it agrees with neither (a total written
		// in 元 for 万元 makes every share absurd — one finding says so).
		failed := len(a.findings) > n && a.findings[n].Severity != jixiao.SeverityInfo
		if !otherTotal(s, total, parts) {
			a.sharesAgainst(s, total, parts, shares, failed)
		}
	}
}

// ownBaseWord is the word of a share's base that names a part's own
// budget or plan ("占年初预算的25%"), or "".
func ownBaseWord(base string) string {
	for _, w := range []string{"预算", "计划", "任务", "目标"} {
		if strings.Contains(base, w) {
			return w
		}
	}
	return ""
}

// otherBase reports whether a share's base, named in four characters or
// more, shares less than half of them with the total's label: another
// quantity ("政府采购支出总额" beside "授予中小企业合同金额").
func otherBase(base, label string) bool {
	rs := []rune(base)
	if len(rs) < 4 || !allHan(base) {
		return false
	}
	common := 0
	for _, r := range rs {
		if strings.ContainsRune(label, r) {
			common++
		}
	}
	return common*2 < len(rs)
}

// unchangedWords say that a part did not change on last year.
var unchangedWords = []string{"持平", "无变化", "无增减", "没有变化", "未发生变化"}

// maxSubtotalParts is how many parts before it a subtotal in a list may
// stand for.
const maxSubtotalParts = 12

// wholeBreakdownWords open the breakdown of a part that is the whole.
var wholeBreakdownWords = []string{"主要包括", "具体包括", "包括"}

// subBreakdownWords open the breakdown of the part before them.
var subBreakdownWords = []string{"主要是", "主要为", "主要包括", "主要有", "具体是", "具体为"}

// share is the per cent of the total a part is said to be: "财政拨款收入
// 113.68万元，占59.2%".
type share struct {
	part mention
	name string
	pct  mention
}

// sharesAgainst checks each stated share against part / total (T03), within
// the rounding of the figures.
func (a *auditor) sharesAgainst(s sentence, total mention, parts []mention, shares []share, failed bool) {
	t := total.value.Mul(scaleOf(total.unit))
	if !t.IsPositive() {
		return
	}
	sum, sumSlack := decimal.Zero, decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
		sumSlack = sumSlack.Add(slack(p))
	}
	for _, sh := range shares {
		if !sameKind(total, sh.part) {
			continue
		}
		p := sh.part.value.Mul(scaleOf(sh.part.unit))
		a.checked["T03"]++
		if a.sharesSeen == nil {
			a.sharesSeen = map[string]bool{}
		}
		a.sharesSeen[shareKey(s.para, p, t, sh.pct.value)] = true
		got, agrees := percentAgrees(p, t, sh.pct.value, sh.pct.places, slack(sh.part), slack(total))
		if agrees {
			continue
		}
		if failed && sum.IsPositive() {
			if _, ofSum := percentAgrees(p, sum, sh.pct.value, sh.pct.places, slack(sh.part), sumSlack); ofSum {
				continue
			}
		}
		// "本年收入合计521.49万元，占总收入99.90%，包括…494.34万元，占94.70%":
		// the parts' shares may be of the whole the total is a share of.
		if w, ok := wholeOfTotal(s, total); ok {
			if _, ofWhole := percentAgrees(p, w, sh.pct.value, sh.pct.places, slack(sh.part), slack(total)); ofWhole {
				continue
			}
		}
		a.add(s, "T03", jixiao.SeverityError, fmt.Sprintf("“%s”%s占%s的%s%%，与所述%s不符（%s ÷ %s）", orLabel(sh.name), sh.part.text, total.text,
			jixiao.Fixed(got, max(sh.pct.places, 2)), sh.pct.text, sh.part.text, total.text),
			[]jixiao.Number{{Name: "合计", Value: total.text}, {Name: sh.name, Value: sh.part.text}, {Name: "所述占比", Value: sh.pct.text}})
	}
}

// sums reports whether parts add up to total within the rounding of the
// figures.
func sums(total mention, parts []mention) bool {
	sum := decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	tol := tolerance(total).Add(tolerance(parts...))
	return sum.Sub(total.value.Mul(scaleOf(total.unit))).Abs().LessThanOrEqual(tol.Mul(scaleOf(total.unit)))
}

// exceeds reports whether parts add up to more than total, beyond the
// rounding of the figures.
func exceeds(total mention, parts []mention) bool {
	sum := decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	return sum.Sub(total.value.Mul(scaleOf(total.unit))).GreaterThan(tolerance(total).Add(tolerance(parts...)).Mul(scaleOf(total.unit)))
}

// sameKind reports whether a part can add up to a total: both amounts of
// money (in any of its units), or both in the same unit of things.
func sameKind(total, part mention) bool {
	_, m1 := money(total.unit)
	_, m2 := money(part.unit)
	return m1 && m2 || !m1 && !m2 && sameUnit(total.unit, part.unit) && total.unit != "%" && total.unit != "分"
}

// unitSpellings are units written in more than one way: "3000名（其中…1150人，
// …1850人）", "长3.47km：…长0.98公里".
var unitSpellings = map[string]string{"名": "人", "㎡": "平方米", "m²": "平方米", "万㎡": "万平方米", "千米": "公里", "km": "公里", "m³": "立方米", "hm²": "公顷", "hm2": "公顷"}

// sameUnit reports whether two units are one, however written.
func sameUnit(a, b string) bool {
	if u, ok := unitSpellings[a]; ok {
		a = u
	}
	if u, ok := unitSpellings[b]; ok {
		b = u
	}
	return a == b
}

// scaleOf is the size of a unit in its kind's base (元 for money).
func scaleOf(unit string) decimal.Decimal {
	if s, ok := money(unit); ok {
		return s
	}
	return oneYuan
}

// joinSigned writes terms as a sum, a negative one as subtracted:
// "139.71 − 13.27".
func joinSigned(terms []string) string {
	var b strings.Builder
	for k, t := range terms {
		neg := strings.HasPrefix(t, "-")
		switch {
		case k > 0 && neg:
			b.WriteString(" − ")
		case k > 0:
			b.WriteString(" + ")
		case neg:
			b.WriteString("−")
		}
		b.WriteString(strings.TrimPrefix(t, "-"))
	}
	return b.String()
}

// uniformPlaces is the number of decimals every one of ms is written with,
// when they agree.
func uniformPlaces(ms []mention) (int32, bool) {
	if len(ms) == 0 {
		return 0, false
	}
	for _, m := range ms[1:] {
		if m.places != ms[0].places {
			return 0, false
		}
	}
	return ms[0].places, true
}

// partsAgainst compares the sum of two or more parts with their stated
// total (T01), within the rounding of the figures.
func (a *auditor) partsAgainst(s sentence, label string, total mention, parts []mention, names []string) {
	if len(parts) < 2 {
		return
	}
	// An amount masked in the published text ("专项整治20xx万元") may be
	// one of the parts: they cannot be added.
	if a.masked(s) {
		return
	}
	// A list that runs on past what was read names some parts only: it is
	// wrong only when they already exceed the total.
	if a.cutShort(s, parts[len(parts)-1]) && !exceeds(total, parts) {
		return
	}
	if carryOverBeside(label, total, parts, names) || highlights(label, total, parts, names) {
		return
	}
	// "在职职工36名(其中长期聘用人员1名,短期聘用人员19名)": the staff hired
	// outside the establishment are a kind of the staff, the rest unnamed;
	// so are its leaders ("工作人员18人，其中：常务副校长1名、副校长2名、校委
	// 2名").
	// "园林水果产量57009吨，…其中苹果8595吨…；梨32690吨…": an output's main
	// products, the rest unnamed — when they leave out a tenth of it or
	// more (a slip in a full breakdown is nearer).
	if strings.Contains(label, "产量") && partsSum(parts).Mul(decimal.NewFromInt(10)).LessThanOrEqual(total.value.Mul(scaleOf(total.unit)).Mul(decimal.NewFromInt(9))) {
		return
	}
	// "现有工作人员80人，其中卫生专业技术人员67人，高级职称7人，中级职称
	// 34人": titles count the staff again by another measure.
	// They fit inside a kind named beside them, and only with them do
	// the parts exceed the total.
	if countUnit(total.unit) && exceeds(total, parts) {
		titled, other, widest := decimal.Zero, []mention{}, decimal.Zero
		for k, p := range parts {
			if strings.Contains(names[k], "职称") {
				titled = titled.Add(p.value)
			} else {
				other = append(other, p)
				widest = decimal.Max(widest, p.value)
			}
		}
		if titled.IsPositive() && len(other) > 0 && titled.LessThanOrEqual(widest) && !exceeds(total, other) {
			return
		}
	}
	for _, kind := range [][]string{hiredWords, leaderWords} {
		if countUnit(total.unit) && !exceeds(total, parts) && !containsAny(label, kind) && !strings.Contains(label, "职数") && !slices.ContainsFunc(names, func(n string) bool { return !containsAny(n, kind) }) {
			return
		}
	}
	// A figure as large as the total after two parts or more is not one
	// of its parts: the list ended before it ("…其中中央30.9万元，县级30.9
	// 万元，2021年度中央下达资金61.8万元").
	// Not when it is named as the parts before it are ("行政编制人数0人，参照
	// 公务员法管理的事业编制人数39人，事业编制人数39人": a part counted twice).
	if k := wholeAfter(total, parts); k >= 2 && !sameEnding(names[k], names[k-1], 3) {
		parts, names = parts[:k], names[:k]
	}
	// Retired staff named last are beside a head count, not in it
	// ("实有正式教职工62人，其中副高级职称4人，…，中级工1人，退休职工28人"):
	// the list ends before them when the others make the total.
	if n := len(parts) - 1; n >= 2 && countUnit(total.unit) && containsAny(names[n], []string{"退休", "离休"}) && !containsAny(label, []string{"退休", "离休"}) {
		head := decimal.Zero
		for _, p := range parts[:n] {
			head = head.Add(p.value)
		}
		// Nor can it be told when the others fall short of the total and
		// the retired take them past it ("實有人數254人,其中:…52人,…165人,
		// …26人,離退休人員45人"): a 其中 may name some kinds only.
		// Beside those at work (在职, 在岗) the retired are the rest of the
		// count ("實有人數11人,其中:在職人員10人,離休人員0人,退休人員1人").
		working := slices.ContainsFunc(names[:n], func(n string) bool { return containsAny(n, []string{"在职", "在岗", "在職", "在崗"}) })
		if head.Equal(total.value) || !working && head.LessThan(total.value) && head.Add(parts[n].value).GreaterThan(total.value) {
			return
		}
	}
	// Income and spending under a total of both ("收支总预算8795.61万元，其
	// 中：本年收入8795.61万元，…；本年支出8795.61万元") are each the whole.
	if strings.Contains(label, "收支") && slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "收入") }) &&
		slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "支出") }) {
		return
	}
	// Spending named last among sources of money received ("共收到财政资金
	// A元。其中，收到结转B元，当期取得收入C元，当期发生支出D元") is what
	// was done with it: the list ends before it when the others make the
	// total.
	if n := len(parts) - 1; n >= 2 && strings.Contains(names[n], "支出") && !strings.Contains(label, "支出") && containsAny(label, []string{"收入", "收到", "资金"}) && sums(total, parts[:n]) {
		return
	}
	// Counts of several kinds before the last one, the total ("对5个部门、
	// 5个镇乡街道开展…，15个专项开展…，其中：良好部门5个；…"), are broken down
	// together: the parts make all of them.
	if countUnit(total.unit) && total.end <= len(s.text) {
		all, n := decimal.Zero, 0
		for _, m := range mentions(s.text[:total.end]) {
			if sameUnit(m.unit, total.unit) && exactCount(m) {
				all, n = all.Add(m.value), n+1
			}
		}
		partSum := decimal.Zero
		for _, p := range parts {
			partSum = partSum.Add(p.value)
		}
		if n >= 3 && all.Equal(partSum) {
			return
		}
	}
	scale := scaleOf(total.unit)
	sum := decimal.Zero
	var terms []string
	nums := []jixiao.Number{{Name: orLabel(label) + "（合计）", Value: total.text}}
	for k, p := range parts {
		v := p.value.Mul(scaleOf(p.unit)).Div(scale)
		sum = sum.Add(v)
		if p.unit != total.unit {
			// A part in another unit is shown in the total's: "0.5（5000元）".
			terms = append(terms, fmtDec(v)+"（"+p.text+"）")
		} else {
			terms = append(terms, written(p))
		}
		nums = append(nums, jixiao.Number{Name: names[k], Value: p.text})
	}
	// Three parts or more adding up to over twice their total are not its
	// parts: a 其中 of the sentence's subject read after a sibling of it
	// ("实有职工50人，…；离退休人员23人，…；其中大学本科22人，专科21人…").
	if len(parts) >= 3 && sum.GreaterThan(total.value.Mul(decimal.NewFromInt(2))) && total.value.IsPositive() {
		return
	}
	a.checked["T01"]++
	diff := sum.Sub(total.value).Abs()
	if diff.IsZero() {
		return
	}
	// Parts short of their total in a list the excerpt cuts ("…交通运输
	// （类）支出0万元，占0%；" ending the text): the rest is not there.
	if sum.LessThan(total.value) && a.cutAtTextEnd(s) {
		return
	}
	if otherTotal(s, total, parts) || includedApart(s, total, parts) || a.fullerElsewhere(s, total, parts) {
		return
	}
	// Each figure is as precise as the most precise of them, counted in
	// the total's unit: "16万元" among "90.79万元" and "144.53万元" is 16.00,
	// not 16 ± 0.5; "5000元" among 万元 is 0.5000.
	all := append(slices.Clip(parts), total)
	places := maxPlaces(all...)
	// A figure below one unit of the others' last decimal ("0.03亿元"
	// among "6.5亿元") needs its extra digit not to be nil: the others set
	// the precision.
	var others []mention
	for _, m := range all {
		if m.places == 0 || m.value.Abs().GreaterThanOrEqual(decimal.New(1, -m.places+1)) {
			others = append(others, m)
		}
	}
	if len(others) >= 2 {
		places = maxPlaces(others...)
	}
	mixed := false
	for _, p := range parts {
		if p.unit != total.unit {
			mixed = true
			shift := int32(len(scale.Div(scaleOf(p.unit)).Truncate(0).String()) - 1)
			places = max(places, p.places+shift)
		}
	}
	tol := decimal.New(5, -places-1).Mul(decimal.NewFromInt(int64(len(all))))
	if total.places > 0 && total.places < places && !mixed && sum.Round(total.places).Equal(total.value) {
		// A total written with decimals, coarser than its parts ("支出安排
		// 5834.15万元，其中…1971.645532万元…"), is their sum rounded where it
		// is written. (A whole total, "共220万元", may be exact: its parts'
		// decimals hold.)
		return
	}
	if coarse, ok := uniformPlaces(parts); ok && !mixed && coarse < total.places {
		// Every part rounded coarser than the total ("总产668.6亿斤。其中
		// 玉米512亿斤，稻谷124亿斤…"): each part is that coarse.
		tol = decimal.New(5, -coarse-1).Mul(decimal.NewFromInt(int64(len(parts)))).Add(decimal.New(5, -total.places-1))
	}
	if countUnit(total.unit) || total.unit == "年" || total.unit == "个月" {
		tol = decimal.Zero // things, people and whole years are counted, not rounded
	}
	shown := jixiao.Fixed(sum, maxPlaces(all...))
	if mixed {
		shown = fmtDec(sum)
	}
	arith := fmt.Sprintf("%s = %s", joinSigned(terms), shown)
	// A gap of exactly the sum of the half-units would need every figure
	// rounded the most, all the same way: it is taken as a gap.
	if diff.LessThan(tol) {
		a.add(s, "T01", jixiao.SeverityInfo, fmt.Sprintf("%s各项之和%s%s与所述%s%s相差%s%s，在%d个数各自四舍五入的误差范围（±%s）内（%s）",
			orLabel(label), fmtDec(sum), total.unit, fmtDec(total.value), total.unit, fmtDec(diff), total.unit, len(parts)+1, fmtDec(tol), arith), nums)
		return
	}
	// Value added by industry is accounted apart from the region's product
	// and each rounded: a gap within five times the rounding of the
	// figures is that
	// ("地区生产总值3702.8亿元。其中，第一产业增加值855.82亿元…").
	if strings.Contains(label, "生产总值") && !slices.ContainsFunc(names, func(n string) bool { return !strings.Contains(n, "增加值") }) &&
		diff.LessThanOrEqual(tol.Mul(decimal.NewFromInt(5))) {
		a.add(s, "T01", jixiao.SeverityInfo, fmt.Sprintf("%s各项之和%s%s与所述%s%s相差%s%s，在各数四舍五入误差的五倍以内：各产业增加值与生产总值分别核算、各自四舍五入（%s）",
			orLabel(label), fmtDec(sum), total.unit, fmtDec(total.value), total.unit, fmtDec(diff), total.unit, arith), nums)
		return
	}
	p := maxPlaces(all...)
	sumText, totalText, diffText := jixiao.Fixed(sum, p), jixiao.Fixed(total.value, p), jixiao.Fixed(diff, p)
	if mixed {
		sumText, totalText, diffText = fmtDec(sum), fmtDec(total.value), fmtDec(diff)
	}
	a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("%s各项之和%s%s ≠ 所述合计%s%s，相差%s%s（%s）",
		orLabel(label), sumText, total.unit, totalText, total.unit, diffText, total.unit, arith), nums)
}

// fullerElsewhere reports whether another sentence of the text states
// every part as written and more amounts of money beside them: a fuller
// breakdown, of which these parts are some ("2017年一般公共预算拨款支出
// 226.7248万元，其中：一般公共服务支出177.2577万元，社会保障和就业支出
// 23.7080万元" after a list of all the classes). A part changed in one
// place is no longer found in the other.
func (a *auditor) fullerElsewhere(s sentence, total mention, parts []mention) bool {
	for _, w := range a.whole {
		if w.para == s.para && w.start == s.start {
			continue
		}
		first := len(w.text)
		texts := map[string]bool{}
		all := true
		for _, p := range parts {
			i := strings.Index(w.text, p.text)
			if _, isMoney := money(p.unit); !isMoney || i < 0 {
				all = false
				break
			}
			first, texts[p.text] = min(first, i), true
		}
		if !all {
			continue
		}
		// Two more amounts at least in the same list, neither the total:
		// the same breakdown stated again with its total is not fuller.
		extra := 0
		for _, m := range moneyOf(w.text[first:]) {
			if !texts[m.text] && !m.value.Mul(scaleOf(m.unit)).Equal(total.value.Mul(scaleOf(total.unit))) {
				extra++
			}
		}
		if extra >= 2 {
			return true
		}
	}
	return false
}

// otherTotal reports whether parts make another amount of the total's
// kind stated before it in the sentence, whose parts they are then
// ("一般公共预算收入8,552万元，…，同口径完成地方财政收入10,066万元，…其中：
// 税收收入完成5,537万元，非税收入完成3,015万元").
func otherTotal(s sentence, total mention, parts []mention) bool {
	if total.start <= 0 || total.end > len(s.text) || s.text[total.start:total.end] != total.text {
		return false
	}
	sum := decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	for _, m := range mentions(s.text[:total.start]) {
		if sameKind(m, total) && !m.value.Mul(scaleOf(m.unit)).Equal(total.value.Mul(scaleOf(total.unit))) && m.value.Mul(scaleOf(m.unit)).Equal(sum) {
			return true
		}
	}
	return false
}

// includedApart reports whether a bracket right after the total names one
// part it includes, which the parts after 其中 leave out ("实有在职人员7人
// （含临聘人员1名），其中二巡1名、科级4名、四级主任科员1名"): the parts and it
// make the total.
func includedApart(s sentence, total mention, parts []mention) bool {
	if total.end > len(s.text) || s.text[total.start:total.end] != total.text {
		return false
	}
	rest := strings.TrimLeft(s.text[total.end:], " ")
	if !strings.HasPrefix(rest, "（含") && !strings.HasPrefix(rest, "(含") {
		return false
	}
	end := strings.IndexAny(rest, "）)")
	if end < 0 {
		return false
	}
	ms := mentions(rest[:end])
	if len(ms) != 1 || !sameKind(total, ms[0]) {
		return false
	}
	all := append(slices.Clip(parts), ms[0])
	if countUnit(total.unit) {
		// Heads are counted exactly.
		sum := decimal.Zero
		for _, p := range all {
			sum = sum.Add(p.value)
		}
		return sum.Equal(total.value)
	}
	return sums(total, all)
}

// carryOverBeside reports whether the parts of a year's income (收入合计,
// 本年收入) name the carry-over from the year before beside the income it is
// made of: "收入合计4,385.46万元…其中：财政拨款收入4,385.46万元，占100%，年初
// 结转和结余1,074.18万元" — the carry-over is part of 收入总计, not of this.
func carryOverBeside(label string, total mention, parts []mention, names []string) bool {
	if !containsAny(label, []string{"收入合计", "本年收入"}) || strings.Contains(label, "总计") {
		return false
	}
	sum, carried := decimal.Zero, false
	for k, p := range parts {
		if containsAny(names[k], []string{"结转", "结余"}) {
			carried = true
			continue
		}
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	return carried && sum.Equal(total.value.Mul(scaleOf(total.unit)))
}

// functionClasses are the functional classes of government spending
// (政府收支分类科目, 支出功能分类的类级科目).
var functionClasses = []string{"一般公共服务", "外交", "国防", "公共安全", "教育", "科学技术", "文化", "社会保障和就业", "卫生健康", "医疗卫生",
	"节能环保", "城乡社区", "农林水", "交通运输", "资源勘探", "商业服务业", "金融", "援助其他地区", "自然资源", "住房保障", "粮油物资储备", "灾害防治", "债务付息"}

// highlights reports whether parts that fall short of a government's
// spending are some of its functional classes, as news of a city's or a
// province's budget gives them ("全市公共财政预算支出完成217.99亿元……其中，
// 一般公共服务支出20.4亿元…；教育支出45.7亿元…"): a government spends in
// twenty-odd classes, and such a list names the main ones.
func highlights(label string, total mention, parts []mention, names []string) bool {
	if len(parts) < 3 || !containsAny(label, []string{"全市", "全省", "全县", "全区", "全州", "全盟", "全旗", "全国", "全自治区"}) && !(strings.Contains(label, "全年") && strings.Contains(label, "一般公共预算支出")) {
		return false
	}
	sum := decimal.Zero
	for k, p := range parts {
		if !containsAny(names[k], functionClasses) {
			return false
		}
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	return sum.LessThan(total.value.Mul(scaleOf(total.unit)))
}

// masked reports whether sentence s holds a masked amount, read once per
// sentence (a long list is checked against its total many times).
func (a *auditor) masked(s sentence) bool {
	k := [3]int{s.para, s.start, s.end}
	m, ok := a.maskedSeen[k]
	if !ok {
		if a.maskedSeen == nil {
			a.maskedSeen = map[[3]int]bool{}
		}
		m = maskedMoneyRe.MatchString(s.text)
		a.maskedSeen[k] = m
	}
	return m
}

// maskedMoneyRe is an amount of money with digits masked, or a character
// lost beside them: 20xx万元, **万元, 4277.9244?萬元.
var maskedMoneyRe = regexp.MustCompile(`(?:[0-9０-９]+[xX×*＊?？]+|[xX*＊]{2,})\s*(?:万元|亿元|千元|元|萬元|億元)`)

// cutShort reports whether the list whose last part is last runs on past
// the text read: nothing but punctuation follows that part to the end of
// its paragraph, and the paragraph either ends with a comma, a 、 or a
// colon (the list goes on in the next line: "…支出1,076.3万元，社会保障和
// 就业支出90.06万元，") or is the last of a text that stops mid-sentence
// (an excerpt: "…上级补助收入0万").
func (a *auditor) cutShort(s sentence, last mention) bool {
	// The part's offsets may be those of a clause: it is found by its text.
	at := strings.LastIndex(s.text, last.text)
	if s.para < 1 || s.para > len(a.doc.Paragraphs) || at < 0 {
		return false
	}
	para := strings.TrimRight(a.doc.Paragraphs[s.para-1], " \t\u3000")
	if s.start+len(strings.TrimRight(s.text, " \t\u3000")) < len(para) {
		return false
	}
	tail := s.text[at+len(last.text):]
	r, _ := utf8.DecodeLastRuneInString(para)
	if strings.ContainsRune("，,、：:", r) {
		return strings.Trim(tail, " ，,、；;：:") == ""
	}
	// "…上级补助收入167.39万元，占" / "2.36%；其他收入1.23万元，…": a line
	// broken mid-clause, the next going on with a figure.
	if s.para < len(a.doc.Paragraphs) && unicode.Is(unicode.Han, r) && continuesFigure(a.doc.Paragraphs[s.para]) && !hasAnyDigit(percentRe.ReplaceAllString(tail, "")) {
		return true
	}
	for _, p := range a.doc.Paragraphs[s.para:] {
		if strings.TrimSpace(p) != "" {
			return false
		}
	}
	// The text stops mid-sentence, perhaps in the next part's name ("…上解
	// 支出2.73亿元，一般债务还"): no figure after the last part.
	// A note in brackets on the last part ends the list.
	if t := strings.TrimLeft(tail, " "); strings.HasPrefix(t, "（") || strings.HasPrefix(t, "(") {
		return false
	}
	// The last part's share ("，占收入合计0%；经营收入") is no part.
	tail = percentRe.ReplaceAllString(itemNumberRe.ReplaceAllString(tail, ""), "")
	return !strings.ContainsRune("。.！!？?）)」”\"；;", r) && !hasAnyDigit(tail)
}

// percentRe is a per cent as written: "0%", "93.57 %".
var percentRe = regexp.MustCompile(`[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[%％]`)

// itemNumberRe is the number of an item in a list: "(4)", "（4）", "4.".
var itemNumberRe = regexp.MustCompile(`[（(][0-9]{1,2}[）)]|(?:^|[；;，,、\s])[0-9]{1,2}[.．、]`)

// totalBefore is the total that ends text (its last figure, with nothing
// but punctuation after it) when the clause before it names a budget
// total or a total of people.
func totalBefore(text string) (mention, string, bool) {
	ms := mentionsBefore(text)
	if len(ms) == 0 {
		return mention{}, "", false
	}
	total := ms[len(ms)-1]
	if strings.TrimLeft(text[total.end:], " ，,：:") != "" {
		return mention{}, "", false
	}
	label := clauseBefore(text, total.start)
	if label == "" {
		// "支出：799.12万元": the label is before the colon.
		h := strings.TrimRight(text[:total.start], " ：:")
		label = clauseBefore(h, len(h))
	}
	_, isMoney := money(total.unit)
	switch {
	case isMoney && containsAny(label, budgetWords) && !strings.Contains(label, "资产"):
	case total.unit == "人" && containsAny(label, staffWords):
	default:
		return mention{}, "", false
	}
	return total, label, true
}

// stageOf is the budget stage a label names as a column of figures: 预算
// (全年预算数, 年初预算) or 执行 (执行数, 决算数, 实际支出), or "" ("一般公共
// 预算收入" names a source, not a stage).
func stageOf(label string) string {
	switch {
	case containsAny(label, []string{"执行数", "决算数", "实际支出", "执行"}):
		return "执行"
	case containsAny(label, []string{"预算数", "年初预算", "全年预算", "调整预算"}):
		return "预算"
	}
	return ""
}

// partsSum is the sum of parts in base units.
func partsSum(parts []mention) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.value.Mul(scaleOf(p.unit)))
	}
	return sum
}

// siblingNext reports whether the next item of group g with a figure in
// items is named as a sibling of the part named last: their names end with
// the same two characters ("新增一般债券", "新增专项债券").
func siblingNext(items []groupItem, g int, last string) bool {
	for _, it := range items {
		if it.group != g {
			return false
		}
		ms := mentions(it.text)
		if len(ms) == 0 {
			continue
		}
		name := clauseBefore(it.text, ms[0].start)
		return utf8.RuneCountInString(last) >= 3 && utf8.RuneCountInString(name) >= 3 && sameEnding(name, last, 2)
	}
	return false
}

// subIntro starts a part's own breakdown: "第一批资金9910万元，分别支持A…".
var subIntro = []string{"分别", "其中", "具体", "为", "主要用于"}

// topGroupItems are the items of a list of parts at its top level, each
// with its group (ended by ；): within a group, a part followed by its own
// breakdown counts alone ("第一批资金9910万元，分别支持A 3000万元、B…；第二批
// 资金7437万元，…").
// groupItem is an item of a list of parts: its text, the index of its
// group, whether it opens its group and whether groups follow.
type groupItem struct {
	text        string
	group       int
	first, more bool
	clause      int // the item's clause (between commas) in the tail
}

func topGroupItems(tail string) []groupItem {
	var out []groupItem
	// A semicolon inside brackets separates the parts of a note.
	groups := splitOn(tail, "；;", true)
	clause := 0
	for g, group := range groups {
		items, clauses := clauseItems(group)
		if len(items) > 1 && startsWithAny(strings.TrimSpace(items[1]), subIntro) {
			items = items[:1]
		}
		last := 0
		for i, item := range items {
			out = append(out, groupItem{item, g, i == 0, g < len(groups)-1, clause + clauses[i]})
			last = clauses[i]
		}
		clause += last + 1
	}
	return out
}

// partItems splits a group of parts at ，、 outside brackets; a name
// without figures before 、 goes with the item after it ("医保基金监管、稽核
// 管理运行费项目资金20万元" is one part).
func partItems(group string) []string {
	out, _ := clauseItems(group)
	return out
}

// clauseItems is partItems with the clause (between commas) of each item.
func clauseItems(group string) ([]string, []int) {
	var out []string
	var clauses []int
	for c, clause := range splitOn(group, "，,。", false) {
		pending := ""
		for _, piece := range splitOn(clause, "、", false) {
			if !hasAnyDigit(piece) {
				pending += piece + "、"
				continue
			}
			out = append(out, pending+piece)
			clauses = append(clauses, c)
			pending = ""
		}
		if pending != "" {
			out = append(out, strings.TrimSuffix(pending, "、"))
			clauses = append(clauses, c)
		}
	}
	return out, clauses
}

// hasAnyDigit reports whether s has a digit, half- or full-width.
func hasAnyDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' })
}

// nilPart reports whether an item without figures says its part is nil:
// "因公出国（境）费用没有", "培训费无".
func nilPart(item string) bool {
	item = strings.TrimSpace(item)
	return strings.HasSuffix(item, "没有") || strings.HasSuffix(item, "无") || strings.HasSuffix(item, "未发生")
}

// yearOnYearRe opens a comparison with another year: 比上年, 较上年,
// 同比, 与上年, 比2022年.
var yearOnYearRe = regexp.MustCompile(`^(?:比|较|与|同比)(?:上年|上一年|去年|上年度|20\d\d年)?`)

// beforeChange keeps the figures of an item up to a comparison with
// another year that follows its first figure without a comma ("购置支出
// 56万元比上年增加56万元"): the comparison's figures are not parts.
func beforeChange(item string, ms []mention) []mention {
	if len(ms) < 2 {
		return ms
	}
	rest := strings.TrimSpace(item[ms[0].end:ms[1].start])
	if m := yearOnYearRe.FindString(rest); m != "" && (m != "比" && m != "较" && m != "与" || startsWithAny(rest[len(m):], changeWords)) {
		return ms[:1]
	}
	return ms
}

// quantityBefore is the figure that ends text, in a unit of things that
// adds up (an area, a length, a count; not money, a rate or a score), with
// its label.
func quantityBefore(text string) (mention, string, bool) {
	ms := mentionsBefore(text)
	if len(ms) == 0 {
		return mention{}, "", false
	}
	total := ms[len(ms)-1]
	// Money goes by its label (totalBefore): assets are not a sum of
	// their lines.
	if _, isMoney := money(total.unit); isMoney || total.unit == "%" || total.unit == "分" {
		return mention{}, "", false
	}
	// What is counted may follow the count: "下设33个三级绩效指标，包括…".
	if rest := strings.TrimRight(text[total.end:], " ，,：:"); rest != "" && !(countUnit(total.unit) && allHan(rest) && utf8.RuneCountInString(rest) <= 10) {
		return mention{}, "", false
	}
	return total, clauseBefore(text, total.start), true
}

// withoutTrailingRates cuts the clauses at the end of text that state
// only a rate ("实际执行9265.35万元，项目执行率88.74%"): the total before
// them ends the sentence.
// comparisonOpenerRe is a clause that opens a comparison with another year
// and states nothing itself: "与2023年度相比", "2023年度相比", "与上年同期比较".
var comparisonOpenerRe = regexp.MustCompile(`^(?:与|和|同)?\s*(?:上一?年度?|去年|上年同期|去年同期|[0-9]{4}\s*年度?)(?:同期)?(?:决算数?|预算数?)?(?:相比|比较)$`)

func withoutTrailingRates(text string) string {
	text = withoutTrailingReason(text)
	for {
		i := strings.LastIndexAny(text, "，,；;")
		if i < 0 {
			return text
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		tail := strings.TrimSpace(text[i+size:])
		ms := mentions(tail)
		// A share or rate, a change on last year ("较上年减少27.31万元"), the
		// reason for it ("主要原因是…29.01万元"), or what is not yet done
		// with it ("未分配0.32亿元") says more about the total before it; an
		// empty clause (a doubled comma) says nothing.
		// A rank ("在全市排第9位") says how the total compares.
		rank := containsAny(tail, []string{"排第", "排名第", "位居", "居第", "列第"})
		// A comparison without figures ("与2020年预算大体持平") remarks on
		// the total before it too.
		flat := len(ms) == 0 && startsWithAny(tail, []string{"与", "比", "较", "同比"}) && containsAny(tail, []string{"持平", "相当", "不变", "一致", "增加", "减少", "增长", "下降"})
		// How the figure was reckoned ("按可比价计算") says nothing new.
		method := len(ms) == 0 && strings.HasPrefix(tail, "按") && strings.HasSuffix(tail, "计算") && utf8.RuneCountInString(tail) <= 12
		// The opening of a change stripped after it ("，与2023年度相比，减少
		// 719.66万元").
		opener := len(ms) == 0 && comparisonOpenerRe.MatchString(tail)
		if tail != "" && !rank && !flat && !method && !opener && (len(ms) == 0 || !onlyPercent(ms) && !startsWithAny(tail, changeWords) && !startsWithAny(tail, reasonWords) && !startsWithAny(tail, []string{"未", "尚未", "剩余"})) {
			return text
		}
		text = text[:i]
	}
}

// withoutTrailingReason cuts a reason that ends text, clauses without
// figures from one naming a reason on ("…5834万元，较2015年下降2.3%，主要是
// 落实中央八项规定，加强公车管理，严控公务接待").
func withoutTrailingReason(text string) string {
	cut, end := -1, len(text)
	for {
		i := strings.LastIndexAny(text[:end], "，,；;")
		clause := text[:end]
		if i >= 0 {
			_, size := utf8.DecodeRuneInString(text[i:])
			clause = text[i+size : end]
		}
		if len(mentions(clause)) > 0 {
			break
		}
		if containsAny(clause, reasonWords) {
			cut = max(i, 0)
		}
		if i < 0 {
			break
		}
		end = i
	}
	if cut < 0 {
		return text
	}
	return text[:cut]
}

// reasonWords open a clause giving the reason for a figure.
var reasonWords = []string{"主要原因", "原因是", "原因为", "由于", "因为", "主要是"}

func startsWithAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// statusWords mark a clause on what has become of a total (paid, spent so
// far), which ends its list of parts.
var statusWords = []string{"已", "目前", "截至", "截止", "实际", "尚未", "剩余"}

// adjustWords mark an adjustment of a total during the year that is not a
// part of it (an addition, 追加, may be one: "其中年初安排…，年中追加…").
var adjustWords = []string{"调减", "调增", "追减", "收回"}

// changeWords mark a change against another year, not an amount.
// statesChange reports whether the words before a figure state a change
// on another year; 增加值 (value added) is a quantity, not a change.
func statesChange(words string) bool {
	return containsAny(carryOver.Replace(strings.ReplaceAll(words, "增加值", "")), changeWords)
}

// carryOver drops the names of money carried over from last year (上年结转,
// 上年结余): a part of this year's income, not a change on last year.
var carryOver = strings.NewReplacer("上年结转", "", "上年结余", "", "上年度结转", "", "上年度结余", "")

var changeWords = []string{"增加", "减少", "增长", "下降", "上年", "同比", "增幅", "降幅", "增减", "较", "比", "降低"}

func onlyPercent(ms []mention) bool {
	for _, m := range ms {
		if m.unit != "%" && m.unit != "％" {
			return false
		}
	}
	return true
}

// clauseBefore is the clause that ends at byte i of s: from the last
// punctuation before it.
// Punctuation inside brackets does not end a clause: in "固定资产原值（房屋、
// 车辆等）21440.30万元" the clause is the whole label.
func clauseBefore(s string, i int) string {
	head := s[:i]
	depth := 0
	// A clause is a label's length: the scan stops 200 characters back,
	// so that a text without separators costs no more than one with them.
	stop := max(0, len(head)-600)
	for j := len(head); j > stop; {
		r, size := lastRune(head[:j])
		j -= size
		switch {
		case r == '）' || r == ')':
			depth++
		case (r == '（' || r == '(') && depth > 0:
			depth--
		case depth == 0 && strings.ContainsRune("，,。；;：:、", r):
			return strings.TrimSpace(head[j+size:])
		}
	}
	if stop > 0 {
		return strings.TrimSpace(strings.ToValidUTF8(head[stop:], ""))
	}
	return strings.TrimSpace(head)
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			r := []rune(s[i:])
			return r[0], len(s) - i
		}
	}
	return 0, 0
}

// splitItems splits a list of parts at ，、；.
// Bracketed text ("财政拨款800万元（含上年结转50万元）") says more about the
// part before it: it is left out of the item.
func splitItems(s string) []string { return splitAt(s, false) }

// splitAt splits s at ，、；。 outside brackets, keeping the bracketed text
// in its item when keep is set.
func splitAt(s string, keep bool) []string { return splitOn(s, "，,、；;。", keep) }

// splitOn splits s at the runes of seps outside brackets, keeping the
// bracketed text in its item when keep is set.
func splitOn(s, seps string, keep bool) []string {
	var out []string
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '（' || r == '(':
			depth++
		case (r == '）' || r == ')') && depth > 0:
			depth--
			if keep {
				b.WriteRune(r)
			}
			continue
		case depth == 0 && strings.ContainsRune(seps, r):
			if b.Len() > 0 {
				out = append(out, b.String())
			}
			b.Reset()
			continue
		}
		if depth == 0 || keep {
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func orLabel(label string) string {
	label = strings.TrimSuffix(strings.TrimSuffix(label, "为"), "是")
	if label == "" {
		return "合计"
	}
	return label
}

// assets checks "固定资产原值X万元，累计折旧Y万元，固定资产净值Z万元" (T09):
// 原值 − 累计折旧 = 净值, within rounding.
func (a *auditor) assets() {
	for _, s := range a.whole {
		var orig, dep, net *mention
		for _, m := range mentions(s.text) {
			if _, ok := money(m.unit); !ok {
				continue
			}
			label := clauseBefore(s.text, m.start)
			m := m
			switch {
			case strings.Contains(label, "原值") && orig == nil:
				orig = &m
			case strings.Contains(label, "折旧") && dep == nil:
				dep = &m
			case strings.Contains(label, "净值") && net == nil:
				net = &m
			}
		}
		if orig == nil || dep == nil || net == nil || orig.unit != dep.unit || dep.unit != net.unit {
			continue
		}
		a.checked["T09"]++
		got := orig.value.Sub(dep.value)
		diff := got.Sub(net.value).Abs()
		if diff.IsZero() {
			continue
		}
		nums := []jixiao.Number{{Name: "固定资产原值", Value: orig.text}, {Name: "累计折旧", Value: dep.text}, {Name: "固定资产净值", Value: net.text}}
		arith := fmt.Sprintf("%s − %s = %s", written(*orig), written(*dep), jixiao.Fixed(got, maxPlaces(*orig, *dep, *net)))
		if tol := tolerance(*orig, *dep, *net); diff.LessThanOrEqual(tol) {
			a.add(s, "T09", jixiao.SeverityInfo, fmt.Sprintf("固定资产原值减累计折旧为%s%s，与所述净值%s%s相差%s%s，在四舍五入误差内（%s）",
				fmtDec(got), net.unit, fmtDec(net.value), net.unit, fmtDec(diff), net.unit, arith), nums)
			continue
		}
		p := maxPlaces(*orig, *dep, *net)
		a.add(s, "T09", jixiao.SeverityError, fmt.Sprintf("固定资产原值减累计折旧为%s%s ≠ 所述净值%s%s，相差%s%s（%s）",
			jixiao.Fixed(got, p), net.unit, jixiao.Fixed(net.value, p), net.unit, jixiao.Fixed(diff, p), net.unit, arith), nums)
	}
}

// staffParts checks a total of people followed, without 其中, by its groups
// to the end of the sentence (T01): "在职人员81人，专业技术人员57人、管理人员
// 1人，工勤人员23人。". It is read only when every group is named as a kind
// of staff (…人员) and the groups are listed with 、, as a breakdown is; a
// gap is a warning, since 其中 is not written.
func (a *auditor) staffParts() {
	for _, s := range a.whole {
		ms := outsideBrackets(s.text, mentions(s.text))
		for i := 0; i+2 < len(ms); i++ {
			total := ms[i]
			label := clauseBefore(s.text, total.start)
			if total.unit != "人" || !containsAny(label, staffWords) || strings.Contains(label, "其中") {
				continue
			}
			rest := s.text[total.end:]
			if !strings.HasPrefix(rest, "，") && !strings.HasPrefix(rest, ",") {
				continue
			}
			var parts []mention
			var names []string
			listed := false
			j := i + 1
			for ; j < len(ms) && ms[j].unit == "人"; j++ {
				name := clauseBefore(s.text, ms[j].start)
				if !strings.HasSuffix(name, "人员") || containsAny(name, changeWords) {
					break
				}
				between := s.text[ms[j-1].end:ms[j].start]
				listed = listed || strings.HasPrefix(between, "、")
				parts = append(parts, ms[j])
				names = append(names, name)
			}
			tail := strings.TrimSpace(s.text[ms[j-1].end:])
			if len(parts) < 2 || !listed || j < len(ms) || strings.Trim(tail, "。；;") != "" {
				continue
			}
			n := len(a.findings)
			a.partsAgainst(s, label, total, parts, names)
			a.soften(n, "；原文未写“其中”，按其后各类人员为总数的构成核对")
			break
		}
	}
}

// allHan reports whether s is Chinese characters only.
func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// sourceWords name where money comes from.
var sourceWords = []string{"中央", "省级", "省", "市级", "市本级", "市", "县级", "县", "区级", "地方", "自治区", "盟市", "旗县", "乡镇", "财政", "自筹", "社会", "银行", "债券", "其他"}

// sourcesWithoutQizhong checks an amount followed, without 其中, by the
// same kind of money from each source to the end of its sentence (T01):
// "完成补助2300.67万元，中央补助442.43万元，地方财政补助1858.24万元；". The
// parts are read only when each names a source (中央, 省级, 地方, 自筹 …)
// and its words end as the total's do (补助, 资金, 投资); a gap is a
// warning, since 其中 is not written.
func (a *auditor) sourcesWithoutQizhong() {
	for _, s := range a.sents {
		ms := outsideBrackets(s.text, mentions(s.text))
		if len(ms) < 3 || strings.Contains(s.text, "其中") {
			continue
		}
		total := ms[0]
		if _, ok := money(total.unit); !ok {
			continue
		}
		label := []rune(phraseBefore(s.text, total.start))
		if len(label) < 2 {
			continue
		}
		end := string(label[len(label)-2:])
		var parts []mention
		var names []string
		ok := true
		for _, m := range ms[1:] {
			name := phraseBefore(s.text, m.start)
			between := strings.TrimSpace(s.text[max(total.end, lastEnd(parts)):m.start])
			if !sameKind(total, m) || !strings.HasSuffix(name, end) || !containsAny(name, sourceWords) || containsAny(clauseBefore(s.text, m.start), statusWords) ||
				!strings.HasPrefix(between, "，") && !strings.HasPrefix(between, "、") && !strings.HasPrefix(between, ",") {
				ok = false
				break
			}
			parts = append(parts, m)
			names = append(names, name)
		}
		if !ok || len(parts) < 2 || strings.Trim(s.text[parts[len(parts)-1].end:], "。；;，, ") != "" {
			continue
		}
		n := len(a.findings)
		a.partsAgainst(s, string(label), total, parts, names)
		a.soften(n, "；原文未写“其中”，按其后各来源为总额的构成核对")
	}
}

// lastEnd is where the last of parts ends (0 for none).
func lastEnd(parts []mention) int {
	if len(parts) == 0 {
		return 0
	}
	return parts[len(parts)-1].end
}

// wholeAfter is the index of the first part at least as large as the
// total, or -1.
func wholeAfter(total mention, parts []mention) int {
	want := total.value.Mul(scaleOf(total.unit))
	// After parts that are all nil ("其中行政机构0个，…事业机构0个，其他事业
	// 机构1个") the whole may well be the last part.
	before := decimal.Zero
	for k, p := range parts {
		v := p.value.Mul(scaleOf(p.unit))
		if v.GreaterThanOrEqual(want) && !before.IsZero() {
			return k
		}
		before = before.Add(v.Abs())
	}
	return -1
}

// namedWithinRe opens a sentence breaking down a total named before it:
// "拨款收入中，教育经费拨款…", "项目支出当中，…", "全盟一般公共预算收入中，…".
var namedWithinRe = regexp.MustCompile(`^([\p{Han}]{2,16}?)(?:当)?中[，,：:]`)

// namedWithin checks the parts of a sentence opening with a total's name
// and 中 against that total: the nearest amount before it, in its
// paragraph or the one before, whose words end with the name (T01).
func (a *auditor) namedWithin() {
	for k, s := range a.whole {
		m := namedWithinRe.FindStringSubmatchIndex(strings.TrimSpace(s.text))
		if m == nil {
			continue
		}
		lead := len(s.text) - len(strings.TrimLeft(s.text, " \t"))
		name := s.text[lead+m[2] : lead+m[3]]
		tail := s.text[lead+m[1]:]
		first := mentions(tail)
		if len(first) == 0 {
			continue
		}
		base, found := a.namedBaseWithin(k, 1, name, first[0])
		if !found {
			continue
		}
		a.breakdown(s, base, name, tail, nil)
	}
}

// pairedCount is the count stated in the clause before a count or money
// total, of another unit ("学校327所（含教学点），学生57684人", "共安排6个项目，
// 项目总投资1259万元"): the parts after 其中 give one of each.
func pairedCount(head string, total mention) (mention, bool) {
	_, isMoney := money(total.unit)
	if !countUnit(total.unit) && !isMoney {
		return mention{}, false
	}
	h := strings.TrimRight(head, "，,：: ")
	ms := outsideBrackets(h, mentionsBefore(h))
	if len(ms) < 2 {
		return mention{}, false
	}
	last, prev := ms[len(ms)-1], ms[len(ms)-2]
	if last.start != total.start || !countUnit(prev.unit) || sameUnit(prev.unit, total.unit) {
		return mention{}, false
	}
	// Only the bracketed note and the second count's label between them.
	between := h[prev.end:last.start]
	if utf8.RuneCountInString(between) > 40 || strings.ContainsAny(between, "；;。") {
		return mention{}, false
	}
	return prev, true
}

// pairedAlike reports whether a part counts what total counts: amounts of
// money in any unit, the same unit, or 项 and 个 (“共安排6个项目……其中：基础
// 设施建设项目3项”).
func pairedAlike(part, total mention) bool {
	if _, ok := money(total.unit); ok {
		_, partMoney := money(part.unit)
		return partMoney
	}
	generic := func(u string) bool { return u == "个" || u == "项" }
	return sameUnit(part.unit, total.unit) || generic(part.unit) && generic(total.unit)
}

// pairedBreakdown checks two count totals against parts that give one of
// each ("…A 3所，学生2303人；B 4所，学生3191人…"); a count qualifying a name
// ("50人以上村级小学") is no part. Any other figure leaves both unchecked.
// It reports false when the parts do not give two of each.
func (a *auditor) pairedBreakdown(s sentence, first, second mention, tail string) bool {
	if j := strings.Index(tail, "其中"); j >= 0 {
		tail = tail[:j]
	}
	var ps [2][]mention
	var names [2][]string
	for _, item := range partItems(strings.NewReplacer("；", "，", ";", "，").Replace(tail)) {
		for _, m := range outsideBrackets(item, mentions(item)) {
			if startsWithAny(strings.TrimLeft(item[m.end:], " "), []string{"以上", "以下", "以内", "及以上"}) {
				continue
			}
			switch {
			case pairedAlike(m, first):
				ps[0], names[0] = append(ps[0], m), append(names[0], strings.TrimSpace(item[:m.start]))
			case pairedAlike(m, second):
				ps[1], names[1] = append(ps[1], m), append(names[1], strings.TrimSpace(item[:m.start]))
			default:
				return true
			}
		}
	}
	if len(ps[0]) < 2 || len(ps[1]) < 2 {
		return false
	}
	a.partsAgainst(s, clauseBefore(s.text, first.start), first, ps[0], names[0])
	a.partsAgainst(s, clauseBefore(s.text, second.start), second, ps[1], names[1])
	return true
}

// sameEnding reports whether two names end with the same n characters.
func sameEnding(a, b string, n int) bool {
	ra, rb := []rune(a), []rune(b)
	return len(ra) >= n && len(rb) >= n && string(ra[len(ra)-n:]) == string(rb[len(rb)-n:])
}

// cutAtTextEnd reports whether sentence s ends the text unfinished: the
// last words of its last line, after a separator, not a full stop.
func (a *auditor) cutAtTextEnd(s sentence) bool {
	last, ok := a.textEndsWith(s)
	return ok && strings.ContainsRune("；;，,、：:", last)
}

// textEndsWith is the last character of the text when sentence s is what
// the text ends with.
func (a *auditor) textEndsWith(s sentence) (rune, bool) {
	if s.para < 1 || s.para > len(a.doc.Paragraphs) {
		return 0, false
	}
	p := a.doc.Paragraphs[s.para-1]
	if s.end != len(p) {
		return 0, false
	}
	for _, q := range a.doc.Paragraphs[s.para:] {
		if strings.TrimSpace(q) != "" {
			return 0, false
		}
	}
	last, _ := lastRune(strings.TrimSpace(p))
	return last, true
}

// totalShareRe is the share a total is said to be of a larger whole, right
// after it: "，占总收入99.90%".
var totalShareRe = regexp.MustCompile(`^\s*[，,]\s*占[\p{Han}]{0,8}?(` + numberRe.String() + `)\s*[%％]`)

// wholeOfTotal is the whole that total is a stated share of (in 元 for
// money): total ÷ its share.
func wholeOfTotal(s sentence, total mention) (decimal.Decimal, bool) {
	if total.end > len(s.text) || s.text[total.start:total.end] != total.text {
		return decimal.Zero, false
	}
	m := totalShareRe.FindStringSubmatch(s.text[total.end:])
	if m == nil {
		return decimal.Zero, false
	}
	pct, err := decimal.NewFromString(normalize(m[1]))
	if err != nil || !pct.IsPositive() || pct.GreaterThanOrEqual(decimal.NewFromInt(100)) {
		return decimal.Zero, false
	}
	return total.value.Mul(scaleOf(total.unit)).Mul(decimal.NewFromInt(100)).DivRound(pct, 8), true
}
