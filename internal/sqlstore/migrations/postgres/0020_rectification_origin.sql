-- +goose Up
-- Where a rectification item was raised from automatically (issue 18):
-- a monitoring warning (monitor:<round>:<entry>:<subject>), a re-check
-- (recheck:<sample>:<evaluation>) or a self-evaluation's stated problem
-- (self:<evaluation>:<n>); '' for items raised by hand. Unique when set,
-- so that raising the same problem twice never makes a second item.
ALTER TABLE rectifications ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX rectifications_origin ON rectifications (origin) WHERE origin <> '';

-- +goose Down
DROP INDEX rectifications_origin;
ALTER TABLE rectifications DROP COLUMN origin;
