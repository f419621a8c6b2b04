package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao"
)

// TestDepartmentEvaluationPage: the department's preparer opens 部门评价,
// chooses its submitted self-evaluation, re-scores it on the re-check
// sheet with a reason and reads the deviation; the bureau's reviewer reads
// the department's evaluation but is offered no re-scoring of it.
func TestDepartmentEvaluationPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var info *jixiao.EvaluationInfo
	for _, e := range s.data.Evaluations {
		_, in, err := s.db.LoadEvaluation(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if in.OrgID == s.data.Departments[0].ID && in.Year == 2024 {
			info = in
			break
		}
	}
	if info == nil {
		t.Fatal("the demo has no 2024 self-evaluation of the first department")
	}
	if info.Status != jixiao.StatusSubmitted && info.Status != jixiao.StatusAccepted {
		if _, err := s.db.Transition(ctx, &jixiao.User{Username: "测试"}, info.ID, info.Version, []jixiao.Status{info.Status}, jixiao.StatusSubmitted, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	c := signIn(t, s, "preparer")
	st, body := c.get("/recheck?year=2024")
	if st != 200 || !strings.Contains(body, `id="evaluate-own"`) || !strings.Contains(body, fmt.Sprintf(`name="evaluation" value="%d"`, info.ID)) {
		t.Fatalf("the department's page offers no evaluation of its project: %d", st)
	}
	if st, body := c.post("/recheck/own", url.Values{"year": {"2024"}}); st != 400 || !strings.Contains(body, "请选择要评价的项目") {
		t.Errorf("nothing chosen: %d", st)
	}
	resp, err := c.c.PostForm(c.base+"/recheck/own", url.Values{"year": {"2024"}, "evaluation": {fmt.Sprint(info.ID)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	sample := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(sample, "/recheck/samples/") {
		t.Fatalf("starting it: %d %q", resp.StatusCode, sample)
	}
	sheet := fmt.Sprintf("%s/evaluations/%d", sample, info.ID)
	if _, body := c.get(sample); !strings.Contains(body, "2024年度部门评价") || !strings.Contains(body, `href="`+sheet+`">复核评分</a>`) || strings.Contains(body, "随机种子") {
		t.Fatalf("the evaluation's page:\n%.2000s", body)
	}
	_, body = c.get(sheet)
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="(n|item-\d+|recheck-\d+)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	if form.Get("n") == "" || form.Get("item-0") == "" {
		t.Fatalf("the sheet has no items:\n%.2000s", body)
	}
	form.Set("recheck-0", "0")
	form.Set("reason-0", "部门评价：执行率按决算数计算")
	if st, body := c.post(sheet, form); st != 303 {
		t.Fatalf("re-scoring: %d %.500s", st, body)
	}
	if _, body := c.get(sample); !strings.Contains(body, `id="overall-deviation"`) || !strings.Contains(body, "部门评价：执行率按决算数计算") {
		t.Errorf("the evaluation's page shows no deviation")
	}
	r := signIn(t, s, "reviewer")
	_, body = r.get(sample)
	if !strings.Contains(body, "部门评价：执行率按决算数计算") || !strings.Contains(body, "查看评分表") {
		t.Errorf("the bureau reads no deviation, or is offered re-scoring")
	}
	if _, list := r.get("/recheck?year=2024"); !strings.Contains(list, "组织的部门评价") {
		t.Errorf("the bureau's list lacks the department's evaluation")
	}
	if st, _ := r.post(sheet, form); st != 403 {
		t.Errorf("the bureau re-scores the department's evaluation: %d", st)
	}
}
