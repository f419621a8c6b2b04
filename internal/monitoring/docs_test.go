package monitoring_test

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/yamlcodec"
)

var update = flag.Bool("update", false, "rewrite the field reference in docs/monitoring.md")

const doc = "../../docs/monitoring.md"

// The field reference in docs/monitoring.md is generated from the types
// the files are decoded into, so the two cannot drift apart.
func TestFieldReferenceIsCurrent(t *testing.T) {
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	begin, end := "<!-- BEGIN FIELDS -->\n", "<!-- END FIELDS -->"
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the field reference markers", doc)
	}
	ref := "### 监控文件\n\n" + yamlcodec.Reference(reflect.TypeFor[jixiao.MonitorRound]()) +
		"### 预警规则文件\n\n" + yamlcodec.Reference(reflect.TypeFor[jixiao.MonitorRules]()) +
		"### 日历文件\n\n" + yamlcodec.Reference(reflect.TypeFor[jixiao.Calendar]())
	want := s[:i+len(begin)] + ref + s[j:]
	if *update {
		if err := os.WriteFile(doc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		s = want
	}
	if s != want {
		t.Errorf("the field reference in %s is out of date; run go test ./internal/monitoring -update", doc)
	}
}

// The files the documentation shows are valid.
func TestDocumentedFilesLoad(t *testing.T) {
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(data), "```yaml\n")[1:] {
		blocks = append(blocks, part[:strings.Index(part, "```")])
	}
	if len(blocks) != 2 {
		t.Fatalf("%d yaml blocks", len(blocks))
	}
	if _, err := monitoring.ParseCalendar("日历", []byte(blocks[0])); err != nil {
		t.Error(err)
	}
	if _, err := monitoring.ParseRound("监控", []byte(blocks[1])); err != nil {
		t.Error(err)
	}
}
