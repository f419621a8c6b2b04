package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"jixiao"
)

// Report is the result of checking one case, for output.
type Report struct {
	Case     string
	Rulebook *jixiao.Rulebook
	Findings []jixiao.Finding
	// Locate returns the line and column of a case path (0, 0 if unknown).
	Locate func(path string) (line, col int)
	// Prepare, when set, is given the paths of all findings before Locate
	// is asked for any, so that the case can be read once for them all.
	Prepare func(paths []string)
	// Scope says what was compared, when that is not the whole catalogue
	// (jixiao audit: "核对了合计与明细5处、…"); Checked counts it by code.
	Scope   string
	Checked map[string]int
}

// Count returns the number of findings of each severity.
func (r *Report) Count() map[jixiao.Severity]int {
	n := map[jixiao.Severity]int{}
	for _, f := range r.Findings {
		n[f.Severity]++
	}
	return n
}

// JSONLocation is where a finding is.
type JSONLocation struct {
	Path   string `json:"path"`
	Where  string `json:"where"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// JSONFinding is one finding in the JSON output.
type JSONFinding struct {
	Code     string          `json:"code"`
	Title    string          `json:"title"`
	Severity jixiao.Severity `json:"severity"`
	Section  string          `json:"section"`
	Location JSONLocation    `json:"location"`
	Message  string          `json:"message"`
	Numbers  []jixiao.Number `json:"numbers"`
}

// JSONReport is the JSON output of jixiao check.
type JSONReport struct {
	Case     string         `json:"case"`
	Rulebook string         `json:"rulebook,omitempty"`
	Scope    string         `json:"scope,omitempty"`
	Checked  map[string]int `json:"checked,omitempty"`
	Summary  map[string]int `json:"summary"`
	Findings []JSONFinding  `json:"findings"`
}

// ToJSON converts the report to its JSON form.
func (r *Report) ToJSON() *JSONReport {
	out := &JSONReport{Case: r.Case, Scope: r.Scope, Checked: r.Checked, Findings: []JSONFinding{}}
	if r.Rulebook != nil {
		out.Rulebook = r.Rulebook.Name
	}
	n := r.Count()
	out.Summary = map[string]int{"error": n[jixiao.SeverityError], "warning": n[jixiao.SeverityWarning], "info": n[jixiao.SeverityInfo]}
	r.prepare()
	for _, f := range r.Findings {
		loc := JSONLocation{Path: f.Path, Where: f.Where}
		if r.Locate != nil && f.Path != "" {
			loc.Line, loc.Column = r.Locate(f.Path)
		}
		out.Findings = append(out.Findings, JSONFinding{Code: f.Code, Title: ruleOf(f.Code).Title, Severity: f.Severity,
			Section: SectionTitle(f.Code), Location: loc, Message: f.Message, Numbers: f.Numbers})
	}
	return out
}

// prepare gives Prepare the paths of the findings, once.
func (r *Report) prepare() {
	if r.Prepare == nil || r.Locate == nil {
		return
	}
	paths := make([]string, 0, len(r.Findings))
	for _, f := range r.Findings {
		if f.Path != "" {
			paths = append(paths, f.Path)
		}
	}
	r.Prepare(paths)
	r.Prepare = nil
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.ToJSON())
}

var colours = map[jixiao.Severity]string{
	jixiao.SeverityError: "\x1b[1;31m", jixiao.SeverityWarning: "\x1b[1;33m", jixiao.SeverityInfo: "\x1b[36m",
}

// WriteText writes the findings grouped by severity and section, for a
// terminal; colour adds ANSI colours.
func (r *Report) WriteText(w io.Writer, colour bool) error {
	var b strings.Builder
	paint := func(sev jixiao.Severity, s string) string {
		if !colour {
			return s
		}
		return colours[sev] + s + "\x1b[0m"
	}
	n := r.Count()
	if r.Rulebook != nil {
		fmt.Fprintf(&b, "核查 %s（评分规则 %s）\n", r.Case, r.Rulebook.Name)
	} else {
		fmt.Fprintf(&b, "核查 %s\n", r.Case)
	}
	if r.Scope != "" {
		b.WriteString(r.Scope + "\n")
	}
	if len(r.Findings) == 0 {
		b.WriteString("未发现问题。\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%s %d 项，%s %d 项，%s %d 项\n",
		paint(jixiao.SeverityError, "错误"), n[jixiao.SeverityError], paint(jixiao.SeverityWarning, "警告"), n[jixiao.SeverityWarning],
		paint(jixiao.SeverityInfo, "提示"), n[jixiao.SeverityInfo])
	var sev jixiao.Severity
	section := ""
	r.prepare()
	for _, f := range r.Findings {
		if f.Severity != sev {
			sev, section = f.Severity, ""
			fmt.Fprintf(&b, "\n%s（%d）\n", paint(sev, sev.Title()), n[sev])
		}
		if s := SectionTitle(f.Code); s != section {
			section = s
			fmt.Fprintf(&b, "  【%s】\n", s)
		}
		loc := f.Path
		if r.Locate != nil && f.Path != "" {
			// A case with no lines (read from a workbook) shows no field
			// path: the finding's place (f.Where) names the item.
			loc = ""
			if line, col := r.Locate(f.Path); line > 0 {
				loc = fmt.Sprintf("%s:%d:%d %s", r.Case, line, col, f.Path)
			}
		}
		fmt.Fprintf(&b, "  %s %s  %s\n", paint(sev, f.Code), ruleOf(f.Code).Title, f.Where)
		fmt.Fprintf(&b, "      %s\n", f.Message)
		if loc != "" {
			fmt.Fprintf(&b, "      位置：%s\n", loc)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
