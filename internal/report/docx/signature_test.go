package docx_test

import (
	"regexp"
	"strings"
	"testing"

	"jixiao/internal/report"
)

// paragraphRE matches one body paragraph of document.xml.
var paragraphRE = regexp.MustCompile(`<w:p>(?:<w:pPr>(.*?)</w:pPr>)?(.*?)</w:p>`)

// bodyParagraph is a paragraph's properties and text as written.
type bodyParagraph struct{ props, text string }

func bodyParagraphs(doc string) []bodyParagraph {
	var out []bodyParagraph
	text := regexp.MustCompile(`<w:t[^>]*>([^<]*)</w:t>`)
	for _, m := range paragraphRE.FindAllStringSubmatch(doc, -1) {
		var b strings.Builder
		for _, t := range text.FindAllStringSubmatch(m[2], -1) {
			b.WriteString(t[1])
		}
		out = append(out, bodyParagraph{m[1], b.String()})
	}
	return out
}

// The body ends with the 落款: a blank line, the unit's name centred over
// the date, the date right-aligned four characters (4 × 315 twips) from the
// right margin; the reference report states no date, so the date is the
// highlighted placeholder. The appendices follow on a new page.
func TestSignature(t *testing.T) {
	d := reference(t)
	doc := parts(t, render(t, d))["word/document.xml"]
	ps := bodyParagraphs(doc)
	at := -1
	for i, p := range ps {
		if p.text == "【待填写：成文日期】" {
			at = i
		}
	}
	if at < 2 {
		t.Fatal("no date placeholder in the document")
	}
	blank, org, date := ps[at-2], ps[at-1], ps[at]
	if blank.text != "" || !strings.Contains(blank.props, "<w:keepNext/>") {
		t.Errorf("no blank line above the 落款: %+v", blank)
	}
	// The name (12 characters) centred over the date (10 characters):
	// 4 + (10 − 12) / 2 = 3 characters from the right margin.
	if org.text != "石家庄市自然资源和规划局" || !strings.Contains(org.props, `<w:ind w:rightChars="300" w:right="945" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>`) {
		t.Errorf("落款 name: %+v", org)
	}
	if !strings.Contains(date.props, `<w:ind w:rightChars="400" w:right="1260" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>`) {
		t.Errorf("成文日期: %+v", date)
	}
	if !regexp.MustCompile(`<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">【待填写：成文日期】`).MatchString(doc) {
		t.Error("the date placeholder is not highlighted")
	}
	if next := ps[at+1]; !strings.Contains(next.props, "<w:pageBreakBefore/>") || !strings.HasPrefix(next.text, "附表1") {
		t.Errorf("after the 落款: %+v, want the first appendix on a new page", next)
	}

	// A date prints in arabic numerals without leading zeros; the name
	// centred over it: 4 + (6 − 12) / 2 = 1 character.
	for i := range d.Blocks {
		if s := d.Blocks[i].Signature; s != nil {
			s.Date = report.Run{Text: "2025年3月5日"}
		}
	}
	ps = bodyParagraphs(parts(t, render(t, d))["word/document.xml"])
	for i, p := range ps {
		if p.text == "2025年3月5日" {
			if !strings.Contains(ps[i-1].props, `w:rightChars="100" w:right="315"`) || !strings.Contains(p.props, `w:rightChars="400"`) {
				t.Errorf("落款 with a date: %+v %+v", ps[i-1], p)
			}
			return
		}
	}
	t.Error("the date is not printed")
}

// Paragraphs with a long number are set flush left, not justified, so that
// the line before the number is not stretched; others stay justified.
func TestRaggedAroundLongNumbers(t *testing.T) {
	ps := bodyParagraphs(parts(t, render(t, reference(t)))["word/document.xml"])
	ragged, justified := 0, 0
	for _, p := range ps {
		if !strings.Contains(p.props, `<w:pStyle w:val="Body"/>`) || p.text == "" {
			continue
		}
		left := strings.Contains(p.props, `<w:jc w:val="left"/>`)
		switch long := report.Ragged(p.text); {
		case long && !left:
			t.Errorf("justified with a long number: %.60s", p.text)
		case !long && left:
			t.Errorf("flush left without a long number: %.60s", p.text)
		case long:
			ragged++
		default:
			justified++
		}
		if strings.Contains(p.text, "598154.02万元") && !left {
			t.Errorf("the budget paragraph is justified: %.60s", p.text)
		}
	}
	if ragged < 4 || justified < 20 {
		t.Errorf("%d paragraphs flush left, %d justified", ragged, justified)
	}
}

func TestRagged(t *testing.T) {
	for s, want := range map[string]bool{
		"年初预算收入598154.02万元": true, "收入9154.02万元": false, "2024年度": false, "https://example.org": true,
		"得分96分，评价等级为“优秀”": false, "1234 5678": false, "": false, "“2024—2025”": false, "项目编码13010024000000001": true,
	} {
		if got := report.Ragged(s); got != want {
			t.Errorf("Ragged(%q) = %v, want %v", s, got, want)
		}
	}
}
