package app

import (
	"context"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// Evidence files of rectification items (整改证明材料): the department
// uploads them before it gives its feedback; the feedback names them
// among its evidence. Their size is bounded before they are read and
// their type is sniffed from their content.

// rectFileTypes are the evidence files a rectification item accepts, by
// sniffed content type (a DOCX or XLSX file sniffs as a ZIP archive).
var rectFileTypes = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true, "application/zip": true}

// maxRectFileName bounds a file's name.
const maxRectFileName = 200

// rectFileName is the base of a file name given by a browser or client.
func rectFileName(name string) string {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// rectFileNote is how the feedback names an evidence file.
func rectFileNote(f *jixiao.RectFile) string { return "证明文件：" + f.Name }

// AddRectificationFile stores an evidence file of item id: the
// department's (who may give feedback on it) while the item waits for its
// feedback (通知 or 退回).
func (a *App) AddRectificationFile(ctx context.Context, id int64, name string, r io.Reader) (*jixiao.RectFile, error) {
	name = rectFileName(name)
	if name == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请选择要上传的证明文件")
	}
	if utf8.RuneCountInString(name) > maxRectFileName || !utf8.ValidString(name) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "证明文件的文件名超过 %d 个字符，请改短后再上传", maxRectFileName)
	}
	u, rec, err := a.rectification(ctx, id, actRectify)
	if err != nil {
		return nil, err
	}
	if st := rec.Item.Status; st != jixiao.RectNotified && st != jixiao.RectReturned {
		return nil, jixiao.Errorf(jixiao.EINVALID, "整改事项“%s”当前为“%s”，不能上传证明文件：只有状态为通知或退回的事项可以上传", rec.Item.ID, st)
	}
	// One byte more than allowed tells a file too large without reading it.
	data, err := io.ReadAll(io.LimitReader(r, jixiao.MaxRectFileSize+1))
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "读取证明文件“%s”失败，请重新上传", name)
	}
	if len(data) > jixiao.MaxRectFileSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "证明文件“%s”超过 %s的上限", name, jixiao.SizeText(jixiao.MaxRectFileSize))
	}
	if len(data) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "证明文件“%s”是空的", name)
	}
	ctype := http.DetectContentType(data)
	if !rectFileTypes[ctype] || (ctype == "application/zip" && !officeArchive(name)) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "证明文件“%s”的类型不允许上传：整改证明文件可以是 PDF、图片（PNG、JPEG）、Word（.docx）或 Excel（.xlsx）", name)
	}
	return a.db.AddRectificationFile(ctx, u, id, name, ctype, data, jixiao.MaxRectFiles)
}

// officeArchive reports whether a ZIP archive is named as a Word or Excel
// file (.docx, .xlsx): other archives are not accepted as evidence.
func officeArchive(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".docx" || ext == ".xlsx"
}

// RectificationFile returns evidence file fileID of item id and its
// content, for whoever may read the item.
func (a *App) RectificationFile(ctx context.Context, id, fileID int64) (*jixiao.RectFile, io.ReadCloser, error) {
	if _, _, err := a.rectification(ctx, id, actRead); err != nil {
		return nil, nil, err
	}
	f, rc, err := a.db.RectificationFile(ctx, id, fileID)
	if err != nil {
		return nil, nil, hide(err)
	}
	return f, rc, nil
}

// withFiles sets the evidence files of rec.
func (a *App) withFiles(ctx context.Context, rec *jixiao.RectificationRecord) error {
	fs, err := a.db.RectificationFiles(ctx, []int64{rec.ID})
	if err != nil {
		return err
	}
	rec.Files = fs[rec.ID]
	if rec.Files == nil {
		rec.Files = []*jixiao.RectFile{}
	}
	return nil
}
