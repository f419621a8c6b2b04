package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao"
)

// Tasks (任务) and the to-do inbox (待办): the list of tasks, one task's
// page with its assignees (the department starts and submits its work, the
// bureau accepts or returns it), the bureau's form to issue a task, and the
// inbox blocks of the home page and the bureau's overview. Every action
// goes through the TaskService, which enforces the permissions (policy.go);
// the pages only hide buttons a user could not use.

// Form bounds of the issue form.
const (
	maxTaskTargets = jixiao.MaxTaskAssignees
	maxInboxShown  = 20 // inbox items on the home page and the overview
)

// taskProgress counts a task's assignees by where they stand.
type taskProgress struct {
	Task                             *jixiao.Task
	Total, Done, Submitted, Overdue  int
	Returned, InProgress, NotStarted int
	Open                             int // not submitted and not done
}

func progressOf(t *jixiao.Task, today jixiao.Date) taskProgress {
	p := taskProgress{Task: t, Total: len(t.Assignees)}
	for i := range t.Assignees {
		as := &t.Assignees[i]
		switch as.State {
		case jixiao.TaskDone:
			p.Done++
		case jixiao.TaskSubmitted:
			p.Submitted++
		case jixiao.TaskReturned:
			p.Returned++
		case jixiao.TaskInProgress:
			p.InProgress++
		default:
			p.NotStarted++
		}
		if as.Open() {
			p.Open++
		}
		if t.Overdue(as, today) {
			p.Overdue++
		}
	}
	return p
}

// issues reports whether the user's role issues tasks and reviews their
// work (the pages show the bureau's buttons; the service decides).
func issues(u *jixiao.User) bool { return u.Role == jixiao.RoleAdmin || u.Role == jixiao.RoleReviewer }

// worksOnTasks reports whether the user's role starts and submits a
// department's work.
func worksOnTasks(u *jixiao.User) bool {
	return u.Role == jixiao.RolePreparer || u.Role == jixiao.RoleApprover || u.Role == jixiao.RoleAdmin
}

func (w *Web) taskService() (jixiao.TaskService, error) {
	if w.Tasks == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通任务与待办")
	}
	return w.Tasks, nil
}

// inboxBlock is the inbox shown on the home page and the overview (nil
// without tasks): the first items and how many there are.
func (w *Web) inboxBlock(r *http.Request) (map[string]any, error) {
	if w.Tasks == nil {
		return nil, nil
	}
	items, err := w.Tasks.Inbox(r.Context())
	if err != nil {
		return nil, err
	}
	shown := items
	if len(shown) > maxInboxShown {
		shown = shown[:maxInboxShown]
	}
	return map[string]any{"Items": shown, "Count": len(items), "More": len(items) - len(shown)}, nil
}

// bureauProgress is the progress of the tasks the user's bureau issued
// (those whose every assignee the user sees), newest deadline last.
func (w *Web) bureauProgress(r *http.Request) ([]taskProgress, error) {
	if w.Tasks == nil {
		return nil, nil
	}
	ts, err := w.Tasks.Tasks(r.Context())
	if err != nil {
		return nil, err
	}
	today := jixiao.TaskDay(time.Now())
	var out []taskProgress
	for _, t := range ts {
		out = append(out, progressOf(t, today))
	}
	return out, nil
}

// tasks lists the tasks the user sees, with the inbox above them.
func (w *Web) tasks(rw http.ResponseWriter, r *http.Request) error {
	svc, err := w.taskService()
	if err != nil {
		return err
	}
	ts, err := svc.Tasks(r.Context())
	if err != nil {
		return err
	}
	inbox, err := w.inboxBlock(r)
	if err != nil {
		return err
	}
	// The newest reminders sent to the organisations the user sees (the
	// in-app notices).
	notices, err := svc.Notices(r.Context())
	if err != nil {
		return err
	}
	today := jixiao.TaskDay(time.Now())
	var rows []taskProgress
	for _, t := range ts {
		rows = append(rows, progressOf(t, today))
	}
	u := ctxUser(r.Context())
	w.render(rw, r, http.StatusOK, "tasks", &page{Title: "任务与待办", Nav: "tasks", Data: map[string]any{
		"Rows": rows, "Inbox": inbox, "CanIssue": issues(u), "Today": today, "Notices": notices,
	}})
	return nil
}

// taskTarget is a department, or one of its projects, the issue form
// offers.
type taskTarget struct {
	Value   string // the form's value: "<org>" or "<org>/<project>"
	Org     string
	Project string
}

