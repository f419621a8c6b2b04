package caseio_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/yamlcodec"
)

const valid = `format: jixiao-case/1
subject: project
year: 2024
org:
  name: 某局
projects:
  - name: 培训项目
    budget: {initial: "1,234.50", adjusted: １２００, final: 1000.10}
    indicators:
      - level1: 产出指标
        name: 培训人次
        target: ≥500人次
        actual: 450
        weight: "１０"
`

func TestParseValid(t *testing.T) {
	f, err := caseio.Parse("ok.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Evaluation.Projects[0]
	if !p.Budget.Initial.Equal(jixiao.Dec("1234.5")) || !p.Budget.Adjusted.Equal(jixiao.Dec("1200")) {
		t.Errorf("budget = %s / %s", p.Budget.Initial, p.Budget.Adjusted)
	}
	// Decimals come from the document's text, not through float64.
	if p.Budget.Final.String() != "1000.1" {
		t.Errorf("final = %s", p.Budget.Final)
	}
	in := p.Indicators[0]
	if in.Target.Text != "≥500人次" || in.EffectiveOp() != jixiao.OpGE || !in.Weight.Equal(jixiao.Dec("10")) {
		t.Errorf("indicator = %+v", in)
	}
	if in.Actual.Text != "450" || !in.Actual.Numeric {
		t.Errorf("actual = %+v", in.Actual)
	}
}

// errorsOf parses src and returns its positioned errors.
func errorsOf(t *testing.T, name, src string) yamlcodec.Errors {
	t.Helper()
	_, err := caseio.Parse(name, []byte(src))
	if err == nil {
		t.Fatalf("Parse(%s) succeeded, want errors", name)
	}
	var es yamlcodec.Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %T %v is not yamlcodec.Errors", err, err)
	}
	return es
}

func TestMalformedCaseErrors(t *testing.T) {
	src := `subject: project
year: 2024
org:
  name: 某局
  headcount: 一千人
projects:
  - name: 培训项目
    indicators:
      - level1: 产出指标
        name: 培训人次
        target: ≥500人次
        weight: 十七
        weigth: 3
      - level1: 产出指标
        target: 100%
    budget: [1, 2]
`
	es := errorsOf(t, "bad.yaml", src)
	want := []string{
		"bad.yaml:5:14: 字段 org.headcount（人员情况）：应为对象（键: 值），实际为文本“一千人”",
		"bad.yaml:12:17: 字段 projects[0].indicators[0].weight（分值）：应为数字，实际为文本“十七”",
		"bad.yaml:13:9: 字段 projects[0].indicators[0]（绩效指标）：未知字段“weigth”，是否应为“weight”（分值）？",
		"bad.yaml:14:9: 字段 projects[0].indicators[1].name（三级指标）：缺少必填字段“name”",
		"bad.yaml:16:13: 字段 projects[0].budget（项目资金）：应为对象（键: 值），实际为列表",
	}
	got := es.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("errors do not contain\n  %s\ngot:\n%s", w, got)
		}
	}
	if len(es) != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", len(es), len(want), got)
	}
}

func TestMissingRequiredTopLevel(t *testing.T) {
	es := errorsOf(t, "m.yaml", "year: 2024\norg: {name: 某局}\n")
	if got := es.Error(); !strings.Contains(got, "m.yaml:1:1: 字段 subject（评价对象）：缺少必填字段“subject”") {
		t.Errorf("got %s", got)
	}
}

func TestWrongScalarTypes(t *testing.T) {
	src := `subject: 项目审计
year: "2024年"
org:
  name: [a, b]
  units_stated: 18.5
`
	got := errorsOf(t, "w.yaml", src).Error()
	for _, w := range []string{
		"w.yaml:1:10: 字段 subject（评价对象）：评价对象应为 department（部门整体支出）或 project（项目支出），实际为“项目审计”",
		"w.yaml:2:7: 字段 year（评价年度）：应为整数，实际为文本“2024年”",
		"w.yaml:4:9: 字段 org.name（单位名称）：应为文本或数字，实际为列表",
		"w.yaml:5:17: 字段 org.units_stated（报告所述下属单位数）：应为整数，实际为数字 18.5",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("errors do not contain\n  %s\ngot:\n%s", w, got)
		}
	}
}

