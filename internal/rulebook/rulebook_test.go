package rulebook_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
)

func TestBuiltins(t *testing.T) {
	names := rulebook.Builtin()
	if strings.Join(names, ",") != "anhui-2022,chongqing-2022,mof-2020,ningxia-2022,shanxi-2021,shijiazhuang-2024,sichuan-2022,yunnan-2022" {
		t.Fatalf("builtins = %v", names)
	}
	for _, n := range names {
		rb, err := rulebook.Load(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if rb.Name != n || rb.Title == "" || rb.Version == "" || rb.Source == "" {
			t.Errorf("%s lacks its identity: %+v", n, rb)
		}
	}
}

func TestMOF2020(t *testing.T) {
	rb, err := rulebook.Load("mof-2020")
	if err != nil {
		t.Fatal(err)
	}
	if rb.GradesText() != "得分≥90分为优；80≤得分＜90分为良；60≤得分＜80分为中；得分＜60分为差" {
		t.Errorf("grades %s", rb.GradesText())
	}
	p := rb.Project
	if !p.Execution.Weight.Equal(jixiao.Dec("10")) || len(p.Groups) != 3 {
		t.Fatalf("layout %+v", p)
	}
	for i, w := range []string{"50", "30", "10"} {
		if !p.Groups[i].Weight.Equal(jixiao.Dec(w)) {
			t.Errorf("group %s weight %s, want %s", p.Groups[i].Name, p.Groups[i].Weight, w)
		}
	}
	if !p.Groups[2].Optional || !rb.ThetaOrDefault().Equal(jixiao.Dec("0.2")) {
		t.Error("满意度 must be optional and θ 0.2")
	}
	if rb.FindTier("部分达成") == nil || rb.FindTier("达成预期指标") == nil || rb.FindTier("优秀") != nil {
		t.Error("tier aliases")
	}
	if rb.Department != nil {
		t.Error("mof-2020 scores projects only")
	}
}

// shijiazhuang-2024 extends mof-2020: it replaces the grades and adds a
// department layout, and keeps the national project rules.
func TestExtends(t *testing.T) {
	rb, err := rulebook.Load("shijiazhuang-2024")
	if err != nil {
		t.Fatal(err)
	}
	if rb.GradesText() != "得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差" {
		t.Errorf("grades %s", rb.GradesText())
	}
	if rb.Department == nil || rb.Department.Kind != jixiao.LayoutGoals || rb.Department.GoalRubric.Kind != jixiao.RubricDeductions {
		t.Errorf("department %+v", rb.Department)
	}
	if rb.Project == nil || len(rb.Project.Groups) != 3 || len(rb.Tiers) != 3 {
		t.Error("project rules and tiers should be inherited from mof-2020")
	}
}

func write(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUserRulebookFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "base.yaml", `name: base
grades: [{name: 合格, min: 60}, {name: 不合格}]
project:
  kind: indicators
  execution: {weight: 10}
  groups: [{name: 产出指标, weight: 60}, {name: 效益指标, weight: 30}]
`)
	p := write(t, dir, "local.yaml", `name: 四川某县-2023
extends: base.yaml
theta: 0.3
rounding: {score: 1, total: 1, rate: 2, amount: 2}
`)
	rb, err := rulebook.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Name != "四川某县-2023" || !rb.Theta.Equal(jixiao.Dec("0.3")) || rb.Project.Groups[0].Weight.String() != "60" || rb.Grade(jixiao.Dec("60")) != "合格" {
		t.Errorf("loaded %+v", rb)
	}
	if rb.RoundingPolicy().Score != 1 {
		t.Errorf("rounding %+v", rb.RoundingPolicy())
	}
}

