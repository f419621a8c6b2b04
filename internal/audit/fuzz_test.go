package audit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/audit"
)

// FuzzAudit feeds arbitrary text to the audit: it never panics, every
// finding points into the text, and the annotated text shows every
// paragraph whole.
func FuzzAudit(f *testing.F) {
	files, _ := filepath.Glob("testdata/reports/*.txt")
	for _, file := range files[:min(len(files), 6)] {
		b, _ := os.ReadFile(file)
		f.Add(string(b))
	}
	f.Add("5.某项工作（满分16分，得14分）\n扣2分。扣0.5分\n自评得分96分，评价等级为“优秀”。得分≥85分为优秀；得分＜85分为良好")
	f.Add("下设有A、B、C等３个单位；共排查问题４０个，已整改３６个，整改率９０％。预算数5万元，执行数4万元，执行率80%")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := audit.Read("x.txt", []byte(text))
		if err != nil {
			return // not UTF-8
		}
		res := audit.Audit(d)
		for _, fd := range res.Findings {
			if fd.Para < 1 || fd.Para > len(d.Paragraphs) || fd.Start < 0 || fd.End > len(d.Paragraphs[fd.Para-1]) || fd.Start >= fd.End {
				t.Fatalf("finding %s at %d[%d:%d] outside the text", fd.Code, fd.Para, fd.Start, fd.End)
			}
		}
		for _, l := range audit.Annotate(d, res.Findings) {
			var b strings.Builder
			for _, sp := range l.Spans {
				b.WriteString(sp.Text)
			}
			if b.String() != d.Paragraphs[l.N-1] {
				t.Fatalf("line %d shown as %q", l.N, b.String())
			}
		}
	})
}
