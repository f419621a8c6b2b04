package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"jixiao"
)

// Task reminders: the periodic job jixiao.JobReminders (River runs it on
// one server at a time) finds the open work on tasks whose deadline is
// near or past and sends each reminder once: an in-app notice (the row
// of task_reminders, shown to the organisation) and, when HookURL is set,
// a JSON message posted to it. The table makes it idempotent: a reminder
// is recorded once whichever server runs the job, and the hook's message
// is claimed by one server before it is posted (another may post it again
// only after hookLease, when the first did not record it sent).
//
// Deadlines and windows count calendar days in China Standard Time.

// Bounds of one run.
const (
	maxRemindTasks = 2000 // tasks looked at
	maxHookBatch   = 500  // hook messages posted
	hookLease      = 5 * time.Minute
	// HookTimeout bounds one post to the hook.
	HookTimeout = 10 * time.Second
)

// reminderTitles are the kinds of reminder as users read them.
var reminderTitles = map[string]string{jixiao.RemindDue: "待办提醒", jixiao.RemindOverdue: "逾期提醒", jixiao.RemindEscalate: "逾期督办",
	jixiao.RemindMonitorOverdue: "预警处置逾期", jixiao.RemindMonitorEscalate: "预警处置逾期督办",
	jixiao.RemindRectDue: "整改到期提醒", jixiao.RemindRectOverdue: "整改逾期提醒", jixiao.RemindRectEscalate: "整改逾期督办"}

// Rectification items are reminded of like tasks: RectRemindDays before
// their deadline (a calendar day, inclusive) the department is told, and
// once it has passed the department and its parent organisation (the
// bureau or supervising department above it) are, while the item waits
// for the department's feedback (通知 or 退回).
const (
	RectRemindDays = 7
	maxRemindRects = 5000 // items looked at in one run
	// maxRemindProblem bounds the problem quoted in a reminder.
	maxRemindProblem = 60
)

// shortText is s on one line, cut to n characters (and "……").
func shortText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "……"
	}
	return s
}

