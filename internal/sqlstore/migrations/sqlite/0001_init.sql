-- +goose Up
-- Money is stored as integers in millionths of the stated unit (万元 or 元):
-- exact sums on both engines. Decimal values that are not money (weights,
-- points, scores) are stored as their exact text. Times are Unix
-- milliseconds.

CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('bureau', 'department', 'evaluator')),
  parent_id INTEGER REFERENCES orgs(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'preparer', 'approver', 'reviewer', 'evaluator', 'auditor')),
  org_id INTEGER REFERENCES orgs(id),
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Departments a third-party evaluator is assigned to.
CREATE TABLE assignments (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, org_id)
);

CREATE TABLE sessions (
  token TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  expiry BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  subject TEXT NOT NULL CHECK (subject IN ('department', 'project')),
  subject_key TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
  rulebook TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  basis TEXT NOT NULL DEFAULT '',
  overall_goal TEXT NOT NULL DEFAULT '',
  overall_result TEXT NOT NULL DEFAULT '',
  conclusion TEXT NOT NULL DEFAULT '',
  stated_total TEXT,
  stated_grade TEXT NOT NULL DEFAULT '',
  -- the organisation as this evaluation states it
  org_code TEXT NOT NULL DEFAULT '',
  org_name TEXT NOT NULL,
  org_parent TEXT NOT NULL DEFAULT '',
  org_nature TEXT NOT NULL DEFAULT '',
  org_funding TEXT NOT NULL DEFAULT '',
  units_stated INTEGER,
  has_headcount BOOLEAN NOT NULL DEFAULT FALSE,
  headcount_authorized INTEGER,
  headcount_active INTEGER,
  headcount_retired INTEGER,
  has_assets BOOLEAN NOT NULL DEFAULT FALSE,
  assets_as_of TEXT NOT NULL DEFAULT '',
  assets_unit TEXT NOT NULL DEFAULT '',
  assets_total BIGINT,
  assets_cash BIGINT,
  assets_fixed_original BIGINT,
  assets_depreciation BIGINT,
  assets_fixed_net BIGINT,
  assets_note TEXT NOT NULL DEFAULT '',
  has_budget BOOLEAN NOT NULL DEFAULT FALSE,
  budget_unit TEXT NOT NULL DEFAULT '',
  budget_execution_cause TEXT NOT NULL DEFAULT '',
  has_work_group BOOLEAN NOT NULL DEFAULT FALSE,
  wg_leader TEXT NOT NULL DEFAULT '',
  wg_members_note TEXT NOT NULL DEFAULT '',
  wg_text TEXT NOT NULL DEFAULT '',
  has_process BOOLEAN NOT NULL DEFAULT FALSE,
  process_collection TEXT NOT NULL DEFAULT '',
  process_approach TEXT NOT NULL DEFAULT '',
  process_purpose TEXT NOT NULL DEFAULT '',
  process_content TEXT NOT NULL DEFAULT '',
  process_method_note TEXT NOT NULL DEFAULT '',
  -- version: changes of the evaluation's own fields and sections;
  -- revision: any change in the evaluation, its records included.
  version INTEGER NOT NULL DEFAULT 1,
  revision INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, year, subject, subject_key)
);
CREATE INDEX evaluations_year ON evaluations (year, status);

-- Ordered lists of text: functions, units, work-group members, materials,
-- process steps and methods, problems, measures.
CREATE TABLE eval_texts (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  list TEXT NOT NULL,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (evaluation_id, list, seq)
);

CREATE TABLE budget_stages (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('initial', 'adjusted', 'final')),
  income_total BIGINT,
  expenditure_total BIGINT,
  basic BIGINT,
  personnel BIGINT,
  public BIGINT,
  project BIGINT,
  carryover BIGINT,
  text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (evaluation_id, stage)
);

CREATE TABLE income_lines (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  seq INTEGER NOT NULL,
  source TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  amount BIGINT
);
CREATE INDEX income_lines_evaluation ON income_lines (evaluation_id, stage, seq);

