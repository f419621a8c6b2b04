package app

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"

	"jixiao"
	"jixiao/internal/scoring"
)

// maxScorecards bounds the scorecards a server keeps: a department's of
// 12 projects × 16 indicators takes about 0.14 MB of heap (measured on
// generated cases), so at most about 35 MB.
const maxScorecards = 256

// scorecardCache keeps scorecards by evaluation and revision, so that
// reading an unchanged evaluation's scorecard again neither loads the case
// nor scores it. A scorecard is a deterministic function of the stored
// revision (and the program), so a server answers a read at a revision
// from what it scored at that revision, whichever server changed the
// evaluation; a change is a new revision, never answered from an older
// one. Requests for the same revision at once share one computation. When
// full, an entry chosen at random makes room. A case whose rulebook is a
// stored one named without its version is scored every time.
type scorecardCache struct {
	mu       sync.Mutex
	m        map[int64]*cachedScorecard
	inFlight singleflight.Group
	computed int64 // scorecards computed since the process started, under mu
}

// cachedScorecard is a scorecard, or the problems that keep the case from
// being scored, at a revision. Neither is changed once kept: callers only
// read them.
type cachedScorecard struct {
	revision int64
	sc       *jixiao.Scorecard
	problems jixiao.Problems
}

// cachedScore returns the scorecard of evaluation info (authorised by the
// caller) at its revision, scoring it unless kept.
func (a *App) cachedScore(ctx context.Context, info *jixiao.EvaluationInfo) (*cachedScorecard, error) {
	c := &a.scorecards
	c.mu.Lock()
	k, ok := c.m[info.ID]
	c.mu.Unlock()
	if ok && k.revision == info.Revision {
		return k, nil
	}
	v, err, _ := c.inFlight.Do(fmt.Sprintf("%d@%d", info.ID, info.Revision), func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		ev, revision, err := a.db.LoadCase(ctx, info.ID)
		if err != nil {
			return nil, err
		}
		rb, err := a.rulebookOf(ctx, ev)
		if err != nil {
			return nil, err
		}
		k := &cachedScorecard{revision: revision}
		k.sc, err = scoring.Score(ev, rb)
		if ps, isProblems := err.(jixiao.Problems); isProblems {
			k.sc, k.problems = nil, ps
		} else if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.computed++
		if !fixedRulebook(info.Rulebook) {
			return k, nil
		}
		if c.m == nil {
			c.m = map[int64]*cachedScorecard{}
		}
		if old, ok := c.m[info.ID]; !ok || old.revision <= k.revision {
			if !ok && len(c.m) >= maxScorecards {
				for id := range c.m { // a random entry
					delete(c.m, id)
					break
				}
			}
			c.m[info.ID] = k
		}
		return k, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*cachedScorecard), nil
}

// ScorecardsComputed is how many scorecards were computed (not recalled
// or shared) since the process started.
func (a *App) ScorecardsComputed() int64 {
	a.scorecards.mu.Lock()
	defer a.scorecards.mu.Unlock()
	return a.scorecards.computed
}
