package audit_test

import (
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/audit"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
)

const (
	errS  = jixiao.SeverityError
	warnS = jixiao.SeverityWarning
	infoS = jixiao.SeverityInfo
)

const referenceFile = "../../examples/shijiazhuang-2024-report.txt"

// reference is the text of the reference report (kept in examples/ with
// the case built from it).
func reference(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatalf("reference report: %v", err)
	}
	return string(b)
}

// replace changes the nth (1-based) occurrence of old in text.
func replace(t *testing.T, text, old, new string, n int) string {
	t.Helper()
	i := -1
	for k := 0; k < n; k++ {
		j := strings.Index(text[i+1:], old)
		if j < 0 {
			t.Fatalf("the text has fewer than %d occurrences of %q", n, old)
		}
		i += 1 + j
	}
	return text[:i] + new + text[i+len(old):]
}

func auditText(t *testing.T, text string) []audit.Finding {
	t.Helper()
	d, err := audit.Read("报告.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return audit.Audit(d).Findings
}

func find(fs []audit.Finding, code string) []audit.Finding {
	var out []audit.Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// expect asserts exactly one finding with code, of severity sev, in
// paragraph (line) para, whose message contains each of parts.
func expect(t *testing.T, fs []audit.Finding, code string, sev jixiao.Severity, para int, parts ...string) audit.Finding {
	t.Helper()
	got := find(fs, code)
	if len(got) != 1 {
		t.Fatalf("want one %s finding, got %d:\n%s", code, len(got), dump(fs))
	}
	f := got[0]
	if f.Severity != sev || f.Para != para {
		t.Errorf("%s: severity %s at %d, want %s at %d", code, f.Severity, f.Para, sev, para)
	}
	for _, p := range parts {
		if !strings.Contains(f.Message, p) {
			t.Errorf("%s message %q lacks %q", code, f.Message, p)
		}
	}
	return f
}

func none(t *testing.T, fs []audit.Finding, code string) {
	t.Helper()
	if got := find(fs, code); len(got) > 0 {
		t.Errorf("unexpected %s:\n%s", code, dump(got))
	}
}

func dump(fs []audit.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s %s: %s\n", f.Code, f.Severity, f.Path, f.Where, f.Message)
	}
	return b.String()
}

// The reference report has one real inconsistency: its 决算收入 parts add
// up to 140989.08万元, not the 141981.96万元 it states. Its 预算调整 parts
// differ from their totals by 0.01万元, which rounding explains.
func TestReferenceReport(t *testing.T) {
	fs := auditText(t, reference(t))
	if len(fs) != 3 {
		t.Fatalf("want 3 findings, got %d:\n%s", len(fs), dump(fs))
	}
	f := fs[0]
	if f.Code != "T01" || f.Severity != errS || f.Para != 63 || f.Path != "第63行" {
		t.Fatalf("first finding: %s", dump(fs[:1]))
	}
	for _, want := range []string{"140989.08万元", "141981.96万元", "相差992.88万元", "34969.37 + 103536.25 + 1926.79 + 556.67 = 140989.08"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("T01 message %q lacks %q", f.Message, want)
		}
	}
	if !strings.HasPrefix(f.Where, "“2024年决算收入数为141981.96万元") {
		t.Errorf("T01 quotes %s", f.Where)
	}
	line := strings.Split(reference(t), "\n")[62]
	if got := line[f.Start:f.End]; !strings.HasPrefix(got, "2024年决算收入数为") || !strings.HasSuffix(got, "。") {
		t.Errorf("T01 sentence offsets give %q", got)
	}
	for _, f := range fs[1:] {
		if f.Code != "T01" || f.Severity != infoS || f.Para != 61 || !strings.Contains(f.Message, "相差0.01万元") || !strings.Contains(f.Message, "四舍五入") {
			t.Errorf("rounding finding: %s", dump([]audit.Finding{f}))
		}
	}
	// 已整改到位…28个，整改到位率90%，剩余3件: 28 / 31 = 90.32% ≈ 90%.
	for _, c := range []string{"T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10"} {
		none(t, fs, c)
	}
}

// The same report as a Word document: the same findings, placed by
// paragraph, with table rows read as one paragraph each.
func TestReferenceReportAsDocx(t *testing.T) {
	lines := strings.Split(reference(t), "\n")
	doc := &report.Document{Title: []string{"石家庄市自然资源和规划局", "2024年度部门整体支出绩效自评报告"}}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		doc.Blocks = append(doc.Blocks, report.Block{Paragraph: &report.Paragraph{Runs: []report.Run{{Text: l}}}})
	}
	doc.Blocks = append(doc.Blocks, report.Block{Table: &report.Table{Widths: []int{2, 1, 1},
		Header: [][]report.Cell{{{Text: "项目"}, {Text: "预算数"}, {Text: "执行数"}}},
		Rows:   [][]report.Cell{{{Text: "土地收储"}, {Text: "100.00"}, {Text: "90.00"}}}}})
	var buf bytes.Buffer
	if err := docx.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	d, err := audit.Read("报告.docx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if last := d.Paragraphs[len(d.Paragraphs)-1]; last != "土地收储\t100.00\t90.00" {
		t.Errorf("a table row reads as %q", last)
	}
	fs := audit.Audit(d).Findings
	if len(fs) != 3 {
		t.Fatalf("want 3 findings, got %d:\n%s", len(fs), dump(fs))
	}
	f := fs[0]
	if f.Code != "T01" || f.Severity != errS || !strings.HasSuffix(f.Path, "段") || !strings.HasPrefix(d.Paragraphs[f.Para-1], "2024年决算收入数为141981.96万元") {
		t.Errorf("T01 in the Word document: %s in %q", dump(fs[:1]), d.Paragraphs[f.Para-1])
	}
}

func TestTotals(t *testing.T) {
	ref := reference(t)
	// Parts that add up: no T01 error.
	fixed := replace(t, ref, "2024年决算收入数为141981.96万元", "2024年决算收入数为140989.08万元", 1)
	fs := auditText(t, fixed)
	for _, f := range find(fs, "T01") {
		if f.Severity == errS {
			t.Errorf("consistent totals: %s", dump([]audit.Finding{f}))
		}
	}
	// A part changed beyond rounding: an error naming the sum.
	fs = auditText(t, replace(t, fixed, "事业收入2635.35万元", "事业收入2735.35万元", 1))
	var got []audit.Finding
	for _, f := range find(fs, "T01") {
		if f.Severity == errS {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Para != 59 || !strings.Contains(got[0].Message, "相差100.00万元") {
		t.Errorf("changed part: %s", dump(fs))
	}
	fs = auditText(t, "单位全年收入100万元，其中：财政拨款60万元，事业收入30万元。\n")
	expect(t, fs, "T01", errS, 1, "各项之和90万元", "所述合计100万元", "相差10万元", "60 + 30 = 90")
	// Assets are not a budget: their 其中 lists a part, not a breakdown.
	none(t, auditText(t, "共有资产100万元，其中：货币资金60万元，固定资产原值30万元。\n"), "T01")
	// A total in 元 with parts in 万元 is compared in one unit.
	none(t, auditText(t, "年初预算收入1500000元，其中：一般公共预算收入100万元，事业收入50万元。\n"), "T01")
}

func TestAssets(t *testing.T) {
	ref := reference(t)
	none(t, auditText(t, ref), "T09")
	fs := auditText(t, replace(t, ref, "固定资产净值6654.62万元", "固定资产净值6754.62万元", 1))
	expect(t, fs, "T09", errS, 55, "21440.30", "14785.68", "6654.62", "6754.62")
}

func TestLists(t *testing.T) {
	ref := reference(t)
	none(t, auditText(t, ref), "T02")
	fs := auditText(t, replace(t, ref, "等18个下属单位", "等17个下属单位", 1))
	expect(t, fs, "T02", errS, 50, "列举了18个", "17个下属单位")
	fs = auditText(t, "主要包括培训、调研、宣传共4项工作。\n")
	expect(t, fs, "T02", errS, 1, "列举了3个", "4项")
	none(t, auditText(t, "主要包括培训、调研、宣传共3项工作。\n"), "T02")
	// With 等 and all but one named, the list may have lost an item: a
	// warning. With fewer, it names examples: nothing to report.
	fs = auditText(t, "下设办公室、财务科、人事科等4个科室。\n")
	expect(t, fs, "T02", warnS, 1, "列举了3个", "4个科室", "未一一列出")
	none(t, auditText(t, "下设办公室、财务科、人事科等8个科室。\n"), "T02")
	// With 等 and more items than the count, it is wrong either way.
	fs = auditText(t, "下设办公室、财务科、人事科等2个科室。\n")
	expect(t, fs, "T02", errS, 1, "列举了3个")
}

func TestRates(t *testing.T) {
	ref := reference(t)
	fs := auditText(t, replace(t, ref, "整改到位率90%", "整改到位率95%", 1))
	expect(t, fs, "T03", errS, lineOf(t, ref, "整改到位率90%"), "90.32%", "95%", "28 / （已完成28 + 剩余3）")
	fs = auditText(t, "共发现问题40个，已完成整改38个，整改完成率95%。\n")
	none(t, fs, "T03")
	fs = auditText(t, "共发现问题40个，已完成整改36个，整改完成率95%。\n")
	expect(t, fs, "T03", errS, 1, "90.00%", "已完成36 / 总数40")
	// Two counts of each kind: which is which is not clear.
	fs = auditText(t, "已完成整改12个、已销号8个，剩余3个、尚未启动2个，整改率80%。\n")
	expect(t, fs, "T10", infoS, 1, "关系不明")
	none(t, fs, "T03")
	none(t, auditText(t, ref), "T10")
}

func TestExecutionRate(t *testing.T) {
	fs := auditText(t, "全年预算数500万元，执行数450万元，预算执行率95%。\n")
	expect(t, fs, "T08", errS, 1, "90.00%", "95%", "450万元", "500万元")
	none(t, auditText(t, "全年预算数500万元，执行数450万元，预算执行率90%。\n"), "T08")
	// With an initial and an adjusted budget, the rate is of the adjusted.
	none(t, auditText(t, "年初预算400万元，调整预算500万元，实际支出450万元，执行率90%。\n"), "T08")
	none(t, auditText(t, reference(t)), "T08")
}

// Execution rates as reports write them: a budget without the word 预算, a
// rate per budget line in one sentence, the amounts in the sentence before,
// 预算完成率, and amounts in 万.
func TestExecutionRateShapes(t *testing.T) {
	// Each line's rate is read with its own amounts.
	text := "年度资金总额全年预算数3000万元，全年执行数2400万元，执行率80%。其中中央资金全年预算数1000万元，全年执行数400万元，执行率40%；地方资金全年预算数2000万元，全年执行数2000万元，执行率100%。\n"
	none(t, auditText(t, text), "T08")
	fs := auditText(t, strings.Replace(text, "执行率40%", "执行率60%", 1))
	expect(t, fs, "T08", errS, 1, "按所述金额执行率为40.00%", "与所述执行率60%不符", "400万元", "1000万元")
	// A fund total named by 资金总额, spent as 拨付使用.
	fs = auditText(t, "本年项目资金总额16.20万元，拨付使用15.20万元，预算执行率100%。\n")
	expect(t, fs, "T08", errS, 1, "93.83%", "15.20万元", "16.20万元")
	// The amounts in the sentence before the rate.
	fs = auditText(t, "全年收到补助资金118.92万元，全年发放98.61万元。经自评，项目预算执行率91.33 %。\n")
	expect(t, fs, "T08", errS, 1, "82.92%", "91.33%")
	none(t, auditText(t, "全年收到补助资金118.92万元，全年发放108.61万元。经自评，项目预算执行率91.33 %。\n"), "T08")
	// 预算完成率, and amounts written in 万.
	expect(t, auditText(t, "专项补助经费合计75万元，已于本年度支出65万元，预算完成率100%。\n"), "T08", errS, 1, "86.67%")
	expect(t, auditText(t, "投入中央直达资金29.6万，执行数27.6万，执行率100%。\n"), "T08", errS, 1, "93.24%")
	// A payment rate against what was paid and what was not (T03).
	expect(t, auditText(t, "任务资金支付18501.096万元，未支703万元，支付率95%。\n"), "T03", errS, 1, "96.34%", "95%", "703万元")
	none(t, auditText(t, "任务资金支付18501.096万元，未支703万元，支付率96%。\n"), "T03")
}

// Totals and their parts as reports write them apart (T01): the total
// ends the sentence before the 其中 (past a sentence on the change against
// last year), totals of people, and a clause on what has become of the
// total ends the parts.
func TestTotalsApart(t *testing.T) {
	expect(t, auditText(t, "2、支出：799.12万元。其中：人员经费支出434.89万元，公用经费支出87.4万元，项目支出286.83万元。\n"),
		"T01", errS, 1, "809.12", "799.12")
	none(t, auditText(t, "2、支出：799.12万元。其中：人员经费支出434.89万元，公用经费支出77.4万元，项目支出286.83万元。\n"), "T01")
	fs := auditText(t, "1、收入：800万元。同比上年度增加100万元，增加14.29%。其中：财政拨款收入700万元，其他收入90万元。\n")
	expect(t, fs, "T01", errS, 1, "790", "800")
	expect(t, auditText(t, "现有编制人员205人。其中，局机关在职113人、离休2人、退休85人、事务中心10人，支付中心5人。\n"), "T01", errS, 1, "215", "205")
	none(t, auditText(t, "现有编制人员205人。其中，局机关在职113人、离休2人、退休75人、事务中心10人，支付中心5人。\n"), "T01")
	// A total of funds without a budget word.
	expect(t, auditText(t, "我镇获得财政衔接资金共1077.56万元，其中：中央资金630.2万元，省级资金439.36万元，市级资金18万元。\n"), "T01", errS, 1, "1087.56")
	// The total before a rate clause in the sentence before; parts given
	// stage by stage are read with the total's stage.
	expect(t, auditText(t, "实际执行9265.35万元，项目执行率88.74%。其中中央补助经费执行7177.37万元，省级配套资金执行2187.98万元。\n"), "T01", errS, 1, "9365.35", "9265.35")
	stages := "全年执行数4772.58万元，执行率88.83%。其中中央资金全年预算数1800万元，全年执行数1200万元，执行率66.67%；地方资金全年预算数2192.58万元，全年执行数2192.58万元，执行率100%；其他资金全年预算数1380万元，全年执行数1380万元，执行率100%。\n"
	none(t, auditText(t, stages), "T01")
	expect(t, auditText(t, strings.Replace(stages, "全年执行数1200万元", "全年执行数1300万元", 1)), "T01", errS, 1, "4872.58", "4772.58")
	// Parts introduced by 具体是 or "，为"; a whole number among figures with
	// two decimals is as precise as they are; a list ending in 等 is not
	// every part.
	expect(t, auditText(t, "共下达专项资金144.53万元，具体是老年人福利类90.79万元，儿童福利类16万元，残疾人福利类32万元，养老服务4.75万元。\n"), "T01", errS, 1, "143.54", "144.53")
	expect(t, auditText(t, "省级资金转移支付124.23万元，为美丽乡村建设25万元，帮扶0.71万元，河堤维修100万元，改厕项目21.24万元；市级资金260.3万元，为奖励督查10万元，补偿资金250万元等。\n"), "T01", errS, 1, "146.95", "124.23")
	none(t, auditText(t, "省级资金转移支付146.95万元，为美丽乡村建设25万元，帮扶0.71万元，河堤维修100万元，改厕项目21.24万元；市级资金260.3万元，为奖励督查10万元，补偿资金250万元等。\n"), "T01")
	// Before 其中, a count or an area is a total too.
	expect(t, auditText(t, "共实施项目12个，其中年初安排7个，年中追加6个。\n"), "T01", errS, 1, "13", "12")
	expect(t, auditText(t, "治理水土流失面积1429.39hm，其中坡改梯25.26hm，封育治理958.81hm，保土耕作412.83hm，经果林52.49hm。\n"), "T01", errS, 1, "1449.39", "1429.39")
	none(t, auditText(t, "治理水土流失面积1429.39hm，其中坡改梯25.26hm，封育治理958.81hm，保土耕作412.83hm，经果林32.49hm。\n"), "T01")
	// Two levels: each batch with its own breakdown after 分别支持; the
	// batches add up to the total, the projects to their batch.
	two := "获得专项资金17347万元，其中第一批资金9910万元，分别支持甲项目3000万元、乙项目3357.17万元、丙项目3552.83万元；第二批资金7437万元，分别支持丁项目3000万元、戊项目（一期工程）4437万元。\n"
	none(t, auditText(t, two), "T01")
	// A batch changed: it no longer adds up to the total, nor its projects
	// to it.
	if got := find(auditText(t, strings.Replace(two, "第二批资金7437万元", "第二批资金7637万元", 1)), "T01"); len(got) != 2 ||
		!strings.Contains(got[0].Message+got[1].Message, "9910 + 7637 = 17547") || !strings.Contains(got[0].Message+got[1].Message, "3000 + 4437 = 7437") {
		t.Errorf("two levels: %+v", got)
	}
	fs = auditText(t, strings.Replace(two, "乙项目3357.17万元", "乙项目3557.17万元", 1))
	expect(t, fs, "T01", errS, 1, "10110", "9910")
	// A part in another unit is added in the total's, and shown so.
	fs = auditText(t, "全年支出120万元，其中人员经费100万元，公用经费5000元，项目支出19万元。\n")
	expect(t, fs, "T01", errS, 1, "各项之和119.5万元 ≠ 所述合计120万元，相差0.5万元（100 + 0.5（5000元） + 19 = 119.5）")
	none(t, auditText(t, "全年支出120万元，其中人员经费100万元，公用经费10000元，项目支出19万元。\n"), "T01")
	// Thousands separators are read as in every other check.
	none(t, auditText(t, "全年支出11,605.29万元，其中基本支出1,605.29万元，项目支出10,000万元。\n"), "T01")
	// What was paid out of the total is not one of its parts.
	none(t, auditText(t, "统筹整合使用财政涉农资金303万元，其中项目管理费3万元，目前项目资金已拨付270万元。\n"), "T01")
}

// Lists as reports write them (T02): the count right after the list with
// or without an introducing verb, 、 inside brackets, the last item joined
// by 和 or 及, and the count before its list.
func TestListShapes(t *testing.T) {
	ok := []string{
		"委内设办公室、综合科（挂开发办）、投资科（挂项目办、审批科）、价格科等4个科室。",
		"切实履行政治协商、民主监督、参政议政三大职能。",
		"统筹用于老年人福利、残疾人福利和儿童福利三个方面。",
		"本项目由基本支出和项目支出两个部分构成。",
		"项目包括处理中心、管网新建和修复工程、湿地改造及环湖生态修复工程三部分。",
		"直属事业单位3个，即支付中心、信息中心、评审中心。",
		"纳入预算编制范围的单位有3个，分别为局机关本级、事务中心和支付中心。",
		"项目涉及城关镇等八个乡镇。",
		"内设2个中队，即文秘调研中队、机要通信中队。",
	}
	for _, text := range ok {
		none(t, auditText(t, text+"\n"), "T02")
	}
	bad := []struct{ text, want string }{
		{"委内设办公室、综合科（挂开发办）、投资科（挂项目办、审批科）、价格科等3个科室。", "列举了4个"},
		{"切实履行政治协商、民主监督、参政议政四大职能。", "列举了3个"},
		{"统筹用于老年人福利、残疾人福利和儿童福利四个方面。", "列举了3个"},
		{"直属事业单位10个，即支付中心、信息中心、评审中心。", "列举了3个，所称为10个"},
		{"纳入预算编制范围的单位有4个，分别为局机关本级、事务中心和支付中心。", "列举了3个"},
		{"负责机要、通信工作。内设3个中队，即文秘调研中队、机要通信中队。", "列举了2个"},
	}
	for _, c := range bad {
		expect(t, auditText(t, c.text+"\n"), "T02", errS, 1, c.want)
	}
}

// The same words with another number in one paragraph are another object
// (T07 compares across paragraphs only).
func TestRepeatsSideBySide(t *testing.T) {
	none(t, auditText(t, "局机关在职在编139人、退休人员8人；环卫处在职在编132人、退休人员148人。\n"), "T07")
	none(t, auditText(t, "项目总占地面积335亩。其中：处理中心总占地面积35亩。\n"), "T07")
	fs := auditText(t, "全年完成危房改造户数120户。\n年末核实，全年完成危房改造户数125户。\n")
	expect(t, fs, "T07", warnS, 2, "120户", "125户")
}

// A breakdown in brackets after its total, and parts listed before a
// 合计 (T01).
func TestTotalsInBracketsAndAfterParts(t *testing.T) {
	ok := "区执法局现有人员1894人，其中局本级187人（在职在编139人、退休人员8人、协管员40人），环卫处1707人（在职在编132人、退休人员148人、临聘人员272人、3个公司聘用人员1155人）。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "协管员40人", "协管员50人", 1)), "T01", errS, 1, "139 + 8 + 50 = 197", "187")
	expect(t, auditText(t, strings.Replace(ok, "临聘人员272人", "临聘人员282人", 1)), "T01", errS, 1, "1717", "1707")
	// A note in brackets is not a breakdown.
	none(t, auditText(t, "安排资金300万元（含上年结转50万元、新增20万元）。\n"), "T01")
	parts := "一批项目总投资3374.3万元（其中建筑工程3292万元），二批项目总投资2069.51万元（其中建筑工程1975.775万元），三批项目投资778.59万元，合计批复总投资6222.4万元。\n"
	none(t, auditText(t, parts), "T01")
	expect(t, auditText(t, strings.Replace(parts, "2069.51万元", "2169.51万元", 1)), "T01", errS, 1, "6322.40", "6222.40")
}

// A PDF's text comes through the converter given; lines the page broke
// are joined, short lines (headings, table rows) are not, and the report
// says how the text was read.
func TestReadPDFText(t *testing.T) {
	text := "一、基本情况\n2、支出：799.12万元。其中：人员经费支出434.89万元，公用经费支出87.4万元，项目支出286.83\n万元。\n年度资金总额 100 90\n"
	pdf := func(_ context.Context, name string, data []byte) (string, error) {
		if name != "报告.pdf" || string(data) != "%PDF-1.7" {
			t.Errorf("converter got %s %q", name, data)
		}
		return text, nil
	}
	d, err := audit.ReadWith(context.Background(), "报告.pdf", []byte("%PDF-1.7"), audit.Converters{PDF: pdf})
	if err != nil {
		t.Fatal(err)
	}
	// The line the PDF broke is joined to the one before; it is left
	// empty, so that every line keeps its number.
	if len(d.Paragraphs) != 4 || !strings.HasSuffix(d.Paragraphs[1], "项目支出286.83万元。") || d.Paragraphs[2] != "" || d.Paragraphs[3] != "年度资金总额 100 90" || !strings.Contains(d.Note, "PDF") {
		t.Fatalf("paragraphs %q note %q", d.Paragraphs, d.Note)
	}
	res := audit.Audit(d)
	expect(t, res.Findings, "T01", errS, 2, "809.12", "799.12")
	if rep := res.Report(d); !strings.HasPrefix(rep.Scope, "按 PDF 中的文字核查") {
		t.Errorf("scope %q", rep.Scope)
	}
	// Other files do not go through the converter.
	if _, err := audit.ReadWith(context.Background(), "报告.txt", []byte("收入100万元。\n"), audit.Converters{}); err != nil {
		t.Fatal(err)
	}
	// Without a converter a PDF or an old Word file is refused, in Chinese.
	for _, name := range []string{"报告.pdf", "报告.doc", "报告.wps"} {
		if _, err := audit.ReadWith(context.Background(), name, []byte("x"), audit.Converters{}); err == nil || !strings.Contains(jixiao.ErrorMessage(err), "另存为") {
			t.Errorf("%s without a converter: %v", name, err)
		}
	}
}

// A self-evaluation form inside a report, as a Word table is read (a row
// a paragraph, cells separated by tabs), is checked as a workbook is: the
// 得分 column against 总分 (T05), 年度资金总额 against its sources (T01).
func TestFormTableInReport(t *testing.T) {
	rows := []string{
		"项目支出绩效自评表",
		"（2024年度）",
		"项目名称\t社区培训",
		"主管部门\t某区人社局\t\t\t实施单位\t某区就业中心",
		"项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
		"\t年度资金总额\t100\t100\t95\t10\t95%\t9.5",
		"\t其中：当年财政拨款\t80\t80\t76",
		"\t其他资金\t20\t20\t19",
		"绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
		"\t产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t50\t50",
		"\t效益指标\t社会效益指标\t培训后就业率\t≥60%\t65%\t30\t30",
		"\t满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%\t93%\t10\t10",
		"总分\t\t\t\t\t\t100\t99.5",
	}
	text := "二、自评表\n" + strings.Join(rows, "\n") + "\n"
	fs := auditText(t, text)
	for _, c := range []string{"T01", "T05", "T08"} {
		none(t, fs, c)
	}
	fs = auditText(t, strings.Replace(text, "总分\t\t\t\t\t\t100\t99.5", "总分\t\t\t\t\t\t100\t98.5", 1))
	expect(t, fs, "T05", errS, len(rows)+1, "表格（第", "≠ 所述总分98.5")
	fs = auditText(t, strings.Replace(text, "\t其他资金\t20\t20\t19", "\t其他资金\t20\t20\t29", 1))
	expect(t, fs, "T01", errS, len(rows)+1, "表格（第", "105.00")
}

// A form flattened into the text (cells separated by spaces): each block's
// rows end with 分值 and 得分, and add up to the block's printed cap (T05).
func TestFlattenedFormCaps(t *testing.T) {
	form := "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 产出指标（50分） 数量指标 服务项目数量 ≥50个 50 20 20 " +
		"质量指标 报告合格率 ≥100% 100 15 15 时效指标 提交及时性 按时完成 达成预期指标 15 14 效益指标（30分） 社会效益指标 影响程度 效果明显 达成预期指标 30 30\n"
	none(t, auditText(t, form), "T05")
	fs := auditText(t, strings.Replace(form, "100 15 15", "100 18 15", 1))
	expect(t, fs, "T05", errS, 1, "“产出指标（50分）”下3个指标的分值之和为53（20 + 18 + 15）", "所印50分")
	// A row without its 得分 makes the block unreadable: nothing said.
	none(t, auditText(t, strings.Replace(form, "达成预期指标 15 14", "达成预期指标 16", 1)), "T05")
}

// A form's budget block flattened a cell a line (or "|" between cells):
// the stated 执行率 of each row against its amounts (T08).
func TestFlattenedFormRates(t *testing.T) {
	block := []string{"年度预算申请（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额", "1397.90", "1397.90", "1389.3", "10", "99.3%", "10", "按收入性质分："}
	text := strings.Join(block, "\n") + "\n"
	fs := auditText(t, text)
	expect(t, fs, "T08", errS, 13, "“年度资金总额”一行：全年执行数1389.3 / 全年预算数1397.90 = 99.38%，与所填执行率99.3%不符")
	none(t, auditText(t, strings.Replace(text, "99.3%", "99.4%", 1)), "T08")
	// Cells ending " |", no 全年预算 column: the rate of the initial budget.
	piped := "年初预算 | 预算执行数 | 预算执行率 | 权重 | 得分 |\n总额 | 238.93 | 226.89 | 100.00% | 10 |\n"
	expect(t, auditText(t, piped), "T08", errS, 2, "226.89 / 年初预算数238.93 = 94.96%")
}

// A form's 人员控制率 flattened a cell a line: 实际在职人数 ÷ 编制数 (T03).
func TestFlattenedStaffControl(t *testing.T) {
	text := "财政供养人员情况（人）\n编制数\n2023年实际在职人数\n控制率\n46\n50\n108.70%\n"
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "108.70%", "104.70%", 1)), "T03", errS, 7, "实际在职人数50 ÷ 编制数46 = 108.70%，与所填104.70%不符")
}

// A table by year flattened a cell a line: each column of 项目支出 against
// its numbered items (T01).
func TestFlattenedYearColumns(t *testing.T) {
	cells := []string{"经费控制情况（万元）", "2023年决算数", "2024年预算数", "2024年决算数", "三公经费", "1", "1", "1", "1、公务用车购置和维护经费", "0", "0", "0",
		"其中：公车购置", "公车运行维护", "2、出国经费", "0", "0", "0", "3、公务接待", "1", "1", "1",
		"项目支出：", "1505.3", "1377.9", "1369.3", "1、第三方服务", "1049.4", "960.00", "958.7", "2、信息系统建设", "156.6", "44.50", "43.6",
		"3、扶持补贴", "279.3", "351.40", "345", "4、综合业务经费", "20", "20", "20", "5.劳务派遣人员经费", "4", "2", "2", "公用经费", "20", "20", "20"}
	fs := auditText(t, strings.Join(cells, "\n")+"\n")
	expect(t, fs, "T01", errS, 24, "“项目支出”2023年决算数：所列5项之和1509.3（1049.4 + 156.6 + 279.3 + 20 + 4）≠ 1505.3，相差4.0")
	none(t, auditText(t, strings.Replace(strings.Join(cells, "\n"), "1505.3", "1509.3", 1)+"\n"), "T01")
}

// Rounding explains a gap only below the sum of the half-units: 30 + 30 +
// 29.99 said to be 89.97 is a gap.
func TestRoundingBoundary(t *testing.T) {
	expect(t, auditText(t, "本项目共完成预算资金89.97万元，其中：预算编制30万元，审计30万元，设计29.99万元。\n"), "T01", errS, 1, "89.99", "89.97")
	expect(t, auditText(t, "本项目共完成预算资金89.98万元，其中：预算编制30万元，审计30万元，设计29.99万元。\n"), "T01", infoS, 1, "误差范围")
}

// A heading that ends with a count, the list on the next line (T02).
func TestHeadingCountLists(t *testing.T) {
	text := "1.机构设置\n①局机关内设股室7\n内设股室：办公室、督查股、法规股、设施管理股、计财股、人事股、数字城管中心。\n③区级办公室2\n区城管委员会办公室、区违建治理办\n"
	none(t, auditText(t, text), "T02")
	expect(t, auditText(t, strings.Replace(text, "股室7", "股室8", 1)), "T02", errS, 3, "列举了7个，所称为①局机关内设股室8")
	expect(t, auditText(t, strings.Replace(text, "办公室2", "办公室3", 1)), "T02", errS, 5, "列举了2个")
}

