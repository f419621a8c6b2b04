package monitoring_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/monitoring"
)

func TestBuiltinRules(t *testing.T) {
	if got := monitoring.RuleNames(); !reflect.DeepEqual(got, []string{monitoring.DefaultRules}) {
		t.Fatalf("built-in rules %v", got)
	}
	m, err := monitoring.BuiltinRules("")
	if err != nil {
		t.Fatal(err)
	}
	// The thresholds of 川财绩〔2025〕10号 and the deployed time-progress rule.
	var ms []string
	for _, s := range m.Milestones {
		ms = append(ms, fmt.Sprintf("%s@%d", s.Min, s.Month))
		if !strings.Contains(s.Source, "川财绩〔2025〕10号") {
			t.Errorf("milestone %d: source %q", s.Month, s.Source)
		}
	}
	if strings.Join(ms, " ") != "0.25@4 0.4@6 0.6@8 0.8@10" {
		t.Errorf("milestones %v", ms)
	}
	if m.TimeProgress.Red.String() != "0.6" || m.TimeProgress.Yellow.String() != "0.8" || m.GoalGap.Points.String() != "10" ||
		m.Forecast.Min.String() != "1" || m.Disposition.WorkingDays != 10 {
		t.Errorf("thresholds %+v %+v %+v %+v", m.TimeProgress, m.GoalGap, m.Forecast, m.Disposition)
	}
	for name, src := range map[string]string{"time_progress": m.TimeProgress.Source, "goal_gap": m.GoalGap.Source, "forecast": m.Forecast.Source, "disposition": m.Disposition.Source} {
		if src == "" {
			t.Errorf("%s has no source", name)
		}
	}
	if _, err := monitoring.BuiltinRules("../rules/x"); err == nil || !strings.Contains(err.Error(), "不是内置的监控预警规则") {
		t.Errorf("path as a built-in name: %v", err)
	}
}

// TestCalendarNotices checks the built-in calendar against the notices:
// the working days of each year counted by hand from them (2025: 261
// weekdays, 18 of them off, 5 weekend days worked; 2026: 261, 19 off, 6
// worked) and the days they name.
func TestCalendarNotices(t *testing.T) {
	c, err := monitoring.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	for year, want := range map[int]int{2025: 248, 2026: 248} {
		start := jixiao.DateOf(year-1, 12, 31)
		if got := w.WorkingDaysBetween(start, jixiao.DateOf(year, 12, 31)); got != want {
			t.Errorf("%d has %d working days, want %d", year, got, want)
		}
		if !w.Covers(year) || len(c.Years) != 2 {
			t.Errorf("%d not covered", year)
		}
	}
	for day, working := range map[string]bool{
		"2025-01-26": true, "2025-02-08": true, "2025-04-27": true, "2025-09-28": true, "2025-10-11": true,
		"2025-01-28": false, "2025-02-04": false, "2025-10-08": false, "2025-06-02": false,
		"2026-01-04": true, "2026-02-14": true, "2026-02-28": true, "2026-05-09": true, "2026-09-20": true, "2026-10-10": true,
		"2026-01-02": false, "2026-02-23": false, "2026-04-06": false, "2026-05-05": false, "2026-06-19": false, "2026-09-25": false, "2026-10-07": false,
		"2026-10-08": true,
	} {
		if w.IsWorkingDay(jixiao.MustDate(day)) != working {
			t.Errorf("%s working = %v", day, !working)
		}
	}
	for _, y := range c.Years {
		if !strings.Contains(y.Source, "国务院办公厅关于") || !strings.Contains(y.Source, "部分节假日安排的通知") {
			t.Errorf("%d: source %q", y.Year, y.Source)
		}
	}
}

