package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/report/docx"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestResultsFollowUnresolvedWarnings, on both engines: two departments'
// whole-spending self-evaluations of 2025, both graded 优 (优先保障, the
// amount unchanged), and a monitoring round of 2025 in which both get red
// warnings on their whole spending. While both are undisposed, both rows
// are suggested the built-in red-warning rule (压缩 10%) naming the
// warning; once one department disposes of its warnings, its row goes
// back to its grade's rule; a decision records the suggestion as the
// table shows it. A requested amount equal to the budget is no entry.
func TestResultsFollowUnresolvedWarnings(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		var now time.Time
		db.Now = func() time.Time { return now }
		at := func(day string) {
			d := jixiao.MustDate(day)
			now = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, jixiao.TaskTimeZone)
		}
		at("2025-08-01")
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "某市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "某市教育局", jixiao.OrgDepartment, city)
		road := org("D2", "某市交通运输局", jixiao.OrgDepartment, city)
		data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		evals := map[int64]int64{}
		for _, d := range []int64{edu, road} {
			c, err := caseio.Parse("ref.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			c.Evaluation.Year = 2025
			info, err := db.ImportEvaluation(ctx, sys, d, c.Evaluation, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
				t.Fatal(err)
			}
			evals[d] = info.ID
		}
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		eduPrep := as("edu", jixiao.RolePreparer, edu)
		roadPrep := as("road", jixiao.RolePreparer, road)

		rows := func() map[int64]jixiao.AppliedRow {
			t.Helper()
			tab, err := a.ApplicationTable(reviewer, 2025)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]jixiao.AppliedRow{}
			for i, id := range tab.EvaluationIDs {
				out[id] = tab.Application.Rows[i]
			}
			return out
		}
		for id, r := range rows() {
			if r.Grade != "优" || r.Suggestion.Rule != "等级为优" || !r.Suggestion.Amount.Equal(jixiao.Round(r.Amount, 2)) || len(r.Warnings) != 0 {
				t.Errorf("evaluation %d before monitoring: %+v", id, r)
			}
		}

		r := &jixiao.MonitorRoundRecord{Year: 2025, Period: "1—7月", CutOff: jixiao.MustDate("2025-07-31"), Deadline: jixiao.MustDate("2025-08-14"),
			Entries: []jixiao.MonitorEntry{{OrgID: edu}, {OrgID: road}}}
		if err := a.OpenMonitorRound(reviewer, r); err != nil {
			t.Fatal(err)
		}
		at("2025-08-05")
		eduEntry, err := a.SaveMonitorEntry(eduPrep, r.Entries[0].ID, r.Entries[0].Version, lowEntry(t), true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveMonitorEntry(roadPrep, r.Entries[1].ID, r.Entries[1].Version, lowEntry(t), true); err != nil {
			t.Fatal(err)
		}
		for id, r := range rows() {
			amount := jixiao.Round(r.Amount, 2)
			if r.Suggestion.Rule != "红色预警未处置" || r.Suggestion.Action != "压缩" || !r.Suggestion.Amount.Equal(jixiao.Round(amount.Mul(decimal.RequireFromString("0.9")), 2)) ||
				!strings.Contains(r.Suggestion.Warning, "2025年1—7月绩效运行监控红色预警") || !strings.Contains(r.Suggestion.Warning, "（待处置）") ||
				!strings.Contains(r.Suggestion.Explanation, "不按等级为优（优先保障") || len(r.Warnings) == 0 {
				t.Errorf("evaluation %d with an undisposed red warning: %+v", id, r.Suggestion)
			}
			for _, w := range r.Warnings {
				if jixiao.WarningTitles[w.Rule] == "" {
					t.Errorf("evaluation %d: warning %q does not carry its rule (%q)", id, w.Text, w.Rule)
				}
			}
		}

		// The bureau's report of the whole round holds both departments; a
		// department's holds its own only.
		roundText := func(who context.Context) string {
			t.Helper()
			var buf bytes.Buffer
			ctype, name, err := a.MonitorRoundReport(who, r.ID, "docx", &buf)
			if err != nil || name != "2025年1—7月绩效运行监控汇总报告.docx" || !strings.Contains(ctype, "wordprocessingml") {
				t.Fatalf("round report: %s %s %v", ctype, name, err)
			}
			ps, err := docx.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range ps {
				all = append(all, p.Text)
			}
			return strings.Join(all, "\n")
		}
		if text := roundText(reviewer); !strings.Contains(text, "共2个部门，已提交2个") || !strings.Contains(text, "某市教育局") || !strings.Contains(text, "某市交通运输局") {
			t.Errorf("the bureau's round report:\n%s", text)
		}
		if text := roundText(eduPrep); !strings.Contains(text, "共1个部门，已提交1个") || strings.Contains(text, "某市交通运输局") {
			t.Errorf("a department's round report:\n%s", text)
		}

		// The department disposes of its whole spending's warnings: its row
		// is suggested by its grade again; the other's still by the warning.
		at("2025-08-06")
		if _, err := a.DisposeMonitorWarning(eduPrep, eduEntry.ID, eduEntry.Version, jixiao.Disposition{Project: jixiao.DepartmentSubject, Action: jixiao.ActionContinue, Reason: "下半年集中支付"}); err != nil {
			t.Fatal(err)
		}
		got := rows()
		if s := got[evals[edu]].Suggestion; s.Rule != "等级为优" || s.Warning != "" {
			t.Errorf("after the disposition: %+v", s)
		}
		if s := got[evals[road]].Suggestion; s.Rule != "红色预警未处置" {
			t.Errorf("the other department: %+v", s)
		}
		row := got[evals[road]]
		d, err := a.Decide(reviewer, evals[road], &jixiao.DecisionInput{Action: "压缩", Requested: &row.Amount})
		if err != nil || d.SuggestedAction != "压缩" || !d.SuggestedAmount.Equal(row.Suggestion.Amount) || d.Requested != nil {
			t.Errorf("decision on the warned row: %+v %v", d, err)
		}
	})
}
