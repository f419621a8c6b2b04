package audit

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"jixiao"
)

// repeats finds the same quantity stated twice with different values
// (T07): the same words (at least four characters of the clause right
// before the number) and the same unit, in two paragraphs. Amounts of money are left out,
// since reports state them per stage; so are rates and scores.
func (a *auditor) repeats() {
	type seen struct {
		s sentence
		m mention
	}
	first := map[string]seen{}
	reported := map[string]bool{}
	for _, s := range a.sents {
		for _, m := range mentions(s.text) {
			if _, isMoney := money(m.unit); isMoney || m.unit == "%" || m.unit == "分" {
				continue
			}
			key := phraseBefore(s.text, m.start)
			if len([]rune(key)) < 4 || strings.Contains(key, "其中") {
				continue
			}
			// A target, a plan, another year or a comparison is a different
			// quantity under the same words.
			// The clause runs back over a colon: "年度指标值：培训人数500人".
			clause := s.text[:m.start]
			if i := strings.LastIndexAny(clause, "，,。；;"); i >= 0 {
				clause = clause[i:]
			}
			if containsAny(clause, otherQuantity) {
				continue
			}
			// A year in the clause is part of what is counted: "2023年培训
			// 人数" and "2024年培训人数" are two quantities.
			k := yearRe.FindString(normalize(clause)) + key + "|" + m.unit
			prev, ok := first[k]
			if !ok {
				first[k] = seen{s, m}
				continue
			}
			if prev.s.para == s.para {
				// Within one paragraph the same words with another number
				// are another object: the next unit side by side ("局机关
				// 在编98人…，下属中心在编45人…"), a part ("其中：…总占地面积
				// 35亩"), the next batch, the next row of a table.
				continue
			}
			a.checked["T07"]++
			if prev.m.value.Equal(m.value) || reported[k] {
				continue
			}
			reported[k] = true
			a.add(s, "T07", jixiao.SeverityWarning, fmt.Sprintf("“%s”在第%d%s为%s，在此处为%s", key, prev.s.para, a.doc.Unit, prev.m.text, m.text),
				[]jixiao.Number{{Name: "前文", Value: prev.m.text}, {Name: "此处", Value: m.text}}, prev.s.para)
		}
	}
}

var yearRe = regexp.MustCompile(`(?:19|20)[0-9]{2}年`)

// otherQuantity mark a clause whose number is not the year's result.
var otherQuantity = []string{"目标", "指标值", "计划", "预期", "预计", "年初", "上年", "去年", "同期", "同比", "环比", "相比", "增加", "减少", "增长", "下降",
	"不少于", "不低于", "不超过", "不高于", "以上", "以下", "累计", "每", "平均", "人均"}

// phraseBefore is the run of Chinese characters right before byte i of s,
// back to the last punctuation, digit or space.
func phraseBefore(s string, i int) string {
	r := []rune(s[:i])
	j := len(r)
	for j > 0 && unicode.Is(unicode.Han, r[j-1]) {
		j--
	}
	return string(r[j:])
}
