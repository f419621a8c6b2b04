-- +goose Up
-- What report forms state about funds besides the three stages (issue
-- 12): a project's funds actually received (实际到位资金) and its balance
-- (结余, may be negative), each fund line's funds received, a spending
-- line's figure of the year before (上年数), and the execution scores a
-- table states row by row (budget.scores). Money is in millionths of the
-- stated unit as elsewhere; points as exact text.
ALTER TABLE projects ADD COLUMN budget_received BIGINT;
ALTER TABLE projects ADD COLUMN budget_balance BIGINT;
ALTER TABLE fund_lines ADD COLUMN received BIGINT;
ALTER TABLE spend_lines ADD COLUMN previous BIGINT;

CREATE TABLE budget_scores (
  evaluation_id BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  of_what TEXT NOT NULL,
  score TEXT NOT NULL,
  max_score TEXT,
  PRIMARY KEY (evaluation_id, seq)
);

-- +goose Down
DROP TABLE budget_scores;
ALTER TABLE spend_lines DROP COLUMN previous;
ALTER TABLE fund_lines DROP COLUMN received;
ALTER TABLE projects DROP COLUMN budget_balance;
ALTER TABLE projects DROP COLUMN budget_received;
