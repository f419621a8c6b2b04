package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/xlsxio"
)

func isWorkbook(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xls", ".xlsm":
		return true
	}
	return false
}

// readInput reads an input file, with a message for people when it cannot.
func readInput(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "找不到文件 %s", path)
	} else if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取 %s：%v", path, err)
	}
	return data, nil
}

// readCase reads a case from a YAML or JSON case file, or from a workbook
// (a case workbook, or filled standard tables). A case file in GBK or
// UTF-16 is read, and said so on stderr.
func readCase(path string, env *env) (*caseio.File, error) {
	f, err := readCaseFile(path)
	if err == nil && f.Encoding != "" {
		fmt.Fprintf(env.stderr, "已按 %s 编码读取 %s\n", f.Encoding, path)
	}
	return f, err
}

func readCaseFile(path string) (*caseio.File, error) {
	if isWorkbook(path) {
		data, err := readInput(path)
		if err != nil {
			return nil, err
		}
		ev, err := xlsxio.ReadCase(filepath.Base(path), data)
		if err != nil {
			return nil, err
		}
		return &caseio.File{Name: path, Evaluation: ev}, nil
	}
	return caseio.Load(path)
}

// chooseRulebook fills in the rulebook of a case read from tables that do
// not name one: the one asked for, else the built-in rulebook its structure
// calls for (rulebook.Choose), said on stderr and kept in the case's
// provenance.
func chooseRulebook(ev *jixiao.Evaluation, ref string, env *env) error {
	if ref != "" {
		ev.Rulebook = ref
		return nil
	}
	if ev.Rulebook != "" {
		return nil
	}
	if err := rulebook.ChooseInto(ev); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "表格没有指定评分规则：%s（可用 --rulebook 指定其他规则）\n", ev.Provenance.Chosen)
	return nil
}

type convertCmd struct {
	In       string `arg:"" help:"输入：案例文件（.yaml、.yml、.json）或工作簿（.xlsx：案例工作簿或填好的标准自评表）"`
	Out      string `arg:"" help:"输出：.yaml、.yml、.json 或 .xlsx（案例工作簿，可在 Excel/WPS 中修改后再转换或导入）"`
	Rulebook string `help:"工作簿未指定评分规则时使用的规则"`
}

func (c *convertCmd) Run(env *env) error {
	f, err := readCase(c.In, env)
	if err != nil {
		return err
	}
	if err := chooseRulebook(f.Evaluation, c.Rulebook, env); err != nil {
		return err
	}
	var data []byte
	switch strings.ToLower(filepath.Ext(c.Out)) {
	case ".xlsx":
		var buf bytes.Buffer
		if err := xlsxio.WriteCase(&buf, f.Evaluation); err != nil {
			return err
		}
		data = buf.Bytes()
	case ".yaml", ".yml", ".json":
		if data, err = caseio.Encode(c.Out, f.Evaluation); err != nil {
			return err
		}
	default:
		return jixiao.Errorf(jixiao.EINVALID, "输出文件 %s 的扩展名应为 .yaml、.yml、.json 或 .xlsx", c.Out)
	}
	if err := writeFileAtomic(c.Out, data); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已转换：%s → %s\n", c.In, c.Out)
	return nil
}

type templateCmd struct {
	Subject  string `default:"project" help:"评价对象：project（项目支出绩效自评表）或 department（部门整体支出绩效自评表）"`
	Year     int    `help:"评价年度（默认为上一年）"`
	Output   string `short:"o" help:"输出的 .xlsx 文件（默认按表名和年度命名）"`
	Rulebook string `default:"mof-2020" help:"定性评价档次取自该规则"`
}

func (c *templateCmd) Run(env *env) error {
	var s jixiao.Subject
	if err := s.UnmarshalText([]byte(c.Subject)); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "%s", jixiao.ErrorMessage(err))
	}
	if c.Year == 0 {
		c.Year = time.Now().Year() - 1
	}
	rb, err := rulebook.Load(c.Rulebook)
	if err != nil {
		return err
	}
	var tiers []string
	for _, t := range rb.Tiers {
		tiers = append(tiers, t.Name)
	}
	if c.Output == "" {
		c.Output = xlsxio.TemplateName(s, c.Year)
	}
	if strings.ToLower(filepath.Ext(c.Output)) != ".xlsx" {
		return jixiao.Errorf(jixiao.EINVALID, "模板文件 %s 的扩展名应为 .xlsx", c.Output)
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteTemplate(&buf, xlsxio.TemplateOptions{Subject: s, Year: c.Year, Tiers: tiers}); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已生成空白模板：%s。填好后用 jixiao import %s 导入，或 jixiao eval %s 直接评分\n", c.Output, c.Output, c.Output)
	return nil
}
