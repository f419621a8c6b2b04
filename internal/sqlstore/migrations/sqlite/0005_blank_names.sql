-- +goose Up
-- Name cells a document prints and leaves empty where no field of the
-- case shows it (a project table's 主管部门), kept with the provenance
-- like the rows the reader skipped: check reports each (F03).
CREATE TABLE blank_names (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  location TEXT NOT NULL,
  what TEXT NOT NULL DEFAULT ''
);
CREATE INDEX blank_names_evaluation ON blank_names (evaluation_id, seq);

-- +goose Down
DROP TABLE blank_names;
