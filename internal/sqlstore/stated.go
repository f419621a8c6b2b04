package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao"
)

// What a real document states besides what is scored (migration 4): the
// caps printed in its labels, its own grade bands, counts with their
// groups, projects listed and spending by purpose, year-on-year figures
// and the rows its reader skipped, and the blank name cells it met
// (migration 5). The scalars (stated execution score and
// cap, incompleteness, the budget change's reason, provenance) are columns
// of evaluations and projects; the lists are the tables below, each row
// belonging to the evaluation's own form (project_id NULL) or to one
// project's.

// statedTables are the tables of these lists, children before parents:
// deleteContent empties them with the rest of an evaluation.
var statedTables = []string{"count_parts", "stated_counts", "skipped_rows", "blank_names", "year_changes", "spend_lines", "grade_bands", "caps"}

// Kinds of spend_lines.
const (
	spendProject = "project" // Budget.Projects
	spendUse     = "use"     // Budget.Uses, ProjectBudget.Uses
)

// writeStated writes the evaluation's own lists (not its projects').
func writeStated(ctx context.Context, tx *sql.Tx, id int64, ev *jixiao.Evaluation) error {
	if err := writeCaps(ctx, tx, id, nil, ev.Caps); err != nil {
		return err
	}
	if ev.Stated != nil {
		if err := writeGrades(ctx, tx, id, nil, ev.Stated.Grades); err != nil {
			return err
		}
	}
	if b := ev.Budget; b != nil {
		if err := writeSpend(ctx, tx, id, nil, spendProject, b.Projects); err != nil {
			return err
		}
		if err := writeSpend(ctx, tx, id, nil, spendUse, b.Uses); err != nil {
			return err
		}
		for i, c := range b.Changes {
			if _, err := insert(ctx, tx, "year_changes", []string{"evaluation_id", "seq", "item", "previous_amount", "current_amount", "change_amount", "rate"},
				[]any{id, i, c.Item, toMicro(c.Previous), toMicro(c.Current), toMicro(c.Change), c.Rate.Text}); err != nil {
				return err
			}
		}
	}
	for i, c := range ev.Counts {
		cid, err := insert(ctx, tx, "stated_counts", []string{"evaluation_id", "seq", "what", "total"}, []any{id, i, c.What, c.Total})
		if err != nil {
			return err
		}
		for j, p := range c.Parts {
			if _, err := insert(ctx, tx, "count_parts", []string{"evaluation_id", "count_id", "seq", "label", "number"}, []any{id, cid, j, p.Label, p.Count}); err != nil {
				return err
			}
		}
	}
	if pv := ev.Provenance; pv != nil {
		for i, sk := range pv.Skipped {
			if _, err := insert(ctx, tx, "skipped_rows", []string{"evaluation_id", "seq", "location", "what"}, []any{id, i, sk.Where, sk.What}); err != nil {
				return err
			}
		}
		for i, bl := range pv.Blank {
			if _, err := insert(ctx, tx, "blank_names", []string{"evaluation_id", "seq", "location", "what"}, []any{id, i, bl.Where, bl.What}); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteStated removes the evaluation's own lists, before UpdateEvaluation
// writes them again; its projects' stay.
func deleteStated(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{
		"DELETE FROM count_parts WHERE evaluation_id = $1",
		"DELETE FROM stated_counts WHERE evaluation_id = $1",
		"DELETE FROM skipped_rows WHERE evaluation_id = $1",
		"DELETE FROM blank_names WHERE evaluation_id = $1",
		"DELETE FROM year_changes WHERE evaluation_id = $1",
		"DELETE FROM spend_lines WHERE evaluation_id = $1 AND project_id IS NULL",
		"DELETE FROM grade_bands WHERE evaluation_id = $1 AND project_id IS NULL",
		"DELETE FROM caps WHERE evaluation_id = $1 AND project_id IS NULL",
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("delete stated lists: %w", err)
		}
	}
	return nil
}

// writeProjectStated writes project pid's lists: caps, grade bands and
// spending by purpose.
func writeProjectStated(ctx context.Context, tx *sql.Tx, evalID, pid int64, p *jixiao.Project) error {
	if err := writeCaps(ctx, tx, evalID, &pid, p.Caps); err != nil {
		return err
	}
	if p.Stated != nil {
		if err := writeGrades(ctx, tx, evalID, &pid, p.Stated.Grades); err != nil {
			return err
		}
	}
	if p.Budget != nil {
		return writeSpend(ctx, tx, evalID, &pid, spendUse, p.Budget.Uses)
	}
	return nil
}

// deleteProjectStated removes project pid's lists, before UpdateProject
// writes them again.
func deleteProjectStated(ctx context.Context, tx *sql.Tx, pid int64) error {
	for _, table := range []string{"spend_lines", "grade_bands", "caps"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE project_id = $1", pid); err != nil {
			return fmt.Errorf("delete %s: %w", table, err)
		}
	}
	return nil
}

func writeCaps(ctx context.Context, tx *sql.Tx, evalID int64, pid *int64, caps []jixiao.Cap) error {
	for i, c := range caps {
		if _, err := insert(ctx, tx, "caps", []string{"evaluation_id", "project_id", "seq", "level1", "level2", "weight"},
			[]any{evalID, pid, i, c.Level1, c.Level2, exactText(c.Weight)}); err != nil {
			return err
		}
	}
	return nil
}

func writeGrades(ctx context.Context, tx *sql.Tx, evalID int64, pid *int64, bands []jixiao.GradeBand) error {
	for i, g := range bands {
		if _, err := insert(ctx, tx, "grade_bands", []string{"evaluation_id", "project_id", "seq", "name", "min_score"},
			[]any{evalID, pid, i, g.Name, decText(g.Min)}); err != nil {
			return err
		}
	}
	return nil
}

func writeSpend(ctx context.Context, tx *sql.Tx, evalID int64, pid *int64, kind string, lines []jixiao.SpendLine) error {
	for i, l := range lines {
		if _, err := insert(ctx, tx, "spend_lines", []string{"evaluation_id", "project_id", "kind", "seq", "name", "plan", "actual", "previous", "note"},
			[]any{evalID, pid, kind, i, l.Name, toMicro(l.Plan), toMicro(l.Actual), toMicro(l.Previous), l.Note}); err != nil {
			return err
		}
	}
	return nil
}

// statedQueries are loadStated's queries, in the order it runs them.
func statedQueries() []string {
	const own = " WHERE evaluation_id = $1 AND project_id IS NULL ORDER BY seq, id"
	return []string{
		"SELECT level1, level2, weight FROM caps" + own,
		"SELECT name, min_score FROM grade_bands" + own,
		"SELECT kind, name, plan, actual, previous, note FROM spend_lines" + own,
		"SELECT item, previous_amount, current_amount, change_amount, rate FROM year_changes WHERE evaluation_id = $1 ORDER BY seq, id",
		"SELECT id, what, total FROM stated_counts WHERE evaluation_id = $1 ORDER BY seq, id",
		"SELECT count_id, label, number FROM count_parts WHERE evaluation_id = $1 ORDER BY count_id, seq, id",
		"SELECT location, what FROM skipped_rows WHERE evaluation_id = $1 ORDER BY seq, id",
		"SELECT location, what FROM blank_names WHERE evaluation_id = $1 ORDER BY seq, id",
	}
}

// projectStatedQueries are loadProjectStated's queries for the projects
// selected by where, in the order it runs them.
func projectStatedQueries(where string) []string {
	of := " WHERE project_id IN (SELECT id FROM projects WHERE " + where + ") ORDER BY project_id, seq, id"
	return []string{
		"SELECT project_id, level1, level2, weight FROM caps" + of,
		"SELECT project_id, name, min_score FROM grade_bands" + of,
		"SELECT project_id, name, plan, actual, previous, note FROM spend_lines" + of,
	}
}

// loadStated reads the evaluation's own lists into ev, whose scalars
// (Stated, Budget, Provenance) are already read.
func loadStated(ctx context.Context, q querier, id int64, ev *jixiao.Evaluation) error {
	qs := statedQueries()
	err := eachRow(ctx, q, qs[0], []any{id}, func(sc scanner) error {
		c, err := scanCap(sc)
		ev.Caps = append(ev.Caps, c)
		return err
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, qs[1], []any{id}, func(sc scanner) error {
		g, err := scanGrade(sc)
		if ev.Stated != nil {
			ev.Stated.Grades = append(ev.Stated.Grades, g)
		}
		return err
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, qs[2], []any{id}, func(sc scanner) error {
		var kind string
		var l jixiao.SpendLine
		var plan, actual, prev *int64
		if err := sc.Scan(&kind, &l.Name, &plan, &actual, &prev, &l.Note); err != nil {
			return err
		}
		l.Plan, l.Actual, l.Previous = fromMicro(plan), fromMicro(actual), fromMicro(prev)
		if b := ev.Budget; b != nil && kind == spendProject {
			b.Projects = append(b.Projects, l)
		} else if b != nil {
			b.Uses = append(b.Uses, l)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, qs[3], []any{id},
		func(sc scanner) error {
			var c jixiao.YearOnYear
			var prev, cur, chg *int64
			var rate string
			if err := sc.Scan(&c.Item, &prev, &cur, &chg, &rate); err != nil {
				return err
			}
			c.Previous, c.Current, c.Change, c.Rate = fromMicro(prev), fromMicro(cur), fromMicro(chg), figure(rate)
			if ev.Budget != nil {
				ev.Budget.Changes = append(ev.Budget.Changes, c)
			}
			return nil
		})
	if err != nil {
		return err
	}
	counts := map[int64]int{} // stated_counts.id → index in ev.Counts
	err = eachRow(ctx, q, qs[4], []any{id}, func(sc scanner) error {
		var cid int64
		var c jixiao.StatedCount
		if err := sc.Scan(&cid, &c.What, &c.Total); err != nil {
			return err
		}
		counts[cid] = len(ev.Counts)
		ev.Counts = append(ev.Counts, c)
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, qs[5], []any{id}, func(sc scanner) error {
		var cid int64
		var p jixiao.CountPart
		if err := sc.Scan(&cid, &p.Label, &p.Count); err != nil {
			return err
		}
		if i, ok := counts[cid]; ok {
			ev.Counts[i].Parts = append(ev.Counts[i].Parts, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, qs[6], []any{id}, func(sc scanner) error {
		var s jixiao.Skipped
		if err := sc.Scan(&s.Where, &s.What); err != nil {
			return err
		}
		if ev.Provenance != nil {
			ev.Provenance.Skipped = append(ev.Provenance.Skipped, s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, qs[7], []any{id}, func(sc scanner) error {
		var s jixiao.Skipped
		if err := sc.Scan(&s.Where, &s.What); err != nil {
			return err
		}
		if ev.Provenance != nil {
			ev.Provenance.Blank = append(ev.Provenance.Blank, s)
		}
		return nil
	})
}

// loadProjectStated reads the lists of the projects recs, which were
// selected from projects by where and args: one query per table whatever
// the number of projects.
func loadProjectStated(ctx context.Context, q querier, recs []*jixiao.ProjectRecord, where string, args []any) error {
	if len(recs) == 0 {
		return nil
	}
	byID := make(map[int64]*jixiao.Project, len(recs))
	for _, r := range recs {
		byID[r.ID] = &r.Project
	}
	qs := projectStatedQueries(where)
	err := eachRow(ctx, q, qs[0], args, func(sc scanner) error {
		var pid int64
		var c jixiao.Cap
		var weight string
		if err := sc.Scan(&pid, &c.Level1, &c.Level2, &weight); err != nil {
			return err
		}
		w, err := parseDec(&weight)
		if err != nil {
			return err
		}
		c.Weight = *w
		if p := byID[pid]; p != nil {
			p.Caps = append(p.Caps, c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, qs[1], args, func(sc scanner) error {
		var pid int64
		var g jixiao.GradeBand
		var min *string
		if err := sc.Scan(&pid, &g.Name, &min); err != nil {
			return err
		}
		var err error
		if g.Min, err = parseDec(min); err != nil {
			return err
		}
		if p := byID[pid]; p != nil && p.Stated != nil {
			p.Stated.Grades = append(p.Stated.Grades, g)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, qs[2], args, func(sc scanner) error {
		var pid int64
		var l jixiao.SpendLine
		var plan, actual, prev *int64
		if err := sc.Scan(&pid, &l.Name, &plan, &actual, &prev, &l.Note); err != nil {
			return err
		}
		l.Plan, l.Actual, l.Previous = fromMicro(plan), fromMicro(actual), fromMicro(prev)
		if p := byID[pid]; p != nil && p.Budget != nil {
			p.Budget.Uses = append(p.Budget.Uses, l)
		}
		return nil
	})
}

func scanCap(sc scanner) (jixiao.Cap, error) {
	var c jixiao.Cap
	var weight string
	if err := sc.Scan(&c.Level1, &c.Level2, &weight); err != nil {
		return c, err
	}
	w, err := parseDec(&weight)
	if err != nil {
		return c, err
	}
	c.Weight = *w
	return c, nil
}

func scanGrade(sc scanner) (jixiao.GradeBand, error) {
	var g jixiao.GradeBand
	var min *string
	if err := sc.Scan(&g.Name, &min); err != nil {
		return g, err
	}
	var err error
	g.Min, err = parseDec(min)
	return g, err
}

// eachRow runs query and calls fn for each row.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(scanner) error) error {
	rows, err := rowsOf(ctx, q, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
