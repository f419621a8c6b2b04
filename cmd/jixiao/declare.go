package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/report"
	"jixiao/internal/rulebook"
	"jixiao/internal/xlsxio"
)

type declareCmd struct {
	Check    declareCheckCmd    `cmd:"" help:"核查绩效目标申报：指标是否规范、是否低于上年实际、资金是否与项目库一致；有错误时状态码为1"`
	Diff     declareDiffCmd     `cmd:"" help:"逐项比较申报的两个版本（一个文件的最后两版，或两个文件的最新版）"`
	Carry    declareCarryCmd    `cmd:"" help:"沿用上年：由上年已批复的申报生成下一年度的申报草稿，并在指标值旁列出上年实际完成值"`
	Baseline declareBaselineCmd `cmd:"" help:"由最新批复的申报生成自评案例（分项目标、指标、指标值和分值），并记下所依据的版本"`
	Template declareTemplateCmd `cmd:"" help:"生成空白的项目支出或部门整体支出绩效目标申报表（.xlsx）"`
	Convert  declareConvertCmd  `cmd:"" help:"在申报文件（YAML、JSON）和绩效目标申报表（.xlsx）之间转换（按扩展名）"`
	Report   declareReportCmd   `cmd:"" help:"生成批复的绩效目标表（.docx 或 .pdf），目标调整版另列调整前后的指标值和调整理由"`
}

type declareCheckCmd struct {
	File     string `arg:"" help:"申报文件（YAML 或 JSON）"`
	Version  int    `help:"要核查的版本号；默认为最新版本"`
	Rulebook string `short:"r" default:"mof-2020" help:"按哪一评分规则的指标结构核查项目的一级指标（内置规则名或规则文件路径）"`
	Eval     string `help:"由本申报生成的自评案例：另核对其指标值是否与所依据的批复版本一致" placeholder:"自评.yaml"`
	Format   string `short:"f" default:"text" help:"输出格式：text 或 json"`
}

func (c *declareCheckCmd) Run(env *env) error {
	if c.Format != "text" && c.Format != "json" {
		return jixiao.Errorf(jixiao.EINVALID, "输出格式“%s”不支持，应为 text 或 json", c.Format)
	}
	f, err := readDeclaration(c.File, env)
	if err != nil {
		return err
	}
	d := f.Declaration
	v := d.Latest()
	if c.Version != 0 {
		var ok bool
		if v, ok = d.Version(c.Version); !ok {
			return jixiao.Errorf(jixiao.EINVALID, "%s 中没有第%d版（共%d版）", c.File, c.Version, len(d.Versions))
		}
	}
	rb, err := rulebook.Load(c.Rulebook)
	if err != nil {
		return err
	}
	reports := []*check.Report{{Case: c.File, Rulebook: rb, Locate: f.Position, Scope: d.Title() + " " + v.VersionTitle(),
		Findings: check.Declaration(check.DeclarationInput{Declaration: d, Version: v.Number, Rulebook: rb})}}
	if c.Eval != "" {
		ef, err := readCase(c.Eval, env)
		if err != nil {
			return err
		}
		if ef.Evaluation.Baseline == nil {
			return jixiao.Errorf(jixiao.EINVALID, "%s 没有记载绩效目标基线（baseline），不是由申报生成的自评，无法与申报核对", c.Eval)
		}
		reports = append(reports, &check.Report{Case: c.Eval, Locate: ef.Position, Scope: "与批复的申报核对：" + ef.Evaluation.Baseline.Title(),
			Findings: check.AgainstBaseline(ef.Evaluation, d)})
	}
	bad := 0
	for i, r := range reports {
		bad += r.Count()[jixiao.SeverityError]
		switch {
		case c.Format == "json" && len(reports) == 1:
			err = r.WriteJSON(env.stdout)
		case c.Format == "json":
			continue // one document for both, below
		default:
			if i > 0 {
				fmt.Fprintln(env.stdout)
			}
			err = r.WriteText(env.stdout, env.colour)
		}
		if err != nil {
			return err
		}
	}
	if c.Format == "json" && len(reports) > 1 {
		b, err := json.MarshalIndent(map[string]*check.JSONReport{"declaration": reports[0].ToJSON(), "evaluation": reports[1].ToJSON()}, "", "  ")
		if err != nil {
			return err
		}
		if _, err := env.stdout.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	if bad > 0 {
		return errFindings
	}
	return nil
}

// readDeclaration reads a declaration file, saying on stderr when it was
// not in UTF-8.
func readDeclaration(path string, env *env) (*caseio.DeclarationFile, error) {
	f, err := caseio.LoadDeclaration(path)
	if err == nil && f.Encoding != "" {
		fmt.Fprintf(env.stderr, "已按 %s 编码读取 %s\n", f.Encoding, path)
	}
	return f, err
}

type declareDiffCmd struct {
	Files []string `arg:"" help:"一个申报文件（比较其最后两版），或两个申报文件（比较各自的最新版）"`
}

func (c *declareDiffCmd) Run(env *env) error {
	if len(c.Files) > 2 {
		return jixiao.Errorf(jixiao.EINVALID, "最多比较两个申报文件，实际给了%d个", len(c.Files))
	}
	a, err := readDeclaration(c.Files[0], env)
	if err != nil {
		return err
	}
	var va, vb *jixiao.DeclVersion
	nameA, nameB := fmt.Sprintf("%s（%d年度）", c.Files[0], a.Declaration.Year), fmt.Sprintf("%s（%d年度）", c.Files[0], a.Declaration.Year)
	if len(c.Files) == 1 {
		n := len(a.Declaration.Versions)
		if n < 2 {
			return jixiao.Errorf(jixiao.EINVALID, "%s 只有一个版本，没有可比较的；比较两个文件时请给出两个文件", c.Files[0])
		}
		va, vb = &a.Declaration.Versions[n-2], &a.Declaration.Versions[n-1]
	} else {
		b, err := readDeclaration(c.Files[1], env)
		if err != nil {
			return err
		}
		nameB = fmt.Sprintf("%s（%d年度）", c.Files[1], b.Declaration.Year)
		va, vb = a.Declaration.Latest(), b.Declaration.Latest()
	}
	changes := jixiao.Diff(va, vb)
	var s strings.Builder
	fmt.Fprintf(&s, "比较 %s %s → %s %s\n", nameA, va.VersionTitle(), nameB, vb.VersionTitle())
	if len(changes) == 0 {
		s.WriteString("两版相同，没有变动。\n")
	} else {
		fmt.Fprintf(&s, "共 %d 处变动：\n", len(changes))
	}
	for _, ch := range changes {
		what := ch.Indicator
		if what == "" {
			what = "申报"
		}
		if ch.ID != "" {
			what += "（" + ch.ID + "）"
		}
		switch ch.Field {
		case "新增":
			fmt.Fprintf(&s, "  新增  %s：%s\n", what, orNone(ch.New))
		case "删除":
			fmt.Fprintf(&s, "  删除  %s：%s\n", what, orNone(ch.Old))
		default:
			fmt.Fprintf(&s, "  修改  %s › %s：%s → %s\n", what, ch.Field, orNone(ch.Old), orNone(ch.New))
		}
	}
	if len(vb.Changes) > 0 {
		s.WriteString("调整理由：\n")
		for _, r := range vb.Changes {
			fmt.Fprintf(&s, "  %s：【%s】%s\n", r.Indicator, r.Code, r.Text)
		}
	}
	_, err = fmt.Fprint(env.stdout, s.String())
	return err
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（空）"
	}
	return s
}

