package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/recheck"
	"jixiao/internal/report"
	"jixiao/internal/rulebook"
	"jixiao/internal/xlsxio"
)

// The work after the self-evaluation: sampling re-check (抽查复核), results
// application (结果应用) and rectification (问题整改), on files.

type sampleCmd struct {
	Draw       sampleDrawCmd       `cmd:"" help:"从已提交的自评名单中抽取复核样本：简单随机或分层，记录随机种子，可重现"`
	Deviation  sampleDeviationCmd  `cmd:"" help:"复核偏差：逐项、逐项目、逐单位和总体的复核得分与自评得分之差及等级变化"`
	Department sampleDepartmentCmd `cmd:"" help:"部门评价：部门对本部门自选项目在同一张评分表上评分，得出与自评的偏差，写出偏差表（.xlsx）或报告（.docx、.html、.pdf）"`
}

type sampleDrawCmd struct {
	Roster  string   `arg:"" help:"名单：.xlsx（表头为单位、项目、金额、自评得分、自评等级）或 .yaml/.json"`
	Seed    string   `help:"随机种子（必填，0 到 18446744073709551615 的整数）：同一名单和同一种子总是抽出同一样本"`
	By      string   `help:"分层抽样：金额 或 等级；不填为简单随机抽样"`
	Size    int      `help:"抽取数量（含指定项目）；不填为名单项数的10%（向上取整），且不少于层数加指定项目数"`
	Include []string `sep:"none" help:"必须抽中的项目：项目名称，或重名时写“单位／项目”；可重复使用"`
	Format  string   `short:"f" default:"text" help:"输出格式：text 或 json"`
}

func (c *sampleDrawCmd) Run(env *env) error {
	if c.Format != "text" && c.Format != "json" {
		return jixiao.Errorf(jixiao.EINVALID, "输出格式“%s”不支持，应为 text 或 json", c.Format)
	}
	seed, err := strconv.ParseUint(strings.TrimSpace(c.Seed), 10, 64)
	if err != nil {
		if strings.TrimSpace(c.Seed) == "" {
			return jixiao.Errorf(jixiao.EINVALID, "须给出随机种子：抽样结果由名单和随机种子决定，记下种子才能重现样本")
		}
		return jixiao.Errorf(jixiao.EINVALID, "随机种子“%s”应为 0 到 18446744073709551615 之间的整数", c.Seed)
	}
	method := jixiao.SampleRandom
	switch strings.TrimSpace(c.By) {
	case "":
	case "金额", "amount":
		method = jixiao.SampleAmount
	case "等级", "grade":
		method = jixiao.SampleGrade
	default:
		return jixiao.Errorf(jixiao.EINVALID, "分层方式“%s”不支持，应为“金额”或“等级”", c.By)
	}
	data, err := recheck.ReadFile(c.Roster)
	if err != nil {
		return err
	}
	var r *jixiao.Roster
	if strings.EqualFold(filepath.Ext(c.Roster), ".xlsx") {
		r, err = xlsxio.ReadRoster(c.Roster, data)
	} else {
		r, err = recheck.ParseRoster(c.Roster, data)
	}
	if err != nil {
		return err
	}
	size := c.Size
	if size == 0 {
		// A tenth, rounded up; enough for one per stratum besides the
		// hand-picked items.
		size = min(len(r.Submissions), max((len(r.Submissions)+9)/10, r.Strata(method)+len(c.Include)))
	}
	s, err := jixiao.DrawSample(r, jixiao.SampleSpec{Seed: seed, Method: method, Size: size, Include: c.Include})
	if err != nil {
		return err
	}
	if c.Format == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	w := env.stdout
	fmt.Fprintf(w, "抽样方法：%s\n随机种子：%d\n名单：%d 项，摘要 %s\n样本：%d 项，其中指定 %d 项\n", method.Title(), s.Seed, s.Population, s.Digest, len(s.Items), s.Picked)
	if len(s.Strata) > 0 {
		fmt.Fprintln(w, "分层（指定项目不计入各层）：")
		for _, st := range s.Strata {
			fmt.Fprintf(w, "  %s：名单 %d 项，抽取 %d 项\n", st.Name, st.Population, st.Drawn)
		}
	}
	fmt.Fprintln(w, "序号\t单位\t项目\t金额（万元）\t自评得分\t自评等级\t抽取方式")
	for i, it := range s.Items {
		how := "随机抽取"
		switch {
		case it.Picked:
			how = "指定"
		case it.Stratum != "":
			how = "分层抽取：" + it.Stratum
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, it.Unit, it.Project, jixiao.Plain(it.Amount), jixiao.Plain(it.Score), it.Grade, how)
	}
	fmt.Fprintln(w, "用同一名单（摘要相同）和同一随机种子再次抽取，得到同一样本。")
	return nil
}

