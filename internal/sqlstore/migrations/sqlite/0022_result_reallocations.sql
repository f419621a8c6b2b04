-- +goose Up
-- Results application (issue 18): the next-year amount a department
-- requests for a project (拟安排金额, in millionths of 万元; NULL is the
-- evaluation's budget), and where the bureau moves money it cut from a
-- project (调剂): a next-year project or purpose and the amount, in the
-- decision's order.
ALTER TABLE result_decisions ADD COLUMN requested_amount BIGINT;
CREATE TABLE result_reallocations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  decision_id BIGINT NOT NULL REFERENCES result_decisions(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  target TEXT NOT NULL,
  amount BIGINT NOT NULL,
  UNIQUE (decision_id, seq)
);
CREATE INDEX result_reallocations_year ON result_reallocations (year);

-- +goose Down
DROP INDEX result_reallocations_year;
DROP TABLE result_reallocations;
ALTER TABLE result_decisions DROP COLUMN requested_amount;
