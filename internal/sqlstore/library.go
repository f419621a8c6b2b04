package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"jixiao"
)

// The indicator library (指标库, migration 14): one row per indicator
// under its code, and a new library version for every change, with the
// indicators it changed as they became (library_history), so that any
// version can be read back (LibraryAt).

const libCols = "code, name, level1, level2, op, unit, definition, data_source, standard, core, field, status, merged_into, source, source_url"

func scanLibIndicator(sc scanner) (*jixiao.LibraryIndicator, error) {
	var in jixiao.LibraryIndicator
	var op, status string
	if err := sc.Scan(&in.ID, &in.Name, &in.Level1, &in.Level2, &op, &in.Unit, &in.Definition, &in.DataSource, &in.Standard, &in.Core,
		&in.Field, &status, &in.MergedInto, &in.Source, &in.SourceURL); err != nil {
		return nil, err
	}
	in.Op, in.Status = jixiao.Operator(op), jixiao.LibraryStatus(status)
	return &in, nil
}

func libValues(in *jixiao.LibraryIndicator) []any {
	return []any{in.ID, in.Name, in.Level1, in.Level2, string(in.Op), in.Unit, in.Definition, in.DataSource, in.Standard, in.Core,
		in.Field, string(in.Status), in.MergedInto, in.Source, in.SourceURL}
}

// libraryHead is the current library version and its year (0, 0 when
// nothing is stored).
func libraryHead(ctx context.Context, q querier) (version, year int, err error) {
	err = q.QueryRowContext(ctx, "SELECT version, year FROM library_versions ORDER BY version DESC LIMIT 1").Scan(&version, &year)
	if err == sql.ErrNoRows {
		return 0, 0, nil
	}
	return version, year, err
}

