package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/scoring"
	"jixiao/internal/sqlstore"
)

// summaryCache keeps computed summaries by evaluation and revision: a
// bureau's dashboard scores and checks every department once, and again
// only for the cases that changed. A summary is a deterministic function
// of the stored revision and its basis (summaryBasis), so several servers
// on one database hold the same summary for a revision, and a change (a
// new revision) is never answered from an older one. Each server keeps
// them in memory and in the database (table evaluation_summaries), where
// a server started later, or another one, finds them.
// Requests that want the same summary at once (a bureau's staff opening
// the dashboard together) wait for one computation instead of each doing
// it.
type summaryCache struct {
	mu       sync.Mutex
	m        map[int64]cachedSummary
	inFlight singleflight.Group
	computed atomic.Int64 // summaries computed since the process started
}

type cachedSummary struct {
	revision int64
	s        jixiao.Summary
}

// Summaries lists evaluations with their score, grade, execution rate and
// findings.
func (a *App) Summaries(ctx context.Context, f jixiao.EvaluationFilter) ([]*jixiao.Summary, int, error) {
	infos, total, err := a.ListEvaluations(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out, err := a.summarize(ctx, infos)
	return out, total, err
}

// summarize computes (or recalls) the summaries of infos, which come from
// a list the user was allowed to see. Summaries this server has not kept
// are read from the database where they were stored at the same revision
// and basis (after a restart, or computed by another server); the rest
// are computed and stored there.
func (a *App) summarize(ctx context.Context, infos []*jixiao.EvaluationInfo) ([]*jixiao.Summary, error) {
	out := make([]*jixiao.Summary, len(infos))
	var missing []int
	for i, info := range infos {
		if out[i] = a.recalled(info); out[i] == nil {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	missing = a.readStoredSummaries(ctx, infos, out, missing)
	// Scoring and checking are CPU work: uncached summaries are computed on
	// every core.
	errs := make([]error, len(infos))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(missing), 1)) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = a.summary(ctx, infos[i])
			}
		})
	}
	for _, i := range missing {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	a.storeSummaries(ctx, infos, out, missing)
	return out, nil
}

// recalled is info's summary as this server keeps it, or nil.
func (a *App) recalled(info *jixiao.EvaluationInfo) *jixiao.Summary {
	a.summaries.mu.Lock()
	c, ok := a.summaries.m[info.ID]
	a.summaries.mu.Unlock()
	if !ok || c.revision != info.Revision {
		return nil
	}
	s := c.s
	s.EvaluationInfo = info
	return &s
}

// keep keeps s as the summary of evaluation id at revision.
func (a *App) keep(id, revision int64, s jixiao.Summary) {
	s.EvaluationInfo = nil
	a.summaries.mu.Lock()
	if a.summaries.m == nil {
		a.summaries.m = map[int64]cachedSummary{}
	}
	if c, ok := a.summaries.m[id]; !ok || c.revision <= revision {
		a.summaries.m[id] = cachedSummary{revision: revision, s: s}
	}
	a.summaries.mu.Unlock()
}

// readStoredSummaries fills out[i], for i in missing, with the summaries
// stored at infos[i]'s revision and basis, and returns the indexes still
// missing. The stored summaries are a cache: when they cannot be read,
// every summary is computed.
func (a *App) readStoredSummaries(ctx context.Context, infos []*jixiao.EvaluationInfo, out []*jixiao.Summary, missing []int) []int {
	ids := make([]int64, 0, len(missing))
	for _, i := range missing {
		if summaryBasis(infos[i].Rulebook) != "" {
			ids = append(ids, infos[i].ID)
		}
	}
	if len(ids) == 0 {
		return missing
	}
	stored, err := a.db.StoredSummaries(ctx, ids)
	if err != nil {
		a.Logger.Warn("stored summaries not read", "err", err)
		return missing
	}
	rest := missing[:0:0]
	for _, i := range missing {
		info := infos[i]
		r, ok := stored[info.ID]
		if !ok || r.Revision != info.Revision || r.Basis != summaryBasis(info.Rulebook) {
			rest = append(rest, i)
			continue
		}
		s, err := decodeSummary(r.Data)
		if err != nil {
			a.Logger.Warn("stored summary not readable", "evaluation", info.ID, "err", err)
			rest = append(rest, i)
			continue
		}
		a.keep(info.ID, info.Revision, s)
		s.EvaluationInfo = info
		out[i] = &s
	}
	return rest
}

