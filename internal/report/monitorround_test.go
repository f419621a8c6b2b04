package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
)

// TestMonitoringRoundReport: a round of three departments, two of which
// submitted the example entry (one of them disposed of its whole
// spending's warnings) and one did not; the report, rendered as DOCX and
// read back, counts each department's warnings, totals them (the sum of
// the rows; the total rate from the summed amounts), counts the warnings
// by rule and colour, and lists every warned item's disposition.
func TestMonitoringRoundReport(t *testing.T) {
	ex, err := monitoring.ReadRound("../../examples/monitoring/2026-07.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := monitoring.LoadRules(ex.Rules)
	if err != nil {
		t.Fatal(err)
	}
	c, err := monitoring.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	cal, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	entry := func(org string, dispose bool) jixiao.MonitorEntry {
		e := jixiao.MonitorEntry{Org: org, State: jixiao.EntrySubmitted, WarnedOn: jixiao.MustDate("2026-08-05"), Department: ex.Department, Projects: ex.Projects}
		if dispose {
			e.Dispositions = []jixiao.Disposition{{Project: jixiao.DepartmentSubject, Action: jixiao.ActionContinue, Reason: "下半年集中支付", Date: jixiao.MustDate("2026-08-10")}}
		}
		return e
	}
	rec := &jixiao.MonitorRoundRecord{Bureau: "某市财政局", Year: 2026, Period: "1—7月", CutOff: jixiao.MustDate("2026-07-31"), Deadline: jixiao.MustDate("2026-08-14"), Rules: ex.Rules,
		Entries: []jixiao.MonitorEntry{entry("某市教育局", true), entry("某市交通运输局", false), {Org: "某市民政局", State: jixiao.EntryOpen}}}
	v := rec.View(m, cal, jixiao.MustDate("2026-08-31"))
	var buf bytes.Buffer
	if err := docx.Render(&buf, report.MonitoringRound(report.RoundInput{View: v, Rules: m, Calendar: c.Title})); err != nil {
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
	text := strings.Join(all, "\n")

	one := v.Entries[0]
	if one.Red+one.Yellow == 0 || v.Red != 2*one.Red || v.Yellow != 2*one.Yellow {
		t.Fatalf("the example's warnings: one %d+%d, round %d+%d", one.Red, one.Yellow, v.Red, v.Yellow)
	}
	budget := ex.Department.Budget.Mul(decimal.NewFromInt(2))
	executed := ex.Department.Executed.Mul(decimal.NewFromInt(2))
	rate, _ := jixiao.Ratio(executed, budget)
	n := len(ex.Projects)
	perRule := map[string][2]int{}
	for _, w := range one.Warnings {
		x := perRule[w.Code]
		if w.Level == jixiao.WarnRed {
			x[0] += 2
		} else {
			x[1] += 2
		}
		perRule[w.Code] = x
	}
	wants := []string{
		"某市财政局", "2026年1—7月绩效运行监控汇总报告",
		"共3个部门，已提交2个", "尚未提交的部门（1个）：某市民政局。",
		"3\n某市民政局\n未提交",
		"合计\n" + jixiao.Grouped(budget, 2) + "\n" + jixiao.Grouped(executed, 2) + "\n" + jixiao.Percent(rate, 2) + "\n" + itoa(2*n) + "\n" + itoa(v.Red) + "\n" + itoa(v.Yellow),
		"合计\n" + itoa(v.Red) + "\n" + itoa(v.Yellow) + "\n" + itoa(v.Red+v.Yellow),
		"某市教育局\n部门整体\n黄\n2026年8月19日\n已处置\n继续执行\n2026年8月10日\n下半年集中支付",
		"某市交通运输局\n部门整体\n黄\n2026年8月19日\n已逾期（已升级）",
		"有预警的对象6个，已处置1个，逾期后处置0个，待处置0个，已逾期5个",
	}
	for code, x := range perRule {
		wants = append(wants, code+"\n"+jixiao.WarningTitles[code]+"\n"+itoa(x[0])+"\n"+itoa(x[1])+"\n"+itoa(x[0]+x[1]))
	}
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }
