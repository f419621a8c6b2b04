package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestServeMailer reads the SMTP settings of serve: none without a host,
// the password from the environment or a file (never shown), refusals in
// Chinese.
func TestServeMailer(t *testing.T) {
	if m, err := (&serveCmd{}).mailer(); m != nil || err != nil {
		t.Errorf("no host: %v %v", m, err)
	}
	if _, err := (&serveCmd{SMTPFrom: "a@example.cn"}).mailer(); jixiao.ErrorCode(err) != jixiao.EINVALID {
		t.Errorf("settings without a host: %v", err)
	}
	if _, err := (&serveCmd{SMTPHost: "smtp.example.cn", SMTPTLS: "starttls"}).mailer(); jixiao.ErrorCode(err) != jixiao.EINVALID {
		t.Errorf("no sender: %v", err)
	}
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte("file-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &serveCmd{SMTPHost: "smtp.example.cn", SMTPTLS: "tls", SMTPUser: "jixiao", SMTPPasswordFile: file, SMTPFrom: "绩效管理系统 <jixiao@example.cn>"}
	m, err := c.mailer()
	if err != nil || m == nil || strings.Contains(m.String(), "file-secret") || !strings.Contains(m.String(), ":465") {
		t.Errorf("password file: %v %v", m, err)
	}
	t.Setenv("JIXIAO_SMTP_PASSWORD", "env-secret")
	c.SMTPPasswordFile = ""
	if m, err := c.mailer(); err != nil || m == nil {
		t.Errorf("password from the environment: %v", err)
	}
	t.Setenv("JIXIAO_SMTP_PASSWORD", "")
	if _, err := c.mailer(); jixiao.ErrorCode(err) != jixiao.EINVALID {
		t.Errorf("user without a password: %v", err)
	}
	c.SMTPPasswordFile = filepath.Join(t.TempDir(), "missing")
	if _, err := c.mailer(); jixiao.ErrorCode(err) != jixiao.EINVALID || strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing password file: %v", err)
	}
}

// TestUserAddEmail gives a new user an e-mail address; a bad one is
// refused before the user is made.
func TestUserAddEmail(t *testing.T) {
	db := filepath.Join(t.TempDir(), "jixiao.db")
	t.Setenv(EnvPassword, "first-password")
	if _, errs, status := runCLI(t, "org", "add", "130100", "石家庄市财政局", "--kind", "bureau", "--init", "--db", db); status != 0 {
		t.Fatal(errs)
	}
	if _, errs, status := runCLI(t, "user", "add", "li", "--role", "reviewer", "--org", "130100", "--email", "张 <li@example.cn>", "--db", db); status == 0 || !strings.Contains(errs, "电子邮箱格式不正确") {
		t.Errorf("bad address: %d %s", status, errs)
	}
	if _, errs, status := runCLI(t, "user", "add", "li", "--role", "reviewer", "--org", "130100", "--email", "li@cz.example.gov.cn", "--db", db); status != 0 {
		t.Fatalf("add: %d %s", status, errs)
	}
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, _, err := s.UserByName(context.Background(), "li")
	if err != nil || u.Email != "li@cz.example.gov.cn" {
		t.Errorf("stored %+v %v", u, err)
	}
}
