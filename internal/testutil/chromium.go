package testutil

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the path of a Chromium-based browser (for the browser
// tests), skipping or failing the test as Tool does when there is none.
func Chromium(t testing.TB) string {
	t.Helper()
	return Tool(t, "chromium", "chromium-browser", "google-chrome")
}

// PrintHTML prints the HTML page html to PDF with headless Chromium, as a
// department's PDF made in a browser or an office program would come (the
// tests of reading PDFs need one).
func PrintHTML(t testing.TB, html []byte) []byte {
	t.Helper()
	path := Chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.UserDataDir(filepath.Join(dir, "profile")), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("no-first-run", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(page))); err != nil {
		t.Fatalf("open the page in chromium: %v", err)
	}
	buf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatalf("print with chromium: %v", err)
	}
	return buf
}
