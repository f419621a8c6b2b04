// Package scoring turns an evaluation and a rulebook into a scorecard: a
// tree of weighted nodes where every score carries a Chinese explanation of
// the data, the rule and the arithmetic behind it. It is pure: no I/O, no
// clock, no database.
//
// Scores are exact decimals. Parents sum their children's exact scores
// (or, under a rulebook whose rounding policy sets leaf places, the leaves'
// rounded scores); the total is rounded half-up once, and the grade is read
// from that displayed total.
package scoring

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Score scores ev under rb. Data that makes part of the scorecard
// impossible to compute (a goal without a weight, an indicator under a
// first-level name the rulebook does not know, a formula that does not
// parse) is returned as jixiao.Problems located by case-file path; every
// such problem is reported, not only the first.
func Score(ev *jixiao.Evaluation, rb *jixiao.Rulebook) (*jixiao.Scorecard, error) {
	s := &scorer{rb: rb, round: rb.RoundingPolicy(), text: make([]byte, 0, 256)}
	// About two nodes an indicator (its own, its groups', goals' and the
	// execution's); more are made nodeBlock at a time.
	n := len(ev.Indicators)
	for i := range ev.Goals {
		n += len(ev.Goals[i].Indicators)
	}
	for i := range ev.Projects {
		n += len(ev.Projects[i].Indicators)
	}
	s.nodes = make([]jixiao.Node, 0, 2*n+4)
	var sc *jixiao.Scorecard
	switch ev.Subject {
	case jixiao.SubjectProject:
		if len(ev.Projects) != 1 {
			return nil, jixiao.Problems{{Path: "projects", Message: "项目支出评价须且只须包含一个项目"}}
		}
		p := &ev.Projects[0]
		sc = s.project(p, "projects[0]")
		if sc != nil {
			stated := p.Stated
			if stated == nil || len(stated.Grades) == 0 {
				stated = ev.Stated
			}
			s.settle(sc, ev.Completeness(), stated)
		}
	case jixiao.SubjectDepartment:
		sc = s.department(ev)
	default:
		return nil, jixiao.Problems{{Path: "subject", Message: fmt.Sprintf("评价对象“%s”无效", ev.Subject)}}
	}
	if len(s.problems) > 0 {
		return nil, s.problems
	}
	if ev.Subject == jixiao.SubjectDepartment {
		s.settle(sc, ev.Completeness(), ev.Stated)
	}
	sc.Subject, sc.Year = ev.Subject, ev.Year
	if ev.Subject == jixiao.SubjectProject {
		sc.Name = ev.Projects[0].Name
	} else {
		sc.Name = ev.Org.Name
	}
	return sc, nil
}

type scorer struct {
	rb       *jixiao.Rulebook
	round    jixiao.Rounding
	problems jixiao.Problems
	// text is where an explanation is put together, reused: the string
	// made from it is the explanation's one allocation.
	text []byte
	// nodes is where the scorecard's nodes are made, a block at a time
	// (node), rather than one allocation each.
	nodes []jixiao.Node
}

// nodeBlock is how many nodes node makes at a time once the first block,
// sized for the case, is used up.
const nodeBlock = 16

// node returns a new node holding n, from s.nodes.
func (s *scorer) node(n jixiao.Node) *jixiao.Node {
	if len(s.nodes) == cap(s.nodes) {
		s.nodes = make([]jixiao.Node, 0, nodeBlock)
	}
	s.nodes = append(s.nodes, n)
	return &s.nodes[len(s.nodes)-1]
}

// rulebookPrefix starts the location of a problem that lies in the
// rulebook rather than in the case ("评分规则 mof-2020 的 rules[0]").
const rulebookPrefix = "评分规则 "

// fail records a problem at a case-file path, or in the rulebook when path
// starts with rulebookPrefix.
func (s *scorer) fail(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.HasPrefix(path, rulebookPrefix) {
		s.problems = append(s.problems, jixiao.Problem{Message: path + "：" + msg})
		return
	}
	s.problems = append(s.problems, jixiao.Problem{Path: path, Message: msg})
}

func (s *scorer) rulePath(p string) string { return rulebookPrefix + s.rb.Name + " 的 " + p }

