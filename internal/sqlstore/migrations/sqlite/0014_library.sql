-- +goose Up
-- The indicator library (指标库, jixiao.Library) on the server. Each
-- indicator is a row under its code (its identity, kept across years and
-- versions; a code is never reused), with its status and the code it was
-- merged into. Every change makes a new library version: a row of
-- library_versions (what was done to which indicator, by whom, when) and,
-- for each indicator it changed, the indicator as it became, as the JSON
-- of jixiao.LibraryIndicator, in library_history. The first version is
-- the built-in starter library, stored on first use.
CREATE TABLE library_indicators (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL DEFAULT '',
  op TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  definition TEXT NOT NULL DEFAULT '',
  data_source TEXT NOT NULL DEFAULT '',
  standard TEXT NOT NULL DEFAULT '',
  core BOOLEAN NOT NULL DEFAULT FALSE,
  field TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  merged_into TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  seq BIGINT NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX library_indicators_level ON library_indicators (level1, level2);
CREATE TABLE library_versions (
  version INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  action TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  into_code TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE TABLE library_history (
  version INTEGER NOT NULL REFERENCES library_versions(version),
  code TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (version, code)
);

-- +goose Down
DROP TABLE library_history;
DROP TABLE library_versions;
DROP INDEX library_indicators_level;
DROP TABLE library_indicators;
