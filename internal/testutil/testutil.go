// Package testutil holds helpers shared by tests that use external
// programs (LibreOffice, Chromium, poppler).
package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// EnvRequireTools, when set to 1 (as .ci/run sets it), makes a missing
// external program a test failure instead of a skip, so that CI cannot
// pass by not running these tests.
const EnvRequireTools = "JIXIAO_REQUIRE_TOOLS"

// Tool returns the path of the first of names found on PATH; when none is,
// it skips the test, or fails it under JIXIAO_REQUIRE_TOOLS=1.
func Tool(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv(EnvRequireTools) == "1" {
		t.Fatalf("%v is not installed, and %s=1 requires it (.ci/run installs it with apt-get)", names, EnvRequireTools)
	}
	t.Skipf("%v is not installed; set %s=1 to make this a failure", names, EnvRequireTools)
	return ""
}
