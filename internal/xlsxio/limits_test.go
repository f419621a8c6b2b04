package xlsxio_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

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

// repeat is a reader of n bytes of s repeated.
type repeat struct {
	s    string
	n, i int64
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.i >= r.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.i < r.n {
		p[k] = r.s[r.i%int64(len(r.s))]
		k++
		r.i++
	}
	return k, nil
}

// bomb builds a workbook whose sheet inflates to size bytes; with lie set,
// the archive declares it 1 KiB.
func bomb(t *testing.T, size int64, lie bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range workbookParts {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	rows := &repeat{s: `<row><c t="inlineStr"><is><t>项目名称</t></is></c></row>`, n: size}
	// Compress by hand to know the CRC and sizes, and to be able to lie
	// about them.
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	crc := crc32.NewIEEE()
	mw := io.MultiWriter(fw, crc)
	io.WriteString(mw, head)
	io.Copy(mw, rows)
	fw.Close()
	declared := uint64(size) + uint64(len(head))
	if lie {
		declared = 1024
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

// peak runs fn while sampling the heap and returns the most it held.
func peak(fn func()) uint64 {
	runtime.GC()
	var max uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	var ms runtime.MemStats
	for {
		select {
		case <-done:
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max {
				max = ms.HeapAlloc
			}
			return max
		default:
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max {
				max = ms.HeapAlloc
			}
		}
	}
}

// TestZipBomb: a workbook that inflates to 1 GiB is refused by its declared
// size without inflating it; one that declares 1 KiB and inflates further
// is cut off where it declared; memory stays bounded in both.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 GiB stream")
	}
	honest := bomb(t, 1<<30, false)
	var err error
	used := peak(func() { _, err = xlsxio.ReadCase("炸弹.xlsx", honest) })
	if err == nil || !strings.Contains(err.Error(), "超过上限") || !strings.Contains(err.Error(), "炸弹.xlsx") {
		t.Errorf("honest bomb: %v", err)
	}
	if used > 200<<20 {
		t.Errorf("refusing the bomb used %d MiB", used>>20)
	}
	t.Logf("zip bomb of %d KiB inflating to 1 GiB: refused, peak heap %d MiB", len(honest)>>10, used>>20)
	liar := bomb(t, 512<<20, true)
	used = peak(func() { _, err = xlsxio.ReadCase("骗局.xlsx", liar) })
	if err == nil || !strings.Contains(err.Error(), "骗局.xlsx") {
		t.Errorf("lying bomb: %v", err)
	}
	if used > 200<<20 {
		t.Errorf("refusing the lying bomb used %d MiB", used>>20)
	}
	t.Logf("bomb declaring 1 KiB, inflating to 512 MiB: %v; peak heap %d MiB", err, used>>20)
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
	lim.Cells = 500
	if _, err := xlsxio.ReadCaseLimits("多格.xlsx", workbook(t, s), lim); err == nil || !strings.Contains(err.Error(), "500 个单元格") {
		t.Errorf("cell cap: %v", err)
	}
}
