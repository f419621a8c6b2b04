package main

import (
	"fmt"

	"jixiao"
	"jixiao/internal/rulebook"
)

type rulebookCmd struct {
	List  rulebookListCmd  `cmd:"" help:"列出内置评分规则"`
	Show  rulebookShowCmd  `cmd:"" help:"显示一个内置评分规则的全文（YAML）"`
	Check rulebookCheckCmd `cmd:"" help:"校验一个评分规则文件"`
}

type rulebookListCmd struct{}

func (rulebookListCmd) Run(env *env) error {
	for _, name := range rulebook.Builtin() {
		rb, err := rulebook.Load(name)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%-20s %s（版本 %s）\n%-20s 等级：%s\n", rb.Name, rb.Title, rb.Version, "", rb.GradesText())
	}
	return nil
}

type rulebookShowCmd struct {
	Name string `arg:"" help:"内置规则名"`
}

func (c *rulebookShowCmd) Run(env *env) error {
	src, ok := rulebook.Source(c.Name)
	if !ok {
		return jixiao.Errorf(jixiao.ENOTFOUND, "没有名为“%s”的内置评分规则（运行 jixiao rulebook list 查看）", c.Name)
	}
	_, err := env.stdout.Write(src)
	return err
}

type rulebookCheckCmd struct {
	File string `arg:"" help:"评分规则文件（YAML）"`
}

func (c *rulebookCheckCmd) Run(env *env) error {
	rb, err := rulebook.Load(c.File)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "评分规则“%s”有效：%s\n等级：%s\n", rb.Name, rb.Title, rb.GradesText())
	return nil
}
