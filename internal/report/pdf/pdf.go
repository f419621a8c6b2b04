// Package pdf prints an HTML report to PDF with headless Chromium, through
// the DevTools protocol (chromedp). Chromium is needed only at run time;
// where it is missing, Print says how to install it.
package pdf

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"jixiao"
)

// Options configure printing.
type Options struct {
	// Chromium is the browser's path; empty means FindChromium.
	Chromium string
	// Timeout bounds the whole print (default 60 s).
	Timeout time.Duration
}

// EnvChromium names the environment variable that gives the browser's path.
const EnvChromium = "JIXIAO_CHROMIUM"

// candidates are the names Chromium, Chrome and Edge install under.
var candidates = []string{
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge", "msedge",
	`C:\Program Files\Google\Chrome\Application\chrome.exe`,
	`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
}

// FindChromium returns the path of a Chromium-based browser: the one
// JIXIAO_CHROMIUM names, else the first on PATH or in the usual places.
func FindChromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", jixiao.Errorf(jixiao.EINVALID, "环境变量 %s 指定的浏览器 %s 不存在", EnvChromium, p)
		}
		return p, nil
	}
	for _, c := range candidates {
		if filepath.IsAbs(c) {
			if _, err := os.Stat(c); err == nil {
				return c, nil
			}
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", missing()
}

func missing() error {
	how := "Debian/Ubuntu 运行 apt-get install chromium；"
	switch runtime.GOOS {
	case "windows", "darwin":
		how = "请安装 Google Chrome 或 Microsoft Edge；"
	}
	return jixiao.Errorf(jixiao.EINVALID, "未找到 Chromium 浏览器，无法生成 PDF。%s或用环境变量 %s 指定浏览器程序的路径。"+
		"也可以先生成 DOCX（--format docx），再用 Word、WPS 或 LibreOffice 另存为 PDF。", how, EnvChromium)
}

// Print renders the HTML page html to a PDF, on the A4 page and margins its
// CSS declares, with a browser of its own that it stops before it returns
// (for one-off use, as the command line's; a server shares a Printer).
func Print(ctx context.Context, html []byte, opt Options) ([]byte, error) {
	p, err := NewPrinter(PrinterOptions{Chromium: opt.Chromium, Slots: 1, Timeout: opt.Timeout})
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Print(ctx, html)
}
