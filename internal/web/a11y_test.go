package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"jixiao"
)

// unlabelled lists the form controls of the page without an accessible
// name (a label, aria-label or title) and the buttons without text.
const unlabelled = `Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea, button")).filter(el => {
  if (el.tagName === "BUTTON") return !(el.textContent.trim() || el.getAttribute("aria-label"));
  return !(el.labels && el.labels.length) && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby") && !el.getAttribute("title");
}).map(el => el.outerHTML.slice(0, 160))`

// TestAccessibleAndEscaped opens every main page in the browser: each form
// control has a label; the keyboard reaches the skip link first and focus
// is visible; a department user cannot open another department's page;
// text a user typed is shown as text, never run.
func TestAccessibleAndEscaped(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	b := newBrowser(t, s)

	// Text typed by a user, made to run if it were not escaped.
	ref := s.data.Evaluations[0].ID
	ins, _ := s.db.Indicators(ctx, ref)
	evil := `"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`
	in := ins[0].Indicator
	in.Name = evil
	if _, err := s.db.UpdateIndicator(ctx, &jixiao.User{Username: "测试"}, ins[0].ID, ins[0].Version, &in); err != nil {
		t.Fatal(err)
	}
	projects, _ := s.db.Projects(ctx, ref)

	b.login("preparer")
	b.open("/")
	b.do(chromedp.KeyEvent(kb.Tab))
	if eval[string](b, "document.activeElement.className") != "skip" {
		t.Error("the first Tab does not reach the skip link")
	}
	if outline := eval[string](b, "getComputedStyle(document.activeElement).outlineStyle"); outline == "none" {
		t.Error("keyboard focus is not visible")
	}
	pages := []string{"/", fmt.Sprintf("/evaluations/%d", ref)}
	for _, sec := range []string{"profile", "budget", "texts", "process"} {
		pages = append(pages, fmt.Sprintf("/evaluations/%d/section/%s", ref, sec))
	}
	for _, p := range []string{"goals", "projects", "findings", "evidence", "history", "years"} {
		pages = append(pages, fmt.Sprintf("/evaluations/%d/%s", ref, p))
	}
	pages = append(pages, fmt.Sprintf("/projects/%d", projects[0].ID), fmt.Sprintf("/indicators/%d", ins[0].ID), "/audit")
	for _, p := range pages {
		b.open(p)
		if bad := eval[[]string](b, unlabelled); len(bad) > 0 {
			t.Errorf("%s: %d controls without a label, e.g. %s", p, len(bad), bad[0])
		}
		if eval[bool](b, "window.pwned !== undefined || !!document.querySelector('img[src=x]')") {
			t.Fatalf("%s ran text a user typed", p)
		}
	}
	b.open(fmt.Sprintf("/evaluations/%d/goals", ref))
	if got := eval[string](b, fmt.Sprintf(`document.querySelector("#r%d-name").value`, ins[0].ID)); got != evil {
		t.Errorf("typed text shown as %q", got)
	}

	// On a tablet (820 px wide) the pages fit: only tables scroll, inside
	// their own box.
	b.do(chromedp.EmulateViewport(820, 1180))
	for _, p := range pages {
		b.open(p)
		if w := eval[float64](b, "document.documentElement.scrollWidth - window.innerWidth"); w > 1 {
			t.Errorf("%s is %v px wider than a tablet screen", p, w)
		}
	}
	b.do(chromedp.EmulateViewport(1280, 800))

	// Another department's page, in the same session.
	other := s.data.Evaluations[1]
	b.open(fmt.Sprintf("/evaluations/%d", other.ID))
	if txt := b.text("main"); !strings.Contains(txt, "找不到该页面或记录") || strings.Contains(txt, other.OrgName) {
		t.Errorf("another department's evaluation: %q", txt)
	}
	b.open("/bureau")
	if txt := b.text("main"); strings.Contains(txt, other.OrgName) {
		t.Errorf("the overview lists another department for a preparer")
	}

	// The bureau's overview and a finance reviewer's view of a case.
	b.login("reviewer")
	for _, p := range []string{"/bureau", fmt.Sprintf("/evaluations/%d", other.ID)} {
		b.open(p)
		if bad := eval[[]string](b, unlabelled); len(bad) > 0 {
			t.Errorf("%s: %d controls without a label, e.g. %s", p, len(bad), bad[0])
		}
	}
}

