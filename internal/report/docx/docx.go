// Package docx renders a report.Document as a Word document (.docx) in the
// official document format users expect (GB/T 9704-2012): A4 with the
// standard margins, the title in 方正小标宋简体 二号, body text in
// 仿宋_GB2312 三号 at a fixed line pitch of 22 lines a page, level-1
// headings in 黑体, level-2 in 楷体_GB2312, level-3 in bold 仿宋, page
// numbers "— 1 —" in 四号 宋体 on the outer side, and tables whose header
// rows repeat on every page.
//
// It is a small WordprocessingML writer on archive/zip: the parts are
// written directly, so that the output is deterministic (no dates) and
// opens in Word, WPS and LibreOffice.
package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"jixiao/internal/report"
)

// Page geometry in twips (1/1440 inch) from GB/T 9704-2012: A4, top 37 mm,
// left 28 mm, type area 156 × 225 mm.
const (
	pageW       = 11906 // 210 mm
	pageH       = 16838 // 297 mm
	marginTop   = 2098  // 37 mm
	marginLeft  = 1588  // 28 mm
	marginRight = 1474  // 26 mm
	marginBot   = 1984  // 35 mm
	footerDist  = 1304  // 23 mm: page number 7 mm below the type area
	typeWidth   = pageW - marginLeft - marginRight
	linePitch   = 579 // 28.95 pt: 22 lines in the 225 mm type area
	// condense narrows each character of body text by 0.25 pt (in 1/20
	// pt), so that 28 characters of 三号 (16 pt) fill the 156 mm line:
	// 28 × 15.75 pt = 441 pt ≤ 442.2 pt < 29 × 15.75 pt. (A character grid,
	// docGrid linesAndChars, does the same in Word but LibreOffice and WPS
	// render it with far fewer characters a line.)
	condense = -5
)

// Fonts. The East Asian names are those Chinese Windows and WPS install;
// other systems substitute (LibreOffice maps them to Noto/WenQuanYi).
const (
	fontTitle   = "方正小标宋简体"
	fontBody    = "仿宋_GB2312"
	fontHei     = "黑体"
	fontKai     = "楷体_GB2312"
	fontSong    = "宋体"
	fontLatin   = "Times New Roman"
	sizeBody    = 32 // half-points: 三号 16 pt
	sizeTitle   = 44 // 二号 22 pt
	sizeTable   = 24 // 小四 12 pt
	sizeCaption = 28 // 四号 14 pt
	sizePageNum = 28 // 四号 14 pt
)

// Render writes d as a .docx package to w.
func Render(w io.Writer, d *report.Document) error {
	z := zip.NewWriter(w)
	parts := []struct {
		name string
		body string
	}{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(d)},
		{"docProps/app.xml", appProps},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles()},
		{"word/settings.xml", settings},
		{"word/fontTable.xml", fontTable},
		{"word/footer1.xml", footer("right")},
		{"word/footer2.xml", footer("left")},
		{"word/document.xml", document(d)},
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
	`</Relationships>`

const appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>jixiao</Application></Properties>`

func coreProps(d *report.Document) string {
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(strings.Join(d.Title, "")) + `</dc:title><dc:subject>` + esc(d.Subject) + `</dc:subject>` +
		`<dc:creator>` + esc(d.Author) + `</dc:creator></cp:coreProperties>`
}

// settings: mirrored margins and even and odd footers (page numbers on the
// outer side), CJK punctuation compression, Word 2013+ compatibility.
const settings = xmlHeader + `<w:settings ` + nsW + `>` +
	`<w:mirrorMargins/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
	`<w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// fontTable declares the Chinese fonts with the names other systems know
// them by, so that WPS and LibreOffice substitute sensibly.
var fontTable = xmlHeader + `<w:fonts ` + nsW + `>` +
	font(fontBody, "仿宋", "modern") + font(fontTitle, "方正小标宋_GBK", "script") + font(fontHei, "SimHei", "modern") +
	font(fontKai, "楷体", "script") + font(fontSong, "SimSun", "auto") +
	`<w:font w:name="` + fontLatin + `"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

func font(name, alt, family string) string {
	return `<w:font w:name="` + name + `"><w:altName w:val="` + alt + `"/><w:charset w:val="86"/><w:family w:val="` + family + `"/><w:pitch w:val="fixed"/></w:font>`
}

func rFonts(eastAsia string) string {
	return `<w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:eastAsia="` + eastAsia + `" w:cs="` + fontLatin + `"/>`
}

