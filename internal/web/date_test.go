package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The report's date (成文日期) is a date input on the 结论与问题 form:
// a date not written YYYY-MM-DD is refused beside the field, a good one is
// stored and ends the printable report's 落款.
func TestReportDateField(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	page := fmt.Sprintf("/evaluations/%d/section/texts", id)
	st, body := c.get(page)
	if st != 200 || !strings.Contains(body, `<input id="f-date" name="date" value="" type="date"`) || !strings.Contains(body, "成文日期") {
		t.Fatalf("texts form: %d, no date input", st)
	}
	info, _ := s.db.EvaluationInfo(ctx, id)
	ev, _, _ := s.db.LoadEvaluation(ctx, id)
	form := url.Values{"version": {fmt.Sprint(info.Version)}, "title": {ev.Title}, "basis": {ev.Basis}, "date": {"2025年3月15日"}}
	st, body = c.post(page, form)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "f-date-err") || !strings.Contains(body, "成文日期应写成年-月-日，如“2025-03-15”") {
		t.Errorf("a date in words: %d", st)
	}
	form.Set("date", "2025-03-15")
	if st, _ := c.post(page, form); st != http.StatusSeeOther {
		t.Fatalf("good date: %d", st)
	}
	if ev, _, _ = s.db.LoadEvaluation(ctx, id); ev.Date != "2025-03-15" {
		t.Errorf("stored date %q", ev.Date)
	}
	if _, body = c.get(page); !strings.Contains(body, `value="2025-03-15" type="date"`) {
		t.Error("the stored date is not shown")
	}
	st, body = c.get(fmt.Sprintf("/api/v1/evaluations/%d/report?format=html", id))
	if st != 200 || !strings.Contains(body, `<p class="r8">2025年3月15日</p>`) || strings.Contains(body, "【待填写：成文日期】") {
		t.Errorf("report: %d, the 落款 lacks the date", st)
	}
}