func TestBadRulebookFiles(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, src, want string }{
		{"typo.yaml", "name: x\ngrads: []\n", "typo.yaml:2:1: 未知字段“grads”，是否应为“grades”（评价等级）？"},
		{"weight.yaml", "name: x\ngrades: [{name: 优, min: 九十}]\nproject: {kind: indicators, groups: [{name: 产出, weight: 50}]}\n",
			"weight.yaml:2:25: 字段 grades[0].min（最低分（含））：应为数字，实际为文本“九十”"},
		{"kind.yaml", "name: x\ngrades: [{name: 优}]\nproject: {kind: indicators, groups: [{name: 产出, weight: 50}], rubrics: {positive: {kind: 比例}}}\n",
			"kind.yaml:3:90: 字段 project.rubrics.positive.kind（评分方法）：评分方法“比例”不存在"},
		{"invalid.yaml", "name: x\ngrades: [{name: 优}]\nproject: {kind: tree}\n", "评分规则“"},
		{"loop.yaml", "name: x\nextends: loop.yaml\n", "继承（extends）层数过多"},
		{"base.yaml", "name: x\nextends: nowhere.yaml\n", "找不到评分规则“nowhere.yaml”"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := rulebook.Load(write(t, dir, c.name, c.src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
	if _, err := rulebook.Load("no-such-rulebook"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND || !strings.Contains(err.Error(), "mof-2020、ningxia-2022、shanxi-2021、shijiazhuang-2024") {
		t.Errorf("unknown name: %v", err)
	}
}

// TestCanonicalRoundTrip: a rulebook written by Canonical (bases merged
// in) reads back, without its bases, to an equal rulebook.
func TestCanonicalRoundTrip(t *testing.T) {
	dir := t.TempDir()
	user := write(t, dir, "local.yaml", "name: 某县-2025\nextends: mof-2020\ngrades: [{name: 优秀, min: 95}, {name: 合格, min: 60}, {name: 不合格}]\ntheta: 0.25\n")
	for _, ref := range append(rulebook.Builtin(), user) {
		rb, err := rulebook.Load(ref)
		if err != nil {
			t.Fatal(err)
		}
		src, err := rulebook.Canonical(rb)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "extends") {
			t.Errorf("%s: canonical form extends a base:\n%s", ref, src)
		}
		back, err := rulebook.Parse("stored", src, nil)
		if err != nil {
			t.Fatalf("%s: %v\n%s", ref, err, src)
		}
		want := *rb
		want.Extends = ""
		if !reflect.DeepEqual(back, &want) {
			t.Errorf("%s: canonical form reads back different:\n%s", ref, src)
		}
		again, _ := rulebook.Canonical(back)
		if string(again) != string(src) {
			t.Errorf("%s: canonical form is not stable", ref)
		}
	}
}

// TestParseReadsNoFiles: a rulebook read from bytes may extend built-in
// rulebooks and those its caller provides, never a file.
func TestParseReadsNoFiles(t *testing.T) {
	dir := t.TempDir()
	secret := write(t, dir, "secret.yaml", "name: secret\ngrades: [{name: 优}]\n")
	for _, ref := range []string{secret, "secret.yaml", "/etc/passwd"} {
		_, err := rulebook.Parse("上传的规则", []byte("name: x\nextends: "+ref+"\n"), nil)
		if jixiao.ErrorCode(err) != jixiao.ENOTFOUND || !strings.Contains(err.Error(), "只能继承内置规则") {
			t.Errorf("extends %s: %v", ref, err)
		}
	}
	rb, err := rulebook.Parse("上传的规则", []byte("name: x\nextends: base@1\ntheta: 0.3\n"), func(ref string) ([]byte, bool) {
		if ref == "base@1" {
			return []byte("name: base\nextends: mof-2020\ngrades: [{name: 好, min: 70}, {name: 差}]\n"), true
		}
		return nil, false
	})
	if err != nil || rb.Grade(jixiao.Dec("75")) != "好" || !rb.Theta.Equal(jixiao.Dec("0.3")) {
		t.Errorf("extends a provided base: %v", err)
	}
	if _, err := rulebook.LoadBuiltin(secret); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		t.Errorf("LoadBuiltin of a file: %v", err)
	}
}

// TestParseBounded: bytes from anyone are bounded before they are parsed.
func TestParseBounded(t *testing.T) {
	_, err := rulebook.Parse("上传的规则", []byte("name: x\ngrades: "+strings.Repeat("[", 10_000)), nil)
	if err == nil || !strings.Contains(err.Error(), "嵌套层数超过 32 层") {
		t.Errorf("nested: %v", err)
	}
}

// TestMeasureCitation: a report cites mof-2020 by the measure's official
// title and number; a rulebook extending it does not inherit the measure
// and is cited by its own title unless it names one; a measure without a
// title is refused.
func TestMeasureCitation(t *testing.T) {
	cases := map[string]string{
		"mof-2020":          "《项目支出绩效评价管理办法》（财预〔2020〕10号）",
		"sichuan-2022":      "四川省部门预算项目支出绩效自评（预算执行情况10分，绩效指标90分）",
		"shijiazhuang-2024": "石家庄市部门整体支出绩效自评（2024年度）",
		"anhui-2022":        "项目支出绩效自评（安徽、云南、山西，得分保留一位小数）",
	}
	for name, want := range cases {
		rb, err := rulebook.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := rb.Citation(); got != want {
			t.Errorf("%s cited as %q, want %q", name, got, want)
		}
	}
	dir := t.TempDir()
	own := write(t, dir, "own.yaml", "name: 某省-2025\ntitle: 某省项目支出绩效自评\nextends: mof-2020\nmeasure: {title: 《某省项目支出绩效评价实施细则》, number: 某财绩〔2025〕1号}\n")
	rb, err := rulebook.Load(own)
	if err != nil {
		t.Fatal(err)
	}
	if got := rb.Citation(); got != "《某省项目支出绩效评价实施细则》（某财绩〔2025〕1号）" {
		t.Errorf("own measure cited as %q", got)
	}
	untitled := write(t, dir, "untitled.yaml", "name: x\nextends: mof-2020\nmeasure: {title: 《》, number: 某财绩〔2025〕1号}\n")
	if _, err := rulebook.Load(untitled); err == nil || !strings.Contains(err.Error(), "measure.title") || !strings.Contains(err.Error(), "所依据的办法须写明文件标题") {
		t.Errorf("measure without a title: %v", err)
	}
}

// TestLoadBuiltinOnce: a built-in rulebook is parsed once; later calls
// return the same value without allocating, and equal what Load parses.
func TestLoadBuiltinOnce(t *testing.T) {
	a, err := rulebook.LoadBuiltin("shijiazhuang-2024")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := rulebook.LoadBuiltin("shijiazhuang-2024")
	if a != b {
		t.Fatal("parsed twice")
	}
	fresh, _ := rulebook.Load("shijiazhuang-2024")
	if !reflect.DeepEqual(a, fresh) {
		t.Fatal("the shared rulebook differs from a freshly parsed one")
	}
	if n := testing.AllocsPerRun(100, func() { rulebook.LoadBuiltin("shijiazhuang-2024") }); n != 0 {
		t.Fatalf("%v allocations per call", n)
	}
	if _, err := rulebook.LoadBuiltin("../x"); err == nil {
		t.Fatal("a path was accepted as a built-in name")
	}
}

// BenchmarkBuiltinRulebook loads the built-in rulebook a server scores
// with on each request: parsed (before: every scorecard request did this)
// and shared (LoadBuiltin after its first call). Run it with
//
//	go test ./internal/rulebook -run '^$' -bench BuiltinRulebook -benchmem -count 3
//
// Measured on 2 shared, loaded cores (-count 3):
//
//	parse   1.22–1.29 ms/op  523 kB/op  8,822 allocs/op
//	shared  13–36 ns/op          0 B/op      0 allocs/op
func BenchmarkBuiltinRulebook(b *testing.B) {
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rulebook.Load("shijiazhuang-2024"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shared", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rulebook.LoadBuiltin("shijiazhuang-2024"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
