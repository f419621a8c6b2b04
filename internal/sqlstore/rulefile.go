package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"jixiao"
)

// Rule files (migration 26): the bureau's uploaded warning rules, results
// rules and calendars, one row per kind and content, numbered per kind and
// never deleted; result_rule_choices holds each year's results-rules
// version. Uploads and choices are in the audit log as entity "rule_file"
// and "result_rules".

// SaveRuleFile stores source (checked by the caller) as kind's next
// version, unless the same content of kind is stored already: then that
// version is returned, with created false.
func (s *DB) SaveRuleFile(ctx context.Context, actor *jixiao.User, kind jixiao.RuleFileKind, title, origin, source string) (*jixiao.RuleFile, bool, error) {
	sum := sha256.Sum256([]byte(source))
	hash := hex.EncodeToString(sum[:])
	var out *jixiao.RuleFile
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if f, err := scanRuleFile(tx.QueryRowContext(ctx, ruleFileSelect+" WHERE f.kind = $1 AND f.sha256 = $2", string(kind), hash), false); err == nil {
			out = f
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var version int
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) + 1 FROM rule_files WHERE kind = $1", string(kind)).Scan(&version); err != nil {
			return err
		}
		now := s.millis()
		id, err := insert(ctx, tx, "rule_files", []string{"kind", "version", "title", "sha256", "source", "origin", "created_by", "created_at"},
			[]any{string(kind), version, title, hash, source, origin, userID(actor), now})
		if err != nil {
			return err
		}
		out = &jixiao.RuleFile{ID: id, Kind: kind, Version: version, Title: title, SHA256: hash, Origin: origin, CreatedAt: fromMillis(now)}
		if actor != nil {
			out.CreatedBy = actor.Username
		}
		created = true
		return s.audit(ctx, tx, actor, "create", "rule_file", id, 0, "", toJSON(out))
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

const ruleFileSelect = `SELECT f.id, f.kind, f.version, f.title, f.sha256, f.origin, coalesce(u.username, ''), f.created_at, f.source
	FROM rule_files f LEFT JOIN users u ON u.id = f.created_by`

func scanRuleFile(sc scanner, source bool) (*jixiao.RuleFile, error) {
	var f jixiao.RuleFile
	var kind string
	var at int64
	if err := sc.Scan(&f.ID, &kind, &f.Version, &f.Title, &f.SHA256, &f.Origin, &f.CreatedBy, &at, &f.Source); err != nil {
		return nil, err
	}
	f.Kind, f.CreatedAt = jixiao.RuleFileKind(kind), fromMillis(at)
	if !source {
		f.Source = ""
	}
	return &f, nil
}

// RuleFile returns stored rule file id with its content.
func (s *DB) RuleFile(ctx context.Context, id int64) (*jixiao.RuleFile, error) {
	f, err := scanRuleFile(s.read(ctx).QueryRowContext(ctx, ruleFileSelect+" WHERE f.id = $1", id), true)
	if err != nil {
		return nil, notFound(err, "没有这个上传的规则或日历版本")
	}
	return f, nil
}

// MaxRuleFilesListed bounds one listing of rule files (the newest of each
// kind first).
const MaxRuleFilesListed = 1000

// RuleFiles lists the stored rule files of kind ("" for every kind),
// without their content, by kind and newest version first, at most
// MaxRuleFilesListed.
func (s *DB) RuleFiles(ctx context.Context, kind jixiao.RuleFileKind) ([]*jixiao.RuleFile, error) {
	q, args := ruleFileSelect, []any{}
	if kind != "" {
		q, args = q+" WHERE f.kind = $1", append(args, string(kind))
	}
	var out []*jixiao.RuleFile
	err := eachRow(ctx, s.read(ctx), q+fmt.Sprintf(" ORDER BY f.kind, f.version DESC LIMIT %d", MaxRuleFilesListed), args, func(sc scanner) error {
		f, err := scanRuleFile(sc, false)
		if err == nil {
			out = append(out, f)
		}
		return err
	})
	return out, err
}

// ResultRules returns the results-rules choice of year, with the number
// of decisions recorded for it.
func (s *DB) ResultRules(ctx context.Context, year int) (*jixiao.ResultRulesChoice, error) {
	return s.resultRules(ctx, s.read(ctx), year)
}

