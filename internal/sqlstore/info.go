package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"jixiao"
)

const infoSelect = `SELECT e.id, e.org_id, o.code, o.name, e.year, e.subject, e.subject_key, e.status, e.rulebook, e.version, e.revision, e.updated_at
	FROM evaluations e JOIN orgs o ON o.id = e.org_id`

func scanInfo(sc scanner) (*jixiao.EvaluationInfo, error) {
	var i jixiao.EvaluationInfo
	var subject, status string
	var updated int64
	if err := sc.Scan(&i.ID, &i.OrgID, &i.OrgCode, &i.OrgName, &i.Year, &subject, &i.SubjectKey, &status, &i.Rulebook, &i.Version, &i.Revision, &updated); err != nil {
		return nil, err
	}
	i.Subject, i.Status, i.UpdatedAt = jixiao.Subject(subject), jixiao.Status(status), fromMillis(updated)
	return &i, nil
}

// EvaluationInfo returns the summary of evaluation id.
func (s *DB) EvaluationInfo(ctx context.Context, id int64) (*jixiao.EvaluationInfo, error) {
	i, err := scanInfo(s.read(ctx).QueryRowContext(ctx, infoSelect+" WHERE e.id = $1", id))
	if err != nil {
		return nil, notFound(err, "评价（编号%d）不存在", id)
	}
	return i, nil
}

// ListEvaluations returns one page of the evaluations f selects, newest year
// first, and how many there are in all.
func (s *DB) ListEvaluations(ctx context.Context, f jixiao.EvaluationFilter) ([]*jixiao.EvaluationInfo, int, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.OrgIDs != nil {
		if len(f.OrgIDs) == 0 {
			return nil, 0, nil
		}
		var ph []string
		for _, id := range f.OrgIDs {
			ph = append(ph, arg(id))
		}
		where = append(where, "e.org_id IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Year != 0 {
		where = append(where, "e.year = "+arg(f.Year))
	}
	if f.Status != "" {
		where = append(where, "e.status = "+arg(string(f.Status)))
	}
	if f.Subject != "" {
		where = append(where, "e.subject = "+arg(string(f.Subject)))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.read(ctx).QueryRowContext(ctx, "SELECT count(*) FROM evaluations e"+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.read(ctx).QueryContext(ctx, infoSelect+cond+fmt.Sprintf(" ORDER BY e.year DESC, o.code, e.subject, e.subject_key LIMIT %d OFFSET %d", limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*jixiao.EvaluationInfo
	for rows.Next() {
		i, err := scanInfo(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, i)
	}
	return out, total, rows.Err()
}
