package caseio_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jixiao/internal/caseio"
	"jixiao/internal/textenc"
)

// TestTextEncodings reads the same case saved as Notepad and WPS save
// text: GBK ("ANSI" on a Chinese Windows), UTF-16 little- and big-endian
// with a BOM ("Unicode"), UTF-8 with a BOM. Each is read to the same case
// and the encoding is named.
func TestTextEncodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(valid)
	if err != nil {
		t.Fatal(err)
	}
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(valid)
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(valid)
	dir := t.TempDir()
	for _, c := range []struct {
		name, data string
		enc        textenc.Encoding
	}{
		{"gbk.yaml", gbk, textenc.GBK},
		{"utf16le.yaml", le, textenc.UTF16},
		{"utf16be.yaml", be, textenc.UTF16},
		{"bom.yaml", "\ufeff" + valid, textenc.UTF8},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := caseio.Load(path) // as the CLI reads a file
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if f.Encoding != c.enc {
			t.Errorf("%s: encoding %q, want %q", c.name, f.Encoding, c.enc)
		}
		p := f.Evaluation.Projects[0]
		if f.Evaluation.Org.Name != "某局" || p.Name != "培训项目" || p.Indicators[0].Target.Text != "≥500人次" {
			t.Errorf("%s: read %q %q %q", c.name, f.Evaluation.Org.Name, p.Name, p.Indicators[0].Target.Text)
		}
	}
	if gbk == valid || !strings.Contains(valid, "某局") {
		t.Fatal("the GBK file should differ from its UTF-8 text")
	}
}

// TestTypeAndRuleErrorsAtOnce: a file with a wrong type (a weight that is
// no number) and a broken rule (an empty indicator name, a negative
// score) reports all three in one pass, in file order, and no rule about
// the refused weight.
func TestTypeAndRuleErrorsAtOnce(t *testing.T) {
	src := `subject: project
year: 2024
org: {name: 某局}
projects:
  - name: 培训项目
    indicators:
      - name: 培训人次
        weight: 十分
      - name: " "
        score: -1
`
	es := errorsOf(t, "mixed.yaml", src)
	var got []string
	for _, e := range es {
		got = append(got, e.Error())
	}
	want := []string{
		"mixed.yaml:8:17: 字段 projects[0].indicators[0].weight（分值）：应为数字，实际为文本“十分”",
		"mixed.yaml:9:9: 字段 projects[0].indicators[1].name（三级指标）：三级指标名称不能为空",
		"mixed.yaml:10:9: 字段 projects[0].indicators[1].score（得分（评价人评定或表中所填））：得分不能为负数",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
