// Package mail sends jixiao's e-mail (task reminders) through an SMTP
// server, with github.com/wneessen/go-mail.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"jixiao"
	"jixiao/internal/app"
)

// TLS modes of the connection to the SMTP server.
const (
	TLSStartTLS = "starttls" // STARTTLS required (port 587 by default)
	TLSImplicit = "tls"      // TLS from the start (SMTPS, port 465 by default)
	TLSNone     = "none"     // no encryption: only for a relay on the same host or network
)

// Config is the SMTP server and the sender.
type Config struct {
	Host string
	Port int    // 0: 587 for starttls, 465 for tls, 25 for none
	TLS  string // TLSStartTLS (default), TLSImplicit or TLSNone
	// User and Password sign in to the server (none when User is "").
	User     string
	Password string
	From     string // the sender's address, optionally with a name: 绩效管理系统 <jixiao@example.gov.cn>
	Timeout  time.Duration
}

// Sender sends e-mail through the server of its Config.
type Sender struct {
	cfg  Config
	from *mail.Address
}

var _ app.Mailer = (*Sender)(nil)

// New checks cfg and returns its sender. Its errors are in Chinese and
// never contain the password.
func New(cfg Config) (*Sender, error) {
	if strings.TrimSpace(cfg.Host) == "" || strings.ContainsAny(cfg.Host, " /\\@") {
		return nil, jixiao.Errorf(jixiao.EINVALID, "邮件服务器地址不正确")
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, jixiao.Errorf(jixiao.EINVALID, "邮件服务器的加密方式应为 starttls、tls 或 none")
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[cfg.TLS]
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "邮件服务器端口应在1到65535之间")
	}
	if cfg.User != "" && cfg.Password == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "给出了邮件服务器的用户名，但没有密码")
	}
	if cfg.User != "" && cfg.TLS == TLSNone {
		return nil, jixiao.Errorf(jixiao.EINVALID, "不加密的连接不能发送邮件服务器的密码：请使用 starttls 或 tls")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil || len(cfg.From) > 320 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "发件人地址不正确，应类似 jixiao@example.gov.cn 或 绩效管理系统 <jixiao@example.gov.cn>")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = app.MailTimeout
	}
	return &Sender{cfg: cfg, from: from}, nil
}

// String describes the sender without its password, for the log.
func (s *Sender) String() string {
	return fmt.Sprintf("%s:%d (%s) as %s", s.cfg.Host, s.cfg.Port, s.cfg.TLS, s.from.Address)
}

// Send sends one plain-text e-mail in UTF-8.
func (s *Sender) Send(ctx context.Context, m app.Mail) error {
	msg := gomail.NewMsg()
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return scrub(err, s.cfg.Password)
	}
	return nil
}

// scrub keeps the password out of an error (a server may echo what it
// was sent).
func scrub(err error, password string) error {
	if password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), password, "***"))
}
