package audit

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Evaluation results are told as how many got each grade, after how many
// were evaluated: "报送…绩效自评2630个…。单位自评结果“优秀”1812个、“良好”171
// 个、“中”536个、“差”111个". gradeCounts checks that the grades' counts add
// up to the count evaluated, stated before them in their paragraph (T01):
// the last count in the same unit whose clause names an evaluation.

// gradeCountRe is one grade's count: its grade word, quoted or not, and
// the count with its unit.
var gradeCountRe = regexp.MustCompile(`[“"]?(优秀|良好|优|良|中|合格|一般|较差|不合格|差)[”"]?(?:等次|等级|的|为)?\s*([0-9]+)\s*(个|项|家|所)`)

// evaluatedWords mark a count of what was evaluated.
var evaluatedWords = []string{"评价", "自评", "评审", "考核"}

func (a *auditor) gradeCounts() {
	for k, s := range a.whole {
		ms := gradeCountRe.FindAllStringSubmatchIndex(s.text, -1)
		if len(ms) < 3 {
			continue
		}
		// One list: the grades in a row, separated by 、，, and each grade
		// once, in one unit.
		unit := s.text[ms[0][6]:ms[0][7]]
		seen := map[string]bool{}
		list := true
		sum := decimal.Zero
		var terms []string
		for i, m := range ms {
			grade := s.text[m[2]:m[3]]
			// A grade of one character stands alone or quoted: not the 中
			// of 其中.
			if r, _ := utf8.DecodeLastRuneInString(s.text[:m[0]]); m[2] == m[0] && utf8.RuneCountInString(grade) == 1 && unicode.Is(unicode.Han, r) && !strings.ContainsRune("为是", r) {
				list = false
				break
			}
			if seen[grade] || s.text[m[6]:m[7]] != unit || i > 0 && strings.Trim(s.text[ms[i-1][1]:m[0]], "、，, ") != "" {
				list = false
				break
			}
			seen[grade] = true
			v, _ := decimal.NewFromString(s.text[m[4]:m[5]])
			sum = sum.Add(v)
			terms = append(terms, s.text[m[4]:m[7]])
		}
		if !list {
			continue
		}
		total, ok := a.evaluatedCount(k, ms[0][0], unit)
		if !ok {
			continue
		}
		a.checked["T01"]++
		if total.value.Equal(sum) {
			continue
		}
		a.add(s, "T01", jixiao.SeverityError, fmt.Sprintf("各等级的个数之和为%s%s（%s），与所述评价的%s不符", fmtDec(sum), unit, strings.Join(terms, " + "), total.text),
			[]jixiao.Number{{Name: "评价个数", Value: total.text}, {Name: "各等级之和", Value: fmtDec(sum) + unit}})
	}
}

// evaluatedCount is the last whole count in unit before byte at of
// sentence k, in its sentence or the ones before in its paragraph, whose
// clause names an evaluation ("报送2023年度支出项目绩效自评2630个").
func (a *auditor) evaluatedCount(k, at int, unit string) (mention, bool) {
	for j := k; j >= 0 && a.whole[j].para == a.whole[k].para; j-- {
		text := a.whole[j].text
		if j == k {
			text = text[:at]
		}
		found := mentions(text)
		for i := len(found) - 1; i >= 0; i-- {
			m := found[i]
			if m.unit != unit || m.places != 0 {
				continue
			}
			if containsAny(text[clauseStart(text, m.start):m.start], evaluatedWords) {
				return m, true
			}
		}
	}
	return mention{}, false
}
