package audit

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"sort"
	"strings"

	"jixiao"
)

//go:embed audit.html
var htmlFS embed.FS

var pageTemplate = template.Must(template.New("audit.html").ParseFS(htmlFS, "audit.html"))

// Line is a paragraph of the document cut into spans at the edges of the
// sentences findings point to, for showing the findings in the text.
type Line struct {
	N     int
	Spans []Span
}

// Span is a stretch of a paragraph and the findings (indexes into the
// findings) whose sentences cover it.
type Span struct {
	Text     string
	Findings []int
	Severity jixiao.Severity // the most severe of Findings
	Codes    string          // their codes, for a tooltip
}

// Annotate cuts the document's non-empty paragraphs into spans.
func Annotate(d *Document, fs []Finding) []Line {
	byPara := map[int][]int{}
	for i, f := range fs {
		byPara[f.Para] = append(byPara[f.Para], i)
	}
	var out []Line
	for k, p := range d.Paragraphs {
		if strings.TrimSpace(p) == "" {
			continue
		}
		n := k + 1
		cuts := []int{0, len(p)}
		for _, i := range byPara[n] {
			cuts = append(cuts, min(fs[i].Start, len(p)), min(fs[i].End, len(p)))
		}
		sort.Ints(cuts)
		line := Line{N: n}
		for c := 0; c+1 < len(cuts); c++ {
			a, b := cuts[c], cuts[c+1]
			if a == b {
				continue
			}
			sp := Span{Text: p[a:b]}
			var codes []string
			for _, i := range byPara[n] {
				if fs[i].Start <= a && b <= fs[i].End {
					sp.Findings = append(sp.Findings, i)
					codes = append(codes, fs[i].Code)
					if sp.Severity == "" || fs[i].Severity.Rank() < sp.Severity.Rank() {
						sp.Severity = fs[i].Severity
					}
				}
			}
			sp.Codes = strings.Join(codes, "、")
			line.Spans = append(line.Spans, sp)
		}
		out = append(out, line)
	}
	return out
}

// view is what the template shows.
type view struct {
	Name     string
	Checked  string
	Note     string // how the text was obtained (a PDF's)
	Unit     string
	Count    int
	Findings []Finding
	Lines    []Line
	Errors   int
	Warnings int
	Infos    int
}

func newView(d *Document, r *Result) view {
	fs := r.Findings
	v := view{Name: d.Name, Note: d.Note, Checked: r.Checked.Summary(), Unit: d.Unit, Count: len(d.Paragraphs), Findings: fs, Lines: Annotate(d, fs)}
	for _, f := range fs {
		switch f.Severity {
		case jixiao.SeverityError:
			v.Errors++
		case jixiao.SeverityWarning:
			v.Warnings++
		default:
			v.Infos++
		}
	}
	return v
}

// WriteHTML writes a standalone HTML page: the findings, then the report's
// text with each finding's sentence marked and linked to it.
func WriteHTML(w io.Writer, d *Document, r *Result) error {
	return pageTemplate.ExecuteTemplate(w, "page", newView(d, r))
}

// Fragment is the same findings and text as a fragment for a page that
// supplies the styles (the web application's app.css).
func Fragment(d *Document, r *Result) (template.HTML, error) {
	var b bytes.Buffer
	if err := pageTemplate.ExecuteTemplate(&b, "audit", newView(d, r)); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}
