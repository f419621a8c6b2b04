-- +goose Up
-- Each evaluation's summary (score, grade, execution rate, counts of
-- findings) as last computed, so that a bureau's overview after a server
-- start, or on another server, reads these rows instead of scoring and
-- checking every evaluation again (issue 16). A row answers only for the
-- revision and basis (the program and the rulebook) it was computed at;
-- any other is computed again and replaces it. It is a cache: deleting
-- every row loses nothing.
CREATE TABLE evaluation_summaries (
  evaluation_id BIGINT PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
  revision BIGINT NOT NULL,
  basis TEXT NOT NULL,
  summary TEXT NOT NULL
);

-- +goose Down
DROP TABLE evaluation_summaries;
