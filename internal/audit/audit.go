// Package audit checks a narrative self-evaluation report jixiao did not
// write: it reads the report's text, finds the figures it states with the
// sentences that state them — totals with their parts, counts with the
// items they count, rates with the counts they come from, section scores
// with their deductions, the total and the grade, quantities stated twice,
// execution rates with their amounts — and checks that they agree. The
// findings have the same form, codes section (T, 报告文字) and outputs as
// jixiao check. Where the text is ambiguous the audit says so rather than
// guess. Everything here is pure: text in, findings out.
package audit

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/width"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/report/docx"
)

// Document is a report's text: its paragraphs in order.
type Document struct {
	Name       string
	Paragraphs []string
	// Unit names what a paragraph number counts: 行 for a text file (a
	// paragraph per line), 段 for a Word document.
	Unit string
	// Note says how the text was obtained when that limits what was read
	// (a PDF's text as pdftotext reads it).
	Note string
	// joins are, for a paragraph made of lines a PDF broke (0-based), where
	// each line after its first begins; those lines are left empty.
	joins map[int][]joint
}

// joint is where a line joined to a paragraph begins in it.
type joint struct {
	at   int // byte offset in the paragraph
	line int // 0-based line
}

// lines are the 1-based lines that bytes [start, end) of paragraph para
// (1-based) come from.
func (d *Document) lines(para, start, end int) []int {
	out := []int{para}
	for _, j := range d.joins[para-1] {
		switch {
		case j.at <= start:
			out[0] = j.line + 1
		case j.at < end:
			out = append(out, j.line+1)
		}
	}
	return out
}

// PDFText extracts the text of a PDF (internal/poppler does, with
// pdftotext).
type PDFText func(ctx context.Context, name string, data []byte) (string, error)

// WordDocx converts an old Word (.doc) or WPS (.wps) document to .docx
// (internal/libreoffice does, with LibreOffice).
type WordDocx func(ctx context.Context, name string, data []byte) ([]byte, error)

// Converters read the formats the audit does not parse itself: the audit
// runs no program, its callers hand it these.
type Converters struct {
	PDF  PDFText
	Word WordDocx
}

// ReadWith reads a report as Read does, a .pdf through conv.PDF (its text a
// paragraph per line) and a .doc or .wps through conv.Word (then as a
// .docx), each with a note saying what such a reading leaves out.
func ReadWith(ctx context.Context, name string, data []byte, conv Converters) (*Document, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".pdf" && ext != ".doc" && ext != ".wps" {
		return Read(name, data)
	}
	if len(data) > MaxSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, MaxSize>>20)
	}
	if ext != ".pdf" {
		if conv.Word == nil {
			return nil, oldWord(name)
		}
		docx, err := conv.Word(ctx, name, data)
		if err != nil {
			return nil, err
		}
		d, err := readDocx(name, docx)
		if err != nil {
			return nil, err
		}
		note := d.Note
		d.Note = "由 LibreOffice 将 " + ext + " 文件转换为 .docx 后核查（正文和表格；文本框、页眉页脚和批注中的文字未读取）"
		if note != "" {
			d.addNote(note) // how readDocx read it
		}
		return d, nil
	}
	if conv.PDF == nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：此处不能读取 PDF；请另存为 .docx 或 .txt 后再核查", name)
	}
	text, err := conv.PDF(ctx, name, data)
	if err != nil {
		return nil, err
	}
	if len(text) > MaxText {
		return nil, tooMuchText(name)
	}
	text = strings.TrimSuffix(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	paras, joins := unwrap(strings.Split(text, "\n"), 1)
	return (&Document{Name: name, Paragraphs: paras, joins: joins, Unit: "行",
		Note: "按 PDF 中的文字核查（逐行读取；表格的单元格各占一行，图片中的文字未读取），行号是提取出的文字的行号"}).read(), nil
}

