package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"jixiao"
)

// evalFields lists the evaluation's own columns and their values from ev;
// loadEvalFields reads them back in the same order.
var evalFieldNames = []string{
	"rulebook", "title", "basis", "overall_goal", "overall_result", "conclusion", "stated_total", "stated_grade",
	"org_code", "org_name", "org_parent", "org_nature", "org_funding", "units_stated",
	"has_headcount", "headcount_authorized", "headcount_active", "headcount_retired",
	"has_assets", "assets_as_of", "assets_unit", "assets_total", "assets_cash", "assets_fixed_original", "assets_depreciation", "assets_fixed_net", "assets_note",
	"has_budget", "budget_unit", "budget_execution_cause",
	"has_work_group", "wg_leader", "wg_members_note", "wg_text",
	"has_process", "process_collection", "process_approach", "process_purpose", "process_content", "process_method_note",
	"stated_execution", "stated_execution_max", "incomplete", "budget_adjust_reason",
	"has_provenance", "provenance_document", "provenance_sheet", "provenance_layout", "provenance_note", "provenance_chosen",
	"report_date", "baseline",
}

func evalFieldValues(ev *jixiao.Evaluation) []any {
	o := ev.Org
	var statedTotal *string
	statedGrade := ""
	if ev.Stated != nil {
		statedTotal, statedGrade = decText(ev.Stated.Total), ev.Stated.Grade
		if statedTotal == nil && statedGrade == "" {
			empty := "" // a stated block with nothing in it: keep its presence
			statedTotal = &empty
		}
	}
	h := o.Headcount
	if h == nil {
		h = &jixiao.Headcount{}
	}
	a := o.Assets
	if a == nil {
		a = &jixiao.Assets{}
	}
	b := ev.Budget
	if b == nil {
		b = &jixiao.Budget{}
	}
	wg := ev.WorkGroup
	if wg == nil {
		wg = &jixiao.WorkGroup{}
	}
	p := ev.Process
	if p == nil {
		p = &jixiao.Process{}
	}
	st := ev.Stated
	if st == nil {
		st = &jixiao.Stated{}
	}
	pv := ev.Provenance
	if pv == nil {
		pv = &jixiao.Provenance{}
	}
	return []any{
		ev.Rulebook, ev.Title, ev.Basis, ev.OverallGoal, ev.OverallResult, ev.Conclusion, statedTotal, statedGrade,
		o.Code, o.Name, o.Parent, o.Nature, o.Funding, intPtr(o.UnitsStated),
		o.Headcount != nil, intPtr(h.Authorized), intPtr(h.Active), intPtr(h.Retired),
		o.Assets != nil, a.AsOf, a.Unit, toMicro(a.Total), toMicro(a.Cash), toMicro(a.FixedOriginal), toMicro(a.Depreciation), toMicro(a.FixedNet), a.Note,
		ev.Budget != nil, b.Unit, b.ExecutionCause,
		ev.WorkGroup != nil, wg.Leader, wg.MembersNote, wg.Text,
		ev.Process != nil, p.Collection, p.Approach, p.Purpose, p.Content, p.MethodNote,
		decText(st.Execution), decText(st.ExecutionMax), ev.Incomplete, b.AdjustReason,
		ev.Provenance != nil, pv.Document, pv.Sheet, pv.Layout, pv.Note, pv.Chosen,
		ev.Date, baselineText(ev.Baseline),
	}
}

// baselineText is the JSON of an evaluation's baseline reference ("" for
// none): which approved declaration version it was created from.
func baselineText(b *jixiao.BaselineRef) string {
	if b == nil {
		return ""
	}
	return toJSON(b)
}

// evalRow holds the evaluation's own columns as read.
type evalRow struct {
	rulebook, title, basis, overallGoal, overallResult, conclusion string
	statedTotal                                                    *string
	statedGrade                                                    string
	orgCode, orgName, orgParent, orgNature, orgFunding             string
	unitsStated                                                    *int64
	hasHeadcount                                                   bool
	hcAuthorized, hcActive, hcRetired                              *int64
	hasAssets                                                      bool
	assetsAsOf, assetsUnit                                         string
	aTotal, aCash, aOriginal, aDepreciation, aNet                  *int64
	assetsNote                                                     string
	hasBudget                                                      bool
	budgetUnit, budgetCause                                        string
	hasWG                                                          bool
	wgLeader, wgMembersNote, wgText                                string
	hasProcess                                                     bool
	pCollection, pApproach, pPurpose, pContent, pMethodNote        string
	statedExecution, statedExecutionMax                            *string
	incomplete, budgetAdjustReason                                 string
	hasProvenance                                                  bool
	prov                                                           jixiao.Provenance
	reportDate                                                     string
	baseline                                                       string
}

