package jixiao

import (
	"strings"
	"testing"
)

// cal2026 holds the holidays of the State Council's notice on 2026 that
// the tests below cross (元旦 with the end of 2025, 春节, 劳动节, 国庆节).
func cal2026(t *testing.T) *Workdays {
	t.Helper()
	c := Calendar{Name: "test", Years: []CalendarYear{{Year: 2026, Source: "国务院办公厅关于2026年部分节假日安排的通知", Holidays: []Holiday{
		{Name: "元旦", From: MustDate("2026-01-01"), To: MustDate("2026-01-03"), Workdays: []Date{MustDate("2026-01-04")}},
		{Name: "春节", From: MustDate("2026-02-15"), To: MustDate("2026-02-23"), Workdays: []Date{MustDate("2026-02-14"), MustDate("2026-02-28")}},
		{Name: "劳动节", From: MustDate("2026-05-01"), To: MustDate("2026-05-05"), Workdays: []Date{MustDate("2026-05-09")}},
		{Name: "国庆节", From: MustDate("2026-10-01"), To: MustDate("2026-10-07"), Workdays: []Date{MustDate("2026-09-20"), MustDate("2026-10-10")}},
	}}}}
	w, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestAddWorkingDaysBoundaries(t *testing.T) {
	w := cal2026(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-03-06", 1, "2026-03-09", "Friday + 1 is Monday"},
		{"2026-03-06", 0, "2026-03-06", "plus nothing is the day itself"},
		{"2026-03-07", 1, "2026-03-09", "from a Saturday: Monday"},
		{"2026-09-30", 1, "2026-10-08", "over the National Day holiday"},
		{"2026-10-09", 1, "2026-10-10", "the Saturday after National Day is a working day (调休)"},
		{"2026-10-09", 2, "2026-10-12", "then Monday"},
		{"2026-02-13", 1, "2026-02-14", "the Saturday before 春节 is a working day"},
		{"2026-02-13", 2, "2026-02-24", "春节 15–23 February"},
		{"2026-02-27", 1, "2026-02-28", "the Saturday after 春节 is a working day"},
		{"2025-12-31", 1, "2026-01-04", "year end: 1–3 January off, Sunday the 4th works"},
		{"2026-04-30", 1, "2026-05-06", "劳动节 1–5 May"},
		{"2026-05-08", 1, "2026-05-09", "Saturday 9 May works"},
		{"2026-10-08", -1, "2026-09-30", "counting back over the holiday"},
		{"2026-09-18", 1, "2026-09-20", "Sunday 20 September works"},
	} {
		if got := w.AddWorkingDays(MustDate(tc.from), tc.n).String(); got != tc.want {
			t.Errorf("%s + %d = %s, want %s (%s)", tc.from, tc.n, got, tc.want, tc.why)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	w := cal2026(t)
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2026-09-30", "2026-10-10", 3}, // 8, 9, 10 October
		{"2026-09-30", "2026-10-07", 0},
		{"2026-03-06", "2026-03-09", 1},
		{"2026-03-09", "2026-03-09", 0},
		{"2026-03-09", "2026-03-06", -1},
		{"2025-12-26", "2026-01-05", 5}, // 29, 30, 31 December, 4 and 5 January
	} {
		if got := w.WorkingDaysBetween(MustDate(tc.a), MustDate(tc.b)); got != tc.want {
			t.Errorf("between %s and %s: %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	// AddWorkingDays is the first day WorkingDaysBetween reaches n.
	for from := MustDate("2026-01-01"); from.Year() == 2026; from = from.AddDays(1) {
		for _, n := range []int{1, 5, 10} {
			to := w.AddWorkingDays(from, n)
			if got := w.WorkingDaysBetween(from, to); got != n || !w.IsWorkingDay(to) {
				t.Fatalf("%s + %d = %s, which is %d working days later", from, n, to, got)
			}
		}
	}
	if !w.Covers(2026) || w.Covers(2027) {
		t.Error("Covers")
	}
	if got := w.Describe(MustDate("2026-10-10")); got != "调休上班（国庆节）" {
		t.Errorf("Describe = %q", got)
	}
	if got := w.Describe(MustDate("2026-10-03")); got != "国庆节假期" {
		t.Errorf("Describe = %q", got)
	}
}

func TestWeekendsOnly(t *testing.T) {
	w := WeekendsOnly()
	if got := w.AddWorkingDays(MustDate("2026-09-30"), 1).String(); got != "2026-10-01" {
		t.Errorf("without holidays 30 September + 1 = %s", got)
	}
}

func TestCalendarRefuses(t *testing.T) {
	d := MustDate
	for name, tc := range map[string]struct {
		c    Calendar
		want string
	}{
		"workday not on a weekend": {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s", Holidays: []Holiday{{Name: "国庆节", From: d("2026-10-01"), To: d("2026-10-07"), Workdays: []Date{d("2026-10-09")}}}}}}, "是周五，不是周末"},
		"reversed":                 {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s", Holidays: []Holiday{{Name: "国庆节", From: d("2026-10-07"), To: d("2026-10-01")}}}}}, "早于起始日"},
		"overlap":                  {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s", Holidays: []Holiday{{Name: "甲", From: d("2026-10-01"), To: d("2026-10-03")}, {Name: "乙", From: d("2026-10-03"), To: d("2026-10-04")}}}}}, "同时属于"},
		"off and on":               {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s", Holidays: []Holiday{{Name: "甲", From: d("2026-10-03"), To: d("2026-10-04"), Workdays: []Date{d("2026-10-04")}}}}}}, "既是"},
		"duplicate year":           {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s"}, {Year: 2026, Source: "s"}}}, "重复"},
		"no source":                {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026}}}, "依据"},
		"too long":                 {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s", Holidays: []Holiday{{Name: "甲", From: d("2026-01-01"), To: d("2026-03-01")}}}}}, "超过 31 天"},
		"wrong year":               {Calendar{Name: "x", Years: []CalendarYear{{Year: 2026, Source: "s", Holidays: []Holiday{{Name: "甲", From: d("2025-10-01"), To: d("2025-10-02")}}}}}, "不在 2026 年"},
	} {
		_, err := tc.c.Compile()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-06-30", "2026/6/30", "2026.6.30", "2026年6月30日", "２０２６-０６-３０"} {
		if d, err := ParseDate(s); err != nil || d.String() != "2026-06-30" {
			t.Errorf("%q: %v %v", s, d, err)
		}
	}
	for _, s := range []string{"2026-02-29", "2026-13-01", "6月30日", "2026-06-30 12:00", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if got := MustDate("2026-06-30").Chinese(); got != "2026年6月30日" {
		t.Error(got)
	}
}

// FuzzParseDate: any text is a date or an error, never a panic, and a date
// reads back from its own writing.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-06-30", "2026年2月29日", "２０２６/１/１", "0000-00-00", "9999-12-31 ", "2026-1-1日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%q → %s → %v %v", s, d, back, err)
		}
	})
}
