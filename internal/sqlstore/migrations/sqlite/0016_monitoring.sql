-- +goose Up
-- Mid-year monitoring rounds (绩效运行监控, jixiao.MonitorRoundRecord): a
-- bureau's round (year, period, cut-off date and disposition rules, the
-- deadline to fill in, the task of kind 监控 issued with it), one entry per
-- department with its state, the day its warnings were issued (its
-- submission, YYYY-MM-DD) and the department's budget and execution to
-- date; each project's budget and execution, each indicator's progress
-- and forecast, and the dispositions of warned items. Money is in
-- millionths of 万元; dates are YYYY-MM-DD; times Unix milliseconds.
-- Warnings are computed from these by the rules, never stored.
CREATE TABLE monitor_rounds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bureau_id BIGINT NOT NULL REFERENCES orgs(id),
  task_id BIGINT REFERENCES tasks(id) ON DELETE SET NULL,
  year INTEGER NOT NULL,
  period TEXT NOT NULL DEFAULT '',
  cutoff TEXT NOT NULL,
  rules TEXT NOT NULL,
  deadline TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX monitor_rounds_bureau ON monitor_rounds (bureau_id, year);
CREATE TABLE monitor_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  round_id BIGINT NOT NULL REFERENCES monitor_rounds(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  assignee_id BIGINT REFERENCES task_assignees(id) ON DELETE SET NULL,
  state TEXT NOT NULL,
  warned_on TEXT NOT NULL DEFAULT '',
  budget BIGINT,
  executed BIGINT,
  cause TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  UNIQUE (round_id, org_id)
);
CREATE INDEX monitor_entries_org ON monitor_entries (org_id);
CREATE TABLE monitor_projects (
  entry_id BIGINT NOT NULL REFERENCES monitor_entries(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  budget BIGINT NOT NULL,
  executed BIGINT NOT NULL,
  goal_progress TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (entry_id, seq)
);
CREATE TABLE monitor_indicators (
  entry_id BIGINT NOT NULL REFERENCES monitor_entries(id) ON DELETE CASCADE,
  project_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  level1 TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  actual TEXT NOT NULL DEFAULT '',
  progress TEXT NOT NULL,
  forecast TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (entry_id, project_seq, seq)
);
CREATE TABLE monitor_dispositions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry_id BIGINT NOT NULL REFERENCES monitor_entries(id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL,
  date TEXT NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX monitor_dispositions_entry ON monitor_dispositions (entry_id);

-- +goose Down
DROP TABLE monitor_dispositions;
DROP TABLE monitor_indicators;
DROP TABLE monitor_projects;
DROP TABLE monitor_entries;
DROP TABLE monitor_rounds;
