-- +goose Up
-- Evidence files of rectification items (整改证明材料, issue 18): uploaded
-- with the department's feedback, the content stored here (size and type
-- checked by internal/app before), each read by whoever may read the item.
CREATE TABLE rectification_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rectification_id BIGINT NOT NULL REFERENCES rectifications(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX rectification_files_item ON rectification_files (rectification_id, id);

-- Reminders of rectification items nearing or past their deadline ride
-- on the task reminders (in-app notice, message hook, e-mail): a
-- reminder is of a task's assignee or of a rectification item, never
-- both, once per item and kind. SQLite cannot drop NOT NULL from a
-- column, so task_reminders is rebuilt, and with it task_reminder_mails
-- (which references it: dropping the old table would otherwise delete
-- its e-mails). Renaming the new table makes the new e-mails table
-- reference it by its old name; ids and the id counter are kept.
CREATE TABLE task_reminders_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  assignee_id INTEGER REFERENCES task_assignees(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  hook_state INTEGER NOT NULL DEFAULT 0,
  hook_claimed_at BIGINT NOT NULL DEFAULT 0,
  mail_state INTEGER NOT NULL DEFAULT 0,
  rectification_id BIGINT REFERENCES rectifications(id) ON DELETE CASCADE,
  UNIQUE (assignee_id, kind),
  CHECK ((assignee_id IS NULL) <> (rectification_id IS NULL))
);
INSERT INTO task_reminders_new (id, assignee_id, kind, org_id, message, created_at, hook_state, hook_claimed_at, mail_state)
  SELECT id, assignee_id, kind, org_id, message, created_at, hook_state, hook_claimed_at, mail_state FROM task_reminders ORDER BY id;
CREATE TABLE task_reminder_mails_new (
  reminder_id INTEGER NOT NULL REFERENCES task_reminders_new(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  claimed_at BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (reminder_id, user_id)
);
INSERT INTO task_reminder_mails_new SELECT reminder_id, user_id, address, claimed_at, sent_at, attempts, last_error FROM task_reminder_mails;
DELETE FROM sqlite_sequence WHERE name = 'task_reminders_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'task_reminders_new', seq FROM sqlite_sequence WHERE name = 'task_reminders';
DROP TABLE task_reminder_mails;
DROP TABLE task_reminders;
ALTER TABLE task_reminders_new RENAME TO task_reminders;
ALTER TABLE task_reminder_mails_new RENAME TO task_reminder_mails;
CREATE INDEX task_reminders_org ON task_reminders (org_id, created_at);
CREATE INDEX task_reminders_hook ON task_reminders (hook_state);
CREATE INDEX task_reminders_mail ON task_reminders (mail_state);
CREATE UNIQUE INDEX task_reminders_rectification ON task_reminders (rectification_id, kind) WHERE rectification_id IS NOT NULL;
CREATE INDEX task_reminder_mails_pending ON task_reminder_mails (sent_at, claimed_at);

-- +goose Down
-- The column stays (SQLite cannot drop a column a CHECK names); without
-- rows it is harmless to the earlier code.
DROP INDEX task_reminders_rectification;
DELETE FROM task_reminders WHERE rectification_id IS NOT NULL;
DROP INDEX rectification_files_item;
DROP TABLE rectification_files;
