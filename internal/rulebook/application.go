package rulebook

import (
	"embed"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

//go:embed application/*.yaml
var applicationFS embed.FS

// DefaultApplication is the built-in results-application rules used when
// none is named.
const DefaultApplication = "results-2020"

// ApplicationBuiltin lists the names of the embedded results-application
// rules, sorted.
func ApplicationBuiltin() []string {
	entries, _ := fs.ReadDir(applicationFS, "application")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// ApplicationSource returns the YAML text of built-in results-application
// rules.
func ApplicationSource(name string) ([]byte, bool) {
	if strings.ContainsAny(name, `/\`) {
		return nil, false
	}
	data, err := applicationFS.ReadFile("application/" + name + ".yaml")
	return data, err == nil
}

// LoadApplication returns the results-application rules named ref: a
// built-in name (see ApplicationBuiltin), or the path of a YAML file when
// files is true. "" is DefaultApplication.
func LoadApplication(ref string, files bool) (*jixiao.ApplicationRules, error) {
	if ref == "" {
		ref = DefaultApplication
	}
	if data, ok := ApplicationSource(ref); ok {
		return ParseApplication("内置结果应用规则 "+ref, data)
	}
	if !files {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "“%s”不是内置结果应用规则（内置：%s）", ref, strings.Join(ApplicationBuiltin(), "、"))
	}
	f, err := os.Open(ref)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "找不到结果应用规则“%s”：既不是内置规则（%s），也不是存在的文件", ref, strings.Join(ApplicationBuiltin(), "、"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(Limits.Bytes)+1))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取结果应用规则文件“%s”", ref)
	}
	return ParseApplication(ref, data)
}

// ParseApplication reads results-application rules from YAML or JSON,
// bounded by Limits (as rulebooks are), and validates them; errors name
// the file, line:column and field.
func ParseApplication(name string, data []byte) (*jixiao.ApplicationRules, error) {
	var a jixiao.ApplicationRules
	doc, err := yamlcodec.DecodeLimits(name, data, &a, Limits)
	if err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		if ps, ok := err.(jixiao.Problems); ok {
			return nil, doc.Problems(ps)
		}
		return nil, err
	}
	return &a, nil
}
