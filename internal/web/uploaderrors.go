package web

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// uploadProblem is one error of an uploaded file, as the upload page lists
// it: where in the file (line and column, or sheet and cell), the field in
// Chinese, and what is wrong.
type uploadProblem struct {
	Where, Field, Message string
}

// uploadErrors answers an upload that cannot be imported with every error
// of the file, listed on the upload page beside the form (the part of the
// page the upload form targets), as 422: an answer shown in place, which
// the pages' htmx configuration swaps without logging an error. Errors
// that are not about the file (the server's) go the usual way.
func (w *Web) uploadErrors(rw http.ResponseWriter, name string, err error) error {
	if jixiao.ErrorCode(err) != jixiao.EINVALID {
		return err
	}
	w.fragment(rw, http.StatusUnprocessableEntity, "upload-errors", map[string]any{"Name": name, "Problems": uploadProblems(name, err)})
	return nil
}

func uploadProblems(name string, err error) []uploadProblem {
	var es yamlcodec.Errors
	var ps jixiao.Problems
	var out []uploadProblem
	switch {
	case errors.As(err, &es):
		for _, e := range es {
			p := uploadProblem{Field: casePath(e.Path), Message: e.Message}
			if e.Line > 0 {
				p.Where = fmt.Sprintf("第%d行第%d列", e.Line, e.Column)
			}
			out = append(out, p)
		}
	case errors.As(err, &ps):
		for _, p := range ps {
			// A workbook's problems are at "文件，工作表!C5": the file is
			// named above the list.
			where := strings.TrimPrefix(strings.TrimPrefix(p.Path, name), "，")
			out = append(out, uploadProblem{Where: where, Message: p.Message})
		}
	default:
		out = append(out, uploadProblem{Message: jixiao.ErrorMessage(err)})
	}
	return out
}

// casePath names a field of the case format in Chinese, each list item by
// its number: projects[0].indicators[2].weight → 项目（第1项）› 绩效指标（第3项）› 分值.
func casePath(path string) string {
	if path == "" {
		return ""
	}
	root := reflect.TypeFor[jixiao.Evaluation]()
	var parts []string
	prefix := ""
	for _, seg := range strings.Split(path, ".") {
		name, idx, indexed := strings.Cut(seg, "[")
		prefix = join(prefix, name)
		title := yamlcodec.FieldTitle(root, prefix)
		if title == "" {
			title = name
			if _, err := strconv.Atoi(name); err == nil || name == "" {
				title = "第" + name + "项"
			}
		}
		if indexed {
			n, _ := strconv.Atoi(strings.TrimSuffix(idx, "]"))
			title += fmt.Sprintf("（第%d项）", n+1)
			prefix += "[" + idx
		}
		parts = append(parts, title)
	}
	return strings.Join(parts, " › ")
}
