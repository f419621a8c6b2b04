package scoring

import (
	"fmt"
	"strings"
	"unicode"

	"jixiao"
)

// metWords are actual values that say a qualitative target was met.
var metWords = []string{"达到预期", "达到预期目标", "已达到预期", "已完成", "完成", "全部完成", "已全部完成", "达标", "已达标", "是", "按时完成", "已按时完成"}

// TextMet reports whether a qualitative (text) target is met by its text
// actual: the same text once spaces, punctuation and full/half width are
// set aside ("2023年11月底前完成" for "2023年11月底前完成", "长期" for "长期"),
// or an actual such as 达到预期 / 已完成 / 完成 / 达标 / 是 / 按时完成. how
// says why, for explanations ("实际完成值“长期”与年度指标值一致"). A
// numeric target is never met by text (check L18 reports it).
func TextMet(in *jixiao.Indicator) (met bool, how string) {
	if !in.Qualitative() || in.Actual.IsZero() {
		return false, ""
	}
	a := NormText(in.Actual.Text)
	if a == "" {
		return false, ""
	}
	if t := NormText(in.Target.Text); t != "" && a == t {
		return true, fmt.Sprintf("实际完成值“%s”与年度指标值一致", strings.TrimSpace(in.Actual.Text))
	}
	for _, w := range metWords {
		if a == w {
			return true, fmt.Sprintf("实际完成值为“%s”", strings.TrimSpace(in.Actual.Text))
		}
	}
	return false, ""
}

// NormText normalises a text value for comparison: full-width ASCII to
// half-width, no spaces, no punctuation, lower case.
func NormText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～':
			r = r - '！' + '!'
		case r == '\u3000':
			r = ' '
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