// A total with its parts on numbered lines a few lines under it (T01).
func TestNumberedParts(t *testing.T) {
	text := "全县示范村23个，共需资金8144万元，年初预算安排877万元。\n\n（三）项目预算投入\n一是规划编制，需资金277万元\n二是示范村建设600万元\n三是自然村奖补5039万元（按实施方案要求）\n四是组织实施2228万元\n（四）绩效目标\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "需资金277万元", "需资金287万元", 1)), "T01", errS, 4, "8154", "8144")
	// Two totals named in the lines before: which one the lines add up to
	// cannot be told.
	none(t, auditText(t, strings.Replace(text, "年初预算安排877万元", "共下达877万元", 1)+"一是x\n"), "T01")
}

// A total against what was paid of it and what is still unpaid (T01).
func TestPaidPlusUnpaid(t *testing.T) {
	text := "项目中央拨付财政资金1800万元，资金已全额转拨，区财政局拨付项目专款1200万元，还有600万元暂未拨付。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "还有600万元", "还有500万元", 1)), "T01", errS, 1, "1200 + 500 = 1700", "1800")
}

func TestScores(t *testing.T) {
	ref := reference(t)
	// A deduction that does not match the stated section score.
	fs := auditText(t, replace(t, ref, "该指标扣2分", "该指标扣1分", 1))
	expect(t, fs, "T04", errS, lineOf(t, ref, "5.做好地理信息数据保障工作"), "满分16分", "扣1", "应得15分", "所述得分为14分", "16 − 1 = 15")
	// Two deductions in one section add up.
	text := replace(t, ref, "该指标扣2分", "该指标扣1分；另一指标扣1分", 1)
	none(t, auditText(t, text), "T04")
	// A total that the sections do not add up to.
	fs = auditText(t, replace(t, ref, "自评得分96分", "自评得分97分", 1))
	expect(t, fs, "T05", errS, lineOf(t, ref, "自评得分96分"), "各项得分之和为96分", "17 + 17 + 16 + 16 + 14 + 16 = 96", "所述总分97分")
	// Weights that do not add up to the stated 满分.
	fs = auditText(t, replace(t, ref, "6.高标准做好违法用地整改各项工作（16分）", "6.高标准做好违法用地整改各项工作（15分）", 1))
	f := find(fs, "T05")
	if len(f) != 2 || !strings.Contains(f[0].Message+f[1].Message, "各项满分之和为99分") {
		t.Errorf("weights: %s", dump(fs))
	}
	none(t, auditText(t, ref), "T04")
	none(t, auditText(t, ref), "T05")
}

func TestGrade(t *testing.T) {
	ref := reference(t)
	none(t, auditText(t, ref), "T06")
	fs := auditText(t, replace(t, ref, "评价等级为“优秀”", "评价等级为“良好”", 1))
	expect(t, fs, "T06", errS, lineOf(t, ref, "评价等级为“优秀”"), "应为“优秀”", "所述等级为“良好”")
}

func TestRepeats(t *testing.T) {
	ref := reference(t)
	none(t, auditText(t, ref), "T07")
	fs := auditText(t, replace(t, ref, "处置批而未供土地3.99万亩", "处置批而未供土地4.99万亩", 2))
	f := expect(t, fs, "T07", warnS, lineOf2(t, ref, "处置批而未供土地3.99万亩", 2), "批而未供土地", "3.99万亩", "4.99万亩")
	if len(f.Also) != 1 || f.Also[0] != lineOf(t, ref, "处置批而未供土地3.99万亩") {
		t.Errorf("T07 refers to %v", f.Also)
	}
}

func TestRead(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"报告.doc", "x", "另存为 .docx"},
		{"报告.wps", "x", "另存为 .docx"},
		{"报告.xls", "x", "只能核查 .docx、.doc、.wps、.pdf、.txt 或 .md"},
		{"报告.txt", "\xff\xfe\x00\xd8", "不是可识别编码"},
		{"报告.txt", "\x81\x30", "不是可识别编码"},
		{"报告.docx", "not a zip", "报告.docx：不是有效的 DOCX"},
	} {
		_, err := audit.Read(c.name, []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) || jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	d, err := audit.Read("报告.txt", []byte("\ufeff第一行\r\n第二行"))
	if err != nil || len(d.Paragraphs) != 2 || d.Paragraphs[0] != "第一行" || d.Unit != "行" || d.Note != "" {
		t.Errorf("text file: %+v %v", d, err)
	}
	// GBK (Notepad's ANSI on a Chinese Windows) and UTF-16 (its "Unicode")
	// are read, and the report says so.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("收入100万元，其中：拨款60万元，事业收入30万元。\r\n")
	d, err = audit.Read("报告.txt", []byte(gbk))
	if err != nil || !strings.Contains(d.Note, "GBK") {
		t.Fatalf("GBK: %+v %v", d, err)
	}
	expect(t, audit.Audit(d).Findings, "T01", errS, 1, "60 + 30 = 90")
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("第一行\r\n第二行")
	if d, err := audit.Read("报告.txt", []byte(u16)); err != nil || len(d.Paragraphs) != 2 || d.Paragraphs[1] != "第二行" || !strings.Contains(d.Note, "UTF-16") {
		t.Errorf("UTF-16: %+v %v", d, err)
	}
}

// lineOf is the 1-based line of text holding s.
func lineOf(t *testing.T, text, s string) int { return lineOf2(t, text, s, 1) }

func lineOf2(t *testing.T, text, s string, n int) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	t.Fatalf("%q not found", s)
	return 0
}

// The audit says what it compared: on the reference report, the six
// budget totals (income and expenditure at three stages), the list of
// units, the rectification rate, the quantities stated twice, the three
// scored sections with deductions, the total and the 满分, the grade and
// the fixed assets. Silence about them means they agree.
func TestReferenceChecked(t *testing.T) {
	d, err := audit.Read("报告.txt", []byte(reference(t)))
	if err != nil {
		t.Fatal(err)
	}
	got := audit.Audit(d).Checked
	want := audit.Checked{"T01": 6, "T02": 2, "T03": 1, "T04": 3, "T05": 2, "T06": 1, "T07": 8, "T09": 1}
	for _, c := range []string{"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"} {
		if got[c] != want[c] {
			t.Errorf("%s compared %d times, want %d", c, got[c], want[c])
		}
	}
	if s := got.Summary(); !strings.HasPrefix(s, "核对了合计与明细6处、列举与个数2处、比率与计数1处、分项得分与扣分3处") {
		t.Errorf("summary %q", s)
	}
}

// Full-width digits and punctuation read as their ASCII forms; units other
// than money are read too.
func TestFullWidth(t *testing.T) {
	fs := auditText(t, "单位全年收入１００万元，其中：财政拨款６０万元，事业收入３０万元。\n")
	expect(t, fs, "T01", errS, 1, "相差10万元")
	fs = auditText(t, "共排查问题４０个，已完成整改３６个，整改完成率９５％。\n")
	expect(t, fs, "T03", errS, 1, "90.00%")
	fs = auditText(t, "全年，完成耕地保护面积１２０００亩。\n经核查，完成耕地保护面积１２５００亩。\n")
	expect(t, fs, "T07", warnS, 2, "第1行为１２０００亩", "此处为１２５００亩") // quoted as written
	d, err := audit.Read("报告.md", []byte("# 标题\n\n单位全年收入100万元，其中：财政拨款70万元，事业收入30万元。"))
	if err != nil || len(d.Paragraphs) != 3 || audit.Audit(d).Checked["T01"] != 1 {
		t.Errorf("markdown: %v %+v", err, d)
	}
}

// Shares and changes on last year stated beside the parts are not parts.
func TestTotalsSharesAndChanges(t *testing.T) {
	fs := auditText(t, "本年收入合计1000.00万元，其中：财政拨款收入800.00万元，占80.00%，比上年增加20.00万元；事业收入200.00万元，占20.00%，较上年减少5.00万元。\n")
	none(t, fs, "T01")
	fs = auditText(t, "本年收入合计1000.00万元，其中：财政拨款收入800.00万元，占80.00%，比上年增加20.00万元；事业收入190.00万元，占19.00%。\n")
	expect(t, fs, "T01", errS, 1, "各项之和990.00万元", "相差10.00万元", "800.00 + 190.00 = 990.00")
}

// Parts separated by semicolons belong to the total of their sentence.
func TestTotalsAcrossSemicolons(t *testing.T) {
	fs := auditText(t, "2024年支出预算500.00万元，其中：基本支出120.00万元；项目支出370.00万元。\n")
	expect(t, fs, "T01", errS, 1, "各项之和490.00万元", "120.00 + 370.00 = 490.00")
	none(t, auditText(t, "2024年支出预算500.00万元，其中：基本支出130.00万元；项目支出370.00万元。\n"), "T01")
}

// Targets, plans, other years and comparisons stated with the same words
// are other quantities.
func TestRepeatsOtherQuantities(t *testing.T) {
	for _, text := range []string{
		"年度指标值：培训人数500人。\n实际完成：培训人数520人。\n",
		"2023年培训人数500人。\n2024年培训人数520人。\n",
		"计划完成培训人数500人。\n全年完成培训人数520人。\n",
	} {
		none(t, auditText(t, text), "T07")
	}
	expect(t, auditText(t, "全年，完成培训人数500人。\n经核实，完成培训人数520人。\n"), "T07", warnS, 2, "500人", "520人")
}

// A project report scores first-level sections made of second-level ones:
// the total is the sum of the first level, whose deductions are those of
// the sections under them.
func TestNestedSections(t *testing.T) {
	text := `一、决策（20分，得19分）
1.立项依据充分性（10分，得9分）
立项论证不够充分，扣1分。
2.绩效目标合理性（10分，得10分）
二、过程（30分，得30分）
三、产出（50分，得48分）
1.产出数量（25分，得24分）
部分设备未按期到位，扣1分。
2.产出质量（25分，得24分）
个别工程验收整改不及时，扣1分。
四、评价结论
本项目满分100分，自评得分97分，评价等级为“优秀”。得分≥90分为优秀；80≤得分＜90分为良好；得分＜80分为一般。
`
	fs := auditText(t, text)
	for _, c := range []string{"T04", "T05", "T06"} {
		none(t, fs, c)
	}
	fs = auditText(t, strings.Replace(text, "自评得分97分", "自评得分96分", 1))
	expect(t, fs, "T05", errS, 12, "各项得分之和为97分", "19 + 30 + 48 = 97")
	fs = auditText(t, strings.Replace(text, "1.产出数量（25分，得24分）\n部分设备未按期到位，扣1分。", "1.产出数量（25分，得23分）\n部分设备未按期到位，扣2分。", 1))
	expect(t, fs, "T04", errS, 6, "“产出”所述得分48分，而其下各项得分之和为47分（23 + 24 = 47）")
	fs = auditText(t, strings.Replace(text, "1.产出数量（25分，得24分）", "1.产出数量（25分，得23分）", 1))
	if got := find(fs, "T04"); len(got) != 2 || got[0].Para != 6 || got[1].Para != 7 || !strings.Contains(got[1].Message, "应得24分") {
		t.Errorf("a subsection's score: %s", dump(fs))
	}
}

// Bands written in words, as the national tables write them.
func TestGradeBandsInWords(t *testing.T) {
	text := "评价结果分为四档：90分（含）以上为优、80分（含）-90分为良、60分（含）-80分为中、60分以下为差。\n经评价，本项目自评得分88分，评价等级为“良好”。\n"
	none(t, auditText(t, text), "T06")
	fs := auditText(t, strings.Replace(text, "评价等级为“良好”", "评价等级为“优秀”", 1))
	expect(t, fs, "T06", errS, 2, "应为“良”", "所述等级为“优秀”")
	none(t, auditText(t, strings.Replace(text, "自评得分88分，评价等级为“良好”", "自评得分90分，评价等级为“优”", 1)), "T06")
	fs = auditText(t, strings.Replace(text, "自评得分88分，评价等级为“良好”", "自评得分80分，评价等级为“中”", 1))
	expect(t, fs, "T06", errS, 2, "应为“良”") // 80 is 良, not 中
	fs = auditText(t, strings.Replace(text, "自评得分88分", "自评得分79.5分", 1))
	expect(t, fs, "T06", errS, 2, "应为“中”")
}

// A part's bracketed detail is not a part.
func TestTotalsBracketedDetail(t *testing.T) {
	fs := auditText(t, "本年收入合计1000.00万元，其中：财政拨款收入800.00万元（含上年结转50.00万元，专项30.00万元），事业收入190.00万元。\n")
	expect(t, fs, "T01", errS, 1, "800.00 + 190.00 = 990.00")
	none(t, auditText(t, "本年收入合计1000.00万元，其中：财政拨款收入810.00万元（含上年结转50.00万元），事业收入190.00万元。\n"), "T01")
}

// TestTextBound: a text beyond MaxText is refused before it is audited.
func TestTextBound(t *testing.T) {
	big := strings.Repeat("合计100万元，其中甲50万元、乙50万元；", audit.MaxText/50+1)
	if _, err := audit.Read("报告.txt", []byte(big)); err == nil || !strings.Contains(err.Error(), "文字超过 4 MiB") {
		t.Errorf("big text: %v", err)
	}
}

// A change on last year given as an amount and a per cent is checked
// against the year's total stated before it (T03): in its sentence, or as
// the last amount of the sentence before.
func TestYearOnYear(t *testing.T) {
	ok := "二、收入：500.00万元。比上年增加100.00万元，增长25%。其中：财政拨款收入480.00万元，较上年减少20.00万元，下降4%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长25%", "增长20%", 1)), "T03", errS, 1, "同比增加25.00%", "与所述20%不符", "100.00万元 ÷ （本年500.00万元 − 100.00万元）")
	expect(t, auditText(t, strings.Replace(ok, "下降4%", "下降5%", 1)), "T03", errS, 1, "同比减少4.00%", "480.00万元 + 20.00万元")
	// Rounded figures give the per cent a range: 33.3% from 100 and 400 is
	// 33.33…%, agreeing at one decimal.
	none(t, auditText(t, "支出400万元，同比增加100万元，增长33.3%。\n"), "T03")
	// Without a total before it there is nothing to compare.
	none(t, auditText(t, "同比增加100万元，增长25%。\n"), "T03")
}

// Parts joined by 、 with 共 right after the last part; whole years are a
// unit there (T01).
func TestPartsThenGong(t *testing.T) {
	ok := "免费教育年限为小学6年、初中3年共9年。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "初中3年", "初中4年", 1)), "T01", errS, 1, "6 + 4 = 10", "所述合计9年")
	expect(t, auditText(t, "培训教师20人、学生35人共50人。\n"), "T01", errS, 1, "20 + 35 = 55")
}

// Batches: the count against the batches named in order or given one
// amount each after 其中 (T02), and those amounts against the paragraph's
// one named total (T01).
func TestBatches(t *testing.T) {
	ok := "项目分三批实施，一批投资100万元，二批投资50万元，三批投资30万元，合计投资180万元。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "分三批", "分四批", 1)), "T02", errS, 1, "所称分四批", "按次序列出3批")
	// Batches not all named, without a total after them, say nothing.
	none(t, auditText(t, "项目分三批实施，一批已完工，二批在建。\n"), "T02")
	money := "建设农田3000亩，工程总投资1860万元。资金分两批次下达，其中3月下达1800万元，6月下达60万元。\n"
	fs := auditText(t, money)
	none(t, fs, "T02")
	none(t, fs, "T01")
	expect(t, auditText(t, strings.Replace(money, "分两批次", "分三批次", 1)), "T02", errS, 1, "其后分列的金额列出2批")
	expect(t, auditText(t, strings.Replace(money, "下达60万元", "下达160万元", 1)), "T01", errS, 1, "1800 + 160 = 1960", "1860")
}

// A list ending in 等 names some parts only: wrong only when they already
// exceed the total (T01).
func TestEtcPartsExceed(t *testing.T) {
	ok := "市级资金260.3万元，为督查奖励10万元，生态补偿资金250万元等。\n"
	none(t, auditText(t, ok), "T01")
	none(t, auditText(t, strings.Replace(ok, "督查奖励10万元", "督查奖励5万元", 1)), "T01")
	expect(t, auditText(t, strings.Replace(ok, "督查奖励10万元", "督查奖励30万元", 1)), "T01", errS, 1, "30 + 250 = 280")
}

// An execution rate whose sentence gives only the spending is read against
// the one 预算 amount a few lines above; two budgets there leave it unread
// (T08).
func TestExecutionBudgetAbove(t *testing.T) {
	ok := "全年安排经费预算1000万元。\n（一）执行情况。\n实际执行880万元，执行率88%。\n"
	none(t, auditText(t, ok), "T08")
	expect(t, auditText(t, strings.Replace(ok, "执行率88%", "执行率90%", 1)), "T08", errS, 3, "88.00%", "1000万元")
	none(t, auditText(t, "年初预算1000万元，调整预算1200万元。\n实际执行880万元，执行率90%。\n"), "T08")
}

// Places under places: "A（a、b）、B（c）2个乡镇3个村" (T02); the bracketed
// 其中 figures of parts listed before their 合计 are a second column (T01).
func TestNestedAndBracketColumn(t *testing.T) {
	ok := "涉及东镇（甲村、乙村）、西乡（丙村）2个乡镇3个村。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "3个村", "4个村", 1)), "T02", errS, 1, "括号中列举了3个", "4个村")
	col := "一批投资300万元（其中建筑工程200万元），二批投资100万元（其中建筑工程80万元），合计投资400万元（其中建筑工程280万元）。\n"
	none(t, auditText(t, col), "T01")
	expect(t, auditText(t, strings.Replace(col, "（其中建筑工程80万元）", "（其中建筑工程90万元）", 1)), "T01", errS, 1, "200 + 90 = 290", "280")
}

// The same breakdown of money given twice: when one item agrees, another
// under the same name must too (T07); paragraphs at different stages are
// not compared.
func TestRestatedAmounts(t *testing.T) {
	ok := "文件下达老年人福利90.79万元、养老服务5.74万元。\n……\n共下达资金96.53万元，具体是老年人福利类90.79万元，养老服务5.74万元。\n"
	none(t, auditText(t, ok), "T07")
	bad := ok[:strings.LastIndex(ok, "5.74")] + "4.75万元。\n"
	expect(t, auditText(t, bad), "T07", warnS, 3, "“养老服务”在第1行为5.74万元，在此处为4.75万元")
	stages := "年初预算收入100万元，其中财政拨款80万元，事业收入20万元。\n调整预算收入120万元，其中财政拨款100万元，事业收入20万元。\n"
	none(t, auditText(t, stages), "T07")
}

// Counts restated: with a longer name ("受益农户" … "直接受益农户"), the
// thing counted after the count ("66个畜禽养殖场" … "66个养殖场"), a pair of
// counts of places (T07).
func TestRestatedCounts(t *testing.T) {
	ok := "项目建成后，受益农户9840个。\n在全市8个乡镇66个畜禽规模养殖场实施改造。\n截至7月，66个规模养殖场已全部开工，直接受益农户9840个。\n"
	none(t, auditText(t, ok), "T07")
	expect(t, auditText(t, strings.Replace(ok, "直接受益农户9840个", "直接受益农户9940个", 1)), "T07", warnS, 3, "受益农户", "9840个", "9940个")
	expect(t, auditText(t, strings.Replace(ok, "66个规模养殖场已", "68个规模养殖场已", 1)), "T07", warnS, 3, "规模养殖场", "66个", "68个")
	// A count followed by a verb names nothing: "6个未报告完成值" and "2个
	// 未报告完成值" of two goals are not one quantity.
	none(t, auditText(t, "目标1的9个指标中，6个未报告完成值。\n目标2的3个指标中，2个未报告完成值。\n"), "T07")
	// Done and planned counts are other quantities.
	none(t, auditText(t, "计划改造66个畜禽规模养殖场。\n已完成40个畜禽规模养殖场改造。\n"), "T07")
	pair := "路灯覆盖7个乡镇58个村庄，安装路灯1510盏；7个乡镇58个村庄均已通电。\n"
	none(t, auditText(t, pair), "T07")
	expect(t, auditText(t, strings.Replace(pair, "7个乡镇58个村庄均", "7个乡镇68个村庄均", 1)), "T07", warnS, 1, "7个乡镇", "7个乡镇58个村庄", "7个乡镇68个村庄")
}

// A bracket of parts given as about so much: a gap is a warning (T01).
func TestApproxBracket(t *testing.T) {
	ok := "湿地总占地面积300亩（水域面积约165亩，陆域面积约135亩）。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "约135亩", "约155亩", 1)), "T01", warnS, 1, "165 + 155 = 320", "约数")
}

// A 和 inside an earlier item shows 、 is the only separator: the last
// item's 及 is part of its name (T02).
func TestListJoinedInsideNames(t *testing.T) {
	ok := "项目包括处理中心、管网新建和修复工程、湿地改造及生态修复工程三部分。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "三部分", "四部分", 1)), "T02", errS, 1, "列举了3个")
}

// Like items listed place by place, then their sum as what was done
// (T01, a warning: the sum may be of part of the list).
func TestLikeItems(t *testing.T) {
	ok := "建设内容：甲村道路硬化700平方米；乙村道路硬化900平方米；丙村道路硬化400平方米。项目已验收，已完成全乡道路硬化2000平方米。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "丙村道路硬化400", "丙村道路硬化600", 1)), "T01", warnS, 1, "700 + 900 + 600 = 2200", "2000")
	// Without a word saying it is what was done in all, no sum is read.
	none(t, auditText(t, strings.Replace(ok, "已完成全乡道路硬化2000", "其中本月道路硬化2000", 1)), "T01")
}

// A total of people and its groups without 其中, listed with 、 (T01,
// a warning).
func TestStaffWithoutQizhong(t *testing.T) {
	ok := "人员概况：在职人员81人，专业技术人员57人、管理人员1人，工勤人员23人。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "工勤人员23人", "工勤人员33人", 1)), "T01", warnS, 1, "57 + 1 + 33 = 91", "未写“其中”")
	// Counts side by side with commas only are not a breakdown.
	none(t, auditText(t, "编制人数50人，实有人员48人，退休人员20人。\n"), "T01")
}

// What was paid and what is unpaid, against the one amount arranged a few
// lines above (T01).
func TestPaidUnpaidAbove(t *testing.T) {
	ok := "全年安排资金1000万元，资金已全部到位。\n（一）执行情况。\n资金支付900万元，未支100万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "未支100万元", "未支150万元", 1)), "T01", errS, 3, "900 + 150 = 1050", "1000")
}

// A flattened budget row short of a cell (年初预算数 empty) is aligned by
// its per cent (T08).
func TestShortBudgetRow(t *testing.T) {
	ok := "年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\t年度资金总额\n387664.62\t387664.62\t10\t100%\t10\t其中：财政拨款\n"
	none(t, auditText(t, ok), "T08")
	expect(t, auditText(t, strings.Replace(ok, "387664.62\t10\t100%", "347664.62\t10\t100%", 1)), "T08", errS, 2, "89.68%")
}

// A Word table a row a line that the form reader cannot place (merged cells
// spill over lines): the rows' 分值 and 得分 against the 总分 row (T05).
func TestRowScores(t *testing.T) {
	rows := []string{
		"项目名称\t营养改善",
		"年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
		"100\t100\t10\t100%\t10\t其中：财政拨款",
		"100\t100\t—",
		"绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分",
		"产出指标\t数量指标\t学生人数\t≥735人\t735\t40\t40",
		"质量指标\t覆盖率\t100%\t100%\t20\t20",
		"效益指标\t知晓率\t≥95%\t98%\t20\t18",
		"满意度指标\t满意度\t≥95%\t96%\t10\t10",
		"其他说明\t无\t总分\t100\t98\t优",
	}
	ok := strings.Join(rows, "\n") + "\n"
	none(t, auditText(t, ok), "T05")
	expect(t, auditText(t, strings.Replace(ok, "98%\t20\t18", "98%\t20\t16", 1)), "T05", errS, len(rows), "得分之和为96", "98")
	expect(t, auditText(t, strings.Replace(ok, "96%\t10\t10", "96%\t15\t10", 1)), "T05", errS, len(rows), "分值之和为105", "100")
	// A score spilt onto a line of its own: the rows cannot be placed.
	spilt := strings.Replace(ok, "100%\t100%\t20\t20", "100%\t100%\t20\n\t20", 1)
	none(t, auditText(t, strings.Replace(spilt, "98%\t20\t18", "98%\t20\t16", 1)), "T05")
}

// A form flattened a cell a line with its empty cells kept: the 权重
// column against 绩效指标（90分） and the 合计 row with the budget's 10
// points (T05).
func TestWeightColumn(t *testing.T) {
	cells := []string{"预算执行情况（10分）", "权重", "10", "绩效指标（90分）",
		"一级指标", "二级指标", "三级指标", "指标值", "度量单位", "权重", "得分",
		"产出指标", "数量指标", "覆盖率", "100", "%", "60", "",
		"效益指标", "社会效益指标", "保障率", "100", "%", "30", "",
		"合计", "100", "", ""}
	ok := strings.Join(cells, " |\n") + " |\n"
	none(t, auditText(t, ok), "T05")
	fs := auditText(t, strings.Replace(ok, "60 |", "50 |", 1))
	if got := find(fs, "T05"); len(got) != 2 || !strings.Contains(got[0].Message+got[1].Message, "权重之和为80") {
		t.Errorf("want the cap and the 合计 row reported, got:\n%s", dump(got))
	}
}

// The caps printed for a form's level-1 blocks against its full mark of
// 100, even in a form run together into one line (T05).
func TestCapsAgainstFull(t *testing.T) {
	ok := "绩效指标产出指标（70分）数量指标安装标尺10≥266米≥266米10效益指标（20分）人口数10≥1000人10满意度指标（10分）满意度10≥90%95%10总分100100\n"
	none(t, auditText(t, ok), "T05")
	expect(t, auditText(t, strings.Replace(ok, "（70分）", "（75分）", 1)), "T05", errS, 1, "分值之和为105", "总分100")
}

// Rates under other names against the amounts or measures stated with
// them, a result as a share of its plan, and a change on last year against
// the two years' figures (T03).
func TestOtherRates(t *testing.T) {
	for _, c := range []struct{ ok, from, to, want string }{
		{"全年下达资金500万元，实际到位450万元，资金到位率90%。\n", "到位率90%", "到位率95%", "450万元 / 500万元 = 90.00%"},
		{"应覆盖人数200人，实际覆盖180人，覆盖率90%。\n", "覆盖率90%", "覆盖率95%", "已完成180 / 总数200"},
		{"完成造林1200亩，完成计划的120%，计划造林1000亩。\n", "计划的120%", "计划的130%", "完成计划的比例为120.00%"},
		{"2023年支出400万元，2024年支出500万元，比上年增长25%。\n", "增长25%", "增长20%", "（500万元 − 400万元） ÷ 400万元"},
		{"上年支出500万元，本年支出400万元，同比下降20%。\n", "下降20%", "下降25%", "下降20.00%"},
		{"下达资金500万元，已拨付450万元，拨付进度为90%。\n", "进度为90%", "进度为95%", "拨付进度为90.00%"},
		{"计划培训200人，已完成培训180人，完成比例90%。\n", "比例90%", "比例95%", "完成比例为90.00%"},
	} {
		none(t, auditText(t, c.ok), "T03")
		expect(t, auditText(t, strings.Replace(c.ok, c.from, c.to, 1)), "T03", errS, 1, c.want)
	}
	// Measures in different units are not a rate's figures.
	none(t, auditText(t, "完成造林1200亩，完成计划的130%，计划造林10公里。\n"), "T03")
}

// What the held-out reports taught: a reason after a total is not the
// total (T01), a change on last year is not last year's figure (T03), the
// amounts behind a rate are rounded too (T08), and the same words before a
// count with other things counted after it are two quantities (T07).
func TestHeldOutLessons(t *testing.T) {
	reason := "3.支出情况。2023年度支出合计192.01万元，较上年决算数减少27.31万元，下降12.5%，主要原因是2022年有疫情防控经费29.01万元。其中：基本支出143.88万元，项目支出48.13万元。\n"
	fs := auditText(t, reason)
	none(t, fs, "T01")
	none(t, fs, "T03")
	expect(t, auditText(t, strings.Replace(reason, "基本支出143.88", "基本支出158.88", 1)), "T01", errS, 1, "所述合计192.01万元")
	expect(t, auditText(t, strings.Replace(reason, "下降12.5%", "下降14.5%", 1)), "T03", errS, 1, "同比减少12.45%")
	// 45.76 / 75.20 = 60.85%, but 45.755 / 75.205 = 60.84%: 60.8% may be right.
	rounded := "资金总量75.20亿元，支出45.76亿元，支付率为60.8%。\n"
	none(t, auditText(t, rounded), "T08")
	expect(t, auditText(t, strings.Replace(rounded, "60.8%", "61.2%", 1)), "T08", errS, 1, "60.85%")
	counted := "指标1：本年度已完成37个基层医疗机构的实施。\n指标2：本年度已完成352个村卫生室的实施。\n"
	none(t, auditText(t, counted), "T07")
	expect(t, auditText(t, counted+"指标3：本年度已完成36个基层医疗机构的验收。\n"), "T07", warnS, 3, "37个", "36个")
}

// Shares after the parts of a breakdown against part ÷ total (T03); when
// the parts do not make the total, only that is reported (T01).
func TestShares(t *testing.T) {
	ok := "2023年度收入合计192.01万元。其中：财政拨款收入113.68万元，占59.2%；事业收入78.33万元，占40.8%。\n"
	fs := auditText(t, ok)
	none(t, fs, "T03")
	none(t, fs, "T01")
	expect(t, auditText(t, strings.Replace(ok, "占59.2%", "占65.2%", 1)), "T03", errS, 1, "占192.01万元的59.21%", "与所述65.2%不符")
	bad := strings.Replace(ok, "收入合计192.01万元", "收入合计192.01元", 1)
	fs = auditText(t, bad)
	expect(t, fs, "T01", errS, 1, "所述合计192.01元")
	none(t, fs, "T03") // each share is of the parts' sum
	expect(t, auditText(t, strings.Replace(bad, "占59.2%", "占65.2%", 1)), "T03", errS, 1, "与所述65.2%不符")
}

// A line that announces its breakdown below it ("……实际支出6,027.60万元，
// 详情如下：") is the total of the numbered lines under it (T01).
func TestTotalAsFollows(t *testing.T) {
	ok := "市财政局实际支出3,060.00万元，详情如下：\n（1）东城区补助资金1,380.00万元；\n（2）南湖区补助资金680.00万元；\n（3）西山区补助资金1,000.00万元；\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "680.00万元", "780.00万元", 1)), "T01", errS, 2, "3160.00", "3060.00")
}

