package audit

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
)

// mention is a number stated in a sentence with its unit.
type mention struct {
	value      decimal.Decimal
	text       string // as written, with its unit
	unit       string
	places     int32 // decimals written
	start, end int   // byte offsets in the sentence
}

// units are the units the audit reads after numbers, longest first.
// Foreign currencies are read so that no check takes their figures for
// something else; they are not money in 元 (money reports false).
var units = []string{"亿美元", "万美元", "美元", "亿港元", "万港元", "港元", "万亿元", "亿元", "万元", "千元", "元", "万平方米", "平方米", "万㎡", "㎡", "m²", "平方公里", "万亩", "亩", "公顷", "hm²", "hm2", "hm", "公里", "千米", "km", "立方米", "m³", "米",
	"万吨", "吨", "亿斤", "万斤", "斤/亩", "公斤/亩", "千克", "公斤", "斤",
	"人次", "万人", "人", "个", "项", "件", "宗", "处", "次", "户", "名", "家", "所", "条", "座", "台", "辆", "份", "张", "套", "期", "批", "类", "天", "分", "%", "％",
	// "29.6万" with no word after it: an amount in 万元, as reports write it.
	"万"}

var numberRe = regexp.MustCompile(`[0-9０-９]+(?:[,，\x01]\x02?[0-9０-９]{3})*(?:[.．][0-9０-９]+)?`)

// thousandsMark stands, in the text the checks read, for a comma that
// separates thousands ("27,664.71万元"), so that no check takes it for the
// end of a clause or an item; it has the comma's length, so offsets stay
// those of the report, and findings show the comma again (unmark).
// thousandsSpace stands for a space a copy left after such a comma ("1,
// 537.4万元").
const (
	thousandsMark  = '\x01'
	thousandsSpace = '\x02'
)

// markThousands replaces each ASCII comma between a digit and three digits
// not followed by another digit with thousandsMark, and a space between
// them with thousandsSpace.
func markThousands(s string) string {
	if !strings.Contains(s, ",") {
		return s
	}
	b := []byte(s)
	digit := func(i int) bool { return i >= 0 && i < len(b) && b[i] >= '0' && b[i] <= '9' }
	for i := range b {
		if b[i] != ',' || !digit(i-1) {
			continue
		}
		switch {
		case digit(i+1) && digit(i+2) && digit(i+3) && !digit(i+4):
			b[i] = thousandsMark
		case i+1 < len(b) && b[i+1] == ' ' && digit(i+2) && digit(i+3) && digit(i+4) && !digit(i+5) && !(i+5 < len(b) && b[i+5] == ','):
			b[i], b[i+1] = thousandsMark, thousandsSpace
		}
	}
	return string(b)
}

// unmark puts the commas and spaces markThousands replaced back.
func unmark(s string) string {
	return strings.NewReplacer(string(thousandsMark), ",", string(thousandsSpace), " ").Replace(s)
}

// mentions lists the numbers of a sentence that carry one of units; a
// number followed by 年, 月 or 日 (a date) is not one.
func mentions(s string) []mention {
	var out []mention
	for _, loc := range numberRe.FindAllStringIndex(s, -1) {
		raw := s[loc[0]:loc[1]]
		rest := strings.TrimLeft(s[loc[1]:], " ")
		unit := ""
		for _, u := range units {
			if strings.HasPrefix(rest, u) {
				unit = u
				break
			}
		}
		if unit == "" {
			continue
		}
		// "5.36批次/千人", "1000元/人": a figure per something is a
		// rate, not a quantity of its unit.
		if perUnitRe.MatchString(rest[len(unit):]) && !strings.Contains(unit, "/") {
			continue
		}
		// "2024年" and "10月" are dates; a number inside a longer run of
		// letters and digits (a document number) is not a figure.
		if loc[0] > 0 && isLetter(s[loc[0]-1]) {
			continue
		}
		// "支С?8639萬元": a page whose encoding was lost may have lost a
		// digit with it; a figure right after ? or � is not read.
		if loc[0] > 0 && (s[loc[0]-1] == '?' || strings.HasSuffix(s[:loc[0]], "\uFFFD")) {
			continue
		}
		norm := normalize(raw)
		d, err := decimal.NewFromString(norm)
		if err != nil {
			continue
		}
		places := decimalPlaces(norm)
		if unit == "％" {
			unit = "%"
		}
		end := loc[1] + (len(s[loc[1]:]) - len(rest)) + len(unitOf(rest, unit))
		start := loc[0]
		if size := minusBefore(s, loc[0]); size > 0 {
			if _, isMoney := money(unit); isMoney {
				// "省直达-13.27万元": an amount taken away.
				d, start = d.Neg(), loc[0]-size
			}
		}
		out = append(out, mention{value: d, text: s[start:end], unit: unit, places: places, start: start, end: end})
	}
	return out
}

