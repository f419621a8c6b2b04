package audit

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
)

// A share often names its base, stated sentences or paragraphs earlier:
// "本年支出1366.23万元……" then "财政拨款支出668.3万元，占本年支出的48.92%".
// namedShares finds the base by its name — the latest amount before the
// share, in its paragraph or the five before, whose words end with the name
// ("2018年本年支出") — and checks the share against part ÷ base (T03). A
// base in the share's own sentence is the breakdown's, checked with it.

// namedShareRe is a share with its base named: 占本年支出的48.92%.
var namedShareRe = regexp.MustCompile(`占(?:了)?([\p{Han}]{2,16}?)的?(?:比重|比例)?(?:为|达)?\s*(` + numberRe.String() + `)\s*[%％]`)

func (a *auditor) namedShares() {
	for k, s := range a.whole {
		for _, m := range namedShareRe.FindAllStringSubmatchIndex(s.text, -1) {
			name := s.text[m[2]:m[3]]
			part, ok := lastMention(s.text[:m[0]])
			if !ok || part.unit == "%" || part.unit == "分" {
				continue
			}
			if _, here := namedBase(s.text[:part.start], name, part); here {
				continue // the base in the same sentence: the breakdown's
			}
			base, found := mention{}, false
			for j := k - 1; j >= 0 && s.para-a.whole[j].para <= 5 && !found; j-- {
				base, found = namedBase(a.whole[j].text, name, part)
			}
			if !found {
				continue
			}
			b := base.value.Mul(scaleOf(base.unit))
			if !b.IsPositive() {
				continue
			}
			stated, places, ok := statedPercent(s.text[m[4]:m[5]])
			if !ok {
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
}

// lastMention is the last figure of text.
func lastMention(text string) (mention, bool) {
	ms := mentions(text)
	if len(ms) == 0 {
		return mention{}, false
	}
	return ms[len(ms)-1], true
}

// namedBase is the last figure of text of the part's kind whose words
// end with name.
func namedBase(text, name string, part mention) (mention, bool) {
	ms := mentions(text)
	for i := len(ms) - 1; i >= 0; i-- {
		if !sameKind(ms[i], part) {
			continue
		}
		label := strings.TrimRight(clauseBefore(text, ms[i].start), "：:为是达 ")
		if strings.HasSuffix(label, name) {
			return ms[i], true
		}
	}
	return mention{}, false
}
