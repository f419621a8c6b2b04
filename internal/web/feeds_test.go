package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// TestDepartmentRowsFeedGoals: a department evaluation scored by goal
// deductions. The page says so (not that each indicator is scored); each
// indicator row names the goal it feeds with the goal's weight, deduction
// and score, and says whether the actual meets the target, updated as the
// actual is typed; a deduction saved on the goal naming the indicator
// shows in the row, and the goal's score and the total move at once.
func TestDepartmentRowsFeedGoals(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	ref := s.data.Evaluations[0].ID
	const ind = "中心城区用地布局及详细规划修编"
	const goal = "压茬推进国土空间规划编制工作，严格风貌管控，强化规划管理优化功能布局，进一步提升城市品质"
	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d/goals", ref))
	if note := b.text("#scoring-note"); !strings.Contains(note, "本评价按分项目标计分：每个目标的得分为分值减去评价扣分，指标本身不单独计分") ||
		strings.Contains(note, "得分、说明、总分和等级随即更新") {
		t.Errorf("the page's promise: %q", note)
	}
	feed := func() string {
		return eval[string](b, rowInput(ind, "actual")+`.closest("tr").querySelector("[data-feed]").innerText`)
	}
	want := func(parts ...string) {
		t.Helper()
		cond := rowInput(ind, "actual") + `.closest("tr").querySelector("[data-feed]").innerText`
		for _, p := range parts {
			b.waitFor(cond + `.includes(` + strconv.Quote(p) + `)`)
		}
	}
	want("实际完成值不是数值，无法与指标值660平方公里比较", "：满分17分，扣0分，得17分。")
	if name := eval[string](b, rowInput(ind, "actual")+`.closest("tr").querySelector("[data-feed] .explain").textContent`); !strings.Contains(name, "计入本目标“"+goal+"”") {
		t.Errorf("screen readers are not told the goal: %q", name)
	}
	if strings.Contains(b.text("#ind-"+fmt.Sprint(s.indicatorOf(t, ref, ind))), "—") {
		t.Errorf("the row still shows —: %q", feed())
	}

	// Typing the actual updates what it changes: met or not.
	b.setRowValue(ind, "actual", "600平方公里")
	want("未达到（实际600平方公里，指标值660平方公里）", "如需扣分：在本目标的“目标、扣分及说明”中填写，“相关指标”写本指标名称。")
	b.setRowValue(ind, "actual", "660平方公里")
	want("已达到（实际660平方公里，指标值660平方公里）")
	if f := feed(); strings.Contains(f, "如需扣分") {
		t.Errorf("a met target still asks for a deduction: %q", f)
	}
	b.setRowValue(ind, "actual", "600平方公里")
	want("未达到")

	// A deduction on the goal naming the indicator: the row, the goal's
	// score and the total change without a reload.
	total, _ := b.scoreText()
	before, err := strconv.ParseFloat(total, 64)
	if err != nil {
		t.Fatalf("total %q", total)
	}
	b.do(chromedp.Click(chromedp.CSS("section.goal details > summary")))
	b.typeInto("#f-goals-0-deductions-0-points", "2")
	b.typeInto("#f-goals-0-deductions-0-reason", "中心城区详细规划修编未全部完成")
	b.typeInto("#f-goals-0-deductions-0-indicator", ind)
	b.do(chromedp.Click(chromedp.CSS("section.goal form button[type=submit]")))
	after := strconv.FormatFloat(before-2, 'f', len(total)-strings.Index(total, ".")-1, 64)
	b.waitFor(`document.querySelector("#score-panel [data-total]").textContent.trim() === "` + after + `"`)
	want("：满分17分，扣2分，得15分；相关扣分：扣2分：中心城区详细规划修编未全部完成。")
	if f := feed(); strings.Contains(f, "如需扣分") {
		t.Errorf("the hint stays after the deduction: %q", f)
	}
	if g := b.text("section.goal h2 .subtotal"); !strings.Contains(g, "15") {
		t.Errorf("goal subtotal %q", g)
	}

	// Every form saved (autosave settles) before the page is left.
	b.waitFor(`!document.querySelector("[data-unsaved], [data-busy]")`)

	// A project's page within the department's evaluation promises what
	// its rows change: the project's score, not the department's total.
	projects, err := s.db.Projects(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	b.open(fmt.Sprintf("/projects/%d", projects[0].ID))
	if note := b.text("#scoring-note"); !strings.Contains(note, "不计入部门整体评价的总分") || strings.Contains(note, "总分和等级随即更新") {
		t.Errorf("a department's project page promises %q", note)
	}
}

// TestRowsShowOperatorAndUnit: an indicator whose 指标性质 (≤) and 度量单位
// (万元) are given apart from its values reads "≤10 万元" and "9.4 万元" in
// its scorecard row, not "10" beside "9.4".
func TestRowsShowOperatorAndUnit(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	ins, err := s.db.Indicators(ctx, s.training.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec := ins[0]
	in := rec.Indicator
	in.Op, in.Unit = jixiao.OpLE, "万元"
	in.Target, _ = jixiao.ParseFigure("10")
	in.Actual, _ = jixiao.ParseFigure("9.4")
	if _, err := s.db.UpdateIndicator(ctx, &jixiao.User{Username: "测试"}, rec.ID, rec.Version, &in); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.login("preparer")
	b.open(fmt.Sprintf("/evaluations/%d/goals", s.training.ID))
	reads := func(field string) string {
		id := fmt.Sprintf("r%d-%s", rec.ID, field)
		return eval[string](b, `(function (id) { var t = el => el ? el.textContent : ""; return t(document.getElementById(id + "-op")) + document.getElementById(id).value + " " + t(document.getElementById(id + "-unit")) })("`+id+`")`)
	}
	if got := reads("target"); got != "≤10 万元" {
		t.Errorf("target reads %q, want ≤10 万元", got)
	}
	if got := reads("actual"); got != "9.4 万元" {
		t.Errorf("actual reads %q, want 9.4 万元", got)
	}
	// Both beside their input, on one line.
	if eval[bool](b, fmt.Sprintf(`(function () { var a = document.getElementById("r%[1]d-target-op").getBoundingClientRect(), u = document.getElementById("r%[1]d-target-unit").getBoundingClientRect(), x = document.getElementById("r%[1]d-target").getBoundingClientRect(); return a.right > x.left + 1 || u.left < x.right - 1 || Math.abs(a.top - u.top) > x.height })()`, rec.ID)) {
		t.Error("the operator and unit are not beside the target's input")
		b.shot(screenshots(t), "adorn")
	}
	// A row of the same indicator whose values carry them keeps them once.
	b.setRowValue(in.Name, "target", "≤12万元")
	b.waitFor(fmt.Sprintf(`document.getElementById("r%d-target").value === "≤12万元" && !document.getElementById("r%[1]d-target-op")`, rec.ID))
	if n := eval[int](b, fmt.Sprintf(`document.querySelectorAll("#ind-%d .adorn").length`, rec.ID)); n != 1 {
		t.Errorf("%d adornments once the target states its operator and unit, want 1 (the actual's unit)", n)
	}
}

// TestGoalScoredRowsHaveNoWeightInput: on an evaluation scored by goal
// deductions an indicator's 分值 has no effect, so its row offers no input
// for it (the value, if any, is kept as it is).
func TestGoalScoredRowsHaveNoWeightInput(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	ref := s.data.Evaluations[0].ID
	st, body := c.get(fmt.Sprintf("/evaluations/%d/goals", ref))
	if st != 200 {
		t.Fatalf("goals: %d", st)
	}
	id := s.indicatorOf(t, ref, "中心城区用地布局及详细规划修编")
	row := body[strings.Index(body, fmt.Sprintf(`id="ind-%d"`, id)):]
	row = row[:strings.Index(row, "</tr>")]
	if strings.Contains(row, fmt.Sprintf(`id="r%d-weight"`, id)) || !strings.Contains(row, `type="hidden" name="weight"`) || !strings.Contains(row, "指标的分值不计入得分") {
		t.Errorf("a goal-scored row offers a 分值 input:\n%s", row)
	}
}
