package audit_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/audit"
)

// The texts of testdata/real state the figures of real, published reports
// in the sentence shapes those reports use, in wording written here (the
// reports' prose is not copied; see its README and SOURCES.md). Each
// NN-name.relations.json lists, by hand, every relation between figures the
// report states and whether it holds. The figures below are measurements:
// the test fails when the audit does worse than when they were recorded
// (fewer true findings, more false ones, fewer mutations caught, more
// reports where nothing was compared). When the audit gets better, raise
// the floors (lower the ceilings) to the new figures.
var realFloors = floors{
	dir:       "testdata/real",
	reports:   40, // texts
	provinces: 8,  // of their issuers (SOURCES.md)
	found:     11, // relations that do not hold, found in the unmodified texts
	falses:    0,  // warnings and errors there where no relation fails
	nothing:   2,  // reports with relations where nothing was compared
	caught:    96, // mutations of the relations that hold, caught
}

// floors are the figures recorded for a set of restated reports: the test
// fails when the audit does worse on it.
type floors struct {
	dir                            string
	reports, provinces             int
	found, falses, nothing, caught int
}

// measure measures the audit on the set and fails below its floors.
func (f floors) measure(t *testing.T) (realTally, *realMeasure) {
	t.Helper()
	sum, m := measureDir(t, f.dir, f.reports, f.provinces)
	if sum.tp < f.found {
		t.Errorf("found %d real inconsistencies, fewer than the recorded %d", sum.tp, f.found)
	}
	if sum.fp > f.falses {
		t.Errorf("%d false positives, more than the recorded %d", sum.fp, f.falses)
	}
	if sum.caught < f.caught {
		t.Errorf("caught %d of %d mutations, fewer than the recorded %d", sum.caught, sum.muts, f.caught)
	}
	if len(m.nothing) > f.nothing {
		t.Errorf("nothing compared on %d reports with relations, more than the recorded %d", len(m.nothing), f.nothing)
	}
	return sum, m
}

// The goals of issue 13, enforced on testdata/real.
const (
	goalPrecision      = 0.95
	goalMutationRecall = 0.90
	goalNothingShare   = 0.10
)

// realRelation is a relation between figures of a report, written down by
// hand: on Line (1-based; for a relation spread over lines, the later
// place compared) a relation of kind Kind (the audit's code) in a sentence
// shape, between Figures (each as the text writes it), which holds or not.
// A relation that holds has a mutation: From (once on Line) becomes To,
// which breaks the relation beyond rounding.
type realRelation struct {
	Line    int           `json:"line"`
	Kind    string        `json:"kind"`
	Shape   string        `json:"shape"`
	Figures []string      `json:"figures"`
	Holds   bool          `json:"holds"`
	Why     string        `json:"why"`
	Mutate  *realMutation `json:"mutate"`
}

// realMutation changes one figure of a relation that holds: on line Line
// (the relation's line when 0), From, which occurs there once, becomes To.
type realMutation struct {
	Line int    `json:"line"`
	From string `json:"from"`
	To   string `json:"to"`
}

// at is the 1-based line the mutation changes.
func (m *realMutation) at(rel realRelation) int {
	if m.Line > 0 {
		return m.Line
	}
	return rel.Line
}

// realReport is a text of testdata/real with its relations.
type realReport struct {
	name      string
	text      string
	lines     []string
	relations []realRelation
}

var kindRe = regexp.MustCompile(`^T(0[1-9]|10)$`)