// minWrappedText is how many lines of a text file must end at one width,
// mid-sentence, for it to be read as a PDF's text with its line breaks.
const minWrappedText = 5

func oldWord(name string) error {
	return jixiao.Errorf(jixiao.EINVALID, "%s 是旧版 Word 或 WPS 文件：请在 Word 或 WPS 中另存为 .docx 后再核查", name)
}

// MaxSize bounds a report file read for auditing (a Word file carries its
// pictures); MaxText bounds the text read from it, about 1.4 million
// characters, far beyond any report: a report at the bound is audited in
// about 3 seconds within about 100 MiB (BenchmarkAudit).
const (
	MaxSize = 32 << 20
	MaxText = 4 << 20
)

func tooMuchText(name string) error {
	return jixiao.Errorf(jixiao.EINVALID, "%s：文字超过 %d MiB（约140万字），不像是一份自评报告；请只核查报告正文", name, MaxText>>20)
}

// Read reads a report: .docx (paragraphs and tables in document order, a
// table row as one paragraph with its cells separated by tabs), .txt or
// .md (a paragraph per line; UTF-8, UTF-16 with a BOM, or GBK).
func Read(name string, data []byte) (*Document, error) {
	if len(data) > MaxSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, MaxSize>>20)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return readDocx(name, data)
	case ".txt", ".md", ".text", "":
		if len(data) > MaxText {
			return nil, tooMuchText(name)
		}
		text, note, err := decodeText(name, data) // at most MaxText once decoded
		if err != nil {
			return nil, err
		}
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.TrimSuffix(text, "\n") // the last line's end, not an empty line
		// Text pasted from a PDF keeps the page's line breaks; a web page
		// saved by Word shows its soft line breaks as a trailing "=".
		lines := strings.Split(text, "\n")
		paras, joins := unsoft(lines)
		if joins == nil {
			paras, joins = unwrap(lines, minWrappedText)
		}
		return (&Document{Name: name, Paragraphs: paras, joins: joins, Unit: "行", Note: note}).read(), nil
	case ".doc", ".wps":
		return nil, oldWord(name)
	}
	return nil, jixiao.Errorf(jixiao.EINVALID, "%s：只能核查 .docx、.doc、.wps、.pdf、.txt 或 .md 文件", name)
}

// readDocx reads a .docx: paragraphs and tables in document order, a table
// row as one paragraph with its cells separated by tabs.
func readDocx(name string, data []byte) (*Document, error) {
	ps, err := docx.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：%v", name, err)
	}
	d := &Document{Name: name, Unit: "段"}
	text := 0
	for i, p := range ps {
		if text += len(p.Text) + 1; text > MaxText {
			return nil, tooMuchText(name)
		}
		if p.InTable && i > 0 && ps[i-1].InTable && ps[i-1].Row == p.Row {
			d.Paragraphs[len(d.Paragraphs)-1] += "\t" + p.Text
			continue
		}
		d.Paragraphs = append(d.Paragraphs, p.Text)
	}
	return d.read(), nil
}