func (r *evalRow) targets() []any {
	return []any{
		&r.rulebook, &r.title, &r.basis, &r.overallGoal, &r.overallResult, &r.conclusion, &r.statedTotal, &r.statedGrade,
		&r.orgCode, &r.orgName, &r.orgParent, &r.orgNature, &r.orgFunding, &r.unitsStated,
		&r.hasHeadcount, &r.hcAuthorized, &r.hcActive, &r.hcRetired,
		&r.hasAssets, &r.assetsAsOf, &r.assetsUnit, &r.aTotal, &r.aCash, &r.aOriginal, &r.aDepreciation, &r.aNet, &r.assetsNote,
		&r.hasBudget, &r.budgetUnit, &r.budgetCause,
		&r.hasWG, &r.wgLeader, &r.wgMembersNote, &r.wgText,
		&r.hasProcess, &r.pCollection, &r.pApproach, &r.pPurpose, &r.pContent, &r.pMethodNote,
		&r.statedExecution, &r.statedExecutionMax, &r.incomplete, &r.budgetAdjustReason,
		&r.hasProvenance, &r.prov.Document, &r.prov.Sheet, &r.prov.Layout, &r.prov.Note, &r.prov.Chosen,
		&r.reportDate, &r.baseline,
	}
}

func (r *evalRow) apply(ev *jixiao.Evaluation) error {
	ev.Rulebook, ev.Title, ev.Basis, ev.OverallGoal, ev.OverallResult, ev.Conclusion = r.rulebook, r.title, r.basis, r.overallGoal, r.overallResult, r.conclusion
	if r.statedTotal != nil || r.statedGrade != "" {
		ev.Stated = &jixiao.Stated{Grade: r.statedGrade}
		if r.statedTotal != nil && *r.statedTotal != "" {
			d, err := parseDec(r.statedTotal)
			if err != nil {
				return err
			}
			ev.Stated.Total = d
		}
		var err error
		if ev.Stated.Execution, err = parseDec(r.statedExecution); err != nil {
			return err
		}
		if ev.Stated.ExecutionMax, err = parseDec(r.statedExecutionMax); err != nil {
			return err
		}
	}
	ev.Incomplete = r.incomplete
	ev.Date = r.reportDate
	if r.baseline != "" {
		ev.Baseline = &jixiao.BaselineRef{}
		if err := json.Unmarshal([]byte(r.baseline), ev.Baseline); err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
	}
	if r.hasProvenance {
		prov := r.prov
		ev.Provenance = &prov
	}
	ev.Org = jixiao.Org{Code: r.orgCode, Name: r.orgName, Parent: r.orgParent, Nature: r.orgNature, Funding: r.orgFunding, UnitsStated: fromIntPtr(r.unitsStated)}
	if r.hasHeadcount {
		ev.Org.Headcount = &jixiao.Headcount{Authorized: fromIntPtr(r.hcAuthorized), Active: fromIntPtr(r.hcActive), Retired: fromIntPtr(r.hcRetired)}
	}
	if r.hasAssets {
		ev.Org.Assets = &jixiao.Assets{AsOf: r.assetsAsOf, Unit: r.assetsUnit, Total: fromMicro(r.aTotal), Cash: fromMicro(r.aCash),
			FixedOriginal: fromMicro(r.aOriginal), Depreciation: fromMicro(r.aDepreciation), FixedNet: fromMicro(r.aNet), Note: r.assetsNote}
	}
	if r.hasBudget {
		ev.Budget = &jixiao.Budget{Unit: r.budgetUnit, ExecutionCause: r.budgetCause, AdjustReason: r.budgetAdjustReason}
	}
	if r.hasWG {
		ev.WorkGroup = &jixiao.WorkGroup{Leader: r.wgLeader, MembersNote: r.wgMembersNote, Text: r.wgText}
	}
	if r.hasProcess {
		ev.Process = &jixiao.Process{Collection: r.pCollection, Approach: r.pApproach, Purpose: r.pPurpose, Content: r.pContent, MethodNote: r.pMethodNote}
	}
	return nil
}

// subjectKey tells evaluations of one organisation and year apart: the
// project's name for a project evaluation.
func subjectKey(ev *jixiao.Evaluation) string {
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) == 1 {
		return ev.Projects[0].Name
	}
	return ""
}

// ImportEvaluation stores a whole case for the organisation orgID. An
// evaluation of the same organisation, year and subject that exists already
// is a conflict unless replace is set; a replaced evaluation keeps its id and
// status, and may not be locked (submitted or accepted).
func (s *DB) ImportEvaluation(ctx context.Context, actor *jixiao.User, orgID int64, ev *jixiao.Evaluation, replace bool) (*jixiao.EvaluationInfo, error) {
	return s.importCase(ctx, actor, &jixiao.OrgRecord{ID: orgID}, ev, replace)
}