// loadRealReports reads the texts and their relations and fails the test
// on a malformed relation: a line out of range, a figure the text does not
// state, a relation that holds without a mutation (or one that does not
// with one), a mutation that does not occur once on its line.
func loadRealReports(t *testing.T, dir string) []realReport {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var out []realReport
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		js, err := os.ReadFile(strings.TrimSuffix(file, ".txt") + ".relations.json")
		if err != nil {
			t.Fatal(err)
		}
		r := realReport{name: filepath.Base(file), text: string(data)}
		r.lines = strings.Split(strings.TrimSuffix(r.text, "\n"), "\n")
		dec := json.NewDecoder(strings.NewReader(string(js)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r.relations); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for i, rel := range r.relations {
			where := fmt.Sprintf("%s relation %d (line %d)", r.name, i+1, rel.Line)
			switch {
			case rel.Line < 1 || rel.Line > len(r.lines):
				t.Fatalf("%s: no such line", where)
			case !kindRe.MatchString(rel.Kind):
				t.Fatalf("%s: kind %q is not an audit code", where, rel.Kind)
			case rel.Shape == "" || rel.Why == "" || len(rel.Figures) == 0:
				t.Fatalf("%s: shape, why and figures are required", where)
			case rel.Holds && rel.Mutate == nil:
				t.Fatalf("%s: a relation that holds needs a mutation", where)
			case !rel.Holds && rel.Mutate != nil:
				t.Fatalf("%s: a relation that does not hold has no mutation", where)
			}
			for _, f := range rel.Figures {
				if !strings.Contains(r.text, f) {
					t.Fatalf("%s: figure %q is not in the text", where, f)
				}
			}
			if m := rel.Mutate; m != nil {
				if n := m.at(rel); n < 1 || n > len(r.lines) || strings.Count(r.lines[n-1], m.From) != 1 || m.From == m.To || m.To == "" {
					t.Fatalf("%s: mutation %q → %q must change text that occurs once on the line", where, m.From, m.To)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// realProvinces reads the province column of SOURCES.md's table (不详 for
// an unknown issuer is not counted) and fails when a text has no row there.
func realProvinces(t *testing.T, dir string, reports []realReport) map[string]int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 6 || !regexp.MustCompile(`^\s*\d\d\s*$`).MatchString(cells[1]) {
			continue
		}
		rows[strings.TrimSpace(cells[1])] = strings.TrimSpace(cells[4])
	}
	provinces := map[string]int{}
	for _, r := range reports {
		p, ok := rows[r.name[:2]]
		if !ok {
			t.Fatalf("%s has no row in SOURCES.md", r.name)
		}
		if p != "不详" { // unknown: not a province
			provinces[p]++
		}
	}
	return provinces
}

// auditReal audits a text as the CLI does (audit.Read, then audit.Audit).
func auditReal(t *testing.T, name, text string) *audit.Result {
	t.Helper()
	d, err := audit.Read(name, []byte(text))
	if err != nil {
		t.Fatalf("audit.Read refused %s (%d bytes): %v", name, len(text), err)
	}
	return audit.Audit(d)
}

// etcWarning is the by-design warning on a list ending in 等 that names
// fewer items than its count.
func etcWarning(f audit.Finding) bool {
	return f.Code == "T02" && f.Severity == jixiao.SeverityWarning && strings.Contains(f.Message, "“等”")
}

// onLine reports whether a finding is placed on, or compares, line n.
func onLine(f audit.Finding, n int) bool {
	return f.Para == n || slices.Contains(f.Also, n)
}

// TestRealReports audits the texts of testdata/real and compares the
// findings with the relations written down by hand. On the unmodified
// texts, a warning or error of a relation's code on its line, for a
// relation that does not hold, is a true positive; every other warning or
// error is a false positive; info findings (within rounding, relation
// unclear) and the by-design warning on lists ending in 等 are logged
// apart. Then, for every relation that holds, it audits a copy with the
// relation's mutation: the mutation is caught when the copy has a warning
// or error (by code, line and severity) the original has not. It logs
// precision, recall and mutation recall per code and in total, and the
// reports with relations where the audit compared nothing, beside the goals
// of issue 13; it fails below the recorded floors and below those goals.
func TestRealReports(t *testing.T) {
	sum, m := realFloors.measure(t)
	// The goals of issue 13.
	if float64(sum.tp) < goalPrecision*float64(sum.tp+sum.fp) {
		t.Errorf("precision %s below the goal %.2f", ratio(sum.tp, sum.tp+sum.fp), goalPrecision)
	}
	if float64(sum.caught) < goalMutationRecall*float64(sum.muts) {
		t.Errorf("mutation recall %s below the goal %.2f", ratio(sum.caught, sum.muts), goalMutationRecall)
	}
	if float64(len(m.nothing)) >= goalNothingShare*float64(m.withRelations) {
		t.Errorf("nothing compared on %d of %d reports with relations, not below the goal %.0f%%", len(m.nothing), m.withRelations, goalNothingShare*100)
	}
}

// The texts of testdata/heldout were collected after the audit had been
// tuned on testdata/real, by someone who had not seen the audit's code, with
// every relation written before any run. The first run on them measured
// the audit on reports it had not seen (precision 2/7, recall 2/5, mutation
// recall 11/70, nothing compared on 11 of 20); their misses were then
// studied and general weaknesses fixed, so they are no longer unseen. Their
// figures are floors as TestRealReports's are; the goals are not enforced
// on them.
func TestHeldOutReports(t *testing.T) {
	floors{dir: "testdata/heldout", reports: 20, provinces: 8, found: 4, falses: 0, nothing: 6, caught: 43}.measure(t)
}

// The texts of testdata/heldout2 were collected at the end of the session
// that built the audit's readers, by someone who had seen neither the
// audit's code nor its results. The first run on them (precision 2/7,
// recall 2/5, mutation recall 11/70, nothing compared on 9 of 20) is the
// measure of the audit on reports it had not seen; its five false
// positives were then traced to three general causes and fixed, nothing
// was changed for the misses. Their figures are floors, the goals logged.
func TestHeldOut2Reports(t *testing.T) {
	floors{dir: "testdata/heldout2", reports: 20, provinces: 8, found: 3, falses: 0, nothing: 1, caught: 55}.measure(t)
}

// The texts of testdata/heldout3 were collected at the very end of a
// session, by someone who had seen neither the audit's code nor its
// results; first run on the audit of commit d654ebd (precision 0/1, recall
// 0/2, mutation recall 23/81, nothing compared on 12 of 23). Since
// testdata/heldout4 exists they are a tuning set like heldout and
// heldout2; the figures are floors.
func TestHeldOut3Reports(t *testing.T) {
	floors{dir: "testdata/heldout3", reports: 20, provinces: 8, found: 1, falses: 0, nothing: 3, caught: 59}.measure(t)
}

// The texts of testdata/heldout4 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit 343da96; they
// were first run against the audit of commit 9de78dc (figures in their
// README: precision 3/8, recall 3/18, mutation recall 29/108). Since
// testdata/heldout6 was collected, their misses were studied and general
// weaknesses fixed (text pasted from a PDF with its line breaks, part
// names holding 、, a rate named by its verb): they are a tuning set; the
// figures are floors.
func TestHeldOut4Reports(t *testing.T) {
	floors{dir: "testdata/heldout4", reports: 27, provinces: 16, found: 7, falses: 0, nothing: 5, caught: 78}.measure(t)
}

// The texts of testdata/heldout5 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit a491994;
// they were first run against the audit of the end of that session
// (figures in their README: precision 1/3, recall 1/4, mutation recall
// 24/85). Since testdata/heldout6 was collected, their misses were studied
// and general weaknesses fixed (parts in groups with their own comments,
// a change stated beside both years' figures, tables of "|"-separated
// rows): they are a tuning set; the figures are floors.
func TestHeldOut5Reports(t *testing.T) {
	floors{dir: "testdata/heldout5", reports: 26, provinces: 14, found: 2, falses: 0, nothing: 6, caught: 57}.measure(t)
}

// measureDir measures the audit on the reports of dir, logs the figures
// and returns them; it fails when dir has fewer than minReports reports
// or fewer than minProvinces provinces.
func measureDir(t *testing.T, dir string, minReports, minProvinces int) (realTally, *realMeasure) {
	t.Helper()
	reports := loadRealReports(t, dir)
	if len(reports) < minReports {
		t.Fatalf("want at least %d reports in %s, have %d", minReports, dir, len(reports))
	}
	provinces := realProvinces(t, dir, reports)
	if len(provinces) < minProvinces {
		t.Fatalf("want reports from at least %d provinces, have %d: %v", minProvinces, len(provinces), provinces)
	}
	m := measureReal(t, reports, plain(func(s string) string { return s }))
	per, sum := m.per, m.sum()
	codes := make([]string, 0, len(per))
	for c := range per {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var table strings.Builder
	fmt.Fprintf(&table, "%-5s %6s %6s %6s %10s %8s %16s\n", "code", "found", "false", "missed", "precision", "recall", "mutations caught")
	row := func(name string, x realTally) {
		fmt.Fprintf(&table, "%-5s %6d %6d %6d %10s %8s %16s\n", name, x.tp, x.fp, x.fn,
			ratio(x.tp, x.tp+x.fp), ratio(x.tp, x.tp+x.fn), ratio(x.caught, x.muts))
	}
	for _, c := range codes {
		row(c, *per[c])
	}
	row("total", sum)
	provinceNames := make([]string, 0, len(provinces))
	for p, n := range provinces {
		provinceNames = append(provinceNames, fmt.Sprintf("%s %d", p, n))
	}
	sort.Strings(provinceNames)
	t.Logf("%s: %d reports from %d provinces (%s); %d relations: %d hold (each mutated once), %d do not",
		dir, len(reports), len(provinces), strings.Join(provinceNames, "、"), m.holding+m.failing, m.holding, m.failing)
	t.Logf("claims the audit compared: %v", m.checked)
	t.Logf("\n%s", table.String())
	t.Logf("precision %s = %s (goal ≥ %.2f); recall on real inconsistencies %s = %s; mutation recall %s = %s (goal ≥ %.2f; %d of them with a finding of the relation's own code); nothing compared on %d of %d reports with relations = %s (goal < %.0f%%)",
		ratio(sum.tp, sum.tp+sum.fp), share(sum.tp, sum.tp+sum.fp), goalPrecision,
		ratio(sum.tp, sum.tp+sum.fn), share(sum.tp, sum.tp+sum.fn),
		ratio(sum.caught, sum.muts), share(sum.caught, sum.muts), goalMutationRecall, sum.ownCode,
		len(m.nothing), m.withRelations, share(len(m.nothing), m.withRelations), goalNothingShare*100)
	t.Logf("false positives (%d):\n  %s", len(m.falses), strings.Join(m.falses, "\n  "))
	t.Logf("real inconsistencies missed (%d):\n  %s", len(m.misses), strings.Join(m.misses, "\n  "))
	t.Logf("logged apart — info findings (%d):\n  %s", len(m.infos), strings.Join(m.infos, "\n  "))
	t.Logf("logged apart — by-design warnings on lists ending in 等 (%d):\n  %s", len(m.etcs), strings.Join(m.etcs, "\n  "))
	t.Logf("nothing compared (%d):\n  %s", len(m.nothing), strings.Join(m.nothing, "\n  "))
	t.Logf("mutations not caught (%d):\n  %s", len(m.notCaught), strings.Join(m.notCaught, "\n  "))

	if raceDetector {
		// The variants below only log, and the audit is the same code on
		// them: under the race detector (CI) they would only cost time.
		t.Log("the variants with ASCII marks and with spaced figures are measured without the race detector")
		return sum, m
	}
	// The stored copies print full-width punctuation (，（）：；％) as ASCII;
	// the same texts in that form say whether the readers depend on it.
	hw := measureReal(t, reports, plain(halfWidth))
	hs := hw.sum()
	t.Logf("the same texts with full-width forms as ASCII (，（）：； → ,():;): precision %s, recall %s, mutation recall %s, nothing compared on %d of %d",
		ratio(hs.tp, hs.tp+hs.fp), ratio(hs.tp, hs.tp+hs.fn), ratio(hs.caught, hs.muts), len(hw.nothing), hw.withRelations)
	sp := measureReal(t, reports, plain(spaced))
	ss := sp.sum()
	t.Logf("the same texts with a space on each side of every figure (支出1366.23万元 → 支出 1366.23 万元): precision %s, recall %s, mutation recall %s, nothing compared on %d of %d",
		ratio(ss.tp, ss.tp+ss.fp), ratio(ss.tp, ss.tp+ss.fn), ratio(ss.caught, ss.muts), len(sp.nothing), sp.withRelations)
	wr := measureReal(t, reports, pdfWrapped)
	ws := wr.sum()
	t.Logf("the same texts broken into lines as a PDF page's text layer (%d columns): precision %s, recall %s, mutation recall %s, nothing compared on %d of %d",
		pdfColumns, ratio(ws.tp, ws.tp+ws.fp), ratio(ws.tp, ws.tp+ws.fn), ratio(ws.caught, ws.muts), len(wr.nothing), wr.withRelations)
	t.Logf("  its false positives (%d):\n  %s", len(wr.falses), strings.Join(wr.falses, "\n  "))
	t.Logf("  its reports with nothing compared (%d):\n  %s", len(wr.nothing), strings.Join(wr.nothing, "\n  "))
	return sum, m
}

// plain is a variant that keeps the text's lines.
func plain(form func(string) string) func(string) (string, []int) {
	return func(s string) (string, []int) { return form(s), nil }
}

// namesAFigure reports whether finding f quotes one of the relation's
// figures (any non-zero number in them, compared as a value): a finding on
// the same line and code about other figures is not the relation's,
// however close.
func namesAFigure(f audit.Finding, rel realRelation) bool {
	quoted := f.Message
	for _, n := range f.Numbers {
		quoted += " " + n.Value
	}
	in := map[string]bool{}
	for _, v := range values(quoted) {
		in[v] = true
	}
	for _, fig := range rel.Figures {
		for _, v := range values(fig) {
			if in[v] {
				return true
			}
		}
	}
	return false
}

// values is the non-zero numbers written in s, thousands separators left
// out, each as its value ("1,081.460" → "1081.46").
func values(s string) []string {
	var out []string
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		}
		return r
	}, s)
	s = thousandsRe.ReplaceAllString(s, "$1$2")
	for _, run := range numberRunRe.FindAllString(s, -1) {
		if d, err := decimal.NewFromString(strings.Trim(run, ".")); err == nil && !d.IsZero() {
			out = append(out, d.String())
		}
	}
	return out
}

// thousandsRe is a thousands separator: a comma with three digits after it.
var thousandsRe = regexp.MustCompile(`([0-9]),([0-9]{3})\b`)

// numberRunRe is a run of digits with its decimal point.
var numberRunRe = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

// sameCheck reports whether finding f is of a relation recorded under
// kind. The sets' instructions file a change stated as an amount beside
// both years' figures (this year − last year = change) under T03 with the
// other year-on-year changes; the audit reports it with the sums (T01,
// "本年数 − 上年数 = 变动额"): either code is the same check.
func sameCheck(kind string, f audit.Finding) bool {
	return kind == f.Code || kind == "T03" && f.Code == "T01" && strings.Contains(f.Message, "本年数 − 上年数 = 变动额")
}

// pdfColumns is the width, in half-width columns, of a line of
// pdfWrapped: an A4 page's line of body text holds 38 Chinese characters.
const pdfColumns = 76

// pdfWrapped breaks every line wider than pdfColumns as a PDF's text layer
// does: anywhere between Chinese characters, never inside a run of ASCII
// letters and figures, a closing mark kept at the end of its line (as word
// processors set Chinese). It returns, for each line of the result, the
// 1-based line of s it comes from.
func pdfWrapped(s string) (string, []int) {
	var out []string
	var from []int
	for n, line := range strings.Split(s, "\n") {
		rs := []rune(line)
		start, width := 0, 0
		for i := 0; i < len(rs); {
			// The unit that cannot be broken: an ASCII run, or one rune
			// with the closing marks after it.
			j := i + 1
			if rs[i] < 0x80 && rs[i] != ' ' {
				for j < len(rs) && rs[j] < 0x80 && rs[j] != ' ' {
					j++
				}
			}
			for j < len(rs) && strings.ContainsRune("，。、；：？！）》”’,.;:)%％", rs[j]) {
				j++
			}
			w := 0
			for _, r := range rs[i:j] {
				w += runeColumns(r)
			}
			if width > 0 && width+w > pdfColumns {
				out, from = append(out, string(rs[start:i])), append(from, n+1)
				start, width = i, 0
			}
			width += w
			i = j
		}
		out, from = append(out, string(rs[start:])), append(from, n+1)
	}
	return strings.Join(out, "\n"), from
}

// runeColumns is the width of r on a page: 1 for ASCII, 2 for the rest.
func runeColumns(r rune) int {
	if r < 0x80 {
		return 1
	}
	return 2
}

// spacedRe is a figure between a Chinese character or full-width form and
// another, or a per cent sign.
var spacedRe = regexp.MustCompile(`([\p{Han}\x{FF01}-\x{FF5E}])([0-9]+(?:[.,][0-9]+)*)([\p{Han}%\x{FF01}-\x{FF5E}])`)

// spaced writes a space on each side of a figure set in Chinese text, as
// the text layer of many PDF pages does ("共 95 名", "增长 4.58 %").
func spaced(s string) string {
	for range 2 { // figures one character apart share that character
		s = spacedRe.ReplaceAllString(s, "$1 $2 $3")
	}
	return s
}

// realTally counts, for one code, the relations that do not hold found
// (tp) and missed (fn), the findings where none fails (fp), and the
// mutations made, caught, and caught by a finding of the relation's code.
type realTally struct{ tp, fp, fn, muts, caught, ownCode int }

// realMeasure is what TestRealReports measures over all reports.
type realMeasure struct {
	per                                             map[string]*realTally
	checked                                         audit.Checked
	falses, misses, infos, etcs, nothing, notCaught []string
	withRelations, holding, failing                 int
}

// sum is the tally over all codes.
func (m *realMeasure) sum() realTally {
	var s realTally
	for _, x := range m.per {
		s.tp += x.tp
		s.fp += x.fp
		s.fn += x.fn
		s.muts += x.muts
		s.caught += x.caught
		s.ownCode += x.ownCode
	}
	return s
}

// measureReal audits every report, and every mutation of a relation that
// holds, with form applied to the text first, and tallies the outcome.
func measureReal(t *testing.T, reports []realReport, form func(string) (string, []int)) *realMeasure {
	t.Helper()
	m := &realMeasure{per: map[string]*realTally{}, checked: audit.Checked{}}
	at := func(code string) *realTally {
		if m.per[code] == nil {
			m.per[code] = &realTally{}
		}
		return m.per[code]
	}
	for _, r := range reports {
		text, from := form(r.text)
		res := auditReal(t, r.name, text)
		if from != nil {
			// Findings placed on the lines of the text they came from.
			back := func(n int) int {
				if n >= 1 && n <= len(from) {
					return from[n-1]
				}
				return n
			}
			for i := range res.Findings {
				f := &res.Findings[i]
				f.Para = back(f.Para)
				for j := range f.Also {
					f.Also[j] = back(f.Also[j])
				}
			}
		}
		compared := 0
		for c, n := range res.Checked {
			compared += n
			m.checked[c] += n
		}
		if len(r.relations) > 0 {
			m.withRelations++
			if compared == 0 {
				m.nothing = append(m.nothing, r.name)
			}
		}
		// Unmodified text: findings against the relations that fail.
		used := make([]bool, len(r.relations))
		for _, f := range res.Findings {
			loc := fmt.Sprintf("%s 第%d行 %s %s：%s", r.name, f.Para, f.Code, f.Severity, f.Message)
			if f.Severity == jixiao.SeverityInfo {
				m.infos = append(m.infos, loc)
				continue
			}
			if etcWarning(f) {
				m.etcs = append(m.etcs, loc)
				continue
			}
			hit := false
			for i, rel := range r.relations {
				if !used[i] && !rel.Holds && sameCheck(rel.Kind, f) && onLine(f, rel.Line) && namesAFigure(f, rel) {
					used[i], hit = true, true
					break
				}
			}
			if hit {
				at(f.Code).tp++
				continue
			}
			at(f.Code).fp++
			m.falses = append(m.falses, loc)
		}
		for i, rel := range r.relations {
			if rel.Holds {
				m.holding++
				continue
			}
			m.failing++
			if !used[i] {
				at(rel.Kind).fn++
				m.misses = append(m.misses, fmt.Sprintf("%s 第%d行 %s（%s）：%s", r.name, rel.Line, rel.Kind, rel.Shape, rel.Why))
			}
		}
		// Mutations of the relations that hold.
		before := map[string]int{}
		for _, f := range res.Findings {
			if f.Severity != jixiao.SeverityInfo {
				before[findingKey(f.Code, f.Para, string(f.Severity))]++
			}
		}
		for _, rel := range r.relations {
			if !rel.Holds {
				continue
			}
			lines := slices.Clone(r.lines)
			n := rel.Mutate.at(rel)
			lines[n-1] = strings.Replace(lines[n-1], rel.Mutate.From, rel.Mutate.To, 1)
			left := map[string]int{}
			for k, n := range before {
				left[k] = n
			}
			hit, own := false, false
			mutated, _ := form(strings.Join(lines, "\n"))
			for _, f := range auditReal(t, r.name, mutated).Findings {
				if f.Severity == jixiao.SeverityInfo {
					continue
				}
				k := findingKey(f.Code, f.Para, string(f.Severity))
				if left[k] > 0 {
					left[k]--
					continue
				}
				hit = true
				own = own || f.Code == rel.Kind
			}
			x := at(rel.Kind)
			x.muts++
			if hit {
				x.caught++
			} else {
				m.notCaught = append(m.notCaught, fmt.Sprintf("%s 第%d行 %s（%s）%s→%s", r.name, rel.Mutate.at(rel), rel.Kind, rel.Shape, rel.Mutate.From, rel.Mutate.To))
			}
			if own {
				x.ownCode++
			}
		}
	}

	return m
}

// halfWidth maps the full-width forms U+FF01–U+FF5E (，（）：；％０-９…)
// to their ASCII letters, as the search tool's stored copies print them.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// share is a/b as a decimal fraction, or — when b is 0.
func share(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// findingKey names a finding by its code, line and severity, to tell
// whether a changed text has a finding the original has not.
func findingKey(code string, line int, sev string) string {
	return fmt.Sprintf("%s 第%d行 %s", code, line, sev)
}

// The texts of testdata/heldout6 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit 6c86ea7; they
// were first run against the audit of commit 324bd6a (figures in their
// README: precision 2/9, recall 2/5, mutation recall 53/156). Since
// testdata/heldout7 was collected, the general causes of their false
// findings were fixed (a year-on-year change read with a part or another
// change before it, 本年 paired with a year written out, a count in another
// sentence than 如下); nothing was changed for their misses. They are a
// tuning set; the figures are floors.
func TestHeldOut6Reports(t *testing.T) {
	floors{dir: "testdata/heldout6", reports: 30, provinces: 19, found: 4, falses: 0, nothing: 6, caught: 102}.measure(t)
}

// The texts of testdata/heldout7 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit 8097bb7; they
// were first run against the audit of commit 6c7c28d (figures in their
// README: precision 1/2, recall 1/8, mutation recall 39/121). Once
// testdata/heldout8 was being collected, their misses were studied and
// general readers added (a change stated both ways in any quantity, a gap
// to an average, a subject cut by a PDF's line breaks, totals of output
// and value, a quantity before 其中 in the sentence before, 增加值 as a
// part, parts rounded coarser than their total, a share with its base
// written inside it, a count of projects and their money broken down
// together, a total split into done and remaining, a count broken down in
// brackets after what it counts, a gap in percentage points or to a named
// average, a list item stating a count in words is prose). They are a
// tuning set; the figures are floors.
func TestHeldOut7Reports(t *testing.T) {
	floors{dir: "testdata/heldout7", reports: 27, provinces: 15, found: 1, falses: 0, nothing: 6, caught: 62}.measure(t)
}

// The texts of testdata/heldout8 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit 1e0149d; they
// were first run against the audit of commit 5ed293f (figures in their
// README: precision 0/5, recall 0/16, mutation recall 39/143). Once
// testdata/heldout9 was being collected, their false findings and misses
// were studied and general readers added (see docs/audit.md). They are a
// tuning set; the figures are floors.
func TestHeldOut8Reports(t *testing.T) {
	floors{dir: "testdata/heldout8", reports: 26, provinces: 15, found: 4, falses: 0, nothing: 5, caught: 83}.measure(t)
}

// The texts of testdata/heldout9 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit 731bdff; they
// were first run against the audit of commit 70beb2a (figures in their
// README: precision 8/17, recall 8/9, mutation recall 51/112). Once
// testdata/heldout10 was being collected, two general causes of their
// false findings were fixed (a part written with a minus sign, a form's
// column label taken for a name). They are a tuning set; the figures are
// floors.
func TestHeldOut9Reports(t *testing.T) {
	floors{dir: "testdata/heldout9", reports: 24, provinces: 14, found: 8, falses: 1, nothing: 4, caught: 76}.measure(t)
}

// The texts of testdata/heldout10 were collected by someone who had seen
// neither the audit's code nor its results, on top of commit e04375a; they
// were first run against the audit of commit 328c302 (figures in their
// README: precision 3/14, recall 3/5, mutation recall 50/96). Once
// testdata/heldout11 was being collected, the general causes of their false
// findings were fixed (running sums with a nested 其中, 上年结转 as a part, a
// 含 list going on after a comma, lists cut short by the end of the text,
// nil parts before the whole, a form without a 分值 column) and a form's
// rate without its per cent sign was read. They are a tuning set; the
// figures are floors.
func TestHeldOut10Reports(t *testing.T) {
	floors{dir: "testdata/heldout10", reports: 24, provinces: 13, found: 4, falses: 0, nothing: 2, caught: 73}.measure(t)
}

// TestHeldOut11Reports measures the audit on an eleventh set, collected
// (on commit 03f37ac) by someone who had read neither the audit's code nor
// its output. Its first run (commit 8e62ec3) is the measure on reports the
// audit had not seen; the figures are floors.
func TestHeldOut11Reports(t *testing.T) {
	floors{dir: "testdata/heldout11", reports: 28, provinces: 13, found: 4, falses: 0, nothing: 9, caught: 65}.measure(t)
}

// TestHeldOut12Reports measures the audit on a twelfth set, collected (on
// commit f2929ae) by someone who had read neither the audit's code nor its
// output. Its first run (commit 5fc1ad0: precision 1/5, recall 1/4,
// mutation recall 27/149, nothing compared on 13 of 29) was the measure on
// reports the audit had not seen; the general causes of its misses were
// worked on since (see its README). The figures are floors.
func TestHeldOut12Reports(t *testing.T) {
	floors{dir: "testdata/heldout12", reports: 29, provinces: 17, found: 1, falses: 0, nothing: 5, caught: 93}.measure(t)
}

// TestHeldOut13Reports measures the audit on a thirteenth set, collected
// (on commit 55c01e7) by someone who had read neither the audit's code nor
// its output. Its first run (commit e603e09: precision 0/7, recall 0/5,
// mutation recall 108/182, nothing compared on 8 of 38) was the measure on
// reports the audit had not seen; the causes of its false findings were
// worked on since (see its README). The figures are floors.
func TestHeldOut13Reports(t *testing.T) {
	floors{dir: "testdata/heldout13", reports: 38, provinces: 23, found: 0, falses: 0, nothing: 7, caught: 150}.measure(t)
}

// TestHeldOut14Reports measures the audit on a fourteenth set, collected
// (on commit 81f7ecd) by someone who had read neither the audit's code nor
// its output. Its first run (commit d678401: precision 2/12, recall 2/2,
// mutation recall 28/104, nothing compared on 7 of 26) was the measure on
// reports the audit had not seen; the causes of its false findings were
// worked on since (see its README). The figures are floors.
func TestHeldOut14Reports(t *testing.T) {
	floors{dir: "testdata/heldout14", reports: 26, provinces: 15, found: 2, falses: 1, nothing: 8, caught: 54}.measure(t)
}

// TestHeldOut15Reports measures the audit on a fifteenth set, collected
// (on commit 4533b0b) by someone who had read neither the audit's code nor
// its output. Its first run (commit 39347f0: precision 0/7, recall 0/3,
// mutation recall 38/100, nothing compared on 6 of 22) was the measure on
// reports the audit had not seen; the causes of its false findings were
// worked on since (see its README). The figures are floors.
func TestHeldOut15Reports(t *testing.T) {
	floors{dir: "testdata/heldout15", reports: 22, provinces: 13, found: 2, falses: 0, nothing: 5, caught: 45}.measure(t)
}

// TestHeldOut16Reports measures the audit on a sixteenth set, collected
// (on commit 48e46d7) by someone who had read neither the audit's code nor
// its output. Its first run (commit 06a748a: precision 10/19, recall
// 10/11, mutation recall 68/122, nothing compared on 1 of 26) was the
// measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut16Reports(t *testing.T) {
	floors{dir: "testdata/heldout16", reports: 26, provinces: 12, found: 9, falses: 0, nothing: 1, caught: 80}.measure(t)
}

// TestHeldOut17Reports measures the audit on a seventeenth set, collected
// (on commit 5d88128) by someone who had read neither the audit's code nor
// its output. Its first run (commit a008778: precision 2/10, recall 2/3,
// mutation recall 55/147, nothing compared on 7 of 24) was the measure on
// reports the audit had not seen; the causes of its false findings were
// worked on since (see its README). The figures are floors.
func TestHeldOut17Reports(t *testing.T) {
	floors{dir: "testdata/heldout17", reports: 24, provinces: 15, found: 2, falses: 1, nothing: 7, caught: 81}.measure(t)
}

// TestHeldOut18Reports measures the audit on an eighteenth set, collected
// (on commit 5378130) by someone who had read neither the audit's code
// nor its output. Its first run (commit 7f44e95: precision 1/10, recall
// 1/9, mutation recall 54/125, nothing compared on 6 of 30) was the
// measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut18Reports(t *testing.T) {
	floors{dir: "testdata/heldout18", reports: 30, provinces: 18, found: 6, falses: 0, nothing: 7, caught: 82}.measure(t)
}

