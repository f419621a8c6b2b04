package xlsxio

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// indicatorColumns maps indicator table headers to fields. target0 is the
// initial target of tables that give both (年初指标值 and 调整指标值).
var indicatorColumns = map[string]string{
	"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name", "指标内容": "name",
	"年度指标值": "target", "指标值": "target", "目标值": "target", "年度目标值": "target", "预期指标值": "target", "调整指标值": "target",
	"全年指标值": "target", "年初指标值": "target0", "年初目标值": "target0", "预期目标值": "target",
	"实际完成值": "actual", "完成值": "actual", "全年完成值": "actual", "实际值": "actual", "全年实际值": "actual", "实际完成情况": "actual",
	"单项指标实际完成值": "actual", "年终完成值": "actual", "自评分": "score",
	// A rubric block's header (Hubei: 项目权重 | 评价内容 | 分值 | 自评分):
	// the level-1 label with its cap, and the item scored.
	"评价内容": "name", "项目权重": "level1",
	"分值": "weight", "权重": "weight", "指标权重": "weight", "指标分值": "weight", "得分": "score", "指标得分": "score", "自评得分": "score",
	"得分系数": "coefficient",
	"度量单位": "unit", "计量单位": "unit", "单位": "unit", "指标性质": "op", "符号": "op",
	"偏差原因分析及改进措施": "deviation", "偏差原因分析": "deviation", "未完成原因分析": "deviation", "原因分析": "deviation",
	"未完成原因和改进措施": "deviation", "未完成原因及拟采取的改进措施": "deviation", "未完成原因分析及改进措施": "deviation",
	"偏差原因": "cause", "偏差原因类别": "cause", "改进措施": "improvement", "是否核心指标": "core", "核心指标": "core",
	"扣分说明": "deduction", "扣分原因": "deduction", "扣分情况": "deduction",
	"分项绩效目标": "goal", "所属目标": "goal", "定性评价档次": "tier", "评价档次": "tier", "档次": "tier",
}

// indicatorTable is what an indicator table gave.
type indicatorTable struct {
	items  []any    // the indicators, as case maps
	goals  []string // each indicator's 分项绩效目标, "" when not named
	caps   []any    // the block weights printed in its labels
	last   int      // the last row read (0-based)
	closed bool     // a closing row (总分, 评价结论, 说明…) ends it
	sub    bool     // its header has a second row of sub-columns
	blocks int      // block titles met inside it
	coef   bool     // it scores by 得分系数 or marks core indicators
	scored bool     // its header has a 分值 or 得分 column
}

// headerColumns maps the columns of the indicator header at row hr, merged
// with the row under it when that row names sub-columns (符号 / 指标值 /
// 单位 under 预期指标值). It returns the columns and the header's last row.
func headerColumns(g *grid, hr int) (map[int]string, int) {
	cols := map[int]string{}
	for c := 0; c < g.width(hr); c++ {
		if f, ok := indicatorColumns[norm(g.text(hr, c))]; ok {
			cols[c] = f
		}
	}
	// Two level-1 columns (项目权重 | 一级指标): the left one holds a block
	// over the whole table ("项目绩效85分"), not the rows' level 1.
	l1 := -1
	for c := 0; c < g.width(hr); c++ {
		if cols[c] == "level1" {
			if l1 >= 0 {
				delete(cols, l1)
			}
			l1 = c
		}
	}
	sub := hr + 1
	if !isSubHeader(g, hr, sub) {
		return cols, hr
	}
	for c := 0; c < g.width(sub); c++ {
		t := g.text(sub, c)
		if t == "" || t == g.text(hr, c) {
			continue
		}
		if f, ok := indicatorColumns[norm(t)]; ok {
			cols[c] = f
		}
	}
	return cols, sub
}