// taskTargets are the departments the user sees and the projects of their
// project evaluations.
func (w *Web) taskTargets(r *http.Request) (targets []taskTarget, bureaus []*jixiao.OrgRecord, err error) {
	orgs, err := w.Users.Orgs(r.Context())
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
		switch o.Kind {
		case jixiao.OrgDepartment:
			targets = append(targets, taskTarget{Value: strconv.FormatInt(o.ID, 10), Org: o.Name})
		case jixiao.OrgBureau:
			bureaus = append(bureaus, o)
		}
	}
	sums, _, err := w.Evaluations.Summaries(r.Context(), jixiao.EvaluationFilter{Subject: jixiao.SubjectProject, Limit: 2000})
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, s := range sums {
		name, ok := names[s.OrgID]
		key := fmt.Sprintf("%d/%s", s.OrgID, s.SubjectKey)
		if !ok || s.SubjectKey == "" || seen[key] || strings.ContainsAny(s.SubjectKey, "\r\n") {
			continue
		}
		seen[key] = true
		targets = append(targets, taskTarget{Value: key, Org: name, Project: s.SubjectKey})
	}
	slices.SortStableFunc(targets, func(a, b taskTarget) int {
		if c := strings.Compare(a.Org, b.Org); c != 0 {
			return c
		}
		return strings.Compare(a.Project, b.Project)
	})
	return targets, bureaus, nil
}

// newTask is the bureau's form to issue a task.
func (w *Web) newTask(rw http.ResponseWriter, r *http.Request) error {
	if _, err := w.taskService(); err != nil {
		return err
	}
	u := ctxUser(r.Context())
	if !issues(u) {
		return jixiao.Errorf(jixiao.EFORBIDDEN, "%s无权下发任务", u.Role.Title())
	}
	return w.renderNewTask(rw, r, http.StatusOK, nil, "")
}

func (w *Web) renderNewTask(rw http.ResponseWriter, r *http.Request, status int, form map[string]any, msg string) error {
	targets, bureaus, err := w.taskTargets(r)
	if err != nil {
		return err
	}
	u := ctxUser(r.Context())
	if form == nil {
		form = map[string]any{"Kind": string(jixiao.TaskMonitor), "Deadline": jixiao.TaskDay(time.Now()).AddDays(30).String(), "RemindDays": "7",
			"Targets": map[string]bool{}}
	}
	w.render(rw, r, status, "tasknew", &page{Title: "下发任务", Nav: "tasks", Data: map[string]any{
		"Kinds": jixiao.TaskKinds, "Targets": targets, "Bureaus": bureaus, "ChooseBureau": u.Role == jixiao.RoleAdmin,
		"Form": form, "Error": msg, "MaxTitle": jixiao.MaxTaskTitle, "MaxNote": jixiao.MaxTaskNote, "MaxRemind": jixiao.MaxTaskRemindDays,
	}})
	return nil
}

// issueTask issues the task of the form; a refused form comes back with
// what was typed and the reason.
func (w *Web) issueTask(rw http.ResponseWriter, r *http.Request) error {
	svc, err := w.taskService()
	if err != nil {
		return err
	}
	chosen := r.PostForm["target"]
	picked := map[string]bool{}
	for _, v := range chosen {
		if len(picked) < maxTaskTargets+1 {
			picked[v] = true
		}
	}
	form := map[string]any{"Kind": r.FormValue("kind"), "Title": r.FormValue("title"), "Note": r.FormValue("note"),
		"Deadline": r.FormValue("deadline"), "RemindDays": r.FormValue("remind_days"), "Bureau": r.FormValue("bureau"), "Targets": picked}
	t, err := readTaskForm(r, chosen)
	if err == nil {
		err = svc.IssueTask(r.Context(), t)
	}
	if jixiao.ErrorCode(err) == jixiao.EINVALID {
		return w.renderNewTask(rw, r, http.StatusUnprocessableEntity, form, jixiao.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已下发任务“%s”，共%d个对象", t.Title, len(t.Assignees)))
	return redirect(rw, r, fmt.Sprintf("/tasks/%d", t.ID))
}

// readTaskForm reads the issue form, every field bounded before it is
// parsed.
func readTaskForm(r *http.Request, chosen []string) (*jixiao.Task, error) {
	if len(chosen) > maxTaskTargets {
		return nil, jixiao.Errorf(jixiao.EINVALID, "一个任务最多下发给%d个部门或项目", maxTaskTargets)
	}
	t := &jixiao.Task{Kind: jixiao.TaskKind(r.FormValue("kind")), Title: strings.TrimSpace(r.FormValue("title")), Note: strings.TrimSpace(r.FormValue("note"))}
	if utf8.RuneCountInString(t.Title) > jixiao.MaxTaskTitle {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务名称不能超过%d个字", jixiao.MaxTaskTitle)
	}
	if utf8.RuneCountInString(t.Note) > jixiao.MaxTaskNote {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务说明不能超过%d个字", jixiao.MaxTaskNote)
	}
	dl := strings.TrimSpace(r.FormValue("deadline"))
	if dl == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请填写截止日期")
	}
	d, err := jixiao.ParseDate(dl)
	if len(dl) > 10 || err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "截止日期应为“年-月-日”，如 2026-06-30")
	}
	t.Deadline = d
	rd := strings.TrimSpace(r.FormValue("remind_days"))
	if rd == "" {
		rd = "0"
	}
	n, err := strconv.Atoi(rd)
	if len(rd) > 3 || err != nil || n < 0 || n > jixiao.MaxTaskRemindDays {
		return nil, jixiao.Errorf(jixiao.EINVALID, "提前提醒天数应为0到%d之间的整数", jixiao.MaxTaskRemindDays)
	}
	t.RemindDays = n
	if b := strings.TrimSpace(r.FormValue("bureau")); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if len(b) > 19 || err != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "请选择下发任务的财政部门")
		}
		t.BureauID = id
	}
	for _, v := range chosen {
		org, project, _ := strings.Cut(v, "/")
		id, err := strconv.ParseInt(org, 10, 64)
		if len(org) > 19 || err != nil || id <= 0 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "选择的部门或项目无法识别，请刷新页面后重新选择")
		}
		if utf8.RuneCountInString(project) > jixiao.MaxTaskTitle {
			return nil, jixiao.Errorf(jixiao.EINVALID, "项目名称不能超过%d个字", jixiao.MaxTaskTitle)
		}
		t.Assignees = append(t.Assignees, jixiao.TaskAssignee{OrgID: id, Project: project})
	}
	return t, nil
}

