package jixiao_test

import (
	"os/exec"
	"strings"
	"testing"
)

// allowed lists, for every package of the module, the packages of the
// module it may import (the root package imports nothing of ours; pure
// packages import the root package and their one helper).
// A new package must be added here, which makes its place in the layering
// a decision.
var allowed = map[string][]string{
	"jixiao":                    {},
	"jixiao/internal/formula":   {},
	"jixiao/internal/yamlcodec": {"jixiao"},
	"jixiao/internal/scoring":   {"jixiao", "jixiao/internal/formula"},
	"jixiao/internal/check":     {"jixiao"},
	// audit reads a form inside a report as xlsxio reads a workbook, and
	// checks it as check does with the rulebook its structure calls for.
	"jixiao/internal/audit": {"jixiao", "jixiao/internal/check", "jixiao/internal/report/docx", "jixiao/internal/xlsxio",
		"jixiao/internal/rulebook", "jixiao/internal/scoring", "jixiao/internal/textenc"},
	// textenc decodes the text files users upload (case files, reports):
	// UTF-8, UTF-16 with a BOM, GBK.
	"jixiao/internal/textenc": {},
	// report builds the 核查报告 from findings, naming each check by the
	// catalogue's title.
	"jixiao/internal/report": {"jixiao", "jixiao/internal/check"},
	// Renderers know the document model only; docx and html none of the domain.
	"jixiao/internal/report/docx": {"jixiao/internal/report"},
	"jixiao/internal/report/html": {"jixiao/internal/report"},
	// pdf converts a report's DOCX with LibreOffice.
	"jixiao/internal/report/pdf": {"jixiao", "jixiao/internal/libreoffice"},
	// poppler runs pdftotext for the audit of a PDF report (the audit itself
	// runs no program; its callers hand it poppler.ReportText).
	"jixiao/internal/poppler": {"jixiao"},
	// libreoffice converts a .doc or .wps report to .docx for the audit,
	// handed to it as poppler.ReportText is.
	"jixiao/internal/libreoffice": {"jixiao"},
	// xlsxio reads workbooks into the case format's JSON and decodes it
	// with the case decoder.
	"jixiao/internal/xlsxio":   {"jixiao", "jixiao/internal/yamlcodec"},
	"jixiao/internal/testutil": {},
	// mail sends the reminders' e-mail for app (app.Mailer).
	"jixiao/internal/mail":     {"jixiao", "jixiao/internal/app"},
	"jixiao/internal/rulebook": {"jixiao", "jixiao/internal/yamlcodec"},
	// library reads and writes the indicator library (YAML, XLSX).
	"jixiao/internal/library": {"jixiao", "jixiao/internal/yamlcodec"},
	// monitoring reads the warning rules, calendars and monitoring rounds (YAML).
	"jixiao/internal/monitoring": {"jixiao", "jixiao/internal/yamlcodec"},
	"jixiao/internal/caseio":     {"jixiao", "jixiao/internal/textenc", "jixiao/internal/yamlcodec"},
	// recheck reads the files of the re-check, rectification and results
	// application (YAML, JSON).
	"jixiao/internal/recheck": {"jixiao", "jixiao/internal/yamlcodec"},
	"jixiao/internal/synth":   {"jixiao"},
	// bench/gen writes generated cases for the peer benchmark.
	"jixiao/bench/gen": {"jixiao/internal/synth"},
	"jixiao/examples":  {},
	// Storage knows the domain only; sqltest opens throwaway stores for tests.
	// Storage knows River only to create its tables (riverjobs.Migrate).
	"jixiao/internal/sqlstore": {"jixiao", "jixiao/internal/riverjobs"},
	// riverjobs keeps background jobs in the database with River.
	"jixiao/internal/riverjobs":        {"jixiao"},
	"jixiao/internal/sqlstore/sqltest": {"jixiao/internal/sqlstore", "jixiao/internal/testutil"},
	"jixiao/internal/auth":             {"jixiao"},
	// The application enforces permissions and composes the pure packages
	// with the store; it is the one implementation of the services.
	"jixiao/internal/app": {"jixiao", "jixiao/internal/auth", "jixiao/internal/check", "jixiao/internal/report",
		"jixiao/internal/library", "jixiao/internal/report/docx", "jixiao/internal/report/html", "jixiao/internal/report/pdf",
		"jixiao/internal/rulebook", "jixiao/internal/scoring", "jixiao/internal/sqlstore", "jixiao/internal/xlsxio",
		"jixiao/internal/yamlcodec", "jixiao/internal/monitoring"},
	// The API speaks to the services (interfaces of the root package), never
	// to the store; it uses scoring's and check's JSON shapes.
	"jixiao/internal/api":    {"jixiao", "jixiao/internal/audit", "jixiao/internal/libreoffice", "jixiao/internal/poppler", "jixiao/internal/caseio", "jixiao/internal/check", "jixiao/internal/scoring", "jixiao/internal/xlsxio", "jixiao/internal/yamlcodec"},
	"jixiao/internal/server": {"jixiao", "jixiao/internal/api"},
	// The web pages, like the API, use the services only; caseio reads
	// uploaded case files, check names finding codes.
	"jixiao/internal/web":  {"jixiao", "jixiao/internal/api", "jixiao/internal/audit", "jixiao/internal/libreoffice", "jixiao/internal/poppler", "jixiao/internal/caseio", "jixiao/internal/check", "jixiao/internal/textenc", "jixiao/internal/xlsxio", "jixiao/internal/yamlcodec"},
	"jixiao/internal/demo": {"jixiao", "jixiao/examples", "jixiao/internal/auth", "jixiao/internal/caseio", "jixiao/internal/sqlstore", "jixiao/internal/synth"},
	"jixiao/cmd/jixiao":    {"*"},
}

// pure packages compute only: no files, network, database or clock.
var pure = []string{"jixiao", "jixiao/internal/formula", "jixiao/internal/textenc", "jixiao/internal/scoring", "jixiao/internal/check", "jixiao/internal/audit", "jixiao/internal/synth",
	"jixiao/internal/report", "jixiao/internal/report/docx", "jixiao/internal/report/html"}

var impure = []string{"os", "net", "net/http", "database/sql", "time", "io/ioutil"}

func TestPackageLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the layering table of deps_test.go", pkg)
			continue
		}
		for _, imp := range imports {
			if imp != "jixiao" && !strings.HasPrefix(imp, "jixiao/") {
				// The domain package may name time.Time in its records; it
				// never reads the clock (nothing there calls time.Now).
				if contains(pure, pkg) && contains(impure, imp) && !(pkg == "jixiao" && imp == "time") {
					t.Errorf("pure package %s imports %s", pkg, imp)
				}
				continue
			}
			if !contains(ok, "*") && !contains(ok, imp) {
				t.Errorf("%s may not import %s", pkg, imp)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