// perUnitRe starts what follows a unit that makes it a rate: "/千人",
// "次/千人" (批次 read as 批).
var perUnitRe = regexp.MustCompile(`^\p{Han}?[/／]`)

// lookBack is how far back, in bytes, a check looks from a point for the
// figure the words there are about: a few clauses. Looking no further keeps
// a long sentence with many such points from costing its length squared.
const lookBack = 900

// mentionsBefore is mentions of the last lookBack bytes of text, with
// offsets in text; the window starts after a separator, so that it cuts
// no number.
func mentionsBefore(text string) []mention {
	cut := 0
	if len(text) > lookBack {
		cut = len(text) - lookBack
		if i := strings.IndexAny(text[cut:], "，,。；;：: \t"); i >= 0 {
			cut += i
		}
		for cut < len(text) && !utf8.RuneStart(text[cut]) {
			cut++
		}
	}
	ms := mentions(text[cut:])
	for i := range ms {
		ms[i].start += cut
		ms[i].end += cut
	}
	return ms
}

// minusBefore is the length of a minus sign right before byte i of s that
// belongs to the number there (after a word, not after a figure: "30-50
// 万元" is a range), or 0.
func minusBefore(s string, i int) int {
	r, size := utf8.DecodeLastRuneInString(s[:i])
	if r != '-' && r != '－' && r != '−' {
		return 0
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i-size])
	if prev == utf8.RuneError || !unicode.Is(unicode.Han, prev) && prev != '：' && prev != ':' && prev != '（' && prev != '(' && prev != ' ' {
		return 0
	}
	return size
}

func unitOf(rest, unit string) string {
	if unit == "%" && strings.HasPrefix(rest, "％") {
		return "％"
	}
	return unit
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

// normalize turns full-width digits and points into ASCII and drops
// thousands separators.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '．':
			b.WriteByte('.')
		case r == ',' || r == '，' || r == thousandsMark || r == thousandsSpace:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The sizes of the money units in 元, made once: money is asked for every
// figure many times over.
var (
	oneYuan         = decimal.NewFromInt(1)
	thousandYuan    = decimal.NewFromInt(1_000)
	tenThousandYuan = decimal.NewFromInt(10_000)
	hundredMillion  = decimal.NewFromInt(100_000_000)
	trillionYuan    = decimal.NewFromInt(1_000_000_000_000)
)

// money reports whether a unit is an amount of money, and its size in 元.
func money(unit string) (decimal.Decimal, bool) {
	switch unit {
	case "元":
		return oneYuan, true
	case "千元":
		return thousandYuan, true
	case "万元", "万":
		return tenThousandYuan, true
	case "亿元":
		return hundredMillion, true
	case "万亿元":
		return trillionYuan, true
	}
	return decimal.Zero, false
}

// moneyOf lists the amounts of money of text.
func moneyOf(text string) []mention {
	var out []mention
	for _, m := range mentions(text) {
		if _, ok := money(m.unit); ok {
			out = append(out, m)
		}
	}
	return out
}

// countUnit reports whether a unit counts things.
func countUnit(unit string) bool {
	switch unit {
	case "个", "项", "件", "宗", "处", "次", "户", "名", "家", "所", "条", "座", "台", "辆", "份", "张", "套", "期", "批", "人", "人次":
		return true
	}
	return false
}

// tolerance is how far a sum of rounded figures may be from a rounded
// total: half a unit of the last decimal of each figure.
func tolerance(ms ...mention) decimal.Decimal {
	t := decimal.Zero
	for _, m := range ms {
		t = t.Add(decimal.New(5, -m.places-1))
	}
	return t
}

// maxPlaces is the most decimals any of ms is written with: a sum or a
// difference of them is shown to as many.
func maxPlaces(ms ...mention) int32 {
	var p int32
	for _, m := range ms {
		p = max(p, m.places)
	}
	return p
}

// written is a mention's number as the report writes it, without its unit.
func written(m mention) string { return jixiao.Fixed(m.value, m.places) }

// fmtDec writes a decimal plainly.
func fmtDec(d decimal.Decimal) string { return jixiao.Plain(d) }

func itoa(n int) string { return strconv.Itoa(n) }

// chineseNumber reads 一 … 九十九 (and plain digits).
func chineseNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(normalize(s)); err == nil {
		return n, true
	}
	digits := map[rune]int{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10, true
	case len(r) == 1:
		d, ok := digits[r[0]]
		return d, ok
	case len(r) == 2 && r[0] == '十':
		d, ok := digits[r[1]]
		return 10 + d, ok
	case len(r) == 2 && r[1] == '十':
		d, ok := digits[r[0]]
		return d * 10, ok
	case len(r) == 3 && r[1] == '十':
		a, ok1 := digits[r[0]]
		b, ok2 := digits[r[2]]
		return a*10 + b, ok1 && ok2
	}
	return 0, false
}

