package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// A whole case is read in one round trip: the loaders' queries (those that
// select one evaluation's rows by "evaluation_id = $1") are each folded into
// a JSON aggregate — one column per query, each an array of rows, each row
// an array of the query's columns — of a single SELECT, and the loaders then
// read their rows from those arrays through the same code (rowsOf) that runs
// them one by one elsewhere. The SQL is the same on both engines but for the
// names of the two JSON functions.

// rowsIter is what the loaders read rows through: *sql.Rows or jsonRows.
type rowsIter interface {
	Next() bool
	Scan(dest ...any) error
	Close() error
	Err() error
}

// prefetched is a querier whose answers to some queries (by their text,
// with args (id)) were read beforehand; any other query goes to q.
type prefetched struct {
	querier
	id    int64
	parts map[string][]byte
}

// rowsOf runs query on q, or reads its rows from what q prefetched.
func rowsOf(ctx context.Context, q querier, query string, args ...any) (rowsIter, error) {
	if p, ok := q.(*prefetched); ok {
		if data, ok := p.parts[query]; ok && len(args) == 1 && args[0] == any(p.id) {
			return newJSONRows(data)
		}
		q = p.querier
	}
	return q.QueryContext(ctx, query, args...)
}

// caseQueries are the queries loadCase's loaders run for evaluation $1,
// in the order of the columns of the combined query.
func caseQueries() []string {
	const ev = "evaluation_id = $1"
	return append([]string{
		textsQuery, budgetStagesQuery, incomeLinesQuery, budgetRatesQuery, budgetScoresQuery,
		indicatorsQuery(ev), evidenceQuery(ev), deductionsQuery,
		projectsQuery(ev), fundLinesQuery(ev), goalsQuery(ev),
	}, append(statedQueries(), projectStatedQueries(ev)...)...)
}

var combined struct {
	once    sync.Once
	queries []string
	text    map[string]string // by dialect
}

// combinedQuery returns the one query reading evaluation $1's row and
// every list of the case, and the loader queries its columns after the
// row's stand for.
func combinedQuery(dialect, head string) (string, []string) {
	combined.once.Do(func() {
		combined.queries = caseQueries()
		combined.text = map[string]string{}
		for _, d := range []string{SQLite, Postgres} {
			agg, arr := "json_group_array", "json_array"
			if d == Postgres {
				agg, arr = "json_agg", "json_build_array"
			}
			parts := make([]string, len(combined.queries))
			for i, q := range combined.queries {
				parts[i] = jsonAggregate(q, agg, arr)
			}
			combined.text[d] = strings.Join(parts, ",\n")
		}
	})
	return strings.Replace(head, "{parts}", combined.text[dialect], 1), combined.queries
}

// jsonAggregate rewrites "SELECT cols FROM rest ORDER BY order" as a
// scalar subquery returning its rows as a JSON array of arrays, in order.
func jsonAggregate(query, agg, arr string) string {
	cols, rest, ok := strings.Cut(strings.TrimPrefix(query, "SELECT "), " FROM ")
	if !ok || !strings.HasPrefix(query, "SELECT ") {
		panic("sqlstore: cannot combine query " + query)
	}
	order := ""
	if i := strings.LastIndex(rest, " ORDER BY "); i >= 0 {
		rest, order = rest[:i], rest[i:]
	}
	return fmt.Sprintf("(SELECT coalesce(%s(%s(%s)%s), '[]') FROM %s)", agg, arr, cols, order, rest)
}

// jsonRows iterates over a JSON array of rows, each an array of columns.
type jsonRows struct {
	rows [][]json.RawMessage
	i    int
}

func newJSONRows(data []byte) (*jsonRows, error) {
	r := &jsonRows{i: -1}
	if rows, ok := splitRows(data); ok {
		r.rows = rows
		return r, nil
	}
	if err := json.Unmarshal(data, &r.rows); err != nil {
		return nil, fmt.Errorf("combined query: %w", err)
	}
	return r, nil
}