// assigneeRow is one assignee on the task page, with the moves the user's
// role may make.
type assigneeRow struct {
	*jixiao.TaskAssignee
	Overdue bool
	Moves   []taskMove
	Return  bool // the bureau may return it (with a reason)
}

// taskMove is a button of the task page.
type taskMove struct {
	To    jixiao.TaskState
	Label string
}

// task is one task's page: its assignees with their states and the
// buttons of the moves the user may make.
func (w *Web) task(rw http.ResponseWriter, r *http.Request) error {
	svc, err := w.taskService()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := svc.Task(r.Context(), id)
	if err != nil {
		return err
	}
	u := ctxUser(r.Context())
	today := jixiao.TaskDay(time.Now())
	var rows []assigneeRow
	for i := range t.Assignees {
		as := &t.Assignees[i]
		row := assigneeRow{TaskAssignee: as, Overdue: t.Overdue(as, today)}
		// The department's buttons for its own work; the bureau's for
		// the work on its task.
		own := u.OrgID == as.OrgID || u.Role == jixiao.RoleAdmin
		if worksOnTasks(u) && own {
			if jixiao.CanMoveTask(as.State, jixiao.TaskInProgress, false) {
				row.Moves = append(row.Moves, taskMove{jixiao.TaskInProgress, "开始办理"})
			}
			if jixiao.CanMoveTask(as.State, jixiao.TaskSubmitted, false) {
				row.Moves = append(row.Moves, taskMove{jixiao.TaskSubmitted, "提交"})
			}
		}
		if issues(u) {
			if jixiao.CanMoveTask(as.State, jixiao.TaskDone, true) {
				row.Moves = append(row.Moves, taskMove{jixiao.TaskDone, "验收"})
			}
			row.Return = jixiao.CanMoveTask(as.State, jixiao.TaskReturned, true)
		}
		rows = append(rows, row)
	}
	w.render(rw, r, http.StatusOK, "task", &page{Title: t.Title, Nav: "tasks", Data: map[string]any{
		"Task": t, "Rows": rows, "Progress": progressOf(t, today), "DaysLeft": t.DaysLeft(today), "Today": today,
	}})
	return nil
}

// moveTask changes an assignee's state: the form says from which state
// (a page that is out of date is refused by the service) and to which.
func (w *Web) moveTask(rw http.ResponseWriter, r *http.Request) error {
	svc, err := w.taskService()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// States the form cannot hold are passed as none, so that the
	// service still answers first whether the user sees the assignee
	// (another department's is not found), and then refuses the move.
	from, to := jixiao.TaskState(r.FormValue("from")), jixiao.TaskState(r.FormValue("to"))
	known := slices.Contains(jixiao.TaskStates, from) && slices.Contains(jixiao.TaskStates, to)
	if !known {
		from, to = "", ""
	}
	remark := strings.TrimSpace(r.FormValue("remark"))
	if utf8.RuneCountInString(remark) > jixiao.MaxTaskNote {
		remark = string([]rune(remark)[:jixiao.MaxTaskNote+1])
	}
	if err := svc.MoveTask(r.Context(), id, from, to, remark); err != nil {
		if !known && jixiao.ErrorCode(err) == jixiao.EINVALID {
			return jixiao.Errorf(jixiao.EINVALID, "办理状态无法识别，请刷新页面后重试")
		}
		return err
	}
	done := map[jixiao.TaskState]string{jixiao.TaskInProgress: "已开始办理", jixiao.TaskSubmitted: "已提交，等待财政部门验收",
		jixiao.TaskDone: "已验收", jixiao.TaskReturned: "已退回，部门将看到退回理由"}
	w.flash(r, done[to])
	// Back to the task's page the form was on.
	back := "/tasks"
	if v := r.FormValue("task"); len(v) <= 19 {
		if task, err := strconv.ParseInt(v, 10, 64); err == nil && task > 0 {
			back = fmt.Sprintf("/tasks/%d", task)
		}
	}
	return redirect(rw, r, back)
}

// daysLeftText says how far a deadline is: 还剩N天, 今天截止, 已逾期N天.
func daysLeftText(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("还剩%d天", n)
	case n == 0:
		return "今天截止"
	}
	return fmt.Sprintf("已逾期%d天", -n)
}
