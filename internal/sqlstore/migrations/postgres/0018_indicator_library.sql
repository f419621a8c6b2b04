-- +goose Up
-- An indicator's code in the indicator library (指标库, issue 17): kept
-- from the declaration a self-evaluation is made from, so that checks (D05)
-- and the comparison across years match indicators by it; '' when none.
ALTER TABLE indicators ADD COLUMN library_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE indicators DROP COLUMN library_id;