// songFonts sets every script in 宋体: page numbers are 半角宋体.
const songFonts = `<w:rFonts w:ascii="` + fontSong + `" w:hAnsi="` + fontSong + `" w:eastAsia="` + fontSong + `" w:cs="` + fontSong + `"/>`

func sz(halfPoints int) string {
	return fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, halfPoints, halfPoints)
}

// styles defines the document defaults (仿宋 三号, fixed line pitch) and the
// paragraph styles the renderer uses.
func styles() string {
	exact := fmt.Sprintf(`<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/>`, linePitch)
	indent := `<w:ind w:firstLineChars="200" w:firstLine="640"/>`
	style := func(id, name, ppr, rpr string) string {
		return `<w:style w:type="paragraph" w:customStyle="1" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
			`<w:pPr>` + ppr + `</w:pPr><w:rPr>` + rpr + `</w:rPr></w:style>`
	}
	heading := func(level int, eastAsia string, bold bool) string {
		b := ""
		if bold {
			b = `<w:b/><w:bCs/>`
		}
		return `<w:style w:type="paragraph" w:styleId="Heading` + fmt.Sprint(level) + `"><w:name w:val="heading ` + fmt.Sprint(level) + `"/>` +
			`<w:basedOn w:val="Normal"/><w:next w:val="Body"/><w:qFormat/>` +
			`<w:pPr><w:keepNext/><w:keepLines/>` + exact + indent + fmt.Sprintf(`<w:outlineLvl w:val="%d"/>`, level-1) + `</w:pPr>` +
			`<w:rPr>` + rFonts(eastAsia) + b + fmt.Sprintf(`<w:spacing w:val="%d"/>`, condense) + sz(sizeBody) + `</w:rPr></w:style>`
	}
	return xmlHeader + `<w:styles ` + nsW + `>` +
		// Ambiguous punctuation (“”‘’…—) is East Asian (w:hint), so Word sets
		// it in the Chinese font; no widow control, which would leave pages
		// short of their 22 lines.
		`<w:docDefaults><w:rPrDefault><w:rPr>` + strings.Replace(rFonts(fontBody), "<w:rFonts ", `<w:rFonts w:hint="eastAsia" `, 1) + sz(sizeBody) +
		`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>` + exact + `<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
		`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		style("Title", "标题（公文）", fmt.Sprintf(`<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/><w:jc w:val="center"/>`, 700),
			rFonts(fontTitle)+sz(sizeTitle)) +
		style("Body", "正文（公文）", indent, fmt.Sprintf(`<w:spacing w:val="%d"/>`, condense)) +
		heading(1, fontHei, false) + heading(2, fontKai, false) + heading(3, fontBody, true) + heading(4, fontBody, false) +
		style("TableText", "表格文字", `<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="exact"/><w:jc w:val="left"/>`, sz(sizeTable)) +
		style("Caption", "表题", `<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="240" w:after="120" w:line="400" w:lineRule="exact"/><w:jc w:val="center"/>`,
			rFonts(fontHei)+sz(sizeCaption)) +
		style("Note", "注释", `<w:snapToGrid w:val="0"/><w:spacing w:before="60" w:after="60" w:line="320" w:lineRule="exact"/>`, sz(sizeTable)) +
		style("Footer", "页脚", `<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`, songFonts+sz(sizePageNum)) +
		`</w:styles>`
}

// footer is a page-number footer, "— 1 —", on the given side with one
// character's space from the edge of the type area.
func footer(side string) string {
	ind := `<w:ind w:rightChars="100" w:right="280"/>`
	if side == "left" {
		ind = `<w:ind w:leftChars="100" w:left="280"/>`
	}
	run := func(t string) string {
		return `<w:r><w:rPr>` + songFonts + sz(sizePageNum) + `</w:rPr><w:t xml:space="preserve">` + t + `</w:t></w:r>`
	}
	return xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/>` + ind + `<w:jc w:val="` + side + `"/></w:pPr>` +
		run("— ") +
		`<w:fldSimple w:instr=" PAGE ">` + run("1") + `</w:fldSimple>` +
		run(" —") + `</w:p></w:ftr>`
}

// esc escapes text for XML and drops characters XML 1.0 does not allow.
func esc(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == utf8.RuneError && size == 1:
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r < 0xD800 || r >= 0xE000 && r < 0xFFFE || r >= 0x10000 && r <= 0x10FFFF:
			b.WriteRune(r)
		}
	}
	return b.String()
}
