package rulebook

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Choose picks a built-in rulebook for a case that names none, by the
// case's structure, and says why in Chinese (for Provenance.Chosen):
//
//   - a printed 绩效指标(90分) cap: sichuan-2022;
//   - first-level groups 项目决策 / 项目管理 (决策、管理、产出、效益): ningxia-2022;
//   - department-level indicators (no 一级指标, 核心指标, 指标权重 with
//     得分): chongqing-2022;
//   - sub-goals (with judged deductions): shijiazhuang-2024 (a department
//     with neither sub-goals nor indicators is an error);
//   - a project whose stated scores keep one decimal: anhui-2022 (or
//     yunnan-2022 / shanxi-2021 when the recognised layout names the
//     province);
//   - any other project: mof-2020.
func Choose(ev *jixiao.Evaluation) (name, reason string, err error) {
	if ev == nil {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "没有可选用评分规则的评价")
	}
	var cue string
	switch ev.Subject {
	case jixiao.SubjectProject:
		name, cue = chooseProject(ev)
	case jixiao.SubjectDepartment:
		if name, cue = chooseDepartment(ev); name == "" {
			return "", "", jixiao.Errorf(jixiao.EINVALID, "部门整体评价没有指定评分规则（rulebook），也没有分项绩效目标或部门整体绩效指标可据以选用；请指定评分规则（可选：%s）",
				strings.Join(Builtin(), "、"))
		}
	default:
		return "", "", jixiao.Errorf(jixiao.EINVALID, "评价对象“%s”无效，无法选用评分规则", ev.Subject)
	}
	rb, err := Load(name)
	if err != nil {
		return "", "", err
	}
	return name, cue + "，按" + rb.Title + "（" + name + "）计分", nil
}

// ChooseInto sets the rulebook of a case that names none to the one
// Choose picks, and records why in ev.Provenance.Chosen. A case that names
// its rulebook is left alone.
func ChooseInto(ev *jixiao.Evaluation) error {
	if ev == nil || ev.Rulebook != "" {
		return nil
	}
	name, reason, err := Choose(ev)
	if err != nil {
		return err
	}
	ev.Rulebook = name
	if ev.Provenance == nil {
		ev.Provenance = &jixiao.Provenance{}
	}
	ev.Provenance.Chosen = reason
	return nil
}

var (
	decisionGroups   = []string{"项目决策", "决策", "决策指标"}
	managementGroups = []string{"项目管理", "管理", "过程", "项目过程", "管理指标", "过程指标"}
)

func chooseProject(ev *jixiao.Evaluation) (string, string) {
	var p *jixiao.Project
	if len(ev.Projects) == 1 {
		p = &ev.Projects[0]
	}
	caps := append([]jixiao.Cap(nil), ev.Caps...)
	var inds []jixiao.Indicator
	if p != nil {
		caps = append(caps, p.Caps...)
		inds = p.Indicators
	}
	if c := findCap(caps, "绩效指标"); c != nil && c.Weight.Equal(jixiao.Dec("90")) {
		cue := "表中印有“绩效指标(90分)”"
		if e := findCap(caps, "预算执行情况", "预算执行率"); e != nil {
			cue = "表中印有“" + e.Level1 + "(" + jixiao.Plain(e.Weight) + "分)”“绩效指标(90分)”"
		}
		return "sichuan-2022", cue
	}
	level1 := names(inds, caps)
	if d, m := anyOf(level1, decisionGroups), anyOf(level1, managementGroups); d != "" || m != "" {
		var quoted []string
		for _, n := range []string{d, m} {
			if n != "" {
				quoted = append(quoted, "“"+n+"”")
			}
		}
		return "ningxia-2022", "一级指标有" + strings.Join(quoted, "") + "（决策、管理、产出、效益四部分，预算执行率在其中计分）"
	}
	layout := ""
	if ev.Provenance != nil {
		layout = ev.Provenance.Layout + " " + ev.Provenance.Document
	}
	if strings.Contains(layout, "四川") {
		return "sichuan-2022", "表样为四川省的项目支出绩效自评表"
	}
	if p != nil && oneDecimal(ev, p) {
		cue := "表中得分保留一位小数"
		switch {
		case strings.Contains(layout, "云南"):
			return "yunnan-2022", cue + "，表样为云南省的"
		case strings.Contains(layout, "山西"):
			return "shanxi-2021", cue + "，表样为山西省的"
		}
		return "anhui-2022", cue
	}
	if c := findCap(caps, "产出指标"); c != nil {
		return "mof-2020", "表中印有“产出指标(" + jixiao.Plain(c.Weight) + "分)”等全国通用的一级指标分值"
	}
	return "mof-2020", "表格没有指定评分规则，其结构与全国通用的项目支出绩效自评表相同"
}

