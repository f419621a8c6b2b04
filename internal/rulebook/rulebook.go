// Package rulebook loads rulebooks: the built-in ones embedded in the
// binary and user-supplied YAML files, with inheritance (extends) and
// validation. Rulebook files use the same strict decoder as case files, so
// their errors name the file, line:column and field in Chinese.
package rulebook

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

//go:embed rulebooks/*.yaml
var builtin embed.FS

// Builtin lists the names of the embedded rulebooks, sorted.
func Builtin() []string {
	entries, _ := fs.ReadDir(builtin, "rulebooks")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Source returns the YAML text of a built-in rulebook.
func Source(name string) ([]byte, bool) {
	data, err := builtin.ReadFile("rulebooks/" + name + ".yaml")
	return data, err == nil
}

// Load returns the rulebook named ref: a built-in name (see Builtin) or the
// path of a YAML file.
func Load(ref string) (*jixiao.Rulebook, error) {
	return resolve(ref, "", read)
}

// LoadBuiltin returns a built-in rulebook; it never reads a file (the
// server's loader: a name in a case must not open files on the server).
// Each built-in rulebook is parsed once per process and the same value is
// returned to every caller, who must not change it (a built-in name is its
// version: mof-2020, shijiazhuang-2024).
func LoadBuiltin(name string) (*jixiao.Rulebook, error) {
	if rb, ok := parsed.Load(name); ok {
		return rb.(*jixiao.Rulebook), nil
	}
	if !IsBuiltin(name) {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "“%s”不是内置评分规则（内置规则：%s）", name, strings.Join(Builtin(), "、"))
	}
	rb, err := Load(name)
	if err != nil {
		return nil, err
	}
	parsed.Store(name, rb) // built-in names only: a handful of entries
	return rb, nil
}

// parsed holds the built-in rulebooks parsed so far, by name.
var parsed sync.Map

// IsBuiltin reports whether name is a built-in rulebook.
func IsBuiltin(name string) bool {
	return builtinNames()[name] // a batch asks once per case: no file is opened
}

// builtinNames is the set of Builtin's names, made once.
var builtinNames = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, n := range Builtin() {
		set[n] = true
	}
	return set
})

// Parse reads a rulebook from data, the content of a file called name. A
// base it extends is a built-in rulebook or one that base returns (base
// may be nil: built-in bases only); nothing is read from files.
//
// data is bounded by Limits before it is parsed (a rulebook is a few
// hundred values; these bytes may come from anyone).
func Parse(name string, data []byte, base func(ref string) ([]byte, bool)) (*jixiao.Rulebook, error) {
	if err := yamlcodec.Guard(name, data, Limits); err != nil {
		return nil, err
	}
	src := func(ref, dir string) (string, []byte, error) {
		if ref == name && dir == "" {
			return name, data, nil
		}
		if d, ok := Source(ref); ok && IsBuiltin(ref) {
			return "内置规则 " + ref, d, nil
		}
		if base != nil {
			if d, ok := base(ref); ok {
				return "评分规则 " + ref, d, nil
			}
		}
		return "", nil, jixiao.Errorf(jixiao.ENOTFOUND, "找不到评分规则“%s”所继承的“%s”：只能继承内置规则（%s）或服务器上已保存的规则", name, ref, strings.Join(Builtin(), "、"))
	}
	return resolve(name, "", src)
}

// Limits bound a rulebook read from bytes: far below a case.
var Limits = yamlcodec.Limits{Bytes: 1 << 20, Depth: 32, Nodes: 20_000, Aliases: 100}

// Canonical writes a loaded rulebook as one self-contained YAML document:
// its bases merged in (no extends), every field as loaded. Parse reads it
// back to an equal rulebook, so that a rulebook stored in this form scores
// the same wherever and whenever it is read.
func Canonical(rb *jixiao.Rulebook) ([]byte, error) {
	flat := *rb
	flat.Extends = ""
	return yamlcodec.Encode(&flat)
}

// source reads a rulebook's document by reference (dir resolves relative
// references of a file's base).
type source func(ref, dir string) (name string, data []byte, err error)

func resolve(ref, dir string, src source) (*jixiao.Rulebook, error) {
	rb := &jixiao.Rulebook{}
	if err := load(ref, dir, rb, 0, src); err != nil {
		return nil, err
	}
	if err := rb.Validate(); err != nil {
		if ps, ok := err.(jixiao.Problems); ok {
			return nil, jixiao.Errorf(jixiao.EINVALID, "评分规则“%s”有误：\n%s", ref, ps.Error())
		}
		return nil, err
	}
	return rb, nil
}

// load decodes ref over rb after decoding the rulebook it extends, so that
// the fields ref gives replace its base's. dir resolves relative paths of a
// file's base.
func load(ref, dir string, rb *jixiao.Rulebook, depth int, src source) error {
	if depth > 8 {
		return jixiao.Errorf(jixiao.EINVALID, "评分规则“%s”的继承（extends）层数过多，可能存在循环继承", ref)
	}
	name, data, err := src(ref, dir)
	if err != nil {
		return err
	}
	// Peek at the extends key (leniently: the strict decode below reports
	// any error), so that the base is decoded before ref overrides it.
	var head struct {
		Extends       string           `yaml:"extends"`
		Grades        []any            `yaml:"grades"`
		Project       map[string]any   `yaml:"project"`
		Department    map[string]any   `yaml:"department"`
		ProjectGrades []map[string]any `yaml:"project_grades"`
	}
	if err := yamlcodec.Guard(name, data, yamlcodec.DefaultLimits); err != nil {
		return err
	}
	_ = yaml.Unmarshal(data, &head)
	if base := strings.TrimSpace(head.Extends); base != "" {
		if err := load(base, filepath.Dir(name), rb, depth+1, src); err != nil {
			return err
		}
		// A department rulebook that changes the grades but keeps its
		// base's project rules grades projects as its base does (a project
		// rulebook's grades are for projects).
		if head.Grades != nil && head.Department != nil && head.Project == nil && head.ProjectGrades == nil && len(rb.ProjectGrades) == 0 {
			rb.ProjectGrades = rb.Grades
		}
	}
	rb.Extends = ""
	rb.Measure = nil // a rulebook's measure is its own: not inherited
	if _, err := yamlcodec.Decode(name, data, rb); err != nil {
		return err
	}
	return nil
}

func read(ref, dir string) (name string, data []byte, err error) {
	if data, ok := Source(ref); ok && !strings.ContainsAny(ref, `/\`) {
		return "内置规则 " + ref, data, nil
	}
	path := ref
	if dir != "" && !filepath.IsAbs(path) {
		if _, err := os.Stat(filepath.Join(dir, path)); err == nil {
			path = filepath.Join(dir, path)
		}
	}
	data, err = os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return "", nil, jixiao.Errorf(jixiao.ENOTFOUND, "找不到评分规则“%s”：既不是内置规则（%s），也不是存在的文件", ref, strings.Join(Builtin(), "、"))
		}
		return "", nil, jixiao.Errorf(jixiao.EINVALID, "无法读取评分规则文件 %s：%v", path, err)
	}
	return path, data, nil
}