// statedPercent reads a stated percentage ("99.3", "99.3%", "９５％") with
// the decimals it is written to.
func statedPercent(raw string) (decimal.Decimal, int32, bool) {
	raw = strings.TrimRight(normalize(strings.TrimSpace(raw)), "%％")
	d, err := decimal.NewFromString(raw)
	if err != nil {
		return decimal.Zero, 0, false
	}
	return d, decimalPlaces(raw), true
}

// percentAgrees computes part / whole in per cent and whether it rounds to
// stated at its places; whole must be positive. The part and the whole are
// themselves rounded where they are written (by up to slackPart and
// slackWhole): the per cent agrees when any value within those bounds
// rounds to stated ("45.76 / 75.20 = 60.85%" may be 45.755 / 75.205 =
// 60.84%, written 60.8%). Counts have no slack.
func percentAgrees(part, whole, stated decimal.Decimal, places int32, slackPart, slackWhole decimal.Decimal) (decimal.Decimal, bool) {
	hundred := decimal.NewFromInt(100)
	got := part.Mul(hundred).Div(whole)
	if got.Round(places).Equal(stated) {
		return got, true
	}
	if !whole.Sub(slackWhole).IsPositive() {
		return got, false
	}
	lo := part.Sub(slackPart).Mul(hundred).Div(whole.Add(slackWhole))
	hi := part.Add(slackPart).Mul(hundred).Div(whole.Sub(slackWhole))
	half := decimal.New(5, -places-1)
	return got, stated.Add(half).GreaterThan(lo) && stated.Sub(half).LessThan(hi)
}

// slack is how far a written figure may be from what it rounds: half a
// unit of its last decimal, in base units (元 for money); none for a count.
func slack(m mention) decimal.Decimal {
	if exactCount(m) {
		return decimal.Zero
	}
	return decimal.New(5, -m.places-1).Mul(scaleOf(m.unit))
}

// exactCount reports whether m counts things in whole numbers ("12所",
// "95名"): such a count is exact, not rounded.
func exactCount(m mention) bool { return m.places == 0 && countUnit(m.unit) }

// cellSlack is the slack of a number written in a form's cell.
func cellSlack(text string) decimal.Decimal {
	return decimal.New(5, -decimalPlaces(text)-1)
}

// decimalPlaces is how many decimals a written number has.
func decimalPlaces(s string) int32 {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return int32(len(s) - i - 1)
	}
	return 0
}
