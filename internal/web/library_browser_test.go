package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLibraryInBrowser: a department proposes two indicators on the
// 指标库 page; the reviewer confirms one, merges the other (a duplicate)
// into it and retires an indicator of the starter library; the
// department's declaration then picks the confirmed indicator by its
// code, and the retired one is no longer offered.
func TestLibraryInBrowser(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)

	// 1. The department proposes, from the page the navigation links to.
	b.login("preparer")
	b.open("/")
	b.clickAndLoad(`nav a[href="/library"]`)
	if got := b.text("#library"); !strings.Contains(got, "GX-0001") {
		t.Fatalf("the library lists no starter indicator: %.200q", got)
	}
	propose := func(name string) {
		t.Helper()
		b.do(chromedp.SetValue(chromedp.CSS("#p-name"), name), chromedp.SetValue(chromedp.CSS("#p-level1"), "产出指标"),
			chromedp.SetValue(chromedp.CSS("#p-level2"), "数量指标"), chromedp.SetValue(chromedp.CSS("#p-op"), "≥"),
			chromedp.SetValue(chromedp.CSS("#p-unit"), "人次"), chromedp.SetValue(chromedp.CSS("#p-definition"), "全年为老年人提供助餐服务的人次"))
		b.clickAndLoad(`#propose-indicator button[type=submit]`)
	}
	propose("助餐服务人次")
	if msg := b.text("#messages"); !strings.Contains(msg, "已建议新指标“助餐服务人次”，指标编码 CX-0001") {
		t.Fatalf("message after proposing: %q", msg)
	}
	propose("老年助餐人次")
	if msg := b.text("#messages"); !strings.Contains(msg, "CX-0002") {
		t.Fatalf("message after the second proposal: %q", msg)
	}
	if n := eval[int](b, `document.querySelectorAll("#library form[action$=confirm]").length`); n != 0 {
		t.Errorf("the department sees %d confirm buttons", n)
	}

	// 2. The reviewer confirms one, merges the duplicate into it, retires
	// a starter indicator.
	b.login("reviewer")
	b.open("/library?status=" + url.QueryEscape("建议"))
	if got := b.text("#library"); !strings.Contains(got, "CX-0001") || !strings.Contains(got, "CX-0002") || strings.Contains(got, "GX-0001") {
		t.Fatalf("proposed indicators: %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll("#propose-indicator").length`); n != 0 {
		t.Error("the reviewer is offered the proposal form")
	}
	b.clickAndLoad(`#lib-CX-0001 form[action$="/confirm"] button`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已确认指标“助餐服务人次”（CX-0001）") {
		t.Fatalf("message after confirming: %q", msg)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#into-CX-0002"), "CX-0001"))
	b.clickAndLoad(`#lib-CX-0002 form[action$="/merge"] button`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已把指标并入 CX-0001：“老年助餐人次”（CX-0002）") {
		t.Fatalf("message after merging: %q", msg)
	}
	b.open("/library?q=GX-0052")
	b.clickAndLoad(`#lib-GX-0052 form[action$="/retire"] button`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已停用指标") {
		t.Fatalf("message after retiring: %q", msg)
	}
	b.open("/library?all=1&q=" + url.QueryEscape("助餐"))
	if got := b.text("#lib-CX-0002"); !strings.Contains(got, "已停用") || !strings.Contains(got, "已并入 CX-0001") {
		t.Errorf("the merged indicator: %q", got)
	}
	if got := b.text("#lib-CX-0001"); !strings.Contains(got, "已确认") {
		t.Errorf("the confirmed indicator: %q", got)
	}
	if got := b.text("#library-history"); !strings.Contains(got, "第 6 版") || !strings.Contains(got, "停用") || !strings.Contains(got, "CX-0002 → CX-0001") {
		t.Errorf("recent versions: %q", got)
	}

	// 3. The declaration picks the confirmed indicator by its code; the
	// retired one is not offered.
	b.login("preparer")
	b.open("/declarations")
	b.do(chromedp.SetValue(chromedp.CSS("#decl-year"), "2026"), chromedp.SetValue(chromedp.CSS("#decl-kind"), "项目"),
		chromedp.SetValue(chromedp.CSS("#decl-project"), "老年助餐服务"))
	b.clickAndLoad(`#new-declaration button[type=submit]`)
	if n := eval[int](b, `document.querySelectorAll('#library option[value="CX-0001"]').length`); n != 1 {
		t.Errorf("CX-0001 offered %d times", n)
	}
	if n := eval[int](b, `document.querySelectorAll('#library option[value="GX-0052"], #library option[value="CX-0002"]').length`); n != 0 {
		t.Errorf("retired indicators offered: %d", n)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#overall_goal"), "全年为辖区老年人提供助餐服务"))
	setJS(b, blankDeclRow("library_id"), "CX-0001")
	eval[bool](b, `(function(){ const r = Array.from(document.querySelectorAll("tr.decl-row")).find(r => r.querySelector("[name=library_id]").value === "CX-0001"); r.querySelector("[name=target]").value = "12000"; r.querySelector("[name=weight]").value = "20"; return true })()`)
	b.do(chromedp.SetValue(chromedp.CSS("#fund-amount-0"), "50"))
	b.clickAndLoad("#save-declaration")
	if msg := b.text("#messages"); !strings.Contains(msg, "已保存") {
		t.Fatalf("after saving: %q", msg)
	}
	if got := eval[string](b, declRowInput("助餐服务人次", "library_id")+".value"); got != "CX-0001" {
		t.Errorf("library code of the picked indicator: %q", got)
	}
	if got := eval[string](b, declRowInput("助餐服务人次", "unit")+".value"); got != "人次" {
		t.Errorf("unit taken from the library: %q", got)
	}
}
