package server_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/poppler"
	"jixiao/internal/report/docx"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/testutil"
)

// TestRecheckInputsBounded: the re-check routes refuse inputs out of
// bounds before doing anything, in Chinese, naming the field.
func TestRecheckInputsBounded(t *testing.T) {
	f := newFixture(t, false)
	for _, c := range []struct {
		method, path string
		body         any
		want         string
	}{
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 0}, "seed（随机种子）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": int64(1) << 60}, "seed（随机种子）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 7, "method": "cluster"}, "method（抽样方法）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 7, "size": 100000}, "size（抽取数量）"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 20240, "seed": 7}, "年度应为四位年份"},
		{"POST", "/api/v1/recheck/samples", map[string]any{"year": 2024, "seed": 7, "include": []string{strings.Repeat("项", 201)}}, "指定项目超过 200 个字符"},
		{"GET", "/api/v1/rectifications", nil, "查询参数 year（评价年度）"},
		{"GET", "/api/v1/rectifications?year=2025&org_id=甲", nil, "查询参数 org_id 应为非负整数"},
		{"GET", "/api/v1/results-application?year=99", nil, "查询参数 year（评价年度）"},
		{"POST", "/api/v1/rectifications", map[string]any{"org_id": f.orgs["D1"].ID, "year": 2024, "source": "复核", "problem": strings.Repeat("问", 2001),
			"owner": "张三", "measure": "整改", "deadline": "2025-06-30"}, "问题超过 2000 个字符"},
		{"POST", "/api/v1/rectifications", map[string]any{"org_id": f.orgs["D1"].ID, "year": 2024, "source": "巡视", "problem": "问题",
			"owner": "张三", "measure": "整改", "deadline": "2025-06-30"}, "问题来源“巡视”无效"},
	} {
		r := f.do("admin", c.method, c.path, c.body)
		if r.Status != 400 || !strings.Contains(string(r.Body), c.want) {
			t.Errorf("%s %s %v: %d %.300s, want 400 naming %s", c.method, c.path, c.body, r.Status, r.Body, c.want)
		}
	}
}

