package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// as is a context of the demo user name, for changes made "by someone
// else" while a test's browser has the page open.
func (s *site) as(t *testing.T, name string) context.Context {
	t.Helper()
	u, _, err := s.app.Store().UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return jixiao.WithUser(context.Background(), u)
}

// typeOnly types into the element as a user does, without leaving it.
func (b *browser) typeOnly(css, value string) {
	b.t.Helper()
	b.do(chromedp.Focus(chromedp.CSS(css)))
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.SendKeys(chromedp.CSS(css), value))
}

// TestSectionAutosaveAndTabSwitch: on a section page, text typed and left
// is saved (the form says 已保存); text typed and not left is saved when
// the user clicks another tab, before the page changes; a value that
// cannot be saved stays on the page with its error beside it, and a tab
// switch then asks first, and staying keeps it.
func TestSectionAutosaveAndTabSwitch(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	id := s.training.ID
	texts := fmt.Sprintf("/evaluations/%d/section/texts", id)
	b.open(texts)
	b.typeInto("#f-conclusion", "评价结论：项目总体完成良好。")
	b.waitFor(`document.querySelector("#section-form-state .saved")`)
	if got := b.text("#section-form-state"); !strings.HasPrefix(got, "已保存（") {
		t.Errorf("state after leaving the field: %q", got)
	}
	if ev, _, _ := s.db.LoadEvaluation(context.Background(), id); ev.Conclusion != "评价结论：项目总体完成良好。" {
		t.Fatalf("stored conclusion: %q", ev.Conclusion)
	}

	// Typed, not left: a click on another tab saves it, then goes.
	b.typeOnly("#f-overall_result", "年度目标全部完成，培训4860人次。")
	b.do(chromedp.Click(chromedp.CSS(`nav.tabs a[href$="/section/profile"]`)))
	b.waitFor(`location.pathname.endsWith("/section/profile")`)
	if ev, _, _ := s.db.LoadEvaluation(context.Background(), id); ev.OverallResult != "年度目标全部完成，培训4860人次。" {
		t.Errorf("text typed before the tab switch was lost: stored %q", ev.OverallResult)
	}
	b.open(texts)
	if got := eval[string](b, `document.querySelector("#f-overall_result").value`); got != "年度目标全部完成，培训4860人次。" {
		t.Errorf("back on the tab: %q", got)
	}

	// A value that cannot be saved: its error beside it, the form unsaved;
	// a tab switch asks, and answering "stay" keeps the text.
	b.open(fmt.Sprintf("/evaluations/%d/section/budget", id))
	num := eval[string](b, `document.querySelector("#section-form input[inputmode=decimal]").id`)
	b.typeInto("#"+num, "一千万")
	b.waitFor(`document.querySelector("#section-form-state.failed")`)
	if got := b.text("#section-form-state"); !strings.Contains(got, "未保存：尚有 1 处需要修改") {
		t.Errorf("state of a refused value: %q", got)
	}
	if got := b.text("#" + num + "-errbox"); !strings.Contains(got, "一千万") {
		t.Errorf("error beside the field: %q", got)
	}
	eval[bool](b, `window.asked = ""; window.confirm = function (m) { window.asked = m; return false }; true`)
	b.do(chromedp.Click(chromedp.CSS(`nav.tabs a[href$="/section/texts"]`)))
	b.waitFor(`window.asked !== ""`)
	if asked := eval[string](b, "window.asked"); !strings.Contains(asked, "尚未保存") {
		t.Errorf("question on leaving: %q", asked)
	}
	if !strings.HasSuffix(eval[string](b, "location.pathname"), "/section/budget") || eval[string](b, "document.querySelector('#"+num+"').value") != "一千万" {
		t.Error("staying lost the page or the text")
	}
}

