package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestMonitorRoundReportPage: the round page offers the whole round's
// report; the Word file names the round and its department with its
// warnings counted; a round nobody has submitted to has none yet, and
// its PDF is refused before it is queued; the submitted round's PDF
// starts as a job.
func TestMonitorRoundReportPage(t *testing.T) {
	s := newSite(t)
	round, _ := storedRound(t, s, 0, true)
	open, _ := storedRound(t, s, 0, false)
	c := signIn(t, s, "reviewer")
	if st, page := c.get(fmt.Sprintf("/monitoring/%d", round)); st != 200 || !strings.Contains(page, "data-round-docx") || !strings.Contains(page, "data-round-pdf") {
		t.Fatalf("round page: %d, report offered %v", st, strings.Contains(page, "data-round-docx"))
	}
	st, body := c.get(fmt.Sprintf("/monitoring/%d/report", round))
	if st != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("report: %d %.200q", st, body)
	}
	text := docxText(t, body)
	for _, want := range []string{"2026年1—7月绩效运行监控汇总报告", "共1个部门，已提交1个", s.data.Departments[0].Name, "表2：预警按规则和颜色统计", "表3：预警处置"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if st, body := c.get(fmt.Sprintf("/monitoring/%d/report", open)); st != http.StatusConflict || !strings.Contains(body, "本轮尚无部门提交监控填报") {
		t.Errorf("a round nobody submitted to: %d", st)
	}
	if st, body := c.post(fmt.Sprintf("/monitoring/%d/pdf", open), nil); st != http.StatusConflict || !strings.Contains(body, "本轮尚无部门提交监控填报") {
		t.Errorf("PDF of a round nobody submitted to: %d", st)
	}
	if st, body := c.post(fmt.Sprintf("/monitoring/%d/pdf", round), nil); st != 200 || durableIDRe.FindStringSubmatch(body) == nil {
		t.Errorf("PDF job: %d %.300s", st, body)
	}
}
