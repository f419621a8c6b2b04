// Package html renders a report.Document as one self-contained, printable
// HTML page: the same content as the DOCX, laid out on A4 by CSS print
// rules (GB/T 9704 margins, page numbers "— 1 —" on the outer side), so
// that headless Chromium can print it to PDF. All text is escaped by
// html/template; the page needs no script.
package html

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"jixiao/internal/report"
)

//go:embed report.css
var css string

//go:embed report.html
var page string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"css":    func() template.CSS { return template.CSS(css) },
	"ragged": func(p *report.Paragraph) bool { return report.Ragged(p.Text()) },
	// orgIndent is the class that sets the 落款's name its right indent,
	// in half characters (r0–r16; report.css).
	"orgIndent": func(s *report.Signature) string {
		org, _ := s.Indents()
		return fmt.Sprintf("r%d", min(int(org*2+0.5), 16))
	},
	// percent turns relative column widths into percentages.
	"percent": func(ws []int) []string {
		total := 0
		for _, w := range ws {
			total += max(w, 1)
		}
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = fmt.Sprintf("%.2f", float64(max(w, 1))*100/float64(total))
		}
		return out
	},
}).Parse(page))

// Render writes d as an HTML page to w.
func Render(w io.Writer, d *report.Document) error {
	return tmpl.Execute(w, d)
}
