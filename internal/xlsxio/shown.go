package xlsxio

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// formatter gives the text a cell shows: its value as its number format
// shows it ("90.04%" for 0.9004 formatted 0.00%), as excelize formats a
// value when it reads a sheet. Only the values of formatted cells go
// through excelize's number formatting, one at a time, in a scratch
// workbook of one cell (excelize never reads the uploaded file); the
// results are remembered for values that repeat.
type formatter struct {
	b      *book
	st     *styleSheet
	f      *excelize.File // the scratch workbook, made at first use
	styles map[int]int    // number format id → scratch style
	memo   map[shownKey]string
}

type shownKey struct {
	fmtID int
	typ   string
	v     string
}

// maxMemo bounds the remembered results.
const maxMemo = 1 << 16

func newFormatter(b *book) (*formatter, error) {
	st, err := b.styleSheet()
	if err != nil {
		return nil, err
	}
	return &formatter{b: b, st: st, styles: map[int]int{}, memo: map[shownKey]string{}}, nil
}

// shown is the text cell c shows.
func (fm *formatter) shown(c *xcell) string {
	switch c.typ {
	case "b":
		switch c.v {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
		return c.v
	case "str", "d":
		// A formula's text is shown as it is; an ISO date cell (rare: only
		// the strict format writes them) is shown as written.
		return c.v
	case "s", "inlineStr":
		// Text is formatted only by a custom format with a text section
		// ("@").
		id, ok := fm.fmtID(c.style)
		if !ok || !strings.Contains(fm.st.codes[id], "@") {
			return c.v
		}
		return fm.format(id, c.typ, c.v)
	}
	v := general(c.v)
	id, ok := fm.fmtID(c.style)
	if !ok {
		return v
	}
	return fm.format(id, "n", v)
}

// fmtID is the number format of a cell format; false for the default
// format, which excelize does not apply.
func (fm *formatter) fmtID(style int) (int, bool) {
	if style <= 0 || style >= len(fm.st.numFmt) {
		return 0, false
	}
	return fm.st.numFmt[style], true
}

// general is a number as excelize shows it without a format: at most 15
// significant digits, no exponent where the digits fit.
func general(v string) string {
	if strings.Contains(v, "_") {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	if len(plain)-strings.Count(plain, ".") > 15 && !withinPrecision(v) {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return plain
}

// withinPrecision: an integer of at most 15 significant digits, padded
// with zeros.
func withinPrecision(s string) bool {
	if strings.ContainsAny(s, ".Ee") {
		return false
	}
	s = strings.TrimLeft(s, "+-0")
	return len(strings.TrimRight(s, "0")) <= 15
}

// format formats v with number format id, through the scratch workbook.
func (fm *formatter) format(id int, typ, v string) (out string) {
	key := shownKey{id, typ, v}
	if s, ok := fm.memo[key]; ok {
		return s
	}
	defer func() {
		// A format that excelize cannot apply shows the value as it is.
		if recover() != nil {
			out = v
		}
		if len(fm.memo) < maxMemo {
			fm.memo[key] = out
		}
	}()
	style, err := fm.style(id)
	if err != nil {
		return v
	}
	if typ == "n" {
		err = fm.f.SetCellDefault("Sheet1", "A1", v)
	} else {
		err = fm.f.SetCellStr("Sheet1", "A1", v)
	}
	if err != nil {
		return v
	}
	if err := fm.f.SetCellStyle("Sheet1", "A1", "A1", style); err != nil {
		return v
	}
	s, err := fm.f.GetCellValue("Sheet1", "A1")
	if err != nil {
		return v
	}
	return s
}

// style is the scratch workbook's style for number format id: the same
// custom code, or the same built-in format.
func (fm *formatter) style(id int) (int, error) {
	if s, ok := fm.styles[id]; ok {
		return s, nil
	}
	if fm.f == nil {
		fm.f = excelize.NewFile()
		if fm.b.date1904 {
			t := true
			if err := fm.f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &t}); err != nil {
				return 0, err
			}
		}
	}
	st := &excelize.Style{NumFmt: id}
	if code, ok := fm.st.codes[id]; ok {
		st = &excelize.Style{CustomNumFmt: &code}
	} else if id == 0 {
		// The built-in General format as excelize applies it to a cell
		// with a format: the same code, custom, so that the style is not
		// taken for the default one.
		general := "general"
		st = &excelize.Style{CustomNumFmt: &general}
	}
	s, err := fm.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	fm.styles[id] = s
	return s, nil
}

// close releases the scratch workbook.
func (fm *formatter) close() {
	if fm.f != nil {
		fm.f.Close()
	}
}
