package jixiao_test

import (
	"testing"
	"time"

	"jixiao"
)

func TestTaskDeadlines(t *testing.T) {
	task := &jixiao.Task{Deadline: jixiao.MustDate("2026-06-30"), RemindDays: 3}
	open := &jixiao.TaskAssignee{State: jixiao.TaskInProgress}
	done := &jixiao.TaskAssignee{State: jixiao.TaskDone}
	for _, c := range []struct {
		day           string
		soon, overdue bool
		left          int
	}{
		{"2026-06-26", false, false, 4},
		{"2026-06-27", true, false, 3},
		{"2026-06-30", true, false, 0},
		{"2026-07-01", false, true, -1},
	} {
		d := jixiao.MustDate(c.day)
		if got := task.DueSoon(d); got != c.soon {
			t.Errorf("%s: due soon %v, want %v", c.day, got, c.soon)
		}
		if got := task.Overdue(open, d); got != c.overdue {
			t.Errorf("%s: overdue %v, want %v", c.day, got, c.overdue)
		}
		if task.Overdue(done, d) {
			t.Errorf("%s: a done assignee is overdue", c.day)
		}
		if got := task.DaysLeft(d); got != c.left {
			t.Errorf("%s: %d days left, want %d", c.day, got, c.left)
		}
	}
	// 2026-06-30 16:30 UTC is already 07-01 in China.
	if got := jixiao.TaskDay(time.Date(2026, 6, 30, 16, 30, 0, 0, time.UTC)); got.String() != "2026-07-01" {
		t.Errorf("task day %s", got)
	}
}

func TestTaskMoves(t *testing.T) {
	if !jixiao.CanMoveTask(jixiao.TaskInProgress, jixiao.TaskSubmitted, false) || jixiao.CanMoveTask(jixiao.TaskInProgress, jixiao.TaskSubmitted, true) {
		t.Error("only the department submits")
	}
	if !jixiao.CanMoveTask(jixiao.TaskSubmitted, jixiao.TaskReturned, true) || jixiao.CanMoveTask(jixiao.TaskSubmitted, jixiao.TaskReturned, false) {
		t.Error("only the bureau returns")
	}
	if jixiao.CanMoveTask(jixiao.TaskNotStarted, jixiao.TaskDone, true) {
		t.Error("done without a submission")
	}
}

func TestTaskValidate(t *testing.T) {
	good := func() *jixiao.Task {
		return &jixiao.Task{Kind: jixiao.TaskSelf, Title: "2025年度部门整体支出绩效自评", Deadline: jixiao.MustDate("2026-03-31"), RemindDays: 5,
			Assignees: []jixiao.TaskAssignee{{OrgID: 2}, {OrgID: 2, Project: "农村公路养护"}}}
	}
	if err := good().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(*jixiao.Task){
		"kind":     func(t *jixiao.Task) { t.Kind = "other" },
		"title":    func(t *jixiao.Task) { t.Title = " " },
		"deadline": func(t *jixiao.Task) { t.Deadline = jixiao.Date{} },
		"remind":   func(t *jixiao.Task) { t.RemindDays = 61 },
		"none":     func(t *jixiao.Task) { t.Assignees = nil },
		"duplicate": func(t *jixiao.Task) {
			t.Assignees = append(t.Assignees, jixiao.TaskAssignee{OrgID: 2, Project: " 农村公路养护"})
		},
	} {
		task := good()
		spoil(task)
		if err := task.Validate(); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}
