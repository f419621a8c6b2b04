-- +goose Up
-- Evidence files of rectification items are stored in chunks of at most
-- 256 KiB, so that a download reads one chunk at a time and a request's
-- memory does not grow with the file (a whole BYTEA read would be loaded
-- whole). The files stored before move into chunks; their own data
-- column stays, empty.
CREATE TABLE rectification_file_chunks (
  file_id BIGINT NOT NULL REFERENCES rectification_files(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (file_id, seq)
);
INSERT INTO rectification_file_chunks (file_id, seq, data)
  SELECT f.id, s.seq, substring(f.data FROM s.seq * 262144 + 1 FOR 262144)
  FROM rectification_files f, generate_series(0, (length(f.data) - 1) / 262144) AS s(seq)
  WHERE length(f.data) > 0;
UPDATE rectification_files SET data = ''::bytea;

-- +goose Down
UPDATE rectification_files f SET data = coalesce((SELECT string_agg(c.data, ''::bytea ORDER BY c.seq)
  FROM rectification_file_chunks c WHERE c.file_id = f.id), ''::bytea);
DROP TABLE rectification_file_chunks;
