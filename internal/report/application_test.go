package report_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/recheck"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/rulebook"
)

// TestApplicationReport builds the results-application report of the
// example results, renders it as DOCX and reads it back: the counts and
// amounts per action and one project's row.
func TestApplicationReport(t *testing.T) {
	data, err := os.ReadFile("../../examples/recheck/results.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := recheck.ParseResults("results.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := rulebook.LoadApplication(rulebook.DefaultApplication, false)
	if err != nil {
		t.Fatal(err)
	}
	a, err := jixiao.Apply(res, rules, 2)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := docx.Render(&buf, report.Application(a)); err != nil {
		t.Fatal(err)
	}
	ps, err := docx.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.Text)
	}
	text := strings.Join(all, "\n")
	// 6 projects, 3 decided. 优先保障: 学生资助 2400 + 农机购置补贴 960;
	// 保障: 校舍维修改造 1300 (decided); 压缩: 智慧校园建设 560 (decided)
	// + 农村人居环境整治 720 (suggested, 800 × 0.9); 取消: 文旅推介 0.
	for _, want := range []string{
		"2024年度预算绩效评价结果应用报告",
		"2024年度6个项目的评价结果应用于2025年度预算，财政局已决定3个，其余3个按建议措施计。拟安排6,210.00万元",
		"安排5,940.00万元，调减270.00万元，调增0.00万元。",
		"优先保障\n2\n3,360.00",
		"保障\n1\n1,300.00",
		"压缩\n2\n1,280.00",
		"取消\n1\n0.00",
		"合计\n6\n5,940.00",
		"市教育局\n智慧校园建设\n78.5\n中\n650.00\n压缩\n压缩\n560.00\n-90.00\n局务会决定压缩至560万元",
		"市农业农村局\n农村人居环境整治\n64\n中\n800.00\n压缩\n（未决定）\n720.00\n-80.00",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}

// TestApplicationReportEmpty: a year without graded evaluations says so.
func TestApplicationReportEmpty(t *testing.T) {
	rules, err := rulebook.LoadApplication(rulebook.DefaultApplication, false)
	if err != nil {
		t.Fatal(err)
	}
	text := report.Application(&jixiao.Application{Year: 2024, Rules: rules, Places: 2}).Text()
	if !strings.Contains(text, "2024年度没有已评定等级的评价，未应用评价结果。") {
		t.Error(text)
	}
}
