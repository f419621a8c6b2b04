package xlsxio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao"
)

// book is an uploaded workbook opened for reading. Its parts are read
// from the archive as streams, each when needed, by jixiao's own scanner:
// no part is ever inflated whole, and excelize never sees the file.
type book struct {
	name     string
	lim      Limits
	deadline time.Time
	files    map[string]*zip.File // by lower-case name
	sheets   []sheetRef
	keywords string // of the document properties
	date1904 bool
	rels     map[string]string // the workbook's relationships: type → target, for the single parts

	sst    *sharedStrings // read at first use
	sstErr error          // why they could not be read
	styles *styleSheet    // read at first use
	heads  map[string][][]string

	interned map[string]string // see intern
}

// sheetRef is a worksheet: its name and its part.
type sheetRef struct {
	name, part string
}

// open checks a workbook's archive against lim and reads its list of
// sheets. Values are read as the cells hold them (formulas only by their
// cached values; they are never evaluated).
func open(name string, data []byte, lim Limits) (*book, error) {
	start := time.Now()
	if int64(len(data)) > lim.FileSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, lim.FileSize>>20)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 是旧版 Excel 文件（.xls）或加密的工作簿，jixiao 读取 .xlsx：请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx），取消密码后再导入", name)
	}
	// The archive's directory is read whole by zip.NewReader: count its
	// entries first, from the record at its end.
	if n, ok := declaredEntries(data); ok && n > uint64(lim.Entries) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 包含 %d 个部件，超过上限 %d，不像是正常的工作簿", name, n, lim.Entries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是有效的 .xlsx 工作簿（无法按 zip 格式读取）：请用 Excel 或 WPS 另存为 .xlsx 后再导入", name)
	}
	if len(zr.File) > lim.Entries {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 包含 %d 个部件，超过上限 %d，不像是正常的工作簿", name, len(zr.File), lim.Entries)
	}
	b := &book{name: name, lim: lim, deadline: start.Add(lim.Time), files: map[string]*zip.File{}, rels: map[string]string{}, heads: map[string][][]string{}, interned: map[string]string{}}
	var total uint64
	for _, f := range zr.File {
		// The declared sizes bound what can be read: archive/zip refuses a
		// part that inflates beyond its declared size.
		if f.UncompressedSize64 > uint64(lim.Part) {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s 的部件 %s 解压后有 %d MiB，超过上限 %d MiB（可能是恶意构造的压缩文件）", name, f.Name, f.UncompressedSize64>>20, lim.Part>>20)
		}
		total += f.UncompressedSize64
		key := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := b.files[key]; !dup {
			b.files[key] = f
		}
	}
	if total > uint64(lim.Unzipped) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 解压后共有 %d MiB，超过上限 %d MiB（可能是恶意构造的压缩文件）", name, total>>20, lim.Unzipped>>20)
	}
	if err := b.readWorkbook(); err != nil {
		return nil, err
	}
	if len(b.sheets) > lim.Sheets {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 有 %d 个工作表，超过上限 %d", name, len(b.sheets), lim.Sheets)
	}
	return b, nil
}

// declaredEntries is the number of entries a zip archive's end of
// central directory record declares (its zip64 record's, when there is
// one); false when there is no such record.
func declaredEntries(data []byte) (uint64, bool) {
	const eocdLen, locLen = 22, 20
	start := max(0, len(data)-(eocdLen+65535))
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 || len(data)-(start+i) < eocdLen {
		return 0, false
	}
	at := start + i
	n := uint64(binary.LittleEndian.Uint16(data[at+10:]))
	if loc := at - locLen; loc >= 0 && string(data[loc:loc+4]) == "PK\x06\x07" {
		off := binary.LittleEndian.Uint64(data[loc+8:])
		if off <= uint64(len(data)-56) && string(data[off:off+4]) == "PK\x06\x06" {
			n = max(n, binary.LittleEndian.Uint64(data[off+32:]))
		}
	}
	return n, true
}

