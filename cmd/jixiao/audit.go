package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/audit"
	"jixiao/internal/libreoffice"
	"jixiao/internal/poppler"
)

type auditCmd struct {
	Report string `arg:"" help:"自评报告：.docx、.doc、.wps、.pdf、.txt 或 .md"`
	Format string `short:"f" help:"输出格式：text、json 或 html；默认 text，或按输出文件的扩展名"`
	Output string `short:"o" help:"输出文件；省略时输出到屏幕"`
}

func (c *auditCmd) Run(env *env) error {
	format := strings.ToLower(c.Format)
	if format == "" && c.Output != "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Output)), ".")
	}
	if format == "" {
		format = "text"
	}
	if format != "text" && format != "txt" && format != "json" && format != "html" {
		return jixiao.Errorf(jixiao.EINVALID, "输出格式“%s”不支持，应为 text、json 或 html", format)
	}
	data, err := readInput(c.Report)
	if err != nil {
		return err
	}
	d, err := audit.ReadWith(context.Background(), c.Report, data, audit.Converters{PDF: poppler.ReportText, Word: libreoffice.ReportDocx})
	if err != nil {
		return err
	}
	res := audit.Audit(d)
	r := res.Report(d)
	n := r.Count()
	var out bytes.Buffer
	switch format {
	case "json":
		err = r.WriteJSON(&out)
	case "html":
		err = audit.WriteHTML(&out, d, res)
	default:
		err = r.WriteText(&out, env.colour && c.Output == "")
	}
	if err != nil {
		return err
	}
	if c.Output == "" {
		_, err = env.stdout.Write(out.Bytes())
	} else if err = writeFileAtomic(c.Output, out.Bytes()); err == nil {
		fmt.Fprintf(env.stderr, "已写入 %s（错误 %d 项，警告 %d 项，提示 %d 项）\n", c.Output, n[jixiao.SeverityError], n[jixiao.SeverityWarning], n[jixiao.SeverityInfo])
	}
	if err != nil {
		return err
	}
	if n[jixiao.SeverityError] > 0 {
		return errFindings
	}
	return nil
}