// remindRectifications records the reminders of the rectification items
// due or overdue on today (add records one; false when it was before).
func (a *App) remindRectifications(ctx context.Context, today jixiao.Date, add func(*jixiao.TaskReminder) error) error {
	rs, parents, err := a.db.RectificationsToRemind(ctx, today, today.AddDays(RectRemindDays), maxRemindRects)
	if err != nil {
		return err
	}
	for _, r := range rs {
		due, err := jixiao.ParseDate(r.Item.Deadline)
		if err != nil {
			continue // a deadline not a date (validated when stored) is not reminded of
		}
		it := &r.Item
		what := "“" + shortText(it.Problem, maxRemindProblem) + "”"
		if it.Project != "" {
			what = "（项目：" + it.Project + "）" + what
		}
		what = fmt.Sprintf("%s整改事项%s%s", it.Source, it.ID, what)
		left := today.DaysTo(due)
		if left >= 0 {
			if err := add(&jixiao.TaskReminder{RectificationID: r.ID, Kind: jixiao.RemindRectDue, OrgID: r.OrgID,
				Message: fmt.Sprintf("【整改到期提醒】%s的整改期限为%s，还剩%d天，当前状态：%s，请按期落实整改并提交落实反馈。", what, due.Chinese(), left, it.Status)}); err != nil {
				return err
			}
			continue
		}
		late := fmt.Sprintf("%s已于%s到期，已逾期%d天，当前状态：%s", what, due.Chinese(), -left, it.Status)
		if err := add(&jixiao.TaskReminder{RectificationID: r.ID, Kind: jixiao.RemindRectOverdue, OrgID: r.OrgID,
			Message: "【整改逾期提醒】" + late + "，请尽快落实整改并提交落实反馈。"}); err != nil {
			return err
		}
		if p := parents[r.OrgID]; p != 0 {
			if err := add(&jixiao.TaskReminder{RectificationID: r.ID, Kind: jixiao.RemindRectEscalate, OrgID: p,
				Message: "【整改逾期督办】" + r.OrgName + "的" + late + "。"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// SendReminders sends the reminders due on the store's today and returns
// how many it recorded. It needs no user: the job runs it.
func (a *App) SendReminders(ctx context.Context) (int, error) {
	today := jixiao.TaskDay(a.db.Now())
	ts, err := a.db.TasksToRemind(ctx, today.AddDays(jixiao.MaxTaskRemindDays), maxRemindTasks)
	if err != nil {
		return 0, err
	}
	hook := a.HookURL != ""
	n := 0
	add := func(r *jixiao.TaskReminder) error {
		ok, err := a.db.AddTaskReminder(ctx, r, hook)
		if ok {
			n++
		}
		return err
	}
	for _, t := range ts {
		for i := range t.Assignees {
			as := &t.Assignees[i]
			if !as.Open() {
				continue
			}
			who := as.Org
			if as.Project != "" {
				who += "（项目：" + as.Project + "）"
			}
			left := t.DaysLeft(today)
			switch {
			case t.Overdue(as, today):
				late := fmt.Sprintf("“%s”（%s）已于%s截止，已逾期%d天，当前状态：%s。", t.Title, t.Kind, t.Deadline.Chinese(), -left, as.State)
				if err := add(&jixiao.TaskReminder{AssigneeID: as.ID, Kind: jixiao.RemindOverdue, OrgID: as.OrgID,
					Message: "【逾期提醒】" + t.Bureau + "下发的" + late + "请尽快办理。"}); err != nil {
					return n, err
				}
				if err := add(&jixiao.TaskReminder{AssigneeID: as.ID, Kind: jixiao.RemindEscalate, OrgID: t.BureauID,
					Message: "【逾期督办】" + who + "的" + late}); err != nil {
					return n, err
				}
			case t.DueSoon(today):
				if err := add(&jixiao.TaskReminder{AssigneeID: as.ID, Kind: jixiao.RemindDue, OrgID: as.OrgID,
					Message: fmt.Sprintf("【待办提醒】%s下发的“%s”（%s）将于%s截止，还剩%d天，当前状态：%s。", t.Bureau, t.Title, t.Kind, t.Deadline.Chinese(), left, as.State)}); err != nil {
					return n, err
				}
			}
		}
	}
	if err := a.escalateMonitoring(ctx, today, add); err != nil {
		return n, err
	}
	if err := a.remindRectifications(ctx, today, add); err != nil {
		return n, err
	}
	if hook {
		if err := a.postHooks(ctx); err != nil {
			return n, err
		}
	}
	if err := a.sendMails(ctx); err != nil {
		return n, err
	}
	return n, nil
}

// HookMessage is what the message hook receives, as JSON.
type HookMessage struct {
	Kind     string `json:"kind"`     // due, overdue, escalate, monitor-overdue or monitor-escalate
	Title    string `json:"title"`    // 待办提醒, 逾期提醒 or 逾期督办
	Org      string `json:"org"`      // the organisation told
	Task     string `json:"task"`     // the task's title
	Deadline string `json:"deadline"` // YYYY-MM-DD
	Message  string `json:"message"`  // the whole reminder, in Chinese
	SentAt   string `json:"sent_at"`  // RFC 3339
	Reminder int64  `json:"reminder"` // the reminder's number, the same on a repeated post
}

// postHooks posts the reminders the hook does not have yet.
func (a *App) postHooks(ctx context.Context) error {
	rs, err := a.db.ClaimTaskHooks(ctx, hookLease, maxHookBatch)
	if err != nil {
		return err
	}
	client := a.HookClient
	if client == nil {
		client = &http.Client{Timeout: HookTimeout}
	}
	var first error
	for _, r := range rs {
		body, err := json.Marshal(HookMessage{Kind: r.Kind, Title: reminderTitles[r.Kind], Org: r.Org, Task: r.Title, Deadline: r.Deadline.String(),
			Message: r.Message, SentAt: a.db.Now().Format(time.RFC3339), Reminder: r.ID})
		if err != nil {
			return err
		}
		if err := post(ctx, client, a.HookURL, body); err != nil {
			// Left claimed: posted again on a run after the lease.
			a.Logger.Warn("reminder hook", "reminder", r.ID, "err", err)
			if first == nil {
				first = err
			}
			continue
		}
		if err := a.db.TaskHookSent(ctx, r.ID); err != nil {
			return err
		}
	}
	return first
}

func post(ctx context.Context, client *http.Client, url string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, HookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("hook answered %s", resp.Status)
	}
	return nil
}

// Notices returns the newest reminders to the organisations the user sees
// (at most 50): the in-app notices.
func (a *App) Notices(ctx context.Context) ([]*jixiao.TaskReminder, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	if all {
		ids = nil
	}
	return a.db.TaskNotices(ctx, ids, 50)
}
