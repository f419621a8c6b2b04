package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

// The year-over-year page lines up the reference department's evaluation
// with its evaluation of the year before: scores, the change, the grade,
// and each indicator's target and actual value by year; the chart is drawn.
func TestYearsPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	sys := &jixiao.User{Username: "测试"}
	ref := s.data.Evaluations[0]
	ev, _, err := s.db.LoadEvaluation(ctx, ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Last year's evaluation: the same case a year earlier, one department
	// indicator reached less.
	ev.Year--
	var changed *jixiao.Indicator
	for _, ind := range allIndicators(ev) {
		if ind.Actual.Text != "" {
			changed = ind
			break
		}
	}
	if changed == nil {
		t.Fatal("the reference case has no indicator with an actual value")
	}
	name, was := changed.Name, changed.Actual.Text
	changed.Actual = jixiao.Figure{Text: "去年的完成值"}
	last, err := s.db.ImportEvaluation(ctx, sys, ref.OrgID, ev, false)
	if err != nil {
		t.Fatal(err)
	}

	c := signIn(t, s, "preparer")
	code, body := c.get(fmt.Sprintf("/evaluations/%d/years", ref.ID))
	if code != 200 {
		t.Fatalf("years page: %d", code)
	}
	for _, want := range []string{
		fmt.Sprintf("%d年度", ref.Year), fmt.Sprintf("%d年度", last.Year), "与" + fmt.Sprint(last.Year) + "年度相比，总分",
		"评价等级均为", name, "去年的完成值", was, `id="chart-years"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("years page lacks %q", want)
		}
	}
	// Both years are the same subject: last year's page shows this year too.
	if _, body := c.get(fmt.Sprintf("/evaluations/%d/years", last.ID)); !strings.Contains(body, fmt.Sprintf("/evaluations/%d\"", ref.ID)) {
		t.Error("last year's page does not link this year's evaluation")
	}

	// The report's conclusion compares the year with the one before.
	var html strings.Builder
	if _, _, err := s.app.Report(s.as(t, "preparer"), ref.ID, "html", &html); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("与%d年度相比，总分均为", last.Year); !strings.Contains(html.String(), want) {
		t.Errorf("the report lacks %q", want)
	}

	b := newBrowser(t, s)
	b.login("reviewer")
	b.open(fmt.Sprintf("/evaluations/%d/years", ref.ID))
	b.waitFor(`document.querySelector("#chart-years[data-ready=\"1\"] svg")`)
	if n := eval[int](b, `document.querySelectorAll("#years-table tbody tr").length`); n != 2 {
		t.Errorf("%d rows of years, want 2", n)
	}
}

// allIndicators are the case's indicators, wherever they are.
func allIndicators(ev *jixiao.Evaluation) []*jixiao.Indicator {
	var out []*jixiao.Indicator
	for i := range ev.Indicators {
		out = append(out, &ev.Indicators[i])
	}
	for g := range ev.Goals {
		for i := range ev.Goals[g].Indicators {
			out = append(out, &ev.Goals[g].Indicators[i])
		}
	}
	for p := range ev.Projects {
		for i := range ev.Projects[p].Indicators {
			out = append(out, &ev.Projects[p].Indicators[i])
		}
	}
	return out
}
