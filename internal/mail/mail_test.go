package mail_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/mail"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/testutil"
)

// TestReminderMailRetried sends the reminders of an overdue task by
// e-mail through a test SMTP server whose first delivery fails: the
// department's preparer gets the overdue reminder and the bureau's
// reviewer the escalation, each exactly once, the failed one on a later
// run after the claim has lapsed; users without an address, disabled or
// of another organisation get nothing. Subject and body are Chinese and
// carry no internal ids.
func TestReminderMailRetried(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2026, 4, 2, 9, 0, 0, 0, jixiao.TaskTimeZone)
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		later := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

		srv := testutil.NewSMTP(t)
		sender, err := mail.New(mail.Config{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "绩效管理系统 <jixiao@example.gov.cn>"})
		if err != nil {
			t.Fatal(err)
		}
		a := app.New(db)
		a.Logger = slog.New(slog.DiscardHandler)
		a.Mailer = sender

		sys := &jixiao.User{Username: "fixture"}
		org := func(code, name string, kind jixiao.OrgKind, parent int64) int64 {
			o, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: code, Name: name, Kind: kind, ParentID: parent})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		dept := org("D1", "石家庄市交通运输局", jixiao.OrgDepartment, city)
		other := org("D2", "石家庄市民政局", jixiao.OrgDepartment, city)
		user := func(name string, role jixiao.Role, orgID int64, email string, disabled bool) *jixiao.User {
			u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: name, DisplayName: name, Role: role, OrgID: orgID, Disabled: disabled}, "x")
			if err != nil {
				t.Fatal(err)
			}
			if email != "" && disabled {
				// A disabled user cannot sign in to set it.
				u, err = db.SetUserEmail(ctx, sys, u.ID, email)
			} else if email != "" {
				u, err = a.SetEmail(jixiao.WithUser(ctx, u), email)
			}
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		prep := user("张敏", jixiao.RolePreparer, dept, " zhangmin@jt.example.gov.cn ", false)
		if prep.Email != "zhangmin@jt.example.gov.cn" {
			t.Errorf("stored address %q", prep.Email)
		}
		if _, err := a.SetEmail(jixiao.WithUser(ctx, prep), "张敏 <zm@example.cn>"); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("an address with a name: %v", err)
		}
		user("李强", jixiao.RoleApprover, dept, "", false)
		user("停用", jixiao.RoleApprover, dept, "stopped@jt.example.gov.cn", true)
		user("王芳", jixiao.RoleReviewer, city, "wangfang@cz.example.gov.cn", false)
		user("赵磊", jixiao.RoleAuditor, city, "zhaolei@cz.example.gov.cn", false)
		user("孙丽", jixiao.RolePreparer, other, "sunli@mz.example.gov.cn", false)

		task := &jixiao.Task{Kind: jixiao.TaskMonitor, Title: "2026年上半年绩效运行监控", BureauID: city, Deadline: jixiao.MustDate("2026-03-31"),
			RemindDays: 3, Assignees: []jixiao.TaskAssignee{{OrgID: dept, Project: "农村公路养护"}}}
		if err := db.CreateTask(ctx, sys, task); err != nil {
			t.Fatal(err)
		}

		srv.FailNext(1)
		if _, err := a.SendReminders(ctx); err == nil {
			t.Error("a failed delivery is not reported")
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("first run: %d messages, want 1 (the other failed)", n)
		}
		// Within the claim's lease nothing is sent again.
		if _, err := a.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("second run within the lease: %d messages", n)
		}
		later(6 * time.Minute)
		if _, err := a.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
		later(time.Hour)
		if _, err := a.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		var to []string
		for _, m := range got {
			to = append(to, m.To...)
		}
		slices.Sort(to)
		if want := []string{"wangfang@cz.example.gov.cn", "zhangmin@jt.example.gov.cn"}; !slices.Equal(to, want) {
			t.Fatalf("recipients %v, want %v", to, want)
		}
		for _, m := range got {
			want := map[string]string{"zhangmin@jt.example.gov.cn": "【逾期提醒】2026年上半年绩效运行监控", "wangfang@cz.example.gov.cn": "【逾期督办】2026年上半年绩效运行监控"}[m.To[0]]
			if m.Subject != want {
				t.Errorf("subject to %s: %q, want %q", m.To[0], m.Subject, want)
			}
			if m.From != "jixiao@example.gov.cn" || !strings.Contains(m.Raw, "charset=UTF-8") {
				t.Errorf("from %q; raw:\n%.400s", m.From, m.Raw)
			}
			for _, w := range []string{"已于2026年3月31日截止，已逾期2天", "截止日期：2026年3月31日", "任务与待办"} {
				if !strings.Contains(m.Body, w) {
					t.Errorf("body to %s lacks %q:\n%s", m.To[0], w, m.Body)
				}
			}
			if strings.Contains(m.Body, "http") {
				t.Errorf("a link without the site's address configured:\n%s", m.Body)
			}
			for _, leak := range []string{"编号", "assignee", "task_id", "reminder", "escalate", "overdue"} {
				if strings.Contains(m.Body, leak) || strings.Contains(m.Subject, leak) {
					t.Errorf("e-mail to %s shows %q", m.To[0], leak)
				}
			}
		}
		if !strings.HasPrefix(got[0].Body, "张敏：") && !strings.HasPrefix(got[0].Body, "王芳：") {
			t.Errorf("no greeting: %.40q", got[0].Body)
		}
		if sent, waiting, err := db.ReminderMailCounts(ctx, 10); err != nil || sent != 2 || waiting != 0 {
			t.Errorf("stored: %d sent, %d waiting, %v", sent, waiting, err)
		}
	})
}