// notWorkbook explains a file that is a zip archive but no workbook.
func (b *book) notWorkbook(what string) error {
	return jixiao.Errorf(jixiao.EINVALID, "%s 无法作为工作簿打开（%s）；请用 Excel 或 WPS 另存为 .xlsx 后再导入", b.name, what)
}

// part opens a part of the archive by name (case-insensitive) as a stream
// that checks the time budget as it is read; nil when there is none.
func (b *book) part(name string) (io.ReadCloser, error) {
	f := b.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &timedReader{rc: rc, b: b}, nil
}

// timedReader stops reading a part when the time budget is spent.
type timedReader struct {
	rc io.ReadCloser
	b  *book
}

func (t *timedReader) Read(p []byte) (int, error) {
	if err := t.b.inTime(); err != nil {
		return 0, err
	}
	return t.rc.Read(p)
}

func (t *timedReader) Close() error { return t.rc.Close() }

// inTime is nil while the time budget lasts.
func (b *book) inTime() error {
	if time.Now().After(b.deadline) {
		return jixiao.Errorf(jixiao.EINVALID, "%s：读取超过 %g 秒仍未完成，已停止。工作簿过大或结构异常；请删去无关的工作表和内容，或用 Excel、WPS 另存后再导入",
			b.name, b.lim.Time.Seconds())
	}
	return nil
}

// scanPart scans a part with fn, called at each start tag, and explains
// what went wrong in it; a missing part is no error.
func (b *book) scanPart(name string, attrs []string, fn func(s *scanner) error) error {
	return b.scanPartTokens(name, attrs, func(s *scanner, tok int) error {
		if tok == tokStart {
			return fn(s)
		}
		return nil
	})
}

// errStop ends a scan early, without error.
var errStop = errors.New("stop")

// damagedPart explains a part that cannot be read; errors already
// explained (limits, time) pass.
func (b *book) damagedPart(name string, err error) error {
	var je *jixiao.Error
	if errors.As(err, &je) {
		return err
	}
	return jixiao.Errorf(jixiao.EINVALID, "%s 已损坏或格式不正确（部件 %s：%s）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入", b.name, name, describe(err))
}

// describe says in Chinese what went wrong reading a part.
func describe(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "内容不完整"
	case errors.Is(err, zip.ErrChecksum):
		return "校验和不符"
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm):
		return "压缩格式无法读取"
	case errors.Is(err, errSyntax):
		return "XML 格式不正确"
	case errors.Is(err, errTextLong):
		return "文字过长"
	}
	return "无法读取"
}

