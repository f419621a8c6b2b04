package pdf_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/pdf"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/testutil"
)

// reference builds the reference case's report (the 石家庄 2024 department).
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

// exampleDOCX scores the example case at path by its rulebook and renders
// its report as DOCX.
func exampleDOCX(t testing.TB, path string) (*jixiao.Scorecard, []byte) {
	t.Helper()
	f, err := caseio.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Load(f.Evaluation.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scoring.Score(f.Evaluation, rb)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := docx.Render(&buf, report.Build(f.Evaluation, sc, report.DefaultOptions)); err != nil {
		t.Fatal(err)
	}
	return sc, buf.Bytes()
}

// The page in points, GB/T 9704: A4, inside margin 28 mm, outside 26 mm
// (mirrored: odd pages have the inside on the left), type area 156 × 225
// mm from 37 mm below the top; body text 16 pt.
const (
	mm       = 72 / 25.4
	inside   = 28 * mm
	outside  = 26 * mm
	typeW    = 156 * mm
	typeTop  = 37 * mm
	typeBot  = (37 + 225) * mm
	bodySize = 16.0
	pitch    = 225 * mm / 22
)

// line is a line of text in a PDF, as pdftotext -bbox-layout finds it.
type line struct {
	XMin, YMin, XMax, YMax float64
	Text                   string
}

// pages reads the lines of every page of the PDF file.
func pages(t *testing.T, pdftotext, file string) [][]line {
	t.Helper()
	out, err := exec.Command(pdftotext, "-bbox-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Lines []struct {
				XMin  float64  `xml:"xMin,attr"`
				YMin  float64  `xml:"yMin,attr"`
				XMax  float64  `xml:"xMax,attr"`
				YMax  float64  `xml:"yMax,attr"`
				Words []string `xml:"word"`
			} `xml:"flow>block>line"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var ps [][]line
	for _, p := range doc.Pages {
		var ls []line
		for _, l := range p.Lines {
			ls = append(ls, line{l.XMin, l.YMin, l.XMax, l.YMax, strings.Join(l.Words, " ")})
		}
		ps = append(ps, ls)
	}
	return ps
}

// pureCJK reports whether s is Chinese characters and full-width
// punctuation only.
func pureCJK(s string) bool {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303f, r >= 0xff01 && r <= 0xff5e && !unicode.IsDigit(r-0xfee0) && !unicode.IsLetter(r-0xfee0),
			r == '“', r == '”', r == '‘', r == '’', r == '—', r == '…', r == '·':
		default:
			return false
		}
	}
	return s != ""
}

// The reference report's PDF, converted by LibreOffice from its DOCX
// (one conversion shared by every assertion): the text holds every figure
// of the reference report; fonts are embedded, none is Type 3, the Chinese
// ones are CID fonts; the pages are GB/T 9704's (22 lines of 28
// characters, mirrored margins, page numbers on the outer side), none is
// blank, and every table's heading rows repeat on each page it spans.
func TestReferencePDF(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	pdftotext := testutil.Tool(t, "pdftotext")
	pdffonts := testutil.Tool(t, "pdffonts")
	doc := reference(t)
	var buf bytes.Buffer
	if err := docx.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	data, err := pdf.Print(context.Background(), buf.Bytes(), pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", data)
	}
	file := filepath.Join(t.TempDir(), "reference.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("JIXIAO_KEEP_PDF"); dir != "" {
		os.WriteFile(filepath.Join(dir, "reference.pdf"), data, 0o644)
	}
	ps := pages(t, pdftotext, file)
	// heading reports whether l starts a heading.
	heading := func(l line) bool {
		text := strings.Join(strings.Fields(l.Text), "")
		for _, b := range doc.Blocks {
			if b.Heading != nil && strings.HasPrefix(strings.Join(strings.Fields(b.Heading.Text), ""), text) {
				return true
			}
		}
		return false
	}
	// isBody reports whether l is a line of body text (16 pt), not a
	// table's caption.
	isBody := func(l line) bool {
		h := l.YMax - l.YMin
		if h < bodySize-1 || h > bodySize+2 || l.YMin > typeBot {
			return false
		}
		text := strings.Join(strings.Fields(l.Text), "")
		for _, b := range doc.Blocks {
			if b.Table != nil && b.Table.Caption != "" && strings.Contains(strings.Join(strings.Fields(b.Table.Caption), ""), text) {
				return false
			}
		}
		return true
	}

	t.Run("figures", func(t *testing.T) {
		out, err := exec.Command(pdftotext, file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		src, err := os.ReadFile("../../../examples/shijiazhuang-2024-report.txt")
		if err != nil {
			t.Fatal(err)
		}
		have := testutil.Numbers(text)
		lines := strings.Split(string(src), "\n")
		total := 0
		for _, sec := range []struct{ from, to string }{{"一、部门基本情况", "二、"}, {"三、", "四、"}, {"四、", "五、"}} {
			s := testutil.Section(lines, sec.from, sec.to)
			if len(s) < 100 {
				t.Fatalf("section %s not found", sec.from)
			}
			for n := range testutil.Numbers(s) {
				total++
				if !have[n] {
					t.Errorf("section %s states %s; the PDF does not", sec.from, n)
				}
			}
		}
		if total < 100 {
			t.Errorf("only %d figures compared", total)
		}
		for _, s := range []string{"598154.02", "250319.83", "141981.96", "24792.00", "117122.04", "67.92", "151063.35", "6654.62",
			"1112人", "693人", "等18个下属单位", "得16分", "得14分", "得分96分", "“优秀”", "2024年度整体支出绩效自评报告"} {
			if !strings.Contains(text, s) {
				t.Errorf("PDF text lacks %q", s)
			}
		}
	})

	t.Run("fonts", func(t *testing.T) {
		out, err := exec.Command(pdffonts, file).Output()
		if err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
		cid := map[string]bool{}
		for _, r := range rows {
			f := strings.Fields(r)
			name, kind, emb, uni := f[0], strings.Join(f[1:len(f)-6], " "), f[len(f)-5], f[len(f)-3]
			if strings.Contains(kind, "Type 3") || emb != "yes" || uni != "yes" {
				t.Errorf("font %s: %s, embedded %s, ToUnicode %s", name, kind, emb, uni)
			}
			if strings.HasPrefix(kind, "CID ") {
				cid[name[strings.Index(name, "+")+1:]] = true
			}
		}
		// The three Chinese faces the DOCX's fonts map to: 宋 (仿宋,
		// 小标宋), 黑, 楷.
		for _, face := range []string{"UMingCN", "WenQuanYiZenHei", "UKaiCN"} {
			if !cid[face] {
				t.Errorf("no CID font %s:\n%s", face, out)
			}
		}
	})

	t.Run("pages", func(t *testing.T) {
		cjk, full, hanging, short := 0, 0, 0, 0
		for i, ls := range ps {
			n := i + 1
			left := inside
			if n%2 == 0 {
				left = outside
			}
			var body, other []line
			var number *line
			for _, l := range ls {
				switch {
				case l.YMin > typeBot:
					number = &l
				case isBody(l):
					body = append(body, l)
				default:
					other = append(other, l)
				}
			}
			if len(body)+len(other) == 0 {
				t.Errorf("page %d is blank", n)
			}
			// The page number "— n —" on the outer side.
			if number == nil || strings.Join(strings.Fields(number.Text), "") != fmt.Sprintf("—%d—", n) {
				t.Errorf("page %d: page number %+v", n, number)
			} else if n%2 == 1 && number.XMax < 595-outside-20 || n%2 == 0 && number.XMin > outside+20 {
				t.Errorf("page %d: page number at %.0f–%.0f pt, not on the outer side", n, number.XMin, number.XMax)
			}
			for _, l := range append(body, other...) {
				// Punctuation may hang past the right margin (LibreOffice
				// and Word allow it by default): one character's width.
				if l.XMin < left-1 || l.XMax > left+typeW+bodySize+1 || l.YMin < typeTop-1 {
					t.Errorf("page %d: %q outside the type area (%.1f–%.1f pt across, left margin %.1f)", n, l.Text, l.XMin, l.XMax, left)
				}
			}
			for _, l := range body {
				// Body lines sit on the grid of 22 lines.
				if k := (l.YMax - body[0].YMax) / pitch; math.Abs(k-math.Round(k)) > 0.1 {
					t.Errorf("page %d: %q off the line grid (%.2f lines below the first)", n, l.Text, k)
				}
				text := strings.ReplaceAll(l.Text, " ", "")
				if !pureCJK(text) {
					continue
				}
				cjk++
				if l.XMax > left+typeW+1 {
					hanging++
					_, size := utf8.DecodeLastRuneInString(text)
					text = text[:len(text)-size] // the hanging punctuation
				}
				chars := utf8.RuneCountInString(text) + int(math.Round((l.XMin-left)/bodySize))
				if chars > 28 {
					t.Errorf("page %d: %d characters in %q", n, chars, text)
				}
				// A line at the natural pitch (not stretched by justification
				// before a word that did not fit) that reaches the right
				// margin is full.
				natural := (min(l.XMax, left+typeW)-l.XMin)/float64(utf8.RuneCountInString(text)) < bodySize
				if natural && l.XMax > left+typeW-bodySize/2 {
					full++
					if chars != 28 {
						t.Errorf("page %d: full line of %d characters: %q", n, chars, text)
					}
				}
			}
			// A page of body text only, followed by more body text, is
			// full: 22 lines; where the next page starts with a heading
			// (kept with the text after it), one or two lines may stay
			// empty.
			if next := ps[min(i+1, len(ps)-1)]; len(other) == 0 && n < len(ps) && len(body) != 22 && len(next) > 0 && isBody(next[0]) {
				if !heading(next[0]) || len(body) < 20 {
					t.Errorf("page %d: %d lines of body text, want 22", n, len(body))
				}
				short++
			}
		}
		t.Logf("%d pages, %d pure-CJK body lines, %d of them full, %d with punctuation hanging past the margin; %d pages short before a heading", len(ps), cjk, full, hanging, short)
		if full < 50 {
			t.Errorf("only %d full pure-CJK lines measured", full)
		}
	})

	t.Run("table headings", func(t *testing.T) {
		flat := make([]string, len(ps))
		for i, ls := range ps {
			for _, l := range ls {
				flat[i] += strings.Join(strings.Fields(l.Text), "")
			}
		}
		// find returns the page and offset of s at or after (page, off).
		find := func(s string, page, off int) (int, int) {
			for p := page; p < len(flat); p++ {
				from := 0
				if p == page {
					from = off
				}
				if i := strings.Index(flat[p][from:], s); i >= 0 {
					return p, from + i + len(s)
				}
			}
			return -1, 0
		}
		page, off, spans := 0, 0, 0
		for _, b := range doc.Blocks {
			tb := b.Table
			if tb == nil {
				continue
			}
			var head []string
			for _, c := range tb.Header[0] {
				if s := strings.Join(strings.Fields(c.Text), ""); s != "" {
					head = append(head, s)
				}
			}
			if c := strings.Join(strings.Fields(tb.Caption), ""); c != "" {
				if p, po := find(c, page, off); p >= 0 {
					page, off = p, po
				}
			}
			first, o := find(head[0], page, off)
			if first < 0 {
				t.Fatalf("table %q: heading %q not found after page %d", tb.Caption, head[0], page+1)
			}
			last, lo := first, o
			for _, row := range tb.Rows {
				for _, c := range row {
					if s := strings.Join(strings.Fields(c.Text), ""); utf8.RuneCountInString(s) >= 2 {
						if p, po := find(s, last, lo); p >= 0 {
							last, lo = p, po
						}
						break
					}
				}
			}
			for p := first + 1; p <= last; p++ {
				spans++
				for _, h := range head {
					if !strings.Contains(flat[p], h) {
						t.Errorf("table %q continues on page %d without its heading %q", tb.Caption, p+1, h)
					}
				}
			}
			page, off = last, lo
		}
		t.Logf("%d continuation pages of tables checked", spans)
		if spans == 0 {
			t.Error("no table spans two pages: the repeated headings are not tested")
		}
	})
}
