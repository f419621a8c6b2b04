package app_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/report/docx"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestRecheckYear follows a year of re-checking through the store on
// both engines: a city bureau draws a sample from the submitted
// self-evaluations it sees (the roster built from the database, the same
// sample again from the same seed, a draft left out, another city's
// department never in it); an evaluator re-scores one with a reason and
// the deviation follows; a problem becomes a rectification item, the
// department feeds back, the bureau confirms one and leaves another open,
// which carries into the next year's count; grades become budget actions
// and a decision is recorded. Each role gets what policy.go allows.
func TestRecheckYear(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		depts := []int64{org("D1", "石家庄市教育局", jixiao.OrgDepartment, city), org("D2", "石家庄市交通运输局", jixiao.OrgDepartment, city),
			org("D3", "石家庄市民政局", jixiao.OrgDepartment, city), org("D4", "石家庄市卫生健康委", jixiao.OrgDepartment, city)}
		other := org("B2", "唐山市财政局", jixiao.OrgBureau, 0)
		far := org("E1", "唐山市教育局", jixiao.OrgDepartment, other)
		data, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
		if err != nil {
			t.Fatal(err)
		}
		evals := map[int64]int64{}
		for i, d := range append(append([]int64{}, depts...), far) {
			c, err := caseio.Parse("ref.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			info, err := db.ImportEvaluation(ctx, sys, d, c.Evaluation, false)
			if err != nil {
				t.Fatal(err)
			}
			evals[d] = info.ID
			if i == 3 {
				continue // D4's stays a draft: not in the roster
			}
			if _, err := db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
				t.Fatal(err)
			}
		}
		as := func(name string, role jixiao.Role, orgID int64, assigned ...int64) context.Context {
			u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: name, Role: role, OrgID: orgID, Assigned: assigned}, "x")
			if err != nil {
				t.Fatal(err)
			}
			return jixiao.WithUser(ctx, u)
		}
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		farReviewer := as("far-reviewer", jixiao.RoleReviewer, other)
		evaluator := as("evaluator", jixiao.RoleEvaluator, 0, depts[0], depts[1], depts[2])
		prep := as("edu", jixiao.RolePreparer, depts[0])
		prep2 := as("road", jixiao.RolePreparer, depts[1])
		code := func(what string, err error, want string) {
			t.Helper()
			if jixiao.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %s", what, err, want)
			}
		}

		// Sampling: two of the city's three submitted self-evaluations.
		spec := jixiao.SampleSpec{Seed: 20250315, Method: jixiao.SampleRandom, Size: 2}
		_, err = a.DrawSample(prep, 2024, spec)
		code("a department draws", err, jixiao.EFORBIDDEN)
		_, err = a.DrawSample(evaluator, 2024, spec)
		code("an evaluator draws", err, jixiao.EFORBIDDEN)
		_, err = a.DrawSample(reviewer, 1800, spec)
		code("a year out of bounds", err, jixiao.EINVALID)
		s1, err := a.DrawSample(reviewer, 2024, spec)
		if err != nil {
			t.Fatal(err)
		}
		if s1.Sample.Population != 3 || len(s1.Entries) != 2 || s1.OrgID != city {
			t.Fatalf("sample: population %d, %d entries, bureau %d", s1.Sample.Population, len(s1.Entries), s1.OrgID)
		}
		s2, err := a.DrawSample(reviewer, 2024, spec)
		if err != nil {
			t.Fatal(err)
		}
		if s2.ID == s1.ID || s2.Sample.Digest != s1.Sample.Digest || keys(s2) != keys(s1) {
			t.Errorf("the same seed drew %s (digest %s), then %s (digest %s)", keys(s1), s1.Sample.Digest, keys(s2), s2.Sample.Digest)
		}
		// Read back from the store, the sample is what was drawn, and the
		// pure draw over the same roster gives it again.
		got, err := a.RecheckResult(reviewer, s1.ID)
		if err != nil || keys(got.Sample) != keys(s1) || got.Sample.Sample.Seed != spec.Seed || got.Deviation != nil {
			t.Fatalf("stored sample: %+v %v", got, err)
		}
		ss, _, err := a.Summaries(reviewer, jixiao.EvaluationFilter{Year: 2024, Status: jixiao.StatusSubmitted})
		if err != nil {
			t.Fatal(err)
		}
		roster := &jixiao.Roster{}
		for _, s := range ss {
			roster.Submissions = append(roster.Submissions, jixiao.Submission{Unit: s.OrgName, Project: "部门整体支出", Amount: *s.Budget, Score: s.Total, Grade: s.Grade})
		}
		pure, err := jixiao.DrawSample(roster, spec)
		if err != nil || pure.Digest != s1.Sample.Digest || pure.Items[0].Key() != s1.Entries[0].Key() || pure.Items[1].Key() != s1.Entries[1].Key() {
			t.Errorf("the pure draw: %+v %v, stored %s", pure, err, keys(s1))
		}
		for _, e := range s1.Entries {
			if e.OrgID == far || e.OrgID == depts[3] {
				t.Errorf("sampled %s: another city's or a draft", e.Key())
			}
		}
		if l, err := a.Samples(farReviewer, 2024); err != nil || len(l) != 0 {
			t.Errorf("another city's reviewer lists %d samples (%v)", len(l), err)
		}
		_, err = a.RecheckResult(prep2, s1.ID)
		code("a department reads a sample", err, jixiao.ENOTFOUND)

		// Re-scoring: the evaluator changes one item and must say why.
		e := s1.Entries[0]
		sh, err := a.RecheckSheet(evaluator, s1.ID, e.EvaluationID)
		if err != nil || sh.Rescored || len(sh.Items) < 2 {
			t.Fatalf("sheet: %+v %v", sh, err)
		}
		// The sheet is per scored item (here the department's 分项绩效目标),
		// and the self-scores add up to the self-evaluation's score.
		var selfSum decimal.Decimal
		for _, it := range sh.Items {
			selfSum = selfSum.Add(it.Self)
		}
		if d := selfSum.Sub(e.Score).Abs(); d.GreaterThan(decimal.RequireFromString("0.05")) {
			t.Errorf("the sheet's self-scores add up to %s, the self-evaluation scored %s", selfSum, e.Score)
		}
		var in []jixiao.RescoreInput
		for _, it := range sh.Items {
			in = append(in, jixiao.RescoreInput{Item: it.Name, Recheck: it.Self})
		}
		changed := in[0].Recheck.Sub(decimal.NewFromInt(1))
		if changed.IsNegative() {
			t.Fatalf("item %s scored %s: cannot lower it", in[0].Item, in[0].Recheck)
		}
		in[0].Recheck = changed
		_, err = a.SaveRescore(evaluator, s1.ID, e.EvaluationID, in)
		code("a changed item without a reason", err, jixiao.EINVALID)
		_, err = a.SaveRescore(prep, s1.ID, e.EvaluationID, in)
		code("a department re-scores", err, jixiao.ENOTFOUND)
		in[0].Reason = "执行率按决算数计算"
		_, err = a.SaveRescore(evaluator, s1.ID, e.EvaluationID, in[1:])
		code("an item left out", err, jixiao.EINVALID)
		sh, err = a.SaveRescore(evaluator, s1.ID, e.EvaluationID, in)
		if err != nil {
			t.Fatal(err)
		}
		if !sh.Rescored || sh.Deviation == nil || !sh.Deviation.Items[0].Deviation.Equal(decimal.NewFromInt(-1)) || sh.Items[0].Reason != "执行率按决算数计算" {
			t.Fatalf("re-scored sheet: %+v", sh)
		}
		res, err := a.RecheckResult(reviewer, s1.ID)
		if err != nil || res.Deviation == nil || len(res.Deviation.Projects) != 1 || !res.Rescored[e.EvaluationID] ||
			!res.Deviation.Mean.Equal(decimal.NewFromInt(-1)) {
			t.Fatalf("deviation: %+v %v", res, err)
		}

		// Rectification: two problems of 2024 for the education bureau.
		newItem := func(problem string) *jixiao.RectificationRecord {
			r, err := a.CreateRectification(reviewer, &jixiao.RectificationInput{OrgID: depts[0], Year: 2024, Source: jixiao.RectRecheck, EvaluationID: evals[depts[0]],
				Problem: problem, Owner: "张三", Measure: "重新核定", Deadline: "2025-06-30"})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		_, err = a.CreateRectification(prep, &jixiao.RectificationInput{OrgID: depts[0], Year: 2024, Source: jixiao.RectRecheck, Problem: "x", Owner: "x", Measure: "x", Deadline: "2025-06-30"})
		code("a department raises an item", err, jixiao.EFORBIDDEN)
		_, err = a.CreateRectification(reviewer, &jixiao.RectificationInput{OrgID: far, Year: 2024, Source: jixiao.RectRecheck, Problem: "x", Owner: "x", Measure: "x", Deadline: "2025-06-30"})
		code("another city's department", err, jixiao.ENOTFOUND)
		_, err = a.CreateRectification(reviewer, &jixiao.RectificationInput{OrgID: depts[0], Year: 2024, Source: jixiao.RectRecheck, Problem: "x", Owner: "x", Measure: "x", Deadline: "明年"})
		code("a deadline that is no date", err, jixiao.EINVALID)
		r1, r2 := newItem("执行率计算口径有误"), newItem("佐证材料不全")
		if r1.Item.Status != jixiao.RectNotified || r1.Item.Project != "部门整体支出" || !strings.HasPrefix(r1.Item.ID, "ZG-") {
			t.Errorf("new item: %+v", r1.Item)
		}
		_, err = a.RectificationFeedback(prep, r1.ID, r1.Version, nil, "", "")
		code("feedback without evidence", err, jixiao.EINVALID)
		_, err = a.RectificationFeedback(prep, r1.ID, r1.Version, nil, "javascript:alert(1)", "")
		code("a link that is not http", err, jixiao.EINVALID)
		_, err = a.RectificationFeedback(prep2, r1.ID, r1.Version, []string{"整改报告"}, "", "")
		code("another department's feedback", err, jixiao.ENOTFOUND)
		r1, err = a.RectificationFeedback(prep, r1.ID, r1.Version, []string{"整改报告"}, "https://example.org/zg/1", "已整改")
		if err != nil || r1.Item.Status != jixiao.RectFeedback || r1.Link != "https://example.org/zg/1" || len(r1.Item.Evidence) != 2 {
			t.Fatalf("feedback: %+v %v", r1, err)
		}
		_, err = a.ConfirmRectification(prep, r1.ID, r1.Version, "")
		code("a department confirms", err, jixiao.EFORBIDDEN)
		_, err = a.ConfirmRectification(reviewer, r1.ID, r1.Version-1, "")
		code("a stale confirmation", err, jixiao.ECONFLICT)
		if r1, err = a.ConfirmRectification(reviewer, r1.ID, r1.Version, "同意"); err != nil || r1.Item.Status != jixiao.RectConfirmed {
			t.Fatalf("confirm: %+v %v", r1, err)
		}
		if r2, err = a.RectificationFeedback(prep, r2.ID, r2.Version, []string{"补充材料清单"}, "", ""); err != nil {
			t.Fatal(err)
		}
		if r2, err = a.ReturnRectification(reviewer, r2.ID, r2.Version, "材料不全"); err != nil || r2.Item.Status != jixiao.RectReturned || len(r2.Item.History) != 2 {
			t.Fatalf("return: %+v %v", r2, err)
		}
		next, err := a.Rectifications(reviewer, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(next.Items) != 0 || len(next.Carried) != 1 || next.Carried[0].ID != r2.ID || len(next.Earlier) != 1 ||
			next.Earlier[0].Text() != "2024年度整改事项2项，已完成1项，尚未完成1项" {
			t.Errorf("2025: %+v", next)
		}
		if y, err := a.Rectifications(prep2, 2024); err != nil || len(y.Items) != 0 {
			t.Errorf("another department sees %+v (%v)", y, err)
		}
		if y, err := a.Rectifications(prep, 2024); err != nil || len(y.Items) != 2 || y.Current.Open != 1 {
			t.Errorf("the department's own: %+v (%v)", y, err)
		}

		// The open item carries into the department's 2025 self-evaluation
		// report, counted and listed with its measure and deadline: read
		// back from the DOCX the department downloads.
		c25, err := caseio.Parse("ref.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		c25.Evaluation.Year = 2025
		info25, err := db.ImportEvaluation(ctx, sys, depts[0], c25.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		var doc bytes.Buffer
		if _, _, err := a.Report(prep, info25.ID, "docx", &doc); err != nil {
			t.Fatal(err)
		}
		ps, err := docx.Read(bytes.NewReader(doc.Bytes()), int64(doc.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var body []string
		rows := map[int][]string{}
		for _, p := range ps {
			if p.InTable {
				rows[p.Row] = append(rows[p.Row], p.Text)
			} else {
				body = append(body, p.Text)
			}
		}
		if !slices.Contains(body, "2024年度整改事项2项，已完成1项，尚未完成1项。") || !slices.Contains(body, "以前年度尚未完成、转入2025年度继续整改的事项1项，列示如下。") {
			t.Errorf("the 2025 report lacks the 2024 count")
		}
		carriedRow := false
		for _, cells := range rows {
			carriedRow = carriedRow || slices.Equal(cells, []string{"1", "2024", "部门整体支出", "佐证材料不全", "重新核定", "张三", "2025-06-30", "退回"}) ||
				slices.Equal(cells, []string{"1", "2024", "部门整体支出", "佐证材料不全", "重新核定", "张三", "2025-06-30", "退回（已逾期）"})
		}
		if !carriedRow {
			t.Errorf("the 2025 report lacks the carried item's row: %v", rows)
		}
		doc.Reset()
		if _, _, err := a.Report(prep, evals[depts[0]], "html", &doc); err != nil || strings.Contains(doc.String(), "以前年度问题整改情况") {
			t.Errorf("the 2024 report speaks of earlier rectification (%v)", err)
		}

		// Results application: three graded rows, one decided.
		tab, err := a.ApplicationTable(reviewer, 2024)
		if err != nil || len(tab.Application.Rows) != 3 || tab.Application.Decided != 0 {
			t.Fatalf("table: %+v %v", tab, err)
		}
		amount := decimal.RequireFromString("123.456")
		_, err = a.Decide(prep, evals[depts[0]], &jixiao.DecisionInput{Action: "压缩", Amount: &amount})
		code("a department decides", err, jixiao.EFORBIDDEN)
		_, err = a.Decide(reviewer, evals[depts[3]], &jixiao.DecisionInput{Action: "压缩"})
		code("a draft", err, jixiao.EINVALID)
		_, err = a.Decide(reviewer, evals[depts[0]], &jixiao.DecisionInput{Action: "  "})
		code("no action", err, jixiao.EINVALID)
		d, err := a.Decide(reviewer, evals[depts[0]], &jixiao.DecisionInput{Action: "压缩", Amount: &amount, Note: "复核后调整"})
		if err != nil || d.SuggestedAction == "" || !d.DecidedAmount.Equal(decimal.RequireFromString("123.46")) {
			t.Fatalf("decision: %+v %v", d, err)
		}
		tab, err = a.ApplicationTable(reviewer, 2024)
		if err != nil || tab.Application.Decided != 1 {
			t.Fatalf("table after the decision: %+v %v", tab, err)
		}
		for i, id := range tab.EvaluationIDs {
			row := tab.Application.Rows[i]
			if (id == evals[depts[0]]) != row.Decided || row.Decided && (row.DecidedAction != "压缩" || !row.Final.Equal(decimal.RequireFromString("123.46"))) {
				t.Errorf("row %d (%s): decided %v %s %s", i, row.Unit, row.Decided, row.DecidedAction, row.Final)
			}
		}
		var buf bytes.Buffer
		name, err := a.ApplicationXLSX(reviewer, 2024, &buf)
		if err != nil || name != "2024年度结果应用表.xlsx" || !bytes.HasPrefix(buf.Bytes(), []byte("PK")) {
			t.Errorf("xlsx: %s %d bytes %v", name, buf.Len(), err)
		}

		// Problems become items with one action, once: the re-check's
		// lowered score and reason, and the self-evaluation's stated
		// problems, each with its measure.
		_, _, err = a.RaiseFromRecheck(prep, s1.ID)
		code("a department raises from a re-check", err, jixiao.ENOTFOUND)
		_, _, err = a.RaiseFromRecheck(farReviewer, s1.ID)
		code("another city's reviewer raises from a re-check", err, jixiao.ENOTFOUND)
		_, _, err = a.RaiseFromRecheck(reviewer, s2.ID)
		code("a sample not re-scored", err, jixiao.EINVALID)
		raised, n, err := a.RaiseFromRecheck(reviewer, s1.ID)
		if err != nil || n != 1 || len(raised) != 1 || raised[0].OrgID != e.OrgID || raised[0].EvaluationID != e.EvaluationID || raised[0].SampleID != s1.ID || raised[0].RoundID != 0 || raised[0].Item.Source != jixiao.RectRecheck ||
			!strings.Contains(raised[0].Item.Problem, "相差-1分") || !strings.Contains(raised[0].Item.Problem, "执行率按决算数计算") {
			t.Fatalf("raised from the re-check: %+v %d %v", raised, n, err)
		}
		again, n, err := a.RaiseFromRecheck(reviewer, s1.ID)
		if err != nil || n != 0 || len(again) != 1 || again[0].ID != raised[0].ID {
			t.Errorf("raised again: %+v %d %v", again, n, err)
		}
		_, _, err = a.RaiseFromEvaluation(prep2, evals[depts[1]])
		code("a department raises from its self-evaluation", err, jixiao.EFORBIDDEN)
		_, _, err = a.RaiseFromEvaluation(reviewer, evals[depts[3]])
		code("a draft self-evaluation", err, jixiao.EINVALID)
		_, _, err = a.RaiseFromEvaluation(reviewer, evals[far])
		code("another city's self-evaluation", err, jixiao.ENOTFOUND)
		stated, n, err := a.RaiseFromEvaluation(reviewer, evals[depts[1]])
		if err != nil || n != 2 || len(stated) != 2 || stated[0].Item.Source != jixiao.RectSelf || stated[0].OrgID != depts[1] ||
			!strings.HasPrefix(stated[0].Item.Problem, "单位自评：个别项目目标和指标设置简化：") || !strings.HasPrefix(stated[0].Item.Measure, "科学设定绩效目标和指标") {
			t.Fatalf("raised from the self-evaluation: %+v %d %v", stated, n, err)
		}
		if _, n, err := a.RaiseFromEvaluation(reviewer, evals[depts[1]]); err != nil || n != 0 {
			t.Errorf("raised again from the self-evaluation: %d %v", n, err)
		}
		if y, err := a.Rectifications(prep2, 2024); err != nil || len(y.Items) != 2+btoi(e.OrgID == depts[1]) {
			t.Errorf("the road department's items: %+v %v", y, err)
		}

		// Results application uses the re-checked score and grade of the
		// re-checked evaluation (按复核等级), the self-assessed ones of the
		// others; re-scored again down to nothing, its grade and the
		// suggested action follow, and so does a decision.
		applied := func() (jixiao.AppliedRow, *jixiao.SelfAssessed) {
			t.Helper()
			tab, err := a.ApplicationTable(reviewer, 2024)
			if err != nil || len(tab.SelfAssessed) != len(tab.EvaluationIDs) {
				t.Fatalf("table: %+v %v", tab, err)
			}
			var row jixiao.AppliedRow
			var self *jixiao.SelfAssessed
			for i, id := range tab.EvaluationIDs {
				if id == e.EvaluationID {
					row, self = tab.Application.Rows[i], tab.SelfAssessed[i]
				} else if tab.SelfAssessed[i] != nil {
					t.Errorf("row %d (%s) not re-checked is marked re-checked: %+v", i, tab.Application.Rows[i].Unit, tab.SelfAssessed[i])
				}
			}
			return row, self
		}
		row, self := applied()
		if self == nil || !self.Score.Equal(e.Score) || self.Grade != e.Grade || row.Score == nil || !row.Score.Equal(e.Score.Sub(decimal.NewFromInt(1))) {
			t.Errorf("re-checked row: %+v, self-assessed %+v (self %s %s)", row.AppliedProject, self, e.Score, e.Grade)
		}
		for i := range in {
			in[i].Recheck, in[i].Reason = decimal.Zero, "无佐证材料"
		}
		if _, err := a.SaveRescore(evaluator, s1.ID, e.EvaluationID, in); err != nil {
			t.Fatal(err)
		}
		row, self = applied()
		if self == nil || self.Grade != e.Grade || row.Score == nil || !row.Score.IsZero() || row.Grade == e.Grade || row.Grade == "" {
			t.Errorf("re-scored to 0: %+v, self-assessed %+v", row.AppliedProject, self)
		}
		d2, err := a.Decide(reviewer, e.EvaluationID, &jixiao.DecisionInput{Action: row.Suggestion.Action})
		if err != nil || d2.Grade != row.Grade || d2.SuggestedAction != row.Suggestion.Action || d2.Score == nil || !d2.Score.IsZero() {
			t.Errorf("decision on the re-checked grade: %+v %v (row %s %s)", d2, err, row.Grade, row.Suggestion.Action)
		}

		// Every change is in the audit log.
		entries, _, err := db.Audit(ctx, jixiao.AuditFilter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, en := range entries {
			seen[en.Entity+"/"+en.Action]++
		}
		for k, n := range map[string]int{"recheck_sample/create": 2, "recheck_score/rescore": 2, "rectification/create": 5, "rectification/feedback": 2,
			"rectification/confirm": 1, "rectification/return": 1, "result_decision/decide": 2} {
			if seen[k] != n {
				t.Errorf("audit %s: %d entries, want %d", k, seen[k], n)
			}
		}
	})
}

func keys(s *jixiao.SampleRecord) string {
	var ks []string
	for _, e := range s.Entries {
		ks = append(ks, e.Key())
	}
	return strings.Join(ks, "；")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
