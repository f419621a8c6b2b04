package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/demo"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/synth"
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

// TestLevelsDrillDown: in a generated province, the finance department's
// reviewer opens 逐级汇总 at the province, follows a city's link to its
// counties and a county's link to its units, whose links lead to the
// bureau's list of that unit; each level's total is the sum of the level
// below's rows, and the path above is shown.
func TestLevelsDrillDown(t *testing.T) {
	ctx := context.Background()
	db := sqltest.SQLite(t)
	z := synth.ProvinceSize{Units: 24, Projects: 24, Indicators: 96, Years: 1}
	p, err := demo.LoadProvince(ctx, db, z, demo.ProvinceOptions{Hash: fastHash, PreparerUnits: 1})
	if err != nil {
		t.Fatal(err)
	}
	ps := newProvinceServer(t, db, p)
	linkRE := regexp.MustCompile(`<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td class="num">(\d+)</td><td class="num">(\d+)</td>`)
	totalRE := regexp.MustCompile(`<tfoot><tr class="average">\s*<th scope="row">合计</th>\s*<td class="num">(\d+)</td><td class="num">(\d+)</td>`)
	page := "/bureau/levels"
	var names []string
	for level, want := range []string{"合成省财政厅", "合成市1财政局", "合成县1财政局"} {
		body := string(ps.send(t, p.Reviewer, "GET", page, nil))
		if !strings.Contains(body, "<span aria-current=\"page\">"+want+"</span>") {
			t.Fatalf("level %d (%s) does not show %s as the current organisation", level, page, want)
		}
		for _, above := range names {
			if !strings.Contains(body, ">"+above+"</a>") {
				t.Errorf("level %d does not link back to %s", level, above)
			}
		}
		names = append(names, want)
		rows := linkRE.FindAllStringSubmatch(body, -1)
		tot := totalRE.FindStringSubmatch(body)
		if len(rows) == 0 || tot == nil {
			t.Fatalf("level %d: %d rows, total %v", level, len(rows), tot)
		}
		units, evals := 0, 0
		for _, r := range rows {
			u, _ := strconv.Atoi(r[3])
			e, _ := strconv.Atoi(r[4])
			units, evals = units+u, evals+e
		}
		if strconv.Itoa(units) != tot[1] || strconv.Itoa(evals) != tot[2] {
			t.Errorf("level %d: rows add to %d units and %d evaluations, the total says %s and %s", level, units, evals, tot[1], tot[2])
		}
		next := html.UnescapeString(rows[0][1])
		if level < 2 && !strings.HasPrefix(next, "/bureau/levels?org=") {
			t.Fatalf("level %d: the first row links to %s, not to its level", level, next)
		}
		if level == 2 {
			if !strings.HasPrefix(next, "/bureau?org=") || len(rows) != 8 {
				t.Errorf("a county's %d units: the first links to %s", len(rows), next)
			}
			// The unit's link lists its evaluation and no other unit's.
			body := string(ps.send(t, p.Reviewer, "GET", next, nil))
			if !strings.Contains(body, ">"+rows[0][2]+"</a>") || strings.Contains(body, ">"+rows[1][2]+"</a>") || strings.Count(body, "<tr data-id=") != 1 {
				t.Errorf("the link of %s lists %d evaluations", rows[0][2], strings.Count(body, "<tr data-id="))
			}
		}
		page = next
	}
}