type declareCarryCmd struct {
	File    string `arg:"" help:"上年的申报文件（须有已批复的版本）"`
	Actuals string `help:"上年的自评案例：把各指标的实际完成值列在新申报的指标值旁（按指标编码，再按名称对应）" placeholder:"自评.yaml"`
	Output  string `short:"o" required:"" help:"新申报文件（.yaml 或 .json）"`
}

func (c *declareCarryCmd) Run(env *env) error {
	f, err := readDeclaration(c.File, env)
	if err != nil {
		return err
	}
	var actuals *jixiao.Evaluation
	if c.Actuals != "" {
		ef, err := readCase(c.Actuals, env)
		if err != nil {
			return err
		}
		actuals = ef.Evaluation
	}
	next, err := jixiao.CarryForward(f.Declaration, actuals)
	if err != nil {
		return jixiao.Errorf(jixiao.ErrorCode(err), "%s：%s", c.File, jixiao.ErrorMessage(err))
	}
	data, err := caseio.EncodeDeclaration(c.Output, next)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, data); err != nil {
		return err
	}
	all := next.Latest().All()
	withActual := 0
	for _, r := range all {
		if !r.Indicator.LastActual.IsZero() {
			withActual++
		}
	}
	fmt.Fprintf(env.stderr, "已沿用上年生成 %s：%s，%d 个指标，其中 %d 个列出了上年实际完成值\n", c.Output, next.Title(), len(all), withActual)
	return nil
}

type declareBaselineCmd struct {
	File     string `arg:"" help:"申报文件（须有已批复的版本）"`
	Rulebook string `short:"r" help:"写入自评案例的评分规则（内置规则名）；省略时由评分时按表格结构选用"`
	Output   string `short:"o" required:"" help:"自评案例文件（.yaml 或 .json）"`
}

func (c *declareBaselineCmd) Run(env *env) error {
	f, err := readDeclaration(c.File, env)
	if err != nil {
		return err
	}
	if c.Rulebook != "" {
		if _, err := rulebook.Load(c.Rulebook); err != nil {
			return err
		}
	}
	ev, err := jixiao.Baseline(f.Declaration)
	if err != nil {
		return jixiao.Errorf(jixiao.ErrorCode(err), "%s：%s", c.File, jixiao.ErrorMessage(err))
	}
	ev.Rulebook = c.Rulebook
	data, err := caseio.Encode(c.Output, ev)
	if err != nil {
		return err
	}
	if _, err := caseio.Parse(c.Output, data); err != nil {
		return jixiao.Errorf(jixiao.EINTERNAL, "生成的自评案例无法读回：%s", jixiao.ErrorMessage(err))
	}
	if err := writeFileAtomic(c.Output, data); err != nil {
		return err
	}
	n := 0
	for _, g := range ev.Goals {
		n += len(g.Indicators)
	}
	n += len(ev.Indicators)
	for _, p := range ev.Projects {
		n += len(p.Indicators)
	}
	fmt.Fprintf(env.stderr, "已由%s生成自评案例 %s：%d 个指标；实际完成值、得分等待填写\n", ev.Baseline.Title(), c.Output, n)
	return nil
}

