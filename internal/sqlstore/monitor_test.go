package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/sqlstore"
)

func pct(t *testing.T, s string) jixiao.Figure {
	t.Helper()
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMonitorRounds opens a round for two departments with its task, lists
// it for the bureau and for one department (only its entry), saves an
// entry's money exactly (scaled integers), refuses a stale version,
// submits it (the task's assignee is submitted too), refuses a change
// after submission, records a disposition, and finds every change in the
// audit log.
func TestMonitorRounds(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "510100", "某市财政局", jixiao.OrgBureau, 0)
		road := mustOrg(t, s, "510100-001", "某市交通运输局", jixiao.OrgDepartment, bureau.ID)
		edu := mustOrg(t, s, "510100-002", "某市教育局", jixiao.OrgDepartment, bureau.ID)
		reviewer := &jixiao.User{Username: "审核员"}
		r := &jixiao.MonitorRoundRecord{BureauID: bureau.ID, Year: 2026, Period: "1—7月", CutOff: jixiao.MustDate("2026-07-31"), Rules: "sichuan-2025",
			Deadline: jixiao.MustDate("2026-08-10"), Entries: []jixiao.MonitorEntry{{OrgID: road.ID}, {OrgID: edu.ID}}}
		task := &jixiao.Task{Kind: jixiao.TaskMonitor, Title: r.Title(), BureauID: bureau.ID, Deadline: r.Deadline,
			Assignees: []jixiao.TaskAssignee{{OrgID: road.ID}, {OrgID: edu.ID}}}
		if err := s.CreateMonitorRound(ctx, reviewer, r, task); err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.TaskID != task.ID || r.Entries[0].AssigneeID != task.Assignees[0].ID || r.Entries[1].State != jixiao.EntryOpen {
			t.Fatalf("created %+v", r)
		}
		all, err := s.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{BureauIDs: []int64{bureau.ID}})
		if err != nil || len(all) != 1 || len(all[0].Entries) != 2 || all[0].Bureau != "某市财政局" || all[0].Period != "1—7月" {
			t.Fatalf("bureau's rounds %+v %v", all, err)
		}
		mine, err := s.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{OrgIDs: []int64{edu.ID}})
		if err != nil || len(mine) != 1 || len(mine[0].Entries) != 1 || mine[0].Entries[0].Org != "某市教育局" {
			t.Fatalf("edu's rounds %+v %v", mine, err)
		}
		if got, _ := s.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{OrgIDs: []int64{bureau.ID}}); len(got) != 0 {
			t.Errorf("rounds of an organisation with no entry: %d", len(got))
		}
		if bare, err := s.MonitorRounds(ctx, sqlstore.MonitorRoundFilter{Bare: true}); err != nil || len(bare) != 1 || bare[0].ID != r.ID ||
			bare[0].Year != 2026 || bare[0].Entries != nil {
			t.Errorf("bare rounds %+v %v", bare, err)
		}

		e := r.Entries[0]
		e.Department = &jixiao.MonitorFunds{Budget: decimal.RequireFromString("5680.123456"), Executed: decimal.RequireFromString("2610.35"), Cause: "雨季停工"}
		e.Projects = []jixiao.MonitorProject{{Code: "P1", Name: "农村公路养护", Budget: decimal.RequireFromString("1000"), Executed: decimal.RequireFromString("382"),
			Indicators: []jixiao.MonitorIndicator{{Level1: "产出指标", Name: "养护里程", Target: pct(t, "120公里"), Progress: pct(t, "58.33%"), Forecast: pct(t, "90%"), Reason: "雨季"}}}}
		if err := s.SaveMonitorEntry(ctx, reviewer, &e, false, jixiao.Date{}); err != nil {
			t.Fatal(err)
		}
		stale := e
		stale.Version = 1
		if err := s.SaveMonitorEntry(ctx, reviewer, &stale, false, jixiao.Date{}); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale save: %v", err)
		}
		if n := count(t, s, fmt.Sprintf("SELECT budget FROM monitor_entries WHERE id = %d", e.ID)); n != 5680123456 {
			t.Errorf("budget stored as %d millionths", n)
		}
		if err := s.SaveMonitorEntry(ctx, reviewer, &e, true, jixiao.MustDate("2026-08-05")); err != nil {
			t.Fatal(err)
		}
		back, got, err := s.MonitorEntryRound(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.ID != r.ID || got.State != jixiao.EntrySubmitted || got.WarnedOn.String() != "2026-08-05" || !got.Department.Budget.Equal(decimal.RequireFromString("5680.123456")) ||
			len(got.Projects) != 1 || len(got.Projects[0].Indicators) != 1 || got.Projects[0].Indicators[0].Forecast.Text != "90%" || got.Department.Cause != "雨季停工" {
			t.Fatalf("loaded %+v", got)
		}
		if tk, _ := s.Task(ctx, task.ID); tk.Assignees[0].State != jixiao.TaskSubmitted || tk.Assignees[1].State != jixiao.TaskNotStarted {
			t.Errorf("task assignees %+v", tk.Assignees)
		}
		if err := s.SaveMonitorEntry(ctx, reviewer, got, false, jixiao.Date{}); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("change after submission: %v", err)
		}
		d := jixiao.Disposition{Project: "P1", Action: jixiao.ActionContinue, Reason: "8月底前完成验收付款", Date: jixiao.MustDate("2026-08-12")}
		if _, err := s.AddMonitorDisposition(ctx, reviewer, e.ID, 1, d); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale disposition: %v", err)
		}
		v, err := s.AddMonitorDisposition(ctx, reviewer, e.ID, got.Version, d)
		if err != nil || v != got.Version+1 {
			t.Fatalf("disposition: %d %v", v, err)
		}
		if _, err := s.AddMonitorDisposition(ctx, reviewer, r.Entries[1].ID, 1, d); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("disposition of an entry not submitted: %v", err)
		}
		_, got, _ = s.MonitorEntryRound(ctx, e.ID)
		if len(got.Dispositions) != 1 || got.Dispositions[0] != d {
			t.Errorf("dispositions %+v", got.Dispositions)
		}
		subs, err := s.SubmittedMonitorRounds(ctx, jixiao.MustDate("2026-01-01"), 10)
		if err != nil || len(subs) != 1 || subs[0].ID != r.ID {
			t.Errorf("submitted rounds %+v %v", subs, err)
		}
		if subs, _ := s.SubmittedMonitorRounds(ctx, jixiao.MustDate("2026-09-01"), 10); len(subs) != 0 {
			t.Errorf("rounds warned before the day asked: %d", len(subs))
		}
		if n := count(t, s, "SELECT count(*) FROM audit_log WHERE entity IN ('monitor_round', 'monitor_entry')"); n != 4 {
			t.Errorf("%d audit entries, want 4", n)
		}
		// Each under its organisation: the round under the bureau, the
		// entry's changes under the department.
		if n := count(t, s, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE entity = 'monitor_round' AND org_id = %d", bureau.ID)); n != 1 {
			t.Errorf("%d round entries under the bureau", n)
		}
		if n := count(t, s, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE entity = 'monitor_entry' AND org_id = %d", road.ID)); n != 3 {
			t.Errorf("%d entry changes under the department", n)
		}
	})
}