// unwrap joins the lines a PDF broke at the page's width ("…项目支出286.83"
// / "万元。"): a line nearly as wide as the page's lines, not ending a
// sentence, goes on in the next, unless that one opens a heading or an
// item. The page's width is the display width (a Chinese character two
// columns) that most lines not ending a sentence come close to. In a PDF's
// text the lines joined to a paragraph are left empty, so that every line
// keeps its number. Text pasted from a PDF into a text file is read the
// same way when such lines are many (pasted) — minWrapped of them and at
// least 40% of its lines half as wide as the page or more; else it is a
// paragraph a line.
func unwrap(lines []string, minWrapped int) ([]string, map[int][]joint) {
	widths := make([]int, len(lines))
	open := make([]bool, len(lines))  // not ending a sentence
	prose := make([]bool, len(lines)) // ending one, or not; not a table's row
	for i, l := range lines {
		t := strings.TrimSpace(l)
		widths[i] = displayWidth(t)
		last, _ := utf8.DecodeLastRuneInString(t)
		// A row of a table with its cells set apart by tabs or bars is
		// not prose a page broke.
		prose[i] = t != "" && last != '|' && !strings.ContainsAny(t, "\t|") && !tableRowLike(t)
		open[i] = prose[i] && !strings.ContainsRune("。！？；：:;!?", last)
	}
	near := func(w, page int) bool { return w*100 >= page*85 && w <= page+2 }
	// Lines counted by width (a page is 40 to 240 columns wide; wider lines
	// count for none), so that finding the page's width is linear in the
	// lines.
	const widest = 240 + 2
	var openAt, proseAt [widest + 1]int // open lines, and lines ending a sentence
	for i, w := range widths {
		switch {
		case w > widest:
		case open[i]:
			openAt[w]++
		case prose[i]:
			proseAt[w]++
		}
	}
	page, best := 0, 0
	for w := 40; w <= 240; w++ {
		if openAt[w] == 0 {
			continue
		}
		// The page's lines: those not ending a sentence, and those that
		// do just at its width (a PDF breaks after a full stop too).
		n := 0
		for v := 0; v <= widest; v++ {
			if close := v >= w-2 && v <= w+2; close || near(v, w) {
				n += openAt[v]
				if close {
					n += proseAt[v]
				}
			}
		}
		if n > best || n == best && w > page {
			page, best = w, n
		}
	}
	// Headings and short lines say nothing of a page's width.
	long := 0
	for _, w := range widths {
		if w*2 >= page {
			long++
		}
	}
	if best == 0 || best < minWrapped || minWrapped > 1 && best*10 < long*4 {
		return lines, nil
	}
	out := slices.Clone(lines)
	joins := map[int][]joint{}
	head := -1 // the paragraph the next line goes on, or -1
	// The paragraph being joined is built in one buffer (adding each line
	// to a string would copy a long paragraph once per line).
	var para strings.Builder
	flush := func() {
		if head >= 0 && para.Len() > len(out[head]) {
			out[head] = para.String()
		}
		head = -1
		para.Reset()
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			flush()
			continue
		case head >= 0 && prose[i] && !itemStartRe.MatchString(t):
			joins[head] = append(joins[head], joint{para.Len(), i})
			para.WriteString(t)
			out[i] = ""
		default:
			flush()
			head = i
			para.WriteString(out[i])
		}
		// A line shortened by the narrow digits of its figures goes on
		// when the next line opens with a figure or a unit cut from it
		// ("…其中：基本支出" / "2,065,405.42 元，项目支出 0元。").
		if !(open[i] && (near(widths[i], page) || widths[i]*100 >= page*70 && i+1 < len(lines) && continuesFigure(lines[i+1])) || fullLineSentence(lines, widths, i, page)) {
			flush()
		}
	}
	flush()
	return out, joins
}

// fullLineSentence reports whether line i, as wide as the page's lines,
// ends a sentence that its paragraph goes on after: a PDF breaks a
// paragraph wherever the page's width falls, after a full stop too
// ("…总占地面积335亩（不含污水管网）。项目" / "包括…三部" / "分。其中：…35亩。" /
// "配套管网…"). A paragraph ending just there is told by the next line's
// indent, when the lines are otherwise not indented.
func fullLineSentence(lines []string, widths []int, i, page int) bool {
	t := strings.TrimSpace(lines[i])
	last, _ := utf8.DecodeLastRuneInString(t)
	if !strings.ContainsRune("。！？；!?;", last) || widths[i] < page-2 || widths[i] > page+2 || i+1 >= len(lines) || tableRowLike(t) {
		return false
	}
	indented := func(l string) bool {
		return strings.HasPrefix(l, "\u3000") || strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "\t")
	}
	return !indented(lines[i+1]) || indented(lines[i])
}