// TestHeldOut19Reports measures the audit on a nineteenth set, collected
// (on commit fa2753e) by someone who had read neither the audit's code
// nor its output. Its first run (commit d57dba9: precision 5/7, recall
// 5/8, mutation recall 50/81, nothing compared on 0 of 20) was the measure
// on reports the audit had not seen; the causes of its false findings were
// worked on since (see its README). The figures are floors.
func TestHeldOut19Reports(t *testing.T) {
	floors{dir: "testdata/heldout19", reports: 20, provinces: 13, found: 5, falses: 0, nothing: 0, caught: 58}.measure(t)
}

// TestHeldOut20Reports measures the audit on a twentieth set, collected
// (on commit 624beac) by someone who had read neither the audit's code
// nor its output. Its first run (commit 6938486: precision 3/7, recall
// 3/8, mutation recall 50/96, nothing compared on 4 of 23) was the measure
// on reports the audit had not seen; the causes of its false findings were
// worked on since (see its README). The figures are floors.
func TestHeldOut20Reports(t *testing.T) {
	floors{dir: "testdata/heldout20", reports: 23, provinces: 10, found: 3, falses: 0, nothing: 4, caught: 55}.measure(t)
}

// TestHeldOut21Reports measures the audit on a twenty-first set, collected
// (on commit 624beac) by someone who had read neither the audit's code
// nor its output. Its first run (commit 6938486: precision 7/11 — 6/11
// without a coincidence, recall 7/8, mutation recall 61/107, nothing
// compared on 5 of 22) was the measure on reports the audit had not seen;
// the causes of its false findings were worked on since (see its README).
// The figures are floors.
func TestHeldOut21Reports(t *testing.T) {
	floors{dir: "testdata/heldout21", reports: 22, provinces: 10, found: 6, falses: 0, nothing: 4, caught: 68}.measure(t)
}