// TestReminderMailOffWithoutMailer: reminders made while no mail server is
// configured are never mailed, even once one is.
func TestReminderMailOffWithoutMailer(t *testing.T) {
	db := sqltest.SQLite(t)
	ctx := context.Background()
	db.Now = func() time.Time { return time.Date(2026, 4, 2, 9, 0, 0, 0, jixiao.TaskTimeZone) }
	a := app.New(db)
	a.Logger = slog.New(slog.DiscardHandler)
	sys := &jixiao.User{Username: "fixture"}
	city, _ := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
	dept, _ := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "交通运输局", Kind: jixiao.OrgDepartment, ParentID: city.ID})
	u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "p", Role: jixiao.RolePreparer, OrgID: dept.ID}, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetEmail(jixiao.WithUser(ctx, u), "p@example.gov.cn"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTask(ctx, sys, &jixiao.Task{Kind: jixiao.TaskOther, Title: "任务", BureauID: city.ID, Deadline: jixiao.MustDate("2026-03-31"),
		Assignees: []jixiao.TaskAssignee{{OrgID: dept.ID}}}); err != nil {
		t.Fatal(err)
	}
	if n, err := a.SendReminders(ctx); err != nil || n != 2 {
		t.Fatalf("reminders: %d, %v", n, err)
	}
	srv := testutil.NewSMTP(t)
	a.Mailer, err = mail.New(mail.Config{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "jixiao@example.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SendReminders(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d e-mails of reminders made before mail was configured", n)
	}
}

// TestReminderMailLinks: with the site's public address configured, a
// task reminder's e-mail links to the task's page, read from the message
// the SMTP server received.
func TestReminderMailLinks(t *testing.T) {
	db := sqltest.SQLite(t)
	ctx := context.Background()
	db.Now = func() time.Time { return time.Date(2026, 4, 2, 9, 0, 0, 0, jixiao.TaskTimeZone) }
	a := app.New(db)
	a.Logger = slog.New(slog.DiscardHandler)
	var err error
	if a.PublicURL, err = app.CleanPublicURL(" https://jixiao.example.gov.cn/ "); err != nil {
		t.Fatal(err)
	}
	srv := testutil.NewSMTP(t)
	if a.Mailer, err = mail.New(mail.Config{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "jixiao@example.gov.cn"}); err != nil {
		t.Fatal(err)
	}
	sys := &jixiao.User{Username: "fixture"}
	city, _ := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
	dept, _ := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "交通运输局", Kind: jixiao.OrgDepartment, ParentID: city.ID})
	u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "p", Role: jixiao.RolePreparer, OrgID: dept.ID}, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetEmail(jixiao.WithUser(ctx, u), "p@example.gov.cn"); err != nil {
		t.Fatal(err)
	}
	task := &jixiao.Task{Kind: jixiao.TaskOther, Title: "上报整改情况", BureauID: city.ID, Deadline: jixiao.MustDate("2026-03-31"), Assignees: []jixiao.TaskAssignee{{OrgID: dept.ID}}}
	if err := db.CreateTask(ctx, sys, task); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SendReminders(ctx); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d e-mails, want 1", len(got))
	}
	link := fmt.Sprintf("查看和办理：https://jixiao.example.gov.cn/tasks/%d\n", task.ID)
	body := strings.ReplaceAll(got[0].Body, "\r\n", "\n")
	if !strings.Contains(body, link) || strings.Contains(body, "在“任务与待办”中") {
		t.Errorf("body lacks %q:\n%s", link, body)
	}
}

// TestConfig refuses settings that cannot work or would leak the password.
func TestConfig(t *testing.T) {
	for name, c := range map[string]mail.Config{
		"no host":         {From: "a@example.cn"},
		"bad tls":         {Host: "smtp.example.cn", TLS: "ssl3", From: "a@example.cn"},
		"port":            {Host: "smtp.example.cn", Port: 70000, From: "a@example.cn"},
		"user, no pass":   {Host: "smtp.example.cn", User: "u", From: "a@example.cn"},
		"pass in clear":   {Host: "smtp.example.cn", TLS: mail.TLSNone, User: "u", Password: "secret-pw", From: "a@example.cn"},
		"bad from":        {Host: "smtp.example.cn", From: "not an address"},
		"host with slash": {Host: "smtp.example.cn/x", From: "a@example.cn"},
	} {
		_, err := mail.New(c)
		if jixiao.ErrorCode(err) != jixiao.EINVALID || strings.Contains(jixiao.ErrorMessage(err), "secret-pw") {
			t.Errorf("%s: %v", name, err)
		}
	}
	s, err := mail.New(mail.Config{Host: "smtp.example.cn", User: "u", Password: "secret-pw", From: "jixiao@example.cn"})
	if err != nil || strings.Contains(s.String(), "secret-pw") || !strings.Contains(s.String(), ":587") {
		t.Errorf("starttls default: %v %v", s, err)
	}
}