// The printable report opens styled in the browser under the server's
// security headers, and runs no script.
func TestPrintableReportStyled(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	b.open(fmt.Sprintf("/api/v1/evaluations/%d/report?format=html", s.data.Evaluations[0].ID))
	if c := eval[string](b, `getComputedStyle(document.querySelector("table")).borderCollapse`); c != "collapse" {
		t.Errorf("the report's table is not styled (border-collapse %q): its styles were blocked", c)
	}
	if m := eval[string](b, `getComputedStyle(document.body).marginTop`); m != "0px" {
		t.Errorf("body margin %q, want the report's 0px", m)
	}
}

// axeVersion is the axe-core release vendored under testdata/axe.
const axeVersion = "4.14.1"

// axeRun runs axe-core on the open page against WCAG 2.1 A and AA and
// returns the serious and critical violations, one line each: the rule,
// its help text and the first few elements it names.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r =>
  r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
    v.id + " (" + v.impact + "): " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ") + (n.failureSummary ? " [" + n.failureSummary.replace(/\s+/g, " ").slice(0, 160) + "]" : "")).join("; ")))`

// axe checks the open page with axe-core and reports each serious or
// critical violation as a test error; and each table column whose header
// is not aligned as its cells (numbers right, text left).
func (b *browser) axe(page string) {
	b.t.Helper()
	src, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		b.t.Fatalf("axe-core %s is vendored under testdata/axe: %v", axeVersion, err)
	}
	if v := eval[string](b, string(src)+";\naxe.version"); v != axeVersion {
		b.t.Fatalf("axe-core version %s, want %s", v, axeVersion)
	}
	for _, v := range evalAsync[[]string](b, axeRun) {
		b.t.Errorf("%s: %s", page, v)
	}
	for _, v := range eval[[]string](b, misaligned) {
		b.t.Errorf("%s: table column aligned by the wrong type: %s", page, v)
	}
}

