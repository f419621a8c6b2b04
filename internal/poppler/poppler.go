// Package poppler reads the text of a PDF with pdftotext (poppler-utils):
// the reading order of the page, a table cell a line, pages joined. The
// file is bounded before it is read, the program's time and its output
// are bounded while it runs.
package poppler

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"jixiao"
)

// Limits bound one extraction.
type Limits struct {
	MaxInput  int           // bytes of PDF
	MaxOutput int           // bytes of text
	Timeout   time.Duration // the program's run
}

// DefaultLimits are those of a report: 32 MiB of PDF, 4 MiB of text, 30 s.
var DefaultLimits = Limits{MaxInput: 32 << 20, MaxOutput: 4 << 20, Timeout: 30 * time.Second}

// ReportText extracts a report's text within DefaultLimits (the shape
// audit.ReadWith takes).
func ReportText(ctx context.Context, name string, data []byte) (string, error) {
	return Text(ctx, name, data, DefaultLimits)
}

// Text extracts the text of the PDF data (named name in messages).
func Text(ctx context.Context, name string, data []byte, lim Limits) (string, error) {
	if len(data) > lim.MaxInput {
		return "", jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, lim.MaxInput>>20)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return "", jixiao.Errorf(jixiao.EINVALID, "%s 不是 PDF 文件", name)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", jixiao.Errorf(jixiao.EINVALID, "%s：本机没有安装读取 PDF 的程序 pdftotext（poppler-utils），无法读取 PDF；请另存为 .docx 或 .txt 后再核查", name)
	}
	dir, err := os.MkdirTemp("", "jixiao-pdf-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-enc", "UTF-8", "-nopgbrk", in, "-")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4 << 10}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	text, readErr := io.ReadAll(io.LimitReader(out, int64(lim.MaxOutput)+1))
	if len(text) > lim.MaxOutput {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return "", jixiao.Errorf(jixiao.EINVALID, "%s：文字超过 %d MiB，不像是一份自评报告；请只核查报告正文", name, lim.MaxOutput>>20)
	}
	waitErr := cmd.Wait()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "", jixiao.Errorf(jixiao.EINVALID, "%s：读取 PDF 文字超过 %d 秒仍未完成；请另存为 .docx 或 .txt 后再核查", name, int(lim.Timeout/time.Second))
	case readErr != nil || waitErr != nil:
		return "", jixiao.Errorf(jixiao.EINVALID, "%s：无法读取 PDF 中的文字（文件可能已损坏或加密）；请另存为 .docx 或 .txt 后再核查", name)
	}
	s := strings.ReplaceAll(string(text), "\f", "\n")
	if strings.TrimSpace(s) == "" {
		return "", jixiao.Errorf(jixiao.EINVALID, "%s：PDF 中没有可读取的文字（可能是扫描件或图片）；请用原始的 Word 或文本文件核查", name)
	}
	return s, nil
}

// limitedWriter keeps the first n bytes written to it.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		_, _ = l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
