// Package caseio reads and writes the open case format: one evaluation
// (department-overall or project) as a YAML or JSON file, with one schema.
// The format is documented for users in docs/case-format.md and as a JSON
// Schema in docs/case.schema.json, both generated from the domain types.
package caseio

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"jixiao"
	"jixiao/internal/textenc"
	"jixiao/internal/yamlcodec"
)

// MaxSize is the largest case file read (32 MiB).
const MaxSize = 32 << 20

// File is a case read from a file: the evaluation and where each of its
// fields was, so that later problems (scoring, checking) can be reported at
// their line and column.
type File struct {
	Name       string
	Evaluation *jixiao.Evaluation
	// Encoding is the text encoding the file was read in when it was not
	// UTF-8 (textenc.GBK or textenc.UTF16), for telling the user.
	Encoding textenc.Encoding
	doc      *yamlcodec.Doc
}

// Locate turns jixiao.Problems (from scoring or checking) into errors that
// name the file, line:column and field; other errors pass unchanged.
func (f *File) Locate(err error) error {
	ps, ok := err.(jixiao.Problems)
	switch {
	case !ok:
		return err
	case f.doc != nil:
		return f.doc.Problems(ps)
	}
	// A case read from a workbook has no lines to point at, and its field
	// paths mean nothing to the person who filled the table: the file and
	// the messages, which name the indicator or item.
	named := make(jixiao.Problems, len(ps))
	for i, p := range ps {
		named[i] = jixiao.Problem{Path: filepath.Base(f.Name), Message: p.Message}
	}
	return named
}

// Position returns the line and column of a field path in the file, or of
// its nearest ancestor that is present (0, 0 when unknown).
func (f *File) Position(path string) (line, col int) {
	if f.doc == nil {
		return 0, 0
	}
	return f.doc.Locate(path)
}

// Prepare works out in one pass where the paths are that Position will be
// asked for (see yamlcodec.Doc.Prepare).
func (f *File) Prepare(paths []string) {
	if f.doc != nil {
		f.doc.Prepare(paths)
	}
}

// Load reads and validates the case file at path. Errors are
// yamlcodec.Errors naming the file, line:column and field, in Chinese.
func Load(path string) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if st.IsDir() {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 是目录，不是案例文件", path)
	}
	if st.Size() > MaxSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 过大（%d 字节），案例文件不能超过 %d MiB", path, st.Size(), MaxSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return Parse(path, data)
}

// Parse decodes and validates a case from data; name is used in messages
// and its extension is not significant (YAML is a superset of JSON).
func Parse(name string, data []byte) (*File, error) {
	return ParseLimits(name, data, yamlcodec.DefaultLimits)
}

// ParseLimits is Parse under other document limits (the server's
// yamlcodec.RequestLimits for cases that arrive over the network).
//
// Text in UTF-16 (with its byte-order mark) or GBK is decoded first, to at
// most MaxSize bytes of UTF-8. Every problem of the file is reported at
// once: wrong types and unknown fields (the decoder's) together with the
// rules of the case (validation), except rules about fields the decoder
// already refused.
func ParseLimits(name string, data []byte, lim yamlcodec.Limits) (*File, error) {
	text, enc, err := textenc.DecodeBytes(data, MaxSize)
	switch {
	case errors.Is(err, textenc.ErrTooLarge):
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 转换为 UTF-8 后超过 %d MiB，案例文件不能超过 %d MiB", name, MaxSize>>20, MaxSize>>20)
	case err != nil:
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是文本格式的案例文件（应为 YAML 或 JSON，编码为 UTF-8、UTF-16 或 GBK）%s", name, hint(name))
	}
	var ev jixiao.Evaluation
	doc, err := yamlcodec.DecodeLimits(name, text, &ev, lim)
	var es yamlcodec.Errors
	if err != nil && (doc == nil || !errors.As(err, &es)) {
		return nil, err // not read at all (syntax, limits)
	}
	if err := withValidation(name, doc, es, ev.Validate()); err != nil {
		return nil, err
	}
	return &File{Name: name, Evaluation: &ev, Encoding: enc, doc: doc}, nil
}

// withValidation reports the decoder's errors es of doc together with the
// problems verr (a Validate's result) found, placed on their lines, except
// problems of fields the decoder already refused; nil when there are none.
func withValidation(name string, doc *yamlcodec.Doc, es yamlcodec.Errors, verr error) error {
	var ps jixiao.Problems
	if verr != nil && !errors.As(verr, &ps) {
		return verr
	}
	// A decoder that gave up (too many errors) has said enough.
	if ps = es.Without(ps); len(ps) > 0 && len(es) <= yamlcodec.MaxErrors {
		es = append(es, doc.Problems(ps)...)
		es.Sort()
		if len(es) > yamlcodec.MaxErrors {
			es = append(es[:yamlcodec.MaxErrors:yamlcodec.MaxErrors], &yamlcodec.Error{File: name, Message: "错误过多，其余未列出"})
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

func fileError(path string, err error) error {
	if os.IsNotExist(err) {
		return jixiao.Errorf(jixiao.ENOTFOUND, "找不到文件 %s", path)
	}
	if os.IsPermission(err) {
		return jixiao.Errorf(jixiao.EINVALID, "没有权限读取文件 %s", path)
	}
	return jixiao.Errorf(jixiao.EINVALID, "无法读取文件 %s：%v", path, err)
}

func hint(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xls", ".docx", ".doc", ".pdf":
		return fmt.Sprintf("；%s 文件请先转换为案例文件", filepath.Ext(name))
	}
	return ""
}

// SchemaID is the $id of the case format's JSON Schema.
const SchemaID = "https://jixiao.example/schema/jixiao-case-1.json"

// Schema returns the JSON Schema of the case format.
func Schema() ([]byte, error) {
	return yamlcodec.Schema(reflect.TypeFor[jixiao.Evaluation](), SchemaID, "jixiao 案例文件（jixiao-case/1）")
}

// Reference returns the Markdown field reference of the case format.
func Reference() string { return yamlcodec.Reference(reflect.TypeFor[jixiao.Evaluation]()) }

// Encode writes a case in the format of name's extension: JSON for .json,
// YAML otherwise. What it writes, Parse reads back to the same case.
func Encode(name string, ev *jixiao.Evaluation) ([]byte, error) {
	c := *ev
	c.Format = jixiao.CaseFormat
	if strings.EqualFold(filepath.Ext(name), ".json") {
		b, err := json.MarshalIndent(&c, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(b, '\n'), nil
	}
	b, err := yamlcodec.Encode(&c)
	if err != nil {
		return nil, err
	}
	return append([]byte("# jixiao 案例文件（jixiao-case/1），格式说明见 docs/case-format.md\n"), b...), nil
}
