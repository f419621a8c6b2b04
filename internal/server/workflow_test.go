package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/caseio"
	"jixiao/internal/report/docx"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/xlsxio"
)

// indicatorJSON is an indicator as the API returns it, with its fields
// kept as JSON so that a client can change one and send the rest back.
type indicatorJSON struct {
	ID        int64                      `json:"id"`
	Version   int64                      `json:"version"`
	Indicator map[string]json.RawMessage `json:"indicator"`
}

func (f *fixture) getIndicator(user string, id int64) indicatorJSON {
	f.t.Helper()
	var in indicatorJSON
	r := f.do(user, "GET", fmt.Sprintf("/api/v1/indicators/%d", id), nil)
	if r.Status != 200 {
		f.t.Fatalf("GET indicator: %d %s", r.Status, r.Body)
	}
	r.json(f.t, &in)
	return in
}

func (f *fixture) putIndicator(user string, in indicatorJSON, field, value string) response {
	f.t.Helper()
	v, _ := json.Marshal(value)
	body := map[string]json.RawMessage{}
	for k, x := range in.Indicator {
		body[k] = x
	}
	body[field] = v
	return f.do(user, "PUT", fmt.Sprintf("/api/v1/indicators/%d", in.ID), map[string]any{"version": in.Version, "indicator": body})
}

// TestConcurrentIndicatorEdits has many clients save the same indicator
// at once through the API: exactly one of those holding the same version
// wins and the rest get 409; clients that re-read and retry on conflict all
// get their change in, none lost.
func TestConcurrentIndicatorEdits(t *testing.T) {
	engines := map[string]bool{"sqlite": false}
	if sqltest.PostgresDSN(t) != "" {
		engines["postgres"] = true
	}
	for name, pg := range engines {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, pg)
			const n = 16
			id := f.recs["D1"].indicator
			start := f.getIndicator("preparer", id)

			// Round 1: everyone saves from the same version.
			statuses := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					statuses[i] = f.putIndicator("preparer", start, "improvement", fmt.Sprintf("措施%d", i)).Status
				})
			}
			wg.Wait()
			var won []int
			for i, s := range statuses {
				switch s {
				case 200:
					won = append(won, i)
				case 409:
				default:
					t.Errorf("client %d: status %d", i, s)
				}
			}
			if len(won) != 1 {
				t.Fatalf("%d clients saved from the same version, want exactly 1 (statuses %v)", len(won), statuses)
			}
			after := f.getIndicator("preparer", id)
			if after.Version != start.Version+1 || string(after.Indicator["improvement"]) != fmt.Sprintf(`"措施%d"`, won[0]) {
				t.Fatalf("after round 1: version %d (from %d), improvement %s; winner %d", after.Version, start.Version, after.Indicator["improvement"], won[0])
			}

			// Round 2: each client appends its mark, re-reading on conflict.
			var conflicts sync.Map
			for i := range n {
				wg.Go(func() {
					for try := 0; ; try++ {
						in := f.getIndicator("preparer", id)
						var text string
						json.Unmarshal(in.Indicator["deviation"], &text)
						r := f.putIndicator("preparer", in, "deviation", fmt.Sprintf("%s[%d]", text, i))
						if r.Status == 200 {
							return
						}
						if r.Status != 409 || try > 10*n {
							t.Errorf("client %d: status %d after %d tries: %s", i, r.Status, try, r.Body)
							return
						}
						conflicts.Store(fmt.Sprint(i, try), true)
					}
				})
			}
			wg.Wait()
			final := f.getIndicator("preparer", id)
			var text string
			json.Unmarshal(final.Indicator["deviation"], &text)
			for i := range n {
				if !strings.Contains(text, fmt.Sprintf("[%d]", i)) {
					t.Errorf("client %d's change was lost: %q", i, text)
				}
			}
			if final.Version != after.Version+n {
				t.Errorf("version %d after %d saves from %d", final.Version, n, after.Version)
			}
			// The audit log has one update per successful save, each with
			// the value it replaced.
			var log api.List[jixiao.AuditEntry]
			f.do("auditor", "GET", fmt.Sprintf("/api/v1/audit?entity=indicator&entity_id=%d&per_page=500", id), nil).json(t, &log)
			updates := 0
			for _, e := range log.Items {
				if e.Action == "update" {
					updates++
					if e.Old == "" || e.New == "" || e.Old == e.New {
						t.Errorf("audit entry %d without old and new values", e.ID)
					}
				}
			}
			if updates != 1+n {
				t.Errorf("%d audited updates, want %d", updates, 1+n)
			}
			// The case is still whole and scores.
			if r := f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", f.recs["D1"].eval), nil); r.Status != 200 {
				t.Errorf("scorecard after concurrent edits: %d %s", r.Status, r.Body)
			}
			n2 := 0
			conflicts.Range(func(any, any) bool { n2++; return true })
			t.Logf("round 1: 1 saved, %d conflicts; round 2: %d saves, %d conflicts retried", n-1, n, n2)
		})
	}
}

