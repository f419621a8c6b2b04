package caseio

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"jixiao"
	"jixiao/internal/textenc"
	"jixiao/internal/yamlcodec"
)

// DeclarationFile is a performance-goal declaration (绩效目标申报) read
// from a file, with where each of its fields was.
type DeclarationFile struct {
	Name        string
	Declaration *jixiao.Declaration
	Encoding    textenc.Encoding
	doc         *yamlcodec.Doc
}

// Position returns the line and column of a field path in the file, or of
// its nearest ancestor that is present (0, 0 when unknown).
func (f *DeclarationFile) Position(path string) (line, col int) {
	if f.doc == nil {
		return 0, 0
	}
	return f.doc.Locate(path)
}

// Locate turns jixiao.Problems into errors naming the file, line:column
// and field; other errors pass unchanged.
func (f *DeclarationFile) Locate(err error) error {
	if ps, ok := err.(jixiao.Problems); ok && f.doc != nil {
		return f.doc.Problems(ps)
	}
	return err
}

// LoadDeclaration reads and validates the declaration file at path, under
// the size cap of case files.
func LoadDeclaration(path string) (*DeclarationFile, error) {
	data, err := readCapped(path, "申报文件")
	if err != nil {
		return nil, err
	}
	return ParseDeclaration(path, data)
}

// readCapped reads a file of at most MaxSize bytes, refusing a larger one
// before reading it.
func readCapped(path, what string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if st.IsDir() {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 是目录，不是%s", path, what)
	}
	if st.Size() > MaxSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 过大（%d 字节），%s不能超过 %d MiB", path, st.Size(), what, MaxSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return data, nil
}

// ParseDeclaration decodes and validates a declaration from data (YAML or
// JSON; UTF-8, UTF-16 or GBK), under the limits of case files. Every
// problem is reported at once, naming the file, line:column and field.
func ParseDeclaration(name string, data []byte) (*DeclarationFile, error) {
	text, enc, err := textenc.Decode(data, MaxSize)
	switch {
	case errors.Is(err, textenc.ErrTooLarge):
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 转换为 UTF-8 后超过 %d MiB，申报文件不能超过 %d MiB", name, MaxSize>>20, MaxSize>>20)
	case err != nil:
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是文本格式的申报文件（应为 YAML 或 JSON，编码为 UTF-8、UTF-16 或 GBK）%s", name, hint(name))
	}
	var d jixiao.Declaration
	doc, err := yamlcodec.DecodeLimits(name, []byte(text), &d, yamlcodec.DefaultLimits)
	var es yamlcodec.Errors
	if err != nil && (doc == nil || !errors.As(err, &es)) {
		return nil, err
	}
	if err := withValidation(name, doc, es, d.Validate()); err != nil {
		return nil, err
	}
	return &DeclarationFile{Name: name, Declaration: &d, Encoding: enc, doc: doc}, nil
}

// EncodeDeclaration writes a declaration in the format of name's
// extension: JSON for .json, YAML otherwise. ParseDeclaration reads it
// back to the same declaration.
func EncodeDeclaration(name string, d *jixiao.Declaration) ([]byte, error) {
	c := *d
	c.Format = jixiao.DeclarationFormat
	if strings.EqualFold(filepath.Ext(name), ".json") {
		b, err := json.MarshalIndent(&c, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(b, '\n'), nil
	}
	return yamlcodec.Encode(&c)
}

// DeclarationSchemaID is the $id of the declaration format's JSON Schema.
const DeclarationSchemaID = "https://jixiao.example/schema/jixiao-declaration-1.json"

// DeclarationSchema returns the JSON Schema of the declaration format.
func DeclarationSchema() ([]byte, error) {
	return yamlcodec.Schema(reflect.TypeFor[jixiao.Declaration](), DeclarationSchemaID, "jixiao 绩效目标申报文件（jixiao-declaration/1）")
}

// DeclarationReference returns the Markdown field reference of the
// declaration format.
func DeclarationReference() string { return yamlcodec.Reference(reflect.TypeFor[jixiao.Declaration]()) }
