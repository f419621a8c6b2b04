package app

import (
	"context"
	"fmt"
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
		err := a.Mailer.Send(sctx, reminderMail(m.Reminder, m.Name, m.Address))
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
// reminder's message with the task's deadline and issuing unit.
func reminderMail(r *jixiao.TaskReminder, name, address string) Mail {
	title := reminderTitles[r.Kind]
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, "%s：\n\n", name)
	}
	fmt.Fprintf(&b, "%s\n\n", r.Message)
	fmt.Fprintf(&b, "任务：%s\n截止日期：%s\n提醒对象：%s\n\n", r.Title, r.Deadline.Chinese(), r.Org)
	b.WriteString("请登录预算绩效管理系统，在“任务与待办”中查看和办理。\n\n")
	b.WriteString("此邮件由系统自动发送，请勿直接回复。\n")
	return Mail{To: address, Subject: fmt.Sprintf("【%s】%s", title, r.Title), Body: b.String()}
}