func chooseDepartment(ev *jixiao.Evaluation) (string, string) {
	if len(ev.Indicators) > 0 {
		var cues []string
		noLevel1, core, scored := true, false, false
		for _, in := range ev.Indicators {
			if strings.TrimSpace(in.Level1) != "" {
				noLevel1 = false
			}
			core = core || in.Core
			scored = scored || (in.Score != nil && in.Weight != nil)
		}
		if noLevel1 {
			cues = append(cues, "绩效指标不分一级指标")
		}
		if core {
			cues = append(cues, "有核心指标")
		}
		if scored {
			cues = append(cues, "各行有指标权重和指标得分")
		}
		if len(cues) == 0 {
			cues = append(cues, "部门整体按绩效指标计分")
		}
		return "chongqing-2022", strings.Join(cues, "、")
	}
	if len(ev.Goals) > 0 {
		for _, g := range ev.Goals {
			if len(g.Deductions) > 0 {
				return "shijiazhuang-2024", "部门整体按分项绩效目标评价扣分"
			}
		}
		return "shijiazhuang-2024", "部门整体按分项绩效目标计分"
	}
	if ev.Completeness() != "" {
		// A form cut off before its indicators: only its budget can be
		// scored, by the rulebook that scores a department's budget row.
		return "chongqing-2022", "表格未填写完整，没有绩效指标和分项绩效目标，只按预算执行情况计分"
	}
	return "", ""
}

// findCap returns the first first-level cap named one of names, or nil.
func findCap(caps []jixiao.Cap, names ...string) *jixiao.Cap {
	for i := range caps {
		c := &caps[i]
		if c.Level2 == "" && slices.Contains(names, strings.TrimSpace(c.Level1)) {
			return c
		}
	}
	return nil
}

// names are the first-level names the indicators and caps give, without
// a cap a label may still carry ("项目决策(10分)" → "项目决策").
func names(inds []jixiao.Indicator, caps []jixiao.Cap) []string {
	var out []string
	for _, in := range inds {
		if n := bareLabel(in.Level1); n != "" {
			out = append(out, n)
		}
	}
	for _, c := range caps {
		out = append(out, bareLabel(c.Level1))
	}
	return out
}

// bareLabel drops spaces, line breaks and a trailing "(10分)" from a label.
func bareLabel(s string) string {
	s = strings.Join(strings.Fields(s), "")
	if i := strings.LastIndexAny(s, "(（"); i > 0 && strings.HasSuffix(strings.TrimRight(s, ")）"), "分") {
		s = s[:i]
	}
	return s
}

// anyOf returns the first of have that is in want, or "".
func anyOf(have, want []string) string {
	for _, h := range have {
		if slices.Contains(want, h) {
			return h
		}
	}
	return ""
}

// oneDecimal reports whether the scores a table states keep one decimal:
// at least one has exactly one decimal place, none has more.
func oneDecimal(ev *jixiao.Evaluation, p *jixiao.Project) bool {
	var nums []decimal.Decimal
	for _, s := range []*jixiao.Stated{ev.Stated, p.Stated} {
		if s != nil && s.Total != nil {
			nums = append(nums, *s.Total)
		}
	}
	if p.ExecutionScore != nil {
		nums = append(nums, *p.ExecutionScore)
	}
	for _, in := range p.Indicators {
		if in.Score != nil {
			nums = append(nums, *in.Score)
		}
	}
	one := false
	for _, d := range nums {
		switch {
		case !d.Equal(d.Round(1)):
			return false
		case !d.Equal(d.Round(0)):
			one = true
		}
	}
	return one
}
