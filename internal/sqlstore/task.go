package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"jixiao"
)

// Tasks (migration 13): a bureau's tasks to departments or their projects,
// and each assignee's state. Every change is in the audit log as entity
// "task" (the task's id, the issuing bureau's organisation).

// MaxTasksListed bounds one listing of tasks.
const MaxTasksListed = 1000

// CreateTask stores a new task, every assignee not started, and sets its
// and their ids. The bureau and every assignee's organisation must exist.
func (s *DB) CreateTask(ctx context.Context, actor *jixiao.User, t *jixiao.Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.createTask(ctx, tx, actor, t) })
}

// createTask stores task t within tx (CreateTask, and a monitoring
// round's task).
func (s *DB) createTask(ctx context.Context, tx *sql.Tx, actor *jixiao.User, t *jixiao.Task) error {
	if err := orgExists(ctx, tx, t.BureauID); err != nil {
		return err
	}
	now := s.millis()
	t.CreatedAt = fromMillis(now)
	if actor != nil {
		t.CreatedBy = actor.Username
	}
	id, err := insert(ctx, tx, "tasks", []string{"kind", "title", "note", "bureau_id", "deadline", "remind_days", "created_by", "created_at"},
		[]any{string(t.Kind), strings.TrimSpace(t.Title), t.Note, t.BureauID, t.Deadline.String(), t.RemindDays, t.CreatedBy, now})
	if err != nil {
		return err
	}
	t.ID = id
	for i := range t.Assignees {
		a := &t.Assignees[i]
		if err := orgExists(ctx, tx, a.OrgID); err != nil {
			return err
		}
		a.TaskID, a.State, a.Project, a.UpdatedAt, a.UpdatedBy = id, jixiao.TaskNotStarted, strings.TrimSpace(a.Project), t.CreatedAt, t.CreatedBy
		if a.ID, err = insert(ctx, tx, "task_assignees", []string{"task_id", "org_id", "project", "state", "updated_by", "updated_at"},
			[]any{id, a.OrgID, a.Project, string(a.State), a.UpdatedBy, now}); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, actor, "create", "task", id, 0, "", toJSON(t))
}

func orgExists(ctx context.Context, q querier, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM orgs WHERE id = $1", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "单位（编号%d）不存在", id)
	}
	return nil
}

// TaskFilter selects tasks: those some bureaus issued, or those given to
// any of some organisations (only their assignees are then returned). Nil
// lists select everything; an empty one nothing.
type TaskFilter struct {
	BureauIDs []int64 // issued by one of these organisations (at most 1000)
	OrgIDs    []int64 // given to one of these organisations (at most 1000)
}

// inList appends ids to args and returns their placeholders, "(…)".
func inList(args []any, ids []int64) ([]any, string) {
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	return args, "(" + strings.Join(ph, ", ") + ")"
}

const taskSelect = "SELECT t.id, t.kind, t.title, t.note, t.bureau_id, o.name, t.deadline, t.remind_days, t.created_by, t.created_at FROM tasks t JOIN orgs o ON o.id = t.bureau_id"

const assigneeSelect = "SELECT a.id, a.task_id, a.org_id, o.name, a.project, a.state, a.remark, a.updated_by, a.updated_at FROM task_assignees a JOIN orgs o ON o.id = a.org_id"

func scanTask(sc scanner) (*jixiao.Task, error) {
	var t jixiao.Task
	var kind, deadline string
	var at int64
	if err := sc.Scan(&t.ID, &kind, &t.Title, &t.Note, &t.BureauID, &t.Bureau, &deadline, &t.RemindDays, &t.CreatedBy, &at); err != nil {
		return nil, err
	}
	d, err := jixiao.ParseDate(deadline)
	if err != nil {
		return nil, fmt.Errorf("task %d: deadline %q: %w", t.ID, deadline, err)
	}
	t.Kind, t.Deadline, t.CreatedAt = jixiao.TaskKind(kind), d, fromMillis(at)
	return &t, nil
}

