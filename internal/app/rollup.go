package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/shopspring/decimal"

	"jixiao"
)

// maxRollupEvaluations bounds the evaluations a roll-up reads (a province's
// several years of department and project evaluations fit well within it).
const maxRollupEvaluations = 200000

var (
	score90 = decimal.NewFromInt(90)
	score80 = decimal.NewFromInt(80)
	score60 = decimal.NewFromInt(60)
)

// Rollup summarises one level of the organisation tree: the organisations
// directly below orgID (0: the top of the user's scope, or the one
// organisation at its top), each totalling its
// whole subtree's evaluations of the year. It is computed from the stored
// evaluations every time (their summaries are recalled by revision): the
// organisations in one query, the evaluations of the user's scope in
// another, whatever the number of departments below.
func (a *App) Rollup(ctx context.Context, orgID int64, year int) (*jixiao.Rollup, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	orgs, err := a.db.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*jixiao.OrgRecord, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	inScope := func(int64) bool { return true }
	if !all {
		set := make(map[int64]bool, len(ids))
		for _, id := range ids {
			set[id] = true
		}
		inScope = func(id int64) bool { return set[id] }
	}
	hasChildren := map[int64]bool{}
	for _, o := range orgs {
		if o.ParentID != 0 && o.ParentID != o.ID && inScope(o.ID) {
			hasChildren[o.ParentID] = true
		}
	}
	// parentIn is o's parent when the user sees it, else 0 (o is at the top
	// of the user's view).
	parentIn := func(o *jixiao.OrgRecord) int64 {
		if p, ok := byID[o.ParentID]; ok && p.ID != o.ID && inScope(p.ID) {
			return p.ID
		}
		return 0
	}
	if orgID == 0 {
		// The top of the user's view: when it is one organisation (a
		// reviewer's own, a department's), that organisation's level.
		var tops []int64
		for _, o := range orgs {
			if inScope(o.ID) && parentIn(o) == 0 && o.Kind != jixiao.OrgEvaluator {
				tops = append(tops, o.ID)
			}
		}
		if len(tops) == 1 {
			orgID = tops[0]
		}
	}
	r := &jixiao.Rollup{Path: []*jixiao.OrgRecord{}, Rows: []*jixiao.RollupRow{}}
	if orgID != 0 {
		o, ok := byID[orgID]
		if !ok || !inScope(orgID) {
			return nil, jixiao.Errorf(jixiao.ENOTFOUND, "单位不存在或无权查看")
		}
		r.Org = o
		for p, n := parentIn(o), 0; p != 0 && n < maxOrgDepth; p, n = parentIn(byID[p]), n+1 {
			r.Path = append(r.Path, byID[p])
		}
		slices.Reverse(r.Path)
	}

	infos, _, err := a.ListEvaluations(ctx, jixiao.EvaluationFilter{Limit: maxRollupEvaluations})
	if err != nil {
		return nil, err
	}
	for _, in := range infos {
		if !slices.Contains(r.Years, in.Year) {
			r.Years = append(r.Years, in.Year)
		}
	}
	slices.Sort(r.Years)
	slices.Reverse(r.Years)
	if year == 0 && len(r.Years) > 0 {
		year = r.Years[0]
	}
	r.Year = year

	// Each evaluation goes to the row of the organisation directly below
	// the rolled-up one on its way up the tree (or to the own row).
	rows := map[int64]*jixiao.RollupRow{}
	var own *jixiao.RollupRow
	rowOf := func(orgID int64) *jixiao.RollupRow {
		id := orgID
		for range maxOrgDepth + 1 {
			o, ok := byID[id]
			if !ok {
				return nil
			}
			if r.Org != nil && id == r.Org.ID {
				if own == nil {
					own = newRollupRow(r.Org)
					own.Own = true
				}
				return own
			}
			p := parentIn(o)
			if r.Org == nil && p == 0 || r.Org != nil && p == r.Org.ID {
				row := rows[id]
				if row == nil {
					row = newRollupRow(o)
					row.Children = hasChildren[id]
					rows[id] = row
				}
				return row
			}
			if p == 0 {
				return nil // not below the rolled-up organisation
			}
			id = p
		}
		return nil
	}
	// Every organisation of the level has its row, evaluated or not (an
	// evaluation company is no level of the tree).
	for _, o := range orgs {
		if inScope(o.ID) && (r.Org == nil || o.ID != r.Org.ID) && o.Kind != jixiao.OrgEvaluator {
			rowOf(o.ID)
		}
	}
	var mine []*jixiao.EvaluationInfo
	rowFor := map[int64]*jixiao.RollupRow{}
	for _, in := range infos {
		if in.Year != year {
			continue
		}
		row := rowOf(in.OrgID)
		if row == nil {
			continue
		}
		mine = append(mine, in)
		rowFor[in.ID] = row
	}
	sums, err := a.summarize(ctx, mine)
	if err != nil {
		return nil, err
	}
	total := newRollupRow(nil)
	acc := map[*jixiao.RollupRow]*rollupAcc{total: {units: map[int64]bool{}}}
	for _, s := range sums {
		for _, row := range []*jixiao.RollupRow{rowFor[s.ID], total} {
			if acc[row] == nil {
				acc[row] = &rollupAcc{units: map[int64]bool{}}
			}
			acc[row].add(row, s)
		}
	}
	for row, c := range acc {
		c.finish(row)
	}
	r.Total = *total
	for _, row := range rows {
		r.Rows = append(r.Rows, row)
	}
	slices.SortFunc(r.Rows, func(a, b *jixiao.RollupRow) int { return cmp.Compare(a.Org.Code, b.Org.Code) })
	if own != nil {
		r.Rows = append([]*jixiao.RollupRow{own}, r.Rows...)
	}
	return r, nil
}

func newRollupRow(o *jixiao.OrgRecord) *jixiao.RollupRow {
	return &jixiao.RollupRow{Org: o, ByStatus: map[jixiao.Status]int{}, Grades: map[string]int{}}
}

// rollupAcc accumulates a row's scores as they are added.
type rollupAcc struct {
	units map[int64]bool
	sum   decimal.Decimal
}

func (c *rollupAcc) add(row *jixiao.RollupRow, s *jixiao.Summary) {
	c.units[s.OrgID] = true
	row.Evaluations++
	row.ByStatus[s.Status]++
	row.Errors += s.Errors
	row.Warnings += s.Warnings
	if s.Budget != nil && s.Spent != nil {
		row.Budget = row.Budget.Add(*s.Budget)
		row.Spent = row.Spent.Add(*s.Spent)
	}
	if !s.Scored {
		return
	}
	row.Scored++
	t := s.Total
	c.sum = c.sum.Add(t)
	if row.Min == nil || t.LessThan(*row.Min) {
		row.Min = &t
	}
	if row.Max == nil || t.GreaterThan(*row.Max) {
		row.Max = &t
	}
	switch {
	case t.GreaterThanOrEqual(score90):
		row.Bands[0]++
	case t.GreaterThanOrEqual(score80):
		row.Bands[1]++
	case t.GreaterThanOrEqual(score60):
		row.Bands[2]++
	default:
		row.Bands[3]++
	}
	if s.Grade != "" {
		row.Grades[s.Grade]++
	}
}

func (c *rollupAcc) finish(row *jixiao.RollupRow) {
	row.Units = len(c.units)
	if row.Scored > 0 {
		avg := c.sum.DivRound(decimal.NewFromInt(int64(row.Scored)), 2)
		row.Average = &avg
	}
	if r, ok := jixiao.Ratio(row.Spent, row.Budget); ok && row.Budget.IsPositive() {
		row.Execution = &r
	}
}
