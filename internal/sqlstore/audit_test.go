package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestAuditSearch filters an evaluation's history by text in the changed
// values, by person (username or display name), by time, and pages it;
// each entry names its person by display name (the username when none),
// and a reopened acceptance is an entry of its own with its reason.
func TestAuditSearch(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		info := imported(t, s, "project-training-2024.yaml")
		zhang, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "zhangsan", DisplayName: "张三", Role: jixiao.RolePreparer, OrgID: info.OrgID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		li, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "lisi", Role: jixiao.RoleReviewer}, "x")
		if err != nil {
			t.Fatal(err)
		}
		inds, err := s.Indicators(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := inds[0]
		// Five edits, one a day: 张三 the first three, lisi two; the
		// third carries a value with LIKE's wildcards in it.
		values := []string{"偏差甲", "偏差乙", "完成率50%_以上", "偏差丁", "偏差戊"}
		for i, v := range values {
			clock = clock.Add(24 * time.Hour)
			who := zhang
			if i >= 3 {
				who = li
			}
			ind := in.Indicator
			ind.Deviation = v
			if in, err = s.UpdateIndicator(ctx, who, in.ID, in.Version, &ind); err != nil {
				t.Fatal(err)
			}
		}
		actuals := func(f jixiao.AuditFilter) ([]string, int) {
			t.Helper()
			f.EvaluationID = info.ID
			es, total, err := s.Audit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range es {
				out = append(out, fmt.Sprintf("%s %s", e.Name, e.Action))
			}
			return out, total
		}
		check := func(name string, f jixiao.AuditFilter, want []string, wantTotal int) {
			t.Helper()
			got, total := actuals(f)
			if !slices.Equal(got, want) || total != wantTotal {
				t.Errorf("%s: %q (total %d), want %q (total %d)", name, got, total, want, wantTotal)
			}
		}
		check("all", jixiao.AuditFilter{}, []string{"lisi update", "lisi update", "张三 update", "张三 update", "张三 update", "测试 import"}, 6)
		// A value is in the new value of its edit and the old of the next.
		check("text", jixiao.AuditFilter{Text: "偏差甲"}, []string{"张三 update", "张三 update"}, 2)
		check("text of the last edit", jixiao.AuditFilter{Text: "偏差戊"}, []string{"lisi update"}, 1)
		check("wildcards literal", jixiao.AuditFilter{Text: "50%_"}, []string{"lisi update", "张三 update"}, 2)
		check("no wildcard match", jixiao.AuditFilter{Text: "完成率5_%"}, nil, 0)
		check("person by display name", jixiao.AuditFilter{Person: "张"}, []string{"张三 update", "张三 update", "张三 update"}, 3)
		check("person by username", jixiao.AuditFilter{Person: "LISI"}, []string{"lisi update", "lisi update"}, 2)
		day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
		check("date range", jixiao.AuditFilter{Since: day(3), Until: day(5)}, []string{"张三 update", "张三 update"}, 2)
		check("page 2 of 2", jixiao.AuditFilter{Limit: 4, Offset: 4}, []string{"张三 update", "测试 import"}, 6)

		// Submitted, accepted, reopened: the reopening is its own entry.
		clock = clock.Add(24 * time.Hour)
		e, err := s.EvaluationInfo(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			from, to jixiao.Status
			reason   string
		}{{jixiao.StatusDraft, jixiao.StatusSubmitted, ""}, {jixiao.StatusSubmitted, jixiao.StatusAccepted, ""}, {jixiao.StatusAccepted, jixiao.StatusReturned, "决算数填错，需更正"}} {
			if e, err = s.Transition(ctx, li, info.ID, e.Version, []jixiao.Status{step.from}, step.to, step.reason, nil); err != nil {
				t.Fatal(err)
			}
		}
		es, _, err := s.Audit(ctx, jixiao.AuditFilter{EvaluationID: info.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if es[0].Action != "reopen" || es[0].Name != "lisi" || es[0].Old != `{"status":"accepted"}` || es[0].New != `{"comments":null,"reason":"决算数填错，需更正","status":"returned"}` {
			t.Errorf("reopen entry: %+v", es[0])
		}
		ts, err := s.Transitions(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := ts[len(ts)-1]; !last.Reopens() || last.Name != "lisi" || last.Reason != "决算数填错，需更正" || ts[0].Reopens() {
			t.Errorf("transitions: %+v", ts)
		}
	})
}
