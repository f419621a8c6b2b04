package mail_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/mail"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/testutil"
)

// TestRectificationAndMonitoringMail sends, on both databases, the
// e-mails of a monitoring round's task nearing its deadline and of
// rectification items: one due within the reminder window, one overdue
// (told to the department and, escalated, to the bureau above it), and
// none for an item whose feedback is in (waiting on the bureau) or whose
// deadline is far off. Each e-mail links to its page, and a second run
// sends nothing again; a week on, the due item and the task are overdue
// and reminded of once more; the department reads the items' reminders
// among its in-app notices.
func TestRectificationAndMonitoringMail(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Date(2026, 4, 2, 9, 0, 0, 0, jixiao.TaskTimeZone)
		db.Now = func() time.Time { return now }
		srv := testutil.NewSMTP(t)
		a := app.New(db)
		a.Logger = slog.New(slog.DiscardHandler)
		a.PublicURL = "https://jixiao.example.gov.cn"
		var err error
		if a.Mailer, err = mail.New(mail.Config{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "jixiao@example.gov.cn"}); err != nil {
			t.Fatal(err)
		}
		sys := &jixiao.User{Username: "fixture"}
		city, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "石家庄市财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "石家庄市交通运输局", Kind: jixiao.OrgDepartment, ParentID: city.ID})
		if err != nil {
			t.Fatal(err)
		}
		as := func(name string, role jixiao.Role, orgID int64, email string) context.Context {
			u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: name, DisplayName: name, Role: role, OrgID: orgID}, "x")
			if err != nil {
				t.Fatal(err)
			}
			uctx := jixiao.WithUser(ctx, u)
			if _, err := a.SetEmail(uctx, email); err != nil {
				t.Fatal(err)
			}
			return uctx
		}
		reviewer := as("王芳", jixiao.RoleReviewer, city.ID, "wangfang@cz.example.gov.cn")
		prep := as("张敏", jixiao.RolePreparer, dept.ID, "zhangmin@jt.example.gov.cn")

		round := &jixiao.MonitorRoundRecord{Year: 2026, Period: "1—3月", CutOff: jixiao.MustDate("2026-03-31"), Deadline: jixiao.MustDate("2026-04-03"),
			Entries: []jixiao.MonitorEntry{{OrgID: dept.ID}}}
		if err := a.OpenMonitorRound(reviewer, round); err != nil {
			t.Fatal(err)
		}
		item := func(problem, deadline string) *jixiao.RectificationRecord {
			r, err := a.CreateRectification(reviewer, &jixiao.RectificationInput{OrgID: dept.ID, Year: 2025, Source: jixiao.RectRecheck,
				Problem: problem, Owner: "张敏", Measure: "按复核意见整改", Deadline: deadline})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		due := item("绩效目标不够细化", "2026-04-06")
		late := item("预算执行率偏低", "2026-03-30")
		item("项目资料不全", "2026-05-30") // beyond the window
		fed := item("佐证材料缺失", "2026-03-20")
		if _, err := a.RectificationFeedback(prep, fed.ID, fed.Version, []string{"已补充资料"}, "", ""); err != nil {
			t.Fatal(err)
		}

		if _, err := a.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{} // subject -> bodies
		var to []string
		for _, m := range srv.Messages() {
			got[m.Subject] = append(got[m.Subject], strings.ReplaceAll(m.Body, "\r\n", "\n"))
			to = append(to, m.To[0]+" "+m.Subject)
		}
		slices.Sort(to)
		want := []string{
			"wangfang@cz.example.gov.cn 【整改逾期督办】整改事项：预算执行率偏低",
			"zhangmin@jt.example.gov.cn 【待办提醒】2026年1—3月绩效运行监控",
			"zhangmin@jt.example.gov.cn 【整改到期提醒】整改事项：绩效目标不够细化",
			"zhangmin@jt.example.gov.cn 【整改逾期提醒】整改事项：预算执行率偏低",
		}
		if !slices.Equal(to, want) {
			t.Fatalf("e-mails:\n%s\nwant:\n%s", strings.Join(to, "\n"), strings.Join(want, "\n"))
		}
		checks := map[string][]string{
			"【整改到期提醒】整改事项：绩效目标不够细化": {"整改期限为2026年4月6日，还剩4天，当前状态：通知", "整改期限：2026年4月6日",
				fmt.Sprintf("查看和办理：https://jixiao.example.gov.cn/rectifications/%d\n", due.ID)},
			"【整改逾期提醒】整改事项：预算执行率偏低":  {"已于2026年3月30日到期，已逾期3天", fmt.Sprintf("/rectifications/%d\n", late.ID)},
			"【整改逾期督办】整改事项：预算执行率偏低":  {"石家庄市交通运输局的复核整改事项", "已逾期3天", fmt.Sprintf("/rectifications/%d\n", late.ID)},
			"【待办提醒】2026年1—3月绩效运行监控": {"还剩1天", fmt.Sprintf("/tasks/%d\n", round.TaskID)},
		}
		for subject, ws := range checks {
			for _, w := range ws {
				if len(got[subject]) != 1 || !strings.Contains(got[subject][0], w) {
					t.Errorf("%s lacks %q:\n%v", subject, w, got[subject])
				}
			}
		}
		if _, err := a.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 4 {
			t.Errorf("a second run: %d e-mails in all, want 4", n)
		}
		// A week on, the due item and the round's task are overdue: each
		// is told to the department and escalated once.
		now = now.AddDate(0, 0, 6)
		for range 2 {
			if _, err := a.SendReminders(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var later []string
		for _, m := range srv.Messages()[4:] {
			later = append(later, m.To[0]+" "+m.Subject)
		}
		slices.Sort(later)
		want = []string{
			"wangfang@cz.example.gov.cn 【整改逾期督办】整改事项：绩效目标不够细化",
			"wangfang@cz.example.gov.cn 【逾期督办】2026年1—3月绩效运行监控",
			"zhangmin@jt.example.gov.cn 【整改逾期提醒】整改事项：绩效目标不够细化",
			"zhangmin@jt.example.gov.cn 【逾期提醒】2026年1—3月绩效运行监控",
		}
		if !slices.Equal(later, want) {
			t.Errorf("a week on:\n%s\nwant:\n%s", strings.Join(later, "\n"), strings.Join(want, "\n"))
		}
		ns, err := a.Notices(prep)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int64{}
		for _, n := range ns {
			kinds[n.Kind] = n.RectificationID
		}
		if kinds[jixiao.RemindRectDue] != due.ID || kinds[jixiao.RemindRectOverdue] != late.ID {
			t.Errorf("the department's notices: %+v", ns)
		}
	})
}