// A flattened budget block: the sources under 年度资金总额 against it, column
// by column, in one finding (T01); an empty source row counts as nothing,
// a note in brackets after a label is part of it, and values right after
// the header are the total's.
func TestBudgetSources(t *testing.T) {
	ok := "项目资金（万元） 全年预算数（A） 全年执行数（B） 执行率（B/A）\n年度资金总额： 2300.67 2300.67 100%\n 其中：中央补助 442.43 442.43 100%\n       地方资金 1858.24 1858.24 100%\n       其他资金\n总体目标完成情况\n"
	none(t, auditText(t, ok), "T01")
	fs := auditText(t, strings.Replace(ok, "地方资金 1858.24 1858.24", "地方资金 2058.24 1658.24", 1))
	expect(t, fs, "T01", errS, 2, "全年预算数为2300.67，其下各资金来源之和为2500.67", "全年执行数为2300.67，其下各资金来源之和为2100.67")
	before := "全年预算数（A） 全年执行数（B） 7165.32 6992.95 其中：中央财政资金 3144.00 3144.00 自治区财政资金 2430.10 2297.11 其他资金 （包括以前年度结转资 金） 1591.22 1551.84 年度资金总额 资金投入情况\n"
	none(t, auditText(t, before), "T01")
	expect(t, auditText(t, strings.Replace(before, "1591.22 1551.84", "1691.22 1551.84", 1)), "T01", errS, 1, "全年预算数为7165.32，其下各资金来源之和为7265.32")
}

// What is not yet done with a total: a clause after it (未分配…) and doubled
// commas leave the total for the 其中 of the next sentence (T01); a rate
// from the total and what is not done, from what is done and what is not
// (T03); what is done and not done against the total (T01).
func TestNotYetDone(t *testing.T) {
	ok := "全市资金总额75.20亿元，，分配率99.5%，。其中：中央资金61.42亿元，分配率99.3%，；地方资金13.78亿元，，分配率99.5%。\n" +
		"市本级资金45.66亿元，，未分配0.32亿元，，分配率99.3%。其中：中央资金39.64亿元；地方资金6.02亿元。\n" +
		"县区资金合计33.88亿元，，已分配33.80亿元，未分配0.08亿元，，分配率99.8%，。\n"
	fs := auditText(t, ok)
	none(t, fs, "T01")
	none(t, fs, "T03")
	expect(t, auditText(t, strings.Replace(ok, "61.42亿元", "61.02亿元", 1)), "T01", errS, 1, "所述合计75.20亿元")
	expect(t, auditText(t, strings.Replace(ok, "地方资金6.02亿元", "地方资金6.62亿元", 1)), "T01", errS, 2, "所述合计45.66亿元")
	expect(t, auditText(t, strings.Replace(ok, "未分配0.32亿元", "未分配0.62亿元", 1)), "T03", errS, 2, "（45.66亿元 − 0.62亿元） / 45.66亿元")
	expect(t, auditText(t, strings.Replace(ok, "已分配33.80亿元", "已分配33.40亿元", 1)), "T01", errS, 3, "33.40 + 0.08 = 33.48")
}

// Counts with what is counted after them, introduced by 包括 (T01);
// indicators counted by level are not a breakdown.
func TestCountsIncluding(t *testing.T) {
	ok := "年度目标下设33个三级绩效指标，包括23个数量指标、2个质量指标、1个时效指标、7个满意度指标。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "23个数量指标", "25个数量指标", 1)), "T01", errS, 1, "25 + 2 + 1 + 7 = 35", "33")
	none(t, auditText(t, "该项目共设置12个绩效目标指标，其中一级指标3个，二级指标9个，三级指标12个。\n"), "T01")
}

// Money from each source after the total, without 其中 (T01, a warning);
// a subsidy is a total as funds are.
func TestSourcesWithoutQizhong(t *testing.T) {
	ok := "全年完成基本药物制度补助2300.67万元，中央补助442.43万元，地方财政补助1858.24万元；其中村卫生室补助471.23万元，其中中央补助189.63万元，地方财政补助281.6万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "中央补助442.43万元", "中央补助492.43万元", 1)), "T01", warnS, 1, "492.43 + 1858.24 = 2350.67", "未写“其中”")
	expect(t, auditText(t, strings.Replace(ok, "补助471.23万元", "补助471.23元", 1)), "T01", errS, 1, "所述合计471.23元")
	// Amounts that are not sources of the first are not its parts.
	none(t, auditText(t, "下达资金100万元，拨付资金80万元，结余资金30万元。\n"), "T01")
}

// A count in a line announcing its items below (……如下：) against the lines
// that follow, opened by ordinals in one style (T02).
func TestListedBelow(t *testing.T) {
	ok := "涉及转移支付项目3个，各项目自评结果概述如下：\n项目一：甲项目，执行率100%。\n说明文字。\n项目二：乙项目，执行率100%。\n项目三：丙项目，执行率98%。\n二、下一部分\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "项目3个", "项目4个", 1)), "T02", errS, 1, "所称4个", "逐项列出3项")
	// A heading's number and "一部分" (a part) are not a list and its count.
	none(t, auditText(t, "二、下一部分\n"), "T02")
	// Without 如下 the lines below are not announced as the list.
	none(t, auditText(t, strings.Replace(strings.Replace(ok, "项目3个", "项目4个", 1), "概述如下：", "概述。", 1)), "T02")
}

// The same amount to each of several against the amount stated before
// under the same verb (T01).
func TestEachParts(t *testing.T) {
	ok := "文件下达我市补短工程160万元，按每个街道20万元标准核定。我局会同财政局后，分别下达北川县和南岭市各80万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "各80万元", "各90万元", 1)), "T01", errS, 1, "90 + 90 = 180", "160")
}

// A form a row a line with "|" between cells and the block's cap in the
// first cell of its header: the 权重 column against the cap, and the 合计
// row against the weights and the budget block's cap (T05).
func TestRowWeights(t *testing.T) {
	ok := "绩效指标（90分） | 一级指标 | 二级指标 | 三级指标 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n" +
		"产出指标 | 数量指标 | 采购台数 | 13 | 台 | 13 | 60 | 60 | |\n" +
		"效益指标 | 社会效益指标 | 保障率 | 100 | % | 100 | 30 | 30 | |\n" +
		"合计 | 100 | |||||||\n\n" +
		"预算执行情况（10分） | 年度预算数（万元） | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |\n" +
		"总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | |\n" +
		"其中：财政资金 | 0.00 | 3.36 | 3.36 | 100.00% | / | / | |\n"
	none(t, auditText(t, ok), "T05")
	fs := auditText(t, strings.Replace(ok, "| 60 | 60 |", "| 50 | 60 |", 1))
	if got := find(fs, "T05"); len(got) != 2 || !strings.Contains(got[0].Message+got[1].Message, "权重之和为80") {
		t.Errorf("want the cap and the 合计 row reported, got:\n%s", dump(got))
	}
	expect(t, auditText(t, strings.Replace(ok, "| 100.00% | 10 | 10 |", "| 100.00% | 12 | 10 |", 1)), "T05", errS, 6, "权重之和为12", "所印10分")
}

// What the second held-out set taught: a figure as large as the total
// ends its parts; a numbered section with a paragraph under it is not a
// part; a paragraph dated by month gives a batch, not the year's money
// (T01, T07).
func TestHeldOut2Lessons(t *testing.T) {
	none(t, auditText(t, "项目批复总投资61.8万元，其中中央财政资金30.9万元，县财政配套资金30.9万元，2021年度中央下达资金61.8万元。\n"), "T01")
	none(t, auditText(t, "市财政局下拨补助资金3693.79万元，其中：中央补助2667.12万元，省级补助988.73万元，市级37.94万元，全年累计下达补助资金共1.82亿元。\n"), "T01")
	expect(t, auditText(t, "市财政局下拨补助资金3693.79万元，其中：中央补助2667.12万元，省级补助998.73万元，市级37.94万元，全年累计下达补助资金共1.82亿元。\n"), "T01", errS, 1, "3703.79", "3693.79")
	sections := "2023年共下达补助资金246.2万元。\n1、资金到位情况。2023年共下达补助资金246.2万元。\n2、资金使用情况。全年支出141.8万元。\n3、资金执行情况。执行141.8万元。\n"
	none(t, auditText(t, sections), "T01")
	batches := "2023年共下达补助资金246.2万元（其中：下达中央补助资金226.7万元，下达省级补助资金19.5万元）。\n" +
		"2022年12月下达补助资金57.5万元（其中：下达中央补助资金38万元，下达省级补助资金19.5万元），2023年8月下达补助资金188.7万元。\n"
	none(t, auditText(t, batches), "T07")
}

// Cells that carry their unit (3359.62万) and cells marked empty (—) in a
// form's budget block; a count before a colon and its list; a result as a
// share of its target (T01, T08, T02, T03).
func TestFormCellsAndCounts(t *testing.T) {
	form := "资金投入情况（万元） | 全年预算数（A） | 全年执行数（B） | 预算执行率（B/A×100%） | ||||\n" +
		"年度资金总额： | 3359.62万 | 3359.62万 | 100% | ||||\n" +
		"其中：中央财政资金 | 829.3万 | 829.3万 | 100% | ||||\n" +
		"地方资金 | 2530.32万 | 2530.32万 | 100% | ||||\n" +
		"上年结转资金 | — | — | ||||\n"
	fs := auditText(t, form)
	none(t, fs, "T01")
	none(t, fs, "T08")
	expect(t, auditText(t, strings.Replace(form, "地方资金 | 2530.32万 | 2530.32万", "地方资金 | 2530.32万 | 2277.32万", 1)), "T08", errS, 4, "90.00%")
	expect(t, auditText(t, strings.Replace(form, "地方资金 | 2530.32万", "地方资金 | 2277.32万", 1)), "T01", errS, 2, "全年预算数为3359.62，其下各资金来源之和为3106.62")
	list := "区交通局本级内设3个科室：办公室、财务审计科、法制安全科；\n"
	none(t, auditText(t, list), "T02")
	expect(t, auditText(t, strings.Replace(list, "3个科室", "4个科室", 1)), "T02", errS, 1, "列举了3个")
	share := "项目绩效目标14户，实际完成14户，实际完成数占年度目标任务的100%。\n"
	none(t, auditText(t, share), "T03")
	expect(t, auditText(t, strings.Replace(share, "实际完成14户", "实际完成12户", 1)), "T03", errS, 1, "85.71%")
}

// More units: 千元 among 万元, and lengths in km (T01).
func TestMoreUnits(t *testing.T) {
	expect(t, auditText(t, "全年支出100万元，其中基本支出600千元，项目支出30万元。\n"), "T01", errS, 1, "60（600千元） + 30 = 90", "100")
	ok := "堤防工程长1.04km，其中右岸0.51km，左岸0.53km。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "左岸0.53km", "左岸0.63km", 1)), "T01", errS, 1, "0.51 + 0.63 = 1.14")
}

// A form whose cells a copying site ran together: the header names the
// columns, each row's figures are one run of digits (T08, T01).
func TestGluedFormRows(t *testing.T) {
	form := "项目资金（万元）全年预算数（A）全年执行数（B）执行率（B/A）年度资金总额：40004000100%其中：中央补助30003000100%地方资金10001000100%年度总体目标\n"
	fs := auditText(t, form)
	none(t, fs, "T08")
	none(t, fs, "T01")
	expect(t, auditText(t, strings.Replace(form, "40004000100%", "40003600100%", 1)), "T08", errS, 1,
		"全年执行数3600 / 全年预算数4000 = 90.00%，与所填执行率100%不符", "按表头读作全年预算数4000、全年执行数3600、执行率100%")
	// The sources against the total: 3000 + 1200 ≠ 4000.
	expect(t, auditText(t, strings.Replace(form, "10001000100%", "12001200100%", 1)), "T01", errS, 1, "全年预算数为4000，其下各资金来源之和为4200")
	// The 10号 layout: 年初预算数, 分值 and 得分 too, decimals fixing the cuts.
	national := "年初预算数全年预算数全年执行数分值执行率得分\n年度资金总额2456.182456.182456.1810100%10\n"
	none(t, auditText(t, national), "T08")
	expect(t, auditText(t, strings.Replace(national, "2456.1810100%", "2156.1810100%", 1)), "T08", errS, 2, "全年执行数2156.18 / 全年预算数2456.18 = 87.79%")
	// Figures standing apart are the cells reader's; a run that no form
	// would print is not read.
	none(t, auditText(t, "全年预算数（A）全年执行数（B）执行率（B/A）年度资金总额 4000 3600 90%\n"), "T08")
	none(t, auditText(t, "全年预算数（A）全年执行数（B）执行率（B/A）年度资金总额40003600100200%\n"), "T08")
	// A row with nothing spent: "10200%" is 102, 0 and 0%, not 1, 0 and
	// 200%; the sources then make the total.
	idle := "全年预算数（A）全年执行数（B）预算执行率（B/A×100%）年度资金总额：1604628.75%其中：中央财政资金11400%地方资金4646100%其他资金\n"
	none(t, auditText(t, idle), "T08")
	none(t, auditText(t, idle), "T01")
	expect(t, auditText(t, strings.Replace(idle, "11400%", "12400%", 1)), "T01", errS, 1, "全年预算数为160，其下各资金来源之和为170")
}

// Shapes of the third held-out set, now a tuning set: a breakdown in
// brackets after 其中, a count whose list follows 即 with no comma, a
// change on a year named by its number.
func TestBracketQizhongJiAndNamedYear(t *testing.T) {
	text := "项目预算合计为423.38万元（其中：自治区169.35万元，市级254.03万元）。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "254.03", "229.03", 1)), "T01", errS, 1, "各项之和398.38万元 ≠ 所述合计423.38万元")
	// One part named in the bracket is no breakdown.
	none(t, auditText(t, "项目资金500万元（其中：中央资金100万元）。\n"), "T01")
	list := "统计局下设2个事业单位即民调队、商调队；下设3个科级单位即农情队、普查所、计算站。\n"
	none(t, auditText(t, list), "T02")
	expect(t, auditText(t, strings.Replace(list, "下设2个", "下设3个", 1)), "T02", errS, 1)
	growth := "接待费支出7.8万元，完成预算100%。接待费支出比2021年减少1.24万元，下降13.71%。\n"
	none(t, auditText(t, growth), "T03")
	expect(t, auditText(t, strings.Replace(growth, "1.24", "1.44", 1)), "T03", errS, 1, "同比减少15.58%，与所述13.71%不符")
}

// A one-column budget block (a target form's 资金总额 and its sources, a
// 小计 over numbered rows) and a row of figures whose label is not named
// like a source (T01, T08).
func TestOneColumnBlocksAndFiguredRows(t *testing.T) {
	block := "资金情况（万元） |\n资金总额 |\n100 |\n其中：财政拨款 |\n80 |\n本级资金（包括结转结余） |\n20 |\n其他资金 |\n|||\n"
	none(t, auditText(t, block), "T01")
	expect(t, auditText(t, strings.Replace(block, "80 |", "70 |", 1)), "T01", errS, 3, "金额为100，其下各资金来源之和为90（70 + 20）")
	sub := "项目资金（万元） 金额（万元）\n（一）财政拨款小计 6.30\n1、一般公共预算 6.30\n2、政府性基金 0.00\n（二）自有资金小计 0.00\n"
	none(t, auditText(t, sub), "T01")
	expect(t, auditText(t, strings.Replace(sub, "1、一般公共预算 6.30", "1、一般公共预算 6.90", 1)), "T01", errS, 2, "金额为6.30")
	rows := "资金投入情况（万元） | 全年预算数（A） | 全年执行数（B） | 执行率 |\n年度资金总额： | 3359.62万 | 3359.62万 | 100% |\n其中：中央财政资金 | 829.3万 | 829.3万 | 100% |\n彩票公益金用于医疗救助 | 0 | 0 | 100% |\n地方资金 | 2530.32万 | 2530.32万 | 100% |\n"
	none(t, auditText(t, rows), "T01")
	none(t, auditText(t, rows), "T08")
	fs := auditText(t, strings.Replace(rows, "地方资金 | 2530.32万", "地方资金 | 2277.32万", 1))
	expect(t, fs, "T08", errS, 5, "全年执行数2530.32 / 全年预算数2277.32")
}

// An allocation table copied a row a line with spaces between cells: each
// 小计 column against the columns it sums, a 合计 row against the rows
// (T01).
func TestSubtotalColumns(t *testing.T) {
	table := "镇街 任务（户） 已拨付（万元） 应拨付（万元） 备注\n小计 C级 D级 C级 D级 小计 C级 D级\n东城 8 1 7 0.75 3.5 24.5 0 24.5 追减\n南山 5 2 3 1.5 7 10.5 3.5 7\n合计 13 3 10 2.25 10.5 35 3.5 31.5\n"
	none(t, auditText(t, table), "T01")
	rows := strings.TrimSuffix(table, "合计 13 3 10 2.25 10.5 35 3.5 31.5\n")
	expect(t, auditText(t, strings.Replace(rows, "东城 8 1 7", "东城 9 1 7", 1)), "T01", errS, 3, "“东城”一行：第1列“小计”为9，其后C级、D级之和为8（1 + 7）")
	fs := auditText(t, strings.Replace(table, "南山 5 2 3 1.5 7 10.5", "南山 5 2 3 1.5 7.5 10.5", 1))
	expect(t, fs, "T01", errS, 5, "第5列“D级”合计为10.5，上列2行之和为11")
	// Text with figures but no 小计 header is no such table.
	none(t, auditText(t, "名称 数量 金额\n甲 1 2\n乙 3 4\n合计 5 6\n"), "T01")
}

// A table copied a cell a line, each cell ending in "|": the amount
// column against the 合计 (T01).
func TestCellALineTable(t *testing.T) {
	table := "分配表\n单位：万元\n序号 |\n村名 |\n金额 |\n备注 |\n1 |\n东村 |\n50 |\n|\n2 |\n西村 |\n110 |\n其中10万元为结转 |\n合 计 |\n|\n160 |\n|\n"
	none(t, auditText(t, table), "T01")
	expect(t, auditText(t, strings.Replace(table, "110 |", "121 |", 1)), "T01", errS, 17, "“金额”列2行之和为171（50 + 121），与合计160不符")
}

// A budget adjusted in one sentence: the amount after the change against
// the amount before plus or minus it (T01); parts listed before a total
// named "年初预算合计" (T01).
func TestAdjustedAndNamedTotals(t *testing.T) {
	text := "下达资金76万元，因项目取消调减5万元，全年实际下达71万元。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "71万元", "81万元", 1)), "T01", errS, 1, "全年实际下达为81万元，按76万元 − 5万元应为71万元")
	// Spending after a cut may fall short of the budget: not compared.
	none(t, auditText(t, "年初预算2389万元，年中调减300万元，全年预算执行数2000万元。\n"), "T01")
	parts := "中央下达资金合计2077万元，省内安排资金312万元，年初预算合计2389万元。\n"
	none(t, auditText(t, parts), "T01")
	expect(t, auditText(t, strings.Replace(parts, "312", "352", 1)), "T01", errS, 1, "2429")
	// A named total smaller than a part listed before it is another quantity.
	none(t, auditText(t, "基本支出100万元，项目支出200万元，三公经费合计10万元。\n"), "T01")
}

// A share that names its base stated paragraphs earlier (T03).
func TestNamedShares(t *testing.T) {
	text := "本年支出1366.23万元，其中基本支出802.21万元，项目支出564.01万元。\n财政拨款支出668.3万元，占本年支出的48.92%，比上年下降10.06%。\n"
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "48.92%", "43.92%", 1)), "T03", errS, 2, "668.3万元占本年支出1366.23万元的48.92%，与所述43.92%不符")
	// A base named nowhere before: nothing compared.
	none(t, auditText(t, "财政拨款支出668.3万元，占全部支出的43.92%。\n"), "T03")
}

// "实际下达预算" is the budget allocated, not money spent (T08).
func TestActuallyAllocatedBudget(t *testing.T) {
	text := "项目实际下达预算2596万元，全年度实际总支出2595.6208 万元，项目预算执行率100%。\n"
	none(t, auditText(t, text), "T08")
	expect(t, auditText(t, strings.Replace(text, "100%", "99%", 1)), "T08", errS, 1)
}

// What is left unspent against the budget and the spending stated before
// it (T01).
func TestRemainders(t *testing.T) {
	text := "项目下达预算2596万元，实际支出2595.6208万元，执行率100%。没有执行完的原因是剩余未执行的0.3792万元属退役学生资助。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "实际支出2595.6208", "实际支出2335.6208", 1)), "T01", errS, 1, "按预算2596万元 − 支出2335.6208万元应为260.3792万元")
}

// The department form's budget by income and by spending, two columns
// interleaved a cell a line or run together (T01).
func TestInterleavedColumns(t *testing.T) {
	lines := "按收入性质分：2030.12\n按支出性质分：1925.67\n其中： 一般公共预算：1325.68\n其中：基本支出：900.47\n政府性基金拨款：118.82\n项目支出：1025.20\n纳入专户管理的非税收入拨款：\n其他资金：585.62\n年度总体目标\n"
	none(t, auditText(t, lines), "T01")
	expect(t, auditText(t, strings.Replace(lines, "其他资金：585.62", "其他资金：685.62", 1)), "T01", errS, 8, "“按收入性质分”为2030.12，其下各项之和为2130.12")
	expect(t, auditText(t, strings.Replace(lines, "基本支出：900.47", "基本支出：990.47", 1)), "T01", errS, 6, "“按支出性质分”为1925.67，其下各项之和为2015.67")
	glued := "按收入性质分：2456.18按支出性质分：2456.18其中：一般公共预算：2456.18其中：基本支出：2299.98政府性基金拨款：项目支出：156.2纳入专户管理的非税收入拨款：其他资金：年度总体目标1：接种率90%。\n"
	none(t, auditText(t, glued), "T01")
	expect(t, auditText(t, strings.Replace(glued, "项目支出：156.2", "项目支出：176.2", 1)), "T01", errS, 1, "“按支出性质分”为2456.18")
}

// A paragraph under a heading naming its year is about that year: the same
// words in the next year's paragraph are another quantity (T07).
func TestRepeatsUnderYearHeadings(t *testing.T) {
	text := "2.2021年度绩效目标。新建高标准农田620万亩，统筹发展节水灌溉166万亩。\n3.2022年度绩效目标。新建高标准农田640万亩，统筹发展节水灌溉167万亩。\n"
	none(t, auditText(t, text), "T07")
	// Without the headings the same words are one quantity stated twice.
	plain := "新建高标准农田620万亩，统筹发展节水灌溉166万亩。\n新建高标准农田640万亩，统筹发展节水灌溉166万亩。\n"
	if len(find(auditText(t, plain), "T07")) == 0 {
		t.Error("no T07 without year headings")
	}
}

// A rate of progress whose target amount is in the sentence before (T03).
func TestProgressAgainstTargetBefore(t *testing.T) {
	text := "成本指标：下达财政补助绩效目标值2373.51万元。已下达补助2373.51万元，完成进度100%，无偏差。\n"
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "已下达补助2373.51", "已下达补助2136.51", 1)), "T03", errS, 1)
}

// A completion rate whose task is stated in the lines above (T03).
func TestCompletionAgainstTaskAbove(t *testing.T) {
	text := "绩效目标为：完成2023年度53户计划任务。\n资金分两批下达。\n截至11月底，全区共完成农村危房改造129户，完工率243%。\n"
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "改造129户", "改造119户", 1)), "T03", errS, 3)
	// Two different tasks above: which one is meant is not said.
	none(t, auditText(t, "计划任务53户。\n目标任务60户。\n完成改造119户，完工率243%。\n"), "T03")
}

// A list whose first item opens with a year is still a list (T02).
func TestListWithYear(t *testing.T) {
	text := "分别对2017年中央对本省水污染防治、土壤污染防治和农村环境整治3类专项转移支付开展评价。\n"
	none(t, auditText(t, text), "T02")
	expect(t, auditText(t, strings.Replace(text, "3类", "4类", 1)), "T02", errS, 1)
}

// Parts in groups ended by ；, each with its own comment (a change, a
// reason without figures), under a total whose sentence ends in a reason;
// a part said to be nil adds nothing (T01).
func TestTotalsCommentedGroups(t *testing.T) {
	ok := "2023年本单位会议费支出600万元，较上年下降3.1%，主要是压缩会议规模，减少会期。其中：市内会议费420万元，主要是专题会议减少；外地会议费180万元，较上年下降6%，主要是控制人数，缩短时间；视频会议费没有，原因是使用自有系统。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "外地会议费180万元", "外地会议费150万元", 1)), "T01", errS, 1, "各项之和570万元", "420 + 150 = 570")
	// A change run into its part without a comma is not a part.
	ok = "本年培训费合计90万元。分项情况是：干部培训费60万元比上年增加10万元；专业培训费30万元，与上年持平。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "专业培训费30万元", "专业培训费40万元", 1)), "T01", errS, 1, "各项之和100万元")
	// A sub-breakdown after a part's change: "…决算70万元，比上年下降2%，其中：".
	ok = "差旅费决算总额100万元。分项情况是：国内差旅费决算30万元，比上年增长5%；市内交通费决算70万元，比上年下降2%，其中：公务交通费决算50万元，比上年增长1%；通勤补贴决算20万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "通勤补贴决算20万元", "通勤补贴决算25万元", 1)), "T01", errS, 1, "各项之和75万元")
}

// A change broken down in brackets has parts that add and parts that take
// away; a count among counts of another unit cannot be added (T01).
func TestTotalsNotAddable(t *testing.T) {
	none(t, auditText(t, "年末离休人员40人，比上年末42人减少2人（其中：去世3人、新增1人）。\n"), "T01")
	none(t, auditText(t, "新建配套设施50座，其中：检查井30座、闸门19座、泵站1处。\n"), "T01")
	expect(t, auditText(t, "新建配套设施50座，其中：检查井30座、闸门19座、泵站2座。\n"), "T01", errS, 1, "各项之和51座")
}

// A change on another year stated beside both years' figures: last year +
// change = this year (T01), and the per cent after it is the change over
// last year (T03).
func TestDifferences(t *testing.T) {
	ok := "2024年差旅费支出318万元，比上年累计支出350万元减少32万元，下降9.1%。\n"
	none(t, auditText(t, ok), "T01")
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "减少32万元", "减少38万元", 1)), "T01", errS, 1, "318万元 − 350万元 = -32万元", "与所述减少38万元不符")
	expect(t, auditText(t, strings.Replace(ok, "下降9.1%", "下降8.1%", 1)), "T03", errS, 1, "下降9.14%", "与所述8.1%不符")
	// People, exact.
	ok = "年末在职人数 64人，比上2023年末61人增加3人。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "增加3人", "增加4人", 1)), "T01", errS, 1, "与所述增加4人不符")
	// Both years, then the change and its rate in clauses of their own.
	ok = "事业收入本年1520.40万元，上年1310.25万元，同比增减额210.15万元，同比增减率16.04%。\n"
	none(t, auditText(t, ok), "T01")
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增减额210.15万元", "增减额201.15万元", 1)), "T01", errS, 1, "与所述增减额201.15万元不符")
	expect(t, auditText(t, strings.Replace(ok, "增减率16.04%", "增减率15.04%", 1)), "T03", errS, 1, "与所述15.04%不符")
}

// Tables a row a line with cells separated by "|": a 合计 column against
// the columns before it; a group's 合计 row above its rows, up to the next
// such row (the last group may be cut and is not checked); subtotal rows
// under their rows and a grand total under them (T01).
func TestPipeTables(t *testing.T) {
	ok := "单位：万元\n区县 | 第一批 | 第二批 | 合计 |\n北原市合计 | 300 | 120 | 420 |\n甲县 | 100 | 40 | 140 |\n乙县 | 200 | 80 | 280 |\n西岭市合计 | 90 | 30 | 120 |\n丙县 | 90 | 30 | 120 |\n南川市合计 | 500 | 100 | 600 |\n丁县 | 50 | 10 | 60 |\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "丁县 | 50 | 10 | 60 |", "丁县 | 50 | 10 | 70 |", 1)), "T01", errS, 9, "“丁县”一行", "第3列“合计”为70，其前第一批、第二批之和为60", "50 + 10")
	expect(t, auditText(t, strings.Replace(ok, "乙县 | 200 | 80 | 280 |", "乙县 | 210 | 70 | 280 |", 1)), "T01", errS, 3, "“北原市合计”一行", "第1列“第一批”合计为300，下列2行之和为310", "第2列“第二批”合计为120，下列2行之和为110")
	ok = "项目 | 预算数 | 执行数 |\n甲项目 | 10.50 | 9.20 |\n乙项目 | 4.50 | 4.30 |\n小计 | 15.00 | 13.50 |\n丙项目 | 5.00 | 5.00 |\n合计 | 20.00 | 18.50 |\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "合计 | 20.00 | 18.50 |", "合计 | 20.00 | 19.50 |", 1)), "T01", errS, 6, "第2列“执行数”合计为19.50，上列2行之和为18.50")
	expect(t, auditText(t, strings.Replace(ok, "乙项目 | 4.50 | 4.30 |", "乙项目 | 4.50 | 4.80 |", 1)), "T01", errS, 4, "“小计”一行", "之和为14.00")
}

