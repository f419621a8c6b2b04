-- +goose Up
-- Users' e-mail addresses, and the reminders sent to them by e-mail
-- (internal/app/reminders.go, docs/tasks.md).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- mail_state of a reminder: 0 its recipients are not yet queued, 1 they
-- are (rows of task_reminder_mails), 2 no e-mail was configured when it
-- was made (never mailed). The reminders made before e-mail existed are
-- not mailed.
ALTER TABLE task_reminders ADD COLUMN mail_state INTEGER NOT NULL DEFAULT 0;
UPDATE task_reminders SET mail_state = 2;
CREATE INDEX task_reminders_mail ON task_reminders (mail_state);

-- One e-mail of a reminder to one user, once: address is the one the user
-- had when it was queued; claimed_at (Unix ms) which server is sending it
-- now (another may send it again only after the lease); sent_at when the
-- server accepted it (0: not yet); attempts the failed tries (sending
-- stops after the last one allowed), last_error the last failure.
CREATE TABLE task_reminder_mails (
  reminder_id BIGINT NOT NULL REFERENCES task_reminders(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  claimed_at BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (reminder_id, user_id)
);
CREATE INDEX task_reminder_mails_pending ON task_reminder_mails (sent_at, claimed_at);

-- +goose Down
DROP TABLE task_reminder_mails;
DROP INDEX task_reminders_mail;
ALTER TABLE task_reminders DROP COLUMN mail_state;
ALTER TABLE users DROP COLUMN email;
