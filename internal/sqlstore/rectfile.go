package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"jixiao"
)

// Evidence files of rectification items (migration 21), and the open
// items the reminders job reminds of.

const rectFileSelect = "SELECT id, rectification_id, name, content_type, size, sha256, created_by, created_at FROM rectification_files"

func scanRectFile(sc scanner) (*jixiao.RectFile, error) {
	var f jixiao.RectFile
	var at int64
	if err := sc.Scan(&f.ID, &f.RectificationID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedBy, &at); err != nil {
		return nil, err
	}
	f.CreatedAt = fromMillis(at)
	return &f, nil
}

// AddRectificationFile stores evidence file data of rectification item id
// (its size and type checked by the caller), unless the item has max files
// already; it is recorded in the audit log as actor's upload to the item.
func (s *DB) AddRectificationFile(ctx context.Context, actor *jixiao.User, id int64, name, contentType string, data []byte, max int) (*jixiao.RectFile, error) {
	sum := sha256.Sum256(data)
	f := &jixiao.RectFile{RectificationID: id, Name: name, ContentType: contentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedBy: actor.Username}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Taking the item's row first makes two uploads at once count each
		// other (PostgreSQL; SQLite writes one at a time).
		var n int
		if _, err := tx.ExecContext(ctx, "UPDATE rectifications SET updated_at = updated_at WHERE id = $1", id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM rectification_files WHERE rectification_id = $1", id).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return jixiao.Errorf(jixiao.EINVALID, "该整改事项已有 %d 个证明文件，不能再上传“%s”：每个事项至多 %d 个", n, name, max)
		}
		now := s.millis()
		fid, err := insert(ctx, tx, "rectification_files", []string{"rectification_id", "name", "content_type", "size", "sha256", "data", "created_by", "created_at"},
			[]any{id, name, contentType, f.Size, f.SHA256, []byte{}, f.CreatedBy, now})
		if err != nil {
			return err
		}
		for seq := 0; seq*rectFileChunk < len(data); seq++ {
			part := data[seq*rectFileChunk : min((seq+1)*rectFileChunk, len(data))]
			if _, err := tx.ExecContext(ctx, "INSERT INTO rectification_file_chunks (file_id, seq, data) VALUES ($1, $2, $3)", fid, seq, part); err != nil {
				return err
			}
		}
		f.ID, f.CreatedAt = fid, fromMillis(now)
		return s.audit(ctx, tx, actor, "attach", "rectification", id, 0, "", toJSON(f))
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// RectificationFiles lists the evidence files of the items ids (without
// their content), by item, oldest first.
func (s *DB) RectificationFiles(ctx context.Context, ids []int64) (map[int64][]*jixiao.RectFile, error) {
	out := map[int64][]*jixiao.RectFile{}
	if len(ids) == 0 {
		return out, nil
	}
	for start := 0; start < len(ids); start += 1000 {
		args, in := inList(nil, ids[start:min(start+1000, len(ids))])
		err := eachRow(ctx, s.read(ctx), rectFileSelect+" WHERE rectification_id IN "+in+" ORDER BY id", args, func(sc scanner) error {
			f, err := scanRectFile(sc)
			if err != nil {
				return err
			}
			out[f.RectificationID] = append(out[f.RectificationID], f)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rectFileChunk is the size of the chunks evidence files are stored in
// (migration 24): a download holds one chunk at a time.
const rectFileChunk = 256 << 10

// RectificationFile returns evidence file fileID of item id and a reader
// of its content, which reads the stored chunks one at a time as it is
// read: the memory it holds is one chunk whatever the file's size.
func (s *DB) RectificationFile(ctx context.Context, id, fileID int64) (*jixiao.RectFile, io.ReadCloser, error) {
	f, err := scanRectFile(s.read(ctx).QueryRowContext(ctx, rectFileSelect+" WHERE id = $1 AND rectification_id = $2", fileID, id))
	if err != nil {
		return nil, nil, notFound(err, "证明文件（编号%d）不存在", fileID)
	}
	return f, &chunkReader{ctx: ctx, q: s.read(ctx), file: fileID, left: f.Size}, nil
}

// chunkReader reads an evidence file's chunks in order, one query per
// chunk; it ends after the file's size and fails when a chunk is missing
// or the chunks do not add up to the size.
type chunkReader struct {
	ctx context.Context
	q   interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	file int64
	seq  int
	buf  []byte
	left int64 // bytes of the file not yet returned
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.buf) == 0 {
		if r.left <= 0 {
			return 0, io.EOF
		}
		r.buf = nil // the chunk read before can be collected meanwhile
		var data []byte
		err := r.q.QueryRowContext(r.ctx, "SELECT data FROM rectification_file_chunks WHERE file_id = $1 AND seq = $2", r.file, r.seq).Scan(&data)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return 0, fmt.Errorf("evidence file %d: chunk %d missing, %d bytes short: %w", r.file, r.seq, r.left, io.ErrUnexpectedEOF)
			}
			return 0, err
		}
		if len(data) == 0 || int64(len(data)) > r.left {
			return 0, fmt.Errorf("evidence file %d: chunk %d of %d bytes where %d remain", r.file, r.seq, len(data), r.left)
		}
		r.seq++
		r.buf = data
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.left -= int64(n)
	return n, nil
}

func (r *chunkReader) Close() error {
	r.buf, r.left = nil, 0
	return nil
}

// RectificationsToRemind returns the rectification items waiting on their
// department (通知 or 退回) whose deadline is on or before until
// (YYYY-MM-DD) and that may still need a reminder on today: none overdue
// yet, and none due yet unless the deadline is still to come. They come
// soonest first, at most limit, with the parent organisation of each
// one's department (absent: none). Items reminded of already are left
// out, so that a long list of overdue items does not hide newer ones.
func (s *DB) RectificationsToRemind(ctx context.Context, today, until jixiao.Date, limit int) ([]*jixiao.RectificationRecord, map[int64]int64, error) {
	var out []*jixiao.RectificationRecord
	q := rectSelect + fmt.Sprintf(` WHERE r.status IN ($1, $2) AND r.deadline <= $3
		AND NOT EXISTS (SELECT 1 FROM task_reminders t WHERE t.rectification_id = r.id AND t.kind = $4)
		AND NOT (r.deadline >= $5 AND EXISTS (SELECT 1 FROM task_reminders t WHERE t.rectification_id = r.id AND t.kind = $6))
		ORDER BY r.deadline, r.id LIMIT %d`, limit)
	err := eachRow(ctx, s.db, q, []any{string(jixiao.RectNotified), string(jixiao.RectReturned), until.String(),
		jixiao.RemindRectOverdue, today.String(), jixiao.RemindRectDue}, func(sc scanner) error {
		r, err := scanRect(sc)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	seen := map[int64]bool{}
	var orgs []int64
	for _, r := range out {
		if !seen[r.OrgID] {
			seen[r.OrgID] = true
			orgs = append(orgs, r.OrgID)
		}
	}
	parents := map[int64]int64{}
	for start := 0; start < len(orgs); start += 1000 {
		args, in := inList(nil, orgs[start:min(start+1000, len(orgs))])
		err := eachRow(ctx, s.db, "SELECT id, parent_id FROM orgs WHERE parent_id IS NOT NULL AND id IN "+in, args, func(sc scanner) error {
			var id, parent int64
			if err := sc.Scan(&id, &parent); err != nil {
				return err
			}
			parents[id] = parent
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, parents, nil
}