func (s *DB) resultRules(ctx context.Context, q querier, year int) (*jixiao.ResultRulesChoice, error) {
	c := &jixiao.ResultRulesChoice{Year: year}
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM result_decisions WHERE year = $1", year).Scan(&c.Decisions); err != nil {
		return nil, err
	}
	var file *int64
	var at int64
	err := q.QueryRowContext(ctx, "SELECT file_id, chosen_by, chosen_at FROM result_rule_choices WHERE year = $1", year).Scan(&file, &c.ChosenBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	c.ChosenAt = fromMillis(at)
	if file != nil {
		if c.File, err = scanRuleFile(q.QueryRowContext(ctx, ruleFileSelect+" WHERE f.id = $1", *file), true); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ChooseResultRules sets the results-rules version of year (fileID 0: the
// built-in rules): refused once a decision of the year is recorded, or
// when fileID is not stored results rules.
func (s *DB) ChooseResultRules(ctx context.Context, actor *jixiao.User, year int, fileID int64) (*jixiao.ResultRulesChoice, error) {
	var out *jixiao.ResultRulesChoice
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.resultRules(ctx, tx, year)
		if err != nil {
			return err
		}
		if old.Decisions > 0 {
			return jixiao.Errorf(jixiao.ECONFLICT, "%d年度已记录%d项结果应用决定，不能再更换结果应用规则", year, old.Decisions)
		}
		var file *int64
		if fileID != 0 {
			var kind string
			if err := tx.QueryRowContext(ctx, "SELECT kind FROM rule_files WHERE id = $1", fileID).Scan(&kind); err != nil {
				return notFound(err, "没有这个上传的结果应用规则版本")
			}
			if jixiao.RuleFileKind(kind) != jixiao.RuleFileResults {
				return jixiao.Errorf(jixiao.EINVALID, "所选的版本是%s，不是结果应用规则", jixiao.RuleFileKind(kind).Title())
			}
			file = &fileID
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM result_rule_choices WHERE year = $1", year); err != nil {
			return err
		}
		by := ""
		if actor != nil {
			by = actor.Username
		}
		if err := insertNoID(ctx, tx, "result_rule_choices", []string{"year", "file_id", "chosen_by", "chosen_at"},
			[]any{year, file, by, s.millis()}); err != nil {
			return err
		}
		if out, err = s.resultRules(ctx, tx, year); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "choose", "result_rules", int64(year), 0, choiceJSON(old), choiceJSON(out))
	})
	return out, err
}

// choiceJSON is a choice as the audit log keeps it (without the rules'
// content).
func choiceJSON(c *jixiao.ResultRulesChoice) string {
	v := struct {
		Year    int    `json:"year"`
		FileID  int64  `json:"file_id,omitempty"`
		Version string `json:"version"`
	}{Year: c.Year, Version: "内置结果应用规则"}
	if c.File != nil {
		v.FileID, v.Version = c.File.ID, c.File.Label()
	}
	return toJSON(v)
}

// SetRoundRuleFiles changes the warning rules (rules names them, rulesFile
// their uploaded version or 0) and the calendar version (0: the server's)
// of round id, while no department has saved or submitted its entry.
func (s *DB) SetRoundRuleFiles(ctx context.Context, actor *jixiao.User, id int64, rules string, rulesFile, calendarFile int64) (*jixiao.MonitorRoundRecord, error) {
	var out *jixiao.MonitorRoundRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.monitorRound(ctx, tx, id)
		if err != nil {
			return err
		}
		var filled int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM monitor_entries WHERE round_id = $1 AND (state <> $2 OR version > 1)", id, jixiao.EntryOpen).Scan(&filled); err != nil {
			return err
		}
		if filled > 0 {
			return jixiao.Errorf(jixiao.ECONFLICT, "已有%d个部门填报了本轮监控数据，不能再更换预警规则和日历", filled)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE monitor_rounds SET rules = $1, rules_file_id = $2, calendar_file_id = $3 WHERE id = $4",
			rules, nullID(rulesFile), nullID(calendarFile), id); err != nil {
			return err
		}
		next := *old
		next.Rules, next.RulesFileID, next.CalendarFileID = rules, rulesFile, calendarFile
		out = &next
		type files struct {
			Rules          string `json:"rules"`
			RulesFileID    int64  `json:"rules_file_id,omitempty"`
			CalendarFileID int64  `json:"calendar_file_id,omitempty"`
		}
		return s.audit(ctx, tx, actor, "update", "monitor_round", id, 0, toJSON(files{old.Rules, old.RulesFileID, old.CalendarFileID}),
			toJSON(files{rules, rulesFile, calendarFile}))
	})
	return out, err
}
