package riverjobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"jixiao"
)

// partSize is the size of a part of a spooled result file.
const partSize = 4 << 20

// spool writes a job's result file into job_parts as the handler makes
// it: a part of partSize at a time, so that neither the job nor a download
// holds the whole file in memory.
type spool struct {
	ctx   context.Context
	q     *Queue
	id    int64
	max   int64
	buf   []byte
	parts int
	size  int64
	err   error
}

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.size+int64(len(p)) > s.max {
		s.err = jixiao.Errorf(jixiao.EINVALID, "生成的文件过大（超过 %s）", jixiao.SizeText(s.max))
		return 0, s.err
	}
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), partSize-len(s.buf))
		if s.buf == nil {
			s.buf = make([]byte, 0, partSize)
		}
		s.buf = append(s.buf, p[:k]...)
		p = p[k:]
		if len(s.buf) == partSize {
			if err := s.flush(); err != nil {
				return 0, err
			}
		}
	}
	s.size += int64(n)
	return n, nil
}

// flush writes the part held in memory.
func (s *spool) flush() error {
	if s.err != nil || len(s.buf) == 0 {
		return s.err
	}
	if _, err := s.q.db.ExecContext(s.ctx, `INSERT INTO job_parts (job_id, seq, data) VALUES ($1, $2, $3)`, s.id, s.parts, s.buf); err != nil {
		s.err = fmt.Errorf("riverjobs: spool: %w", err)
		return s.err
	}
	s.parts++
	s.buf = s.buf[:0]
	return nil
}

// used reports whether the handler wrote to the spool.
func (s *spool) used() bool { return s.size > 0 }

// dropParts deletes the spooled parts of job id.
func (q *Queue) dropParts(ctx context.Context, id int64) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM job_parts WHERE job_id = $1`, id); err != nil {
		return fmt.Errorf("riverjobs: spool: %w", err)
	}
	return nil
}

// partReader reads a spooled result file, one part at a time.
type partReader struct {
	ctx   context.Context
	q     *Queue
	id    int64
	parts int
	next  int
	cur   []byte
}

func (r *partReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.next >= r.parts {
			return 0, io.EOF
		}
		err := r.q.db.QueryRowContext(r.ctx, `SELECT data FROM job_parts WHERE job_id = $1 AND seq = $2`, r.id, r.next).Scan(&r.cur)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, jixiao.Errorf(jixiao.ENOTFOUND, "结果文件已不完整（任务已过期？），请重新生成")
		}
		if err != nil {
			return 0, fmt.Errorf("riverjobs: spool: %w", err)
		}
		r.next++
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}
