package audit

import (
	"errors"

	"jixiao"
	"jixiao/internal/textenc"
)

// decodeText reads a text file as Notepad, WPS and older tools save one:
// UTF-8 (with or without a BOM), UTF-16 with its BOM, or GBK (GB18030). It
// says which, when it is not UTF-8. Text that is none of these is refused
// rather than read as garbage; so is text over MaxText once decoded.
func decodeText(name string, data []byte) (string, string, error) {
	text, enc, err := textenc.Decode(data, MaxText)
	switch {
	case errors.Is(err, textenc.ErrTooLarge):
		return "", "", tooMuchText(name)
	case err != nil:
		return "", "", notText(name)
	}
	switch enc {
	case textenc.GBK:
		return text, "按 GBK（GB18030）编码读取", nil
	case textenc.UTF16:
		return text, "按 UTF-16 编码读取", nil
	}
	return text, "", nil
}

func notText(name string) error {
	return jixiao.Errorf(jixiao.EINVALID, "%s 不是可识别编码（UTF-8、UTF-16 或 GBK）的文本：请用记事本或 WPS 另存为 UTF-8 编码后再核查", name)
}