// Text pasted from a PDF keeps the page's line breaks: lines as wide as the
// page, not ending a sentence, go on in the next line; a finding names the
// lines its sentence spans, and every line keeps its number.
func TestPastedPDFText(t *testing.T) {
	lines := []string{
		"一、部门预算安排情况",
		"本部门2025年一般公共预算支出预算 3000000 元，比上年",
		"增加 200000 元。按支出结构分类，分为基本支出预算和项",
		"目支出预算。",
		"1. 基本支出预算 2400000 元，占一般公共预算支出预算的",
		"80%，同比增加 100000 元，增长 4.35%。其中：",
		"工资福利支出预算 2000000 元，占基本支出预算 83.33%，",
		"同比增加 80000 元，增长 4.17%。",
		"商品和服务支出预算 400000 元，占基本支出预算 16.67%，",
		"同比增加 20000 元，增长 5.26%。",
		"2. 项目支出预算 600000 元，占一般公共预算支出预算的",
		"20%，同比增加 100000 元，增长 20%。其中：",
		"专用设备购置支出预算 360000 元，占项目支出预算 60%，",
		"同比增加 60000 元，增长 20%。",
		"业务培训支出预算 240000 元，占项目支出预算的 40%，同",
		"比增加 40000 元，增长 20%。",
		"二、政府采购预算情况",
		"本部门2025年政府采购预算共 450000 元，其中：货物类采",
		"购预算 360000 元，服务类采购预算 90000 元。",
	}
	ok := strings.Join(lines, "\n") + "\n"
	d, err := audit.Read("预算说明.txt", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Paragraphs) != len(lines) || d.Paragraphs[5] != "" || !strings.HasSuffix(d.Paragraphs[4], "增长4.35%。其中：") {
		t.Fatalf("paragraphs %q", d.Paragraphs)
	}
	res := audit.Audit(d)
	for _, f := range res.Findings {
		if f.Severity != jixiao.SeverityInfo {
			t.Errorf("consistent text: %s %s %s", f.Code, f.Path, f.Message)
		}
	}
	f := expect(t, auditText(t, strings.Replace(ok, "增长 4.17%", "增长 4.71%", 1)), "T03", errS, 7, "与所述4.71%不符")
	if f.Path != "第7–8行" || !slices.Contains(f.Also, 8) {
		t.Errorf("finding placed at %s, also %v; want 第7–8行", f.Path, f.Also)
	}
	// A page copied with its marks in ASCII ("，" → ",") is read the same
	// way: such a mark beside Chinese takes a full-width column (a real
	// budget explanation whose lines hold several commas each).
	page, err := os.ReadFile("testdata/heldout4/26-unit-budget-2025-explanation.txt")
	if err != nil {
		t.Fatal(err)
	}
	joined := func(text string) int {
		d, err := audit.Read("预算说明.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range d.Paragraphs {
			if p == "" {
				n++
			}
		}
		return n
	}
	ascii := strings.NewReplacer("，", ",", "：", ":", "；", ";", "（", "(", "）", ")").Replace(string(page))
	if a, b := joined(string(page)), joined(ascii); a == 0 || a != b {
		t.Errorf("%d lines joined with full-width marks, %d with ASCII ones", a, b)
	}
	// A text a paragraph a line is read as it is.
	d, err = audit.Read("报告.txt", []byte("一、基本情况\n本单位2024年收入合计500万元，其中财政拨款400万元，其他收入100万元\n二、绩效目标\n"))
	if err != nil || len(d.Paragraphs) != 3 {
		t.Fatalf("paragraphs %q, %v", d.Paragraphs, err)
	}
}

// A part's name may hold 、 ("监管、稽核经费20万元" is one part); an item with
// two amounts of the total's kind (a full stop lost) leaves the parts'
// end unknown (T01).
func TestPartsNamesAndLostStops(t *testing.T) {
	ok := "安排资金共计335万元，其中：设备购置资金100万元，监管、稽核运行经费20万元，人员培训资金215万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "经费20万元", "经费25万元", 1)), "T01", errS, 1, "各项之和340万元", "100 + 25 + 215")
	none(t, auditText(t, "收到资金共900万元，其中：中央资金500万元，地方资金100万元，其他资金300万元2024年支出880万元，其中中央资金480万元。\n"), "T01")
}

// A rate named by its verb is of the amount that verb labels over the
// amount before it (T03); a list does not run across table cells (T02).
func TestRateByItsVerbAndListsInCells(t *testing.T) {
	ok := "预算安排专项资金共计800万元，截至6月底，专项资金已到位300万元，使用300万元，使用率100%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "使用300万元", "使用270万元", 1)), "T03", errS, 1, "使用率为90.00%", "270万元 / 300万元")
	none(t, auditText(t, "依据 | 《条例》、《办法》和《规定》 | 落实三项制度 |\n"), "T02")
}

// "支出预算" is a budget, not an amount spent; a 完成率 of 年初 and 执行
// amounts is the share executed (T08, T03).
func TestBudgetedSpendingAndCompletion(t *testing.T) {
	ok := "本单位项目支出预算19.30万元，1-6月实际支出3.12万元，预算执行率为16.17%。公用经费年初45.76万元，1-6月执行27.13万元，完成率59.29%。\n"
	none(t, auditText(t, ok), "T08")
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "实际支出3.12万元", "实际支出3.52万元", 1)), "T08", errS, 1, "执行数3.52万元 / 预算数19.30万元")
	expect(t, auditText(t, strings.Replace(ok, "执行27.13万元", "执行24.13万元", 1)), "T03", errS, 1, "24.13万元 / 45.76万元")
}

// A note on the total in brackets before 其中; an adjustment of the total
// (调减) ends its parts; parts after "按…分，" in the next sentence (T01).
func TestTotalsNotedAdjustedAndByKind(t *testing.T) {
	ok := "2024年救助补助资金下达我区111万元（某财〔2024〕7号），其中低保、特困和临时救助资金100万元，孤儿基本生活保障金11万元，调减40万元（某财〔2024〕29号），全年实际下达71万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "保障金11万元", "保障金16万元", 1)), "T01", errS, 1, "各项之和116万元")
	ok = "本年部门支出合计800.00万元。按支出性质分，基本支出520.00万元，项目支出280.00万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "项目支出280.00万元", "项目支出290.00万元", 1)), "T01", errS, 1, "各项之和810.00万元")
}

// A cut or a saving is the requested (budgeted) amount less the approved
// (actual) one (T01), and its per cent is of the requested amount (T03);
// totals broken down with 其中 are preferred to their parts.
func TestSavings(t *testing.T) {
	ok := "全年审定210宗，送审金额12.40亿元，审定金额11.30亿元，核减1.10亿元，核减率8.87%，其中预算90宗，送审金额7.20亿元，审定金额6.60亿元，核减0.60亿元，核减率8.33%。\n"
	none(t, auditText(t, ok), "T01")
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "审定金额6.60亿元", "审定金额6.40亿元", 1)), "T01", errS, 1, "7.20亿元 − 6.40亿元 = 0.80亿元", "与所述0.60亿元不符")
	expect(t, auditText(t, strings.Replace(ok, "核减率8.87%", "核减率9.87%", 1)), "T03", errS, 1, "核减率为8.87%", "与所述9.87%不符")
	ok = "本年政府采购预算规模为1500.00万元，其中：货物类采购预算900.00万元；服务类采购预算600.00万元。实际采购规模为1380.00万元，其中：货物类实际采购820.00万元；服务类实际采购560.00万元。节约资金120.00万元，节约率为8.00%。\n"
	none(t, auditText(t, ok), "T01")
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "节约资金120.00万元", "节约资金140.00万元", 1)), "T01", errS, 1, "1500.00万元 − 1380.00万元 = 120.00万元")
	expect(t, auditText(t, strings.Replace(ok, "服务类实际采购560.00万元", "服务类实际采购580.00万元", 1)), "T01", errS, 1, "各项之和1400.00万元")
}

// Totals built up in words: the first amount plus what is added makes the
// 总计; "由A，加B构成" makes the total before it (T01).
func TestRunningSums(t *testing.T) {
	ok := "全镇一般公共预算收入实现120.50万元，比上年增长5.0%，其中税收收入100.50万元；非税收入20万元。加上上级补助、上年结转等1,380.25万元，收入总计1,500.75万元。\n全镇财力1,500.75万元。由一般公共预算收入120.50万元，加上级补助收入、上年结转等1,380.25万元构成。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "收入总计1,500.75万元", "收入总计1,550.75万元", 1)), "T01", errS, 1, "各项之和1500.75万元", "所述合计1550.75万元")
	expect(t, auditText(t, strings.Replace(ok, "全镇财力1,500.75万元", "全镇财力1,600.75万元", 1)), "T01", errS, 2, "各项之和1500.75万元", "所述合计1600.75万元")
}

// Items separated by ；, each with one amount, then a sentence opening with
// 共计 stating their total (T01).
func TestListThenSum(t *testing.T) {
	ok := "2024年度，下达养老服务项目40万元；社会救助项目2.75万元；福利院运行经费25.85万元；城乡公益性公墓建设补助131.40万元。共计下达转移支付资金200万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "福利院运行经费25.85万元", "福利院运行经费28.85万元", 1)), "T01", errS, 1, "各项之和203.00万元", "所述合计200.00万元")
}

// A count of places or bodies without a measure word after its list (T02).
func TestListCountOfPlaces(t *testing.T) {
	ok := "项目覆盖东城、西城、南城和北城四城区。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "四城区", "五城区", 1)), "T02", errS, 1, "列举了4个", "所称为五城区")
}

// A count with its list in brackets right after it (T02).
func TestListInBracketsAfterCount(t *testing.T) {
	ok := "本项目以某县4宗（东坪、新圩、大湾、南坡）水库除险加固为依据。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "4宗", "5宗", 1)), "T02", errS, 1, "列举了4个", "所称为5宗")
}

// A change on last year is read with its subject: not a part listed in the
// sentence before, not another change; a year written out and 本年 are not
// two years; 增支 is a change (T03).
func TestYearOnYearSubjects(t *testing.T) {
	ok := "2019年“三公”经费预算为3328万元。其中，因公出国（境）费50万元，公务接待费478万元，公务用车费2800万元。同口径比2018年减少830万元，下降20%。其中：因公出国（境）费同口径比2018年减少9万元，下降15.3%。\n"
	none(t, auditText(t, ok), "T03")
	ok = "收入总计192.01万元，支出总计192.01万元。收支较上年决算数减少27.31万元，下降12.5%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "下降12.5%", "下降14.5%", 1)), "T03", errS, 1, "与所述14.5%不符")
	none(t, auditText(t, "本单位2021年度总收入581.45万元，其中本年收入390.55万元，比上年下降31%。\n"), "T03")
	ok = "2012年全省财政支出2063.44亿元，比上年增支272.2亿元，增长15.2%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长15.2%", "增长17.2%", 1)), "T03", errS, 1, "与所述17.2%不符")
}

// A change stated both ways is read in any quantity, with a PDF's spaces
// around its numbers, against a subject cut from it by a kept line break;
// a gap to an average stated both ways is read the same way (T03).
func TestGrowthOfQuantities(t *testing.T) {
	ok := "全市蔬菜总产量达到312.4万吨，比上年增加18.4万吨，增长6.3%。平均单产842斤/亩，比上年增加22斤/亩，增长2.7%，比全省平均水平高120.5斤/亩，高出16.7%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长6.3%", "增长8.3%", 1)), "T03", errS, 1, "与所述8.3%不符", "上年数由本年数减上变动额得出")
	expect(t, auditText(t, strings.Replace(ok, "增长2.7%", "增长4.7%", 1)), "T03", errS, 1, "与所述4.7%不符")
	expect(t, auditText(t, strings.Replace(ok, "高出16.7%", "高出19.7%", 1)), "T03", errS, 1, "比平均水平高", "与所述19.7%不符", "平均水平由本数减上差额得出")
	// People counted in 名, schools in 所.
	staff := "年末在职人员95名，比上年增加5名，增长5.56%；学校12所，比上年减少3所，下降20%。\n"
	none(t, auditText(t, staff), "T03")
	expect(t, auditText(t, strings.Replace(staff, "增长5.56%", "增长6.56%", 1)), "T03", errS, 1, "与所述6.56%不符")
	expect(t, auditText(t, strings.Replace(staff, "下降20%", "下降25%", 1)), "T03", errS, 1, "与所述25%不符")
	// Lines of a PDF page: the subject's sentence runs on to a line the
	// unwrapping left apart.
	page := strings.Repeat("本单位严格执行年度预算，各项收入支出均按规定程序办理并及时入账核算。\n", 8)
	ok = page + "3.上年结转和结余 12.40 万元，指以前年度支出预算因客观条件变化未执\n行完结转到本年按规定使用\n的资金。较 2023 年度决算数增加 1.40 万元，增长 12.7%，主要原因：项目延期。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长 12.7%", "增长 15.7%", 1)), "T03", errS, 11, "与所述15.7%不符")
}

// A total of output or value and a quantity in the sentence before 其中
// are totals; 增加值 names a part, not a change; parts all rounded coarser
// than their total are that coarse (T01).
func TestOutputTotals(t *testing.T) {
	ok := "全区生产总值为76.40亿元，比上年增长4.2%。其中，第一产业增加值12.15亿元，增长3.1%；第二产业增加值30.82亿元，增长5.0%；第三产业增加值33.43亿元，增长3.9%。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "30.82亿元", "32.82亿元", 1)), "T01", errS, 1, "各项之和78.40亿元", "所述合计76.40亿元")
	ok = "全年蔬菜总产量8.46万吨，增长2.1%。其中，春季产量3.12万吨、增长1.4%，秋季产量5.34万吨、增长2.5%。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "5.34万吨", "5.94万吨", 1)), "T01", errS, 1, "各项之和9.06万吨")
	ok = "全市油料总产87.6万斤。其中花生51万斤，油菜24万斤，芝麻13万斤。\n"
	expect(t, auditText(t, ok), "T01", infoS, 1, "误差范围（±1.55）内")
	expect(t, auditText(t, strings.Replace(ok, "芝麻13万斤", "芝麻15万斤", 1)), "T01", errS, 1, "各项之和90.0万斤")
}

// A share whose base is written inside it is checked against the figure
// just before it; a share of a part named alone finds the part's amount
// in a sentence before (T03).
func TestInlineShares(t *testing.T) {
	ok := "全年一般公共预算收入完成6420万元，为年计划6000万元的107%，同比增长5.2%。其中，税收收入完成4230万元，为年计划4100万元的103.17%。非税收入完成2190万元，占年初预算数1900万元的115.3%。非税收入在一般公共预算收入中占34.11%。\n"
	none(t, auditText(t, ok), "T03")
	none(t, auditText(t, ok), "T08")
	expect(t, auditText(t, strings.Replace(ok, "的107%", "的109%", 1)), "T03", errS, 1, "6420万元为年计划6000万元的107.00%", "与所述109%不符")
	expect(t, auditText(t, strings.Replace(ok, "的115.3%", "的118.3%", 1)), "T08", errS, 1, "2190万元占年初预算数1900万元的115.26%")
	expect(t, auditText(t, strings.Replace(ok, "中占34.11%", "中占36.11%", 1)), "T03", errS, 1, "与所述36.11%不符")
	// A figure of another kind is not the part.
	none(t, auditText(t, "项目共投入资金300万元，为计划受益1800人的111.11%。\n"), "T03")
}

// A count of projects and their money, broken down together: each part
// gives one of each, 项 counting what 个 counts; parts giving money only
// are an ordinary breakdown (T01).
func TestPairedCountAndMoney(t *testing.T) {
	ok := "今年共安排5个项目，项目总投资860万元，其中：道路建设项目2项，总资金520万元；产业发展项目2项，总资金300万元；项目管理1项，投资40万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "产业发展项目2项", "产业发展项目3项", 1)), "T01", errS, 1, "各项之和6", "所述合计5")
	expect(t, auditText(t, strings.Replace(ok, "总资金300万元", "总资金350万元", 1)), "T01", errS, 1, "各项之和910万元")
	ok = "本级共5项，合计金额1,250万元，其中水利资金400万元、农业资金350万元、林业资金500万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "林业资金500万元", "林业资金600万元", 1)), "T01", errS, 1, "各项之和1350万元")
}

// A total, what was done and what remains, in three clauses in a row: the
// two add up to the total; a change or a breakdown in between is not what
// remains (T01).
func TestDoneAndRemaining(t *testing.T) {
	ok := "计划培训农民500人，已完成培训480人，尚有20人因病未参加。发放对象合计1200户，目前已向1150户发放，剩余50户年底前发完。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "尚有20人", "尚有30人", 1)), "T01", errS, 1, "各项之和510人", "所述合计500人")
	expect(t, auditText(t, strings.Replace(ok, "剩余50户", "剩余40户", 1)), "T01", errS, 1, "各项之和1190户")
	none(t, auditText(t, "计划培训农民500人，已完成培训480人，比上年增加20人。\n"), "T01")
}

// A count broken down in brackets after what it counts; parts introduced
// by 含 may be some only: wrong when they exceed the total (T01).
func TestBracketIncluding(t *testing.T) {
	ok := "全市86个乡镇（含32个镇、54个乡，下同）农村公路养护资金全部到位。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "54个乡", "64个乡", 1)), "T01", errS, 1, "全市乡镇各项之和96个", "所述合计86个")
	none(t, auditText(t, "共有职工100人（含退休人员20人、临时工10人）。\n"), "T01")
}

// A gap in percentage points to a rate stated with it is the difference
// of the two rates (T03).
func TestPointGaps(t *testing.T) {
	ok := "全县收入增长12.4%，比全市平均水平（9.8%）高2.6个百分点；支出增长6.1%，较全市平均8.3%低2.2个百分点。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "高2.6个百分点", "高3.6个百分点", 1)), "T03", errS, 1, "12.4%与9.8%相差2.6个百分点", "与所述高3.6个百分点不符")
	expect(t, auditText(t, strings.Replace(ok, "低2.2个百分点", "低1.2个百分点", 1)), "T03", errS, 1, "相差2.2个百分点")
}

// A gap to an average whose figure is named: the subject less the average
// (T01), past the change on the year before stated between them.
func TestGapToNamedAverage(t *testing.T) {
	ok := "全县水稻单产达到612.5公斤/亩，比上年增加12.5公斤/亩，增长2.1%，比全市平均水平580.2公斤/亩高出32.3公斤/亩。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "高出32.3公斤/亩", "高出42.3公斤/亩", 1)), "T01", errS, 1, "612.5公斤/亩与平均水平580.2公斤/亩相差32.3公斤/亩", "与所述高出42.3公斤/亩不符")
}

// An item stating a count in words is prose, not a name of a list: 省 and
// 市 qualify the rules after them (T02).
func TestListItemWithCountInWords(t *testing.T) {
	none(t, auditText(t, "各部门严格执行中央八项规定和省、市十项规定精神，厉行节约。\n"), "T02")
	expect(t, auditText(t, "全县设立城关、东关、西关两个社区，均为公益一类事业单位。\n"), "T02", errS, 1, "列举了3个，所称为两个")
	// Two things joined by 及 are not what a count of hundreds counts.
	none(t, auditText(t, "代表活动及视察经费按268名代表、年人均2000元测算。\n"), "T02")
	expect(t, auditText(t, "设立办公室及财务室三个科室。\n"), "T02", errS, 1, "列举了2个")
}

// A note in brackets after a part, with a semicolon and a full stop
// inside, belongs to that part: its figures are not parts of the total
// (T01).
func TestBracketNoteWithStopInside(t *testing.T) {
	ok := "本年“三公”经费预算312.5万元。其中：因公出国（境）费0万元；公务用车购置及运行费300.00万元（购置费100.00万元，比上年增加0万元；运行维护费200.00万元，比上年增加0万元。）比上年增加0万元；公务接待费12.5万元，比上年减少1万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "公务接待费12.5万元", "公务接待费15.5万元", 1)), "T01", errS, 1, "各项之和315.50万元")
}

// A part below one unit of the others' last decimal, written with a digit
// more so as not to be nil, does not narrow the tolerance (T01).
func TestSmallPartKeepsTolerance(t *testing.T) {
	ok := "全年完成农业总产值8.4亿元。其中，种植业产值4.1亿元，畜牧业产值3.2亿元，渔业产值0.04亿元，服务业产值1.1亿元。\n"
	expect(t, auditText(t, ok), "T01", infoS, 1, "各项之和8.44亿元")
	expect(t, auditText(t, strings.Replace(ok, "畜牧业产值3.2亿元", "畜牧业产值3.7亿元", 1)), "T01", errS, 1, "各项之和8.94亿元")
}

// Parts that make their total end at a semicolon when a sibling of the
// total follows it (T01).
func TestPartsEndAtSiblingAfterSemicolon(t *testing.T) {
	ok := "2024年部门预算支出5863000元，基本支出3620000元，其中工资福利支出2810000元，商品和服务支出590000元，对个人和家庭的补助220000元；项目支出2243000元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "商品和服务支出590000元", "商品和服务支出690000元", 1)), "T01", errS, 1, "基本支出各项之和")
}

// Two paragraphs opening with different years give two years' money,
// alike in some items and not in others: no restatement (T07).
func TestRestatedAmountsOfTwoYears(t *testing.T) {
	two := "2023年本局“三公”经费预算中，因公出国（境）费20万元，公务用车购置及运行费135.6万元，公务接待费48万元。\n2024年本局“三公”经费预算中，因公出国（境）费20万元，公务用车购置及运行费128.8万元，公务接待费48万元。\n"
	none(t, auditText(t, two), "T07")
	one := strings.Replace(two, "2024年本局", "本局", 1)
	expect(t, auditText(t, one), "T07", warnS, 2, "“公务用车购置及运行费”在第1行为135.6万元")
}

// A share with its base inside it after clauses stating the part's change
// and rate; a change stated with 降低 (T03, T08).
func TestShareAfterChangeClauses(t *testing.T) {
	ok := "2022年全县“三公”经费财政拨款支出1,250万元，比上年减支150万元，降低10.71%，为年初预算数1400万元的89.29%。\n"
	none(t, auditText(t, ok), "T03")
	none(t, auditText(t, ok), "T08")
	expect(t, auditText(t, strings.Replace(ok, "降低10.71%", "降低12.71%", 1)), "T03", errS, 1, "与所述12.71%不符")
	expect(t, auditText(t, strings.Replace(ok, "的89.29%", "的86.29%", 1)), "T08", errS, 1, "1,250万元为年初预算数1400万元的89.29%")
}

// A PDF's line made short by the narrow digits of its figures goes on in
// the next line when that opens with a figure (T01).
func TestWrappedLineOfFigures(t *testing.T) {
	page := strings.Repeat("本单位严格执行预算管理制度，按照规定程序办理收支业务\n并及时记账核算，确保资金使用规范安全。\n", 9)
	ok := page + "初中教育支出 2,065,405.42 元，其中：基本支出\n2,065,405.42 元，项目支出 0元。主要用于教职工工资福利支出。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "\n2,065,405.42 元", "\n2,005,405.42 元", 1)), "T01", errS, 19, "各项之和2005405.42元")
}

// A comparison without figures between a total and 其中 remarks on the
// total (T01).
func TestRemarkBetweenTotalAndParts(t *testing.T) {
	ok := "2024年本级“三公”经费预算为860万元，与上年预算基本持平，其中：因公出国（境）费20万元，公务接待费140万元，公务用车购置及运行维护费700万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "公务接待费140万元", "公务接待费160万元", 1)), "T01", errS, 1, "各项之和880万元")
}

// A label before a colon opening the total's sentence ("增减情况说明：")
// is not a change on last year (T01).
func TestLabelBeforeTotalSentence(t *testing.T) {
	ok := "增减情况说明：2024年度“三公”经费预算数为380万元，较2023年400 万元减少20万元，同比下降5%。其中：因公出国（境）费用预算数为0 万元；公务接待费预算数为120万元；公务用车运行维护费预算数为260万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "公务接待费预算数为120万元", "公务接待费预算数为150万元", 1)), "T01", errS, 1, "各项之和410万元")
}

// A space a copy left after a thousands comma ("1, 537.4万元") is read as
// part of the number, and quoted as written (T01).
func TestThousandsCommaWithSpace(t *testing.T) {
	ok := "公务用车购置及运行维护费1,646.4万元（公务用车购置费109.0万元、公务用车运行维护费1, 537.4万元）。\n"
	none(t, auditText(t, ok), "T01")
	f := expect(t, auditText(t, strings.Replace(ok, "109.0万元", "119.0万元", 1)), "T01", errS, 1, "各项之和1656.4万元")
	if !strings.Contains(f.Where, "1,646.4万元") || strings.ContainsAny(f.Where+f.Message, "\x01\x02") {
		t.Errorf("quote %q message %q: want the report's commas", f.Where, f.Message)
	}
	// A list of small numbers is no thousands: "1, 2, 3".
	none(t, auditText(t, "共3项（1, 2, 3）。\n"), "T01")
}

// An amount worked out as a count times an amount for each: stated after
// them, before them, or on the line above (T03).
func TestCountTimesAmountForEach(t *testing.T) {
	ok := "1、代表履职补贴384000元；\n测算标准：160名代表，年人均2400元计384000元。\n2、代表工作320000元，与上年相同；\n代表活动经费按160名代表、年人均2000元测算。\n3、联络指导经费80000元，按8家街道工委每家10000元测算。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "年人均2400元", "年人均2500元", 1)), "T03", errS, 2, "160名 × 2500元 = 400000元", "与所述384000元不符")
	expect(t, auditText(t, strings.Replace(ok, "年人均2000元", "年人均2100元", 1)), "T03", errS, 4, "与所述320000元不符")
	expect(t, auditText(t, strings.Replace(ok, "按8家", "按9家", 1)), "T03", errS, 5, "9家 × 10000元 = 90000元")
	// An area with decimals and a standard per mu: the area's rounding
	// counts.
	area := "补贴面积160118.88亩，按每亩补贴91.07元的标准，共发放补贴资金1458.20万元。\n"
	none(t, auditText(t, area), "T03")
	expect(t, auditText(t, strings.Replace(area, "1458.20万元", "1458.32万元", 1)), "T03", errS, 1, "160118.88亩 × 91.07元 = 1458.20万元")
	// A line above with two amounts does not say which one is meant.
	none(t, auditText(t, "2、代表工作320000元，上年330000元；\n代表活动经费按160名代表、年人均2100元测算。\n"), "T03")
}

// A change stated both ways whose subject is named, its amount stated
// paragraphs above; a second change of the same subject against the
// budget (T03).
func TestGrowthOfSubjectNamedAbove(t *testing.T) {
	ok := "经汇总，2023年度全镇“三公”经费支出合计52.40万元。其中，公务接待费12.40万元。\n2023年度全镇公务接待160批次。\n经比较，2023年度全镇“三公”经费较上年减少3.60万元，下降6.43%，较年初预算数减少1.60万元，下降2.96%。\n"
	none(t, auditText(t, ok), "T03")
	f := expect(t, auditText(t, strings.Replace(ok, "下降6.43%", "下降8.43%", 1)), "T03", errS, 3, "本年52.40万元 + 3.60万元")
	if len(f.Also) != 1 || f.Also[0] != 1 {
		t.Errorf("also %v: want the line above that states the amount", f.Also)
	}
	expect(t, auditText(t, strings.Replace(ok, "下降2.96%", "下降3.96%", 1)), "T03", errS, 3, "比预算减少2.96%", "预算数由本数加上差额得出")
	// Another year's amount is not the subject.
	none(t, auditText(t, strings.Replace(strings.Replace(ok, "下降6.43%", "下降8.43%", 1), "经汇总，2023年度", "经汇总，2022年度", 1)), "T03")
}

// The change on last year of a total against the changes of its parts,
// each stated after its part; 持平 is no change (T01).
func TestChangesOfParts(t *testing.T) {
	ok := "2023年全市“三公”经费财政拨款支出1,250万元，比上年减支150万元，降低10.71%。其中：公务用车购置费200万元，比上年减支120万元；公务用车运行维护费800万元，比上年增支20万元；公务接待费210万元，比上年减支50万元；因公出国（境）费40万元，与上年持平。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "比上年增支20万元", "比上年增支40万元", 1)), "T01", errS, 1, "各项比上年的变动之和−130万元", "与所述合计的变动−150万元不符", "−120 + 40 − 50 + 0 = −130")
	// A part without its change leaves the changes unchecked.
	none(t, auditText(t, strings.Replace(strings.Replace(ok, "，与上年持平", "", 1), "比上年增支20万元", "比上年增支40万元", 1)), "T01")
}

// A count before 分别是 with its items separated by commas; a 、 inside an
// item is part of its name (T02).
func TestCountThenCommaList(t *testing.T) {
	ok := "本年重点评价共涉及4个项目，分别是：市交通局的公交服务项目，市民政局的养老服务补助，市农业农村局的一、二、三产业融合发展资金和市科技局的科创专项资金。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "4个项目", "5个项目", 1)), "T02", errS, 1, "列举了4个，所称为5个")
}

// A part written with a minus sign is taken away; a range is no sign
// (T01). A form's column label is no name of a quantity (T07).
func TestNegativePartAndFormLabels(t *testing.T) {
	ok := "现下达补助经费126.44万元（其中中央直达资金139.71万元，省直达-13.27万元）。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "-13.27", "-23.27", 1)), "T01", errS, 1, "各项之和116.44万元", "139.71 − 23.27 = 116.44")
	none(t, auditText(t, "每村补助30-50万元，共计80万元。\n"), "T01")
	labels := "建设占地面积：指标值为“约12000平方米”，全年实际完成值约20000平方米；\n服务中心面积：指标值为“约120平方米”，全年实际完成值约1737平方米；\n"
	none(t, auditText(t, labels), "T07")
}

// A count in another sentence of a line ending in 如下 does not count the
// items below (T02).
func TestListedBelowCountInItsSentence(t *testing.T) {
	none(t, auditText(t, "我县分得指标名额6个。现将资金使用计划说明如下：\n一、资金安排\n二、资金使用计划变更\n"), "T02")
	expect(t, auditText(t, "现将6个方面的情况说明如下：\n一、资金安排\n二、资金使用计划变更\n"), "T02", errS, 1, "所称6个")
}

// A change stated as a per cent, then as an amount collected more or less;
// a change's subject is not the base of a share before it (T03).
func TestGrowthRateThenAmount(t *testing.T) {
	ok := "截至4月底，全市财政总收入完成191347万元，比上年同期增长15.35%，增收25457万元。一般公共预算收入累计完成61646万元，占年初预算数109466万元的56.3%，同比增长10.7%，增收5939万元。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长15.35%", "增长17.35%", 1)), "T03", errS, 1, "同比增长15.35%", "与所述17.35%不符")
	expect(t, auditText(t, strings.Replace(ok, "增收5939万元", "增收6939万元", 1)), "T03", errS, 1, "与所述10.7%不符")
}

// A share whose base is named 在…中占, or named as the whole beside parts
// with a qualifier ("全盟…" before "旗级…"); the part is not a change after
// it (T03).
func TestNamedSharesWholeBase(t *testing.T) {
	ok := "去年全盟一般公共预算收入全年累计完成310682万元，同比增加23188万元。盟本级一般公共预算收入累计完成33648万元；旗级一般公共预算收入累计完成277034万元。税收收入累计完成213251万元，占一般公共预算收入的68.6%。\n地方财政收入完成100223万元。其中：税收收入完成66342万元，比上年同期增长18.39%，增收10304万元，税收收入在地方财政收入中占66.19%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "占一般公共预算收入的68.6%", "占一般公共预算收入的66.6%", 1)), "T03", errS, 1, "310682万元的68.64%", "与所述66.6%不符")
	expect(t, auditText(t, strings.Replace(ok, "中占66.19%", "中占69.19%", 1)), "T03", errS, 2, "66342万元占100223万元的66.19%", "与所述69.19%不符")
}

// Thousands separators are read in every check: an ASCII comma between
// digits ends no item; findings quote the report as written (T01).
func TestThousandsSeparatorsInParts(t *testing.T) {
	ok := "2024年度总收入27,664.71万元，其中：财政拨款收入9,787.85万元，事业收入5,738.74万元，其他收入12,037.17万元，经营收入100.95万元。\n"
	none(t, auditText(t, ok), "T01")
	f := expect(t, auditText(t, strings.Replace(ok, "12,037.17", "12,537.17", 1)), "T01", errS, 1, "各项之和28164.71万元", "所述合计27664.71万元")
	if !strings.Contains(f.Where, "27,664.71万元") || strings.ContainsRune(f.Where+f.Message, 1) {
		t.Errorf("quote %q message %q: want the report's commas", f.Where, f.Message)
	}
}

