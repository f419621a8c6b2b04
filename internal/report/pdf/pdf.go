// Package pdf makes a report's PDF from its DOCX with LibreOffice
// (internal/libreoffice), so that the PDF has the DOCX's layout: GB/T 9704
// pages of 22 lines of 28 characters, the fonts the DOCX asks for (or free
// fonts of the same kind), page numbers, repeated table headings. A
// Printer queues the conversions of a server; Print converts one report
// for the command line.
package pdf

import (
	"context"
	"time"
)

// Options configure a one-off conversion.
type Options struct {
	// Timeout bounds the conversion (default 120 s).
	Timeout time.Duration
}

// Print converts the report docx (a .docx) to PDF with a printer of its
// own (for one-off use, as the command line's; a server shares a Printer).
func Print(ctx context.Context, docx []byte, opt Options) ([]byte, error) {
	p, err := NewPrinter(PrinterOptions{Slots: 1, Timeout: opt.Timeout})
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Print(ctx, docx)
}
