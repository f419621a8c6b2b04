package audit_test

import (
	"os"
	"strings"
	"testing"

	"jixiao/internal/audit"
)

// BenchmarkAudit audits the reference report, and the same text forty
// times over (7,280 lines, 1 MB: far longer than any real report).
func BenchmarkAudit(b *testing.B) {
	data, err := os.ReadFile(referenceFile)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		copies int
	}{{"reference", 1}, {"x40", 40}} {
		text := []byte(strings.Repeat(string(data), c.copies))
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				d, err := audit.Read("报告.txt", text)
				if err != nil {
					b.Fatal(err)
				}
				audit.Audit(d)
			}
		})
	}
}