// TestExampleRound checks the example round with the built-in rules and
// calendar, as `jixiao monitor check --date 2026-08-31` does: warnings
// issued Monday 10 August are due on the 10th working day, 24 August.
func TestExampleRound(t *testing.T) {
	r, err := monitoring.ReadRound("../../examples/monitoring/2026-07.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := monitoring.LoadRules(r.Rules)
	if err != nil {
		t.Fatal(err)
	}
	ws := r.Warnings(m)
	var got []string
	for _, w := range ws {
		got = append(got, w.Subject+":"+w.Code+string(w.Level))
	}
	want := []string{"部门整体:M02黄",
		"农村公路养护:M01红", "农村公路养护:M02黄", "农村公路养护:M03黄", "农村公路养护:M04黄",
		"公路桥梁检测:M01红", "公路桥梁检测:M02红", "公路桥梁检测:M03黄", "公路桥梁检测:M04黄"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings\n%v\nwant\n%v", got, want)
	}
	if ws[1].Message != "执行率 38.20% = 382.00 ÷ 1,000.00 万元，低于6月底的40%" {
		t.Errorf("message %q", ws[1].Message)
	}
	c, _ := monitoring.Calendar()
	w, _ := c.Compile()
	st := r.DispositionStatuses(ws, m, w, jixiao.MustDate("2026-08-31"))
	got = got[:0]
	for _, s := range st {
		got = append(got, s.Subject+":"+s.State+":"+s.Due.String())
	}
	want = []string{"部门整体:已逾期:2026-08-24", "农村公路养护:已处置:2026-08-24", "公路桥梁检测:逾期后处置:2026-08-24"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dispositions\n%v\nwant\n%v", got, want)
	}
}

func TestRoundRoundTrip(t *testing.T) {
	r, err := monitoring.ReadRound("../../examples/monitoring/2026-07.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := monitoring.EncodeRound(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := monitoring.ParseRound("往返.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(r, back) {
		t.Errorf("round trip differs:\n%s", data)
	}
}

func TestParseRoundRefuses(t *testing.T) {
	head := "year: 2026\ncutoff: 2026-06-30\norg: 某局\n"
	for name, tc := range map[string]struct{ doc, want string }{
		"bad date":        {"year: 2026\ncutoff: 2026-06-31\norg: 某局\n", "监控.yaml:2:9: 字段 cutoff（数据截止日期）：“2026-06-31”不是存在的日期"},
		"unknown field":   {head + "foo: 1\n", "foo"},
		"negative":        {head + "projects:\n  - {name: 甲, budget: 10, executed: -1}\n", "监控.yaml:5:"},
		"bad action":      {head + "projects:\n  - {name: 甲, budget: 10, executed: 1}\ndispositions:\n  - {project: 甲, action: 暂停, reason: x, date: 2026-07-01}\n", "处置方式“暂停”无效"},
		"unknown project": {head + "dispositions:\n  - {project: 乙, action: 取消, reason: x, date: 2026-07-01}\n", "“乙”不是本轮监控中的项目"},
		"not percent":     {head + "projects:\n  - name: 甲\n    budget: 10\n    executed: 1\n    indicators: [{name: x, progress: 45}]\n", "应为百分数"},
		"too large":       {strings.Repeat(" ", monitoring.MaxFileBytes+1), "上限"},
	} {
		_, err := monitoring.ParseRound("监控.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func TestRulesAndCalendarFiles(t *testing.T) {
	dir := t.TempDir()
	src, _ := monitoring.RulesSource(monitoring.DefaultRules)
	local := strings.Replace(string(src), "working_days: 10", "working_days: 5", 1)
	path := filepath.Join(dir, "本地.yaml")
	if err := os.WriteFile(path, []byte(local), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := monitoring.LoadRules(path)
	if err != nil || m.Disposition.WorkingDays != 5 {
		t.Fatalf("%v %+v", err, m)
	}
	bad := strings.Replace(string(src), "red: 0.6", "red: 0.9", 1)
	if _, err := monitoring.ParseRules("坏.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "红色预警下限 ≤ 黄色预警下限") {
		t.Errorf("bad rules: %v", err)
	}
	if _, err := monitoring.LoadRules(filepath.Join(dir, "无.yaml")); err == nil || !strings.Contains(err.Error(), "无法打开预警规则文件") {
		t.Errorf("missing file: %v", err)
	}
	cal := "name: 本地\nyears:\n  - year: 2027\n    source: 本地通知\n    holidays:\n      - {name: 元旦, from: 2027-01-01, to: 2027-01-03, workdays: [2027-01-05]}\n"
	if _, err := monitoring.ParseCalendar("日历.yaml", []byte(cal)); err == nil || !strings.Contains(err.Error(), "是周二，不是周末") {
		t.Errorf("bad calendar: %v", err)
	}
}
