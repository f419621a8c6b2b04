package recheck_test

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

var update = flag.Bool("update", false, "rewrite the field reference in docs/recheck.md")

// The field reference in docs/recheck.md is generated from the types the
// files are decoded into, so the two cannot drift apart.
func TestFieldReferenceIsCurrent(t *testing.T) {
	const file = "../../docs/recheck.md"
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
	var ref strings.Builder
	for _, typ := range []reflect.Type{reflect.TypeFor[jixiao.Roster](), reflect.TypeFor[jixiao.Recheck](), reflect.TypeFor[jixiao.RectificationList](),
		reflect.TypeFor[jixiao.Results](), reflect.TypeFor[jixiao.ApplicationRules]()} {
		ref.WriteString(yamlcodec.Reference(typ))
	}
	want := s[:i+len(begin)] + ref.String() + s[j:]
	if *update {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		s = want
	}
	if s != want {
		t.Errorf("the field reference in %s is out of date; run go test ./internal/recheck -update", file)
	}
}