type sampleDeviationCmd struct {
	File     string `arg:"" help:"复核文件（.yaml/.json）：抽中项目的评分项、自评得分、复核得分和理由"`
	Rulebook string `short:"r" help:"评定等级所用的评分规则：内置规则名或规则文件；默认取文件中的 rulebook，再默认 mof-2020"`
}

func (c *sampleDeviationCmd) Run(env *env) error {
	data, err := recheck.ReadFile(c.File)
	if err != nil {
		return err
	}
	rc, err := recheck.ParseRecheck(c.File, data)
	if err != nil {
		return err
	}
	rb, err := recheckRulebook(c.Rulebook, rc)
	if err != nil {
		return err
	}
	dev, err := jixiao.Deviation(rc, rb)
	if err != nil {
		return err
	}
	w := env.stdout
	p := dev.Places
	fmt.Fprintf(w, "抽查复核偏差（等级按评分规则“%s”：%s）\n\n", orName(rb), rb.ForProjects().GradesText())
	fmt.Fprintln(w, "单位\t项目\t自评得分\t自评等级\t复核得分\t复核等级\t偏差（分）\t等级变化")
	for _, pd := range dev.Projects {
		change := "不变"
		switch pd.Change {
		case -1:
			change = "降低"
		case 1:
			change = "提高"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pd.Unit, pd.Project, jixiao.Fixed(pd.Self, p), pd.SelfGrade, jixiao.Fixed(pd.Recheck, p), pd.RecheckGrade, jixiao.Signed(pd.Deviation, p), change)
	}
	fmt.Fprintln(w, "\n逐项偏差：")
	for _, pd := range dev.Projects {
		fmt.Fprintf(w, "%s／%s：%s\n", pd.Unit, pd.Project, pd.Explanation)
		for _, it := range pd.Items {
			line := fmt.Sprintf("  %s（%s分）：%s", it.Name, jixiao.Plain(it.Weight), it.Explanation)
			if !it.Deviation.IsZero() {
				line += "；理由：" + it.Reason
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w, "\n按单位：")
	for _, u := range dev.Units {
		fmt.Fprintf(w, "  %s：%s\n", u.Unit, u.Explanation)
	}
	fmt.Fprintf(w, "\n总体：%s\n", dev.Explanation)
	return nil
}

// recheckRulebook loads the rulebook a re-check is graded by: ref, else
// the file's, else mof-2020.
func recheckRulebook(ref string, rc *jixiao.Recheck) (*jixiao.Rulebook, error) {
	if ref == "" {
		ref = rc.Rulebook
	}
	if ref == "" {
		ref = "mof-2020"
	}
	return rulebook.Load(ref)
}

type sampleDepartmentCmd struct {
	File     string `arg:"" help:"部门评价文件（.yaml/.json，与复核文件的格式相同）：本部门自选项目的评分项、自评得分、部门评价得分（recheck）和理由"`
	Output   string `short:"o" help:"写出的文件：偏差表 .xlsx，或报告 .docx、.html、.pdf（PDF 需要 LibreOffice）；不填时只输出偏差"`
	Rulebook string `short:"r" help:"评定等级所用的评分规则：内置规则名或规则文件；默认取文件中的 rulebook，再默认 mof-2020"`
}

// Run computes a department's evaluation of its own projects (部门评价)
// from a file of the re-check format, all of one department, prints the
// deviation and writes the deviation workbook or the report.
func (c *sampleDepartmentCmd) Run(env *env) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Output)), ".")
	if c.Output != "" && !contains([]string{"xlsx", "docx", "html", "pdf"}, format) {
		return jixiao.Errorf(jixiao.EINVALID, "部门评价的输出文件“%s”的扩展名应为 .xlsx（偏差表）或 .docx、.html、.pdf（报告）", c.Output)
	}
	data, err := recheck.ReadFile(c.File)
	if err != nil {
		return err
	}
	rc, err := recheck.ParseRecheck(c.File, data)
	if err != nil {
		return err
	}
	unit, err := rc.CheckOwn()
	if ps, ok := err.(jixiao.Problems); ok {
		for i := range ps {
			ps[i].Path = c.File + " " + ps[i].Path
		}
		return ps
	}
	rb, err := recheckRulebook(c.Rulebook, rc)
	if err != nil {
		return err
	}
	dev, err := jixiao.Deviation(rc, rb)
	if err != nil {
		return err
	}
	grades := rb.ForProjects().GradesText()
	year := ""
	if rc.Year > 0 {
		year = fmt.Sprintf("%d年度", rc.Year)
	}
	w := env.stdout
	p := dev.Places
	fmt.Fprintf(w, "%s%s部门评价偏差（等级按评分规则“%s”：%s）\n\n", unit, year, orName(rb), grades)
	fmt.Fprintln(w, "项目\t自评得分\t自评等级\t部门评价得分\t部门评价等级\t偏差（分）\t等级变化")
	change := map[int]string{-1: "降低", 0: "不变", 1: "提高"}
	for _, pd := range dev.Projects {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pd.Project, jixiao.Fixed(pd.Self, p), pd.SelfGrade, jixiao.Fixed(pd.Recheck, p), pd.RecheckGrade, jixiao.Signed(pd.Deviation, p), change[pd.Change])
	}
	fmt.Fprintln(w, "\n逐项偏差：")
	for _, pd := range dev.Projects {
		fmt.Fprintf(w, "%s：部门评价得分 %s − 自评得分 %s = %s 分\n", pd.Project, jixiao.Fixed(pd.Recheck, p), jixiao.Fixed(pd.Self, p), jixiao.Signed(pd.Deviation, p))
		for _, it := range pd.Items {
			if !it.Deviation.IsZero() {
				fmt.Fprintf(w, "  %s（%s分）：部门评价得分 %s − 自评得分 %s = %s 分；理由：%s\n", it.Name, jixiao.Plain(it.Weight), jixiao.Plain(it.Recheck), jixiao.Plain(it.Self),
					jixiao.Signed(it.Deviation, max(0, -it.Deviation.Exponent())), it.Reason)
			}
		}
	}
	fmt.Fprintf(w, "\n总体：共评价 %d 个项目：平均偏差 %s 分，平均绝对偏差 %s 分；等级降低 %d 个，提高 %d 个，不变 %d 个\n",
		len(dev.Projects), jixiao.Signed(dev.Mean, p), jixiao.Fixed(dev.MeanAbs, p), dev.Down, dev.Up, len(dev.Projects)-dev.Down-dev.Up)
	if c.Output == "" {
		return nil
	}
	var buf bytes.Buffer
	if format == "xlsx" {
		err = xlsxio.WriteDepartmentEvaluation(&buf, unit+year, orName(rb)+"（"+grades+"）", dev)
	} else {
		err = renderDocument(&buf, format, report.DepartmentEvaluation(rc.Year, unit, orName(rb), grades, dev))
	}
	if err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已写出部门评价%s：%s（%d 个项目）\n", map[bool]string{true: "偏差表", false: "报告"}[format == "xlsx"], c.Output, len(dev.Projects))
	return nil
}

