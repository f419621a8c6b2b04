package jixiao

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Operator is the comparison an indicator's target is stated with (指标性质).
type Operator string

const (
	OpNone        Operator = ""
	OpEQ          Operator = "="
	OpGE          Operator = "≥"
	OpLE          Operator = "≤"
	OpGT          Operator = ">"
	OpLT          Operator = "<"
	OpQualitative Operator = "定性"
)

// Operators lists every operator a case file may name.
var Operators = []Operator{OpEQ, OpGE, OpLE, OpGT, OpLT, OpQualitative}

// Reverse reports whether a larger actual value is worse (≤, <): cost and
// complaint-rate indicators.
func (o Operator) Reverse() bool { return o == OpLE || o == OpLT }

// Valid reports whether o is empty or one of Operators.
func (o Operator) Valid() bool {
	if o == OpNone {
		return true
	}
	for _, v := range Operators {
		if o == v {
			return true
		}
	}
	return false
}

// ParseOperator accepts the spellings users type: ≥ ≧ >= ＞＝ 不低于 …
func ParseOperator(s string) (Operator, bool) {
	s = strings.TrimSpace(normalizeWidth(s))
	if s == "" {
		return OpNone, true
	}
	if s == "定性" || s == "定性指标" {
		return OpQualitative, true
	}
	op, rest := cutOperator(s)
	if rest != "" || op == OpNone {
		return OpNone, false
	}
	return op, true
}

// operatorSpellings maps what users type to an Operator, longest first so
// that ">=" wins over ">".
var operatorSpellings = []struct {
	text string
	op   Operator
}{
	{"大于或等于", OpGE}, {"小于或等于", OpLE}, {"大于等于", OpGE}, {"小于等于", OpLE},
	{"不低于", OpGE}, {"不少于", OpGE}, {"不小于", OpGE}, {"至少", OpGE},
	{"不高于", OpLE}, {"不超过", OpLE}, {"不大于", OpLE}, {"不多于", OpLE}, {"最多", OpLE},
	{">=", OpGE}, {"<=", OpLE}, {"=>", OpGE}, {"=<", OpLE}, {"==", OpEQ},
	{"≥", OpGE}, {"≧", OpGE}, {"⩾", OpGE}, {"≤", OpLE}, {"≦", OpLE}, {"⩽", OpLE},
	{"大于", OpGT}, {"高于", OpGT}, {"超过", OpGT}, {"小于", OpLT}, {"低于", OpLT}, {"等于", OpEQ},
	{">", OpGT}, {"<", OpLT}, {"=", OpEQ}, {"═", OpEQ},
}

func cutOperator(s string) (Operator, string) {
	for _, sp := range operatorSpellings {
		if rest, ok := strings.CutPrefix(s, sp.text); ok {
			return sp.op, strings.TrimSpace(rest)
		}
	}
	return OpNone, s
}

