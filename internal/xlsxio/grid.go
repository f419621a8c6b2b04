package xlsxio

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Limits bound what a workbook may hold and what reading it may cost. A
// file over any limit is refused with a message naming the file (and the
// sheet or cell) and the limit, as soon as the limit is passed: a crafted
// file (a zip bomb, millions of cells, huge shared strings) cannot
// exhaust memory or hold a request for long. Parts are read as streams;
// what is held in memory is bounded by the limits below (see
// docs/excel.md for the worst case measured).
type Limits struct {
	FileSize int64 // bytes of the .xlsx file
	Unzipped int64 // bytes of all its parts, uncompressed, as the archive declares them
	Part     int64 // bytes of one part, uncompressed
	Entries  int   // parts in the zip archive
	Sheets   int   // sheets listed in the workbook
	Rows     int   // rows of one sheet, by row number

	// Cells, Text and Items bound a case workbook, whose sheets are
	// streamed row by row into the case: the cells read (a row counts up
	// to its last cell), the bytes of their text (a shared string counted
	// at each use), and the rows of its lists (an item each: a project,
	// an indicator…).
	Cells int
	Text  int64
	Items int

	// TableCells and TableText bound the standard tables (项目支出绩效自评表,
	// 部门整体支出绩效自评表), which are held in memory to be searched by
	// their headers: cells counted over the rectangle each row spans
	// (an empty row counts one, a merged range counts its area), and the
	// bytes of their text, over all the sheets of the workbook.
	TableCells int
	TableText  int64

	CellText    int   // characters of one cell's text (Excel's own limit is 32,767)
	Strings     int   // entries of the shared string table
	StringBytes int64 // bytes of the shared string table's text
	Merges      int   // merged ranges of one sheet

	// Time is how long reading may take: past it, reading stops with a
	// message, whatever the file holds.
	Time time.Duration
}

// DefaultLimits are generous for real tables: a case workbook of a
// department with 10,000 projects of 10 indicators (110,000 items, 1.5
// million cells, 8.5 MB of text) fits twice over; standard tables are a department table and project sheets
// of tens of rows. The worst file they accept reads in a few seconds
// (docs/excel.md).
var DefaultLimits = Limits{
	FileSize: 32 << 20, Unzipped: 512 << 20, Part: 256 << 20, Entries: 2000, Sheets: 200, Rows: 1_000_000,
	Cells: 3_500_000, Text: 64 << 20, Items: 120_000,
	TableCells: 200_000, TableText: 8 << 20,
	CellText: 32767, Strings: 1_000_000, StringBytes: 64 << 20, Merges: 20_000,
	Time: 30 * time.Second,
}

// grid is one sheet's cells as text: their raw values (a number's digits
// as stored) and, when read, what they show (formatted: "95%" for 0.95).
// Merged areas hold their first cell's value in every cell.
type grid struct {
	sheet string
	raw   [][]string
	shown [][]string // nil when not read: the raw values serve
	// continued marks the cells of a merged range's first column below
	// its first row: a row that continues the one above (a sub-goal
	// merged beside its indicators). At most one entry per row of a
	// merge, counted in the table limits with the merge's area.
	continued map[[2]int]bool
}

// continues reports whether cell (r, c) lies under the first row of a
// range merged down from above, in the range's first column.
func (g *grid) continues(r, c int) bool { return g.continued[[2]int{r, c}] }

// counter tracks the cells and text read from a workbook against the
// limits: those of case workbooks, or of tables.
type counter struct {
	lim   Limits
	name  string
	table bool
	cells int
	text  int64
	items int
}

// add counts n cells and text bytes of text, and explains a limit passed.
func (c *counter) add(n int, text int64) error {
	c.cells += n
	c.text += text
	if c.table {
		if c.cells > c.lim.TableCells {
			return jixiao.Errorf(jixiao.EINVALID, "%s 超过 %d 个单元格的上限（自评表按各行的范围和合并单元格计）。自评表只有几十行，请删去无关的工作表和内容后再导入", c.name, c.lim.TableCells)
		}
		if c.text > c.lim.TableText {
			return jixiao.Errorf(jixiao.EINVALID, "%s 的文字超过 %d MiB 的上限。自评表只有几十行，请删去无关的工作表和内容后再导入", c.name, c.lim.TableText>>20)
		}
		return nil
	}
	if c.cells > c.lim.Cells {
		return jixiao.Errorf(jixiao.EINVALID, "%s 超过 %d 个单元格的上限", c.name, c.lim.Cells)
	}
	if c.text > c.lim.Text {
		return jixiao.Errorf(jixiao.EINVALID, "%s 的文字超过 %d MiB 的上限", c.name, c.lim.Text>>20)
	}
	return nil
}

