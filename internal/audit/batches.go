package audit

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
)

// batchRe finds work or money in a number of batches or phases: "分三批实施",
// "分两批次下达", "分2期建设". Group 1 the number, 2 the word.
var batchRe = regexp.MustCompile(`分([0-9]{1,2}|[一二两三四五六七八九十]{1,3})(批次|批|期)`)

// ordinalRe finds a batch named by its place: "一批", "第二批", "第3期".
var ordinalRe = regexp.MustCompile(`(?:第)?([0-9]{1,2}|[一二三四五六七八九十]{1,3})(批次|批|期)`)

// batches checks a number of batches against the batches the sentence then
// gives (T02): named by their places ("分三批实施，一批…，二批…，三批…，合计
// …"), or one amount each after 其中 ("分两批次下达，其中…下达1800万元，…下达
// 60万元。"). Fewer batches named than stated is taken as a gap only when the
// listing is closed: a 合计 after the last one, or one amount per clause to
// the end of the sentence.
func (a *auditor) batches() {
	for _, s := range a.whole {
		for _, bm := range batchRe.FindAllStringSubmatchIndex(s.text, -1) {
			n, ok := chineseNumber(s.text[bm[2]:bm[3]])
			if !ok || n < 2 {
				continue
			}
			rest := s.text[bm[1]:]
			got, closed, how := namedBatches(rest)
			if got < 2 {
				var amounts []mention
				got, closed, amounts = amountClauses(rest)
				how = "其后分列的金额"
				if closed && got == n {
					a.batchTotal(s, amounts)
				}
			}
			if got < 2 || got < n && !closed {
				continue
			}
			a.checked["T02"]++
			if got == n {
				continue
			}
			stated := s.text[bm[0]:bm[1]]
			a.add(s, "T02", jixiao.SeverityError, fmt.Sprintf("所称%s，%s列出%d批", stated, how, got),
				[]jixiao.Number{{Name: "所称批数", Value: stated}, {Name: "列出批数", Value: itoa(got)}})
		}
	}
}

// namedBatches counts the batches named by their places in text: 1, 2, …
// in order; closed when a total follows the last.
func namedBatches(text string) (n int, closed bool, how string) {
	last := -1
	for _, m := range ordinalRe.FindAllStringSubmatchIndex(text, -1) {
		k, ok := chineseNumber(text[m[2]:m[3]])
		if !ok || k != n+1 {
			continue
		}
		n, last = k, m[1]
	}
	if n >= 2 {
		closed = containsAny(text[last:], []string{"合计", "共计", "总计"})
	}
	return n, closed, "按次序"
}

// amountClauses counts the clauses after 其中 (or a colon) at the start of
// text, each with one amount of money; closed when every clause to the end
// of the sentence has one.
func amountClauses(text string) (n int, closed bool, amounts []mention) {
	i := strings.Index(text, "其中")
	if i < 0 || i > 12 {
		return 0, false, nil
	}
	closed = true
	for _, c := range strings.FieldsFunc(text[i+len("其中"):], func(r rune) bool { return strings.ContainsRune("，,；;。", r) }) {
		var one []mention
		for _, m := range mentions(c) {
			if _, ok := money(m.unit); ok {
				one = append(one, m)
			}
		}
		if len(one) != 1 {
			closed = false
			break
		}
		n++
		amounts = append(amounts, one[0])
	}
	return n, closed, amounts
}

// batchTotal checks the amounts of all the batches against the one total
// the paragraph names (共, 合计, 总投资, 总额) when their sentence states
// none (T01): "工程总投资1860万元。…项目资金分两批次下达，其中…1800万元，…60万元。".
func (a *auditor) batchTotal(s sentence, amounts []mention) {
	total, label, _, ok := a.namedTotal(s.para-1, s.para)
	if !ok || total.start >= s.start && total.start < s.end {
		return
	}
	names := make([]string, len(amounts))
	for i := range amounts {
		names[i] = "第" + itoa(i+1) + "批"
	}
	a.partsAgainst(s, label, total, amounts, names)
}

// eachRe finds the same amount given to each of several: "分别下达北川县和
// 南岭市各80万元". Groups: the verb, the list, the amount with its unit.
var eachRe = regexp.MustCompile(`分别(下达|安排|拨付|下拨|分配)([^，,。；;各]{2,80}?)各\s*(` + numberRe.String() + `\s*(?:万元|亿元|元))`)

// eachParts checks such an allocation against the amount the paragraph
// stated before it under the same verb (T01): the items of the list, each
// given the amount, add up to it ("文件下达…工程160万元。……分别下达A和B各80
// 万元").
func (a *auditor) eachParts() {
	for _, s := range a.whole {
		for _, m := range eachRe.FindAllStringSubmatchIndex(s.text, -1) {
			verb, list := s.text[m[2]:m[3]], s.text[m[4]:m[5]]
			items, joined := listItems(list)
			if joined != nil && len(items) < 2 {
				items = joined
			}
			if len(items) < 2 {
				continue
			}
			one := mentions(s.text[m[6]:m[7]])
			if len(one) != 1 {
				continue
			}
			// The total: the last amount before, in this paragraph, under
			// the same verb and not a rate (每…).
			para := a.doc.Paragraphs[s.para-1]
			var total mention
			found := false
			for _, x := range mentions(para[:s.start+m[0]]) {
				if _, ok := money(x.unit); !ok {
					continue
				}
				if c := clauseBefore(para, x.start); strings.Contains(c, verb) && !strings.Contains(c, "每") {
					total, found = x, true
				}
			}
			if !found {
				continue
			}
			parts := make([]mention, len(items))
			names := make([]string, len(items))
			for i, it := range items {
				parts[i], names[i] = one[0], it
			}
			a.partsAgainst(s, verb, total, parts, names)
		}
	}
}
