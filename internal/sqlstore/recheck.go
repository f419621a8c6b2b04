package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Re-check samples, re-scores, rectification items and results-application
// decisions (migration 17).

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// CreateSample stores a drawn sample with its entries.
func (s *DB) CreateSample(ctx context.Context, actor *jixiao.User, rec *jixiao.SampleRecord) (*jixiao.SampleRecord, error) {
	smp := rec.Sample
	smp.Items = nil // the entries hold them
	data, err := json.Marshal(&smp)
	if err != nil {
		return nil, err
	}
	name := "系统"
	if actor != nil {
		name = actor.Username
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		id, err = insert(ctx, tx, "recheck_samples", []string{"org_id", "year", "seed", "method", "size", "population", "digest", "rulebook", "data", "created_by", "created_at"},
			[]any{nullID(rec.OrgID), rec.Year, strconv.FormatUint(rec.Sample.Seed, 10), string(rec.Sample.Method), rec.Sample.Size, rec.Sample.Population, rec.Sample.Digest, rec.Rulebook, string(data), name, s.millis()})
		if err != nil {
			return err
		}
		for i, e := range rec.Entries {
			picked := 0
			if e.Picked {
				picked = 1
			}
			if err := insertNoID(ctx, tx, "recheck_items", []string{"sample_id", "seq", "evaluation_id", "org_id", "unit", "project", "amount", "self_score", "self_grade", "stratum", "picked"},
				[]any{id, i, e.EvaluationID, e.OrgID, e.Unit, e.Project, *toMicro(&e.Amount), exactText(e.Score), e.Grade, e.Stratum, picked}); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, "create", "recheck_sample", id, 0, "", toJSON(rec))
	})
	if err != nil {
		return nil, err
	}
	return s.Sample(ctx, id)
}

const sampleSelect = "SELECT id, org_id, year, rulebook, data, created_by, created_at FROM recheck_samples"

func scanSample(sc scanner) (*jixiao.SampleRecord, error) {
	rec := &jixiao.SampleRecord{}
	var org *int64
	var data string
	var at int64
	if err := sc.Scan(&rec.ID, &org, &rec.Year, &rec.Rulebook, &data, &rec.CreatedBy, &at); err != nil {
		return nil, err
	}
	if org != nil {
		rec.OrgID = *org
	}
	rec.CreatedAt = fromMillis(at)
	if err := json.Unmarshal([]byte(data), &rec.Sample); err != nil {
		return nil, fmt.Errorf("sample %d: %w", rec.ID, err)
	}
	return rec, nil
}

// sampleEntries adds their entries to samples, in one query.
func sampleEntries(ctx context.Context, q querier, samples []*jixiao.SampleRecord) error {
	if len(samples) == 0 {
		return nil
	}
	byID := make(map[int64]*jixiao.SampleRecord, len(samples))
	ids := make([]int64, len(samples))
	for i, rec := range samples {
		byID[rec.ID], ids[i] = rec, rec.ID
	}
	args, in := inList(nil, ids)
	return eachRow(ctx, q, "SELECT sample_id, evaluation_id, org_id, unit, project, amount, self_score, self_grade, stratum, picked FROM recheck_items WHERE sample_id IN "+in+" ORDER BY sample_id, seq", args,
		func(sc scanner) error {
			var e jixiao.SampleEntry
			var sample, amount int64
			var score string
			var picked int
			if err := sc.Scan(&sample, &e.EvaluationID, &e.OrgID, &e.Unit, &e.Project, &amount, &score, &e.Grade, &e.Stratum, &picked); err != nil {
				return err
			}
			e.Amount = *fromMicro(&amount)
			d, err := parseDec(&score)
			if err != nil {
				return err
			}
			e.Score, e.Picked = *d, picked != 0
			rec := byID[sample]
			rec.Entries = append(rec.Entries, e)
			rec.Sample.Items = append(rec.Sample.Items, e.SampledItem)
			return nil
		})
}