func TestJSONCase(t *testing.T) {
	src := `{
  "subject": "project",
  "year": 2024,
  "org": {"name": "某局"},
  "projects": [{"name": "甲", "indicators": [{"name": "x", "weight": "ten"}]}]
}`
	got := errorsOf(t, "c.json", src).Error()
	if !strings.Contains(got, "c.json:5:69: 字段 projects[0].indicators[0].weight（分值）：应为数字，实际为文本“ten”") {
		t.Errorf("got %s", got)
	}
	ok := strings.Replace(src, `"ten"`, `10`, 1)
	if _, err := caseio.Parse("c.json", []byte(ok)); err != nil {
		t.Errorf("valid JSON: %v", err)
	}
}

func TestSyntaxAndStructureErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"indent.yaml", "subject: project\nyear: 2024\n  org: x\n", "indent.yaml:2:7: YAML/JSON 语法错误"},
		{"dup.yaml", "subject: project\nyear: 2024\nyear: 2025\norg: {name: x}\n", "dup.yaml:3:1: 键“year”重复出现（第一次在第2行第1列）"},
		{"empty.yaml", "# nothing\n", "empty.yaml: 文件为空"},
		{"two.yaml", "subject: project\n---\nyear: 2024\n", "two.yaml: 文件只能包含一个文档"},
		{"list.yaml", "- a\n- b\n", "list.yaml:1:1: 应为对象（键: 值），实际为列表"},
		{"alias.yaml", "subject: project\nyear: 2024\norg: *nope\n", "alias.yaml:3:6: 字段 org（单位基本情况）：别名 *nope 引用的锚点 &nope 不存在"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := errorsOf(t, c.name, c.src).Error()
			if !strings.Contains(got, c.want) {
				t.Errorf("got %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestAnchorsAndBOM(t *testing.T) {
	src := "\ufeffsubject: project\nyear: 2024\norg: &o {name: 某局}\nprojects:\n  - name: 甲\n    department: 某局\n"
	f, err := caseio.Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if f.Evaluation.Org.Name != "某局" {
		t.Errorf("org = %+v", f.Evaluation.Org)
	}
}

func TestValidationProblemsAreLocated(t *testing.T) {
	src := `subject: department
year: 2024
org: {name: 某局}
goals:
  - name: 目标一
    weight: 10
    deductions:
      - points: 1
        reason: 某项目未实施
        projects: [不存在的项目]
`
	got := errorsOf(t, "v.yaml", src).Error()
	want := "v.yaml:10:20: 字段 goals[0].deductions[0].projects[0]（相关项目（名称或编码））：扣分引用的项目“不存在的项目”不在 projects 中（按项目名称或编码匹配）"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestNotACaseFile(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "tables.xlsx")
	if err := os.WriteFile(bin, []byte("PK\x03\x04\x00\x00binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := caseio.Load(bin)
	if err == nil || !strings.Contains(err.Error(), "不是文本格式的案例文件") || !strings.Contains(err.Error(), ".xlsx 文件请先转换") {
		t.Errorf("got %v", err)
	}
	// Neither UTF-8, UTF-16 nor GBK: bytes that GB18030 cannot decode.
	odd := filepath.Join(dir, "odd.yaml")
	if err := os.WriteFile(odd, []byte("name: \x81\x20\xff\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := caseio.Load(odd); err == nil || !strings.Contains(err.Error(), "编码为 UTF-8、UTF-16 或 GBK") {
		t.Errorf("got %v", err)
	}
	if _, err := caseio.Load(filepath.Join(dir, "missing.yaml")); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
}

func TestManyErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("subject: project\nyear: 2024\norg: {name: x}\nprojects:\n  - name: p\n    indicators:\n")
	for i := 0; i < 80; i++ {
		b.WriteString("      - {name: x, weight: abc}\n")
	}
	es := errorsOf(t, "many.yaml", b.String())
	if len(es) != yamlcodec.MaxErrors+1 || !strings.Contains(es[len(es)-1].Message, "错误过多") {
		t.Errorf("got %d errors, last %v", len(es), es[len(es)-1])
	}
}
