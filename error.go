package jixiao

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error codes, shared by every layer; the HTTP layer maps them to statuses.
const (
	EINVALID      = "invalid"      // bad input; the message says what and where
	ENOTFOUND     = "not_found"    // no such record, rulebook or file
	ECONFLICT     = "conflict"     // concurrent change or duplicate
	EFORBIDDEN    = "forbidden"    // the user may not do this
	EUNAUTHORIZED = "unauthorized" // nobody is signed in, or wrong credentials
	ETOOMANY      = "too_many"     // too many attempts; try again later
	EINTERNAL     = "internal"     // a bug or an unavailable dependency
)

// Error is an application error with a code and a message for users, in
// Chinese.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for other errors and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	var ps Problems
	if errors.As(err, &ps) {
		return EINVALID
	}
	var c coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return EINTERNAL
}

// coder is an error of another package that knows its code (the case
// file decoder's errors are EINVALID).
type coder interface{ ErrorCode() string }

// ErrorMessage returns the user-facing message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	var b *BlanksError
	if errors.As(err, &b) {
		return b.Error()
	}
	return "内部错误"
}

// Problem is one thing wrong with a value, located by its path in the case
// ("projects[0].indicators[2].weight": field names as in the case file).
type Problem struct {
	Path    string
	Message string
}

// Problems is the result of Validate: every problem found, not only the
// first. It is an error when non-empty.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		if p.Path != "" {
			b.WriteString(p.Path + "：")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

func (ps *Problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// elemPath is the path of element i of the list at list ("" when its
// zero value), formatted on the first call of String only: validating a
// case with no problems formats no path.
type elemPath struct {
	list string
	i    int
	set  bool
	s    string
}

func (p *elemPath) String() string {
	if p.list != "" && !p.set {
		p.s, p.set = index(p.list, p.i), true
	}
	return p.s
}

func errorf(format string, args ...any) error { return Errorf(EINVALID, format, args...) }
