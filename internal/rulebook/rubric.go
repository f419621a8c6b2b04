package rulebook

import (
	"embed"
	"io/fs"
	"sort"
	"strings"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// Review rubrics (绩效目标审核规则) score the review of a performance-goal
// declaration and grade it 优/良/中/差. They are a small file type of
// their own: items with points and grade bands, with their public source.

//go:embed rubrics/*.yaml
var rubrics embed.FS

// DefaultRubric is the rubric used when none is named.
const DefaultRubric = "mof-2015-review"

// Rubrics lists the names of the embedded review rubrics, sorted.
func Rubrics() []string {
	entries, _ := fs.ReadDir(rubrics, "rubrics")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// LoadRubric returns the embedded review rubric called name.
func LoadRubric(name string) (*jixiao.ReviewRubric, error) {
	data, err := rubrics.ReadFile("rubrics/" + name + ".yaml")
	if err != nil || strings.ContainsAny(name, `/\`) {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "“%s”不是内置审核规则（内置审核规则：%s）", name, strings.Join(Rubrics(), "、"))
	}
	return ParseRubric("内置审核规则 "+name, data)
}

// ParseRubric reads a review rubric from data, bounded as a rulebook is.
func ParseRubric(name string, data []byte) (*jixiao.ReviewRubric, error) {
	var r jixiao.ReviewRubric
	doc, err := yamlcodec.DecodeLimits(name, data, &r, Limits)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		if ps, ok := err.(jixiao.Problems); ok {
			return nil, doc.Problems(ps)
		}
		return nil, err
	}
	return &r, nil
}
