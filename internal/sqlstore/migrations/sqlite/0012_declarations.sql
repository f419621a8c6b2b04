-- +goose Up
-- Performance-goal declarations (绩效目标申报, jixiao.Declaration): one
-- row per organisation, year, kind and project, with the indexed columns
-- of its latest version (state, number) and its header (the declaration
-- without its versions) as JSON. Each version is stored whole, as the JSON
-- of jixiao.DeclVersion, with its funds total in millionths of its unit.
-- Approved versions are locked: the store never rewrites them.
-- declaration_reviews records each review of a version: who reviewed it,
-- when, the outcome and, for an approval, the score and grade.
CREATE TABLE declarations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  latest INTEGER NOT NULL,
  header TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, year, kind, project)
);
CREATE INDEX declarations_year ON declarations (year, state);
CREATE TABLE declaration_versions (
  declaration_id BIGINT NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  funds_total BIGINT NOT NULL DEFAULT 0,
  data TEXT NOT NULL,
  PRIMARY KEY (declaration_id, number)
);
CREATE TABLE declaration_reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  declaration_id BIGINT NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  rubric TEXT NOT NULL DEFAULT '',
  score TEXT,
  grade TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  UNIQUE (declaration_id, number, seq)
);
-- The approved declaration version an evaluation was created from
-- (jixiao.BaselineRef as JSON, '' for none): check D05 compares with it.
ALTER TABLE evaluations ADD COLUMN baseline TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE evaluations DROP COLUMN baseline;
DROP TABLE declaration_reviews;
DROP TABLE declaration_versions;
DROP INDEX declarations_year;
DROP TABLE declarations;
