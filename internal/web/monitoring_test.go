package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/web"
	"jixiao/internal/xlsxio"
)

// monitorClock sets the site's clock to 10:00 on day (China Standard
// Time).
func monitorClock(s *site, day string) {
	d := jixiao.MustDate(day)
	at := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, jixiao.TaskTimeZone)
	s.db.Now = func() time.Time { return at }
}

// openRound opens a round of the 1—7月 for the departments given, as the
// reviewer on the page, and returns its path.
func openRound(t *testing.T, s *site, depts ...*jixiao.OrgRecord) string {
	t.Helper()
	c := signIn(t, s, "reviewer")
	form := url.Values{"year": {"2026"}, "period": {"1—7月"}, "cutoff": {"2026-07-31"}, "deadline": {"2026-08-14"}}
	for _, d := range depts {
		form.Add("org", fmt.Sprint(d.ID))
	}
	st, _ := c.post("/monitoring", form)
	if st != http.StatusSeeOther {
		t.Fatalf("open round: %d", st)
	}
	rs, err := s.app.MonitorRounds(jixiao.WithUser(context.Background(), &jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}))
	if err != nil || len(rs) == 0 {
		t.Fatalf("rounds %v", err)
	}
	newest := rs[0]
	for _, r := range rs {
		if r.ID > newest.ID {
			newest = r
		}
	}
	return fmt.Sprintf("/monitoring/%d", newest.ID)
}

// lowForm is an entry's form that spends 30% of the department's budget
// and 20% of its project's by the end of July.
func lowForm(version string) url.Values {
	return url.Values{"version": {version}, "budget": {"1,000"}, "executed": {"300"}, "cause": {"雨季停工"},
		"p0_code": {"P1"}, "p0_name": {"农村公路养护"}, "p0_budget": {"500"}, "p0_executed": {"100"}, "p0_goal": {""}, "p0_cause": {"待验收"},
		"i0_project": {"P1"}, "i0_level1": {"产出指标"}, "i0_name": {"养护里程"}, "i0_target": {"120公里"}, "i0_actual": {"70公里"}, "i0_progress": {"60%"}, "i0_forecast": {"90%"}, "i0_reason": {""},
	}
}

var entryLink = regexp.MustCompile(`/monitoring/\d+/entries/\d+`)

// TestMonitoringPages goes through a round on the pages without a
// browser: the reviewer opens it; the department's form refuses an amount
// that is not one, naming the row and column, keeping what was typed;
// the department saves and submits it; the warnings appear with their
// arithmetic; a disposition is recorded; the round's page counts the
// warnings and draws the departments' rates; the workbook downloads;
// another department's entry is not found.
func TestMonitoringPages(t *testing.T) {
	s := newSite(t)
	monitorClock(s, "2026-08-05")
	round := openRound(t, s, s.data.Departments[0], s.data.Departments[1])
	dept := signIn(t, s, "preparer")
	st, body := dept.get(round)
	if st != http.StatusOK {
		t.Fatalf("round page as the department: %d", st)
	}
	if strings.Contains(body, s.data.Departments[1].Name) {
		t.Errorf("the department sees another department's entry")
	}
	entry := entryLink.FindString(body)
	if entry == "" {
		t.Fatalf("no entry link on %s", body)
	}
	bad := lowForm("1")
	bad.Set("p0_budget", "五百")
	st, body = dept.post(entry, bad)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "项目第1行全年预算数“五百”不是金额") || !strings.Contains(body, `value="五百"`) {
		t.Fatalf("bad amount: %d %s", st, body)
	}
	zero := lowForm("1")
	zero.Set("p0_budget", "0")
	if st, body = dept.post(entry, zero); !strings.Contains(body, "第1个项目“全年预算数”：全年预算数应大于 0") {
		t.Errorf("zero budget: %d %s", st, body)
	}
	if st, _ = dept.post(entry, lowForm("1")); st != http.StatusSeeOther {
		t.Fatalf("save: %d", st)
	}
	submit := lowForm("2")
	submit.Set("submit", "1")
	if st, _ = dept.post(entry, submit); st != http.StatusSeeOther {
		t.Fatalf("submit: %d", st)
	}
	_, body = dept.get(entry)
	for _, want := range []string{"【红色预警】M01", "执行率 30.00% = 300.00 ÷ 1,000.00 万元，低于6月底的40%", "【黄色预警】M04", "待处置", "2026年8月19日"} {
		if !strings.Contains(body, want) {
			t.Errorf("entry page lacks %q", want)
		}
	}
	monitorClock(s, "2026-08-10")
	if st, body = dept.post(entry+"/dispose", url.Values{"version": {"3"}, "subject": {"农村公路养护"}, "action": {"调剂"}, "reason": {""}}); st != http.StatusBadRequest && st != http.StatusUnprocessableEntity {
		t.Errorf("blank reason: %d", st)
	} else if !strings.Contains(body, "处置理由") {
		t.Errorf("blank reason: %s", body)
	}
	if st, _ = dept.post(entry+"/dispose", url.Values{"version": {"3"}, "subject": {"农村公路养护"}, "action": {"调剂"}, "reason": {"调剂至学校维修项目"}}); st != http.StatusSeeOther {
		t.Fatalf("dispose: %d", st)
	}
	_, body = dept.get(entry)
	if !strings.Contains(body, "调剂（2026年8月10日）：调剂至学校维修项目") {
		t.Errorf("disposition not shown")
	}
	st, body = dept.get(entry + "/workbook")
	if st != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("workbook: %d", st)
	}
	st, body = dept.get(entry + "/report")
	if st != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("report: %d", st)
	}

	bureau := signIn(t, s, "reviewer")
	_, body = bureau.get(round)
	for _, want := range []string{`data-red>4<`, `data-yellow>2<`, `data-disposed>1<`, s.data.Departments[1].Name, "&#34;rates&#34;:[30,null]", "<dt>已提交</dt><dd>1 / 2</dd>"} {
		if !strings.Contains(body, want) {
			t.Errorf("round page lacks %q", want)
		}
	}
	_, list := bureau.get("/monitoring")
	if !strings.Contains(list, "2026年1—7月绩效运行监控") || !strings.Contains(list, "1 / 2") {
		t.Errorf("rounds list: %s", list)
	}
	other := entryLink.FindAllString(body, -1)
	if len(other) < 2 {
		t.Fatalf("entries on the round page: %v", other)
	}
	if st, _ = dept.get(other[len(other)-1]); st != http.StatusNotFound {
		t.Errorf("another department's entry: %d", st)
	}
}

