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
	rb := &jixiao.Rulebook{}
	if err := load(ref, "", rb, 0); err != nil {
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
func load(ref, dir string, rb *jixiao.Rulebook, depth int) error {
	if depth > 8 {
		return jixiao.Errorf(jixiao.EINVALID, "评分规则“%s”的继承（extends）层数过多，可能存在循环继承", ref)
	}
	name, data, err := read(ref, dir)
	if err != nil {
		return err
	}
	// Peek at the extends key (leniently: the strict decode below reports
	// any error), so that the base is decoded before ref overrides it.
	var head struct {
		Extends string `yaml:"extends"`
	}
	if err := yamlcodec.Guard(name, data, yamlcodec.DefaultLimits); err != nil {
		return err
	}
	_ = yaml.Unmarshal(data, &head)
	if base := strings.TrimSpace(head.Extends); base != "" {
		if err := load(base, filepath.Dir(name), rb, depth+1); err != nil {
			return err
		}
	}
	rb.Extends = ""
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
