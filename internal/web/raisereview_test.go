package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/report/docx"
)

// TestRaiseFromReviewPage: a self-evaluation the bureau returned with an
// overall opinion and a comment offers the bureau 由审核意见生成整改事项
// on its overview; posting it makes one item per opinion (source 审核),
// once; the department is not offered it. The results page's report
// downloads as a Word file.
func TestRaiseFromReviewPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var info *jixiao.EvaluationInfo
	for _, e := range s.data.Evaluations {
		_, in, err := s.db.LoadEvaluation(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if in.OrgID == s.data.Departments[0].ID {
			info = in
			break
		}
	}
	if info == nil {
		t.Fatal("the demo has no self-evaluation of the first department")
	}
	sys := &jixiao.User{Username: "测试"}
	var err error
	if info.Status != jixiao.StatusSubmitted {
		if info, err = s.db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{info.Status}, jixiao.StatusSubmitted, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Transition(ctx, sys, info.ID, info.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusReturned,
		"绩效目标未细化量化", []jixiao.Comment{{Text: "时效指标缺少完成时限"}}); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/evaluations/%d", info.ID)
	if _, body := signIn(t, s, "preparer").get(page); strings.Contains(body, `id="raise-review"`) {
		t.Error("the department is offered raising items from the review")
	}
	r := signIn(t, s, "reviewer")
	if st, body := r.get(page); st != 200 || !strings.Contains(body, `id="raise-review"`) {
		t.Fatalf("the reviewer's overview offers no raising from the review: %d", st)
	}
	count := func() int {
		t.Helper()
		if st, _ := r.post(page+"/review-rectifications", nil); st != 303 {
			t.Fatalf("raising: %d", st)
		}
		_, body := r.get(fmt.Sprintf("/rectifications?year=%d", info.Year))
		return strings.Count(body, "审核意见：绩效目标未细化量化") + strings.Count(body, "审核意见：时效指标缺少完成时限")
	}
	if n := count(); n != 2 {
		t.Errorf("%d items listed, want 2 (one per opinion)", n)
	}
	if n := count(); n != 2 {
		t.Errorf("after raising again: %d items listed, want 2", n)
	}

	if st, body := r.get("/results?year=2024"); st != 200 || !strings.Contains(body, `href="/results/docx?year=2024" id="application-docx"`) {
		t.Errorf("the results page offers no report: %d", st)
	}
	st, body := r.get("/results/docx?year=2024")
	if st != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("the report: %d %.200q", st, body)
	}
	// The report has as many projects as the page has rows to decide.
	_, results := r.get("/results?year=2024")
	rows := strings.Count(results, `/decide" class="form inline decide"`)
	if text := docxText(t, body); rows == 0 || !strings.Contains(text, fmt.Sprintf("2024年度%d个项目的评价结果应用于2025年度预算", rows)) {
		t.Errorf("the bureau's report does not state the page's %d projects:\n%s", rows, text)
	}
	// A department's report (it sees no results page) holds only its own
	// projects, or none.
	if st, body := signIn(t, s, "preparer").get("/results/docx?year=2024"); st == 200 && strings.Contains(docxText(t, body), s.data.Departments[1].Name) {
		t.Error("a department's report shows another department")
	} else if st != 200 && st != 400 {
		t.Errorf("a department's report: %d", st)
	}
}

// docxText is the text of a DOCX file, one paragraph a line.
func docxText(t *testing.T, body string) string {
	t.Helper()
	ps, err := docx.Read(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.Text)
	}
	return strings.Join(all, "\n")
}