func scanAssignee(sc scanner) (jixiao.TaskAssignee, error) {
	var a jixiao.TaskAssignee
	var state string
	var at int64
	err := sc.Scan(&a.ID, &a.TaskID, &a.OrgID, &a.Org, &a.Project, &state, &a.Remark, &a.UpdatedBy, &at)
	a.State, a.UpdatedAt = jixiao.TaskState(state), fromMillis(at)
	return a, err
}

// Task returns task id with all its assignees.
func (s *DB) Task(ctx context.Context, id int64) (*jixiao.Task, error) {
	q := s.read(ctx)
	t, err := scanTask(q.QueryRowContext(ctx, taskSelect+" WHERE t.id = $1", id))
	if err != nil {
		return nil, notFound(err, "任务（编号%d）不存在", id)
	}
	as, err := s.assignees(ctx, q, " WHERE a.task_id = $1 ORDER BY o.code, a.project, a.id", id)
	if err != nil {
		return nil, err
	}
	t.Assignees = as[id]
	return t, nil
}

// assignees returns the assignees a query selects, by task.
func (s *DB) assignees(ctx context.Context, q querier, where string, args ...any) (map[int64][]jixiao.TaskAssignee, error) {
	rows, err := q.QueryContext(ctx, assigneeSelect+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]jixiao.TaskAssignee{}
	for rows.Next() {
		a, err := scanAssignee(rows)
		if err != nil {
			return nil, err
		}
		out[a.TaskID] = append(out[a.TaskID], a)
	}
	return out, rows.Err()
}

// Tasks returns the tasks f selects, by deadline then id, at most
// MaxTasksListed of them.
func (s *DB) Tasks(ctx context.Context, f TaskFilter) ([]*jixiao.Task, error) {
	if len(f.OrgIDs) > 1000 || len(f.BureauIDs) > 1000 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "一次最多按1000个单位查询任务")
	}
	if f.BureauIDs != nil && len(f.BureauIDs) == 0 || f.OrgIDs != nil && len(f.OrgIDs) == 0 {
		return nil, nil
	}
	var conds []string
	var args []any
	if f.BureauIDs != nil {
		var in string
		args, in = inList(args, f.BureauIDs)
		conds = append(conds, "t.bureau_id IN "+in)
	}
	var orgIn string
	if f.OrgIDs != nil {
		args, orgIn = inList(args, f.OrgIDs)
		conds = append(conds, "t.id IN (SELECT task_id FROM task_assignees WHERE org_id IN "+orgIn+")")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	q := s.read(ctx)
	rows, err := q.QueryContext(ctx, fmt.Sprintf("%s%s ORDER BY t.deadline, t.id LIMIT %d", taskSelect, where, MaxTasksListed), args...)
	if err != nil {
		return nil, err
	}
	var out []*jixiao.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The assignees of the tasks listed (of the organisations asked for).
	aw := fmt.Sprintf(" WHERE a.task_id IN (SELECT t.id FROM tasks t%s ORDER BY t.deadline, t.id LIMIT %d)", where, MaxTasksListed)
	if orgIn != "" {
		aw += " AND a.org_id IN " + orgIn
	}
	as, err := s.assignees(ctx, q, aw+" ORDER BY o.code, a.project, a.id", args...)
	if err != nil {
		return nil, err
	}
	for _, t := range out {
		t.Assignees = as[t.ID]
	}
	return out, nil
}

// TaskAssignee returns one assignee and its task (with every assignee).
func (s *DB) TaskAssignee(ctx context.Context, assigneeID int64) (*jixiao.Task, *jixiao.TaskAssignee, error) {
	var taskID int64
	if err := s.read(ctx).QueryRowContext(ctx, "SELECT task_id FROM task_assignees WHERE id = $1", assigneeID).Scan(&taskID); err != nil {
		return nil, nil, notFound(err, "任务对象（编号%d）不存在", assigneeID)
	}
	t, err := s.Task(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	for i := range t.Assignees {
		if t.Assignees[i].ID == assigneeID {
			return t, &t.Assignees[i], nil
		}
	}
	return nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "任务对象（编号%d）不存在", assigneeID)
}

