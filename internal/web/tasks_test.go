package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
)

// taskFor stores a task of the bureau given to department dept only (its
// index in the demo data) and returns it.
func taskFor(t *testing.T, s *site, dept int, title string) *jixiao.Task {
	t.Helper()
	tk := &jixiao.Task{Kind: jixiao.TaskOther, Title: title, BureauID: s.data.Bureau.ID,
		Deadline: jixiao.TaskDay(s.db.Now()).AddDays(20), RemindDays: 3,
		Assignees: []jixiao.TaskAssignee{{OrgID: s.data.Departments[dept].ID}}}
	if err := s.db.CreateTask(context.Background(), &jixiao.User{Username: "reviewer"}, tk); err != nil {
		t.Fatal(err)
	}
	return tk
}

// otherPreparer makes a preparer of department 1 (the demo data has users
// of department 0 only).
func otherPreparer(t *testing.T, s *site) string {
	t.Helper()
	hash, _ := auth.Hash(demo.Password, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if _, err := s.db.CreateUser(context.Background(), &jixiao.User{Username: "测试"},
		&jixiao.User{Username: "other", DisplayName: "孙丽", Role: jixiao.RolePreparer, OrgID: s.data.Departments[1].ID}, hash); err != nil {
		t.Fatal(err)
	}
	return "other"
}

var taskLink = regexp.MustCompile(`/tasks/(\d+)`)

// TestTasksPages walks a task through the pages: the bureau issues it to
// two departments (a refused form keeps what was typed), a department sees
// it in its inbox and submits, the bureau returns it with a reason (not
// without one), the department sees the reason, resubmits, the bureau
// accepts; the department cannot issue, accept or see another's task.
func TestTasksPages(t *testing.T) {
	s := newSite(t)
	d0, d1 := s.data.Departments[0], s.data.Departments[1]
	rev := signIn(t, s, "reviewer")
	prep := signIn(t, s, "preparer")

	// The demo's tasks: the department's inbox has the overdue one first
	// and the one due in three days; the bureau's overview their progress.
	st, home := prep.get("/")
	if st != 200 || !strings.Contains(home, `id="inbox"`) {
		t.Fatalf("home: %d, no inbox", st)
	}
	over, due := strings.Index(home, "上年度绩效评价发现问题整改情况反馈"), strings.Index(home, s.data.Tasks[1].Title) // the monitoring round's, titled by its months
	if over < 0 || due < 0 || over > due || !strings.Contains(home, "已逾期5天") || !strings.Contains(home, "还剩3天") {
		t.Errorf("department inbox: overdue at %d, due at %d", over, due)
	}
	if strings.Contains(home, "2025年度部门整体支出绩效自评") {
		t.Error("a task outside its reminder window is in the inbox")
	}
	// The reminders job's notices are listed on the task list: the
	// department's own, the bureau's escalation.
	if _, err := s.app.SendReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, list := prep.get("/tasks")
	if !strings.Contains(list, "【逾期提醒】") || !strings.Contains(list, "【待办提醒】") || strings.Contains(list, "【逾期督办】") {
		t.Error("the department's notices are not listed, or the bureau's are")
	}
	if _, list := rev.get("/tasks"); !strings.Contains(list, "【逾期督办】") {
		t.Error("the bureau's escalation is not listed")
	}
	_, bureau := rev.get("/bureau")
	if !strings.Contains(bureau, `id="tasks-progress"`) || !strings.Contains(bureau, "上年度绩效评价发现问题整改情况反馈") || !strings.Contains(bureau, "逾期督办") && !strings.Contains(bureau, "待验收") {
		t.Error("bureau overview: no task progress or inbox")
	}

	// The issue form: the department's user may not open or post it.
	if st, _ := prep.get("/tasks/new"); st != http.StatusForbidden {
		t.Errorf("preparer opens the issue form: %d", st)
	}
	form := url.Values{"kind": {"自评"}, "title": {"2026年度项目支出绩效自评"}, "note": {"请于截止日期前提交自评表"},
		"deadline": {jixiao.TaskDay(s.db.Now()).AddDays(2).String()}, "remind_days": {"5"},
		"target": {fmt.Sprint(d0.ID), fmt.Sprint(d1.ID)}}
	if st, _ := prep.post("/tasks", form); st != http.StatusForbidden {
		t.Errorf("preparer issues a task: %d", st)
	}
	st, page := rev.get("/tasks/new")
	if st != 200 || !strings.Contains(page, d0.Name) || !strings.Contains(page, d1.Name) {
		t.Fatalf("issue form: %d", st)
	}
	bad := url.Values{"kind": {"自评"}, "title": {"<b>漏填日期</b>"}, "target": {fmt.Sprint(d0.ID)}}
	st, page = rev.post("/tasks", bad)
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "请填写截止日期") || !strings.Contains(page, "&lt;b&gt;漏填日期&lt;/b&gt;") {
		t.Errorf("refused form: %d", st)
	}
	bad = url.Values{"kind": {"自评"}, "title": {"太多天"}, "deadline": {"2026-06-30"}, "remind_days": {"99"}, "target": {fmt.Sprint(d0.ID)}}
	if st, page = rev.post("/tasks", bad); st != http.StatusUnprocessableEntity || !strings.Contains(page, "提前提醒天数") {
		t.Errorf("remind days 99: %d", st)
	}
	st, _ = rev.post("/tasks", form)
	if st != http.StatusSeeOther {
		t.Fatalf("issue: %d", st)
	}
	ts, _ := s.app.Tasks(jixiao.WithUser(context.Background(), &jixiao.User{Role: jixiao.RoleAdmin}))
	var tk *jixiao.Task
	for _, x := range ts {
		if x.Title == "2026年度项目支出绩效自评" {
			tk = x
		}
	}
	if tk == nil || len(tk.Assignees) != 2 {
		t.Fatalf("issued task: %+v", tk)
	}
	taskPage := fmt.Sprintf("/tasks/%d", tk.ID)
	var mine, theirs jixiao.TaskAssignee
	for _, a := range tk.Assignees {
		if a.OrgID == d0.ID {
			mine = a
		} else {
			theirs = a
		}
	}

	// The department: in its inbox (due in two days), sees only its own
	// assignee, submits.
	_, home = prep.get("/")
	if !strings.Contains(home, "2026年度项目支出绩效自评") || !strings.Contains(home, "还剩2天") {
		t.Error("the new task is not in the department's inbox")
	}
	st, page = prep.get(taskPage)
	if st != 200 || strings.Contains(page, d1.Name) || !strings.Contains(page, d0.Name) || !strings.Contains(page, ">提交<") || strings.Contains(page, ">验收<") {
		t.Errorf("department's task page: %d", st)
	}
	move := func(c *client, a jixiao.TaskAssignee, from, to jixiao.TaskState, remark string) (int, string) {
		return c.post(fmt.Sprintf("/task-assignees/%d/move", a.ID), url.Values{"task": {fmt.Sprint(tk.ID)}, "from": {string(from)}, "to": {string(to)}, "remark": {remark}})
	}
	if st, _ := move(prep, theirs, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""); st != http.StatusNotFound {
		t.Errorf("preparer submits another department's work: %d", st)
	}
	if st, _ := move(prep, mine, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""); st != http.StatusSeeOther {
		t.Fatalf("submit: %d", st)
	}
	if st, _ := move(prep, mine, jixiao.TaskSubmitted, jixiao.TaskDone, ""); st != http.StatusForbidden {
		t.Errorf("preparer accepts its own work: %d", st)
	}

	// The bureau: waiting for review; a return needs a reason.
	_, bureau = rev.get("/bureau")
	if !strings.Contains(bureau, "待验收") {
		t.Error("the submitted work is not in the bureau's inbox")
	}
	st, page = rev.get(taskPage)
	if st != 200 || !strings.Contains(page, d1.Name) || !strings.Contains(page, ">验收<") || !strings.Contains(page, "退回理由") {
		t.Errorf("bureau's task page: %d", st)
	}
	if st, page := move(rev, mine, jixiao.TaskSubmitted, jixiao.TaskReturned, ""); st != http.StatusBadRequest || !strings.Contains(page, "退回时请写明理由") {
		t.Errorf("return without a reason: %d", st)
	}
	if st, _ := move(rev, mine, jixiao.TaskSubmitted, jixiao.TaskReturned, "自评表缺少项目负责人签字"); st != http.StatusSeeOther {
		t.Fatalf("return: %d", st)
	}
	_, home = prep.get("/")
	if !strings.Contains(home, `data-reason="returned"`) || !strings.Contains(home, "退回理由：自评表缺少项目负责人签字") {
		t.Error("the department does not see the return and its reason")
	}
	// An out-of-date page (the state changed meanwhile) is refused.
	if st, _ := move(prep, mine, jixiao.TaskNotStarted, jixiao.TaskSubmitted, ""); st < 400 {
		t.Errorf("move from a stale state: %d", st)
	}
	if st, _ := move(prep, mine, jixiao.TaskReturned, jixiao.TaskSubmitted, ""); st != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", st)
	}
	if st, _ := move(rev, mine, jixiao.TaskSubmitted, jixiao.TaskDone, ""); st != http.StatusSeeOther {
		t.Fatalf("accept: %d", st)
	}
	_, page = rev.get(taskPage)
	if !regexp.MustCompile(`data-done>1<`).MatchString(page) && !strings.Contains(page, "已完成 1") {
		t.Error("the accepted work is not counted done")
	}

	// Another department's task is not there for the department.
	secret := taskFor(t, s, 1, "仅给另一部门的任务")
	if st, page := prep.get(fmt.Sprintf("/tasks/%d", secret.ID)); st != http.StatusNotFound || strings.Contains(page, "仅给另一部门的任务") {
		t.Errorf("another department's task: %d", st)
	}
	_, list = prep.get("/tasks")
	if strings.Contains(list, "仅给另一部门的任务") || strings.Contains(list, d1.Name) {
		t.Error("the task list shows another department's task")
	}
	other := signIn(t, s, otherPreparer(t, s))
	_, list = other.get("/tasks")
	if !strings.Contains(list, "仅给另一部门的任务") || len(taskLink.FindAllString(list, -1)) == 0 {
		t.Error("the department's own task is not listed")
	}
	if st, _ := other.get(taskPage); st != 200 {
		t.Errorf("department 1 opens the task given to it: %d", st)
	}
}

