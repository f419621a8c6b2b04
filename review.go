package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// ReviewRubric is a declared rubric for reviewing performance-goal
// declarations (绩效目标审核): items with their points, and grade bands
// on the total, each saying whether a declaration of that grade may be
// approved. Rubrics are data (internal/rulebook/rubrics), with their
// public source.
type ReviewRubric struct {
	Name      string        `json:"name" zh:"规则名" jx:"required"`
	Title     string        `json:"title" zh:"规则名称" jx:"required"`
	Source    string        `json:"source" zh:"依据" jx:"required"`
	SourceURL string        `json:"source_url,omitempty" zh:"依据地址"`
	Note      string        `json:"note,omitempty" zh:"说明"`
	Items     []RubricItem  `json:"items" zh:"审核要点" jx:"required"`
	Grades    []ReviewGrade `json:"grades" zh:"审核等级" jx:"required"`
}

// RubricItem is one item of a review rubric.
type RubricItem struct {
	Code     string          `json:"code" zh:"编号" jx:"required"`
	Name     string          `json:"name" zh:"审核要点" jx:"required"`
	Points   decimal.Decimal `json:"points" zh:"分值" jx:"required"`
	Criteria string          `json:"criteria,omitempty" zh:"审核内容"`
}

// ReviewGrade is a grade band: a total of at least Min earns it.
type ReviewGrade struct {
	Name    string          `json:"name" zh:"等级" jx:"required"`
	Min     decimal.Decimal `json:"min" zh:"最低分（含）" jx:"required"`
	Approve bool            `json:"approve,omitempty" zh:"可以批复"`
	Meaning string          `json:"meaning,omitempty" zh:"处理方式"`
}

// Total is the rubric's full score, the sum of its items' points.
func (r *ReviewRubric) Total() decimal.Decimal {
	sum := decimal.Zero
	for _, it := range r.Items {
		sum = sum.Add(it.Points)
	}
	return sum
}

// Validate checks the rubric: unique item codes with positive points,
// grade bands in descending order of their minimum, the last at 0.
func (r *ReviewRubric) Validate() error {
	var ps Problems
	if len(r.Items) == 0 {
		ps.add("items", "审核规则至少应有一个审核要点")
	}
	seen := map[string]bool{}
	for i, it := range r.Items {
		p := index("items", i)
		if strings.TrimSpace(it.Code) == "" || seen[it.Code] {
			ps.add(join(p, "code"), "审核要点编号“%s”为空或重复", it.Code)
		}
		seen[it.Code] = true
		if !it.Points.IsPositive() {
			ps.add(join(p, "points"), "审核要点“%s”的分值应大于0", it.Name)
		}
	}
	if len(r.Grades) == 0 {
		ps.add("grades", "审核规则至少应有一个等级")
	}
	for i, g := range r.Grades {
		p := index("grades", i)
		if i > 0 && !g.Min.LessThan(r.Grades[i-1].Min) {
			ps.add(join(p, "min"), "等级“%s”的最低分应低于上一等级“%s”的", g.Name, r.Grades[i-1].Name)
		}
		if g.Min.GreaterThan(r.Total()) {
			ps.add(join(p, "min"), "等级“%s”的最低分%s高于满分%s", g.Name, Plain(g.Min), Plain(r.Total()))
		}
	}
	if n := len(r.Grades); n > 0 && !r.Grades[n-1].Min.IsZero() {
		ps.add(index("grades", n-1), "最低的等级“%s”的最低分应为0", r.Grades[n-1].Name)
	}
	return ps.Err()
}

// Grade returns the band a total earns.
func (r *ReviewRubric) Grade(score decimal.Decimal) ReviewGrade {
	for _, g := range r.Grades {
		if score.GreaterThanOrEqual(g.Min) {
			return g
		}
	}
	return r.Grades[len(r.Grades)-1]
}

// Score totals a reviewer's points: every item of the rubric scored once,
// each between 0 and its points. It returns the total and its grade.
func (r *ReviewRubric) Score(items []ItemScore) (decimal.Decimal, ReviewGrade, error) {
	given := map[string]bool{}
	total := decimal.Zero
	for _, s := range items {
		var it *RubricItem
		for i := range r.Items {
			if r.Items[i].Code == s.Code {
				it = &r.Items[i]
			}
		}
		switch {
		case it == nil:
			return decimal.Zero, ReviewGrade{}, Errorf(EINVALID, "审核规则“%s”中没有编号为“%s”的审核要点", r.Title, s.Code)
		case given[s.Code]:
			return decimal.Zero, ReviewGrade{}, Errorf(EINVALID, "审核要点“%s”评了两次分", it.Name)
		case s.Points.IsNegative() || s.Points.GreaterThan(it.Points):
			return decimal.Zero, ReviewGrade{}, Errorf(EINVALID, "审核要点“%s”的得分%s不在0至%s分之间", it.Name, Plain(s.Points), Plain(it.Points))
		}
		given[s.Code] = true
		total = total.Add(s.Points)
	}
	var missing []string
	for _, it := range r.Items {
		if !given[it.Code] {
			missing = append(missing, "“"+it.Name+"”")
		}
	}
	if len(missing) > 0 {
		return decimal.Zero, ReviewGrade{}, Errorf(EINVALID, "以下审核要点没有评分：%s", strings.Join(missing, "、"))
	}
	return total, r.Grade(total), nil
}