// MoveTask changes an assignee's state from from to to, with a remark (a
// return's reason), if the move is allowed (jixiao.CanMoveTask) and the
// assignee is still in state from (ECONFLICT otherwise: someone moved it
// meanwhile). Whether actor may make the move is the caller's to check.
func (s *DB) MoveTask(ctx context.Context, actor *jixiao.User, assigneeID int64, from, to jixiao.TaskState, byBureau bool, remark string) error {
	if !jixiao.CanMoveTask(from, to, byBureau) {
		return jixiao.Errorf(jixiao.EINVALID, "任务状态不能从“%s”改为“%s”", from, to)
	}
	if len([]rune(remark)) > jixiao.MaxTaskNote {
		return jixiao.Errorf(jixiao.EINVALID, "说明不能超过%d个字", jixiao.MaxTaskNote)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var taskID int64
		if err := tx.QueryRowContext(ctx, "SELECT task_id FROM task_assignees WHERE id = $1", assigneeID).Scan(&taskID); err != nil {
			return notFound(err, "任务对象（编号%d）不存在", assigneeID)
		}
		name := ""
		if actor != nil {
			name = actor.Username
		}
		res, err := tx.ExecContext(ctx, "UPDATE task_assignees SET state = $1, remark = $2, updated_by = $3, updated_at = $4 WHERE id = $5 AND state = $6",
			string(to), remark, name, s.millis(), assigneeID, string(from))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return jixiao.Errorf(jixiao.ECONFLICT, "任务状态已被他人修改，请刷新后重试")
		}
		return s.audit(ctx, tx, actor, "move", "task", taskID, 0,
			toJSON(map[string]any{"assignee": assigneeID, "state": from}),
			toJSON(map[string]any{"assignee": assigneeID, "state": to, "remark": remark}))
	})
}

// TasksToRemind returns the tasks due by until (inclusive) that have an
// open assignee (not submitted, not done) not yet escalated, each with all
// its assignees; at most limit of them, oldest deadline first.
func (s *DB) TasksToRemind(ctx context.Context, until jixiao.Date, limit int) ([]*jixiao.Task, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT t.id, t.deadline FROM tasks t JOIN task_assignees a ON a.task_id = t.id
		WHERE t.deadline <= $1 AND a.state NOT IN ($2, $3)
		AND NOT EXISTS (SELECT 1 FROM task_reminders r WHERE r.assignee_id = a.id AND r.kind = $4)
		ORDER BY t.deadline, t.id LIMIT $5`, until.String(), string(jixiao.TaskSubmitted), string(jixiao.TaskDone), jixiao.RemindEscalate, limit)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*jixiao.Task, 0, len(ids))
	for _, id := range ids {
		t, err := s.Task(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// Hook states of a reminder.
const (
	hookPending = 0
	hookSent    = 1
	hookNone    = 2
)

// AddTaskReminder records reminder r unless one of its kind exists for its
// assignee (or, for a rectification item's reminder, its item) already
// (then it returns false). hook says whether the message hook is to send
// it.
func (s *DB) AddTaskReminder(ctx context.Context, r *jixiao.TaskReminder, hook bool) (bool, error) {
	state := hookNone
	if hook {
		state = hookPending
	}
	if (r.AssigneeID == 0) == (r.RectificationID == 0) {
		return false, fmt.Errorf("add reminder: neither or both of an assignee and a rectification item")
	}
	now := s.millis()
	// Without a conflict target: whichever of the two unique keys
	// (assignee and kind, item and kind) the reminder has.
	res, err := s.exec(ctx, `INSERT INTO task_reminders (assignee_id, rectification_id, kind, org_id, message, created_at, hook_state)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, nullID(r.AssigneeID), nullID(r.RectificationID), r.Kind, r.OrgID, r.Message, now, state)
	if err != nil {
		return false, fmt.Errorf("add reminder: %w", err)
	}
	n, err := res.RowsAffected()
	r.CreatedAt = fromMillis(now)
	return n == 1, err
}

