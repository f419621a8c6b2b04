package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/library"
	"jixiao/internal/sqlstore"
)

// TestLibraryStore: the starter library is stored once as the first
// version; each change (propose, confirm, merge, retire) makes a new
// version with its history, a change that alters nothing makes none, any
// version reads back as it was, search finds by code, name and level, and
// every change is in the audit log.
func TestLibraryStore(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		reviewer := &jixiao.User{Username: "审核员"}
		starter, err := library.Starter()
		if err != nil {
			t.Fatal(err)
		}
		empty, err := s.Library(ctx)
		if err != nil || empty.Version != 0 || len(empty.Indicators) != 0 {
			t.Fatalf("empty library: %+v %v", empty, err)
		}
		if _, err := s.ChangeLibrary(ctx, reviewer, jixiao.LibActionConfirm, "", "", func(l *jixiao.Library) (string, error) { return "GX-0001", l.Confirm("GX-0001") }); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("change before seeding: %v", err)
		}
		if seeded, err := s.SeedLibrary(ctx, nil, starter); err != nil || !seeded {
			t.Fatalf("seed: %v %v", seeded, err)
		}
		if seeded, err := s.SeedLibrary(ctx, nil, starter); err != nil || seeded {
			t.Fatalf("second seed: %v %v", seeded, err)
		}
		l, err := s.Library(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if l.Version != 1 || l.Year != 2024 || len(l.Indicators) != len(starter.Indicators) || len(jixiao.DiffLibrary(starter, l)) != 0 {
			t.Fatalf("stored starter: version %d year %d, %d indicators, diff %v", l.Version, l.Year, len(l.Indicators), jixiao.DiffLibrary(starter, l))
		}

		propose := func(name string) *jixiao.LibraryIndicator {
			t.Helper()
			in, err := s.ChangeLibrary(ctx, &jixiao.User{Username: "填报员"}, jixiao.LibActionPropose, "", "", func(l *jixiao.Library) (string, error) {
				return l.Propose("CX", jixiao.LibraryIndicator{Name: name, Level1: "产出", Level2: "数量指标", Op: jixiao.OpGE, Unit: "人次", Core: true})
			})
			if err != nil {
				t.Fatal(err)
			}
			return in
		}
		a := propose("培训人次")
		b := propose("培训人数")
		if a.ID != "CX-0001" || b.ID != "CX-0002" || a.Status != jixiao.LibProposed || !a.Core {
			t.Fatalf("proposed %+v %+v", a, b)
		}
		change := func(action, code, into string, fn func(l *jixiao.Library) error) (*jixiao.LibraryIndicator, error) {
			return s.ChangeLibrary(ctx, reviewer, action, into, "", func(l *jixiao.Library) (string, error) { return code, fn(l) })
		}
		if got, err := change(jixiao.LibActionConfirm, a.ID, "", func(l *jixiao.Library) error { return l.Confirm(a.ID) }); err != nil || got.Status != jixiao.LibConfirmed {
			t.Fatalf("confirm: %+v %v", got, err)
		}
		if got, err := change(jixiao.LibActionMerge, b.ID, a.ID, func(l *jixiao.Library) error { return l.Merge(b.ID, a.ID) }); err != nil || got.Status != jixiao.LibRetired || got.MergedInto != a.ID {
			t.Fatalf("merge: %+v %v", got, err)
		}
		if _, err := change(jixiao.LibActionRetire, "GX-0052", "", func(l *jixiao.Library) error { return l.Retire("GX-0052") }); err != nil {
			t.Fatal(err)
		}
		// Confirming what is confirmed changes nothing: no new version.
		if _, err := change(jixiao.LibActionConfirm, a.ID, "", func(l *jixiao.Library) error { return l.Confirm(a.ID) }); err != nil {
			t.Fatal(err)
		}
		// A refused change writes nothing.
		if _, err := change(jixiao.LibActionConfirm, "GX-0052", "", func(l *jixiao.Library) error { return l.Confirm("GX-0052") }); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("confirming a retired indicator: %v", err)
		}

		cur, err := s.Library(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Version != 6 || cur.Year != s.Now().Year() || len(cur.Indicators) != len(starter.Indicators)+2 {
			t.Fatalf("current: version %d year %d, %d indicators", cur.Version, cur.Year, len(cur.Indicators))
		}
		if in, ok := cur.Find(b.ID); !ok || in.ID != a.ID {
			t.Errorf("finding the merged code: %+v", in)
		}
		hist, total, err := s.LibraryHistory(ctx, 0, 10)
		if err != nil || total != 6 || len(hist) != 6 {
			t.Fatalf("history: %d of %d, %v", len(hist), total, err)
		}
		var actions []string
		for _, v := range hist {
			actions = append(actions, v.Action+":"+v.Code+":"+v.Into+":"+v.Username)
		}
		if got := strings.Join(actions, " "); got != "retire:GX-0052::审核员 merge:CX-0002:CX-0001:审核员 confirm:CX-0001::审核员 propose:CX-0002::填报员 propose:CX-0001::填报员 seed:::系统" {
			t.Errorf("history: %s", got)
		}

		// Each version reads back as it was.
		v1, err := s.LibraryAt(ctx, 1)
		if err != nil || len(jixiao.DiffLibrary(starter, v1)) != 0 {
			t.Errorf("version 1: %v %v", jixiao.DiffLibrary(starter, v1), err)
		}
		v3, err := s.LibraryAt(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		diff := jixiao.DiffLibrary(v3, cur)
		want := []jixiao.LibraryChange{{ID: "CX-0001", Field: "状态", Old: "建议", New: "已确认"}, {ID: "CX-0002", Field: "状态", Old: "建议", New: "已停用"},
			{ID: "CX-0002", Field: "已并入", Old: "", New: "CX-0001"}, {ID: "GX-0052", Field: "状态", Old: "已确认", New: "已停用"}}
		if len(diff) != len(want) {
			t.Fatalf("version 3 to 6: %+v", diff)
		}
		for i := range want {
			if diff[i] != want[i] {
				t.Errorf("version 3 to 6, change %d: %+v, want %+v", i, diff[i], want[i])
			}
		}
		if _, err := s.LibraryAt(ctx, 99); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("version 99: %v", err)
		}

		// Search: by code or name, by level, retired only when asked.
		page := func(f jixiao.LibraryFilter) []string {
			t.Helper()
			p, err := s.SearchLibrary(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, in := range p.Items {
				codes = append(codes, in.ID)
			}
			if p.Version != 6 || len(p.Levels) == 0 || p.Levels[0] != starter.Indicators[0].Level1 {
				t.Errorf("page: version %d, levels %v", p.Version, p.Levels)
			}
			return codes
		}
		if got := strings.Join(page(jixiao.LibraryFilter{Query: "培训"}), " "); got != "CX-0001" {
			t.Errorf("search 培训: %s", got)
		}
		if got := strings.Join(page(jixiao.LibraryFilter{Query: "培训", All: true}), " "); got != "CX-0001 CX-0002" {
			t.Errorf("search 培训 with retired: %s", got)
		}
		if got := strings.Join(page(jixiao.LibraryFilter{Query: "cx-000"}), " "); got != "CX-0001" {
			t.Errorf("search by code: %s", got)
		}
		if got := page(jixiao.LibraryFilter{Status: jixiao.LibRetired}); strings.Join(got, " ") != "GX-0052 CX-0002" {
			t.Errorf("retired: %v", got)
		}
		if got := page(jixiao.LibraryFilter{Level1: "产出", Level2: "数量指标"}); len(got) == 0 || got[len(got)-1] != "CX-0001" {
			t.Errorf("under 产出／数量指标: %v", got)
		}
		if got := page(jixiao.LibraryFilter{Query: "%"}); len(got) != 0 {
			t.Errorf("%% is literal: %v", got)
		}

		entries, n, err := s.Audit(ctx, jixiao.AuditFilter{Entity: "library"})
		if err != nil || n != 6 {
			t.Fatalf("audit: %d entries, %v", n, err)
		}
		if e := entries[0]; e.Action != "retire" || !strings.Contains(e.New, "GX-0052") || !strings.Contains(e.Old, "已确认") {
			t.Errorf("latest audit entry %+v", e)
		}

		// An edit keeps the code, records its reason with the version
		// and in the audit log.
		edited, err := s.ChangeLibrary(ctx, reviewer, jixiao.LibActionEdit, "", "口径与2025年文件一致", func(l *jixiao.Library) (string, error) {
			in, _ := l.Find(a.ID)
			e := *in
			e.Name, e.Definition = "培训服务人次", "全年参加培训的人次"
			return a.ID, l.Edit(a.ID, e)
		})
		if err != nil || edited.ID != a.ID || edited.Name != "培训服务人次" || edited.Status != jixiao.LibConfirmed {
			t.Fatalf("edit: %+v %v", edited, err)
		}
		hist, _, err = s.LibraryHistory(ctx, 0, 1)
		if err != nil || len(hist) != 1 || hist[0].Version != 7 || hist[0].Action != jixiao.LibActionEdit || hist[0].Reason != "口径与2025年文件一致" {
			t.Fatalf("history after the edit: %+v %v", hist, err)
		}
		entries, _, err = s.Audit(ctx, jixiao.AuditFilter{Entity: "library"})
		if err != nil || entries[0].Action != "edit" || !strings.Contains(entries[0].New, "口径与2025年文件一致") || !strings.Contains(entries[0].Old, "培训人次") {
			t.Errorf("audit of the edit: %+v %v", entries[0], err)
		}
		v6, err := s.LibraryAt(ctx, 6)
		if err != nil {
			t.Fatal(err)
		}
		if in, _ := v6.Find(a.ID); in.Name != "培训人次" {
			t.Errorf("version 6 after the edit: %+v", in)
		}
	})
}
