package audit

import (
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"
)

// Some copies of reports are in traditional characters (a site that
// converts pages, or a page from Hong Kong or Taiwan): "總收入", "萬元",
// "億元". The audit's words are simplified, so such a text is read in
// simplified characters (OpenCC's t2s conversion), and its findings quote
// it so.

// traditionalMarks are common characters written only in traditional
// Chinese; a text with at least minTraditional of them is read converted.
const traditionalMarks = "們個這為與於會總資財預決萬億單項務發區縣內進經費實產業號計劃級國門關開時間長東說對從後還來點"

const minTraditional = 8

// toSimplified is the converter, made once (it loads its dictionaries).
var toSimplified = sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("t2s") })

// traditional reports whether the paragraphs are written in traditional
// characters.
func traditional(paras []string) bool {
	n := 0
	for _, p := range paras {
		for _, r := range p {
			if r >= 0x4E00 && strings.ContainsRune(traditionalMarks, r) {
				if n++; n >= minTraditional {
					return true
				}
			}
		}
	}
	return false
}

// simplify converts a text in traditional characters to simplified, each
// paragraph whose conversion keeps its length (so that offsets and joined
// lines stay where they are), and says so in the note.
func (d *Document) simplify() *Document {
	if !traditional(d.Paragraphs) {
		return d
	}
	cc, err := toSimplified()
	if err != nil {
		return d
	}
	for i, p := range d.Paragraphs {
		if s, err := cc.Convert(p); err == nil && len(s) == len(p) {
			d.Paragraphs[i] = s
		}
	}
	d.addNote("原文为繁体字，按简体字核查，发现中引用的文字也是简体")
	return d
}

// addNote adds a note on how the text was read.
func (d *Document) addNote(note string) {
	if d.Note != "" {
		d.Note += "；"
	}
	d.Note += note
}

// read makes the text of d what the checks read: simplified characters,
// figures without the spaces a PDF sets around them.
func (d *Document) read() *Document { return d.simplify().tighten() }
