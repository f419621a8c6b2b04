package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The project form edits 结果应用 (projects[].results_use) in a text area
// beside the problems and measures: what a preparer types and saves is
// stored and printed as the project report's last section; saved empty,
// the report prints the placeholder and the findings list it (F05).
func TestResultsUseField(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	id := s.training.ID
	projects, err := s.db.Projects(ctx, id)
	if err != nil || len(projects) != 1 {
		t.Fatalf("projects: %d, %v", len(projects), err)
	}
	pid := projects[0].ID
	c := signIn(t, s, "preparer")
	report := func() string {
		t.Helper()
		st, body := c.get(fmt.Sprintf("/api/v1/evaluations/%d/report?format=html", id))
		if st != 200 {
			t.Fatalf("report: %d", st)
		}
		return body
	}
	if body := report(); !strings.Contains(body, "七、结果应用") || !strings.Contains(body, "自评结果报市财政局并在局门户网站公开") {
		t.Fatal("the example's report lacks its 结果应用")
	}

	b := newBrowser(t, s)
	b.login("preparer")
	page := fmt.Sprintf("/projects/%d", pid)
	b.open(page)
	const area = "textarea#f-projects-0-results_use"
	if label := eval[string](b, `document.querySelector("label[for=f-projects-0-results_use]").textContent`); !strings.Contains(label, "结果应用") {
		t.Errorf("the field is labelled %q", label)
	}
	// The project form saves when the field is left (autosave): the form
	// then says 已保存.
	state := fmt.Sprintf("#project-%d-form-state .saved", pid)
	save := func(text string) {
		t.Helper()
		b.open(page)
		if text == "" {
			eval[bool](b, `(el => { el.focus(); el.value = ""; el.dispatchEvent(new Event("change", {bubbles: true})); el.blur(); return true })(document.querySelector("`+area+`"))`)
		} else {
			b.typeInto(area, text)
		}
		b.waitFor(fmt.Sprintf(`!!document.querySelector(%q) && !document.querySelector("[data-unsaved]")`, state))
	}

	const text = "自评结果已报市财政局，培训人次未完成的问题列入整改台账，下年度预算按实际培训规模核定。"
	save(text)
	ev, _, err := s.db.LoadEvaluation(ctx, id)
	if err != nil || ev.Projects[0].ResultsUse != text {
		t.Fatalf("stored %q, %v", ev.Projects[0].ResultsUse, err)
	}
	if body := report(); !strings.Contains(body, text) || strings.Contains(body, "【待填写：结果应用】") {
		t.Error("the report does not print the saved 结果应用")
	}

	save("")
	if ev, _, _ = s.db.LoadEvaluation(ctx, id); ev.Projects[0].ResultsUse != "" {
		t.Fatalf("cleared, stored %q", ev.Projects[0].ResultsUse)
	}
	if body := report(); !strings.Contains(body, "七、结果应用") || !strings.Contains(body, "【待填写：结果应用】") {
		t.Error("a blank 结果应用 is not a placeholder in the report")
	}
	// The finding links to the field on the project's form.
	if st, body := c.get(fmt.Sprintf("/evaluations/%d/findings", id)); st != 200 || !strings.Contains(body, "“结果应用”待填写") ||
		!strings.Contains(body, fmt.Sprintf(`href="/projects/%d#f-projects-0-results_use"`, pid)) {
		t.Errorf("findings: %d, F05 does not list 结果应用 with a link to its field", st)
	}
}

// TestResultsReallocationForm: the bureau records, in the results page's
// form, a next-year request and a decision that moves part of the cut to
// two purposes written one a line; the page lists them under 调剂明细 with
// their total and the sum that adds up. A line without an amount, and
// more than the cut, are refused in Chinese naming the line or the
// amounts; nothing is recorded then.
func TestResultsReallocationForm(t *testing.T) {
	s := newSite(t)
	r := signIn(t, s, "reviewer")
	_, page := r.get("/results?year=2024")
	i := strings.Index(page, `/decide" class="form inline decide"`)
	if i < 0 {
		t.Fatalf("the results page offers no decision:\n%.2000s", page)
	}
	action := page[:i+len("/decide")]
	action = action[strings.LastIndex(action, `action="`)+len(`action="`):]
	form := func(moves string) url.Values {
		return url.Values{"action": {"调剂"}, "amount": {"100"}, "requested": {"400.004"}, "note": {"压减后调剂"}, "moves": {moves}}
	}
	for _, c := range []struct{ moves, want string }{
		{"学生资助\n", "调剂去向第 1 行“学生资助”应写成“去向 金额”"},
		{"学生资助 两百", "调剂去向第 1 行的金额“两百”不是数字"},
		{"学生资助 200\n校舍维修，100.01", "调剂金额合计 300.01 万元，超过调减的 300.00 万元（拟安排 400.00 − 决定 100.00）"},
	} {
		if st, body := r.post(action, form(c.moves)); st != 400 || !strings.Contains(body, c.want) {
			t.Errorf("moves %q: %d, want 400 naming %s\n%.3000s", c.moves, st, c.want, body)
		}
	}
	if _, body := r.get("/results?year=2024"); strings.Contains(body, `id="moves"`) {
		t.Fatal("a refused decision was recorded")
	}
	if st, _ := r.post(action, form("学生资助 200\n校舍维修：100万元\n")); st != 303 {
		t.Fatalf("decide: %d", st)
	}
	_, body := r.get("/results?year=2024")
	for _, want := range []string{`id="moves"`, "<td>学生资助</td><td class=\"num\">200.00</td>", "<td>校舍维修</td><td class=\"num\">100.00</td>",
		`<td class="num">300.00</td></tr></tfoot>`, "调剂：学生资助 200.00 万元；校舍维修 100.00 万元", "调剂 300.00", `value="400.00"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if st, _ := r.post("/results/pdf?year=abc", nil); st != 400 {
		t.Errorf("PDF of a year that is none: %d", st)
	}
}