// isSubHeader reports whether row sub, under the header row hr, names
// sub-columns: it holds no number, and at least one of its own cells (not
// merged down from the header) is a header label.
func isSubHeader(g *grid, hr, sub int) bool {
	if sub >= g.rows() {
		return false
	}
	named := false
	for c := 0; c < g.width(sub); c++ {
		t := g.text(sub, c)
		if t == "" || t == g.text(hr, c) {
			continue
		}
		if isNumber(strings.TrimSuffix(t, "%")) {
			return false
		}
		if _, ok := indicatorColumns[norm(t)]; ok {
			named = true
		}
	}
	return named
}

// skip records a row (or cell) the reader passed over.
func (b *builder) skip(where, format string, args ...any) {
	b.skipped = append(b.skipped, map[string]any{"where": where, "what": fmt.Sprintf(format, args...)})
}

// addCap records a block weight printed in a label, once per block.
func (t *indicatorTable) addCap(level1, level2 string, p parsedLabel) {
	if p.cap == nil || level1 == "" {
		return
	}
	for _, c := range t.caps {
		m := c.(map[string]any)
		l2, _ := m["level2"].(string)
		if m["level1"] == level1 && l2 == level2 {
			return
		}
	}
	m := map[string]any{"level1": level1, "weight": p.cap.String()}
	if level2 != "" {
		m["level2"] = level2
	}
	t.caps = append(t.caps, m)
}

