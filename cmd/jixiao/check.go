package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/report"
	"jixiao/internal/scoring"
)

type checkCmd struct {
	Case     string `arg:"" help:"案例文件（YAML 或 JSON）或工作簿（.xlsx）；也可以是案例文件所在的目录、每行一个 JSON 案例的 .ndjson 文件，或 -（从标准输入读 NDJSON），此时每个案例输出一行 JSON（NDJSON）"`
	Rulebook string `short:"r" help:"评分规则：内置规则名或规则文件路径；默认取案例中的 rulebook"`
	Format   string `short:"f" default:"text" help:"输出格式：text 或 json；多个案例时总是 NDJSON"`
	Report   string `help:"另将核查报告写入此文件（.docx、.html 或 .pdf，按扩展名）；核查报告不属于提交材料" placeholder:"核查报告.docx"`
}

// errFindings makes the command exit with status 1: the case was read and
// has error-level findings.
var errFindings = errors.New("error-level findings")

func (c *checkCmd) Run(env *env) error {
	if c.Format != "text" && c.Format != "json" {
		return jixiao.Errorf(jixiao.EINVALID, "输出格式“%s”不支持，应为 text 或 json", c.Format)
	}
	reportFormat := strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Report)), ".")
	if c.Report != "" && !contains([]string{"docx", "html", "pdf"}, reportFormat) {
		return jixiao.Errorf(jixiao.EINVALID, "核查报告“%s”的扩展名应为 .docx、.html 或 .pdf", c.Report)
	}
	if isBatch(c.Case) {
		if c.Report != "" {
			return jixiao.Errorf(jixiao.EINVALID, "一次核查多个案例时不能生成核查报告（--report），请逐个案例生成")
		}
		return c.batch(env)
	}
	f, rb, err := loadCase(c.Case, c.Rulebook, env)
	if err != nil {
		return err
	}
	in := check.Input{Evaluation: f.Evaluation, Rulebook: rb}
	sc, err := scoring.Score(f.Evaluation, rb)
	var ps jixiao.Problems
	switch {
	case err == nil:
		in.Scorecard = sc
	case errors.As(err, &ps):
		in.ScoreProblems = ps // reported as findings (S01)
	default:
		return err
	}
	r := &check.Report{Case: c.Case, Rulebook: rb, Findings: check.Check(in), Locate: f.Position, Prepare: f.Prepare}
	if c.Format == "json" {
		err = r.WriteJSON(env.stdout)
	} else {
		err = r.WriteText(env.stdout, env.colour)
	}
	if err != nil {
		return err
	}
	if c.Report != "" {
		var buf bytes.Buffer
		if err := renderDocument(&buf, reportFormat, report.Review(f.Evaluation, rb, in.Scorecard, r.Findings)); err != nil {
			return err
		}
		if err := writeFileAtomic(c.Report, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "已生成核查报告 %s（%d 字节）\n", c.Report, buf.Len())
	}
	if r.Count()[jixiao.SeverityError] > 0 {
		return errFindings
	}
	return nil
}

// isTerminal reports whether w is a terminal that wants colour.
func isTerminal(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// batch checks every case of c.Case, one NDJSON line each; the exit status
// is 1 when any case has error-level findings.
func (c *checkCmd) batch(env *env) error {
	bad := 0
	// Each case's report is written into one buffer, reused: the line
	// is encoded before the next case is read.
	var buf []byte
	err := batch(env.stdout, c.Case, c.Rulebook, func(f *caseio.File, rb *jixiao.Rulebook, line *batchLine) error {
		in := check.Input{Evaluation: f.Evaluation, Rulebook: rb}
		sc, err := scoring.Score(f.Evaluation, rb)
		var ps jixiao.Problems
		switch {
		case err == nil:
			in.Scorecard = sc
		case errors.As(err, &ps):
			in.ScoreProblems = ps
		default:
			return err
		}
		r := &check.Report{Case: f.Name, Rulebook: rb, Findings: check.Check(in), Locate: f.Position, Prepare: f.Prepare}
		bad += r.Count()[jixiao.SeverityError]
		buf = r.AppendJSON(buf[:0])
		line.Check = buf
		return nil
	})
	if err == nil && bad > 0 {
		return errFindings
	}
	return err
}
