package jixiao

import (
	"fmt"
	"sort"
	"strings"
)

// RectSource is where a problem to rectify was found.
type RectSource string

const (
	RectSelf    RectSource = "自评"   // the self-evaluation
	RectReview  RectSource = "审核"   // the bureau's review
	RectRecheck RectSource = "复核"   // a sampling re-check
	RectWarning RectSource = "监控预警" // a monitoring warning
)

// Enum lists the sources.
func (RectSource) Enum() []string { return []string{"自评", "审核", "复核", "监控预警"} }

// RectStatus is where a rectification item is (问题整改): 通知 → 落实反馈
// (with evidence) → 确认, or 退回 and back to 落实反馈.
type RectStatus string

const (
	RectNotified  RectStatus = "通知"
	RectFeedback  RectStatus = "落实反馈"
	RectConfirmed RectStatus = "确认"
	RectReturned  RectStatus = "退回"
)

// Enum lists the statuses.
func (RectStatus) Enum() []string { return []string{"通知", "落实反馈", "确认", "退回"} }

// Rectification is one problem to rectify (整改事项): the problem and its
// source, who must act, the measure, the deadline, the evidence given and
// the status, with the record of its steps.
type Rectification struct {
	ID       string     `json:"id" zh:"编号" jx:"required"`
	Year     int        `json:"year" zh:"年度" jx:"required" doc:"发现问题的评价年度"`
	Unit     string     `json:"unit" zh:"单位" jx:"required"`
	Project  string     `json:"project,omitempty" zh:"项目"`
	Problem  string     `json:"problem" zh:"问题" jx:"required"`
	Source   RectSource `json:"source" zh:"问题来源" jx:"required" doc:"自评、审核、复核或监控预警"`
	Owner    string     `json:"owner" zh:"责任人" jx:"required"`
	Measure  string     `json:"measure" zh:"整改措施" jx:"required"`
	Deadline string     `json:"deadline" zh:"整改期限" jx:"required" doc:"年-月-日，如 2025-06-30"`
	Evidence []string   `json:"evidence,omitempty" zh:"整改证明材料" doc:"落实反馈和确认时必须有"`
	Status   RectStatus `json:"status" zh:"状态" jx:"required" doc:"通知、落实反馈、确认或退回"`
	// ReturnReason is why the feedback was last returned.
	ReturnReason string     `json:"return_reason,omitempty" zh:"退回理由" doc:"状态为退回时必填"`
	History      []RectStep `json:"history,omitempty" zh:"办理记录"`
}

// RectStep is one step of a rectification item: from which status to
// which, with a note (the evidence given, the reason for a return).
type RectStep struct {
	From RectStatus `json:"from" zh:"原状态" jx:"required"`
	To   RectStatus `json:"to" zh:"新状态" jx:"required"`
	Note string     `json:"note,omitempty" zh:"说明"`
}

// Open reports whether the item is not yet confirmed.
func (r *Rectification) Open() bool { return r.Status != RectConfirmed }

// Overdue reports whether an open item's deadline is before today
// (both YYYY-MM-DD; the caller gives the date, this package reads no
// clock).
func (r *Rectification) Overdue(today string) bool {
	_, ok1 := DateText(r.Deadline)
	_, ok2 := DateText(today)
	return r.Open() && ok1 && ok2 && r.Deadline < today
}

// Feedback records the unit's feedback with its evidence: from 通知 or
// 退回 to 落实反馈. Feedback without evidence is refused.
func (r *Rectification) Feedback(evidence []string, note string) error {
	if r.Status != RectNotified && r.Status != RectReturned {
		return r.refuse("提交落实反馈", "通知或退回")
	}
	var ev []string
	for _, e := range evidence {
		if e = strings.TrimSpace(e); e != "" {
			ev = append(ev, e)
		}
	}
	if len(ev) == 0 {
		return Errorf(EINVALID, "整改事项“%s”的落实反馈须附整改证明材料", r.ID)
	}
	r.Evidence = append(r.Evidence, ev...)
	r.step(RectFeedback, joinNote("证明材料："+strings.Join(ev, "、"), note))
	return nil
}

// Confirm confirms the feedback: from 落实反馈 to 确认.
func (r *Rectification) Confirm(note string) error {
	if r.Status != RectFeedback {
		return r.refuse("确认", "落实反馈")
	}
	r.step(RectConfirmed, strings.TrimSpace(note))
	return nil
}

// Return returns the feedback with a reason: from 落实反馈 to 退回.
func (r *Rectification) Return(reason string) error {
	if r.Status != RectFeedback {
		return r.refuse("退回", "落实反馈")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Errorf(EINVALID, "退回整改事项“%s”须写明理由", r.ID)
	}
	r.ReturnReason = reason
	r.step(RectReturned, reason)
	return nil
}

func (r *Rectification) step(to RectStatus, note string) {
	r.History = append(r.History, RectStep{From: r.Status, To: to, Note: note})
	r.Status = to
}

func (r *Rectification) refuse(what, allowed string) error {
	return Errorf(EINVALID, "整改事项“%s”当前为“%s”，不能%s：只有状态为%s的事项可以%s", r.ID, r.Status, what, allowed, what)
}

