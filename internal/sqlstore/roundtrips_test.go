package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/synth"
)

// TestLoadEvaluationRoundTrips counts the statements LoadEvaluation sends
// to the database: the same few (at most 3) whatever the size of the case,
// on both engines; and the case comes back as it was stored, with text
// that JSON must escape and amounts beyond float64's exact integers.
func TestLoadEvaluationRoundTrips(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "B", "财政局", jixiao.OrgBureau, 0)
		counts := map[int]int64{}
		for i, projects := range []int{1, 40} {
			org := mustOrg(t, s, fmt.Sprintf("D%d", i), fmt.Sprintf("部门%d", i), jixiao.OrgDepartment, bureau.ID)
			ev := synth.New(uint64(i+1), 10).Department(0, 2024, projects)
			huge := decimal.RequireFromString("12345678901.234567") // 1.2e16 millionths
			ev.Projects[0].Budget.Initial = &huge
			for k := range ev.Projects[0].Indicators {
				ev.Projects[0].Indicators[k].Evidence = []jixiao.Evidence{{Title: "引号\"反斜杠\\换行\n制表\t", Note: "💡 </script>"}, {Title: "第二份"}}
			}
			info, err := s.ImportEvaluation(ctx, admin, org.ID, ev, false)
			if err != nil {
				t.Fatal(err)
			}
			var n atomic.Int64
			s.CountReads(&n)
			back, got, err := s.LoadEvaluation(ctx, info.ID)
			s.CountReads(nil)
			if err != nil {
				t.Fatal(err)
			}
			counts[projects] = n.Load()
			if got.ID != info.ID || len(back.Projects) != projects {
				t.Fatalf("loaded %+v with %d projects", got, len(back.Projects))
			}
			ev.Status = jixiao.StatusDraft // as stored
			want, _ := json.Marshal(ev)
			have, _ := json.Marshal(back)
			if string(want) != string(have) {
				i := 0
				for i < min(len(want), len(have)) && want[i] == have[i] {
					i++
				}
				t.Errorf("case of %d projects differs after loading, from byte %d:\nwant …%.300s\nhave …%.300s", projects, i, want[max(i-100, 0):], have[max(i-100, 0):])
			}
			if b := back.Projects[0].Budget.Initial; b == nil || !b.Equal(huge) {
				t.Errorf("huge amount %v", b)
			}
		}
		if counts[1] > 3 || counts[40] != counts[1] {
			t.Errorf("round trips by number of projects: %v; want the same number, at most 3", counts)
		}
	})
}
