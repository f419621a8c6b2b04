package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// declared2025 stores department dept's project declaration for 2025
// (the year after the demo's evaluations) requesting amount 万元.
func declared2025(t *testing.T, s *site, dept int, project, amount string) int64 {
	t.Helper()
	a := jixiao.Dec(amount)
	d := &jixiao.Declaration{Format: jixiao.DeclarationFormat, Kind: jixiao.DeclProject, Year: 2025, Unit: s.data.Departments[dept].Name, Project: project,
		Versions: []jixiao.DeclVersion{{Number: 1, Kind: jixiao.VersionOriginal, State: jixiao.DeclDraft, OverallGoal: "完成" + project,
			Funds: []jixiao.IncomeLine{{Source: jixiao.SourceGeneralPublic, Amount: &a}}}}}
	rec, err := s.db.CreateDeclaration(context.Background(), &jixiao.User{Username: "测试"}, s.data.Departments[dept].ID, d)
	if err != nil {
		t.Fatal(err)
	}
	return rec.ID
}

// TestResultsPickDeclaredProjects: the results page offers 2025's
// declared projects by department and name; the bureau moves part of a
// cut to two of them and to a purpose written in the text box. The page
// then lists what each declared project receives, from where, and its
// arranged amount, and the declaration's page shows the money moved in.
// A chosen project without an amount, an amount without a project and
// the same project twice are refused naming the row; nothing is
// recorded then.
func TestResultsPickDeclaredProjects(t *testing.T) {
	s := newSite(t)
	aid := declared2025(t, s, 0, "学生资助", "150")
	school := declared2025(t, s, 1, "校舍维修", "80")
	r := signIn(t, s, "reviewer")
	_, page := r.get("/results?year=2024")
	i := strings.Index(page, `/decide" class="form inline decide"`)
	if i < 0 {
		t.Fatalf("the results page offers no decision:\n%.2000s", page)
	}
	action := page[:i+len("/decide")]
	action = action[strings.LastIndex(action, `action="`)+len(`action="`):]
	for _, want := range []string{fmt.Sprintf(`<optgroup label="%s"><option value="%d">学生资助（申报 150.00 万元）</option></optgroup>`, s.data.Departments[0].Name, aid),
		fmt.Sprintf(`<option value="%d">校舍维修（申报 80.00 万元）</option>`, school), "调剂到已申报项目"} {
		if !strings.Contains(page, want) {
			t.Errorf("the picker lacks %q", want)
		}
	}
	form := func(decls, amounts []string, moves string) url.Values {
		return url.Values{"action": {"调剂"}, "amount": {"100"}, "requested": {"400"}, "decl": decls, "decl_amount": amounts, "moves": {moves}}
	}
	id := func(n int64) string { return fmt.Sprint(n) }
	for _, c := range []struct {
		decls, amounts []string
		want           string
	}{
		{[]string{id(aid), ""}, []string{"", ""}, "调剂到已申报项目第 1 行：请填写调剂金额"},
		{[]string{"", ""}, []string{"", "20"}, "调剂到已申报项目第 2 行填写了金额，请选择调剂到的项目"},
		{[]string{id(aid), id(aid)}, []string{"10", "20"}, "调剂去向第 2 项：调剂到的申报项目“" + s.data.Departments[0].Name + "／学生资助”与第 1 项重复"},
		{[]string{id(aid), id(school)}, []string{"200", "100.01"}, "调剂金额合计 300.01 万元，超过调减的 300.00 万元"},
	} {
		if st, body := r.post(action, form(c.decls, c.amounts, "")); st != 400 || !strings.Contains(body, c.want) {
			t.Errorf("%v %v: %d, want 400 naming %s\n%.2000s", c.decls, c.amounts, st, c.want, body)
		}
	}
	if _, body := r.get("/results?year=2024"); strings.Contains(body, `id="moves"`) {
		t.Fatal("a refused decision was recorded")
	}
	if st, body := r.post(action, form([]string{id(aid), id(school), ""}, []string{"120", "30万元", ""}, "应急储备 50")); st != 303 {
		t.Fatalf("decide: %d %.2000s", st, body)
	}
	_, body := r.get("/results?year=2024")
	from := ""
	if j := strings.Index(body, `<td class="num">120.00</td><td>`); j >= 0 {
		from = body[j+len(`<td class="num">120.00</td><td>`):]
		from = from[:strings.Index(from, " 120.00")]
	}
	for _, want := range []string{`id="receipts"`, "<th scope=\"row\">学生资助</th><td class=\"num\">150.00</td><td class=\"num\">120.00</td>",
		`<td class="num">270.00</td>`, `<td class="num">110.00</td>`, "调剂 200.00 = 调入下一年度已申报项目 150.00 &#43; 调剂到其他用途 50.00",
		fmt.Sprintf(`<option value="%d" selected>学生资助`, aid), `value="120.00"`, "应急储备 50.00\n</textarea>",
		"调剂：" + s.data.Departments[0].Name + "／学生资助 120.00 万元；" + s.data.Departments[1].Name + "／校舍维修 30.00 万元；应急储备 50.00 万元"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if from == "" {
		t.Fatal("the receipts table names no source")
	}
	// The declaration's page: requested + moved in = arranged, where from.
	_, decl := r.get(fmt.Sprintf("/declarations/%d", aid))
	for _, want := range []string{`id="reallocated-in"`, "申报 150.00 万元（最新一版申报的资金合计）+ 调入 120.00 万元 = 调入后安排 270.00 万元", "<td>2024</td>"} {
		if !strings.Contains(decl, want) {
			t.Errorf("the declaration's page lacks %q", want)
		}
	}
	if _, other := r.get(fmt.Sprintf("/declarations/%d", declared2025(t, s, 2, "未调入的项目", "5"))); strings.Contains(other, `id="reallocated-in"`) {
		t.Error("a project that receives nothing shows money moved in")
	}
}

// TestPickDeclaredProjectInBrowser: in the browser the bureau picks a
// 2025 declared project from the list grouped by department, types the
// amount and records the decision; the receipts table and the receiving
// declaration's page show the money moved in. Both pages pass axe.
func TestPickDeclaredProjectInBrowser(t *testing.T) {
	s := newSite(t)
	aid := declared2025(t, s, 0, "学生资助", "150")
	b := newBrowser(t, s)
	b.login("reviewer")
	b.open("/results?year=2024")
	b.axe("reviewer /results with declared projects")
	eid := eval[string](b, `document.querySelector("#application form.decide").getAttribute("action").split("/")[2]`)
	b.do(chromedp.SetValue(chromedp.CSS("#action-"+eid), "调剂"), chromedp.SetValue(chromedp.CSS("#amount-"+eid), "10"),
		chromedp.SetValue(chromedp.CSS("#decl-"+eid+"-0"), fmt.Sprint(aid)), chromedp.SetValue(chromedp.CSS("#decl-amount-"+eid+"-0"), "5"))
	b.clickAndLoad("#application form.decide button[type=submit]")
	if msg := b.text("#messages"); !strings.Contains(msg, "已记录") {
		t.Fatalf("after deciding: %q", msg)
	}
	if got := b.text("#receipts tbody"); !strings.Contains(got, "学生资助") || !strings.Contains(got, "150.00") || !strings.Contains(got, "155.00") {
		t.Errorf("receipts: %q", got)
	}
	if got := b.text("[data-moves]"); !strings.Contains(got, s.data.Departments[0].Name+"／学生资助 5.00 万元") {
		t.Errorf("the row's moves: %q", got)
	}
	b.shot(screenshots(t), "web-results-declared")
	b.open(fmt.Sprintf("/declarations/%d", aid))
	if got := b.text("#reallocated-in"); !strings.Contains(got, "申报 150.00 万元（最新一版申报的资金合计）+ 调入 5.00 万元 = 调入后安排 155.00 万元") {
		t.Errorf("the declaration's money moved in: %q", got)
	}
	b.axe("reviewer declaration with money moved in")
}
