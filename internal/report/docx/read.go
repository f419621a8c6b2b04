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
		return nil, &readError{"不是有效的 DOCX 文件（压缩结构损坏，或不是 Word 2007 以后的格式）；请用 Word 或 WPS 打开后另存为 .docx", err}
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
		return nil, &readError{"DOCX 文件已损坏，正文无法解压；请用 Word 或 WPS 打开后另存为 .docx", err}
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
			return nil, xmlError(err)
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

// readError is a document that cannot be read: a message for people (in
// Chinese, naming what was expected) over the library's error.
type readError struct {
	msg string
	err error
}

func (e *readError) Error() string { return e.msg }
func (e *readError) Unwrap() error { return e.err }

// xmlError explains a document body that is not well-formed XML.
func xmlError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &readError{fmt.Sprintf("DOCX 文件的正文已损坏（第 %d 行附近格式不正确）；请用 Word 或 WPS 打开后另存为 .docx", se.Line), err}
	}
	return &readError{"DOCX 文件的正文已损坏或不完整；请用 Word 或 WPS 打开后另存为 .docx", err}
}

const nsMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
