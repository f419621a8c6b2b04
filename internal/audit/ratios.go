package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// A structure written as a ratio of three or more shares ("三次产业结构比为
// 21.9∶38.7∶39.4", "比例为1.9 :46.9 :51.2") is a split of a whole in per
// cent: its terms add up to 100, within the rounding of each (T03). A
// ratio whose terms add up to far from 100 (1∶2∶3, 105∶100∶98) is not such
// a split and is left alone.
var structureRe = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)(?:\s*[:：∶]\s*[0-9]+(?:\.[0-9]+)?){2,5}`)

// structureWords name a split of a whole in the words right before it.
var structureWords = []string{"结构", "比例", "比重"}

func (a *auditor) structureRatios() {
	for _, s := range a.sents {
		text := normalize(s.text)
		for _, m := range structureRe.FindAllStringIndex(text, -1) {
			before := []rune(text[:m[0]])
			if !containsAny(string(before[max(0, len(before)-12):]), structureWords) {
				continue
			}
			// A time of day or a date is not a ratio.
			if m[1] < len(text) && strings.ContainsAny(text[m[1]:m[1]+1], ":：∶0123456789") {
				continue
			}
			terms := regexp.MustCompile(`\s*[:：∶]\s*`).Split(text[m[0]:m[1]], -1)
			sum, slack := decimal.Zero, decimal.Zero
			places := int32(0)
			whole := true
			for _, t := range terms {
				d, err := decimal.NewFromString(t)
				if err != nil {
					whole = false
					break
				}
				sum = sum.Add(d)
				slack = slack.Add(cellSlack(t))
				places = max(places, decimalPlaces(t))
			}
			hundred := decimal.NewFromInt(100)
			gap := sum.Sub(hundred).Abs()
			if !whole || places == 0 || gap.GreaterThanOrEqual(decimal.NewFromInt(10)) {
				continue
			}
			a.checked["T03"]++
			if gap.LessThanOrEqual(slack) {
				continue
			}
			ratio := strings.TrimSpace(text[m[0]:m[1]])
			a.add(s, "T03", jixiao.SeverityError,
				fmt.Sprintf("结构比%s各项之和为%s，按百分比应为100（%s）", ratio, jixiao.Fixed(sum, places), strings.Join(terms, " + ")),
				[]jixiao.Number{{Name: "结构比", Value: ratio}, {Name: "各项之和", Value: jixiao.Fixed(sum, places)}})
		}
	}
}
