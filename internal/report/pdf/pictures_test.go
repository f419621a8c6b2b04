package pdf_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/internal/report/pdf"
	"jixiao/internal/testutil"
)

// picturePages is how many first pages of each document are pictured.
const picturePages = 3

// When JIXIAO_REPORT_PICTURES names a folder (make report-pictures),
// TestReportPictures renders every example's report twice, as LibreOffice
// shows the DOCX (its own font substitution) and as jixiao's PDF, and
// saves their first pages as PNG there for docs/reports.md:
// <example>-docx-<n>.png and <example>-pdf-<n>.png.
//
// Without it, the test checks that docs/img/reports holds the pictures of
// every example, so that an example added without them is noticed.
func TestReportPictures(t *testing.T) {
	out := os.Getenv("JIXIAO_REPORT_PICTURES")
	if out == "" {
		examples, _ := filepath.Glob("../../../examples/*.yaml")
		for _, path := range examples {
			name := strings.TrimSuffix(filepath.Base(path), ".yaml")
			for _, kind := range []string{"docx", "pdf"} {
				pic := filepath.Join("../../../docs/img/reports", fmt.Sprintf("%s-%s-1.png", name, kind))
				if _, err := os.Stat(pic); err != nil {
					t.Errorf("no picture %s: run make report-pictures", pic)
				}
			}
		}
		return
	}
	soffice := testutil.Tool(t, "soffice", "libreoffice")
	pdftoppm := testutil.Tool(t, "pdftoppm")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(out, "*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	examples, _ := filepath.Glob("../../../examples/*.yaml")
	dir := t.TempDir()
	for _, path := range examples {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		_, doc := exampleDOCX(t, path)
		in := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(in, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		// The DOCX as LibreOffice shows it, with the machine's fonts.
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo-pdf"), in)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, msg)
		}
		start := time.Now()
		data, err := pdf.Print(context.Background(), doc, pdf.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: PDF in %v", name, time.Since(start).Round(100*time.Millisecond))
		mine := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(mine, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for kind, file := range map[string]string{"docx": filepath.Join(dir, "lo-pdf", name+".pdf"), "pdf": mine} {
			cmd := exec.Command(pdftoppm, "-r", "40", "-f", "1", "-l", fmt.Sprint(picturePages), "-png", file, filepath.Join(out, name+"-"+kind))
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, msg)
			}
			// pdftoppm pads page numbers to the width of the last page's
			// (-01 in a document of 22 pages): name them -1, -2, … alike.
			made, _ := filepath.Glob(filepath.Join(out, name+"-"+kind+"-*.png"))
			for _, m := range made {
				n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), name+"-"+kind+"-"), ".png"))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(m, filepath.Join(out, fmt.Sprintf("%s-%s-%d.png", name, kind, n))); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	pngs, _ := filepath.Glob(filepath.Join(out, "*.png"))
	var total int64
	for _, p := range pngs {
		fi, _ := os.Stat(p)
		total += fi.Size()
	}
	t.Logf("%d pictures, %d KiB", len(pngs), total>>10)
	if len(pngs) == 0 || total > 3<<20 {
		t.Errorf("%d pictures of %d bytes in all, want some and under 3 MiB", len(pngs), total)
	}
}
