package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"jixiao"
)

// TestAcceptConfirmAndReopen: in a real browser, "通过" does not accept at
// once but opens a confirmation that says what accepting does; only its
// confirming button accepts. The reviewer who accepted then reopens the
// evaluation with a reason (the form refuses an empty one); the
// department's preparer sees, on the home page and on the evaluation's
// pages, that it was reopened, by whom (display name) and why, and can
// edit it again; the history lists the reopening with its reason. A
// reviewer who did not accept is not offered the step, and a posted
// accept without the confirmation is refused.
func TestAcceptConfirmAndReopen(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	ctx := context.Background()
	id := s.training.ID
	overview := fmt.Sprintf("/evaluations/%d", id)
	info, err := s.db.Transition(ctx, &jixiao.User{Username: "测试"}, id, s.training.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil)
	if err != nil {
		t.Fatal(err)
	}

	b.login("reviewer")
	b.open(overview)
	visible := func(sel string) bool {
		return eval[bool](b, `(e => !!e && e.checkVisibility())(document.querySelector("`+sel+`"))`)
	}
	if visible("#accept-step button[name=confirmed]") || visible("#accept-what") {
		t.Error("the accepting button shows before 通过 is clicked")
	}
	if got := b.text("#accept-step > summary"); got != "通过…" {
		t.Errorf("accept step: %q", got)
	}
	// A hand-made post without the confirmation is refused.
	status := evalAsync[float64](b, fmt.Sprintf(`(async () => (await fetch("%s/workflow/accept", {method: "POST",
		headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "version=%d"})).status)()`, overview, info.Version))
	if status != 400 {
		t.Errorf("accept without confirmation: %v, want 400", status)
	}
	b.do(chromedp.Click(chromedp.CSS("#accept-step > summary")))
	if !visible("#accept-what") || !strings.Contains(b.text("#accept-what"), "通过后，评价锁定为“已通过”，部门和所有人都不能再修改") {
		t.Errorf("the confirmation does not say what accepting does: %q", b.text("#accept-step"))
	}
	if got := b.text("#accept-step button[name=confirmed]"); got != "确定通过并锁定" {
		t.Errorf("confirming button: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS("#accept-step button[name=confirmed]")))
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已通过"`)
	if !strings.Contains(b.text("#messages"), "已通过复核，评价已锁定") {
		t.Errorf("message after accepting: %q", b.text("#messages"))
	}

	// The reopening, by keyboard: a reason is required by the form and
	// by the server.
	b.do(chromedp.Focus(chromedp.CSS("#reopen-step > summary")), chromedp.KeyEvent(kb.Enter))
	if !eval[bool](b, `document.querySelector("#reopen-what").checkVisibility()`) {
		t.Error("Enter on 重新打开… does not open the step")
	}
	if !strings.Contains(b.text("#reopen-what"), "重新打开后，评价回到“已退回”，部门可以修改后重新提交") {
		t.Errorf("reopen step: %q", b.text("#reopen-step"))
	}
	if eval[bool](b, `document.querySelector("#reopen-step form").checkValidity()`) {
		t.Error("the reopen form accepts an empty reason")
	}
	b.do(chromedp.SetValue(chromedp.CSS("#reopen-reason"), "决算支出数填错，请更正后重新提交"),
		chromedp.Click(chromedp.CSS("#reopen-step button[type=submit]")))
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已退回"`)
	if got := b.text(".transitions li:last-child"); !strings.Contains(got, "王芳：重新打开，已通过 → 已退回（决算支出数填错，请更正后重新提交）") {
		t.Errorf("last transition: %q", got)
	}

	// The department is told, on its home page and the evaluation's pages.
	b.login("preparer")
	b.open("/")
	home := b.text("#reopened")
	for _, want := range []string{"已重新打开的评价", "2024年度项目支出：职业技能培训补贴项目", "王芳重新打开了已通过的评价，原因：决算支出数填错，请更正后重新提交。请修改后重新提交。"} {
		if !strings.Contains(home, want) {
			t.Errorf("home notice lacks %q: %q", want, home)
		}
	}
	b.open(fmt.Sprintf("/evaluations/%d/goals", id))
	if got := b.text("[data-reopened]"); !strings.Contains(got, "王芳重新打开了已通过的评价，原因：决算支出数填错，请更正后重新提交") {
		t.Errorf("evaluation notice: %q", got)
	}
	if eval[bool](b, `!!document.querySelector(".locked")`) {
		t.Error("the reopened evaluation is still shown as locked")
	}
	if !eval[bool](b, `Array.from(document.querySelectorAll("tr.ind-row input:not([type=hidden])")).some(i => !i.readOnly)`) {
		t.Error("the reopened evaluation cannot be edited")
	}
	b.open(fmt.Sprintf("/evaluations/%d/history", id))
	if got := b.text(".history li"); !strings.Contains(got, "王芳") || !strings.Contains(got, "重新打开评价") || !strings.Contains(got, "决算支出数填错，请更正后重新提交") {
		t.Errorf("newest history entry: %q", got)
	}

	// Submitted and accepted again by another: the first reviewer is no
	// longer offered the reopening; the department's notice is gone.
	info, _ = s.db.EvaluationInfo(ctx, id)
	info, err = s.db.Transition(ctx, &jixiao.User{Username: "测试"}, id, info.Version, []jixiao.Status{jixiao.StatusReturned}, jixiao.StatusSubmitted, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Transition(ctx, &jixiao.User{ID: s.userID(t, "admin")}, id, info.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusAccepted, "", nil); err != nil {
		t.Fatal(err)
	}
	b.open("/")
	if eval[bool](b, `!!document.querySelector("#reopened")`) {
		t.Error("the reopened notice stays after a new acceptance")
	}
	b.login("reviewer")
	b.open(overview)
	if eval[bool](b, `!!document.querySelector("#reopen-step")`) {
		t.Error("a reviewer is offered to reopen another's acceptance")
	}
}

// userID returns the id of a demo user.
func (s *site) userID(t *testing.T, name string) int64 {
	t.Helper()
	u, _, err := s.db.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
