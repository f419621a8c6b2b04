package jixiao_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The repository stands alone: every relative link in its Markdown files
// names a file inside the repository that exists, and no file points at a
// folder beside the repository (such as ../shared), which users do not have.
func TestLinksStayInsideTheRepository(t *testing.T) {
	out, err := exec.Command("git", "ls-files").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	sibling := regexp.MustCompile(`\.\./shared\b`)
	checked := 0
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f == "links_test.go" || strings.Contains(f, "/testdata/") {
			continue
		}
		switch filepath.Ext(f) {
		case ".md", ".go", ".html", ".yaml", ".json":
		default:
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if sibling.Match(b) {
			t.Errorf("%s points at a folder outside the repository (../shared)", f)
		}
		if filepath.Ext(f) != ".md" {
			continue
		}
		for _, m := range link.FindAllSubmatch(b, -1) {
			target := string(m[1])
			if i := strings.IndexByte(target, '#'); i >= 0 {
				target = target[:i]
			}
			if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			abs := filepath.Join(root, filepath.Dir(f), target)
			if !strings.HasPrefix(abs, root+string(filepath.Separator)) {
				t.Errorf("%s links outside the repository: %s", f, m[1])
				continue
			}
			if _, err := os.Stat(abs); err != nil {
				t.Errorf("%s links to a missing file: %s", f, m[1])
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d relative links checked; the Markdown files were not read", checked)
	}
}
