package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/xlsxio"
)

func TestSignInRequired(t *testing.T) {
	s := newSite(t)
	c := &client{t: t, base: s.srv.URL, c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	resp, err := c.c.Get(s.srv.URL + "/evaluations/1/goals")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fevaluations%2F1%2Fgoals" {
		t.Errorf("anonymous page: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	req, _ := http.NewRequest("GET", s.srv.URL+"/evaluations/1/goals", nil)
	req.Header.Set("HX-Request", "true")
	resp, _ = c.c.Do(req)
	if resp.Header.Get("HX-Redirect") == "" {
		t.Errorf("anonymous htmx request is not sent to the login page")
	}
	st, body := c.post("/login", url.Values{"username": {"preparer"}, "password": {"wrong-password"}})
	if st != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码错误") || !strings.Contains(body, `value="preparer"`) {
		t.Errorf("wrong password: %d", st)
	}
	// Security headers on every page.
	resp, _ = c.c.Get(s.srv.URL + "/login")
	for h, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("%s: %q", h, resp.Header.Get(h))
		}
	}
	body = readAll(resp)
	if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") || strings.Contains(body, "style=") {
		t.Error("a page has an inline script, handler or style")
	}
}

func readAll(r *http.Response) string {
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// TestSectionForm saves the organisation profile: refused input comes back
// with messages beside the fields and the typed text kept, and nothing is
// stored; good input is stored.
func TestSectionForm(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	info, _ := s.db.EvaluationInfo(ctx, id)
	page := fmt.Sprintf("/evaluations/%d/section/profile", id)
	st, body := c.get(page)
	if st != 200 || !strings.Contains(body, `id="f-org-headcount-active"`) || !strings.Contains(body, "年末在职实有人数") {
		t.Fatalf("profile form: %d", st)
	}
	bad := url.Values{"version": {fmt.Sprint(info.Version)}, "org.name": {"石家庄市自然资源和规划局"}, "org.headcount.active": {"约三百人"},
		"org.functions": {"<script>alert(1)</script>"}}
	st, body = c.post(page, bad)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "约三百人") || !strings.Contains(body, "f-org-headcount-active-err") {
		t.Errorf("refused form: %d", st)
	}
	if strings.Contains(body, "<script>alert(1)</script>") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("user text is not escaped")
	}
	if now, _ := s.db.EvaluationInfo(ctx, id); now.Version != info.Version {
		t.Error("a refused form was stored")
	}
	good := url.Values{"version": {fmt.Sprint(info.Version)}, "org.name": {"石家庄市自然资源和规划局"}, "org.headcount.active": {"312"}}
	if st, _ := c.post(page, good); st != http.StatusSeeOther {
		t.Fatalf("good form: %d", st)
	}
	ev, _, _ := s.db.LoadEvaluation(ctx, id)
	if ev.Org.Headcount == nil || *ev.Org.Headcount.Active != 312 || len(ev.Org.Functions) == 0 {
		t.Errorf("stored: %+v (functions kept: %d)", ev.Org.Headcount, len(ev.Org.Functions))
	}
	// The same form again at the old version: a conflict, with the text kept.
	st, body = c.post(page, good)
	if st != http.StatusConflict || !strings.Contains(body, "已被他人修改") {
		t.Errorf("stale form: %d", st)
	}
}

// TestBudgetPaste fills a stage from pasted spreadsheet rows.
func TestBudgetPaste(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	info, _ := s.db.EvaluationInfo(ctx, id)
	rows := "项目\t年初预算\t调整预算\t决算\n一般公共预算财政拨款收入\t100\t120\t110\n收入合计\t100\t120\t110\n"
	st, _ := c.post(fmt.Sprintf("/evaluations/%d/budget/paste", id), url.Values{"version": {fmt.Sprint(info.Version)}, "rows": {rows}})
	if st != http.StatusSeeOther {
		t.Fatalf("paste: %d", st)
	}
	ev, _, _ := s.db.LoadEvaluation(ctx, id)
	if ev.Budget.Adjusted.IncomeTotal.String() != "120" || len(ev.Budget.Adjusted.Income) != 1 || ev.Budget.Final.Income[0].Amount.String() != "110" {
		t.Errorf("budget after paste: %+v", ev.Budget.Adjusted)
	}
	// Stated expenditure stays as it was.
	if ev.Budget.Final.Basic == nil {
		t.Error("pasting income lost the expenditure figures")
	}
}