func loadLibrary(ctx context.Context, q querier) (*jixiao.Library, error) {
	v, y, err := libraryHead(ctx, q)
	if err != nil {
		return nil, err
	}
	l := &jixiao.Library{Version: v, Year: y}
	err = eachRow(ctx, q, "SELECT "+libCols+" FROM library_indicators ORDER BY seq", nil, func(sc scanner) error {
		in, err := scanLibIndicator(sc)
		if err != nil {
			return err
		}
		l.Indicators = append(l.Indicators, *in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	return l, nil
}

// Library returns the current version of the library (version 0 and no
// indicators when none is stored).
func (s *DB) Library(ctx context.Context) (*jixiao.Library, error) {
	return loadLibrary(ctx, s.read(ctx))
}

// SeedLibrary stores lib as the library's first version when no library
// is stored yet, and reports whether it did.
func (s *DB) SeedLibrary(ctx context.Context, actor *jixiao.User, lib *jixiao.Library) (bool, error) {
	version := max(lib.Version, 1)
	seeded := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		v, _, err := libraryHead(ctx, tx)
		if err != nil || v != 0 {
			return err
		}
		seeded = true
		if err := s.libVersion(ctx, tx, actor, version, lib.Year, jixiao.LibActionSeed, "", "", ""); err != nil {
			return err
		}
		for i := range lib.Indicators {
			if err := writeLibIndicator(ctx, tx, &lib.Indicators[i], int64(i+1), version, false); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, jixiao.LibActionSeed, "library", int64(version), 0, "", toJSON(map[string]any{"版本": version, "指标数": len(lib.Indicators)}))
	})
	if isUnique(err) {
		return false, nil // another server stored it first
	}
	return seeded && err == nil, err
}

func (s *DB) libVersion(ctx context.Context, tx *sql.Tx, actor *jixiao.User, version, year int, action, code, into, reason string) error {
	name := "系统"
	if actor != nil {
		name = actor.Username
	}
	return insertNoID(ctx, tx, "library_versions", []string{"version", "year", "action", "code", "into_code", "reason", "user_id", "username", "at"},
		[]any{version, year, action, code, into, reason, userID(actor), name, s.millis()})
}

// writeLibIndicator inserts (or, when exists, updates) an indicator's row
// and records it in version's history.
func writeLibIndicator(ctx context.Context, tx *sql.Tx, in *jixiao.LibraryIndicator, seq int64, version int, exists bool) error {
	vals := libValues(in)
	if exists {
		cols := strings.Split(libCols, ", ")[1:]
		if _, err := tx.ExecContext(ctx, "UPDATE library_indicators SET "+setClause(append(cols, "version"))+fmt.Sprintf(" WHERE code = $%d", len(cols)+2),
			append(append(vals[1:], version), in.ID)...); err != nil {
			return fmt.Errorf("library: %w", err)
		}
	} else if err := insertNoID(ctx, tx, "library_indicators", append(strings.Split(libCols, ", "), "seq", "version"), append(vals, seq, version)); err != nil {
		return err
	}
	return insertNoID(ctx, tx, "library_history", []string{"version", "code", "data"}, []any{version, in.ID, toJSON(in)})
}

// ChangeLibrary applies change to the current library as actor, in one
// transaction: change returns the code of the indicator it acted on
// (action and into, the code merged into, name the change; reason is why,
// for an edit). When change
// altered any indicator, the altered ones are stored as a new library
// version (of the current year), recorded in the audit log; otherwise
// nothing is written. It returns the indicator acted on as it is after
// the change. A change made concurrently by another server is ECONFLICT.
func (s *DB) ChangeLibrary(ctx context.Context, actor *jixiao.User, action, into, reason string, change func(l *jixiao.Library) (string, error)) (*jixiao.LibraryIndicator, error) {
	var out *jixiao.LibraryIndicator
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := loadLibrary(ctx, tx)
		if err != nil {
			return err
		}
		if old.Version == 0 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "服务器上还没有指标库")
		}
		l := old.NextVersion(s.Now().Year())
		code, err := change(l)
		if err != nil {
			return err
		}
		before := map[string]int{}
		for i, in := range old.Indicators {
			before[in.ID] = i
		}
		var changed []int
		for i, in := range l.Indicators {
			if j, ok := before[in.ID]; !ok || old.Indicators[j] != in {
				changed = append(changed, i)
			}
		}
		for i := range l.Indicators {
			if l.Indicators[i].ID == code {
				c := l.Indicators[i]
				out = &c
			}
		}
		if len(changed) == 0 {
			return nil
		}
		if err := s.libVersion(ctx, tx, actor, l.Version, l.Year, action, code, into, reason); err != nil {
			if isUnique(err) {
				return jixiao.Errorf(jixiao.ECONFLICT, "指标库刚被他人修改，请刷新后重试")
			}
			return err
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM library_indicators").Scan(&seq); err != nil {
			return fmt.Errorf("library: %w", err)
		}
		var olds, news []jixiao.LibraryIndicator
		for _, i := range changed {
			in := &l.Indicators[i]
			j, exists := before[in.ID]
			if exists {
				olds = append(olds, old.Indicators[j])
			} else {
				seq++
			}
			news = append(news, *in)
			if err := writeLibIndicator(ctx, tx, in, seq, l.Version, exists); err != nil {
				return err
			}
		}
		var oldJSON string
		if olds != nil {
			oldJSON = toJSON(olds)
		}
		newJSON := toJSON(news)
		if reason != "" {
			newJSON = toJSON(map[string]any{"修改理由": reason, "指标": news})
		}
		return s.audit(ctx, tx, actor, action, "library", int64(l.Version), 0, oldJSON, newJSON)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SearchLibrary returns one page of the current library's indicators
