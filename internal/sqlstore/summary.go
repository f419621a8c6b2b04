package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// StoredSummary is an evaluation's summary as kept in the database: the
// revision of the evaluation and the basis (program and rulebook) it was
// computed at, and the application's encoding of it.
type StoredSummary struct {
	EvaluationID int64
	Revision     int64
	Basis        string
	Data         []byte
}

// summaryChunk bounds the evaluations of one statement reading or writing
// stored summaries (SQLite allows 32,766 parameters; four a row to write).
const summaryChunk = 500

// StoredSummaries returns the stored summaries of evaluations ids, by
// evaluation, whatever their revision (the caller compares): one round
// trip per 500 evaluations.
func (s *DB) StoredSummaries(ctx context.Context, ids []int64) (map[int64]StoredSummary, error) {
	out := make(map[int64]StoredSummary, len(ids))
	q := s.read(ctx)
	for start := 0; start < len(ids); start += summaryChunk {
		args, in := inList(nil, ids[start:min(start+summaryChunk, len(ids))])
		rows, err := q.QueryContext(ctx, "SELECT evaluation_id, revision, basis, summary FROM evaluation_summaries WHERE evaluation_id IN "+in, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r StoredSummary
			var data string
			if err := rows.Scan(&r.EvaluationID, &r.Revision, &r.Basis, &data); err != nil {
				rows.Close()
				return nil, err
			}
			r.Data = []byte(data)
			out[r.EvaluationID] = r
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// StoreSummaries keeps summaries, each replacing its evaluation's stored
// one unless that is of a later revision; a summary of an evaluation
// deleted meanwhile is dropped. One statement per 500 summaries.
func (s *DB) StoreSummaries(ctx context.Context, ss []StoredSummary) error {
	for start := 0; start < len(ss); start += summaryChunk {
		chunk := ss[start:min(start+summaryChunk, len(ss))]
		args := make([]any, 0, 4*len(chunk))
		values := make([]string, len(chunk))
		for i, r := range chunk {
			n := len(args)
			values[i] = fmt.Sprintf("(CAST($%d AS BIGINT), CAST($%d AS BIGINT), CAST($%d AS TEXT), CAST($%d AS TEXT))", n+1, n+2, n+3, n+4)
			args = append(args, r.EvaluationID, r.Revision, r.Basis, string(r.Data))
		}
		// VALUES names its columns column1… on both engines; the join
		// leaves out evaluations that no longer exist; SQLite needs a
		// WHERE before ON CONFLICT in an INSERT … SELECT.
		if _, err := s.exec(ctx, `INSERT INTO evaluation_summaries (evaluation_id, revision, basis, summary)
			SELECT v.column1, v.column2, v.column3, v.column4 FROM (VALUES `+strings.Join(values, ", ")+`) AS v
			JOIN evaluations e ON e.id = v.column1 WHERE true
			ON CONFLICT (evaluation_id) DO UPDATE SET revision = excluded.revision, basis = excluded.basis, summary = excluded.summary
			WHERE evaluation_summaries.revision <= excluded.revision`, args...); err != nil {
			return err
		}
	}
	return nil
}

// ForgetSummaries deletes every stored summary (they are computed again
// when next wanted): for measuring the computation itself.
func (s *DB) ForgetSummaries(ctx context.Context) error {
	_, err := s.exec(ctx, "DELETE FROM evaluation_summaries")
	return err
}
