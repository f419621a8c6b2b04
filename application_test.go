package jixiao_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

func appRules() *jixiao.ApplicationRules {
	return &jixiao.ApplicationRules{Name: "测试", Version: "1", Source: "测试依据", Rules: []jixiao.ApplicationRule{
		{Grade: "优", Action: "优先保障", Change: jixiao.Dec("0")},
		{Grade: "良", Action: "保障", Change: jixiao.Dec("0")},
		{Grade: "中", Action: "压缩", Change: jixiao.Dec("-0.1")},
		{Grade: "差", Action: "取消", Change: jixiao.Dec("-1")},
	}}
}

func TestSuggest(t *testing.T) {
	rules := appRules()
	for _, tc := range []struct{ grade, amount, action, want, text string }{
		{"优", "120.5", "优先保障", "120.50", "等级为优：优先保障，金额不变 120.50"},
		{"中", "333.33", "压缩", "300.00", "等级为中：压缩 10%，333.33 × (1 − 10%) = 300.00"},
		{"中", "0.05", "压缩", "0.05", "等级为中：压缩 10%，0.05 × (1 − 10%) = 0.05"}, // 0.045 half-up
		{"差", "88", "取消", "0.00", "等级为差：取消，金额 88.00 调减为 0"},
	} {
		s, err := rules.Suggest(tc.grade, jixiao.Dec(tc.amount), 2)
		if err != nil {
			t.Fatal(err)
		}
		if s.Action != tc.action || jixiao.Fixed(s.Amount, 2) != tc.want || s.Explanation != tc.text {
			t.Errorf("%s %s: %s %s %q", tc.grade, tc.amount, s.Action, jixiao.Fixed(s.Amount, 2), s.Explanation)
		}
	}
	if _, err := rules.Suggest("优秀", jixiao.Dec("1"), 2); err == nil || !strings.Contains(err.Error(), "没有等级“优秀”的措施（有：优、良、中、差）") {
		t.Errorf("unknown grade: %v", err)
	}
	bad := &jixiao.ApplicationRules{Rules: []jixiao.ApplicationRule{{Grade: "优", Action: "x", Change: jixiao.Dec("-1.5")}, {Grade: "优"}}}
	err := bad.Validate()
	for _, want := range []string{"name：规则名称不能为空", "source：依据不能为空", "rules[0].change：金额调整比例应在 -1 与 1 之间", "rules[1].grade：等级“优”重复", "rules[1].action：应用措施不能为空"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestApply(t *testing.T) {
	dec := func(s string) *decimal.Decimal { v := jixiao.Dec(s); return &v }
	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{
		{Unit: "市教育局", Project: "校舍维修", Grade: "优", Amount: jixiao.Dec("500")},
		{Unit: "市教育局", Project: "教师培训", Grade: "中", Amount: jixiao.Dec("200"), DecidedAction: "压缩", DecidedAmount: dec("150")},
		{Unit: "市卫健委", Project: "疫苗冷链", Grade: "差", Amount: jixiao.Dec("80")},
		{Unit: "市卫健委", Project: "健康宣传", Grade: "良", Amount: jixiao.Dec("60"), DecidedAction: "调剂至疫苗冷链", DecidedAmount: dec("0")},
	}}
	a, err := jixiao.Apply(res, appRules(), 2)
	if err != nil {
		t.Fatal(err)
	}
	// Final: 500 + 150 + 0 + 0 = 650 of 840; suggested 500 + 180 + 0 + 60 = 740.
	want := "2024年度评价结果应用于2025年度预算：共 4 个项目，财政局已决定 2 个；优先保障 1 个（500.00 万元），压缩 1 个（150.00 万元），取消 1 个（0.00 万元），调剂至疫苗冷链 1 个（0.00 万元）。拟安排 840.00 万元，建议安排 740.00 万元，安排（已决定的按决定，其余按建议）650.00 万元，调减 190.00 万元，调增 0.00 万元。拟安排 840.00 = 保留 650.00 + 调剂 0.00 + 收回 190.00；安排 650.00 = 保留 650.00 + 调增 0.00（单位：万元）"
	if got := a.Summary(); got != want {
		t.Errorf("summary\n%s\nwant\n%s", got, want)
	}
	if r := a.Rows[1]; !r.Decided || jixiao.Fixed(r.Suggestion.Amount, 2) != "180.00" || jixiao.Fixed(r.Adjustment, 2) != "-50.00" {
		t.Errorf("row 2 %+v", r)
	}
	res.Projects[3].DecidedAction = ""
	if _, err = jixiao.Apply(res, appRules(), 2); err == nil || !strings.Contains(err.Error(), "projects[3].decided_action：填写了决定金额，须同时填写决定措施") {
		t.Errorf("decided amount without action: %v", err)
	}
	res.Projects[3].DecidedAmount = nil
	res.Projects[2].Grade = "较差"
	if _, err = jixiao.Apply(res, appRules(), 2); err == nil || !strings.Contains(err.Error(), "projects[2].grade：结果应用规则“测试”没有等级“较差”的措施") {
		t.Errorf("unknown grade: %v", err)
	}
}

func TestSuggestWithWarnings(t *testing.T) {
	rules := appRules()
	rules.Warnings = []jixiao.WarningRule{{Level: jixiao.WarnRed, Action: "压缩", Change: jixiao.Dec("-0.1")}, {Level: jixiao.WarnYellow, Action: "压缩", Change: jixiao.Dec("-0.05")}}
	if err := rules.Validate(); err != nil {
		t.Fatal(err)
	}
	red := []jixiao.AppliedWarning{{Level: jixiao.WarnRed, Text: "1—7月：预算执行率 20%"}}
	yellow := []jixiao.AppliedWarning{{Level: jixiao.WarnYellow, Text: "1—7月：执行进度慢"}}
	for _, tc := range []struct {
		name     string
		grade    string
		warnings []jixiao.AppliedWarning
		rule     string
		amount   string
		warning  string
	}{
		{"no warning: the grade's rule", "优", nil, "等级为优", "100.00", ""},
		{"red cuts more than 优", "优", red, "红色预警未处置", "90.00", "1—7月：预算执行率 20%"},
		{"tie with 中: the grade's rule stands", "中", red, "等级为中", "90.00", ""},
		{"差 cuts more than red", "差", red, "等级为差", "0.00", ""},
		{"yellow on 良", "良", yellow, "黄色预警未处置", "95.00", "1—7月：执行进度慢"},
		{"red beats yellow", "良", append(append([]jixiao.AppliedWarning{}, yellow...), red...), "红色预警未处置", "90.00", "1—7月：预算执行率 20%"},
	} {
		s, err := rules.SuggestWith(tc.grade, tc.warnings, jixiao.Dec("100"), 2)
		if err != nil {
			t.Fatal(err)
		}
		if s.Rule != tc.rule || jixiao.Fixed(s.Amount, 2) != tc.amount || s.Warning != tc.warning {
			t.Errorf("%s: %s %s %q (%s)", tc.name, s.Rule, jixiao.Fixed(s.Amount, 2), s.Warning, s.Explanation)
		}
	}
	s, _ := rules.SuggestWith("优", red, jixiao.Dec("100"), 2)
	if want := "红色预警未处置：压缩 10%，100.00 × (1 − 10%) = 90.00（1—7月：预算执行率 20%）；按红色预警未处置的措施调减较多，不按等级为优（优先保障 100.00）"; s.Explanation != want {
		t.Errorf("explanation %q", s.Explanation)
	}
	bad := appRules()
	bad.Warnings = []jixiao.WarningRule{{Level: "蓝", Action: "x"}, {Level: jixiao.WarnRed, Change: jixiao.Dec("1.01")}, {Level: jixiao.WarnRed, Action: "y"}}
	err := bad.Validate()
	for _, want := range []string{"warnings[0].level：预警颜色应为 红 或 黄", "warnings[1].action：应用措施不能为空", "warnings[1].change：金额调整比例应在 -1 与 1 之间", "warnings[2].level：红色预警与第 2 项重复"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestSuggestWithWarningRules(t *testing.T) {
	rules := appRules()
	rules.Warnings = []jixiao.WarningRule{
		{Level: jixiao.WarnRed, Action: "压缩", Change: jixiao.Dec("-0.1")},
		{Rule: jixiao.WarnTimeProgress, Action: "压缩", Change: jixiao.Dec("-0.2")},
		{Level: jixiao.WarnRed, Rule: jixiao.WarnForecast, Action: "压缩", Change: jixiao.Dec("-0.3")},
		{Rule: jixiao.WarnGoalGap, Action: "压缩", Change: jixiao.Dec("-0.1")},
	}
	if err := rules.Validate(); err != nil {
		t.Fatal(err)
	}
	w := func(level jixiao.WarnLevel, rule, text string) jixiao.AppliedWarning {
		return jixiao.AppliedWarning{Level: level, Rule: rule, Text: text}
	}
	for _, tc := range []struct {
		name     string
		warnings []jixiao.AppliedWarning
		rule     string
		amount   string
		warning  string
	}{
		{"a yellow M02 matches the rule of M02 of any colour", []jixiao.AppliedWarning{w(jixiao.WarnYellow, "M02", "执行慢")}, "M02预警（执行进度落后于时间进度）未处置", "80.00", "执行慢"},
		{"a red M02: the rule of M02 cuts more than the colour's", []jixiao.AppliedWarning{w(jixiao.WarnRed, "M02", "执行很慢")}, "M02预警（执行进度落后于时间进度）未处置", "80.00", "执行很慢"},
		{"a yellow M01 matches no rule", []jixiao.AppliedWarning{w(jixiao.WarnYellow, "M01", "低于节点")}, "等级为优", "100.00", ""},
		{"a red M01 matches the colour only", []jixiao.AppliedWarning{w(jixiao.WarnRed, "M01", "低于节点")}, "红色预警未处置", "90.00", "低于节点"},
		{"a yellow M04 does not match the rule of red M04", []jixiao.AppliedWarning{w(jixiao.WarnYellow, "M04", "预计完成不足")}, "等级为优", "100.00", ""},
		{"a red M04 matches colour and rule", []jixiao.AppliedWarning{w(jixiao.WarnRed, "M04", "预计完成不足")}, "红色M04预警（预计不能完成年度指标值）未处置", "70.00", "预计完成不足"},
		{"a red warning without its rule matches only the colour", []jixiao.AppliedWarning{w(jixiao.WarnRed, "", "旧预警")}, "红色预警未处置", "90.00", "旧预警"},
		{"red M03: the colour's and M03's tie, the earlier stands", []jixiao.AppliedWarning{w(jixiao.WarnRed, "M03", "偏离")}, "红色预警未处置", "90.00", "偏离"},
		{"the most cutting of several warnings", []jixiao.AppliedWarning{w(jixiao.WarnYellow, "M02", "执行慢"), w(jixiao.WarnRed, "M04", "预计完成不足"), w(jixiao.WarnRed, "M01", "低于节点")}, "红色M04预警（预计不能完成年度指标值）未处置", "70.00", "预计完成不足"},
	} {
		s, err := rules.SuggestWith("优", tc.warnings, jixiao.Dec("100"), 2)
		if err != nil {
			t.Fatal(err)
		}
		if s.Rule != tc.rule || jixiao.Fixed(s.Amount, 2) != tc.amount || s.Warning != tc.warning {
			t.Errorf("%s: %s %s %q (%s)", tc.name, s.Rule, jixiao.Fixed(s.Amount, 2), s.Warning, s.Explanation)
		}
	}
	s, _ := rules.SuggestWith("良", []jixiao.AppliedWarning{w(jixiao.WarnYellow, "M02", "2024年1—7月绩效运行监控黄色预警：执行率 30%")}, jixiao.Dec("100"), 2)
	if want := "M02预警（执行进度落后于时间进度）未处置：压缩 20%，100.00 × (1 − 20%) = 80.00（2024年1—7月绩效运行监控黄色预警：执行率 30%）；按M02预警（执行进度落后于时间进度）未处置的措施调减较多，不按等级为良（保障 100.00）"; s.Explanation != want {
		t.Errorf("explanation %q", s.Explanation)
	}

	bad := appRules()
	bad.Warnings = []jixiao.WarningRule{
		{Action: "x"},
		{Rule: "M05", Action: "x"},
		{Rule: "M02", Action: "x"},
		{Rule: "M02", Action: "y"},
		{Level: jixiao.WarnRed, Rule: "M02", Action: "z"},
		{Level: jixiao.WarnYellow, Rule: "M02", Action: "z"},
		{Level: jixiao.WarnRed, Rule: "M02", Action: "z"},
	}
	err := bad.Validate()
	for _, want := range []string{
		"warnings[0].level：预警颜色和预警规则至少填写一项",
		"warnings[1].rule：预警规则应为 M01、M02、M03、M04 之一，实际为“M05”",
		"warnings[3].rule：M02预警（执行进度落后于时间进度）与第 3 项重复",
		"warnings[6].rule：红色M02预警（执行进度落后于时间进度）与第 5 项重复",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if err != nil && (strings.Contains(err.Error(), "warnings[4]") || strings.Contains(err.Error(), "warnings[5]") || strings.Contains(err.Error(), "warnings[2]")) {
		t.Errorf("distinct colour and rule pairs refused: %v", err)
	}

	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{{Unit: "市教育局", Project: "校舍维修", Grade: "优", Amount: jixiao.Dec("100"),
		Warnings: []jixiao.AppliedWarning{w(jixiao.WarnRed, "M9", "某预警"), w("蓝", "M01", "某预警")}}}}
	err = res.Validate()
	for _, want := range []string{"projects[0].warnings[0].rule：预警规则应为 M01、M02、M03、M04 之一，实际为“M9”", "projects[0].warnings[1].level：预警颜色应为 红 或 黄，实际为“蓝”"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("results error %v lacks %q", err, want)
		}
	}
}

func TestApplyReallocation(t *testing.T) {
	dec := func(s string) *decimal.Decimal { v := jixiao.Dec(s); return &v }
	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{
		{Unit: "市教育局", Project: "校舍维修", Grade: "优", Amount: jixiao.Dec("500"), DecidedAction: "优先保障", DecidedAmount: dec("520")},
		{Unit: "市教育局", Project: "教师培训", Grade: "中", Amount: jixiao.Dec("200.004"), DecidedAction: "调剂", DecidedAmount: dec("150"),
			Reallocations: []jixiao.Reallocation{{To: "2025年校舍维修", Amount: jixiao.Dec("30")}, {To: "学生资助", Amount: jixiao.Dec("20")}}},
		{Unit: "市卫健委", Project: "疫苗冷链", Grade: "差", Amount: jixiao.Dec("80"), DecidedAction: "取消", DecidedAmount: dec("0"),
			Reallocations: []jixiao.Reallocation{{To: "基层卫生", Amount: jixiao.Dec("33.335")}}},
		{Unit: "市卫健委", Project: "健康宣传", Grade: "良", Amount: jixiao.Dec("60")},
	}}
	a, err := jixiao.Apply(res, appRules(), 2)
	if err != nil {
		t.Fatal(err)
	}
	f := func(d decimal.Decimal) string { return jixiao.Fixed(d, 2) }
	// 200.004 rounds to 200.00: 150 kept, 50 reallocated, 0 withdrawn;
	// 80: 0 kept, 33.34 (half-up) reallocated, 46.66 withdrawn.
	r := a.Rows[1]
	if f(r.Kept) != "150.00" || f(r.Reallocated) != "50.00" || f(r.Withdrawn) != "0.00" {
		t.Errorf("row 2: kept %s reallocated %s withdrawn %s", f(r.Kept), f(r.Reallocated), f(r.Withdrawn))
	}
	r = a.Rows[2]
	if f(r.Kept) != "0.00" || f(r.Reallocated) != "33.34" || f(r.Withdrawn) != "46.66" {
		t.Errorf("row 3: kept %s reallocated %s withdrawn %s", f(r.Kept), f(r.Reallocated), f(r.Withdrawn))
	}
	// Every total is the sum of its rows, and the amounts add up.
	var amount, kept, realloc, withdrawn, added, final decimal.Decimal
	for _, r := range a.Rows {
		amount, kept, realloc, withdrawn = amount.Add(jixiao.Round(r.Amount, 2)), kept.Add(r.Kept), realloc.Add(r.Reallocated), withdrawn.Add(r.Withdrawn)
		added, final = added.Add(r.Added), final.Add(r.Final)
	}
	if !a.Amount.Equal(amount) || !a.Kept.Equal(kept) || !a.Reallocated.Equal(realloc) || !a.Withdrawn.Equal(withdrawn) || !a.Added.Equal(added) || !a.Final.Equal(final) {
		t.Errorf("totals differ from the rows' sums")
	}
	if !a.Amount.Equal(a.Kept.Add(a.Reallocated).Add(a.Withdrawn)) || !a.Final.Equal(a.Kept.Add(a.Added)) || !a.Cut.Equal(a.Reallocated.Add(a.Withdrawn)) {
		t.Errorf("amounts do not add up: %s", a.Balance())
	}
	if want := "拟安排 840.00 = 保留 710.00 + 调剂 83.34 + 收回 46.66；安排 730.00 = 保留 710.00 + 调增 20.00（单位：万元）"; a.Balance() != want {
		t.Errorf("balance %q", a.Balance())
	}
	if m := a.Moves(); len(m) != 3 || m[2].To != "基层卫生" || f(m[2].Amount) != "33.34" || m[2].Project != "疫苗冷链" {
		t.Errorf("moves %+v", m)
	}

	// At the boundary: reallocating exactly the cut is fine, a cent more is not.
	res.Projects[1].Reallocations[1].Amount = jixiao.Dec("20.01")
	if _, err := jixiao.Apply(res, appRules(), 2); err == nil || !strings.Contains(err.Error(), "projects[1].reallocations：调剂金额合计 50.01 万元，超过调减的 50.00 万元（拟安排 200.00 − 决定 150.00）") {
		t.Errorf("over-reallocation: %v", err)
	}
	res.Projects[1].Reallocations[1].Amount = jixiao.Dec("0")
	res.Projects[1].Reallocations[0].To = " "
	res.Projects[3].Reallocations = []jixiao.Reallocation{{To: "x", Amount: jixiao.Dec("1")}}
	err = res.Validate()
	for _, want := range []string{"projects[1].reallocations[0].to：调剂去向第 1 项：调剂到的项目或用途不能为空", "projects[1].reallocations[1].amount：调剂去向第 2 项：调剂金额应大于 0", "projects[3].reallocations：填写了调剂去向，须同时填写决定金额"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

// TestApplyReceive: moves linked to next-year declared projects add to
// them: each receipt's arranged amount is its request plus what it
// receives, from which rows; the moves to purposes stay apart, and the
// two parts make the reallocated total. A destination twice is refused
// naming the item, linked or written.
func TestApplyReceive(t *testing.T) {
	dec := func(s string) *decimal.Decimal { v := jixiao.Dec(s); return &v }
	res := &jixiao.Results{Year: 2024, Projects: []jixiao.AppliedProject{
		{Unit: "市教育局", Project: "教师培训", Grade: "中", Amount: jixiao.Dec("200"), DecidedAction: "调剂", DecidedAmount: dec("100"),
			Reallocations: []jixiao.Reallocation{{To: "市卫健委／基层卫生", DeclarationID: 7, Amount: jixiao.Dec("40.005")}, {To: "学生资助", Amount: jixiao.Dec("20")}}},
		{Unit: "市卫健委", Project: "疫苗冷链", Grade: "差", Amount: jixiao.Dec("80"), DecidedAction: "取消", DecidedAmount: dec("0"),
			Reallocations: []jixiao.Reallocation{{To: "市卫健委／基层卫生", DeclarationID: 7, Amount: jixiao.Dec("30")}, {To: "市教育局／校舍维修", DeclarationID: 9, Amount: jixiao.Dec("10")}}},
	}}
	a, err := jixiao.Apply(res, appRules(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if !a.MovedElsewhere.Equal(jixiao.Dec("20")) || !a.MovedIn.IsZero() {
		t.Errorf("before Receive: in %s, elsewhere %s", a.MovedIn, a.MovedElsewhere)
	}
	if err := a.Receive([]jixiao.DeclaredTarget{{DeclarationID: 9, Unit: "市教育局", Project: "校舍维修", Requested: jixiao.Dec("300")}}); err == nil {
		t.Error("a link to a declaration not among the targets was taken")
	}
	targets := []jixiao.DeclaredTarget{
		{DeclarationID: 5, Unit: "市教育局", Project: "未调入", Requested: jixiao.Dec("1")},
		{DeclarationID: 7, Unit: "市卫健委", Project: "基层卫生", Requested: jixiao.Dec("120.004")},
		{DeclarationID: 9, Unit: "市教育局", Project: "校舍维修", Requested: jixiao.Dec("300")},
	}
	if err := a.Receive(targets); err != nil {
		t.Fatal(err)
	}
	f := func(d decimal.Decimal) string { return jixiao.Fixed(d, 2) }
	if len(a.Receipts) != 2 {
		t.Fatalf("receipts %+v", a.Receipts)
	}
	r := a.Receipts[0]
	// 120.004 rounds to 120.00; 40.005 to 40.01: 120.00 + 70.01 = 190.01.
	if r.Name() != "市卫健委／基层卫生" || f(r.Requested) != "120.00" || f(r.In) != "70.01" || f(r.Arranged) != "190.01" || len(r.From) != 2 ||
		r.From[0].Project != "教师培训" || r.From[1].Project != "疫苗冷链" || f(r.From[1].Amount) != "30.00" {
		t.Errorf("receipt 1 %+v", r)
	}
	if r := a.Receipts[1]; f(r.Arranged) != "310.00" || len(r.From) != 1 {
		t.Errorf("receipt 2 %+v", r)
	}
	if f(a.MovedIn) != "80.01" || f(a.MovedElsewhere) != "20.00" || !a.Reallocated.Equal(a.MovedIn.Add(a.MovedElsewhere)) {
		t.Errorf("in %s + elsewhere %s ≠ reallocated %s", a.MovedIn, a.MovedElsewhere, a.Reallocated)
	}
	if want := "调剂 100.01 = 调入下一年度已申报项目 80.01 + 调剂到其他用途 20.00；2 个已申报项目：申报 420.00 + 调入 80.01 = 调入后安排 500.01（单位：万元）"; a.ReceiptsBalance() != want {
		t.Errorf("receipts balance %q", a.ReceiptsBalance())
	}

	res.Projects[1].Reallocations[1].DeclarationID = 7
	res.Projects[0].Reallocations[1].To = "市卫健委／基层卫生" // written, not linked: a purpose of that name
	res.Projects[0].Reallocations = append(res.Projects[0].Reallocations, jixiao.Reallocation{To: " 市卫健委／基层卫生 ", Amount: jixiao.Dec("1")})
	err = res.Validate()
	for _, want := range []string{"projects[1].reallocations[1].declaration_id：调剂去向第 2 项：调剂到的申报项目“市教育局／校舍维修”与第 1 项重复",
		"projects[0].reallocations[2].to：调剂去向第 3 项：调剂到的“市卫健委／基层卫生”与第 2 项重复"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "projects[0].reallocations[1]") {
		t.Errorf("a purpose named as a linked project is no duplicate of it: %v", err)
	}
}
