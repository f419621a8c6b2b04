package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"jixiao"
)

// audit appends one entry to the audit log, in the caller's transaction.
// old and new are JSON ("" when there is none).
func (s *DB) audit(ctx context.Context, tx *sql.Tx, actor *jixiao.User, action, entity string, entityID, evalID int64, old, new string) error {
	var uid *int64
	name := "系统"
	if actor != nil {
		uid, name = userID(actor), actor.Username
	}
	var eid *int64
	if evalID != 0 {
		eid = &evalID
	}
	var rid *int64
	if entityID != 0 {
		rid = &entityID
	}
	org, err := entryOrg(ctx, tx, entity, entityID, evalID)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := insertNoID(ctx, tx, "audit_log", []string{"at", "user_id", "username", "action", "entity", "entity_id", "evaluation_id", "org_id", "old_value", "new_value"},
		[]any{s.millis(), uid, name, action, entity, rid, eid, org, old, new}); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// entryOrg is the organisation an audit entry belongs to: the record's
// evaluation's, the organisation itself, or a user's own.
func entryOrg(ctx context.Context, tx *sql.Tx, entity string, entityID, evalID int64) (*int64, error) {
	var q string
	var arg int64
	switch {
	case entity == "org" && entityID != 0:
		return &entityID, nil
	case evalID != 0:
		q, arg = "SELECT org_id FROM evaluations WHERE id = $1", evalID
	case entity == "declaration" && entityID != 0:
		q, arg = "SELECT org_id FROM declarations WHERE id = $1", entityID
	case entity == "user" && entityID != 0:
		q, arg = "SELECT org_id FROM users WHERE id = $1", entityID
	case entity == "task" && entityID != 0:
		q, arg = "SELECT bureau_id FROM tasks WHERE id = $1", entityID
	case entity == "recheck_sample" && entityID != 0:
		q, arg = "SELECT org_id FROM recheck_samples WHERE id = $1", entityID
	case entity == "rectification" && entityID != 0:
		q, arg = "SELECT org_id FROM rectifications WHERE id = $1", entityID
	case entity == "monitor_round" && entityID != 0:
		q, arg = "SELECT bureau_id FROM monitor_rounds WHERE id = $1", entityID
	case entity == "monitor_entry" && entityID != 0:
		q, arg = "SELECT org_id FROM monitor_entries WHERE id = $1", entityID
	default:
		return nil, nil
	}
	var org *int64
	if err := tx.QueryRowContext(ctx, q, arg).Scan(&org); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return org, nil
}

// Event records something that is not a change of stored data: a sign-in,
// a failed one, a refused request. orgID is the organisation concerned (0:
// none); detail is JSON. actor may be nil (an anonymous attempt), and then
// name stands for it.
func (s *DB) Event(ctx context.Context, actor *jixiao.User, name, action, entity string, entityID, orgID int64, detail string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		uid := userID(actor)
		if actor != nil {
			name = actor.Username
		}
		var rid, org *int64
		if entityID != 0 {
			rid = &entityID
		}
		if orgID != 0 {
			org = &orgID
		}
		if err := insertNoID(ctx, tx, "audit_log", []string{"at", "user_id", "username", "action", "entity", "entity_id", "org_id", "old_value", "new_value"},
			[]any{s.millis(), uid, name, action, entity, rid, org, "", detail}); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// Audit returns a page of the audit log, newest first, and the count. Each
// entry names its person by their display name now (Name), as well as by
// the username recorded with it.
func (s *DB) Audit(ctx context.Context, f jixiao.AuditFilter) ([]*jixiao.AuditEntry, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "$n", fmt.Sprintf("$%d", len(args))))
	}
	if f.Entity != "" {
		add("a.entity = $n", f.Entity)
	}
	if f.EntityID != 0 {
		add("a.entity_id = $n", f.EntityID)
	}
	if f.EvaluationID != 0 {
		add("a.evaluation_id = $n", f.EvaluationID)
	}
	if f.UserID != 0 {
		add("a.user_id = $n", f.UserID)
	}
	if f.OrgID != 0 {
		add("a.org_id = $n", f.OrgID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		add(`(lower(a.old_value) LIKE $n ESCAPE '\' OR lower(a.new_value) LIKE $n ESCAPE '\')`, likePattern(t))
	}
	if p := strings.TrimSpace(f.Person); p != "" {
		add(`(lower(a.username) LIKE $n ESCAPE '\' OR lower(COALESCE(u.display_name, '')) LIKE $n ESCAPE '\')`, likePattern(p))
	}
	if !f.Since.IsZero() {
		add("a.at >= $n", f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		add("a.at < $n", f.Until.UnixMilli())
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	const from = " FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
	var total int
	if err := s.read(ctx).QueryRowContext(ctx, "SELECT count(*)"+from+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.read(ctx).QueryContext(ctx, "SELECT a.id, a.at, a.user_id, a.username, COALESCE(u.display_name, ''), a.action, a.entity, a.entity_id, a.evaluation_id, a.old_value, a.new_value"+
		from+cond+fmt.Sprintf(" ORDER BY a.id DESC LIMIT %d OFFSET %d", limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*jixiao.AuditEntry
	for rows.Next() {
		var e jixiao.AuditEntry
		var at int64
		var uid, rid, eid *int64
		if err := rows.Scan(&e.ID, &at, &uid, &e.Username, &e.Name, &e.Action, &e.Entity, &rid, &eid, &e.Old, &e.New); err != nil {
			return nil, 0, err
		}
		e.At = fromMillis(at)
		if e.Name == "" {
			e.Name = e.Username
		}
		if uid != nil {
			e.UserID = *uid
		}
		if rid != nil {
			e.EntityID = *rid
		}
		if eid != nil {
			e.EvaluationID = *eid
		}
		out = append(out, &e)
	}
	return out, total, rows.Err()
}

// likePattern is a LIKE pattern, in lower case, for values that contain s
// (its own % _ and \ taken literally).
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}
