package xlsxio

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"jixiao"
)

// xcell is one cell of a sheet as stored: its column (0-based), its type
// ("s" shared string, "inlineStr", "str" a formula's text, "b", "d", "e",
// or "" / "n" a number), its cell format and its value (a shared string
// already looked up).
type xcell struct {
	col   int
	typ   string
	style int
	v     string
}

// area is a merged range, 0-based and inclusive.
type area struct{ r1, c1, r2, c2 int }

// Excel's bounds: a reference beyond them is damage.
const (
	maxRow = 1 << 20 // 1,048,576
	maxCol = 1 << 14 // 16,384 (XFD)
)

// sheetOpts say what to read of a sheet.
type sheetOpts struct {
	merges bool // read the merged ranges too (after the rows)
	rows   int  // stop after this many rows (by number); 0: all
}

// readSheet streams a sheet's rows: fn gets each row that holds cells,
// with its 0-based number and its cells left to right (fn must not keep
// the slice). The rows are bounded by lim.Rows, each cell's text by
// lim.CellText and the time by the book's deadline; the merged ranges,
// when asked for, by lim.Merges.
func (b *book) readSheet(sh sheetRef, opts sheetOpts, fn func(r int, cells []xcell) error) ([]area, error) {
	rc, err := b.part(sh.part)
	if err != nil {
		return nil, b.damagedSheet(sh.name, err)
	}
	if rc == nil {
		return nil, b.damagedSheet(sh.name, errMissing)
	}
	defer rc.Close()
	s := newScanner(rc, "row", "c", "mergeCell")
	var (
		merges        []area
		cells         []xcell
		row           = -1 // the current row (0-based), -1 before the first
		inRow, inCell bool
		inIS, inData  bool
		rph           int // depth in phonetic runs, whose text is not shown
		cur           xcell
		val, is       []byte // the text of v, of is
		sawIS         bool
		maxText       = b.lim.CellText * utf8.UTFMax
		lastCol       int
	)
	flush := func() error {
		if !inRow {
			return nil
		}
		inRow = false
		if err := b.inTime(); err != nil {
			return err
		}
		if len(cells) == 0 {
			return nil
		}
		return fn(row, cells)
	}
	for {
		tok, err := s.next()
		if err != nil {
			return nil, b.damagedSheet(sh.name, err)
		}
		if tok == tokEOF {
			break
		}
		if tok == tokStart {
			switch {
			case s.is("sheetData"):
				inData = true
			case s.is("row") && inData:
				n := row + 1
				if v := s.get("r"); v != nil {
					r, err := strconv.Atoi(string(v))
					if err != nil || r < 1 || r > maxRow {
						return nil, b.damagedSheet(sh.name, errRef)
					}
					n = r - 1
				}
				if n <= row {
					// A row out of order continues the last one, as
					// excelize reads it.
					inRow = true
					continue
				}
				if err := flush(); err != nil {
					return nil, err
				}
				if n >= maxRow {
					return nil, b.damagedSheet(sh.name, errRef)
				}
				if opts.rows > 0 && n >= opts.rows {
					return merges, nil
				}
				if n >= b.lim.Rows {
					return nil, jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”超过 %d 行的上限", b.name, sh.name, b.lim.Rows)
				}
				row, inRow, cells, lastCol = n, true, cells[:0], -1
			case s.is("c") && inRow:
				cur = xcell{col: lastCol + 1, typ: string(s.get("t"))}
				if v := s.get("r"); v != nil {
					c, r, ok := cellRef(v)
					if !ok {
						return nil, b.damagedSheet(sh.name, errRef)
					}
					_ = r // the row's number rules, as in Excel
					cur.col = max(c, lastCol+1)
				}
				if cur.col >= maxCol {
					return nil, b.damagedSheet(sh.name, errRef)
				}
				if v := s.get("s"); v != nil {
					cur.style, _ = strconv.Atoi(string(v))
				}
				lastCol = cur.col
				inCell, val, is, sawIS = true, val[:0], is[:0], false
			case inCell && s.is("v"):
				t, err := s.readText(maxText)
				if err != nil {
					return nil, b.cellError(sh.name, row, cur.col, err)
				}
				val = append(val[:0], t...)
			case inCell && s.is("is"):
				inIS, sawIS, is = true, true, is[:0]
			case inIS && s.is("rPh"):
				rph++
			case inIS && rph == 0 && s.is("t"):
				t, err := s.readText(maxText)
				if err != nil {
					return nil, b.cellError(sh.name, row, cur.col, err)
				}
				if len(is)+len(t) > maxText {
					return nil, b.cellError(sh.name, row, cur.col, errTextLong)
				}
				is = append(is, t...)
			case s.is("mergeCell") && opts.merges:
				if len(merges) >= b.lim.Merges {
					return nil, jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”的合并单元格超过 %d 处的上限", b.name, sh.name, b.lim.Merges)
				}
				if a, ok := areaRef(s.get("ref")); ok {
					merges = append(merges, a)
				}
			}
			continue
		}
		// An end tag.
		switch {
		case s.is("rPh") && inIS:
			rph = max(rph-1, 0)
		case s.is("is"):
			inIS = false
		case s.is("c") && inCell:
			inCell = false
			text := val
			if cur.typ == "inlineStr" && sawIS {
				text = is
			}
			v, err := b.cellValue(&cur, text)
			if err != nil {
				return nil, b.cellError(sh.name, row, cur.col, err)
			}
			if v == "" {
				continue
			}
			cur.v = v
			cells = append(cells, cur)
		case s.is("sheetData"):
			if err := flush(); err != nil {
				return nil, err
			}
			inData = false
			if !opts.merges {
				return merges, nil
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return merges, nil
}

var (
	errMissing = errors.New("missing part")
	errRef     = errors.New("bad cell reference")
)

// cellValue is a cell's value as text: a shared string looked up, an
// inline string decoded, anything else as written.
func (b *book) cellValue(c *xcell, val []byte) (string, error) {
	switch c.typ {
	case "s":
		if len(val) == 0 {
			return "", nil
		}
		i, err := strconv.Atoi(string(trimSpace(val)))
		if err != nil {
			return "", errIndex
		}
		t, err := b.strings()
		if err != nil {
			return "", err
		}
		v, ok := t.get(i)
		if !ok {
			return "", errIndex
		}
		return v, nil
	case "inlineStr":
		val = bstrUnmarshal(val)
	}
	if len(val) > b.lim.CellText && runeCount(val) > b.lim.CellText {
		return "", errTextLong
	}
	return b.intern(val), nil
}

// intern returns a short text as one string however often it occurs
// (categories, units, small numbers repeat down a list), for up to
// maxInterned texts.
func (b *book) intern(v []byte) string {
	if len(v) > 32 {
		return string(v)
	}
	if s, ok := b.interned[string(v)]; ok {
		return s
	}
	s := string(v)
	if len(b.interned) < maxInterned {
		b.interned[s] = s
	}
	return s
}

const maxInterned = 1 << 16

var errIndex = errors.New("shared string index out of range")

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// cellError explains a cell that cannot be read.
func (b *book) cellError(sheet string, r, c int, err error) error {
	var je *jixiao.Error
	if errors.As(err, &je) {
		return err
	}
	switch {
	case errors.Is(err, errTextLong):
		return jixiao.Errorf(jixiao.EINVALID, "%s：单元格 %s 的文字超过 %d 个字符的上限", b.name, cellName(sheet, r, c), b.lim.CellText)
	case errors.Is(err, errIndex):
		return jixiao.Errorf(jixiao.EINVALID, "%s：单元格 %s 引用了不存在的共享字符串，工作簿已损坏。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入", b.name, cellName(sheet, r, c))
	}
	return b.damagedSheet(sheet, err)
}

// damagedSheet explains a sheet that cannot be read: truncated, its size
// differs from what the archive declares, or not well-formed.
func (b *book) damagedSheet(sheet string, err error) error {
	var je *jixiao.Error
	if errors.As(err, &je) {
		return err
	}
	what := describe(err)
	switch {
	case errors.Is(err, errRef):
		what = "单元格或行的位置超出 Excel 的范围"
	case errors.Is(err, errMissing):
		what = "缺少工作表的内容"
	}
	return jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”已损坏或格式不正确（%s）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入", b.name, sheet, what)
}

// cellRef reads a cell reference ("AB12") as a 0-based column and row.
func cellRef(v []byte) (col, row int, ok bool) {
	i := 0
	for i < len(v) && (v[i] >= 'A' && v[i] <= 'Z' || v[i] >= 'a' && v[i] <= 'z') {
		c := int(v[i]|0x20) - 'a' + 1
		col = col*26 + c
		if col > maxCol {
			return 0, 0, false
		}
		i++
	}
	if i == 0 || i == len(v) {
		return 0, 0, false
	}
	for _, d := range v[i:] {
		if d < '0' || d > '9' {
			return 0, 0, false
		}
		row = row*10 + int(d-'0')
		if row > maxRow {
			return 0, 0, false
		}
	}
	if row < 1 {
		return 0, 0, false
	}
	return col - 1, row - 1, true
}

// areaRef reads a range reference ("A1:C3", or one cell) as an area.
func areaRef(v []byte) (area, bool) {
	for i, c := range v {
		if c == ':' {
			c1, r1, ok1 := cellRef(v[:i])
			c2, r2, ok2 := cellRef(v[i+1:])
			if !ok1 || !ok2 {
				return area{}, false
			}
			return area{min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)}, true
		}
	}
	c, r, ok := cellRef(v)
	return area{r, c, r, c}, ok
}
