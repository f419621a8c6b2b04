package app

import (
	"strings"
	"testing"

	"jixiao"
)

// TestReminderMailWhere: a monitoring escalation's e-mail links to the
// monitoring page when the site's address is known, and otherwise names
// the page in words, with no link; a task reminder names its task.
func TestReminderMailWhere(t *testing.T) {
	esc := &jixiao.TaskReminder{Kind: jixiao.RemindMonitorEscalate, Org: "某市财政局", Message: "【预警处置逾期督办】某市交通运输局的2项预警至今仍未处置。"}
	m := reminderMail(esc, "王芳", "wf@example.gov.cn", "https://jixiao.example.gov.cn")
	if !strings.Contains(m.Body, "查看和办理：https://jixiao.example.gov.cn/monitoring\n") || strings.Contains(m.Body, "任务：") || m.Subject != "【预警处置逾期督办】某市财政局" {
		t.Errorf("with the address: %q\n%s", m.Subject, m.Body)
	}
	m = reminderMail(esc, "王芳", "wf@example.gov.cn", "")
	if strings.Contains(m.Body, "http") || !strings.Contains(m.Body, "在“运行监控”页的“预警处置通知”中查看") {
		t.Errorf("without the address:\n%s", m.Body)
	}
	due := &jixiao.TaskReminder{Kind: jixiao.RemindDue, TaskID: 7, Title: "上报整改情况", Deadline: jixiao.MustDate("2026-03-31"), Org: "某市教育局", Message: "将于3天后截止"}
	m = reminderMail(due, "", "x@example.gov.cn", "")
	if strings.Contains(m.Body, "http") || !strings.Contains(m.Body, "任务：上报整改情况\n截止日期：2026年3月31日") || !strings.Contains(m.Body, "在“任务与待办”中查看和办理") {
		t.Errorf("a task reminder without the address:\n%s", m.Body)
	}
	rect := &jixiao.TaskReminder{Kind: jixiao.RemindRectOverdue, RectificationID: 12, Title: "整改事项：预算执行率偏低", Deadline: jixiao.MustDate("2026-03-30"), Org: "某市交通运输局", Message: "【整改逾期提醒】……"}
	m = reminderMail(rect, "", "x@example.gov.cn", "")
	if strings.Contains(m.Body, "http") || strings.Contains(m.Body, "任务：") || !strings.Contains(m.Body, "整改事项：预算执行率偏低\n整改期限：2026年3月30日") ||
		!strings.Contains(m.Body, "在“复核与整改”的“问题整改”页中查看和办理") || m.Subject != "【整改逾期提醒】整改事项：预算执行率偏低" {
		t.Errorf("a rectification reminder without the address: %q\n%s", m.Subject, m.Body)
	}
}

// TestCleanPublicURL keeps http(s) addresses of a host, without the
// trailing slash, and refuses anything else in Chinese.
func TestCleanPublicURL(t *testing.T) {
	for in, want := range map[string]string{"": "", " https://jixiao.example.gov.cn/ ": "https://jixiao.example.gov.cn", "http://10.0.0.5:8080/jixiao": "http://10.0.0.5:8080/jixiao"} {
		if got, err := CleanPublicURL(in); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"jixiao.example.gov.cn", "ftp://x.cn", "https://", "https://a.cn/?x=1", "https://a.cn/#top", "javascript:alert(1)", "https://u:p@a.cn", "https://" + strings.Repeat("a", 200) + ".cn"} {
		if _, err := CleanPublicURL(in); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(err.Error(), "网站地址应以") {
			t.Errorf("%q: %v", in, err)
		}
	}
}