// TestNewEvaluationAndUpload starts an empty year and uploads a case file.
func TestNewEvaluationAndUpload(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	st, _ := c.post("/evaluations", url.Values{"year": {"2025"}, "subject": {"department"}, "rulebook": {""}})
	if st != http.StatusSeeOther {
		t.Fatalf("new evaluation: %d", st)
	}
	st, body := c.post("/evaluations", url.Values{"year": {"2025"}, "subject": {"project"}, "rulebook": {"mof-2020"}})
	if st != http.StatusBadRequest || !strings.Contains(body, "项目名称") {
		t.Errorf("project evaluation without a name: %d", st)
	}
	sums, _, _ := s.db.ListEvaluations(context.Background(), jixiao.EvaluationFilter{OrgIDs: []int64{s.data.Departments[0].ID}, Year: 2025, Limit: 10})
	if len(sums) != 1 || sums[0].Status != jixiao.StatusDraft || sums[0].Rulebook != "shijiazhuang-2024" {
		t.Fatalf("2025: %+v", sums)
	}
	st, body = c.get(fmt.Sprintf("/evaluations/%d", sums[0].ID))
	if st != 200 || !strings.Contains(body, "尚不能评分") && !strings.Contains(body, "评分表") {
		t.Errorf("empty evaluation overview: %d", st)
	}

	upload := func(name string, data []byte) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", s.srv.URL+"/evaluations/upload", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("HX-Request", "true")
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, readAll(resp)
	}
	st, body = upload("坏文件.yaml", []byte("format: jixiao-case/1\nsubject: project\nyear: 二〇二五\norg:\n  name: 石家庄市自然资源和规划局\nprojcts: []\n"))
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "<td>第3行第7列</td><td>评价年度</td>") || !strings.Contains(body, "projcts") || !strings.Contains(body, "未导入任何内容") {
		t.Errorf("bad upload: %d %s", st, body)
	}
	// A good file is checked and shown first; confirming imports it.
	good := "format: jixiao-case/1\nsubject: project\nyear: 2025\nrulebook: mof-2020\norg:\n  name: 某单位\nprojects:\n  - name: 测试项目\n"
	st, body = upload("好文件.yaml", []byte(good))
	token := regexp.MustCompile(`/uploads/([0-9a-f]+)`).FindStringSubmatch(body)
	if st != http.StatusOK || token == nil || !strings.Contains(body, "可以导入") || !strings.Contains(body, "石家庄市自然资源和规划局") {
		t.Fatalf("good upload: %d %s", st, body)
	}
	if n := count2025(t, s); n != 1 {
		t.Fatalf("a checked file was stored before confirmation (%d)", n)
	}
	if body := c.confirm(token[1]); !strings.Contains(body, "已导入“好文件.yaml”：2025年度项目支出评价") {
		t.Errorf("confirm: %s", body)
	}
	if n := count2025(t, s); n != 2 {
		t.Errorf("after confirming: %d evaluations of 2025", n)
	}
	if st, _ := c.post("/uploads/"+token[1], nil); st != http.StatusNotFound {
		t.Errorf("a confirmation used twice: %d", st)
	}
	// Another user cannot confirm someone's upload.
	st, body = upload("好文件.yaml", []byte(strings.Replace(good, "测试项目", "另一个项目", 1)))
	token = regexp.MustCompile(`/uploads/([0-9a-f]+)`).FindStringSubmatch(body)
	if st != 200 || token == nil {
		t.Fatalf("upload: %d", st)
	}
	if st, _ := signIn(t, s, "approver").post("/uploads/"+token[1], nil); st != http.StatusNotFound {
		t.Errorf("another user's confirmation: %d", st)
	}
}

