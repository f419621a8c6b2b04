-- +goose Up
CREATE INDEX audit_org ON audit_log (org_id, entity, entity_id, id);

-- A session belongs to one epoch of its user: changing the password (or an
-- administrator ending the user's sessions) starts a new epoch and every
-- session of an earlier one ends.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- Sessions are now stored by the SHA-256 of their token, so that the
-- database (and its backups) holds no usable session id. Sessions stored
-- by their token cannot be found any more; everyone signs in again.
DELETE FROM sessions;

-- Rulebooks that cases name, stored so that the server scores them as the
-- command line does. A rulebook is stored resolved (its bases merged in),
-- once per content (sha256), numbered per name.
CREATE TABLE rulebooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at BIGINT NOT NULL,
  UNIQUE (name, version)
);
ALTER TABLE evaluations ADD COLUMN rulebook_id INTEGER REFERENCES rulebooks(id);

-- +goose Down
ALTER TABLE evaluations DROP COLUMN rulebook_id;
DROP TABLE rulebooks;
ALTER TABLE users DROP COLUMN session_epoch;
DROP INDEX audit_org;
