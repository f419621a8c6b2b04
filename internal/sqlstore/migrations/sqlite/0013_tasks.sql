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

-- +goose Down
DROP TABLE task_assignees;
DROP TABLE tasks;
