package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/monitoring"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// countyCalendar is a calendar with an extra holiday on 10 August 2026.
const countyCalendar = `name: county
title: 某县工作日历
version: "2026.1"
years:
  - year: 2026
    source: 某县防汛工作安排
    holidays:
      - {name: 防汛调休, from: 2026-08-10, to: 2026-08-10}
`

// TestRuleFilesPerRound, on both engines: the bureau uploads a calendar
// (the same content again is the same version); a department may not
// upload; a file too large, a calendar with an error and a calendar
// uploaded as warning rules are refused with Chinese errors naming the
// line and field, and change nothing. A round opened on the uploaded
// calendar counts its extra holiday (the disposition deadline moves a
// working day later) and names the version; a round beside it without a
// version keeps the built-in calendar. A round on uploaded warning rules
// takes their name and names their version. A round's versions change
// until a department fills in. On the day after the built-in deadline the
// reminders job escalates only the round on the built-in calendar.
func TestRuleFilesPerRound(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		d := jixiao.MustDate("2026-08-05")
		db.Now = func() time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, jixiao.TaskTimeZone) }
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "某县财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "某县教育局", jixiao.OrgDepartment, city)
		as := fixtures{t, ctx, db, sys}.as
		reviewer, prep := as("reviewer", jixiao.RoleReviewer, city), as("edu", jixiao.RolePreparer, edu)

		cal, created, err := a.SaveRuleFile(reviewer, jixiao.RuleFileCalendar, "某县日历.yaml", []byte(countyCalendar))
		if err != nil || !created || cal.Version != 1 || cal.Title != "某县工作日历" || cal.CreatedBy != "reviewer" {
			t.Fatalf("calendar %+v %v %v", cal, created, err)
		}
		if again, created, err := a.SaveRuleFile(reviewer, jixiao.RuleFileCalendar, "又传一次.yaml", []byte(countyCalendar)); err != nil || created || again.ID != cal.ID {
			t.Errorf("the same calendar again: %+v %v %v", again, created, err)
		}
		if _, _, err := a.SaveRuleFile(prep, jixiao.RuleFileCalendar, "某县日历.yaml", []byte(strings.Replace(countyCalendar, "防汛调休", "调休", 1))); jixiao.ErrorCode(err) != jixiao.EFORBIDDEN {
			t.Errorf("a department uploads: %v", err)
		}
		big := []byte(countyCalendar + "#" + strings.Repeat("x", jixiao.MaxRuleFile) + "\n")
		if _, _, err := a.SaveRuleFile(reviewer, jixiao.RuleFileCalendar, "大.yaml", big); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "256") {
			t.Errorf("a file too large: %v", err)
		}
		bad := strings.Replace(countyCalendar, "to: 2026-08-10", "to: 2026-08-32", 1)
		if _, _, err := a.SaveRuleFile(reviewer, jixiao.RuleFileCalendar, "错.yaml", []byte(bad)); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "错.yaml") || !strings.Contains(err.Error(), ":8:") || !strings.Contains(err.Error(), "放假结束日") {
			t.Errorf("a calendar with a bad date: %v", err)
		}
		if _, _, err := a.SaveRuleFile(reviewer, jixiao.RuleFileMonitor, "日历当规则.yaml", []byte(countyCalendar)); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "日历当规则.yaml") {
			t.Errorf("a calendar as warning rules: %v", err)
		}
		if fs, err := a.RuleFiles(prep, ""); err != nil || len(fs) != 1 {
			t.Fatalf("after refused files: %d stored (%v), want 1", len(fs), err)
		}

		open := func(r *jixiao.MonitorRoundRecord) *jixiao.MonitorRoundView {
			t.Helper()
			r.Year, r.Period, r.CutOff, r.Deadline = 2026, "1—7月", jixiao.MustDate("2026-07-31"), jixiao.MustDate("2026-08-14")
			r.Entries = []jixiao.MonitorEntry{{OrgID: edu}}
			if err := a.OpenMonitorRound(reviewer, r); err != nil {
				t.Fatal(err)
			}
			e := r.Entries[0]
			if _, err := a.SaveMonitorEntry(prep, e.ID, e.Version, lowEntry(t), true); err != nil {
				t.Fatal(err)
			}
			v, err := a.MonitorRound(reviewer, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		// Ten working days from 5 August: the 19th on the built-in
		// calendar, the 20th with the county's holiday on the 10th.
		v := open(&jixiao.MonitorRoundRecord{CalendarFileID: cal.ID})
		if s := v.Entries[0].Statuses[0]; s.Due.String() != "2026-08-20" {
			t.Errorf("due on the uploaded calendar: %s", s.Due)
		}
		if v.Round.CalendarFileID != cal.ID || !strings.Contains(v.Round.Calendar, "上传的工作日历第1版") {
			t.Errorf("round's calendar %d %q", v.Round.CalendarFileID, v.Round.Calendar)
		}
		v = open(&jixiao.MonitorRoundRecord{})
		if s := v.Entries[0].Statuses[0]; s.Due.String() != "2026-08-19" || strings.Contains(v.Round.Calendar, "上传") {
			t.Errorf("due on the built-in calendar: %s (%q)", s.Due, v.Round.Calendar)
		}

		src, _ := monitoring.RulesSource(monitoring.DefaultRules)
		rules, _, err := a.SaveRuleFile(reviewer, jixiao.RuleFileMonitor, "某县预警规则.yaml", []byte(strings.Replace(string(src), "name: "+monitoring.DefaultRules, "name: county-2026", 1)))
		if err != nil || rules.Version != 1 {
			t.Fatalf("warning rules %+v %v", rules, err)
		}
		r := &jixiao.MonitorRoundRecord{RulesFileID: rules.ID, CalendarFileID: cal.ID}
		v = open(r)
		if r.Rules != "county-2026" || v.Round.RulesFileID != rules.ID || len(v.Entries[0].Warnings) == 0 {
			t.Errorf("round on uploaded rules: %q %d %d warnings", r.Rules, v.Round.RulesFileID, len(v.Entries[0].Warnings))
		}
		wrong := &jixiao.MonitorRoundRecord{Year: 2026, CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14"),
			RulesFileID: cal.ID, Entries: []jixiao.MonitorEntry{{OrgID: edu}}}
		if err := a.OpenMonitorRound(reviewer, wrong); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "不是监控预警规则") {
			t.Errorf("a calendar as a round's rules: %v", err)
		}

		// A round's versions change while no department has filled in.
		later := &jixiao.MonitorRoundRecord{Year: 2026, CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14"),
			Entries: []jixiao.MonitorEntry{{OrgID: edu}}}
		if err := a.OpenMonitorRound(reviewer, later); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ChangeRoundRuleFiles(prep, later.ID, 0, cal.ID); jixiao.ErrorCode(err) != jixiao.EFORBIDDEN {
			t.Errorf("a department changes the calendar: %v", err)
		}
		if _, err := a.ChangeRoundRuleFiles(reviewer, later.ID, cal.ID, 0); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("a calendar as warning rules: %v", err)
		}
		changed, err := a.ChangeRoundRuleFiles(reviewer, later.ID, rules.ID, cal.ID)
		if err != nil || changed.CalendarFileID != cal.ID || changed.RulesFileID != rules.ID || changed.Rules != "county-2026" {
			t.Fatalf("changed %+v %v", changed, err)
		}
		e := later.Entries[0]
		if _, err := a.SaveMonitorEntry(prep, e.ID, e.Version, lowEntry(t), true); err != nil {
			t.Fatal(err)
		}
		if v, err := a.MonitorRound(reviewer, later.ID); err != nil || v.Entries[0].Statuses[0].Due.String() != "2026-08-20" {
			t.Errorf("due after the change: %v", err)
		}
		if _, err := a.ChangeRoundRuleFiles(reviewer, later.ID, 0, 0); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("changed after a department filled in: %v", err)
		}

		// On the 20th only the round on the built-in calendar is overdue:
		// the reminders job escalates its warnings, and none of the rounds
		// on the uploaded calendar.
		d = jixiao.MustDate("2026-08-20")
		if _, err := a.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
		ns, err := a.Notices(reviewer)
		if err != nil {
			t.Fatal(err)
		}
		overdue := 0
		for _, n := range ns {
			if n.Kind == jixiao.RemindMonitorEscalate {
				overdue++
				if !strings.Contains(n.Message, "2026-08-19") && !strings.Contains(n.Message, "8月19日") {
					t.Errorf("escalation %q", n.Message)
				}
			}
		}
		if overdue != 1 {
			t.Errorf("%d escalations on the 20th, want 1 (the round on the built-in calendar): %+v", overdue, ns)
		}
	})
}

