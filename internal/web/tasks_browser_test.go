package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// TestTasksInBrowser is a task's cycle on the pages: the bureau issues a
// task to two departments from the form; a department's user sees it in
// the inbox (待办) of the home page and submits it; the bureau returns it
// with a reason; the department sees it returned with the reason and
// resubmits; the bureau accepts it.
func TestTasksInBrowser(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	d0, d1 := s.data.Departments[0], s.data.Departments[1]
	const title = "2026年度重点项目绩效运行监控"
	row := func(org, rest string) string { return fmt.Sprintf(`tr[data-assignee=%q] %s`, org, rest) }

	// 1. The bureau issues the task to two departments.
	b.login("reviewer")
	b.open("/tasks")
	b.clickAndLoad("#new-task")
	b.do(chromedp.SetValue(chromedp.CSS("#task-kind"), "监控"), chromedp.SetValue(chromedp.CSS("#task-title"), title),
		chromedp.SetValue(chromedp.CSS("#task-note"), "请填报1—6月的指标完成情况"),
		chromedp.SetValue(chromedp.CSS("#task-deadline"), jixiao.TaskDay(s.db.Now()).AddDays(4).String()),
		chromedp.SetValue(chromedp.CSS("#task-remind"), "7"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[data-target=%q]`, d0.Name))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[data-target=%q]`, d1.Name))))
	b.clickAndLoad(`#task-form button[type=submit]`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已下发任务“"+title+"”，共2个对象") {
		t.Fatalf("after issuing: %q", msg)
	}
	task := eval[string](b, "location.pathname")
	if n := eval[int](b, `document.querySelectorAll("#assignees tbody tr").length`); n != 2 {
		t.Errorf("the task has %d assignees on its page", n)
	}

	// 2. The department sees it in its inbox and submits it.
	b.login("preparer")
	b.open("/")
	if inbox := b.text("#inbox"); !strings.Contains(inbox, title) || !strings.Contains(inbox, "即将到期") || !strings.Contains(inbox, "还剩4天") {
		t.Errorf("department's inbox: %q", inbox)
	}
	b.shot(screenshots(t), "web-inbox")
	b.clickAndLoad(fmt.Sprintf(`#inbox a[href=%q]`, task))
	if page := b.text("#assignees"); strings.Contains(page, d1.Name) {
		t.Error("the department sees another department's work on the task")
	}
	b.clickAndLoad(row(d0.Name, `button[data-move="已提交"]`))
	if st := b.text(row(d0.Name, "[data-state]")); st != "已提交" {
		t.Fatalf("after submitting: %q", st)
	}

	// 3. The bureau returns it with a reason.
	b.login("reviewer")
	b.open("/bureau")
	if inbox := b.text("#inbox"); !strings.Contains(inbox, title) || !strings.Contains(inbox, "待验收") {
		t.Errorf("bureau's inbox: %q", inbox)
	}
	b.open(task)
	b.shot(screenshots(t), "web-task")
	b.do(chromedp.SetValue(chromedp.CSS(row(d0.Name, `input[name=remark]`)), "监控表缺少偏差原因分析"))
	b.clickAndLoad(row(d0.Name, `button[data-move="已退回"]`))
	if st := b.text(row(d0.Name, "[data-state]")); st != "已退回" {
		t.Fatalf("after returning: %q", st)
	}

	// 4. The department sees it returned, with the reason, and resubmits.
	b.login("preparer")
	b.open("/")
	if item := b.text(`#inbox li[data-reason="returned"]`); !strings.Contains(item, title) || !strings.Contains(item, "退回理由：监控表缺少偏差原因分析") {
		t.Errorf("returned item: %q", item)
	}
	b.open(task)
	b.clickAndLoad(row(d0.Name, `button[data-move="已提交"]`))
	if st := b.text(row(d0.Name, "[data-state]")); st != "已提交" {
		t.Fatalf("after resubmitting: %q", st)
	}

	// 5. The bureau accepts it.
	b.login("reviewer")
	b.open(task)
	b.clickAndLoad(row(d0.Name, `button[data-move="已完成"]`))
	if st := b.text(row(d0.Name, "[data-state]")); st != "已完成" {
		t.Fatalf("after accepting: %q", st)
	}
	if st := b.text(row(d1.Name, "[data-state]")); st != "未开始" {
		t.Errorf("the other department's work: %q", st)
	}
}
