package server_test

import (
	"net/http"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// TestRuleFilesAPI uploads a calendar through the API: a file with an
// error is refused naming its line and field and stores nothing, the same
// file twice is one version; a round opened with the version records it,
// and a round naming a calendar version as its warning rules is refused.
func TestRuleFilesAPI(t *testing.T) {
	f := newFixture(t, false)
	count := func() int {
		t.Helper()
		r := f.do("reviewer", http.MethodGet, "/api/v1/rule-files?kind=calendar", nil)
		var l struct {
			Items []jixiao.RuleFile `json:"items"`
		}
		r.json(t, &l)
		return len(l.Items)
	}
	bad := strings.Replace(matrixCalendar, "to: 2026-08-10", "to: 2026-13-10", 1)
	r := f.do("reviewer", http.MethodPost, "/api/v1/rule-files?kind=calendar&name=错.yaml", []byte(bad))
	if r.Status != 400 || !strings.Contains(string(r.Body), "错.yaml:6") || !strings.Contains(string(r.Body), "放假结束日") {
		t.Errorf("a bad calendar: %d %s", r.Status, r.Body)
	}
	if n := count(); n != 0 {
		t.Errorf("%d calendars after a refused one", n)
	}
	var saved api.RuleFileSaved
	for i, created := range []bool{true, false} {
		r = f.do("reviewer", http.MethodPost, "/api/v1/rule-files?kind=calendar&name=日历.yaml", []byte(matrixCalendar))
		r.json(t, &saved)
		if r.Status != 200 || saved.Created != created || saved.File.Version != 1 {
			t.Errorf("upload %d: %d %s", i, r.Status, r.Body)
		}
	}
	if n := count(); n != 1 {
		t.Errorf("%d calendars, want 1", n)
	}
	round := map[string]any{"year": 2026, "period": "1—7月", "cutoff": "2026-07-31", "deadline": "2026-08-14", "org_ids": []int64{f.orgs["D1"].ID},
		"calendar_file_id": saved.File.ID}
	r = f.do("reviewer", http.MethodPost, "/api/v1/monitoring/rounds", round)
	var rec jixiao.MonitorRoundRecord
	r.json(t, &rec)
	if r.Status != 200 || rec.CalendarFileID != saved.File.ID {
		t.Fatalf("round: %d %s", r.Status, r.Body)
	}
	round["rules_file_id"] = saved.File.ID
	if r = f.do("reviewer", http.MethodPost, "/api/v1/monitoring/rounds", round); r.Status != 400 || !strings.Contains(string(r.Body), "不是监控预警规则") {
		t.Errorf("a calendar as warning rules: %d %s", r.Status, r.Body)
	}
}