// readGrid reads a whole sheet into memory, in one pass: raw values,
// what they show, and the merged ranges (filled in), within the table
// limits.
func readGrid(b *book, sh sheetRef, c *counter, fm *formatter) (*grid, error) {
	g := &grid{sheet: sh.name}
	merges, err := b.readSheet(sh, sheetOpts{merges: true}, func(r int, cells []xcell) error {
		width := cells[len(cells)-1].col + 1
		var text int64
		for _, x := range cells {
			text += int64(len(x.v))
		}
		// The rows skipped count one cell each.
		if err := c.add(r-len(g.raw)+width, text); err != nil {
			return err
		}
		for len(g.raw) < r {
			g.raw = append(g.raw, nil)
			g.shown = append(g.shown, nil)
		}
		raw, shown := make([]string, width), make([]string, width)
		for _, x := range cells {
			raw[x.col] = x.v
			shown[x.col] = fm.shown(&x)
		}
		g.raw = append(g.raw, raw)
		g.shown = append(g.shown, shown)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		if err := c.add((m.r2-m.r1+1)*(m.c2-m.c1+1), 0); err != nil {
			return nil, err
		}
		g.fill(m.r1, m.c1, m.r2, m.c2)
	}
	return g, nil
}

// head is the first three rows of a sheet, raw (read once); nil when the
// sheet cannot be read (the full read explains why).
func (b *book) head(sh sheetRef) [][]string {
	if h, ok := b.heads[sh.part]; ok {
		return h
	}
	h := firstRows(b, sh, 3)
	b.heads[sh.part] = h
	return h
}

// firstRows reads the first n rows of a sheet, raw; nil when the sheet
// cannot be read.
func firstRows(b *book, sh sheetRef, n int) [][]string {
	var out [][]string
	_, err := b.readSheet(sh, sheetOpts{rows: n}, func(r int, cells []xcell) error {
		for len(out) < r {
			out = append(out, nil)
		}
		out = append(out, padded(nil, cells))
		return nil
	})
	if err != nil {
		return nil
	}
	return out
}

// padded lays cells out by column into dst (reused), "" where a row has
// no cell.
func padded(dst []string, cells []xcell) []string {
	width := 0
	if len(cells) > 0 {
		width = cells[len(cells)-1].col + 1
	}
	dst = dst[:0]
	for _, x := range cells {
		for len(dst) < x.col {
			dst = append(dst, "")
		}
		dst = append(dst, x.v)
	}
	return dst[:width]
}

// fill copies the first cell of a merged area into the rest.
func (g *grid) fill(r1, c1, r2, c2 int) {
	for r := r1 + 1; r <= r2; r++ {
		if g.continued == nil {
			g.continued = map[[2]int]bool{}
		}
		g.continued[[2]int{r, c1}] = true
	}
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
// exact digits of a money cell, whatever its display format. Binary float
// noise written by other tools (12.069999999999999 for 12.07) is taken
// off: see denoise.
func (g *grid) number(r, c int) string {
	raw := strings.TrimSpace(cellOf(g.raw, r, c))
	if raw != "" && isNumber(raw) {
		return denoise(raw)
	}
	return g.text(r, c)
}

// denoise reads a stored number as the shortest decimal that round-trips
// its double, and, when that still has more than the 15 significant digits
// Excel shows (0.30000000000000004), as those 15 digits: a value that
// differs from what the cell shows only by float noise is the value shown.
// Exact digits (207.4538, 1234567.89) are kept.
func denoise(raw string) string {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return raw
	}
	short := strconv.FormatFloat(f, 'f', -1, 64)
	if significant(short) <= 15 {
		if !strings.ContainsAny(raw, "eE") && significant(raw) <= significant(short) {
			return raw // as written
		}
		return short
	}
	d, err := decimal.NewFromString(strconv.FormatFloat(f, 'e', 14, 64))
	if err != nil {
		return raw
	}
	return d.String()
}

// significant counts the significant digits of a plain decimal.
func significant(s string) int {
	s = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+"), "0.")
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, "0")
	return len(strings.ReplaceAll(s, ".", ""))
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