// reminderSelect reads reminders of tasks' assignees and of rectification
// items alike: an item's reminder is titled by its problem (cut short by
// rectTitle) and dated by its deadline.
const reminderSelect = `SELECT r.id, COALESCE(r.assignee_id, 0), COALESCE(a.task_id, 0), COALESCE(r.rectification_id, 0), r.kind, r.org_id, o.name,
	COALESCE(t.title, rc.problem), COALESCE(t.deadline, rc.deadline), r.message, r.created_at, r.hook_claimed_at
	FROM task_reminders r LEFT JOIN task_assignees a ON a.id = r.assignee_id LEFT JOIN tasks t ON t.id = a.task_id
	LEFT JOIN rectifications rc ON rc.id = r.rectification_id JOIN orgs o ON o.id = r.org_id`

// maxRectTitle bounds the title of a rectification item's reminder.
const maxRectTitle = 40

// rectTitle is a rectification item's title in its reminders: 整改事项
// and the start of its problem.
func rectTitle(problem string) string {
	problem = strings.Join(strings.Fields(problem), " ")
	if r := []rune(problem); len(r) > maxRectTitle {
		problem = string(r[:maxRectTitle]) + "……"
	}
	return "整改事项：" + problem
}

func (s *DB) reminders(ctx context.Context, q querier, where string, args ...any) ([]*jixiao.TaskReminder, []int64, error) {
	rows, err := q.QueryContext(ctx, reminderSelect+where, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []*jixiao.TaskReminder
	var claimed []int64
	for rows.Next() {
		var r jixiao.TaskReminder
		var d string
		var at, cl int64
		if err := rows.Scan(&r.ID, &r.AssigneeID, &r.TaskID, &r.RectificationID, &r.Kind, &r.OrgID, &r.Org, &r.Title, &d, &r.Message, &at, &cl); err != nil {
			return nil, nil, err
		}
		if r.RectificationID != 0 {
			r.Title = rectTitle(r.Title)
		}
		if r.Deadline, err = jixiao.ParseDate(d); err != nil {
			return nil, nil, err
		}
		r.CreatedAt = fromMillis(at)
		out = append(out, &r)
		claimed = append(claimed, cl)
	}
	return out, claimed, rows.Err()
}

// ClaimTaskHooks returns up to limit reminders the hook has not sent yet
// and no server is sending (none claimed them within lease), each claimed
// by this call: another server's call does not return them until lease has
// passed.
func (s *DB) ClaimTaskHooks(ctx context.Context, lease time.Duration, limit int) ([]*jixiao.TaskReminder, error) {
	now := s.millis()
	rs, claimed, err := s.reminders(ctx, s.db, " WHERE r.hook_state = $1 AND r.hook_claimed_at < $2 ORDER BY r.id LIMIT $3", hookPending, now-lease.Milliseconds(), limit)
	if err != nil {
		return nil, err
	}
	var out []*jixiao.TaskReminder
	for i, r := range rs {
		res, err := s.exec(ctx, "UPDATE task_reminders SET hook_claimed_at = $1 WHERE id = $2 AND hook_state = $3 AND hook_claimed_at = $4", now, r.ID, hookPending, claimed[i])
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 1 {
			out = append(out, r)
		}
	}
	return out, nil
}

// TaskHookSent records that the hook has reminder id.
func (s *DB) TaskHookSent(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, "UPDATE task_reminders SET hook_state = $1 WHERE id = $2", hookSent, id)
	return err
}

// TaskNotices returns the newest reminders (in-app notices) to the
// organisations orgIDs (nil: all; at most 1000), at most limit.
func (s *DB) TaskNotices(ctx context.Context, orgIDs []int64, limit int) ([]*jixiao.TaskReminder, error) {
	if len(orgIDs) > 1000 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "一次最多按1000个单位查询提醒")
	}
	if orgIDs != nil && len(orgIDs) == 0 {
		return nil, nil
	}
	var args []any
	where := ""
	if orgIDs != nil {
		var in string
		args, in = inList(args, orgIDs)
		where = " WHERE r.org_id IN " + in
	}
	rs, _, err := s.reminders(ctx, s.read(ctx), fmt.Sprintf("%s ORDER BY r.id DESC LIMIT %d", where, limit), args...)
	return rs, err
}
