package xlsxio_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

func exampleRound(t *testing.T) *jixiao.MonitorRound {
	t.Helper()
	r, err := monitoring.ReadRound("../../examples/monitoring/2026-07.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func writeMonitor(t *testing.T, r *jixiao.MonitorRound) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsxio.WriteMonitor(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameRound compares two rounds field by field, amounts by value.
func sameRound(t *testing.T, a, b *jixiao.MonitorRound) {
	t.Helper()
	eq := func(what string, x, y any) {
		if x != y {
			t.Errorf("%s: %v ≠ %v", what, x, y)
		}
	}
	eq("year", a.Year, b.Year)
	eq("period", a.Period, b.Period)
	eq("cutoff", a.CutOff, b.CutOff)
	eq("warned_on", a.WarnedOn, b.WarnedOn)
	eq("org", a.Org, b.Org)
	eq("unit", a.AmountUnit(), b.AmountUnit())
	eq("rules", a.Rules, b.Rules)
	eq("department", a.Department == nil, b.Department == nil)
	if a.Department != nil && b.Department != nil {
		eq("department budget", a.Department.Budget.String(), b.Department.Budget.String())
		eq("department executed", a.Department.Executed.String(), b.Department.Executed.String())
		eq("department cause", a.Department.Cause, b.Department.Cause)
	}
	eq("projects", len(a.Projects), len(b.Projects))
	for i := range min(len(a.Projects), len(b.Projects)) {
		p, q := a.Projects[i], b.Projects[i]
		eq("code", p.Code, q.Code)
		eq("name", p.Name, q.Name)
		eq("budget", p.Budget.String(), q.Budget.String())
		eq("executed", p.Executed.String(), q.Executed.String())
		eq("goal progress", p.GoalProgress.Text, q.GoalProgress.Text)
		eq("cause", p.Cause, q.Cause)
		eq("indicators", len(p.Indicators), len(q.Indicators))
		for k := range min(len(p.Indicators), len(q.Indicators)) {
			x, y := p.Indicators[k], q.Indicators[k]
			for _, pair := range [][2]string{{x.Level1, y.Level1}, {x.Name, y.Name}, {x.Target.Text, y.Target.Text}, {x.Actual.Text, y.Actual.Text},
				{x.Progress.Text, y.Progress.Text}, {x.Forecast.Text, y.Forecast.Text}, {x.Reason, y.Reason}} {
				eq("indicator "+x.Name, pair[0], pair[1])
			}
		}
	}
	eq("dispositions", len(a.Dispositions), len(b.Dispositions))
	for i := range min(len(a.Dispositions), len(b.Dispositions)) {
		eq("disposition", a.Dispositions[i], b.Dispositions[i])
	}
}

func TestMonitorRoundTrip(t *testing.T) {
	r := exampleRound(t)
	data := writeMonitor(t, r)
	back, err := xlsxio.ReadMonitor("监控表.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	sameRound(t, r, back)
	m, _ := monitoring.BuiltinRules("")
	if len(back.Warnings(m)) != len(r.Warnings(m)) {
		t.Error("warnings differ after the round trip")
	}

	// Read back with excelize: headers, the rate formula with its cached
	// value, the drop-down of dispositions.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "监控概况,项目执行,指标进度,预警处置" {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows(xlsxio.MonitorProjects)
	if strings.Join(rows[1], "|") != "项目编码|项目名称|全年预算数|截至目前执行数|预算执行率|总体目标完成进度|执行偏差原因" {
		t.Errorf("heads %v", rows[1])
	}
	if rows[2][1] != "农村公路养护" || rows[2][2] != "1,000.00" || rows[2][4] != "38.20%" {
		t.Errorf("first project %v", rows[2])
	}
	if fm, _ := f.GetCellFormula(xlsxio.MonitorProjects, "E3"); fm != `IF(C3>0,D3/C3,"")` {
		t.Errorf("formula %q", fm)
	}
	dvs, _ := f.GetDataValidations(xlsxio.MonitorDispositions)
	if len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "继续执行,调剂,取消") {
		t.Errorf("validations %+v", dvs)
	}
	ov, _ := f.GetRows(xlsxio.MonitorOverview)
	if ov[4][0] != "数据截止日期" || ov[4][1] != "2026-07-31" {
		t.Errorf("overview %v", ov[4])
	}
}

// TestMonitorTemplate: the blank template reads back with the problems
// of an empty round, each at its cell.
func TestMonitorTemplate(t *testing.T) {
	data := writeMonitor(t, &jixiao.MonitorRound{Year: 2026, Rules: monitoring.DefaultRules})
	_, err := xlsxio.ReadMonitor("监控表.xlsx", data)
	for _, want := range []string{
		"工作表“监控概况”第5行“数据截止日期”列（B5）：须写明数据截止日期",
		"工作表“监控概况”第7行“单位名称”列（B7）：单位名称不能为空",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}

// TestMonitorCellsAsTyped: values as users type them in Excel: a
// percentage cell, a date cell, an amount as text, a percentage as a
// plain number.
func TestMonitorCellsAsTyped(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeMonitor(t, exampleRound(t))))
	if err != nil {
		t.Fatal(err)
	}
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(xlsxio.MonitorIndicators, "G3", 0.4567))
	must(f.SetCellStyle(xlsxio.MonitorIndicators, "G3", "G3", pct))
	must(f.SetCellValue(xlsxio.MonitorIndicators, "H3", "95"))
	must(f.SetCellValue(xlsxio.MonitorOverview, "B5", 46234)) // 2026-07-31
	must(f.SetCellStyle(xlsxio.MonitorOverview, "B5", "B5", date))
	must(f.SetCellStr(xlsxio.MonitorProjects, "C3", "1,200.50"))
	must(f.SetCellStr(xlsxio.MonitorDispositions, "D2", "处置日期")) // unchanged head
	must(f.SetCellStr(xlsxio.MonitorDispositions, "D3", "2026年8月18日"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	r, err := xlsxio.ReadMonitor("监控表.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	in := r.Projects[0].Indicators[0]
	if in.Progress.Text != "45.67%" || in.Forecast.Text != "95%" || r.CutOff.String() != "2026-07-31" ||
		r.Projects[0].Budget.String() != "1200.5" || r.Dispositions[0].Date.String() != "2026-08-18" {
		t.Errorf("read %+v %+v %s %s %s", in.Progress, in.Forecast, r.CutOff, r.Projects[0].Budget, r.Dispositions[0].Date)
	}
}

// TestMonitorErrorsNameCells: every problem at once, each at its sheet,
// row and column.
func TestMonitorErrorsNameCells(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeMonitor(t, exampleRound(t))))
	if err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell, v string) {
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set(xlsxio.MonitorProjects, "C4", "八百")
	set(xlsxio.MonitorProjects, "F4", "六成")
	set(xlsxio.MonitorIndicators, "B5", "不存在的项目")
	set(xlsxio.MonitorIndicators, "A5", "")
	set(xlsxio.MonitorDispositions, "B3", "暂停")
	set(xlsxio.MonitorDispositions, "D4", "2026-02-30")
	set(xlsxio.MonitorOverview, "A12", "备注")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err = xlsxio.ReadMonitor("监控表.xlsx", buf.Bytes())
	for _, want := range []string{
		"工作表“项目执行”第4行“全年预算数”列（C4）：“八百”不是金额",
		"工作表“项目执行”第4行“总体目标完成进度”列（F4）：“六成”应为百分数",
		"工作表“指标进度”第5行“项目名称”列（B5）：项目“不存在的项目”不在“项目执行”表中",
		"工作表“预警处置”第3行“处置方式”列（B3）：处置方式“暂停”无效",
		"工作表“预警处置”第4行“处置日期”列（D4）：“2026-02-30”不是存在的日期",
		"工作表“监控概况”第12行（A12）：“备注”不是监控概况的项目",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}

	// A missing column is reported once, not on every row.
	f3, _ := excelize.OpenReader(bytes.NewReader(writeMonitor(t, exampleRound(t))))
	if err := f3.SetCellStr(xlsxio.MonitorProjects, "C2", "预算"); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := f3.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err = xlsxio.ReadMonitor("监控表.xlsx", buf.Bytes())
	if err == nil || err.Error() != "监控表.xlsx 有误：\n工作表“项目执行”第2行（A2）：表头缺少“全年预算数”列" {
		t.Errorf("missing column: %v", err)
	}

	// A problem found by validation is located at its cell too.
	f2, _ := excelize.OpenReader(bytes.NewReader(writeMonitor(t, exampleRound(t))))
	if err := f2.SetCellValue(xlsxio.MonitorProjects, "D5", -3); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := f2.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err = xlsxio.ReadMonitor("监控表.xlsx", buf.Bytes())
	if want := "工作表“项目执行”第5行“截至目前执行数”列（D5）：执行数不能为负数"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("missing %q in %v", want, err)
	}
}

