package sqlstore_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestRuleFiles stores rule files of two kinds: versions are numbered per
// kind, the same content again returns the version stored before (and is
// not audited again), the same content under another kind is a version of
// that kind; a round records its versions; a year's results-rules choice
// is kept, refuses a version of another kind, and is fixed once a decision
// of the year is recorded. Uploads and choices are in the audit log.
func TestRuleFiles(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "510100", "某市财政局", jixiao.OrgBureau, 0)
		dept := mustOrg(t, s, "510100-001", "某市交通运输局", jixiao.OrgDepartment, bureau.ID)
		actor := &jixiao.User{Username: "审核员"}

		cal1, created, err := s.SaveRuleFile(ctx, actor, jixiao.RuleFileCalendar, "某市日历", "日历.yaml", "name: a\n")
		if err != nil || !created || cal1.Version != 1 || len(cal1.SHA256) != 64 || cal1.CreatedBy != "审核员" {
			t.Fatalf("first calendar %+v %v %v", cal1, created, err)
		}
		cal2, created, err := s.SaveRuleFile(ctx, actor, jixiao.RuleFileCalendar, "某市日历", "日历2.yaml", "name: b\n")
		if err != nil || !created || cal2.Version != 2 {
			t.Fatalf("second calendar %+v %v %v", cal2, created, err)
		}
		again, created, err := s.SaveRuleFile(ctx, actor, jixiao.RuleFileCalendar, "某市日历", "又一次.yaml", "name: a\n")
		if err != nil || created || again.ID != cal1.ID || again.Version != 1 || again.Origin != "日历.yaml" {
			t.Fatalf("the same calendar again %+v %v %v", again, created, err)
		}
		rules, created, err := s.SaveRuleFile(ctx, actor, jixiao.RuleFileResults, "某市结果应用规则", "规则.yaml", "name: a\n")
		if err != nil || !created || rules.Version != 1 || rules.ID == cal1.ID {
			t.Fatalf("results rules with a calendar's content %+v %v %v", rules, created, err)
		}
		all, err := s.RuleFiles(ctx, "")
		if err != nil || len(all) != 3 || all[0].Source != "" {
			t.Fatalf("every rule file %+v %v", all, err)
		}
		cals, err := s.RuleFiles(ctx, jixiao.RuleFileCalendar)
		if err != nil || len(cals) != 2 || cals[0].Version != 2 || cals[1].Version != 1 {
			t.Fatalf("calendars %+v %v", cals, err)
		}
		if f, err := s.RuleFile(ctx, cal2.ID); err != nil || f.Source != "name: b\n" || f.Kind != jixiao.RuleFileCalendar {
			t.Fatalf("calendar 2 %+v %v", f, err)
		}
		if _, err := s.RuleFile(ctx, 9999); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("a rule file not stored: %v", err)
		}
		if _, n, err := s.Audit(ctx, jixiao.AuditFilter{Entity: "rule_file"}); err != nil || n != 3 {
			t.Errorf("rule files audited %d times (%v), want 3", n, err)
		}

		r := &jixiao.MonitorRoundRecord{BureauID: bureau.ID, Year: 2026, CutOff: jixiao.MustDate("2026-07-31"), Rules: "sichuan-2025",
			CalendarFileID: cal2.ID, Deadline: jixiao.MustDate("2026-08-10"), Entries: []jixiao.MonitorEntry{{OrgID: dept.ID}}}
		task := &jixiao.Task{Kind: jixiao.TaskMonitor, Title: r.Title(), BureauID: bureau.ID, Deadline: r.Deadline, Assignees: []jixiao.TaskAssignee{{OrgID: dept.ID}}}
		if err := s.CreateMonitorRound(ctx, actor, r, task); err != nil {
			t.Fatal(err)
		}
		got, err := s.MonitorRound(ctx, r.ID)
		if err != nil || got.CalendarFileID != cal2.ID || got.RulesFileID != 0 {
			t.Fatalf("round's versions %+v %v", got, err)
		}

		c, err := s.ResultRules(ctx, 2025)
		if err != nil || c.File != nil || c.Decisions != 0 {
			t.Fatalf("no choice yet %+v %v", c, err)
		}
		if _, err := s.ChooseResultRules(ctx, actor, 2025, cal1.ID); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("a calendar chosen as results rules: %v", err)
		}
		if c, err = s.ChooseResultRules(ctx, actor, 2025, rules.ID); err != nil || c.File == nil || c.File.ID != rules.ID || c.ChosenBy != "审核员" {
			t.Fatalf("chosen %+v %v", c, err)
		}
		if c, err = s.ResultRules(ctx, 2025); err != nil || c.File == nil || c.File.Source != "name: a\n" {
			t.Fatalf("choice read back %+v %v", c, err)
		}
		if c, err := s.ResultRules(ctx, 2024); err != nil || c.File != nil {
			t.Errorf("another year's choice %+v %v", c, err)
		}
		d := &jixiao.ResultDecision{EvaluationID: 41, OrgID: dept.ID, Year: 2025, Unit: "某市交通运输局", Project: "农村公路", Grade: "中",
			Amount: decimal.RequireFromString("800"), Rules: "某市结果应用规则", SuggestedAction: "压缩", SuggestedAmount: decimal.RequireFromString("720"),
			DecidedAction: "压缩"}
		if err := s.SaveDecision(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChooseResultRules(ctx, actor, 2025, 0); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("the choice changed after a decision: %v", err)
		}
		if c, err = s.ResultRules(ctx, 2025); err != nil || c.File == nil || c.File.ID != rules.ID || c.Decisions != 1 {
			t.Errorf("choice after a refused change %+v %v", c, err)
		}
		if _, n, err := s.Audit(ctx, jixiao.AuditFilter{Entity: "result_rules"}); err != nil || n != 1 {
			t.Errorf("choices audited %d times (%v), want 1", n, err)
		}
	})
}
