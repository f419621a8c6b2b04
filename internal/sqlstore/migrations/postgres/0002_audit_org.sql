-- +goose Up
-- Each audit entry names the organisation its record belongs to, so that a
-- record's history is shown only within that organisation. (On SQLite this
-- step also rebuilds every table so that ids are never reused: see
-- migrate.go. PostgreSQL's identity columns come from sequences, which
-- never go back.)
ALTER TABLE audit_log ADD COLUMN org_id BIGINT;
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET org_id = CASE
  WHEN entity = 'org' THEN entity_id
  WHEN evaluation_id IS NOT NULL THEN (SELECT org_id FROM evaluations e WHERE e.id = audit_log.evaluation_id)
  WHEN entity = 'user' THEN (SELECT org_id FROM users u WHERE u.id = audit_log.entity_id)
END;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;

-- +goose Down
ALTER TABLE audit_log DROP COLUMN org_id;
