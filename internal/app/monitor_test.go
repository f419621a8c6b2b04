package app_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/monitoring"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// lowEntry is an entry that spends too little: the department's 30% and
// its project's 20% by the end of July, with an indicator forecast short
// of its target.
func lowEntry(t *testing.T) *jixiao.MonitorEntry {
	t.Helper()
	fig := func(s string) jixiao.Figure {
		f, err := jixiao.ParseFigure(s)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	return &jixiao.MonitorEntry{
		Department: &jixiao.MonitorFunds{Budget: decimal.RequireFromString("1000"), Executed: decimal.RequireFromString("300")},
		Projects: []jixiao.MonitorProject{{Code: "P1", Name: "农村公路养护", Budget: decimal.RequireFromString("500"), Executed: decimal.RequireFromString("100"),
			Cause: "雨季停工", Indicators: []jixiao.MonitorIndicator{{Level1: "产出指标", Name: "养护里程", Target: fig("120公里"), Progress: fig("60%"), Forecast: fig("90%")}}}},
	}
}

// TestMonitoringService opens a round as a bureau's reviewer for its two
// departments, refuses it to a department and for a department the
// reviewer does not see, has each department fill in and submit its own
// entry only, computes the warnings from the rules, records one
// department's dispositions (refusing an item without warnings and a blank
// reason), and escalates the other's undisposed items once, to it and to
// the bureau, after the deadline of 10 working days.
func TestMonitoringService(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		var now time.Time
		db.Now = func() time.Time { return now }
		at := func(day string) {
			d := jixiao.MustDate(day)
			now = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, jixiao.TaskTimeZone)
		}
		at("2026-08-03")
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "某市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "某市教育局", jixiao.OrgDepartment, city)
		road := org("D2", "某市交通运输局", jixiao.OrgDepartment, city)
		far := org("E1", "另一市教育局", jixiao.OrgDepartment, org("B2", "另一市财政局", jixiao.OrgBureau, 0))
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		eduPrep := as("edu", jixiao.RolePreparer, edu)
		roadAppr := as("road", jixiao.RoleApprover, road)
		farPrep := as("far", jixiao.RolePreparer, far)
		code := func(what string, err error, want string) {
			t.Helper()
			if jixiao.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %s", what, err, want)
			}
		}
		round := func(orgs ...int64) *jixiao.MonitorRoundRecord {
			r := &jixiao.MonitorRoundRecord{Year: 2026, Period: "1—7月", CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14")}
			for _, o := range orgs {
				r.Entries = append(r.Entries, jixiao.MonitorEntry{OrgID: o})
			}
			return r
		}
		code("department opens", a.OpenMonitorRound(eduPrep, round(edu)), jixiao.EFORBIDDEN)
		code("round for an unseen department", a.OpenMonitorRound(reviewer, round(edu, far)), jixiao.ENOTFOUND)
		bad := round(edu)
		bad.Rules = "no-such-rules"
		if err := a.OpenMonitorRound(reviewer, bad); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "预警规则") {
			t.Errorf("unknown rules: %v", err)
		}
		r := round(edu, road)
		if err := a.OpenMonitorRound(reviewer, r); err != nil {
			t.Fatal(err)
		}
		if r.BureauID != city || r.Rules != "sichuan-2025" || r.TaskID == 0 {
			t.Fatalf("opened %+v", r)
		}
		task, err := a.Task(reviewer, r.TaskID)
		if err != nil || task.Kind != jixiao.TaskMonitor || len(task.Assignees) != 2 || task.Title != "2026年1—7月绩效运行监控" {
			t.Fatalf("round's task %+v %v", task, err)
		}
		mine, err := a.MonitorRounds(eduPrep)
		if err != nil || len(mine) != 1 || len(mine[0].Entries) != 1 || mine[0].Entries[0].OrgID != edu {
			t.Fatalf("edu's rounds %+v %v", mine, err)
		}
		if got, _ := a.MonitorRounds(farPrep); len(got) != 0 {
			t.Errorf("far sees %d rounds", len(got))
		}
		_, err = a.MonitorRound(farPrep, r.ID)
		code("far reads the round", err, jixiao.ENOTFOUND)
		eduEntry, roadEntry := r.Entries[0], r.Entries[1]

		_, err = a.SaveMonitorEntry(roadAppr, eduEntry.ID, eduEntry.Version, lowEntry(t), false)
		code("another department fills in", err, jixiao.ENOTFOUND)
		_, err = a.SaveMonitorEntry(reviewer, eduEntry.ID, eduEntry.Version, lowEntry(t), false)
		code("the bureau fills in", err, jixiao.EFORBIDDEN)
		neg := lowEntry(t)
		neg.Projects[0].Budget = decimal.Zero
		if _, err := a.SaveMonitorEntry(eduPrep, eduEntry.ID, eduEntry.Version, neg, false); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "全年预算数应大于 0") {
			t.Errorf("zero budget: %v", err)
		}
		at("2026-08-05")
		saved, err := a.SaveMonitorEntry(eduPrep, eduEntry.ID, eduEntry.Version, lowEntry(t), true)
		if err != nil || saved.State != jixiao.EntrySubmitted || saved.WarnedOn.String() != "2026-08-05" {
			t.Fatalf("submitted %+v %v", saved, err)
		}
		if _, err := a.SaveMonitorEntry(roadAppr, roadEntry.ID, roadEntry.Version, lowEntry(t), true); err != nil {
			t.Fatal(err)
		}

		v, err := a.MonitorRound(reviewer, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Each department: M01 and M02 red on the department and the
		// project, M03 and M04 yellow on the project.
		if v.Submitted != 2 || v.Red != 8 || v.Yellow != 4 || v.Pending != 4 || v.Overdue != 0 || v.TimeProgress.StringFixed(4) != "0.5833" {
			t.Fatalf("view: submitted %d red %d yellow %d pending %d overdue %d tp %s", v.Submitted, v.Red, v.Yellow, v.Pending, v.Overdue, v.TimeProgress)
		}
		if s := v.Entries[0].Statuses[0]; s.Due.String() != "2026-08-19" || s.State != jixiao.StatePending {
			t.Errorf("status %+v", s)
		}

		at("2026-08-10")
		_, err = a.DisposeMonitorWarning(eduPrep, eduEntry.ID, saved.Version, jixiao.Disposition{Project: "不存在的项目", Action: jixiao.ActionContinue, Reason: "x"})
		code("item without warnings", err, jixiao.EINVALID)
		_, err = a.DisposeMonitorWarning(eduPrep, eduEntry.ID, saved.Version, jixiao.Disposition{Project: "P1", Action: jixiao.ActionAdjust, Reason: "  "})
		code("blank reason", err, jixiao.EINVALID)
		_, err = a.DisposeMonitorWarning(roadAppr, eduEntry.ID, saved.Version, jixiao.Disposition{Project: "P1", Action: jixiao.ActionAdjust, Reason: "调剂"})
		code("another department disposes", err, jixiao.ENOTFOUND)
		e, err := a.DisposeMonitorWarning(eduPrep, eduEntry.ID, saved.Version, jixiao.Disposition{Project: "P1", Action: jixiao.ActionAdjust, Reason: "调剂至学校维修项目"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.DisposeMonitorWarning(eduPrep, eduEntry.ID, e.Version, jixiao.Disposition{Project: "农村公路养护", Action: jixiao.ActionCancel, Reason: "改变主意"})
		code("second disposition of an item", err, jixiao.ECONFLICT)
		if _, err := a.DisposeMonitorWarning(eduPrep, eduEntry.ID, e.Version, jixiao.Disposition{Project: jixiao.DepartmentSubject, Action: jixiao.ActionContinue, Reason: "下半年集中支付"}); err != nil {
			t.Fatal(err)
		}

		// Each disposed warning is a rectification item of the department,
		// its disposition the measure.
		rect := func(who context.Context, want int) []*jixiao.RectificationRecord {
			t.Helper()
			ry, err := a.Rectifications(who, 2026)
			if err != nil || len(ry.Items) != want {
				t.Fatalf("rectification items: %+v %v, want %d", ry, err, want)
			}
			for _, it := range ry.Items {
				if it.Item.Source != jixiao.RectWarning || it.Item.Status != jixiao.RectNotified || !strings.Contains(it.Item.Problem, "监控预警") {
					t.Errorf("item raised from a warning: %+v", it.Item)
				}
			}
			return ry.Items
		}
		items := rect(eduPrep, 2)
		if items[0].OrgID != edu || items[0].RoundID != r.ID || items[0].EntryID != eduEntry.ID || items[0].SampleID != 0 || !strings.Contains(items[0].Item.Measure, "调剂至学校维修项目") || items[0].Item.Deadline != "2026-10-09" || items[1].Item.Project != "" {
			t.Errorf("items of the dispositions: %+v / %+v", items[0].Item, items[1].Item)
		}

		at("2026-08-24")
		hook := &hookRecorder{}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		a.HookURL = srv.URL
		n, err := a.SendReminders(ctx)
		if err != nil || n != 2 {
			t.Fatalf("reminders: %d %v", n, err)
		}
		if n, err := a.SendReminders(ctx); err != nil || n != 0 {
			t.Errorf("second run: %d %v", n, err)
		}
		kinds := map[string]string{}
		for _, m := range hook.messages() {
			kinds[m.Kind] = m.Title
		}
		if len(kinds) != 2 || kinds[jixiao.RemindMonitorEscalate] != "预警处置逾期督办" || kinds[jixiao.RemindMonitorOverdue] != "预警处置逾期" {
			t.Errorf("hook messages %+v", hook.messages())
		}
		ns, err := a.Notices(reviewer)
		if err != nil {
			t.Fatal(err)
		}
		escalated := 0
		for _, x := range ns {
			if x.Kind == jixiao.RemindMonitorEscalate && x.OrgID == city {
				escalated++
				if !strings.Contains(x.Message, "某市交通运输局") || !strings.Contains(x.Message, "农村公路养护") {
					t.Errorf("escalation %q", x.Message)
				}
			}
		}
		if escalated != 1 {
			t.Errorf("%d escalations to the bureau in %+v", escalated, ns)
		}
		if ns, _ := a.Notices(eduPrep); len(ns) != 0 {
			t.Errorf("notices to the department that disposed in time: %+v", ns)
		}
		// The escalated warnings are items too; the second run made none
		// again, nor the disposed ones twice.
		rect(eduPrep, 2)
		for _, it := range rect(roadAppr, 2) {
			if !strings.Contains(it.Item.Measure, "升级处理") {
				t.Errorf("escalated item: %+v", it.Item)
			}
		}
		rect(reviewer, 4)
		v, _ = a.MonitorRound(reviewer, r.ID)
		if v.Disposed != 2 || v.Overdue != 2 || v.Entries[1].Overdue != 2 || v.Entries[0].Overdue != 0 {
			t.Errorf("after the deadline: disposed %d overdue %d", v.Disposed, v.Overdue)
		}
	})
}

