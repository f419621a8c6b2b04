package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Options control what a report includes besides the body.
type Options struct {
	// Scorecard adds an appendix with every score and its explanation.
	Scorecard bool
	// Years, when it ends with the evaluation's year, adds to the
	// conclusion the comparison with the year before (score, grade,
	// execution rate), in words made from the data.
	Years *jixiao.YearComparison
	// Rectification, when it is of the evaluation's year and counts
	// earlier years, adds to 存在的问题及改进措施 a part on the earlier years'
	// rectification: each year's count (total, done, remaining) and the
	// items still open carried into this year, with their measures and
	// deadlines. The caller gathers it (from the store or a file).
	Rectification *jixiao.RectYear
	// Today (YYYY-MM-DD) marks carried items past their deadline as
	// overdue; empty marks none.
	Today string
}

// DefaultOptions include the scorecard appendix.
var DefaultOptions = Options{Scorecard: true}

// Build builds the report of an evaluation: the department-overall report
// in the reference report's structure, or the shorter project report.
// sc must be the scorecard of ev.
//
// The report is what the unit submits: it never carries the checker's
// findings nor any word about the checker. Those go into the separate
// 核查报告 (Review).
func Build(ev *jixiao.Evaluation, sc *jixiao.Scorecard, opt Options) *Document {
	b := &builder{ev: ev, sc: sc, rb: sc.Rulebook, round: sc.Rulebook.RoundingPolicy(), d: &Document{Author: ev.Org.Name}, years: opt.Years,
		rect: opt.Rectification, today: opt.Today}
	if ev.Subject == jixiao.SubjectProject {
		b.project(&ev.Projects[0], sc)
	} else {
		b.department()
	}
	if opt.Scorecard {
		b.scorecardAppendix()
	}
	return b.d
}

type builder struct {
	ev    *jixiao.Evaluation
	sc    *jixiao.Scorecard
	rb    *jixiao.Rulebook
	round jixiao.Rounding
	d     *Document
	// appendix counts the appendix tables, for their numbers.
	appendix int
	years    *jixiao.YearComparison
	rect     *jixiao.RectYear
	today    string
}

// yearOnYear writes the comparison with the year before, when there is
// one for this evaluation's year.
func (b *builder) yearOnYear() {
	c := b.years
	if c == nil || len(c.Years) < 2 || c.Years[len(c.Years)-1].Year != b.ev.Year {
		return
	}
	if s := c.Sentence(b.round.Total); s != "" {
		b.para(s)
	}
}

// earlierRectification writes the earlier years' rectification under
// heading number: "2024年度整改事项31项，已完成28项，尚未完成3项。" and the
// table of the items carried into this year. Without earlier items (or
// with a rectification of another year) it writes nothing.
func (b *builder) earlierRectification(number string) {
	r := b.rect
	if r == nil || r.Year != b.ev.Year || len(r.Earlier) == 0 {
		return
	}
	b.heading(2, "%s以前年度问题整改情况", number)
	var counts []string
	for _, c := range r.Earlier {
		counts = append(counts, c.Text())
	}
	b.para(strings.Join(counts, "；") + "。")
	if len(r.Carried) == 0 {
		b.para("以前年度的整改事项均已完成。")
		return
	}
	b.para(fmt.Sprintf("以前年度尚未完成、转入%d年度继续整改的事项%d项，列示如下。", b.ev.Year, len(r.Carried)))
	t := &Table{Caption: fmt.Sprintf("转入%d年度继续整改的事项", b.ev.Year), Widths: []int{6, 8, 14, 18, 18, 11, 15, 10},
		Header: [][]Cell{{{Text: "序号"}, {Text: "年度"}, {Text: "项目"}, {Text: "问题"}, {Text: "整改措施"}, {Text: "责任人"}, {Text: "整改期限"}, {Text: "状态"}}}}
	for i, it := range r.Carried {
		project, status := it.Project, string(it.Status)
		if project == "" {
			project = "—"
		}
		if b.today != "" && it.Overdue(b.today) {
			status += "（已逾期）"
		}
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: fmt.Sprint(it.Year), Align: "center"}, {Text: project},
			{Text: it.Problem}, {Text: it.Measure}, {Text: it.Owner}, {Text: it.Deadline, Align: "center"}, {Text: status, Align: "center"}})
	}
	b.table(t)
}

func (b *builder) heading(level int, format string, args ...any) {
	b.d.Blocks = append(b.d.Blocks, Block{Heading: &Heading{Level: level, Text: fmt.Sprintf(format, args...)}})
}

