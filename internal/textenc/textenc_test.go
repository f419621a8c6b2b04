package textenc_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jixiao/internal/textenc"
)

func TestDecode(t *testing.T) {
	const text = "部门整体支出绩效自评\n得分：87.24"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String(text + "𠀀")
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	for _, c := range []struct {
		name, in, want string
		enc            textenc.Encoding
	}{
		{"utf-8", text, text, textenc.UTF8},
		{"utf-8 bom", "\ufeff" + text, text, textenc.UTF8},
		{"gbk", gbk, text, textenc.GBK},
		{"gb18030", gb18030, text + "𠀀", textenc.GBK},
		{"utf-16le", le, text, textenc.UTF16},
		{"utf-16be", be, text, textenc.UTF16},
	} {
		got, enc, err := textenc.Decode([]byte(c.in), 0)
		if err != nil || got != c.want || enc != c.enc {
			t.Errorf("%s: %q %q %v", c.name, got, enc, err)
		}
		// DecodeBytes gives the same text, in memory of its own.
		in := []byte(c.in)
		b, enc, err := textenc.DecodeBytes(in, 0)
		if err != nil || string(b) != c.want || enc != c.enc {
			t.Errorf("%s: DecodeBytes %q %q %v", c.name, b, enc, err)
		}
		clear(in)
		if string(b) != c.want {
			t.Errorf("%s: DecodeBytes's text changed with its input: %q", c.name, b)
		}
	}
	for name, in := range map[string]string{
		"binary":        "PK\x03\x04\x00\x00\x00",
		"utf-16 broken": "\xff\xfe\x00\xd8", // a lone surrogate
		"not gbk":       "\x81\x20\xff",
	} {
		if _, _, err := textenc.Decode([]byte(in), 0); !errors.Is(err, textenc.ErrNotText) {
			t.Errorf("%s: %v, want ErrNotText", name, err)
		}
		if _, _, err := textenc.DecodeBytes([]byte(in), 0); !errors.Is(err, textenc.ErrNotText) {
			t.Errorf("%s: DecodeBytes %v, want ErrNotText", name, err)
		}
	}
}

// TestDecodeBounded: the limit is on the decoded text, which is larger
// than the file (GBK's two bytes a character become UTF-8's three), and
// decoding stops at it.
func TestDecodeBounded(t *testing.T) {
	text := strings.Repeat("绩效", 1000) // 6000 bytes of UTF-8
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	for name, in := range map[string]string{"gbk": gbk, "utf-16": le, "utf-8": text} {
		if len(in) > 6002 {
			t.Fatalf("%s is %d bytes", name, len(in))
		}
		if _, _, err := textenc.Decode([]byte(in), 5999); !errors.Is(err, textenc.ErrTooLarge) {
			t.Errorf("%s over the limit: %v", name, err)
		}
		if got, _, err := textenc.Decode([]byte(in), 6000); err != nil || got != text {
			t.Errorf("%s at the limit: %v", name, err)
		}
	}
}