// ImportIntoNewOrg creates organisation org and stores a whole case for it,
// in one transaction: an import that fails or is interrupted leaves
// neither behind.
func (s *DB) ImportIntoNewOrg(ctx context.Context, actor *jixiao.User, org *jixiao.OrgRecord, ev *jixiao.Evaluation) (*jixiao.EvaluationInfo, error) {
	if err := validateOrg(org); err != nil {
		return nil, err
	}
	org.ID = 0
	return s.importCase(ctx, actor, org, ev, false)
}

// importCase stores ev for org, creating org first when its ID is 0.
func (s *DB) importCase(ctx context.Context, actor *jixiao.User, org *jixiao.OrgRecord, ev *jixiao.Evaluation, replace bool) (*jixiao.EvaluationInfo, error) {
	if err := ev.Storable(); err != nil {
		return nil, err
	}
	var id int64
	create := org.ID == 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.importCaseTx(ctx, tx, actor, org, ev, replace)
		return err
	})
	if err != nil {
		if create {
			org.ID, org.Version = 0, 0
		}
		if isUnique(err) {
			return nil, jixiao.Errorf(jixiao.ECONFLICT, "该单位%d年度的%s评价已存在", ev.Year, ev.Subject.Title())
		}
		return nil, err
	}
	return s.EvaluationInfo(ctx, id)
}

// NewCase is a case to store for an organisation: an existing one (ID set)
// or a new one to create first (ID 0).
type NewCase struct {
	Org        *jixiao.OrgRecord
	Evaluation *jixiao.Evaluation
}

// maxImportBatch bounds the cases of one ImportBatch (one transaction).
const maxImportBatch = 1000

// ImportBatch stores new cases (none may replace an existing evaluation)
// in one transaction, creating the organisations that have no ID: a
// generated province or a migration loads many cases without a commit
// each. It returns the evaluations' IDs in order; on an error nothing of
// the batch is stored.
func (s *DB) ImportBatch(ctx context.Context, actor *jixiao.User, cases []NewCase) ([]int64, error) {
	if len(cases) > maxImportBatch {
		return nil, jixiao.Errorf(jixiao.EINVALID, "一次最多导入%d个案例，实际为%d个", maxImportBatch, len(cases))
	}
	for _, c := range cases {
		if err := c.Evaluation.Storable(); err != nil {
			return nil, err
		}
		if c.Org.ID == 0 {
			if err := validateOrg(c.Org); err != nil {
				return nil, err
			}
		}
	}
	ids := make([]int64, len(cases))
	created := make([]bool, len(cases))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i, c := range cases {
			created[i] = c.Org.ID == 0
			id, err := s.importCaseTx(ctx, tx, actor, c.Org, c.Evaluation, false)
			if err != nil {
				return err
			}
			ids[i] = id
		}
		return nil
	})
	if err != nil {
		for i, c := range cases {
			if created[i] {
				c.Org.ID, c.Org.Version = 0, 0
			}
		}
		return nil, err
	}
	return ids, nil
}

// importCaseTx stores ev for org within tx, creating org first when its ID
// is 0, and returns the evaluation's ID.
func (s *DB) importCaseTx(ctx context.Context, tx *sql.Tx, actor *jixiao.User, org *jixiao.OrgRecord, ev *jixiao.Evaluation, replace bool) (int64, error) {
	var id int64
	err := func() error {
		if org.ID == 0 {
			if err := s.createOrg(ctx, tx, actor, org); err != nil {
				return err
			}
		}
		orgID := org.ID
		var status jixiao.Status
		err := tx.QueryRowContext(ctx, `SELECT id, status FROM evaluations WHERE org_id = $1 AND year = $2 AND subject = $3 AND subject_key = $4`,
			orgID, ev.Year, string(ev.Subject), subjectKey(ev)).Scan(&id, &status)
		var old string
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id = 0
		case err != nil:
			return err
		case !replace:
			return jixiao.Errorf(jixiao.ECONFLICT, "该单位%d年度的%s评价已存在；如要用新内容覆盖它，请选择替换", ev.Year, ev.Subject.Title())
		case status == jixiao.StatusSubmitted || status == jixiao.StatusAccepted:
			return jixiao.Errorf(jixiao.ECONFLICT, "已有的这项评价%s，不能覆盖", status.Title())
		default:
			prev, err := s.loadCase(ctx, tx, id)
			if err != nil {
				return err
			}
			old = caseJSON(prev)
		}
		now := s.millis()
		if id == 0 {
			cols := append([]string{"org_id", "year", "subject", "subject_key", "status", "created_by", "created_at", "updated_at"}, evalFieldNames...)
			status := ev.Status
			if status == "" {
				status = jixiao.StatusDraft
			}
			vals := append([]any{orgID, ev.Year, string(ev.Subject), subjectKey(ev), string(status), userID(actor), now, now}, evalFieldValues(ev)...)
			if id, err = insert(ctx, tx, "evaluations", cols, vals); err != nil {
				return err
			}
		} else {
			if err := s.deleteContent(ctx, tx, id); err != nil {
				return err
			}
			cols := append([]string{"updated_at"}, evalFieldNames...)
			vals := append([]any{now}, evalFieldValues(ev)...)
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE evaluations SET %s, version = version + 1, revision = revision + 1 WHERE id = $%d",
				setClause(cols), len(cols)+1), append(vals, id)...); err != nil {
				return fmt.Errorf("update evaluation: %w", err)
			}
		}
		if err := s.writeContent(ctx, tx, id, ev); err != nil {
			return err
		}
		action := "import"
		if old != "" {
			action = "replace"
		}
		if err := pinRulebook(ctx, tx, id, ev.Rulebook); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, action, "evaluation", id, id, old, caseJSON(ev))
	}()
	return id, err
}

