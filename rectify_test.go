package jixiao_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

func rectItem(id string, year int, status jixiao.RectStatus) jixiao.Rectification {
	r := jixiao.Rectification{ID: id, Year: year, Unit: "市教育局", Problem: "绩效目标不够细化", Source: jixiao.RectSelf,
		Owner: "财务科", Measure: "按三级指标细化目标", Deadline: fmt.Sprintf("%d-06-30", year+1), Status: status}
	if status == jixiao.RectFeedback || status == jixiao.RectConfirmed {
		r.Evidence = []string{"修订后的绩效目标表"}
	}
	if status == jixiao.RectReturned {
		r.ReturnReason = "佐证不足"
	}
	return r
}

// TestRectificationTransitions tries every action from every status:
// the allowed ones move the item and record the step, the others are
// refused with a Chinese message and change nothing.
func TestRectificationTransitions(t *testing.T) {
	type action struct {
		name string
		do   func(r *jixiao.Rectification) error
	}
	actions := []action{
		{"feedback", func(r *jixiao.Rectification) error { return r.Feedback([]string{"整改报告.pdf"}, "已修订") }},
		{"confirm", func(r *jixiao.Rectification) error { return r.Confirm("") }},
		{"return", func(r *jixiao.Rectification) error { return r.Return("证明材料未盖章") }},
	}
	allowed := map[jixiao.RectStatus]map[string]jixiao.RectStatus{
		jixiao.RectNotified:  {"feedback": jixiao.RectFeedback},
		jixiao.RectFeedback:  {"confirm": jixiao.RectConfirmed, "return": jixiao.RectReturned},
		jixiao.RectReturned:  {"feedback": jixiao.RectFeedback},
		jixiao.RectConfirmed: {},
	}
	refusal := map[string]string{
		"feedback": "不能提交落实反馈：只有状态为通知或退回的事项可以提交落实反馈",
		"confirm":  "不能确认：只有状态为落实反馈的事项可以确认",
		"return":   "不能退回：只有状态为落实反馈的事项可以退回",
	}
	for from, to := range allowed {
		for _, a := range actions {
			r := rectItem("ZG-1", 2024, from)
			before := len(r.History)
			err := a.do(&r)
			want, ok := to[a.name]
			switch {
			case ok && err != nil:
				t.Errorf("%s from %s: %v", a.name, from, err)
			case ok && (r.Status != want || len(r.History) != before+1 || r.History[before].From != from || r.History[before].To != want):
				t.Errorf("%s from %s: status %s, history %+v", a.name, from, r.Status, r.History)
			case !ok && err == nil:
				t.Errorf("%s from %s was allowed", a.name, from)
			case !ok && (r.Status != from || len(r.History) != before):
				t.Errorf("refused %s from %s changed the item", a.name, from)
			case !ok && !strings.Contains(err.Error(), "整改事项“ZG-1”当前为“"+string(from)+"”，"+refusal[a.name]):
				t.Errorf("%s from %s: message %q", a.name, from, err)
			}
		}
	}
	// Feedback needs evidence; a return needs a reason.
	r := rectItem("ZG-2", 2024, jixiao.RectNotified)
	if err := r.Feedback([]string{" ", ""}, "说明"); err == nil || !strings.Contains(err.Error(), "落实反馈须附整改证明材料") {
		t.Errorf("feedback without evidence: %v", err)
	}
	if r.Status != jixiao.RectNotified {
		t.Fatal("refused feedback changed the status")
	}
	if err := r.Feedback([]string{"培训签到表"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := r.Return(" "); err == nil || !strings.Contains(err.Error(), "退回整改事项“ZG-2”须写明理由") {
		t.Errorf("return without reason: %v", err)
	}
	// The whole loop: 通知 → 落实反馈 → 退回 → 落实反馈 → 确认.
	if err := r.Return("签到表缺少日期"); err != nil {
		t.Fatal(err)
	}
	if err := r.Feedback([]string{"补充签到表"}, "已补日期"); err != nil {
		t.Fatal(err)
	}
	if err := r.Confirm("已核实"); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, s := range r.History {
		steps = append(steps, fmt.Sprintf("%s→%s（%s）", s.From, s.To, s.Note))
	}
	want := "通知→落实反馈（证明材料：培训签到表）；落实反馈→退回（签到表缺少日期）；退回→落实反馈（证明材料：补充签到表；已补日期）；落实反馈→确认（已核实）"
	if got := strings.Join(steps, "；"); got != want {
		t.Errorf("history %s", got)
	}
	if r.Open() || len(r.Evidence) != 2 || r.ReturnReason != "签到表缺少日期" {
		t.Errorf("final item %+v", r)
	}
}

// TestCarryOver: 31 items of 2024, 28 confirmed; the 3 open ones are
// listed and counted in 2025, beside 2025's own.
func TestCarryOver(t *testing.T) {
	var items []jixiao.Rectification
	for i := range 31 {
		status := jixiao.RectConfirmed
		switch i {
		case 4:
			status = jixiao.RectNotified
		case 17:
			status = jixiao.RectFeedback
		case 30:
			status = jixiao.RectReturned
		}
		items = append(items, rectItem(fmt.Sprintf("2024-%02d", i+1), 2024, status))
	}
	items = append(items, rectItem("2023-01", 2023, jixiao.RectNotified), rectItem("2023-02", 2023, jixiao.RectConfirmed),
		rectItem("2025-01", 2025, jixiao.RectNotified), rectItem("2026-01", 2026, jixiao.RectNotified))
	if err := jixiao.ValidateRectifications(items); err != nil {
		t.Fatal(err)
	}
	y := jixiao.RectificationsFor(items, 2025)
	if len(y.Earlier) != 2 || y.Earlier[1].Text() != "2024年度整改事项31项，已完成28项，尚未完成3项" || y.Earlier[0].Text() != "2023年度整改事项2项，已完成1项，尚未完成1项" {
		t.Fatalf("earlier %+v", y.Earlier)
	}
	var carried []string
	for _, r := range y.Carried {
		carried = append(carried, r.ID)
	}
	if got := strings.Join(carried, ","); got != "2023-01,2024-05,2024-18,2024-31" {
		t.Errorf("carried %s", got)
	}
	if y.Current.Text() != "2025年度整改事项1项，已完成0项，尚未完成1项" || len(y.Items) != 1 {
		t.Errorf("current %+v", y.Current)
	}
	// Deadlines are 2025-06-30 for 2024's items.
	if !y.Carried[1].Overdue("2025-07-01") || y.Carried[1].Overdue("2025-06-30") || items[0].Overdue("2030-01-01") {
		t.Error("overdue")
	}
	if jixiao.LatestYear(items) != 2026 {
		t.Error("latest year")
	}
	// Once confirmed in 2025, an item of 2024 is no longer carried.
	for i := range items {
		if items[i].ID == "2024-18" {
			if err := items[i].Confirm(""); err != nil {
				t.Fatal(err)
			}
		}
	}
	y = jixiao.RectificationsFor(items, 2025)
	if y.Earlier[1].Text() != "2024年度整改事项31项，已完成29项，尚未完成2项" || len(y.Carried) != 3 {
		t.Errorf("after confirming: %+v, %d carried", y.Earlier[1], len(y.Carried))
	}
}

func TestValidateRectifications(t *testing.T) {
	a := rectItem("A", 2024, jixiao.RectFeedback)
	a.Evidence = nil
	b := rectItem("A", 2024, jixiao.RectReturned)
	b.ReturnReason = ""
	c := rectItem("C", 24, "完成")
	c.Source = "巡视"
	c.Deadline = "6月底"
	c.History = []jixiao.RectStep{{From: "通知", To: "已办"}}
	err := jixiao.ValidateRectifications([]jixiao.Rectification{a, b, c})
	for _, want := range []string{
		"items[0].evidence：状态为“落实反馈”的整改事项须有整改证明材料",
		"items[1].id：编号“A”与第 1 项重复",
		"items[1].return_reason：状态为“退回”的整改事项须写明退回理由",
		"items[2].year：年度应为四位年份，实际为 24",
		"items[2].source：问题来源“巡视”无效",
		"items[2].deadline：整改期限应写成年-月-日",
		"items[2].status：状态“完成”无效",
		"items[2].history[0].to：状态“已办”无效",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}
