-- +goose Up
-- What real documents state besides what is scored (issue 12): printed
-- block caps, the stated execution score and its cap, the document's own
-- grade bands, whether the form is complete, where the data came from and
-- the rows the reader skipped, stated counts with their groups, projects
-- listed and spending by purpose with plan and actual, year-on-year
-- figures and the reason for a mid-year budget change. Money is in
-- millionths of the stated unit as elsewhere; points as exact text.
ALTER TABLE evaluations ADD COLUMN stated_execution TEXT;
ALTER TABLE evaluations ADD COLUMN stated_execution_max TEXT;
ALTER TABLE evaluations ADD COLUMN incomplete TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN budget_adjust_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN has_provenance BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE evaluations ADD COLUMN provenance_document TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN provenance_sheet TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN provenance_layout TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN provenance_note TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN provenance_chosen TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN stated_execution TEXT;
ALTER TABLE projects ADD COLUMN stated_execution_max TEXT;
ALTER TABLE projects ADD COLUMN incomplete TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN budget_adjust_reason TEXT NOT NULL DEFAULT '';

-- Caps and grade bands belong to a project's form (project_id) or to the
-- evaluation's own (project_id NULL).
CREATE TABLE caps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL DEFAULT '',
  weight TEXT NOT NULL
);
CREATE INDEX caps_evaluation ON caps (evaluation_id, project_id, seq);
CREATE INDEX caps_project ON caps (project_id, seq);

CREATE TABLE grade_bands (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  min_score TEXT
);
CREATE INDEX grade_bands_evaluation ON grade_bands (evaluation_id, project_id, seq);
CREATE INDEX grade_bands_project ON grade_bands (project_id, seq);

-- Spending lines: the projects a department's narrative lists (kind
-- 'project') and spending by purpose (kind 'use') of the department
-- (project_id NULL) or of a project.
CREATE TABLE spend_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('project', 'use')),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  plan BIGINT,
  actual BIGINT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX spend_lines_evaluation ON spend_lines (evaluation_id, project_id, kind, seq);
CREATE INDEX spend_lines_project ON spend_lines (project_id, kind, seq);

CREATE TABLE year_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  item TEXT NOT NULL,
  previous_amount BIGINT,
  current_amount BIGINT,
  change_amount BIGINT,
  rate TEXT NOT NULL DEFAULT ''
);
CREATE INDEX year_changes_evaluation ON year_changes (evaluation_id, seq);

CREATE TABLE stated_counts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  what TEXT NOT NULL,
  total BIGINT NOT NULL
);
CREATE INDEX stated_counts_evaluation ON stated_counts (evaluation_id, seq);

CREATE TABLE count_parts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  count_id INTEGER NOT NULL REFERENCES stated_counts(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  label TEXT NOT NULL,
  number BIGINT NOT NULL
);
CREATE INDEX count_parts_count ON count_parts (count_id, seq);
CREATE INDEX count_parts_evaluation ON count_parts (evaluation_id);

CREATE TABLE skipped_rows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  location TEXT NOT NULL,
  what TEXT NOT NULL DEFAULT ''
);
CREATE INDEX skipped_rows_evaluation ON skipped_rows (evaluation_id, seq);

-- +goose Down
DROP TABLE skipped_rows;
DROP TABLE count_parts;
DROP TABLE stated_counts;
DROP TABLE year_changes;
DROP TABLE spend_lines;
DROP TABLE grade_bands;
DROP TABLE caps;
ALTER TABLE projects DROP COLUMN budget_adjust_reason;
ALTER TABLE projects DROP COLUMN incomplete;
ALTER TABLE projects DROP COLUMN stated_execution_max;
ALTER TABLE projects DROP COLUMN stated_execution;
ALTER TABLE evaluations DROP COLUMN provenance_chosen;
ALTER TABLE evaluations DROP COLUMN provenance_note;
ALTER TABLE evaluations DROP COLUMN provenance_layout;
ALTER TABLE evaluations DROP COLUMN provenance_sheet;
ALTER TABLE evaluations DROP COLUMN provenance_document;
ALTER TABLE evaluations DROP COLUMN has_provenance;
ALTER TABLE evaluations DROP COLUMN budget_adjust_reason;
ALTER TABLE evaluations DROP COLUMN incomplete;
ALTER TABLE evaluations DROP COLUMN stated_execution_max;
ALTER TABLE evaluations DROP COLUMN stated_execution;
