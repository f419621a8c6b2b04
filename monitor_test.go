package jixiao

import (
	"fmt"
	"strings"
	"testing"
)

// testRules are the built-in rules' thresholds (internal/monitoring checks
// that its embedded file gives the same warnings).
func testRules() *MonitorRules {
	return &MonitorRules{
		Name: "test", Source: "测试",
		Milestones: []Milestone{
			{Month: 4, Min: Dec("0.25"), Level: WarnRed}, {Month: 6, Min: Dec("0.4"), Level: WarnRed},
			{Month: 8, Min: Dec("0.6"), Level: WarnRed}, {Month: 10, Min: Dec("0.8"), Level: WarnRed},
		},
		TimeProgress: &TimeProgressRule{Red: Dec("0.6"), Yellow: Dec("0.8")},
		GoalGap:      &GoalGapRule{Points: Dec("10"), Level: WarnYellow},
		Forecast:     &ForecastRule{Min: Dec("1"), Level: WarnYellow},
		Disposition:  DispositionRule{WorkingDays: 10},
	}
}

func pctFig(s string) Figure {
	f, err := ParseFigure(s)
	if err != nil {
		panic(err)
	}
	return f
}

// round is one project of 1,000.00 万元 with executed spent at cutoff.
func round(cutoff, executed string) *MonitorRound {
	return &MonitorRound{Year: 2026, CutOff: MustDate(cutoff), Org: "某局", Projects: []MonitorProject{
		{Code: "P1", Name: "道路养护", Budget: Dec("1000"), Executed: Dec(executed)},
	}}
}

func codes(ws []MonitorWarning, code string) []MonitorWarning {
	var out []MonitorWarning
	for _, w := range ws {
		if w.Code == code {
			out = append(out, w)
		}
	}
	return out
}

func warnings(t *testing.T, r *MonitorRound, m *MonitorRules) []MonitorWarning {
	t.Helper()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	return r.Warnings(m)
}

func TestMilestoneBoundary(t *testing.T) {
	m := testRules()
	for _, tc := range []struct {
		cutoff, executed string
		want             string // the message, "" for none
	}{
		{"2026-06-30", "400", ""},
		{"2026-06-30", "399.9", "执行率 39.99% = 399.90 ÷ 1,000.00 万元，低于6月底的40%"},
		{"2026-06-30", "382", "执行率 38.20% = 382.00 ÷ 1,000.00 万元，低于6月底的40%"},
		{"2026-07-31", "399.99", "执行率 40.00% = 399.99 ÷ 1,000.00 万元，低于6月底的40%"}, // below exactly, shown rounded
		{"2026-06-29", "300", ""}, // the April milestone (25%) is in force until 30 June
		{"2026-06-29", "249.99", "执行率 25.00% = 249.99 ÷ 1,000.00 万元，低于4月底的25%"},
		{"2026-04-29", "0", ""}, // no milestone yet
		{"2026-10-31", "799.99", "执行率 80.00% = 799.99 ÷ 1,000.00 万元，低于10月底的80%"},
		{"2026-08-31", "600", ""},
	} {
		ws := codes(warnings(t, round(tc.cutoff, tc.executed), m), WarnMilestone)
		switch {
		case tc.want == "" && len(ws) > 0:
			t.Errorf("%s %s: unexpected %s", tc.cutoff, tc.executed, ws[0].Message)
		case tc.want != "" && (len(ws) != 1 || ws[0].Message != tc.want || ws[0].Level != WarnRed):
			t.Errorf("%s %s: %+v, want %q", tc.cutoff, tc.executed, ws, tc.want)
		}
	}
}

func TestTimeProgressBoundary(t *testing.T) {
	m := testRules()
	m.Milestones = nil
	for _, tc := range []struct {
		cutoff, executed string
		want             WarnLevel
	}{
		{"2026-06-30", "300", WarnYellow}, // exactly 60% of 50%: yellow, not red
		{"2026-06-30", "299.99", WarnRed},
		{"2026-06-30", "400", ""}, // exactly 80%: no warning
		{"2026-06-30", "399.99", WarnYellow},
		{"2026-03-31", "150", WarnYellow}, // time 25%, 15% is 60% of it
		{"2026-02-28", "100", WarnYellow}, // time 2/12: 10% is exactly 60% of it, not below
	} {
		ws := codes(warnings(t, round(tc.cutoff, tc.executed), m), WarnTimeProgress)
		var got WarnLevel
		if len(ws) == 1 {
			got = ws[0].Level
		}
		if got != tc.want || len(ws) > 1 {
			t.Errorf("%s %s: %v, want %q", tc.cutoff, tc.executed, ws, tc.want)
		}
	}
	ws := codes(warnings(t, round("2026-06-30", "299.99"), m), WarnTimeProgress)
	want := "执行率 30.00% = 299.99 ÷ 1,000.00 万元；时间进度 50.00%（截至2026年6月30日）；执行进度为时间进度的 60.00%（30.00% ÷ 50.00%），低于60%"
	if ws[0].Message != want {
		t.Errorf("message\n%s\nwant\n%s", ws[0].Message, want)
	}
	if n, d := TimeProgress(MustDate("2026-07-15")); DivRound(n, d, 4).String() != "0.5403" {
		t.Errorf("time progress 15 July = %s/%s", n, d) // (6 + 15/31)/12
	}
}

