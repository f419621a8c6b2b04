package web

import (
	"io"
	"net/http"

	"jixiao"
	"jixiao/internal/audit"
)

// auditPage shows the form for auditing a report: any signed-in user may
// check a report's text, whether a preparer before submitting it or a
// reviewer receiving it. Nothing is stored.
func (w *Web) auditPage(rw http.ResponseWriter, r *http.Request) error {
	w.render(rw, r, http.StatusOK, "audit", &page{Title: "报告核查", Nav: "audit", Data: map[string]any{"Max": audit.MaxSize >> 20}})
	return nil
}

// auditReport audits an uploaded report and shows its findings in its text:
// as a fragment for htmx, or the whole page for a plain form post.
func (w *Web) auditReport(rw http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(rw, r.Body, audit.MaxSize+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "请选择要核查的报告：Word 文档（.docx）或文本文件（.txt），不超过 %d MiB", audit.MaxSize>>20)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, audit.MaxSize+1))
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "读取上传文件失败：%v", err)
	}
	d, err := audit.Read(hdr.Filename, data)
	if err != nil {
		return err
	}
	frag, err := audit.Fragment(d, audit.Audit(d))
	if err != nil {
		return err
	}
	result := map[string]any{"Name": hdr.Filename, "Result": frag, "Max": audit.MaxSize >> 20}
	if isHTMX(r) {
		w.fragment(rw, http.StatusOK, "audit-result", result)
		return nil
	}
	w.render(rw, r, http.StatusOK, "audit", &page{Title: "报告核查：" + hdr.Filename, Nav: "audit", Data: result})
	return nil
}
