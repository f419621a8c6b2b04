package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// Through the API, submitting an evaluation whose report has blanks is a
// 400 listing them (details), until the request carries an override with a
// reason; the transitions then record it.
func TestSubmitBlanksAPI(t *testing.T) {
	f := newFixture(t, false)
	ctx := context.Background()
	e := f.recs["D1"].eval
	ev, info, err := f.db.LoadEvaluation(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	ev.Problems, ev.Measures = nil, nil
	if info, err = f.db.UpdateEvaluation(ctx, &jixiao.User{Username: "fixture"}, e, info.Version, ev); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/evaluations/%d/submit", e)
	var body api.ErrorBody
	r := f.do("approver", "POST", path, map[string]any{"version": info.Version, "reason": "已审核"})
	if err := json.Unmarshal(r.Body, &body); err != nil || r.Status != 400 || body.Error.Code != jixiao.EINVALID ||
		body.Error.Message != "报告尚有2处待填写（存在的主要问题、针对问题提出具体的改进措施或建议），不能提交；请补全后再提交，或选择“仍要提交”并写明理由" ||
		!slices.Equal(body.Error.Details, []string{"“存在的主要问题”待填写：案例中没有存在的问题", "“针对问题提出具体的改进措施或建议”待填写：案例中没有改进措施"}) {
		t.Fatalf("submit with blanks: %d %s", r.Status, r.Body)
	}
	// An override needs its reason: the field is required.
	r = f.do("approver", "POST", path, map[string]any{"version": info.Version, "override": map[string]any{}})
	if r.Status != 400 || !strings.Contains(string(r.Body), "仍要提交的理由") {
		t.Errorf("override without a reason: %d %s", r.Status, r.Body)
	}
	r = f.do("approver", "POST", path, map[string]any{"version": info.Version, "reason": "已审核", "override": map[string]any{"reason": "问题与措施待局务会审定后补报"}})
	if r.Status != 200 {
		t.Fatalf("override: %d %s", r.Status, r.Body)
	}
	var ts api.List[jixiao.Transition]
	f.do("reviewer", "GET", fmt.Sprintf("/api/v1/evaluations/%d/transitions", e), nil).json(t, &ts)
	if len(ts.Items) != 1 || ts.Items[0].Reason != "已审核；仍要提交：报告尚有2处待填写（存在的主要问题、针对问题提出具体的改进措施或建议），理由：问题与措施待局务会审定后补报" {
		t.Errorf("transitions: %+v", ts.Items)
	}
}
