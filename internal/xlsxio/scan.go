package xlsxio

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner reads the elements of one XML part of a workbook as a stream:
// element names (their local part, without a namespace prefix), the
// attributes of the elements asked for, and the text of an element when
// asked. It is not a general XML parser: it reads what the parts of an
// .xlsx hold, holds one tag (at most maxTag bytes) and one text (at most
// the cap given) at a time, skips everything else without keeping it,
// and refuses a DOCTYPE, so that no entity can expand.
type scanner struct {
	src  io.Reader
	b    []byte
	i, n int   // the unread bytes are b[i:n]
	err  error // what the source said after the bytes in b

	attrs map[string]bool // elements whose attributes are read

	lt      bool // the next tag's '<' is already read
	pending bool // a self-closing tag's end is yet to be returned

	name  []byte // the current element's local name
	attr  []xattr
	spans []span
	buf   []byte // the current tag's name and attributes
	text  []byte // the last text read
	empty bool   // the current start tag closed itself
}

type xattr struct {
	name, value []byte
}

// Tokens the scanner returns.
const (
	tokEOF = iota
	tokStart
	tokEnd
)

// maxTag bounds one start tag whose attributes are read.
const maxTag = 64 << 10

// errSyntax is a part that is not well-formed where it matters.
var errSyntax = errors.New("XML 格式不正确")

// errTextLong is a text over the cap given to readText.
var errTextLong = errors.New("text over the cap")

func newScanner(r io.Reader, attrs ...string) *scanner {
	s := &scanner{src: r, b: make([]byte, 64<<10), attrs: map[string]bool{}}
	for _, a := range attrs {
		s.attrs[a] = true
	}
	return s
}

// fill reads more of the source into the buffer; false at its end or on
// an error (in s.err).
func (s *scanner) fill() bool {
	if s.err != nil {
		return false
	}
	s.i, s.n = 0, 0
	for s.n == 0 {
		n, err := s.src.Read(s.b)
		s.n = n
		if err != nil {
			s.err = err
			return n > 0
		}
	}
	return true
}

func (s *scanner) readByte() (byte, error) {
	if i := s.i; i < s.n {
		s.i = i + 1
		return s.b[i], nil
	}
	return s.refillByte()
}

// refillByte is readByte at the end of the buffer.
func (s *scanner) refillByte() (byte, error) {
	if !s.fill() {
		return 0, unexpected(s.err)
	}
	s.i = 1
	return s.b[0], nil
}

// unexpected is an error while inside a tag or text: the end of the part
// there means it was cut short.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// skipTo reads up to and including the byte c; io.EOF at the end.
func (s *scanner) skipTo(c byte) error {
	for {
		if j := bytes.IndexByte(s.b[s.i:s.n], c); j >= 0 {
			s.i += j + 1
			return nil
		}
		s.i = s.n
		if !s.fill() {
			return s.err
		}
	}
}

// next moves to the next start or end tag, skipping text, comments,
// processing instructions and CDATA. A self-closing tag is returned as a
// start (with empty set) and then an end.
func (s *scanner) next() (int, error) {
	if s.pending {
		s.pending = false
		s.attr = s.attr[:0]
		return tokEnd, nil
	}
	s.empty = false
	for {
		if !s.lt {
			if err := s.skipTo('<'); err != nil {
				if err == io.EOF {
					return tokEOF, nil
				}
				return tokEOF, err
			}
		}
		s.lt = false
		c, err := s.readByte()
		if err != nil {
			return tokEOF, err
		}
		switch c {
		case '/':
			if err := s.readName(); err != nil {
				return tokEOF, err
			}
			if err := s.skipTag(); err != nil {
				return tokEOF, err
			}
			s.attr = s.attr[:0]
			return tokEnd, nil
		case '?':
			if _, err := s.collectPast("?>", nil, 0); err != nil {
				return tokEOF, err
			}
		case '!':
			if _, err := s.bang(nil, 0); err != nil {
				return tokEOF, err
			}
		default:
			s.i--
			if err := s.readName(); err != nil {
				return tokEOF, err
			}
			if s.attrs[string(s.name)] {
				err = s.readAttrs()
			} else {
				s.attr = s.attr[:0]
				err = s.skipTag()
			}
			if err != nil {
				return tokEOF, err
			}
			s.pending = s.empty
			return tokStart, nil
		}
	}
}

