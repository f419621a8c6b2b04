package report

import (
	"fmt"
	"strings"

	"jixiao"
	"jixiao/internal/check"
)

// Review builds the 核查报告 of an evaluation: what the checker found in
// the unit's figures and text, for the unit before it submits and for the
// reviewer. It is a document of its own, never part of the submission: the
// evaluation (unit, year, subject), the rulebook by its title, the counts
// by severity, then every finding with its code, the check's title, where
// it is, what it says and the figures it compared; "未发现问题" when there
// are none.
//
// rb is the rulebook the case was checked with (nil when it could not be
// loaded); sc is nil when the case cannot be scored, and findings then
// say why.
func Review(ev *jixiao.Evaluation, rb *jixiao.Rulebook, sc *jixiao.Scorecard, findings []jixiao.Finding) *Document {
	name := strings.TrimSpace(ev.Name())
	if name == "" {
		name = "（未写明单位名称）"
	}
	d := &Document{Author: ev.Org.Name,
		Title: []string{name, jixiao.YearTitle(ev.Year) + ev.Subject.Title() + "绩效自评核查报告"}}
	d.Subject = strings.Join(d.Title, "")
	b := &builder{ev: ev, sc: sc, rb: rb, d: d}
	if sc != nil {
		b.round = sc.Rulebook.RoundingPolicy()
	}

	h1 := &counter{level: 1}
	b.heading(1, "%s核查对象", h1.next())
	b.reviewSubject()

	counts := map[jixiao.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
	}
	b.heading(1, "%s核查结果汇总", h1.next())
	if len(findings) == 0 {
		b.para("未发现问题。")
	} else {
		b.para(fmt.Sprintf("共发现%d条：错误%d条，警告%d条，提示%d条。", len(findings),
			counts[jixiao.SeverityError], counts[jixiao.SeverityWarning], counts[jixiao.SeverityInfo]))
	}
	t := &Table{Caption: "表1：核查结果汇总", Widths: []int{14, 70, 16},
		Header: [][]Cell{{{Text: "级别"}, {Text: "含义"}, {Text: "条数"}}}}
	for _, s := range severities {
		t.Rows = append(t.Rows, []Cell{{Text: s.sev.Title(), Align: "center"}, {Text: s.meaning}, {Text: fmt.Sprint(counts[s.sev]), Align: "right"}})
	}
	t.Rows = append(t.Rows, []Cell{{Text: "合计", Align: "center", Bold: true}, {Text: ""}, {Text: fmt.Sprint(len(findings)), Align: "right", Bold: true}})
	b.table(t)

	b.heading(1, "%s核查发现", h1.next())
	if len(findings) == 0 {
		b.para("未发现问题。")
	}
	h2 := &counter{level: 2}
	for _, s := range severities {
		if counts[s.sev] == 0 {
			continue
		}
		b.heading(2, "%s%s（%d条）", h2.next(), s.sev.Title(), counts[s.sev])
		h3 := &counter{level: 3}
		for _, f := range findings {
			if f.Severity != s.sev {
				continue
			}
			title := check.Title(f.Code)
			if title == "" {
				title = "核查"
			}
			b.heading(3, "%s%s %s", h3.next(), f.Code, title)
			if w := strings.TrimSpace(f.Where); w != "" {
				b.labelled("位置", w)
			}
			b.labelled("说明", f.Message)
			if len(f.Numbers) > 0 {
				var nums []string
				for _, n := range f.Numbers {
					nums = append(nums, n.Name+" "+n.Value)
				}
				b.labelled("核对的数字", strings.Join(nums, "；"))
			}
		}
	}
	b.d.Blocks = append(b.d.Blocks, Block{Paragraph: &Paragraph{Small: true, Runs: []Run{{
		Text: "本核查报告由系统按核查规则对填报的数据和文字自动核对生成，供单位提交前自查和复核人员复核时参考；" +
			"它不是自评报告的组成部分，不随自评报告和自评表提交。“错误”须更正后再提交，“警告”请逐条核实，“提示”供参考。"}}}})
	return d
}

// severities orders the review's sections, with what each level means.
var severities = []struct {
	sev     jixiao.Severity
	meaning string
}{
	{jixiao.SeverityError, "数字或得分有误，须更正后再提交"},
	{jixiao.SeverityWarning, "很可能有误或做法欠妥，请逐条核实"},
	{jixiao.SeverityInfo, "值得知道的情况（如四舍五入的差异），供参考"},
}

// reviewSubject states what was checked: unit, subject, year, rulebook and,
// when the case can be scored, its score and grade.
func (b *builder) reviewSubject() {
	ev := b.ev
	var facts []string
	if o := strings.TrimSpace(ev.Org.Name); o != "" {
		facts = append(facts, "单位："+o)
	}
	what := ev.Subject.Title()
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) == 1 {
		what += "（项目“" + ev.Projects[0].Name + "”）"
	}
	facts = append(facts, "评价对象："+what, "年度："+strings.TrimSuffix(jixiao.YearTitle(ev.Year), "度"))
	if b.rb != nil {
		facts = append(facts, "评分规则："+b.rb.Title)
	}
	b.para(strings.Join(facts, "；") + "。")
	if b.sc != nil {
		b.para(fmt.Sprintf("按上述评分规则计分，自评得分%s分，%s。", b.score(b.sc.Displayed), gradeSentence(b.sc, b.sc.Rulebook)))
	} else {
		b.para("案例尚不能计分，原因见下列核查发现。")
	}
}

// labelled adds a paragraph "label：text" without indent, the label bold.
func (b *builder) labelled(label, text string) {
	b.d.Blocks = append(b.d.Blocks, Block{Paragraph: &Paragraph{NoIndent: true, Runs: []Run{{Text: label + "：", Bold: true}, {Text: text}}}})
}
