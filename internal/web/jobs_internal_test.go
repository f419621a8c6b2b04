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
		{progress{Kind: kindPDF, State: jixiao.JobQueued, Status: "排队等候"}, "排队等候 取消", true},
		{progress{Kind: kindPDF, State: jixiao.JobRunning, Status: "等待转换为 PDF（前面还有 2 份）"}, "等待转换为 PDF（前面还有 2 份） 取消", true},
		{progress{Kind: kindPDF, State: jixiao.JobRunning, Status: "正在取消…", Cancelling: true}, "正在取消…", false},
		{progress{Kind: kindPDF, State: jixiao.JobDone, Finished: true, Size: "1.2 兆字节"}, "下载 PDF（1.2 兆字节） 文件保留一天", false},
		{progress{Kind: kindPDF, State: jixiao.JobFailed, Finished: true, Error: "评分未完成"}, "PDF 生成失败：评分未完成", false},
		{progress{Kind: kindPDF, State: jixiao.JobCancelled, Finished: true}, "已取消", false},
		{progress{Kind: kindBulk, State: jixiao.JobQueued, Status: "排队等候"}, "批量下载（ZIP）：排队等候 取消", true},
		{progress{Kind: kindBulk, State: jixiao.JobRunning, Status: "已生成 3 / 10 份", Percent: 30}, "批量下载（ZIP）：已生成 3 / 10 份 取消 30%", true},
		{progress{Kind: kindBulk, State: jixiao.JobRunning, Status: "已生成 3 / 10 份，本份 PDF 排队中（前面还有 1 份）", Percent: 30},
			"批量下载（ZIP）：已生成 3 / 10 份，本份 PDF 排队中（前面还有 1 份） 取消 30%", true},
		{progress{Kind: kindBulk, State: jixiao.JobRunning, Status: "正在取消…", Percent: 30, Cancelling: true}, "批量下载（ZIP）：正在取消… 30%", false},
		{progress{Kind: kindBulk, State: jixiao.JobCancelled, Finished: true, Percent: 30}, "批量下载（ZIP）：已取消", false},
		{progress{Kind: kindBulk, State: jixiao.JobFailed, Finished: true, Error: "打包的文件超过上限 64 兆字节"}, "批量下载（ZIP）：失败 打包失败：打包的文件超过上限 64 兆字节", false},
		{progress{Kind: kindBulk, State: jixiao.JobDone, Finished: true, Percent: 100, Size: "80 千字节", Status: "已完成，共 1 份；1 项未能生成：甲单位：评分未完成"},
			"批量下载（ZIP）：已完成，共 1 份；1 项未能生成：甲单位：评分未完成 100% 下载 ZIP（80 千字节） 文件保留一天", false},
		{progress{Kind: kindImport, State: jixiao.JobRunning, Status: "正在保存", Percent: 50}, "导入案例：正在保存 取消 50%", true},
		{progress{Kind: kindImport, State: jixiao.JobDone, Finished: true, Status: "已导入“a.xlsx”：2024年度部门整体评价", EvalID: 7},
			"导入案例：已导入“a.xlsx”：2024年度部门整体评价 打开评价", false},
		{progress{Kind: kindImport, State: jixiao.JobFailed, Finished: true, Error: "案例有2处问题：\n指标表第3行“指标值”：不是数字\n项目表第2行“预算数”：缺少"},
			"导入案例：导入失败，没有保存任何内容 案例有2处问题：指标表第3行“指标值”：不是数字项目表第2行“预算数”：缺少 请按提示修改文件后重新上传。", false},
	} {
		c.p.ID = "r123"
		var buf bytes.Buffer
		if err := w.pages[""].ExecuteTemplate(&buf, "job", c.p); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		text := strings.Join(strings.Fields(tags.ReplaceAllString(html, "")), " ")
		if text != c.text {
			t.Errorf("%s %s: %q, want %q", c.p.Kind, c.p.State, text, c.text)
		}
		if got := strings.Contains(html, `hx-post="/jobs/r123/cancel"`); got != c.cancel {
			t.Errorf("%s %s: cancel button %v", c.p.Kind, c.p.State, got)
		}
		if polls := strings.Contains(html, `hx-get="/jobs/r123?v=`+c.p.Version()+`" hx-trigger="every 1s"`); polls == c.p.Finished {
			t.Errorf("%s %s: polls %v", c.p.Kind, c.p.State, polls)
		}
	}
}