func TestGoalGapBoundary(t *testing.T) {
	m := testRules()
	m.Milestones, m.TimeProgress = nil, nil
	for _, tc := range []struct {
		goal string
		want bool
	}{{"50%", false}, {"30%", false}, {"50.01%", true}, {"29.99%", true}} {
		r := round("2026-06-30", "400")
		r.Projects[0].GoalProgress = pctFig(tc.goal)
		ws := codes(warnings(t, r, m), WarnGoalGap)
		if (len(ws) == 1) != tc.want {
			t.Errorf("goal %s, execution 40%%: %v", tc.goal, ws)
		}
	}
	// Without a stated goal progress, the indicators' mean: (50% + 50.02%) ÷ 2 = 50.01%.
	r := round("2026-06-30", "400")
	r.Projects[0].Indicators = []MonitorIndicator{{Name: "养护里程", Progress: pctFig("50%")}, {Name: "优良路率", Progress: pctFig("50.02%")}}
	ws := codes(warnings(t, r, m), WarnGoalGap)
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "(50% + 50.02%) ÷ 2") || !strings.Contains(ws[0].Message, "相差 10.01 个百分点") {
		t.Errorf("mean: %+v", ws)
	}
	r.Projects[0].Indicators[1].Progress = pctFig("50%")
	if ws := codes(warnings(t, r, m), WarnGoalGap); len(ws) != 0 {
		t.Errorf("10 points exactly: %+v", ws)
	}
}

func TestForecastBoundary(t *testing.T) {
	m := testRules()
	r := round("2026-06-30", "500")
	r.Projects[0].Indicators = []MonitorIndicator{
		{Name: "养护里程", Target: pctFig("≥120公里"), Progress: pctFig("50%"), Forecast: pctFig("100%")},
		{Name: "优良路率", Target: pctFig("≥90%"), Progress: pctFig("50%"), Forecast: pctFig("99.99%"), Reason: "雨季延误"},
	}
	ws := codes(warnings(t, r, m), WarnForecast)
	if len(ws) != 1 || ws[0].Where != "项目“道路养护” › 指标“优良路率”" ||
		ws[0].Message != "全年预计完成程度 99.99%，低于年度指标值的 100%；所述原因：雨季延误" {
		t.Errorf("%+v", ws)
	}
}

func TestDepartmentWarnings(t *testing.T) {
	r := &MonitorRound{Year: 2026, CutOff: MustDate("2026-08-31"), Org: "某局", Unit: UnitYuan,
		Department: &MonitorFunds{Budget: Dec("12345678.9"), Executed: Dec("5000000")}}
	ws := warnings(t, r, testRules())
	if len(ws) != 2 || ws[0].Subject != DepartmentSubject || ws[0].Message != "执行率 40.50% = 5,000,000.00 ÷ 12,345,678.90 元，低于8月底的60%" || ws[1].Level != WarnYellow {
		t.Errorf("%+v", ws)
	}
}

