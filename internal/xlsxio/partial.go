package xlsxio

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// Partial forms. Real documents often reach a user cut short, or in a
// layout the header rules of kindOf do not name: a 自评报告's cover and
// basic facts, a scoring rubric with no 项目名称 row, a table whose excerpt
// stops at the indicator header. A sheet is taken for a self-evaluation
// form when it carries at least two parts of the form's signature — a
// title naming the form (…自评表, …自评报告, …得分表), a name label (项目名称,
// 部门(单位)名称, 预算部门名称, 单位), a budget block (a stage header, or the
// 计划安排资金 blocks of report forms), an indicator header (一级指标 with
// 二级指标, 三级指标 or 指标名称) — and is read as far as it goes: names,
// budget figures, indicator rows and stated scores. Such a form is marked
// incomplete with the place it stops, unless its own rows show it whole.
// A sheet with the signature but nothing filled in (a blank template) is
// refused, and the message says so.

// formTitleWords end the title of a self-evaluation form.
var formTitleWords = []string{"自评表", "自评报告", "得分表", "评分表", "指标体系", "评价报告", "评价表"}

// formTitle finds the title naming a self-evaluation form, its row, and
// the kind of form it names ("department", "project" or "").
func formTitle(g *grid) (title string, row int, kind string) {
	for r := 0; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			t := joinLines(g.text(r, c))
			if t == "" || utf8.RuneCountInString(t) > 80 || !(strings.Contains(t, "绩效") || strings.Contains(t, "自评")) {
				continue
			}
			n := bracketLineReplacer.Replace(t)
			for _, w := range formTitleWords {
				if !strings.HasSuffix(n, w) {
					continue
				}
				switch {
				case strings.Contains(n, "部门") && strings.Contains(n, "整体"):
					kind = "department"
				case strings.Contains(n, "项目"):
					kind = "project"
				}
				return t, r, kind
			}
		}
	}
	return "", -1, ""
}

// unitLabels name the unit a partial department form evaluates, in the
// first rows only ("单位" alone is also a column header elsewhere).
var unitLabels = []string{"单位", "单位名称", "填报单位"}

// hasIndicatorHeader reports whether a row heads an indicator table: 一级指标
// beside 二级指标, 三级指标 or 指标名称.
func hasIndicatorHeader(g *grid) bool {
	r, _, ok := g.find(0, "一级指标")
	if !ok {
		return false
	}
	for c := 0; c < g.width(r); c++ {
		switch norm(g.text(r, c)) {
		case "二级指标", "三级指标", "指标名称":
			return true
		}
	}
	return false
}

// partialKind reports whether a sheet kindOf does not recognise carries
// enough of a self-evaluation form's signature to be read as one, and as
// which kind.
func partialKind(g *grid) (string, bool) {
	_, _, kind := formTitle(g)
	score := 0
	if t, _, _ := formTitle(g); t != "" {
		score++
	}
	if _, _, ok := g.findLabel(0, projectLabels[0].labels...); ok {
		score++
		if kind == "" {
			kind = "project"
		}
	} else if _, _, ok := g.findLabel(0, departmentLabels...); ok {
		score++
	} else if r, _, ok := g.findLabel(0, unitLabels...); ok && r < 3 {
		score++
	}
	_, _, stages := g.stageHeader()
	_, _, blocks := g.findLabel(0, "计划安排资金")
	if stages || blocks {
		score++
	}
	if hasIndicatorHeader(g) {
		score++
	}
	if kind == "" {
		kind = "department"
		if _, _, ok := g.findLabel(0, "项目单位", "实施单位", "项目名称"); ok {
			kind = "project"
		}
	}
	return kind, score >= 2
}

// lastFilled is the last row with text and its first text, for a message
// saying where a form stops.
func (g *grid) lastFilled() (int, string) {
	for r := g.rows() - 1; r >= 0; r-- {
		for c := 0; c < g.width(r); c++ {
			if t := oneLine(g.text(r, c)); t != "" {
				if utf8.RuneCountInString(t) > 16 {
					t = string([]rune(t)[:16]) + "…"
				}
				return r, t
			}
		}
	}
	return 0, ""
}

