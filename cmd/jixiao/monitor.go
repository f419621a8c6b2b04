package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/report"
	"jixiao/internal/xlsxio"
)

type monitorCmd struct {
	Template monitorTemplateCmd `cmd:"" help:"生成空白的绩效运行监控表（.xlsx），或用 --from 把监控文件填入监控表"`
	Check    monitorCheckCmd    `cmd:"" help:"按预警规则检查监控表（.xlsx、.yaml）：列出预警和逾期未处置的项目；有红色预警时状态码为1"`
	Rules    monitorRulesCmd    `cmd:"" help:"显示内置的监控预警规则"`
}

// beijing is the time zone "today" is taken in when no date is given.
var beijing = time.FixedZone("北京时间", 8*3600)

func today() jixiao.Date {
	t := time.Now().In(beijing)
	return jixiao.DateOf(t.Year(), t.Month(), t.Day())
}

type monitorTemplateCmd struct {
	Output string `short:"o" required:"" help:"输出文件（.xlsx）"`
	Year   int    `help:"监控年度；省略时为今年"`
	From   string `help:"监控文件（.yaml、.json）：把其中的数据填入监控表（如预先填好各项目的预算数）"`
}

func (c *monitorTemplateCmd) Run(env *env) error {
	if strings.ToLower(filepath.Ext(c.Output)) != ".xlsx" {
		return jixiao.Errorf(jixiao.EINVALID, "输出文件“%s”应为 .xlsx 文件", c.Output)
	}
	round := &jixiao.MonitorRound{Year: c.Year, Rules: monitoring.DefaultRules}
	if c.From != "" {
		if c.Year != 0 {
			return jixiao.Errorf(jixiao.EINVALID, "--from 的监控文件已写明年度，不能再给 --year")
		}
		r, err := monitoring.ReadRound(c.From)
		if err != nil {
			return err
		}
		round = r
	}
	if round.Year == 0 {
		round.Year = today().Year()
	}
	if round.Year < 1900 || round.Year > 2999 {
		return jixiao.Errorf(jixiao.EINVALID, "年度应在 1900 到 2999 之间，实际为 %d", round.Year)
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteMonitor(&buf, round); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	if c.From != "" {
		fmt.Fprintf(env.stderr, "已生成绩效运行监控表：%s（%d 个项目）\n", c.Output, len(round.Projects))
	} else {
		fmt.Fprintf(env.stderr, "已生成空白的绩效运行监控表：%s\n", c.Output)
	}
	return nil
}

type monitorCheckCmd struct {
	File     string `arg:"" help:"监控表（.xlsx）或监控文件（.yaml、.json）"`
	Date     string `help:"按哪一天检查处置是否逾期（如 2026-08-25）；省略时为今天"`
	Calendar string `help:"工作日历文件（.yaml）；省略时用内置的全国法定节假日安排"`
	Rules    string `help:"预警规则：内置规则名或规则文件；省略时用监控表写明的规则或默认规则"`
	Format   string `enum:"text,json" default:"text" help:"输出格式：text 或 json"`
	Report   string `help:"另写一份监控报告：.docx、.html 或 .pdf（PDF 需要 LibreOffice）"`
}

// readRound reads a monitoring round from a workbook or a YAML/JSON file,
// refusing a file over the size limit before reading it.
func readRound(path string) (*jixiao.MonitorRound, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		f, err := os.Open(path)
		if err != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "找不到文件 %s", path)
		}
		defer f.Close()
		limit := xlsxio.DefaultLimits.FileSize
		data, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取 %s", path)
		}
		return xlsxio.ReadMonitor(filepath.Base(path), data)
	case ".yaml", ".yml", ".json":
		return monitoring.ReadRound(path)
	}
	return nil, jixiao.Errorf(jixiao.EINVALID, "“%s”应为 .xlsx、.yaml 或 .json 文件", path)
}

// monitorResult is the JSON output of monitor check.
type monitorResult struct {
	Org          string                     `json:"org"`
	Year         int                        `json:"year"`
	CutOff       jixiao.Date                `json:"cutoff"`
	Rules        string                     `json:"rules"`
	Calendar     string                     `json:"calendar"`
	Date         jixiao.Date                `json:"date"`
	Warnings     []jixiao.MonitorWarning    `json:"warnings"`
	Dispositions []jixiao.DispositionStatus `json:"dispositions"`
	Notes        []string                   `json:"notes,omitempty"`
}

