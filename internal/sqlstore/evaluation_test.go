package sqlstore_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/synth"
)

func caseJSON(t *testing.T, ev *jixiao.Evaluation) string {
	t.Helper()
	c := *ev
	c.Format = jixiao.CaseFormat
	if c.Status == "" {
		c.Status = jixiao.StatusDraft
	}
	b, err := json.MarshalIndent(&c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every example and a generated department survive the database: what is
// loaded is what was stored.
func TestEvaluationRoundTrip(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "B", "财政局", jixiao.OrgBureau, 0)
		files, _ := filepath.Glob("../../examples/*.yaml")
		var cases []*jixiao.Evaluation
		for _, f := range files {
			c, err := caseio.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, c.Evaluation)
		}
		cases = append(cases, synth.New(9, 10).Department(1, 2024, 4))
		for i, ev := range cases {
			org := mustOrg(t, s, "D"+string(rune('A'+i)), ev.Org.Name+string(rune('A'+i)), jixiao.OrgDepartment, bureau.ID)
			info, err := s.ImportEvaluation(ctx, admin, org.ID, ev, false)
			if err != nil {
				t.Fatalf("%s: %v", ev.Org.Name, err)
			}
			back, info2, err := s.LoadEvaluation(ctx, info.ID)
			if err != nil {
				t.Fatal(err)
			}
			if info2.Status != jixiao.StatusDraft || info2.Year != ev.Year || info2.OrgID != org.ID {
				t.Errorf("info %+v", info2)
			}
			if a, b := caseJSON(t, ev), caseJSON(t, back); a != b {
				t.Errorf("%s: stored and loaded differ:\n%s\n---\n%s", ev.Org.Name, a, b)
			}
			// Importing again is a conflict unless replacing.
			if _, err := s.ImportEvaluation(ctx, admin, org.ID, ev, false); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
				t.Errorf("second import: %v", err)
			}
			rep, err := s.ImportEvaluation(ctx, admin, org.ID, ev, true)
			if err != nil || rep.ID != info.ID || rep.Version != 2 {
				t.Errorf("replace: %+v %v", rep, err)
			}
		}
		list, total, err := s.ListEvaluations(ctx, jixiao.EvaluationFilter{Year: 2024})
		if err != nil || total != len(cases) || len(list) != len(cases) {
			t.Errorf("list: %d of %d, %v", len(list), total, err)
		}
	})
}
