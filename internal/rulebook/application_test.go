package rulebook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
)

func TestBuiltinApplication(t *testing.T) {
	names := rulebook.ApplicationBuiltin()
	if len(names) == 0 || names[0] != rulebook.DefaultApplication {
		t.Fatalf("built-in results-application rules %v", names)
	}
	a, err := rulebook.LoadApplication("", false)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version == "" || !strings.Contains(a.Source, "中发〔2018〕34号") || !strings.Contains(a.Source, "财预〔2020〕10号") {
		t.Errorf("version %q, source %q", a.Version, a.Source)
	}
	for _, tc := range []struct{ grade, action, amount string }{{"优", "优先保障", "100.00"}, {"良", "保障", "100.00"}, {"中", "压缩", "90.00"}, {"差", "取消", "0.00"}} {
		s, err := a.Suggest(tc.grade, jixiao.Dec("100"), 2)
		if err != nil || s.Action != tc.action || jixiao.Fixed(s.Amount, 2) != tc.amount {
			t.Errorf("%s: %+v %v", tc.grade, s, err)
		}
	}
	if _, err := rulebook.LoadApplication("../rulebooks/mof-2020", false); err == nil || !strings.Contains(err.Error(), "不是内置结果应用规则") {
		t.Errorf("path as a built-in name: %v", err)
	}
}

func TestApplicationFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "本地.yaml")
	if err := os.WriteFile(good, []byte("name: 本地\nversion: \"2025.1\"\nsource: 某市结果应用办法\nrules:\n  - {grade: 中, action: 压缩, change: -0.2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := rulebook.LoadApplication(good, true)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := a.Suggest("中", jixiao.Dec("50"), 2); jixiao.Fixed(s.Amount, 2) != "40.00" {
		t.Errorf("suggested %s", s.Amount)
	}
	if _, err := rulebook.LoadApplication(good, false); err == nil {
		t.Error("a file was read when files are not allowed")
	}
	for name, tc := range map[string]struct{ doc, want string }{
		"bad change": {"name: x\nversion: \"1\"\nsource: y\nrules:\n  - {grade: 中, action: 压缩, change: -2}\n", ":5:28: 字段 rules[0].change（金额调整比例）：金额调整比例应在 -1 与 1 之间"},
		"no source":  {"name: x\nversion: \"1\"\nrules:\n  - {grade: 中, action: 压缩}\n", "source"},
		"unknown":    {"name: x\nversion: \"1\"\nsource: y\nrules: []\nratio: 1\n", "ratio"},
		"too large":  {strings.Repeat("#", rulebook.Limits.Bytes+1), "上限为 1 兆字节"},
		"unknown warning rule": {"name: x\nversion: \"1\"\nsource: y\nrules:\n  - {grade: 中, action: 压缩}\nwarnings:\n  - {rule: M05, action: 压缩, change: -0.1}\n",
			":7:6: 字段 warnings[0].rule（预警规则）：预警规则应为 M01、M02、M03、M04 之一，实际为“M05”"},
		"warning rule matching nothing": {"name: x\nversion: \"1\"\nsource: y\nrules:\n  - {grade: 中, action: 压缩}\nwarnings:\n  - {action: 压缩, change: -0.1}\n",
			"warnings[0].level（预警颜色）：预警颜色和预警规则至少填写一项"},
	} {
		_, err := rulebook.ParseApplication("规则.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}
