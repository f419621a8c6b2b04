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
)

// summaryCache keeps computed summaries by evaluation and revision: a
// bureau's dashboard scores and checks every department once, and again
// only for the cases that changed. It is each server's own: a summary is
// a deterministic function of the stored revision, so several servers on
// one database hold the same summary for a revision, and a change (a new
// revision) is never answered from an older one.
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
// a list the user was allowed to see.
func (a *App) summarize(ctx context.Context, infos []*jixiao.EvaluationInfo) ([]*jixiao.Summary, error) {
	// Scoring and checking are CPU work: uncached summaries are computed on
	// every core.
	out := make([]*jixiao.Summary, len(infos))
	errs := make([]error, len(infos))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(infos), 1)) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = a.summary(ctx, infos[i])
			}
		})
	}
	for i := range infos {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// summary computes (or recalls) one evaluation's summary; info comes from
// a list the user was allowed to see.
func (a *App) summary(ctx context.Context, info *jixiao.EvaluationInfo) (*jixiao.Summary, error) {
	a.summaries.mu.Lock()
	c, ok := a.summaries.m[info.ID]
	a.summaries.mu.Unlock()
	if ok && c.revision == info.Revision {
		s := c.s
		s.EvaluationInfo = info
		return &s, nil
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
	ev, _, err := a.db.LoadEvaluation(ctx, info.ID)
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
	a.summaries.mu.Lock()
	if a.summaries.m == nil {
		a.summaries.m = map[int64]cachedSummary{}
	}
	a.summaries.m[info.ID] = cachedSummary{revision: info.Revision, s: s}
	a.summaries.mu.Unlock()
	return &s, nil
}
