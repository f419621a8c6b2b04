// Package textenc reads text files as Notepad, WPS and older tools save
// them: UTF-8 (with or without a byte-order mark), UTF-16 with its
// byte-order mark, or GBK (GB18030). Case files and reports share it, so
// that every text a user uploads is read the same way.
package textenc

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names the encoding a text was read in, as users know it:
// "" for UTF-8, else "UTF-16" or "GBK".
type Encoding string

// The encodings Decode recognises besides UTF-8.
const (
	UTF8  Encoding = ""
	UTF16 Encoding = "UTF-16"
	GBK   Encoding = "GBK"
)

// ErrNotText is returned for data that is none of the encodings read
// (a binary file, or text in another encoding).
var ErrNotText = errors.New("textenc: not text in UTF-8, UTF-16 or GBK")

// ErrTooLarge is returned when the decoded text would exceed the limit
// given to Decode (GBK and UTF-16 grow by up to half in UTF-8).
var ErrTooLarge = errors.New("textenc: decoded text too large")

// Decode returns data as UTF-8 text without a byte-order mark, and the
// encoding it was in. A UTF-16 file is known by its byte-order mark; text
// that is not valid UTF-8 is read as GB18030 (a superset of GBK) when it
// decodes without errors or NUL characters. At most max bytes of text are
// produced (max <= 0: no limit); more is ErrTooLarge, found while
// decoding, before the whole text is held.
func Decode(data []byte, max int) (string, Encoding, error) {
	out, enc, _, err := decodeText(data, max)
	if err != nil {
		return "", "", err
	}
	return string(out), enc, nil
}

// DecodeBytes is Decode returning the text as a slice of its own (not
// sharing data's memory), copied once at most: for callers that parse
// bytes, saving Decode's string and the copy back to bytes.
func DecodeBytes(data []byte, max int) ([]byte, Encoding, error) {
	out, enc, fresh, err := decodeText(data, max)
	if err != nil {
		return nil, "", err
	}
	if !fresh {
		out = bytes.Clone(out)
	}
	return out, enc, nil
}

// decodeText is Decode's work; fresh is whether text was made for the
// result (false: it is a slice of data).
func decodeText(data []byte, max int) (text []byte, enc Encoding, fresh bool, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := decode(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), data, max)
		if err != nil {
			return nil, "", false, err
		}
		if !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) || bytes.IndexByte(out, 0) >= 0 {
			return nil, "", false, ErrNotText
		}
		return out, UTF16, true, nil
	case utf8.Valid(data):
		if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			return nil, "", false, ErrNotText
		}
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		if max > 0 && len(data) > max {
			return nil, "", false, ErrTooLarge
		}
		return data, UTF8, false, nil
	}
	out, err := decode(simplifiedchinese.GB18030, data, max)
	if err != nil {
		return nil, "", false, err
	}
	if bytes.ContainsRune(out, utf8.RuneError) || bytes.IndexByte(out, 0) >= 0 {
		return nil, "", false, ErrNotText
	}
	return out, GBK, true, nil
}

// decode runs data through e's decoder, producing at most max bytes.
func decode(e encoding.Encoding, data []byte, max int) ([]byte, error) {
	var r io.Reader = transform.NewReader(bytes.NewReader(data), e.NewDecoder())
	if max > 0 {
		r = io.LimitReader(r, int64(max)+1)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, ErrNotText
	}
	if max > 0 && len(out) > max {
		return nil, ErrTooLarge
	}
	return out, nil
}