// storeSummaries stores out[i], for i in computed, for this and other
// servers; a failure only costs computing them again.
func (a *App) storeSummaries(ctx context.Context, infos []*jixiao.EvaluationInfo, out []*jixiao.Summary, computed []int) {
	rs := make([]sqlstore.StoredSummary, 0, len(computed))
	for _, i := range computed {
		basis := summaryBasis(infos[i].Rulebook)
		if basis == "" {
			continue
		}
		rs = append(rs, sqlstore.StoredSummary{EvaluationID: infos[i].ID, Revision: infos[i].Revision, Basis: basis, Data: encodeSummary(out[i])})
	}
	if len(rs) == 0 {
		return
	}
	if err := a.db.StoreSummaries(context.WithoutCancel(ctx), rs); err != nil {
		a.Logger.Warn("summaries not stored", "err", err)
	}
}

// summary computes (or recalls) one evaluation's summary; info comes from
// a list the user was allowed to see.
func (a *App) summary(ctx context.Context, info *jixiao.EvaluationInfo) (*jixiao.Summary, error) {
	if s := a.recalled(info); s != nil {
		return s, nil
	}
	// One computation per evaluation and revision, shared by the requests
	// that want it meanwhile; one request giving up does not stop it for
	// the others.
	v, err, _ := a.summaries.inFlight.Do(fmt.Sprintf("%d@%d", info.ID, info.Revision), func() (any, error) {
		return a.computeSummary(context.WithoutCancel(ctx), info)
	})
	if err != nil {
		return nil, err
	}
	s := *v.(*jixiao.Summary)
	s.EvaluationInfo = info
	return &s, nil
}

// SummariesComputed is how many summaries were computed (not recalled or
// shared) since the process started.
func (a *App) SummariesComputed() int64 { return a.summaries.computed.Load() }

// computeSummary scores and checks one evaluation and keeps its summary
// by revision.
func (a *App) computeSummary(ctx context.Context, info *jixiao.EvaluationInfo) (*jixiao.Summary, error) {
	a.summaries.computed.Add(1)
	ev, _, err := a.db.LoadCase(ctx, info.ID)
	if err != nil {
		return nil, err
	}
	s := jixiao.Summary{EvaluationInfo: info, Codes: map[string]int{}}
	if r, how, ok := scoring.Execution(ev); ok {
		s.Execution, s.ExecutionHow = &r, how
	}
	if b, sp, ok := scoring.ExecutionAmounts(ev); ok {
		s.Budget, s.Spent = &b, &sp
	}
	rb, err := a.rulebookOf(ctx, ev)
	if err != nil {
		s.Problem = jixiao.ErrorMessage(err)
	} else {
		sc, err := scoring.Score(ev, rb)
		ps, isProblems := err.(jixiao.Problems)
		switch {
		case err == nil:
			s.Scored, s.Total, s.Grade = true, sc.Displayed, sc.Grade
		case isProblems:
			s.Problem = ps.Error()
		default:
			return nil, err
		}
		for _, f := range check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc, ScoreProblems: ps}) {
			s.Codes[f.Code]++
			switch f.Severity {
			case jixiao.SeverityError:
				s.Errors++
			case jixiao.SeverityWarning:
				s.Warnings++
			default:
				s.Infos++
			}
		}
	}
	a.keep(info.ID, info.Revision, s)
	return &s, nil
}
