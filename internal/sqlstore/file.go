package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"jixiao"
)

func jsonUnmarshal(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("stored JSON: %w", err)
	}
	return nil
}

// SaveFile stores an evidence file of evaluation evalID. The caller has
// checked its size and type.
func (s *DB) SaveFile(ctx context.Context, actor *jixiao.User, evalID int64, name, contentType string, data []byte) (*jixiao.FileInfo, error) {
	sum := sha256.Sum256(data)
	f := &jixiao.FileInfo{EvaluationID: evalID, Name: name, ContentType: contentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.editable(ctx, tx, evalID); err != nil {
			return err
		}
		now := s.millis()
		id, err := insert(ctx, tx, "files", []string{"evaluation_id", "name", "content_type", "size", "sha256", "data", "created_by", "created_at"},
			[]any{evalID, name, contentType, f.Size, f.SHA256, data, userID(actor), now})
		if err != nil {
			return err
		}
		f.ID, f.CreatedAt = id, fromMillis(now)
		return s.audit(ctx, tx, actor, "create", "file", id, evalID, "", toJSON(f))
	})
	return f, err
}

// File returns a stored file and its content.
func (s *DB) File(ctx context.Context, id int64) (*jixiao.FileInfo, []byte, error) {
	var f jixiao.FileInfo
	var data []byte
	var at int64
	err := s.read(ctx).QueryRowContext(ctx, "SELECT id, evaluation_id, name, content_type, size, sha256, data, created_at FROM files WHERE id = $1", id).
		Scan(&f.ID, &f.EvaluationID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data, &at)
	if err != nil {
		return nil, nil, notFound(err, "文件（编号%d）不存在", id)
	}
	f.CreatedAt = fromMillis(at)
	return &f, data, nil
}

// Files lists the files of evaluation evalID (without their content).
func (s *DB) Files(ctx context.Context, evalID int64) ([]*jixiao.FileInfo, error) {
	rows, err := s.read(ctx).QueryContext(ctx, "SELECT id, evaluation_id, name, content_type, size, sha256, created_at FROM files WHERE evaluation_id = $1 ORDER BY id", evalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.FileInfo
	for rows.Next() {
		var f jixiao.FileInfo
		var at int64
		if err := rows.Scan(&f.ID, &f.EvaluationID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &at); err != nil {
			return nil, err
		}
		f.CreatedAt = fromMillis(at)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// Evidence lists the evidence of indicator id.
func (s *DB) Evidence(ctx context.Context, indicatorID int64) ([]*jixiao.EvidenceRecord, error) {
	rows, err := s.read(ctx).QueryContext(ctx, "SELECT id, indicator_id, title, file, note, COALESCE(file_id, 0) FROM evidence WHERE indicator_id = $1 ORDER BY seq, id", indicatorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.EvidenceRecord
	for rows.Next() {
		var e jixiao.EvidenceRecord
		if err := rows.Scan(&e.ID, &e.IndicatorID, &e.Title, &e.File, &e.Note, &e.FileID); err != nil {
			return nil, err
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// AddEvidence attaches evidence, optionally a stored file, to indicator id.
func (s *DB) AddEvidence(ctx context.Context, actor *jixiao.User, indicatorID int64, e jixiao.Evidence, fileID int64) (*jixiao.EvidenceRecord, error) {
	if e.Title == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "佐证材料须有名称")
	}
	out := &jixiao.EvidenceRecord{IndicatorID: indicatorID, Evidence: e, FileID: fileID}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var evalID int64
		if err := tx.QueryRowContext(ctx, "SELECT evaluation_id FROM indicators WHERE id = $1", indicatorID).Scan(&evalID); err != nil {
			return notFound(err, "指标（编号%d）不存在", indicatorID)
		}
		if err := s.editable(ctx, tx, evalID); err != nil {
			return err
		}
		var fid *int64
		if fileID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM files WHERE id = $1 AND evaluation_id = $2", fileID, evalID).Scan(&n); err != nil || n == 0 {
				return jixiao.Errorf(jixiao.EINVALID, "文件（编号%d）不属于该评价", fileID)
			}
			fid = &fileID
		}
		var seq int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq) + 1, 0) FROM evidence WHERE indicator_id = $1", indicatorID).Scan(&seq); err != nil {
			return err
		}
		id, err := insert(ctx, tx, "evidence", []string{"indicator_id", "seq", "title", "file", "note", "file_id"}, []any{indicatorID, seq, e.Title, e.File, e.Note, fid})
		if err != nil {
			return err
		}
		out.ID = id
		return s.audit(ctx, tx, actor, "create", "evidence", id, evalID, "", toJSON(out))
	})
	return out, err
}

// Backup writes a consistent snapshot of a SQLite database to path (VACUUM
// INTO, which a running server may do), a new file readable and writable by
// its owner alone (0600). An existing file is never overwritten. For
// PostgreSQL use pg_dump.
func (s *DB) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return jixiao.Errorf(jixiao.EINVALID, "PostgreSQL 数据库请用 pg_dump 备份（见 docs/server.md）")
	}
	// VACUUM INTO writes into an empty file as it finds it: made here
	// first, so that its mode is 0600 from the start.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return jixiao.Errorf(jixiao.EINVALID, "备份文件 %s 已存在，请换一个文件名", path)
	} else if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法写入备份文件 %s：%v", path, FileReason(err))
	}
	f.Close()
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(path)
}

// syncFile flushes the file at path to stable storage.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// Check verifies the database's integrity (SQLite) or connection (PostgreSQL).
func (s *DB) Check(ctx context.Context) error {
	if s.dialect != SQLite {
		return s.db.PingContext(ctx)
	}
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return jixiao.Errorf(jixiao.EINVALID, "数据库完整性检查未通过：%s", res)
	}
	return nil
}
