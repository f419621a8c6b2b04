package testutil

import (
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTP is an SMTP server in the test's process (no TLS, no sign-in) that
// keeps the messages it accepts, and refuses the next ones when told to.
type SMTP struct {
	Host string
	Port int

	mu    sync.Mutex
	got   []Message
	fails int
}

// Message is an e-mail the test server accepted, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Body    string
	Raw     string
}

// NewSMTP starts a test SMTP server on a free local port; it stops when
// the test ends.
func NewSMTP(t testing.TB) *SMTP {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTP{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 1 << 20
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// FailNext makes the server refuse the next n messages (a temporary
// failure, 451, after their data).
func (s *SMTP) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = n
}

// Messages returns the messages accepted so far.
func (s *SMTP) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.got...)
}

type smtpSession struct {
	s    *SMTP
	from string
	to   []string
}

func (x *smtpSession) Reset()        { x.from, x.to = "", nil }
func (x *smtpSession) Logout() error { return nil }
func (x *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.fails > 0 {
		x.s.fails--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "temporary failure (test)"}
	}
	m := Message{From: x.from, To: append([]string(nil), x.to...), Raw: string(raw)}
	if msg, err := mail.ReadMessage(strings.NewReader(string(raw))); err == nil {
		dec := new(mime.WordDecoder)
		if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
			return err
		}
		var body io.Reader = msg.Body
		switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(msg.Body)
		case "base64":
			return errors.New("base64 bodies are not decoded by the test server")
		}
		b, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		m.Body = string(b)
	}
	x.s.got = append(x.s.got, m)
	return nil
}
