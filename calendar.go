package jixiao

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day (公历日期), written YYYY-MM-DD. The zero Date is
// "not given". Dates carry no time of day and no zone: they are days of
// the Chinese civil calendar as the State Council's holiday notices state
// them.
type Date struct{ t time.Time }

// DateOf returns the day y-m-d (normalised as time.Date does: 6/31 is 7/1).
func DateOf(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

var dateForms = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// ParseDate reads a day as users write it: 2026-06-30, 2026/6/30,
// 2026.6.30 or 2026年6月30日 (full-width digits too).
func ParseDate(s string) (Date, error) {
	t := strings.TrimSpace(normalizeWidth(s))
	m := dateForms.FindStringSubmatch(t)
	if m == nil {
		return Date{}, errorf("“%s”不是日期，应写成年-月-日，如 2026-06-30", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) {
		return Date{}, errorf("“%s”不是存在的日期", s)
	}
	return DateOf(y, time.Month(mo), d), nil
}

// MustDate is ParseDate for constants in code and tests; it panics on bad input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Year, Month and Day are the date's parts.
func (d Date) Year() int { return d.t.Year() }

// Month is the date's month.
func (d Date) Month() time.Month { return d.t.Month() }

// Day is the date's day of the month.
func (d Date) Day() int { return d.t.Day() }

// Weekday is the date's day of the week.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// AddDays returns the date n calendar days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// DaysTo is the number of calendar days from d to e (negative when e is
// before d).
func (d Date) DaysTo(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// String writes the date as 2026-06-30 ("" when not given).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Chinese writes the date as reports do: 2026年6月30日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
}

// TypeTitle names the type in the field reference of the documentation.
func (Date) TypeTitle() string { return "日期（年-月-日，如 2026-06-30）" }

// MarshalText writes the date as 2026-06-30.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads any form ParseDate accepts.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// MonthEnd is the last day of the date's month.
func (d Date) MonthEnd() Date { return DateOf(d.Year(), d.Month(), daysIn(d.Year(), d.Month())) }

// Calendar is a working-day calendar (工作日历) as a file states it: for
// each year, the public holidays with their adjusted working days (调休上班),
// as the State Council's annual notice (国务院办公厅关于某年部分节假日安排的
// 通知) gives them. Saturdays and Sundays are days off unless named as
// working days; every other day is a working day unless inside a holiday.
type Calendar struct {
	Name    string         `json:"name" zh:"日历名称" jx:"required"`
	Title   string         `json:"title,omitempty" zh:"日历标题"`
	Version string         `json:"version,omitempty" zh:"版本"`
	Years   []CalendarYear `json:"years" zh:"各年安排" jx:"required"`
}

// CalendarYear is one year's holiday schedule and the notice it comes from.
type CalendarYear struct {
	Year     int       `json:"year" zh:"年度" jx:"required"`
	Source   string    `json:"source" zh:"依据" jx:"required" doc:"发布放假安排的文件：标题、文号和日期"`
	Holidays []Holiday `json:"holidays" zh:"放假安排" jx:"required"`
}

// Holiday is one holiday: the days off From–To (inclusive) and the
// weekend days that are working days in exchange (调休上班).
type Holiday struct {
	Name     string `json:"name" zh:"节日" jx:"required"`
	From     Date   `json:"from" zh:"放假起始日" jx:"required"`
	To       Date   `json:"to" zh:"放假结束日" jx:"required"`
	Workdays []Date `json:"workdays,omitempty" zh:"调休上班日"`
}

// Workdays is a calendar ready to count working days. The zero value is
// not usable; see Compile and WeekendsOnly.
type Workdays struct {
	name  string
	off   map[Date]string // holiday days off, by holiday name
	on    map[Date]string // weekend days that are working days
	years map[int]bool
}

// WeekendsOnly is a calendar with no holidays: Monday to Friday work.
func WeekendsOnly() *Workdays {
	return &Workdays{name: "仅按周末", off: map[Date]string{}, on: map[Date]string{}, years: map[int]bool{}}
}

// MaxHolidayDays is the longest holiday a calendar may state.
const MaxHolidayDays = 31

// Compile checks the calendar and indexes its days: each year once, each
// holiday's days within MaxHolidayDays and not reversed, adjusted working
// days on weekends outside every holiday, no day both off and on.
func (c *Calendar) Compile() (*Workdays, error) {
	var ps Problems
	w := &Workdays{name: c.Name, off: map[Date]string{}, on: map[Date]string{}, years: map[int]bool{}}
	if strings.TrimSpace(c.Name) == "" {
		ps.add("name", "日历名称不能为空")
	}
	for i, y := range c.Years {
		p := index("years", i)
		if y.Year < 1900 || y.Year > 2999 {
			ps.add(join(p, "year"), "年度应在 1900 到 2999 之间，实际为 %d", y.Year)
			continue
		}
		if w.years[y.Year] {
			ps.add(join(p, "year"), "%d 年的安排重复", y.Year)
			continue
		}
		w.years[y.Year] = true
		if strings.TrimSpace(y.Source) == "" {
			ps.add(join(p, "source"), "须写明 %d 年放假安排的依据（通知的标题、文号和日期）", y.Year)
		}
		for j, h := range y.Holidays {
			hp := index(join(p, "holidays"), j)
			if h.From.IsZero() || h.To.IsZero() {
				ps.add(hp, "节日“%s”须写明放假起始日和结束日", h.Name)
				continue
			}
			if h.To.Before(h.From) {
				ps.add(join(hp, "to"), "节日“%s”的放假结束日 %s 早于起始日 %s", h.Name, h.To, h.From)
				continue
			}
			if h.From.AddDays(MaxHolidayDays - 1).Before(h.To) {
				ps.add(join(hp, "to"), "节日“%s”放假超过 %d 天", h.Name, MaxHolidayDays)
				continue
			}
			if h.From.Year() != y.Year && h.To.Year() != y.Year {
				ps.add(join(hp, "from"), "节日“%s”的放假日期不在 %d 年", h.Name, y.Year)
			}
			for d := h.From; !d.After(h.To); d = d.AddDays(1) {
				if other, dup := w.off[d]; dup {
					ps.add(hp, "%s 同时属于“%s”和“%s”的假期", d, other, h.Name)
				}
				w.off[d] = h.Name
			}
			for k, d := range h.Workdays {
				wp := index(join(hp, "workdays"), k)
				if d.IsZero() {
					ps.add(wp, "调休上班日须写明日期")
					continue
				}
				if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
					ps.add(wp, "调休上班日 %s 是%s，不是周末", d, weekdayNames[wd])
				}
				w.on[d] = h.Name
			}
		}
	}
	for d, name := range w.on {
		if h, off := w.off[d]; off {
			ps.add("years", "%s 既是“%s”的假期又是“%s”的调休上班日", d, h, name)
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return w, nil
}

var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Name is the calendar's name.
func (w *Workdays) Name() string { return w.name }

// Covers reports whether the calendar states the holidays of year.
func (w *Workdays) Covers(year int) bool { return w.years[year] }

// IsWorkingDay reports whether d is a working day.
func (w *Workdays) IsWorkingDay(d Date) bool {
	if _, on := w.on[d]; on {
		return true
	}
	if _, off := w.off[d]; off {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Describe says what kind of day d is: 工作日, 周六, 春节假期, 调休上班（春节）.
func (w *Workdays) Describe(d Date) string {
	if h, on := w.on[d]; on {
		return "调休上班（" + h + "）"
	}
	if h, off := w.off[d]; off {
		return h + "假期"
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return weekdayNames[wd]
	}
	return "工作日"
}

// AddWorkingDays returns the n-th working day after d (d itself when n is
// 0; counting back when n < 0): a Friday plus one is the next Monday.
func (w *Workdays) AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if w.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including
// b (negative when b is before a), so that AddWorkingDays(a, n) is the
// first day on which WorkingDaysBetween(a, day) reaches n.
func (w *Workdays) WorkingDaysBetween(a, b Date) int {
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if w.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}
