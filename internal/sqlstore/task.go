package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
	return s.tx(ctx, func(tx *sql.Tx) error {
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
	})
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
