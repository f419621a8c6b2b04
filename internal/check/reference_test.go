package check_test

import (
	"os"
	"strings"
	"testing"

	"jixiao"
)

// The reference report's own figures, worked through by hand:
//
// 年初预算 收入 47772.75 + 547745.92 + 2635.35 = 598154.02 = 收入合计 ✓
//
//	支出 24482.41 + 573671.61 = 598154.02 = 支出合计 ✓; 收入合计 = 支出合计 ✓
//
// 调整预算 收入 44549.13 + 202234.61 + 1926.79 + 556.67 + 777.31 + 275.33
//
//	= 250319.84, stated 250319.83: 0.01 off, within the rounding of
//	seven figures (±0.035) → B01 info
//	支出 25495.03 + 224824.81 = 250319.84, stated 250319.83 → B02 info
//	预算调整率 (250319.83 − 598154.02) / 598154.02 = −58.15% → B06 info
//
// 决算 收入 34969.37 + 103536.25 + 1926.79 + 556.67 = 140989.08,
//
//	stated 141981.96: 992.88 unaccounted for → B01 error
//	支出 24792 + 117122.04 + 67.92 = 141981.96 ✓; 收入合计 = 支出合计 ✓
//	no class above its adjusted budget ✓
//
// 资产 21440.30 − 14785.68 = 6654.62 ✓; 137423.84 + 6654.62 ≤ 151063.35 ✓
// 下属单位 18 named, "等18个" ✓
// 分项目标 17+17+17+17+16+16 = 100 ✓; deductions 1 + 1 + 2 with reasons;
//
//	stated 16, 16, 14 and 96 / 优秀 are what the rules give ✓
//
// Execution: (24792 + 117122.04) / (25495.03 + 224824.81) = 56.69% with
// the top grade 优秀 → P01 warning.
// Of the 25 declared indicators, the report states completion values for 7;
// 18 have none and 3 a narrative instead of a number → S05, one per sub-goal.
// Targets: 按时审批… and 及时掌握… name no date → L09 ×2; "进一步加强…" → L03.
func TestReferenceReportFindings(t *testing.T) {
	src, err := os.ReadFile("../../examples/shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fs := run(t, string(src))
	want := []struct {
		code string
		sev  jixiao.Severity
		path string
		msg  string
	}{
		{"B01", errS, "budget.final.income", "决算各项收入之和140989.08万元 ≠ 决算收入合计141981.96万元，相差992.88万元（34969.37 + 103536.25 + 1926.79 + 556.67 = 140989.08）"},
		// The reference report states no date (成文日期).
		{"F05", warnS, "date", "报告中“成文日期”待填写：案例中没有报告的成文日期"},
		{"S05", warnS, "goals[0].indicators", "1个定量指标的完成值不是数值：中心城区用地布局及详细规划修编（目标660平方公里"},
		{"S05", warnS, "goals[1].indicators", "的8个指标中，6个未报告完成值"},
		{"S05", warnS, "goals[2].indicators", "的3个指标中，2个未报告完成值：地质灾害核排查（目标528处）；汛期地质灾害巡查（目标40次）；另有1个定量指标的完成值不是数值：汛期地质灾害气象预警信息发布（目标122天"},
		{"S05", warnS, "goals[3].indicators", "的6个指标中，6个未报告完成值"},
		{"S05", warnS, "goals[4].indicators", "的3个指标中，3个未报告完成值：市区数字地形图修补测（目标90平方公里）；地形图添加国土空间规划属性信息（目标155平方公里）；地形图修测补测数据处理及入库（目标约2万条）"},
		{"S05", warnS, "goals[5].indicators", "的1个指标中，1个未报告完成值：耕地卫片监督（目标25个）"},
		{"L09", warnS, "goals[0].indicators[0].target", "指标“市级国土空间总体规划审批”的指标值“按时审批市级国土空间总体规划，有效支撑我市城市建…”没有写明完成时间"},
		{"L03", warnS, "goals[0].indicators[3].target", "使用了“进一步加强”等笼统表述"},
		{"L09", warnS, "goals[1].indicators[2].target", "指标“耕地以及农村道路专项监测”的指标值“及时掌握石家庄市耕地、农村道路年度变化情况”没有写明完成时间"},
		{"P01", warnS, "budget", "评价等级为“优秀”（96.00分），而部门预算执行率为56.69%（决算基本支出和项目支出141914.04万元 / 调整预算250319.84万元），低于90%"},
		{"B01", infoS, "budget.adjusted.income", "调整预算各项收入之和250319.84万元 与调整预算收入合计250319.83万元 相差0.01万元，在7个数各自四舍五入的误差范围（±0.035万元）内"},
		{"B02", infoS, "budget.adjusted.expenditure_total", "调整预算支出明细之和250319.84万元 与调整预算支出合计250319.83万元 相差0.01万元，在3个数各自四舍五入的误差范围（±0.015万元）内"},
		{"B06", infoS, "budget.adjusted", "调整预算250319.83万元比年初预算598154.02万元减少347834.19万元，预算调整率-58.15%"},
	}
	if len(fs) != len(want) {
		t.Errorf("got %d findings, want %d:\n%s", len(fs), len(want), dump(fs))
	}
	for i, w := range want {
		if i >= len(fs) {
			break
		}
		f := fs[i]
		if f.Code != w.code || f.Severity != w.sev || f.Path != w.path || !strings.Contains(f.Message, w.msg) {
			t.Errorf("finding %d:\n got  %s %s %s: %s\n want %s %s %s: …%s…", i, f.Code, f.Severity, f.Path, f.Message, w.code, w.sev, w.path, w.msg)
		}
	}
	if n := len(find(fs, "B01")); n != 2 {
		t.Errorf("B01 ×%d", n)
	}
}

// The mof-2020 examples have no error-level finding; the farmland one has
// none at all.
func TestExamplesAreClean(t *testing.T) {
	for _, name := range []string{"project-training-2024.yaml", "project-farmland-2024.yaml", "project-clinic-2024.yaml"} {
		src, err := os.ReadFile("../../examples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range run(t, string(src)) {
			if f.Severity == errS || name == "project-farmland-2024.yaml" {
				t.Errorf("%s: %s %s %s", name, f.Code, f.Path, f.Message)
			}
		}
	}
}
