-- +goose Up
-- Evidence files of rectification items are stored in chunks of at most
-- 256 KiB, so that a download reads one chunk at a time and a request's
-- memory does not grow with the file (a whole BLOB read would be loaded
-- whole). The files stored before move into chunks; their own data
-- column stays, empty (SQLite keeps NOT NULL columns simplest so).
CREATE TABLE rectification_file_chunks (
  file_id INTEGER NOT NULL REFERENCES rectification_files(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (file_id, seq)
);
INSERT INTO rectification_file_chunks (file_id, seq, data)
  WITH RECURSIVE parts(file_id, seq, size) AS (
    SELECT id, 0, length(data) FROM rectification_files WHERE length(data) > 0
    UNION ALL
    SELECT file_id, seq + 1, size FROM parts WHERE (seq + 1) * 262144 < size
  )
  SELECT p.file_id, p.seq, substr(f.data, p.seq * 262144 + 1, 262144)
  FROM parts p JOIN rectification_files f ON f.id = p.file_id;
UPDATE rectification_files SET data = x'';

-- +goose Down
UPDATE rectification_files SET data = coalesce(CAST((SELECT group_concat(c.data, '') FROM
  (SELECT data FROM rectification_file_chunks WHERE file_id = rectification_files.id ORDER BY seq) c) AS BLOB), x'');
DROP TABLE rectification_file_chunks;
