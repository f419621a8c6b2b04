package libreoffice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"jixiao"
)

// PDFLimits bound one conversion of a report to PDF.
type PDFLimits struct {
	MaxInput  int64         // bytes of .docx
	MaxOutput int64         // bytes of PDF
	Timeout   time.Duration // LibreOffice's run and the fonts' re-embedding together
}

// DefaultPDFLimits are those of a report: 16 MiB of .docx, 64 MiB of PDF,
// 120 s.
var DefaultPDFLimits = PDFLimits{MaxInput: 16 << 20, MaxOutput: 64 << 20, Timeout: 120 * time.Second}

// fontsConf is the fontconfig file of a conversion. It maps the fonts a
// report's DOCX asks for (those of Chinese Windows and WPS) to free fonts
// of the same kind: 仿宋 and 小标宋 to a 宋 (Ming) face, 黑体 to a 黑 face,
// 楷体 to a 楷 face, Times New Roman to its metric twin Liberation Serif.
// Where a TrueType Chinese font is installed, fonts with CFF outlines are
// left out (rejectCFF): LibreOffice embeds those as Type 1 fonts, TrueType
// ones as fonts that pdftocairo turns into CID fonts.
const fontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
%s%s</fontconfig>
`

// fontMap is the substitution of fontsConf, each name to the free fonts
// tried in order.
var fontMap = []struct {
	name string
	to   []string
}{
	{"仿宋_GB2312", []string{"AR PL UMing CN", "Noto Serif CJK SC"}},
	{"仿宋", []string{"AR PL UMing CN", "Noto Serif CJK SC"}},
	{"方正小标宋简体", []string{"AR PL UMing CN", "Noto Serif CJK SC"}},
	{"方正小标宋_GBK", []string{"AR PL UMing CN", "Noto Serif CJK SC"}},
	{"宋体", []string{"AR PL UMing CN", "Noto Serif CJK SC"}},
	{"黑体", []string{"WenQuanYi Zen Hei", "Noto Sans CJK SC"}},
	{"楷体_GB2312", []string{"AR PL UKai CN", "Noto Serif CJK SC"}},
	{"楷体", []string{"AR PL UKai CN", "Noto Serif CJK SC"}},
	{"Times New Roman", []string{"Liberation Serif", "DejaVu Serif"}},
	{"serif", []string{"Liberation Serif", "AR PL UMing CN", "Noto Serif CJK SC"}},
	{"sans-serif", []string{"Liberation Sans", "WenQuanYi Zen Hei", "Noto Sans CJK SC"}},
}

const rejectCFF = `  <selectfont><rejectfont><pattern><patelt name="fontformat"><string>CFF</string></patelt></pattern></rejectfont></selectfont>
`

var (
	fontsOnce sync.Once
	fontsText string
)

// fontConfig returns the text of fontsConf for this machine.
func fontConfig() string {
	fontsOnce.Do(func() {
		var b strings.Builder
		for _, m := range fontMap {
			fmt.Fprintf(&b, "  <alias binding=\"strong\"><family>%s</family><prefer>", m.name)
			for _, f := range m.to {
				fmt.Fprintf(&b, "<family>%s</family>", f)
			}
			b.WriteString("</prefer></alias>\n")
		}
		reject := ""
		if trueTypeChinese() {
			reject = rejectCFF
		}
		fontsText = fmt.Sprintf(fontsConf, b.String(), reject)
	})
	return fontsText
}

// trueTypeChinese reports whether a Chinese font with TrueType outlines is
// installed (fc-list, bounded to 10 s).
func trueTypeChinese() bool {
	bin, err := exec.LookPath("fc-list")
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, ":lang=zh-cn:fontformat=TrueType", "family").Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

// zipMagic is the start of a .docx (a ZIP archive).
var zipMagic = []byte("PK\x03\x04")

// PDF converts the report data (a .docx, named name in messages) to PDF
// with LibreOffice, in the DOCX's own layout. The conversion runs in a
// directory of its own under dir ("" for the system's temporary
// directory), with a LibreOffice profile of its own, both removed
// afterwards; every process it starts carries that directory on its
// command line and is killed when the time is up. Where pdftocairo
// (poppler) is installed, the PDF is rewritten by it so that its Chinese
// fonts are embedded as CID fonts.
//
// PDF does not bound the conversions at once: its callers queue them (the
// report printer).
func PDF(ctx context.Context, name string, data []byte, dir string, lim PDFLimits) ([]byte, error) {
	if int64(len(data)) > lim.MaxInput {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：文件过大（%d MiB），上限为 %d MiB", name, len(data)>>20, lim.MaxInput>>20)
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s 不是 .docx 文档", name)
	}
	bin, err := soffice()
	if err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "本机没有安装 LibreOffice，无法生成 PDF。Debian/Ubuntu 运行 apt-get install libreoffice-writer-nogui；"+
			"也可以先生成 DOCX，再用 Word、WPS 或 LibreOffice 另存为 PDF。")
	}
	work, err := os.MkdirTemp(dir, "jixiao-lo-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "report.docx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	conf := filepath.Join(work, "fonts.conf")
	if err := os.WriteFile(conf, []byte(fontConfig()), 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	out := filepath.Join(work, "out")
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(work, "profile")),
		"--convert-to", "pdf:writer_pdf_Export", "--outdir", out, in)
	group(cmd)
	cmd.Env = append(os.Environ(), "HOME="+work, "FONTCONFIG_FILE="+conf)
	runErr := cmd.Run()
	reap(cmd)
	if err := timedOut(ctx, name, lim); err != nil {
		return nil, err
	}
	result := filepath.Join(out, "report.pdf")
	fi, statErr := os.Stat(result)
	if runErr != nil || statErr != nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "%s：LibreOffice 未能生成 PDF", name)
	}
	if fi.Size() > lim.MaxOutput {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s：生成的 PDF 超过 %d MiB", name, lim.MaxOutput>>20)
	}
	if cairo, err := exec.LookPath("pdftocairo"); err == nil {
		cid := filepath.Join(work, "cid.pdf")
		cmd := exec.CommandContext(ctx, cairo, "-pdf", result, cid)
		group(cmd)
		cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf)
		runErr := cmd.Run()
		reap(cmd)
		if err := timedOut(ctx, name, lim); err != nil {
			return nil, err
		}
		if fi, err := os.Stat(cid); runErr == nil && err == nil && fi.Size() <= lim.MaxOutput {
			result = cid
		}
	}
	return os.ReadFile(result)
}

// soffice finds LibreOffice's program.
func soffice() (string, error) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		bin, err = exec.LookPath("libreoffice")
	}
	return bin, err
}

// group makes cmd the leader of a process group that is killed whole when
// its context ends (LibreOffice starts helper processes).
func group(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// reap kills what is left of cmd's process group once cmd has exited (a
// helper LibreOffice left behind), so that no conversion outlives its
// slot.
func reap(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// timedOut returns the error of a conversion whose context ended.
func timedOut(ctx context.Context, name string, lim PDFLimits) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return jixiao.Errorf(jixiao.EINTERNAL, "%s：生成 PDF 超过 %d 秒仍未完成", name, int(lim.Timeout/time.Second))
	}
	return ctx.Err()
}