func TestMonitorBounded(t *testing.T) {
	data := writeMonitor(t, exampleRound(t))
	lim := xlsxio.DefaultLimits
	lim.FileSize = int64(len(data) - 1)
	if _, err := xlsxio.ReadMonitorLimits("监控表.xlsx", data, lim); err == nil || !strings.Contains(err.Error(), "文件过大") {
		t.Errorf("file size: %v", err)
	}
	lim = xlsxio.DefaultLimits
	lim.Cells = 20
	if _, err := xlsxio.ReadMonitorLimits("监控表.xlsx", data, lim); err == nil || !strings.Contains(err.Error(), "超过 20 个单元格的上限") {
		t.Errorf("cells: %v", err)
	}
	lim = xlsxio.DefaultLimits
	lim.Items = 2
	if _, err := xlsxio.ReadMonitorLimits("监控表.xlsx", data, lim); err == nil || !strings.Contains(err.Error(), "指标超过 2 个") {
		t.Errorf("items: %v", err)
	}
	// Not a monitoring workbook.
	var buf bytes.Buffer
	f := excelize.NewFile()
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := xlsxio.ReadMonitor("别的.xlsx", buf.Bytes()); err == nil || !strings.Contains(err.Error(), "不是绩效运行监控表：缺少工作表“监控概况”") {
		t.Errorf("other workbook: %v", err)
	}
}