// TestAxeEveryPage runs axe-core (WCAG 2.1 AA) over every page each role
// sees — a department's preparer on a department and a project evaluation,
// its approver, the finance bureau's reviewer, an auditor, an assigned evaluator and the
// administrator — and fails on any serious or critical violation (missing
// labels, contrast below AA, keyboard traps, ARIA misuse).
func TestAxeEveryPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	ref := s.data.Evaluations[0].ID
	ins, _ := s.db.Indicators(ctx, ref)
	projects, _ := s.db.Projects(ctx, ref)
	evalPages := func(id int64) []string {
		out := []string{fmt.Sprintf("/evaluations/%d", id)}
		for _, sec := range []string{"profile", "budget", "texts", "process"} {
			out = append(out, fmt.Sprintf("/evaluations/%d/section/%s", id, sec))
		}
		for _, p := range []string{"goals", "projects", "findings", "evidence", "history", "years"} {
			out = append(out, fmt.Sprintf("/evaluations/%d/%s", id, p))
		}
		return out
	}
	draft := fmt.Sprintf("/declarations/%d", draftDeclaration(t, s, 0))
	submitted := fmt.Sprintf("/declarations/%d", storedDeclaration(t, s, 0, "已提交的测试项目", jixiao.DeclSubmitted))
	task := fmt.Sprintf("/tasks/%d", s.data.Tasks[2].ID)
	round, entry := storedRound(t, s, 0, false)
	sround, sentry := storedRound(t, s, 0, true)
	monitorPages := []string{"/monitoring", fmt.Sprintf("/monitoring/%d", round), fmt.Sprintf("/monitoring/%d/entries/%d", round, entry), fmt.Sprintf("/monitoring/%d/entries/%d", sround, sentry)}
	common := append(evalPages(ref), "/tasks", task, "/account", fmt.Sprintf("/projects/%d", projects[0].ID), fmt.Sprintf("/indicators/%d", ins[0].ID), "/audit")
	sample, sheet, item := recheckFixture(t, s, 0)
	recheck := []string{"/recheck?year=2024", sample, sheet, "/rectifications?year=2024", "/rectifications?year=2025", item, "/results?year=2024"}
	roles := map[string][]string{
		"preparer":  append(append(append([]string{"/", "/library", "/declarations", draft, draft + "/diff", submitted}, common...), evalPages(s.training.ID)...), monitorPages...),
		"reviewer":  append(append(append([]string{"/bureau", "/rule-files", "/library", "/library/edit/GX-0001", "/library/versions/1", "/library/compare?from=1&to=1", "/tasks/new", fmt.Sprintf("/evaluations/%d", s.data.Evaluations[1].ID), "/declarations", submitted}, common...), recheck...), monitorPages...),
		"approver":  {"/", fmt.Sprintf("/evaluations/%d", ref), fmt.Sprintf("/evaluations/%d", s.training.ID), fmt.Sprintf("/evaluations/%d/goals", ref), "/rectifications?year=2024", item},
		"auditor":   {"/bureau", fmt.Sprintf("/evaluations/%d", ref), fmt.Sprintf("/evaluations/%d/history", ref)},
		"evaluator": {"/bureau", fmt.Sprintf("/evaluations/%d", ref), fmt.Sprintf("/evaluations/%d/goals", ref)},
		"admin":     {"/bureau", "/", fmt.Sprintf("/evaluations/%d", ref)},
	}
	// Each role in a browser of its own, as a parallel subtest (go test
	// runs -parallel of them at once, GOMAXPROCS by default): page after
	// page in one browser, the test waited on one page at a time for most
	// of its minutes. The pages only read the site; the records the
	// roles see were all made above. The two roles with the most pages
	// start first.
	for _, role := range []string{"preparer", "reviewer", "approver", "auditor", "evaluator", "admin"} {
		t.Run(role, func(t *testing.T) {
			t.Parallel()
			b := newBrowser(t, s)
			b.login(role)
			b.open("/")
			b.axe(role + " /")
			for _, p := range roles[role] {
				b.open(p)
				if strings.HasPrefix(p, "/bureau") {
					b.waitFor(`document.querySelector("#chart-grades[data-ready]")`)
				}
				if p == monitorPages[1] {
					b.waitFor(`document.querySelector("#chart-monitor[data-ready]")`)
				}
				b.axe(role + " " + p)
			}
			if role != "admin" {
				return
			}
			b.open("/bureau/levels")
			b.axe("/bureau/levels")
			b.open("/no-such-page")
			b.axe("/no-such-page")
			b.open("/bureau?grade=%E4%BC%98&sort=name&dir=asc")
			b.axe("/bureau filtered")
			b.open("/login")
			b.axe("/login")
		})
	}
}

