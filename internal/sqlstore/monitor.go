package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao"
)

// Monitoring rounds (migration 16): a bureau's rounds, each department's
// entry with its budget and execution (millionths of 万元), each project's
// and indicator's rows, and the dispositions of warned items. Every change
// is in the audit log as entity "monitor_round" (the round's id) or
// "monitor_entry" (the entry's id).

// MaxRoundsListed bounds one listing of rounds.
const MaxRoundsListed = 500

// CreateMonitorRound stores round r with its task t (of kind 监控, one
// assignee per entry, in the entries' order) in one transaction, and sets
// their ids.
func (s *DB) CreateMonitorRound(ctx context.Context, actor *jixiao.User, r *jixiao.MonitorRoundRecord, t *jixiao.Task) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if len(t.Assignees) != len(r.Entries) {
		return fmt.Errorf("monitor round: %d assignees for %d entries", len(t.Assignees), len(r.Entries))
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.createTask(ctx, tx, actor, t); err != nil {
			return err
		}
		now := s.millis()
		r.TaskID, r.CreatedAt = t.ID, fromMillis(now)
		if actor != nil {
			r.CreatedBy = actor.Username
		}
		id, err := insert(ctx, tx, "monitor_rounds", []string{"bureau_id", "task_id", "year", "period", "cutoff", "rules", "rules_file_id", "calendar_file_id", "deadline", "created_by", "created_at"},
			[]any{r.BureauID, t.ID, r.Year, strings.TrimSpace(r.Period), r.CutOff.String(), r.Rules, nullID(r.RulesFileID), nullID(r.CalendarFileID), r.Deadline.String(), r.CreatedBy, now})
		if err != nil {
			return err
		}
		r.ID = id
		for i := range r.Entries {
			e := &r.Entries[i]
			e.RoundID, e.AssigneeID, e.State, e.Version, e.UpdatedAt, e.UpdatedBy = id, t.Assignees[i].ID, jixiao.EntryOpen, 1, r.CreatedAt, r.CreatedBy
			if e.ID, err = insert(ctx, tx, "monitor_entries", []string{"round_id", "org_id", "assignee_id", "state", "version", "updated_by", "updated_at"},
				[]any{id, e.OrgID, e.AssigneeID, e.State, 1, e.UpdatedBy, now}); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, "create", "monitor_round", id, 0, "", toJSON(r))
	})
}

// MonitorRoundFilter selects rounds: those some bureaus opened, or those
// with an entry of some organisations (only those entries are returned).
// Nil lists select everything; an empty one nothing.
type MonitorRoundFilter struct {
	BureauIDs []int64
	OrgIDs    []int64
	// Bare leaves out the entries: the rounds alone, without a query per
	// round (for callers that read a round's head only).
	Bare bool
}

const roundSelect = `SELECT r.id, r.bureau_id, o.name, r.task_id, r.year, r.period, r.cutoff, r.rules, r.rules_file_id, r.calendar_file_id, r.deadline, r.created_by, r.created_at
	FROM monitor_rounds r JOIN orgs o ON o.id = r.bureau_id`

