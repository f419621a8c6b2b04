package html_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/report"
	"jixiao/internal/report/html"
)

func TestRender(t *testing.T) {
	d := &report.Document{Title: []string{"某局", "2024年度整体支出绩效自评报告"}, Blocks: []report.Block{
		{Heading: &report.Heading{Level: 1, Text: "一、部门基本情况"}},
		{Heading: &report.Heading{Level: 2, Text: "（一）部门概况"}},
		{Paragraph: &report.Paragraph{Runs: []report.Run{{Text: `<script>alert("x")</script> & 预算`}}}},
		{Table: &report.Table{Caption: "表", Unit: "单位：万元", Widths: []int{1, 3},
			Header: [][]report.Cell{{{Text: "项目"}, {Text: "金额"}}},
			Rows:   [][]report.Cell{{{Text: "合并", RowSpan: 2}, {Text: "1.00", Align: "right"}}, {{Text: "2.00", Align: "right"}}}}},
		{Paragraph: &report.Paragraph{Runs: []report.Run{{Text: "年初预算收入598154.02万元"}}}},
		{Signature: &report.Signature{Org: "某局", Date: report.Run{Text: "【待填写：成文日期】", Placeholder: true}}},
		{PageBreak: true},
	}}
	var buf bytes.Buffer
	if err := html.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<html lang="zh-CN">`, `<title>某局2024年度整体支出绩效自评报告</title>`,
		`<h1 class="title"><span>某局</span><span>2024年度整体支出绩效自评报告</span></h1>`,
		`<h2 class="h1">一、部门基本情况</h2>`, `<h3 class="h2">（一）部门概况</h3>`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; 预算`,
		`<td rowspan="2">合并</td>`, `<td class="right">1.00</td>`, `<col style="width:25.00%">`,
		`<thead><tr><th>项目</th><th>金额</th></tr></thead>`, `<div class="page-break"></div>`,
		// Flush left around a long number; the 落款: the date 4 characters
		// from the right, the name (2) centred over the date (10): 8.
		`<p class=" ragged">年初预算收入598154.02万元</p>`, `p.ragged { text-align: left; }`,
		`<div class="signature"><p class="r16">某局</p>` + "\n" + `<p class="r8"><mark class="placeholder">【待填写：成文日期】</mark></p>`,
		`.signature .r8 { padding-right: 4em; }`, `.signature .r16 { padding-right: 8em; }`,
		`@page`, `size: A4`, `margin: 37mm 26mm 35mm 28mm`, `@bottom-right { content: "— " counter(page) " —"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if regexp.MustCompile(`<script`).MatchString(out) {
		t.Error("user text reached the page unescaped")
	}
}
