package caseio_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"jixiao/internal/caseio"
)

var update = flag.Bool("update", false, "rewrite docs/case.schema.json and the field reference in docs/case-format.md")

const (
	schemaFile = "../../docs/case.schema.json"
	formatDoc  = "../../docs/case-format.md"
	beginMark  = "<!-- BEGIN FIELDS -->\n"
	endMark    = "<!-- END FIELDS -->"
)

// The published schema and field reference must be what the decoder
// enforces: both are generated from the same types.
func TestSchemaIsCurrent(t *testing.T) {
	want, err := caseio.Schema()
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if *update {
		if err := os.WriteFile(schemaFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is out of date; run go test ./internal/caseio -update", schemaFile)
	}
}

func TestFieldReferenceIsCurrent(t *testing.T) {
	doc, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the field reference markers", formatDoc)
	}
	want := s[:i+len(beginMark)] + caseio.Reference() + s[j:]
	if *update {
		if err := os.WriteFile(formatDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		s = want
	}
	if s != want {
		t.Errorf("the field reference in %s is out of date; run go test ./internal/caseio -update", formatDoc)
	}
}

// The minimal case the documentation shows reads and validates.
func TestDocumentedCaseParses(t *testing.T) {
	doc, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	block := strings.Split(string(doc), "```yaml\n")[1]
	block = block[:strings.Index(block, "```")]
	f, err := caseio.Parse("case-format.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Evaluation.Projects[0]; len(p.Indicators) != 2 || p.Indicators[1].Tier != "部分达成" {
		t.Errorf("documented case: %+v", p)
	}
}
