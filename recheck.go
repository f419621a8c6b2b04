package jixiao

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Recheck is a re-check (抽查复核) of sampled self-evaluations: for each
// project, the items of its scorecard with the self-score and the
// evaluator's re-score side by side, and the reason for each change.
type Recheck struct {
	Year     int                `json:"year,omitempty" zh:"评价年度"`
	Rulebook string             `json:"rulebook,omitempty" zh:"评分规则" doc:"内置规则名或规则文件路径，等级按其项目评价等级评定；不填为 mof-2020"`
	Projects []RecheckedProject `json:"projects" zh:"复核的项目" jx:"required"`
}

// RecheckedProject is one re-checked project.
type RecheckedProject struct {
	Unit    string        `json:"unit" zh:"单位" jx:"required"`
	Project string        `json:"project" zh:"项目" jx:"required"`
	Items   []RecheckItem `json:"items" zh:"评分项" jx:"required"`
}

// RecheckItem is one scorecard item of a re-checked project.
type RecheckItem struct {
	Name    string          `json:"name" zh:"评分项名称" jx:"required"`
	Weight  decimal.Decimal `json:"weight" zh:"分值" jx:"required"`
	Self    decimal.Decimal `json:"self" zh:"自评得分" jx:"required"`
	Recheck decimal.Decimal `json:"recheck" zh:"复核得分" jx:"required"`
	Reason  string          `json:"reason,omitempty" zh:"复核理由" doc:"复核得分与自评得分不同时必填"`
}

// Bounds of a re-check: projects, and items per project.
const (
	MaxRecheckProjects = 10_000
	MaxRecheckItems    = 500
)

// Validate checks a re-check: unique projects and item names, scores
// within [0, weight], a reason for every changed score.
func (rc *Recheck) Validate() error {
	var ps Problems
	if len(rc.Projects) == 0 {
		ps.add("projects", "没有复核的项目")
	}
	if len(rc.Projects) > MaxRecheckProjects {
		ps.add("projects", "复核的项目有 %d 个，超过 %d 个的上限", len(rc.Projects), MaxRecheckProjects)
		return ps.Err()
	}
	seen := map[string]int{}
	for i := range rc.Projects {
		p := &rc.Projects[i]
		path := index("projects", i)
		key := p.Unit + "／" + p.Project
		if j, dup := seen[key]; dup {
			ps.add(join(path, "project"), "单位“%s”的项目“%s”与第 %d 个项目重复", p.Unit, p.Project, j+1)
		}
		seen[key] = i
		if len(p.Items) == 0 {
			ps.add(join(path, "items"), "项目“%s”没有评分项", p.Project)
		}
		if len(p.Items) > MaxRecheckItems {
			ps.add(join(path, "items"), "项目“%s”的评分项有 %d 个，超过 %d 个的上限", p.Project, len(p.Items), MaxRecheckItems)
			continue
		}
		names := map[string]bool{}
		for j := range p.Items {
			it := &p.Items[j]
			ip := index(join(path, "items"), j)
			if names[it.Name] {
				ps.add(join(ip, "name"), "评分项“%s”重复", it.Name)
			}
			names[it.Name] = true
			if !it.Weight.IsPositive() {
				ps.add(join(ip, "weight"), "分值应大于 0，实际为 %s", it.Weight)
			}
			for _, f := range []struct {
				field, title string
				v            decimal.Decimal
			}{{"self", "自评得分", it.Self}, {"recheck", "复核得分", it.Recheck}} {
				if f.v.IsNegative() || f.v.GreaterThan(it.Weight) {
					ps.add(join(ip, f.field), "%s %s 不在 0 到分值 %s 之间", f.title, Plain(f.v), Plain(it.Weight))
				}
			}
			if !it.Self.Equal(it.Recheck) && strings.TrimSpace(it.Reason) == "" {
				ps.add(join(ip, "reason"), "评分项“%s”的复核得分与自评得分不同，须写明复核理由", it.Name)
			}
		}
	}
	return ps.Err()
}

// ItemDeviation is the deviation of one item: re-score − self-score.
type ItemDeviation struct {
	Name        string
	Weight      decimal.Decimal
	Self        decimal.Decimal
	Recheck     decimal.Decimal
	Deviation   decimal.Decimal
	Reason      string
	Explanation string
}

// ProjectDeviation is the deviation of one project's total and grade.
type ProjectDeviation struct {
	Unit, Project string
	// Self and Recheck are the totals rounded to the rulebook's total
	// places, as graded; Deviation is their difference.
	Self, Recheck           decimal.Decimal
	Deviation               decimal.Decimal
	SelfGrade, RecheckGrade string
	// Change is -1 when the grade fell, +1 when it rose, 0 when the same.
	Change      int
	Items       []ItemDeviation
	Explanation string
}

// UnitDeviation sums a unit's re-checked projects.
type UnitDeviation struct {
	Unit     string
	Projects int
	// Deviation is the sum of its projects' deviations; Mean their mean,
	// rounded to the rulebook's total places.
	Deviation, Mean decimal.Decimal
	Down, Up        int
	Explanation     string
}

// DeviationSummary is the deviation of a re-check: per project, per unit
// and overall.
type DeviationSummary struct {
	Rulebook string
	Places   int32
	Projects []ProjectDeviation
	Units    []UnitDeviation
	// Mean is the mean deviation, MeanAbs the mean absolute deviation,
	// over the projects, rounded to the rulebook's total places.
	Mean, MeanAbs decimal.Decimal
	Down, Up      int
	Explanation   string
}

