package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao/internal/caseio"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/testutil"
)

func reference(t testing.TB) *report.Document {
	t.Helper()
	f, err := caseio.Load("../../../examples/shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := rulebook.Load("shijiazhuang-2024")
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	return report.Build(f.Evaluation, sc, report.DefaultOptions)
}

func render(t testing.TB, d *report.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := docx.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// Every part is well-formed XML and the package has what Word needs.
func TestPackage(t *testing.T) {
	ps := parts(t, render(t, reference(t)))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
		"word/fontTable.xml", "word/footer1.xml", "word/footer2.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"} {
		body, ok := ps[name]
		if !ok {
			t.Errorf("missing part %s", name)
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(body))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
				break
			}
		}
	}
}

// The official document format: A4, GB/T 9704 margins, fonts and sizes,
// outer page numbers, repeated table headers.
func TestOfficialFormat(t *testing.T) {
	ps := parts(t, render(t, reference(t)))
	doc, styles := ps["word/document.xml"], ps["word/styles.xml"]
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"`,
		`<w:docGrid w:type="lines" w:linePitch="579"/>`,
		`<w:footerReference w:type="even" r:id="rId5"/>`,
		`<w:tblHeader/>`,
		`<w:gridSpan w:val="2"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, want := range []string{
		`w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, // body 仿宋 三号
		`w:styleId="Title"`, `w:eastAsia="方正小标宋简体" w:cs="Times New Roman"/><w:sz w:val="44"/>`, // title 二号 小标宋
		`w:styleId="Heading1"`, `w:eastAsia="黑体" w:cs="Times New Roman"/><w:spacing w:val="-5"/><w:sz w:val="32"/>`,
		`<w:rFonts w:hint="eastAsia" `, `<w:widowControl w:val="0"/>`, // quotes in the Chinese font; no widow control
		`w:styleId="Heading2"`, `w:eastAsia="楷体_GB2312"`,
		`w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:b/><w:bCs/>`, // heading 3 bold 仿宋
		`w:line="579" w:lineRule="exact"`, `<w:ind w:firstLineChars="200"`,
	} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if !strings.Contains(ps["word/settings.xml"], "<w:evenAndOddHeaders/>") || !strings.Contains(ps["word/settings.xml"], "<w:mirrorMargins/>") {
		t.Error("odd and even footers, mirrored margins")
	}
	// A page break is the next paragraph's property, never an empty
	// paragraph that could leave a blank page.
	if doc := ps["word/document.xml"]; strings.Contains(doc, `<w:br w:type="page"/>`) || !strings.Contains(doc, `<w:pageBreakBefore/>`) {
		t.Error("page breaks as break paragraphs")
	}
	if f1, f2 := ps["word/footer1.xml"], ps["word/footer2.xml"]; !strings.Contains(f1, `<w:jc w:val="right"/>`) || !strings.Contains(f2, `<w:jc w:val="left"/>`) ||
		!strings.Contains(f1, `w:instr=" PAGE "`) || !strings.Contains(f1, "— ") {
		t.Error("page numbers — n — on the outer side")
	}
}

// User text is escaped, control characters dropped, and line breaks kept.
func TestEscaping(t *testing.T) {
	d := &report.Document{Title: []string{`<报告> & "标题"`}, Blocks: []report.Block{
		{Paragraph: &report.Paragraph{Runs: []report.Run{{Text: "a<b>&c\x01d\ne"}}}},
		{Table: &report.Table{Widths: []int{1, 1}, Header: [][]report.Cell{{{Text: "=1+1"}, {Text: "x"}}},
			Rows: [][]report.Cell{{{Text: "合并", RowSpan: 2}, {Text: "1"}}, {{Text: "2"}}}}},
	}}
	data := render(t, d)
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range ps {
		texts = append(texts, p.Text)
	}
	got := strings.Join(texts, "|")
	if want := `<报告> & "标题"||a<b>&cd` + "\n" + `e|=1+1|x|合并|1||2`; got != want {
		t.Errorf("read back %q, want %q", got, want)
	}
	doc := parts(t, data)["word/document.xml"]
	if !strings.Contains(doc, `<w:vMerge w:val="restart"/>`) || !strings.Contains(doc, `<w:vMerge/>`) {
		t.Error("vertical merge")
	}
}

