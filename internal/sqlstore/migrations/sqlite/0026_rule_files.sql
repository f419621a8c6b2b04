-- +goose Up
-- Rule files uploaded by the bureau: warning rules (monitor), results
-- application rules (results) and working-day calendars (calendar), each
-- content stored once per kind as the kind's next version, never deleted.
-- A monitoring round names the versions it uses; a results-application
-- year the results-rules version (no row: the built-in rules).
CREATE TABLE rule_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL,
  source TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at BIGINT NOT NULL,
  UNIQUE (kind, version),
  UNIQUE (kind, sha256)
);
ALTER TABLE monitor_rounds ADD COLUMN rules_file_id INTEGER REFERENCES rule_files(id);
ALTER TABLE monitor_rounds ADD COLUMN calendar_file_id INTEGER REFERENCES rule_files(id);
CREATE TABLE result_rule_choices (
  year INTEGER PRIMARY KEY,
  file_id INTEGER REFERENCES rule_files(id),
  chosen_by TEXT NOT NULL DEFAULT '',
  chosen_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE result_rule_choices;
ALTER TABLE monitor_rounds DROP COLUMN calendar_file_id;
ALTER TABLE monitor_rounds DROP COLUMN rules_file_id;
DROP TABLE rule_files;
