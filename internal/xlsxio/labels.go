package xlsxio

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The label grammar of filled tables. A level or indicator label as printed
// may carry, around the name itself:
//
//	[core mark] [numbering] name [cap]
//
// core mark: ★ ☆ * ＊ (a core indicator, 核心指标);
// numbering: 指标1： 指标1 1. 1、 (1) （一） 一、 — template numbering;
// cap: (50分) （30分） — the block's printed weight.
//
// parseLabel takes a label apart; the name is stored without the rest.

// parsedLabel is a label taken apart.
type parsedLabel struct {
	name string           // the name without mark, numbering and cap
	cap  *decimal.Decimal // the printed weight, (50分) → 50
	core bool             // marked ★ or *
}

var (
	// capRe matches a printed weight: (50分), （30 分）, (10.5分).
	capRe = regexp.MustCompile(`[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]`)
	// templateNumbering matches the numbering of template rows: 指标1：,
	// 指标12:, 指标3.
	templateNumbering = regexp.MustCompile(`^指标\s*[0-9０-９]+\s*[:：.．、]?\s*`)
	// listNumbering matches list numbers before a name: 1. 1、 (1) （一） 一、.
	listNumbering = regexp.MustCompile(`^(?:[0-9]+[.．、]|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*`)
)

// parseLabel takes a printed label apart (see the grammar above).
func parseLabel(s string) parsedLabel {
	var p parsedLabel
	s = strings.TrimSpace(s)
	for {
		r, n := utf8.DecodeRuneInString(s)
		if r == '★' || r == '☆' || r == '*' || r == '＊' {
			p.core = true
			s = strings.TrimSpace(s[n:])
			continue
		}
		break
	}
	if m := capRe.FindStringSubmatchIndex(s); m != nil {
		if d, err := decimal.NewFromString(s[m[2]:m[3]]); err == nil {
			p.cap = &d
		}
		s = strings.TrimSpace(s[:m[0]] + s[m[1]:])
	}
	if loc := templateNumbering.FindStringIndex(s); loc != nil {
		s = s[loc[1]:]
	} else if loc := listNumbering.FindStringIndex(s); loc != nil && !digitAt(s, loc[1]) {
		// "1.5亩" is a figure, not the number 1.
		s = s[loc[1]:]
	}
	// The mark may also follow the numbering ("1.★…").
	s = strings.TrimSpace(s)
	if t := strings.TrimLeft(s, "★☆*＊"); t != s {
		p.core, s = true, t
	}
	p.name = joinLines(s)
	return p
}

// joinLines joins the lines of a wrapped cell ("满意度\n指标" is 满意度指标):
// Chinese labels wrap without a space.
func joinLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, ""))
}

func digitAt(s string, i int) bool {
	return i < len(s) && s[i] >= '0' && s[i] <= '9'
}

// isPlaceholder reports whether a name cell is template residue rather than
// a name: empty once its numbering is taken off ("指标2", "指标1:"), a
// slash or dash ("/", "指标1:/"), or an ellipsis ("……", "…", "...").
func isPlaceholder(raw string) bool {
	name := parseLabel(raw).name
	name = strings.TrimFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("/／-—–－…。.·、", r)
	})
	return name == ""
}

// isDetailRow reports whether a name introduces a detail of the indicator
// above ("其中：桃树种植面积", "其中桃树…"), which is not an indicator.
func isDetailRow(name string) bool {
	return strings.HasPrefix(strings.TrimSpace(name), "其中")
}

// closingLabels begin the rows that end an indicator table (the 总分 row,
// the conclusion, the signatures, a closing remark).
var closingLabels = []string{"总分", "合计", "评价结论", "存在问题", "改进措施", "项目负责人", "其他需要说明", "其他说明",
	"填表人", "审核人", "单位负责人", "财务负责人", "自评结论", "偏差大或目标未完成原因", "主要经验及做法"}

// closingExact are closing labels that must fill the first cell alone
// ("说明", "备注": a longer text starting with them may be a name).
var closingExact = map[string]bool{"说明": true, "备注": true, "自评得分": true, "综合评价": true}

// isClosingRow reports whether row r of an indicator table ends it, judged
// by its first two cells (the first may be a block label merged down).
func isClosingRow(g *grid, r int) bool {
	for c := 0; c < min(2, g.width(r)); c++ {
		t := norm(g.text(r, c))
		if t == "" {
			continue
		}
		if closingExact[t] {
			return true
		}
		for _, l := range closingLabels {
			if strings.HasPrefix(t, l) {
				return true
			}
		}
	}
	first := norm(g.text(r, 0)) + norm(g.text(r, 1))
	for _, l := range closingLabels {
		if strings.HasPrefix(first, l) {
			return true
		}
	}
	return false
}

// titleRow reports whether row r holds one text only, merged across
// several cells: a block title inside a table ("年度绩效目标2(40分)").
func titleRow(g *grid, r int) (string, bool) {
	text, cells := "", 0
	for c := 0; c < g.width(r); c++ {
		t := g.text(r, c)
		if t == "" {
			continue
		}
		if text != "" && t != text {
			return "", false
		}
		text = t
		cells++
	}
	return text, cells > 1
}

// gradeWords are the grades tables print (评价等级).
var gradeWords = map[string]bool{"优": true, "优秀": true, "良": true, "良好": true, "中": true, "中等": true, "合格": true,
	"差": true, "较差": true, "不合格": true, "一般": true}

// orgCode strips an organisation code printed before a name under a label
// that asks for one ("主管部门及代码": "314002-成安县民政局" → 成安县民政局).
var orgCode = regexp.MustCompile(`^[0-9A-Za-z]{3,}\s*[-－—_ ]\s*`)
