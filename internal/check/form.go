package check

import (
	"fmt"
	"strings"

	"jixiao"
)

// form checks that each form is filled in (F01), lists the rows the reader
// skipped (F02), blank names (F03) and how the rulebook was chosen (F04).
func (c *checker) form() {
	ev := c.ev
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) == 1 && ev.Incomplete == "" {
		c.incompleteForm("projects[0].", &ev.Projects[0], ev.Projects[0].Completeness(), fmt.Sprintf("项目“%s”", ev.Projects[0].Name))
	} else {
		if r := ev.Completeness(); r != "" {
			path := "incomplete"
			switch {
			case ev.Incomplete != "":
			case jixiao.IsTemplateText(ev.Conclusion):
				path = "conclusion"
			default:
				path = "indicators"
			}
			c.add("F01", "", path, "表格", "表格未填写完整："+r+"，不评定等级", num("原因", r))
		}
		for i := range ev.Projects {
			p := &ev.Projects[i]
			if ev.Subject == jixiao.SubjectProject {
				break // the case's own mark covers its one project
			}
			c.incompleteForm(fmt.Sprintf("projects[%d].", i), p, p.Completeness(), fmt.Sprintf("项目“%s”", p.Name))
		}
	}
	if pv := ev.Provenance; pv != nil {
		if len(pv.Skipped) > 0 {
			var rows []string
			for _, s := range pv.Skipped {
				r := strings.TrimSpace(s.Where)
				if w := strings.TrimSpace(s.What); w != "" {
					r += "（" + shortText(w) + "）"
				}
				rows = append(rows, r)
			}
			c.add("F02", "", "provenance.skipped", "数据来源", fmt.Sprintf("读取时跳过了%d行空白行或模板行：%s", len(rows), strings.Join(rows, "；")),
				num("跳过行数", fmt.Sprint(len(rows))))
		}
		if ch := strings.TrimSpace(pv.Chosen); ch != "" {
			c.add("F04", "", "provenance.chosen", "评分规则", ch)
		}
	}
	c.blankNames()
}

// incompleteForm reports a project's form that is not filled in (F01),
// pointing at the field that shows it.
func (c *checker) incompleteForm(prefix string, p *jixiao.Project, reason, label string) {
	if reason == "" {
		return
	}
	path := prefix + "incomplete"
	switch {
	case p.Incomplete != "":
	case jixiao.IsTemplateText(p.Conclusion):
		path = prefix + "conclusion"
	default:
		path = prefix + "indicators"
	}
	c.add("F01", "", path, label, "表格未填写完整："+reason+"，不评定等级", num("原因", reason))
}

// incomplete reports whether the form at prefix ("" for the case,
// "projects[i]." for a project) is not filled in completely, by the case or
// by its scorecard.
func (c *checker) incomplete(prefix string) bool {
	if prefix == "" {
		if c.Scorecard != nil && c.Scorecard.Incomplete != "" {
			return true
		}
		return c.ev.Completeness() != ""
	}
	if sc := c.scorecards[strings.TrimSuffix(prefix, ".")]; sc != nil && sc.Incomplete != "" {
		return true
	}
	if p := c.projectAt(prefix); p != nil {
		return p.Completeness() != "" || (c.ev.Subject == jixiao.SubjectProject && c.ev.Incomplete != "")
	}
	return false
}

// blankNames flags names a form must give and does not (F03): the unit's,
// a project's, a table's 实施单位, and an indicator row with data and no
// name.
func (c *checker) blankNames() {
	ev := c.ev
	fromTable := ev.Provenance != nil && strings.TrimSpace(ev.Provenance.Layout) != ""
	reported := 0 // blank names of the table's project (its unit is the case's)
	for i := range ev.Projects {
		p := &ev.Projects[i]
		path := fmt.Sprintf("projects[%d]", i)
		if strings.TrimSpace(p.Name) == "" {
			c.add("F03", "", path+".name", fmt.Sprintf("第%d个项目", i+1), fmt.Sprintf("第%d个项目的项目名称为空", i+1))
		} else if fromTable && ev.Subject == jixiao.SubjectProject && strings.TrimSpace(p.Unit) == "" {
			c.add("F03", "", path+".unit", fmt.Sprintf("项目“%s”", p.Name), fmt.Sprintf("项目“%s”的实施单位为空", p.Name))
			reported++
		}
	}
	// Name cells the table prints blank that no field shows (a project
	// table's 主管部门).
	if pv := ev.Provenance; pv != nil {
		for i, bl := range pv.Blank {
			what := strings.TrimSpace(bl.What)
			if what == "" {
				what = "名称"
			}
			msg := fmt.Sprintf("表中“%s”一栏为空", what)
			if w := strings.TrimSpace(bl.Where); w != "" {
				msg += "（" + w + "）"
			}
			c.add("F03", "", fmt.Sprintf("provenance.blank[%d]", i), what, msg)
			reported++
		}
	}
	// The unit of a project table is its 实施单位 or 主管部门: said above
	// when those are blank.
	if strings.TrimSpace(ev.Org.Name) == "" && (reported == 0 || ev.Subject != jixiao.SubjectProject) {
		c.add("F03", "", "org.name", "单位概况", "单位名称为空")
	}
	for _, s := range c.scopes() {
		for i := range s.indicators {
			in := &s.indicators[i]
			if strings.TrimSpace(in.Name) != "" {
				continue
			}
			if in.Target.IsZero() && in.Actual.IsZero() && in.Weight == nil && in.Score == nil {
				continue
			}
			var data []string
			if !in.Target.IsZero() {
				data = append(data, "指标值“"+shortText(in.Target.Text)+"”")
			}
			if !in.Actual.IsZero() {
				data = append(data, "实际值“"+shortText(in.Actual.Text)+"”")
			}
			if in.Weight != nil {
				data = append(data, "分值"+jixiao.Plain(*in.Weight))
			}
			if in.Score != nil {
				data = append(data, "得分"+jixiao.Plain(*in.Score))
			}
			c.add("F03", "", s.ind(i)+".name", s.label+" › 第"+fmt.Sprint(i+1)+"个指标", fmt.Sprintf("%s第%d个指标填有%s，但指标名称为空", s.label, i+1, strings.Join(data, "、")))
		}
	}
}

// narrative lists the parts of the report's outline the case leaves blank
// (F05): the report prints a highlighted placeholder at each.
func (c *checker) narrative() {
	for _, b := range jixiao.NarrativeBlanks(c.ev) {
		c.add("F05", "", b.Path, "", "报告中"+b.Text())
	}
}
