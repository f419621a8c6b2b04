package sqlstore

import (
	"context"
	"database/sql"
	"time"
	"unicode/utf8"

	"jixiao"
)

// E-mail: users' addresses, and the queue of reminder e-mails (one row per
// reminder and recipient, task_reminder_mails), claimed by one server at a
// time like the hook's messages (ClaimTaskHooks).

// SetUserEmail sets user id's e-mail address (already checked with
// jixiao.CleanEmail) and returns the user.
func (s *DB) SetUserEmail(ctx context.Context, actor *jixiao.User, id int64, email string) (*jixiao.User, error) {
	var out *jixiao.User
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, userSelect+" WHERE id = $1", id))
		if err != nil {
			return notFound(err, "用户（编号%d）不存在", id)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET email = $1, version = version + 1, updated_at = $2 WHERE id = $3", email, s.millis(), id); err != nil {
			return err
		}
		u := *old
		u.Email, u.Version = email, old.Version+1
		out = &u
		return s.audit(ctx, tx, actor, "update", "user", id, 0, toJSON(old), toJSON(&u))
	})
	return out, err
}

// Mail states of a reminder (task_reminders.mail_state).
const (
	mailUnqueued = 0
	mailQueued   = 1
	mailNone     = 2
)

// mailRoles are the roles whose users are mailed an organisation's
// reminders: those who work on its tasks, or issue them.
var mailRoles = []any{string(jixiao.RolePreparer), string(jixiao.RoleApprover), string(jixiao.RoleReviewer), string(jixiao.RoleAdmin)}

// QueueReminderMails queues the e-mails of the reminders made since the
// last call: one to each enabled user with an address (of the roles that
// act on tasks) of the reminder's organisation. Without mail (no e-mail
// configured) the reminders are marked never to be mailed. It returns
// how many e-mails it queued.
func (s *DB) QueueReminderMails(ctx context.Context, mail bool) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT MAX(id) FROM task_reminders WHERE mail_state = $1", mailUnqueued).Scan(&last); err != nil {
			return err
		}
		if !last.Valid {
			return nil
		}
		state := mailNone
		if mail {
			state = mailQueued
			args := append([]any{mailUnqueued, last.Int64, false}, mailRoles...)
			res, err := tx.ExecContext(ctx, `INSERT INTO task_reminder_mails (reminder_id, user_id, address)
				SELECT r.id, u.id, u.email FROM task_reminders r JOIN users u ON u.org_id = r.org_id
				WHERE r.mail_state = $1 AND r.id <= $2 AND u.email <> '' AND u.disabled = $3 AND u.role IN ($4, $5, $6, $7)
				ON CONFLICT (reminder_id, user_id) DO NOTHING`, args...)
			if err != nil {
				return err
			}
			m, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n = int(m)
		}
		_, err := tx.ExecContext(ctx, "UPDATE task_reminders SET mail_state = $1 WHERE mail_state = $2 AND id <= $3", state, mailUnqueued, last.Int64)
		return err
	})
	return n, err
}

// ReminderMail is one reminder's e-mail to one user.
type ReminderMail struct {
	Reminder *jixiao.TaskReminder
	UserID   int64
	Name     string // the user's display name
	Address  string
	Attempts int // failed tries so far
	claimed  int64
}

// ClaimReminderMails claims up to limit e-mails not yet sent, not claimed
// within lease and tried fewer than maxAttempts times: the caller sends
// them and records each sent (ReminderMailSent) or failed
// (ReminderMailFailed). One that is neither is claimed again after the
// lease.
func (s *DB) ClaimReminderMails(ctx context.Context, lease time.Duration, maxAttempts, limit int) ([]*ReminderMail, error) {
	now := s.millis()
	rows, err := s.db.QueryContext(ctx, `SELECT m.reminder_id, m.user_id, u.display_name, m.address, m.attempts, m.claimed_at
		FROM task_reminder_mails m JOIN users u ON u.id = m.user_id
		WHERE m.sent_at = 0 AND m.claimed_at < $1 AND m.attempts < $2 ORDER BY m.reminder_id, m.user_id LIMIT $3`, now-lease.Milliseconds(), maxAttempts, limit)
	if err != nil {
		return nil, err
	}
	var found []*ReminderMail
	var ids []int64
	for rows.Next() {
		m := &ReminderMail{Reminder: &jixiao.TaskReminder{}}
		if err := rows.Scan(&m.Reminder.ID, &m.UserID, &m.Name, &m.Address, &m.Attempts, &m.claimed); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, m)
		ids = append(ids, m.Reminder.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(found) == 0 {
		return nil, err
	}
	var args []any
	args, in := inList(args, ids)
	rs, _, err := s.reminders(ctx, s.db, " WHERE r.id IN "+in, args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*jixiao.TaskReminder{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	var out []*ReminderMail
	for _, m := range found {
		r, ok := byID[m.Reminder.ID]
		if !ok {
			continue
		}
		res, err := s.exec(ctx, "UPDATE task_reminder_mails SET claimed_at = $1 WHERE reminder_id = $2 AND user_id = $3 AND sent_at = 0 AND claimed_at = $4",
			now, m.Reminder.ID, m.UserID, m.claimed)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 1 {
			m.Reminder = r
			out = append(out, m)
		}
	}
	return out, nil
}

// ReminderMailSent records that the mail server accepted an e-mail.
func (s *DB) ReminderMailSent(ctx context.Context, reminderID, userID int64) error {
	_, err := s.exec(ctx, "UPDATE task_reminder_mails SET sent_at = $1 WHERE reminder_id = $2 AND user_id = $3", s.millis(), reminderID, userID)
	return err
}

// ReminderMailFailed records a failed try of an e-mail (why, for the
// administrator); it stays claimed until the lease ends, then is tried
// again.
func (s *DB) ReminderMailFailed(ctx context.Context, reminderID, userID int64, why string) error {
	if utf8.RuneCountInString(why) > 500 {
		why = string([]rune(why)[:500])
	}
	_, err := s.exec(ctx, "UPDATE task_reminder_mails SET attempts = attempts + 1, last_error = $1 WHERE reminder_id = $2 AND user_id = $3", why, reminderID, userID)
	return err
}

// ReminderMailCounts returns how many e-mails were sent, and how many wait
// (not sent, tried fewer than maxAttempts times).
func (s *DB) ReminderMailCounts(ctx context.Context, maxAttempts int) (sent, waiting int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN sent_at > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at = 0 AND attempts < $1 THEN 1 ELSE 0 END), 0) FROM task_reminder_mails`, maxAttempts).Scan(&sent, &waiting)
	return sent, waiting, err
}
