package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	calendarOption = regexp.MustCompile(`<select id="round-calendar"[^>]*>\s*<option value="">[^<]*</option>\s*<option value="(\d+)">上传的第1版`)
	resultsOption  = regexp.MustCompile(`<option value="(\d+)"[^>]*>上传的第1版：某市结果应用办法`)
)

// webCalendar is a calendar with an extra holiday on 10 August 2026.
const webCalendar = `name: county
title: 某县工作日历
years:
  - year: 2026
    source: 某县防汛工作安排
    holidays:
      - {name: 防汛调休, from: 2026-08-10, to: 2026-08-10}
`

// TestRuleFilesPage: the reviewer uploads a calendar on the page (listed
// with its version, uploader and short hash; the same file again is no new
// version), a calendar with an error is refused naming its line and field
// and stores nothing, a department may not upload; the reviewer opens a
// round on the uploaded calendar (its page names the version), changes it
// back to the built-in one before anyone fills in, and chooses
// uploaded results rules for a year on the results page, which a
// department may not.
func TestRuleFilesPage(t *testing.T) {
	s := newSite(t)
	monitorClock(s, "2026-08-05")
	c := signIn(t, s, "reviewer")
	if st, body := c.get("/rule-files"); st != 200 || !strings.Contains(body, "还没有上传的工作日历") {
		t.Fatalf("empty page: %d", st)
	}
	if st, _ := c.postFile("/rule-files/calendar", "某县日历.yaml", []byte(webCalendar), false); st != http.StatusSeeOther {
		t.Fatalf("upload: %d", st)
	}
	st, body := c.get("/rule-files")
	if st != 200 || !strings.Contains(body, "第1版") || !strings.Contains(body, "某县工作日历") || !strings.Contains(body, "某县日历.yaml") || !strings.Contains(body, "已保存为上传的工作日历第1版") {
		t.Fatalf("after the upload: %d\n%s", st, body)
	}
	if st, _ := c.postFile("/rule-files/calendar", "再传.yaml", []byte(webCalendar), false); st != http.StatusSeeOther {
		t.Errorf("the same file again: %d", st)
	}
	if _, body := c.get("/rule-files"); !strings.Contains(body, "内容与上传的工作日历第1版相同") || strings.Contains(body, "第2版") {
		t.Errorf("the same file again is a new version")
	}
	bad := strings.Replace(webCalendar, "to: 2026-08-10", "to: 2026-08-32", 1)
	if st, body := c.postFile("/rule-files/calendar", "错.yaml", []byte(bad), false); st != http.StatusBadRequest || !strings.Contains(body, "错.yaml:7") || !strings.Contains(body, "放假结束日") {
		t.Errorf("a bad calendar: %d %s", st, body)
	}
	if _, body := c.get("/rule-files"); strings.Contains(body, "第2版") {
		t.Errorf("a refused calendar was stored")
	}
	if st, _ := signIn(t, s, "preparer").postFile("/rule-files/calendar", "部门.yaml", []byte(strings.Replace(webCalendar, "防汛", "抗旱", 1)), false); st != http.StatusForbidden {
		t.Errorf("a department uploads: %d", st)
	}

	_, body = c.get("/monitoring")
	m := calendarOption.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the round's form offers no uploaded calendar:\n%s", body)
	}
	form := url.Values{"year": {"2026"}, "period": {"1—7月"}, "cutoff": {"2026-07-31"}, "deadline": {"2026-08-14"}, "calendar_file": {m[1]},
		"org": {fmt.Sprint(s.data.Departments[0].ID)}}
	st, _ = c.post("/monitoring", form)
	if st != http.StatusSeeOther {
		t.Fatalf("open round: %d", st)
	}
	if _, body := c.get("/monitoring"); !strings.Contains(body, "/monitoring/") {
		t.Fatal("no round listed")
	}
	rs, err := s.app.MonitorRounds(s.as(t, "admin"))
	if err != nil || len(rs) == 0 {
		t.Fatalf("rounds %v", err)
	}
	newest := rs[0]
	for _, r := range rs {
		if r.ID > newest.ID {
			newest = r
		}
	}
	if newest.CalendarFileID == 0 {
		t.Errorf("the round has no calendar version: %+v", newest)
	}
	roundPage := fmt.Sprintf("/monitoring/%d", newest.ID)
	if _, body := c.get(roundPage); !strings.Contains(body, "上传的工作日历第1版") || !strings.Contains(body, "更换预警规则和工作日历") {
		t.Errorf("the round's page does not name its calendar or offer to change it")
	}
	// Before any department fills in, the reviewer goes back to the
	// built-in calendar on the round's page.
	if st, _ := c.post(roundPage+"/rule-files", url.Values{"rules_file": {""}, "calendar_file": {""}}); st != http.StatusSeeOther {
		t.Errorf("change: %d", st)
	}
	if _, body := c.get(roundPage); strings.Contains(body, "上传的工作日历第1版") || !strings.Contains(body, "已更换本轮的预警规则和工作日历") {
		t.Errorf("the round still names the uploaded calendar")
	}

	results := `name: city-2024
title: 某市结果应用办法
version: "2024"
source: 某市预算绩效结果应用办法
rules:
  - {grade: 优, action: 压缩, change: -0.2}
  - {grade: 良, action: 保障, change: 0}
  - {grade: 中, action: 压缩, change: -0.3}
  - {grade: 差, action: 取消, change: -1}
`
	if st, _ := c.postFile("/rule-files/results", "某市.yaml", []byte(results), false); st != http.StatusSeeOther {
		t.Fatalf("results rules upload: %d", st)
	}
	_, body = c.get("/results?year=2024")
	m = resultsOption.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the results page offers no uploaded rules:\n%s", body)
	}
	if st, _ := c.post("/results/rules", url.Values{"year": {"2024"}, "file": {m[1]}}); st != http.StatusSeeOther {
		t.Fatalf("choose: %d", st)
	}
	if _, body := c.get("/results?year=2024"); !strings.Contains(body, "上传的结果应用规则第1版") || !strings.Contains(body, " selected>上传的第1版") {
		t.Errorf("the results page does not state the chosen rules")
	}
	if st, _ := signIn(t, s, "preparer").post("/results/rules", url.Values{"year": {"2024"}}); st != http.StatusForbidden {
		t.Errorf("a department chooses: %d", st)
	}
}