// Sample returns stored sample id with its entries.
func (s *DB) Sample(ctx context.Context, id int64) (*jixiao.SampleRecord, error) {
	q := s.read(ctx)
	rec, err := scanSample(q.QueryRowContext(ctx, sampleSelect+" WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "抽查样本（编号%d）不存在", id)
	}
	if err := sampleEntries(ctx, q, []*jixiao.SampleRecord{rec}); err != nil {
		return nil, err
	}
	return rec, nil
}

// ListSamples returns the stored samples, newest first, of a year (all
// when year is 0), at most limit, with their entries: two queries
// whatever their number.
func (s *DB) ListSamples(ctx context.Context, year, limit int) ([]*jixiao.SampleRecord, error) {
	q := s.read(ctx)
	query := sampleSelect
	var args []any
	if year != 0 {
		query += " WHERE year = $1"
		args = append(args, year)
	}
	var out []*jixiao.SampleRecord
	err := eachRow(ctx, q, query+fmt.Sprintf(" ORDER BY id DESC LIMIT %d", max(limit, 1)), args, func(sc scanner) error {
		rec, err := scanSample(sc)
		if err == nil {
			out = append(out, rec)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := sampleEntries(ctx, q, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Rescores returns the re-scores of a sample by evaluation, in item order.
func (s *DB) Rescores(ctx context.Context, sampleID int64) (map[int64][]jixiao.Rescore, error) {
	out := map[int64][]jixiao.Rescore{}
	err := eachRow(ctx, s.read(ctx), "SELECT evaluation_id, item, weight, self_score, rescore, reason, username, at FROM recheck_scores WHERE sample_id = $1 ORDER BY evaluation_id, seq",
		[]any{sampleID}, func(sc scanner) error {
			var r jixiao.Rescore
			var eval, at int64
			var w, self, re string
			if err := sc.Scan(&eval, &r.Name, &w, &self, &re, &r.Reason, &r.Username, &at); err != nil {
				return err
			}
			for _, x := range []struct {
				s string
				d *decimal.Decimal
			}{{w, &r.Weight}, {self, &r.Self}, {re, &r.Recheck}} {
				d, err := parseDec(&x.s)
				if err != nil {
					return err
				}
				*x.d = *d
			}
			r.At = fromMillis(at)
			out[eval] = append(out[eval], r)
			return nil
		})
	return out, err
}

// SaveRescores replaces the re-scores of evaluation evalID in sample
// sampleID by items, as actor's.
func (s *DB) SaveRescores(ctx context.Context, actor *jixiao.User, sampleID, evalID int64, items []jixiao.RecheckItem) error {
	name := "系统"
	if actor != nil {
		name = actor.Username
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM recheck_items WHERE sample_id = $1 AND evaluation_id = $2", sampleID, evalID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "该评价不在抽查样本中")
		}
		var old []jixiao.RecheckItem
		err := eachRow(ctx, tx, "SELECT item, weight, self_score, rescore, reason FROM recheck_scores WHERE sample_id = $1 AND evaluation_id = $2 ORDER BY seq", []any{sampleID, evalID},
			func(sc scanner) error {
				var it jixiao.RecheckItem
				var w, self, re string
				if err := sc.Scan(&it.Name, &w, &self, &re, &it.Reason); err != nil {
					return err
				}
				it.Weight, it.Self, it.Recheck = decimal.RequireFromString(w), decimal.RequireFromString(self), decimal.RequireFromString(re)
				old = append(old, it)
				return nil
			})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM recheck_scores WHERE sample_id = $1 AND evaluation_id = $2", sampleID, evalID); err != nil {
			return err
		}
		now := s.millis()
		for i, it := range items {
			if err := insertNoID(ctx, tx, "recheck_scores", []string{"sample_id", "evaluation_id", "seq", "item", "weight", "self_score", "rescore", "reason", "user_id", "username", "at"},
				[]any{sampleID, evalID, i, it.Name, exactText(it.Weight), exactText(it.Self), exactText(it.Recheck), it.Reason, userID(actor), name, now}); err != nil {
				return err
			}
		}
		oldJSON := ""
		if len(old) > 0 {
			oldJSON = toJSON(old)
		}
		return s.audit(ctx, tx, actor, "rescore", "recheck_score", sampleID, evalID, oldJSON, toJSON(items))
	})
}

const rectSelect = `SELECT r.id, r.org_id, o.name, r.year, r.source, r.evaluation_id, r.project, r.problem, r.owner, r.measure, r.deadline,
	r.evidence, r.link, r.status, r.return_reason, r.history, r.version, r.origin FROM rectifications r JOIN orgs o ON o.id = r.org_id`

func scanRect(sc scanner) (*jixiao.RectificationRecord, error) {
	r := jixiao.RectificationRecord{Files: []*jixiao.RectFile{}}
	var eval *int64
	var source, status, evidence, history, origin string
	it := &r.Item
	if err := sc.Scan(&r.ID, &r.OrgID, &r.OrgName, &it.Year, &source, &eval, &it.Project, &it.Problem, &it.Owner, &it.Measure, &it.Deadline,
		&evidence, &r.Link, &status, &it.ReturnReason, &history, &r.Version, &origin); err != nil {
		return nil, err
	}
	// The origin names what the item was raised from (app/raise.go):
	// monitor:<round>:<entry>:<subject> or recheck:<sample>:<evaluation>.
	switch parts := strings.SplitN(origin, ":", 4); parts[0] {
	case "monitor":
		if len(parts) == 4 {
			r.RoundID, _ = strconv.ParseInt(parts[1], 10, 64)
			r.EntryID, _ = strconv.ParseInt(parts[2], 10, 64)
		}
	case "recheck":
		if len(parts) >= 2 {
			r.SampleID, _ = strconv.ParseInt(parts[1], 10, 64)
		}
	}
	if eval != nil {
		r.EvaluationID = *eval
	}
	it.ID, it.Unit, it.Source, it.Status = jixiao.RectID(r.ID), r.OrgName, jixiao.RectSource(source), jixiao.RectStatus(status)
	if err := json.Unmarshal([]byte(evidence), &it.Evidence); err != nil {
		return nil, fmt.Errorf("rectification %d: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(history), &it.History); err != nil {
		return nil, fmt.Errorf("rectification %d: %w", r.ID, err)
	}
	return &r, nil
}

// CreateRectification stores a new rectification item of organisation
// orgID (its ID is given by the store).
func (s *DB) CreateRectification(ctx context.Context, actor *jixiao.User, orgID, evalID int64, it *jixiao.Rectification) (*jixiao.RectificationRecord, error) {
	r, _, err := s.RaiseRectification(ctx, actor, orgID, evalID, "", it)
	return r, err
}

// RaiseRectification stores a new rectification item of organisation
// orgID raised from origin (a key naming the warning, re-check or stated
// problem it comes from; "" for an item raised by hand), unless an item
// of that origin exists: then it returns that one and false. actor nil is
// the system (an escalation).
func (s *DB) RaiseRectification(ctx context.Context, actor *jixiao.User, orgID, evalID int64, origin string, it *jixiao.Rectification) (*jixiao.RectificationRecord, bool, error) {
	name := "系统"
	if actor != nil {
		name = actor.Username
	}
	var id int64
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if origin != "" {
			err := tx.QueryRowContext(ctx, "SELECT id FROM rectifications WHERE origin = $1", origin).Scan(&id)
			if err == nil {
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("rectification of %s: %w", origin, err)
			}
		}
		now := s.millis()
		var err error
		id, err = insert(ctx, tx, "rectifications", []string{"org_id", "year", "source", "evaluation_id", "project", "problem", "owner", "measure", "deadline", "evidence", "link", "status", "return_reason", "history", "version", "created_by", "created_at", "updated_at", "origin"},
			[]any{orgID, it.Year, string(it.Source), nullID(evalID), it.Project, it.Problem, it.Owner, it.Measure, it.Deadline, jsonList(it.Evidence), "", string(it.Status), it.ReturnReason, jsonList(it.History), 1, name, now, now, origin})
		if err != nil {
			return err
		}
		created = true
		return s.audit(ctx, tx, actor, "create", "rectification", id, 0, "", toJSON(it))
	})
	if err != nil {
		return nil, false, err
	}
	r, err := s.Rectification(ctx, id)
	return r, created, err
}

func jsonList[T any](xs []T) string {
	if xs == nil {
		return "[]"
	}
	return toJSON(xs)
}

// Rectification returns rectification item id.
func (s *DB) Rectification(ctx context.Context, id int64) (*jixiao.RectificationRecord, error) {
	r, err := scanRect(s.read(ctx).QueryRowContext(ctx, rectSelect+" WHERE r.id = $1", id))
	if err != nil {
		return nil, notFound(err, "整改事项（编号%d）不存在", id)
	}
	return r, nil
}

// ListRectifications returns the rectification items of orgIDs (nil: all)
// of year and the years before, oldest first, at most limit (more is
// EINVALID: the list would be cut).
func (s *DB) ListRectifications(ctx context.Context, orgIDs []int64, year, limit int) ([]*jixiao.RectificationRecord, error) {
	if orgIDs != nil && len(orgIDs) == 0 {
		return nil, nil
	}
	var w conditions
	w.in("r.org_id", orgIDs)
	cond := w.where()
	if cond == "" {
		cond = " WHERE "
	} else {
		cond += " AND "
	}
	cond += "r.year <= " + w.arg(year)
	var out []*jixiao.RectificationRecord
	err := eachRow(ctx, s.read(ctx), rectSelect+cond+fmt.Sprintf(" ORDER BY r.year, r.id LIMIT %d", limit+1), w.args, func(sc scanner) error {
		r, err := scanRect(sc)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) > limit {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%d年度及以前的整改事项超过 %d 项，请按单位查看", year, limit)
	}
	return out, nil
}

// SaveRectification stores the changed state of rec (its status, evidence,
// link, return reason and history), if rec.Version is still the stored
// one, as actor's action; it sets rec.Version to the new one.
func (s *DB) SaveRectification(ctx context.Context, actor *jixiao.User, action string, rec *jixiao.RectificationRecord) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanRect(tx.QueryRowContext(ctx, rectSelect+" WHERE r.id = $1", rec.ID))
		if err != nil {
			return notFound(err, "整改事项（编号%d）不存在", rec.ID)
		}
		it := &rec.Item
		res, err := tx.ExecContext(ctx, "UPDATE rectifications SET status = $1, evidence = $2, link = $3, return_reason = $4, history = $5, version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8",
			string(it.Status), jsonList(it.Evidence), rec.Link, it.ReturnReason, jsonList(it.History), s.millis(), rec.ID, rec.Version)
		if err != nil {
			return fmt.Errorf("save rectification: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("该整改事项")
		}
		if err := s.audit(ctx, tx, actor, action, "rectification", rec.ID, 0, toJSON(&old.Item), toJSON(it)); err != nil {
			return err
		}
		rec.Version = old.Version + 1
		return nil
	})
}

const decisionSelect = `SELECT id, evaluation_id, org_id, year, unit, project, score, grade, amount, rules, suggested_action, suggested_amount,
	decided_action, decided_amount, note, requested_amount, username, at, version FROM result_decisions`

// Decisions returns the results-application decisions of year by
// evaluation.
func (s *DB) Decisions(ctx context.Context, year int) (map[int64]*jixiao.ResultDecision, error) {
	out := map[int64]*jixiao.ResultDecision{}
	err := eachRow(ctx, s.read(ctx), decisionSelect+" WHERE year = $1", []any{year}, func(sc scanner) error {
		var d jixiao.ResultDecision
		var score *string
		var amount, suggested int64
		var decided, requested *int64
		var at int64
		if err := sc.Scan(&d.ID, &d.EvaluationID, &d.OrgID, &d.Year, &d.Unit, &d.Project, &score, &d.Grade, &amount, &d.Rules, &d.SuggestedAction, &suggested,
			&d.DecidedAction, &decided, &d.Note, &requested, &d.Username, &at, &d.Version); err != nil {
			return err
		}
		var err error
		if d.Score, err = parseDec(score); err != nil {
			return err
		}
		d.Amount, d.SuggestedAmount, d.DecidedAmount, d.Requested = *fromMicro(&amount), *fromMicro(&suggested), fromMicro(decided), fromMicro(requested)
		d.At = fromMillis(at)
		out[d.EvaluationID] = &d
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*jixiao.ResultDecision{}
	for _, d := range out {
		byID[d.ID] = d
	}
	err = eachRow(ctx, s.read(ctx), "SELECT decision_id, target, amount, declaration_id FROM result_reallocations WHERE year = $1 ORDER BY decision_id, seq", []any{year}, func(sc scanner) error {
		var id, amount int64
		var decl *int64
		var r jixiao.Reallocation
		if err := sc.Scan(&id, &r.To, &amount, &decl); err != nil {
			return err
		}
		r.Amount = *fromMicro(&amount)
		if decl != nil {
			r.DeclarationID = *decl
		}
		if d := byID[id]; d != nil {
			d.Reallocations = append(d.Reallocations, r)
		}
		return nil
	})
	return out, err
}

// SaveDecision records d, the decision on d.EvaluationID's budget,
// replacing an earlier one of the same evaluation.
func (s *DB) SaveDecision(ctx context.Context, actor *jixiao.User, d *jixiao.ResultDecision) error {
	name := "系统"
	if actor != nil {
		name = actor.Username
	}
	d.Username = name
	return s.tx(ctx, func(tx *sql.Tx) error {
		var oldID int64
		var old string
		var oldAmount int64
		var oldDecided, oldRequested *int64
		err := tx.QueryRowContext(ctx, "SELECT id, decided_action, amount, decided_amount, requested_amount FROM result_decisions WHERE evaluation_id = $1", d.EvaluationID).Scan(&oldID, &old, &oldAmount, &oldDecided, &oldRequested)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		cols := []string{"evaluation_id", "org_id", "year", "unit", "project", "score", "grade", "amount", "rules", "suggested_action", "suggested_amount", "decided_action", "decided_amount", "note", "requested_amount", "username", "at"}
		vals := []any{d.EvaluationID, d.OrgID, d.Year, d.Unit, d.Project, decText(d.Score), d.Grade, *toMicro(&d.Amount), d.Rules, d.SuggestedAction, *toMicro(&d.SuggestedAmount),
			d.DecidedAction, toMicro(d.DecidedAmount), d.Note, toMicro(d.Requested), name, s.millis()}
		oldJSON := ""
		if oldID == 0 {
			if d.ID, err = insert(ctx, tx, "result_decisions", cols, vals); err != nil {
				return err
			}
			d.Version = 1
		} else {
			prev := map[string]any{"decided_action": old, "amount": fromMicro(&oldAmount), "decided_amount": fromMicro(oldDecided), "requested": fromMicro(oldRequested)}
			var moves []jixiao.Reallocation
			err := eachRow(ctx, tx, "SELECT target, amount, declaration_id FROM result_reallocations WHERE decision_id = $1 ORDER BY seq", []any{oldID}, func(sc scanner) error {
				var r jixiao.Reallocation
				var amount int64
				var decl *int64
				if err := sc.Scan(&r.To, &amount, &decl); err != nil {
					return err
				}
				r.Amount = *fromMicro(&amount)
				if decl != nil {
					r.DeclarationID = *decl
				}
				moves = append(moves, r)
				return nil
			})
			if err != nil {
				return err
			}
			if len(moves) > 0 {
				prev["reallocations"] = moves
			}
			oldJSON = toJSON(prev)
			if _, err := tx.ExecContext(ctx, "UPDATE result_decisions SET "+setClause(cols)+", version = version + 1 WHERE id = "+strconv.FormatInt(oldID, 10), vals...); err != nil {
				return fmt.Errorf("save decision: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM result_reallocations WHERE decision_id = $1", oldID); err != nil {
				return fmt.Errorf("save decision: %w", err)
			}
			d.ID = oldID
		}
		for i, r := range d.Reallocations {
			// A declared project is stored as its link alone: its name is
			// the declaration's as it stands when read.
			target, decl := r.To, any(nil)
			if r.DeclarationID != 0 {
				target, decl = "", r.DeclarationID
			}
			if _, err := insert(ctx, tx, "result_reallocations", []string{"decision_id", "year", "seq", "target", "amount", "declaration_id"}, []any{d.ID, d.Year, i, target, *toMicro(&r.Amount), decl}); err != nil {
				return fmt.Errorf("save reallocation: %w", err)
			}
		}
		return s.audit(ctx, tx, actor, "decide", "result_decision", d.ID, d.EvaluationID, oldJSON, toJSON(d))
	})
}

// DeclaredFilter selects next-year declared projects that money can be
// reallocated to: those of Year (when not 0) of organisations OrgIDs (nil:
// all), or, when IDs is not nil, the declarations IDs whatever their year.
type DeclaredFilter struct {
	Year   int
	OrgIDs []int64
	IDs    []int64
	Limit  int
}

// DeclaredTargets returns the project declarations (项目、专项资金) f
// selects, by organisation code and project name, each with the funds
// total of its latest version in 万元.
func (s *DB) DeclaredTargets(ctx context.Context, f DeclaredFilter) ([]jixiao.DeclaredTarget, error) {
	if (f.OrgIDs != nil && len(f.OrgIDs) == 0) || (f.IDs != nil && len(f.IDs) == 0) {
		return nil, nil
	}
	var w conditions
	w.in("d.org_id", f.OrgIDs)
	w.in("d.id", f.IDs)
	w.equal("d.year", f.Year, f.Year != 0)
	cond := w.where()
	if cond == "" {
		cond = " WHERE"
	} else {
		cond += " AND"
	}
	cond += fmt.Sprintf(" d.kind IN ('%s', '%s')", jixiao.DeclProject, jixiao.DeclSpecialFund)
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	var out []jixiao.DeclaredTarget
	q := `SELECT d.id, d.org_id, o.name, d.year, d.project, v.funds_total, v.data FROM declarations d JOIN orgs o ON o.id = d.org_id
		JOIN declaration_versions v ON v.declaration_id = d.id AND v.number = d.latest` + cond + fmt.Sprintf(" ORDER BY o.code, o.name, d.project, d.id LIMIT %d", limit)
	err := eachRow(ctx, s.read(ctx), q, w.args, func(sc scanner) error {
		var t jixiao.DeclaredTarget
		var total int64
		var data string
		if err := sc.Scan(&t.DeclarationID, &t.OrgID, &t.Unit, &t.Year, &t.Project, &total, &data); err != nil {
			return err
		}
		var v struct {
			AmountUnit string `json:"amount_unit"`
		}
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return fmt.Errorf("declaration %d: %w", t.DeclarationID, err)
		}
		t.Requested = jixiao.InWanYuan(*fromMicro(&total), v.AmountUnit)
		out = append(out, t)
		return nil
	})
	return out, err
}

// ReallocationsInto returns the reallocations of every year's decisions
// to declaration id: from which unit and project, of which evaluation
// year, and how much, in the decisions' order.
func (s *DB) ReallocationsInto(ctx context.Context, id int64) ([]jixiao.Incoming, error) {
	var out []jixiao.Incoming
	err := eachRow(ctx, s.read(ctx), `SELECT d.year, d.unit, d.project, d.decided_action, r.amount FROM result_reallocations r JOIN result_decisions d ON d.id = r.decision_id
		WHERE r.declaration_id = $1 ORDER BY d.year, d.unit, d.project, r.seq`, []any{id}, func(sc scanner) error {
		var in jixiao.Incoming
		var amount int64
		if err := sc.Scan(&in.Year, &in.Unit, &in.Project, &in.Action, &amount); err != nil {
			return err
		}
		in.Amount = *fromMicro(&amount)
		out = append(out, in)
		return nil
	})
	return out, err
}
