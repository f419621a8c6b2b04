package sqlstore_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestStoreRefusesNoYearOrName: a case read from a form without an
// evaluation year (marked incomplete) or with a blank unit name is valid
// for check and eval, but the store files every evaluation under its
// unit and year: import, replace and edit refuse it with the reason, and
// nothing is written.
func TestStoreRefusesNoYearOrName(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		org := mustOrg(t, s, "JT", "广水市交通运输局", jixiao.OrgDepartment, 0)
		good := func() *jixiao.Evaluation {
			return &jixiao.Evaluation{Subject: jixiao.SubjectProject, Year: 2021, Org: jixiao.Org{Name: "广水市交通运输局"},
				Projects: []jixiao.Project{{Name: "乡村道路建设养护项目"}}}
		}
		noYear := good()
		noYear.Year = 0
		noYear.Projects[0].Incomplete = "表格在第14行后没有内容；没有写明评价年度"
		noName := good()
		noName.Org.Name = ""
		for _, c := range []struct {
			name string
			ev   *jixiao.Evaluation
			want string
		}{
			{"no year", noYear, "没有评价年度，无法保存：表格没有写明评价年度（如标题中的“2024年度”）；请补上评价年度后再导入"},
			{"no name", noName, "没有单位名称，无法保存：表格的单位名称（主管部门或实施单位）为空；请补上单位名称后再导入"},
		} {
			if err := c.ev.Validate(); err != nil {
				t.Fatalf("%s: the case is valid for check and eval, got %v", c.name, err)
			}
			_, err := s.ImportEvaluation(ctx, admin, org.ID, c.ev, false)
			if jixiao.ErrorCode(err) != jixiao.EINVALID || jixiao.ErrorMessage(err) != c.want {
				t.Errorf("%s: import: %v", c.name, err)
			}
			_, err = s.ImportIntoNewOrg(ctx, admin, &jixiao.OrgRecord{Code: "NEW", Name: "新单位", Kind: jixiao.OrgDepartment}, c.ev)
			if jixiao.ErrorCode(err) != jixiao.EINVALID || jixiao.ErrorMessage(err) != c.want {
				t.Errorf("%s: import into a new organisation: %v", c.name, err)
			}
		}
		if items, total, err := s.ListEvaluations(ctx, jixiao.EvaluationFilter{}); err != nil || total != 0 || len(items) != 0 {
			t.Fatalf("refused imports left %d evaluations (%v)", total, err)
		}
		if _, err := s.OrgByRef(ctx, "NEW"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Fatalf("a refused import into a new organisation left it behind: %v", err)
		}
		// A stored case cannot lose its year or its name by a replace or
		// an edit either.
		info, err := s.ImportEvaluation(ctx, admin, org.ID, good(), false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReplaceCase(ctx, admin, info.ID, info.Revision, noYear); jixiao.ErrorCode(err) != jixiao.EINVALID ||
			jixiao.ErrorMessage(err) != "没有评价年度，无法保存：表格没有写明评价年度（如标题中的“2024年度”）；请补上评价年度后再导入" {
			t.Errorf("replace with a case without a year: %v", err)
		}
		blank := good()
		blank.Org.Name = " "
		if _, err := s.UpdateEvaluation(ctx, admin, info.ID, info.Version, blank); jixiao.ErrorCode(err) != jixiao.EINVALID ||
			jixiao.ErrorMessage(err) != "没有单位名称，无法保存：表格的单位名称（主管部门或实施单位）为空；请补上单位名称后再导入" {
			t.Errorf("edit that blanks the unit name: %v", err)
		}
		back, _, err := s.LoadEvaluation(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Year != 2021 || back.Org.Name != "广水市交通运输局" {
			t.Errorf("stored case changed: year %d, name %q", back.Year, back.Org.Name)
		}
	})
}
