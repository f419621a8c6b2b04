package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// In a real browser: the approver submits an evaluation whose report has
// blanks; the evaluation's page comes back with the refusal and the list
// of blanks beside the submit button (not an error page), what was typed
// kept; "仍要提交" without a reason is refused there too; with a reason
// the evaluation is submitted and the history shows the override.
func TestSubmitBlanksInBrowser(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	id := s.training.ID
	ev, info, err := s.db.LoadEvaluation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// The organisation of the work is the evaluation's; the measures are
	// its project's, a record of its own.
	ev.WorkGroup, ev.Process = nil, nil
	sys := &jixiao.User{Username: "测试"}
	if _, err := s.db.UpdateEvaluation(ctx, sys, id, info.Version, ev); err != nil {
		t.Fatal(err)
	}
	ps, err := s.db.Projects(ctx, id)
	if err != nil || len(ps) != 1 {
		t.Fatal(err)
	}
	ps[0].Project.Improvements = ""
	if _, err := s.db.UpdateProject(ctx, sys, ps[0].ID, ps[0].Version, &ps[0].Project); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.login("approver")
	overview := fmt.Sprintf("/evaluations/%d", id)
	b.open(overview)
	blanks := b.text("#submit-blanks")
	for _, want := range []string{"报告尚有 2 处待填写", "“自评的组织工作”待填写：案例中没有自评工作的组织（工作组、资料收集、评价过程）",
		"“改进措施”待填写：案例中没有改进措施", "仍要提交"} {
		if !strings.Contains(blanks, want) {
			t.Errorf("the submit form's list of blanks lacks %q:\n%s", want, blanks)
		}
	}
	if href := eval[string](b, `document.querySelector("#submit-blanks a").getAttribute("href")`); href != overview+"/section/process#f-process" {
		t.Errorf("the first blank links to %q", href)
	}
	submit := func() {
		t.Helper()
		b.acceptDialogs()
		b.do(chromedp.Click(chromedp.CSS("form[action$='/workflow/submit'] button[type=submit]")))
	}

	// Refused: the page again, the message beside the button.
	b.do(chromedp.SetValue(chromedp.CSS("#submit-reason"), "请复核"))
	submit()
	b.waitFor(`!!document.querySelector("#submit-error")`)
	if msg := b.text("#submit-error"); !strings.Contains(msg, "未提交：报告尚有2处待填写（自评的组织工作、改进措施），不能提交") {
		t.Errorf("refusal: %q", msg)
	}
	if !eval[bool](b, `document.querySelector("#submit-error").closest("form[action$='/workflow/submit']") !== null`) {
		t.Error("the refusal is not on the submit form")
	}
	if st := b.text("[data-status]"); st != "草稿" {
		t.Errorf("status after the refusal: %q", st)
	}
	if v := eval[string](b, `document.querySelector("#submit-reason").value`); v != "请复核" {
		t.Errorf("the submit note typed is lost: %q", v)
	}

	// 仍要提交 without a reason: refused on the page, the box still ticked.
	b.do(chromedp.Click(chromedp.CSS("#submit-override")))
	submit()
	b.waitFor(`!!document.querySelector("#submit-error") && document.querySelector("#submit-error").textContent.includes("须写明理由")`)
	if !eval[bool](b, `document.querySelector("#submit-override").checked`) {
		t.Error("仍要提交 is no longer ticked")
	}

	// With a reason: submitted; the history names the blanks and why.
	b.do(chromedp.SetValue(chromedp.CSS("#override-reason"), "工作组名单待党组会审定"))
	submit()
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已提交"`)
	if h := b.text(".transitions"); !strings.Contains(h, "请复核；仍要提交：报告尚有2处待填写（自评的组织工作、改进措施），理由：工作组名单待党组会审定") {
		t.Errorf("history: %q", h)
	}
	if eval[bool](b, `!!document.querySelector("#submit-error")`) {
		t.Error("the refusal is still shown after submitting")
	}
}
