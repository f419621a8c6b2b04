package xlsxio

import (
	"archive/zip"
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Limits bound what a workbook may hold. A file over any limit is refused
// with a message before it is read further, so that a crafted file (a zip
// bomb, millions of rows) cannot exhaust memory.
type Limits struct {
	FileSize int64 // bytes of the .xlsx file
	Unzipped int64 // bytes of all its parts, uncompressed
	Part     int64 // bytes of one part, uncompressed
	Entries  int   // parts in the zip archive
	Sheets   int
	Rows     int // per sheet
	Cells    int // in the whole workbook
}

// DefaultLimits are generous for real tables: a department with thousands
// of projects fits many times over.
var DefaultLimits = Limits{FileSize: 32 << 20, Unzipped: 512 << 20, Part: 256 << 20, Entries: 2000, Sheets: 200, Rows: 1_000_000, Cells: 20_000_000}

// open checks a workbook's archive against lim and opens it. Values are
// read as the cells hold them (formulas only by their cached values; they
// are never evaluated).
func open(name string, data []byte, lim Limits) (*excelize.File, error) {
	if int64(len(data)) > lim.FileSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, lim.FileSize>>20)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 是旧版 Excel 文件（.xls）或加密的工作簿，jixiao 读取 .xlsx：请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx），取消密码后再导入", name)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是有效的 .xlsx 工作簿（无法按 zip 格式读取）：请用 Excel 或 WPS 另存为 .xlsx 后再导入", name)
	}
	if len(zr.File) > lim.Entries {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 包含 %d 个部件，超过上限 %d，不像是正常的工作簿", name, len(zr.File), lim.Entries)
	}
	var total uint64
	for _, f := range zr.File {
		// The declared sizes bound what can be read: archive/zip refuses a
		// part that inflates beyond its declared size.
		if f.UncompressedSize64 > uint64(lim.Part) {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s 的部件 %s 解压后有 %d MiB，超过上限 %d MiB（可能是恶意构造的压缩文件）", name, f.Name, f.UncompressedSize64>>20, lim.Part>>20)
		}
		total += f.UncompressedSize64
	}
	if total > uint64(lim.Unzipped) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 解压后共有 %d MiB，超过上限 %d MiB（可能是恶意构造的压缩文件）", name, total>>20, lim.Unzipped>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.Unzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 无法作为工作簿打开：%v；请用 Excel 或 WPS 另存为 .xlsx 后再导入", name, err)
	}
	if n := len(f.GetSheetList()); n > lim.Sheets {
		f.Close()
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 有 %d 个工作表，超过上限 %d", name, n, lim.Sheets)
	}
	return f, nil
}

// grid is one sheet's cells as text: their raw values (a number's digits
// as stored) and, when read, what they show (formatted: "95%" for 0.95).
// Merged areas hold their first cell's value in every cell.
type grid struct {
	sheet string
	raw   [][]string
	shown [][]string // nil when not read: the raw values serve
}

// counter tracks the cells read from a workbook against the limits.
type counter struct {
	lim   Limits
	cells int
	name  string
}

// readGrid reads a whole sheet, streaming. withShown also reads the values
// as shown, in a second pass (the formatted text of numbers: "95%" for
// 0.95), and merged areas are filled in (which needs the whole sheet in
// memory: for the small standard tables only).
func readGrid(f *excelize.File, sheet string, c *counter, withShown bool) (*grid, error) {
	g := &grid{sheet: sheet}
	read := func(raw bool) ([][]string, error) {
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, damaged(c.name, sheet, err)
		}
		defer rows.Close()
		var out [][]string
		for rows.Next() {
			if len(out) >= c.lim.Rows {
				return nil, jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”超过 %d 行的上限", c.name, sheet, c.lim.Rows)
			}
			cols, err := rows.Columns(excelize.Options{RawCellValue: raw})
			if err != nil {
				return nil, damaged(c.name, sheet, err)
			}
			// Trailing empty cells are dropped.
			for len(cols) > 0 && strings.TrimSpace(cols[len(cols)-1]) == "" {
				cols = cols[:len(cols)-1]
			}
			if raw {
				c.cells += len(cols)
				if c.cells > c.lim.Cells {
					return nil, jixiao.Errorf(jixiao.EINVALID, "%s 超过 %d 个单元格的上限", c.name, c.lim.Cells)
				}
			}
			out = append(out, cols)
		}
		if err := rows.Error(); err != nil {
			return nil, damaged(c.name, sheet, err)
		}
		return out, nil
	}
	var err error
	if g.raw, err = read(true); err != nil {
		return nil, err
	}
	if !withShown {
		return g, nil
	}
	if g.shown, err = read(false); err != nil {
		return nil, err
	}
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, damaged(c.name, sheet, err)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || (r2-r1+1)*(c2-c1+1) > 100_000 {
			continue
		}
		g.fill(r1-1, c1-1, r2-1, c2-1)
	}
	return g, nil
}

// firstRows reads the first n rows of a sheet, streaming, raw.
func firstRows(f *excelize.File, sheet string, n int) [][]string {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out [][]string
	for len(out) < n && rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			break
		}
		out = append(out, cols)
	}
	return out
}

// damaged explains a sheet that cannot be read: truncated, or its size
// differs from what the archive declares, or not well-formed.
func damaged(name, sheet string, err error) error {
	return jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”已损坏或格式不正确（%v）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入", name, sheet, err)
}

// fill copies the first cell of a merged area into the rest.
func (g *grid) fill(r1, c1, r2, c2 int) {
	tables := []*[][]string{&g.raw}
	if g.shown != nil {
		tables = append(tables, &g.shown)
	}
	for _, t := range tables {
		v := cellOf(*t, r1, c1)
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r == r1 && c == c1 {
					continue
				}
				set(t, r, c, v)
			}
		}
	}
}

func cellOf(t [][]string, r, c int) string {
	if r < 0 || r >= len(t) || c < 0 || c >= len(t[r]) {
		return ""
	}
	return t[r][c]
}

func set(t *[][]string, r, c int, v string) {
	for len(*t) <= r {
		*t = append(*t, nil)
	}
	for len((*t)[r]) <= c {
		(*t)[r] = append((*t)[r], "")
	}
	(*t)[r][c] = v
}

// text is the cell as shown, trimmed.
func (g *grid) text(r, c int) string {
	if g.shown != nil {
		return strings.TrimSpace(cellOf(g.shown, r, c))
	}
	return strings.TrimSpace(cellOf(g.raw, r, c))
}

// number is the cell's raw value when it is a number, else its text: the
// exact digits of a money cell, whatever its display format.
func (g *grid) number(r, c int) string {
	raw := strings.TrimSpace(cellOf(g.raw, r, c))
	if raw != "" && isNumber(raw) {
		return raw
	}
	return g.text(r, c)
}

func isNumber(s string) bool {
	dot, digits := false, 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		case (r == '-' || r == '+') && i == 0:
		case r == 'E' || r == 'e':
			return digits > 0 // scientific notation as Excel stores it
		default:
			return false
		}
	}
	return digits > 0
}

func (g *grid) rows() int { return len(g.raw) }

func (g *grid) width(r int) int {
	if r < 0 || r >= len(g.raw) {
		return 0
	}
	return max(len(g.raw[r]), cellRowLen(g.shown, r))
}

func cellRowLen(t [][]string, r int) int {
	if r < len(t) {
		return len(t[r])
	}
	return 0
}

// ref names a cell for people: 自评表!F12.
func (g *grid) ref(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return g.sheet + "!" + name
}
