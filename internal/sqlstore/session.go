package sqlstore

import (
	"crypto/sha256"
	"sync"
	"time"
)

// SessionSlack is how far a session's stored expiry may fall behind the
// one the session manager asks for before an unchanged session is written
// again: a session idle for 2 hours may end up to a minute early, and a
// browser's requests write its session at most once a minute instead of
// every time.
const SessionSlack = time.Minute

// maxMemo bounds the sessions remembered; past it the memo starts again
// (an unchanged session is then written once more, no harm done).
const maxMemo = 100_000

// sessionMemo remembers, per session key, a digest of the data last read
// or written and the expiry stored with it. It only saves writes: every
// request still reads its session (Find), which refreshes the memo, so a
// change made by another server is seen before this one compares.
type sessionMemo struct {
	mu sync.Mutex
	m  map[string]memoEntry
}

type memoEntry struct {
	sum    [sha256.Size]byte
	expiry int64 // Unix milliseconds
}

func (m *sessionMemo) remember(key string, data []byte, expiry int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil || len(m.m) >= maxMemo {
		m.m = make(map[string]memoEntry)
	}
	m.m[key] = memoEntry{sum: sha256.Sum256(data), expiry: expiry}
}

func (m *sessionMemo) forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
}

// unchanged reports whether data is what the database holds for key and
// its stored expiry is within SessionSlack of expiry.
func (m *sessionMemo) unchanged(key string, data []byte, expiry int64) bool {
	m.mu.Lock()
	e, ok := m.m[key]
	m.mu.Unlock()
	return ok && e.sum == sha256.Sum256(data) && expiry-e.expiry < SessionSlack.Milliseconds()
}
