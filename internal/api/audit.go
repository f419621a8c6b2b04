package api

import (
	"bytes"
	"net/http"
	"path/filepath"

	"jixiao/internal/audit"
	"jixiao/internal/libreoffice"
	"jixiao/internal/poppler"
)

// auditReport audits a report sent as the request body (jixiao audit over
// HTTP). Nothing is stored.
func (a *API) auditReport(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(r)
	if err != nil {
		return err
	}
	name := filepath.Base(r.URL.Query().Get("name"))
	if name == "." || name == "/" {
		name = "报告.txt"
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			name = "报告.docx"
		}
		if bytes.HasPrefix(data, []byte("%PDF-")) {
			name = "报告.pdf"
		}
	}
	d, err := audit.ReadWith(r.Context(), name, data, audit.Converters{PDF: poppler.ReportText, Word: libreoffice.ReportDocx})
	if err != nil {
		return err
	}
	return ok(w, audit.Audit(d).Report(d).ToJSON())
}