// that f selects, in the library's order, and how many there are.
func (s *DB) SearchLibrary(ctx context.Context, f jixiao.LibraryFilter) (*jixiao.LibraryPage, error) {
	q := s.read(ctx)
	var err error
	p := &jixiao.LibraryPage{Items: []*jixiao.LibraryIndicator{}}
	if p.Version, p.Year, err = libraryHead(ctx, q); err != nil {
		return nil, err
	}
	var w conditions
	if t := strings.TrimSpace(f.Query); t != "" {
		n := w.arg(likePattern(t))
		w.terms = append(w.terms, fmt.Sprintf(`(lower(code) LIKE %s ESCAPE '\' OR lower(name) LIKE %s ESCAPE '\')`, n, n))
	}
	w.equal("level1", f.Level1, f.Level1 != "")
	w.equal("level2", f.Level2, f.Level2 != "")
	w.equal("field", f.Field, f.Field != "")
	w.equal("status", string(f.Status), f.Status != "")
	if f.Status == "" && !f.All {
		w.terms = append(w.terms, "status <> "+w.arg(string(jixiao.LibRetired)))
	}
	cond := w.where()
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM library_indicators"+cond, w.args...).Scan(&p.Total); err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	err = eachRow(ctx, q, "SELECT "+libCols+" FROM library_indicators"+cond+fmt.Sprintf(" ORDER BY seq LIMIT %d OFFSET %d", limit, max(f.Offset, 0)), w.args,
		func(sc scanner) error {
			in, err := scanLibIndicator(sc)
			if err == nil {
				p.Items = append(p.Items, in)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	err = eachRow(ctx, q, "SELECT level1 FROM library_indicators GROUP BY level1 ORDER BY MIN(seq)", nil, func(sc scanner) error {
		var l string
		if err := sc.Scan(&l); err != nil {
			return err
		}
		p.Levels = append(p.Levels, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	err = eachRow(ctx, q, "SELECT field FROM library_indicators GROUP BY field ORDER BY MIN(seq)", nil, func(sc scanner) error {
		var l string
		if err := sc.Scan(&l); err != nil {
			return err
		}
		p.Fields = append(p.Fields, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	return p, nil
}

// LibraryHistory returns one page of the library's versions, newest
// first, and how many there are.
func (s *DB) LibraryHistory(ctx context.Context, offset, limit int) ([]*jixiao.LibraryVersion, int, error) {
	q := s.read(ctx)
	var total int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM library_versions").Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("library: %w", err)
	}
	if limit <= 0 {
		limit = 50
	}
	var out []*jixiao.LibraryVersion
	err := eachRow(ctx, q, fmt.Sprintf("SELECT version, year, action, code, into_code, reason, username, at FROM library_versions ORDER BY version DESC LIMIT %d OFFSET %d", limit, max(offset, 0)), nil,
		func(sc scanner) error {
			var v jixiao.LibraryVersion
			var at int64
			if err := sc.Scan(&v.Version, &v.Year, &v.Action, &v.Code, &v.Into, &v.Reason, &v.Username, &at); err != nil {
				return err
			}
			v.At = fromMillis(at)
			out = append(out, &v)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("library: %w", err)
	}
	return out, total, nil
}

// LibraryAt returns version n of the library as it was: each indicator as
// its latest change up to n left it (ENOTFOUND for a version not stored).
func (s *DB) LibraryAt(ctx context.Context, n int) (*jixiao.Library, error) {
	q := s.read(ctx)
	l := &jixiao.Library{Version: n}
	if err := q.QueryRowContext(ctx, "SELECT year FROM library_versions WHERE version = $1", n).Scan(&l.Year); err != nil {
		return nil, notFound(err, "指标库没有第%d版", n)
	}
	err := eachRow(ctx, q, `SELECT h.data FROM library_history h JOIN library_indicators i ON i.code = h.code
		WHERE h.version = (SELECT MAX(version) FROM library_history WHERE code = h.code AND version <= $1) ORDER BY i.seq`, []any{n},
		func(sc scanner) error {
			var data string
			if err := sc.Scan(&data); err != nil {
				return err
			}
			var in jixiao.LibraryIndicator
			if err := json.Unmarshal([]byte(data), &in); err != nil {
				return err
			}
			l.Indicators = append(l.Indicators, in)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("library version %d: %w", n, err)
	}
	return l, nil
}
