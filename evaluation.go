package jixiao

import (
	"strconv"
	"strings"
)

// CaseFormat is the format identifier a case file declares.
const CaseFormat = "jixiao-case/1"

// Subject is what an evaluation evaluates (评价对象).
type Subject string

const (
	SubjectDepartment Subject = "department" // 部门整体支出
	SubjectProject    Subject = "project"    // 项目支出
)

// Title is the subject's Chinese name.
func (s Subject) Title() string {
	switch s {
	case SubjectDepartment:
		return "部门整体支出"
	case SubjectProject:
		return "项目支出"
	}
	return string(s)
}

// Enum lists the values a case file may give.
func (Subject) Enum() []string {
	return []string{"department", "project", "部门整体支出", "部门整体", "项目支出", "项目"}
}

// UnmarshalText accepts the code or its Chinese name.
func (s *Subject) UnmarshalText(b []byte) error {
	switch strings.TrimSpace(string(b)) {
	case "department", "部门整体支出", "部门整体":
		*s = SubjectDepartment
	case "project", "项目支出", "项目":
		*s = SubjectProject
	default:
		return errorf("评价对象应为 department（部门整体支出）或 project（项目支出），实际为“%s”", string(b))
	}
	return nil
}

// Status is where an evaluation is in the review workflow.
type Status string

const (
	StatusDraft     Status = "draft"     // 草稿
	StatusSubmitted Status = "submitted" // 已提交
	StatusReturned  Status = "returned"  // 已退回
	StatusAccepted  Status = "accepted"  // 已通过
)

// Enum lists the statuses.
func (Status) Enum() []string { return []string{"draft", "submitted", "returned", "accepted"} }

// Evaluation is one self-evaluation (绩效自评) of a department's overall
// expenditure or of one project, as an open case file holds it.
type Evaluation struct {
	Format   string  `json:"format,omitempty" zh:"格式版本" doc:"jixiao-case/1"`
	Subject  Subject `json:"subject" zh:"评价对象" jx:"required" doc:"department（部门整体支出）或 project（项目支出）"`
	Year     int     `json:"year" zh:"评价年度" jx:"required"`
	Rulebook string  `json:"rulebook,omitempty" zh:"评分规则" doc:"内置规则名（如 mof-2020、sichuan-2022、ningxia-2022、anhui-2022、chongqing-2022、shijiazhuang-2024）或规则文件路径；不填时按表格结构选用并说明理由"`
	Title    string  `json:"title,omitempty" zh:"报告标题"`
	// Basis is the opening statement: the documents the evaluation follows
	// and how it was done.
	Basis  string  `json:"basis,omitempty" zh:"开篇说明（评价依据）"`
	Org    Org     `json:"org" zh:"单位基本情况" jx:"required"`
	Budget *Budget `json:"budget,omitempty" zh:"部门收支预决算"`
	// OverallGoal is the declared overall goal (整体绩效目标); OverallResult
	// what the report says of its achievement.
	OverallGoal   string `json:"overall_goal,omitempty" zh:"整体绩效目标"`
	OverallResult string `json:"overall_result,omitempty" zh:"总体绩效目标实现情况"`
	Goals         []Goal `json:"goals,omitempty" zh:"分项绩效目标"`
	// Indicators are department-level indicators, for rulebooks that score
	// a department by indicator (layout "indicators").
	Indicators []Indicator `json:"indicators,omitempty" zh:"部门整体绩效指标"`
	Projects   []Project   `json:"projects,omitempty" zh:"项目"`
	WorkGroup  *WorkGroup  `json:"work_group,omitempty" zh:"绩效评价工作组"`
	Process    *Process    `json:"process,omitempty" zh:"自评工作开展情况"`
	Conclusion string      `json:"conclusion,omitempty" zh:"评价结论说明"`
	Problems   []Item      `json:"problems,omitempty" zh:"存在的问题"`
	Measures   []Item      `json:"measures,omitempty" zh:"改进措施"`
	// Date is the report's date (成文日期), YYYY-MM-DD; the report prints
	// it under the unit's name (落款), as "2025年3月15日".
	Date   string  `json:"date,omitempty" zh:"成文日期" doc:"报告落款的日期，写成年-月-日，如 2025-03-15；报告中印作“2025年3月15日”"`
	Stated *Stated `json:"stated,omitempty" zh:"报告所述结果"`
	// Caps are the block weights a department table prints in its labels.
	Caps []Cap `json:"caps,omitempty" zh:"表中所印分值"`
	// Counts are counts the document states with their groups.
	Counts []StatedCount `json:"counts,omitempty" zh:"所述个数"`
	// Incomplete marks a form not filled in completely, with the reason.
	Incomplete string      `json:"incomplete,omitempty" zh:"未填写完整说明" doc:"填写后不评定等级，如：表格在绩效指标部分后缺失"`
	Provenance *Provenance `json:"provenance,omitempty" zh:"数据来源"`
	Status     Status      `json:"status,omitempty" zh:"状态" doc:"draft / submitted / returned / accepted"`
	// Baseline is the approved declaration version the goals, indicators
	// and targets were taken from (jixiao declare baseline).
	Baseline *BaselineRef `json:"baseline,omitempty" zh:"绩效目标基线" doc:"由已批复的绩效目标申报生成自评时记下所依据的版本；核查时与该版本比较指标值"`
}

