// Package monitoring reads the data of mid-year monitoring (绩效运行监控):
// the built-in warning rules and working-day calendar, embedded as YAML
// with their versions and public sources, and rule, calendar and
// monitoring-round files in YAML or JSON, each bounded before it is
// parsed and decoded strictly (errors name the file, line:column and
// field in Chinese).
package monitoring

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

//go:embed rules/*.yaml calendars/*.yaml
var builtin embed.FS

// DefaultRules is the built-in rules a round that names none is checked by.
const DefaultRules = "sichuan-2025"

// DefaultCalendar is the built-in calendar of national holidays.
const DefaultCalendar = "cn"

// MaxFileBytes bounds a round, rules or calendar file: a round of about
// 20,000 projects of 10 indicators fits.
const MaxFileBytes = 32 << 20

// limits bound the YAML parser for a round file.
var limits = yamlcodec.Limits{Bytes: MaxFileBytes, Depth: 32, Nodes: 2_000_000, Aliases: 100}

// smallLimits bound rules and calendar files: a few hundred values.
var smallLimits = yamlcodec.Limits{Bytes: 1 << 20, Depth: 16, Nodes: 20_000, Aliases: 100}

// RuleNames lists the built-in warning rules.
func RuleNames() []string { return names("rules") }

func names(dir string) []string {
	entries, _ := fs.ReadDir(builtin, dir)
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// RulesSource is the YAML text of built-in rules.
func RulesSource(name string) ([]byte, bool) {
	if strings.ContainsAny(name, `/\`) {
		return nil, false
	}
	data, err := builtin.ReadFile("rules/" + name + ".yaml")
	return data, err == nil
}

// BuiltinRules returns built-in warning rules by name ("" for DefaultRules).
func BuiltinRules(name string) (*jixiao.MonitorRules, error) {
	if name == "" {
		name = DefaultRules
	}
	data, ok := RulesSource(name)
	if !ok {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "“%s”不是内置的监控预警规则（内置规则：%s）", name, strings.Join(RuleNames(), "、"))
	}
	return ParseRules("内置预警规则 "+name, data)
}

// LoadRules returns the rules ref names: built-in rules or a rules file.
func LoadRules(ref string) (*jixiao.MonitorRules, error) {
	if _, ok := RulesSource(ref); ok || ref == "" {
		return BuiltinRules(ref)
	}
	data, err := readFile(ref, "预警规则文件", smallLimits.Bytes)
	if err != nil {
		return nil, err
	}
	return ParseRules(ref, data)
}

// ParseRules decodes and validates warning rules; file names the document
// in errors.
func ParseRules(file string, data []byte) (*jixiao.MonitorRules, error) {
	var m jixiao.MonitorRules
	if _, err := yamlcodec.DecodeLimits(file, data, &m, smallLimits); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, invalid("预警规则", file, err)
	}
	return &m, nil
}

// Calendar returns the built-in calendar of national holidays.
func Calendar() (*jixiao.Calendar, error) {
	data, err := builtin.ReadFile("calendars/" + DefaultCalendar + ".yaml")
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "内置日历缺失")
	}
	return ParseCalendar("内置日历 "+DefaultCalendar, data)
}

// LoadCalendar returns the calendar file at path, or the built-in one
// when path is empty.
func LoadCalendar(path string) (*jixiao.Calendar, error) {
	if path == "" {
		return Calendar()
	}
	data, err := readFile(path, "日历文件", smallLimits.Bytes)
	if err != nil {
		return nil, err
	}
	return ParseCalendar(path, data)
}

// ParseCalendar decodes a calendar and checks it (Compile).
func ParseCalendar(file string, data []byte) (*jixiao.Calendar, error) {
	var c jixiao.Calendar
	if _, err := yamlcodec.DecodeLimits(file, data, &c, smallLimits); err != nil {
		return nil, err
	}
	if _, err := c.Compile(); err != nil {
		return nil, invalid("日历", file, err)
	}
	return &c, nil
}

// ParseRound decodes and validates a monitoring round from YAML or JSON.
func ParseRound(file string, data []byte) (*jixiao.MonitorRound, error) {
	var r jixiao.MonitorRound
	doc, err := yamlcodec.DecodeLimits(file, data, &r, limits)
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

// ReadRound reads a round file, refusing one over MaxFileBytes before
// reading it whole.
func ReadRound(path string) (*jixiao.MonitorRound, error) {
	data, err := readFile(path, "监控文件", MaxFileBytes)
	if err != nil {
		return nil, err
	}
	return ParseRound(path, data)
}

// EncodeRound writes a round as YAML that ParseRound reads back.
func EncodeRound(r *jixiao.MonitorRound) ([]byte, error) { return yamlcodec.Encode(r) }

func readFile(path, what string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "无法打开%s“%s”", what, path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取%s“%s”", what, path)
	}
	if len(data) > limit {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s“%s”超过 %s 的上限", what, path, jixiao.SizeText(int64(limit)))
	}
	return data, nil
}

func invalid(what, file string, err error) error {
	if ps, ok := err.(jixiao.Problems); ok {
		return jixiao.Errorf(jixiao.EINVALID, "%s“%s”有误：\n%s", what, file, ps.Error())
	}
	return err
}
