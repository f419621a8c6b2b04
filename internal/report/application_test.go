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
	// 6 projects, 3 decided. 优先保障: 学生资助 2400; 保障: 校舍维修改造
	// 1300 (decided); 压缩: 智慧校园建设 560 (decided) + 农村人居环境整治 720
	// (suggested, 800 × 0.9) + 农机购置补贴 864 (优, but an unresolved red
	// warning: 960 × 0.9); 取消: 文旅推介 0, of whose 100 60 are reallocated
	// and 40 withdrawn. Kept 5844 + reallocated 60 + withdrawn 306 = 6210.
	for _, want := range []string{
		"2024年度预算绩效评价结果应用报告",
		"2024年度6个项目的评价结果应用于2025年度预算，财政局已决定3个，其余3个按建议措施计。拟安排6,210.00万元",
		"安排5,844.00万元，调减366.00万元，调增0.00万元。",
		"拟安排的6,210.00万元中，保留在原项目5,844.00万元，调剂到其他项目或用途60.00万元，收回306.00万元；安排的5,844.00万元为保留的5,844.00万元加调增的0.00万元",
		"优先保障\n1\n2,400.00",
		"保障\n1\n1,300.00",
		"压缩\n3\n2,144.00",
		"取消\n1\n0.00",
		"合计\n6\n5,844.00",
		"保留\n5\n5,844.00",
		"调剂\n1\n60.00",
		"收回\n4\n306.00",
		"拟安排金额合计\n6\n6,210.00\n= 保留 + 调剂 + 收回",
		"安排金额合计\n6\n5,844.00\n= 保留 + 调增",
		"1\n市文化广电旅游局\n文旅推介\n2025年乡村文化振兴\n60.00\n合计\n60.00",
		"市教育局\n智慧校园建设\n78.5\n中\n650.00\n压缩\n压缩\n560.00\n-90.00\n0.00\n局务会决定压缩至560万元",
		"市农业农村局\n农村人居环境整治\n64\n中\n800.00\n压缩\n（未决定）\n720.00\n-80.00\n0.00",
		"市农业农村局\n农机购置补贴\n91\n优\n960.00\n压缩（红色预警未处置）\n（未决定）\n864.00\n-96.00\n0.00",
		"文旅推介\n58\n差\n100.00\n取消\n取消\n0.00\n-100.00\n60.00\n取消后60万元调剂用于乡村文化振兴",
		"合计\n6,210.00\n\n\n5,844.00\n-366.00\n60.00",
		"按运行监控预警给出建议的项目1个：市农业农村局／农机购置补贴：红色预警未处置：压缩 10%，960.00 × (1 − 10%) = 864.00（2024年1—7月绩效运行监控红色预警",
		"运行监控预警与措施：红色预警未处置：压缩（金额调整比例-10%），与等级的措施相比取调减较多的一项。",
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