// storedRound opens a round (as the administrator) for department dept of
// the demo data only and returns the round's and its entry's ids; with
// submit, the department's entry is filled in (low) and submitted.
func storedRound(t *testing.T, s *site, dept int, submit bool) (round, entry int64) {
	t.Helper()
	d := s.data.Departments[dept]
	r := &jixiao.MonitorRoundRecord{Year: 2026, Period: "1—7月", BureauID: d.ParentID, CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14"),
		Entries: []jixiao.MonitorEntry{{OrgID: d.ID}}}
	if err := s.app.OpenMonitorRound(jixiao.WithUser(context.Background(), &jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}), r); err != nil {
		t.Fatal(err)
	}
	if submit {
		admin := jixiao.WithUser(context.Background(), &jixiao.User{Username: "admin", Role: jixiao.RoleAdmin})
		if _, err := s.app.SaveMonitorEntry(admin, r.Entries[0].ID, r.Entries[0].Version, lowEntryOf(t), true); err != nil {
			t.Fatal(err)
		}
	}
	return r.ID, r.Entries[0].ID
}

// TestMonitoringWorkbookUpload fills an entry from the monitoring
// workbook (the example round written by the workbook writer): its
// department's funds and projects with their indicators are read, the
// round's own fields are not; a file that is no workbook is refused in
// Chinese; a stale version is refused.
func TestMonitoringWorkbookUpload(t *testing.T) {
	s := newSite(t)
	data, err := os.ReadFile("../../examples/monitoring/2026-07.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := monitoring.ParseRound("2026-07.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	if err := xlsxio.WriteMonitor(&book, r); err != nil {
		t.Fatal(err)
	}
	round, entry := storedRound(t, s, 0, false)
	path := fmt.Sprintf("/monitoring/%d/entries/%d", round, entry)
	dept := signIn(t, s, "preparer")
	if st, body := dept.postFile(path+"/upload?version=1", "本部门监控表.xlsx", []byte("不是工作簿"), false); st != http.StatusBadRequest || !strings.Contains(body, "本部门监控表.xlsx 不是有效的 .xlsx 工作簿") {
		t.Errorf("not a workbook: %d %.300s", st, body)
	}
	if st, _ := dept.postFile(path+"/upload?version=1", "监控表.xlsx", book.Bytes(), false); st != http.StatusSeeOther {
		t.Fatalf("upload: %d", st)
	}
	_, body := dept.get(path)
	for _, want := range []string{`value="农村公路养护"`, `value="5680"`, `value="养护里程"`} {
		if !strings.Contains(body, want) {
			t.Errorf("entry after upload lacks %s", want)
		}
	}
	if st, _ := dept.postFile(path+"/upload?version=1", "监控表.xlsx", book.Bytes(), false); st != http.StatusConflict {
		t.Errorf("stale upload: %d", st)
	}
}

// TestMonitoringServerRules shows the server's own warning rules and
// calendar (serve --monitor-rules, --calendar) where a round is opened,
// and the built-in ones otherwise, as the first choice of the round's
// form (before the uploaded versions).
func TestMonitoringServerRules(t *testing.T) {
	s := newSiteWith(t, siteOptions{web: web.Config{MonitorRules: "某县监控预警规则", Calendar: "某县工作日历"}})
	if _, body := signIn(t, s, "reviewer").get("/monitoring"); !strings.Contains(body, `<option value="">服务器指定的“某县监控预警规则”</option>`) || !strings.Contains(body, `<option value="">服务器指定的“某县工作日历”</option>`) {
		t.Errorf("the server's rules are not shown:\n%s", body)
	}
	if _, body := signIn(t, newSite(t), "reviewer").get("/monitoring"); !strings.Contains(body, `<option value="">内置规则“预算绩效运行监控预警（四川2025）”</option>`) || !strings.Contains(body, `<option value="">内置的全国法定节假日</option>`) {
		t.Errorf("the built-in rules are not shown:\n%s", body)
	}
}