// is tells whether the current element's local name is n.
func (s *scanner) is(n string) bool { return string(s.name) == n }

// get is the value of the current start tag's attribute (by local name).
func (s *scanner) get(name string) []byte {
	for _, a := range s.attr {
		if string(a.name) == name {
			return a.value
		}
	}
	return nil
}

// collectPast reads up to and including end, appending what comes before
// it to dst (when dst is not nil) while dst stays within max bytes.
func (s *scanner) collectPast(end string, dst []byte, max int) ([]byte, error) {
	var last [3]byte // the last bytes read, the newest last
	n := 0
	for {
		c, err := s.readByte()
		if err != nil {
			return dst, err
		}
		last[0], last[1], last[2] = last[1], last[2], c
		n++
		if dst != nil {
			dst = append(dst, c)
		}
		if n >= len(end) && string(last[3-len(end):]) == end {
			if dst != nil {
				dst = dst[:len(dst)-len(end)]
			}
			return dst, nil
		}
		if dst != nil && len(dst) > max+len(end) {
			return dst, errTextLong
		}
	}
}

// bang reads what follows "<!": a comment (skipped), a CDATA section
// (appended to dst when dst is not nil) or a DOCTYPE (refused).
func (s *scanner) bang(dst []byte, max int) ([]byte, error) {
	c, err := s.readByte()
	if err != nil {
		return dst, err
	}
	switch c {
	case '-':
		if c, err = s.readByte(); err != nil || c != '-' {
			return dst, errSyntax
		}
		_, err := s.collectPast("-->", nil, 0)
		return dst, err
	case '[':
		for _, want := range []byte("CDATA[") {
			if c, err := s.readByte(); err != nil || c != want {
				return dst, errSyntax
			}
		}
		if dst == nil {
			_, err := s.collectPast("]]>", nil, 0)
			return dst, err
		}
		return s.collectPast("]]>", dst, max)
	}
	return dst, errSyntax // DOCTYPE, or not XML
}

// readName reads an element name up to white space, '/' or '>'; the
// prefix ("x:") is dropped.
func (s *scanner) readName() error {
	s.buf = s.buf[:0]
	for {
		c, err := s.readByte()
		if err != nil {
			return err
		}
		switch c {
		case ' ', '\t', '\r', '\n', '/', '>':
			s.i--
			if len(s.buf) == 0 {
				return errSyntax
			}
			s.name = localName(s.buf)
			return nil
		case '<', '"', '\'', '=':
			return errSyntax
		}
		s.buf = append(s.buf, c)
		if len(s.buf) > 256 {
			return errSyntax
		}
	}
}

// skipTag reads past the end of the current tag without keeping its
// attributes, and notes whether it closed itself.
func (s *scanner) skipTag() error {
	var quote, prev byte
	for {
		b := s.b[s.i:s.n]
		for i, c := range b {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '<':
				return errSyntax
			case c == '>':
				s.i += i + 1
				s.empty = prev == '/'
				return nil
			}
			prev = c
		}
		s.i = s.n
		if !s.fill() {
			return unexpected(s.err)
		}
	}
}

// readAttrs reads the current tag's attributes, up to its end.
func (s *scanner) readAttrs() error {
	s.spans = s.spans[:0]
	nameLen := len(s.buf)
	for {
		c, err := s.readByte()
		if err != nil {
			return err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '/':
			if c, err = s.readByte(); err != nil || c != '>' {
				return errSyntax
			}
			s.empty = true
			return s.setAttrs(nameLen)
		case '>':
			return s.setAttrs(nameLen)
		}
		// An attribute: name = "value".
		var sp span
		sp.n0 = len(s.buf)
		for c != '=' && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			if c == '>' || c == '<' || c == '/' || c == '"' || c == '\'' {
				return errSyntax
			}
			s.buf = append(s.buf, c)
			if c, err = s.readByte(); err != nil {
				return err
			}
		}
		sp.n1 = len(s.buf)
		for c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			if c, err = s.readByte(); err != nil {
				return err
			}
		}
		if c != '=' {
			return errSyntax
		}
		quote, err := s.readByte()
		for err == nil && (quote == ' ' || quote == '\t' || quote == '\r' || quote == '\n') {
			quote, err = s.readByte()
		}
		if err != nil {
			return err
		}
		if quote != '"' && quote != '\'' {
			return errSyntax
		}
		sp.v0 = len(s.buf)
		for {
			if c, err = s.readByte(); err != nil {
				return err
			}
			if c == quote {
				break
			}
			if c == '<' {
				return errSyntax
			}
			s.buf = append(s.buf, c)
			if len(s.buf) > maxTag {
				return errSyntax
			}
		}
		sp.v1 = len(s.buf)
		s.spans = append(s.spans, sp)
	}
}