// finish sums the top-level nodes into the scorecard's total and grade.
func (s *scorer) finish(nodes []*jixiao.Node) *jixiao.Scorecard {
	sc := &jixiao.Scorecard{Rulebook: s.rb, Nodes: nodes}
	for _, n := range nodes {
		sc.Weight = jixiao.Add(sc.Weight, n.Weight)
		sc.Total = jixiao.Add(sc.Total, n.Score)
	}
	sc.Displayed = jixiao.Round(sc.Total, s.round.Total)
	sc.Grade = s.rb.Grade(sc.Displayed)
	return sc
}

// settle gives the grade its final form: none for a form not filled in
// completely, else by the document's own grade bands when it prints them
// (the rulebook still scores).
func (s *scorer) settle(sc *jixiao.Scorecard, incomplete string, stated *jixiao.Stated) {
	if incomplete != "" {
		sc.Incomplete = incomplete
		sc.Grade = ""
		sc.GradeNote = "表格未填写完整（" + incomplete + "），按已填写的内容计分，不评定等级"
		return
	}
	if stated != nil && len(stated.Grades) > 0 {
		own := jixiao.Rulebook{Grades: stated.Grades}
		sc.Grade = own.Grade(sc.Displayed)
		sc.GradeNote = "等级按表中所载评价等级标准评定（" + own.GradesText() + "），不按评分规则" + s.rb.Name + "的等级"
	}
}

func (s *scorer) department(ev *jixiao.Evaluation) *jixiao.Scorecard {
	l := s.rb.Department
	if l == nil {
		s.fail("rulebook", "评分规则“%s”没有部门整体支出评价规则（department），不能用于部门整体评价", s.rb.Name)
		return nil
	}
	var sc *jixiao.Scorecard
	switch l.Kind {
	case jixiao.LayoutGoals:
		if len(ev.Goals) == 0 {
			s.fail("goals", "评分规则“%s”按分项绩效目标计分，案例中没有分项绩效目标（goals）", s.rb.Name)
			return nil
		}
		var nodes []*jixiao.Node
		for i := range ev.Goals {
			nodes = append(nodes, s.goal(&ev.Goals[i], fmt.Sprintf("goals[%d]", i)))
		}
		sc = s.finish(nodes)
	case jixiao.LayoutIndicators:
		if len(ev.Indicators) == 0 && ev.Completeness() == "" {
			// A form marked incomplete before its indicators scores its
			// execution alone, and is given no grade.
			s.fail("indicators", "评分规则“%s”按绩效指标计分，案例中没有部门整体绩效指标（indicators）", s.rb.Name)
			return nil
		}
		st := set{path: "", indicators: ev.Indicators, exec: departmentExecution(ev), caps: ev.Caps, incomplete: ev.Completeness() != ""}
		if ev.Stated != nil {
			st.execMax = ev.Stated.ExecutionMax
		}
		sc = s.finish(s.indicatorTree(l, st))
	}
	if s.rb.Project != nil {
		for i := range ev.Projects {
			p := &ev.Projects[i]
			if len(p.Indicators) == 0 {
				continue
			}
			if psc := s.project(p, fmt.Sprintf("projects[%d]", i)); psc != nil {
				psc.Subject, psc.Name, psc.Year = jixiao.SubjectProject, p.Name, ev.Year
				s.settle(psc, p.Completeness(), p.Stated)
				sc.Projects = append(sc.Projects, psc)
			}
		}
	}
	return sc
}

func (s *scorer) project(p *jixiao.Project, path string) *jixiao.Scorecard {
	sc := s.projectNodes(p, path)
	if sc != nil {
		// A project is graded by the project grades of the rulebook.
		sc.Rulebook = s.rb.ForProjects()
		sc.Grade = sc.Rulebook.Grade(sc.Displayed)
	}
	return sc
}

func (s *scorer) projectNodes(p *jixiao.Project, path string) *jixiao.Scorecard {
	l := s.rb.Project
	if l == nil {
		s.fail("rulebook", "评分规则“%s”没有项目支出评价规则（project），不能用于项目评价", s.rb.Name)
		return nil
	}
	if l.Kind != jixiao.LayoutIndicators {
		s.fail("rulebook", "评分规则“%s”的项目评价须按指标层级（indicators）计分", s.rb.Name)
		return nil
	}
	if len(p.Indicators) == 0 && p.Completeness() == "" {
		// A form marked incomplete (cut off before its indicators) is
		// scored as far as it goes, and given no grade.
		s.fail(path+".indicators", "项目“%s”没有绩效指标", p.Name)
		return nil
	}
	st := set{path: path, indicators: p.Indicators, weights: p.Weights, exec: projectExecution(p, path), caps: p.Caps, incomplete: p.Completeness() != ""}
	if p.Stated != nil {
		st.execMax = p.Stated.ExecutionMax
	}
	return s.finish(s.indicatorTree(l, st))
}

