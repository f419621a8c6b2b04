package report_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/report"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// example loads an example case and its rulebook.
func example(t testing.TB, name string) (*jixiao.Evaluation, *jixiao.Rulebook) {
	t.Helper()
	f, err := caseio.Load(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Load(f.Evaluation.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	return f.Evaluation, rb
}

// score scores ev under rb.
func score(t testing.TB, ev *jixiao.Evaluation, rb *jixiao.Rulebook) *jixiao.Scorecard {
	t.Helper()
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// build builds the report of an example case.
func build(t testing.TB, name string) (*report.Document, *jixiao.Scorecard) {
	t.Helper()
	ev, rb := example(t, name)
	sc := score(t, ev, rb)
	return report.Build(ev, sc, report.DefaultOptions), sc
}

// The document model of every example is kept as a golden file; a change
// to the report's content shows up as a diff in review.
func TestGolden(t *testing.T) {
	for _, name := range []string{"shijiazhuang-2024.yaml", "project-training-2024.yaml", "project-farmland-2024.yaml", "project-clinic-2024.yaml"} {
		t.Run(name, func(t *testing.T) {
			d, _ := build(t, name)
			got, err := json.MarshalIndent(d, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", strings.TrimSuffix(name, ".yaml")+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/report -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from the document built; run go test ./internal/report -update and review the diff", golden)
			}
			// The submission names rulebooks by their titles, never by
			// jixiao's ids.
			for _, id := range rulebook.Builtin() {
				if strings.Contains(string(got), id) {
					t.Errorf("the document shows the rulebook id %q", id)
				}
			}
			for _, tech := range []string{"jixiao check", "docs/", ".md"} {
				if strings.Contains(string(got), tech) {
					t.Errorf("the document shows %q", tech)
				}
			}
		})
	}
}

func TestDepartmentStructure(t *testing.T) {
	d, _ := build(t, "shijiazhuang-2024.yaml")
	if strings.Join(d.Title, "|") != "石家庄市自然资源和规划局|2024年度整体支出绩效自评报告" {
		t.Errorf("title %q", d.Title)
	}
	var h1 []string
	for _, b := range d.Blocks {
		if b.Heading != nil && b.Heading.Level == 1 {
			h1 = append(h1, b.Heading.Text)
		}
	}
	want := "一、部门基本情况|二、自评工作开展情况|三、部门整体支出绩效目标实现情况及指标分析|四、评价结论和评价等级|五、存在的问题及改进措施"
	if strings.Join(h1, "|") != want {
		t.Errorf("headings %q", h1)
	}
	text := d.Text()
	for _, s := range []string{
		"我部门2024年年初预算收入598154.02万元，其中：一般公共预算收入47772.75万元，政府性基金预算收入547745.92万元，事业收入2635.35万元。年初支出预算598154.02万元，其中：基本支出24482.41万元，项目支出573671.61万元。",
		"下设有石家庄市土地利用规划院、",
		"等18个下属单位。",
		"我部门年末在职实有人员1112人，离退休人员693人。",
		"截至2024年底，我部门共有资产151063.35万元，其中货币资金137423.84万元，固定资产原值21440.30万元，固定资产累计折旧14785.68万元，固定资产净值6654.62万元。",
		"3.推进国土空间的生态修复（满分17分，得16分）",
		"但经评价发现，地质灾害防治能力提升设备购置项目尚未实施，不利于提高灾害预警防治能力，扣1分。",
		"5.做好地理信息数据保障工作（满分16分，得14分）",
		"部门整体支出综合绩效评价分为4个等级：得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差。",
		"经过整体评价，我部门2024年度部门整体绩效自评得分96分，评价等级为“优秀”。",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q", s)
		}
	}
}

func TestProjectReport(t *testing.T) {
	d, sc := build(t, "project-training-2024.yaml")
	text := d.Text()
	for _, s := range []string{
		"职业技能培训补贴项目\n2024年度项目支出绩效自评报告",
		"2024年项目年初预算数500.00万元，全年预算数480.00万元，全年执行数432.00万元，预算执行率90.00%。",
		"项目支出绩效自评得分92.26分，评价等级为“优”",
		"产出指标\t数量指标\t培训人次\t≥5000人次\t4500人次\t20\t18.00\t第四季度两期培训班因场地改造延期至次年举办，少培训500人次；提前锁定培训场地",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q:\n%s", s, text)
		}
	}
	if sc.Grade != "优" {
		t.Errorf("grade %s", sc.Grade)
	}
	// Level names merge down their rows: the first level spans its leaves.
	for _, b := range d.Blocks {
		if b.Table != nil && b.Table.Caption == "绩效指标完成情况" {
			if c := b.Table.Rows[1][0]; c.Text != "产出指标" || c.RowSpan != 4 {
				t.Errorf("first level cell %+v", c)
			}
		}
	}
}

