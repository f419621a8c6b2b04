package audit

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jixiao"
)

// decodeText reads a text file as Notepad, WPS and older tools save one:
// UTF-8 (with or without a BOM), UTF-16 with its BOM, or GBK (GB18030). It
// says which, when it is not UTF-8. Text that is none of these is refused
// rather than read as garbage.
func decodeText(name string, data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
			return "", "", notText(name)
		}
		return string(out), "按 UTF-16 编码读取", nil
	case utf8.Valid(data):
		return strings.TrimPrefix(string(data), "\ufeff"), "", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) || bytes.ContainsRune(out, 0) {
		return "", "", notText(name)
	}
	return string(out), "按 GBK（GB18030）编码读取", nil
}

func notText(name string) error {
	return jixiao.Errorf(jixiao.EINVALID, "%s 不是可识别编码（UTF-8、UTF-16 或 GBK）的文本：请用记事本或 WPS 另存为 UTF-8 编码后再核查", name)
}