func joinNote(a, b string) string {
	if b = strings.TrimSpace(b); b != "" {
		return a + "；" + b
	}
	return a
}

// MaxRectifications is the most items a rectification file may hold.
const MaxRectifications = 100_000

// ValidateRectifications checks a list of items: unique IDs, known
// sources and statuses, a valid deadline, evidence for 落实反馈 and 确认,
// a reason for 退回.
func ValidateRectifications(items []Rectification) error {
	var ps Problems
	if len(items) > MaxRectifications {
		ps.add("items", "整改事项有 %d 项，超过 %d 项的上限", len(items), MaxRectifications)
		return ps.Err()
	}
	ids := map[string]int{}
	for i := range items {
		r := &items[i]
		path := index("items", i)
		if j, dup := ids[r.ID]; dup {
			ps.add(join(path, "id"), "编号“%s”与第 %d 项重复", r.ID, j+1)
		}
		ids[r.ID] = i
		if r.Year < 1990 || r.Year > 2100 {
			ps.add(join(path, "year"), "年度应为四位年份，实际为 %d", r.Year)
		}
		switch r.Source {
		case RectSelf, RectReview, RectRecheck, RectWarning:
		default:
			ps.add(join(path, "source"), "问题来源“%s”无效，应为自评、审核、复核或监控预警", r.Source)
		}
		if _, ok := DateText(r.Deadline); !ok {
			ps.add(join(path, "deadline"), "整改期限应写成年-月-日，如“2025-06-30”，实际为“%s”", r.Deadline)
		}
		for j, st := range r.History {
			for _, x := range []struct {
				field string
				v     RectStatus
			}{{"from", st.From}, {"to", st.To}} {
				if !knownStatus(x.v) {
					ps.add(join(index(join(path, "history"), j), x.field), "状态“%s”无效，应为通知、落实反馈、确认或退回", x.v)
				}
			}
		}
		switch r.Status {
		case RectNotified:
		case RectFeedback, RectConfirmed:
			if len(r.Evidence) == 0 {
				ps.add(join(path, "evidence"), "状态为“%s”的整改事项须有整改证明材料", r.Status)
			}
		case RectReturned:
			if strings.TrimSpace(r.ReturnReason) == "" {
				ps.add(join(path, "return_reason"), "状态为“退回”的整改事项须写明退回理由")
			}
		default:
			ps.add(join(path, "status"), "状态“%s”无效，应为通知、落实反馈、确认或退回", r.Status)
		}
	}
	return ps.Err()
}

func knownStatus(s RectStatus) bool {
	switch s {
	case RectNotified, RectFeedback, RectConfirmed, RectReturned:
		return true
	}
	return false
}

// RectCount counts one year's items: all, done (确认) and open.
type RectCount struct {
	Year              int
	Total, Done, Open int
}

// Text is the count as reports state it: "2024年度整改事项31项，已完成28项，
// 尚未完成3项".
func (c RectCount) Text() string {
	return fmt.Sprintf("%d年度整改事项%d项，已完成%d项，尚未完成%d项", c.Year, c.Total, c.Done, c.Open)
}

// RectYear is the rectification of a year: its own items, and the items
// of earlier years still open, carried into it, with the counts of each
// earlier year.
type RectYear struct {
	Year    int
	Items   []Rectification
	Current RectCount
	// Earlier counts the items of each earlier year, oldest first.
	Earlier []RectCount
	// Carried are the open items of earlier years, oldest first.
	Carried []Rectification
}

// RectificationsFor gathers the rectification of year from all items.
func RectificationsFor(items []Rectification, year int) RectYear {
	y := RectYear{Year: year, Current: RectCount{Year: year}}
	earlier := map[int]*RectCount{}
	for _, r := range items {
		switch {
		case r.Year == year:
			y.Items = append(y.Items, r)
			y.Current.add(r)
		case r.Year < year:
			c, ok := earlier[r.Year]
			if !ok {
				c = &RectCount{Year: r.Year}
				earlier[r.Year] = c
			}
			c.add(r)
			if r.Open() {
				y.Carried = append(y.Carried, r)
			}
		}
	}
	for _, c := range earlier {
		y.Earlier = append(y.Earlier, *c)
	}
	sort.Slice(y.Earlier, func(i, j int) bool { return y.Earlier[i].Year < y.Earlier[j].Year })
	sort.SliceStable(y.Carried, func(i, j int) bool { return y.Carried[i].Year < y.Carried[j].Year })
	return y
}

func (c *RectCount) add(r Rectification) {
	c.Total++
	if r.Open() {
		c.Open++
	} else {
		c.Done++
	}
}

// LatestYear is the latest year of the items, 0 for none.
func LatestYear(items []Rectification) int {
	y := 0
	for _, r := range items {
		y = max(y, r.Year)
	}
	return y
}

// RectificationList is a file of rectification items (整改事项).
type RectificationList struct {
	Items []Rectification `json:"items" zh:"整改事项" jx:"required"`
}

// Validate checks the list's items (ValidateRectifications).
func (l *RectificationList) Validate() error { return ValidateRectifications(l.Items) }

// RectID is the number of stored rectification item id, as shown ("ZG-12").
func RectID(id int64) string { return fmt.Sprintf("ZG-%d", id) }