// placeholder adds a highlighted paragraph standing for a part of the
// outline the case leaves blank: "【待填写：存在的主要问题】".
func (b *builder) placeholder(what string) {
	b.d.Blocks = append(b.d.Blocks, Block{Paragraph: &Paragraph{Runs: []Run{{Text: "【待填写：" + what + "】", Placeholder: true}}}})
}

// para adds a body paragraph; empty text adds nothing.
func (b *builder) para(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	b.d.Blocks = append(b.d.Blocks, Block{Paragraph: &Paragraph{Runs: []Run{{Text: text}}}})
}

func (b *builder) table(t *Table) { b.d.Blocks = append(b.d.Blocks, Block{Table: t}) }

// cn writes n in Chinese numerals (1–99): 一, 十二, 二十.
func cn(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}

// counter numbers headings of one level: 一、 / （一） / 1. / （1）.
type counter struct {
	level, n int
}

func (c *counter) next() string {
	c.n++
	switch c.level {
	case 1:
		return cn(c.n) + "、"
	case 2:
		return "（" + cn(c.n) + "）"
	case 3:
		return fmt.Sprintf("%d.", c.n)
	}
	return fmt.Sprintf("（%d）", c.n)
}

// money formats an amount with the rulebook's places.
func (b *builder) money(d decimal.Decimal) string { return jixiao.Fixed(d, b.round.Amount) }

func (b *builder) moneyp(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return b.money(*d)
}

// score formats a score for running text: "96" or "95.45".
func (b *builder) score(d decimal.Decimal) string {
	return jixiao.Plain(jixiao.Round(d, b.round.Score))
}

func (b *builder) fixedScore(d decimal.Decimal) string { return jixiao.Fixed(d, b.round.Score) }

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") {
		return s
	}
	return strings.TrimRight(s, "；;，,") + "。"
}

// scorecardAppendix lists every node with its weight, score and
// explanation.
func (b *builder) scorecardAppendix() {
	b.appendix++
	t := &Table{Caption: fmt.Sprintf("附表%d：评分明细（评分规则：%s）", b.appendix, b.rb.Title), Widths: []int{6, 24, 9, 11, 50},
		Header: [][]Cell{{{Text: "序号"}, {Text: "评分项目"}, {Text: "分值"}, {Text: "得分"}, {Text: "得分说明"}}}}
	n := 0
	var walk func(ns []*jixiao.Node, depth int)
	walk = func(ns []*jixiao.Node, depth int) {
		for _, node := range ns {
			n++
			expl := node.Explanation
			for _, note := range node.Notes {
				expl += "（注：" + note + "）"
			}
			t.Rows = append(t.Rows, []Cell{
				{Text: fmt.Sprint(n), Align: "center"},
				{Text: strings.Repeat("　", depth) + node.Name, Bold: depth == 0},
				{Text: jixiao.Plain(node.Weight), Align: "right"},
				{Text: b.fixedScore(node.Score), Align: "right"},
				{Text: expl},
			})
			walk(node.Children, depth+1)
		}
	}
	walk(b.sc.Nodes, 0)
	t.Rows = append(t.Rows, []Cell{{Text: "合计", ColSpan: 2, Align: "center", Bold: true}, {Text: jixiao.Plain(b.sc.Weight), Align: "right", Bold: true},
		{Text: jixiao.Fixed(b.sc.Displayed, b.round.Total), Align: "right", Bold: true}, {Text: "评价等级：" + gradeWithBands(b.sc, b.rb)}})
	b.d.Blocks = append(b.d.Blocks, Block{PageBreak: true})
	b.table(t)
}

// gradeSentence states a scorecard's grade in a report's conclusion:
// "评价等级为“优”（…bands…）", or for a form not filled in completely
// "表格未填写完整（…），未评定等级" — never a grade read from a blank form.
func gradeSentence(sc *jixiao.Scorecard, rb *jixiao.Rulebook) string {
	if sc.Incomplete != "" {
		return "表格未填写完整（" + sc.Incomplete + "），未评定等级"
	}
	if sc.GradeNote != "" {
		return "评价等级为“" + sc.Grade + "”（" + sc.GradeNote + "）"
	}
	return "评价等级为“" + sc.Grade + "”（" + rb.GradesText() + "）"
}

// gradeWithBands is a scorecard's grade with the bands it was read from,
// or "未评定（表格未填写完整：…）".
func gradeWithBands(sc *jixiao.Scorecard, rb *jixiao.Rulebook) string {
	switch {
	case sc.Incomplete != "":
		return sc.GradeText()
	case sc.GradeNote != "":
		return sc.Grade + "（" + sc.GradeNote + "）"
	}
	return sc.Grade + "（" + rb.GradesText() + "）"
}