func orName(rb *jixiao.Rulebook) string {
	if rb.Title != "" {
		return rb.Title
	}
	return rb.Name
}

type resultsCmd struct {
	Apply  resultsApplyCmd  `cmd:"" help:"按结果应用规则由评价等级给出建议措施和金额，与财政局的决定并列，写出结果应用表（.xlsx）"`
	Report resultsReportCmd `cmd:"" help:"由同一评价结果文件写出结果应用报告（.docx、.html 或 .pdf，PDF 需要 LibreOffice）"`
}

type resultsApplyCmd struct {
	File   string `arg:"" help:"评价结果文件（.yaml/.json）：项目、评价等级、拟安排金额（万元）及财政局的决定"`
	Output string `short:"o" required:"" help:"结果应用表（.xlsx）"`
	Rules  string `help:"结果应用规则：内置规则名（默认 results-2020）或规则文件；默认取文件中的 rules"`
}

func (c *resultsApplyCmd) Run(env *env) error {
	if !strings.EqualFold(filepath.Ext(c.Output), ".xlsx") {
		return jixiao.Errorf(jixiao.EINVALID, "结果应用表“%s”应为 .xlsx 文件", c.Output)
	}
	a, err := readApplication(c.File, c.Rules)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteApplication(&buf, a); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s。\n", a.Summary())
	fmt.Fprintf(env.stderr, "已写出结果应用表：%s（%d 个项目）\n", c.Output, len(a.Rows))
	return nil
}