type declareTemplateCmd struct {
	Kind   string `required:"" enum:"项目,专项资金,部门整体" help:"申报类型：项目、专项资金 或 部门整体"`
	Year   int    `help:"预算年度（填入模板）"`
	Output string `short:"o" required:"" help:"模板文件（.xlsx）"`
}

func (c *declareTemplateCmd) Run(env *env) error {
	if !isWorkbook(c.Output) {
		return jixiao.Errorf(jixiao.EINVALID, "模板文件“%s”的扩展名应为 .xlsx", c.Output)
	}
	var buf bytes.Buffer
	if err := xlsxio.DeclarationTemplate(&buf, jixiao.DeclKind(c.Kind), c.Year); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已生成空白的%s绩效目标申报表 %s\n", c.Kind, c.Output)
	return nil
}

// readDeclarationAny reads a declaration file, or a declaration table
// (.xlsx) as a draft 第1版, its size checked before it is read.
func readDeclarationAny(path string, env *env) (*jixiao.Declaration, error) {
	if !isWorkbook(path) {
		f, err := readDeclaration(path, env)
		if err != nil {
			return nil, err
		}
		return f.Declaration, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "找不到文件 %s", path)
	}
	if st.Size() > xlsxio.DefaultLimits.FileSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 过大（%d MiB），申报表不能超过 %d MiB", path, st.Size()>>20, xlsxio.DefaultLimits.FileSize>>20)
	}
	data, err := readInput(path)
	if err != nil {
		return nil, err
	}
	return xlsxio.ReadDeclaration(filepath.Base(path), data)
}

// pickVersion is version n of a declaration, or its latest when n is 0.
func pickVersion(d *jixiao.Declaration, file string, n int) (*jixiao.DeclVersion, error) {
	if n == 0 {
		return d.Latest(), nil
	}
	v, ok := d.Version(n)
	if !ok {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 中没有第%d版（共%d版）", file, n, len(d.Versions))
	}
	return v, nil
}

type declareConvertCmd struct {
	Input   string `arg:"" help:"输入：申报文件（.yaml、.json）或申报表（.xlsx）"`
	Output  string `arg:"" help:"输出：申报文件（.yaml、.json）或申报表（.xlsx）"`
	Version int    `help:"写成申报表时取哪一版；默认为最新版本"`
}

func (c *declareConvertCmd) Run(env *env) error {
	d, err := readDeclarationAny(c.Input, env)
	if err != nil {
		return err
	}
	var data []byte
	if isWorkbook(c.Output) {
		v, err := pickVersion(d, c.Input, c.Version)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := xlsxio.WriteDeclaration(&buf, d, v); err != nil {
			return err
		}
		data = buf.Bytes()
	} else {
		if data, err = caseio.EncodeDeclaration(c.Output, d); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(c.Output, data); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已转换 %s → %s：%s\n", c.Input, c.Output, d.Title())
	return nil
}

type declareReportCmd struct {
	File    string `arg:"" help:"申报文件（须有已批复的版本）"`
	Version int    `help:"版本号（须已批复）；默认为最新批复的版本"`
	Output  string `short:"o" required:"" help:"绩效目标表：.docx 或 .pdf（PDF 需要 LibreOffice）"`
}

func (c *declareReportCmd) Run(env *env) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(c.Output)), ".")
	if format != "docx" && format != "pdf" {
		return jixiao.Errorf(jixiao.EINVALID, "绩效目标表“%s”的扩展名应为 .docx 或 .pdf", c.Output)
	}
	f, err := readDeclaration(c.File, env)
	if err != nil {
		return err
	}
	d := f.Declaration
	v, ok := d.LatestApproved()
	if c.Version != 0 {
		if v, err = pickVersion(d, c.File, c.Version); err != nil {
			return err
		}
		ok = v.State == jixiao.DeclApproved
	}
	if !ok {
		if c.Version != 0 {
			return jixiao.Errorf(jixiao.EINVALID, "%s 第%d版尚未批复（%s），只能为已批复的版本生成绩效目标表", c.File, v.Number, v.State)
		}
		return jixiao.Errorf(jixiao.EINVALID, "%s 没有已批复的版本，只能为已批复的版本生成绩效目标表", c.File)
	}
	var buf bytes.Buffer
	if err := renderDocument(&buf, format, report.Declaration(d, v)); err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已生成%s%s的绩效目标表 %s（%d 字节）\n", d.Title(), v.VersionTitle(), c.Output, buf.Len())
	return nil
}