// TestRecheckThroughAPI: the year's re-check through the JSON API on the
// fixture (D1 and D2 of bureau B1 submitted, D3 of B2 too): the reviewer
// draws the same sample twice from one seed, the evaluator re-scores D1's
// evaluation, the deviation follows; an item is raised, fed back by D1's
// preparer and confirmed; a decision is recorded and the table downloads.
func TestRecheckThroughAPI(t *testing.T) {
	f := newFixture(t, false)
	for _, d := range []string{"D1", "D2", "D3"} {
		ev := f.evals[d]
		if _, err := f.db.Transition(t.Context(), f.users["admin"], ev.ID, ev.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	var s1, s2 jixiao.SampleRecord
	for _, s := range []*jixiao.SampleRecord{&s1, &s2} {
		r := f.do("reviewer", "POST", "/api/v1/recheck/samples", map[string]any{"year": f.evals["D1"].Year, "seed": 20250315, "size": 2, "method": "random"})
		if r.Status != 200 {
			t.Fatalf("draw: %d %s", r.Status, r.Body)
		}
		r.json(t, s)
	}
	if s1.Sample.Population != 2 || len(s1.Entries) != 2 || s1.Sample.Digest != s2.Sample.Digest || s1.Entries[0].Key() != s2.Entries[0].Key() || s1.Sample.Seed != 20250315 {
		t.Fatalf("samples: %+v / %+v", s1, s2)
	}
	sheetPath := fmt.Sprintf("/api/v1/recheck/samples/%d/evaluations/%d", s1.ID, f.evals["D1"].ID)
	var sh jixiao.RecheckSheet
	f.do("evaluator", "GET", sheetPath, nil).json(t, &sh)
	if len(sh.Items) == 0 || sh.Rescored {
		t.Fatalf("sheet: %+v", sh)
	}
	var items []map[string]any
	for i, it := range sh.Items {
		m := map[string]any{"item": it.Name, "recheck": it.Self.String()}
		if i == 0 {
			m["recheck"], m["reason"] = it.Self.Div(decimal.NewFromInt(2)).String(), "佐证不足"
		}
		items = append(items, m)
	}
	if r := f.do("evaluator", "PUT", sheetPath, map[string]any{"items": items}); r.Status != 200 {
		t.Fatalf("re-score: %d %s", r.Status, r.Body)
	}
	var res jixiao.RecheckResult
	f.do("reviewer", "GET", fmt.Sprintf("/api/v1/recheck/samples/%d", s1.ID), nil).json(t, &res)
	want := sh.Items[0].Self.Div(decimal.NewFromInt(2)).Neg()
	if res.Deviation == nil || len(res.Deviation.Projects) != 1 || !res.Deviation.Projects[0].Items[0].Deviation.Equal(want) {
		t.Fatalf("deviation: %+v", res.Deviation)
	}

	var rec jixiao.RectificationRecord
	r := f.do("reviewer", "POST", "/api/v1/rectifications", map[string]any{"org_id": f.orgs["D1"].ID, "year": 2024, "source": "复核", "evaluation_id": f.evals["D1"].ID,
		"problem": "自评评分偏高", "owner": "张三", "measure": "重新核定", "deadline": "2025-06-30"})
	if r.Status != 200 {
		t.Fatalf("raise: %d %s", r.Status, r.Body)
	}
	r.json(t, &rec)
	p := fmt.Sprintf("/api/v1/rectifications/%d", rec.ID)
	if r := f.do("preparer", "POST", p+"/feedback", map[string]any{"version": rec.Version, "evidence": []string{"整改报告"}}); r.Status != 200 {
		t.Fatalf("feedback: %d %s", r.Status, r.Body)
	}
	if r := f.do("reviewer", "POST", p+"/confirm", map[string]any{"version": rec.Version + 1}); r.Status != 200 {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	var y jixiao.RectificationYear
	f.do("reviewer", "GET", "/api/v1/rectifications?year=2025", nil).json(t, &y)
	if len(y.Earlier) != 1 || y.Earlier[0].Done != 1 || len(y.Carried) != 0 {
		t.Errorf("2025: %+v", y)
	}
	// One department's (as its self-evaluation shows them); another
	// department has none, and a department user sees none of another's.
	for _, c := range []struct {
		user, org string
		earlier   int
	}{{"reviewer", "D1", 1}, {"reviewer", "D2", 0}, {"preparer", "D1", 1}, {"preparer", "D2", 0}} {
		var one jixiao.RectificationYear
		f.do(c.user, "GET", fmt.Sprintf("/api/v1/rectifications?year=2025&org_id=%d", f.orgs[c.org].ID), nil).json(t, &one)
		if len(one.Earlier) != c.earlier {
			t.Errorf("%s asks for %s's: %+v", c.user, c.org, one.Earlier)
		}
	}

	if r := f.do("reviewer", "POST", fmt.Sprintf("/api/v1/evaluations/%d/decision", f.evals["D1"].ID), map[string]any{"action": "压缩", "amount": "90.125"}); r.Status != 200 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	var tab jixiao.ApplicationTable
	f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application?year=%d", f.evals["D1"].Year), nil).json(t, &tab)
	if len(tab.Application.Rows) != 2 || tab.Application.Decided != 1 {
		t.Errorf("table: %d rows, %d decided", len(tab.Application.Rows), tab.Application.Decided)
	}
	if r := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application/xlsx?year=%d", f.evals["D1"].Year), nil); r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("PK")) {
		t.Errorf("xlsx: %d", r.Status)
	}
	// The report, read back: one project decided 压缩 at 90.13 (90.125
	// rounded half-up), the other at its suggestion.
	r = f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application/docx?year=%d", f.evals["D1"].Year), nil)
	if r.Status != 200 {
		t.Fatalf("docx: %d %s", r.Status, r.Body)
	}
	ps, err := docx.Read(bytes.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.Text)
	}
	text := strings.Join(all, "\n")
	row := tab.Application.Rows[slices.IndexFunc(tab.Application.Rows, func(r jixiao.AppliedRow) bool { return r.Decided })]
	for _, want := range []string{"2个项目的评价结果应用于", "财政局已决定1个", row.Project + "\n", "\n压缩\n90.13\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

// TestRaiseFromReviewThroughAPI: after the bureau returned D1's
// self-evaluation with an overall opinion and a comment, the reviewer
// raises two items of source 审核 through the API, once; the department
// cannot.
func TestRaiseFromReviewThroughAPI(t *testing.T) {
	f := newFixture(t, false)
	ev := f.evals["D1"]
	info, err := f.db.Transition(t.Context(), f.users["admin"], ev.ID, ev.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Transition(t.Context(), f.users["reviewer"], info.ID, info.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusReturned,
		"资金使用情况说明不足", []jixiao.Comment{{Text: "满意度调查缺少样本量"}}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/evaluations/%d/review-rectifications", ev.ID)
	if r := f.do("preparer", "POST", path, nil); r.Status != 403 && r.Status != 404 {
		t.Errorf("a department raises: %d %s", r.Status, r.Body)
	}
	for i, want := range []int{2, 0} {
		var got struct {
			Items   []jixiao.RectificationRecord `json:"items"`
			Created int                          `json:"created"`
		}
		r := f.do("reviewer", "POST", path, nil)
		if r.Status != 200 {
			t.Fatalf("raise %d: %d %s", i, r.Status, r.Body)
		}
		r.json(t, &got)
		if got.Created != want || len(got.Items) != 2 || got.Items[0].Item.Source != jixiao.RectReview ||
			got.Items[0].Item.Problem != "审核意见：资金使用情况说明不足" || got.Items[1].Item.Problem != "审核意见：满意度调查缺少样本量" {
			t.Errorf("raise %d: %+v", i, got)
		}
	}
}

// TestResultsApplicationThroughAPI, on both engines: the reviewer records
// D1's next-year request and a decision that moves part of the cut to two
// other purposes (a cent more than the cut is refused, naming the
// amounts), and D2's request alone; a department cannot. The table's
// totals add up (requested = kept + reallocated + withdrawn), and the
// Word report and (with LibreOffice) the PDF made in the background
// state them and list the reallocations.
func TestResultsApplicationThroughAPI(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			if pg && sqltest.PostgresDSN(t) == "" {
				return
			}
			f := newFixture(t, pg)
			for _, d := range []string{"D1", "D2"} {
				ev := f.evals[d]
				if _, err := f.db.Transition(t.Context(), f.users["admin"], ev.ID, ev.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
					t.Fatal(err)
				}
			}
			year := f.evals["D1"].Year
			decide := func(user, d string, body map[string]any) response {
				return f.do(user, "POST", fmt.Sprintf("/api/v1/evaluations/%d/decision", f.evals[d].ID), body)
			}
			moves := func(second string) []map[string]any {
				return []map[string]any{{"to": "学生资助", "amount": "200"}, {"to": "校舍维修", "amount": second}}
			}
			if r := decide("preparer", "D1", map[string]any{"action": "调剂", "amount": "200", "requested": "500", "reallocations": moves("100")}); r.Status != 403 && r.Status != 404 {
				t.Errorf("a department decides: %d", r.Status)
			}
			r := decide("reviewer", "D1", map[string]any{"action": "调剂", "amount": "200", "requested": "500", "reallocations": moves("100.01")})
			if r.Status != 400 || !strings.Contains(string(r.Body), "调剂金额合计 300.01 万元，超过调减的 300.00 万元（拟安排 500.00 − 决定 200.00）") {
				t.Errorf("a cent more than the cut: %d %s", r.Status, r.Body)
			}
			if r := decide("reviewer", "D1", map[string]any{"action": "调剂", "amount": "200", "requested": "500", "reallocations": []map[string]any{{"to": " ", "amount": "1"}}}); r.Status != 400 || !strings.Contains(string(r.Body), "调剂去向第 1 项：调剂到的项目或用途不能为空") {
				t.Errorf("a blank destination: %d %s", r.Status, r.Body)
			}
			if r := decide("reviewer", "D1", map[string]any{"action": "调剂", "amount": "200", "requested": "500", "reallocations": moves("100")}); r.Status != 200 {
				t.Fatalf("decide D1: %d %s", r.Status, r.Body)
			}
			if r := decide("reviewer", "D2", map[string]any{"action": "", "requested": "80"}); r.Status != 200 {
				t.Fatalf("D2's request: %d %s", r.Status, r.Body)
			}
			if r := decide("reviewer", "D2", map[string]any{"action": "", "amount": "1"}); r.Status != 400 || !strings.Contains(string(r.Body), "决定措施不能为空") {
				t.Errorf("an amount without an action: %d %s", r.Status, r.Body)
			}
			var tab jixiao.ApplicationTable
			f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application?year=%d", year), nil).json(t, &tab)
			a := tab.Application
			if a == nil || len(a.Rows) != 2 {
				t.Fatalf("table %+v", tab)
			}
			var d1, d2 jixiao.AppliedRow
			for i, id := range tab.EvaluationIDs {
				switch id {
				case f.evals["D1"].ID:
					d1 = a.Rows[i]
				case f.evals["D2"].ID:
					d2 = a.Rows[i]
				}
			}
			dec := decimal.RequireFromString
			if !d1.Amount.Equal(dec("500")) || !d1.Kept.Equal(dec("200")) || !d1.Reallocated.Equal(dec("300")) || !d1.Withdrawn.IsZero() || len(d1.Reallocations) != 2 {
				t.Errorf("D1's row: %+v", d1)
			}
			if !d2.Amount.Equal(dec("80")) || d2.Decided || !d2.Final.Equal(d2.Suggestion.Amount) {
				t.Errorf("D2's row: %+v", d2)
			}
			if !a.Amount.Equal(a.Kept.Add(a.Reallocated).Add(a.Withdrawn)) || !a.Final.Equal(a.Kept.Add(a.Added)) || !a.Reallocated.Equal(dec("300")) || !a.Amount.Equal(dec("580")) {
				t.Errorf("totals: %s", a.Balance())
			}

			r = f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application/docx?year=%d", year), nil)
			ps, err := docx.Read(bytes.NewReader(r.Body), int64(len(r.Body)))
			if r.Status != 200 || err != nil {
				t.Fatalf("docx: %d %v", r.Status, err)
			}
			var all []string
			for _, p := range ps {
				all = append(all, p.Text)
			}
			text := strings.Join(all, "\n")
			for _, want := range []string{"调剂到其他项目或用途300.00万元", "表3：调剂明细", "D1单位\n" + d1.Project + "\n学生资助\n200.00", "校舍维修\n100.00\n合计\n300.00", "拟安排金额合计\n2\n580.00"} {
				if !strings.Contains(text, want) {
					t.Errorf("report lacks %q:\n%s", want, text)
				}
			}
			if pg {
				return
			}
			// The same report as PDF, made in the background.
			soffice(t)
			testutil.Tool(t, "pdftotext")
			j := f.startJob("reviewer", fmt.Sprintf("/api/v1/results-application/report-jobs?year=%d", year))
			f.startJobs()
			done := f.waitJob("reviewer", j.ID)
			if done.State != jixiao.JobDone || done.ResultName != fmt.Sprintf("%d年度结果应用报告.pdf", year) {
				t.Fatalf("PDF job %+v", done)
			}
			got := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil)
			if got.Status != 200 || !bytes.HasPrefix(got.Body, []byte("%PDF-")) {
				t.Fatalf("PDF: %d %.20q", got.Status, got.Body)
			}
			pdfText, err := poppler.ReportText(t.Context(), "结果应用报告.pdf", got.Body)
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(pdfText), "")
			for _, want := range []string{"结果应用报告", "调剂明细", "学生资助", "收回0.00万元"} {
				if !strings.Contains(flat, want) {
					t.Errorf("PDF lacks %q:\n%s", want, pdfText)
				}
			}
		})
	}
}
