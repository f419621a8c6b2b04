package auth_test

import (
	"strings"
	"testing"

	"jixiao/internal/auth"
)

var fast = auth.Params{Memory: 1024, Time: 1, Threads: 1}

func TestHashVerify(t *testing.T) {
	h, err := auth.Hash("密码12345", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %s", h)
	}
	if !auth.Verify("密码12345", h) || auth.Verify("密码12346", h) || auth.Verify("密码12345", "garbage") || auth.Verify("", h) {
		t.Error("verify")
	}
	h2, _ := auth.Hash("密码12345", fast)
	if h == h2 {
		t.Error("no salt")
	}
	if err := auth.CheckPassword("short"); err == nil || !strings.Contains(err.Error(), "至少需要10个字符") {
		t.Errorf("check: %v", err)
	}
}

func TestTokens(t *testing.T) {
	a, ha, _ := auth.NewToken()
	b, _, _ := auth.NewToken()
	if a == b || !strings.HasPrefix(a, "jx_") || len(a) < 40 || auth.TokenHash(a) != ha {
		t.Errorf("tokens %s %s", a, b)
	}
}
