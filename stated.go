package jixiao

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// Stated is the result a report or table states for itself, kept to compare
// with what jixiao computes.
type Stated struct {
	Total *decimal.Decimal `json:"total,omitempty" zh:"自评得分"`
	Grade string           `json:"grade,omitempty" zh:"评价等级"`
	// Execution is a department table's 预算执行得分 as stated (a project's is
	// Project.ExecutionScore); ExecutionMax is the cap printed for it.
	Execution    *decimal.Decimal `json:"execution,omitempty" zh:"预算执行得分（表中所填）"`
	ExecutionMax *decimal.Decimal `json:"execution_max,omitempty" zh:"预算执行分值（表中所印）"`
	// Grades are the grade bands the document itself prints, kept to grade
	// by them and to compare with the rulebook's.
	Grades []GradeBand `json:"grades,omitempty" zh:"表中所载评价等级标准"`
}

// Cap is a block weight a table prints in a label: "产出指标(50分)" is the
// first-level block 产出指标 with the weight 50; "数量指标(20分)" under it is
// the second-level block. The block's rows should add up to its cap.
type Cap struct {
	Level1 string          `json:"level1" zh:"一级指标" jx:"required"`
	Level2 string          `json:"level2,omitempty" zh:"二级指标" doc:"二级指标的分值时填写"`
	Weight decimal.Decimal `json:"weight" zh:"所印分值" jx:"required"`
}

func validateCaps(path string, caps []Cap, ps *Problems) {
	seen := map[string]int{}
	for i, c := range caps {
		p := index(path, i)
		if strings.TrimSpace(c.Level1) == "" {
			ps.add(join(p, "level1"), "所印分值须写明所属一级指标")
		}
		if c.Weight.IsNegative() {
			ps.add(join(p, "weight"), "分值不能为负数")
		}
		key := c.Level1 + "/" + c.Level2
		if j, dup := seen[key]; dup {
			ps.add(p, "与第%d项所印分值重复（%s）", j+1, strings.TrimSuffix(key, "/"))
		}
		seen[key] = i
	}
}

// Provenance is where a case's data came from: the document as the user
// gave it, the layout recognised in it, and what the reader left out.
type Provenance struct {
	Document string `json:"document,omitempty" zh:"来源文件"`
	Sheet    string `json:"sheet,omitempty" zh:"工作表"`
	Layout   string `json:"layout,omitempty" zh:"表样" doc:"如：项目支出绩效自评表（全国通用）"`
	Note     string `json:"note,omitempty" zh:"说明"`
	// Chosen says which rulebook was chosen for a document that names
	// none, and by what in its structure.
	Chosen string `json:"chosen,omitempty" zh:"评分规则的选择" doc:"如：表中有“预算执行情况(10分)”“绩效指标(90分)”，按四川省项目支出绩效自评规则计分"`
	// Skipped are rows the reader passed over: empty rows of a template,
	// placeholder rows ("指标2", "……").
	Skipped []Skipped `json:"skipped,omitempty" zh:"读取时跳过的行"`
	// Blank are name cells the document prints and leaves empty where no
	// field of the case shows it (a project table's 主管部门): where the
	// label is, and the label.
	Blank []Skipped `json:"blank,omitempty" zh:"空白的名称栏" doc:"表中印有而未填写的名称栏，如：{where: Sheet1!A14, what: 主管部门}"`
}

// Skipped is one row a reader passed over, and why.
type Skipped struct {
	Where string `json:"where" zh:"位置" jx:"required" doc:"如：Sheet1!A12"`
	What  string `json:"what,omitempty" zh:"内容" doc:"如：空白的生态效益指标行"`
}

// StatedCount is a count a document states with its groups: "项目10个，其中
// 年初安排6个、年中追加5个" is {项目个数, 10, [年初安排 6, 年中追加 5]}.
type StatedCount struct {
	What  string      `json:"what" zh:"所述事项" jx:"required" doc:"如：项目个数"`
	Total int         `json:"total" zh:"所述总数" jx:"required"`
	Parts []CountPart `json:"parts,omitempty" zh:"分组"`
}

// CountPart is one group of a stated count.
type CountPart struct {
	Label string `json:"label" zh:"分组名称" jx:"required"`
	Count int    `json:"count" zh:"个数" jx:"required"`
}