// indicators reads an indicator table whose header row is hr (path is the
// list's path in the case). Rows are classified as they come: a closing
// row ends the table; a repeated header starts a new block; a block title
// ("年度绩效目标2(40分)"), an empty level row, a template placeholder
// ("指标2", "……", "/") and a detail row ("其中…") are skipped and recorded;
// every other row with a name is an indicator.
func (b *builder) indicators(g *grid, hr int, path string) indicatorTable {
	var t indicatorTable
	cols, start := headerColumns(g, hr)
	t.sub = start > hr
	header := func(r, c int) bool { return g.text(r, c) == g.text(hr, c) || g.text(r, c) == g.text(start, c) }
	// Caps printed in the header row itself ("绩效指标(90分)" over the table).
	for c := 0; c < g.width(hr); c++ {
		if _, ok := cols[c]; !ok {
			p := parseLabel(g.text(hr, c))
			t.addCap(p.name, "", p)
		}
	}
	for _, f := range cols {
		t.coef = t.coef || f == "coefficient" || f == "core"
		t.scored = t.scored || f == "weight" || f == "score" || f == "coefficient"
	}
	var prev1, prev2 string
	inferred := false // prev1 was taken from a level-2 label
	t.last = start
	for r := start + 1; r < g.rows(); r++ {
		if isClosingRow(g, r) {
			t.closed = true
			break
		}
		if isIndicatorHeader(g, r) {
			// A block's own header: read its columns afresh.
			hr = r
			cols, start = headerColumns(g, r)
			r = start
			t.last = r
			continue
		}
		if title, ok := titleRow(g, r); ok && g.text(r, firstCol(cols)) == title {
			p := parseLabel(title)
			if strings.HasSuffix(p.name, "指标") && !strings.Contains(p.name, "目标") {
				// A level-1 block named across the table.
				prev1, prev2 = p.name, ""
				t.addCap(p.name, "", p)
			} else {
				t.blocks++
			}
			b.skip(g.ref(r, 0), "分块标题“%s”", oneLine(title))
			t.last = r
			continue
		}
		in := map[string]any{}
		at := fmt.Sprintf("%s[%d]", path, len(t.items))
		var coef, target0 any
		var op, goal, rawName, nameAt string
		var level1, level2 *parsedLabel
		empty, data := true, false
		for _, c := range sortedCols(cols) {
			f := cols[c]
			v := g.text(r, c)
			// A blank cell, a block label merged down the rows, or a field
			// already read from an earlier column (a header merged over
			// two) gives nothing.
			if v == "" || header(r, c) || in[f] != nil || (f == "name" && rawName != "") {
				continue
			}
			empty = false
			switch f {
			case "level1":
				if level1 == nil {
					p := levelLabel(v)
					level1 = &p
				}
				continue
			case "level2":
				if level2 == nil {
					p := levelLabel(v)
					level2 = &p
				}
				continue
			case "name":
				rawName, nameAt = v, g.ref(r, c)
				continue
			}
			if !blankMark(v) {
				data = true
			}
			switch f {
			case "weight", "score":
				n := g.number(r, c)
				if blankMark(n) || strings.TrimSpace(n) == "分" {
					continue // nothing, or a blank form's unit ("  分")
				}
				// A value in words ("二十分") is the user's mistake: the case
				// decoder refuses it, naming the cell.
				b.put(in, at, f, n, g.ref(r, c))
			case "coefficient":
				coef = g.number(r, c)
			case "target0":
				target0 = v
			case "core":
				in["core"] = v == "是" || v == "√" || v == "✓" || v == "★"
				b.origin[at+".core"] = g.ref(r, c)
			case "op":
				op = v
				b.origin[at+".op"] = g.ref(r, c)
			case "goal":
				goal = v
			case "deduction":
				// The points a row's explanation says were taken off
				// ("扣0.8分；…扣0.16分"): one deduction, its reason the text.
				if pts, ok := deductedPoints(v); ok {
					in["deductions"] = []any{map[string]any{"points": pts, "reason": v}}
					b.origin[at+".deductions[0].points"] = g.ref(r, c)
					b.origin[at+".deductions[0]"] = g.ref(r, c)
				} else {
					b.put(in, at, "deviation", v, g.ref(r, c))
				}
			default:
				b.put(in, at, f, v, g.ref(r, c))
			}
		}
		if empty {
			continue
		}
		t.last = r
		// Levels: a printed label (its cap recorded), else the row above's.
		switch {
		case level1 != nil:
			prev1, inferred = level1.name, false
			if prev1 == "" && level2 != nil {
				// A level-1 cell with only its cap ("(50分)"): the
				// level-2 label names its block.
				prev1, inferred = level1Of(level2.name), true
			}
			if level2 == nil {
				prev2 = ""
			}
			t.addCap(prev1, "", *level1)
		case level2 != nil && (prev1 == "" || inferred):
			prev1, inferred = level1Of(level2.name), true
		}
		if level2 != nil {
			prev2 = level2.name
			t.addCap(prev1, level2.name, *level2)
		}
		if prev1 != "" {
			in["level1"] = prev1
		}
		if prev2 != "" {
			in["level2"] = prev2
		}
		label := parseLabel(rawName)
		switch {
		case rawName == "" && !data:
			what := prev2
			if what == "" {
				what = prev1
			}
			b.skip(g.ref(r, 0), "空白的%s行", oneLine(what))
			continue
		case rawName == "":
			b.skip(g.ref(r, 0), "这一行有数据但没有指标名称（三级指标）")
			// A name the row must give and does not (F03).
			nc := r
			for c, f := range cols {
				if f == "name" {
					nc = c
				}
			}
			b.blank = append(b.blank, map[string]any{"where": g.ref(r, nc), "what": "三级指标（指标名称）"})
			continue
		case isPlaceholder(rawName):
			b.skip(g.ref(r, 0), "模板占位行“%s”", oneLine(rawName))
			continue
		case isDetailRow(label.name):
			b.skip(g.ref(r, 0), "明细行“%s”（属于上一指标，不是单独的指标）", oneLine(label.name))
			continue
		}
		b.put(in, at, "name", label.name, nameAt)
		if in["weight"] == nil && label.cap != nil {
			// The weight printed in the name's label only ("相关性(5分)").
			b.put(in, at, "weight", label.cap.String(), nameAt)
		}
		if label.core && in["core"] == nil {
			in["core"] = true
		}
		if in["target"] == nil && target0 != nil {
			in["target"] = target0
		}
		switch o := norm(op); {
		case o == "" || blankMark(o):
		case strings.HasPrefix(o, "定性"):
			in["op"] = string(jixiao.OpQualitative)
		case strings.HasPrefix(o, "定量"):
		default:
			if parsed, ok := jixiao.ParseOperator(op); ok {
				in["op"] = string(parsed)
			} else {
				b.skip(b.origin[at+".op"], "指标性质“%s”无法识别，未读取", oneLine(op))
			}
		}
		// An operator column that does not fit the target (≥ before a text
		// target, ≥ before "≤5") is left out and noted, not refused.
		if o, ok := in["op"].(string); ok && o != string(jixiao.OpQualitative) {
			if tt, ok := in["target"].(string); ok {
				if f, err := jixiao.ParseFigure(tt); err == nil && (!f.Numeric || (f.Op != jixiao.OpNone && string(f.Op) != o)) {
					delete(in, "op")
					b.skip(b.origin[at+".op"], "指标性质“%s”与指标值“%s”不符，未读取指标性质", oneLine(op), oneLine(tt))
				}
			}
		}
		// 指标得分 = 得分系数 × 指标权重 (Chongqing), when no score is given.
		if coef != nil && in["score"] == nil && in["weight"] != nil {
			if s, ok := scoreFrom(coef.(string), in["weight"].(string)); ok {
				in["score"] = s
			}
		}
		t.items = append(t.items, in)
		t.goals = append(t.goals, goal)
	}
	return t
}

