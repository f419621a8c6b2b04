package sqlstore_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestTasks issues a task to a department and one of another's projects,
// lists it for the bureau and for each department (each sees only its own
// assignees), moves it through submission, return and completion, refuses
// a move from a stale state, and finds every change in the audit log under
// the bureau.
func TestTasks(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "130100", "石家庄市财政局", jixiao.OrgBureau, 0)
		edu := mustOrg(t, s, "130100-001", "石家庄市教育局", jixiao.OrgDepartment, bureau.ID)
		road := mustOrg(t, s, "130100-002", "石家庄市交通运输局", jixiao.OrgDepartment, bureau.ID)
		other := mustOrg(t, s, "130200", "唐山市财政局", jixiao.OrgBureau, 0)
		reviewer := &jixiao.User{ID: 0, Username: "审核员"}

		task := &jixiao.Task{Kind: jixiao.TaskSelf, Title: " 2025年度绩效自评 ", BureauID: bureau.ID, Deadline: jixiao.MustDate("2026-03-31"), RemindDays: 5,
			Assignees: []jixiao.TaskAssignee{{OrgID: edu.ID}, {OrgID: road.ID, Project: "农村公路养护"}}}
		if err := s.CreateTask(ctx, reviewer, task); err != nil {
			t.Fatal(err)
		}
		if task.ID == 0 || task.Assignees[0].ID == 0 || task.Assignees[1].State != jixiao.TaskNotStarted {
			t.Fatalf("created %+v", task)
		}
		bad := &jixiao.Task{Kind: jixiao.TaskOther, Title: "x", BureauID: bureau.ID, Deadline: jixiao.MustDate("2026-03-31"), Assignees: []jixiao.TaskAssignee{{OrgID: 999999}}}
		if err := s.CreateTask(ctx, reviewer, bad); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("unknown assignee: %v", err)
		}
		if n := count(t, s, "SELECT count(*) FROM tasks"); n != 1 {
			t.Errorf("%d tasks after a refused one", n)
		}

		back, err := s.Task(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Title != "2025年度绩效自评" || back.Bureau != "石家庄市财政局" || back.Deadline.String() != "2026-03-31" || back.RemindDays != 5 || back.CreatedBy != "审核员" || len(back.Assignees) != 2 {
			t.Fatalf("loaded %+v", back)
		}
		if a := back.Assignees[1]; a.Org != "石家庄市交通运输局" || a.Project != "农村公路养护" {
			t.Errorf("assignee %+v", a)
		}

		mine, err := s.Tasks(ctx, sqlstore.TaskFilter{OrgIDs: []int64{road.ID}})
		if err != nil || len(mine) != 1 || len(mine[0].Assignees) != 1 || mine[0].Assignees[0].OrgID != road.ID {
			t.Fatalf("road's tasks %+v %v", mine, err)
		}
		if got, _ := s.Tasks(ctx, sqlstore.TaskFilter{BureauIDs: []int64{other.ID}}); len(got) != 0 {
			t.Errorf("another bureau's tasks: %d", len(got))
		}
		if got, _ := s.Tasks(ctx, sqlstore.TaskFilter{BureauIDs: []int64{bureau.ID}}); len(got) != 1 || len(got[0].Assignees) != 2 {
			t.Errorf("bureau's tasks %+v", got)
		}

		a := mine[0].Assignees[0].ID
		steps := []struct {
			from, to jixiao.TaskState
			bureau   bool
		}{
			{jixiao.TaskNotStarted, jixiao.TaskInProgress, false},
			{jixiao.TaskInProgress, jixiao.TaskSubmitted, false},
			{jixiao.TaskSubmitted, jixiao.TaskReturned, true},
			{jixiao.TaskReturned, jixiao.TaskSubmitted, false},
			{jixiao.TaskSubmitted, jixiao.TaskDone, true},
		}
		for _, st := range steps {
			if err := s.MoveTask(ctx, reviewer, a, st.from, st.to, st.bureau, "已核"); err != nil {
				t.Fatalf("%s → %s: %v", st.from, st.to, err)
			}
		}
		if err := s.MoveTask(ctx, reviewer, a, jixiao.TaskSubmitted, jixiao.TaskReturned, true, ""); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale move: %v", err)
		}
		if err := s.MoveTask(ctx, reviewer, a, jixiao.TaskDone, jixiao.TaskInProgress, false, ""); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("forbidden move: %v", err)
		}
		_, got, err := s.TaskAssignee(ctx, a)
		if err != nil || got.State != jixiao.TaskDone || got.Remark != "已核" || got.UpdatedBy != "审核员" {
			t.Errorf("after moves %+v %v", got, err)
		}
		es, n, err := s.Audit(ctx, jixiao.AuditFilter{Entity: "task", OrgID: bureau.ID})
		if err != nil || n != 1+len(steps) {
			t.Fatalf("audit under the bureau: %d entries, %v", n, err)
		}
		for _, e := range es {
			if e.EntityID != task.ID {
				t.Errorf("audit entry %+v", e)
			}
		}
		if _, n, _ := s.Audit(ctx, jixiao.AuditFilter{Entity: "task", OrgID: other.ID}); n != 0 {
			t.Errorf("audit under another bureau: %d entries", n)
		}
	})
}

func count(t *testing.T, s *sqlstore.DB, q string) int {
	t.Helper()
	var n int
	if err := s.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