// TestHeldOut22Reports measures the audit on a twenty-second set,
// collected (on commit e0b0cd4) by someone who had read neither the
// audit's code nor its output. Its first run (commit f405cb8: precision
// 2/7, recall 2/3, mutation recall 62/120, nothing compared on 7 of 26)
// was the measure on reports the audit had not seen; the causes of its
// false findings were worked on since (see its README). The figures are
// floors.
func TestHeldOut22Reports(t *testing.T) {
	floors{dir: "testdata/heldout22", reports: 26, provinces: 10, found: 2, falses: 0, nothing: 7, caught: 72}.measure(t)
}

// TestHeldOut23Reports measures the audit on a twenty-third set, collected
// (on commit e0b0cd4) by someone who had read neither the audit's code
// nor its output. Its first run (commit f405cb8: precision 0/2 — no
// relation in it fails —, mutation recall 34/78, nothing compared on 7 of
// 25) was the measure on reports the audit had not seen; the causes of its
// false findings were worked on since (see its README). The figures are
// floors.
func TestHeldOut23Reports(t *testing.T) {
	floors{dir: "testdata/heldout23", reports: 25, provinces: 10, found: 0, falses: 0, nothing: 6, caught: 39}.measure(t)
}

// TestHeldOut24Reports measures the audit on a twenty-fourth set,
// collected (on commit ad27db5) by someone who had read neither the
// audit's code nor its output. Its first run (commit effe878: precision
// 4/6, recall 4/7, mutation recall 60/101, nothing compared on 5 of 22)
// was the measure on reports the audit had not seen; the causes of its
// false findings were worked on since (see its README). The figures are
// floors.
func TestHeldOut24Reports(t *testing.T) {
	floors{dir: "testdata/heldout24", reports: 22, provinces: 10, found: 4, falses: 0, nothing: 5, caught: 63}.measure(t)
}

