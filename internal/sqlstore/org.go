package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"jixiao"
)

// CreateOrg stores a new organisation.
func (s *DB) CreateOrg(ctx context.Context, actor *jixiao.User, o *jixiao.OrgRecord) (*jixiao.OrgRecord, error) {
	if err := validateOrg(o); err != nil {
		return nil, err
	}
	if err := s.tx(ctx, func(tx *sql.Tx) error { return s.createOrg(ctx, tx, actor, o) }); err != nil {
		return nil, err
	}
	return o, nil
}

func validateOrg(o *jixiao.OrgRecord) error {
	if strings.TrimSpace(o.Code) == "" || strings.TrimSpace(o.Name) == "" {
		return jixiao.Errorf(jixiao.EINVALID, "单位编码和名称不能为空")
	}
	switch o.Kind {
	case jixiao.OrgBureau, jixiao.OrgDepartment, jixiao.OrgEvaluator:
	default:
		return jixiao.Errorf(jixiao.EINVALID, "单位类型应为 bureau、department 或 evaluator，实际为“%s”", o.Kind)
	}
	return nil
}

// createOrg inserts o within tx and sets its ID and version.
func (s *DB) createOrg(ctx context.Context, tx *sql.Tx, actor *jixiao.User, o *jixiao.OrgRecord) error {
	var parent *int64
	if o.ParentID != 0 {
		parent = &o.ParentID
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM orgs WHERE id = $1", o.ParentID).Scan(&n); err != nil || n == 0 {
			return jixiao.Errorf(jixiao.EINVALID, "上级单位（编号%d）不存在", o.ParentID)
		}
	}
	now := s.millis()
	id, err := insert(ctx, tx, "orgs", []string{"code", "name", "kind", "parent_id", "created_at", "updated_at"},
		[]any{o.Code, o.Name, string(o.Kind), parent, now, now})
	if err != nil {
		if isUnique(err) {
			return jixiao.Errorf(jixiao.ECONFLICT, "单位编码“%s”已存在", o.Code)
		}
		return err
	}
	o.ID, o.Version = id, 1
	return s.audit(ctx, tx, actor, "create", "org", id, 0, "", toJSON(o))
}

const orgSelect = "SELECT id, code, name, kind, parent_id, version FROM orgs"

func scanOrg(sc scanner) (*jixiao.OrgRecord, error) {
	var o jixiao.OrgRecord
	var kind string
	var parent *int64
	if err := sc.Scan(&o.ID, &o.Code, &o.Name, &kind, &parent, &o.Version); err != nil {
		return nil, err
	}
	o.Kind = jixiao.OrgKind(kind)
	if parent != nil {
		o.ParentID = *parent
	}
	return &o, nil
}

// Org returns organisation id.
func (s *DB) Org(ctx context.Context, id int64) (*jixiao.OrgRecord, error) {
	o, err := scanOrg(s.read(ctx).QueryRowContext(ctx, orgSelect+" WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "单位（编号%d）不存在", id)
	}
	return o, nil
}

// OrgByRef returns the organisation whose code or name is ref.
func (s *DB) OrgByRef(ctx context.Context, ref string) (*jixiao.OrgRecord, error) {
	o, err := scanOrg(s.read(ctx).QueryRowContext(ctx, orgSelect+" WHERE code = $1 OR name = $1 ORDER BY code = $1 DESC LIMIT 1", ref))
	if err != nil {
		return nil, notFound(err, "单位“%s”不存在（按单位编码或名称查找）", ref)
	}
	return o, nil
}

// Orgs returns every organisation, ordered by code.
func (s *DB) Orgs(ctx context.Context) ([]*jixiao.OrgRecord, error) {
	rows, err := s.read(ctx).QueryContext(ctx, orgSelect+" ORDER BY code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.OrgRecord
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
