package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

func noDown(context.Context, *sql.DB) error { return nil }

// auditOrg is the organisation an audit entry belongs to, computed for the
// entries written before the column existed: the evaluation's
// organisation, the organisation itself, or the user's.
const auditOrg = `CASE
  WHEN entity = 'org' THEN entity_id
  WHEN evaluation_id IS NOT NULL THEN (SELECT org_id FROM evaluations e WHERE e.id = audit_log.evaluation_id)
  WHEN entity = 'user' THEN (SELECT org_id FROM users u WHERE u.id = audit_log.entity_id)
END`

// auditEntities maps the entity names of the audit log to their tables, to
// find the highest id ever given (a deleted record's included).
var auditEntities = map[string]string{
	"org": "orgs", "user": "users", "api_token": "api_tokens", "evaluation": "evaluations", "project": "projects",
	"goal": "goals", "indicator": "indicators", "file": "files", "evidence": "evidence",
}

// sqliteNeverReuseIDs is SQLite migration 2. A plain INTEGER PRIMARY KEY
// gives a new row the highest id plus one, so that after the newest record
// is deleted the next one takes its id (and, with it, the deleted record's
// audit history and cached summaries). Every table is rebuilt with
// AUTOINCREMENT, whose counter never goes back, and the counters start
// above every id the audit log has seen, deleted records included. The
// audit log gains its organisation (org_id), so that history is shown only
// within the organisation of its record.
//
// Rebuilding a table that others reference needs foreign keys off, which
// SQLite honours only outside a transaction, on one connection: the
// migration holds one connection, turns them off, rebuilds everything in one
// transaction, checks every reference, and turns them on again.
func sqliteNeverReuseIDs(ctx context.Context, db *sql.DB) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		if _, e := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); e != nil && err == nil {
			err = e
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tables, err := rebuildable(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := rebuild(ctx, tx, t.name, t.sql); err != nil {
			return fmt.Errorf("rebuild %s: %w", t.name, err)
		}
	}
	for entity, table := range auditEntities {
		if _, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(entity_id), 0) FROM audit_log WHERE entity = $1)) WHERE name = $2`, entity, table); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) SELECT $1, (SELECT coalesce(max(entity_id), 0) FROM audit_log WHERE entity = $2)
			WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $1)`, table, entity); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	broken := rows.Next()
	rows.Close()
	if broken {
		return fmt.Errorf("foreign key check failed after rebuilding tables")
	}
	return tx.Commit()
}

type tableDef struct{ name, sql string }

// rebuildable lists the tables whose id is a plain INTEGER PRIMARY KEY.
func rebuildable(ctx context.Context, tx *sql.Tx) ([]tableDef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%id INTEGER PRIMARY KEY,%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tableDef
	for rows.Next() {
		var t tableDef
		if err := rows.Scan(&t.name, &t.sql); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// rebuild copies table into a new one declared with AUTOINCREMENT (and,
// for the audit log, org_id), then puts the new one in its place with the
// old one's indexes and triggers.
func rebuild(ctx context.Context, tx *sql.Tx, table, def string) error {
	var extras []string
	rows, err := tx.QueryContext(ctx, `SELECT sql FROM sqlite_schema WHERE tbl_name = $1 AND type IN ('index', 'trigger') AND sql IS NOT NULL`, table)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		extras = append(extras, s)
	}
	rows.Close()
	cols, err := columns(ctx, tx, table)
	if err != nil {
		return err
	}
	head := "CREATE TABLE " + table + " ("
	if !strings.HasPrefix(def, head) {
		return fmt.Errorf("unexpected definition %q", def[:min(len(def), 60)])
	}
	def = "CREATE TABLE " + table + "_new (" + strings.TrimPrefix(def, head)
	def = strings.Replace(def, "id INTEGER PRIMARY KEY,", "id INTEGER PRIMARY KEY AUTOINCREMENT,", 1)
	list := strings.Join(cols, ", ")
	from := list
	if table == "audit_log" {
		def = strings.TrimSuffix(strings.TrimSpace(def), ")") + ",\n  org_id BIGINT\n)"
		list += ", org_id"
		from += ", " + auditOrg
	}
	for _, q := range []string{
		def,
		fmt.Sprintf("INSERT INTO %s_new (%s) SELECT %s FROM %s ORDER BY id", table, list, from, table),
		"DROP TABLE " + table,
		fmt.Sprintf("ALTER TABLE %s_new RENAME TO %s", table, table),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", strings.SplitN(q, "(", 2)[0], err)
		}
	}
	for _, q := range extras {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func columns(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info($1) ORDER BY cid", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