func TestOptions(t *testing.T) {
	f, _ := caseio.Load("../../examples/shijiazhuang-2024.yaml")
	rb, _ := rulebook.Load("shijiazhuang-2024")
	sc, _ := scoring.Score(f.Evaluation, rb)
	d := report.Build(f.Evaluation, sc, report.Options{})
	if strings.Contains(d.Text(), "附表") {
		t.Error("appendices without options")
	}
}

// A part of the outline the case leaves blank is kept, with a highlighted
// placeholder; the report shows as many placeholders as the check lists
// blanks (F05), and none when the case is complete.
func TestPlaceholders(t *testing.T) {
	for _, name := range []string{"shijiazhuang-2024.yaml", "project-training-2024.yaml"} {
		ev, rb := example(t, name)
		count := func(ev *jixiao.Evaluation) (placeholders int, sections []string) {
			d := report.Build(ev, score(t, ev, rb), report.Options{})
			for _, bl := range d.Blocks {
				if bl.Heading != nil {
					sections = append(sections, bl.Heading.Text)
				}
				if bl.Paragraph != nil {
					for _, r := range bl.Paragraph.Runs {
						if r.Placeholder {
							placeholders++
						}
					}
				}
				if bl.Signature != nil && bl.Signature.Date.Placeholder {
					placeholders++
				}
			}
			return placeholders, sections
		}
		// The reference report states no date (成文日期): its one blank.
		if ev.Date == "" {
			if n, _ := count(ev); n != 1 || !slices.Equal(jixiao.NarrativeBlanks(ev), []jixiao.Blank{{Path: "date", Section: "成文日期", What: "报告的成文日期"}}) {
				t.Errorf("%s without a date: %d placeholders, blanks %v", name, n, jixiao.NarrativeBlanks(ev))
			}
			ev.Date = "2025-03-15"
		}
		if n, _ := count(ev); n != 0 || len(jixiao.NarrativeBlanks(ev)) != 0 {
			t.Errorf("%s: %d placeholders in a complete case", name, n)
		}
		ev.Problems, ev.Measures, ev.WorkGroup, ev.Process, ev.Date = nil, nil, nil, nil, ""
		if ev.Subject == jixiao.SubjectProject {
			ev.Projects[0].Problems, ev.Projects[0].Improvements, ev.Projects[0].ResultsUse = "", "", ""
		}
		n, sections := count(ev)
		if want := len(jixiao.NarrativeBlanks(ev)); n != want || n == 0 {
			t.Errorf("%s: %d placeholders, the check lists %d blanks", name, n, want)
		}
		if !slices.ContainsFunc(sections, func(s string) bool { return strings.HasSuffix(s, "存在的问题及改进措施") }) {
			t.Errorf("%s: the section on problems is gone: %v", name, sections)
		}
		// A project report ends with 结果应用 after the problems; the
		// department outline (the reference report's) has no such section.
		last := sections[len(sections)-1]
		if ev.Subject == jixiao.SubjectProject {
			if last != "七、结果应用" || !strings.HasSuffix(sections[len(sections)-4], "存在的问题及改进措施") {
				t.Errorf("%s: the outline ends %v", name, sections[len(sections)-4:])
			}
			if !slices.Contains(jixiao.NarrativeBlanks(ev), jixiao.Blank{Path: "projects[0].results_use", Section: "结果应用", What: "自评结果的应用（整改、预算安排、信息公开等）"}) {
				t.Errorf("%s: no blank for 结果应用: %v", name, jixiao.NarrativeBlanks(ev))
			}
			d := report.Build(ev, score(t, ev, rb), report.Options{})
			tail := d.Blocks[len(d.Blocks)-2:]
			if h := tail[0].Paragraph; h == nil || len(h.Runs) != 1 || h.Runs[0].Text != "【待填写：结果应用】" || !h.Runs[0].Placeholder {
				t.Errorf("%s: 结果应用 without text ends with %+v", name, tail)
			}
		} else if slices.ContainsFunc(sections, func(s string) bool { return strings.Contains(s, "结果应用") }) {
			t.Errorf("%s: a department report has a section on the use of results: %v", name, sections)
		}
	}
}

