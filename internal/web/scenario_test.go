package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReviewScenario is the whole round in a real browser: the preparer
// changes an actual value and sees score and grade change without a page
// load, pastes three indicator rows from a spreadsheet; the approver
// submits; the bureau's reviewer returns it with a comment on one
// indicator; the preparer sees the comment and fixes it; the approver
// submits again; the reviewer accepts and the pages lock; the bureau's
// overview shows the new grade and draws its charts. Screenshots of the
// main pages are saved on the way.
func TestReviewScenario(t *testing.T) {
	s := newSite(t)
	shots := screenshots(t)
	b := newBrowser(t, s)
	id := s.training.ID
	overview := fmt.Sprintf("/evaluations/%d", id)

	// The preparer signs in: the department's evaluations, with scores.
	b.login("preparer")
	home := b.text("main")
	for _, want := range []string{"石家庄市自然资源和规划局", "部门整体支出", "项目支出：职业技能培训补贴项目", "96.00", "92.26"} {
		if !strings.Contains(home, want) {
			t.Errorf("department home lacks %q:\n%s", want, home)
		}
	}
	b.shot(shots, "web-home")

	// The live scorecard.
	b.open(fmt.Sprintf("/evaluations/%d/goals", id)) // a project evaluation opens its project
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 7`)
	if total, grade := b.scoreText(); total != "92.26" || grade != "优" {
		t.Fatalf("before: %s %s", total, grade)
	}
	eval[bool](b, "window.noReload = true")
	b.setRowValue("培训人次", "actual", "3000人次")
	b.waitFor(`document.querySelector("#score-panel [data-total]").textContent.trim() === "86.26"`)
	if total, grade := b.scoreText(); total != "86.26" || grade != "良" {
		t.Errorf("after changing 培训人次 to 3000: %s %s, want 86.26 良", total, grade)
	}
	if !eval[bool](b, "window.noReload === true") {
		t.Error("the page reloaded; the score should update in place")
	}
	row := eval[string](b, rowInput("培训人次", "actual")+`.closest("tr").querySelector("td.score").textContent`)
	if !strings.Contains(row, "12.00") || !strings.Contains(row, "实际值3000人次 / 目标值5000人次 × 分值20 = 12.00") {
		t.Errorf("row score and explanation: %q", row)
	}
	b.shot(shots, "web-scorecard")

	// Three rows pasted from a spreadsheet (the second's 一级指标 merged).
	paste := "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n" +
		"产出指标\t数量指标\t培训机构数\t≥10家\t12家\t2\n" +
		"\t质量指标\t结业证书发放率\t100%\t100%\t2\n" +
		"效益指标\t社会效益指标\t带动创业人数\t≥50人\t60人\t1\n"
	b.do(chromedp.Click(chromedp.CSS("details.add > summary")),
		chromedp.SetValue(chromedp.CSS("form.paste textarea"), paste),
		chromedp.Click(chromedp.CSS("form.paste button[type=submit]")))
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 10`)
	for _, name := range []string{"培训机构数", "结业证书发放率", "带动创业人数"} {
		if !eval[bool](b, rowInput(name, "name")+" !== null") {
			t.Errorf("pasted indicator %s missing", name)
		}
	}
	if lvl := eval[string](b, rowInput("结业证书发放率", "level1")+".value"); lvl != "产出指标" {
		t.Errorf("merged 一级指标 of the second pasted row: %q", lvl)
	}
	if msg := b.text("#messages"); !strings.Contains(msg, "新增 3 个指标") {
		t.Errorf("message after paste: %q", msg)
	}

	// The preparer cannot submit; the approver does.
	b.open(overview)
	if eval[bool](b, `!!document.querySelector("form[action$='/workflow/submit']")`) {
		t.Error("the preparer is offered the submit button")
	}
	b.login("approver")
	b.open(overview)
	b.acceptDialogs()
	b.do(chromedp.Submit(chromedp.CSS("form[action$='/workflow/submit']")))
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已提交"`)

	// The reviewer finds it on the bureau's overview and returns it with a
	// comment on 培训人次.
	b.login("reviewer")
	b.open("/bureau")
	b.waitFor(`document.querySelector("#chart-grades svg") !== null`)
	if txt := b.text("#bureau-table"); !strings.Contains(txt, "石家庄市自然资源和规划局 · 职业技能培训补贴项目") || !strings.Contains(txt, "已提交") {
		t.Errorf("bureau table:\n%s", txt)
	}
	eval[bool](b, `Array.from(document.querySelectorAll("#bureau-table a")).find(a => a.textContent.includes("石家庄市自然资源和规划局 · 职业技能培训补贴项目")).click() || true`)
	b.waitFor(`location.pathname === "` + overview + `"`)
	b.shot(shots, "web-overview")
	b.do(
		chromedp.SetValue(chromedp.CSS("#return-reason"), "请补充培训人次未达标的原因"),
		chromedp.SetValue(chromedp.CSS("select[name=comment_item]"), "projects[0].indicators[0]"),
		chromedp.SetValue(chromedp.CSS("input[name=comment_text]"), "培训人次仅完成3000人次，请核实并补充佐证"),
		chromedp.Submit(chromedp.CSS("form.return-form")),
	)
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已退回"`)

	// The preparer sees the comment on the overview and beside the row,
	// and fixes the value.
	b.login("preparer")
	b.open(overview)
	if c := b.text("#comments"); !strings.Contains(c, "培训人次仅完成3000人次，请核实并补充佐证") || !strings.Contains(c, "指标“培训人次”") {
		t.Errorf("comments on the overview: %q", c)
	}
	eval[bool](b, `document.querySelector("#comments a").click() || true`)
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 10`)
	note := eval[string](b, rowInput("培训人次", "actual")+`.closest("tr").textContent`)
	if !strings.Contains(note, "复核意见：培训人次仅完成3000人次") {
		t.Errorf("the comment is not beside its indicator: %q", note)
	}
	before, _ := b.scoreText()
	b.setRowValue("培训人次", "actual", "4800人次")
	b.waitFor(`document.querySelector("#score-panel [data-total]").textContent.trim() !== "` + before + `"`)

	// Submitted again, then accepted: the pages lock.
	b.login("approver")
	b.open(overview)
	b.acceptDialogs()
	b.do(chromedp.Submit(chromedp.CSS("form[action$='/workflow/submit']")))
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已提交"`)
	b.login("reviewer")
	b.open(overview)
	b.do(chromedp.Click(chromedp.CSS("#accept-step > summary")), chromedp.SetValue(chromedp.CSS("#accept-reason"), "同意"),
		chromedp.Click(chromedp.CSS("#accept-step button[name=confirmed]")))
	b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已通过"`)
	finalTotal, finalGrade := b.scoreText()

	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d/goals", id))
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 10`)
	if lock := b.text(".locked"); !strings.Contains(lock, "已通过复核，已锁定") {
		t.Errorf("lock notice: %q", lock)
	}
	if eval[bool](b, `Array.from(document.querySelectorAll("tr.ind-row input:not([type=hidden]), tr.ind-row textarea")).some(i => !i.readOnly)`) {
		t.Error("indicator inputs are editable after acceptance")
	}
	if eval[bool](b, `!!document.querySelector("form[action^='/projects/'] button[type=submit]") || !!document.querySelector("details.add")`) {
		t.Error("save or add controls are offered after acceptance")
	}
	// Even a request made by hand is refused.
	status := evalAsync[float64](b, `(async () => { const r = await fetch(document.querySelector("tr.ind-row").getAttribute("hx-post") || "/indicators/`+
		fmt.Sprint(s.indicatorOf(t, id, "培训人次"))+`/row", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "version=99&actual=1"}); return r.status })()`)
	if status < 400 {
		t.Errorf("a hand-made save of an accepted evaluation answered %v", status)
	}

	// The bureau's overview shows the new grade, and its charts render.
	b.login("reviewer")
	b.open("/bureau?sort=name&dir=asc")
	b.waitFor(`document.querySelectorAll("#charts svg").length === 3`)
	row = eval[string](b, `Array.from(document.querySelectorAll("#bureau-table tbody tr")).find(r => r.textContent.includes("石家庄市自然资源和规划局 · 职业技能培训补贴项目")).textContent`)
	for _, want := range []string{"已通过", finalTotal, finalGrade} {
		if !strings.Contains(row, want) {
			t.Errorf("bureau row lacks %q: %s", want, row)
		}
	}
	points := eval[float64](b, `document.querySelectorAll("#chart-scatter svg path").length`)
	bars := eval[string](b, `document.querySelector("#chart-grades").textContent`)
	if points == 0 || !strings.Contains(bars, finalGrade) {
		t.Errorf("charts: %v scatter paths, grade chart text %q", points, bars)
	}
	b.shot(shots, "web-bureau")

	// Inline validation while filling in a form: a message beside the
	// field as soon as it is left (nothing saved), gone when corrected
	// (saved).
	b.login("preparer")
	ref := s.data.Evaluations[0].ID
	b.open(fmt.Sprintf("/evaluations/%d/section/profile", ref))
	b.typeInto("#f-org-headcount-active", "约三百人")
	b.waitFor(`document.querySelector("#f-org-headcount-active-errbox").textContent.includes("应为整数")`)
	if !strings.Contains(b.text("#section-form-state"), "未保存：尚有 1 处需要修改") {
		t.Errorf("form state: %q", b.text("#section-form-state"))
	}
	b.typeInto("#f-org-headcount-active", "312")
	b.waitFor(`document.querySelector("#f-org-headcount-active-errbox").textContent.trim() === ""`)

	// The remaining main pages, for the README.
	b.open(fmt.Sprintf("/evaluations/%d/section/budget", ref))
	b.shot(shots, "web-budget")
	b.open(fmt.Sprintf("/evaluations/%d/findings", ref))
	b.shot(shots, "web-findings")
	b.open(fmt.Sprintf("/evaluations/%d/goals", ref))
	b.shot(shots, "web-goals")
	b.open(fmt.Sprintf("/evaluations/%d/history", id))
	b.shot(shots, "web-history")
}

// indicatorOf returns the id of an evaluation's indicator by name.
func (s *site) indicatorOf(t *testing.T, evalID int64, name string) int64 {
	t.Helper()
	ins, err := s.db.Indicators(context.Background(), evalID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ins {
		if r.Indicator.Name == name {
			return r.ID
		}
	}
	t.Fatalf("no indicator %s", name)
	return 0
}