// TestReviewWorkflow runs an evaluation through submit, return with
// comments, resubmit and accept, checking who may do what at each step
// and that the history records who, when and why.
func TestReviewWorkflow(t *testing.T) {
	f := newFixture(t, false)
	e := f.recs["D1"].eval
	info := func() jixiao.EvaluationInfo {
		var i jixiao.EvaluationInfo
		f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d", e), nil).json(t, &i)
		return i
	}
	act := func(user, action string, body map[string]any, want int) {
		t.Helper()
		body["version"] = info().Version
		if r := f.do(user, "POST", fmt.Sprintf("/api/v1/evaluations/%d/%s", e, action), body); r.Status != want {
			t.Fatalf("%s %s: %d, want %d: %s", user, action, r.Status, want, r.Body)
		}
	}
	if s := info().Status; s != jixiao.StatusDraft {
		t.Fatalf("imported evaluation is %s", s)
	}
	act("preparer", "submit", map[string]any{}, 403) // preparers prepare; approvers submit
	act("reviewer", "accept", map[string]any{}, 409) // nothing submitted yet
	act("approver", "submit", map[string]any{"reason": "已审核"}, 200)

	// Submitted: the department can no longer change it.
	if r := f.putIndicator("preparer", f.getIndicator("preparer", f.recs["D1"].indicator), "improvement", "改"); r.Status != 409 {
		t.Errorf("edit of a submitted evaluation: %d %s", r.Status, r.Body)
	}
	act("reviewer", "return", map[string]any{}, 400) // a return needs a reason
	act("reviewer", "return", map[string]any{"reason": "请补充佐证材料", "comments": []map[string]string{
		{"item": "goals[0].indicators[0]", "text": "实际完成值缺少佐证"}, {"item": "budget", "text": "决算收入合计与分项之和不符"}}}, 200)
	if s := info().Status; s != jixiao.StatusReturned {
		t.Fatalf("after return: %s", s)
	}
	var comments api.List[jixiao.Comment]
	f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/comments", e), nil).json(t, &comments)
	if comments.Total != 2 || comments.Items[0].Item != "goals[0].indicators[0]" || comments.Items[1].Text != "决算收入合计与分项之和不符" {
		t.Errorf("comments seen by the preparer: %+v", comments.Items)
	}
	// Returned: editable again.
	if r := f.putIndicator("preparer", f.getIndicator("preparer", f.recs["D1"].indicator), "improvement", "已补充"); r.Status != 200 {
		t.Fatalf("edit of a returned evaluation: %d %s", r.Status, r.Body)
	}
	act("approver", "submit", map[string]any{"reason": "已按意见修改"}, 200)
	act("evaluator", "accept", map[string]any{"reason": "同意"}, 200)

	// Accepted: locked for everyone, the administrator included.
	if s := info().Status; s != jixiao.StatusAccepted {
		t.Fatalf("after accept: %s", s)
	}
	if r := f.putIndicator("admin", f.getIndicator("admin", f.recs["D1"].indicator), "improvement", "改"); r.Status != 409 {
		t.Errorf("admin edit of an accepted evaluation: %d", r.Status)
	}
	if r := f.do("admin", "PUT", fmt.Sprintf("/api/v1/evaluations/%d/case?revision=%d", e, info().Revision), f.caseYAML(e)); r.Status != 409 {
		t.Errorf("replace of an accepted evaluation: %d %s", r.Status, r.Body)
	}
	act("reviewer", "return", map[string]any{"reason": "再看看"}, 409)

	var ts api.List[jixiao.Transition]
	f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/transitions", e), nil).json(t, &ts)
	var got []string
	for _, tr := range ts.Items {
		got = append(got, fmt.Sprintf("%s→%s by %d: %s", tr.From, tr.To, tr.UserID, tr.Reason))
		if tr.At.IsZero() {
			t.Errorf("transition %d without a time", tr.ID)
		}
	}
	want := []string{
		fmt.Sprintf("draft→submitted by %d: 已审核", f.users["approver"].ID),
		fmt.Sprintf("submitted→returned by %d: 请补充佐证材料", f.users["reviewer"].ID),
		fmt.Sprintf("returned→submitted by %d: 已按意见修改", f.users["approver"].ID),
		fmt.Sprintf("submitted→accepted by %d: 同意", f.users["evaluator"].ID),
	}
	if !slices.Equal(got, want) {
		t.Errorf("transitions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The audit log cannot be changed through the API.
	for _, m := range []string{"PUT", "DELETE", "POST"} {
		if r := f.do("admin", m, "/api/v1/audit", map[string]any{}); r.Status != 404 {
			t.Errorf("%s /audit: %d", m, r.Status)
		}
	}
}

func (f *fixture) caseYAML(id int64) []byte {
	r := f.do("admin", "GET", fmt.Sprintf("/api/v1/evaluations/%d/case", id), nil)
	if r.Status != 200 {
		f.t.Fatalf("GET case: %d", r.Status)
	}
	return r.Body // JSON is YAML
}

// TestBrowserSession signs in with a session cookie, checks that a
// cross-origin form post is refused, signs out, and checks the login rate
// limit.
func TestBrowserSession(t *testing.T) {
	f := newFixture(t, false)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	send := func(method, path string, body any, header map[string]string) response {
		t.Helper()
		data, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		return response{resp.StatusCode, buf.Bytes()}
	}
	if r := send("GET", "/api/v1/me", nil, nil); r.Status != 401 {
		t.Fatalf("/me before login: %d", r.Status)
	}
	if r := send("POST", "/api/v1/login", map[string]string{"username": "preparer", "password": "wrong-password"}, nil); r.Status != 401 || r.errorCode() != jixiao.EUNAUTHORIZED {
		t.Fatalf("wrong password: %d %s", r.Status, r.Body)
	}
	if r := send("POST", "/api/v1/login", map[string]string{"username": "preparer", "password": password}, nil); r.Status != 200 {
		t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	var me jixiao.User
	send("GET", "/api/v1/me", nil, nil).json(t, &me)
	if me.Username != "preparer" {
		t.Fatalf("/me after login: %+v", me)
	}
	for _, c := range jar.Cookies(mustURL(f.srv.URL)) {
		if c.Name == api.SessionCookie && strings.Contains(c.Value, "preparer") {
			t.Error("session cookie carries the user name")
		}
	}
	// A form posted from another site is refused, with the session cookie.
	cross := map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
	if r := send("POST", "/api/v1/tokens", map[string]string{"name": "x"}, cross); r.Status != 403 || r.errorCode() != "forbidden" ||
		r.errorMessage() != "请求被拒绝：修改数据的请求只能从本系统的页面发出，不能来自其他网站。请回到本系统的页面重新操作。" {
		t.Errorf("cross-origin POST: %d %s", r.Status, r.Body)
	}
	same := map[string]string{"Origin": f.srv.URL, "Sec-Fetch-Site": "same-origin"}
	if r := send("POST", "/api/v1/tokens", map[string]string{"name": "x"}, same); r.Status != 200 {
		t.Errorf("same-origin POST: %d %s", r.Status, r.Body)
	}
	if r := send("POST", "/api/v1/logout", nil, same); r.Status != 200 {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := send("GET", "/api/v1/me", nil, nil); r.Status != 401 {
		t.Errorf("/me after logout: %d", r.Status)
	}

	// Five wrong passwords are free; the sixth makes the user name wait a
	// little before its next attempt, even with the right password; other
	// users are not affected.
	for range 6 {
		send("POST", "/api/v1/login", map[string]string{"username": "approver", "password": "guess-guess"}, nil)
	}
	if r := send("POST", "/api/v1/login", map[string]string{"username": "approver", "password": password}, nil); r.Status != 429 || !strings.Contains(r.errorMessage(), "秒后再试") {
		t.Errorf("login after 6 failures: %d %s", r.Status, r.Body)
	}
	if r := send("POST", "/api/v1/login", map[string]string{"username": "reviewer", "password": password}, nil); r.Status != 200 {
		t.Errorf("another user after the lock: %d %s", r.Status, r.Body)
	}
	// Disabled users cannot sign in or use their tokens.
	var u jixiao.User
	f.do("admin", "GET", fmt.Sprintf("/api/v1/users/%d", f.users["auditor"].ID), nil).json(t, &u)
	if r := f.do("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"version": u.Version, "disabled": true}); r.Status != 200 {
		t.Fatalf("disable: %d %s", r.Status, r.Body)
	}
	if r := f.do("auditor", "GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("disabled user's token: %d", r.Status)
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func (r response) errorMessage() string {
	var e api.ErrorBody
	json.Unmarshal(r.Body, &e)
	return e.Error.Message
}

// TestFilesAndReports uploads evidence (refusing unknown types and
// oversized files), downloads it back, and downloads the report and tables
// in each format.
func TestFilesAndReports(t *testing.T) {
	f := newFixture(t, false)
	f.app.MaxFileSize = 64 << 10
	e := f.recs["D1"].eval
	up := fmt.Sprintf("/api/v1/evaluations/%d/files", e)
	r := f.upload("preparer", up, `C:\扫描件\验收单.png`, png)
	if r.Status != 200 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var fi jixiao.FileInfo
	r.json(t, &fi)
	if fi.Name != "验收单.png" || fi.ContentType != "image/png" || fi.Size != int64(len(png)) {
		t.Errorf("stored file: %+v", fi)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"setup.exe", append([]byte("MZ\x90\x00"), make([]byte, 100)...), "不允许上传"},
		{"page.html", []byte("<html><script>alert(1)</script></html>"), "不允许上传"},
		{"big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 65<<10)...), "过大"},
		{"empty.txt", nil, "空"},
	} {
		r := f.upload("preparer", up, c.name, c.data)
		if r.Status != 400 || !strings.Contains(r.errorMessage(), c.want) || !strings.Contains(r.errorMessage(), c.name) {
			t.Errorf("upload %s: %d %s", c.name, r.Status, r.Body)
		}
	}
	// Another department's user cannot download it; the preparer can.
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/files/%d", f.srv.URL, fi.ID), nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["preparer"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	got.ReadFrom(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got.Bytes(), png) || resp.Header.Get("Content-Type") != "image/png" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d bytes, %v", got.Len(), resp.Header)
	}

	// Reports.
	get := func(format string) response {
		return f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/report?format=%s", e, format), nil)
	}
	r = get("docx")
	if r.Status != 200 {
		t.Fatalf("docx: %d %s", r.Status, r.Body)
	}
	paras, err := docx.Read(bytes.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range paras {
		text.WriteString(p.Text + "\n")
	}
	if !strings.Contains(text.String(), "绩效自评报告") {
		t.Errorf("docx has no report title: %.300s", text.String())
	}
	r = get("xlsx")
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if r.Status != 200 || err != nil {
		t.Fatalf("xlsx: %d %v", r.Status, err)
	}
	if len(x.GetSheetList()) < 2 {
		t.Errorf("xlsx sheets: %v", x.GetSheetList())
	}
	if r = get("html"); r.Status != 200 || !strings.Contains(string(r.Body), "<html") {
		t.Errorf("html: %d", r.Status)
	}
	if r = get("odt"); r.Status != 400 || !strings.Contains(r.errorMessage(), "docx、html、pdf 或 xlsx") {
		t.Errorf("unknown format: %d %s", r.Status, r.Body)
	}
	// The report holds no findings; the 核查报告 beside it lists them all.
	var fs struct {
		Findings []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/findings", e), nil).json(t, &fs)
	if len(fs.Findings) == 0 {
		t.Fatal("the case has no findings: the check report proves nothing")
	}
	r = f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/check-report", e), nil)
	if r.Status != 200 {
		t.Fatalf("check report: %d %s", r.Status, r.Body)
	}
	paras, err = docx.Read(bytes.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var review strings.Builder
	for _, p := range paras {
		review.WriteString(p.Text + "\n")
	}
	if !strings.Contains(review.String(), "绩效自评核查报告\n") {
		t.Errorf("check report title: %.300s", review.String())
	}
	for _, x := range fs.Findings {
		if !strings.Contains(review.String(), x.Message) {
			t.Errorf("check report lacks %s %s", x.Code, x.Message)
		}
		if strings.Contains(text.String(), x.Message) {
			t.Errorf("the report shows the finding %s %s", x.Code, x.Message)
		}
	}
	if r = f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/check-report?format=xlsx", e), nil); r.Status != 400 ||
		r.errorMessage() != "核查报告格式“xlsx”不支持，应为 docx、html 或 pdf" {
		t.Errorf("check report as xlsx: %d %s", r.Status, r.Body)
	}
}

// TestImportWorkbook imports a case workbook through the API.
func TestImportWorkbook(t *testing.T) {
	f := newFixture(t, false)
	c, err := caseio.Load("../../examples/project-clinic-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	if err := xlsxio.WriteCase(&book, c.Evaluation); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/evaluations?org=%d", f.srv.URL, f.orgs["D1"].ID), bytes.NewReader(book.Bytes()))
	req.Header.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	req.Header.Set("Authorization", "Bearer "+f.tokens["preparer"])
	r := f.send(req)
	if r.Status != 200 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	var info jixiao.EvaluationInfo
	r.json(t, &info)
	var sc struct {
		Total json.Number `json:"total"`
	}
	f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", info.ID), nil).json(t, &sc)
	if sc.Total != "95.45" {
		t.Errorf("scorecard of the imported workbook: %s", sc.Total)
	}
}

// TestAuditReportAPI audits reports through the API: a text with a total
// its parts do not add up to, and a Word report downloaded from the API
// itself (recognised without a name). Nothing is stored.
func TestAuditReportAPI(t *testing.T) {
	f := newFixture(t, false)
	text := "一、部门概况\n单位全年收入100万元，其中：财政拨款60万元，事业收入30万元。\n"
	r := f.do("reviewer", "POST", "/api/v1/report-audits?name=某局报告.txt", []byte(text))
	var rep struct {
		Case     string         `json:"case"`
		Scope    string         `json:"scope"`
		Checked  map[string]int `json:"checked"`
		Summary  map[string]int `json:"summary"`
		Findings []struct {
			Code     string `json:"code"`
			Location struct {
				Path string `json:"path"`
				Line int    `json:"line"`
			} `json:"location"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	r.json(t, &rep)
	if r.Status != 200 || rep.Case != "某局报告.txt" || rep.Summary["error"] != 1 || rep.Checked["T01"] != 1 || len(rep.Findings) != 1 ||
		rep.Findings[0].Code != "T01" || rep.Findings[0].Location.Line != 2 || !strings.Contains(rep.Findings[0].Message, "相差10万元") ||
		!strings.Contains(rep.Scope, "合计与明细1处") {
		t.Errorf("audit: %d %s", r.Status, r.Body)
	}
	doc := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/report?format=docx", f.recs["D1"].eval), nil)
	if doc.Status != 200 {
		t.Fatalf("report: %d", doc.Status)
	}
	r = f.do("reviewer", "POST", "/api/v1/report-audits", doc.Body)
	rep.Case = ""
	r.json(t, &rep)
	if r.Status != 200 || rep.Case != "报告.docx" || rep.Checked["T01"] == 0 {
		t.Errorf("audit of a Word report: %d %s", r.Status, r.Body)
	}
	r = f.do("reviewer", "POST", "/api/v1/report-audits?name=报告.doc", []byte("x"))
	if r.Status != 400 || !strings.Contains(r.errorMessage(), "另存为 .docx") {
		t.Errorf("a .doc: %d %s", r.Status, r.Body)
	}
}