// span locates an attribute's name and value in scanner.buf.
type span struct{ n0, n1, v0, v1 int }

// setAttrs makes s.name and s.attr point into s.buf once it is complete.
func (s *scanner) setAttrs(nameLen int) error {
	s.name = localName(s.buf[:nameLen])
	s.attr = s.attr[:0]
	for _, sp := range s.spans {
		v, err := unescape(s.buf[sp.v0:sp.v1])
		if err != nil {
			return err
		}
		s.attr = append(s.attr, xattr{localName(s.buf[sp.n0:sp.n1]), v})
	}
	return nil
}

// localName drops a name's namespace prefix ("x:c" → "c").
func localName(b []byte) []byte {
	if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// readText reads the text of the current element up to the next tag, at
// most max bytes as written (before entities are decoded), into s.text.
// CDATA sections are part of the text; comments are skipped.
func (s *scanner) readText(max int) ([]byte, error) {
	s.text = s.text[:0]
	if s.pending { // <v/>: no text
		return s.text, nil
	}
	for {
		j := bytes.IndexByte(s.b[s.i:s.n], '<')
		end := s.n
		if j >= 0 {
			end = s.i + j
		}
		if len(s.text)+end-s.i > max {
			return nil, errTextLong
		}
		s.text = append(s.text, s.b[s.i:end]...)
		s.i = end
		if j < 0 {
			if !s.fill() {
				return nil, unexpected(s.err)
			}
			continue
		}
		s.i++ // the '<'
		c, err := s.readByte()
		if err != nil {
			return nil, err
		}
		if c != '!' {
			s.i--
			s.lt = true
			break
		}
		// CDATA is text as it stands: escape its '&' and '\r' so that
		// decoding below leaves it as it was.
		start := len(s.text)
		cdata, err := s.bang(s.text, max)
		if err != nil {
			if err == errTextLong {
				return nil, errTextLong
			}
			return nil, err
		}
		if bytes.IndexByte(cdata[start:], '&') >= 0 || bytes.IndexByte(cdata[start:], '\r') >= 0 {
			raw := append([]byte(nil), cdata[start:]...)
			cdata = cdata[:start]
			for _, c := range raw {
				switch c {
				case '&':
					cdata = append(cdata, "&amp;"...)
				case '\r':
					cdata = append(cdata, "&#13;"...)
				default:
					cdata = append(cdata, c)
				}
			}
		}
		s.text = cdata
	}
	return unescape(s.text)
}

// unescape decodes entities and normalises line ends in place, as XML
// reads text: "\r\n" and "\r" are "\n"; &#13; stays "\r".
func unescape(b []byte) ([]byte, error) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return b, nil
	}
	w := 0
	for r := 0; r < len(b); {
		c := b[r]
		switch c {
		case '\r':
			b[w] = '\n'
			w++
			r++
			if r < len(b) && b[r] == '\n' {
				r++
			}
			continue
		case '&':
			semi := bytes.IndexByte(b[r:min(len(b), r+12)], ';')
			if semi < 0 {
				return nil, errSyntax
			}
			ent := b[r+1 : r+semi]
			r += semi + 1
			var rn rune
			switch string(ent) {
			case "lt":
				rn = '<'
			case "gt":
				rn = '>'
			case "amp":
				rn = '&'
			case "quot":
				rn = '"'
			case "apos":
				rn = '\''
			default:
				if len(ent) < 2 || ent[0] != '#' {
					return nil, errSyntax
				}
				var n uint64
				var err error
				if ent[1] == 'x' {
					n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
				} else {
					n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
				}
				if err != nil || n > utf8.MaxRune {
					return nil, errSyntax
				}
				rn = rune(n)
			}
			w += utf8.EncodeRune(b[w:], rn) // never longer than the entity
			continue
		}
		b[w] = c
		w++
		r++
	}
	return b[:w], nil
}

// runeCount counts the characters of UTF-8 text (as utf8.RuneCount, which
// copies the text here).
func runeCount(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}