// TestHeldOut25Reports measures the audit on a twenty-fifth set, collected
// (on commit ad27db5) by someone who had read neither the audit's code
// nor its output. Its first run (commit 86ed151: precision 1/8, recall
// 1/1, mutation recall 29/88, nothing compared on 12 of 29) was the
// measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut25Reports(t *testing.T) {
	floors{dir: "testdata/heldout25", reports: 29, provinces: 10, found: 1, falses: 0, nothing: 12, caught: 36}.measure(t)
}

// TestHeldOut26Reports measures the audit on a twenty-sixth set, collected
// (on commit 125940a, prose favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit 2939147: precision
// 0/1, recall 0/2, mutation recall 24/44, nothing compared on 5 of 17) was
// the measure on reports the audit had not seen; the cause of its false
// finding was worked on since (see its README). The figures are floors.
func TestHeldOut26Reports(t *testing.T) {
	floors{dir: "testdata/heldout26", reports: 17, provinces: 9, found: 0, falses: 0, nothing: 3, caught: 30}.measure(t)
}

// TestHeldOut27Reports measures the audit on a twenty-seventh set,
// collected (on commit 125940a, forms favoured) by someone who had read
// neither the audit's code nor its output. Its first run (commit 2939147:
// precision 4/5, recall 4/7, mutation recall 99/124, nothing compared on
// 3 of 28) was the measure on reports the audit had not seen; the cause
// of its false finding was worked on since (see its README). The figures
// are floors.
func TestHeldOut27Reports(t *testing.T) {
	floors{dir: "testdata/heldout27", reports: 28, provinces: 16, found: 4, falses: 0, nothing: 3, caught: 103}.measure(t)
}

