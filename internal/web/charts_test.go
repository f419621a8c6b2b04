package web_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// misaligned lists the columns of the page's tables whose header is
// aligned otherwise than their cells: a column whose every filled body
// cell is right-aligned (numbers) needs a right-aligned header, and a
// right-aligned header needs such cells. Rows whose cells do not line up
// with the header (colspan) are left out.
const misaligned = `(function () {
  var out = [];
  document.querySelectorAll("table").forEach(function (t) {
    var head = t.tHead && t.tHead.rows[t.tHead.rows.length - 1];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, c) {
      var cells = Array.prototype.filter.call(t.tBodies[0] ? t.tBodies[0].rows : [], function (r) { return r.cells.length === head.cells.length; })
        .map(function (r) { return r.cells[c]; })
        .filter(function (td) { return td.textContent.trim() !== "" && !td.querySelector("input, textarea, select"); });
      if (!cells.length) return;
      var right = function (el) { var a = getComputedStyle(el).textAlign; return a === "right" || a === "end"; };
      var body = cells.every(right), header = right(th);
      if (body !== header) out.push((t.id || t.getAttribute("aria-label") || t.className) + " " + th.textContent.trim() + ": header " + (header ? "right" : "left") + ", cells " + (body ? "right" : "not all right"));
    });
  });
  return out;
})()`