// With the comparison of the years, the conclusion says how the year
// compares with the one before, in words made from the figures; a
// comparison that ends with another year adds nothing.
func TestYearOnYearSentence(t *testing.T) {
	for _, name := range []string{"shijiazhuang-2024.yaml", "project-training-2024.yaml"} {
		ev, rb := example(t, name)
		sc := score(t, ev, rb)
		prevTotal := sc.Displayed.Sub(decimal.RequireFromString("3.5"))
		exec := decimal.RequireFromString("0.9")
		years := func(last int) *jixiao.YearComparison {
			return jixiao.CompareYears([]jixiao.YearInput{
				{Info: &jixiao.EvaluationInfo{ID: 1, Year: last - 1}, Summary: &jixiao.Summary{Scored: true, Total: prevTotal, Grade: "良", Execution: &exec}},
				{Info: &jixiao.EvaluationInfo{ID: 2, Year: last}, Summary: &jixiao.Summary{Scored: true, Total: sc.Displayed, Grade: sc.Grade, Execution: &exec}},
			})
		}
		text := report.Build(ev, sc, report.Options{Years: years(ev.Year)}).Text()
		want := fmt.Sprintf("与%d年度相比，总分由%s分升至%s分（上升3.5分），评价等级由“良”变为“%s”；预算执行率均为90.00%%。", ev.Year-1,
			jixiao.Plain(jixiao.Round(prevTotal, rb.RoundingPolicy().Total)), jixiao.Plain(jixiao.Round(sc.Displayed, rb.RoundingPolicy().Total)), sc.Grade)
		if !strings.Contains(text, want) {
			t.Errorf("%s: report lacks %q", name, want)
		}
		if other := report.Build(ev, sc, report.Options{Years: years(ev.Year + 1)}).Text(); strings.Contains(other, "年度相比") {
			t.Errorf("%s: a comparison ending in another year was written", name)
		}
	}
}

// The earlier years' rectification is data in 存在的问题及改进措施: each
// year's count, and the open items carried into the report's year with
// their measures and deadlines (overdue ones marked); a rectification of
// another year, or one without earlier items, adds nothing.
func TestEarlierRectification(t *testing.T) {
	item := func(id string, year int, status jixiao.RectStatus, measure, deadline string) jixiao.Rectification {
		r := jixiao.Rectification{ID: id, Year: year, Unit: "单位", Project: "部门整体支出", Problem: "问题" + id, Source: jixiao.RectRecheck,
			Owner: "张三", Measure: measure, Deadline: deadline, Status: status}
		if status != jixiao.RectNotified {
			r.Evidence = []string{"整改报告"}
		}
		return r
	}
	for _, name := range []string{"shijiazhuang-2024.yaml", "project-training-2024.yaml"} {
		ev, rb := example(t, name)
		sc := score(t, ev, rb)
		items := []jixiao.Rectification{
			item("ZG-1", ev.Year-2, jixiao.RectConfirmed, "完善制度", "2023-06-30"),
			item("ZG-2", ev.Year-1, jixiao.RectConfirmed, "补齐材料", "2024-06-30"),
			item("ZG-3", ev.Year-1, jixiao.RectReturned, "重新核定执行率口径", "2099-06-30"),
			item("ZG-4", ev.Year-1, jixiao.RectNotified, "建立台账", "2024-09-30"),
			item("ZG-5", ev.Year, jixiao.RectNotified, "本年度的问题", "2099-06-30"),
		}
		ry := jixiao.RectificationsFor(items, ev.Year)
		text := report.Build(ev, sc, report.Options{Rectification: &ry, Today: "2025-03-01"}).Text()
		for _, want := range []string{
			"（三）以前年度问题整改情况",
			fmt.Sprintf("%d年度整改事项1项，已完成1项，尚未完成0项；%d年度整改事项3项，已完成1项，尚未完成2项。", ev.Year-2, ev.Year-1),
			fmt.Sprintf("以前年度尚未完成、转入%d年度继续整改的事项2项，列示如下。", ev.Year),
			fmt.Sprintf("1\t%d\t部门整体支出\t问题ZG-3\t重新核定执行率口径\t张三\t2099-06-30\t退回\n", ev.Year-1),
			fmt.Sprintf("2\t%d\t部门整体支出\t问题ZG-4\t建立台账\t张三\t2024-09-30\t通知（已逾期）\n", ev.Year-1),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: report lacks %q", name, want)
			}
		}
		if strings.Contains(text, "本年度的问题") || strings.Contains(text, "补齐材料") {
			t.Errorf("%s: the year's own or a confirmed item is listed as carried", name)
		}
		done := jixiao.RectificationsFor(items[:2], ev.Year)
		if text := report.Build(ev, sc, report.Options{Rectification: &done}).Text(); !strings.Contains(text, "以前年度的整改事项均已完成。") || strings.Contains(text, "列示如下") {
			t.Errorf("%s: all done: %s", name, text)
		}
		other := jixiao.RectificationsFor(items, ev.Year+1)
		none := jixiao.RectificationsFor(items[4:], ev.Year)
		for _, r := range []*jixiao.RectYear{&other, &none, nil} {
			if text := report.Build(ev, sc, report.Options{Rectification: r}).Text(); strings.Contains(text, "以前年度问题整改情况") {
				t.Errorf("%s: a rectification of year %v added the part", name, r)
			}
		}
	}
}
