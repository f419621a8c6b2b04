-- +goose Up
-- The report's date (成文日期, issue 14), printed under the unit's name at
-- the end of the report; YYYY-MM-DD, '' when the case gives none.
ALTER TABLE evaluations ADD COLUMN report_date TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE evaluations DROP COLUMN report_date;