func TestDispositionDeadline(t *testing.T) {
	w := cal2026(t)
	m := testRules()
	// Warned on Wednesday 30 September: the 10th working day after it is
	// Tuesday 20 October (8, 9, 10 Saturday, 12–16, 19, 20).
	base := func() *MonitorRound {
		r := round("2026-08-31", "100")
		r.WarnedOn = MustDate("2026-09-30")
		return r
	}
	for _, tc := range []struct {
		disposed, today string
		state           string
		escalated       bool
		left            int
	}{
		{"2026-10-20", "2026-11-30", StateDone, false, 0},
		{"2026-10-21", "2026-11-30", StateLate, true, 0},
		{"", "2026-10-20", StatePending, false, 0},
		{"", "2026-10-19", StatePending, false, 1},
		{"", "2026-10-21", StateOverdue, true, 0},
		{"", "2026-09-30", StatePending, false, 10},
		{"2026-10-20", "2026-10-19", StatePending, false, 1}, // dated after today: not yet made
	} {
		r := base()
		if tc.disposed != "" {
			r.Dispositions = []Disposition{{Project: "P1", Action: ActionAdjust, Reason: "调剂至急需项目", Date: MustDate(tc.disposed)}}
		}
		ws := warnings(t, r, m)
		st := r.DispositionStatuses(ws, m, w, MustDate(tc.today))
		if len(st) != 1 {
			t.Fatalf("%+v", st)
		}
		s := st[0]
		if s.Due.String() != "2026-10-20" || s.State != tc.state || s.Escalated != tc.escalated || s.Left != tc.left || s.Level != WarnRed {
			t.Errorf("disposed %q today %s: %+v", tc.disposed, tc.today, s)
		}
	}
	// The cut-off date counts when no warning date is given; a project
	// without warnings has no status.
	r := round("2026-06-30", "100")
	r.Projects = append(r.Projects, MonitorProject{Name: "按进度", Budget: Dec("100"), Executed: Dec("60")})
	st := r.DispositionStatuses(warnings(t, r, m), m, w, MustDate("2026-07-14"))
	if len(st) != 1 || st[0].Subject != "道路养护" || st[0].Due.String() != "2026-07-14" || st[0].State != StatePending {
		t.Errorf("%+v", st)
	}
	if !strings.Contains(st[0].Message, "2026年6月30日下发，须在10个工作日内（2026年7月14日及以前）处置") {
		t.Error(st[0].Message)
	}
}

func TestRoundValidate(t *testing.T) {
	r := &MonitorRound{Year: 2026, CutOff: MustDate("2025-06-30"), Org: "", Projects: []MonitorProject{
		{Name: "甲", Budget: Dec("0"), Executed: Dec("-1"), GoalProgress: pctFig("45"),
			Indicators: []MonitorIndicator{{Name: "x", Forecast: pctFig("≥90%")}}},
		{Name: "甲", Budget: Dec("1"), Executed: Dec("1.0000001")},
	}, Dispositions: []Disposition{{Project: "乙", Action: ActionCancel, Date: MustDate("2026-01-01")}}}
	r.WarnedOn = MustDate("2027-07-01")
	err := r.Validate()
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"不在 2026 年", "单位名称不能为空", "全年预算数应大于 0", "执行数不能为负数", "goal_progress：应为百分数",
		"progress：须填写百分数", "forecast：应为百分数", "与第 1 个项目重复", "最多保留6位小数", "“乙”不是本轮监控中的项目", "须写明处置理由", "晚于数据截止日期 2025-06-30 超过 366 天"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}

func TestMonitorRulesValidate(t *testing.T) {
	m := testRules()
	m.Milestones = append(m.Milestones, Milestone{Month: 6, Min: Dec("1.5"), Level: "绿"})
	m.TimeProgress.Yellow = Dec("0.5")
	m.Disposition.WorkingDays = 0
	err := m.Validate()
	for _, want := range []string{"6 月底的节点重复", "不超过 1 的比例", "预警等级应为 红 或 黄", "红色预警下限 ≤ 黄色预警下限", "处置期限应为 1 到"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}

func TestGrouped(t *testing.T) {
	for in, want := range map[string]string{"0": "0.00", "999.995": "1,000.00", "-1234567.891": "-1,234,567.89", "12": "12.00"} {
		if got := Grouped(Dec(in), 2); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// bigRound is a round of the largest size a round may have: 20,000
// projects of 5 indicators, every other one behind.
func bigRound() *MonitorRound {
	r := &MonitorRound{Year: 2026, CutOff: MustDate("2026-07-31"), Org: "某省", Department: &MonitorFunds{Budget: Dec("9000000"), Executed: Dec("4000000")}}
	for i := range MaxMonitorProjects {
		p := MonitorProject{Code: fmt.Sprintf("P%05d", i), Name: fmt.Sprintf("项目%05d", i), Budget: Dec("1000"), Executed: Dec(fmt.Sprint(300 + i%2*300))}
		for k := range 5 {
			p.Indicators = append(p.Indicators, MonitorIndicator{Name: fmt.Sprintf("指标%d", k), Progress: pctFig(fmt.Sprintf("%d%%", 40+k*5)), Forecast: pctFig(fmt.Sprintf("%d%%", 96+k))})
		}
		r.Projects = append(r.Projects, p)
	}
	return r
}

// BenchmarkMonitorWarnings checks a round of 20,000 projects (100,000
// indicators) and the dispositions' deadlines.
func BenchmarkMonitorWarnings(b *testing.B) {
	r := bigRound()
	if err := r.Validate(); err != nil {
		b.Fatal(err)
	}
	m := testRules()
	w := WeekendsOnly()
	b.ResetTimer()
	for b.Loop() {
		ws := r.Warnings(m)
		if len(ws) < MaxMonitorProjects {
			b.Fatalf("%d warnings", len(ws))
		}
		r.DispositionStatuses(ws, m, w, MustDate("2026-08-31"))
	}
}