// cutShort is the reason a partial form is incomplete when it has no
// indicator rows: where it stops.
func (g *grid) cutShort() string {
	r, t := g.lastFilled()
	return fmt.Sprintf("表格在第%d行“%s”后缺失：没有绩效指标和得分", r+1, t)
}

// titleNames takes a form's title apart as [unit][year][name]绩效…表 and
// returns the unit and the name it states ("绍兴文理学院2016年度综合物业支出
// 项目绩效考评指标体系": 绍兴文理学院, 综合物业支出项目); a template's "XX" is
// no name.
func titleNames(title string) (unit, name string) {
	t := halfWidth(title)
	loc := yearRe.FindStringIndex(t)
	if loc == nil {
		return "", ""
	}
	unit, rest := strings.TrimSpace(t[:loc[0]]), t[loc[1]:]
	rest = strings.TrimPrefix(rest, "度")
	if i := strings.Index(rest, "绩效"); i > 0 {
		name = strings.TrimSpace(rest[:i])
	}
	if strings.Contains(strings.ToUpper(unit), "XX") {
		unit = ""
	}
	if strings.Contains(strings.ToUpper(name), "XX") || strings.Contains(name, "部门整体") {
		name = ""
	}
	return unit, name
}

// filledForm reports whether a case read from a partial form holds
// anything filled in: a name read from a name cell, an amount, a stated
// result, or an indicator with an actual value or a score.
func (b *builder) filledForm() bool {
	if org, ok := b.m["org"].(map[string]any); ok && b.origin["org.name"] != "" {
		if n, _ := org["name"].(string); strings.TrimSpace(n) != "" {
			return true
		}
	}
	for _, k := range []string{"budget", "stated"} {
		if b.m[k] != nil {
			return true
		}
	}
	var items []any
	if list, ok := b.m["indicators"].([]any); ok {
		items = append(items, list...)
	}
	if list, ok := b.m["projects"].([]any); ok {
		for _, p := range list {
			pm := p.(map[string]any)
			for _, k := range []string{"name", "unit", "department"} {
				if v, _ := pm[k].(string); strings.TrimSpace(v) != "" && (k != "name" || !b.titleName) {
					return true
				}
			}
			if pm["budget"] != nil || pm["stated"] != nil || pm["execution_score"] != nil {
				return true
			}
			if is, ok := pm["indicators"].([]any); ok {
				items = append(items, is...)
			}
		}
	}
	for _, it := range items {
		if m := it.(map[string]any); m["actual"] != nil || m["score"] != nil {
			return true
		}
	}
	return false
}

// blankForm is the refusal of a form with nothing filled in.
func blankForm(name string, g *grid) error {
	what := "自评表"
	if t, _, _ := formTitle(g); t != "" {
		what = "“" + oneLine(t) + "”"
	}
	return jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”是%s的空白表：没有填写单位或项目名称、金额、完成值和得分，没有可以评价的内容；请填写后再导入", name, g.sheet, what)
}

// formName is the layout a partial form's title names, without the place
// and year before it ("岳阳市2018年度部门整体支出绩效评价自评报告" →
// 部门整体支出绩效评价自评报告).
func formName(title string) string {
	t := oneLine(halfWidth(title))
	if loc := yearRe.FindStringIndex(t); loc != nil {
		return strings.TrimPrefix(t[loc[1]:], "度")
	}
	cut := len(t)
	for _, w := range []string{"财政", "部门", "项目"} {
		if i := strings.Index(t, w); i >= 0 && i < cut {
			cut = i
		}
	}
	if i := strings.LastIndexAny(t[:cut], "市县区"); i >= 0 {
		return t[i+len("市"):]
	}
	return t
}
