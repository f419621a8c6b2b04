package rulebook_test

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/yamlcodec"
)

var update = flag.Bool("update", false, "rewrite the field reference in docs/rulebooks.md")

// The field reference in docs/rulebooks.md is generated from the types the
// loader decodes, so the two cannot drift apart.
func TestFieldReferenceIsCurrent(t *testing.T) {
	const file = "../../docs/rulebooks.md"
	doc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	begin, end := "<!-- BEGIN FIELDS -->\n", "<!-- END FIELDS -->"
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the field reference markers", file)
	}
	want := s[:i+len(begin)] + yamlcodec.Reference(reflect.TypeFor[jixiao.Rulebook]()) + s[j:]
	if *update {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		s = want
	}
	if s != want {
		t.Errorf("the field reference in %s is out of date; run go test ./internal/rulebook -update", file)
	}
}

// yamlBlocks returns the ```yaml blocks of a Markdown file.
func yamlBlocks(t *testing.T, file string) []string {
	t.Helper()
	doc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(doc), "```yaml\n")[1:] {
		blocks = append(blocks, part[:strings.Index(part, "```")])
	}
	return blocks
}

// The rulebook the documentation shows is a valid rulebook.
func TestDocumentedRulebookLoads(t *testing.T) {
	blocks := yamlBlocks(t, "../../docs/rulebooks.md")
	if len(blocks) != 1 {
		t.Fatalf("%d yaml blocks", len(blocks))
	}
	p := t.TempDir() + "/doc.yaml"
	if err := os.WriteFile(p, []byte(blocks[0]), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Project.Groups[0].Weight.String() != "60" || len(rb.Tiers) != 3 {
		t.Errorf("documented rulebook: %+v", rb.Project)
	}
}
