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
	case entity == "user" && entityID != 0:
		q, arg = "SELECT org_id FROM users WHERE id = $1", entityID
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

// Audit returns a page of the audit log, newest first, and the count.
func (s *DB) Audit(ctx context.Context, f jixiao.AuditFilter) ([]*jixiao.AuditEntry, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if f.EntityID != 0 {
		add("entity_id = $%d", f.EntityID)
	}
	if f.EvaluationID != 0 {
		add("evaluation_id = $%d", f.EvaluationID)
	}
	if f.UserID != 0 {
		add("user_id = $%d", f.UserID)
	}
	if f.OrgID != 0 {
		add("org_id = $%d", f.OrgID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log"+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, at, user_id, username, action, entity, entity_id, evaluation_id, old_value, new_value FROM audit_log"+cond+
		fmt.Sprintf(" ORDER BY id DESC LIMIT %d OFFSET %d", limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*jixiao.AuditEntry
	for rows.Next() {
		var e jixiao.AuditEntry
		var at int64
		var uid, rid, eid *int64
		if err := rows.Scan(&e.ID, &at, &uid, &e.Username, &e.Action, &e.Entity, &rid, &eid, &e.Old, &e.New); err != nil {
			return nil, 0, err
		}
		e.At = fromMillis(at)
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