// MonitorRounds returns the rounds f selects with their entries (without
// projects and dispositions), newest cut-off first, at most
// MaxRoundsListed.
func (s *DB) MonitorRounds(ctx context.Context, f MonitorRoundFilter) ([]*jixiao.MonitorRoundRecord, error) {
	if (f.BureauIDs != nil && len(f.BureauIDs) == 0) || (f.OrgIDs != nil && len(f.OrgIDs) == 0) {
		return nil, nil
	}
	if len(f.BureauIDs) > 1000 || len(f.OrgIDs) > 1000 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "一次最多按1000个单位查询监控轮次")
	}
	q := s.read(ctx)
	var args []any
	where := ""
	var entryWhere string
	if f.BureauIDs != nil {
		var in string
		args, in = inList(args, f.BureauIDs)
		where = " WHERE r.bureau_id IN " + in
	}
	if f.OrgIDs != nil {
		var in string
		args, in = inList(args, f.OrgIDs)
		entryWhere = " AND e.org_id IN " + in
		where = " WHERE EXISTS (SELECT 1 FROM monitor_entries e WHERE e.round_id = r.id" + entryWhere + ")"
	}
	var out []*jixiao.MonitorRoundRecord
	err := eachRow(ctx, q, roundSelect+where+fmt.Sprintf(" ORDER BY r.cutoff DESC, r.id DESC LIMIT %d", MaxRoundsListed), args, func(sc scanner) error {
		r, err := scanRound(sc)
		if err == nil {
			out = append(out, r)
		}
		return err
	})
	if err != nil || f.Bare {
		return out, err
	}
	for _, r := range out {
		eargs := []any{r.ID}
		ew := ""
		if f.OrgIDs != nil {
			var in string
			eargs, in = inList(eargs, f.OrgIDs)
			ew = " AND e.org_id IN " + in
		}
		if r.Entries, err = s.entries(ctx, q, ew, eargs, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanRound(sc scanner) (*jixiao.MonitorRoundRecord, error) {
	var r jixiao.MonitorRoundRecord
	var task, rulesFile, calFile *int64
	var cutoff, deadline string
	var at int64
	if err := sc.Scan(&r.ID, &r.BureauID, &r.Bureau, &task, &r.Year, &r.Period, &cutoff, &r.Rules, &rulesFile, &calFile, &deadline, &r.CreatedBy, &at); err != nil {
		return nil, err
	}
	if rulesFile != nil {
		r.RulesFileID = *rulesFile
	}
	if calFile != nil {
		r.CalendarFileID = *calFile
	}
	var err error
	if r.CutOff, err = jixiao.ParseDate(cutoff); err != nil {
		return nil, err
	}
	if r.Deadline, err = jixiao.ParseDate(deadline); err != nil {
		return nil, err
	}
	if task != nil {
		r.TaskID = *task
	}
	r.CreatedAt = fromMillis(at)
	return &r, nil
}

// MonitorRound returns round id with every entry whole.
func (s *DB) MonitorRound(ctx context.Context, id int64) (*jixiao.MonitorRoundRecord, error) {
	return s.monitorRound(ctx, s.read(ctx), id)
}

func (s *DB) monitorRound(ctx context.Context, q querier, id int64) (*jixiao.MonitorRoundRecord, error) {
	r, err := scanRound(q.QueryRowContext(ctx, roundSelect+" WHERE r.id = $1", id))
	if err != nil {
		return nil, notFound(err, "监控轮次（编号%d）不存在", id)
	}
	if r.Entries, err = s.entries(ctx, q, "", []any{id}, true); err != nil {
		return nil, err
	}
	return r, nil
}

// MonitorEntryRound returns the round of entry id, with every entry whole.
func (s *DB) MonitorEntryRound(ctx context.Context, id int64) (*jixiao.MonitorRoundRecord, *jixiao.MonitorEntry, error) {
	var rid int64
	if err := s.read(ctx).QueryRowContext(ctx, "SELECT round_id FROM monitor_entries WHERE id = $1", id).Scan(&rid); err != nil {
		return nil, nil, notFound(err, "监控填报（编号%d）不存在", id)
	}
	r, err := s.MonitorRound(ctx, rid)
	if err != nil {
		return nil, nil, err
	}
	for i := range r.Entries {
		if r.Entries[i].ID == id {
			return r, &r.Entries[i], nil
		}
	}
	return nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "监控填报（编号%d）不存在", id)
}

// entries returns the entries of round args[0] (and the condition where on
// e), by organisation code; whole adds their projects and dispositions.
func (s *DB) entries(ctx context.Context, q querier, where string, args []any, whole bool) ([]jixiao.MonitorEntry, error) {
	var out []jixiao.MonitorEntry
	err := eachRow(ctx, q, `SELECT e.id, e.round_id, e.org_id, o.name, e.assignee_id, e.state, e.warned_on, e.budget, e.executed, e.cause, e.version, e.updated_by, e.updated_at
		FROM monitor_entries e JOIN orgs o ON o.id = e.org_id WHERE e.round_id = $1`+where+" ORDER BY o.code, e.id", args, func(sc scanner) error {
		var e jixiao.MonitorEntry
		var assignee, budget, executed *int64
		var warned, cause string
		var at int64
		if err := sc.Scan(&e.ID, &e.RoundID, &e.OrgID, &e.Org, &assignee, &e.State, &warned, &budget, &executed, &cause, &e.Version, &e.UpdatedBy, &at); err != nil {
			return err
		}
		if assignee != nil {
			e.AssigneeID = *assignee
		}
		if warned != "" {
			d, err := jixiao.ParseDate(warned)
			if err != nil {
				return err
			}
			e.WarnedOn = d
		}
		if budget != nil && executed != nil {
			e.Department = &jixiao.MonitorFunds{Budget: *fromMicro(budget), Executed: *fromMicro(executed), Cause: cause}
		}
		e.UpdatedAt = fromMillis(at)
		out = append(out, e)
		return nil
	})
	if err != nil || !whole {
		return out, err
	}
	for i := range out {
		if err := s.entryDetail(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// entryDetail reads an entry's projects, indicators and dispositions.
func (s *DB) entryDetail(ctx context.Context, q querier, e *jixiao.MonitorEntry) error {
	err := eachRow(ctx, q, "SELECT code, name, budget, executed, goal_progress, cause FROM monitor_projects WHERE entry_id = $1 ORDER BY seq", []any{e.ID}, func(sc scanner) error {
		var p jixiao.MonitorProject
		var budget, executed int64
		var gp string
		if err := sc.Scan(&p.Code, &p.Name, &budget, &executed, &gp, &p.Cause); err != nil {
			return err
		}
		p.Budget, p.Executed = *fromMicro(&budget), *fromMicro(&executed)
		var err error
		if p.GoalProgress, err = monFigure(gp); err != nil {
			return err
		}
		e.Projects = append(e.Projects, p)
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, "SELECT project_seq, level1, name, target, actual, progress, forecast, reason FROM monitor_indicators WHERE entry_id = $1 ORDER BY project_seq, seq", []any{e.ID}, func(sc scanner) error {
		var in jixiao.MonitorIndicator
		var seq int
		var target, actual, progress, forecast string
		if err := sc.Scan(&seq, &in.Level1, &in.Name, &target, &actual, &progress, &forecast, &in.Reason); err != nil {
			return err
		}
		if seq < 0 || seq >= len(e.Projects) {
			return fmt.Errorf("monitor entry %d: indicator of project %d", e.ID, seq)
		}
		for _, f := range []struct {
			dst *jixiao.Figure
			src string
		}{{&in.Target, target}, {&in.Actual, actual}, {&in.Progress, progress}, {&in.Forecast, forecast}} {
			v, err := monFigure(f.src)
			if err != nil {
				return err
			}
			*f.dst = v
		}
		e.Projects[seq].Indicators = append(e.Projects[seq].Indicators, in)
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, "SELECT subject, action, reason, date FROM monitor_dispositions WHERE entry_id = $1 ORDER BY id", []any{e.ID}, func(sc scanner) error {
		var d jixiao.Disposition
		var action, date string
		if err := sc.Scan(&d.Project, &action, &d.Reason, &date); err != nil {
			return err
		}
		d.Action = jixiao.DispositionAction(action)
		var err error
		d.Date, err = jixiao.ParseDate(date)
		e.Dispositions = append(e.Dispositions, d)
		return err
	})
}

func monFigure(s string) (jixiao.Figure, error) {
	if s == "" {
		return jixiao.Figure{}, nil
	}
	return jixiao.ParseFigure(s)
}

// SaveMonitorEntry replaces entry e's data (its department's funds and its
// projects with their indicators) if e.Version is still the stored one,
// and sets e.Version to the new one. submit also marks it submitted with
// its warnings issued on warnedOn, and the round task's assignee
// submitted. A submitted entry cannot change (ECONFLICT).
func (s *DB) SaveMonitorEntry(ctx context.Context, actor *jixiao.User, e *jixiao.MonitorEntry, submit bool, warnedOn jixiao.Date) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var state string
		var version int64
		if err := tx.QueryRowContext(ctx, "SELECT state, version FROM monitor_entries WHERE id = $1", e.ID).Scan(&state, &version); err != nil {
			return notFound(err, "监控填报（编号%d）不存在", e.ID)
		}
		if version != e.Version {
			return conflict("该监控填报")
		}
		if state == jixiao.EntrySubmitted {
			return jixiao.Errorf(jixiao.ECONFLICT, "该监控填报已提交，不能再修改")
		}
		old := &jixiao.MonitorEntry{ID: e.ID}
		if err := s.entryDetail(ctx, tx, old); err != nil {
			return err
		}
		for _, table := range []string{"monitor_indicators", "monitor_projects"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE entry_id = $1", e.ID); err != nil {
				return fmt.Errorf("save monitor entry: %w", err)
			}
		}
		for i, p := range e.Projects {
			if err := insertNoID(ctx, tx, "monitor_projects", []string{"entry_id", "seq", "code", "name", "budget", "executed", "goal_progress", "cause"},
				[]any{e.ID, i, p.Code, p.Name, *toMicro(&p.Budget), *toMicro(&p.Executed), p.GoalProgress.Text, p.Cause}); err != nil {
				return err
			}
			for k, in := range p.Indicators {
				if err := insertNoID(ctx, tx, "monitor_indicators", []string{"entry_id", "project_seq", "seq", "level1", "name", "target", "actual", "progress", "forecast", "reason"},
					[]any{e.ID, i, k, in.Level1, in.Name, in.Target.Text, in.Actual.Text, in.Progress.Text, in.Forecast.Text, in.Reason}); err != nil {
					return err
				}
			}
		}
		var budget, executed *int64
		cause := ""
		if d := e.Department; d != nil {
			budget, executed, cause = toMicro(&d.Budget), toMicro(&d.Executed), d.Cause
		}
		newState, warned, action := jixiao.EntryOpen, "", "update"
		if submit {
			newState, warned, action = jixiao.EntrySubmitted, warnedOn.String(), "submit"
		}
		name := ""
		if actor != nil {
			name = actor.Username
		}
		res, err := tx.ExecContext(ctx, "UPDATE monitor_entries SET budget = $1, executed = $2, cause = $3, state = $4, warned_on = $5, version = version + 1, updated_by = $6, updated_at = $7 WHERE id = $8 AND version = $9",
			budget, executed, cause, newState, warned, name, s.millis(), e.ID, e.Version)
		if err != nil {
			return fmt.Errorf("save monitor entry: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("该监控填报")
		}
		if submit && e.AssigneeID != 0 {
			if _, err := tx.ExecContext(ctx, "UPDATE task_assignees SET state = $1, updated_by = $2, updated_at = $3 WHERE id = $4 AND state IN ($5, $6, $7)",
				string(jixiao.TaskSubmitted), name, s.millis(), e.AssigneeID, string(jixiao.TaskNotStarted), string(jixiao.TaskInProgress), string(jixiao.TaskReturned)); err != nil {
				return fmt.Errorf("save monitor entry: %w", err)
			}
		}
		oldData := map[string]any{"state": state, "projects": old.Projects}
		newData := map[string]any{"state": newState, "department": e.Department, "projects": e.Projects}
		if err := s.audit(ctx, tx, actor, action, "monitor_entry", e.ID, 0, toJSON(oldData), toJSON(newData)); err != nil {
			return err
		}
		e.Version, e.State = version+1, newState
		if submit {
			e.WarnedOn = warnedOn
		}
		return nil
	})
}

// AddMonitorDisposition records disposition d of submitted entry id at
// version (ECONFLICT when it changed meanwhile) and returns the new
// version.
func (s *DB) AddMonitorDisposition(ctx context.Context, actor *jixiao.User, id, version int64, d jixiao.Disposition) (int64, error) {
	var out int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var state string
		var v int64
		if err := tx.QueryRowContext(ctx, "SELECT state, version FROM monitor_entries WHERE id = $1", id).Scan(&state, &v); err != nil {
			return notFound(err, "监控填报（编号%d）不存在", id)
		}
		if v != version {
			return conflict("该监控填报")
		}
		if state != jixiao.EntrySubmitted {
			return jixiao.Errorf(jixiao.ECONFLICT, "监控填报提交后才能处置预警")
		}
		name := ""
		if actor != nil {
			name = actor.Username
		}
		now := s.millis()
		if _, err := insert(ctx, tx, "monitor_dispositions", []string{"entry_id", "subject", "action", "reason", "date", "username", "at"},
			[]any{id, d.Project, string(d.Action), d.Reason, d.Date.String(), name, now}); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE monitor_entries SET version = version + 1, updated_by = $1, updated_at = $2 WHERE id = $3 AND version = $4", name, now, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("该监控填报")
		}
		out = version + 1
		return s.audit(ctx, tx, actor, "dispose", "monitor_entry", id, 0, "", toJSON(d))
	})
	return out, err
}

// SubmittedMonitorRounds returns the rounds, whole, that have a submitted
// entry warned on or after since: those whose dispositions may still fall
// due; at most limit, oldest first.
func (s *DB) SubmittedMonitorRounds(ctx context.Context, since jixiao.Date, limit int) ([]*jixiao.MonitorRoundRecord, error) {
	var ids []int64
	err := eachRow(ctx, s.db, fmt.Sprintf(`SELECT DISTINCT round_id FROM monitor_entries WHERE state = $1 AND warned_on >= $2 ORDER BY round_id LIMIT %d`, limit),
		[]any{jixiao.EntrySubmitted, since.String()}, func(sc scanner) error {
			var id int64
			err := sc.Scan(&id)
			ids = append(ids, id)
			return err
		})
	if err != nil {
		return nil, err
	}
	out := make([]*jixiao.MonitorRoundRecord, 0, len(ids))
	for _, id := range ids {
		r, err := s.monitorRound(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
