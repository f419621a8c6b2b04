package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/api"
)

// TestMonitoringAPI goes through a round by the JSON API: the reviewer
// opens it for D1; refusals name the field in Chinese (a date that is not
// one, an unknown field, a negative amount, too many projects); the
// preparer saves and submits its entry; the round's view has the warnings
// computed by the rules; a disposition is recorded and shown.
func TestMonitoringAPI(t *testing.T) {
	f := newFixture(t, false)
	at := time.Date(2026, 8, 5, 10, 0, 0, 0, jixiao.TaskTimeZone)
	f.db.Now = func() time.Time { return at }
	fail := func(r response, status int, wants ...string) {
		t.Helper()
		var e api.ErrorBody
		r.json(t, &e)
		text := e.Error.Message + "\n" + strings.Join(e.Error.Details, "\n")
		if r.Status != status {
			t.Errorf("status %d, want %d: %s", r.Status, status, text)
		}
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("error lacks %q: %s", w, text)
			}
		}
	}
	d1 := f.orgs["D1"].ID
	fail(f.do("reviewer", "POST", "/api/v1/monitoring/rounds", map[string]any{"year": 2026, "cutoff": "七月底", "deadline": "2026-08-14", "org_ids": []int64{d1}}), 400, "cutoff")
	fail(f.do("reviewer", "POST", "/api/v1/monitoring/rounds", map[string]any{"year": 2026, "cutoff": "2026-07-31", "deadline": "2026-07-01", "org_ids": []int64{d1}}), 400, "填报截止日期应在数据截止日期")
	var round jixiao.MonitorRoundRecord
	r := f.do("reviewer", "POST", "/api/v1/monitoring/rounds", map[string]any{"year": 2026, "period": "1—7月", "cutoff": "2026-07-31", "deadline": "2026-08-14", "org_ids": []int64{d1}})
	if r.Status != 200 {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	r.json(t, &round)
	entry := fmt.Sprintf("/api/v1/monitoring/entries/%d", round.Entries[0].ID)
	fail(f.do("preparer", "POST", entry, map[string]any{"version": 1, "departmnet": map[string]any{"budget": 1}}), 400, "departmnet")
	fail(f.do("preparer", "POST", entry, map[string]any{"version": 1, "department": map[string]any{"budget": 1000, "executed": -1}}), 400, "department.executed", "执行数不能为负数")
	many := make([]map[string]any, jixiao.MaxEntryProjects+1)
	for i := range many {
		many[i] = map[string]any{"name": fmt.Sprint("项目", i), "budget": 1, "executed": 0}
	}
	fail(f.do("preparer", "POST", entry, map[string]any{"version": 1, "projects": many}), 400, "项目）最多500个")
	body := map[string]any{"version": 1, "submit": true, "department": map[string]any{"budget": 1000, "executed": 300},
		"projects": []map[string]any{{"code": "P1", "name": "农村公路养护", "budget": 500, "executed": 100,
			"indicators": []map[string]any{{"name": "养护里程", "progress": "60%", "forecast": "90%"}}}}}
	fail(f.do("reviewer", "POST", entry, body), 403)
	r = f.do("preparer", "POST", entry, body)
	if r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	var e jixiao.MonitorEntry
	r.json(t, &e)
	var v jixiao.MonitorRoundView
	f.do("reviewer", "GET", fmt.Sprintf("/api/v1/monitoring/rounds/%d", round.ID), nil).json(t, &v)
	if v.Red != 4 || v.Yellow != 2 || v.Pending != 2 || len(v.Entries) != 1 || len(v.Entries[0].Warnings) != 6 {
		t.Fatalf("view: red %d yellow %d pending %d", v.Red, v.Yellow, v.Pending)
	}
	fail(f.do("preparer", "POST", entry+"/dispositions", map[string]any{"version": e.Version, "project": "P1", "action": "暂停", "reason": "x"}), 400, "处置方式“暂停”无效")
	r = f.do("preparer", "POST", entry+"/dispositions", map[string]any{"version": e.Version, "project": "P1", "action": "取消", "reason": "项目条件不具备"})
	if r.Status != 200 {
		t.Fatalf("dispose: %d %s", r.Status, r.Body)
	}
	f.do("preparer", "GET", fmt.Sprintf("/api/v1/monitoring/rounds/%d", round.ID), nil).json(t, &v)
	if v.Disposed != 1 || v.Entries[0].Statuses[1].Disposition == nil || v.Entries[0].Statuses[1].Disposition.Action != jixiao.ActionCancel {
		t.Errorf("after disposing: %+v", v.Entries[0].Statuses)
	}
}
