package jixiao

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// A task (待办任务) is work a bureau (财政局) issues to departments or to
// their projects, with a deadline: declare performance goals, fill in the
// monitoring table, submit the self-evaluation, report on rectification.
// Each assignee moves through its own states; the bureau follows them.
//
// Deadlines are calendar days (Date) and reminders count calendar days,
// not working days.

// TaskKind is what a task asks for.
type TaskKind string

// Kinds of task.
const (
	TaskDeclare TaskKind = "绩效目标申报"
	TaskMonitor TaskKind = "监控"
	TaskSelf    TaskKind = "自评"
	TaskRectify TaskKind = "整改反馈"
	TaskOther   TaskKind = "其他"
)

// TaskKinds lists the kinds in the order forms offer them.
var TaskKinds = []TaskKind{TaskDeclare, TaskMonitor, TaskSelf, TaskRectify, TaskOther}

// TaskState is where one assignee stands on a task.
type TaskState string

// States of an assignee.
const (
	TaskNotStarted TaskState = "未开始"
	TaskInProgress TaskState = "进行中"
	TaskSubmitted  TaskState = "已提交"
	TaskReturned   TaskState = "已退回"
	TaskDone       TaskState = "已完成"
)

// TaskStates lists the states in their usual order.
var TaskStates = []TaskState{TaskNotStarted, TaskInProgress, TaskSubmitted, TaskReturned, TaskDone}

// Bounds of a task's fields.
const (
	MaxTaskTitle      = 200  // characters
	MaxTaskNote       = 2000 // characters
	MaxTaskAssignees  = 500
	MaxTaskRemindDays = 60
)

