package jixiao

import (
	"strings"
	"testing"
)

func TestCleanEmail(t *testing.T) {
	good := map[string]string{" zhangmin@example.gov.cn ": "zhangmin@example.gov.cn", "a.b+c@sub.example.cn": "a.b+c@sub.example.cn", "": ""}
	for in, want := range good {
		if got, err := CleanEmail(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"zhangmin", "张敏 <zm@example.cn>", "zm@localhost", "zm@example.cn.", "a@.cn", "@example.cn", "a b@example.cn",
		"a@example.cn,b@example.cn", "a@example.cn\r\nBcc: x@example.cn", strings.Repeat("a", 250) + "@example.cn"} {
		if _, err := CleanEmail(in); ErrorCode(err) != EINVALID {
			t.Errorf("%q accepted", in)
		}
	}
}
