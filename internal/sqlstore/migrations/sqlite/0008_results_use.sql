-- +goose Up
-- How the self-evaluation's results are used (结果应用, issue 14): the last
-- part of a project report's outline; '' when the case gives none.
ALTER TABLE projects ADD COLUMN results_use TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE projects DROP COLUMN results_use;
