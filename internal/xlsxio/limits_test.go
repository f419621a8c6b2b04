package xlsxio_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"

	"jixiao/internal/testutil"
	"jixiao/internal/xlsxio"
)

// minimal parts of a workbook around one sheet.
var workbookParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}

// bomb builds a workbook whose sheet inflates to about size bytes; with
// lie set, the archive declares it 1 KiB.
func bomb(t *testing.T, size int64, lie bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range workbookParts {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	row := `<row><c t="inlineStr"><is><t>项目名称</t></is></c></row>`
	comp, n := deflateRepeat([]byte(head), []byte(row), size)
	declared := uint64(n)
	if lie {
		declared = 1024
	}
	// The CRC is not that of the content: a reader that checks it has read
	// the whole part, which the limits must prevent.
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: 0x1234,
		CompressedSize64: uint64(len(comp)), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp)
	zw.Close()
	return buf.Bytes()
}

// deflateRepeat writes a raw deflate stream (one block, fixed Huffman
// codes) of head, then pat, then pat repeated by back-references until
// about total bytes: a zip bomb, made in a moment. It returns the stream
// and its inflated length.
func deflateRepeat(head, pat []byte, total int64) ([]byte, int64) {
	comp, _, size := deflateRows(head, pat, nil, max(1, int((total-int64(len(head)))/int64(len(pat)))))
	return comp, size
}

// TestZipBomb: a workbook that inflates to 300 MiB (over the 256 MiB part limit) is refused by its declared
// size without inflating it; one that declares 1 KiB and inflates further
// is cut off where it declared; memory stays bounded in both.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300 MiB stream")
	}
	honest := bomb(t, 300<<20, false)
	var err error
	used := testutil.PeakHeap(func() { _, err = xlsxio.ReadCase("炸弹.xlsx", honest) })
	if err == nil || !strings.Contains(err.Error(), "超过上限") || !strings.Contains(err.Error(), "炸弹.xlsx") {
		t.Errorf("honest bomb: %v", err)
	}
	if used > 200<<20 {
		t.Errorf("refusing the bomb used %d MiB", used>>20)
	}
	t.Logf("zip bomb of %d KiB inflating to 300 MiB: refused, peak heap %d MiB", len(honest)>>10, used>>20)
	liar := bomb(t, 300<<20, true)
	used = testutil.PeakHeap(func() { _, err = xlsxio.ReadCase("骗局.xlsx", liar) })
	if err == nil || !strings.Contains(err.Error(), "骗局.xlsx") {
		t.Errorf("lying bomb: %v", err)
	}
	if used > 200<<20 {
		t.Errorf("refusing the lying bomb used %d MiB", used>>20)
	}
	t.Logf("bomb declaring 1 KiB, inflating to 300 MiB: %v; peak heap %d MiB", err, used>>20)
}

// TestDeflateRepeat checks the bomb maker: its stream inflates to what it
// says, the head and then the pattern over and over.
func TestDeflateRepeat(t *testing.T) {
	comp, n := deflateRepeat([]byte("<head>"), []byte("<row>项目</row>"), 4<<20)
	data, err := io.ReadAll(flate.NewReader(bytes.NewReader(comp)))
	if err != nil || int64(len(data)) != n || n < 4<<20-258 {
		t.Fatalf("inflated %d bytes (want %d): %v", len(data), n, err)
	}
	if !strings.HasPrefix(string(data), "<head><row>项目</row><row>项目</row>") || strings.Count(string(data), "<row>项目</row>") < 200000 {
		t.Errorf("content: %.60q", data)
	}
	t.Logf("%d bytes of deflate inflate to %d", len(comp), n)
}

func TestOversizeAndCaps(t *testing.T) {
	big := make([]byte, xlsxio.DefaultLimits.FileSize+1)
	copy(big, "PK")
	if _, err := xlsxio.ReadCase("大文件.xlsx", big); err == nil || !strings.Contains(err.Error(), "文件过大") {
		t.Errorf("oversize: %v", err)
	}
	s := national()
	for i := 0; i < 300; i++ {
		s.rows = append(s.rows, []any{nil, "产出指标", "数量指标", "指标", "≥1", "1", 1, 1})
	}
	lim := xlsxio.DefaultLimits
	lim.Rows = 100
	if _, err := xlsxio.ReadCaseLimits("长表.xlsx", workbook(t, s), lim); err == nil || !strings.Contains(err.Error(), "100 行") {
		t.Errorf("row cap: %v", err)
	}
	lim = xlsxio.DefaultLimits
	lim.TableCells = 500
	if _, err := xlsxio.ReadCaseLimits("多格.xlsx", workbook(t, s), lim); err == nil || !strings.Contains(err.Error(), "500 个单元格") {
		t.Errorf("cell cap: %v", err)
	}
}
