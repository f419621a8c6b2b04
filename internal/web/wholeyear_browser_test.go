package web_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/mail"
	"jixiao/internal/testutil"
)

// TestWholeYearInBrowser is a finance bureau's year (2025) on the demo
// data, driven through the pages as the bureau's reviewer and the
// reference department's users; the clock is the store's, moved from
// step to step. What is asserted is what the pages show.
//
//  1. March: the bureau issues the 2024 self-evaluation task to two
//     departments; the department's approver submits its department and
//     project self-evaluations, the preparer submits the task and the
//     bureau accepts it.
//  2. April: the bureau draws a sample of two of the submitted
//     self-evaluations (the training project hand-picked); the evaluator's
//     sheet has a row per scored item (each 三级指标 by its path); one
//     indicator is lowered with a reason, the other project is confirmed
//     as scored; the sheet shows the deviation per item, the sample page
//     the deviation table.
//  3. May: the re-checked project's problem and one of the department's
//     self-evaluation become rectification items; the department feeds
//     back on both; the bureau confirms one and leaves the other open.
//  4. August: a monitoring round; the reminder comes before its deadline,
//     in the app and by e-mail (through the test SMTP server) to the
//     department's preparer, who gave an address on the account page;
//     the reference department lets the deadline pass: its task shows
//     overdue, the overdue reminder and the bureau's escalation are sent;
//     it fills the round in late, red warnings appear and it disposes of
//     each with a reason; the other department, on time, disposes of
//     nothing and is escalated after ten working days; the bureau makes
//     its warning a rectification item by hand.
//  5. September: the grades become budget actions on the results page;
//     the re-checked project's by its re-checked score and grade.
//  6. March of the next year: the department's 2025 self-evaluation shows
//     the open item carried into it and counts the year before's items.
func TestWholeYearInBrowser(t *testing.T) {
	smtpd := testutil.NewSMTP(t)
	mailer, err := mail.New(mail.Config{Host: smtpd.Host, Port: smtpd.Port, TLS: mail.TLSNone, From: "绩效管理系统 <jixiao@example.gov.cn>"})
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteWith(t, siteOptions{mailer: mailer})
	ctx := context.Background()
	b := newBrowser(t, s)
	d0, d1 := s.data.Departments[0], s.data.Departments[1]
	ref := s.data.Evaluations[0] // d0's 2024 department evaluation
	training := s.training       // d0's 2024 project evaluation
	row := func(org, rest string) string { return fmt.Sprintf(`tr[data-assignee=%q] %s`, org, rest) }
	inboxLink := func(title string) string {
		return eval[string](b, fmt.Sprintf(`(function(){ const a = Array.from(document.querySelectorAll("#inbox a")).find(a => a.textContent.includes(%q)); return a ? a.getAttribute("href") : "" })()`, title))
	}
	remind := func(want int) {
		t.Helper()
		if n, err := s.app.SendReminders(ctx); err != nil || n != want {
			t.Fatalf("reminders on %s: %d (%v), want %d", jixiao.TaskDay(s.db.Now()), n, err, want)
		}
	}

	// 1. March: the self-evaluation task.
	monitorClock(s, "2025-03-03")
	const selfTask = "2024年度部门整体和项目支出绩效自评"
	b.login("reviewer")
	b.open("/tasks/new")
	b.do(chromedp.SetValue(chromedp.CSS("#task-kind"), "自评"), chromedp.SetValue(chromedp.CSS("#task-title"), selfTask),
		chromedp.SetValue(chromedp.CSS("#task-deadline"), "2025-03-31"), chromedp.SetValue(chromedp.CSS("#task-remind"), "7"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[data-target=%q]`, d0.Name))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[data-target=%q]`, d1.Name))))
	b.clickAndLoad(`#task-form button[type=submit]`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已下发任务“"+selfTask+"”，共2个对象") {
		t.Fatalf("after issuing: %q", msg)
	}
	task := eval[string](b, "location.pathname")

	monitorClock(s, "2025-03-26")
	b.login("approver")
	for _, ev := range []*jixiao.EvaluationInfo{ref, training} {
		b.open(fmt.Sprintf("/evaluations/%d", ev.ID))
		b.acceptDialogs()
		if eval[bool](b, `!!document.querySelector("#submit-blanks")`) {
			b.do(chromedp.Click(chromedp.CSS("#submit-override")), chromedp.SetValue(chromedp.CSS("#override-reason"), "报告待填写处已与财政局沟通"))
		}
		b.do(chromedp.Click(chromedp.CSS(`form[action$="/workflow/submit"] button[type=submit]`)))
		b.waitFor(`document.querySelector("[data-status]").textContent.trim() === "已提交"`)
	}
	b.login("preparer")
	b.open("/")
	if inbox := b.text("#inbox"); !strings.Contains(inbox, selfTask) || !strings.Contains(inbox, "还剩5天") {
		t.Errorf("the department's inbox in March: %q", inbox)
	}
	b.open(task)
	b.clickAndLoad(row(d0.Name, `button[data-move="已提交"]`))
	if st := b.text(row(d0.Name, "[data-state]")); st != "已提交" {
		t.Fatalf("the task after submitting: %q", st)
	}
	// The other department submits its task through the service.
	tk, err := s.db.Task(ctx, taskID(t, task))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range tk.Assignees {
		if a.OrgID == d1.ID {
			if err := s.db.MoveTask(ctx, &jixiao.User{Username: "测试"}, a.ID, jixiao.TaskNotStarted, jixiao.TaskSubmitted, false, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	b.login("reviewer")
	b.open(task)
	b.clickAndLoad(row(d0.Name, `button[data-move="已完成"]`))
	if sum := b.text(".summary"); !strings.Contains(sum, "已完成 1，已提交 1") {
		t.Errorf("the task's progress: %q", sum)
	}

	// 2. April: a sample of two, the training project hand-picked,
	// re-scored per item.
	monitorClock(s, "2025-04-10")
	b.open("/recheck?year=2024")
	b.do(chromedp.SetValue(chromedp.CSS("#seed"), "20250410"), chromedp.SetValue(chromedp.CSS("#method"), "random"),
		chromedp.SetValue(chromedp.CSS("#size"), "2"), chromedp.SetValue(chromedp.CSS("#include"), training.SubjectKey))
	b.clickAndLoad("#draw-sample button[type=submit]")
	sample := eval[string](b, "location.pathname")
	if msg := b.text("#messages"); !strings.Contains(msg, "抽取 2 项") {
		t.Fatalf("after drawing: %q", msg)
	}
	if rows := b.text("#deviation tbody"); !strings.Contains(rows, training.SubjectKey+"（指定）") || strings.Count(rows, "尚未复核") != 2 {
		t.Errorf("the sample: %q", rows)
	}
	sheets := eval[[]string](b, `Array.from(document.querySelectorAll("#deviation tbody tr")).map(r => (r.querySelector("th").innerText.includes("（指定）") ? "picked " : "other ") + r.querySelector("a").getAttribute("href"))`)
	var pickedSheet, otherSheet string
	for _, x := range sheets {
		kind, href, _ := strings.Cut(x, " ")
		if kind == "picked" {
			pickedSheet = href
		} else {
			otherSheet = href
		}
	}
	b.login("evaluator")
	b.open(pickedSheet)
	names := eval[[]string](b, `Array.from(document.querySelectorAll("#rescore tbody th")).map(th => th.innerText.trim())`)
	i := eval[int](b, `Array.from(document.querySelectorAll("#rescore tbody tr")).findIndex(r => r.querySelector("th").innerText.split(" › ").length === 3 && parseFloat(r.querySelector("[data-self]").innerText) >= 1)`)
	if i < 0 || names[0] != "预算执行率" {
		t.Fatalf("the sheet is not per indicator: %q", names)
	}
	indicator := names[i]
	self := eval[string](b, fmt.Sprintf(`document.querySelectorAll("#rescore [data-self]")[%d].innerText`, i))
	eval[bool](b, fmt.Sprintf(`(function(){ document.querySelector("#recheck-%d").value = String(Math.round((parseFloat(%q) - 1) * 100) / 100); document.querySelector("#reason-%d").value = "培训人次以签到表核实，少于自评所报"; return true })()`, i, self, i))
	b.clickAndLoad("#rescore-form button[type=submit]")
	if at := eval[string](b, "location.pathname"); at != sample {
		t.Fatalf("after re-scoring: at %s (%s)", at, b.text("main"))
	}
	b.open(pickedSheet)
	if got := b.text(fmt.Sprintf(`#rescore tbody tr:nth-child(%d) [data-item-deviation]`, i+1)); got != "−1.00" {
		t.Errorf("the lowered indicator %s: deviation %q", indicator, got)
	}
	if n := eval[int](b, `Array.from(document.querySelectorAll("#rescore [data-item-deviation]")).filter(td => td.innerText.trim() !== "0.00").length`); n != 1 {
		t.Errorf("%d items deviate on the sheet, want 1", n)
	}
	b.shot(screenshots(t), "web-year-rescore")
	// The bureau's reviewer re-scores the other project as it was scored.
	b.login("reviewer")
	b.open(otherSheet)
	b.clickAndLoad("#rescore-form button[type=submit]")
	b.open(sample)
	if dev := eval[[]string](b, `Array.from(document.querySelectorAll("#deviation [data-deviation]")).map(td => td.innerText.trim())`); strings.Join(dev, " ") != "-1.00 0.00" && strings.Join(dev, " ") != "0.00 -1.00" {
		t.Errorf("the deviation table: %q", dev)
	}
	if all := b.text("#overall-deviation"); !strings.Contains(all, "2 个项目：平均偏差 −0.50 分，平均绝对偏差 0.50 分") {
		t.Errorf("overall deviation: %q", all)
	}
	if detail := eval[string](b, `Array.from(document.querySelectorAll("main details")).map(d => d.textContent).join("\n")`); !strings.Contains(detail, indicator) || !strings.Contains(detail, "培训人次以签到表核实") {
		t.Errorf("the per-item deviation on the sample page: %q", detail)
	}
	b.shot(screenshots(t), "web-year-recheck")

	// 3. May: problems become rectification items; one confirmed, one
	// left open.
	monitorClock(s, "2025-05-12")
	b.open(sample)
	b.open(eval[string](b, `Array.from(document.querySelectorAll("#deviation tbody tr")).find(r => r.querySelector("th").innerText.includes("（指定）")).querySelector("a[data-raise]").getAttribute("href")`))
	if src := eval[string](b, `document.querySelector("#rect-source").value`); src != "复核" {
		t.Errorf("the item's source from the sample: %q", src)
	}
	problems := []string{"复核发现培训人次自评得分偏高", "部分绩效指标未细化量化"}
	b.do(chromedp.SetValue(chromedp.CSS("#rect-problem"), problems[0]), chromedp.SetValue(chromedp.CSS("#rect-owner"), "财务科"),
		chromedp.SetValue(chromedp.CSS("#rect-measure"), "按签到表重新核定培训人次"), chromedp.SetValue(chromedp.CSS("#rect-deadline"), "2025-06-30"))
	b.clickAndLoad("#new-rectification button[type=submit]")
	b.open("/rectifications?year=2024")
	b.do(chromedp.SetValue(chromedp.CSS("#rect-org"), fmt.Sprint(d0.ID)), chromedp.SetValue(chromedp.CSS("#rect-source"), "自评"),
		chromedp.SetValue(chromedp.CSS("#rect-problem"), problems[1]), chromedp.SetValue(chromedp.CSS("#rect-owner"), "张敏"),
		chromedp.SetValue(chromedp.CSS("#rect-measure"), "按指标库修订并量化指标值"), chromedp.SetValue(chromedp.CSS("#rect-deadline"), "2025-06-30"))
	b.clickAndLoad("#new-rectification button[type=submit]")
	if cur := b.text("#current-items"); !strings.Contains(cur, problems[0]) || !strings.Contains(cur, problems[1]) || strings.Count(cur, "通知") < 2 {
		t.Fatalf("the year's items: %q", cur)
	}
	b.login("preparer")
	b.open("/rectifications?year=2024")
	items := map[string]string{}
	for _, p := range problems {
		if items[p] = hrefOf(b, "#current-items", p); items[p] == "" {
			t.Fatalf("the department does not see %s", p)
		}
	}
	for _, p := range problems {
		b.open(items[p])
		b.do(chromedp.SetValue(chromedp.CSS("#fb-evidence"), "整改情况报告："+p))
		b.clickAndLoad("#rect-feedback button[type=submit]")
		if st := b.text("[data-state]"); st != "落实反馈" {
			t.Fatalf("%s after feedback: %q", p, st)
		}
	}
	b.login("reviewer")
	b.open(items[problems[0]])
	b.clickAndLoad("#rect-confirm button[type=submit]")
	if st := b.text("[data-state]"); st != "确认" {
		t.Fatalf("after confirming: %q", st)
	}
	b.open("/rectifications?year=2024")
	if cur := b.text("[data-current]"); !strings.Contains(cur, "2024年度整改事项2项，已完成1项，尚未完成1项") {
		t.Errorf("the year's count: %q", cur)
	}

	// 4. August: the monitoring round, filled late by the reference
	// department.
	monitorClock(s, "2025-08-01")
	b.open("/monitoring")
	b.do(chromedp.SetValue(chromedp.CSS("#round-year"), "2025"), chromedp.SetValue(chromedp.CSS("#round-period"), "1—7月"),
		chromedp.SetValue(chromedp.CSS("#round-cutoff"), "2025-07-31"), chromedp.SetValue(chromedp.CSS("#round-deadline"), "2025-08-08"))
	for _, d := range []*jixiao.OrgRecord{d0, d1} {
		b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#open-round input[name=org][value="%d"]`, d.ID))))
	}
	b.clickAndLoad(`#open-round button[type=submit]`)
	round := eval[string](b, "location.pathname")
	if msg := b.text("#messages"); !strings.Contains(msg, "已组织2025年1—7月绩效运行监控，已向2个部门下发填报任务") {
		t.Fatalf("after opening the round: %q", msg)
	}
	const monTask = "2025年1—7月绩效运行监控"

	// The department's preparer gives an e-mail address for reminders.
	const address = "preparer@example.gov.cn"
	b.login("preparer")
	b.open("/account")
	b.do(chromedp.SetValue(chromedp.CSS("#email"), address))
	b.clickAndLoad(`#account-form button[type=submit]`)
	mailsTo := func() []testutil.Message {
		var out []testutil.Message
		for _, m := range smtpd.Messages() {
			if slices.Contains(m.To, address) {
				out = append(out, m)
			}
		}
		return out
	}

	// Within three days of the deadline: a reminder to each department,
	// in the app and by e-mail.
	monitorClock(s, "2025-08-06")
	before := len(mailsTo())
	remind(2)
	if ms := mailsTo(); len(ms) != before+1 || ms[before].Subject != "【待办提醒】"+monTask ||
		!strings.Contains(ms[before].Body, "“"+monTask+"”（监控）将于2025年8月8日截止，还剩2天") ||
		!strings.Contains(ms[before].Body, "截止日期：2025年8月8日") || !strings.Contains(ms[before].Body, "请登录预算绩效管理系统，在“任务与待办”中查看和办理。") {
		t.Errorf("the reminder e-mail before the deadline: %+v", ms[before:])
	}
	b.login("preparer")
	b.open("/")
	if inbox := b.text("#inbox"); !strings.Contains(inbox, monTask) || !strings.Contains(inbox, "还剩2天") {
		t.Errorf("the department's inbox before the deadline: %q", inbox)
	}
	b.open("/tasks")
	if n := b.text("#notices"); !strings.Contains(n, "【待办提醒】") || !strings.Contains(n, monTask) {
		t.Errorf("the department's notices: %q", n)
	}
	// The other department submits on time (through the service), low.
	u, err := s.db.CreateUser(ctx, &jixiao.User{Username: "测试"}, &jixiao.User{Username: "second", Role: jixiao.RolePreparer, OrgID: d1.ID}, "x")
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.app.MonitorRound(jixiao.WithUser(ctx, u), roundID(t, round))
	if err != nil || len(v.Entries) != 1 {
		t.Fatalf("the other department's round: %v", err)
	}
	if _, err := s.app.SaveMonitorEntry(jixiao.WithUser(ctx, u), v.Entries[0].Entry.ID, v.Entries[0].Entry.Version, lowEntryOf(t), true); err != nil {
		t.Fatal(err)
	}

	// The deadline (Friday 8 August) passes: overdue, reminded, escalated.
	monitorClock(s, "2025-08-11")
	before = len(mailsTo())
	remind(2)
	if ms := mailsTo(); len(ms) != before+1 || ms[before].Subject != "【逾期提醒】"+monTask || !strings.Contains(ms[before].Body, "已逾期3天") {
		t.Errorf("the overdue e-mail: %+v", ms[before:])
	}
	b.open("/")
	if item := b.text(`#inbox li[data-reason="overdue"]`); !strings.Contains(item, monTask) || !strings.Contains(item, "已逾期3天") {
		t.Errorf("the department's overdue item: %q", item)
	}
	monTaskPath := inboxLink(monTask)
	b.open(monTaskPath)
	if got := b.text(row(d0.Name, "[data-overdue]")); got != "已逾期" {
		t.Errorf("the monitoring task's row: %q", got)
	}
	b.open("/tasks")
	if n := b.text("#notices"); !strings.Contains(n, "【逾期提醒】") {
		t.Errorf("the department's notices after the deadline: %q", n)
	}
	b.login("reviewer")
	b.open("/bureau")
	if inbox := b.text("#inbox"); !strings.Contains(inbox, monTask) || !strings.Contains(inbox, d0.Name) || !strings.Contains(inbox, "已逾期3天") {
		t.Errorf("the bureau's inbox (escalated): %q", inbox)
	}
	b.open("/tasks")
	if n := b.text("#notices"); !strings.Contains(n, "【逾期督办】"+d0.Name) || !strings.Contains(n, "已逾期3天") {
		t.Errorf("the bureau's notices: %q", n)
	}

	// Filled in late the same day: red warnings, each disposed of with a
	// reason two days later.
	b.login("preparer")
	b.open(round)
	b.clickAndLoad(`#entries a`)
	b.do(chromedp.SetValue(chromedp.CSS("#m-budget"), "1,000"), chromedp.SetValue(chromedp.CSS("#m-executed"), "300"),
		chromedp.SetValue(chromedp.CSS("[name=p0_code]"), "P1"), chromedp.SetValue(chromedp.CSS("[name=p0_name]"), "职业技能培训补贴"),
		chromedp.SetValue(chromedp.CSS("[name=p0_budget]"), "500"), chromedp.SetValue(chromedp.CSS("[name=p0_executed]"), "100"),
		chromedp.SetValue(chromedp.CSS("[name=i0_project]"), "P1"), chromedp.SetValue(chromedp.CSS("[name=i0_name]"), "培训人次"),
		chromedp.SetValue(chromedp.CSS("[name=i0_progress]"), "60%"), chromedp.SetValue(chromedp.CSS("[name=i0_forecast]"), "90%"))
	b.acceptDialogs()
	b.clickAndLoad("#submit-entry")
	entry := eval[string](b, "location.pathname")
	if got := b.text("#warnings"); !strings.Contains(got, "【红色预警】M01 执行率低于节点要求") || !strings.Contains(got, "执行率 30.00% = 300.00 ÷ 1,000.00 万元") {
		t.Fatalf("warnings: %s", got)
	}
	b.open(monTaskPath)
	if st := b.text(row(d0.Name, "[data-state]")); st != "已提交" {
		t.Errorf("the monitoring task after the late submission: %q", st)
	}
	monitorClock(s, "2025-08-13")
	for _, x := range []struct{ subject, action, reason string }{{"部门整体", "继续执行", "下半年集中拨付培训补贴"}, {"职业技能培训补贴", "调剂", "调剂至就业见习补贴"}} {
		b.open(entry)
		r := fmt.Sprintf(`#dispositions tr[data-subject=%q]`, x.subject)
		if st := b.text(r); !strings.Contains(st, "待处置") {
			t.Errorf("%s before disposing: %s", x.subject, st)
		}
		b.do(chromedp.SetValue(chromedp.CSS(r+" select[name=action]"), x.action), chromedp.SetValue(chromedp.CSS(r+" input[name=reason]"), x.reason))
		b.clickAndLoad(r + " button[type=submit]")
		if got := b.text(r); !strings.Contains(got, "已处置") || !strings.Contains(got, x.action+"（2025年8月13日）："+x.reason) {
			t.Errorf("%s after disposing: %s", x.subject, got)
		}
	}
	// Ten working days from 6 August end on 20 August: the other
	// department's warnings are escalated.
	monitorClock(s, "2025-08-21")
	remind(2)
	b.login("reviewer")
	b.open(round)
	b.waitFor(`document.querySelector("#chart-monitor[data-ready]")`)
	if got := b.text("[data-disposed]"); got != "2" {
		t.Errorf("disposed on the round page: %q", got)
	}
	if got := b.text(fmt.Sprintf(`#entries tr[data-org=%q] [data-entry-overdue]`, d1.Name)); got != "2（已升级）" {
		t.Errorf("the other department on the round page: %q", got)
	}
	b.open("/monitoring")
	if got := b.text("#monitor-notices"); !strings.Contains(got, "【预警处置逾期督办】") || !strings.Contains(got, d1.Name) {
		t.Errorf("the escalation of the warnings: %s", got)
	}
	b.shot(screenshots(t), "web-year-monitoring")
	// The escalated warning becomes a rectification item of the year, by
	// hand (source 监控预警).
	const warned = "1—7月执行率低于节点要求，预警逾期未处置"
	b.open("/rectifications?year=2025")
	b.do(chromedp.SetValue(chromedp.CSS("#rect-org"), fmt.Sprint(d1.ID)), chromedp.SetValue(chromedp.CSS("#rect-source"), "监控预警"),
		chromedp.SetValue(chromedp.CSS("#rect-project"), "农村公路养护"), chromedp.SetValue(chromedp.CSS("#rect-problem"), warned),
		chromedp.SetValue(chromedp.CSS("#rect-owner"), "财务科"), chromedp.SetValue(chromedp.CSS("#rect-measure"), "按月报送执行进度，9月底前完成处置"),
		chromedp.SetValue(chromedp.CSS("#rect-deadline"), "2025-09-30"))
	b.clickAndLoad("#new-rectification button[type=submit]")
	if msg := b.text("#messages"); !strings.Contains(msg, "已通知"+d1.Name+"整改："+warned) {
		t.Errorf("after raising the warning: %q", msg)
	}
	b.open("/rectifications?year=2025")
	if cur := b.text("#current-items"); !strings.Contains(cur, warned) || !strings.Contains(cur, "监控预警") {
		t.Errorf("2025's items: %q", cur)
	}

	// 5. September: grades into budget actions.
	monitorClock(s, "2025-09-15")
	b.open("/results?year=2024")
	form := fmt.Sprintf(`#application form[action="/results/%d/decide"]`, training.ID)
	cells := eval[[]string](b, fmt.Sprintf(`Array.from(document.querySelector(%q).closest("tr").cells).map(c => c.innerText.trim())`, form))
	// The re-checked training project is applied by its re-checked score
	// and grade, one point below its own.
	m := regexp.MustCompile(`^(.+)（按复核等级；自评([0-9.]+)分，(.+)）$`).FindStringSubmatch(cells[3])
	if m == nil {
		t.Fatalf("the re-checked project's grade: %q", cells[3])
	}
	if selfScore, err := decimal.NewFromString(m[2]); err != nil || selfScore.Sub(decimal.NewFromInt(1)).StringFixed(2) != cells[2] {
		t.Errorf("the re-checked project's score %q, self-assessed %q", cells[2], m[2])
	}
	grade, suggested := m[1], cells[5]
	if want := map[string]string{"优": "优先保障", "良": "保障", "中": "压缩", "差": "取消"}[strings.TrimSuffix(strings.TrimSuffix(grade, "秀"), "好")]; want != "" && suggested != want {
		t.Errorf("grade %s suggests %s", grade, suggested)
	}
	if !regexp.MustCompile(`^等级为.+：`).MatchString(cells[7]) {
		t.Errorf("the suggestion's explanation: %q", cells[7])
	}
	b.do(chromedp.SetValue(chromedp.CSS(form+" [name=action]"), "压缩"), chromedp.SetValue(chromedp.CSS(form+" [name=amount]"), "90"),
		chromedp.SetValue(chromedp.CSS(form+" [name=note]"), "复核后调减"))
	b.clickAndLoad(form + " button[type=submit]")
	if d := b.text(`#application [data-decided]`); !strings.Contains(d, "压缩，90.00 万元（复核后调减）") {
		t.Errorf("the decision shown: %q", d)
	}
	if sum := b.text("#application-summary"); !strings.Contains(sum, "财政局已决定 1 个") {
		t.Errorf("the summary: %q", sum)
	}
	b.shot(screenshots(t), "web-year-results")

	// 6. The next year: the department's 2025 self-evaluation carries the
	// open item and counts 2024's.
	monitorClock(s, "2026-03-02")
	b.login("preparer")
	b.open("/")
	b.do(chromedp.SetValue(chromedp.CSS("#year"), "2025"), chromedp.SetValue(chromedp.CSS("#subject"), "department"),
		chromedp.Submit(chromedp.CSS(`form[action="/evaluations"]`)))
	b.waitFor(`/^\/evaluations\/\d+$/.test(location.pathname)`)
	sec := b.text("#eval-rectification")
	for _, want := range []string{"2024年度整改事项2项，已完成1项，尚未完成1项", problems[1], "已逾期"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the 2025 self-evaluation's rectification lacks %q: %q", want, sec)
		}
	}
	if strings.Contains(sec, problems[0]) {
		t.Errorf("the confirmed item is carried: %q", sec)
	}
	b.shot(screenshots(t), "web-year-carried")
}

func taskID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path, "/tasks/%d", &id); err != nil {
		t.Fatalf("task path %q", path)
	}
	return id
}