// TestTasksPagesBounded refuses oversized issue forms before they are
// used: too many targets, a title too long, an unparsable date.
func TestTasksPagesBounded(t *testing.T) {
	s := newSite(t)
	rev := signIn(t, s, "reviewer")
	base := func() url.Values {
		return url.Values{"kind": {"其他"}, "title": {"边界"}, "deadline": {"2026-06-30"}, "remind_days": {"1"}, "target": {fmt.Sprint(s.data.Departments[0].ID)}}
	}
	many := base()
	for i := range jixiao.MaxTaskAssignees + 1 {
		many.Add("target", fmt.Sprint(i+1))
	}
	long := base()
	long.Set("title", strings.Repeat("长", jixiao.MaxTaskTitle+1))
	date := base()
	date.Set("deadline", "2026-02-30")
	target := base()
	target.Set("target", "某部门")
	for name, f := range map[string]url.Values{"targets": many, "title": long, "date": date, "target": target} {
		st, page := rev.post("/tasks", f)
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, `id="task-error"`) {
			t.Errorf("%s: %d", name, st)
		}
	}
}

// TestTaskToProject issues a task to a department's project, offered on
// the form from the project's evaluation; the department sees the project
// named on the task and in its inbox.
func TestTaskToProject(t *testing.T) {
	s := newSite(t)
	d0 := s.data.Departments[0]
	project := s.training.SubjectKey
	value := fmt.Sprintf("%d/%s", d0.ID, project)
	rev := signIn(t, s, "reviewer")
	if _, page := rev.get("/tasks/new"); !strings.Contains(page, `value="`+value+`"`) || !strings.Contains(page, "项目："+project) {
		t.Fatalf("the form does not offer the project %q", project)
	}
	form := url.Values{"kind": {"整改反馈"}, "title": {"培训项目整改情况反馈"}, "deadline": {jixiao.TaskDay(s.db.Now()).AddDays(1).String()},
		"remind_days": {"3"}, "target": {value}}
	st, _ := rev.post("/tasks", form)
	if st != http.StatusSeeOther {
		t.Fatalf("issue: %d", st)
	}
	prep := signIn(t, s, "preparer")
	_, home := prep.get("/")
	if !strings.Contains(home, "培训项目整改情况反馈") || !strings.Contains(home, "项目："+project) {
		t.Error("the project's task is not in the department's inbox with the project named")
	}
	m := taskLink.FindAllStringSubmatch(home, -1)
	found := false
	for _, x := range m {
		if _, page := prep.get(x[0]); strings.Contains(page, "培训项目整改情况反馈") {
			found = strings.Contains(page, "项目："+project)
		}
	}
	if !found {
		t.Error("the task page does not name the project")
	}
}