// TestBureauChartsAtAGlance opens the bureau's overview as its reviewer
// and reads the charts as drawn: synonymous grades (优秀 under one rulebook,
// 优 under another) are one bar; the scatter's score axis runs 0–100 and
// its execution axis from 0; the findings chart shows the commonest codes
// and the rest as 其他; totals by year are a table, one row per
// department, not crossing lines; numeric columns are right-aligned under
// right-aligned headers.
func TestBureauChartsAtAGlance(t *testing.T) {
	s := newSiteWith(t, siteOptions{synthetic: 12})
	b := newBrowser(t, s)
	b.login("reviewer")
	b.open("/bureau")
	b.waitFor(`document.querySelector("#chart-findings[data-ready]")`)
	opt := func(id, expr string) []string {
		return eval[[]string](b, `(function (o) { return (`+expr+`).map(String) })(echarts.getInstanceByDom(document.getElementById("`+id+`")).getOption())`)
	}

	// Grades: the reference (shijiazhuang-2024) is 优秀, the training
	// project (mof-2020) 优: one bar, named by both, counting both.
	grades := opt("chart-grades", "o.xAxis[0].data")
	counts := opt("chart-grades", "o.series[0].data.map(d => d.value)")
	if want := []string{"优秀 / 优", "良"}; !slices.Equal(grades, want) {
		t.Errorf("grade bars %q, want %q", grades, want)
	}
	rows := eval[[]string](b, `Array.from(document.querySelectorAll("#bureau-table tbody tr td:nth-child(5)")).map(td => td.textContent.trim())`)
	top := 0
	for _, g := range rows {
		if g == "优秀" || g == "优" {
			top++
		}
	}
	if len(counts) == 0 || counts[0] != strings.TrimSpace(itoa(top)) {
		t.Errorf("the 优秀 / 优 bar counts %q, the table lists %d such evaluations", counts, top)
	}
	if !slices.Contains(rows, "优秀") || !slices.Contains(rows, "优") {
		t.Fatalf("the demo no longer has both 优秀 and 优 (grades in the table: %q): the test proves nothing", rows)
	}
	// Screen readers hear the bars.
	if label := eval[string](b, `document.getElementById("chart-grades").getAttribute("aria-label")`); label != "评价等级分布：优秀 / 优 "+itoa(top)+" 项，良 "+counts[1]+" 项" {
		t.Errorf("grade chart's text %q", label)
	}
	// The grade filter offers the merged grade once, and finds both.
	if opts := eval[[]string](b, `Array.from(document.querySelectorAll("select[name=grade] option")).map(o => o.textContent)`); !slices.Equal(opts, []string{"全部", "优秀 / 优", "良"}) {
		t.Errorf("grade filter options %q", opts)
	}
	b.open("/bureau?grade=%E4%BC%98") // 优
	if n := eval[int](b, `document.querySelectorAll("#bureau-table tbody tr").length`); n != top {
		t.Errorf("filtering by 优 lists %d evaluations, want the %d graded 优秀 or 优", n, top)
	}
	b.open("/bureau")
	b.waitFor(`document.querySelector("#chart-findings[data-ready]")`)

	// Scatter axes: scores 0–100, execution from 0.
	if ax := opt("chart-scatter", "[o.yAxis[0].min, o.yAxis[0].max, o.xAxis[0].min]"); !slices.Equal(ax, []string{"0", "100", "0"}) {
		t.Errorf("scatter axes (score min, max, execution min) %q, want 0, 100, 0", ax)
	}
	// The drawn axis labels stop at 100.
	if labels := b.text("#chart-scatter"); strings.Contains(labels, "102") {
		t.Errorf("scatter labels: %q", labels)
	}

	// Findings: the 8 commonest codes, then 其他 with the rest.
	codes := opt("chart-findings", "o.yAxis[0].data")
	if len(codes) != 9 || !strings.HasPrefix(codes[8], "其他（") {
		t.Errorf("findings bars %q: want 8 codes and 其他", codes)
	}
	nums := opt("chart-findings", "o.series[0].data")
	for i := 1; i < 8 && i < len(nums); i++ {
		if atoi(nums[i]) > atoi(nums[i-1]) {
			t.Errorf("findings bars not by count: %q", nums)
		}
	}

	// Totals by year: a table, the average first, then departments, each
	// with its years and the change.
	if eval[bool](b, `!!document.getElementById("chart-years")`) {
		t.Error("the by-year line chart is still there")
	}
	head := eval[[]string](b, `Array.from(document.querySelectorAll("#by-year thead th")).map(th => th.textContent.trim())`)
	if want := []string{"单位 / 项目", "2023年度", "2024年度", "变化"}; !slices.Equal(head, want) {
		t.Errorf("by-year header %q, want %q", head, want)
	}
	first := eval[[]string](b, `Array.from(document.querySelectorAll("#by-year tbody tr")[0].cells).map(c => c.textContent.trim())`)
	if len(first) != 4 || first[0] != "全部平均" {
		t.Errorf("by-year first row %q", first)
	}
	if n := eval[int](b, `document.querySelectorAll("#by-year tbody tr").length`); n != 11 {
		t.Errorf("by-year rows %d, want the average and 10 departments", n)
	}
	// Each year at a glance: its evaluations by grade tier add up to its
	// count, and the chart stacks the same counts.
	stats := eval[[][]string](b, `Array.from(document.querySelectorAll("#year-stats tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent.trim()))`)
	if len(stats) != 2 || stats[0][0] != "2023年度" || stats[1][0] != "2024年度" {
		t.Fatalf("year stats %q", stats)
	}
	for _, r := range stats {
		sum := 0
		for _, c := range r[4:] {
			sum += atoi(c)
		}
		if sum != atoi(r[1]) || atoi(r[1]) == 0 {
			t.Errorf("year %s: grades and unscored add to %d, count %s", r[0], sum, r[1])
		}
	}
	b.waitFor(`document.querySelector("#chart-by-year[data-ready] svg")`)
	if top := opt("chart-by-year", "o.series[0].data"); !slices.Equal(top, []string{stats[0][4], stats[1][4]}) {
		t.Errorf("chart's 优 bars %q, table %q and %q", top, stats[0][4], stats[1][4])
	}

	// A filter that matches nothing draws empty charts, without a script
	// error (the browser's console is checked at the end).
	b.open("/bureau?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E5%8D%95%E4%BD%8D")
	b.waitFor(`document.querySelector("#chart-findings[data-ready]")`)
	if txt := b.text("#bureau-table"); !strings.Contains(txt, "没有符合条件的评价") {
		t.Errorf("empty overview: %q", txt)
	}
	b.open("/bureau")

	// Alignment by type (every page: TestAxeEveryPage).
	if bad := eval[[]string](b, misaligned); len(bad) > 0 {
		t.Errorf("/bureau: %q", bad)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
