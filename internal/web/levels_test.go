package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jixiao"
)

// TestLevelsPage: the bureau's reviewer sees a row per department with
// its evaluations of the year and a total that adds them up; a
// department's preparer sees only its own; an organisation outside one's
// scope is not found.
func TestLevelsPage(t *testing.T) {
	s := newSite(t)
	rev := signIn(t, s, "reviewer")
	st, body := rev.get("/bureau/levels")
	if st != http.StatusOK {
		t.Fatalf("GET /bureau/levels: %d %s", st, body)
	}
	year := s.data.Evaluations[0].Year
	n := 0
	for _, e := range s.data.Evaluations {
		if e.Year == year {
			n++
		}
	}
	if s.training.Year == year {
		n++
	}
	if !strings.Contains(body, fmt.Sprintf("逐级汇总 · %d年度", year)) || !strings.Contains(body, s.data.Bureau.Name) {
		t.Errorf("the page does not name the year %d and the bureau", year)
	}
	for _, d := range s.data.Departments {
		if !strings.Contains(body, d.Name) {
			t.Errorf("department %s is missing", d.Name)
		}
	}
	foot := body[strings.Index(body, "<tfoot>"):]
	if !strings.Contains(foot, "合计") || !strings.Contains(foot, fmt.Sprintf(`<td class="num">%d</td><td class="num">%d</td>`, len(s.data.Departments), n)) {
		t.Errorf("the total row does not count %d departments and %d evaluations: %.600s", len(s.data.Departments), n, foot)
	}
	// The API gives the same figures.
	u, _, err := s.db.UserByName(context.Background(), "reviewer")
	if err != nil {
		t.Fatal(err)
	}
	ctx := jixiao.WithUser(context.Background(), u)
	r, err := s.app.Rollup(ctx, 0, 0)
	if err != nil || r.Total.Evaluations != n || len(r.Rows) != len(s.data.Departments) {
		t.Errorf("rollup: %v, %d evaluations in %d rows", err, r.Total.Evaluations, len(r.Rows))
	}

	prep := signIn(t, s, "preparer")
	st, body = prep.get("/bureau/levels")
	if st != http.StatusOK || !strings.Contains(body, s.data.Departments[0].Name) || strings.Contains(body, s.data.Departments[1].Name) {
		t.Errorf("preparer's levels: %d, own shown %v, another shown %v", st, strings.Contains(body, s.data.Departments[0].Name), strings.Contains(body, s.data.Departments[1].Name))
	}
	if st, _ := prep.get(fmt.Sprintf("/bureau/levels?org=%d", s.data.Departments[1].ID)); st != http.StatusNotFound {
		t.Errorf("preparer rolls up another department: %d", st)
	}
	if st, _ := rev.get("/bureau/levels?org=abc"); st != http.StatusNotFound {
		t.Errorf("a malformed organisation: %d", st)
	}
	if st, _ := rev.get("/bureau/levels?year=abc"); st != http.StatusBadRequest {
		t.Errorf("a malformed year: %d", st)
	}
}