// TestSectionConflictKeepsBoth: someone else saves the conclusion while
// the user edits it; the user's save shows both texts, and keeping theirs
// saves it over the other's. Then a row of the live scorecard: the other's
// actual value is taken, and saved.
func TestSectionConflictKeepsBoth(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	id := s.training.ID
	b.open(fmt.Sprintf("/evaluations/%d/section/texts", id))

	ctx := s.as(t, "approver")
	ev, info, err := s.db.LoadEvaluation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ev.Conclusion = "他人写的结论"
	if _, err := s.app.UpdateEvaluation(ctx, id, info.Version, ev); err != nil {
		t.Fatal(err)
	}
	b.typeInto("#f-conclusion", "我写的结论")
	b.waitFor(`document.querySelector("#section-form-state [data-conflict]")`)
	rows := eval[[]string](b, `Array.from(document.querySelectorAll("[data-conflict] tbody tr")).map(r => Array.from(r.cells).slice(0, 3).map(c => c.textContent.trim()).join(" | "))`)
	if len(rows) != 1 || rows[0] != "评价结论说明 | 我写的结论 | 他人写的结论" {
		t.Fatalf("conflict rows: %q", rows)
	}
	if got := eval[string](b, `document.querySelector("#f-conclusion").value`); got != "我写的结论" {
		t.Errorf("the user's text left the field: %q", got)
	}
	if ev, _, _ := s.db.LoadEvaluation(ctx, id); ev.Conclusion != "他人写的结论" {
		t.Fatalf("saved before the user chose: %q", ev.Conclusion)
	}
	b.do(chromedp.Click(chromedp.CSS(`[data-conflict] button[data-choose="mine"]`)))
	b.waitFor(`document.querySelector("#section-form-state .saved")`)
	if ev, _, _ := s.db.LoadEvaluation(ctx, id); ev.Conclusion != "我写的结论" {
		t.Errorf("after keeping mine: %q", ev.Conclusion)
	}

	// A scorecard row: the other's value is taken.
	b.open(fmt.Sprintf("/evaluations/%d/goals", id))
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 7`)
	var rec *jixiao.IndicatorRecord
	recs, err := s.app.Indicators(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Indicator.Name == "培训人次" {
			rec = r
		}
	}
	in := rec.Indicator
	if in.Actual, err = jixiao.ParseFigure("4000人次"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.UpdateIndicator(ctx, rec.ID, rec.Version, &in); err != nil {
		t.Fatal(err)
	}
	b.setRowValue("培训人次", "actual", "3000人次")
	b.waitFor(`document.querySelector("tr.ind-row [data-conflict]")`)
	rows = eval[[]string](b, `Array.from(document.querySelectorAll("tr.ind-row [data-conflict] tbody tr")).map(r => Array.from(r.cells).slice(0, 3).map(c => c.textContent.trim()).join(" | "))`)
	if len(rows) != 1 || rows[0] != "实际完成值 | 3000人次 | 4000人次" {
		t.Fatalf("row conflict: %q", rows)
	}
	if got := eval[string](b, rowInput("培训人次", "actual")+".value"); got != "3000人次" {
		t.Errorf("the row lost the user's value: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`tr.ind-row [data-conflict] button[data-choose="stored"]`)))
	b.waitFor(`!document.querySelector("tr.ind-row [data-conflict]") && document.querySelector("tr.ind-row .save-state .saved")`)
	if got := eval[string](b, rowInput("培训人次", "actual")+".value"); got != "4000人次" {
		t.Errorf("after taking the other's: %q", got)
	}
	recs, _ = s.app.Indicators(ctx, id)
	for _, r := range recs {
		if r.ID == rec.ID && (r.Indicator.Actual.Text != "4000人次" || r.Version != rec.Version+2) {
			t.Errorf("stored after choosing: %q version %d (was %d)", r.Indicator.Actual.Text, r.Version, rec.Version)
		}
	}
}

// TestPasteErrorsInPlace: rows pasted with mistakes come back on the same
// page, the text still in the box and each mistake named by its line and
// its column in Chinese; fixed, they are added and the page shows the
// first new row rather than its top.
func TestPasteErrorsInPlace(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d/goals", s.training.ID))
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 7`)
	paste := "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n" +
		"产出指标\t数量指标\t培训机构数\t≥10家\t12家\t十分\n" +
		"\t质量指标\t\t100%\t100%\t2\n"
	// Text typed into the box and not sent: a tab switch asks first.
	b.do(chromedp.Click(chromedp.CSS("details.add > summary")))
	b.typeOnly("form.paste textarea", "产出指标")
	eval[bool](b, `window.asked = ""; window.confirm = function (m) { window.asked = m; return false }; true`)
	b.do(chromedp.Click(chromedp.CSS(`nav.tabs a[aria-current]`)))
	b.waitFor(`window.asked !== ""`)
	if !strings.Contains(eval[string](b, "window.asked"), "尚未保存") || eval[string](b, `document.querySelector("form.paste textarea").value`) != "产出指标" {
		t.Errorf("typed paste text and a tab switch: asked %q", eval[string](b, "window.asked"))
	}
	b.do(chromedp.SetValue(chromedp.CSS("form.paste textarea"), paste),
		chromedp.Click(chromedp.CSS("form.paste button[type=submit]")))
	b.waitFor(`document.querySelector("form.paste .error-box")`)
	errs := eval[[]string](b, `Array.from(document.querySelectorAll("form.paste .error-box li")).map(l => l.textContent)`)
	want := []string{"第2行“分值”：应为数字，实际为文本“十分”", "第3行“三级指标”：不能为空"}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("paste errors:\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	if got := eval[string](b, `document.querySelector("form.paste textarea").value`); got != strings.ReplaceAll(paste, "\r", "") {
		t.Errorf("the pasted text is not kept: %q", got)
	}
	page := b.text("main")
	if strings.Contains(page, "返回首页") || !strings.Contains(page, "职业技能培训补贴项目") || eval[int](b, `document.querySelectorAll("tr.ind-row").length`) != 7 {
		t.Error("not the project's page")
	}
	if !eval[bool](b, `document.activeElement === document.querySelector("form.paste textarea") && window.scrollY > 0`) {
		t.Error("the box with the errors is not where the user is")
	}
	// Fixed in the box: added, and the page is at the first new row.
	fixed := strings.Replace(strings.Replace(paste, "十分", "2", 1), "\t质量指标\t\t", "\t质量指标\t结业率\t", 1)
	b.do(chromedp.SetValue(chromedp.CSS("form.paste textarea"), fixed), chromedp.Click(chromedp.CSS("form.paste button[type=submit]")))
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 9`)
	if !eval[bool](b, `location.hash.startsWith("#ind-") && window.scrollY > 0 && document.querySelector(location.hash).querySelector("[name=name]").value === "培训机构数"`) {
		t.Errorf("after adding, the page is at %q, scrolled %v", eval[string](b, "location.hash"), eval[float64](b, "window.scrollY"))
	}
}

// TestDepartmentRowSave: a row of a department's scorecard saves with
// 已保存 and no htmx error in the console (the answer updates only scores
// the page has; newBrowser fails the test on console errors).
func TestDepartmentRowSave(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	id := s.data.Evaluations[0].ID
	b.open(fmt.Sprintf("/evaluations/%d/goals", id))
	name := eval[string](b, `document.querySelector("tr.ind-row [name=name]").value`)
	b.setRowValue(name, "cause", "其他")
	b.waitFor(`document.querySelector("tr.ind-row .save-state .saved")`)
	if got := eval[string](b, rowInput(name, "cause")+`.closest("tr").querySelector(".save-state").textContent`); !strings.HasPrefix(got, "已保存（") {
		t.Errorf("row state: %q", got)
	}
}

// TestBudgetPasteErrorsInPlace: budget rows pasted with a mistake come
// back on the budget page, the text in its box and the mistake named by
// line and column; nothing is saved.
func TestBudgetPasteErrorsInPlace(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	info, _ := s.db.EvaluationInfo(ctx, id)
	rows := "项目\t年初预算\t调整预算\t决算\n一般公共预算财政拨款收入\t100\t一百二\t110\n"
	st, body := c.post(fmt.Sprintf("/evaluations/%d/budget/paste", id), url.Values{"version": {fmt.Sprint(info.Version)}, "rows": {rows}})
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("paste: %d", st)
	}
	for _, want := range []string{"<li>第2行第3列：金额应为数字，实际为“一百二”</li>", ">" + rows + "</textarea>", "部门收支预决算"} {
		if !strings.Contains(body, want) {
			t.Errorf("the budget page lacks %q", want)
		}
	}
	if strings.Contains(body, "返回首页") {
		t.Error("an error page")
	}
	if now, _ := s.db.EvaluationInfo(ctx, id); now.Version != info.Version {
		t.Error("saved")
	}
}

// TestAddIndicatorErrorsInPlace: a new indicator whose weight is no
// number comes back in its form, what was typed kept and the problem
// named by its field.
func TestAddIndicatorErrorsInPlace(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	id := s.training.ID
	recs, err := s.db.Projects(context.Background(), id)
	if err != nil || len(recs) != 1 {
		t.Fatalf("projects: %v", err)
	}
	st, body := c.post(fmt.Sprintf("/evaluations/%d/indicators", id), url.Values{"project_id": {fmt.Sprint(recs[0].ID)},
		"level1": {"产出指标"}, "name": {"培训机构数"}, "target": {"≥10家"}, "weight": {"两分"}})
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("add: %d", st)
	}
	for _, want := range []string{"<li>分值：应为数字，实际为“两分”</li>", `value="培训机构数"`, `value="两分"`, `value="≥10家"`, "职业技能培训补贴项目"} {
		if !strings.Contains(body, want) {
			t.Errorf("the project page lacks %q", want)
		}
	}
	if strings.Contains(body, "返回首页") {
		t.Error("an error page")
	}
}

// TestTypingDuringRowSaveKept: on a slow connection the user leaves one
// field of a row (its save starts) and types into the next before the
// answer replaces the row: what was typed stays, and is saved when the
// user leaves that field.
func TestTypingDuringRowSaveKept(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	id := s.training.ID
	b.open(fmt.Sprintf("/evaluations/%d/goals", id))
	b.waitFor(`document.querySelectorAll("tr.ind-row").length === 7`)
	// Every request leaves 800 ms late.
	eval[bool](b, `(function () { const send = XMLHttpRequest.prototype.send;
		XMLHttpRequest.prototype.send = function (body) { setTimeout(() => send.call(this, body), 800) }; return true })()`)
	b.setRowValue("培训人次", "actual", "3000人次")
	cause := eval[string](b, rowInput("培训人次", "cause")+".id")
	b.typeOnly("#"+cause, "经费保障")
	if !eval[bool](b, `document.querySelector("#`+cause+`").closest("tr").classList.contains("htmx-request")`) {
		t.Fatal("the first save was not under way while typing")
	}
	// The answer has replaced the row and htmx has settled it (the scores
	// change at the swap, what was typed is put back once settled).
	b.waitFor(`document.querySelector("#score-panel [data-total]").textContent.trim() === "86.26" && !document.querySelector(".htmx-swapping, .htmx-settling")`)
	if got := eval[string](b, `document.querySelector("#`+cause+`").value`); got != "经费保障" {
		t.Fatalf("the answer replaced what was typed meanwhile: %q", got)
	}
	b.do(chromedp.Blur(chromedp.CSS("#" + cause)))
	b.waitFor(`!document.querySelector("[data-unsaved]") && !document.querySelector(".htmx-request")`)
	recs, err := s.db.Indicators(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Indicator.Name == "培训人次" && (r.Indicator.Cause != "经费保障" || r.Indicator.Actual.Text != "3000人次") {
			t.Errorf("stored: cause %q, actual %q", r.Indicator.Cause, r.Indicator.Actual.Text)
		}
	}
}

// TestAddedRowSaves: a row added to a list of a section form (再加一行)
// gets ids of its own, so that its save and the errors beside its cells
// find it: no duplicate ids, and the row is stored.
func TestAddedRowSaves(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	id := s.training.ID
	b.open(fmt.Sprintf("/evaluations/%d/section/process", id))
	list := `document.querySelector("#section-form fieldset.list")`
	before := eval[int](b, list+`.querySelectorAll("tbody tr").length`)
	b.do(chromedp.Click(chromedp.JSPath(list + `.querySelector("[data-add-row]")`)))
	b.do(chromedp.Click(chromedp.JSPath(list + `.querySelector("[data-add-row]")`)))
	if n := eval[int](b, list+`.querySelectorAll("tbody tr").length`); n != before+2 {
		t.Fatalf("%d rows after adding two to %d", n, before)
	}
	if dup := eval[[]string](b, `(function () { const seen = {}, dup = []; document.querySelectorAll("[id]").forEach(e => { if (seen[e.id]) dup.push(e.id); seen[e.id] = 1 }); return dup })()`); len(dup) > 0 {
		t.Errorf("duplicate ids: %q", dup)
	}
	last := eval[string](b, list+`.querySelector("tbody tr:last-child input:not([type=checkbox]), tbody tr:last-child textarea").id`)
	b.typeInto("#"+last, "张三")
	b.waitFor(`document.querySelector("#section-form-state .saved")`)
	path := eval[string](b, list+`.querySelector("table.grid").dataset.list`)
	b.open(fmt.Sprintf("/evaluations/%d/section/process", id))
	if !eval[bool](b, `Array.from(document.querySelectorAll('table.grid[data-list="`+path+`"] tbody input')).some(i => i.value === "张三")`) {
		t.Errorf("the added row of %s is not stored", path)
	}
}

// TestAddGoalErrorsInPlace: a new sub-goal whose weight is no number comes
// back in its form on the goals page, what was typed kept.
func TestAddGoalErrorsInPlace(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	st, body := c.post(fmt.Sprintf("/evaluations/%d/goals", id), url.Values{"name": {"耕地保护"}, "weight": {"十五分"}})
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("add: %d", st)
	}
	for _, want := range []string{"<li>分值：应为数字，实际为“十五分”</li>", `value="耕地保护"`, `value="十五分"`, "新增分项绩效目标"} {
		if !strings.Contains(body, want) {
			t.Errorf("the goals page lacks %q", want)
		}
	}
}

// TestRecordFormsAutosave: a department's sub-goal form, a project's form
// and an indicator's own page save themselves with 已保存 (their answers
// update only what their pages show: newBrowser fails on console errors).
func TestRecordFormsAutosave(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	ctx := context.Background()
	ref := s.data.Evaluations[0].ID
	b.open(fmt.Sprintf("/evaluations/%d/goals", ref))
	form := eval[string](b, `document.querySelector('form[data-autosave][action^="/goals/"]').getAttribute("id")`)
	b.do(chromedp.Click(chromedp.JSPath(`document.querySelector("#` + form + `").closest("details").querySelector("summary")`)))
	name := eval[string](b, `document.querySelector("#`+form+` input[name=name]").id`)
	b.typeInto("#"+name, "推进国土空间的生态修复（改）")
	b.waitFor(`document.querySelector("#` + form + `-state .saved")`)
	goals, _ := s.db.Goals(ctx, ref)
	found := false
	for _, g := range goals {
		found = found || g.Goal.Name == "推进国土空间的生态修复（改）"
	}
	if !found {
		t.Error("the sub-goal's new name is not stored")
	}

	projects, _ := s.db.Projects(ctx, s.training.ID)
	pid := projects[0].ID
	b.open(fmt.Sprintf("/projects/%d", pid))
	pf := fmt.Sprintf("project-%d-form", pid)
	field := eval[string](b, `document.querySelector("#`+pf+` textarea, #`+pf+` input:not([type=hidden]):not([type=checkbox])").id`)
	b.typeInto("#"+field, "职业技能培训补贴项目（改）")
	b.waitFor(`document.querySelector("#` + pf + `-state .saved")`)

	in := s.indicatorOf(t, s.training.ID, "培训人次")
	b.open(fmt.Sprintf("/indicators/%d", in))
	inf := fmt.Sprintf("indicator-%d-form", in)
	b.typeInto("#"+inf+" [name=actual]", "4100人次")
	b.waitFor(`document.querySelector("#` + inf + `-state .saved")`)
	recs, _ := s.db.Indicators(ctx, s.training.ID)
	for _, r := range recs {
		if r.ID == in && r.Indicator.Actual.Text != "4100人次" {
			t.Errorf("indicator page: stored %q", r.Indicator.Actual.Text)
		}
	}
}

// TestAddProjectErrorsInPlace: a new project without its name comes back on
// the projects page with the problem above the form and what was typed in
// it; nothing is saved.
func TestAddProjectErrorsInPlace(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	before, _ := s.db.Projects(context.Background(), id)
	st, body := c.post(fmt.Sprintf("/evaluations/%d/projects", id), url.Values{"name": {"  "}, "code": {"XM-2024-07"}})
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("add: %d", st)
	}
	for _, want := range []string{"<li>项目名称：请填写项目名称</li>", `value="XM-2024-07"`, "新增项目"} {
		if !strings.Contains(body, want) {
			t.Errorf("the projects page lacks %q", want)
		}
	}
	if after, _ := s.db.Projects(context.Background(), id); len(after) != len(before) {
		t.Errorf("%d projects after a refused add, want %d", len(after), len(before))
	}
}
