// Package libreoffice runs LibreOffice (soffice, headless): it converts an
// old Word (.doc) or WPS (.wps) document to .docx, for the audit of a
// report sent in those formats, and a report's .docx to PDF in the DOCX's
// own layout (PDF). The file is bounded before it is converted; the
// program's time and its output are bounded while it runs, and each
// conversion has its own profile and directory, removed afterwards.
package libreoffice

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"jixiao"
)

// Limits bound one conversion.
type Limits struct {
	MaxInput  int64         // bytes of .doc or .wps
	MaxOutput int64         // bytes of .docx
	Timeout   time.Duration // the program's run, LibreOffice's start included
}

// DefaultLimits are those of a report: 32 MiB in, 64 MiB out, 60 s.
var DefaultLimits = Limits{MaxInput: 32 << 20, MaxOutput: 64 << 20, Timeout: 60 * time.Second}

// slots bounds the conversions at once: each runs a LibreOffice of a few
// hundred MiB.
var slots = make(chan struct{}, 2)

// ReportDocx converts a report within DefaultLimits (the shape the audit's
// readers take).
func ReportDocx(ctx context.Context, name string, data []byte) ([]byte, error) {
	return Docx(ctx, name, data, DefaultLimits)
}

// ole is the signature of an OLE compound file (.doc, .wps, .xls); rtf
// starts a Rich Text file, which Word also saves as .doc.
var (
	ole = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	rtf = []byte(`{\rtf`)
)

// Docx converts the document data (named name in messages) to .docx.
func Docx(ctx context.Context, name string, data []byte, lim Limits) ([]byte, error) {
	if int64(len(data)) > lim.MaxInput {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, lim.MaxInput>>20)
	}
	if !bytes.HasPrefix(data, ole) && !bytes.HasPrefix(data, rtf) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是 Word 或 WPS 文档（文件内容与扩展名不符）；请在 Word 或 WPS 中另存为 .docx 后再核查", name)
	}
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if bin, err = exec.LookPath("libreoffice"); err != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s：本机没有安装 LibreOffice，无法读取 .doc 和 .wps 文件；请另存为 .docx 后再核查", name)
		}
	}
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	dir, err := os.MkdirTemp("", "jixiao-lo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report"+ext(name, data))
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", out, in)
	// LibreOffice starts helper processes: the whole group goes on timeout.
	killGroupOnCancel(cmd)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	runErr := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：转换为 .docx 超过 %d 秒仍未完成；请在 Word 或 WPS 中另存为 .docx 后再核查", name, int(lim.Timeout/time.Second))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	result := filepath.Join(out, "report.docx")
	fi, statErr := os.Stat(result)
	if runErr != nil || statErr != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：LibreOffice 无法打开这个文件（可能已损坏、加密，或是不支持的版本）；请在 Word 或 WPS 中另存为 .docx 后再核查", name)
	}
	if fi.Size() > lim.MaxOutput {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：转换后的文档超过 %d MiB，不像是一份自评报告；请只核查报告正文", name, lim.MaxOutput>>20)
	}
	return os.ReadFile(result)
}

// ext is the extension LibreOffice is given: the file's own when it is one
// LibreOffice reads (a WPS document keeps .wps), else one by its content.
func ext(name string, data []byte) string {
	switch e := strings.ToLower(filepath.Ext(name)); e {
	case ".doc", ".wps", ".rtf":
		return e
	}
	if bytes.HasPrefix(data, rtf) {
		return ".rtf"
	}
	return ".doc"
}
