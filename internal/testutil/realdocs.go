package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// RealDoc is one document of the corpus of real, published tables
// (testdata/real at the repository root; its README.md describes the grid
// notation): the grid as printed and what a person reading it expects.
type RealDoc struct {
	Name   string // NN-short-name
	Grid   [][]string
	Merges []string
	Want   RealWant
}

// RealWant is a document's .expected.json, written by hand before jixiao
// was run on the document.
type RealWant struct {
	Kind       string              `json:"kind"`
	Importable bool                `json:"importable"`
	Reason     string              `json:"reason"`
	Note       string              `json:"note"`
	Ignore     []string            `json:"ignore"`
	Fields     map[string]string   `json:"fields"`
	Indicators []map[string]string `json:"indicators"`
	// Outcome is read (read, scored and graded), incomplete (read, but
	// the form is not filled in: no grade) or refused.
	Outcome      string         `json:"outcome"`
	ImportReason string         `json:"import_reason"`
	Province     string         `json:"province"`
	Layout       string         `json:"layout"`
	Findings     []RealFinding  `json:"findings"`
	Extra        map[string]any `json:"extra,omitempty"`
}

// RealFinding is an inconsistency a reviewer finds in a document by hand.
type RealFinding struct {
	Code  string `json:"code"`
	Where string `json:"where"`
	Why   string `json:"why"`
}

// LoadRealDocs reads every NN-name.tsv and its NN-name.expected.json of
// dir, in name order. Unknown keys in an expected file are an error, so
// that a misspelt expectation cannot pass unread.
func LoadRealDocs(dir string) ([]RealDoc, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var docs []RealDoc
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".tsv")
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		d := RealDoc{Name: name}
		for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
			switch {
			case strings.HasPrefix(line, "#merge "):
				d.Merges = append(d.Merges, strings.TrimSpace(strings.TrimPrefix(line, "#merge ")))
			case strings.HasPrefix(line, "#"):
			default:
				cells := strings.Split(line, "\t")
				for i, c := range cells {
					cells[i] = strings.ReplaceAll(c, `\n`, "\n")
				}
				d.Grid = append(d.Grid, cells)
			}
		}
		want, err := os.ReadFile(filepath.Join(dir, name+".expected.json"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		dec := json.NewDecoder(bytes.NewReader(want))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d.Want); err != nil {
			return nil, fmt.Errorf("%s.expected.json: %w", name, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// Workbook writes the grid as an office suite stores what is printed:
// number-looking cells as numbers (with as many decimals shown as
// printed), percentages as numbers with a % format, the rest as text, and
// the merged ranges; sheet "Sheet1".
func (d RealDoc) Workbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	styles := map[string]int{}
	style := func(format string) (int, error) {
		if id, ok := styles[format]; ok {
			return id, nil
		}
		fm := format
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fm})
		styles[format] = id
		return id, err
	}
	for r, row := range d.Grid {
		for c, text := range row {
			if text == "" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return nil, err
			}
			if value, format, ok := PrintedNumber(text); ok {
				err = f.SetCellDefault(sheet, cell, value)
				if err == nil && format != "" {
					var id int
					if id, err = style(format); err == nil {
						err = f.SetCellStyle(sheet, cell, cell, id)
					}
				}
			} else {
				err = f.SetCellStr(sheet, cell, text)
			}
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", d.Name, cell, err)
			}
		}
	}
	for _, m := range d.Merges {
		from, to, ok := strings.Cut(m, ":")
		if !ok {
			return nil, fmt.Errorf("%s: merge %q is not a range", d.Name, m)
		}
		if err := f.MergeCell(sheet, from, to); err != nil {
			return nil, fmt.Errorf("%s: merge %s: %w", d.Name, m, err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PrintedNumber reads a printed cell as a number: its stored value and the
// number format that shows it as printed ("" for General). "3.36" → 3.36
// shown "0.00"; "97.80%" → 0.978 shown "0.00%". A number with a leading
// zero is a code, not a number.
func PrintedNumber(s string) (value, format string, ok bool) {
	pct := strings.HasSuffix(s, "%")
	digits := strings.TrimSuffix(s, "%")
	whole, frac, hasDot := strings.Cut(strings.TrimPrefix(digits, "-"), ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return "", "", false
	}
	if len(whole) > 1 && whole[0] == '0' {
		return "", "", false
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return "", "", false
	}
	if hasDot {
		format = "0." + strings.Repeat("0", len(frac))
	}
	if pct {
		if format == "" {
			format = "0"
		}
		format += "%"
		d = d.Shift(-2)
	}
	return d.String(), format, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
