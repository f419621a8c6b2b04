package api

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"

	"jixiao"
	"jixiao/internal/audit"
)

// auditReport audits a report sent as the request body (jixiao audit over
// HTTP). Nothing is stored.
func (a *API) auditReport(w http.ResponseWriter, r *http.Request) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, audit.MaxSize+1))
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "读取请求内容失败：%v", err)
	}
	name := filepath.Base(r.URL.Query().Get("name"))
	if name == "." || name == "/" {
		name = "报告.txt"
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			name = "报告.docx"
		}
	}
	d, err := audit.Read(name, data)
	if err != nil {
		return err
	}
	return ok(w, audit.Audit(d).Report(d).ToJSON())
}