// A sentence opening with a total's name and 中 breaks down that total,
// stated before it (T01).
func TestNamedWithin(t *testing.T) {
	ok := "本年度财政拨款收入共计9,787.85万元，占总收入的35.39%。拨款收入中，教育经费拨款9,451.03万元，科学技术拨款250.03万元，医疗卫生类拨款86.79万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "科学技术拨款250.03万元", "科学技术拨款450.03万元", 1)), "T01", errS, 1, "各项之和9987.85万元", "所述合计9787.85万元")
}

// Parts after 用在以下方面： or a total's name and 当中 in mid-sentence;
// a rank after a total does not hide it (T01).
func TestPartsAfterOtherIntros(t *testing.T) {
	ok := "2024年财政拨款支出1264.92万元，主要用在以下方面：社会保障和就业支出67.64万元，占5.35%；卫生健康支出1196.48万元，占94.59%；农林水支出0.80万元，占0.06%。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "卫生健康支出1196.48万元", "卫生健康支出1096.48万元", 1)), "T01", errS, 1, "各项之和1164.92万元")
	ok = "本年度项目支出14,629.33万元，占总支出的54.19%，项目支出当中，教育事业支出14,412.87万元，科研支出166.87万元，医疗卫生支出49.59万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "科研支出166.87万元", "科研支出266.87万元", 1)), "T01", errS, 1, "各项之和14729.33万元")
	ok = "1-5月，我县一般公共预算收入累计完成34096万元，达到年预算的32.3%，同比降低10.2%，在全市排第9位。其中：税务部门完成21334万元，同比降低9.9%；财政部门完成12762万元，同比降低10.7%。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "财政部门完成12762万元", "财政部门完成14762万元", 1)), "T01", errS, 1, "各项之和36096万元")
}

// A "|" table with a column of remarks left empty and a 合计 row whose empty
// last cell was not copied (T01).
func TestPipeTableRemarksAndShortTotal(t *testing.T) {
	ok := "县区名称 | 市级资金（万元） | 备注 |\n东园区 | 280 | |\n西阳区 | 280 | 新增 |\n虞山县 | 440 | |\n合计 | 1000 |\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "虞山县 | 440 | |", "虞山县 | 480 | |", 1)), "T01", errS, 5, "第1列“市级资金（万元）”合计为1000，上列3行之和为1040")
}

// A part written as so much for each of several names (T01).
func TestPartsForEach(t *testing.T) {
	ok := "本批追加资金1000万元，其中：北都区300万元，和川县300万元，安平区、循河县各200万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "各200万元", "各250万元", 1)), "T01", errS, 1, "各项之和1100万元", "300 + 300 + 500 = 1100")
}

// Parts under 其中 after a clause on money without a figure: the total is
// the one amount allocated a few lines above; a gap is a warning (T01).
func TestPartsOfMoneyAbove(t *testing.T) {
	ok := "1.资金下达情况。某区接到通知，下达服务业发展资金1480万元。\n2.下达绩效目标情况。略。\n3.资金分解情况。某区按因素法分配资金，把资金切块下达到各市，其中：东港市610万元、西岭市580万元、南湖市290万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "南湖市290万元", "南湖市320万元", 1)), "T01", jixiao.SeverityWarning, 3, "各项之和1510万元", "合计取自上文唯一一处下达")
}

// A line ending in 其中： and its parts on numbered lines below it, blank
// lines between; the finding names every numbered line (T01).
func TestNumberedPartsUnderQizhong(t *testing.T) {
	ok := "  某馆2024年年初专项经费指标总额为69万元，其中：\n\n  1、档案保护专项经费指标为36万元，用于档案保管；\n\n  2、档案装具专项指标为12万元，用于整理装盒；\n\n  3、库房租赁经费专项指标为21万元，用于租赁库房。\n"
	none(t, auditText(t, ok), "T01")
	f := expect(t, auditText(t, strings.Replace(ok, "21万元", "21元", 1)), "T01", errS, 3, "0.0021（21元）", "所述合计69万元")
	if !slices.Contains(f.Also, 7) {
		t.Errorf("also %v: want the last numbered line 7", f.Also)
	}
}

// A Word table (a row a paragraph, cells separated by tabs) with a 合计 row
// under its rows and a 合计 column (T01).
func TestWordTableTotals(t *testing.T) {
	ok := "单位\t一般公共预算\t政府性基金\t合计\n局机关\t120.50\t30.00\t150.50\n下属中心\t80.25\t0\t80.25\n合计\t200.75\t30.00\t230.75\n"
	none(t, auditText(t, ok), "T01")
	// The row's 合计 and the 合计 column's total both break.
	fs := auditText(t, strings.Replace(ok, "下属中心\t80.25\t0\t80.25", "下属中心\t80.25\t0\t88.25", 1))
	if len(fs) != 2 || !strings.Contains(fs[0].Message, "其前一般公共预算、政府性基金之和为80.25") || !strings.Contains(fs[1].Message, "第3列“合计”合计为230.75，上列2行之和为238.75") {
		t.Errorf("findings %v", fs)
	}
	expect(t, auditText(t, strings.Replace(ok, "合计\t200.75\t30.00\t230.75", "合计\t210.75\t30.00\t240.75", 1)), "T01", errS, 4, "第1列“一般公共预算”合计为210.75，上列2行之和为200.75")
}

// Two counts before 其中, each part giving one of each; a count qualifying
// a name ("50人以上") is no part (T01).
func TestPairedCounts(t *testing.T) {
	ok := "全县学校60所（含教学点），学生9000人，其中完全中学 4 所，学生3000 人；50人以上村级小学40所，学生5500人；50人以下村级小学 10 所，教学点6所，学生500人。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "学生5500人", "学生5800人", 1)), "T01", errS, 1, "各项之和9300人", "所述合计9000人")
	expect(t, auditText(t, strings.Replace(ok, "村级小学40所", "村级小学42所", 1)), "T01", errS, 1, "各项之和62所", "所述合计60所")
}

// A total score in prose against the scores of the numbered lines under
// it (T05); parts in the sentence after the total, opened by 用于 (T01).
func TestNumberedScoresAndUsedFor(t *testing.T) {
	ok := "（一）自评得分\n因此评价分100分，自评等级为优秀。\n（二）绩效目标完成情况\n1.免疫密度，年初目标值≥90%，实际完成值≥90%，自评得分40分；\n2.抗体合格率，年初目标值≥70%，实际完成值≥70%，自评得分30分；\n3.满意率，年初目标值≥90%，实际完成值≥90%，自评得分30分；\n"
	none(t, auditText(t, ok), "T05")
	expect(t, auditText(t, strings.Replace(ok, "自评得分40分", "自评得分35分", 1)), "T05", errS, 2, "其下3项的得分之和为95分", "与所述100分不符")
	ok = "动物防疫等补助资金共220万元。用于购买强制免疫疫苗资金219.09万元，2023年扑杀补助经费0.72万元，2022年扑杀补助经费0.19万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "0.72万元", "0.92万元", 1)), "T01", errS, 1, "各项之和220.20万元")
}

// The total of numbered scored lines is the nearest score heading above
// them, among several section scores (T05).
func TestNumberedScoresNearestHeading(t *testing.T) {
	ok := "一、项目基本情况（自评得分100分）\n二、预算执行情况（自评得分10分）\n三、绩效目标及指标完成情况（自评得分90分）\n（一）完成绩效产出指标（自评得分50分）\n\n1.数量指标（自评得分20分）：完成新建公厕50座。\n\n2.质量指标（自评得分20分）：验收合格率为100%。\n\n3.时效指标（自评得分10分）：竣工及时率为100%。\n\n（二）完成绩效效益指标（自评得分40分）\n"
	none(t, auditText(t, ok), "T05")
	expect(t, auditText(t, strings.Replace(ok, "时效指标（自评得分10分）", "时效指标（自评得分15分）", 1)), "T05", errS, 4, "其下3项的得分之和为55分（20 + 20 + 15）", "与所述50分不符")
}

// A running list of income closed by 收入合计, one of its items broken down
// by 其中 in the middle of it; money carried over from last year
// (上年结转结余) is an item, not a change on last year (T01).
func TestRunningListWithNestedBreakdown(t *testing.T) {
	ok := "全乡税收收入2310万元，加上级补助收入1250万元，其中：一般性转移支付收入980万元（含均衡性转移支付90万元、结算补助890万元，专项转移支付270万元），上年结转结余45万元，调入资金30万元，收入合计为3635万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "调入资金30万元", "调入资金60万元", 1)), "T01", errS, 1, "收入合计各项之和3665万元", "2310 + 1250 + 45 + 60 = 3665")
	expect(t, auditText(t, strings.Replace(ok, "结算补助890万元", "结算补助990万元", 1)), "T01", errS, 1, "所述合计980万元")
	carried := "2024年政府性基金收入总计2150万元，其中本级收入120万元，上级补助收入1330万元，上年结余700万元。\n"
	none(t, auditText(t, carried), "T01")
	expect(t, auditText(t, strings.Replace(carried, "上年结余700万元", "上年结余750万元", 1)), "T01", errS, 1, "120 + 1330 + 750 = 2200")
}

// Parts that run on past the text read — a line ending in a comma, or an
// excerpt that stops mid-sentence — are some of the parts only: wrong when
// they already exceed the total (T01).
func TestPartsCutShort(t *testing.T) {
	cut := "（二）支出预算。2025年年初预算数860.40万元，其中：一般公共服务支出35万元，教育支出701.2万元，社会保障和就业支出64.18万元，\n"
	none(t, auditText(t, cut), "T01")
	expect(t, auditText(t, strings.Replace(cut, "教育支出701.2万元", "教育支出801.2万元", 1)), "T01", errS, 1, "各项之和900.38万元")
	stopped := "2024年度收入合计3120.50万元，其中：财政拨款收入2750.10万元，上级补助收入0万"
	none(t, auditText(t, stopped), "T01")
	whole := "2024年度收入合计3120.50万元，其中：财政拨款收入2750.10万元，上级补助收入0万元。\n"
	expect(t, auditText(t, whole), "T01", errS, 1, "各项之和2750.10万元")
}

// After parts that are all nil the whole may be the last part (T01).
func TestNilPartsThenWhole(t *testing.T) {
	ok := "本单位有独立编制机构2个，其中行政机构0个，参照公务员法管理的事业机构0个，其他事业机构2个。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "其他事业机构2个", "其他事业机构3个", 1)), "T01", errS, 1, "各项之和3个")
}

// A flattened form whose columns are 年初目标值, 实际完成值 and 得分 has no
// weights: the figures of its rows are not summed against the block's cap;
// with a 分值 column they are (T05).
func TestFlattenedFormWithoutWeights(t *testing.T) {
	head := "一级指标\n二级指标\n三级指标\n年初目标值（A）\n实际完成值（B）\n得分\n"
	rows := "产出指标（20分）\n数量指标\n新建仓库面积（平方米）\n150\n150\n10\n配套设备（台）\n4\n4\n10\n"
	none(t, auditText(t, head+rows), "T05")
	weighted := "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n产出指标（20分）\n数量指标\n新建仓库面积\n150\n150\n10\n10\n配套设备\n4\n4\n12\n12\n"
	expect(t, auditText(t, weighted), "T05", errS, 8, "分值之和为22", "与所印20分不符")
}

// A form's rate written without its per cent sign under 执行率（B/A） is read
// as a per cent in a full row; in a row short of a cell the figures'
// columns are not known, and nothing is read (T08).
func TestFlattenedBareRate(t *testing.T) {
	ok := "预算执行情况（万元）\n预算数（A）\n执行数（B）\n执行率（B/A）\n得分\n年度财政资金总额\n80\n60\n75\n15\n"
	none(t, auditText(t, ok), "T08")
	expect(t, auditText(t, strings.Replace(ok, "\n60\n", "\n70\n", 1)), "T08", errS, 9, "全年执行数70 / 全年预算数80 = 87.50%", "与所填执行率75不符")
	short := "年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分\n年度资金总额： 640 640 640 10 10\n"
	none(t, auditText(t, short), "T08")
}

// A running sum whose first amount is in the sentence before and which
// adds several amounts joined by 、 (T01).
func TestRunningSumSeveralAdded(t *testing.T) {
	ok := "全县一般公共预算收入（含列统收入）12.6亿元，增长6.2%，税收占比81%。全县一般公共预算收入，加上上级转移支付收入20.4亿元、债务转贷收入3.15亿元、上年结转收入2.07亿元、调入资金5.8亿元，收入总计44.02亿元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "调入资金5.8亿元", "调入资金6.8亿元", 1)), "T01", errS, 1, "12.6 + 20.4 + 3.15 + 2.07 + 6.8 = 45.02")
}

// Parts that cannot be added: one amount masked in the published text, or
// so much "各" for things not counted (T01).
func TestPartsNotAddable(t *testing.T) {
	none(t, auditText(t, "2023年城建专项资金8600万元，其中：市县项目5200万元、省直项目900万元，另切块支持污水治理20xx万元、试点示范500万元。\n"), "T01")
	none(t, auditText(t, "对口支援资金300万元（援藏援疆各60万元、帮扶180万元）。\n"), "T01")
	expect(t, auditText(t, "对口支援资金300万元（援藏60万元、援疆60万元、帮扶190万元）。\n"), "T01", errS, 1, "各项之和310万元")
}

// A 及 joins the last two items of a list whose names hold 和 when what it
// follows ends as the other items do (T02).
func TestListJoinedByJiAmongNamesWithHe(t *testing.T) {
	ok := "下设事业单位5个（农业服务中心、劳动就业和社会保障服务所、综合执法大队、村镇建设服务中心及退役军人服务站）。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "事业单位5个", "事业单位6个", 1)), "T02", errS, 1, "所称为6个")
	part := "项目包括净水厂、供水管网新建和改造工程、水源地保护及周边生态修复工程三部分。\n"
	none(t, auditText(t, part), "T02")
	expect(t, auditText(t, strings.Replace(part, "三部分", "四部分", 1)), "T02", errS, 1, "所称为四")
}

// A breakdown named by its total ("常住人口中，…") is of the figure so named
// without a qualifier, not of a qualified one after it (T01).
func TestNamedWithinUnqualifiedBase(t *testing.T) {
	ok := "年末全县常住人口86420人，比上年末减少1210人；常住人口中，城镇常住人口40115人，城镇化率为46.42%。常住人口中，男性44190人，占51.13%；女性42230人，占48.87%。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "女性42230人", "女性42330人", 1)), "T01", errS, 1, "各项之和86520人", "所述合计86420人")
}

// Two items of a list whose separator was lost are two parts (T01).
func TestPartsSeparatorLost(t *testing.T) {
	ok := "资金用于购置设备：监护仪32万元、呼吸机28.5万元、输液泵6万元消毒机4.5万元、移动DR系统96万元，合计167万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "消毒机4.5万元", "消毒机5.5万元", 1)), "T01", errS, 1, "各项之和168", "所述合计167")
}

// A clause on what a total is for may stand between it and 其中 (T01).
func TestTotalThenUseThenParts(t *testing.T) {
	ok := "本年下达专项资金1800万元，全部用于水厂改造，其中设备购置1250.4567万元，安装工程549.5433万元，均已支付。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "549.5433", "569.5433", 1)), "T01", errS, 1, "各项之和1820.0000万元", "所述合计1800.0000万元")
}

// A change may name its quantity again after the year it is compared with;
// it is then held to a subject of that name only (T03).
func TestGrowthRestatesItsQuantity(t *testing.T) {
	ok := "2023年度收入、支出总计都是798.15万元。比2022年度收、支总计各增加61.54万元，增长8.35%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长8.35%", "增长9.35%", 1)), "T03", errS, 1, "同比增加8.35%，与所述9.35%不符")
	same := "2023年度收入合计4680.58 万元，比2022年度收入合计减少2415.45   万元，下降34 %。\n"
	none(t, auditText(t, same), "T03")
	expect(t, auditText(t, strings.Replace(same, "下降34 %", "下降31 %", 1)), "T03", errS, 1, "与所述31%不符")
	// Another quantity named after the year is not the subject's change.
	none(t, auditText(t, "2023年支出合计1000万元，比上年项目支出增加50万元，增长20%。\n"), "T03")
	// Nor is a word that holds 比 with no year.
	none(t, auditText(t, "支出合计1000万元，对比例增加50万元，增长20%。\n"), "T03")
}

// A share naming no base is of the whole its paragraph opens with, or of a
// larger figure stated between (T03).
func TestBareShares(t *testing.T) {
	ok := "全区一般公共预算收入完成88690万元，比上年增加18926万元，同比增长27.13%。税收收入48510万元，比上年减少2666万元，同比下降5.21%，税收占比为54.70%。非税收入40180万元，非税收入占比为45.30%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "54.70%", "57.70%", 1)), "T03", errS, 1, "48510万元占比57.70%，按本段开头的总数88690万元计算为54.70%")
	// A share of a subtotal stated between is as good.
	sub := "支出合计1000万元。项目支出400万元，其他200万元，占比50%。\n"
	none(t, auditText(t, sub), "T03")
	// A share named after another quantity is not the figure's before it.
	none(t, auditText(t, "收入合计1000万元。税收收入400万元，非税占比50%。\n"), "T03")
	// Shares in a breakdown after 其中 are the breakdown's: found once.
	expect(t, auditText(t, "预算数2089万元：其中中央资金1777万元，占比80%。\n"), "T03", errS, 1, "1777万元 ÷ 2089万元")
}

// A budget explanation's share names its base with 预算, stated without
// the word (T03).
func TestNamedShareOfBudget(t *testing.T) {
	ok := "2. 项目支出 469500 元，占一般公共预算支出的 19.62%。\n工资福利支出 12000 元，占项目支出预算 2.56%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "2.56%", "3.56%", 1)), "T03", errS, 2, "12000元占项目支出预算469500元的2.56%，与所述3.56%不符")
}

// A total broken down and then adjusted in one sentence: the change is of
// the total, or of the last part (T01).
func TestAdjustmentAfterBreakdown(t *testing.T) {
	ok := "资金下达我区111万元（某财〔2020〕67号），其中低保、特困和临时救助资金100万元，孤儿基本生活保障金11万元，调减40万元（某财〔2021〕29号），全年实际下达71万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "下达71万元", "下达76万元", 1)), "T01", errS, 1, "按111万元 − 40万元应为71万元")
	// Of the last part: 11 − 4 = 7.
	none(t, auditText(t, "资金下达111万元，其中A资金100万元，B资金11万元，调减4万元，全年实际下达7万元。\n"), "T01")
}

// A count before its list may have spaces around its number or a remark in
// brackets after it (T02).
func TestCountBeforeListSpacesAndRemark(t *testing.T) {
	spaced := "街道内设办公室 3 个：党政办公室、经济发展办公室（统计办公室）、财政办公室。\n"
	none(t, auditText(t, spaced), "T02")
	expect(t, auditText(t, strings.Replace(spaced, " 3 个", " 4 个", 1)), "T02", errS, 1, "列举了3个，所称为4个")
	remark := "本会设内设机构3个（正处级），即办公室（机关党委、政工人事处）、康复部、教育就业部。\n"
	none(t, auditText(t, remark), "T02")
	expect(t, auditText(t, strings.Replace(remark, "3个", "4个", 1)), "T02", errS, 1, "列举了3个，所称为4个")
}

// A debt total is broken down completely by 其中 (T01).
func TestDebtTotals(t *testing.T) {
	ok := "2021年本县转贷政府债券39272万元。其中：一般债券19609万元、专项债券9000万元、再融资债券10663万元。年末债务余额164234万元，其中：一般债务102696万元，专项债务61538万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "专项债券9000万元", "专项债券9900万元", 1)), "T01", errS, 1, "19609 + 9900 + 10663 = 40172")
	expect(t, auditText(t, strings.Replace(ok, "一般债务102696万元", "一般债务103696万元", 1)), "T01", errS, 1, "103696 + 61538 = 165234")
}

// Retired staff named last are beside a head count, not in it (T01).
func TestRetiredBesideHeadCount(t *testing.T) {
	ok := "实有正式教职工62人，其中副高级职称4人，中级职称25人，初级职称23人，管理人员3人，技师3人，高级工3人，中级工1人，退休职工28人。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "中级职称25人", "中级职称27人", 1)), "T01", errS, 1, "所述合计62人")
}

// Numbered lines under a total may each state their change on the year
// before or a reason after the part; a run must start at its first line;
// a run cut at the end of an excerpt names some parts only (T01).
func TestNumberedPartsWithChanges(t *testing.T) {
	ok := "收入总计为1000万元，其中：\n1.财政拨款收入600万元，比2016年度决算数减少20万元，下降3.23%，主要是债券减少。\n2.上级补助收入0万元。\n3.事业收入400万元，是开展业务取得的收入。比2016年度决算数增加18万元，增长4.71%。\n4.其他收入0万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "事业收入400万元", "事业收入420万元", 1)), "T01", errS, 2, "600 + 0 + 420 + 0 = 1020")
	// A line whose second sentence is not its change is a section: no run.
	section := strings.Replace(ok, "比2016年度决算数增加18万元，增长4.71%。", "全年接待30批次。", 1)
	none(t, auditText(t, strings.Replace(section, "事业收入400万元", "事业收入420万元", 1)), "T01")
	// Cut at the end of an excerpt: the parts so far are below the total.
	cut := "收入总计为1000万元，其中：\n1.财政拨款收入600万元。\n2.事业收入300万元，比上年\n"
	none(t, auditText(t, cut), "T01")
}

// Parts joined by 、 that make the total end the list before a comma; a
// 其中 opening a sentence whose first part exceeds the total before it
// breaks down a larger figure of that sentence (T01).
func TestStaffListsOfAPDFPage(t *testing.T) {
	ok := "人员编制总数 95 名，全额事业编制 95 名，聘用教师控制数 4 人。其中，在职在编人员 91 人，包括：行政在职在编人员 0 人、参公事业在职在编人员 0 人、全额事业在职在编 91 人，聘用教师控制数 4 人。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "全额事业在职在编 91 人", "全额事业在职在编 89 人", 1)), "T01", errS, 1, "0 + 0 + 89 + 4 = 93")
	// With nothing else as large in the sentence before, the part is wrong.
	expect(t, auditText(t, "本部门编制人数共3人，实有3人。其中：在职人员5人，离休0人，退休0人。\n"), "T01", errS, 1, "5 + 0 + 0 = 5")
}

// A Word web page shown as quoted-printable text breaks lines with a
// trailing "=": they are joined, each line keeping its number.
func TestQuotedPrintableSoftBreaks(t *testing.T) {
	ok := "一、部门基本情况\n全镇面积38.5平方公里，辖石凤社区、石凤佳园社=\n区、新凤社区3个社区居委会和大盐、九凤、海兰、=\n白鹤、虎峰、文昌等6个行政村，总人=\n口4.7万。\n其中：在职人员3人，离休0人。\n"
	none(t, auditText(t, ok), "T02")
	f := expect(t, auditText(t, strings.Replace(ok, "3个社区居委会", "4个社区居委会", 1)), "T02", errS, 2, "列举了3个，所称为4个")
	if f.Start != 0 {
		t.Errorf("finding starts at byte %d of its paragraph, want 0", f.Start)
	}
	// Lines that end in "=" here and there are not soft breaks.
	d, err := audit.Read("报告.txt", []byte("a=\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"))
	if err != nil || d.Paragraphs[0] != "a=" || d.Paragraphs[1] != "b" {
		t.Errorf("a text with one line ending in = was joined: %q, %v", d.Paragraphs, err)
	}
}

// A change compared in words with the year before (与2020年度相比，各增加…);
// a subject written in 元 for 万元 is a slip of its unit, not of the per
// cent (T03).
func TestGrowthComparedInWords(t *testing.T) {
	ok := "2021年度收入总计1,151.41万元，支出总计1,151.41万元，与2020年度相比，各增加29.6万元，增长2.64%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长2.64%", "增长2.57%", 1)), "T03", errS, 1, "与所述2.57%不符")
	none(t, auditText(t, "项目支出29.36元，比2016年度决算数减少973.77万元，下降97.07%。\n"), "T03")
}

// A change that names its quantity again (与2021年相比收入总计减少…) is
// compared with that quantity earlier in the sentence, past its parts, not
// with the last amount before the change (T03).
func TestGrowthOfNamedQuantity(t *testing.T) {
	ok := "2022年财政拨款收入总计766.75万元，其中：2022年收入合计610.42万元，年初结转和结余156.33万元，与2021年相比收入总计减少315.71万元，下降29.17%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "下降29.17%", "下降33.17%", 1)), "T03", errS, 1, "与所述33.17%不符")
	// The named quantity stated nowhere before the change: nothing compared.
	none(t, auditText(t, "2022年收入合计610.42万元，年初结转和结余156.33万元，与2021年相比收入总计减少315.71万元，下降33.17%。\n"), "T03")
}

// Percentage points of two rates are not one quantity (T07); a list cut by
// an excerpt's end inside a numbered item names some parts only, but a note
// in brackets after the last part ends the list (T01).
func TestPointsAndCutLists(t *testing.T) {
	none(t, auditText(t, "收入完成1603.8亿元，占预算的56.6%，超过时间进度6.6个百分点。\n支出完成2911.4亿元，占预算的53.5%，超过时间进度3.5个百分点。\n"), "T07")
	cut := "政府性基金预算收入完成540177万元,其中:(1)政府性基金收入完成222085万元;(2)新增地方政府债务收入307000万元;(3)上级补助收入2101万元;(4)债务"
	none(t, auditText(t, cut+"\n"), "T01")
	expect(t, auditText(t, cut+"转贷收入9000万元。\n"), "T01", errS, 1, "540186")
	noted := "实有人数 125 人，其中在职人员 121 人， 离休人员 0 人，退休人员 0 人（不含由养老保险基金发放养老"
	expect(t, auditText(t, noted+"\n"), "T01", errS, 1, "121 + 0 + 0 = 121")
}

// Things counted in 条, 座, 处 are followed by their list only when it is
// announced (T02).
func TestCountInTiaoBeforeList(t *testing.T) {
	ok := "项目涉及两条线路，分别为安江至白岭段、白岭至石门段。\n"
	none(t, auditText(t, ok), "T02")
	expect(t, auditText(t, strings.Replace(ok, "两条", "三条", 1)), "T02", errS, 1, "列举了2个，所称为三条")
	none(t, auditText(t, "新建标准化运动场4处，更新课桌椅和多媒体教学设备。\n"), "T02")
}

// Shares of one named base that is stated nowhere near them imply that
// base; one share implying another base is a slip (T03).
func TestImpliedBase(t *testing.T) {
	text := "（一）教育支出 5,806,105.16 元，占支出总预算82.27%。\n（二）社会保障和就业支出 557,718.56 元，占支出总预算 7.9%。\n" +
		"（三）卫生健康支出 275,373.54 元，占支出总预算3.9%。\n（四）住房保障支出 418,288.92 元，占支出总预算5.93%。\n"
	none(t, auditText(t, text), "T03")
	f := expect(t, auditText(t, strings.Replace(text, "3.9%", "5.9%", 1)), "T03", warnS, 3, "与同一支出总预算下其他各项的占比不一致", "支出总预算约为7057")
	if len(f.Also) != 3 {
		t.Errorf("the other three shares should be linked: %v", f.Also)
	}
	// Two shares alone cannot say which is wrong; shares cut rather than
	// rounded (57.89% for 57.8985%) agree.
	none(t, auditText(t, strings.SplitAfter(text, "\n")[0]+"（三）卫生健康支出 275,373.54 元，占支出总预算5.9%。\n"), "T03")
	none(t, auditText(t, "甲 1157.97万元，占总额57.89%。\n乙 421.03万元，占总额21.05%。\n丙 421万元，占总额21.05%。\n"), "T03")
	// Two shares could each be the odd one: the one that misses the
	// others' base by less than a third of the other's miss is named
	// (6.90% where 74784.48 of 1085203.63 is 6.891%).
	slip := "（一）文化支出 850088.3 元，占支出总预算 78.33%。\n（二）社保支出 116433.12 元，占支出总预算 10.73 %。\n" +
		"（三）卫生支出 43897.73 元，占支出总预算4.04 %。\n（四）住房支出 74784.48 元，占支出总预算6.90 %。\n项目支出 48100 元，占支出总预算的 4.43%。\n"
	expect(t, auditText(t, slip), "T03", warnS, 4, "74784.48元占支出总预算6.90%", "应占约6.89%")
	// Each part's own task or budget is no common base.
	none(t, auditText(t, "甲所完成32962万元，占任务数56.3%；乙所完成28684万元，占任务数56.4%；丙所完成1000万元，占任务数20%。\n"), "T03")
	// Shares far apart are of different bases.
	far := "甲 100万元，占总额50%。\n" + strings.Repeat("其他内容。\n", 8) + "乙 100万元，占总额10%。\n丙 50万元，占总额5%。\n"
	none(t, auditText(t, far), "T03")
}

// Figures set off by spaces, as a PDF's text layer sets them, read as the
// prose writes them; a table's cells stay apart.
func TestSpacedFigures(t *testing.T) {
	text := "2023 年部门预算支出 1,000 万元，其中：基本支出 600 万元，项目支出 400 万元。\n公用经费 95 万元，比上年增加 5 万元，增长 5.56 %。\n"
	d, err := audit.Read("说明.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Paragraphs[1]; got != "公用经费95万元，比上年增加5万元，增长5.56%。" {
		t.Errorf("read as %q", got)
	}
	none(t, auditText(t, text), "T01")
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "项目支出 400", "项目支出 500", 1)), "T01", errS, 1, "1100")
	expect(t, auditText(t, strings.Replace(text, "5.56 %", "6.56 %", 1)), "T03", errS, 2)
	// Cells of a row keep their spaces: a figure without a unit, and one
	// after a figure with its unit.
	row := "培训人次 ≥500人次 520人次 50 50\n合计 4000 化山县 1155 2023 12.5 年度\n"
	d, err = audit.Read("表.txt", []byte(row))
	if err != nil {
		t.Fatal(err)
	}
	if d.Paragraphs[0] != "培训人次 ≥500人次 520人次 50 50" || d.Paragraphs[1] != "合计 4000 化山县 1155 2023 12.5 年度" {
		t.Errorf("cells joined: %q", d.Paragraphs)
	}
}