// The DOCX generated from the data states every figure of the reference
// report's sections 一, 三 and 四: budgets, assets, headcount, units, the
// declared indicators, the results, scores and grade.
func TestReferenceFigures(t *testing.T) {
	src, err := os.ReadFile("../../../examples/shijiazhuang-2024-report.txt")
	if err != nil {
		t.Fatalf("reference report: %v", err)
	}
	lines := strings.Split(string(src), "\n")
	data := render(t, reference(t))
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text + "\n")
	}
	have := testutil.Numbers(b.String())
	total := 0
	for _, sec := range []struct{ from, to string }{{"一、部门基本情况", "二、"}, {"三、", "四、"}, {"四、", "五、"}} {
		text := testutil.Section(lines, sec.from, sec.to)
		if len(text) < 100 {
			t.Fatalf("section %s not found", sec.from)
		}
		for n := range testutil.Numbers(text) {
			total++
			if !have[n] {
				t.Errorf("section %s states %s; the generated DOCX does not", sec.from, n)
			}
		}
	}
	if total < 100 {
		t.Errorf("only %d figures compared", total)
	}
	// The figures that matter most, by name.
	text := b.String()
	for _, s := range []string{"598154.02", "250319.83", "141981.96", "24792.00", "117122.04", "67.92", "151063.35", "6654.62",
		"1112人", "693人", "等18个下属单位", "得16分", "得14分", "得分96分", "“优秀”"} {
		if !strings.Contains(text, s) {
			t.Errorf("DOCX lacks %q", s)
		}
	}
}

