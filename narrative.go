package jixiao

import "strings"

// Blank is a part of a report's outline that a case leaves without text:
// the report prints a placeholder there, and the check lists it.
type Blank struct {
	Path    string // the case field
	Section string // the report's section, as its heading names it
	What    string // what is missing, in words
}

// NarrativeBlanks lists the parts of the report's outline ev leaves blank:
// how the self-evaluation was organised, and the problems and measures;
// for a project also its annual goal.
func NarrativeBlanks(ev *Evaluation) []Blank {
	var out []Blank
	if ev.Subject == SubjectProject {
		if len(ev.Projects) != 1 {
			return nil
		}
		p := &ev.Projects[0]
		if strings.TrimSpace(p.Goal) == "" {
			out = append(out, Blank{"projects[0].goal", "绩效目标", "项目年度总体目标"})
		}
		if ev.WorkGroup == nil && ev.Process == nil {
			out = append(out, Blank{"process", "自评的组织工作", "自评工作的组织（工作组、资料收集、评价过程）"})
		}
		if strings.TrimSpace(p.Problems) == "" {
			out = append(out, Blank{"projects[0].problems", "存在的问题", "存在的问题"})
		}
		if strings.TrimSpace(p.Improvements) == "" {
			out = append(out, Blank{"projects[0].improvements", "改进措施", "改进措施"})
		}
		return out
	}
	if ev.WorkGroup == nil && ev.Process == nil {
		out = append(out, Blank{"process", "自评的组织工作", "自评工作的组织（工作组、资料收集、评价过程）"})
	}
	if len(ev.Problems) == 0 {
		out = append(out, Blank{"problems", "存在的主要问题", "存在的问题"})
	}
	if len(ev.Measures) == 0 {
		out = append(out, Blank{"measures", "针对问题提出具体的改进措施或建议", "改进措施"})
	}
	return out
}
