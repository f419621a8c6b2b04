package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"jixiao"
)

// Declarations (绩效目标申报, migration 12): a row per organisation, year,
// kind and project with the declaration's header as JSON and the indexed
// state and number of its latest version; each version whole as JSON in
// declaration_versions; who reviewed which version when in
// declaration_reviews. Approved versions are locked: SaveDeclaration
// refuses to change one.

// declHeader is the declaration without its versions.
func declHeader(d *jixiao.Declaration) (string, error) {
	h := *d
	h.Versions = nil
	h.Format = jixiao.DeclarationFormat
	b, err := json.Marshal(&h)
	return string(b), err
}

// CreateDeclaration stores d, a new declaration of organisation orgID
// with at least one version, and returns its record. A second declaration
// of the same organisation, year, kind and project is ECONFLICT.
func (s *DB) CreateDeclaration(ctx context.Context, actor *jixiao.User, orgID int64, d *jixiao.Declaration) (*jixiao.DeclarationRecord, error) {
	latest := d.Latest()
	if latest == nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "申报至少应有一个版本")
	}
	header, err := declHeader(d)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.millis()
		id, err = insert(ctx, tx, "declarations", []string{"org_id", "year", "kind", "project", "state", "latest", "header", "version", "created_at", "updated_at"},
			[]any{orgID, d.Year, string(d.Kind), d.Project, string(latest.State), latest.Number, header, 1, now, now})
		if isUnique(err) {
			return jixiao.Errorf(jixiao.ECONFLICT, "%d年度“%s”的%s绩效目标申报已存在", d.Year, d.Name(), d.Kind)
		}
		if err != nil {
			return err
		}
		for i := range d.Versions {
			if err := writeDeclVersion(ctx, tx, id, &d.Versions[i]); err != nil {
				return err
			}
		}
		if err := s.recordReviews(ctx, tx, actor, id, d, nil); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "create", "declaration", id, 0, "", toJSON(d))
	})
	if err != nil {
		return nil, err
	}
	return s.Declaration(ctx, id)
}

func writeDeclVersion(ctx context.Context, tx *sql.Tx, id int64, v *jixiao.DeclVersion) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	total := v.FundsTotal()
	return insertNoID(ctx, tx, "declaration_versions", []string{"declaration_id", "number", "kind", "state", "funds_total", "data"},
		[]any{id, v.Number, string(v.Kind), string(v.State), *toMicro(&total), string(data)})
}

