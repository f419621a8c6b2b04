package scoring_test

import (
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
)

// scoreExample scores an example case file under the rulebook it names.
func scoreExample(t *testing.T, name string) *jixiao.Scorecard {
	t.Helper()
	f, err := caseio.Load(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Load(f.Evaluation.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(f.Locate(err))
	}
	return sc
}

// scores maps node names to their exact scores, over the whole tree.
func scores(sc *jixiao.Scorecard) map[string]string {
	m := map[string]string{}
	sc.Walk(func(n *jixiao.Node, _ int) { m[n.Name] = n.Score.String() })
	return m
}

func expectScores(t *testing.T, sc *jixiao.Scorecard, want map[string]string) {
	t.Helper()
	got := scores(sc)
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("no node %q", name)
			continue
		}
		if !jixiao.Dec(g).Equal(jixiao.Dec(w)) {
			t.Errorf("%s = %s, want %s", name, g, w)
		}
	}
}

// The reference report: six sub-goals weighted 17/17/17/17/16/16, scored by
// judged deductions of 1 + 1 + 2 points: 100 − 4 = 96, 优秀 (≥85).
func TestReferenceReport(t *testing.T) {
	sc := scoreExample(t, "shijiazhuang-2024.yaml")
	if got := jixiao.Fixed(sc.Displayed, 2); got != "96.00" || sc.Grade != "优秀" {
		t.Fatalf("total %s grade %s, want 96.00 优秀", got, sc.Grade)
	}
	if !sc.Weight.Equal(jixiao.Dec("100")) {
		t.Errorf("weights sum to %s", sc.Weight)
	}
	wantScores := []string{"17", "17", "16", "16", "14", "16"}
	if len(sc.Nodes) != len(wantScores) {
		t.Fatalf("%d sub-goals, want 6", len(sc.Nodes))
	}
	for i, n := range sc.Nodes {
		if !n.Score.Equal(jixiao.Dec(wantScores[i])) {
			t.Errorf("goal %d %s = %s, want %s", i+1, n.Name, n.Score, wantScores[i])
		}
		if n.Rubric != jixiao.RubricDeductions || n.Source != "goals["+string(rune('0'+i))+"]" {
			t.Errorf("goal %d: rubric %s source %s", i+1, n.Rubric, n.Source)
		}
	}
	for i, w := range map[int]string{
		0: "满分17分，无扣分，得17分",
		2: "满分17分，扣1分：地质灾害防治能力提升设备购置项目尚未实施，不利于提高灾害预警防治能力；得16分",
		3: "满分17分，扣1分：土地收购补偿金项目尚未完成，土地收购补偿金预算执行率为15.21%，土地收储工作有待进一步推进；得16分",
		4: "满分16分，扣2分：不动产非税电子票据多单位接入管理系统项目、石家庄市不动产登记中心采购自助打证机购置项目未能在2024年内按期完成",
	} {
		if !strings.Contains(sc.Nodes[i].Explanation, w) {
			t.Errorf("goal %d explanation %q lacks %q", i+1, sc.Nodes[i].Explanation, w)
		}
	}
	// The report's own statement of its result is kept for comparison.
	f, _ := caseio.Load("../../examples/shijiazhuang-2024.yaml")
	if st := f.Evaluation.Stated; st == nil || !st.Total.Equal(sc.Displayed) || st.Grade != sc.Grade {
		t.Errorf("stated result %+v differs from the scorecard", st)
	}
}