func userID(u *jixiao.User) *int64 {
	if u == nil || u.ID == 0 {
		return nil
	}
	return &u.ID
}

// caseJSON is the audit log's form of a whole case.
func caseJSON(ev *jixiao.Evaluation) string {
	b, err := json.Marshal(ev)
	if err != nil {
		return ""
	}
	return string(b)
}

// deleteContent removes everything of an evaluation but its own row and
// its files, workflow history and comments.
func (s *DB) deleteContent(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, table := range append(statedTables, "deductions", "indicators", "goals", "projects", "budget_scores", "budget_rates", "income_lines", "budget_stages", "eval_texts") {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE evaluation_id = $1", id); err != nil {
			return fmt.Errorf("delete %s: %w", table, err)
		}
	}
	return nil
}

// texts are the evaluation's ordered lists, by list name.
func textLists(ev *jixiao.Evaluation) map[string][]jixiao.Item {
	strs := func(ss []string) []jixiao.Item {
		out := make([]jixiao.Item, len(ss))
		for i, s := range ss {
			out[i] = jixiao.Item{Text: s}
		}
		return out
	}
	m := map[string][]jixiao.Item{
		"functions": strs(ev.Org.Functions), "units": strs(ev.Org.Units), "problems": ev.Problems, "measures": ev.Measures,
	}
	if wg := ev.WorkGroup; wg != nil {
		m["wg_deputies"], m["wg_members"] = strs(wg.Deputies), strs(wg.Members)
	}
	if p := ev.Process; p != nil {
		m["materials"], m["steps"], m["methods"] = strs(p.Materials), p.Steps, p.Methods
	}
	return m
}

// writeContent writes the sections and records of ev under evaluation id.
func (s *DB) writeContent(ctx context.Context, tx *sql.Tx, id int64, ev *jixiao.Evaluation) error {
	for list, items := range textLists(ev) {
		for i, it := range items {
			if err := insertNoID(ctx, tx, "eval_texts", []string{"evaluation_id", "list", "seq", "title", "text"}, []any{id, list, i, it.Title, it.Text}); err != nil {
				return err
			}
		}
	}
	if err := writeBudget(ctx, tx, id, ev.Budget); err != nil {
		return err
	}
	if err := writeStated(ctx, tx, id, ev); err != nil {
		return err
	}
	now := s.millis()
	for i := range ev.Projects {
		if _, err := s.insertProject(ctx, tx, id, i, &ev.Projects[i], now); err != nil {
			return err
		}
	}
	for i := range ev.Goals {
		g := &ev.Goals[i]
		gid, err := insert(ctx, tx, "goals", goalCols, append([]any{id, i}, goalValues(g, now)...))
		if err != nil {
			return err
		}
		for j := range g.Indicators {
			if _, err := s.insertIndicator(ctx, tx, id, jixiao.Owner{GoalID: gid}, j, &g.Indicators[j], now); err != nil {
				return err
			}
		}
		if err := insertDeductions(ctx, tx, id, "goal_id", gid, g.Deductions); err != nil {
			return err
		}
	}
	for j := range ev.Indicators {
		if _, err := s.insertIndicator(ctx, tx, id, jixiao.Owner{}, j, &ev.Indicators[j], now); err != nil {
			return err
		}
	}
	return nil
}

