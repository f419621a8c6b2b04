package libreoffice_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/audit"
	"jixiao/internal/libreoffice"
	"jixiao/internal/testutil"
)

// oldWord saves text as an old Word document with LibreOffice, as a
// department's .doc would come.
func oldWord(t *testing.T, text string) []byte {
	t.Helper()
	soffice := testutil.Tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "报告.txt")
	if err := os.WriteFile(in, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--infilter=Text (encoded):UTF8", "--convert-to", "doc:MS Word 97", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "报告.doc"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A .doc (and the same file named .wps) is converted and audited as its
// .docx would be: its paragraphs in order, the report saying how it was
// read; afterwards nothing is left in the temporary directory.
func TestOldWordAudited(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data := oldWord(t, "一、基本情况\n全年支出100万元，其中：基本支出60万元，项目支出30万元。\n")
	for _, name := range []string{"报告.doc", "报告.wps"} {
		d, err := audit.ReadWith(context.Background(), name, data, audit.Converters{Word: libreoffice.ReportDocx})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(d.Paragraphs) < 2 || d.Paragraphs[0] != "一、基本情况" || !strings.Contains(d.Note, "LibreOffice") || d.Unit != "段" {
			t.Fatalf("%s: %q, note %q", name, d.Paragraphs, d.Note)
		}
		res := audit.Audit(d)
		var found bool
		for _, f := range res.Findings {
			found = found || f.Code == "T01" && strings.Contains(f.Message, "60 + 30 = 90")
		}
		if !found {
			t.Errorf("%s: no T01 finding: %+v", name, res.Findings)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}

// Bounds and bad files give a Chinese message naming the file; a
// conversion past its time is stopped with all its processes.
func TestLimits(t *testing.T) {
	data := oldWord(t, "收入100万元。\n")
	lim := libreoffice.DefaultLimits
	for _, c := range []struct {
		data []byte
		lim  libreoffice.Limits
		want string
	}{
		{data, libreoffice.Limits{MaxInput: 100, MaxOutput: lim.MaxOutput, Timeout: lim.Timeout}, "报告.doc：文件过大"},
		{[]byte("PK\x03\x04 a zip"), lim, "报告.doc 不是 Word 或 WPS 文档"},
		{append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), lim, "LibreOffice 无法打开"},
		{data, libreoffice.Limits{MaxInput: lim.MaxInput, MaxOutput: 100, Timeout: lim.Timeout}, "转换后的文档超过"},
		{data, libreoffice.Limits{MaxInput: lim.MaxInput, MaxOutput: lim.MaxOutput, Timeout: 50 * time.Millisecond}, "超过 0 秒仍未完成"},
	} {
		_, err := libreoffice.Docx(context.Background(), "报告.doc", c.data, c.lim)
		if err == nil || !strings.Contains(jixiao.ErrorMessage(err), c.want) || jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
	// The stopped conversion left no LibreOffice behind.
	time.Sleep(200 * time.Millisecond)
	if procs := testutil.Procs("jixiao-lo-"); len(procs) != 0 {
		t.Errorf("processes left: %+v", procs)
	}
}

// PDF's bounds and bad input give a Chinese message; a conversion past its
// time is stopped with all its processes, and nothing is left in the
// directory it was given.
func TestPDFLimits(t *testing.T) {
	testutil.Tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	docx := append([]byte("PK\x03\x04"), make([]byte, 200)...)
	lim := libreoffice.DefaultPDFLimits
	for _, c := range []struct {
		data []byte
		lim  libreoffice.PDFLimits
		code string
		want string
	}{
		{docx, libreoffice.PDFLimits{MaxInput: 100, MaxOutput: lim.MaxOutput, Timeout: lim.Timeout}, jixiao.EINVALID, "报告.docx：文件过大"},
		{[]byte("{\\rtf1 not a docx}"), lim, jixiao.EINVALID, "报告.docx 不是 .docx 文档"},
		{docx, libreoffice.PDFLimits{MaxInput: lim.MaxInput, MaxOutput: lim.MaxOutput, Timeout: 50 * time.Millisecond}, jixiao.EINTERNAL, "报告.docx：生成 PDF 超过 0 秒仍未完成"},
	} {
		_, err := libreoffice.PDF(context.Background(), "报告.docx", c.data, dir, c.lim)
		if jixiao.ErrorCode(err) != c.code || !strings.HasPrefix(jixiao.ErrorMessage(err), c.want) {
			t.Errorf("want %s %q, got %v", c.code, c.want, err)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if procs := testutil.Procs(dir); len(procs) != 0 {
		t.Errorf("processes left: %+v", procs)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left in the directory: %v", left)
	}
}
