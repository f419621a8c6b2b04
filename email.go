package jixiao

import (
	"context"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// MaxEmail bounds an e-mail address (RFC 5321's path limit).
const MaxEmail = 254

// CleanEmail checks an e-mail address a user typed and returns it without
// surrounding spaces ("" clears it): one bare address (no name, no angle
// brackets), name@domain with a dot in the domain.
func CleanEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) > MaxEmail || !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "电子邮箱不能超过%d个字符", MaxEmail)
	}
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || a.Name != "" || a.Address != s || strings.ContainsAny(s, " <>\"\\,;") || at < 1 ||
		!strings.Contains(s[at+1:], ".") || strings.HasPrefix(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "", Errorf(EINVALID, "电子邮箱格式不正确，应类似 zhangmin@example.gov.cn")
	}
	return s, nil
}

// AccountService is what signed-in users change of their own account
// (internal/app implements it).
type AccountService interface {
	// SetEmail sets the user's own e-mail address ("" clears it), where
	// reminders are sent; it returns the user as stored.
	SetEmail(ctx context.Context, email string) (*User, error)
}