// Task is one task and its assignees.
type Task struct {
	ID       int64    `json:"id"`
	Kind     TaskKind `json:"kind"`
	Title    string   `json:"title"`
	Note     string   `json:"note,omitempty"`
	BureauID int64    `json:"bureau_id"` // the organisation that issued it
	Bureau   string   `json:"bureau,omitempty"`
	Deadline Date     `json:"deadline"` // the last day (inclusive)
	// RemindDays is how many calendar days before the deadline reminders
	// start (0: on the deadline day only).
	RemindDays int            `json:"remind_days"`
	CreatedBy  string         `json:"created_by,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
	Assignees  []TaskAssignee `json:"assignees"`
}

// TaskAssignee is one department, or one project of a department, that a
// task is given to, and where it stands.
type TaskAssignee struct {
	ID      int64  `json:"id"`
	TaskID  int64  `json:"task_id"`
	OrgID   int64  `json:"org_id"`
	Org     string `json:"org,omitempty"`
	Project string `json:"project,omitempty"` // a project's name; "" for the department itself
	// State and when it last changed, by whom, with what remark (a
	// return's reason).
	State     TaskState `json:"state"`
	Remark    string    `json:"remark,omitempty"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a new task's own fields (not whether its organisations
// exist or may be given it).
func (t *Task) Validate() error {
	ok := false
	for _, k := range TaskKinds {
		ok = ok || t.Kind == k
	}
	switch {
	case !ok:
		return Errorf(EINVALID, "任务类型应为绩效目标申报、监控、自评、整改反馈或其他")
	case strings.TrimSpace(t.Title) == "":
		return Errorf(EINVALID, "任务名称不能为空")
	case utf8.RuneCountInString(t.Title) > MaxTaskTitle:
		return Errorf(EINVALID, "任务名称不能超过%d个字", MaxTaskTitle)
	case utf8.RuneCountInString(t.Note) > MaxTaskNote:
		return Errorf(EINVALID, "任务说明不能超过%d个字", MaxTaskNote)
	case t.Deadline.IsZero():
		return Errorf(EINVALID, "请填写截止日期")
	case t.RemindDays < 0 || t.RemindDays > MaxTaskRemindDays:
		return Errorf(EINVALID, "提前提醒天数应在0到%d之间", MaxTaskRemindDays)
	case len(t.Assignees) == 0:
		return Errorf(EINVALID, "请至少选择一个部门或项目")
	case len(t.Assignees) > MaxTaskAssignees:
		return Errorf(EINVALID, "一个任务最多下发给%d个部门或项目", MaxTaskAssignees)
	}
	type key struct {
		org     int64
		project string
	}
	seen := map[key]bool{}
	for _, a := range t.Assignees {
		if utf8.RuneCountInString(a.Project) > MaxTaskTitle {
			return Errorf(EINVALID, "项目名称不能超过%d个字", MaxTaskTitle)
		}
		k := key{a.OrgID, strings.TrimSpace(a.Project)}
		if seen[k] {
			return Errorf(EINVALID, "同一部门或项目重复选择")
		}
		seen[k] = true
	}
	return nil
}

// Open reports whether the assignee still has something to do: not
// submitted and not done.
func (a *TaskAssignee) Open() bool { return a.State != TaskSubmitted && a.State != TaskDone }

// Overdue reports whether the assignee's work is late on day today: still
// open after the deadline.
func (t *Task) Overdue(a *TaskAssignee, today Date) bool {
	return a.Open() && today.After(t.Deadline)
}

// DueSoon reports whether today falls within the reminder window: from
// RemindDays calendar days before the deadline to the deadline itself.
func (t *Task) DueSoon(today Date) bool {
	return !today.After(t.Deadline) && !today.Before(t.Deadline.AddDays(-t.RemindDays))
}

// DaysLeft is the number of calendar days from today to the deadline
// (negative once it has passed).
func (t *Task) DaysLeft(today Date) int {
	return int(t.Deadline.t.Sub(today.t).Hours() / 24)
}

// TaskMove is a change of an assignee's state, and who may make it.
type TaskMove struct {
	From, To TaskState
	ByBureau bool // the issuing bureau; otherwise the assignee's department
}

// taskMoves are the allowed changes: the department starts and submits
// (again after a return); the bureau returns a submission or completes
// it, and may reopen a completed one by returning it.
var taskMoves = []TaskMove{
	{TaskNotStarted, TaskInProgress, false},
	{TaskNotStarted, TaskSubmitted, false},
	{TaskInProgress, TaskSubmitted, false},
	{TaskReturned, TaskInProgress, false},
	{TaskReturned, TaskSubmitted, false},
	{TaskSubmitted, TaskReturned, true},
	{TaskSubmitted, TaskDone, true},
	{TaskDone, TaskReturned, true},
}

// CanMoveTask reports whether an assignee in state from may go to state to,
// by the bureau (byBureau) or by the department.
func CanMoveTask(from, to TaskState, byBureau bool) bool {
	for _, m := range taskMoves {
		if m.From == from && m.To == to && m.ByBureau == byBureau {
			return true
		}
	}
	return false
}

// TaskTimeZone is the zone whose calendar days deadlines are (China
// Standard Time, UTC+8, no daylight saving).
var TaskTimeZone = time.FixedZone("CST", 8*3600)

// TaskDay returns the calendar day of instant now in TaskTimeZone.
func TaskDay(now time.Time) Date {
	n := now.In(TaskTimeZone)
	return DateOf(n.Year(), n.Month(), n.Day())
}

// Kinds of reminder (TaskReminder.Kind).
const (
	RemindDue      = "due"      // the deadline is within the reminder window
	RemindOverdue  = "overdue"  // the deadline has passed, the work is open
	RemindEscalate = "escalate" // the overdue work, told to the issuing bureau
	// A rectification item's: its deadline is near, has passed (told to
	// the department), has passed (told to the department's parent).
	RemindRectDue      = "rect-due"
	RemindRectOverdue  = "rect-overdue"
	RemindRectEscalate = "rect-escalate"
)

// TaskReminder is a reminder sent about one assignee's work, once: an
// in-app notice to organisation OrgID, and a message to the hook.
type TaskReminder struct {
	ID         int64 `json:"id"`
	AssigneeID int64 `json:"assignee_id"` // 0 for a rectification item's
	TaskID     int64 `json:"task_id"`
	// RectificationID is the rectification item reminded of (0 for a
	// task's reminder).
	RectificationID int64     `json:"rectification_id,omitempty"`
	Kind            string    `json:"kind"`
	OrgID           int64     `json:"org_id"`
	Org             string    `json:"org,omitempty"`
	Title           string    `json:"title"`    // the task's
	Deadline        Date      `json:"deadline"` // the task's
	Message         string    `json:"message"`
	CreatedAt       time.Time `json:"created_at"`
}

// InboxItem is one entry of a user's to-do inbox (待办).
type InboxItem struct {
	Task     *Task         `json:"task"`
	Assignee *TaskAssignee `json:"assignee"`
	// Why it is there: "due" (the deadline is within the reminder
	// window), "overdue", "returned" (the bureau sent it back),
	// "submitted" (waiting for the bureau's review).
	Reason   string `json:"reason"`
	DaysLeft int    `json:"days_left"` // calendar days to the deadline, negative once passed
	// Escalated is true on a bureau's item: another organisation's work,
	// overdue or waiting for review.
	Escalated bool `json:"escalated"`
}

// Reasons of an inbox item, and their Chinese.
const (
	InboxDue       = "due"
	InboxOverdue   = "overdue"
	InboxReturned  = "returned"
	InboxSubmitted = "submitted"
)

// InboxReasons are the reasons as users read them.
var InboxReasons = map[string]string{InboxDue: "即将到期", InboxOverdue: "已逾期", InboxReturned: "已退回", InboxSubmitted: "待验收"}

// TaskService issues tasks and follows them (internal/app implements it;
// policy.go decides who may do what).
type TaskService interface {
	// IssueTask stores a new task issued by the user's organisation.
	IssueTask(ctx context.Context, t *Task) error
	// Tasks lists the tasks the user sees, by deadline.
	Tasks(ctx context.Context) ([]*Task, error)
	// Task returns one task as the user may see it.
	Task(ctx context.Context, id int64) (*Task, error)
	// MoveTask changes an assignee's state from from to to.
	MoveTask(ctx context.Context, assigneeID int64, from, to TaskState, remark string) error
	// Inbox returns the user's to-do items (待办).
	Inbox(ctx context.Context) ([]InboxItem, error)
	// Notices returns the newest reminders to the user's organisations.
	Notices(ctx context.Context) ([]*TaskReminder, error)
}
