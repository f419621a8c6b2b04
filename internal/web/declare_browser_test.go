package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// declRowInput selects an input of the declaration form's indicator row
// whose 三级指标 is name.
func declRowInput(name, field string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll("tr.decl-row")).find(r => r.querySelector("[name=name]").value === %q).querySelector("[name=%s]")`, name, field)
}

// blankDeclRow selects an input of the first declaration row with no
// name and no library code.
func blankDeclRow(field string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll("tr.decl-row")).find(r => !r.querySelector("[name=name]").value && !r.querySelector("[name=library_id]").value).querySelector("[name=%s]")`, field)
}

// setJS sets the value of the element expr selects (an input or a select).
func setJS(b *browser, expr, value string) {
	b.t.Helper()
	eval[bool](b, fmt.Sprintf(`(function(){ const e = %s; e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, expr, value))
}

// clickAndLoad clicks the button css selects and waits for the page it
// leads to.
func (b *browser) clickAndLoad(css string) {
	b.t.Helper()
	eval[bool](b, "window.__old = true; true")
	b.do(chromedp.Click(chromedp.CSS(css)))
	b.waitFor(`!window.__old && document.readyState === "complete"`)
}

// TestDeclarationCycleInBrowser is the Proof's cycle of a performance-goal
// declaration on the pages: the department declares goals picking one
// indicator from the library; the reviewer returns one indicator with an
// opinion; the department revises and resubmits; the reviewer approves
// with a grade; mid-year the department adjusts one target with a reason,
// which is approved; the self-evaluation is made from the baseline and
// shows the adjusted target, and an actual value is scored against it.
func TestDeclarationCycleInBrowser(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)

	// 1. The department's new blank project declaration, from its list
	// (linked from the home page).
	b.login("preparer")
	b.open("/")
	b.clickAndLoad("#declarations-link")
	b.do(chromedp.SetValue(chromedp.CSS("#decl-year"), "2026"), chromedp.SetValue(chromedp.CSS("#decl-kind"), "项目"),
		chromedp.SetValue(chromedp.CSS("#decl-project"), "社区养老服务补贴"))
	b.clickAndLoad(`#new-declaration button[type=submit]`)
	path := eval[string](b, "location.pathname")
	if !strings.HasPrefix(path, "/declarations/") {
		t.Fatalf("after creating: at %s", path)
	}
	if msg := b.text("#messages"); !strings.Contains(msg, "已新建社区养老服务补贴 2026年度项目绩效目标申报") {
		t.Errorf("message after creating: %q", msg)
	}

	// Goals, one indicator picked from the library by its code, one new
	// one, the funds.
	b.do(chromedp.SetValue(chromedp.CSS("#overall_goal"), "全年为辖区老年人提供居家养老服务1500人次，服务质量达标"))
	setJS(b, blankDeclRow("library_id"), "GX-0027")
	eval[bool](b, `(function(){ const r = Array.from(document.querySelectorAll("tr.decl-row")).find(r => r.querySelector("[name=library_id]").value === "GX-0027"); r.querySelector("[name=op]").value = "≥"; r.querySelector("[name=target]").value = "95"; r.querySelector("[name=unit]").value = "%"; r.querySelector("[name=weight]").value = "20"; return true })()`)
	setJS(b, blankDeclRow("level1"), "产出指标")
	setJS(b, blankDeclRow("level2"), "数量指标")
	setJS(b, blankDeclRow("name"), "服务老人人次")
	setJS(b, declRowInput("服务老人人次", "op"), "≥")
	setJS(b, declRowInput("服务老人人次", "target"), "1200")
	setJS(b, declRowInput("服务老人人次", "unit"), "人次")
	setJS(b, declRowInput("服务老人人次", "weight"), "30")
	b.do(chromedp.SetValue(chromedp.CSS("#fund-amount-0"), "100"))
	b.clickAndLoad("#save-declaration")
	if msg := b.text("#messages"); !strings.Contains(msg, "已保存") {
		t.Fatalf("after saving: %q", msg)
	}
	// The library's indicator keeps its code and is named as there.
	if got := eval[string](b, declRowInput("质量达标率", "library_id")+".value"); got != "GX-0027" {
		t.Errorf("library code of the picked indicator: %q", got)
	}
	if got := b.text("#decl-findings"); got == "" {
		t.Error("no check findings shown")
	}
	b.shot(screenshots(t), "web-declaration")
	b.clickAndLoad("#submit-declaration")
	if st := b.text("[data-state]"); st != "已提交" {
		t.Fatalf("state after submitting: %q", st)
	}

	// 2. The reviewer returns one indicator with an opinion (the bureau's
	// overview links to the declarations).
	b.login("reviewer")
	b.open("/bureau")
	b.clickAndLoad("#declarations-link")
	if list := b.text("#declarations"); !strings.Contains(list, "社区养老服务补贴") || !strings.Contains(list, "已提交") {
		t.Fatalf("the reviewer's list: %q", list)
	}
	b.open(path)
	eval[bool](b, `(function(){ document.querySelector('tr[data-indicator="服务老人人次"] textarea[name=op_text]').value = "服务人次目标偏低，请参照上年实际完成值设定"; return true })()`)
	b.shot(screenshots(t), "web-declaration-review")
	b.clickAndLoad("#return")
	if st := b.text("[data-state]"); st != "已退回" {
		t.Fatalf("state after returning: %q", st)
	}

	// 3. The department sees the opinion, revises and resubmits.
	b.login("preparer")
	b.open(path)
	if op := b.text("[data-opinion]"); !strings.Contains(op, "服务人次目标偏低") {
		t.Errorf("opinion shown to the department: %q", op)
	}
	setJS(b, declRowInput("服务老人人次", "target"), "1500")
	b.clickAndLoad("#save-declaration")
	b.clickAndLoad("#submit-declaration")
	if st := b.text("[data-state]"); st != "已提交" {
		t.Fatalf("state after resubmitting: %q", st)
	}

	// 4. The reviewer approves with the rubric's points: 92, 优.
	approve := func(points ...string) {
		t.Helper()
		b.login("reviewer")
		b.open(path)
		for i, p := range points {
			b.do(chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#score-R%d", i+1)), p))
		}
		b.clickAndLoad("#approve")
	}
	approve("23", "23", "23", "23")
	if st := b.text("[data-state]"); st != "已批复" {
		t.Fatalf("state after approving: %q", st)
	}
	if g := b.text("[data-grade]"); g != "优" {
		t.Errorf("grade: %q", g)
	}

	// 5. Mid-year the department adjusts one target with a reason.
	b.login("preparer")
	b.open(path)
	b.do(chromedp.SetValue(chromedp.CSS("#revise-kind"), "目标调整"))
	b.clickAndLoad("#revise")
	setJS(b, declRowInput("服务老人人次", "target"), "1300")
	setJS(b, declRowInput("服务老人人次", "reason_code"), "预算调整")
	setJS(b, declRowInput("服务老人人次", "reason_text"), "补贴资金调减20万元")
	b.clickAndLoad("#save-declaration")
	b.clickAndLoad("#submit-declaration")
	if st := b.text("[data-state]"); st != "已提交" {
		t.Fatalf("state after submitting the adjustment: %q", st)
	}
	approve("22", "22", "22", "22")
	if g := b.text("[data-grade]"); g != "良" {
		t.Errorf("grade of the adjustment: %q", g)
	}
	if c := b.text("#changes"); !strings.Contains(c, "预算调整") || !strings.Contains(c, "补贴资金调减20万元") {
		t.Errorf("reasons shown: %q", c)
	}
	// The version history: the field-level difference of 1 and 2.
	b.do(chromedp.Click(chromedp.CSS(`#versions a`)))
	b.waitFor(`location.pathname.endsWith("/diff")`)
	if d := b.text("#diff"); !strings.Contains(d, "服务老人人次") || !strings.Contains(d, "1500") || !strings.Contains(d, "1300") {
		t.Errorf("diff: %q", d)
	}
	b.shot(screenshots(t), "web-declaration-diff")

	// 6. The self-evaluation from the baseline: the adjusted target, and
	// an actual value scored against it.
	b.login("preparer")
	b.open(path)
	b.clickAndLoad("#baseline")
	evPath := eval[string](b, "location.pathname")
	if !strings.HasPrefix(evPath, "/evaluations/") {
		t.Fatalf("after creating the self-evaluation: at %s", evPath)
	}
	b.open(evPath + "/goals")
	target := eval[string](b, rowInput("服务老人人次", "target")+".value")
	if !strings.Contains(target, "1300") {
		t.Errorf("declared target in the self-evaluation: %q", target)
	}
	b.setRowValue("服务老人人次", "actual", "1350人次")
	b.waitFor(rowInput("服务老人人次", "actual") + `.closest("tr").querySelector(".save-state .saved")`)
	score := rowInput("服务老人人次", "actual") + `.closest("tr").querySelector("td.score")`
	b.waitFor(score + `.querySelector("strong")`)
	// 1350 meets the adjusted 1300, not the first approved 1500.
	if got := eval[string](b, score+".innerText"); !strings.Contains(got, "目标值1300人次") || !strings.Contains(got, "达到目标，得满分30") {
		t.Errorf("score against the declared target: %q", got)
	}
}

// draftDeclaration stores a draft project declaration with one
// indicator for the demo department dept (an index of s.data.Departments).
func draftDeclaration(t *testing.T, s *site, dept int) int64 {
	t.Helper()
	return storedDeclaration(t, s, dept, "测试项目", jixiao.DeclDraft)
}

// storedDeclaration stores a project declaration for project with one
// indicator and its one version in state.
func storedDeclaration(t *testing.T, s *site, dept int, project string, state jixiao.DeclState) int64 {
	t.Helper()
	target, err := jixiao.ParseFigure("≥95%")
	if err != nil {
		t.Fatal(err)
	}
	d := &jixiao.Declaration{Format: jixiao.DeclarationFormat, Kind: jixiao.DeclProject, Year: 2026, Unit: s.data.Departments[dept].Name, Project: project,
		Versions: []jixiao.DeclVersion{{Number: 1, Kind: jixiao.VersionOriginal, State: state,
			Indicators: []jixiao.DeclIndicator{{Level1: "产出指标", Level2: "质量指标", Name: "验收合格率", Target: target}}}}}
	rec, err := s.db.CreateDeclaration(context.Background(), &jixiao.User{Username: "测试"}, s.data.Departments[dept].ID, d)
	if err != nil {
		t.Fatal(err)
	}
	return rec.ID
}