// TestAccountEmail sets, refuses and clears the user's e-mail address on
// the account page; an address with a name or a header in it is refused
// and shown back as typed.
func TestAccountEmail(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	st, page := c.get("/account")
	if st != 200 || !strings.Contains(page, `id="account-form"`) || !strings.Contains(page, s.data.Departments[0].Name) {
		t.Fatalf("account page: %d", st)
	}
	for _, bad := range []string{"zhangmin", "张敏 <zm@example.gov.cn>", "zm@example.gov.cn\r\nBcc: x@example.cn", strings.Repeat("a", 300) + "@example.cn"} {
		st, page := c.post("/account", url.Values{"email": {bad}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, `id="email-error"`) {
			t.Errorf("%.40q: %d", bad, st)
		}
	}
	if st, _ := c.post("/account", url.Values{"email": {" zhangmin@example.gov.cn "}}); st != http.StatusSeeOther {
		t.Fatalf("save: %d", st)
	}
	_, page = c.get("/account")
	if !strings.Contains(page, `value="zhangmin@example.gov.cn"`) || !strings.Contains(page, "已保存电子邮箱") {
		t.Error("the saved address is not shown")
	}
	u, _, err := s.db.UserByName(context.Background(), "preparer")
	if err != nil || u.Email != "zhangmin@example.gov.cn" {
		t.Errorf("stored %q, %v", u.Email, err)
	}
	// Another user's address is theirs alone.
	other := signIn(t, s, "approver")
	if _, page := other.get("/account"); strings.Contains(page, "zhangmin@example.gov.cn") {
		t.Error("another user sees the address")
	}
	if st, _ := c.post("/account", url.Values{"email": {""}}); st != http.StatusSeeOther {
		t.Fatalf("clear: %d", st)
	}
	if u, _, _ := s.db.UserByName(context.Background(), "preparer"); u.Email != "" {
		t.Errorf("not cleared: %q", u.Email)
	}
}
