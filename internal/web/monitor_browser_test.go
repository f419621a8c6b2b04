package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"jixiao"
)

// TestMonitoringRoundInBrowser is a round of mid-year monitoring on the
// pages: the bureau's reviewer opens it for two departments; the first
// department fills in its entry with a low execution rate and submits it,
// and red warnings appear; it disposes of each warned item with a reason
// within the deadline; the second department submits as low but disposes
// of nothing; after the deadline of 10 working days the reminders job
// escalates it, and the bureau sees on the round page the dispositions
// and the escalation, and the in-app notice on the rounds list.
func TestMonitoringRoundInBrowser(t *testing.T) {
	s := newSite(t)
	monitorClock(s, "2026-08-05")
	ctx := context.Background()
	first, second := s.data.Departments[0], s.data.Departments[1]
	b := newBrowser(t, s)

	// 1. The bureau opens the round.
	b.login("reviewer")
	b.open("/monitoring")
	b.do(chromedp.SetValue(chromedp.CSS("#round-year"), "2026"), chromedp.SetValue(chromedp.CSS("#round-period"), "1—7月"),
		chromedp.SetValue(chromedp.CSS("#round-cutoff"), "2026-07-31"), chromedp.SetValue(chromedp.CSS("#round-deadline"), "2026-08-14"))
	for _, d := range []*jixiao.OrgRecord{first, second} {
		b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#open-round input[name=org][value="%d"]`, d.ID))))
	}
	b.clickAndLoad(`#open-round button[type=submit]`)
	round := eval[string](b, "location.pathname")
	if !strings.HasPrefix(round, "/monitoring/") {
		t.Fatalf("after opening: at %s", round)
	}
	if msg := b.text("#messages"); !strings.Contains(msg, "已组织2026年1—7月绩效运行监控，已向2个部门下发填报任务") {
		t.Errorf("message: %q", msg)
	}

	// 2. The first department fills in a low execution rate and submits.
	b.login("preparer")
	b.open("/monitoring")
	b.clickAndLoad(fmt.Sprintf(`#rounds a[href=%q]`, round))
	b.clickAndLoad(`#entries a`)
	b.do(chromedp.SetValue(chromedp.CSS("#m-budget"), "1,000"), chromedp.SetValue(chromedp.CSS("#m-executed"), "300"),
		chromedp.SetValue(chromedp.CSS("[name=p0_code]"), "P1"), chromedp.SetValue(chromedp.CSS("[name=p0_name]"), "农村公路养护"),
		chromedp.SetValue(chromedp.CSS("[name=p0_budget]"), "500"), chromedp.SetValue(chromedp.CSS("[name=p0_executed]"), "100"),
		chromedp.SetValue(chromedp.CSS("[name=i0_project]"), "P1"), chromedp.SetValue(chromedp.CSS("[name=i0_name]"), "养护里程"),
		chromedp.SetValue(chromedp.CSS("[name=i0_progress]"), "60%"), chromedp.SetValue(chromedp.CSS("[name=i0_forecast]"), "90%"))
	b.acceptDialogs()
	b.clickAndLoad("#submit-entry")
	if got := b.text("#warnings"); !strings.Contains(got, "【红色预警】M01 执行率低于节点要求") || !strings.Contains(got, "执行率 30.00% = 300.00 ÷ 1,000.00 万元") {
		t.Fatalf("warnings: %s", got)
	}
	entry := eval[string](b, "location.pathname")

	// The second department submits as low, through the service.
	u, err := s.db.CreateUser(ctx, &jixiao.User{Username: "测试"}, &jixiao.User{Username: "second", Role: jixiao.RolePreparer, OrgID: second.ID}, "x")
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.app.MonitorRound(jixiao.WithUser(ctx, u), roundID(t, round))
	if err != nil || len(v.Entries) != 1 {
		t.Fatalf("second's round %+v %v", v, err)
	}
	if _, err := s.app.SaveMonitorEntry(jixiao.WithUser(ctx, u), v.Entries[0].Entry.ID, v.Entries[0].Entry.Version, lowEntryOf(t), true); err != nil {
		t.Fatal(err)
	}

	// 3. Five working days later the first department disposes of each
	// warned item.
	monitorClock(s, "2026-08-12")
	for _, x := range []struct{ subject, action, reason string }{{"部门整体", "继续执行", "下半年集中支付工程款"}, {"农村公路养护", "调剂", "调剂至学校维修项目"}} {
		b.open(entry)
		row := fmt.Sprintf(`#dispositions tr[data-subject=%q]`, x.subject)
		b.do(chromedp.SetValue(chromedp.CSS(row+" select[name=action]"), x.action), chromedp.SetValue(chromedp.CSS(row+" input[name=reason]"), x.reason))
		b.clickAndLoad(row + " button[type=submit]")
		if got := b.text(row); !strings.Contains(got, "已处置") || !strings.Contains(got, x.action+"（2026年8月12日）："+x.reason) {
			t.Errorf("%s after disposing: %s", x.subject, got)
		}
	}

	// 4. After the deadline (10 working days from 5 August: 19 August) the
	// reminders job escalates the second department's items.
	monitorClock(s, "2026-08-24")
	if n, err := s.app.SendReminders(ctx); err != nil || n != 2 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	b.login("reviewer")
	b.open(round)
	b.waitFor(`document.querySelector("#chart-monitor[data-ready]")`)
	if got := b.text("[data-overdue]"); got != "2" {
		t.Errorf("overdue on the round page: %q", got)
	}
	if got := b.text("[data-disposed]"); got != "2" {
		t.Errorf("disposed on the round page: %q", got)
	}
	if got := b.text(fmt.Sprintf(`#entries tr[data-org=%q] [data-entry-overdue]`, second.Name)); got != "2（已升级）" {
		t.Errorf("second department's row: %q", got)
	}
	b.open(entry)
	if got := b.text(`#dispositions tr[data-subject="农村公路养护"]`); !strings.Contains(got, "调剂（2026年8月12日）：调剂至学校维修项目") {
		t.Errorf("the bureau reads the disposition: %s", got)
	}
	b.open("/monitoring")
	if got := b.text("#monitor-notices"); !strings.Contains(got, "【预警处置逾期督办】") || !strings.Contains(got, second.Name) || !strings.Contains(got, "农村公路养护") {
		t.Errorf("notices: %s", got)
	}
}

func roundID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path, "/monitoring/%d", &id); err != nil {
		t.Fatalf("round path %q", path)
	}
	return id
}

// lowEntryOf is lowForm's entry.
func lowEntryOf(t *testing.T) *jixiao.MonitorEntry {
	t.Helper()
	fig := func(s string) jixiao.Figure {
		f, err := jixiao.ParseFigure(s)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	return &jixiao.MonitorEntry{
		Department: &jixiao.MonitorFunds{Budget: decimal.RequireFromString("1000"), Executed: decimal.RequireFromString("300")},
		Projects: []jixiao.MonitorProject{{Code: "P1", Name: "农村公路养护", Budget: decimal.RequireFromString("500"), Executed: decimal.RequireFromString("100"),
			Indicators: []jixiao.MonitorIndicator{{Name: "养护里程", Progress: fig("60%"), Forecast: fig("90%")}}}},
	}
}
