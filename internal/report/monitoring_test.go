package report_test

import (
	"bytes"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/html"
)

// monitorInput is the example round checked on 31 August 2026.
func monitorInput(t *testing.T) report.MonitorInput {
	t.Helper()
	r, err := monitoring.ReadRound("../../examples/monitoring/2026-07.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := monitoring.LoadRules(r.Rules)
	if err != nil {
		t.Fatal(err)
	}
	c, err := monitoring.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	on := jixiao.MustDate("2026-08-31")
	ws := r.Warnings(m)
	return report.MonitorInput{Round: r, Rules: m, Calendar: c.Title, Date: on, Warnings: ws, Statuses: r.DispositionStatuses(ws, m, w, on)}
}

func TestMonitoringReport(t *testing.T) {
	d := report.Monitoring(monitorInput(t))
	text := d.Text()
	for _, want := range []string{
		"某县交通运输局\n2026年1—7月绩效运行监控报告\n",
		"本次监控数据截至2026年7月31日，时间进度58.33%，共监控项目3个；部门整体全年预算5,680.00万元，截至目前执行2,610.35万元，执行率45.96%。按“预算绩效运行监控预警（四川2025）”（版本2025.1）检查，发现预警9条，其中红色预警3条、黄色预警6条。",
		"2\t农村公路养护\t1,000.00\t382.00\t38.20%\t\t红 M01、黄 M02、黄 M03、黄 M04\n",
		"3\t客运站安全改造\t800.00\t520.00\t65.00%\t60%\t\n",
		"公路桥梁检测\t检测桥梁数\t36座\t0座\t0%\t80%\t采购延误，预计只能完成部分检测\n",
		"2\t红\tM01 执行率低于节点要求\t项目“农村公路养护”\t执行率 38.20% = 382.00 ÷ 1,000.00 万元，低于6月底的40%\n",
		"截至2026年8月31日，有预警的3个对象中，已处置1个，待处置0个，已逾期1个，逾期后处置1个。",
		"部门整体\t黄\t2026年8月24日\t已逾期（已升级）\t\t\t\n",
		"农村公路养护\t红\t2026年8月24日\t已处置\t继续执行\t2026年8月18日\t养护工程已完工，8月底前完成验收付款\n",
		"6月底执行率低于40%的，红色预警。依据：川财绩〔2025〕10号（二手摘要）：6月底执行率低于40%。",
		"执行进度低于时间进度的60%的，红色预警；在60%（含）至80%之间的，黄色预警。",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(text)
	}

	// Rendered as DOCX and read back; as HTML.
	var buf bytes.Buffer
	if err := docx.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	ps, err := docx.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.Text)
	}
	if got := strings.Join(all, "\n"); !strings.Contains(got, "2026年1—7月绩效运行监控报告") || !strings.Contains(got, "执行率 38.20% = 382.00 ÷ 1,000.00 万元，低于6月底的40%") {
		t.Errorf("docx text:\n%s", got)
	}
	buf.Reset()
	if err := html.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "表4：预警处置") {
		t.Error("html lacks table 4")
	}
}

func TestMonitoringReportWithoutWarnings(t *testing.T) {
	in := monitorInput(t)
	in.Warnings, in.Statuses = nil, nil
	in.Round.Projects[0].Indicators = nil
	text := report.Monitoring(in).Text()
	for _, want := range []string{"发现预警0条", "未发现预警。", "没有需要处置的预警。"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
}
