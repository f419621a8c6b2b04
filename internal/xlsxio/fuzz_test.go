package xlsxio_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/xlsxio"
)

// tsv renders a sheet spec as tab-separated text (the fuzzers' seeds).
func tsv(s sheetSpec) string {
	var b strings.Builder
	for _, row := range s.rows {
		for i, v := range row {
			if i > 0 {
				b.WriteByte('\t')
			}
			switch x := v.(type) {
			case nil:
			case pct:
				fmt.Fprintf(&b, "%g%%", float64(x)*100)
			default:
				fmt.Fprint(&b, x)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// sheetOf builds a one-sheet workbook from tab-separated text: numbers in
// cells that look like numbers, merges of the first column where a cell
// is followed by blanks.
func sheetOf(text string) []byte {
	f := excelize.NewFile()
	defer f.Close()
	lines := strings.Split(text, "\n")
	if len(lines) > 60 {
		lines = lines[:60]
	}
	for r, line := range lines {
		cells := strings.Split(line, "\t")
		if len(cells) > 20 {
			cells = cells[:20]
		}
		for c, v := range cells {
			if v == "" {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if isNum(v) {
				f.SetCellDefault("Sheet1", name, v)
			} else {
				f.SetCellStr("Sheet1", name, v)
			}
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	return buf.Bytes()
}

func isNum(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || (r == '-' && i == 0)) {
			return false
		}
	}
	return strings.Count(s, ".") <= 1 && s != "-" && s != "."
}

// FuzzTableCells reads tables of arbitrary cells: the reader must never
// panic, and a table it accepts must be a valid case that scores (or
// explains why it cannot) without panicking.
func FuzzTableCells(f *testing.F) {
	for _, s := range []sheetSpec{national()} {
		f.Add(tsv(s))
	}
	f.Add("项目支出绩效自评表（2024年度）\n项目名称\t甲\n一级指标\t二级指标\t三级指标\t分值\n产出指标\t数量指标\t乙\t10\n")
	f.Add("部门整体支出绩效自评表（2021年度）\n主管部门\t某局\n部门预算执行情况\t年初预算数\t全年(调整)预算数\t全年执行数\n\t1\t2\t3\n" +
		"绩效指标\t指标名称\t指标权重\t得分系数\n\t甲\t10\t80%\n")
	f.Add("部门整体支出绩效自评表（2025年度）\n主管部门\t某局\n分项绩效目标\t序号\t分项绩效目标\t分值\t扣分\t扣分原因\n\t1\t目标一\t60\t2\t原因\n\t2\t目标二\t40\n")
	rbs := map[string]*jixiao.Rulebook{}
	for _, n := range []string{"mof-2020", "shijiazhuang-2024"} {
		rbs[n], _ = rulebook.Load(n)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Work that never returns is a failure too, with its input.
		done := make(chan string, 1)
		go func() { done <- readAndScore(text, rbs) }()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no answer within 20 s for %q", text)
		}
	})
}

// readAndScore builds a workbook of text, reads it and scores what it
// reads; it returns what went wrong, or "".
func readAndScore(text string, rbs map[string]*jixiao.Rulebook) string {
	ev, err := xlsxio.ReadCase("fuzz.xlsx", sheetOf(text))
	if err != nil {
		if jixiao.ErrorCode(err) != jixiao.EINVALID {
			return fmt.Sprintf("an error that is not a message about the input: %v", err)
		}
		return ""
	}
	if err := ev.Validate(); err != nil {
		return fmt.Sprintf("accepted an invalid case: %v", err)
	}
	rb := rbs[ev.Rulebook]
	if rb == nil {
		rb = rbs["shijiazhuang-2024"]
	}
	scoring.Score(ev, rb) // must not panic; problems are fine
	return ""
}

// FuzzReadWorkbook reads arbitrary bytes as a workbook: never a panic,
// only messages.
func FuzzReadWorkbook(f *testing.F) {
	f.Add(sheetOf(tsv(national())))
	var buf bytes.Buffer
	xlsxio.WriteTemplate(&buf, xlsxio.TemplateOptions{Subject: jixiao.SubjectProject, Year: 2025})
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := xlsxio.ReadCase("fuzz.xlsx", data); err != nil && jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Fatalf("an error that is not a message about the input: %v", err)
		}
	})
}