func (c *monitorCheckCmd) Run(env *env) error {
	reportFormat := strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Report)), ".")
	if c.Report != "" && !contains([]string{"docx", "html", "pdf"}, reportFormat) {
		return jixiao.Errorf(jixiao.EINVALID, "监控报告“%s”的扩展名应为 .docx、.html 或 .pdf", c.Report)
	}
	r, err := readRound(c.File)
	if err != nil {
		return err
	}
	ref := c.Rules
	if ref == "" {
		ref = r.Rules
	}
	rules, err := monitoring.LoadRules(ref)
	if err != nil {
		return err
	}
	cal, err := monitoring.LoadCalendar(c.Calendar)
	if err != nil {
		return err
	}
	days, err := cal.Compile()
	if err != nil {
		return err
	}
	on := today()
	if c.Date != "" {
		if on, err = jixiao.ParseDate(c.Date); err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "检查日期有误：%s", jixiao.ErrorMessage(err))
		}
		if on.Year() < r.Year-1 || on.Year() > r.Year+10 {
			return jixiao.Errorf(jixiao.EINVALID, "检查日期 %s 离监控年度 %d 年太远（应在 %d 年至 %d 年之间）", on, r.Year, r.Year-1, r.Year+10)
		}
	}
	warnings := r.Warnings(rules)
	statuses := r.DispositionStatuses(warnings, rules, days, on)
	from := r.WarnedOn
	if from.IsZero() {
		from = r.CutOff
	}
	var notes []string
	for _, y := range []int{from.Year(), on.Year()} {
		if !days.Covers(y) && !noted(notes, y) {
			notes = append(notes, fmt.Sprintf("工作日历“%s”未收录 %d 年的节假日安排，该年只按周六、周日休息计算工作日", cal.Title, y))
		}
	}
	red := 0
	for _, w := range warnings {
		if w.Level == jixiao.WarnRed {
			red++
		}
	}
	if c.Format == "json" {
		res := monitorResult{Org: r.Org, Year: r.Year, CutOff: r.CutOff, Rules: rules.Name, Calendar: cal.Name, Date: on,
			Warnings: warnings, Dispositions: statuses, Notes: notes}
		if res.Warnings == nil {
			res.Warnings = []jixiao.MonitorWarning{}
		}
		if res.Dispositions == nil {
			res.Dispositions = []jixiao.DispositionStatus{}
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		printMonitor(env.stdout, r, rules, cal, on, warnings, statuses, notes)
	}
	if c.Report != "" {
		doc := report.Monitoring(report.MonitorInput{Round: r, Rules: rules, Calendar: cal.Title, Date: on, Warnings: warnings, Statuses: statuses})
		var buf bytes.Buffer
		if err := renderDocument(&buf, reportFormat, doc); err != nil {
			return err
		}
		if err := writeFileAtomic(c.Report, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "已生成监控报告 %s（%d 字节）\n", c.Report, buf.Len())
	}
	if red > 0 {
		return errFindings
	}
	return nil
}

func noted(notes []string, year int) bool {
	for _, n := range notes {
		if strings.Contains(n, fmt.Sprintf(" %d 年", year)) {
			return true
		}
	}
	return false
}

func printMonitor(w io.Writer, r *jixiao.MonitorRound, rules *jixiao.MonitorRules, cal *jixiao.Calendar, on jixiao.Date,
	warnings []jixiao.MonitorWarning, statuses []jixiao.DispositionStatus, notes []string) {
	period := r.Period
	num, den := jixiao.TimeProgress(r.CutOff)
	fmt.Fprintf(w, "%s %d年%s绩效运行监控（数据截至%s，时间进度 %s）\n", r.Org, r.Year, period, r.CutOff.Chinese(), jixiao.Percent(jixiao.DivRound(num, den, 12), 2))
	title := rules.Title
	if title == "" {
		title = rules.Name
	}
	fmt.Fprintf(w, "预警规则：%s（%s，版本 %s）\n\n", title, rules.Name, rules.Version)
	red := 0
	for _, x := range warnings {
		if x.Level == jixiao.WarnRed {
			red++
		}
	}
	if len(warnings) == 0 {
		fmt.Fprintln(w, "没有预警。")
	} else {
		fmt.Fprintf(w, "预警 %d 条（红色 %d 条，黄色 %d 条）：\n", len(warnings), red, len(warnings)-red)
		for _, x := range warnings {
			fmt.Fprintf(w, "【%s】%s %s · %s\n    %s\n", x.Level.Title(), x.Code, jixiao.WarningTitles[x.Code], x.Where, x.Message)
			if x.Source != "" {
				fmt.Fprintf(w, "    依据：%s\n", x.Source)
			}
		}
	}
	if len(statuses) > 0 {
		fmt.Fprintf(w, "\n预警处置（截至%s，处置期限 %d 个工作日，按“%s”计算）：\n", on.Chinese(), rules.Disposition.WorkingDays, cal.Title)
		escalated := 0
		for _, s := range statuses {
			mark := ""
			if s.Escalated {
				mark = "（已升级）"
				escalated++
			}
			fmt.Fprintf(w, "  %s：%s%s\n    %s\n", s.Subject, s.State, mark, s.Message)
		}
		fmt.Fprintf(w, "逾期未处置或逾期后处置、已升级处理的共 %d 项。\n", escalated)
	}
	for _, n := range notes {
		fmt.Fprintf(w, "注意：%s\n", n)
	}
}

type monitorRulesCmd struct {
	Name string `arg:"" optional:"" help:"内置规则名；省略时列出全部"`
}

func (c *monitorRulesCmd) Run(env *env) error {
	if c.Name == "" {
		for _, n := range monitoring.RuleNames() {
			m, err := monitoring.BuiltinRules(n)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s\t%s\t版本 %s\n", n, m.Title, m.Version)
		}
		return nil
	}
	if _, err := monitoring.BuiltinRules(c.Name); err != nil {
		return err
	}
	src, _ := monitoring.RulesSource(c.Name)
	_, err := env.stdout.Write(src)
	return err
}