// LibreOffice opens the DOCX and prints it on A4, with the Chinese text
// extractable and in order.
func TestRendersInLibreOffice(t *testing.T) {
	soffice := testutil.Tool(t, "soffice", "libreoffice")
	pdftotext := testutil.Tool(t, "pdftotext")
	pdfinfo := testutil.Tool(t, "pdfinfo")
	dir := t.TempDir()
	in := filepath.Join(dir, "reference.docx")
	if err := os.WriteFile(in, render(t, reference(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "reference.pdf")
	info, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	if !regexp.MustCompile(`Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)`).Match(info) {
		t.Errorf("not A4:\n%s", info)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("no page count:\n%s", info)
	}
	// About 22 lines of 28 characters a page: the body is some 15 pages,
	// the appendices a few more.
	if n := decimal.RequireFromString(string(m[1])).IntPart(); n < 15 || n > 30 {
		t.Errorf("%d pages, expected 15–30", n)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	pos := 0
	for _, s := range []string{"石家庄市自然资源和规划局", "2024年度整体支出绩效自评报告", "一、部门基本情况", "598154.02万元", "二、自评工作开展情况",
		"三、部门整体支出绩效目标实现情况及指标分析", "（满分17分，得16分）", "四、评价结论和评价等级", "得分96分", "五、存在的问题及改进措施"} {
		i := strings.Index(flat[pos:], s)
		if i < 0 {
			t.Fatalf("PDF text lacks %q after position %d", s, pos)
		}
		pos += i + len(s)
	}
	for _, page := range []string{"—1—", "—2—", "—10—"} {
		if !strings.Contains(flat, page) {
			t.Errorf("no page number %s", page)
		}
	}
	// 28 characters a line (GB/T 9704): the lines of Chinese characters
	// alone are most often 28 long (26 after a paragraph's indent; CJK
	// punctuation may be compressed into one more).
	plain, err := exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	lengths := map[int]int{}
	for _, l := range strings.Split(string(plain), "\n") {
		l = strings.ReplaceAll(strings.TrimSpace(l), " ", "")
		if n := utf8.RuneCountInString(l); n >= 20 && !strings.ContainsFunc(l, func(r rune) bool { return r < 0x2e80 }) {
			lengths[n]++
		}
	}
	most := 0
	for n, k := range lengths {
		if k > lengths[most] {
			most = n
		}
		// 30–33 fit neither the body's 三号 (at most 28, 29 with compressed
		// punctuation) nor the notes' smaller print (36 and more).
		if n >= 30 && n <= 33 {
			t.Errorf("a line of %d characters", n)
		}
	}
	if most != 28 {
		t.Errorf("lines of Chinese characters are most often %d long, want 28: %v", most, lengths)
	}
	// No blank page.
	pages := decimal.RequireFromString(string(m[1])).IntPart()
	for p := int64(1); p <= pages; p++ {
		out, _ := exec.Command(pdftotext, "-f", fmt.Sprint(p), "-l", fmt.Sprint(p), pdf, "-").Output()
		if strings.ReplaceAll(strings.Join(strings.Fields(string(out)), ""), fmt.Sprintf("—%d—", p), "") == "" {
			t.Errorf("page %d is blank", p)
		}
	}
}

// Word rejects a document whose property elements are out of the order the
// schema gives (LibreOffice is lenient, so rendering does not catch it).
// This checks the order of the children of every pPr, rPr, tblPr, tcPr and
// sectPr in every part.
func TestSchemaOrder(t *testing.T) {
	order := map[string][]string{
		"pPr": {"pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd", "tabs", "snapToGrid",
			"spacing", "ind", "contextualSpacing", "jc", "textDirection", "outlineLvl", "rPr", "sectPr"},
		"rPr":      {"rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "spacing", "sz", "szCs", "highlight", "u", "lang"},
		"tblPr":    {"tblStyle", "tblW", "jc", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"},
		"tcPr":     {"tcW", "gridSpan", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "vAlign"},
		"sectPr":   {"headerReference", "footerReference", "type", "pgSz", "pgMar", "pgNumType", "cols", "titlePg", "docGrid"},
		"style":    {"name", "aliases", "basedOn", "next", "link", "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "pPr", "rPr", "tblPr"},
		"font":     {"altName", "panose1", "charset", "family", "pitch"},
		"settings": {"mirrorMargins", "defaultTabStop", "evenAndOddHeaders", "characterSpacingControl", "compat"},
	}
	for name, body := range parts(t, render(t, reference(t))) {
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(body))
		type frame struct {
			name string
			last int
		}
		var stack []frame
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch e := tok.(type) {
			case xml.StartElement:
				if n := len(stack); n > 0 {
					parent := &stack[n-1]
					if seq, ok := order[parent.name]; ok {
						i := slicesIndex(seq, e.Name.Local)
						if i < 0 {
							t.Errorf("%s: <%s> in <%s> is not in the checked order list", name, e.Name.Local, parent.name)
						} else if i < parent.last {
							t.Errorf("%s: <%s> comes after a later element in <%s>", name, e.Name.Local, parent.name)
						} else {
							parent.last = i
						}
					}
				}
				stack = append(stack, frame{name: e.Name.Local})
			case xml.EndElement:
				stack = stack[:len(stack)-1]
			}
		}
	}
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// A placeholder is set bold on a yellow highlight, so that Word and WPS show
// what is still to be written.
func TestPlaceholderHighlighted(t *testing.T) {
	d := &report.Document{Title: []string{"报告"}, Blocks: []report.Block{{Paragraph: &report.Paragraph{Runs: []report.Run{{Text: "【待填写：存在的问题】", Placeholder: true}}}}}}
	doc := parts(t, render(t, d))["word/document.xml"]
	if !strings.Contains(doc, `<w:rPr><w:b/><w:bCs/><w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">【待填写：存在的问题】</w:t>`) {
		t.Errorf("placeholder not highlighted:\n%s", doc)
	}
}
