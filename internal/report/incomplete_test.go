package report_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/report"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// A report of a form not filled in completely states the score reached and
// that no grade was given, never a grade.
func TestIncompleteReportHasNoGrade(t *testing.T) {
	f, err := caseio.Load(filepath.Join("..", "..", "examples", "project-training-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f.Evaluation.Projects[0].Incomplete = "表格在第12行后缺失"
	rb, err := rulebook.Load(f.Evaluation.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	text := report.Build(f.Evaluation, sc, report.DefaultOptions).Text()
	for _, s := range []string{
		"项目支出绩效自评得分92.26分，表格未填写完整（表格在第12行后缺失），未评定等级。",
		"评价等级：未评定（表格未填写完整：表格在第12行后缺失）",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q:\n%s", s, text)
		}
	}
	if strings.Contains(text, "评价等级为“") {
		t.Errorf("report states a grade:\n%s", text)
	}

	// The document's own bands: the grade and where it came from.
	f.Evaluation.Projects[0].Incomplete = ""
	f.Evaluation.Projects[0].Stated = &jixiao.Stated{Grades: []jixiao.GradeBand{{Name: "合格", Min: decp("60")}, {Name: "不合格"}}}
	if sc, err = scoring.Score(f.Evaluation, rb); err != nil {
		t.Fatal(err)
	}
	text = report.Build(f.Evaluation, sc, report.DefaultOptions).Text()
	if !strings.Contains(text, "评价等级为“合格”（等级按表中所载评价等级标准评定（得分≥60分为合格；得分＜60分为不合格），不按评分规则mof-2020的等级）") {
		t.Errorf("report lacks the stated bands:\n%s", text)
	}
}

func decp(s string) *decimal.Decimal { d := jixiao.Dec(s); return &d }