// normalizeWidth turns full-width ASCII (digits, letters, signs, the
// ideographic space) into half-width and unifies minus and dot variants.
func normalizeWidth(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, wide) {
		return s // nothing to change (invalid UTF-8 becomes U+FFFD): no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if wide(r) {
			r = narrow(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wide reports whether normalizeWidth changes r.
func wide(r rune) bool {
	return (r >= '！' && r <= '～') || r == '\u3000' || r == '−' || (r >= '﹣' && r <= '﹦')
}

// narrow is the half-width form of a rune wide reports.
func narrow(r rune) rune {
	switch {
	case r >= '！' && r <= '～': // U+FF01..U+FF5E
		return r - '！' + '!'
	case r == '\u3000':
		return ' '
	case r == '−' || r == '﹣': // U+2212 minus sign, U+FE63 small hyphen-minus
		return '-'
	case r == '﹦': // U+FE66 small equals sign
		return '='
	case r == '﹥': // U+FE65 small greater-than sign
		return '>'
	case r == '﹤': // U+FE64 small less-than sign
		return '<'
	}
	return r
}

// Figure is a number as a user stated it: the verbatim text and, where the
// text holds a number, its operator, value, unit and whether it was
// approximate ("约2万条"). Figures are kept as stated; nothing is corrected.
type Figure struct {
	Text    string          `json:"-"`
	Op      Operator        `json:"-"`
	Value   decimal.Decimal `json:"-"`
	Unit    string          `json:"-"`
	Approx  bool            `json:"-"`
	Numeric bool            `json:"-"`
}

// IsZero reports whether nothing was stated.
func (f Figure) IsZero() bool { return strings.TrimSpace(f.Text) == "" }

// String returns the figure as stated.
func (f Figure) String() string { return f.Text }

// Base returns the value and unit with the leading 万 and 亿 multiplied out:
// "4万亩" → 40000 亩, "598154.02万元" → 5981540200 元, "1万亿元" →
// 1000000000000 元. Other units are returned unchanged.
func (f Figure) Base() (decimal.Decimal, string) {
	return scaleUnit(f.Value, f.Unit)
}

// scaleUnit multiplies out every leading 万 and 亿 of unit, so that the
// result is in base units ("万亿元" is 10¹² 元, not 10⁴ 亿元), and drops the
// blanks after them ("2万 条" is 20000 条).
func scaleUnit(v decimal.Decimal, unit string) (decimal.Decimal, string) {
	for {
		var prefix string
		var exp int32
		switch {
		case strings.HasPrefix(unit, "亿"):
			prefix, exp = "亿", 8
		case strings.HasPrefix(unit, "万"):
			prefix, exp = "万", 4
		default:
			return v, unit
		}
		v, unit = v.Shift(exp), strings.TrimLeftFunc(unit[len(prefix):], unicode.IsSpace)
	}
}

// ParseFigure reads the number forms users type in tables and reports:
// "1,234.56", "15.21%", "≥95%", "≧100", "＞＝９５％", "不低于95%", "95%以上",
// "4万亩", "约2万条", "2000余人", "－3". Text that states no number (such as
// "达成预期目标" or "2024年12月前完成") is returned with Numeric false and no
// error. An error is returned only for text that is a malformed number,
// such as "1,23.4".
func ParseFigure(s string) (Figure, error) {
	f := Figure{Text: s}
	t := strings.TrimSpace(normalizeWidth(s))
	if t == "" {
		return f, nil
	}
	t, approx := cutApprox(t)
	op, t := cutOperator(t)
	t, approx2 := cutApprox(t)
	num, rest, err := scanNumber(t)
	if err != nil {
		return f, err
	}
	if num == "" {
		return f, nil // no number: qualitative text
	}
	rest = strings.TrimSpace(rest)
	// Suffixes: 以上 / 以下 / 及以上 / 左右 / 余 / 多.
	suffixOp := OpNone
	for _, sfx := range []struct {
		text string
		op   Operator
	}{{"及以上", OpGE}, {"以上", OpGE}, {"及以下", OpLE}, {"以下", OpLE}, {"以内", OpLE}} {
		if r, ok := strings.CutSuffix(rest, sfx.text); ok {
			rest, suffixOp = strings.TrimSpace(r), sfx.op
			break
		}
	}
	approx3 := false
	if r, ok := strings.CutSuffix(rest, "左右"); ok {
		rest, approx3 = strings.TrimSpace(r), true
	}
	// "2000余人", "2万余条", "30多个".
	for _, mid := range []string{"余", "多"} {
		if r, ok := strings.CutPrefix(rest, mid); ok {
			rest, approx3 = r, true
		} else if len(rest) > 0 {
			if m, size := utf8.DecodeRuneInString(rest); (m == '万' || m == '亿') && strings.HasPrefix(rest[size:], mid) {
				rest, approx3 = string(m)+rest[size+len(mid):], true
			}
		}
	}
	rest = strings.TrimSpace(rest)
	if strings.ContainsFunc(rest, unicode.IsDigit) {
		// "2024年12月31日前": a date or compound text, not one figure.
		return f, nil
	}
	if op != OpNone && suffixOp != OpNone && op != suffixOp {
		return f, errorf("“%s”同时给出了相互矛盾的比较符号", s)
	}
	if op == OpNone {
		op = suffixOp
	}
	v, err := parseDecimal(num)
	if err != nil {
		return f, errorf("“%s”不是有效的数字", s)
	}
	f.Op, f.Value, f.Unit, f.Numeric = op, v, normalizeUnit(rest), true
	f.Approx = approx || approx2 || approx3
	return f, nil
}

func normalizeUnit(u string) string {
	switch u {
	case "％":
		return "%"
	}
	return u
}

func cutApprox(s string) (string, bool) {
	for _, p := range []string{"大约", "约为", "约", "近", "逾", "超"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if p == "超" && strings.HasPrefix(rest, "过") {
				return s, false // "超过" is an operator
			}
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// scanNumber reads an optionally signed decimal number with optional
// thousands separators from the start of s (already width-normalised, so a
// full-width comma is ','). It returns the number in plain form ("-1234.56")
// and the rest of s; num is empty when s does not start with a number. A
// number with misplaced separators ("1,23.4") is an error.
func scanNumber(s string) (num, rest string, err error) {
	i := 0
	sign := ""
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		if s[i] == '-' {
			sign = "-"
		}
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	start := i       // the number's first byte, after the sign
	n := 0           // digits and dot taken
	plain := true    // s[start:i] is the number as it is returned
	var groups []int // digit counts of the integer part, split at separators
	cur := 0
	sawDot := false
	isDigit := func(j int) bool { return j < len(s) && s[j] >= '0' && s[j] <= '9' }
scan:
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			n++
			if !sawDot {
				cur++
			}
		case c == ',' && !sawDot && cur > 0 && isDigit(i+1):
			groups = append(groups, cur)
			cur = 0
			plain = false
		case c == '.' && !sawDot && isDigit(i+1):
			if n == 0 { // ".5" is returned as "0.5"
				plain = false
			}
			n++
			sawDot = true
		default:
			break scan
		}
		i++
	}
	if n == 0 {
		return "", s, nil
	}
	if len(groups) > 0 {
		groups = append(groups, cur)
		bad := groups[0] > 3
		for _, g := range groups[1:] {
			bad = bad || g != 3
		}
		if bad {
			return "", s, errorf("“%s”的千位分隔符位置不正确", strings.TrimSpace(s[:i]))
		}
	}
	if plain { // no copy: a slice of s
		if sign == "" {
			return s[start:i], s[i:], nil
		}
		if s[start-1] == '-' {
			return s[start-1 : i], s[i:], nil
		}
		return sign + s[start:i], s[i:], nil
	}
	var digits strings.Builder
	digits.Grow(len(sign) + 1 + i - start)
	digits.WriteString(sign)
	if s[start] == '.' {
		digits.WriteByte('0')
	}
	for j := start; j < i; j++ {
		if s[j] != ',' {
			digits.WriteByte(s[j])
		}
	}
	return digits.String(), s[i:], nil
}

// ParseDecimal reads a plain number as users type it ("1,234.56",
// "１２３．４", "－5"), with no operator or unit. It is what numeric fields
// of a case file accept when given as text.
func ParseDecimal(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(normalizeWidth(s))
	num, rest, err := scanNumber(t)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if num == "" || strings.TrimSpace(rest) != "" {
		return decimal.Decimal{}, errorf("“%s”不是数字", s)
	}
	return parseDecimal(num)
}

// MarshalText returns the figure as stated.
func (f Figure) MarshalText() ([]byte, error) { return []byte(f.Text), nil }

// UnmarshalText parses a stated figure; see ParseFigure.
func (f *Figure) UnmarshalText(b []byte) error {
	g, err := ParseFigure(string(b))
	if err != nil {
		return errorf("%s", err.Error())
	}
	*f = g
	return nil
}

// Enum lists the operators a case file may give, in their standard spelling.
func (Operator) Enum() []string {
	out := make([]string, len(Operators))
	for i, o := range Operators {
		out[i] = string(o)
	}
	return out
}

// UnmarshalText accepts every spelling ParseOperator accepts.
func (o *Operator) UnmarshalText(b []byte) error {
	op, ok := ParseOperator(string(b))
	if !ok {
		return errorf("指标性质“%s”无法识别，应为 =、≥、≤、>、< 或 定性", string(b))
	}
	*o = op
	return nil
}

// SizeText writes a count of bytes for people, in Chinese units of 1024:
// "8 千字节", "16 兆字节" for whole units, "1.5 兆字节" otherwise, "300
// 字节" below a kilobyte.
func SizeText(n int64) string {
	unit := func(u int64, name string) string {
		if n%u == 0 {
			return fmt.Sprintf("%d %s", n/u, name)
		}
		return fmt.Sprintf("%.1f %s", float64(n)/float64(u), name)
	}
	switch {
	case n >= 1<<20:
		return unit(1<<20, "兆字节")
	case n >= 1<<10:
		return unit(1<<10, "千字节")
	}
	return fmt.Sprintf("%d 字节", n)
}
