package api

import (
	"net/http"

	"jixiao"
)

// TaskRequest issues a task.
type TaskRequest struct {
	Kind     jixiao.TaskKind `json:"kind" doc:"绩效目标申报、监控、自评、整改反馈 或 其他"`
	Title    string          `json:"title"`
	Note     string          `json:"note,omitempty"`
	BureauID int64           `json:"bureau_id,omitempty" doc:"下发任务的财政部门（仅管理员填写；财政复核以本人所在单位下发）"`
	Deadline jixiao.Date     `json:"deadline" doc:"截止日期（含当日），如 2026-03-31"`
	// RemindDays is how many calendar days before the deadline reminders
	// start.
	RemindDays int                   `json:"remind_days"`
	Assignees  []TaskAssigneeRequest `json:"assignees"`
}

// TaskAssigneeRequest is a department, or one of its projects, given a task.
type TaskAssigneeRequest struct {
	OrgID   int64  `json:"org_id"`
	Project string `json:"project,omitempty" doc:"项目名称；省略时为部门本身"`
}

// MoveRequest changes an assignee's state.
type MoveRequest struct {
	From   jixiao.TaskState `json:"from" doc:"当前状态（读取时的状态）"`
	To     jixiao.TaskState `json:"to" doc:"进行中、已提交（部门）；已退回、已完成（财政部门）"`
	Remark string           `json:"remark,omitempty" doc:"说明；退回时必填"`
}

func (a *API) tasks(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.taskService()
	if err != nil {
		return err
	}
	tasks, err := ts.Tasks(r.Context())
	if err != nil {
		return err
	}
	return list(w, tasks)
}

func (a *API) createTask(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.taskService()
	if err != nil {
		return err
	}
	var req TaskRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if len(req.Assignees) > jixiao.MaxTaskAssignees {
		return jixiao.Errorf(jixiao.EINVALID, "一个任务最多下发给%d个部门或项目", jixiao.MaxTaskAssignees)
	}
	t := &jixiao.Task{Kind: req.Kind, Title: req.Title, Note: req.Note, BureauID: req.BureauID, Deadline: req.Deadline, RemindDays: req.RemindDays}
	for _, as := range req.Assignees {
		t.Assignees = append(t.Assignees, jixiao.TaskAssignee{OrgID: as.OrgID, Project: as.Project})
	}
	if err := ts.IssueTask(r.Context(), t); err != nil {
		return err
	}
	return ok(w, t)
}

func (a *API) task(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.taskService()
	if err != nil {
		return err
	}
	tid, err := id(r, "id")
	if err != nil {
		return err
	}
	t, err := ts.Task(r.Context(), tid)
	if err != nil {
		return err
	}
	return ok(w, t)
}

func (a *API) moveTask(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.taskService()
	if err != nil {
		return err
	}
	aid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req MoveRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := ts.MoveTask(r.Context(), aid, req.From, req.To, req.Remark); err != nil {
		return err
	}
	return done(w)
}

func (a *API) inbox(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.taskService()
	if err != nil {
		return err
	}
	items, err := ts.Inbox(r.Context())
	if err != nil {
		return err
	}
	return list(w, items)
}

func (a *API) notices(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.taskService()
	if err != nil {
		return err
	}
	ns, err := ts.Notices(r.Context())
	if err != nil {
		return err
	}
	return list(w, ns)
}

// taskService returns the task service, or an error when the server has
// none.
func (a *API) taskService() (jixiao.TaskService, error) {
	if a.Tasks == nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "任务功能不可用")
	}
	return a.Tasks, nil
}
