package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/synth"
)

// BenchmarkLoadEvaluation loads a stored department of 40 projects × 10
// indicators, each indicator with 2 pieces of evidence, per operation, on
// SQLite and on PostgreSQL (when JIXIAO_TEST_POSTGRES_DSN is set). First the
// evidence was read with one query per indicator (400 round trips), then
// with one (about 60 statements: one per list, one per project's fund
// lines); now the whole case is one statement plus its summary's (2 round
// trips, TestLoadEvaluationRoundTrips). Run it with
//
//	go test ./internal/sqlstore -run '^$' -bench LoadEvaluation -benchmem -count 3
//
// Measured on 2 shared, loaded cores, PostgreSQL on loopback (-count 3; the
// last two columns measured one after the other, load average 5.5–7):
//
//	          one query per indicator             one query per list                   one statement
//	sqlite    12–26 ms  1.93 MB  32,238 allocs    5.7–6.3 ms  1.71 MB  25,212 allocs    5.1–5.7 ms  2.32 MB  19,676 allocs
//	postgres  29–77 ms  2.09 MB  31,508 allocs    6.6–7.8 ms  1.74 MB  24,877 allocs    5.8–7.9 ms  2.43 MB  19,705 allocs
//
// On loopback a round trip costs little; across a network (0.3–1 ms each)
// the ~60 statements of the previous form cost 20–60 ms more per load.
func BenchmarkLoadEvaluation(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchLoad(b, sqltest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		dsn := sqltest.PostgresDSN(b)
		if dsn == "" {
			b.Skip("no PostgreSQL")
		}
		benchLoad(b, sqltest.Postgres(b, dsn))
	})
}

func benchLoad(b *testing.B, s *sqlstore.DB) {
	ctx := context.Background()
	bureau, err := s.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "B", Name: "财政局", Kind: jixiao.OrgBureau})
	if err != nil {
		b.Fatal(err)
	}
	org, err := s.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "D", Name: "部门", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
	if err != nil {
		b.Fatal(err)
	}
	ev := synth.New(3, 10).Department(0, 2024, 40)
	for i := range ev.Projects {
		for k := range ev.Projects[i].Indicators {
			in := &ev.Projects[i].Indicators[k]
			for n := range 2 {
				in.Evidence = append(in.Evidence, jixiao.Evidence{Title: fmt.Sprintf("材料%d-%d-%d", i, k, n), Note: "说明"})
			}
		}
	}
	info, err := s.ImportEvaluation(ctx, admin, org.ID, ev, false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		back, _, err := s.LoadEvaluation(ctx, info.ID)
		if err != nil {
			b.Fatal(err)
		}
		if got := back.Projects[39].Indicators[9].Evidence; len(got) != 2 || got[1].Title != "材料39-9-1" {
			b.Fatalf("evidence %+v", got)
		}
	}
}