// SpendLine is a line of spending by purpose, or a project a department's
// narrative lists, with its plan and actual amount as stated.
type SpendLine struct {
	Name   string           `json:"name" zh:"名称" jx:"required"`
	Plan   *decimal.Decimal `json:"plan,omitempty" zh:"计划数（预算数）"`
	Actual *decimal.Decimal `json:"actual,omitempty" zh:"实际数（执行数）"`
	// Previous is the line's figure of the year before (上年决算数), where
	// a table prints it beside this year's.
	Previous *decimal.Decimal `json:"previous,omitempty" zh:"上年数（上年决算数）"`
	Note     string           `json:"note,omitempty" zh:"说明"`
}

// YearOnYear is a figure compared with the year before, as stated: 上年数,
// 本年数, 增减额 and 增减率.
type YearOnYear struct {
	Item     string           `json:"item" zh:"项目" jx:"required" doc:"如：一般公共预算支出"`
	Previous *decimal.Decimal `json:"previous,omitempty" zh:"上年数"`
	Current  *decimal.Decimal `json:"current,omitempty" zh:"本年数"`
	Change   *decimal.Decimal `json:"change,omitempty" zh:"增减额"`
	Rate     Figure           `json:"rate,omitempty" zh:"增减率" doc:"如“-12.5%”"`
}

func validateSpendLines(path string, lines []SpendLine, ps *Problems) {
	for i, l := range lines {
		p := index(path, i)
		if strings.TrimSpace(l.Name) == "" {
			ps.add(join(p, "name"), "名称不能为空")
		}
		validateAmount(join(p, "plan"), l.Plan, ps)
		validateAmount(join(p, "actual"), l.Actual, ps)
		validateAmount(join(p, "previous"), l.Previous, ps)
	}
}

func (s *Stated) validate(path string, ps *Problems) {
	if s == nil {
		return
	}
	for _, f := range []struct {
		name string
		v    *decimal.Decimal
	}{{"total", s.Total}, {"execution", s.Execution}, {"execution_max", s.ExecutionMax}} {
		if f.v != nil && f.v.IsNegative() {
			ps.add(join(path, f.name), "得分不能为负数")
		}
	}
	if len(s.Grades) > 0 {
		rb := Rulebook{Name: "stated", Grades: s.Grades, Project: &Layout{Kind: LayoutGoals}}
		if err := rb.Validate(); err != nil {
			var inner Problems
			if errors.As(err, &inner) {
				for _, p := range inner {
					ps.add(join(path, p.Path), "%s", p.Message)
				}
			}
		}
	}
}

func validateCounts(path string, cs []StatedCount, ps *Problems) {
	for i, c := range cs {
		p := index(path, i)
		if strings.TrimSpace(c.What) == "" {
			ps.add(join(p, "what"), "须写明所述事项")
		}
		if c.Total < 0 {
			ps.add(join(p, "total"), "个数不能为负数")
		}
		for j, part := range c.Parts {
			if part.Count < 0 {
				ps.add(join(index(join(p, "parts"), j), "count"), "个数不能为负数")
			}
		}
	}
}

// templateText are phrases a blank form prints for the clerk to replace.
var templateText = []string{"请填写", "请根据", "请在此", "在此填写", "填写说明", "（填写", "(填写"}

// IsTemplateText reports whether s is a form's instruction left in place of
// content ("（请填写…）").
func IsTemplateText(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, t := range templateText {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// Completeness says why a project's form is not filled in completely: the
// reason stated in the case, else a recognised one (indicators without any
// actual value or score; a conclusion still holding template text), else
// "". Zero amounts are figures, not gaps.
func (p *Project) Completeness() string {
	if p.Incomplete != "" {
		return p.Incomplete
	}
	return formGaps(p.Indicators, p.Conclusion)
}

// Completeness is Project.Completeness for the evaluation as a whole: its
// own stated reason, then its department-level indicators and conclusion,
// then for a project evaluation its project's.
func (e *Evaluation) Completeness() string {
	if e.Incomplete != "" {
		return e.Incomplete
	}
	if e.Subject == SubjectProject && len(e.Projects) == 1 {
		return e.Projects[0].Completeness()
	}
	return formGaps(e.Indicators, e.Conclusion)
}

func formGaps(inds []Indicator, conclusion string) string {
	if IsTemplateText(conclusion) {
		return "评价结论仍是表格模板的填写提示"
	}
	if len(inds) == 0 {
		return ""
	}
	for i := range inds {
		in := &inds[i]
		if !in.Actual.IsZero() || in.Score != nil || in.Tier != "" || len(in.Deductions) > 0 {
			return ""
		}
	}
	return "所有指标均未填写实际完成值和得分"
}
