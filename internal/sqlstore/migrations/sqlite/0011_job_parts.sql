-- +goose Up
-- A large result file of a background job (a bulk download's ZIP), kept
-- in parts of a few MiB written as the job makes it, so that neither the
-- job nor a download holds the whole file in memory (internal/riverjobs).
-- job_results.parts counts a finished job's parts (0: its result, if any,
-- is job_results.data).
CREATE TABLE job_parts (
  job_id BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (job_id, seq)
);
ALTER TABLE job_results ADD COLUMN parts INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE job_results DROP COLUMN parts;
DROP TABLE job_parts;