func count2025(t *testing.T, s *site) int {
	t.Helper()
	_, n, err := s.db.ListEvaluations(context.Background(), jixiao.EvaluationFilter{OrgIDs: []int64{s.data.Departments[0].ID}, Year: 2025, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWorkbookUploadPreview uploads the reference case as a workbook with
// one value changed: the preview shows the change before anything is
// stored, and confirming replaces the draft.
func TestWorkbookUploadPreview(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	ctx := context.Background()
	id := s.data.Evaluations[0].ID
	ev, _, err := s.db.LoadEvaluation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ev.OverallResult = "已全面完成年度目标（修改）"
	var book bytes.Buffer
	if err := xlsxio.WriteCase(&book, ev); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "自评.xlsx")
	w.Write(book.Bytes())
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+"/evaluations/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(resp)
	if resp.StatusCode != 200 || !strings.Contains(body, "导入将覆盖它") || !strings.Contains(body, "已全面完成年度目标（修改）") || !strings.Contains(body, "96.00") {
		t.Fatalf("preview: %d %s", resp.StatusCode, body)
	}
	if now, _, _ := s.db.LoadEvaluation(ctx, id); now.OverallResult == ev.OverallResult {
		t.Fatal("stored before confirmation")
	}
	token := regexp.MustCompile(`/uploads/([0-9a-f]+)`).FindStringSubmatch(body)
	if body := c.confirm(token[1]); !strings.Contains(body, "已覆盖“自评.xlsx”") || !strings.Contains(body, fmt.Sprintf(`href="/evaluations/%d"`, id)) {
		t.Fatalf("confirm: %s", body)
	}
	if now, _, _ := s.db.LoadEvaluation(ctx, id); now.OverallResult != ev.OverallResult {
		t.Errorf("not replaced: %q", now.OverallResult)
	}
	// A template downloads.
	st, tpl := c.get("/templates/department.xlsx?year=2025")
	if st != 200 || !strings.HasPrefix(tpl, "PK") {
		t.Errorf("template: %d", st)
	}
}

// TestFindingsLinkToTheirFields follows every link of every evaluation's
// findings list: each leads to a page that has the element it points at.
func TestFindingsLinkToTheirFields(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "reviewer")
	href := regexp.MustCompile(`<li class="finding[^"]*">[\s\S]*?<a href="([^"]+)"`)
	links := 0
	for _, info := range s.data.Evaluations {
		st, body := c.get(fmt.Sprintf("/evaluations/%d/findings", info.ID))
		if st != 200 {
			t.Fatalf("findings of %d: %d", info.ID, st)
		}
		pages := map[string]string{}
		for _, m := range href.FindAllStringSubmatch(body, -1) {
			target := html.UnescapeString(m[1])
			page, anchor, _ := strings.Cut(target, "#")
			if _, ok := pages[page]; !ok {
				st, pages[page] = c.get(page)
				if st != 200 {
					t.Errorf("%s: %d", page, st)
				}
			}
			if anchor != "" && !strings.Contains(pages[page], `id="`+anchor+`"`) {
				t.Errorf("evaluation %d: link %s points at nothing", info.ID, target)
			}
			links++
		}
	}
	if links < 20 {
		t.Errorf("only %d finding links followed", links)
	}
	t.Logf("%d finding links followed", links)
}

// TestDownloadsInSession fetches the overview's download links with the
// browser session: each answers with its file.
func TestDownloadsInSession(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	id := s.data.Evaluations[0].ID
	_, body := c.get(fmt.Sprintf("/evaluations/%d", id))
	for format, magic := range map[string]string{"docx": "PK", "xlsx": "PK", "html": "<!doctype html"} {
		link := fmt.Sprintf("/api/v1/evaluations/%d/report?format=%s", id, format)
		if !strings.Contains(body, link) {
			t.Errorf("overview has no %s link", format)
		}
		st, file := c.get(link)
		if st != 200 || !strings.HasPrefix(strings.ToLower(file), strings.ToLower(magic)) {
			t.Errorf("%s: %d %.20q", format, st, file)
		}
	}
	// The 核查报告 beside them, in Word and as a page.
	for format, magic := range map[string]string{"docx": "PK", "html": "<!doctype html"} {
		link := fmt.Sprintf("/api/v1/evaluations/%d/check-report?format=%s", id, format)
		if !strings.Contains(body, link) {
			t.Errorf("overview has no %s link to the check report", format)
		}
		st, file := c.get(link)
		if st != 200 || !strings.HasPrefix(strings.ToLower(file), strings.ToLower(magic)) {
			t.Errorf("check report %s: %d %.20q", format, st, file)
		}
		if format == "html" && (!strings.Contains(file, "绩效自评核查报告") || !strings.Contains(file, "核查结果汇总")) {
			t.Errorf("check report page: %.300s", file)
		}
	}
	other := s.data.Evaluations[1].ID
	for _, p := range []string{"report", "check-report"} {
		if st, _ := c.get(fmt.Sprintf("/api/v1/evaluations/%d/%s?format=docx", other, p)); st != http.StatusNotFound {
			t.Errorf("another department's %s: %d", p, st)
		}
	}
}

// Pages point to no documentation file; a finding's code names its check
// in a tooltip instead; the header names the rulebook by its title.
func TestNoDocumentationPaths(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	ref := s.data.Evaluations[0].ID
	for _, p := range []string{"/", "/audit", fmt.Sprintf("/evaluations/%d/findings", ref)} {
		st, body := c.get(p)
		if st != 200 {
			t.Fatalf("%s: %d", p, st)
		}
		if strings.Contains(body, "docs/") {
			t.Errorf("%s names a documentation file", p)
		}
	}
	_, body := c.get(fmt.Sprintf("/evaluations/%d/findings", ref))
	if !regexp.MustCompile(`<span class="code" title="[^"]+">B01</span>`).MatchString(body) {
		t.Error("the code B01 has no tooltip naming its check")
	}
	// The header names the rulebook by its title, not by jixiao's id.
	if !strings.Contains(body, "评分规则：石家庄市部门整体支出绩效自评（2024年度）") || strings.Contains(body, "评分规则：shijiazhuang-2024") {
		t.Error("the evaluation header shows the rulebook's id")
	}
}
