package check_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/check"
)

var update = flag.Bool("update", false, "rewrite the catalogue in docs/checks.md")

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	code := regexp.MustCompile(`^[BAFSLDPT]\d\d$`)
	for _, r := range check.Catalogue {
		if !code.MatchString(r.Code) || seen[r.Code] {
			t.Errorf("bad or duplicate code %q", r.Code)
		}
		seen[r.Code] = true
		if r.Title == "" || r.Meaning == "" || r.Why == "" || r.Example == "" || r.Severity == "" {
			t.Errorf("%s is not fully documented", r.Code)
		}
	}
	for i := 1; i <= 16; i++ {
		if c := fmt.Sprintf("L%02d", i); !seen[c] {
			t.Errorf("indicator-quality rule %s (docs/checks.md, L01–L16) has no check", c)
		}
	}
}

// Every check has a test that triggers it (and, in the same test, a case
// that does not): each code must appear in an expect(…) call.
func TestEveryCheckIsTested(t *testing.T) {
	// Report-text checks (T…) are tested where they live, in internal/audit.
	files, _ := filepath.Glob("*_test.go")
	more, _ := filepath.Glob("../audit/*_test.go")
	files = append(files, more...)
	var src strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for _, r := range check.Catalogue {
		if !strings.Contains(src.String(), `"`+r.Code+`", errS`) && !strings.Contains(src.String(), `"`+r.Code+`", warnS`) &&
			!strings.Contains(src.String(), `"`+r.Code+`", infoS`) {
			t.Errorf("no test expects %s", r.Code)
		}
		if !strings.Contains(src.String(), `none(t, `) || !strings.Contains(src.String(), `"`+r.Code+`")`) {
			t.Errorf("no test shows a case without %s", r.Code)
		}
	}
}

// docs/checks.md lists every code; the list is generated from Catalogue.
func TestChecksDocIsCurrent(t *testing.T) {
	const file = "../../docs/checks.md"
	doc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	begin, end := "<!-- BEGIN CODES -->\n", "<!-- END CODES -->"
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers", file)
	}
	want := s[:i+len(begin)] + check.Markdown() + s[j:]
	if *update {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		s = want
	}
	if s != want {
		t.Errorf("%s is out of date; run go test ./internal/check -update", file)
	}
}
