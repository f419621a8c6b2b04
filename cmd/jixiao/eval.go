package main

import (
	"fmt"
	"os"
	"path/filepath"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

type evalCmd struct {
	Case     string `arg:"" help:"案例文件（YAML 或 JSON）或工作簿（.xlsx）；也可以是案例文件所在的目录、每行一个 JSON 案例的 .ndjson 文件，或 -（从标准输入读 NDJSON），此时每个案例输出一行 JSON（NDJSON）"`
	Rulebook string `short:"r" help:"评分规则：内置规则名（见 jixiao rulebook list）或规则文件路径；默认取案例中的 rulebook"`
	Format   string `short:"f" default:"text" help:"输出格式：text（树形文本）或 json；多个案例时总是 NDJSON"`
}

func (c *evalCmd) Run(env *env) error {
	if c.Format != "text" && c.Format != "json" {
		return jixiao.Errorf(jixiao.EINVALID, "输出格式“%s”不支持，应为 text 或 json", c.Format)
	}
	if isBatch(c.Case) {
		// Each case's scorecard is written into one buffer, reused:
		// the line is encoded before the next case is read.
		var buf []byte
		return batch(env.stdout, c.Case, c.Rulebook, func(f *caseio.File, rb *jixiao.Rulebook, line *batchLine) error {
			sc, err := scoring.Score(f.Evaluation, rb)
			if err != nil {
				return f.Locate(err)
			}
			buf = scoring.AppendJSON(buf[:0], sc)
			line.Scorecard = buf
			return nil
		})
	}
	f, rb, err := loadCase(c.Case, c.Rulebook, env)
	if err != nil {
		return err
	}
	if p := f.Evaluation.Provenance; c.Rulebook == "" && p != nil && p.Chosen != "" && f.Evaluation.Rulebook == rb.Name {
		fmt.Fprintf(env.stderr, "未指定评分规则：%s\n", p.Chosen)
	}
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		return f.Locate(err)
	}
	if c.Format == "json" {
		return scoring.WriteJSON(env.stdout, sc)
	}
	return scoring.WriteText(env.stdout, sc)
}

// loadCase reads a case file and the rulebook to score it by: ref if given,
// else the case's own, else the one its structure calls for
// (rulebook.Choose: mof-2020 for a project that shows no other). A rulebook path in a
// case is relative to the case file.
func loadCase(path, ref string, env *env) (*caseio.File, *jixiao.Rulebook, error) {
	f, err := readCase(path, env)
	if err != nil {
		return nil, nil, err
	}
	ev := f.Evaluation
	if ref == "" {
		ref = ev.Rulebook
		if ref != "" && !isBuiltin(ref) && !filepath.IsAbs(ref) {
			if p := filepath.Join(filepath.Dir(path), ref); fileExists(p) {
				ref = p
			}
		}
	}
	if ref == "" {
		// Tables rarely name their rules: by the case's structure
		// (mof-2020 for a project that shows no other), with the reason
		// kept in the case's provenance for jixiao check (F04).
		if err := rulebook.ChooseInto(ev); err != nil {
			return nil, nil, jixiao.Errorf(jixiao.ErrorCode(err), "%s：%s", path, jixiao.ErrorMessage(err))
		}
		ref = ev.Rulebook
	}
	rb, err := rulebook.Load(ref)
	if err != nil {
		return nil, nil, err
	}
	return f, rb, nil
}

func isBuiltin(name string) bool {
	return rulebook.IsBuiltin(name)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