CREATE TABLE budget_rates (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  of_what TEXT NOT NULL,
  rate TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, seq)
);

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  has_budget BOOLEAN NOT NULL DEFAULT FALSE,
  budget_unit TEXT NOT NULL DEFAULT '',
  budget_initial BIGINT,
  budget_adjusted BIGINT,
  budget_final BIGINT,
  stated_rate TEXT NOT NULL DEFAULT '',
  long_term_goal TEXT NOT NULL DEFAULT '',
  goal TEXT NOT NULL DEFAULT '',
  goal_result TEXT NOT NULL DEFAULT '',
  weights TEXT NOT NULL DEFAULT '',
  execution_rubric TEXT NOT NULL DEFAULT '',
  execution_cause TEXT NOT NULL DEFAULT '',
  execution_score TEXT,
  conclusion TEXT NOT NULL DEFAULT '',
  problems TEXT NOT NULL DEFAULT '',
  improvements TEXT NOT NULL DEFAULT '',
  has_stated BOOLEAN NOT NULL DEFAULT FALSE,
  stated_total TEXT,
  stated_grade TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL
);
CREATE INDEX projects_evaluation ON projects (evaluation_id, seq);

CREATE TABLE fund_lines (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  source TEXT NOT NULL,
  initial BIGINT,
  adjusted BIGINT,
  final BIGINT
);
CREATE INDEX fund_lines_project ON fund_lines (project_id, seq);

CREATE TABLE goals (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  gid TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  weight TEXT,
  target TEXT NOT NULL DEFAULT '',
  indicators_text TEXT NOT NULL DEFAULT '',
  achievement TEXT NOT NULL DEFAULT '',
  results TEXT NOT NULL DEFAULT '',
  rubric TEXT NOT NULL DEFAULT '',
  stated_score TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL
);
CREATE INDEX goals_evaluation ON goals (evaluation_id, seq);

-- An indicator belongs to a goal, to a project, or (neither) to the
-- department's own indicator tree.
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  goal_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  iid TEXT NOT NULL DEFAULT '',
  level1 TEXT NOT NULL DEFAULT '',
  level2 TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  op TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  actual TEXT NOT NULL DEFAULT '',
  numerator TEXT NOT NULL DEFAULT '',
  denominator TEXT NOT NULL DEFAULT '',
  tier TEXT NOT NULL DEFAULT '',
  weight TEXT,
  score TEXT,
  core BOOLEAN NOT NULL DEFAULT FALSE,
  cause TEXT NOT NULL DEFAULT '',
  deviation TEXT NOT NULL DEFAULT '',
  improvement TEXT NOT NULL DEFAULT '',
  rubric TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL
);
CREATE INDEX indicators_evaluation ON indicators (evaluation_id, seq);

-- A deduction belongs to a goal, to an indicator, or to a project's
-- execution node.
CREATE TABLE deductions (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  goal_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
  indicator_id INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  points TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  projects TEXT NOT NULL DEFAULT '',
  indicator_ref TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deductions_evaluation ON deductions (evaluation_id, seq);

-- Evidence files, stored in the database so that a backup has them.
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL,
  file TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  file_id INTEGER REFERENCES files(id) ON DELETE SET NULL
);
CREATE INDEX evidence_indicator ON evidence (indicator_id, seq);

CREATE TABLE transitions (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  reason TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX transitions_evaluation ON transitions (evaluation_id, id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  transition_id INTEGER REFERENCES transitions(id),
  item TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  at BIGINT NOT NULL
);
CREATE INDEX comments_evaluation ON comments (evaluation_id, id);

-- The audit log: every change with who, when, the old and new values.
-- Nothing updates or deletes it; the triggers refuse even direct SQL.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id INTEGER,
  username TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  evaluation_id BIGINT,
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_user ON audit_log (user_id, id);
CREATE INDEX audit_evaluation ON audit_log (evaluation_id, id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE comments;
DROP TABLE transitions;
DROP TABLE evidence;
DROP TABLE files;
DROP TABLE deductions;
DROP TABLE indicators;
DROP TABLE goals;
DROP TABLE fund_lines;
DROP TABLE projects;
DROP TABLE budget_rates;
DROP TABLE income_lines;
DROP TABLE budget_stages;
DROP TABLE eval_texts;
DROP TABLE evaluations;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE assignments;
DROP TABLE users;
DROP TABLE orgs;
