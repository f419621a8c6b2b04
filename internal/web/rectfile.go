package web

import (
	"fmt"
	"io"
	"net/http"

	"jixiao"
)

// Evidence files of rectification items: uploaded by the department on
// the item's page before its feedback, downloaded by whoever sees the
// item.

// maxRectFileRequest bounds an evidence file's upload request: the file's
// limit and room for the form's parts. The service refuses a file over its
// own limit.
const maxRectFileRequest = jixiao.MaxRectFileSize + 1<<20

func (w *Web) uploadRectFile(rw http.ResponseWriter, r *http.Request) error {
	rs, id, err := w.rechecksAnd(r)
	if err != nil {
		return err
	}
	// Another department's item is not found before anything is read.
	if _, err := rs.Rectification(r.Context(), id); err != nil {
		return err
	}
	// The form is parsed already (bounded: large files wait in a temporary
	// file, not in memory); the service reads at most its limit of it.
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "请选择要上传的证明文件")
	}
	defer file.Close()
	f, err := rs.AddRectificationFile(r.Context(), id, hdr.Filename, file)
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已上传证明文件“%s”（%s），请在下方提交落实反馈", f.Name, jixiao.SizeText(f.Size)))
	return redirect(rw, r, fmt.Sprintf("/rectifications/%d", id))
}

func (w *Web) rectFile(rw http.ResponseWriter, r *http.Request) error {
	rs, id, err := w.rechecksAnd(r)
	if err != nil {
		return err
	}
	fileID, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, body, err := rs.RectificationFile(r.Context(), id, fileID)
	if err != nil {
		return err
	}
	defer body.Close()
	download(rw, f.Name, f.ContentType, f.Size)
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	rw.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if _, err := io.Copy(rw, body); err != nil {
		w.Logger.Warn("web: rectification file", "file", fileID, "err", err)
	}
	return nil
}
