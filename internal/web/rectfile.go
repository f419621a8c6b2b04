package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
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

// rectFilePart finds the part named file of a multipart request without
// reading it whole: the caller reads the part. An error names what is
// wrong in Chinese.
func rectFilePart(r *http.Request) (*multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请选择要上传的证明文件")
	}
	for {
		p, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return nil, jixiao.Errorf(jixiao.EINVALID, "上传的证明文件过大：每个文件不能超过 %s", jixiao.SizeText(jixiao.MaxRectFileSize))
		case errors.Is(err, io.EOF):
			return nil, jixiao.Errorf(jixiao.EINVALID, "请选择要上传的证明文件")
		case err != nil:
			return nil, jixiao.Errorf(jixiao.EINVALID, "上传没有完成，请重新选择文件上传")
		}
		if p.FormName() == "file" && p.FileName() != "" {
			return p, nil
		}
		p.Close()
	}
}

func (w *Web) uploadRectFile(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Another department's item is not found before anything is read.
	if _, err := rs.Rectification(r.Context(), id); err != nil {
		return err
	}
	p, err := rectFilePart(r)
	if err != nil {
		return err
	}
	defer p.Close()
	f, err := rs.AddRectificationFile(r.Context(), id, p.FileName(), p)
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已上传证明文件“%s”（%s），请在下方提交落实反馈", f.Name, jixiao.SizeText(f.Size)))
	return redirect(rw, r, fmt.Sprintf("/rectifications/%d", id))
}

func (w *Web) rectFile(rw http.ResponseWriter, r *http.Request) error {
	rs, err := w.rechecks()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
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