// TestHeldOut29Reports measures the audit on a twenty-ninth set, collected
// (on commit 149045b, forms favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit 6397166: precision
// 7/9, recall 7/10, mutation recall 51/100, nothing compared on 7 of 24)
// was the measure on reports the audit had not seen; the causes of its
// false findings were worked on since (see its README). The figures are
// floors.
func TestHeldOut29Reports(t *testing.T) {
	floors{dir: "testdata/heldout29", reports: 24, provinces: 15, found: 7, falses: 0, nothing: 7, caught: 63}.measure(t)
}

// TestHeldOut28Reports measures the audit on a twenty-eighth set, collected
// (on commit 149045b, prose favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit a6743d6: precision
// 3/6, recall 3/6, mutation recall 34/83, nothing compared on 9 of 30) was
// the measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut28Reports(t *testing.T) {
	floors{dir: "testdata/heldout28", reports: 30, provinces: 21, found: 3, falses: 0, nothing: 9, caught: 36}.measure(t)
}

// TestHeldOut30Reports measures the audit on a thirtieth set, collected
// (on commit 5eb9c23, prose favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit a22d1e4: precision
// 4/8, recall 4/6, mutation recall 47/72, nothing compared on 3 of 22) was
// the measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README; the two left are what the
// final accounts' rule says of a page, unrecorded by its collector). The
// figures are floors.
func TestHeldOut30Reports(t *testing.T) {
	floors{dir: "testdata/heldout30", reports: 22, provinces: 11, found: 4, falses: 2, nothing: 3, caught: 48}.measure(t)
}

