package server_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// TestDeclarationOverAPI: the Proof's cycle through the JSON API. D2's
// approver declares a project (an indicator from the library and a new
// one), the bureau's reviewer returns the new indicator with an opinion,
// the department revises and resubmits, the reviewer approves with the
// default rubric's scores (the grade computed); mid-year the department
// adjusts one target with a reason, it is approved; the diff shows the
// adjustment; the self-evaluation is created from the baseline with the
// adjusted target, and check D05 finds a target changed afterwards.
func TestDeclarationOverAPI(t *testing.T) {
	f := newFixture(t, false)
	var rec jixiao.DeclarationRecord
	step := func(user, method, path string, body any, out any) {
		t.Helper()
		r := f.do(user, method, path, body)
		if r.Status != 200 {
			t.Fatalf("%s %s as %s: %d %s", method, path, user, r.Status, r.Body)
		}
		if out != nil {
			r.json(t, out)
		}
	}
	base := func() string { return fmt.Sprintf("/api/v1/declarations/%d", rec.ID) }
	step("approver", "POST", "/api/v1/declarations", map[string]any{
		"kind": "项目", "year": 2025, "unit": "某县人社局", "project": "职业技能培训",
		"versions": []any{map[string]any{"number": 1, "kind": "原始申报", "state": "草稿", "overall_goal": "完成培训5000人次",
			"funds": []any{map[string]any{"source": "general_public", "amount": "300.5"}},
			"indicators": []any{
				map[string]any{"library_id": "CX-0001", "level1": "产出指标", "level2": "数量指标", "name": "培训人次", "op": "≥", "target": "5000", "unit": "人次", "weight": 50},
				map[string]any{"level1": "效益指标", "level2": "社会效益指标", "name": "培训后就业率", "target": "≥60%", "weight": 50},
			}}}}, &rec)
	if rec.Declaration.Latest().State != jixiao.DeclDraft || rec.Declaration.Latest().Funds[0].Amount.String() != "300.5" {
		t.Fatalf("created %+v", rec.Declaration.Latest())
	}
	step("approver", "POST", base()+"/submit", map[string]any{"version": rec.Version}, &rec)
	step("reviewer", "POST", base()+"/return", map[string]any{"version": rec.Version,
		"opinions": []any{map[string]string{"indicator": "培训后就业率", "text": "目标值偏低，请参照上年实际完成值"}}}, &rec)
	v := rec.Declaration.Latest()
	if v.State != jixiao.DeclReturned || v.Reviews[0].Opinions[0].Indicator != "培训后就业率" {
		t.Fatalf("returned %+v", v)
	}
	v.Indicators[1].Target.Text = "≥70%"
	step("approver", "PUT", base(), map[string]any{"version": rec.Version, "content": v}, &rec)
	step("approver", "POST", base()+"/submit", map[string]any{"version": rec.Version}, &rec)
	items := []any{}
	for _, c := range []string{"R1", "R2", "R3", "R4"} {
		items = append(items, map[string]any{"code": c, "points": "23.5"})
	}
	step("reviewer", "POST", base()+"/approve", map[string]any{"version": rec.Version, "items": items}, &rec)
	if r := rec.Declaration.Latest().Reviews; len(r) != 2 || r[1].Score.String() != "94" || r[1].Grade == "" || len(rec.Reviews) != 2 || rec.Reviews[1].Username != "reviewer" {
		t.Fatalf("approved %+v %+v", rec.Declaration.Latest().Reviews, rec.Reviews)
	}

	// Mid-year adjustment of one target, with its reason.
	step("approver", "POST", base()+"/revise", map[string]any{"version": rec.Version, "kind": "目标调整"}, &rec)
	v = rec.Declaration.Latest()
	v.Indicators[0].Target.Text = "4500"
	v.Changes = []jixiao.ChangeReason{{Indicator: "CX-0001", Code: "预算调整", Text: "预算压减10%"}}
	step("approver", "PUT", base(), map[string]any{"version": rec.Version, "content": v}, &rec)
	step("approver", "POST", base()+"/submit", map[string]any{"version": rec.Version}, &rec)
	step("reviewer", "POST", base()+"/approve", map[string]any{"version": rec.Version, "items": items}, &rec)
	var diff api.DeclarationDiff
	step("reviewer", "GET", base()+"/diff?from=1&to=2", nil, &diff)
	if len(diff.Changes) != 1 || diff.Changes[0].Indicator == "" || !strings.Contains(diff.Changes[0].New, "4500") {
		t.Errorf("diff %+v", diff)
	}
	var fs api.DeclarationFindings
	step("approver", "GET", base()+"/findings", nil, &fs)

	// The self-evaluation from the baseline, then a target changed in it.
	if r := f.do("reviewer", "POST", base()+"/baseline", nil); r.Status != 403 {
		t.Errorf("a reviewer creates the self-evaluation: %d", r.Status)
	}
	var info jixiao.EvaluationInfo
	step("approver", "POST", base()+"/baseline", nil, &info)
	var ev jixiao.Evaluation
	step("approver", "GET", fmt.Sprintf("/api/v1/evaluations/%d/case", info.ID), nil, &ev)
	if ev.Baseline == nil || ev.Baseline.Version != 2 || ev.Projects[0].Indicators[0].Target.Text != "4500" {
		t.Fatalf("baseline evaluation %+v %+v", ev.Baseline, ev.Projects)
	}
	ev.Projects[0].Indicators[0].Target.Text = "4000"
	step("approver", "PUT", fmt.Sprintf("/api/v1/evaluations/%d/case?revision=%d", info.ID, info.Revision), ev, &info)
	r := f.do("approver", "GET", fmt.Sprintf("/api/v1/evaluations/%d/findings", info.ID), nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"D05"`) {
		t.Errorf("findings after changing the target: %d %.500s", r.Status, r.Body)
	}
}