// readWorkbook reads the workbook part: the sheets and their parts, the
// date system, and the document properties.
func (b *book) readWorkbook() error {
	const officeDoc = "/officeDocument"
	wbPath := "xl/workbook.xml"
	if err := b.scanPart("_rels/.rels", []string{"Relationship"}, func(s *scanner) error {
		if s.is("Relationship") {
			typ, target := string(s.get("Type")), string(s.get("Target"))
			switch {
			case strings.HasSuffix(typ, officeDoc):
				wbPath = resolve("", target)
			case strings.HasSuffix(typ, "/core-properties"):
				b.rels["core"] = resolve("", target)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if b.files[strings.ToLower(wbPath)] == nil {
		return b.notWorkbook("没有 workbook.xml")
	}
	dir := path.Dir(wbPath)
	relPath := path.Join(dir, "_rels", path.Base(wbPath)+".rels")
	targets := map[string]string{}
	types := map[string]string{}
	if err := b.scanPart(relPath, []string{"Relationship"}, func(s *scanner) error {
		if s.is("Relationship") {
			if len(targets) >= b.lim.Entries {
				return errSyntax
			}
			id, typ, target := string(s.get("Id")), string(s.get("Type")), string(s.get("Target"))
			targets[id] = resolve(dir, target)
			types[id] = typ
			for _, k := range []string{"sharedStrings", "styles"} {
				if strings.HasSuffix(typ, "/"+k) {
					b.rels[k] = resolve(dir, target)
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	for k, def := range map[string]string{"sharedStrings": "xl/sharedStrings.xml", "styles": "xl/styles.xml"} {
		if b.rels[k] == "" {
			b.rels[k] = def
		}
	}
	listed := 0
	err := b.scanPart(wbPath, []string{"sheet", "workbookPr"}, func(s *scanner) error {
		switch {
		case s.is("workbookPr"):
			v := string(s.get("date1904"))
			b.date1904 = v == "1" || v == "true"
		case s.is("sheet"):
			listed++
			if listed > b.lim.Sheets {
				return jixiao.Errorf(jixiao.EINVALID, "%s 的工作表超过 %d 个的上限", b.name, b.lim.Sheets)
			}
			id := s.get("id")
			if !strings.HasSuffix(types[string(id)], "/worksheet") || targets[string(id)] == "" {
				return nil // a chart sheet or a dialog sheet: no cells
			}
			b.sheets = append(b.sheets, sheetRef{name: string(s.get("name")), part: targets[string(id)]})
		case s.is("sheetData"), s.is("definedNames"):
			return errStop
		}
		return nil
	})
	if err != nil {
		return err
	}
	if core := b.rels["core"]; core != "" {
		return b.scanPart(core, nil, func(s *scanner) error {
			if s.is("keywords") {
				t, err := s.readText(4096)
				if err != nil {
					return nil // not a marker
				}
				b.keywords = strings.TrimSpace(string(t))
				return errStop
			}
			return nil
		})
	}
	return nil
}

// resolve a relationship's target against the folder of its source.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Join(dir, target), "/")
}

// sharedStrings is the workbook's table of strings, all in one string
// (offsets into it), within the limits.
type sharedStrings struct {
	all  string
	ends []uint32 // end of each string in all
}

func (t *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.all[start:t.ends[i]], true
}

// strings reads the shared strings at first use: at most lim.Strings
// of them, lim.StringBytes bytes in all, each at most lim.CellText
// characters.
func (b *book) strings() (*sharedStrings, error) {
	if b.sst != nil || b.sstErr != nil {
		return b.sst, b.sstErr
	}
	var all strings.Builder
	if f := b.files[strings.ToLower(b.rels["sharedStrings"])]; f != nil {
		// One allocation: the text is at most the part's size.
		all.Grow(int(min(int64(f.UncompressedSize64), b.lim.StringBytes)))
	}
	t := &sharedStrings{}
	var item []byte
	in := false
	skip := 0 // depth inside a phonetic run (rPh), whose text is not shown
	part := b.rels["sharedStrings"]
	var over error
	err := b.scanPartTokens(part, nil, func(s *scanner, tok int) error {
		switch {
		case tok == tokStart && s.is("si"):
			in, item, skip = true, item[:0], 0
		case tok == tokStart && s.is("rPh"):
			skip++
		case tok == tokEnd && s.is("rPh"):
			skip--
		case tok == tokStart && s.is("t") && in && skip == 0:
			txt, err := s.readText(b.lim.CellText * utf8.UTFMax)
			if err == errTextLong {
				over = jixiao.Errorf(jixiao.EINVALID, "%s：共享字符串第 %d 项超过 %d 个字符的上限", b.name, len(t.ends)+1, b.lim.CellText)
				return over
			}
			if err != nil {
				return err
			}
			if len(item)+len(txt) > b.lim.CellText*utf8.UTFMax {
				over = jixiao.Errorf(jixiao.EINVALID, "%s：共享字符串第 %d 项超过 %d 个字符的上限", b.name, len(t.ends)+1, b.lim.CellText)
				return over
			}
			item = append(item, txt...)
		case tok == tokEnd && s.is("si"):
			in = false
			if len(t.ends) >= b.lim.Strings {
				over = jixiao.Errorf(jixiao.EINVALID, "%s：共享字符串超过 %d 项的上限", b.name, b.lim.Strings)
				return over
			}
			v := bstrUnmarshal(item)
			if runeCount(v) > b.lim.CellText {
				over = jixiao.Errorf(jixiao.EINVALID, "%s：共享字符串第 %d 项超过 %d 个字符的上限", b.name, len(t.ends)+1, b.lim.CellText)
				return over
			}
			if int64(all.Len()+len(v)) > b.lim.StringBytes {
				over = jixiao.Errorf(jixiao.EINVALID, "%s：共享字符串共超过 %d MiB 的上限", b.name, b.lim.StringBytes>>20)
				return over
			}
			all.Write(v)
			t.ends = append(t.ends, uint32(all.Len()))
		}
		return nil
	})
	if over != nil {
		err = over
	}
	if err != nil {
		b.sstErr = err // not read again
		return nil, err
	}
	t.all = all.String()
	b.sst = t
	return t, nil
}

// scanPartTokens is scanPart with end tags too.
func (b *book) scanPartTokens(name string, attrs []string, fn func(s *scanner, tok int) error) error {
	rc, err := b.part(name)
	if err != nil {
		return b.damagedPart(name, err)
	}
	if rc == nil {
		return nil
	}
	defer rc.Close()
	s := newScanner(rc, attrs...)
	for {
		tok, err := s.next()
		if err != nil {
			return b.damagedPart(name, err)
		}
		if tok == tokEOF {
			return nil
		}
		if err := fn(s, tok); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return b.damagedPart(name, err)
		}
	}
}

// bstrUnmarshal decodes the _xHHHH_ escapes of OOXML strings (characters
// XML cannot hold); _x005F_ is an escaped underscore. As excelize reads
// them.
func bstrUnmarshal(s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			n, _ := strconv.ParseUint(string(s[i+2:i+6]), 16, 32)
			if n == 0x5F {
				out = append(out, '_')
			} else {
				out = utf8.AppendRune(out, rune(n))
			}
			i += 7
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// styleSheet is what reading needs of the styles: each cell format's
// number format, and the custom number formats' codes.
type styleSheet struct {
	numFmt []int          // of each cell format (xf), by index
	codes  map[int]string // custom number formats by id
}

// maxFormats bounds the cell formats and number formats of a workbook
// (Excel allows about 64,000 formats; a workbook has tens).
const maxFormats = 65536

// styleSheet reads the styles at first use.
func (b *book) styleSheet() (*styleSheet, error) {
	if b.styles != nil {
		return b.styles, nil
	}
	st := &styleSheet{codes: map[int]string{}}
	inXfs := false
	err := b.scanPartTokens(b.rels["styles"], []string{"numFmt", "xf"}, func(s *scanner, tok int) error {
		switch {
		case s.is("cellXfs"):
			inXfs = tok == tokStart
		case tok == tokStart && s.is("numFmt"):
			if len(st.codes) >= maxFormats {
				return jixiao.Errorf(jixiao.EINVALID, "%s 的数字格式超过 %d 种，不像是正常的工作簿", b.name, maxFormats)
			}
			id, err := strconv.Atoi(string(s.get("numFmtId")))
			if code := s.get("formatCode"); err == nil && len(code) <= 255 {
				st.codes[id] = string(code)
			}
		case tok == tokStart && s.is("xf") && inXfs:
			if len(st.numFmt) >= maxFormats {
				return jixiao.Errorf(jixiao.EINVALID, "%s 的单元格格式超过 %d 种，不像是正常的工作簿", b.name, maxFormats)
			}
			id, _ := strconv.Atoi(string(s.get("numFmtId")))
			st.numFmt = append(st.numFmt, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.styles = st
	return st, nil
}
