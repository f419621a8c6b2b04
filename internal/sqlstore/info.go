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

// conditions builds the WHERE clause of a list's filter, with numbered
// placeholders for its arguments.
type conditions struct {
	terms []string
	args  []any
}

func (c *conditions) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", len(c.args))
}

// equal adds "column = value" when on.
func (c *conditions) equal(column string, value any, on bool) {
	if on {
		c.terms = append(c.terms, column+" = "+c.arg(value))
	}
}

// in adds "column IN (ids…)" when ids is not nil (the caller answers an
// empty, non-nil scope with nothing before building the query).
func (c *conditions) in(column string, ids []int64) {
	if ids == nil {
		return
	}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = c.arg(id)
	}
	c.terms = append(c.terms, column+" IN ("+strings.Join(ph, ", ")+")")
}

// where is " WHERE …", or "" for no condition.
func (c *conditions) where() string {
	if len(c.terms) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.terms, " AND ")
}

// ListEvaluations returns one page of the evaluations f selects, newest year
// first, and how many there are in all.
func (s *DB) ListEvaluations(ctx context.Context, f jixiao.EvaluationFilter) ([]*jixiao.EvaluationInfo, int, error) {
	var w conditions
	if f.OrgIDs != nil && len(f.OrgIDs) == 0 {
		return nil, 0, nil
	}
	w.in("e.org_id", f.OrgIDs)
	w.equal("e.year", f.Year, f.Year != 0)
	w.equal("e.status", string(f.Status), f.Status != "")
	w.equal("e.subject", string(f.Subject), f.Subject != "")
	cond, args := w.where(), w.args
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
