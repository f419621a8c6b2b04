package web_test

import (
	"context"
	"fmt"
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
