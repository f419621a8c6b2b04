package xlsxio_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strings"
	"testing"
)

// Builders of large and crafted workbooks, written part by part: a sheet
// of millions of cells is a head, one row repeated n times and a tail,
// deflated by back-references (see deflateRows), so that a test makes it
// in milliseconds and holds only its compressed bytes.

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// bigSheet is a worksheet part: head, row repeated n times, tail.
type bigSheet struct {
	name            string // the sheet's name in the workbook
	head, row, tail string
	n               int
}

// sheetXML is a worksheet part around rows (and what follows sheetData,
// such as mergeCells).
func sheetXML(rows, after string) (head, tail string) {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetData>` + rows,
		`</sheetData>` + after + `</worksheet>`
}

// xlsxOf builds a workbook of sheets and other parts (name → content:
// xl/sharedStrings.xml, xl/styles.xml, docProps/core.xml…), and big
// parts made like sheets (their name is the part's).
func xlsxOf(t testing.TB, sheets []bigSheet, parts map[string]string, big ...bigSheet) []byte {
	t.Helper()
	var wb, rels, types strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + nsPkg + `">`)
	types.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i, s := range sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="`+nsRel+`/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	wb.WriteString(`</sheets></workbook>`)
	n := len(sheets)
	has := func(name string) bool {
		if _, ok := parts[name]; ok {
			return true
		}
		for _, b := range big {
			if b.name == name {
				return true
			}
		}
		return false
	}
	if has("xl/sharedStrings.xml") {
		n++
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="`+nsRel+`/sharedStrings" Target="sharedStrings.xml"/>`, n)
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	}
	if has("xl/styles.xml") {
		n++
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="`+nsRel+`/styles" Target="styles.xml"/>`, n)
		types.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	}
	rels.WriteString(`</Relationships>`)
	root := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + nsPkg + `">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>`
	if _, ok := parts["docProps/core.xml"]; ok {
		root += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`
		types.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	}
	root += `</Relationships>`
	types.WriteString(`</Types>`)
	all := map[string]string{"[Content_Types].xml": types.String(), "_rels/.rels": root, "xl/workbook.xml": wb.String(), "xl/_rels/workbook.xml.rels": rels.String()}
	for k, v := range parts {
		all[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		w, err := zw.Create(k)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, all[k])
	}
	for i, s := range sheets {
		big = append(big, bigSheet{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), head: s.head, row: s.row, tail: s.tail, n: s.n})
	}
	for _, s := range big {
		comp, crc, size := deflateRows([]byte(s.head), []byte(s.row), []byte(s.tail), s.n)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: s.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(comp)), UncompressedSize64: uint64(size)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflateRows writes a raw deflate stream of head, then row n times, then
// tail: one block of fixed Huffman codes, the repeats as back-references
// of 258 bytes. It returns the stream, the CRC-32 of what it inflates to,
// and that length.
func deflateRows(head, row, tail []byte, n int) ([]byte, uint32, int64) {
	var out []byte
	var acc uint64
	var nbits uint
	bits := func(v uint64, k uint) { // LSB first
		acc |= v << nbits
		nbits += k
		for nbits >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			nbits -= 8
		}
	}
	code := func(c uint64, k uint) { // a Huffman code, MSB first
		var r uint64
		for i := uint(0); i < k; i++ {
			r = r<<1 | (c>>i)&1
		}
		bits(r, k)
	}
	literals := func(p []byte) {
		for _, b := range p {
			if b < 144 {
				code(0x30+uint64(b), 8)
			} else {
				code(0x190+uint64(b)-144, 9)
			}
		}
	}
	bits(1, 1) // final block
	bits(1, 2) // fixed Huffman
	literals(head)
	crc := crc32.Update(0, crc32.IEEETable, head)
	size := int64(len(head))
	if n > 0 {
		literals(row)
		d := len(row)
		if d > 32768 {
			panic("row longer than the deflate window")
		}
		base := []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
		dc := 0
		for i := range base {
			if base[i] <= d {
				dc = i
			}
		}
		extra := uint(0)
		if dc >= 4 {
			extra = uint(dc/2 - 1)
		}
		rest := int64(n-1) * int64(d)
		for ; rest >= 258; rest -= 258 {
			code(0xC5, 8) // length 258 (code 285)
			code(uint64(dc), 5)
			bits(uint64(d-base[dc]), extra)
		}
		// The remainder as literals: the end of the last rows.
		for o := int64(n-1)*int64(d) - rest; o < int64(n-1)*int64(d); o++ {
			literals(row[o%int64(d) : o%int64(d)+1])
		}
		for i := 0; i < n; i++ {
			crc = crc32.Update(crc, crc32.IEEETable, row)
		}
		size += int64(n) * int64(d)
	}
	literals(tail)
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	size += int64(len(tail))
	code(0, 7) // end of block
	if nbits > 0 {
		out = append(out, byte(acc))
	}
	return out, crc, size
}

// zipParts lists the parts of a workbook and their content.
func zipParts(t testing.TB, data []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		parts[f.Name] = b
	}
	return names, parts
}

// withPart rewrites a workbook with one part replaced by head, row n
// times and tail (the other parts as they were, in their order).
func withPart(t testing.TB, data []byte, name, head, row, tail string, n int) []byte {
	t.Helper()
	names, parts := zipParts(t, data)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, k := range names {
		if k == name {
			comp, crc, size := deflateRows([]byte(head), []byte(row), []byte(tail), n)
			w, err := zw.CreateRaw(&zip.FileHeader{Name: k, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(comp)), UncompressedSize64: uint64(size)})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(comp)
			continue
		}
		w, err := zw.Create(k)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(parts[k])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