// 职业技能培训补贴项目 under mof-2020, worked by hand:
//
//	预算执行率   432 / 480 = 90%                          → 10 × 0.9       = 9
//	培训人次     ≥5000, actual 4500 (under-achieved count) → 20 × 4500/5000 = 18
//	培训合格率   ≥90%, 93%                                 → 10
//	发放及时率   ≥95%, 100% (5.3% over, within θ)          → 10
//	人均培训成本 ≤1000元, 1080元 (reverse, exceeded)       → 10 × 1000/1080 = 9.259259259259
//	培训后就业率 ≥60%, 75% (25% over > θ = 20%: flagged)   → 15
//	长效机制建设 定性, 部分达成, judged 11 of 15 (73.3%)   → 11
//	参训人员满意度 ≥90%, 96%                               → 10
//	产出 = 18 + 10 + 10 + 9.259259259259 = 47.259259259259
//	效益 = 15 + 11 = 26
//	总分 = 9 + 47.259259259259 + 26 + 10 = 92.259259259259 → 92.26 → 优 (≥90)
func TestTrainingExample(t *testing.T) {
	sc := scoreExample(t, "project-training-2024.yaml")
	expectScores(t, sc, map[string]string{
		"预算执行率": "9", "培训人次": "18", "培训合格率": "10", "补贴资金发放及时率": "10",
		"人均培训成本": "9.259259259259", "培训后就业率": "15", "培训长效机制建设": "11", "参训人员满意度": "10",
		"产出指标": "47.259259259259", "效益指标": "26", "满意度指标": "10",
	})
	if !sc.Total.Equal(jixiao.Dec("92.259259259259")) || jixiao.Fixed(sc.Displayed, 2) != "92.26" || sc.Grade != "优" {
		t.Errorf("total %s (%s) %s", sc.Total, sc.Displayed, sc.Grade)
	}
	flagged := map[string]bool{}
	sc.Walk(func(n *jixiao.Node, _ int) {
		if len(n.Notes) > 0 {
			flagged[n.Name] = true
		}
	})
	if len(flagged) != 1 || !flagged["培训后就业率"] {
		t.Errorf("flagged nodes %v, want only 培训后就业率", flagged)
	}
}

// 高标准农田建设项目: no 满意度 indicator and no leaf weights.
//
//	满意度's 10 points go to 产出 and 效益 pro rata 50:30:
//	  产出 50 + 10 × 50/80 = 56.25;  效益 30 + 10 × 30/80 = 33.75
//	预算执行率   1200 / 1200                          → 10
//	产出: three leaves share 56.25                      → 18.75 each
//	  面积 ≥2万亩, actual 21000亩 (= 2.1万亩)           → 18.75
//	  验收合格率 =100%, 100%                            → 18.75
//	  亩均成本 ≤3000元/亩, 2900 (reverse, met)          → 18.75
//	效益: two leaves share 33.75                        → 16.875 each
//	  粮食产能 ≥100斤/亩, actual 80                     → 16.875 × 80/100 = 13.5
//	  耕地质量 定性, 未达成, judged 9 (53.3% < 60%)     → 9
//	总分 = 10 + 56.25 + (13.5 + 9) = 88.75 → 良 (80 ≤ 88.75 < 90)
func TestFarmlandExample(t *testing.T) {
	sc := scoreExample(t, "project-farmland-2024.yaml")
	expectScores(t, sc, map[string]string{
		"预算执行率": "10", "新建高标准农田面积": "18.75", "工程验收合格率": "18.75", "亩均建设成本": "18.75",
		"粮食产能提升": "13.5", "耕地质量等级提升": "9", "产出指标": "56.25", "效益指标": "22.5",
	})
	weights := map[string]string{}
	sc.Walk(func(n *jixiao.Node, _ int) { weights[n.Name] = n.Weight.String() })
	if weights["产出指标"] != "56.25" || weights["效益指标"] != "33.75" || weights["粮食产能提升"] != "16.875" {
		t.Errorf("weights %v", weights)
	}
	if _, ok := weights["满意度指标"]; ok {
		t.Error("a 满意度 node was built though the project has none")
	}
	if !sc.Total.Equal(jixiao.Dec("88.75")) || sc.Grade != "良" || !sc.Weight.Equal(jixiao.Dec("100")) {
		t.Errorf("total %s / %s %s", sc.Total, sc.Weight, sc.Grade)
	}
}

