package sqlstore_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
)

// TestIDsNeverReused deletes the newest evaluation and the newest
// indicator and makes new ones: neither gets a deleted record's id, and
// the audit history of each id is of one record only.
func TestIDsNeverReused(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		info := imported(t, s, "project-training-2024.yaml")
		inds, _ := s.Indicators(ctx, info.ID)
		last := inds[len(inds)-1]
		if err := s.DeleteIndicator(ctx, admin, last.ID, last.Version); err != nil {
			t.Fatal(err)
		}
		in, err := s.CreateIndicator(ctx, admin, info.ID, last.Owner, &jixiao.Indicator{Name: "新指标"})
		if err != nil {
			t.Fatal(err)
		}
		if in.ID <= last.ID {
			t.Errorf("new indicator id %d after deleting %d", in.ID, last.ID)
		}
		if err := s.DeleteEvaluation(ctx, admin, info.ID, info.Version); err != nil {
			t.Fatal(err)
		}
		c, _ := caseio.Load("../../examples/project-training-2024.yaml")
		again, err := s.ImportEvaluation(ctx, admin, info.OrgID, c.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID <= info.ID {
			t.Errorf("new evaluation id %d after deleting %d", again.ID, info.ID)
		}
		es, _, _ := s.Audit(ctx, jixiao.AuditFilter{EvaluationID: again.ID})
		if len(es) != 1 || es[0].Action != "import" {
			t.Errorf("history of the new evaluation: %d entries", len(es))
		}
	})
}

// TestAuditByOrganisation: entries carry their organisation, deletions
// included, and the filter keeps one organisation's.
func TestAuditByOrganisation(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		a := imported(t, s, "project-training-2024.yaml")
		b := imported(t, s, "project-clinic-2024.yaml")
		if err := s.DeleteEvaluation(ctx, admin, b.ID, b.Version); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			info *jixiao.EvaluationInfo
			want []string
		}{{a, []string{"import"}}, {b, []string{"delete", "import"}}} {
			es, _, err := s.Audit(ctx, jixiao.AuditFilter{EvaluationID: c.info.ID, OrgID: c.info.OrgID})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Action)
			}
			if len(got) != len(c.want) || got[0] != c.want[0] {
				t.Errorf("evaluation %d in its organisation: %v, want %v", c.info.ID, got, c.want)
			}
			other := a.OrgID + b.OrgID - c.info.OrgID
			if es, _, _ := s.Audit(ctx, jixiao.AuditFilter{EvaluationID: c.info.ID, OrgID: other}); len(es) != 0 {
				t.Errorf("evaluation %d: %d entries under another organisation", c.info.ID, len(es))
			}
		}
	})
}
