package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/library"
)

type libraryCmd struct {
	List   libraryListCmd   `cmd:"" help:"列出指标库中的指标（默认为内置的指标初始库）"`
	Export libraryExportCmd `cmd:"" help:"把指标库导出为 .xlsx 或 .yaml 文件"`
}

// loadLibrary reads the library file from, or the starter library.
func loadLibrary(from string) (*jixiao.Library, error) {
	if from == "" {
		return library.Starter()
	}
	return library.ReadFile(from)
}

type libraryListCmd struct {
	Level1 string `name:"level1" help:"只列出这个一级指标下的指标"`
	All    bool   `help:"也列出已停用的指标"`
	From   string `help:"指标库文件（.yaml）；省略时为内置初始库"`
}

func (c *libraryListCmd) Run(env *env) error {
	l, err := loadLibrary(c.From)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "指标库 %d 年 第 %d 版\n编码\t一级指标\t二级指标\t三级指标\t单位\t状态\t来源\n", l.Year, l.Version)
	n := 0
	for _, in := range l.Indicators {
		if (c.Level1 != "" && in.Level1 != c.Level1) || (!c.All && in.Status == jixiao.LibRetired) {
			continue
		}
		status := string(in.Status)
		if in.MergedInto != "" {
			status += "（已并入 " + in.MergedInto + "）"
		}
		fmt.Fprintf(env.stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", in.ID, in.Level1, in.Level2, in.Name, in.Unit, status, in.Source)
		n++
	}
	fmt.Fprintf(env.stdout, "共 %d 个指标\n", n)
	return nil
}

type libraryExportCmd struct {
	Output string `short:"o" required:"" help:"输出文件：.xlsx 或 .yaml"`
	From   string `help:"指标库文件（.yaml）；省略时为内置初始库"`
}

func (c *libraryExportCmd) Run(env *env) error {
	ext := strings.ToLower(filepath.Ext(c.Output))
	if ext != ".xlsx" && ext != ".yaml" && ext != ".yml" {
		return jixiao.Errorf(jixiao.EINVALID, "输出文件“%s”应为 .xlsx 或 .yaml 文件", c.Output)
	}
	l, err := loadLibrary(c.From)
	if err != nil {
		return err
	}
	var data []byte
	if ext == ".xlsx" {
		var buf bytes.Buffer
		if err := library.WriteXLSX(&buf, l); err != nil {
			return err
		}
		data = buf.Bytes()
	} else if data, err = library.EncodeYAML(l); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, data); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已导出指标库：%s（%d 个指标）\n", c.Output, len(l.Indicators))
	return nil
}
