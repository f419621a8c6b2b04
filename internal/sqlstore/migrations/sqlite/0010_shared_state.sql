-- +goose Up
-- State that every server on one database shares (several servers behind
-- a load balancer answer any request): what was kept in each server's
-- memory before.

-- Failed sign-ins per key (a user name, a client address, a device): how
-- many, when the last was, until when the next attempt must wait. A row
-- is forgotten at expires_at (Unix milliseconds) and deleted after it.
CREATE TABLE login_strikes (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  until_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX login_strikes_expires ON login_strikes (expires_at);

-- Secrets the servers share, made by the first server that needs one
-- (the key that signs browsers' device tokens).
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  secret BLOB NOT NULL,
  created_at BIGINT NOT NULL
);

-- Uploaded cases checked and shown, waiting for the user's confirmation:
-- by the SHA-256 of their token, the case as JSON, for 30 minutes.
CREATE TABLE pending_uploads (
  token TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  case_json TEXT NOT NULL,
  replace_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX pending_uploads_user ON pending_uploads (user_id, created_at);
CREATE INDEX pending_uploads_expires ON pending_uploads (expires_at);

-- +goose Down
DROP TABLE pending_uploads;
DROP TABLE server_secrets;
DROP TABLE login_strikes;
