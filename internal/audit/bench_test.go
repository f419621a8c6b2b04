package audit_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"jixiao/internal/audit"
)

// BenchmarkAudit audits the reference report, the same text forty times
// over (7,280 lines, 1 MB: far longer than any real report), and 1 MB of
// lines that each state counts and amounts under names of their own (every
// quantity new: the worst case for the checks that look for one stated
// twice), and 1 MB of a form's cells run together without separators. At the bound of 4 MB of text these take about 1.3, 2.5 and, as
// one line, 2.6 s, with a peak heap of 32–75 MiB (measured 2026-11-28).
func BenchmarkAudit(b *testing.B) {
	data, err := os.ReadFile(referenceFile)
	if err != nil {
		b.Fatal(err)
	}
	var gen strings.Builder
	for i := 0; gen.Len() < 1<<20; i++ {
		fmt.Fprintf(&gen, "第%d段：完成%d个示范村%d号工程建设，资金%d万元，其中甲%d万元、乙%d万元。\n", i, i%97, i, i+10, i, 10)
	}
	// A form's rows run together, one line of 1 MB: every run is cut in
	// every way the columns allow.
	glued := "全年预算数全年执行数分值执行率得分" + strings.Repeat("年度资金总额111111111111111111111111111111111111111%", 18000) + "\n"
	// Paragraphs of nothing but parts and their bare shares, none right:
	// each share may be of any larger figure before it (before bounds,
	// 127 KB of this took over 5 minutes; 2.6 MB now takes about 14 s
	// with a finding per share, measured 2026-11-29).
	var shares strings.Builder
	for shares.Len() < 1<<20 {
		shares.WriteString("全年支出1000万元，")
		for i := 1; i < 2000; i++ {
			fmt.Fprintf(&shares, "用于第%d类项目%d.%d万元，占比为%d.%d%%，", i, i%97+1, i%89+10, i%29+1, i%83+10)
		}
		shares.WriteString("。\n")
	}
	for _, c := range []struct {
		name string
		text string
	}{{"reference", string(data)}, {"x40", strings.Repeat(string(data), 40)}, {"distinct", gen.String()}, {"glued", glued}, {"shares", shares.String()},
		// One endless sentence of shapes each check looks back from: each
		// looks back a bounded way, and sentences are cut at 8 KB (before
		// these bounds, 300 KB of such shapes took 15 s to 75 s; 760 KB of
		// this now takes 2.5–3.7 s, measured 2026-11-28 on a loaded machine).
		// Lines of a page's width that all go on in the next, so that
		// the whole text is read as one paragraph (joining them by adding
		// each line to a string took 33 s for 3.8 MB; built in one buffer,
		// 7 s with every check, measured 2026-11-29).
		{"joined", strings.Repeat("本单位内设十个科室，分别为办公室、法制宣传科、行政审批科、公共服务科、文物管理科、产业发展\n科、行政审批科、公共服务科、文物管理科、产业发展科、行业管理科、安全与应急科、财务审计\n", 4000)},
		{"endless", strings.Repeat("执行率50%，预算100万元，支出50万元，较上年增加5万元，增长5%，比全省平均水平（17.9%）高2.7个百分点，占本年支出的48.92%，其中：A，B，C，", 4000)}} {
		text := []byte(c.text)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				d, err := audit.Read("报告.txt", text)
				if err != nil {
					b.Fatal(err)
				}
				audit.Audit(d)
			}
		})
	}
}
