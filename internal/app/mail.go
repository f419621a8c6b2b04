package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"jixiao"
)

// Reminders by e-mail: after a run of the reminders job has recorded its
// reminders, each one is queued once per recipient (the users of the
// reminder's organisation who have an e-mail address and work on or issue
// tasks), and the queued e-mails are sent through Mailer. An e-mail is
// claimed by one server before it is sent; one that fails is tried again
// on a later run after mailLease, at most maxMailAttempts times; one the
// mail server accepted is never sent again.

// Bounds of the e-mail sending.
const (
	mailLease       = 5 * time.Minute
	maxMailBatch    = 500
	maxMailAttempts = 10
	// MailTimeout bounds the sending of one e-mail.
	MailTimeout = 30 * time.Second
)

// Mail is one e-mail: plain text in UTF-8.
type Mail struct {
	To      string // the address
	Subject string
	Body    string
}

// Mailer sends e-mail (internal/mail sends it through an SMTP server).
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// SetEmail sets the signed-in user's own e-mail address ("" clears it).
func (a *App) SetEmail(ctx context.Context, email string) (*jixiao.User, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if u.ID == 0 {
		return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "请先登录")
	}
	clean, err := jixiao.CleanEmail(email)
	if err != nil {
		return nil, err
	}
	return a.db.SetUserEmail(ctx, u, u.ID, clean)
}

// sendMails queues the new reminders' e-mails and sends those waiting.
// Failures are logged (without the address's password or the server's
// words beyond the error) and retried on a later run; the first is
// returned.
func (a *App) sendMails(ctx context.Context) error {
	if _, err := a.db.QueueReminderMails(ctx, a.Mailer != nil); err != nil || a.Mailer == nil {
		return err
	}
	ms, err := a.db.ClaimReminderMails(ctx, mailLease, maxMailAttempts, maxMailBatch)
	if err != nil {
		return err
	}
	var first error
	for _, m := range ms {
		sctx, cancel := context.WithTimeout(ctx, MailTimeout)
		err := a.Mailer.Send(sctx, reminderMail(m.Reminder, m.Name, m.Address, a.PublicURL))
		cancel()
		if err != nil {
			a.Logger.Warn("reminder e-mail", "reminder", m.Reminder.ID, "user", m.UserID, "attempt", m.Attempts+1, "err", err)
			if ferr := a.db.ReminderMailFailed(ctx, m.Reminder.ID, m.UserID, err.Error()); ferr != nil {
				return ferr
			}
			if first == nil {
				first = err
			}
			continue
		}
		if err := a.db.ReminderMailSent(ctx, m.Reminder.ID, m.UserID); err != nil {
			return err
		}
	}
	return first
}

// reminderMail is a reminder's e-mail to one user, in Chinese: the
// subject names the kind of reminder and the task; the body is the
// reminder's message with the task's deadline and issuing unit, and where
// to act on it: a link to the page when the site's public address is
// known (base), else the page's place in words.
func reminderMail(r *jixiao.TaskReminder, name, address, base string) Mail {
	title := reminderTitles[r.Kind]
	monitor := r.Kind == jixiao.RemindMonitorOverdue || r.Kind == jixiao.RemindMonitorEscalate
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, "%s：\n\n", name)
	}
	fmt.Fprintf(&b, "%s\n\n", r.Message)
	switch {
	case r.RectificationID != 0:
		fmt.Fprintf(&b, "%s\n整改期限：%s\n", r.Title, r.Deadline.Chinese())
	case r.Title != "":
		fmt.Fprintf(&b, "任务：%s\n截止日期：%s\n", r.Title, r.Deadline.Chinese())
	}
	fmt.Fprintf(&b, "提醒对象：%s\n\n", r.Org)
	path, where := "/tasks", "请登录预算绩效管理系统，在“任务与待办”中查看和办理。"
	switch {
	case r.RectificationID != 0:
		path, where = fmt.Sprintf("/rectifications/%d", r.RectificationID), "请登录预算绩效管理系统，在“复核与整改”的“问题整改”页中查看和办理。"
	case monitor:
		path, where = "/monitoring", "请登录预算绩效管理系统，在“运行监控”页的“预警处置通知”中查看，并在监控填报页处置预警。"
	case r.TaskID != 0:
		path = fmt.Sprintf("/tasks/%d", r.TaskID)
	}
	if base != "" {
		fmt.Fprintf(&b, "查看和办理：%s%s\n（请先登录预算绩效管理系统）\n\n", base, path)
	} else {
		b.WriteString(where + "\n\n")
	}
	b.WriteString("此邮件由系统自动发送，请勿直接回复。\n")
	subject := fmt.Sprintf("【%s】%s", title, r.Title)
	if r.Title == "" {
		subject = fmt.Sprintf("【%s】%s", title, r.Org)
	}
	return Mail{To: address, Subject: subject, Body: b.String()}
}

// MaxPublicURL bounds the site's public address.
const MaxPublicURL = 200

// CleanPublicURL checks the site's public address (the one users open,
// such as https://jixiao.example.gov.cn, given to serve as --public-url):
// http or https, a host, no query or fragment; it returns it without a
// trailing slash ("" stays "": e-mails then say where to look in words).
func CleanPublicURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	bad := jixiao.Errorf(jixiao.EINVALID, "网站地址应以 http:// 或 https:// 开头，如 https://jixiao.example.gov.cn，不带 ? 和 #，不超过 %d 个字符", MaxPublicURL)
	if len(s) > MaxPublicURL {
		return "", bad
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "?# \t\r\n") {
		return "", bad
	}
	return strings.TrimRight(s, "/"), nil
}