// readApplication reads a results file (bounded before it is parsed) and
// applies the results-application rules named by ref, or by the file when
// ref is empty.
func readApplication(file, ref string) (*jixiao.Application, error) {
	data, err := recheck.ReadFile(file)
	if err != nil {
		return nil, err
	}
	res, err := recheck.ParseResults(file, data)
	if err != nil {
		return nil, err
	}
	if ref == "" {
		ref = res.Rules
	}
	rules, err := rulebook.LoadApplication(ref, true)
	if err != nil {
		return nil, err
	}
	return jixiao.Apply(res, rules, jixiao.DefaultRounding.Amount)
}

type resultsReportCmd struct {
	File   string `arg:"" help:"评价结果文件（.yaml/.json），与 results apply 相同"`
	Output string `short:"o" required:"" help:"结果应用报告：.docx、.html 或 .pdf"`
	Rules  string `help:"结果应用规则：内置规则名（默认 results-2020）或规则文件；默认取文件中的 rules"`
}

// Run writes the results-application report the server writes
// (report.Application) from the results file.
func (c *resultsReportCmd) Run(env *env) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Output)), ".")
	if !contains([]string{"docx", "html", "pdf"}, format) {
		return jixiao.Errorf(jixiao.EINVALID, "结果应用报告“%s”的扩展名应为 .docx、.html 或 .pdf", c.Output)
	}
	a, err := readApplication(c.File, c.Rules)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := renderDocument(&buf, format, report.Application(a)); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s。\n", a.Summary())
	fmt.Fprintf(env.stderr, "已生成结果应用报告 %s（%d 个项目）\n", c.Output, len(a.Rows))
	return nil
}

type rectifyCmd struct {
	List rectifyListCmd `cmd:"" help:"列出一个年度的整改事项，及以前年度尚未完成、转入本年度的事项和各年度的完成情况"`
}

type rectifyListCmd struct {
	File string `arg:"" help:"整改事项文件（.yaml/.json）"`
	Year int    `help:"年度；不填为文件中最近的年度"`
}

func (c *rectifyListCmd) Run(env *env) error {
	data, err := recheck.ReadFile(c.File)
	if err != nil {
		return err
	}
	l, err := recheck.ParseRectifications(c.File, data)
	if err != nil {
		return err
	}
	year := c.Year
	if year == 0 {
		year = jixiao.LatestYear(l.Items)
	}
	if year < 1990 || year > 2100 {
		return jixiao.Errorf(jixiao.EINVALID, "年度应为四位年份，实际为 %d", year)
	}
	y := jixiao.RectificationsFor(l.Items, year)
	today := time.Now().Format(time.DateOnly)
	w := env.stdout
	fmt.Fprintf(w, "%d年度问题整改\n", year)
	if len(y.Earlier) > 0 {
		fmt.Fprintln(w, "\n以前年度整改情况：")
		for _, e := range y.Earlier {
			fmt.Fprintf(w, "  %s\n", e.Text())
		}
		fmt.Fprintf(w, "\n以前年度尚未完成、转入%d年度继续整改的事项（%d项）：\n", year, len(y.Carried))
		writeRectifications(w, y.Carried, today)
	}
	fmt.Fprintf(w, "\n%s：\n", y.Current.Text())
	writeRectifications(w, y.Items, today)
	return nil
}

func writeRectifications(w io.Writer, items []jixiao.Rectification, today string) {
	if len(items) == 0 {
		fmt.Fprintln(w, "  （无）")
		return
	}
	fmt.Fprintln(w, "编号\t年度\t单位\t项目\t问题\t来源\t责任人\t整改措施\t整改期限\t状态\t证明材料")
	for _, r := range items {
		status := string(r.Status)
		if r.Status == jixiao.RectReturned {
			status += "（" + r.ReturnReason + "）"
		}
		if r.Overdue(today) {
			status += "，已逾期"
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Year, r.Unit, orDashCLI(r.Project), r.Problem, r.Source, r.Owner, r.Measure, r.Deadline, status, orDashCLI(strings.Join(r.Evidence, "、")))
	}
}

func orDashCLI(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
