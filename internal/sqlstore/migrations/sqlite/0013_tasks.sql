-- +goose Up
-- Tasks a bureau issues to departments or their projects, with a
-- deadline (a calendar day, YYYY-MM-DD), and each assignee's state
-- (task.go). Times are Unix milliseconds.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  bureau_id INTEGER NOT NULL REFERENCES orgs(id),
  deadline TEXT NOT NULL,
  remind_days INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX tasks_bureau ON tasks (bureau_id, deadline);
CREATE INDEX tasks_deadline ON tasks (deadline);

CREATE TABLE task_assignees (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  project TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  remark TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  UNIQUE (task_id, org_id, project)
);
CREATE INDEX task_assignees_org ON task_assignees (org_id, state);

-- Reminders sent (task reminders job, internal/app/reminders.go): one row
-- per assignee and kind (due: the deadline is near; overdue: it has
-- passed; escalate: the overdue work told to the issuing bureau), made
-- once whichever server runs the job. The row is the in-app notice of
-- organisation org_id; hook_state says whether the message hook has it
-- (0: not yet, 1: sent, 2: no hook configured when it was made), and
-- hook_claimed_at (Unix ms) which server is sending it now.
CREATE TABLE task_reminders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  assignee_id INTEGER NOT NULL REFERENCES task_assignees(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  hook_state INTEGER NOT NULL DEFAULT 0,
  hook_claimed_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (assignee_id, kind)
);
CREATE INDEX task_reminders_org ON task_reminders (org_id, created_at);
CREATE INDEX task_reminders_hook ON task_reminders (hook_state);

-- +goose Down
DROP TABLE task_reminders;
DROP TABLE task_assignees;
DROP TABLE tasks;