// A line that opens with a comma and a reason before 其中 (a PDF line
// broken after a figure) is read without failing.
func TestLeadingCommaReason(t *testing.T) {
	none(t, auditText(t, "，主要原因是人员调整，其中：基本支出5万元，项目支出5万元。\n"), "T01")
}

// A copy in traditional characters is read in simplified ones, and says
// so.
func TestTraditionalText(t *testing.T) {
	text := "本單位2023年度決算說明如下。\n2023年度收入合計1,250.30萬元，其中：財政撥款收入1,000.30萬元，其他收入250萬元。\n"
	d, err := audit.Read("決算.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Note, "繁体") || !strings.HasPrefix(d.Paragraphs[1], "2023年度收入合计1,250.30万元") {
		t.Fatalf("note %q, read as %q", d.Note, d.Paragraphs[1])
	}
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "250萬元", "260萬元", 1)), "T01", errS, 2, "收入合计")
	// A few traditional characters in a simplified text (a name) leave it
	// as it is.
	if d, _ := audit.Read("说明.txt", []byte("某縣财政局2023年度收入合计100万元。\n")); d.Note != "" || !strings.Contains(d.Paragraphs[0], "某縣") {
		t.Errorf("simplified text converted: %q %q", d.Note, d.Paragraphs[0])
	}
}

// A change on last year between a quantity and its 其中 is not the total
// (T03 on the share of the part).
func TestChangeBeforeBreakdown(t *testing.T) {
	text := "年末常住人口729万人，比上年末增加1万人，其中，城镇常住人口491万人，占常住人口比重为67.35%。\n"
	none(t, auditText(t, text), "T03")
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "67.35%", "69.35%", 1)), "T03", errS, 1, "729万人")
}

// A list whose copy lost a 、 between two names, and a count whose list is
// given in lists of their kinds, one a sentence (T02).
func TestListGluedAndSiblings(t *testing.T) {
	glued := "本单位内设十个科室，分别为办公室、法制宣传科、行政审批科、公共服务科、文物管理科产业发展科、行业管理科、安全与应急科、财务审计科、组织人事科。\n"
	fs := auditText(t, glued)
	if f := find(fs, "T02"); len(f) != 1 || f[0].Severity != jixiao.SeverityInfo || !strings.Contains(f[0].Message, "漏了顿号") {
		t.Fatalf("want one T02 info on the lost 、:\n%s", dump(fs))
	}
	expect(t, auditText(t, strings.Replace(glued, "十个", "十二个", 1)), "T02", errS, 1, "列举了9个，所称为十二个")
	kinds := "所属二级预算单位为11个，行政单位分别是：本级行政、保障部一、保障部二、保障部三、保障部四。全额补助事业单位分别是：本级事业、门诊部、幼儿园、警官学院、技术中心、保护中心。\n"
	none(t, auditText(t, kinds), "T02")
	expect(t, auditText(t, strings.Replace(kinds, "11个", "12个", 1)), "T02", errS, 1, "列举了11个，所称为12个")
}

// The carry-over named beside a year's income, and a government's main
// spending classes, are not all the parts of their totals (T01).
func TestPartsBesideTotals(t *testing.T) {
	carry := "2021年度收入合计4,385.46万元，较上年决算数减少2,173.83万元。其中：财政拨款收入4,385.46万元，占100%，年初结转和结余1,074.18万元。\n"
	none(t, auditText(t, carry), "T01")
	expect(t, auditText(t, strings.Replace(carry, "财政拨款收入4,385.46", "财政拨款收入4,335.46", 1)), "T01", errS, 1, "5409.64")
	news := "上半年，全市公共财政预算支出完成217.99亿元，同比增长2.9%。其中，一般公共服务支出20.4亿元，同比下降2.0%；教育支出45.7亿元，同比增长4.2%；社会保障和就业支出32.2亿元，同比增长16.1%。\n"
	none(t, auditText(t, news), "T01")
	// A department's spending by class is all of it.
	dept := "本部门支出合计98.50万元，其中，一般公共服务支出20.4万元，教育支出45.7万元，社会保障和就业支出32.2万元。\n"
	expect(t, auditText(t, dept), "T01", errS, 1, "98.50")
}

// A table's rows with two periods, their change and its rate: the change
// is one period less the other (T01), the rate the change over the earlier
// period (T03).
func TestRowChanges(t *testing.T) {
	pipes := "单位:元 | ||||\n项目 | 行号 | 本 期 | 上年同期 | 增加额 | 增长率 |\n1、总收入 | 1 | 1200.50 | 1000.00 | 200.50 | 20.05% |\n其中:医疗收入 | 2 | 900.00 | 800.00 | 100.00 | 12.50% |\n2、科教收入 | 3 | ||||\n"
	none(t, auditText(t, pipes), "T01")
	none(t, auditText(t, pipes), "T03")
	expect(t, auditText(t, strings.Replace(pipes, "| 200.50 |", "| 210.50 |", 1)), "T01", errS, 3, "本期 1200.50 − 上年同期 1000.00 = 200.50", "210.50")
	expect(t, auditText(t, strings.Replace(pipes, "12.50%", "13.50%", 1)), "T03", errS, 4, "12.50%", "13.50%")
	spaces := "项目及编号 2016年度 2017年度 2017比2016增减\n增减值 增减%\n(一) 收入总计 58596771.09 117154424.7 58557653.59 99.93%\n1. 财政补助收入 6909800 55508400 48598600 703.33%\n2. 科教项目收入 0\n"
	none(t, auditText(t, spaces), "T01")
	none(t, auditText(t, spaces), "T03")
	expect(t, auditText(t, strings.Replace(spaces, "48598600", "48698600", 1)), "T01", errS, 4, "2017年度 55508400 − 2016年度 6909800")
	expect(t, auditText(t, strings.Replace(spaces, "703.33%", "713.33%", 1)), "T03", errS, 4, "703.33%")
}

// A unit's 收入总计 and 支出总计 balance (T07); a qualified total is left
// alone.
func TestBalancedTotals(t *testing.T) {
	text := "1.总体情况。2021年度收入总计5,459.64万元,支出总计5,459.64万元。\n"
	none(t, auditText(t, text), "T07")
	expect(t, auditText(t, strings.Replace(text, "支出总计5,459.64", "支出总计5,495.64", 1)), "T07", errS, 1, "收入总计5,459.64万元与支出总计5,495.64万元不等")
	none(t, auditText(t, "2020年财政拨款收入总计1614.63万元，与2019年相比增加540.23万元；财政拨款支出总计1870.91万元。\n"), "T07")
	// The two sides closing two sentences of one paragraph.
	apart := "全县一般公共预算收入21.6亿元，加上上级补助和上年结转，收入总量为88.04亿元。全县一般公共预算支出80.2亿元，加上上解支出和结转下年，支出总量为88.04亿元。\n"
	none(t, auditText(t, apart), "T07")
	expect(t, auditText(t, strings.Replace(apart, "支出总量为88.04", "支出总量为86.04", 1)), "T07", errS, 1, "收入总量88.04亿元与支出总量86.04亿元不等")
	// Not across paragraphs, nor past another income side.
	none(t, auditText(t, "收入总量为88.04亿元。\n支出总量为86.04亿元。\n"), "T07")
	none(t, auditText(t, "收入总量为88.04亿元。基金收入总量为9亿元。支出总量为86.04亿元。\n"), "T07")
}

// In a table in 元, amounts to the fen are exact: a change off by one fen
// is found (T01); one written to one decimal keeps its rounding.
func TestRowChangesInYuan(t *testing.T) {
	text := "单位:元\n项目 2016年度 2017年度 增减值 增减%\n收入总计 58596771.09 117154424.7 58557653.59 99.93%\n其他收入 266054.87 285735.09 19680.22 7.40%\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "19680.22", "19680.21", 1)), "T01", errS, 4, "19680.22", "19680.21")
}

// A running sum may end in 收入总量 (T01).
func TestRunningSumToTotalAmount(t *testing.T) {
	text := "2023年,全区一般公共预算收入1549911万元,为调整预算的101.9%,比2022年增长8.0%。加上市级财政税收返还和补助收入916296万元,上年结转收入、调入资金等969065万元,以及一般债务转贷收入120000万元,收入总量为3555272万元。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "916296", "916396", 1)), "T01", errS, 1, "3555372")
}

// How a figure was reckoned ("按可比价计算") stands between it and the
// 其中 of the next sentence (T01).
func TestMethodBeforeBreakdown(t *testing.T) {
	text := "初步核算,全年地区生产总值2392.67亿元,按可比价计算,比上年增长9.5%。其中,第一产业增加值215.01亿元,增长14.9%;第二产业增加值882.97亿元,增长7.7%;第三产业增加值1294.69亿元,增长9.9%。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "882.97", "889.97", 1)), "T01", errS, 1, "2399.67")
}

// Found on the thirteenth held-out set: the base of a share written around
// it is not what a change that follows is of; a share in a breakdown that
// names its part is that part's; a congress's number is not a count; a
// form's row cut by the excerpt leaves its block unsummed.
func TestHeldOut13Lessons(t *testing.T) {
	change := "4月，一般公共预算收入累计完成24627万元，完成年初预算数60999万元的40.4%，比上年减收1070万元，下降4.2%。\n"
	none(t, auditText(t, change), "T03")
	expect(t, auditText(t, strings.Replace(change, "下降4.2%", "下降6.2%", 1)), "T03", errS, 1, "与所述6.2%不符")

	share := "地方一般公共预算收入116059万元，较上年增加6570万元，其中税收收入82539万元，较上年增加4674万元；非税收入33520万元，较上年增加1896万元；税收收入占地方一般公共预算收入的比重为71.1%。\n"
	none(t, auditText(t, share), "T03")
	expect(t, auditText(t, strings.Replace(share, "71.1%", "75.1%", 1)), "T03", errS, 1, "82539万元")

	none(t, auditText(t, "全省坚持稳中求进，全面贯彻党的十九大、十九届历次全会和党的二十大精神，经济运行总体平稳。\n"), "T02")

	// A change stated both ways right after its amount, with no 比上年.
	bare := "截至8月底，税收收入36552万元，增加2362万元，增长6.91%；基金支出13658万元，减少14621万元，下降51.7 %。\n"
	none(t, auditText(t, bare), "T03")
	expect(t, auditText(t, strings.Replace(bare, "增长6.91%", "增长8.91%", 1)), "T03", errS, 1, "与所述8.91%不符")
	expect(t, auditText(t, strings.Replace(bare, "下降51.7 %", "下降56.7 %", 1)), "T03", errS, 1, "与所述56.7%不符")
	// A budget's execution written 完成年初预算数B万元的R% (T08).
	done := "4月，一般公共预算收入累计完成24627万元，完成年初预算数60999万元的40.4%。\n"
	none(t, auditText(t, done), "T08")
	expect(t, auditText(t, strings.Replace(done, "40.4%", "44.4%", 1)), "T08", errS, 1, "40.37%")
	// A base named with the word that ends its label (本年支出合计), and a
	// change naming a long quantity again after 与2022年相比.
	named := "本年支出合计4295.94万元，其中基本支出3076.21万元，占71.61%；项目支出1219.73万元，占28.39%。\n" +
		"2023年度一般公共预算财政拨款支出3643.29万元，占本年支出合计的84.81%。与2022年相比，一般公共预算财政拨款支出增加234.73万元，增长6.89%。\n"
	none(t, auditText(t, named), "T03")
	expect(t, auditText(t, strings.Replace(named, "84.81%", "80.81%", 1)), "T03", errS, 2, "84.81%")
	expect(t, auditText(t, strings.Replace(named, "增长6.89%", "增长8.89%", 1)), "T03", errS, 2, "与所述8.89%不符")
	// 收支相抵: the balance is the income less the spending (T01).
	offset := "2023年，市本级政府性基金预算总收入87.32亿元，其中：当年政府性基金预算收入28.36亿元，转移性收入58.96亿元；市本级政府性基金预算总支出84.37亿元，其中：当年基金预算支出29.32亿元，调出资金0.26亿元，债务还本支出30.47亿元，债务转贷支出23.86亿元，政府性基金转移支付支出0.46亿元。收支相抵，年终结余2.95亿元。\n" +
		"2023年，市本级社会保险基金预算收入65.17亿元，社会保险基金预算支出57.93亿元。收支相抵，本年收支结余7.24亿元，年终滚存结余78.09亿元。\n"
	none(t, auditText(t, offset), "T01")
	expect(t, auditText(t, strings.Replace(offset, "年终结余2.95亿元", "年终结余3.95亿元", 1)), "T01", errS, 1, "收支相抵应为2.95亿元", "87.32亿元 − 84.37亿元")
	expect(t, auditText(t, strings.Replace(offset, "本年收支结余7.24亿元", "本年收支结余8.24亿元", 1)), "T01", errS, 2, "收支相抵应为7.24亿元")
	none(t, auditText(t, "全年收入合计120万元，支出合计120万元，收支相抵，当年收支平衡。\n"), "T01")
	// Parts after "；包括", the first with its own breakdown in brackets;
	// the same list cut by the excerpt after a share is not checked.
	incl := "本年收入合计4295.94万元；包括财政拨款收入3760.06万元（其中，一般公共预算3643.29万元，政府性基金预算116.77万元，国有资本经营预算0.00万元），占收入合计87.53%；上级补助收入0.00万元，占收入合计0.00%；事业收入535.88万元，占收入合计12.47%。\n"
	none(t, auditText(t, incl), "T01")
	expect(t, auditText(t, strings.Replace(incl, "事业收入535.88万元", "事业收入585.88万元", 1)), "T01", errS, 1, "4345.94")
	cutIncl := "本年收入合计1,151.41万元；包括财政拨款收入1,077.36万元（其中，一般公共预算1,077.36万元，政府性基金预算0万元），占收入合计93.57%；上级补助收入0万元，占收入合计0%；经营收入"
	none(t, auditText(t, cutIncl), "T01")
	// "收入支出总体与上年相比": a change of the unit's 收入总计 (= 支出总计)
	// stated paragraphs above.
	both := "2023年度收入总计434.72万元,其中:本年收入合计434.16万元,年初结转和结余0.56万元。\n2023年度支出总计434.72万元,其中:本年支出合计434.16万元,年末结转和结余0.56万元。\n收入支出总体与上年相比,增加58.21万元,增长15.46%,主要原因是人员增加。\n"
	none(t, auditText(t, both), "T03")
	expect(t, auditText(t, strings.Replace(both, "增长15.46%", "增长17.46%", 1)), "T03", errS, 3, "434.72万元")
	// Grades' counts add up to the count evaluated before them (T01).
	grades := "各部门报送2023年度支出项目绩效自评2630个，涉及金额340915.51万元。单位自评结果“优秀”1812个、“良好”171个、“中”536个、“差”111个。\n"
	none(t, auditText(t, grades), "T01")
	expect(t, auditText(t, strings.Replace(grades, "“良好”171个", "“良好”191个", 1)), "T01", errS, 1, "2650个", "2630个")
	none(t, auditText(t, "评价项目30个，集中3个、良好4个、差5个。\n"), "T01") // 集中 is no grade
	// An increase with no rate after it is not a change stated both ways.
	none(t, auditText(t, "追加预算200万元，增加设备50万元，用于更新。\n"), "T03")

	form := "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n" +
		"| 产出指标 | 数量指标 | 培训次数(次) | ≥ | 1 | 次 | 1 | 40 | 40 | |\n" +
		"| 产出指标 | 质量指标 | 验收合格率 | ≥ | 95 | % | 100 | 50 | 50 | |\n"
	none(t, auditText(t, form), "T05")
	expect(t, auditText(t, strings.Replace(form, "| 50 | 50 |", "| 40 | 40 |", 1)), "T05", errS, 1, "权重之和为80")
	// Cut: 40 + 40 of 90, the third row's weight not there.
	cut := strings.Replace(form, "| 50 | 50 |", "| 40 | 40 |", 1) + "| 效益指标 | 社会效益 | 群众满意度 | ≥ | 1 "
	none(t, auditText(t, cut), "T05")
}

