package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestClerksDay is a department clerk's day in a real browser, from a
// blank evaluation to an accepted one reopened for a correction:
//
//  1. the preparer creates the department's 2025 evaluation; uploads the
//     department's table with three mistakes (all listed at once beside
//     the form), fixes them and uploads again over the blank; pastes
//     indicator rows from a spreadsheet with a bad row (the error beside
//     the rows, the text kept), fixes it in the box and pastes again;
//  2. types into the process section and switches tabs (已保存, still
//     there); meets a conflict on the texts section (both values shown)
//     and keeps theirs;
//  3. the approver's submission is refused while the report has blanks
//     (listed); the preparer fills them; the approver submits;
//  4. the reviewer returns it with a comment on an indicator; the
//     preparer fixes it; the approver submits again; the reviewer accepts
//     through the confirmation, then reopens it to correct a mistake; the
//     preparer sees why.
func TestClerksDay(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	b := newBrowser(t, s)
	const org = "石家庄市自然资源和规划局"
	status := `document.querySelector("[data-status]").textContent.trim()`
	// plain fails the test on technical text (rulebook codes, field keys,
	// library errors…) where the clerk is.
	patterns := technical()
	plain := func(where string) {
		t.Helper()
		text := eval[string](b, pageText)
		for _, re := range patterns {
			if m := re.FindString(text); m != "" {
				r := []rune(text)
				i := len([]rune(text[:strings.Index(text, m)]))
				t.Errorf("%s shows %q: …%s…", where, m, string(r[max(0, i-40):min(len(r), i+40)]))
			}
		}
	}

	// 1. A blank department evaluation, from the home page's form.
	b.login("preparer")
	b.open("/")
	b.do(chromedp.SetValue(chromedp.CSS("#year"), "2025"), chromedp.SetValue(chromedp.CSS("#subject"), "department"),
		chromedp.Submit(chromedp.CSS(`form[action="/evaluations"]`)))
	b.waitFor(`/^\/evaluations\/\d+$/.test(location.pathname)`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已新建2025年度部门整体支出评价") {
		t.Errorf("message after creating: %q", msg)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(eval[string](b, "location.pathname"), "/evaluations/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	overview := fmt.Sprintf("/evaluations/%d", id)
	if st := b.text("[data-status]"); st != "草稿" {
		t.Errorf("status of the new evaluation: %q", st)
	}
	if why := b.text("main .error-box"); !strings.Contains(why, "评分规则“石家庄市部门整体支出绩效自评（2024年度）”按分项绩效目标计分，案例中没有分项绩效目标") ||
		strings.Contains(why, "（goals）") {
		t.Errorf("why the blank evaluation cannot be scored: %q", why)
	}
	plain("the new evaluation")

	// The department's table as a case file, with three mistakes: all of
	// them listed at once, beside the upload form; nothing imported.
	table := "subject: department\nyear: 2025\norg:\n  name: " + org + "\n  headcount: {active: 一千一百, retired: 693}\n" +
		"overall_goal: 推进国土空间规划编制，保障土地要素，严守耕地保护红线。\n" +
		"goals:\n" +
		"  - name: 国土空间规划编制\n    weight: 十七\n    target: 完成市级国土空间总体规划审批\n" +
		"  - name: \"\"\n    weight: 17\n    target: 严守耕地保护红线\n"
	b.uploadInBrowser("部门整体自评表.yaml", []byte(table))
	if head := b.text("#upload-result .upload-errors p"); !strings.Contains(head, "“部门整体自评表.yaml”有 3 处需要修改，未导入任何内容") {
		t.Errorf("upload errors heading: %q", head)
	}
	rows := eval[[]string](b, `Array.from(document.querySelectorAll("#upload-result tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent.trim()).join(" | "))`)
	want := []string{
		"第5行第23列 | 单位基本情况 › 人员情况 › 年末在职实有人数 | 应为整数，实际为文本“一千一百”",
		"第9行第13列 | 分项绩效目标（第1项） › 分值 | 应为数字，实际为文本“十七”",
		"第11行第5列 | 分项绩效目标（第2项） › 分项绩效目标 | 分项绩效目标名称不能为空",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("upload errors:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	plain("the upload errors")
	if eval[string](b, "location.pathname") != "/" {
		t.Error("the upload left the home page")
	}
	if ev, _, _ := s.db.LoadEvaluation(ctx, id); len(ev.Goals) != 0 || ev.OverallGoal != "" {
		t.Fatalf("a refused upload changed the evaluation: %d goals", len(ev.Goals))
	}

	// Fixed in the file and uploaded again: the preview says it replaces
	// the blank draft; confirmed, the goals are there.
	table = strings.NewReplacer("一千一百", "1112", "十七", "17", `name: ""`, "name: 严守耕地保护红线").Replace(table)
	b.uploadInBrowser("部门整体自评表.yaml", []byte(table))
	b.waitFor(`!!document.querySelector("#upload-result .preview")`)
	preview := b.text("#upload-result .preview")
	for _, want := range []string{"“部门整体自评表.yaml”可以导入", "分项绩效目标 2 个", "本单位2025年度已有这项评价（状态：草稿），导入将覆盖它"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}
	if strings.Contains(preview, "格式版本") {
		t.Errorf("the format version is listed as a change:\n%s", preview)
	}
	plain("the upload preview")
	b.do(chromedp.Click(chromedp.CSS(`#upload-result form[action^="/uploads/"] button[type=submit]`)))
	b.waitFor(`location.pathname === "` + overview + `"`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已覆盖“部门整体自评表.yaml”：2025年度部门整体支出评价") {
		t.Errorf("message after importing: %q", msg)
	}
	plain("the imported evaluation")
	goals, err := s.db.Goals(ctx, id)
	if err != nil || len(goals) != 2 {
		t.Fatalf("goals after the upload: %d, %v", len(goals), err)
	}
	gid := goals[0].ID

	// Indicator rows pasted into the first goal, one without its name:
	// the mistake beside the rows, the pasted text kept, nothing added.
	b.open(overview + "/goals")
	card := fmt.Sprintf("#goal-%d", gid)
	paste := "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\n" +
		"产出指标\t数量指标\t中心城区详细规划修编\t660平方公里\t600平方公里\n" +
		"\t质量指标\t\t100%\t100%\n"
	b.do(chromedp.Click(chromedp.CSS(card+" details.add > summary")),
		chromedp.SetValue(chromedp.CSS(card+" form.paste textarea"), paste),
		chromedp.Click(chromedp.CSS(card+" form.paste button[type=submit]")))
	b.waitFor(`!!document.querySelector("` + card + ` form.paste .error-box")`)
	if errs := eval[[]string](b, `Array.from(document.querySelectorAll("`+card+` form.paste .error-box li")).map(l => l.textContent)`); strings.Join(errs, "\n") != "第3行“三级指标”：不能为空" {
		t.Errorf("paste errors: %q", errs)
	}
	if got := eval[string](b, `document.querySelector("`+card+` form.paste textarea").value`); got != paste {
		t.Errorf("the pasted text is not kept: %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll("tr.ind-row").length`); n != 0 {
		t.Errorf("%d rows added from a refused paste", n)
	}
	plain("the paste errors")
	fixed := strings.Replace(paste, "\t质量指标\t\t", "\t质量指标\t规划成果专家评审通过率\t", 1)
	b.do(chromedp.SetValue(chromedp.CSS(card+" form.paste textarea"), fixed),
		chromedp.Click(chromedp.CSS(card+" form.paste button[type=submit]")))
	b.waitFor(`document.querySelectorAll("` + card + ` tr.ind-row").length === 2`)
	if msg := b.text("#messages"); !strings.Contains(msg, "新增 2 个指标") {
		t.Errorf("message after pasting: %q", msg)
	}
	if lvl := eval[string](b, rowInput("规划成果专家评审通过率", "level1")+".value"); lvl != "产出指标" {
		t.Errorf("merged 一级指标 of the second row: %q", lvl)
	}
	plain("the goals page")

	// 2. The process section: a field left is saved (已保存); a field
	// typed and not left is saved by the click on another tab; both are
	// there on coming back.
	b.open(overview + "/section/process")
	b.typeInto("#f-process-approach", "成立自评工作组，收集整理年度资料，逐项核实指标完成情况。")
	b.waitFor(`document.querySelector("#section-form-state .saved")`)
	if got := b.text("#section-form-state"); !strings.HasPrefix(got, "已保存（") {
		t.Errorf("state after leaving the field: %q", got)
	}
	b.typeOnly("#f-process-purpose", "总结经验，查找不足，提高资金使用效益。")
	b.do(chromedp.Click(chromedp.CSS(`nav.tabs a[href$="/section/texts"]`)))
	b.waitFor(`location.pathname.endsWith("/section/texts")`)
	b.open(overview + "/section/process")
	for sel, want := range map[string]string{"#f-process-approach": "成立自评工作组，收集整理年度资料，逐项核实指标完成情况。", "#f-process-purpose": "总结经验，查找不足，提高资金使用效益。"} {
		if got := eval[string](b, `document.querySelector("`+sel+`").value`); got != want {
			t.Errorf("%s after switching tabs: %q", sel, got)
		}
	}
	plain("the process section")

	// A conflict: the approver saves the conclusion while the preparer
	// writes it; the preparer sees both texts and keeps theirs.
	b.open(overview + "/section/texts")
	actx := s.as(t, "approver")
	ev, info, err := s.db.LoadEvaluation(actx, id)
	if err != nil {
		t.Fatal(err)
	}
	ev.Conclusion = "总体完成较好。"
	if _, err := s.app.UpdateEvaluation(actx, id, info.Version, ev); err != nil {
		t.Fatal(err)
	}
	mine := "部门整体绩效目标基本完成，规划修编尚有差距。"
	b.typeInto("#f-conclusion", mine)
	b.waitFor(`document.querySelector("#section-form-state [data-conflict]")`)
	conflict := eval[[]string](b, `Array.from(document.querySelectorAll("[data-conflict] tbody tr")).map(r => Array.from(r.cells).slice(0, 3).map(c => c.textContent.trim()).join(" | "))`)
	if len(conflict) != 1 || conflict[0] != "评价结论说明 | "+mine+" | 总体完成较好。" {
		t.Errorf("conflict shown: %q", conflict)
	}
	if got := eval[string](b, `document.querySelector("#f-conclusion").value`); got != mine {
		t.Errorf("the preparer's text left the field: %q", got)
	}
	plain("the conflict")
	b.do(chromedp.Click(chromedp.CSS(`[data-conflict] button[data-choose="mine"]`)))
	b.waitFor(`document.querySelector("#section-form-state .saved")`)
	b.open(overview + "/section/texts")
	if got := eval[string](b, `document.querySelector("#f-conclusion").value`); got != mine {
		t.Errorf("conclusion after keeping mine: %q", got)
	}
	ev, _, _ = s.db.LoadEvaluation(ctx, id)
	if ev.Conclusion != mine || ev.Process == nil || ev.Process.Purpose != "总结经验，查找不足，提高资金使用效益。" || len(ev.Goals[0].Indicators) != 2 {
		t.Errorf("stored: conclusion %q, process %+v, %d indicators", ev.Conclusion, ev.Process, len(ev.Goals[0].Indicators))
	}

	// 3. The approver's submission is refused while the report has
	// blanks, the blanks listed beside the button.
	b.login("approver")
	b.open(overview)
	submit := func() {
		t.Helper()
		b.acceptDialogs()
		b.do(chromedp.Click(chromedp.CSS("form[action$='/workflow/submit'] button[type=submit]")))
	}
	blanks := b.text("#submit-blanks")
	for _, want := range []string{"报告尚有 3 处待填写", "“存在的主要问题”待填写：案例中没有存在的问题",
		"“针对问题提出具体的改进措施或建议”待填写：案例中没有改进措施", "“成文日期”待填写：案例中没有报告的成文日期"} {
		if !strings.Contains(blanks, want) {
			t.Errorf("blanks listed lack %q:\n%s", want, blanks)
		}
	}
	submit()
	b.waitFor(`!!document.querySelector("#submit-error")`)
	if msg := b.text("#submit-error"); !strings.Contains(msg, "未提交：报告尚有3处待填写（存在的主要问题、针对问题提出具体的改进措施或建议、成文日期），不能提交") {
		t.Errorf("refusal: %q", msg)
	}
	if st := b.text("[data-status]"); st != "草稿" {
		t.Errorf("status after the refusal: %q", st)
	}
	plain("the refused submission")

	// The preparer fills the blanks; the approver submits.
	b.login("preparer")
	b.open(overview + "/section/texts")
	b.typeInto("#f-problems-0-text", "中心城区详细规划修编未全部完成。")
	b.waitFor(`document.querySelector("#section-form-state .saved")`)
	b.typeInto("#f-measures-0-text", "加快详细规划编制单元的评审和报批。")
	b.waitFor(`document.querySelector("#section-form-state .saved") && !document.querySelector(".htmx-request")`)
	// The date as the picker sets it (the keys a user types into a date
	// input depend on the browser's locale).
	eval[bool](b, `(d => { d.focus(); d.value = "2026-03-20"; d.dispatchEvent(new Event("input", {bubbles: true}));
		d.dispatchEvent(new Event("change", {bubbles: true})); d.blur(); return true })(document.querySelector("#f-date"))`)
	b.waitFor(`document.querySelector("#section-form-state .saved") && !document.querySelector(".htmx-request")`)
	ev, _, _ = s.db.LoadEvaluation(ctx, id)
	if len(ev.Problems) != 1 || len(ev.Measures) != 1 || ev.Date != "2026-03-20" {
		t.Fatalf("stored: problems %+v, measures %+v, date %q", ev.Problems, ev.Measures, ev.Date)
	}
	b.login("approver")
	b.open(overview)
	if eval[bool](b, `!!document.querySelector("#submit-blanks")`) {
		t.Errorf("blanks still listed: %s", b.text("#submit-blanks"))
	}
	submit()
	b.waitFor(status + ` === "已提交"`)

	// 4. The reviewer returns it with a comment on the indicator short of
	// its target.
	const ind = "中心城区详细规划修编"
	b.login("reviewer")
	b.open(overview)
	plain("the reviewer's page")
	eval[bool](b, `(s => { s.value = Array.from(s.options).find(o => o.textContent.includes("指标：`+ind+`")).value; return true })(document.querySelector("select[name=comment_item]"))`)
	b.do(chromedp.SetValue(chromedp.CSS("#return-reason"), "请核实规划修编的完成情况"),
		chromedp.SetValue(chromedp.CSS("input[name=comment_text]"), "实际完成值与报告所述不符，请按验收结果填写"),
		chromedp.Submit(chromedp.CSS("form.return-form")))
	b.waitFor(status + ` === "已退回"`)

	// The preparer sees the comment beside the row and fixes the value.
	b.login("preparer")
	b.open(overview)
	if c := b.text("#comments"); !strings.Contains(c, "实际完成值与报告所述不符，请按验收结果填写") || !strings.Contains(c, "指标“"+ind+"”") {
		t.Errorf("comments on the overview: %q", c)
	}
	b.open(overview + "/goals")
	if note := eval[string](b, rowInput(ind, "actual")+`.closest("tr").textContent`); !strings.Contains(note, "复核意见：实际完成值与报告所述不符") {
		t.Errorf("the comment is not beside its indicator: %q", note)
	}
	b.setRowValue(ind, "actual", "660平方公里")
	b.waitFor(rowInput(ind, "actual") + `.closest("tr").querySelector(".save-state .saved")`)
	b.waitFor(rowInput(ind, "actual") + `.closest("tr").querySelector("[data-feed]").innerText.includes("已达到")`)

	// Submitted again, accepted through the confirmation step.
	b.login("approver")
	b.open(overview)
	submit()
	b.waitFor(status + ` === "已提交"`)
	b.login("reviewer")
	b.open(overview)
	b.do(chromedp.Click(chromedp.CSS("#accept-step > summary")))
	if what := b.text("#accept-what"); !strings.Contains(what, "通过后，评价锁定为“已通过”") {
		t.Errorf("the confirmation says %q", what)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#accept-reason"), "同意"), chromedp.Click(chromedp.CSS("#accept-step button[name=confirmed]")))
	b.waitFor(status + ` === "已通过"`)

	// A mistake found after acceptance: the reviewer reopens it with the
	// reason; the department sees who and why, and can edit again.
	const reason = "更正：规划成果专家评审通过率的实际完成值应以评审纪要为准"
	b.do(chromedp.Click(chromedp.CSS("#reopen-step > summary")),
		chromedp.SetValue(chromedp.CSS("#reopen-reason"), reason),
		chromedp.Click(chromedp.CSS("#reopen-step button[type=submit]")))
	b.waitFor(status + ` === "已退回"`)
	if got := b.text(".transitions li:last-child"); !strings.Contains(got, "王芳：重新打开，已通过 → 已退回（"+reason+"）") {
		t.Errorf("last transition: %q", got)
	}
	b.login("preparer")
	b.open("/")
	if home := b.text("#reopened"); !strings.Contains(home, "2025年度部门整体支出") || !strings.Contains(home, "王芳重新打开了已通过的评价，原因："+reason+"。请修改后重新提交。") {
		t.Errorf("home notice: %q", home)
	}
	plain("the home page after reopening")
	b.open(overview + "/goals")
	if got := b.text("[data-reopened]"); !strings.Contains(got, "原因："+reason) {
		t.Errorf("evaluation notice: %q", got)
	}
	if !eval[bool](b, `Array.from(document.querySelectorAll("tr.ind-row input:not([type=hidden])")).some(i => !i.readOnly)`) {
		t.Error("the reopened evaluation cannot be edited")
	}
	ev, _, _ = s.db.LoadEvaluation(ctx, id)
	if ev.Conclusion != mine || ev.Goals[0].Indicators[0].Actual.Text != "660平方公里" || ev.Process.Approach == "" {
		t.Errorf("lost on the way: conclusion %q, actual %q", ev.Conclusion, ev.Goals[0].Indicators[0].Actual.Text)
	}
}
