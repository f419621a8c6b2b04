// Package library reads and writes the indicator library (指标库): the
// embedded starter library of common indicators, library files in YAML,
// and the library as an XLSX workbook.
package library

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

//go:embed starter.yaml
var starter []byte

// MaxFileBytes is the largest library file read; a library of about 20,000
// indicators fits.
const MaxFileBytes = 16 << 20

// MaxIndicators is the most indicators a library file may hold.
const MaxIndicators = 50_000

// Starter returns the starter library: national common indicators (共性指标,
// codes GX-) and sector indicators (个性指标, codes HY-).
func Starter() (*jixiao.Library, error) {
	return Parse("初始指标库", starter)
}

// Parse decodes a library from YAML or JSON; file names the document in
// errors.
func Parse(file string, data []byte) (*jixiao.Library, error) {
	if len(data) > MaxFileBytes {
		return nil, jixiao.Errorf(jixiao.EINVALID, "指标库文件“%s”超过 %d MB", file, MaxFileBytes>>20)
	}
	lim := yamlcodec.DefaultLimits
	lim.Bytes = MaxFileBytes
	var l jixiao.Library
	if _, err := yamlcodec.DecodeLimits(file, data, &l, lim); err != nil {
		return nil, err
	}
	if len(l.Indicators) > MaxIndicators {
		return nil, jixiao.Errorf(jixiao.EINVALID, "指标库文件“%s”的指标超过 %d 个", file, MaxIndicators)
	}
	if err := Validate(file, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// Validate checks a library's invariants: unique IDs, unique names in use
// under one 一级/二级指标, known statuses, and merges into entries of the
// library.
func Validate(file string, l *jixiao.Library) error {
	ids := map[string]bool{}
	names := map[[3]string]string{}
	for i, in := range l.Indicators {
		at := fmt.Sprintf("指标库文件“%s”第 %d 个指标", file, i+1)
		if ids[in.ID] {
			return jixiao.Errorf(jixiao.EINVALID, "%s：指标编码“%s”重复", at, in.ID)
		}
		ids[in.ID] = true
		switch in.Status {
		case jixiao.LibProposed, jixiao.LibConfirmed, jixiao.LibRetired:
		default:
			return jixiao.Errorf(jixiao.EINVALID, "%s：状态“%s”应为 建议、已确认 或 已停用", at, in.Status)
		}
		switch in.Standard {
		case "", jixiao.StdPlan, jixiao.StdIndustry, jixiao.StdHistory, jixiao.StdOther:
		default:
			return jixiao.Errorf(jixiao.EINVALID, "%s：指标值确定依据“%s”应为 计划标准、行业标准、历史标准 或 其他", at, in.Standard)
		}
		if in.Status == jixiao.LibRetired {
			continue
		}
		key := [3]string{in.Level1, in.Level2, in.Name}
		if other, dup := names[key]; dup {
			return jixiao.Errorf(jixiao.EINVALID, "%s：“%s／%s”下的指标“%s”与 %s 重名", at, in.Level1, in.Level2, in.Name, other)
		}
		names[key] = in.ID
	}
	for i, in := range l.Indicators {
		if in.MergedInto != "" && !ids[in.MergedInto] {
			return jixiao.Errorf(jixiao.EINVALID, "指标库文件“%s”第 %d 个指标：已并入的指标“%s”不在库中", file, i+1, in.MergedInto)
		}
	}
	return nil
}

// ReadFile reads a library file, refusing one larger than MaxFileBytes
// before reading it whole.
func ReadFile(path string) (*jixiao.Library, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "无法打开指标库文件“%s”", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取指标库文件“%s”", path)
	}
	return Parse(path, data)
}

// EncodeYAML writes the library as YAML that Parse reads back.
func EncodeYAML(l *jixiao.Library) ([]byte, error) {
	return yamlcodec.Encode(l)
}

// Sheet is the name of the workbook's one sheet.
const Sheet = "指标库"

// WriteXLSX writes the library as a workbook: a title row, one row per
// indicator under Chinese headers repeated on every printed page.
func WriteXLSX(w io.Writer, l *jixiao.Library) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	title := fmt.Sprintf("绩效指标库（%d 年，第 %d 版）", l.Year, l.Version)
	if err := f.SetCellStr(Sheet, "A1", title); err != nil {
		return err
	}
	rows := [][]string{jixiao.LibraryColumns}
	for _, in := range l.Indicators {
		rows = append(rows, in.Row())
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		vals := make([]any, len(row))
		for j := range row {
			vals[j] = row[j]
		}
		if err := f.SetSheetRow(Sheet, cell, &vals); err != nil {
			return err
		}
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + Sheet + "'!$2:$2", Scope: Sheet}); err != nil {
		return err
	}
	if err := f.SetPanes(Sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 10, "B": 22, "G": 40, "N": 40, "O": 36} {
		if err := f.SetColWidth(Sheet, col, col, width); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

// Export writes l as an XLSX workbook (format "xlsx" or "") or as YAML
// (format "yaml") and returns the content type and a file name that
// names the library's year and version.
func Export(w io.Writer, l *jixiao.Library, format string) (contentType, filename string, err error) {
	name := fmt.Sprintf("指标库（%d年第%d版）", l.Year, l.Version)
	switch format {
	case "", "xlsx":
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, l); err != nil {
			return "", "", err
		}
		_, err := buf.WriteTo(w)
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx", err
	case "yaml":
		data, err := EncodeYAML(l)
		if err != nil {
			return "", "", err
		}
		_, err = w.Write(data)
		return "application/yaml; charset=utf-8", name + ".yaml", err
	}
	return "", "", jixiao.Errorf(jixiao.EINVALID, "导出格式应为 xlsx 或 yaml")
}