// goal scores one sub-goal of a goals layout.
func (s *scorer) goal(g *jixiao.Goal, path string) *jixiao.Node {
	n := s.node(jixiao.Node{Kind: jixiao.NodeGoal, Name: g.Name, Source: path})
	if g.Weight == nil {
		s.fail(path+".weight", "分项绩效目标“%s”没有分值", g.Name)
		return n
	}
	n.Weight = *g.Weight
	r := g.Rubric
	if r == nil {
		r = s.rb.Department.GoalRubric
	}
	if r == nil {
		r = &jixiao.Rubric{Kind: jixiao.RubricDeductions}
	}
	rpath := path + ".rubric"
	if g.Rubric == nil {
		rpath = s.rulePath("department.goal_rubric")
	}
	switch r.Kind {
	case jixiao.RubricDeductions:
		s.deductions(n, g.Deductions)
	case jixiao.RubricFormula:
		s.formula(n, r, rpath, map[string]decimal.Decimal{"W": n.Weight, "分值": n.Weight, "扣分": jixiao.TotalDeducted(g.Deductions)})
	default:
		s.fail(rpath+".kind", "分项绩效目标只能用 deductions（评价扣分）或 formula（公式）计分，实际为“%s”", r.Kind)
	}
	return n
}

// deductions scores n as its weight less the judged deductions, floor 0.
func (s *scorer) deductions(n *jixiao.Node, ds []jixiao.Deduction) {
	n.Rubric = jixiao.RubricDeductions
	w := jixiao.Plain(n.Weight)
	total := jixiao.TotalDeducted(ds)
	n.Score = clamp(n.Weight.Sub(total), n.Weight)
	if len(ds) == 0 {
		n.Explanation = fmt.Sprintf("满分%s分，无扣分，得%s分", w, s.score(n.Score))
		return
	}
	var reasons []string
	for i, d := range ds {
		r := strings.TrimSpace(d.Reason)
		if r == "" {
			r = "（未说明扣分原因）"
		}
		r = strings.TrimRight(r, "。；;")
		if len(ds) > 1 {
			r = fmt.Sprintf("%d. %s（扣%s分）", i+1, r, jixiao.Plain(d.Points))
		}
		reasons = append(reasons, r)
	}
	n.Explanation = fmt.Sprintf("满分%s分，扣%s分：%s；得%s分", w, jixiao.Plain(total), strings.Join(reasons, "；"), s.score(n.Score))
	if total.GreaterThan(n.Weight) {
		n.Notes = append(n.Notes, fmt.Sprintf("扣分合计%s分超过分值%s分，按0分计", jixiao.Plain(total), w))
	}
}

// score formats a node score for explanations.
func (s *scorer) score(d decimal.Decimal) string {
	if d.IsInteger() && s.round.Score > 0 {
		return jixiao.Plain(d)
	}
	return jixiao.Fixed(d, s.round.Score)
}

func (s *scorer) fixed(d decimal.Decimal) string { return jixiao.Fixed(d, s.round.Score) }

// explain appends to s.text, from empty, the parts of an explanation:
// a string is copied, a decimal written as Plain writes it, a
// scoreFigure as fixed writes it; it returns the explanation.
func (s *scorer) explain(parts ...any) string {
	b := s.text[:0]
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b = append(b, p...)
		case decimal.Decimal:
			b = jixiao.AppendPlain(b, p)
		case scoreFigure:
			b = jixiao.AppendFixed(b, decimal.Decimal(p), s.round.Score)
		default:
			panic("scoring: explain given a part it does not write")
		}
	}
	s.text = b
	return string(b)
}

// scoreFigure is a score in an explanation, rounded to the rulebook's
// places for scores.
type scoreFigure decimal.Decimal

func clamp(v, w decimal.Decimal) decimal.Decimal {
	if v.IsNegative() {
		return decimal.Zero
	}
	if jixiao.Cmp(v, w) > 0 {
		return w
	}
	return v
}
