package jixiao

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Blank is a part of a report's outline that a case leaves without text:
// the report prints a placeholder there, and the check lists it.
type Blank struct {
	Path    string // the case field
	Section string // the report's section, as its heading names it
	What    string // what is missing, in words
}

// Text says what is blank, as the check (F05) and a refused submission
// list it: "“存在的主要问题”待填写：案例中没有存在的问题".
func (b Blank) Text() string { return "“" + b.Section + "”待填写：案例中没有" + b.What }

// dateBlank is the report's date (成文日期) under its 落款.
var dateBlank = Blank{"date", "成文日期", "报告的成文日期"}

// NarrativeBlanks lists the parts of the report's outline ev leaves blank:
// how the self-evaluation was organised, the problems and measures and the
// report's date (成文日期); for a project also its annual goal and how the
// results are used (结果应用, which the department outline has not).
func NarrativeBlanks(ev *Evaluation) []Blank {
	out := narrativeBlanks(ev)
	if strings.TrimSpace(ev.Date) == "" && (ev.Subject != SubjectProject || len(ev.Projects) == 1) {
		out = append(out, dateBlank)
	}
	return out
}

// DateText writes a date given as YYYY-MM-DD the way a document's 成文日期
// prints it, in arabic numerals without leading zeros: "2025年3月15日"
// (GB/T 9704-2012 7.3.5). ok is false for anything else, or a year outside
// 1990–2100.
func DateText(date string) (text string, ok bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil || t.Year() < 1990 || t.Year() > 2100 {
		return "", false
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day()), true
}

func narrativeBlanks(ev *Evaluation) []Blank {
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
		if strings.TrimSpace(p.ResultsUse) == "" {
			out = append(out, Blank{"projects[0].results_use", "结果应用", "自评结果的应用（整改、预算安排、信息公开等）"})
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

// MaxOverrideReason bounds the reason a submitter gives for submitting a
// report with blanks (SubmitOverride), in characters.
const MaxOverrideReason = 500

// BlanksError refuses to submit an evaluation whose report still has
// blanks (NarrativeBlanks): the submitter fills them in, or overrides with
// a reason (SubmitOverride). Its code is EINVALID.
type BlanksError struct {
	Blanks []Blank
}

// Sections names the blanks as the report's headings do: "自评的组织工作、存在的主要问题".
func (e *BlanksError) Sections() string {
	names := make([]string, len(e.Blanks))
	for i, b := range e.Blanks {
		names[i] = b.Section
	}
	return strings.Join(names, "、")
}

func (e *BlanksError) Error() string {
	return "报告尚有" + strconv.Itoa(len(e.Blanks)) + "处待填写（" + e.Sections() + "），不能提交；请补全后再提交，或选择“仍要提交”并写明理由"
}

// ErrorCode makes the refusal bad input (EINVALID).
func (e *BlanksError) ErrorCode() string { return EINVALID }