// TestMonitoringServerCalendar checks a round on the server's own
// calendar and rules (serve --calendar, --monitor-rules): an extra holiday
// moves the disposition deadline a working day later, and a round that
// names no rules takes the server's.
func TestMonitoringServerCalendar(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		d := jixiao.MustDate("2026-08-05")
		db.Now = func() time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, jixiao.TaskTimeZone) }
		a := app.New(db)
		cal, err := monitoring.ParseCalendar("county.yaml", []byte(`name: county
title: 某县工作日历
version: "2026.1"
years:
  - year: 2026
    source: 某县防汛工作安排
    holidays:
      - {name: 防汛调休, from: 2026-08-10, to: 2026-08-10}
`))
		if err != nil {
			t.Fatal(err)
		}
		src, _ := monitoring.RulesSource(monitoring.DefaultRules)
		rules, err := monitoring.ParseRules("county-rules.yaml", []byte(strings.Replace(string(src), "name: "+monitoring.DefaultRules, "name: county-2026", 1)))
		if err != nil || rules.Name != "county-2026" {
			t.Fatalf("rules %v %v", rules, err)
		}
		a.Calendar, a.MonitorRules = cal, rules
		sys := &jixiao.User{Username: "fixture"}
		city, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "某县财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		edu, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "某县教育局", Kind: jixiao.OrgDepartment, ParentID: city.ID})
		if err != nil {
			t.Fatal(err)
		}
		as := fixtures{t, ctx, db, sys}.as
		reviewer, prep := as("reviewer", jixiao.RoleReviewer, city.ID), as("edu", jixiao.RolePreparer, edu.ID)
		r := &jixiao.MonitorRoundRecord{Year: 2026, Period: "1—7月", CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14"),
			Entries: []jixiao.MonitorEntry{{OrgID: edu.ID}}}
		if err := a.OpenMonitorRound(reviewer, r); err != nil {
			t.Fatal(err)
		}
		if r.Rules != "county-2026" {
			t.Errorf("round's rules %q, want the server's", r.Rules)
		}
		e := r.Entries[0]
		if _, err := a.SaveMonitorEntry(prep, e.ID, e.Version, lowEntry(t), true); err != nil {
			t.Fatal(err)
		}
		v, err := a.MonitorRound(reviewer, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Ten working days from 5 August: the 19th on the built-in
		// calendar, the 20th with the county's holiday on the 10th.
		if s := v.Entries[0].Statuses[0]; s.Due.String() != "2026-08-20" || s.State != jixiao.StatePending {
			t.Errorf("status %+v", s)
		}
		bad := &jixiao.MonitorRoundRecord{Year: 2026, Period: "1—7月", CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14"),
			Rules: "no-such-rules", Entries: []jixiao.MonitorEntry{{OrgID: edu.ID}}}
		if err := a.OpenMonitorRound(reviewer, bad); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "county-2026、") {
			t.Errorf("unknown rules: %v", err)
		}
	})
}