// blankMark reports whether a cell holds only a mark for "nothing" (/, —).
func blankMark(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "/", "／", "-", "—", "－", "——", "无":
		return true
	}
	return false
}

// oneLine joins a cell's lines for a message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// levelLabel reads a level-1 or level-2 label: a name without spaces
// ("经济效益 指标" is 经济效益指标), its cap apart.
func levelLabel(s string) parsedLabel {
	p := parseLabel(s)
	p.name = strings.Join(strings.Fields(p.name), "")
	// A cap written without brackets ("产出指标40分", Hubei), and an empty
	// cap of a blank template ("效益指标(分)", "数量()").
	p.name = emptyCapRe.ReplaceAllString(p.name, "")
	if m := bareCapRe.FindStringSubmatch(p.name); m != nil && p.cap == nil {
		if d, err := decimal.NewFromString(m[2]); err == nil {
			p.name, p.cap = m[1], &d
		}
	}
	return p
}

var (
	// bareCapRe is a level name followed by its cap without brackets.
	bareCapRe = regexp.MustCompile(`^(\p{Han}+)(\d+(?:\.\d+)?)分$`)
	// emptyCapRe is a cap left blank: (分), （ ）.
	emptyCapRe = regexp.MustCompile(`[（(]\s*分?\s*[)）]`)
)

// firstCol is the table's leftmost level or name column, which a block
// title spans.
func firstCol(cols map[int]string) int {
	for _, c := range sortedCols(cols) {
		if f := cols[c]; f == "level1" || f == "level2" || f == "name" {
			return c
		}
	}
	return 0
}

// level1Of names the first-level block of a standard second-level label of
// the national indicator tree (财预〔2020〕10号): 数量/质量/时效/成本指标 are
// 产出指标, the 效益 labels 效益指标, 满意度 labels 满意度指标; "" for any
// other label.
func level1Of(level2 string) string {
	switch {
	case strings.Contains(level2, "满意"):
		return "满意度指标"
	case strings.Contains(level2, "效益"), strings.Contains(level2, "影响"):
		return "效益指标"
	case strings.Contains(level2, "数量"), strings.Contains(level2, "质量"), strings.Contains(level2, "时效"), strings.Contains(level2, "进度"),
		strings.Contains(level2, "成本"):
		return "产出指标"
	}
	return ""
}

// deductedRe finds the points an explanation says were deducted: 扣0.5分,
// 扣除 1.1 分.
var deductedRe = regexp.MustCompile(`扣(?:除|减)?\s*([0-9]+(?:\.[0-9]+)?)\s*分`)

// deductedPoints adds up the points a text says were deducted.
func deductedPoints(s string) (string, bool) {
	ms := deductedRe.FindAllStringSubmatch(halfWidth(s), -1)
	if len(ms) == 0 {
		return "", false
	}
	sum := decimal.Zero
	for _, m := range ms {
		d, err := decimal.NewFromString(m[1])
		if err != nil {
			return "", false
		}
		sum = sum.Add(d)
	}
	return sum.String(), true
}