// tableRowLike reports whether a line reads as a table's row with its
// cells set apart by spaces ("东城街道 8 1 7 0 0.75 0 0 24.5"): three or
// more bare figures without a unit after them. A PDF breaks prose, not
// such rows.
func tableRowLike(line string) bool {
	n := 0
	fs := strings.Fields(line)
	for i, f := range fs {
		// A figure set off before its unit ("编制 0 名,") is prose.
		if bareNumber.MatchString(f) && !(i+1 < len(fs) && unitAt(f, fs[i+1])) {
			if n++; n >= 3 {
				return true
			}
		}
	}
	return false
}

// unsoft joins the lines that quoted-printable text (a Word web page shown
// as text) broke with a soft line break, a "=" ending the line ("辖石凤社区、
// 石凤佳园社=" / "区、新凤社区…"), when at least three lines and a fifth of
// them end so; the lines joined to a paragraph are left empty, so that
// every line keeps its number. Nil joins when the text is not so broken.
func unsoft(lines []string) ([]string, map[int][]joint) {
	soft := func(l string) bool {
		t := strings.TrimRight(l, " \t")
		return strings.HasSuffix(t, "=") && !strings.HasSuffix(t, "==")
	}
	n, nonEmpty := 0, 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			nonEmpty++
		}
		if soft(l) {
			n++
		}
	}
	if n < 3 || n*5 < nonEmpty {
		return lines, nil
	}
	out := slices.Clone(lines)
	joins := map[int][]joint{}
	head := -1
	for i, l := range lines {
		t := strings.TrimSuffix(strings.TrimRight(l, " \t"), "=")
		if head >= 0 {
			joins[head] = append(joins[head], joint{len(out[head]), i})
			out[head] += t
			out[i] = ""
		} else {
			out[i] = t
			head = i
		}
		if !soft(l) {
			head = -1
		}
	}
	return out, joins
}

// continuesFigure reports whether a line opens with a figure and its unit,
// or with a unit: the rest of a sentence a line break cut.
func continuesFigure(line string) bool {
	t := strings.TrimSpace(line)
	if ms := mentions(t); len(ms) > 0 && ms[0].start == 0 {
		return true
	}
	// A unit of one character may open a word ("人员", "项目"); 元 does not.
	for _, u := range units {
		if (utf8.RuneCountInString(u) > 1 || u == "元") && strings.HasPrefix(t, u) {
			return true
		}
	}
	return false
}

