package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"jixiao"
	"jixiao/internal/scoring"
)

// maxYearFiles bounds the case files one comparison reads.
const maxYearFiles = 20

type yearsCmd struct {
	Cases      []string `arg:"" help:"同一评价对象（同一部门的整体支出，或同一项目）各年度的案例文件（YAML、JSON 或 .xlsx），顺序不限，最多 20 个"`
	Format     string   `short:"f" default:"text" help:"输出格式：text 或 json"`
	Indicators bool     `help:"同时列出各项指标历年的目标值和实际完成值"`
}

func (c *yearsCmd) Run(env *env) error {
	if c.Format != "text" && c.Format != "json" {
		return jixiao.Errorf(jixiao.EINVALID, "输出格式“%s”不支持，应为 text 或 json", c.Format)
	}
	if len(c.Cases) > maxYearFiles {
		return jixiao.Errorf(jixiao.EINVALID, "一次最多比较 %d 个案例文件，给了 %d 个", maxYearFiles, len(c.Cases))
	}
	var in []jixiao.YearInput
	var first *jixiao.Evaluation
	years := map[int]string{}
	for k, path := range c.Cases {
		f, rb, err := loadCase(path, "", env)
		if err != nil {
			return err
		}
		ev := f.Evaluation
		if first == nil {
			first = ev
		} else if ev.Subject != first.Subject || ev.Name() != first.Name() {
			return jixiao.Errorf(jixiao.EINVALID, "%s 评价的是“%s”（%s），与 %s 的“%s”（%s）不是同一评价对象，不能逐年比较",
				path, ev.Name(), ev.Subject.Title(), c.Cases[0], first.Name(), first.Subject.Title())
		}
		if other, dup := years[ev.Year]; dup {
			return jixiao.Errorf(jixiao.EINVALID, "%s 与 %s 都是%d年度的评价；每个年度只能给一个案例", path, other, ev.Year)
		}
		years[ev.Year] = path
		info := &jixiao.EvaluationInfo{ID: int64(k + 1), OrgName: ev.Org.Name, Year: ev.Year, Subject: ev.Subject}
		s := &jixiao.Summary{EvaluationInfo: info}
		if sc, err := scoring.Score(ev, rb); err == nil {
			s.Scored, s.Total, s.Grade = true, sc.Displayed, sc.Grade
		}
		if r, _, ok := scoring.Execution(ev); ok {
			s.Execution = &r
		}
		in = append(in, jixiao.YearInput{Info: info, Summary: s, Evaluation: ev})
	}
	cmp := jixiao.CompareYears(in)
	if c.Format == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cmp)
	}
	fmt.Fprintf(env.stdout, "%s %s 历年对比\n\n", first.Name(), first.Subject.Title())
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "年度\t总分\t比上一评价年度\t等级\t预算执行率\t比上一评价年度（百分点）\t案例文件")
	for _, y := range cmp.Years {
		total, grade := "未评分", y.Grade
		if y.Scored {
			total = jixiao.Fixed(y.Total, 2)
		}
		if grade == "" {
			grade = "—"
		}
		exec := "—"
		if y.Execution != nil {
			exec = jixiao.Percent(*y.Execution, 2)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", y.Year, total, jixiao.ChangeText(y.TotalChange, 2), grade, exec, jixiao.ChangeText(y.ExecutionChange, 2), years[y.Year])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if s := cmp.Sentence(2); s != "" {
		fmt.Fprintf(env.stdout, "\n%s\n", s)
	}
	if !c.Indicators {
		return nil
	}
	fmt.Fprintln(env.stdout, "\n各项指标（目标值 / 实际完成值）")
	tw = tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	head := []string{"指标"}
	for _, y := range cmp.Years {
		head = append(head, fmt.Sprintf("%d年度", y.Year))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, ind := range cmp.Indicators {
		name := strings.Trim(strings.Join([]string{ind.Project, ind.Level2, ind.Name}, " · "), " ·")
		if ind.LibraryID != "" {
			name += "（" + ind.LibraryID + "）"
		}
		row := []string{name}
		for _, v := range ind.Values {
			if !v.Present {
				row = append(row, "（无此指标）")
				continue
			}
			row = append(row, orDashCLI(v.Target)+" / "+orDashCLI(v.Actual))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if cmp.Omitted > 0 {
		fmt.Fprintf(tw, "另有 %d 项指标未列出\n", cmp.Omitted)
	}
	return tw.Flush()
}
