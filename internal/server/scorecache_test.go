package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// TestScoresAfterSaveAcrossServers: two servers on one database have both
// read a project evaluation's scorecard and summary (each keeps them, and the summaries are
// stored in the database); an indicator saved on server A changes the
// score that A and B show on the scorecard and in the summaries, which is
// the score of the stored case computed afresh. A third server started
// afterwards reads the summaries from the database without computing
// them, and scores nothing it has not been asked for.
func TestScoresAfterSaveAcrossServers(t *testing.T) {
	runBoth(t, func(t *testing.T, pg bool) {
		f := newFixture(t, pg)
		ctx := context.Background()
		// A project evaluation of D1 scored by its indicators (mof-2020).
		data, err := examples.FS.ReadFile("project-farmland-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := caseio.Parse("farmland.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.db.ImportEvaluation(ctx, &jixiao.User{Username: "fixture"}, f.orgs["D1"].ID, c.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		d1 := info.ID
		g := f.second()
		card := fmt.Sprintf("/api/v1/evaluations/%d/scorecard", d1)
		// scores returns the evaluation's total on the scorecard (as
		// displayed, "88.75") and in the summaries, in the same form.
		scores := func(s *fixture) (string, string) {
			t.Helper()
			var sc scoring.JSONScorecard
			r := s.do("reviewer", "GET", card, nil)
			if r.Status != 200 {
				t.Fatalf("scorecard: %d %s", r.Status, r.Body)
			}
			r.json(t, &sc)
			var list struct {
				Items []struct {
					ID    int64           `json:"id"`
					Total decimal.Decimal `json:"total"`
				} `json:"items"`
			}
			r = s.do("reviewer", "GET", "/api/v1/summaries", nil)
			if r.Status != 200 {
				t.Fatalf("summaries: %d %s", r.Status, r.Body)
			}
			r.json(t, &list)
			for _, it := range list.Items {
				if it.ID == d1 {
					return sc.Total.String(), it.Total.StringFixed(2)
				}
			}
			t.Fatalf("the evaluation is not in the summaries: %s", r.Body)
			return "", ""
		}
		fresh := func() string {
			t.Helper()
			ev, _, err := f.db.LoadEvaluation(ctx, d1)
			if err != nil {
				t.Fatal(err)
			}
			rb, err := rulebook.LoadBuiltin(ev.Rulebook)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scoring.Score(ev, rb)
			if err != nil {
				t.Fatal(err)
			}
			return jixiao.Fixed(sc.Displayed, rb.RoundingPolicy().Total)
		}
		before := fresh()
		for _, s := range []*fixture{f, g} {
			if card, sum := scores(s); card != before || sum != before {
				t.Fatalf("before the change: scorecard %s, summary %s, want %s", card, sum, before)
			}
		}

		// A quantitative indicator met in full (21000亩 of ≥2万亩) now
		// falls short.
		ins, err := f.db.Indicators(ctx, d1)
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		for _, in := range ins {
			if in.Indicator.Name == "新建高标准农田面积" {
				id = in.ID
			}
		}
		if id == 0 {
			t.Fatal("the case has no indicator 新建高标准农田面积")
		}
		path := fmt.Sprintf("/api/v1/indicators/%d", id)
		var rec struct {
			Version   int64                      `json:"version"`
			Indicator map[string]json.RawMessage `json:"indicator"`
		}
		f.do("preparer", "GET", path, nil).json(t, &rec)
		rec.Indicator["actual"], _ = json.Marshal("10000亩")
		if r := f.do("preparer", "PUT", path, map[string]any{"version": rec.Version, "indicator": rec.Indicator}); r.Status != 200 {
			t.Fatalf("save: %d %s", r.Status, r.Body)
		}
		after := fresh()
		if after == before {
			t.Fatalf("the change did not change the score (%s)", after)
		}
		for name, s := range map[string]*fixture{"A (saved there)": f, "B": g} {
			if card, sum := scores(s); card != after || sum != after {
				t.Errorf("server %s after the change: scorecard %s, summary %s, want %s (was %s)", name, card, sum, after, before)
			}
		}

		h := f.second()
		if card, sum := scores(h); card != after || sum != after {
			t.Errorf("a server started after the change: scorecard %s, summary %s, want %s", card, sum, after)
		}
		if n := h.app.SummariesComputed(); n != 0 {
			t.Errorf("a server started after the summaries were stored computed %d of them, want 0", n)
		}
		if n := h.app.ScorecardsComputed(); n != 1 {
			t.Errorf("the third server computed %d scorecards for one read, want 1", n)
		}
		scores(h)
		if n := h.app.ScorecardsComputed(); n != 1 {
			t.Errorf("reading an unchanged scorecard again computed it again (%d)", n)
		}
	})
}
