package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestRecheckStore: on both engines a sample reads back as drawn (the
// seed beyond int64, amounts in millionths of 万元, scores exact), re-scores
// replace the earlier ones, a rectification item's stale save is refused,
// a decision replaces the earlier one of its evaluation with its money
// exact, and every change is in the audit log under its organisation.
func TestRecheckStore(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "B", "某市财政局", jixiao.OrgBureau, 0)
		dept := mustOrg(t, s, "B-1", "某市教育局", jixiao.OrgDepartment, bureau.ID)
		actor := &jixiao.User{Username: "复核员"}
		amount := decimal.RequireFromString("1234.567891")
		rec, err := s.CreateSample(ctx, actor, &jixiao.SampleRecord{OrgID: bureau.ID, Year: 2024, Rulebook: "mof-2020",
			Sample: jixiao.Sample{Seed: 1<<63 + 5, Method: jixiao.SampleAmount, Size: 1, Population: 3, Digest: "abc",
				Strata: []jixiao.Stratum{{Name: "1000万元及以上", Population: 1, Drawn: 1}}},
			Entries: []jixiao.SampleEntry{{EvaluationID: 41, OrgID: dept.ID, SampledItem: jixiao.SampledItem{Stratum: "1000万元及以上",
				Submission: jixiao.Submission{Unit: "某市教育局", Project: "校舍维修", Amount: amount, Score: decimal.RequireFromString("91.50"), Grade: "优"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Sample.Seed != 1<<63+5 || rec.OrgID != bureau.ID || len(rec.Entries) != 1 || !rec.Entries[0].Amount.Equal(amount) ||
			rec.Entries[0].Score.String() != "91.5" || rec.Sample.Strata[0].Drawn != 1 || len(rec.Sample.Items) != 1 || rec.CreatedBy != "复核员" {
			t.Fatalf("sample read back: %+v", rec)
		}
		if l, err := s.ListSamples(ctx, 2024, 10); err != nil || len(l) != 1 || l[0].ID != rec.ID {
			t.Errorf("samples of 2024: %v %v", l, err)
		}
		if l, err := s.ListSamples(ctx, 2023, 10); err != nil || len(l) != 0 {
			t.Errorf("samples of 2023: %v %v", l, err)
		}
		// A list reads each sample's entries as Sample does, in their order.
		second, err := s.CreateSample(ctx, actor, &jixiao.SampleRecord{OrgID: bureau.ID, Year: 2024, Rulebook: "mof-2020",
			Sample: jixiao.Sample{Seed: 2, Method: jixiao.SampleRandom, Size: 2, Population: 3, Digest: "def"},
			Entries: []jixiao.SampleEntry{
				{EvaluationID: 43, OrgID: dept.ID, SampledItem: jixiao.SampledItem{Submission: jixiao.Submission{Unit: "某市教育局", Project: "乙项目", Amount: amount, Score: decimal.RequireFromString("80"), Grade: "良"}}},
				{EvaluationID: 42, OrgID: dept.ID, SampledItem: jixiao.SampledItem{Submission: jixiao.Submission{Unit: "某市教育局", Project: "甲项目", Amount: amount, Score: decimal.RequireFromString("70"), Grade: "中"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		first, err := s.Sample(ctx, rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l, err := s.ListSamples(ctx, 2024, 10); err != nil || len(l) != 2 || !reflect.DeepEqual(l[0], second) || !reflect.DeepEqual(l[1], first) ||
			l[0].Entries[0].EvaluationID != 43 || len(l[0].Sample.Items) != 2 {
			t.Errorf("samples of 2024: %+v %v", l, err)
		}
		if l, err := s.ListSamples(ctx, 0, 1); err != nil || len(l) != 1 || !reflect.DeepEqual(l[0], second) {
			t.Errorf("the newest sample: %+v %v", l, err)
		}
		item := func(name, self, re, reason string) jixiao.RecheckItem {
			return jixiao.RecheckItem{Name: name, Weight: decimal.NewFromInt(20), Self: decimal.RequireFromString(self), Recheck: decimal.RequireFromString(re), Reason: reason}
		}
		if err := s.SaveRescores(ctx, actor, rec.ID, 99, []jixiao.RecheckItem{item("决策", "20", "20", "")}); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("re-scoring an evaluation not in the sample: %v", err)
		}
		if err := s.SaveRescores(ctx, actor, rec.ID, 41, []jixiao.RecheckItem{item("决策", "20", "18", "依据不足"), item("过程", "15.25", "15.25", "")}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveRescores(ctx, actor, rec.ID, 41, []jixiao.RecheckItem{item("决策", "20", "17.50", "依据不足")}); err != nil {
			t.Fatal(err)
		}
		rs, err := s.Rescores(ctx, rec.ID)
		if err != nil || len(rs[41]) != 1 || rs[41][0].Recheck.String() != "17.5" || rs[41][0].Reason != "依据不足" || rs[41][0].Username != "复核员" {
			t.Fatalf("re-scores: %+v %v", rs, err)
		}

		r, err := s.CreateRectification(ctx, actor, dept.ID, 0, &jixiao.Rectification{Year: 2024, Project: "校舍维修", Problem: "执行率口径有误",
			Source: jixiao.RectRecheck, Owner: "张三", Measure: "重新核定", Deadline: "2025-06-30", Status: jixiao.RectNotified})
		if err != nil {
			t.Fatal(err)
		}
		if r.Item.ID != jixiao.RectID(r.ID) || r.Item.Unit != "某市教育局" || r.OrgName != "某市教育局" || r.Version != 1 {
			t.Errorf("item read back: %+v", r)
		}
		if err := r.Item.Feedback([]string{"整改报告"}, ""); err != nil {
			t.Fatal(err)
		}
		r.Link = "https://example.org/1"
		stale := *r
		if err := s.SaveRectification(ctx, actor, "feedback", r); err != nil || r.Version != 2 {
			t.Fatalf("feedback: %v (version %d)", err, r.Version)
		}
		if err := s.SaveRectification(ctx, actor, "feedback", &stale); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("a stale save: %v", err)
		}
		got, err := s.Rectification(ctx, r.ID)
		if err != nil || got.Item.Status != jixiao.RectFeedback || len(got.Item.Evidence) != 1 || len(got.Item.History) != 1 || got.Link != "https://example.org/1" {
			t.Errorf("after feedback: %+v %v", got, err)
		}
		if l, err := s.ListRectifications(ctx, []int64{dept.ID}, 2025, 10); err != nil || len(l) != 1 {
			t.Errorf("items up to 2025: %v %v", l, err)
		}
		if l, err := s.ListRectifications(ctx, []int64{bureau.ID}, 2025, 10); err != nil || len(l) != 0 {
			t.Errorf("the bureau's own items: %v %v", l, err)
		}
		if _, err := s.ListRectifications(ctx, nil, 2025, 0); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("more items than the limit: %v", err)
		}

		decided := decimal.RequireFromString("720.125")
		d := &jixiao.ResultDecision{EvaluationID: 41, OrgID: dept.ID, Year: 2024, Unit: "某市教育局", Project: "校舍维修", Grade: "中",
			Amount: decimal.RequireFromString("800"), Rules: "results-2020", SuggestedAction: "压缩", SuggestedAmount: decimal.RequireFromString("720"),
			DecidedAction: "压缩", DecidedAmount: &decided}
		if err := s.SaveDecision(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
		d.DecidedAction, d.DecidedAmount = "保障", nil
		if err := s.SaveDecision(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
		ds, err := s.Decisions(ctx, 2024)
		if err != nil || len(ds) != 1 || ds[41].DecidedAction != "保障" || ds[41].DecidedAmount != nil || !ds[41].SuggestedAmount.Equal(decimal.NewFromInt(720)) || ds[41].Version != 2 {
			t.Fatalf("decisions: %+v %v", ds[41], err)
		}
		d.DecidedAmount = &decided
		if err := s.SaveDecision(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
		if ds, _ := s.Decisions(ctx, 2024); !ds[41].DecidedAmount.Equal(decided) {
			t.Errorf("decided amount read back: %s", ds[41].DecidedAmount)
		}

		// A requested amount and reallocations are kept, in order, and
		// replaced with the decision; the audit entry holds the old ones.
		requested := decimal.RequireFromString("900.5")
		d.Requested, d.Amount = &requested, requested
		d.Reallocations = []jixiao.Reallocation{{To: "学生资助", Amount: decimal.RequireFromString("100.25")}, {To: "2025年校舍维修", Amount: decimal.RequireFromString("50")}}
		if err := s.SaveDecision(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
		ds, err = s.Decisions(ctx, 2024)
		if err != nil || !ds[41].Requested.Equal(requested) || !ds[41].Amount.Equal(requested) || len(ds[41].Reallocations) != 2 ||
			ds[41].Reallocations[0].To != "学生资助" || !ds[41].Reallocations[0].Amount.Equal(decimal.RequireFromString("100.25")) || ds[41].Reallocations[1].To != "2025年校舍维修" {
			t.Fatalf("requested and reallocations read back: %+v %v", ds[41], err)
		}
		d.Requested, d.Reallocations = nil, []jixiao.Reallocation{{To: "基层卫生", Amount: decimal.RequireFromString("1")}}
		if err := s.SaveDecision(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
		if ds, _ := s.Decisions(ctx, 2024); ds[41].Requested != nil || len(ds[41].Reallocations) != 1 || ds[41].Reallocations[0].To != "基层卫生" {
			t.Errorf("replaced reallocations: %+v", ds[41])
		}
		if ds, _ := s.Decisions(ctx, 2023); len(ds) != 0 {
			t.Errorf("another year's decisions: %v", ds)
		}

		entries, _, err := s.Audit(ctx, jixiao.AuditFilter{OrgID: dept.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, e := range entries {
			n[e.Entity+"/"+e.Action]++
		}
		if n["rectification/create"] != 1 || n["rectification/feedback"] != 1 {
			t.Errorf("the department's audit entries: %v", n)
		}
		decisions, _, err := s.Audit(ctx, jixiao.AuditFilter{Entity: "result_decision", Limit: 100})
		if err != nil || len(decisions) != 5 {
			t.Errorf("decisions in the audit log: %d %v", len(decisions), err)
		}
		last := &jixiao.AuditEntry{}
		for _, e := range decisions {
			if last.ID == 0 || e.ID > last.ID {
				last = e
			}
		}
		if !strings.Contains(last.Old, "学生资助") || !strings.Contains(last.New, "基层卫生") {
			t.Errorf("the last decision's audit entry: old %s new %s", last.Old, last.New)
		}
		bn := map[string]int{}
		entries, _, _ = s.Audit(ctx, jixiao.AuditFilter{OrgID: bureau.ID, Limit: 100})
		for _, e := range entries {
			bn[e.Entity+"/"+e.Action]++
		}
		if bn["recheck_sample/create"] != 2 { // the two samples drawn above
			t.Errorf("the bureau's audit entries: %v", bn)
		}
	})
}

// TestRaiseRectificationOnce: on both engines an item raised from an
// origin is made once — raising it again returns the first item — while
// items raised by hand (no origin) are each new, and every creation is in
// the audit log once.
func TestRaiseRectificationOnce(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "B", "某市财政局", jixiao.OrgBureau, 0)
		dept := mustOrg(t, s, "B-1", "某市教育局", jixiao.OrgDepartment, bureau.ID)
		it := func(problem string) *jixiao.Rectification {
			return &jixiao.Rectification{Year: 2024, Problem: problem, Source: jixiao.RectWarning, Owner: "张三", Measure: "说明原因", Deadline: "2024-12-31", Status: jixiao.RectNotified}
		}
		first, created, err := s.RaiseRectification(ctx, nil, dept.ID, 0, "monitor:3:1:校舍维修", it("执行率偏低"))
		if err != nil || !created || first.RoundID != 3 || first.EntryID != 1 || first.SampleID != 0 {
			t.Fatalf("first raise: %+v %v %v", first, created, err)
		}
		again, created, err := s.RaiseRectification(ctx, &jixiao.User{Username: "王五"}, dept.ID, 0, "monitor:3:1:校舍维修", it("另写的问题"))
		if err != nil || created || again.ID != first.ID || again.Item.Problem != "执行率偏低" {
			t.Fatalf("second raise: %+v %v %v", again, created, err)
		}
		other, created, err := s.RaiseRectification(ctx, nil, dept.ID, 0, "monitor:3:1:部门整体", it("部门整体执行率偏低"))
		if err != nil || !created || other.ID == first.ID {
			t.Fatalf("another origin: %+v %v %v", other, created, err)
		}
		for range 2 {
			if _, err := s.CreateRectification(ctx, nil, dept.ID, 0, it("手工录入")); err != nil {
				t.Fatal(err)
			}
		}
		l, err := s.ListRectifications(ctx, []int64{dept.ID}, 2024, 10)
		if err != nil || len(l) != 4 {
			t.Fatalf("items: %d %v", len(l), err)
		}
		entries, _, err := s.Audit(ctx, jixiao.AuditFilter{OrgID: dept.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Entity == "rectification" && e.Action == "create" {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d creations in the audit log, want 4", n)
		}
	})
}