func writeBudget(ctx context.Context, tx *sql.Tx, id int64, b *jixiao.Budget) error {
	if b == nil {
		return nil
	}
	for _, st := range jixiao.AllStages {
		bs := b.Stage(st)
		if bs == nil {
			continue
		}
		if err := insertNoID(ctx, tx, "budget_stages",
			[]string{"evaluation_id", "stage", "income_total", "expenditure_total", "basic", "personnel", "public", "project", "carryover", "text"},
			[]any{id, string(st), toMicro(bs.IncomeTotal), toMicro(bs.ExpenditureTotal), toMicro(bs.Basic), toMicro(bs.Personnel),
				toMicro(bs.Public), toMicro(bs.Project), toMicro(bs.Carryover), bs.Text}); err != nil {
			return err
		}
		for i, l := range bs.Income {
			if _, err := insert(ctx, tx, "income_lines", []string{"evaluation_id", "stage", "seq", "source", "label", "amount"},
				[]any{id, string(st), i, string(l.Source), l.Label, toMicro(l.Amount)}); err != nil {
				return err
			}
		}
	}
	for i, r := range b.Rates {
		if err := insertNoID(ctx, tx, "budget_rates", []string{"evaluation_id", "seq", "of_what", "rate"}, []any{id, i, r.Of, r.Rate.Text}); err != nil {
			return err
		}
	}
	for i, l := range b.Scores {
		if err := insertNoID(ctx, tx, "budget_scores", []string{"evaluation_id", "seq", "of_what", "score", "max_score"},
			[]any{id, i, l.Of, exactText(l.Score), decText(l.Max)}); err != nil {
			return err
		}
	}
	return nil
}

var goalCols = []string{"evaluation_id", "seq", "gid", "name", "weight", "target", "indicators_text", "achievement", "results", "rubric", "stated_score", "updated_at"}

func goalValues(g *jixiao.Goal, now int64) []any {
	return []any{g.ID, g.Name, decText(g.Weight), g.Target, g.IndicatorsText, g.Achievement, g.Results, jsonText(g.Rubric), decText(g.StatedScore), now}
}

// jsonText stores a small structure (a rubric, weights) as JSON text; nil
// is "".
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	switch x := v.(type) {
	case *jixiao.Rubric:
		if x == nil {
			return ""
		}
	case map[string]any:
		if len(x) == 0 {
			return ""
		}
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if s == "null" || s == "{}" || s == "[]" {
		return ""
	}
	return s
}

var indicatorCols = []string{"iid", "level1", "level2", "name", "op", "target", "unit", "actual", "numerator", "denominator", "tier",
	"weight", "score", "core", "cause", "deviation", "improvement", "rubric", "library_id", "updated_at"}

func indicatorValues(in *jixiao.Indicator, now int64) []any {
	return []any{in.ID, in.Level1, in.Level2, in.Name, string(in.Op), in.Target.Text, in.Unit, in.Actual.Text, in.Numerator.Text, in.Denominator.Text, in.Tier,
		decText(in.Weight), decText(in.Score), in.Core, in.Cause, in.Deviation, in.Improvement, jsonText(in.Rubric), in.LibraryID, now}
}

func ownerArgs(o jixiao.Owner) (goal, project *int64) {
	if o.GoalID != 0 {
		goal = &o.GoalID
	}
	if o.ProjectID != 0 {
		project = &o.ProjectID
	}
	return
}

func (s *DB) insertIndicator(ctx context.Context, tx *sql.Tx, evalID int64, owner jixiao.Owner, seq int, in *jixiao.Indicator, now int64) (int64, error) {
	g, p := ownerArgs(owner)
	cols := append([]string{"evaluation_id", "goal_id", "project_id", "seq"}, indicatorCols...)
	iid, err := insert(ctx, tx, "indicators", cols, append([]any{evalID, g, p, seq}, indicatorValues(in, now)...))
	if err != nil {
		return 0, err
	}
	if err := insertDeductions(ctx, tx, evalID, "indicator_id", iid, in.Deductions); err != nil {
		return 0, err
	}
	for i, e := range in.Evidence {
		if _, err := insert(ctx, tx, "evidence", []string{"indicator_id", "seq", "title", "file", "note"}, []any{iid, i, e.Title, e.File, e.Note}); err != nil {
			return 0, err
		}
	}
	return iid, nil
}

func insertDeductions(ctx context.Context, tx *sql.Tx, evalID int64, ownerCol string, ownerID int64, ds []jixiao.Deduction) error {
	for i, d := range ds {
		projects := ""
		if len(d.Projects) > 0 {
			b, _ := json.Marshal(d.Projects)
			projects = string(b)
		}
		if _, err := insert(ctx, tx, "deductions", []string{"evaluation_id", ownerCol, "seq", "points", "reason", "projects", "indicator_ref"},
			[]any{evalID, ownerID, i, exactText(d.Points), d.Reason, projects, d.Indicator}); err != nil {
			return err
		}
	}
	return nil
}

