package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// bureauQuery is the dashboard's filter and order, from the URL.
type bureauQuery struct {
	Year    int
	Org     int64 // one organisation's evaluations (from 逐级汇总), or 0
	Status  string
	Grade   string
	Subject string
	Q       string
	Sort    string
	Desc    bool
}

func readBureauQuery(q url.Values) bureauQuery {
	b := bureauQuery{Status: q.Get("status"), Grade: q.Get("grade"), Subject: q.Get("subject"), Q: strings.TrimSpace(q.Get("q")),
		Sort: q.Get("sort"), Desc: q.Get("dir") == "desc"}
	b.Year, _ = strconv.Atoi(q.Get("year"))
	b.Org, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	if b.Sort == "" {
		b.Sort, b.Desc = "total", true
	}
	return b
}

// SortLink is the URL that orders the table by key (reversing the order
// when it is already by key).
func (b bureauQuery) SortLink(key string) string {
	v := b.values()
	v.Set("sort", key)
	dir := "desc"
	if b.Sort == key && b.Desc {
		dir = "asc"
	}
	v.Set("dir", dir)
	return "/bureau?" + v.Encode()
}

// SortMark is the arrow of the column the table is ordered by.
func (b bureauQuery) SortMark(key string) string {
	if b.Sort != key {
		return ""
	}
	if b.Desc {
		return "↓"
	}
	return "↑"
}

// AriaSort is the column's aria-sort value.
func (b bureauQuery) AriaSort(key string) string {
	if b.Sort != key {
		return "none"
	}
	if b.Desc {
		return "descending"
	}
	return "ascending"
}

func (b bureauQuery) values() url.Values {
	v := url.Values{}
	if b.Year != 0 {
		v.Set("year", strconv.Itoa(b.Year))
	}
	if b.Org != 0 {
		v.Set("org", strconv.FormatInt(b.Org, 10))
	}
	for k, x := range map[string]string{"status": b.Status, "grade": b.Grade, "subject": b.Subject, "q": b.Q} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// Query is the filter as a query string, for links that keep it.
func (b bureauQuery) Query() string { return b.values().Encode() }

// bureau is the finance bureau's overview: every evaluation it may see,
// with status, total, grade, execution and open findings, sortable and
// filterable, and charts across departments and years.
func (w *Web) bureau(rw http.ResponseWriter, r *http.Request) error {
	q := readBureauQuery(r.URL.Query())
	all, _, err := w.Evaluations.Summaries(r.Context(), jixiao.EvaluationFilter{Limit: 100000})
	if err != nil {
		return err
	}
	var years []int
	for _, s := range all {
		if !slices.Contains(years, s.Year) {
			years = append(years, s.Year)
		}
	}
	slices.Sort(years)
	slices.Reverse(years)
	if q.Year == 0 && len(years) > 0 {
		q.Year = years[0]
	}
	var rows []*jixiao.Summary
	var gradeNames []string
	for _, s := range all {
		if s.Year != q.Year {
			continue
		}
		if s.Grade != "" && !slices.Contains(gradeNames, s.Grade) {
			gradeNames = append(gradeNames, s.Grade)
		}
		if (q.Org != 0 && s.OrgID != q.Org) || (q.Status != "" && string(s.Status) != q.Status) || (q.Grade != "" && !sameGrade(s.Grade, q.Grade)) ||
			(q.Subject != "" && string(s.Subject) != q.Subject) ||
			(q.Q != "" && !strings.Contains(s.OrgName, q.Q) && !strings.Contains(s.SubjectKey, q.Q)) {
			continue
		}
		rows = append(rows, s)
	}
	sortSummaries(rows, q.Sort, q.Desc)
	charts := bureauCharts(rows)
	data, err := json.Marshal(charts)
	if err != nil {
		return err
	}
	statuses := map[jixiao.Status]int{}
	for _, s := range rows {
		statuses[s.Status]++
	}
	// The grade filter offers each grade once, synonyms together
	// ("优秀 / 优"), and matches every name of the one chosen.
	slices.SortFunc(gradeNames, func(a, b string) int { return cmp.Compare(gradeOrder(a), gradeOrder(b)) })
	var gradeList [][2]string // value, label
	for _, g := range gradeNames {
		if n := len(gradeList); n > 0 && sameGrade(gradeList[n-1][0], g) {
			gradeList[n-1][1] += " / " + g
			continue
		}
		gradeList = append(gradeList, [2]string{g, g})
	}
	// The user's last bulk downloads, from any server.
	jobs, err := w.recentBulk(r)
	if err != nil {
		return err
	}
	// The to-do inbox and the progress of the tasks issued.
	inbox, err := w.inboxBlock(r)
	if err != nil {
		return err
	}
	progress, err := w.bureauProgress(r)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "bureau", &page{Title: "财政复核总览", Nav: "bureau", Data: map[string]any{
		"Q": q, "Rows": rows, "Years": years, "Grades": gradeList, "Statuses": statuses, "Charts": string(data), "ChartText": charts,
		"ByYear":  yearTable(rows, all, q),
		"Formats": []string{"docx", "xlsx", "pdf", "html"}, "Jobs": jobs, "Inbox": inbox, "Progress": progress, "CanIssue": issues(ctxUser(r.Context())),
	}})
	return nil
}

func sortSummaries(rows []*jixiao.Summary, key string, desc bool) {
	dec := func(d *decimal.Decimal) decimal.Decimal {
		if d == nil {
			return decimal.NewFromInt(-1)
		}
		return *d
	}
	total := func(s *jixiao.Summary) decimal.Decimal {
		if !s.Scored {
			return decimal.NewFromInt(-1)
		}
		return s.Total
	}
	by := map[string]func(a, b *jixiao.Summary) int{
		"name":      func(a, b *jixiao.Summary) int { return cmp.Compare(a.OrgName+a.SubjectKey, b.OrgName+b.SubjectKey) },
		"status":    func(a, b *jixiao.Summary) int { return cmp.Compare(statusRank(a.Status), statusRank(b.Status)) },
		"total":     func(a, b *jixiao.Summary) int { return total(a).Cmp(total(b)) },
		"grade":     func(a, b *jixiao.Summary) int { return cmp.Compare(gradeClass(b.Grade), gradeClass(a.Grade)) },
		"execution": func(a, b *jixiao.Summary) int { return dec(a.Execution).Cmp(dec(b.Execution)) },
		"errors":    func(a, b *jixiao.Summary) int { return cmp.Compare(a.Errors*1000+a.Warnings, b.Errors*1000+b.Warnings) },
		"updated":   func(a, b *jixiao.Summary) int { return a.UpdatedAt.Compare(b.UpdatedAt) },
	}
	f, ok := by[key]
	if !ok {
		f = by["total"]
	}
	slices.SortStableFunc(rows, func(a, b *jixiao.Summary) int {
		c := f(a, b)
		if desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.OrgName, b.OrgName)
		}
		return c
	})
}

func statusRank(s jixiao.Status) int {
	return map[jixiao.Status]int{jixiao.StatusDraft: 0, jixiao.StatusReturned: 1, jixiao.StatusSubmitted: 2, jixiao.StatusAccepted: 3}[s]
}

// displayName names an evaluation in lists: the department, and the
// project for a project evaluation.
func displayName(s *jixiao.Summary) string {
	if s.Subject == jixiao.SubjectProject && s.SubjectKey != "" {
		return fmt.Sprintf("%s · %s", s.OrgName, s.SubjectKey)
	}
	return s.OrgName
}