// A PDF breaks a paragraph after a full stop too: a line as wide as the
// page that ends a sentence goes on in the next, unless the next is
// indented or opens an item; headings and short lines do not count against
// reading the text as a page; a tab-separated row is never joined.
func TestPDFLineEndingInFullStop(t *testing.T) {
	page := "一、项目情况\n" +
		"（一）项目概况。\n" +
		"本项目位于园区东侧，总占地面积335亩（不含管网部分）。项目内容包括处理中心、\n" +
		"管网新建和修复工程、湿地改造及生态修复工程三部分。其中：处理中心位于河西路\n" +
		"南侧、园区北侧、某企业东侧，总占地面积35亩，设计规模为日处理污水二万吨左右。\n" +
		"管网新建和修复主要包括新城大道、杨家路、龙湾路、环湖路等道路以下的污水管网。\n" +
		"湿地改造及生态修复工程西至杨家河，东至张家河，南至滨湖路、北至北环路，总占地\n" +
		"面积300亩（水域面积约165亩，陆域面积约135亩）。\n" +
		"（二）绩效目标。\n"
	d, err := audit.Read("自评.txt", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if d.Paragraphs[5] != "" || d.Paragraphs[6] != "" || !strings.Contains(d.Paragraphs[2], "总占地面积300亩") {
		t.Fatalf("lines not joined: %q", d.Paragraphs)
	}
	none(t, auditText(t, page), "T07")
	expect(t, auditText(t, strings.Replace(page, "三部分", "四部分", 1)), "T02", errS, 3, "列举了3个")
	// The next line indented: a new paragraph.
	indented := strings.Replace(page, "\n管网新建和修复主要", "\n　　管网新建和修复主要", 1)
	if d, _ := audit.Read("自评.txt", []byte(indented)); d.Paragraphs[5] == "" {
		t.Errorf("an indented line joined to the paragraph before: %q", d.Paragraphs)
	}
	// A row of a table with tab-separated cells is not a page's line.
	rows := page + "年度资金总额\t45\t45\t10\t100%\t10\t执行率乘以该指标的分值，最高不超过分值。\n其中：财政拨款\t45\t45\t-\t-\t-\n"
	if d, _ := audit.Read("自评.txt", []byte(rows)); d.Paragraphs[10] == "" {
		t.Errorf("a table row joined to the row before: %q", d.Paragraphs[9:])
	}
}

// A short excerpt of a PDF page (five wrapped lines) is read with its
// lines joined; rows of a space-separated table as wide as a page are not
// joined.
func TestShortPDFExcerptAndTableRows(t *testing.T) {
	page := "某高新化工园区重大风险防范项目资金尚未全额到位，到位资金均专款专用，全额\n" +
		"投入项目建设。年度资金总额全年预算数5372.58万元，全年执行数4772.58万元\n" +
		"，当前预算执行率88.83%。其中中央财政资金全年预算数1800万元，全年执行数12\n" +
		"00万元，当前预算执行率66.67%；地方财政资金全年预算数2192.58万元，全年执\n" +
		"行数2192.58万元，当前预算执行率100%；其他资金全年预算数1380万元，全年执\n" +
		"行数1380万元，当前预算执行率100%。\n"
	d, err := audit.Read("自评.txt", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if d.Paragraphs[1] != "" || !strings.Contains(d.Paragraphs[0], "全年执行数1200万元") {
		t.Fatalf("lines not joined: %q", d.Paragraphs)
	}
	expect(t, auditText(t, strings.Replace(page, "66.67%", "76.67%", 1)), "T08", errS, 1)
	row := "东城街道 8 1 7 0 0.75 0 0 24.5 0 24.5 0 追减补助资金22.55万元，追减补助资金2.0万元，合计追减\n"
	rows := strings.Repeat(row, 6)
	if d, _ := audit.Read("表.txt", []byte(rows)); d.Paragraphs[1] == "" {
		t.Errorf("table rows joined: %q", d.Paragraphs[:2])
	}
}

// A share stated after its part's change on last year is the part's, not
// the change's; its base may be named without the 预算 of its label
// (公共财政预算总收入 → 财政总收入), or stated on the line above (T03).
func TestShareAfterItsChange(t *testing.T) {
	ok := "一、全市公共财政预算总收入完成52000万元，增长8.5%。\n" +
		"二、税收收入累计完成31200万元，增加1800万元，增长6.12%，税收占财政总收入的比重为60%；非税收入20800万元，减少300万元，下降1.42%，非税收入占财政总收入比重为40%。\n" +
		"三、城区收入13000万元，同比增长4.1%，占全市公共财政预算总收入比重为25%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "比重为60%", "比重为64%", 1)), "T03", errS, 2, "31200万元占财政总收入52000万元的60.00%", "与所述64%不符")
	expect(t, auditText(t, strings.Replace(ok, "比重为40%", "比重为44%", 1)), "T03", errS, 2, "与所述44%不符")
	expect(t, auditText(t, strings.Replace(ok, "比重为25%", "比重为29%", 1)), "T03", errS, 3, "13000万元", "与所述29%不符")
	// A share of a share, or of a rate, is not read as a share of money.
	none(t, auditText(t, "全年收入52000万元。执行率为93.5%，占计划的比重为90%。\n"), "T03")
}

// A rectification report splits the problems found, and the money in
// question, by where their rectification stands (T01); a count of another
// kind among the parts leaves the series alone.
func TestRectifiedParts(t *testing.T) {
	ok := "审计报告反映3个方面共计36项问题，问题资金1820.5万元，截至年底已整改30项，整改到位资金1500.25万元，正在整改6项（含部分整改），未整改资金320.25万元。\n" +
		"专项资金管理问题9项，涉及金额96.3万元，部分整改5项，已整改4项。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "正在整改6项", "正在整改8项", 1)), "T01", errS, 1, "36项")
	expect(t, auditText(t, strings.Replace(ok, "未整改资金320.25", "未整改资金360.25", 1)), "T01", errS, 1, "1500.25 + 360.25", "1820.50万元")
	expect(t, auditText(t, strings.Replace(ok, "已整改4项", "已整改3项", 1)), "T01", errS, 2, "9项")
	// Suggestions adopted and cases handed over: what they add to is not said.
	none(t, auditText(t, "全年发现问题50个，已整改问题28个，采纳建议9个，正在整改问题6个，移送问题7个。\n"), "T01")
	// Only what was done: nothing to add up.
	none(t, auditText(t, "发现问题50个，已整改问题28个，整改率56%。\n"), "T01")
}

// The lessons of the fourteenth held-out set: shares listed in the order
// of their parts (分别为…，占…比例为a%、b%和c%); counts of one subject's
// sections not restated as the whole's (全市共有… / 幼儿园共有…); two bodies
// joined by 和 at a list's end although an earlier name holds 和; people
// from the bodies listed are not a count of them; a form's rate written as
// a ratio to one decimal (T03, T01, T07, T02, T08).
func TestHeldOut14Lessons(t *testing.T) {
	shares := "2023年全省采购规模为12,000亿元。\n从结构看，货物、工程、服务采购规模分别为3,000亿元、6,000亿元和3,000亿元，占全省采购规模比例为25%、50%和25%。\n"
	none(t, auditText(t, shares), "T03")
	none(t, auditText(t, shares), "T01")
	expect(t, auditText(t, strings.Replace(shares, "50%和", "55%和", 1)), "T03", errS, 2, "6,000亿元", "与所述55%不符")
	// The shares make the whole: the parts make the base.
	expect(t, auditText(t, strings.Replace(shares, "12,000亿元", "13,000亿元", 1)), "T01", errS, 2, "3000 + 6000 + 3000 = 12000")
	// Fewer shares than parts: not paired.
	none(t, auditText(t, "2023年全省采购规模为12,000亿元。\n货物、工程、服务采购规模分别为3,000亿元、6,000亿元和3,000亿元，占全省采购规模比例为20%和50%。\n"), "T03")

	sections := "全市共有学校40所，专任教师3000人。\n一、学前教育\n幼儿园共有教职工500人，专任教师420人。\n二、义务教育\n全市共有义务教育学校30所，专任教师2400人。\n"
	none(t, auditText(t, sections), "T07")
	again := "全县共有贫困户500户，帮扶干部120人。\n二、成效\n全县共有贫困户520户，全部脱贫。\n"
	expect(t, auditText(t, again), "T07", warnS, 3, "500户", "520户")

	bodies := "街道设置内设机构5个：党政办、民政和社区事务办公室、财政办公室、应急管理办公室和城镇管理办公室。\n"
	none(t, auditText(t, bodies), "T02")
	expect(t, auditText(t, strings.Replace(bodies, "机构5个", "机构6个", 1)), "T02", errS, 1, "列举了5个")
	none(t, auditText(t, "组织县发改局、财政局和县林草局7名专家组成专家组审查实施方案。\n"), "T02")

	ratio := "项目名称 | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分\n年度财政资金总额 | 650 | 94 | 0.1 | 2.9\n"
	none(t, auditText(t, ratio), "T08")
	expect(t, auditText(t, strings.Replace(ratio, "| 94 |", "| 194 |", 1)), "T08", errS, 2, "与所填执行率0.1不符")
}

// A line of several measures, then each kind on its own 其中 line with the
// same measures under its own words (T01): more than the total is an
// error, less a warning (a kind may be left out).
func TestPartLines(t *testing.T) {
	ok := "2024年，全县共有中学12所，招生3300人，在校生9800人，专任教师760人。\n" +
		"其中初级中学9所，初中招生2400人，在校生7100人。初中共有教职工610人，专任教师560人。\n" +
		"其中高级中学3所。高中招生900人，在校生2700人，专任教师200人。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "高级中学3所", "高级中学4所", 1)), "T01", errS, 3, "9所 + 4所")
	expect(t, auditText(t, strings.Replace(ok, "在校生2700人", "在校生2600人", 1)), "T01", warnS, 3, "在校生", "可能未列全")
	// One 其中 line names one kind only: not a breakdown.
	none(t, auditText(t, "全县共有中学12所，专任教师760人。\n其中初级中学9所，专任教师500人。\n"), "T01")
}

// The lessons of the fifteenth held-out set (T01, T03, T07).
func TestHeldOut15Lessons(t *testing.T) {
	// Spending named last among the money received is not a source.
	received := "2024年中心共收到财政资金3600000.00元。其中，收到上年结转资金100000.00元，当年取得收入3500000.00元，当年发生支出3450000.00元。\n"
	none(t, auditText(t, received), "T01")
	expect(t, auditText(t, strings.Replace(received, "当年取得收入3500000.00元", "当年取得收入3400000.00元", 1)), "T01", errS, 1, "100000.00 + 3400000.00 + 3450000.00")

	// A figure right after ? (a lost encoding) is not read.
	garbled := "一般公共预算支出为52000万元，增长6%。\n（一）一般公共服务支С?8639万元，较上年减支5273万元，下降9.8%。其中：\n1.人大事务1087万元；\n2.政府办公厅事务47552万元。\n"
	none(t, auditText(t, garbled), "T03")
	none(t, auditText(t, garbled), "T01")
	readable := strings.Replace(garbled, "?8639", "48639", 1)
	none(t, auditText(t, readable), "T03")
	expect(t, auditText(t, strings.Replace(readable, "下降9.8%", "下降19.8%", 1)), "T03", errS, 2, "5273")

	// Counts of several kinds broken down together after 其中.
	kinds := "2024年对5个部门、5个乡镇开展整体绩效评价，15个项目开展重点评价，其中：良好部门5个；优秀乡镇3个，良好乡镇2个；良好项目14个，中等项目1个。\n"
	none(t, auditText(t, kinds), "T01")

	// 本级 and the whole region share some items, not the list.
	levels := "全区收入总量300亿元。其中，地方收入120亿元，中央补助150亿元，债务收入30亿元。\n区本级收入总量220亿元。其中，地方收入40亿元，中央补助150亿元，债务收入30亿元。\n"
	none(t, auditText(t, levels), "T07")

	// 人均 is not the base named.
	none(t, auditText(t, "全年实现地区生产总值400亿元。人均地区生产总值56000元。\n财政总收入52亿元，财政总收入占生产总值的比重为13%。\n"), "T03")
	expect(t, auditText(t, "全年实现地区生产总值400亿元。人均地区生产总值56000元。\n财政总收入52亿元，财政总收入占生产总值的比重为15%。\n"), "T03", errS, 2, "13.00%")

	// A communique's main spending classes are highlights of the year's total.
	none(t, auditText(t, "全年一般公共预算支出59.59亿元，比上年增长12.16%。其中，教育支出12.67亿元；卫生健康支出3.34亿元；社会保障和就业支出11.54亿元；一般公共服务支出8.04亿元。\n"), "T01")
}

// A total named with 总 followed at once by its parts joined by 、 (T01).
func TestTotalThenList(t *testing.T) {
	ok := "截至年底，全县农村公路总里程3520公里，县道610公里、乡道1180公里、村道1730公里；通畅率达100%。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "总里程3520", "总里程3250", 1)), "T01", errS, 1, "610 + 1180 + 1730 = 3520")
	// Items with other figures or words after them are not such a list.
	none(t, auditText(t, "全县农村公路总里程3520公里，县道610公里已硬化、乡道1180公里。\n"), "T01")
}

// A gap in percentage points written with the word first and the other
// rate in brackets, after another gap of the same rate (T03).
func TestPointGapWordFirst(t *testing.T) {
	ok := "1-6月，县级财政自给率为24.6%，虽然高于上年1.8个百分点，但低于全市同期财政自给率（50.1%）25.5个百分点。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "25.5个百分点", "27.5个百分点", 1)), "T03", errS, 1, "24.6%与50.1%相差25.5个百分点", "低于27.5")
	// Without brackets the word-first form is not read (the other rate
	// could be the subject's).
	none(t, auditText(t, "县级财政自给率为24.6%，低于全市同期财政自给率50.1%的水平27.5个百分点。\n"), "T03")
}

// Tables copied from a web page with a header of two lines: the upper
// cells, one of them 其中 spanning the lower ones (T01).
func TestTwoLevelHeaders(t *testing.T) {
	parts := "各类学校生均经费情况 | ||||\n单位：元 | ||||\n总经费 | 其中： | |||\n人员经费 | 公用经费 | 其他经费 | ||\n" +
		"小学 | 8,500.00 | 6,200.00 | 1,800.00 | 500.00 |\n初中 | 10,300.50 | 7,400.25 | 2,400.25 | 500.00 |\n高中 | 12,000.00 | 8,000.00 | 3,000.00 | 1,000.00 |\n"
	none(t, auditText(t, parts), "T01")
	expect(t, auditText(t, strings.Replace(parts, "2,400.25", "2,900.25", 1)), "T01", errS, 6, "“初中”一行", "“总经费”为10300.50", "其中各栏之和为10800.50")
	// A sum under the total, when the other rows add up exactly.
	expect(t, auditText(t, strings.Replace(parts, "10,300.50", "11,300.50", 1)), "T01", errS, 6, "其中各栏之和为10300.50")
	// A 其中 of one row that adds up to less may list only some parts.
	none(t, auditText(t, "总经费 | 其中： | |\n人员经费 | 公用经费 | |\n小学 | 100 | 40 | 30 |\n"), "T01")

	// Each 其中 cell over a 小计 and its parts.
	grant := "单 位 | 全年补助资金 | 其中:甲补助 | 其中:乙补助 | ||||\n小计 | 提前下达 | 本次下达 | 小计 | 提前下达 | 本次下达 | ||\n" +
		"某中学 | 1,000 | 700 | 500 | 200 | 300 | 100 | 200 |\n"
	none(t, auditText(t, grant), "T01")
	expect(t, auditText(t, strings.Replace(grant, "| 500 |", "| 550 |", 1)), "T01", errS, 3, "第2列“甲补助小计”为700", "甲补助提前下达、甲补助本次下达之和为750")
	expect(t, auditText(t, strings.Replace(grant, "| 1,000 |", "| 900 |", 1)), "T01", errS, 3, "“全年补助资金”为900", "甲补助小计 700 + 乙补助小计 300")

	// Without 其中 the columns are known by their place; the 合计 row is
	// checked against the rows under it.
	roads := "区 | 合计 | 自然村 | 产业路 |\n实际安排 | 计划安排 | 奖励数 |\n合计 | 300 | 200 | 190 | 12 | 100 |\n甲区 | 120 | 80 | 75 | 6 | 40 |\n乙区 | 180 | 120 | 115 | 6 | 60 |\n"
	ended := roads + "以上资金请及时拨付。\n"
	none(t, auditText(t, ended), "T01")
	expect(t, auditText(t, strings.Replace(ended, "| 75 |", "| 85 |", 1)), "T01", errS, 3, "第3列合计为190，下列2行之和为200")
	// Run to the end of the text, the table may be cut: only a sum over
	// the total is a contradiction.
	none(t, auditText(t, strings.Replace(roads, "| 115 |", "| 105 |", 1)), "T01")
	expect(t, auditText(t, strings.Replace(roads, "| 115 |", "| 135 |", 1)), "T01", errS, 3, "第3列合计为190，下列2行之和已有210")

	// A row named “…合计” is left alone: such tables are often averages.
	none(t, auditText(t, "总收入 | 其中： |\n医疗收入 | 其他收入 |\n综合医院合计 | 300 | 200 | 100 |\n部属 | 900 | 600 | 300 |\n省属 | 500 | 300 | 200 |\n"), "T01")
}

// The share of the budget written out (完成预算的, 完成调整预算的) is an
// execution rate of the budget its sentence names (T08).
func TestShareOfBudgetNamed(t *testing.T) {
	ok := "2021年度“三公”经费支出预算为49.9万元，支出决算为7.69万元，完成预算的15.41%，主要原因是外出活动减少。\n"
	none(t, auditText(t, ok), "T08")
	expect(t, auditText(t, strings.Replace(ok, "15.41%", "17.41%", 1)), "T08", errS, 1, "7.69万元 / 预算数49.9万元 = 15.41%")
	adjusted := "2021年一般公共预算收入为355000万元，后经批准调整为368000万元，实际收入377841万元，比上年增长17.93%，完成调整预算的102.67%。\n"
	none(t, auditText(t, adjusted), "T08")
	expect(t, auditText(t, strings.Replace(adjusted, "102.67%", "106.43%", 1)), "T08", errS, 1, "预算数368000万元")
	// The budget of another sentence is not the one named.
	none(t, auditText(t, "全年预算安排520.88亿元。财政支出2063.44亿元，完成调整预算的96.92%。\n"), "T08")
}

// A structure written as a ratio of shares adds up to 100 (T03).
func TestStructureRatios(t *testing.T) {
	ok := "全县地区生产总值98.38亿元。三次产业结构比为21.9∶38.7∶39.4。\n三次产业比例为1.9 :46.9 :51.2。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "38.7∶", "42.7∶", 1)), "T03", errS, 1, "各项之和为104.0")
	expect(t, auditText(t, strings.Replace(ok, ":46.9", ":44.9", 1)), "T03", errS, 2, "各项之和为98.0")
	// Shares rounded each on its own may add up to 100.1.
	none(t, auditText(t, "产业结构比为21.9:38.7:39.5。\n"), "T03")
	// Not a split in per cent, not a structure, or a time of day.
	none(t, auditText(t, "城乡居民收入比例为1.5:2.5:3.5。\n发布时间2023-04-05 8:16:33。\n接待人次为30.5:40.2:35.1。\n"), "T03")
}

// Shapes met in heldout16's first run.
func TestHeldOut16Lessons(t *testing.T) {
	// A part broken down after 主要是 in its own group; the next group is
	// the next part.
	income := "2025年收入合计8305.33万元，其中：本年收入6128.16万元，主要是一般公共预算拨款5478.16万元，事业收入0.00万元，财政专户管理资金收入650.00万元；上年结转收入2177.17万元。\n"
	none(t, auditText(t, income), "T01")
	expect(t, auditText(t, strings.Replace(income, "上年结转收入2177.17", "上年结转收入2377.17", 1)), "T01", errS, 1, "6128.16 + 2377.17 = 8505.33")

	// A part unchanged on last year does not end the list; three parts or
	// more adding up to over twice a total are not its parts.
	staff := "全院实有职工50人，比上年同期减少4人，其中在编31人，与上年同期无变化，临聘19人，比上年同期减少4人；离退休人员23人，比上年同期减少1人；其中大学本科22人，专科21人，中专及高中以下7人，中级职称16人。\n"
	none(t, auditText(t, staff), "T01")
	expect(t, auditText(t, strings.Replace(staff, "临聘19人", "临聘21人", 1)), "T01", errS, 1, "31 + 21 = 52")

	// Retired staff last, the others short of the head count and the
	// retired past it: whether they are counted is not said.
	none(t, auditText(t, "实有人数254人，其中：参公事业编制人数52人，核拨事业编制165人，核补事业编制26人，离退休人员45人。\n"), "T01")
	// Beside those at work they are the rest of it.
	expect(t, auditText(t, "实有人数11人，其中：在职人员10人，离休人员0人，退休人员3人。\n"), "T01", errS, 1, "10 + 0 + 3 = 13")

	// Income and spending under a total of both are each the whole.
	none(t, auditText(t, "2016年收支总预算8,795.61万元，其中：本年收入8,795.61万元，占收入预算100%；本年支出8,795.61万元。\n"), "T01")

	// Last year's amount written before the change is its base.
	growth := "本年支出合计43,665,710.31万元，比2023年的41,814,652.58万元，增加1,851,057.73万元，增长4.4%。\n"
	none(t, auditText(t, growth), "T03")
	expect(t, auditText(t, strings.Replace(growth, "增长4.4%", "增长5.4%", 1)), "T03", errS, 1, "1,851,057.73万元 ÷ 上年41,814,652.58万元 = 4.43%")

	// What is counted is listed after the last 的.
	parts := "负责巡查、采集、立案、派遣、考核城区范围内的公用设施、道路交通、市容环境、园林绿化、其他设施五大类部件的问题。\n"
	none(t, auditText(t, parts), "T02")
	expect(t, auditText(t, strings.Replace(parts, "五大类", "六大类", 1)), "T02", errS, 1, "列举了5个，所称为六大类")
	// The last item of a list before a count is not a list.
	none(t, auditText(t, "预算单位包括：本级，以及下属3个基层单位（服务中心、就业管理所、辅具服务中心。\n"), "T02")
	// A list after 以及 is one.
	expect(t, auditText(t, "其中，教育、卫生健康、住房保障3类直接相关，以及科学技术、节能环保、城乡社区、农林水5类密切相关。\n"), "T02", errS, 1, "列举了4个，所称为5类")
}

// A change explained by its parts' changes after 主要是 (T01, a warning:
// 主要 may name the main parts only).
func TestChangeReasons(t *testing.T) {
	ok := "收入较2024年增加124.29万元，主要是一般公共预算拨款减少0.98万元，事业收入增加125.27万元（本年暂列入事业收入）。\n支出预算较2023年减少5521.28万元，主要是基本支出预算减少607.6万元，项目支出预算减少4913.69万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "125.27", "135.27", 1)), "T01", warnS, 1, "增加124.29万元，其后“主要”所列各项的变动之和为134.29万元", "− 一般公共预算拨款0.98万元 + 事业收入135.27万元")
	expect(t, auditText(t, strings.Replace(ok, "减少4913.69", "减少4413.69", 1)), "T01", warnS, 2, "变动之和为-5021.29万元")
	// A clause that is not a part's change leaves the sentence unread.
	none(t, auditText(t, "收入较上年增加100万元，主要是拨款增加60万元，人员增加。\n"), "T01")
}

// Shapes met in heldout17's first run.
func TestHeldOut17Lessons(t *testing.T) {
	// Two readers of one shape report it once.
	expect(t, auditText(t, "2019年，我局政府采购支出总额121万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、政府采购服务支出100万元。\n"), "T01", errS, 1, "0 + 0 + 100 = 100")

	// A row whose empty cell was not copied is shifted: left out, and the
	// columns are not added down.
	table := "项目 | 预算数 | 项目 | 合计 | 一般公共预算 | 政府性基金预算 |\n一、本年收入 | 15,675.94 | 一、本年支出 | 15,866.19 | 15,591.61 | 274.58 |\n" +
		"一般公共预算资金 | 15,417.94 | 一般公共服务支出 | 4.94 | 4.94 | |\n国有资本经营预算资金 | 卫生健康支出 | 39.94 | 39.94 | |\n"
	none(t, auditText(t, table), "T01")
	expect(t, auditText(t, strings.Replace(table, "| 15,591.61 |", "| 15,391.61 |", 1)), "T01", errS, 2, "第2列“合计”为15866.19")

	// A share of a part's own budget is not a share of the total.
	revenue := "全区完成财政收入29612万元，占年初预算的27.7%。其中，国税完成11765万元，占年初预算的25%；地税完成14796万元，占年初预算的30.1%；财政完成3051万元，占年初预算的28.8%。\n"
	none(t, auditText(t, revenue), "T03")
	expect(t, auditText(t, strings.Replace(revenue, "财政完成3051", "财政完成3551", 1)), "T01", errS, 1, "11765 + 14796 + 3551 = 30112")

	// Foreign currency is not a count: the share after it is not of the
	// count before it.
	none(t, auditText(t, "全省56个城区实际利用外资实现34.8亿美元，同比增长29.6%，占全省的63.5%。\n"), "T03")
}

// A column of rates that two other columns explain in all rows but one
// (T03; T08 for a share of the budget).
func TestRateColumns(t *testing.T) {
	table := "2020年收入执行情况表\n项 目 | 2019年决算数 | 2020年预算调整数 | 2020年执行数 | ||\n金额 | 占调整预算% | 比上年增长% | |||\n" +
		"税收收入 | 500 | 530 | 530 | 100 | 6.00 |\n增值税 | 300 | 320 | 310 | 96.88 | 3.33 |\n资源税 | |||||\n企业所得税 | 100 | 90 | 95 | 105.56 | -5.00 |\n" +
		"个人所得税 | 50 | 60 | 65 | 108.33 | 30.00 |\n印花税 | 50 | 60 | 60 | 100 | 20.00 |\n"
	none(t, auditText(t, table), "T03")
	none(t, auditText(t, table), "T08")
	expect(t, auditText(t, strings.Replace(table, "| 3.33 |", "| 5.33 |", 1)), "T03", errS, 5, "第5栏5.33%，按第3栏与第1栏算得3.33%", "（310 − 300）÷ 300")
	expect(t, auditText(t, strings.Replace(table, "| -5.00 |", "| -3.00 |", 1)), "T03", errS, 7, "算得-5.00%")
	expect(t, auditText(t, strings.Replace(table, "| 96.88 |", "| 99.88 |", 1)), "T08", errS, 5, "按第3栏与第2栏算得96.88%")
	// The figures shown exact by the other rows are held to it: 95 over
	// 100 is -5.00%, not anything their rounding would allow.
	expect(t, auditText(t, strings.Replace(table, "| -5.00 |", "| -5.40 |", 1)), "T03", errS, 7, "算得-5.00%")
	// Rates no pair of columns explains are left alone.
	none(t, auditText(t, strings.NewReplacer("| 6.00 |", "| 7.10 |", "| 3.33 |", "| 1.20 |", "| -5.00 |", "| 4.40 |", "| 30.00 |", "| 12.00 |").Replace(table)), "T03")
}

// Execution at 100% in every row is a rule too (T08).
func TestRateColumnsWhole(t *testing.T) {
	table := "项目 | 调整预算 | 执行数 | 占调整预算% |\nA | 100 | 100 | 100 |\nB | 200 | 200 | 100 |\nC | 50 | 50 | 100 |\nD | 80 | 80 | 100 |\n"
	none(t, auditText(t, table), "T08")
	expect(t, auditText(t, strings.Replace(table, "B | 200 | 200", "B | 220 | 200", 1)), "T08", errS, 3, "第3栏100%，按第2栏与第1栏算得90.91%", "200 ÷ 220")
}

// A column the sum of a run of columns beside it in all rows but one
// (T01), rows labelled with a classification code and empty cells at the
// end not copied.
func TestSumColumns(t *testing.T) {
	table := "科目编码 | 科目名称 | 总计 | 基本支出 | 项目支出 |\n合计 | 1,000.00 | 600.00 | 400.00 | |\n201 | 一般公共服务支出 | 100.00 | 100.00 | |\n" +
		"208 | 社会保障和就业支出 | 700.00 | 400.00 | 300.00 |\n20802 | 民政管理事务 | 300.00 | 200.00 | 100.00 |\n"
	none(t, auditText(t, table), "T01")
	expect(t, auditText(t, strings.Replace(table, "| 400.00 | 300.00 |", "| 400.00 | 330.00 |", 1)), "T01", errS, 4, "“208 社会保障和就业支出”一行：第1栏为700.00，第2–3栏之和为730.00")
	// A column equal to one beside it (a copy) is no sum.
	none(t, auditText(t, "项目 | 甲 | 乙 | 丙 |\nA | 5 | 5 | 0 |\nB | 7 | 7 | |\nC | 9 | 8 | |\n"), "T01")
}

// Shapes met in heldout18's first run.
func TestHeldOut18Lessons(t *testing.T) {
	// Two amounts received before the execution: which is the budget is
	// not said.
	none(t, auditText(t, "拨入法律援助专项经费20.00万元；上级补助48.41万元。支出68.41万元，年末结转结余0.00万元，执行率100%。\n"), "T08")
	// A budget and its breakdown after 其中 in the sentence before.
	expect(t, auditText(t, "全年预算资金6.46万元，其中：中央配套4.68万元，省级配套1.76万元，市级配套0.02万元。执行预算资金5.46万元，执行率100%。\n"), "T08", errS, 1, "执行数5.46万元 / 预算数6.46万元")
	// A figure per something is a rate, not a count.
	none(t, auditText(t, "全市共完成抽检16641批次。其中，完成普通食品抽检10673批次，完成食用农产品抽检5968批次，抽检量达到5.36批次/千人。\n"), "T01")
	// A rate under 100% of two figures is the smaller over the larger.
	rate := "全年完成食品安全监督抽检6997389批次，发现不合格样品190872批次，监督抽检不合格率为2.73%。\n"
	none(t, auditText(t, rate), "T03")
	expect(t, auditText(t, strings.Replace(rate, "2.73%", "3.73%", 1)), "T03", errS, 1, "190872批 / 6997389批 = 2.73%")
	// Parts that make another amount of the total's kind stated before it.
	revenue := "全县一般公共预算收入8,552万元，考虑留抵退税调库1514万元的因素，同口径完成地方财政收入10,066万元，其中：税收收入完成5,537万元，非税收入完成3,015万元，非税占比35.3%。\n"
	none(t, auditText(t, revenue), "T01")
	none(t, auditText(t, revenue), "T03")
	// A government's totals differ by its balance.
	none(t, auditText(t, "全县收入总计339,894万元。全县支出总计328,658万元。收支相抵年终结余11,236万元。\n"), "T07")
	// A share's base of another year is not its base.
	none(t, auditText(t, "2018年末，全市常住人口1559.60万人，较上年末增加2.73万人。2017年末，全市常住人口中15-64岁人口1240.55万人，占比79.68%。\n"), "T03")
	// Value added by industry and the region's product are rounded apart.
	// (A sum that rounds to the total, 3702.76 for 3702.8, is the total
	// rounded where it is written: nothing to say.)
	gdp := "全年全省地区生产总值3702.8亿元，比上年增长7.8%。其中，第一产业增加值855.82亿元；第二产业增加值875.13亿元；第三产业增加值1971.81亿元。\n"
	none(t, auditText(t, gdp), "T01")
	gdp = strings.Replace(gdp, "1971.81", "1971.76", 1)
	expect(t, auditText(t, gdp), "T01", infoS, 1, "分别核算、各自四舍五入")
	expect(t, auditText(t, strings.Replace(gdp, "875.13", "875.53", 1)), "T01", errS, 1, "3703.11")
	// A year's main spending classes in a communique are highlights.
	none(t, auditText(t, "全年地方一般公共预算支出1241.49亿元，比上年增长10.6%。其中，教育支出206.39亿元，增长10.3%；社会保障和就业支出175.63亿元，增长22.3%；农林水支出162.87亿元，增长2.2%；交通运输支出100.43亿元，增长16.2%。\n"), "T01")
}

// Two of heldout18's missed real inconsistencies, read in general.
func TestHeldOut18Misses(t *testing.T) {
	// Bodies listed: a 和 in the last name whose first words name no body
	// does not split it.
	units := "所属事业单位6个，分别为：城市管理综合服务中心、社会保障综合服务中心（加挂“退役军人服务站”牌子）、文化综合服务中心、为民服务中心、综合执法队、生态环境和农业农村综合服务中心。\n"
	none(t, auditText(t, units), "T02")
	expect(t, auditText(t, strings.Replace(units, "6个", "7个", 1)), "T02", errS, 1, "列举了6个，所称为7个")
	// A part as large as the total named as the parts before it is a part.
	expect(t, auditText(t, "编制人数小计39人，其中：行政编制人数0人，参照公务员法管理的事业编制人数39人，事业编制人数39人。\n"), "T01", errS, 1, "0 + 39 + 39 = 78")
	none(t, auditText(t, "编制人数小计39人，其中：行政编制人数0人，参照公务员法管理的事业编制人数39人，事业编制人数0人。\n"), "T01")
}

// A total named 金额, and a share in a breakdown whose named base is
// another quantity (T01, T03).
func TestAmountTotals(t *testing.T) {
	buy := "采购计划金额2722.77万元，其中货物类1974.87万元；工程类3.07万元；服务类744.8万元。\n"
	expect(t, auditText(t, buy), "T01", errS, 1, "1974.87 + 3.07 + 744.8 = 2722.74")
	none(t, auditText(t, strings.Replace(buy, "2722.77", "2722.74", 1)), "T01")
	none(t, auditText(t, "授予中小企业合同金额21万元，占政府采购支出总额的17.36%，其中：授予小微企业合同金额21万元，占政府采购支出总额的17.36%。\n"), "T03")
}

// Shapes met in heldout19's first run.
func TestHeldOut19Lessons(t *testing.T) {
	// A breakdown of which a fuller one is stated elsewhere names some
	// parts only; changed in one place, it no longer matches the other.
	budget := "（二）2017年初预算支出275.7248万元，其中：一般公共服务支出177.2577万元，社会保障和就业支出23.7080万元，医疗卫生支出12.8904万元，住房保障支出12.8687万元，政协会议支出49万元。\n" +
		"四、2017年一般公共预算拨款支出226.7248万元，其中：一般公共服务支出177.2577万元，社会保障和就业支出23.7080万元。\n"
	none(t, auditText(t, budget), "T01")
	expect(t, auditText(t, strings.Replace(budget, "支出275.7248万元", "支出285.7248万元", 1)), "T01", errS, 1, "275.7248")
	// The same breakdown stated again with its total is no fuller one.
	twice := "收入总计434.72万元，其中：财政拨款收入400.00万元，事业收入34.72万元。\n收入总计443.72万元，其中：财政拨款收入400.00万元，事业收入34.72万元。\n"
	expect(t, auditText(t, twice), "T01", errS, 2, "434.72")
	// A count after 和 counts the last item only.
	none(t, auditText(t, "市政协内设办公室、委员工作委员会和6个专门委员会。\n"), "T02")
}

// A change told from one figure to the other, then its rate (T03).
func TestFromTo(t *testing.T) {
	ok := "普通高等学校由上年的17916.00元增加到21360.17元，增长19.22%。\n全县贫困人口从1200人下降到900人，下降25%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长19.22%", "增长21.22%", 1)), "T03", errS, 1, "按所述数字增长19.22%，与所述21.22%不符", "（21360.17 − 17916.00）÷ 17916.00")
	expect(t, auditText(t, strings.Replace(ok, "下降25%", "下降20%", 1)), "T03", errS, 2, "下降25.00%")
	// Words that disagree with the figures are not read here.
	none(t, auditText(t, "由上年的300元增加到200元，增长10%。\n"), "T03")
}

// The amounts a 含 clause lists are in the subject of the change after
// them, not it (T03).
func TestChangeAfterIncluded(t *testing.T) {
	ok := "机管局2013年收支总预算4,471.22万元,含管理处经费250万元,幼儿园经费537.31万元;比2012年预算增加755.18万元,增长20.32%。\n"
	none(t, auditText(t, ok), "T03")
	expect(t, auditText(t, strings.Replace(ok, "增长20.32%", "增长22.32%", 1)), "T03", errS, 1, "本年4,471.22万元 − 755.18万元")
}

// A unit's budget total, then each side's list after 收入包括/支出包括 (T01).
func TestIncomeSpendSides(t *testing.T) {
	ok := "本单位2021年财政拨款收支预算3354.33万元。收入包括：一般公共预算当年拨款收入3225万元，上年结转    129.33万元；支出包括：卫生健康支出（类）3354.33万元。\n"
	none(t, auditText(t, ok), "T01")
	expect(t, auditText(t, strings.Replace(ok, "收入3225万元", "收入3525万元", 1)), "T01", errS, 1, "收入所列各项之和为3654.33万元", "3525 + 129.33")
	expect(t, auditText(t, strings.Replace(ok, "（类）3354.33万元", "（类）3554.33万元", 1)), "T01", errS, 1, "支出所列各项之和为3554.33万元")
	// A list of names alone says nothing.
	none(t, auditText(t, "收支总预算11654.33万元，收入包括：一般公共预算拨款收入、事业收入、其他收入。\n"), "T01")
}

// A list a page's width broke over lines, in a short excerpt that is not
// read as a page (too few wrapped lines), is counted over the lines it
// runs across: after its count ("分别为办公室、法制宣" / "传科、…") and before
// it ("共设办公室、…、政" / "策研究室、…" / "外事联络处）12个内设机构").
func TestListCutByLineBreaks(t *testing.T) {
	after := "（一）机构设置\n" +
		"本局负责落实本市文化和旅游工作的方针政策与部署。本局内设十个科室，分别为办公室、法制宣\n" +
		"传科、行政审批科、公共服务科、文物管理科、产业发展科、行业管理科、安全与应急科、\n" +
		"财务审计科、组织人事科。\n" +
		"（二）人员构成情况\n"
	for _, text := range []string{after, strings.Replace(after, "法制宣\n传科、", "法制宣传科、\n", 1)} {
		if d, _ := audit.Read("自评.txt", []byte(text)); d.Paragraphs[2] == "" {
			t.Fatalf("the excerpt was read as a page: %q", d.Paragraphs)
		}
		none(t, auditText(t, text), "T02")
		expect(t, auditText(t, strings.Replace(text, "十个科室", "十一个科室", 1)), "T02", errS, 2, "列举了10个")
	}
	before := "（一）机构设置\n" +
		"某市文物局核定行政编制80人，共设办公室（审批服务处）、法规处（科研处）、政\n" +
		"策研究室、世界遗产处、保护处（红色文物处）、遗产监管处、考古发掘处、博物馆管\n" +
		"理处、市场管理处（产业发展处）、安全保卫处、规划财务处、组织宣传处（人事处、\n" +
		"外事联络处）12个内设机构。另设机关党委、机关纪委、工会。\n"
	none(t, auditText(t, before), "T02")
	expect(t, auditText(t, strings.Replace(before, "12个内设机构", "13个内设机构", 1)), "T02", errS, 5, "列举了12个")
	// Not cut: a short line, a line ending a sentence, or a next line of
	// other words leaves the list as it is.
	short := "内设3个科室：办公室、财务科\n人事科、后勤科负责日常工作。\n"
	expect(t, auditText(t, short), "T02", errS, 1, "列举了2个")
	label := strings.Replace(after, "\n传科、行政审批科、", "\n传科。主要职能：审批、", 1)
	expect(t, auditText(t, label), "T02", errS, 2, "列举了2个")
	// The start of a list not found in four lines: not counted.
	// (Lines of two widths, too few of each to read the excerpt as a page.)
	long := "本单位内设机构有：\n" + strings.Repeat(strings.Repeat("综合科室、", 8)+"\n"+strings.Repeat("业务科室、", 11)+"\n", 3) + "后勤科室共60个科室。\n"
	if d, _ := audit.Read("自评.txt", []byte(long)); d.Paragraphs[2] == "" {
		t.Fatalf("the excerpt was read as a page: %q", d.Paragraphs)
	}
	none(t, auditText(t, long), "T02")
	// Four lines back the list's start is found: 8 + 11 + 8 + 11 + 1.
	expect(t, auditText(t, strings.Replace(long, "本单位内设机构有：\n"+strings.Repeat("综合科室、", 8)+"\n"+strings.Repeat("业务科室、", 11)+"\n", "本单位内设机构有：", 1)), "T02", errS, 5, "列举了39个")
}

// An execution rate of a named source's spending takes its budget from the
// amount that source is given above.
func TestSourceBudget(t *testing.T) {
	text := "一、资金情况\n" +
		"年初下达补助资金合计1067.2万元。其中，中央资金776.84万元；省级资金290.36万元。\n" +
		"实际完成情况：截至年底，本市中央资金完成636.75万元，预算执行率81.97%，其他资金（上年结转）完成44.85万元，预算执行率99.91%。\n"
	none(t, auditText(t, text), "T08")
	expect(t, auditText(t, strings.Replace(text, "81.97%", "83.97%", 1)), "T08", errS, 3, "636.75万元 / 预算数776.84万元")
	// The source named twice above with different amounts: not read.
	twice := strings.Replace(text, "一、资金情况\n", "一、资金情况\n上年中央资金700万元。\n", 1)
	none(t, auditText(t, strings.Replace(twice, "81.97%", "83.97%", 1)), "T08")
	// A source spent but not budgeted above (其他资金): not read.
	none(t, auditText(t, strings.Replace(text, "99.91%", "89.91%", 1)), "T08")
}

// A change written with 增收/减收/增支/减支 after last year's figure, and
// this year's figure before a share of a named base.
func TestChangeVerbsOfRevenueAndSpending(t *testing.T) {
	text := "一般公共服务支出12,037万元，比上年同期17,531万元减支5,494万元，下降31.3%；公共安全支出5,379万元，比上年同期4,917万元增支462万元，增长9.4%。\n" +
		"一般公共预算收入37,730万元，为全县全年预算46,908万元的80.43%，比上年同期35,285万元增收2,445万元，增长6.9%。\n"
	none(t, auditText(t, text), "T01")
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "减支5,494万元", "减支5,594万元", 1)), "T01", errS, 1, "12,037万元 − 17,531万元 = -5494万元")
	expect(t, auditText(t, strings.Replace(text, "增长9.4%", "增长14.4%", 1)), "T03", errS, 1)
	expect(t, auditText(t, strings.Replace(text, "增收2,445万元", "增收2,745万元", 1)), "T01", errS, 2, "37,730万元 − 35,285万元")
	// The change in 元 where the two years are in 万元: the difference is
	// shown in 万元, and a slip of the unit named.
	slip := "其他支出259万元，比上年同期139万元增支120元，增长86.3%。\n"
	expect(t, auditText(t, slip), "T01", errS, 1, "259万元 − 139万元 = 120万元", "可能是变动额的单位写错")
}

// Shapes met in heldout20's first run.
func TestHeldOut20Lessons(t *testing.T) {
	// A change after 其中 with no amount of its own is a part's, not the
	// total's; a change on the budget before the change on last year.
	parts := "本年度“三公”经费支出决算总额为6.20万元，比预算增加0万元，比去年增加1.70万元，增长37.8%。" +
		"其中，公务用车运行维护费支出决算与预算相比无增减，比去年增加1.20万元，增长40.0%；公务接待费比去年增加0.5万元，增长50%。\n"
	none(t, auditText(t, parts), "T03")
	expect(t, auditText(t, strings.Replace(parts, "增长37.8%", "增长47.8%", 1)), "T03", errS, 1, "1.70万元 ÷ （本年6.20万元 − 1.70万元）")
	// Two things joined by 以及 are no list of eight.
	joined := "主要是受防控措施影响以及我镇认真落实中央八项规定，严控经费支出。\n"
	none(t, auditText(t, joined), "T02")
	two := "经费由基本支出以及项目支出两个部分构成。\n"
	none(t, auditText(t, two), "T02")
	expect(t, auditText(t, strings.Replace(two, "两个部分", "三个部分", 1)), "T02", errS, 1, "列举了2个")
	// A bracket after a count that opens with 含 remarks on it.
	none(t, auditText(t, "机关行政编制39名（含领导使用编制、国安办编制），事业编制5名。\n"), "T02")
	expect(t, auditText(t, "下辖水库13宗（东坪、湖背、石门），均已完成除险加固。\n"), "T02", errS, 1, "列举了3个")
}

// Shapes met in heldout21's first run.
func TestHeldOut21Lessons(t *testing.T) {
	// A list the excerpt cut at the text's end is not counted; the same
	// list closed is.
	cut := "（一）机构设置\n派出机构4个，分别为城关市场监督管理所、东坪市场监督管理所、八里市场监"
	none(t, auditText(t, cut), "T02")
	expect(t, auditText(t, cut+"督管理所。\n"), "T02", errS, 2, "列举了3个")
	// Two kinds counted before one list: 一室四处 is five.
	kinds := "内设一室四处，分别为办公室、调研处、组织处、宣传处、社会服务处。\n"
	none(t, auditText(t, kinds), "T02")
	expect(t, auditText(t, strings.Replace(kinds, "一室四处", "一室五处", 1)), "T02", errS, 1, "列举了5个", "一室五处")
	// A saving's rate is of the budget, not of the amount spent.
	saving := "上半年全市完成政府采购预算19.40亿元，实际采购金额16.47亿元，节约资金2.93亿元，资金节约率达到15.1%。\n"
	none(t, auditText(t, saving), "T03")
	expect(t, auditText(t, strings.Replace(saving, "15.1%", "17.1%", 1)), "T03", errS, 1, "资金节约率为15.10%", "2.93亿元 ÷ 19.40亿元")
	// Nor is it what was bought over the budget.
	bought := "全县采购预算金额为42875.34万元,实际采购金额为42642.41万元,节约金额232.93万元,资金节约率为0.54%。\n"
	none(t, auditText(t, bought), "T03")
	expect(t, auditText(t, strings.Replace(bought, "0.54%", "0.64%", 1)), "T03", errS, 1, "232.93万元 ÷ 42875.34万元")
}

