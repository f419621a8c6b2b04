package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDeclarationFormGoalsAndRefusals saves a department-style form with
// sub-goals and an indicator under one of them, and checks what is
// stored; a library code not in the library, a malformed target and too
// many rows are refused in Chinese with nothing saved.
func TestDeclarationFormGoalsAndRefusals(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	id := draftDeclaration(t, s, 0)
	c := signIn(t, s, "preparer")
	path := fmt.Sprintf("/declarations/%d", id)
	form := url.Values{"version": {"1"}, "overall_goal": {"完成年度重点工作"},
		"goal_name": {"规划编制", ""}, "goal_weight": {"40", ""}, "goal_target": {"完成市级国土空间总体规划", ""},
		"goal": {"规划编制", ""}, "library_id": {"", "GX-0027"}, "level1": {"产出指标", ""}, "level2": {"数量指标", ""},
		"name": {"完成规划数", ""}, "op": {"≥", "≥"}, "target": {"3", "95"}, "unit": {"个", ""}, "weight": {"20", "10"}, "standard": {"计划标准", ""},
		"fund_source": {"general_public", "other"}, "fund_amount": {"120.5", ""}}
	if st, body := c.post(path, form); st != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", st, body)
	}
	rec, err := s.db.Declaration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	v := rec.Declaration.Latest()
	if len(v.Goals) != 1 || v.Goals[0].Name != "规划编制" || v.Goals[0].Weight.String() != "40" || len(v.Goals[0].Indicators) != 1 ||
		v.Goals[0].Indicators[0].Name != "完成规划数" || v.Goals[0].Indicators[0].Target.Text != "3" {
		t.Errorf("goals stored: %+v", v.Goals)
	}
	if len(v.Indicators) != 1 || v.Indicators[0].LibraryID != "GX-0027" || v.Indicators[0].Name != "质量达标率" || v.Indicators[0].Level1 != "产出" {
		t.Errorf("library indicator stored: %+v", v.Indicators)
	}
	if len(v.Funds) != 1 || v.Funds[0].Amount.String() != "120.5" {
		t.Errorf("funds stored: %+v", v.Funds)
	}
	for _, bad := range []struct {
		field, value, want string
	}{
		{"library_id", "ZZ-9999", "不在指标库中"},
		{"target", "1,23.4", "不是有效的数字写法"},
		{"weight", "二十", "分值应为数字"},
	} {
		f := url.Values{"version": {fmt.Sprint(rec.Version)}, "name": {"某指标"}, bad.field: {bad.value}}
		st, body := c.post(path, f)
		if st != http.StatusBadRequest || !strings.Contains(body, bad.want) {
			t.Errorf("%s %q: %d, want 400 with %q", bad.field, bad.value, st, bad.want)
		}
	}
	many := url.Values{"version": {fmt.Sprint(rec.Version)}, "name": make([]string, 301)}
	if st, body := c.post(path, many); st != http.StatusBadRequest || !strings.Contains(body, "不超过 300 行") {
		t.Errorf("301 rows: %d %.200s", st, body)
	}
	after, err := s.db.Declaration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != rec.Version {
		t.Errorf("a refused form changed the declaration: version %d, was %d", after.Version, rec.Version)
	}
}
