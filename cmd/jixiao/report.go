package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/recheck"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/html"
	"jixiao/internal/report/pdf"
	"jixiao/internal/scoring"
	"jixiao/internal/xlsxio"
)

// reportCmd writes the report or tables a unit submits. The report never
// holds the checker's findings (jixiao check --report writes the 核查报告);
// --no-findings is kept, hidden and without effect, so that old scripts
// still run.
type reportCmd struct {
	Case       string `arg:"" help:"案例文件（YAML 或 JSON）或工作簿（.xlsx）"`
	Format     string `short:"f" help:"格式：docx、html、pdf 或 xlsx；默认按输出文件的扩展名"`
	Output     string `short:"o" help:"输出文件；省略时写到与案例同名的文件（html 可用 - 表示标准输出）"`
	Rulebook   string `short:"r" help:"评分规则：内置规则名或规则文件路径；默认取案例中的 rulebook"`
	NoFindings bool   `hidden:"" help:"已无作用：报告不附核查结果（核查报告用 jixiao check --report 生成）"`
	NoScores   bool   `help:"报告中不附评分明细表"`
	// Rectifications is a file of rectification items: the unit's items of
	// earlier years are counted, and the open ones listed, in the report.
	Rectifications string `help:"整改事项文件（.yaml/.json）：报告写出本单位以前年度的整改情况和转入本年度的事项"`
}

var reportFormats = []string{"docx", "html", "pdf", "xlsx"}

func (c *reportCmd) Run(env *env) error {
	format := strings.ToLower(c.Format)
	if format == "" && c.Output != "" && c.Output != "-" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Output)), ".")
	}
	if format == "" {
		format = "docx"
	}
	if !contains(reportFormats, format) {
		return jixiao.Errorf(jixiao.EINVALID, "报告格式“%s”不支持，应为 %s", format, strings.Join(reportFormats, "、"))
	}
	f, rb, err := loadCase(c.Case, c.Rulebook, env)
	if err != nil {
		return err
	}
	ev := f.Evaluation
	sc, err := scoring.Score(ev, rb)
	if err != nil {
		return f.Locate(err)
	}
	out := c.Output
	if out == "" {
		out = strings.TrimSuffix(c.Case, filepath.Ext(c.Case)) + "." + format
	}
	var buf bytes.Buffer
	if format == "xlsx" {
		err = xlsxio.Export(&buf, ev, sc)
	} else {
		opt := report.Options{Scorecard: !c.NoScores, Today: time.Now().Format(time.DateOnly)}
		if c.Rectifications != "" {
			if opt.Rectification, err = c.carried(env, ev); err != nil {
				return err
			}
		}
		err = renderDocument(&buf, format, report.Build(ev, sc, opt))
	}
	if err != nil {
		return err
	}
	if out == "-" {
		_, err := io.Copy(env.stdout, &buf)
		return err
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已生成 %s（%d 字节）\n", out, buf.Len())
	return nil
}

// carried reads the rectification file and gathers the items of the
// case's unit (by name) for the case's year.
func (c *reportCmd) carried(env *env, ev *jixiao.Evaluation) (*jixiao.RectYear, error) {
	data, err := recheck.ReadFile(c.Rectifications)
	if err != nil {
		return nil, err
	}
	l, err := recheck.ParseRectifications(c.Rectifications, data)
	if err != nil {
		return nil, err
	}
	var items []jixiao.Rectification
	for _, r := range l.Items {
		if r.Unit == ev.Org.Name {
			items = append(items, r)
		}
	}
	if len(items) == 0 {
		fmt.Fprintf(env.stderr, "整改事项文件中没有单位为“%s”的事项，报告不写以前年度整改情况\n", ev.Org.Name)
	}
	ry := jixiao.RectificationsFor(items, ev.Year)
	return &ry, nil
}

// renderDocument writes doc as a docx, html or pdf file.
func renderDocument(w *bytes.Buffer, format string, doc *report.Document) error {
	switch format {
	case "docx":
		return docx.Render(w, doc)
	case "html":
		return html.Render(w, doc)
	case "pdf":
		var page bytes.Buffer
		if err := docx.Render(&page, doc); err != nil {
			return err
		}
		data, err := pdf.Print(context.Background(), page.Bytes(), pdf.Options{})
		if err != nil {
			return err
		}
		w.Write(data)
		return nil
	}
	return jixiao.Errorf(jixiao.EINVALID, "文件格式“%s”不支持，应为 docx、html 或 pdf", format)
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so that a failure never leaves a half-written report. The
// file is readable and writable by its owner alone (os.CreateTemp: 0600).
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".jixiao-*")
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法写入 %s：%v", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return jixiao.Errorf(jixiao.EINVALID, "无法写入 %s：%v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法写入 %s：%v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return jixiao.Errorf(jixiao.EINVALID, "无法写入 %s：%v", path, pe.Err)
		}
		return err
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
