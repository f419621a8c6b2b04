package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"

	"jixiao"
)

// SaveRulebook stores a rulebook's source (resolved, see
// rulebook.Canonical) under name, unless the same source is stored
// already: then that one is returned. A new source under a name stored
// before becomes its next version.
func (s *DB) SaveRulebook(ctx context.Context, actor *jixiao.User, name, title, origin, source string) (*jixiao.StoredRulebook, bool, error) {
	sum := sha256.Sum256([]byte(source))
	hash := hex.EncodeToString(sum[:])
	var out *jixiao.StoredRulebook
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if r, err := scanRulebook(tx.QueryRowContext(ctx, rulebookSelect+" WHERE r.sha256 = $1", hash)); err == nil {
			out = r
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var version int
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) + 1 FROM rulebooks WHERE name = $1", name).Scan(&version); err != nil {
			return err
		}
		now := s.millis()
		id, err := insert(ctx, tx, "rulebooks", []string{"name", "title", "version", "sha256", "source", "origin", "created_by", "created_at"},
			[]any{name, title, version, hash, source, origin, userID(actor), now})
		if err != nil {
			return err
		}
		out = &jixiao.StoredRulebook{ID: id, Name: name, Title: title, Version: version, Ref: jixiao.RulebookRef(name, version), SHA256: hash,
			Origin: origin, CreatedAt: fromMillis(now)}
		if actor != nil {
			out.CreatedBy = actor.Username
		}
		created = true
		return s.audit(ctx, tx, actor, "create", "rulebook", id, 0, "", toJSON(out))
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

const rulebookSelect = `SELECT r.id, r.name, r.title, r.version, r.sha256, r.origin, coalesce(u.username, ''), r.created_at, r.source
	FROM rulebooks r LEFT JOIN users u ON u.id = r.created_by`

func scanRulebook(sc scanner) (*jixiao.StoredRulebook, error) {
	var r jixiao.StoredRulebook
	var at int64
	if err := sc.Scan(&r.ID, &r.Name, &r.Title, &r.Version, &r.SHA256, &r.Origin, &r.CreatedBy, &at, &r.Source); err != nil {
		return nil, err
	}
	r.CreatedAt, r.Ref = fromMillis(at), jixiao.RulebookRef(r.Name, r.Version)
	return &r, nil
}

// StoredRulebook returns version of the stored rulebook name; version 0
// means the latest.
func (s *DB) StoredRulebook(ctx context.Context, name string, version int) (*jixiao.StoredRulebook, error) {
	q, args := rulebookSelect+" WHERE r.name = $1 AND r.version = $2", []any{name, version}
	if version == 0 {
		q, args = rulebookSelect+" WHERE r.name = $1 ORDER BY r.version DESC LIMIT 1", []any{name}
	}
	r, err := scanRulebook(s.read(ctx).QueryRowContext(ctx, q, args...))
	if err != nil {
		return nil, notFound(err, "服务器上没有保存评分规则“%s”", name)
	}
	return r, nil
}

// StoredRulebooks lists the stored rulebooks (without their sources), by
// name and version.
func (s *DB) StoredRulebooks(ctx context.Context) ([]*jixiao.StoredRulebook, error) {
	rows, err := s.read(ctx).QueryContext(ctx, rulebookSelect+" ORDER BY r.name, r.version")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.StoredRulebook
	for rows.Next() {
		r, err := scanRulebook(rows)
		if err != nil {
			return nil, err
		}
		r.Source = ""
		out = append(out, r)
	}
	return out, rows.Err()
}

// pinRulebook ties evaluation id to the stored rulebook its case names
// (name@version), so that the rulebook it is scored by stays with it; a
// built-in rulebook needs no tie. A reference to a rulebook that is not
// stored is refused.
func pinRulebook(ctx context.Context, tx *sql.Tx, id int64, ref string) error {
	var rid *int64
	if name, version, ok := jixiao.ParseRulebookRef(ref); ok {
		var v int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM rulebooks WHERE name = $1 AND version = $2", name, version).Scan(&v); err != nil {
			return notFound(err, "服务器上没有保存评分规则“%s”", ref)
		}
		rid = &v
	}
	_, err := tx.ExecContext(ctx, "UPDATE evaluations SET rulebook_id = $1 WHERE id = $2", rid, id)
	return err
}