// BenchmarkMonitorWorkbook writes and reads back a monitoring workbook of
// 20,000 projects with 5 indicators each (the most projects a round may
// have).
func BenchmarkMonitorWorkbook(b *testing.B) {
	r := &jixiao.MonitorRound{Year: 2026, CutOff: jixiao.MustDate("2026-07-31"), Org: "某省"}
	for i := range jixiao.MaxMonitorProjects {
		p := jixiao.MonitorProject{Code: fmt.Sprintf("P%05d", i), Name: fmt.Sprintf("项目%05d", i), Budget: jixiao.Dec("1000.25"), Executed: jixiao.Dec("300.5")}
		for k := range 5 {
			fig, _ := jixiao.ParseFigure(fmt.Sprintf("%d%%", 40+k*5))
			p.Indicators = append(p.Indicators, jixiao.MonitorIndicator{Name: fmt.Sprintf("指标%d", k), Progress: fig, Forecast: fig})
		}
		r.Projects = append(r.Projects, p)
	}
	var buf bytes.Buffer
	var peak uint64
	for b.Loop() {
		buf.Reset()
		if err := xlsxio.WriteMonitor(&buf, r); err != nil {
			b.Fatal(err)
		}
		var back *jixiao.MonitorRound
		var err error
		peak = testutil.PeakHeap(func() { back, err = xlsxio.ReadMonitor("监控表.xlsx", buf.Bytes()) })
		if err != nil {
			b.Fatal(err)
		}
		if len(back.Projects) != jixiao.MaxMonitorProjects {
			b.Fatalf("%d projects", len(back.Projects))
		}
	}
	b.ReportMetric(float64(buf.Len())/(1<<20), "file-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "read-peak-heap-MiB")
}
