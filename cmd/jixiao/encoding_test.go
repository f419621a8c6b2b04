package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// TestEncodedCaseFiles: the reference case saved as GBK and as UTF-16 is
// scored as the UTF-8 file is, and the encoding is said on stderr.
func TestEncodedCaseFiles(t *testing.T) {
	src, err := os.ReadFile(reference)
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(src)
	want, _, _ := runCLI(t, "eval", reference)
	dir := t.TempDir()
	for name, data := range map[string][]byte{"GBK": gbk, "UTF-16": utf16} {
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, errs, status := runCLI(t, "eval", path)
		if status != 0 || errs != "已按 "+name+" 编码读取 "+path+"\n" {
			t.Errorf("%s: status %d, stderr %q", name, status, errs)
		}
		if out != want || !strings.Contains(out, "总分 96.00 / 100") {
			t.Errorf("%s: scored differently:\n%s", name, out)
		}
	}
}
