package web

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"jixiao"
)

// The job fragment in each state, as the user reads it.
func TestJobFragment(t *testing.T) {
	w := &Web{}
	var err error
	if w.pages, err = w.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	tags := regexp.MustCompile(`<[^>]+>`)
	for _, c := range []struct {
		p      progress
		text   string
		cancel bool
	}{
		{progress{Kind: kindPDF, State: stateRunning}, "准备中 取消", true},
		{progress{Kind: kindPDF, State: stateRunning, PrintQueued: true, PrintAhead: 3}, "排队中（前面还有 3 份） 取消", true},
		{progress{Kind: kindPDF, State: stateRunning, Printing: true}, "正在生成 取消", true},
		{progress{Kind: kindPDF, State: stateRunning, Printing: true, Cancelling: true}, "正在取消…", false},
		{progress{Kind: kindPDF, State: stateDone, Finished: true, Size: "1.2 兆字节"}, "下载 PDF（1.2 兆字节） 文件保留一小时", false},
		{progress{Kind: kindPDF, State: stateFailed, Finished: true, Error: "评分未完成"}, "PDF 生成失败：评分未完成", false},
		{progress{Kind: kindPDF, State: stateCancelled, Finished: true}, "已取消", false},
		// A durable job (in the database) says what it does in its own words.
		{progress{Kind: kindPDF, State: jixiao.JobQueued, Status: "排队等候"}, "排队等候 取消", true},
		{progress{Kind: kindPDF, State: jixiao.JobRunning, Status: "等待转换为 PDF（前面还有 2 份）"}, "等待转换为 PDF（前面还有 2 份） 取消", true},
		{progress{Kind: kindPDF, State: jixiao.JobDone, Finished: true, Size: "1.2 兆字节", Keep: "一天"}, "下载 PDF（1.2 兆字节） 文件保留一天", false},
		{progress{Kind: kindBulk, Title: "生成 10 项评价的报告", State: stateQueued, Ahead: 2, Total: 10}, "生成 10 项评价的报告：排队中（前面还有 2 个批量任务） 取消", true},
		{progress{Kind: kindBulk, Title: "生成 10 项评价的报告", State: stateRunning, Done: 3, Total: 10, Percent: 30}, "生成 10 项评价的报告：正在生成 3 / 10 取消 30%", true},
		{progress{Kind: kindBulk, Title: "生成 10 项评价的报告", State: stateRunning, Done: 3, Total: 10, Percent: 30, PrintQueued: true, PrintAhead: 1},
			"生成 10 项评价的报告：正在生成 3 / 10，本份 PDF 排队中（前面还有 1 份） 取消 30%", true},
		{progress{Kind: kindBulk, Title: "生成 10 项评价的报告", State: stateRunning, Done: 3, Total: 10, Percent: 30, Busy: true},
			"生成 10 项评价的报告：正在生成 3 / 10，PDF 生成繁忙，稍后自动重试 取消 30%", true},
		{progress{Kind: kindBulk, Title: "生成 10 项评价的报告", State: stateRunning, Done: 3, Total: 10, Percent: 30, Cancelling: true},
			"生成 10 项评价的报告：正在生成 3 / 10，正在取消… 30%", false},
		{progress{Kind: kindBulk, Title: "生成 10 项评价的报告", State: stateCancelled, Finished: true, Done: 3, Total: 10},
			"生成 10 项评价的报告：已取消，已生成的文件已删除", false},
		{progress{Kind: kindBulk, Title: "生成 2 项评价的报告", State: stateDone, Finished: true, Done: 2, Total: 2, Percent: 100, Size: "80.0 千字节", Failed: []string{"甲单位：评分未完成"}},
			"生成 2 项评价的报告：已完成 100% 下载 ZIP（80.0 千字节） 文件保留一小时 1 项未能生成甲单位：评分未完成 请打开这些评价，按核查结果补全数据后再生成。", false},
	} {
		c.p.ID = "0123456789abcdef01234567"
		var buf bytes.Buffer
		if err := w.pages[""].ExecuteTemplate(&buf, "job", c.p); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		text := strings.Join(strings.Fields(tags.ReplaceAllString(html, "")), " ")
		if text != c.text {
			t.Errorf("%s %s: %q, want %q", c.p.Kind, c.p.State, text, c.text)
		}
		if got := strings.Contains(html, `hx-post="/jobs/0123456789abcdef01234567/cancel"`); got != c.cancel {
			t.Errorf("%s %s: cancel button %v", c.p.Kind, c.p.State, got)
		}
		if polls := strings.Contains(html, `hx-get="/jobs/0123456789abcdef01234567?v=`+c.p.Version()+`" hx-trigger="every 1s"`); polls == c.p.Finished {
			t.Errorf("%s %s: polls %v", c.p.Kind, c.p.State, polls)
		}
	}
}
