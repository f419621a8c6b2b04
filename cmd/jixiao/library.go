package main

import (
	"bytes"
	"context"
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

// librarySource says which library a command reads: a library file, the
// library stored in a database (its current or a past version), or the
// starter library.
type librarySource struct {
	From    string `help:"指标库文件（.yaml）；省略时为内置初始库"`
	DB      string `help:"从数据库（SQLite 文件路径或 postgres://…）读取服务器上的指标库"`
	Version int    `name:"version" help:"与 --db 同用：读取指标库的第几版（省略时为当前版本）"`
}

// load reads the library the flags name.
func (s librarySource) load(env *env) (*jixiao.Library, error) {
	if s.Version < 0 || s.Version > 1<<30 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "版本号应为 1 到 %d 之间的整数", 1<<30)
	}
	if s.DB == "" {
		if s.Version != 0 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "--version 须与 --db 同用：指标库文件和内置初始库只有一个版本")
		}
		if s.From == "" {
			return library.Starter()
		}
		return library.ReadFile(s.From)
	}
	if s.From != "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "--from 和 --db 只能用一个")
	}
	db, err := openDB(env, s.DB, false)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx := context.Background()
	if s.Version > 0 {
		return db.LibraryAt(ctx, s.Version)
	}
	l, err := db.Library(ctx)
	if err != nil {
		return nil, err
	}
	if l.Version == 0 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "数据库“%s”中还没有指标库（服务器第一次打开指标库时存入初始库）", s.DB)
	}
	return l, nil
}

type libraryListCmd struct {
	Level1 string `name:"level1" help:"只列出这个一级指标下的指标"`
	All    bool   `help:"也列出已停用的指标"`
	librarySource
}

func (c *libraryListCmd) Run(env *env) error {
	l, err := c.load(env)
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
	librarySource
}

func (c *libraryExportCmd) Run(env *env) error {
	ext := strings.ToLower(filepath.Ext(c.Output))
	if ext != ".xlsx" && ext != ".yaml" && ext != ".yml" {
		return jixiao.Errorf(jixiao.EINVALID, "输出文件“%s”应为 .xlsx 或 .yaml 文件", c.Output)
	}
	l, err := c.load(env)
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
	fmt.Fprintf(env.stderr, "已导出指标库第 %d 版：%s（%d 个指标）\n", l.Version, c.Output, len(l.Indicators))
	return nil
}