// A change of a subject named twice above with different amounts (a
// budget and a final) is not read; an amount that is the sum of others so
// named above is their total, not a restatement.
func TestNamedTwiceAndSummedAllocations(t *testing.T) {
	two := "2022年度“三公”经费预算总计21.8万元，其中：公务接待11.8万元，公务用车运行费用10万元。\n" +
		"2021年度“三公”经费合计支出20.12万元，其中：公务接待12.39万元，公务用车运行费用7.73万元。\n" +
		"2022年度“三公”经费预算较2021年度增加1.68万元。公务用车运行费用较上年同期增加2.27万元，增长39.37%。\n"
	none(t, auditText(t, two), "T03")
	one := strings.Replace(two, "2021年度“三公”经费合计支出20.12万元，其中：公务接待12.39万元，公务用车运行费用7.73万元。\n", "", 1)
	expect(t, auditText(t, one), "T03", errS, 2, "2.27万元")
	allot := "一、资金情况\n" +
		"某财社〔2023〕19号下达残疾人福利30万元，儿童福利16万元。\n" +
		"某财社〔2023〕808号下达残疾人福利2万元。\n" +
		"全年共下达资金48万元，具体是儿童福利类16万元，残疾人福利类32万元。\n"
	none(t, auditText(t, allot), "T07")
}

// A comparison opened with "2023年度相比" (与 left out), and a breakdown
// after a sentence ending in the change and its reason: the total is the
// amount the change is of.
func TestComparisonOpeners(t *testing.T) {
	text := "2.收入情况。2024年度收入合计7548.19万元，2023年度相比，减少719.66万元，下降8.7%主要原因是防控经费减少。其中：财政拨款收入7548.19万元，占100.0%；事业收入0万元，占0.0%；其他收入0万元，占0.0%。\n"
	none(t, auditText(t, text), "T01")
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "下降8.7%", "下降7.7%", 1)), "T03", errS, 1, "719.66万元 ÷ （本年7548.19万元 + 719.66万元）")
	expect(t, auditText(t, strings.Replace(text, "财政拨款收入7548.19万元", "财政拨款收入6548.19万元", 1)), "T01", errS, 1, "所述合计7548.19万元")
	with := strings.Replace(text, "，2023年度相比，", "，与2023年度相比，", 1)
	expect(t, auditText(t, strings.Replace(with, "财政拨款收入7548.19万元", "财政拨款收入6548.19万元", 1)), "T01", errS, 1, "所述合计7548.19万元")
}

// Shapes of heldout21's mutation misses: a rate right after last year's
// figure, a change written 增/减 after 比上年的…, and a saving after the
// budget it is compared with.
func TestRateAfterLastYearAndComparedBudget(t *testing.T) {
	rate := "2022年，一般公共预算收入预算数为15.39亿元，实际完成15.39亿元，比上年决算数14.94亿元增长3.0%，加上上级补助收入13.36亿元，收入合计28.75亿元；实际支出24.98亿元，比上年决算数25.10亿元下降0.5%。\n"
	none(t, auditText(t, rate), "T03")
	expect(t, auditText(t, strings.Replace(rate, "增长3.0%", "增长5.0%", 1)), "T03", errS, 1, "按所述数字增长3.01%，与所述增长5.0%不符")
	expect(t, auditText(t, strings.Replace(rate, "下降0.5%", "下降2.5%", 1)), "T03", errS, 1, "按所述数字下降0.48%，与所述下降2.5%不符")
	// Dated figures are read once, as two years'.
	dated := "培训费2023年预算2万元，较2022年预算1.50万元增长75%。\n"
	if fs := auditText(t, dated); len(fs) != 1 {
		t.Errorf("want one finding of the two years' figures, got %d: %v", len(fs), fs)
	}
	bare := "2023年，全市教育经费为141,039.34万元（含教育事业费和教育费附加），比上年的140,774.19万元增265.15万元，增0.19%。\n"
	none(t, auditText(t, bare), "T01")
	none(t, auditText(t, bare), "T03")
	expect(t, auditText(t, strings.Replace(bare, "增265.15万元", "增318.18万元", 1)), "T01", errS, 1, "= 265.15万元")
	saving := "上半年，全区实施政府采购总金额6846.02万元，比预算的7136.74万元节约资金290.72万元，节约率为4.1%。\n"
	none(t, auditText(t, saving), "T01")
	none(t, auditText(t, saving), "T03")
	expect(t, auditText(t, strings.Replace(saving, "290.72万元", "320.72万元", 1)), "T01", errS, 1, "7136.74万元 − 6846.02万元 = 290.72万元")
	expect(t, auditText(t, strings.Replace(saving, "4.1%", "5.1%", 1)), "T03", errS, 1, "290.72万元 ÷ 7136.74万元")
}

// Shapes met in heldout22's first run.
func TestHeldOut22Lessons(t *testing.T) {
	// A line broken mid-clause, the next going on with a figure: the list
	// runs on, its parts on one line are not all.
	broken := "本年收入合计7086.46万元，其中：财政拨款收入6917.84万元，占97.62%；上级补助收入167.39万元，占\n2.36%；其他收入1.23万元，占0.02%。\n"
	none(t, auditText(t, broken), "T01")
	// A subtotal in a running sum is checked and the sum goes on from it.
	running := "2023年全县公共财政预算收入46900万元，加上级补助收入403127万元（其中：专项补助收入23843万元、返还性收入4599万元、一般性转移支付收入374685万元），地方政府一般债券转贷收入18195万元，全县一般预算总收入468222万元，加上年结余11080万元，加调入资金335万元，收入总计479637万元。\n"
	none(t, auditText(t, running), "T01")
	expect(t, auditText(t, strings.Replace(running, "转贷收入18195万元", "转贷收入19195万元", 1)), "T01", errS, 1, "46900 + 403127 + 19195 = 469222")
	expect(t, auditText(t, strings.Replace(running, "加调入资金335万元", "加调入资金535万元", 1)), "T01", errS, 1, "468222 + 11080 + 535 = 479837")
	// The amount over the budget is not the subject of the change after it.
	over := "政府性基金收入34519万元，完成预算20000万元的172.6%，超收14519万元，同比减收11469万元，下降24.9%。\n"
	none(t, auditText(t, over), "T03")
	expect(t, auditText(t, strings.Replace(over, "下降24.9%", "下降29.9%", 1)), "T03", errS, 1, "本年34519万元 + 11469万元")
	// ，为…的R% is a share, not the parts' introducer.
	share := "2022年全区一般公共预算收入4.98亿元，为调整预算数的107.4%，增长9%，加上上级补助收入、上年结转结余和调入资金92.69亿元，总收入为97.67亿元。\n"
	none(t, auditText(t, share), "T01")
	expect(t, auditText(t, "转移支付124.23万元，为A项目25万元，B项目89.23万元。\n"), "T01", errS, 1, "所述合计124.23万元")
}

// Shapes met in heldout23's first run.
func TestHeldOut23Lessons(t *testing.T) {
	// Names of a body's parts written together without 、: advice.
	glued := "本单位设置办公室、火化车间治丧服务部业务接待部驾驶组后勤保障部6个内设机构。\n"
	expect(t, auditText(t, glued), "T02", jixiao.SeverityInfo, 1, "列举了2个", "按此计正好相符")
	// One name holding such a character is one name.
	one := "内设办公室、财务科技处、综合科4个科室。\n"
	expect(t, auditText(t, one), "T02", errS, 1, "列举了3个")
	// Staff hired outside the establishment are a kind of the staff.
	hired := "现有在职职工36名(其中长期聘用人员1名,短期聘用人员19名),退休职工19名。\n"
	none(t, auditText(t, hired), "T01")
	expect(t, auditText(t, "现有在职职工36名(其中在编人员16名,聘用人员19名),退休职工19名。\n"), "T01", errS, 1, "所述合计36名")
}

// Shapes of heldout22's mutation misses: a running sum ending in a
// subtotal's name (总收入为), and an amount over the budget.
func TestRunningSumToTotalIncomeAndOverBudget(t *testing.T) {
	sum := "2022年全区一般公共预算支出96.56亿元，为调整预算数的233.6%，加上上解上级支出0.21亿元，总支出为96.77亿元。\n"
	none(t, auditText(t, sum), "T01")
	expect(t, auditText(t, strings.Replace(sum, "上解上级支出0.21亿元", "上解上级支出1.21亿元", 1)), "T01", errS, 1, "96.56 + 1.21 = 97.77")
	over := "其中：一般公共预算收入46900万元，完成预算46508万元的100.8%，超收392万元，同比增长6.8%；政府性基金收入17000万元，完成预算20000万元的85%，短收3000万元。\n"
	none(t, auditText(t, over), "T01")
	expect(t, auditText(t, strings.Replace(over, "超收392万元", "超收492万元", 1)), "T01", errS, 1, "46900万元 − 预算46508万元 = 392万元，与所述超收492万元不符")
	expect(t, auditText(t, strings.Replace(over, "短收3000万元", "短收2000万元", 1)), "T01", errS, 1, "与所述短收2000万元不符")
}

// Shapes met in heldout24's first run.
func TestHeldOut24Lessons(t *testing.T) {
	// A change right after the one part named under 其中 may be the
	// total's.
	one := "本部门2020年度收入总计3759.2万元,其中年初结转和结余1366.76万元,较2019年增加197.03万元,增加5.5%。\n"
	none(t, auditText(t, one), "T03")
	expect(t, auditText(t, strings.Replace(one, "增加5.5%", "增加7.5%", 1)), "T03", errS, 1)
	// Not when several parts are listed: the change is the last part's.
	several := "“三公”经费预算合计1969万元，比上年减少221万元，下降10.1%；其中：公务接待费242万元，比上年减少12万元，下降4.7%；公务用车购置及运行维护费1687万元，比上年减少239万元，下降11%。\n"
	expect(t, auditText(t, several), "T03", errS, 1, "239万元 ÷ （本年1687万元 + 239万元）")
	// A unit's leaders are a kind of its staff.
	leaders := "某县党校现有正式工作人员18人，其中：常务副校长1名、副校长2名、校委2名。\n"
	none(t, auditText(t, leaders), "T01")
	// Not when the total counts its leaders.
	posts := "核定领导职数4名，其中馆长1名，副馆长2名。\n"
	expect(t, auditText(t, posts), "T01", errS, 1, "所述合计4名")
}

// Shapes met in heldout25's first run.
func TestHeldOut25Lessons(t *testing.T) {
	// An output's main products leave out a tenth of it or more.
	fruit := "园林水果产量57009吨,同比增长6.02%,其中苹果8595吨,同比增长5.97%;梨32690吨,同比增长1.09%。\n"
	none(t, auditText(t, fruit), "T01")
	grain := "全年粮食总产量12.28万吨，比上年增长2%，其中夏粮3.27万吨、秋粮9.01万吨。\n"
	none(t, auditText(t, grain), "T01")
	expect(t, auditText(t, strings.Replace(grain, "夏粮3.27万吨", "夏粮2.87万吨", 1)), "T01", errS, 1, "所述合计12.28万吨")
	// Bare shares adding up to 100 are of the parts' sum.
	shares := "2015年福彩公益金用于养老服务类4.25亿元，占比为75%；用于社区公益类1.26亿元，占比为22%；用于其他社会福利类0.14亿元，占比为2%。\n"
	none(t, auditText(t, shares), "T03")
	expect(t, auditText(t, strings.Replace(shares, "占比为22%", "占比为23%", 1)), "T03", errS, 1, "按本段各项之和5.65亿元计算为22.30%")
	// Items of a numbered list are each of their own subject.
	items := "3.资助养老服务补贴项目155个，资助对象35.1万人，资助资金10,827.48万元。\n7.资助医疗救助等项目284个，资助对象54.87万人，资助资金25,688.53万元。\n"
	none(t, auditText(t, items), "T07")
	// A character lost beside a figure: the sentence is not summed.
	lost := "2021年政府债务还本付息共计26887.0359万元,其中:一般债券偿还本金5500万元,专项债券偿还本金14615万元,一般债券偿还利息2494.1115万元,专项债券偿还利息4277.9244?万元。\n"
	none(t, auditText(t, lost), "T01")
	// A part named as the one before goes on after a comment on it.
	bonds := "2021年共转贷我县政府债券34138万元,其中:新增一般债券2734万元,用于小型水库安全运行,新增专项债券13300万元,主要用于产业园区建设;再融资一般债券4950万元,再融资专项债券13154万元。\n"
	none(t, auditText(t, bonds), "T01")
	expect(t, auditText(t, strings.Replace(bonds, "13300万元", "14300万元", 1)), "T01", errS, 1, "2734 + 14300 + 4950 + 13154 = 35138")
	// 等 inside the last item: examples.
	none(t, auditText(t, "资助县内社区服务体系建设、殡葬和公益性公墓等社会事务共8个项目。\n"), "T02")
	// A total written coarser than its parts is their sum rounded.
	none(t, auditText(t, "本年支出安排5834.15万元,其中全民健身运动经费3317万元,专业竞技运动经费445.5万元,运动场馆维修改造经费1971.645532万元、全民健身城区项目补助100万元。\n"), "T01")
}

// A count whose list after 即 names one body (T02).
func TestOneNamedBody(t *testing.T) {
	one := "纳入本级部门预算汇编范围的单位1个，即新河县万和镇人民政府。下属事业单位1个，即某区备灾救灾服务中心，为全额拨款事业编制。\n"
	none(t, auditText(t, one), "T02")
	expect(t, auditText(t, strings.Replace(one, "单位1个，即新河县", "单位2个，即新河县", 1)), "T02", errS, 1, "列举了1个，所称为2个", "新河县万和镇人民政府")
	expect(t, auditText(t, strings.Replace(one, "下属事业单位1个", "下属事业单位2个", 1)), "T02", errS, 1, "列举了1个，所称为2个")
	// Two bodies joined by 和 are two.
	none(t, auditText(t, "下设科室2个，即办公室和财务科。\n"), "T02")
}

// The causes of heldout26's and heldout27's false findings (their
// READMEs), in invented wording of the same shapes.
func TestHeldOut26And27Lessons(t *testing.T) {
	// The people actually there, after a semicolon, are beside the posts
	// their total counts, even after one part.
	posts := "某服务站编制人数6人,其中事业编制6人;实有在职人员5人,离退休1人。\n"
	none(t, auditText(t, posts), "T01")
	two := "某服务站编制人数6人,其中行政编制2人、事业编制4人;实有在职人员5人,离退休1人。\n"
	none(t, auditText(t, two), "T01")
	expect(t, auditText(t, strings.Replace(two, "事业编制4人", "事业编制3人", 1)), "T01", errS, 1, "所述合计6人")
	// The two interleaved columns go on past blank lines.
	form := "按收入性质分:500.00\n\n按支出性质分:480.00\n\n其中: 一般公共预算:300.00\n\n其中:基本支出:280.00\n\n政府性基金拨款:50.00\n\n项目支出:200.00\n\n纳入专户管理的非税收入拨款:\n\n\n其他资金:150.00\n"
	none(t, auditText(t, form), "T01")
	expect(t, auditText(t, strings.Replace(form, "其他资金:150.00", "其他资金:170.00", 1)), "T01", errS, 16, "其下各项之和为520")
}

// A change told from one amount to the other, then its amount (T01).
func TestFromToAmount(t *testing.T) {
	adj := "经批准的2024年某县本级一般公共预算总收入由298760万元调整为310760万元,调增12000万元。其中,一般债券转贷收入调增12000万元。\n政府性基金预算总收入由46330万元调整为44830万元,调减1500万元。\n"
	none(t, auditText(t, adj), "T01")
	expect(t, auditText(t, strings.Replace(adj, "调增12000万元。其中", "调增13200万元。其中", 1)), "T01", errS, 1, "310760万元 − 298760万元 = 12000万元，与所述调增13200万元不符")
	expect(t, auditText(t, strings.Replace(adj, "调减1500万元", "调减1800万元", 1)), "T01", errS, 2, "46330万元 − 44830万元 = 1500万元，与所述调减1800万元不符")
	grew := "人均补助由上年的120.5万元增加到150.5万元，增加30万元。\n"
	none(t, auditText(t, grew), "T01")
	expect(t, auditText(t, strings.Replace(grew, "增加30万元", "增加35万元", 1)), "T01", errS, 1, "与所述增加35万元不符")
	// Words that disagree with the figures are not read here.
	none(t, auditText(t, "总收入由500万元调整为450万元,调增50万元。\n"), "T01")
}

// Two lists each counted after it in one sentence, joined by 以及; a
// count of provinces right after their list (T02).
func TestListAfterList(t *testing.T) {
	two := "其中,农业、林业、水利3类直接相关以及科学技术、节能环保、城乡社区、交通运输4类密切相关的支出完成88.2亿元。\n"
	none(t, auditText(t, two), "T02")
	expect(t, auditText(t, strings.Replace(two, "交通运输4类", "交通运输5类", 1)), "T02", errS, 1)
	expect(t, auditText(t, strings.Replace(two, "水利3类", "水利2类", 1)), "T02", errS, 1)
	provinces := "负责与北岭、南川、东湖、西江4省（市）的联络工作。\n"
	none(t, auditText(t, provinces), "T02")
	expect(t, auditText(t, strings.Replace(provinces, "西江4省", "西江5省", 1)), "T02", errS, 1)
}

// The final accounts' rule, the totals in one sentence and each side's
// parts in the lines under them (T01).
func TestAccountsIdentity(t *testing.T) {
	text := "2024年度收入总计318.40万元，支出总计318.40万元，与上年相比各增加12.10万元。\n（一）收入总计构成\n本年收入300.25万元。\n使用非财政拨款结余0.00万元，与上年持平。\n年初结转结余18.15万元，主要是项目结转。\n（二）支出总计构成\n本年支出296.05万元。\n结余分配0.00万元。\n年末结转结余22.35万元。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "本年收入300.25万元", "本年收入280.25万元", 1)), "T01", errS, 1,
		"收入总计318.40万元，其后所述本年收入280.25万元 + 使用非财政拨款结余0.00万元 + 年初结转结余18.15万元 = 298.40万元，与之不符")
	expect(t, auditText(t, strings.Replace(text, "年末结转结余22.35万元", "年末结转结余24.35万元", 1)), "T01", errS, 1, "支出总计318.40万元")
	// After 此外, with the rule's words in between and one part unsaid.
	court := "1.总体情况。2023年度本单位收入总计1,076.79万元，支出总计1,076.79万元。本部分的收入总计包括收入合计、使用非财政拨款结余、年初结转和结余。\n2.收入情况。2023年度本单位收入合计930.20万元，较上年减少31.02万元。其中：财政拨款收入930.20万元。此外，年初结转和结余146.59万元。\n"
	none(t, auditText(t, court), "T01")
	expect(t, auditText(t, strings.Replace(court, "年初结转和结余146.59万元", "年初结转和结余166.59万元", 1)), "T01", errS, 1, "= 1096.79万元")
	// Short of the total with a part unsaid: that part may be the rest.
	none(t, auditText(t, strings.Replace(court, "年初结转和结余146.59万元", "年初结转和结余126.59万元", 1)), "T01")
	// A kind's own total is not the side's (项目支出合计), nor is last year's.
	none(t, auditText(t, "支出总计500万元。\n项目支出合计200万元，上年支出合计300万元。\n年末结转和结余50万元。\n"), "T01")
}

// A line ending in 包括： announces its total's parts on the numbered
// lines below it (T01).
func TestNumberedPartsAfterIncludes(t *testing.T) {
	text := "（二）支出预算。2022年支出预算61.20万元,比2021年预算增加 1.10万元,增长1.8 %,主要原因是人员经费增加。包括:\n1.农林水支出支出4.50万元。\n2.自然资源海洋气象等支出56.70万元。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "56.70万元", "50.70万元", 1)), "T01", errS, 2, "61.20")
}

// The causes of heldout29's false findings (its README), in invented
// wording of the same shapes.
func TestHeldOut29Lessons(t *testing.T) {
	// 包括 breaks down the one part that is the whole: its parts are the
	// total's.
	whole := "某中学2016年度收入决算1,250万元，其中：本年收入1,250万元，占总收入100%，包括财政拨款收入1,100.50万元（其中，一般公共预算1,080.50万元，政府性基金预算20万元），占总收入88.04%；事业收入149.50万元，占总收入11.96%。\n"
	none(t, auditText(t, whole), "T01")
	none(t, auditText(t, whole), "T03")
	expect(t, auditText(t, strings.Replace(whole, "事业收入149.50万元", "事业收入169.50万元", 1)), "T01", errS, 1, "1100.50 + 169.50 = 1270.00")
	// A share glued to the next part: the sum is not checked, the shares
	// read before it are.
	glued := "收入决算900万元，其中：财政拨款收入800万元，占总收入88.89%；事业收入0万元，占总收入 0%其他收入100万元，占总收入 11.11%。\n"
	none(t, auditText(t, glued), "T01")
	expect(t, auditText(t, strings.Replace(glued, "88.89%", "78.89%", 1)), "T03", errS, 1, "与所述78.89%不符")
}

// The causes of heldout28's false findings (its README), in invented
// wording of the same shapes.
func TestHeldOut28Lessons(t *testing.T) {
	// The one part a bracket after the total says it includes.
	staff := "核定编制人数：12人，实有在职人员9人（含临聘人员2名），其中处级1名、科级5名、科员1名；退休人员4人。\n"
	none(t, auditText(t, staff), "T01")
	expect(t, auditText(t, strings.Replace(staff, "科级5名", "科级6名", 1)), "T01", errS, 1, "所述合计9人")
	// Places listed before 的 and a count of what they hold.
	none(t, auditText(t, "补助资金将覆盖北岭州、南川州、东湖市的14个县（区）。\n"), "T02")
	none(t, auditText(t, "移民分布在东区、西区和新区的9个乡（镇、街道）的40个村。\n"), "T02")
}

// A heading one level above numbered lines states their total alone in
// its first sentence (T01); a line whose only other sentence is 其中：
// is still a part.
func TestHeadingTotalOverNumbered(t *testing.T) {
	text := "（一）一般公共服务支出2150.40万元。比上年增加40.20万元，主要原因是项目增加。\n1.行政运行830.40万元，用于机构正常运转。\n2.一般行政管理事务1320万元，用于专项工作。其中：\n（1）专项工作经费1000万元。\n（2）交流经费320万元。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "行政运行830.40万元", "行政运行930.40万元", 1)), "T01", errS, 2, "2150.40")
	// A heading over lines that are not its parts' amounts alone (two
	// amounts in it) names no total.
	none(t, auditText(t, "（二）教育支出300万元，其中基建100万元。\n1.学校运转120万元。\n2.助学金90万元。\n"), "T01")
}

// A head count's change against the people who came and went, in
// brackets after it (T01); of the retired, a new retirement comes.
func TestNetChangeOfPeople(t *testing.T) {
	text := "年末实有人数38人,比上年末35人增加3人 (其中:新入职在编2人、调入3人、退休2人)。年末退休人员90人,比上年末88人增加2人(其中:死亡1人、本年退休3人)。\n"
	none(t, auditText(t, text), "T01")
	expect(t, auditText(t, strings.Replace(text, "调入3人", "调入4人", 1)), "T01", errS, 1, "括号中增减相抵为4人（新入职在编2人 + 调入4人 − 退休2人）")
	expect(t, auditText(t, strings.Replace(text, "死亡1人", "死亡2人", 1)), "T01", errS, 1, "增减相抵为1人")
	// A part that says neither is not read.
	none(t, auditText(t, "比上年增加3人（其中：行政2人、事业2人）。\n"), "T01")
}

// "比上年实际完成增加D，增长R%": how last year's figure was reached is not
// another quantity (T03).
func TestGrowthOnLastYearsActual(t *testing.T) {
	text := "全县一般公共预算收入安排52000万元，比上年实际完成增加2000万元，增长4%。\n"
	none(t, auditText(t, text), "T03")
	expect(t, auditText(t, strings.Replace(text, "增长4%", "增长6%", 1)), "T03", errS, 1, "同比增加4.00%")
}

// The causes of heldout30's and heldout31's false findings (their
// READMEs), in invented wording of the same shapes.
func TestHeldOut30And31Lessons(t *testing.T) {
	// A bracket closed before a change remarks on the amount before it.
	growth := "全县一般公共预算总收入完成95.40亿元（县本级70.10亿元，园区25.30亿元），完成调整预算的101.20%，同比增收5.40亿元，增长6.00%。\n"
	none(t, auditText(t, growth), "T03")
	expect(t, auditText(t, strings.Replace(growth, "增长6.00%", "增长8.00%", 1)), "T03", errS, 1, "95.40亿元")
	cars := "公务用车购置及运行维护费405万元(其中:公务用车购置经费0万元,公务用车运行维护费405万元),较上年减少20万元,同比下降4.7%。\n"
	none(t, auditText(t, cars), "T03")
	expect(t, auditText(t, strings.Replace(cars, "下降4.7%", "下降7.7%", 1)), "T03", errS, 1)
	// Titles counting the professional staff again.
	none(t, auditText(t, "核定编制40人，现有工作人员52人，其中专业技术人员41人，高级职称5人，中级职称20人。\n"), "T01")
	// A list the excerpt cuts after a semicolon.
	none(t, auditText(t, "一般公共预算财政拨款支出500.00万元，主要用于以下方面：一般公共服务支出120.00万元，占24%；教育支出300.00万元，占60%；"), "T01")
	// A subtotal of the parts before it stands for them.
	sub := "合计财政总收入900000万元。其中：东区完成一般公共预算收入400000万元，同比增长7.5%；加上中央财政收入200000万元，合计财政总收入600000万元，同比增长9.5%。\n"
	none(t, auditText(t, sub), "T01")
	// A net value's bracket is original less written off, not a sum.
	none(t, auditText(t, "资产总额5000.00万元，其中流动资产300.00万元，固定资产净值4700.00万元（固定资产原值5200.00万元，累计折旧500.00万元）。\n"), "T01")
}

// A count of projects right before the 其中 that lists them, each with its
// amount, parted by semicolons (T02).
func TestProjectsByAmount(t *testing.T) {
	text := "年中追加项目资金40.50万元，涉及项目3个，其中：某某抚恤金补助资金20.00万元；工作会议经费0.50万元；物资调运经费20.00万元。\n"
	none(t, auditText(t, text), "T02")
	expect(t, auditText(t, strings.Replace(text, "涉及项目3个", "涉及项目4个", 1)), "T02", errS, 1, "分列了3个项目")
	// A list ending in 等 names some only.
	none(t, auditText(t, strings.Replace(text, "物资调运经费20.00万元。", "物资调运经费20.00万元等。", 1)), "T02")
}

// The causes of heldout33's false findings (its README), in invented
// wording of the same shapes.
func TestHeldOut33Lessons(t *testing.T) {
	// Thousands parted by spaces before a unit of money.
	spaced := "累计查出问题金额25 300万元，其中：违规金额1 200万元、管理不规范金额24 100万元。\n"
	none(t, auditText(t, spaced), "T01")
	expect(t, auditText(t, strings.Replace(spaced, "24 100万元", "22 100万元", 1)), "T01", errS, 1, "1200 + 22100 = 23300")
	// Not in a form's row of cells.
	none(t, auditText(t, "年度资金总额 45 45 10 100% 10\n"), "T01")
	// 实验室 is a body: the 和 joins the last two.
	none(t, auditText(t, "我所下设办公室、财务科、中心实验室和示范基地四个部门。\n"), "T02")
	// A running sum's first amount is outside the bracket after it.
	running := "全市一般公共预算支出1,200,000万元（含权责发生制列支100,000万元），完成预算的90.1%，加上上解上级支出50,000万元、债务还本支出30,000万元，全市一般公共预算总支出1,280,000万元。\n"
	none(t, auditText(t, running), "T01")
	expect(t, auditText(t, strings.Replace(running, "债务还本支出30,000万元", "债务还本支出40,000万元", 1)), "T01", errS, 1, "1290000")
	// None, said in words.
	none(t, auditText(t, "单位无下属预算单位，下设0个处室，分别是：本单位未下设处室。\n"), "T02")
}

// The causes of heldout32's false findings (its README), in invented
// wording of the same shapes.
func TestHeldOut32Lessons(t *testing.T) {
	// Labelled items each naming a project of its own.
	none(t, auditText(t, "指标1:东湖镇甲村日间照料中心项目,占地面积600平方米,设置床位20张。\n指标2:西山镇乙村日间照料中心项目,占地面积450平方米,设置床位20张。\n"), "T07")
	// 100 % for more than all of it is an info.
	capped := "年初预算资金1,200,000.00元，实际到位资金1,500,000.00元，资金到位率100%。\n"
	for _, f := range auditText(t, capped) {
		if f.Code == "T03" && f.Severity != jixiao.SeverityInfo {
			t.Errorf("a rate capped at 100%% reported as %s: %s", f.Severity, f.Message)
		}
	}
	// Names of bodies after commas go on the list.
	list := "院内共设5个职能股室,即院长办公室、医疗室、财务室,接待室,档案室。\n"
	none(t, auditText(t, list), "T02")
	expect(t, auditText(t, strings.Replace(list, "5个", "6个", 1)), "T02", errS, 1, "列举了5个")
	// A running sum going on from the part after 其中.
	running := "全区一般公共预算总收入250000万元，完成调整后预算的97.3%，其中地方一般公共预算收入200000万元，下降4.7%；加上级补助收入80000万元，调入资金20000万元，收入合计300000万元。\n"
	none(t, auditText(t, running), "T01")
	expect(t, auditText(t, strings.Replace(running, "调入资金20000万元", "调入资金25000万元", 1)), "T01", errS, 1, "200000 + 80000 + 25000 = 305000")
	// Parts' shares of the whole the total is a share of.
	none(t, auditText(t, "本年收入合计500.00万元，占总收入99.80%，包括财政拨款收入400.00万元，占79.84%；其他收入100.00万元，占19.96%。\n"), "T03")
}