// 基层医疗卫生机构设备购置项目:
//
//	预算执行率   246 / 300 = 82%                         → 10 × 0.82 = 8.2
//	设备台数     ≥120台, 150台: +25% > θ, flagged; judged −1 for a target set too low → 15 − 1 = 14
//	验收合格率   =100%, 100%                             → 15
//	到位及时率   ≥95%, 90%                               → 10 × 90/95 = 9.473684210526
//	平均购置成本 ≤2.5万元, 1.64万元: 34.4% better, flagged → 10
//	诊疗人次增长率 ≥10%, 12%: +20% = θ, not flagged       → 15
//	管理制度建立 定性, 达成, judged 14 of 15 (93.3%)      → 14
//	患者满意度   ≥90%, 88%                               → 10 × 88/90 = 9.777777777778
//	总分 = 8.2 + 14 + 15 + 9.473684210526 + 10 + 15 + 14 + 9.777777777778
//	     = 95.451461988304 → 95.45 → 优
func TestClinicExample(t *testing.T) {
	sc := scoreExample(t, "project-clinic-2024.yaml")
	expectScores(t, sc, map[string]string{
		"预算执行率": "8.2", "购置设备台数": "14", "设备验收合格率": "15", "设备到位及时率": "9.473684210526",
		"单台设备平均购置成本": "10", "基层诊疗人次增长率": "15", "设备运行管理制度建立": "14", "患者满意度": "9.777777777778",
	})
	if !sc.Total.Equal(jixiao.Dec("95.451461988304")) || jixiao.Fixed(sc.Displayed, 2) != "95.45" || sc.Grade != "优" {
		t.Errorf("total %s %s", sc.Total, sc.Grade)
	}
	notes := map[string]int{}
	sc.Walk(func(n *jixiao.Node, _ int) { notes[n.Name] = len(n.Notes) })
	if notes["购置设备台数"] != 1 || notes["单台设备平均购置成本"] != 1 || notes["基层诊疗人次增长率"] != 0 {
		t.Errorf("notes %v", notes)
	}
}

// Every rubric of docs/rulebooks.md (计分方法) is exercised by the examples together
// with the unit tests; this guards that the three mof-2020 examples cover
// the three qualitative tiers.
func TestExamplesCoverEveryTier(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"project-training-2024.yaml", "project-farmland-2024.yaml", "project-clinic-2024.yaml"} {
		f, err := caseio.Load(filepath.Join("..", "..", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		rb, _ := rulebook.Load("mof-2020")
		for _, in := range f.Evaluation.Projects[0].Indicators {
			if tier := rb.FindTier(in.Tier); tier != nil {
				seen[tier.Name] = true
			}
		}
	}
	if len(seen) != 3 {
		t.Errorf("tiers covered: %v", seen)
	}
}

// A project inside a department case is graded by its own rules' bands:
// shijiazhuang-2024 changes the grades (优秀 from 85) but takes its project
// rules from mof-2020, whose grades (优 from 90) apply to projects.
func TestProjectsGradedByProjectBands(t *testing.T) {
	f, err := caseio.Load(filepath.Join("..", "..", "examples", "department-education-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Evaluation.Projects {
		f.Evaluation.Projects[i].Stated = nil // graded by the rules, not by a printed legend
	}
	rb, err := rulebook.Load(f.Evaluation.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	mof, err := rulebook.Load("mof-2020")
	if err != nil {
		t.Fatal(err)
	}
	graded := 0
	for _, p := range sc.Projects {
		if p.Incomplete != "" || p.GradeNote != "" {
			continue
		}
		graded++
		if want := mof.Grade(p.Displayed); p.Grade != want {
			t.Errorf("project %s: %s points graded %q, want %q by the project bands", p.Name, p.Displayed, p.Grade, want)
		}
		if p.Rulebook.GradesText() != mof.GradesText() {
			t.Errorf("project %s graded under %s", p.Name, p.Rulebook.GradesText())
		}
	}
	if graded == 0 {
		t.Fatal("no project graded by the rules")
	}
	if sc.Rulebook.GradesText() == mof.GradesText() {
		t.Error("the department is graded by the project bands")
	}
}
