package docx_test

import (
	"io"
	"testing"

	"jixiao/internal/report/docx"
)

// BenchmarkReferenceDOCX builds and renders the reference report's DOCX.
func BenchmarkReferenceDOCX(b *testing.B) {
	d := reference(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := docx.Render(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
