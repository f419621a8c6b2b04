-- +goose Up
-- Why an indicator of the indicator library (指标库) was edited (修改理由):
-- kept with the library version the edit made; '' for other changes.
ALTER TABLE library_versions ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE library_versions DROP COLUMN reason;