// TestScorecardByKeyboard fills a scorecard row with the keyboard alone:
// Tab reaches the row's inputs in reading order, typing and Tab saves the
// row (the score updates) and keeps the focus where Tab put it, in the
// next input of the new row, so the user goes on typing.
func TestScorecardByKeyboard(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d/goals", s.training.ID))
	id := s.indicatorOf(t, s.training.ID, "培训人次")
	b.do(chromedp.Focus(chromedp.CSS(fmt.Sprintf("#r%d-target", id))))
	b.do(chromedp.KeyEvent(kb.Tab))
	if got := eval[string](b, "document.activeElement.id"); got != fmt.Sprintf("r%d-actual", id) {
		t.Fatalf("Tab from the target reaches %q, want the actual", got)
	}
	before, _ := b.scoreText()
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.KeyEvent("3000人次"), chromedp.KeyEvent(kb.Tab))
	b.waitFor(`document.querySelector("#score-panel [data-total]").textContent.trim() !== "` + before + `"`)
	b.waitFor(fmt.Sprintf(`document.getElementById("r%d-actual").value === "3000人次"`, id))
	if got := eval[string](b, "document.activeElement.id"); got != fmt.Sprintf("r%d-weight", id) {
		t.Fatalf("after the row saved, the focus is on %q, want the weight input the Tab went to", got)
	}
	// And on: the weight, by keyboard, in the swapped row.
	score := eval[string](b, fmt.Sprintf(`document.getElementById("sc-%d").textContent`, id))
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.KeyEvent("25"), chromedp.KeyEvent(kb.Tab))
	b.waitFor(fmt.Sprintf(`document.getElementById("r%d-weight").value === "25" && document.getElementById("sc-%[1]d").textContent !== %q`, id, score))
	if outline := eval[string](b, "getComputedStyle(document.activeElement).outlineStyle"); outline == "none" {
		t.Error("the focused input shows no focus ring")
	}
}

// TestScorecardTypingAhead: a user who tabs on and types while the row
// before is still saving loses nothing: what was typed into the row's next
// input during the save is kept when the saved row comes back, and saved
// in turn.
func TestScorecardTypingAhead(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d/goals", s.training.ID))
	id := s.indicatorOf(t, s.training.ID, "培训人次")
	b.do(chromedp.Focus(chromedp.CSS(fmt.Sprintf("#r%d-actual", id))))
	eval[bool](b, "document.activeElement.select(); true")
	// A slow server: the row's save leaves a second after it is made.
	eval[bool](b, `(function () {
		var send = XMLHttpRequest.prototype.send;
		XMLHttpRequest.prototype.send = function (body) { var x = this; window.sent = (window.sent || 0) + 1; setTimeout(function () { send.call(x, body) }, 1000) };
		return true;
	})()`)
	b.do(chromedp.KeyEvent("3000人次"), chromedp.KeyEvent(kb.Tab))
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.KeyEvent("25"), chromedp.KeyEvent(kb.Tab))
	b.waitFor(fmt.Sprintf(`document.getElementById("sc-%d").textContent.includes("× 分值25 = 15.00")`, id))
	if got := eval[string](b, fmt.Sprintf(`document.getElementById("r%d-weight").value + " " + document.getElementById("r%[1]d-actual").value`, id)); got != "25 3000人次" {
		t.Errorf("the row shows %q, want both values typed (25 3000人次)", got)
	}
	// Typing ahead and leaving only after the answer came: saved on
	// leaving.
	b.do(chromedp.Focus(chromedp.CSS(fmt.Sprintf("#r%d-actual", id))))
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.KeyEvent("3500人次"), chromedp.KeyEvent(kb.Tab))
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.KeyEvent("24"))
	b.waitFor(fmt.Sprintf(`document.getElementById("sc-%d").textContent.includes("实际值3500人次")`, id))
	if got := eval[string](b, "document.activeElement.id + ' ' + document.activeElement.value"); got != fmt.Sprintf("r%d-weight 24", id) {
		t.Errorf("after the answer, the input being typed in is %q", got)
	}
	b.do(chromedp.KeyEvent(kb.Tab))
	b.waitFor(fmt.Sprintf(`document.getElementById("sc-%d").textContent.includes("× 分值24 = 16.80")`, id))
	// All is stored.
	ins, err := s.db.Indicators(context.Background(), s.training.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ins {
		if r.ID == id && (r.Indicator.Actual.Text != "3500人次" || r.Indicator.Weight == nil || r.Indicator.Weight.String() != "24") {
			t.Errorf("stored actual %q, weight %v", r.Indicator.Actual.Text, r.Indicator.Weight)
		}
	}
}