// LoadEvaluation returns the whole case of evaluation id and its info.
func (s *DB) LoadEvaluation(ctx context.Context, id int64) (*jixiao.Evaluation, *jixiao.EvaluationInfo, error) {
	q := s.read(ctx)
	info, err := scanInfo(q.QueryRowContext(ctx, infoSelect+" WHERE e.id = $1", id))
	if err != nil {
		return nil, nil, notFound(err, "评价（编号%d）不存在", id)
	}
	ev, err := s.loadCase(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	return ev, info, nil
}

// LoadCase returns the whole case of evaluation id and the revision it
// is at, in one round trip (LoadEvaluation also reads its info).
func (s *DB) LoadCase(ctx context.Context, id int64) (*jixiao.Evaluation, int64, error) {
	var revision int64
	ev, err := s.loadCaseAt(ctx, s.read(ctx), id, &revision)
	return ev, revision, err
}

func (s *DB) loadCase(ctx context.Context, q querier, id int64) (*jixiao.Evaluation, error) {
	var revision int64
	return s.loadCaseAt(ctx, q, id, &revision)
}

// loadCaseAt loads the case of evaluation id, and sets *revision to the
// revision it is at.
func (s *DB) loadCaseAt(ctx context.Context, q querier, id int64, revision *int64) (*jixiao.Evaluation, error) {
	ev := &jixiao.Evaluation{Format: jixiao.CaseFormat}
	var r evalRow
	var subject, status string
	// The evaluation's row and all its lists in one round trip
	// (prefetch.go); the loaders below read from what it returned.
	text, queries := combinedQuery(s.dialect, "SELECT revision, year, subject, status, "+strings.Join(evalFieldNames, ", ")+",\n{parts}\nFROM evaluations WHERE id = $1")
	parts := make([][]byte, len(queries))
	targets := append([]any{revision, &ev.Year, &subject, &status}, r.targets()...)
	for i := range parts {
		targets = append(targets, &parts[i])
	}
	if err := q.QueryRowContext(ctx, text, id).Scan(targets...); err != nil {
		return nil, notFound(err, "评价（编号%d）不存在", id)
	}
	pre := &prefetched{querier: q, id: id, parts: make(map[string][]byte, len(queries))}
	for i, query := range queries {
		pre.parts[query] = parts[i]
	}
	q = pre
	ev.Subject, ev.Status = jixiao.Subject(subject), jixiao.Status(status)
	if err := r.apply(ev); err != nil {
		return nil, err
	}
	if err := loadTexts(ctx, q, id, ev); err != nil {
		return nil, err
	}
	if ev.Budget != nil {
		if err := loadBudget(ctx, q, id, ev.Budget); err != nil {
			return nil, err
		}
	}
	if err := loadStated(ctx, q, id, ev); err != nil {
		return nil, err
	}
	inds, err := loadIndicators(ctx, q, "evaluation_id = $1", id)
	if err != nil {
		return nil, err
	}
	deds, err := loadDeductions(ctx, q, id)
	if err != nil {
		return nil, err
	}
	projects, err := loadProjects(ctx, q, "evaluation_id = $1", id)
	if err != nil {
		return nil, err
	}
	for _, p := range projects {
		p.Project.Indicators = indicatorsOf(inds, jixiao.Owner{ProjectID: p.ID}, deds)
		p.Project.ExecutionDeductions = deds.project[p.ID]
		ev.Projects = append(ev.Projects, p.Project)
	}
	goals, err := loadGoals(ctx, q, "evaluation_id = $1", id)
	if err != nil {
		return nil, err
	}
	for _, g := range goals {
		g.Goal.Indicators = indicatorsOf(inds, jixiao.Owner{GoalID: g.ID}, deds)
		g.Goal.Deductions = deds.goal[g.ID]
		ev.Goals = append(ev.Goals, g.Goal)
	}
	ev.Indicators = indicatorsOf(inds, jixiao.Owner{}, deds)
	return ev, nil
}

const (
	textsQuery        = "SELECT list, title, text FROM eval_texts WHERE evaluation_id = $1 ORDER BY list, seq"
	budgetStagesQuery = "SELECT stage, income_total, expenditure_total, basic, personnel, public, project, carryover, text FROM budget_stages WHERE evaluation_id = $1 ORDER BY stage"
	incomeLinesQuery  = "SELECT stage, source, label, amount FROM income_lines WHERE evaluation_id = $1 ORDER BY stage, seq"
	budgetRatesQuery  = "SELECT of_what, rate FROM budget_rates WHERE evaluation_id = $1 ORDER BY seq"
	budgetScoresQuery = "SELECT of_what, score, max_score FROM budget_scores WHERE evaluation_id = $1 ORDER BY seq"
	deductionsQuery   = "SELECT goal_id, indicator_id, project_id, points, reason, projects, indicator_ref FROM deductions WHERE evaluation_id = $1 ORDER BY seq, id"
)

func indicatorsQuery(where string) string {
	return indicatorSelect + " WHERE " + where + " ORDER BY seq, id"
}

func evidenceQuery(where string) string {
	return "SELECT indicator_id, title, file, note FROM evidence WHERE indicator_id IN (SELECT id FROM indicators WHERE " + where + ") ORDER BY indicator_id, seq, id"
}

func goalsQuery(where string) string { return goalSelect + " WHERE " + where + " ORDER BY seq, id" }

func loadTexts(ctx context.Context, q querier, id int64, ev *jixiao.Evaluation) error {
	rows, err := rowsOf(ctx, q, textsQuery, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var list string
		var it jixiao.Item
		if err := rows.Scan(&list, &it.Title, &it.Text); err != nil {
			return err
		}
		wg := func() *jixiao.WorkGroup {
			if ev.WorkGroup == nil {
				ev.WorkGroup = &jixiao.WorkGroup{}
			}
			return ev.WorkGroup
		}
		pr := func() *jixiao.Process {
			if ev.Process == nil {
				ev.Process = &jixiao.Process{}
			}
			return ev.Process
		}
		switch list {
		case "functions":
			ev.Org.Functions = append(ev.Org.Functions, it.Text)
		case "units":
			ev.Org.Units = append(ev.Org.Units, it.Text)
		case "problems":
			ev.Problems = append(ev.Problems, it)
		case "measures":
			ev.Measures = append(ev.Measures, it)
		case "wg_deputies":
			wg().Deputies = append(wg().Deputies, it.Text)
		case "wg_members":
			wg().Members = append(wg().Members, it.Text)
		case "materials":
			pr().Materials = append(pr().Materials, it.Text)
		case "steps":
			pr().Steps = append(pr().Steps, it)
		case "methods":
			pr().Methods = append(pr().Methods, it)
		}
	}
	return rows.Err()
}

func loadBudget(ctx context.Context, q querier, id int64, b *jixiao.Budget) error {
	rows, err := rowsOf(ctx, q, budgetStagesQuery, id)
	if err != nil {
		return err
	}
	stages := map[string]*jixiao.BudgetStage{}
	for rows.Next() {
		var st string
		var it, et, ba, pe, pu, pr, ca *int64
		bs := &jixiao.BudgetStage{}
		if err := rows.Scan(&st, &it, &et, &ba, &pe, &pu, &pr, &ca, &bs.Text); err != nil {
			rows.Close()
			return err
		}
		bs.IncomeTotal, bs.ExpenditureTotal, bs.Basic, bs.Personnel = fromMicro(it), fromMicro(et), fromMicro(ba), fromMicro(pe)
		bs.Public, bs.Project, bs.Carryover = fromMicro(pu), fromMicro(pr), fromMicro(ca)
		stages[st] = bs
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	b.Initial, b.Adjusted, b.Final = stages["initial"], stages["adjusted"], stages["final"]
	rows, err = rowsOf(ctx, q, incomeLinesQuery, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var st, source string
		var amount *int64
		var l jixiao.IncomeLine
		if err := rows.Scan(&st, &source, &l.Label, &amount); err != nil {
			rows.Close()
			return err
		}
		l.Source, l.Amount = jixiao.IncomeSource(source), fromMicro(amount)
		if bs := stages[st]; bs != nil {
			bs.Income = append(bs.Income, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	err = eachRow(ctx, q, budgetRatesQuery, []any{id}, func(sc scanner) error {
		var of, rate string
		if err := sc.Scan(&of, &rate); err != nil {
			return err
		}
		b.Rates = append(b.Rates, jixiao.StatedRate{Of: of, Rate: figure(rate)})
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, budgetScoresQuery, []any{id}, func(sc scanner) error {
		var l jixiao.LineScore
		var score string
		var maxScore *string
		if err := sc.Scan(&l.Of, &score, &maxScore); err != nil {
			return err
		}
		d, err := parseDec(&score)
		if err != nil {
			return err
		}
		l.Score = *d
		if l.Max, err = parseDec(maxScore); err != nil {
			return err
		}
		b.Scores = append(b.Scores, l)
		return nil
	})
}

const indicatorSelect = "SELECT id, evaluation_id, goal_id, project_id, seq, version, " + "iid, level1, level2, name, op, target, unit, actual, numerator, denominator, tier, weight, score, core, cause, deviation, improvement, rubric, library_id FROM indicators"

func loadIndicators(ctx context.Context, q querier, where string, args ...any) ([]*jixiao.IndicatorRecord, error) {
	rows, err := rowsOf(ctx, q, indicatorsQuery(where), args...)
	if err != nil {
		return nil, err
	}
	var out []*jixiao.IndicatorRecord
	for rows.Next() {
		r, err := scanIndicator(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// The evidence of every indicator selected, in one query (not one per
	// indicator: a case of 400 indicators was 400 round trips).
	byID := make(map[int64]*jixiao.IndicatorRecord, len(out))
	for _, r := range out {
		byID[r.ID] = r
	}
	rows, err = rowsOf(ctx, q, evidenceQuery(where), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e jixiao.Evidence
		if err := rows.Scan(&id, &e.Title, &e.File, &e.Note); err != nil {
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.Indicator.Evidence = append(r.Indicator.Evidence, e)
		}
	}
	return out, rows.Err()
}

type scanner interface{ Scan(...any) error }

func scanIndicator(sc scanner) (*jixiao.IndicatorRecord, error) {
	r := &jixiao.IndicatorRecord{}
	var weight, score *string
	var gid, pid *int64
	var op, target, actual, numerator, denominator, rubric string
	in := &r.Indicator
	if err := sc.Scan(&r.ID, &r.EvaluationID, &gid, &pid, &r.Seq, &r.Version,
		&in.ID, &in.Level1, &in.Level2, &in.Name, &op, &target, &in.Unit, &actual, &numerator, &denominator, &in.Tier,
		&weight, &score, &in.Core, &in.Cause, &in.Deviation, &in.Improvement, &rubric, &in.LibraryID); err != nil {
		return nil, err
	}
	if gid != nil {
		r.Owner.GoalID = *gid
	}
	if pid != nil {
		r.Owner.ProjectID = *pid
	}
	in.Op = jixiao.Operator(op)
	in.Target, in.Actual, in.Numerator, in.Denominator = figure(target), figure(actual), figure(numerator), figure(denominator)
	var err error
	if in.Weight, err = parseDec(weight); err != nil {
		return nil, err
	}
	if in.Score, err = parseDec(score); err != nil {
		return nil, err
	}
	if rubric != "" {
		in.Rubric = &jixiao.Rubric{}
		if err := json.Unmarshal([]byte(rubric), in.Rubric); err != nil {
			return nil, fmt.Errorf("stored rubric: %w", err)
		}
	}
	return r, nil
}

// deductionSets are an evaluation's deductions by owner.
type deductionSets struct {
	goal, indicator, project map[int64][]jixiao.Deduction
}

func loadDeductions(ctx context.Context, q querier, evalID int64) (*deductionSets, error) {
	rows, err := rowsOf(ctx, q, deductionsQuery, evalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d := &deductionSets{goal: map[int64][]jixiao.Deduction{}, indicator: map[int64][]jixiao.Deduction{}, project: map[int64][]jixiao.Deduction{}}
	for rows.Next() {
		var gid, iid, pid *int64
		var points, projects string
		var x jixiao.Deduction
		if err := rows.Scan(&gid, &iid, &pid, &points, &x.Reason, &projects, &x.Indicator); err != nil {
			return nil, err
		}
		p, err := parseDec(&points)
		if err != nil {
			return nil, err
		}
		x.Points = *p
		if projects != "" {
			if err := json.Unmarshal([]byte(projects), &x.Projects); err != nil {
				return nil, fmt.Errorf("stored deduction projects: %w", err)
			}
		}
		switch {
		case gid != nil:
			d.goal[*gid] = append(d.goal[*gid], x)
		case iid != nil:
			d.indicator[*iid] = append(d.indicator[*iid], x)
		case pid != nil:
			d.project[*pid] = append(d.project[*pid], x)
		}
	}
	return d, rows.Err()
}

func indicatorsOf(all []*jixiao.IndicatorRecord, owner jixiao.Owner, deds *deductionSets) []jixiao.Indicator {
	var out []jixiao.Indicator
	for _, r := range all {
		if r.Owner == owner {
			in := r.Indicator
			in.Deductions = deds.indicator[r.ID]
			out = append(out, in)
		}
	}
	return out
}

const goalSelect = "SELECT id, evaluation_id, seq, version, gid, name, weight, target, indicators_text, achievement, results, rubric, stated_score FROM goals"

func loadGoals(ctx context.Context, q querier, where string, args ...any) ([]*jixiao.GoalRecord, error) {
	rows, err := rowsOf(ctx, q, goalsQuery(where), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.GoalRecord
	for rows.Next() {
		r := &jixiao.GoalRecord{}
		g := &r.Goal
		var weight, stated *string
		var rubric string
		if err := rows.Scan(&r.ID, &r.EvaluationID, &r.Seq, &r.Version, &g.ID, &g.Name, &weight, &g.Target, &g.IndicatorsText, &g.Achievement, &g.Results,
			&rubric, &stated); err != nil {
			return nil, err
		}
		if g.Weight, err = parseDec(weight); err != nil {
			return nil, err
		}
		if g.StatedScore, err = parseDec(stated); err != nil {
			return nil, err
		}
		if rubric != "" {
			g.Rubric = &jixiao.Rubric{}
			if err := json.Unmarshal([]byte(rubric), g.Rubric); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
