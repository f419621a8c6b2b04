package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"testing"

	"jixiao/internal/testutil"
)

// TestMigrationChunksEvidenceFiles stores evidence files as schema 23
// did, whole in one column (one of one chunk exactly and one of two
// chunks and a part, with every byte value), migrates, and
// reads each back through the chunks on both engines; the old column is
// emptied and the chunks hold no more than a chunk each. Migrating down
// puts the files back whole.
func TestMigrationChunksEvidenceFiles(t *testing.T) {
	engines := map[string]string{SQLite: filepath.Join(t.TempDir(), "v23.db")}
	if dsn := os.Getenv("JIXIAO_TEST_POSTGRES_DSN"); dsn != "" {
		engines[Postgres] = emptyPostgres(t, dsn)
	} else if os.Getenv(testutil.EnvRequireTools) == "1" {
		t.Fatal("JIXIAO_TEST_POSTGRES_DSN is not set")
	}
	files := map[string][]byte{"one.pdf": make([]byte, rectFileChunk), "long.pdf": make([]byte, 2*rectFileChunk+1000)}
	for i := range files["long.pdf"] {
		files["long.pdf"][i] = byte(i * 7)
	}
	files["one.pdf"][0], files["one.pdf"][rectFileChunk-1] = 0xff, 0
	for dialect, dsn := range engines {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			driver, raw := "sqlite", "file:"+dsn+"?_pragma=foreign_keys(1)"
			if dialect == Postgres {
				driver, raw = "pgx", dsn
			}
			db, err := sql.Open(driver, raw)
			if err != nil {
				t.Fatal(err)
			}
			p, err := (&DB{db: db, dialect: dialect}).provider()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 23); err != nil {
				t.Fatal(err)
			}
			var org, item int64
			if err := db.QueryRowContext(ctx, "INSERT INTO orgs (code, name, kind, created_at, updated_at) VALUES ('D1', '甲', 'department', 0, 0) RETURNING id").Scan(&org); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, `INSERT INTO rectifications (org_id, year, source, problem, owner, measure, deadline, status, created_at, updated_at)
				VALUES ($1, 2025, 'recheck', '问题', '张敏', '措施', '2026-06-30', '通知', 0, 0) RETURNING id`, org).Scan(&item); err != nil {
				t.Fatal(err)
			}
			ids := map[string]int64{}
			for name, data := range files {
				var id int64
				if err := db.QueryRowContext(ctx, `INSERT INTO rectification_files (rectification_id, name, content_type, size, sha256, data, created_at)
					VALUES ($1, $2, 'application/pdf', $3, '', $4, 0) RETURNING id`, item, name, len(data), data).Scan(&id); err != nil {
					t.Fatal(err)
				}
				ids[name] = id
			}
			db.Close()

			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for name, data := range files {
				_, body, err := s.RectificationFile(ctx, item, ids[name])
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(body)
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("%s: read %d bytes of %d (%v)", name, len(got), len(data), err)
				}
			}
			var left, chunks, biggest int64
			s.db.QueryRowContext(ctx, "SELECT coalesce(sum(length(data)), 0) FROM rectification_files").Scan(&left)
			s.db.QueryRowContext(ctx, "SELECT count(*), max(length(data)) FROM rectification_file_chunks").Scan(&chunks, &biggest)
			if left != 0 || chunks != 1+3 || biggest != rectFileChunk {
				t.Errorf("after the migration: %d bytes left in the files' column, %d chunks, the biggest of %d bytes", left, chunks, biggest)
			}
			// Going back puts every file whole in its column again.
			p, err = s.provider()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.DownTo(ctx, 23); err != nil {
				t.Fatal(err)
			}
			for name, data := range files {
				var got []byte
				if err := s.db.QueryRowContext(ctx, "SELECT data FROM rectification_files WHERE id = $1", ids[name]).Scan(&got); err != nil || !bytes.Equal(got, data) {
					t.Errorf("%s after going back: %d bytes of %d (%v)", name, len(got), len(data), err)
				}
			}
		})
	}
}
