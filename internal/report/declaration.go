package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Declaration builds the goal table (绩效目标表) of a version of a
// declaration, as the attachment of its approval (批复): the heading
// fields, the funds by source, the goals and the indicator table, in the
// layout of the declaration tables of 财预〔2015〕88号 附件. For an
// adjustment or addition, each changed indicator shows its value before
// the change beside the adjusted one with the reason given, and a table
// lists every change.
func Declaration(d *jixiao.Declaration, v *jixiao.DeclVersion) *Document {
	kind := "项目支出"
	if !d.Kind.IsProject() {
		kind = "部门整体支出"
	}
	doc := &Document{Author: d.Unit, Title: []string{d.Name(), fmt.Sprintf("%d年度%s绩效目标表", d.Year, kind)}}
	doc.Subject = strings.Join(doc.Title, "")
	b := &builder{d: doc}
	b.d.Blocks = append(b.d.Blocks, Block{Paragraph: &Paragraph{Align: "center", NoIndent: true, Runs: []Run{{Text: v.VersionTitle()}}}})

	info := &Table{Caption: "基本情况", Widths: []int{20, 30, 20, 30}}
	pair := func(l1, v1, l2, v2 string) {
		info.Rows = append(info.Rows, []Cell{{Text: l1, Bold: true}, {Text: v1}, {Text: l2, Bold: true}, {Text: v2}})
	}
	if d.Kind.IsProject() {
		period := ""
		if d.StartYear != 0 {
			period = fmt.Sprintf("%d—%d年", d.StartYear, d.EndYear)
		}
		pair("项目名称", d.Project, "项目编码", d.ProjectCode)
		pair("主管部门", d.Department, "实施单位", d.Unit)
		pair("项目属性", d.Attribute, "项目期", period)
	} else {
		pair("部门（单位）名称", d.Unit, "主管部门", d.Department)
	}
	b.table(info)

	unit := v.Unit()
	funds := &Table{Caption: "资金情况", Unit: "单位：" + unit, Widths: []int{60, 40},
		Header: [][]Cell{{{Text: "资金来源"}, {Text: "年度金额"}}}}
	funds.Rows = append(funds.Rows, []Cell{{Text: "年度资金总额", Bold: true}, {Text: jixiao.Grouped(v.FundsTotal(), 2), Align: "right", Bold: true}})
	for _, f := range v.Funds {
		name := f.Source.Title()
		if strings.TrimSpace(f.Label) != "" {
			name = f.Label
		}
		amt := "—"
		if f.Amount != nil {
			amt = jixiao.Grouped(*f.Amount, 2)
		}
		funds.Rows = append(funds.Rows, []Cell{{Text: "其中：" + name}, {Text: amt, Align: "right"}})
	}
	b.table(funds)

	if v.MidTermGoal != "" {
		b.labelled("中期目标（实施期目标）", v.MidTermGoal)
	}
	if d.Kind.IsProject() {
		b.labelled("年度目标", orDash(v.OverallGoal))
	} else {
		b.labelled("年度总体目标", orDash(v.OverallGoal))
	}

	if len(v.Goals) > 0 {
		t := &Table{Caption: "年度主要任务", Widths: []int{30, 58, 12}, Header: [][]Cell{{{Text: "任务名称"}, {Text: "主要内容"}, {Text: "分值"}}}}
		for _, g := range v.Goals {
			t.Rows = append(t.Rows, []Cell{{Text: g.Name}, {Text: g.Target}, {Text: decOrBlank(g.Weight), Align: "center"}})
		}
		b.table(t)
	}

	// The version adjusted: the approved one before this one.
	var prev *jixiao.DeclVersion
	if v.Kind != jixiao.VersionOriginal {
		for i := range d.Versions {
			if p := &d.Versions[i]; p.Number < v.Number && p.State == jixiao.DeclApproved {
				prev = p
			}
		}
	}
	var changes []jixiao.DeclChange
	old := map[string]string{} // indicator key → its value before, for a changed value
	if prev != nil {
		changes = jixiao.Diff(prev, v)
		before := map[string]string{}
		for _, r := range prev.All() {
			before[r.Key()] = r.Indicator.TargetText()
		}
		for _, ch := range changes {
			switch ch.Field {
			case "新增":
				if ch.Key != "" {
					old[ch.Key] = "（新增）"
				}
			case "年度指标值", "指标性质", "度量单位", "分值":
				old[ch.Key] = before[ch.Key]
			}
		}
	}
	heads := []string{"一级指标", "二级指标", "三级指标", "指标值", "分值"}
	widths := []int{14, 16, 30, 28, 12}
	goals := len(v.Goals) > 0
	if goals {
		heads, widths = append([]string{"分项目标"}, heads...), append([]int{20}, widths...)
	}
	if prev != nil {
		heads = append(heads[:len(heads)-2], "调整前指标值", "调整后指标值", "分值", "调整理由")
		widths = append(widths[:len(widths)-2], 18, 18, 8, 24)
	}
	t := &Table{Caption: "绩效指标", Widths: widths}
	var hr []Cell
	for _, h := range heads {
		hr = append(hr, Cell{Text: h})
	}
	t.Header = [][]Cell{hr}
	for _, r := range v.All() {
		in := r.Indicator
		value := in.TargetText()
		row := []Cell{{Text: in.Level1}, {Text: in.Level2}, {Text: in.Name}}
		if goals {
			row = append([]Cell{{Text: r.Goal}}, row...)
		}
		if prev != nil {
			before, changed := old[r.Key()]
			if !changed {
				before = value
			}
			reason := ""
			if changed {
				reason = reasonFor(v, in)
			}
			row = append(row, Cell{Text: before}, Cell{Text: value, Bold: changed}, Cell{Text: decOrBlank(in.Weight), Align: "center"}, Cell{Text: reason})
		} else {
			row = append(row, Cell{Text: value}, Cell{Text: decOrBlank(in.Weight), Align: "center"})
		}
		t.Rows = append(t.Rows, row)
	}
	b.table(t)

	if prev != nil {
		b.para(fmt.Sprintf("本版为%s，较第%d版变动%d处，逐项列示如下。", v.Kind, prev.Number, len(changes)))
		ct := &Table{Caption: "调整情况", Widths: []int{30, 16, 18, 18, 18},
			Header: [][]Cell{{{Text: "指标或事项"}, {Text: "变动"}, {Text: "调整前"}, {Text: "调整后"}, {Text: "调整理由"}}}}
		for _, ch := range changes {
			what := ch.Indicator
			if what == "" {
				what = "申报"
			}
			reason := ""
			if ch.Key != "" {
				reason = reasonByName(v, ch.ID, ch.Name)
			}
			ct.Rows = append(ct.Rows, []Cell{{Text: what}, {Text: ch.Field}, {Text: orDash(ch.Old)}, {Text: orDash(ch.New)}, {Text: reason}})
		}
		b.table(ct)
	}
	for i := len(v.Reviews) - 1; i >= 0; i-- {
		r := v.Reviews[i]
		if r.Outcome != jixiao.OutcomeApproved {
			continue
		}
		s := "审核结果：批复"
		if r.Score != nil {
			s += "，审核得分" + jixiao.Plain(*r.Score) + "分"
		}
		if r.Grade != "" {
			s += "，等级为“" + r.Grade + "”"
		}
		b.para(s + "。")
		break
	}
	return doc
}

// reasonFor is the reason a version gives for the change of an indicator.
func reasonFor(v *jixiao.DeclVersion, in *jixiao.DeclIndicator) string {
	return reasonByName(v, in.LibraryID, in.Name)
}

func reasonByName(v *jixiao.DeclVersion, id, name string) string {
	for _, c := range v.Changes {
		ref := strings.TrimSpace(c.Indicator)
		if (id != "" && ref == id) || (name != "" && ref == name) {
			return "【" + c.Code + "】" + c.Text
		}
	}
	return ""
}

func decOrBlank(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return jixiao.Plain(*d)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