// recordReviews records the reviews of d's versions that are not in old
// (the reviews already recorded), as made by actor now.
func (s *DB) recordReviews(ctx context.Context, tx *sql.Tx, actor *jixiao.User, id int64, d *jixiao.Declaration, old []jixiao.ReviewRecord) error {
	have := map[[2]int]bool{}
	for _, r := range old {
		have[[2]int{r.Number, r.Seq}] = true
	}
	name := "系统"
	if actor != nil {
		name = actor.Username
	}
	for _, v := range d.Versions {
		for i, r := range v.Reviews {
			if have[[2]int{v.Number, i}] {
				continue
			}
			if _, err := insert(ctx, tx, "declaration_reviews", []string{"declaration_id", "number", "seq", "outcome", "rubric", "score", "grade", "user_id", "username", "at"},
				[]any{id, v.Number, i, r.Outcome, r.Rubric, decText(r.Score), r.Grade, userID(actor), name, s.millis()}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Declaration returns declaration id with all its versions and review
// records.
func (s *DB) Declaration(ctx context.Context, id int64) (*jixiao.DeclarationRecord, error) {
	return s.declaration(ctx, s.read(ctx), id)
}

func (s *DB) declaration(ctx context.Context, q querier, id int64) (*jixiao.DeclarationRecord, error) {
	rec := &jixiao.DeclarationRecord{ID: id}
	var header string
	err := q.QueryRowContext(ctx, "SELECT org_id, header, version FROM declarations WHERE id = $1", id).Scan(&rec.OrgID, &header, &rec.Version)
	if err != nil {
		return nil, notFound(err, "绩效目标申报（编号%d）不存在", id)
	}
	if err := json.Unmarshal([]byte(header), &rec.Declaration); err != nil {
		return nil, fmt.Errorf("declaration %d: %w", id, err)
	}
	err = eachRow(ctx, q, "SELECT data FROM declaration_versions WHERE declaration_id = $1 ORDER BY number", []any{id}, func(sc scanner) error {
		var data string
		if err := sc.Scan(&data); err != nil {
			return err
		}
		var v jixiao.DeclVersion
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return fmt.Errorf("declaration %d: %w", id, err)
		}
		rec.Declaration.Versions = append(rec.Declaration.Versions, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, "SELECT number, seq, outcome, rubric, score, grade, user_id, username, at FROM declaration_reviews WHERE declaration_id = $1 ORDER BY number, seq",
		[]any{id}, func(sc scanner) error {
			var r jixiao.ReviewRecord
			var score *string
			var uid *int64
			var at int64
			if err := sc.Scan(&r.Number, &r.Seq, &r.Outcome, &r.Rubric, &score, &r.Grade, &uid, &r.Username, &at); err != nil {
				return err
			}
			var err error
			if r.Score, err = parseDec(score); err != nil {
				return err
			}
			if uid != nil {
				r.UserID = *uid
			}
			r.At = fromMillis(at)
			rec.Reviews = append(rec.Reviews, r)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// FindDeclaration returns the declaration of organisation orgID for year,
// kind and project (ENOTFOUND when there is none): the one 沿用上年 carries
// forward.
func (s *DB) FindDeclaration(ctx context.Context, orgID int64, year int, kind jixiao.DeclKind, project string) (*jixiao.DeclarationRecord, error) {
	var id int64
	err := s.read(ctx).QueryRowContext(ctx, "SELECT id FROM declarations WHERE org_id = $1 AND year = $2 AND kind = $3 AND project = $4",
		orgID, year, string(kind), project).Scan(&id)
	if err != nil {
		if project == "" {
			return nil, notFound(err, "没有%d年度的%s绩效目标申报", year, kind)
		}
		return nil, notFound(err, "没有%d年度“%s”的%s绩效目标申报", year, project, kind)
	}
	return s.Declaration(ctx, id)
}

// SaveDeclaration stores rec's declaration, changed by actor (action
// names the change in the audit log: "update", "submit", "return",
// "approve", "revise"), if rec.Version is still the stored one; it sets
// rec.Version to the new one. Versions stored approved cannot change, nor
// be removed; the reviews added since the last save are recorded as
// actor's.
func (s *DB) SaveDeclaration(ctx context.Context, actor *jixiao.User, action string, rec *jixiao.DeclarationRecord) error {
	d := &rec.Declaration
	latest := d.Latest()
	if latest == nil {
		return jixiao.Errorf(jixiao.EINVALID, "申报至少应有一个版本")
	}
	header, err := declHeader(d)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.declaration(ctx, tx, rec.ID)
		if err != nil {
			return err
		}
		if old.Version != rec.Version {
			return conflict("该绩效目标申报")
		}
		oldHeader, err := declHeader(&old.Declaration)
		if err != nil {
			return err
		}
		if oldHeader != header && approvedAny(&old.Declaration) {
			return jixiao.Errorf(jixiao.ECONFLICT, "该绩效目标申报已有批复的版本，申报类型、年度、单位和项目不能再修改")
		}
		for _, ov := range old.Declaration.Versions {
			if ov.State != jixiao.DeclApproved {
				continue
			}
			nv, ok := d.Version(ov.Number)
			if !ok || !sameVersion(&ov, nv) {
				return jixiao.Errorf(jixiao.ECONFLICT, "第%d版已批复，不能修改或删除", ov.Number)
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM declaration_versions WHERE declaration_id = $1 AND state <> $2", rec.ID, string(jixiao.DeclApproved)); err != nil {
			return fmt.Errorf("save declaration: %w", err)
		}
		for i := range d.Versions {
			v := &d.Versions[i]
			if ov, ok := old.Declaration.Version(v.Number); ok && ov.State == jixiao.DeclApproved {
				continue
			}
			if err := writeDeclVersion(ctx, tx, rec.ID, v); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE declarations SET year = $1, kind = $2, project = $3, state = $4, latest = $5, header = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9",
			d.Year, string(d.Kind), d.Project, string(latest.State), latest.Number, header, s.millis(), rec.ID, rec.Version)
		if isUnique(err) {
			return jixiao.Errorf(jixiao.ECONFLICT, "%d年度“%s”的%s绩效目标申报已存在", d.Year, d.Name(), d.Kind)
		}
		if err != nil {
			return fmt.Errorf("save declaration: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("该绩效目标申报")
		}
		if err := s.recordReviews(ctx, tx, actor, rec.ID, d, old.Reviews); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, action, "declaration", rec.ID, 0, toJSON(&old.Declaration), toJSON(d)); err != nil {
			return err
		}
		rec.Version = old.Version + 1
		return nil
	})
}

func approvedAny(d *jixiao.Declaration) bool {
	_, ok := d.LatestApproved()
	return ok
}

// sameVersion reports whether a and b are the same version, field for
// field (their JSON is).
func sameVersion(a, b *jixiao.DeclVersion) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

const declInfoSelect = `SELECT d.id, d.org_id, o.name, d.year, d.kind, d.project, d.state, d.latest, d.version, d.updated_at
	FROM declarations d JOIN orgs o ON o.id = d.org_id`

// ListDeclarations returns one page of the declarations f selects, newest
// year first, and how many there are in all.
func (s *DB) ListDeclarations(ctx context.Context, f jixiao.DeclarationFilter) ([]*jixiao.DeclarationInfo, int, error) {
	var w conditions
	if f.OrgIDs != nil && len(f.OrgIDs) == 0 {
		return nil, 0, nil
	}
	w.in("d.org_id", f.OrgIDs)
	w.equal("d.year", f.Year, f.Year != 0)
	w.equal("d.kind", string(f.Kind), f.Kind != "")
	w.equal("d.state", string(f.State), f.State != "")
	cond, args := w.where(), w.args
	var total int
	if err := s.read(ctx).QueryRowContext(ctx, "SELECT count(*) FROM declarations d"+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var out []*jixiao.DeclarationInfo
	err := eachRow(ctx, s.read(ctx), declInfoSelect+cond+fmt.Sprintf(" ORDER BY d.year DESC, o.code, d.kind, d.project LIMIT %d OFFSET %d", limit, max(f.Offset, 0)), args,
		func(sc scanner) error {
			var i jixiao.DeclarationInfo
			var kind, state string
			var updated int64
			if err := sc.Scan(&i.ID, &i.OrgID, &i.OrgName, &i.Year, &kind, &i.Project, &state, &i.Latest, &i.Version, &updated); err != nil {
				return err
			}
			i.Kind, i.State, i.Updated = jixiao.DeclKind(kind), jixiao.DeclState(state), fromMillis(updated)
			out = append(out, &i)
			return nil
		})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, err
	}
	return out, total, nil
}
