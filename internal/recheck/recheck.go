// Package recheck reads the files of the work after the self-evaluation:
// the sampling roster (抽查名单), the re-check scores (复核), the
// rectification items (整改) and the evaluation results to apply (评价结果),
// as YAML or JSON, bounded before they are parsed; every problem is
// reported at once with its file, line:column and field.
package recheck

import (
	"io"
	"os"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// Limits bound each file: 16 MiB and 400,000 values (about 33,000
// roster rows of 12 values each; larger rosters come as workbooks). The
// YAML parser takes up to about 1 KiB per value.
var Limits = yamlcodec.Limits{Bytes: 16 << 20, Depth: 32, Nodes: 400_000, Aliases: 100}

// validator is a document that checks itself after decoding.
type validator interface{ Validate() error }

// ReadFile reads a file whole, refusing one larger than Limits.Bytes
// before reading it.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "无法打开文件“%s”", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(Limits.Bytes)+1))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取文件“%s”", path)
	}
	if len(data) > Limits.Bytes {
		return nil, jixiao.Errorf(jixiao.EINVALID, "文件“%s”超过 %d MB 的上限", path, Limits.Bytes>>20)
	}
	return data, nil
}

func parse(name string, data []byte, v validator) error {
	doc, err := yamlcodec.DecodeLimits(name, data, v, Limits)
	if err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		if ps, ok := err.(jixiao.Problems); ok {
			return doc.Problems(ps)
		}
		return err
	}
	return nil
}

// ParseRoster reads a sampling roster.
func ParseRoster(name string, data []byte) (*jixiao.Roster, error) {
	var r jixiao.Roster
	if err := parse(name, data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// ParseRecheck reads the self-scores and re-scores of a re-check.
func ParseRecheck(name string, data []byte) (*jixiao.Recheck, error) {
	var r jixiao.Recheck
	if err := parse(name, data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// ParseRectifications reads a file of rectification items.
func ParseRectifications(name string, data []byte) (*jixiao.RectificationList, error) {
	var l jixiao.RectificationList
	if err := parse(name, data, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// ParseResults reads evaluation results to apply to the next budget.
func ParseResults(name string, data []byte) (*jixiao.Results, error) {
	var r jixiao.Results
	if err := parse(name, data, &r); err != nil {
		return nil, err
	}
	// A link to a declared project is the server's: a file has none to
	// link to, and names the destination.
	for i, p := range r.Projects {
		for j, m := range p.Reallocations {
			if m.DeclarationID != 0 {
				return nil, jixiao.Errorf(jixiao.EINVALID, "%s：第 %d 个项目（%s／%s）的调剂去向第 %d 项：“调剂到的申报项目”只在服务器上使用，评价结果文件中请在“调剂到”中写明项目或用途",
					name, i+1, p.Unit, p.Project, j+1)
			}
		}
	}
	return &r, nil
}
