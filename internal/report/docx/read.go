package docx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits for reading documents from outside.
const (
	maxDocumentXML = 64 << 20 // decompressed word/document.xml
)

// Paragraph is one paragraph of a document read back: its text, and
// whether it stands in a table cell; Row numbers the table rows of the
// document (from 1; 0 outside tables), so that a row's cells can be put
// back together.
type Paragraph struct {
	Text    string
	InTable bool
	Row     int
}

// Read returns the paragraphs of a .docx in document order — body
// paragraphs and the paragraphs of table cells alike — with tabs and line
// breaks as \t and \n. It reads any WordprocessingML document, not only
// jixiao's, and refuses a document.xml larger than 64 MiB decompressed.
func Read(r io.ReaderAt, size int64) ([]Paragraph, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("不是有效的 DOCX 文件（ZIP 结构损坏或不是 Word 2007 以后的格式）：%w", err)
	}
	var doc *zip.File
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, errors.New("不是有效的 DOCX 文件：缺少 word/document.xml")
	}
	if doc.UncompressedSize64 > maxDocumentXML {
		return nil, fmt.Errorf("DOCX 正文过大（解压后 %d 字节，上限 %d）", doc.UncompressedSize64, maxDocumentXML)
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("读取 DOCX 正文失败：%w", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocumentXML+1))
	var out []Paragraph
	var b strings.Builder
	depth := 0 // table nesting
	row := 0   // the current table row
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("DOCX 正文不是合法的 XML：%w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsMain {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				depth++
			case "tr":
				row++
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			if t.Name.Space != nsMain {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				depth--
			case "t":
				inText = false
			case "p":
				p := Paragraph{Text: b.String(), InTable: depth > 0}
				if p.InTable {
					p.Row = row
				}
				out = append(out, p)
				b.Reset()
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	return out, nil
}

const nsMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
