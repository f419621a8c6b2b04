package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLibraryInBrowser: a department proposes two indicators on the
// 指标库 page; the reviewer confirms one, merges the other (a duplicate)
// into it and retires an indicator of the starter library, then edits
// the confirmed one, compares versions and opens the first read-only; the
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
	b.do(chromedp.SetValue(chromedp.CSS("#lib-field"), "交通运输"))
	b.clickAndLoad(`#library-search button[type=submit]`)
	if got := b.text("#library"); !strings.Contains(got, "HY-0035") || !strings.Contains(got, "公路安全生命防护工程处治里程") || strings.Contains(got, "GX-0001") || strings.Contains(got, "HY-0029") {
		t.Errorf("the 交通运输 indicators: %.300q", got)
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

	// 3. The reviewer edits the confirmed indicator's definition: a new
	// version with the reason, the code kept; the versions list links to
	// the comparison with the one before and to a read-only view.
	b.open("/library?q=CX-0001")
	b.clickAndLoad(`#lib-CX-0001 a[href="/library/edit/CX-0001"]`)
	if got := eval[string](b, `document.querySelector("#e-definition").value`); got != "全年为老年人提供助餐服务的人次" {
		t.Fatalf("the edit form shows the definition %q", got)
	}
	if got := eval[string](b, `document.querySelector("#e-field").value`); got != "共性" {
		t.Fatalf("the edit form shows the 领域 %q", got)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#e-definition"), "全年在助餐点就餐及送餐上门的老年人人次合计"),
		chromedp.SetValue(chromedp.CSS("#e-data-source"), "助餐服务台账"), chromedp.SetValue(chromedp.CSS("#e-reason"), "口径含送餐上门"),
		chromedp.SetValue(chromedp.CSS("#e-field"), "养老服务"), chromedp.SetValue(chromedp.CSS("#e-source"), "本市老年助餐服务实施办法"),
		chromedp.SetValue(chromedp.CSS("#e-source-url"), "https://example.gov.cn/zhucan.html"))
	eval[bool](b, `(document.querySelector("#e-core").checked = true)`)
	b.clickAndLoad(`#edit-indicator button[type=submit]`)
	if msg := b.text("#messages"); !strings.Contains(msg, "已修改指标“助餐服务人次”（CX-0001）") {
		t.Fatalf("message after editing: %q", msg)
	}
	if got := b.text("#lib-CX-0001"); !strings.Contains(got, "送餐上门") || !strings.Contains(got, "核心") || !strings.Contains(got, "已确认") || !strings.Contains(got, "养老服务") {
		t.Errorf("the edited indicator: %q", got)
	}
	if got := b.text("#version-7"); !strings.Contains(got, "修改") || !strings.Contains(got, "CX-0001") || !strings.Contains(got, "口径含送餐上门") || !strings.Contains(got, "reviewer") {
		t.Errorf("the edit's version: %q", got)
	}
	b.clickAndLoad(`#version-7 a[href*="compare"]`)
	if got := b.text("#diff-CX-0001"); !strings.Contains(got, "修改") {
		t.Errorf("the comparison's row: %q", got)
	}
	if got := b.text("#library-diff"); !strings.Contains(got, "计算口径") || !strings.Contains(got, "全年为老年人提供助餐服务的人次") ||
		!strings.Contains(got, "全年在助餐点就餐及送餐上门的老年人人次合计") || !strings.Contains(got, "数据来源") || !strings.Contains(got, "是否核心绩效指标") ||
		!strings.Contains(got, "领域") || !strings.Contains(got, "养老服务") || !strings.Contains(got, "来源文件") || !strings.Contains(got, "本市老年助餐服务实施办法") ||
		!strings.Contains(got, "来源地址") {
		t.Errorf("the comparison: %q", got)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#cmp-from"), "3"), chromedp.SetValue(chromedp.CSS("#cmp-to"), "7"))
	b.clickAndLoad(`#library-compare button[type=submit]`)
	if got := b.text("#diff-CX-0002"); !strings.Contains(got, "合并") || !strings.Contains(got, "已并入") || !strings.Contains(got, "CX-0001") {
		t.Errorf("versions 3 to 7, the merged indicator: %q", got)
	}
	if got := b.text("#diff-GX-0052"); !strings.Contains(got, "停用") {
		t.Errorf("versions 3 to 7, the retired indicator: %q", got)
	}
	if got := b.text("#diff-CX-0001"); !strings.Contains(got, "确认") {
		t.Errorf("versions 3 to 7, the confirmed indicator: %q", got)
	}
	b.clickAndLoad(`a[href="/library/versions/3"]`)
	if got := b.text("h1"); !strings.Contains(got, "第 3 版") {
		t.Errorf("the version linked from the comparison: %q", got)
	}
	b.open("/library/versions/1")
	if got := b.text("#library-version"); !strings.Contains(got, "GX-0052") || strings.Contains(got, "CX-0001") || strings.Contains(got, "已停用") {
		t.Errorf("version 1: %.300q", got)
	}
	if n := eval[int](b, `document.querySelectorAll("main form, main input, main textarea").length`); n != 0 {
		t.Errorf("the read-only version has %d form elements", n)
	}
	// Past versions download: version 6 as YAML has CX-0001 as it was
	// before the edit; version 7's workbook is a workbook.
	b.open("/library")
	if n := eval[int](b, `document.querySelectorAll('#version-6 a[href="/library/versions/6/export/yaml"], #version-6 a[href="/library/versions/6/export/xlsx"]').length`); n != 2 {
		t.Errorf("version 6 offers %d downloads", n)
	}
	y6 := evalAsync[string](b, `(async () => (await fetch(document.querySelector('#version-6 a[href$="/export/yaml"]').href)).text())()`)
	if !strings.Contains(y6, "version: 6") || !strings.Contains(y6, "全年为老年人提供助餐服务的人次") || strings.Contains(y6, "送餐上门") || strings.Contains(y6, "养老服务") {
		t.Errorf("version 6 downloaded: %.300q", y6)
	}
	if got := evalAsync[string](b, `(async () => { const r = await fetch("/library/versions/7/export/xlsx"); const b = new Uint8Array(await r.arrayBuffer()); return r.headers.get("Content-Type") + " " + String.fromCharCode(b[0], b[1]) })()`); got != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet PK" {
		t.Errorf("version 7's workbook: %q", got)
	}
	b.open("/library/versions/2")
	if n := eval[int](b, `document.querySelectorAll('main a[href="/library/versions/2/export/xlsx"]').length`); n != 1 {
		t.Errorf("the version page offers %d workbook downloads", n)
	}

	// The department may not edit.
	b.login("preparer")
	b.open("/library?q=CX-0001")
	if n := eval[int](b, `document.querySelectorAll('a[href^="/library/edit/"]').length`); n != 0 {
		t.Errorf("the department is offered %d edit links", n)
	}
	b.open("/library/edit/CX-0001")
	if got := b.text("main"); !strings.Contains(got, "无权修改指标库的指标") {
		t.Errorf("the department opens the edit form: %.200q", got)
	}

	// 4. The declaration picks the confirmed indicator by its code; the
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
