package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sync"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/rulebook"
)

// programDigest identifies this program: the SHA-256 of its executable,
// which holds the built-in rulebooks and the scoring and checking code; ""
// when it cannot be read (then no summary is stored or read).
var programDigest = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
})

// summaryBasis is what an evaluation's summary depends on besides its
// revision: the program and the evaluation's rulebook reference (a
// built-in name, a stored rulebook's name@version, or "" for the one the
// case's kind chooses). "" for a summary that is not stored: a stored
// rulebook named without its version, whose latest version may change.
func summaryBasis(ref string) string {
	digest := programDigest()
	if digest == "" {
		return ""
	}
	if !fixedRulebook(ref) {
		return ""
	}
	return digest + " " + ref
}

// fixedRulebook reports whether rulebook reference ref names the same
// rules for as long as the program runs: a built-in name, a stored
// rulebook's name@version, or "" (the built-in one the case's kind
// chooses); not a stored rulebook's name alone, whose latest version may
// change.
func fixedRulebook(ref string) bool {
	if ref == "" || rulebook.IsBuiltin(ref) {
		return true
	}
	_, _, ok := jixiao.ParseRulebookRef(ref)
	return ok
}

// summaryRecord is a summary as stored: decimals as exact text (their
// scale kept, "85.50" stays "85.50").
type summaryRecord struct {
	Scored       bool           `json:"scored"`
	Total        string         `json:"total"`
	Grade        string         `json:"grade,omitempty"`
	Problem      string         `json:"problem,omitempty"`
	Execution    string         `json:"execution,omitempty"`
	ExecutionHow string         `json:"execution_how,omitempty"`
	Budget       string         `json:"budget,omitempty"`
	Spent        string         `json:"spent,omitempty"`
	Errors       int            `json:"errors"`
	Warnings     int            `json:"warnings"`
	Infos        int            `json:"infos"`
	Codes        map[string]int `json:"codes,omitempty"`
}

func encodeSummary(s *jixiao.Summary) []byte {
	r := summaryRecord{Scored: s.Scored, Total: exactText(s.Total), Grade: s.Grade, Problem: s.Problem,
		ExecutionHow: s.ExecutionHow, Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Codes: s.Codes}
	for _, d := range []struct {
		from *decimal.Decimal
		to   *string
	}{{s.Execution, &r.Execution}, {s.Budget, &r.Budget}, {s.Spent, &r.Spent}} {
		if d.from != nil {
			*d.to = exactText(*d.from)
		}
	}
	data, _ := json.Marshal(r) // strings, numbers and a map of them
	return data
}

func decodeSummary(data []byte) (jixiao.Summary, error) {
	var r summaryRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return jixiao.Summary{}, err
	}
	s := jixiao.Summary{Scored: r.Scored, Grade: r.Grade, Problem: r.Problem, ExecutionHow: r.ExecutionHow,
		Errors: r.Errors, Warnings: r.Warnings, Infos: r.Infos, Codes: r.Codes}
	if s.Codes == nil {
		s.Codes = map[string]int{}
	}
	var err error
	if s.Total, err = decimal.NewFromString(r.Total); err != nil {
		return jixiao.Summary{}, err
	}
	for _, d := range []struct {
		from string
		to   **decimal.Decimal
	}{{r.Execution, &s.Execution}, {r.Budget, &s.Budget}, {r.Spent, &s.Spent}} {
		if d.from == "" {
			continue
		}
		v, err := decimal.NewFromString(d.from)
		if err != nil {
			return jixiao.Summary{}, err
		}
		*d.to = &v
	}
	return s, nil
}

// exactText is d with its scale: "85.50", not "85.5".
func exactText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}