// Item is a titled paragraph: a problem or an improvement measure.
type Item struct {
	Title string `json:"title,omitempty" zh:"标题"`
	Text  string `json:"text,omitempty" zh:"内容"`
}

// WorkGroup is the evaluation work group (绩效评价工作组).
type WorkGroup struct {
	Leader   string   `json:"leader,omitempty" zh:"组长"`
	Deputies []string `json:"deputies,omitempty" zh:"副组长"`
	Members  []string `json:"members,omitempty" zh:"成员"`
	// MembersNote completes the member list in words ("及各直属单位负责人").
	MembersNote string `json:"members_note,omitempty" zh:"成员补充说明"`
	Text        string `json:"text,omitempty" zh:"组建说明"`
}

// Process is the record of how the self-evaluation was carried out
// (自评工作开展情况).
type Process struct {
	Collection string   `json:"collection,omitempty" zh:"资料收集"`
	Materials  []string `json:"materials,omitempty" zh:"收集的资料"`
	Approach   string   `json:"approach,omitempty" zh:"主要过程"`
	Steps      []Item   `json:"steps,omitempty" zh:"评价步骤"`
	Purpose    string   `json:"purpose,omitempty" zh:"自评目的"`
	Content    string   `json:"content,omitempty" zh:"自评内容"`
	MethodNote string   `json:"method_note,omitempty" zh:"自评方法概述"`
	Methods    []Item   `json:"methods,omitempty" zh:"评价方法"`
}

// FindProject returns the project ref names (by code or name), or nil.
func (e *Evaluation) FindProject(ref string) *Project {
	for i := range e.Projects {
		if e.Projects[i].Matches(ref) {
			return &e.Projects[i]
		}
	}
	return nil
}