// TestResultRulesPerYear, on both engines: two self-evaluations of 2025
// graded 优 are suggested 优先保障 by the built-in rules; once the bureau
// chooses uploaded rules that cut 优 by 20% for 2025, they are suggested
// 压缩 by those rules, whose name states the version; a department may not
// choose; after a decision is recorded the choice is fixed.
func TestResultRulesPerYear(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		db.Now = func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, jixiao.TaskTimeZone) }
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "某市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "某市教育局", jixiao.OrgDepartment, city)
		data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := caseio.Parse("ref.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		c.Evaluation.Year = 2025
		info, err := db.ImportEvaluation(ctx, sys, edu, c.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
			t.Fatal(err)
		}
		as := fixtures{t, ctx, db, sys}.as
		reviewer, prep := as("reviewer", jixiao.RoleReviewer, city), as("edu", jixiao.RolePreparer, edu)
		row := func() (jixiao.AppliedRow, string) {
			t.Helper()
			tab, err := a.ApplicationTable(reviewer, 2025)
			if err != nil || len(tab.Application.Rows) != 1 {
				t.Fatalf("table %+v %v", tab, err)
			}
			return tab.Application.Rows[0], tab.Application.Rules.Name
		}
		if r, name := row(); r.Suggestion.Action != "优先保障" || name != "results-2020" {
			t.Errorf("built-in rules: %+v by %q", r.Suggestion, name)
		}
		up, _, err := a.SaveRuleFile(reviewer, jixiao.RuleFileResults, "某市结果应用.yaml", []byte(`name: city-2025
title: 某市结果应用办法
version: "2025"
source: 某市预算绩效结果应用办法
rules:
  - {grade: 优, action: 压缩, change: -0.2, note: 试行压缩 20%}
  - {grade: 良, action: 保障, change: 0}
  - {grade: 中, action: 压缩, change: -0.3}
  - {grade: 差, action: 取消, change: -1}
`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.ChooseResultRules(prep, 2025, up.ID); jixiao.ErrorCode(err) != jixiao.EFORBIDDEN {
			t.Errorf("a department chooses: %v", err)
		}
		if ch, err := a.ChooseResultRules(reviewer, 2025, up.ID); err != nil || ch.File == nil || ch.File.ID != up.ID {
			t.Fatalf("choice %+v %v", ch, err)
		}
		r, name := row()
		if r.Suggestion.Action != "压缩" || !strings.Contains(name, "city-2025") || !strings.Contains(name, "上传的结果应用规则第1版") {
			t.Errorf("uploaded rules: %+v by %q", r.Suggestion, name)
		}
		if r2, _ := a.ApplicationTable(reviewer, 2024); r2 != nil && r2.Application != nil && strings.Contains(r2.Application.Rules.Name, "city") {
			t.Errorf("2024 takes 2025's rules")
		}
		d, err := a.Decide(reviewer, info.ID, &jixiao.DecisionInput{Action: "压缩"})
		if err != nil || !strings.Contains(d.Rules, "上传的结果应用规则第1版") || d.SuggestedAction != "压缩" {
			t.Fatalf("decision %+v %v", d, err)
		}
		if _, err := a.ChooseResultRules(reviewer, 2025, 0); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("changed after a decision: %v", err)
		}
	})
}
