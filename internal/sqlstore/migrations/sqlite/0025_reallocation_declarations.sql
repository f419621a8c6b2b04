-- +goose Up
-- Results application (issue 18): a reallocation (调剂) may go to a
-- project declared for the next year (绩效目标申报): declaration_id links
-- it, and its target is then empty, the name being the declaration's as
-- it stands. A reallocation whose declaration is gone keeps its amount
-- with neither (shown as a removed declared project).
ALTER TABLE result_reallocations ADD COLUMN declaration_id BIGINT REFERENCES declarations(id) ON DELETE SET NULL;
CREATE INDEX result_reallocations_declaration ON result_reallocations (declaration_id);

-- +goose Down
DROP INDEX result_reallocations_declaration;
ALTER TABLE result_reallocations DROP COLUMN declaration_id;