// splitRows splits an array of arrays of scalars, as the database writes
// it, into its values without copying them (json.Unmarshal copies each);
// ok is false for anything else, which json.Unmarshal then reads.
func splitRows(data []byte) (rows [][]json.RawMessage, ok bool) {
	i := 0
	ws := func() {
		for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r') {
			i++
		}
	}
	ws()
	if i >= len(data) || data[i] != '[' {
		return nil, false
	}
	i++
	// At most one value more than there are commas: one allocation.
	vals := make([]json.RawMessage, 0, bytes.Count(data, []byte{','})+1)
	for {
		ws()
		if i < len(data) && data[i] == ']' && len(rows) == 0 {
			i++
			break
		}
		if i >= len(data) || data[i] != '[' {
			return nil, false
		}
		i++
		start := len(vals)
		for {
			ws()
			if i < len(data) && data[i] == ']' && len(vals) == start {
				i++
				break
			}
			j := i
			switch {
			case j >= len(data):
				return nil, false
			case data[j] == '"':
				j++
				for j < len(data) && data[j] != '"' {
					if data[j] == '\\' {
						j++
					}
					j++
				}
				if j >= len(data) {
					return nil, false
				}
				j++
			case data[j] == '[' || data[j] == '{':
				return nil, false
			default:
				for j < len(data) && data[j] != ',' && data[j] != ']' && data[j] != ' ' {
					j++
				}
			}
			vals = append(vals, json.RawMessage(data[i:j:j]))
			i = j
			ws()
			if i >= len(data) {
				return nil, false
			}
			if data[i] == ',' {
				i++
				continue
			}
			if data[i] != ']' {
				return nil, false
			}
			i++
			break
		}
		rows = append(rows, vals[start:len(vals):len(vals)])
		ws()
		if i >= len(data) {
			return nil, false
		}
		if data[i] == ',' {
			i++
			continue
		}
		if data[i] != ']' {
			return nil, false
		}
		i++
		break
	}
	ws()
	return rows, i == len(data)
}

func (r *jsonRows) Next() bool   { r.i++; return r.i < len(r.rows) }
func (r *jsonRows) Close() error { return nil }
func (r *jsonRows) Err() error   { return nil }

// Scan converts the current row's JSON values as database/sql would the
// columns': text to strings, integers (and SQLite's 0/1 booleans) to
// integers and booleans, null to nil pointers.
func (r *jsonRows) Scan(dest ...any) error {
	row := r.rows[r.i]
	if len(row) != len(dest) {
		return fmt.Errorf("combined query: %d columns, %d destinations", len(row), len(dest))
	}
	for i, d := range dest {
		if err := scanJSON(row[i], d); err != nil {
			return fmt.Errorf("combined query, column %d: %w", i, err)
		}
	}
	return nil
}

func scanJSON(raw json.RawMessage, dest any) error {
	null := string(raw) == "null"
	switch d := dest.(type) {
	case *string:
		if null {
			return fmt.Errorf("null into string")
		}
		s, err := jsonString(raw)
		*d = s
		return err
	case **string:
		if null {
			*d = nil
			return nil
		}
		s, err := jsonString(raw)
		*d = &s
		return err
	case *int64:
		if null {
			return fmt.Errorf("null into integer")
		}
		v, err := jsonInt(raw)
		*d = v
		return err
	case **int64:
		if null {
			*d = nil
			return nil
		}
		v, err := jsonInt(raw)
		*d = &v
		return err
	case *bool:
		switch string(raw) {
		case "true", "1":
			*d = true
		case "false", "0":
			*d = false
		default:
			return fmt.Errorf("%s into boolean", raw)
		}
		return nil
	}
	// Named strings and integers (statuses, sequence numbers).
	v := reflect.ValueOf(dest)
	if v.Kind() != reflect.Pointer || null {
		return fmt.Errorf("cannot scan %s into %T", raw, dest)
	}
	e := v.Elem()
	switch e.Kind() {
	case reflect.String:
		s, err := jsonString(raw)
		e.SetString(s)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := jsonInt(raw)
		e.SetInt(n)
		return err
	}
	return fmt.Errorf("cannot scan %s into %T", raw, dest)
}

// jsonString reads a JSON string; a number (a SQLite value of numeric
// affinity in a text column) is its text, as database/sql gives it.
func jsonString(raw json.RawMessage) (string, error) {
	if len(raw) >= 2 && raw[0] == '"' {
		if bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1 : len(raw)-1]), nil
		}
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	return string(raw), nil
}

func jsonInt(raw json.RawMessage) (int64, error) {
	switch string(raw) {
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	}
	return strconv.ParseInt(string(raw), 10, 64)
}