// Deviation computes the deviation of a re-check under rb: per item, per
// project (totals rounded to rb's total places and graded by its project
// grade bands, as scorecards are), per unit and overall.
func Deviation(rc *Recheck, rb *Rulebook) (*DeviationSummary, error) {
	if err := rc.Validate(); err != nil {
		return nil, err
	}
	prb := rb.ForProjects()
	places := rb.RoundingPolicy().Total
	sp := rb.RoundingPolicy().Score
	ranks := map[string]int{}
	for i, b := range prb.Bands() {
		ranks[b.Name] = i
	}
	out := &DeviationSummary{Rulebook: rb.Name, Places: places}
	units := map[string]int{}
	var sum, sumAbs decimal.Decimal
	for _, p := range rc.Projects {
		var self, re decimal.Decimal
		pd := ProjectDeviation{Unit: p.Unit, Project: p.Project}
		for _, it := range p.Items {
			self, re = self.Add(it.Self), re.Add(it.Recheck)
			d := it.Recheck.Sub(it.Self)
			pd.Items = append(pd.Items, ItemDeviation{Name: it.Name, Weight: it.Weight, Self: it.Self, Recheck: it.Recheck, Deviation: d, Reason: it.Reason,
				Explanation: fmt.Sprintf("复核得分 %s − 自评得分 %s = %s 分", Fixed(it.Recheck, sp), Fixed(it.Self, sp), Signed(d, sp))})
		}
		pd.Self, pd.Recheck = Round(self, places), Round(re, places)
		pd.Deviation = pd.Recheck.Sub(pd.Self)
		pd.SelfGrade, pd.RecheckGrade = prb.Grade(pd.Self), prb.Grade(pd.Recheck)
		switch a, b := ranks[pd.SelfGrade], ranks[pd.RecheckGrade]; {
		case b > a:
			pd.Change = -1
		case b < a:
			pd.Change = 1
		}
		pd.Explanation = fmt.Sprintf("复核得分 %s − 自评得分 %s = %s 分，%s", Fixed(pd.Recheck, places), Fixed(pd.Self, places), Signed(pd.Deviation, places), GradeChange(pd.SelfGrade, pd.RecheckGrade, pd.Change))
		out.Projects = append(out.Projects, pd)
		i, ok := units[p.Unit]
		if !ok {
			i = len(out.Units)
			units[p.Unit] = i
			out.Units = append(out.Units, UnitDeviation{Unit: p.Unit})
		}
		u := &out.Units[i]
		u.Projects++
		u.Deviation = u.Deviation.Add(pd.Deviation)
		sum, sumAbs = sum.Add(pd.Deviation), sumAbs.Add(pd.Deviation.Abs())
		switch pd.Change {
		case -1:
			u.Down++
			out.Down++
		case 1:
			u.Up++
			out.Up++
		}
	}
	for i := range out.Units {
		u := &out.Units[i]
		u.Mean = DivRound(u.Deviation, decimal.NewFromInt(int64(u.Projects)), places)
		u.Explanation = fmt.Sprintf("复核 %d 个项目，偏差合计 %s 分，平均 %s 分；等级降低 %d 个，提高 %d 个", u.Projects, Signed(u.Deviation, places), Signed(u.Mean, places), u.Down, u.Up)
	}
	n := decimal.NewFromInt(int64(len(out.Projects)))
	out.Mean, out.MeanAbs = DivRound(sum, n, places), DivRound(sumAbs, n, places)
	out.Explanation = fmt.Sprintf("共复核 %d 个单位的 %d 个项目：平均偏差 %s 分，平均绝对偏差 %s 分；等级降低 %d 个，提高 %d 个，不变 %d 个",
		len(out.Units), len(out.Projects), Signed(out.Mean, places), Fixed(out.MeanAbs, places), out.Down, out.Up, len(out.Projects)-out.Down-out.Up)
	return out, nil
}

// Signed formats d with places decimals and a true minus sign (−8.50);
// positive values get no sign.
func Signed(d decimal.Decimal, places int32) string {
	s := Fixed(d, places)
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// GradeChange says how a grade changed: "等级由优降为良", "等级由良升为优",
// "等级不变（优）".
func GradeChange(from, to string, change int) string {
	switch {
	case change < 0:
		return "等级由" + from + "降为" + to
	case change > 0:
		return "等级由" + from + "升为" + to
	}
	return "等级不变（" + to + "）"
}

// MaxOwnEvaluations is the most projects a department evaluates at once
// (部门评价).
const MaxOwnEvaluations = 50

// CheckOwn checks a re-check as a department's evaluation of its own
// projects (部门评价): every project of the one department, at most
// MaxOwnEvaluations of them. It returns the department.
func (rc *Recheck) CheckOwn() (string, error) {
	var ps Problems
	if len(rc.Projects) > MaxOwnEvaluations {
		ps.add("projects", "部门评价有 %d 个项目，一次至多 %d 个", len(rc.Projects), MaxOwnEvaluations)
		return "", ps.Err()
	}
	unit := ""
	for i, p := range rc.Projects {
		u := strings.TrimSpace(p.Unit)
		if i == 0 {
			unit = u
			continue
		}
		if u != unit {
			ps.add(join(index("projects", i), "unit"), "部门评价只评价本部门的项目：第 1 个项目的单位为“%s”，本项为“%s”", unit, u)
		}
	}
	return unit, ps.Err()
}