// itemStartRe opens a heading or an item of a list: "一、", "（二）", "1.",
// "2、", "(3)", "第一部分", "二是".
var itemStartRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[一二三四五六七八九十]是|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.．、]\D|第[一二三四五六七八九十]+[部章节])`)

// displayWidth is the width of s in columns: two for a Chinese character
// or a full-width form (and for an ASCII comma, colon, bracket… beside a
// Chinese character), one for others.
func displayWidth(s string) int {
	w := 0
	prev := rune(0)
	for i, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			// A copy that turned the page's full-width marks into ASCII
			// ("，" → ",") set them in a column of two.
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if strings.ContainsRune(",;:()?!", r) && (unicode.Is(unicode.Han, prev) || unicode.Is(unicode.Han, next)) {
				w++
			}
			w++
		}
		prev = r
	}
	return w
}

// Finding is a finding with where in the document it is.
type Finding struct {
	jixiao.Finding
	Para  int // 1-based paragraph (line of a text file)
	Start int // byte offsets of the sentence in the paragraph
	End   int
	// Also are the other places the finding compares (1-based paragraphs).
	Also []int
}

// sentence is a sentence of the document.
type sentence struct {
	para       int // 1-based
	start, end int // byte offsets in the paragraph
	text       string
}

// sentences splits the document into sentences: at 。！？, line breaks and
// tabs (table cells), and also at semicolons unless whole is set. A total
// and its parts are often a whole sentence with semicolons between the
// parts ("其中：基本支出…；项目支出…。"); a rate is read with the clauses
// around it, so there a semicolon ends the sentence.
func (d *Document) sentences(whole bool) []sentence {
	ends := "。！？；;!?\n\t"
	if whole {
		ends = "。！？!?\n\t"
	}
	var out []sentence
	for i, p := range d.Paragraphs {
		start, depth := 0, 0
		lastClose := strings.LastIndexAny(p, "）)")
		for j, r := range p {
			switch r {
			case '（', '(':
				depth++
			case '）', ')':
				depth = max(depth-1, 0)
			}
			// A full stop inside brackets that close later in the
			// paragraph ends a note, not the sentence: "500.00万元（购置费
			// 100.00万元；运行维护费400.00万元。）比上年增加0万元".
			if depth > 0 && r != '\n' && r != '\t' && j < lastClose {
				continue
			}
			// "?8639", "4277.9244?萬元": a character a lost encoding turned
			// into ?, not a question: the figure beside it stays in its
			// sentence (and is not read, a digit may be lost with it).
			if r == '?' && (j+1 < len(p) && p[j+1] >= '0' && p[j+1] <= '9' || j > 0 && p[j-1] >= '0' && p[j-1] <= '9') {
				continue
			}
			if strings.ContainsRune(ends, r) {
				end := j + utf8.RuneLen(r)
				if strings.TrimSpace(p[start:j]) != "" {
					out = appendBounded(out, i+1, p, start, end)
				}
				start = end
			}
		}
		if strings.TrimSpace(p[start:]) != "" {
			out = appendBounded(out, i+1, p, start, len(p))
		}
	}
	return out
}

// maxSentence is the most bytes the checks read as one sentence: the
// longest real sentences, flattened forms on one line among them, are a
// few thousand; the checks of a sentence cost up to its length squared.
const maxSentence = 8 << 10

// appendBounded appends p[start:end] of paragraph para as sentences of at
// most maxSentence bytes, cut after a comma, an enumeration comma or a
// space where there is one.
func appendBounded(out []sentence, para int, p string, start, end int) []sentence {
	for end-start > maxSentence {
		cut := start + maxSentence
		if i := strings.LastIndexAny(p[start:cut], "，,、 "); i > 0 {
			_, size := utf8.DecodeRuneInString(p[start+i:])
			cut = start + i + size
		}
		for cut > start && !utf8.RuneStart(p[cut]) {
			cut--
		}
		out = append(out, sentence{para: para, start: start, end: cut, text: p[start:cut]})
		start = cut
	}
	return append(out, sentence{para: para, start: start, end: end, text: p[start:end]})
}

// auditor collects findings.
type auditor struct {
	doc      *Document
	sents    []sentence // split at semicolons too
	whole    []sentence // split at 。！？ only
	findings []Finding
	checked  Checked
	cells    []formCell // the words as a flattened form's cells, split once
	forms    [][2]int   // paragraphs [from, to) read whole as a form by tables
	// wholeMs are the mentions of whole sentences searched for a named
	// figure, read once each.
	wholeMs map[int][]mention
	// sharesSeen are the shares a breakdown checked (by shareKey): a
	// reader of shares named apart does not check one again.
	sharesSeen map[string]bool
	// said counts the findings by what they say, so that two readers of
	// one shape say it once without comparing every finding so far.
	said map[findingKey]int
	// maskedSeen is whether each sentence (by paragraph, start and end) holds
	// a masked amount.
	maskedSeen map[[3]int]bool
}

// findingKey is what makes two findings the same.
type findingKey struct {
	code, msg string
	para      int
	sev       jixiao.Severity
}

func keyOf(f Finding) findingKey {
	return findingKey{f.Code, f.Message, f.Para, f.Severity}
}

// shareKey names a share stated in paragraph para: part ÷ base = stated %.
func shareKey(para int, part, base, stated decimal.Decimal) string {
	return itoa(para) + " " + part.String() + "/" + base.String() + "=" + stated.String()
}

// wholeMentions is mentions(a.whole[j].text), read once.
func (a *auditor) wholeMentions(j int) []mention {
	if ms, ok := a.wholeMs[j]; ok {
		return ms
	}
	if a.wholeMs == nil {
		a.wholeMs = map[int][]mention{}
	}
	ms := mentions(a.whole[j].text)
	a.wholeMs[j] = ms
	return ms
}

// line is paragraph p (0-based) as one sentence, where a finding on a
// table row or a form's cell is placed.
func (a *auditor) line(p int) sentence {
	return sentence{para: p + 1, start: 0, end: len(a.doc.Paragraphs[p]), text: a.doc.Paragraphs[p]}
}

// paraSentence is the sentence of paragraph p (0-based) that holds byte
// off, or the whole paragraph.
func (a *auditor) paraSentence(p, off int) sentence {
	for _, s := range a.whole {
		if s.para == p+1 && s.start <= off && off < s.end {
			return s
		}
	}
	return a.line(p)
}

// Result is what an audit found, and how many claims it compared: a
// report without findings is one whose claims agree, not one whose claims
// were not found.
type Result struct {
	Findings []Finding
	Checked  Checked
}

// Checked counts the claims compared, by check code.
type Checked map[string]int

// claimNames name what each check compares, in order.
var claimNames = []struct{ code, name string }{
	{"T01", "合计与明细"}, {"T02", "列举与个数"}, {"T03", "比率与计数"}, {"T04", "分项得分与扣分"}, {"T05", "总分与分项"},
	{"T06", "等级与标准"}, {"T07", "前后同一数量"}, {"T08", "执行率与金额"}, {"T09", "资产原值、折旧与净值"},
}

// Summary says in words what was compared: "核对了合计与明细5处、…".
func (c Checked) Summary() string {
	var parts []string
	for _, n := range claimNames {
		if c[n.code] > 0 {
			parts = append(parts, n.name+itoa(c[n.code])+"处")
		}
	}
	if len(parts) == 0 {
		return "未找到可以相互核对的数字。"
	}
	return "核对了" + strings.Join(parts, "、") + "。"
}

func (a *auditor) add(s sentence, code string, sev jixiao.Severity, msg string, nums []jixiao.Number, also ...int) {
	where := a.where(s.para)
	// A sentence of lines a PDF broke is placed on its lines.
	if ls := a.doc.lines(s.para, s.start, s.end); len(ls) > 1 || ls[0] != s.para {
		where = "第" + itoa(ls[0]) + a.doc.Unit
		if len(ls) > 1 {
			where = "第" + itoa(ls[0]) + "–" + itoa(ls[len(ls)-1]) + a.doc.Unit
		}
		for _, l := range ls {
			if l != s.para {
				also = append(also, l)
			}
		}
	}
	for i := range nums {
		nums[i].Value = unmark(nums[i].Value)
	}
	f := Finding{Finding: jixiao.Finding{Code: code, Severity: sev, Path: where, Where: unmark(quote(s.text)), Message: unmark(msg), Numbers: nums},
		Para: s.para, Start: s.start, End: s.end, Also: also}
	// Two readers of one shape say the same thing once.
	k := keyOf(f)
	if a.said[k] > 0 {
		return
	}
	if a.said == nil {
		a.said = map[findingKey]int{}
	}
	a.said[k]++
	a.findings = append(a.findings, f)
}

// amend changes the finding at index n, keeping what was said in step.
func (a *auditor) amend(n int, change func(*Finding)) {
	f := &a.findings[n]
	a.said[keyOf(*f)]--
	change(f)
	a.said[keyOf(*f)]++
}

// soften makes the finding added at index n, if an error, a warning with
// note appended: for readings less certain than the shape they extend (no
// 其中 written, parts given as about so much).
func (a *auditor) soften(n int, note string) {
	if len(a.findings) > n && a.findings[n].Severity == jixiao.SeverityError {
		a.amend(n, func(f *Finding) {
			f.Severity = jixiao.SeverityWarning
			f.Message += note
		})
	}
}

func (a *auditor) where(para int) string { return "第" + itoa(para) + a.doc.Unit }

// quote shortens a sentence for a finding's location.
func quote(s string) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) > 40 {
		return "“" + string(r[:40]) + "…”"
	}
	return "“" + s + "”"
}

// Audit checks the figures of a report against each other.
func Audit(d *Document) *Result {
	// The checks read the text with its thousands separators marked.
	marked := *d
	marked.Paragraphs = make([]string, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		marked.Paragraphs[i] = markThousands(p)
	}
	d = &marked
	a := &auditor{doc: d, sents: d.sentences(false), whole: d.sentences(true), checked: Checked{}}
	a.totals()
	a.namedWithin()
	a.staffParts()
	a.sourcesWithoutQizhong()
	a.bracketed()
	a.partsThenTotal()
	a.numberedParts()
	a.numberedScores()
	a.likeItems()
	a.paidPlusUnpaid()
	a.doneAndRemaining()
	a.rectifiedParts()
	a.partLines()
	a.totalThenList()
	a.products()
	a.tables()
	a.capsOfForms()
	a.rowScores()
	a.weightColumns()
	a.rowWeights()
	a.capsAgainstFull()
	a.ratesOfForms()
	a.gluedForms()
	a.singleColumnSources()
	a.subtotalColumns()
	a.pipeTables()
	a.twoLevelTables()
	a.cellTables()
	a.staffControl()
	a.columnsOfForms()
	a.assets()
	a.lists()
	a.projectsByAmount()
	a.headingLists()
	a.batches()
	a.eachParts()
	a.listedBelow()
	a.rates()
	a.growths()
	a.adjustments()
	a.namedShares()
	a.inlineShares()
	a.bareShares()
	a.pointGaps()
	a.structureRatios()
	a.changeReasons()
	a.fromTo()
	a.fromToAmount()
	a.incomeSpendSides()
	a.remainders()
	a.twoColumns()
	a.accountsIdentity()
	a.twoYears()
	a.differences()
	a.overBudgets()
	a.rowChanges()
	a.rateColumns()
	a.balancedTotals()
	a.offsets()
	a.gradeCounts()
	a.savings()
	a.runningSums()
	a.listThenSum()
	a.executions()
	a.scores()
	a.repeats()
	a.restatedAmounts()
	sort.SliceStable(a.findings, func(i, j int) bool {
		fi, fj := a.findings[i], a.findings[j]
		if fi.Severity.Rank() != fj.Severity.Rank() {
			return fi.Severity.Rank() < fj.Severity.Rank()
		}
		if fi.Para != fj.Para {
			return fi.Para < fj.Para
		}
		return fi.Start < fj.Start
	})
	return &Result{Findings: a.findings, Checked: a.checked}
}

// Report is the result as a check report, for the outputs jixiao check
// has (text, JSON). A text file's findings are located by line.
func (r *Result) Report(d *Document) *check.Report {
	scope := r.Checked.Summary()
	if d.Note != "" {
		scope = d.Note + "\n" + scope
	}
	rep := &check.Report{Case: d.Name, Findings: Plain(r.Findings), Scope: scope, Checked: r.Checked}
	if d.Unit == "行" { // editors jump to file:line:column
		lines := map[string]int{}
		for _, f := range r.Findings {
			lines[f.Path] = f.Para
		}
		rep.Locate = func(path string) (int, int) {
			if n := lines[path]; n > 0 {
				return n, 1
			}
			return 0, 0
		}
	}
	return rep
}

// Plain returns the findings as jixiao findings, for the check report's
// outputs.
func Plain(fs []Finding) []jixiao.Finding {
	out := make([]jixiao.Finding, len(fs))
	for i, f := range fs {
		out[i] = f.Finding
	}
	return out
}
