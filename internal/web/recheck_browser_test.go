package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"jixiao"
)

// hrefOf returns the href of the link in the row of table sel whose text
// contains text.
func hrefOf(b *browser, sel, text string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(function(){ const r = Array.from(document.querySelectorAll(%q + " tbody tr")).find(r => r.innerText.includes(%q)); return r ? r.querySelector("a").getAttribute("href") : "" })()`, sel, text))
}

// TestRecheckYearInBrowser is a year of re-checking on the pages: the
// bureau draws a sample of two from the submitted self-evaluations,
// re-scores one with a changed item and its reason and sees the deviation
// table; the re-checked project's problem and two more become
// rectification items, the department feeds back on two, the bureau
// confirms one and leaves the others open, which show in the next year's
// count; the grades are turned into budget
// actions and a decision is recorded.
func TestRecheckYearInBrowser(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	dept := s.data.Departments[0]

	// 1. The sample: seed, method, size; the result list.
	b.login("reviewer")
	b.open("/bureau")
	b.clickAndLoad("#recheck-link")
	b.open("/recheck?year=2024")
	b.do(chromedp.SetValue(chromedp.CSS("#seed"), "20250315"), chromedp.SetValue(chromedp.CSS("#method"), "random"), chromedp.SetValue(chromedp.CSS("#size"), "2"))
	b.clickAndLoad("#draw-sample button[type=submit]")
	samplePath := eval[string](b, "location.pathname")
	if !strings.HasPrefix(samplePath, "/recheck/samples/") {
		t.Fatalf("after drawing: at %s", samplePath)
	}
	if msg := b.text("#messages"); !strings.Contains(msg, "抽取 2 项") {
		t.Errorf("message after drawing: %q", msg)
	}
	if n := eval[int](b, `document.querySelectorAll("#deviation tbody tr").length`); n != 2 {
		t.Fatalf("%d sampled rows, want 2", n)
	}
	if facts := b.text("#sample-facts"); !strings.Contains(facts, "20250315") || !strings.Contains(facts, "简单随机抽样") {
		t.Errorf("sample facts: %q", facts)
	}
	b.shot(screenshots(t), "web-recheck-sample")

	// 2. Re-score the first: one item lowered by a point, with a reason.
	first := eval[string](b, `document.querySelector("#deviation tbody tr a").getAttribute("href")`)
	b.open(first)
	i := eval[int](b, `Array.from(document.querySelectorAll("#rescore [data-self]")).findIndex(td => parseFloat(td.innerText) >= 1)`)
	if i < 0 {
		t.Fatal("no item scored 1 or more to lower")
	}
	self := eval[string](b, fmt.Sprintf(`document.querySelectorAll("#rescore [data-self]")[%d].innerText`, i))
	eval[bool](b, fmt.Sprintf(`(function(){ const e = document.querySelector("#recheck-%d"); e.value = String(Math.round((parseFloat(%q) - 1) * 100) / 100); return true })()`, i, self))
	b.clickAndLoad("#rescore-form button[type=submit]")
	if msg := b.text("main"); !strings.Contains(msg, "须写明复核理由") {
		t.Fatalf("a changed item without a reason: %q", msg)
	}
	b.open(first)
	eval[bool](b, fmt.Sprintf(`(function(){ const e = document.querySelector("#recheck-%d"); e.value = String(Math.round((parseFloat(%q) - 1) * 100) / 100); document.querySelector("#reason-%d").value = "佐证材料不足以支持满分"; return true })()`, i, self, i))
	b.clickAndLoad("#rescore-form button[type=submit]")
	if at := eval[string](b, "location.pathname"); at != samplePath {
		t.Fatalf("after re-scoring: at %s", at)
	}
	if dev := b.text("#deviation [data-deviation]"); dev != "-1.00" {
		t.Errorf("deviation of the re-scored project: %q", dev)
	}
	if all := b.text("#overall-deviation"); !strings.Contains(all, "共复核 1 个单位的 1 个项目：平均偏差 −1.00 分") {
		t.Errorf("overall deviation: %q", all)
	}
	if units := b.text("#unit-deviation"); !strings.Contains(units, "-1.00") {
		t.Errorf("deviation by unit: %q", units)
	}
	if strings.Count(b.text("#deviation"), "尚未复核") != 1 {
		t.Errorf("the other sampled project should still wait: %q", b.text("#deviation"))
	}
	b.shot(screenshots(t), "web-recheck-deviation")

	// 3. The re-checked project's problem becomes a rectification item
	// (the form starts with its department and project); then two
	// problems of the department.
	b.clickAndLoad("#deviation [data-raise]")
	if src, project := eval[string](b, `document.querySelector("#rect-source").value`), eval[string](b, `document.querySelector("#rect-project").value`); src != "复核" || project == "" {
		t.Errorf("the form from the sample: source %q, project %q", src, project)
	}
	raisedFor := eval[string](b, `document.querySelector("#rect-org").selectedOptions[0].textContent`)
	b.do(chromedp.SetValue(chromedp.CSS("#rect-problem"), "复核发现自评评分偏高"), chromedp.SetValue(chromedp.CSS("#rect-owner"), "财务科"),
		chromedp.SetValue(chromedp.CSS("#rect-measure"), "重新核定评分依据"), chromedp.SetValue(chromedp.CSS("#rect-deadline"), "2025-06-30"))
	b.clickAndLoad("#new-rectification button[type=submit]")
	if msg := b.text("#messages"); !strings.Contains(msg, "已通知"+raisedFor+"整改：复核发现自评评分偏高") {
		t.Fatalf("after raising from the sample: %q", msg)
	}
	for _, p := range []string{"预算执行率计算口径有误", "绩效指标佐证材料不全"} {
		b.open("/rectifications?year=2024")
		b.do(chromedp.SetValue(chromedp.CSS("#rect-org"), fmt.Sprint(dept.ID)), chromedp.SetValue(chromedp.CSS("#rect-problem"), p),
			chromedp.SetValue(chromedp.CSS("#rect-owner"), "张敏"), chromedp.SetValue(chromedp.CSS("#rect-measure"), "按决算数重新核定并补充材料"),
			chromedp.SetValue(chromedp.CSS("#rect-deadline"), "2025-06-30"))
		b.clickAndLoad("#new-rectification button[type=submit]")
		if msg := b.text("#messages"); !strings.Contains(msg, "已通知") {
			t.Fatalf("after raising %s: %q", p, msg)
		}
	}

	// 4. The department feeds back on both, with evidence.
	b.login("preparer")
	b.open("/")
	b.clickAndLoad("#recheck-link")
	b.open("/rectifications?year=2024")
	items := map[string]string{}
	for _, p := range []string{"预算执行率计算口径有误", "绩效指标佐证材料不全"} {
		items[p] = hrefOf(b, "#current-items", p)
		if items[p] == "" {
			t.Fatalf("the department does not see %s: %q", p, b.text("#current-items"))
		}
	}
	for p, href := range items {
		b.open(href)
		b.do(chromedp.SetValue(chromedp.CSS("#fb-evidence"), "整改报告及决算批复（"+p+"）"), chromedp.SetValue(chromedp.CSS("#fb-link"), "https://example.org/zg"))
		b.clickAndLoad("#rect-feedback button[type=submit]")
		if st := b.text("[data-state]"); st != "落实反馈" {
			t.Fatalf("state after feedback on %s: %q", p, st)
		}
	}

	// 5. The bureau confirms one and leaves the other open.
	b.login("reviewer")
	b.open(items["预算执行率计算口径有误"])
	b.clickAndLoad("#rect-confirm button[type=submit]")
	if st := b.text("[data-state]"); st != "确认" {
		t.Fatalf("state after confirming: %q", st)
	}
	b.open("/rectifications?year=2025")
	if e := b.text("#earlier"); !strings.Contains(e, "2024年度整改事项3项，已完成1项，尚未完成2项") {
		t.Errorf("next year's count: %q", e)
	}
	if c := b.text("#carried"); !strings.Contains(c, "绩效指标佐证材料不全") || !strings.Contains(c, "复核发现自评评分偏高") || strings.Contains(c, "预算执行率计算口径有误") {
		t.Errorf("carried into 2025: %q", c)
	}
	b.shot(screenshots(t), "web-rectifications")

	// 6. Grades into budget actions; one decision recorded.
	b.open("/results?year=2024")
	if n := eval[int](b, `document.querySelectorAll("#application tbody tr").length`); n != 2 {
		t.Fatalf("%d rows in the results-application table, want 2: %q", n, b.text("#application"))
	}
	eval[bool](b, `(function(){ const f = document.querySelector("#application form.decide"); f.querySelector("[name=action]").value = "压缩"; f.querySelector("[name=amount]").value = "88.5"; f.querySelector("[name=note]").value = "复核后调减"; return true })()`)
	b.clickAndLoad("#application form.decide button[type=submit]")
	if msg := b.text("#messages"); !strings.Contains(msg, "已记录") {
		t.Fatalf("after deciding: %q", msg)
	}
	if d := b.text("[data-decided]"); !strings.Contains(d, "压缩，88.50 万元") {
		t.Errorf("decision shown: %q", d)
	}
	if sum := b.text("#application-summary"); !strings.Contains(sum, "财政局已决定 1 个") {
		t.Errorf("summary: %q", sum)
	}
	if href := eval[string](b, `document.querySelector("#application-xlsx").getAttribute("href")`); href != "/results/xlsx?year=2024" {
		t.Errorf("download link: %q", href)
	}
	b.shot(screenshots(t), "web-results-application")
}

// recheckFixture stores, as the demo's reviewer, a sample of two drawn
// from 2024's submitted self-evaluations and a rectification item of
// department dept, and returns their pages: the sample, its first
// evaluation's re-score sheet and the item.
func recheckFixture(t *testing.T, s *site, dept int) (sample, sheet, item string) {
	t.Helper()
	ctx := context.Background()
	u, _, err := s.db.UserByName(ctx, "reviewer")
	if err != nil {
		t.Fatal(err)
	}
	rc := jixiao.WithUser(ctx, u)
	smp, err := s.app.DrawSample(rc, 2024, jixiao.SampleSpec{Seed: 7, Method: jixiao.SampleRandom, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.app.CreateRectification(rc, &jixiao.RectificationInput{OrgID: s.data.Departments[dept].ID, Year: 2024, Source: jixiao.RectReview,
		Problem: "测试问题", Owner: "张敏", Measure: "测试措施", Deadline: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/recheck/samples/%d", smp.ID), fmt.Sprintf("/recheck/samples/%d/evaluations/%d", smp.ID, smp.Entries[0].EvaluationID),
		fmt.Sprintf("/rectifications/%d", r.ID)
}

// TestRecheckPagesRefuse: a department never opens a sample nor draws
// one, a year out of bounds is refused in Chinese, and a department's
// rectification page offers feedback but not the bureau's decision.
func TestRecheckPagesRefuse(t *testing.T) {
	s := newSite(t)
	sample, sheet, item := recheckFixture(t, s, 0)
	c := signIn(t, s, "preparer")
	for _, p := range []string{sample, sheet} {
		if st, body := c.get(p); st != 404 || !strings.Contains(body, "记录不存在或无权访问") {
			t.Errorf("the department opens %s: %d", p, st)
		}
	}
	if st, body := c.post("/recheck/samples", url.Values{"year": {"2024"}, "seed": {"7"}, "method": {"random"}}); st != 403 || !strings.Contains(body, "无权") {
		t.Errorf("the department draws: %d", st)
	}
	if st, body := c.get("/rectifications?year=99999"); st != 400 || !strings.Contains(body, "年度应为四位年份") {
		t.Errorf("a year out of bounds: %d", st)
	}
	st, body := c.get(item)
	if st != 200 || !strings.Contains(body, `id="rect-feedback"`) || strings.Contains(body, `id="rect-confirm"`) {
		t.Errorf("the department's item page: %d, feedback form %v, confirm form %v", st, strings.Contains(body, `id="rect-feedback"`), strings.Contains(body, `id="rect-confirm"`))
	}
	r := signIn(t, s, "reviewer")
	if st, body := r.post("/recheck/samples", url.Values{"year": {"2024"}, "seed": {"0"}, "method": {"random"}}); st != 400 || !strings.Contains(body, "随机种子应为") {
		t.Errorf("seed 0: %d", st)
	}
	// Hand-picked projects: at most 50, bounded before they are split,
	// and each one on the roster.
	many := strings.Repeat("某项目\n", 51)
	if st, body := r.post("/recheck/samples", url.Values{"year": {"2024"}, "seed": {"7"}, "method": {"random"}, "include": {many}}); st != 400 || !strings.Contains(body, "指定项目有 51 个，超过 50 个的上限") {
		t.Errorf("51 hand-picked projects: %d", st)
	}
	if st, body := r.post("/recheck/samples", url.Values{"year": {"2024"}, "seed": {"7"}, "method": {"random"}, "include": {strings.Repeat("项", 40000)}}); st != 400 || !strings.Contains(body, "指定项目过长") {
		t.Errorf("a hand-picked text too long: %d", st)
	}
	if st, body := r.post("/recheck/samples", url.Values{"year": {"2024"}, "seed": {"7"}, "method": {"random"}, "include": {"\n不存在的项目\n"}}); st != 400 || !strings.Contains(body, "不存在的项目") {
		t.Errorf("a hand-picked project not on the roster: %d %s", st, body)
	}
	if st, body := r.get(sample); st != 200 || !strings.Contains(body, "尚未复核") || strings.Contains(body, "data-raise") {
		t.Errorf("the reviewer's sample page before re-scoring: %d", st)
	}
}

// TestRaiseFromRecheckPage: once a sampled evaluation is re-scored lower,
// the bureau's sample page offers 生成整改事项; posting it makes one item
// (source 复核, the deviation and reason its problem) and says so, posting
// it again makes none; a department cannot.
func TestRaiseFromRecheckPage(t *testing.T) {
	s := newSite(t)
	sample, _, _ := recheckFixture(t, s, 0)
	ctx := context.Background()
	u, _, err := s.db.UserByName(ctx, "reviewer")
	if err != nil {
		t.Fatal(err)
	}
	rc := jixiao.WithUser(ctx, u)
	id, _ := strconv.ParseInt(strings.TrimPrefix(sample, "/recheck/samples/"), 10, 64)
	res, err := s.app.RecheckResult(rc, id)
	if err != nil {
		t.Fatal(err)
	}
	e := res.Sample.Entries[0]
	sh, err := s.app.RecheckSheet(rc, id, e.EvaluationID)
	if err != nil {
		t.Fatal(err)
	}
	var in []jixiao.RescoreInput
	for _, it := range sh.Items {
		in = append(in, jixiao.RescoreInput{Item: it.Name, Recheck: it.Self})
	}
	in[0].Recheck, in[0].Reason = decimal.Zero, "佐证材料缺失，按零分计"
	if _, err := s.app.SaveRescore(rc, id, e.EvaluationID, in); err != nil {
		t.Fatal(err)
	}
	c := signIn(t, s, "preparer")
	if st, _ := c.post(sample+"/rectifications", nil); st != 404 {
		t.Errorf("a department raises from the sample: %d", st)
	}
	r := signIn(t, s, "reviewer")
	if st, body := r.get(sample); st != 200 || !strings.Contains(body, `id="raise-recheck"`) {
		t.Fatalf("the sample page offers no raising: %d", st)
	}
	raise := func() string {
		t.Helper()
		if st, _ := r.post(sample+"/rectifications", nil); st != 303 {
			t.Fatalf("raising: %d", st)
		}
		_, body := r.get("/rectifications?year=2024")
		return body
	}
	if body := raise(); !strings.Contains(body, "已生成整改事项 1 项") || strings.Count(body, "佐证材料缺失，按零分计") != 1 {
		t.Fatalf("raised: %q", body)
	}
	// The item's page links back to the sample for the bureau, and to the
	// self-evaluation for the department (which never sees samples).
	items, err := s.app.Rectifications(rc, 2024)
	if err != nil {
		t.Fatal(err)
	}
	var item string
	for _, it := range items.Items {
		if it.SampleID == id {
			item = fmt.Sprintf("/rectifications/%d", it.ID)
		}
	}
	if _, body := r.get(item); !strings.Contains(body, fmt.Sprintf(`href="%s" data-origin`, sample)) {
		t.Errorf("the item page %q does not link to its sample", item)
	}
	if e.OrgID == s.data.Departments[0].ID {
		if _, body := c.get(item); strings.Contains(body, sample) || !strings.Contains(body, fmt.Sprintf(`href="/evaluations/%d" data-origin`, e.EvaluationID)) {
			t.Errorf("the department's item page links to the sample, or not to its self-evaluation")
		}
	}
	if body := raise(); !strings.Contains(body, "已生成整改事项 0 项") || !strings.Contains(body, "另有 1 项此前已生成") || strings.Count(body, "佐证材料缺失，按零分计") != 1 {
		t.Errorf("raised again: %q", body)
	}
}

// TestRaiseFromEvaluationPage: a submitted self-evaluation that states
// its problems offers the bureau 生成整改事项 on its overview; posting it
// makes one item per stated problem (source 自评), once; the department
// is not offered it.
func TestRaiseFromEvaluationPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var id int64
	var problems int
	for _, e := range s.data.Evaluations {
		ev, info, err := s.db.LoadEvaluation(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Problems) == 0 || info.OrgID != s.data.Departments[0].ID {
			continue
		}
		if info.Status != jixiao.StatusSubmitted && info.Status != jixiao.StatusAccepted {
			if _, err := s.db.Transition(ctx, &jixiao.User{Username: "测试"}, info.ID, info.Version, []jixiao.Status{info.Status}, jixiao.StatusSubmitted, "", nil); err != nil {
				t.Fatal(err)
			}
		}
		id, problems = e.ID, len(ev.Problems)
		break
	}
	if id == 0 {
		t.Fatal("the demo has no self-evaluation of the first department stating problems")
	}
	page := fmt.Sprintf("/evaluations/%d", id)
	if _, body := signIn(t, s, "preparer").get(page); strings.Contains(body, `id="raise-self"`) {
		t.Error("the department is offered raising items")
	}
	r := signIn(t, s, "reviewer")
	if st, body := r.get(page); st != 200 || !strings.Contains(body, `id="raise-self"`) {
		t.Fatalf("the reviewer's overview offers no raising: %d", st)
	}
	count := func() int {
		t.Helper()
		if st, _ := r.post(page+"/rectifications", nil); st != 303 {
			t.Fatalf("raising: %d", st)
		}
		_, body := r.get("/rectifications?year=2024")
		return strings.Count(body, "单位自评：")
	}
	if n := count(); n != problems {
		t.Errorf("%d items listed, want %d (one per stated problem)", n, problems)
	}
	if n := count(); n != problems {
		t.Errorf("after raising again: %d items listed, want %d", n, problems)
	}
}
