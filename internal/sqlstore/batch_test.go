package sqlstore_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/synth"
)

// TestImportBatch: a batch of cases, some for new organisations, is
// stored in one go and reads back whole; a batch with one bad case stores
// nothing, not even its new organisations.
func TestImportBatch(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau, err := s.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "B", Name: "财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		g := synth.New(7, 6)
		var cases []sqlstore.NewCase
		for i := range 3 {
			ev := g.Department(i, 2024, 2)
			cases = append(cases, sqlstore.NewCase{Org: &jixiao.OrgRecord{Code: ev.Org.Code, Name: ev.Org.Name, Kind: jixiao.OrgDepartment, ParentID: bureau.ID}, Evaluation: ev})
		}
		// A second year for the first organisation, once it exists.
		cases = append(cases, sqlstore.NewCase{Org: cases[0].Org, Evaluation: g.Department(0, 2023, 2)})
		ids, err := s.ImportBatch(ctx, admin, cases)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			back, info, err := s.LoadEvaluation(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if info.OrgID != cases[i].Org.ID || info.Year != cases[i].Evaluation.Year || len(back.Projects) != 2 ||
				back.Projects[1].Indicators[5].Name != cases[i].Evaluation.Projects[1].Indicators[5].Name {
				t.Errorf("case %d read back as organisation %d year %d with %d projects", i, info.OrgID, info.Year, len(back.Projects))
			}
		}
		before, err := s.Orgs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ev := g.Department(10, 2024, 1)
		bad := []sqlstore.NewCase{
			{Org: &jixiao.OrgRecord{Code: ev.Org.Code, Name: ev.Org.Name, Kind: jixiao.OrgDepartment, ParentID: bureau.ID}, Evaluation: ev},
			{Org: cases[1].Org, Evaluation: g.Department(1, 2024, 1)}, // already stored
		}
		if _, err := s.ImportBatch(ctx, admin, bad); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Fatalf("a batch with a duplicate: %v", err)
		}
		after, _ := s.Orgs(ctx)
		if len(after) != len(before) || bad[0].Org.ID != 0 {
			t.Errorf("the failed batch left %d organisations (was %d), new organisation's ID %d", len(after), len(before), bad[0].Org.ID)
		}
	})
}
