package app

import (
	"context"
	"slices"
	"sort"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// Tasks a bureau issues to departments (see jixiao.Task and policy.go):
// who may issue, see and move them, and each user's to-do inbox.
// Deadlines are calendar days in China Standard Time (jixiao.TaskDay of
// the store's clock); reminders count calendar days, not working days.

// IssueTask stores task t issued by the user's organisation (a reviewer's
// own; an administrator names the bureau in t.BureauID) to organisations
// the user sees. Every assignee starts 未开始.
func (a *App) IssueTask(ctx context.Context, t *jixiao.Task) error {
	u, err := actor(ctx)
	if err != nil {
		return err
	}
	if u.Role != jixiao.RoleAdmin {
		t.BureauID = u.OrgID
	}
	if err := t.Validate(); err != nil {
		return err
	}
	// The assignees first: one the user does not see is not disclosed
	// (ENOTFOUND), one they see but may not give work to is refused.
	for _, as := range t.Assignees {
		if err := a.allow(ctx, u, actIssue, as.OrgID); err != nil {
			return err
		}
	}
	if t.BureauID == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "请选择下发任务的财政部门")
	}
	if err := a.allow(ctx, u, actIssue, t.BureauID); err != nil {
		return err
	}
	return a.db.CreateTask(ctx, u, t)
}

// Tasks returns the tasks the user sees: those issued by organisations in
// their scope, with every assignee, and those given to organisations in
// their scope, with only those assignees; by deadline.
func (a *App) Tasks(ctx context.Context) ([]*jixiao.Task, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	if all {
		return a.db.Tasks(ctx, sqlstore.TaskFilter{})
	}
	issued, err := issuedAndGiven(ctx, a.db.Tasks, sqlstore.TaskFilter{BureauIDs: ids}, sqlstore.TaskFilter{OrgIDs: ids}, func(t *jixiao.Task) int64 { return t.ID })
	if err != nil {
		return nil, err
	}
	sort.SliceStable(issued, func(i, j int) bool {
		if issued[i].Deadline != issued[j].Deadline {
			return issued[i].Deadline.Before(issued[j].Deadline)
		}
		return issued[i].ID < issued[j].ID
	})
	return issued, nil
}

// Task returns task id as the user may see it: every assignee when they
// see its bureau, otherwise only the assignees they see (ENOTFOUND when
// none).
func (a *App) Task(ctx context.Context, id int64) (*jixiao.Task, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	t, err := a.db.Task(ctx, id)
	if err != nil {
		return nil, hide(err)
	}
	return a.trimTask(ctx, u, t)
}

func (a *App) trimTask(ctx context.Context, u *jixiao.User, t *jixiao.Task) (*jixiao.Task, error) {
	ok, err := a.sees(ctx, u, t.BureauID)
	if err != nil || ok {
		return t, err
	}
	var mine []jixiao.TaskAssignee
	for _, as := range t.Assignees {
		ok, err := a.sees(ctx, u, as.OrgID)
		if err != nil {
			return nil, err
		}
		if ok {
			mine = append(mine, as)
		}
	}
	if len(mine) == 0 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
	}
	t.Assignees = mine
	return t, nil
}

// MoveTask changes assignee assigneeID's state from from to to (with a
// remark: a return's reason). Starting and submitting are the assignee's
// organisation's (actTask); returning and completing the issuing
// bureau's (actIssue).
func (a *App) MoveTask(ctx context.Context, assigneeID int64, from, to jixiao.TaskState, remark string) error {
	u, err := actor(ctx)
	if err != nil {
		return err
	}
	t, as, err := a.db.TaskAssignee(ctx, assigneeID)
	if err != nil {
		return hide(err)
	}
	byBureau := to == jixiao.TaskReturned || to == jixiao.TaskDone
	if byBureau {
		// A department that sees its own work but not the bureau is
		// refused (EFORBIDDEN); anyone who sees neither is told nothing.
		seesBureau, err := a.sees(ctx, u, t.BureauID)
		if err != nil {
			return err
		}
		if !seesBureau {
			mine, err := a.sees(ctx, u, as.OrgID)
			if err != nil {
				return err
			}
			if !mine {
				return a.allow(ctx, u, actIssue, t.BureauID) // ENOTFOUND, audited
			}
			a.refused(ctx, u, actIssue, as.OrgID, 403)
			return jixiao.Errorf(jixiao.EFORBIDDEN, "%s无权%s", u.Role.Title(), actionNames[actIssue])
		}
		if err := a.allow(ctx, u, actIssue, t.BureauID); err != nil {
			return err
		}
	} else if err := a.allow(ctx, u, actTask, as.OrgID); err != nil {
		return err
	}
	if to == jixiao.TaskReturned && remark == "" {
		return jixiao.Errorf(jixiao.EINVALID, "退回时请写明理由")
	}
	return a.db.MoveTask(ctx, u, assigneeID, from, to, byBureau, remark)
}

// Inbox returns the user's to-do items on the store's today: work of the
// organisations they work on tasks for (actTask) that is due soon, overdue
// or returned; and, for those who issue tasks (actIssue), the work on
// their organisations' tasks that is overdue or waits for review. Overdue
// first, then by deadline.
func (a *App) Inbox(ctx context.Context) ([]jixiao.InboxItem, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := a.Tasks(ctx)
	if err != nil {
		return nil, err
	}
	today := jixiao.TaskDay(a.db.Now())
	works, issues := slices.Contains(permissions[u.Role], actTask), slices.Contains(permissions[u.Role], actIssue)
	var out []jixiao.InboxItem
	for _, t := range ts {
		issuer := false
		if issues {
			if issuer, err = a.sees(ctx, u, t.BureauID); err != nil {
				return nil, err
			}
		}
		for i := range t.Assignees {
			as := &t.Assignees[i]
			item := jixiao.InboxItem{Task: t, Assignee: as, DaysLeft: t.DaysLeft(today)}
			switch {
			case issuer:
				item.Escalated = true
				switch {
				case t.Overdue(as, today):
					item.Reason = jixiao.InboxOverdue
				case as.State == jixiao.TaskSubmitted:
					item.Reason = jixiao.InboxSubmitted
				}
			case works:
				switch {
				case t.Overdue(as, today):
					item.Reason = jixiao.InboxOverdue
				case as.State == jixiao.TaskReturned:
					item.Reason = jixiao.InboxReturned
				case as.Open() && t.DueSoon(today):
					item.Reason = jixiao.InboxDue
				}
			}
			if item.Reason != "" {
				out = append(out, item)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, oj := out[i].Reason == jixiao.InboxOverdue, out[j].Reason == jixiao.InboxOverdue
		if oi != oj {
			return oi
		}
		return out[i].DaysLeft < out[j].DaysLeft
	})
	return out, nil
}

// issuedAndGiven is what list finds issued by the user's organisations
// (byBureau) followed by what it finds given to them (byOrg) and not
// already listed: each record once.
func issuedAndGiven[T any, F any](ctx context.Context, list func(context.Context, F) ([]T, error), byBureau, byOrg F, id func(T) int64) ([]T, error) {
	issued, err := list(ctx, byBureau)
	if err != nil {
		return nil, err
	}
	given, err := list(ctx, byOrg)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, r := range issued {
		seen[id(r)] = true
	}
	for _, r := range given {
		if !seen[id(r)] {
			issued = append(issued, r)
		}
	}
	return issued, nil
}