// Validate checks what can be checked without a rulebook: required values,
// value ranges, and that every reference names something in the case.
// Arithmetic consistency is the checker's business, not Validate's: stated
// figures that disagree are kept as stated.
func (e *Evaluation) Validate() error {
	var ps Problems
	if e.Format != "" && e.Format != CaseFormat {
		ps.add("format", "格式版本应为“%s”，实际为“%s”", CaseFormat, e.Format)
	}
	switch e.Subject {
	case SubjectDepartment, SubjectProject:
	case "":
		ps.add("subject", "缺少评价对象（department 或 project）")
	default:
		ps.add("subject", "评价对象“%s”无效", e.Subject)
	}
	switch {
	case e.Year == 0 && e.markedIncomplete():
		// A form that prints no year is read and checked as incomplete;
		// it cannot be stored (Storable).
	case e.Year == 0:
		ps.add("year", "缺少评价年度：请填写四位年份；表格没有写明年度时，须同时填写未填写完整说明（incomplete）")
	case e.Year < 1990 || e.Year > 2100:
		ps.add("year", "评价年度应为四位年份，实际为 %d", e.Year)
	}
	switch e.Status {
	case "", StatusDraft, StatusSubmitted, StatusReturned, StatusAccepted:
	default:
		ps.add("status", "状态“%s”无效，应为 draft、submitted、returned 或 accepted", e.Status)
	}
	if e.Date != "" {
		if _, ok := DateText(e.Date); !ok {
			ps.add("date", "成文日期应写成年-月-日，如“2025-03-15”，实际为“%s”", e.Date)
		}
	}
	e.Org.validate("org", &ps)
	if e.Budget != nil {
		e.Budget.validate("budget", &ps)
	}
	validateCaps("caps", e.Caps, &ps)
	validateCounts("counts", e.Counts, &ps)
	e.Stated.validate("stated", &ps)
	if e.Subject == SubjectProject && len(e.Projects) != 1 {
		ps.add("projects", "项目支出评价须且只须包含一个项目，实际为 %d 个", len(e.Projects))
	}
	names := map[string]int{}
	for i := range e.Projects {
		p := &e.Projects[i]
		path := index("projects", i)
		p.validate(path, &ps)
		for _, key := range []string{p.Name, p.Code} {
			if key == "" {
				continue
			}
			if j, dup := names[key]; dup && j != i {
				ps.add(join(path, "name"), "项目“%s”与第%d个项目重名或编码重复", key, j+1)
			}
			names[key] = i
		}
	}
	for i := range e.Indicators {
		e.Indicators[i].validate(&elemPath{list: "indicators", i: i}, &ps)
	}
	for i := range e.Goals {
		g := &e.Goals[i]
		path := index("goals", i)
		g.validate(path, &ps)
		for j, d := range g.Deductions {
			e.validateRefs(index(join(path, "deductions"), j), d, g.Indicators, &ps)
		}
	}
	for i := range e.Projects {
		p := &e.Projects[i]
		for j := range p.Indicators {
			for k, d := range p.Indicators[j].Deductions {
				e.validateRefs(index(join(index(join(index("projects", i), "indicators"), j), "deductions"), k), d, p.Indicators, &ps)
			}
		}
	}
	return ps.Err()
}

// markedIncomplete reports whether the case marks its form as not filled
// in completely: the case's own mark, or for a project evaluation its one
// project's.
func (e *Evaluation) markedIncomplete() bool {
	if strings.TrimSpace(e.Incomplete) != "" {
		return true
	}
	return e.Subject == SubjectProject && len(e.Projects) == 1 && strings.TrimSpace(e.Projects[0].Incomplete) != ""
}

// Storable is Validate for a case about to be stored: a case can be read
// and checked without an evaluation year (a form marked incomplete) or a
// unit name (check reports F03), but the store files every evaluation
// under its unit and year, so such a case is refused here with the reason.
func (e *Evaluation) Storable() error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Year == 0 {
		return Errorf(EINVALID, "没有评价年度，无法保存：表格没有写明评价年度（如标题中的“2024年度”）；请补上评价年度后再导入")
	}
	if strings.TrimSpace(e.Org.Name) == "" {
		return Errorf(EINVALID, "没有单位名称，无法保存：表格的单位名称（主管部门或实施单位）为空；请补上单位名称后再导入")
	}
	return nil
}

func (e *Evaluation) validateRefs(path string, d Deduction, inds []Indicator, ps *Problems) {
	for k, ref := range d.Projects {
		if e.FindProject(ref) == nil {
			ps.add(index(join(path, "projects"), k), "扣分引用的项目“%s”不在 projects 中（按项目名称或编码匹配）", ref)
		}
	}
	if d.Indicator != "" && FindIndicator(inds, d.Indicator) == nil {
		ps.add(join(path, "indicator"), "扣分引用的指标“%s”不存在（按指标编号或名称匹配）", d.Indicator)
	}
}

// FindIndicator returns the indicator ref names (by ID or name), or nil.
func FindIndicator(inds []Indicator, ref string) *Indicator {
	for i := range inds {
		if inds[i].ID == ref || inds[i].Name == ref {
			return &inds[i]
		}
	}
	return nil
}

// Name is the evaluated subject's name: the organisation, or the project of
// a project evaluation.
func (e *Evaluation) Name() string {
	if e.Subject == SubjectProject && len(e.Projects) == 1 {
		return e.Projects[0].Name
	}
	return e.Org.Name
}

// YearTitle is an evaluation year as titles print it: "2024年度", or
// "（未写明年度）" for a form that states none.
func YearTitle(year int) string {
	if year == 0 {
		return "（未写明年度）"
	}
	return strconv.Itoa(year) + "年度"
}
