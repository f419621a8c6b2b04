package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	"jixiao"
	"jixiao/internal/scoring"
)

// maxEncodedScorecards bounds the encoded scorecards kept (one of 12
// projects × 16 indicators is about 0.1 MB: at most about 13 MB).
const maxEncodedScorecards = 128

// encodedScorecards keeps the JSON of scorecards by the scorecard itself:
// the application returns the same scorecard, never changed, while an
// evaluation is unchanged (jixiao.EvaluationService.Scorecard), so its
// encoding is made once; a changed evaluation's is a new scorecard. When
// full, an entry chosen at random makes room.
type encodedScorecards struct {
	mu sync.Mutex
	m  map[*jixiao.Scorecard][]byte
}

// encode returns sc's JSON, as writeJSON writes it.
func (e *encodedScorecards) encode(sc *jixiao.Scorecard) []byte {
	e.mu.Lock()
	data, ok := e.m[sc]
	e.mu.Unlock()
	if ok {
		return data
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(scoring.ToJSON(sc))
	data = b.Bytes()
	e.mu.Lock()
	if e.m == nil {
		e.m = map[*jixiao.Scorecard][]byte{}
	}
	if len(e.m) >= maxEncodedScorecards {
		for k := range e.m { // a random entry
			delete(e.m, k)
			break
		}
	}
	e.m[sc] = data
	e.mu.Unlock()
	return data
}

func (a *API) scorecard(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	sc, err := a.Evaluations.Scorecard(r.Context(), eid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.scorecards.encode(sc))
	return nil
}