// TestHeldOut31Reports measures the audit on a thirty-first set, collected
// (on commit 5eb9c23, forms favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit a22d1e4: precision
// 2/6, recall 2/4, mutation recall 33/93, nothing compared on 6 of 15) was
// the measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut31Reports(t *testing.T) {
	floors{dir: "testdata/heldout31", reports: 15, provinces: 12, found: 2, falses: 0, nothing: 5, caught: 36}.measure(t)
}

// TestHeldOut33Reports measures the audit on a thirty-third set, collected
// (on commit 72e52f6, forms favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit 3fdfb83: precision
// 2/6, recall 2/2, mutation recall 39/73, nothing compared on 2 of 16) was
// the measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut33Reports(t *testing.T) {
	floors{dir: "testdata/heldout33", reports: 16, provinces: 11, found: 2, falses: 0, nothing: 2, caught: 44}.measure(t)
}

// TestHeldOut32Reports measures the audit on a thirty-second set, collected
// (on commit 72e52f6, prose favoured) by someone who had read neither the
// audit's code nor its output. Its first run (commit 0ca5088: precision
// 3/9, recall 3/8, mutation recall 53/97, nothing compared on 4 of 20) was
// the measure on reports the audit had not seen; the causes of its false
// findings were worked on since (see its README). The figures are floors.
func TestHeldOut32Reports(t *testing.T) {
	floors{dir: "testdata/heldout32", reports: 21, provinces: 13, found: 3, falses: 0, nothing: 4, caught: 58}.measure(t)
}
