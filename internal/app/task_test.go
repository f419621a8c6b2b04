package app_test

import (
	"context"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestTasksPolicy follows a task from a city bureau's reviewer to two of
// its departments: who may issue it and to whom, who sees it (a
// department only its own part; another city's department not at all),
// who may submit, return and complete, and each user's inbox as the
// store's clock passes the reminder window and the deadline.
func TestTasksPolicy(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "石家庄市教育局", jixiao.OrgDepartment, city)
		road := org("D2", "石家庄市交通运输局", jixiao.OrgDepartment, city)
		other := org("B2", "唐山市财政局", jixiao.OrgBureau, 0)
		far := org("E1", "唐山市教育局", jixiao.OrgDepartment, other)
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		eduPrep := as("edu", jixiao.RolePreparer, edu)
		roadAppr := as("road", jixiao.RoleApprover, road)
		farPrep := as("far", jixiao.RolePreparer, far)
		auditor := as("auditor", jixiao.RoleAuditor, 0)
		admin := as("admin", jixiao.RoleAdmin, 0)

		newTask := func(orgs ...int64) *jixiao.Task {
			t := &jixiao.Task{Kind: jixiao.TaskSelf, Title: "2025年度部门整体支出绩效自评", Deadline: jixiao.MustDate("2026-03-31"), RemindDays: 5}
			for _, o := range orgs {
				t.Assignees = append(t.Assignees, jixiao.TaskAssignee{OrgID: o})
			}
			return t
		}
		code := func(what string, err error, want string) {
			t.Helper()
			if jixiao.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %s", what, err, want)
			}
		}
		code("outside the subtree", a.IssueTask(reviewer, newTask(edu, far)), jixiao.ENOTFOUND)
		code("a department issues", a.IssueTask(eduPrep, newTask(edu)), jixiao.EFORBIDDEN)
		code("an auditor issues", a.IssueTask(auditor, newTask(edu)), jixiao.EFORBIDDEN)
		code("an administrator without a bureau", a.IssueTask(admin, newTask(edu)), jixiao.EINVALID)
		task := newTask(edu, road)
		task.BureauID = other // ignored: a reviewer issues as its own organisation
		if err := a.IssueTask(reviewer, task); err != nil {
			t.Fatal(err)
		}
		if task.BureauID != city {
			t.Fatalf("issued by %d, want %d", task.BureauID, city)
		}

		// Who sees what.
		if ts, err := a.Tasks(eduPrep); err != nil || len(ts) != 1 || len(ts[0].Assignees) != 1 || ts[0].Assignees[0].OrgID != edu {
			t.Errorf("the department's tasks: %+v %v", ts, err)
		}
		if ts, err := a.Tasks(reviewer); err != nil || len(ts) != 1 || len(ts[0].Assignees) != 2 {
			t.Errorf("the bureau's tasks: %+v %v", ts, err)
		}
		if ts, err := a.Tasks(farPrep); err != nil || len(ts) != 0 {
			t.Errorf("another city's department: %+v %v", ts, err)
		}
		_, err := a.Task(farPrep, task.ID)
		code("another city's department reads it", err, jixiao.ENOTFOUND)
		eduA, roadA := task.Assignees[0].ID, task.Assignees[1].ID

		at := func(day string) {
			d := jixiao.MustDate(day)
			now := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, jixiao.TaskTimeZone)
			db.Now = func() time.Time { return now }
		}
		inbox := func(who context.Context) map[int64]string {
			t.Helper()
			items, err := a.Inbox(who)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]string{}
			for _, it := range items {
				out[it.Assignee.ID] = it.Reason
			}
			return out
		}
		at("2026-03-20")
		if got := inbox(eduPrep); len(got) != 0 {
			t.Errorf("inbox before the reminder window: %v", got)
		}
		at("2026-03-27")
		if got := inbox(eduPrep); len(got) != 1 || got[eduA] != jixiao.InboxDue {
			t.Errorf("inbox in the window: %v", got)
		}

		// Moves.
		code("another city's department submits", a.MoveTask(farPrep, eduA, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""), jixiao.ENOTFOUND)
		code("the reviewer submits for the department", a.MoveTask(reviewer, roadA, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""), jixiao.EFORBIDDEN)
		if err := a.MoveTask(eduPrep, eduA, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""); err != nil {
			t.Fatal(err)
		}
		if got := inbox(reviewer); len(got) != 1 || got[eduA] != jixiao.InboxSubmitted {
			t.Errorf("the bureau's inbox after a submission: %v", got)
		}
		code("an auditor completes", a.MoveTask(auditor, eduA, jixiao.TaskSubmitted, jixiao.TaskDone, ""), jixiao.EFORBIDDEN)
		code("the department completes its own", a.MoveTask(eduPrep, eduA, jixiao.TaskSubmitted, jixiao.TaskDone, ""), jixiao.EFORBIDDEN)
		code("a return without a reason", a.MoveTask(reviewer, eduA, jixiao.TaskSubmitted, jixiao.TaskReturned, ""), jixiao.EINVALID)
		if err := a.MoveTask(reviewer, eduA, jixiao.TaskSubmitted, jixiao.TaskReturned, "请补充佐证材料"); err != nil {
			t.Fatal(err)
		}
		if got := inbox(eduPrep); got[eduA] != jixiao.InboxReturned {
			t.Errorf("the department's inbox after a return: %v", got)
		}

		// The deadline passes: the open work is overdue for the
		// department and escalated to the bureau.
		at("2026-04-01")
		if got := inbox(roadAppr); len(got) != 1 || got[roadA] != jixiao.InboxOverdue {
			t.Errorf("the department's inbox after the deadline: %v", got)
		}
		if got := inbox(reviewer); len(got) != 2 || got[roadA] != jixiao.InboxOverdue || got[eduA] != jixiao.InboxOverdue {
			t.Errorf("the bureau's inbox after the deadline: %v", got)
		}
		if err := a.MoveTask(roadAppr, roadA, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""); err != nil {
			t.Fatal(err)
		}
		if err := a.MoveTask(reviewer, roadA, jixiao.TaskSubmitted, jixiao.TaskDone, ""); err != nil {
			t.Fatal(err)
		}
		if got := inbox(reviewer); len(got) != 1 || got[eduA] != jixiao.InboxOverdue {
			t.Errorf("the bureau's inbox once one is done: %v", got)
		}
		es, n, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "task", OrgID: city})
		if err != nil || n != 5 {
			t.Errorf("audit: %d entries %v (%+v)", n, err, es)
		}
	})
}
