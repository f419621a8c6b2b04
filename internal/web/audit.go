package web

import (
	"net/http"

	"jixiao"
	"jixiao/internal/audit"
	"jixiao/internal/libreoffice"
	"jixiao/internal/poppler"
)

// auditPage shows the form for auditing a report: any signed-in user may
// check a report's text, whether a preparer before submitting it or a
// reviewer receiving it. Nothing is stored.
func (w *Web) auditPage(rw http.ResponseWriter, r *http.Request) error {
	w.render(rw, r, http.StatusOK, "audit", &page{Title: "报告核查", Nav: "audit", Data: map[string]any{"Max": jixiao.SizeText(audit.MaxSize)}})
	return nil
}

// auditReport audits an uploaded report and shows its findings in its text:
// as a fragment for htmx, or the whole page for a plain form post.
func (w *Web) auditReport(rw http.ResponseWriter, r *http.Request) error {
	name, data, err := readUpload(rw, r, audit.MaxSize, "Word 文档（.docx、.doc）、WPS 文档（.wps）、PDF 文件（.pdf）或文本文件（.txt）")
	if err != nil {
		return err
	}
	d, err := audit.ReadWith(r.Context(), name, data, audit.Converters{PDF: poppler.ReportText, Word: libreoffice.ReportDocx})
	if err != nil {
		return err
	}
	frag, err := audit.Fragment(d, audit.Audit(d))
	if err != nil {
		return err
	}
	result := map[string]any{"Name": name, "Result": frag, "Max": jixiao.SizeText(audit.MaxSize)}
	if isHTMX(r) {
		w.fragment(rw, http.StatusOK, "audit-result", result)
		return nil
	}
	w.render(rw, r, http.StatusOK, "audit", &page{Title: "报告核查：" + name, Nav: "audit", Data: result})
	return nil
}
